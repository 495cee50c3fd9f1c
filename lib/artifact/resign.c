/*
 * resign.c - vg_artifact_sign(): add (or replace) manifest.sig.
 *
 * The input is first read in full by vg_artifact_read() (structure and every
 * hash checked, signature ignored), so only a consistent artifact is signed.
 * It is then copied member by member, streaming, into the atomically written
 * output, with the new manifest.sig right after the manifest.
 */
#include "artifact_internal.h"
#include "vigil/buf.h"
#include "vigil/error.h"
#include "vigil/file.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK (256 * 1024)

static la_ssize_t afile_cb(struct archive *a, void *ctx, const void *buf, size_t len)
{
	if (vg_afile_write(ctx, buf, len)) {
		archive_set_error(a, EIO, "%s", vg_error_message());
		return -1;
	}
	return (la_ssize_t)len;
}

static int la_fail(struct archive *a, const char *path)
{
	const char *m = archive_error_string(a);

	return vg_error_set(VG_EIO, "%s: %s", path, m ? m : "archive error");
}

/* Copy the current member of in to out; keep its bytes in keep when asked. */
static int copy_member(struct archive *in, struct archive *out, struct archive_entry *e,
		       unsigned char *buf, vg_buf *keep, const char *path)
{
	la_ssize_t n;

	if (archive_write_header(out, e) != ARCHIVE_OK)
		return la_fail(out, path);
	while ((n = archive_read_data(in, buf, CHUNK)) > 0) {
		if (archive_write_data(out, buf, (size_t)n) != n)
			return la_fail(out, path);
		if (keep && vg_buf_put(keep, buf, (size_t)n))
			return VG_ENOMEM;
	}
	return n < 0 ? la_fail(in, path) : VG_OK;
}

static int add_sig(struct archive *out, const vg_key *key, const vg_buf *manifest,
		   const char *path)
{
	struct archive_entry *e = archive_entry_new();
	char *sig = NULL;
	size_t len = 0;
	int rc = e ? vg_manifest_sign(key, manifest->ptr, manifest->len, &sig, &len)
		   : vg_error_set(VG_ENOMEM, "out of memory");

	if (!rc) {
		archive_entry_set_pathname(e, "manifest.sig");
		archive_entry_set_filetype(e, AE_IFREG);
		archive_entry_set_perm(e, 0644);
		archive_entry_set_size(e, (la_int64_t)len);
		if (archive_write_header(out, e) != ARCHIVE_OK ||
		    archive_write_data(out, sig, len) != (la_ssize_t)len)
			rc = la_fail(out, path);
	}
	archive_entry_free(e);
	free(sig);
	return rc;
}

static int copy_signed(struct archive *in, struct archive *out, const vg_key *key,
		       const char *path)
{
	struct archive_entry *e;
	vg_buf manifest = VG_BUF_INIT;
	unsigned char *buf = malloc(CHUNK);
	int rc = buf ? VG_OK : vg_error_set(VG_ENOMEM, "out of memory"), lr;

	while (!rc && (lr = archive_read_next_header(in, &e)) == ARCHIVE_OK) {
		const char *name = archive_entry_pathname(e);
		bool is_manifest = name && !strcmp(name, "manifest");

		if (name && !strcmp(name, "manifest.sig"))
			continue; /* replaced */
		rc = copy_member(in, out, e, buf, is_manifest ? &manifest : NULL, path);
		if (!rc && is_manifest)
			rc = add_sig(out, key, &manifest, path);
	}
	if (!rc && lr != ARCHIVE_EOF)
		rc = la_fail(in, path);
	vg_buf_free(&manifest);
	free(buf);
	return rc;
}

int vg_artifact_sign(const char *in_path, const vg_key *key, const char *out_path)
{
	struct archive *in = NULL, *out = NULL;
	vg_afile *f = NULL;
	int rc;

	if (!vg_key_is_private(key))
		return vg_error_set(VG_EINVAL, "signing needs a private key");
	if ((rc = vg_artifact_read_file(in_path, NULL, NULL, NULL)))
		return rc;
	in = archive_read_new();
	out = archive_write_new();
	if (!in || !out || archive_read_support_format_tar(in) != ARCHIVE_OK ||
	    archive_write_set_format_pax_restricted(out) != ARCHIVE_OK ||
	    archive_write_set_bytes_in_last_block(out, 1) != ARCHIVE_OK)
		rc = vg_error_set(VG_ENOMEM, "out of memory");
	if (!rc && archive_read_open_filename(in, in_path, CHUNK) != ARCHIVE_OK)
		rc = la_fail(in, in_path);
	if (!rc && !(rc = vg_afile_open(&f, out_path, 0644)) &&
	    archive_write_open(out, f, NULL, afile_cb, NULL) != ARCHIVE_OK)
		rc = la_fail(out, out_path);
	if (!rc)
		rc = copy_signed(in, out, key, in_path);
	if (!rc && archive_write_close(out) != ARCHIVE_OK)
		rc = la_fail(out, out_path);
	archive_read_free(in);
	archive_write_free(out);
	if (f && rc)
		vg_afile_abort(f);
	else if (f)
		rc = vg_afile_commit(f);
	return rc;
}
