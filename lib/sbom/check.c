/*
 * check.c - run the SBOM quality profiles (vigil/sbom_check.h).
 *
 * The profiles themselves are tables in check_bsi.c and check_ntia.c; this
 * file runs a table over a vg_sbom, keeps per-component lists of missing
 * fields, computes the scores and grades, and renders the report as JSON.
 */
#include "check_internal.h"
#include "vigil/buf.h"
#include "vigil/error.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const check_profile_def *const profile_defs[] = { &check_bsi_profile,
							  &check_ntia_profile };
#define PROFILE_DEF_COUNT (sizeof(profile_defs) / sizeof(profile_defs[0]))

/* ---- building blocks shared by the profiles ---- */

bool check_has(const char *s)
{
	return s && *s && strcmp(s, "NOASSERTION") != 0;
}

bool check_party_has_contact(const vg_party *p)
{
	return check_has(p->email) || check_has(p->url);
}

bool check_party_has_any(const vg_party *p)
{
	return check_has(p->name) || check_party_has_contact(p);
}

bool check_has_identifier(const vg_component *c)
{
	return check_has(c->purl) || c->cpes.count > 0;
}

static int ref_cmp(const void *key, const void *item)
{
	return strcmp((const char *)key, *(char *const *)item);
}

bool check_in_graph(const check_ctx *ctx, const vg_component *c)
{
	if (c->depends_on.count || c->contains.count)
		return true;
	/* A lone component has nothing to relate to. */
	if (ctx->sbom->component_count + (ctx->sbom->primary ? 1 : 0) == 1)
		return true;
	return c->ref && ctx->targets.count &&
	       bsearch(c->ref, ctx->targets.items, ctx->targets.count, sizeof(char *), ref_cmp);
}

static bool digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

/* RFC 3339 section 5.6: full-date "T" full-time, time-offset Z or +hh:mm. */
const char *check_timestamp_fault(const char *ts)
{
	const char *p = ts + 19;

	if (strlen(ts) < 20 || !digits(ts, 4) || ts[4] != '-' || !digits(ts + 5, 2) ||
	    ts[7] != '-' || !digits(ts + 8, 2) || (ts[10] != 'T' && ts[10] != 't') ||
	    !digits(ts + 11, 2) || ts[13] != ':' || !digits(ts + 14, 2) || ts[16] != ':' ||
	    !digits(ts + 17, 2))
		return "not an RFC 3339 date-time (YYYY-MM-DDThh:mm:ssZ)";
	if (*p == '.') {
		for (p++; isdigit((unsigned char)*p); p++)
			;
	}
	if ((*p == 'Z' || *p == 'z') && !p[1])
		return NULL;
	if ((*p == '+' || *p == '-') && strlen(p) == 6 && digits(p + 1, 2) && p[3] == ':' &&
	    digits(p + 4, 2))
		return NULL;
	return "RFC 3339 date-time without a valid time zone (Z or +hh:mm)";
}

/* ---- predicates shared by the profiles ---- */

bool check_doc_timestamp(const check_ctx *ctx, const vg_component *c, char **detail)
{
	const char *fault;

	(void)c;
	if (!check_has(ctx->sbom->timestamp)) {
		*detail = vg_strdup_printf("the SBOM has no creation timestamp");
		return false;
	}
	fault = check_timestamp_fault(ctx->sbom->timestamp);
	if (fault)
		*detail = vg_strdup_printf("timestamp '%s': %s", ctx->sbom->timestamp, fault);
	return fault == NULL;
}

bool check_comp_name(const check_ctx *ctx, const vg_component *c, char **detail)
{
	(void)ctx, (void)detail;
	return check_has(c->name);
}

bool check_comp_version(const check_ctx *ctx, const vg_component *c, char **detail)
{
	(void)ctx, (void)detail;
	return check_has(c->version);
}

bool check_comp_identifier(const check_ctx *ctx, const vg_component *c, char **detail)
{
	(void)ctx, (void)detail;
	return check_has_identifier(c);
}

/* ---- running a profile ---- */

static int ctx_init(check_ctx *ctx, const vg_sbom *sbom)
{
	const vg_component *c;
	size_t i, j;

	memset(ctx, 0, sizeof(*ctx));
	ctx->sbom = sbom;
	for (i = 0; i <= sbom->component_count; i++) {
		c = i == 0 ? sbom->primary : sbom->components[i - 1];
		if (!c)
			continue;
		for (j = 0; j < c->depends_on.count; j++)
			if (vg_strlist_add(&ctx->targets, c->depends_on.items[j]))
				return VG_ENOMEM;
		for (j = 0; j < c->contains.count; j++)
			if (vg_strlist_add(&ctx->targets, c->contains.items[j]))
				return VG_ENOMEM;
	}
	vg_strlist_sort(&ctx->targets);
	return VG_OK;
}

/* The i-th subject of the component checks: the primary first. */
static const vg_component *subject(const vg_sbom *sbom, size_t i)
{
	if (sbom->primary)
		return i == 0 ? sbom->primary : sbom->components[i - 1];
	return sbom->components[i];
}

static int copy_or_null(char **dst, const char *s)
{
	*dst = s ? vg_strdup(s) : NULL;
	return s && !*dst ? VG_ENOMEM : VG_OK;
}

static int components_init(vg_check_profile_report *pr, const vg_sbom *sbom)
{
	size_t i, n = sbom->component_count + (sbom->primary ? 1 : 0);
	const vg_component *c;

	pr->components = calloc(n ? n : 1, sizeof(*pr->components));
	if (!pr->components)
		return vg_error_set(VG_ENOMEM, "out of memory");
	pr->component_count = n;
	for (i = 0; i < n; i++) {
		c = subject(sbom, i);
		if (copy_or_null(&pr->components[i].ref, c->ref) ||
		    copy_or_null(&pr->components[i].name, c->name) ||
		    copy_or_null(&pr->components[i].version, c->version))
			return vg_error_set(VG_ENOMEM, "out of memory");
	}
	return VG_OK;
}

static double round_tenth(double x)
{
	return round(x * 10.0) / 10.0;
}

static int run_requirement(const check_ctx *ctx, const check_profile_def *def, size_t k,
			   vg_check_profile_report *pr)
{
	const vg_check_requirement *req = &def->reqs[k];
	vg_check_result *r = &pr->results[k];
	vg_check_component *cc;
	size_t i;

	r->req = req;
	if (req->scope == VG_CHECK_DOCUMENT) {
		r->checked = 1;
		r->passed = def->fns[k](ctx, NULL, &r->detail) ? 1 : 0;
	} else {
		for (i = 0; i < pr->component_count; i++) {
			r->checked++;
			if (def->fns[k](ctx, subject(ctx->sbom, i), NULL)) {
				r->passed++;
				continue;
			}
			cc = &pr->components[i];
			if (vg_strlist_add(req->level == VG_CHECK_REQUIRED ? &cc->missing
									    : &cc->missing_recommended,
					   req->field))
				return VG_ENOMEM;
		}
	}
	/* No component at all satisfies no component requirement. */
	r->score = r->checked ? round_tenth(100.0 * (double)r->passed / (double)r->checked) : 0.0;
	return VG_OK;
}

static void score_profile(vg_check_profile_report *pr)
{
	double sum = 0;
	size_t i;

	for (i = 0; i < pr->result_count; i++) {
		if (pr->results[i].req->level != VG_CHECK_REQUIRED)
			continue;
		pr->required_count++;
		sum += pr->results[i].score;
		if (pr->results[i].checked && pr->results[i].passed == pr->results[i].checked)
			pr->required_met++;
	}
	pr->score = pr->required_count ? round_tenth(sum / (double)pr->required_count) : 100.0;
	pr->grade = vg_check_grade(pr->score);
	pr->compliant = pr->required_met == pr->required_count;
}

static int run_profile(const check_ctx *ctx, const check_profile_def *def,
		       vg_check_profile_report *pr)
{
	size_t k;

	pr->profile = def->profile;
	pr->name = def->name;
	pr->title = def->title;
	pr->results = calloc(def->count, sizeof(*pr->results));
	if (!pr->results)
		return vg_error_set(VG_ENOMEM, "out of memory");
	pr->result_count = def->count;
	if (components_init(pr, ctx->sbom))
		return VG_ENOMEM;
	for (k = 0; k < def->count; k++)
		if (run_requirement(ctx, def, k, pr))
			return vg_error_set(VG_ENOMEM, "out of memory");
	score_profile(pr);
	return VG_OK;
}

static int add_notes(vg_check_report *report, const vg_sbom *sbom)
{
	if (sbom->source_format == VG_SBOM_FORMAT_UNKNOWN &&
	    vg_strlist_add(&report->notes, "the SBOM was built in memory: its format is taken "
					   "as CycloneDX 1.6, the format it is written in"))
		return VG_ENOMEM;
	if (!sbom->primary && !sbom->component_count &&
	    vg_strlist_add(&report->notes, "the SBOM lists no components: every component "
					   "requirement fails"))
		return VG_ENOMEM;
	return VG_OK;
}

int vg_sbom_check(const vg_sbom *sbom, vg_check_profile profiles, vg_check_report **out)
{
	vg_check_report *report;
	check_ctx ctx;
	size_t i;
	int rc;

	*out = NULL;
	if (!sbom || !(profiles & VG_CHECK_ALL) || (profiles & ~VG_CHECK_ALL))
		return vg_error_set(VG_EINVAL, "vg_sbom_check: no valid profile selected");
	report = calloc(1, sizeof(*report));
	if (!report || !(report->profiles = calloc(PROFILE_DEF_COUNT, sizeof(*report->profiles)))) {
		free(report);
		return vg_error_set(VG_ENOMEM, "out of memory");
	}
	rc = ctx_init(&ctx, sbom);
	for (i = 0; rc == VG_OK && i < PROFILE_DEF_COUNT; i++) {
		if (!(profiles & profile_defs[i]->profile))
			continue;
		rc = run_profile(&ctx, profile_defs[i], &report->profiles[report->profile_count++]);
	}
	if (rc == VG_OK)
		rc = add_notes(report, sbom);
	vg_strlist_free(&ctx.targets);
	if (rc) {
		vg_check_report_free(report);
		return vg_error_set(VG_ENOMEM, "out of memory");
	}
	*out = report;
	return VG_OK;
}

static void profile_report_free(vg_check_profile_report *pr)
{
	size_t i;

	for (i = 0; i < pr->result_count; i++)
		free(pr->results[i].detail);
	free(pr->results);
	for (i = 0; i < pr->component_count; i++) {
		free(pr->components[i].ref);
		free(pr->components[i].name);
		free(pr->components[i].version);
		vg_strlist_free(&pr->components[i].missing);
		vg_strlist_free(&pr->components[i].missing_recommended);
	}
	free(pr->components);
}

void vg_check_report_free(vg_check_report *report)
{
	size_t i;

	if (!report)
		return;
	for (i = 0; i < report->profile_count; i++)
		profile_report_free(&report->profiles[i]);
	free(report->profiles);
	vg_strlist_free(&report->notes);
	free(report);
}

/* ---- grades, names, tables ---- */

static const struct {
	char letter;
	double min;
} grades[] = { { 'A', 90 }, { 'B', 75 }, { 'C', 50 }, { 'D', 25 }, { 'F', 0 } };

char vg_check_grade(double score)
{
	size_t i;

	for (i = 0; i < sizeof(grades) / sizeof(grades[0]) - 1; i++)
		if (score >= grades[i].min)
			return grades[i].letter;
	return 'F';
}

int vg_check_grade_parse(const char *text, double *min_score)
{
	size_t i;

	for (i = 0; text && text[0] && !text[1] && i < sizeof(grades) / sizeof(grades[0]); i++) {
		if (toupper((unsigned char)text[0]) == grades[i].letter) {
			*min_score = grades[i].min;
			return VG_OK;
		}
	}
	return vg_error_set(VG_EINVAL, "unknown grade '%s' (expected A, B, C, D or F)",
			    text ? text : "");
}

int vg_check_profile_parse(const char *name, vg_check_profile *out)
{
	size_t i;

	if (name && !vg_strcasecmp(name, "all")) {
		*out = VG_CHECK_ALL;
		return VG_OK;
	}
	for (i = 0; name && i < PROFILE_DEF_COUNT; i++) {
		if (!vg_strcasecmp(name, profile_defs[i]->name)) {
			*out = profile_defs[i]->profile;
			return VG_OK;
		}
	}
	return vg_error_set(VG_EINVAL, "unknown profile '%s' (expected bsi, ntia or all)",
			    name ? name : "");
}

const vg_check_requirement *vg_check_requirements(vg_check_profile profile, size_t *count)
{
	size_t i;

	for (i = 0; i < PROFILE_DEF_COUNT; i++) {
		if (profile_defs[i]->profile == profile) {
			*count = profile_defs[i]->count;
			return profile_defs[i]->reqs;
		}
	}
	*count = 0;
	return NULL;
}

/* ---- JSON ---- */

static json_t *strlist_json(const vg_strlist *l)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a && i < l->count; i++) {
		if (json_array_append_new(a, json_string(l->items[i]))) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static json_t *result_json(const vg_check_result *r)
{
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:f}", "id",
			      r->req->id, "field", r->req->field, "title", r->req->title,
			      "section", r->req->section, "mapping", r->req->mapping, "level",
			      r->req->level == VG_CHECK_REQUIRED ? "required" : "recommended",
			      "scope", r->req->scope == VG_CHECK_DOCUMENT ? "document" : "component",
			      "checked", (json_int_t)r->checked, "passed", (json_int_t)r->passed,
			      "score", r->score);

	if (o && r->detail && json_object_set_new(o, "detail", json_string(r->detail))) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *component_json(const vg_check_component *c)
{
	return json_pack("{s:s?, s:s?, s:s?, s:o?, s:o?}", "ref", c->ref, "name", c->name,
			 "version", c->version, "missing", strlist_json(&c->missing),
			 "missing_recommended", strlist_json(&c->missing_recommended));
}

static json_t *profile_json(const vg_check_profile_report *pr)
{
	json_t *results = json_array(), *components = json_array();
	char grade[2] = { pr->grade, '\0' };
	size_t i;
	int rc = !results || !components;

	for (i = 0; !rc && i < pr->result_count; i++)
		rc = json_array_append_new(results, result_json(&pr->results[i]));
	for (i = 0; !rc && i < pr->component_count; i++)
		rc = json_array_append_new(components, component_json(&pr->components[i]));
	if (rc) {
		json_decref(results);
		json_decref(components);
		return NULL;
	}
	return json_pack("{s:s, s:s, s:f, s:s, s:b, s:I, s:I, s:o, s:o}", "profile", pr->name,
			 "title", pr->title, "score", pr->score, "grade", grade, "compliant",
			 pr->compliant, "required", (json_int_t)pr->required_count,
			 "required_met", (json_int_t)pr->required_met, "requirements", results,
			 "components", components);
}

json_t *vg_check_report_json(const vg_check_report *report)
{
	json_t *profiles = json_array();
	size_t i;

	for (i = 0; profiles && i < report->profile_count; i++) {
		if (json_array_append_new(profiles, profile_json(&report->profiles[i]))) {
			json_decref(profiles);
			profiles = NULL;
		}
	}
	json_t *o = profiles ? json_pack("{s:o, s:o?}", "profiles", profiles, "notes",
					 strlist_json(&report->notes))
			     : NULL;
	if (!o)
		vg_error_set(VG_ENOMEM, "out of memory");
	return o;
}
