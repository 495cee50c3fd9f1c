/*
 * test_cpe.c - CPE 2.3 (vigil/cpe.h): the binding examples of NISTIR 7695,
 * the matching rules of NISTIR 7696, building, and hostile input.
 */
#include "testutil.h"
#include "vigil/cpe.h"
#include "vigil/error.h"

#include <stdlib.h>
#include <string.h>

/* Parse `in`; its WFN, FS and URI forms must be the given ones. */
static void assert_bindings(const char *in, const char *wfn, const char *fs, const char *uri)
{
	vg_cpe c, back;
	char *w, *f, *u;

	if (vg_cpe_parse(in, &c) != VG_OK)
		fail_msg("%s: %s", in, vg_error_message());
	w = vg_cpe_to_wfn(&c);
	f = vg_cpe_to_fs(&c);
	u = vg_cpe_to_uri(&c);
	assert_string_equal(w, wfn);
	assert_string_equal(f, fs);
	assert_string_equal(u, uri);
	assert_int_equal(vg_cpe_parse(f, &back), VG_OK);
	assert_true(vg_cpe_equal(&c, &back));
	assert_int_equal(vg_cpe_parse(u, &back), VG_OK);
	assert_true(vg_cpe_equal(&c, &back));
	free(w);
	free(f);
	free(u);
}

static void test_nistir_7695_examples(void **state)
{
	(void)state;
	assert_bindings("cpe:2.3:a:microsoft:internet_explorer:8.0.6001:beta:*:*:*:*:*:*",
			"wfn:[part=\"a\",vendor=\"microsoft\",product=\"internet_explorer\","
			"version=\"8\\.0\\.6001\",update=\"beta\"]",
			"cpe:2.3:a:microsoft:internet_explorer:8.0.6001:beta:*:*:*:*:*:*",
			"cpe:/a:microsoft:internet_explorer:8.0.6001:beta");
	assert_bindings("cpe:2.3:a:microsoft:internet_explorer:8.*:sp?:*:*:*:*:*:*",
			"wfn:[part=\"a\",vendor=\"microsoft\",product=\"internet_explorer\","
			"version=\"8\\.*\",update=\"sp?\"]",
			"cpe:2.3:a:microsoft:internet_explorer:8.*:sp?:*:*:*:*:*:*",
			"cpe:/a:microsoft:internet_explorer:8.%02:sp%01");
	assert_bindings("cpe:/a:hp:insight_diagnostics:7.4.0.1570:-:~~online~win2003~x64~",
			"wfn:[part=\"a\",vendor=\"hp\",product=\"insight_diagnostics\","
			"version=\"7\\.4\\.0\\.1570\",update=NA,sw_edition=\"online\","
			"target_sw=\"win2003\",target_hw=\"x64\"]",
			"cpe:2.3:a:hp:insight_diagnostics:7.4.0.1570:-:*:*:online:win2003:x64:*",
			"cpe:/a:hp:insight_diagnostics:7.4.0.1570:-:~~online~win2003~x64~");
	assert_bindings("cpe:2.3:a:foo\\\\bar:big\\$money_manager_2010:*:*:*:*:special:ipod_touch:80gb:*",
			"wfn:[part=\"a\",vendor=\"foo\\\\bar\",product=\"big\\$money_manager_2010\","
			"sw_edition=\"special\",target_sw=\"ipod_touch\",target_hw=\"80gb\"]",
			"cpe:2.3:a:foo\\\\bar:big\\$money_manager_2010:*:*:*:*:special:ipod_touch:80gb:*",
			"cpe:/a:foo%5cbar:big%24money_manager_2010:::~~special~ipod_touch~80gb~");
	assert_bindings("cpe:/a:foo~bar:big%7emoney_2010",
			"wfn:[part=\"a\",vendor=\"foo\\~bar\",product=\"big\\~money_2010\"]",
			"cpe:2.3:a:foo\\~bar:big\\~money_2010:*:*:*:*:*:*:*:*",
			"cpe:/a:foo%7ebar:big%7emoney_2010");
	assert_bindings("CPE:/A:HP:OpenView_Network_Manager:7.51:-:~~~linux~~",
			"wfn:[part=\"a\",vendor=\"hp\",product=\"openview_network_manager\","
			"version=\"7\\.51\",update=NA,target_sw=\"linux\"]",
			"cpe:2.3:a:hp:openview_network_manager:7.51:-:*:*:*:linux:*:*",
			"cpe:/a:hp:openview_network_manager:7.51:-:~~~linux~~");
	/* A literal lone hyphen must not turn into NA in either binding. */
	assert_bindings("cpe:2.3:a:x:y:\\-:*:*:*:*:*:*:*",
			"wfn:[part=\"a\",vendor=\"x\",product=\"y\",version=\"\\-\"]",
			"cpe:2.3:a:x:y:\\-:*:*:*:*:*:*:*", "cpe:/a:x:y:%2d");
}

static enum vg_cpe_relation rel(const char *source, const char *target, enum vg_cpe_attr attr)
{
	vg_cpe s, t;

	assert_int_equal(vg_cpe_parse(source, &s), VG_OK);
	assert_int_equal(vg_cpe_parse(target, &t), VG_OK);
	return vg_cpe_compare_attr(&s, &t, attr);
}

static bool match(const char *source, const char *target)
{
	vg_cpe s, t;

	assert_int_equal(vg_cpe_parse(source, &s), VG_OK);
	assert_int_equal(vg_cpe_parse(target, &t), VG_OK);
	return vg_cpe_match(&s, &t);
}

#define V(x) "cpe:2.3:a:v:p:" x ":*:*:*:*:*:*:*"

/* NISTIR 7696 Table 6-2, one row per line. */
static void test_nistir_7696_table(void **state)
{
	(void)state;
	assert_int_equal(rel(V("*"), V("*"), VG_CPE_VERSION), VG_CPE_EQUAL);
	assert_int_equal(rel(V("*"), V("-"), VG_CPE_VERSION), VG_CPE_SUPERSET);
	assert_int_equal(rel(V("*"), V("1.0"), VG_CPE_VERSION), VG_CPE_SUPERSET);
	assert_int_equal(rel(V("*"), V("1.*"), VG_CPE_VERSION), VG_CPE_UNDEFINED);
	assert_int_equal(rel(V("-"), V("*"), VG_CPE_VERSION), VG_CPE_SUBSET);
	assert_int_equal(rel(V("-"), V("-"), VG_CPE_VERSION), VG_CPE_EQUAL);
	assert_int_equal(rel(V("-"), V("1.0"), VG_CPE_VERSION), VG_CPE_DISJOINT);
	assert_int_equal(rel(V("-"), V("1.*"), VG_CPE_VERSION), VG_CPE_UNDEFINED);
	assert_int_equal(rel(V("1.0"), V("*"), VG_CPE_VERSION), VG_CPE_SUBSET);
	assert_int_equal(rel(V("1.0"), V("-"), VG_CPE_VERSION), VG_CPE_DISJOINT);
	assert_int_equal(rel(V("1.0"), V("1.0"), VG_CPE_VERSION), VG_CPE_EQUAL);
	assert_int_equal(rel(V("1.0"), V("2.0"), VG_CPE_VERSION), VG_CPE_DISJOINT);
	assert_int_equal(rel(V("1.0"), V("1.*"), VG_CPE_VERSION), VG_CPE_UNDEFINED);
	assert_int_equal(rel(V("1.*"), V("*"), VG_CPE_VERSION), VG_CPE_SUBSET);
	assert_int_equal(rel(V("1.*"), V("-"), VG_CPE_VERSION), VG_CPE_DISJOINT);
	assert_int_equal(rel(V("1.*"), V("1.0.2"), VG_CPE_VERSION), VG_CPE_SUPERSET);
	assert_int_equal(rel(V("1.*"), V("2.0"), VG_CPE_VERSION), VG_CPE_DISJOINT);
	assert_int_equal(rel(V("1.*"), V("1.?"), VG_CPE_VERSION), VG_CPE_UNDEFINED);
}

static void test_wildcard_semantics(void **state)
{
	(void)state;
	/* '?' is exactly one logical character; quoting backslashes do not count. */
	assert_int_equal(rel(V("1.?"), V("1.0"), VG_CPE_VERSION), VG_CPE_SUPERSET);
	assert_int_equal(rel(V("1.?"), V("1.10"), VG_CPE_VERSION), VG_CPE_DISJOINT);
	assert_int_equal(rel(V("1.??"), V("1.1"), VG_CPE_VERSION), VG_CPE_SUPERSET);
	assert_int_equal(rel(V("??3"), V("1.3"), VG_CPE_VERSION), VG_CPE_SUPERSET);
	assert_int_equal(rel(V("??3"), V("10.3"), VG_CPE_VERSION), VG_CPE_DISJOINT);
	assert_int_equal(rel(V("*.3"), V("10.3"), VG_CPE_VERSION), VG_CPE_SUPERSET);
	assert_int_equal(rel(V("*.3"), V("10.4"), VG_CPE_VERSION), VG_CPE_DISJOINT);
	assert_int_equal(rel(V("8.\\*"), V("8.0"), VG_CPE_VERSION), VG_CPE_DISJOINT);
	assert_true(match("cpe:2.3:a:microsoft:internet_explorer:8.*:sp?:*:*:*:*:*:*",
			  "cpe:2.3:a:microsoft:internet_explorer:8.0.6001:sp1:*:*:*:*:*:*"));
	assert_false(match("cpe:2.3:a:microsoft:internet_explorer:8.*:sp?:*:*:*:*:*:*",
			   "cpe:2.3:a:microsoft:internet_explorer:8.0.6001:sp10:*:*:*:*:*:*"));
}

static void test_nvd_matching(void **state)
{
	enum vg_cpe_relation attrs[VG_CPE_ATTR_COUNT];
	const char *criteria = "cpe:2.3:a:openssl:openssl:*:*:*:*:*:*:*:*";
	const char *openssl = "cpe:2.3:a:openssl:openssl:3.0.2:*:*:*:*:*:*:*";
	vg_cpe s, t;

	(void)state;
	assert_true(match(criteria, openssl));
	assert_false(match(openssl, criteria)); /* a concrete name is a SUBSET */
	assert_false(match("cpe:2.3:a:openssl_project:openssl:*:*:*:*:*:*:*:*", openssl));
	assert_int_equal(rel("cpe:2.3:a:openssl_project:openssl:*:*:*:*:*:*:*:*", openssl,
			     VG_CPE_VENDOR),
			 VG_CPE_DISJOINT);
	assert_false(match("cpe:2.3:o:openssl:openssl:*:*:*:*:*:*:*:*", openssl));
	assert_false(match("cpe:2.3:a:openssl:openssl:-:*:*:*:*:*:*:*", openssl));
	assert_true(match("cpe:2.3:a:openssl:openssl:-:*:*:*:*:*:*:*",
			  "cpe:2.3:a:openssl:openssl:-:*:*:*:*:*:*:*"));
	/* The over-match of dependency-track#1929: ANY part and vendor. */
	assert_true(match("cpe:2.3:*:*:xrandr:1.5.1:*:*:*:*:*:*:*",
			  "cpe:2.3:h:intel:xrandr:1.5.1:*:*:*:*:*:*:*"));
	assert_int_equal(vg_cpe_parse(criteria, &s), VG_OK);
	assert_int_equal(vg_cpe_parse(openssl, &t), VG_OK);
	assert_int_equal(vg_cpe_compare(&s, &t, attrs), VG_CPE_SUPERSET);
	assert_int_equal(attrs[VG_CPE_VENDOR], VG_CPE_EQUAL);
	assert_int_equal(attrs[VG_CPE_VERSION], VG_CPE_SUPERSET);
	assert_int_equal(vg_cpe_compare(&t, &s, NULL), VG_CPE_SUBSET);
	assert_int_equal(vg_cpe_compare(&t, &t, NULL), VG_CPE_EQUAL);
	assert_string_equal(vg_cpe_relation_name(VG_CPE_SUPERSET), "SUPERSET");
}

static void test_build(void **state)
{
	vg_cpe c;
	char *s;

	(void)state;
	vg_cpe_init(&c);
	assert_int_equal(vg_cpe_set(&c, VG_CPE_PART, "a"), VG_OK);
	assert_int_equal(vg_cpe_set(&c, VG_CPE_VENDOR, "OpenSSL"), VG_OK);
	assert_int_equal(vg_cpe_set(&c, VG_CPE_PRODUCT, "openssl"), VG_OK);
	assert_int_equal(vg_cpe_set(&c, VG_CPE_VERSION, "3.0.2*"), VG_OK); /* '*' is literal */
	vg_cpe_set_kind(&c, VG_CPE_UPDATE, VG_CPE_NA);
	s = vg_cpe_to_fs(&c);
	assert_string_equal(s, "cpe:2.3:a:openssl:openssl:3.0.2\\*:-:*:*:*:*:*:*");
	free(s);
	assert_int_equal(vg_cpe_set(&c, VG_CPE_VERSION, "1.1.1w"), VG_OK);
	assert_string_equal(vg_cpe_value(&c, VG_CPE_VERSION), "1\\.1\\.1w");
	assert_int_equal(vg_cpe_set(&c, VG_CPE_VERSION, NULL), VG_OK);
	assert_int_equal(vg_cpe_kind(&c, VG_CPE_VERSION), VG_CPE_ANY);
	assert_int_equal(vg_cpe_set(&c, VG_CPE_PART, "x"), VG_EPARSE);
	assert_int_equal(vg_cpe_set(&c, VG_CPE_VENDOR, ""), VG_EPARSE);
	assert_int_equal(vg_cpe_set(&c, VG_CPE_VENDOR, "a b"), VG_EPARSE);
	assert_string_equal(vg_cpe_value(&c, VG_CPE_VENDOR), "openssl"); /* unchanged */
}

static void assert_rejected(const char *in, int code, const char *fragment)
{
	vg_cpe c;

	assert_int_equal(vg_cpe_parse(in, &c), code);
	if (fragment && !strstr(vg_error_message(), fragment))
		fail_msg("'%s': message '%s' lacks '%s'", in, vg_error_message(), fragment);
}

static void test_hostile(void **state)
{
	char *big;

	(void)state;
	assert_rejected("", VG_EPARSE, "neither");
	assert_rejected("cpe:2.3:", VG_EPARSE, "part");
	assert_rejected("cpe:2.3:a:v:p", VG_EPARSE, "3 attributes");
	assert_rejected("cpe:2.3:a:v:p:*:*:*:*:*:*:*:*:*", VG_EPARSE, "more than 11");
	assert_rejected("cpe:2.3:x:v:p:*:*:*:*:*:*:*:*", VG_EPARSE, "not a, o or h");
	assert_rejected("cpe:2.3:a:v:p:1.*.2:*:*:*:*:*:*:*", VG_EPARSE, "wildcard");
	assert_rejected("cpe:2.3:a:v:p:1?2:*:*:*:*:*:*:*", VG_EPARSE, "wildcard");
	assert_rejected("cpe:2.3:a:v:p:**:*:*:*:*:*:*:*", VG_EPARSE, "wildcard");
	assert_rejected("cpe:2.3:a:v:p:1\\", VG_EPARSE, "lone");
	assert_rejected("cpe:2.3:a:v:p:1 2:*:*:*:*:*:*:*", VG_EPARSE, "printable");
	assert_rejected("cpe:2.3:a:v:p:\xc3\xa9:*:*:*:*:*:*:*", VG_EPARSE, "printable");
	assert_rejected("cpe:2.3:a:v::*:*:*:*:*:*:*:*", VG_EPARSE, "empty");
	assert_rejected("cpe:/a:v:p%", VG_EPARSE, "percent");
	assert_rejected("cpe:/a:v:p%4", VG_EPARSE, "percent");
	assert_rejected("cpe:/a:v:p%zz", VG_EPARSE, "percent");
	assert_rejected("cpe:/a:v:p%00", VG_EPARSE, "printable");
	assert_rejected("cpe:/a:v:p:1:u:~a~b:en", VG_EPARSE, "5 '~'");
	assert_rejected("cpe:/a:v:p:1:u:e:en:extra", VG_EPARSE, "more than 7");
	big = malloc(1024 * 1024 + 1);
	memset(big, 'a', 1024 * 1024);
	big[1024 * 1024] = '\0';
	memcpy(big, "cpe:2.3:a:", 10);
	assert_rejected(big, VG_ELIMIT, "longer");
	/* 1000 bytes of vendor pass the length check but overflow once quoted. */
	memset(big + 10, '.', 1000);
	strcpy(big + 1010, ":p:*:*:*:*:*:*:*:*");
	assert_rejected(big, VG_ELIMIT, NULL);
	free(big);
	assert_int_equal(vg_cpe_parse(NULL, NULL), VG_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nistir_7695_examples), cmocka_unit_test(test_nistir_7696_table),
		cmocka_unit_test(test_wildcard_semantics),   cmocka_unit_test(test_nvd_matching),
		cmocka_unit_test(test_build),                cmocka_unit_test(test_hostile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
