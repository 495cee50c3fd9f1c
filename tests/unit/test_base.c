/*
 * test_base.c - the base module: errors, buffers, strings, files, JSON.
 */
#include "testutil.h"
#include "base/json_doc_internal.h"
#include "vigil/buf.h"
#include "vigil/error.h"
#include "vigil/file.h"
#include "vigil/json.h"
#include "vigil/str.h"
#include "vigil/time.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failing_parser(void)
{
	return vg_error_set(VG_EPARSE, "$.components[%d].purl: missing type", 3);
}

static void test_error_prefix_builds_context(void **state)
{
	(void)state;
	vg_error_clear();
	assert_int_equal(failing_parser(), VG_EPARSE);
	assert_int_equal(vg_error_prefix("%s: ", "sbom.json"), VG_EPARSE);
	assert_string_equal(vg_error_message(), "sbom.json: $.components[3].purl: missing type");
	assert_int_equal(vg_error_last()->code, VG_EPARSE);
	vg_error_clear();
	assert_string_equal(vg_error_message(), "");
	assert_string_equal(vg_status_name(VG_EVERIFY), "verification failed");
}

static void test_error_message_is_truncated_not_overflowed(void **state)
{
	char big[5000];

	(void)state;
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	vg_error_set(VG_ELIMIT, "%s", big);
	assert_true(strlen(vg_error_message()) < sizeof(big));
	assert_true(vg_str_ends_with(vg_error_message(), "..."));
}

static void test_buf_grows_and_detaches(void **state)
{
	vg_buf b = VG_BUF_INIT;
	char *s;
	int i;

	(void)state;
	for (i = 0; i < 1000; i++)
		assert_int_equal(vg_buf_printf(&b, "%d,", i), VG_OK);
	assert_true(vg_str_starts_with(b.ptr, "0,1,2,"));
	assert_true(vg_str_ends_with(b.ptr, "998,999,"));
	s = vg_buf_detach(&b);
	assert_null(b.ptr);
	assert_int_equal(b.len, 0);
	free(s);
}

static void test_utf8_validation(void **state)
{
	(void)state;
	assert_true(vg_utf8_valid("caf\xc3\xa9", 5));
	assert_false(vg_utf8_valid("\xc0\xaf", 2));         /* overlong '/' */
	assert_false(vg_utf8_valid("\xed\xa0\x80", 3));     /* surrogate */
	assert_false(vg_utf8_valid("\xe2\x82", 2));         /* truncated */
	assert_false(vg_utf8_valid("\xf4\x90\x80\x80", 4)); /* above U+10FFFF */
}

static void test_strlist(void **state)
{
	vg_strlist l = VG_STRLIST_INIT;

	(void)state;
	assert_int_equal(vg_strlist_add(&l, "b"), VG_OK);
	assert_int_equal(vg_strlist_add(&l, "a"), VG_OK);
	vg_strlist_sort(&l);
	assert_string_equal(l.items[0], "a");
	assert_true(vg_strlist_contains(&l, "b"));
	assert_false(vg_strlist_contains(&l, "c"));
	assert_int_equal(vg_strcasecmp("OpenSSL", "openssl"), 0);
	vg_strlist_free(&l);
	assert_int_equal(vg_strlist_split(&l, "1.2,,2.0", ','), VG_OK);
	assert_int_equal(l.count, 3);
	assert_string_equal(l.items[0], "1.2");
	assert_string_equal(l.items[1], "");
	assert_string_equal(l.items[2], "2.0");
	assert_int_equal(vg_strlist_split(&l, NULL, ','), VG_OK);
	assert_int_equal(vg_strlist_split(&l, "", ','), VG_OK);
	assert_int_equal(l.count, 3);
	vg_strlist_free(&l);
}

static int count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static void test_atomic_write_replaces_or_leaves_alone(void **state)
{
	char path[4200], *data;
	const char *dir = vg_test_tmpdir("test_base_atomic");
	vg_afile *f;
	size_t len;

	(void)state;
	snprintf(path, sizeof(path), "%s/out.txt", dir);
	assert_int_equal(vg_file_write_atomic(path, "first\n", 6), VG_OK);

	/* An aborted write leaves the old content and no temporary file. */
	assert_int_equal(vg_afile_open(&f, path, 0644), VG_OK);
	assert_int_equal(vg_afile_write(f, "partial", 7), VG_OK);
	vg_afile_abort(f);
	assert_int_equal(vg_file_read(path, 0, &data, &len), VG_OK);
	assert_string_equal(data, "first\n");
	free(data);
	assert_int_equal(count_entries(dir), 1);

	assert_int_equal(vg_file_write_atomic(path, "second\n", 7), VG_OK);
	assert_int_equal(vg_file_read(path, 0, &data, &len), VG_OK);
	assert_string_equal(data, "second\n");
	free(data);

	assert_int_equal(vg_file_read(path, 3, &data, &len), VG_ELIMIT);
	assert_int_equal(vg_file_read("/nonexistent/x", 0, &data, &len), VG_ENOTFOUND);
	assert_non_null(strstr(vg_error_message(), "/nonexistent/x"));
}

/* Whole-file reads: sized up front for a regular file, grown for one that
 * reports no size (/proc), and the limit holds to the byte either way. */
static void test_file_read_sizes_and_limits(void **state)
{
	const char *dir = vg_test_tmpdir("test_base_read");
	char path[4200], *data, *text = malloc(200001);
	size_t len, i;

	(void)state;
	assert_non_null(text);
	for (i = 0; i < 200000; i++)
		text[i] = (char)('a' + i % 26);
	text[200000] = '\0';
	snprintf(path, sizeof(path), "%s/big.txt", dir);
	assert_int_equal(vg_file_write_atomic(path, text, 200000), VG_OK);
	assert_int_equal(vg_file_read(path, 0, &data, &len), VG_OK);
	assert_int_equal(len, 200000);
	assert_string_equal(data, text);
	free(data);
	assert_int_equal(vg_file_read(path, 200000, &data, &len), VG_OK);
	free(data);
	assert_int_equal(vg_file_read(path, 199999, &data, &len), VG_ELIMIT);
	assert_non_null(strstr(vg_error_message(), "big.txt"));

	snprintf(path, sizeof(path), "%s/empty.txt", dir);
	assert_int_equal(vg_file_write_atomic(path, "", 0), VG_OK);
	assert_int_equal(vg_file_read(path, 0, &data, &len), VG_OK);
	assert_int_equal(len, 0);
	assert_string_equal(data, "");
	free(data);

	assert_int_equal(vg_file_read("/proc/self/status", 0, &data, &len), VG_OK);
	assert_true(len > 0 && strlen(data) == len);
	assert_non_null(strstr(data, "Name:"));
	free(data);
	assert_int_equal(vg_file_read("/proc/self/status", 10, &data, &len), VG_ELIMIT);
	free(text);
}

/* Parsing into an arena gives the same tree, the same errors, and leaves
 * ordinary jansson values (made before and after, on any thread) alone. */
static void test_json_doc_parses_into_an_arena(void **state)
{
	json_t *before = json_pack("{s:[i,i]}", "a", 1, 2), *root, *after;
	vg_json_doc *doc = NULL;
	vg_buf text = VG_BUF_INIT;
	size_t i;

	(void)state;
	/* Long strings, many keys (hash tables that grow), deep arrays. */
	assert_int_equal(vg_buf_puts(&text, "{\"list\": ["), VG_OK);
	for (i = 0; i < 2000; i++)
		assert_int_equal(vg_buf_printf(&text, "%s{\"k%zu\": \"%0*zu\", \"n\": [[%zu]]}",
					       i ? ", " : "", i, (int)(i % 300) + 1, i, i),
				 VG_OK);
	assert_int_equal(vg_buf_puts(&text, "]}"), VG_OK);
	assert_int_equal(vg_json_doc_parse(text.ptr, text.len, "big.json", &doc), VG_OK);
	root = vg_json_doc_root(doc);
	assert_int_equal(json_array_size(json_object_get(root, "list")), 2000);
	for (i = 0; i < 2000; i += 199) {
		json_t *item = json_array_get(json_object_get(root, "list"), i);
		char key[16];

		snprintf(key, sizeof(key), "k%zu", i);
		assert_int_equal(strlen(json_string_value(json_object_get(item, key))), i % 300 + 1);
		assert_int_equal(json_integer_value(json_array_get(
					 json_array_get(json_object_get(item, "n"), 0), 0)),
				 (json_int_t)i);
	}
	/* Ordinary values still come from malloc and go back to free. */
	after = json_pack("{s:O}", "borrowed", json_object_get(root, "list"));
	assert_non_null(after);
	json_decref(after);
	json_decref(before);
	vg_json_doc_free(doc);

	assert_int_equal(vg_json_doc_parse("{\"a\": 1,\n \"a\": 2}", 18, "dup.json", &doc), VG_EPARSE);
	assert_non_null(strstr(vg_error_message(), "dup.json:2:"));
	assert_null(doc);
	assert_int_equal(vg_json_doc_parse(text.ptr, text.len - 3, "cut.json", &doc), VG_EPARSE);
	assert_null(doc);
	vg_json_doc_free(NULL);
	vg_buf_free(&text);
}

static size_t custom_frees;
static void *custom_malloc(size_t n)
{
	return malloc(n);
}
static void custom_free(void *p)
{
	custom_frees += p != NULL;
	free(p);
}

/* A program that sets jansson's allocator after vigil did gets ordinary
 * trees, freed value by value through its allocator (and no leak). */
static void test_json_doc_yields_to_a_later_allocator(void **state)
{
	json_malloc_t m;
	json_free_t f;
	vg_json_doc *doc;

	(void)state;
	assert_int_equal(vg_json_doc_parse("[1]", 3, "a.json", &doc), VG_OK);
	vg_json_doc_free(doc);
	json_get_alloc_funcs(&m, &f);
	json_set_alloc_funcs(custom_malloc, custom_free);
	assert_int_equal(vg_json_doc_parse("{\"a\": [1, 2]}", 13, "b.json", &doc), VG_OK);
	assert_int_equal(json_array_size(json_object_get(vg_json_doc_root(doc), "a")), 2);
	vg_json_doc_free(doc);
	assert_true(custom_frees >= 4);
	json_set_alloc_funcs(m, f);
}

/* vg_json_doc_parse() (large documents: split over two threads) against
 * vg_json_parse() on the same text: the same tree, or the same error. */
static void assert_same_parse(const vg_buf *text)
{
	json_t *whole = NULL;
	vg_json_doc *doc = NULL;
	int rc_whole = vg_json_parse(text->ptr, text->len, "t.json", &whole);
	char *msg_whole = vg_strdup(vg_error_message());
	int rc_doc = vg_json_doc_parse(text->ptr, text->len, "t.json", &doc);

	assert_int_equal(rc_doc, rc_whole);
	if (rc_whole == VG_OK)
		assert_true(json_equal(whole, vg_json_doc_root(doc)));
	else
		assert_string_equal(vg_error_message(), msg_whole);
	free(msg_whole);
	json_decref(whole);
	vg_json_doc_free(doc);
}

/* {"head": 1, "components": [...n tricky objects...], "deps": [...], "tail": "x"} */
static void big_document(vg_buf *b, size_t n, const char *bad_element, size_t bad_at)
{
	size_t i;

	vg_buf_clear(b);
	vg_buf_puts(b, "{\"head\": 1, \"components\": [\n");
	for (i = 0; i < n; i++) {
		if (i)
			vg_buf_puts(b, ",\n  ");
		if (bad_element && i == bad_at)
			vg_buf_puts(b, bad_element);
		else
			vg_buf_printf(b, "{\"name\": \"c%zu, [x] {y} \\\" \\\\\", \"n\": [%zu, {\"k\": []}]}", i, i);
	}
	vg_buf_puts(b, "],\n \"deps\": [1, 2, [3]], \"tail\": \"]}\"}\n");
}

static void test_json_doc_split_parse_is_the_whole_parse(void **state)
{
	vg_buf text = VG_BUF_INIT, deep = VG_BUF_INIT;
	size_t k, i;

	(void)state;
	big_document(&text, 20000, NULL, 0); /* well over the size that is split */
	assert_true(text.len > 1024 * 1024);
	assert_same_parse(&text);
	/* Faults in the second half, in the first, and at the cut's neighbours. */
	for (i = 0; i < 4; i++) {
		static const char *const bad[] = { "{\"a\" 1}", "{\"a\": 1,}", "", "{\"a\": \"\xff\"}" };
		static const size_t where[] = { 15000, 100, 10000, 9999 };

		big_document(&text, 20000, bad[i], where[i]);
		assert_same_parse(&text);
	}
	/* A duplicate member, garbage after the root, a root that is an array. */
	big_document(&text, 20000, NULL, 0);
	vg_buf_puts(&text, "x");
	assert_same_parse(&text);
	big_document(&text, 20000, NULL, 0);
	memcpy(text.ptr + 1, "\"deps\"", 6); /* "head" -> "deps", which comes again */
	assert_same_parse(&text);
	vg_buf_clear(&text);
	vg_buf_putc(&text, '[');
	for (i = 0; i < 100000; i++)
		vg_buf_printf(&text, "%s\"%zu\"", i ? "," : "", i);
	vg_buf_putc(&text, ']');
	assert_same_parse(&text);
	/* Nesting at jansson's depth limit, in the second half: the half is
	 * parsed as deep as it sits in the document. */
	for (k = 2044; k <= 2050; k++) {
		vg_buf_clear(&deep);
		for (i = 0; i < k; i++)
			vg_buf_putc(&deep, '[');
		for (i = 0; i < k; i++)
			vg_buf_putc(&deep, ']');
		big_document(&text, 20000, deep.ptr, 19000);
		assert_same_parse(&text);
	}
	/* Small texts split too when the knob says so: a comma with no element
	 * on one side must not be the one cut (the fuzz harness found it). */
	vg_json_doc_split_min = 1;
	{
		static const char *const small[] = { "{\"a\": [,2]}", "{\"a\": [1,]}",
						     "{\"a\": [ , ]}", "{\"a\": [1, 2]}",
						     "{\"a\": [[1], {\"b\": [2, 3]}], \"c\": []}" };

		for (i = 0; i < sizeof(small) / sizeof(small[0]); i++) {
			vg_buf_clear(&text);
			vg_buf_puts(&text, small[i]);
			assert_same_parse(&text);
		}
	}
	vg_json_doc_split_min = 256 * 1024;
	vg_buf_free(&deep);
	vg_buf_free(&text);
}

static void test_json_errors_name_the_place(void **state)
{
	json_t *root = NULL, *obj;
	const char *s = NULL;
	long long n = 0;
	char deep[3000];

	(void)state;
	assert_int_equal(vg_json_parse("{\"a\": 1,\n \"a\": 2}", 18, "dup.json", &root), VG_EPARSE);
	assert_non_null(strstr(vg_error_message(), "dup.json:2:"));
	assert_int_equal(vg_json_parse("{\"a\": \"\xff\"}", 10, "utf8.json", &root), VG_EPARSE);
	assert_int_equal(vg_json_parse("{\"a\": [1, 2", 11, "trunc.json", &root), VG_EPARSE);
	memset(deep, '[', sizeof(deep));
	assert_int_equal(vg_json_parse(deep, sizeof(deep), "deep.json", &root), VG_EPARSE);

	assert_int_equal(vg_json_parse("{\"name\": 5, \"n\": 7}", 19, "t.json", &root), VG_OK);
	assert_int_equal(vg_json_get_string(root, "name", "$", false, &s), VG_EPARSE);
	assert_string_equal(vg_error_message(), "$.name: expected a string, found an integer");
	assert_int_equal(vg_json_get_string(root, "other", "$", false, &s), VG_OK);
	assert_null(s);
	assert_int_equal(vg_json_get_object(root, "obj", "$", true, &obj), VG_EPARSE);
	assert_string_equal(vg_error_message(), "$: missing required member \"obj\"");
	assert_int_equal(vg_json_get_integer(root, "n", "$", true, &n), VG_OK);
	{
		char path[VG_JPATH_MAX] = "$.packages[2]";

		/* Built in place, and keys that are not identifiers are quoted. */
		assert_string_equal(vg_jpath_key(path, path, "secfixes"), "$.packages[2].secfixes");
		assert_string_equal(vg_jpath_key(path, path, "7.2-r0"),
				    "$.packages[2].secfixes[\"7.2-r0\"]");
		assert_string_equal(vg_jpath_index(path, path, 0),
				    "$.packages[2].secfixes[\"7.2-r0\"][0]");
		assert_string_equal(vg_jpath_index(path, "$", 18446744073709551615u),
				    "$[18446744073709551615]");
	}
	{
		char path[VG_JPATH_MAX], key[300];
		size_t i;

		/* A quoted key is cut to 100 bytes; a path too long ends visibly. */
		memset(key, 'k', sizeof(key) - 1);
		key[sizeof(key) - 1] = '\0';
		key[0] = '-';
		vg_jpath_key(path, "$", key);
		assert_int_equal(strlen(path), 1 + 2 + 100 + 2);
		assert_string_equal(path + strlen(path) - 3, "k\"]");
		for (i = 0; i < 40; i++)
			vg_jpath_key(path, path, "member");
		assert_int_equal(strlen(path), VG_JPATH_MAX - 1);
		assert_string_equal(path + VG_JPATH_MAX - 4, "...");
		key[0] = 'k';
		vg_jpath_key(path, "$", key); /* a plain key is not cut to 100 */
		assert_int_equal(strlen(path), VG_JPATH_MAX - 1);
		assert_string_equal(path + VG_JPATH_MAX - 4, "...");
	}
	assert_int_equal(n, 7);
	json_decref(root);
}

static void test_rfc3339_times_compare_as_instants(void **state)
{
	int64_t a, b;
	char buf[21];

	(void)state;
	assert_int_equal(vg_time_parse("2024-01-02T03:04:05Z", &a), VG_OK);
	assert_int_equal(vg_time_parse("2024-01-02T03:04:05.5Z", &b), VG_OK);
	assert_true(b - a == 500000); /* string order would say b < a */
	assert_int_equal(vg_time_parse("2024-01-02T05:04:05+02:00", &b), VG_OK);
	assert_true(a == b);
	assert_int_equal(vg_time_parse("1970-01-01", &a), VG_OK);
	assert_true(a == 0);
	vg_time_format(1704164645LL * 1000000, buf);
	assert_string_equal(buf, "2024-01-02T03:04:05Z");
	assert_int_equal(vg_time_parse("2024-13-01T00:00:00Z", &a), VG_EPARSE);
	assert_int_equal(vg_time_parse("2024-01-01T00:00:00", &a), VG_EPARSE);
	assert_int_equal(vg_time_parse("2024-01-01T00:00:00Zjunk", &a), VG_EPARSE);
	assert_int_equal(vg_time_parse("", &a), VG_EPARSE);
}

static void test_ages_read_as_people_say_them(void **state)
{
	const int64_t minute = INT64_C(60000000), hour = 60 * minute;
	char buf[24];

	(void)state;
	vg_time_age(59 * 1000000, buf);
	assert_string_equal(buf, "0 minutes");
	vg_time_age(minute, buf);
	assert_string_equal(buf, "1 minute");
	vg_time_age(59 * minute, buf);
	assert_string_equal(buf, "59 minutes");
	vg_time_age(hour, buf);
	assert_string_equal(buf, "1 hour");
	vg_time_age(47 * hour + 59 * minute, buf);
	assert_string_equal(buf, "47 hours");
	vg_time_age(48 * hour, buf);
	assert_string_equal(buf, "2 days");
	vg_time_age(400 * 24 * hour + 23 * hour, buf);
	assert_string_equal(buf, "400 days");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_error_prefix_builds_context),
		cmocka_unit_test(test_ages_read_as_people_say_them),
		cmocka_unit_test(test_error_message_is_truncated_not_overflowed),
		cmocka_unit_test(test_buf_grows_and_detaches),
		cmocka_unit_test(test_utf8_validation),
		cmocka_unit_test(test_strlist),
		cmocka_unit_test(test_atomic_write_replaces_or_leaves_alone),
		cmocka_unit_test(test_file_read_sizes_and_limits),
		cmocka_unit_test(test_json_errors_name_the_place),
		cmocka_unit_test(test_json_doc_parses_into_an_arena),
		cmocka_unit_test(test_json_doc_split_parse_is_the_whole_parse),
		cmocka_unit_test(test_json_doc_yields_to_a_later_allocator),
		cmocka_unit_test(test_rfc3339_times_compare_as_instants),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
