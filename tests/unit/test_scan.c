/*
 * test_scan.c - the matchers of vg_scan() on hand-written feed records,
 * imported through the real importers: OSV ranges per ecosystem (PyPI's
 * case-folded names, Go, versions lists), NVD configurations (bounds,
 * AND with a vulnerable:false platform, negation), distro statuses, VEX,
 * and what is reported when something cannot be checked.
 */
#include "testutil.h"
#include "vigil/error.h"
#include "vigil/scan.h"
#include "vigil/sbom.h"
#include "vigil/vex.h"
#include "vigil/vulndb.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

static const char osv_django[] =
	"{\"id\": \"GHSA-aaaa-bbbb-cccc\", \"modified\": \"2024-01-01T00:00:00Z\","
	" \"aliases\": [\"CVE-2099-0001\"], \"summary\": \"SQL injection in Django\","
	" \"severity\": [{\"type\": \"CVSS_V3\","
	"   \"score\": \"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\"}],"
	" \"affected\": [{\"package\": {\"ecosystem\": \"PyPI\", \"name\": \"Django\"},"
	"   \"ranges\": [{\"type\": \"ECOSYSTEM\", \"events\": [{\"introduced\": \"3.0\"},"
	"   {\"fixed\": \"3.2.5\"}, {\"introduced\": \"4.0\"}, {\"fixed\": \"4.0.2\"}]}]}]}";

static const char osv_go[] =
	"{\"id\": \"GO-2099-0002\", \"modified\": \"2024-01-01T00:00:00Z\","
	" \"aliases\": [\"CVE-2099-0002\"],"
	" \"affected\": [{\"package\": {\"ecosystem\": \"Go\", \"name\": \"golang.org/x/net\"},"
	"   \"ranges\": [{\"type\": \"SEMVER\", \"events\": [{\"introduced\": \"0\"},"
	"   {\"fixed\": \"0.7.0\"}]}]}]}";

/* Every version affected, no fix yet. */
static const char osv_nofix[] =
	"{\"id\": \"PYSEC-2099-3\", \"modified\": \"2024-01-01T00:00:00Z\","
	" \"affected\": [{\"package\": {\"ecosystem\": \"PyPI\", \"name\": \"flask\"},"
	"   \"ranges\": [{\"type\": \"ECOSYSTEM\", \"events\": [{\"introduced\": \"0\"}]}]}]}";

/* npm's scheme is strict: the installed version below cannot be ordered. */
static const char osv_npm[] =
	"{\"id\": \"GHSA-npm0-npm0-npm0\", \"modified\": \"2024-01-01T00:00:00Z\","
	" \"affected\": [{\"package\": {\"ecosystem\": \"npm\", \"name\": \"left-pad\"},"
	"   \"versions\": [\"1.0.0\"],"
	"   \"ranges\": [{\"type\": \"SEMVER\", \"events\": [{\"introduced\": \"0\"},"
	"   {\"fixed\": \"1.3.0\"}]}]}]}";

#define CPE(v, p, x) "cpe:2.3:" v ":" p ":" x ":*:*:*:*:*:*:*"
#define NVD_ITEM(id, configs)                                                             \
	"{\"cve\": {\"id\": \"" id "\", \"published\": \"2024-01-01T00:00:00.000\","        \
	" \"lastModified\": \"2024-01-02T00:00:00.000\","                                   \
	" \"descriptions\": [{\"lang\": \"en\", \"value\": \"test " id "\"}],"              \
	" \"configurations\": [" configs "]}}"

static const char nvd[] =
	"{\"format\": \"NVD_CVE\", \"version\": \"2.0\", \"vulnerabilities\": ["
	/* openssl 3.0.0 <= v < 3.0.7 */
	NVD_ITEM("CVE-2099-1000",
		 "{\"nodes\": [{\"operator\": \"OR\", \"negate\": false, \"cpeMatch\": ["
		 "{\"vulnerable\": true, \"criteria\": \"" CPE("a", "openssl", "openssl:*") "\","
		 " \"versionStartIncluding\": \"3.0.0\", \"versionEndExcluding\": \"3.0.7\"}]}]}")
	","
	/* acme firmware < 2.0, only on the acme router hardware */
	NVD_ITEM("CVE-2099-1001",
		 "{\"operator\": \"AND\", \"nodes\": ["
		 "{\"operator\": \"OR\", \"negate\": false, \"cpeMatch\": [{\"vulnerable\": true,"
		 " \"criteria\": \"" CPE("o", "acme", "router_firmware:*") "\","
		 " \"versionEndExcluding\": \"2.0\"}]},"
		 "{\"operator\": \"OR\", \"negate\": false, \"cpeMatch\": [{\"vulnerable\": false,"
		 " \"criteria\": \"" CPE("h", "acme", "router:-") "\"}]}]}")
	","
	/* busybox, every version, unless the acme router is present (negated node) */
	NVD_ITEM("CVE-2099-1002",
		 "{\"operator\": \"AND\", \"nodes\": ["
		 "{\"operator\": \"OR\", \"negate\": false, \"cpeMatch\": [{\"vulnerable\": true,"
		 " \"criteria\": \"" CPE("a", "busybox", "busybox:*") "\"}]},"
		 "{\"operator\": \"OR\", \"negate\": true, \"cpeMatch\": [{\"vulnerable\": false,"
		 " \"criteria\": \"" CPE("h", "acme", "router:-") "\"}]}]}")
	","
	/* curl: every version (nobody worked out which), and, in a second
	 * configuration, versions before 8.0 */
	NVD_ITEM("CVE-2099-1003",
		 "{\"nodes\": [{\"operator\": \"OR\", \"negate\": false, \"cpeMatch\": ["
		 "{\"vulnerable\": true, \"criteria\": \"" CPE("a", "haxx", "curl:*") "\"}]}]},"
		 "{\"nodes\": [{\"operator\": \"OR\", \"negate\": false, \"cpeMatch\": ["
		 "{\"vulnerable\": true, \"criteria\": \"" CPE("a", "haxx", "curl:*") "\","
		 " \"versionEndExcluding\": \"8.0\"}]}]}")
	"]}";

static vg_vulndb *db;

static void import_text(const char *dir, const char *name, const char *text)
{
	vg_import_report report = { 0 };

	if (vg_vulndb_import(db, vg_test_write_file(dir, name, text), NULL, &report) != VG_OK)
		fail_msg("%s: %s", name, vg_error_message());
	assert_int_equal(report.failed, 0);
	vg_import_report_free(&report);
}

static int setup(void **state)
{
	const char *dir = vg_test_tmpdir("scan");

	(void)state;
	db = vg_test_vulndb("scan", NULL);
	import_text(dir, "django.json", osv_django);
	import_text(dir, "go.json", osv_go);
	import_text(dir, "npm.json", osv_npm);
	import_text(dir, "nofix.json", osv_nofix);
	import_text(dir, "nvd.json", nvd);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	vg_vulndb_close(db);
	return 0;
}

static vg_component *add(vg_sbom *s, const char *ref, const char *name, const char *version,
			 const char *purl, const char *cpe)
{
	vg_component *c = vg_sbom_add_component(s, ref);

	assert_non_null(c);
	c->name = strdup(name);
	c->version = version ? strdup(version) : NULL;
	c->purl = purl ? strdup(purl) : NULL;
	if (cpe)
		assert_int_equal(vg_strlist_add(&c->cpes, cpe), VG_OK);
	return c;
}

static const vg_finding *find(const vg_scan_result *r, const char *vuln, const char *ref)
{
	size_t i;

	for (i = 0; i < r->count; i++)
		if (!strcmp(r->findings[i].vuln, vuln) && !strcmp(r->findings[i].component_ref, ref))
			return &r->findings[i];
	return NULL;
}

static bool warned(const vg_scan_result *r, const char *text)
{
	size_t i;

	for (i = 0; i < r->warnings.count; i++)
		if (strstr(r->warnings.items[i], text))
			return true;
	return false;
}

static void scan(const vg_sbom *s, const vg_vex *vex, vg_scan_result *r)
{
	vg_scan_options o = { .vex = vex };

	if (vg_scan(db, s, &o, r) != VG_OK)
		fail_msg("%s", vg_error_message());
}

static void test_osv_ranges(void **state)
{
	vg_sbom *s = vg_sbom_new();
	vg_scan_result r;
	const vg_finding *f;

	(void)state;
	add(s, "django-31", "django", "3.1.0", "pkg:pypi/django@3.1.0", NULL);
	add(s, "django-401", "Django", "4.0.1", "pkg:pypi/Django@4.0.1", NULL);
	add(s, "django-325", "django", "3.2.5", "pkg:pypi/django@3.2.5", NULL);
	add(s, "net", "golang.org/x/net", "v0.6.0", "pkg:golang/golang.org/x/net@v0.6.0", NULL);
	add(s, "net-ok", "golang.org/x/net", "v0.7.0", "pkg:golang/golang.org/x/net@v0.7.0", NULL);
	scan(s, NULL, &r);
	/* "Django" in the feed, "django" in the purl: PyPI names fold case */
	f = find(&r, "CVE-2099-0001", "django-31");
	assert_non_null(f);
	assert_int_equal(f->kind, VG_MATCH_OSV);
	assert_string_equal(f->source, "osv");
	assert_int_equal(f->confidence, VG_CONFIDENCE_HIGH);
	assert_string_equal(f->record_id, "GHSA-aaaa-bbbb-cccc");
	assert_string_equal(f->ecosystem, "PyPI");
	assert_string_equal(f->installed_version, "3.1.0");
	assert_int_equal(f->fixed.count, 2);
	assert_string_equal(f->fixed.items[0], "3.2.5");
	assert_int_equal(f->severity, VG_SEV_CRITICAL);
	assert_true(f->cvss_score > 9.7 && f->cvss_score < 9.9);
	assert_string_equal(f->summary, "SQL injection in Django");
	assert_true(vg_strlist_contains(&f->aliases, "GHSA-aaaa-bbbb-cccc"));
	assert_non_null(find(&r, "CVE-2099-0001", "django-401")); /* second range */
	assert_null(find(&r, "CVE-2099-0001", "django-325"));     /* fixed */
	f = find(&r, "CVE-2099-0002", "net");
	assert_non_null(f);
	assert_string_equal(f->fixed.items[0], "0.7.0");
	assert_null(find(&r, "CVE-2099-0002", "net-ok"));
	assert_int_equal(r.count, 3);
	assert_int_equal(r.matched_components, 5);
	vg_scan_result_free(&r);
	vg_sbom_free(s);
}

static void test_unorderable_version_is_a_warning(void **state)
{
	vg_sbom *s = vg_sbom_new();
	vg_scan_result r;

	(void)state;
	add(s, "pad", "left-pad", "1.0.0", "pkg:npm/left-pad@1.0.0", NULL);
	add(s, "pad-bad", "left-pad", "latest", "pkg:npm/left-pad@latest", NULL);
	add(s, "nothing", "mystery", "1", NULL, NULL);
	scan(s, NULL, &r);
	assert_non_null(find(&r, "GHSA-npm0-npm0-npm0", "pad")); /* listed version */
	assert_null(find(&r, "GHSA-npm0-npm0-npm0", "pad-bad"));
	assert_true(warned(&r, "GHSA-npm0-npm0-npm0"));
	assert_true(warned(&r, "1 component has neither a purl nor a CPE"));
	vg_scan_result_free(&r);
	vg_sbom_free(s);
}

static void test_cpe_bounds(void **state)
{
	vg_sbom *s = vg_sbom_new();
	vg_scan_result r;
	const vg_finding *f;

	(void)state;
	add(s, "ssl-305", "openssl", "3.0.5", "pkg:generic/openssl@3.0.5",
	    CPE("a", "openssl", "openssl:3.0.5"));
	add(s, "ssl-307", "openssl", "3.0.7", NULL, CPE("a", "openssl", "openssl:3.0.7"));
	add(s, "ssl-111", "openssl", "1.1.1w", NULL, CPE("a", "openssl", "openssl:1.1.1w"));
	scan(s, NULL, &r);
	f = find(&r, "CVE-2099-1000", "ssl-305");
	assert_non_null(f);
	assert_int_equal(f->kind, VG_MATCH_CPE);
	assert_int_equal(f->confidence, VG_CONFIDENCE_MEDIUM);
	assert_string_equal(f->source, "nvd");
	assert_non_null(strstr(f->matched, ">= 3.0.0, < 3.0.7"));
	assert_string_equal(f->fixed.items[0], "3.0.7");
	assert_null(find(&r, "CVE-2099-1000", "ssl-307"));
	assert_null(find(&r, "CVE-2099-1000", "ssl-111"));
	assert_int_equal(r.count, 1);
	vg_scan_result_free(&r);
	vg_sbom_free(s);
}

static void test_cpe_platform_and_negation(void **state)
{
	vg_sbom *s = vg_sbom_new();
	vg_scan_result r;
	const vg_finding *f;

	(void)state;
	/* firmware alone: the AND configuration needs the acme router too */
	add(s, "fw", "router firmware", "1.5", NULL, CPE("o", "acme", "router_firmware:1.5"));
	add(s, "bb", "busybox", "1.36.1", NULL, CPE("a", "busybox", "busybox:1.36.1"));
	scan(s, NULL, &r);
	assert_null(find(&r, "CVE-2099-1001", "fw"));
	f = find(&r, "CVE-2099-1002", "bb"); /* negated node: no router, holds */
	assert_non_null(f);
	/* every busybox: the version decided nothing, only the names matched */
	assert_int_equal(f->confidence, VG_CONFIDENCE_LOW);
	vg_scan_result_free(&r);

	/* with the hardware: the firmware is affected, the hardware (vulnerable:
	 * false) is never a finding, and the negated node now fails */
	add(s, "hw", "acme router", NULL, NULL, CPE("h", "acme", "router:-"));
	scan(s, NULL, &r);
	f = find(&r, "CVE-2099-1001", "fw");
	assert_non_null(f);
	assert_int_equal(f->confidence, VG_CONFIDENCE_MEDIUM); /* within its bounds */
	assert_non_null(strstr(f->matched, "2 nodes"));
	assert_null(find(&r, "CVE-2099-1001", "hw"));
	assert_null(find(&r, "CVE-2099-1002", "bb"));
	assert_int_equal(r.count, 1);
	vg_scan_result_free(&r);
	vg_sbom_free(s);
}

/* One finding per vulnerability, as sure as the surest record that matched. */
static void test_cpe_confidence_of_merged_configurations(void **state)
{
	vg_sbom *s = vg_sbom_new();
	vg_scan_result r;
	const vg_finding *f;

	(void)state;
	add(s, "curl-7", "curl", "7.88.1", NULL, CPE("a", "haxx", "curl:7.88.1"));
	add(s, "curl-8", "curl", "8.4.0", NULL, CPE("a", "haxx", "curl:8.4.0"));
	add(s, "curl-any", "curl", NULL, NULL, CPE("a", "haxx", "curl:*"));
	scan(s, NULL, &r);
	f = find(&r, "CVE-2099-1003", "curl-7"); /* both configurations */
	assert_non_null(f);
	assert_int_equal(f->confidence, VG_CONFIDENCE_MEDIUM);
	assert_non_null(strstr(f->matched, "< 8.0")); /* the surer configuration's evidence */
	assert_string_equal(f->fixed.items[0], "8.0");
	f = find(&r, "CVE-2099-1003", "curl-8"); /* the every-version one alone */
	assert_non_null(f);
	assert_int_equal(f->confidence, VG_CONFIDENCE_LOW);
	f = find(&r, "CVE-2099-1003", "curl-any"); /* no version: only every-version entries */
	assert_non_null(f);
	assert_int_equal(f->confidence, VG_CONFIDENCE_LOW);
	assert_int_equal(r.count, 3);
	vg_scan_result_free(&r);
	vg_sbom_free(s);
}

/* A CycloneDX SBOM whose django carries a backported fix for CVE-2099-0001 in
 * its pedigree: the scan of that SBOM, with the statements it makes itself,
 * keeps the finding but suppresses it as fixed, naming the patch. */
static const char patched_sbom[] =
	"{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.6\", \"version\": 1,"
	" \"metadata\": {\"timestamp\": \"2024-05-01T00:00:00Z\"},"
	" \"components\": ["
	"  {\"type\": \"library\", \"bom-ref\": \"django-31\", \"name\": \"django\","
	"   \"version\": \"3.1.0\", \"purl\": \"pkg:pypi/django@3.1.0\","
	"   \"pedigree\": {\"patches\": [{\"type\": \"backport\","
	"     \"diff\": {\"url\": \"patches/CVE-2099-0001.patch\"},"
	"     \"resolves\": [{\"type\": \"defect\", \"id\": \"BUG-1\"},"
	"                    {\"type\": \"security\", \"id\": \"CVE-2099-0001\"}]}]}},"
	"  {\"type\": \"library\", \"bom-ref\": \"net\", \"name\": \"golang.org/x/net\","
	"   \"version\": \"v0.6.0\", \"purl\": \"pkg:golang/golang.org/x/net@v0.6.0\"}]}";

static void test_sbom_patches_suppress(void **state)
{
	vg_sbom *s = NULL;
	vg_vex *vex = vg_vex_new();
	vg_scan_result r;
	const vg_finding *f;
	size_t added;

	(void)state;
	assert_int_equal(vg_sbom_parse(patched_sbom, strlen(patched_sbom), "p.json", &s), VG_OK);
	assert_int_equal(vg_vex_parse_sbom(vex, patched_sbom, strlen(patched_sbom), "p.json",
					   &added), VG_OK);
	assert_int_equal(added, 1); /* the defect is no vulnerability */
	scan(s, vex, &r);
	f = find(&r, "CVE-2099-0001", "django-31");
	assert_non_null(f);
	assert_true(f->suppressed);
	assert_int_equal(f->vex->status, VG_VEX_FIXED);
	assert_string_equal(f->vex->impact, "patched in the component's pedigree (backport patch, "
					     "patches/CVE-2099-0001.patch)");
	assert_string_equal(f->vex->origin,
			    "p.json: $.components[0].pedigree.patches[0].resolves[1]");
	assert_string_equal(f->vex->timestamp, "2024-05-01T00:00:00Z");
	assert_false(find(&r, "CVE-2099-0002", "net")->suppressed);
	vg_scan_result_free(&r);
	vg_sbom_free(s);
	vg_vex_free(vex);
}

/* Yocto's SPDX 3 way of saying the same: a VexFixed relationship from the CVE
 * to the package its recipe patched, which carries only a CPE. */
static void test_spdx3_sbom_patches_suppress(void **state)
{
	static const char yocto[] =
		"{\"@context\": \"https://spdx.org/rdf/3.0.1/spdx-context.jsonld\", \"@graph\": ["
		" {\"type\": \"CreationInfo\", \"@id\": \"_:ci\", \"specVersion\": \"3.0.1\","
		"  \"created\": \"2024-05-14T09:12:44Z\", \"createdBy\": [\"urn:oe\"]},"
		" {\"type\": \"SpdxDocument\", \"spdxId\": \"urn:doc\", \"creationInfo\": \"_:ci\","
		"  \"rootElement\": [\"urn:pkg:openssl\"]},"
		" {\"type\": \"software_Package\", \"spdxId\": \"urn:pkg:openssl\", \"creationInfo\": \"_:ci\","
		"  \"name\": \"openssl\", \"software_packageVersion\": \"3.0.5\", \"externalIdentifier\": ["
		"  {\"type\": \"ExternalIdentifier\", \"externalIdentifierType\": \"cpe23\","
		"   \"identifier\": \"cpe:2.3:a:openssl:openssl:3.0.5:*:*:*:*:*:*:*\"}]},"
		" {\"type\": \"security_Vulnerability\", \"spdxId\": \"urn:vuln:1000\", \"creationInfo\": \"_:ci\","
		"  \"externalIdentifier\": [{\"type\": \"ExternalIdentifier\", \"externalIdentifierType\": \"cve\","
		"   \"identifier\": \"CVE-2099-1000\"}]},"
		" {\"type\": \"security_VexFixedVulnAssessmentRelationship\", \"spdxId\": \"urn:vex:1\","
		"  \"creationInfo\": \"_:ci\", \"relationshipType\": \"fixedIn\", \"from\": \"urn:vuln:1000\","
		"  \"to\": [\"urn:pkg:openssl\"]}]}";
	vg_sbom *s = NULL;
	vg_vex *vex = vg_vex_new();
	vg_scan_result r;
	const vg_finding *f;
	size_t added;

	(void)state;
	assert_int_equal(vg_sbom_parse(yocto, strlen(yocto), "y.spdx.json", &s), VG_OK);
	assert_int_equal(vg_vex_parse_sbom(vex, yocto, strlen(yocto), "y.spdx.json", &added), VG_OK);
	assert_int_equal(added, 1);
	scan(s, vex, &r);
	f = find(&r, "CVE-2099-1000", "urn:pkg:openssl");
	assert_non_null(f);
	assert_true(f->suppressed);
	assert_int_equal(f->vex->format, VG_VEX_SPDX3);
	assert_int_equal(f->vex->status, VG_VEX_FIXED);
	vg_scan_result_free(&r);
	vg_sbom_free(s);
	vg_vex_free(vex);
}

/* What an SBOM states about itself is read only when it states something,
 * and a malformed statement is refused whole, naming where it is. */
static void test_sbom_statements_read(void **state)
{
	static const char plain[] = "{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.6\","
				    " \"components\": [{\"type\": \"library\", \"name\": \"x\"}]}";
	static const char spdx2[] = "SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\n"
				    "PackageComment: \"analysis\"\n";
	static const char bad[] =
		"{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.6\", \"components\": ["
		" {\"type\": \"library\", \"bom-ref\": \"a\", \"name\": \"a\", \"pedigree\":"
		"  {\"patches\": [{\"type\": \"backport\", \"resolves\": {\"id\": \"CVE-1\"}}]}}],"
		" \"vulnerabilities\": [{\"id\": \"CVE-2\", \"analysis\": {\"state\": \"resolved\"},"
		"  \"affects\": [{\"ref\": \"a\"}]}]}";
	vg_vex *vex = vg_vex_new();
	size_t added = 99;

	(void)state;
	assert_int_equal(vg_vex_parse_sbom(vex, plain, strlen(plain), "plain.json", &added), VG_OK);
	assert_int_equal(added, 0);
	assert_int_equal(vg_vex_parse_sbom(vex, spdx2, strlen(spdx2), "t.spdx", &added), VG_OK);
	assert_int_equal(added, 0);
	assert_int_equal(vg_vex_parse_sbom(vex, bad, strlen(bad), "bad.json", &added), VG_EPARSE);
	assert_non_null(strstr(vg_error_message(),
			       "bad.json: $.components[0].pedigree.patches[0].resolves"));
	assert_int_equal(vex->count, 0); /* CVE-2 was fine, but nothing is kept */
	vg_vex_free(vex);
}

static void test_vex_suppresses(void **state)
{
	static const char openvex[] =
		"{\"@context\": \"https://openvex.dev/ns/v0.2.0\", \"@id\": \"x\","
		" \"author\": \"t\", \"timestamp\": \"2024-01-01T00:00:00Z\", \"version\": 1,"
		" \"statements\": [{\"vulnerability\": {\"name\": \"CVE-2099-0001\"},"
		" \"products\": [{\"@id\": \"pkg:pypi/django\"}], \"status\": \"not_affected\","
		" \"justification\": \"vulnerable_code_not_present\"}]}";
	vg_sbom *s = vg_sbom_new();
	vg_vex *vex = vg_vex_new();
	vg_scan_result r;
	const vg_finding *f;

	(void)state;
	assert_int_equal(vg_vex_parse(vex, openvex, strlen(openvex), "t.json"), VG_OK);
	add(s, "django-31", "django", "3.1.0", "pkg:pypi/django@3.1.0", NULL);
	add(s, "net", "golang.org/x/net", "v0.6.0", "pkg:golang/golang.org/x/net@v0.6.0", NULL);
	scan(s, vex, &r);
	f = find(&r, "CVE-2099-0001", "django-31");
	assert_non_null(f);
	assert_true(f->suppressed);
	assert_non_null(f->vex);
	assert_string_equal(f->vex->justification, "vulnerable_code_not_present");
	assert_false(find(&r, "CVE-2099-0002", "net")->suppressed);
	assert_int_equal(vg_scan_result_fails(&r, VG_SEV_CRITICAL, false), 0);
	assert_int_equal(vg_scan_result_fails(&r, VG_SEV_UNKNOWN, false), 1);
	vg_scan_result_free(&r);
	vg_sbom_free(s);
	vg_vex_free(vex);
}

static void test_distro_release_not_covered(void **state)
{
	vg_sbom *s = vg_sbom_new();
	vg_scan_result r;

	(void)state;
	add(s, "deb", "libc6", "2.36-9", "pkg:deb/debian/libc6@2.36-9?distro=debian-12", NULL);
	add(s, "deb-nodistro", "zlib1g", "1.2", "pkg:deb/debian/zlib1g@1.2", NULL);
	scan(s, NULL, &r);
	assert_int_equal(r.count, 0);
	assert_true(warned(&r, "Debian:12: the database has no data for this release; 1 package"));
	assert_true(warned(&r, "no distro qualifier"));
	vg_scan_result_free(&r);
	vg_sbom_free(s);
}

/* only_fixed leaves out what has no fix yet, and says how many. */
static void test_only_fixed(void **state)
{
	vg_sbom *s = vg_sbom_new();
	vg_scan_options all = { .only_fixed = false }, fixed = { .only_fixed = true };
	vg_scan_result r;

	(void)state;
	add(s, "flask", "flask", "2.0", "pkg:pypi/flask@2.0", NULL);
	add(s, "django", "django", "3.1.0", "pkg:pypi/django@3.1.0", NULL);
	assert_int_equal(vg_scan(db, s, &all, &r), VG_OK);
	assert_int_equal(r.count, 2);
	assert_non_null(find(&r, "PYSEC-2099-3", "flask"));
	assert_int_equal(r.omitted_unfixed, 0);
	vg_scan_result_free(&r);
	assert_int_equal(vg_scan(db, s, &fixed, &r), VG_OK);
	assert_int_equal(r.count, 1);
	assert_non_null(find(&r, "CVE-2099-0001", "django"));
	assert_int_equal(r.omitted_unfixed, 1);
	vg_scan_result_free(&r);
	vg_sbom_free(s);
}

/* Data older than the scan accepts is a warning naming the source, unless
 * the check is off or the age allowed. */
static void test_old_data_is_a_warning(void **state)
{
	vg_sbom *s = vg_sbom_new();
	vg_scan_options dflt = { 0 }, off = { .max_age_days = -1 }, long_ago = { .max_age_days = 36500 };
	vg_scan_result r;
	char *json;

	(void)state;
	add(s, "django", "django", "3.1.0", "pkg:pypi/django@3.1.0", NULL);
	assert_int_equal(vg_scan(db, s, &dflt, &r), VG_OK);
	assert_false(warned(&r, "old (last updated"));
	vg_scan_result_free(&r);

	assert_int_equal(vg_vulndb_meta_set(db, "updated:osv", "2001-02-03T04:05:06Z"), VG_OK);
	assert_int_equal(vg_scan(db, s, &dflt, &r), VG_OK);
	assert_true(warned(&r, "the osv data is "));
	assert_true(warned(&r, " days old (last updated 2001-02-03T04:05:06Z): vulnerabilities "
			       "published since are not in this scan (run 'vigil db update')"));
	assert_false(warned(&r, "the nvd data"));
	assert_int_equal(r.count, 1); /* the findings are those of the data there is */
	/* and say what they are as of */
	assert_int_equal(r.update_count, 2);
	assert_string_equal(r.updates[0].source, "nvd");
	assert_string_equal(r.updates[1].source, "osv");
	assert_string_equal(r.updates[1].when, "2001-02-03T04:05:06Z");
	assert_int_equal(vg_scan_write_json(&r, s, &json), VG_OK);
	assert_non_null(strstr(json, "\"database\": {\n    \"updated\": {\n      \"nvd\": \"20"));
	assert_non_null(strstr(json, "\"osv\": \"2001-02-03T04:05:06Z\"\n    }\n  },\n  \"summary\""));
	free(json);
	vg_scan_result_free(&r);
	assert_int_equal(vg_scan(db, s, &off, &r), VG_OK);
	assert_false(warned(&r, "the osv data"));
	vg_scan_result_free(&r);
	assert_int_equal(vg_scan(db, s, &long_ago, &r), VG_OK);
	assert_false(warned(&r, "the osv data"));
	vg_scan_result_free(&r);

	assert_int_equal(vg_vulndb_mark_updated(db, "osv"), VG_OK);
	vg_sbom_free(s);
}

/* Two threads, each on its own connection, give the one-thread result:
 * the same findings with the same facts, warnings and counts. */
static void test_two_threads_same_result(void **state)
{
	static const char *const versions[] = { "3.1.0", "4.0.1", "3.2.5", "2.9" };
	vg_sbom *s = vg_sbom_new();
	vg_scan_options one = { .threads = 1 }, two = { .threads = 2 };
	vg_scan_result r1, r2;
	vg_vulndb *other = NULL;
	char ref[32], purl[96], cpe[96], *j1 = NULL, *j2 = NULL;
	int i;

	(void)state;
	for (i = 0; i < 300; i++) {
		snprintf(ref, sizeof(ref), "c%d", i);
		snprintf(purl, sizeof(purl), "pkg:pypi/django@%s", versions[i % 4]);
		snprintf(cpe, sizeof(cpe), CPE("a", "openssl", "openssl:3.0.%d"), i % 9);
		if (i == 1 || i == 3) {
			/* odd: the second thread's; the first of their kind, so the
			 * warnings' order and example must still be theirs */
			add(s, ref, "zlib1g", "1.2", i == 1 ? "pkg:deb/debian/zlib1g@1.2"
					: "pkg:deb/debian/libc6@2.31-13?distro=debian-11", NULL);
			continue;
		}
		switch (i % 6) {
		case 0: add(s, ref, "django", versions[i % 4], purl, NULL); break;
		case 1: add(s, ref, "golang.org/x/net", "v0.6.0",
			    "pkg:golang/golang.org/x/net@v0.6.0", NULL); break;
		case 2: add(s, ref, "openssl", NULL, NULL, cpe); break;
		case 3: add(s, ref, "left-pad", "latest", "pkg:npm/left-pad@latest", NULL); break;
		case 4: add(s, ref, "libc6", "2.36-9",
			    "pkg:deb/debian/libc6@2.36-9?distro=debian-12", NULL); break;
		default: add(s, ref, "mystery", "1", NULL, NULL); break;
		}
	}
	assert_int_equal(vg_vulndb_open_another(db, &other), VG_OK);
	vg_vulndb_close(other);
	assert_int_equal(vg_scan(db, s, &one, &r1), VG_OK);
	assert_int_equal(vg_scan(db, s, &two, &r2), VG_OK);
	assert_true(r1.count > 100);
	assert_int_equal(r1.count, r2.count);
	assert_int_equal(r1.matched_components, r2.matched_components);
	assert_true(warned(&r2, "Debian:12: the database has no data for this release; 50 packages"));
	assert_true(warned(&r2, "50 components have neither a purl nor a CPE"));
	assert_true(warned(&r2, "1 component was not checked: its purl has no distro qualifier"));
	assert_true(warned(&r2, "(e.g. c1)"));
	assert_true(strstr(r2.warnings.items[r2.warnings.count - 4], "Debian:11") != NULL);
	assert_int_equal(vg_scan_write_json(&r1, s, &j1), VG_OK);
	assert_int_equal(vg_scan_write_json(&r2, s, &j2), VG_OK);
	assert_string_equal(j1, j2);
	free(j1);
	free(j2);
	vg_scan_result_free(&r1);
	vg_scan_result_free(&r2);
	vg_sbom_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_osv_ranges),
		cmocka_unit_test(test_unorderable_version_is_a_warning),
		cmocka_unit_test(test_cpe_bounds),
		cmocka_unit_test(test_cpe_platform_and_negation),
		cmocka_unit_test(test_cpe_confidence_of_merged_configurations),
		cmocka_unit_test(test_vex_suppresses),
		cmocka_unit_test(test_sbom_patches_suppress),
		cmocka_unit_test(test_spdx3_sbom_patches_suppress),
		cmocka_unit_test(test_sbom_statements_read),
		cmocka_unit_test(test_distro_release_not_covered),
		cmocka_unit_test(test_only_fixed),
		cmocka_unit_test(test_old_data_is_a_warning),
		cmocka_unit_test(test_two_threads_same_result),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
