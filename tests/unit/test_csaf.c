/*
 * test_csaf.c - the CSAF 2.0 model (vigil/csaf.h): a hand-written document
 * read field by field, real examples with counts checked by hand (python3
 * over the files), and hostile input (every rejection names the place).
 */
#include "testutil.h"
#include "vigil/buf.h"
#include "vigil/csaf.h"
#include "vigil/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HEADER                                                                                  \
	"\"document\": {\"category\": \"csaf_vex\", \"csaf_version\": \"2.0\","                \
	" \"title\": \"T\", \"publisher\": {\"category\": \"vendor\", \"name\": \"ACME\","      \
	" \"namespace\": \"https://acme.example\"}, \"tracking\": {\"id\": \"ACME-1\","          \
	" \"version\": \"2\", \"status\": \"final\", \"initial_release_date\": \"2024-01-01T00:00:00Z\"," \
	" \"current_release_date\": \"2024-02-01T00:00:00Z\", \"revision_history\": []},"     \
	" \"references\": [{\"url\": \"https://acme.example/a\", \"summary\": \"S\"}]}"

static const char small_doc[] =
	"{" HEADER ", \"product_tree\": {"
	"  \"branches\": [{\"category\": \"vendor\", \"name\": \"ACME\", \"branches\": ["
	"    {\"category\": \"product_name\", \"name\": \"Router\", \"branches\": ["
	"      {\"category\": \"product_version\", \"name\": \"1.2\", \"product\": {"
	"        \"name\": \"ACME Router 1.2\", \"product_id\": \"P1\","
	"        \"product_identification_helper\": {\"purl\": \"pkg:generic/acme/router@1.2\"}}},"
	"      {\"category\": \"product_version_range\", \"name\": \"vers:generic/>=1.0|<1.2\","
	"       \"product\": {\"name\": \"old\", \"product_id\": \"P0\","
	"        \"product_identification_helper\": {\"cpe\": \"cpe:2.3:h:acme:router:*:*:*:*:*:*:*:*\"}}}]}]}],"
	"  \"full_product_names\": [{\"name\": \"libfoo 3\", \"product_id\": \"C1\","
	"    \"product_identification_helper\": {\"purl\": \"pkg:rpm/acme/libfoo@3\"}}],"
	"  \"relationships\": [{\"category\": \"default_component_of\", \"product_reference\": \"C1\","
	"    \"relates_to_product_reference\": \"P1\", \"full_product_name\": {"
	"      \"name\": \"libfoo 3 in Router 1.2\", \"product_id\": \"P1:C1\"}}],"
	"  \"product_groups\": [{\"group_id\": \"G\", \"product_ids\": [\"P0\", \"P1\"]}]},"
	" \"vulnerabilities\": [{\"cve\": \"CVE-2024-0001\", \"title\": \"Overflow\","
	"  \"ids\": [{\"system_name\": \"ACME\", \"text\": \"BUG-7\"}],"
	"  \"cwe\": {\"id\": \"CWE-787\", \"name\": \"x\"},"
	"  \"notes\": [{\"category\": \"summary\", \"text\": \"short\"},"
	"             {\"category\": \"description\", \"text\": \"long\"}],"
	"  \"release_date\": \"2024-01-02T00:00:00Z\","
	"  \"product_status\": {\"known_affected\": [\"P0\", \"P1:C1\"], \"fixed\": [\"P1\"],"
	"                      \"known_not_affected\": [\"C1\"]},"
	"  \"flags\": [{\"label\": \"component_not_present\", \"product_ids\": [\"C1\"]}],"
	"  \"threats\": [{\"category\": \"impact\", \"details\": \"none\", \"group_ids\": [\"G\"],"
	"                \"product_ids\": [\"P1\"]}],"
	"  \"remediations\": [{\"category\": \"vendor_fix\", \"details\": \"update\","
	"     \"url\": \"https://acme.example/fw\", \"group_ids\": [\"G\"]}],"
	"  \"scores\": [{\"products\": [\"P0\"], \"cvss_v3\": {\"version\": \"3.1\","
	"     \"vectorString\": \"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\", \"baseScore\": 9.8,"
	"     \"baseSeverity\": \"CRITICAL\"}}]}]}";

static vg_csaf_doc *parse_ok(const char *text)
{
	vg_csaf_doc *doc = NULL;

	if (vg_csaf_parse(text, strlen(text), "t.json", &doc) != VG_OK)
		fail_msg("rejected: %s", vg_error_message());
	return doc;
}

/* Parsing fails with `code` and a message containing `needle`. */
static void rejects(const char *text, size_t len, int code, const char *needle)
{
	vg_csaf_doc *doc = (vg_csaf_doc *)1;

	vg_error_clear();
	assert_int_equal(vg_csaf_parse(text, len, "t.json", &doc), code);
	assert_null(doc);
	if (!strstr(vg_error_message(), needle))
		fail_msg("message '%s' lacks '%s'", vg_error_message(), needle);
}

static void rejects_s(const char *text, int code, const char *needle)
{
	rejects(text, strlen(text), code, needle);
}

static void test_small_document(void **state)
{
	vg_csaf_doc *doc = parse_ok(small_doc);
	const vg_csaf_product *p;
	const vg_csaf_vuln *v;

	(void)state;
	assert_string_equal(doc->category, "csaf_vex");
	assert_string_equal(doc->tracking_id, "ACME-1");
	assert_string_equal(doc->tracking_version, "2");
	assert_string_equal(doc->current_release_date, "2024-02-01T00:00:00Z");
	assert_string_equal(doc->publisher_name, "ACME");
	assert_string_equal(doc->publisher_namespace, "https://acme.example");
	assert_int_equal(doc->nreferences, 1);
	assert_null(doc->references[0].category);
	assert_int_equal(doc->nproducts, 4);

	p = vg_csaf_product_find(doc, "P1");
	assert_non_null(p);
	assert_string_equal(p->name, "ACME Router 1.2");
	assert_string_equal(p->purl, "pkg:generic/acme/router@1.2");
	assert_null(p->version_range);
	p = vg_csaf_product_find(doc, "P0");
	assert_string_equal(p->name, "ACME Router vers:generic/>=1.0|<1.2");
	assert_string_equal(p->version_range, "vers:generic/>=1.0|<1.2");
	assert_string_equal(p->cpe, "cpe:2.3:h:acme:router:*:*:*:*:*:*:*:*");
	p = vg_csaf_product_find(doc, "P1:C1");
	assert_string_equal(p->name, "libfoo 3 in Router 1.2");
	assert_null(p->purl);
	assert_string_equal(p->relationship, "default_component_of");
	assert_string_equal(p->product_reference, "C1");
	assert_string_equal(p->relates_to, "P1");
	assert_string_equal(vg_csaf_product_find(doc, p->product_reference)->purl,
			    "pkg:rpm/acme/libfoo@3");
	assert_null(vg_csaf_product_find(doc, "P9"));

	assert_int_equal(doc->nvulns, 1);
	v = &doc->vulns[0];
	assert_string_equal(v->cve, "CVE-2024-0001");
	assert_string_equal(v->cwe, "CWE-787");
	assert_string_equal(v->description, "long");
	assert_int_equal(v->nids, 1);
	assert_string_equal(v->ids[0].text, "BUG-7");
	assert_int_equal(v->status[VG_CSAF_KNOWN_AFFECTED].count, 2);
	assert_string_equal(v->status[VG_CSAF_KNOWN_AFFECTED].items[1], "P1:C1");
	assert_int_equal(v->status[VG_CSAF_FIXED].count, 1);
	assert_int_equal(v->status[VG_CSAF_KNOWN_NOT_AFFECTED].count, 1);
	assert_int_equal(v->status[VG_CSAF_UNDER_INVESTIGATION].count, 0);
	assert_string_equal(v->flags[0].label, "component_not_present");
	/* P1 given directly and through G: once. */
	assert_int_equal(v->threats[0].product_ids.count, 2);
	assert_string_equal(v->threats[0].product_ids.items[0], "P1");
	assert_string_equal(v->threats[0].product_ids.items[1], "P0");
	assert_int_equal(v->remediations[0].product_ids.count, 2);
	assert_string_equal(v->remediations[0].url, "https://acme.example/fw");
	assert_string_equal(v->scores[0].cvss_v3, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
	assert_true(v->scores[0].cvss_v3_base > 9.7 && v->scores[0].cvss_v3_base < 9.9);
	assert_null(v->scores[0].cvss_v2);
	assert_string_equal(vg_csaf_status_name(VG_CSAF_KNOWN_NOT_AFFECTED), "known_not_affected");
	vg_csaf_free(doc);
}

static vg_csaf_doc *load(const char *rel)
{
	vg_csaf_doc *doc = NULL;

	if (vg_csaf_load_file(vg_test_data(rel), &doc) != VG_OK)
		fail_msg("%s", vg_error_message());
	return doc;
}

/* Figures from python3 over the files (json.load, groups expanded). */
static void test_real_examples(void **state)
{
	vg_csaf_doc *doc;
	const vg_csaf_vuln *v;

	(void)state;
	vg_test_require_data("csaf/oasis-csaf/csaf_2.0/examples/csaf");
	doc = load("csaf/oasis-csaf/csaf_2.0/examples/csaf/bsi-2022-0001.json");
	assert_string_equal(doc->tracking_id, "BSI-2022-0001");
	assert_int_equal(doc->nproducts, 6);
	assert_int_equal(doc->nvulns, 1);
	v = &doc->vulns[0];
	assert_string_equal(v->cve, "CVE-2022-27193");
	assert_int_equal(v->status[VG_CSAF_KNOWN_AFFECTED].count, 5);
	assert_int_equal(v->status[VG_CSAF_FIRST_FIXED].count, 1);
	assert_int_equal(v->status[VG_CSAF_FIXED].count, 1);
	assert_string_equal(v->ids[0].text, "csaf-tools/CVRF-CSAF-Converter#78");
	assert_int_equal(v->remediations[0].product_ids.count, 5);
	assert_int_equal(v->scores[0].product_ids.count, 5);
	assert_string_equal(v->scores[0].cvss_v3,
			    "CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:N/A:L/E:F/RL:O/RC:C");
	for (size_t i = 0; i < doc->nproducts; i++)
		assert_non_null(doc->products[i].cpe);
	vg_csaf_free(doc);

	doc = load("csaf/oasis-csaf/csaf_2.0/examples/csaf/csaf_vex/2022-evd-uc-08-001.json");
	assert_int_equal(doc->nproducts, 11);
	assert_int_equal(doc->nvulns, 2);
	v = &doc->vulns[0];
	assert_string_equal(v->cve, "CVE-2021-44228");
	assert_int_equal(v->status[VG_CSAF_FIXED].count, 2);
	assert_int_equal(v->status[VG_CSAF_KNOWN_AFFECTED].count, 4);
	assert_int_equal(v->status[VG_CSAF_KNOWN_NOT_AFFECTED].count, 5);
	assert_int_equal(v->status[VG_CSAF_RECOMMENDED].count, 1);
	assert_int_equal(v->nthreats, 2);
	assert_int_equal(v->threats[0].product_ids.count, 4);
	assert_int_equal(v->nscores, 2);
	assert_string_equal(vg_csaf_product_find(doc, "CSAFPID-0004")->version_range,
			    "vers:generic/>=2.9|<=4.1");
	assert_string_equal(vg_csaf_product_find(doc, "CSAFPID-0010")->name,
			    "Example Company JKL 5.1");
	vg_csaf_free(doc);
}

static void test_red_hat_large(void **state)
{
	vg_csaf_doc *doc;
	size_t purls = 0;

	(void)state;
	vg_test_require_data("osv/osv-schema/tools/redhat/testdata/CSAF/rhsa-2024_4420.json");
	doc = load("osv/osv-schema/tools/redhat/testdata/CSAF/rhsa-2024_4420.json");
	/* 940 branch products + 938 relationships. */
	assert_int_equal(doc->nproducts, 1878);
	for (size_t i = 0; i < doc->nproducts; i++)
		purls += doc->products[i].purl != NULL;
	assert_int_equal(purls, 938);
	assert_int_equal(doc->vulns[0].status[VG_CSAF_FIXED].count, 938);
	assert_int_equal(doc->vulns[0].remediations[0].product_ids.count, 938);
	assert_string_equal(doc->vulns[0].cve, "CVE-2024-4467");
	vg_csaf_free(doc);
}

static char *replace(const char *text, const char *from, const char *to)
{
	const char *at = strstr(text, from);

	if (!at)
		fail_msg("test text lacks '%s'", from);
	return vg_strdup_printf("%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
}

static void rejects_edit(const char *from, const char *to, int code, const char *needle)
{
	char *text = replace(small_doc, from, to);

	rejects_s(text, code, needle);
	free(text);
}

static void test_rejects_malformed(void **state)
{
	(void)state;
	rejects(small_doc, strlen(small_doc) / 2, VG_EPARSE, "t.json:1:");
	rejects_s("[]", VG_EPARSE, "t.json: $: expected an object, found an array");
	rejects_s("{}", VG_EPARSE, "t.json: $: missing required member \"document\"");
	rejects_edit("\"csaf_version\": \"2.0\"", "\"csaf_version\": \"2.1\"", VG_EUNSUPPORTED,
		     "$.document.csaf_version: version \"2.1\"");
	rejects_edit("\"csaf_version\": \"2.0\"", "\"csaf_version\": 2", VG_EPARSE,
		     "$.document.csaf_version: expected a string, found an integer");
	rejects_edit("\"id\": \"ACME-1\",", "", VG_EPARSE,
		     "$.document.tracking: missing required member \"id\"");
	rejects_edit("\"revision_history\": []", "\"revision_history\": {}", VG_EPARSE,
		     "$.document.tracking.revision_history: expected an array");
	rejects_edit("\"fixed\": [\"P1\"]", "\"fixed\": [\"P9\"]", VG_EPARSE,
		     "t.json: $.vulnerabilities[0].product_status.fixed[0]: unknown product id \"P9\"");
	rejects_edit("\"fixed\": [\"P1\"]", "\"fixed\": [7]", VG_EPARSE,
		     "$.vulnerabilities[0].product_status.fixed[0]: expected a string, found an integer");
	rejects_edit("\"fixed\": [\"P1\"]", "\"fixed\": \"P1\"", VG_EPARSE,
		     "$.vulnerabilities[0].product_status.fixed: expected an array, found a string");
	rejects_edit("\"product_ids\": [\"C1\"]", "\"product_ids\": [\"Z\"]", VG_EPARSE,
		     "$.vulnerabilities[0].flags[0].product_ids[0]: unknown product id \"Z\"");
	rejects_edit("\"none\", \"group_ids\": [\"G\"]", "\"none\", \"group_ids\": [\"H\"]", VG_EPARSE,
		     "$.vulnerabilities[0].threats[0].group_ids[0]: unknown group id \"H\"");
	rejects_edit("\"product_ids\": [\"P0\", \"P1\"]", "\"product_ids\": [\"P0\", \"Q\"]",
		     VG_EPARSE, "$.product_tree.product_groups[0].product_ids[1]: unknown product id");
	rejects_edit("\"relates_to_product_reference\": \"P1\"",
		     "\"relates_to_product_reference\": \"X\"", VG_EPARSE,
		     "$.product_tree.relationships[0].relates_to_product_reference: unknown product id \"X\"");
	rejects_edit("\"product_id\": \"C1\"", "\"product_id\": \"P1\"", VG_EPARSE,
		     "$.product_tree: product id \"P1\" is defined twice");
	rejects_edit("\"products\": [\"P0\"], ", "", VG_EPARSE,
		     "$.vulnerabilities[0].scores[0]: missing required member \"products\"");
	rejects_edit("\"baseScore\": 9.8", "\"baseScore\": \"9.8\"", VG_EPARSE,
		     "$.vulnerabilities[0].scores[0].cvss_v3.baseScore: expected a number");
	rejects_edit("{\"category\": \"impact\"", "[{\"category\": \"impact\"", VG_EPARSE,
		     "t.json:");
	rejects_edit("\"threats\": [{", "\"threats\": [7, {", VG_EPARSE,
		     "$.vulnerabilities[0].threats[0]: expected an object, found an integer");
	rejects_edit("\"category\": \"product_name\", \"name\": \"Router\", ", "", VG_EPARSE,
		     "$.product_tree.branches[0].branches[0]: missing required member \"category\"");
	rejects_edit("\"product_identification_helper\": {\"purl\": \"pkg:generic",
		     "\"product_identification_helper\": {\"purl\": 1, \"x\": \"pkg:generic",
		     VG_EPARSE, "product_identification_helper.purl: expected a string");
	rejects_edit("\"text\": \"BUG-7\"", "\"txt\": \"BUG-7\"", VG_EPARSE,
		     "$.vulnerabilities[0].ids[0]: missing required member \"text\"");
}

/* `depth` nested branches, the innermost holding a product. */
static char *deep_doc(int depth)
{
	vg_buf b = VG_BUF_INIT;
	char *out;

	vg_buf_puts(&b, "{" HEADER ", \"product_tree\": {\"branches\": ");
	for (int i = 0; i < depth; i++)
		vg_buf_puts(&b, "[{\"category\": \"vendor\", \"name\": \"n\", \"branches\": ");
	vg_buf_puts(&b, "[{\"category\": \"product_version\", \"name\": \"v\", \"product\": "
			      "{\"name\": \"x\", \"product_id\": \"P\"}}]");
	for (int i = 0; i < depth; i++)
		vg_buf_puts(&b, "}]");
	vg_buf_puts(&b, "}}");
	out = vg_buf_detach(&b);
	assert_non_null(out);
	return out;
}

static void test_rejects_hostile(void **state)
{
	char *text, *big;
	vg_csaf_doc *doc;

	(void)state;
	/* 31 enclosing branches + the product's: 32 levels, the limit. */
	text = deep_doc(VG_CSAF_MAX_BRANCH_DEPTH - 1);
	doc = parse_ok(text);
	assert_int_equal(doc->nproducts, 1);
	vg_csaf_free(doc);
	free(text);
	text = deep_doc(VG_CSAF_MAX_BRANCH_DEPTH);
	rejects_s(text, VG_ELIMIT, "branches nested deeper than 32");
	free(text);
	/* Deeper than jansson's own nesting limit: rejected by the JSON reader. */
	text = deep_doc(3000);
	rejects_s(text, VG_EPARSE, "t.json:");
	free(text);

	/* A 1 MB product name is carried, not cut. */
	big = malloc(1u << 20);
	assert_non_null(big);
	memset(big, 'a', (1u << 20) - 1);
	big[(1u << 20) - 1] = '\0';
	{
		char *quoted = vg_strdup_printf("\"%s\"", big);

		text = replace(small_doc, "\"libfoo 3\"", quoted);
		free(quoted);
	}
	doc = parse_ok(text);
	assert_int_equal(strlen(vg_csaf_product_find(doc, "C1")->name), (1u << 20) - 1);
	vg_csaf_free(doc);
	free(text);
	free(big);

	/* Invalid UTF-8 and NUL bytes. */
	text = replace(small_doc, "\"Overflow\"", "\"Over\xff\xfe\"");
	rejects_s(text, VG_EPARSE, "t.json");
	free(text);
	rejects("{\"document\"\0: 1}", 16, VG_EPARSE, "t.json");
	rejects("", 0, VG_EPARSE, "t.json");
	assert_null(vg_csaf_product_find(NULL, "P"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_small_document),
		cmocka_unit_test(test_real_examples),
		cmocka_unit_test(test_red_hat_large),
		cmocka_unit_test(test_rejects_malformed),
		cmocka_unit_test(test_rejects_hostile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
