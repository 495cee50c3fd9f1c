/*
 * report_vdr.c - a scan result as a CycloneDX 1.6 Vulnerability Disclosure
 * Report: the scanned SBOM (written by the SBOM module's CycloneDX writer)
 * plus a vulnerabilities[] array.
 *
 * The VDR is a new BOM, not the scanned one: it gets its own serial number,
 * version 1, the time of writing and Vigil among the tools, so it never
 * collides with the SBOM it was made from.
 *
 * One vulnerabilities[] entry per vulnerability and VEX statement: findings
 * of one vulnerability on several components share an entry (one affects[]
 * item each), unless different VEX statements apply to them, because
 * CycloneDX holds one analysis per entry.  Ratings are the distinct CVSS
 * vectors of the entry's findings.  KEV and EPSS facts, which CycloneDX has
 * no field for, are properties named vigil:kev:* and vigil:epss:*.
 *
 * VEX justifications come as OpenVEX/CSAF labels or as CycloneDX's own; the
 * former map onto CycloneDX's enum (table below), anything else is kept only
 * in analysis.detail.
 */
#include "report_util.h"

#include "vigil/buf.h"
#include "vigil/cvss.h"
#include "vigil/error.h"
#include "vigil/str.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct vdr_entry {
	json_t *vuln;    /* the vulnerabilities[] item */
	json_t *affects;
	json_t *ratings;
	json_t *props;   /* NULL until a KEV/EPSS fact is added */
	bool kev, epss;  /* those facts are in props */
	vg_strlist advice; /* "name to version", distinct */
} vdr_entry;

typedef struct vdr_writer {
	json_t *vulns;   /* the vulnerabilities[] array */
	json_t *index;   /* "statement-address id" -> entry number */
	vdr_entry *entries;
	size_t count, cap;
} vdr_writer;

static const char *cdx_justification(const char *label)
{
	static const char *const map[][2] = {
		/* OpenVEX and CSAF labels */
		{ "component_not_present", "code_not_present" },
		{ "vulnerable_code_not_present", "code_not_present" },
		{ "vulnerable_code_not_in_execute_path", "code_not_reachable" },
		{ "vulnerable_code_cannot_be_controlled_by_adversary", "requires_environment" },
		{ "inline_mitigations_already_exist", "protected_by_mitigating_control" },
		/* CycloneDX's own */
		{ "code_not_present", "code_not_present" },
		{ "code_not_reachable", "code_not_reachable" },
		{ "requires_configuration", "requires_configuration" },
		{ "requires_dependency", "requires_dependency" },
		{ "requires_environment", "requires_environment" },
		{ "protected_by_compiler", "protected_by_compiler" },
		{ "protected_at_runtime", "protected_at_runtime" },
		{ "protected_at_perimeter", "protected_at_perimeter" },
		{ "protected_by_mitigating_control", "protected_by_mitigating_control" },
	};
	size_t i;

	for (i = 0; label && i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(label, map[i][0]) == 0)
			return map[i][1];
	return NULL;
}

static const char *cdx_state(vg_vex_status status)
{
	switch (status) {
	case VG_VEX_NOT_AFFECTED: return "not_affected";
	case VG_VEX_FIXED: return "resolved";
	case VG_VEX_AFFECTED: return "exploitable";
	case VG_VEX_UNDER_INVESTIGATION: break;
	}
	return "in_triage";
}

/* The affects[].versions[].status of the installed version. */
static const char *installed_status(const vg_vex_statement *vex)
{
	if (!vex || vex->status == VG_VEX_AFFECTED)
		return "affected";
	return vex->status == VG_VEX_UNDER_INVESTIGATION ? "unknown" : "unaffected";
}

static const char *cvss_method(const char *vector)
{
	vg_cvss c;

	if (vg_cvss_parse(&c, vector, strlen(vector)) != VG_OK) {
		vg_error_clear(); /* an unparsable vector is still a rating */
		return "other";
	}
	switch (c.version) {
	case VG_CVSS_V2: return "CVSSv2";
	case VG_CVSS_V3_0: return "CVSSv3";
	case VG_CVSS_V3_1: return "CVSSv31";
	case VG_CVSS_V4_0: return "CVSSv4";
	}
	return "other";
}

static json_t *analysis_json(const vg_vex_statement *v)
{
	vg_buf detail = VG_BUF_INIT;
	const char *just = cdx_justification(v->justification);
	json_t *a;
	int rc = VG_OK;

	if (v->impact)
		rc = vg_buf_puts(&detail, v->impact);
	if (!rc && v->justification && !just)
		rc = vg_buf_printf(&detail, "%sJustification: %s", detail.len ? "\n" : "",
				   v->justification);
	if (!rc && v->action)
		rc = vg_buf_printf(&detail, "%sAction: %s", detail.len ? "\n" : "", v->action);
	if (!rc && v->origin)
		rc = vg_buf_printf(&detail, "%sVEX: %s", detail.len ? "\n" : "", v->origin);
	if (rc) {
		vg_buf_free(&detail);
		return NULL;
	}
	a = vg_scanrep_pack("analysis", "{s:s, s:s?, s:s?}", "state", cdx_state(v->status),
			    "justification", just, "detail", detail.ptr);
	vg_buf_free(&detail);
	return a;
}

static json_t *references_json(const vg_finding *f)
{
	json_t *refs = vg_scanrep_pack("references", "[]");
	const char *name;
	char *url;
	size_t i;

	for (i = 0; refs && i < f->aliases.count; i++) {
		if (strcmp(f->aliases.items[i], f->vuln) == 0)
			continue;
		if (!(url = vg_scanrep_advisory_url(f->aliases.items[i], &name)) ||
		    vg_scanrep_append(refs, vg_scanrep_pack("references", "{s:s, s:{s:s, s:s}}", "id",
							    f->aliases.items[i], "source", "name",
							    name, "url", url))) {
			json_decref(refs);
			refs = NULL;
		}
		free(url);
	}
	return refs;
}

/* A new vulnerabilities[] item for f's vulnerability (and VEX statement). */
static int entry_new(vdr_writer *w, const vg_finding *f, const char *key)
{
	vdr_entry *e, *grown;
	const char *name;
	char *url, bomref[64];
	json_t *v;
	int rc;

	if (w->count == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 16;

		if (!(grown = realloc(w->entries, cap * sizeof(*grown))))
			return vg_error_set(VG_ENOMEM, "out of memory");
		w->entries = grown;
		w->cap = cap;
	}
	if (!(url = vg_scanrep_advisory_url(f->vuln, &name)))
		return VG_ENOMEM;
	snprintf(bomref, sizeof(bomref), "vigil-vulnerability-%zu", w->count + 1);
	v = vg_scanrep_pack("vulnerability", "{s:s, s:s, s:{s:s, s:s}}", "bom-ref", bomref, "id",
			    f->vuln, "source", "name", name, "url", url);
	free(url);
	if ((rc = vg_scanrep_append(w->vulns, v)))
		return rc;
	e = &w->entries[w->count++];
	memset(e, 0, sizeof(*e));
	e->vuln = v;
	if ((rc = vg_scanrep_set(v, "references", references_json(f))) ||
	    (rc = vg_scanrep_set(v, "ratings", e->ratings = vg_scanrep_pack("ratings", "[]"))) ||
	    (f->summary && (rc = vg_scanrep_set(v, "description",
						vg_scanrep_pack("description", "s", f->summary)))) ||
	    (f->vex && (rc = vg_scanrep_set(v, "analysis", analysis_json(f->vex)))) ||
	    (rc = vg_scanrep_set(v, "affects", e->affects = vg_scanrep_pack("affects", "[]"))))
		return rc;
	return vg_scanrep_set(w->index, key, json_integer((json_int_t)(w->count - 1)));
}

static int add_rating(vdr_entry *e, const vg_finding *f)
{
	size_t i;
	json_t *r;

	if (!f->cvss_vector) {
		/* a severity without a vector (a distro's own rating) is still one */
		if (f->severity == VG_SEV_UNKNOWN || json_array_size(e->ratings))
			return VG_OK;
		return vg_scanrep_append(e->ratings,
					 vg_scanrep_pack("rating", "{s:s, s:s}", "severity",
							 vg_severity_name(f->severity), "method",
							 "other"));
	}
	for (i = 0; i < json_array_size(e->ratings); i++) {
		r = json_array_get(e->ratings, i);
		if (json_is_string(json_object_get(r, "vector")) &&
		    strcmp(json_string_value(json_object_get(r, "vector")), f->cvss_vector) == 0)
			return VG_OK;
	}
	r = vg_scanrep_pack("rating", "{s:f, s:s, s:s, s:s}", "score", f->cvss_score, "severity",
			    vg_severity_name(f->severity), "method", cvss_method(f->cvss_vector),
			    "vector", f->cvss_vector);
	if (r && f->cvss_source &&
	    vg_scanrep_set(r, "source", vg_scanrep_pack("rating", "{s:s}", "name", f->cvss_source))) {
		json_decref(r);
		return vg_error_last()->code;
	}
	return vg_scanrep_append(e->ratings, r);
}

/* "openssl to 3.0.13 or 3.1.5", once per distinct text. */
static int add_advice(vdr_entry *e, const vg_finding *f)
{
	vg_buf b = VG_BUF_INIT;
	size_t i;
	int rc = vg_buf_printf(&b, "%s to %s", f->component_name ? f->component_name : f->component_ref,
			       f->fixed.items[0]);

	for (i = 1; !rc && i < f->fixed.count; i++)
		rc = vg_buf_printf(&b, " or %s", f->fixed.items[i]);
	if (!rc && !vg_strlist_contains(&e->advice, b.ptr))
		rc = vg_strlist_take(&e->advice, vg_buf_detach(&b));
	vg_buf_free(&b);
	return rc;
}

static int add_affects(vdr_entry *e, const vg_finding *f)
{
	json_t *versions = vg_scanrep_pack("affects", "[]");
	size_t i;
	int rc;

	if ((rc = vg_scanrep_append(e->affects, vg_scanrep_pack("affects", "{s:s, s:o}", "ref",
								 f->component_ref, "versions",
								 versions))))
		return rc;
	if (f->installed_version && *f->installed_version &&
	    (rc = vg_scanrep_append(versions, vg_scanrep_pack("affects", "{s:s, s:s}", "version",
							      f->installed_version, "status",
							      installed_status(f->vex)))))
		return rc;
	for (i = 0; i < f->fixed.count; i++) {
		if (*f->fixed.items[i] &&
		    (rc = vg_scanrep_append(versions, vg_scanrep_pack("affects", "{s:s, s:s}",
								      "version", f->fixed.items[i],
								      "status", "unaffected"))))
			return rc;
	}
	return f->fixed.count ? add_advice(e, f) : VG_OK;
}

static int add_property(vdr_entry *e, const char *name, const char *value)
{
	int rc;

	if (!value)
		return VG_OK;
	if (!e->props && (rc = vg_scanrep_set(e->vuln, "properties",
					      e->props = vg_scanrep_pack("properties", "[]"))))
		return rc;
	return vg_scanrep_append(e->props, vg_scanrep_pack("property", "{s:s, s:s}", "name", name,
							    "value", value));
}

/* KEV and EPSS describe the vulnerability: the first finding that has them
 * speaks for the entry. */
static int add_facts(vdr_entry *e, const vg_finding *f)
{
	char score[32], pct[32];
	int rc = VG_OK;

	if (f->exploited && !e->kev) {
		e->kev = true;
		rc = add_property(e, "vigil:kev:exploited", "true");
		if (!rc)
			rc = add_property(e, "vigil:kev:date-added", f->kev_date_added);
		if (!rc)
			rc = add_property(e, "vigil:kev:due-date", f->kev_due_date);
		if (!rc)
			rc = add_property(e, "vigil:kev:required-action", f->kev_required_action);
	}
	if (!rc && f->has_epss && !e->epss) {
		e->epss = true;
		snprintf(score, sizeof(score), "%g", f->epss_score);
		snprintf(pct, sizeof(pct), "%g", f->epss_percentile);
		rc = add_property(e, "vigil:epss:score", score);
		if (!rc)
			rc = add_property(e, "vigil:epss:percentile", pct);
	}
	return rc;
}

static int add_finding(vdr_writer *w, const vg_finding *f)
{
	char *key;
	json_t *at;
	vdr_entry *e;
	int rc;

	if (!f->vuln || !f->component_ref)
		return vg_error_set(VG_EINVAL, "a finding without a vulnerability id or component ref");
	if (!(key = vg_strdup_printf("%p %s", (const void *)f->vex, f->vuln)))
		return VG_ENOMEM;
	at = json_object_get(w->index, key);
	rc = at ? VG_OK : entry_new(w, f, key);
	free(key);
	if (rc)
		return rc;
	e = &w->entries[at ? json_integer_value(at) : (json_int_t)(w->count - 1)];
	if ((rc = add_rating(e, f)) || (rc = add_affects(e, f)) || (rc = add_facts(e, f)))
		return rc;
	return VG_OK;
}

/* The VDR's BOM: the scanned SBOM as a new document (see the top). */
static int bom_json(const vg_sbom *sbom, json_t **out)
{
	vg_sbom *vdr = vg_sbom_clone(sbom);
	char *text = NULL;
	int rc;

	if (!vdr)
		return vg_error_last()->code;
	free(vdr->serial);
	free(vdr->timestamp);
	vdr->serial = vdr->timestamp = NULL;
	vdr->version = 1;
	/* an SBOM vigil generated names it already; CycloneDX forbids duplicates */
	rc = vg_strlist_contains(&vdr->tools, "vigil " VIGIL_VERSION)
		     ? VG_OK
		     : vg_strlist_add(&vdr->tools, "vigil " VIGIL_VERSION);
	if (!rc)
		rc = vg_sbom_write(vdr, VG_SBOM_CYCLONEDX_JSON, &text);
	if (!rc)
		rc = vg_json_parse(text, strlen(text), "CycloneDX writer output", out);
	free(text);
	vg_sbom_free(vdr);
	return rc;
}

/* "Upgrade openssl to 3.0.13; zlib to 1.3.1". */
static int set_recommendation(vdr_entry *e)
{
	vg_buf b = VG_BUF_INIT;
	size_t i;
	int rc = VG_OK;

	if (!e->advice.count)
		return VG_OK;
	for (i = 0; !rc && i < e->advice.count; i++)
		rc = vg_buf_printf(&b, "%s%s", i ? "; " : "Upgrade ", e->advice.items[i]);
	if (!rc)
		rc = vg_scanrep_set(e->vuln, "recommendation",
				    vg_scanrep_pack("recommendation", "s", b.ptr));
	vg_buf_free(&b);
	return rc;
}

static void writer_free(vdr_writer *w)
{
	size_t i;

	for (i = 0; i < w->count; i++)
		vg_strlist_free(&w->entries[i].advice);
	free(w->entries);
	json_decref(w->index);
}

int vg_scan_write_vdr(const vg_scan_result *r, const vg_sbom *sbom, char **out)
{
	vdr_writer w = { NULL, NULL, NULL, 0, 0 };
	json_t *doc = NULL;
	size_t i;
	int rc;

	if ((rc = bom_json(sbom, &doc)))
		return vg_error_prefix("VDR: ");
	w.index = vg_scanrep_pack("VDR", "{}");
	rc = w.index ? vg_scanrep_set(doc, "vulnerabilities", w.vulns = vg_scanrep_pack("VDR", "[]"))
		     : vg_error_last()->code;
	for (i = 0; !rc && i < r->count; i++) {
		if ((rc = add_finding(&w, &r->findings[i])))
			vg_error_prefix("VDR: finding %zu (%s on %s): ", i,
					r->findings[i].vuln ? r->findings[i].vuln : "?",
					r->findings[i].component_ref ? r->findings[i].component_ref
								     : "?");
	}
	for (i = 0; !rc && i < w.count; i++)
		rc = set_recommendation(&w.entries[i]);
	writer_free(&w);
	if (rc) {
		json_decref(doc);
		return rc;
	}
	return vg_scanrep_finish(doc, out);
}
