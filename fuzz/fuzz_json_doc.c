/*
 * fuzz_json_doc.c - libFuzzer harness for vg_json_doc_parse(), with every
 * input large enough to be split (json_doc_internal.h).
 *
 * The split parse must be the ordinary parse: the same tree when the text
 * is JSON, the same error message when it is not.  Anything else abort()s.
 */
#include "base/json_doc_internal.h"
#include "vigil/error.h"
#include "vigil/json.h"
#include "vigil/str.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	json_t *whole = NULL;
	vg_json_doc *doc = NULL;
	char *whole_error;
	int rc_whole, rc_doc;

	vg_json_doc_split_min = 1;
	rc_whole = vg_json_parse(text, size, "in.json", &whole);
	whole_error = vg_strdup(vg_error_message());
	rc_doc = vg_json_doc_parse(text, size, "in.json", &doc);
	if (rc_doc != rc_whole || !whole_error)
		abort();
	if (rc_whole == VG_OK && !json_equal(whole, vg_json_doc_root(doc)))
		abort();
	if (rc_whole != VG_OK && strcmp(whole_error, vg_error_message()) != 0)
		abort();
	free(whole_error);
	json_decref(whole);
	vg_json_doc_free(doc);
	vg_error_clear();
	return 0;
}
