/*
 * stats.c - what the database holds (`vigil db stats`) and how fresh each
 * source's data is.
 *
 * Freshness is kept in meta as "updated:<source>" = an RFC 3339 UTC time:
 * vg_vulndb_import() sets it for every source whose documents it read, in
 * the import's own transaction (so a failed or killed import leaves the old
 * time, as it leaves the old data), and `vigil db update` sets it when a
 * feed says it has not changed.  The time is when the data was known to be
 * current, not the feed's own publication time, which not every feed gives
 * (the DSA/DLA lists, Alpine secdb); the stats show the records' newest
 * `modified` beside it, which catches an old file imported today.
 */
#include "vulndb_internal.h"
#include "vigil/error.h"
#include "vigil/time.h"

#include <stdlib.h>
#include <string.h>

/* meta keys "updated:<source>": those from "updated:" up to, not including,
 * "updated;" (';' follows ':'), the source cut from the key. */
#define UPDATED_PREFIX "updated:"
#define UPDATED_SELECT                                             \
	"SELECT substr(key, 9), value FROM meta WHERE key >= 'updated:' " \
	"AND key < 'updated;' ORDER BY key"

/* The meta key of `source`'s update time; malloc'd, NULL (error set) when out of memory. */
static char *updated_key(const char *source)
{
	char *key = vg_strdup_printf(UPDATED_PREFIX "%s", source);

	if (!key)
		vg_error_set(VG_ENOMEM, "out of memory");
	return key;
}

int vg_vulndb_mark_updated(vg_vulndb *db, const char *source)
{
	char when[21], *key = updated_key(source);
	int rc;

	if (!key)
		return VG_ENOMEM;
	vg_time_format(vg_time_now(), when);
	rc = vg_vulndb_meta_set(db, key, when);
	free(key);
	return rc;
}

int vulndb_updated_get(vg_vulndb *db, const char *source, char **value)
{
	char *key = updated_key(source);
	int rc = key ? vg_vulndb_meta_get(db, key, value) : VG_ENOMEM;

	free(key);
	return rc;
}

int vulndb_updated_restore(vg_vulndb *db, const char *source, const char *value)
{
	char *key = updated_key(source);
	sqlite3_stmt *st;
	int rc;

	if (!key)
		return VG_ENOMEM;
	if (value) {
		rc = vg_vulndb_meta_set(db, key, value);
	} else if ((rc = vulndb_prepare(db, "DELETE FROM meta WHERE key = ?", &st)) == VG_OK) {
		sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = vulndb_sql_error(db, "cannot write meta");
		sqlite3_finalize(st);
	}
	free(key);
	return rc;
}

static int add_stale(vg_strlist *stale, const char *source, const char *value, int64_t age)
{
	char age_buf[24];

	if (age < 0)
		return vg_strlist_take(stale, vg_strdup_printf("the %s data has an unreadable "
							       "update time '%s'",
							       source, value));
	vg_time_age(age, age_buf);
	return vg_strlist_take(stale, vg_strdup_printf("the %s data is %s old (last updated %s)",
						       source, age_buf, value));
}

int vg_vulndb_updates_get(vg_vulndb *db, vg_vulndb_update **out, size_t *count)
{
	vg_vulndb_update *list = NULL, *grown, *u;
	sqlite3_stmt *st;
	size_t n = 0;
	int rc = vulndb_prepare(db, UPDATED_SELECT, &st), step;

	while (rc == VG_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *value = (const char *)sqlite3_column_text(st, 1);

		if (!(grown = realloc(list, (n + 1) * sizeof(*list)))) {
			rc = vg_error_set(VG_ENOMEM, "out of memory");
			break;
		}
		list = grown;
		u = &list[n++];
		u->source = vg_strdup((const char *)sqlite3_column_text(st, 0));
		u->when = vg_strdup(value ? value : "");
		u->at = 0;
		if (!u->source || !u->when)
			rc = vg_error_set(VG_ENOMEM, "out of memory");
		else if (vg_time_parse(u->when, &u->at) != VG_OK)
			u->at = 0; /* unreadable: vg_vulndb_check_age says so */
	}
	if (rc == VG_OK && step != SQLITE_DONE)
		rc = vulndb_sql_error(db, "cannot read the update times");
	sqlite3_finalize(st);
	if (rc) {
		vg_vulndb_updates_free(list, n);
		list = NULL;
		n = 0;
	}
	*out = list;
	*count = n;
	return rc;
}

void vg_vulndb_updates_free(vg_vulndb_update *updates, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++) {
		free(updates[i].source);
		free(updates[i].when);
	}
	free(updates);
}

int vg_vulndb_check_age(const vg_vulndb_update *updates, size_t count, int64_t now_usec,
			int64_t max_age_usec, vg_strlist *stale)
{
	size_t i;
	int rc = VG_OK;

	for (i = 0; i < count && rc == VG_OK; i++) {
		if (!updates[i].at)
			rc = add_stale(stale, updates[i].source, updates[i].when, -1);
		else if (now_usec - updates[i].at > max_age_usec)
			rc = add_stale(stale, updates[i].source, updates[i].when,
				       now_usec - updates[i].at);
	}
	return rc;
}

/* ---- vigil db stats ---- */

static int count_rows(vg_vulndb *db, const char *sql, int64_t *out)
{
	sqlite3_stmt *st;
	int rc = vulndb_prepare(db, sql, &st);

	if (rc)
		return rc;
	if (sqlite3_step(st) == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	else
		rc = vulndb_sql_error(db, "cannot count rows");
	sqlite3_finalize(st);
	return rc;
}

/* The entry of `name` in out->sources, added if it is not there yet. */
static vg_vulndb_source_stats *source_entry(vg_vulndb_stats *out, const char *name)
{
	vg_vulndb_source_stats *grown, *s;
	size_t i;

	for (i = 0; i < out->source_count; i++)
		if (!strcmp(out->sources[i].name, name))
			return &out->sources[i];
	grown = realloc(out->sources, (out->source_count + 1) * sizeof(*grown));
	if (!grown)
		return NULL;
	out->sources = grown;
	s = memset(&grown[out->source_count], 0, sizeof(*s));
	if (!(s->name = vg_strdup(name)))
		return NULL;
	out->source_count++;
	return s;
}

/* Rows of (source, count, newest) into out->sources. */
static int add_sources(vg_vulndb *db, vg_vulndb_stats *out, const char *sql)
{
	sqlite3_stmt *st;
	vg_vulndb_source_stats *s;
	int rc = vulndb_prepare(db, sql, &st), step;

	while (rc == VG_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *newest = (const char *)sqlite3_column_text(st, 2);

		if (!sqlite3_column_int64(st, 1))
			continue;
		if (!(s = source_entry(out, (const char *)sqlite3_column_text(st, 0))) ||
		    (newest && !(s->newest = vg_strdup(newest))))
			rc = vg_error_set(VG_ENOMEM, "out of memory");
		else
			s->records = sqlite3_column_int64(st, 1);
	}
	if (rc == VG_OK && step != SQLITE_DONE)
		rc = vulndb_sql_error(db, "cannot read the sources");
	sqlite3_finalize(st);
	return rc;
}

static int add_update_times(vg_vulndb *db, vg_vulndb_stats *out)
{
	vg_vulndb_update *updates;
	vg_vulndb_source_stats *s;
	size_t i, n;
	int rc = vg_vulndb_updates_get(db, &updates, &n);

	for (i = 0; i < n && rc == VG_OK; i++) {
		if (!(s = source_entry(out, updates[i].source)))
			rc = vg_error_set(VG_ENOMEM, "out of memory");
		else
			s->updated = updates[i].at;
	}
	vg_vulndb_updates_free(updates, n);
	return rc;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const vg_vulndb_source_stats *)a)->name,
		      ((const vg_vulndb_source_stats *)b)->name);
}

int vg_vulndb_stats_get(vg_vulndb *db, vg_vulndb_stats *out)
{
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = count_rows(db, "SELECT count(*) FROM vulnerability", &out->vulnerabilities)) ||
	    (rc = count_rows(db, "SELECT count(*) FROM alias", &out->aliases)) ||
	    (rc = count_rows(db, "SELECT count(*) FROM record", &out->records)) ||
	    (rc = count_rows(db, "SELECT count(*) FROM affected", &out->affected_packages)) ||
	    (rc = count_rows(db, "SELECT count(*) FROM cpe_match", &out->cpe_matches)) ||
	    (rc = count_rows(db, "SELECT count(DISTINCT a.vuln) FROM kev k "
				 "JOIN alias a ON a.name = k.cve",
			     &out->exploited)) ||
	    (rc = count_rows(db, "SELECT count(*) FROM epss", &out->epss_scores)) ||
	    (rc = add_sources(db, out, "SELECT source, count(*), max(modified) FROM record "
				       "GROUP BY source")) ||
	    (rc = add_sources(db, out, "SELECT 'epss', count(*), max(date) FROM epss")) ||
	    (rc = add_update_times(db, out))) {
		vg_vulndb_stats_free(out);
		return rc;
	}
	if (out->source_count)
		qsort(out->sources, out->source_count, sizeof(*out->sources), by_name);
	return VG_OK;
}

void vg_vulndb_stats_free(vg_vulndb_stats *stats)
{
	size_t i;

	for (i = 0; i < stats->source_count; i++) {
		free(stats->sources[i].name);
		free(stats->sources[i].newest);
	}
	free(stats->sources);
	stats->sources = NULL;
	stats->source_count = 0;
}
