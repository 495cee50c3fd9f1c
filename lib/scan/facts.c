/*
 * facts.c - what a finding says about its vulnerability, from every source
 * the database merged: aliases, summary, severity, KEV and EPSS.
 *
 * Severity comes from one CVSS vector, chosen across sources: the newest
 * CVSS version wins (v4.0 over v3.1 over v3.0 over v2), then NVD's primary
 * score over other scorers, then the higher score.  The score is recomputed
 * from the vector by the cvss module rather than trusted from the feed; a
 * severity with a score and no vector is used only when no vector exists.
 */
#include "scan_internal.h"
#include "vigil/error.h"
#include "vigil/str.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct scored {
	const vg_vuln_severity *sev;
	vg_cvss_version version; /* 0 for a bare score */
	double score;
	vg_severity severity;
} scored;

static vg_severity from_cvss(vg_cvss_severity s)
{
	switch (s) {
	case VG_CVSS_SEV_NONE: return VG_SEV_NONE;
	case VG_CVSS_SEV_LOW: return VG_SEV_LOW;
	case VG_CVSS_SEV_MEDIUM: return VG_SEV_MEDIUM;
	case VG_CVSS_SEV_HIGH: return VG_SEV_HIGH;
	case VG_CVSS_SEV_CRITICAL: return VG_SEV_CRITICAL;
	}
	return VG_SEV_UNKNOWN;
}

static bool score_of(const vg_vuln_severity *sev, scored *out)
{
	vg_cvss cvss;
	vg_cvss_scores scores;

	memset(out, 0, sizeof(*out));
	out->sev = sev;
	if (sev->vector && vg_cvss_parse(&cvss, sev->vector, strlen(sev->vector)) == VG_OK &&
	    vg_cvss_score(&cvss, &scores) == VG_OK) {
		out->version = cvss.version;
		out->score = scores.score;
		out->severity = from_cvss(scores.severity);
		return true;
	}
	if (isnan(sev->score) || !sev->type || strncmp(sev->type, "CVSS", 4))
		return false;
	out->score = sev->score;
	out->severity = from_cvss(vg_cvss_severity_of(VG_CVSS_V3_1, sev->score));
	return true;
}

static bool is_primary(const vg_vuln_severity *sev)
{
	return !strcmp(sev->source, "nvd") && sev->origin && strstr(sev->origin, "Primary");
}

static bool better(const scored *a, const scored *b)
{
	if (a->version != b->version)
		return a->version > b->version;
	if (is_primary(a->sev) != is_primary(b->sev))
		return is_primary(a->sev);
	return a->score > b->score;
}

static int fill_severity(const vg_vuln *vuln, vg_finding *f)
{
	scored best = { 0 }, cand;
	bool have = false;
	size_t i;

	for (i = 0; i < vuln->severity_count; i++)
		if (score_of(&vuln->severities[i], &cand) && (!have || better(&cand, &best))) {
			best = cand;
			have = true;
		}
	f->severity = VG_SEV_UNKNOWN;
	if (!have)
		return VG_OK;
	f->severity = best.severity;
	f->cvss_score = best.score;
	f->cvss_vector = vg_strdup(best.sev->vector ? best.sev->vector : "");
	f->cvss_source = best.sev->origin ? vg_strdup_printf("%s %s", best.sev->source,
							     best.sev->origin)
					  : vg_strdup(best.sev->source);
	return f->cvss_vector && f->cvss_source ? VG_OK : vg_error_set(VG_ENOMEM, "out of memory");
}

static const char *pick_summary(const vg_vuln *vuln, const char *record_id)
{
	size_t i;

	for (i = 0; i < vuln->source_count; i++)
		if (vuln->sources[i].summary && !strcmp(vuln->sources[i].record_id, record_id))
			return vuln->sources[i].summary;
	for (i = 0; i < vuln->source_count; i++)
		if (vuln->sources[i].summary)
			return vuln->sources[i].summary;
	return NULL;
}

static char *dup_or_null(const char *s, bool *oom)
{
	char *d = s ? vg_strdup(s) : NULL;

	if (s && !d)
		*oom = true;
	return d;
}

int scan_fill_facts(const vg_vuln *vuln, const char *record_id, vg_finding *f)
{
	bool oom = false;
	int rc;

	f->vuln = dup_or_null(vuln->name, &oom);
	if (!f->summary)
		f->summary = dup_or_null(pick_summary(vuln, record_id), &oom);
	if ((rc = vg_strlist_copy(&f->aliases, &vuln->aliases)) || (rc = fill_severity(vuln, f)))
		return rc;
	f->exploited = vuln->exploited;
	if (vuln->exploited) {
		f->kev_date_added = dup_or_null(vuln->kev.date_added, &oom);
		f->kev_due_date = dup_or_null(vuln->kev.due_date, &oom);
		f->kev_required_action = dup_or_null(vuln->kev.required_action, &oom);
	}
	f->has_epss = vuln->has_epss;
	f->epss_score = vuln->epss_score;
	f->epss_percentile = vuln->epss_percentile;
	return oom ? vg_error_set(VG_ENOMEM, "out of memory") : VG_OK;
}
