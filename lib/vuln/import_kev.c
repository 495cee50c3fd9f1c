/*
 * import_kev.c - CISA Known Exploited Vulnerabilities catalog (JSON).
 *
 * The catalog is a full snapshot: after an import the kev table holds exactly
 * the catalog's entries; CVEs that left it are counted as removed.  Each entry
 * also becomes a record of source "kev" of its vulnerability, so `vigil db
 * show` lists KEV among the sources.
 */
#include "vulndb_internal.h"
#include "vigil/error.h"
#include "vigil/json.h"

#include <string.h>

enum { KEV_CVE, KEV_VENDOR, KEV_PRODUCT, KEV_NAME, KEV_ADDED, KEV_DESCRIPTION, KEV_ACTION,
       KEV_DUE, KEV_RANSOMWARE, KEV_NOTES, KEV_FIELDS };

static const struct {
	const char *key;
	bool required;
} kev_fields[KEV_FIELDS] = {
	[KEV_CVE] = { "cveID", true },
	[KEV_VENDOR] = { "vendorProject", false },
	[KEV_PRODUCT] = { "product", false },
	[KEV_NAME] = { "vulnerabilityName", false },
	[KEV_ADDED] = { "dateAdded", true },
	[KEV_DESCRIPTION] = { "shortDescription", false },
	[KEV_ACTION] = { "requiredAction", false },
	[KEV_DUE] = { "dueDate", false },
	[KEV_RANSOMWARE] = { "knownRansomwareCampaignUse", false },
	[KEV_NOTES] = { "notes", false },
};

static int read_entry(const json_t *entry, const char *path, const char *v[KEV_FIELDS])
{
	int i, rc;

	if ((rc = vg_json_expect_object(entry, path)) != VG_OK)
		return rc;
	for (i = 0; i < KEV_FIELDS; i++) {
		v[i] = NULL;
		rc = vg_json_get_string(entry, kev_fields[i].key, path, kev_fields[i].required, &v[i]);
		if (rc)
			return rc;
	}
	if (strncmp(v[KEV_CVE], "CVE-", 4) != 0)
		return vg_error_set(VG_EPARSE, "%s.cveID: \"%.64s\" is not a CVE id", path,
				    v[KEV_CVE]);
	return VG_OK;
}

static bool same_text(const unsigned char *stored, const char *text)
{
	if (!stored || !text)
		return !stored && (!text || !*text);
	return strcmp((const char *)stored, text) == 0;
}

/* 0: not in the table; 1: identical; 2: present but different. */
static int compare_stored(vg_vulndb *db, const char *v[KEV_FIELDS], int *state)
{
	static const int columns[] = { KEV_VENDOR, KEV_PRODUCT, KEV_NAME, KEV_ADDED, KEV_DUE,
				       KEV_ACTION, KEV_RANSOMWARE, KEV_NOTES };
	sqlite3_stmt *st;
	size_t i;
	int rc = vulndb_stmt(db, "SELECT vendor, product, name, date_added, due_date, "
				 "required_action, ransomware, notes FROM kev WHERE cve = ?", &st);

	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, v[KEV_CVE], -1, SQLITE_STATIC);
	*state = 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		*state = 1;
		for (i = 0; i < sizeof(columns) / sizeof(columns[0]); i++)
			if (!same_text(sqlite3_column_text(st, (int)i), v[columns[i]]))
				*state = 2;
	}
	vulndb_stmt_done(st);
	return VG_OK;
}

static int store_entry(vg_vulndb *db, const char *v[KEV_FIELDS])
{
	sqlite3_stmt *st;
	int64_t vuln, record;
	bool is_new;
	int rc = vulndb_stmt(db, "INSERT OR REPLACE INTO kev(cve, vendor, product, name, "
				 "date_added, due_date, required_action, ransomware, notes) "
				 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", &st);

	if (rc)
		return rc;
	vulndb_bind_text(st, 1, v[KEV_CVE]);
	vulndb_bind_text(st, 2, v[KEV_VENDOR]);
	vulndb_bind_text(st, 3, v[KEV_PRODUCT]);
	vulndb_bind_text(st, 4, v[KEV_NAME]);
	vulndb_bind_text(st, 5, v[KEV_ADDED]);
	vulndb_bind_text(st, 6, v[KEV_DUE]);
	vulndb_bind_text(st, 7, v[KEV_ACTION]);
	vulndb_bind_text(st, 8, v[KEV_RANSOMWARE]);
	vulndb_bind_text(st, 9, v[KEV_NOTES]);
	rc = vulndb_stmt_run(db, st, "storing KEV entry");
	if (rc == VG_OK)
		rc = vulndb_resolve(db, v[KEV_CVE], NULL, &vuln);
	if (rc == VG_OK)
		rc = vulndb_put_record(db, vuln, "kev", v[KEV_CVE], v[KEV_ADDED], v[KEV_ADDED],
				       v[KEV_NAME], v[KEV_DESCRIPTION], &record, &is_new);
	return rc;
}

/* CVEs of the previous snapshot that this one no longer lists; one that no
 * other source knows goes altogether, as a withdrawn OSV record does. */
static int remove_missing(vg_vulndb *db, vg_import_report *report)
{
	sqlite3_stmt *st;
	size_t records;
	int rc = vulndb_exec(db, "DELETE FROM kev WHERE cve NOT IN (SELECT key FROM temp.seen)");

	if (rc)
		return rc;
	report->removed = (size_t)sqlite3_changes(db->sql);
	rc = vulndb_stmt(db, "DELETE FROM record WHERE source = 'kev' "
			     "AND record_id NOT IN (SELECT key FROM temp.seen) RETURNING vuln", &st);
	return rc ? rc : vulndb_delete_records(db, st, "removing records KEV no longer lists",
					       &records);
}

static int import_entries(vg_vulndb *db, const char *name, const json_t *list,
			  const vg_progress *progress, vg_import_report *report)
{
	char path[VG_JPATH_MAX];
	const char *v[KEV_FIELDS];
	size_t i, n = json_array_size(list);
	int rc, state;

	for (i = 0; i < n; i++) {
		vg_jpath_index(path, "$.vulnerabilities", i);
		if (read_entry(json_array_get(list, i), path, v) != VG_OK) {
			vulndb_report_failure(report, name);
			continue;
		}
		rc = vulndb_seen_mark(db, v[KEV_CVE]);
		if (rc == VG_OK)
			rc = compare_stored(db, v, &state);
		if (rc == VG_OK && state != 1)
			rc = store_entry(db, v);
		if (rc)
			return rc;
		if (state == 0)
			report->added++;
		else if (state == 1)
			report->unchanged++;
		else
			report->updated++;
		if (progress && progress->fn && (i % 256 == 0 || i + 1 == n))
			progress->fn(progress->ctx, i + 1, n, "KEV entries");
	}
	return VG_OK;
}

int vulndb_import_kev(vg_vulndb *db, const char *name, const json_t *root,
		      const vg_progress *progress, vg_import_report *report)
{
	json_t *list;
	int rc = vg_json_get_array(root, "vulnerabilities", "$", true, &list);

	if (rc)
		return vg_error_prefix("%s: ", name);
	rc = vulndb_seen_begin(db);
	if (rc == VG_OK)
		rc = import_entries(db, name, list, progress, report);
	/* A snapshot with broken entries must not evict the good entries they replaced. */
	if (rc == VG_OK && report->failed == 0)
		rc = remove_missing(db, report);
	if (rc == VG_OK)
		rc = vulndb_seen_end(db);
	return rc;
}
