/*
 * test_scan_report.c - the scan result's support functions and its three
 * writers (Vigil JSON, CycloneDX 1.6 VDR, SARIF 2.1.0), on an SBOM and a
 * result built by hand: two vulnerabilities, four findings (one exploited
 * with EPSS, one suppressed by a VEX statement, one vulnerability on three
 * components).
 *
 * With VG_REPORT_OUT set, the three documents are also written there for
 * tests/integration/scan_report_schema.sh to validate against the official
 * schemas.
 */
#include "testutil.h"

#include "vigil/error.h"
#include "vigil/file.h"
#include "vigil/json.h"
#include "vigil/scan.h"
#include "vigil/str.h"

#include <stdlib.h>
#include <string.h>

#define V1 "CVE-2024-0001"
#define V2 "CVE-2023-0002"
#define V2_GHSA "GHSA-j8r2-6x86-q33q"
#define SBOM_PATH "out dir/sbom.cdx.json"

typedef struct fixture {
	vg_sbom *sbom;
	vg_scan_result result;
	vg_vex_statement vex;
	char *docs[3]; /* json, vdr, sarif */
	json_t *json, *vdr, *sarif;
} fixture;

static void add_component(vg_sbom *s, const char *ref, const char *name, const char *version,
			  const char *purl)
{
	vg_component *c = vg_sbom_add_component(s, ref);

	assert_non_null(c);
	c->name = vg_strdup(name);
	c->version = vg_strdup(version);
	c->purl = vg_strdup(purl);
}

static vg_finding *add_finding(vg_scan_result *r, const char *vuln, const char *ref,
			       const char *name, const char *version, const char *purl)
{
	vg_finding *f;

	assert_int_equal(vg_scan_result_add(r, &f), VG_OK);
	assert_null(f->vuln); /* zeroed */
	f->vuln = vg_strdup(vuln);
	f->component_ref = vg_strdup(ref);
	f->component_name = vg_strdup(name);
	f->installed_version = version ? vg_strdup(version) : NULL;
	f->component_purl = purl ? vg_strdup(purl) : NULL;
	return f;
}

static void v2_finding(vg_scan_result *r, const char *ref, const char *version, const char *vector,
		       double score)
{
	char purl[64];
	vg_finding *f;

	snprintf(purl, sizeof(purl), "pkg:pypi/requests@%s", version);
	f = add_finding(r, V2, ref, "requests", version, purl);
	assert_int_equal(vg_strlist_add(&f->aliases, V2), VG_OK);
	assert_int_equal(vg_strlist_add(&f->aliases, V2_GHSA), VG_OK);
	f->summary = vg_strdup("Requests leaks Proxy-Authorization headers");
	f->kind = VG_MATCH_OSV;
	f->confidence = VG_CONFIDENCE_HIGH;
	f->source = vg_strdup("osv");
	f->record_id = vg_strdup(V2_GHSA);
	f->ecosystem = vg_strdup("PyPI");
	f->matched = vg_strdup("introduced 2.3.0, fixed 2.31.1");
	assert_int_equal(vg_strlist_add(&f->fixed, "2.31.1"), VG_OK);
	f->severity = VG_SEV_MEDIUM;
	f->cvss_vector = vg_strdup(vector);
	f->cvss_score = score;
	f->cvss_source = vg_strdup("osv");
}

static void build(fixture *fx)
{
	vg_scan_result *r = &fx->result;
	vg_finding *f;

	fx->sbom = vg_sbom_new();
	assert_non_null(fx->sbom);
	fx->sbom->name = vg_strdup("gateway-firmware");
	fx->sbom->serial = vg_strdup("urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79");
	add_component(fx->sbom, "c-openssl", "openssl", "3.0.11-1~deb12u2",
		      "pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64&distro=debian-12");
	add_component(fx->sbom, "c-requests", "requests", "2.31.0", "pkg:pypi/requests@2.31.0");
	add_component(fx->sbom, "c-requests-old", "requests", "2.25.0", "pkg:pypi/requests@2.25.0");
	add_component(fx->sbom, "c-vendored", "requests", "2.20.0", "pkg:pypi/requests@2.20.0");
	add_component(fx->sbom, "c-zlib", "zlib", "1.3", "pkg:generic/zlib@1.3");

	fx->vex.vulnerability = (char *)V2_GHSA;
	fx->vex.status = VG_VEX_NOT_AFFECTED;
	fx->vex.justification = (char *)"vulnerable_code_not_in_execute_path";
	fx->vex.impact = (char *)"the vendored copy never sends proxy requests";
	fx->vex.origin = (char *)"vendor.openvex.json: $.statements[0]";
	fx->vex.format = VG_VEX_OPENVEX;

	/* added out of order: vg_scan_result_sort() puts them right */
	v2_finding(r, "c-requests-old", "2.25.0",
		   "CVSS:4.0/AV:N/AC:H/AT:P/PR:N/UI:P/VC:H/VI:N/VA:N/SC:N/SI:N/SA:N", 5.5);
	v2_finding(r, "c-vendored", "2.20.0", "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:H/I:N/A:N", 5.3);
	r->findings[1].vex = &fx->vex;
	r->findings[1].suppressed = true;
	v2_finding(r, "c-requests", "2.31.0", "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:H/I:N/A:N", 5.3);

	f = add_finding(r, V1, "c-openssl", "openssl", "3.0.11-1~deb12u2",
			"pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64&distro=debian-12");
	assert_int_equal(vg_strlist_add(&f->aliases, V1), VG_OK);
	assert_int_equal(vg_strlist_add(&f->aliases, "DSA-5600-1"), VG_OK);
	f->summary = vg_strdup("Remote code execution in the TLS handshake");
	f->kind = VG_MATCH_DISTRO;
	f->confidence = VG_CONFIDENCE_HIGH;
	f->source = vg_strdup("debian");
	f->record_id = vg_strdup(V1);
	f->ecosystem = vg_strdup("Debian:12");
	f->matched = vg_strdup("introduced 0, fixed 3.0.13-1~deb12u1");
	assert_int_equal(vg_strlist_add(&f->fixed, "3.0.13-1~deb12u1"), VG_OK);
	f->severity = VG_SEV_CRITICAL;
	f->cvss_vector = vg_strdup("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
	f->cvss_score = 9.8;
	f->cvss_source = vg_strdup("nvd");
	f->exploited = true;
	f->kev_date_added = vg_strdup("2024-02-01");
	f->kev_due_date = vg_strdup("2024-02-22");
	f->kev_required_action = vg_strdup("Apply mitigations per vendor instructions.");
	f->has_epss = true;
	f->epss_score = 0.97;
	f->epss_percentile = 0.999;

	r->components = 5;
	r->matched_components = 4;
	assert_int_equal(vg_strlist_add(&r->warnings, "Debian 12: 1 package was not checked"), VG_OK);
	vg_scan_result_sort(r);
}

static void write_out(const char *name, const char *text)
{
	const char *dir = getenv("VG_REPORT_OUT");
	char path[1024];

	if (!dir || !*dir)
		return;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_int_equal(vg_file_write_atomic(path, text, strlen(text)), VG_OK);
}

static json_t *parse(const char *text)
{
	json_t *v = NULL;

	assert_int_equal(vg_json_parse(text, strlen(text), "doc", &v), VG_OK);
	return v;
}

static int setup(void **state)
{
	fixture *fx = calloc(1, sizeof(*fx));

	assert_non_null(fx);
	build(fx);
	assert_int_equal(vg_scan_write_json(&fx->result, fx->sbom, &fx->docs[0]), VG_OK);
	assert_int_equal(vg_scan_write_vdr(&fx->result, fx->sbom, &fx->docs[1]), VG_OK);
	assert_int_equal(vg_scan_write_sarif(&fx->result, fx->sbom, SBOM_PATH, &fx->docs[2]), VG_OK);
	write_out("scan.json", fx->docs[0]);
	write_out("scan.vdr.cdx.json", fx->docs[1]);
	write_out("scan.sarif", fx->docs[2]);
	fx->json = parse(fx->docs[0]);
	fx->vdr = parse(fx->docs[1]);
	fx->sarif = parse(fx->docs[2]);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	fixture *fx = *state;
	int i;

	for (i = 0; i < 3; i++)
		free(fx->docs[i]);
	json_decref(fx->json);
	json_decref(fx->vdr);
	json_decref(fx->sarif);
	vg_scan_result_free(&fx->result);
	vg_sbom_free(fx->sbom);
	free(fx);
	return 0;
}

/* ---- helpers over parsed documents ---- */

static json_t *at(json_t *v, const char *path)
{
	char buf[256], *p, *save = NULL;

	snprintf(buf, sizeof(buf), "%s", path);
	for (p = strtok_r(buf, ".", &save); p && v; p = strtok_r(NULL, ".", &save))
		v = (*p >= '0' && *p <= '9') ? json_array_get(v, strtoul(p, NULL, 10))
					     : json_object_get(v, p);
	return v;
}

static const char *str_at(json_t *v, const char *path)
{
	json_t *s = at(v, path);

	assert_true(json_is_string(s));
	return json_string_value(s);
}

static long long int_at(json_t *v, const char *path)
{
	json_t *n = at(v, path);

	assert_true(json_is_integer(n));
	return json_integer_value(n);
}

static double num_at(json_t *v, const char *path)
{
	json_t *n = at(v, path);

	assert_true(json_is_number(n));
	return json_number_value(n);
}

/* The item of array `arr` whose `key` is the string `value`. */
static json_t *find_by(json_t *arr, const char *key, const char *value)
{
	size_t i;
	json_t *item;

	json_array_foreach(arr, i, item) {
		if (json_is_string(json_object_get(item, key)) &&
		    strcmp(json_string_value(json_object_get(item, key)), value) == 0)
			return item;
	}
	fail_msg("no item with %s = %s", key, value);
	return NULL;
}

/* ---- support functions ---- */

static void test_severity_names(void **state)
{
	vg_severity s;

	(void)state;
	assert_string_equal(vg_severity_name(VG_SEV_UNKNOWN), "unknown");
	assert_string_equal(vg_severity_name(VG_SEV_NONE), "none");
	assert_string_equal(vg_severity_name(VG_SEV_LOW), "low");
	assert_string_equal(vg_severity_name(VG_SEV_MEDIUM), "medium");
	assert_string_equal(vg_severity_name(VG_SEV_HIGH), "high");
	assert_string_equal(vg_severity_name(VG_SEV_CRITICAL), "critical");
	assert_int_equal(vg_severity_parse("High", &s), VG_OK);
	assert_int_equal(s, VG_SEV_HIGH);
	assert_int_equal(vg_severity_parse("CRITICAL", &s), VG_OK);
	assert_int_equal(s, VG_SEV_CRITICAL);
	assert_int_equal(vg_severity_parse("unknown", &s), VG_OK);
	assert_int_equal(s, VG_SEV_UNKNOWN);
	s = VG_SEV_LOW;
	assert_int_equal(vg_severity_parse("severe", &s), VG_EINVAL);
	assert_int_equal(s, VG_SEV_LOW);
	assert_non_null(strstr(vg_error_message(), "'severe'"));
	assert_non_null(strstr(vg_error_message(), "medium"));
	assert_int_equal(vg_severity_parse("", &s), VG_EINVAL);
	assert_int_equal(vg_severity_parse("highh", &s), VG_EINVAL);
	assert_string_equal(vg_match_kind_name(VG_MATCH_DISTRO), "distro");
	assert_string_equal(vg_match_kind_name(VG_MATCH_OSV), "osv");
	assert_string_equal(vg_match_kind_name(VG_MATCH_CPE), "cpe");
	assert_string_equal(vg_match_confidence_name(VG_CONFIDENCE_LOW), "low");
	assert_string_equal(vg_match_confidence_name(VG_CONFIDENCE_MEDIUM), "medium");
	assert_string_equal(vg_match_confidence_name(VG_CONFIDENCE_HIGH), "high");
}

static void test_sort_and_fails(void **state)
{
	fixture *fx = *state;
	const vg_scan_result *r = &fx->result;

	assert_int_equal(r->count, 4);
	assert_string_equal(r->findings[0].vuln, V1);
	assert_string_equal(r->findings[1].component_ref, "c-requests");
	assert_string_equal(r->findings[2].component_ref, "c-requests-old");
	assert_string_equal(r->findings[3].component_ref, "c-vendored");
	assert_ptr_equal(r->findings[3].vex, &fx->vex);

	assert_int_equal(vg_scan_result_fails(r, VG_SEV_CRITICAL, false), 1);
	assert_int_equal(vg_scan_result_fails(r, VG_SEV_HIGH, false), 1);
	assert_int_equal(vg_scan_result_fails(r, VG_SEV_MEDIUM, false), 3); /* not the suppressed */
	assert_int_equal(vg_scan_result_fails(r, VG_SEV_UNKNOWN, false), 3);
	assert_int_equal(vg_scan_result_fails(r, VG_SEV_UNKNOWN, true), 1);
}

static void test_sort_exploited_first(void **state)
{
	vg_scan_result r = { 0 };
	vg_finding *f;

	(void)state;
	f = add_finding(&r, "CVE-2020-0001", "b", "b", "1", NULL);
	f->severity = VG_SEV_HIGH;
	f = add_finding(&r, "CVE-2020-0009", "a", "a", "1", NULL);
	f->severity = VG_SEV_HIGH;
	f->exploited = true;
	f = add_finding(&r, "CVE-2020-0001", "a", "a", "1", NULL);
	f->severity = VG_SEV_HIGH;
	f = add_finding(&r, "CVE-2019-0001", "a", "a", "1", NULL);
	f->severity = VG_SEV_LOW;
	for (int i = 0; i < 40; i++) /* growth past the first allocation */
		add_finding(&r, "CVE-2000-0000", "z", "z", NULL, NULL);
	vg_scan_result_sort(&r);
	assert_string_equal(r.findings[0].vuln, "CVE-2020-0009");
	assert_string_equal(r.findings[1].vuln, "CVE-2020-0001");
	assert_string_equal(r.findings[1].component_ref, "a");
	assert_string_equal(r.findings[2].component_ref, "b");
	assert_string_equal(r.findings[3].vuln, "CVE-2019-0001");
	assert_int_equal(r.count, 44);
	vg_scan_result_free(&r);
	assert_int_equal(r.count, 0);
	vg_scan_result_free(NULL);
}

/* ---- Vigil JSON ---- */

static void test_json(void **state)
{
	fixture *fx = *state;
	json_t *j = fx->json, *f0, *sup;

	assert_string_equal(str_at(j, "schema"), "vigil-scan/1");
	assert_string_equal(str_at(j, "sbom.name"), "gateway-firmware");
	assert_true(json_is_null(at(j, "sbom.format"))); /* built, not read */
	assert_int_equal(int_at(j, "sbom.components"), 5);
	assert_int_equal(int_at(j, "sbom.matched_components"), 4);
	assert_int_equal(int_at(j, "summary.findings"), 3);
	assert_int_equal(int_at(j, "summary.suppressed"), 1);
	assert_int_equal(int_at(j, "summary.critical"), 1);
	assert_int_equal(int_at(j, "summary.high"), 0);
	assert_int_equal(int_at(j, "summary.medium"), 2);
	assert_int_equal(int_at(j, "summary.unknown"), 0);
	assert_int_equal(int_at(j, "summary.exploited"), 1);
	assert_string_equal(str_at(j, "warnings.0"), "Debian 12: 1 package was not checked");
	assert_int_equal(json_array_size(at(j, "findings")), 4);

	f0 = at(j, "findings.0");
	assert_string_equal(str_at(f0, "id"), V1);
	assert_string_equal(str_at(f0, "aliases.1"), "DSA-5600-1");
	assert_string_equal(str_at(f0, "component.ref"), "c-openssl");
	assert_string_equal(str_at(f0, "component.version"), "3.0.11-1~deb12u2");
	assert_string_equal(str_at(f0, "match.kind"), "distro");
	assert_string_equal(str_at(f0, "match.confidence"), "high");
	assert_string_equal(str_at(f0, "match.ecosystem"), "Debian:12");
	assert_true(json_is_null(at(f0, "match.distro_status")));
	assert_string_equal(str_at(f0, "fixed.0"), "3.0.13-1~deb12u1");
	assert_string_equal(str_at(f0, "severity"), "critical");
	assert_float_equal(num_at(f0, "cvss.score"), 9.8, 1e-9);
	assert_string_equal(str_at(f0, "cvss.source"), "nvd");
	assert_true(json_is_true(at(f0, "kev.exploited")));
	assert_string_equal(str_at(f0, "kev.due_date"), "2024-02-22");
	assert_float_equal(num_at(f0, "epss.score"), 0.97, 1e-9);
	assert_float_equal(num_at(f0, "epss.percentile"), 0.999, 1e-9);
	assert_true(json_is_null(at(f0, "vex")));
	assert_true(json_is_false(at(f0, "suppressed")));
	assert_true(json_is_null(at(j, "findings.1.epss")));
	assert_true(json_is_false(at(j, "findings.1.kev.exploited")));
	assert_true(json_is_null(at(j, "findings.1.kev.date_added")));

	sup = at(j, "findings.3");
	assert_string_equal(str_at(sup, "component.ref"), "c-vendored");
	assert_true(json_is_true(at(sup, "suppressed")));
	assert_string_equal(str_at(sup, "vex.status"), "not_affected");
	assert_string_equal(str_at(sup, "vex.justification"), "vulnerable_code_not_in_execute_path");
	assert_string_equal(str_at(sup, "vex.origin"), "vendor.openvex.json: $.statements[0]");
	assert_true(json_is_null(at(sup, "vex.action")));
	assert_string_equal(str_at(sup, "match.record"), V2_GHSA);
}

/* ---- CycloneDX VDR ---- */

static json_t *vdr_entry_for(json_t *vulns, const char *ref)
{
	size_t i, k;
	json_t *v, *a;

	json_array_foreach(vulns, i, v) {
		json_array_foreach(json_object_get(v, "affects"), k, a) {
			if (strcmp(json_string_value(json_object_get(a, "ref")), ref) == 0)
				return v;
		}
	}
	fail_msg("no vulnerability affects %s", ref);
	return NULL;
}

static void test_vdr(void **state)
{
	fixture *fx = *state;
	json_t *d = fx->vdr, *vulns = at(d, "vulnerabilities"), *v1, *v2, *sup, *props;
	char *a, *b;

	assert_string_equal(str_at(d, "bomFormat"), "CycloneDX");
	assert_string_equal(str_at(d, "specVersion"), "1.6");
	assert_string_not_equal(str_at(d, "serialNumber"), fx->sbom->serial);
	assert_int_equal(int_at(d, "version"), 1);
	assert_int_equal(json_array_size(at(d, "components")), 5);
	assert_non_null(strstr(fx->docs[1], "\"vigil\""));
	/* V1, V2 on two components, V2 on the VEX-covered one */
	assert_int_equal(json_array_size(vulns), 3);

	v1 = vdr_entry_for(vulns, "c-openssl");
	assert_string_equal(str_at(v1, "id"), V1);
	assert_string_equal(str_at(v1, "source.name"), "NVD");
	assert_string_equal(str_at(v1, "source.url"), "https://nvd.nist.gov/vuln/detail/" V1);
	assert_string_equal(str_at(v1, "references.0.id"), "DSA-5600-1");
	assert_string_equal(str_at(v1, "references.0.source.url"),
			    "https://security-tracker.debian.org/tracker/DSA-5600-1");
	assert_int_equal(json_array_size(at(v1, "ratings")), 1);
	assert_string_equal(str_at(v1, "ratings.0.method"), "CVSSv31");
	assert_string_equal(str_at(v1, "ratings.0.severity"), "critical");
	assert_float_equal(num_at(v1, "ratings.0.score"), 9.8, 1e-9);
	assert_string_equal(str_at(v1, "ratings.0.source.name"), "nvd");
	assert_string_equal(str_at(v1, "description"), "Remote code execution in the TLS handshake");
	assert_string_equal(str_at(v1, "recommendation"), "Upgrade openssl to 3.0.13-1~deb12u1");
	assert_string_equal(str_at(v1, "affects.0.versions.0.version"), "3.0.11-1~deb12u2");
	assert_string_equal(str_at(v1, "affects.0.versions.0.status"), "affected");
	assert_string_equal(str_at(v1, "affects.0.versions.1.status"), "unaffected");
	assert_null(at(v1, "analysis"));
	props = at(v1, "properties");
	assert_string_equal(str_at(find_by(props, "name", "vigil:kev:date-added"), "value"),
			    "2024-02-01");
	assert_string_equal(str_at(find_by(props, "name", "vigil:kev:required-action"), "value"),
			    "Apply mitigations per vendor instructions.");
	assert_string_equal(str_at(find_by(props, "name", "vigil:epss:score"), "value"), "0.97");
	assert_string_equal(str_at(find_by(props, "name", "vigil:epss:percentile"), "value"),
			    "0.999");

	v2 = vdr_entry_for(vulns, "c-requests");
	assert_ptr_equal(vdr_entry_for(vulns, "c-requests-old"), v2); /* grouped */
	assert_int_equal(json_array_size(at(v2, "affects")), 2);
	assert_string_equal(str_at(v2, "references.0.id"), V2_GHSA);
	assert_string_equal(str_at(v2, "references.0.source.url"),
			    "https://github.com/advisories/" V2_GHSA);
	assert_int_equal(json_array_size(at(v2, "ratings")), 2); /* distinct vectors */
	assert_non_null(find_by(at(v2, "ratings"), "method", "CVSSv4"));
	assert_non_null(find_by(at(v2, "ratings"), "method", "CVSSv31"));
	assert_string_equal(str_at(v2, "recommendation"), "Upgrade requests to 2.31.1");
	assert_null(at(v2, "properties"));

	sup = vdr_entry_for(vulns, "c-vendored");
	assert_ptr_not_equal(sup, v2);
	assert_string_equal(str_at(sup, "id"), V2);
	assert_int_equal(json_array_size(at(sup, "affects")), 1);
	assert_string_equal(str_at(sup, "analysis.state"), "not_affected");
	assert_string_equal(str_at(sup, "analysis.justification"), "code_not_reachable");
	assert_non_null(strstr(str_at(sup, "analysis.detail"), "never sends proxy requests"));
	assert_string_equal(str_at(sup, "affects.0.versions.0.status"), "unaffected");
	/* bom-refs are unique across components and vulnerabilities */
	a = (char *)str_at(v2, "bom-ref");
	b = (char *)str_at(sup, "bom-ref");
	assert_string_not_equal(a, b);
}

/* ---- SARIF ---- */

static void test_sarif(void **state)
{
	fixture *fx = *state;
	json_t *s = fx->sarif, *run = at(s, "runs.0"), *rules, *results, *r0, *sup;
	size_t i;
	json_t *res;

	assert_string_equal(str_at(s, "version"), "2.1.0");
	assert_string_equal(str_at(run, "tool.driver.name"), "vigil");
	assert_string_equal(str_at(run, "tool.driver.version"), VIGIL_VERSION);
	rules = at(run, "tool.driver.rules");
	assert_int_equal(json_array_size(rules), 2);
	assert_string_equal(str_at(rules, "0.id"), V1);
	assert_string_equal(str_at(rules, "0.properties.security-severity"), "9.8");
	assert_string_equal(str_at(rules, "0.help.text"), "Fixed in 3.0.13-1~deb12u1.");
	assert_string_equal(str_at(rules, "0.helpUri"), "https://nvd.nist.gov/vuln/detail/" V1);
	assert_string_equal(str_at(rules, "0.shortDescription.text"),
			    "Remote code execution in the TLS handshake");
	assert_string_equal(str_at(rules, "1.id"), V2);
	assert_string_equal(str_at(rules, "1.properties.security-severity"), "5.3");
	assert_string_equal(str_at(rules, "1.properties.tags.2"), "medium");

	results = at(run, "results");
	assert_int_equal(json_array_size(results), 4);
	r0 = at(results, "0");
	assert_string_equal(str_at(r0, "ruleId"), V1);
	assert_int_equal(int_at(r0, "ruleIndex"), 0);
	assert_string_equal(str_at(r0, "level"), "error");
	assert_string_equal(str_at(r0, "locations.0.physicalLocation.artifactLocation.uri"),
			    "out%20dir/sbom.cdx.json");
	assert_string_equal(str_at(r0, "locations.0.logicalLocations.0.fullyQualifiedName"),
			    "pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64&distro=debian-12");
	assert_non_null(strstr(str_at(r0, "message.text"), "openssl 3.0.11-1~deb12u2"));
	assert_non_null(strstr(str_at(r0, "partialFingerprints.vigilFinding/v1"), V1));
	assert_string_equal(str_at(r0, "properties.confidence"), "high");
	assert_null(at(r0, "suppressions"));
	json_array_foreach(results, i, res) {
		if (i > 0) {
			assert_string_equal(str_at(res, "level"), "warning");
			assert_int_equal(int_at(res, "ruleIndex"), 1);
		}
	}
	sup = at(results, "3");
	assert_string_equal(str_at(sup, "locations.0.logicalLocations.0.fullyQualifiedName"),
			    "pkg:pypi/requests@2.20.0");
	assert_string_equal(str_at(sup, "suppressions.0.kind"), "external");
	assert_non_null(strstr(str_at(sup, "suppressions.0.justification"),
			       "vulnerable_code_not_in_execute_path"));
	/* fingerprints tell the findings apart */
	assert_string_not_equal(str_at(results, "1.partialFingerprints.vigilFinding/v1"),
				str_at(results, "2.partialFingerprints.vigilFinding/v1"));
}

/* ---- hostile values ---- */

static void test_invalid_utf8(void **state)
{
	fixture *fx = *state;
	char *out = NULL, *saved = fx->result.findings[2].installed_version;

	fx->result.findings[2].installed_version = (char *)"2.25.0-\xff";
	assert_int_equal(vg_scan_write_json(&fx->result, fx->sbom, &out), VG_EINVAL);
	assert_null(out);
	assert_non_null(strstr(vg_error_message(), "$.findings[2]"));
	assert_int_equal(vg_scan_write_vdr(&fx->result, fx->sbom, &out), VG_EINVAL);
	assert_null(out);
	assert_non_null(strstr(vg_error_message(), "c-requests-old"));
	assert_int_equal(vg_scan_write_sarif(&fx->result, fx->sbom, "x", &out), VG_EINVAL);
	assert_null(out);
	fx->result.findings[2].installed_version = saved;
}

static void test_empty_result(void **state)
{
	fixture *fx = *state;
	vg_scan_result empty = { 0 };
	json_t *d;
	char *out;

	assert_int_equal(vg_scan_write_json(&empty, fx->sbom, &out), VG_OK);
	d = parse(out);
	assert_int_equal(int_at(d, "summary.findings"), 0);
	assert_int_equal(json_array_size(at(d, "findings")), 0);
	json_decref(d);
	free(out);
	assert_int_equal(vg_scan_write_vdr(&empty, fx->sbom, &out), VG_OK);
	d = parse(out);
	assert_true(json_is_array(at(d, "vulnerabilities")));
	assert_int_equal(json_array_size(at(d, "vulnerabilities")), 0);
	json_decref(d);
	free(out);
	assert_int_equal(vg_scan_write_sarif(&empty, fx->sbom, NULL, &out), VG_OK);
	d = parse(out);
	assert_int_equal(json_array_size(at(d, "runs.0.results")), 0);
	json_decref(d);
	free(out);
}

/* A report large enough to be written on two threads is the text a dump of
 * the whole tree gives, and a bad finding in the second half is named. */
static void test_json_large(void **state)
{
	fixture *fx = *state;
	vg_scan_result big = { 0 };
	char id[32], *out = NULL, *whole;
	vg_finding *f;
	json_t *d;
	int i;

	for (i = 0; i < 1000; i++) {
		snprintf(id, sizeof(id), "CVE-2099-%04d", i);
		f = add_finding(&big, id, "c-openssl", "openssl", "3.0.2", NULL);
		f->summary = vg_strdup(i % 2 ? "line one\nline \"two\"" : "plain");
		assert_int_equal(vg_strlist_add(&f->aliases, id), VG_OK);
	}
	assert_int_equal(vg_scan_write_json(&big, fx->sbom, &out), VG_OK);
	d = parse(out);
	assert_int_equal(json_array_size(at(d, "findings")), 1000);
	assert_string_equal(str_at(d, "findings.999.id"), "CVE-2099-0999");
	whole = vg_json_dump(d);
	assert_string_equal(out, whole);
	free(whole);
	free(out);
	json_decref(d);
	f = &big.findings[900];
	free(f->installed_version);
	f->installed_version = vg_strdup("3.0.2-\xff");
	assert_int_equal(vg_scan_write_json(&big, fx->sbom, &out), VG_EINVAL);
	assert_non_null(strstr(vg_error_message(), "$.findings[900] (CVE-2099-0900 on c-openssl)"));
	vg_scan_result_free(&big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_severity_names),
		cmocka_unit_test(test_sort_exploited_first),
		cmocka_unit_test_setup_teardown(test_sort_and_fails, setup, teardown),
		cmocka_unit_test_setup_teardown(test_json, setup, teardown),
		cmocka_unit_test_setup_teardown(test_json_large, setup, teardown),
		cmocka_unit_test_setup_teardown(test_vdr, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sarif, setup, teardown),
		cmocka_unit_test_setup_teardown(test_invalid_utf8, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_result, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
