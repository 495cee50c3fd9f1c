/*
 * report_json.c - a scan result as Vigil's own JSON ("vigil-scan/1").
 *
 * Every field of every finding is written, suppressed findings included
 * (with the VEX statement that suppresses them), so the document is the
 * complete record of a scan; docs/scan.md describes it field by field.
 * Absent values are written as null rather than left out, so every finding
 * has the same shape.  The summary counts only findings that are not
 * suppressed (what --fail-on looks at), plus the number suppressed.
 */
#include "report_util.h"
#include "vigil/vex.h"

#include "vigil/error.h"

static json_t *sbom_json(const vg_scan_result *r, const vg_sbom *sbom)
{
	const char *format = sbom->source_format == VG_SBOM_FORMAT_UNKNOWN
				     ? NULL
				     : vg_sbom_format_name(sbom->source_format);
	const char *name = sbom->name ? sbom->name : sbom->primary ? sbom->primary->name : NULL;

	return vg_scanrep_pack("$.sbom", "{s:s?, s:s?, s:I, s:I}", "name", name, "format", format,
			       "components", (json_int_t)r->components, "matched_components",
			       (json_int_t)r->matched_components);
}

static json_t *summary_json(const vg_scan_result *r)
{
	vg_scan_tally t;
	json_t *o;
	int s;

	vg_scan_result_tally(r, &t);
	o = vg_scanrep_pack("$.summary", "{s:I, s:I, s:I, s:I, s:I}", "findings",
			    (json_int_t)t.findings, "suppressed", (json_int_t)t.suppressed,
			    "exploited", (json_int_t)t.exploited, "low_confidence",
			    (json_int_t)t.low_confidence, "omitted_unfixed",
			    (json_int_t)r->omitted_unfixed);
	for (s = VG_SEV_CRITICAL; o && s >= VG_SEV_UNKNOWN; s--) {
		if (vg_scanrep_set(o, vg_severity_name((vg_severity)s),
				   vg_scanrep_pack("$.summary", "I", (json_int_t)t.by_severity[s]))) {
			json_decref(o);
			o = NULL;
		}
	}
	return o;
}

static json_t *vex_json(const vg_vex_statement *v)
{
	if (!v)
		return json_null();
	return vg_scanrep_pack("vex", "{s:s, s:s?, s:s?, s:s?, s:s?}", "status",
			       vg_vex_status_name(v->status), "justification", v->justification,
			       "impact", v->impact, "action", v->action, "origin", v->origin);
}

/* The members built on their own (lists, nullable objects); pack takes them. */
enum { F_ALIASES, F_FIXED, F_CVSS, F_EPSS, F_VEX, F_PARTS };

static json_t *finding_json(const vg_finding *f)
{
	json_t *p[F_PARTS];
	size_t i;

	p[F_ALIASES] = vg_scanrep_strings(&f->aliases, "aliases");
	p[F_FIXED] = vg_scanrep_strings(&f->fixed, "fixed");
	p[F_CVSS] = f->cvss_vector ? vg_scanrep_pack("cvss", "{s:f, s:s, s:s?}", "score",
						     f->cvss_score, "vector", f->cvss_vector,
						     "source", f->cvss_source)
				   : json_null();
	p[F_EPSS] = f->has_epss ? vg_scanrep_pack("epss", "{s:f, s:f}", "score", f->epss_score,
						  "percentile", f->epss_percentile)
				: json_null();
	p[F_VEX] = vex_json(f->vex);
	for (i = 0; i < F_PARTS; i++) {
		if (!p[i]) {
			for (i = 0; i < F_PARTS; i++)
				json_decref(p[i]);
			return NULL;
		}
	}
	return vg_scanrep_pack(
		"finding",
		"{s:s, s:o, s:s?, s:{s:s?, s:s?, s:s?, s:s?}, s:{s:s, s:s, s:s?, s:s?, s:s?, s:s?, s:s?},"
		" s:o, s:s, s:o, s:{s:b, s:s?, s:s?, s:s?}, s:o, s:o, s:b}",
		"id", f->vuln ? f->vuln : "", "aliases", p[F_ALIASES], "summary", f->summary,
		"component", "ref", f->component_ref, "name", f->component_name, "purl",
		f->component_purl, "version", f->installed_version,
		"match", "kind", vg_match_kind_name(f->kind), "confidence",
		vg_match_confidence_name(f->confidence), "source", f->source, "record",
		f->record_id, "ecosystem", f->ecosystem, "matched", f->matched, "distro_status",
		f->distro_status,
		"fixed", p[F_FIXED], "severity", vg_severity_name(f->severity), "cvss", p[F_CVSS],
		"kev", "exploited", f->exploited, "date_added", f->kev_date_added, "due_date",
		f->kev_due_date, "required_action", f->kev_required_action,
		"epss", p[F_EPSS], "vex", p[F_VEX], "suppressed", f->suppressed);
}

/* Finding i, its failure named with its place in the document. */
static json_t *nth_finding(size_t i, void *ctx)
{
	const vg_finding *f = &((const vg_scan_result *)ctx)->findings[i];
	json_t *v = finding_json(f);

	if (!v)
		vg_error_prefix("$.findings[%zu] (%s on %s): ", i, f->vuln ? f->vuln : "?",
				f->component_ref ? f->component_ref : "?");
	return v;
}

/* {"updated": {"osv": "2026-11-23T07:30:00Z", ...}}: what the findings are as of. */
static json_t *database_json(const vg_scan_result *r)
{
	json_t *updated = vg_scanrep_pack("$.database.updated", "{}");
	size_t i;

	for (i = 0; updated && i < r->update_count; i++)
		if (vg_scanrep_set(updated, r->updates[i].source,
				   vg_scanrep_pack("$.database.updated", "s", r->updates[i].when))) {
			json_decref(updated);
			updated = NULL;
		}
	return updated ? vg_scanrep_pack("$.database", "{s:o}", "updated", updated) : NULL;
}

int vg_scan_write_json(const vg_scan_result *r, const vg_sbom *sbom, char **out)
{
	vg_scanrep_doc doc = VG_SCANREP_DOC_INIT;

	vg_scanrep_member(&doc, "schema", json_string("vigil-scan/1"));
	vg_scanrep_member(&doc, "sbom", sbom_json(r, sbom));
	vg_scanrep_member(&doc, "database", database_json(r));
	vg_scanrep_member(&doc, "summary", summary_json(r));
	vg_scanrep_member(&doc, "warnings", vg_scanrep_strings(&r->warnings, "$.warnings"));
	vg_scanrep_array_begin(&doc, "findings");
	vg_scanrep_elements(&doc, r->count, nth_finding, (void *)r);
	vg_scanrep_array_end(&doc);
	return vg_scanrep_doc_finish(&doc, out);
}
