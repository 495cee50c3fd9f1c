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

static int find_vuln(vg_vulndb *db, const char *id, int64_t *vuln, char **name)
{
	sqlite3_stmt *st;
	int rc = vulndb_stmt(db, "SELECT v.id, v.name FROM alias a JOIN vulnerability v "
				 "ON v.id = a.vuln WHERE a.name = ?", &st);

	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*vuln = sqlite3_column_int64(st, 0);
		*name = column_dup(st, 1);
		rc = *name ? VG_OK : VG_ENOMEM;
	} else {
		rc = vg_error_set(VG_ENOTFOUND, "%s: no such vulnerability in %s", id, db->path);
	}
	vulndb_stmt_done(st);
	return rc;
}

static int load_aliases(vg_vulndb *db, int64_t vuln, vg_vuln *out)
{
	sqlite3_stmt *st;
	int rc = vulndb_stmt(db, "SELECT name FROM alias WHERE vuln = ? ORDER BY name", &st);

	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, vuln);
	while (rc == VG_OK && sqlite3_step(st) == SQLITE_ROW)
		rc = vg_strlist_add(&out->aliases, (const char *)sqlite3_column_text(st, 0));
	vulndb_stmt_done(st);
	return rc;
}

static int load_sources(vg_vulndb *db, int64_t vuln, vg_vuln *out)
{
	sqlite3_stmt *st;
	vg_vuln_source *grown, *s;
	int rc = vulndb_stmt(db, "SELECT source, record_id, published, modified, summary "
				 "FROM record WHERE vuln = ? ORDER BY source, record_id", &st);

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
	}
	vulndb_stmt_done(st);
	return rc;
}

static int load_severities(vg_vulndb *db, int64_t vuln, vg_vuln *out)
{
	sqlite3_stmt *st;
	vg_vuln_severity *grown, *s;
	int rc = vulndb_stmt(db, "SELECT r.source, s.type, s.vector, s.score, s.origin "
				 "FROM severity s JOIN record r ON r.id = s.record "
				 "WHERE r.vuln = ? ORDER BY r.source, r.record_id", &st);

	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, vuln);
	while (rc == VG_OK && sqlite3_step(st) == SQLITE_ROW) {
		grown = realloc(out->severities, (out->severity_count + 1) * sizeof(*grown));
		if (!grown) {
			rc = vg_error_set(VG_ENOMEM, "out of memory");
			break;
		}
		out->severities = grown;
		s = &grown[out->severity_count++];
		s->source = column_dup(st, 0);
		s->type = column_dup(st, 1);
		s->vector = column_dup(st, 2);
		s->score = sqlite3_column_type(st, 3) == SQLITE_NULL ? NAN
								     : sqlite3_column_double(st, 3);
		s->origin = column_dup(st, 4);
	}
	vulndb_stmt_done(st);
	return rc;
}

static int load_kev(vg_vulndb *db, int64_t vuln, vg_vuln *out)
{
	sqlite3_stmt *st;
	int rc = vulndb_stmt(db, "SELECT k.cve, vendor, product, k.name, date_added, due_date, "
				 "required_action, ransomware FROM kev k JOIN alias a "
				 "ON a.name = k.cve WHERE a.vuln = ? LIMIT 1", &st);

	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, vuln);
	if (sqlite3_step(st) == SQLITE_ROW) {
		out->exploited = true;
		out->kev.cve = column_dup(st, 0);
		out->kev.vendor = column_dup(st, 1);
		out->kev.product = column_dup(st, 2);
		out->kev.name = column_dup(st, 3);
		out->kev.date_added = column_dup(st, 4);
		out->kev.due_date = column_dup(st, 5);
		out->kev.required_action = column_dup(st, 6);
		out->kev.ransomware = column_dup(st, 7);
	}
	vulndb_stmt_done(st);
	return VG_OK;
}

static int load_epss(vg_vulndb *db, int64_t vuln, vg_vuln *out)
{
	sqlite3_stmt *st;
	int rc = vulndb_stmt(db, "SELECT score, percentile, date FROM epss e JOIN alias a "
				 "ON a.name = e.cve WHERE a.vuln = ? ORDER BY score DESC LIMIT 1",
			     &st);

	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, vuln);
	if (sqlite3_step(st) == SQLITE_ROW) {
		out->has_epss = true;
		out->epss_score = sqlite3_column_double(st, 0);
		out->epss_percentile = sqlite3_column_double(st, 1);
		out->epss_date = column_dup(st, 2);
	}
	vulndb_stmt_done(st);
	return VG_OK;
}

static int load_vuln(vg_vulndb *db, int64_t vuln, vg_vuln *v)
{
	int rc = load_aliases(db, vuln, v);

	if (rc == VG_OK)
		rc = load_sources(db, vuln, v);
	if (rc == VG_OK)
		rc = load_severities(db, vuln, v);
	if (rc == VG_OK)
		rc = load_kev(db, vuln, v);
	if (rc == VG_OK)
		rc = load_epss(db, vuln, v);
	return rc;
}

int vg_vulndb_get(vg_vulndb *db, const char *id, vg_vuln **out)
{
	vg_vuln *v = calloc(1, sizeof(*v));
	int64_t vuln = 0;
	int rc;

	if (!v)
		return vg_error_set(VG_ENOMEM, "out of memory");
	rc = find_vuln(db, id, &vuln, &v->name);
	if (rc == VG_OK)
		rc = load_vuln(db, vuln, v);
	if (rc) {
		vg_vuln_free(v);
		return rc;
	}
	*out = v;
	return VG_OK;
}

int vg_vulndb_get_key(vg_vulndb *db, int64_t key, vg_vuln **out)
{
	vg_vuln *v = calloc(1, sizeof(*v));
	sqlite3_stmt *st;
	int rc;

	if (!v)
		return vg_error_set(VG_ENOMEM, "out of memory");
	rc = vulndb_stmt(db, "SELECT name FROM vulnerability WHERE id = ?", &st);
	if (rc == VG_OK) {
		sqlite3_bind_int64(st, 1, key);
		if (sqlite3_step(st) == SQLITE_ROW)
			rc = (v->name = column_dup(st, 0)) ? VG_OK : VG_ENOMEM;
		else
			rc = vg_error_set(VG_ENOTFOUND, "%s: no vulnerability with key %lld",
					  db->path, (long long)key);
		vulndb_stmt_done(st);
	}
	if (rc == VG_OK)
		rc = load_vuln(db, key, v);
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
	}
	free(v->sources);
	for (i = 0; i < v->severity_count; i++) {
		free(v->severities[i].source);
		free(v->severities[i].type);
		free(v->severities[i].vector);
		free(v->severities[i].origin);
	}
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
