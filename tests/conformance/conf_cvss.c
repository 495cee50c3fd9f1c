/*
 * conf_cvss.c - CVSS conformance over shared public data:
 *
 * 1. Every vector of the Red Hat cvss library's test files
 *    (cvss/redhat-cvss/tests/vectors_*), lines "VECTOR - (base, temporal,
 *    environmental)" for v2/v3 (None: the vector carries no such metrics) and
 *    "VECTOR - (score,)" or "VECTOR - score" for v4.0.  Reported per version.
 * 2. The CVSS v4.0 tables embedded in lib/cvss/cvss4_data.c against FIRST's
 *    tables (the JSON files in cvss/first-cvss-v4-tables), entry by entry.
 */
#include "cvss/cvss4_data.h"
#include "testutil.h"
#include "vigil/cvss.h"
#include "vigil/error.h"
#include "vigil/json.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { S_V2, S_V30, S_V31, S_V40, NSUITES };
static const char *const suite_names[NSUITES] = { "cvss/v2", "cvss/v3.0", "cvss/v3.1",
						  "cvss/v4.0" };

typedef struct tally {
	size_t passed, failed, skipped;
} tally;

static int suite_of(vg_cvss_version v)
{
	return v == VG_CVSS_V2 ? S_V2 : v == VG_CVSS_V3_0 ? S_V30 : v == VG_CVSS_V3_1 ? S_V31 : S_V40;
}

/* Does expected field `text` ("7.5", "-0.0", "None") match (have, value)? */
static int same(const char *text, int have, double value)
{
	if (!strcmp(text, "None"))
		return !have;
	return have && lround(strtod(text, NULL) * 10.0) == lround(value * 10.0);
}

/* Split "(a, b, c)", "(a,)" or "a" into at most 3 fields in place. */
static int split_expected(char *s, char *fields[3])
{
	int n = 0;
	char *tok;

	s += strspn(s, "( ");
	s[strcspn(s, ")")] = '\0';
	for (tok = strtok(s, ", "); tok && n < 3; tok = strtok(NULL, ", "))
		fields[n++] = tok;
	return n;
}

/* Check one line; returns 1 passed, 0 failed (and says why). */
static int check_line(char *line, int *suite)
{
	char *sep = strstr(line, " - "), *fields[3];
	vg_cvss c;
	vg_cvss_scores sc;
	int n, ok;

	*suite = S_V2;
	if (!sep) {
		printf("  malformed test line: %s\n", line);
		return 0;
	}
	*sep = '\0';
	n = split_expected(sep + 3, fields);
	if (vg_cvss_parse(&c, line, strlen(line)) != VG_OK) {
		printf("  %s: rejected: %s\n", line, vg_error_message());
		return 0;
	}
	*suite = suite_of(c.version);
	assert_int_equal(vg_cvss_score(&c, &sc), VG_OK);
	if (c.version == VG_CVSS_V4_0)
		ok = n == 1 && same(fields[0], 1, sc.score);
	else
		ok = n == 3 && same(fields[0], 1, sc.base) &&
		     same(fields[1], c.version == VG_CVSS_V2 ? sc.has_temporal : 1, sc.temporal) &&
		     same(fields[2], c.version == VG_CVSS_V2 ? sc.has_environmental : 1,
			  sc.environmental);
	if (!ok)
		printf("  %s: expected %s%s%s, got %.1f %.1f %.1f (score %.1f)\n", line, fields[0],
		       n > 1 ? " " : "", n > 1 ? fields[1] : "", sc.base, sc.temporal,
		       sc.environmental, sc.score);
	return ok;
}

static void run_file(const char *name, tally t[NSUITES])
{
	char rel[256], *data, *line, *save = NULL;
	size_t len;

	snprintf(rel, sizeof(rel), "cvss/redhat-cvss/tests/%s", name);
	data = vg_test_read_file(vg_test_data(rel), &len);
	for (line = strtok_r(data, "\r\n", &save); line; line = strtok_r(NULL, "\r\n", &save)) {
		int suite;

		if (!*line || *line == '#')
			continue;
		if (check_line(line, &suite))
			t[suite].passed++;
		else
			t[suite].failed++;
	}
	free(data);
}

static void test_redhat_vectors(void **state)
{
	static const char *const files[] = {
		"vectors_simple2",   "vectors_cvsslib2",      "vectors_calculator2",
		"vectors_simple3",   "vectors_simple31",      "vectors_cvsslib3",
		"vectors_calculator3", "vectors_simple4",     "vectors_security4",
		"vectors_threat4",   "vectors_supplemental4",
	};
	tally t[NSUITES];
	size_t i, failed = 0;

	(void)state;
	memset(t, 0, sizeof(t));
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		run_file(files[i], t);
	for (i = 0; i < NSUITES; i++) {
		vg_test_report(suite_names[i], t[i].passed, t[i].failed, t[i].skipped);
		assert_true(t[i].passed > 0);
		failed += t[i].failed;
	}
	assert_int_equal(failed, 0);
}

static json_t *load_table(const char *name)
{
	char rel[256];
	json_t *j = NULL;

	snprintf(rel, sizeof(rel), "cvss/first-cvss-v4-tables/%s", name);
	if (vg_json_load_file(vg_test_data(rel), 0, &j) != VG_OK)
		fail_msg("%s", vg_error_message());
	return j;
}

/* Compare a NULL-terminated C list with a JSON array of strings (or absent). */
static void check_list(const char *const *list, const json_t *arr, size_t *entries)
{
	size_t i, n = arr ? json_array_size(arr) : 0;

	for (i = 0; i < n; i++) {
		assert_non_null(list[i]);
		assert_string_equal(list[i], json_string_value(json_array_get(arr, i)));
		(*entries)++;
	}
	assert_null(list[n]);
}

static void check_level(json_t *obj, int level, int have, size_t *entries)
{
	char key[4];
	json_t *v;

	snprintf(key, sizeof(key), "%d", level);
	v = json_object_get(obj, key);
	if (have < 0) {
		assert_null(v);
		return;
	}
	assert_non_null(v);
	assert_int_equal(json_integer_value(v), have);
	(*entries)++;
}

static void test_v4_tables_match_first(void **state)
{
	json_t *lookup = load_table("cvss4_macrovector_lookup.json");
	json_t *comp = load_table("cvss4_max_composed.json");
	json_t *sev = load_table("cvss4_max_severity.json");
	size_t entries = 0, present = 0;
	int i, eq[6];
	char key[8];

	(void)state;
	/* Every macro vector: in the JSON exactly when in the C table, same score. */
	for (i = 0; i < CVSS4_MACRO_VECTORS; i++) {
		int r = i, d;
		json_t *v;

		for (d = 5; d >= 0; d--) {
			int radix = (d == 1 || d == 5) ? 2 : 3;

			eq[d] = r % radix;
			r /= radix;
		}
		assert_int_equal(cvss4_macro_index(eq), i);
		snprintf(key, sizeof(key), "%d%d%d%d%d%d", eq[0], eq[1], eq[2], eq[3], eq[4], eq[5]);
		v = json_object_get(lookup, key);
		if (cvss4_lookup[i] < 0) {
			assert_null(v);
			continue;
		}
		assert_non_null(v);
		assert_true(fabs(json_number_value(v) * 10.0 - cvss4_lookup[i]) < 1e-9);
		present++;
	}
	assert_int_equal(present, json_object_size(lookup));
	entries += present;

	for (i = 0; i < 3; i++) {
		snprintf(key, sizeof(key), "%d", i);
		check_list(cvss4_max_eq1[i], json_object_get(json_object_get(comp, "eq1"), key),
			   &entries);
		check_list(cvss4_max_eq4[i], json_object_get(json_object_get(comp, "eq4"), key),
			   &entries);
		check_list(cvss4_max_eq5[i], json_object_get(json_object_get(comp, "eq5"), key),
			   &entries);
		if (i < 2)
			check_list(cvss4_max_eq2[i],
				   json_object_get(json_object_get(comp, "eq2"), key), &entries);
		for (int e6 = 0; e6 < 2; e6++) {
			char k6[4];

			snprintf(k6, sizeof(k6), "%d", e6);
			check_list(cvss4_max_eq3eq6[i][e6],
				   json_object_get(json_object_get(json_object_get(comp, "eq3"),
								   key), k6),
				   &entries);
			check_level(json_object_get(json_object_get(sev, "eq3eq6"), key), e6,
				    cvss4_severity_eq3eq6[i][e6], &entries);
		}
		check_level(json_object_get(sev, "eq1"), i, cvss4_severity_eq1[i], &entries);
		check_level(json_object_get(sev, "eq4"), i, cvss4_severity_eq4[i], &entries);
		check_level(json_object_get(sev, "eq5"), i, cvss4_severity_eq5[i], &entries);
		if (i < 2)
			check_level(json_object_get(sev, "eq2"), i, cvss4_severity_eq2[i],
				    &entries);
	}
	assert_int_equal(json_object_size(json_object_get(comp, "eq2")), 2);
	assert_int_equal(json_object_size(json_object_get(sev, "eq2")), 2);
	vg_test_report("cvss/v4-tables", entries, 0, 0);
	json_decref(lookup);
	json_decref(comp);
	json_decref(sev);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_redhat_vectors),
		cmocka_unit_test(test_v4_tables_match_first),
	};

	vg_test_require_data("cvss/redhat-cvss/tests");
	vg_test_require_data("cvss/first-cvss-v4-tables");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
