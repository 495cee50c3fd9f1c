/*
 * vigil/ecosystem.h - how the vulnerability feeds name what a purl names.
 *
 * OSV keys affected packages on (ecosystem, name): a purl's type maps to an
 * ecosystem ("pypi" -> "PyPI", "golang" -> "Go"), its namespace is part of
 * the name for some types (Maven "group:artifact", npm "@scope/name", Go,
 * Packagist, Swift, GitHub Actions "namespace/name"), and an RPM purl's
 * `epoch` qualifier belongs to the version ("1:2.4.10-18.el10").  Debian's
 * data is per release, which a `distro` qualifier may give as a codename.
 * The importers (CSAF) and the scanner both use these, so both spell the
 * keys the same way.
 */
#ifndef VIGIL_ECOSYSTEM_H
#define VIGIL_ECOSYSTEM_H

#include "vigil/purl.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The OSV ecosystem of a language package's purl type, or NULL when OSV
 * has no ecosystem for it (distro types are per release: see below). */
const char *vg_purl_osv_ecosystem(const char *type);

/* The package name as OSV writes it (malloc'd; NULL when out of memory). */
char *vg_purl_osv_name(const vg_purl *purl);

/* The version with a non-zero epoch qualifier in front ("1:2.4-3"); NULL
 * when the purl has no version or memory runs out (malloc'd). */
char *vg_purl_epoch_version(const vg_purl *purl);

/* The Debian release of a codename: "12" for "bookworm", "unstable" for
 * "sid"; NULL when unknown or older than woody (3.0), where the security
 * tracker's data begins. */
const char *vg_debian_release(const char *codename);

#ifdef __cplusplus
}
#endif
#endif
