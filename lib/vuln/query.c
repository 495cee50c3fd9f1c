/*
 * query.c - the rows the scanner matches components against: affected
 * packages by (ecosystem, name) and CPE applicability by (vendor, product),
 * each served by an index (schema.c), through cached statements.
 */
#include "vulndb_internal.h"
#include "vigil/error.h"
#include "vigil/str.h"

#include <stdlib.h>
#include <string.h>

static const char *text(sqlite3_stmt *st, int col)
{
	return (const char *)sqlite3_column_text(st, col);
}

/* An entry's whole columns, after its record's (fill_record, fill_entry). */
#define ENTRY_COLUMNS                                                                     \
	"SELECT r.vuln, r.id, r.source, r.record_id, r.summary, a.ecosystem, a.name, "  \
	"a.purl, a.ranges, a.versions, a.fixed, a.status, a.events, a.default_status, " \
	"a.version_type, a.source_versions FROM affected a JOIN record r ON r.id = a.record "

/* Columns 0 to 4 of both ENTRY_COLUMNS and read_entry()'s brief statement. */
static void fill_record(sqlite3_stmt *st, vg_affected_row *row)
{
	row->vuln = sqlite3_column_int64(st, 0);
	row->record = sqlite3_column_int64(st, 1);
	row->source = text(st, 2);
	row->record_id = text(st, 3);
	row->summary = text(st, 4);
}

/* What the import left out of an entry's row because its events hold it
 * (events.c), rebuilt: row's ranges and versions then point into it. */
typedef struct rebuilt {
	char *ranges, *versions;
} rebuilt;

static void rebuilt_free(rebuilt *r)
{
	free(r->ranges);
	free(r->versions);
}

static int fill_entry(sqlite3_stmt *st, vg_affected_row *row, rebuilt *made)
{
	int rc = VG_OK;

	row->ecosystem = text(st, 5);
	row->name = text(st, 6);
	row->purl = text(st, 7);
	row->ranges = text(st, 8);
	row->versions = text(st, 9);
	row->fixed = text(st, 10);
	row->status = text(st, 11);
	row->events = text(st, 12);
	row->default_status = text(st, 13);
	row->version_type = text(st, 14);
	row->source_versions = text(st, 15);
	if (row->events && !row->ranges && (rc = vulndb_events_ranges_json(row->events,
									   &made->ranges)) == VG_OK)
		row->ranges = made->ranges;
	if (row->events && !row->versions && rc == VG_OK &&
	    (rc = vulndb_events_versions_json(row->events, &made->versions)) == VG_OK)
		row->versions = made->versions;
	return rc;
}

/*
 * The entry at the walk's row, for `fn`: whole (its row and its record's),
 * or brief (the index's columns and its record's row only; no name, which
 * the folded index holds lower-cased).
 */
static int read_entry(vg_vulndb *db, sqlite3_stmt *walk, const char *ecosystem, bool whole,
		      vg_affected_fn fn, void *ctx)
{
	sqlite3_stmt *st;
	vg_affected_row row = { 0 };
	rebuilt made = { 0 };
	int rc = whole ? vulndb_stmt(db, ENTRY_COLUMNS "WHERE a.id = ?", &st)
		       : vulndb_stmt(db, "SELECT vuln, id, source, record_id, summary FROM record "
					 "WHERE id = ?", &st);

	if (rc)
		return rc;
	/* the walk's columns: id, status, events, record, fixed */
	sqlite3_bind_int64(st, 1, sqlite3_column_int64(walk, whole ? 0 : 3));
	if (sqlite3_step(st) == SQLITE_ROW) {
		fill_record(st, &row);
		if (whole) {
			rc = fill_entry(st, &row, &made);
		} else {
			row.ecosystem = ecosystem;
			row.fixed = text(walk, 4);
			row.status = text(walk, 1);
			row.events = text(walk, 2);
		}
		if (rc == VG_OK)
			rc = fn(&row, ctx);
	}
	vulndb_stmt_done(st);
	rebuilt_free(&made);
	return rc;
}

int vg_vulndb_each_record_affected(vg_vulndb *db, int64_t record, vg_affected_fn fn, void *ctx)
{
	sqlite3_stmt *st;
	vg_affected_row row = { 0 };
	int rc = vulndb_stmt(db, ENTRY_COLUMNS "WHERE a.record = ? ORDER BY a.id", &st);

	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, record);
	while (rc == VG_OK && sqlite3_step(st) == SQLITE_ROW) {
		rebuilt made = { 0 };

		fill_record(st, &row);
		if ((rc = fill_entry(st, &row, &made)) == VG_OK)
			rc = fn(&row, ctx);
		rebuilt_free(&made);
	}
	vulndb_stmt_done(st);
	return rc;
}

bool vulndb_folds_case(const char *ecosystem)
{
	return !strcmp(ecosystem, "PyPI") || !strcmp(ecosystem, "NuGet");
}

int vulndb_key_make(vulndb_key *k, const char *ecosystem, const char *name)
{
	size_t n = strlen(name);
	char *copy;

	k->heap = NULL;
	k->text = name;
	if (!vulndb_folds_case(ecosystem))
		return VG_OK;
	copy = n < sizeof(k->small) ? k->small : (k->heap = malloc(n + 1));
	if (!copy)
		return vg_error_set(VG_ENOMEM, "out of memory");
	memcpy(copy, name, n + 1);
	vg_str_lower(copy);
	k->text = copy;
	return VG_OK;
}

void vulndb_key_free(vulndb_key *k)
{
	free(k->heap);
	k->heap = NULL;
}

/*
 * Each ecosystem's entries are in one of two partial package indexes
 * (schema.c): the statements repeat the index's WHERE so that the planner
 * may use it, and name the folded one, which it would otherwise pass over.
 * Both indexes cover what the walk selects.
 */
#define WALK_COLUMNS "SELECT a.id, a.status, a.events, a.record, a.fixed FROM affected a "
#define WALK_FOLDED                                                                      \
	WALK_COLUMNS "INDEXED BY affected_package_folded WHERE a.ecosystem IN "            \
		     VULNDB_FOLDED_ECOSYSTEMS " AND a.ecosystem = ? AND lower(a.name) = ?"
#define WALK_PLAIN                                                                        \
	WALK_COLUMNS "WHERE a.ecosystem NOT IN " VULNDB_FOLDED_ECOSYSTEMS " AND a.ecosystem = ? " \
		     "AND a.name = ?"

/*
 * The walk reads id, status, events, record and fixed from the package index
 * alone; `keep` decides from the first three what else to read.
 */
int vg_vulndb_each_affected(vg_vulndb *db, const char *ecosystem, const char *name,
			    vg_affected_filter keep, vg_affected_fn fn, void *ctx)
{
	sqlite3_stmt *st;
	vulndb_key key;
	vg_affected_read want;
	int rc = vulndb_key_make(&key, ecosystem, name);

	if (rc == VG_OK)
		rc = vulndb_stmt(db, vulndb_folds_case(ecosystem) ? WALK_FOLDED : WALK_PLAIN, &st);
	if (rc) {
		vulndb_key_free(&key);
		return rc;
	}
	sqlite3_bind_text(st, 1, ecosystem, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, key.text, -1, SQLITE_STATIC);
	while (rc == VG_OK && sqlite3_step(st) == SQLITE_ROW) {
		want = keep ? keep(text(st, 1), text(st, 2), ctx) : VG_AFFECTED_WHOLE;
		if (want != VG_AFFECTED_SKIP)
			rc = read_entry(db, st, ecosystem, want == VG_AFFECTED_WHOLE, fn, ctx);
	}
	vulndb_stmt_done(st);
	vulndb_key_free(&key);
	return rc;
}

int vg_vulndb_has_ecosystem(vg_vulndb *db, const char *ecosystem, bool *out)
{
	sqlite3_stmt *st;
	int rc = vulndb_stmt(db, vulndb_folds_case(ecosystem)
				     ? "SELECT 1 FROM affected INDEXED BY affected_package_folded "
				       "WHERE ecosystem IN " VULNDB_FOLDED_ECOSYSTEMS " AND ecosystem = ? LIMIT 1"
				     : "SELECT 1 FROM affected WHERE ecosystem NOT IN " VULNDB_FOLDED_ECOSYSTEMS
				       " AND ecosystem = ? LIMIT 1",
			     &st);

	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, ecosystem, -1, SQLITE_STATIC);
	*out = sqlite3_step(st) == SQLITE_ROW;
	vulndb_stmt_done(st);
	return VG_OK;
}

static int each_cpe_row(sqlite3_stmt *st, vg_cpe_fn fn, void *ctx)
{
	vg_cpe_row row;
	int rc = VG_OK;

	while (rc == VG_OK && sqlite3_step(st) == SQLITE_ROW) {
		row.vuln = sqlite3_column_int64(st, 0);
		row.record = sqlite3_column_int64(st, 1);
		row.source = text(st, 2);
		row.record_id = text(st, 3);
		row.config = sqlite3_column_int(st, 4);
		row.node = sqlite3_column_int(st, 5);
		row.config_operator = text(st, 6);
		row.node_operator = text(st, 7);
		row.config_negate = sqlite3_column_int(st, 8);
		row.node_negate = sqlite3_column_int(st, 9);
		row.vulnerable = sqlite3_column_int(st, 10);
		row.criteria = text(st, 11);
		row.version_start = text(st, 12);
		row.start_including = sqlite3_column_int(st, 13);
		row.version_end = text(st, 14);
		row.end_including = sqlite3_column_int(st, 15);
		rc = fn(&row, ctx);
	}
	vulndb_stmt_done(st);
	return rc;
}

#define CPE_COLUMNS                                                                        \
	"SELECT r.vuln, r.id, r.source, r.record_id, m.config, m.node, m.config_operator, " \
	"m.node_operator, m.config_negate, m.node_negate, m.vulnerable, m.criteria, "      \
	"m.version_start, m.start_including, m.version_end, m.end_including "              \
	"FROM cpe_match m JOIN record r ON r.id = m.record "

int vg_vulndb_each_cpe_product(vg_vulndb *db, const char *vendor, const char *product,
			       vg_cpe_fn fn, void *ctx)
{
	sqlite3_stmt *st;
	int rc = vulndb_stmt(db, CPE_COLUMNS "WHERE m.product = ? AND m.vendor = ?", &st);

	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, product, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, vendor, -1, SQLITE_STATIC);
	return each_cpe_row(st, fn, ctx);
}

int vg_vulndb_each_record_cpe(vg_vulndb *db, int64_t record, vg_cpe_fn fn, void *ctx)
{
	sqlite3_stmt *st;
	int rc = vulndb_stmt(db, CPE_COLUMNS "WHERE m.record = ? ORDER BY m.config, m.node, m.rowid",
			     &st);

	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, record);
	return each_cpe_row(st, fn, ctx);
}

int vg_vulndb_each_cpe_config(vg_vulndb *db, int64_t record, int config, vg_cpe_fn fn,
			      void *ctx)
{
	sqlite3_stmt *st;
	int rc = vulndb_stmt(db, CPE_COLUMNS "WHERE m.record = ? AND m.config = ? ORDER BY m.node",
			     &st);

	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, record);
	sqlite3_bind_int(st, 2, config);
	return each_cpe_row(st, fn, ctx);
}
