/*
 * import_cve5.c - CVE JSON 5.x records ("dataType": "CVE_RECORD"), as in
 * CVEProject/cvelistV5, CISA vulnrichment and the Go vulndb's CVE exports.
 *
 * One record of source "cve5" (record_id = the CVE id) per file.  Kept:
 *   - summary = containers.cna.title, else the English description; details
 *     = the English description;
 *   - CVSS v2/v3.0/v3.1/v4 vectors and base scores of the CNA and every ADP
 *     (origin "cna:<shortName>" / "adp:<shortName>"), CISA's SSVC decision
 *     (type "SSVC"), and a CISA ADP KEV mention as a reference of type "KEV"
 *     (the kev table itself is only filled by the CISA KEV catalog);
 *   - references of the CNA and ADPs (each URL once);
 *   - every cna.affected[] entry as an affected row, and its cpes (and those
 *     of ADP affected[] entries) as cpe_match rows.
 *
 * Affected rows.  ecosystem: an OSV ecosystem when collectionURL names one
 * (pkg.go.dev: Go, pypi.org: PyPI, ...), "GIT" (name = repo) when every
 * version is a git commit, else "CVE5:<vendor>"; name = packageName, else
 * product.  version_type = the versionTypes used, default_status =
 * defaultStatus, source_versions = versions[] verbatim.  versions[] become
 * OSV ranges only where that is sound: each affected entry is the interval
 * [version, lessThan) (fixed) or [version, lessThanOrEqual] (last_affected),
 * "*" bounds open, a bare version an exact version, a constraint written in
 * the version ("< 1.2.23", ">= 2.0, < 2.3.1", as GitHub's CNA writes them)
 * the interval it means; "unaffected" entries are
 * only redundant when defaultStatus is not "affected".  When an entry holds
 * anything else (defaultStatus "affected" with holes, "changes", wildcards
 * such as "6.1.*", unnamed versions "n/a"), its ranges are left NULL and the
 * scanner must read source_versions.  An entry that affects nothing
 * (defaultStatus "unaffected", no affected versions) gets status
 * "not_affected" and contributes no CPEs.
 *
 * CPEs are vulnerable=1 (they name the affected product); their bounds come
 * from the entry's affected versions when it has simple ones, else none.
 *
 * Incremental by cveMetadata.dateUpdated (else the CNA's providerMetadata
 * dateUpdated); a record with neither (Go's exports) is compared by digest.
 * A REJECTED record removes the stored copy.
 */
#include "vulndb_internal.h"
#include "vigil/buf.h"
#include "vigil/error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define CVE5_MAX_ENTRIES 100000

typedef struct cve5_record {
	const char *id, *state;
	char published[VULNDB_TIME_MAX], modified[VULNDB_TIME_MAX];
	bool has_published, has_modified;
	const char *title, *description;
	json_t *cna;
	json_t *adp; /* array or NULL */
	char digest[VULNDB_DIGEST_HEX];
} cve5_record;

/* What one pass over the containers does: check (db NULL) or store. */
typedef struct cve5_pass {
	vg_vulndb *db;
	int64_t record;
	vg_strlist urls; /* references stored so far */
	size_t entries;
} cve5_pass;

static const struct {
	const char *host, *ecosystem;
} collections[] = {
	{ "pkg.go.dev", "Go" },
	{ "pypi.org", "PyPI" },
	{ "pypi.python.org", "PyPI" },
	{ "registry.npmjs.org", "npm" },
	{ "www.npmjs.com", "npm" },
	{ "crates.io", "crates.io" },
	{ "rubygems.org", "RubyGems" },
	{ "repo.maven.apache.org", "Maven" },
	{ "repo1.maven.org", "Maven" },
	{ "packagist.org", "Packagist" },
	{ "www.nuget.org", "NuGet" },
	{ "api.nuget.org", "NuGet" },
	{ "hex.pm", "Hex" },
	{ "pub.dev", "Pub" },
	{ "hackage.haskell.org", "Hackage" },
	{ "cran.r-project.org", "CRAN" },
};

/* The OSV ecosystem a collectionURL ("https://pkg.go.dev") names, or NULL. */
static const char *collection_ecosystem(const char *url)
{
	const char *host = url ? strstr(url, "://") : NULL;
	size_t i, n;

	if (!host)
		return NULL;
	host += 3;
	for (i = 0; i < sizeof(collections) / sizeof(collections[0]); i++) {
		n = strlen(collections[i].host);
		if (!strncmp(host, collections[i].host, n) && (host[n] == '\0' || host[n] == '/'))
			return collections[i].ecosystem;
	}
	return NULL;
}

/* A version that names no version: interval ends of "everything". */
static bool is_unnamed(const char *v)
{
	return !*v || !strcmp(v, "*") || !strcmp(v, "-") || !vg_strcasecmp(v, "n/a") ||
	       !vg_strcasecmp(v, "unspecified") || !vg_strcasecmp(v, "unknown");
}

/* ---- checking ---- */

static int check_strings(const json_t *obj, const char *const *keys, size_t n, const char *path)
{
	const char *s;
	size_t i;
	int rc;

	for (i = 0; i < n; i++)
		if ((rc = vg_json_get_string(obj, keys[i], path, false, &s)))
			return rc;
	return VG_OK;
}

static int check_string_array(const json_t *obj, const char *key, const char *path)
{
	json_t *arr = NULL, *v;
	size_t i;
	int rc = vg_json_get_array(obj, key, path, false, &arr);

	json_array_foreach(arr, i, v) {
		if (rc)
			break;
		if (!json_is_string(v))
			rc = vg_error_set(VG_EPARSE, "%s.%s[%zu]: expected a string, found %s", path,
					  key, i, vg_json_type_name(v));
	}
	return rc;
}

static int check_version(const json_t *v, const char *path)
{
	static const char *const keys[] = { "versionType", "lessThan", "lessThanOrEqual" };
	const char *s;
	json_t *changes = NULL;
	int rc;

	if ((rc = vg_json_expect_object(v, path)) ||
	    (rc = vg_json_get_string(v, "version", path, true, &s)) ||
	    (rc = vg_json_get_string(v, "status", path, true, &s)) ||
	    (rc = check_strings(v, keys, 3, path)) ||
	    (rc = vg_json_get_array(v, "changes", path, false, &changes)))
		return rc;
	if (strcmp(s, "affected") && strcmp(s, "unaffected") && strcmp(s, "unknown"))
		return vg_error_set(VG_EPARSE, "%s.status: \"%.32s\" is not affected, unaffected or "
				    "unknown", path, s);
	return VG_OK;
}

static int check_affected(const json_t *a, const char *path)
{
	static const char *const keys[] = { "vendor", "product", "packageName", "collectionURL",
					    "repo", "defaultStatus" };
	char p[VG_JPATH_MAX], q[VG_JPATH_MAX];
	json_t *versions = NULL, *cpes;
	size_t i;
	int rc;

	if ((rc = vg_json_expect_object(a, path)) || (rc = check_strings(a, keys, 6, path)) ||
	    (rc = vg_json_get_array(a, "versions", path, false, &versions)) ||
	    (rc = check_string_array(a, "cpes", path)))
		return rc;
	if (json_array_size(versions) > CVE5_MAX_ENTRIES)
		return vg_error_set(VG_ELIMIT, "%s.versions: more than %d entries", path,
				    CVE5_MAX_ENTRIES);
	vg_jpath_key(p, path, "versions");
	for (i = 0; i < json_array_size(versions); i++) {
		vg_jpath_index(q, p, i);
		if ((rc = check_version(json_array_get(versions, i), q)))
			return rc;
	}
	cpes = json_object_get(a, "cpes");
	vg_jpath_key(p, path, "cpes");
	for (i = 0; i < json_array_size(cpes); i++) {
		vg_jpath_index(q, p, i);
		if ((rc = vulndb_check_cpe(json_string_value(json_array_get(cpes, i)), q)))
			return rc;
	}
	return VG_OK;
}

/* ---- affected entries ---- */

/* A versions[] item's bounds: [version, lessThan) or [version, lessThanOrEqual],
 * or the one version when both are NULL.  The strings are the item's or buf's. */
typedef struct item_bounds {
	const char *version, *lt, *le;
	char buf[256];
} item_bounds;

/* Cut the next clause "<op> <version>" of a constraint; NULL at its end. */
static char *next_clause(char **p, char op[3])
{
	char *s = *p, *comma, *end;
	size_t n = 0;

	s += strspn(s, " ");
	if (!*s)
		return NULL;
	while (n < 2 && s[n] && strchr("<>=!", s[n]))
		n++;
	memcpy(op, s, n);
	op[n] = '\0';
	s += n + strspn(s + n, " ");
	comma = strchr(s, ',');
	*p = comma ? comma + 1 : s + strlen(s);
	end = comma ? comma : s + strlen(s);
	while (end > s && end[-1] == ' ')
		end--;
	*end = '\0';
	return s;
}

/*
 * The bounds the item says.  Some CNAs (GitHub's among them) write the
 * whole constraint in "version": "< 1.2.23", ">= 2.0.0, < 2.3.1",
 * "<= 4.1", "= 1.0"; that is read as the interval it means, from "0" when
 * it has no lower bound.  False when it cannot be said as one interval
 * (">", "!=", a second bound of a kind, a constraint beside lessThan).
 */
static bool bounds_of(const json_t *v, item_bounds *b)
{
	char *p = b->buf, *version, op[3];
	const char *lower = NULL, *upper = NULL;
	bool inclusive = false, from = false;
	char first;

	b->version = json_string_value(json_object_get(v, "version"));
	b->lt = json_string_value(json_object_get(v, "lessThan"));
	b->le = json_string_value(json_object_get(v, "lessThanOrEqual"));
	/* "lessThan": "< 4.4.13" (one CNA writes the bound twice) */
	if (b->lt && b->lt[0] == '<' && b->lt[1] != '=')
		b->lt += 1 + strspn(b->lt + 1, " ");
	if (b->le && !strncmp(b->le, "<=", 2))
		b->le += 2 + strspn(b->le + 2, " ");
	if ((b->lt && !*b->lt) || (b->le && !*b->le))
		return false;
	first = b->version[strspn(b->version, " ")];
	if (!first || !strchr("<>=!", first))
		return true;
	if (strlen(b->version) >= sizeof(b->buf))
		return false;
	strcpy(b->buf, b->version);
	while ((version = next_clause(&p, op))) {
		if (!*version || strchr(version, ' '))
			return false;
		if (!lower && !upper && (!strcmp(op, "=") || !strcmp(op, "==")))
			lower = version; /* one version: nothing may follow */
		else if (!lower && !strcmp(op, ">="))
			lower = version, from = true;
		else if (!upper && (from || !lower) && (!strcmp(op, "<") || !strcmp(op, "<=")))
			upper = version, inclusive = op[1] == '=';
		else
			return false;
	}
	if ((!lower && !upper) || (upper && (b->lt || b->le)))
		return false;
	b->version = lower ? lower : "0";
	if (upper)
		*(inclusive ? &b->le : &b->lt) = upper;
	else if (from && !b->lt && !b->le)
		b->lt = "*"; /* ">= a" alone: a and every later version */
	return true;
}

/* Append one range (events) to `ranges`, or return false when it is not sound. */
static bool convert_version(const json_t *v, const char *type, const char *repo, json_t *ranges,
			    json_t *exact)
{
	item_bounds b;
	const char *version, *lt, *le, *end;
	json_t *range, *events;

	if (!bounds_of(v, &b))
		return false;
	version = b.version;
	lt = b.lt;
	le = b.le;
	end = lt ? lt : le;
	if (json_object_get(v, "changes") || (lt && le))
		return false;
	if (!end) { /* one exact version */
		if (is_unnamed(version) || strchr(version, '*'))
			return false;
		json_array_append_new(exact, json_string(version));
		return true;
	}
	if (strchr(version, '*') || (strchr(end, '*') && strcmp(end, "*")) ||
	    (!strcmp(version, end) && lt) || (!strcmp(type, "GIT") && (!repo || !strcmp(version, "0"))))
		return false;
	events = json_array();
	json_array_append_new(events, json_pack("{ss}", "introduced",
						is_unnamed(version) ? "0" : version));
	if (strcmp(end, "*"))
		json_array_append_new(events, json_pack("{ss}", lt ? "fixed" : "last_affected", end));
	range = json_pack("{ss}", "type", type);
	if (repo && !strcmp(type, "GIT"))
		json_object_set_new(range, "repo", json_string(repo));
	json_object_set_new(range, "events", events);
	json_array_append_new(ranges, range);
	return true;
}

static const char *range_type(const char *version_type)
{
	if (version_type && !strcmp(version_type, "git"))
		return "GIT";
	if (version_type && !strcmp(version_type, "semver"))
		return "SEMVER";
	return "ECOSYSTEM";
}

typedef struct cve5_entry {
	json_t *ranges, *exact; /* NULL ranges: not convertible */
	bool affects;           /* some version (or every one) is affected */
	bool all_git;
	vg_buf types;           /* distinct versionTypes, comma-separated */
} cve5_entry;

static void add_type(vg_buf *types, const char *type)
{
	const char *p = types->ptr;
	size_t n = strlen(type);

	for (; p && *p; p = strchr(p, ',') ? strchr(p, ',') + 1 : p + strlen(p))
		if (!strncmp(p, type, n) && (p[n] == ',' || p[n] == '\0'))
			return;
	vg_buf_printf(types, "%s%s", types->len ? "," : "", type);
}

static void convert_entry(const json_t *a, cve5_entry *e)
{
	const char *def = json_string_value(json_object_get(a, "defaultStatus"));
	const char *repo = json_string_value(json_object_get(a, "repo"));
	bool def_affected = def && !strcmp(def, "affected"), sound = !def_affected;
	const json_t *v;
	const char *status, *vt;
	size_t i;

	e->ranges = json_array();
	e->exact = json_array();
	e->affects = def_affected;
	e->all_git = json_array_size(json_object_get(a, "versions")) > 0;
	json_array_foreach(json_object_get(a, "versions"), i, v) {
		status = json_string_value(json_object_get(v, "status"));
		vt = json_string_value(json_object_get(v, "versionType"));
		if (vt)
			add_type(&e->types, vt);
		e->all_git = e->all_git && vt && !strcmp(vt, "git");
		if (strcmp(status, "affected"))
			continue; /* unaffected/unknown: redundant unless the default is affected */
		e->affects = true;
		if (sound)
			sound = convert_version(v, range_type(vt), repo, e->ranges, e->exact);
	}
	if (!sound) {
		json_decref(e->ranges);
		json_decref(e->exact);
		e->ranges = e->exact = NULL;
	}
}

static void entry_free(cve5_entry *e)
{
	json_decref(e->ranges);
	json_decref(e->exact);
	vg_buf_free(&e->types);
}

static char *dump_or_null(const json_t *v)
{
	return v && json_array_size(v) ? json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
}

static int store_affected_row(cve5_pass *p, const json_t *a, const cve5_entry *e)
{
	const char *vendor = json_string_value(json_object_get(a, "vendor"));
	const char *repo = json_string_value(json_object_get(a, "repo"));
	const char *eco = collection_ecosystem(json_string_value(json_object_get(a, "collectionURL")));
	vulndb_affected row = { 0 };
	char *ecosystem = NULL, *fixed = NULL;
	char *raw = dump_or_null(json_object_get(a, "versions"));
	int rc = vulndb_fixed_versions(e->ranges, &fixed);

	row.name = json_string_value(json_object_get(a, "packageName"));
	if (!row.name)
		row.name = json_string_value(json_object_get(a, "product"));
	if (!eco && e->all_git && repo) {
		eco = "GIT";
		row.name = repo;
	}
	ecosystem = eco ? vg_strdup(eco) : vg_strdup_printf("CVE5%s%s", vendor ? ":" : "",
							     vendor ? vendor : "");
	row.ecosystem = ecosystem;
	/* An empty list here means nothing converted, not "no version": absent. */
	row.ranges = json_array_size(e->ranges) ? e->ranges : NULL;
	row.versions = json_array_size(e->exact) ? e->exact : NULL;
	row.fixed = fixed;
	row.status = e->affects ? NULL : "not_affected";
	row.default_status = json_string_value(json_object_get(a, "defaultStatus"));
	row.version_type = e->types.len ? e->types.ptr : NULL;
	row.source_versions = raw;
	if (rc == VG_OK)
		rc = ecosystem ? vulndb_store_affected(p->db, p->record, &row) : VG_ENOMEM;
	free(ecosystem);
	free(fixed);
	free(raw);
	return rc;
}

/* CPE rows of one affected entry: bounded by its simple affected versions. */
static int store_cpes(cve5_pass *p, const json_t *a, int config, bool bounded)
{
	const json_t *cpe, *v;
	vulndb_cpe_match m = { 0 };
	size_t i, j, rows;
	int rc = VG_OK;

	m.config = config;
	m.node_operator = "OR";
	m.vulnerable = true;
	json_array_foreach(json_object_get(a, "cpes"), i, cpe) {
		m.criteria = json_string_value(cpe);
		rows = 0;
		json_array_foreach(bounded ? json_object_get(a, "versions") : NULL, j, v) {
			const char *vt = json_string_value(json_object_get(v, "versionType"));
			const char *version, *lt, *le;
			item_bounds b;

			/* Commit ids are no CPE version bounds. */
			if (strcmp(json_string_value(json_object_get(v, "status")), "affected") ||
			    (vt && !strcmp(vt, "git")) || !bounds_of(v, &b))
				continue;
			version = b.version;
			lt = b.lt;
			le = b.le;
			m.version_start = is_unnamed(version) || !strcmp(version, "0") ? NULL : version;
			m.start_including = true;
			m.version_end = lt ? lt : le ? le : m.version_start;
			m.end_including = !lt;
			if (m.version_end && !strcmp(m.version_end, "*"))
				m.version_end = NULL;
			if ((rc = vulndb_store_cpe_match(p->db, p->record, &m)))
				return rc;
			rows++;
		}
		if (!rows) {
			m.version_start = m.version_end = NULL;
			if ((rc = vulndb_store_cpe_match(p->db, p->record, &m)))
				return rc;
		}
	}
	return rc;
}

/* Check or store the affected[] of one container (CNA: rows and CPEs; ADP: CPEs). */
static int container_affected(cve5_pass *p, const json_t *container, const char *path, bool cna)
{
	char ap[VG_JPATH_MAX], q[VG_JPATH_MAX];
	json_t *list = NULL;
	const json_t *a;
	cve5_entry e;
	size_t i;
	int rc = vg_json_get_array(container, "affected", path, false, &list);

	vg_jpath_key(ap, path, "affected");
	p->entries += json_array_size(list);
	if (rc == VG_OK && p->entries > CVE5_MAX_ENTRIES)
		return vg_error_set(VG_ELIMIT, "%s: more than %d affected entries in the record", ap,
				    CVE5_MAX_ENTRIES);
	json_array_foreach(list, i, a) {
		if (rc)
			break;
		vg_jpath_index(q, ap, i);
		if (!p->db) {
			rc = check_affected(a, q);
			continue;
		}
		memset(&e, 0, sizeof(e));
		convert_entry(a, &e);
		if (cna)
			rc = store_affected_row(p, a, &e);
		if (rc == VG_OK && e.affects)
			rc = store_cpes(p, a, (int)(p->entries - json_array_size(list) + i),
					e.ranges != NULL || !cna);
		entry_free(&e);
	}
	return rc;
}

/* ---- metrics and references ---- */

static const struct {
	const char *key, *type;
} cvss_keys[] = {
	{ "cvssV2_0", "CVSS_V2" },
	{ "cvssV3_0", "CVSS_V3" },
	{ "cvssV3_1", "CVSS_V3" },
	{ "cvssV4_0", "CVSS_V4" },
};

static int other_metric(cve5_pass *p, const json_t *other, const char *path, const char *origin)
{
	char q[VG_JPATH_MAX];
	const char *type = NULL, *url = NULL;
	json_t *content = NULL;
	char *vector;
	int rc;

	if ((rc = vg_json_expect_object(other, path)) ||
	    (rc = vg_json_get_string(other, "type", path, false, &type)))
		return rc;
	vg_jpath_key(q, path, "content");
	if (type && !strcmp(type, "ssvc")) {
		if ((rc = vg_json_get_object(other, "content", path, true, &content)) ||
		    (rc = vulndb_ssvc_vector(content, q, &vector)))
			return rc;
		if (p->db)
			rc = vulndb_store_severity(p->db, p->record, "SSVC", vector, NAN, origin);
		free(vector);
		return rc;
	}
	if (type && !strcmp(type, "kev")) {
		if ((rc = vg_json_get_object(other, "content", path, true, &content)) ||
		    (rc = vg_json_get_string(content, "reference", q, false, &url)))
			return rc;
		if (p->db && url)
			return vulndb_store_reference(p->db, p->record, "KEV", url);
	}
	return VG_OK;
}

static int container_metrics(cve5_pass *p, const json_t *container, const char *path,
			     const char *origin)
{
	char mp[VG_JPATH_MAX], q[VG_JPATH_MAX], d[VG_JPATH_MAX];
	const char *vector;
	const json_t *m;
	json_t *list = NULL, *data;
	double score;
	size_t i, k;
	int rc = vg_json_get_array(container, "metrics", path, false, &list);

	vg_jpath_key(mp, path, "metrics");
	json_array_foreach(list, i, m) {
		if (rc)
			return rc;
		vg_jpath_index(q, mp, i);
		if ((rc = vg_json_expect_object(m, q)))
			return rc;
		for (k = 0; rc == VG_OK && k < sizeof(cvss_keys) / sizeof(cvss_keys[0]); k++) {
			data = NULL;
			if ((rc = vg_json_get_object(m, cvss_keys[k].key, q, false, &data)) || !data)
				continue;
			vg_jpath_key(d, q, cvss_keys[k].key);
			score = NAN;
			if ((rc = vg_json_get_string(data, "vectorString", d, true, &vector)) ||
			    (json_object_get(data, "baseScore") &&
			     (rc = vg_json_get_number(data, "baseScore", d, false, &score))))
				return rc;
			if (p->db)
				rc = vulndb_store_severity(p->db, p->record, cvss_keys[k].type, vector,
							   score, origin);
		}
		if (rc == VG_OK && json_object_get(m, "other")) {
			vg_jpath_key(d, q, "other");
			rc = other_metric(p, json_object_get(m, "other"), d, origin);
		}
	}
	return rc;
}

static int container_references(cve5_pass *p, const json_t *container, const char *path)
{
	char rp[VG_JPATH_MAX], q[VG_JPATH_MAX];
	const json_t *ref, *tags;
	const char *url;
	json_t *list = NULL;
	size_t i;
	int rc = vg_json_get_array(container, "references", path, false, &list);

	vg_jpath_key(rp, path, "references");
	json_array_foreach(list, i, ref) {
		if (rc)
			return rc;
		vg_jpath_index(q, rp, i);
		if ((rc = vg_json_expect_object(ref, q)) ||
		    (rc = vg_json_get_string(ref, "url", q, true, &url)) ||
		    (rc = check_string_array(ref, "tags", q)))
			return rc;
		if (!p->db || vg_strlist_contains(&p->urls, url))
			continue;
		tags = json_array_get(json_object_get(ref, "tags"), 0);
		if ((rc = vg_strlist_add(&p->urls, url)) == VG_OK)
			rc = vulndb_store_reference(p->db, p->record, json_string_value(tags), url);
	}
	return rc;
}

/* "cna:<shortName>" / "adp:<shortName>" (orgId when there is no short name). */
static void origin_of(const json_t *container, const char *kind, char *out, size_t size)
{
	const json_t *meta = json_object_get(container, "providerMetadata");
	const char *name = json_string_value(json_object_get(meta, "shortName"));

	if (!name)
		name = json_string_value(json_object_get(meta, "orgId"));
	snprintf(out, size, "%s:%s", kind, name ? name : "unknown");
}

static int container(cve5_pass *p, const json_t *c, const char *path, bool cna)
{
	char origin[128];
	int rc;

	if ((rc = vg_json_expect_object(c, path)))
		return rc;
	origin_of(c, cna ? "cna" : "adp", origin, sizeof(origin));
	if ((rc = container_metrics(p, c, path, origin)) ||
	    (rc = container_references(p, c, path)))
		return rc;
	return container_affected(p, c, path, cna);
}

static int containers(cve5_pass *p, const cve5_record *r)
{
	char q[VG_JPATH_MAX];
	size_t i;
	int rc = container(p, r->cna, "$.containers.cna", true);

	for (i = 0; rc == VG_OK && i < json_array_size(r->adp); i++) {
		vg_jpath_index(q, "$.containers.adp", i);
		rc = container(p, json_array_get(r->adp, i), q, false);
	}
	return rc;
}

/* ---- the record ---- */

static int read_times(const json_t *meta, cve5_record *r)
{
	const char *updated = NULL, *published = NULL;
	int rc;

	if ((rc = vg_json_get_string(meta, "dateUpdated", "$.cveMetadata", false, &updated)) ||
	    (rc = vg_json_get_string(meta, "datePublished", "$.cveMetadata", false, &published)))
		return rc;
	if (!updated && json_is_object(r->cna)) {
		json_t *pm = json_object_get(r->cna, "providerMetadata");

		if (json_is_object(pm) &&
		    (rc = vg_json_get_string(pm, "dateUpdated", "$.containers.cna.providerMetadata",
					     false, &updated)))
			return rc;
	}
	if (updated && (rc = vulndb_normalise_time(updated, "$.cveMetadata", "dateUpdated",
						   r->modified)))
		return rc;
	if (published && (rc = vulndb_normalise_time(published, "$.cveMetadata", "datePublished",
						     r->published)))
		return rc;
	r->has_modified = updated != NULL;
	r->has_published = published != NULL;
	return VG_OK;
}

static int read_record(const json_t *root, cve5_record *r)
{
	cve5_pass check = { NULL, 0, VG_STRLIST_INIT, 0 };
	json_t *meta, *cont, *descriptions = NULL;
	int rc;

	memset(r, 0, sizeof(*r));
	if ((rc = vg_json_get_object(root, "cveMetadata", "$", true, &meta)) ||
	    (rc = vg_json_get_string(meta, "cveId", "$.cveMetadata", true, &r->id)) ||
	    (rc = vg_json_get_string(meta, "state", "$.cveMetadata", false, &r->state)) ||
	    (rc = vg_json_get_object(root, "containers", "$", true, &cont)))
		return rc;
	if (strncmp(r->id, "CVE-", 4) != 0)
		return vg_error_set(VG_EPARSE, "$.cveMetadata.cveId: \"%.64s\" is not a CVE id", r->id);
	if (r->state && !strcmp(r->state, "REJECTED"))
		return VG_OK; /* only its id matters */
	if ((rc = vg_json_get_object(cont, "cna", "$.containers", true, &r->cna)) ||
	    (rc = vg_json_get_array(cont, "adp", "$.containers", false, &r->adp)) ||
	    (rc = vg_json_get_string(r->cna, "title", "$.containers.cna", false, &r->title)) ||
	    (rc = vg_json_get_array(r->cna, "descriptions", "$.containers.cna", false,
				    &descriptions)) ||
	    (rc = vulndb_pick_description(descriptions, "$.containers.cna.descriptions",
					  &r->description)) ||
	    (rc = read_times(meta, r)))
		return rc;
	rc = containers(&check, r);
	if (rc == VG_OK && !r->has_modified)
		rc = vulndb_digest_json(root, r->digest);
	return rc;
}

static int store_record(vg_vulndb *db, cve5_record *r)
{
	cve5_pass store = { db, 0, VG_STRLIST_INIT, 0 };
	int64_t vuln;
	bool is_new;
	int rc = vulndb_resolve(db, r->id, NULL, &vuln);

	if (rc == VG_OK)
		rc = vulndb_put_record(db, vuln, "cve5", r->id, r->has_published ? r->published : NULL,
				       r->has_modified ? r->modified : NULL,
				       r->title ? r->title : r->description, r->description,
				       &store.record, &is_new);
	if (rc == VG_OK && r->digest[0])
		rc = vulndb_set_digest(db, store.record, r->digest);
	if (rc == VG_OK)
		rc = containers(&store, r);
	vg_strlist_free(&store.urls);
	return rc;
}

int vulndb_import_cve5(vg_vulndb *db, const char *name, const json_t *root,
		       vg_import_report *report)
{
	cve5_record r;
	bool deleted;
	int rc, state;

	if (read_record(root, &r) != VG_OK) {
		vulndb_report_failure(report, name);
		return VG_OK;
	}
	if (r.state && !strcmp(r.state, "REJECTED")) {
		if ((rc = vulndb_delete_record(db, "cve5", r.id, &deleted)) == VG_OK)
			deleted ? report->removed++ : report->unchanged++;
		return rc;
	}
	rc = vulndb_record_state(db, "cve5", r.id, r.has_modified ? r.modified : NULL,
				 r.digest[0] ? r.digest : NULL, &state);
	if (rc == VG_OK && state != VULNDB_CURRENT)
		rc = store_record(db, &r);
	if (rc == VG_OK)
		vulndb_count_result(report, state);
	return rc;
}
