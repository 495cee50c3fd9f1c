/*
 * write_spdx2.c - the SBOM model as SPDX 2.3 JSON.
 *
 * Every component (primary first) is written as a package, with
 * filesAnalyzed false; the type goes to primaryPackagePurpose (types SPDX 2
 * has no word for become OTHER).  SPDXIDs are "SPDXRef-" plus the ref with
 * unusable characters replaced (refs that are SPDXIDs already are kept).
 * The document DESCRIBES the primary; depends_on and contains become
 * DEPENDS_ON and CONTAINS.  The first "distribution" and "website" references
 * become downloadLocation and homepage, the others are written as OTHER
 * external references of their CycloneDX type.  Not expressible in SPDX 2
 * and lost: group, properties, party URLs, reference hashes, completeness.
 */
#include "sbom_io.h"

#include "vigil/error.h"
#include "vigil/str.h"

#include <stdlib.h>
#include <string.h>

static const char *purpose(vg_component_type t)
{
	switch (t) {
	case VG_COMPONENT_APPLICATION: return "APPLICATION";
	case VG_COMPONENT_FRAMEWORK: return "FRAMEWORK";
	case VG_COMPONENT_LIBRARY: return "LIBRARY";
	case VG_COMPONENT_CONTAINER: return "CONTAINER";
	case VG_COMPONENT_OPERATING_SYSTEM: return "OPERATING_SYSTEM";
	case VG_COMPONENT_DEVICE: return "DEVICE";
	case VG_COMPONENT_FIRMWARE: return "FIRMWARE";
	case VG_COMPONENT_FILE: return "FILE";
	default: return "OTHER";
	}
}

static int set_actor(json_t *o, const char *key, const char *kind, const vg_party *p)
{
	char *s;
	int rc;

	if (!vg_sbomio_nonempty(p->name))
		return VG_OK;
	s = vg_sbomio_format_actor(kind, p);
	rc = s ? vg_sbomio_json_set_string(o, key, s) : vg_error_set(VG_ENOMEM, "out of memory");
	free(s);
	return rc;
}

static int add_ref(json_t *refs, const char *cat, const char *type, const char *loc)
{
	return vg_sbomio_json_append_new(refs, json_pack("{ssssss}", "referenceCategory", cat,
							  "referenceType", type,
							  "referenceLocator", loc));
}

/* Locations and external references; returns the first index used for each. */
static int add_references(json_t *o, const vg_component *c)
{
	json_t *refs = json_array();
	const char *download = NULL, *home = NULL;
	char *url;
	size_t i;
	int rc = refs ? VG_OK : VG_ENOMEM;

	if (!rc && c->purl)
		rc = add_ref(refs, "PACKAGE-MANAGER", "purl", c->purl);
	for (i = 0; !rc && i < c->cpes.count; i++)
		rc = add_ref(refs, "SECURITY",
			     vg_str_starts_with(c->cpes.items[i], "cpe:/") ? "cpe22Type" : "cpe23Type",
			     c->cpes.items[i]);
	for (i = 0; !rc && i < c->extref_count; i++) {
		const char *type = c->extrefs[i].type ? c->extrefs[i].type : "other";

		if (!c->extrefs[i].url)
			continue;
		if (!download && !strcmp(type, "distribution")) {
			download = c->extrefs[i].url;
			continue;
		}
		if (!home && !strcmp(type, "website")) {
			home = c->extrefs[i].url;
			continue;
		}
		url = vg_sbomio_iri_encode(c->extrefs[i].url);
		rc = url ? add_ref(refs, "OTHER", type, url) : VG_ENOMEM;
		free(url);
	}
	if (!rc)
		rc = vg_sbomio_json_set_string(o, "downloadLocation", download ? download : "NOASSERTION");
	if (!rc && home)
		rc = vg_sbomio_json_set_string(o, "homepage", home);
	if (!rc && json_array_size(refs))
		return vg_sbomio_json_set_new(o, "externalRefs", refs);
	json_decref(refs);
	return rc;
}

static int add_checksums(json_t *o, const vg_component *c)
{
	json_t *arr;
	const char *alg;
	size_t i;
	int rc = VG_OK;

	if (!c->hash_count)
		return VG_OK;
	arr = json_array();
	if (vg_sbomio_json_set_new(o, "checksums", arr))
		return VG_ENOMEM;
	for (i = 0; !rc && i < c->hash_count; i++) {
		alg = vg_sbomio_hash_alg_spdx2(c->hashes[i].alg);
		if (alg)
			rc = vg_sbomio_json_append_new(arr, json_pack("{ssss}", "algorithm", alg,
								      "checksumValue",
								      c->hashes[i].value));
	}
	return rc;
}

static json_t *package_json(const vg_component *c, const json_t *ids)
{
	json_t *o = json_pack("{ssss}", "SPDXID", vg_sbomio_idmap_get(ids, c->ref), "name",
			      c->name ? c->name : "");

	if (!o || vg_json_set_string_if(o, "versionInfo", c->version) ||
	    vg_sbomio_json_set_new(o, "filesAnalyzed", json_false()) ||
	    set_actor(o, "supplier", "Organization", &c->supplier) ||
	    set_actor(o, "originator", "Organization", &c->manufacturer) ||
	    add_references(o, c) || add_checksums(o, c) ||
	    vg_json_set_string_if(o, "licenseConcluded", c->license_concluded) ||
	    vg_json_set_string_if(o, "licenseDeclared", c->license_declared) ||
	    vg_json_set_string_if(o, "copyrightText", c->copyright) ||
	    vg_json_set_string_if(o, "description", c->description) ||
	    vg_sbomio_json_set_string(o, "primaryPackagePurpose", purpose(c->type))) {
		json_decref(o);
		vg_error_set(VG_ENOMEM, "out of memory building JSON");
		return NULL;
	}
	return o;
}

static int add_relationship(json_t *rels, const char *a, const char *type, const char *b)
{
	return vg_sbomio_json_append_new(rels, json_pack("{ssssss}", "spdxElementId", a,
							  "relationshipType", type,
							  "relatedSpdxElement", b));
}

/* One relationship per listed ref that is a component of this SBOM. */
static int add_list(json_t *rels, const json_t *ids, const char *from, const char *type,
		    const vg_strlist *refs)
{
	const char *to;
	size_t i;
	int rc = VG_OK;

	for (i = 0; !rc && i < refs->count; i++)
		if ((to = vg_sbomio_idmap_get(ids, refs->items[i])))
			rc = add_relationship(rels, from, type, to);
	return rc;
}

static int add_packages(const vg_sbom *s, json_t *doc, const json_t *ids)
{
	json_t *pkgs = json_array(), *rels = json_array();
	const vg_component **all;
	const char *id;
	size_t i, n;
	int rc;

	if (vg_sbomio_json_set_new(doc, "packages", pkgs) ||
	    vg_sbomio_json_set_new(doc, "relationships", rels) ||
	    !(all = vg_sbomio_all_components(s, &n)))
		return VG_ENOMEM;
	rc = s->primary ? add_relationship(rels, "SPDXRef-DOCUMENT", "DESCRIBES",
					   vg_sbomio_idmap_get(ids, s->primary->ref))
			: VG_OK;
	for (i = 0; !rc && i < n; i++) {
		id = vg_sbomio_idmap_get(ids, all[i]->ref);
		rc = vg_sbomio_json_append_new(pkgs, package_json(all[i], ids));
		if (!rc)
			rc = add_list(rels, ids, id, "DEPENDS_ON", &all[i]->depends_on);
		if (!rc)
			rc = add_list(rels, ids, id, "CONTAINS", &all[i]->contains);
	}
	free(all);
	return rc;
}

static int add_creators(const vg_sbom *s, json_t *info)
{
	json_t *arr = json_array();
	vg_party tool = { NULL, NULL, NULL };
	char *c;
	size_t i;
	int rc = vg_sbomio_json_set_new(info, "creators", arr);

	for (i = 0; !rc && i < s->author_count; i++) {
		c = vg_sbomio_format_actor("Person", &s->authors[i]);
		rc = c ? vg_sbomio_json_append_string(arr, c) : VG_ENOMEM;
		free(c);
	}
	if (!rc && vg_sbomio_nonempty(s->manufacturer.name)) {
		c = vg_sbomio_format_actor("Organization", &s->manufacturer);
		rc = c ? vg_sbomio_json_append_string(arr, c) : VG_ENOMEM;
		free(c);
	}
	for (i = 0; !rc && i <= s->tools.count; i++) {
		/* SPDX requires a creator: name the writer when the model has none */
		if (i == s->tools.count && json_array_size(arr))
			break;
		tool.name = i < s->tools.count ? s->tools.items[i] : "vigil";
		c = vg_sbomio_format_actor("Tool", &tool);
		rc = c ? vg_sbomio_json_append_string(arr, c) : VG_ENOMEM;
		free(c);
	}
	return rc;
}

/* documentNamespace: the serial when it is an absolute URI without '#',
 * else a vigil URI derived from it (or random). */
static int namespace(const vg_sbom *s, char out[128])
{
	char uuid[46];
	int rc;

	if (s->serial && strlen(s->serial) < 128 && strstr(s->serial, "://") && !strchr(s->serial, '#') &&
	    !strpbrk(s->serial, " <>\"{}|\\^`")) {
		snprintf(out, 128, "%s", s->serial);
		return VG_OK;
	}
	rc = s->serial ? vg_sbomio_derived_urn_uuid(s->serial, uuid) : vg_sbomio_random_urn_uuid(uuid);
	if (!rc)
		snprintf(out, 128, "https://spdx.org/spdxdocs/vigil-%s", uuid + 9);
	return rc;
}

int vg_sbomio_write_spdx2(const vg_sbom *s, json_t **out)
{
	json_t *doc = json_object(), *info = json_object(), *ids = vg_sbomio_idmap(s, "SPDXRef-", "SPDXRef-");
	char ns[128], now[21];
	const char *name = s->name ? s->name : s->primary && s->primary->name ? s->primary->name : "sbom";
	int rc = (doc && info && ids) ? namespace(s, ns) : VG_ENOMEM;

	vg_sbomio_now(now);
	if (!rc && (vg_sbomio_json_set_string(doc, "spdxVersion", "SPDX-2.3") ||
		    vg_sbomio_json_set_string(doc, "dataLicense", "CC0-1.0") ||
		    vg_sbomio_json_set_string(doc, "SPDXID", "SPDXRef-DOCUMENT") ||
		    vg_sbomio_json_set_string(doc, "name", name) ||
		    vg_sbomio_json_set_string(doc, "documentNamespace", ns) ||
		    vg_sbomio_json_set_new(doc, "creationInfo", json_incref(info)) ||
		    vg_sbomio_json_set_string(info, "created", s->timestamp ? s->timestamp : now) ||
		    add_creators(s, info) || add_packages(s, doc, ids)))
		rc = vg_error_set(VG_ENOMEM, "out of memory building JSON");
	json_decref(info);
	json_decref(ids);
	if (rc) {
		json_decref(doc);
		return rc;
	}
	*out = doc;
	return VG_OK;
}
