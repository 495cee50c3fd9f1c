/*
 * test_vulndb_bounds.c - package_bound (lib/vuln/bounds.c): each rule that
 * makes a package's bound, asked through vg_vulndb_package_excludes(), and
 * the bounds kept as imports add, replace and withdraw records.
 */
#include "testutil.h"
#include "vigil/error.h"
#include "vigil/vulndb.h"
#include "vuln/vulndb_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static vg_vulndb *db;
static const char *dir;

static void import_text(const char *name, const char *text)
{
	vg_import_report r = { 0 };

	if (vg_vulndb_import(db, vg_test_write_file(dir, name, text), NULL, &r) != VG_OK)
		fail_msg("%s: %s", name, vg_error_message());
	assert_int_equal(r.failed, 0);
	vg_import_report_free(&r);
}

/* An OSV record of one PyPI package with `affected` as its entry's body. */
static void osv(const char *id, const char *modified, const char *package, const char *body)
{
	char text[4096], file[128];

	snprintf(text, sizeof(text),
		 "{\"id\": \"%s\", \"modified\": \"%s\", \"affected\": [{\"package\": "
		 "{\"ecosystem\": \"PyPI\", \"name\": \"%s\"}, %s}]}",
		 id, modified, package, body);
	snprintf(file, sizeof(file), "%s-%s.json", id, modified);
	import_text(file, text);
}

static bool excludes(const char *package, const char *version)
{
	bool out = false;

	assert_int_equal(vg_vulndb_package_excludes(db, "PyPI", package, VG_VERSION_PYPI, version,
						    &out),
			 VG_OK);
	return out;
}

static int setup(void **state)
{
	(void)state;
	dir = vg_test_tmpdir("vulndb_bounds_files");
	db = vg_test_vulndb("vulndb_bounds", NULL);
	/* The first import loads in bulk (a whole rebuild), the rest are
	 * transactional (the packages they touch are refreshed). */
	osv("PYSEC-1", "2024-01-01T00:00:00Z", "fixed-pkg",
	    "\"ranges\": [{\"type\": \"ECOSYSTEM\", \"events\": [{\"introduced\": \"0\"}, "
	    "{\"fixed\": \"1.2\"}]}]");
	osv("PYSEC-2", "2024-01-01T00:00:00Z", "last-pkg",
	    "\"ranges\": [{\"type\": \"ECOSYSTEM\", \"events\": [{\"introduced\": \"1.0\"}, "
	    "{\"last_affected\": \"1.4\"}]}]");
	osv("PYSEC-3", "2024-01-01T00:00:00Z", "open-pkg",
	    "\"ranges\": [{\"type\": \"ECOSYSTEM\", \"events\": [{\"introduced\": \"0\"}, "
	    "{\"fixed\": \"1.0\"}, {\"introduced\": \"2.0\"}]}]");
	osv("PYSEC-4", "2024-01-01T00:00:00Z", "listed-pkg",
	    "\"versions\": [\"2.5\", \"1.0\"], \"ranges\": [{\"type\": \"ECOSYSTEM\", "
	    "\"events\": [{\"introduced\": \"0\"}, {\"fixed\": \"1.1\"}]}]");
	osv("PYSEC-5", "2024-01-01T00:00:00Z", "git-pkg",
	    "\"versions\": [\"3.0\"], \"ranges\": [{\"type\": \"GIT\", \"repo\": "
	    "\"https://example.org/r\", \"events\": [{\"introduced\": \"0\"}, "
	    "{\"fixed\": \"abc\"}]}]");
	osv("PYSEC-6", "2024-01-01T00:00:00Z", "tie-pkg",
	    "\"ranges\": [{\"type\": \"ECOSYSTEM\", \"events\": [{\"introduced\": \"0\"}, "
	    "{\"fixed\": \"2.0\"}, {\"introduced\": \"2.0\"}]}]");
	osv("PYSEC-7", "2024-01-01T00:00:00Z", "semver-pkg",
	    "\"versions\": [\"1.0\"], \"ranges\": [{\"type\": \"SEMVER\", "
	    "\"events\": [{\"introduced\": \"0\"}, {\"fixed\": \"1.1.0\"}]}]");
	osv("PYSEC-8", "2024-01-01T00:00:00Z", "Mixed_Case",
	    "\"ranges\": [{\"type\": \"ECOSYSTEM\", \"events\": [{\"introduced\": \"0\"}, "
	    "{\"fixed\": \"5.0\"}, {\"limit\": \"9.0\"}]}]");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	vg_vulndb_close(db);
	return 0;
}

static void test_fixed_is_exclusive(void **state)
{
	(void)state;
	assert_false(excludes("fixed-pkg", "1.1"));
	assert_true(excludes("fixed-pkg", "1.2"));
	assert_true(excludes("fixed-pkg", "1.2.1"));
	assert_false(excludes("fixed-pkg", "1.2rc1"));
}

static void test_last_affected_is_inclusive(void **state)
{
	(void)state;
	assert_false(excludes("last-pkg", "1.4"));
	assert_true(excludes("last-pkg", "1.4.1"));
}

static void test_open_ranges_have_no_bound(void **state)
{
	(void)state;
	assert_false(excludes("open-pkg", "99"));
	/* introduced and fixed at one version: the walk decides */
	assert_false(excludes("tie-pkg", "2.0"));
	assert_false(excludes("tie-pkg", "7.0"));
}

static void test_listed_versions_count(void **state)
{
	(void)state;
	assert_false(excludes("listed-pkg", "2.5"));
	assert_false(excludes("listed-pkg", "1.5"));
	assert_true(excludes("listed-pkg", "2.5.1"));
	/* a GIT range holds no version string; its listed versions do */
	assert_false(excludes("git-pkg", "3.0"));
	assert_true(excludes("git-pkg", "3.0.1"));
}

static void test_orders_must_agree(void **state)
{
	(void)state;
	/* PEP 440 listed versions and a SEMVER range: no one order */
	assert_false(excludes("semver-pkg", "9.9.9"));
}

static void test_limits_folding_absence_and_bad_versions(void **state)
{
	(void)state;
	/* limits only narrow; PyPI names fold */
	assert_true(excludes("mixed_case", "5.0"));
	assert_true(excludes("MIXED_CASE", "6.0"));
	assert_false(excludes("Mixed_Case", "4.9"));
	/* no entries at all */
	assert_true(excludes("never-heard-of", "1.0"));
	/* a version the ranges' evaluation rejects is walked (it warns there) */
	assert_false(excludes("fixed-pkg", "not a version"));
}

static void test_imports_keep_the_bounds(void **state)
{
	vg_import_report r;
	const char *path;

	(void)state;
	assert_true(excludes("fixed-pkg", "1.5"));
	/* a second record raises the package's bound */
	osv("PYSEC-9", "2024-01-01T00:00:00Z", "fixed-pkg",
	    "\"ranges\": [{\"type\": \"ECOSYSTEM\", \"events\": [{\"introduced\": \"1.3\"}, "
	    "{\"fixed\": \"2.0\"}]}]");
	assert_false(excludes("fixed-pkg", "1.5"));
	assert_true(excludes("fixed-pkg", "2.0"));
	/* a newer copy of it lowers it again */
	osv("PYSEC-9", "2024-02-01T00:00:00Z", "fixed-pkg",
	    "\"ranges\": [{\"type\": \"ECOSYSTEM\", \"events\": [{\"introduced\": \"1.3\"}, "
	    "{\"fixed\": \"1.4\"}]}]");
	assert_true(excludes("fixed-pkg", "1.5"));
	assert_false(excludes("fixed-pkg", "1.3.5"));
	/* withdrawn, the record's entries go, and so does the package */
	path = vg_test_write_file(dir, "w.json",
				  "{\"id\": \"PYSEC-2\", \"modified\": \"2024-03-01T00:00:00Z\", "
				  "\"withdrawn\": \"2024-03-01T00:00:00Z\"}");
	assert_int_equal(vg_vulndb_import(db, path, NULL, &r), VG_OK);
	assert_int_equal(r.removed, 1);
	vg_import_report_free(&r);
	assert_true(excludes("last-pkg", "1.4"));
	/* and a rebuild agrees with what the imports kept */
	vg_test_check_bounds_kept(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixed_is_exclusive),
		cmocka_unit_test(test_last_affected_is_inclusive),
		cmocka_unit_test(test_open_ranges_have_no_bound),
		cmocka_unit_test(test_listed_versions_count),
		cmocka_unit_test(test_orders_must_agree),
		cmocka_unit_test(test_limits_folding_absence_and_bad_versions),
		cmocka_unit_test(test_imports_keep_the_bounds),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
