/*
 * cvss4.c - CVSS v4.0: metric table and the scoring algorithm of the v4.0
 * specification (section 8): sort the vector into a macro vector of six
 * equivalence classes (EQ1..EQ6), look its score up in FIRST's table
 * (cvss4_data.c), then lower it by how far the vector lies below the most
 * severe vectors of its class, as a share of the gap to the next lower class.
 *
 * Threat and environmental metrics take part through "effective" values:
 * a modified base metric (MAV...) replaces its base metric unless X; E:X
 * counts as A, CR/IR/AR:X as H.  Supplemental metrics never change the score.
 */
#include "cvss4_data.h"
#include "cvss_internal.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

enum { AV, AC, AT, PR, UI, VC, VI, VA, SC, SI, SA, E, CR, IR, AR,
       MAV, MAC, MAT, MPR, MUI, MVC, MVI, MVA, MSC, MSI, MSA,
       S, AU, R, V, RE, U, NMETRICS };

static const cvss_metric metrics[] = {
	{ "AV", { "N", "A", "L", "P" }, CVSS_BASE },
	{ "AC", { "L", "H" }, CVSS_BASE },
	{ "AT", { "N", "P" }, CVSS_BASE },
	{ "PR", { "N", "L", "H" }, CVSS_BASE },
	{ "UI", { "N", "P", "A" }, CVSS_BASE },
	{ "VC", { "H", "L", "N" }, CVSS_BASE },
	{ "VI", { "H", "L", "N" }, CVSS_BASE },
	{ "VA", { "H", "L", "N" }, CVSS_BASE },
	{ "SC", { "H", "L", "N" }, CVSS_BASE },
	{ "SI", { "H", "L", "N" }, CVSS_BASE },
	{ "SA", { "H", "L", "N" }, CVSS_BASE },
	{ "E", { "X", "A", "P", "U" }, CVSS_TEMPORAL },
	{ "CR", { "X", "H", "M", "L" }, CVSS_ENVIRONMENTAL },
	{ "IR", { "X", "H", "M", "L" }, CVSS_ENVIRONMENTAL },
	{ "AR", { "X", "H", "M", "L" }, CVSS_ENVIRONMENTAL },
	{ "MAV", { "X", "N", "A", "L", "P" }, CVSS_ENVIRONMENTAL },
	{ "MAC", { "X", "L", "H" }, CVSS_ENVIRONMENTAL },
	{ "MAT", { "X", "N", "P" }, CVSS_ENVIRONMENTAL },
	{ "MPR", { "X", "N", "L", "H" }, CVSS_ENVIRONMENTAL },
	{ "MUI", { "X", "N", "P", "A" }, CVSS_ENVIRONMENTAL },
	{ "MVC", { "X", "H", "L", "N" }, CVSS_ENVIRONMENTAL },
	{ "MVI", { "X", "H", "L", "N" }, CVSS_ENVIRONMENTAL },
	{ "MVA", { "X", "H", "L", "N" }, CVSS_ENVIRONMENTAL },
	{ "MSC", { "X", "H", "L", "N" }, CVSS_ENVIRONMENTAL },
	{ "MSI", { "X", "S", "H", "L", "N" }, CVSS_ENVIRONMENTAL },
	{ "MSA", { "X", "S", "H", "L", "N" }, CVSS_ENVIRONMENTAL },
	{ "S", { "X", "N", "P" }, CVSS_SUPPLEMENTAL },
	{ "AU", { "X", "N", "Y" }, CVSS_SUPPLEMENTAL },
	{ "R", { "X", "A", "U", "I" }, CVSS_SUPPLEMENTAL },
	{ "V", { "X", "D", "C" }, CVSS_SUPPLEMENTAL },
	{ "RE", { "X", "L", "M", "H" }, CVSS_SUPPLEMENTAL },
	{ "U", { "X", "Clear", "Green", "Amber", "Red" }, CVSS_SUPPLEMENTAL },
};

/* The metrics that enter the score, with their severity levels in steps of
 * 0.1 (specification section 8.2, table "severity distances"): a value's
 * level is the digit at its position in `letters`. */
typedef struct level_def {
	int metric;
	const char *letters;
	const char *levels;
} level_def;

static const level_def level_defs[] = {
	{ AV, "NALP", "0123" }, { PR, "NLH", "012" },   { UI, "NPA", "012" },
	{ AC, "LH", "01" },     { AT, "NP", "01" },     { VC, "HLN", "012" },
	{ VI, "HLN", "012" },   { VA, "HLN", "012" },   { SC, "HLN", "123" },
	{ SI, "SHLN", "0123" }, { SA, "SHLN", "0123" }, { CR, "HML", "012" },
	{ IR, "HML", "012" },   { AR, "HML", "012" },   { E, "APU", "012" },
};

/* Effective single-letter values of the scoring metrics, by metric index. */
typedef struct v4_vec {
	char v[NMETRICS];
} v4_vec;

static v4_vec effective(const vg_cvss *c, int base_only)
{
	v4_vec out;
	int m;

	memset(&out, 0, sizeof(out));
	for (m = AV; m <= SA; m++) {
		int mod = MAV + (m - AV);

		out.v[m] = cvss_value_name(c, m)[0];
		if (!base_only && c->value[mod] > 1)
			out.v[m] = cvss_value_name(c, mod)[0];
	}
	out.v[E] = base_only || cvss_value(c, E) == 0 ? 'A' : cvss_value_name(c, E)[0];
	for (m = CR; m <= AR; m++)
		out.v[m] = base_only || cvss_value(c, m) == 0 ? 'H' : cvss_value_name(c, m)[0];
	return out;
}

static int level_of(int metric, char value)
{
	size_t i;

	for (i = 0; i < sizeof(level_defs) / sizeof(level_defs[0]); i++)
		if (level_defs[i].metric == metric)
			return level_defs[i].levels[strchr(level_defs[i].letters, value) -
						    level_defs[i].letters] - '0';
	return 0;
}

/* The value of `metric` in a max-vector string like "AV:N/PR:N/UI:N/". */
static char value_in(const char *max, const char *metric)
{
	size_t n = strlen(metric);
	const char *p = max;

	while (p) {
		if (!strncmp(p, metric, n) && p[n] == ':')
			return p[n + 1];
		p = strchr(p, '/');
		p = p && p[1] ? p + 1 : NULL;
	}
	return 0;
}

/*
 * Sum of the severity distances of `group` metrics from the first of the
 * class's most severe vectors that none of them exceeds (the last when none
 * fits, as FIRST's calculator does).
 */
static int distance(const v4_vec *x, const char *const *maxes, const int *group)
{
	const char *const *mv;
	int sum = 0;

	for (mv = maxes; *mv; mv++) {
		const int *g;
		int ok = 1;

		sum = 0;
		for (g = group; *g >= 0; g++) {
			int d = level_of(*g, x->v[*g]) -
				level_of(*g, value_in(*mv, metrics[*g].name));

			ok &= d >= 0;
			sum += d;
		}
		if (ok)
			break;
	}
	return sum;
}

static int lookup(const int eq[6])
{
	if (eq[0] > 2 || eq[1] > 1 || eq[2] > 2 || eq[3] > 2 || eq[4] > 2 || eq[5] > 1)
		return -1;
	return cvss4_lookup[cvss4_macro_index(eq)];
}

/* Score of the macro vector one step lower in class k, where class 2 is
 * EQ3 and EQ6 together (-1: none). */
static int next_lower(const int eq[6], int k)
{
	int lo[6], alt[6];

	memcpy(lo, eq, sizeof(lo));
	if (k != 2) {
		lo[k]++;
		return lookup(lo);
	}
	/* EQ3 and EQ6 move jointly: 00 has two lower neighbours (01, 10), take
	 * the higher; 10 moves to 11; 01 and 11 move to 11 and 21. */
	memcpy(alt, eq, sizeof(alt));
	if (eq[2] == 1 && eq[5] == 0) {
		lo[5]++;
		return lookup(lo);
	}
	lo[2]++;
	if (eq[2] == 0 && eq[5] == 0) {
		int a, b;

		alt[5]++;
		a = lookup(lo);
		b = lookup(alt);
		return a > b ? a : b;
	}
	return lookup(lo);
}

static void macro_vector(const v4_vec *x, int eq[6])
{
	const char *v = x->v;

	eq[0] = v[AV] == 'N' && v[PR] == 'N' && v[UI] == 'N'                     ? 0
		: (v[AV] == 'N' || v[PR] == 'N' || v[UI] == 'N') && v[AV] != 'P' ? 1
										 : 2;
	eq[1] = v[AC] == 'L' && v[AT] == 'N' ? 0 : 1;
	eq[2] = v[VC] == 'H' && v[VI] == 'H'                     ? 0
		: v[VC] == 'H' || v[VI] == 'H' || v[VA] == 'H' ? 1
							       : 2;
	eq[3] = v[SI] == 'S' || v[SA] == 'S'                     ? 0
		: v[SC] == 'H' || v[SI] == 'H' || v[SA] == 'H' ? 1
							       : 2;
	eq[4] = v[E] == 'A' ? 0 : v[E] == 'P' ? 1 : 2;
	eq[5] = (v[CR] == 'H' && v[VC] == 'H') || (v[IR] == 'H' && v[VI] == 'H') ||
				(v[AR] == 'H' && v[VA] == 'H')
			? 0
			: 1;
}

static double score_of(const v4_vec *x)
{
	static const int g1[] = { AV, PR, UI, -1 }, g2[] = { AC, AT, -1 },
			 g36[] = { VC, VI, VA, CR, IR, AR, -1 }, g4[] = { SC, SI, SA, -1 },
			 g5[] = { -1 };
	const char *const *maxes[5];
	const int *groups[5] = { g1, g2, g36, g4, g5 };
	int depth[5], eq[6], k, n = 0, value;
	double mean = 0.0;

	for (k = VC; k <= SA && x->v[k] == 'N'; k++)
		;
	if (k > SA) /* no impact at all */
		return 0.0;
	macro_vector(x, eq);
	value = lookup(eq);
	maxes[0] = cvss4_max_eq1[eq[0]], depth[0] = cvss4_severity_eq1[eq[0]];
	maxes[1] = cvss4_max_eq2[eq[1]], depth[1] = cvss4_severity_eq2[eq[1]];
	maxes[2] = cvss4_max_eq3eq6[eq[2]][eq[5]], depth[2] = cvss4_severity_eq3eq6[eq[2]][eq[5]];
	maxes[3] = cvss4_max_eq4[eq[3]], depth[3] = cvss4_severity_eq4[eq[3]];
	maxes[4] = cvss4_max_eq5[eq[4]], depth[4] = cvss4_severity_eq5[eq[4]];
	for (k = 0; k < 5; k++) {
		int lower = next_lower(eq, k);

		if (lower < 0)
			continue;
		n++;
		/* EQ5's distance is always 0: its class has a single value of E. */
		mean += (double)(value - lower) / 10.0 * distance(x, maxes[k], groups[k]) /
			depth[k];
	}
	if (n)
		mean /= n;
	return cvss_round1(fmin(fmax(value / 10.0 - mean, 0.0), 10.0));
}

static void score(const vg_cvss *c, vg_cvss_scores *out)
{
	v4_vec all = effective(c, 0), base = effective(c, 1);

	out->base = score_of(&base);
	out->score = score_of(&all);
	out->temporal = out->environmental = out->score;
}

const cvss_version cvss_v40 = { VG_CVSS_V4_0, "CVSS:4.0/", metrics,
				sizeof(metrics) / sizeof(metrics[0]), score };
