/*
 * read_spdx3.c - SPDX 3.0.1 JSON-LD into the SBOM model.
 *
 * The @graph is indexed by spdxId / @id first, so references may point
 * forwards.  software_Package, software_File, ai_AIPackage and
 * dataset_DatasetPackage elements become components in graph order.  The
 * primary is the first rootElement of the first software_Sbom (else of the
 * SpdxDocument, else what a "describes" relationship names).  Relationships:
 * contains -> `contains`; dependsOn and the link/dependency kinds ->
 * `depends_on`; hasDeclaredLicense / hasConcludedLicense point at licence
 * elements (LicenseExpression, listed or custom licences, or licence IRIs),
 * NoAssertion/None licences mean absent; the completeness of the primary's
 * contains/dependsOn relationship is the SBOM's completeness.  The document's
 * CreationInfo gives timestamp, authors (Person, Agent), manufacturer (first
 * Organization), tools (createdUsing Tools, SoftwareAgents).
 */
#include "sbom_io.h"

#include "vigil/error.h"
#include "vigil/str.h"

#include <stdlib.h>
#include <string.h>


typedef struct spdx3_reader {
	vg_sbom *sbom;
	const json_t *graph;
	json_t *index; /* id -> element */
} spdx3_reader;

const char *vg_spdx3_element_type(const json_t *e)
{
	const char *t = json_string_value(json_object_get(e, "type"));

	return t ? t : json_string_value(json_object_get(e, "@type"));
}

const char *vg_spdx3_element_id(const json_t *e)
{
	const char *id = json_string_value(json_object_get(e, "spdxId"));

	return id ? id : json_string_value(json_object_get(e, "@id"));
}

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

/* A reference that is an id string or an inline object; the element or NULL. */
static const json_t *resolve(const spdx3_reader *rd, const json_t *ref)
{
	if (json_is_object(ref))
		return ref;
	return json_is_string(ref) ? json_object_get(rd->index, json_string_value(ref)) : NULL;
}

static int index_graph(spdx3_reader *rd)
{
	char item[VG_JPATH_MAX];
	const json_t *e;
	const char *id;
	size_t i;
	int rc;

	json_array_foreach (rd->graph, i, e) {
		vg_jpath_index(item, "$.@graph", i);
		if ((rc = vg_json_expect_object(e, item)))
			return rc;
		if (!vg_spdx3_element_type(e))
			return vg_error_set(VG_EPARSE, "%s: missing required member \"type\"", item);
		id = vg_spdx3_element_id(e);
		if (!id)
			continue;
		if (json_object_get(rd->index, id)) {
			if ((rc = vg_sbom_warn(rd->sbom, "%s: id '%.100s' is used twice, the first "
					       "element is used", item, id)))
				return rc;
			continue;
		}
		if (json_object_set(rd->index, id, (json_t *)e))
			return vg_error_set(VG_ENOMEM, "out of memory");
	}
	return VG_OK;
}

/* An agent element as a party: name and an email external identifier. */
static int read_agent(const json_t *agent, vg_party *p)
{
	const json_t *x;
	const char *email = NULL;
	size_t i;

	json_array_foreach (json_object_get(agent, "externalIdentifier"), i, x) {
		const char *t = json_string_value(json_object_get(x, "externalIdentifierType"));

		if (!email && t && !strcmp(t, "email"))
			email = json_string_value(json_object_get(x, "identifier"));
	}
	if (vg_sbomio_set(&p->name, vg_sbomio_nonempty(json_string_value(json_object_get(agent, "name")))) ||
	    vg_sbomio_set(&p->email, vg_sbomio_nonempty(email)))
		return VG_ENOMEM;
	return VG_OK;
}

static int read_creator(spdx3_reader *rd, const json_t *agent)
{
	const char *type = vg_spdx3_element_type(agent), *name;
	vg_party p = { NULL, NULL, NULL };
	int rc;

	name = json_string_value(json_object_get(agent, "name"));
	if (!type || !vg_sbomio_nonempty(name))
		return VG_OK;
	if (!strcmp(type, "Tool") || !strcmp(type, "SoftwareAgent"))
		return vg_strlist_contains(&rd->sbom->tools, name) ? VG_OK
								   : vg_strlist_add(&rd->sbom->tools, name);
	if ((rc = read_agent(agent, &p)))
		return rc;
	if (!strcmp(type, "Organization") && !rd->sbom->manufacturer.name) {
		rd->sbom->manufacturer = p;
		return VG_OK;
	}
	rc = vg_sbom_add_author(rd->sbom, p.name, p.email, NULL);
	free(p.name);
	free(p.email);
	return rc;
}

static int read_creation_info(spdx3_reader *rd, const json_t *info, const char *path)
{
	const char *created, *spec;
	const json_t *v;
	size_t i;
	int rc;

	if ((rc = vg_json_expect_object(info, path)) || (rc = opt_string(info, "created", path, &created)) ||
	    (rc = opt_string(info, "specVersion", path, &spec)) ||
	    (rc = vg_sbomio_set(&rd->sbom->spec_version, spec ? spec : "3.0.1")))
		return rc;
	if (created && !vg_sbomio_is_datetime(created))
		rc = vg_sbom_warn(rd->sbom, "%s.created: '%.60s' is not an RFC 3339 date-time, left out",
				  path, created);
	else
		rc = vg_sbomio_set(&rd->sbom->timestamp, created);
	json_array_foreach (json_object_get(info, "createdBy"), i, v)
		if (!rc && resolve(rd, v))
			rc = read_creator(rd, resolve(rd, v));
	json_array_foreach (json_object_get(info, "createdUsing"), i, v)
		if (!rc && resolve(rd, v))
			rc = read_creator(rd, resolve(rd, v));
	return rc;
}

static vg_component_type purpose_type(const char *type, const char *purpose)
{
	static const struct {
		const char *purpose;
		vg_component_type type;
	} map[] = {
		{ "application", VG_COMPONENT_APPLICATION }, { "framework", VG_COMPONENT_FRAMEWORK },
		{ "library", VG_COMPONENT_LIBRARY },         { "container", VG_COMPONENT_CONTAINER },
		{ "operatingSystem", VG_COMPONENT_OPERATING_SYSTEM },
		{ "device", VG_COMPONENT_DEVICE },           { "deviceDriver", VG_COMPONENT_DEVICE_DRIVER },
		{ "firmware", VG_COMPONENT_FIRMWARE },       { "file", VG_COMPONENT_FILE },
		{ "data", VG_COMPONENT_DATA },               { "model", VG_COMPONENT_MACHINE_LEARNING_MODEL },
		{ "platform", VG_COMPONENT_PLATFORM },
	};
	size_t i;

	if (!strcmp(type, "software_File"))
		return VG_COMPONENT_FILE;
	if (!strcmp(type, "ai_AIPackage"))
		return VG_COMPONENT_MACHINE_LEARNING_MODEL;
	if (!strcmp(type, "dataset_DatasetPackage"))
		return VG_COMPONENT_DATA;
	for (i = 0; purpose && i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(map[i].purpose, purpose))
			return map[i].type;
	return VG_COMPONENT_LIBRARY;
}

static int read_identifiers(spdx3_reader *rd, const json_t *e, const char *path, vg_component *c)
{
	char sub[VG_JPATH_MAX], item[VG_JPATH_MAX];
	const char *type, *id;
	json_t *arr = NULL, *x;
	size_t i;
	int rc = vg_json_get_array(e, "externalIdentifier", path, false, &arr);

	vg_jpath_key(sub, path, "externalIdentifier");
	json_array_foreach (arr, i, x) {
		vg_jpath_index(item, sub, i);
		if (rc || (rc = vg_json_expect_object(x, item)) ||
		    (rc = vg_json_get_string(x, "externalIdentifierType", item, true, &type)) ||
		    (rc = vg_json_get_string(x, "identifier", item, true, &id)))
			return rc;
		if (!strcmp(type, "cpe23") || !strcmp(type, "cpe22"))
			rc = vg_sbomio_add_cpe(rd->sbom, item, c, id);
		else if (!strcmp(type, "packageUrl") && !c->purl)
			rc = vg_sbomio_set_purl(rd->sbom, item, c, id);
	}
	return rc;
}

static int read_verified(spdx3_reader *rd, const json_t *e, const char *path, vg_component *c)
{
	char sub[VG_JPATH_MAX], item[VG_JPATH_MAX];
	const char *alg, *value, *type;
	json_t *arr = NULL, *x;
	size_t i;
	int rc = vg_json_get_array(e, "verifiedUsing", path, false, &arr);

	vg_jpath_key(sub, path, "verifiedUsing");
	json_array_foreach (arr, i, x) {
		vg_jpath_index(item, sub, i);
		if (rc || (rc = vg_json_expect_object(x, item)))
			return rc;
		type = vg_spdx3_element_type(x);
		if (type && strcmp(type, "Hash"))
			continue; /* a PackageVerificationCode */
		if ((rc = vg_json_get_string(x, "algorithm", item, true, &alg)) ||
		    (rc = vg_json_get_string(x, "hashValue", item, true, &value)))
			return rc;
		rc = vg_sbomio_add_hash(rd->sbom, item, &c->hashes, &c->hash_count, alg, value);
	}
	return rc;
}

static int read_extrefs(const json_t *e, const char *path, vg_component *c)
{
	char sub[VG_JPATH_MAX], item[VG_JPATH_MAX];
	const char *type, *s;
	json_t *arr = NULL, *x, *loc, *l;
	size_t i, j;
	int rc = VG_OK;
	const char *locations[][2] = { { "software_downloadLocation", "distribution" },
				       { "software_homePage", "website" } };

	for (i = 0; i < 2; i++) {
		if ((rc = opt_string(e, locations[i][0], path, &s)))
			return rc;
		if (meaningful(s) && !vg_component_add_extref(c, locations[i][1], s))
			return VG_ENOMEM;
	}
	if ((rc = vg_json_get_array(e, "externalRef", path, false, &arr)))
		return rc;
	vg_jpath_key(sub, path, "externalRef");
	json_array_foreach (arr, i, x) {
		vg_jpath_index(item, sub, i);
		loc = NULL;
		if ((rc = vg_json_expect_object(x, item)) ||
		    (rc = opt_string(x, "externalRefType", item, &type)) ||
		    (rc = vg_json_get_array(x, "locator", item, false, &loc)))
			return rc;
		json_array_foreach (loc, j, l) {
			s = json_string_value(l);
			if (meaningful(s) && !vg_component_add_extref(c, vg_sbomio_extref_from_spdx3(type), s))
				return VG_ENOMEM;
		}
	}
	return VG_OK;
}

static int read_party_ref(spdx3_reader *rd, const json_t *ref, vg_party *p)
{
	const json_t *agent = resolve(rd, json_is_array(ref) ? json_array_get(ref, 0) : ref);

	return agent ? read_agent(agent, p) : VG_OK;
}

static int read_package(spdx3_reader *rd, const json_t *e, const char *path)
{
	const char *name, *purpose, *purl, *copyright;
	vg_component *c;
	int rc;

	if ((rc = vg_json_get_string(e, "name", path, true, &name)) ||
	    (rc = opt_string(e, "software_primaryPurpose", path, &purpose)) ||
	    (rc = opt_string(e, "software_packageUrl", path, &purl)) ||
	    (rc = opt_string(e, "software_copyrightText", path, &copyright)))
		return rc;
	if (!*name)
		return vg_error_set(VG_EPARSE, "%s.name: empty; a component needs a name", path);
	if (!vg_spdx3_element_id(e))
		return vg_error_set(VG_EPARSE, "%s: missing required member \"spdxId\"", path);
	c = vg_sbom_add_component(rd->sbom, vg_spdx3_element_id(e));
	if (!c || vg_sbomio_set(&c->name, name) || vg_sbomio_set(&c->copyright, meaningful(copyright)))
		return VG_ENOMEM;
	c->type = purpose_type(vg_spdx3_element_type(e), purpose);
	if ((purl && (rc = vg_sbomio_set_purl(rd->sbom, path, c, purl))) ||
	    (rc = vg_sbomio_string(e, "software_packageVersion", path, &c->version)) ||
	    (rc = vg_sbomio_string(e, "description", path, &c->description)) ||
	    (!c->description && (rc = vg_sbomio_string(e, "summary", path, &c->description))) ||
	    (rc = read_party_ref(rd, json_object_get(e, "suppliedBy"), &c->supplier)) ||
	    (rc = read_party_ref(rd, json_object_get(e, "originatedBy"), &c->manufacturer)) ||
	    (rc = read_identifiers(rd, e, path, c)) || (rc = read_verified(rd, e, path, c)))
		return rc;
	return read_extrefs(e, path, c);
}

static bool is_component_type(const char *t)
{
	return !strcmp(t, "software_Package") || !strcmp(t, "software_File") ||
	       !strcmp(t, "ai_AIPackage") || !strcmp(t, "dataset_DatasetPackage");
}

/* The licence expression a licence reference stands for, or NULL (absent). */
static const char *license_of(const spdx3_reader *rd, const json_t *ref)
{
	const json_t *lic = resolve(rd, ref);
	const char *id = json_is_string(ref) ? json_string_value(ref) : vg_spdx3_element_id(lic), *tail;

	if (lic && json_is_string(json_object_get(lic, "simplelicensing_licenseExpression")))
		return meaningful(json_string_value(
			json_object_get(lic, "simplelicensing_licenseExpression")));
	if (!id || vg_str_ends_with(id, "NoAssertionLicense") || vg_str_ends_with(id, "NoneLicense"))
		return NULL;
	tail = strrchr(id, '#') ? strrchr(id, '#') : strrchr(id, '/');
	return tail && tail[1] ? tail + 1 : id;
}

static int add_unique(vg_strlist *l, const char *s)
{
	return vg_strlist_contains(l, s) ? VG_OK : vg_strlist_add(l, s);
}

static int read_relationship(spdx3_reader *rd, const json_t *e, const char *path,
			     vg_strlist *described)
{
	static const char *const depends[] = { "dependsOn", "hasStaticLink", "hasDynamicLink",
					       "hasProvidedDependency", "hasOptionalDependency" };
	const char *from, *type, *to_id, *lic;
	vg_component *c, *to;
	json_t *tos = NULL, *v;
	size_t i, k;
	bool dep = false;
	int rc;

	if ((rc = vg_json_get_string(e, "from", path, true, &from)) ||
	    (rc = vg_json_get_string(e, "relationshipType", path, true, &type)) ||
	    (rc = vg_json_get_array(e, "to", path, false, &tos)))
		return rc;
	for (k = 0; k < sizeof(depends) / sizeof(depends[0]); k++)
		dep = dep || !strcmp(type, depends[k]);
	c = vg_sbom_find(rd->sbom, from);
	json_array_foreach (tos, i, v) {
		to_id = json_string_value(v);
		if (!to_id)
			continue;
		if (!strcmp(type, "describes")) {
			rc = vg_strlist_add(described, to_id);
		} else if (c && (!strcmp(type, "hasDeclaredLicense") || !strcmp(type, "hasConcludedLicense"))) {
			lic = license_of(rd, v);
			rc = vg_sbomio_set(type[3] == 'D' ? &c->license_declared : &c->license_concluded,
					   lic);
		} else if (c && (dep || !strcmp(type, "contains"))) {
			to = vg_sbom_find(rd->sbom, to_id);
			if (!to)
				rc = vg_sbom_warn(rd->sbom, "%s.to[%zu]: '%.100s' is not a package or "
						  "file, left out", path, i, to_id);
			else
				rc = add_unique(dep ? &c->depends_on : &c->contains, to_id);
		}
		if (rc)
			return rc;
	}
	return rc;
}

/* The completeness stated on the primary's contains/dependsOn relationship. */
static int read_completeness(spdx3_reader *rd)
{
	const json_t *e;
	const char *type, *from, *comp;
	size_t i;

	json_array_foreach (rd->graph, i, e) {
		type = json_string_value(json_object_get(e, "relationshipType"));
		from = json_string_value(json_object_get(e, "from"));
		comp = json_string_value(json_object_get(e, "completeness"));
		if (!type || !from || !comp || !rd->sbom->primary || strcmp(from, rd->sbom->primary->ref) ||
		    (strcmp(type, "contains") && strcmp(type, "dependsOn")))
			continue;
		if (!strcmp(comp, "complete") || !strcmp(comp, "incomplete"))
			return vg_sbomio_set(&rd->sbom->completeness, comp);
		return vg_sbomio_set(&rd->sbom->completeness, "unknown");
	}
	return VG_OK;
}

/* The first rootElement of the first element of that type that is a component. */
static const char *root_of(const spdx3_reader *rd, const char *type)
{
	const json_t *e, *r;
	size_t i, j;

	json_array_foreach (rd->graph, i, e) {
		if (strcmp(vg_spdx3_element_type(e), type))
			continue;
		json_array_foreach (json_object_get(e, "rootElement"), j, r) {
			const char *id = json_string_value(r);

			if (id && vg_sbom_find(rd->sbom, id))
				return id;
		}
	}
	return NULL;
}

static int read_graph(spdx3_reader *rd)
{
	char item[VG_JPATH_MAX];
	vg_strlist described = VG_STRLIST_INIT;
	const json_t *e, *doc = NULL, *info = NULL;
	const char *t, *primary;
	size_t i;
	int rc = VG_OK;

	json_array_foreach (rd->graph, i, e) {
		t = vg_spdx3_element_type(e);
		vg_jpath_index(item, "$.@graph", i);
		if (!doc && !strcmp(t, "SpdxDocument"))
			doc = e;
		if (!info && !strcmp(t, "CreationInfo"))
			info = e;
		/* an element whose id is used twice was reported by index_graph */
		if (is_component_type(t) && vg_spdx3_element_id(e) && json_object_get(rd->index, vg_spdx3_element_id(e)) != e)
			continue;
		if (is_component_type(t) && (rc = read_package(rd, e, item)))
			return rc;
	}
	if (doc && (rc = vg_sbomio_set(&rd->sbom->serial, vg_spdx3_element_id(doc))) == VG_OK)
		rc = vg_sbomio_string(doc, "name", "$.@graph[SpdxDocument]", &rd->sbom->name);
	if (doc && resolve(rd, json_object_get(doc, "creationInfo")))
		info = resolve(rd, json_object_get(doc, "creationInfo"));
	if (!rc && info)
		rc = read_creation_info(rd, info, "$.@graph[CreationInfo]");
	json_array_foreach (rd->graph, i, e) {
		vg_jpath_index(item, "$.@graph", i);
		t = vg_spdx3_element_type(e);
		if (!rc && vg_str_ends_with(t, "Relationship") && json_object_get(e, "relationshipType"))
			rc = read_relationship(rd, e, item, &described);
	}
	primary = root_of(rd, "software_Sbom");
	if (!primary)
		primary = root_of(rd, "SpdxDocument");
	if (!primary && described.count)
		primary = described.items[0];
	if (!rc)
		vg_sbomio_promote(rd->sbom, primary);
	vg_strlist_free(&described);
	return rc ? rc : read_completeness(rd);
}

int vg_sbomio_read_spdx3(const json_t *root, vg_sbom *sbom)
{
	spdx3_reader rd = { sbom, NULL, json_object() };
	json_t *graph = NULL;
	int rc = vg_json_get_array(root, "@graph", "$", true, &graph);

	rd.graph = graph;
	if (!rc && !rd.index)
		rc = vg_error_set(VG_ENOMEM, "out of memory");
	if (!rc)
		rc = index_graph(&rd);
	if (!rc)
		rc = read_graph(&rd);
	json_decref(rd.index);
	return rc;
}
