/*
 * conf_buildroot.c - SBOM generation over the real Buildroot legal-info
 * manifests in ../shared/testdata/sbom/buildroot-cyclonedx/.
 *
 * Each manifest is read independently with a plain CSV split of its rows (by
 * a reader written here, not the library's) and every row must come back as a
 * component with the same name and version, a generic purl, and a licence
 * whenever the row declares one other than "unknown".  The manifest that has
 * a `make show-info` JSON (raspi, cpe_data_pp.json) must carry the CPE ids
 * that file gives for the same version, and not those for another version.
 */
#include "testutil.h"
#include "vigil/error.h"
#include "vigil/json.h"
#include "vigil/sbom_generate.h"
#include "vigil/str.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static size_t passed, failed;

/* Field k (0-based) of one CSV line, quotes removed, into out. */
static void csv_get(const char *line, int k, char *out, size_t size)
{
	int field = 0;
	bool q = false;
	size_t n = 0;

	for (; *line && *line != '\n'; line++) {
		if (*line == '"') {
			q = !q;
			continue;
		}
		if (*line == ',' && !q) {
			field++;
			continue;
		}
		if (field == k && n + 1 < size)
			out[n++] = *line;
	}
	out[n] = '\0';
}

static const vg_component *find(const vg_sbom *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->component_count; i++)
		if (!strcmp(s->components[i]->name, name))
			return s->components[i];
	return NULL;
}

static void check(bool ok, const char *file, const char *pkg, const char *what)
{
	if (ok) {
		passed++;
	} else {
		failed++;
		printf("FAIL %s: %s: %s\n", file, pkg, what);
	}
}

static void run_manifest(const char *name, const char *cpe_json)
{
	char path[4096], *data, *line, *next, pkg[256], ver[256], lic[1024];
	vg_generate_options o = VG_GENERATE_OPTIONS_INIT;
	json_t *info = NULL;
	vg_sbom *s = NULL;
	size_t rows = 0;

	snprintf(path, sizeof(path), "%s", vg_test_data(name));
	if (cpe_json) {
		o.buildroot_cpe_json = strdup(vg_test_data(cpe_json));
		assert_int_equal(vg_json_load_file(o.buildroot_cpe_json, 0, &info), VG_OK);
	}
	if (vg_sbom_generate_from(path, &o, &s) != VG_OK)
		fail_msg("%s: %s", name, vg_error_message());
	data = vg_test_read_file(path, NULL);
	for (line = strchr(data, '\n') + 1; line && *line; line = next) {
		const vg_component *c;

		next = strchr(line, '\n');
		next = next ? next + 1 : NULL;
		if (*line == '\n')
			continue;
		rows++;
		csv_get(line, 0, pkg, sizeof(pkg));
		csv_get(line, 1, ver, sizeof(ver));
		csv_get(line, 2, lic, sizeof(lic));
		c = find(s, pkg);
		check(c != NULL, name, pkg, "row is a component");
		if (!c)
			continue;
		check(c->version && !strcmp(c->version, ver), name, pkg, "version");
		check(c->purl && vg_str_starts_with(c->purl, "pkg:generic/"), name, pkg, "purl");
		check(!strcmp(lic, "unknown") || c->license_declared != NULL, name, pkg, "licence");
		if (info) {
			const json_t *p = json_object_get(info, pkg);
			const char *cpe = json_string_value(json_object_get(p, "cpe-id"));
			const char *v = json_string_value(json_object_get(p, "version"));

			/* Used only for the same version; otherwise the table's or none. */
			if (cpe && v && !strcmp(v, ver))
				check(c->cpes.count && !strcmp(c->cpes.items[0], cpe), name, pkg,
				      "CPE from show-info");
			else if (cpe)
				check(!c->cpes.count || strcmp(c->cpes.items[0], cpe), name, pkg,
				      "no CPE from show-info for another version");
		}
	}
	check(rows == s->component_count, name, "*", "one component per row");
	printf("%s: %zu rows, %zu components\n", name, rows, s->component_count);
	free(data);
	free((char *)o.buildroot_cpe_json);
	json_decref(info);
	vg_sbom_free(s);
}

static void test_buildroot_manifests(void **state)
{
	(void)state;
	run_manifest("sbom/buildroot-cyclonedx/manifest.csv", NULL);
	run_manifest("sbom/buildroot-cyclonedx/manifest_simple.csv", NULL);
	run_manifest("sbom/buildroot-cyclonedx/raspi_manifest.csv",
		     "sbom/buildroot-cyclonedx/cpe_data_pp.json");
	vg_test_report("buildroot-manifest", passed, failed, 0);
	assert_int_equal(failed, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buildroot_manifests),
	};

	vg_test_require_data("sbom/buildroot-cyclonedx/manifest.csv");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
