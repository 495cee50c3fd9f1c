/*
 * import.c - `vg_vulndb_import`: read a feed file, recognise its format, and
 * hand it to that format's importer inside one transaction.
 *
 * Recognition looks at the content only: a JSON object with a
 * "vulnerabilities" array and a "catalogVersion" is CISA KEV; text whose
 * first data line is the header "cve,epss,percentile" is FIRST EPSS.
 */
#include "vulndb_internal.h"
#include "vigil/error.h"
#include "vigil/file.h"

#include <stdlib.h>
#include <string.h>

/* Feeds are read whole; the biggest single files (NVD years) stay well below this. */
#define VG_FEED_MAX_BYTES (2048UL * 1024 * 1024)

typedef int (*importer_fn)(vg_vulndb *db, const char *name, const char *data, size_t len,
			   const vg_progress *progress, vg_import_report *report);

static const char *skip_space(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

/* The first line that is not a '#' comment starts with `header`. */
static bool csv_header_is(const char *data, size_t len, const char *header)
{
	const char *p = data, *end = data + len, *nl;

	while (p < end && *p == '#') {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			return false;
		p = nl + 1;
	}
	return (size_t)(end - p) >= strlen(header) && !strncmp(p, header, strlen(header));
}

/* A cheap look at the first few KiB; the importer does the real parsing. */
static bool looks_like_kev(const char *data, size_t len)
{
	size_t n = len < 4096 ? len : 4096;
	const char *p = skip_space(data, data + len);

	return p < data + len && *p == '{' && memmem(data, n, "\"catalogVersion\"", 16) &&
	       memmem(data, len, "\"vulnerabilities\"", 17);
}

static importer_fn detect(const char *data, size_t len, const char **format)
{
	if (looks_like_kev(data, len)) {
		*format = "kev";
		return vulndb_import_kev_json;
	}
	if (csv_header_is(data, len, "cve,epss,percentile")) {
		*format = "epss";
		return vulndb_import_epss_csv;
	}
	return NULL;
}

int vg_vulndb_import(vg_vulndb *db, const char *path, const vg_progress *progress,
		     vg_import_report *report)
{
	importer_fn importer;
	char *data;
	size_t len;
	int rc;

	memset(report, 0, sizeof(*report));
	rc = vg_file_read(path, VG_FEED_MAX_BYTES, &data, &len);
	if (rc)
		return rc;
	importer = detect(data, len, &report->format);
	if (!importer) {
		free(data);
		return vg_error_set(VG_EUNSUPPORTED,
				    "%s: not a feed format vigil imports (expected CISA KEV JSON "
				    "or FIRST EPSS CSV)", path);
	}
	rc = vulndb_exec(db, "BEGIN IMMEDIATE");
	if (rc == VG_OK)
		rc = importer(db, path, data, len, progress, report);
	if (rc == VG_OK)
		rc = vulndb_exec(db, "COMMIT");
	if (rc != VG_OK) {
		/* Keep the importer's message; the rollback restores the previous state. */
		sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
	}
	free(data);
	return rc;
}
