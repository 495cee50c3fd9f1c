/*
 * conf_package_bound.c - package_bound (lib/vuln/bounds.c) over the real OSV
 * data in ../shared/testdata/osv: Go vulndb loaded in bulk, then PyPA and
 * AlmaLinux imported into it (the transactional path, which refreshes the
 * packages it touches), give the same bounds as rebuilding them whole; and
 * wherever vg_vulndb_package_excludes() lets a scan pass a package over,
 * no entry of that package holds the version, as the entries' own JSON
 * evaluates it (the reference path, vigil/range.h).
 */
#include "testutil.h"
#include "vigil/error.h"
#include "vigil/range.h"
#include "vigil/vulndb.h"
#include "vuln/vulndb_internal.h"

#include <stdlib.h>
#include <string.h>

static void import(vg_vulndb *db, const char *rel)
{
	vg_import_report r;

	assert_int_equal(vg_vulndb_import(db, vg_test_data(rel), NULL, &r), VG_OK);
	if (r.failed)
		print_message("%s: %s\n", rel, r.errors.items[0]);
	assert_int_equal(r.failed, 0);
	vg_import_report_free(&r);
}

/* Whether `version` is inside the entry, by its JSON, or the entry has a
 * status (a distro's verdict is a hit whatever the version). */
typedef struct probe {
	vg_version_scheme scheme;
	const char *version;
	bool held;
} probe;

static int holds(const vg_affected_row *row, void *arg)
{
	probe *p = arg;
	json_t *ranges = row->ranges ? json_loads(row->ranges, 0, NULL) : NULL;
	json_t *versions = row->versions ? json_loads(row->versions, 0, NULL) : NULL;
	vg_osv_range *built[64];
	const char *listed[4096];
	size_t nbuilt = 0, nlisted = 0, i;
	bool inside = false;
	json_t *item;

	if (row->status)
		p->held = true;
	json_array_foreach(versions, i, item)
		if (json_is_string(item) && nlisted < 4096)
			listed[nlisted++] = json_string_value(item);
	for (i = 0; i < json_array_size(ranges) && nbuilt < 64; i++)
		if (vg_osv_range_from_json(json_array_get(ranges, i), "ranges", p->scheme,
					   &built[nbuilt]) == VG_OK)
			nbuilt++;
		else
			p->held = true; /* cannot be evaluated: a scan must read it */
	if (vg_osv_affected_contains(listed, nlisted, (const vg_osv_range *const *)built, nbuilt,
				     p->version, &inside) != VG_OK || inside)
		p->held = true;
	vg_error_clear();
	for (i = 0; i < nbuilt; i++)
		vg_osv_range_free(built[i]);
	json_decref(ranges);
	json_decref(versions);
	return VG_OK;
}

/*
 * Every version any entry of a package names (events and listed), asked of
 * that package: the events are where a bound's edge cases are.
 */
static void check_sound(vg_vulndb *db, size_t *asked, size_t *excluded)
{
	sqlite3_stmt *st;
	vg_version_scheme scheme;
	const char *eco, *name, *events, *line;
	bool out;
	probe p;
	char version[256];
	size_t len;

	assert_int_equal(vulndb_prepare(db, "SELECT DISTINCT ecosystem, name, events FROM affected "
					    "WHERE events IS NOT NULL", &st),
			 VG_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		eco = (const char *)sqlite3_column_text(st, 0);
		name = (const char *)sqlite3_column_text(st, 1);
		events = (const char *)sqlite3_column_text(st, 2);
		if (vg_version_scheme_parse(eco, &scheme) != VG_OK) {
			vg_error_clear();
			continue;
		}
		for (line = strchr(events, '\n'); line && line[1]; line = strchr(line + 1, '\n')) {
			len = strcspn(line + 1, "\n");
			if (len < 3 || line[1] == 'r' || len - 2 >= sizeof(version))
				continue;
			memcpy(version, line + 3, len - 2);
			version[len - 2] = '\0';
			assert_int_equal(vg_vulndb_package_excludes(db, eco, name, scheme, version,
								    &out),
					 VG_OK);
			(*asked)++;
			if (!out)
				continue;
			(*excluded)++;
			p = (probe){ scheme, version, false };
			assert_int_equal(vg_vulndb_each_affected(db, eco, name, NULL, holds, &p),
					 VG_OK);
			if (p.held)
				fail_msg("%s %s %s: excluded, but an entry holds it", eco, name,
					 version);
		}
	}
	sqlite3_finalize(st);
}

static void test_real_osv_bounds(void **state)
{
	vg_vulndb *db = vg_test_vulndb("package_bound", NULL);
	size_t asked = 0, excluded = 0;

	(void)state;
	vg_test_require_data("osv/golang-vulndb/data/osv");
	vg_test_require_data("osv/pypa-advisory-database");
	vg_test_require_data("osv/almalinux");
	import(db, "osv/golang-vulndb/data/osv");
	import(db, "osv/pypa-advisory-database");
	import(db, "osv/almalinux");
	vg_test_check_bounds_kept(db);

	check_sound(db, &asked, &excluded);
	print_message("asked %zu (package, version) pairs, %zu passed over\n", asked, excluded);
	/* Not a vacuous check: most versions the feeds name are below a fix
	 * of the same package, but the fixed versions themselves are above
	 * every entry that fixes there. */
	assert_true(excluded > 100);
	vg_test_report("package_bound", asked, 0, 0);
	vg_vulndb_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_osv_bounds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
