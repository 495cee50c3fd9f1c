/*
 * test_vex.c - VEX statements: the three readers on small hand-written
 * documents, vg_vex_find()'s matching rules, and hostile input.
 */
#include "testutil.h"

#include "vigil/error.h"
#include "vigil/sbom.h"
#include "vigil/vex.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A component built for matching; freed with the SBOM it lives in. */
static vg_component *component(vg_sbom *sbom, const char *ref, const char *purl,
			       const char *cpe, const char *version)
{
	vg_component *c = vg_sbom_add_component(sbom, ref);

	assert_non_null(c);
	c->name = strdup("x");
	c->purl = purl ? strdup(purl) : NULL;
	c->version = version ? strdup(version) : NULL;
	if (cpe)
		assert_int_equal(vg_strlist_add(&c->cpes, cpe), VG_OK);
	return c;
}

static vg_vex *load(const char *text, const char *name)
{
	vg_vex *vex = vg_vex_new();

	assert_non_null(vex);
	if (vg_vex_parse(vex, text, strlen(text), name) != VG_OK)
		fail_msg("%s", vg_error_message());
	return vex;
}

/* The status of the statement found, or -1. */
static int find_status(const vg_vex *vex, const char *id, const vg_component *c)
{
	const char *ids[] = { id };
	const vg_vex_statement *st = vg_vex_find(vex, ids, 1, c);

	return st ? (int)st->status : -1;
}

static const char OPENVEX[] =
	"{\"@context\": \"https://openvex.dev/ns/v0.2.0\", \"@id\": \"x\", \"author\": \"a\","
	" \"timestamp\": \"2024-01-01T00:00:00Z\", \"version\": 1, \"statements\": ["
	" {\"vulnerability\": {\"name\": \"GHSA-aaaa-bbbb-cccc\", \"aliases\": [\"CVE-2024-1\"]},"
	"  \"products\": [{\"@id\": \"pkg:deb/debian/openssl?arch=amd64\"}],"
	"  \"status\": \"not_affected\", \"justification\": \"vulnerable_code_not_present\","
	"  \"impact_statement\": \"not built\"},"
	" {\"vulnerability\": {\"@id\": \"https://x/CVE-2024-2\", \"name\": \"CVE-2024-2\"},"
	"  \"products\": [{\"@id\": \"pkg:oci/image@sha256%3Aab\", \"subcomponents\": ["
	"     {\"@id\": \"pkg:apk/alpine/libssl3@3.0.8-r3\"},"
	"     {\"identifiers\": {\"cpe23\": \"cpe:2.3:a:zlib:zlib:1.2.13:*:*:*:*:*:*:*\"}}]}],"
	"  \"status\": \"affected\", \"action_statement\": \"update\","
	"  \"timestamp\": \"2024-02-01T00:00:00Z\"}]}";

static void test_openvex_statements(void **state)
{
	vg_vex *vex = load(OPENVEX, "o.json");
	const vg_vex_statement *s;

	(void)state;
	assert_int_equal(vex->count, 2);
	s = &vex->statements[0];
	assert_string_equal(s->vulnerability, "GHSA-aaaa-bbbb-cccc");
	assert_int_equal(s->aliases.count, 1);
	assert_string_equal(s->aliases.items[0], "CVE-2024-1");
	assert_int_equal(s->status, VG_VEX_NOT_AFFECTED);
	assert_string_equal(s->justification, "vulnerable_code_not_present");
	assert_string_equal(s->impact, "not built");
	assert_string_equal(s->timestamp, "2024-01-01T00:00:00Z"); /* the document's */
	assert_string_equal(s->origin, "o.json: $.statements[0]");
	assert_int_equal(s->format, VG_VEX_OPENVEX);
	s = &vex->statements[1];
	assert_int_equal(s->status, VG_VEX_AFFECTED);
	assert_string_equal(s->action, "update");
	assert_string_equal(s->timestamp, "2024-02-01T00:00:00Z");
	/* the subcomponents, not the image, are the products */
	assert_int_equal(s->products.count, 2);
	assert_string_equal(s->products.items[0], "pkg:apk/alpine/libssl3@3.0.8-r3");
	assert_string_equal(s->products.items[1], "cpe:2.3:a:zlib:zlib:1.2.13:*:*:*:*:*:*:*");
	assert_int_equal(s->versions.count, 2);
	assert_string_equal(s->versions.items[0], "");
	vg_vex_free(vex);
}

static void test_openvex_find(void **state)
{
	vg_vex *vex = load(OPENVEX, "o.json");
	vg_sbom *sbom = vg_sbom_new();
	vg_component *any = component(sbom, "a", "pkg:deb/debian/openssl@3.0.11?arch=amd64&distro=bookworm", NULL, "3.0.11");
	vg_component *arm = component(sbom, "b", "pkg:deb/debian/openssl@3.0.11?arch=arm64", NULL, NULL);
	vg_component *noq = component(sbom, "c", "pkg:deb/debian/openssl@1.1.1", NULL, NULL);
	vg_component *ssl = component(sbom, "d", "pkg:apk/alpine/libssl3@3.0.8-r3", NULL, NULL);
	vg_component *ssl2 = component(sbom, "e", "pkg:apk/alpine/libssl3@3.0.9-r0", NULL, NULL);
	vg_component *z = component(sbom, "f", NULL, "cpe:2.3:a:zlib:zlib:1.2.13:*:*:*:*:*:*:*", NULL);
	vg_component *z2 = component(sbom, "g", NULL, "cpe:2.3:a:zlib:zlib:1.3:*:*:*:*:*:*:*", NULL);
	const char *both[] = { "CVE-2099-9", "cve-2024-1" };

	(void)state;
	/* versionless product purl: every version; its qualifiers must be in the component */
	assert_int_equal(find_status(vex, "CVE-2024-1", any), VG_VEX_NOT_AFFECTED);
	assert_int_equal(find_status(vex, "GHSA-aaaa-bbbb-cccc", any), VG_VEX_NOT_AFFECTED);
	assert_int_equal(find_status(vex, "CVE-2024-1", arm), -1);
	assert_int_equal(find_status(vex, "CVE-2024-1", noq), -1);
	assert_int_equal(find_status(vex, "CVE-2024-3", any), -1);
	/* asked by several ids, one of them an alias (case-insensitive) */
	assert_non_null(vg_vex_find(vex, both, 2, any));
	/* a versioned purl: that version only */
	assert_int_equal(find_status(vex, "CVE-2024-2", ssl), VG_VEX_AFFECTED);
	assert_int_equal(find_status(vex, "CVE-2024-2", ssl2), -1);
	/* CPE */
	assert_int_equal(find_status(vex, "CVE-2024-2", z), VG_VEX_AFFECTED);
	assert_int_equal(find_status(vex, "CVE-2024-2", z2), -1);
	vg_sbom_free(sbom);
	vg_vex_free(vex);
}

static const char OPENVEX_001[] =
	"{\"@context\": \"https://openvex.dev/ns\", \"@id\": \"x\", \"author\": \"a\","
	" \"statements\": [{\"vulnerability\": \"CVE-2023-1\","
	" \"products\": [\"pkg:apk/wolfi/git@2.39.0-r1\"], \"status\": \"fixed\","
	" \"timestamp\": \"2023-01-01T10:00:00+02:00\"}]}";

static const char OPENVEX_LATER[] =
	"{\"@context\": \"https://openvex.dev/ns/v0.2.0\", \"@id\": \"y\", \"author\": \"a\","
	" \"statements\": [{\"vulnerability\": {\"name\": \"CVE-2023-1\"},"
	" \"products\": [{\"@id\": \"pkg:apk/wolfi/git\"}], \"status\": \"under_investigation\","
	" \"timestamp\": \"2023-01-01T09:00:00Z\"}]}";

static const char OPENVEX_EARLIER[] =
	"{\"@context\": \"https://openvex.dev/ns/v0.2.0\", \"@id\": \"z\", \"author\": \"a\","
	" \"statements\": [{\"vulnerability\": {\"name\": \"CVE-2023-1\"},"
	" \"products\": [{\"@id\": \"pkg:apk/wolfi/git\"}], \"status\": \"affected\","
	" \"timestamp\": \"2023-01-01T07:59:59Z\"}]}";

/* 10:00+02:00 is 08:00Z: the 09:00Z statement is the latest whatever the load order. */
static void test_latest_wins(void **state)
{
	vg_vex *vex = load(OPENVEX_LATER, "later.json");
	vg_sbom *sbom = vg_sbom_new();
	vg_component *git = component(sbom, "git", "pkg:apk/wolfi/git@2.39.0-r1", NULL, NULL);

	(void)state;
	assert_int_equal(vg_vex_parse(vex, OPENVEX_001, strlen(OPENVEX_001), "old.json"), VG_OK);
	assert_int_equal(vex->count, 2);
	assert_string_equal(vex->statements[1].vulnerability, "CVE-2023-1");
	assert_int_equal(find_status(vex, "CVE-2023-1", git), VG_VEX_UNDER_INVESTIGATION);
	assert_int_equal(vg_vex_parse(vex, OPENVEX_EARLIER, strlen(OPENVEX_EARLIER), "e.json"), VG_OK);
	assert_int_equal(find_status(vex, "CVE-2023-1", git), VG_VEX_UNDER_INVESTIGATION);
	/* equal timestamps: the one loaded last */
	assert_int_equal(vg_vex_parse(vex, OPENVEX_LATER, strlen(OPENVEX_LATER), "again.json"), VG_OK);
	assert_string_equal(vg_vex_find(vex, (const char *[]){ "CVE-2023-1" }, 1, git)->origin,
			    "again.json: $.statements[0]");
	vg_sbom_free(sbom);
	vg_vex_free(vex);
}

static const char CDX[] =
	"{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.6\", \"version\": 1,"
	" \"metadata\": {\"timestamp\": \"2024-03-01T00:00:00Z\"},"
	" \"vulnerabilities\": ["
	"  {\"id\": \"CVE-2020-25649\", \"references\": [{\"id\": \"GHSA-288c-cq4h-88gq\"}],"
	"   \"analysis\": {\"state\": \"exploitable\", \"response\": [\"update\", \"workaround_available\"]},"
	"   \"affects\": [{\"ref\": \"acme\", \"versions\": [{\"range\": \"vers:semver/>=1.5.0|<7.0.0\"}]}]},"
	"  {\"id\": \"CVE-2020-25649\","
	"   \"analysis\": {\"state\": \"not_affected\", \"justification\": \"code_not_reachable\","
	"    \"detail\": \"never called\", \"lastUpdated\": \"2024-04-01T00:00:00Z\"},"
	"   \"affects\": [{\"ref\": \"acme\", \"versions\": [{\"range\": \"vers:semver/<1.5.0|>=7.0.0\"}, {\"version\": \"3.0.0\"}]}]},"
	"  {\"id\": \"CVE-2021-1\", \"analysis\": {\"state\": \"false_positive\"},"
	"   \"affects\": [{\"ref\": \"urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/1#lib%20a\"}]},"
	"  {\"id\": \"CVE-2021-2\", \"description\": \"no analysis: not a VEX claim\"},"
	"  {\"id\": \"CVE-2021-3\", \"analysis\": {\"state\": \"resolved_with_pedigree\"},"
	"   \"affects\": [{\"ref\": \"lib a\"}]}]}";

static void test_cyclonedx(void **state)
{
	vg_vex *vex = load(CDX, "c.json");
	vg_sbom *sbom = vg_sbom_new();
	/* four versions of the component the bom-ref "acme" names */
	vg_component *v1 = component(sbom, "acme", NULL, NULL, "1.4.9");
	vg_component *v2 = component(sbom, "acme", NULL, NULL, "2.0.0");
	vg_component *v3 = component(sbom, "acme", NULL, NULL, "3.0.0");
	vg_component *nover = component(sbom, "acme", NULL, NULL, NULL);
	vg_component *liba = component(sbom, "lib a", NULL, NULL, NULL);
	vg_component *other = component(sbom, "acme2", NULL, NULL, "2.0.0");
	const vg_vex_statement *s;

	(void)state;
	assert_int_equal(vex->count, 4);
	s = &vex->statements[0];
	assert_int_equal(s->format, VG_VEX_CYCLONEDX);
	assert_int_equal(s->status, VG_VEX_AFFECTED);
	assert_string_equal(s->aliases.items[0], "GHSA-288c-cq4h-88gq");
	assert_string_equal(s->action, "update, workaround_available");
	assert_string_equal(s->timestamp, "2024-03-01T00:00:00Z");
	assert_string_equal(s->products.items[0], "acme");
	assert_string_equal(s->versions.items[0], "vers:semver/>=1.5.0|<7.0.0");
	s = &vex->statements[1];
	assert_string_equal(s->justification, "code_not_reachable");
	assert_string_equal(s->impact, "never called");
	assert_string_equal(s->timestamp, "2024-04-01T00:00:00Z");
	assert_string_equal(s->versions.items[0], "vers:semver/<1.5.0|>=7.0.0\n3.0.0");
	assert_int_equal(vex->statements[2].status, VG_VEX_NOT_AFFECTED);
	assert_int_equal(vex->statements[3].status, VG_VEX_FIXED);
	assert_string_equal(vex->statements[3].origin, "c.json: $.vulnerabilities[4]");

	/* bom-ref with versions: each analysis for its own versions */
	assert_int_equal(find_status(vex, "GHSA-288c-cq4h-88gq", other), -1);
	assert_int_equal(find_status(vex, "CVE-2020-25649", v1), VG_VEX_NOT_AFFECTED);
	assert_int_equal(find_status(vex, "GHSA-288c-cq4h-88gq", v2), VG_VEX_AFFECTED);
	assert_int_equal(find_status(vex, "CVE-2020-25649", v3), VG_VEX_NOT_AFFECTED); /* exact + later */
	assert_int_equal(find_status(vex, "CVE-2020-25649", nover), -1);
	/* BOM-Link with a percent-encoded fragment; plain bom-ref */
	assert_int_equal(find_status(vex, "CVE-2021-1", liba), VG_VEX_NOT_AFFECTED);
	assert_int_equal(find_status(vex, "CVE-2021-3", liba), VG_VEX_FIXED);
	assert_int_equal(find_status(vex, "CVE-2021-2", liba), -1);
	vg_sbom_free(sbom);
	vg_vex_free(vex);
}

#define CSAF_HEAD                                                                              \
	"{\"document\": {\"category\": \"csaf_vex\", \"csaf_version\": \"2.0\", \"title\": \"t\"," \
	" \"publisher\": {\"category\": \"vendor\", \"name\": \"n\", \"namespace\": \"https://x\"}," \
	" \"tracking\": {\"id\": \"X-1\", \"version\": \"1\", \"status\": \"final\","             \
	" \"initial_release_date\": \"2024-01-01T00:00:00Z\","                                   \
	" \"current_release_date\": \"2024-05-01T00:00:00Z\","                                   \
	" \"revision_history\": [{\"date\": \"2024-01-01T00:00:00Z\", \"number\": \"1\", \"summary\": \"s\"}]}},"

static const char CSAF[] =
	CSAF_HEAD
	" \"product_tree\": {\"full_product_names\": ["
	"  {\"product_id\": \"P1\", \"name\": \"busybox 1.36\","
	"   \"product_identification_helper\": {\"purl\": \"pkg:generic/busybox@1.36.1\"}},"
	"  {\"product_id\": \"P2\", \"name\": \"dev 2\","
	"   \"product_identification_helper\": {\"cpe\": \"cpe:2.3:h:acme:dev:2:*:*:*:*:*:*:*\"}},"
	"  {\"product_id\": \"P3\", \"name\": \"dev 3\"}]},"
	" \"vulnerabilities\": [{\"cve\": \"CVE-2024-9\","
	"  \"ids\": [{\"system_name\": \"GHSA\", \"text\": \"GHSA-9999-9999-9999\"}],"
	"  \"product_status\": {\"known_not_affected\": [\"P1\", \"P2\", \"P3\"], \"recommended\": [\"P1\"]},"
	"  \"flags\": [{\"label\": \"vulnerable_code_not_in_execute_path\", \"product_ids\": [\"P1\", \"P3\"]}],"
	"  \"threats\": [{\"category\": \"impact\", \"details\": \"not reachable\", \"product_ids\": [\"P1\", \"P3\"]},"
	"   {\"category\": \"impact\", \"details\": \"absent\", \"product_ids\": [\"P2\"]}]}]}";

static void test_csaf(void **state)
{
	vg_vex *vex = load(CSAF, "v.json");
	vg_sbom *sbom = vg_sbom_new();
	vg_component *bb = component(sbom, "bb", "pkg:generic/busybox@1.36.1", NULL, NULL);
	vg_component *dev = component(sbom, "dev", NULL, "cpe:2.3:h:acme:dev:2:*:*:*:*:*:*:*", NULL);
	vg_component *p3 = component(sbom, "P3", NULL, NULL, NULL);
	const vg_vex_statement *s;

	(void)state;
	/* one list, two claims: P1+P3 (flag, impact), P2 (other impact) */
	assert_int_equal(vex->count, 2);
	s = &vex->statements[0];
	assert_int_equal(s->format, VG_VEX_CSAF);
	assert_string_equal(s->vulnerability, "CVE-2024-9");
	assert_string_equal(s->aliases.items[0], "GHSA-9999-9999-9999");
	assert_string_equal(s->justification, "vulnerable_code_not_in_execute_path");
	assert_string_equal(s->impact, "not reachable");
	assert_string_equal(s->timestamp, "2024-05-01T00:00:00Z");
	assert_int_equal(s->products.count, 2);
	assert_string_equal(s->products.items[0], "pkg:generic/busybox@1.36.1");
	assert_string_equal(s->products.items[1], "P3"); /* neither purl nor CPE */
	assert_string_equal(s->origin,
			    "v.json: $.vulnerabilities[0].product_status.known_not_affected");
	assert_null(vex->statements[1].justification);
	assert_string_equal(vex->statements[1].impact, "absent");
	assert_int_equal(find_status(vex, "GHSA-9999-9999-9999", bb), VG_VEX_NOT_AFFECTED);
	assert_int_equal(find_status(vex, "CVE-2024-9", dev), VG_VEX_NOT_AFFECTED);
	assert_int_equal(find_status(vex, "CVE-2024-9", p3), VG_VEX_NOT_AFFECTED);
	vg_sbom_free(sbom);
	vg_vex_free(vex);
}

/* Bad input: the error names the file and the place, and nothing is appended. */
static void expect_error(const char *text, size_t len, int code, const char *needle)
{
	vg_vex *vex = load(OPENVEX_001, "seed.json");
	int rc = vg_vex_parse(vex, text, len, "bad.json");

	if (rc != code)
		fail_msg("expected %d, got %d: %s", code, rc, vg_error_message());
	if (!strstr(vg_error_message(), "bad.json") || !strstr(vg_error_message(), needle))
		fail_msg("message \"%s\" lacks \"%s\"", vg_error_message(), needle);
	assert_int_equal(vex->count, 1);
	vg_vex_free(vex);
}

#define BAD(text, code, needle) expect_error(text, strlen(text), code, needle)
#define OV(stmts) "{\"@context\": \"https://openvex.dev/ns/v0.2.0\", \"statements\": [" stmts "]}"
#define OK_ST "{\"vulnerability\": {\"name\": \"CVE-1\"}, \"products\": [\"pkg:a/b\"], \"status\": \"fixed\"}"

static void test_hostile_inputs(void **state)
{
	size_t n = 2 * 1024 * 1024, i, off;
	char *big;

	(void)state;
	BAD("", VG_EPARSE, "invalid JSON");
	BAD("{\"@context\": \"https://openvex.dev/ns/v0.2.0\", \"statements\": [{\"vulner", VG_EPARSE,
	    "invalid JSON");
	BAD("[1, 2]", VG_EPARSE, "$: expected an object");
	BAD("{\"hello\": 1}", VG_EUNSUPPORTED, "not a VEX document");
	BAD("{\"@context\": \"https://openvex.dev/ns\"}", VG_EPARSE, "statements");
	BAD(OV("7"), VG_EPARSE, "$.statements[0]");
	BAD(OV(OK_ST ", {\"vulnerability\": {\"name\": \"CVE-1\"}, \"status\": \"broken\"}"), VG_EPARSE,
	    "$.statements[1].status: unknown status \"broken\"");
	BAD(OV("{\"vulnerability\": {\"name\": \"\"}, \"status\": \"fixed\"}"), VG_EPARSE,
	    "$.statements[0].vulnerability: the vulnerability has no name");
	BAD(OV("{\"vulnerability\": \"\", \"status\": \"fixed\"}"), VG_EPARSE, "no name");
	BAD(OV("{\"vulnerability\": 5, \"status\": \"fixed\"}"), VG_EPARSE,
	    "$.statements[0].vulnerability: expected a string or an object, found an integer");
	BAD(OV("{\"vulnerability\": \"CVE-1\", \"status\": 3}"), VG_EPARSE, "$.statements[0].status");
	BAD(OV("{\"vulnerability\": \"CVE-1\", \"status\": \"fixed\", \"products\": {}}"), VG_EPARSE,
	    "$.statements[0].products");
	BAD(OV("{\"vulnerability\": \"CVE-1\", \"status\": \"fixed\", \"products\": [\"pkg:\"]}"),
	    VG_EPARSE, "$.statements[0].products[0]");
	BAD(OV("{\"vulnerability\": \"CVE-1\", \"status\": \"fixed\", \"products\": [{\"identifiers\": "
	       "{\"cpe23\": \"cpe:2.3:q\"}}]}"),
	    VG_EPARSE, "$.statements[0].products[0].identifiers.cpe23");
	BAD(OV("{\"vulnerability\": \"CVE-1\", \"status\": \"not_affected\", \"justification\": \"meh\"}"),
	    VG_EPARSE, "$.statements[0].justification: unknown justification");
	BAD(OV("{\"vulnerability\": \"CVE-1\", \"status\": \"fixed\", \"timestamp\": \"yesterday\"}"),
	    VG_EPARSE, "$.statements[0].timestamp: not an RFC 3339 time");
	BAD(OV("{\"vulnerability\": {\"name\": \"CVE-1\", \"aliases\": [1]}, \"status\": \"fixed\"}"),
	    VG_EPARSE, "$.statements[0].vulnerability.aliases[0]");
	/* invalid UTF-8 */
	BAD(OV("{\"vulnerability\": \"CVE-\xff\", \"status\": \"fixed\"}"), VG_EPARSE, "invalid JSON");
	/* CycloneDX */
	BAD("{\"bomFormat\": \"CycloneDX\", \"vulnerabilities\": {}}", VG_EPARSE, "$.vulnerabilities");
	BAD("{\"bomFormat\": \"CycloneDX\", \"vulnerabilities\": [{\"analysis\": {\"state\": \"not_affected\"}}]}",
	    VG_EPARSE, "$.vulnerabilities[0].id: the vulnerability has no id");
	BAD("{\"bomFormat\": \"CycloneDX\", \"vulnerabilities\": [{\"id\": \"C\", \"analysis\": {\"state\": \"maybe\"}}]}",
	    VG_EPARSE, "$.vulnerabilities[0].analysis.state: unknown analysis state");
	BAD("{\"bomFormat\": \"CycloneDX\", \"vulnerabilities\": [{\"id\": \"C\", \"analysis\": {\"state\": "
	    "\"resolved\", \"response\": [\"pray\"]}}]}",
	    VG_EPARSE, "$.vulnerabilities[0].analysis.response[0]: unknown response");
	BAD("{\"bomFormat\": \"CycloneDX\", \"vulnerabilities\": [{\"id\": \"C\", \"analysis\": {\"state\": "
	    "\"resolved\"}, \"affects\": [{\"versions\": []}]}]}",
	    VG_EPARSE, "$.vulnerabilities[0].affects[0]");
	BAD("{\"bomFormat\": \"CycloneDX\", \"vulnerabilities\": [{\"id\": \"C\", \"analysis\": {\"state\": "
	    "\"resolved\"}, \"affects\": [{\"ref\": \"r\", \"versions\": [{\"range\": \"vers:\"}]}]}]}",
	    VG_EPARSE, "$.vulnerabilities[0].affects[0].versions[0].range");
	/* CSAF: the csaf module's errors come through with the file name */
	BAD(CSAF_HEAD " \"vulnerabilities\": [{\"cve\": \"CVE-1\", \"product_status\": "
		      "{\"fixed\": [\"NOPE\"]}}]}",
	    VG_EPARSE, "NOPE");

	/* a huge string where an id is expected is kept, not cut (and does not crash) */
	big = malloc(n + 256);
	assert_non_null(big);
	off = (size_t)sprintf(big, "{\"@context\": \"https://openvex.dev/ns\", \"statements\": "
				   "[{\"status\": \"fixed\", \"vulnerability\": \"");
	for (i = 0; i < n; i++)
		big[off + i] = 'A';
	strcpy(big + off + n, "\", \"products\": [\"pkg:a/b\"], \"status\": 1}]}");
	expect_error(big, strlen(big), VG_EPARSE, "invalid JSON"); /* duplicate key */
	strcpy(big + off + n, "\", \"products\": [\"pkg:a/b\"]}]}");
	{
		vg_vex *vex = load(big, "big.json");

		assert_int_equal(strlen(vex->statements[0].vulnerability), n);
		vg_vex_free(vex);
	}
	/* deep nesting */
	off = (size_t)sprintf(big, "{\"@context\": \"https://openvex.dev/ns\", \"statements\": [");
	for (i = 0; i < 100000; i++)
		big[off + i] = '[';
	big[off + i] = '\0';
	expect_error(big, strlen(big), VG_EPARSE, "invalid JSON");
	free(big);
}

/* ---- SPDX 3.0 VEX (lib/vex/spdx3_vex.c) --------------------------------- */

#define S3(graph) "{\"@context\": \"https://spdx.org/rdf/3.0.1/spdx-context.jsonld\", \"@graph\": [" graph "]}"
#define S3_XID(type, id) "{\"type\": \"ExternalIdentifier\", \"externalIdentifierType\": \"" type "\", \"identifier\": \"" id "\"}"
#define S3_REL(cls, body) "{\"type\": \"security_Vex" cls "VulnAssessmentRelationship\", \"spdxId\": \"urn:r\", " body "}"

static const char SPDX3[] = S3(
	/* 0 */ "{\"type\": \"CreationInfo\", \"@id\": \"_:creationinfo\", \"specVersion\": \"3.0.1\","
	"  \"created\": \"2024-03-06T00:00:00Z\", \"createdBy\": [\"urn:agent\"]},"
	/* 1 */ "{\"type\": \"SpdxDocument\", \"spdxId\": \"urn:doc\", \"creationInfo\": \"_:creationinfo\","
	"  \"rootElement\": [\"urn:pkg:acme\"]},"
	/* 2 */ "{\"type\": \"security_Vulnerability\", \"spdxId\": \"urn:v1\", \"creationInfo\": \"_:creationinfo\","
	"  \"name\": \"not the id\", \"externalIdentifier\": [" S3_XID("securityOther", "GHSA-aaaa-bbbb-cccc") ","
	"  " S3_XID("cve", "CVE-2024-1234") "," S3_XID("securityOther", "CVE-2024-1234") "]},"
	/* 3 */ "{\"type\": \"security_Vulnerability\", \"spdxId\": \"urn:v2\", \"name\": \"ACME-2024-7\"},"
	/* 4 */ "{\"type\": \"security_Vulnerability\", \"spdxId\": \"urn:v3\"},"
	/* 5 */ "{\"type\": \"software_Package\", \"spdxId\": \"urn:pkg:acme\", \"name\": \"acme\","
	"  \"software_packageVersion\": \"1.0\", \"software_packageUrl\": \"pkg:generic/acme@1.0\"},"
	/* 6 */ "{\"type\": \"software_Package\", \"spdxId\": \"urn:pkg:other\", \"name\": \"other\","
	"  \"software_packageUrl\": \"not a purl\"},"
	/* 7 */ "{\"type\": \"Relationship\", \"spdxId\": \"urn:rel\", \"from\": \"urn:pkg:acme\","
	"  \"relationshipType\": \"contains\", \"to\": [\"urn:pkg:other\"]},"
	/* 8: published time */
	S3_REL("Fixed", "\"creationInfo\": \"_:creationinfo\", \"from\": \"urn:v1\", \"relationshipType\": \"fixedIn\","
	"  \"to\": [\"urn:pkg:acme\"], \"security_publishedTime\": \"2024-04-01T00:00:00Z\"") ","
	/* 9: modified time over published; justification and impact */
	S3_REL("NotAffected", "\"from\": \"urn:v2\", \"relationshipType\": \"doesNotAffect\", \"to\": [\"urn:pkg:acme\"],"
	"  \"security_justificationType\": \"vulnerableCodeNotInExecutePath\","
	"  \"security_impactStatement\": \"never called\", \"security_statusNotes\": \"notes\","
	"  \"security_publishedTime\": \"2024-04-01T00:00:00Z\", \"security_modifiedTime\": \"2024-05-01T00:00:00+02:00\"") ","
	/* 10: "from" a node reference; action; status notes as impact; inline CreationInfo */
	S3_REL("Affected", "\"from\": {\"spdxId\": \"urn:v3\"}, \"relationshipType\": \"affects\","
	"  \"to\": [\"urn:pkg:other\", \"urn:pkg:bad\"], \"security_actionStatement\": \"update to 2.0\","
	"  \"security_statusNotes\": \"seen in the field\","
	"  \"creationInfo\": {\"type\": \"CreationInfo\", \"created\": \"2024-06-01T00:00:00Z\", \"specVersion\": \"3.0.1\"}") ","
	/* 11: withdrawn: skipped (it would cover urn:pkg:other) */
	S3_REL("Fixed", "\"from\": \"urn:v1\", \"relationshipType\": \"fixedIn\", \"to\": [\"urn:pkg:other\"],"
	"  \"security_withdrawnTime\": \"2024-07-01T00:00:00Z\"") ","
	/* 12: a vulnerability the graph does not define; an inline package; the document's time */
	S3_REL("UnderInvestigation", "\"from\": \"https://example.com/vuln/CVE-2024-9999\","
	"  \"relationshipType\": \"underInvestigationFor\", \"to\": [{\"type\": \"software_Package\","
	"  \"spdxId\": \"urn:inline\", \"name\": \"inline\", \"software_packageUrl\": \"pkg:generic/inline@2\"}]") ","
	/* 13: defined after its use */
	"{\"type\": \"software_Package\", \"spdxId\": \"urn:pkg:bad\", \"name\": \"bad\","
	"  \"software_packageUrl\": \"pkg:%zz\"}");

static void test_spdx3_statements(void **state)
{
	vg_vex *vex = load(SPDX3, "s.json");
	const vg_vex_statement *s;

	(void)state;
	assert_int_equal(vex->count, 4);

	s = &vex->statements[0];
	assert_int_equal(s->format, VG_VEX_SPDX3);
	assert_string_equal(s->origin, "s.json: $[\"@graph\"][8]");
	assert_int_equal(s->status, VG_VEX_FIXED);
	/* the cve identifier, though not the first; the others (once) and the spdxId as aliases */
	assert_string_equal(s->vulnerability, "CVE-2024-1234");
	assert_int_equal(s->aliases.count, 2);
	assert_string_equal(s->aliases.items[0], "GHSA-aaaa-bbbb-cccc");
	assert_string_equal(s->aliases.items[1], "urn:v1");
	/* the spdxId, and the package's purl */
	assert_int_equal(s->products.count, 2);
	assert_string_equal(s->products.items[0], "urn:pkg:acme");
	assert_string_equal(s->products.items[1], "pkg:generic/acme@1.0");
	assert_int_equal(s->versions.count, 2);
	assert_string_equal(s->versions.items[0], "");
	assert_string_equal(s->versions.items[1], "");
	assert_null(s->justification);
	assert_null(s->impact);
	assert_null(s->action);
	assert_string_equal(s->timestamp, "2024-04-01T00:00:00Z");

	s = &vex->statements[1];
	assert_int_equal(s->status, VG_VEX_NOT_AFFECTED);
	assert_string_equal(s->vulnerability, "ACME-2024-7"); /* the name */
	assert_int_equal(s->aliases.count, 1);
	assert_string_equal(s->aliases.items[0], "urn:v2");
	assert_string_equal(s->justification, "vulnerable_code_not_in_execute_path");
	assert_string_equal(s->impact, "never called");
	assert_string_equal(s->timestamp, "2024-05-01T00:00:00+02:00");

	s = &vex->statements[2];
	assert_string_equal(s->origin, "s.json: $[\"@graph\"][10]");
	assert_int_equal(s->status, VG_VEX_AFFECTED);
	assert_string_equal(s->vulnerability, "urn:v3"); /* nothing but the spdxId */
	assert_int_equal(s->aliases.count, 0);
	assert_string_equal(s->action, "update to 2.0");
	assert_string_equal(s->impact, "seen in the field");
	assert_string_equal(s->timestamp, "2024-06-01T00:00:00Z"); /* its inline CreationInfo */
	/* a purl that does not parse is left out, the spdxId kept */
	assert_int_equal(s->products.count, 2);
	assert_string_equal(s->products.items[0], "urn:pkg:other");
	assert_string_equal(s->products.items[1], "urn:pkg:bad");

	s = &vex->statements[3];
	assert_string_equal(s->origin, "s.json: $[\"@graph\"][12]");
	assert_int_equal(s->status, VG_VEX_UNDER_INVESTIGATION);
	/* the id the IRI ends in, the IRI an alias */
	assert_string_equal(s->vulnerability, "CVE-2024-9999");
	assert_int_equal(s->aliases.count, 1);
	assert_string_equal(s->aliases.items[0], "https://example.com/vuln/CVE-2024-9999");
	assert_int_equal(s->products.count, 2);
	assert_string_equal(s->products.items[0], "urn:inline");
	assert_string_equal(s->products.items[1], "pkg:generic/inline@2");
	assert_string_equal(s->timestamp, "2024-03-06T00:00:00Z"); /* the document's CreationInfo */
	vg_vex_free(vex);
}

static void test_spdx3_find(void **state)
{
	vg_vex *vex = load(SPDX3, "s.json");
	vg_sbom *sbom = vg_sbom_new();
	vg_component *acme = component(sbom, "urn:pkg:acme", NULL, NULL, "1.0");
	vg_component *other = component(sbom, "urn:pkg:other", NULL, NULL, NULL);
	/* another tool's SBOM of the same package: other refs, the purl */
	vg_component *regen = component(sbom, "acme-1.0", "pkg:generic/acme@1.0", NULL, "1.0");
	vg_component *newer = component(sbom, "acme-1.1", "pkg:generic/acme@1.1", NULL, "1.1");
	vg_component *prefix = component(sbom, "urn:pkg:acme2", NULL, NULL, NULL);

	(void)state;
	assert_int_equal(find_status(vex, "CVE-2024-1234", acme), VG_VEX_FIXED);
	assert_int_equal(find_status(vex, "ghsa-aaaa-bbbb-cccc", acme), VG_VEX_FIXED);
	assert_int_equal(find_status(vex, "urn:v1", acme), VG_VEX_FIXED);
	assert_int_equal(find_status(vex, "CVE-2024-1234", regen), VG_VEX_FIXED);
	assert_int_equal(find_status(vex, "CVE-2024-1234", newer), -1);
	assert_int_equal(find_status(vex, "CVE-2024-1234", prefix), -1);
	/* the withdrawn statement about urn:pkg:other does not count */
	assert_int_equal(find_status(vex, "CVE-2024-1234", other), -1);
	assert_int_equal(find_status(vex, "ACME-2024-7", acme), VG_VEX_NOT_AFFECTED);
	assert_int_equal(find_status(vex, "ACME-2024-7", other), -1);
	assert_int_equal(find_status(vex, "urn:v3", other), VG_VEX_AFFECTED);
	assert_int_equal(find_status(vex, "urn:v3", acme), -1);
	vg_sbom_free(sbom);
	vg_vex_free(vex);
}

/* A document as Yocto's create-spdx-3.0 writes it, read as VEX and as the SBOM. */
static void test_spdx3_yocto(void **state)
{
	size_t len, added = 0, i, j;
	char *text = vg_test_read_file(vg_test_source("tests/data/vex/yocto-openssl.spdx.json"), &len);
	vg_vex *vex = vg_vex_new(), *own = vg_vex_new();
	vg_sbom *sbom = NULL;
	vg_component *openssl, *libcrypto;
	const vg_vex_statement *s;
	const char *pkg = "http://spdx.org/spdxdocs/openssl-9f1c8f3e-2a7d-5c52-8f0e-0d6a1d3c6b21/package/openssl";

	(void)state;
	if (vg_vex_parse(vex, text, len, "yocto.json") != VG_OK ||
	    vg_vex_parse_sbom(own, text, len, "yocto.json", &added) != VG_OK ||
	    vg_sbom_parse(text, len, "yocto.json", &sbom) != VG_OK)
		fail_msg("%s", vg_error_message());
	assert_int_equal(vex->count, 3);
	assert_int_equal(added, 3);
	assert_int_equal(own->count, 3);

	s = &vex->statements[0];
	assert_int_equal(s->status, VG_VEX_FIXED);
	assert_string_equal(s->vulnerability, "CVE-2024-0727");
	assert_int_equal(s->aliases.count, 1); /* the vulnerability's spdxId */
	assert_string_equal(s->timestamp, "2024-05-14T09:12:44Z");
	s = &vex->statements[1];
	assert_int_equal(s->status, VG_VEX_NOT_AFFECTED);
	assert_string_equal(s->vulnerability, "CVE-2024-2511");
	assert_string_equal(s->justification, "vulnerable_code_not_present");
	assert_true(vg_str_starts_with(s->impact, "not-applicable-config: "));
	s = &vex->statements[2];
	assert_int_equal(s->status, VG_VEX_AFFECTED);
	assert_string_equal(s->action, "Mitigation action unknown");

	/* the SBOM reader's refs are the statements' products */
	for (i = 0; i < vex->count; i++) {
		s = &vex->statements[i];
		assert_int_equal(s->products.count, 2);
		assert_string_equal(s->products.items[0], pkg);
		assert_string_equal(s->products.items[1], "pkg:yocto/core/openssl@3.2.1");
		for (j = 0; j < s->products.count; j++)
			if (!vg_str_starts_with(s->products.items[j], "pkg:"))
				assert_non_null(vg_sbom_find(sbom, s->products.items[j]));
	}
	openssl = vg_sbom_find(sbom, pkg);
	libcrypto = vg_sbom_find(sbom, "http://spdx.org/spdxdocs/openssl-9f1c8f3e-2a7d-5c52-8f0e-0d6a1d3c6b21/package/libcrypto3");
	assert_non_null(openssl);
	assert_non_null(libcrypto);
	assert_string_equal(openssl->ref, pkg);
	assert_string_equal(openssl->purl, "pkg:yocto/core/openssl@3.2.1");
	assert_int_equal(find_status(vex, "CVE-2024-0727", openssl), VG_VEX_FIXED);
	assert_int_equal(find_status(vex, "CVE-2024-2511", openssl), VG_VEX_NOT_AFFECTED);
	assert_int_equal(find_status(vex, "CVE-2024-4603", openssl), VG_VEX_AFFECTED);
	assert_int_equal(find_status(own, "CVE-2024-0727", openssl), VG_VEX_FIXED);
	assert_int_equal(find_status(vex, "CVE-2024-0727", libcrypto), -1);
	assert_int_equal(find_status(vex, "CVE-2024-0001", openssl), -1);
	vg_sbom_free(sbom);
	vg_vex_free(own);
	vg_vex_free(vex);
	free(text);
}

static const char SPDX3_SBOM[] = S3(
	"{\"type\": \"CreationInfo\", \"@id\": \"_:c\", \"created\": \"2024-03-06T00:00:00Z\", \"specVersion\": \"3.0.1\"},"
	"{\"type\": \"software_Package\", \"spdxId\": \"urn:p\", \"creationInfo\": \"_:c\", \"name\": \"p\"},"
	"{\"type\": \"Relationship\", \"spdxId\": \"urn:r\", \"creationInfo\": \"_:c\", \"from\": \"urn:p\","
	" \"relationshipType\": \"dependsOn\", \"to\": [\"urn:p\"]}");

/* An SBOM without VEX relationships is no error and gives no statement. */
static void test_spdx3_no_vex(void **state)
{
	vg_vex *vex = vg_vex_new();
	size_t added = 7;

	(void)state;
	assert_int_equal(vg_vex_parse(vex, SPDX3_SBOM, strlen(SPDX3_SBOM), "sbom.json"), VG_OK);
	assert_int_equal(vex->count, 0);
	assert_int_equal(vg_vex_parse(vex, S3(""), strlen(S3("")), "empty.json"), VG_OK);
	assert_int_equal(vex->count, 0);
	assert_int_equal(vg_vex_parse_sbom(vex, SPDX3_SBOM, strlen(SPDX3_SBOM), "sbom.json", &added), VG_OK);
	assert_int_equal(added, 0);
	assert_int_equal(vex->count, 0);
	vg_vex_free(vex);
}

#define S3_VULN "{\"type\": \"security_Vulnerability\", \"spdxId\": \"urn:v\", \"externalIdentifier\": [" S3_XID("cve", "CVE-1") "]}"
#define S3_OK S3_REL("Fixed", "\"from\": \"urn:v\", \"to\": [\"urn:p\"]")

static void test_spdx3_hostile(void **state)
{
	(void)state;
	BAD("{\"@context\": \"https://spdx.org/rdf/3.0.1/spdx-context.jsonld\", \"@graph\": {}}", VG_EPARSE,
	    "$[\"@graph\"]: expected an array, found an object");
	BAD("{\"@context\": [\"https://spdx.org/rdf/3.0.1/spdx-context.jsonld\"]}", VG_EPARSE,
	    "$: missing required member \"@graph\"");
	BAD(S3("1"), VG_EPARSE, "$[\"@graph\"][0]: expected an object");
	/* a good statement, then the bad one: nothing appended */
	BAD(S3(S3_VULN "," S3_OK "," S3_REL("Fixed", "\"from\": \"urn:v\", \"to\": \"urn:p\"")), VG_EPARSE,
	    "$[\"@graph\"][2].to: expected an array, found a string");
	BAD(S3(S3_VULN "," S3_OK "," S3_REL("Fixed", "\"from\": \"urn:v\", \"to\": []")), VG_EPARSE,
	    "$[\"@graph\"][2].to: empty");
	BAD(S3(S3_VULN "," S3_REL("Fixed", "\"from\": \"urn:v\"")), VG_EPARSE,
	    "$[\"@graph\"][1]: missing required member \"to\"");
	BAD(S3(S3_VULN "," S3_OK "," S3_REL("NotAffected", "\"from\": \"urn:v\", \"to\": [\"urn:p\"],"
					     " \"security_justificationType\": \"itsFine\"")),
	    VG_EPARSE, "$[\"@graph\"][2].security_justificationType: unknown justification \"itsFine\"");
	BAD(S3(S3_VULN "," S3_OK "," S3_REL("UnderInvestigation", "\"to\": [\"urn:p\"]")), VG_EPARSE,
	    "$[\"@graph\"][2]: missing required member \"from\"");
	BAD(S3(S3_REL("Fixed", "\"from\": 7, \"to\": [\"urn:p\"]")), VG_EPARSE,
	    "$[\"@graph\"][0].from: expected a string or an object, found an integer");
	BAD(S3(S3_REL("Fixed", "\"from\": \"\", \"to\": [\"urn:p\"]")), VG_EPARSE,
	    "$[\"@graph\"][0].from: the vulnerability has no id");
	BAD(S3(S3_REL("Fixed", "\"from\": \"urn:v\", \"to\": [\"urn:p\", 5]")), VG_EPARSE,
	    "$[\"@graph\"][0].to[1]: expected a string or an object, found an integer");
	BAD(S3(S3_REL("Fixed", "\"from\": \"urn:v\", \"to\": [\"\"]")), VG_EPARSE,
	    "$[\"@graph\"][0].to[0]: empty product identifier");
	BAD(S3(S3_REL("Fixed", "\"from\": \"urn:v\", \"to\": [{\"name\": \"x\"}]")), VG_EPARSE,
	    "$[\"@graph\"][0].to[0]: the product has no spdxId");
	BAD(S3(S3_REL("Fixed", "\"from\": \"urn:v\", \"to\": [{\"spdxId\": 3}]")), VG_EPARSE,
	    "$[\"@graph\"][0].to[0].spdxId: expected a string");
	BAD(S3(S3_REL("Fixed", "\"from\": \"urn:v\", \"to\": [\"pkg:\"]")), VG_EPARSE,
	    "$[\"@graph\"][0].to[0]");
	BAD(S3(S3_REL("Affected", "\"from\": \"urn:v\", \"to\": [\"urn:p\"], \"security_actionStatement\": [1]")),
	    VG_EPARSE, "$[\"@graph\"][0].security_actionStatement: expected a string");
	BAD(S3(S3_REL("Fixed", "\"from\": \"urn:v\", \"to\": [\"urn:p\"], \"security_modifiedTime\": \"yesterday\"")),
	    VG_EPARSE, "$[\"@graph\"][0].security_modifiedTime: not an RFC 3339 time");
	BAD(S3("{\"type\": \"CreationInfo\", \"@id\": \"_:c\", \"created\": \"then\"},"
	       S3_REL("Fixed", "\"from\": \"urn:v\", \"to\": [\"urn:p\"], \"creationInfo\": \"_:c\"")),
	    VG_EPARSE, "$[\"@graph\"][0].created: not an RFC 3339 time");
	BAD(S3("{\"type\": \"security_Vulnerability\", \"spdxId\": \"urn:v\", \"externalIdentifier\": ["
	       "{\"externalIdentifierType\": \"cve\", \"identifier\": 7}]}," S3_OK),
	    VG_EPARSE, "$[\"@graph\"][0].externalIdentifier[0].identifier: expected a string");
	BAD(S3("{\"type\": \"security_Vulnerability\", \"spdxId\": \"urn:v\", \"externalIdentifier\": {}}," S3_OK),
	    VG_EPARSE, "$[\"@graph\"][0].externalIdentifier: expected an array");
	/* a withdrawn statement is skipped, whatever else it lacks */
	{
		static const char w[] = S3(S3_REL("Fixed", "\"security_withdrawnTime\": \"2024-01-01T00:00:00Z\""));
		vg_vex *vex = load(w, "w.json");

		assert_int_equal(vex->count, 0);
		vg_vex_free(vex);
	}
}

/* ---- end of SPDX 3.0 VEX ----------------------------------------------- */

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_openvex_statements),
		cmocka_unit_test(test_openvex_find),
		cmocka_unit_test(test_latest_wins),
		cmocka_unit_test(test_cyclonedx),
		cmocka_unit_test(test_csaf),
		cmocka_unit_test(test_hostile_inputs),
		/* SPDX 3.0 VEX */
		cmocka_unit_test(test_spdx3_statements),
		cmocka_unit_test(test_spdx3_find),
		cmocka_unit_test(test_spdx3_yocto),
		cmocka_unit_test(test_spdx3_no_vex),
		cmocka_unit_test(test_spdx3_hostile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
