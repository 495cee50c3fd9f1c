/*
 * vulndb_internal.h - what the files of lib/vuln/ share: the connection, SQL
 * helpers, alias resolution and the importers' entry points.  Not public.
 */
#ifndef VG_VULNDB_INTERNAL_H
#define VG_VULNDB_INTERNAL_H

#include "vigil/json.h"
#include "vigil/range.h"
#include "vigil/vulndb.h"

#include <sqlite3.h>
#include <stdint.h>

#define VULNDB_STMT_CACHE 64

/* Feeds are read whole; the biggest single documents (NVD years) stay below this. */
#define VULNDB_FEED_MAX_BYTES (2048UL * 1024 * 1024)

struct vg_vulndb {
	sqlite3 *sql;
	char *path;
	/* Prepared statements of the import hot path, keyed by the address of
	 * their SQL text (a string literal), so each is compiled once. */
	struct {
		const char *sql;
		sqlite3_stmt *stmt;
	} cache[VULNDB_STMT_CACHE];
	vg_strlist deferred; /* bulk.c: CREATE INDEX statements to run at the end */
};

/* Open db->sql on `file` in `mode` (VG_VULNDB_READONLY, VG_VULNDB_WRITE or
 * VULNDB_BULK: no journal, no syncs, a big cache; see bulk.c), configured and
 * migrated; errors name `file`.  vulndb_disconnect() closes it and its cached
 * statements and leaves db->sql NULL. */
#define VULNDB_BULK 2
/* A bulk load's page cache in KiB (SQLite's negative cache_size), and the
 * smaller one its index builds run with: SQLite sizes each sorted run of a
 * CREATE INDEX by the cache, and runs twice as large cost more memory than
 * they save time.  Measured in docs/vulndb.md. */
#define VULNDB_BULK_CACHE "-131072"
#define VULNDB_SORT_CACHE "-65536"
int vulndb_connect(vg_vulndb *db, const char *file, int mode);
void vulndb_disconnect(vg_vulndb *db);

/*
 * The bulk path of an import (bulk.c).  vulndb_bulk_begin(): when `db` is
 * empty and no one else has it open, lock it and start a new database in a
 * temporary file next to it (*bulk; NULL when the import must take the
 * transactional path).  vulndb_bulk_end(): when rc is VG_OK, complete the
 * temporary file and rename it over db's file, reconnecting db to it; else
 * delete it, leaving db as it was.  Returns rc or the error of the end.
 */
int vulndb_bulk_begin(vg_vulndb *db, vg_vulndb **bulk);
int vulndb_bulk_end(vg_vulndb *db, vg_vulndb *bulk, int rc);
/* Indexes a bulk load creates after the rows are in (schema.c): NULL-ended. */
extern const char *const vulndb_deferred_indexes[];

/* mkdir -p of the directory that will hold `path`. */
int vulndb_make_parent_dirs(const char *path);

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
/* Bind text or NULL (empty strings bind as NULL too).  Not copied: step and
 * reset the statement while `text` lives. */
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

/*
 * Incremental imports.  vulndb_record_state() relates an incoming record to
 * the stored copy of (source, id): ABSENT; CURRENT when the incoming one is
 * not newer (by `modified`, an RFC 3339 time or NULL) or, when `digest` is
 * given (sources without modification times), has the same digest or the
 * stored copy is dated (an undated copy never replaces a dated one); else
 * STALE (replace it).  vulndb_count_result() counts the outcome as added,
 * updated or unchanged.
 */
enum { VULNDB_ABSENT, VULNDB_STALE, VULNDB_CURRENT };
int vulndb_record_state(vg_vulndb *db, const char *source, const char *id, const char *modified,
			const char *digest, int *state);
void vulndb_count_result(vg_import_report *report, int state);
/* Delete (source, id) if stored; *deleted tells whether it was.  Its
 * vulnerability goes too when no record of it is left. */
int vulndb_delete_record(vg_vulndb *db, const char *source, const char *id, bool *deleted);
/* Delete vulnerability `vuln` and its aliases if no record of it is left:
 * nothing then names it, and lookups must no longer find it. */
int vulndb_prune_vuln(vg_vulndb *db, int64_t vuln);
/* Run `st`, a bound "DELETE FROM record ... RETURNING vuln", then prune the
 * vulnerabilities it left without records; *deleted: records deleted. */
int vulndb_delete_records(vg_vulndb *db, sqlite3_stmt *st, const char *what, size_t *deleted);

/* SHA-256 (hex) of a JSON value's canonical text (compact, sorted keys). */
#define VULNDB_DIGEST_HEX 65
int vulndb_digest_json(const json_t *value, char out[VULNDB_DIGEST_HEX]);
int vulndb_set_digest(vg_vulndb *db, int64_t record, const char *digest);

/* Child rows of a record.  score: NAN when the source gives none. */
int vulndb_store_severity(vg_vulndb *db, int64_t record, const char *type, const char *vector,
			  double score, const char *origin);
int vulndb_store_reference(vg_vulndb *db, int64_t record, const char *type, const char *url);

/*
 * A CISA SSVC decision {"options": [{"Exploitation": "active"}, ...],
 * "version": "2.0.3"} as one vector text, "SSVCv2.0.3/Exploitation:active/...";
 * malloc'd.  VG_EPARSE naming `path` when the options are not that shape.
 */
int vulndb_ssvc_vector(const json_t *content, const char *path, char **out);

/*
 * Feeds' times as RFC 3339: NVD's offset-less "2024-03-29T17:15:21.150" and
 * the 1.1 feeds' "2022-01-18T17:15Z" are UTC.  VG_EPARSE naming path.key
 * when the text is no date-time at all.
 */
#define VULNDB_TIME_MAX 48
int vulndb_normalise_time(const char *in, const char *path, const char *key,
			  char out[VULNDB_TIME_MAX]);

/* The English (else the first) value of a [{lang, value}] list at `path`. */
int vulndb_pick_description(const json_t *list, const char *path, const char **out);

/* One affected row (columns in schema.c); NULL members are stored as NULL. */
typedef struct vulndb_affected {
	const char *ecosystem, *name, *purl;
	const json_t *ranges;   /* OSV ranges */
	const json_t *versions; /* exact versions (an empty list is kept: no version) */
	const char *fixed;      /* fixed versions, comma-separated, for display */
	const char *status;     /* NULL, "not_affected", "unfixed" */
	const char *default_status, *version_type, *source_versions; /* CVE 5 */
} vulndb_affected;
int vulndb_store_affected(vg_vulndb *db, int64_t record, const vulndb_affected *a);
/* Ecosystems whose package names compare case-insensitively: those of the
 * folded package index, in SQL as its WHERE (schema.c) says them, and in C. */
#define VULNDB_FOLDED_ECOSYSTEMS "('PyPI', 'NuGet')"
bool vulndb_folds_case(const char *ecosystem);

/* A package's name as the package indexes key it: lower-cased in the
 * folded ecosystems.  `text` is the key; vulndb_key_free() after use. */
typedef struct vulndb_key {
	const char *text;
	char small[128];
	char *heap;
} vulndb_key;
int vulndb_key_make(vulndb_key *k, const char *ecosystem, const char *name);
void vulndb_key_free(vulndb_key *k);

/* package_bound (bounds.c): recompute it whole from the package indexes
 * (after a bulk load); note the packages a write connection's statements
 * change (temporary triggers); recompute those (before an import's COMMIT). */
int vulndb_bounds_rebuild(vg_vulndb *db);
int vulndb_bounds_track(vg_vulndb *db);
int vulndb_bounds_refresh(vg_vulndb *db);

/* The `fixed` events of OSV ranges in order, comma-separated (*out NULL when
 * there are none): vulndb_affected.fixed for importers whose ranges say it. */
int vulndb_fixed_versions(const json_t *ranges, char **out);
/*
 * The compact events of an entry's ranges and versions (NULL: absent)
 * (events.c), or *out = NULL when the entry is not clean enough for them;
 * errors only for memory.  *holds says which of its ranges and versions the
 * events keep whole (VULNDB_HOLDS_*), which are then stored as NULL.
 */
#define VULNDB_HOLDS_RANGES 1u
#define VULNDB_HOLDS_VERSIONS 2u
int vulndb_events_encode(const char *ecosystem, const json_t *ranges, const json_t *versions,
			 char **out, unsigned *holds);
/* One line "<tag> <value>" of events text (the scheme line aside). */
typedef struct vulndb_events_line {
	char tag;          /* 'v', 'r', or an event's letter: i f l L */
	const char *value; /* not NUL-terminated */
	size_t len;
} vulndb_events_line;
/* The line at *at, and *at moved past it; false (and *at unmoved) at the
 * end of the text or at a line not of the encoder's form. */
bool vulndb_events_next(const char **at, vulndb_events_line *out);
/* The type an 'r' line names. */
bool vulndb_events_range_type(const vulndb_events_line *line, vg_osv_range_type *out);
/* The ranges JSON (or the versions JSON) that events stand for, malloc'd
 * compact text; *out = NULL when they have none.  Errors only for memory. */
int vulndb_events_ranges_json(const char *events, char **out);
int vulndb_events_versions_json(const char *events, char **out);

/* One CPE applicability entry; vendor and product come from the criteria. */
typedef struct vulndb_cpe_match {
	int config, node;
	const char *config_operator, *node_operator; /* "AND", "OR" or NULL */
	bool config_negate, node_negate, vulnerable;
	const char *criteria;
	const char *version_start, *version_end; /* NULL: no bound */
	bool start_including, end_including;
} vulndb_cpe_match;
/* VG_EPARSE naming `path` unless criteria is a CPE (call while checking). */
int vulndb_check_cpe(const char *criteria, const char *path);
int vulndb_store_cpe_match(vg_vulndb *db, int64_t record, const vulndb_cpe_match *m);

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

/*
 * Lists that are snapshots of one source's records (snapshot.c): a Debian
 * DSA/DLA/DTSA list ("DSA"), the Debian tracker JSON ("tracker"), one Alpine
 * secdb file ("v3.18/main").  record.snapshot says which list a record
 * belongs to.  Inside vulndb_seen_begin() .. vulndb_seen_end():
 * vulndb_snapshot_mark() every record the list names once it is stored (it
 * becomes that list's record); vulndb_snapshot_keep() the list's stored
 * records under `prefix` (ending in '/') whose entry had to be skipped as
 * malformed; then, only after the WHOLE list was read,
 * vulndb_snapshot_sweep() deletes the list's other records, counts them in
 * report->removed and drops vulnerabilities left without any record.
 */
int vulndb_snapshot_mark(vg_vulndb *db, const char *source, const char *snapshot,
			 const char *record_id);
int vulndb_snapshot_keep(vg_vulndb *db, const char *source, const char *snapshot,
			 const char *prefix);
int vulndb_snapshot_sweep(vg_vulndb *db, const char *source, const char *snapshot,
			  vg_import_report *report);

/*
 * Documents of a zip archive, read and parsed on a second thread (reader.c).
 * A document is JSON (root), other bytes (data, len), or a failure to read or
 * parse it (rc and its message, error).  `size` is its length in bytes.
 */
typedef struct vulndb_doc {
	char *name; /* "archive:entry" */
	char *data;
	size_t len;
	size_t size;
	json_t *root; /* of tree */
	vg_json_doc *tree;
	int rc;
	char *error;
} vulndb_doc;
typedef struct vulndb_reader vulndb_reader;
struct archive;
struct vg_libarchive;
/* Start reading the opened archive `a` (which must outlive the reader)
 * through libarchive's functions `ar` (archive/archive_load.h). */
int vulndb_reader_start(const struct vg_libarchive *ar, struct archive *a, const char *path,
			vulndb_reader **out);
/* The next document (false at the end); the caller hands it back with
 * vulndb_reader_release() (or frees it with vulndb_doc_free()). */
bool vulndb_reader_next(vulndb_reader *r, vulndb_doc *doc);
void vulndb_reader_release(vulndb_reader *r, vulndb_doc *doc);
void vulndb_doc_free(vulndb_doc *doc);
/* Stop the reader, drop what it read ahead, free it.  Returns rc when that
 * is an error (the consumer's own), else VG_EPARSE (naming the entry it
 * stopped after) when the archive was damaged, else VG_OK. */
int vulndb_reader_finish(vulndb_reader *r, int rc);
/* "[29 Mar 2023] DSA-...": a Debian DSA/DLA/DTSA list; JSON: the rest
 * starting with '{' or '['. */
bool vulndb_is_debian_list(const char *data, size_t len);
bool vulndb_is_json(const char *data, size_t len);

/* Importers: run inside the import transaction. */
int vulndb_import_kev(vg_vulndb *db, const char *name, const json_t *root,
		      const vg_progress *progress, vg_import_report *report);
/* One OSV record, or an array of them. */
int vulndb_import_osv(vg_vulndb *db, const char *name, const json_t *doc,
		      vg_import_report *report);
/* NVD CVE API 2.0 ({"vulnerabilities": [...]}) or the legacy 1.1 feed ({"CVE_Items": [...]}). */
int vulndb_import_nvd(vg_vulndb *db, const char *name, const json_t *root,
		      const vg_progress *progress, vg_import_report *report);
/* One CVE JSON 5.x record ("dataType": "CVE_RECORD"). */
int vulndb_import_cve5(vg_vulndb *db, const char *name, const json_t *root,
		       vg_import_report *report);
/* The Debian security tracker's DSA/DLA list (text) and its JSON export. */
int vulndb_import_debian_list(vg_vulndb *db, const char *name, const char *data, size_t len,
			      vg_import_report *report);
int vulndb_import_debian_json(vg_vulndb *db, const char *name, const json_t *root,
			      vg_import_report *report);
/* Alpine secdb ({"distroversion": ..., "packages": [...]}). */
int vulndb_import_alpine(vg_vulndb *db, const char *name, const json_t *root,
			 vg_import_report *report);
/* A CSAF 2.0 document ({"document": {"csaf_version": ...}}). */
int vulndb_import_csaf(vg_vulndb *db, const char *name, const json_t *root,
		       vg_import_report *report);
int vulndb_import_epss_csv(vg_vulndb *db, const char *name, const char *data, size_t len,
			   const vg_progress *progress, vg_import_report *report);

/* A source's update time (stats.c) as stored (*value malloc'd, NULL when
 * none), and put back as it was (NULL: none), for an update that imports
 * in several transactions and failed half-way (feed_nvd.c). */
int vulndb_updated_get(vg_vulndb *db, const char *source, char **value);
int vulndb_updated_restore(vg_vulndb *db, const char *source, const char *value);

#endif
