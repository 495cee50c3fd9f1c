/*
 * test_feed.c - the feed updater's pure parts: the NVD rolling-window rate
 * limit (no sleeping: the function is given the request times), the
 * database's meta state that carries the last NVD update time, and the
 * libraries that downloads and imports load on first use.
 */
#include "testutil.h"
#include "archive/archive_load.h"
#include "vigil/download.h"
#include "vigil/error.h"
#include "vigil/feed.h"
#include "vigil/vulndb.h"

#include <stdlib.h>
#include <string.h>

#define W 30000u /* the NVD window, ms */

static void test_ratelimit_under_the_limit_never_waits(void **state)
{
	const uint64_t sent[] = { 1000, 1001, 1002, 1003 };

	(void)state;
	assert_int_equal(vg_feed_ratelimit_wait(sent, 0, 5, W, 0), 0);
	assert_int_equal(vg_feed_ratelimit_wait(sent, 4, 5, W, 1004), 0);
	assert_int_equal(vg_feed_ratelimit_wait(sent, 4, 0, W, 1004), 0); /* no limit */
}

static void test_ratelimit_waits_for_the_oldest_to_leave_the_window(void **state)
{
	/* 5 requests at t = 0, 1, 2, 3, 4 s: the 6th may go at 30 s. */
	const uint64_t sent[] = { 0, 1000, 2000, 3000, 4000 };

	(void)state;
	assert_int_equal(vg_feed_ratelimit_wait(sent, 5, 5, W, 4000), 26000);
	assert_int_equal(vg_feed_ratelimit_wait(sent, 5, 5, W, 29999), 1);
	assert_int_equal(vg_feed_ratelimit_wait(sent, 5, 5, W, 30000), 0);
	assert_int_equal(vg_feed_ratelimit_wait(sent, 5, 5, W, 90000), 0);
}

static void test_ratelimit_looks_at_the_latest_limit_requests(void **state)
{
	/* 7 recorded; with limit 5 the one that matters is sent[2] (t = 10 s). */
	const uint64_t sent[] = { 0, 5000, 10000, 11000, 12000, 13000, 14000 };

	(void)state;
	assert_int_equal(vg_feed_ratelimit_wait(sent, 7, 5, W, 15000), 25000);
	/* With a key (50 per 30 s) seven requests are nowhere near the limit. */
	assert_int_equal(vg_feed_ratelimit_wait(sent, 7, 50, W, 15000), 0);
	/* A burst of 50 at t = 100 s: the 51st waits the whole window. */
	uint64_t burst[50];
	for (size_t i = 0; i < 50; i++)
		burst[i] = 100000;
	assert_int_equal(vg_feed_ratelimit_wait(burst, 50, 50, W, 100000), W);
	assert_int_equal(vg_feed_ratelimit_wait(burst, 49, 50, W, 100000), 0);
}

static void test_meta_round_trip(void **state)
{
	vg_vulndb *db = vg_test_vulndb("feed_meta", NULL);
	char *v = NULL;

	(void)state;
	assert_int_equal(vg_vulndb_meta_get(db, VG_FEED_NVD_META_KEY, &v), VG_OK);
	assert_null(v);
	assert_int_equal(vg_vulndb_meta_set(db, VG_FEED_NVD_META_KEY, "2025-01-02T03:04:05Z"), VG_OK);
	assert_int_equal(vg_vulndb_meta_set(db, VG_FEED_NVD_META_KEY, "2025-02-02T03:04:05Z"), VG_OK);
	assert_int_equal(vg_vulndb_meta_get(db, VG_FEED_NVD_META_KEY, &v), VG_OK);
	assert_string_equal(v, "2025-02-02T03:04:05Z");
	free(v);
	vg_vulndb_close(db);
}

/* Feed URLs name OSV ecosystems, some with ':' or spaces; libcurl (loaded on
 * first use) encodes them. */
static void test_download_escape(void **state)
{
	static const char *const cases[][2] = {
		{ "crates.io", "crates.io" },
		{ "Ubuntu:22.04:LTS", "Ubuntu%3A22.04%3ALTS" },
		{ "Alpine/v3 x~_-", "Alpine%2Fv3%20x~_-" },
		{ "", "" },
	};
	size_t i;
	char *e;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		e = vg_download_escape(cases[i][0]);
		assert_non_null(e);
		assert_string_equal(e, cases[i][1]);
		free(e);
	}
}

/* Feeds arrive as zip or gzip files, which libarchive (loaded on first use)
 * reads: the symbol table covers every member of vg_libarchive once, and
 * every function is found. */
static void test_libarchive_loads(void **state)
{
	const vg_libarchive *ar = NULL, *again = NULL;
	bool covered[sizeof(vg_libarchive) / sizeof(void (*)(void))] = { false };
	void (*fn)(void);
	struct archive *a;
	size_t i, at;

	(void)state;
	if (vg_libarchive_load(&ar) != VG_OK)
		fail_msg("%s", vg_error_message());
	assert_non_null(ar);
	assert_int_equal(vg_libarchive_symbol_count * sizeof(fn), sizeof(*ar));
	for (i = 0; i < vg_libarchive_symbol_count; i++) {
		at = vg_libarchive_symbols[i].offset;
		assert_int_equal(at % sizeof(fn), 0);
		assert_true(at < sizeof(*ar));
		assert_false(covered[at / sizeof(fn)]);
		covered[at / sizeof(fn)] = true;
		memcpy(&fn, (const char *)ar + at, sizeof(fn));
		if (!fn)
			fail_msg("%s was not loaded", vg_libarchive_symbols[i].symbol);
	}
	assert_int_equal(vg_libarchive_load(&again), VG_OK);
	assert_ptr_equal(again, ar);
	a = ar->read_new();
	assert_non_null(a);
	assert_int_equal(ar->read_support_format_zip(a), ARCHIVE_OK);
	assert_int_equal(ar->read_free(a), ARCHIVE_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ratelimit_under_the_limit_never_waits),
		cmocka_unit_test(test_ratelimit_waits_for_the_oldest_to_leave_the_window),
		cmocka_unit_test(test_ratelimit_looks_at_the_latest_limit_requests),
		cmocka_unit_test(test_meta_round_trip),
		cmocka_unit_test(test_download_escape),
		cmocka_unit_test(test_libarchive_loads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
