/*
 * import_alpine.c - Alpine secdb (https://secdb.alpinelinux.org/v3.x/main.json):
 *
 *   {"distroversion": "v3.10", "reponame": "main", "packages": [
 *     {"pkg": {"name": "ansible", "secfixes": {"2.8.4-r0": ["CVE-2019-10206"]}}}]}
 *
 * One record per (distro version, package, vulnerability), record_id
 * "v3.10/ansible/CVE-2019-10206", source "alpine": the question a scanner
 * asks is "is ansible of Alpine v3.10 at version X affected by CVE-Y", and
 * one record answers it whole.  (A record per fixed version would split that
 * one fact when secdb lists a CVE under two versions of a package, as it
 * does when a first fix was incomplete.)  The affected row is ecosystem
 * "Alpine:v3.10", name = the package, ranges ECOSYSTEM introduced 0 / fixed
 * V, one range per version that lists the id, so the package counts as
 * affected below the highest of them.  A fixed version "0" means the branch
 * was never affected: status "not_affected", versions [].
 *
 * An entry is "ID [ALIAS...]"; the first token is the vulnerability.  The
 * rest (XSA-201 after a CVE) is dropped: a Xen advisory covers several CVEs,
 * so it is no alias.  An id starting with "CVE" must be a CVE id exactly;
 * placeholders ("CVE-????-?????"), "CVE_2019-2426", "CVE-2019-19451.patch"
 * are reported as malformed entries with their JSON path.
 *
 * An empty repository is written as "packages": "" and imports nothing.
 * secdb has no modification times: records are compared by digest.
 *
 * A file is a snapshot of one repository of one release (snapshot.c): its
 * records belong to the list "v3.18/main" (distroversion/reponame; the
 * distroversion alone when there is no reponame), and a newer copy removes
 * the records of that list it no longer names.  A package entry with a
 * malformed fix keeps its stored records; an entry without a readable
 * package name leaves no way to tell which records it stood for, so that
 * copy removes nothing.
 */
#include "vulndb_internal.h"
#include "vigil/error.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The vulnerability id of an entry ("CVE-2016-9932 XSA-200"), copied to id. */
static int entry_id(const json_t *entry, const char *path, char *id, size_t size)
{
	const char *s = json_string_value(entry), *p;
	size_t n, i;

	if (!s)
		return vg_error_set(VG_EPARSE, "%s: expected a string, found %s", path,
				    vg_json_type_name(entry));
	s += strspn(s, " \t");
	n = strcspn(s, " \t");
	if (!n || n >= size)
		return vg_error_set(VG_EPARSE, "%s: \"%.64s\" is not a vulnerability id", path, s);
	memcpy(id, s, n);
	id[n] = '\0';
	if (!strncasecmp(id, "CVE", 3)) {
		p = id + 4;
		for (i = 0; isdigit((unsigned char)p[i]); i++)
			;
		if (strncmp(id, "CVE-", 4) || i != 4 || p[4] != '-' || strspn(p + 5, "0123456789") < 4 ||
		    p[5 + strspn(p + 5, "0123456789")])
			return vg_error_set(VG_EPARSE, "%s: \"%.64s\" is not a CVE id", path, id);
		return VG_OK;
	}
	if (!strchr(id, '-') || strspn(id, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
				      "0123456789._:-") != n)
		return vg_error_set(VG_EPARSE, "%s: \"%.64s\" is not a vulnerability id", path, id);
	return VG_OK;
}

static int store_rows(vg_vulndb *db, int64_t record, const char *ecosystem, const char *package,
		      const json_t *versions)
{
	vulndb_affected row = { 0 };
	json_t *ranges = json_array(), *none = json_array();
	const json_t *v;
	char *fixed = NULL;
	size_t i;
	int rc = ranges && none ? VG_OK : vg_error_set(VG_ENOMEM, "out of memory");

	row.ecosystem = ecosystem;
	row.name = package;
	json_array_foreach(versions, i, v) {
		if (rc)
			break;
		if (!strcmp(json_string_value(v), "0")) {
			row.status = "not_affected";
			row.versions = none; /* no version is affected */
			rc = vulndb_store_affected(db, record, &row);
			row.status = NULL;
			row.versions = NULL;
			continue;
		}
		if (json_array_append_new(ranges, json_pack("{s:s, s:[{s:s}, {s:O}]}", "type",
							    "ECOSYSTEM", "events", "introduced", "0",
							    "fixed", v)))
			rc = vg_error_set(VG_ENOMEM, "out of memory");
	}
	if (rc == VG_OK && json_array_size(ranges) &&
	    (rc = vulndb_fixed_versions(ranges, &fixed)) == VG_OK) {
		row.ranges = ranges;
		row.fixed = fixed;
		rc = vulndb_store_affected(db, record, &row);
	}
	free(fixed);
	json_decref(ranges);
	json_decref(none);
	return rc;
}

static int store_one(vg_vulndb *db, const char *snapshot, const char *distro,
		     const char *package, const char *id, const json_t *versions,
		     vg_import_report *report)
{
	char record_id[400], ecosystem[80], digest[VULNDB_DIGEST_HEX];
	json_t *doc = json_pack("{s:s, s:s, s:s, s:O}", "distro", distro, "package", package, "id",
				id, "fixed", versions);
	int64_t vuln, record;
	bool is_new;
	int state, rc = doc ? vulndb_digest_json(doc, digest) : VG_ENOMEM;

	json_decref(doc);
	snprintf(record_id, sizeof(record_id), "%.60s/%.200s/%.120s", distro, package, id);
	snprintf(ecosystem, sizeof(ecosystem), "Alpine:%.60s", distro);
	if (rc == VG_OK)
		rc = vulndb_record_state(db, "alpine", record_id, NULL, digest, &state);
	if (rc == VG_OK && state != VULNDB_CURRENT) {
		rc = vulndb_resolve(db, id, NULL, &vuln);
		if (rc == VG_OK)
			rc = vulndb_put_record(db, vuln, "alpine", record_id, NULL, NULL, NULL, NULL,
					       &record, &is_new);
		if (rc == VG_OK)
			rc = vulndb_set_digest(db, record, digest);
		if (rc == VG_OK)
			rc = store_rows(db, record, ecosystem, package, versions);
	}
	if (rc == VG_OK)
		rc = vulndb_snapshot_mark(db, "alpine", snapshot, record_id);
	if (rc == VG_OK)
		vulndb_count_result(report, state);
	return rc;
}

/* Collect id -> [fixed versions] of one package; bad entries are reported. */
static int collect(const char *name, const json_t *secfixes, const char *path, json_t *ids,
		   vg_import_report *report)
{
	char vpath[VG_JPATH_MAX], epath[VG_JPATH_MAX], id[128];
	const char *version;
	json_t *list, *entry, *versions;
	size_t i;

	json_object_foreach((json_t *)secfixes, version, list) {
		vg_jpath_key(vpath, path, version);
		if (!*version || !json_is_array(list)) {
			vg_error_set(VG_EPARSE, "%s: expected a version and an array of ids, found %s",
				     vpath, vg_json_type_name(list));
			vulndb_report_failure(report, name);
			continue;
		}
		json_array_foreach(list, i, entry) {
			vg_jpath_index(epath, vpath, i);
			if (entry_id(entry, epath, id, sizeof(id)) != VG_OK) {
				vulndb_report_failure(report, name);
				continue;
			}
			versions = json_object_get(ids, id);
			if (!versions) {
				versions = json_array();
				if (json_object_set_new(ids, id, versions))
					return vg_error_set(VG_ENOMEM, "out of memory");
			}
			json_array_append_new(versions, json_string(version));
		}
	}
	return VG_OK;
}

/* One package entry; *complete turns false when it names no package. */
static int import_package(vg_vulndb *db, const char *name, const char *snapshot,
			  const char *distro, const json_t *pkg, const char *path, bool *complete,
			  vg_import_report *report)
{
	char p[VG_JPATH_MAX], prefix[300];
	const char *package, *id;
	json_t *inner, *secfixes = NULL, *ids, *versions;
	size_t failed = report->failed;
	int rc;

	if (vg_json_expect_object(pkg, path) ||
	    vg_json_get_object(pkg, "pkg", path, true, &inner)) {
		vulndb_report_failure(report, name);
		*complete = false;
		return VG_OK;
	}
	vg_jpath_key(p, path, "pkg");
	if (vg_json_get_string(inner, "name", p, true, &package)) {
		vulndb_report_failure(report, name);
		*complete = false;
		return VG_OK;
	}
	if (!(ids = json_object()))
		return vg_error_set(VG_ENOMEM, "out of memory");
	if (vg_json_get_object(inner, "secfixes", p, false, &secfixes) == VG_OK) {
		vg_jpath_key(p, p, "secfixes");
		rc = collect(name, secfixes, p, ids, report);
	} else {
		vulndb_report_failure(report, name);
		rc = VG_OK;
	}
	json_object_foreach(ids, id, versions) {
		if (rc)
			break;
		rc = store_one(db, snapshot, distro, package, id, versions, report);
	}
	json_decref(ids);
	/* Same form as the record ids' (store_one). */
	snprintf(prefix, sizeof(prefix), "%.60s/%.200s/", distro, package);
	if (rc == VG_OK && report->failed > failed)
		rc = vulndb_snapshot_keep(db, "alpine", snapshot, prefix);
	return rc;
}

/* The list a file is the snapshot of: "v3.18/main". */
static int snapshot_name(const json_t *root, const char *name, const char *distro,
			 char *out, size_t size)
{
	const char *repo = NULL;

	if (!*distro || strchr(distro, '/'))
		return vg_error_set(VG_EPARSE, "%s: $.distroversion: \"%.32s\" is not a release",
				    name, distro);
	if (vg_json_get_string(root, "reponame", "$", false, &repo))
		return vg_error_prefix("%s: ", name);
	if (repo && (!*repo || strchr(repo, '/')))
		return vg_error_set(VG_EPARSE, "%s: $.reponame: \"%.32s\" is not a repository",
				    name, repo);
	snprintf(out, size, "%.60s%s%.60s", distro, repo ? "/" : "", repo ? repo : "");
	return VG_OK;
}

int vulndb_import_alpine(vg_vulndb *db, const char *name, const json_t *root,
			 vg_import_report *report)
{
	char path[VG_JPATH_MAX], snapshot[128];
	const char *distro;
	json_t *packages;
	bool complete = true;
	size_t i;
	int rc, end;

	packages = json_object_get(root, "packages");
	/* secdb writes an empty repository as "packages": "". */
	if (json_is_string(packages) && !*json_string_value(packages))
		packages = NULL;
	else if ((rc = vg_json_get_array(root, "packages", "$", true, &packages)))
		return vg_error_prefix("%s: ", name);
	if ((rc = vg_json_get_string(root, "distroversion", "$", true, &distro)))
		return vg_error_prefix("%s: ", name);
	if ((rc = snapshot_name(root, name, distro, snapshot, sizeof(snapshot))) ||
	    (rc = vulndb_seen_begin(db)))
		return rc;
	for (i = 0; rc == VG_OK && i < json_array_size(packages); i++) {
		vg_jpath_index(path, "$.packages", i);
		rc = import_package(db, name, snapshot, distro, json_array_get(packages, i), path,
				    &complete, report);
	}
	if (rc == VG_OK && complete)
		rc = vulndb_snapshot_sweep(db, "alpine", snapshot, report);
	end = vulndb_seen_end(db);
	return rc ? rc : end;
}
