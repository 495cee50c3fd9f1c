/*
 * faults.c - fault injection for the power-loss harness (test builds only).
 *
 * The harness must kill the real agent at real points, so the process sends
 * itself SIGKILL: nothing runs after that (no atexit, no flush), just as
 * after a power cut.  Points: "event:N", the N-th state-machine event
 * (Persisted, Enter, Leave, Error, EnvCommitted) of this process; "byte:N",
 * after exactly N payload bytes were written to the slot.  Built only with
 * -DVG_AGENT_FAULT_INJECTION (on with VG_TESTS); release builds ignore the
 * variable entirely.
 */
#include "agent.h"
#include "vigil/error.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef VG_AGENT_FAULT_INJECTION

static unsigned long long crash_event, crash_byte, events, bytes;
static int parsed, trace;
static vg_artifact_sink inner_sink;

static void parse_env(void)
{
	if (parsed++)
		return;
	const char *s = getenv("VG_AGENT_CRASH_AT");
	trace = getenv("VG_AGENT_TRACE") != NULL;
	if (!s)
		return;
	if (strncmp(s, "event:", 6) == 0)
		crash_event = strtoull(s + 6, NULL, 10);
	else if (strncmp(s, "byte:", 5) == 0)
		crash_byte = strtoull(s + 5, NULL, 10);
}

static void die(void)
{
	raise(SIGKILL);
}

static void on_event(void *ctx, const char *state, const char *phase)
{
	events++;
	if (trace)
		fprintf(stderr, "vigil-agent: event %llu: %s %s\n", events, state, phase);
	if (crash_event && events == crash_event)
		die();
}

void agent_faults_attach(vg_agent *a)
{
	parse_env();
	vg_agent_set_observer(a, on_event, NULL);
}

static int crash_write(void *ctx, const void *data, size_t len)
{
	if (crash_byte && bytes + len >= crash_byte) {
		size_t part = (size_t)(crash_byte - bytes);
		int rc = inner_sink.write(inner_sink.ctx, data, part);
		if (rc == VG_OK)
			die();
		return rc;
	}
	bytes += len;
	return inner_sink.write(inner_sink.ctx, data, len);
}

vg_artifact_sink agent_faults_wrap(const vg_artifact_sink *inner)
{
	parse_env();
	inner_sink = *inner;
	vg_artifact_sink s = *inner;
	s.write = crash_write;
	return crash_byte ? s : *inner;
}

#else

void agent_faults_attach(vg_agent *a)
{
	(void)a;
}

vg_artifact_sink agent_faults_wrap(const vg_artifact_sink *inner)
{
	return *inner;
}

#endif
