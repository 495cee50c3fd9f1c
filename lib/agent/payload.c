/*
 * payload.c - the sink install() hands to the fetch callback (agent_impl.h).
 *
 * At the first file the payload type decides where the bytes go: a
 * rootfs-image (or a raw image, info NULL) into the inactive slot, exactly
 * one file; any other type to its update module: the File API tree is made,
 * the module asked SupportsRollback and called for Download, and each file
 * is stored in <tree>/files/<name>.  The reader calls begin() only after the
 * signature and header were verified, so a refused artifact writes nothing
 * and calls no module; end() comes only after a file's hash matched.
 */
#include "agent_impl.h"
#include "vigil/buf.h"
#include "vigil/error.h"
#include "vigil/slot.h"
#include "vigil/str.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct vg_agent_payload {
	vg_agent *a;
	int module;          /* the payload goes to an update module */
	vg_slot_writer *w;   /* the slot, or the module file being stored */
	EVP_MD_CTX *list;    /* module: SHA-256 of the "<sha256>  <name>\n" lines */
	size_t files, ended;
	uint64_t size;
};

int vg_agent_payload_new(vg_agent_payload **out, vg_agent *a)
{
	vg_agent_payload *p = calloc(1, sizeof(*p));
	*out = NULL;
	if (!p || !(p->list = EVP_MD_CTX_new()) || EVP_DigestInit_ex(p->list, EVP_sha256(), NULL) != 1) {
		vg_agent_payload_free(p);
		return vg_error_set(VG_ENOMEM, "out of memory");
	}
	p->a = a;
	*out = p;
	return VG_OK;
}

/* Create <tree>/files/<name> (never an existing file) and open a writer on it. */
static int open_module_file(vg_agent_payload *p, const char *name)
{
	vg_buf path = VG_BUF_INIT;
	int rc = vg_module_tree_path(p->a->cfg, &path);
	if (rc == VG_OK)
		rc = vg_buf_printf(&path, "/files/%s", name);
	if (rc == VG_OK) {
		int fd = open(path.ptr, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd < 0)
			rc = vg_error_set(VG_EIO, "%s: cannot create: %s", path.ptr, strerror(errno));
		else
			close(fd);
	}
	if (rc == VG_OK)
		rc = vg_slot_writer_open(&p->w, path.ptr);
	vg_buf_free(&path);
	return rc;
}

static int sink_begin(void *ctx, const vg_artifact_info *info, const char *name, uint64_t size)
{
	vg_agent_payload *p = ctx;
	(void)size;
	if (p->files++ == 0 && info && strcmp(info->payload_type, "rootfs-image") != 0) {
		int rc = vg_module_download_begin(p->a, info);
		if (rc)
			return rc;
		p->module = 1;
	}
	if (p->module)
		return open_module_file(p, name);
	if (p->files > 1)
		return vg_error_set(VG_EUNSUPPORTED, "payload file %s: only one image per rootfs-image artifact", name);
	return vg_slot_writer_open(&p->w, p->a->cfg->slot[p->a->rec.target]);
}

static int sink_write(void *ctx, const void *data, size_t len)
{
	vg_agent_payload *p = ctx;
	p->size += len;
	return vg_slot_writer_write(p->w, data, len);
}

static int sink_end(void *ctx, const char *name)
{
	vg_agent_payload *p = ctx;
	p->ended++;
	if (!p->module)
		return VG_OK; /* the slot is finished (fsynced) once the whole artifact verified */
	char hex[65];
	int rc = vg_slot_writer_finish(p->w, hex);
	p->w = NULL;
	vg_buf line = VG_BUF_INIT;
	if (rc == VG_OK)
		rc = vg_buf_printf(&line, "%s  %s\n", hex, name);
	if (rc == VG_OK)
		EVP_DigestUpdate(p->list, line.ptr, line.len);
	vg_buf_free(&line);
	return rc;
}

vg_artifact_sink vg_agent_payload_sink(vg_agent_payload *p)
{
	vg_artifact_sink s = { sink_begin, sink_write, sink_end, p };
	return s;
}

int vg_agent_payload_finish(vg_agent_payload *p, char sha256[65], uint64_t *size)
{
	*size = p->size;
	if (!p->files || p->ended != p->files)
		return vg_error_set(VG_EPARSE, "the artifact has no complete payload file");
	if (!p->module) {
		int rc = vg_slot_writer_finish(p->w, sha256);
		p->w = NULL;
		return rc;
	}
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned n = 0;
	if (EVP_DigestFinal_ex(p->list, md, &n) != 1 || n != 32 ||
	    OPENSSL_buf2hexstr_ex(sha256, 65, NULL, md, n, '\0') != 1)
		return vg_error_set(VG_ERROR, "SHA-256 failed");
	vg_str_lower(sha256);
	return vg_module_tree_sync(p->a->cfg);
}

void vg_agent_payload_free(vg_agent_payload *p)
{
	if (!p)
		return;
	vg_slot_writer_abort(p->w); /* a partial slot image is never named in the boot env */
	EVP_MD_CTX_free(p->list);
	free(p);
}
