/*
 * import_epss.c - FIRST EPSS daily scores (CSV).
 *
 *   #model_version:v2025.03.14,score_date:2025-08-25T12:55:00Z
 *   cve,epss,percentile
 *   CVE-1999-0001,0.01141,0.77646
 *
 * Scores are kept per CVE (table epss) and joined through the aliases; the
 * file is a full daily snapshot, so CVEs it no longer lists lose their score.
 * The format has no quoting, so a line is split at its two commas.
 */
#include "vulndb_internal.h"
#include "vigil/error.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* The score date from the "#model_version:...,score_date:..." comment, if any. */
static void read_score_date(const char *line, size_t len, char *date, size_t size)
{
	const char *key = "score_date:";
	const char *p = memmem(line, len, key, strlen(key));
	size_t n;

	date[0] = '\0';
	if (!p)
		return;
	p += strlen(key);
	n = (size_t)(line + len - p);
	while (n && (p[n - 1] == '\r' || p[n - 1] == ' '))
		n--;
	if (n >= size)
		n = size - 1;
	memcpy(date, p, n);
	date[n] = '\0';
}

static int parse_probability(const char *text, const char *what, double *out)
{
	char *end;

	errno = 0;
	*out = strtod(text, &end);
	if (end == text || *end || errno || !(*out >= 0.0 && *out <= 1.0))
		return vg_error_set(VG_EPARSE, "%s \"%.32s\" is not a number between 0 and 1", what,
				    text);
	return VG_OK;
}

/* Split "cve,epss,percentile" (modified in place). */
static int parse_row(char *line, const char **cve, double *score, double *percentile)
{
	char *c1 = strchr(line, ','), *c2 = c1 ? strchr(c1 + 1, ',') : NULL;
	int rc;

	if (!c1 || !c2 || strchr(c2 + 1, ','))
		return vg_error_set(VG_EPARSE, "expected 3 columns cve,epss,percentile");
	*c1 = *c2 = '\0';
	if (strncmp(line, "CVE-", 4) != 0)
		return vg_error_set(VG_EPARSE, "\"%.32s\" is not a CVE id", line);
	*cve = line;
	rc = parse_probability(c1 + 1, "epss", score);
	if (rc == VG_OK)
		rc = parse_probability(c2 + 1, "percentile", percentile);
	return rc;
}

static int store_row(vg_vulndb *db, const char *cve, double score, double percentile,
		     const char *date, vg_import_report *report)
{
	sqlite3_stmt *st;
	int rc = vulndb_stmt(db, "SELECT score = ?2 AND percentile = ?3 FROM epss WHERE cve = ?1",
			     &st);
	int state = 0; /* 0 new, 1 same, 2 changed */

	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, cve, -1, SQLITE_STATIC);
	sqlite3_bind_double(st, 2, score);
	sqlite3_bind_double(st, 3, percentile);
	if (sqlite3_step(st) == SQLITE_ROW)
		state = sqlite3_column_int(st, 0) ? 1 : 2;
	vulndb_stmt_done(st);

	rc = vulndb_stmt(db, "INSERT OR REPLACE INTO epss(cve, score, percentile, date) "
			     "VALUES (?, ?, ?, ?)", &st);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, cve, -1, SQLITE_STATIC);
	sqlite3_bind_double(st, 2, score);
	sqlite3_bind_double(st, 3, percentile);
	vulndb_bind_text(st, 4, date);
	rc = vulndb_stmt_run(db, st, "storing EPSS score");
	if (rc == VG_OK) {
		if (state == 0)
			report->added++;
		else if (state == 1)
			report->unchanged++;
		else
			report->updated++;
	}
	return rc;
}

/* Handle one non-comment line (the header is skipped by the caller). */
static int import_line(vg_vulndb *db, const char *name, const char *p, size_t n, size_t lineno,
		       const char *date, vg_import_report *report)
{
	char line[256];
	const char *cve;
	double score = 0, percentile = 0; /* set by parse_row(); gcc -O3 cannot tell */
	int rc;

	if (n >= sizeof(line)) {
		vg_error_set(VG_EPARSE, "line %zu: longer than %zu bytes", lineno, sizeof(line) - 1);
		vulndb_report_failure(report, name);
		return VG_OK;
	}
	memcpy(line, p, n);
	line[n] = '\0';
	if (parse_row(line, &cve, &score, &percentile) != VG_OK) {
		vg_error_prefix("line %zu: ", lineno);
		vulndb_report_failure(report, name);
		return VG_OK;
	}
	rc = vulndb_seen_mark(db, cve);
	return rc ? rc : store_row(db, cve, score, percentile, date, report);
}

int vulndb_import_epss_csv(vg_vulndb *db, const char *name, const char *data, size_t len,
			   const vg_progress *progress, vg_import_report *report)
{
	const char *p = data, *end = data + len, *nl;
	char date[64] = "";
	size_t n, lineno = 0;
	bool header_seen = false;
	int rc = vulndb_seen_begin(db);

	for (; rc == VG_OK && p < end; p = nl ? nl + 1 : end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		n = (size_t)((nl ? nl : end) - p);
		lineno++;
		if (n && p[n - 1] == '\r')
			n--;
		if (n == 0)
			continue;
		if (*p == '#')
			read_score_date(p, n, date, sizeof(date));
		else if (!header_seen)
			header_seen = true;
		else
			rc = import_line(db, name, p, n, lineno, date, report);
		if (progress && progress->fn && lineno % 4096 == 0)
			progress->fn(progress->ctx, (uint64_t)(p - data), len, "EPSS scores");
	}
	/* A snapshot with broken rows must not evict the scores they replaced. */
	if (rc == VG_OK && report->failed == 0) {
		rc = vulndb_exec(db, "DELETE FROM epss WHERE cve NOT IN (SELECT key FROM temp.seen)");
		report->removed = rc == VG_OK ? (size_t)sqlite3_changes(db->sql) : 0;
	}
	if (rc == VG_OK)
		rc = vulndb_seen_end(db);
	if (progress && progress->fn)
		progress->fn(progress->ctx, len, len, "EPSS scores");
	return rc;
}
