/*
 * lookup.c - one vulnerability with everything every source said about it
 * (vg_vulndb_get, for `vigil db show` and the scanner's findings).
 */
#include "vulndb_internal.h"
#include "vigil/error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static char *column_dup(sqlite3_stmt *st, int col)
{
	const unsigned char *text = sqlite3_column_text(st, col);

	return text ? vg_strdup((const char *)text) : NULL;
}

/* VG_ENOTFOUND, with no message, when no vulnerability has the alias. */
static int find_vuln(vg_vulndb *db, const char *id, int64_t *vuln)
{
	sqlite3_stmt *st;
	int rc = vulndb_stmt(db, "SELECT vuln FROM alias WHERE name = ?", &st);

	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		*vuln = sqlite3_column_int64(st, 0);
	else
		rc = VG_ENOTFOUND;
	vulndb_stmt_done(st);
	return rc;
}

/* KEV: the first alias (in name order) the catalog lists. */
static void take_kev(sqlite3_stmt *st, vg_vuln *out)
{
	out->exploited = true;
	out->kev.cve = column_dup(st, 1);
	out->kev.vendor = column_dup(st, 2);
	out->kev.product = column_dup(st, 3);
	out->kev.name = column_dup(st, 4);
	out->kev.date_added = column_dup(st, 5);
	out->kev.due_date = column_dup(st, 6);
	out->kev.required_action = column_dup(st, 7);
	out->kev.ransomware = column_dup(st, 8);
}

/* EPSS: the highest score of its aliases. */
static void take_epss(sqlite3_stmt *st, vg_vuln *out)
{
	free(out->epss_date);
	out->has_epss = true;
	out->epss_score = sqlite3_column_double(st, 9);
	out->epss_percentile = sqlite3_column_double(st, 10);
	out->epss_date = column_dup(st, 11);
}

/*
 * The name, aliases, KEV and EPSS in one walk of the vulnerability's
 * aliases: the alias_vuln index gives them in name order, and KEV and EPSS
 * are keyed by CVE id, so each alias row carries its entries when it has
 * any.  (One statement rather than two: a scan runs it for every
 * vulnerability it finds.)  VG_ENOTFOUND, with no message, when there is
 * no such vulnerability.
 */
static int load_aliases(vg_vulndb *db, int64_t vuln, vg_vuln *out)
{
	sqlite3_stmt *st;
	bool found = false;
	int rc = vulndb_stmt(db, "SELECT a.name, k.cve, k.vendor, k.product, k.name, k.date_added, "
				 "k.due_date, k.required_action, k.ransomware, e.score, e.percentile, "
				 "e.date, v.name FROM vulnerability v LEFT JOIN alias a ON a.vuln = v.id "
				 "LEFT JOIN kev k ON k.cve = a.name LEFT JOIN epss e ON e.cve = a.name "
				 "WHERE v.id = ? ORDER BY a.name",
			     &st);

	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, vuln);
	while (rc == VG_OK && sqlite3_step(st) == SQLITE_ROW) {
		found = true;
		if (!out->name && !(out->name = column_dup(st, 12))) {
			rc = vg_error_set(VG_ENOMEM, "out of memory");
			break;
		}
		if (sqlite3_column_type(st, 0) != SQLITE_NULL)
			rc = vg_strlist_add(&out->aliases, (const char *)sqlite3_column_text(st, 0));
		if (!out->exploited && sqlite3_column_type(st, 1) != SQLITE_NULL)
			take_kev(st, out);
		if (sqlite3_column_type(st, 9) != SQLITE_NULL &&
		    (!out->has_epss || sqlite3_column_double(st, 9) > out->epss_score))
			take_epss(st, out);
	}
	vulndb_stmt_done(st);
	return rc == VG_OK && !found ? VG_ENOTFOUND : rc;
}

static int by_source(const void *a, const void *b)
{
	const vg_vuln_source *x = a, *y = b;
	int c = strcmp(x->source, y->source);

	return c ? c : strcmp(x->record_id, y->record_id);
}

#define SOURCE_COLUMNS "SELECT source, record_id, published, modified, summary, id, "

/*
 * Sorted here, not by SQL: an ORDER BY costs SQLite a sorter per query.
 * `whole`: with each record's references, which a scan never shows and
 * which cost it more than the rest of the row (a PyPI record lists dozens).
 */
static int load_sources(vg_vulndb *db, int64_t vuln, bool whole, vg_vuln *out)
{
	sqlite3_stmt *st;
	vg_vuln_source *grown, *s;
	int rc = vulndb_stmt(db, whole ? SOURCE_COLUMNS
					 "nullif((SELECT json_group_array(CASE WHEN f.type IS NULL "
					 "THEN json_object('url', f.url) "
					 "ELSE json_object('type', f.type, 'url', f.url) END) "
					 "FROM reference f WHERE f.record = record.id), '[]') "
					 "FROM record WHERE vuln = ?"
				       : SOURCE_COLUMNS "NULL FROM record WHERE vuln = ?",
			     &st);

	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, vuln);
	while (rc == VG_OK && sqlite3_step(st) == SQLITE_ROW) {
		grown = realloc(out->sources, (out->source_count + 1) * sizeof(*grown));
		if (!grown) {
			rc = vg_error_set(VG_ENOMEM, "out of memory");
			break;
		}
		out->sources = grown;
		s = &grown[out->source_count++];
		s->source = column_dup(st, 0);
		s->record_id = column_dup(st, 1);
		s->published = column_dup(st, 2);
		s->modified = column_dup(st, 3);
		s->summary = column_dup(st, 4);
		s->key = sqlite3_column_int64(st, 5);
		s->references = column_dup(st, 6);
		if (!s->source || !s->record_id)
			rc = vg_error_set(VG_ENOMEM, "out of memory");
	}
	vulndb_stmt_done(st);
	if (rc == VG_OK && out->source_count > 1)
		qsort(out->sources, out->source_count, sizeof(*out->sources), by_source);
	return rc;
}

static void severity_clear(vg_vuln_severity *s)
{
	free(s->source);
	free(s->type);
	free(s->vector);
	free(s->origin);
}

/* Severities in the order of their records (source, record id), each
 * record's in the order it gave them. */
typedef struct ranked {
	vg_vuln_severity sev;
	char *record_id;
	size_t seq;
} ranked;

static int by_record(const void *a, const void *b)
{
	const ranked *x = a, *y = b;
	int c = strcmp(x->sev.source, y->sev.source);

	if (!c)
		c = strcmp(x->record_id, y->record_id);
	return c ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

static int load_severities(vg_vulndb *db, int64_t vuln, vg_vuln *out)
{
	sqlite3_stmt *st;
	ranked *rows = NULL, *grown;
	size_t n = 0, i;
	int rc = vulndb_stmt(db, "SELECT r.source, s.type, s.vector, s.score, s.origin, "
				 "r.record_id FROM severity s JOIN record r ON r.id = s.record "
				 "WHERE r.vuln = ?", &st);

	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, vuln);
	while (rc == VG_OK && sqlite3_step(st) == SQLITE_ROW) {
		grown = realloc(rows, (n + 1) * sizeof(*grown));
		if (!grown) {
			rc = vg_error_set(VG_ENOMEM, "out of memory");
			break;
		}
		rows = grown;
		rows[n] = (ranked){ { column_dup(st, 0), column_dup(st, 1), column_dup(st, 2),
				      sqlite3_column_type(st, 3) == SQLITE_NULL
					      ? NAN : sqlite3_column_double(st, 3),
				      column_dup(st, 4) },
				    column_dup(st, 5), n };
		if (!rows[n].sev.source || !rows[n].sev.type || !rows[n++].record_id)
			rc = vg_error_set(VG_ENOMEM, "out of memory");
	}
	vulndb_stmt_done(st);
	if (n > 1)
		qsort(rows, n, sizeof(*rows), by_record);
	out->severities = n ? malloc(n * sizeof(*out->severities)) : NULL;
	if (n && !out->severities && rc == VG_OK)
		rc = vg_error_set(VG_ENOMEM, "out of memory");
	for (i = 0; i < n; i++) {
		if (out->severities)
			out->severities[out->severity_count++] = rows[i].sev;
		else
			severity_clear(&rows[i].sev);
		free(rows[i].record_id);
	}
	free(rows);
	return rc;
}

/* Which of the vulnerability's sources load_vuln() reads. */
typedef enum { SOURCES_NONE, SOURCES_NO_REFERENCES, SOURCES_WHOLE } sources_wanted;

static int load_vuln(vg_vulndb *db, int64_t vuln, sources_wanted sources, vg_vuln *v)
{
	int rc = load_aliases(db, vuln, v);

	if (rc == VG_OK && sources != SOURCES_NONE)
		rc = load_sources(db, vuln, sources == SOURCES_WHOLE, v);
	if (rc == VG_OK)
		rc = load_severities(db, vuln, v);
	return rc;
}

int vg_vulndb_get(vg_vulndb *db, const char *id, vg_vuln **out)
{
	vg_vuln *v = calloc(1, sizeof(*v));
	int64_t vuln = 0;
	int rc;

	if (!v)
		return vg_error_set(VG_ENOMEM, "out of memory");
	rc = find_vuln(db, id, &vuln);
	if (rc == VG_OK)
		rc = load_vuln(db, vuln, SOURCES_WHOLE, v);
	if (rc == VG_ENOTFOUND)
		rc = vg_error_set(VG_ENOTFOUND, "%s: no such vulnerability in %s", id, db->path);
	if (rc) {
		vg_vuln_free(v);
		return rc;
	}
	*out = v;
	return VG_OK;
}

int vg_vulndb_get_key(vg_vulndb *db, int64_t key, bool sources, vg_vuln **out)
{
	vg_vuln *v = calloc(1, sizeof(*v));
	int rc;

	if (!v)
		return vg_error_set(VG_ENOMEM, "out of memory");
	rc = load_vuln(db, key, sources ? SOURCES_NO_REFERENCES : SOURCES_NONE, v);
	if (rc == VG_ENOTFOUND)
		rc = vg_error_set(VG_ENOTFOUND, "%s: no vulnerability with key %lld", db->path,
				  (long long)key);
	if (rc) {
		vg_vuln_free(v);
		return rc;
	}
	*out = v;
	return VG_OK;
}

void vg_vuln_free(vg_vuln *v)
{
	size_t i;

	if (!v)
		return;
	free(v->name);
	vg_strlist_free(&v->aliases);
	for (i = 0; i < v->source_count; i++) {
		free(v->sources[i].source);
		free(v->sources[i].record_id);
		free(v->sources[i].published);
		free(v->sources[i].modified);
		free(v->sources[i].summary);
		free(v->sources[i].references);
	}
	free(v->sources);
	for (i = 0; i < v->severity_count; i++)
		severity_clear(&v->severities[i]);
	free(v->severities);
	free(v->kev.cve);
	free(v->kev.vendor);
	free(v->kev.product);
	free(v->kev.name);
	free(v->kev.date_added);
	free(v->kev.due_date);
	free(v->kev.required_action);
	free(v->kev.ransomware);
	free(v->epss_date);
	free(v);
}
