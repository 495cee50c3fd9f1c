/*
 * spdx3_vex.c - SPDX 3.0 VEX: the security_Vex*VulnAssessmentRelationship
 * elements of a JSON-LD @graph into VEX statements.
 *
 * Each VEX relationship is one statement; its class is its status (Fixed,
 * NotAffected, Affected, UnderInvestigation; the relationshipType they
 * imply, fixedIn, doesNotAffect, affects, underInvestigationFor, is not
 * checked).  A relationship with a security_withdrawnTime was withdrawn and
 * is skipped.  An SBOM without VEX relationships gives no statement.
 *
 * "from" names the security_Vulnerability.  Its id is the element's first
 * "cve" externalIdentifier, else its first externalIdentifier, else its
 * name, else its spdxId; the other identifiers and the unused spdxId become
 * aliases.  A "from" the graph does not define (a vulnerability described in
 * another document) is taken as the id itself, or, when it is an IRI whose
 * last segment is an id ("https://.../vulnerability/CVE-2024-1234", as
 * Yocto names them), that segment, with the IRI as an alias.
 *
 * The products are the "to" elements' spdxIds, which the SPDX 3 SBOM reader
 * (lib/sbom/read_spdx3.c) makes the components' refs, so vg_vex_find()
 * matches the SBOM's own components by ref.  A "to" element that is a
 * package with a software_packageUrl adds that purl as well (when it
 * parses), so the statement also covers the package in an SBOM another tool
 * wrote with other refs.  "from" and "to" may name elements by id or write
 * them inline.
 *
 * The justification is security_justificationType as the OpenVEX label
 * (componentNotPresent -> component_not_present ...), the impact
 * security_impactStatement (else security_statusNotes), the action
 * security_actionStatement, the time security_modifiedTime, else
 * security_publishedTime, else the "created" of the relationship's
 * CreationInfo (a blank node in the graph or inline), else of the
 * SpdxDocument's, else of the graph's first CreationInfo.
 *
 * Elements are found through an index of the graph's ids (sorted once,
 * searched by bisection; the first element of an id used twice wins, as in
 * the SBOM reader), so a large graph is read in O(n log n).
 */
#include "vex_internal.h"

#include "vigil/error.h"
#include "vigil/sbom.h"
#include "vigil/str.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *type;
	vg_vex_status status;
} classes[] = {
	{ "security_VexFixedVulnAssessmentRelationship", VG_VEX_FIXED },
	{ "security_VexNotAffectedVulnAssessmentRelationship", VG_VEX_NOT_AFFECTED },
	{ "security_VexAffectedVulnAssessmentRelationship", VG_VEX_AFFECTED },
	{ "security_VexUnderInvestigationVulnAssessmentRelationship", VG_VEX_UNDER_INVESTIGATION },
};

static const struct {
	const char *spdx, *label;
} justifications[] = {
	{ "componentNotPresent", "component_not_present" },
	{ "inlineMitigationsAlreadyExist", "inline_mitigations_already_exist" },
	{ "vulnerableCodeCannotBeControlledByAdversary",
	  "vulnerable_code_cannot_be_controlled_by_adversary" },
	{ "vulnerableCodeNotInExecutePath", "vulnerable_code_not_in_execute_path" },
	{ "vulnerableCodeNotPresent", "vulnerable_code_not_present" },
};

/* One id of the graph and the index of the element that has it. */
typedef struct id_entry {
	const char *id;
	size_t index;
} id_entry;

typedef struct spdx3_doc {
	const json_t *graph;
	const char *name;
	char gpath[VG_JPATH_MAX]; /* $["@graph"] */
	id_entry *ids;            /* sorted by id, one entry per id */
	size_t nids;
	size_t document, info; /* first SpdxDocument, first CreationInfo; SIZE_MAX: none */
	bool created_done;     /* the document's created (below) was looked up */
	const char *created;
	char created_path[VG_JPATH_MAX];
} spdx3_doc;

/* Whether type is a VEX relationship class, and its status. */
static bool vex_class(const char *type, vg_vex_status *status)
{
	size_t i;

	for (i = 0; type && i < sizeof(classes) / sizeof(classes[0]); i++)
		if (!strcmp(type, classes[i].type)) {
			*status = classes[i].status;
			return true;
		}
	return false;
}

static int entry_order(const void *a, const void *b)
{
	const id_entry *x = a, *y = b;
	int c = strcmp(x->id, y->id);

	return c ? c : (x->index > y->index) - (x->index < y->index);
}

static int entry_key(const void *key, const void *e)
{
	return strcmp(key, ((const id_entry *)e)->id);
}

/* The index of the graph's ids (the first element of an id used twice). */
static int index_graph(spdx3_doc *d)
{
	size_t n = json_array_size(d->graph), i, k;
	const char *id;

	if (!n)
		return VG_OK;
	if (!(d->ids = malloc(n * sizeof(*d->ids))))
		return vg_error_set(VG_ENOMEM, "out of memory");
	for (i = 0; i < n; i++)
		if ((id = vg_spdx3_element_id(json_array_get(d->graph, i))))
			d->ids[d->nids++] = (id_entry){ id, i };
	qsort(d->ids, d->nids, sizeof(*d->ids), entry_order);
	for (i = k = 0; i < d->nids; i++)
		if (!k || strcmp(d->ids[k - 1].id, d->ids[i].id))
			d->ids[k++] = d->ids[i];
	d->nids = k;
	return VG_OK;
}

/* The element with that id and its path, or NULL. */
static const json_t *lookup(const spdx3_doc *d, const char *id, char path[VG_JPATH_MAX])
{
	const id_entry *e = d->nids ? bsearch(id, d->ids, d->nids, sizeof(*d->ids), entry_key) : NULL;

	if (!e)
		return NULL;
	vg_jpath_index(path, d->gpath, e->index);
	return json_array_get(d->graph, e->index);
}

/*
 * A reference at `path`: an id string, or an element written inline (an
 * object with a type), or a node reference (an object with an id only).
 * *elem is the element (NULL when the graph does not define it), epath its
 * path, *id its id (NULL for an inline element without one).
 */
static int resolve(const spdx3_doc *d, const json_t *ref, const char *path, const json_t **elem,
		   char epath[VG_JPATH_MAX], const char **id)
{
	int rc;

	*elem = NULL;
	*id = NULL;
	if (json_is_string(ref)) {
		*id = json_string_value(ref);
	} else if (json_is_object(ref)) {
		if ((rc = opt_string(ref, "spdxId", path, id)) ||
		    (!*id && (rc = opt_string(ref, "@id", path, id))))
			return rc;
		if (vg_spdx3_element_type(ref)) {
			*elem = ref;
			snprintf(epath, VG_JPATH_MAX, "%s", path);
			return VG_OK;
		}
	} else {
		return vg_error_set(VG_EPARSE, "%s: expected a string or an object, found %s", path,
				    vg_json_type_name(ref));
	}
	if (*id && **id)
		*elem = lookup(d, *id, epath);
	return VG_OK;
}

/* Add s to the aliases unless it is empty, the id, or there already. */
static int add_alias(vg_vex_statement *st, const char *s)
{
	if (!s || !*s || !strcmp(s, st->vulnerability) || vg_strlist_contains(&st->aliases, s))
		return VG_OK;
	return vg_strlist_add(&st->aliases, s);
}

/* The id an IRI ends in ("CVE-2024-1234", "GHSA-..."), or the IRI itself. */
static const char *iri_id(const char *ref)
{
	const char *tail = ref ? ref + strcspn(ref, "/#") : NULL;
	const char *end;
	size_t letters;

	if (!tail || !*tail)
		return ref;
	for (end = ref + strlen(ref); end > ref && end[-1] != '/' && end[-1] != '#'; end--)
		;
	letters = strspn(end, "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
	return letters >= 2 && end[letters] == '-' && end[letters + 1] ? end : ref;
}

/* The id and aliases of the vulnerability "from" names. */
static int read_vulnerability(const spdx3_doc *d, vg_vex_statement *st, const json_t *rel,
			      const char *path)
{
	char fpath[VG_JPATH_MAX], vpath[VG_JPATH_MAX], sub[VG_JPATH_MAX], item[VG_JPATH_MAX];
	const char *ref, *type, *ident, *cve = NULL, *first = NULL, *vname = NULL, *chosen;
	const json_t *from = json_object_get(rel, "from"), *v;
	json_t *xids = NULL, *x;
	size_t i;
	int rc;

	if (!from)
		return vg_error_set(VG_EPARSE, "%s: missing required member \"from\"", path);
	vg_jpath_key(fpath, path, "from");
	if ((rc = resolve(d, from, fpath, &v, vpath, &ref)))
		return rc;
	if (v && (!(type = vg_spdx3_element_type(v)) || strcmp(type, "security_Vulnerability")))
		v = NULL; /* not a vulnerability: its id is all there is */
	if (v && ((rc = vg_json_get_array(v, "externalIdentifier", vpath, false, &xids)) ||
		  (rc = opt_string(v, "name", vpath, &vname))))
		return rc;
	vg_jpath_key(sub, vpath, "externalIdentifier");
	json_array_foreach (xids, i, x) {
		vg_jpath_index(item, sub, i);
		if ((rc = vg_json_expect_object(x, item)) ||
		    (rc = vg_json_get_string(x, "externalIdentifierType", item, true, &type)) ||
		    (rc = vg_json_get_string(x, "identifier", item, true, &ident)))
			return rc;
		if (*ident && !cve && !strcmp(type, "cve"))
			cve = ident;
		if (*ident && !first)
			first = ident;
	}
	chosen = cve ? cve : first ? first : vname && *vname ? vname : v ? ref : iri_id(ref);
	if (!chosen || !*chosen)
		return vg_error_set(VG_EPARSE, "%s: the vulnerability has no id", fpath);
	if ((rc = vg_vexio_set(&st->vulnerability, chosen)))
		return rc;
	json_array_foreach (xids, i, x)
		if ((rc = add_alias(st, json_string_value(json_object_get(x, "identifier")))))
			return rc;
	return add_alias(st, ref);
}

/* The purl of a package element, or NULL. */
static const char *package_purl(const json_t *e)
{
	const char *type = vg_spdx3_element_type(e), *purl;

	if (!type || (strcmp(type, "software_Package") && strcmp(type, "ai_AIPackage") &&
		      strcmp(type, "dataset_DatasetPackage")))
		return NULL;
	purl = json_string_value(json_object_get(e, "software_packageUrl"));
	return purl && vg_str_starts_with(purl, "pkg:") ? purl : NULL;
}

/* Each "to" element's id, and the purl of those that are packages. */
static int read_products(const spdx3_doc *d, vg_vex_statement *st, const json_t *rel,
			 const char *path)
{
	char tpath[VG_JPATH_MAX], item[VG_JPATH_MAX], epath[VG_JPATH_MAX], ppath[VG_JPATH_MAX];
	const char *id, *purl;
	const json_t *e;
	json_t *to = NULL, *t;
	size_t i;
	int rc;

	if ((rc = vg_json_get_array(rel, "to", path, true, &to)))
		return rc;
	vg_jpath_key(tpath, path, "to");
	if (!json_array_size(to))
		return vg_error_set(VG_EPARSE, "%s: empty: the statement names no product", tpath);
	json_array_foreach (to, i, t) {
		vg_jpath_index(item, tpath, i);
		if ((rc = resolve(d, t, item, &e, epath, &id)))
			return rc;
		if (!id)
			return vg_error_set(VG_EPARSE, "%s: the product has no spdxId", item);
		if ((rc = vg_vexio_add_product(st, id, item)))
			return rc;
		purl = e ? package_purl(e) : NULL;
		if (!purl || !strcmp(purl, id))
			continue;
		rc = vg_vexio_add_product(st, purl, vg_jpath_key(ppath, epath, "software_packageUrl"));
		if (rc && rc != VG_ENOMEM) {
			vg_error_clear(); /* a bad purl: the id is enough (the SBOM reader reports it) */
			rc = VG_OK;
		}
		if (rc)
			return rc;
	}
	return VG_OK;
}

/*
 * The "created" of the CreationInfo `ref` (at `path`) names: *created and
 * cpath set, or *created NULL when ref is absent or names nothing known.
 */
static int read_created(const spdx3_doc *d, const json_t *ref, const char *path,
			const char **created, char cpath[VG_JPATH_MAX])
{
	char ipath[VG_JPATH_MAX];
	const json_t *info;
	const char *id;
	int rc;

	*created = NULL;
	if (!ref)
		return VG_OK;
	if ((rc = resolve(d, ref, path, &info, ipath, &id)))
		return rc;
	if (!info)
		return VG_OK;
	if ((rc = vg_json_expect_object(info, ipath)) || (rc = opt_string(info, "created", ipath, created)))
		return rc;
	vg_jpath_key(cpath, ipath, "created");
	return VG_OK;
}

/* The document's creation time (found once): its SpdxDocument's, else the first CreationInfo's. */
static int document_created(spdx3_doc *d)
{
	char path[VG_JPATH_MAX];
	const json_t *info = NULL;
	int rc = VG_OK;

	if (d->created_done)
		return VG_OK;
	d->created_done = true;
	if (d->document != SIZE_MAX) {
		vg_jpath_key(path, vg_jpath_index(path, d->gpath, d->document), "creationInfo");
		info = json_object_get(json_array_get(d->graph, d->document), "creationInfo");
		rc = read_created(d, info, path, &d->created, d->created_path);
	}
	if (!rc && !d->created && d->info != SIZE_MAX) {
		vg_jpath_index(path, d->gpath, d->info);
		rc = opt_string(json_array_get(d->graph, d->info), "created", path, &d->created);
		vg_jpath_key(d->created_path, path, "created");
	}
	return rc;
}

static int read_time(spdx3_doc *d, vg_vex_statement *st, const json_t *rel, const char *path,
		     const char *modified, const char *published)
{
	char sub[VG_JPATH_MAX], cpath[VG_JPATH_MAX];
	const char *created;
	int rc;

	if (modified && *modified)
		return vg_vexio_set_time(st, modified, vg_jpath_key(sub, path, "security_modifiedTime"));
	if (published && *published)
		return vg_vexio_set_time(st, published,
					 vg_jpath_key(sub, path, "security_publishedTime"));
	if ((rc = read_created(d, json_object_get(rel, "creationInfo"),
			       vg_jpath_key(sub, path, "creationInfo"), &created, cpath)))
		return rc;
	if (created && *created)
		return vg_vexio_set_time(st, created, cpath);
	if ((rc = document_created(d)))
		return rc;
	return vg_vexio_set_time(st, d->created, d->created_path);
}

/* The OpenVEX label of a justificationType (a name or an IRI ending in one). */
static int justification_label(const char *s, const char *path, const char **label)
{
	static const char iri[] = "VexJustificationType/";
	const char *name = strstr(s, iri) ? strstr(s, iri) + sizeof(iri) - 1 : s;
	size_t i;

	for (i = 0; i < sizeof(justifications) / sizeof(justifications[0]); i++)
		if (!strcmp(name, justifications[i].spdx)) {
			*label = justifications[i].label;
			return VG_OK;
		}
	return vg_error_set(VG_EPARSE, "%s: unknown justification \"%.64s\"", path, s);
}

static int read_relationship(spdx3_doc *d, vg_vex *out, const json_t *rel, const char *path,
			     vg_vex_status status)
{
	char sub[VG_JPATH_MAX];
	const char *withdrawn, *modified, *published, *just, *impact, *notes, *action;
	const char *label = NULL;
	vg_vex_statement *st;
	int rc;

	if ((rc = opt_string(rel, "security_withdrawnTime", path, &withdrawn)))
		return rc;
	if (withdrawn && *withdrawn)
		return VG_OK;
	if ((rc = opt_string(rel, "security_modifiedTime", path, &modified)) ||
	    (rc = opt_string(rel, "security_publishedTime", path, &published)) ||
	    (rc = opt_string(rel, "security_justificationType", path, &just)) ||
	    (rc = opt_string(rel, "security_impactStatement", path, &impact)) ||
	    (rc = opt_string(rel, "security_statusNotes", path, &notes)) ||
	    (rc = opt_string(rel, "security_actionStatement", path, &action)) ||
	    (just && *just && (rc = justification_label(just, vg_jpath_key(sub, path,
						"security_justificationType"), &label))))
		return rc;
	if (!(st = vg_vexio_add(out, VG_VEX_SPDX3, d->name, path)))
		return VG_ENOMEM;
	st->status = status;
	if ((rc = read_vulnerability(d, st, rel, path)) || (rc = read_products(d, st, rel, path)) ||
	    (rc = vg_vexio_set(&st->justification, label)) ||
	    (rc = vg_vexio_set(&st->impact, impact && *impact ? impact : notes)) ||
	    (rc = vg_vexio_set(&st->action, action)))
		return rc;
	return read_time(d, st, rel, path, modified, published);
}

int vg_vexio_spdx3(vg_vex *out, const json_t *root, const char *name)
{
	char item[VG_JPATH_MAX];
	spdx3_doc d;
	json_t *graph = NULL, *e;
	vg_vex_status status;
	const char *type;
	size_t i, nvex = 0;
	int rc;

	memset(&d, 0, sizeof(d));
	d.name = name;
	d.document = d.info = SIZE_MAX;
	if ((rc = vg_json_get_array(root, "@graph", "$", true, &graph)))
		return rc;
	d.graph = graph;
	vg_jpath_key(d.gpath, "$", "@graph");
	json_array_foreach (graph, i, e) {
		if ((rc = vg_json_expect_object(e, vg_jpath_index(item, d.gpath, i))))
			return rc;
		type = vg_spdx3_element_type(e);
		if (type && d.document == SIZE_MAX && !strcmp(type, "SpdxDocument"))
			d.document = i;
		if (type && d.info == SIZE_MAX && !strcmp(type, "CreationInfo"))
			d.info = i;
		nvex += vex_class(type, &status);
	}
	if (!nvex)
		return VG_OK; /* an SBOM without VEX */
	if ((rc = index_graph(&d)))
		return rc;
	json_array_foreach (graph, i, e)
		if (vex_class(vg_spdx3_element_type(e), &status) &&
		    (rc = read_relationship(&d, out, e, vg_jpath_index(item, d.gpath, i), status)))
			break;
	free(d.ids);
	return rc;
}
