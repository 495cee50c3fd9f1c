/*
 * fuzz_vex_spdx3.c - vg_vex_parse() (vigil/vex.h), seeded with SPDX 3.0 VEX documents.
 */
#include "vex_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	vex_fuzz_one(data, size);
	return 0;
}
