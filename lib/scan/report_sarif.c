/*
 * report_sarif.c - a scan result as SARIF 2.1.0, for code-scanning tools.
 *
 * One run; its driver lists one rule per vulnerability id (description,
 * advisory link, fixed versions, and properties.security-severity, the CVSS
 * score as a string, which GitHub code scanning uses to rank alerts).  Each
 * finding is one result: level error for critical/high, warning for medium,
 * note below; the location is the SBOM file (as the caller names it,
 * percent-encoded as a URI reference) plus a logical location for the
 * component.  partialFingerprints keep an alert's identity across scans
 * (vulnerability, component purl or name); a VEX-suppressed finding carries
 * suppressions[{kind: external, status: accepted}] with the statement's
 * justification, so viewers show it as dismissed rather than dropping it.
 */
#include "report_util.h"
#include "vigil/vex.h"

#include "vigil/buf.h"
#include "vigil/error.h"
#include "vigil/str.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *level_of(vg_severity s)
{
	if (s >= VG_SEV_HIGH)
		return "error";
	return s == VG_SEV_MEDIUM ? "warning" : "note";
}

/* "Fixed in 1.2.3, 1.3.0." or that no fix is known. */
static char *fixed_text(const vg_finding *f)
{
	vg_buf b = VG_BUF_INIT;
	size_t i;
	int rc = vg_buf_puts(&b, f->fixed.count ? "Fixed in " : "No fixed version is known.");

	for (i = 0; !rc && i < f->fixed.count; i++)
		rc = vg_buf_printf(&b, "%s%s", i ? ", " : "", f->fixed.items[i]);
	if (!rc && f->fixed.count)
		rc = vg_buf_putc(&b, '.');
	if (rc) {
		vg_buf_free(&b);
		return NULL;
	}
	return vg_buf_detach(&b);
}

static json_t *rule_json(const vg_finding *f)
{
	const char *db;
	char *url = vg_scanrep_advisory_url(f->vuln, &db), *help = fixed_text(f), score[16];
	json_t *rule = NULL, *props;

	if (url && help)
		rule = vg_scanrep_pack(
			"rule", "{s:s, s:{s:s}, s:s, s:{s:s}, s:{s:s}, s:{s:[s, s, s]}}", "id", f->vuln,
			"shortDescription", "text", f->summary ? f->summary : f->vuln, "helpUri", url,
			"help", "text", help, "defaultConfiguration", "level", level_of(f->severity),
			"properties", "tags", "security", "vulnerability", vg_severity_name(f->severity));
	free(url);
	free(help);
	if (rule && f->cvss_vector) {
		props = json_object_get(rule, "properties");
		snprintf(score, sizeof(score), "%.1f", f->cvss_score);
		if (vg_scanrep_set(props, "security-severity", vg_scanrep_pack("rule", "s", score))) {
			json_decref(rule);
			return NULL;
		}
	}
	return rule;
}

static char *message_text(const vg_finding *f)
{
	char *fixed = fixed_text(f), *text;

	if (!fixed)
		return NULL;
	text = vg_strdup_printf("%s %s is affected by %s (%s)%s%s. %s",
				f->component_name ? f->component_name : f->component_ref,
				f->installed_version ? f->installed_version : "(version unknown)",
				f->vuln, vg_severity_name(f->severity), f->summary ? ": " : "",
				f->summary ? f->summary : "", fixed);
	free(fixed);
	return text;
}

static json_t *location_json(const vg_finding *f, const char *uri)
{
	json_t *loc = vg_scanrep_pack(
		"location", "{s:[{s:s, s:s, s:s}]}", "logicalLocations", "name",
		f->component_name ? f->component_name : f->component_ref, "fullyQualifiedName",
		f->component_purl ? f->component_purl : f->component_ref, "kind", "module");

	if (loc && uri &&
	    vg_scanrep_set(loc, "physicalLocation",
			   vg_scanrep_pack("location", "{s:{s:s}}", "artifactLocation", "uri", uri))) {
		json_decref(loc);
		return NULL;
	}
	return loc;
}

static json_t *suppression_json(const vg_vex_statement *v)
{
	char *why = vg_strdup_printf("VEX %s%s%s%s%s (%s)", vg_vex_status_name(v->status),
				     v->justification ? ": " : "",
				     v->justification ? v->justification : "",
				     v->impact ? ": " : "", v->impact ? v->impact : "",
				     v->origin ? v->origin : "VEX statement");
	json_t *s;

	if (!why)
		return NULL;
	s = vg_scanrep_pack("suppression", "[{s:s, s:s, s:s}]", "kind", "external", "status",
			    "accepted", "justification", why);
	free(why);
	return s;
}

static json_t *result_json(const vg_finding *f, size_t rule_index, const char *uri)
{
	char *text = message_text(f), *print = vg_strdup_printf(
		"%s|%s", f->vuln, f->component_purl ? f->component_purl : f->component_name);
	json_t *res = NULL, *loc = location_json(f, uri);

	if (text && print && loc)
		res = vg_scanrep_pack("result", "{s:s, s:I, s:s, s:{s:s}, s:[o], s:{s:s}, s:{s:s}}",
				      "ruleId", f->vuln, "ruleIndex", (json_int_t)rule_index,
				      "level", level_of(f->severity), "message", "text", text,
				      "locations", loc, "partialFingerprints", "vigilFinding/v1",
				      print, "properties", "confidence",
				      vg_match_confidence_name(f->confidence));
	else
		json_decref(loc);
	free(text);
	free(print);
	if (res && f->suppressed && f->vex &&
	    vg_scanrep_set(res, "suppressions", suppression_json(f->vex))) {
		json_decref(res);
		return NULL;
	}
	return res;
}

static int add_finding(json_t *rules, json_t *rule_index, json_t *results, const vg_finding *f,
		       const char *uri)
{
	json_t *at;
	int rc;

	if (!f->vuln || !f->component_ref)
		return vg_error_set(VG_EINVAL, "a finding without a vulnerability id or component ref");
	if (!(at = json_object_get(rule_index, f->vuln))) {
		if ((rc = vg_scanrep_set(rule_index, f->vuln,
					 json_integer((json_int_t)json_array_size(rules)))) ||
		    (rc = vg_scanrep_append(rules, rule_json(f))))
			return rc;
		at = json_object_get(rule_index, f->vuln);
	}
	return vg_scanrep_append(results,
				 result_json(f, (size_t)json_integer_value(at), uri));
}

int vg_scan_write_sarif(const vg_scan_result *r, const vg_sbom *sbom, const char *sbom_path,
			char **out)
{
	json_t *doc, *rules, *results, *index;
	char *uri = sbom_path ? vg_scanrep_uri_encode(sbom_path, "/!$&'()*+,;=:@") : NULL;
	size_t i;
	int rc;

	(void)sbom; /* the location is the file; the components are in the results */
	if (sbom_path && !uri)
		return VG_ENOMEM;
	doc = vg_scanrep_pack(
		"SARIF",
		"{s:s, s:s, s:[{s:{s:{s:s, s:s, s:s, s:o}}, s:o}]}", "$schema",
		"https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
		"version", "2.1.0", "runs", "tool", "driver", "name", "vigil", "version",
		VIGIL_VERSION, "informationUri", "https://github.com/vigil-cra/vigil", "rules",
		rules = json_array(), "results", results = json_array());
	index = vg_scanrep_pack("SARIF", "{}");
	rc = doc && index ? VG_OK : vg_error_last()->code;
	for (i = 0; !rc && i < r->count; i++) {
		if ((rc = add_finding(rules, index, results, &r->findings[i], uri)))
			vg_error_prefix("SARIF: finding %zu (%s on %s): ", i,
					r->findings[i].vuln ? r->findings[i].vuln : "?",
					r->findings[i].component_ref ? r->findings[i].component_ref
								     : "?");
	}
	free(uri);
	json_decref(index);
	if (rc) {
		json_decref(doc);
		return rc;
	}
	return vg_scanrep_finish(doc, out);
}
