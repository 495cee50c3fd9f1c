/*
 * cvss_internal.h - what the CVSS version files share with the common part.
 *
 * Each version (cvss2.c, cvss3.c, cvss4.c) describes its metrics as a table
 * (name, allowed values, mandatory or not, group) and supplies a scoring
 * function; cvss.c parses and prints any version through that table.  A
 * metric's position in the table is its index in vg_cvss.value[].
 *
 * Optional metrics list their "Not Defined" value (X, or ND in v2) first, so
 * cvss_value() returns 0 both for an absent metric and for an explicit X.
 */
#ifndef VG_CVSS_INTERNAL_H
#define VG_CVSS_INTERNAL_H

#include "vigil/cvss.h"

enum cvss_group {
	CVSS_BASE,
	CVSS_TEMPORAL, /* v4: threat */
	CVSS_ENVIRONMENTAL,
	CVSS_SUPPLEMENTAL
};

typedef struct cvss_metric {
	const char *name;
	const char *values[8]; /* NULL-terminated */
	enum cvss_group group;  /* CVSS_BASE metrics are mandatory */
} cvss_metric;

typedef struct cvss_version {
	vg_cvss_version version;
	const char *prefix; /* "CVSS:3.1/", "" for v2 */
	const cvss_metric *metrics;
	size_t count;
	/* Fill base, temporal, environmental and score of out. */
	void (*score)(const vg_cvss *cvss, vg_cvss_scores *out);
} cvss_version;

extern const cvss_version cvss_v2, cvss_v30, cvss_v31, cvss_v40;

/* Index of metric m's value (0 when absent or Not Defined). */
static inline int cvss_value(const vg_cvss *c, int m)
{
	return c->value[m] ? c->value[m] - 1 : 0;
}

/* The value's letters, e.g. "N" (never NULL: absent reads as the first value). */
const char *cvss_value_name(const vg_cvss *c, int m);

/* Round half up to one decimal (v2, v4), immune to binary representation error. */
double cvss_round1(double x);

#endif
