/*
 * fuzz_agent_config.c - the agent configuration parser (vigil/agent.h).
 */
#include "vigil/agent.h"
#include "vigil/error.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	vg_agent_config cfg;
	if (vg_agent_config_parse(&cfg, (const char *)data, size) == VG_OK) {
		/* Invariants of an accepted configuration. */
		if (!cfg.device_type || !cfg.slot[0] || !cfg.slot[1] || !cfg.bootenv ||
		    strcmp(cfg.slot[0], cfg.slot[1]) == 0 || cfg.bootlimit == 0)
			__builtin_trap();
		vg_agent_config_free(&cfg);
	}
	return 0;
}
