/*
 * write_spdx3.c - the SBOM model as SPDX 3.0.1 JSON-LD (not written yet).
 */
#include "sbom_io.h"

#include "vigil/error.h"

int vg_sbomio_write_spdx3(const vg_sbom *sbom, json_t **out)
{
	(void)sbom;
	*out = NULL;
	return vg_error_set(VG_EUNSUPPORTED, "writing SPDX 3.0.1 is not implemented yet");
}
