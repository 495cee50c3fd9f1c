/*
 * agent_impl.h - shared inside lib/agent (not public).
 *
 * agent.c owns the state machine and the A/B (rootfs-image) steps;
 * module_flow.c the steps of an update-module update (Mender Update Module
 * protocol v3), module.c the File API tree and the module calls, payload.c
 * the sink that install() hands to the fetch callback.
 */
#ifndef VG_AGENT_IMPL_H
#define VG_AGENT_IMPL_H
#include "vigil/agent.h"

struct vg_agent {
	const vg_agent_config *cfg;
	vg_agent_record rec;
	vg_bootenv *env;
	char *state_path;
	int lock_fd;
	int entered; /* the state this process persisted last with go(), -1 before */
	vg_agent_event_fn event;
	void *event_ctx;
};

/* ---- agent.c: the machinery every step uses ---- */

void vg_agent_emit(vg_agent *a, const char *state, const char *phase);
/* Write the record in state st (atomically). */
int vg_agent_persist(vg_agent *a, vg_agent_state st);
/* Persist st, then run its step. */
int vg_agent_go(vg_agent *a, vg_agent_state st, int booted, vg_agent_outcome *out);
/* Record the current error, run Error scripts, go to `next`; returns the error's code. */
int vg_agent_fail_to(vg_agent *a, vg_agent_state next, int booted, vg_agent_outcome *out);
/* The state scripts of the current state and `phase`. */
int vg_agent_state_scripts(vg_agent *a, const char *phase);
/* Ask for a reboot: reboot_command, or *out = NEED_REBOOT for the caller. */
int vg_agent_request_reboot(vg_agent *a, vg_agent_outcome *out);
/* Append "; <the current error>" to record.error (informational failures). */
void vg_agent_note_error(vg_agent *a, const char *what);

/* ---- scripts.c ---- */

/* Run argv[0] (a path) with argv; *status = exit code, 128+signal if killed. */
int vg_agent_spawn(char *const argv[], int *status);
/* Run the <state>_<phase>_NN scripts in name order (exit 21 = retry later). */
int vg_agent_scripts_run(const vg_agent_config *cfg, const char *state, const char *phase);
/* Run the health check command; VG_EVERIFY when it fails. */
int vg_agent_health_check(const vg_agent_config *cfg);

/* ---- module.c: the Update Module File API and calls ---- */

/* "<state_dir>/module", the File API tree of the update in progress. */
int vg_module_tree_path(const vg_agent_config *cfg, vg_buf *out);
/* Remove a previous tree and create a fresh one for this payload. */
int vg_module_tree_create(const vg_agent_config *cfg, const vg_agent_record *rec, const vg_artifact_info *info);
/* fsync the stored files and the tree, so the record may name them. */
int vg_module_tree_sync(const vg_agent_config *cfg);
/* Remove the tree (absent is fine). */
int vg_module_tree_remove(const vg_agent_config *cfg);
/* VG_OK when <modules_dir>/<type> is an executable update module. */
int vg_module_check(const vg_agent_config *cfg, const char *type);
/*
 * Run "<modules_dir>/<type> STATE TREE" in the tree.  `answer` (may be
 * NULL) receives the first line of its standard output.  A non-zero exit
 * is VG_ERROR with the tail of its standard error in the message.
 */
int vg_module_run(const vg_agent_config *cfg, const char *type, const char *state, char *answer, size_t cap);

/* ---- module_flow.c: the steps of a module update ---- */

/* The payload is a module-image: record it, build the tree, SupportsRollback, Download. */
int vg_module_download_begin(vg_agent *a, const vg_artifact_info *info);
/* Run the step of the record's state for a module update. */
int vg_module_step(vg_agent *a, int booted, vg_agent_outcome *out);

/* ---- payload.c: where install()'s payload goes ---- */

typedef struct vg_agent_payload vg_agent_payload;
int vg_agent_payload_new(vg_agent_payload **out, vg_agent *a);
vg_artifact_sink vg_agent_payload_sink(vg_agent_payload *p);
/* Make the payload durable; *sha256 of the slot image (or of the module files' list). */
int vg_agent_payload_finish(vg_agent_payload *p, char sha256[65], uint64_t *size);
void vg_agent_payload_free(vg_agent_payload *p);

#endif
