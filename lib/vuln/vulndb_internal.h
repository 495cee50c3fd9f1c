/*
 * vulndb_internal.h - what the files of lib/vuln/ share: the connection, SQL
 * helpers, alias resolution and the importers' entry points.  Not public.
 */
#ifndef VG_VULNDB_INTERNAL_H
#define VG_VULNDB_INTERNAL_H

#include "vigil/json.h"
#include "vigil/vulndb.h"

#include <sqlite3.h>
#include <stdint.h>

#define VULNDB_STMT_CACHE 64

struct vg_vulndb {
	sqlite3 *sql;
	char *path;
	/* Prepared statements of the import hot path, keyed by the address of
	 * their SQL text (a string literal), so each is compiled once. */
	struct {
		const char *sql;
		sqlite3_stmt *stmt;
	} cache[VULNDB_STMT_CACHE];
};

/* Bring the schema up to date (schema.c), all steps in one transaction. */
int vulndb_migrate(vg_vulndb *db);

/* Run SQL without results; errors name the database file. */
int vulndb_exec(vg_vulndb *db, const char *sql);
/* Prepare a statement; errors name the database file. */
int vulndb_prepare(vg_vulndb *db, const char *sql, sqlite3_stmt **out);
/*
 * A cached statement for `sql`, which must be a string literal (the cache is
 * keyed by its address).  Use it, then hand it back with vulndb_stmt_done();
 * never finalize it.
 */
int vulndb_stmt(vg_vulndb *db, const char *sql, sqlite3_stmt **out);
void vulndb_stmt_done(sqlite3_stmt *st);
/* Step a cached statement that returns no rows, and hand it back. */
int vulndb_stmt_run(vg_vulndb *db, sqlite3_stmt *st, const char *what);
/* Record the connection's last SQLite error as VG_EDB. */
int vulndb_sql_error(vg_vulndb *db, const char *what);
/* Bind text or NULL (empty strings bind as NULL too). */
void vulndb_bind_text(sqlite3_stmt *st, int index, const char *text);

/*
 * The vulnerability that the identifiers `id` and `aliases` belong to:
 * an existing one, a new one, or the merger of several existing ones.
 * Every identifier is recorded as an alias of it.
 */
int vulndb_resolve(vg_vulndb *db, const char *id, const vg_strlist *aliases, int64_t *vuln);

/*
 * Insert or replace the record (source, record_id) of vulnerability `vuln`.
 * *is_new tells whether it was new.  Child rows of a replaced record
 * (severities, references, affected, cpe matches) are deleted.
 */
int vulndb_put_record(vg_vulndb *db, int64_t vuln, const char *source, const char *record_id,
		      const char *published, const char *modified, const char *summary,
		      const char *details, int64_t *record, bool *is_new);

/* Note one malformed record of file `name` in the report (message from the
 * last error, prefixed with the file name unless name is NULL). */
void vulndb_report_failure(vg_import_report *report, const char *name);

/*
 * Full-snapshot feeds (KEV, EPSS) track which keys the new snapshot lists in
 * a temporary table temp.seen(key), so the keys it no longer lists can be
 * removed at the end:  begin, mark each key, remove with
 * "DELETE FROM t WHERE k NOT IN (SELECT key FROM temp.seen)", end.
 */
int vulndb_seen_begin(vg_vulndb *db);
int vulndb_seen_mark(vg_vulndb *db, const char *key);
int vulndb_seen_end(vg_vulndb *db);

/* Importers: run inside the import transaction. */
int vulndb_import_kev(vg_vulndb *db, const char *name, const json_t *root,
		      const vg_progress *progress, vg_import_report *report);
/* One OSV record, or an array of them. */
int vulndb_import_osv(vg_vulndb *db, const char *name, const json_t *doc,
		      vg_import_report *report);
int vulndb_import_epss_csv(vg_vulndb *db, const char *name, const char *data, size_t len,
			   const vg_progress *progress, vg_import_report *report);

#endif
