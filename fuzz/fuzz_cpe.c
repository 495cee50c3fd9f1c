/*
 * fuzz_cpe.c - libFuzzer harness for the CPE parser (vigil/cpe.h).
 *
 * Property: a name that parses prints in both bindings, each of which
 * parses back to an equal name; its self-comparison is EQUAL or (with
 * wildcards in a value) UNDEFINED, never anything else.
 */
#include "vigil/cpe.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void rebind(const vg_cpe *c, char *(*bind)(const vg_cpe *))
{
	char *s = bind(c);
	vg_cpe back;

	if (!s || vg_cpe_parse(s, &back) != 0 || !vg_cpe_equal(c, &back))
		abort();
	free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	enum vg_cpe_relation self;
	vg_cpe c;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (vg_cpe_parse(text, &c) == 0) {
		rebind(&c, vg_cpe_to_fs);
		rebind(&c, vg_cpe_to_uri);
		self = vg_cpe_compare(&c, &c, NULL);
		if (self != VG_CPE_EQUAL && self != VG_CPE_UNDEFINED)
			abort();
	}
	free(text);
	return 0;
}
