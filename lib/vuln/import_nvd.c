/*
 * import_nvd.c - NVD CVE records: the CVE API 2.0 JSON
 * ({"resultsPerPage": ..., "vulnerabilities": [{"cve": {...}}]}, also the
 * shape of the FKIE mirror's yearly files) and the legacy 1.1 data feeds
 * ({"CVE_Items": [...]}).
 *
 * Each CVE becomes one record of source "nvd" (record_id = the CVE id) of
 * the vulnerability that CVE id names.  Kept: the English description (as
 * the summary), published and lastModified (normalised to RFC 3339 UTC: NVD
 * writes local-less "2024-03-29T17:15:21.150" and the 1.1 feeds
 * "2022-01-18T17:15Z"), CVSS v2/v3.x/v4 vectors with base score and origin
 * ("nvd@nist.gov Primary"), SSVC decisions, references (type = their tags),
 * and the CPE applicability.
 *
 * Applicability: configurations[c].nodes[n].cpeMatch[] go to cpe_match with
 * config = c, node = n, the node's operator and negate and the
 * configuration's.  The 1.1 feed nests the same thing differently: each
 * top-level node is a configuration, and its children (when it has any) are
 * the nodes.  `vulnerable` is stored exactly as given: a false entry is the
 * platform an AND configuration requires ("running on"), never an affected
 * product.
 *
 * A record is checked whole before anything is stored (types, times, every
 * criteria a valid CPE 2.3 name); a bad record is skipped with its JSON
 * path.  Incremental by lastModified, like OSV; a "Rejected" record (1.1:
 * description "** REJECT **") removes the stored copy.
 */
#include "vulndb_internal.h"
#include "vigil/buf.h"
#include "vigil/error.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Beyond this a record is refused: the biggest real NVD records have a few thousand. */
#define NVD_MAX_MATCHES 100000

/* Where the two feed generations keep the same things. */
typedef struct nvd_layout {
	bool legacy;
	const char *match_array; /* "cpeMatch" / "cpe_match" */
	const char *criteria;    /* "criteria" / "cpe23Uri" */
} nvd_layout;

static const nvd_layout layout_v2 = { false, "cpeMatch", "criteria" };
static const nvd_layout layout_v11 = { true, "cpe_match", "cpe23Uri" };

typedef struct nvd_record {
	const nvd_layout *layout;
	const char *path;
	const char *id;
	char published[VULNDB_TIME_MAX];
	char modified[VULNDB_TIME_MAX];
	const char *description;
	bool rejected;
	json_t *metrics;        /* 2.0: metrics object; 1.1: impact object */
	json_t *references;     /* array of {url, tags} */
	json_t *configurations; /* 2.0: configurations[]; 1.1: configurations.nodes[] */
	size_t matches;
} nvd_record;

/* One node of the applicability, wherever the layout nests it. */
typedef struct nvd_node {
	int config, node;
	const char *config_operator, *operator;
	bool config_negate, negate;
	const json_t *json;
	char path[VG_JPATH_MAX];
} nvd_node;

typedef int (*nvd_node_fn)(void *ctx, const nvd_record *r, const nvd_node *node);

static int check_bool(const json_t *obj, const char *key, const char *path, bool *out)
{
	json_t *v = json_object_get(obj, key);

	*out = false;
	if (!v)
		return VG_OK;
	return vg_json_get_bool(obj, key, path, false, out);
}

static int check_operator(const json_t *obj, const char *path, bool required, const char **op)
{
	int rc = vg_json_get_string(obj, "operator", path, required, op);

	if (rc == VG_OK && *op && strcmp(*op, "AND") && strcmp(*op, "OR"))
		return vg_error_set(VG_EPARSE, "%s.operator: \"%.16s\" is not AND or OR", path, *op);
	return rc;
}

static int visit_node(const nvd_record *r, nvd_node *n, nvd_node_fn fn, void *ctx)
{
	int rc;

	if ((rc = vg_json_expect_object(n->json, n->path)) ||
	    (rc = check_operator(n->json, n->path, !r->layout->legacy, &n->operator)) ||
	    (rc = check_bool(n->json, "negate", n->path, &n->negate)))
		return rc;
	return fn(ctx, r, n);
}

/* 2.0: configurations[c] {operator?, negate?, nodes[n]}. */
static int visit_v2(const nvd_record *r, nvd_node_fn fn, void *ctx)
{
	char cpath[VG_JPATH_MAX], npath[VG_JPATH_MAX];
	const json_t *conf;
	json_t *nodes;
	nvd_node n;
	size_t c, i;
	int rc = VG_OK;

	vg_jpath_key(cpath, r->path, "configurations");
	json_array_foreach(r->configurations, c, conf) {
		memset(&n, 0, sizeof(n));
		n.config = (int)c;
		vg_jpath_index(npath, cpath, c);
		if ((rc = vg_json_expect_object(conf, npath)) ||
		    (rc = check_operator(conf, npath, false, &n.config_operator)) ||
		    (rc = check_bool(conf, "negate", npath, &n.config_negate)) ||
		    (rc = vg_json_get_array(conf, "nodes", npath, true, &nodes)))
			return rc;
		vg_jpath_key(npath, npath, "nodes");
		for (i = 0; rc == VG_OK && i < json_array_size(nodes); i++) {
			n.node = (int)i;
			n.json = json_array_get(nodes, i);
			vg_jpath_index(n.path, npath, i);
			rc = visit_node(r, &n, fn, ctx);
		}
		if (rc)
			return rc;
	}
	return rc;
}

/* 1.1: nodes[c] is a configuration; its children, if any, are the nodes. */
static int visit_v11(const nvd_record *r, nvd_node_fn fn, void *ctx)
{
	char cpath[VG_JPATH_MAX], npath[VG_JPATH_MAX];
	const json_t *top;
	json_t *children;
	nvd_node n;
	size_t c, i;
	int rc = VG_OK;

	json_array_foreach(r->configurations, c, top) {
		memset(&n, 0, sizeof(n));
		n.config = (int)c;
		children = NULL;
		vg_jpath_index(cpath, "$.configurations.nodes", c);
		/* The record's path is "$.CVE_Items[i]": prefix it. */
		snprintf(npath, sizeof(npath), "%s%s", r->path, cpath + 1);
		if ((rc = vg_json_expect_object(top, npath)) ||
		    (rc = vg_json_get_array(top, "children", npath, false, &children)))
			return rc;
		if (json_array_size(children) == 0) {
			n.json = top;
			memcpy(n.path, npath, sizeof(n.path));
			if ((rc = visit_node(r, &n, fn, ctx)))
				return rc;
			continue;
		}
		if ((rc = check_operator(top, npath, false, &n.config_operator)) ||
		    (rc = check_bool(top, "negate", npath, &n.config_negate)))
			return rc;
		vg_jpath_key(npath, npath, "children");
		for (i = 0; rc == VG_OK && i < json_array_size(children); i++) {
			n.node = (int)i;
			n.json = json_array_get(children, i);
			vg_jpath_index(n.path, npath, i);
			rc = visit_node(r, &n, fn, ctx);
		}
		if (rc)
			return rc;
	}
	return rc;
}

static int visit_nodes(const nvd_record *r, nvd_node_fn fn, void *ctx)
{
	return r->layout->legacy ? visit_v11(r, fn, ctx) : visit_v2(r, fn, ctx);
}

static const char *const bound_keys[] = { "versionStartIncluding", "versionStartExcluding",
					  "versionEndIncluding", "versionEndExcluding" };

/* Read one cpeMatch entry; with `db` set, also store it. */
static int match_entry(const nvd_record *r, const nvd_node *n, const json_t *m, const char *path,
		       vg_vulndb *db, int64_t record)
{
	const char *bounds[4] = { NULL, NULL, NULL, NULL };
	vulndb_cpe_match row = { 0 };
	size_t i;
	int rc;

	if ((rc = vg_json_expect_object(m, path)) ||
	    (rc = vg_json_get_bool(m, "vulnerable", path, true, &row.vulnerable)) ||
	    (rc = vg_json_get_string(m, r->layout->criteria, path, true, &row.criteria)))
		return rc;
	for (i = 0; i < 4; i++)
		if ((rc = vg_json_get_string(m, bound_keys[i], path, false, &bounds[i])))
			return rc;
	if (!db) {
		char p[VG_JPATH_MAX];

		vg_jpath_key(p, path, r->layout->criteria);
		return vulndb_check_cpe(row.criteria, p);
	}
	row.config = n->config;
	row.node = n->node;
	row.config_operator = n->config_operator;
	row.config_negate = n->config_negate;
	row.node_operator = n->operator;
	row.node_negate = n->negate;
	row.version_start = bounds[0] ? bounds[0] : bounds[1];
	row.start_including = bounds[0] != NULL;
	row.version_end = bounds[2] ? bounds[2] : bounds[3];
	row.end_including = bounds[2] != NULL;
	return vulndb_store_cpe_match(db, record, &row);
}

typedef struct match_ctx {
	vg_vulndb *db; /* NULL while checking */
	int64_t record;
	size_t matches;
} match_ctx;

static int node_matches(void *arg, const nvd_record *r, const nvd_node *n)
{
	match_ctx *c = arg;
	char apath[VG_JPATH_MAX], p[VG_JPATH_MAX];
	json_t *list = NULL;
	size_t i;
	int rc = vg_json_get_array(n->json, r->layout->match_array, n->path, !r->layout->legacy,
				   &list);

	if (rc)
		return rc;
	c->matches += json_array_size(list);
	if (c->matches > NVD_MAX_MATCHES)
		return vg_error_set(VG_ELIMIT, "%s.%s: more than %d CPE matches in the record",
				    n->path, r->layout->match_array, NVD_MAX_MATCHES);
	vg_jpath_key(apath, n->path, r->layout->match_array);
	for (i = 0; rc == VG_OK && i < json_array_size(list); i++) {
		vg_jpath_index(p, apath, i);
		rc = match_entry(r, n, json_array_get(list, i), p, c->db, c->record);
	}
	return rc;
}

static int read_v2(const json_t *cve, nvd_record *r)
{
	char p[VG_JPATH_MAX];
	const char *published, *modified, *status = NULL;
	json_t *descriptions = NULL;
	int rc;

	if ((rc = vg_json_expect_object(cve, r->path)) ||
	    (rc = vg_json_get_string(cve, "id", r->path, true, &r->id)) ||
	    (rc = vg_json_get_string(cve, "published", r->path, true, &published)) ||
	    (rc = vg_json_get_string(cve, "lastModified", r->path, true, &modified)) ||
	    (rc = vg_json_get_string(cve, "vulnStatus", r->path, false, &status)) ||
	    (rc = vg_json_get_array(cve, "descriptions", r->path, false, &descriptions)) ||
	    (rc = vg_json_get_object(cve, "metrics", r->path, false, &r->metrics)) ||
	    (rc = vg_json_get_array(cve, "references", r->path, false, &r->references)) ||
	    (rc = vg_json_get_array(cve, "configurations", r->path, false, &r->configurations)) ||
	    (rc = vulndb_normalise_time(published, r->path, "published", r->published)) ||
	    (rc = vulndb_normalise_time(modified, r->path, "lastModified", r->modified)))
		return rc;
	vg_jpath_key(p, r->path, "descriptions");
	r->rejected = status && !strcmp(status, "Rejected");
	return vulndb_pick_description(descriptions, p, &r->description);
}

static int read_v11(const json_t *item, nvd_record *r)
{
	char p[VG_JPATH_MAX], q[VG_JPATH_MAX];
	const char *published, *modified;
	json_t *cve, *meta, *obj = NULL, *list = NULL;
	int rc;

	if ((rc = vg_json_expect_object(item, r->path)) ||
	    (rc = vg_json_get_object(item, "cve", r->path, true, &cve)) ||
	    (rc = vg_json_get_string(item, "publishedDate", r->path, true, &published)) ||
	    (rc = vg_json_get_string(item, "lastModifiedDate", r->path, true, &modified)) ||
	    (rc = vg_json_get_object(item, "impact", r->path, false, &r->metrics)) ||
	    (rc = vulndb_normalise_time(published, r->path, "publishedDate", r->published)) ||
	    (rc = vulndb_normalise_time(modified, r->path, "lastModifiedDate", r->modified)))
		return rc;
	vg_jpath_key(p, r->path, "cve");
	if ((rc = vg_json_get_object(cve, "CVE_data_meta", p, true, &meta)))
		return rc;
	vg_jpath_key(q, p, "CVE_data_meta");
	if ((rc = vg_json_get_string(meta, "ID", q, true, &r->id)) ||
	    (rc = vg_json_get_object(cve, "references", p, false, &obj)))
		return rc;
	vg_jpath_key(q, p, "references");
	if (obj && (rc = vg_json_get_array(obj, "reference_data", q, false, &r->references)))
		return rc;
	obj = NULL;
	if ((rc = vg_json_get_object(cve, "description", p, false, &obj)))
		return rc;
	vg_jpath_key(q, p, "description");
	if (obj && (rc = vg_json_get_array(obj, "description_data", q, false, &list)))
		return rc;
	vg_jpath_key(q, q, "description_data");
	if ((rc = vulndb_pick_description(list, q, &r->description)))
		return rc;
	r->rejected = r->description && !strncmp(r->description, "** REJECT **", 12);
	obj = NULL;
	if ((rc = vg_json_get_object(item, "configurations", r->path, false, &obj)))
		return rc;
	vg_jpath_key(q, r->path, "configurations");
	return obj ? vg_json_get_array(obj, "nodes", q, false, &r->configurations) : VG_OK;
}

/* Types of what is stored from references and metrics, checked up front. */
static int check_references(const nvd_record *r)
{
	char p[VG_JPATH_MAX], q[VG_JPATH_MAX];
	const json_t *ref;
	const char *url;
	json_t *tags;
	size_t i, j;
	int rc;

	if (r->layout->legacy)
		snprintf(p, sizeof(p), "%s.cve.references.reference_data", r->path);
	else
		vg_jpath_key(p, r->path, "references");
	json_array_foreach(r->references, i, ref) {
		vg_jpath_index(q, p, i);
		tags = NULL;
		if ((rc = vg_json_expect_object(ref, q)) ||
		    (rc = vg_json_get_string(ref, "url", q, true, &url)) ||
		    (rc = vg_json_get_array(ref, "tags", q, false, &tags)))
			return rc;
		for (j = 0; j < json_array_size(tags); j++)
			if (!json_is_string(json_array_get(tags, j)))
				return vg_error_set(VG_EPARSE, "%s.tags[%zu]: expected a string, "
						    "found %s", q, j,
						    vg_json_type_name(json_array_get(tags, j)));
	}
	return VG_OK;
}

/* A CVSS data object: {vectorString, baseScore?}. */
static int check_cvss(const json_t *data, const char *path, const char **vector, double *score)
{
	int rc;

	*score = NAN;
	if ((rc = vg_json_expect_object(data, path)) ||
	    (rc = vg_json_get_string(data, "vectorString", path, true, vector)))
		return rc;
	return json_object_get(data, "baseScore")
		       ? vg_json_get_number(data, "baseScore", path, false, score) : VG_OK;
}

/* The 2.0 metric lists vigil keeps, and the severity type each becomes. */
static const struct {
	const char *key, *type;
} v2_metrics[] = {
	{ "cvssMetricV2", "CVSS_V2" },
	{ "cvssMetricV30", "CVSS_V3" },
	{ "cvssMetricV31", "CVSS_V3" },
	{ "cvssMetricV40", "CVSS_V4" },
};

/* Check (db NULL) or store the metrics of a 2.0 record. */
static int metrics_v2(const nvd_record *r, vg_vulndb *db, int64_t record)
{
	char p[VG_JPATH_MAX], q[VG_JPATH_MAX], d[VG_JPATH_MAX], origin[300];
	const char *vector, *source, *type;
	const json_t *m;
	json_t *list, *data;
	double score;
	size_t k, i;
	int rc;

	vg_jpath_key(p, r->path, "metrics");
	for (k = 0; k < sizeof(v2_metrics) / sizeof(v2_metrics[0]); k++) {
		list = NULL;
		if ((rc = vg_json_get_array(r->metrics, v2_metrics[k].key, p, false, &list)))
			return rc;
		vg_jpath_key(q, p, v2_metrics[k].key);
		json_array_foreach(list, i, m) {
			vg_jpath_index(d, q, i);
			source = type = NULL;
			if ((rc = vg_json_expect_object(m, d)) ||
			    (rc = vg_json_get_string(m, "source", d, false, &source)) ||
			    (rc = vg_json_get_string(m, "type", d, false, &type)) ||
			    (rc = vg_json_get_object(m, "cvssData", d, true, &data)))
				return rc;
			vg_jpath_key(d, d, "cvssData");
			if ((rc = check_cvss(data, d, &vector, &score)))
				return rc;
			snprintf(origin, sizeof(origin), "%s%s%s", source ? source : "",
				 source && type ? " " : "", type ? type : "");
			if (db && (rc = vulndb_store_severity(db, record, v2_metrics[k].type, vector,
							      score, origin)))
				return rc;
		}
	}
	return VG_OK;
}

/* Check or store the 1.1 impact: baseMetricV3.cvssV3, baseMetricV2.cvssV2. */
static int metrics_v11(const nvd_record *r, vg_vulndb *db, int64_t record)
{
	static const char *const keys[][3] = { { "baseMetricV3", "cvssV3", "CVSS_V3" },
					       { "baseMetricV2", "cvssV2", "CVSS_V2" } };
	char p[VG_JPATH_MAX], q[VG_JPATH_MAX];
	const char *vector;
	json_t *base, *data;
	double score;
	size_t k;
	int rc;

	vg_jpath_key(p, r->path, "impact");
	for (k = 0; k < 2; k++) {
		base = NULL;
		if ((rc = vg_json_get_object(r->metrics, keys[k][0], p, false, &base)))
			return rc;
		if (!base)
			continue;
		vg_jpath_key(q, p, keys[k][0]);
		if ((rc = vg_json_get_object(base, keys[k][1], q, true, &data)))
			return rc;
		vg_jpath_key(q, q, keys[k][1]);
		if ((rc = check_cvss(data, q, &vector, &score)))
			return rc;
		if (db && (rc = vulndb_store_severity(db, record, keys[k][2], vector, score,
						      "nvd@nist.gov")))
			return rc;
	}
	return VG_OK;
}

/* Check or store SSVC decisions: [{source, ssvcData: {options, version}}]. */
static int ssvc_list(const json_t *list, const char *path, vg_vulndb *db, int64_t record)
{
	char p[VG_JPATH_MAX];
	const char *source;
	const json_t *m;
	json_t *data;
	char *vector;
	size_t i;
	int rc;

	json_array_foreach(list, i, m) {
		vg_jpath_index(p, path, i);
		source = NULL;
		if ((rc = vg_json_expect_object(m, p)) ||
		    (rc = vg_json_get_string(m, "source", p, false, &source)) ||
		    (rc = vg_json_get_object(m, "ssvcData", p, true, &data)))
			return rc;
		vg_jpath_key(p, p, "ssvcData");
		if ((rc = vulndb_ssvc_vector(data, p, &vector)))
			return rc;
		if (db)
			rc = vulndb_store_severity(db, record, "SSVC", vector, NAN, source);
		free(vector);
		if (rc)
			return rc;
	}
	return VG_OK;
}

static int metrics(const nvd_record *r, vg_vulndb *db, int64_t record)
{
	char p[VG_JPATH_MAX];
	json_t *ssvc = NULL;
	int rc = r->layout->legacy ? metrics_v11(r, db, record) : metrics_v2(r, db, record);

	if (rc || r->layout->legacy)
		return rc;
	vg_jpath_key(p, r->path, "metrics");
	if ((rc = vg_json_get_array(r->metrics, "ssvcV203", p, false, &ssvc)))
		return rc;
	vg_jpath_key(p, p, "ssvcV203");
	return ssvc_list(ssvc, p, db, record);
}

static int read_record(const json_t *doc, nvd_record *r)
{
	match_ctx check = { NULL, 0, 0 };
	int rc = r->layout->legacy ? read_v11(doc, r) : read_v2(doc, r);

	if (rc)
		return rc;
	if (strncmp(r->id, "CVE-", 4) != 0)
		return vg_error_set(VG_EPARSE, "%s: id \"%.64s\" is not a CVE id", r->path, r->id);
	if (r->rejected)
		return VG_OK; /* only its id matters */
	if ((rc = check_references(r)) || (rc = metrics(r, NULL, 0)))
		return rc;
	return visit_nodes(r, node_matches, &check);
}

static int store_references(vg_vulndb *db, int64_t record, const json_t *refs)
{
	vg_buf tags = VG_BUF_INIT;
	const json_t *ref, *tag;
	size_t i, j;
	int rc = VG_OK;

	json_array_foreach(refs, i, ref) {
		vg_buf_clear(&tags);
		json_array_foreach(json_object_get(ref, "tags"), j, tag)
			if ((rc = vg_buf_printf(&tags, "%s%s", j ? "," : "", json_string_value(tag))))
				break;
		if (rc || (rc = vulndb_store_reference(db, record, tags.len ? tags.ptr : NULL,
						       json_string_value(json_object_get(ref, "url")))))
			break;
	}
	vg_buf_free(&tags);
	return rc;
}

static int store_record(vg_vulndb *db, const nvd_record *r)
{
	match_ctx store = { db, 0, 0 };
	int64_t vuln;
	bool is_new;
	int rc = vulndb_resolve(db, r->id, NULL, &vuln);

	if (rc == VG_OK)
		rc = vulndb_put_record(db, vuln, "nvd", r->id, r->published, r->modified,
				       r->description, NULL, &store.record, &is_new);
	if (rc == VG_OK)
		rc = metrics(r, db, store.record);
	if (rc == VG_OK)
		rc = store_references(db, store.record, r->references);
	if (rc == VG_OK)
		rc = visit_nodes(r, node_matches, &store);
	return rc;
}

static int import_record(vg_vulndb *db, const char *name, const json_t *doc, nvd_record *r,
			 vg_import_report *report)
{
	bool deleted;
	int rc, state;

	if (read_record(doc, r) != VG_OK) {
		vulndb_report_failure(report, name);
		return VG_OK;
	}
	if ((rc = vulndb_record_state(db, "nvd", r->id, r->modified, NULL, &state)))
		return rc;
	if (r->rejected) {
		if ((rc = vulndb_delete_record(db, "nvd", r->id, &deleted)) == VG_OK)
			deleted ? report->removed++ : report->unchanged++;
		return rc;
	}
	if (state != VULNDB_CURRENT && (rc = store_record(db, r)))
		return rc;
	vulndb_count_result(report, state);
	return VG_OK;
}

int vulndb_import_nvd(vg_vulndb *db, const char *name, const json_t *root,
		      const vg_progress *progress, vg_import_report *report)
{
	const nvd_layout *layout = json_object_get(root, "CVE_Items") ? &layout_v11 : &layout_v2;
	const char *list_key = layout->legacy ? "CVE_Items" : "vulnerabilities";
	char lpath[VG_JPATH_MAX], path[VG_JPATH_MAX];
	json_t *list, *item, *cve;
	nvd_record r;
	size_t i, n;
	int rc = vg_json_get_array(root, list_key, "$", true, &list);

	if (rc)
		return vg_error_prefix("%s: ", name);
	vg_jpath_key(lpath, "$", list_key);
	n = json_array_size(list);
	for (i = 0; rc == VG_OK && i < n; i++) {
		item = json_array_get(list, i);
		vg_jpath_index(path, lpath, i);
		memset(&r, 0, sizeof(r));
		r.layout = layout;
		r.path = path;
		if (!layout->legacy) {
			/* The API wraps each record: {"cve": {...}}. */
			if (vg_json_expect_object(item, path) ||
			    vg_json_get_object(item, "cve", path, true, &cve)) {
				vulndb_report_failure(report, name);
				continue;
			}
			vg_jpath_key(path, path, "cve");
			item = cve;
		}
		rc = import_record(db, name, item, &r, report);
		if (progress && progress->fn && (i % 256 == 0 || i + 1 == n))
			progress->fn(progress->ctx, i + 1, n, "NVD records");
	}
	return rc;
}
