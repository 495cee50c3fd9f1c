/*
 * test_sbom_diff.c - `sbom diff` on models built in code: identity keys,
 * added / removed / changed components, version direction, duplicated
 * names (several versions of one library) and the JSON form.
 */
#include "testutil.h"
#include "vigil/error.h"
#include "vigil/sbom.h"
#include "vigil/sbom_diff.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static vg_component *add(vg_sbom *s, const char *name, const char *version, const char *purl)
{
	char ref[128];
	vg_component *c;

	snprintf(ref, sizeof(ref), "%s@%s#%zu", name, version ? version : "-", s->component_count);
	c = vg_sbom_add_component(s, ref);
	assert_non_null(c);
	c->name = strdup(name);
	c->version = version ? strdup(version) : NULL;
	c->purl = purl ? strdup(purl) : NULL;
	return c;
}

static vg_diff *diff(const vg_sbom *a, const vg_sbom *b)
{
	vg_diff *d = NULL;

	assert_int_equal(vg_sbom_diff(a, b, &d), VG_OK);
	assert_non_null(d);
	return d;
}

static const vg_diff_change *change(const vg_diff_entry *e, const char *field)
{
	size_t i;

	for (i = 0; i < e->change_count; i++)
		if (!strcmp(e->changes[i].field, field))
			return &e->changes[i];
	return NULL;
}

static void assert_key(const char *purl, const char *group, const char *name, const char *want)
{
	vg_component c;
	char *key;

	memset(&c, 0, sizeof(c));
	c.purl = (char *)purl;
	c.group = (char *)group;
	c.name = (char *)name;
	key = vg_diff_key(&c);
	assert_non_null(key);
	assert_string_equal(key, want);
	free(key);
}

static void test_identity_keys(void **state)
{
	(void)state;
	assert_key("pkg:npm/%40angular/core@16.2.0?x=1#sub", NULL, "core", "pkg:npm/%40angular/core");
	assert_key("pkg:npm/@angular/core@16.2.0", NULL, "core", "pkg:npm/@angular/core");
	assert_key("pkg:npm/@angular/core", NULL, "core", "pkg:npm/@angular/core");
	assert_key("pkg:Maven/org.apache/Commons@1.0", NULL, "x", "pkg:maven/org.apache/Commons");
	assert_key("pkg:deb/debian/curl@7.88.1-10?arch=amd64&distro=bookworm", NULL, "curl",
		   "pkg:deb/debian/curl");
	assert_key("pkg://generic/zlib@1.3", NULL, "zlib", "pkg:generic/zlib");
	/* Not a usable purl: fall back to group/name. */
	assert_key("pkg:zlib", NULL, "zlib", "zlib");
	assert_key("pkg:/zlib", NULL, "zlib", "zlib");
	assert_key("cpe:2.3:a:zlib:zlib", "org.zlib", "zlib", "org.zlib/zlib");
	assert_key(NULL, NULL, "busybox", "busybox");
	assert_key(NULL, "", "busybox", "busybox");
}

static void test_added_removed_changed(void **state)
{
	vg_sbom *a = vg_sbom_new(), *b = vg_sbom_new();
	vg_component *c;
	vg_diff *d;
	const vg_diff_entry *e;

	(void)state;
	add(a, "openssl", "3.0.13", "pkg:generic/openssl@3.0.13");
	c = add(a, "zlib", "1.3", "pkg:generic/zlib@1.3");
	c->license_concluded = strdup("Zlib");
	add(a, "gone", "0.1", NULL);
	add(a, "busybox", "1.36.1", NULL);
	add(a, "same", "2.0", NULL);

	add(b, "openssl", "3.0.12", "pkg:generic/openssl@3.0.12"); /* downgrade */
	c = add(b, "zlib", "1.3", "pkg:generic/zlib@1.3");
	c->license_concluded = strdup("Zlib AND MIT");
	add(b, "new", "1.0", NULL);
	add(b, "busybox", "1.37.0-rc1", NULL); /* direction unknown */
	add(b, "same", "2.0", NULL);

	/* Operand order is not a licence change; a nested expression compares as is. */
	c = add(a, "lic", "1", NULL);
	c->license_declared = strdup("(MIT OR Apache-2.0 OR BSD-3-Clause)");
	c = add(b, "lic", "1", NULL);
	c->license_declared = strdup("BSD-3-Clause OR MIT OR Apache-2.0");
	c = add(a, "nested", "1", NULL);
	c->license_declared = strdup("(MIT AND (BSD-2-Clause OR Zlib))");
	c = add(b, "nested", "1", NULL);
	c->license_declared = strdup("(MIT AND (BSD-2-Clause OR Zlib))");

	d = diff(a, b);
	assert_int_equal(d->added, 1);
	assert_int_equal(d->removed, 1);
	assert_int_equal(d->changed, 3);
	assert_int_equal(d->unchanged, 3);
	assert_int_equal(d->entry_count, 5);
	/* Sorted by key: busybox, gone, new, pkg:generic/openssl, pkg:generic/zlib. */
	e = &d->entries[0];
	assert_string_equal(e->key, "busybox");
	assert_int_equal(e->kind, VG_DIFF_CHANGED);
	assert_int_equal(e->direction, 0);
	assert_string_equal(change(e, "version")->new_value, "1.37.0-rc1");
	e = &d->entries[1];
	assert_int_equal(e->kind, VG_DIFF_REMOVED);
	assert_string_equal(e->name, "gone");
	assert_string_equal(e->old_version, "0.1");
	assert_null(e->new_version);
	e = &d->entries[2];
	assert_int_equal(e->kind, VG_DIFF_ADDED);
	assert_string_equal(e->name, "new");
	e = &d->entries[3];
	assert_string_equal(e->key, "pkg:generic/openssl");
	assert_int_equal(e->direction, -1);
	assert_int_equal(e->change_count, 1);
	e = &d->entries[4];
	assert_int_equal(e->change_count, 1);
	assert_string_equal(e->changes[0].field, "licence");
	assert_string_equal(e->changes[0].old_value, "Zlib");
	assert_string_equal(e->changes[0].new_value, "MIT AND Zlib");
	assert_int_equal(e->direction, 0);
	vg_diff_free(d);
	vg_sbom_free(a);
	vg_sbom_free(b);
}

static void test_supplier_hashes_qualifiers(void **state)
{
	vg_sbom *a = vg_sbom_new(), *b = vg_sbom_new();
	vg_component *ca, *cb;
	vg_diff *d;
	const vg_diff_entry *e;

	(void)state;
	ca = add(a, "curl", "8.5.0", "pkg:deb/debian/curl@8.5.0?distro=bookworm&arch=amd64");
	cb = add(b, "curl", "8.5.0", "pkg:deb/debian/curl@8.5.0?arch=arm64&distro=bookworm");
	assert_int_equal(vg_component_add_hash(ca, "SHA-256", "aa"), VG_OK);
	assert_int_equal(vg_component_add_hash(ca, "SHA-1", "bb"), VG_OK);
	assert_int_equal(vg_component_add_hash(cb, "SHA-1", "BB"), VG_OK); /* same set, case, order */
	assert_int_equal(vg_component_add_hash(cb, "SHA-256", "aa"), VG_OK);
	ca->supplier.name = strdup("Debian");
	cb->supplier.name = strdup("Debian Project");
	d = diff(a, b);
	assert_int_equal(d->changed, 1);
	e = &d->entries[0];
	assert_int_equal(e->change_count, 2);
	assert_null(change(e, "hashes"));
	assert_null(change(e, "version"));
	assert_string_equal(change(e, "supplier")->new_value, "Debian Project");
	assert_string_equal(change(e, "qualifiers")->old_value, "arch=amd64&distro=bookworm");
	assert_string_equal(change(e, "qualifiers")->new_value, "arch=arm64&distro=bookworm");
	vg_diff_free(d);

	/* Same qualifiers in another order, and a changed hash. */
	free(cb->purl);
	cb->purl = strdup("pkg:deb/debian/curl@8.5.0?arch=amd64&distro=bookworm");
	free(cb->hashes[1].value);
	cb->hashes[1].value = strdup("cc");
	free(cb->supplier.name);
	cb->supplier.name = strdup("Debian");
	d = diff(a, b);
	e = &d->entries[0];
	assert_int_equal(e->change_count, 1);
	assert_string_equal(e->changes[0].field, "hashes");
	assert_string_equal(e->changes[0].old_value, "sha-1:bb, sha-256:aa");
	assert_string_equal(e->changes[0].new_value, "sha-1:bb, sha-256:cc");
	vg_diff_free(d);
	vg_sbom_free(a);
	vg_sbom_free(b);
}

static void test_duplicated_names_pair_equal_versions_first(void **state)
{
	vg_sbom *a = vg_sbom_new(), *b = vg_sbom_new();
	vg_diff *d;

	(void)state;
	/* Two versions of one library in both; 2.0 stays, 1.0 becomes 3.0. */
	add(a, "lodash", "2.0", "pkg:npm/lodash@2.0");
	add(a, "lodash", "1.0", "pkg:npm/lodash@1.0");
	add(b, "lodash", "3.0", "pkg:npm/lodash@3.0");
	add(b, "lodash", "2.0", "pkg:npm/lodash@2.0");
	d = diff(a, b);
	assert_int_equal(d->unchanged, 1);
	assert_int_equal(d->changed, 1);
	assert_int_equal(d->entry_count, 1);
	assert_string_equal(d->entries[0].old_version, "1.0");
	assert_string_equal(d->entries[0].new_version, "3.0");
	assert_int_equal(d->entries[0].direction, 1);
	vg_diff_free(d);
	vg_sbom_free(b);

	/* 1.0, 2.0 -> 2.10 alone: the newest pair (2.0 -> 2.10), 1.0 removed. */
	b = vg_sbom_new();
	add(b, "lodash", "2.10", "pkg:npm/lodash@2.10");
	d = diff(a, b);
	assert_int_equal(d->changed, 1);
	assert_int_equal(d->removed, 1);
	assert_int_equal(d->added, 0);
	assert_int_equal(d->entry_count, 2);
	assert_int_equal(d->entries[0].kind, VG_DIFF_REMOVED);
	assert_string_equal(d->entries[0].old_version, "1.0");
	assert_int_equal(d->entries[1].kind, VG_DIFF_CHANGED);
	assert_string_equal(d->entries[1].old_version, "2.0");
	assert_string_equal(d->entries[1].new_version, "2.10");
	assert_int_equal(d->entries[1].direction, 1);
	vg_diff_free(d);

	/* Reversed: one becomes three, equal version first. */
	d = diff(b, a);
	assert_int_equal(d->added, 1);
	assert_int_equal(d->changed, 1);
	assert_string_equal(d->entries[1].old_version, "2.10");
	assert_string_equal(d->entries[1].new_version, "2.0");
	assert_int_equal(d->entries[1].direction, -1);
	vg_diff_free(d);
	vg_sbom_free(a);
	vg_sbom_free(b);
}

static void test_identical_and_empty(void **state)
{
	vg_sbom *a = vg_sbom_new(), *b, *empty = vg_sbom_new();
	vg_component *p;
	vg_diff *d;
	json_t *j;
	size_t i;
	char name[16];

	(void)state;
	p = vg_sbom_set_primary(a, "fw");
	p->name = strdup("firmware");
	p->version = strdup("4.1");
	for (i = 0; i < 200; i++) {
		snprintf(name, sizeof(name), "pkg%zu", i % 150); /* 50 duplicated names */
		add(a, name, i < 150 ? "1.0" : "1.1", NULL);
	}
	b = vg_sbom_clone(a);
	d = diff(a, b);
	assert_int_equal(d->entry_count, 0);
	assert_int_equal(d->unchanged, 201);
	vg_diff_free(d);

	d = diff(a, empty);
	assert_int_equal(d->removed, 201);
	j = vg_diff_json(d);
	assert_non_null(j);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(j, "summary"),
							    "removed")),
			 201);
	assert_int_equal(json_array_size(json_object_get(j, "entries")), 201);
	json_decref(j);
	vg_diff_free(d);

	/* The primary component takes part: a new firmware version is a change. */
	free(b->primary->version);
	b->primary->version = strdup("4.2");
	d = diff(a, b);
	assert_int_equal(d->changed, 1);
	assert_string_equal(d->entries[0].name, "firmware");
	j = vg_diff_json(d);
	assert_string_equal(json_string_value(json_object_get(
				    json_array_get(json_object_get(j, "entries"), 0), "direction")),
			    "up");
	json_decref(j);
	vg_diff_free(d);
	vg_sbom_free(a);
	vg_sbom_free(b);
	vg_sbom_free(empty);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_identity_keys),
		cmocka_unit_test(test_added_removed_changed),
		cmocka_unit_test(test_supplier_hashes_qualifiers),
		cmocka_unit_test(test_duplicated_names_pair_equal_versions_first),
		cmocka_unit_test(test_identical_and_empty),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
