/*
 * cvss2.c - CVSS v2.0: metric table and the base, temporal and environmental
 * equations of the v2 guide (FIRST, "A Complete Guide to the CVSS Version 2.0",
 * section 3.2), with its round_to_1_decimal.
 */
#include "cvss_internal.h"

#include <math.h>

enum { AV, AC, AU, C, I, A, E, RL, RC, CDP, TD, CR, IR, AR };

static const cvss_metric metrics[] = {
	{ "AV", { "L", "A", "N" }, CVSS_BASE },
	{ "AC", { "H", "M", "L" }, CVSS_BASE },
	{ "Au", { "M", "S", "N" }, CVSS_BASE },
	{ "C", { "N", "P", "C" }, CVSS_BASE },
	{ "I", { "N", "P", "C" }, CVSS_BASE },
	{ "A", { "N", "P", "C" }, CVSS_BASE },
	{ "E", { "ND", "U", "POC", "F", "H" }, CVSS_TEMPORAL },
	{ "RL", { "ND", "OF", "TF", "W", "U" }, CVSS_TEMPORAL },
	{ "RC", { "ND", "UC", "UR", "C" }, CVSS_TEMPORAL },
	{ "CDP", { "ND", "N", "L", "LM", "MH", "H" }, CVSS_ENVIRONMENTAL },
	{ "TD", { "ND", "N", "L", "M", "H" }, CVSS_ENVIRONMENTAL },
	{ "CR", { "ND", "L", "M", "H" }, CVSS_ENVIRONMENTAL },
	{ "IR", { "ND", "L", "M", "H" }, CVSS_ENVIRONMENTAL },
	{ "AR", { "ND", "L", "M", "H" }, CVSS_ENVIRONMENTAL },
};

/* Weights, in the order of each metric's values above. */
static const double w_av[] = { 0.395, 0.646, 1.0 };
static const double w_ac[] = { 0.35, 0.61, 0.71 };
static const double w_au[] = { 0.45, 0.56, 0.704 };
static const double w_cia[] = { 0.0, 0.275, 0.660 };
static const double w_e[] = { 1.0, 0.85, 0.90, 0.95, 1.0 };
static const double w_rl[] = { 1.0, 0.87, 0.90, 0.95, 1.0 };
static const double w_rc[] = { 1.0, 0.90, 0.95, 1.0 };
static const double w_cdp[] = { 0.0, 0.0, 0.1, 0.3, 0.4, 0.5 };
static const double w_td[] = { 1.0, 0.0, 0.25, 0.75, 1.0 };
static const double w_req[] = { 1.0, 0.5, 1.0, 1.51 };

#define W(table, m) (table[cvss_value(c, m)])

/* The base equation for a given impact sub-score. */
static double base_for(const vg_cvss *c, double impact)
{
	double exploitability = 20.0 * W(w_av, AV) * W(w_ac, AC) * W(w_au, AU);
	double f = impact == 0.0 ? 0.0 : 1.176;

	return cvss_round1((0.6 * impact + 0.4 * exploitability - 1.5) * f);
}

static double temporal_for(const vg_cvss *c, double base)
{
	return cvss_round1(base * W(w_e, E) * W(w_rl, RL) * W(w_rc, RC));
}

static void score(const vg_cvss *c, vg_cvss_scores *out)
{
	double impact = 10.41 * (1.0 - (1.0 - W(w_cia, C)) * (1.0 - W(w_cia, I)) *
					       (1.0 - W(w_cia, A)));
	double adjusted_impact =
		fmin(10.0, 10.41 * (1.0 - (1.0 - W(w_cia, C) * W(w_req, CR)) *
						  (1.0 - W(w_cia, I) * W(w_req, IR)) *
						  (1.0 - W(w_cia, A) * W(w_req, AR))));
	double adjusted_temporal = temporal_for(c, base_for(c, adjusted_impact));

	out->base = base_for(c, impact);
	out->temporal = temporal_for(c, out->base);
	out->environmental = cvss_round1((adjusted_temporal + (10.0 - adjusted_temporal) *
							W(w_cdp, CDP)) * W(w_td, TD));
}

const cvss_version cvss_v2 = { VG_CVSS_V2, "", metrics, sizeof(metrics) / sizeof(metrics[0]),
			       score };
