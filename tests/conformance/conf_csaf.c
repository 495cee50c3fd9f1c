/*
 * conf_csaf.c - the CSAF 2.0 reader over public documents:
 *
 * 1. csaf/examples: every document under csaf_2.0/examples (advisories and
 *    csaf_vex) and the Red Hat advisories of the OSV tools and go-vex parse;
 *    the totals of products (branches + full_product_names + relationships)
 *    and vulnerabilities equal python3's over the same files.
 * 2. csaf/validator-valid: every document the OASIS validator test cases
 *    (csaf_2.0/test/validator/data/testcases.json) mark "valid": true parses.
 *    This reader is no full validator, so the invalid ones are not counted,
 *    except
 * 3. csaf/validator-reject: the invalid cases of the mandatory tests the
 *    reader does make (6.1.1 missing product id definition, 6.1.2 multiple
 *    definition, 6.1.4 missing group id definition, 6.1.5 multiple group
 *    definition) must be rejected.
 * A failure prints the file and the reason.
 */
#include "testutil.h"
#include "vigil/csaf.h"
#include "vigil/error.h"
#include "vigil/json.h"
#include "vigil/str.h"

#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#define EXAMPLES "csaf/oasis-csaf/csaf_2.0/examples/csaf"
#define VALIDATOR "csaf/oasis-csaf/csaf_2.0/test/validator/data"
#define REDHAT "osv/osv-schema/tools/redhat/testdata/CSAF"
#define GOVEX_RHSA "vex/openvex/go-vex/pkg/csaf/testdata/rhsa-2020_1358.json"

static void collect(const char *dir, vg_strlist *out)
{
	char path[4096];
	struct dirent *e;
	struct stat st;
	DIR *d = opendir(dir);

	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (stat(path, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode))
			collect(path, out);
		else if (vg_str_ends_with(e->d_name, ".json"))
			assert_int_equal(vg_strlist_add(out, path), VG_OK);
	}
	closedir(d);
}

/* Files, products, vulnerabilities of the documents named on the command line
 * (a colon-separated list of files and directories). */
static const char totals_py[] =
	"import json,glob,os,sys\n"
	"fs=[]\n"
	"for a in sys.argv[1].split(\":\"):\n"
	"  fs+=glob.glob(a+\"/**/*.json\",recursive=True) if os.path.isdir(a) else [a]\n"
	"def walk(bs):\n"
	"  return sum((1 if \"product\" in b else 0)+walk(b.get(\"branches\",[])) for b in bs)\n"
	"p=v=0\n"
	"for f in fs:\n"
	"  d=json.load(open(f)); t=d.get(\"product_tree\",{})\n"
	"  p+=walk(t.get(\"branches\",[]))+len(t.get(\"full_product_names\",[]))"
	"+len(t.get(\"relationships\",[]))\n"
	"  v+=len(d.get(\"vulnerabilities\",[]))\n"
	"print(len(fs),p,v)\n";

static void test_examples(void **state)
{
	vg_strlist files = VG_STRLIST_INIT;
	size_t passed = 0, failed = 0, products = 0, vulns = 0, expect[3];
	char dirs[8192];

	(void)state;
	vg_test_require_data(EXAMPLES);
	vg_test_require_data(REDHAT);
	vg_test_require_data(GOVEX_RHSA);
	collect(vg_test_data(EXAMPLES), &files);
	collect(vg_test_data(REDHAT), &files);
	assert_int_equal(vg_strlist_add(&files, vg_test_data(GOVEX_RHSA)), VG_OK);
	snprintf(dirs, sizeof(dirs), "%s:", vg_test_data(EXAMPLES));
	snprintf(dirs + strlen(dirs), sizeof(dirs) - strlen(dirs), "%s:", vg_test_data(REDHAT));
	snprintf(dirs + strlen(dirs), sizeof(dirs) - strlen(dirs), "%s", vg_test_data(GOVEX_RHSA));
	vg_test_python_counts(totals_py, dirs, expect, 3);

	for (size_t i = 0; i < files.count; i++) {
		vg_csaf_doc *doc;

		if (vg_csaf_load_file(files.items[i], &doc) != VG_OK) {
			printf("  FAIL %s\n", vg_error_message());
			failed++;
			continue;
		}
		products += doc->nproducts;
		vulns += doc->nvulns;
		vg_csaf_free(doc);
		passed++;
	}
	vg_test_report("csaf/examples", passed, failed, 0);
	assert_int_equal(files.count, expect[0]);
	assert_int_equal(failed, 0);
	assert_int_equal(products, expect[1]);
	assert_int_equal(vulns, expect[2]);
	vg_strlist_free(&files);
}

static bool checked_test(const char *id)
{
	static const char *const ids[] = { "6.1.1", "6.1.2", "6.1.4", "6.1.5" };

	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		if (strcmp(id, ids[i]) == 0)
			return true;
	}
	return false;
}

typedef struct tally {
	size_t passed, failed;
} tally;

/* One test-case document: it must parse when `valid`, and be rejected when
 * it fails a test this reader makes. */
static void check_case(const json_t *c, const char *test_id, tally *valid, tally *reject)
{
	const char *name = json_string_value(json_object_get(c, "name"));
	bool is_valid = json_is_true(json_object_get(c, "valid"));
	char rel[1024];
	vg_csaf_doc *doc;
	int rc;

	assert_non_null(name);
	snprintf(rel, sizeof(rel), VALIDATOR "/%s", name);
	if (!is_valid && !checked_test(test_id))
		return;
	rc = vg_csaf_load_file(vg_test_data(rel), &doc);
	vg_csaf_free(doc);
	if (is_valid) {
		valid->passed += rc == VG_OK;
		valid->failed += rc != VG_OK;
		if (rc)
			printf("  FAIL (valid, test %s) %s\n", test_id, vg_error_message());
	} else {
		reject->passed += rc != VG_OK;
		reject->failed += rc == VG_OK;
		if (!rc)
			printf("  FAIL (test %s) %s: accepted an invalid document\n", test_id, name);
	}
}

static void test_validator_cases(void **state)
{
	tally valid = { 0, 0 }, reject = { 0, 0 };
	json_t *root, *tests, *t;
	size_t i;

	(void)state;
	vg_test_require_data(VALIDATOR "/testcases.json");
	assert_int_equal(vg_json_load_file(vg_test_data(VALIDATOR "/testcases.json"), 0, &root),
			 VG_OK);
	tests = json_object_get(root, "tests");
	assert_true(json_is_array(tests));
	json_array_foreach(tests, i, t) {
		const char *id = json_string_value(json_object_get(t, "id"));
		const char *lists[] = { "valid", "failures" };

		assert_non_null(id);
		for (size_t l = 0; l < 2; l++) {
			json_t *c;
			size_t k;

			json_array_foreach(json_object_get(t, lists[l]), k, c)
				check_case(c, id, &valid, &reject);
		}
	}
	json_decref(root);
	vg_test_report("csaf/validator-valid", valid.passed, valid.failed, 0);
	vg_test_report("csaf/validator-reject", reject.passed, reject.failed, 0);
	assert_true(valid.passed > 100);
	assert_true(reject.passed > 0);
	assert_int_equal(valid.failed, 0);
	assert_int_equal(reject.failed, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_examples),
		cmocka_unit_test(test_validator_cases),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
