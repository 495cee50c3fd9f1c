/*
 * vigil/vulndb.h - the local, offline vulnerability database.
 *
 * One SQLite file holds every vulnerability Vigil knows, merged across the
 * feeds it was imported from.  The unit of merging is the *vulnerability*:
 * a CVE seen in NVD, in an OSV record (as an alias of GHSA-...) and in CISA
 * KEV is one vulnerability with several *records*, one per source.  Records
 * keep what their source said (summary, severity vectors, affected packages,
 * CPE applicability), so every finding can say where it came from.
 *
 * Identifiers (CVE-..., GHSA-..., DSA-..., EUVD-...) are *aliases* of a
 * vulnerability.  When a record names identifiers that belong to two
 * vulnerabilities already in the database, the two are merged into one.
 * The vulnerability's display name is its CVE id when it has one.
 *
 * Exploitation (CISA KEV) and exploit prediction (FIRST EPSS) are kept per
 * CVE id and joined through the aliases, so importing them never creates or
 * merges vulnerabilities by itself.
 *
 * Every import runs in one transaction: a failed or killed import leaves the
 * database exactly as it was.  A record that is malformed is skipped with an
 * error naming the file and JSON path (or line) in the import report; the
 * rest of the file is imported.
 *
 * The schema is versioned (PRAGMA user_version) and migrated forward when a
 * database is opened for writing.
 */
#ifndef VIGIL_VULNDB_H
#define VIGIL_VULNDB_H

#include "vigil/progress.h"
#include "vigil/str.h"
#include "vigil/version.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct vg_vulndb vg_vulndb;

enum {
	VG_VULNDB_READONLY = 0,
	VG_VULNDB_WRITE = 1 /* create if missing, migrate the schema */
};

/* The default database path: $XDG_DATA_HOME/vigil/vuln.db
 * (~/.local/share/vigil/vuln.db); malloc'd. */
char *vg_vulndb_default_path(void);

int vg_vulndb_open(const char *path, int mode, vg_vulndb **out);
void vg_vulndb_close(vg_vulndb *db);

/* Hold one read snapshot across many queries (a scan): every query until
 * vg_vulndb_read_end() sees the same database, even while an import commits
 * beside it, and SQLite takes its shared lock once instead of per query (a
 * large part of a small query's cost).  Not nested; not for a write. */
int vg_vulndb_read_begin(vg_vulndb *db);
void vg_vulndb_read_end(vg_vulndb *db);

/* A second, read-only connection to the database `db` is open on, for
 * another thread (a connection serves one thread at a time).  VG_EINVAL for
 * a database that has no file (":memory:"). */
int vg_vulndb_open_another(vg_vulndb *db, vg_vulndb **out);

/* The schema version this library writes, and the one of an open database. */
int vg_vulndb_schema_version(void);
int vg_vulndb_file_version(vg_vulndb *db);

/* What an import did. */
typedef struct vg_import_report {
	const char *format; /* "kev", "epss", "osv", ... (static string) */
	size_t added;       /* records new to the database */
	size_t updated;     /* records replaced by a newer copy */
	size_t unchanged;   /* records skipped: same or older modification time */
	size_t removed;     /* records withdrawn or gone from a full snapshot */
	size_t failed;      /* malformed records skipped */
	vg_strlist errors;  /* one message per failed record (capped, see below) */
} vg_import_report;

/* Messages kept in vg_import_report.errors; beyond this only `failed` grows. */
#define VG_IMPORT_MAX_ERRORS 1000

void vg_import_report_free(vg_import_report *report);

/*
 * Import a feed file, format detected from the content.  Returns VG_OK when
 * the file as a whole could be read (even if some records failed: see
 * report->failed), or an error when it could not be read or recognised, in
 * which case nothing changed.
 */
int vg_vulndb_import(vg_vulndb *db, const char *path, const vg_progress *progress,
		     vg_import_report *report);

/*
 * Small key/value state kept in the database (table meta), such as the
 * time of the last NVD update (vigil/feed.h).  *value is malloc'd, NULL
 * when the key is absent.
 */
int vg_vulndb_meta_get(vg_vulndb *db, const char *key, char **value);
int vg_vulndb_meta_set(vg_vulndb *db, const char *key, const char *value);

/*
 * How fresh each source's data is.  The database keeps, per source ("osv",
 * "nvd", "cve5", "debian", "alpine", "csaf", "kev", "epss"), when its data
 * last came in (meta "updated:<source>", an RFC 3339 UTC time): every
 * vg_vulndb_import() of that source's documents sets it, in the import's
 * transaction, and `vigil db update` sets it when a feed answers that it
 * has not changed.  A scan warns about sources older than it accepts
 * (vg_scan_options.max_age_days): a database nobody updates misses every
 * vulnerability published since, and says nothing about it.
 */

/* Mark `source`'s data as current now. */
int vg_vulndb_mark_updated(vg_vulndb *db, const char *source);

/* When one source's data last came in. */
typedef struct vg_vulndb_update {
	char *source; /* "osv", "kev", ... */
	char *when;   /* as stored: RFC 3339 UTC */
	int64_t at;   /* the same in µs since the epoch; 0 when it does not parse */
} vg_vulndb_update;

/* Every source's update time, in source order.  None (*count 0) when the
 * database was filled by a vigil older than this record, or through the
 * library without an import. */
int vg_vulndb_updates_get(vg_vulndb *db, vg_vulndb_update **out, size_t *count);
void vg_vulndb_updates_free(vg_vulndb_update *updates, size_t count);

/*
 * One message per source whose data came in more than `max_age_usec` before
 * `now_usec` ("the osv data is 12 days old (last updated
 * 2026-11-10T07:00:00Z)", or that its time is unreadable), added to `stale`
 * in the order of `updates`.
 */
int vg_vulndb_check_age(const vg_vulndb_update *updates, size_t count, int64_t now_usec,
			int64_t max_age_usec, vg_strlist *stale);

/* One source in `vigil db stats`. */
typedef struct vg_vulndb_source_stats {
	char *name;      /* "osv", "nvd", "kev", "epss", ... */
	int64_t records; /* its records (EPSS: its scores) */
	int64_t updated; /* when its data last came in, µs since the epoch; 0: unknown */
	char *newest;    /* the latest `modified` of its records, or NULL */
} vg_vulndb_source_stats;

/* Counts for `vigil db stats`. */
typedef struct vg_vulndb_stats {
	int64_t vulnerabilities;
	int64_t aliases;
	int64_t records;
	int64_t affected_packages;
	int64_t cpe_matches;
	int64_t exploited; /* vulnerabilities with a KEV entry */
	int64_t epss_scores;
	vg_vulndb_source_stats *sources; /* by name: every source with records,
					    scores or an update time */
	size_t source_count;
} vg_vulndb_stats;

int vg_vulndb_stats_get(vg_vulndb *db, vg_vulndb_stats *out);
void vg_vulndb_stats_free(vg_vulndb_stats *stats);

/* Exploitation facts of one CVE (from CISA KEV). */
typedef struct vg_kev_entry {
	char *cve;
	char *vendor;
	char *product;
	char *name;
	char *date_added;
	char *due_date;
	char *required_action;
	char *ransomware; /* "Known" / "Unknown" */
} vg_kev_entry;

/* One vulnerability with everything every source said about it. */
typedef struct vg_vuln_source {
	int64_t key;     /* the database's key of the record (vg_vulndb_each_record_*) */
	char *source;    /* "osv", "nvd", "kev", ... */
	char *record_id; /* the id in that source */
	char *published;
	char *modified;
	char *summary;
	/* The record's references, a JSON array [{"type": "WEB", "url": ...}]
	 * ("type" absent when the source gives none), or NULL. */
	char *references;
} vg_vuln_source;

/* One severity a source gave (CVSS vector, or a bare score/label). */
typedef struct vg_vuln_severity {
	char *source;    /* the record's source: "nvd", "osv", ... */
	char *type;      /* "CVSS_V3", "CVSS_V4", "CVSS_V2", "SSVC", ... */
	char *vector;    /* or NULL */
	double score;    /* NAN when the source gave none */
	char *origin;    /* who scored it ("nvd@nist.gov Primary"), or NULL */
} vg_vuln_severity;

typedef struct vg_vuln {
	char *name;              /* CVE id if it has one */
	vg_strlist aliases;      /* every identifier, sorted, including name */
	vg_vuln_source *sources;
	size_t source_count;
	vg_vuln_severity *severities; /* every source's, in source order */
	size_t severity_count;
	bool exploited;
	vg_kev_entry kev;        /* valid when exploited */
	bool has_epss;
	double epss_score;
	double epss_percentile;
	char *epss_date;
} vg_vuln;

/* Look a vulnerability up by any of its identifiers (VG_ENOTFOUND if none). */
int vg_vulndb_get(vg_vulndb *db, const char *id, vg_vuln **out);
/* The same by the database's key of the vulnerability (vg_affected_row.vuln),
 * for a scan: sources[] have no references, and without `sources` it is
 * left empty.  A scan takes each finding's summary from the record that
 * matched (vg_affected_row.summary) and reads the sources only when that
 * record has none, which saves reading every record of every vulnerability
 * found. */
int vg_vulndb_get_key(vg_vulndb *db, int64_t key, bool sources, vg_vuln **out);
void vg_vuln_free(vg_vuln *vuln);

/*
 * Queries for the scanner.  Each calls `fn` once per row; the row's strings
 * are valid only during the call.  A non-zero return from `fn` stops the
 * walk and is returned.
 */

/* One affected[] entry (schema.c documents the columns). */
typedef struct vg_affected_row {
	int64_t vuln;           /* key of the vulnerability (vg_vulndb_get_key) */
	int64_t record;         /* key of the record */
	const char *source;     /* "osv", "debian", "alpine", "cve5", "csaf" */
	const char *record_id;
	const char *summary;    /* the record's, or NULL */
	const char *ecosystem, *name, *purl;
	/* As stored, else rebuilt from the events where the import kept them
	 * only there (lib/vuln/events.c): the same JSON, events in order. */
	const char *ranges;     /* OSV ranges JSON, or NULL */
	const char *versions;   /* JSON array of exact versions, or NULL */
	const char *fixed;      /* comma-separated fixed versions, or NULL */
	const char *status;     /* NULL, "not_affected", "unfixed", "end_of_life", ... */
	const char *events;     /* the compact form (vg_vulndb_events_verdict), or NULL */
	/* A CVE 5 or CSAF entry's defaultStatus, versionType(s) and the versions
	 * it gave that are no single range (JSON), or NULL (and in a brief row). */
	const char *default_status, *version_type, *source_versions;
} vg_affected_row;

typedef int (*vg_affected_fn)(const vg_affected_row *row, void *ctx);

/* How much of an entry a filter wants, told from its status and compact
 * events (NULL when the entry has none), which come from the index alone. */
typedef enum vg_affected_read {
	VG_AFFECTED_SKIP,  /* nothing: fn is not called */
	VG_AFFECTED_BRIEF, /* all but name, purl, ranges, versions and the CVE 5
			      columns (NULL): the entry's own row is not read,
			      only its record's */
	VG_AFFECTED_WHOLE  /* every column */
} vg_affected_read;

typedef vg_affected_read (*vg_affected_filter)(const char *status, const char *events,
					       void *ctx);

/* Entries of package `name` in `ecosystem` (exact names, as the feeds write
 * them: "Debian:12", "PyPI").  Without `keep`, every entry reaches `fn`
 * whole; with it, what it asks for. */
int vg_vulndb_each_affected(vg_vulndb *db, const char *ecosystem, const char *name,
			    vg_affected_filter keep, vg_affected_fn fn, void *ctx);

/* Every entry of one record (vg_vuln_source.key), whole, in the order the
 * feed gave them: what `vigil db show` lists. */
int vg_vulndb_each_record_affected(vg_vulndb *db, int64_t record, vg_affected_fn fn, void *ctx);

/*
 * The compact form of an affected entry's ranges and versions, made at import
 * for entries whose every range builds in the ecosystem's order (lib/vuln/
 * events.c documents it), asked about `version` ordered by `scheme`:
 * VG_EVENTS_OUTSIDE when it is certainly neither listed nor inside a range;
 * VG_EVENTS_INSIDE when it certainly is, and then *matched (when matched is
 * not NULL) is what vg_osv_ranges_describe() says of the entry (malloc'd);
 * VG_EVENTS_UNKNOWN when the compact form cannot decide (another scheme, a
 * version the scheme rejects, an entry with a GIT range): evaluate the
 * entry's JSON.  Errors only for memory.
 */
typedef enum vg_events_verdict {
	VG_EVENTS_UNKNOWN,
	VG_EVENTS_OUTSIDE,
	VG_EVENTS_INSIDE
} vg_events_verdict;
int vg_vulndb_events_verdict(const char *events, vg_version_scheme scheme, const char *version,
			     vg_events_verdict *verdict, char **matched);

/*
 * *out = true when no entry of package `name` in `ecosystem` can hold
 * `version` (ordered by `scheme`): the package has no entries, or every one
 * of them ends below the version (lib/vuln/bounds.c).  false: walk them
 * (vg_vulndb_each_affected), some may.  Errors only for the database.
 */
int vg_vulndb_package_excludes(vg_vulndb *db, const char *ecosystem, const char *name,
			       vg_version_scheme scheme, const char *version, bool *out);

/* Whether any entry has this ecosystem (is this distro release covered?). */
int vg_vulndb_has_ecosystem(vg_vulndb *db, const char *ecosystem, bool *out);

/* One NVD-style CPE applicability entry (schema.c: cpe_match). */
typedef struct vg_cpe_row {
	int64_t vuln, record;
	const char *source, *record_id;
	int config, node;
	const char *config_operator, *node_operator; /* "AND", "OR" or NULL (OR) */
	bool config_negate, node_negate, vulnerable;
	const char *criteria;                         /* CPE 2.3 formatted string */
	const char *version_start, *version_end;      /* NULL: no bound */
	bool start_including, end_including;
} vg_cpe_row;

typedef int (*vg_cpe_fn)(const vg_cpe_row *row, void *ctx);

/* Entries whose criteria names this vendor and product (WFN values, as
 * vg_cpe_value() gives them: "node\.js"). */
int vg_vulndb_each_cpe_product(vg_vulndb *db, const char *vendor, const char *product,
			       vg_cpe_fn fn, void *ctx);
/* Every entry of a record, by configuration, then node, then feed order. */
int vg_vulndb_each_record_cpe(vg_vulndb *db, int64_t record, vg_cpe_fn fn, void *ctx);
/* Every entry of one configuration of a record, ordered by node. */
int vg_vulndb_each_cpe_config(vg_vulndb *db, int64_t record, int config, vg_cpe_fn fn,
			      void *ctx);

#ifdef __cplusplus
}
#endif
#endif
