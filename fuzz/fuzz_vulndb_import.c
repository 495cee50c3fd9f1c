/*
 * fuzz_vulndb_import.c - the one harness of every feed importer: arbitrary
 * bytes go through the public entry point vg_vulndb_import(), so the format
 * is recognised from the content exactly as `vigil db import` does (OSV JSON
 * and zip, NVD 2.0 and 1.1, CVE 5, CISA KEV, FIRST EPSS CSV, Debian DSA/DLA
 * lists and tracker JSON, Alpine secdb, CSAF; gzip of any of them).  The
 * seeds in fuzz/corpus/vulndb_import/ are one small document per format.
 *
 * Each input is imported twice into an empty in-memory database: the second
 * import runs the incremental paths (unchanged records, withdrawals, the
 * snapshot lists' sweep) over what the first one stored.  After each import
 * the database must be consistent (check_invariants()), and the entries
 * stored with their events only must give their JSON back.
 */
#include "vigil/error.h"
#include "vigil/vulndb.h"
#include "vuln/vulndb_internal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every row any importer writes; children of record go with it (cascade). */
static const char reset_sql[] = "DELETE FROM record; DELETE FROM alias; DELETE FROM vulnerability; "
				"DELETE FROM kev; DELETE FROM epss; DELETE FROM meta;";

/* A count the database must hold at 0 after any import. */
static void expect_none(vg_vulndb *db, const char *what, const char *sql)
{
	sqlite3_stmt *st;

	if (vulndb_prepare(db, sql, &st) != VG_OK)
		abort();
	if (sqlite3_step(st) != SQLITE_ROW || sqlite3_column_int64(st, 0) != 0) {
		fprintf(stderr, "after the import: %s\n", what);
		abort();
	}
	sqlite3_finalize(st);
}

/*
 * An entry stored with its events only gives back JSON that makes the same
 * events: nothing the import left out was lost (events.c).
 */
static void check_rebuilt(vg_vulndb *db)
{
	sqlite3_stmt *st;
	char *ranges, *versions, *again;
	const char *events, *stored_ranges, *stored_versions;
	json_t *ranges_json, *versions_json;
	unsigned holds;

	if (vulndb_prepare(db, "SELECT ecosystem, events, ranges, versions FROM affected "
			       "WHERE events IS NOT NULL", &st) != VG_OK)
		abort();
	while (sqlite3_step(st) == SQLITE_ROW) {
		events = (const char *)sqlite3_column_text(st, 1);
		stored_ranges = (const char *)sqlite3_column_text(st, 2);
		stored_versions = (const char *)sqlite3_column_text(st, 3);
		ranges = versions = again = NULL;
		if (vulndb_events_ranges_json(events, &ranges) != VG_OK ||
		    vulndb_events_versions_json(events, &versions) != VG_OK)
			abort();
		if (stored_ranges)
			ranges_json = json_loads(stored_ranges, 0, NULL);
		else
			ranges_json = ranges ? json_loads(ranges, 0, NULL) : NULL;
		if (stored_versions)
			versions_json = json_loads(stored_versions, 0, NULL);
		else
			versions_json = versions ? json_loads(versions, 0, NULL) : NULL;
		if (vulndb_events_encode((const char *)sqlite3_column_text(st, 0), ranges_json,
					 versions_json, &again, &holds) != VG_OK)
			abort();
		json_decref(ranges_json);
		json_decref(versions_json);
		if (!again || strcmp(again, events)) {
			fprintf(stderr, "events %s rebuild to %s and %s, which encode to %s\n",
				events, ranges, versions, again);
			abort();
		}
		free(ranges);
		free(versions);
		free(again);
	}
	sqlite3_finalize(st);
}

/* What every import leaves true, whatever it was fed. */
static void check_invariants(vg_vulndb *db)
{
	expect_none(db, "the temp.seen table was left behind (the next import would fail)",
		    "SELECT count(*) FROM temp.sqlite_master WHERE name = 'seen'");
	expect_none(db, "a row refers to a missing one",
		    "SELECT count(*) FROM pragma_foreign_key_check");
	expect_none(db, "a vulnerability without records (lookups would still find it)",
		    "SELECT count(*) FROM vulnerability v WHERE NOT EXISTS "
		    "(SELECT 1 FROM record WHERE vuln = v.id)");
	check_rebuilt(db);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* One database, emptied after each input: making the schema anew each
	 * time would cost more than most inputs' import. */
	static vg_vulndb *db;
	char path[64];
	vg_import_report report;
	FILE *f;
	int i;

	if (!db && vg_vulndb_open(":memory:", VG_VULNDB_WRITE, &db) != VG_OK)
		abort();
	snprintf(path, sizeof(path), "/tmp/vg-fuzz-import-%d", (int)getpid());
	if (!(f = fopen(path, "wb")))
		return 0;
	if (fwrite(data, 1, size, f) != size) {
		fclose(f);
		unlink(path);
		return 0;
	}
	fclose(f);
	for (i = 0; i < 2; i++) {
		vg_vulndb_import(db, path, NULL, &report);
		vg_import_report_free(&report);
		check_invariants(db);
	}
	if (vulndb_exec(db, reset_sql) != VG_OK)
		abort();
	unlink(path);
	return 0;
}
