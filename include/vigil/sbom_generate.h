/*
 * vigil/sbom_generate.h - build an SBOM from what a firmware image says it contains.
 *
 * Two entry points fill a fresh vg_sbom (vigil/sbom.h):
 *
 *   vg_sbom_generate_rootfs()  walks a root filesystem (an unpacked image, a
 *                              Yocto/Buildroot target dir, or "/") and reads every
 *                              package database it finds: dpkg, opkg, apk and a
 *                              Yocto license.manifest copied into the image.
 *   vg_sbom_generate_from()    reads one database or manifest file; the format
 *                              is detected from the content (dpkg status, opkg
 *                              status, apk installed db, Buildroot legal-info
 *                              manifest.csv, Yocto license.manifest).
 *
 * Every package becomes a component with name, version, purl, supplier,
 * creator (manufacturer), declared licence (SPDX expression), CPE for
 * well-known C projects, the dependencies the database records, and the
 * BSI TR-03183-2 fields the source can honestly give: file name of the
 * package (bsi:component:filename), executable/archive/structured
 * properties, source and deployable URIs, the SHA-512 of the package file
 * when a copy is in the rootfs' package cache.  With include_files each
 * package also contains one `file` component per file it owns, with the
 * hash the database records (dpkg md5sums: MD5; apk: SHA-1) and SHA-256 and
 * SHA-512 computed from the file in the rootfs.  sbom->primary describes
 * the image itself (operating-system, name/version from os-release unless
 * overridden).  The SBOM has an author/manufacturer only when the caller
 * names one.  docs/sbom-generate.md lists what each source provides.
 *
 * Errors: VG_EINVAL for an author or manufacturer that is not "Name",
 * "Name <email>" or "Name <URL>"; VG_ENOTFOUND when a rootfs has no package
 * database we read;
 * VG_EPARSE naming the file and line of malformed input ("status:12: line
 * without a field name"); VG_ELIMIT for a line or file over the limits below.
 * On failure *out is untouched.
 */
#ifndef VIGIL_SBOM_GENERATE_H
#define VIGIL_SBOM_GENERATE_H

#include "vigil/progress.h"
#include "vigil/sbom.h"

#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Longest line a database may have, and largest database file we read. */
#define VG_GENERATE_MAX_LINE (256u * 1024u)
#define VG_GENERATE_MAX_FILE (256u * 1024u * 1024u)

typedef struct vg_generate_options {
	/* Add each package's files as `file` components it contains.  Off by
	 * default: a Debian host has ~100 000 files, which multiplies the SBOM
	 * size by ~50 while vulnerability matching works on packages. */
	bool include_files;
	/* Only what identifies each package (name, version, purl with its
	 * distro, source package, CPEs, dependencies): no licences or copyright
	 * files, package file names, kinds or apt-list hashes.  What a
	 * vulnerability scan needs (`vigil scan --rootfs`), in about a tenth of
	 * the time on a Debian host. */
	bool identity_only;
	const char *distro_id;         /* override os-release ID ("debian") */
	const char *distro_version;    /* override os-release VERSION_ID ("12") */
	const char *name;              /* name of the primary component (the image) */
	const char *version;           /* its version */
	const char *buildroot_cpe_json; /* Buildroot `make show-info` JSON: CPEs for
	                                    manifest.csv rows (generate_from only) */
	/* Who made the SBOM (BSI TR-03183-2 5.2.1 "creator", NTIA "author"):
	 * "Name <email>" or "Name <https://...>".  Nothing is assumed when absent. */
	const char *manufacturer;          /* organisation: metadata.manufacturer */
	const char *const *authors;        /* people: metadata.authors */
	size_t author_count;
	vg_progress progress;
} vg_generate_options;

/* Options with everything off/absent. */
#define VG_GENERATE_OPTIONS_INIT \
	{ false, false, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, { NULL, NULL } }

/* Generate from every package database found under rootdir (opts may be NULL). */
int vg_sbom_generate_rootfs(const char *rootdir, const vg_generate_options *opts, vg_sbom **out);

/* Generate from one database or manifest file; the format is detected from content. */
int vg_sbom_generate_from(const char *file, const vg_generate_options *opts, vg_sbom **out);

#ifdef __cplusplus
}
#endif
#endif
