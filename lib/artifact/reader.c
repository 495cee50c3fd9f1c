/*
 * reader.c - vg_artifact_read(): one pass over the outer tar, verifying as it
 * goes (the order of checks is documented in vigil/artifact.h).
 *
 * libarchive parses both tar levels.  The outer archive is fed from the
 * caller's source; the data member is parsed by a second libarchive reader
 * whose input callback hands on the outer reader's blocks as they are (no
 * copy).  Payload bytes are copied once, into the ring of a vg_hasher
 * (hasher.c), which hashes them on a second thread while this one reads and
 * inflates the next ones; the sink gets them from the same buffer.  Memory is
 * fixed whatever the payload size.  The header is small (bounded by
 * policy->max_header) and is read into memory, hashed, and then parsed by a
 * third reader from memory.
 */
#include "artifact_internal.h"
#include "archive/archive_load.h"
#include "vigil/buf.h"
#include "vigil/error.h"
#include "vigil/json.h"
#include "vigil/str.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BUF_SIZE (1024 * 1024)
#define DRAIN_SIZE (64 * 1024)

typedef struct reader {
	const vg_artifact_source *src;
	const vg_artifact_policy *pol;
	const vg_artifact_sink *sink;
	const vg_libarchive *ar;
	struct archive *outer;
	int src_status;      /* the source's own failure, which wins over libarchive's */
	uint64_t consumed;   /* bytes taken from the source */
	int64_t offset;      /* where the current member's tar header starts */
	const char *member;  /* the current member's name, for messages */
	vg_manifest *mf;
	char *manifest;
	size_t manifest_len;
	uint64_t payload_total;
	vg_artifact_info *info;
	vg_hasher *hasher;   /* payload SHA-256, started with the data member */
	unsigned char inbuf[BUF_SIZE];
	unsigned char databuf[DRAIN_SIZE];
} reader;

static const char *const suffixes[] = { "", ".gz", ".xz", ".zst" };
static const char *const names[] = { "none", "gzip", "xz", "zstd" };
static const int filter_codes[] = { ARCHIVE_FILTER_NONE, ARCHIVE_FILTER_GZIP, ARCHIVE_FILTER_XZ,
				    ARCHIVE_FILTER_ZSTD };

const char *vg_compression_name(vg_compression c)
{
	return (unsigned)c < 4 ? names[c] : "?";
}

const char *vg_compression_suffix(vg_compression c)
{
	return (unsigned)c < 4 ? suffixes[c] : "?";
}

int vg_compression_parse(const char *name, vg_compression *out)
{
	for (unsigned i = 0; i < 4; i++)
		if (!strcmp(name, names[i])) {
			*out = (vg_compression)i;
			return VG_OK;
		}
	return vg_error_set(VG_EINVAL, "unknown compression '%s' (none, gzip, xz or zstd)", name);
}

/* "header.tar.gz" with prefix "header.tar" -> gzip; false when not one of ours. */
static bool tar_suffix(const char *name, const char *prefix, vg_compression *c)
{
	size_t n = strlen(prefix);

	if (strncmp(name, prefix, n))
		return false;
	for (unsigned i = 0; i < 4; i++)
		if (!strcmp(name + n, suffixes[i])) {
			*c = (vg_compression)i;
			return true;
		}
	return false;
}

static int add_filter(const vg_libarchive *ar, struct archive *a, vg_compression c)
{
	switch (c) {
	case VG_COMPRESSION_GZIP: return ar->read_support_filter_gzip(a);
	case VG_COMPRESSION_XZ: return ar->read_support_filter_xz(a);
	case VG_COMPRESSION_ZSTD: return ar->read_support_filter_zstd(a);
	default: return ARCHIVE_OK;
	}
}

/* A new tar reader that accepts only compression c (and, for none, no filter). */
static struct archive *tar_reader(const vg_libarchive *ar, vg_compression c)
{
	struct archive *a = ar->read_new();

	if (a && (ar->read_support_format_tar(a) != ARCHIVE_OK ||
		  add_filter(ar, a, c) < ARCHIVE_WARN)) {
		ar->read_free(a);
		a = NULL;
	}
	return a;
}

/* Record a failure at the current member. */
static int fail_at(reader *r, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail_at(reader *r, int code, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	vg_error_set(code, "%s", msg);
	if (r->member)
		return vg_error_prefix("offset %lld: %s: ", (long long)r->offset, r->member);
	return vg_error_prefix("offset %lld: ", (long long)r->offset);
}

/* libarchive said no: report the source's error if it caused it. */
static int archive_fail(reader *r, struct archive *a)
{
	const char *msg = r->ar->error_string(a);

	if (r->src_status)
		return vg_error_prefix("offset %llu: ", (unsigned long long)r->consumed);
	return fail_at(r, VG_EPARSE, "%s", msg ? msg : "malformed tar");
}

static la_ssize_t outer_read(struct archive *a, void *ctx, const void **buf)
{
	reader *r = ctx;
	size_t got = 0;
	int rc = r->src->read(r->src->ctx, r->inbuf, sizeof(r->inbuf), &got);

	if (rc) {
		r->src_status = rc;
		r->ar->set_error(a, EIO, "read failed");
		return -1;
	}
	r->consumed += got;
	if (r->pol->progress.fn)
		r->pol->progress.fn(r->pol->progress.ctx, r->consumed, r->src->size, "verifying");
	*buf = r->inbuf;
	return (la_ssize_t)got;
}

/* A member must be a plain regular file (no links, devices, sparse maps). */
static int check_entry(const vg_libarchive *ar, struct archive_entry *e, const char **why)
{
	*why = NULL;
	if (ar->entry_hardlink(e))
		*why = "hard link";
	else if (ar->entry_symlink(e) || ar->entry_filetype(e) == AE_IFLNK)
		*why = "symbolic link";
	else if (ar->entry_filetype(e) != AE_IFREG)
		*why = "not a regular file";
	else if (ar->entry_sparse_count(e) > 0)
		*why = "sparse file";
	else if (!ar->entry_size_is_set(e) || ar->entry_size(e) < 0)
		*why = "no size";
	return *why ? VG_EPARSE : VG_OK;
}

/* Advance to the next outer member; *eof at the end of the archive. */
static int next_member(reader *r, struct archive_entry **e, bool *eof)
{
	const char *why;
	int rc;

	r->member = NULL;
	r->offset = r->ar->read_header_position(r->outer);
	rc = r->ar->read_next_header(r->outer, e);
	*eof = rc == ARCHIVE_EOF;
	if (*eof)
		return VG_OK;
	if (rc != ARCHIVE_OK)
		return archive_fail(r, r->outer);
	r->offset = r->ar->read_header_position(r->outer);
	r->member = r->ar->entry_pathname(*e);
	if (!r->member)
		return fail_at(r, VG_EPARSE, "%s", "member without a name");
	if (check_entry(r->ar, *e, &why))
		return fail_at(r, VG_EPARSE, "%s", why);
	return VG_OK;
}

static int expect_member(reader *r, struct archive_entry **e, const char *what)
{
	bool eof;
	int rc = next_member(r, e, &eof);

	if (!rc && eof)
		rc = fail_at(r, VG_EPARSE, "truncated artifact: %s is missing", what);
	return rc;
}

/* Read a whole member of at most `max` bytes from archive a into a NUL-terminated buffer. */
static int read_all(reader *r, struct archive *a, struct archive_entry *e, size_t max,
		    vg_buf *out)
{
	la_int64_t size = r->ar->entry_size(e);
	la_ssize_t n;

	if ((uint64_t)size > max)
		return fail_at(r, VG_ELIMIT, "%s", "member is larger than the limit");
	if (vg_buf_grow(out, (size_t)size))
		return VG_ENOMEM;
	while ((n = r->ar->read_data(a, out->ptr + out->len, (size_t)size - out->len + 1)) > 0) {
		out->len += (size_t)n;
		if (out->len > (size_t)size)
			return fail_at(r, VG_EPARSE, "%s", "member longer than its tar header says");
	}
	if (n < 0)
		return archive_fail(r, a);
	out->ptr[out->len] = '\0';
	if (out->len != (size_t)size)
		return fail_at(r, VG_EPARSE, "%s", "truncated member");
	return VG_OK;
}

static void sha256(const void *data, size_t len, char hex[65])
{
	unsigned char md[32];
	unsigned int n = 0;

	EVP_Digest(data, len, md, &n, EVP_sha256(), NULL);
	vg_hex32(md, hex);
}

/* The hash of a member must be the manifest's. */
static int check_hash(reader *r, const char *path, const char *hex)
{
	vg_manifest_entry *m = vg_manifest_find(r->mf, path);

	if (!m)
		return fail_at(r, VG_EVERIFY, "not listed in the manifest (%s)", path);
	if (strcmp(m->sha256, hex))
		return fail_at(r, VG_EVERIFY, "SHA-256 does not match the manifest (%s)", path);
	m->seen = true;
	return VG_OK;
}

static int read_version(reader *r, char hex[65])
{
	struct archive_entry *e;
	vg_buf b = VG_BUF_INIT;
	json_t *v = NULL;
	const char *fmt = NULL;
	long long num = 0;
	int rc = expect_member(r, &e, "version");

	if (!rc && strcmp(r->member, "version"))
		rc = fail_at(r, VG_EPARSE, "%s", "expected 'version' as the first member");
	if (!rc)
		rc = read_all(r, r->outer, e, VG_ARTIFACT_SMALL_MAX, &b);
	if (!rc && vg_json_parse(b.ptr, b.len, "version", &v))
		rc = vg_error_prefix("offset %lld: ", (long long)r->offset);
	if (!rc && (vg_json_expect_object(v, "$") ||
		    vg_json_get_string(v, "format", "$", true, &fmt) ||
		    vg_json_get_integer(v, "version", "$", true, &num)))
		rc = fail_at(r, VG_EPARSE, "%s", vg_error_message());
	if (!rc && (strcmp(fmt, "mender") || num != 3))
		rc = fail_at(r, VG_EUNSUPPORTED, "%s", "not a Mender artifact version 3");
	if (!rc)
		sha256(b.ptr, b.len, hex);
	json_decref(v);
	vg_buf_free(&b);
	return rc;
}

static int read_manifest(reader *r)
{
	struct archive_entry *e;
	vg_buf b = VG_BUF_INIT;
	int rc = expect_member(r, &e, "manifest");

	if (!rc && strcmp(r->member, "manifest"))
		rc = fail_at(r, VG_EPARSE, "%s", "expected 'manifest' after 'version'");
	if (!rc)
		rc = read_all(r, r->outer, e, VG_ARTIFACT_SMALL_MAX, &b);
	if (!rc && vg_manifest_parse(b.ptr ? b.ptr : "", b.len, &r->mf))
		rc = vg_error_prefix("offset %lld: ", (long long)r->offset);
	r->manifest_len = b.len;
	r->manifest = vg_buf_detach(&b);
	return rc;
}

/* manifest.sig, when present; leaves the next member in *e. */
static int read_signature(reader *r, struct archive_entry **e)
{
	const vg_keyring *keys = r->pol->keys;
	bool want = keys && keys->count;
	vg_buf b = VG_BUF_INIT;
	int rc = expect_member(r, e, "header");

	if (rc)
		return rc;
	if (!strcmp(r->member, "manifest-augment"))
		return fail_at(r, VG_EUNSUPPORTED, "%s", "augmented artifacts are not supported");
	if (strcmp(r->member, "manifest.sig")) {
		if (want)
			return fail_at(r, VG_EVERIFY, "%s",
				       "artifact is not signed but trusted keys are configured");
		return VG_OK;
	}
	r->info->is_signed = true;
	rc = read_all(r, r->outer, *e, VG_ARTIFACT_SMALL_MAX, &b);
	if (!rc && want) {
		rc = vg_manifest_verify(keys, r->manifest, r->manifest_len, b.ptr, b.len,
					&r->info->key_index);
		if (rc)
			rc = vg_error_prefix("offset %lld: ", (long long)r->offset);
		r->info->verified = !rc;
	}
	vg_buf_free(&b);
	return rc ? rc : expect_member(r, e, "header");
}

/* Every manifest entry must be version, the header, or data/0000/<file>. */
static int check_manifest_paths(reader *r, const char *header_name)
{
	size_t files = 0;

	for (size_t i = 0; i < r->mf->count; i++) {
		const char *p = r->mf->entries[i].path;

		if (!strcmp(p, "version") || !strcmp(p, header_name))
			continue;
		if (!vg_str_starts_with(p, "data/0000/") || strchr(p + 10, '/'))
			return vg_error_set(VG_EPARSE, "manifest: unexpected entry '%s'", p);
		files++;
	}
	if (!files)
		return vg_error_set(VG_EPARSE, "manifest: no payload file (data/0000/...)");
	if (!vg_manifest_find(r->mf, "version"))
		return vg_error_set(VG_EPARSE, "manifest: no entry for 'version'");
	return VG_OK;
}

static const char *const header_members[] = { "header-info", "headers/0000/type-info",
					      "headers/0000/meta-data" };

/* Parse one header member's JSON into info; an empty meta-data is {}. */
static int header_json(reader *r, unsigned idx, vg_buf *b)
{
	json_t *j = NULL;
	int rc;

	if (idx == 2 && !b->len)
		j = json_object();
	else if (vg_json_parse(b->ptr, b->len, header_members[idx], &j))
		return VG_EPARSE;
	if (!j)
		return VG_ENOMEM;
	rc = idx == 0 ? vg_header_parse_info(r->info, j)
		   : idx == 1 ? vg_header_parse_type(r->info, j) : vg_header_parse_meta(r->info, j);
	return rc ? vg_error_prefix("%s: ", header_members[idx]) : VG_OK;
}

static int parse_header_tar(reader *r, const vg_buf *tar, vg_compression c, size_t max)
{
	struct archive *a = tar_reader(r->ar, c);
	struct archive_entry *e;
	vg_buf b = VG_BUF_INIT;
	size_t total = 0;
	unsigned idx = 0;
	int rc = VG_OK, lr;
	const char *name, *why;

	if (!a || r->ar->read_open_memory(a, tar->ptr, tar->len) != ARCHIVE_OK) {
		rc = a ? archive_fail(r, a) : vg_error_set(VG_ENOMEM, "out of memory");
		goto done;
	}
	while (!rc && (lr = r->ar->read_next_header(a, &e)) == ARCHIVE_OK) {
		name = r->ar->entry_pathname(e);
		if (!idx && r->ar->filter_code(a, 0) != filter_codes[c])
			rc = fail_at(r, VG_EPARSE, "content is not %s-compressed", names[c]);
		else if (!name)
			rc = fail_at(r, VG_EPARSE, "%s", "member without a name");
		else if (vg_str_starts_with(name, "scripts/"))
			rc = fail_at(r, VG_EUNSUPPORTED, "state scripts are not supported (%s)", name);
		else if (idx == 3 || strcmp(name, header_members[idx]))
			rc = fail_at(r, VG_EPARSE, "unexpected member '%s'", name);
		else if (check_entry(r->ar, e, &why))
			rc = fail_at(r, VG_EPARSE, "%s", why);
		else if ((total += (size_t)r->ar->entry_size(e)) > max)
			rc = fail_at(r, VG_ELIMIT, "%s", "header content is larger than the limit");
		else if (!(rc = read_all(r, a, e, max, &b)) && header_json(r, idx, &b))
			rc = vg_error_prefix("offset %lld: %s: ", (long long)r->offset, r->member);
		vg_buf_clear(&b);
		idx++;
	}
	if (!rc && lr != ARCHIVE_EOF)
		rc = archive_fail(r, a);
	if (!rc && idx < 2)
		rc = fail_at(r, VG_EPARSE, "missing %s", header_members[idx]);
	if (!rc && idx == 2 && !(r->info->meta_data = json_object()))
		rc = VG_ENOMEM;
done:
	vg_buf_free(&b);
	r->ar->read_free(a);
	return rc;
}

static int check_policy(reader *r)
{
	const vg_artifact_policy *p = r->pol;
	const vg_artifact_info *i = r->info;
	uint64_t sv = i->has_security_version ? i->security_version : 0;

	if (p->device_type && !vg_strlist_contains(&i->device_types, p->device_type))
		return vg_error_set(VG_EVERIFY, "artifact is not for device type '%s'",
				    p->device_type);
	if (sv < p->min_security_version)
		return vg_error_set(VG_EVERIFY,
				    "security version %llu is lower than the device's %llu (rollback)",
				    (unsigned long long)sv,
				    (unsigned long long)p->min_security_version);
	return VG_OK;
}

static int read_header(reader *r, struct archive_entry *e, char version_hex[65])
{
	size_t max = r->pol->max_header ? r->pol->max_header : VG_ARTIFACT_HEADER_MAX;
	vg_buf tar = VG_BUF_INIT;
	char hex[65];
	int rc;

	if (!strcmp(r->member, "header-augment.tar") || vg_str_starts_with(r->member, "header-augment"))
		return fail_at(r, VG_EUNSUPPORTED, "%s", "augmented artifacts are not supported");
	if (!tar_suffix(r->member, "header.tar", &r->info->compression))
		return fail_at(r, VG_EPARSE, "%s", "expected header.tar[.gz|.xz|.zst]");
	if ((rc = check_manifest_paths(r, r->member)))
		return vg_error_prefix("offset %lld: ", (long long)r->offset);
	if (!(rc = check_hash(r, "version", version_hex)) &&
	    !(rc = read_all(r, r->outer, e, max, &tar))) {
		sha256(tar.ptr, tar.len, hex);
		rc = check_hash(r, r->member, hex);
	}
	if (!rc)
		rc = parse_header_tar(r, &tar, r->info->compression, max);
	vg_buf_free(&tar);
	return rc ? rc : check_policy(r);
}

/*
 * The data tar's input: the outer member's blocks, not copied.  libarchive
 * keeps a block valid until the next read on the outer archive, which happens
 * only when the inner reader calls back for more, i.e. is done with it.
 */
static la_ssize_t inner_read(struct archive *a, void *ctx, const void **buf)
{
	reader *r = ctx;
	const void *blk;
	size_t len;
	la_int64_t off;
	int rc = r->ar->read_data_block(r->outer, &blk, &len, &off);

	if (rc == ARCHIVE_EOF)
		return 0;
	if (rc != ARCHIVE_OK) {
		r->ar->set_error(a, EIO, "%s", r->ar->error_string(r->outer));
		return -1;
	}
	*buf = blk;
	return (la_ssize_t)len;
}

static int add_file(reader *r, const char *name, uint64_t size, const char *hex)
{
	vg_artifact_info *i = r->info;
	vg_artifact_file *f;

	if (!i->files && !(i->files = calloc(VG_ARTIFACT_FILES_MAX, sizeof(*i->files))))
		return vg_error_set(VG_ENOMEM, "out of memory");
	if (i->file_count == VG_ARTIFACT_FILES_MAX)
		return vg_error_set(VG_ELIMIT, "more than %d payload files", VG_ARTIFACT_FILES_MAX);
	f = &i->files[i->file_count];
	if (!(f->name = vg_strdup(name)))
		return VG_ENOMEM;
	f->size = size;
	memcpy(f->sha256, hex, 65);
	i->file_count++;
	return VG_OK;
}

/* Hand a filled ring buffer to the hashing thread and to the sink. */
static int flush(reader *r, unsigned char *buf, size_t len)
{
	const vg_artifact_sink *s = r->sink;

	if (!len)
		return VG_OK;
	vg_hasher_push(r->hasher, len);
	return s && s->write ? s->write(s->ctx, buf, len) : VG_OK;
}

/* Stream one payload file to the sink, hashing it (on the hasher's thread). */
static int stream_file(reader *r, struct archive *in, struct archive_entry *e, const char *name)
{
	const vg_artifact_sink *s = r->sink;
	uint64_t size = (uint64_t)r->ar->entry_size(e), done = 0;
	unsigned char md[32], *buf = NULL;
	char path[300], hex[65];
	const void *blk;
	size_t len, fill = 0, n;
	la_int64_t off;
	int rc, lr;

	snprintf(path, sizeof(path), "data/0000/%s", name);
	if (!vg_manifest_find(r->mf, path))
		return fail_at(r, VG_EVERIFY, "payload file not listed in the manifest (%s)", path);
	if (vg_manifest_find(r->mf, path)->seen)
		return fail_at(r, VG_EPARSE, "payload file appears twice (%s)", path);
	r->payload_total += size;
	if (r->pol->max_payload && r->payload_total > r->pol->max_payload)
		return fail_at(r, VG_EVERIFY, "payload exceeds the allowed %s", "size");
	if ((rc = vg_hasher_init(r->hasher)))
		return rc;
	if (s && s->begin && (rc = s->begin(s->ctx, r->info, name, size)))
		return rc;
	while ((lr = r->ar->read_data_block(in, &blk, &len, &off)) == ARCHIVE_OK) {
		if ((uint64_t)off != done || len > size - done)
			return fail_at(r, VG_EVERIFY, "payload longer than declared or with holes (%s)",
				       path);
		done += len;
		for (; len; len -= n, blk = (const unsigned char *)blk + n) {
			if (!buf)
				buf = vg_hasher_buffer(r->hasher);
			n = len < VG_HASHER_SLOT_SIZE - fill ? len : VG_HASHER_SLOT_SIZE - fill;
			memcpy(buf + fill, blk, n);
			fill += n;
			if (fill == VG_HASHER_SLOT_SIZE) {
				if ((rc = flush(r, buf, fill)))
					return rc;
				buf = NULL;
				fill = 0;
			}
		}
	}
	if (lr != ARCHIVE_EOF)
		return archive_fail(r, in);
	if (done != size)
		return fail_at(r, VG_EPARSE, "truncated payload file (%s)", path);
	if ((rc = flush(r, buf, fill)) || (rc = vg_hasher_final(r->hasher, md)))
		return rc;
	vg_hex32(md, hex);
	if ((rc = check_hash(r, path, hex)) || (rc = add_file(r, name, size, hex)))
		return rc;
	return s && s->end ? s->end(s->ctx, name) : VG_OK;
}

/* After the payload tar: only zero padding may remain in the member. */
static int drain_member(reader *r)
{
	la_ssize_t n;

	while ((n = r->ar->read_data(r->outer, r->databuf, sizeof(r->databuf))) > 0)
		for (la_ssize_t i = 0; i < n; i++)
			if (r->databuf[i])
				return fail_at(r, VG_EVERIFY, "%s", "data after the end of the payload tar");
	return n < 0 ? archive_fail(r, r->outer) : VG_OK;
}

static int read_data(reader *r)
{
	struct archive_entry *e;
	struct archive *in = NULL;
	vg_compression c;
	const char *name, *why;
	char member[64];
	bool first = true;
	int rc = expect_member(r, &e, "data/0000.tar"), lr;

	if (rc)
		return rc;
	if (!tar_suffix(r->member, "data/0000.tar", &c))
		return fail_at(r, VG_EPARSE, "%s", "expected data/0000.tar[.gz|.xz|.zst]");
	snprintf(member, sizeof(member), "%s", r->member);
	r->member = member;
	in = tar_reader(r->ar, c);
	if (!in)
		return vg_error_set(VG_ENOMEM, "out of memory");
	if ((rc = vg_hasher_new(&r->hasher)))
		goto done;
	if (r->ar->read_open(in, r, NULL, inner_read, NULL) != ARCHIVE_OK) {
		rc = archive_fail(r, in);
		goto done;
	}
	while (!rc && (lr = r->ar->read_next_header(in, &e)) == ARCHIVE_OK) {
		name = r->ar->entry_pathname(e);
		if (first && r->ar->filter_code(in, 0) != filter_codes[c])
			rc = fail_at(r, VG_EPARSE, "content is not %s-compressed", names[c]);
		else if (!name || !vg_artifact_plain_name(name))
			rc = fail_at(r, VG_EPARSE, "invalid payload file name '%s'", name ? name : "");
		else if (check_entry(r->ar, e, &why))
			rc = fail_at(r, VG_EPARSE, "%s", why);
		else
			rc = stream_file(r, in, e, name);
		first = false;
	}
	if (!rc && lr != ARCHIVE_EOF)
		rc = archive_fail(r, in);
	if (!rc)
		rc = drain_member(r);
done:
	r->ar->read_free(in);
	return rc;
}

static int read_end(reader *r)
{
	struct archive_entry *e;
	bool eof;
	int rc = next_member(r, &e, &eof);

	if (!rc && !eof)
		rc = fail_at(r, VG_EPARSE, "%s", "unexpected member after the payload");
	for (size_t i = 0; !rc && i < r->mf->count; i++)
		if (!r->mf->entries[i].seen)
			rc = vg_error_set(VG_EVERIFY, "manifest lists '%s', which is not in the artifact",
					  r->mf->entries[i].path);
	return rc;
}

static int run(reader *r)
{
	struct archive_entry *e;
	char version_hex[65];
	int rc;

	if (r->ar->read_support_format_tar(r->outer) != ARCHIVE_OK ||
	    r->ar->read_open(r->outer, r, NULL, outer_read, NULL) != ARCHIVE_OK)
		return archive_fail(r, r->outer);
	if ((rc = read_version(r, version_hex)) || (rc = read_manifest(r)) ||
	    (rc = read_signature(r, &e)) || (rc = read_header(r, e, version_hex)) ||
	    (rc = read_data(r)))
		return rc;
	return read_end(r);
}

int vg_artifact_read(const vg_artifact_source *src, const vg_artifact_policy *policy,
		     const vg_artifact_sink *sink, vg_artifact_info **info)
{
	static const vg_artifact_policy no_policy;
	const vg_libarchive *ar;
	reader *r;
	int rc;

	if (info)
		*info = NULL;
	if ((rc = vg_libarchive_load(&ar)))
		return rc;
	if (!(r = calloc(1, sizeof(*r))))
		return vg_error_set(VG_ENOMEM, "out of memory");
	r->src = src;
	r->pol = policy ? policy : &no_policy;
	r->sink = sink;
	r->ar = ar;
	r->outer = ar->read_new();
	r->info = calloc(1, sizeof(*r->info));
	if (!r->outer || !r->info)
		rc = vg_error_set(VG_ENOMEM, "out of memory");
	else
		rc = run(r);
	if (!rc && info) {
		*info = r->info;
		r->info = NULL;
	}
	vg_artifact_info_free(r->info);
	ar->read_free(r->outer);
	vg_hasher_free(r->hasher);
	vg_manifest_free(r->mf);
	free(r->manifest);
	free(r);
	return rc;
}

static int fd_read(void *ctx, void *buf, size_t cap, size_t *got)
{
	ssize_t n;

	do
		n = read(*(int *)ctx, buf, cap);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return vg_error_set(VG_EIO, "read failed: %s", strerror(errno));
	*got = (size_t)n;
	return VG_OK;
}

int vg_artifact_read_file(const char *path, const vg_artifact_policy *policy,
			  const vg_artifact_sink *sink, vg_artifact_info **info)
{
	int fd = strcmp(path, "-") ? open(path, O_RDONLY | O_CLOEXEC) : STDIN_FILENO;
	vg_artifact_source src = { fd_read, &fd, 0 };
	off_t end;
	int rc;

	if (info)
		*info = NULL;
	if (fd < 0)
		return vg_error_set(errno == ENOENT ? VG_ENOTFOUND : VG_EIO, "%s: cannot open: %s",
				    path, strerror(errno));
	end = lseek(fd, 0, SEEK_END);
	if (end > 0 && lseek(fd, 0, SEEK_SET) == 0)
		src.size = (uint64_t)end;
	rc = vg_artifact_read(&src, policy, sink, info);
	if (fd != STDIN_FILENO)
		close(fd);
	return rc ? vg_error_prefix("%s: ", path) : VG_OK;
}

void vg_artifact_info_free(vg_artifact_info *info)
{
	if (!info)
		return;
	free(info->name);
	free(info->group);
	vg_strlist_free(&info->device_types);
	free(info->payload_type);
	json_decref(info->header_info);
	json_decref(info->type_info);
	json_decref(info->meta_data);
	for (size_t i = 0; i < info->file_count; i++)
		free(info->files[i].name);
	free(info->files);
	free(info);
}
