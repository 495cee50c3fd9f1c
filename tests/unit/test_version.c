/*
 * test_version.c - the version module: scheme names, tricky orderings,
 * hostile input, OSV ranges, NVD bounds and vers: URIs.
 */
#include "testutil.h"
#include "vigil/error.h"
#include "vigil/json.h"
#include "vigil/range.h"
#include "vigil/version.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static int cmp(vg_version_scheme s, const char *a, const char *b)
{
	int c = 99;

	assert_int_equal(vg_version_compare(s, a, b, &c), VG_OK);
	return c;
}

static void test_scheme_names(void **state)
{
	static const struct {
		const char *name;
		vg_version_scheme s;
	} cases[] = {
		{ "Debian:12", VG_VERSION_DEBIAN }, { "deb", VG_VERSION_DEBIAN },
		{ "Ubuntu", VG_VERSION_DEBIAN },    { "AlmaLinux:9", VG_VERSION_RPM },
		{ "Rocky Linux", VG_VERSION_RPM },  { "redhat", VG_VERSION_RPM },
		{ "Alpine:v3.18", VG_VERSION_ALPINE }, { "apk", VG_VERSION_ALPINE },
		{ "PyPI", VG_VERSION_PYPI },        { "crates.io", VG_VERSION_SEMVER },
		{ "cargo", VG_VERSION_SEMVER },     { "golang", VG_VERSION_GO },
		{ "composer", VG_VERSION_PACKAGIST }, { "gem", VG_VERSION_RUBYGEMS },
		{ "GENERIC", VG_VERSION_GENERIC },  { "arch", VG_VERSION_ALPM },
		{ "Gentoo", VG_VERSION_GENTOO },    { "lexicographic", VG_VERSION_LEXICOGRAPHIC },
	};
	vg_version_scheme s;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(vg_version_scheme_parse(cases[i].name, &s), VG_OK);
		assert_int_equal(s, cases[i].s);
	}
	assert_int_equal(vg_version_scheme_parse("yocto", &s), VG_ENOTFOUND);
	assert_non_null(strstr(vg_error_message(), "known: generic"));
	assert_string_equal(vg_version_scheme_name(VG_VERSION_PYPI), "pypi");
}

static void test_tricky_orderings(void **state)
{
	(void)state;
	/* Debian: '~' before everything, epochs win, missing revision is 0 */
	assert_true(cmp(VG_VERSION_DEBIAN, "1.0~rc1", "1.0") < 0);
	assert_true(cmp(VG_VERSION_DEBIAN, "1.0~~", "1.0~") < 0);
	assert_true(cmp(VG_VERSION_DEBIAN, "1:0.1", "9.9") > 0);
	assert_int_equal(cmp(VG_VERSION_DEBIAN, "1.0", "0:1.0-0"), 0);
	assert_true(cmp(VG_VERSION_DEBIAN, "1.0a", "1.0+") < 0);
	/* RPM: '^' after the release, '~' before */
	assert_true(cmp(VG_VERSION_RPM, "1.0^git1", "1.0") > 0);
	assert_true(cmp(VG_VERSION_RPM, "1.0^git1", "1.0.1") < 0);
	assert_true(cmp(VG_VERSION_RPM, "2:1.0", "1:9.0") > 0);
	/* Alpine suffixes */
	assert_true(cmp(VG_VERSION_ALPINE, "1.2_rc1", "1.2") < 0);
	assert_true(cmp(VG_VERSION_ALPINE, "1.2_p1", "1.2") > 0);
	assert_true(cmp(VG_VERSION_ALPINE, "1.2-r1", "1.2-r10") < 0);
	/* SemVer and Go */
	assert_true(cmp(VG_VERSION_SEMVER, "1.0.0-rc.1", "1.0.0") < 0);
	assert_int_equal(cmp(VG_VERSION_SEMVER, "1.0.0+a", "1.0.0+b"), 0);
	assert_true(cmp(VG_VERSION_GO, "v0.0.0-20191109021931-daa7c04131f5", "v0.0.1") < 0);
	assert_int_equal(cmp(VG_VERSION_GO, "v2.0.0+incompatible", "2.0.0"), 0);
	/* PEP 440 */
	assert_true(cmp(VG_VERSION_PYPI, "1.0.dev1", "1.0a1") < 0);
	assert_true(cmp(VG_VERSION_PYPI, "1.0.post1", "1.0") > 0);
	assert_true(cmp(VG_VERSION_PYPI, "1!0.1", "2.0") > 0);
	assert_int_equal(cmp(VG_VERSION_PYPI, "1.0", "1.0.0"), 0);
	/* lenient SemVer/pub: missing numbers are 0, extra numbers count, junk is a pre-release */
	assert_int_equal(cmp(VG_VERSION_SEMVER, "1.0", "1.0.0"), 0);
	assert_true(cmp(VG_VERSION_SEMVER, "1.1.3.4.5", "1.1.3") > 0);
	assert_true(cmp(VG_VERSION_SEMVER, "1.2.3rc1", "1.2.3") < 0);
	assert_true(cmp(VG_VERSION_SEMVER, "1.2.x", "1.2.0") < 0);
	assert_int_equal(cmp(VG_VERSION_SEMVER, "1.2.3-", "1.2.3+b"), 0);
	assert_true(cmp(VG_VERSION_PUB, "2.0+1", "2.0") > 0);
	/* PyPI legacy versions: before all valid ones, ordered by the LegacyVersion key */
	assert_true(cmp(VG_VERSION_PYPI, "trunk", "0.0.0.dev0") < 0);
	assert_true(cmp(VG_VERSION_PYPI, "0.3m1", "0.3m2") < 0);
	assert_true(cmp(VG_VERSION_PYPI, "1.0-final", "1.0-fix") < 0);
	assert_int_equal(cmp(VG_VERSION_PYPI, "1.0.0-final", "1.0-final"), 0);
	assert_true(cmp(VG_VERSION_PYPI, "1.0m-pre1", "1.0m-1") < 0);  /* "-pre" drops the "-" */
	assert_true(cmp(VG_VERSION_PYPI, "1.0m-dev", "1.0m") < 0);     /* dev = "@" < "final" */
	assert_true(cmp(VG_VERSION_PYPI, "1.0m-0a", "1.0m-a") > 0);    /* zeros keep the "-" */
	assert_true(cmp(VG_VERSION_PYPI, "x123456789", "x99999999") < 0); /* 8-wide strings */
	assert_true(cmp(VG_VERSION_PYPI, "x-1", "x.1") < 0);
	assert_int_equal(cmp(VG_VERSION_PYPI, "X_RC.1", "x_c1"), 0);
	/* PEP 440 as `packaging` reads it: keywords backtrack, lone separators, spaces */
	assert_int_equal(cmp(VG_VERSION_PYPI, "1.0adev", "1.0a0.dev0"), 0);
	assert_int_equal(cmp(VG_VERSION_PYPI, " 1.0b_ ", "1.0b0"), 0);
	assert_int_equal(vg_version_check(VG_VERSION_PYPI, "1.0alphadev"), VG_OK);
	/* Gentoo (PMS): leading-zero numbers as strings, letter, suffixes, revision */
	assert_true(cmp(VG_VERSION_GENTOO, "1.01", "1.1") < 0);
	assert_true(cmp(VG_VERSION_GENTOO, "1.0b", "1.0.0") < 0);
	assert_true(cmp(VG_VERSION_GENTOO, "1.0_rc1", "1.0") < 0);
	assert_true(cmp(VG_VERSION_GENTOO, "1.0_p1", "1.0") > 0);
	assert_true(cmp(VG_VERSION_GENTOO, "1.0_pre1_p2", "1.0_pre1") > 0);
	assert_int_equal(cmp(VG_VERSION_GENTOO, "1.0-r0", "1.0"), 0);
	/* alpm: release only when both have one, separator runs, letters before the end */
	assert_int_equal(cmp(VG_VERSION_ALPM, "1.5-1", "1.5"), 0);
	assert_true(cmp(VG_VERSION_ALPM, "1:0.1", "2.0") > 0);
	assert_true(cmp(VG_VERSION_ALPM, "1.0rc", "1.0") < 0);
	assert_true(cmp(VG_VERSION_ALPM, "1.0..1", "1.0.1") > 0);
	/* Conan: trailing zero items, strings vs numbers, pre-release, build */
	assert_int_equal(cmp(VG_VERSION_CONAN, "1-pre1+b1", "1.0.0-pre1.0+b1.0"), 0);
	assert_true(cmp(VG_VERSION_CONAN, "1.1.", "1.1") > 0);
	assert_true(cmp(VG_VERSION_CONAN, "1.01", "1.0a") > 0); /* as "1", not "01" */
	assert_true(cmp(VG_VERSION_CONAN, "1.0-rc", "1.0") < 0);
	assert_true(cmp(VG_VERSION_CONAN, "1.0+1", "1.0") > 0);
	/* OpenSSL: letters after the release, z < za, pre-releases before */
	assert_true(cmp(VG_VERSION_OPENSSL, "1.1.1", "1.1.1a") < 0);
	assert_true(cmp(VG_VERSION_OPENSSL, "0.9.8z", "0.9.8za") < 0);
	assert_true(cmp(VG_VERSION_OPENSSL, "0.9.8zh", "1.0.0") < 0);
	assert_true(cmp(VG_VERSION_OPENSSL, "3.0.0-alpha17", "3.0.0-beta1") < 0);
	assert_true(cmp(VG_VERSION_OPENSSL, "3.0.0-beta2", "3.0.0") < 0);
	/* datetime: instants, fractions, leap days */
	assert_int_equal(cmp(VG_VERSION_DATETIME, "2024-01-01t00:00:00z",
			     "2023-12-31T19:00:00.000-05:00"), 0);
	assert_true(cmp(VG_VERSION_DATETIME, "2024-02-29T00:00:00Z", "2024-03-01T00:00:00Z") < 0);
	assert_true(cmp(VG_VERSION_DATETIME, "0000-12-31T23:59:59Z", "0001-01-01T00:00:00Z") < 0);
	assert_true(cmp(VG_VERSION_DATETIME, "1969-12-31T23:59:59.9Z", "1970-01-01T00:00:00Z") < 0);
	/* lexicographic: bytes */
	assert_true(cmp(VG_VERSION_LEXICOGRAPHIC, "Z", "a") < 0);
	assert_true(cmp(VG_VERSION_LEXICOGRAPHIC, "\x7f", "\xc3\xa9") < 0);
	/* Maven qualifiers */
	assert_true(cmp(VG_VERSION_MAVEN, "1.0-SNAPSHOT", "1.0") < 0);
	assert_true(cmp(VG_VERSION_MAVEN, "1.0-sp1", "1.0") > 0);
	assert_int_equal(cmp(VG_VERSION_MAVEN, "1.0.0.GA", "1"), 0);
	/* generic: OpenSSL letters, pre-releases, trailing zeros */
	assert_true(cmp(VG_VERSION_GENERIC, "1.1.1", "1.1.1a") < 0);
	assert_true(cmp(VG_VERSION_GENERIC, "1.1.1w", "1.1.2") < 0);
	assert_true(cmp(VG_VERSION_GENERIC, "1.1.1v", "1.1.1w") < 0);
	assert_true(cmp(VG_VERSION_GENERIC, "2.0rc1", "2.0") < 0);
	assert_int_equal(cmp(VG_VERSION_GENERIC, "v6.6", "6.6.0"), 0);
	assert_true(cmp(VG_VERSION_GENERIC, "6.6.64", "7.0") < 0);
}

static void test_invalid_versions(void **state)
{
	int c;

	(void)state;
	/* SemVer and PyPI compare leniently; vg_version_check() keeps the grammar */
	assert_int_equal(vg_version_check(VG_VERSION_SEMVER, "1.0"), VG_EPARSE);
	assert_non_null(strstr(vg_error_message(), "'1.0' is not a valid SemVer version"));
	assert_int_equal(vg_version_check(VG_VERSION_SEMVER, "01.0.0"), VG_EPARSE);
	assert_int_equal(vg_version_check(VG_VERSION_PUB, "1.1.3.4.5"), VG_EPARSE);
	assert_int_equal(vg_version_check(VG_VERSION_PYPI, "1.0-foo"), VG_EPARSE);
	assert_non_null(strstr(vg_error_message(), "not a valid PEP 440 version: unexpected '-'"));
	assert_int_equal(vg_version_compare(VG_VERSION_GO, "1.0", "1.0.0", &c), VG_EPARSE);
	assert_int_equal(vg_version_compare(VG_VERSION_NPM, "01.0.0", "1.0.0", &c), VG_EPARSE);
	assert_int_equal(vg_version_compare(VG_VERSION_SEMVER, "", "1.0.0", &c), VG_EPARSE);
	assert_int_equal(vg_version_compare(VG_VERSION_PYPI, "1.0", "", &c), VG_EPARSE);
	assert_int_equal(vg_version_compare(VG_VERSION_DEBIAN, "a:1.0", "1.0", &c), VG_EPARSE);
	assert_int_equal(vg_version_check(VG_VERSION_GENTOO, "1.0_foo"), VG_EPARSE);
	assert_non_null(strstr(vg_error_message(), "at byte 4"));
	assert_int_equal(vg_version_check(VG_VERSION_GENTOO, "1.0B"), VG_EPARSE);
	assert_int_equal(vg_version_check(VG_VERSION_GENTOO, "1.0-r"), VG_EPARSE);
	assert_int_equal(vg_version_check(VG_VERSION_OPENSSL, "1.1"), VG_EPARSE);
	assert_int_equal(vg_version_check(VG_VERSION_OPENSSL, "1.1.1-rc1"), VG_EPARSE);
	assert_int_equal(vg_version_check(VG_VERSION_DATETIME, "2023-02-29T00:00:00Z"), VG_EPARSE);
	assert_int_equal(vg_version_check(VG_VERSION_DATETIME, "2024-01-01T24:00:00Z"), VG_EPARSE);
	assert_int_equal(vg_version_check(VG_VERSION_DATETIME, "2024-01-01T00:00:00"), VG_EPARSE);
	assert_non_null(strstr(vg_error_message(), "at byte 19"));
	assert_int_equal(vg_version_check(VG_VERSION_DATETIME, "2024-01-01T00:00:00.Z"), VG_EPARSE);
	assert_int_equal(vg_version_check(VG_VERSION_DATETIME, "2024-01-01"), VG_EPARSE);
	assert_int_equal(vg_version_compare(VG_VERSION_NUGET, "1.2.3.4.5", "1", &c), VG_EPARSE);
	assert_int_equal(vg_version_compare(VG_VERSION_GENERIC, "", "1", &c), VG_EPARSE);
	assert_int_equal(vg_version_compare(VG_VERSION_RPM, "1", "", &c), VG_EPARSE);
	assert_int_equal(vg_version_compare(VG_VERSION_SCHEME_COUNT, "1", "1", &c), VG_EINVAL);
}

/* Every scheme, hostile strings: no crash, and compare(a,b) == -compare(b,a). */
static void test_hostile_input(void **state)
{
	size_t big = 1 << 20, i;
	char *huge = malloc(big + 1), *digits = malloc(1002), *digits2 = malloc(1002);
	const char *odd[] = { "\xff\xfe", "1.\xc3\x28", "-", ".", "~", "^", "1-", ":", "0:",
			      "1.0~", "_p", "#", "1..2", "+", "v", "1.0.0-", "1!", NULL, NULL };
	const char *vs_huge[] = { NULL, "1", "1.1", NULL };
	int s, j, k, c1, c2;

	(void)state;
	assert_non_null(huge);
	for (i = 0; i < big; i++)
		huge[i] = i % 2 ? '.' : '1';
	huge[big] = '\0';
	memset(digits, '9', 1001);
	digits[1001] = '\0';
	memcpy(digits2, digits, 1002);
	digits2[1000] = '8';
	odd[17] = digits;
	odd[18] = digits2;
	vs_huge[0] = vs_huge[3] = huge;
	for (s = 0; s < VG_VERSION_SCHEME_COUNT; s++) {
		/* a 1 MiB version: only a few comparisons, it is slow under ASan */
		for (j = 1; j < 4; j++) {
			int r1 = vg_version_compare(s, vs_huge[0], vs_huge[j], &c1);
			int r2 = vg_version_compare(s, vs_huge[j], vs_huge[0], &c2);

			assert_int_equal(r1 == VG_OK, r2 == VG_OK);
			if (r1 == VG_OK)
				assert_int_equal(c1, -c2);
		}
		for (j = 0; j < 19; j++)
			for (k = 0; k < 19; k++) {
				int r1 = vg_version_compare(s, odd[j], odd[k], &c1);
				int r2 = vg_version_compare(s, odd[k], odd[j], &c2);

				assert_int_equal(r1 == VG_OK, r2 == VG_OK);
				if (r1 == VG_OK)
					assert_int_equal(c1, -c2);
			}
	}
	/* digit strings beyond any integer type still order */
	assert_true(cmp(VG_VERSION_DEBIAN, digits2, digits) < 0);
	assert_true(cmp(VG_VERSION_MAVEN, digits2, digits) < 0);
	free(huge);
	free(digits);
	free(digits2);
}

static vg_osv_range *range(vg_osv_range_type t, vg_version_scheme s, const char *spec)
{
	/* spec: "i:1.0 f:2.0 l:3.0 L:4.0" */
	vg_osv_range *r = vg_osv_range_new(t, s);
	char *copy = strdup(spec), *tok, *save = NULL;

	for (tok = strtok_r(copy, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		vg_osv_event_kind k = tok[0] == 'i' ? VG_OSV_INTRODUCED :
				      tok[0] == 'f' ? VG_OSV_FIXED :
				      tok[0] == 'l' ? VG_OSV_LAST_AFFECTED : VG_OSV_LIMIT;

		assert_int_equal(vg_osv_range_add(r, k, tok + 2), VG_OK);
	}
	free(copy);
	assert_int_equal(vg_osv_range_sort(r), VG_OK);
	return r;
}

static bool in(const vg_osv_range *r, const char *v)
{
	bool inside;

	assert_int_equal(vg_osv_range_contains(r, v, &inside), VG_OK);
	return inside;
}

static void test_osv_ranges(void **state)
{
	vg_osv_range *r;

	(void)state;
	/* unsorted events, two introduced/fixed pairs */
	r = range(VG_OSV_RANGE_ECOSYSTEM, VG_VERSION_PYPI, "f:2.0 i:3.0 i:1.0 f:3.5");
	assert_false(in(r, "0.9"));
	assert_true(in(r, "1.0"));
	assert_true(in(r, "1.9"));
	assert_false(in(r, "2.0"));
	assert_false(in(r, "2.5"));
	assert_true(in(r, "3.0"));
	assert_false(in(r, "3.5"));
	vg_osv_range_free(r);
	/* last_affected includes its version, fixed excludes it */
	r = range(VG_OSV_RANGE_SEMVER, VG_VERSION_GENERIC, "i:0 l:1.2.3");
	assert_true(in(r, "0.0.1"));
	assert_true(in(r, "1.2.3"));
	assert_false(in(r, "1.2.4"));
	vg_osv_range_free(r);
	/* limit caps an open range */
	r = range(VG_OSV_RANGE_ECOSYSTEM, VG_VERSION_DEBIAN, "i:0 L:2.0");
	assert_true(in(r, "1:0.1") == false);
	assert_true(in(r, "1.9"));
	assert_false(in(r, "2.0"));
	vg_osv_range_free(r);
	/* '~' in Debian: the fix 1.2-1 does not cover the earlier 1.2-1~deb7u1 */
	r = range(VG_OSV_RANGE_ECOSYSTEM, VG_VERSION_DEBIAN, "i:0 f:1.2-1");
	assert_true(in(r, "1.2-1~deb7u1"));
	assert_false(in(r, "1.2-1+deb8u1"));
	vg_osv_range_free(r);
}

static void test_osv_range_json(void **state)
{
	static const char good[] =
		"{\"type\":\"ECOSYSTEM\",\"events\":[{\"fixed\":\"1.5\"},{\"introduced\":\"1.0\"}]}";
	static const char *const bad[][2] = {
		{ "{\"type\":\"ECOSYSTEM\",\"events\":[{\"fixed\":\"1.5\"}]}", "no 'introduced'" },
		{ "{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":1}]}", "events[0].introduced" },
		{ "{\"type\":\"WEIRD\",\"events\":[]}", "$.affected[0].ranges[1].type" },
		{ "{\"type\":\"GIT\",\"events\":[{\"introduced\":\"0\"}]}", ".repo" },
		{ "{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\",\"fixed\":\"1\"}]}",
		  "both" },
		{ "{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"x y\"}]}",
		  "events[0].introduced: 'x y' is not a valid PEP 440" },
	};
	const char *path = "$.affected[0].ranges[1]";
	vg_osv_range *r;
	json_t *j;
	size_t i;

	(void)state;
	assert_int_equal(vg_json_parse(good, sizeof(good) - 1, "t", &j), VG_OK);
	assert_int_equal(vg_osv_range_from_json(j, path, VG_VERSION_PYPI, &r), VG_OK);
	assert_true(in(r, "1.2"));
	assert_false(in(r, "1.5"));
	vg_osv_range_free(r);
	json_decref(j);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(vg_json_parse(bad[i][0], strlen(bad[i][0]), "t", &j), VG_OK);
		assert_int_equal(vg_osv_range_from_json(j, path, VG_VERSION_PYPI, &r), VG_EPARSE);
		assert_null(r);
		if (!strstr(vg_error_message(), bad[i][1]))
			fail_msg("%s: message '%s' lacks '%s'", bad[i][0], vg_error_message(),
				 bad[i][1]);
		json_decref(j);
	}
}

static void test_nvd_bounds(void **state)
{
	vg_nvd_bounds b = { "*", "1.0", NULL, NULL, "1.1.1x" };
	vg_nvd_bounds exact = { "1.1.1w", NULL, NULL, NULL, NULL };
	vg_nvd_bounds na = { "-", NULL, NULL, NULL, NULL };
	vg_nvd_bounds excl = { NULL, NULL, "1.0", "2.0", NULL };
	bool inside;

	(void)state;
	assert_int_equal(vg_nvd_bounds_contains(VG_VERSION_GENERIC, &b, "1.1.1w", &inside), VG_OK);
	assert_true(inside);
	assert_int_equal(vg_nvd_bounds_contains(VG_VERSION_GENERIC, &b, "1.1.1x", &inside), VG_OK);
	assert_false(inside);
	assert_int_equal(vg_nvd_bounds_contains(VG_VERSION_GENERIC, &b, "0.9.8", &inside), VG_OK);
	assert_false(inside);
	assert_int_equal(vg_nvd_bounds_contains(VG_VERSION_GENERIC, &exact, "1.1.1W", &inside),
			 VG_OK);
	assert_true(inside);
	assert_int_equal(vg_nvd_bounds_contains(VG_VERSION_GENERIC, &na, "1.0", &inside), VG_OK);
	assert_false(inside);
	assert_int_equal(vg_nvd_bounds_contains(VG_VERSION_GO, &excl, "1.0.0", &inside),
			 VG_EPARSE);
	assert_int_equal(vg_nvd_bounds_contains(VG_VERSION_GENERIC, &excl, "1.0", &inside), VG_OK);
	assert_false(inside);
	assert_int_equal(vg_nvd_bounds_contains(VG_VERSION_GENERIC, &excl, "2.0", &inside), VG_OK);
	assert_true(inside);
}

static void test_vers(void **state)
{
	vg_vers *v;
	char *text;
	bool inside;

	(void)state;
	assert_int_equal(vg_vers_parse("vers:deb/ <1.2-3 | >=1.0 ", 0, &v), VG_OK);
	text = vg_vers_format(v);
	assert_string_equal(text, "vers:deb/>=1.0|<1.2-3");
	free(text);
	assert_int_equal(vg_vers_contains(v, "1.2-3~rc1", &inside), VG_OK);
	assert_true(inside);
	assert_int_equal(vg_vers_contains(v, "1.2-3", &inside), VG_OK);
	assert_false(inside);
	vg_vers_free(v);
	/* "!=" wins over a range even when it sorts after an equal bound */
	assert_int_equal(vg_vers_parse("vers:pypi/<=1.5|!=1.5", 0, &v), VG_OK);
	assert_int_equal(vg_vers_contains(v, "1.5", &inside), VG_OK);
	assert_false(inside);
	vg_vers_free(v);
	/* canonical mode rejects what lenient mode repairs */
	assert_int_equal(vg_vers_parse("vers:npm/>=2.0.0|<1.0.0", VG_VERS_CANONICAL, &v), VG_EPARSE);
	assert_int_equal(vg_vers_parse("vers:npm/=1.0.0", VG_VERS_CANONICAL, &v), VG_EPARSE);
	assert_int_equal(vg_vers_parse("vers:npm/*|1.0.0", 0, &v), VG_EPARSE);
	assert_int_equal(vg_vers_parse("vers:npm/", 0, &v), VG_EPARSE);
	assert_int_equal(vg_vers_parse("npm/1.0.0", 0, &v), VG_EPARSE);
	assert_int_equal(vg_vers_parse("vers:npm/1.0%", 0, &v), VG_EPARSE);
	assert_int_equal(vg_vers_parse("vers:npm/1.0%00", 0, &v), VG_EPARSE);
	assert_int_equal(vg_vers_parse("vers:npm/1.x|2.0.0", 0, &v), VG_EPARSE);
	/* canonical datetime: upper-case T and Z, colons not encoded */
	assert_int_equal(vg_vers_parse("vers:datetime/>=2024-01-01t00:00:00Z", VG_VERS_CANONICAL, &v),
			 VG_EPARSE);
	assert_int_equal(vg_vers_parse("vers:datetime/2024-01-01T00%3A00:00Z", VG_VERS_CANONICAL, &v),
			 VG_EPARSE);
	assert_non_null(strstr(vg_error_message(), "colons must be unencoded"));
	assert_int_equal(vg_vers_parse("vers:datetime/>=2024-01-01T00:00:00Z|<2024-01-02T00:00:00+01:00",
				       VG_VERS_CANONICAL, &v), VG_OK);
	assert_int_equal(vg_vers_contains(v, "2024-01-01T23:30:00Z", &inside), VG_OK);
	assert_false(inside);
	assert_int_equal(vg_vers_contains(v, "2024-01-02T00:30:00+02:00", &inside), VG_OK);
	assert_true(inside);
	vg_vers_free(v);
	/* percent-encoding round trip */
	assert_int_equal(vg_vers_parse("vers:generic/1.0%7C2", 0, &v), VG_OK);
	assert_string_equal(v->constraints[0].version, "1.0|2");
	text = vg_vers_format(v);
	assert_string_equal(text, "vers:generic/1.0%7C2");
	free(text);
	vg_vers_free(v);
	/* unknown schemes parse but cannot be evaluated */
	assert_int_equal(vg_vers_parse("vers:nginx/>=1.0", 0, &v), VG_OK);
	assert_int_equal(vg_vers_contains(v, "1.0", &inside), VG_EUNSUPPORTED);
	vg_vers_free(v);
}

/* Not an assertion on speed (machines differ); prints the cost for the report. */
static void test_compare_cost(void **state)
{
	static const struct {
		vg_version_scheme s;
		const char *a, *b;
	} pairs[] = {
		{ VG_VERSION_DEBIAN, "1:2.30-1+deb12u2", "1:2.30-1+deb12u10" },
		{ VG_VERSION_RPM, "0:3.10.0-229.1.2.el7", "0:3.10.0-229.4.2.el7" },
		{ VG_VERSION_SEMVER, "1.2.3-beta.11", "1.2.3-beta.2" },
		{ VG_VERSION_PYPI, "2.31.0rc1", "2.31.0.post1" },
		{ VG_VERSION_MAVEN, "5.3.18.RELEASE", "5.3.18-SNAPSHOT" },
		{ VG_VERSION_GENERIC, "1.1.1w", "3.0.13" },
		{ VG_VERSION_PYPI, "0.3m1-final", "0.3m2" },
		{ VG_VERSION_GENTOO, "1.2.3_rc1-r1", "1.2.3_p1" },
		{ VG_VERSION_ALPM, "1:2.30.1-1", "1:2.30.1-2" },
		{ VG_VERSION_CONAN, "1.2.3-pre.1+b1", "1.2.3" },
		{ VG_VERSION_DATETIME, "2024-01-01T00:00:00.5Z", "2023-12-31T19:00:00-05:00" },
	};
	const int rounds = 200000;
	size_t p;

	(void)state;
	for (p = 0; p < sizeof(pairs) / sizeof(pairs[0]); p++) {
		struct timespec t0, t1;
		int i, c, sum = 0;

		clock_gettime(CLOCK_MONOTONIC, &t0);
		for (i = 0; i < rounds; i++) {
			assert_int_equal(vg_version_compare(pairs[p].s, pairs[p].a, pairs[p].b, &c),
					 VG_OK);
			sum += c;
		}
		clock_gettime(CLOCK_MONOTONIC, &t1);
		printf("compare %-8s %6.1f ns (sum %d)\n", vg_version_scheme_name(pairs[p].s),
		       ((t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec)) / rounds, sum);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scheme_names),     cmocka_unit_test(test_tricky_orderings),
		cmocka_unit_test(test_invalid_versions), cmocka_unit_test(test_hostile_input),
		cmocka_unit_test(test_osv_ranges),       cmocka_unit_test(test_osv_range_json),
		cmocka_unit_test(test_nvd_bounds),       cmocka_unit_test(test_vers),
		cmocka_unit_test(test_compare_cost),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
