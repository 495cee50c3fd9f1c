/*
 * conf_vers.c - the vers-spec test suite (../shared/testdata/versions/
 * vers-spec/tests/, every .json file): version comparison and equality, range
 * containment, canonical parsing and validation.  Tests for a scheme we do
 * not order and the from_native tests (native range syntaxes are not
 * implemented) are counted as skipped, with the reason printed once per file.
 */
#include "testutil.h"
#include "vigil/error.h"
#include "vigil/json.h"
#include "vigil/range.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SUITE_DIR "versions/vers-spec/tests"

typedef struct counts {
	size_t passed, failed, skipped;
	const char *skip_reason;
} counts;

static void count_fail(counts *c, const char *file, size_t i, const char *what)
{
	if (c->failed++ < 20)
		fprintf(stderr, "%s: tests[%zu]: FAIL %s (%s)\n", file, i, what,
			vg_error_message());
}

static void count_skip(counts *c, const char *reason)
{
	c->skipped++;
	c->skip_reason = reason;
}

/* Equality of two versions, or the sorted order of two or more. */
static void run_cmp(const json_t *t, const char *file, size_t i, bool equality, counts *c)
{
	const json_t *in = json_object_get(t, "input");
	const char *name = json_string_value(json_object_get(in, "input_scheme"));
	const json_t *vs = json_object_get(in, "versions"), *want = json_object_get(t, "expected_output");
	const char *sorted[8];
	size_t n = json_array_size(vs), k, j;
	vg_version_scheme s;
	int cmp;

	if (!name || n < 2 || n > 8 || (!equality && json_array_size(want) != n)) {
		count_fail(c, file, i, "malformed test");
		return;
	}
	for (k = 0; k < n; k++)
		if (!(sorted[k] = json_string_value(json_array_get(vs, k)))) {
			count_fail(c, file, i, "malformed test");
			return;
		}
	if (vg_version_scheme_parse(name, &s) != VG_OK) {
		count_skip(c, "scheme not implemented");
		return;
	}
	if (equality) {
		if (vg_version_compare(s, sorted[0], sorted[1], &cmp) != VG_OK)
			count_fail(c, file, i, sorted[0]);
		else if ((cmp == 0) == json_is_true(want))
			c->passed++;
		else
			count_fail(c, file, i, sorted[0]);
		return;
	}
	/* insertion sort, then each position must be equal to the expected one
	 * (compared in the scheme: expected versions may be normalised, "BETA" -> "beta") */
	for (k = 1; k < n; k++) {
		const char *key = sorted[k];

		for (j = k; j > 0; j--) {
			if (vg_version_compare(s, sorted[j - 1], key, &cmp) != VG_OK) {
				count_fail(c, file, i, key);
				return;
			}
			if (cmp <= 0)
				break;
			sorted[j] = sorted[j - 1];
		}
		sorted[j] = key;
	}
	for (k = 0; k < n; k++) {
		const char *w = json_string_value(json_array_get(want, k));

		if (!w || vg_version_compare(s, w, sorted[k], &cmp) != VG_OK || cmp != 0) {
			count_fail(c, file, i, sorted[k]);
			return;
		}
	}
	c->passed++;
}

static void run_contains(const json_t *t, const char *file, size_t i, counts *c)
{
	const json_t *in = json_object_get(t, "input");
	vg_vers *v;
	bool inside;

	if (vg_vers_parse(json_string_value(json_object_get(in, "vers")), 0, &v) != VG_OK) {
		count_fail(c, file, i, "parse");
		return;
	}
	if (vg_vers_contains(v, json_string_value(json_object_get(in, "version")), &inside) !=
	    VG_OK)
		count_fail(c, file, i, "contains");
	else if (inside == json_is_true(json_object_get(t, "expected_output")))
		c->passed++;
	else
		count_fail(c, file, i, "wrong containment");
	vg_vers_free(v);
}

static bool same_constraints(const vg_vers *v, const json_t *want)
{
	const json_t *list = json_object_get(want, "version_constraints");
	static const char *const ops[] = { "=", "!=", "<", "<=", ">", ">=", "*" };
	size_t k;

	if (strcmp(v->scheme_name, json_string_value(json_object_get(want, "scheme"))) ||
	    json_array_size(list) != v->count)
		return false;
	for (k = 0; k < v->count; k++) {
		const json_t *pair = json_array_get(list, k);
		const char *ver = json_string_value(json_array_get(pair, 1));

		if (strcmp(ops[v->constraints[k].op], json_string_value(json_array_get(pair, 0))) ||
		    !v->constraints[k].version || !ver || strcmp(v->constraints[k].version, ver))
			return false;
	}
	return true;
}

/* parse (canonical) and validate (lenient, compared through the canonical text). */
static void run_parse(const json_t *t, const char *file, size_t i, bool validate, counts *c)
{
	const char *input = json_string_value(json_object_get(t, "input"));
	const json_t *want = json_object_get(t, "expected_output");
	bool must_fail = json_is_true(json_object_get(t, "expected_failure"));
	vg_vers *v = NULL;
	int rc = vg_vers_parse(input, validate ? 0 : VG_VERS_CANONICAL, &v);

	if (rc == VG_OK && !v->known) {
		count_skip(c, "scheme not implemented");
	} else if (must_fail) {
		if (rc != VG_OK)
			c->passed++;
		else
			count_fail(c, file, i, "accepted invalid vers");
	} else if (rc != VG_OK) {
		count_fail(c, file, i, input);
	} else if (validate) {
		char *text = vg_vers_format(v);

		if (text && !strcmp(text, json_string_value(want)))
			c->passed++;
		else
			count_fail(c, file, i, text ? text : "format");
		free(text);
	} else if (same_constraints(v, want)) {
		c->passed++;
	} else {
		count_fail(c, file, i, "wrong constraints");
	}
	vg_vers_free(v);
}

static void run_file(const char *name, counts *total)
{
	char rel[512];
	json_t *doc, *tests;
	counts c = { 0, 0, 0, NULL };
	size_t i;

	snprintf(rel, sizeof(rel), SUITE_DIR "/%s", name);
	assert_int_equal(vg_json_load_file(vg_test_data(rel), 0, &doc), VG_OK);
	tests = json_object_get(doc, "tests");
	for (i = 0; i < json_array_size(tests); i++) {
		const json_t *t = json_array_get(tests, i);
		const char *type = json_string_value(json_object_get(t, "test_type"));

		if (!type)
			count_fail(&c, name, i, "no test_type");
		else if (!strcmp(type, "comparison") || !strcmp(type, "equality"))
			run_cmp(t, name, i, !strcmp(type, "equality"), &c);
		else if (!strcmp(type, "containment"))
			run_contains(t, name, i, &c);
		else if (!strcmp(type, "parse") || !strcmp(type, "validate"))
			run_parse(t, name, i, !strcmp(type, "validate"), &c);
		else
			count_skip(&c, !strcmp(type, "from_native") ? "native range syntax not implemented"
							      : "unknown test type");
	}
	if (c.skip_reason)
		fprintf(stderr, "%s: %zu skipped: %s\n", name, c.skipped, c.skip_reason);
	total->passed += c.passed;
	total->failed += c.failed;
	total->skipped += c.skipped;
	json_decref(doc);
}

static void test_vers_spec(void **state)
{
	counts total = { 0, 0, 0, NULL };
	struct dirent *e;
	DIR *d;

	(void)state;
	d = opendir(vg_test_data(SUITE_DIR));
	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		if (strstr(e->d_name, ".json"))
			run_file(e->d_name, &total);
	closedir(d);
	vg_test_report("vers-spec", total.passed, total.failed, total.skipped);
	assert_true(total.passed > 0);
	assert_int_equal(total.failed, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vers_spec),
	};

	vg_test_require_data(SUITE_DIR);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
