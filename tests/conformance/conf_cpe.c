/*
 * conf_cpe.c - every CPE name in the shared NVD and CVE 5 samples.
 *
 * Walks osv/osv.dev (the NVD CVE API 1.1/2.0 test files: `cpe23Uri`,
 * `criteria`) and cve/vulnrichment (CVE JSON 5 records: `cpes`, ADP
 * `criteria`), parses each JSON file and collects every string value that
 * is a CPE name in either binding.  For each:
 *
 *   cpe-fs   (cpe:2.3:...)  parse; print as a formatted string and re-parse
 *            to an equal name; print as a URI and re-parse to an equal name;
 *            self-comparison is EQUAL (UNDEFINED when the name carries
 *            wildcards, as NISTIR 7696 says for a wildcard target).
 *   cpe-uri  (cpe:/...)     the same, starting from the URI binding.
 *   cpe-match  on every concrete formatted-string name (version a plain
 *            value): the name with version ANY matches it (SUPERSET); with
 *            another vendor it is DISJOINT; with version NA it is DISJOINT.
 */
#include "testutil.h"
#include "vigil/cpe.h"
#include "vigil/error.h"
#include "vigil/json.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct tally {
	size_t passed, failed, skipped;
} tally;

static tally fs_tally, uri_tally, match_tally;
static size_t files_read, files_unreadable, fs_names, uri_names;

static void check(tally *t, int ok, const char *name, const char *what)
{
	if (ok) {
		t->passed++;
		return;
	}
	t->failed++;
	fprintf(stderr, "FAIL %s: %s (%s)\n", name, what, vg_error_message());
}

static int has_wildcard_value(const vg_cpe *c)
{
	int a;

	for (a = 0; a < VG_CPE_ATTR_COUNT; a++) {
		const char *v = vg_cpe_value(c, a);

		for (; v && *v; v++) {
			if (*v == '\\' && v[1])
				v++;
			else if (*v == '*' || *v == '?')
				return 1;
		}
	}
	return 0;
}

/* Print with `bind`, re-parse, compare. */
static int rebinds(const vg_cpe *c, char *(*bind)(const vg_cpe *))
{
	char *s = bind(c);
	vg_cpe back;
	int ok = s && vg_cpe_parse(s, &back) == VG_OK && vg_cpe_equal(c, &back);

	free(s);
	return ok;
}

static void check_name(tally *t, const char *name)
{
	enum vg_cpe_relation self;
	vg_cpe c;

	if (vg_cpe_parse(name, &c) != VG_OK) {
		check(t, 0, name, "parse");
		return;
	}
	self = vg_cpe_compare(&c, &c, NULL);
	check(t, rebinds(&c, vg_cpe_to_fs), name, "formatted string round trip");
	check(t, rebinds(&c, vg_cpe_to_uri), name, "URI round trip");
	check(t, self == (has_wildcard_value(&c) ? VG_CPE_UNDEFINED : VG_CPE_EQUAL), name,
	      "self-comparison");
}

/* Real-data matching semantics on a concrete name. */
static void check_semantics(const char *name)
{
	vg_cpe target, src;

	if (vg_cpe_parse(name, &target) != VG_OK || has_wildcard_value(&target) ||
	    vg_cpe_kind(&target, VG_CPE_VERSION) != VG_CPE_VALUE)
		return;
	src = target;
	vg_cpe_set_kind(&src, VG_CPE_VERSION, VG_CPE_ANY);
	check(&match_tally, vg_cpe_match(&src, &target) && !vg_cpe_match(&target, &src), name,
	      "version ANY matches the concrete name, not the reverse");
	check(&match_tally, vg_cpe_compare(&src, &target, NULL) == VG_CPE_SUPERSET, name,
	      "version ANY is a SUPERSET");
	vg_cpe_set(&src, VG_CPE_VENDOR, "vigil-test-other-vendor");
	check(&match_tally, vg_cpe_compare(&src, &target, NULL) == VG_CPE_DISJOINT, name,
	      "another vendor is DISJOINT");
	src = target;
	vg_cpe_set_kind(&src, VG_CPE_VERSION, VG_CPE_NA);
	check(&match_tally, vg_cpe_compare_attr(&src, &target, VG_CPE_VERSION) == VG_CPE_DISJOINT &&
				    !vg_cpe_match(&src, &target),
	      name, "version NA against a value is DISJOINT");
}

static void walk_json(const json_t *v)
{
	const char *key;
	json_t *item;
	size_t i;

	if (json_is_string(v)) {
		const char *s = json_string_value(v);

		if (!strncmp(s, "cpe:2.3:", 8)) {
			fs_names++;
			check_name(&fs_tally, s);
			check_semantics(s);
		} else if (!strncmp(s, "cpe:/", 5)) {
			uri_names++;
			check_name(&uri_tally, s);
		}
	} else if (json_is_array(v)) {
		json_array_foreach((json_t *)v, i, item)
			walk_json(item);
	} else if (json_is_object(v)) {
		json_object_foreach((json_t *)v, key, item)
			walk_json(item);
	}
}

static int visit(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	size_t len = strlen(path);
	char *text;
	json_t *doc;

	(void)st;
	(void)ftw;
	if (flag != FTW_F || len < 5 || strcmp(path + len - 5, ".json"))
		return 0;
	text = vg_test_read_file(path, &len);
	if (strstr(text, "cpe:")) {
		if (vg_json_parse(text, len, path, &doc) == VG_OK) {
			files_read++;
			walk_json(doc);
			json_decref(doc);
		} else {
			files_unreadable++;
			fprintf(stderr, "SKIP %s\n", vg_error_message());
		}
	}
	free(text);
	return 0;
}

static void test_samples(void **state)
{
	char dir[4096];

	(void)state;
	snprintf(dir, sizeof(dir), "%s", vg_test_data("osv/osv.dev"));
	assert_int_equal(nftw(dir, visit, 16, FTW_PHYS), 0);
	snprintf(dir, sizeof(dir), "%s", vg_test_data("cve/vulnrichment"));
	assert_int_equal(nftw(dir, visit, 16, FTW_PHYS), 0);
	fprintf(stderr, "%zu JSON files with CPE names read (%zu not valid JSON): %zu formatted-string "
		"and %zu URI names\n", files_read, files_unreadable, fs_names, uri_names);
	vg_test_report("cpe-fs", fs_tally.passed, fs_tally.failed, fs_tally.skipped);
	vg_test_report("cpe-uri", uri_tally.passed, uri_tally.failed, uri_tally.skipped);
	vg_test_report("cpe-match", match_tally.passed, match_tally.failed, match_tally.skipped);
	assert_true(fs_tally.passed > 1000);
	assert_true(match_tally.passed > 100);
	assert_int_equal(fs_tally.failed + uri_tally.failed + match_tally.failed, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_samples),
	};

	vg_test_require_data("osv/osv.dev");
	vg_test_require_data("cve/vulnrichment");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
