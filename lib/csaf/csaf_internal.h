/*
 * csaf_internal.h - what the files of lib/csaf share while one document is
 * being read: the parse context (the document under construction, the
 * product groups, a scratch mark per product) and small JSON readers.
 *
 * csaf.c reads the document header and drives the parse; product_tree.c
 * flattens the product tree and reads the groups; vulnerability.c reads
 * vulnerabilities[].  Product ids are resolved to indexes into doc->products
 * through doc->by_id (sorted), so every reference check is a binary search.
 */
#ifndef VG_CSAF_INTERNAL_H
#define VG_CSAF_INTERNAL_H

#include "vigil/csaf.h"
#include "vigil/json.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct csaf_group {
	const char *id;         /* points into the JSON document */
	size_t *members;        /* product indexes */
	size_t n;
} csaf_group;

typedef struct csaf_ctx {
	vg_csaf_doc *doc;
	size_t cap;             /* allocated doc->products */
	csaf_group *groups;     /* sorted by id */
	size_t ngroups;
	unsigned char *mark;    /* one per product, all 0 between uses */
} csaf_ctx;

/* obj[key] as a new string in *out (left NULL when absent and optional). */
int csaf_str(const json_t *obj, const char *key, const char *path, bool required, char **out);

/* The index of the product `value` (a product id string) names; an error
 * naming `path` when it is not a string or not a defined product. */
int csaf_product_ref(const csaf_ctx *ctx, const json_t *value, const char *path, size_t *index);

/* references[] of the document or of a vulnerability. */
int csaf_references_parse(const json_t *obj, const char *path, vg_csaf_reference **out,
			  size_t *n);
void csaf_references_free(vg_csaf_reference *refs, size_t n);

/* $.product_tree: products, then the id index, then relationships' references
 * and groups are checked. */
int csaf_tree_parse(csaf_ctx *ctx, const json_t *root);
void csaf_product_clear(vg_csaf_product *p);
const csaf_group *csaf_group_find(const csaf_ctx *ctx, const char *id);

/* $.vulnerabilities */
int csaf_vulns_parse(csaf_ctx *ctx, const json_t *root);
void csaf_vuln_clear(vg_csaf_vuln *v);

#endif
