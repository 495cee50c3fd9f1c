/*
 * conf_vex.c - every real VEX document in the shared test data loads, with as
 * many statements as an independent python3 count finds, and a few
 * statements checked by hand against the files.
 *
 * Suites: vex-openvex (OpenVEX spec examples and go-vex test data),
 * vex-cyclonedx (CycloneDX VEX examples and the spec's vulnerability test
 * resources), vex-csaf (OASIS CSAF 2.0 VEX examples, go-vex's CSAF files;
 * the CSAF 2.1 examples are skipped: the csaf module reads 2.0 only).
 */
#include "testutil.h"

#include "vigil/error.h"
#include "vigil/sbom.h"
#include "vigil/vex.h"

#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct tally {
	size_t passed, failed, skipped;
} tally;

static void check(tally *t, bool ok, const char *what, const char *file)
{
	if (ok) {
		t->passed++;
	} else {
		t->failed++;
		fprintf(stderr, "FAIL %s: %s\n", file, what);
	}
}

/* Statements per file, counted by python3 from the JSON itself. */
static const char PY_OPENVEX[] = "import json,sys; print(len(json.load(open(sys.argv[1]))[\"statements\"]))";
static const char PY_CDX[] =
	"import json,sys; d=json.load(open(sys.argv[1]));"
	" print(sum(1 for v in d.get(\"vulnerabilities\",[]) if (v.get(\"analysis\") or {}).get(\"state\")))";
/* (vulnerability, product_status list) pairs that carry a status: one origin each */
static const char PY_CSAF[] =
	"import json,sys; d=json.load(open(sys.argv[1]));"
	" print(sum(1 for v in d.get(\"vulnerabilities\",[]) for k,l in v.get(\"product_status\",{}).items()"
	" if l and k != \"recommended\"))";

static size_t distinct_origins(const vg_vex *vex)
{
	size_t i, n = 0;

	for (i = 0; i < vex->count; i++)
		if (i == 0 || strcmp(vex->statements[i].origin, vex->statements[i - 1].origin))
			n++;
	return n;
}

/* Load every file matching the patterns; compare with python's count. */
static void load_all(tally *t, const char *const *patterns, const char *py, bool by_origin,
		     vg_vex_format format, size_t *total)
{
	glob_t g;
	size_t i, k, expect;

	for (k = 0; patterns[k]; k++) {
		if (glob(vg_test_data(patterns[k]), 0, NULL, &g) != 0)
			continue;
		for (i = 0; i < g.gl_pathc; i++) {
			const char *f = g.gl_pathv[i];
			vg_vex *vex = vg_vex_new();
			int rc = vg_vex_load_file(vex, f);

			if (rc) {
				check(t, false, vg_error_message(), f);
			} else {
				vg_test_python_counts(py, f, &expect, 1);
				check(t, (by_origin ? distinct_origins(vex) : vex->count) == expect,
				      "statement count differs from python3's", f);
				check(t, vex->count == 0 || vex->statements[0].format == format,
				      "wrong format", f);
				*total += vex->count;
			}
			vg_vex_free(vex);
		}
		globfree(&g);
	}
}

static const vg_vex_statement *statement(const char *rel, size_t index, vg_vex **vex)
{
	*vex = vg_vex_new();
	if (vg_vex_load_file(*vex, vg_test_data(rel)) != VG_OK || index >= (*vex)->count)
		return NULL;
	return &(*vex)->statements[index];
}

static bool str_is(const char *s, const char *want)
{
	return s && !strcmp(s, want);
}

static void test_openvex(void **state)
{
	static const char *const files[] = {
		"vex/openvex/spec/spec-examples/*.json",
		"vex/openvex/go-vex/pkg/vex/testdata/v*.json",
		"vex/openvex/go-vex/pkg/csaf/testdata/openvex.json",
		NULL,
	};
	tally t = { 0, 0, 0 };
	size_t total = 0;
	vg_vex *vex;
	const vg_vex_statement *s;

	(void)state;
	load_all(&t, files, PY_OPENVEX, false, VG_VEX_OPENVEX, &total);
	/* v0.2.0.json: the image's subcomponents are the products */
	s = statement("vex/openvex/go-vex/pkg/vex/testdata/v0.2.0.json", 0, &vex);
	check(&t, s && str_is(s->vulnerability, "CVE-2023-1255") && s->status == VG_VEX_FIXED &&
			  s->products.count == 2 &&
			  str_is(s->products.items[1], "pkg:apk/alpine/libcrypto3@3.0.8-r3"),
	      "statement 0", "v0.2.0.json");
	vg_vex_free(vex);
	/* v0.0.1.json: string vulnerability and products, document timestamp */
	s = statement("vex/openvex/go-vex/pkg/vex/testdata/v0.0.1.json", 0, &vex);
	check(&t, s && str_is(s->vulnerability, "CVE-2023-12345") &&
			  str_is(s->timestamp, "2023-01-08T18:02:03.647787998-06:00") &&
			  str_is(s->products.items[1], "pkg:apk/wolfi/git@2.39.0-r1?arch=x86_64"),
	      "statement 0", "v0.0.1.json");
	vg_vex_free(vex);
	fprintf(stderr, "vex-openvex: %zu statements\n", total);
	vg_test_report("vex-openvex", t.passed, t.failed, t.skipped);
	assert_int_equal(t.failed, 0);
}

static void test_cyclonedx(void **state)
{
	static const char *const files[] = {
		"sbom/cyclonedx-bom-examples/VEX/vex.json",
		"sbom/cyclonedx-bom-examples/VEX/*/*/vex*.json",
		"sbom/cyclonedx-specification/test-resources/1.*/valid-vulnerability-1.*.json",
		NULL,
	};
	tally t = { 0, 0, 0 };
	size_t total = 0;
	vg_vex *vex;
	const vg_vex_statement *s;
	vg_sbom *sbom = vg_sbom_new();
	vg_component *c = vg_sbom_add_component(sbom, "acme-product");

	(void)state;
	load_all(&t, files, PY_CDX, false, VG_VEX_CYCLONEDX, &total);
	/* CISA case 3: one product, three CVEs with three different states */
	s = statement("sbom/cyclonedx-bom-examples/VEX/CISA-Use-Cases/Case-3/vex.json", 1, &vex);
	check(&t, s && str_is(s->vulnerability, "CVE-2020-11897") && s->status == VG_VEX_NOT_AFFECTED &&
			  str_is(s->justification, "code_not_present"),
	      "statement 1", "CISA Case-3");
	vg_vex_free(vex);
	/* Use case 5: exploitable in [1.5.0, 7.0.0), not affected outside */
	vex = vg_vex_new();
	assert_non_null(c);
	c->name = strdup("acme");
	check(&t, vg_vex_load_file(vex, vg_test_data("sbom/cyclonedx-bom-examples/VEX/Use-Cases/Case-5/vex.json")) == VG_OK,
	      vg_error_message(), "Case-5");
	c->version = strdup("6.9.0");
	s = vg_vex_find(vex, (const char *[]){ "CVE-2020-25649" }, 1, c);
	check(&t, s && s->status == VG_VEX_AFFECTED, "6.9.0 is exploitable", "Case-5");
	free(c->version);
	c->version = strdup("7.0.0");
	s = vg_vex_find(vex, (const char *[]){ "CVE-2020-25649" }, 1, c);
	check(&t, s && s->status == VG_VEX_NOT_AFFECTED, "7.0.0 is not affected", "Case-5");
	vg_vex_free(vex);
	vg_sbom_free(sbom);
	fprintf(stderr, "vex-cyclonedx: %zu statements\n", total);
	vg_test_report("vex-cyclonedx", t.passed, t.failed, t.skipped);
	assert_int_equal(t.failed, 0);
}

static void test_csaf(void **state)
{
	static const char *const files[] = {
		"csaf/oasis-csaf/csaf_2.0/examples/csaf/csaf_vex/*.json",
		"vex/openvex/go-vex/pkg/csaf/testdata/rhsa-2020_1358.json",
		"vex/openvex/go-vex/pkg/vex/testdata/csaf.json",
		NULL,
	};
	tally t = { 0, 0, 0 };
	size_t total = 0, i;
	vg_vex *vex;
	const vg_vex_statement *s;
	glob_t g;
	int rc;

	(void)state;
	load_all(&t, files, PY_CSAF, true, VG_VEX_CSAF, &total);
	/* sec-vex-2022-0001: known_not_affected with flag component_not_present */
	s = statement("csaf/oasis-csaf/csaf_2.0/examples/csaf/csaf_vex/sec-vex-2022-0001.json", 0, &vex);
	check(&t, s && str_is(s->vulnerability, "CVE-2021-44228") && s->status == VG_VEX_NOT_AFFECTED &&
			  str_is(s->justification, "component_not_present"),
	      "statement 0", "sec-vex-2022-0001.json");
	vg_vex_free(vex);
	/* go-vex's csaf.json: product purl from the product tree */
	s = statement("vex/openvex/go-vex/pkg/vex/testdata/csaf.json", 0, &vex);
	check(&t, s && str_is(s->vulnerability, "CVE-2009-4487") &&
			  str_is(s->products.items[0], "pkg:golang/github.com/go-homedir@v1.2.0"),
	      "statement 0", "go-vex csaf.json");
	vg_vex_free(vex);
	/* go-vex's other csaf.json relates to product id "ABC", defined nowhere: refused */
	vex = vg_vex_new();
	rc = vg_vex_load_file(vex, vg_test_data("vex/openvex/go-vex/pkg/csaf/testdata/csaf.json"));
	check(&t, rc == VG_EPARSE && strstr(vg_error_message(), "unknown product id \"ABC\"") &&
			  vex->count == 0,
	      "an undefined product id must be refused", "go-vex pkg/csaf/testdata/csaf.json");
	vg_vex_free(vex);
	/* CSAF 2.1 drafts: refused as unsupported, counted as skipped */
	if (glob(vg_test_data("csaf/oasis-csaf/csaf_2.1/examples/csaf/csaf_vex/*.json"), 0, NULL, &g) == 0) {
		for (i = 0; i < g.gl_pathc; i++) {
			vex = vg_vex_new();
			rc = vg_vex_load_file(vex, g.gl_pathv[i]);
			if (rc == VG_EUNSUPPORTED)
				t.skipped++;
			else
				check(&t, false, "CSAF 2.1 is not expected to load", g.gl_pathv[i]);
			vg_vex_free(vex);
		}
		globfree(&g);
	}
	fprintf(stderr, "vex-csaf: %zu statements\n", total);
	vg_test_report("vex-csaf", t.passed, t.failed, t.skipped);
	assert_int_equal(t.failed, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_openvex),
		cmocka_unit_test(test_cyclonedx),
		cmocka_unit_test(test_csaf),
	};

	vg_test_require_data("vex/openvex");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
