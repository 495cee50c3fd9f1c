/*
 * test_cvss.c - the CVSS module: scores of known vectors, normal form, and
 * hostile input (every rejection names the place and the fault).
 */
#include "testutil.h"
#include "vigil/cvss.h"
#include "vigil/error.h"

#include <stdlib.h>
#include <string.h>

#define V31_CRIT "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"
#define V40_BASE "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H"

static int parse(const char *s, vg_cvss *c)
{
	return vg_cvss_parse(c, s, strlen(s));
}

static vg_cvss_scores score_of(const char *s)
{
	vg_cvss c;
	vg_cvss_scores sc;

	assert_int_equal(parse(s, &c), VG_OK);
	assert_int_equal(vg_cvss_score(&c, &sc), VG_OK);
	return sc;
}

/* Parsing s fails with `code` and a message containing `needle`. */
static void rejects(const char *s, size_t len, int code, const char *needle)
{
	vg_cvss c;

	memset(&c, 0x5a, sizeof(c));
	vg_error_clear();
	assert_int_equal(vg_cvss_parse(&c, s, len), code);
	if (!strstr(vg_error_message(), needle))
		fail_msg("'%s': message '%s' lacks '%s'", s, vg_error_message(), needle);
	/* Failure leaves the output untouched. */
	assert_int_equal(((unsigned char *)&c)[sizeof(c) - 1], 0x5a);
}

static void rejects_str(const char *s, int code, const char *needle)
{
	rejects(s, strlen(s), code, needle);
}

static void test_known_scores(void **state)
{
	vg_cvss_scores sc;

	(void)state;
	sc = score_of(V31_CRIT);
	assert_true(sc.base == 9.8 && sc.score == 9.8);
	assert_int_equal(sc.severity, VG_CVSS_SEV_CRITICAL);
	assert_false(sc.has_temporal || sc.has_environmental);
	assert_string_equal(sc.nomenclature, "CVSS");

	sc = score_of("(AV:N/AC:L/Au:N/C:C/I:C/A:C)");
	assert_true(sc.base == 10.0);
	assert_int_equal(sc.severity, VG_CVSS_SEV_HIGH);

	/* v2 temporal present: the headline score is the temporal one. */
	sc = score_of("AV:N/AC:L/Au:S/C:C/I:C/A:C/E:U/RL:U/RC:C");
	assert_true(sc.base == 9.0 && sc.temporal == 7.7 && sc.score == 7.7);
	assert_true(sc.has_temporal && !sc.has_environmental);

	/* v4: CVSS-B ignores the threat metric, the BT score does not. */
	sc = score_of(V40_BASE "/E:U");
	assert_true(sc.base == 10.0);
	assert_true(sc.score < sc.base);
	assert_string_equal(sc.nomenclature, "CVSS-BT");
	sc = score_of(V40_BASE "/CR:L/S:P/U:Red");
	assert_string_equal(sc.nomenclature, "CVSS-BE");
	sc = score_of("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N");
	assert_true(sc.score == 0.0);
	assert_int_equal(sc.severity, VG_CVSS_SEV_NONE);
}

/* v4 threat and modified-metric scores published with the OASIS CSAF 2.1
 * validator tests (csaf_2.1/test/validator/data/mandatory, 6.1.8 examples),
 * an independent check of the environmental path the Red Hat files lack. */
static void test_v4_environmental_reference(void **state)
{
	vg_cvss_scores sc;

	(void)state;
	sc = score_of("CVSS:4.0/AV:L/AC:L/AT:P/PR:H/UI:A/VC:H/VI:H/VA:H/SC:L/SI:L/SA:L");
	assert_true(sc.score == 5.4);
	sc = score_of(V40_BASE "/E:P");
	assert_true(sc.base == 10.0 && sc.score == 9.3);
	sc = score_of(V40_BASE "/E:P/MAV:A/MPR:L/MUI:P/MVI:N/MVA:N");
	assert_true(sc.base == 10.0 && sc.score == 5.4);
	assert_string_equal(sc.nomenclature, "CVSS-BTE");
	/* Every impact modified to None: no impact, score 0 whatever the base says. */
	sc = score_of("CVSS:4.0/AV:L/AC:L/AT:P/PR:H/UI:P/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/"
		      "MVC:N/MVI:N/MVA:N/MSC:N/MSI:N/MSA:N");
	assert_true(sc.base > 0.0 && sc.score == 0.0);
}

static void test_format_normalises(void **state)
{
	vg_cvss c;
	char *s;

	(void)state;
	assert_int_equal(parse("CVSS:3.0/S:U/AV:N/AC:L/PR:H/UI:N/C:L/I:L/A:N/RL:X/E:F", &c), VG_OK);
	s = vg_cvss_format(&c);
	assert_string_equal(s, "CVSS:3.0/AV:N/AC:L/PR:H/UI:N/S:U/C:L/I:L/A:N/E:F/RL:X");
	free(s);
	assert_string_equal(vg_cvss_get(&c, "E"), "F");
	assert_null(vg_cvss_get(&c, "RC"));
	assert_null(vg_cvss_get(&c, "ZZ"));
	assert_string_equal(vg_cvss_version_name(c.version), "3.0");

	assert_int_equal(parse("(AV:N/AC:L/Au:N/C:P/I:P/A:P/CDP:H)", &c), VG_OK);
	s = vg_cvss_format(&c);
	assert_string_equal(s, "AV:N/AC:L/Au:N/C:P/I:P/A:P/CDP:H");
	free(s);

	assert_int_equal(parse(V40_BASE "/U:Amber/MSI:S", &c), VG_OK);
	s = vg_cvss_format(&c);
	assert_string_equal(s, V40_BASE "/MSI:S/U:Amber");
	free(s);
}

static void test_rejects_malformed(void **state)
{
	(void)state;
	rejects("", 0, VG_EPARSE, "empty vector");
	rejects_str("CVSS:3.1/", VG_EPARSE, "byte offset 9: empty component");
	rejects_str(V31_CRIT "/", VG_EPARSE, "byte offset 45: empty component");
	rejects_str("CVSS:3.1/AV:N//AC:L", VG_EPARSE, "byte offset 14: empty component");
	rejects_str(V31_CRIT "/AV:L", VG_EPARSE,
		"byte offset 45: metric AV given twice");
	rejects_str(V31_CRIT "/XX:Y", VG_EPARSE,
		"byte offset 45: unknown metric 'XX' for CVSS 3.1");
	rejects_str("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H", VG_EPARSE,
		"missing mandatory metric A");
	rejects_str("CVSS:3.1/AV:Q/AC:L", VG_EPARSE,
		"byte offset 12: metric AV: unknown value 'Q' (expected N, A, L, P)");
	rejects_str("cvss:3.1/av:n/ac:l/pr:n/ui:n/s:u/c:h/i:h/a:h", VG_EPARSE,
		"byte offset 0: unknown metric 'cvss' for CVSS 2.0");
	rejects_str("CVSS:3.1/av:n", VG_EPARSE, "unknown metric 'av'");
	rejects_str("CVSS:3.1/AV:n", VG_EPARSE, "metric AV: unknown value 'n'");
	rejects_str("CVSS:3.1/AV", VG_EPARSE, "'AV' is not METRIC:VALUE");
	rejects_str("CVSS:2.0/AV:N/AC:L/Au:N/C:C/I:C/A:C", VG_EUNSUPPORTED,
		"unsupported CVSS version '2.0'");
	rejects_str("CVSS:3.1", VG_EPARSE, "byte offset 8: no metrics");
	rejects_str("CVSS:3.10/AV:N", VG_EUNSUPPORTED, "unsupported CVSS version '3.10'");
	rejects_str("(AV:N/AC:L/Au:N/C:C/I:C/A:C", VG_EPARSE, "missing ')'");
	rejects_str("AV:N/AC:L/Au:N/C:C/I:C/A:C)", VG_EPARSE, "metric A: unknown value 'C)'");
	rejects_str(" " V31_CRIT, VG_EPARSE, "unknown metric");
	/* A v3 metric in a v4 vector and the v4-only value S outside MSI/MSA. */
	rejects_str(V40_BASE "/S:U", VG_EPARSE, "metric S: unknown value 'U'");
	rejects_str("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:S/SA:H",
		VG_EPARSE, "metric SI: unknown value 'S'");
}

static void test_rejects_hostile_bytes(void **state)
{
	static const char with_nul[] = "CVSS:3.1/AV:N\0/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
	static const char binary[] = "CVSS:3.1/\x01\xff\x80:N";
	size_t big = 1u << 20;
	char *huge = malloc(big);

	(void)state;
	rejects(with_nul, sizeof(with_nul) - 1, VG_EPARSE, "byte offset 13: NUL byte");
	rejects(binary, sizeof(binary) - 1, VG_EPARSE, "unknown metric '?\?\?'");
	assert_non_null(huge);
	memset(huge, 'A', big);
	rejects(huge, big, VG_ELIMIT, "1048576 bytes, more than the 512 allowed");
	/* Just over the limit, and long repeated metrics below it. */
	rejects(huge, VG_CVSS_MAX_LEN + 1, VG_ELIMIT, "513 bytes");
	rejects(huge, VG_CVSS_MAX_LEN, VG_EPARSE, "'AAAAAAAAAAAAAAAA...' is not METRIC:VALUE");
	free(huge);
	assert_int_equal(vg_cvss_parse(NULL, "AV:N", 4), VG_EINVAL);
	assert_int_equal(vg_cvss_score(NULL, NULL), VG_EINVAL);
}

static void test_severity_bands(void **state)
{
	(void)state;
	assert_int_equal(vg_cvss_severity_of(VG_CVSS_V3_1, 0.0), VG_CVSS_SEV_NONE);
	assert_int_equal(vg_cvss_severity_of(VG_CVSS_V3_1, 0.1), VG_CVSS_SEV_LOW);
	assert_int_equal(vg_cvss_severity_of(VG_CVSS_V3_1, 3.9), VG_CVSS_SEV_LOW);
	assert_int_equal(vg_cvss_severity_of(VG_CVSS_V4_0, 4.0), VG_CVSS_SEV_MEDIUM);
	assert_int_equal(vg_cvss_severity_of(VG_CVSS_V4_0, 6.9), VG_CVSS_SEV_MEDIUM);
	assert_int_equal(vg_cvss_severity_of(VG_CVSS_V3_0, 7.0), VG_CVSS_SEV_HIGH);
	assert_int_equal(vg_cvss_severity_of(VG_CVSS_V3_0, 8.9), VG_CVSS_SEV_HIGH);
	assert_int_equal(vg_cvss_severity_of(VG_CVSS_V3_0, 9.0), VG_CVSS_SEV_CRITICAL);
	assert_int_equal(vg_cvss_severity_of(VG_CVSS_V2, 0.0), VG_CVSS_SEV_LOW);
	assert_int_equal(vg_cvss_severity_of(VG_CVSS_V2, 10.0), VG_CVSS_SEV_HIGH);
	assert_string_equal(vg_cvss_severity_name(VG_CVSS_SEV_CRITICAL), "Critical");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_scores),
		cmocka_unit_test(test_v4_environmental_reference),
		cmocka_unit_test(test_format_normalises),
		cmocka_unit_test(test_rejects_malformed),
		cmocka_unit_test(test_rejects_hostile_bytes),
		cmocka_unit_test(test_severity_bands),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
