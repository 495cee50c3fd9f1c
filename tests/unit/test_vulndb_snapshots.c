/*
 * test_vulndb_snapshots.c - a newer copy of a Debian DSA/DLA list, of the
 * tracker JSON or of an Alpine secdb file removes the records of that list
 * it no longer names, and nothing else (snapshot.c).  Read on the real
 * tracker and secdb data in ../shared/testdata, with edited copies written
 * to a temporary directory: advisories or packages cut out, a bad entry
 * (keeps its stored records), a truncated copy (removes nothing).
 */
#include "testutil.h"
#include "vigil/buf.h"
#include "vigil/error.h"
#include "vigil/json.h"
#include "vigil/str.h"
#include "vigil/vulndb.h"
#include "vuln/vulndb_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DSA_LIST "distro/debian-security-tracker/data/DSA/list"
#define DLA_LIST "distro/debian-security-tracker/data/DLA/list"
#define TRACKER_JSON "osv/osv.dev/vulnfeeds/test_data/debian/debian_security_tracker_mock.json"
#define SECDB "distro/alpine-secdb/json/"

/* Records of `source` whose list is `snapshot` and whose id starts with `prefix`. */
static long long count_records(vg_vulndb *db, const char *source, const char *snapshot,
			       const char *prefix)
{
	sqlite3_stmt *st;
	long long n = -1;

	assert_int_equal(sqlite3_prepare_v2(db->sql, "SELECT count(*) FROM record WHERE source = ?1 "
					    "AND snapshot IS ?2 AND substr(record_id, 1, length(?3)) = ?3",
					    -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, source, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, snapshot, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, prefix, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* 1 when (source, record_id) is stored, else 0. */
static long long stored(vg_vulndb *db, const char *source, const char *record_id)
{
	sqlite3_stmt *st;
	long long n;

	assert_int_equal(sqlite3_prepare_v2(db->sql, "SELECT count(*) FROM record WHERE source = ?1 "
					    "AND record_id = ?2", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, source, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, record_id, -1, SQLITE_STATIC);
	n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_finalize(st);
	return n;
}

/* Vulnerabilities no record names any more: there must be none. */
static long long orphans(vg_vulndb *db)
{
	sqlite3_stmt *st;
	long long n = -1;

	assert_int_equal(sqlite3_prepare_v2(db->sql, "SELECT (SELECT count(*) FROM vulnerability v "
					    "WHERE NOT EXISTS (SELECT 1 FROM record WHERE vuln = v.id)) + "
					    "(SELECT count(*) FROM alias a WHERE NOT EXISTS "
					    "(SELECT 1 FROM record WHERE vuln = a.vuln))", -1, &st, NULL),
			 SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* The record ids of `source` under `prefix`, into out. */
static void record_ids(vg_vulndb *db, const char *source, const char *prefix, vg_strlist *out)
{
	sqlite3_stmt *st;

	assert_int_equal(sqlite3_prepare_v2(db->sql, "SELECT record_id FROM record WHERE source = ?1 "
					    "AND substr(record_id, 1, length(?2)) = ?2", -1, &st, NULL),
			 SQLITE_OK);
	sqlite3_bind_text(st, 1, source, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, prefix, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW)
		assert_int_equal(vg_strlist_add(out, (const char *)sqlite3_column_text(st, 0)), VG_OK);
	sqlite3_finalize(st);
}

/* What `vg_vulndb_get(id)` says: does vulnerability `id` have record `record_id`? */
static bool lookup_has(vg_vulndb *db, const char *id, const char *record_id)
{
	vg_vuln *v;
	bool found = false;
	size_t i;
	int rc = vg_vulndb_get(db, id, &v);

	if (rc == VG_ENOTFOUND)
		return false;
	assert_int_equal(rc, VG_OK);
	for (i = 0; i < v->source_count; i++)
		found = found || !strcmp(v->sources[i].record_id, record_id);
	vg_vuln_free(v);
	return found;
}

/* The vulnerability id a record id ends with: "DSA-1-1/CVE-2024-1" -> "CVE-2024-1". */
static const char *record_vuln(const char *record_id)
{
	const char *slash = strrchr(record_id, '/');

	return slash ? slash + 1 : record_id;
}

static void import(vg_vulndb *db, const char *path, vg_import_report *r)
{
	int rc = vg_vulndb_import(db, path, NULL, r);

	if (rc)
		fail_msg("%s: %s", path, vg_error_message());
}

static char *data_copy(const char *rel)
{
	char *path = vg_strdup(vg_test_data(rel));

	assert_non_null(path);
	return path;
}

/* A text with [from, to) cut out (or replaced by `with`). */
static char *splice(const char *text, size_t from, size_t to, const char *with)
{
	char *out = vg_strdup_printf("%.*s%s%s", (int)from, text, with, text + to);

	assert_non_null(out);
	return out;
}

/* ---- Debian DSA / DLA lists ---- */

/*
 * The list without its k-th advisories, k = 7, 507, 1007 ... (those whose id
 * it lists once); their ids into cut.
 */
static char *cut_advisories(const char *text, vg_strlist *cut)
{
	vg_buf kept = VG_BUF_INIT;
	const char *p = text, *next;
	char id[64], header[80];
	size_t k;

	for (k = 0; *p; k++, p = next) {
		for (next = strchr(p, '\n'); next && next[1] && next[1] != '['; next = strchr(next + 1, '\n'))
			;
		next = next ? next + 1 : p + strlen(p);
		assert_int_equal(sscanf(strchr(p, ']') + 2, "%63s", id), 1);
		snprintf(header, sizeof(header), "] %s ", id);
		if (k % 500 == 7 && !strstr(strstr(text, header) + 1, header))
			assert_int_equal(vg_strlist_add(cut, id), VG_OK);
		else
			assert_int_equal(vg_buf_put(&kept, p, (size_t)(next - p)), VG_OK);
	}
	return vg_buf_detach(&kept);
}

static void test_dsa_list(void **state)
{
	vg_vulndb *db = vg_test_vulndb("snap_dsa", NULL);
	const char *dir = vg_test_tmpdir("snap_dsa_files");
	char *dsa = data_copy(DSA_LIST), *dla = data_copy(DLA_LIST), *text, *edited, *path;
	char header[80], prefix[80];
	vg_strlist cut = VG_STRLIST_INIT, ids = VG_STRLIST_INIT;
	vg_import_report r;
	long long dsa_records, dla_records, cut_records = 0;
	size_t from, n, i;

	(void)state;
	import(db, dsa, &r);
	assert_int_equal(r.failed, 0);
	vg_import_report_free(&r);
	import(db, dla, &r);
	vg_import_report_free(&r);
	dsa_records = count_records(db, "debian", "DSA", "");
	dla_records = count_records(db, "debian", "DLA", "");
	assert_true(dsa_records > 10000 && dla_records > 5000);
	assert_int_equal(count_records(db, "debian", NULL, ""), 0);

	/* A newer copy without every 500th advisory (only ids listed once). */
	edited = vg_test_read_file(dsa, NULL);
	text = cut_advisories(edited, &cut);
	free(edited);
	assert_true(cut.count >= 8);
	for (i = 0; i < cut.count; i++) {
		snprintf(prefix, sizeof(prefix), "%s/", cut.items[i]);
		record_ids(db, "debian", prefix, &ids);
		if (stored(db, "debian", cut.items[i]))
			assert_int_equal(vg_strlist_add(&ids, cut.items[i]), VG_OK);
	}
	cut_records = (long long)ids.count;
	assert_true(cut_records >= 8);
	path = vg_strdup(vg_test_write_file(dir, "list", text));
	import(db, path, &r);
	assert_int_equal(r.removed, cut_records);
	assert_int_equal(r.added + r.updated + r.failed, 0);
	assert_int_equal(r.unchanged, dsa_records - cut_records);
	vg_import_report_free(&r);
	assert_int_equal(count_records(db, "debian", "DSA", ""), dsa_records - cut_records);
	assert_int_equal(count_records(db, "debian", "DLA", ""), dla_records);
	for (i = 0; i < ids.count; i++)
		assert_false(lookup_has(db, record_vuln(ids.items[i]), ids.items[i]));
	assert_true(lookup_has(db, "CVE-2022-23824", "DSA-5378-1/CVE-2022-23824"));
	assert_int_equal(orphans(db), 0);

	/* Unchanged: nothing removed. */
	import(db, path, &r);
	assert_int_equal(r.removed, 0);
	assert_int_equal(r.unchanged, dsa_records - cut_records);
	vg_import_report_free(&r);

	/* A bad line in DSA-5378-1: skipped, and its stored records stay. */
	snprintf(header, sizeof(header), "] DSA-5378-1 ");
	from = (size_t)(strchr(strstr(text, header), '\n') + 1 - text);
	edited = splice(text, from, from, "\tbogus line\n");
	import(db, vg_test_write_file(dir, "list", edited), &r);
	free(edited);
	assert_int_equal(r.failed, 1);
	assert_int_equal(r.removed, 0);
	vg_import_report_free(&r);
	assert_true(lookup_has(db, "CVE-2022-23824", "DSA-5378-1/CVE-2022-23824"));
	assert_int_equal(count_records(db, "debian", "DSA", ""), dsa_records - cut_records);

	/* Cut short in the middle of a line: the last advisory is refused, nothing removed. */
	n = strlen(text) / 2;
	while (text[n - 1] == '\n')
		n--;
	text[n] = '\0';
	import(db, vg_test_write_file(dir, "list", text), &r);
	assert_int_equal(r.removed, 0);
	assert_int_equal(r.failed, 1);
	assert_non_null(strstr(r.errors.items[0], "no newline at the end: the file was cut short"));
	vg_import_report_free(&r);
	assert_int_equal(count_records(db, "debian", "DSA", ""), dsa_records - cut_records);
	assert_int_equal(count_records(db, "debian", "DLA", ""), dla_records);

	vg_strlist_free(&cut);
	vg_strlist_free(&ids);
	free(text);
	free(path);
	free(dsa);
	free(dla);
	vg_vulndb_close(db);
}

/* ---- Debian tracker JSON ---- */

static const char *write_json(const char *dir, const char *name, const json_t *root)
{
	char *text = json_dumps(root, JSON_INDENT(1));
	const char *path;

	assert_non_null(text);
	path = vg_test_write_file(dir, name, text);
	free(text);
	return path;
}

static void test_tracker_json(void **state)
{
	vg_vulndb *db = vg_test_vulndb("snap_tracker", NULL);
	const char *dir = vg_test_tmpdir("snap_tracker_files");
	char *tracker = data_copy(TRACKER_JSON), *text;
	json_t *root, *cves;
	vg_import_report r;
	vg_vuln *v;
	long long dla_records, cves_before;

	(void)state;
	/* A DLA naming a CVE of the tracker's: its record outlives the tracker's. */
	import(db, vg_test_write_file(dir, "dla",
		"[01 Jan 2024] DLA-1-1 apparmor - security update\n\t{CVE-2016-1585}\n"
		"\t[buster] - apparmor 2.13.2-10+deb10u1\n"
		"[01 Jan 2024] DLA-2-1 foo - security update\n\t{CVE-2024-1}\n"
		"\t[buster] - foo 1.0-1\n"), &r);
	vg_import_report_free(&r);
	import(db, tracker, &r);
	assert_int_equal(r.failed, 0);
	vg_import_report_free(&r);
	dla_records = count_records(db, "debian", "DLA", "");
	cves_before = count_records(db, "debian", "tracker", "apparmor/");
	assert_int_equal(cves_before, 3);
	assert_int_equal(vg_json_load_file(tracker, 1 << 20, &root), VG_OK);
	cves = json_object_get(root, "apparmor");

	/* Unchanged: nothing removed. */
	import(db, tracker, &r);
	assert_int_equal(r.removed, 0);
	assert_int_equal(r.unchanged, 3);
	vg_import_report_free(&r);

	/* A bad entry for CVE-2016-1585: skipped, its stored record stays. */
	json_object_set_new(json_object_get(cves, "CVE-2016-1585"), "releases", json_string("x"));
	import(db, write_json(dir, "tracker.json", root), &r);
	assert_int_equal(r.failed, 1);
	assert_int_equal(r.removed, 0);
	vg_import_report_free(&r);
	assert_true(lookup_has(db, "CVE-2016-1585", "apparmor/CVE-2016-1585"));

	/* Two CVEs gone: their records go; CVE-2017-6507's vulnerability with it
	 * (no other record names it), CVE-2016-1585's stays with its DLA. */
	json_object_del(cves, "CVE-2016-1585");
	json_object_del(cves, "CVE-2017-6507");
	import(db, write_json(dir, "tracker.json", root), &r);
	assert_int_equal(r.removed, 2);
	assert_int_equal(r.unchanged, 1);
	vg_import_report_free(&r);
	assert_false(lookup_has(db, "CVE-2016-1585", "apparmor/CVE-2016-1585"));
	assert_true(lookup_has(db, "CVE-2016-1585", "DLA-1-1/CVE-2016-1585"));
	assert_false(lookup_has(db, "CVE-2017-6507", "apparmor/CVE-2017-6507"));
	assert_int_equal(vg_vulndb_get(db, "CVE-2017-6507", &v), VG_ENOTFOUND);
	assert_true(lookup_has(db, "CVE-2014-1424", "apparmor/CVE-2014-1424"));
	assert_int_equal(count_records(db, "debian", "DLA", ""), dla_records);
	assert_int_equal(orphans(db), 0);

	/* Truncated: refused whole, nothing removed. */
	text = vg_test_read_file(tracker, NULL);
	text[strlen(text) / 2] = '\0';
	assert_int_equal(vg_vulndb_import(db, vg_test_write_file(dir, "cut.json", text), NULL, &r),
			 VG_EPARSE);
	vg_import_report_free(&r);
	assert_int_equal(count_records(db, "debian", "tracker", ""), 1);

	/* Package names are Debian's: an uppercase one (an advisory's id space) is refused. */
	import(db, vg_test_write_file(dir, "upper.json",
		"{\"DSA-1-1\": {\"CVE-2024-1\": {\"releases\": {}}}, \"apparmor\": {}}"), &r);
	assert_int_equal(r.failed, 1);
	assert_non_null(strstr(r.errors.items[0], "$[\"DSA-1-1\"]: \"DSA-1-1\" is not a Debian source package name"));
	assert_int_equal(r.removed, 1); /* apparmor lists no CVE any more */
	vg_import_report_free(&r);
	assert_int_equal(count_records(db, "debian", "DLA", ""), dla_records);

	free(text);
	json_decref(root);
	free(tracker);
	vg_vulndb_close(db);
}

/* ---- Alpine secdb ---- */

static void test_alpine(void **state)
{
	vg_vulndb *db = vg_test_vulndb("snap_alpine", NULL);
	const char *dir = vg_test_tmpdir("snap_alpine_files");
	char *main310 = data_copy(SECDB "v3.10-main.json"), *text;
	char *community310 = data_copy(SECDB "v3.10-community.json");
	char *main311 = data_copy(SECDB "v3.11-main.json"), prefix[300];
	vg_strlist ids = VG_STRLIST_INIT;
	json_t *root, *packages, *pkg;
	vg_import_report r;
	long long main_records, community_records, records311, cut_records = 0, kept;
	size_t i, failed;
	const char *name;

	(void)state;
	import(db, main310, &r);
	failed = r.failed;
	vg_import_report_free(&r);
	import(db, community310, &r);
	vg_import_report_free(&r);
	import(db, main311, &r);
	vg_import_report_free(&r);
	main_records = count_records(db, "alpine", "v3.10/main", "");
	community_records = count_records(db, "alpine", "v3.10/community", "");
	records311 = count_records(db, "alpine", "v3.11/main", "");
	assert_true(main_records > 500 && community_records > 100 && records311 > 500);
	assert_true(failed > 0); /* secdb's own typos: they do not stop the removal below */

	/* Unchanged: nothing removed. */
	import(db, main310, &r);
	assert_int_equal(r.removed, 0);
	vg_import_report_free(&r);

	/* v3.10/main without every 20th package. */
	assert_int_equal(vg_json_load_file(main310, 16 << 20, &root), VG_OK);
	packages = json_object_get(root, "packages");
	for (i = json_array_size(packages); i-- > 0;) {
		if (i % 20 != 3)
			continue;
		name = json_string_value(json_object_get(json_object_get(json_array_get(packages, i),
									 "pkg"), "name"));
		snprintf(prefix, sizeof(prefix), "v3.10/%s/", name);
		cut_records += count_records(db, "alpine", "v3.10/main", prefix);
		record_ids(db, "alpine", prefix, &ids);
		json_array_remove(packages, i);
	}
	assert_true(cut_records > 10);
	import(db, write_json(dir, "main.json", root), &r);
	assert_int_equal(r.removed, cut_records);
	assert_int_equal(r.failed, failed);
	assert_int_equal(r.added + r.updated, 0);
	vg_import_report_free(&r);
	assert_int_equal(count_records(db, "alpine", "v3.10/main", ""), main_records - cut_records);
	assert_int_equal(count_records(db, "alpine", "v3.10/community", ""), community_records);
	assert_int_equal(count_records(db, "alpine", "v3.11/main", ""), records311);
	for (i = 0; i < ids.count; i++)
		assert_false(lookup_has(db, record_vuln(ids.items[i]), ids.items[i]));
	assert_int_equal(orphans(db), 0);

	/* A package with a bad fix entry keeps its stored records. */
	pkg = json_object_get(json_array_get(packages, 0), "pkg");
	name = json_string_value(json_object_get(pkg, "name"));
	snprintf(prefix, sizeof(prefix), "v3.10/%s/", name);
	kept = count_records(db, "alpine", "v3.10/main", prefix);
	assert_true(kept > 0);
	json_object_set_new(pkg, "secfixes", json_integer(7));
	import(db, write_json(dir, "main.json", root), &r);
	assert_int_equal(r.failed, failed + 1);
	assert_int_equal(r.removed, 0);
	vg_import_report_free(&r);
	assert_int_equal(count_records(db, "alpine", "v3.10/main", prefix), kept);

	/* A package without a name: nobody knows what it stood for, nothing removed. */
	json_array_clear(packages);
	json_array_append_new(packages, json_pack("{s:{s:i}}", "pkg", "name", 5));
	import(db, write_json(dir, "main.json", root), &r);
	assert_int_equal(r.removed, 0);
	vg_import_report_free(&r);
	assert_int_equal(count_records(db, "alpine", "v3.10/main", ""), main_records - cut_records);

	/* Truncated: refused whole. */
	text = vg_test_read_file(main310, NULL);
	text[strlen(text) - 10] = '\0';
	assert_int_equal(vg_vulndb_import(db, vg_test_write_file(dir, "cut.json", text), NULL, &r),
			 VG_EPARSE);
	vg_import_report_free(&r);
	assert_int_equal(count_records(db, "alpine", "v3.10/main", ""), main_records - cut_records);

	/* An emptied repository removes its records, and only its own. */
	import(db, vg_test_write_file(dir, "empty.json",
		"{\"distroversion\": \"v3.10\", \"reponame\": \"community\", \"packages\": \"\"}"), &r);
	assert_int_equal(r.removed, community_records);
	vg_import_report_free(&r);
	assert_int_equal(count_records(db, "alpine", "v3.10/main", ""), main_records - cut_records);
	assert_int_equal(count_records(db, "alpine", "v3.11/main", ""), records311);
	assert_int_equal(orphans(db), 0);

	free(text);
	json_decref(root);
	vg_strlist_free(&ids);
	free(main310);
	free(community310);
	free(main311);
	vg_vulndb_close(db);
}

/* An advisory of a list whose header names no list is skipped, and then
 * nobody knows which records it stood for: that copy removes nothing. */
static void test_list_unreadable_header(void **state)
{
	vg_vulndb *db = vg_test_vulndb("snap_header", NULL);
	const char *dir = vg_test_tmpdir("snap_header_files");
	vg_import_report r;

	(void)state;
	import(db, vg_test_write_file(dir, "list",
		"[01 Jan 2024] DSA-1-1 a - x\n\t{CVE-2024-1}\n\t[bookworm] - a 1.0-1\n"
		"[01 Jan 2024] DSA-2-1 b - x\n\t{CVE-2024-2}\n\t[bookworm] - b 1.0-1\n"), &r);
	assert_int_equal(r.added, 2);
	vg_import_report_free(&r);
	import(db, vg_test_write_file(dir, "list",
		"[01 Jan 2024] DSA-1-1 a - x\n\t{CVE-2024-1}\n\t[bookworm] - a 1.0-1\n"
		"[01 Jan 2024] 2-1 b - x\n\t{CVE-2024-2}\n\t[bookworm] - b 1.0-1\n"), &r);
	assert_int_equal(r.failed, 1);
	assert_non_null(strstr(r.errors.items[0], "line 4: \"2-1\" is not an advisory id"));
	assert_int_equal(r.removed, 0);
	vg_import_report_free(&r);
	assert_int_equal(count_records(db, "debian", "DSA", ""), 2);
	/* Fixed: DSA-2-1 really is gone now. */
	import(db, vg_test_write_file(dir, "list",
		"[01 Jan 2024] DSA-1-1 a - x\n\t{CVE-2024-1}\n\t[bookworm] - a 1.0-1\n"), &r);
	assert_int_equal(r.removed, 1);
	vg_import_report_free(&r);
	vg_vulndb_close(db);
}

/* ---- schema 4 -> 5 ---- */

static void test_migration_fills_debian_lists(void **state)
{
	const char *path, *dir = vg_test_tmpdir("snap_migrate_files");
	vg_vulndb *db = vg_test_vulndb("snap_migrate", &path);
	vg_import_report r;

	(void)state;
	import(db, vg_test_write_file(dir, "list",
		"[01 Jan 2024] DLA-1-1 a - x\n\t{CVE-2024-1}\n\t[bookworm] - a 1.0-1\n"
		"[01 Jan 2024] DLA-2-1 b - x\n\t[bookworm] - b 1.0-1\n"), &r);
	vg_import_report_free(&r);
	import(db, vg_test_write_file(dir, "t.json",
		"{\"0ad\": {\"CVE-2024-2\": {\"releases\": {\"sid\": {\"status\": \"open\"}}}}}"), &r);
	vg_import_report_free(&r);
	/* Back to what schema 4 was. */
	assert_int_equal(vulndb_exec(db, "ALTER TABLE record DROP COLUMN snapshot; "
				     "DROP TABLE package_bound; PRAGMA user_version = 4"),
			 VG_OK);
	vg_vulndb_close(db);
	assert_int_equal(vg_vulndb_open(path, VG_VULNDB_WRITE, &db), VG_OK);
	assert_int_equal(count_records(db, "debian", "DLA", ""), 2);
	assert_int_equal(count_records(db, "debian", "tracker", "0ad/"), 1);
	/* And the next copy of the list sweeps them. */
	import(db, vg_test_write_file(dir, "list",
		"[01 Jan 2024] DLA-1-1 a - x\n\t{CVE-2024-1}\n\t[bookworm] - a 1.0-1\n"), &r);
	assert_int_equal(r.removed, 1);
	vg_import_report_free(&r);
	vg_vulndb_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dsa_list),
		cmocka_unit_test(test_tracker_json),
		cmocka_unit_test(test_alpine),
		cmocka_unit_test(test_list_unreadable_header),
		cmocka_unit_test(test_migration_fills_debian_lists),
	};

	vg_test_require_data("distro");
	vg_test_require_data(TRACKER_JSON);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
