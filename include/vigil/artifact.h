/*
 * vigil/artifact.h - signed update artifacts in the Mender artifact v3 format.
 *
 * An artifact is an uncompressed tar whose members come in a fixed order
 * (docs/artifact.md has the full layout):
 *
 *   version             {"format":"mender","version":3}
 *   manifest            "<sha256 hex>  <path>\n" for version, header and each payload file
 *   manifest.sig        base64 signature of the manifest bytes (when signed)
 *   header.tar[.gz|.xz|.zst]   header-info, headers/0000/type-info, headers/0000/meta-data
 *   data/0000.tar[.gz|.xz|.zst] the payload files (last)
 *
 * Vigil additions, both inside the signed header so the signature covers them:
 * the security version (anti-rollback counter) is the type-info provide
 * "vigil.security_version" (a decimal string), and the release SBOM is the
 * meta-data member "vigil.sbom" (the SBOM text, byte for byte, as a JSON string).
 *
 * WRITING.  vg_artifact_write() reads the image once: while it hashes the
 * image it streams it into the compressed data tar, kept in an unlinked
 * temporary file beside the output (the manifest, which precedes the data in
 * the outer tar, needs the image's hash).  Memory use does not depend on the
 * image size; disk use is about twice the compressed payload during the write.
 *
 * READING.  vg_artifact_read() walks the artifact in one pass, in constant
 * memory (the header is held in memory, bounded by a limit), and is what the
 * device agent calls while downloading:
 *
 *   1. `version`, `manifest` and the member order and names are checked
 *      strictly: missing, extra or reordered members, paths with "..", absolute
 *      paths, links and device files are refused.
 *   2. When the policy names trusted keys, `manifest.sig` must be present and
 *      verify with one of them: before any header is parsed and before any
 *      payload byte reaches the sink.
 *   3. The header's hash must match the manifest; header-info, type-info and
 *      meta-data are parsed (errors carry a JSON path); the device type and
 *      the security version are checked against the policy.
 *   4. Each payload file is passed to the sink as it arrives and hashed on the
 *      way.  Its hash is compared with the manifest when the file ends; only
 *      then is sink->end() called.  A mismatch returns VG_EVERIFY: the sink
 *      may already hold bytes of that file, which the caller must discard (the
 *      agent marks the slot bad).  Nothing may follow data/0000.tar.*.
 *
 * Errors name the place: "offset 10240: header.tar.gz: headers/0000/type-info:
 * $.artifact_provides.vigil.security_version: not a decimal number".
 */
#ifndef VIGIL_ARTIFACT_H
#define VIGIL_ARTIFACT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vigil/progress.h"
#include "vigil/sign.h"
#include "vigil/str.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Limits (docs/artifact.md).  A gigantic header is refused with VG_ELIMIT. */
#define VG_ARTIFACT_HEADER_MAX (32u * 1024 * 1024) /* header.tar.*, compressed or not */
#define VG_ARTIFACT_SMALL_MAX (1024u * 1024)       /* version, manifest, manifest.sig */
#define VG_ARTIFACT_FILES_MAX 256                  /* payload files */

/* The provide and meta-data keys Vigil adds. */
#define VG_ARTIFACT_SECURITY_VERSION_KEY "vigil.security_version"
#define VG_ARTIFACT_SBOM_KEY "vigil.sbom"

typedef enum vg_compression {
	VG_COMPRESSION_NONE = 0,
	VG_COMPRESSION_GZIP = 1, /* the default, as mender-artifact's */
	VG_COMPRESSION_XZ = 2,
	VG_COMPRESSION_ZSTD = 3  /* mender-artifact 3.9 cannot read it */
} vg_compression;

/*
 * The gzip level used when none is given: 1, the fastest.  On file-system
 * data it writes about 1.5x faster than zlib's usual 6 for 5% more bytes
 * (docs/artifact.md has the figures).
 */
#define VG_ARTIFACT_GZIP_LEVEL 1

/* "none", "gzip", "xz", "zstd"; and the tar suffix "", ".gz", ".xz", ".zst". */
const char *vg_compression_name(vg_compression c);
const char *vg_compression_suffix(vg_compression c);
int vg_compression_parse(const char *name, vg_compression *out);
/* VG_OK when `level` is valid for c (see vg_artifact_write_opts), else VG_EINVAL. */
int vg_compression_level_check(vg_compression c, int level);

/* ---- writing ---- */

typedef struct vg_artifact_write_opts {
	const char *image;          /* payload file (a regular file) */
	const char *name;           /* artifact_name */
	const char *const *device_types; /* compatible device types (at least one) */
	size_t device_type_count;
	const char *payload_type;   /* NULL: "rootfs-image" */
	const vg_key *key;          /* private key; NULL: unsigned */
	const char *sbom;           /* release SBOM text (UTF-8), or NULL */
	size_t sbom_len;
	bool has_security_version;
	uint64_t security_version;
	vg_compression compression;
	/*
	 * 0: the compression's default (gzip: VG_ARTIFACT_GZIP_LEVEL, xz: 6,
	 * zstd: 3); else gzip and xz 1 (fastest) to 9 (smallest), zstd 1 to 19.
	 * Must be 0 with VG_COMPRESSION_NONE.
	 */
	int compression_level;
	vg_progress progress;
} vg_artifact_write_opts;

/* Write an artifact to `out` atomically (never half-written). */
int vg_artifact_write(const vg_artifact_write_opts *opts, const char *out);

/*
 * Sign the artifact at `in` with `key` and write the result to `out` (may be
 * the same path: rewritten atomically).  The input is validated first
 * (hashes and structure; an existing signature is replaced, not checked).
 */
int vg_artifact_sign(const char *in, const vg_key *key, const char *out);

/* ---- reading ---- */

/* Where the artifact's bytes come from (a file, an HTTP download ...). */
typedef struct vg_artifact_source {
	/*
	 * Fill up to `cap` bytes of `buf`; set *got (0 at the end of the
	 * artifact).  Return VG_OK or a vg_status (recorded with vg_error_set):
	 * the read is aborted with that status.
	 */
	int (*read)(void *ctx, void *buf, size_t cap, size_t *got);
	void *ctx;
	uint64_t size; /* total bytes if known (progress), else 0 */
} vg_artifact_source;

typedef struct vg_artifact_info vg_artifact_info;

/* Where payload bytes go.  Any callback may be NULL.  A non-zero return aborts the read with it. */
typedef struct vg_artifact_sink {
	/* A payload file starts; the header is complete and verified in `info`. */
	int (*begin)(void *ctx, const vg_artifact_info *info, const char *name, uint64_t size);
	/* The next bytes of that file (not yet verified: see step 4 above). */
	int (*write)(void *ctx, const void *data, size_t len);
	/* The file ended and its hash matched the signed manifest. */
	int (*end)(void *ctx, const char *name);
	void *ctx;
} vg_artifact_sink;

typedef struct vg_artifact_policy {
	/*
	 * Trusted public keys.  Non-empty: the artifact must be signed by one of
	 * them (an unsigned artifact is refused).  NULL or empty: the signature,
	 * if any, is not checked (info->verified stays false).
	 */
	const vg_keyring *keys;
	const char *device_type;       /* must be among the artifact's; NULL: not checked */
	uint64_t min_security_version; /* the artifact's must be >= (absent counts as 0) */
	size_t max_header;             /* 0: VG_ARTIFACT_HEADER_MAX */
	uint64_t max_payload;          /* total payload bytes (e.g. the slot size); 0: no limit */
	vg_progress progress;
} vg_artifact_policy;

typedef struct vg_artifact_file {
	char *name;       /* basename inside data/0000.tar.* */
	uint64_t size;
	char sha256[65];  /* from the manifest, verified against the bytes */
} vg_artifact_file;

struct vg_artifact_info {
	char *name;                 /* artifact_provides.artifact_name */
	char *group;                /* artifact_provides.artifact_group, or NULL */
	vg_strlist device_types;    /* artifact_depends.device_type */
	char *payload_type;         /* header-info payloads[0].type */
	bool has_security_version;
	uint64_t security_version;
	bool is_signed;             /* manifest.sig is present */
	bool verified;              /* ... and verified with policy key number key_index */
	size_t key_index;
	vg_compression compression; /* of header.tar.* */
	json_t *header_info;        /* the parsed header members (owned) */
	json_t *type_info;
	json_t *meta_data;          /* an object, empty when the member was empty */
	const char *sbom;           /* points into meta_data, or NULL */
	size_t sbom_len;
	vg_artifact_file *files;    /* payload files in artifact order */
	size_t file_count;
};

/*
 * Read and verify an artifact (see the top of this file).  On success *info
 * (if info is not NULL) receives what was read; free it with
 * vg_artifact_info_free().  On failure nothing is returned and the error
 * names the place.  VG_EVERIFY: signature, hash or policy failure;
 * VG_EPARSE: malformed; VG_ELIMIT: over a limit; VG_EUNSUPPORTED: valid but
 * not handled (state scripts, augmented artifacts, several payloads).
 */
int vg_artifact_read(const vg_artifact_source *src, const vg_artifact_policy *policy,
		     const vg_artifact_sink *sink, vg_artifact_info **info);

/* vg_artifact_read() on a file ("-": standard input); errors are prefixed with the path. */
int vg_artifact_read_file(const char *path, const vg_artifact_policy *policy,
			  const vg_artifact_sink *sink, vg_artifact_info **info);

void vg_artifact_info_free(vg_artifact_info *info);

#ifdef __cplusplus
}
#endif
#endif
