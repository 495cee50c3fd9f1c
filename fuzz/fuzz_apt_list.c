/*
 * fuzz_apt_list.c - the apt Packages list scanner of SBOM generation
 * (gen_aptlists.c): an installed package "a 1 all" with a source, so that
 * matching paragraphs exercise the URL, hash and .dsc building.
 */
#include "sbom/gen_internal.h"
#include "vigil/sbom.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	vg_sbom *s = vg_sbom_new();
	gen_index *ix = gen_index_new();
	vg_component *c = s ? vg_sbom_add_component(s, "a") : NULL;
	gen_apt_list l = { ix, "http://deb.example.org/debian", true };

	if (c && ix && vg_component_add_property(c, "vigil:source-package", "a-src") == 0 &&
	    vg_component_add_property(c, "vigil:source-version", "1:1-2") == 0 &&
	    gen_index_add(ix, "a 1 all", c) == 0)
		gen_apt_list_scan(&l, (const char *)data, size);
	gen_index_free(ix);
	vg_sbom_free(s);
	return 0;
}
