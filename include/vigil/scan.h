/*
 * vigil/scan.h - match an SBOM against the vulnerability database.
 *
 * vg_scan() looks every component of an SBOM up in a vg_vulndb and returns
 * one finding per (vulnerability, component) pair.  Three matchers run, each
 * on the components it can identify:
 *
 *   - distro: deb, apk and rpm purls whose release is known (the purl's
 *     `distro` qualifier, "debian-12", "alpine-3.18") are matched by their
 *     *source* package against the distro's own data (ecosystem
 *     "Debian:12", "Alpine:v3.18", ...), so a backported fix counts by the
 *     distro's fixed version, and a package the distro marks not affected is
 *     not reported.  Distro packages are never matched by CPE or by upstream
 *     version: that is where other scanners' false positives come from.
 *   - osv: other purls are matched against OSV affected[] ranges of the
 *     purl's ecosystem (pkg:pypi -> PyPI, pkg:golang -> Go, ...), each range
 *     ordered by the ecosystem's version scheme.
 *   - cpe: components with CPEs and no matchable purl are matched against
 *     NVD / CVE 5 configurations: a configuration matches when its nodes hold
 *     (AND/OR, negation) over the CPEs of the whole SBOM and the component
 *     matches one of its `vulnerable: true` entries within its version
 *     bounds.  A match on a `vulnerable: false` platform entry alone is
 *     never a finding.
 *
 * A finding carries what a triager needs: the vulnerability and its aliases,
 * the component, the installed version, the range or configuration that
 * matched and the record it came from, the fixed versions, the CVSS score and
 * severity, the CISA KEV and EPSS facts, and the VEX statement that applies.
 * Findings a VEX statement marks not_affected or fixed are *suppressed*: kept
 * (with the statement) but not counted by vg_scan_result_fails().
 *
 * Writers turn a result into the documents users feed other tools:
 * Vigil's JSON, CycloneDX 1.6 VDR (the SBOM's components with a
 * vulnerabilities[] array) and SARIF 2.1.0.
 */
#ifndef VIGIL_SCAN_H
#define VIGIL_SCAN_H

#include "vigil/cvss.h"
#include "vigil/sbom.h"
#include "vigil/str.h"
#include "vigil/vex.h"
#include "vigil/vulndb.h"

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum vg_match_kind {
	VG_MATCH_DISTRO,
	VG_MATCH_OSV,
	VG_MATCH_CPE
} vg_match_kind;

/*
 * How much a match proves, for triage (docs/scan.md "Confidence").
 * Ordered: a larger value is surer.
 *   HIGH:   the package's own data: its distribution's, by source package
 *           and release, or an OSV record of its ecosystem, with the
 *           installed version inside the record's ranges or versions.
 *   MEDIUM: an NVD / CVE 5 configuration entry whose version or bounds
 *           hold the CPE's version: right when the CPE names the right
 *           vendor and product.
 *   LOW:    an entry that covers every version of the product (no version,
 *           no bounds), so the match rests on the vendor and product names
 *           alone and the version decides nothing: needs review.
 */
typedef enum vg_match_confidence {
	VG_CONFIDENCE_LOW,
	VG_CONFIDENCE_MEDIUM,
	VG_CONFIDENCE_HIGH
} vg_match_confidence;

/* Severity of a finding: the CVSS severity, or UNKNOWN when no source
 * scored it.  Ordered: a larger value is more severe. */
typedef enum vg_severity {
	VG_SEV_UNKNOWN,
	VG_SEV_NONE,
	VG_SEV_LOW,
	VG_SEV_MEDIUM,
	VG_SEV_HIGH,
	VG_SEV_CRITICAL
} vg_severity;

typedef struct vg_finding {
	char *vuln;               /* display id: the CVE id when there is one */
	vg_strlist aliases;       /* every id of the vulnerability, sorted */
	char *summary;            /* a one-line description, or NULL */

	char *component_ref;      /* bom-ref of the matched component */
	char *component_name;
	char *component_purl;     /* or NULL */
	char *installed_version;  /* or NULL (CPE match on a versionless CPE) */

	vg_match_kind kind;
	vg_match_confidence confidence; /* the surest of the records that matched */
	char *source;             /* record source: "osv", "debian", "nvd", "cve5" */
	char *record_id;          /* the record in that source */
	char *ecosystem;          /* DISTRO/OSV: "Debian:12", "PyPI"; CPE: NULL */
	char *matched;            /* what matched, human-readable: the OSV/distro
				     range ("introduced 0, fixed 1.2-3+deb12u1") or
				     the CPE criteria and bounds */
	char *distro_status;      /* DISTRO: "unfixed", "end_of_life" or NULL */
	vg_strlist fixed;         /* fixed versions, in range order */

	vg_severity severity;
	double cvss_score;        /* valid when cvss_vector != NULL */
	char *cvss_vector;        /* the vector severity comes from, or NULL */
	char *cvss_source;        /* who scored it ("nvd", "osv", "cve5 CISA-ADP") */

	bool exploited;           /* in CISA KEV */
	char *kev_date_added;
	char *kev_due_date;
	char *kev_required_action;
	bool has_epss;
	double epss_score;
	double epss_percentile;

	const vg_vex_statement *vex; /* the statement that applies, or NULL
					(points into the vg_vex given to vg_scan) */
	bool suppressed;          /* vex says not_affected or fixed */
} vg_finding;

typedef struct vg_scan_result {
	vg_finding *findings;     /* sorted by vg_scan_result_sort() */
	size_t count;
	size_t cap;
	size_t components;        /* components in the SBOM */
	size_t matched_components;/* components some matcher could look up */
	size_t omitted_unfixed;   /* findings left out by only_fixed */
	vg_strlist warnings;      /* e.g. "Debian 12: the database has no data for
				     this release; 812 packages were not checked" */
	vg_vulndb_update *updates;/* when each source's data in the database came
				     in (vg_vulndb_updates_get): what the
				     findings are as of */
	size_t update_count;
} vg_scan_result;

typedef struct vg_scan_options {
	const vg_vex *vex;        /* statements to apply, or NULL */
	/* 0: two threads for an SBOM of 256 components or more (each with its
	 * own connection to the database, vg_vulndb_open_another()), one
	 * otherwise; 1 or 2 to choose.  The result is the same either way. */
	unsigned threads;
	/* Leave out the findings no fix exists for yet (no record that matched
	 * names a fixed version: an open distro issue, an OSV range with no
	 * "fixed" event), counted in vg_scan_result.omitted_unfixed: a gate on
	 * what can be acted on now, as debsecan's and grype's --only-fixed. */
	bool only_fixed;
	/* Sources whose data came in longer ago than this many days (see
	 * vg_vulndb_check_age()) are named in the result's warnings: what was
	 * published since is not in the findings.  0: VG_SCAN_MAX_AGE_DAYS;
	 * negative: no check. */
	int max_age_days;
} vg_scan_options;

/* The default of vg_scan_options.max_age_days: a week. */
#define VG_SCAN_MAX_AGE_DAYS 7

/* The sources of `updates` whose data is older than `options` accept
 * (max_age_days), one message each as vg_vulndb_check_age() words it, into
 * `stale`; nothing when the check is off. */
int vg_scan_check_age(const vg_vulndb_update *updates, size_t count,
		      const vg_scan_options *options, vg_strlist *stale);

/* Scan `sbom` against `db`.  On error *out is left empty. */
int vg_scan(vg_vulndb *db, const vg_sbom *sbom, const vg_scan_options *options,
	    vg_scan_result *out);
void vg_scan_result_free(vg_scan_result *result);

/* Append a zeroed finding to `result` (the array grows; pointers to earlier
 * findings may move) and point *out at it.  The result owns every string and
 * list put in it; `vex` is borrowed. */
int vg_scan_result_add(vg_scan_result *result, vg_finding **out);

/* Order the findings: severity descending, then exploited (CISA KEV) first,
 * then by vulnerability id, then by component ref. */
void vg_scan_result_sort(vg_scan_result *result);

/* The counts every report's summary shows; all but `suppressed` count only
 * the findings VEX does not suppress. */
typedef struct vg_scan_tally {
	size_t findings, suppressed, exploited, low_confidence;
	size_t by_severity[VG_SEV_CRITICAL + 1];
} vg_scan_tally;

void vg_scan_result_tally(const vg_scan_result *result, vg_scan_tally *out);

/* Findings that are not suppressed and reach `threshold`; with
 * `exploited_only`, only those of them in CISA KEV.  For --fail-on. */
size_t vg_scan_result_fails(const vg_scan_result *result, vg_severity threshold,
			    bool exploited_only);

const char *vg_severity_name(vg_severity severity);   /* "critical", ... */
/* Case-insensitive; VG_EINVAL naming the accepted names otherwise. */
int vg_severity_parse(const char *name, vg_severity *out);
const char *vg_match_kind_name(vg_match_kind kind);   /* "distro", "osv", "cpe" */
const char *vg_match_confidence_name(vg_match_confidence confidence); /* "high", ... */

/* ---- Writers: each returns a malloc'd NUL-terminated document ---- */

/* Vigil's JSON: {"sbom":..., "summary":{...}, "findings":[...]}, every field of
 * vg_finding; suppressed findings included with their VEX statement. */
int vg_scan_write_json(const vg_scan_result *result, const vg_sbom *sbom, char **out);

/* CycloneDX 1.6 VDR: the SBOM's components plus vulnerabilities[] with
 * ratings, affects (bom-ref + version), analysis from VEX, properties for
 * KEV and EPSS.  Valid against bom-1.6.schema.json. */
int vg_scan_write_vdr(const vg_scan_result *result, const vg_sbom *sbom, char **out);

/* SARIF 2.1.0: one rule per vulnerability, one result per finding, level from
 * severity, the SBOM file as the artifact location.  Suppressed findings carry
 * a suppressions[] entry. */
int vg_scan_write_sarif(const vg_scan_result *result, const vg_sbom *sbom,
			const char *sbom_path, char **out);

#ifdef __cplusplus
}
#endif
#endif
