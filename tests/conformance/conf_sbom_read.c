/*
 * conf_sbom_read.c - the SBOM readers and writers against public examples.
 *
 * 1. Every valid example reads: CycloneDX test resources valid-*.json
 *    (1.4-1.7), the CycloneDX bom-examples, the SPDX 2.x and SPDX 3.0.1
 *    examples of spdx-spec and spdx-examples.  Counts per family.
 * 2. Every CycloneDX invalid-*.json resource (1.4-1.7) is rejected or read
 *    with a warning; the table is printed.  Resources whose fault lies in a
 *    field the model does not hold may read silently, but only those listed
 *    in `ignored` below, each with its reason.
 * 3. Round trip: every valid example is read, written as CycloneDX and as
 *    SPDX 2.3, read again, and the two models are compared in everything the
 *    target format can express (model_compare below; the losses are the
 *    writers' documented ones).
 */
#include "testutil.h"

#include "vigil/error.h"
#include "vigil/sbom.h"
#include "vigil/str.h"

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- finding the examples ---- */

static bool keep_valid_resource(const char *path, const char *name)
{
	(void)path;
	return vg_str_starts_with(name, "valid-");
}

static bool keep_invalid_resource(const char *path, const char *name)
{
	(void)path;
	return vg_str_starts_with(name, "invalid-");
}

static bool keep_any(const char *path, const char *name)
{
	(void)path;
	(void)name;
	return true;
}

static bool keep_spdx2(const char *path, const char *name)
{
	(void)name;
	return strstr(path, "/spdx2.") != NULL || strstr(path, "spdx-spec/examples/") != NULL;
}

static bool keep_spdx3(const char *path, const char *name)
{
	(void)name;
	return strstr(path, "/spdx3.0/") != NULL || strstr(path, "/v3.0.1/package_") != NULL;
}

/* *.json files under dir (recursively) that keep() accepts, sorted. */
static void collect(const char *dir, bool (*keep)(const char *, const char *), vg_strlist *out)
{
	char path[4096];
	struct dirent *e;
	struct stat st;
	DIR *d = opendir(dir);

	if (!d)
		return;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (stat(path, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode))
			collect(path, keep, out);
		else if (vg_str_ends_with(e->d_name, ".json") && keep(path, e->d_name))
			assert_int_equal(vg_strlist_add(out, path), VG_OK);
	}
	closedir(d);
	vg_strlist_sort(out);
}

static void collect_versions(bool (*keep)(const char *, const char *), vg_strlist *out)
{
	static const char *const versions[] = { "1.4", "1.5", "1.6", "1.7" };
	char rel[128];
	size_t i;

	for (i = 0; i < 4; i++) {
		snprintf(rel, sizeof(rel), "sbom/cyclonedx-specification/test-resources/%s",
			 versions[i]);
		collect(vg_test_data(rel), keep, out);
	}
}

/* ---- comparing models ---- */

static int failures_in_compare;

static void mismatch(const char *file, const char *fmt, const char *what, const char *a,
		     const char *b)
{
	if (failures_in_compare++ < 1)
		printf("  round trip %s via %s: %s differs: '%s' vs '%s'\n", file, fmt, what,
		       a ? a : "(null)", b ? b : "(null)");
}

static bool str_eq(const char *a, const char *b)
{
	if (a && !*a)
		a = NULL;
	if (b && !*b)
		b = NULL;
	return (!a && !b) || (a && b && !strcmp(a, b));
}

#define CHECK_STR(what, x, y)                                                                  \
	do {                                                                                   \
		if (!str_eq((x), (y)))                                                         \
			mismatch(file, fmt, (what), (x), (y));                                 \
	} while (0)

typedef struct cmp {
	const char *file, *fmt;
	bool cdx;                 /* target CycloneDX (else SPDX 2.3) */
	const vg_sbom *a, *b;
	const vg_component **ac, **bc; /* primary first, then components */
	size_t an, bn;
} cmp;

static void all_of(const vg_sbom *s, const vg_component ***out, size_t *n)
{
	size_t i;

	*out = malloc((s->component_count + 1) * sizeof(**out));
	assert_non_null(*out);
	*n = 0;
	if (s->primary)
		(*out)[(*n)++] = s->primary;
	for (i = 0; i < s->component_count; i++)
		(*out)[(*n)++] = s->components[i];
}

/* b's component matching a's component i: same ref (CycloneDX keeps refs),
 * same position (SPDX 2 renames refs but keeps the order). */
static const vg_component *match(const cmp *m, size_t i)
{
	size_t j;

	if (!m->cdx)
		return i < m->bn ? m->bc[i] : NULL;
	for (j = 0; j < m->bn; j++)
		if (!strcmp(m->bc[j]->ref, m->ac[i]->ref))
			return m->bc[j];
	return NULL;
}

static const vg_component *match_ref(const cmp *m, const char *ref)
{
	size_t i;

	for (i = 0; i < m->an; i++)
		if (!strcmp(m->ac[i]->ref, ref))
			return match(m, i);
	return NULL;
}

/* Both ref lists name the same components (order-insensitive). */
static bool refs_equal(const cmp *m, const vg_strlist *a, const vg_strlist *b)
{
	size_t i, hits = 0;
	const vg_component *t;

	for (i = 0; i < a->count; i++) {
		t = match_ref(m, a->items[i]);
		if (!t || !vg_strlist_contains(b, t->ref))
			return false;
		hits++;
	}
	return hits == b->count;
}

/* Every ref in b names a component a's list names (b may hold fewer). */
static bool refs_subset(const cmp *m, const vg_strlist *a, const vg_strlist *b)
{
	size_t i, j;
	const vg_component *t;

	for (j = 0; j < b->count; j++) {
		for (i = 0; i < a->count; i++) {
			t = match_ref(m, a->items[i]);
			if (t && !strcmp(t->ref, b->items[j]))
				break;
		}
		if (i == a->count)
			return false;
	}
	return true;
}

/* Whether some component of s contains ref. */
static bool contained_somewhere(const vg_component **all, size_t n, const char *ref)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (vg_strlist_contains(&all[i]->contains, ref))
			return true;
	return false;
}

static const vg_component *find_in(const vg_component **all, size_t n, const char *ref)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(all[i]->ref, ref))
			return all[i];
	return NULL;
}

/* Whether `target` is reachable from `from` through contains (depth-bounded). */
static bool reaches(const vg_component **all, size_t n, const vg_component *from,
		    const vg_component *target, size_t depth)
{
	const vg_component *k;
	size_t i;

	if (depth > n)
		return false;
	for (i = 0; i < from->contains.count; i++) {
		k = find_in(all, n, from->contains.items[i]);
		if (k && (k == target || reaches(all, n, k, target, depth + 1)))
			return true;
	}
	return false;
}

/* CycloneDX nests, so containment becomes a tree: a second container is lost,
 * but whatever was contained stays contained and nothing new appears. */
static bool contains_kept(const cmp *m, size_t i, const vg_component *y)
{
	const vg_component *x = m->ac[i];

	if (!m->cdx)
		return refs_equal(m, &x->contains, &y->contains);
	if (!refs_subset(m, &x->contains, &y->contains))
		return false;
	/* in a containment cycle one member has to be the root */
	return !contained_somewhere(m->ac, m->an, x->ref) || reaches(m->ac, m->an, x, x, 0) ||
	       contained_somewhere(m->bc, m->bn, y->ref);
}

static bool mappable_in_spdx2(vg_component_type t)
{
	return t == VG_COMPONENT_APPLICATION || t == VG_COMPONENT_FRAMEWORK ||
	       t == VG_COMPONENT_LIBRARY || t == VG_COMPONENT_CONTAINER ||
	       t == VG_COMPONENT_OPERATING_SYSTEM || t == VG_COMPONENT_DEVICE ||
	       t == VG_COMPONENT_FIRMWARE || t == VG_COMPONENT_FILE;
}

static bool single_token(const char *s)
{
	return s && strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.+-") ==
			    strlen(s);
}

static void compare_licences(const cmp *m, const vg_component *x, const vg_component *y)
{
	const char *file = m->file, *fmt = m->fmt;
	const char *decl = x->license_declared, *conc = x->license_concluded;

	/* CycloneDX 1.6 holds both only as two single identifiers */
	if (m->cdx && decl && conc && !(single_token(decl) && single_token(conc)))
		decl = NULL;
	CHECK_STR("license_declared", decl, y->license_declared);
	CHECK_STR("license_concluded", conc, y->license_concluded);
}

static void compare_party(const cmp *m, const char *what, const vg_party *x, const vg_party *y)
{
	const char *file = m->file, *fmt = m->fmt;

	if (!m->cdx && !x->name)
		return; /* SPDX 2 actors need a name */
	CHECK_STR(what, x->name, y->name);
	CHECK_STR(what, x->email, y->email);
	if (m->cdx)
		CHECK_STR(what, x->url, y->url);
}

static int extref_cmp(const void *p, const void *q)
{
	const vg_extref *a = p, *b = q;
	int c = strcmp(a->type, b->type);

	return c ? c : strcmp(a->url, b->url);
}

static void compare_extrefs(const cmp *m, const vg_component *x, const vg_component *y)
{
	const char *file = m->file, *fmt = m->fmt;
	vg_extref *a, *b;
	size_t i;

	if (x->extref_count != y->extref_count) {
		mismatch(file, fmt, "external reference count", x->name, y->name);
		return;
	}
	a = calloc(x->extref_count + 1, sizeof(*a));
	b = calloc(x->extref_count + 1, sizeof(*b));
	assert_true(a && b);
	memcpy(a, x->extrefs, x->extref_count * sizeof(*a));
	memcpy(b, y->extrefs, x->extref_count * sizeof(*b));
	qsort(a, x->extref_count, sizeof(*a), extref_cmp);
	qsort(b, x->extref_count, sizeof(*b), extref_cmp);
	for (i = 0; i < x->extref_count; i++) {
		CHECK_STR("external reference", a[i].type, b[i].type);
		CHECK_STR("external reference", a[i].url, b[i].url);
		if (m->cdx && a[i].hash_count != b[i].hash_count)
			mismatch(file, fmt, "external reference hashes", a[i].url, b[i].url);
	}
	free(a);
	free(b);
}

static void compare_component(const cmp *m, size_t index, const vg_component *y)
{
	const vg_component *x = m->ac[index];
	const char *file = m->file, *fmt = m->fmt;
	size_t i;

	CHECK_STR("name", x->name, y->name);
	CHECK_STR("version", x->version, y->version);
	CHECK_STR("description", x->description, y->description);
	CHECK_STR("purl", x->purl, y->purl);
	CHECK_STR("copyright", x->copyright, y->copyright);
	if (x->type != y->type && (m->cdx || mappable_in_spdx2(x->type) || y->type != VG_COMPONENT_LIBRARY))
		mismatch(file, fmt, "type", vg_component_type_name(x->type),
			 vg_component_type_name(y->type));
	if (m->cdx) {
		CHECK_STR("group", x->group, y->group);
		CHECK_STR("first cpe", x->cpes.count ? x->cpes.items[0] : NULL,
			  y->cpes.count ? y->cpes.items[0] : NULL);
		if (x->property_count != y->property_count)
			mismatch(file, fmt, "property count", x->name, y->name);
		for (i = 0; i < x->property_count && i < y->property_count; i++)
			CHECK_STR("property", x->properties[i].value, y->properties[i].value);
	} else if (x->cpes.count != y->cpes.count) {
		mismatch(file, fmt, "cpe count", x->name, y->name);
	}
	compare_party(m, "supplier", &x->supplier, &y->supplier);
	compare_party(m, "manufacturer", &x->manufacturer, &y->manufacturer);
	compare_licences(m, x, y);
	if (x->hash_count != y->hash_count)
		mismatch(file, fmt, "hash count", x->name, y->name);
	for (i = 0; i < x->hash_count && i < y->hash_count; i++) {
		CHECK_STR("hash alg", x->hashes[i].alg, y->hashes[i].alg);
		CHECK_STR("hash value", x->hashes[i].value, y->hashes[i].value);
	}
	compare_extrefs(m, x, y);
	if (!refs_equal(m, &x->depends_on, &y->depends_on))
		mismatch(file, fmt, "depends_on", x->ref, y->ref);
	if (!contains_kept(m, index, y))
		mismatch(file, fmt, "contains", x->ref, y->ref);
}

static void compare_document(const cmp *m)
{
	const char *file = m->file, *fmt = m->fmt;
	const vg_sbom *a = m->a, *b = m->b;
	size_t i;

	if (a->timestamp)
		CHECK_STR("timestamp", a->timestamp, b->timestamp);
	if (a->author_count != b->author_count)
		mismatch(file, fmt, "author count", NULL, NULL);
	for (i = 0; i < a->author_count && i < b->author_count; i++) {
		CHECK_STR("author", a->authors[i].name, b->authors[i].name);
		CHECK_STR("author email", a->authors[i].email, b->authors[i].email);
	}
	compare_party(m, "sbom manufacturer", &a->manufacturer, &b->manufacturer);
	/* SPDX 2 needs a creator and names the writer when there is none */
	if (!(!m->cdx && a->tools.count == 0 && a->author_count == 0 && !a->manufacturer.name)) {
		if (a->tools.count != b->tools.count)
			mismatch(file, fmt, "tool count", NULL, NULL);
		for (i = 0; i < a->tools.count && i < b->tools.count; i++)
			CHECK_STR("tool", a->tools.items[i], b->tools.items[i]);
	}
	if (m->cdx) {
		CHECK_STR("completeness", a->completeness, b->completeness);
		if (a->version != b->version)
			mismatch(file, fmt, "version", NULL, NULL);
		if (a->serial && vg_str_starts_with(a->serial, "urn:uuid:"))
			CHECK_STR("serial", a->serial, b->serial);
	} else if (a->name) {
		CHECK_STR("name", a->name, b->name);
	}
	if (!a->primary != !b->primary)
		mismatch(file, fmt, "primary", a->primary ? a->primary->ref : NULL,
			 b->primary ? b->primary->ref : NULL);
}

/* 0 when equal in everything the target format holds, else the mismatches. */
static int model_compare(const char *file, const char *fmt, bool cdx, const vg_sbom *a,
			 const vg_sbom *b)
{
	cmp m = { file, fmt, cdx, a, b, NULL, NULL, 0, 0 };
	const vg_component *y;
	size_t i;

	failures_in_compare = 0;
	all_of(a, &m.ac, &m.an);
	all_of(b, &m.bc, &m.bn);
	if (m.an != m.bn)
		printf("  round trip %s via %s: %zu components became %zu\n", file, fmt, m.an, m.bn),
			failures_in_compare++;
	compare_document(&m);
	for (i = 0; i < m.an && !failures_in_compare; i++) {
		y = match(&m, i);
		if (!y)
			mismatch(file, fmt, "component", m.ac[i]->ref, NULL);
		else
			compare_component(&m, i, y);
	}
	free(m.ac);
	free(m.bc);
	return failures_in_compare;
}

/* ---- the suites ---- */

/* Read, write as `format`, read again, compare. */
static bool round_trip(const char *path, const vg_sbom *a, vg_sbom_format format)
{
	char *text = NULL;
	vg_sbom *b = NULL;
	bool ok;

	if (vg_sbom_write(a, format, &text) != VG_OK) {
		printf("  round trip %s: write %s failed: %s\n", path, vg_sbom_format_name(format),
		       vg_error_message());
		return false;
	}
	if (vg_sbom_parse(text, strlen(text), "written", &b) != VG_OK) {
		printf("  round trip %s: re-read %s failed: %s\n", path, vg_sbom_format_name(format),
		       vg_error_message());
		free(text);
		return false;
	}
	ok = model_compare(path, vg_sbom_format_name(format), format == VG_SBOM_CYCLONEDX_JSON, a,
			   b) == 0;
	vg_sbom_free(b);
	free(text);
	return ok;
}

static size_t trip_passed, trip_failed;

static void read_family(const char *suite, const vg_strlist *files, vg_sbom_format expect)
{
	size_t i, passed = 0, failed = 0;
	vg_sbom *s;

	for (i = 0; i < files->count; i++) {
		if (vg_sbom_read_file(files->items[i], &s) != VG_OK) {
			printf("  FAIL read %s\n", vg_error_message());
			failed++;
			continue;
		}
		if (s->source_format != expect) {
			printf("  FAIL %s: detected as %s\n", files->items[i],
			       vg_sbom_format_name(s->source_format));
			failed++;
		} else {
			passed++;
		}
		if (round_trip(files->items[i], s, VG_SBOM_CYCLONEDX_JSON))
			trip_passed++;
		else
			trip_failed++;
		if (round_trip(files->items[i], s, VG_SBOM_SPDX2_JSON))
			trip_passed++;
		else
			trip_failed++;
		vg_sbom_free(s);
	}
	vg_test_report(suite, passed, failed, 0);
	assert_int_equal(failed, 0);
	assert_true(passed > 0);
}

static void test_valid_examples_read_and_round_trip(void **state)
{
	vg_strlist cdx_res = VG_STRLIST_INIT, cdx_ex = VG_STRLIST_INIT, spdx2 = VG_STRLIST_INIT,
		   spdx3 = VG_STRLIST_INIT;

	(void)state;
	collect_versions(keep_valid_resource, &cdx_res);
	collect(vg_test_data("sbom/cyclonedx-bom-examples"), keep_any, &cdx_ex);
	collect(vg_test_data("sbom/spdx-spec"), keep_spdx2, &spdx2);
	collect(vg_test_data("sbom/spdx-examples"), keep_spdx2, &spdx2);
	collect(vg_test_data("sbom/spdx-spec"), keep_spdx3, &spdx3);
	collect(vg_test_data("sbom/spdx-examples"), keep_spdx3, &spdx3);
	trip_passed = trip_failed = 0;
	read_family("sbom-read-cyclonedx-resources", &cdx_res, VG_SBOM_CYCLONEDX_JSON);
	read_family("sbom-read-cyclonedx-examples", &cdx_ex, VG_SBOM_CYCLONEDX_JSON);
	read_family("sbom-read-spdx2", &spdx2, VG_SBOM_SPDX2_JSON);
	read_family("sbom-read-spdx3", &spdx3, VG_SBOM_SPDX3_JSONLD);
	vg_test_report("sbom-round-trip", trip_passed, trip_failed, 0);
	vg_strlist_free(&cdx_res);
	vg_strlist_free(&cdx_ex);
	vg_strlist_free(&spdx2);
	vg_strlist_free(&spdx3);
	assert_int_equal(trip_failed, 0);
}

/* Invalid resources whose fault is in a field the model does not hold. */
static const struct {
	const char *stem, *reason;
} ignored[] = {
	{ "invalid-component-swid", "SWID tags are not in the model" },
	{ "invalid-issue-type", "pedigree (issues) is not in the model" },
	{ "invalid-patch-type", "pedigree (patches) is not in the model" },
	{ "invalid-license-encoding", "licence texts are not in the model" },
	{ "invalid-license-id", "licence ids are not checked against the SPDX licence list" },
	{ "invalid-metadata-license", "the SBOM's own licence is not in the model" },
	{ "invalid-scope", "component scope is not in the model" },
	{ "invalid-service-data", "services are not in the model" },
	{ "invalid-citations", "citations are not in the model" },
	{ "invalid-metadata-distribution", "metadata.distribution (TLP) is not in the model" },
	{ "invalid-component-versionRange-non-external", "versionRange/isExternal are not in the model" },
};

static const char *ignored_reason(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(ignored) / sizeof(ignored[0]); i++)
		if (vg_str_starts_with(name, ignored[i].stem))
			return ignored[i].reason;
	return NULL;
}

static void test_invalid_resources_are_caught(void **state)
{
	vg_strlist files = VG_STRLIST_INIT;
	size_t i, passed = 0, failed = 0, silent_ok = 0;
	const char *name, *reason;
	vg_sbom *s;

	(void)state;
	collect_versions(keep_invalid_resource, &files);
	printf("  %-58s %-9s %s\n", "file", "outcome", "message");
	for (i = 0; i < files.count; i++) {
		name = strrchr(files.items[i], '/') + 1;
		reason = ignored_reason(name);
		if (vg_sbom_read_file(files.items[i], &s) != VG_OK) {
			printf("  %-58s %-9s %s\n", name, "rejected",
			       strstr(vg_error_message(), ": $") ? strstr(vg_error_message(), ": $") + 2
								 : vg_error_message());
			passed++;
			continue;
		}
		if (s->warnings.count > 0) {
			printf("  %-58s %-9s %s\n", name, "warned", s->warnings.items[0]);
			passed++;
		} else if (reason) {
			printf("  %-58s %-9s (not in the model: %s)\n", name, "silent", reason);
			silent_ok++;
		} else {
			printf("  %-58s %-9s FAIL: read without a warning\n", name, "silent");
			failed++;
		}
		vg_sbom_free(s);
	}
	vg_test_report("sbom-invalid-cyclonedx", passed, failed, silent_ok);
	vg_strlist_free(&files);
	assert_int_equal(failed, 0);
	assert_true(passed > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_examples_read_and_round_trip),
		cmocka_unit_test(test_invalid_resources_are_caught),
	};

	vg_test_require_data("sbom/cyclonedx-specification/test-resources");
	vg_test_require_data("sbom/spdx-examples");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
