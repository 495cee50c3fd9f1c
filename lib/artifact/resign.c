/*
 * resign.c - vg_artifact_sign(): add (or replace) manifest.sig.
 *
 * The input is first read in full by vg_artifact_read() (structure and every
 * hash checked, signature ignored), so only a consistent artifact is signed.
 * It is then copied member by member, streaming, into the atomically written
 * output, with the new manifest.sig right after the manifest.
 */
#include "artifact_internal.h"
#include "archive/archive_load.h"
#include "vigil/buf.h"
#include "vigil/error.h"
#include "vigil/file.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK (256 * 1024)

/* The output's write callback context: libarchive's functions and the file. */
typedef struct afile_out {
	const vg_libarchive *ar;
	vg_afile *f;
} afile_out;

static la_ssize_t afile_cb(struct archive *a, void *ctx, const void *buf, size_t len)
{
	const afile_out *o = ctx;

	if (vg_afile_write(o->f, buf, len)) {
		o->ar->set_error(a, EIO, "%s", vg_error_message());
		return -1;
	}
	return (la_ssize_t)len;
}

static int la_fail(const vg_libarchive *ar, struct archive *a, const char *path)
{
	const char *m = ar->error_string(a);

	return vg_error_set(VG_EIO, "%s: %s", path, m ? m : "archive error");
}

/* Copy the current member of in to out; keep its bytes in keep when asked. */
static int copy_member(const vg_libarchive *ar, struct archive *in, struct archive *out,
		       struct archive_entry *e, unsigned char *buf, vg_buf *keep, const char *path)
{
	la_ssize_t n;

	if (ar->write_header(out, e) != ARCHIVE_OK)
		return la_fail(ar, out, path);
	while ((n = ar->read_data(in, buf, CHUNK)) > 0) {
		if (ar->write_data(out, buf, (size_t)n) != n)
			return la_fail(ar, out, path);
		if (keep && vg_buf_put(keep, buf, (size_t)n))
			return VG_ENOMEM;
	}
	return n < 0 ? la_fail(ar, in, path) : VG_OK;
}

static int add_sig(const vg_libarchive *ar, struct archive *out, const vg_key *key,
		   const vg_buf *manifest, const char *path)
{
	struct archive_entry *e = ar->entry_new();
	char *sig = NULL;
	size_t len = 0;
	int rc = e ? vg_manifest_sign(key, manifest->ptr, manifest->len, &sig, &len)
		   : vg_error_set(VG_ENOMEM, "out of memory");

	if (!rc) {
		ar->entry_set_pathname(e, "manifest.sig");
		ar->entry_set_filetype(e, AE_IFREG);
		ar->entry_set_perm(e, 0644);
		ar->entry_set_size(e, (la_int64_t)len);
		if (ar->write_header(out, e) != ARCHIVE_OK ||
		    ar->write_data(out, sig, len) != (la_ssize_t)len)
			rc = la_fail(ar, out, path);
	}
	ar->entry_free(e);
	free(sig);
	return rc;
}

static int copy_signed(const vg_libarchive *ar, struct archive *in, struct archive *out,
		       const vg_key *key, const char *path)
{
	struct archive_entry *e;
	vg_buf manifest = VG_BUF_INIT;
	unsigned char *buf = malloc(CHUNK);
	int rc = buf ? VG_OK : vg_error_set(VG_ENOMEM, "out of memory"), lr;

	while (!rc && (lr = ar->read_next_header(in, &e)) == ARCHIVE_OK) {
		const char *name = ar->entry_pathname(e);
		bool is_manifest = name && !strcmp(name, "manifest");

		if (name && !strcmp(name, "manifest.sig"))
			continue; /* replaced */
		rc = copy_member(ar, in, out, e, buf, is_manifest ? &manifest : NULL, path);
		if (!rc && is_manifest)
			rc = add_sig(ar, out, key, &manifest, path);
	}
	if (!rc && lr != ARCHIVE_EOF)
		rc = la_fail(ar, in, path);
	vg_buf_free(&manifest);
	free(buf);
	return rc;
}

int vg_artifact_sign(const char *in_path, const vg_key *key, const char *out_path)
{
	const vg_libarchive *ar;
	struct archive *in = NULL, *out = NULL;
	afile_out dest = { NULL, NULL };
	int rc;

	if (!vg_key_is_private(key))
		return vg_error_set(VG_EINVAL, "signing needs a private key");
	if ((rc = vg_artifact_read_file(in_path, NULL, NULL, NULL)))
		return rc;
	if (vg_libarchive_load(&ar))
		return vg_error_prefix("%s: ", in_path);
	dest.ar = ar;
	in = ar->read_new();
	out = ar->write_new();
	if (!in || !out || ar->read_support_format_tar(in) != ARCHIVE_OK ||
	    ar->write_set_format_pax_restricted(out) != ARCHIVE_OK ||
	    ar->write_set_bytes_in_last_block(out, 1) != ARCHIVE_OK)
		rc = vg_error_set(VG_ENOMEM, "out of memory");
	if (!rc && ar->read_open_filename(in, in_path, CHUNK) != ARCHIVE_OK)
		rc = la_fail(ar, in, in_path);
	if (!rc && !(rc = vg_afile_open(&dest.f, out_path, 0644)) &&
	    ar->write_open(out, &dest, NULL, afile_cb, NULL) != ARCHIVE_OK)
		rc = la_fail(ar, out, out_path);
	if (!rc)
		rc = copy_signed(ar, in, out, key, in_path);
	if (!rc && ar->write_close(out) != ARCHIVE_OK)
		rc = la_fail(ar, out, out_path);
	ar->read_free(in);
	ar->write_free(out);
	if (dest.f && rc)
		vg_afile_abort(dest.f);
	else if (dest.f)
		rc = vg_afile_commit(dest.f);
	return rc;
}
