/*
 * fuzz_csaf.c - libFuzzer harness for the CSAF 2.0 reader (vigil/csaf.h).
 *
 * Property: a document either parses or fails with an error message; when
 * it parses, every product id a vulnerability's lists hold names a product
 * of the tree (the reader resolved them), and every product is found by
 * its own id.
 */
#include "vigil/csaf.h"
#include "vigil/error.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_ids(const vg_csaf_doc *doc, const vg_strlist *l)
{
	for (size_t i = 0; i < l->count; i++) {
		if (!vg_csaf_product_find(doc, l->items[i]))
			abort();
	}
}

static void check_vuln(const vg_csaf_doc *doc, const vg_csaf_vuln *v)
{
	size_t i;

	for (i = 0; i < VG_CSAF_STATUS_COUNT; i++)
		check_ids(doc, &v->status[i]);
	for (i = 0; i < v->nflags; i++)
		check_ids(doc, &v->flags[i].product_ids);
	for (i = 0; i < v->nthreats; i++)
		check_ids(doc, &v->threats[i].product_ids);
	for (i = 0; i < v->nremediations; i++)
		check_ids(doc, &v->remediations[i].product_ids);
	for (i = 0; i < v->nscores; i++)
		check_ids(doc, &v->scores[i].product_ids);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	vg_csaf_doc *doc;
	size_t i;

	if (vg_csaf_parse((const char *)data, size, "fuzz", &doc) != VG_OK) {
		if (doc || !*vg_error_message())
			abort();
		return 0;
	}
	for (i = 0; i < doc->nproducts; i++) {
		if (vg_csaf_product_find(doc, doc->products[i].id) != &doc->products[i] ||
		    !doc->products[i].name)
			abort();
	}
	for (i = 0; i < doc->nvulns; i++)
		check_vuln(doc, &doc->vulns[i]);
	vg_csaf_free(doc);
	return 0;
}
