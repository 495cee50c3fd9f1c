/*
 * fuzz_apkdb.c - the apk installed database reader of SBOM generation (gen_apk).
 */
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
	if (gen_run(gen_apk, "fuzz", (const char *)data, size, &o, &s) == 0)
		vg_sbom_free(s);
	return 0;
}
