/*
 * openvex.c - OpenVEX 0.0.1 and 0.2.0 documents into VEX statements.
 *
 * The two versions differ in shape, not meaning: 0.0.1 writes the
 * vulnerability and the products as strings (and may list subcomponents
 * beside the products), 0.2.0 writes objects ({name, @id, aliases} and
 * {@id, identifiers{purl, cpe23, cpe22}, subcomponents[]}).  Both are read.
 *
 * A product with subcomponents names an image or bundle, and the statement
 * is about the subcomponents in it; the scanner matches the packages it
 * found, so the subcomponents' identifiers become the statement's products
 * in that case, and the product's own identifiers otherwise.
 *
 * A statement's time is its last_updated, else its timestamp, else the
 * document's last_updated or timestamp (OpenVEX's inheritance rule).
 * Status and justification must be the labels the specification defines.
 */
#include "vex_internal.h"

#include "vigil/error.h"

#include <string.h>

static const char *const justifications[] = {
	"component_not_present",
	"vulnerable_code_not_present",
	"vulnerable_code_not_in_execute_path",
	"vulnerable_code_cannot_be_controlled_by_adversary",
	"inline_mitigations_already_exist",
};

static int parse_status(const char *s, const char *path, vg_vex_status *out)
{
	static const struct {
		const char *name;
		vg_vex_status status;
	} names[] = {
		{ "not_affected", VG_VEX_NOT_AFFECTED },
		{ "affected", VG_VEX_AFFECTED },
		{ "fixed", VG_VEX_FIXED },
		{ "under_investigation", VG_VEX_UNDER_INVESTIGATION },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(s, names[i].name)) {
			*out = names[i].status;
			return VG_OK;
		}
	return vg_error_set(VG_EPARSE, "%s: unknown status \"%.64s\"", path, s);
}

static int check_justification(const char *s, const char *path)
{
	size_t i;

	if (!s)
		return VG_OK;
	for (i = 0; i < sizeof(justifications) / sizeof(justifications[0]); i++)
		if (!strcmp(s, justifications[i]))
			return VG_OK;
	return vg_error_set(VG_EPARSE, "%s: unknown justification \"%.64s\"", path, s);
}

/* A string member that may be absent; its path goes in sub for messages. */
/* vulnerability: "CVE-..." (0.0.1) or {name, @id, aliases[]} (0.2.0). */
static int read_vulnerability(vg_vex_statement *st, const json_t *v, const char *path)
{
	char sub[VG_JPATH_MAX], item[VG_JPATH_MAX];
	const char *name = NULL;
	json_t *aliases = NULL, *a;
	size_t i;
	int rc;

	if (json_is_string(v)) {
		name = json_string_value(v);
	} else if (json_is_object(v)) {
		if ((rc = opt_string(v, "name", path, &name)))
			return rc;
		if ((!name || !*name) && (rc = opt_string(v, "@id", path, &name)))
			return rc;
		if ((rc = vg_json_get_array(v, "aliases", path, false, &aliases)))
			return rc;
	} else {
		return vg_error_set(VG_EPARSE, "%s: expected a string or an object, found %s", path,
				    vg_json_type_name(v));
	}
	if (!name || !*name)
		return vg_error_set(VG_EPARSE, "%s: the vulnerability has no name", path);
	if ((rc = vg_vexio_set(&st->vulnerability, name)))
		return rc;
	vg_jpath_key(sub, path, "aliases");
	json_array_foreach (aliases, i, a) {
		if (!json_is_string(a))
			return vg_error_set(VG_EPARSE, "%s: expected a string, found %s",
					    vg_jpath_index(item, sub, i), vg_json_type_name(a));
		if (*json_string_value(a) && strcmp(json_string_value(a), name) &&
		    (rc = vg_strlist_add(&st->aliases, json_string_value(a))))
			return rc;
	}
	return VG_OK;
}

/* A component: "purl-or-iri" (0.0.1) or {@id, identifiers{purl, cpe23, cpe22}}. */
static int read_component(vg_vex_statement *st, const json_t *c, const char *path)
{
	static const char *const keys[] = { "purl", "cpe23", "cpe22" };
	char sub[VG_JPATH_MAX];
	const char *s;
	json_t *ids = NULL;
	size_t i, before = st->products.count;
	int rc;

	if (json_is_string(c))
		return vg_vexio_add_product(st, json_string_value(c), path);
	if (!json_is_object(c))
		return vg_error_set(VG_EPARSE, "%s: expected a string or an object, found %s", path,
				    vg_json_type_name(c));
	if ((rc = opt_string(c, "@id", path, &s)) || (s && (rc = vg_vexio_add_product(st, s,
			vg_jpath_key(sub, path, "@id")))))
		return rc;
	if ((rc = vg_json_get_object(c, "identifiers", path, false, &ids)))
		return rc;
	vg_jpath_key(sub, path, "identifiers");
	for (i = 0; ids && i < sizeof(keys) / sizeof(keys[0]); i++) {
		char at[VG_JPATH_MAX];

		if ((rc = opt_string(ids, keys[i], sub, &s)) ||
		    (s && (rc = vg_vexio_add_product(st, s, vg_jpath_key(at, sub, keys[i])))))
			return rc;
	}
	if (st->products.count == before && !json_object_get(c, "hashes"))
		return vg_error_set(VG_EPARSE, "%s: the product has no @id or identifiers", path);
	return VG_OK;
}

/* subcomponents[] of a product (0.2.0) or of a statement (0.0.1). */
static int read_components(vg_vex_statement *st, const json_t *arr, const char *path)
{
	char item[VG_JPATH_MAX];
	json_t *c;
	size_t i;
	int rc;

	json_array_foreach (arr, i, c)
		if ((rc = read_component(st, c, vg_jpath_index(item, path, i))))
			return rc;
	return VG_OK;
}

/* A products[] entry: its subcomponents if it has any, else itself. */
static int read_product(vg_vex_statement *st, const json_t *p, const char *path)
{
	char sub[VG_JPATH_MAX];
	json_t *subs = NULL;
	int rc;

	if (json_is_object(p) && (rc = vg_json_get_array(p, "subcomponents", path, false, &subs)))
		return rc;
	if (subs && json_array_size(subs))
		return read_components(st, subs, vg_jpath_key(sub, path, "subcomponents"));
	return read_component(st, p, path);
}

static int read_products(vg_vex_statement *st, const json_t *s, const char *path)
{
	char sub[VG_JPATH_MAX], item[VG_JPATH_MAX];
	json_t *products = NULL, *subs = NULL, *p;
	size_t i;
	int rc;

	if ((rc = vg_json_get_array(s, "products", path, false, &products)) ||
	    (rc = vg_json_get_array(s, "subcomponents", path, false, &subs)))
		return rc;
	if (subs && json_array_size(subs))
		return read_components(st, subs, vg_jpath_key(sub, path, "subcomponents"));
	vg_jpath_key(sub, path, "products");
	json_array_foreach (products, i, p)
		if ((rc = read_product(st, p, vg_jpath_index(item, sub, i))))
			return rc;
	return VG_OK;
}

/* The statement's own time, else the document's. */
static int read_time(vg_vex_statement *st, const json_t *s, const char *path, const json_t *doc)
{
	static const char *const keys[] = { "last_updated", "timestamp" };
	char sub[VG_JPATH_MAX];
	const json_t *obj[] = { s, doc };
	const char *where[] = { path, "$" };
	const char *t;
	size_t i, k;
	int rc;

	for (i = 0; i < 2; i++)
		for (k = 0; k < 2; k++) {
			if ((rc = opt_string(obj[i], keys[k], where[i], &t)))
				return rc;
			if (t && *t)
				return vg_vexio_set_time(st, t, vg_jpath_key(sub, where[i], keys[k]));
		}
	return VG_OK;
}

static int read_statement(vg_vex *out, const json_t *s, const char *path, const json_t *doc,
			  const char *name)
{
	char sub[VG_JPATH_MAX];
	const char *status, *just, *impact, *action;
	vg_vex_statement *st;
	json_t *v;
	int rc;

	if ((rc = vg_json_expect_object(s, path)))
		return rc;
	if (!(v = json_object_get(s, "vulnerability")))
		return vg_error_set(VG_EPARSE, "%s: missing member \"vulnerability\"", path);
	if ((rc = vg_json_get_string(s, "status", path, true, &status)) ||
	    (rc = opt_string(s, "justification", path, &just)) ||
	    (rc = opt_string(s, "impact_statement", path, &impact)) ||
	    (rc = opt_string(s, "action_statement", path, &action)) ||
	    (rc = check_justification(just && *just ? just : NULL,
				      vg_jpath_key(sub, path, "justification"))))
		return rc;
	if (!(st = vg_vexio_add(out, VG_VEX_OPENVEX, name, path)))
		return VG_ENOMEM;
	if ((rc = parse_status(status, vg_jpath_key(sub, path, "status"), &st->status)) ||
	    (rc = read_vulnerability(st, v, vg_jpath_key(sub, path, "vulnerability"))) ||
	    (rc = read_products(st, s, path)) || (rc = read_time(st, s, path, doc)) ||
	    (rc = vg_vexio_set(&st->justification, just)) ||
	    (rc = vg_vexio_set(&st->impact, impact)) || (rc = vg_vexio_set(&st->action, action)))
		return rc;
	return VG_OK;
}

int vg_vexio_openvex(vg_vex *out, const json_t *root, const char *name)
{
	char item[VG_JPATH_MAX];
	json_t *statements = NULL, *s;
	size_t i;
	int rc;

	if ((rc = vg_json_get_array(root, "statements", "$", true, &statements)))
		return rc;
	json_array_foreach (statements, i, s)
		if ((rc = read_statement(out, s, vg_jpath_index(item, "$.statements", i), root, name)))
			return rc;
	return VG_OK;
}
