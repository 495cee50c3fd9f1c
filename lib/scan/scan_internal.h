/*
 * scan_internal.h - what the files of lib/scan/ share.  Not public.
 *
 * A scan walks the components; for each, identify.c decides how it can be
 * looked up (a package of an ecosystem, or CPEs), the matchers
 * (match_affected.c, match_cpe.c) collect *hits* (a record that says the
 * component is affected, or that it is not), and scan.c turns the hits of
 * one component into findings (one per vulnerability), then fills in what
 * the database knows of each vulnerability (facts.c).
 */
#ifndef VG_SCAN_INTERNAL_H
#define VG_SCAN_INTERNAL_H

#include "vigil/cpe.h"
#include "vigil/scan.h"
#include "vigil/version.h"

#include <stdint.h>

/* How a component is looked up in the affected table. */
typedef struct scan_package {
	vg_match_kind kind;        /* DISTRO or OSV */
	char ecosystem[64];        /* "Debian:12", "PyPI" */
	char *name;                /* as the feeds name the package (source package
				      for distros); malloc'd */
	char *alt_name;            /* a second spelling to try (PyPI's normalised
				      name), or NULL; malloc'd */
	char *version;             /* what to compare: source version for Debian,
				      epoch:version-release for RPM; malloc'd */
	vg_version_scheme scheme;
} scan_package;

/*
 * Decide how to look `c` up.  VG_OK with *found = true and pkg filled;
 * *found = false when its purl names no ecosystem the feeds cover (the
 * caller may still try its CPEs).  A distro package whose release cannot be
 * told is not found either; `why` then says so (static text), else NULL.
 */
int scan_identify(const vg_component *c, scan_package *pkg, bool *found, const char **why);
void scan_package_clear(scan_package *pkg);

/* One record that spoke about the component. */
typedef struct scan_hit {
	int64_t vuln;
	vg_match_kind kind;
	vg_match_confidence confidence;
	bool not_affected;         /* the distro says it is not affected */
	char *source, *record_id, *ecosystem, *matched, *distro_status;
	char *summary;             /* the record's, or NULL (unknown for CPE hits) */
	vg_strlist fixed;
} scan_hit;

typedef struct scan_hits {
	scan_hit *items;
	size_t count, cap;
	vg_strlist *warnings;      /* the scan result's */
	const vg_component *component;
} scan_hits;

/* A new zeroed hit at the end of the list. */
int scan_hits_add(scan_hits *hits, scan_hit **out);
void scan_hits_clear(scan_hits *hits);
/* Add a warning once (identical texts are kept once). */
int scan_warn(vg_strlist *warnings, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The affected entries of pkg that contain its version (match_affected.c). */
int scan_match_affected(vg_vulndb *db, const scan_package *pkg, scan_hits *hits);

/* The SBOM's CPEs, parsed once: CPE configurations are evaluated over the
 * whole SBOM (a platform entry matches any component). */
typedef struct scan_cpe {
	vg_cpe cpe;
	char *version;             /* the version to compare (owned), or NULL */
	bool version_na;           /* the CPE's version is "-" (not applicable) */
} scan_cpe;

typedef struct scan_cpes {
	scan_cpe *items;
	size_t count;
} scan_cpes;

int scan_cpes_collect(const vg_sbom *sbom, scan_cpes *out);
void scan_cpes_clear(scan_cpes *cpes);

/* The CPE configurations the component's CPEs make true (match_cpe.c). */
int scan_match_cpe(vg_vulndb *db, const vg_component *c, const scan_cpes *all,
		   scan_hits *hits);

/* Fill a finding's vulnerability facts: name, aliases, summary, severity,
 * KEV, EPSS (facts.c).  A finding that has its record's summary keeps it;
 * otherwise `record_id` picks that record's among vuln->sources, else any. */
int scan_fill_facts(const vg_vuln *vuln, const char *record_id, vg_finding *f);

/* Release what a finding holds (result.c); the struct itself is the caller's. */
void scan_finding_free(vg_finding *f);

#endif
