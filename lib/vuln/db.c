/*
 * db.c - opening the vulnerability database, SQL helpers, statistics and
 * look-ups (see include/vigil/vulndb.h).
 */
#include "vulndb_internal.h"
#include "vigil/buf.h"
#include "vigil/error.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *vg_vulndb_default_path(void)
{
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	vg_buf b = VG_BUF_INIT;
	int rc;

	if (xdg && *xdg)
		rc = vg_buf_printf(&b, "%s/vigil/vuln.db", xdg);
	else
		rc = vg_buf_printf(&b, "%s/.local/share/vigil/vuln.db", home ? home : ".");
	if (rc) {
		vg_buf_free(&b);
		return NULL;
	}
	return vg_buf_detach(&b);
}

int vulndb_sql_error(vg_vulndb *db, const char *what)
{
	return vg_error_set(VG_EDB, "%s: %s: %s", db->path, what, sqlite3_errmsg(db->sql));
}

int vulndb_exec(vg_vulndb *db, const char *sql)
{
	if (sqlite3_exec(db->sql, sql, NULL, NULL, NULL) != SQLITE_OK)
		return vulndb_sql_error(db, "SQL failed");
	return VG_OK;
}

int vulndb_prepare(vg_vulndb *db, const char *sql, sqlite3_stmt **out)
{
	if (sqlite3_prepare_v2(db->sql, sql, -1, out, NULL) != SQLITE_OK)
		return vulndb_sql_error(db, "cannot prepare statement");
	return VG_OK;
}

int vulndb_stmt(vg_vulndb *db, const char *sql, sqlite3_stmt **out)
{
	size_t i;

	for (i = 0; i < VULNDB_STMT_CACHE && db->cache[i].sql; i++) {
		if (db->cache[i].sql == sql) {
			*out = db->cache[i].stmt;
			return VG_OK;
		}
	}
	if (vulndb_prepare(db, sql, out) != VG_OK)
		return VG_EDB;
	if (i < VULNDB_STMT_CACHE) {
		db->cache[i].sql = sql;
		db->cache[i].stmt = *out;
		return VG_OK;
	}
	/* The cache is sized for every statement we have; running out is a bug. */
	sqlite3_finalize(*out);
	return vg_error_set(VG_EDB, "%s: statement cache full", db->path);
}

void vulndb_stmt_done(sqlite3_stmt *st)
{
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

int vulndb_stmt_run(vg_vulndb *db, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st) == SQLITE_DONE ? VG_OK : vulndb_sql_error(db, what);

	vulndb_stmt_done(st);
	return rc;
}

void vulndb_bind_text(sqlite3_stmt *st, int index, const char *text)
{
	/* Static: every caller steps and resets the statement before `text` goes. */
	if (text && *text)
		sqlite3_bind_text(st, index, text, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, index);
}

int vulndb_make_parent_dirs(const char *path)
{
	char *copy = vg_strdup(path), *p;

	if (!copy)
		return VG_ENOMEM;
	for (p = copy + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(copy, 0755) != 0 && errno != EEXIST) {
			int rc = vg_error_set(VG_EIO, "%s: cannot create directory: %s", copy,
					      strerror(errno));
			free(copy);
			return rc;
		}
		*p = '/';
	}
	free(copy);
	return VG_OK;
}

static int configure(vg_vulndb *db, int mode)
{
	int rc;

	sqlite3_busy_timeout(db->sql, 10000);
	rc = vulndb_exec(db, "PRAGMA foreign_keys = ON");
	if (rc == VG_OK && mode != VG_VULNDB_READONLY)
		/* 8 KiB pages in a new file (an existing one keeps its own): with
		 * the bulk cache below, a 500,000-record import ran 6% faster than
		 * with SQLite's 4 KiB, and a scan no slower (docs/vulndb.md).
		 * Must come before WAL mode is set. */
		rc = vulndb_exec(db, "PRAGMA page_size = 8192");
	if (rc == VG_OK && mode == VG_VULNDB_WRITE)
		/* A 64 MiB page cache: a large import's index inserts (aliases,
		 * packages) land on random pages; the default 2 MiB spills them to
		 * the WAL and reads them back over and over. */
		rc = vulndb_exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; "
				     "PRAGMA cache_size = -65536");
	if (rc == VG_OK && mode == VULNDB_BULK)
		/* A private file that is thrown away unless it is complete (bulk.c):
		 * no journal, no syncs until the end; the indexes built at the end
		 * sort on a second thread too. */
		rc = vulndb_exec(db, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; "
				     "PRAGMA locking_mode = EXCLUSIVE; PRAGMA cache_size = " VULNDB_BULK_CACHE "; "
				     "PRAGMA threads = 1");
	if (rc == VG_OK && mode != VG_VULNDB_READONLY)
		rc = vulndb_migrate(db);
	if (rc == VG_OK && mode == VG_VULNDB_WRITE)
		rc = vulndb_bounds_track(db);
	if (rc == VG_OK && mode == VG_VULNDB_READONLY &&
	    vg_vulndb_file_version(db) != vg_vulndb_schema_version())
		rc = vg_error_set(VG_EDB,
				  "%s: database schema version %d, this vigil needs %d "
				  "(run 'vigil db import' or 'vigil db update' to migrate)",
				  db->path, vg_vulndb_file_version(db),
				  vg_vulndb_schema_version());
	return rc;
}

int vulndb_connect(vg_vulndb *db, const char *file, int mode)
{
	int flags = mode == VG_VULNDB_READONLY ? SQLITE_OPEN_READONLY
					       : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;

	if (sqlite3_open_v2(file, &db->sql, flags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
		return vg_error_set(mode == VG_VULNDB_READONLY && access(file, F_OK) != 0
					    ? VG_ENOTFOUND : VG_EDB,
				    "%s: cannot open vulnerability database: %s%s", file,
				    sqlite3_errmsg(db->sql),
				    mode == VG_VULNDB_READONLY
					    ? " (import feeds with 'vigil db import')" : "");
	return configure(db, mode);
}

void vulndb_disconnect(vg_vulndb *db)
{
	size_t i;

	for (i = 0; i < VULNDB_STMT_CACHE && db->cache[i].sql; i++)
		sqlite3_finalize(db->cache[i].stmt);
	memset(db->cache, 0, sizeof(db->cache));
	sqlite3_close(db->sql);
	db->sql = NULL;
}

/*
 * SQLite counts every allocation under one process-wide mutex (memory
 * statistics, on by default); a scan's two threads then spend their time
 * waking each other.  Vigil never reads the statistics, so they are turned
 * off, once, before SQLite initialises.  If the program used SQLite before
 * (then sqlite3_config() refuses), everything still works, only slower.
 */
static void configure_sqlite(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

int vg_vulndb_open(const char *path, int mode, vg_vulndb **out)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	vg_vulndb *db = calloc(1, sizeof(*db));
	int rc;

	pthread_once(&once, configure_sqlite);
	if (!db)
		return vg_error_set(VG_ENOMEM, "out of memory");
	db->path = vg_strdup(path);
	if (!db->path) {
		free(db);
		return VG_ENOMEM;
	}
	if (mode == VG_VULNDB_WRITE && (rc = vulndb_make_parent_dirs(path)) != VG_OK) {
		vg_vulndb_close(db);
		return rc;
	}
	rc = vulndb_connect(db, path, mode);
	if (rc) {
		vg_vulndb_close(db);
		return rc;
	}
	*out = db;
	return VG_OK;
}

int vg_vulndb_read_begin(vg_vulndb *db)
{
	return vulndb_exec(db, "BEGIN DEFERRED");
}

void vg_vulndb_read_end(vg_vulndb *db)
{
	/* A read-only transaction has nothing to lose: COMMIT cannot fail in a
	 * way the reader could act on. */
	sqlite3_exec(db->sql, "COMMIT", NULL, NULL, NULL);
}

int vg_vulndb_open_another(vg_vulndb *db, vg_vulndb **out)
{
	if (!*db->path || !strcmp(db->path, ":memory:") || !strncmp(db->path, "file:", 5))
		return vg_error_set(VG_EINVAL, "%s: not a database file another connection can open",
				    db->path);
	return vg_vulndb_open(db->path, VG_VULNDB_READONLY, out);
}

void vg_vulndb_close(vg_vulndb *db)
{
	if (!db)
		return;
	vulndb_disconnect(db);
	vg_strlist_free(&db->deferred);
	free(db->path);
	free(db);
}

void vg_import_report_free(vg_import_report *report)
{
	vg_strlist_free(&report->errors);
}

void vulndb_report_failure(vg_import_report *report, const char *name)
{
	if (name)
		vg_error_prefix("%s: ", name);
	report->failed++;
	if (report->errors.count < VG_IMPORT_MAX_ERRORS)
		vg_strlist_add(&report->errors, vg_error_message());
}

int vulndb_seen_begin(vg_vulndb *db)
{
	return vulndb_exec(db, "CREATE TEMP TABLE seen(key TEXT PRIMARY KEY) WITHOUT ROWID");
}

int vulndb_seen_mark(vg_vulndb *db, const char *key)
{
	sqlite3_stmt *st;
	int rc = vulndb_stmt(db, "INSERT OR IGNORE INTO temp.seen(key) VALUES (?)", &st);

	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	return vulndb_stmt_run(db, st, "tracking snapshot keys");
}

int vulndb_seen_end(vg_vulndb *db)
{
	return vulndb_exec(db, "DROP TABLE temp.seen");
}

int vg_vulndb_meta_get(vg_vulndb *db, const char *key, char **value)
{
	sqlite3_stmt *st;
	int rc, step;

	*value = NULL;
	if ((rc = vulndb_prepare(db, "SELECT value FROM meta WHERE key = ?", &st)))
		return rc;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW && sqlite3_column_text(st, 0) &&
	    !(*value = vg_strdup((const char *)sqlite3_column_text(st, 0))))
		rc = vg_error_set(VG_ENOMEM, "out of memory");
	else if (step != SQLITE_ROW && step != SQLITE_DONE)
		rc = vulndb_sql_error(db, "cannot read meta");
	sqlite3_finalize(st);
	return rc;
}

int vg_vulndb_meta_set(vg_vulndb *db, const char *key, const char *value)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = vulndb_prepare(db, "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", &st)))
		return rc;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = vulndb_sql_error(db, "cannot write meta");
	sqlite3_finalize(st);
	return rc;
}
