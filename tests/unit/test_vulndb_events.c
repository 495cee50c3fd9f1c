/*
 * test_vulndb_events.c - the compact event form of affected entries
 * (lib/vuln/events.c): made from the ranges JSON sorted and validated, NULL
 * for entries it cannot hold, and a scan that gives the same result whether
 * an entry is decided from its events or from its JSON.
 */
#include "testutil.h"
#include "vigil/buf.h"
#include "vigil/error.h"
#include "vigil/scan.h"
#include "vigil/sbom.h"
#include "vigil/vulndb.h"
#include "vuln/vulndb_internal.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

/* The events of ranges and versions given as JSON text (NULL: absent). */
static int encode(const char *ecosystem, const char *ranges, const char *versions, char **ev,
		  unsigned *holds)
{
	json_t *r = ranges ? json_loads(ranges, 0, NULL) : NULL;
	json_t *v = versions ? json_loads(versions, 0, NULL) : NULL;
	int rc;

	assert_true(!ranges || r);
	assert_true(!versions || v);
	rc = vulndb_events_encode(ecosystem, r, v, ev, holds);
	json_decref(r);
	json_decref(v);
	return rc;
}

static void test_encode_sorts_and_validates(void **state)
{
	char *ev = NULL;
	unsigned holds;

	(void)state;
	/* events out of order, a SEMVER and a GIT range, a versions list */
	assert_int_equal(encode(
				 "PyPI",
				 "[{\"type\":\"ECOSYSTEM\",\"events\":[{\"fixed\":\"1.10\"},"
				 "{\"introduced\":\"1.2\"},{\"last_affected\":\"0.9\"},"
				 "{\"introduced\":\"0\"}]},"
				 "{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"2.0.0\"},"
				 "{\"limit\":\"*\"}]},"
				 "{\"type\":\"GIT\",\"repo\":\"https://x\",\"events\":"
				 "[{\"introduced\":\"abc\"}]}]",
				 "[\"0.5 beta\", 7, \"3.0\"]", &ev, &holds),
			 VG_OK);
	assert_non_null(ev);
	/* a GIT range's commits and a version that is no string are not kept */
	assert_int_equal(holds, 0);
	assert_string_equal(ev, "pypi\nv 0.5 beta\nv 3.0\n"
				"r ECOSYSTEM\ni 0\nl 0.9\ni 1.2\nf 1.10\n"
				"r SEMVER\ni 2.0.0\nL *\nr GIT\n");
	free(ev);

	/* an invalid Go version: no compact form, the JSON path will say why */
	assert_int_equal(encode("Go",
					      "[{\"type\":\"ECOSYSTEM\",\"events\":"
					      "[{\"introduced\":\"0\"},{\"fixed\":\"1.x\"}]}]",
					      NULL, &ev, &holds),
			 VG_OK);
	assert_null(ev);
	assert_int_equal(holds, 0);
	/* ranges that are no list and a version with a newline: none either */
	assert_int_equal(encode("npm", "{}", NULL, &ev, &holds), VG_OK);
	assert_null(ev);
	assert_int_equal(encode("npm", NULL, "[\"1\\n2\"]", &ev, &holds), VG_OK);
	assert_null(ev);
	/* no ranges and no versions: the scheme alone, nothing matches */
	assert_int_equal(encode("Debian:12", NULL, NULL, &ev, &holds), VG_OK);
	assert_string_equal(ev, "debian\n");
	assert_int_equal(holds, 0);
	free(ev);
}

/* What the events hold of an entry, and ranges and versions rebuilt from them. */
static unsigned holds_of(const char *ranges, const char *versions, char **ev)
{
	unsigned holds;

	assert_int_equal(encode("PyPI", ranges, versions, ev, &holds), VG_OK);
	assert_non_null(*ev);
	return holds;
}

static char *rebuilt(const char *ev, bool ranges)
{
	char *text = NULL;

	assert_int_equal(ranges ? vulndb_events_ranges_json(ev, &text)
				: vulndb_events_versions_json(ev, &text),
			 VG_OK);
	return text;
}

static void test_events_hold_and_rebuild(void **state)
{
	const char *clean = "[{\"type\":\"ECOSYSTEM\",\"events\":[{\"fixed\":\"1.10\"},"
			    "{\"introduced\":\"1.2\"},{\"last_affected\":\"0.9\"},"
			    "{\"introduced\":\"0\"}]},{\"type\":\"SEMVER\",\"events\":"
			    "[{\"introduced\":\"2.0.0\"},{\"limit\":\"*\"}]}]";
	char *ev, *text;

	(void)state;
	/* every event and version kept: both rebuilt, the events in version order */
	assert_int_equal(holds_of(clean, "[\"0.5 \\\"beta\\\"\", \"3.0\"]", &ev),
			 VULNDB_HOLDS_RANGES | VULNDB_HOLDS_VERSIONS);
	text = rebuilt(ev, true);
	assert_string_equal(text, "[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},"
				  "{\"last_affected\":\"0.9\"},{\"introduced\":\"1.2\"},"
				  "{\"fixed\":\"1.10\"}]},{\"type\":\"SEMVER\",\"events\":"
				  "[{\"introduced\":\"2.0.0\"},{\"limit\":\"*\"}]}]");
	free(text);
	text = rebuilt(ev, false);
	assert_string_equal(text, "[\"0.5 \\\"beta\\\"\",\"3.0\"]");
	free(text);
	free(ev);
	/* "[]" and absent lists are stored as they are; nothing to rebuild */
	assert_int_equal(holds_of("[]", "[]", &ev), 0);
	assert_null(rebuilt(ev, true));
	assert_null(rebuilt(ev, false));
	free(ev);
	assert_int_equal(holds_of(clean, NULL, &ev), VULNDB_HOLDS_RANGES);
	free(ev);
	/* what the events do not keep: a range's repo or database_specific, an
	 * event's other member */
	assert_int_equal(holds_of("[{\"type\":\"SEMVER\",\"repo\":\"https://x\",\"events\":"
				  "[{\"introduced\":\"0\"}]}]", "[\"1\"]", &ev),
			 VULNDB_HOLDS_VERSIONS);
	free(ev);
	assert_int_equal(holds_of("[{\"type\":\"SEMVER\",\"database_specific\":{},\"events\":"
				  "[{\"introduced\":\"0\"}]}]", NULL, &ev),
			 0);
	free(ev);
	assert_int_equal(holds_of("[{\"type\":\"SEMVER\",\"events\":"
				  "[{\"introduced\":\"0\",\"note\":1}]}]", NULL, &ev),
			 0);
	free(ev);
	/* text that is not the encoder's: what came before it */
	text = rebuilt("pypi\nv 1\nr SEMVER\ni 0\nbad\nf 2\n", true);
	assert_string_equal(text, "[{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"0\"}]}]");
	free(text);
}

static vg_events_verdict verdict(const char *events, vg_version_scheme scheme,
				 const char *version, const char *matched)
{
	vg_events_verdict v;
	char *text = NULL;

	assert_int_equal(vg_vulndb_events_verdict(events, scheme, version, &v, &text), VG_OK);
	if (v == VG_EVENTS_INSIDE)
		assert_string_equal(text, matched);
	else
		assert_null(text);
	free(text);
	return v;
}

#define IN VG_EVENTS_INSIDE
#define OUT VG_EVENTS_OUTSIDE
#define UNKNOWN VG_EVENTS_UNKNOWN

static void test_verdict(void **state)
{
	const char *ev = "pypi\nv 0.5b1\nr ECOSYSTEM\ni 0\nl 0.9\ni 1.2\nf 1.10\n"
			 "r SEMVER\ni 2.0.0\nf 2.1.0\n";
	const char *ranges = "ECOSYSTEM: introduced 0, last_affected 0.9, introduced 1.2, "
			     "fixed 1.10; SEMVER: introduced 2.0.0, fixed 2.1.0";
	char with_git[256], listed[256];

	(void)state;
	snprintf(listed, sizeof(listed), "listed as an affected version; %s", ranges);
	assert_int_equal(verdict(ev, VG_VERSION_PYPI, "0.9", ranges), IN);  /* last_affected */
	assert_int_equal(verdict(ev, VG_VERSION_PYPI, "1.0.0", NULL), OUT); /* between the two */
	assert_int_equal(verdict(ev, VG_VERSION_PYPI, "1.9.0", ranges), IN); /* 1.9 < 1.10 in PEP 440 */
	assert_int_equal(verdict(ev, VG_VERSION_PYPI, "1.10.0", NULL), OUT); /* fixed */
	assert_int_equal(verdict(ev, VG_VERSION_PYPI, "2.0.5", ranges), IN);  /* the SEMVER range */
	assert_int_equal(verdict(ev, VG_VERSION_PYPI, "0.5b1", listed), IN);
	/* a listed version's prefix or extension is not listed (the ranges hold them) */
	assert_int_equal(verdict(ev, VG_VERSION_PYPI, "0.5b", ranges), IN);
	assert_int_equal(verdict(ev, VG_VERSION_PYPI, "0.5b10", ranges), IN);
	/* what the compact form cannot decide is "unknown": the JSON path decides */
	assert_int_equal(verdict(ev, VG_VERSION_PYPI, "1.0", NULL), UNKNOWN); /* not SemVer */
	assert_int_equal(verdict(ev, VG_VERSION_NPM, "1.0", NULL), UNKNOWN); /* another scheme */
	assert_int_equal(verdict(ev, VG_VERSION_PYPI, "not a version!", NULL), UNKNOWN);
	assert_int_equal(verdict("pypi\nr ECOSYSTEM\nx 1\n", VG_VERSION_PYPI, "1.0", NULL),
			 UNKNOWN); /* malformed */
	assert_int_equal(verdict("pypi", VG_VERSION_PYPI, "1.0", NULL), UNKNOWN);
	assert_int_equal(verdict("debian\n", VG_VERSION_DEBIAN, "1.0-1", NULL), OUT);
	/* A GIT range's commits are not kept: a hit there is described from the
	 * JSON; a miss is still a miss. */
	snprintf(with_git, sizeof(with_git), "%sr GIT\n", ev);
	assert_int_equal(verdict(with_git, VG_VERSION_PYPI, "0.9", NULL), UNKNOWN);
	assert_int_equal(verdict(with_git, VG_VERSION_PYPI, "1.0.0", NULL), OUT);
}

/* Two records on one npm package: one clean, one whose range has a version
 * npm's scheme rejects (no events; the scan warns about it). */
static const char osv_clean[] =
	"{\"id\": \"GHSA-0001\", \"modified\": \"2024-01-01T00:00:00Z\","
	" \"affected\": [{\"package\": {\"ecosystem\": \"npm\", \"name\": \"pad\"},"
	"   \"versions\": [\"0.0.1-x\"],"
	"   \"ranges\": [{\"type\": \"SEMVER\", \"events\": [{\"fixed\": \"1.3.0\"},"
	"   {\"introduced\": \"1.0.0\"}, {\"introduced\": \"2.0.0\"}, {\"fixed\": \"2.0.4\"}]}]}]}";
static const char osv_invalid[] =
	"{\"id\": \"GHSA-0002\", \"modified\": \"2024-01-01T00:00:00Z\","
	" \"affected\": [{\"package\": {\"ecosystem\": \"npm\", \"name\": \"pad\"},"
	"   \"ranges\": [{\"type\": \"ECOSYSTEM\", \"events\": [{\"introduced\": \"0\"},"
	"   {\"fixed\": \"1.x\"}]}]}]}";

static void import_text(vg_vulndb *db, const char *dir, const char *name, const char *text)
{
	vg_import_report report = { 0 };

	if (vg_vulndb_import(db, vg_test_write_file(dir, name, text), NULL, &report) != VG_OK)
		fail_msg("%s: %s", name, vg_error_message());
	vg_import_report_free(&report);
}

/* Entries whose `column` is (or is not) NULL. */
static int count_null(vg_vulndb *db, const char *column, bool null)
{
	sqlite3_stmt *st;
	char sql[128];
	int n = -1;

	snprintf(sql, sizeof(sql), "SELECT count(*) FROM affected WHERE %s IS %s", column,
		 null ? "NULL" : "NOT NULL");
	assert_int_equal(sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* Each entry's JSON, rebuilt from its events where the import left it out,
 * stored in its row, and the events dropped. */
static void store_rebuilt_json(vg_vulndb *db)
{
	sqlite3_stmt *st, *up;
	char *ranges, *versions;

	assert_int_equal(sqlite3_prepare_v2(db->sql, "SELECT id, events FROM affected WHERE "
						     "events IS NOT NULL", -1, &st, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db->sql, "UPDATE affected SET events = NULL, "
						     "ranges = coalesce(ranges, ?), versions = "
						     "coalesce(versions, ?) WHERE id = ?", -1, &up, NULL),
			 SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		ranges = rebuilt((const char *)sqlite3_column_text(st, 1), true);
		versions = rebuilt((const char *)sqlite3_column_text(st, 1), false);
		sqlite3_bind_text(up, 1, ranges, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(up, 2, versions, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(up, 3, sqlite3_column_int64(st, 0));
		assert_int_equal(sqlite3_step(up), SQLITE_DONE);
		sqlite3_reset(up);
		free(ranges);
		free(versions);
	}
	sqlite3_finalize(up);
	sqlite3_finalize(st);
}

/* One line per finding and warning, in result order. */
static char *summarise(vg_vulndb *db, const vg_sbom *s)
{
	vg_scan_result r;
	vg_buf b = VG_BUF_INIT;
	size_t i;

	if (vg_scan(db, s, NULL, &r) != VG_OK)
		fail_msg("%s", vg_error_message());
	for (i = 0; i < r.count; i++)
		vg_buf_printf(&b, "%s %s %s [%s] fixed %zu\n", r.findings[i].vuln,
			      r.findings[i].component_ref, r.findings[i].record_id,
			      r.findings[i].matched, r.findings[i].fixed.count);
	for (i = 0; i < r.warnings.count; i++)
		vg_buf_printf(&b, "warning: %s\n", r.warnings.items[i]);
	vg_scan_result_free(&r);
	return vg_buf_detach(&b);
}

static void test_scan_same_either_path(void **state)
{
	static const char *const versions[] = { "0.0.1-x", "0.9.0", "1.0.0", "1.2.9",
						"1.3.0", "2.0.3", "2.0.4", "latest" };
	const char *dir = vg_test_tmpdir("events");
	vg_vulndb *db = vg_test_vulndb("events", NULL);
	vg_sbom *s = vg_sbom_new();
	vg_component *c;
	char ref[32], purl[64], *fast, *slow;
	size_t i;

	(void)state;
	import_text(db, dir, "clean.json", osv_clean);
	import_text(db, dir, "invalid.json", osv_invalid);
	assert_int_equal(count_null(db, "events", false), 1);
	assert_int_equal(count_null(db, "events", true), 1);
	for (i = 0; i < sizeof(versions) / sizeof(versions[0]); i++) {
		snprintf(ref, sizeof(ref), "pad-%zu", i);
		snprintf(purl, sizeof(purl), "pkg:npm/pad@%s", versions[i]);
		c = vg_sbom_add_component(s, ref);
		c->name = strdup("pad");
		c->version = strdup(versions[i]);
		c->purl = strdup(purl);
	}
	fast = summarise(db, s);
	/* the hits, the invalid record's warning: what the JSON path has always said */
	assert_non_null(strstr(fast, "GHSA-0001 pad-0 GHSA-0001 [listed as an affected version"));
	assert_non_null(strstr(fast, "GHSA-0001 pad-3 "));
	assert_non_null(strstr(fast, "GHSA-0001 pad-5 "));
	assert_null(strstr(fast, "GHSA-0001 pad-4 "));
	assert_null(strstr(fast, "GHSA-0001 pad-6 "));
	assert_non_null(strstr(fast, "GHSA-0001 pad-2 "));
	assert_non_null(strstr(fast, "warning: osv GHSA-0002, npm pad: ranges.events[1].fixed: "
				     "'1.x' is not a valid npm version"));
	/* an installed version the scheme rejects: the clean entry warns too */
	assert_non_null(strstr(fast, "warning: osv GHSA-0001, npm pad: ranges[0]: 'latest'"));
	/* the import kept the clean entry's JSON in its events only */
	assert_int_equal(count_null(db, "ranges", false), 1);
	/* every entry through the JSON path, as in a database of schema 3, from
	 * the JSON rebuilt from the events */
	store_rebuilt_json(db);
	assert_int_equal(count_null(db, "ranges", false), 2);
	assert_int_equal(count_null(db, "events", false), 0);
	slow = summarise(db, s);
	assert_string_equal(fast, slow);
	free(fast);
	free(slow);
	vg_sbom_free(s);
	vg_vulndb_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_encode_sorts_and_validates),
		cmocka_unit_test(test_events_hold_and_rebuild),
		cmocka_unit_test(test_verdict),
		cmocka_unit_test(test_scan_same_either_path),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
