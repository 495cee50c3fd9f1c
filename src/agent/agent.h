/*
 * agent.h - shared by the files of the vigil-agent program (src/agent).
 *
 * Exit codes (documented in vigil-agent(1)), stable:
 *   0  success (committed, installed, or nothing to do)
 *   1  the update failed and the old slot was kept (rolled back); when the
 *      failure has a more specific class (3, 4, 5) that code is used
 *   2  usage error
 *   3  bad input (configuration, artifact, state)
 *   4  I/O or network failure
 *   5  verification failed (signature, hash, health check)
 *   6  internal error
 *   7  not valid in the current state (e.g. commit with nothing pending)
 *   10 a reboot is needed (or was requested) to continue the update
 */
#ifndef VG_AGENT_PROG_H
#define VG_AGENT_PROG_H
#include "vigil/agent.h"
#include "vigil/download.h"

enum agent_exit {
	AGENT_EXIT_OK = 0,
	AGENT_EXIT_FAILED = 1,
	AGENT_EXIT_USAGE = 2,
	AGENT_EXIT_INPUT = 3,
	AGENT_EXIT_IO = 4,
	AGENT_EXIT_VERIFY = 5,
	AGENT_EXIT_INTERNAL = 6,
	AGENT_EXIT_STATE = 7,
	AGENT_EXIT_REBOOT = 10
};

/* Where install's bytes come from: a local file or an http(s) URL. */
typedef struct agent_source {
	const char *location;
	const vg_agent_config *cfg;
	vg_download_stats *stats;  /* filled after a URL install */
} agent_source;

/* A vg_agent_fetch_fn for agent_source. */
int agent_fetch(void *ctx, uint64_t min_security_version, const vg_artifact_sink *sink, vg_agent_fetched *out);

/*
 * Test builds (VG_AGENT_FAULT_INJECTION): honour VG_AGENT_CRASH_AT=event:N
 * or byte:N by killing this process with SIGKILL at that point, and print
 * each event to stderr when VG_AGENT_TRACE is set.  No-ops otherwise.
 */
void agent_faults_attach(vg_agent *a);
vg_artifact_sink agent_faults_wrap(const vg_artifact_sink *inner);

#endif
