/*
 * store.c - what every importer does with the database once it has checked
 * a record: decide whether the stored copy is current, delete a withdrawn
 * record, and insert the child rows (severities, references, affected
 * packages, CPE matches).  See vulndb_internal.h for the contracts.
 */
#include "vulndb_internal.h"
#include "vigil/buf.h"
#include "vigil/cpe.h"
#include "vigil/error.h"
#include "vigil/time.h"

#include <math.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Not newer than the stored copy: the stored copy is current. */
static int compare_times(const unsigned char *stored_text, const char *incoming_text)
{
	int64_t stored = INT64_MIN, incoming = INT64_MIN;

	if (stored_text && vg_time_parse((const char *)stored_text, &stored) != VG_OK)
		stored = INT64_MIN;
	if (incoming_text && vg_time_parse(incoming_text, &incoming) != VG_OK)
		incoming = INT64_MIN;
	return stored >= incoming ? VULNDB_CURRENT : VULNDB_STALE;
}

int vulndb_record_state(vg_vulndb *db, const char *source, const char *id, const char *modified,
			const char *digest, int *state)
{
	sqlite3_stmt *st;
	const unsigned char *stored_digest;
	int rc = vulndb_stmt(db, "SELECT modified, digest FROM record WHERE source = ? AND "
				 "record_id = ?", &st);

	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, source, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
	*state = VULNDB_ABSENT;
	if (sqlite3_step(st) == SQLITE_ROW) {
		stored_digest = sqlite3_column_text(st, 1);
		/* An undated copy never replaces a dated one (Go's CVE 5 exports
		 * against the CVE list's own records). */
		if (digest && sqlite3_column_type(st, 0) != SQLITE_NULL)
			*state = VULNDB_CURRENT;
		else if (digest)
			*state = stored_digest && !strcmp((const char *)stored_digest, digest)
					 ? VULNDB_CURRENT : VULNDB_STALE;
		else
			*state = compare_times(sqlite3_column_text(st, 0), modified);
	}
	vulndb_stmt_done(st);
	return VG_OK;
}

int vulndb_delete_record(vg_vulndb *db, const char *source, const char *id, bool *deleted)
{
	sqlite3_stmt *st;
	size_t n = 0;
	int rc = vulndb_stmt(db, "DELETE FROM record WHERE source = ? AND record_id = ? "
				 "RETURNING vuln", &st);

	if (rc == VG_OK) {
		sqlite3_bind_text(st, 1, source, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
		rc = vulndb_delete_records(db, st, "removing withdrawn record", &n);
	}
	*deleted = n > 0;
	return rc;
}

int vulndb_prune_vuln(vg_vulndb *db, int64_t vuln)
{
	static const char *const sql[] = {
		"DELETE FROM alias WHERE vuln = ?1 AND NOT EXISTS (SELECT 1 FROM record WHERE vuln = ?1)",
		"DELETE FROM vulnerability WHERE id = ?1 AND NOT EXISTS "
		"(SELECT 1 FROM record WHERE vuln = ?1)",
	};
	sqlite3_stmt *st;
	size_t i;
	int rc = VG_OK;

	for (i = 0; rc == VG_OK && i < sizeof(sql) / sizeof(sql[0]); i++) {
		if ((rc = vulndb_stmt(db, sql[i], &st)) == VG_OK) {
			sqlite3_bind_int64(st, 1, vuln);
			rc = vulndb_stmt_run(db, st, "removing a vulnerability left without records");
		}
	}
	return rc;
}

int vulndb_delete_records(vg_vulndb *db, sqlite3_stmt *st, const char *what, size_t *deleted)
{
	int64_t *vulns = NULL, *grown;
	size_t n = 0, cap = 0, i;
	int rc = VG_OK, step;

	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			if (!(grown = realloc(vulns, cap * sizeof(*vulns)))) {
				rc = vg_error_set(VG_ENOMEM, "out of memory");
				break;
			}
			vulns = grown;
		}
		vulns[n++] = sqlite3_column_int64(st, 0);
	}
	if (rc == VG_OK && step != SQLITE_DONE)
		rc = vulndb_sql_error(db, what);
	vulndb_stmt_done(st);
	/* Pruned after the DELETE has finished: a vulnerability may lose several. */
	for (i = 0; rc == VG_OK && i < n; i++)
		rc = vulndb_prune_vuln(db, vulns[i]);
	free(vulns);
	*deleted = rc == VG_OK ? n : 0;
	return rc;
}

void vulndb_count_result(vg_import_report *report, int state)
{
	if (state == VULNDB_ABSENT)
		report->added++;
	else if (state == VULNDB_STALE)
		report->updated++;
	else
		report->unchanged++;
}

int vulndb_digest_json(const json_t *value, char out[VULNDB_DIGEST_HEX])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0, i;
	char *text = json_dumps(value, JSON_COMPACT | JSON_SORT_KEYS);
	int ok;

	if (!text)
		return vg_error_set(VG_ENOMEM, "out of memory");
	ok = EVP_Digest(text, strlen(text), md, &n, EVP_sha256(), NULL) == 1 && n == 32;
	free(text);
	if (!ok)
		return vg_error_set(VG_ERROR, "SHA-256 failed");
	for (i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
	return VG_OK;
}

int vulndb_set_digest(vg_vulndb *db, int64_t record, const char *digest)
{
	sqlite3_stmt *st;
	int rc = vulndb_stmt(db, "UPDATE record SET digest = ? WHERE id = ?", &st);

	if (rc)
		return rc;
	vulndb_bind_text(st, 1, digest);
	sqlite3_bind_int64(st, 2, record);
	return vulndb_stmt_run(db, st, "storing record digest");
}

int vulndb_store_severity(vg_vulndb *db, int64_t record, const char *type, const char *vector,
			  double score, const char *origin)
{
	sqlite3_stmt *st;
	int rc = vulndb_stmt(db, "INSERT INTO severity(record, type, vector, score, origin) "
				 "VALUES (?, ?, ?, ?, ?)", &st);

	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, record);
	vulndb_bind_text(st, 2, type);
	vulndb_bind_text(st, 3, vector);
	if (isnan(score))
		sqlite3_bind_null(st, 4);
	else
		sqlite3_bind_double(st, 4, score);
	vulndb_bind_text(st, 5, origin);
	return vulndb_stmt_run(db, st, "storing severity");
}

int vulndb_store_reference(vg_vulndb *db, int64_t record, const char *type, const char *url)
{
	sqlite3_stmt *st;
	int rc = vulndb_stmt(db, "INSERT INTO reference(record, type, url) VALUES (?, ?, ?)", &st);

	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, record);
	vulndb_bind_text(st, 2, type);
	vulndb_bind_text(st, 3, url);
	return vulndb_stmt_run(db, st, "storing reference");
}

/* The text of an entry's ranges or versions, or NULL when absent or when
 * the events hold them (`held`). */
static int entry_text(const json_t *v, bool held, char **out)
{
	*out = NULL;
	if (!v || held)
		return VG_OK;
	*out = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER);
	return *out ? VG_OK : vg_error_set(VG_ENOMEM, "out of memory");
}

int vulndb_fixed_versions(const json_t *ranges, char **out)
{
	vg_buf b = VG_BUF_INIT;
	const json_t *range, *event;
	const char *fixed;
	size_t i, j;
	int rc = VG_OK;

	json_array_foreach(ranges, i, range)
		json_array_foreach(json_object_get(range, "events"), j, event)
			if (rc == VG_OK &&
			    (fixed = json_string_value(json_object_get(event, "fixed"))))
				rc = vg_buf_printf(&b, "%s%s", b.len ? "," : "", fixed);
	*out = rc == VG_OK && b.len ? vg_buf_detach(&b) : NULL;
	vg_buf_free(&b);
	return rc;
}

int vulndb_store_affected(vg_vulndb *db, int64_t record, const vulndb_affected *a)
{
	sqlite3_stmt *st;
	char *events = NULL, *ranges = NULL, *versions = NULL;
	unsigned holds = 0;
	int rc = vulndb_stmt(db, "INSERT INTO affected(record, ecosystem, name, purl, ranges, "
				 "versions, fixed, status, default_status, version_type, "
				 "source_versions, events) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			     &st);

	if (rc == VG_OK)
		rc = vulndb_events_encode(a->ecosystem, a->ranges, a->versions, &events, &holds);
	if (rc == VG_OK)
		rc = entry_text(a->ranges, holds & VULNDB_HOLDS_RANGES, &ranges);
	if (rc == VG_OK)
		rc = entry_text(a->versions, holds & VULNDB_HOLDS_VERSIONS, &versions);
	if (rc) {
		free(events);
		free(ranges);
		return rc;
	}
	sqlite3_bind_int64(st, 1, record);
	vulndb_bind_text(st, 2, a->ecosystem);
	/* NOT NULL columns: an unnamed package is stored as the empty name. */
	sqlite3_bind_text(st, 3, a->name ? a->name : "", -1, SQLITE_TRANSIENT);
	vulndb_bind_text(st, 4, a->purl);
	vulndb_bind_text(st, 5, ranges);
	/* "[]" is meaningful (no version listed), so it is not folded to NULL. */
	if (versions)
		sqlite3_bind_text(st, 6, versions, -1, SQLITE_TRANSIENT);
	vulndb_bind_text(st, 7, a->fixed);
	vulndb_bind_text(st, 8, a->status);
	vulndb_bind_text(st, 9, a->default_status);
	vulndb_bind_text(st, 10, a->version_type);
	vulndb_bind_text(st, 11, a->source_versions);
	vulndb_bind_text(st, 12, events);
	rc = vulndb_stmt_run(db, st, "storing affected package");
	free(events);
	free(ranges);
	free(versions);
	return rc;
}

int vulndb_check_cpe(const char *criteria, const char *path)
{
	vg_cpe cpe;

	if (vg_cpe_parse(criteria, &cpe) != VG_OK)
		return vg_error_prefix("%s: ", path);
	return VG_OK;
}

int vulndb_store_cpe_match(vg_vulndb *db, int64_t record, const vulndb_cpe_match *m)
{
	sqlite3_stmt *st;
	vg_cpe cpe;
	int rc;

	/* Checked before the record was stored; a failure here is a caller bug. */
	if ((rc = vg_cpe_parse(m->criteria, &cpe)))
		return rc;
	rc = vulndb_stmt(db, "INSERT INTO cpe_match(record, config, vulnerable, criteria, vendor, "
			     "product, version_start, start_including, version_end, end_including, "
			     "node, node_operator, node_negate, config_operator, config_negate) "
			     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", &st);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, record);
	sqlite3_bind_int(st, 2, m->config);
	sqlite3_bind_int(st, 3, m->vulnerable);
	vulndb_bind_text(st, 4, m->criteria);
	vulndb_bind_text(st, 5, vg_cpe_value(&cpe, VG_CPE_VENDOR));
	vulndb_bind_text(st, 6, vg_cpe_value(&cpe, VG_CPE_PRODUCT));
	vulndb_bind_text(st, 7, m->version_start);
	if (m->version_start)
		sqlite3_bind_int(st, 8, m->start_including);
	vulndb_bind_text(st, 9, m->version_end);
	if (m->version_end)
		sqlite3_bind_int(st, 10, m->end_including);
	sqlite3_bind_int(st, 11, m->node);
	vulndb_bind_text(st, 12, m->node_operator);
	sqlite3_bind_int(st, 13, m->node_negate);
	vulndb_bind_text(st, 14, m->config_operator);
	sqlite3_bind_int(st, 15, m->config_negate);
	return vulndb_stmt_run(db, st, "storing CPE match");
}

int vulndb_ssvc_vector(const json_t *content, const char *path, char **out)
{
	char p[VG_JPATH_MAX];
	const char *version = NULL, *key;
	const json_t *option, *value;
	json_t *options;
	vg_buf b = VG_BUF_INIT;
	size_t i;
	int rc;

	*out = NULL;
	if ((rc = vg_json_expect_object(content, path)) ||
	    (rc = vg_json_get_string(content, "version", path, false, &version)) ||
	    (rc = vg_json_get_array(content, "options", path, true, &options)))
		return rc;
	rc = vg_buf_printf(&b, "SSVC%s%s", version ? "v" : "", version ? version : "");
	vg_jpath_key(p, path, "options");
	json_array_foreach(options, i, option) {
		if (rc)
			break;
		if (!json_is_object(option) || json_object_size(option) != 1) {
			rc = vg_error_set(VG_EPARSE, "%s[%zu]: expected an object of one decision",
					  p, i);
			break;
		}
		json_object_foreach((json_t *)option, key, value) {
			if (!json_is_string(value))
				rc = vg_error_set(VG_EPARSE, "%s[%zu].%s: expected a string, found %s",
						  p, i, key, vg_json_type_name(value));
			else
				rc = vg_buf_printf(&b, "/%s:%s", key, json_string_value(value));
		}
	}
	if (rc == VG_OK)
		*out = vg_buf_detach(&b);
	vg_buf_free(&b);
	return rc;
}

int vulndb_normalise_time(const char *in, const char *path, const char *key,
			  char out[VULNDB_TIME_MAX])
{
	size_t n = strlen(in);
	const char *t = strchr(in, 'T');
	int64_t usec;

	if (n + 4 >= VULNDB_TIME_MAX)
		return vg_error_set(VG_EPARSE, "%s.%s: \"%.40s...\" is not a date-time", path, key,
				    in);
	memcpy(out, in, n + 1);
	if (t && n == 17 && in[16] == 'Z') /* "YYYY-MM-DDTHH:MMZ" */
		memcpy(out + 16, ":00Z", 5);
	else if (t && !strpbrk(t, "Zz+-"))
		memcpy(out + n, "Z", 2);
	if (vg_time_parse(out, &usec) != VG_OK)
		return vg_error_prefix("%s.%s: ", path, key);
	return VG_OK;
}

int vulndb_pick_description(const json_t *list, const char *path, const char **out)
{
	char p[VG_JPATH_MAX];
	const char *lang, *value;
	const json_t *d;
	bool english = false;
	size_t i;
	int rc;

	*out = NULL;
	json_array_foreach(list, i, d) {
		vg_jpath_index(p, path, i);
		lang = NULL;
		if ((rc = vg_json_expect_object(d, p)) ||
		    (rc = vg_json_get_string(d, "lang", p, false, &lang)) ||
		    (rc = vg_json_get_string(d, "value", p, true, &value)))
			return rc;
		if (!english && (!*out || (lang && !strncmp(lang, "en", 2)))) {
			*out = value;
			english = lang && !strncmp(lang, "en", 2);
		}
	}
	return VG_OK;
}
