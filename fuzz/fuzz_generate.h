/*
 * fuzz_generate.h - what the SBOM-generation harnesses share: run one
 * package-database source over the input, as `vigil sbom generate --from`
 * would, with files included so the file-list paths are exercised too.
 * Each harness defines FUZZ_GENERATE_SOURCE (gen_dpkg, gen_apk, ...) and
 * includes this file.
 */
#ifndef VG_FUZZ_GENERATE_H
#define VG_FUZZ_GENERATE_H

#include "sbom/gen_internal.h"
#include "vigil/sbom.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	vg_generate_options o = VG_GENERATE_OPTIONS_INIT;
	vg_sbom *s = NULL;

	o.distro_id = "debian";
	o.distro_version = "12";
	o.include_files = true;
	if (gen_run(FUZZ_GENERATE_SOURCE, "fuzz", (const char *)data, size, &o, &s) == 0)
		vg_sbom_free(s);
	return 0;
}

#endif
