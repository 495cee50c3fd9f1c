/*
 * fuzz_sbom_spdx3.c - libFuzzer harness for the SBOM reader, seeded with
 * spdx3 documents (fuzz/corpus/sbom_spdx3/); see fuzz_sbom.h.
 */
#include "fuzz_sbom.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_sbom_one(data, size, VG_SBOM_SPDX3_JSONLD);
}
