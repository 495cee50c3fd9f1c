/*
 * test_sbom_check.c - `sbom check` on models built in code: a perfect SBOM
 * scores 100 under both profiles, and taking away any one required field
 * fails exactly that requirement, names the field on exactly that component
 * and lowers the score by the documented formula.
 */
#include "testutil.h"
#include "vigil/error.h"
#include "vigil/sbom.h"
#include "vigil/sbom_check.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SHA512 "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce" \
	       "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e"

static void fill_component(vg_component *c, const char *name)
{
	char buf[128];
	vg_extref *r;

	c->name = strdup(name);
	c->version = strdup("1.2.3");
	c->manufacturer.name = strdup("Example GmbH");
	c->manufacturer.email = strdup("dev@example.com");
	c->supplier.name = strdup("Example GmbH");
	c->license_concluded = strdup("MIT");
	c->license_declared = strdup("MIT");
	snprintf(buf, sizeof(buf), "pkg:generic/example/%s@1.2.3", name);
	c->purl = strdup(buf);
	snprintf(buf, sizeof(buf), "%s-1.2.3.tar.gz", name);
	assert_int_equal(vg_component_add_property(c, "bsi:component:filename", buf), VG_OK);
	assert_int_equal(vg_component_add_property(c, "bsi:component:executable", "executable"),
			 VG_OK);
	assert_int_equal(vg_component_add_property(c, "bsi:component:archive", "archive"), VG_OK);
	assert_int_equal(vg_component_add_property(c, "bsi:component:structured", "structured"),
			 VG_OK);
	assert_int_equal(vg_component_add_property(c, "bsi:component:effectiveLicense", "MIT"),
			 VG_OK);
	r = vg_component_add_extref(c, "distribution", "https://example.com/dl/x.tar.gz");
	assert_non_null(r);
	assert_int_equal(vg_extref_add_hash(r, "SHA-512", SHA512), VG_OK);
	r = vg_component_add_extref(c, "source-distribution", "https://example.com/src/x.tar.gz");
	assert_non_null(r);
	assert_int_equal(vg_extref_add_hash(r, "SHA-256", "ab"), VG_OK);
	assert_non_null(vg_component_add_extref(c, "rfc-9116",
						"https://example.com/.well-known/security.txt"));
}

/* A perfect SBOM: primary "app" -> "lib" -> "leaf". */
static vg_sbom *perfect_sbom(void)
{
	vg_sbom *s = vg_sbom_new();
	vg_component *app, *lib, *leaf;

	assert_non_null(s);
	s->timestamp = strdup("2025-08-20T10:00:00Z");
	s->serial = strdup("urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79");
	s->completeness = strdup("complete");
	s->manufacturer.name = strdup("Example GmbH");
	s->manufacturer.url = strdup("https://example.com");
	assert_int_equal(vg_sbom_add_author(s, "Jane Doe", "jane@example.com", NULL), VG_OK);
	app = vg_sbom_set_primary(s, "app");
	lib = vg_sbom_add_component(s, "lib");
	leaf = vg_sbom_add_component(s, "leaf");
	assert_true(app && lib && leaf);
	fill_component(app, "app");
	fill_component(lib, "lib");
	fill_component(leaf, "leaf");
	assert_int_equal(vg_strlist_add(&app->depends_on, "lib"), VG_OK);
	assert_int_equal(vg_strlist_add(&lib->depends_on, "leaf"), VG_OK);
	return s;
}

static vg_check_report *check(const vg_sbom *s, vg_check_profile p)
{
	vg_check_report *r = NULL;

	assert_int_equal(vg_sbom_check(s, p, &r), VG_OK);
	assert_non_null(r);
	return r;
}

static const vg_check_result *result(const vg_check_profile_report *pr, const char *id)
{
	size_t i;

	for (i = 0; i < pr->result_count; i++)
		if (!strcmp(pr->results[i].req->id, id))
			return &pr->results[i];
	fail_msg("no requirement %s", id);
	return NULL;
}

static void test_perfect_sbom_scores_100(void **state)
{
	vg_sbom *s = perfect_sbom();
	vg_check_report *r = check(s, VG_CHECK_ALL);
	size_t i, j;

	(void)state;
	assert_int_equal(r->profile_count, 2);
	assert_string_equal(r->profiles[0].name, "bsi");
	assert_string_equal(r->profiles[1].name, "ntia");
	for (i = 0; i < r->profile_count; i++) {
		const vg_check_profile_report *pr = &r->profiles[i];

		assert_true(pr->score == 100.0);
		assert_int_equal(pr->grade, 'A');
		assert_true(pr->compliant);
		assert_int_equal(pr->required_met, pr->required_count);
		assert_int_equal(pr->component_count, 3);
		assert_string_equal(pr->components[0].ref, "app");
		for (j = 0; j < pr->component_count; j++) {
			assert_int_equal(pr->components[j].missing.count, 0);
			assert_int_equal(pr->components[j].missing_recommended.count, 0);
		}
	}
	assert_int_equal(r->profiles[0].required_count, 19);
	assert_int_equal(r->profiles[1].required_count, 7);
	/* Built in memory: the format is assumed and the assumption said. */
	assert_int_equal(r->notes.count, 1);
	vg_check_report_free(r);
	vg_sbom_free(s);
}

/* ---- taking one field away ---- */

typedef void (*mutate_fn)(vg_sbom *s, vg_component *leaf);

#define CLEAR(p) (free(p), (p) = NULL)

static void m_format(vg_sbom *s, vg_component *c)
{
	(void)c;
	s->source_format = VG_SBOM_SPDX2_JSON;
	s->spec_version = strdup("SPDX-2.3");
}
static void m_creator(vg_sbom *s, vg_component *c)
{
	(void)c;
	CLEAR(s->manufacturer.url);
	CLEAR(s->authors[0].email);
}
static void m_timestamp(vg_sbom *s, vg_component *c)
{
	(void)c;
	CLEAR(s->timestamp);
}
static void m_serial(vg_sbom *s, vg_component *c)
{
	(void)c;
	CLEAR(s->serial);
}
static void m_completeness(vg_sbom *s, vg_component *c)
{
	(void)c;
	CLEAR(s->completeness);
}
static void m_comp_creator(vg_sbom *s, vg_component *c)
{
	(void)s;
	CLEAR(c->manufacturer.email);
}
static void m_name(vg_sbom *s, vg_component *c)
{
	(void)s;
	CLEAR(c->name);
}
static void m_version(vg_sbom *s, vg_component *c)
{
	(void)s;
	CLEAR(c->version);
}
/* Property values are replaced by "" (absent to the checker) to keep the array. */
static void clear_property(vg_component *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->property_count; i++)
		if (!strcmp(c->properties[i].name, name))
			c->properties[i].value[0] = '\0';
}
static void m_filename(vg_sbom *s, vg_component *c)
{
	(void)s;
	clear_property(c, "bsi:component:filename");
}
static void m_dependencies(vg_sbom *s, vg_component *c)
{
	(void)c;
	vg_strlist_free(&s->components[0]->depends_on); /* lib no longer depends on leaf */
}
static void m_concluded(vg_sbom *s, vg_component *c)
{
	(void)s;
	free(c->license_concluded);
	c->license_concluded = strdup("NOASSERTION");
}
static void m_hash(vg_sbom *s, vg_component *c)
{
	(void)s;
	free(c->extrefs[0].hashes[0].alg);
	c->extrefs[0].hashes[0].alg = strdup("SHA-256");
}
static void m_executable(vg_sbom *s, vg_component *c)
{
	(void)s;
	clear_property(c, "bsi:component:executable");
}
static void m_archive(vg_sbom *s, vg_component *c)
{
	(void)s;
	clear_property(c, "bsi:component:archive");
}
static void m_structured(vg_sbom *s, vg_component *c)
{
	(void)s;
	clear_property(c, "bsi:component:structured");
}
static void m_source_uri(vg_sbom *s, vg_component *c)
{
	(void)s;
	free(c->extrefs[1].type);
	c->extrefs[1].type = strdup("website");
}
static void m_deployable_uri(vg_sbom *s, vg_component *c)
{
	(void)s;
	c->extrefs[0].url[0] = '\0';
}
static void m_identifier(vg_sbom *s, vg_component *c)
{
	(void)s;
	CLEAR(c->purl);
}
static void m_declared(vg_sbom *s, vg_component *c)
{
	(void)s;
	CLEAR(c->license_declared);
}
static void m_supplier(vg_sbom *s, vg_component *c)
{
	(void)s;
	CLEAR(c->supplier.name);
	CLEAR(c->manufacturer.name);
	CLEAR(c->manufacturer.email);
}
static void m_top_level_deps(vg_sbom *s, vg_component *c)
{
	(void)c;
	vg_strlist_free(&s->primary->depends_on);
}
static void m_author(vg_sbom *s, vg_component *c)
{
	(void)c;
	CLEAR(s->manufacturer.name);
	CLEAR(s->manufacturer.url);
	CLEAR(s->authors[0].name);
	CLEAR(s->authors[0].email);
}

typedef struct removal {
	vg_check_profile profile;
	const char *id;
	mutate_fn mutate;
	const char *field; /* expected missing on "leaf" (NULL: document requirement) */
} removal;

static const removal removals[] = {
	{ VG_CHECK_BSI, "bsi.format", m_format, NULL },
	{ VG_CHECK_BSI, "bsi.creator", m_creator, NULL },
	{ VG_CHECK_BSI, "bsi.timestamp", m_timestamp, NULL },
	{ VG_CHECK_BSI, "bsi.sbom-uri", m_serial, NULL },
	{ VG_CHECK_BSI, "bsi.completeness", m_completeness, NULL },
	{ VG_CHECK_BSI, "bsi.component.creator", m_comp_creator, "creator" },
	{ VG_CHECK_BSI, "bsi.component.name", m_name, "name" },
	{ VG_CHECK_BSI, "bsi.component.version", m_version, "version" },
	{ VG_CHECK_BSI, "bsi.component.filename", m_filename, "filename" },
	{ VG_CHECK_BSI, "bsi.component.dependencies", m_dependencies, "dependencies" },
	{ VG_CHECK_BSI, "bsi.component.licence-concluded", m_concluded, "licence-concluded" },
	{ VG_CHECK_BSI, "bsi.component.hash", m_hash, "sha512-hash" },
	{ VG_CHECK_BSI, "bsi.component.executable", m_executable, "executable" },
	{ VG_CHECK_BSI, "bsi.component.archive", m_archive, "archive" },
	{ VG_CHECK_BSI, "bsi.component.structured", m_structured, "structured" },
	{ VG_CHECK_BSI, "bsi.component.source-uri", m_source_uri, "source-uri" },
	{ VG_CHECK_BSI, "bsi.component.deployable-uri", m_deployable_uri, "deployable-uri" },
	{ VG_CHECK_BSI, "bsi.component.identifier", m_identifier, "identifier" },
	{ VG_CHECK_BSI, "bsi.component.licence-declared", m_declared, "licence-declared" },
	{ VG_CHECK_NTIA, "ntia.supplier", m_supplier, "supplier" },
	{ VG_CHECK_NTIA, "ntia.name", m_name, "name" },
	{ VG_CHECK_NTIA, "ntia.version", m_version, "version" },
	{ VG_CHECK_NTIA, "ntia.identifier", m_identifier, "identifier" },
	{ VG_CHECK_NTIA, "ntia.dependencies", m_top_level_deps, NULL },
	{ VG_CHECK_NTIA, "ntia.author", m_author, NULL },
	{ VG_CHECK_NTIA, "ntia.timestamp", m_timestamp, NULL },
};

static void check_one_removal(const removal *rm)
{
	vg_sbom *s = perfect_sbom();
	vg_check_report *r;
	const vg_check_profile_report *pr;
	const vg_check_result *failed;
	double expected;
	size_t i;

	rm->mutate(s, s->components[1]);
	r = check(s, rm->profile);
	pr = &r->profiles[0];
	failed = result(pr, rm->id);
	assert_int_equal(failed->checked - failed->passed, 1);
	for (i = 0; i < pr->result_count; i++)
		if (&pr->results[i] != failed && pr->results[i].req->level == VG_CHECK_REQUIRED &&
		    pr->results[i].passed != pr->results[i].checked)
			fail_msg("%s: %s failed too", rm->id, pr->results[i].req->id);
	if (rm->field) {
		assert_int_equal(pr->components[2].missing.count, 1);
		assert_string_equal(pr->components[2].missing.items[0], rm->field);
		assert_int_equal(pr->components[0].missing.count + pr->components[1].missing.count,
				 0);
		assert_null(failed->detail);
	} else {
		assert_non_null(failed->detail);
		for (i = 0; i < pr->component_count; i++)
			assert_int_equal(pr->components[i].missing.count, 0);
	}
	/* The documented formula: mean of the required requirements' scores. */
	expected = round((100.0 * (double)(pr->required_count - 1) + failed->score) /
			 (double)pr->required_count * 10.0) / 10.0;
	assert_true(fabs(pr->score - expected) < 1e-9);
	assert_false(pr->compliant);
	assert_int_equal(pr->required_met, pr->required_count - 1);
	vg_check_report_free(r);
	vg_sbom_free(s);
}

static void test_each_removal_fails_exactly_that_requirement(void **state)
{
	size_t i, bsi = 0, ntia = 0, n;
	const vg_check_requirement *reqs;

	(void)state;
	for (i = 0; i < sizeof(removals) / sizeof(removals[0]); i++)
		check_one_removal(&removals[i]);
	/* Every required requirement of both profiles is covered above. */
	reqs = vg_check_requirements(VG_CHECK_BSI, &n);
	for (i = 0; i < n; i++)
		bsi += reqs[i].level == VG_CHECK_REQUIRED;
	reqs = vg_check_requirements(VG_CHECK_NTIA, &n);
	for (i = 0; i < n; i++)
		ntia += reqs[i].level == VG_CHECK_REQUIRED;
	assert_int_equal(bsi + ntia, sizeof(removals) / sizeof(removals[0]));
}

static void test_recommendations_do_not_lower_the_score(void **state)
{
	vg_sbom *s = perfect_sbom();
	vg_component *leaf = s->components[1];
	vg_check_report *r;
	const vg_check_profile_report *pr;

	(void)state;
	clear_property(leaf, "bsi:component:effectiveLicense");
	leaf->extref_count = 2; /* drop the rfc-9116 reference... */
	free(leaf->extrefs[2].type);
	free(leaf->extrefs[2].url);
	free(leaf->extrefs[1].hashes[0].alg); /* ...and the source hash */
	free(leaf->extrefs[1].hashes[0].value);
	free(leaf->extrefs[1].hashes);
	leaf->extrefs[1].hashes = NULL;
	leaf->extrefs[1].hash_count = 0;
	r = check(s, VG_CHECK_BSI);
	pr = &r->profiles[0];
	assert_true(pr->score == 100.0);
	assert_true(pr->compliant);
	assert_int_equal(pr->components[2].missing.count, 0);
	assert_int_equal(pr->components[2].missing_recommended.count, 3);
	assert_string_equal(pr->components[2].missing_recommended.items[0], "effective-licence");
	assert_string_equal(pr->components[2].missing_recommended.items[1], "source-hash");
	assert_string_equal(pr->components[2].missing_recommended.items[2], "security-txt");
	vg_check_report_free(r);
	vg_sbom_free(s);
}

static bool format_ok(vg_sbom_format f, const char *spec)
{
	vg_sbom *s = perfect_sbom();
	vg_check_report *r;
	bool ok;

	s->source_format = f;
	s->spec_version = spec ? strdup(spec) : NULL;
	r = check(s, VG_CHECK_BSI);
	ok = result(&r->profiles[0], "bsi.format")->passed == 1;
	assert_int_equal(r->notes.count, f == VG_SBOM_FORMAT_UNKNOWN ? 1 : 0);
	vg_check_report_free(r);
	vg_sbom_free(s);
	return ok;
}

static void test_format_versions(void **state)
{
	(void)state;
	assert_true(format_ok(VG_SBOM_FORMAT_UNKNOWN, NULL));
	assert_true(format_ok(VG_SBOM_CYCLONEDX_JSON, "1.6"));
	assert_true(format_ok(VG_SBOM_CYCLONEDX_JSON, "1.7"));
	assert_true(format_ok(VG_SBOM_CYCLONEDX_JSON, "1.10"));
	assert_false(format_ok(VG_SBOM_CYCLONEDX_JSON, "1.5"));
	assert_false(format_ok(VG_SBOM_CYCLONEDX_JSON, NULL));
	assert_false(format_ok(VG_SBOM_SPDX2_JSON, "SPDX-2.3"));
	assert_true(format_ok(VG_SBOM_SPDX3_JSONLD, "3.0.1"));
	assert_true(format_ok(VG_SBOM_SPDX3_JSONLD, "SPDX-3.1"));
	assert_false(format_ok(VG_SBOM_SPDX3_JSONLD, "3.0.0"));
	assert_false(format_ok(VG_SBOM_SPDX3_JSONLD, "3.0"));
}

static bool timestamp_ok(const char *ts)
{
	vg_sbom *s = perfect_sbom();
	vg_check_report *r;
	bool ok;

	free(s->timestamp);
	s->timestamp = strdup(ts);
	r = check(s, VG_CHECK_NTIA);
	ok = result(&r->profiles[0], "ntia.timestamp")->passed == 1;
	vg_check_report_free(r);
	vg_sbom_free(s);
	return ok;
}

static void test_timestamps_must_be_rfc3339(void **state)
{
	(void)state;
	assert_true(timestamp_ok("2025-08-20T10:00:00Z"));
	assert_true(timestamp_ok("2025-08-20T10:00:00.123456+02:00"));
	assert_true(timestamp_ok("2025-08-20t10:00:00-05:30"));
	assert_false(timestamp_ok("2025-08-20"));
	assert_false(timestamp_ok("2025-08-20T10:00:00"));
	assert_false(timestamp_ok("2025-08-20 10:00:00Z"));
	assert_false(timestamp_ok("2025-08-20T10:00:00+0200"));
	assert_false(timestamp_ok("yesterday"));
	assert_false(timestamp_ok(""));
}

static void test_filename_hash_and_file_components(void **state)
{
	vg_sbom *s = perfect_sbom();
	vg_component *leaf = s->components[1], *file;
	vg_check_report *r;
	const vg_check_result *fn, *hash;

	(void)state;
	/* A path is not a filename; a SHA-512 on the component itself counts. */
	free(leaf->properties[0].value);
	leaf->properties[0].value = strdup("usr/lib/libleaf.so");
	free(leaf->extrefs[0].hashes[0].alg);
	leaf->extrefs[0].hashes[0].alg = strdup("MD5");
	assert_int_equal(vg_component_add_hash(leaf, "sha512", SHA512), VG_OK);
	/* A file component's own name is its filename unless it is a path. */
	file = vg_sbom_add_component(s, "f");
	file->type = VG_COMPONENT_FILE;
	file->name = strdup("./src/main.c");
	assert_int_equal(vg_strlist_add(&s->primary->contains, "f"), VG_OK);
	r = check(s, VG_CHECK_BSI);
	fn = result(&r->profiles[0], "bsi.component.filename");
	hash = result(&r->profiles[0], "bsi.component.hash");
	assert_int_equal(fn->checked, 4);
	assert_int_equal(fn->passed, 2);
	assert_int_equal(hash->passed, 3);
	assert_true(fabs(fn->score - 50.0) < 1e-9);
	assert_true(r->profiles[0].components[3].missing.count > 5);
	vg_check_report_free(r);
	free(file->name);
	file->name = strdup("main.c");
	r = check(s, VG_CHECK_BSI);
	assert_int_equal(result(&r->profiles[0], "bsi.component.filename")->passed, 3);
	vg_check_report_free(r);
	vg_sbom_free(s);
}

static void test_grades(void **state)
{
	double min;

	(void)state;
	assert_int_equal(vg_check_grade(100), 'A');
	assert_int_equal(vg_check_grade(90), 'A');
	assert_int_equal(vg_check_grade(89.9), 'B');
	assert_int_equal(vg_check_grade(75), 'B');
	assert_int_equal(vg_check_grade(74.9), 'C');
	assert_int_equal(vg_check_grade(50), 'C');
	assert_int_equal(vg_check_grade(25), 'D');
	assert_int_equal(vg_check_grade(24.9), 'F');
	assert_int_equal(vg_check_grade(0), 'F');
	assert_int_equal(vg_check_grade_parse("b", &min), VG_OK);
	assert_true(min == 75);
	assert_int_equal(vg_check_grade_parse("F", &min), VG_OK);
	assert_true(min == 0);
	assert_int_equal(vg_check_grade_parse("E", &min), VG_EINVAL);
	assert_int_equal(vg_check_grade_parse("AB", &min), VG_EINVAL);
	assert_int_equal(vg_check_grade_parse("", &min), VG_EINVAL);
}

static void test_profiles_and_bad_arguments(void **state)
{
	vg_check_profile p;
	vg_check_report *r = (vg_check_report *)1;
	vg_sbom *s = vg_sbom_new();

	(void)state;
	assert_int_equal(vg_check_profile_parse("BSI", &p), VG_OK);
	assert_int_equal(p, VG_CHECK_BSI);
	assert_int_equal(vg_check_profile_parse("all", &p), VG_OK);
	assert_int_equal(p, VG_CHECK_ALL);
	assert_int_equal(vg_check_profile_parse("cisa", &p), VG_EINVAL);
	assert_non_null(strstr(vg_error_message(), "cisa"));
	assert_int_equal(vg_sbom_check(s, 0, &r), VG_EINVAL);
	assert_null(r);
	assert_int_equal(vg_sbom_check(s, (vg_check_profile)8, &r), VG_EINVAL);
	/* An empty SBOM fails all but the (vacuous) dependency requirement. */
	assert_int_equal(vg_sbom_check(s, VG_CHECK_NTIA, &r), VG_OK);
	assert_int_equal(r->profiles[0].component_count, 0);
	assert_int_equal(r->profiles[0].required_met, 1);
	assert_true(fabs(r->profiles[0].score - 14.3) < 1e-9);
	assert_int_equal(r->profiles[0].grade, 'F');
	assert_int_equal(r->notes.count, 2);
	vg_check_report_free(r);
	vg_sbom_free(s);
}

static void test_many_components_and_json(void **state)
{
	vg_sbom *s = perfect_sbom();
	vg_check_report *r;
	json_t *j, *comps, *reqs;
	char ref[32];
	size_t i;

	(void)state;
	for (i = 0; i < 800; i++) {
		vg_component *c;

		snprintf(ref, sizeof(ref), "c%zu", i);
		c = vg_sbom_add_component(s, ref);
		c->name = strdup(ref);
		if (i % 2)
			c->version = strdup("1.0");
		assert_int_equal(vg_strlist_add(&s->primary->depends_on, ref), VG_OK);
	}
	r = check(s, VG_CHECK_ALL);
	/* 403 of 803 have a version: 50.2 per cent for the version requirement. */
	assert_true(fabs(result(&r->profiles[1], "ntia.version")->score - 50.2) < 1e-9);
	assert_int_equal(r->profiles[1].grade, 'C');
	j = vg_check_report_json(r);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(
				    json_array_get(json_object_get(j, "profiles"), 1), "grade")),
			    "C");
	comps = json_object_get(json_array_get(json_object_get(j, "profiles"), 1), "components");
	assert_int_equal(json_array_size(comps), 803);
	/* c0 (no version, no supplier, no purl) lacks exactly these, in table order. */
	assert_string_equal(json_string_value(json_array_get(
				    json_object_get(json_array_get(comps, 3), "missing"), 1)),
			    "version");
	assert_int_equal(json_array_size(json_object_get(json_array_get(comps, 3), "missing")), 3);
	reqs = json_object_get(json_array_get(json_object_get(j, "profiles"), 0), "requirements");
	assert_int_equal(json_array_size(reqs), 22);
	assert_string_equal(json_string_value(json_object_get(json_array_get(reqs, 0), "level")),
			    "required");
	json_decref(j);
	vg_check_report_free(r);
	vg_sbom_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_perfect_sbom_scores_100),
		cmocka_unit_test(test_each_removal_fails_exactly_that_requirement),
		cmocka_unit_test(test_recommendations_do_not_lower_the_score),
		cmocka_unit_test(test_format_versions),
		cmocka_unit_test(test_timestamps_must_be_rfc3339),
		cmocka_unit_test(test_filename_hash_and_file_components),
		cmocka_unit_test(test_grades),
		cmocka_unit_test(test_profiles_and_bad_arguments),
		cmocka_unit_test(test_many_components_and_json),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
