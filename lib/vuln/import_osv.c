/*
 * import_osv.c - OSV records (https://ossf.github.io/osv-schema/).
 *
 * A record is checked completely before anything of it is stored, so a
 * malformed record is skipped whole (with its JSON path in the report) and
 * never half-imported.  Checks are those the OSV schema and its linter make
 * that can be made offline: required fields and types, range types, one
 * event kind per event, an `introduced` event in every range, no version
 * both introduced and fixed, a repo for GIT ranges.  (The linter's "package
 * exists in its registry" check needs the network and is not made.)
 *
 * Incremental: a record whose `modified` time is not newer than the stored
 * copy's is left alone; a `withdrawn` record removes the stored copy.
 * Only `aliases` merge vulnerabilities (resolve.c).  `upstream` and `related`
 * do not: a distro advisory's upstream list names several distinct CVEs,
 * and merging them would make one vulnerability of many.
 *
 * Ranges and explicit versions are stored as compact JSON per affected
 * package; the scanner evaluates them with the version module.
 */
#include "vulndb_internal.h"
#include "vigil/error.h"
#include "vigil/time.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Beyond these a record is refused: no real advisory comes near them. */
#define OSV_MAX_RANGES 10000
#define OSV_MAX_EVENTS 10000
#define OSV_MAX_AFFECTED 100000

static const char *const event_kinds[] = { "introduced", "fixed", "last_affected", "limit" };

typedef struct osv_record {
	const char *id;
	const char *modified;
	const char *published;
	const char *withdrawn;
	const char *summary;
	const char *details;
	json_t *aliases;    /* may be NULL */
	json_t *affected;   /* may be NULL */
	json_t *severity;   /* may be NULL */
	json_t *references; /* may be NULL */
} osv_record;

static int check_string_array(const json_t *arr, const char *path)
{
	size_t i;
	json_t *v;

	json_array_foreach(arr, i, v) {
		if (!json_is_string(v))
			return vg_error_set(VG_EPARSE, "%s[%zu]: expected a string, found %s", path, i,
					    vg_json_type_name(v));
	}
	return VG_OK;
}

/* The one event kind of an event object, or an error.  Other members are
 * the schema's business, not ours: they are walked past, not looked up. */
static int event_kind(const json_t *event, const char *path, const char **kind,
		      const char **value)
{
	size_t i, n = sizeof(event_kinds) / sizeof(event_kinds[0]), found = 0;
	const char *key;
	json_t *v;

	if (!json_is_object(event))
		return vg_error_set(VG_EPARSE, "%s: expected an object, found %s", path,
				    vg_json_type_name(event));
	json_object_foreach ((json_t *)event, key, v) {
		for (i = 0; i < n && strcmp(key, event_kinds[i]); i++)
			;
		if (i == n)
			continue;
		if (!json_is_string(v) || !*json_string_value(v))
			return vg_error_set(VG_EPARSE, "%s.%s: expected a non-empty string", path,
					    key);
		*kind = event_kinds[i];
		*value = json_string_value(v);
		found++;
	}
	if (found != 1)
		return vg_error_set(VG_EPARSE, "%s: expected exactly one of introduced, fixed, "
				    "last_affected, limit (found %zu)", path, found);
	return VG_OK;
}

static int check_range(const json_t *range, const char *path)
{
	char events_path[VG_JPATH_MAX], p[VG_JPATH_MAX];
	const char *type = NULL, *repo = NULL, *kind = NULL, *value = NULL, *last_kind = NULL,
		   *last_value = NULL;
	json_t *events;
	size_t i, introduced = 0;
	int rc;

	if ((rc = vg_json_expect_object(range, path)) ||
	    (rc = vg_json_get_string(range, "type", path, true, &type)) ||
	    (rc = vg_json_get_string(range, "repo", path, false, &repo)) ||
	    (rc = vg_json_get_array(range, "events", path, true, &events)))
		return rc;
	if (strcmp(type, "SEMVER") && strcmp(type, "ECOSYSTEM") && strcmp(type, "GIT"))
		return vg_error_set(VG_EPARSE, "%s.type: \"%.32s\" is not SEMVER, ECOSYSTEM or GIT",
				    path, type);
	if (!strcmp(type, "GIT") && !repo)
		return vg_error_set(VG_EPARSE, "%s: a GIT range needs a \"repo\"", path);
	if (json_array_size(events) > OSV_MAX_EVENTS)
		return vg_error_set(VG_ELIMIT, "%s.events: %zu events, more than %d", path,
				    json_array_size(events), OSV_MAX_EVENTS);
	vg_jpath_key(events_path, path, "events");
	for (i = 0; i < json_array_size(events); i++) {
		vg_jpath_index(p, events_path, i);
		if ((rc = event_kind(json_array_get(events, i), p, &kind, &value)))
			return rc;
		/* `introduced X` directly followed by `fixed X` is an empty range, a
		 * mistake in the data (the osv-linter's "distinct" rule).  X may
		 * be one interval's `fixed` and the next one's `introduced`, as
		 * real PyPA records have, so only this adjacent pair is refused. */
		if (last_kind == event_kinds[0] && kind == event_kinds[1] &&
		    !strcmp(last_value, value))
			return vg_error_set(VG_EPARSE, "%s: \"%.64s\" is introduced and fixed at "
					    "once (an empty range)", p, value);
		introduced += kind == event_kinds[0];
		last_kind = kind;
		last_value = value;
	}
	if (!introduced)
		return vg_error_set(VG_EPARSE, "%s.events: no \"introduced\" event", path);
	return VG_OK;
}

static int check_affected(const json_t *affected, const char *path)
{
	char p[VG_JPATH_MAX], q[VG_JPATH_MAX];
	const char *s = NULL;
	json_t *package = NULL, *ranges = NULL, *versions = NULL;
	size_t i;
	int rc;

	if ((rc = vg_json_expect_object(affected, path)) ||
	    (rc = vg_json_get_object(affected, "package", path, false, &package)) ||
	    (rc = vg_json_get_array(affected, "ranges", path, false, &ranges)) ||
	    (rc = vg_json_get_array(affected, "versions", path, false, &versions)))
		return rc;
	if (package) {
		vg_jpath_key(p, path, "package");
		if ((rc = vg_json_get_string(package, "ecosystem", p, true, &s)) ||
		    (rc = vg_json_get_string(package, "name", p, true, &s)) ||
		    (rc = vg_json_get_string(package, "purl", p, false, &s)))
			return rc;
	} else if (!ranges) {
		return vg_error_set(VG_EPARSE, "%s: neither a package nor ranges", path);
	}
	if (versions) {
		vg_jpath_key(p, path, "versions");
		if ((rc = check_string_array(versions, p)))
			return rc;
	}
	if (json_array_size(ranges) > OSV_MAX_RANGES)
		return vg_error_set(VG_ELIMIT, "%s.ranges: %zu ranges, more than %d", path,
				    json_array_size(ranges), OSV_MAX_RANGES);
	vg_jpath_key(p, path, "ranges");
	for (i = 0; i < json_array_size(ranges); i++) {
		vg_jpath_index(q, p, i);
		if ((rc = check_range(json_array_get(ranges, i), q)))
			return rc;
	}
	return VG_OK;
}

static int check_times(const osv_record *r, const char *path)
{
	const char *names[] = { "modified", "published", "withdrawn" };
	const char *values[] = { r->modified, r->published, r->withdrawn };
	int64_t t;
	size_t i;

	for (i = 0; i < 3; i++)
		if (values[i] && vg_time_parse(values[i], &t))
			return vg_error_prefix("%s.%s: ", path, names[i]);
	return VG_OK;
}

static int read_record(const json_t *doc, const char *path, osv_record *r)
{
	char p[VG_JPATH_MAX], q[VG_JPATH_MAX];
	size_t i;
	int rc;

	memset(r, 0, sizeof(*r));
	if ((rc = vg_json_expect_object(doc, path)) ||
	    (rc = vg_json_get_string(doc, "id", path, true, &r->id)) ||
	    (rc = vg_json_get_string(doc, "modified", path, true, &r->modified)) ||
	    (rc = vg_json_get_string(doc, "published", path, false, &r->published)) ||
	    (rc = vg_json_get_string(doc, "withdrawn", path, false, &r->withdrawn)) ||
	    (rc = vg_json_get_string(doc, "summary", path, false, &r->summary)) ||
	    (rc = vg_json_get_string(doc, "details", path, false, &r->details)) ||
	    (rc = vg_json_get_array(doc, "aliases", path, false, &r->aliases)) ||
	    (rc = vg_json_get_array(doc, "affected", path, false, &r->affected)) ||
	    (rc = vg_json_get_array(doc, "severity", path, false, &r->severity)) ||
	    (rc = vg_json_get_array(doc, "references", path, false, &r->references)))
		return rc;
	if (!*r->id)
		return vg_error_set(VG_EPARSE, "%s.id: empty", path);
	if ((rc = check_times(r, path)))
		return rc;
	vg_jpath_key(p, path, "aliases");
	if (r->aliases && (rc = check_string_array(r->aliases, p)))
		return rc;
	if (json_array_size(r->affected) > OSV_MAX_AFFECTED)
		return vg_error_set(VG_ELIMIT, "%s.affected: more than %d entries", path,
				    OSV_MAX_AFFECTED);
	vg_jpath_key(p, path, "affected");
	for (i = 0; i < json_array_size(r->affected); i++) {
		vg_jpath_index(q, p, i);
		if ((rc = check_affected(json_array_get(r->affected, i), q)))
			return rc;
	}
	return VG_OK;
}

static int store_affected(vg_vulndb *db, int64_t record, const json_t *affected)
{
	json_t *package = json_object_get(affected, "package");
	json_t *ranges = json_object_get(affected, "ranges");
	json_t *versions = json_object_get(affected, "versions");
	const char *ecosystem = json_string_value(json_object_get(package, "ecosystem"));
	const char *name = json_string_value(json_object_get(package, "name"));
	char *fixed;
	vulndb_affected a = { 0 };
	int rc = vulndb_fixed_versions(ranges, &fixed);

	if (!package) { /* commit ranges only: keyed by repository for later commit matching */
		ecosystem = "GIT";
		name = json_string_value(json_object_get(json_array_get(ranges, 0), "repo"));
	}
	a.ecosystem = ecosystem;
	a.name = name;
	a.purl = json_string_value(json_object_get(package, "purl"));
	a.ranges = ranges;
	a.versions = versions;
	a.fixed = fixed;
	if (rc == VG_OK)
		rc = vulndb_store_affected(db, record, &a);
	free(fixed);
	return rc;
}

static int store_severities(vg_vulndb *db, int64_t record, const json_t *severity)
{
	json_t *s;
	size_t i;
	int rc = VG_OK;

	json_array_foreach(severity, i, s) {
		const char *type = json_string_value(json_object_get(s, "type"));
		const char *score = json_string_value(json_object_get(s, "score"));

		/* Not something we can score; the record is still valid. */
		if (type && score && (rc = vulndb_store_severity(db, record, type, score, NAN, NULL)))
			return rc;
	}
	return rc;
}

static int store_references(vg_vulndb *db, int64_t record, const json_t *refs)
{
	json_t *r;
	size_t i;
	int rc = VG_OK;

	json_array_foreach(refs, i, r) {
		const char *url = json_string_value(json_object_get(r, "url"));

		if (url && (rc = vulndb_store_reference(db, record,
							json_string_value(json_object_get(r, "type")),
							url)))
			return rc;
	}
	return rc;
}

static int collect_aliases(const osv_record *r, vg_strlist *ids)
{
	size_t i;
	int rc = VG_OK;

	for (i = 0; rc == VG_OK && i < json_array_size(r->aliases); i++)
		rc = vg_strlist_add(ids, json_string_value(json_array_get(r->aliases, i)));
	return rc;
}

static int store_record(vg_vulndb *db, const osv_record *r, bool *is_new)
{
	vg_strlist ids = VG_STRLIST_INIT;
	int64_t vuln, record;
	size_t i;
	int rc = collect_aliases(r, &ids);

	if (rc == VG_OK)
		rc = vulndb_resolve(db, r->id, &ids, &vuln);
	vg_strlist_free(&ids);
	if (rc == VG_OK)
		rc = vulndb_put_record(db, vuln, "osv", r->id, r->published, r->modified, r->summary,
				       r->details, &record, is_new);
	for (i = 0; rc == VG_OK && i < json_array_size(r->affected); i++)
		rc = store_affected(db, record, json_array_get(r->affected, i));
	if (rc == VG_OK)
		rc = store_severities(db, record, r->severity);
	if (rc == VG_OK)
		rc = store_references(db, record, r->references);
	return rc;
}

static int import_record(vg_vulndb *db, const char *name, const json_t *doc, const char *path,
			 vg_import_report *report)
{
	osv_record r;
	bool deleted, is_new = false;
	int rc, state;

	if (read_record(doc, path, &r) != VG_OK) {
		vulndb_report_failure(report, name);
		return VG_OK;
	}
	if ((rc = vulndb_record_state(db, "osv", r.id, r.modified, NULL, &state)))
		return rc;
	if (r.withdrawn) {
		if ((rc = vulndb_delete_record(db, "osv", r.id, &deleted)) == VG_OK && deleted)
			report->removed++;
		else if (rc == VG_OK)
			report->unchanged++;
		return rc;
	}
	if (state == VULNDB_CURRENT) {
		report->unchanged++;
		return VG_OK;
	}
	/* The record was checked whole; only a database failure can stop it now,
	 * and that aborts the import's transaction. */
	if ((rc = store_record(db, &r, &is_new)))
		return rc;
	vulndb_count_result(report, state);
	return VG_OK;
}

int vulndb_import_osv(vg_vulndb *db, const char *name, const json_t *doc,
		      vg_import_report *report)
{
	char path[VG_JPATH_MAX];
	size_t i;
	int rc = VG_OK;

	if (!json_is_array(doc))
		return import_record(db, name, doc, "$", report);
	for (i = 0; rc == VG_OK && i < json_array_size(doc); i++) {
		vg_jpath_index(path, "$", i);
		rc = import_record(db, name, json_array_get(doc, i), path, report);
	}
	return rc;
}
