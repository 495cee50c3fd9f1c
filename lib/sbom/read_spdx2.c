/*
 * read_spdx2.c - SPDX 2.3 JSON (2.2 tolerated) into the SBOM model.
 *
 * packages[] and files[] become components (files with type "file"), in that
 * order; the element the document DESCRIBES (relationship or the 2.2
 * documentDescribes list) becomes sbom->primary.  CONTAINS / CONTAINED_BY and
 * hasFiles become `contains`; DEPENDS_ON / DEPENDENCY_OF and STATIC_LINK /
 * DYNAMIC_LINK become `depends_on`.
 * NOASSERTION and NONE mean absent.  Creators: "Person:" are authors, the
 * first "Organization:" is the manufacturer (later ones are authors), "Tool:"
 * strings are kept as they are.  External references: purl, cpe22Type and
 * cpe23Type map to the model's identifiers; OTHER references come back as
 * external references of that type (that is how the SPDX 2 writer keeps them).
 */
#include "sbom_io.h"

#include "vigil/error.h"
#include "vigil/str.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* A value that means something: not NOASSERTION/NONE/empty. */
static const char *meaningful(const char *s)
{
	if (!s || !*s || !strcmp(s, "NOASSERTION") || !strcmp(s, "NONE"))
		return NULL;
	return s;
}

static int opt_string(const json_t *obj, const char *key, const char *path, const char **out)
{
	*out = NULL;
	return vg_json_get_string(obj, key, path, false, out);
}

/* obj[key] into *dst unless absent or NOASSERTION/NONE. */
static int meaningful_string(const json_t *obj, const char *key, const char *path, char **dst)
{
	const char *s;
	int rc = opt_string(obj, key, path, &s);

	if (rc || !meaningful(s))
		return rc;
	return vg_sbomio_set(dst, s);
}

static int read_actor(vg_sbom *sbom, const json_t *obj, const char *key, const char *path,
		      vg_party *p)
{
	char sub[VG_JPATH_MAX];
	const char *s, *kind;
	int rc = opt_string(obj, key, path, &s);

	if (rc || !s)
		return rc;
	if (vg_sbomio_parse_actor(s, &kind, p))
		return vg_sbom_warn(sbom, "%s: %s, left out", vg_jpath_key(sub, path, key),
				    vg_error_message());
	return VG_OK;
}

static const struct {
	const char *spdx;
	vg_component_type type;
} purposes[] = {
	{ "APPLICATION", VG_COMPONENT_APPLICATION }, { "FRAMEWORK", VG_COMPONENT_FRAMEWORK },
	{ "LIBRARY", VG_COMPONENT_LIBRARY },         { "CONTAINER", VG_COMPONENT_CONTAINER },
	{ "OPERATING_SYSTEM", VG_COMPONENT_OPERATING_SYSTEM },
	{ "DEVICE", VG_COMPONENT_DEVICE },           { "FIRMWARE", VG_COMPONENT_FIRMWARE },
	{ "FILE", VG_COMPONENT_FILE },
};

static void read_purpose(const char *s, vg_component *c)
{
	size_t i;

	for (i = 0; s && i < sizeof(purposes) / sizeof(purposes[0]); i++)
		if (!strcmp(purposes[i].spdx, s))
			c->type = purposes[i].type;
}

static int read_checksums(vg_sbom *sbom, const json_t *obj, const char *path, vg_component *c)
{
	char sub[VG_JPATH_MAX], item[VG_JPATH_MAX];
	const char *alg, *value;
	json_t *arr = NULL, *v;
	size_t i;
	int rc = vg_json_get_array(obj, "checksums", path, false, &arr);

	vg_jpath_key(sub, path, "checksums");
	json_array_foreach (arr, i, v) {
		vg_jpath_index(item, sub, i);
		if (rc || (rc = vg_json_expect_object(v, item)) ||
		    (rc = vg_json_get_string(v, "algorithm", item, true, &alg)) ||
		    (rc = vg_json_get_string(v, "checksumValue", item, true, &value)) ||
		    (rc = vg_sbomio_add_hash(sbom, item, &c->hashes, &c->hash_count, alg, value)))
			return rc;
	}
	return rc;
}

static int read_extref(vg_sbom *sbom, const json_t *v, const char *item, vg_component *c)
{
	const char *cat, *type, *loc;
	int rc;

	if ((rc = vg_json_expect_object(v, item)) ||
	    (rc = vg_json_get_string(v, "referenceCategory", item, true, &cat)) ||
	    (rc = vg_json_get_string(v, "referenceType", item, true, &type)) ||
	    (rc = vg_json_get_string(v, "referenceLocator", item, true, &loc)))
		return rc;
	if (!strcmp(type, "purl")) {
		if (c->purl)
			return vg_sbom_warn(sbom, "%s: a second purl, left out", item);
		return vg_sbomio_set_purl(sbom, item, c, loc);
	}
	if (!strcmp(type, "cpe23Type") || !strcmp(type, "cpe22Type"))
		return vg_sbomio_add_cpe(sbom, item, c, loc);
	if (!strcmp(cat, "OTHER") && *loc)
		return vg_component_add_extref(c, vg_sbomio_extref_type(type), loc) ? VG_OK
										      : VG_ENOMEM;
	if (!strcmp(type, "advisory") && *loc)
		return vg_component_add_extref(c, "advisories", loc) ? VG_OK : VG_ENOMEM;
	return VG_OK;
}

static int read_extrefs(vg_sbom *sbom, const json_t *obj, const char *path, vg_component *c)
{
	char sub[VG_JPATH_MAX], item[VG_JPATH_MAX];
	json_t *arr = NULL, *v;
	size_t i;
	int rc = vg_json_get_array(obj, "externalRefs", path, false, &arr);

	vg_jpath_key(sub, path, "externalRefs");
	json_array_foreach (arr, i, v) {
		vg_jpath_index(item, sub, i);
		if (rc || (rc = read_extref(sbom, v, item, c)))
			return rc;
	}
	return rc;
}

/* A location string (downloadLocation, homepage) as an external reference. */
static int read_location(const json_t *obj, const char *key, const char *path, const char *type,
			 vg_component *c)
{
	const char *s;
	int rc = opt_string(obj, key, path, &s);

	if (rc || !meaningful(s))
		return rc;
	return vg_component_add_extref(c, type, s) ? VG_OK : VG_ENOMEM;
}

/* A package or file: SPDXID and name are required; name_key is "name" or "fileName". */
static int read_element(vg_sbom *sbom, const json_t *obj, const char *path, const char *name_key,
			json_t *ids)
{
	const char *id, *name, *purpose;
	vg_component *c;
	int rc;

	if ((rc = vg_json_expect_object(obj, path)) ||
	    (rc = vg_json_get_string(obj, "SPDXID", path, true, &id)) ||
	    (rc = vg_json_get_string(obj, name_key, path, true, &name)))
		return rc;
	if (!*name)
		return vg_error_set(VG_EPARSE, "%s.%s: empty; a component needs a name", path, name_key);
	if (json_object_get(ids, id))
		return vg_error_set(VG_EPARSE, "%s.SPDXID: '%.100s' is used twice", path, id);
	c = vg_sbom_add_component(sbom, id);
	if (!c || json_object_set_new(ids, id, json_true()) || vg_sbomio_set(&c->name, name))
		return vg_error_set(VG_ENOMEM, "out of memory");
	if (!strcmp(name_key, "fileName"))
		c->type = VG_COMPONENT_FILE;
	if ((rc = opt_string(obj, "primaryPackagePurpose", path, &purpose)))
		return rc;
	read_purpose(purpose, c);
	if ((rc = meaningful_string(obj, "versionInfo", path, &c->version)) ||
	    (rc = meaningful_string(obj, "description", path, &c->description)) ||
	    (!c->description && (rc = meaningful_string(obj, "summary", path, &c->description))) ||
	    (rc = meaningful_string(obj, "licenseDeclared", path, &c->license_declared)) ||
	    (rc = meaningful_string(obj, "licenseConcluded", path, &c->license_concluded)) ||
	    (rc = meaningful_string(obj, "copyrightText", path, &c->copyright)) ||
	    (rc = read_actor(sbom, obj, "supplier", path, &c->supplier)) ||
	    (rc = read_actor(sbom, obj, "originator", path, &c->manufacturer)) ||
	    (rc = read_checksums(sbom, obj, path, c)) ||
	    (rc = read_location(obj, "downloadLocation", path, "distribution", c)) ||
	    (rc = read_location(obj, "homepage", path, "website", c)))
		return rc;
	return read_extrefs(sbom, obj, path, c);
}

static int read_elements(vg_sbom *sbom, const json_t *root, const char *key, const char *name_key,
			 json_t *ids)
{
	char path[VG_JPATH_MAX], item[VG_JPATH_MAX];
	json_t *arr = NULL, *v;
	size_t i;
	int rc = vg_json_get_array(root, key, "$", false, &arr);

	vg_jpath_key(path, "$", key);
	json_array_foreach (arr, i, v) {
		vg_jpath_index(item, path, i);
		if (rc || (rc = read_element(sbom, v, item, name_key, ids)))
			return rc;
	}
	return rc;
}

/* Add `to` to the list of component `from`, both by SPDXID. */
static int relate(vg_sbom *sbom, const char *path, const char *from, const char *to, bool contains)
{
	vg_component *c = vg_sbom_find(sbom, from);
	vg_strlist *list;

	if (!meaningful(to))
		return VG_OK;
	if (!c || !vg_sbom_find(sbom, to))
		return vg_sbom_warn(sbom, "%s: '%.100s' or '%.100s' is not a package or file in this "
				    "document, relationship left out", path, from, to);
	list = contains ? &c->contains : &c->depends_on;
	return vg_strlist_contains(list, to) ? VG_OK : vg_strlist_add(list, to);
}

static int read_relationship(vg_sbom *sbom, const json_t *v, const char *item,
			     vg_strlist *described)
{
	const char *a, *type, *b;
	int rc;

	if ((rc = vg_json_expect_object(v, item)) ||
	    (rc = vg_json_get_string(v, "spdxElementId", item, true, &a)) ||
	    (rc = vg_json_get_string(v, "relationshipType", item, true, &type)) ||
	    (rc = vg_json_get_string(v, "relatedSpdxElement", item, true, &b)))
		return rc;
	if (!strcmp(type, "DESCRIBES") && !strcmp(a, "SPDXRef-DOCUMENT"))
		return vg_strlist_add(described, b);
	if (!strcmp(type, "DESCRIBED_BY") && !strcmp(b, "SPDXRef-DOCUMENT"))
		return vg_strlist_add(described, a);
	if (!strcmp(a, "SPDXRef-DOCUMENT"))
		return VG_OK; /* the document containing its elements says nothing new */
	if (!strcmp(type, "CONTAINS"))
		return relate(sbom, item, a, b, true);
	if (!strcmp(type, "CONTAINED_BY"))
		return relate(sbom, item, b, a, true);
	if (!strcmp(type, "DEPENDS_ON") || !strcmp(type, "STATIC_LINK") ||
	    !strcmp(type, "DYNAMIC_LINK"))
		return relate(sbom, item, a, b, false);
	if (!strcmp(type, "DEPENDENCY_OF"))
		return relate(sbom, item, b, a, false);
	return VG_OK;
}

/* relationships[], then 2.2's documentDescribes and hasFiles; the first
 * described element becomes the primary. */
static int read_relationships(vg_sbom *sbom, const json_t *root)
{
	char item[VG_JPATH_MAX], sub[VG_JPATH_MAX], path[VG_JPATH_MAX];
	vg_strlist described = VG_STRLIST_INIT;
	json_t *arr = NULL, *v, *files, *f;
	size_t i, j;
	int rc = vg_json_get_array(root, "relationships", "$", false, &arr);

	json_array_foreach (arr, i, v) {
		vg_jpath_index(item, "$.relationships", i);
		if (rc || (rc = read_relationship(sbom, v, item, &described)))
			goto out;
	}
	arr = json_object_get(root, "documentDescribes");
	json_array_foreach (arr, i, v)
		if (json_is_string(v) && (rc = vg_strlist_add(&described, json_string_value(v))))
			goto out;
	json_array_foreach (json_object_get(root, "packages"), i, v) {
		files = json_object_get(v, "hasFiles");
		vg_jpath_index(path, "$.packages", i);
		json_array_foreach (files, j, f) {
			vg_jpath_index(sub, vg_jpath_key(item, path, "hasFiles"), j);
			if (!json_is_string(f)) {
				rc = vg_error_set(VG_EPARSE, "%s: expected a string, found %s", sub,
						  vg_json_type_name(f));
				goto out;
			}
			if ((rc = relate(sbom, sub, json_string_value(json_object_get(v, "SPDXID")),
					 json_string_value(f), true)))
				goto out;
		}
	}
	if (described.count > 0)
		vg_sbomio_promote(sbom, described.items[0]);
out:
	vg_strlist_free(&described);
	return rc;
}

static int read_creators(vg_sbom *sbom, const json_t *info, const char *path)
{
	char sub[VG_JPATH_MAX], item[VG_JPATH_MAX];
	json_t *arr = NULL, *v;
	const char *kind;
	vg_party p;
	size_t i;
	int rc = vg_json_get_array(info, "creators", path, false, &arr);

	vg_jpath_key(sub, path, "creators");
	json_array_foreach (arr, i, v) {
		vg_jpath_index(item, sub, i);
		if (rc)
			return rc;
		if (!json_is_string(v))
			return vg_error_set(VG_EPARSE, "%s: expected a string, found %s", item,
					    vg_json_type_name(v));
		if (vg_sbomio_parse_actor(json_string_value(v), &kind, &p)) {
			rc = vg_sbom_warn(sbom, "%s: %s, left out", item, vg_error_message());
			continue;
		}
		if (kind && !strcmp(kind, "Tool"))
			rc = p.name ? vg_strlist_add(&sbom->tools, p.name) : VG_OK;
		else if (kind && !strcmp(kind, "Organization") && !sbom->manufacturer.name && p.name) {
			sbom->manufacturer = p;
			continue;
		} else if (p.name)
			rc = vg_sbom_add_author(sbom, p.name, p.email, NULL);
		free(p.name);
		free(p.email);
		free(p.url);
	}
	return rc;
}

int vg_sbomio_read_spdx2(const json_t *root, vg_sbom *sbom)
{
	const char *spec, *created = NULL;
	json_t *info = NULL, *ids = json_object();
	int rc;

	if (!ids)
		return vg_error_set(VG_ENOMEM, "out of memory");
	if ((rc = vg_json_get_string(root, "spdxVersion", "$", true, &spec)) ||
	    (rc = vg_sbomio_set(&sbom->spec_version, spec)))
		goto out;
	if (strcmp(spec, "SPDX-2.3") && strcmp(spec, "SPDX-2.2") &&
	    (rc = vg_sbom_warn(sbom, "$.spdxVersion: %.20s is neither SPDX-2.3 nor SPDX-2.2, read "
			       "as SPDX-2.3", spec)))
		goto out;
	if ((rc = vg_sbomio_string(root, "name", "$", &sbom->name)) ||
	    (rc = vg_sbomio_string(root, "documentNamespace", "$", &sbom->serial)) ||
	    (rc = vg_json_get_object(root, "creationInfo", "$", false, &info)))
		goto out;
	if (info) {
		if ((rc = vg_json_get_string(info, "created", "$.creationInfo", false, &created)))
			goto out;
		if (created && !vg_sbomio_is_datetime(created))
			rc = vg_sbom_warn(sbom, "$.creationInfo.created: '%.60s' is not an RFC 3339 "
					  "date-time, left out", created);
		else if (created)
			rc = vg_sbomio_set(&sbom->timestamp, created);
		if (rc || (rc = read_creators(sbom, info, "$.creationInfo")))
			goto out;
	}
	if ((rc = read_elements(sbom, root, "packages", "name", ids)) ||
	    (rc = read_elements(sbom, root, "files", "fileName", ids)))
		goto out;
	rc = read_relationships(sbom, root);
out:
	json_decref(ids);
	return rc;
}
