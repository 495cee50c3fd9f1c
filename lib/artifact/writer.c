/*
 * writer.c - vg_artifact_write() and vg_artifact_sign().
 *
 * Constant memory, one read of the image: the image is hashed while it is
 * streamed into the compressed data tar, which goes to an unlinked temporary
 * file beside the output.  Then the header, manifest and signature are built
 * (they need the image hash) and the outer tar is written through vg_afile:
 * version, manifest, manifest.sig, header.tar.*, and the data tar copied from
 * the temporary file.  Tars are pax-restricted (plain ustar unless a name or
 * size needs more), without padding to a 10 KiB record, as mender-artifact
 * writes them.
 */
#include "artifact_internal.h"
#include "archive/archive_load.h"
#include "vigil/buf.h"
#include "vigil/error.h"
#include "vigil/file.h"
#include "vigil/str.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define CHUNK (1024 * 1024)
#define SBOM_MAX (16u * 1024 * 1024)

/* A tar being written: libarchive's functions, the archive, and where its
 * write callback puts the bytes (an int fd, a vg_buf or a vg_afile). */
typedef struct tar_out {
	const vg_libarchive *ar;
	struct archive *a;
	void *to;
} tar_out;

static int add_write_filter(const tar_out *t, vg_compression c)
{
	switch (c) {
	case VG_COMPRESSION_GZIP: return t->ar->write_add_filter_gzip(t->a);
	case VG_COMPRESSION_XZ: return t->ar->write_add_filter_xz(t->a);
	case VG_COMPRESSION_ZSTD: return t->ar->write_add_filter_zstd(t->a);
	default: return t->ar->write_add_filter_none(t->a);
	}
}

int vg_compression_level_check(vg_compression c, int level)
{
	int max = c == VG_COMPRESSION_ZSTD ? 19 : c == VG_COMPRESSION_NONE ? 0 : 9;

	if (level < 0 || level > max)
		return max ? vg_error_set(VG_EINVAL, "compression level %d: %s takes 1 to %d", level,
					  vg_compression_name(c), max)
			   : vg_error_set(VG_EINVAL, "compression level %d: none takes no level",
					  level);
	return VG_OK;
}

/* The level to give libarchive's filter, 0 for its own default. */
static int effective_level(vg_compression c, int level)
{
	return !level && c == VG_COMPRESSION_GZIP ? VG_ARTIFACT_GZIP_LEVEL : level;
}

static int set_level(const tar_out *t, vg_compression c, int level)
{
	char s[16];

	if (!(level = effective_level(c, level)))
		return ARCHIVE_OK;
	snprintf(s, sizeof(s), "%d", level);
	return t->ar->write_set_filter_option(t->a, NULL, "compression-level", s);
}

/* A new tar writer in t->a (NULL when libarchive refuses or memory is short). */
static struct archive *tar_writer(tar_out *t, vg_compression c, int level)
{
	t->a = t->ar->write_new();
	if (t->a && (t->ar->write_set_format_pax_restricted(t->a) != ARCHIVE_OK ||
		     add_write_filter(t, c) != ARCHIVE_OK || set_level(t, c, level) != ARCHIVE_OK ||
		     t->ar->write_set_bytes_in_last_block(t->a, 1) != ARCHIVE_OK)) {
		t->ar->write_free(t->a);
		t->a = NULL;
	}
	return t->a;
}

static int ar_fail(const tar_out *t, const char *what)
{
	const char *msg = t->a ? t->ar->error_string(t->a) : NULL;

	return vg_error_set(VG_EIO, "%s: %s", what, msg ? msg : "out of memory");
}

static la_ssize_t fd_write_cb(struct archive *a, void *ctx, const void *buf, size_t len)
{
	const tar_out *t = ctx;
	int fd = *(int *)t->to;
	size_t done = 0;

	while (done < len) {
		ssize_t n = write(fd, (const char *)buf + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			t->ar->set_error(a, errno, "write failed: %s", strerror(errno));
			return -1;
		}
		done += (size_t)n;
	}
	return (la_ssize_t)len;
}

static la_ssize_t buf_write_cb(struct archive *a, void *ctx, const void *buf, size_t len)
{
	const tar_out *t = ctx;

	if (vg_buf_put(t->to, buf, len)) {
		t->ar->set_error(a, ENOMEM, "out of memory");
		return -1;
	}
	return (la_ssize_t)len;
}

static la_ssize_t afile_write_cb(struct archive *a, void *ctx, const void *buf, size_t len)
{
	const tar_out *t = ctx;

	if (vg_afile_write(t->to, buf, len)) {
		t->ar->set_error(a, EIO, "%s", vg_error_message());
		return -1;
	}
	return (la_ssize_t)len;
}

/* Start a regular-file member (mode 0644, owner 0:0). */
static int put_header(const tar_out *t, const char *name, uint64_t size, time_t mtime)
{
	struct archive_entry *e = t->ar->entry_new();
	int rc;

	if (!e)
		return vg_error_set(VG_ENOMEM, "out of memory");
	t->ar->entry_set_pathname(e, name);
	t->ar->entry_set_filetype(e, AE_IFREG);
	t->ar->entry_set_perm(e, 0644);
	t->ar->entry_set_size(e, (la_int64_t)size);
	t->ar->entry_set_mtime(e, mtime, 0);
	rc = t->ar->write_header(t->a, e);
	t->ar->entry_free(e);
	return rc == ARCHIVE_OK ? VG_OK : ar_fail(t, name);
}

static int put_data(const tar_out *t, const char *name, const void *data, size_t len)
{
	return t->ar->write_data(t->a, data, len) == (la_ssize_t)len ? VG_OK : ar_fail(t, name);
}

static int put_member(const tar_out *t, const char *name, const void *data, size_t len,
		      time_t mtime)
{
	int rc = put_header(t, name, len, mtime);

	return rc ? rc : put_data(t, name, data, len);
}

/* An unlinked temporary file in the directory of `beside`. */
static int temp_fd(const char *beside)
{
	const char *slash = strrchr(beside, '/');
	char path[4096];
	int fd;

	snprintf(path, sizeof(path), "%.*s.vigil-data-XXXXXX",
		 slash ? (int)(slash - beside + 1) : 0, beside);
	fd = mkostemp(path, O_CLOEXEC);
	if (fd < 0)
		return vg_error_set(VG_EIO, "%s: cannot create a temporary file: %s", path,
				    strerror(errno));
	unlink(path);
	return fd;
}

/* Pass 1 (and only read of the image): hash it into hex while compressing it into fd. */
static int stream_image(const vg_libarchive *ar, const vg_artifact_write_opts *o, int in,
			uint64_t size, time_t mtime, int fd, char hex[65])
{
	tar_out t = { ar, NULL, &fd };
	struct archive *a = tar_writer(&t, o->compression, o->compression_level);
	const char *base = strrchr(o->image, '/') ? strrchr(o->image, '/') + 1 : o->image;
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	unsigned char *buf = malloc(CHUNK), digest[32];
	uint64_t done = 0;
	int rc = (!a || !md || !buf) ? vg_error_set(VG_ENOMEM, "out of memory") : VG_OK;

	if (!rc && (ar->write_open(a, &t, NULL, fd_write_cb, NULL) != ARCHIVE_OK))
		rc = ar_fail(&t, "data tar");
	if (!rc && !(rc = put_header(&t, base, size, mtime)))
		EVP_DigestInit_ex(md, EVP_sha256(), NULL);
	while (!rc && done < size) {
		ssize_t n = read(in, buf, CHUNK);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			rc = vg_error_set(VG_EIO, "%s: %s", o->image,
					  n ? strerror(errno) : "file shrank while reading");
			break;
		}
		if ((uint64_t)n > size - done)
			n = (ssize_t)(size - done); /* grew while reading: take what stat said */
		EVP_DigestUpdate(md, buf, (size_t)n);
		rc = put_data(&t, "data tar", buf, (size_t)n);
		done += (uint64_t)n;
		if (o->progress.fn)
			o->progress.fn(o->progress.ctx, done, size, "writing payload");
	}
	if (!rc && ar->write_close(a) != ARCHIVE_OK)
		rc = ar_fail(&t, "data tar");
	if (!rc) {
		EVP_DigestFinal_ex(md, digest, NULL);
		vg_hex32(digest, hex);
	}
	ar->write_free(a);
	EVP_MD_CTX_free(md);
	free(buf);
	return rc;
}

/* Serialise a header member: compact JSON; an empty object becomes an empty file. */
static int put_json(const tar_out *t, const char *name, json_t *j, time_t mtime)
{
	char *s = json_object_size(j) || !json_is_object(j) ? json_dumps(j, JSON_COMPACT) : NULL;
	int rc;

	if (!s && (json_object_size(j) || !json_is_object(j)))
		return vg_error_set(VG_ENOMEM, "out of memory");
	rc = put_member(t, name, s ? s : "", s ? strlen(s) : 0, mtime);
	free(s);
	return rc;
}

static int build_header_tar(const vg_libarchive *ar, const vg_artifact_write_opts *o,
			    const char *image_hex, time_t mtime, vg_buf *out)
{
	tar_out t = { ar, NULL, out };
	json_t *hinfo, *tinfo, *meta;
	struct archive *a;
	int rc = vg_header_build(o, image_hex, &hinfo, &tinfo, &meta);

	if (rc)
		return rc;
	a = tar_writer(&t, o->compression, o->compression_level);
	if (!a || ar->write_open(a, &t, NULL, buf_write_cb, NULL) != ARCHIVE_OK)
		rc = ar_fail(&t, "header tar");
	if (!rc && !(rc = put_json(&t, "header-info", hinfo, mtime)) &&
	    !(rc = put_json(&t, "headers/0000/type-info", tinfo, mtime)) &&
	    !(rc = put_json(&t, "headers/0000/meta-data", meta, mtime)) &&
	    ar->write_close(a) != ARCHIVE_OK)
		rc = ar_fail(&t, "header tar");
	ar->write_free(a);
	json_decref(hinfo);
	json_decref(tinfo);
	json_decref(meta);
	return rc;
}

static void sha256_hex(const void *data, size_t len, char hex[65])
{
	unsigned char md[32];
	unsigned int n = 0;

	EVP_Digest(data, len, md, &n, EVP_sha256(), NULL);
	vg_hex32(md, hex);
}

/* The manifest, lines sorted by path (as mender-artifact orders them). */
static int build_manifest(const char *image_base, const char *image_hex, const char *header_name,
			  const vg_buf *header, const char *version, vg_buf *out)
{
	char hex[65];
	int rc;

	rc = vg_buf_printf(out, "%s  data/0000/%s\n", image_hex, image_base);
	sha256_hex(header->ptr, header->len, hex);
	rc = rc ? rc : vg_buf_printf(out, "%s  %s\n", hex, header_name);
	sha256_hex(version, strlen(version), hex);
	return rc ? rc : vg_buf_printf(out, "%s  version\n", hex);
}

static const char VERSION_JSON[] = "{\"format\":\"mender\",\"version\":3}";

/* Copy n bytes from fd (at its start) into the current member. */
static int copy_fd(const tar_out *t, int fd, uint64_t n, const vg_progress *p)
{
	unsigned char *buf = malloc(CHUNK);
	uint64_t done = 0;
	int rc = buf ? VG_OK : vg_error_set(VG_ENOMEM, "out of memory");

	if (!rc && lseek(fd, 0, SEEK_SET) != 0)
		rc = vg_error_set(VG_EIO, "temporary file: cannot seek: %s", strerror(errno));
	while (!rc && done < n) {
		ssize_t got = read(fd, buf, CHUNK);

		if (got <= 0 && !(got < 0 && errno == EINTR))
			rc = vg_error_set(VG_EIO, "temporary file: read failed");
		else if (got > 0 && !(rc = put_data(t, "data tar", buf, (size_t)got)))
			done += (uint64_t)got;
		if (p->fn)
			p->fn(p->ctx, done, n, "writing artifact");
	}
	free(buf);
	return rc;
}

static int write_outer(const vg_libarchive *ar, const vg_artifact_write_opts *o, const char *out,
		       const vg_buf *manifest, const char *sig, size_t sig_len,
		       const vg_buf *header, int data_fd, time_t mtime)
{
	char hname[32], dname[32];
	tar_out t = { ar, NULL, NULL };
	struct archive *a = tar_writer(&t, VG_COMPRESSION_NONE, 0);
	struct stat st;
	vg_afile *f = NULL;
	int rc = a ? vg_afile_open(&f, out, 0644) : vg_error_set(VG_ENOMEM, "out of memory");

	snprintf(hname, sizeof(hname), "header.tar%s", vg_compression_suffix(o->compression));
	snprintf(dname, sizeof(dname), "data/0000.tar%s", vg_compression_suffix(o->compression));
	t.to = f;
	if (!rc && ar->write_open(a, &t, NULL, afile_write_cb, NULL) != ARCHIVE_OK)
		rc = ar_fail(&t, out);
	if (!rc && fstat(data_fd, &st))
		rc = vg_error_set(VG_EIO, "temporary file: %s", strerror(errno));
	if (!rc && !(rc = put_member(&t, "version", VERSION_JSON, strlen(VERSION_JSON), 0)) &&
	    !(rc = put_member(&t, "manifest", manifest->ptr, manifest->len, 0)) &&
	    !(rc = sig ? put_member(&t, "manifest.sig", sig, sig_len, 0) : VG_OK) &&
	    !(rc = put_member(&t, hname, header->ptr, header->len, mtime)) &&
	    !(rc = put_header(&t, dname, (uint64_t)st.st_size, mtime)) &&
	    !(rc = copy_fd(&t, data_fd, (uint64_t)st.st_size, &o->progress)) &&
	    ar->write_close(a) != ARCHIVE_OK)
		rc = ar_fail(&t, out);
	ar->write_free(a);
	if (f && rc)
		vg_afile_abort(f);
	else if (f)
		rc = vg_afile_commit(f);
	return rc;
}

static int check_opts(const vg_artifact_write_opts *o)
{
	if (!o->image || !o->name || !*o->name || !o->device_type_count)
		return vg_error_set(VG_EINVAL, "an image, a name and a device type are required");
	if (o->sbom && (o->sbom_len > SBOM_MAX || !vg_utf8_valid(o->sbom, o->sbom_len)))
		return vg_error_set(VG_EINVAL, "SBOM must be UTF-8 text of at most %u bytes",
				    SBOM_MAX);
	if (vg_compression_level_check(o->compression, o->compression_level))
		return VG_EINVAL;
	if (o->key && !vg_key_is_private(o->key))
		return vg_error_set(VG_EINVAL, "signing needs a private key");
	return VG_OK;
}

int vg_artifact_write(const vg_artifact_write_opts *o, const char *out)
{
	const char *base = strrchr(o->image, '/') ? strrchr(o->image, '/') + 1 : o->image;
	const vg_libarchive *ar = NULL;
	char hex[65], hname[32], *sig = NULL;
	vg_buf header = VG_BUF_INIT, manifest = VG_BUF_INIT;
	size_t sig_len = 0;
	struct stat st;
	time_t now = time(NULL);
	int in = -1, tmp = -1, rc = check_opts(o);

	if (!rc && vg_libarchive_load(&ar))
		rc = vg_error_prefix("%s: ", out);
	if (!rc && ((in = open(o->image, O_RDONLY | O_CLOEXEC)) < 0 || fstat(in, &st)))
		rc = vg_error_set(errno == ENOENT ? VG_ENOTFOUND : VG_EIO, "%s: %s", o->image,
				  strerror(errno));
	if (!rc && !S_ISREG(st.st_mode))
		rc = vg_error_set(VG_EINVAL, "%s: not a regular file", o->image);
	if (!rc && !vg_artifact_plain_name(base))
		rc = vg_error_set(VG_EINVAL, "%s: unusable file name", o->image);
	if (!rc && (tmp = temp_fd(out)) < 0)
		rc = tmp;
	if (!rc)
		rc = stream_image(ar, o, in, (uint64_t)st.st_size, st.st_mtime, tmp, hex);
	snprintf(hname, sizeof(hname), "header.tar%s", vg_compression_suffix(o->compression));
	if (!rc)
		rc = build_header_tar(ar, o, hex, now, &header);
	if (!rc)
		rc = build_manifest(base, hex, hname, &header, VERSION_JSON, &manifest);
	if (!rc && o->key)
		rc = vg_manifest_sign(o->key, manifest.ptr, manifest.len, &sig, &sig_len);
	if (!rc)
		rc = write_outer(ar, o, out, &manifest, sig, sig_len, &header, tmp, now);
	if (in >= 0)
		close(in);
	if (tmp >= 0)
		close(tmp);
	free(sig);
	vg_buf_free(&header);
	vg_buf_free(&manifest);
	return rc;
}
