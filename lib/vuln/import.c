/*
 * import.c - `vg_vulndb_import`: walk what the path names (a file, a
 * directory tree, a zip archive such as osv.dev's per-ecosystem all.zip, a
 * gzip-compressed file), recognise each document's format from its content,
 * and hand it to that format's importer.  All of it runs in one transaction,
 * or, into a new or empty database, in a new file moved into place (bulk.c).
 *
 * Recognition: JSON with "catalogVersion" and "vulnerabilities" is CISA KEV;
 * with "CVE_Items", or "vulnerabilities" and "resultsPerPage" (or "format":
 * "NVD_CVE"), NVD; with "dataType": "CVE_RECORD", a CVE 5 record; with
 * "distroversion" and "packages", Alpine secdb; {package: {CVE: {"releases":
 * ...}}} the Debian security tracker's JSON; {"document": {"csaf_version": ...}}
 * a CSAF 2.0 advisory; a JSON object with "id" and
 * "modified" (or an array of them, or {"vulns": [...]}) is OSV.  Text whose
 * first data line is "cve,epss,percentile" is FIRST EPSS; text starting
 * "[DD Mon YYYY] DSA-" (or DLA-, DTSA-) a Debian DSA/DLA list.
 *
 * A zip archive's entries are inflated and parsed on a second thread
 * (reader.c) while this one stores the previous ones.
 *
 * A path that cannot be read or recognised at all fails the import and
 * changes nothing.  Inside a directory or an archive, a document that cannot
 * be read or recognised is a per-document failure in the report, and the
 * others are imported.
 */
#include "vulndb_internal.h"
#include "archive/archive_load.h"
#include "vigil/buf.h"
#include "vigil/error.h"
#include "vigil/file.h"
#include "vigil/json.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Formats vigil imports: at most this many sources to mark updated. */
#define IMPORT_FORMATS 8

typedef struct import_ctx {
	vg_vulndb *db;
	const vg_progress *progress;
	vg_import_report *report;
	bool contained; /* inside a directory or archive: failures are per document */
	const char *format;                   /* of the document being imported */
	const char *imported[IMPORT_FORMATS]; /* formats of documents imported */
	size_t imported_count;
} import_ctx;

static void note_format(import_ctx *c, const char *format)
{
	vg_import_report *report = c->report;

	c->format = format;
	if (!report->format)
		report->format = format;
	else if (strcmp(report->format, format) != 0)
		report->format = "mixed";
}

/* The end of a document's import: a document that went in makes its source
 * current (stats.c), once the import commits. */
static int document_done(import_ctx *c, int rc)
{
	size_t i = 0;

	if (rc == VG_OK && c->format) {
		while (i < c->imported_count && strcmp(c->imported[i], c->format))
			i++;
		if (i == c->imported_count && i < IMPORT_FORMATS)
			c->imported[c->imported_count++] = c->format;
	}
	c->format = NULL;
	return rc;
}

static int mark_imported(const import_ctx *c)
{
	size_t i;
	int rc = VG_OK;

	for (i = 0; i < c->imported_count && rc == VG_OK; i++)
		rc = vg_vulndb_mark_updated(c->db, c->imported[i]);
	return rc;
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

static bool is_osv_record(const json_t *v)
{
	return json_is_object(v) && json_is_string(json_object_get(v, "id")) &&
	       json_object_get(v, "modified");
}

/* root.key is the string `value`. */
static bool member_is(const json_t *root, const char *key, const char *value)
{
	const char *s = json_string_value(json_object_get(root, key));

	return s && !strcmp(s, value);
}

/* NVD API 2.0 pages carry "format": "NVD_CVE" and paging; the 1.1 feeds CVE_Items. */
static bool is_nvd(const json_t *root)
{
	if (!json_is_object(root))
		return false;
	if (json_is_array(json_object_get(root, "CVE_Items")))
		return true;
	return json_is_array(json_object_get(root, "vulnerabilities")) &&
	       (json_object_get(root, "resultsPerPage") || member_is(root, "format", "NVD_CVE"));
}

/* {"package": {"CVE-...": {"releases": {...}}}}: the tracker's JSON export. */
static bool is_debian_tracker(const json_t *root)
{
	const char *key;
	json_t *cves, *cve;

	if (!json_is_object(root) || !json_object_size(root))
		return false;
	json_object_foreach((json_t *)root, key, cves) {
		void *first = json_object_iter(cves);

		cve = first ? json_object_iter_value(first) : NULL;
		return json_is_object(cve) && json_is_object(json_object_get(cve, "releases"));
	}
	return false;
}

/* A parsed JSON document, whatever its format. */
static int import_json(import_ctx *c, const char *name, const json_t *root)
{
	json_t *list = json_object_get(root, "vulns");
	int rc;

	if (json_is_object(root) && json_object_get(root, "catalogVersion") &&
	    json_is_array(json_object_get(root, "vulnerabilities"))) {
		note_format(c, "kev");
		rc = vulndb_import_kev(c->db, name, root, c->progress, c->report);
	} else if (is_nvd(root)) {
		note_format(c, "nvd");
		rc = vulndb_import_nvd(c->db, name, root, c->progress, c->report);
	} else if (member_is(root, "dataType", "CVE_RECORD")) {
		note_format(c, "cve5");
		rc = vulndb_import_cve5(c->db, name, root, c->report);
	} else if (json_is_object(root) && json_is_string(json_object_get(root, "distroversion")) &&
		   json_object_get(root, "packages")) {
		note_format(c, "alpine");
		rc = vulndb_import_alpine(c->db, name, root, c->report);
	} else if (json_object_get(json_object_get(root, "document"), "csaf_version")) {
		note_format(c, "csaf");
		rc = vulndb_import_csaf(c->db, name, root, c->report);
	} else if (is_debian_tracker(root)) {
		note_format(c, "debian");
		rc = vulndb_import_debian_json(c->db, name, root, c->report);
	} else if (is_osv_record(root) || (json_is_array(root) && is_osv_record(json_array_get(root, 0))) ||
		   (json_is_array(list) && (json_array_size(list) == 0 ||
					    is_osv_record(json_array_get(list, 0))))) {
		note_format(c, "osv");
		rc = vulndb_import_osv(c->db, name, json_is_array(list) ? list : root, c->report);
	} else {
		rc = vg_error_set(VG_EUNSUPPORTED, "%s: JSON of no format vigil imports (expected "
				  "OSV, NVD, CVE 5, CSAF, CISA KEV, Debian tracker or Alpine secdb JSON)",
				  name);
	}
	return document_done(c, rc);
}

/* One document's bytes, whatever its format. */
static int import_document(import_ctx *c, const char *name, const char *data, size_t len)
{
	vg_json_doc *tree;
	int rc;

	if (vulndb_is_debian_list(data, len)) {
		note_format(c, "debian");
		return document_done(c, vulndb_import_debian_list(c->db, name, data, len, c->report));
	}
	if (vulndb_is_json(data, len)) {
		if ((rc = vg_json_doc_parse(data, len, name, &tree)) == VG_OK) {
			rc = import_json(c, name, vg_json_doc_root(tree));
			vg_json_doc_free(tree);
		}
		return rc;
	}
	if (csv_header_is(data, len, "cve,epss,percentile")) {
		note_format(c, "epss");
		return document_done(c, vulndb_import_epss_csv(c->db, name, data, len, c->progress,
							       c->report));
	}
	return vg_error_set(VG_EUNSUPPORTED, "%s: not a feed format vigil imports (expected "
			    "OSV, NVD, CVE 5, CSAF, CISA KEV, Debian tracker or Alpine secdb JSON, FIRST EPSS "
			    "CSV or a Debian DSA/DLA list)", name);
}

/* Inside a directory or archive, a bad document is the report's business. */
static int contained_result(import_ctx *c, int rc)
{
	if (rc == VG_EPARSE || rc == VG_EUNSUPPORTED || rc == VG_ELIMIT) {
		vulndb_report_failure(c->report, NULL);
		return VG_OK;
	}
	return rc;
}

/* The one file of a gzip or xz stream opened in `a`. */
static int import_stream(import_ctx *c, const vg_libarchive *ar, struct archive *a,
			 const char *path)
{
	struct archive_entry *entry;
	vg_buf body = VG_BUF_INIT;
	char chunk[65536];
	la_ssize_t n = 0;
	int rc = VG_OK;

	if (ar->read_next_header(a, &entry) != ARCHIVE_OK)
		return vg_error_set(VG_EPARSE, "%s: corrupt stream: %s", path,
				    ar->error_string(a));
	while (rc == VG_OK && (n = ar->read_data(a, chunk, sizeof(chunk))) > 0) {
		if (body.len + (size_t)n > VULNDB_FEED_MAX_BYTES)
			rc = vg_error_set(VG_ELIMIT, "%s: larger than %lu bytes", path,
					  VULNDB_FEED_MAX_BYTES);
		else
			rc = vg_buf_put(&body, chunk, (size_t)n);
	}
	if (rc == VG_OK && n < 0)
		rc = vg_error_set(VG_EPARSE, "%s: corrupt data: %s", path, ar->error_string(a));
	if (rc == VG_OK)
		rc = import_document(c, path, body.ptr ? body.ptr : "", body.len);
	vg_buf_free(&body);
	return rc;
}

/* Every file of a zip archive opened in `a`, read and parsed on a second thread. */
static int import_zip(import_ctx *c, const vg_libarchive *ar, struct archive *a,
		      const char *path)
{
	vulndb_reader *reader;
	vulndb_doc doc;
	int rc = vulndb_reader_start(ar, a, path, &reader);

	if (rc)
		return rc;
	while (rc == VG_OK && vulndb_reader_next(reader, &doc)) {
		if (doc.rc)
			rc = vg_error_set(doc.rc, "%s", doc.error ? doc.error : "out of memory");
		else if (doc.root)
			rc = import_json(c, doc.name, doc.root);
		else
			rc = import_document(c, doc.name, doc.data, doc.len);
		vulndb_reader_release(reader, &doc);
		rc = contained_result(c, rc);
	}
	rc = vulndb_reader_finish(reader, rc);
	/* A damaged zip: keep the entries before the damage, report where it stopped. */
	if (rc == VG_EPARSE) {
		vulndb_report_failure(c->report, NULL);
		rc = VG_OK;
	}
	return rc;
}

static int import_compressed(import_ctx *c, const char *path, bool zip)
{
	const vg_libarchive *ar;
	struct archive *a;
	bool was_contained = c->contained;
	int rc;

	if (vg_libarchive_load(&ar) != VG_OK)
		return vg_error_prefix("%s: ", path);
	if (!(a = ar->read_new()))
		return vg_error_set(VG_ENOMEM, "out of memory");
	if (zip) {
		ar->read_support_format_zip(a);
	} else {
		ar->read_support_filter_all(a);
		ar->read_support_format_raw(a);
	}
	if (ar->read_open_filename(a, path, 65536) != ARCHIVE_OK) {
		rc = vg_error_set(VG_EPARSE, "%s: cannot read archive: %s", path,
				  ar->error_string(a));
	} else if (zip) {
		c->contained = true;
		rc = import_zip(c, ar, a, path);
		c->contained = was_contained;
	} else {
		rc = import_stream(c, ar, a, path);
	}
	ar->read_free(a);
	return rc;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool wanted_in_directory(const char *name)
{
	static const char *const endings[] = { ".json", ".json.gz", ".csv", ".csv.gz", ".zip" };
	size_t i;

	if (name[0] == '.')
		return false;
	for (i = 0; i < sizeof(endings) / sizeof(endings[0]); i++)
		if (vg_str_ends_with(name, endings[i]))
			return true;
	return false;
}

static int import_path(import_ctx *c, const char *path);

/* Every feed file below `dir`, in name order so imports are reproducible. */
static int import_directory(import_ctx *c, const char *dir)
{
	vg_strlist names = VG_STRLIST_INIT;
	struct dirent *e;
	struct stat st;
	vg_buf child = VG_BUF_INIT;
	bool was_contained = c->contained;
	DIR *d = opendir(dir);
	size_t i;
	int rc = VG_OK;

	if (!d)
		return vg_error_set(VG_EIO, "%s: cannot open directory", dir);
	while (rc == VG_OK && (e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			rc = vg_strlist_add(&names, e->d_name);
	closedir(d);
	qsort(names.items, names.count, sizeof(char *), compare_names);
	c->contained = true;
	for (i = 0; rc == VG_OK && i < names.count; i++) {
		vg_buf_clear(&child);
		rc = vg_buf_printf(&child, "%s/%s", dir, names.items[i]);
		if (rc || lstat(child.ptr, &st) != 0 || S_ISLNK(st.st_mode))
			continue;
		if (S_ISDIR(st.st_mode) || (S_ISREG(st.st_mode) && wanted_in_directory(names.items[i])))
			rc = import_path(c, child.ptr);
		if (c->progress && c->progress->fn && !was_contained)
			c->progress->fn(c->progress->ctx, i + 1, names.count, "feed files");
	}
	c->contained = was_contained;
	vg_buf_free(&child);
	vg_strlist_free(&names);
	return rc;
}

static int import_file(import_ctx *c, const char *path)
{
	unsigned char magic[4] = { 0 };
	char *data;
	size_t len;
	FILE *f = fopen(path, "rb");
	int rc;

	if (f) {
		if (fread(magic, 1, sizeof(magic), f) < 2)
			magic[0] = 0;
		fclose(f);
	}
	if (!memcmp(magic, "PK\003\004", 4) || !memcmp(magic, "PK\005\006", 4))
		return import_compressed(c, path, true);
	if ((magic[0] == 0x1f && magic[1] == 0x8b) || !memcmp(magic, "\xfd" "7zX", 4))
		return import_compressed(c, path, false);
	rc = vg_file_read(path, VULNDB_FEED_MAX_BYTES, &data, &len);
	if (rc == VG_OK) {
		rc = import_document(c, path, data, len);
		free(data);
	}
	return rc;
}

static int import_path(import_ctx *c, const char *path)
{
	struct stat st;
	int rc;

	if (stat(path, &st) != 0)
		return vg_error_set(VG_ENOTFOUND, "%s: no such file or directory", path);
	rc = S_ISDIR(st.st_mode) ? import_directory(c, path) : import_file(c, path);
	return c->contained ? contained_result(c, rc) : rc;
}

int vg_vulndb_import(vg_vulndb *db, const char *path, const vg_progress *progress,
		     vg_import_report *report)
{
	import_ctx c = { .db = db, .progress = progress, .report = report };
	vg_vulndb *bulk = NULL;
	int rc;

	memset(report, 0, sizeof(*report));
	/* A new or empty database is built aside and moved into place (bulk.c). */
	rc = vulndb_bulk_begin(db, &bulk);
	if (bulk)
		c.db = bulk;
	if (rc == VG_OK)
		rc = vulndb_exec(c.db, "BEGIN IMMEDIATE");
	if (rc == VG_OK)
		rc = import_path(&c, path);
	if (rc == VG_OK)
		rc = mark_imported(&c);
	if (rc == VG_OK && !bulk)
		rc = vulndb_bounds_refresh(c.db);
	if (rc == VG_OK)
		rc = vulndb_exec(c.db, "COMMIT");
	/* (A bulk file has no journal to roll back: bulk_end deletes it.) */
	if (rc != VG_OK && !bulk)
		sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
	if (bulk)
		rc = vulndb_bulk_end(db, bulk, rc);
	if (!report->format)
		report->format = "none";
	return rc;
}
