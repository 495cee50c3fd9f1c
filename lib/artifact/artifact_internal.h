/*
 * artifact_internal.h - what the files of lib/artifact share: the manifest,
 * manifest.sig encoding, the header JSON and the compression table.
 */
#ifndef VG_ARTIFACT_INTERNAL_H
#define VG_ARTIFACT_INTERNAL_H

#include "vigil/artifact.h"

#include <stddef.h>

/* ---- manifest (manifest.c) ---- */

typedef struct vg_manifest_entry {
	char *path;
	char sha256[65]; /* lower-case hex */
	bool seen;       /* the reader found and checked this member/file */
} vg_manifest_entry;

typedef struct vg_manifest {
	vg_manifest_entry *entries;
	size_t count;
} vg_manifest;

#define VG_MANIFEST_ENTRIES_MAX (VG_ARTIFACT_FILES_MAX + 8)

/*
 * Parse manifest text strictly: each line is 64 lower-case hex digits, two
 * spaces, a relative path without "." or ".." components, and "\n".  No empty
 * lines, no duplicate paths.  Errors name the line.
 */
int vg_manifest_parse(const char *text, size_t len, vg_manifest **out);
/* The entry for `path`, or NULL. */
vg_manifest_entry *vg_manifest_find(const vg_manifest *m, const char *path);
void vg_manifest_free(vg_manifest *m);

/* Lower-case hex of a SHA-256 digest. */
void vg_hex32(const unsigned char md[32], char out[65]);

/* True when `name` is a plain file name (no '/', not "." or "..", printable). */
bool vg_artifact_plain_name(const char *name);

/* ---- manifest.sig (sig.c) ---- */

/* Sign the manifest: base64 text (no newline) in *b64 (free()). */
int vg_manifest_sign(const vg_key *key, const char *manifest, size_t len, char **b64,
		     size_t *b64_len);
/* Verify base64 `sig` (trailing newline tolerated) with any key of `ring`. */
int vg_manifest_verify(const vg_keyring *ring, const char *manifest, size_t len,
		       const char *sig, size_t sig_len, size_t *which);

/* ---- SHA-256 on a helper thread (hasher.c) ---- */

#define VG_HASHER_SLOTS 4
#define VG_HASHER_SLOT_SIZE (256u * 1024)

typedef struct vg_hasher vg_hasher;

/* Start the helper thread and its VG_HASHER_SLOTS buffers. */
int vg_hasher_new(vg_hasher **out);
/* Start a new digest (waits for the previous one's bytes). */
int vg_hasher_init(vg_hasher *h);
/*
 * A free buffer of VG_HASHER_SLOT_SIZE bytes (waits while all are queued).
 * Fill it and pass it on with vg_hasher_push(); it stays readable by the
 * caller until its next vg_hasher_buffer() call.
 */
unsigned char *vg_hasher_buffer(vg_hasher *h);
/* Queue the first `len` bytes of the buffer last returned for hashing. */
void vg_hasher_push(vg_hasher *h, size_t len);
/* Wait for every queued byte and write the digest. */
int vg_hasher_final(vg_hasher *h, unsigned char md[32]);
/* Stop the thread (queued bytes are dropped) and free everything. */
void vg_hasher_free(vg_hasher *h);

/* ---- header JSON (header.c) ---- */

/* Build header-info, type-info and meta-data for a write. */
int vg_header_build(const vg_artifact_write_opts *o, const char *image_sha256, json_t **hinfo,
		    json_t **tinfo, json_t **meta);
/* Check and copy the parsed members into info (which owns them from then on). */
int vg_header_parse_info(vg_artifact_info *info, json_t *hinfo);
int vg_header_parse_type(vg_artifact_info *info, json_t *tinfo);
int vg_header_parse_meta(vg_artifact_info *info, json_t *meta);

#endif
