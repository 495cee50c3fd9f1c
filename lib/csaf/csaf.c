/*
 * csaf.c - read a CSAF 2.0 document: the header (document.*), then the
 * product tree and the vulnerabilities (see vigil/csaf.h).
 *
 * The document is built in a fresh object and handed over only when
 * everything parsed, so a caller never sees half a document.
 */
#include "csaf_internal.h"
#include "vigil/error.h"
#include "vigil/file.h"

#include <stdlib.h>
#include <string.h>

/* A CSAF file larger than this is refused by vg_csaf_load_file (the largest
 * real advisories are a few MB). */
#define CSAF_MAX_FILE (256u << 20)

static const char *const status_names[VG_CSAF_STATUS_COUNT] = {
	"first_affected", "first_fixed", "fixed", "known_affected",
	"known_not_affected", "last_affected", "recommended", "under_investigation",
};

const char *vg_csaf_status_name(vg_csaf_status status)
{
	return (unsigned)status < VG_CSAF_STATUS_COUNT ? status_names[status] : "unknown";
}

int csaf_str(const json_t *obj, const char *key, const char *path, bool required, char **out)
{
	const char *s = NULL;
	int rc = vg_json_get_string(obj, key, path, required, &s);

	if (rc || !s)
		return rc;
	*out = vg_strdup(s);
	return *out ? VG_OK : VG_ENOMEM;
}

void csaf_references_free(vg_csaf_reference *refs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(refs[i].url);
		free(refs[i].summary);
		free(refs[i].category);
	}
	free(refs);
}

int csaf_references_parse(const json_t *obj, const char *path, vg_csaf_reference **out,
			  size_t *n)
{
	json_t *arr = NULL, *v;
	char at[VG_JPATH_MAX];
	size_t i;
	int rc = vg_json_get_array(obj, "references", path, false, &arr);

	if (rc || !arr || json_array_size(arr) == 0)
		return rc;
	*out = calloc(json_array_size(arr), sizeof(**out));
	if (!*out)
		return vg_error_set(VG_ENOMEM, "out of memory");
	vg_jpath_key(at, path, "references");
	json_array_foreach(arr, i, v) {
		char el[VG_JPATH_MAX];
		vg_csaf_reference *r = &(*out)[i];

		vg_jpath_index(el, at, i);
		*n = i + 1;
		if ((rc = vg_json_expect_object(v, el)) || (rc = csaf_str(v, "url", el, true, &r->url)) ||
		    (rc = csaf_str(v, "summary", el, true, &r->summary)) ||
		    (rc = csaf_str(v, "category", el, false, &r->category)))
			return rc;
	}
	return VG_OK;
}

static int header_parse(vg_csaf_doc *doc, const json_t *root)
{
	json_t *d = NULL, *pub = NULL, *tr = NULL, *history = NULL;
	int rc;

	if ((rc = vg_json_expect_object(root, "$")) ||
	    (rc = vg_json_get_object(root, "document", "$", true, &d)) ||
	    (rc = csaf_str(d, "category", "$.document", true, &doc->category)) ||
	    (rc = csaf_str(d, "csaf_version", "$.document", true, &doc->csaf_version)))
		return rc;
	if (strcmp(doc->csaf_version, "2.0") != 0)
		return vg_error_set(VG_EUNSUPPORTED,
				    "$.document.csaf_version: version \"%.40s\" is not supported "
				    "(only \"2.0\")", doc->csaf_version);
	if ((rc = csaf_str(d, "title", "$.document", true, &doc->title)) ||
	    (rc = csaf_str(d, "lang", "$.document", false, &doc->lang)) ||
	    (rc = vg_json_get_object(d, "publisher", "$.document", true, &pub)) ||
	    (rc = csaf_str(pub, "category", "$.document.publisher", true,
			   &doc->publisher_category)) ||
	    (rc = csaf_str(pub, "name", "$.document.publisher", true, &doc->publisher_name)) ||
	    (rc = csaf_str(pub, "namespace", "$.document.publisher", true,
			   &doc->publisher_namespace)) ||
	    (rc = vg_json_get_object(d, "tracking", "$.document", true, &tr)) ||
	    (rc = csaf_str(tr, "id", "$.document.tracking", true, &doc->tracking_id)) ||
	    (rc = csaf_str(tr, "version", "$.document.tracking", true, &doc->tracking_version)) ||
	    (rc = csaf_str(tr, "status", "$.document.tracking", true, &doc->tracking_status)) ||
	    (rc = csaf_str(tr, "initial_release_date", "$.document.tracking", true,
			   &doc->initial_release_date)) ||
	    (rc = csaf_str(tr, "current_release_date", "$.document.tracking", true,
			   &doc->current_release_date)) ||
	    (rc = vg_json_get_array(tr, "revision_history", "$.document.tracking", true,
				    &history)))
		return rc;
	return csaf_references_parse(d, "$.document", &doc->references, &doc->nreferences);
}

static int doc_parse(vg_csaf_doc *doc, const json_t *root)
{
	csaf_ctx ctx = { .doc = doc };
	int rc;

	if (!(rc = header_parse(doc, root)) && !(rc = csaf_tree_parse(&ctx, root)))
		rc = csaf_vulns_parse(&ctx, root);
	for (size_t i = 0; i < ctx.ngroups; i++)
		free(ctx.groups[i].members);
	free(ctx.groups);
	free(ctx.mark);
	return rc;
}

int vg_csaf_read(const json_t *root, const char *name, vg_csaf_doc **out)
{
	vg_csaf_doc *doc = calloc(1, sizeof(*doc));
	int rc;

	*out = NULL;
	if (!doc)
		return vg_error_set(VG_ENOMEM, "%s: out of memory", name);
	if ((rc = doc_parse(doc, root))) {
		vg_csaf_free(doc);
		return vg_error_prefix("%s: ", name);
	}
	*out = doc;
	return VG_OK;
}

int vg_csaf_parse(const char *data, size_t len, const char *name, vg_csaf_doc **out)
{
	json_t *root;
	int rc;

	*out = NULL;
	if ((rc = vg_json_parse(data, len, name, &root)))
		return rc;
	rc = vg_csaf_read(root, name, out);
	json_decref(root);
	return rc;
}

int vg_csaf_load_file(const char *path, vg_csaf_doc **out)
{
	json_t *root;
	int rc = vg_json_load_file(path, CSAF_MAX_FILE, &root);

	*out = NULL;
	if (rc)
		return rc;
	rc = vg_csaf_read(root, strcmp(path, "-") == 0 ? "<stdin>" : path, out);
	json_decref(root);
	return rc;
}

void vg_csaf_free(vg_csaf_doc *doc)
{
	if (!doc)
		return;
	free(doc->category);
	free(doc->csaf_version);
	free(doc->title);
	free(doc->lang);
	free(doc->tracking_id);
	free(doc->tracking_version);
	free(doc->tracking_status);
	free(doc->initial_release_date);
	free(doc->current_release_date);
	free(doc->publisher_name);
	free(doc->publisher_namespace);
	free(doc->publisher_category);
	csaf_references_free(doc->references, doc->nreferences);
	for (size_t i = 0; i < doc->nproducts; i++)
		csaf_product_clear(&doc->products[i]);
	free(doc->products);
	for (size_t i = 0; i < doc->nvulns; i++)
		csaf_vuln_clear(&doc->vulns[i]);
	free(doc->vulns);
	free(doc->by_id);
	free(doc);
}

/* Binary search of the sorted index; SIZE_MAX when absent. */
static size_t product_index(const vg_csaf_doc *doc, const char *id)
{
	size_t lo = 0, hi = doc->by_id ? doc->nproducts : 0;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(doc->products[doc->by_id[mid]].id, id);

		if (c == 0)
			return doc->by_id[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (size_t)-1;
}

const vg_csaf_product *vg_csaf_product_find(const vg_csaf_doc *doc, const char *id)
{
	size_t i;

	if (!doc || !id)
		return NULL;
	i = product_index(doc, id);
	return i == (size_t)-1 ? NULL : &doc->products[i];
}

int csaf_product_ref(const csaf_ctx *ctx, const json_t *value, const char *path, size_t *index)
{
	if (!json_is_string(value))
		return vg_error_set(VG_EPARSE, "%s: expected a string, found %s", path,
				    vg_json_type_name(value));
	*index = product_index(ctx->doc, json_string_value(value));
	if (*index == (size_t)-1)
		return vg_error_set(VG_EPARSE, "%s: unknown product id \"%.100s\"", path,
				    json_string_value(value));
	return VG_OK;
}
