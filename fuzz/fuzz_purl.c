/*
 * fuzz_purl.c - libFuzzer harness for the purl parser (vigil/purl.h).
 *
 * Property: whatever parses prints to a canonical string that parses again
 * to an equal purl and prints identically (print is a fixed point), and
 * strict parsing never accepts what lenient parsing rejects.
 */
#include "vigil/purl.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), *s1, *s2;
	vg_purl *p, *q, *strict;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (vg_purl_parse_flags(text, VG_PURL_STRICT, &strict) == 0) {
		if (vg_purl_parse(text, &p) != 0)
			abort();
		vg_purl_free(p);
	}
	vg_purl_free(strict);
	if (vg_purl_parse(text, &p) == 0) {
		s1 = vg_purl_to_string(p);
		if (!s1 || vg_purl_parse(s1, &q) != 0 || !vg_purl_equal(p, q))
			abort();
		s2 = vg_purl_to_string(q);
		if (!s2 || strcmp(s1, s2))
			abort();
		free(s1);
		free(s2);
		vg_purl_free(q);
		vg_purl_free(p);
	}
	free(text);
	return 0;
}
