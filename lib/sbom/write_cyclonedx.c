/*
 * write_cyclonedx.c - the SBOM model as CycloneDX 1.6 JSON.
 *
 * Components are written in model order; a component another one `contains`
 * is nested under its first container (CycloneDX expresses containment only
 * by nesting, so it is a tree: a second container or a cycle is lost).
 * Licences: one expression is written as [{expression, acknowledgement}];
 * declared and concluded together are written as named licences, one per
 * term, when both are single identifiers or AND-lists of them (readers join
 * the terms of one acknowledgement with AND, so nothing is lost); otherwise
 * only the concluded expression is kept (1.6 allows a single expression).  Only the first CPE is written.
 * A serial that is not a urn:uuid (an SPDX namespace) is replaced by a UUID
 * derived from it, so the output stays deterministic.
 */
#include "sbom_io.h"

#include "vigil/error.h"
#include "vigil/str.h"

#include <stdlib.h>
#include <string.h>

typedef struct cdx_writer {
	const vg_sbom *sbom;
	json_t *placed;    /* refs already written */
	json_t *contained; /* refs some component contains */
} cdx_writer;

static json_t *org_entity(const vg_party *p)
{
	json_t *o = json_object(), *contact;

	if (!o || vg_json_set_string_if(o, "name", p->name))
		goto fail;
	if (vg_sbomio_nonempty(p->url) &&
	    vg_sbomio_json_set_new(o, "url", json_pack("[s]", p->url)))
		goto fail;
	if (vg_sbomio_nonempty(p->email)) {
		contact = json_pack("[{ss}]", "email", p->email);
		if (vg_sbomio_json_set_new(o, "contact", contact))
			goto fail;
	}
	return o;
fail:
	json_decref(o);
	return NULL;
}

static bool party_empty(const vg_party *p)
{
	return !vg_sbomio_nonempty(p->name) && !vg_sbomio_nonempty(p->url) &&
	       !vg_sbomio_nonempty(p->email);
}

static json_t *hashes_json(const vg_hash *hashes, size_t count)
{
	json_t *arr = json_array();
	size_t i;

	for (i = 0; arr && i < count; i++) {
		if (vg_sbomio_json_append_new(arr, json_pack("{ssss}", "alg", hashes[i].alg,
							      "content", hashes[i].value))) {
			json_decref(arr);
			return NULL;
		}
	}
	return arr;
}

static bool single_token(const char *s)
{
	return strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.+-") ==
	       strlen(s);
}

/* "A AND B AND C" where every term is one identifier. */
static bool and_of_tokens(const char *s)
{
	const char *and;

	for (; (and = strstr(s, " AND ")); s = and + 5)
		if (strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.+-") !=
		    (size_t)(and - s) || and == s)
			return false;
	return *s && single_token(s);
}

/* Append one named licence per AND term of expr. */
static int append_terms(json_t *arr, const char *expr, const char *ack)
{
	const char *and;

	for (;;) {
		size_t n = (and = strstr(expr, " AND ")) ? (size_t)(and - expr) : strlen(expr);
		json_t *lic = json_pack("{s{s:s#,ss}}", "license", "name", expr, (int)n,
					"acknowledgement", ack);

		if (vg_sbomio_json_append_new(arr, lic))
			return VG_ENOMEM;
		if (!and)
			return VG_OK;
		expr = and + 5;
	}
}

static json_t *licenses_json(const vg_component *c)
{
	const char *decl = vg_sbomio_nonempty(c->license_declared);
	const char *conc = vg_sbomio_nonempty(c->license_concluded);
	json_t *arr;

	if (decl && conc && and_of_tokens(decl) && and_of_tokens(conc)) {
		arr = json_array();
		if (!arr || append_terms(arr, decl, "declared") ||
		    append_terms(arr, conc, "concluded")) {
			json_decref(arr);
			return NULL;
		}
		return arr;
	}
	if (conc)
		return json_pack("[{ssss}]", "expression", conc, "acknowledgement", "concluded");
	return json_pack("[{ssss}]", "expression", decl, "acknowledgement", "declared");
}

static int add_extrefs(json_t *o, const vg_component *c)
{
	json_t *arr, *r;
	size_t i;

	if (!c->extref_count)
		return VG_OK;
	arr = json_array();
	if (vg_sbomio_json_set_new(o, "externalReferences", arr))
		return VG_ENOMEM;
	for (i = 0; i < c->extref_count; i++) {
		char *url = vg_sbomio_iri_encode(c->extrefs[i].url ? c->extrefs[i].url : "");

		r = url ? json_pack("{ssss}", "url", url, "type",
				    vg_sbomio_extref_type(c->extrefs[i].type)) : NULL;
		free(url);
		if (vg_sbomio_json_append_new(arr, r) ||
		    (c->extrefs[i].hash_count &&
		     vg_sbomio_json_set_new(r, "hashes", hashes_json(c->extrefs[i].hashes,
								      c->extrefs[i].hash_count))))
			return VG_ENOMEM;
	}
	return VG_OK;
}

static int add_properties(json_t *o, const vg_component *c)
{
	json_t *arr, *p;
	size_t i;

	if (!c->property_count)
		return VG_OK;
	arr = json_array();
	if (vg_sbomio_json_set_new(o, "properties", arr))
		return VG_ENOMEM;
	for (i = 0; i < c->property_count; i++) {
		p = json_pack("{ss}", "name", c->properties[i].name);
		if (vg_sbomio_json_append_new(arr, p) ||
		    (c->properties[i].value &&
		     vg_sbomio_json_set_string(p, "value", c->properties[i].value)))
			return VG_ENOMEM;
	}
	return VG_OK;
}

static int add_fields(json_t *o, const vg_component *c)
{
	if (vg_json_set_string_if(o, "group", c->group) ||
	    vg_json_set_string_if(o, "version", c->version) ||
	    vg_json_set_string_if(o, "description", c->description) ||
	    (!party_empty(&c->supplier) &&
	     vg_sbomio_json_set_new(o, "supplier", org_entity(&c->supplier))) ||
	    (!party_empty(&c->manufacturer) &&
	     vg_sbomio_json_set_new(o, "manufacturer", org_entity(&c->manufacturer))) ||
	    (c->hash_count && vg_sbomio_json_set_new(o, "hashes", hashes_json(c->hashes, c->hash_count))) ||
	    ((vg_sbomio_nonempty(c->license_declared) || vg_sbomio_nonempty(c->license_concluded)) &&
	     vg_sbomio_json_set_new(o, "licenses", licenses_json(c))) ||
	    vg_json_set_string_if(o, "copyright", c->copyright) ||
	    (c->cpes.count && vg_sbomio_json_set_string(o, "cpe", c->cpes.items[0])) ||
	    vg_json_set_string_if(o, "purl", c->purl) || add_extrefs(o, c) || add_properties(o, c))
		return vg_error_set(VG_ENOMEM, "out of memory building JSON");
	return VG_OK;
}

static json_t *component_json(cdx_writer *w, const vg_component *c);

/* The components c contains that are not written yet, nested. */
static int add_children(cdx_writer *w, json_t *o, const vg_component *c)
{
	json_t *arr = NULL, *child;
	const vg_component *k;
	size_t i;

	for (i = 0; i < c->contains.count; i++) {
		k = vg_sbom_find(w->sbom, c->contains.items[i]);
		if (!k || k == w->sbom->primary || json_object_get(w->placed, k->ref))
			continue;
		if (!arr && vg_sbomio_json_set_new(o, "components", arr = json_array()))
			return VG_ENOMEM;
		child = component_json(w, k);
		if (vg_sbomio_json_append_new(arr, child))
			return VG_ENOMEM;
	}
	return VG_OK;
}

static json_t *component_json(cdx_writer *w, const vg_component *c)
{
	json_t *o = json_pack("{ssssss}", "type", vg_component_type_name(c->type), "bom-ref", c->ref,
			      "name", c->name ? c->name : "");

	if (!o || json_object_set_new(w->placed, c->ref, json_true()) || add_fields(o, c) ||
	    add_children(w, o, c)) {
		json_decref(o);
		vg_error_set(VG_ENOMEM, "out of memory building JSON");
		return NULL;
	}
	return o;
}

static int add_components(cdx_writer *w, json_t *doc)
{
	json_t *arr = json_array();
	const vg_component *c;
	size_t i, pass;

	if (vg_sbomio_json_set_new(doc, "components", arr))
		return VG_ENOMEM;
	/* pass 0: roots of containment; pass 1: whatever a cycle left over */
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < w->sbom->component_count; i++) {
			c = w->sbom->components[i];
			if (json_object_get(w->placed, c->ref) ||
			    (pass == 0 && json_object_get(w->contained, c->ref)))
				continue;
			if (vg_sbomio_json_append_new(arr, component_json(w, c)))
				return VG_ENOMEM;
		}
	}
	return VG_OK;
}

/* "name version": the last word is the version when it starts with a digit
 * (or v and a digit); "Acme Signing Server" stays one name. */
static const char *tool_version(const char *tool)
{
	const char *space = strrchr(tool, ' ');
	const char *v = space ? space + 1 : NULL;

	if (v && *v == 'v')
		v++;
	return v && *v >= '0' && *v <= '9' ? space : NULL;
}

static int add_tools(json_t *meta, const vg_strlist *tools)
{
	json_t *arr, *t;
	const char *space;
	char *name;
	size_t i;

	if (!tools->count)
		return VG_OK;
	arr = json_array();
	if (vg_sbomio_json_set_new(meta, "tools", json_pack("{so}", "components", arr)))
		return VG_ENOMEM;
	for (i = 0; i < tools->count; i++) {
		space = tool_version(tools->items[i]);
		name = space ? vg_strndup(tools->items[i], (size_t)(space - tools->items[i]))
			     : vg_strdup(tools->items[i]);
		t = name ? json_pack("{ssss}", "type", "application", "name", name) : NULL;
		free(name);
		if (vg_sbomio_json_append_new(arr, t) ||
		    (space && vg_sbomio_json_set_string(t, "version", space + 1)))
			return VG_ENOMEM;
	}
	return VG_OK;
}

static int add_metadata(cdx_writer *w, json_t *doc)
{
	const vg_sbom *s = w->sbom;
	json_t *meta = json_object(), *authors, *a;
	char now[21];
	size_t i;

	vg_sbomio_now(now);
	if (vg_sbomio_json_set_new(doc, "metadata", meta) ||
	    vg_sbomio_json_set_string(meta, "timestamp", s->timestamp ? s->timestamp : now) ||
	    add_tools(meta, &s->tools))
		return VG_ENOMEM;
	if (s->author_count) {
		if (vg_sbomio_json_set_new(meta, "authors", authors = json_array()))
			return VG_ENOMEM;
		for (i = 0; i < s->author_count; i++) {
			a = json_object();
			if (vg_sbomio_json_append_new(authors, a) ||
			    vg_json_set_string_if(a, "name", s->authors[i].name) ||
			    vg_json_set_string_if(a, "email", s->authors[i].email))
				return VG_ENOMEM;
		}
	}
	if (!party_empty(&s->manufacturer) &&
	    vg_sbomio_json_set_new(meta, "manufacturer", org_entity(&s->manufacturer)))
		return VG_ENOMEM;
	if (s->primary && vg_sbomio_json_set_new(meta, "component", component_json(w, s->primary)))
		return VG_ENOMEM;
	return VG_OK;
}

static int add_dependencies(const vg_sbom *s, json_t *doc)
{
	json_t *arr = json_array(), *on;
	const vg_component **all;
	size_t i, j, n;
	int rc = VG_OK;

	if (vg_sbomio_json_set_new(doc, "dependencies", arr) ||
	    !(all = vg_sbomio_all_components(s, &n)))
		return VG_ENOMEM;
	for (i = 0; i < n && !rc; i++) {
		if (!all[i]->depends_on.count)
			continue;
		on = json_array();
		rc = vg_sbomio_json_append_new(arr, json_pack("{ssso}", "ref", all[i]->ref,
							       "dependsOn", on));
		for (j = 0; !rc && j < all[i]->depends_on.count; j++)
			rc = vg_sbomio_json_append_string(on, all[i]->depends_on.items[j]);
	}
	free(all);
	return rc;
}

static int add_top(cdx_writer *w, json_t *doc)
{
	const vg_sbom *s = w->sbom;
	char serial[46];
	json_t *comp;
	int rc;

	if (s->serial && vg_sbomio_is_urn_uuid(s->serial))
		snprintf(serial, sizeof(serial), "%s", s->serial);
	else if ((rc = s->serial ? vg_sbomio_derived_urn_uuid(s->serial, serial)
				 : vg_sbomio_random_urn_uuid(serial)))
		return rc;
	if (vg_sbomio_json_set_string(doc, "$schema", "http://cyclonedx.org/schema/bom-1.6.schema.json") ||
	    vg_sbomio_json_set_string(doc, "bomFormat", "CycloneDX") ||
	    vg_sbomio_json_set_string(doc, "specVersion", "1.6") ||
	    vg_sbomio_json_set_string(doc, "serialNumber", serial) ||
	    vg_sbomio_json_set_new(doc, "version", json_integer(s->version >= 1 ? s->version : 1)) ||
	    add_metadata(w, doc) || add_components(w, doc) || add_dependencies(s, doc))
		return vg_error_set(VG_ENOMEM, "out of memory building JSON");
	if (!s->completeness)
		return VG_OK;
	comp = json_pack("{ss}", "aggregate", s->completeness);
	if (vg_sbomio_json_set_new(doc, "compositions", json_pack("[o]", comp)) ||
	    (s->primary && vg_sbomio_json_set_new(comp, "assemblies", json_pack("[s]", s->primary->ref))))
		return vg_error_set(VG_ENOMEM, "out of memory building JSON");
	return VG_OK;
}

int vg_sbomio_write_cyclonedx(const vg_sbom *sbom, json_t **out)
{
	cdx_writer w = { sbom, json_object(), json_object() };
	json_t *doc = json_object();
	size_t i, j;
	int rc = (doc && w.placed && w.contained) ? VG_OK : VG_ENOMEM;

	for (i = 0; !rc && i < sbom->component_count; i++)
		for (j = 0; !rc && j < sbom->components[i]->contains.count; j++)
			if (json_object_set_new(w.contained, sbom->components[i]->contains.items[j],
						json_true()))
				rc = VG_ENOMEM;
	for (j = 0; !rc && sbom->primary && j < sbom->primary->contains.count; j++)
		if (json_object_set_new(w.contained, sbom->primary->contains.items[j], json_true()))
			rc = VG_ENOMEM;
	if (!rc)
		rc = add_top(&w, doc);
	else
		rc = vg_error_set(VG_ENOMEM, "out of memory building JSON");
	json_decref(w.placed);
	json_decref(w.contained);
	if (rc) {
		json_decref(doc);
		return rc;
	}
	*out = doc;
	return VG_OK;
}
