/*
 * vigil/sbom_check.h - grade an SBOM against BSI TR-03183-2 v2.1 and the
 * NTIA minimum elements.
 *
 * vg_sbom_check() looks at a vg_sbom (never at the file it came from) and
 * evaluates every requirement of the chosen profiles:
 *
 *   - document requirements are checked once (timestamp, SBOM creator, ...);
 *   - component requirements are checked on every component, the primary
 *     component included, and each component gets the list of the fields it
 *     lacks (vg_check_component.missing), named by short field names such as
 *     "sha512-hash" or "licence-concluded".
 *
 * Each requirement has a stable id ("bsi.component.hash"), a level (required
 * = SHALL, recommended = MAY/SHOULD) and the section of the standard.
 *
 * Score (docs/sbom-check.md):
 *   requirement score = 100 * subjects satisfying it / subjects checked
 *                       (subjects: the document, or every component);
 *   profile score     = mean of the scores of the REQUIRED requirements,
 *                       so a document field weighs as much as a component
 *                       field however many components there are;
 *   grade             = A >= 90, B >= 75, C >= 50, D >= 25, else F;
 *   compliant         = every required requirement scores 100.
 * An SBOM without components fails every component requirement (score 0).
 * Recommended requirements are reported but never lower the score.
 *
 * The report owns copies of everything it shows (refs, names, details), so
 * it outlives the SBOM.  vg_check_report_json() renders it for --json.
 */
#ifndef VIGIL_SBOM_CHECK_H
#define VIGIL_SBOM_CHECK_H

#include "vigil/sbom.h"
#include "vigil/str.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Profiles, as bits so several can be checked at once. */
typedef enum vg_check_profile {
	VG_CHECK_BSI = 1,  /* BSI TR-03183-2 v2.1.0 */
	VG_CHECK_NTIA = 2, /* NTIA minimum elements (2021) */
	VG_CHECK_ALL = 3
} vg_check_profile;

typedef enum vg_check_level {
	VG_CHECK_REQUIRED = 0, /* SHALL / MUST: counts in the score */
	VG_CHECK_RECOMMENDED   /* MAY / SHOULD: reported only */
} vg_check_level;

typedef enum vg_check_scope {
	VG_CHECK_DOCUMENT = 0, /* checked once on the SBOM */
	VG_CHECK_COMPONENT     /* checked on every component */
} vg_check_scope;

/* The static description of one requirement. */
typedef struct vg_check_requirement {
	const char *id;      /* "bsi.component.hash" */
	const char *field;   /* short name in missing lists: "sha512-hash" */
	const char *title;   /* "SHA-512 hash of the deployable component" */
	const char *section; /* "TR-03183-2 5.2.2" */
	const char *mapping; /* where the model (CycloneDX / SPDX) holds it */
	vg_check_level level;
	vg_check_scope scope;
} vg_check_requirement;

/* How one requirement fared. */
typedef struct vg_check_result {
	const vg_check_requirement *req;
	size_t checked;  /* subjects checked: 1, or the component count */
	size_t passed;   /* subjects that satisfy it */
	double score;    /* 100 * passed / checked (0 when there is no component) */
	char *detail;    /* why a document requirement failed, or NULL */
} vg_check_result;

/* What one component lacks under one profile. */
typedef struct vg_check_component {
	char *ref;
	char *name;
	char *version;              /* NULL when absent */
	vg_strlist missing;         /* fields of failed required requirements */
	vg_strlist missing_recommended;
} vg_check_component;

typedef struct vg_check_profile_report {
	vg_check_profile profile;
	const char *name;  /* "bsi", "ntia" */
	const char *title; /* "BSI TR-03183-2 v2.1.0" */
	vg_check_result *results;  /* one per requirement, in the standard's order */
	size_t result_count;
	vg_check_component *components; /* primary first, then sbom->components */
	size_t component_count;
	size_t required_count;     /* required requirements */
	size_t required_met;       /* ... of them fully satisfied */
	double score;              /* 0-100, see above */
	char grade;                /* 'A' .. 'F' */
	bool compliant;
} vg_check_profile_report;

typedef struct vg_check_report {
	vg_check_profile_report *profiles; /* BSI first, then NTIA */
	size_t profile_count;
	vg_strlist notes; /* assumptions made, e.g. the format of a built SBOM */
} vg_check_report;

/* Check `sbom` against the profiles in `profiles`; VG_EINVAL for none. */
int vg_sbom_check(const vg_sbom *sbom, vg_check_profile profiles, vg_check_report **out);
void vg_check_report_free(vg_check_report *report);

/* The grade letter of a score. */
char vg_check_grade(double score);
/* 'A'..'F' (either case) to the lowest score that earns it; VG_EINVAL otherwise. */
int vg_check_grade_parse(const char *text, double *min_score);

/* "bsi", "ntia", "all" to profile bits; VG_EINVAL for anything else. */
int vg_check_profile_parse(const char *name, vg_check_profile *out);

/* Every requirement a profile knows, for documentation and tests. */
const vg_check_requirement *vg_check_requirements(vg_check_profile profile, size_t *count);

/* The report as a new JSON object (NULL and VG_ENOMEM on failure). */
json_t *vg_check_report_json(const vg_check_report *report);

#ifdef __cplusplus
}
#endif
#endif
