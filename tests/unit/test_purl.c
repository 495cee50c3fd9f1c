/*
 * test_purl.c - the purl API (vigil/purl.h): building, normalisation,
 * accessors, and hostile input (empty, huge, bad escapes, NUL, invalid
 * UTF-8, thousands of qualifiers).
 */
#include "testutil.h"
#include "vigil/error.h"
#include "vigil/purl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void assert_normal(const char *in, const char *want)
{
	char *s = NULL;

	if (vg_purl_normalize(in, &s) != VG_OK)
		fail_msg("%s: %s", in, vg_error_message());
	assert_string_equal(s, want);
	free(s);
}

static void assert_rejected(const char *in, int code, const char *fragment)
{
	vg_purl *p = (vg_purl *)1;

	assert_int_equal(vg_purl_parse(in, &p), code);
	assert_null(p);
	if (fragment && !strstr(vg_error_message(), fragment))
		fail_msg("'%s': message '%s' lacks '%s'", in, vg_error_message(), fragment);
}

static void test_parse_components(void **state)
{
	vg_purl *p;

	(void)state;
	assert_int_equal(vg_purl_parse("pkg:npm/%40babel/core@7.0.0?b=2&A=1#lib//x/", &p), VG_OK);
	assert_string_equal(p->type, "npm");
	assert_string_equal(p->namespace, "@babel");
	assert_string_equal(p->name, "core");
	assert_string_equal(p->version, "7.0.0");
	assert_int_equal(p->qualifier_count, 2);
	assert_string_equal(p->qualifiers[0].key, "a");
	assert_string_equal(vg_purl_qualifier(p, "b"), "2");
	assert_null(vg_purl_qualifier(p, "c"));
	assert_string_equal(p->subpath, "lib/x");
	vg_purl_free(p);
}

static void test_normalisation(void **state)
{
	(void)state;
	assert_normal("PKG://PyPI/Django_Package@1.0?x=", "pkg:pypi/django-package@1.0");
	assert_normal("pkg:github/Package-URL/Purl-Spec", "pkg:github/package-url/purl-spec");
	assert_normal("pkg:generic/a%20b@1+2?url=https://x/y", "pkg:generic/a%20b@1%2B2?url=https:%2F%2Fx%2Fy");
	assert_normal("pkg:brew/node@20@20.1", "pkg:brew/node%4020@20.1");
	assert_normal("pkg:golang/a/b#./c/../d/", "pkg:golang/a/b#c/d");
	assert_normal("pkg:git/github.com/Owner/Repo", "pkg:git/github.com/Owner/Repo");
	assert_normal("pkg:cpan/drolsky/DateTime", "pkg:cpan/DROLSKY/DateTime");
	assert_normal("pkg:pub/Flutter-Web", "pkg:pub/flutter_web");
	assert_normal("pkg:unknown-type/x/y", "pkg:unknown-type/x/y");
}

static void test_build(void **state)
{
	vg_purl *p, *q;
	char *s;

	(void)state;
	assert_int_equal(vg_purl_new(&p, "Maven", "org.apache.commons", "io", "1.3.4"), VG_OK);
	assert_int_equal(vg_purl_set_qualifier(p, "Classifier", "sources"), VG_OK);
	assert_int_equal(vg_purl_set_qualifier(p, "type", "jar"), VG_OK);
	assert_int_equal(vg_purl_set_qualifier(p, "type", NULL), VG_OK); /* removes */
	assert_int_equal(vg_purl_set_subpath(p, "/a/b/"), VG_OK);
	assert_int_equal(vg_purl_validate(p), VG_OK);
	s = vg_purl_to_string(p);
	assert_string_equal(s, "pkg:maven/org.apache.commons/io@1.3.4?classifier=sources#a/b");
	assert_int_equal(vg_purl_parse(s, &q), VG_OK);
	assert_true(vg_purl_equal(p, q));
	assert_int_equal(vg_purl_set_subpath(q, "../etc"), VG_EPARSE);
	assert_int_equal(vg_purl_set_qualifier(q, "in production", "x"), VG_EPARSE);
	assert_int_equal(vg_purl_set_qualifier(q, "classifier", "x"), VG_OK);
	assert_false(vg_purl_equal(p, q));
	free(s);
	vg_purl_free(p);
	vg_purl_free(q);
	/* git: the namespace is the host, the rest of the path is the name. */
	assert_int_equal(vg_purl_new(&p, "git", "github.com/owner", "repo", NULL), VG_OK);
	assert_string_equal(p->namespace, "github.com");
	assert_string_equal(p->name, "owner/repo");
	vg_purl_free(p);
	/* julia needs its uuid qualifier: new succeeds, validate does not. */
	assert_int_equal(vg_purl_new(&p, "julia", NULL, "Dates", NULL), VG_OK);
	assert_int_equal(vg_purl_validate(p), VG_EPARSE);
	assert_int_equal(vg_purl_set_qualifier(p, "uuid", "ade2ca70"), VG_OK);
	assert_int_equal(vg_purl_validate(p), VG_OK);
	vg_purl_free(p);
	assert_int_equal(vg_purl_new(&p, NULL, NULL, "x", NULL), VG_EPARSE);
	assert_int_equal(vg_purl_new(&p, "npm", NULL, "", NULL), VG_EPARSE);
	assert_int_equal(vg_purl_new(&p, "pypi", "ns", "x", NULL), VG_EPARSE);
	assert_int_equal(vg_purl_new(&p, "npm", NULL, "\xff", NULL), VG_EPARSE);
}

static void test_invalid(void **state)
{
	(void)state;
	assert_rejected("", VG_EPARSE, "missing scheme");
	assert_rejected("pkg:", VG_EPARSE, "missing type");
	assert_rejected("pkg:npm", VG_EPARSE, "missing name");
	assert_rejected("pkg:npm/", VG_EPARSE, "missing name");
	assert_rejected("http:npm/x", VG_EPARSE, "not 'pkg'");
	assert_rejected("pkg:3npm/x", VG_EPARSE, "start with a letter");
	assert_rejected("pkg:n%70m/x", VG_EPARSE, "type");
	assert_rejected("pkg:npm/x%", VG_EPARSE, "truncated percent-escape");
	assert_rejected("pkg:npm/x%4", VG_EPARSE, "truncated");
	assert_rejected("pkg:npm/x%zz", VG_EPARSE, "invalid percent-escape");
	assert_rejected("pkg:npm/x%00y", VG_EPARSE, "NUL");
	assert_rejected("pkg:npm/%C3%28", VG_EPARSE, "UTF-8");
	assert_rejected("pkg:npm/ok?k=%ED%A0%80", VG_EPARSE, "UTF-8"); /* a surrogate */
	assert_rejected("pkg:npm/a%2Fb/c", VG_EPARSE, "encoded '/'");
	assert_rejected("pkg:npm/x?a=1&a=2", VG_EPARSE, "twice");
	assert_rejected("pkg:npm/x?a", VG_EPARSE, "no '='");
	assert_rejected("pkg:npm/x?1a=b", VG_EPARSE, "start with a letter");
	assert_rejected("pkg:julia/Dates", VG_EPARSE, "uuid");
	assert_rejected("pkg:maven/io", VG_EPARSE, "requires a namespace");
	/* The message quotes the input. */
	assert_rejected("pkg:/x", VG_EPARSE, "'pkg:/x': ");
}

static void test_strict_keys(void **state)
{
	vg_purl *p;

	(void)state;
	assert_int_equal(vg_purl_parse_flags("pkg:gem/x?Platform=java", VG_PURL_STRICT, &p), VG_EPARSE);
	assert_int_equal(vg_purl_parse_flags("pkg:gem/x?Platform=java", 0, &p), VG_OK);
	assert_string_equal(vg_purl_qualifier(p, "platform"), "java");
	vg_purl_free(p);
}

static void test_huge_input(void **state)
{
	size_t n = 2 * VG_PURL_MAX_TEXT;
	char *big = malloc(n + 1), *s;
	vg_purl *p, *q;

	(void)state;
	memcpy(big, "pkg:npm/", 8);
	memset(big + 8, 'a', n - 8);
	big[n] = '\0';
	assert_int_equal(vg_purl_parse(big, &p), VG_ELIMIT); /* 2 MiB of text */
	big[1024 * 1024] = '\0';
	assert_int_equal(vg_purl_parse(big, &p), VG_ELIMIT); /* 1 MiB name */
	assert_non_null(strstr(vg_error_message(), "components"));
	/* Within the limit even when encoding triples it: 200 KiB of '+'. */
	memset(big + 8, '+', 200 * 1024);
	big[8 + 200 * 1024] = '\0';
	assert_int_equal(vg_purl_parse(big, &p), VG_OK);
	s = vg_purl_to_string(p);
	assert_int_equal(strlen(s), 8 + 3 * 200 * 1024);
	assert_int_equal(vg_purl_parse(s, &q), VG_OK);
	assert_true(vg_purl_equal(p, q));
	free(s);
	vg_purl_free(p);
	vg_purl_free(q);
	free(big);
}

static void test_many_qualifiers(void **state)
{
	char *text = malloc(10000 * 16 + 64), *s;
	size_t len = 0;
	vg_purl *p;
	int i;

	(void)state;
	len += (size_t)sprintf(text, "pkg:npm/x?");
	for (i = 0; i < 10000; i++)
		len += (size_t)sprintf(text + len, "k%d=v&", 9999 - i);
	assert_int_equal(vg_purl_parse(text, &p), VG_ELIMIT);
	assert_non_null(strstr(vg_error_message(), "qualifiers"));
	/* 1000 is within the limit, and they come out sorted. */
	len = (size_t)sprintf(text, "pkg:npm/x?");
	for (i = 0; i < 1000; i++)
		len += (size_t)sprintf(text + len, "k%03d=v&", 999 - i);
	assert_int_equal(vg_purl_parse(text, &p), VG_OK);
	assert_int_equal(p->qualifier_count, 1000);
	assert_string_equal(p->qualifiers[0].key, "k000");
	s = vg_purl_to_string(p);
	assert_non_null(strstr(s, "?k000=v&k001=v&"));
	free(s);
	vg_purl_free(p);
	free(text);
}

static void test_null_arguments(void **state)
{
	vg_purl *p;
	char *s;

	(void)state;
	assert_int_equal(vg_purl_parse(NULL, &p), VG_EINVAL);
	assert_int_equal(vg_purl_parse("pkg:npm/x", NULL), VG_EINVAL);
	assert_int_equal(vg_purl_normalize("pkg:npm/x", NULL), VG_EINVAL);
	assert_int_equal(vg_purl_normalize(NULL, &s), VG_EINVAL);
	assert_null(vg_purl_to_string(NULL));
	assert_null(vg_purl_qualifier(NULL, "a"));
	assert_true(vg_purl_equal(NULL, NULL));
	vg_purl_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_components), cmocka_unit_test(test_normalisation),
		cmocka_unit_test(test_build),            cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_strict_keys),      cmocka_unit_test(test_huge_input),
		cmocka_unit_test(test_many_qualifiers),  cmocka_unit_test(test_null_arguments),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
