/*
 * fuzz_sbom_cyclonedx.c - libFuzzer harness for the SBOM reader, seeded with
 * cyclonedx documents (fuzz/corpus/sbom_cyclonedx/); see fuzz_sbom.h.
 */
#include "fuzz_sbom.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_sbom_one(data, size, VG_SBOM_CYCLONEDX_JSON);
}
