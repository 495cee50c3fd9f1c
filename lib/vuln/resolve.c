/*
 * resolve.c - which vulnerability a record belongs to, merging by aliases,
 * and storing records.
 *
 * A record names identifiers: its own id and its aliases.  Each identifier
 * maps to at most one vulnerability (table alias).  If none maps yet, a new
 * vulnerability is made; if several different vulnerabilities are named, the
 * record proves they are the same, and they are merged into the oldest one.
 * The display name is a CVE id whenever one is known, so users see CVE-...
 * first and the GHSA/OSV/DSA ids as aliases.
 */
#include "vulndb_internal.h"
#include "vigil/error.h"

#include <stdlib.h>
#include <string.h>

static bool is_cve(const char *id)
{
	return strncmp(id, "CVE-", 4) == 0;
}

/* Run a cached statement whose parameters are the integers a (and b). */
static int run_ids(vg_vulndb *db, const char *sql, int64_t a, int64_t b, const char *what)
{
	sqlite3_stmt *st;
	int rc = vulndb_stmt(db, sql, &st);

	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, a);
	if (sqlite3_bind_parameter_count(st) > 1)
		sqlite3_bind_int64(st, 2, b);
	return vulndb_stmt_run(db, st, what);
}

/* The vulnerability an identifier belongs to, or 0. */
static int lookup_alias(vg_vulndb *db, const char *id, int64_t *vuln)
{
	sqlite3_stmt *st;
	int rc = vulndb_stmt(db, "SELECT vuln FROM alias WHERE name = ?", &st);

	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	*vuln = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	vulndb_stmt_done(st);
	return VG_OK;
}

/* Move everything of vulnerability `from` to `into` and delete `from`. */
static int merge_into(vg_vulndb *db, int64_t into, int64_t from)
{
	int rc = run_ids(db, "UPDATE alias SET vuln = ?1 WHERE vuln = ?2", into, from, "merging");

	if (rc == VG_OK)
		rc = run_ids(db, "UPDATE record SET vuln = ?1 WHERE vuln = ?2", into, from, "merging");
	if (rc == VG_OK)
		rc = run_ids(db, "DELETE FROM vulnerability WHERE id = ?1", from, 0, "merging");
	return rc;
}

static int create_vuln(vg_vulndb *db, const char *name, int64_t *vuln)
{
	sqlite3_stmt *st;
	int rc = vulndb_stmt(db, "INSERT INTO vulnerability(name) VALUES (?)", &st);

	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	rc = vulndb_stmt_run(db, st, "adding vulnerability");
	*vuln = sqlite3_last_insert_rowid(db->sql);
	return rc;
}

static int add_alias(vg_vulndb *db, const char *id, int64_t vuln)
{
	sqlite3_stmt *st;
	int rc = vulndb_stmt(db, "INSERT OR REPLACE INTO alias(name, vuln) VALUES (?, ?)", &st);

	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, vuln);
	return vulndb_stmt_run(db, st, "adding alias");
}

/* Rename to a CVE id if the vulnerability has none as its name yet. */
static int prefer_cve_name(vg_vulndb *db, int64_t vuln, const char *cve)
{
	sqlite3_stmt *st;
	int rc = vulndb_stmt(db, "UPDATE vulnerability SET name = ?1 "
				 "WHERE id = ?2 AND name NOT LIKE 'CVE-%'", &st);

	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, cve, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, vuln);
	return vulndb_stmt_run(db, st, "naming vulnerability");
}

int vulndb_resolve(vg_vulndb *db, const char *id, const vg_strlist *aliases, int64_t *vuln)
{
	size_t n = aliases ? aliases->count : 0, i;
	const char *cve = is_cve(id) ? id : NULL;
	int64_t target = 0, found;
	bool all_mapped = true; /* every identifier already names `target` */
	int rc = VG_OK;

	for (i = 0; i <= n && rc == VG_OK; i++) {
		const char *name = i == 0 ? id : aliases->items[i - 1];

		if (!cve && is_cve(name))
			cve = name;
		rc = lookup_alias(db, name, &found);
		if (rc == VG_OK && found != target && (target || !found))
			all_mapped = false;
		if (rc || !found || found == target)
			continue;
		if (!target) {
			target = found;
		} else if (found < target) {
			rc = merge_into(db, found, target);
			target = found;
		} else {
			rc = merge_into(db, target, found);
		}
	}
	*vuln = target;
	/* The common re-import: nothing to add, merge or rename. */
	if (rc || (target && all_mapped))
		return rc;
	/* A new vulnerability is named by its CVE already. */
	if (!target && (rc = create_vuln(db, cve ? cve : id, &target)) == VG_OK)
		cve = NULL;
	for (i = 0; i <= n && rc == VG_OK; i++)
		rc = add_alias(db, i == 0 ? id : aliases->items[i - 1], target);
	if (rc == VG_OK && cve)
		rc = prefer_cve_name(db, target, cve);
	*vuln = target;
	return rc;
}

#define RECORD_COLUMNS "record(source, record_id, vuln, published, modified, summary, details) "

/* Run an INSERT of a record row (sql: RECORD_COLUMNS with seven values). */
static int insert_record(vg_vulndb *db, const char *sql, int64_t vuln, const char *source,
			 const char *record_id, const char *published, const char *modified,
			 const char *summary, const char *details)
{
	sqlite3_stmt *st;
	int rc = vulndb_stmt(db, sql, &st);

	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, source, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, record_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, vuln);
	vulndb_bind_text(st, 4, published);
	vulndb_bind_text(st, 5, modified);
	vulndb_bind_text(st, 6, summary);
	vulndb_bind_text(st, 7, details);
	return vulndb_stmt_run(db, st, "adding record");
}

int vulndb_put_record(vg_vulndb *db, int64_t vuln, const char *source, const char *record_id,
		      const char *published, const char *modified, const char *summary,
		      const char *details, int64_t *record, bool *is_new)
{
	sqlite3_stmt *st;
	int64_t existing = 0;
	/* Most records are new: try that first, one statement instead of two. */
	int rc = insert_record(db, "INSERT OR IGNORE INTO " RECORD_COLUMNS "VALUES (?, ?, ?, ?, ?, ?, ?)",
			       vuln, source, record_id, published, modified, summary, details);

	*is_new = rc == VG_OK && sqlite3_changes(db->sql) == 1;
	*record = sqlite3_last_insert_rowid(db->sql);
	if (rc || *is_new)
		return rc;
	rc = vulndb_stmt(db, "SELECT id FROM record WHERE source = ? AND record_id = ?", &st);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, source, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, record_id, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		existing = sqlite3_column_int64(st, 0);
	vulndb_stmt_done(st);

	/* Replacing deletes the old row; ON DELETE CASCADE removes its children. */
	if (existing &&
	    (rc = run_ids(db, "DELETE FROM record WHERE id = ?1", existing, 0, "replacing record")))
		return rc;
	rc = insert_record(db, "INSERT INTO " RECORD_COLUMNS "VALUES (?, ?, ?, ?, ?, ?, ?)", vuln,
			   source, record_id, published, modified, summary, details);
	*record = sqlite3_last_insert_rowid(db->sql);
	return rc;
}
