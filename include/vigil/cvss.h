/*
 * vigil/cvss.h - CVSS vectors: parse, score, print.
 *
 * Handles the Common Vulnerability Scoring System versions 2.0, 3.0, 3.1 and
 * 4.0 as FIRST specifies them:
 *
 *   AV:N/AC:L/Au:N/C:P/I:P/A:P                     v2 (also inside "(...)")
 *   CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H   v3.0 / v3.1
 *   CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/...     v4.0
 *
 * Parsing is strict: the exact prefix, every mandatory base metric exactly
 * once, only metrics and values the version defines (case matters), no empty
 * or trailing components.  Metrics may come in any order (real feeds do not
 * keep the specification's order); vg_cvss_format() prints them in it.
 * Errors are VG_EPARSE (VG_EUNSUPPORTED for another CVSS version, VG_ELIMIT
 * for a string over VG_CVSS_MAX_LEN) and name the byte offset and the metric:
 * "byte offset 9: metric AV: unknown value 'Q' (expected N, A, L, P)".
 *
 * Scores follow each version's own rounding (v2 round to one decimal, v3.0
 * round up, v3.1 round up with the integer correction, v4.0 the macro-vector
 * interpolation over FIRST's tables) and are multiples of 0.1 in [0, 10].
 *
 * A vg_cvss is a plain value (no allocation, no vg_cvss_free()).
 */
#ifndef VIGIL_CVSS_H
#define VIGIL_CVSS_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Longest vector accepted, in bytes (the longest valid v4.0 vector is ~250). */
#define VG_CVSS_MAX_LEN 512
/* Most metrics a version defines (v4.0 has 32). */
#define VG_CVSS_MAX_METRICS 32

typedef enum vg_cvss_version {
	VG_CVSS_V2 = 20,
	VG_CVSS_V3_0 = 30,
	VG_CVSS_V3_1 = 31,
	VG_CVSS_V4_0 = 40
} vg_cvss_version;

/* Qualitative severity.  v2 has only Low (0.0-3.9), Medium and High. */
typedef enum vg_cvss_severity {
	VG_CVSS_SEV_NONE,     /* 0.0 (v3, v4) */
	VG_CVSS_SEV_LOW,      /* 0.1-3.9 */
	VG_CVSS_SEV_MEDIUM,   /* 4.0-6.9 */
	VG_CVSS_SEV_HIGH,     /* 7.0-8.9 (v2: 7.0-10.0) */
	VG_CVSS_SEV_CRITICAL  /* 9.0-10.0 (v3, v4) */
} vg_cvss_severity;

/* A parsed vector.  Read it through the functions below, not the fields. */
typedef struct vg_cvss {
	vg_cvss_version version;
	/* Per metric of the version's table: 0 absent, else 1 + value index. */
	unsigned char value[VG_CVSS_MAX_METRICS];
} vg_cvss;

typedef struct vg_cvss_scores {
	/* v2, v3: the base score.  v4: CVSS-B, the base metrics alone. */
	double base;
	/* v2, v3: temporal and environmental scores.  Always computed (metrics the
	 * vector lacks count as Not Defined); has_* say whether it carried any. */
	double temporal;
	double environmental;
	/* v2, v3: temporal (E, RL, RC) metrics given.  v4: the threat metric E given. */
	bool has_temporal;
	/* Environmental metrics given (v4: CR, IR, AR or any modified base metric). */
	bool has_environmental;
	/* The vector's score over every metric it carries: v2/v3 environmental,
	 * else temporal, else base, by what is present; v4 the CVSS-B, -BT, -BE or
	 * -BTE score (see nomenclature). */
	double score;
	vg_cvss_severity severity; /* of score */
	/* v4: "CVSS-B", "CVSS-BT", "CVSS-BE" or "CVSS-BTE"; v2, v3: "CVSS". */
	const char *nomenclature;
} vg_cvss_scores;

/*
 * Parse `len` bytes at `text` (NUL bytes inside are an error, not an end).
 * On failure *out is left unchanged.
 */
int vg_cvss_parse(vg_cvss *out, const char *text, size_t len);

/* Compute every score of a parsed vector. */
int vg_cvss_score(const vg_cvss *cvss, vg_cvss_scores *out);

/*
 * The vector in normal form: the version's prefix, then every metric given,
 * in the specification's order (Not Defined values kept, so the normal form
 * scores the same).  malloc'd; free() it.  NULL and VG_ENOMEM on failure.
 */
char *vg_cvss_format(const vg_cvss *cvss);

/* The value of `metric` ("AV") in the vector, NULL when absent or unknown. */
const char *vg_cvss_get(const vg_cvss *cvss, const char *metric);

/* "2.0", "3.0", "3.1", "4.0". */
const char *vg_cvss_version_name(vg_cvss_version version);

/* The severity band of `score` under `version`'s rating scale. */
vg_cvss_severity vg_cvss_severity_of(vg_cvss_version version, double score);

/* "None", "Low", "Medium", "High", "Critical". */
const char *vg_cvss_severity_name(vg_cvss_severity severity);

#ifdef __cplusplus
}
#endif
#endif
