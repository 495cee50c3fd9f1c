/*
 * read_cyclonedx.c - CycloneDX 1.4-1.7 JSON into the SBOM model.
 *
 * metadata.component becomes sbom->primary; nested components are flattened
 * into components[] in document order (parent first) and recorded in the
 * parent's `contains`.  Licences become two SPDX expressions: entries
 * acknowledged "concluded" go to license_concluded, the rest (declared or
 * unacknowledged) to license_declared; several entries are joined with AND,
 * and a named (non-SPDX) licence becomes LicenseRef-<name>.  Components
 * without a bom-ref get a generated one ("vigil-component-N").
 */
#include "sbom_io.h"

#include "vigil/buf.h"
#include "vigil/error.h"
#include "vigil/str.h"
#include "vigil/thread.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Nested components deeper than this are refused (stack use). */
#define CDX_MAX_NESTING 64

typedef struct cdx_reader {
	vg_sbom *sbom;
	int minor;          /* specVersion 1.<minor> */
	json_t *services;   /* set of service bom-refs (services are not in the model) */
	unsigned generated; /* counter for generated refs */
} cdx_reader;


/* The string member or NULL; VG_EPARSE when present but not a string. */
static int opt_string(const json_t *obj, const char *key, const char *path, const char **out)
{
	*out = NULL;
	return vg_json_get_string(obj, key, path, false, out);
}

/* organizationalEntity: name, url[], contact[] */
static int read_org(const json_t *obj, const char *path, vg_party *p)
{
	char sub[VG_JPATH_MAX], item[VG_JPATH_MAX];
	json_t *arr = NULL, *v;
	size_t i;
	int rc;

	if ((rc = vg_json_expect_object(obj, path)) || (rc = vg_sbomio_string(obj, "name", path, &p->name)) ||
	    (rc = vg_json_get_array(obj, "url", path, false, &arr)))
		return rc;
	json_array_foreach (arr, i, v) {
		if (!json_is_string(v))
			return vg_error_set(VG_EPARSE, "%s[%zu]: expected a string, found %s",
					    vg_jpath_key(sub, path, "url"), i, vg_json_type_name(v));
		if (!p->url && vg_sbomio_nonempty(json_string_value(v)) &&
		    (rc = vg_sbomio_set(&p->url, json_string_value(v))))
			return rc;
	}
	arr = NULL;
	if ((rc = vg_json_get_array(obj, "contact", path, false, &arr)))
		return rc;
	json_array_foreach (arr, i, v) {
		vg_jpath_index(item, vg_jpath_key(sub, path, "contact"), i);
		if ((rc = vg_json_expect_object(v, item)))
			return rc;
		if (!p->email && (rc = vg_sbomio_string(v, "email", item, &p->email)))
			return rc;
	}
	return VG_OK;
}

/* organizationalContact: name, email */
static int read_contact(const json_t *obj, const char *path, vg_party *p)
{
	int rc = vg_json_expect_object(obj, path);

	if (!rc)
		rc = vg_sbomio_string(obj, "name", path, &p->name);
	if (!rc)
		rc = vg_sbomio_string(obj, "email", path, &p->email);
	return rc;
}

/* A named licence as an SPDX term: kept when it is one token, else LicenseRef-. */
static char *license_name_term(const char *name)
{
	vg_buf b = VG_BUF_INIT;
	size_t i;
	bool token = true;

	for (i = 0; name[i]; i++)
		if (!isalnum((unsigned char)name[i]) && !strchr(".+-", name[i]))
			token = false;
	if (token)
		return vg_strdup(name);
	if (vg_buf_puts(&b, "LicenseRef-"))
		return NULL;
	for (i = 0; name[i]; i++)
		if (vg_buf_putc(&b, isalnum((unsigned char)name[i]) || name[i] == '.' ? name[i] : '-'))
			break;
	if (name[i]) {
		vg_buf_free(&b);
		return NULL;
	}
	return vg_buf_detach(&b);
}

/* Join terms with AND, parenthesising compound ones. */
static int join_terms(const vg_strlist *terms, char **out)
{
	vg_buf b = VG_BUF_INIT;
	size_t i;
	int rc = VG_OK;

	if (terms->count == 0)
		return VG_OK;
	if (terms->count == 1)
		return vg_sbomio_set(out, terms->items[0]);
	for (i = 0; i < terms->count && !rc; i++) {
		bool compound = strchr(terms->items[i], ' ') != NULL;

		rc = vg_buf_printf(&b, "%s%s%s%s", i ? " AND " : "", compound ? "(" : "",
				   terms->items[i], compound ? ")" : "");
	}
	if (!rc)
		rc = vg_sbomio_set(out, b.ptr);
	vg_buf_free(&b);
	return rc;
}

/* One licenses[] entry: its term (malloc'd, NULL when unusable) and acknowledgement. */
static int license_entry(cdx_reader *rd, const json_t *item, const char *path, char **term,
			 bool *concluded, int *expressions)
{
	char sub[VG_JPATH_MAX];
	const char *expr, *ack = NULL, *id, *name;
	json_t *lic = NULL;
	int rc;

	*term = NULL;
	if ((rc = vg_json_expect_object(item, path)) || (rc = opt_string(item, "expression", path, &expr)) ||
	    (rc = vg_json_get_object(item, "license", path, false, &lic)))
		return rc;
	if (expr && lic && (rc = vg_sbom_warn(rd->sbom, "%s: has both \"expression\" and \"license\"; "
					       "the license is ignored", path)))
		return rc;
	if (expr) {
		(*expressions)++;
		if ((rc = opt_string(item, "acknowledgement", path, &ack)))
			return rc;
		*concluded = ack && !strcmp(ack, "concluded");
		*term = vg_strdup(expr);
		return *term ? VG_OK : VG_ENOMEM;
	}
	if (!lic)
		return vg_sbom_warn(rd->sbom, "%s: neither \"expression\" nor \"license\", left out", path);
	vg_jpath_key(sub, path, "license");
	if ((rc = opt_string(lic, "id", sub, &id)) || (rc = opt_string(lic, "name", sub, &name)) ||
	    (rc = opt_string(lic, "acknowledgement", sub, &ack)))
		return rc;
	*concluded = ack && !strcmp(ack, "concluded");
	if (vg_sbomio_nonempty(id))
		*term = vg_strdup(id);
	else if (vg_sbomio_nonempty(name))
		*term = license_name_term(name);
	else
		return vg_sbom_warn(rd->sbom, "%s: licence has neither \"id\" nor \"name\", left out", sub);
	return *term ? VG_OK : vg_error_set(VG_ENOMEM, "out of memory");
}

static int read_licenses(cdx_reader *rd, const json_t *arr, const char *path, vg_component *c)
{
	vg_strlist declared = VG_STRLIST_INIT, concluded = VG_STRLIST_INIT;
	char item[VG_JPATH_MAX];
	int rc = VG_OK, expressions = 0;
	json_t *v;
	size_t i;

	json_array_foreach (arr, i, v) {
		char *term;
		bool is_concluded = false;

		vg_jpath_index(item, path, i);
		rc = license_entry(rd, v, item, &term, &is_concluded, &expressions);
		if (!rc && term)
			rc = vg_strlist_take(is_concluded ? &concluded : &declared, term);
		if (rc)
			break;
	}
	if (!rc && rd->minor < 7 && expressions > 0 && json_array_size(arr) > 1)
		rc = vg_sbom_warn(rd->sbom, "%s: an expression must be the only entry before "
				  "CycloneDX 1.7", path);
	if (!rc)
		rc = join_terms(&declared, &c->license_declared);
	if (!rc)
		rc = join_terms(&concluded, &c->license_concluded);
	vg_strlist_free(&declared);
	vg_strlist_free(&concluded);
	return rc;
}

static int read_hashes(cdx_reader *rd, const json_t *obj, const char *path, vg_hash **hashes,
		       size_t *count)
{
	char sub[VG_JPATH_MAX], item[VG_JPATH_MAX];
	const char *alg, *content;
	json_t *arr = NULL, *v;
	size_t i;
	int rc = vg_json_get_array(obj, "hashes", path, false, &arr);

	if (rc || !arr)
		return rc; /* most have none: then no path is built, here or below */
	vg_jpath_key(sub, path, "hashes");
	json_array_foreach (arr, i, v) {
		vg_jpath_index(item, sub, i);
		if (rc || (rc = vg_json_expect_object(v, item)) ||
		    (rc = vg_json_get_string(v, "alg", item, true, &alg)) ||
		    (rc = vg_json_get_string(v, "content", item, true, &content)) ||
		    (rc = vg_sbomio_add_hash(rd->sbom, item, hashes, count, alg, content)))
			return rc;
	}
	return rc;
}

static int read_extrefs(cdx_reader *rd, const json_t *obj, const char *path, vg_component *c)
{
	char sub[VG_JPATH_MAX], item[VG_JPATH_MAX];
	const char *type, *url;
	json_t *arr = NULL, *v;
	char *encoded;
	vg_extref *r;
	size_t i;
	int rc = vg_json_get_array(obj, "externalReferences", path, false, &arr);

	if (rc || !arr)
		return rc;
	vg_jpath_key(sub, path, "externalReferences");
	json_array_foreach (arr, i, v) {
		vg_jpath_index(item, sub, i);
		if (rc || (rc = vg_json_expect_object(v, item)) ||
		    (rc = opt_string(v, "type", item, &type)) || (rc = opt_string(v, "url", item, &url)))
			return rc;
		if (!vg_sbomio_nonempty(type) || !vg_sbomio_nonempty(url)) {
			rc = vg_sbom_warn(rd->sbom, "%s: reference without type or url, left out", item);
			continue;
		}
		encoded = vg_sbomio_iri_encode(url);
		r = encoded ? vg_component_add_extref(c, type, encoded) : NULL;
		if (r && strcmp(encoded, url))
			rc = vg_sbom_warn(rd->sbom, "%s.url: characters a URL cannot hold were "
					  "percent-encoded", item);
		free(encoded);
		if (!r)
			return VG_ENOMEM;
		if (rc)
			return rc;
		rc = read_hashes(rd, v, item, &r->hashes, &r->hash_count);
	}
	return rc;
}

static int read_properties(cdx_reader *rd, const json_t *obj, const char *path, vg_component *c)
{
	char sub[VG_JPATH_MAX], item[VG_JPATH_MAX];
	const char *name, *value;
	json_t *arr = NULL, *v;
	size_t i;
	int rc = vg_json_get_array(obj, "properties", path, false, &arr);

	if (rc || !arr)
		return rc;
	vg_jpath_key(sub, path, "properties");
	json_array_foreach (arr, i, v) {
		vg_jpath_index(item, sub, i);
		if (rc || (rc = vg_json_expect_object(v, item)) ||
		    (rc = opt_string(v, "name", item, &name)) || (rc = opt_string(v, "value", item, &value)))
			return rc;
		if (!vg_sbomio_nonempty(name))
			rc = vg_sbom_warn(rd->sbom, "%s: property without a name, left out", item);
		else
			rc = vg_component_add_property(c, name, value);
	}
	return rc;
}

/* Who made the component: manufacturer (1.6+), else authors[0] (1.6+), else author. */
static int read_maker(const json_t *obj, const char *path, vg_component *c)
{
	char sub[VG_JPATH_MAX];
	json_t *m = NULL, *authors = NULL;
	const char *author;
	int rc = vg_json_get_object(obj, "manufacturer", path, false, &m);

	if (!rc && m)
		rc = read_org(m, vg_jpath_key(sub, path, "manufacturer"), &c->manufacturer);
	if (!rc)
		rc = vg_json_get_array(obj, "authors", path, false, &authors);
	if (!rc && !c->manufacturer.name && json_array_size(authors) > 0) {
		vg_jpath_index(sub, vg_jpath_key(sub, path, "authors"), 0);
		rc = read_contact(json_array_get(authors, 0), sub, &c->manufacturer);
	}
	if (!rc && !c->manufacturer.name && !(rc = opt_string(obj, "author", path, &author)))
		rc = vg_sbomio_set(&c->manufacturer.name, vg_sbomio_nonempty(author));
	return rc;
}

/* The component's ref: its bom-ref, or a generated one when absent, empty or taken. */
static int choose_ref(cdx_reader *rd, const json_t *obj, const char *path, char *out, size_t size)
{
	const char *ref;
	int rc = opt_string(obj, "bom-ref", path, &ref);

	if (rc)
		return rc;
	if (ref && !*ref)
		rc = vg_sbom_warn(rd->sbom, "%s.bom-ref: empty, a ref was generated", path);
	else if (ref && vg_sbom_find(rd->sbom, ref))
		rc = vg_sbom_warn(rd->sbom, "%s.bom-ref: '%.100s' is used twice, a ref was generated",
				  path, ref);
	else if (ref && strlen(ref) >= size)
		rc = vg_sbom_warn(rd->sbom, "%s.bom-ref: longer than %zu bytes, a ref was generated",
				  path, size - 1);
	else if (ref) {
		snprintf(out, size, "%s", ref);
		return VG_OK;
	}
	do
		snprintf(out, size, "vigil-component-%u", ++rd->generated);
	while (vg_sbom_find(rd->sbom, out));
	return rc;
}

static int read_type(cdx_reader *rd, const json_t *obj, const char *path, vg_component *c)
{
	const char *type;
	int rc = opt_string(obj, "type", path, &type);

	if (rc)
		return rc;
	if (!type)
		return vg_sbom_warn(rd->sbom, "%s: missing \"type\", library assumed", path);
	if (vg_component_type_parse(type, &c->type))
		return vg_sbom_warn(rd->sbom, "%s.type: unknown component type '%.60s', library assumed",
				    path, type);
	return VG_OK;
}

static int read_fields(cdx_reader *rd, const json_t *obj, const char *path, vg_component *c)
{
	char sub[VG_JPATH_MAX];
	const char *purl, *cpe;
	json_t *supplier = NULL, *licenses = NULL;
	int rc;

	if ((rc = read_type(rd, obj, path, c)) || (rc = vg_sbomio_string(obj, "group", path, &c->group)) ||
	    (rc = vg_sbomio_string(obj, "version", path, &c->version)) ||
	    (rc = vg_sbomio_string(obj, "description", path, &c->description)) ||
	    (rc = vg_sbomio_string(obj, "copyright", path, &c->copyright)) ||
	    (rc = opt_string(obj, "purl", path, &purl)) || (rc = opt_string(obj, "cpe", path, &cpe)) ||
	    (rc = vg_json_get_object(obj, "supplier", path, false, &supplier)) ||
	    (rc = vg_json_get_array(obj, "licenses", path, false, &licenses)))
		return rc;
	if (c->version && json_object_get(obj, "versionRange") &&
	    (rc = vg_sbom_warn(rd->sbom, "%s: has both \"version\" and \"versionRange\"; the "
			       "range is ignored", path)))
		return rc;
	if (vg_sbomio_nonempty(purl) &&
	    (rc = vg_sbomio_set_purl(rd->sbom, vg_jpath_key(sub, path, "purl"), c, purl)))
		return rc;
	if (vg_sbomio_nonempty(cpe) && (rc = vg_sbomio_add_cpe(rd->sbom, vg_jpath_key(sub, path, "cpe"), c, cpe)))
		return rc;
	if (supplier && (rc = read_org(supplier, vg_jpath_key(sub, path, "supplier"), &c->supplier)))
		return rc;
	if (licenses && (rc = read_licenses(rd, licenses, vg_jpath_key(sub, path, "licenses"), c)))
		return rc;
	if ((rc = read_maker(obj, path, c)) || (rc = read_hashes(rd, obj, path, &c->hashes, &c->hash_count)) ||
	    (rc = read_extrefs(rd, obj, path, c)))
		return rc;
	return read_properties(rd, obj, path, c);
}

static int read_component_list(cdx_reader *rd, const json_t *obj, const char *path,
			       vg_component *parent, int depth);

/* One component: appended to components[] (or made primary), then its children. */
static int read_component(cdx_reader *rd, const json_t *obj, const char *path, bool primary,
			  vg_component *parent, int depth)
{
	char ref[512];
	const char *name;
	vg_component *c;
	int rc;

	if (depth > CDX_MAX_NESTING)
		return vg_error_set(VG_ELIMIT, "%s: components nested more than %d deep", path,
				    CDX_MAX_NESTING);
	if ((rc = vg_json_expect_object(obj, path)) ||
	    (rc = vg_json_get_string(obj, "name", path, true, &name)))
		return rc;
	if (!*name)
		return vg_error_set(VG_EPARSE, "%s.name: empty; a component needs a name", path);
	if ((rc = choose_ref(rd, obj, path, ref, sizeof(ref))))
		return rc;
	c = primary ? vg_sbom_set_primary(rd->sbom, ref) : vg_sbom_add_component(rd->sbom, ref);
	if (!c || vg_sbomio_set(&c->name, name))
		return vg_error_set(VG_ENOMEM, "out of memory");
	if (parent && (rc = vg_strlist_add(&parent->contains, ref)))
		return rc;
	if ((rc = read_fields(rd, obj, path, c)))
		return rc;
	return read_component_list(rd, obj, path, c, depth + 1);
}

/* Elements [from, to) of the components array `arr` at path `sub`. */
static int read_components(cdx_reader *rd, const json_t *arr, const char *sub, size_t from,
			   size_t to, vg_component *parent, int depth)
{
	char item[VG_JPATH_MAX];
	size_t i;
	int rc = VG_OK;

	for (i = from; i < to && rc == VG_OK; i++)
		rc = read_component(rd, json_array_get(arr, i), vg_jpath_index(item, sub, i), false,
				    parent, depth);
	return rc;
}

static int read_component_list(cdx_reader *rd, const json_t *obj, const char *path,
			       vg_component *parent, int depth)
{
	char sub[VG_JPATH_MAX];
	json_t *arr = NULL;
	int rc = vg_json_get_array(obj, "components", path, false, &arr);

	if (rc || !arr)
		return rc;
	vg_jpath_key(sub, path, "components");
	return read_components(rd, arr, sub, 0, json_array_size(arr), parent, depth);
}

/*
 * A large SBOM's top-level components are read in two halves at once, the
 * second into a model of its own on a second thread (building 10,000
 * components took 11 ms on one core).  That half is taken only where
 * reading on in order could not have differed: it read without error,
 * generated no ref, and uses no ref the first half or the primary uses.
 * Its components and warnings then follow the first half's, as in order.
 * Otherwise it is read again, in order, for the usual result and message.
 */
#define CDX_HALVES_MIN 2048

typedef struct cdx_half {
	cdx_reader rd;
	const json_t *arr;
	const char *sub;
	size_t from, to;
	int rc;
} cdx_half;

static void read_half(void *arg)
{
	cdx_half *h = arg;

	h->rc = read_components(&h->rd, h->arr, h->sub, h->from, h->to, NULL, 0);
}

static bool half_fits(const cdx_reader *rd, const cdx_half *h)
{
	size_t i;

	if (h->rc || h->rd.generated)
		return false;
	for (i = 0; i < h->rd.sbom->component_count; i++)
		if (vg_sbom_find(rd->sbom, h->rd.sbom->components[i]->ref))
			return false;
	return true;
}

static int read_top_components(cdx_reader *rd, const json_t *root)
{
	char sub[VG_JPATH_MAX];
	json_t *arr = NULL;
	cdx_half h = { { NULL, rd->minor, rd->services, 0 }, NULL, sub, 0, 0, VG_OK };
	vg_thread thread;
	size_t n;
	int rc = vg_json_get_array(root, "components", "$", false, &arr);

	n = json_array_size(arr);
	if (rc || n < CDX_HALVES_MIN || !(h.rd.sbom = vg_sbom_new()))
		return rc ? rc : read_component_list(rd, root, "$", NULL, 0);
	vg_jpath_key(sub, "$", "components");
	h.arr = arr;
	h.from = n / 2;
	h.to = n;
	if (vg_thread_start(&thread, read_half, &h) != VG_OK) {
		vg_error_clear();
		vg_sbom_free(h.rd.sbom);
		return read_components(rd, arr, sub, 0, n, NULL, 0);
	}
	rc = read_components(rd, arr, sub, 0, h.from, NULL, 0);
	vg_thread_join(&thread);
	if (rc == VG_OK && half_fits(rd, &h))
		rc = vg_sbomio_move_components(rd->sbom, h.rd.sbom);
	else if (rc == VG_OK)
		rc = read_components(rd, arr, sub, h.from, n, NULL, 0);
	vg_sbom_free(h.rd.sbom);
	return rc;
}

/* A tool as "name version": legacy {vendor,name,version} or a component/service. */
static int read_tool(cdx_reader *rd, const json_t *obj, const char *path)
{
	const char *name, *version;
	vg_buf b = VG_BUF_INIT;
	int rc;

	if ((rc = vg_json_expect_object(obj, path)) || (rc = opt_string(obj, "name", path, &name)) ||
	    (rc = opt_string(obj, "version", path, &version)))
		return rc;
	if (!vg_sbomio_nonempty(name))
		return vg_sbom_warn(rd->sbom, "%s: tool without a name, left out", path);
	rc = vg_buf_printf(&b, "%s%s%s", name, vg_sbomio_nonempty(version) ? " " : "",
			   vg_sbomio_nonempty(version) ? version : "");
	if (!rc)
		rc = vg_strlist_take(&rd->sbom->tools, vg_buf_detach(&b));
	vg_buf_free(&b);
	return rc;
}

static int read_tool_array(cdx_reader *rd, const json_t *arr, const char *path)
{
	char item[VG_JPATH_MAX];
	json_t *v;
	size_t i;
	int rc;

	if (!json_is_array(arr))
		return vg_error_set(VG_EPARSE, "%s: expected an array, found %s", path,
				    vg_json_type_name(arr));
	json_array_foreach (arr, i, v) {
		vg_jpath_index(item, path, i);
		if ((rc = read_tool(rd, v, item)))
			return rc;
	}
	return VG_OK;
}

static int read_tools(cdx_reader *rd, const json_t *tools, const char *path)
{
	static const char *const kinds[] = { "components", "services" };
	char sub[VG_JPATH_MAX];
	size_t k;
	int rc;

	if (json_is_array(tools))
		return read_tool_array(rd, tools, path);
	if (!json_is_object(tools))
		return vg_error_set(VG_EPARSE, "%s: expected an array or an object, found %s", path,
				    vg_json_type_name(tools));
	for (k = 0; k < 2; k++) {
		json_t *arr = json_object_get(tools, kinds[k]);

		if (arr && (rc = read_tool_array(rd, arr, vg_jpath_key(sub, path, kinds[k]))))
			return rc;
	}
	return VG_OK;
}

static int read_metadata(cdx_reader *rd, const json_t *meta, const char *path)
{
	char sub[VG_JPATH_MAX], item[VG_JPATH_MAX];
	json_t *tools = json_object_get(meta, "tools"), *authors = NULL, *maker = NULL, *comp = NULL;
	const char *ts;
	vg_party p;
	size_t i;
	int rc;

	if ((rc = vg_json_expect_object(meta, path)) || (rc = opt_string(meta, "timestamp", path, &ts)))
		return rc;
	if (ts && !vg_sbomio_is_datetime(ts))
		rc = vg_sbom_warn(rd->sbom, "%s.timestamp: '%.60s' is not an RFC 3339 date-time, "
				  "left out", path, ts);
	else
		rc = vg_sbomio_set(&rd->sbom->timestamp, ts);
	if (rc || (tools && (rc = read_tools(rd, tools, vg_jpath_key(sub, path, "tools")))) ||
	    (rc = vg_json_get_array(meta, "authors", path, false, &authors)))
		return rc;
	for (i = 0; i < json_array_size(authors); i++) {
		memset(&p, 0, sizeof(p));
		vg_jpath_index(item, vg_jpath_key(sub, path, "authors"), i);
		rc = read_contact(json_array_get(authors, i), item, &p);
		if (!rc)
			rc = vg_sbom_add_author(rd->sbom, p.name, p.email, p.url);
		free(p.name);
		free(p.email);
		free(p.url);
		if (rc)
			return rc;
	}
	/* "manufacture" is the 1.5 name of 1.6's "manufacturer" */
	if ((rc = vg_json_get_object(meta, "manufacturer", path, false, &maker)) ||
	    (!maker && (rc = vg_json_get_object(meta, "manufacture", path, false, &maker))))
		return rc;
	if (maker && (rc = read_org(maker, vg_jpath_key(sub, path, json_object_get(meta, "manufacturer") ?
						       "manufacturer" : "manufacture"),
				    &rd->sbom->manufacturer)))
		return rc;
	if ((rc = vg_json_get_object(meta, "component", path, false, &comp)) || !comp)
		return rc;
	return read_component(rd, comp, vg_jpath_key(sub, path, "component"), true, NULL, 0);
}

/* dependencies[]: {ref, dependsOn[]} */
static int read_dependencies(cdx_reader *rd, const json_t *arr, const char *path)
{
	char item[VG_JPATH_MAX], on_path[VG_JPATH_MAX], sub[VG_JPATH_MAX];
	const char *ref;
	json_t *v, *on, *d;
	vg_component *c;
	size_t i, j;
	int rc;

	json_array_foreach (arr, i, v) {
		vg_jpath_index(item, path, i);
		on = NULL;
		if ((rc = vg_json_expect_object(v, item)) || (rc = opt_string(v, "ref", item, &ref)) ||
		    (rc = vg_json_get_array(v, "dependsOn", item, false, &on)))
			return rc;
		c = vg_sbomio_nonempty(ref) ? vg_sbom_find(rd->sbom, ref) : NULL;
		if (!c && ref && json_object_get(rd->services, ref))
			continue;
		if (!c) {
			if ((rc = vg_sbom_warn(rd->sbom, "%s.ref: '%.100s' is not a component, entry "
					       "left out", item, ref ? ref : "")))
				return rc;
			continue;
		}
		json_array_foreach (on, j, d) {
			vg_jpath_index(sub, vg_jpath_key(on_path, item, "dependsOn"), j);
			if (!json_is_string(d))
				return vg_error_set(VG_EPARSE, "%s: expected a string, found %s", sub,
						    vg_json_type_name(d));
			if (json_object_get(rd->services, json_string_value(d)))
				continue;
			if (!vg_sbom_find(rd->sbom, json_string_value(d)))
				rc = vg_sbom_warn(rd->sbom, "%s: '%.100s' is not a component, left out",
						  sub, json_string_value(d));
			else if (!vg_strlist_contains(&c->depends_on, json_string_value(d)))
				rc = vg_strlist_add(&c->depends_on, json_string_value(d));
			if (rc)
				return rc;
		}
	}
	return VG_OK;
}

/* Whether a composition's assemblies/dependencies name the primary. */
static bool names_primary(const vg_sbom *sbom, const json_t *comp)
{
	static const char *const keys[] = { "assemblies", "dependencies" };
	size_t k, i;
	json_t *v;

	for (k = 0; sbom->primary && k < 2; k++)
		json_array_foreach (json_object_get(comp, keys[k]), i, v)
			if (json_is_string(v) && !strcmp(json_string_value(v), sbom->primary->ref))
				return true;
	return false;
}

/* compositions[]: the aggregate about the primary (else the first) is the completeness. */
static int read_compositions(cdx_reader *rd, const json_t *arr, const char *path)
{
	char item[VG_JPATH_MAX];
	const char *agg, *chosen = NULL;
	json_t *v;
	size_t i;
	int rc;

	json_array_foreach (arr, i, v) {
		vg_jpath_index(item, path, i);
		if ((rc = vg_json_expect_object(v, item)) ||
		    (rc = vg_json_get_string(v, "aggregate", item, true, &agg)))
			return rc;
		if (!chosen || names_primary(rd->sbom, v))
			chosen = agg;
		if (names_primary(rd->sbom, v))
			break;
	}
	if (!chosen)
		return VG_OK;
	if (!strcmp(chosen, "complete"))
		return vg_sbomio_set(&rd->sbom->completeness, "complete");
	if (!strcmp(chosen, "unknown") || !strcmp(chosen, "not_specified"))
		return vg_sbomio_set(&rd->sbom->completeness, "unknown");
	return vg_sbomio_set(&rd->sbom->completeness, "incomplete");
}

/* Remember service bom-refs so dependencies on services are dropped quietly. */
static int collect_services(cdx_reader *rd, const json_t *services, int depth)
{
	const char *ref;
	json_t *v;
	size_t i;

	if (depth > CDX_MAX_NESTING)
		return vg_error_set(VG_ELIMIT, "$.services: nested more than %d deep",
				    CDX_MAX_NESTING);
	json_array_foreach (services, i, v) {
		ref = json_string_value(json_object_get(v, "bom-ref"));
		if (ref && json_object_set_new(rd->services, ref, json_true()))
			return vg_error_set(VG_ENOMEM, "out of memory");
		if (collect_services(rd, json_object_get(v, "services"), depth + 1))
			return VG_ELIMIT;
	}
	return VG_OK;
}

static int read_top(cdx_reader *rd, const json_t *root)
{
	const char *spec, *serial;
	json_t *meta = NULL, *deps = NULL, *comps = NULL;
	long long version = 1;
	int rc;

	if ((rc = vg_json_get_string(root, "specVersion", "$", true, &spec)))
		return rc;
	if (sscanf(spec, "1.%d", &rd->minor) != 1 || rd->minor < 0)
		return vg_error_set(VG_EPARSE, "$.specVersion: '%.20s' is not a CycloneDX 1.x version",
				    spec);
	if (rd->minor < 4 && (rc = vg_sbom_warn(rd->sbom, "$.specVersion: CycloneDX %.20s is older "
						 "than 1.4, read as 1.4", spec)))
		return rc;
	if ((rc = vg_sbomio_set(&rd->sbom->spec_version, spec)) ||
	    (rc = vg_json_get_integer(root, "version", "$", false, &version)) ||
	    (rc = opt_string(root, "serialNumber", "$", &serial)))
		return rc;
	if (version < 1 || version > 1000000000)
		return vg_error_set(VG_EPARSE, "$.version: %lld is not a BOM version (>= 1)", version);
	rd->sbom->version = (int)version;
	if (serial && !vg_sbomio_is_urn_uuid(serial))
		rc = vg_sbom_warn(rd->sbom, "$.serialNumber: '%.80s' is not a urn:uuid, left out", serial);
	else
		rc = vg_sbomio_set(&rd->sbom->serial, serial);
	if (rc || (rc = vg_json_get_object(root, "metadata", "$", false, &meta)) ||
	    (meta && (rc = read_metadata(rd, meta, "$.metadata"))) ||
	    (rc = read_top_components(rd, root)) ||
	    (rc = vg_json_get_array(root, "dependencies", "$", false, &deps)) ||
	    (rc = read_dependencies(rd, deps, "$.dependencies")) ||
	    (rc = vg_json_get_array(root, "compositions", "$", false, &comps)))
		return rc;
	return read_compositions(rd, comps, "$.compositions");
}

int vg_sbomio_read_cyclonedx(const json_t *root, vg_sbom *sbom)
{
	cdx_reader rd = { sbom, 0, json_object(), 0 };
	int rc;

	if (!rd.services)
		rc = vg_error_set(VG_ENOMEM, "out of memory");
	else
		rc = collect_services(&rd, json_object_get(root, "services"), 0);
	if (!rc)
		rc = read_top(&rd, root);
	json_decref(rd.services);
	return rc;
}
