/*
 * fuzz_manifest.c - the strict artifact manifest parser.
 */
#include "artifact/artifact_internal.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	vg_manifest *m = NULL;

	if (vg_manifest_parse((const char *)data, size, &m) == 0)
		vg_manifest_free(m);
	return 0;
}
