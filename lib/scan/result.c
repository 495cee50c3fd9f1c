/*
 * result.c - the scan result: building it, ordering it, freeing it, and the
 * names of severities and match kinds.
 *
 * The matcher appends findings with vg_scan_result_add() (zeroed, so an
 * unset string is NULL and an unset list empty) and orders them once with
 * vg_scan_result_sort(); the writers and --fail-on read the result only.
 */
#include "scan_internal.h"
#include "vigil/error.h"
#include "vigil/scan.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *const severity_names[] = {
	[VG_SEV_UNKNOWN] = "unknown", [VG_SEV_NONE] = "none",     [VG_SEV_LOW] = "low",
	[VG_SEV_MEDIUM] = "medium",   [VG_SEV_HIGH] = "high",     [VG_SEV_CRITICAL] = "critical",
};

#define SEVERITY_COUNT (sizeof(severity_names) / sizeof(severity_names[0]))

const char *vg_severity_name(vg_severity severity)
{
	return (size_t)severity < SEVERITY_COUNT ? severity_names[severity] : "unknown";
}

int vg_severity_parse(const char *name, vg_severity *out)
{
	size_t i;

	for (i = 0; name && i < SEVERITY_COUNT; i++) {
		if (vg_strcasecmp(name, severity_names[i]) == 0) {
			*out = (vg_severity)i;
			return VG_OK;
		}
	}
	return vg_error_set(VG_EINVAL,
			    "unknown severity '%s' (expected unknown, none, low, medium, high or critical)",
			    name ? name : "(null)");
}

const char *vg_match_kind_name(vg_match_kind kind)
{
	switch (kind) {
	case VG_MATCH_DISTRO: return "distro";
	case VG_MATCH_OSV: return "osv";
	case VG_MATCH_CPE: return "cpe";
	}
	return "unknown";
}

const char *vg_match_confidence_name(vg_match_confidence confidence)
{
	switch (confidence) {
	case VG_CONFIDENCE_LOW: return "low";
	case VG_CONFIDENCE_MEDIUM: return "medium";
	case VG_CONFIDENCE_HIGH: return "high";
	}
	return "unknown";
}

int vg_scan_result_add(vg_scan_result *r, vg_finding **out)
{
	vg_finding *grown;
	size_t cap;

	if (r->count == r->cap) {
		cap = r->cap ? r->cap * 2 : 16;
		if (cap > SIZE_MAX / sizeof(*grown) ||
		    !(grown = realloc(r->findings, cap * sizeof(*grown))))
			return vg_error_set(VG_ENOMEM, "out of memory adding a finding");
		r->findings = grown;
		r->cap = cap;
	}
	*out = &r->findings[r->count++];
	memset(*out, 0, sizeof(**out));
	return VG_OK;
}

/* NULL sorts first, so a versionless or ref-less finding has a stable place. */
static int strcmp_null(const char *a, const char *b)
{
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

static int finding_cmp(const void *pa, const void *pb)
{
	const vg_finding *a = pa, *b = pb;
	int c;

	if (a->severity != b->severity)
		return a->severity > b->severity ? -1 : 1;
	if (a->exploited != b->exploited)
		return a->exploited ? -1 : 1;
	if ((c = strcmp_null(a->vuln, b->vuln)))
		return c;
	return strcmp_null(a->component_ref, b->component_ref);
}

void vg_scan_result_sort(vg_scan_result *r)
{
	if (r->count > 1)
		qsort(r->findings, r->count, sizeof(*r->findings), finding_cmp);
}

void vg_scan_result_tally(const vg_scan_result *result, vg_scan_tally *out)
{
	size_t i;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < result->count; i++) {
		const vg_finding *f = &result->findings[i];

		if (f->suppressed) {
			out->suppressed++;
			continue;
		}
		out->findings++;
		out->exploited += f->exploited;
		out->low_confidence += f->confidence == VG_CONFIDENCE_LOW;
		if ((size_t)f->severity <= VG_SEV_CRITICAL)
			out->by_severity[f->severity]++;
	}
}

size_t vg_scan_result_fails(const vg_scan_result *r, vg_severity threshold, bool exploited_only)
{
	size_t i, n = 0;

	for (i = 0; i < r->count; i++) {
		const vg_finding *f = &r->findings[i];

		if (!f->suppressed && f->severity >= threshold && (!exploited_only || f->exploited))
			n++;
	}
	return n;
}

void scan_finding_free(vg_finding *f)
{
	char **strings[] = {
		&f->vuln,          &f->summary,     &f->component_ref, &f->component_name,
		&f->component_purl, &f->installed_version, &f->source, &f->record_id,
		&f->ecosystem,     &f->matched,     &f->distro_status, &f->cvss_vector,
		&f->cvss_source,   &f->kev_date_added, &f->kev_due_date, &f->kev_required_action,
	};
	size_t i;

	for (i = 0; i < sizeof(strings) / sizeof(strings[0]); i++)
		free(*strings[i]);
	vg_strlist_free(&f->aliases);
	vg_strlist_free(&f->fixed);
	/* f->vex points into the caller's vg_vex: not ours to free */
}

void vg_scan_result_free(vg_scan_result *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->count; i++)
		scan_finding_free(&r->findings[i]);
	free(r->findings);
	vg_strlist_free(&r->warnings);
	vg_vulndb_updates_free(r->updates, r->update_count);
	memset(r, 0, sizeof(*r));
}
