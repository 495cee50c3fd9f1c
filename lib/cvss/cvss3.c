/*
 * cvss3.c - CVSS v3.0 and v3.1: one metric table, the base, temporal and
 * environmental equations of the specifications (v3.0 section 8, v3.1
 * section 7), and the two Roundup functions.  v3.1 differs from v3.0 only in
 * Roundup (computed on an integer to cancel binary representation error,
 * v3.1 Appendix A) and in the modified impact of a changed scope.
 */
#include "cvss_internal.h"

#include <math.h>

enum { AV, AC, PR, UI, S, C, I, A, E, RL, RC, CR, IR, AR,
       MAV, MAC, MPR, MUI, MS, MC, MI, MA };

static const cvss_metric metrics[] = {
	{ "AV", { "N", "A", "L", "P" }, CVSS_BASE },
	{ "AC", { "L", "H" }, CVSS_BASE },
	{ "PR", { "N", "L", "H" }, CVSS_BASE },
	{ "UI", { "N", "R" }, CVSS_BASE },
	{ "S", { "U", "C" }, CVSS_BASE },
	{ "C", { "H", "L", "N" }, CVSS_BASE },
	{ "I", { "H", "L", "N" }, CVSS_BASE },
	{ "A", { "H", "L", "N" }, CVSS_BASE },
	{ "E", { "X", "H", "F", "P", "U" }, CVSS_TEMPORAL },
	{ "RL", { "X", "U", "W", "T", "O" }, CVSS_TEMPORAL },
	{ "RC", { "X", "C", "R", "U" }, CVSS_TEMPORAL },
	{ "CR", { "X", "H", "M", "L" }, CVSS_ENVIRONMENTAL },
	{ "IR", { "X", "H", "M", "L" }, CVSS_ENVIRONMENTAL },
	{ "AR", { "X", "H", "M", "L" }, CVSS_ENVIRONMENTAL },
	{ "MAV", { "X", "N", "A", "L", "P" }, CVSS_ENVIRONMENTAL },
	{ "MAC", { "X", "L", "H" }, CVSS_ENVIRONMENTAL },
	{ "MPR", { "X", "N", "L", "H" }, CVSS_ENVIRONMENTAL },
	{ "MUI", { "X", "N", "R" }, CVSS_ENVIRONMENTAL },
	{ "MS", { "X", "U", "C" }, CVSS_ENVIRONMENTAL },
	{ "MC", { "X", "H", "L", "N" }, CVSS_ENVIRONMENTAL },
	{ "MI", { "X", "H", "L", "N" }, CVSS_ENVIRONMENTAL },
	{ "MA", { "X", "H", "L", "N" }, CVSS_ENVIRONMENTAL },
};

/* Weights in the order of the base metrics' values. */
static const double w_av[] = { 0.85, 0.62, 0.55, 0.2 };
static const double w_ac[] = { 0.77, 0.44 };
static const double w_pr_unchanged[] = { 0.85, 0.62, 0.27 };
static const double w_pr_changed[] = { 0.85, 0.68, 0.5 };
static const double w_ui[] = { 0.85, 0.62 };
static const double w_cia[] = { 0.56, 0.22, 0.0 };
/* Optional metrics: index 0 is X (Not Defined). */
static const double w_e[] = { 1.0, 1.0, 0.97, 0.94, 0.91 };
static const double w_rl[] = { 1.0, 1.0, 0.97, 0.96, 0.95 };
static const double w_rc[] = { 1.0, 1.0, 0.96, 0.92 };
static const double w_req[] = { 1.0, 1.5, 1.0, 0.5 };

typedef struct v3_inputs {
	int av, ac, pr, ui, c, i, a; /* value indexes in the base metrics' terms */
	int changed;                 /* scope changed */
} v3_inputs;

static double roundup_30(double x)
{
	return ceil(x * 10.0) / 10.0;
}

static double roundup_31(double x)
{
	long long n = llround(x * 100000.0);

	return n % 10000 == 0 ? (double)n / 100000.0 : (double)(n / 10000 + 1) / 10.0;
}

/* A modified base metric's effective index: its own value unless X. */
static int modified(const vg_cvss *c, int m, int base)
{
	int v = cvss_value(c, m);

	return v ? v - 1 : cvss_value(c, base);
}

static double exploitability(const v3_inputs *in)
{
	const double *pr = in->changed ? w_pr_changed : w_pr_unchanged;

	return 8.22 * w_av[in->av] * w_ac[in->ac] * pr[in->pr] * w_ui[in->ui];
}

/* Impact + exploitability capped at 10, before the final Roundup. */
static double capped_sum(double impact, const v3_inputs *in)
{
	double sum = impact + exploitability(in);

	return fmin(in->changed ? 1.08 * sum : sum, 10.0);
}

static void score(const vg_cvss *c, vg_cvss_scores *out, double (*roundup)(double),
		  int v31)
{
	double tmult = w_e[cvss_value(c, E)] * w_rl[cvss_value(c, RL)] * w_rc[cvss_value(c, RC)];
	v3_inputs b = { cvss_value(c, AV), cvss_value(c, AC), cvss_value(c, PR), cvss_value(c, UI),
			cvss_value(c, C), cvss_value(c, I), cvss_value(c, A), cvss_value(c, S) };
	v3_inputs m = { modified(c, MAV, AV), modified(c, MAC, AC), modified(c, MPR, PR),
			modified(c, MUI, UI), modified(c, MC, C), modified(c, MI, I),
			modified(c, MA, A), modified(c, MS, S) };
	double iss = 1.0 - (1.0 - w_cia[b.c]) * (1.0 - w_cia[b.i]) * (1.0 - w_cia[b.a]);
	double impact = b.changed ? 7.52 * (iss - 0.029) - 3.25 * pow(iss - 0.02, 15)
				  : 6.42 * iss;
	double miss = fmin(1.0 - (1.0 - w_cia[m.c] * w_req[cvss_value(c, CR)]) *
					 (1.0 - w_cia[m.i] * w_req[cvss_value(c, IR)]) *
					 (1.0 - w_cia[m.a] * w_req[cvss_value(c, AR)]),
			   0.915);
	double mimpact = !m.changed ? 6.42 * miss
			 : v31 ? 7.52 * (miss - 0.029) - 3.25 * pow(miss * 0.9731 - 0.02, 13)
			       : 7.52 * (miss - 0.029) - 3.25 * pow(miss - 0.02, 15);

	out->base = impact <= 0.0 ? 0.0 : roundup(capped_sum(impact, &b));
	out->temporal = roundup(out->base * tmult);
	out->environmental =
		mimpact <= 0.0 ? 0.0 : roundup(roundup(capped_sum(mimpact, &m)) * tmult);
}

static void score_30(const vg_cvss *c, vg_cvss_scores *out)
{
	score(c, out, roundup_30, 0);
}

static void score_31(const vg_cvss *c, vg_cvss_scores *out)
{
	score(c, out, roundup_31, 1);
}

const cvss_version cvss_v30 = { VG_CVSS_V3_0, "CVSS:3.0/", metrics,
				sizeof(metrics) / sizeof(metrics[0]), score_30 };
const cvss_version cvss_v31 = { VG_CVSS_V3_1, "CVSS:3.1/", metrics,
				sizeof(metrics) / sizeof(metrics[0]), score_31 };
