/*
 * vigil/range.h - version ranges: OSV affected ranges, NVD cpeMatch bounds
 * and vers: URIs, each answering "is this version inside?".
 *
 * OSV (https://ossf.github.io/osv-schema/): a vg_osv_range holds the events
 * of one affected[].ranges[] entry, sorted by version at build time, and is
 * evaluated as the schema's "Evaluation" section specifies: walking the
 * sorted events, `introduced` ("0" = before everything) turns "affected" on,
 * `fixed` (v >= fixed) and `last_affected` (v > last_affected) turn it off;
 * when `limit` events exist the version must be below one of them ("*" =
 * infinity).  SEMVER ranges order by SemVer whatever the ecosystem; ECOSYSTEM
 * ranges by the ecosystem's scheme; GIT ranges cannot be evaluated against a
 * version string (VG_EUNSUPPORTED).  vg_osv_affected_contains() adds the
 * affected[].versions list (exact string match) to the ranges.
 *
 * NVD: vg_nvd_bounds holds a cpeMatch's version (from its criteria CPE) and
 * its versionStart/End Including/Excluding bounds.
 *
 * vers (https://github.com/package-url/vers-spec): vg_vers_parse() reads
 * "vers:<scheme>/<constraint>|..." (leniently, or exactly canonical with
 * VG_VERS_CANONICAL), vg_vers_format() prints the canonical form (constraints
 * sorted by version, "=" omitted, versions percent-encoded where needed) and
 * vg_vers_contains() applies the spec's containment algorithm.
 *
 * Objects returned by *_parse/_from_json are owned by the caller and freed
 * with the matching *_free (which accepts NULL).
 */
#ifndef VIGIL_RANGE_H
#define VIGIL_RANGE_H

#include "vigil/version.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- OSV ranges ---- */

typedef enum vg_osv_range_type {
	VG_OSV_RANGE_SEMVER,
	VG_OSV_RANGE_ECOSYSTEM,
	VG_OSV_RANGE_GIT
} vg_osv_range_type;

typedef enum vg_osv_event_kind {
	VG_OSV_INTRODUCED,
	VG_OSV_FIXED,
	VG_OSV_LAST_AFFECTED,
	VG_OSV_LIMIT
} vg_osv_event_kind;

typedef struct vg_osv_event {
	vg_osv_event_kind kind;
	char *version; /* owned */
} vg_osv_event;

typedef struct vg_osv_range {
	vg_osv_range_type type;
	vg_version_scheme scheme; /* the order used: SemVer for SEMVER ranges */
	char *repo;               /* GIT ranges: the repository URL, else NULL */
	vg_osv_event *events;     /* sorted by version once built */
	size_t nevents;
} vg_osv_range;

/* A new empty range; scheme is the ecosystem's (ignored for SEMVER). */
vg_osv_range *vg_osv_range_new(vg_osv_range_type type, vg_version_scheme scheme);

/* Append an event (copies version); call vg_osv_range_sort() when done. */
int vg_osv_range_add(vg_osv_range *r, vg_osv_event_kind kind, const char *version);

/*
 * Validate and sort the events: at least one introduced; every version valid
 * in the scheme ("0" only for introduced, "*" only for limit).  Errors name
 * the event ("events[2].fixed: ...").  Not needed for GIT ranges.
 */
int vg_osv_range_sort(vg_osv_range *r);

/*
 * Build a sorted range from one OSV affected[].ranges[] JSON object; `path`
 * ("$.affected[0].ranges[1]") prefixes errors.  `ecosystem` is the
 * scheme of affected[].package.ecosystem.
 */
int vg_osv_range_from_json(const json_t *range, const char *path, vg_version_scheme ecosystem,
			   vg_osv_range **out);

/* "SEMVER", "ECOSYSTEM" or "GIT", as OSV spells the type. */
const char *vg_osv_range_type_name(vg_osv_range_type type);

/* "introduced", "fixed", "last_affected" or "limit", as OSV spells the event. */
const char *vg_osv_event_kind_name(vg_osv_event_kind kind);

/*
 * What a match on these ranges rests on, for a finding: "listed as an
 * affected version" when `listed`, then each range as "ECOSYSTEM: introduced
 * 0, fixed 1.2" (its events in sorted order; a GIT range's are commits),
 * joined by "; ".  Malloc'd; NULL when out of memory.
 */
char *vg_osv_ranges_describe(const vg_osv_range *const *ranges, size_t n, bool listed);

/* *inside = whether version is in the (sorted) range.  GIT: VG_EUNSUPPORTED. */
int vg_osv_range_contains(const vg_osv_range *r, const char *version, bool *inside);

/*
 * The OSV IsVulnerable(): version is listed in versions[] (exact match) or
 * inside one of the ranges; GIT ranges are skipped.
 */
int vg_osv_affected_contains(const char *const *versions, size_t nversions,
			     const vg_osv_range *const *ranges, size_t nranges,
			     const char *version, bool *inside);

void vg_osv_range_free(vg_osv_range *r);

/* ---- NVD cpeMatch bounds ---- */

typedef struct vg_nvd_bounds {
	const char *version;         /* criteria CPE version: "*", "-" or exact; NULL = "*" */
	const char *start_including; /* NULL when absent */
	const char *start_excluding;
	const char *end_including;
	const char *end_excluding;
} vg_nvd_bounds;

/*
 * *inside = whether version satisfies the cpeMatch: with bounds, every bound
 * present holds; without, an exact criteria version must compare equal, "*"
 * matches everything and "-" (not applicable) nothing.
 */
int vg_nvd_bounds_contains(vg_version_scheme scheme, const vg_nvd_bounds *b, const char *version,
			   bool *inside);

/* ---- vers: URIs ---- */

typedef enum vg_vers_op {
	VG_VERS_EQ, /* "=" (written without the operator) */
	VG_VERS_NE, /* "!=" */
	VG_VERS_LT,
	VG_VERS_LE,
	VG_VERS_GT,
	VG_VERS_GE,
	VG_VERS_ANY /* "*" */
} vg_vers_op;

typedef struct vg_vers_constraint {
	vg_vers_op op;
	char *version; /* decoded; NULL for VG_VERS_ANY */
} vg_vers_constraint;

typedef struct vg_vers {
	char *scheme_name;        /* as written, lower-case ("npm", "deb", ...) */
	bool known;               /* scheme_name maps to a vg_version_scheme */
	vg_version_scheme scheme; /* valid when known */
	vg_vers_constraint *constraints; /* sorted by version when known */
	size_t count;
} vg_vers;

/* Require the canonical form exactly (no spaces, sorted, canonical escapes). */
#define VG_VERS_CANONICAL 1u

/*
 * Parse a vers URI.  Leniently (flags 0) spaces are removed, "=" accepted and
 * constraints sorted.  Versions are opaque to the syntax: they are checked
 * against a known scheme when sorting compares them (several constraints)
 * and by vg_vers_contains().  Errors name the byte offset or the constraint.
 */
int vg_vers_parse(const char *s, unsigned flags, vg_vers **out);

/* The canonical text (malloc'd; NULL and VG_ENOMEM on failure). */
char *vg_vers_format(const vg_vers *v);

/* *inside = whether version satisfies the range (VG_EUNSUPPORTED for unknown schemes). */
int vg_vers_contains(const vg_vers *v, const char *version, bool *inside);

void vg_vers_free(vg_vers *v);

#ifdef __cplusplus
}
#endif
#endif
