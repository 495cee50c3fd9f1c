/*
 * vex_fuzz.h - the body the four VEX harnesses share (fuzz_vex_openvex.c,
 * fuzz_vex_cyclonedx.c, fuzz_vex_csaf.c, fuzz_vex_spdx3.c differ only in their
 * seed corpus):
 * read the input with vg_vex_parse(), check the set's invariants, and ask
 * vg_vex_find() about each statement's own vulnerability and first product
 * (a component whose bom-ref is that product must be covered).
 */
#ifndef VG_VEX_FUZZ_H
#define VG_VEX_FUZZ_H

#include "vigil/error.h"
#include "vigil/sbom.h"
#include "vigil/str.h"
#include "vigil/vex.h"

#include <stdint.h>
#include <string.h>

static void vex_fuzz_one(const uint8_t *data, size_t size)
{
	vg_vex *vex = vg_vex_new();
	vg_sbom *sbom = vg_sbom_new();
	vg_component *c;
	size_t i;

	if (!vex || !sbom)
		__builtin_trap();
	if (vg_vex_parse(vex, (const char *)data, size, "fuzz") != VG_OK) {
		if (vex->count)
			__builtin_trap(); /* a failed read appended statements */
	}
	for (i = 0; i < vex->count; i++) {
		const vg_vex_statement *st = &vex->statements[i];
		const char *id = st->vulnerability;

		if (!id || !*id || !st->origin || st->products.count != st->versions.count)
			__builtin_trap();
		if (!st->products.count || !(c = vg_sbom_add_component(sbom, st->products.items[0])))
			continue;
		c->purl = vg_strdup(st->products.items[0]);
		if (vg_str_starts_with(c->purl, "cpe:"))
			vg_strlist_add(&c->cpes, c->purl);
		/* a statement covers its first product (by ref) at every version unless versioned */
		if (!vg_vex_find(vex, &id, 1, c) && !st->versions.items[0][0])
			__builtin_trap();
	}
	vg_sbom_free(sbom);
	vg_vex_free(vex);
}

#endif
