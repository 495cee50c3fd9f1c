/*
 * test_vulndb_feeds.c - the NVD, CVE 5, Debian, Alpine and CSAF importers: what
 * they store, alias merging across sources, incremental re-imports and
 * hostile records (wrong types, huge lists, truncation, bad lines).
 */
#include "testutil.h"
#include "vigil/error.h"
#include "vigil/file.h"
#include "vigil/vulndb.h"
#include "vuln/vulndb_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The first column of the first row of `sql` as an integer (-1: no row). */
static long long sql_int(vg_vulndb *db, const char *sql)
{
	sqlite3_stmt *st;
	long long v = -1;

	assert_int_equal(sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* Likewise as text (static buffer; "" for NULL, "<none>" for no row). */
/*
 * full_ranges(ranges, events) and full_versions(versions, events): the
 * column as stored, else the JSON its events stand for (the import stores
 * only the events when they hold it all), as the library's readers see it.
 */
static void full_json(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *stored = (const char *)sqlite3_value_text(argv[0]);
	const char *events = (const char *)sqlite3_value_text(argv[1]);
	char *text = NULL;

	(void)argc;
	if (stored || !events) {
		sqlite3_result_value(ctx, argv[0]);
		return;
	}
	assert_int_equal(sqlite3_user_data(ctx) ? vulndb_events_ranges_json(events, &text)
						: vulndb_events_versions_json(events, &text),
			 VG_OK);
	if (text)
		sqlite3_result_text(ctx, text, -1, free);
	else
		sqlite3_result_null(ctx);
}

static const char *sql_text(vg_vulndb *db, const char *sql)
{
	static char buf[2048];
	sqlite3_stmt *st;
	const unsigned char *t;

	assert_int_equal(sqlite3_create_function(db->sql, "full_ranges", 2, SQLITE_UTF8,
						 (void *)1, full_json, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_create_function(db->sql, "full_versions", 2, SQLITE_UTF8,
						 NULL, full_json, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL), SQLITE_OK);
	snprintf(buf, sizeof(buf), "<none>");
	if (sqlite3_step(st) == SQLITE_ROW) {
		t = sqlite3_column_text(st, 0);
		snprintf(buf, sizeof(buf), "%s", t ? (const char *)t : "");
	}
	sqlite3_finalize(st);
	return buf;
}

static void import_ok(vg_vulndb *db, const char *path, vg_import_report *r)
{
	assert_int_equal(vg_vulndb_import(db, path, NULL, r), VG_OK);
}

/* What vg_vulndb_each_record_affected() and _cpe() give, one line per row. */
static int collect_affected(const vg_affected_row *row, void *arg)
{
	char line[512];

	snprintf(line, sizeof(line), "%s %s %s %s %s %s", row->ecosystem, row->name,
		 row->status ? row->status : "-", row->ranges ? row->ranges : "-",
		 row->default_status ? row->default_status : "-",
		 row->source_versions ? "verbatim" : "-");
	return vg_strlist_add(arg, line);
}

static int collect_cpe(const vg_cpe_row *row, void *arg)
{
	char line[512];

	snprintf(line, sizeof(line), "%d/%d %s %s %s%s %s%s", row->config, row->node,
		 row->vulnerable ? "vulnerable" : "platform", row->criteria,
		 row->version_start ? row->version_start : "*", row->start_including ? "]" : ")",
		 row->version_end ? row->version_end : "*", row->end_including ? "]" : ")");
	return vg_strlist_add(arg, line);
}

/* ---- NVD ---- */

#define NVD_HEAD "{\"resultsPerPage\": 1, \"format\": \"NVD_CVE\", \"vulnerabilities\": ["

static const char nvd_one[] = NVD_HEAD
	"{\"cve\": {\"id\": \"CVE-2024-9001\", \"published\": \"2024-01-01T00:00:00.000\","
	" \"lastModified\": \"2024-02-01T10:00:00.000\", \"vulnStatus\": \"Analyzed\","
	" \"descriptions\": [{\"lang\": \"es\", \"value\": \"hola\"}, {\"lang\": \"en\", \"value\": \"overflow in foo\"}],"
	" \"metrics\": {\"cvssMetricV31\": [{\"source\": \"nvd@nist.gov\", \"type\": \"Primary\","
	"   \"cvssData\": {\"vectorString\": \"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\", \"baseScore\": 9.8}}]},"
	" \"references\": [{\"url\": \"https://example.org/a\", \"tags\": [\"Patch\", \"Vendor Advisory\"]}],"
	" \"configurations\": [{\"operator\": \"AND\", \"nodes\": ["
	"   {\"operator\": \"OR\", \"negate\": false, \"cpeMatch\": [{\"vulnerable\": true,"
	"     \"criteria\": \"cpe:2.3:a:acme:foo:*:*:*:*:*:*:*:*\", \"versionStartIncluding\": \"1.0\","
	"     \"versionEndExcluding\": \"1.4.2\"}]},"
	"   {\"operator\": \"OR\", \"negate\": false, \"cpeMatch\": [{\"vulnerable\": false,"
	"     \"criteria\": \"cpe:2.3:o:linux:linux_kernel:-:*:*:*:*:*:*:*\"}]}]}]}}]}";

static void test_nvd_record_and_applicability(void **state)
{
	vg_vulndb *db = vg_test_vulndb("feeds_nvd", NULL);
	const char *dir = vg_test_tmpdir("feeds_nvd_files");
	vg_import_report r;
	vg_strlist rows = VG_STRLIST_INIT;
	vg_vuln *v;

	(void)state;
	import_ok(db, vg_test_write_file(dir, "nvd.json", nvd_one), &r);
	assert_string_equal(r.format, "nvd");
	assert_int_equal(r.added, 1);
	vg_import_report_free(&r);
	assert_int_equal(vg_vulndb_get(db, "CVE-2024-9001", &v), VG_OK);
	assert_string_equal(v->sources[0].source, "nvd");
	assert_string_equal(v->sources[0].summary, "overflow in foo");
	assert_string_equal(v->sources[0].modified, "2024-02-01T10:00:00.000Z");
	assert_string_equal(v->sources[0].references,
			    "[{\"type\":\"Patch,Vendor Advisory\",\"url\":\"https://example.org/a\"}]");
	vg_vuln_free(v);
	/* A scan's look-up by key: the same sources, without their references. */
	assert_int_equal(vg_vulndb_get_key(db, atoll(sql_text(db, "SELECT id FROM vulnerability")), true, &v),
			 VG_OK);
	assert_string_equal(v->name, "CVE-2024-9001");
	assert_int_equal(v->source_count, 1);
	assert_string_equal(v->sources[0].summary, "overflow in foo");
	assert_null(v->sources[0].references);
	vg_vuln_free(v);
	assert_string_equal(sql_text(db, "SELECT vector || ' ' || score || ' ' || origin FROM severity"),
			    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H 9.8 nvd@nist.gov Primary");
	assert_string_equal(sql_text(db, "SELECT type FROM reference"), "Patch,Vendor Advisory");
	/* The affected product, with its bounds, and the platform it needs, kept as not vulnerable. */
	assert_string_equal(sql_text(db, "SELECT vendor || ':' || product || ' ' || version_start || "
				     "start_including || ' ' || version_end || end_including || ' ' || "
				     "node || config_operator FROM cpe_match WHERE vulnerable = 1"),
			    "acme:foo 1.01 1.4.20 0AND");
	assert_string_equal(sql_text(db, "SELECT product || ' ' || node FROM cpe_match WHERE vulnerable = 0"),
			    "linux_kernel 1");
	/* `vigil db show` reads the record's configuration back in node order. */
	assert_int_equal(vg_vulndb_get(db, "CVE-2024-9001", &v), VG_OK);
	assert_int_equal(vg_vulndb_each_record_cpe(db, v->sources[0].key, collect_cpe, &rows), VG_OK);
	assert_int_equal(rows.count, 2);
	assert_string_equal(rows.items[0], "0/0 vulnerable cpe:2.3:a:acme:foo:*:*:*:*:*:*:*:* 1.0] 1.4.2)");
	assert_string_equal(rows.items[1], "0/1 platform cpe:2.3:o:linux:linux_kernel:-:*:*:*:*:*:*:* *) *)");
	vg_strlist_free(&rows);
	assert_int_equal(vg_vulndb_each_record_affected(db, v->sources[0].key, collect_affected, &rows),
			 VG_OK);
	assert_int_equal(rows.count, 0);
	vg_vuln_free(v);
	vg_vulndb_close(db);
}

static void test_nvd_incremental_and_rejected(void **state)
{
	vg_vulndb *db = vg_test_vulndb("feeds_nvd_incr", NULL);
	const char *dir = vg_test_tmpdir("feeds_nvd_incr_files");
	vg_import_report r;

	(void)state;
	import_ok(db, vg_test_write_file(dir, "a.json", nvd_one), &r);
	vg_import_report_free(&r);
	import_ok(db, vg_test_write_file(dir, "a.json", nvd_one), &r);
	assert_int_equal(r.unchanged, 1);
	vg_import_report_free(&r);
	/* 1.1 feed, older lastModified: left alone. */
	import_ok(db, vg_test_write_file(dir, "old.json",
		"{\"CVE_Items\": [{\"cve\": {\"CVE_data_meta\": {\"ID\": \"CVE-2024-9001\"}},"
		" \"publishedDate\": \"2024-01-01T00:00Z\", \"lastModifiedDate\": \"2024-01-15T00:00Z\"}]}"), &r);
	assert_int_equal(r.unchanged, 1);
	vg_import_report_free(&r);
	/* Newer: replaced, and its old CPE rows with it. */
	import_ok(db, vg_test_write_file(dir, "new.json",
		"{\"CVE_Items\": [{\"cve\": {\"CVE_data_meta\": {\"ID\": \"CVE-2024-9001\"}},"
		" \"publishedDate\": \"2024-01-01T00:00Z\", \"lastModifiedDate\": \"2024-03-01T00:00Z\","
		" \"configurations\": {\"nodes\": [{\"operator\": \"OR\", \"children\": [], \"cpe_match\":"
		"  [{\"vulnerable\": true, \"cpe23Uri\": \"cpe:2.3:a:acme:foo:1.5:*:*:*:*:*:*:*\"}]}]}}]}"), &r);
	assert_int_equal(r.updated, 1);
	vg_import_report_free(&r);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM cpe_match"), 1);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM severity"), 0);
	/* Rejected: the record goes. */
	import_ok(db, vg_test_write_file(dir, "rej.json", NVD_HEAD
		"{\"cve\": {\"id\": \"CVE-2024-9001\", \"published\": \"2024-01-01T00:00:00\","
		" \"lastModified\": \"2024-04-01T00:00:00\", \"vulnStatus\": \"Rejected\"}}]}"), &r);
	assert_int_equal(r.removed, 1);
	vg_import_report_free(&r);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM record"), 0);
	vg_vulndb_close(db);
}

#define NVD_REC(id, extra) \
	"{\"cve\": {\"id\": \"" id "\", \"published\": \"2024-01-01T00:00:00\"," \
	" \"lastModified\": \"2024-01-01T00:00:00\"" extra "}}"

static void test_nvd_hostile(void **state)
{
	vg_vulndb *db = vg_test_vulndb("feeds_nvd_bad", NULL);
	const char *dir = vg_test_tmpdir("feeds_nvd_bad_files");
	vg_import_report r;

	(void)state;
	import_ok(db, vg_test_write_file(dir, "bad.json", NVD_HEAD
		NVD_REC("CVE-2024-1", "") ","
		NVD_REC("CVE-2024-2", ", \"configurations\": [{\"nodes\": [{\"operator\": \"OR\", \"cpeMatch\":"
			" [{\"vulnerable\": \"yes\", \"criteria\": \"cpe:2.3:a:a:b:*:*:*:*:*:*:*:*\"}]}]}]") ","
		NVD_REC("CVE-2024-3", ", \"configurations\": [{\"nodes\": [{\"operator\": \"OR\", \"cpeMatch\":"
			" [{\"vulnerable\": true, \"criteria\": \"cpe:2.3:a:only\"}]}]}]") ","
		NVD_REC("CVE-2024-4", ", \"configurations\": [{\"nodes\": [{\"operator\": \"XOR\", \"cpeMatch\": []}]}]") ","
		"{\"cve\": {\"id\": \"CVE-2024-5\", \"published\": \"2024-01-01T00:00:00\", \"lastModified\": \"soon\"}},"
		"[1, 2],"
		NVD_REC("GHSA-xxxx", "") ","
		NVD_REC("CVE-2024-8", ", \"metrics\": {\"cvssMetricV2\": [{\"cvssData\": {\"vectorString\": 5}}]}") ","
		NVD_REC("CVE-2024-9", ", \"descriptions\": \"none\"")
		"]}"), &r);
	assert_int_equal(r.added, 1);
	assert_int_equal(r.failed, 8);
	assert_non_null(strstr(r.errors.items[0], "bad.json: $.vulnerabilities[1].cve.configurations[0]"
				".nodes[0].cpeMatch[0].vulnerable: expected a boolean"));
	assert_non_null(strstr(r.errors.items[1], "$.vulnerabilities[2].cve.configurations[0].nodes[0]"
				".cpeMatch[0].criteria: "));
	assert_non_null(strstr(r.errors.items[2], "nodes[0].operator: \"XOR\" is not AND or OR"));
	assert_non_null(strstr(r.errors.items[3], "$.vulnerabilities[4].cve.lastModified: \"soon\""));
	assert_non_null(strstr(r.errors.items[4], "$.vulnerabilities[5]: expected an object"));
	assert_non_null(strstr(r.errors.items[5], "$.vulnerabilities[6].cve: id \"GHSA-xxxx\" is not a CVE id"));
	assert_non_null(strstr(r.errors.items[6], "cvssMetricV2[0].cvssData.vectorString: expected a string"));
	assert_non_null(strstr(r.errors.items[7], "$.vulnerabilities[8].cve.descriptions: expected an array"));
	vg_import_report_free(&r);

	/* The 1.1 layout names its own paths. */
	import_ok(db, vg_test_write_file(dir, "legacy.json",
		"{\"CVE_Items\": [{\"cve\": {\"CVE_data_meta\": {\"ID\": \"CVE-2024-11\"},"
		" \"references\": {\"reference_data\": [{\"url\": 5}]}},"
		" \"publishedDate\": \"2024-01-01T00:00Z\", \"lastModifiedDate\": \"2024-01-01T00:00Z\"}]}"), &r);
	assert_int_equal(r.failed, 1);
	assert_non_null(strstr(r.errors.items[0], "legacy.json: $.CVE_Items[0].cve.references.reference_data[0].url: "
				"expected a string"));
	vg_import_report_free(&r);

	/* Truncated: the file is refused whole, nothing changes. */
	assert_int_equal(vg_vulndb_import(db, vg_test_write_file(dir, "trunc.json", NVD_HEAD NVD_REC("CVE-2024-10", "")),
					  NULL, &r), VG_EPARSE);
	vg_import_report_free(&r);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM record"), 1);
	vg_vulndb_close(db);
}

/* n cpeMatch entries in one node. */
static const char *write_big_nvd(const char *dir, const char *name, int n)
{
	static char path[4300];
	FILE *f;
	int i;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(NVD_HEAD "{\"cve\": {\"id\": \"CVE-2024-7777\", \"published\": \"2024-01-01T00:00:00\","
	      " \"lastModified\": \"2024-01-01T00:00:00\", \"configurations\": [{\"nodes\":"
	      " [{\"operator\": \"OR\", \"cpeMatch\": [", f);
	for (i = 0; i < n; i++)
		fprintf(f, "%s{\"vulnerable\": true, \"criteria\": \"cpe:2.3:a:v:p%d:*:*:*:*:*:*:*:*\"}",
			i ? "," : "", i);
	fputs("]}]}]}}]}", f);
	fclose(f);
	return path;
}

static void test_nvd_huge_cpe_match(void **state)
{
	vg_vulndb *db = vg_test_vulndb("feeds_nvd_huge", NULL);
	const char *dir = vg_test_tmpdir("feeds_nvd_huge_files");
	vg_import_report r;

	(void)state;
	/* 100k entries: the limit, imported whole. */
	import_ok(db, write_big_nvd(dir, "100k.json", 100000), &r);
	assert_int_equal(r.added, 1);
	vg_import_report_free(&r);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM cpe_match"), 100000);
	/* One more is refused with the place, and the stored copy stays. */
	vg_vulndb_close(db);
	db = vg_test_vulndb("feeds_nvd_huge2", NULL);
	import_ok(db, write_big_nvd(dir, "100k1.json", 100001), &r);
	assert_int_equal(r.failed, 1);
	assert_non_null(strstr(r.errors.items[0], "$.vulnerabilities[0].cve.configurations[0].nodes[0]"
				".cpeMatch: more than 100000 CPE matches"));
	vg_import_report_free(&r);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM cpe_match"), 0);
	vg_vulndb_close(db);
}

/* ---- one CVE, every source ---- */

static void test_merge_across_sources(void **state)
{
	vg_vulndb *db = vg_test_vulndb("feeds_merge", NULL);
	const char *dir = vg_test_tmpdir("feeds_merge_files");
	vg_import_report r;
	vg_vuln *v;
	size_t i;
	char seen[200] = "";

	(void)state;
	import_ok(db, vg_test_write_file(dir, "osv.json",
		"{\"id\": \"GHSA-aaaa-bbbb-cccc\", \"modified\": \"2024-01-01T00:00:00Z\","
		" \"aliases\": [\"CVE-2024-9001\"]}"), &r);
	vg_import_report_free(&r);
	import_ok(db, vg_test_write_file(dir, "nvd.json", nvd_one), &r);
	vg_import_report_free(&r);
	import_ok(db, vg_test_write_file(dir, "kev.json",
		"{\"catalogVersion\": \"1\", \"vulnerabilities\": [{\"cveID\": \"CVE-2024-9001\","
		" \"dateAdded\": \"2024-05-01\"}]}"), &r);
	vg_import_report_free(&r);
	assert_int_equal(vg_vulndb_get(db, "GHSA-aaaa-bbbb-cccc", &v), VG_OK);
	assert_string_equal(v->name, "CVE-2024-9001");
	assert_int_equal(v->source_count, 3);
	assert_true(v->exploited);
	vg_vuln_free(v);

	/* The distro feeds join the same vulnerability, not each other's CVEs. */
	import_ok(db, vg_test_write_file(dir, "list",
		"[02 May 2024] DSA-9999-1 foo - security update\n"
		"\t{CVE-2024-9001 CVE-2024-9002}\n"
		"\t[bookworm] - foo 1.4.2-1+deb12u1\n"), &r);
	assert_int_equal(r.added, 2);
	vg_import_report_free(&r);
	import_ok(db, vg_test_write_file(dir, "alpine.json",
		"{\"distroversion\": \"v3.20\", \"packages\": [{\"pkg\": {\"name\": \"foo\","
		" \"secfixes\": {\"1.4.2-r0\": [\"CVE-2024-9001\"]}}}]}"), &r);
	vg_import_report_free(&r);
	assert_int_equal(vg_vulndb_get(db, "CVE-2024-9001", &v), VG_OK);
	assert_int_equal(v->source_count, 5);
	for (i = 0; i < v->source_count; i++)
		strncat(seen, v->sources[i].source, sizeof(seen) - strlen(seen) - 2), strcat(seen, " ");
	assert_non_null(strstr(seen, "osv"));
	assert_non_null(strstr(seen, "nvd"));
	assert_non_null(strstr(seen, "kev"));
	assert_non_null(strstr(seen, "debian"));
	assert_non_null(strstr(seen, "alpine"));
	assert_int_equal(v->aliases.count, 2); /* the CVE and the GHSA: no DSA, no CVE-2024-9002 */
	vg_vuln_free(v);
	assert_int_equal(vg_vulndb_get(db, "CVE-2024-9002", &v), VG_OK);
	assert_int_equal(v->source_count, 1);
	vg_vuln_free(v);
	vg_vulndb_close(db);
}

/* ---- CVE 5 ---- */

static const char cve5_record[] =
	"{\"dataType\": \"CVE_RECORD\", \"dataVersion\": \"5.1\","
	" \"cveMetadata\": {\"cveId\": \"CVE-2024-9100\", \"state\": \"PUBLISHED\","
	"  \"dateUpdated\": \"2024-06-01T00:00:00.000Z\", \"datePublished\": \"2024-05-01T00:00:00\"},"
	" \"containers\": {\"cna\": {\"providerMetadata\": {\"orgId\": \"x\", \"shortName\": \"acme\"},"
	"  \"title\": \"Foo overflow\", \"descriptions\": [{\"lang\": \"en\", \"value\": \"A long text\"}],"
	"  \"metrics\": [{\"cvssV3_1\": {\"vectorString\": \"CVSS:3.1/AV:L/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N\", \"baseScore\": 6.2}}],"
	"  \"references\": [{\"url\": \"https://example.org/r\"}],"
	"  \"affected\": ["
	"   {\"vendor\": \"golang\", \"product\": \"x/net\", \"packageName\": \"golang.org/x/net\","
	"    \"collectionURL\": \"https://pkg.go.dev\", \"defaultStatus\": \"unaffected\","
	"    \"versions\": [{\"version\": \"0\", \"lessThan\": \"0.17.0\", \"status\": \"affected\", \"versionType\": \"semver\"}]},"
	"   {\"vendor\": \"Acme\", \"product\": \"Foo\", \"defaultStatus\": \"affected\","
	"    \"cpes\": [\"cpe:2.3:a:acme:foo:*:*:*:*:*:*:*:*\"],"
	"    \"versions\": [{\"version\": \"2.0\", \"lessThan\": \"2.1\", \"status\": \"unaffected\", \"versionType\": \"custom\"}]},"
	"   {\"vendor\": \"Acme\", \"product\": \"Bar\", \"cpes\": [\"cpe:2.3:a:acme:bar:*:*:*:*:*:*:*:*\"],"
	"    \"versions\": [{\"version\": \"1.0\", \"lessThanOrEqual\": \"1.9\", \"status\": \"affected\", \"versionType\": \"custom\"},"
	"                 {\"version\": \"3.1\", \"status\": \"affected\"}]},"
	"   {\"vendor\": \"Red Hat\", \"product\": \"RHEL 9\", \"defaultStatus\": \"unaffected\","
	"    \"cpes\": [\"cpe:/o:redhat:enterprise_linux:9\"]}]},"
	"  \"adp\": [{\"providerMetadata\": {\"orgId\": \"y\", \"shortName\": \"CISA-ADP\"},"
	"   \"metrics\": [{\"other\": {\"type\": \"ssvc\", \"content\": {\"version\": \"2.0.3\","
	"     \"options\": [{\"Exploitation\": \"none\"}, {\"Automatable\": \"no\"}]}}},"
	"    {\"other\": {\"type\": \"kev\", \"content\": {\"dateAdded\": \"2024-06-02\","
	"     \"reference\": \"https://www.cisa.gov/kev?CVE-2024-9100\"}}}],"
	"   \"references\": [{\"url\": \"https://example.org/r\"}]}]}}";

static void test_cve5_conversion(void **state)
{
	vg_vulndb *db = vg_test_vulndb("feeds_cve5", NULL);
	const char *dir = vg_test_tmpdir("feeds_cve5_files");
	vg_import_report r;
	vg_strlist rows = VG_STRLIST_INIT;
	vg_vuln *v;

	(void)state;
	import_ok(db, vg_test_write_file(dir, "CVE-2024-9100.json", cve5_record), &r);
	assert_string_equal(r.format, "cve5");
	assert_int_equal(r.added, 1);
	vg_import_report_free(&r);
	assert_int_equal(vg_vulndb_get(db, "CVE-2024-9100", &v), VG_OK);
	assert_string_equal(v->sources[0].summary, "Foo overflow");
	assert_string_equal(v->sources[0].published, "2024-05-01T00:00:00Z");
	/* Every entry of the record, in the order the record gave them. */
	assert_int_equal(vg_vulndb_each_record_affected(db, v->sources[0].key, collect_affected, &rows),
			 VG_OK);
	assert_int_equal(rows.count, 4);
	assert_string_equal(rows.items[0], "Go golang.org/x/net - [{\"type\":\"SEMVER\",\"events\":"
					   "[{\"introduced\":\"0\"},{\"fixed\":\"0.17.0\"}]}] unaffected verbatim");
	assert_string_equal(rows.items[1], "CVE5:Acme Foo - - affected verbatim");
	assert_non_null(strstr(rows.items[2], "CVE5:Acme Bar - [{"));
	assert_string_equal(rows.items[3], "CVE5:Red Hat RHEL 9 not_affected - unaffected -");
	vg_strlist_free(&rows);
	vg_vuln_free(v);
	/* A Go package: an OSV ecosystem and a SEMVER range. */
	assert_string_equal(sql_text(db, "SELECT full_ranges(ranges, events) FROM affected WHERE ecosystem = 'Go'"),
			    "[{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"0.17.0\"}]}]");
	assert_string_equal(sql_text(db, "SELECT name FROM affected WHERE ecosystem = 'Go'"), "golang.org/x/net");
	/* Default affected with a hole: not converted, kept verbatim. */
	assert_string_equal(sql_text(db, "SELECT coalesce(full_ranges(ranges, events), 'NULL') || ' ' || default_status || ' ' || "
				     "version_type FROM affected WHERE name = 'Foo'"), "NULL affected custom");
	assert_non_null(strstr(sql_text(db, "SELECT source_versions FROM affected WHERE name = 'Foo'"),
			       "\"unaffected\""));
	assert_string_equal(sql_text(db, "SELECT ecosystem FROM affected WHERE name = 'Foo'"), "CVE5:Acme");
	/* last_affected and an exact version. */
	assert_string_equal(sql_text(db, "SELECT full_ranges(ranges, events) || ' ' || "
				     "full_versions(versions, events) FROM affected WHERE name = 'Bar'"),
			    "[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"1.0\"},{\"last_affected\":\"1.9\"}]}] [\"3.1\"]");
	assert_int_equal(sql_int(db, "SELECT count(*) FROM cpe_match WHERE product = 'bar'"), 2);
	assert_string_equal(sql_text(db, "SELECT version_start || start_including || '-' || version_end || "
				     "end_including FROM cpe_match WHERE product = 'bar' ORDER BY version_start"),
			    "1.01-1.91");
	/* Foo: unconvertible, so its CPE carries no bounds. */
	assert_int_equal(sql_int(db, "SELECT count(*) FROM cpe_match WHERE product = 'foo' AND "
				 "version_start IS NULL AND version_end IS NULL"), 1);
	/* RHEL: affects nothing, says so, and contributes no CPE. */
	assert_string_equal(sql_text(db, "SELECT status FROM affected WHERE name = 'RHEL 9'"), "not_affected");
	assert_int_equal(sql_int(db, "SELECT count(*) FROM cpe_match WHERE vendor = 'redhat'"), 0);
	/* ADP: SSVC, the KEV mention, references once. */
	assert_string_equal(sql_text(db, "SELECT vector || ' ' || origin FROM severity WHERE type = 'SSVC'"),
			    "SSVCv2.0.3/Exploitation:none/Automatable:no adp:CISA-ADP");
	assert_string_equal(sql_text(db, "SELECT origin FROM severity WHERE type = 'CVSS_V3'"), "cna:acme");
	assert_int_equal(sql_int(db, "SELECT count(*) FROM reference"), 2);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM reference WHERE type = 'KEV'"), 1);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM kev"), 0);

	/* Re-import: unchanged; REJECTED: removed. */
	import_ok(db, vg_test_write_file(dir, "CVE-2024-9100.json", cve5_record), &r);
	assert_int_equal(r.unchanged, 1);
	vg_import_report_free(&r);
	import_ok(db, vg_test_write_file(dir, "rej.json",
		"{\"dataType\": \"CVE_RECORD\", \"cveMetadata\": {\"cveId\": \"CVE-2024-9100\","
		" \"state\": \"REJECTED\"}, \"containers\": {\"cna\": {\"rejectedReasons\": []}}}"), &r);
	assert_int_equal(r.removed, 1);
	vg_import_report_free(&r);
	vg_vulndb_close(db);
}

/* A CVE 5 record of one CNA container. */
#define CVE5(id, cna) "{\"dataType\": \"CVE_RECORD\", \"cveMetadata\": {\"cveId\": \"" id "\"}," \
	" \"containers\": {\"cna\": " cna "}}"

/* A constraint written in "version" ("< 1.2.23", as GitHub's CNA writes
 * them) is the interval it means; one that is no interval stays verbatim. */
static void test_cve5_constraint_versions(void **state)
{
	vg_vulndb *db = vg_test_vulndb("feeds_cve5_constraints", NULL);
	const char *dir = vg_test_tmpdir("feeds_cve5_constraints_files");
	vg_import_report r;
	static const struct {
		const char *product, *ranges;
	} want[] = {
		{ "below", "[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"1.2.23\"}]}]" },
		{ "between", "[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"2.0.0\"},{\"fixed\":\"2.3.1\"}]}]" },
		{ "upto", "[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"last_affected\":\"4.1\"}]}]" },
		{ "twice", "[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"5.0\"},{\"fixed\":\"5.3\"}]}]" },
		{ "from", "[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"3\"}]}]" },
		{ "exact", "NULL [\"1.0\"]" },
		{ "above", "NULL NULL" },
		{ "unequal", "NULL NULL" },
		{ "reversed", "[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"1\"},{\"fixed\":\"2\"}]}]" },
		{ "two_lower", "NULL NULL" },
		{ "bare", "NULL NULL" },
	};
	char sql[256];
	size_t i;

	(void)state;
#define V(product, versions) "{\"vendor\": \"acme\", \"product\": \"" product "\", \"versions\": [" versions "]}"
#define A(version) "{\"status\": \"affected\", \"version\": \"" version "\"}"
	import_ok(db, vg_test_write_file(dir, "c.json", CVE5("CVE-2024-9200", "{\"affected\": ["
		V("below", A("< 1.2.23")) ","
		V("between", A(">= 2.0.0, < 2.3.1")) ","
		V("upto", A("<=4.1")) ","
		V("twice", "{\"status\": \"affected\", \"version\": \">= 5.0\", \"lessThan\": \"< 5.3\"}") ","
		V("from", A(">= 3")) ","
		V("exact", A("= 1.0")) ","
		V("above", "{\"status\": \"affected\", \"version\": \"> 5.0\", \"lessThan\": \"5.3\"}") ","
		V("unequal", A("!= 2.0")) ","
		V("reversed", A("< 2, >= 1")) ","
		V("two_lower", A(">= 1, >= 2")) ","
		V("bare", A("<")) "]}")), &r);
#undef V
#undef A
	assert_int_equal(r.added, 1);
	assert_int_equal(r.failed, 0);
	vg_import_report_free(&r);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		snprintf(sql, sizeof(sql), "SELECT coalesce(full_ranges(ranges, events), 'NULL') || CASE WHEN "
			 "full_ranges(ranges, events) IS NULL THEN ' ' || "
			 "coalesce(full_versions(versions, events), 'NULL') ELSE '' END FROM affected "
			 "WHERE name = '%s'", want[i].product);
		assert_string_equal(sql_text(db, sql), want[i].ranges);
	}
	vg_vulndb_close(db);
}

static void test_cve5_hostile(void **state)
{
	vg_vulndb *db = vg_test_vulndb("feeds_cve5_bad", NULL);
	const char *dir = vg_test_tmpdir("feeds_cve5_bad_files");
	vg_import_report r;
	size_t i;
	int found = 0;

	(void)state;
	vg_test_write_file(dir, "a.json", CVE5("CVE-2024-1", "{}"));
	vg_test_write_file(dir, "b.json", CVE5("CVE-2024-2", "{\"affected\": [{\"versions\": [{\"version\": \"1\","
					  " \"status\": \"maybe\"}]}]}"));
	vg_test_write_file(dir, "c.json", CVE5("CVE-2024-3", "{\"affected\": [{\"cpes\": [\"cpe:/x:y\"]}]}"));
	vg_test_write_file(dir, "d.json", CVE5("CVE-2024-4", "{\"metrics\": [{\"cvssV3_1\": {\"vectorString\": 7}}]}"));
	vg_test_write_file(dir, "e.json", CVE5("CVE-2024-5", "[]"));
	vg_test_write_file(dir, "f.json", "{\"dataType\": \"CVE_RECORD\", \"cveMetadata\": {\"cveId\": 5}}");
	vg_test_write_file(dir, "g.json", CVE5("CVE-2024-7", "{\"affected\": [{\"versions\": [{\"version\": \"1\","
					  " \"status\": \"affected\", \"lessThan\": [\"2\"]}]}]}"));
	vg_test_write_file(dir, "h.json", "{\"dataType\": \"CVE_RECORD\", \"cveMetadata\": {\"cveId\": \"CVE-2024-8\"");
	import_ok(db, dir, &r);
	assert_int_equal(r.added, 1);
	assert_int_equal(r.failed, 7);
	for (i = 0; i < r.errors.count; i++) {
		print_message("refused: %s\n", r.errors.items[i]);
		found += strstr(r.errors.items[i], "b.json: $.containers.cna.affected[0].versions[0].status: "
				"\"maybe\" is not affected") != NULL;
		found += strstr(r.errors.items[i], "c.json: $.containers.cna.affected[0].cpes[0]: ") != NULL;
		found += strstr(r.errors.items[i], "d.json: $.containers.cna.metrics[0].cvssV3_1.vectorString: "
				"expected a string") != NULL;
		found += strstr(r.errors.items[i], "e.json: $.containers.cna: expected an object") != NULL;
		found += strstr(r.errors.items[i], "f.json: $.cveMetadata.cveId: expected a string") != NULL;
		found += strstr(r.errors.items[i], "g.json: $.containers.cna.affected[0].versions[0].lessThan: "
				"expected a string") != NULL;
		found += strstr(r.errors.items[i], "h.json:1:") != NULL; /* truncated */
	}
	assert_int_equal(found, 7);
	vg_import_report_free(&r);
	vg_vulndb_close(db);
}

/* ---- Debian ---- */

static const char dsa_list[] =
	"[29 Mar 2023] DSA-5380-1 xorg-server - security update\n"
	"\t{CVE-2023-1393}\n"
	"\t[bullseye] - xorg-server 2:1.20.11-1+deb11u6\n"
	"\t[buster] - xorg-server <not-affected> (vulnerable code not present)\n"
	"\t[sid] - xorg-server <unfixed>\n"
	"\tNOTE: fixed in testing at time of DSA\n"
	"[27 Mar 2023] DSA-5379-1 dino-im - security update\n"
	"\t[trixie] - dino-im 0.2.0-3\n"
	"[26 Mar 2023] DSA-5378-1 bullseye end-of-life\n";

static void test_debian_list(void **state)
{
	vg_vulndb *db = vg_test_vulndb("feeds_dsa", NULL);
	const char *dir = vg_test_tmpdir("feeds_dsa_files");
	vg_import_report r;
	char *changed;

	(void)state;
	import_ok(db, vg_test_write_file(dir, "list", dsa_list), &r);
	assert_string_equal(r.format, "debian");
	assert_int_equal(r.added, 2); /* the notice is no vulnerability */
	assert_int_equal(r.failed, 0);
	vg_import_report_free(&r);
	assert_string_equal(sql_text(db, "SELECT full_ranges(ranges, events) || ' ' || fixed FROM affected "
				     "WHERE ecosystem = 'Debian:11'"),
			    "[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"2:1.20.11-1+deb11u6\"}]}] "
			    "2:1.20.11-1+deb11u6");
	assert_string_equal(sql_text(db, "SELECT coalesce(full_ranges(ranges, events), 'NULL') || ' ' || "
				     "full_versions(versions, events) || ' ' || status "
				     "FROM affected WHERE ecosystem = 'Debian:10'"), "NULL [] not_affected");
	assert_string_equal(sql_text(db, "SELECT full_ranges(ranges, events) || ' ' || status FROM affected WHERE ecosystem = "
				     "'Debian:unstable'"),
			    "[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"}]}] unfixed");
	assert_string_equal(sql_text(db, "SELECT record_id FROM record WHERE record_id LIKE 'DSA-5379%'"),
			    "DSA-5379-1");

	/* Unchanged, then one fix changed: one record updated. */
	import_ok(db, vg_test_write_file(dir, "list", dsa_list), &r);
	assert_int_equal(r.unchanged, 2);
	vg_import_report_free(&r);
	changed = vg_strdup(dsa_list);
	memcpy(strstr(changed, "deb11u6"), "deb11u7", 7);
	import_ok(db, vg_test_write_file(dir, "list", changed), &r);
	free(changed);
	assert_int_equal(r.updated, 1);
	assert_int_equal(r.unchanged, 1);
	vg_import_report_free(&r);
	vg_vulndb_close(db);
}

static void test_debian_list_hostile(void **state)
{
	vg_vulndb *db = vg_test_vulndb("feeds_dsa_bad", NULL);
	const char *dir = vg_test_tmpdir("feeds_dsa_bad_files");
	vg_import_report r;

	(void)state;
	import_ok(db, vg_test_write_file(dir, "list",
		"[01 Jan 2024] DSA-1-1 a - x\n"
		"\t{CVE-2024-1}\n"
		"\t[hamm] - a 1.0-1\n"
		"[01 Jan 2024] DSA-2-1 b - x\n"
		"\t{CVE-2024-2\n"
		"[01 Foo 2024] DSA-3-1 c - x\n"
		"\t{CVE-2024-3}\n"
		"[01 Jan 2024] DSA-4-1 d - x\n"
		"\t{CVE-2024-4}\n"
		"\t[bookworm] - d 1.0-1 garbage\n"
		"[01 Jan 2024] DSA-5-1 e - x\n"
		"\t{CVE-2024-5}\n"
		"\t[bookworm] - e <maybe>\n"
		"[01 Jan 2024] DSA-6-1 f - x\n"
		"\t{CVE-2024-6}\n"
		"\t[bookworm] - f 1:\n"
		"[01 Jan 2024] DSA-7-1 g - x\n"
		"unindented\n"
		"[01 Jan 2024] DSA-8-1 h - x\n"
		"\t{CVE-2024-8}\n"
		"\t[bookworm] - h 2.0-1\n"), &r);
	assert_int_equal(r.added, 1);
	assert_int_equal(r.failed, 7);
	assert_non_null(strstr(r.errors.items[0], "list: line 3: unknown Debian release \"hamm\""));
	assert_non_null(strstr(r.errors.items[1], "list: line 5: unterminated {...} list"));
	assert_non_null(strstr(r.errors.items[2], "list: line 6: expected \"[DD Mon YYYY] DSA-n-n ...\""));
	assert_non_null(strstr(r.errors.items[3], "list: line 10: unexpected \"garbage\" after the version"));
	assert_non_null(strstr(r.errors.items[4], "list: line 13: unknown marker <maybe>"));
	assert_non_null(strstr(r.errors.items[5], "list: line 16: "));
	assert_non_null(strstr(r.errors.items[6], "list: line 18: expected an indented line"));
	vg_import_report_free(&r);
	vg_vulndb_close(db);
}

static void test_debian_tracker_json(void **state)
{
	vg_vulndb *db = vg_test_vulndb("feeds_debjson", NULL);
	const char *dir = vg_test_tmpdir("feeds_debjson_files");
	vg_import_report r;

	(void)state;
	import_ok(db, vg_test_write_file(dir, "tracker.json",
		"{\"foo\": {\"CVE-2024-1\": {\"description\": \"d\", \"releases\": {"
		"   \"bookworm\": {\"status\": \"resolved\", \"fixed_version\": \"0\"},"
		"   \"trixie\": {\"status\": \"resolved\", \"fixed_version\": \"1.2-1\"},"
		"   \"sid\": {\"status\": \"open\"}}},"
		"  \"CVE-2024-2\": {\"releases\": {\"bookworm\": {\"status\": \"closed\"}}},"
		"  \"CVE-2024-3\": {\"releases\": {\"potato\": {\"status\": \"open\"}}},"
		"  \"CVE-2024-4\": {\"releases\": {\"bookworm\": {\"status\": \"resolved\", \"fixed_version\": \"1:\"}}}},"
		" \"bar\": []}"), &r);
	assert_int_equal(r.added, 1);
	assert_int_equal(r.failed, 4);
	assert_non_null(strstr(r.errors.items[0], "$.foo[\"CVE-2024-2\"].releases.bookworm.status: "
				"\"closed\" is not open"));
	assert_non_null(strstr(r.errors.items[1], "$.foo[\"CVE-2024-3\"].releases.potato: unknown Debian release"));
	assert_non_null(strstr(r.errors.items[2], "$.foo[\"CVE-2024-4\"].releases.bookworm.fixed_version: "));
	assert_non_null(strstr(r.errors.items[3], "$.bar: expected an object"));
	vg_import_report_free(&r);
	assert_string_equal(sql_text(db, "SELECT record_id FROM record"), "foo/CVE-2024-1");
	assert_string_equal(sql_text(db, "SELECT status FROM affected WHERE ecosystem = 'Debian:12'"),
			    "not_affected");
	assert_string_equal(sql_text(db, "SELECT fixed FROM affected WHERE ecosystem = 'Debian:13'"), "1.2-1");
	assert_string_equal(sql_text(db, "SELECT status FROM affected WHERE ecosystem = 'Debian:unstable'"),
			    "unfixed");
	vg_vulndb_close(db);
}

/* ---- Alpine ---- */

static void test_alpine(void **state)
{
	vg_vulndb *db = vg_test_vulndb("feeds_alpine", NULL);
	const char *dir = vg_test_tmpdir("feeds_alpine_files");
	vg_import_report r;

	(void)state;
	import_ok(db, vg_test_write_file(dir, "main.json",
		"{\"distroversion\": \"v3.18\", \"reponame\": \"main\", \"packages\": ["
		" {\"pkg\": {\"name\": \"xen\", \"secfixes\": {"
		"   \"4.9.1-r1\": [\"CVE-2017-1001 XSA-201\", \"CVE-2017-1002 XSA-201\"],"
		"   \"4.9.2-r0\": [\"CVE-2017-1001\"],"
		"   \"0\": [\"CVE-2016-9001\"],"
		"   \"4.9.3-r0\": [\"CVE_2019-2426\", \"CVE-\?\?\?\?-\?\?\?\?\?\", 7],"
		"   \"4.9.4-r0\": null}}},"
		" {\"pkg\": {\"name\": 5}},"
		" \"junk\"]}"), &r);
	assert_string_equal(r.format, "alpine");
	assert_int_equal(r.added, 3);
	assert_int_equal(r.failed, 6);
	assert_non_null(strstr(r.errors.items[0], "$.packages[0].pkg.secfixes[\"4.9.3-r0\"][0]: "
				"\"CVE_2019-2426\" is not a CVE id"));
	assert_non_null(strstr(r.errors.items[2], "secfixes[\"4.9.3-r0\"][2]: expected a string"));
	assert_non_null(strstr(r.errors.items[3], "secfixes[\"4.9.4-r0\"]: expected a version and an array"));
	assert_non_null(strstr(r.errors.items[4], "$.packages[1].pkg.name: expected a string"));
	assert_non_null(strstr(r.errors.items[5], "$.packages[2]: expected an object"));
	vg_import_report_free(&r);
	/* XSA-201 names two CVEs: they stay two vulnerabilities. */
	assert_int_equal(sql_int(db, "SELECT count(*) FROM vulnerability"), 3);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM alias WHERE name LIKE 'XSA%'"), 0);
	/* Listed under two versions: two ranges (affected below the higher one). */
	assert_string_equal(sql_text(db, "SELECT fixed FROM affected a JOIN record r ON r.id = a.record "
				     "WHERE r.record_id = 'v3.18/xen/CVE-2017-1001'"), "4.9.1-r1,4.9.2-r0");
	assert_string_equal(sql_text(db, "SELECT status || ' ' || ecosystem FROM affected a JOIN record r "
				     "ON r.id = a.record WHERE r.record_id = 'v3.18/xen/CVE-2016-9001'"),
			    "not_affected Alpine:v3.18");
	import_ok(db, vg_test_write_file(dir, "main.json",
		"{\"distroversion\": \"v3.18\", \"packages\": \"\"}"), &r);
	assert_int_equal(r.failed + r.added, 0);
	vg_import_report_free(&r);
	vg_vulndb_close(db);
}

/* ---- CSAF ---- */

#define CSAF_HEAD                                                                                 \
	"{\"document\": {\"category\": \"csaf_security_advisory\", \"csaf_version\": \"2.0\","    \
	" \"title\": \"ACME router advisory\", \"publisher\": {\"category\": \"vendor\","        \
	" \"name\": \"ACME PSIRT\", \"namespace\": \"https://acme.example\"},"                    \
	" \"references\": [{\"url\": \"https://acme.example/sa-1\", \"summary\": \"self\", \"category\": \"self\"}]," \
	" \"tracking\": {\"id\": \"ACME-SA-1\", \"version\": \"1\", \"status\": \"final\","      \
	" \"initial_release_date\": \"2024-01-01T00:00:00Z\", \"current_release_date\": \"%s\","  \
	" \"revision_history\": []}},"

static const char csaf_tree[] =
	" \"product_tree\": {\"full_product_names\": ["
	"  {\"name\": \"libfoo 1.1\", \"product_id\": \"F11\", \"product_identification_helper\":"
	"   {\"purl\": \"pkg:npm/%40acme/libfoo@1.1.0\"}},"
	"  {\"name\": \"libfoo 1.2\", \"product_id\": \"F12\", \"product_identification_helper\":"
	"   {\"purl\": \"pkg:npm/%40acme/libfoo@1.2.0\"}},"
	"  {\"name\": \"libfoo 2\", \"product_id\": \"F2\", \"product_identification_helper\":"
	"   {\"purl\": \"pkg:npm/%40acme/libfoo@2.0.0\"}},"
	"  {\"name\": \"libbar\", \"product_id\": \"B\", \"product_identification_helper\":"
	"   {\"purl\": \"pkg:maven/com.acme/bar@3.0\"}},"
	"  {\"name\": \"Router\", \"product_id\": \"R\", \"product_identification_helper\":"
	"   {\"cpe\": \"cpe:2.3:h:acme:router:-:*:*:*:*:*:*:*\"}},"
	"  {\"name\": \"Manual\", \"product_id\": \"M\"}],"
	" \"branches\": [{\"category\": \"vendor\", \"name\": \"ACME\", \"branches\": ["
	"  {\"category\": \"product_version_range\", \"name\": \"vers:generic/>=4.0|<4.2\","
	"   \"product\": {\"name\": \"fw\", \"product_id\": \"FW\", \"product_identification_helper\":"
	"    {\"cpe\": \"cpe:2.3:o:acme:firmware:*:*:*:*:*:*:*:*\"}}}]}]},"
	" \"vulnerabilities\": [{\"cve\": \"CVE-2024-7001\", \"title\": \"libfoo overflow\","
	"  \"ids\": [{\"system_name\": \"ACME\", \"text\": \"ACME-BUG-9\"},"
	"           {\"system_name\": \"Bugzilla\", \"text\": \"123456\"}],"
	"  \"notes\": [{\"category\": \"description\", \"text\": \"An overflow.\"}],"
	"  \"release_date\": \"2024-01-02T00:00:00Z\","
	"  \"product_status\": {\"known_affected\": [\"F11\", \"F12\", \"R\", \"FW\", \"M\"],"
	"   \"fixed\": [\"F2\"], \"known_not_affected\": [\"B\"]},"
	"  \"scores\": [{\"products\": [\"F11\"], \"cvss_v3\": {\"version\": \"3.1\","
	"   \"vectorString\": \"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\", \"baseScore\": 9.8}},"
	"   {\"products\": [\"F12\"], \"cvss_v3\": {\"version\": \"3.1\","
	"   \"vectorString\": \"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\", \"baseScore\": 9.8}}]},"
	"  {\"title\": \"no identifier\"},"
	"  {\"cve\": \"CVE-2024-7002\", \"product_status\": {\"fixed\": [\"B\"]}}]}";

static const char *write_csaf(const char *dir, const char *modified)
{
	char *text = vg_strdup_printf(CSAF_HEAD "%s", modified, csaf_tree);
	const char *path;

	assert_non_null(text);
	path = vg_test_write_file(dir, "acme.json", text);
	free(text);
	return path;
}

#define CSAF_ROW(col, where)                                                                      \
	"SELECT " col " FROM affected a JOIN record r ON r.id = a.record WHERE " where

static void test_csaf(void **state)
{
	vg_vulndb *db = vg_test_vulndb("feeds_csaf", NULL);
	const char *dir = vg_test_tmpdir("feeds_csaf_files");
	vg_import_report r;

	(void)state;
	import_ok(db, write_csaf(dir, "2024-02-01T00:00:00Z"), &r);
	assert_string_equal(r.format, "csaf");
	assert_int_equal(r.added, 2);
	assert_int_equal(r.failed, 1);
	assert_non_null(strstr(r.errors.items[0], "acme.json: $.vulnerabilities[1]: no cve and no ids"));
	vg_import_report_free(&r);

	assert_string_equal(sql_text(db, "SELECT published || ' ' || modified || ' ' || summary || ' ' || "
				     "details FROM record WHERE record_id = 'ACME-SA-1/CVE-2024-7001'"),
			    "2024-01-02T00:00:00Z 2024-02-01T00:00:00Z libfoo overflow An overflow.");
	/* Aliases: the CVE and ACME-BUG-9, not the bare Bugzilla number nor the advisory. */
	assert_int_equal(sql_int(db, "SELECT count(*) FROM alias"), 3);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM alias WHERE name = 'ACME-BUG-9'"), 1);
	/* The same vector twice is one severity, scored by the publisher. */
	assert_string_equal(sql_text(db, "SELECT type || ' ' || score || ' ' || origin FROM severity"),
			    "CVSS_V3 9.8 ACME PSIRT");
	assert_int_equal(sql_int(db, "SELECT count(*) FROM severity"), 1);
	assert_string_equal(sql_text(db, "SELECT type || ' ' || url FROM reference"),
			    "self https://acme.example/sa-1");

	/* libfoo: two affected versions, the fixed one, npm's scoped name. */
	assert_string_equal(sql_text(db, CSAF_ROW("ecosystem || ' ' || name || ' ' || purl || ' ' || "
						  "full_versions(versions, events) || ' ' || fixed", "a.status IS NULL AND "
						  "r.record_id = 'ACME-SA-1/CVE-2024-7001'")),
			    "npm @acme/libfoo pkg:npm/%40acme/libfoo [\"1.1.0\",\"1.2.0\"] 2.0.0");
	assert_int_equal(sql_int(db, CSAF_ROW("count(*)", "r.record_id = 'ACME-SA-1/CVE-2024-7001'")), 2);
	/* libbar: not affected, in 3.0 only. */
	assert_string_equal(sql_text(db, CSAF_ROW("ecosystem || ' ' || name || ' ' || "
						  "full_versions(versions, events)", "a.status = 'not_affected'")),
			    "Maven com.acme:bar [\"3.0\"]");
	/* Only fixed (second vulnerability): everything before the fix. */
	assert_string_equal(sql_text(db, CSAF_ROW("full_ranges(ranges, events)",
						  "r.record_id = 'ACME-SA-1/CVE-2024-7002'")),
			    "[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"3.0\"}]}]");
	/* CPE-only products: the router, and the firmware with its vers bounds;
	 * the manual (neither purl nor CPE) is passed over. */
	assert_int_equal(sql_int(db, "SELECT count(*) FROM cpe_match WHERE vulnerable = 1 AND config = 0"), 2);
	assert_string_equal(sql_text(db, "SELECT version_start || start_including || ' ' || version_end || "
				     "end_including FROM cpe_match WHERE product = 'firmware'"),
			    "4.01 4.20");
	assert_int_equal(sql_int(db, "SELECT count(*) FROM cpe_match WHERE product = 'router' AND "
				     "version_start IS NULL AND version_end IS NULL"), 1);

	/* Same current_release_date: unchanged; newer: updated. */
	import_ok(db, write_csaf(dir, "2024-02-01T00:00:00Z"), &r);
	assert_int_equal(r.unchanged, 2);
	vg_import_report_free(&r);
	import_ok(db, write_csaf(dir, "2024-03-01T00:00:00+01:00"), &r);
	assert_int_equal(r.updated, 2);
	assert_int_equal(r.added, 0);
	vg_import_report_free(&r);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM affected"), 3);
	vg_vulndb_close(db);
}

static void test_csaf_hostile(void **state)
{
	vg_vulndb *db = vg_test_vulndb("feeds_csaf_hostile", NULL);
	const char *dir = vg_test_tmpdir("feeds_csaf_hostile_files");
	vg_import_report r;
	char *text;

	(void)state;
	/* An unknown product id: the document is one failure, nothing stored. */
	text = vg_strdup_printf(CSAF_HEAD " \"vulnerabilities\": [{\"cve\": \"CVE-2024-7003\","
				" \"product_status\": {\"fixed\": [\"X\"]}}]}", "2024-02-01T00:00:00Z");
	import_ok(db, vg_test_write_file(dir, "bad.json", text), &r);
	free(text);
	assert_int_equal(r.failed, 1);
	assert_int_equal(r.added, 0);
	assert_non_null(strstr(r.errors.items[0], "bad.json: $.vulnerabilities[0].product_status."
				"fixed[0]: unknown product id \"X\""));
	vg_import_report_free(&r);
	/* A bad purl or date fails its vulnerability only. */
	text = vg_strdup_printf(CSAF_HEAD " \"product_tree\": {\"full_product_names\": [{\"name\":"
				" \"x\", \"product_id\": \"P\", \"product_identification_helper\":"
				" {\"purl\": \"pkg:\"}}]}, \"vulnerabilities\": [{\"cve\": \"CVE-2024-7004\","
				" \"product_status\": {\"fixed\": [\"P\"]}}, {\"cve\": \"CVE-2024-7005\","
				" \"release_date\": \"yesterday\"}, {\"cve\": \"CVE-2024-7006\"}]}",
				"2024-02-01T00:00:00Z");
	import_ok(db, vg_test_write_file(dir, "bad.json", text), &r);
	free(text);
	assert_int_equal(r.failed, 2);
	assert_int_equal(r.added, 1);
	assert_non_null(strstr(r.errors.items[0], "$.vulnerabilities[0].product_status.fixed: "
				"product \"P\": "));
	assert_non_null(strstr(r.errors.items[1], "$.vulnerabilities[1]: "));
	vg_import_report_free(&r);
	/* Truncated: an error for the file, nothing changed. */
	text = vg_strdup_printf(CSAF_HEAD, "2024-02-01T00:00:00Z");
	assert_int_equal(vg_vulndb_import(db, vg_test_write_file(dir, "cut.json", text), NULL, &r),
			 VG_EPARSE);
	free(text);
	vg_import_report_free(&r);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM record"), 1);
	vg_vulndb_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nvd_record_and_applicability),
		cmocka_unit_test(test_nvd_incremental_and_rejected),
		cmocka_unit_test(test_nvd_hostile),
		cmocka_unit_test(test_nvd_huge_cpe_match),
		cmocka_unit_test(test_merge_across_sources),
		cmocka_unit_test(test_cve5_conversion),
		cmocka_unit_test(test_cve5_constraint_versions),
		cmocka_unit_test(test_cve5_hostile),
		cmocka_unit_test(test_debian_list),
		cmocka_unit_test(test_debian_list_hostile),
		cmocka_unit_test(test_debian_tracker_json),
		cmocka_unit_test(test_alpine),
		cmocka_unit_test(test_csaf),
		cmocka_unit_test(test_csaf_hostile),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
