/*
 * fuzz_agent_state.c - the agent's persisted record; what it accepts must
 * format back to the same record.
 */
#include "vigil/agent.h"
#include "vigil/error.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	vg_agent_record r, again;
	if (vg_agent_record_parse(&r, (const char *)data, size) != VG_OK)
		return 0;
	vg_buf b = VG_BUF_INIT;
	if (vg_agent_record_format(&r, &b) != VG_OK)
		__builtin_trap();
	if (vg_agent_record_parse(&again, b.ptr, b.len) != VG_OK || memcmp(&r, &again, sizeof(r)) != 0)
		__builtin_trap();
	vg_buf_free(&b);
	return 0;
}
