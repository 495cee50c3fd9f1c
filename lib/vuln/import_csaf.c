/*
 * import_csaf.c - CSAF 2.0 advisories (vigil/csaf.h) as records of source
 * "csaf", one per vulnerability of the document.
 *
 * record_id is "<tracking id>/<cve or first id>"; the CVE and the ids[]
 * texts are the aliases (except ids that are bare numbers, such as Red Hat's
 * Bugzilla numbers: without their system name they would merge unrelated
 * vulnerabilities).  The advisory id is never an alias: one advisory covers
 * several distinct CVEs, as a DSA does.  modified is the document's
 * current_release_date, published the vulnerability's release_date or the
 * document's initial_release_date.
 *
 * Products are read through their purl (a relationship product without one
 * uses its component's, Red Hat's "X as a component of Y"), else their CPE.
 * Per package (ecosystem and name from the purl, versions from the purls):
 *   - known_affected versions are exact versions; first_affected V gives the
 *     range introduced V, last_affected V introduced 0 / last_affected V; a
 *     product_version_range in vers: form converts to one OSV range when it
 *     is one interval (>=, >, <, <=, *), else it is kept in source_versions;
 *     an affected purl without version or range: introduced 0;
 *   - fixed / first_fixed versions fill `fixed`; a package only fixed (the
 *     RHSA case) gets one range introduced 0 / fixed F per fixed version;
 *   - known_not_affected products give a row with status "not_affected".
 * CPE-only products in the affected lists become cpe_match rows (config 0,
 * one OR node, vulnerable, bounds from a one-interval vers range).  Products
 * with neither purl nor CPE are passed over.
 *
 * A document the CSAF reader rejects is one failure in the report; a
 * vulnerability that cannot be a record (no identifier, bad date, bad purl or
 * CPE) is a failure naming its JSON path, and the others are imported.
 */
#include "vulndb_internal.h"
#include "vigil/buf.h"
#include "vigil/csaf.h"
#include "vigil/ecosystem.h"
#include "vigil/error.h"
#include "vigil/purl.h"
#include "vigil/range.h"
#include "vigil/time.h"

#include <stdlib.h>
#include <string.h>

typedef struct csaf_pkg {
	char *ecosystem;
	char *name;
	char *purl;               /* the first purl seen, without version */
	vg_strlist versions;      /* known_affected */
	vg_strlist fixed;
	vg_strlist not_affected;  /* versions; see all_not_affected */
	bool all_not_affected;    /* a not-affected product without version */
	bool affected;            /* some affected product */
	json_t *ranges;           /* OSV ranges */
	json_t *source_versions;  /* vers texts that are no single interval */
} csaf_pkg;

typedef struct csaf_rows {
	csaf_pkg *pkgs;
	size_t npkgs;
	vg_strlist cpes;          /* affected CPE-only products' ids */
} csaf_rows;

static void rows_free(csaf_rows *r)
{
	for (size_t i = 0; i < r->npkgs; i++) {
		csaf_pkg *p = &r->pkgs[i];

		free(p->ecosystem);
		free(p->name);
		free(p->purl);
		vg_strlist_free(&p->versions);
		vg_strlist_free(&p->fixed);
		vg_strlist_free(&p->not_affected);
		json_decref(p->ranges);
		json_decref(p->source_versions);
	}
	free(r->pkgs);
	vg_strlist_free(&r->cpes);
}

/* What a product is known by: its own purl/CPE/range, else its component's. */
static const vg_csaf_product *component_of(const vg_csaf_doc *doc, const vg_csaf_product *p)
{
	const vg_csaf_product *c = p->product_reference ?
					   vg_csaf_product_find(doc, p->product_reference) : NULL;

	return (!p->purl && !p->cpe && c) ? c : p;
}

/* OSV's ecosystem for the types it has one for; other types name themselves
 * ("rpm", "deb", "generic"), as vg_version_scheme_parse knows most of them. */
static const char *ecosystem_of(const char *type)
{
	const char *osv = vg_purl_osv_ecosystem(type);

	return osv ? osv : type;
}

static int pkg_get(csaf_rows *r, const vg_purl *u, csaf_pkg **out)
{
	const char *eco = ecosystem_of(u->type);
	char *name = vg_purl_osv_name(u);
	vg_purl bare = *u;
	csaf_pkg *grown;

	if (!name)
		return VG_ENOMEM;
	for (size_t i = 0; i < r->npkgs; i++) {
		if (!strcmp(r->pkgs[i].ecosystem, eco) && !strcmp(r->pkgs[i].name, name)) {
			free(name);
			*out = &r->pkgs[i];
			return VG_OK;
		}
	}
	grown = realloc(r->pkgs, (r->npkgs + 1) * sizeof(*grown));
	if (!grown) {
		free(name);
		return vg_error_set(VG_ENOMEM, "out of memory");
	}
	r->pkgs = grown;
	*out = &r->pkgs[r->npkgs++];
	memset(*out, 0, sizeof(**out));
	(*out)->ecosystem = vg_strdup(eco);
	(*out)->name = name;
	bare.version = NULL;
	bare.qualifier_count = 0;
	bare.subpath = NULL;
	(*out)->purl = vg_purl_to_string(&bare);
	return (*out)->purl && (*out)->ecosystem ? VG_OK : VG_ENOMEM;
}

/* Append {"type": "ECOSYSTEM", "events": [{k1: v1}, {k2: v2}]} (k2 may be NULL). */
static int range_add(json_t **ranges, const char *k1, const char *v1, const char *k2,
		     const char *v2)
{
	json_t *events = json_pack("[{ss}]", k1, v1);

	if (events && k2)
		json_array_append_new(events, json_pack("{ss}", k2, v2));
	if (!*ranges)
		*ranges = json_array();
	if (!events || !*ranges ||
	    json_array_append_new(*ranges, json_pack("{s:s,s:o}", "type", "ECOSYSTEM", "events",
						     events)) != 0)
		return vg_error_set(VG_ENOMEM, "out of memory building ranges");
	return VG_OK;
}

/* The one interval a vers range is, as bounds (NULL: open); false otherwise. */
typedef struct interval {
	const char *lo, *hi;
	bool lo_incl, hi_incl;
} interval;

static bool vers_interval(const vg_vers *v, interval *iv)
{
	memset(iv, 0, sizeof(*iv));
	if (v->count == 1 && v->constraints[0].op == VG_VERS_ANY)
		return true;
	if (v->count == 0 || v->count > 2)
		return false;
	for (size_t i = 0; i < v->count; i++) {
		const vg_vers_constraint *c = &v->constraints[i];

		if ((c->op == VG_VERS_GE || c->op == VG_VERS_GT) && !iv->lo && i == 0) {
			iv->lo = c->version;
			iv->lo_incl = c->op == VG_VERS_GE;
		} else if ((c->op == VG_VERS_LT || c->op == VG_VERS_LE) && !iv->hi &&
			   i == v->count - 1) {
			iv->hi = c->version;
			iv->hi_incl = c->op == VG_VERS_LE;
		} else {
			return false;
		}
	}
	return true;
}

/* A product_version_range of an affected package: an OSV range when it is
 * one interval with an inclusive (or no) lower bound, else kept verbatim. */
static int pkg_range(csaf_pkg *p, const char *text)
{
	vg_vers *v = NULL;
	interval iv;
	int rc = VG_OK;

	if (vg_str_starts_with(text, "vers:") && vg_vers_parse(text, 0, &v) == VG_OK &&
	    vers_interval(v, &iv) && (!iv.lo || iv.lo_incl)) {
		rc = range_add(&p->ranges, "introduced", iv.lo ? iv.lo : "0",
			       iv.hi ? (iv.hi_incl ? "last_affected" : "fixed") : NULL, iv.hi);
	} else {
		if (!p->source_versions)
			p->source_versions = json_array();
		if (!p->source_versions ||
		    json_array_append_new(p->source_versions, json_string(text)) != 0)
			rc = vg_error_set(VG_ENOMEM, "out of memory");
	}
	vg_vers_free(v);
	return rc;
}

/* One product of status list `s` into its package's row data. */
static int pkg_note(csaf_pkg *p, vg_csaf_status s, const char *version, const char *range)
{
	switch (s) {
	case VG_CSAF_KNOWN_AFFECTED:
	case VG_CSAF_FIRST_AFFECTED:
	case VG_CSAF_LAST_AFFECTED:
		p->affected = true;
		if (range)
			return pkg_range(p, range);
		if (!version)
			return range_add(&p->ranges, "introduced", "0", NULL, NULL);
		if (s == VG_CSAF_FIRST_AFFECTED)
			return range_add(&p->ranges, "introduced", version, NULL, NULL);
		if (s == VG_CSAF_LAST_AFFECTED)
			return range_add(&p->ranges, "introduced", "0", "last_affected", version);
		return vg_strlist_contains(&p->versions, version) ? VG_OK
								  : vg_strlist_add(&p->versions, version);
	case VG_CSAF_FIXED:
	case VG_CSAF_FIRST_FIXED:
		if (!version || vg_strlist_contains(&p->fixed, version))
			return VG_OK;
		return vg_strlist_add(&p->fixed, version);
	case VG_CSAF_KNOWN_NOT_AFFECTED:
		if (!version)
			p->all_not_affected = true;
		else if (!vg_strlist_contains(&p->not_affected, version))
			return vg_strlist_add(&p->not_affected, version);
		return VG_OK;
	default:
		return VG_OK;
	}
}

static bool affected_status(vg_csaf_status s)
{
	return s == VG_CSAF_KNOWN_AFFECTED || s == VG_CSAF_FIRST_AFFECTED ||
	       s == VG_CSAF_LAST_AFFECTED;
}

static int product_note(const vg_csaf_doc *doc, csaf_rows *r, vg_csaf_status s,
			const char *id, const char *path)
{
	const vg_csaf_product *p = component_of(doc, vg_csaf_product_find(doc, id));
	vg_purl *u = NULL;
	csaf_pkg *pkg = NULL;
	char *version;
	int rc;

	if (!p->purl) {
		if (!p->cpe || !affected_status(s) || vg_strlist_contains(&r->cpes, p->id))
			return VG_OK;
		if ((rc = vulndb_check_cpe(p->cpe, path)))
			return rc;
		return vg_strlist_add(&r->cpes, p->id);
	}
	if ((rc = vg_purl_parse(p->purl, &u)))
		return vg_error_prefix("%s: product \"%.100s\": ", path, p->id);
	version = vg_purl_epoch_version(u);
	if (!(rc = pkg_get(r, u, &pkg)))
		rc = (u->version && !version) ? VG_ENOMEM
					      : pkg_note(pkg, s, version, p->version_range);
	free(version);
	vg_purl_free(u);
	return rc;
}

static int rows_collect(const vg_csaf_doc *doc, const vg_csaf_vuln *v, const char *path,
			csaf_rows *r)
{
	char at[VG_JPATH_MAX];
	int rc;

	for (int s = 0; s < VG_CSAF_STATUS_COUNT; s++) {
		vg_jpath_key(at, path, "product_status");
		vg_jpath_key(at, at, vg_csaf_status_name(s));
		for (size_t i = 0; i < v->status[s].count; i++) {
			if ((rc = product_note(doc, r, s, v->status[s].items[i], at)))
				return rc;
		}
	}
	return VG_OK;
}

static char *json_text(const json_t *v)
{
	return v ? json_dumps(v, JSON_COMPACT) : NULL;
}

/* The list as a JSON array, or NULL when out of memory. */
static json_t *list_json(const vg_strlist *l)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < l->count; i++)
		if (json_array_append_new(a, json_string(l->items[i]))) {
			json_decref(a);
			return NULL;
		}
	return a;
}

static char *list_join(const vg_strlist *l)
{
	vg_buf b = VG_BUF_INIT;

	for (size_t i = 0; i < l->count; i++) {
		if (vg_buf_printf(&b, "%s%s", i ? "," : "", l->items[i])) {
			vg_buf_free(&b);
			return NULL;
		}
	}
	return b.len ? vg_buf_detach(&b) : NULL;
}

/* The affected row of a package, and its not_affected row if any. */
static int pkg_store(vg_vulndb *db, int64_t record, csaf_pkg *p)
{
	vulndb_affected a = { .ecosystem = p->ecosystem, .name = p->name, .purl = p->purl };
	char *fixed = list_join(&p->fixed), *src = NULL;
	json_t *versions = NULL;
	int rc = VG_OK;

	if (!p->affected) /* only fixed: everything before each fix */
		for (size_t i = 0; rc == VG_OK && i < p->fixed.count; i++)
			rc = range_add(&p->ranges, "introduced", "0", "fixed", p->fixed.items[i]);
	if (rc == VG_OK && (p->affected || p->fixed.count)) {
		a.ranges = p->ranges;
		a.versions = versions = p->versions.count ? list_json(&p->versions) : NULL;
		a.fixed = fixed;
		a.source_versions = src = json_text(p->source_versions);
		rc = (p->versions.count && !versions) || (p->source_versions && !src)
			     ? vg_error_set(VG_ENOMEM, "out of memory")
			     : vulndb_store_affected(db, record, &a);
	}
	json_decref(versions);
	free(src);
	free(fixed);
	if (rc || !(p->all_not_affected || p->not_affected.count))
		return rc;
	a = (vulndb_affected){ .ecosystem = p->ecosystem, .name = p->name, .purl = p->purl,
			       .status = "not_affected" };
	/* No versions: every version is not affected. */
	a.versions = versions = p->all_not_affected ? NULL : list_json(&p->not_affected);
	rc = !p->all_not_affected && !versions ? vg_error_set(VG_ENOMEM, "out of memory")
					       : vulndb_store_affected(db, record, &a);
	json_decref(versions);
	return rc;
}

static int cpe_store(vg_vulndb *db, int64_t record, const vg_csaf_product *p)
{
	vulndb_cpe_match m = { .node_operator = "OR", .vulnerable = true, .criteria = p->cpe };
	vg_vers *v = NULL;
	interval iv;
	int rc;

	if (p->version_range && vg_str_starts_with(p->version_range, "vers:") &&
	    vg_vers_parse(p->version_range, 0, &v) == VG_OK && vers_interval(v, &iv)) {
		m.version_start = iv.lo;
		m.start_including = iv.lo_incl;
		m.version_end = iv.hi;
		m.end_including = iv.hi_incl;
	}
	rc = vulndb_store_cpe_match(db, record, &m);
	vg_vers_free(v);
	return rc;
}

/* Each vector once, scored by the publisher. */
static int scores_store(vg_vulndb *db, int64_t record, const vg_csaf_doc *doc,
			const vg_csaf_vuln *v)
{
	vg_strlist seen = VG_STRLIST_INIT;
	int rc = VG_OK;

	for (size_t i = 0; rc == VG_OK && i < v->nscores; i++) {
		const vg_csaf_score *s = &v->scores[i];
		const char *types[] = { "CVSS_V3", "CVSS_V2" };
		const char *vectors[] = { s->cvss_v3, s->cvss_v2 };
		double bases[] = { s->cvss_v3_base, s->cvss_v2_base };

		for (int k = 0; rc == VG_OK && k < 2; k++) {
			if (!vectors[k] || vg_strlist_contains(&seen, vectors[k]))
				continue;
			if (!(rc = vg_strlist_add(&seen, vectors[k])))
				rc = vulndb_store_severity(db, record, types[k], vectors[k], bases[k],
							   doc->publisher_name);
		}
	}
	vg_strlist_free(&seen);
	return rc;
}

static int refs_store(vg_vulndb *db, int64_t record, const vg_csaf_reference *refs, size_t n,
		      vg_strlist *seen)
{
	int rc = VG_OK;

	for (size_t i = 0; rc == VG_OK && i < n; i++) {
		if (vg_strlist_contains(seen, refs[i].url))
			continue;
		if (!(rc = vg_strlist_add(seen, refs[i].url)))
			rc = vulndb_store_reference(db, record,
						    refs[i].category ? refs[i].category : "external",
						    refs[i].url);
	}
	return rc;
}

typedef struct csaf_record {
	char *record_id;
	const char *id;        /* the identifier the vulnerability is resolved by */
	vg_strlist aliases;
	const char *published;
	csaf_rows rows;
} csaf_record;

static bool all_digits(const char *s)
{
	return *s && strspn(s, "0123456789") == strlen(s);
}

/* Everything checked before anything is stored. */
static int record_read(const vg_csaf_doc *doc, const vg_csaf_vuln *v, const char *path,
		       csaf_record *r)
{
	int64_t t;
	int rc;

	if (v->cve && (rc = vg_strlist_add(&r->aliases, v->cve)))
		return rc;
	for (size_t i = 0; i < v->nids; i++) {
		if (!all_digits(v->ids[i].text) && !vg_strlist_contains(&r->aliases, v->ids[i].text) &&
		    (rc = vg_strlist_add(&r->aliases, v->ids[i].text)))
			return rc;
	}
	if (!r->aliases.count)
		return vg_error_set(VG_EPARSE, "%s: no cve and no ids usable as an identifier",
				    path);
	r->id = r->aliases.items[0];
	r->record_id = vg_strdup_printf("%s/%s", doc->tracking_id, r->id);
	if (!r->record_id)
		return VG_ENOMEM;
	r->published = v->release_date ? v->release_date : doc->initial_release_date;
	if (vg_time_parse(doc->current_release_date, &t))
		return vg_error_prefix("$.document.tracking.current_release_date: ");
	if (vg_time_parse(r->published, &t))
		return vg_error_prefix("%s: ", v->release_date ? path :
					       "$.document.tracking.initial_release_date");
	return rows_collect(doc, v, path, &r->rows);
}

static int record_store(vg_vulndb *db, const vg_csaf_doc *doc, const vg_csaf_vuln *v,
			csaf_record *r, bool *is_new)
{
	vg_strlist seen = VG_STRLIST_INIT;
	int64_t vuln, record;
	int rc = vulndb_resolve(db, r->id, &r->aliases, &vuln);

	if (rc == VG_OK)
		rc = vulndb_put_record(db, vuln, "csaf", r->record_id, r->published,
				       doc->current_release_date, v->title ? v->title : doc->title,
				       v->description, &record, is_new);
	for (size_t i = 0; rc == VG_OK && i < r->rows.npkgs; i++)
		rc = pkg_store(db, record, &r->rows.pkgs[i]);
	for (size_t i = 0; rc == VG_OK && i < r->rows.cpes.count; i++)
		rc = cpe_store(db, record,
			       component_of(doc, vg_csaf_product_find(doc, r->rows.cpes.items[i])));
	if (rc == VG_OK)
		rc = scores_store(db, record, doc, v);
	if (rc == VG_OK)
		rc = refs_store(db, record, doc->references, doc->nreferences, &seen);
	if (rc == VG_OK)
		rc = refs_store(db, record, v->references, v->nreferences, &seen);
	vg_strlist_free(&seen);
	return rc;
}

static int import_vuln(vg_vulndb *db, const char *name, const vg_csaf_doc *doc, size_t index,
		       vg_import_report *report)
{
	csaf_record r = { .aliases = VG_STRLIST_INIT };
	char path[VG_JPATH_MAX];
	bool is_new = false;
	int rc = VG_OK, state;

	vg_jpath_index(path, "$.vulnerabilities", index);
	if (record_read(doc, &doc->vulns[index], path, &r) != VG_OK) {
		if (vg_error_last()->code == VG_ENOMEM)
			rc = VG_ENOMEM;
		else
			vulndb_report_failure(report, name);
	} else if (!(rc = vulndb_record_state(db, "csaf", r.record_id, doc->current_release_date,
					      NULL, &state))) {
		if (state == VULNDB_CURRENT) {
			report->unchanged++;
		} else if (!(rc = record_store(db, doc, &doc->vulns[index], &r, &is_new))) {
			vulndb_count_result(report, state);
		}
	}
	free(r.record_id);
	vg_strlist_free(&r.aliases);
	rows_free(&r.rows);
	return rc;
}

int vulndb_import_csaf(vg_vulndb *db, const char *name, const json_t *root,
		       vg_import_report *report)
{
	vg_csaf_doc *doc;
	int rc = vg_csaf_read(root, name, &doc);

	if (rc == VG_ENOMEM)
		return rc;
	if (rc) { /* the document as a whole: one failure, nothing of it stored */
		vulndb_report_failure(report, NULL);
		return VG_OK;
	}
	for (size_t i = 0; rc == VG_OK && i < doc->nvulns; i++)
		rc = import_vuln(db, name, doc, i, report);
	vg_csaf_free(doc);
	return rc;
}
