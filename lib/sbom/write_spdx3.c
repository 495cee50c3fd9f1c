/*
 * write_spdx3.c - the SBOM model as SPDX 3.0.1 JSON-LD.
 *
 * The @graph holds, in this order: one CreationInfo ("_:creationinfo"), the
 * creating agents (a Person per author, an Organization for the
 * manufacturer, a Tool per tool; when the model names no person or
 * organisation, a SoftwareAgent named after the first tool, or "vigil", since
 * SPDX 3 requires an Agent), the SpdxDocument, one software_Sbom
 * whose rootElement is the primary, then every component (primary first) as
 * software_Package, or software_File for type "file", each followed by its
 * supplier/originator agents, licence expressions and relationships
 * (contains, dependsOn, hasDeclaredLicense, hasConcludedLicense; the
 * SBOM's completeness is stated on the primary's relationships).
 * Identifiers: refs that are IRIs are kept; others become <base>#<ref>,
 * where <base> is derived from the serial.  Times are written in UTC
 * seconds ("Z") as SPDX 3 requires.  Lost: group, properties, party URLs,
 * external reference hashes, and a file's version.
 */
#include "sbom_io.h"

#include "vigil/buf.h"
#include "vigil/error.h"
#include "vigil/str.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CREATION_INFO "_:creationinfo"

typedef struct spdx3_writer {
	const vg_sbom *sbom;
	json_t *graph;
	json_t *ids;      /* component ref -> spdxId */
	char base[128];   /* IRI prefix of generated ids */
	unsigned counter; /* for generated element ids */
} spdx3_writer;

/* A new element of `type` with a generated id (<base>#<kind>-N) or `id`. */
static json_t *element(spdx3_writer *w, const char *type, const char *kind, const char *id)
{
	char gen[200];
	json_t *e;

	if (!id) {
		snprintf(gen, sizeof(gen), "%s#%s-%u", w->base, kind, ++w->counter);
		id = gen;
	}
	e = json_pack("{ssssss}", "type", type, "spdxId", id, "creationInfo", CREATION_INFO);
	if (vg_sbomio_json_append_new(w->graph, e))
		return NULL;
	return e;
}

static const char *id_of(const json_t *e)
{
	return json_string_value(json_object_get(e, "spdxId"));
}

/* An agent element for a party; its id, or NULL (ENOMEM recorded). */
static const char *agent(spdx3_writer *w, const char *type, const vg_party *p)
{
	json_t *e = element(w, type, "agent", NULL);

	if (!e || vg_json_set_string_if(e, "name", p->name))
		return NULL;
	if (vg_sbomio_nonempty(p->email) &&
	    vg_sbomio_json_set_new(e, "externalIdentifier",
				   json_pack("[{ssssss}]", "type", "ExternalIdentifier",
					     "externalIdentifierType", "email", "identifier",
					     p->email)))
		return NULL;
	return id_of(e);
}

static int add_creation_info(spdx3_writer *w)
{
	const vg_sbom *s = w->sbom;
	json_t *info, *by = json_array(), *using = json_array();
	vg_party tool = { NULL, NULL, NULL };
	char created[21];
	const char *id;
	size_t i;
	int rc;

	if (!s->timestamp || !vg_sbomio_utc_seconds(s->timestamp, created))
		vg_sbomio_now(created);
	info = json_pack("{sssssssssoso}", "type", "CreationInfo", "@id", CREATION_INFO, "specVersion",
			 "3.0.1", "created", created, "createdBy", by, "createdUsing", using);
	if ((rc = vg_sbomio_json_append_new(w->graph, info)))
		return rc;
	for (i = 0; i < s->author_count; i++)
		if (!(id = agent(w, "Person", &s->authors[i])) ||
		    (rc = vg_sbomio_json_append_string(by, id)))
			return VG_ENOMEM;
	if (vg_sbomio_nonempty(s->manufacturer.name) &&
	    (!(id = agent(w, "Organization", &s->manufacturer)) ||
	     vg_sbomio_json_append_string(by, id)))
		return VG_ENOMEM;
	for (i = 0; i < s->tools.count; i++) {
		tool.name = s->tools.items[i];
		if (!(id = agent(w, "Tool", &tool)) || vg_sbomio_json_append_string(using, id))
			return VG_ENOMEM;
	}
	if (json_array_size(by) == 0) {
		/* SPDX 3 needs an Agent: the tool that made it, else this writer */
		tool.name = s->tools.count ? s->tools.items[0] : "vigil";
		if (!(id = agent(w, "SoftwareAgent", &tool)) || vg_sbomio_json_append_string(by, id))
			return VG_ENOMEM;
	}
	if (json_array_size(using) == 0)
		json_object_del(info, "createdUsing");
	return VG_OK;
}

static const char *purpose(vg_component_type t)
{
	static const char *const names[] = {
		[VG_COMPONENT_LIBRARY] = "library",
		[VG_COMPONENT_APPLICATION] = "application",
		[VG_COMPONENT_FRAMEWORK] = "framework",
		[VG_COMPONENT_CONTAINER] = "container",
		[VG_COMPONENT_PLATFORM] = "platform",
		[VG_COMPONENT_OPERATING_SYSTEM] = "operatingSystem",
		[VG_COMPONENT_DEVICE] = "device",
		[VG_COMPONENT_DEVICE_DRIVER] = "deviceDriver",
		[VG_COMPONENT_FIRMWARE] = "firmware",
		[VG_COMPONENT_FILE] = "file",
		[VG_COMPONENT_MACHINE_LEARNING_MODEL] = "model",
		[VG_COMPONENT_DATA] = "data",
		[VG_COMPONENT_CRYPTOGRAPHIC_ASSET] = "other",
	};

	return (size_t)t < sizeof(names) / sizeof(names[0]) ? names[t] : "other";
}

static int add_identifiers(json_t *e, const vg_component *c, bool purl_inline)
{
	json_t *arr = json_array();
	size_t i;
	int rc = arr ? VG_OK : VG_ENOMEM;

	if (!rc && c->purl && !purl_inline)
		rc = vg_sbomio_json_append_new(arr, json_pack("{ssssss}", "type", "ExternalIdentifier",
							       "externalIdentifierType", "packageUrl",
							       "identifier", c->purl));
	for (i = 0; !rc && i < c->cpes.count; i++)
		rc = vg_sbomio_json_append_new(
			arr, json_pack("{ssssss}", "type", "ExternalIdentifier", "externalIdentifierType",
				       vg_str_starts_with(c->cpes.items[i], "cpe:/") ? "cpe22" : "cpe23",
				       "identifier", c->cpes.items[i]));
	if (!rc && json_array_size(arr))
		return vg_sbomio_json_set_new(e, "externalIdentifier", arr);
	json_decref(arr);
	return rc;
}

static int add_hashes(json_t *e, const vg_component *c)
{
	json_t *arr = json_array();
	const char *alg;
	size_t i;
	int rc = arr ? VG_OK : VG_ENOMEM;

	for (i = 0; !rc && i < c->hash_count; i++)
		if ((alg = vg_sbomio_hash_alg_spdx3(c->hashes[i].alg)))
			rc = vg_sbomio_json_append_new(arr, json_pack("{ssssss}", "type", "Hash",
								      "algorithm", alg, "hashValue",
								      c->hashes[i].value));
	if (!rc && json_array_size(arr))
		return vg_sbomio_json_set_new(e, "verifiedUsing", arr);
	json_decref(arr);
	return rc;
}

/* downloadLocation / homePage (packages only) and externalRef for the rest. */
static int add_refs(json_t *e, const vg_component *c, bool package)
{
	json_t *arr = json_array();
	bool download = false, home = false;
	const char *type;
	char *url;
	size_t i;
	int rc = arr ? VG_OK : VG_ENOMEM;

	for (i = 0; !rc && i < c->extref_count; i++) {
		type = c->extrefs[i].type ? c->extrefs[i].type : "other";
		if (!c->extrefs[i].url || !(url = vg_sbomio_iri_encode(c->extrefs[i].url))) {
			rc = c->extrefs[i].url ? VG_ENOMEM : VG_OK;
			continue;
		}
		if (package && !download && !strcmp(type, "distribution")) {
			download = true;
			rc = vg_sbomio_json_set_string(e, "software_downloadLocation", url);
		} else if (package && !home && !strcmp(type, "website")) {
			home = true;
			rc = vg_sbomio_json_set_string(e, "software_homePage", url);
		} else {
			rc = vg_sbomio_json_append_new(arr, json_pack("{sssss[s]}", "type", "ExternalRef",
								      "externalRefType",
								      vg_sbomio_extref_to_spdx3(type),
								      "locator", url));
		}
		free(url);
	}
	if (!rc && json_array_size(arr))
		return vg_sbomio_json_set_new(e, "externalRef", arr);
	json_decref(arr);
	return rc;
}

/* A relationship from -> to[] of `type`; completeness when non-NULL. */
static int relationship(spdx3_writer *w, const char *from, const char *type, json_t *to,
			const char *completeness)
{
	json_t *r = element(w, "Relationship", "relationship", NULL);

	if (!r || vg_sbomio_json_set_string(r, "from", from) ||
	    vg_sbomio_json_set_string(r, "relationshipType", type) ||
	    vg_sbomio_json_set_new(r, "to", to) ||
	    (completeness && vg_sbomio_json_set_string(r, "completeness", completeness)))
		return VG_ENOMEM;
	return VG_OK;
}

static int relate_list(spdx3_writer *w, const char *from, const char *type,
		       const vg_strlist *refs, const char *completeness)
{
	json_t *to = json_array();
	const char *id;
	size_t i;

	for (i = 0; to && i < refs->count; i++)
		if ((id = vg_sbomio_idmap_get(w->ids, refs->items[i])) &&
		    vg_sbomio_json_append_string(to, id))
			break;
	if (!to || i < refs->count) {
		json_decref(to);
		return VG_ENOMEM;
	}
	if (json_array_size(to) == 0) {
		json_decref(to);
		return VG_OK;
	}
	return relationship(w, from, type, to, completeness);
}

static int license(spdx3_writer *w, const char *from, const char *type, const char *expr)
{
	json_t *lic;

	if (!vg_sbomio_nonempty(expr))
		return VG_OK;
	lic = element(w, "simplelicensing_LicenseExpression", "license", NULL);
	if (!lic || vg_sbomio_json_set_string(lic, "simplelicensing_licenseExpression", expr))
		return VG_ENOMEM;
	return relationship(w, from, type, json_pack("[s]", id_of(lic)), NULL);
}

static int add_parties(spdx3_writer *w, json_t *e, const vg_component *c)
{
	const char *id;

	if (vg_sbomio_nonempty(c->supplier.name) &&
	    (!(id = agent(w, "Organization", &c->supplier)) ||
	     vg_sbomio_json_set_string(e, "suppliedBy", id)))
		return VG_ENOMEM;
	if (vg_sbomio_nonempty(c->manufacturer.name) &&
	    (!(id = agent(w, "Organization", &c->manufacturer)) ||
	     vg_sbomio_json_set_new(e, "originatedBy", json_pack("[s]", id))))
		return VG_ENOMEM;
	return VG_OK;
}

static int add_component(spdx3_writer *w, const vg_component *c)
{
	bool package = c->type != VG_COMPONENT_FILE;
	const char *id = vg_sbomio_idmap_get(w->ids, c->ref);
	const char *comp = c == w->sbom->primary ? w->sbom->completeness : NULL;
	json_t *e;

	if (comp && strcmp(comp, "complete") && strcmp(comp, "incomplete"))
		comp = "noAssertion";
	e = element(w, package ? "software_Package" : "software_File", package ? "package" : "file",
		    id);
	if (!e || vg_sbomio_json_set_string(e, "name", c->name ? c->name : "") ||
	    (package && vg_json_set_string_if(e, "software_packageVersion", c->version)) ||
	    vg_json_set_string_if(e, "description", c->description) ||
	    vg_sbomio_json_set_string(e, "software_primaryPurpose", purpose(c->type)) ||
	    (package && vg_json_set_string_if(e, "software_packageUrl", c->purl)) ||
	    vg_json_set_string_if(e, "software_copyrightText", c->copyright) ||
	    add_identifiers(e, c, package) || add_hashes(e, c) || add_refs(e, c, package) ||
	    add_parties(w, e, c) || license(w, id, "hasDeclaredLicense", c->license_declared) ||
	    license(w, id, "hasConcludedLicense", c->license_concluded) ||
	    relate_list(w, id, "contains", &c->contains, comp) ||
	    relate_list(w, id, "dependsOn", &c->depends_on, comp))
		return vg_error_set(VG_ENOMEM, "out of memory building JSON");
	return VG_OK;
}

/* SpdxDocument and software_Sbom; their element lists are filled at the end. */
static int add_documents(spdx3_writer *w, const char *doc_id, json_t **doc, json_t **bom)
{
	char name[300];

	*doc = element(w, "SpdxDocument", "document", doc_id);
	*bom = element(w, "software_Sbom", "sbom", NULL);
	snprintf(name, sizeof(name), "%s", w->sbom->name ? w->sbom->name
				      : w->sbom->primary && w->sbom->primary->name ? w->sbom->primary->name
										  : "sbom");
	if (!*doc || !*bom || vg_sbomio_json_set_string(*doc, "name", name) ||
	    vg_sbomio_json_set_new(*doc, "profileConformance",
				   json_pack("[sss]", "core", "software", "simpleLicensing")) ||
	    vg_sbomio_json_set_new(*doc, "rootElement", json_pack("[s]", id_of(*bom))) ||
	    vg_sbomio_json_set_new(*bom, "software_sbomType", json_pack("[s]", "build")) ||
	    (w->sbom->primary &&
	     vg_sbomio_json_set_new(*bom, "rootElement",
				    json_pack("[s]", vg_sbomio_idmap_get(w->ids, w->sbom->primary->ref)))))
		return VG_ENOMEM;
	return VG_OK;
}

/* element[] of the document: everything but itself and the CreationInfo;
 * of the SBOM: everything but the documents and the CreationInfo. */
static int fill_elements(spdx3_writer *w, json_t *doc, json_t *bom)
{
	json_t *de = json_array(), *be = json_array(), *e;
	const char *id;
	size_t i;

	if (vg_sbomio_json_set_new(doc, "element", de) || vg_sbomio_json_set_new(bom, "element", be))
		return VG_ENOMEM;
	json_array_foreach (w->graph, i, e) {
		id = id_of(e);
		if (!id || e == doc)
			continue;
		if (vg_sbomio_json_append_string(de, id) ||
		    (e != bom && vg_sbomio_json_append_string(be, id)))
			return VG_ENOMEM;
	}
	return VG_OK;
}

/* Ids that are not IRIs (sanitised refs) get the document's base in front. */
static int prefix_ids(spdx3_writer *w)
{
	vg_buf b = VG_BUF_INIT;
	const char *ref;
	json_t *v;
	int rc = VG_OK;

	json_object_foreach (w->ids, ref, v) {
		if (vg_sbomio_is_iri(json_string_value(v)))
			continue;
		vg_buf_clear(&b);
		if ((rc = vg_buf_printf(&b, "%s#%s", w->base, json_string_value(v))) ||
		    (rc = json_string_set(v, b.ptr) ? VG_ENOMEM : VG_OK))
			break;
	}
	vg_buf_free(&b);
	return rc;
}

static int write_graph(spdx3_writer *w)
{
	const vg_component **all;
	json_t *doc, *bom;
	char uuid[46];
	size_t i, n;
	int rc = w->sbom->serial ? vg_sbomio_derived_urn_uuid(w->sbom->serial, uuid)
				 : vg_sbomio_random_urn_uuid(uuid);

	if (rc)
		return rc;
	snprintf(w->base, sizeof(w->base), "https://spdx.org/spdxdocs/vigil-%s", uuid + 9);
	w->ids = vg_sbomio_idmap(w->sbom, "", vg_sbomio_is_iri);
	if (!w->ids || prefix_ids(w))
		return VG_ENOMEM;
	if ((rc = add_creation_info(w)) ||
	    (rc = add_documents(w, w->sbom->serial && vg_sbomio_is_iri(w->sbom->serial) &&
					   !json_object_get(w->ids, w->sbom->serial)
				       ? w->sbom->serial : NULL, &doc, &bom)))
		return rc;
	if (!(all = vg_sbomio_all_components(w->sbom, &n)))
		return VG_ENOMEM;
	for (i = 0; !rc && i < n; i++)
		rc = add_component(w, all[i]);
	free(all);
	return rc ? rc : fill_elements(w, doc, bom);
}

int vg_sbomio_write_spdx3(const vg_sbom *sbom, json_t **out)
{
	spdx3_writer w = { sbom, json_array(), NULL, "", 0 };
	json_t *doc = json_pack("{ssso}", "@context", "https://spdx.org/rdf/3.0.1/spdx-context.jsonld",
				"@graph", json_incref(w.graph));
	int rc = doc && w.graph ? write_graph(&w) : VG_ENOMEM;

	json_decref(w.graph);
	json_decref(w.ids);
	if (rc) {
		json_decref(doc);
		return rc == VG_ENOMEM ? vg_error_set(VG_ENOMEM, "out of memory building JSON") : rc;
	}
	*out = doc;
	return VG_OK;
}
