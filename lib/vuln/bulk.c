/*
 * bulk.c - the bulk path of an import (see vulndb_internal.h): a new or
 * empty database is built in a temporary file next to it and renamed over
 * it once complete.
 *
 * Why: the transactional path writes every page twice (to the WAL, then to
 * the database at the checkpoint) and maintains every index row by row.  A
 * database that holds nothing yet has nothing to protect but its emptiness,
 * so the load goes into "<db>.import-tmp" with no journal and no syncs, and
 * the wide package indexes (vulndb_deferred_indexes) are built at the end in
 * one sorted pass each.  The statements, and so the rows, are the same as on
 * the transactional path.
 *
 * Why it is safe:
 *  - The destination is switched to a rollback journal and write-locked
 *    (BEGIN IMMEDIATE) for the whole build, and is checked empty under that
 *    lock; both fail at once when another connection has it open, and the
 *    import then takes the transactional path.  Readers may keep reading the
 *    empty database meanwhile.
 *  - The temporary file is complete (committed, indexed, fsync'ed) before
 *    rename() puts it in place, and the directory is fsync'ed after: a crash
 *    or kill leaves the previous empty database or the new complete one
 *    under the final name, never a part.  A failed import deletes the
 *    temporary file; one that was killed leaves it, and the next bulk import
 *    (holding the lock) removes it.  When the temporary file cannot be made
 *    at all, the import takes the transactional path.
 *  - A writer that opened the old file before the rename and waited for the
 *    lock gets SQLITE_READONLY_DBMOVED from SQLite (rollback-journal mode
 *    refuses to write a moved file) instead of writing to it.
 *  - The destination is then reopened as usual (WAL mode).
 */
#include "vulndb_internal.h"
#include "vigil/error.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define BULK_SUFFIX ".import-tmp"

/* The file db->sql has open, or NULL when it is no plain file (":memory:"). */
static const char *main_file(vg_vulndb *db)
{
	const char *file = sqlite3_db_filename(db->sql, "main");

	return file && *file ? file : NULL;
}

static char *temp_name(vg_vulndb *db)
{
	return sqlite3_mprintf("%s%s", main_file(db), BULK_SUFFIX);
}

/* Remove a temporary database and whatever SQLite may have left with it. */
static void remove_temp(const char *tmp)
{
	static const char *const extra[] = { "", "-journal", "-wal", "-shm" };
	char *name;
	size_t i;

	for (i = 0; i < sizeof(extra) / sizeof(extra[0]); i++) {
		if ((name = sqlite3_mprintf("%s%s", tmp, extra[i])) != NULL)
			unlink(name);
		sqlite3_free(name);
	}
}

/* The single text value `sql` returns, compared with `want`. */
static bool returns(vg_vulndb *db, const char *sql, const char *want)
{
	sqlite3_stmt *st;
	bool same = false;

	if (sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL) != SQLITE_OK)
		return false;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		same = !strcmp((const char *)sqlite3_column_text(st, 0), want);
	sqlite3_finalize(st);
	return same;
}

/* No table of the database holds a row. */
static bool is_empty(vg_vulndb *db)
{
	sqlite3_stmt *tables;
	bool empty = true;
	char *sql;

	if (sqlite3_prepare_v2(db->sql, "SELECT name FROM sqlite_master WHERE type = 'table' "
					"AND name NOT LIKE 'sqlite_%'", -1, &tables, NULL) != SQLITE_OK)
		return false;
	while (empty && sqlite3_step(tables) == SQLITE_ROW) {
		sql = sqlite3_mprintf("SELECT 'rows' FROM \"%w\" LIMIT 1",
				      (const char *)sqlite3_column_text(tables, 0));
		empty = sql && !returns(db, sql, "rows");
		sqlite3_free(sql);
	}
	sqlite3_finalize(tables);
	return empty;
}

/* Give the destination back: unlocked, in WAL mode again. */
static void release(vg_vulndb *db)
{
	sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_exec(db->sql, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
	sqlite3_busy_timeout(db->sql, 10000);
}

/* Lock the destination if no one else has it open and it is empty. */
static bool take_over(vg_vulndb *db)
{
	bool ok;

	if (!main_file(db) || !sqlite3_get_autocommit(db->sql))
		return false;
	sqlite3_busy_timeout(db->sql, 0);
	ok = returns(db, "PRAGMA journal_mode = DELETE", "delete") &&
	     sqlite3_exec(db->sql, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK &&
	     is_empty(db);
	if (!ok)
		release(db);
	sqlite3_busy_timeout(db->sql, 10000);
	return ok;
}

/* Drop the deferred indexes of the new database, keeping their SQL. */
static int defer_indexes(vg_vulndb *bulk)
{
	sqlite3_stmt *st;
	char *drop;
	bool found;
	size_t i;
	int rc = vulndb_prepare(bulk, "SELECT sql FROM sqlite_master WHERE type = 'index' "
				      "AND name = ?", &st);

	for (i = 0; rc == VG_OK && vulndb_deferred_indexes[i]; i++) {
		sqlite3_bind_text(st, 1, vulndb_deferred_indexes[i], -1, SQLITE_STATIC);
		found = sqlite3_step(st) == SQLITE_ROW;
		if (found)
			rc = vg_strlist_add(&bulk->deferred, (const char *)sqlite3_column_text(st, 0));
		sqlite3_reset(st); /* a table with a running statement cannot change */
		if (rc || !found)
			continue;
		drop = sqlite3_mprintf("DROP INDEX \"%w\"", vulndb_deferred_indexes[i]);
		rc = drop ? vulndb_exec(bulk, drop) : vg_error_set(VG_ENOMEM, "out of memory");
		sqlite3_free(drop);
	}
	sqlite3_finalize(st);
	return rc;
}

/*
 * Checking the parent of every child row inserted is a tenth of a load's
 * work, and the importers only insert children of the record they just
 * stored.  So the load runs without foreign key enforcement, and the
 * schema's ON DELETE CASCADE actions, which replacing or removing a record
 * relies on, become temporary triggers (never written to the file).
 */
static int cascade_by_triggers(vg_vulndb *bulk)
{
	vg_strlist triggers = VG_STRLIST_INIT;
	sqlite3_stmt *st;
	const char *parent, *child, *from, *to;
	char *sql;
	size_t i;
	int rc = vulndb_prepare(bulk, "SELECT f.\"table\", m.name, f.\"from\", f.\"to\" "
				      "FROM sqlite_master m, pragma_foreign_key_list(m.name) f "
				      "WHERE m.type = 'table' AND f.on_delete = 'CASCADE'", &st);

	while (rc == VG_OK && sqlite3_step(st) == SQLITE_ROW) {
		parent = (const char *)sqlite3_column_text(st, 0);
		child = (const char *)sqlite3_column_text(st, 1);
		from = (const char *)sqlite3_column_text(st, 2);
		to = (const char *)sqlite3_column_text(st, 3);
		sql = sqlite3_mprintf("CREATE TEMP TRIGGER bulk_cascade_%d AFTER DELETE ON main.\"%w\" "
				      "BEGIN DELETE FROM \"%w\" WHERE \"%w\" = old.\"%w\"; END",
				      (int)triggers.count, parent, child, from, to ? to : "rowid");
		rc = sql ? vg_strlist_add(&triggers, sql) : vg_error_set(VG_ENOMEM, "out of memory");
		sqlite3_free(sql);
	}
	sqlite3_finalize(st);
	for (i = 0; rc == VG_OK && i < triggers.count; i++)
		rc = vulndb_exec(bulk, triggers.items[i]);
	if (rc == VG_OK)
		rc = vulndb_exec(bulk, "PRAGMA foreign_keys = OFF");
	vg_strlist_free(&triggers);
	return rc;
}

int vulndb_bulk_begin(vg_vulndb *db, vg_vulndb **out)
{
	vg_vulndb *bulk;
	char *tmp;
	int rc;

	*out = NULL;
	if (!take_over(db))
		return VG_OK;
	tmp = temp_name(db);
	bulk = calloc(1, sizeof(*bulk));
	if (!tmp || !bulk || !(bulk->path = vg_strdup(db->path))) {
		rc = vg_error_set(VG_ENOMEM, "out of memory");
	} else {
		remove_temp(tmp);
		rc = vulndb_connect(bulk, tmp, VULNDB_BULK);
		if (rc == VG_OK)
			rc = defer_indexes(bulk);
		if (rc == VG_OK)
			rc = cascade_by_triggers(bulk);
	}
	if (rc == VG_OK) {
		*out = bulk;
	} else {
		vg_vulndb_close(bulk);
		if (tmp)
			remove_temp(tmp);
		release(db);
		/* No room for the temporary file (a read-only directory, a full
		 * disk): the transactional path may still manage. */
		if (rc != VG_ENOMEM) {
			vg_error_clear();
			rc = VG_OK;
		}
	}
	sqlite3_free(tmp);
	return rc;
}

static int sync_path(const char *path, int flags)
{
	int fd = open(path, flags), rc = VG_OK;

	if (fd < 0 || fsync(fd) != 0)
		rc = vg_error_set(VG_EIO, "%s: cannot sync: %s", path, strerror(errno));
	if (fd >= 0)
		close(fd);
	return rc;
}

/* The directory part of `file` ("." when it has none), malloc'd. */
static char *parent_dir(const char *file)
{
	const char *slash = strrchr(file, '/');

	if (!slash)
		return vg_strdup(".");
	return slash == file ? vg_strdup("/") : vg_strndup(file, (size_t)(slash - file));
}

/* Index, sync and move the temporary file into place (*moved once it is). */
static int complete(vg_vulndb *db, vg_vulndb *bulk, const char *tmp, bool *moved)
{
	char *file = vg_strdup(main_file(db)), *dir = file ? parent_dir(file) : NULL;
	struct stat st;
	size_t i;
	int rc = file && dir ? VG_OK : vg_error_set(VG_ENOMEM, "out of memory");

	if (rc == VG_OK)
		rc = vulndb_exec(bulk, "PRAGMA cache_size = " VULNDB_SORT_CACHE);
	for (i = 0; rc == VG_OK && i < bulk->deferred.count; i++)
		rc = vulndb_exec(bulk, bulk->deferred.items[i]);
	if (rc == VG_OK)
		rc = vulndb_bounds_rebuild(bulk);
	if (rc == VG_OK) {
		vulndb_disconnect(bulk);
		rc = sync_path(tmp, O_RDONLY);
	}
	/* The new file takes the place, and so the permissions, of the old. */
	if (rc == VG_OK && stat(file, &st) == 0 && chmod(tmp, st.st_mode & 07777) != 0)
		rc = vg_error_set(VG_EIO, "%s: cannot set permissions: %s", tmp, strerror(errno));
	if (rc == VG_OK && !(*moved = rename(tmp, file) == 0))
		rc = vg_error_set(VG_EIO, "%s: cannot rename %s over it: %s", file, tmp,
				  strerror(errno));
	if (rc == VG_OK)
		rc = sync_path(dir, O_RDONLY | O_DIRECTORY);
	free(file);
	free(dir);
	return rc;
}

int vulndb_bulk_end(vg_vulndb *db, vg_vulndb *bulk, int rc)
{
	char *tmp = temp_name(db);
	bool moved = false;
	int again;

	if (!tmp)
		rc = rc ? rc : vg_error_set(VG_ENOMEM, "out of memory");
	else if (rc == VG_OK)
		rc = complete(db, bulk, tmp, &moved);
	vg_vulndb_close(bulk);
	if (moved) {
		/* The lock was on the old file; this connection is spent. */
		vulndb_disconnect(db);
		again = vulndb_connect(db, db->path, VG_VULNDB_WRITE);
		rc = rc ? rc : again;
	} else {
		if (tmp)
			remove_temp(tmp);
		release(db);
	}
	sqlite3_free(tmp);
	return rc;
}
