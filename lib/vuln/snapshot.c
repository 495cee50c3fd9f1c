/*
 * snapshot.c - removing the records a newer copy of a list no longer names.
 *
 * The Debian DSA/DLA lists, the tracker JSON and each Alpine secdb file
 * (one distro version and repository) each list every record they hold, so
 * a record of such a list that a newer copy of it no longer names was
 * withdrawn.  The list a record came from is record.snapshot (schema 5); the
 * names the newer copy lists are the keys of temp.seen (vulndb_seen_begin(),
 * as KEV and EPSS use it).  The contract is in vulndb_internal.h; the rules
 * that keep it safe are the importers':
 *  - the sweep runs only after the whole list was read: a truncated or
 *    refused copy removes nothing;
 *  - an entry skipped as malformed protects the stored records it may stand
 *    for (vulndb_snapshot_keep()), so a bad edit never deletes a good copy;
 *  - only records of this source AND this list are swept: another list of
 *    the same source (DLA beside DSA, community beside main, another
 *    release) is never touched.
 */
#include "vulndb_internal.h"
#include "vigil/error.h"
#include "vigil/str.h"

#include <stdlib.h>
#include <string.h>

int vulndb_snapshot_mark(vg_vulndb *db, const char *source, const char *snapshot,
			 const char *record_id)
{
	sqlite3_stmt *st;
	int rc = vulndb_seen_mark(db, record_id);

	/* A no-op for the list's own records; claims one that moved here from
	 * another list (a package moved from community to main). */
	if (rc == VG_OK)
		rc = vulndb_stmt(db, "UPDATE record SET snapshot = ?3 WHERE source = ?1 AND "
				     "record_id = ?2 AND snapshot IS NOT ?3", &st);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, source, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, record_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, snapshot, -1, SQLITE_STATIC);
	return vulndb_stmt_run(db, st, "noting the list of a record");
}

int vulndb_snapshot_keep(vg_vulndb *db, const char *source, const char *snapshot,
			 const char *prefix)
{
	sqlite3_stmt *st;
	size_t n = strlen(prefix);
	char *end;
	int rc;

	if (!n || prefix[n - 1] != '/')
		return vg_error_set(VG_EINVAL, "snapshot prefix \"%.64s\" does not end in '/'", prefix);
	if (!(end = vg_strdup(prefix)))
		return vg_error_set(VG_ENOMEM, "out of memory");
	end[n - 1] = '/' + 1; /* [prefix, end) holds exactly the ids starting with prefix */
	rc = vulndb_stmt(db, "INSERT OR IGNORE INTO temp.seen(key) SELECT record_id FROM record "
			     "WHERE source = ?1 AND record_id >= ?3 AND record_id < ?4 AND "
			     "snapshot = ?2", &st);
	if (rc == VG_OK) {
		sqlite3_bind_text(st, 1, source, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, snapshot, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, prefix, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, end, -1, SQLITE_STATIC);
		rc = vulndb_stmt_run(db, st, "keeping the records of a skipped entry");
	}
	free(end);
	return rc;
}

int vulndb_snapshot_sweep(vg_vulndb *db, const char *source, const char *snapshot,
			  vg_import_report *report)
{
	sqlite3_stmt *st;
	size_t n = 0;
	int rc = vulndb_stmt(db, "DELETE FROM record WHERE source = ?1 AND snapshot = ?2 AND "
				 "record_id NOT IN (SELECT key FROM temp.seen) RETURNING vuln", &st);

	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, source, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, snapshot, -1, SQLITE_STATIC);
	rc = vulndb_delete_records(db, st, "removing records a list no longer names", &n);
	if (rc == VG_OK)
		report->removed += n;
	return rc;
}
