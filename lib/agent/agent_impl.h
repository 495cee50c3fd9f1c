/*
 * agent_impl.h - shared inside lib/agent (not public).
 */
#ifndef VG_AGENT_IMPL_H
#define VG_AGENT_IMPL_H
#include "vigil/agent.h"

/* Run argv[0] (a path) with argv; *status = exit code, 128+signal if killed. */
int vg_agent_spawn(char *const argv[], int *status);
/* Run the <state>_<phase>_NN scripts in name order (exit 21 = retry later). */
int vg_agent_scripts_run(const vg_agent_config *cfg, const char *state, const char *phase);
/* Run the health check command; VG_EVERIFY when it fails. */
int vg_agent_health_check(const vg_agent_config *cfg);

#endif
