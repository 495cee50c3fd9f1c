/*
 * fuzz_vers.c - libFuzzer harness for vers: URIs.
 *
 * Input: "vers:...\nVERSION".  Parses leniently and canonically; a parsed
 * range is printed, re-parsed canonically (the canonical form must be
 * accepted and print the same) and tested against the version.
 */
#include "vigil/error.h"
#include "vigil/range.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = malloc(size + 1), *nl, *version, *text, *again;
	vg_vers *v = NULL, *w = NULL, *c = NULL;
	bool inside;

	if (!in)
		return 0;
	memcpy(in, data, size);
	in[size] = '\0';
	nl = strchr(in, '\n');
	version = nl ? (*nl = '\0', nl + 1) : in + size;
	if (vg_vers_parse(in, VG_VERS_CANONICAL, &c) == VG_OK)
		vg_vers_free(c);
	if (vg_vers_parse(in, 0, &v) == VG_OK) {
		text = vg_vers_format(v);
		if (text) {
			if (v->known) {
				if (vg_vers_parse(text, VG_VERS_CANONICAL, &w) != VG_OK)
					abort();
				again = vg_vers_format(w);
				if (again && strcmp(again, text))
					abort();
				free(again);
				vg_vers_free(w);
			}
			free(text);
		}
		vg_vers_contains(v, version, &inside);
		vg_vers_free(v);
	}
	free(in);
	return 0;
}
