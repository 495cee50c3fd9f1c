/*
 * test_sbom_read.c - SBOM reading and writing on small and hostile inputs:
 * truncated JSON, wrong types, huge strings, deep nesting, duplicate keys,
 * invalid UTF-8, tolerated faults (warnings), the SPDX mappings, detection,
 * and writer determinism.
 */
#include "testutil.h"

#include "vigil/buf.h"
#include "vigil/error.h"
#include "vigil/sbom.h"
#include "vigil/str.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CDX_HEAD "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\","

static int parse(const char *text, vg_sbom **out)
{
	return vg_sbom_parse(text, strlen(text), "t.json", out);
}

/* Parsing fails with `code` and a message containing `needle`. */
static void expect_error(const char *text, int code, const char *needle)
{
	vg_sbom *s = (vg_sbom *)1;

	assert_int_equal(parse(text, &s), code);
	assert_null(s);
	if (!strstr(vg_error_message(), needle))
		fail_msg("message '%s' lacks '%s'", vg_error_message(), needle);
}

static bool has_warning(const vg_sbom *s, const char *needle)
{
	size_t i;

	for (i = 0; i < s->warnings.count; i++)
		if (strstr(s->warnings.items[i], needle))
			return true;
	return false;
}

static void test_malformed_json_is_rejected_with_place(void **state)
{
	(void)state;
	expect_error(CDX_HEAD "\"components\":[{\"name\":", VG_EPARSE, "t.json:1:");
	expect_error("", VG_EPARSE, "t.json");
	expect_error("[1,2]", VG_EPARSE, "t.json: $: expected an object, found an array");
	expect_error("{\"hello\":1}", VG_EPARSE, "not an SBOM we read");
	expect_error(CDX_HEAD "\"version\":1,\"version\":2}", VG_EPARSE, "duplicate");
	expect_error(CDX_HEAD "\"components\":[{\"type\":\"library\",\"name\":\"a\xff\"}]}",
		     VG_EPARSE, "t.json");
}

static void test_wrong_types_name_the_json_path(void **state)
{
	(void)state;
	expect_error(CDX_HEAD "\"components\":{}}", VG_EPARSE,
		     "$.components: expected an array, found an object");
	expect_error(CDX_HEAD "\"components\":[{\"type\":\"library\"}]}", VG_EPARSE,
		     "$.components[0]: missing required member \"name\"");
	expect_error(CDX_HEAD "\"components\":[{\"name\":\"\"}]}", VG_EPARSE,
		     "$.components[0].name: empty");
	expect_error(CDX_HEAD "\"components\":[{\"name\":\"a\",\"hashes\":[{\"alg\":5,"
			      "\"content\":\"x\"}]}]}",
		     VG_EPARSE, "$.components[0].hashes[0].alg: expected a string, found an integer");
	expect_error(CDX_HEAD "\"metadata\":{\"component\":{\"name\":\"p\",\"version\":1.5}}}",
		     VG_EPARSE, "$.metadata.component.version: expected a string, found a number");
	expect_error(CDX_HEAD "\"version\":\"1\"}", VG_EPARSE, "$.version: expected an integer");
	expect_error("{\"spdxVersion\":\"SPDX-2.3\",\"packages\":[{\"SPDXID\":\"SPDXRef-a\"}]}",
		     VG_EPARSE, "$.packages[0]: missing required member \"name\"");
	expect_error("{\"@context\":\"https://spdx.org/rdf/3.0.1/spdx-context.jsonld\"}", VG_EPARSE,
		     "$: missing required member \"@graph\"");
	expect_error("{\"@context\":\"https://spdx.org/rdf/3.0.1/spdx-context.jsonld\","
		     "\"@graph\":[{\"type\":\"software_Package\",\"spdxId\":\"urn:a\"}]}",
		     VG_EPARSE, "$.@graph[0]: missing required member \"name\"");
}

static void test_deep_nesting_is_refused(void **state)
{
	vg_buf b = VG_BUF_INIT;
	vg_sbom *s;
	int i;

	(void)state;
	/* nested components beyond the reader's limit */
	assert_int_equal(vg_buf_puts(&b, CDX_HEAD "\"components\":["), VG_OK);
	for (i = 0; i < 100; i++)
		assert_int_equal(vg_buf_printf(&b, "{\"name\":\"c%d\",\"components\":[", i), VG_OK);
	for (i = 0; i < 100; i++)
		assert_int_equal(vg_buf_puts(&b, "]}"), VG_OK);
	assert_int_equal(vg_buf_puts(&b, "]}"), VG_OK);
	assert_int_equal(parse(b.ptr, &s), VG_ELIMIT);
	assert_non_null(strstr(vg_error_message(), "nested more than"));
	/* nesting beyond the JSON parser's depth limit */
	vg_buf_clear(&b);
	for (i = 0; i < 100000; i++)
		assert_int_equal(vg_buf_putc(&b, '['), VG_OK);
	assert_int_equal(parse(b.ptr, &s), VG_EPARSE);
	vg_buf_free(&b);
}

static void test_huge_strings_survive_read_and_write(void **state)
{
	size_t n = 4 * 1024 * 1024;
	char *name = malloc(n + 1), *text, *out;
	vg_sbom *s, *again;

	(void)state;
	assert_non_null(name);
	memset(name, 'x', n);
	name[n] = '\0';
	text = malloc(n + 200);
	assert_non_null(text);
	snprintf(text, n + 200, CDX_HEAD "\"components\":[{\"name\":\"%s\"}]}", name);
	assert_int_equal(parse(text, &s), VG_OK);
	assert_int_equal(strlen(s->components[0]->name), n);
	assert_int_equal(vg_sbom_write(s, VG_SBOM_SPDX2_JSON, &out), VG_OK);
	assert_int_equal(vg_sbom_parse(out, strlen(out), "out", &again), VG_OK);
	assert_string_equal(again->components[0]->name, name);
	vg_sbom_free(again);
	vg_sbom_free(s);
	free(out);
	free(text);
	free(name);
}

static void test_tolerated_faults_become_warnings(void **state)
{
	vg_sbom *s;
	const vg_component *c;

	(void)state;
	assert_int_equal(
		parse(CDX_HEAD "\"serialNumber\":\"urn:uuid:nope\",\"metadata\":{\"timestamp\":"
			       "\"yesterday\"},\"components\":[{\"type\":\"gizmo\",\"name\":\"a\","
			       "\"purl\":\"npm/a\",\"cpe\":\"a:b\",\"hashes\":[{\"alg\":\"CRC32\","
			       "\"content\":\"00\"},{\"alg\":\"SHA-256\",\"content\":\"AB\"},"
			       "{\"alg\":\"SHA-1\",\"content\":\"DA39A3EE5E6B4B0D3255BFEF95601890AFD80709\"}]}],"
			       "\"dependencies\":[{\"ref\":\"missing\",\"dependsOn\":[]}]}",
		      &s),
		VG_OK);
	c = s->components[0];
	assert_null(c->purl);
	assert_int_equal(c->cpes.count, 0);
	assert_int_equal(c->type, VG_COMPONENT_LIBRARY);
	assert_int_equal(c->hash_count, 1);
	assert_string_equal(c->hashes[0].alg, "SHA-1");
	assert_string_equal(c->hashes[0].value, "da39a3ee5e6b4b0d3255bfef95601890afd80709");
	assert_null(s->serial);
	assert_null(s->timestamp);
	assert_true(has_warning(s, "$.components[0].purl: 'npm/a' is not a package URL"));
	assert_true(has_warning(s, "$.components[0].cpe"));
	assert_true(has_warning(s, "$.components[0].hashes[0]: unknown hash algorithm 'CRC32'"));
	assert_true(has_warning(s, "$.components[0].hashes[1]: SHA-256 value"));
	assert_true(has_warning(s, "$.components[0].type: unknown component type 'gizmo'"));
	assert_true(has_warning(s, "$.serialNumber"));
	assert_true(has_warning(s, "$.metadata.timestamp"));
	assert_true(has_warning(s, "$.dependencies[0].ref: 'missing'"));
	vg_sbom_free(s);
}

static void test_cyclonedx_mapping(void **state)
{
	vg_sbom *s;
	const vg_component *lib, *file;

	(void)state;
	assert_int_equal(
		parse(CDX_HEAD "\"version\":3,\"metadata\":{\"tools\":[{\"name\":\"gen\","
			       "\"version\":\"2\"}],\"manufacture\":{\"name\":\"ACME\",\"url\":[\"https://acme.example\"]},"
			       "\"component\":{\"type\":\"firmware\",\"bom-ref\":\"fw\",\"name\":\"fw\"}},"
			       "\"components\":[{\"bom-ref\":\"lib\",\"name\":\"lib\",\"licenses\":["
			       "{\"license\":{\"id\":\"MIT\"}},{\"license\":{\"name\":\"My Licence\"}}],"
			       "\"components\":[{\"type\":\"file\",\"name\":\"lib.so\"}]}],"
			       "\"dependencies\":[{\"ref\":\"fw\",\"dependsOn\":[\"lib\"]}],"
			       "\"compositions\":[{\"aggregate\":\"incomplete_first_party_only\","
			       "\"assemblies\":[\"fw\"]}]}",
		      &s),
		VG_OK);
	assert_int_equal(s->version, 3);
	assert_string_equal(s->tools.items[0], "gen 2");
	assert_string_equal(s->manufacturer.url, "https://acme.example");
	assert_string_equal(s->primary->ref, "fw");
	assert_int_equal(s->primary->type, VG_COMPONENT_FIRMWARE);
	assert_int_equal(s->component_count, 2);
	lib = s->components[0];
	file = s->components[1];
	assert_string_equal(lib->license_declared, "MIT AND LicenseRef-My-Licence");
	assert_string_equal(file->ref, "vigil-component-1");
	assert_true(vg_strlist_contains(&lib->contains, file->ref));
	assert_true(vg_strlist_contains(&s->primary->depends_on, "lib"));
	assert_string_equal(s->completeness, "incomplete");
	vg_sbom_free(s);
}

static void test_spdx2_mapping(void **state)
{
	vg_sbom *s;
	const vg_component *a;

	(void)state;
	assert_int_equal(
		parse("{\"spdxVersion\":\"SPDX-2.3\",\"name\":\"doc\",\"documentNamespace\":"
		      "\"https://x.example/doc\",\"creationInfo\":{\"created\":\"2024-01-02T03:04:05Z\","
		      "\"creators\":[\"Tool: gen-1\",\"Organization: ACME (sec@acme.example)\","
		      "\"Person: Jo ()\"]},\"packages\":[{\"SPDXID\":\"SPDXRef-app\",\"name\":\"app\","
		      "\"licenseConcluded\":\"NOASSERTION\",\"licenseDeclared\":\"MIT\","
		      "\"downloadLocation\":\"NONE\",\"supplier\":\"Organization: S (s@s.example)\","
		      "\"checksums\":[{\"algorithm\":\"SHA256\",\"checksumValue\":"
		      "\"E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855\"}],"
		      "\"externalRefs\":[{\"referenceCategory\":\"PACKAGE-MANAGER\",\"referenceType\":"
		      "\"purl\",\"referenceLocator\":\"pkg:generic/app@1\"},{\"referenceCategory\":"
		      "\"SECURITY\",\"referenceType\":\"cpe23Type\",\"referenceLocator\":"
		      "\"cpe:2.3:a:acme:app:1:*:*:*:*:*:*:*\"}]},{\"SPDXID\":\"SPDXRef-lib\",\"name\":"
		      "\"lib\"}],\"relationships\":[{\"spdxElementId\":\"SPDXRef-DOCUMENT\","
		      "\"relationshipType\":\"DESCRIBES\",\"relatedSpdxElement\":\"SPDXRef-app\"},"
		      "{\"spdxElementId\":\"SPDXRef-lib\",\"relationshipType\":\"DEPENDENCY_OF\","
		      "\"relatedSpdxElement\":\"SPDXRef-app\"}]}",
		      &s),
		VG_OK);
	a = s->primary;
	assert_non_null(a);
	assert_string_equal(a->ref, "SPDXRef-app");
	assert_null(a->license_concluded);
	assert_string_equal(a->license_declared, "MIT");
	assert_int_equal(a->extref_count, 0);
	assert_string_equal(a->supplier.email, "s@s.example");
	assert_string_equal(a->purl, "pkg:generic/app@1");
	assert_string_equal(a->cpes.items[0], "cpe:2.3:a:acme:app:1:*:*:*:*:*:*:*");
	assert_string_equal(a->hashes[0].alg, "SHA-256");
	assert_true(vg_strlist_contains(&a->depends_on, "SPDXRef-lib"));
	assert_int_equal(s->component_count, 1);
	assert_string_equal(s->tools.items[0], "gen-1");
	assert_string_equal(s->manufacturer.name, "ACME");
	assert_string_equal(s->authors[0].name, "Jo");
	assert_null(s->authors[0].email);
	assert_string_equal(s->serial, "https://x.example/doc");
	vg_sbom_free(s);
}

static void test_spdx3_mapping(void **state)
{
	vg_sbom *s;

	(void)state;
	assert_int_equal(
		parse("{\"@context\":\"https://spdx.org/rdf/3.0.1/spdx-context.jsonld\",\"@graph\":["
		      "{\"type\":\"CreationInfo\",\"@id\":\"_:c\",\"specVersion\":\"3.0.1\","
		      "\"created\":\"2024-03-06T00:00:00Z\",\"createdBy\":[\"urn:org\"]},"
		      "{\"type\":\"Organization\",\"spdxId\":\"urn:org\",\"name\":\"ACME\"},"
		      "{\"type\":\"SpdxDocument\",\"spdxId\":\"urn:doc\",\"creationInfo\":\"_:c\","
		      "\"rootElement\":[\"urn:pkg\"]},"
		      "{\"type\":\"software_Package\",\"spdxId\":\"urn:pkg\",\"name\":\"p\","
		      "\"software_packageVersion\":\"1\",\"software_primaryPurpose\":\"firmware\","
		      "\"externalIdentifier\":[{\"type\":\"ExternalIdentifier\","
		      "\"externalIdentifierType\":\"packageUrl\",\"identifier\":\"pkg:generic/p@1\"}]},"
		      "{\"type\":\"software_File\",\"spdxId\":\"urn:f\",\"name\":\"p.bin\","
		      "\"verifiedUsing\":[{\"type\":\"Hash\",\"algorithm\":\"sha3_256\",\"hashValue\":"
		      "\"a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a\"}]},"
		      "{\"type\":\"simplelicensing_LicenseExpression\",\"spdxId\":\"urn:l\","
		      "\"simplelicensing_licenseExpression\":\"Apache-2.0\"},"
		      "{\"type\":\"Relationship\",\"spdxId\":\"urn:r1\",\"from\":\"urn:pkg\","
		      "\"relationshipType\":\"contains\",\"to\":[\"urn:f\"],\"completeness\":\"complete\"},"
		      "{\"type\":\"Relationship\",\"spdxId\":\"urn:r2\",\"from\":\"urn:pkg\","
		      "\"relationshipType\":\"hasConcludedLicense\",\"to\":[\"urn:l\"]}]}",
		      &s),
		VG_OK);
	assert_string_equal(s->primary->name, "p");
	assert_int_equal(s->primary->type, VG_COMPONENT_FIRMWARE);
	assert_string_equal(s->primary->purl, "pkg:generic/p@1");
	assert_string_equal(s->primary->license_concluded, "Apache-2.0");
	assert_true(vg_strlist_contains(&s->primary->contains, "urn:f"));
	assert_int_equal(s->components[0]->type, VG_COMPONENT_FILE);
	assert_string_equal(s->components[0]->hashes[0].alg, "SHA3-256");
	assert_string_equal(s->completeness, "complete");
	assert_string_equal(s->manufacturer.name, "ACME");
	assert_string_equal(s->timestamp, "2024-03-06T00:00:00Z");
	assert_string_equal(s->serial, "urn:doc");
	vg_sbom_free(s);
}

static void test_detect(void **state)
{
	static const char cdx[] = "{\"bomFormat\":\"CycloneDX\"}";
	static const char spdx2[] = "{\"spdxVersion\":\"SPDX-2.2\"}";
	static const char spdx3[] = "{\"@context\":[\"https://spdx.org/rdf/3.0.1/spdx-context.jsonld\"]}";

	(void)state;
	assert_int_equal(vg_sbom_detect(cdx, strlen(cdx)), VG_SBOM_CYCLONEDX_JSON);
	assert_int_equal(vg_sbom_detect(spdx2, strlen(spdx2)), VG_SBOM_SPDX2_JSON);
	assert_int_equal(vg_sbom_detect(spdx3, strlen(spdx3)), VG_SBOM_SPDX3_JSONLD);
	assert_int_equal(vg_sbom_detect("{}", 2), VG_SBOM_FORMAT_UNKNOWN);
	assert_int_equal(vg_sbom_detect("{", 1), VG_SBOM_FORMAT_UNKNOWN);
}

/*
 * A long component list, whose second half is read on a second thread
 * (read_cyclonedx.c): components, generated refs, warnings and errors are
 * those of reading in order, whether the second half's own reading can be
 * kept (clean, or warnings only) or must be redone (a generated ref, a ref
 * also used in the first half, an error).  `special(i)` gives component i's
 * JSON, or NULL for the plain {"bom-ref":"c<i>","name":"n<i>",...}.
 */
#define LONG_LIST 4000

static char *long_sbom(const char *(*special)(size_t i))
{
	vg_buf b = VG_BUF_INIT;
	size_t i;

	assert_int_equal(vg_buf_puts(&b, CDX_HEAD "\"components\":["), VG_OK);
	for (i = 0; i < LONG_LIST; i++) {
		const char *own = special ? special(i) : NULL;

		if (i)
			assert_int_equal(vg_buf_putc(&b, ','), VG_OK);
		if (own)
			assert_int_equal(vg_buf_puts(&b, own), VG_OK);
		else
			assert_int_equal(vg_buf_printf(&b, "{\"type\":\"library\",\"bom-ref\":"
						       "\"c%zu\",\"name\":\"n%zu\",\"purl\":"
						       "\"pkg:npm/n%zu@1.0\"}", i, i, i),
					 VG_OK);
	}
	assert_int_equal(vg_buf_puts(&b, "]}"), VG_OK);
	return vg_buf_detach(&b);
}

static const char *warnings_in_both_halves(size_t i)
{
	return i == 50	   ? "{\"type\":\"library\",\"bom-ref\":\"c50\",\"name\":\"n50\",\"purl\":\"npm/x\"}"
	       : i == 3900 ? "{\"type\":\"library\",\"bom-ref\":\"c3900\",\"name\":\"n3900\",\"purl\":\"npm/y\"}"
			   : NULL;
}

static const char *refs_made_in_both_halves(size_t i)
{
	return i == 100	   ? "{\"type\":\"library\",\"name\":\"n100\"}"
	       : i == 3000 ? "{\"type\":\"library\",\"bom-ref\":\"c10\",\"name\":\"n3000\"}"
	       : i == 3500 ? "{\"type\":\"library\",\"name\":\"n3500\"}"
			   : NULL;
}

static const char *error_in_second_half(size_t i)
{
	return i == 3999 ? "{\"name\":5}" : NULL;
}

static const char *errors_in_both_halves(size_t i)
{
	return i == 5 ? "{\"type\":\"library\",\"bom-ref\":\"c5\"}" : i == 3000 ? "{\"name\":5}" : NULL;
}

static void test_long_component_lists_read_as_in_order(void **state)
{
	vg_sbom *s;
	char *text;
	size_t i;

	(void)state;
	text = long_sbom(NULL);
	assert_int_equal(parse(text, &s), VG_OK);
	assert_int_equal(s->component_count, LONG_LIST);
	for (i = 0; i < LONG_LIST; i += 333) {
		char ref[32];

		snprintf(ref, sizeof(ref), "c%zu", i);
		assert_string_equal(s->components[i]->ref, ref);
		assert_ptr_equal(vg_sbom_find(s, ref), s->components[i]);
	}
	assert_string_equal(s->components[LONG_LIST - 1]->purl, "pkg:npm/n3999@1.0");
	assert_int_equal(s->warnings.count, 0);
	vg_sbom_free(s);
	free(text);

	text = long_sbom(warnings_in_both_halves);
	assert_int_equal(parse(text, &s), VG_OK);
	assert_int_equal(s->warnings.count, 2);
	assert_non_null(strstr(s->warnings.items[0], "$.components[50].purl"));
	assert_non_null(strstr(s->warnings.items[1], "$.components[3900].purl"));
	vg_sbom_free(s);
	free(text);

	text = long_sbom(refs_made_in_both_halves);
	assert_int_equal(parse(text, &s), VG_OK);
	assert_int_equal(s->component_count, LONG_LIST);
	assert_string_equal(s->components[100]->ref, "vigil-component-1");
	assert_string_equal(s->components[3000]->ref, "vigil-component-2");
	assert_string_equal(s->components[3500]->ref, "vigil-component-3");
	assert_string_equal(s->components[3001]->ref, "c3001");
	assert_ptr_equal(vg_sbom_find(s, "c10"), s->components[10]);
	assert_int_equal(s->warnings.count, 1);
	assert_string_equal(s->warnings.items[0],
			    "$.components[3000].bom-ref: 'c10' is used twice, a ref was generated");
	vg_sbom_free(s);
	free(text);

	text = long_sbom(error_in_second_half);
	expect_error(text, VG_EPARSE, "t.json: $.components[3999].name: expected a string");
	free(text);
	text = long_sbom(errors_in_both_halves);
	expect_error(text, VG_EPARSE, "t.json: $.components[5]: missing required member \"name\"");
	free(text);
}

static void test_writers_are_deterministic_and_fill_gaps(void **state)
{
	static const vg_sbom_format formats[] = { VG_SBOM_CYCLONEDX_JSON, VG_SBOM_SPDX2_JSON,
						  VG_SBOM_SPDX3_JSONLD };
	vg_sbom *s = vg_sbom_new(), *back;
	vg_component *c;
	char *one, *two;
	size_t i;

	(void)state;
	assert_non_null(s);
	c = vg_sbom_add_component(s, "my lib@1");
	assert_non_null(c);
	c->name = vg_strdup("lib");
	/* no serial, no timestamp: generated */
	assert_int_equal(vg_sbom_write(s, VG_SBOM_CYCLONEDX_JSON, &one), VG_OK);
	assert_int_equal(vg_sbom_parse(one, strlen(one), "w", &back), VG_OK);
	assert_non_null(back->serial);
	assert_true(vg_str_starts_with(back->serial, "urn:uuid:"));
	assert_non_null(back->timestamp);
	assert_int_equal(back->warnings.count, 0);
	vg_sbom_free(back);
	free(one);
	/* with both set, every format gives the same bytes twice */
	s->serial = vg_strdup("urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79");
	s->timestamp = vg_strdup("2024-01-01T00:00:00Z");
	for (i = 0; i < 3; i++) {
		assert_int_equal(vg_sbom_write(s, formats[i], &one), VG_OK);
		assert_int_equal(vg_sbom_write(s, formats[i], &two), VG_OK);
		assert_string_equal(one, two);
		assert_int_equal(vg_sbom_parse(one, strlen(one), "w", &back), VG_OK);
		assert_int_equal(back->component_count, 1);
		assert_string_equal(back->components[0]->name, "lib");
		vg_sbom_free(back);
		free(one);
		free(two);
	}
	vg_sbom_free(s);
}

static void test_write_file_is_atomic_and_reports_errors(void **state)
{
	const char *dir = vg_test_tmpdir("sbom_write");
	char path[4096];
	vg_sbom *s = vg_sbom_new(), *back;

	(void)state;
	snprintf(path, sizeof(path), "%s/out.json", dir);
	assert_int_equal(vg_sbom_write_file(s, VG_SBOM_SPDX2_JSON, path), VG_OK);
	assert_int_equal(vg_sbom_read_file(path, &back), VG_OK);
	assert_int_equal(back->source_format, VG_SBOM_SPDX2_JSON);
	vg_sbom_free(back);
	snprintf(path, sizeof(path), "%s/missing/out.json", dir);
	assert_int_not_equal(vg_sbom_write_file(s, VG_SBOM_CYCLONEDX_JSON, path), VG_OK);
	assert_int_equal(vg_sbom_write_file(s, VG_SBOM_FORMAT_UNKNOWN, path), VG_EINVAL);
	assert_int_not_equal(vg_sbom_read_file(path, &back), VG_OK);
	assert_null(back);
	vg_sbom_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_malformed_json_is_rejected_with_place),
		cmocka_unit_test(test_wrong_types_name_the_json_path),
		cmocka_unit_test(test_deep_nesting_is_refused),
		cmocka_unit_test(test_huge_strings_survive_read_and_write),
		cmocka_unit_test(test_tolerated_faults_become_warnings),
		cmocka_unit_test(test_cyclonedx_mapping),
		cmocka_unit_test(test_spdx2_mapping),
		cmocka_unit_test(test_spdx3_mapping),
		cmocka_unit_test(test_detect),
		cmocka_unit_test(test_long_component_lists_read_as_in_order),
		cmocka_unit_test(test_writers_are_deterministic_and_fill_gaps),
		cmocka_unit_test(test_write_file_is_atomic_and_reports_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
