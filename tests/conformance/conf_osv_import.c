/*
 * conf_osv_import.c - importing the real OSV data in ../shared/testdata/osv:
 * every record of Go vulndb, PyPA and AlmaLinux imports (withdrawn ones are
 * skipped), the osv-linter's two offline-checkable bad records are refused
 * with their JSON path, re-importing changes nothing, and a zip dump imports
 * like the directory it was made from.
 */
#include "testutil.h"
#include "vigil/error.h"
#include "vigil/vulndb.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Files, distinct record ids and distinct withdrawn ids below a directory,
 * counted independently.  (AlmaLinux publishes some records twice,
 * identical, under both its 9 and 10 trees.)
 */
static const char record_count[] =
	"import json,glob,sys\n"
	"fs=glob.glob(sys.argv[1]+\"/**/*.json\",recursive=True)\n"
	"ds={d[\"id\"]: d for d in (json.load(open(f)) for f in fs)}\n"
	"print(len(fs), len(ds), sum(1 for d in ds.values() if \"withdrawn\" in d))";

static void count_records(const char *dir, size_t *files, size_t *records, size_t *withdrawn)
{
	size_t c[3];

	vg_test_python_counts(record_count, dir, c, 3);
	*files = c[0];
	*records = c[1];
	*withdrawn = c[2];
}

static void import_all_of(const char *suite, const char *rel)
{
	vg_vulndb *db = vg_test_vulndb(suite, NULL);
	vg_import_report r;
	size_t files, records, withdrawn, passed;

	vg_test_require_data(rel);
	count_records(vg_test_data(rel), &files, &records, &withdrawn);
	assert_int_equal(vg_vulndb_import(db, vg_test_data(rel), NULL, &r), VG_OK);
	passed = r.added + r.unchanged;
	vg_test_report(suite, passed, r.failed, 0);
	if (r.failed)
		print_message("first failure: %s\n", r.errors.items[0]);
	assert_int_equal(r.failed, 0);
	assert_int_equal(r.added, records - withdrawn);
	assert_int_equal(r.unchanged, files - records + withdrawn);
	vg_import_report_free(&r);

	/* Same data again: nothing to do. */
	assert_int_equal(vg_vulndb_import(db, vg_test_data(rel), NULL, &r), VG_OK);
	assert_int_equal(r.added + r.updated, 0);
	assert_int_equal(r.unchanged, files);
	vg_import_report_free(&r);
	vg_vulndb_close(db);
}

static void test_go_vulndb(void **state)
{
	(void)state;
	import_all_of("osv-import/go-vulndb", "osv/golang-vulndb/data/osv");
}

static void test_pypa(void **state)
{
	(void)state;
	import_all_of("osv-import/pypa", "osv/pypa-advisory-database");
}

static void test_almalinux(void **state)
{
	(void)state;
	import_all_of("osv-import/almalinux", "osv/almalinux");
}

static void test_linter_bad_records_are_refused(void **state)
{
	const char *rel = "osv/osv-schema/tools/osv-linter/testdata";
	vg_vulndb *db = vg_test_vulndb("osv_linter", NULL);
	vg_import_report r;
	vg_vuln *v;
	size_t i, bad = 0;

	(void)state;
	vg_test_require_data(rel);
	assert_int_equal(vg_vulndb_import(db, vg_test_data(rel), NULL, &r), VG_OK);
	for (i = 0; i < r.errors.count; i++) {
		print_message("refused: %s\n", r.errors.items[i]);
		if (strstr(r.errors.items[i], "nointroduced-CVE-2023-41045.json: "
						"$.affected[0].ranges[0].events: no \"introduced\" event") ||
		    strstr(r.errors.items[i], "nondistinct-CVE-2018-5407.json: "
						"$.affected[6].ranges[1].events[1]"))
			bad++;
	}
	vg_test_report("osv-import/linter-bad", bad, r.failed - bad, 0);
	assert_int_equal(r.failed, 2);
	assert_int_equal(bad, 2);
	vg_import_report_free(&r);
	/* The good copy of the record the bad one imitates is there, whole. */
	assert_int_equal(vg_vulndb_get(db, "CVE-2018-5407", &v), VG_OK);
	vg_vuln_free(v);
	vg_vulndb_close(db);
}

static void test_zip_dump_and_damaged_zip(void **state)
{
	const char *rel = "osv/golang-vulndb/data/osv";
	const char *dir = vg_test_tmpdir("osv_zip");
	char cmd[9000], zip[4300], damaged[4300];
	vg_vulndb *db;
	vg_import_report r;
	size_t files, records, withdrawn, i;

	(void)state;
	vg_test_require_data(rel);
	count_records(vg_test_data(rel), &files, &records, &withdrawn);
	snprintf(zip, sizeof(zip), "%s/all.zip", dir);
	snprintf(damaged, sizeof(damaged), "%s/damaged.zip", dir);
	/* Like osv.dev's per-ecosystem all.zip: one record per entry. */
	snprintf(cmd, sizeof(cmd),
		 "python3 -c 'import zipfile,glob,os,sys\n"
		 "z=zipfile.ZipFile(sys.argv[2],\"w\",zipfile.ZIP_DEFLATED)\n"
		 "[z.write(f,os.path.basename(f)) for f in sorted(glob.glob(sys.argv[1]+\"/*.json\"))]\n"
		 "z.close()\n"
		 "d=open(sys.argv[2],\"rb\").read(); open(sys.argv[3],\"wb\").write(d[:len(d)//2])' "
		 "'%s' '%s' '%s'", vg_test_data(rel), zip, damaged);
	assert_int_equal(system(cmd), 0);

	db = vg_test_vulndb("osv_zip_db", NULL);
	assert_int_equal(vg_vulndb_import(db, zip, NULL, &r), VG_OK);
	assert_int_equal(r.failed, 0);
	assert_int_equal(r.added, records - withdrawn);
	vg_import_report_free(&r);
	vg_vulndb_close(db);

	/* Half a zip: the entries before the damage import, the damage is reported. */
	db = vg_test_vulndb("osv_zip_damaged_db", NULL);
	assert_int_equal(vg_vulndb_import(db, damaged, NULL, &r), VG_OK);
	print_message("damaged zip: %zu imported, %zu failed\n", r.added, r.failed);
	for (i = 0; i < r.errors.count; i++)
		print_message("  %s\n", r.errors.items[i]);
	assert_true(r.added > 100 && r.added < records);
	assert_true(r.failed >= 1 && r.failed <= 2);
	assert_non_null(strstr(r.errors.items[r.errors.count - 1], "damaged.zip"));
	vg_import_report_free(&r);
	vg_vulndb_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_go_vulndb),
		cmocka_unit_test(test_pypa),
		cmocka_unit_test(test_almalinux),
		cmocka_unit_test(test_linter_bad_records_are_refused),
		cmocka_unit_test(test_zip_dump_and_damaged_zip),
	};

	vg_test_require_data("osv");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
