/*
 * import_debian.c - the Debian security tracker: the DSA and DLA lists
 * (data/DSA/list, data/DLA/list) and the tracker's JSON export
 * (https://security-tracker.debian.org/tracker/data/json).
 *
 * List format (text; errors name the line):
 *   [29 Mar 2023] DSA-5380-1 xorg-server - security update
 *           {CVE-2023-1393 CVE-2023-0494}
 *           [bullseye] - xorg-server 2:1.20.11-1+deb11u6
 *           [buster] - foo <not-affected> (vulnerable code not present)
 *           NOTE: ...
 *
 * An advisory fixes several DISTINCT vulnerabilities, so its CVEs are never
 * made aliases of each other (or of the advisory): each (advisory, CVE) pair
 * is one record of source "debian", record_id "DSA-5380-1/CVE-2023-1393",
 * belonging to that CVE's vulnerability.  An advisory naming no CVE but
 * fixing packages is one record "DSA-nnnn-n" of a vulnerability of that
 * name; an advisory with neither (end-of-life and key-change notices) is
 * not a vulnerability and is passed over.
 *
 * JSON: {package: {CVE: {description, releases: {codename: {status,
 * fixed_version}}}}}; one record per (package, CVE), record_id
 * "xorg-server/CVE-2023-1393".
 *
 * Each release line becomes an affected row: ecosystem "Debian:<version>"
 * (woody 3.0 ... trixie 13, sid "Debian:unstable"), name = the source
 * package.  A fixed version V is ranges ECOSYSTEM introduced 0 / fixed V;
 * "<not-affected>" (JSON: fixed_version "0") is ranges NULL, versions [] and
 * status "not_affected", so a scanner can say "not affected"; "<unfixed>"
 * (JSON: status "open") and "<end-of-life>" are introduced 0 with no fix and
 * status "unfixed" / "end_of_life"; JSON "undetermined" has no ranges and
 * status "undetermined".
 *
 * Neither format has modification times: a record is compared with the
 * stored copy by digest, so re-importing an unchanged list changes nothing.
 *
 * Each list is a snapshot (snapshot.c): a list's records belong to the list
 * named by their advisory's prefix ("DSA", "DLA", "DTSA"), the JSON's to
 * "tracker", and a newer copy removes the records of its list it no longer
 * names.  Only a list read to its end does: one whose last line has no
 * newline was cut short (that last advisory is refused too, it may have lost
 * lines), and an advisory whose header cannot be read leaves no way to tell
 * which records it stood for.  A skipped advisory or CVE entry keeps its
 * stored records.  Tracker package names must be Debian source package
 * names (lowercase), which keeps their ids apart from the advisories'.
 */
#include "vulndb_internal.h"
#include "vigil/ecosystem.h"
#include "vigil/error.h"
#include "vigil/str.h"
#include "vigil/version.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What a release says of a package. */
enum fix_kind { FIX_FIXED, FIX_NOT_AFFECTED, FIX_UNFIXED, FIX_END_OF_LIFE, FIX_UNDETERMINED };

static int store_fix(vg_vulndb *db, int64_t record, const char *codename, const char *package,
		     enum fix_kind kind, const char *version)
{
	static const char *const status[] = { NULL, "not_affected", "unfixed", "end_of_life",
					      "undetermined" };
	const char *release = vg_debian_release(codename);
	vulndb_affected row = { 0 };
	json_t *ranges = NULL, *versions = NULL;
	char ecosystem[32];
	int rc;

	if (!release)
		return vg_error_set(VG_EPARSE, "unknown Debian release \"%.32s\"", codename);

	if (kind == FIX_FIXED)
		ranges = json_pack("[{s:s, s:[{s:s}, {s:s}]}]", "type", "ECOSYSTEM", "events",
				   "introduced", "0", "fixed", version);
	else if (kind == FIX_UNFIXED || kind == FIX_END_OF_LIFE)
		ranges = json_pack("[{s:s, s:[{s:s}]}]", "type", "ECOSYSTEM", "events",
				   "introduced", "0");
	else if (kind == FIX_NOT_AFFECTED)
		versions = json_array(); /* no version is affected */
	if (!ranges && !versions && kind != FIX_UNDETERMINED)
		return vg_error_set(VG_ENOMEM, "out of memory");
	snprintf(ecosystem, sizeof(ecosystem), "Debian:%s", release);
	row.ecosystem = ecosystem;
	row.name = package;
	row.ranges = ranges;
	row.versions = versions;
	row.fixed = kind == FIX_FIXED ? version : NULL;
	row.status = status[kind];
	rc = vulndb_store_affected(db, record, &row);
	json_decref(ranges);
	json_decref(versions);
	return rc;
}

/*
 * Store one record whose canonical content is `doc` (for the digest) and
 * whose fixes are `fixes` ([[codename, package, kind, version], ...]).
 */
static int put_record(vg_vulndb *db, const char *snapshot, const char *record_id,
		      const char *vuln_id, const char *published, const char *summary,
		      const json_t *doc, const json_t *fixes, vg_import_report *report)
{
	char digest[VULNDB_DIGEST_HEX];
	const json_t *f;
	int64_t vuln, record;
	bool is_new;
	size_t i;
	int state, rc = vulndb_digest_json(doc, digest);

	if (rc == VG_OK)
		rc = vulndb_record_state(db, "debian", record_id, NULL, digest, &state);
	if (rc == VG_OK && state == VULNDB_CURRENT)
		rc = vulndb_snapshot_mark(db, "debian", snapshot, record_id);
	if (rc || state == VULNDB_CURRENT) {
		if (rc == VG_OK)
			vulndb_count_result(report, state);
		return rc;
	}
	rc = vulndb_resolve(db, vuln_id, NULL, &vuln);
	if (rc == VG_OK)
		rc = vulndb_put_record(db, vuln, "debian", record_id, published, NULL, summary, NULL,
				       &record, &is_new);
	if (rc == VG_OK)
		rc = vulndb_set_digest(db, record, digest);
	json_array_foreach(fixes, i, f) {
		if (rc)
			break;
		rc = store_fix(db, record, json_string_value(json_array_get(f, 0)),
			       json_string_value(json_array_get(f, 1)),
			       (enum fix_kind)json_integer_value(json_array_get(f, 2)),
			       json_string_value(json_array_get(f, 3)));
	}
	if (rc == VG_OK)
		rc = vulndb_snapshot_mark(db, "debian", snapshot, record_id);
	if (rc == VG_OK)
		vulndb_count_result(report, state);
	return rc;
}

/* ---- the DSA/DLA lists ---- */

typedef struct advisory {
	size_t line;       /* of the header, for messages */
	char id[64];
	char list[64];     /* the list it belongs to: the id's prefix, "DSA"; "" until read */
	char date[16];     /* YYYY-MM-DD */
	char *title;       /* the header after the id */
	json_t *ids;       /* the {...} identifiers */
	json_t *fixes;     /* [[codename, package, kind, version], ...] */
	bool failed;
} advisory;

static void advisory_reset(advisory *a)
{
	free(a->title);
	json_decref(a->ids);
	json_decref(a->fixes);
	memset(a, 0, sizeof(*a));
}

/* "[29 Mar 2023] DSA-5380-1 rest" */
static int parse_header(char *line, advisory *a)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	char mon[4], *rest;
	int day, year, n = 0;
	const char *m;

	if (sscanf(line, "[%2d %3s %4d] %63s%n", &day, mon, &year, a->id, &n) != 4 || n == 0 ||
	    !(m = strstr(months, mon)) || strlen(mon) != 3 || (m - months) % 3 || day < 1 ||
	    day > 31)
		return vg_error_set(VG_EPARSE, "line %zu: expected \"[DD Mon YYYY] DSA-n-n ...\"",
				    a->line);
	/* A capital first: the list is the prefix ("DSA"), and ids of the lists
	 * stay apart from the tracker's lowercase package names. */
	if (!strchr(a->id, '-') || a->id[0] < 'A' || a->id[0] > 'Z' ||
	    strspn(a->id, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") !=
					   strlen(a->id))
		return vg_error_set(VG_EPARSE, "line %zu: \"%.63s\" is not an advisory id", a->line,
				    a->id);
	snprintf(a->date, sizeof(a->date), "%04d-%02d-%02d", year, (int)((m - months) / 3 + 1),
		 day);
	snprintf(a->list, sizeof(a->list), "%.*s", (int)strcspn(a->id, "-"), a->id);
	rest = line + n;
	rest += strspn(rest, " \t");
	a->title = vg_strdup(rest);
	a->ids = json_array();
	a->fixes = json_array();
	return a->title && a->ids && a->fixes ? VG_OK : vg_error_set(VG_ENOMEM, "out of memory");
}

/* "{CVE-2023-1393 CVE-2023-0494}" */
static int parse_ids(char *line, advisory *a, size_t lineno)
{
	char *end = strchr(line, '}'), *save = NULL, *tok;

	if (!end || end[1])
		return vg_error_set(VG_EPARSE, "line %zu: unterminated {...} list", lineno);
	*end = '\0';
	for (tok = strtok_r(line + 1, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save))
		json_array_append_new(a->ids, json_string(tok));
	return VG_OK;
}

/* "[bullseye] - pkg version-or-<marker> (notes)" */
static int parse_fix(char *line, advisory *a, size_t lineno)
{
	static const struct {
		const char *marker;
		enum fix_kind kind;
	} markers[] = {
		{ "<not-affected>", FIX_NOT_AFFECTED },
		{ "<unfixed>", FIX_UNFIXED },
		{ "<end-of-life>", FIX_END_OF_LIFE },
	};
	char *save = NULL, *codename, *dash, *package, *version, *notes;
	enum fix_kind kind = FIX_FIXED;
	size_t i;

	codename = strtok_r(line, " \t", &save);
	dash = strtok_r(NULL, " \t", &save);
	package = strtok_r(NULL, " \t", &save);
	version = strtok_r(NULL, " \t", &save);
	notes = strtok_r(NULL, "", &save);
	if (!version || !dash || strcmp(dash, "-") || codename[strlen(codename) - 1] != ']')
		return vg_error_set(VG_EPARSE, "line %zu: expected \"[release] - package version\"",
				    lineno);
	codename[strlen(codename) - 1] = '\0';
	if (!vg_debian_release(codename + 1))
		return vg_error_set(VG_EPARSE, "line %zu: unknown Debian release \"%.32s\"", lineno,
				    codename + 1);
	if (notes && notes[strspn(notes, " \t")] != '(')
		return vg_error_set(VG_EPARSE, "line %zu: unexpected \"%.32s\" after the version",
				    lineno, notes);
	if (version[0] == '<') {
		for (i = 0; i < sizeof(markers) / sizeof(markers[0]); i++)
			if (!strcmp(version, markers[i].marker))
				kind = markers[i].kind;
		if (kind == FIX_FIXED)
			return vg_error_set(VG_EPARSE, "line %zu: unknown marker %.32s", lineno,
					    version);
	} else if (vg_version_check(VG_VERSION_DEBIAN, version) != VG_OK) {
		return vg_error_prefix("line %zu: ", lineno);
	}
	json_array_append_new(a->fixes, json_pack("[s,s,i,s]", codename + 1, package, (int)kind,
						  kind == FIX_FIXED ? version : ""));
	return VG_OK;
}

static int parse_line(char *line, size_t lineno, advisory *a)
{
	char *body = line + strspn(line, " \t");

	if (line[0] == '[')
		return parse_header(line, a);
	if (!a->id[0])
		return vg_error_set(VG_EPARSE, "line %zu: expected an advisory header", lineno);
	if (body == line && *body)
		return vg_error_set(VG_EPARSE, "line %zu: expected an indented line", lineno);
	if (!*body || !strncmp(body, "NOTE:", 5))
		return VG_OK;
	if (*body == '{')
		return parse_ids(body, a, lineno);
	if (*body == '[')
		return parse_fix(body, a, lineno);
	return vg_error_set(VG_EPARSE, "line %zu: expected {ids}, [release] - ... or NOTE:", lineno);
}

/* The records of one complete advisory. */
static int store_advisory(vg_vulndb *db, const advisory *a, vg_import_report *report)
{
	char record_id[200];
	json_t *doc;
	const json_t *id;
	size_t i;
	int rc = VG_OK;

	if (!json_array_size(a->ids)) {
		if (!json_array_size(a->fixes))
			return VG_OK; /* a notice, not a vulnerability */
		doc = json_pack("{s:s, s:s, s:s, s:O}", "advisory", a->id, "date", a->date, "title",
				a->title, "fixes", a->fixes);
		rc = doc ? put_record(db, a->list, a->id, a->id, a->date, a->title, doc, a->fixes,
				      report)
			 : VG_ENOMEM;
		json_decref(doc);
		return rc;
	}
	json_array_foreach(a->ids, i, id) {
		if (rc)
			break;
		snprintf(record_id, sizeof(record_id), "%s/%.120s", a->id, json_string_value(id));
		doc = json_pack("{s:s, s:s, s:s, s:O, s:O}", "advisory", a->id, "date", a->date,
				"title", a->title, "id", id, "fixes", a->fixes);
		rc = doc ? put_record(db, a->list, record_id, json_string_value(id), a->date,
				      a->title, doc, a->fixes, report)
			 : VG_ENOMEM;
		json_decref(doc);
	}
	return rc;
}

/*
 * Finish the advisory being read and reset.  A good one is stored; a skipped
 * one keeps the records its stored copy has ("DSA-1-1", "DSA-1-1/..."), and
 * one whose header was unreadable makes the list incomplete.  The list it
 * belongs to is noted in `lists`.
 */
static int flush(vg_vulndb *db, advisory *a, vg_strlist *lists, bool *complete,
		 vg_import_report *report)
{
	char prefix[80];
	int rc = VG_OK;

	if (a->list[0] && !vg_strlist_contains(lists, a->list))
		rc = vg_strlist_add(lists, a->list);
	if (rc == VG_OK && a->id[0] && !a->failed) {
		rc = store_advisory(db, a, report);
	} else if (rc == VG_OK && a->failed && a->list[0]) {
		snprintf(prefix, sizeof(prefix), "%s/", a->id);
		rc = vulndb_seen_mark(db, a->id);
		if (rc == VG_OK)
			rc = vulndb_snapshot_keep(db, "debian", a->list, prefix);
	} else if (a->failed) {
		*complete = false;
	}
	advisory_reset(a);
	return rc;
}

/* The lines of a list, stored advisory by advisory; *complete as for flush(). */
static int read_list(vg_vulndb *db, const char *name, const char *data, size_t len,
		     vg_strlist *lists, bool *complete, vg_import_report *report)
{
	const char *p = data, *end = data + len, *nl;
	advisory a;
	size_t lineno = 0, n;
	char *line;
	int rc = VG_OK;

	memset(&a, 0, sizeof(a));
	while (rc == VG_OK && p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		n = (size_t)((nl ? nl : end) - p);
		lineno++;
		if (n && p[n - 1] == '\r')
			n--;
		if (memchr(p, '\0', n)) {
			rc = vg_error_set(VG_EPARSE, "%s: line %zu: NUL byte: not a text file", name,
					  lineno);
			break;
		}
		if (p[0] == '[' && (rc = flush(db, &a, lists, complete, report)) != VG_OK)
			break;
		if (!(line = vg_strndup(p, n))) {
			rc = VG_ENOMEM;
			break;
		}
		a.line = p[0] == '[' ? lineno : a.line;
		if (!a.failed && (rc = !nl ? vg_error_set(VG_EPARSE, "line %zu: no newline at the "
							   "end: the file was cut short", lineno)
					    : parse_line(line, lineno, &a)) != VG_OK) {
			rc = rc == VG_ENOMEM ? rc : VG_OK;
			vulndb_report_failure(report, name);
			a.failed = true; /* the rest of this advisory is skipped */
			if (!a.id[0])
				memcpy(a.id, "?", 2);
		}
		*complete = *complete && nl;
		free(line);
		p = nl ? nl + 1 : end;
	}
	if (rc == VG_OK)
		rc = flush(db, &a, lists, complete, report);
	advisory_reset(&a);
	return rc;
}

int vulndb_import_debian_list(vg_vulndb *db, const char *name, const char *data, size_t len,
			      vg_import_report *report)
{
	vg_strlist lists = VG_STRLIST_INIT;
	bool complete = true;
	size_t i;
	int rc = vulndb_seen_begin(db), end;

	if (rc)
		return rc;
	rc = read_list(db, name, data, len, &lists, &complete, report);
	for (i = 0; rc == VG_OK && complete && i < lists.count; i++)
		rc = vulndb_snapshot_sweep(db, "debian", lists.items[i], report);
	vg_strlist_free(&lists);
	end = vulndb_seen_end(db);
	return rc ? rc : end;
}

/* ---- the tracker's JSON ---- */

static int read_release(const json_t *rel, const char *path, enum fix_kind *kind,
			const char **version)
{
	const char *status;
	int rc;

	*version = NULL;
	if ((rc = vg_json_expect_object(rel, path)) ||
	    (rc = vg_json_get_string(rel, "status", path, true, &status)) ||
	    (rc = vg_json_get_string(rel, "fixed_version", path, false, version)))
		return rc;
	if (!strcmp(status, "open"))
		*kind = FIX_UNFIXED;
	else if (!strcmp(status, "undetermined"))
		*kind = FIX_UNDETERMINED;
	else if (strcmp(status, "resolved"))
		return vg_error_set(VG_EPARSE, "%s.status: \"%.32s\" is not open, resolved or "
				    "undetermined", path, status);
	else if (!*version)
		return vg_error_set(VG_EPARSE, "%s: resolved without a fixed_version", path);
	else if (!strcmp(*version, "0"))
		*kind = FIX_NOT_AFFECTED;
	else if (vg_version_check(VG_VERSION_DEBIAN, *version) != VG_OK)
		return vg_error_prefix("%s.fixed_version: ", path);
	else
		*kind = FIX_FIXED;
	return VG_OK;
}

/* The fixes of one package's CVE entry, checked. */
static int read_cve(const char *package, const json_t *cve, const char *path, json_t *fixes,
		    const char **description)
{
	char p[VG_JPATH_MAX], q[VG_JPATH_MAX];
	const char *codename, *version;
	json_t *rels, *rel;
	enum fix_kind kind = FIX_UNDETERMINED;
	int rc;

	if ((rc = vg_json_expect_object(cve, path)) ||
	    (rc = vg_json_get_string(cve, "description", path, false, description)) ||
	    (rc = vg_json_get_object(cve, "releases", path, true, &rels)))
		return rc;
	vg_jpath_key(p, path, "releases");
	json_object_foreach(rels, codename, rel) {
		vg_jpath_key(q, p, codename);
		if (!vg_debian_release(codename))
			return vg_error_set(VG_EPARSE, "%s: unknown Debian release", q);
		if ((rc = read_release(rel, q, &kind, &version)))
			return rc;
		json_array_append_new(fixes, json_pack("[s,s,i,s]", codename, package, (int)kind,
						       kind == FIX_FIXED ? version : ""));
	}
	return VG_OK;
}

/* Debian policy 5.6.1: two or more of [a-z0-9+.-], starting alphanumeric. */
static int check_package(const char *package, const char *path)
{
	if (strlen(package) < 2 || !strchr("abcdefghijklmnopqrstuvwxyz0123456789", package[0]) ||
	    strspn(package, "abcdefghijklmnopqrstuvwxyz0123456789+.-") != strlen(package))
		return vg_error_set(VG_EPARSE, "%s: \"%.64s\" is not a Debian source package name",
				    path, package);
	return VG_OK;
}

/* The records of one package's entry; a skipped CVE keeps its stored record. */
static int import_package(vg_vulndb *db, const char *name, const char *package,
			  const json_t *cves, const char *ppath, vg_import_report *report)
{
	char path[VG_JPATH_MAX], record_id[300];
	const char *id, *description;
	json_t *cve, *fixes, *doc;
	int rc = VG_OK;

	json_object_foreach((json_t *)cves, id, cve) {
		vg_jpath_key(path, ppath, id);
		snprintf(record_id, sizeof(record_id), "%.150s/%.120s", package, id);
		fixes = json_array();
		description = NULL;
		if (!fixes)
			return vg_error_set(VG_ENOMEM, "out of memory");
		if (read_cve(package, cve, path, fixes, &description) != VG_OK) {
			vulndb_report_failure(report, name);
			json_decref(fixes);
			if ((rc = vulndb_seen_mark(db, record_id)))
				return rc;
			continue;
		}
		doc = json_pack("{s:s, s:s, s:s?, s:O}", "package", package, "id", id, "description",
				description, "fixes", fixes);
		rc = doc ? put_record(db, "tracker", record_id, id, NULL, description, doc, fixes,
				      report)
			 : VG_ENOMEM;
		json_decref(doc);
		json_decref(fixes);
		if (rc)
			return rc;
	}
	return VG_OK;
}

int vulndb_import_debian_json(vg_vulndb *db, const char *name, const json_t *root,
			      vg_import_report *report)
{
	char ppath[VG_JPATH_MAX], prefix[160];
	const char *package;
	json_t *cves;
	int rc = vulndb_seen_begin(db), end;

	if (rc)
		return rc;
	json_object_foreach((json_t *)root, package, cves) {
		vg_jpath_key(ppath, "$", package);
		if (check_package(package, ppath) == VG_OK &&
		    vg_json_expect_object(cves, ppath) == VG_OK) {
			rc = import_package(db, name, package, cves, ppath, report);
		} else {
			vulndb_report_failure(report, name);
			snprintf(prefix, sizeof(prefix), "%.150s/", package);
			rc = vulndb_snapshot_keep(db, "debian", "tracker", prefix);
		}
		if (rc)
			break;
	}
	if (rc == VG_OK)
		rc = vulndb_snapshot_sweep(db, "debian", "tracker", report);
	end = vulndb_seen_end(db);
	return rc ? rc : end;
}
