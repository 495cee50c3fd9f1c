/*
 * test_vulndb.c - the vulnerability database: schema, alias merging, the
 * KEV and EPSS importers, all-or-nothing imports.
 */
#include "testutil.h"
#include "vigil/error.h"
#include "vigil/file.h"
#include "vigil/json.h"
#include "vigil/time.h"
#include "vigil/vulndb.h"
#include "vuln/vulndb_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static vg_vulndb *fresh_db(const char *name)
{
	vg_vulndb *db = vg_test_vulndb(name, NULL);

	assert_int_equal(vg_vulndb_file_version(db), vg_vulndb_schema_version());
	return db;
}

static void test_aliases_merge_into_one_cve(void **state)
{
	vg_vulndb *db = fresh_db("vulndb_merge");
	vg_strlist a1 = VG_STRLIST_INIT, a2 = VG_STRLIST_INIT, a3 = VG_STRLIST_INIT;
	int64_t v1, v2, v3;
	vg_vuln *v;

	(void)state;
	vg_strlist_add(&a1, "CVE-2024-0001");
	vg_strlist_add(&a2, "DSA-9999-1");
	vg_strlist_add(&a3, "CVE-2024-0001");
	vg_strlist_add(&a3, "DSA-9999-1");
	assert_int_equal(vulndb_resolve(db, "GHSA-aaaa-bbbb-cccc", &a1, &v1), VG_OK);
	assert_int_equal(vulndb_resolve(db, "OSV-2024-7", &a2, &v2), VG_OK);
	assert_true(v1 != v2);
	/* A record naming both proves they are one vulnerability. */
	assert_int_equal(vulndb_resolve(db, "DEBIAN-CVE-2024-0001", &a3, &v3), VG_OK);
	assert_int_equal(v3, v1 < v2 ? v1 : v2);

	assert_int_equal(vg_vulndb_get(db, "OSV-2024-7", &v), VG_OK);
	assert_string_equal(v->name, "CVE-2024-0001");
	assert_int_equal(v->aliases.count, 5);
	vg_vuln_free(v);
	assert_int_equal(vg_vulndb_get(db, "CVE-2099-1", &v), VG_ENOTFOUND);

	vg_strlist_free(&a1);
	vg_strlist_free(&a2);
	vg_strlist_free(&a3);
	vg_vulndb_close(db);
}

static void test_kev_real_catalog(void **state)
{
	vg_import_report r;
	vg_vulndb_stats stats;
	vg_vulndb *db;
	vg_vuln *v;
	json_t *root;
	size_t count;

	(void)state;
	vg_test_require_data("kev/known_exploited_vulnerabilities.json");
	assert_int_equal(vg_json_load_file(vg_test_data("kev/known_exploited_vulnerabilities.json"),
					   0, &root), VG_OK);
	count = json_array_size(json_object_get(root, "vulnerabilities"));
	json_decref(root);

	db = fresh_db("vulndb_kev");
	assert_int_equal(vg_vulndb_import(db, vg_test_data("kev/known_exploited_vulnerabilities.json"),
					  NULL, &r), VG_OK);
	assert_string_equal(r.format, "kev");
	assert_int_equal(r.failed, 0);
	assert_int_equal(r.added, count);
	vg_import_report_free(&r);

	assert_int_equal(vg_vulndb_stats_get(db, &stats), VG_OK);
	assert_int_equal(stats.exploited, (int64_t)count);
	assert_int_equal(stats.records, (int64_t)count);
	vg_vulndb_stats_free(&stats);

	assert_int_equal(vg_vulndb_get(db, "CVE-2025-48384", &v), VG_OK);
	assert_true(v->exploited);
	assert_string_equal(v->kev.date_added, "2025-08-25");
	assert_string_equal(v->kev.vendor, "Git");
	assert_int_equal(v->source_count, 1);
	assert_string_equal(v->sources[0].source, "kev");
	vg_vuln_free(v);

	/* Re-importing the same catalog changes nothing. */
	assert_int_equal(vg_vulndb_import(db, vg_test_data("kev/known_exploited_vulnerabilities.json"),
					  NULL, &r), VG_OK);
	assert_int_equal(r.added, 0);
	assert_int_equal(r.unchanged, count);
	assert_int_equal(r.removed, 0);
	vg_import_report_free(&r);
	vg_vulndb_close(db);
}

static const char kev_v1[] =
	"{\"catalogVersion\": \"1\", \"vulnerabilities\": ["
	"{\"cveID\": \"CVE-2024-1\", \"dateAdded\": \"2024-01-01\", \"vendorProject\": \"A\"},"
	"{\"cveID\": \"CVE-2024-2\", \"dateAdded\": \"2024-01-02\", \"vendorProject\": \"B\"}]}";
static const char kev_v2[] =
	"{\"catalogVersion\": \"2\", \"vulnerabilities\": ["
	"{\"cveID\": \"CVE-2024-2\", \"dateAdded\": \"2024-01-02\", \"vendorProject\": \"B2\"},"
	"{\"cveID\": \"CVE-2024-3\", \"dateAdded\": \"2024-01-03\"}]}";
static const char kev_bad[] =
	"{\"catalogVersion\": \"3\", \"vulnerabilities\": ["
	"{\"cveID\": \"CVE-2024-3\", \"dateAdded\": \"2024-01-03\"},"
	"{\"cveID\": 42, \"dateAdded\": \"2024-01-04\"},"
	"{\"cveID\": \"GHSA-x\", \"dateAdded\": \"2024-01-04\"}]}";

static void test_kev_snapshot_updates_and_removals(void **state)
{
	vg_vulndb *db = fresh_db("vulndb_kev_snapshot");
	const char *dir = vg_test_tmpdir("vulndb_kev_snapshot_files");
	vg_import_report r;
	vg_vuln *v;

	(void)state;
	assert_int_equal(vg_vulndb_import(db, vg_test_write_file(dir, "v1.json", kev_v1), NULL, &r), VG_OK);
	assert_int_equal(r.added, 2);
	vg_import_report_free(&r);
	assert_int_equal(vg_vulndb_import(db, vg_test_write_file(dir, "v2.json", kev_v2), NULL, &r), VG_OK);
	assert_int_equal(r.added, 1);
	assert_int_equal(r.updated, 1);
	assert_int_equal(r.removed, 1);
	vg_import_report_free(&r);
	/* Left the catalog, and no other source knows it: gone altogether. */
	assert_int_equal(vg_vulndb_get(db, "CVE-2024-1", &v), VG_ENOTFOUND);

	/* Broken entries are reported with file and JSON path; good ones import,
	 * and nothing is evicted on the strength of a broken snapshot. */
	assert_int_equal(vg_vulndb_import(db, vg_test_write_file(dir, "bad.json", kev_bad), NULL, &r), VG_OK);
	assert_int_equal(r.failed, 2);
	assert_int_equal(r.removed, 0);
	assert_non_null(strstr(r.errors.items[0], "bad.json: $.vulnerabilities[1].cveID: expected a string"));
	assert_non_null(strstr(r.errors.items[1], "$.vulnerabilities[2].cveID: \"GHSA-x\" is not a CVE id"));
	vg_import_report_free(&r);
	assert_int_equal(vg_vulndb_get(db, "CVE-2024-2", &v), VG_OK);
	assert_true(v->exploited);
	vg_vuln_free(v);

	/* One that another source knows stays, no longer exploited. */
	assert_int_equal(vg_vulndb_import(db, vg_test_write_file(dir, "osv.json",
		"{\"id\": \"GHSA-kev3\", \"modified\": \"2024-02-01T00:00:00Z\","
		" \"aliases\": [\"CVE-2024-3\"], \"summary\": \"three\"}"), NULL, &r), VG_OK);
	vg_import_report_free(&r);
	assert_int_equal(vg_vulndb_import(db, vg_test_write_file(dir, "v1b.json", kev_v1), NULL, &r),
			 VG_OK);
	assert_int_equal(r.removed, 1);
	vg_import_report_free(&r);
	assert_int_equal(vg_vulndb_get(db, "CVE-2024-3", &v), VG_OK);
	assert_false(v->exploited);
	assert_int_equal(v->source_count, 1);
	assert_string_equal(v->sources[0].record_id, "GHSA-kev3");
	vg_vuln_free(v);
	assert_int_equal(vg_vulndb_get(db, "CVE-2024-1", &v), VG_OK); /* back in the catalog */
	assert_true(v->exploited);
	vg_vuln_free(v);
	vg_vulndb_close(db);
}

static void test_epss_scores_and_bad_rows(void **state)
{
	vg_vulndb *db = fresh_db("vulndb_epss");
	const char *dir = vg_test_tmpdir("vulndb_epss_files");
	vg_import_report r;
	vg_vuln *v;

	(void)state;
	assert_int_equal(vg_vulndb_import(db, vg_test_write_file(dir, "kev.json", kev_v1), NULL, &r), VG_OK);
	vg_import_report_free(&r);
	assert_int_equal(vg_vulndb_import(db, vg_test_write_file(dir, "epss.csv",
		"#model_version:v2025.03.14,score_date:2025-08-25T00:00:00Z\n"
		"cve,epss,percentile\n"
		"CVE-2024-1,0.97,0.999\r\n"
		"CVE-2024-9,0.001,0.1\n"), NULL, &r), VG_OK);
	assert_string_equal(r.format, "epss");
	assert_int_equal(r.added, 2);
	vg_import_report_free(&r);
	assert_int_equal(vg_vulndb_get(db, "CVE-2024-1", &v), VG_OK);
	assert_true(v->has_epss);
	assert_true(v->epss_score > 0.969 && v->epss_score < 0.971);
	assert_string_equal(v->epss_date, "2025-08-25T00:00:00Z");
	vg_vuln_free(v);

	assert_int_equal(vg_vulndb_import(db, vg_test_write_file(dir, "bad.csv",
		"cve,epss,percentile\n"
		"CVE-2024-1,1.5,0.9\n"
		"CVE-2024-1,0.5\n"
		"CVE-2024-9,0.002,0.2\n"), NULL, &r), VG_OK);
	assert_int_equal(r.failed, 2);
	assert_int_equal(r.updated, 1);
	assert_int_equal(r.removed, 0);
	assert_non_null(strstr(r.errors.items[0], "bad.csv: line 2: epss \"1.5\" is not a number between 0 and 1"));
	assert_non_null(strstr(r.errors.items[1], "bad.csv: line 3: expected 3 columns"));
	vg_import_report_free(&r);
	vg_vulndb_close(db);
}

static void test_unreadable_input_changes_nothing(void **state)
{
	vg_vulndb *db = fresh_db("vulndb_atomic");
	const char *dir = vg_test_tmpdir("vulndb_atomic_files");
	vg_import_report r;
	vg_vulndb_stats stats;

	(void)state;
	assert_int_equal(vg_vulndb_import(db, vg_test_write_file(dir, "kev.json", kev_v1), NULL, &r), VG_OK);
	vg_import_report_free(&r);
	/* Truncated JSON: the whole file is refused, the database keeps its state. */
	assert_int_equal(vg_vulndb_import(db, vg_test_write_file(dir, "trunc.json",
		"{\"catalogVersion\": \"9\", \"vulnerabilities\": [{\"cveID\": \"CVE-2024-5\""),
		NULL, &r), VG_EPARSE);
	assert_non_null(strstr(vg_error_message(), "trunc.json:1:"));
	vg_import_report_free(&r);
	assert_int_equal(vg_vulndb_import(db, vg_test_write_file(dir, "other.txt", "hello\n"), NULL, &r),
			 VG_EUNSUPPORTED);
	vg_import_report_free(&r);
	assert_int_equal(vg_vulndb_stats_get(db, &stats), VG_OK);
	assert_int_equal(stats.exploited, 2);
	vg_vulndb_stats_free(&stats);
	vg_vulndb_close(db);
}

static void test_newer_schema_is_refused(void **state)
{
	const char *db_path;
	vg_vulndb *db = vg_test_vulndb("vulndb_schema", &db_path);

	(void)state;
	assert_int_equal(vulndb_exec(db, "PRAGMA user_version = 999"), VG_OK);
	vg_vulndb_close(db);
	assert_int_equal(vg_vulndb_open(db_path, VG_VULNDB_WRITE, &db), VG_EUNSUPPORTED);
	assert_non_null(strstr(vg_error_message(), "newer than this vigil"));
	assert_int_equal(vg_vulndb_open("/nonexistent/dir/v.db", VG_VULNDB_READONLY, &db),
			 VG_ENOTFOUND);
}

static void test_osv_incremental_withdrawn_and_hostile(void **state)
{
	vg_vulndb *db = fresh_db("vulndb_osv");
	const char *dir = vg_test_tmpdir("vulndb_osv_files");
	vg_import_report r;
	vg_vulndb_stats stats;
	vg_vuln *v;
	FILE *f;
	char big[4400];
	int i;

	(void)state;
	assert_int_equal(vg_vulndb_import(db, vg_test_write_file(dir, "a.json",
		"{\"id\": \"GHSA-1\", \"modified\": \"2024-01-01T00:00:00Z\", \"aliases\": [\"CVE-2024-7\"],"
		" \"affected\": [{\"package\": {\"ecosystem\": \"PyPI\", \"name\": \"x\"},"
		" \"ranges\": [{\"type\": \"ECOSYSTEM\", \"events\": [{\"introduced\": \"0\"}, {\"fixed\": \"1.2\"}]}]}]}"),
		NULL, &r), VG_OK);
	assert_int_equal(r.added, 1);
	vg_import_report_free(&r);

	/* Older or equal modified: left alone.  Newer (with a fraction, which string
	 * comparison would get wrong): replaced, not duplicated. */
	assert_int_equal(vg_vulndb_import(db, vg_test_write_file(dir, "b.json",
		"{\"id\": \"GHSA-1\", \"modified\": \"2023-12-31T23:00:00-02:00\"}"), NULL, &r), VG_OK);
	assert_int_equal(r.updated, 1); /* -02:00 makes it 2024-01-01T01:00Z: newer */
	vg_import_report_free(&r);
	assert_int_equal(vg_vulndb_import(db, vg_test_write_file(dir, "c.json",
		"{\"id\": \"GHSA-1\", \"modified\": \"2024-01-01T00:59:59.9Z\"}"), NULL, &r), VG_OK);
	assert_int_equal(r.unchanged, 1);
	vg_import_report_free(&r);
	assert_int_equal(vg_vulndb_stats_get(db, &stats), VG_OK);
	assert_int_equal(stats.records, 1);
	assert_int_equal(stats.affected_packages, 0); /* the newer copy has none */
	vg_vulndb_stats_free(&stats);

	/* Withdrawn: the stored copy goes. */
	assert_int_equal(vg_vulndb_import(db, vg_test_write_file(dir, "d.json",
		"[{\"id\": \"GHSA-1\", \"modified\": \"2024-02-01T00:00:00Z\", \"withdrawn\": \"2024-02-01T00:00:00Z\"}]"),
		NULL, &r), VG_OK);
	assert_int_equal(r.removed, 1);
	vg_import_report_free(&r);

	/* Hostile records: each refused with its path, the good one beside them imports. */
	assert_int_equal(vg_vulndb_import(db, vg_test_write_file(dir, "bad.json",
		"{\"vulns\": ["
		"{\"id\": \"OK-1\", \"modified\": \"2024-01-01T00:00:00Z\"},"
		"{\"id\": \"BAD-1\", \"modified\": \"yesterday\"},"
		"{\"id\": \"BAD-2\", \"modified\": \"2024-01-01T00:00:00Z\", \"affected\": [{\"package\": {\"ecosystem\": 7, \"name\": \"x\"}}]},"
		"{\"id\": \"BAD-3\", \"modified\": \"2024-01-01T00:00:00Z\", \"affected\": [{\"package\": {\"ecosystem\": \"Go\", \"name\": \"x\"},"
		"  \"ranges\": [{\"type\": \"SEMVER\", \"events\": [{\"introduced\": \"0\", \"fixed\": \"1\"}]}]}]},"
		"{\"id\": \"BAD-4\", \"modified\": \"2024-01-01T00:00:00Z\", \"affected\": [{\"ranges\": [{\"type\": \"GIT\", \"events\": [{\"introduced\": \"0\"}]}]}]},"
		"{\"id\": \"BAD-5\", \"modified\": \"2024-01-01T00:00:00Z\", \"aliases\": [\"CVE-1\", 2]},"
		"{\"id\": \"BAD-6\", \"modified\": \"2024-01-01T00:00:00Z\", \"affected\": [{\"package\": {\"ecosystem\": \"Go\", \"name\": \"x\"},"
		"  \"ranges\": [{\"type\": \"SEMVER\", \"events\": [{\"introduced\": \"0\"}, {\"fixed\": \"1.0.0\"}, {\"introduced\": \"1.0.0\"}, {\"fixed\": \"1.0.0\"}]}]}]},"
		"{\"id\": \"BAD-7\", \"modified\": \"2024-01-01T00:00:00Z\", \"affected\": [{\"package\": {\"ecosystem\": \"Go\", \"name\": \"x\"},"
		"  \"ranges\": [{\"type\": \"SEMVER\", \"events\": [{\"introduced\": \"0\"}, {\"note\": \"x\", \"fixed\": 3}]}]}]},"
		/* A version that is one interval's fix and the next one's start is no
		 * empty range, and a member beside the event's kind is no second kind. */
		"{\"id\": \"OK-2\", \"modified\": \"2024-01-01T00:00:00Z\", \"affected\": [{\"package\": {\"ecosystem\": \"Go\", \"name\": \"x\"},"
		"  \"ranges\": [{\"type\": \"SEMVER\", \"events\": [{\"introduced\": \"0\"}, {\"fixed\": \"1.0.0\"}, {\"introduced\": \"1.0.0\", \"note\": \"x\"}]}]}]}"
		"]}"), NULL, &r), VG_OK);
	assert_int_equal(r.added, 2);
	assert_int_equal(r.failed, 7);
	assert_non_null(strstr(r.errors.items[0], "bad.json: $[1].modified: \"yesterday\" is not an RFC 3339"));
	assert_non_null(strstr(r.errors.items[1], "$[2].affected[0].package.ecosystem: expected a string, found an integer"));
	assert_non_null(strstr(r.errors.items[2], "$[3].affected[0].ranges[0].events[0]: expected exactly one of"));
	assert_non_null(strstr(r.errors.items[3], "$[4].affected[0].ranges[0]: a GIT range needs a \"repo\""));
	assert_non_null(strstr(r.errors.items[4], "$[5].aliases[1]: expected a string"));
	assert_non_null(strstr(r.errors.items[5], "$[6].affected[0].ranges[0].events[3]: \"1.0.0\" is introduced and fixed at once"));
	assert_non_null(strstr(r.errors.items[6], "$[7].affected[0].ranges[0].events[1].fixed: expected a non-empty string"));
	vg_import_report_free(&r);
	assert_int_equal(vg_vulndb_get(db, "BAD-1", &v), VG_ENOTFOUND);

	/* A record with 100k ranges is refused as over the limit, quickly. */
	snprintf(big, sizeof(big), "%s/big.json", dir);
	f = fopen(big, "w");
	fputs("{\"id\": \"HUGE-1\", \"modified\": \"2024-01-01T00:00:00Z\", \"affected\": [{\"package\":"
	      " {\"ecosystem\": \"npm\", \"name\": \"y\"}, \"ranges\": [", f);
	for (i = 0; i < 100000; i++)
		fprintf(f, "%s{\"type\": \"SEMVER\", \"events\": [{\"introduced\": \"%d.0.0\"}]}", i ? "," : "", i);
	fputs("]}]}", f);
	fclose(f);
	assert_int_equal(vg_vulndb_import(db, big, NULL, &r), VG_OK);
	assert_int_equal(r.failed, 1);
	assert_non_null(strstr(r.errors.items[0], "$.affected[0].ranges: 100000 ranges, more than 10000"));
	vg_import_report_free(&r);
	vg_vulndb_close(db);
}

static const vg_vulndb_source_stats *source_of(const vg_vulndb_stats *st, const char *name)
{
	size_t i;

	for (i = 0; i < st->source_count; i++)
		if (!strcmp(st->sources[i].name, name))
			return &st->sources[i];
	fail_msg("no source %s in the stats", name);
	return NULL;
}

/* vg_vulndb_check_age over the database's update times; *known: any at all. */
static int check_age(vg_vulndb *db, int64_t now, int64_t max_age, vg_strlist *stale, bool *known)
{
	vg_vulndb_update *updates;
	size_t count;
	int rc = vg_vulndb_updates_get(db, &updates, &count);

	*known = count > 0;
	if (rc == VG_OK)
		rc = vg_vulndb_check_age(updates, count, now, max_age, stale);
	vg_vulndb_updates_free(updates, count);
	return rc;
}

static void test_sources_record_when_they_were_updated(void **state)
{
	vg_vulndb *db = fresh_db("vulndb_fresh");
	const char *dir = vg_test_tmpdir("vulndb_fresh_files");
	const int64_t day = INT64_C(86400000000), now = vg_time_now();
	vg_strlist stale = VG_STRLIST_INIT;
	vg_import_report r;
	vg_vulndb_stats st;
	char *value;
	bool known;

	(void)state;
	/* Nothing imported: nothing known, nothing reported. */
	assert_int_equal(check_age(db, now, day, &stale, &known), VG_OK);
	assert_false(known);
	assert_int_equal(stale.count, 0);

	assert_int_equal(vg_vulndb_import(db, vg_test_write_file(dir, "kev.json", kev_v1), NULL, &r), VG_OK);
	vg_import_report_free(&r);
	assert_int_equal(vg_vulndb_import(db, vg_test_write_file(dir, "epss.csv",
		"#model_version:v2025.03.14,score_date:2025-08-25T00:00:00Z\ncve,epss,percentile\n"
		"CVE-2024-1,0.5,0.9\nCVE-2024-2,0.1,0.3\n"), NULL, &r), VG_OK);
	vg_import_report_free(&r);
	assert_int_equal(vg_vulndb_import(db, vg_test_write_file(dir, "osv.json",
		"{\"id\": \"GHSA-f\", \"modified\": \"2024-03-01T00:00:00Z\"}"), NULL, &r), VG_OK);
	vg_import_report_free(&r);

	/* Each source: its records, the time its data came in, its newest record. */
	assert_int_equal(vg_vulndb_stats_get(db, &st), VG_OK);
	assert_int_equal(st.source_count, 3);
	assert_string_equal(st.sources[0].name, "epss");
	assert_int_equal(source_of(&st, "epss")->records, 2);
	assert_string_equal(source_of(&st, "epss")->newest, "2025-08-25T00:00:00Z");
	assert_int_equal(source_of(&st, "kev")->records, 2);
	assert_int_equal(source_of(&st, "osv")->records, 1);
	assert_string_equal(source_of(&st, "osv")->newest, "2024-03-01T00:00:00Z");
	for (size_t i = 0; i < st.source_count; i++)
		assert_true(st.sources[i].updated > now - 60 * INT64_C(1000000) &&
			    st.sources[i].updated < now + 60 * INT64_C(1000000));
	vg_vulndb_stats_free(&st);

	/* The times as a scan reports them: by source, as stored. */
	{
		vg_vulndb_update *u;
		size_t n;

		assert_int_equal(vg_vulndb_updates_get(db, &u, &n), VG_OK);
		assert_int_equal(n, 3);
		assert_string_equal(u[0].source, "epss");
		assert_string_equal(u[2].source, "osv");
		assert_int_equal(strlen(u[2].when), 20);
		assert_true(u[2].at > now - 60 * INT64_C(1000000));
		vg_vulndb_updates_free(u, n);
	}

	/* Current now; three days on, every source is over a day old. */
	assert_int_equal(check_age(db, now, day, &stale, &known), VG_OK);
	assert_true(known);
	assert_int_equal(stale.count, 0);
	assert_int_equal(check_age(db, now + 3 * day, day, &stale, &known), VG_OK);
	assert_int_equal(stale.count, 3);
	assert_non_null(strstr(stale.items[0], "the epss data is 3 days old (last updated 20"));
	assert_non_null(strstr(stale.items[1], "the kev data is 3 days old"));
	assert_non_null(strstr(stale.items[2], "the osv data is 3 days old"));
	vg_strlist_free(&stale);

	/* A failed import leaves the time as it was, as it leaves the data. */
	assert_int_equal(vg_vulndb_meta_set(db, "updated:kev", "2020-01-01T00:00:00Z"), VG_OK);
	assert_int_equal(vg_vulndb_import(db, vg_test_write_file(dir, "trunc.json",
		"{\"catalogVersion\": \"9\", \"vulnerabilities\": [{\"cveID\": \"CVE-2024-5\""),
		NULL, &r), VG_EPARSE);
	vg_import_report_free(&r);
	assert_int_equal(vg_vulndb_meta_get(db, "updated:kev", &value), VG_OK);
	assert_string_equal(value, "2020-01-01T00:00:00Z");
	free(value);
	assert_int_equal(check_age(db, now, day, &stale, &known), VG_OK);
	assert_int_equal(stale.count, 1);
	assert_non_null(strstr(stale.items[0], "the kev data is "));
	assert_non_null(strstr(stale.items[0], " days old (last updated 2020-01-01T00:00:00Z)"));
	vg_strlist_free(&stale);

	/* `db update` marks a feed that has not changed; an unreadable time is
	 * reported, not taken for fresh. */
	assert_int_equal(vg_vulndb_mark_updated(db, "kev"), VG_OK);
	assert_int_equal(vg_vulndb_meta_set(db, "updated:osv", "last week"), VG_OK);
	assert_int_equal(check_age(db, now, day, &stale, &known), VG_OK);
	assert_int_equal(stale.count, 1);
	assert_string_equal(stale.items[0], "the osv data has an unreadable update time 'last week'");
	vg_strlist_free(&stale);
	assert_int_equal(vg_vulndb_stats_get(db, &st), VG_OK);
	assert_int_equal(source_of(&st, "osv")->updated, 0);
	assert_true(source_of(&st, "kev")->updated >= now - 60 * INT64_C(1000000));
	vg_vulndb_stats_free(&st);

	/* Put back as it was: a value, or none. */
	assert_int_equal(vulndb_updated_restore(db, "osv", NULL), VG_OK);
	assert_int_equal(vulndb_updated_get(db, "osv", &value), VG_OK);
	assert_null(value);
	vg_vulndb_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_aliases_merge_into_one_cve),
		cmocka_unit_test(test_kev_real_catalog),
		cmocka_unit_test(test_kev_snapshot_updates_and_removals),
		cmocka_unit_test(test_epss_scores_and_bad_rows),
		cmocka_unit_test(test_unreadable_input_changes_nothing),
		cmocka_unit_test(test_newer_schema_is_refused),
		cmocka_unit_test(test_osv_incremental_withdrawn_and_hostile),
		cmocka_unit_test(test_sources_record_when_they_were_updated),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
