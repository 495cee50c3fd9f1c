/*
 * product_tree.c - flatten $.product_tree into doc->products.
 *
 * Products come from three places, read in this order: branches (depth
 * first; the product's name is its branches' names from the root joined
 * with " "), full_product_names, and relationships.  Then the id index is
 * sorted (a duplicate id is an error), the references relationships make
 * are checked, and product_groups are read into the context, so that the
 * vulnerabilities can resolve group ids to products.
 */
#include "csaf_internal.h"
#include "vigil/error.h"

#include <stdlib.h>
#include <string.h>

void csaf_product_clear(vg_csaf_product *p)
{
	free(p->id);
	free(p->name);
	free(p->purl);
	free(p->cpe);
	free(p->version_range);
	free(p->relationship);
	free(p->product_reference);
	free(p->relates_to);
}

static int product_add(csaf_ctx *ctx, vg_csaf_product **out)
{
	vg_csaf_doc *doc = ctx->doc;

	if (doc->nproducts == ctx->cap) {
		size_t cap = ctx->cap ? ctx->cap * 2 : 16;
		vg_csaf_product *p = realloc(doc->products, cap * sizeof(*p));

		if (!p)
			return vg_error_set(VG_ENOMEM, "out of memory");
		doc->products = p;
		ctx->cap = cap;
	}
	*out = &doc->products[doc->nproducts++];
	memset(*out, 0, sizeof(**out));
	return VG_OK;
}

/* A full_product_name object; `name` (owned, may be NULL) replaces its name. */
static int full_product_name(csaf_ctx *ctx, const json_t *fpn, const char *path, char *name,
			     vg_csaf_product **out)
{
	json_t *helper = NULL;
	char at[VG_JPATH_MAX];
	vg_csaf_product *p = NULL;
	int rc = product_add(ctx, &p);

	if (rc) {
		free(name);
		return rc;
	}
	*out = p;
	p->name = name;
	if ((rc = vg_json_expect_object(fpn, path)) ||
	    (rc = csaf_str(fpn, "product_id", path, true, &p->id)) ||
	    (!p->name && (rc = csaf_str(fpn, "name", path, true, &p->name))) ||
	    (rc = vg_json_get_object(fpn, "product_identification_helper", path, false, &helper)))
		return rc;
	if (!helper)
		return VG_OK;
	vg_jpath_key(at, path, "product_identification_helper");
	if ((rc = csaf_str(helper, "purl", at, false, &p->purl)))
		return rc;
	return csaf_str(helper, "cpe", at, false, &p->cpe);
}

static int branches_parse(csaf_ctx *ctx, const json_t *obj, const char *path, const char *prefix,
			  const char *range, int depth);

static int branch_parse(csaf_ctx *ctx, const json_t *b, const char *path, const char *prefix,
			const char *range, int depth)
{
	const char *category = NULL, *name = NULL;
	json_t *product = NULL, *sub = NULL;
	char at[VG_JPATH_MAX];
	char *full;
	vg_csaf_product *p;
	int rc;

	if ((rc = vg_json_expect_object(b, path)) ||
	    (rc = vg_json_get_string(b, "category", path, true, &category)) ||
	    (rc = vg_json_get_string(b, "name", path, true, &name)) ||
	    (rc = vg_json_get_object(b, "product", path, false, &product)) ||
	    (rc = vg_json_get_array(b, "branches", path, false, &sub)))
		return rc;
	if (!product && !sub)
		return vg_error_set(VG_EPARSE, "%s: a branch needs \"product\" or \"branches\"",
				    path);
	if (strcmp(category, "product_version_range") == 0)
		range = name;
	full = *prefix ? vg_strdup_printf("%s %s", prefix, name) : vg_strdup(name);
	if (!full)
		return VG_ENOMEM;
	if (product) {
		char *copy = vg_strdup(full);

		if (!copy) {
			free(full);
			return VG_ENOMEM;
		}
		rc = full_product_name(ctx, product, vg_jpath_key(at, path, "product"), copy, &p);
		if (!rc && range && !(p->version_range = vg_strdup(range)))
			rc = VG_ENOMEM;
	}
	if (!rc && sub)
		rc = branches_parse(ctx, b, path, full, range, depth + 1);
	free(full);
	return rc;
}

static int branches_parse(csaf_ctx *ctx, const json_t *obj, const char *path, const char *prefix,
			  const char *range, int depth)
{
	json_t *arr = NULL, *b;
	char at[VG_JPATH_MAX], el[VG_JPATH_MAX];
	size_t i;
	int rc = vg_json_get_array(obj, "branches", path, false, &arr);

	if (rc || !arr)
		return rc;
	vg_jpath_key(at, path, "branches");
	if (depth > VG_CSAF_MAX_BRANCH_DEPTH)
		return vg_error_set(VG_ELIMIT, "%s: branches nested deeper than %d", at,
				    VG_CSAF_MAX_BRANCH_DEPTH);
	json_array_foreach(arr, i, b) {
		if ((rc = branch_parse(ctx, b, vg_jpath_index(el, at, i), prefix, range, depth)))
			return rc;
	}
	return VG_OK;
}

static int full_product_names_parse(csaf_ctx *ctx, const json_t *tree)
{
	json_t *arr = NULL, *v;
	char el[VG_JPATH_MAX];
	vg_csaf_product *p;
	size_t i;
	int rc = vg_json_get_array(tree, "full_product_names", "$.product_tree", false, &arr);

	if (rc || !arr)
		return rc;
	json_array_foreach(arr, i, v) {
		vg_jpath_index(el, "$.product_tree.full_product_names", i);
		if ((rc = full_product_name(ctx, v, el, NULL, &p)))
			return rc;
	}
	return VG_OK;
}

static int relationships_parse(csaf_ctx *ctx, const json_t *tree)
{
	json_t *arr = NULL, *r, *fpn;
	char el[VG_JPATH_MAX], at[VG_JPATH_MAX];
	vg_csaf_product *p;
	size_t i;
	int rc = vg_json_get_array(tree, "relationships", "$.product_tree", false, &arr);

	if (rc || !arr)
		return rc;
	json_array_foreach(arr, i, r) {
		vg_jpath_index(el, "$.product_tree.relationships", i);
		if ((rc = vg_json_expect_object(r, el)) ||
		    (rc = vg_json_get_object(r, "full_product_name", el, true, &fpn)) ||
		    (rc = full_product_name(ctx, fpn, vg_jpath_key(at, el, "full_product_name"), NULL,
					    &p)) ||
		    (rc = csaf_str(r, "category", el, true, &p->relationship)) ||
		    (rc = csaf_str(r, "product_reference", el, true, &p->product_reference)) ||
		    (rc = csaf_str(r, "relates_to_product_reference", el, true, &p->relates_to)))
			return rc;
	}
	return VG_OK;
}

typedef struct id_entry {
	const char *id;
	size_t index;
} id_entry;

static int id_entry_cmp(const void *a, const void *b)
{
	return strcmp(((const id_entry *)a)->id, ((const id_entry *)b)->id);
}

/* Sort the product indexes by id; a duplicate id is an error. */
static int index_build(csaf_ctx *ctx)
{
	vg_csaf_doc *doc = ctx->doc;
	id_entry *e;
	size_t i;
	int rc = VG_OK;

	if (doc->nproducts == 0)
		return VG_OK;
	e = malloc(doc->nproducts * sizeof(*e));
	doc->by_id = malloc(doc->nproducts * sizeof(*doc->by_id));
	ctx->mark = calloc(doc->nproducts, 1);
	if (!e || !doc->by_id || !ctx->mark) {
		free(e);
		return vg_error_set(VG_ENOMEM, "out of memory");
	}
	for (i = 0; i < doc->nproducts; i++)
		e[i] = (id_entry){ doc->products[i].id, i };
	qsort(e, doc->nproducts, sizeof(*e), id_entry_cmp);
	for (i = 0; i < doc->nproducts; i++) {
		doc->by_id[i] = e[i].index;
		if (i > 0 && !rc && strcmp(e[i - 1].id, e[i].id) == 0)
			rc = vg_error_set(VG_EPARSE,
					  "$.product_tree: product id \"%.100s\" is defined twice",
					  e[i].id);
	}
	free(e);
	return rc;
}

static int relationship_refs_check(csaf_ctx *ctx, const json_t *tree)
{
	json_t *arr = NULL, *r;
	char el[VG_JPATH_MAX], at[VG_JPATH_MAX];
	size_t i, index;
	int rc = vg_json_get_array(tree, "relationships", "$.product_tree", false, &arr);

	if (rc || !arr)
		return rc;
	json_array_foreach(arr, i, r) {
		vg_jpath_index(el, "$.product_tree.relationships", i);
		if ((rc = csaf_product_ref(ctx, json_object_get(r, "product_reference"),
					   vg_jpath_key(at, el, "product_reference"), &index)) ||
		    (rc = csaf_product_ref(ctx, json_object_get(r, "relates_to_product_reference"),
					   vg_jpath_key(at, el, "relates_to_product_reference"),
					   &index)))
			return rc;
	}
	return VG_OK;
}

static int group_cmp(const void *a, const void *b)
{
	return strcmp(((const csaf_group *)a)->id, ((const csaf_group *)b)->id);
}

const csaf_group *csaf_group_find(const csaf_ctx *ctx, const char *id)
{
	csaf_group key = { .id = id };

	if (!ctx->ngroups)
		return NULL;
	return bsearch(&key, ctx->groups, ctx->ngroups, sizeof(key), group_cmp);
}

static int group_parse(csaf_ctx *ctx, csaf_group *g, const json_t *v, const char *path)
{
	json_t *ids = NULL, *id;
	char at[VG_JPATH_MAX], el[VG_JPATH_MAX];
	size_t i;
	int rc;

	if ((rc = vg_json_expect_object(v, path)) ||
	    (rc = vg_json_get_string(v, "group_id", path, true, &g->id)) ||
	    (rc = vg_json_get_array(v, "product_ids", path, true, &ids)))
		return rc;
	vg_jpath_key(at, path, "product_ids");
	if (json_array_size(ids) == 0)
		return VG_OK;
	g->members = malloc(json_array_size(ids) * sizeof(*g->members));
	if (!g->members)
		return vg_error_set(VG_ENOMEM, "out of memory");
	json_array_foreach(ids, i, id) {
		if ((rc = csaf_product_ref(ctx, id, vg_jpath_index(el, at, i), &g->members[i])))
			return rc;
		g->n = i + 1;
	}
	return VG_OK;
}

static int groups_parse(csaf_ctx *ctx, const json_t *tree)
{
	json_t *arr = NULL, *v;
	char el[VG_JPATH_MAX];
	size_t i;
	int rc = vg_json_get_array(tree, "product_groups", "$.product_tree", false, &arr);

	if (rc || !arr || json_array_size(arr) == 0)
		return rc;
	ctx->groups = calloc(json_array_size(arr), sizeof(*ctx->groups));
	if (!ctx->groups)
		return vg_error_set(VG_ENOMEM, "out of memory");
	json_array_foreach(arr, i, v) {
		ctx->ngroups = i + 1;
		if ((rc = group_parse(ctx, &ctx->groups[i], v, vg_jpath_index(el,
				"$.product_tree.product_groups", i))))
			return rc;
	}
	qsort(ctx->groups, ctx->ngroups, sizeof(*ctx->groups), group_cmp);
	for (i = 1; i < ctx->ngroups; i++) {
		if (strcmp(ctx->groups[i - 1].id, ctx->groups[i].id) == 0)
			return vg_error_set(VG_EPARSE,
					    "$.product_tree.product_groups: group id \"%.100s\" "
					    "is defined twice", ctx->groups[i].id);
	}
	return VG_OK;
}

int csaf_tree_parse(csaf_ctx *ctx, const json_t *root)
{
	json_t *tree = NULL;
	int rc = vg_json_get_object(root, "product_tree", "$", false, &tree);

	if (rc || !tree)
		return rc;
	if ((rc = branches_parse(ctx, tree, "$.product_tree", "", NULL, 1)) ||
	    (rc = full_product_names_parse(ctx, tree)) || (rc = relationships_parse(ctx, tree)) ||
	    (rc = index_build(ctx)) || (rc = relationship_refs_check(ctx, tree)))
		return rc;
	return groups_parse(ctx, tree);
}
