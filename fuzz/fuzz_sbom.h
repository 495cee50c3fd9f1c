/*
 * fuzz_sbom.h - what the three SBOM harnesses share: read the input; if it
 * reads, every writer must succeed and what it writes must read back with
 * the same number of components.  Any failure after a successful read aborts
 * (a finding).  The harnesses differ in their seed corpus and in the format
 * they write first.
 */
#ifndef VG_FUZZ_SBOM_H
#define VG_FUZZ_SBOM_H

#include "vigil/error.h"
#include "vigil/sbom.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void fuzz_sbom_write_and_reread(const vg_sbom *s, vg_sbom_format format)
{
	vg_sbom *again = NULL;
	char *text = NULL;

	if (vg_sbom_write(s, format, &text) != VG_OK ||
	    vg_sbom_parse(text, strlen(text), "written", &again) != VG_OK) {
		fprintf(stderr, "%s: %s\n", vg_sbom_format_name(format), vg_error_message());
		abort();
	}
	if (again->component_count + !!again->primary != s->component_count + !!s->primary) {
		fprintf(stderr, "%s: component count changed\n", vg_sbom_format_name(format));
		abort();
	}
	vg_sbom_free(again);
	free(text);
}

static int fuzz_sbom_one(const uint8_t *data, size_t size, vg_sbom_format first)
{
	static const vg_sbom_format all[] = { VG_SBOM_CYCLONEDX_JSON, VG_SBOM_SPDX2_JSON,
					      VG_SBOM_SPDX3_JSONLD };
	vg_sbom *s = NULL;
	size_t i;

	if (vg_sbom_parse((const char *)data, size, "fuzz", &s) != VG_OK)
		return 0;
	fuzz_sbom_write_and_reread(s, first);
	for (i = 0; i < 3; i++)
		if (all[i] != first)
			fuzz_sbom_write_and_reread(s, all[i]);
	vg_sbom_free(s);
	return 0;
}

#endif
