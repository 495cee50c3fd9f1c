/*
 * fuzz_grubenv.c - the GRUB environment block parser; what it accepts must
 * format back to a block that parses to the same variables.
 */
#include "vigil/bootenv.h"
#include "vigil/error.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	vg_kvlist l = VG_KVLIST_INIT, again = VG_KVLIST_INIT;
	if (vg_grubenv_parse(&l, (const char *)data, size) != VG_OK)
		return 0;
	char block[VG_GRUBENV_SIZE];
	if (vg_grubenv_format(&l, block) == VG_OK) {
		if (vg_grubenv_parse(&again, block, sizeof(block)) != VG_OK || again.count != l.count)
			__builtin_trap();
		for (size_t i = 0; i < l.count; i++)
			if (strcmp(l.items[i].value, vg_kv_get(&again, l.items[i].name)) != 0)
				__builtin_trap();
	}
	vg_kv_free(&again);
	vg_kv_free(&l);
	return 0;
}
