/*
 * fuzz_sbom_spdx2.c - libFuzzer harness for the SBOM reader, seeded with
 * spdx2 documents (fuzz/corpus/sbom_spdx2/); see fuzz_sbom.h.
 */
#include "fuzz_sbom.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_sbom_one(data, size, VG_SBOM_SPDX2_JSON);
}
