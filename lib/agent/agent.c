/*
 * agent.c - the A/B update state machine (vigil/agent.h, docs/agent.md).
 *
 * Invariants that make it power-loss safe:
 *  1. The record names a state before that state's work starts, and each
 *     state's work is idempotent, so resuming redoes at most one step.
 *  2. The boot environment names the new slot only after the slot is fully
 *     written and fsynced and the record says so (state install).
 *  3. The new slot is only ever named "on trial" (upgrade_available=1); the
 *     bootloader falls back by itself unless commit clears the flag, and
 *     commit happens only while running the new slot after the health check.
 *  4. Decisions after a restart use the slot actually booted (cmdline), not
 *     what the record hoped for.
 * An update-module update goes through the same states and records, but its
 * steps are the module's (module_flow.c): step() hands them over.
 */
#include "agent_impl.h"
#include "vigil/error.h"
#include "vigil/file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/* Mender's state names, for scripts and events. */
static const char *const MENDER_NAMES[] = {
	"Idle", "Download", "ArtifactInstall", "ArtifactReboot", "ArtifactReboot",
	"ArtifactCommit", "ArtifactRollback", "ArtifactRollbackReboot", "ArtifactFailure"
};

void vg_agent_emit(vg_agent *a, const char *state, const char *phase)
{
	if (a->event)
		a->event(a->event_ctx, state, phase);
}

int vg_agent_persist(vg_agent *a, vg_agent_state st)
{
	a->rec.state = st;
	vg_buf b = VG_BUF_INIT;
	int rc = vg_agent_record_format(&a->rec, &b);
	if (rc == VG_OK)
		rc = vg_file_write_atomic(a->state_path, b.ptr, b.len);
	vg_buf_free(&b);
	if (rc == VG_OK)
		vg_agent_emit(a, vg_agent_state_name(st), "Persisted");
	return rc;
}

int vg_agent_state_scripts(vg_agent *a, const char *phase)
{
	const char *name = MENDER_NAMES[a->rec.state];
	vg_agent_emit(a, name, phase);
	return vg_agent_scripts_run(a->cfg, name, phase);
}

/* Error scripts run for information only: their failure changes nothing. */
static void error_scripts(vg_agent *a)
{
	int saved = vg_error_last()->code;
	char msg[VG_AGENT_ERROR_MAX + 1];
	snprintf(msg, sizeof(msg), "%s", vg_error_message());
	vg_agent_state_scripts(a, "Error");
	vg_error_set(saved, "%s", msg);
}

static void record_error(vg_agent *a)
{
	snprintf(a->rec.error, sizeof(a->rec.error), "%s", vg_error_message());
}

void vg_agent_note_error(vg_agent *a, const char *what)
{
	size_t n = strlen(a->rec.error);
	snprintf(a->rec.error + n, sizeof(a->rec.error) - n, "%s%s: %s", n ? "; " : "", what, vg_error_message());
}

/* Point the boot environment at `slot`, on trial or for good. */
static int env_point(vg_agent *a, int slot, int trial)
{
	char limit[16];
	snprintf(limit, sizeof(limit), "%u", a->cfg->bootlimit);
	int rc = vg_bootenv_set(a->env, VG_BOOTVAR_SLOT, slot ? "B" : "A");
	if (rc == VG_OK)
		rc = vg_bootenv_set(a->env, VG_BOOTVAR_UPGRADE, trial ? "1" : "0");
	if (rc == VG_OK)
		rc = vg_bootenv_set(a->env, VG_BOOTVAR_COUNT, "0");
	if (rc == VG_OK)
		rc = vg_bootenv_set(a->env, VG_BOOTVAR_LIMIT, limit);
	if (rc == VG_OK)
		rc = vg_bootenv_commit(a->env);
	if (rc == VG_OK)
		vg_agent_emit(a, MENDER_NAMES[a->rec.state], "EnvCommitted");
	return rc;
}

static int env_on_trial(const vg_agent *a, int slot)
{
	const char *s = vg_bootenv_get(a->env, VG_BOOTVAR_SLOT);
	const char *u = vg_bootenv_get(a->env, VG_BOOTVAR_UPGRADE);
	return s && u && s[0] == 'A' + slot && !s[1] && strcmp(u, "1") == 0;
}

int vg_agent_booted_slot(const vg_agent *a, int *slot)
{
	char *text = NULL;
	size_t len = 0;
	int rc = vg_file_read(a->cfg->cmdline, 1 << 16, &text, &len);
	if (rc)
		return rc;
	rc = vg_error_set(VG_ENOTFOUND, "%s: no vigil.slot=A|B: cannot tell the booted slot", a->cfg->cmdline);
	for (char *p = text; (p = strstr(p, "vigil.slot=")); p++) {
		char c = p[11];
		int start = p == text || p[-1] == ' ';
		int end = p[12] == '\0' || p[12] == ' ' || p[12] == '\n';
		if (start && end && (c == 'A' || c == 'B')) {
			*slot = c - 'A';
			rc = VG_OK;
			break;
		}
	}
	free(text);
	return rc;
}

/* ---- the steps; each is entered with the record already in its state ---- */

static int step(vg_agent *a, int booted, vg_agent_outcome *out);

int vg_agent_go(vg_agent *a, vg_agent_state st, int booted, vg_agent_outcome *out)
{
	a->entered = (int)st;
	int rc = vg_agent_persist(a, st);
	return rc ? rc : step(a, booted, out);
}

/* A failure before the environment was touched, or after it was restored. */
int vg_agent_fail_to(vg_agent *a, vg_agent_state next, int booted, vg_agent_outcome *out)
{
	int rc = vg_error_last()->code ? vg_error_last()->code : VG_ERROR;
	record_error(a);
	error_scripts(a);
	int rc2 = vg_agent_go(a, next, booted, out);
	return rc2 ? rc2 : rc;
}

int vg_agent_request_reboot(vg_agent *a, vg_agent_outcome *out)
{
	*out = VG_AGENT_NEED_REBOOT;
	if (!*a->cfg->reboot_command)
		return VG_OK;
	char *argv[] = { "/bin/sh", "-c", a->cfg->reboot_command, NULL };
	int status;
	int rc = vg_agent_spawn(argv, &status);
	if (rc == VG_OK && status != 0)
		rc = vg_error_set(VG_EIO, "reboot command failed (exit %d)", status);
	return rc;
}

static int do_install(vg_agent *a, int booted, vg_agent_outcome *out)
{
	if (booted == a->rec.target) /* rebooted into it before the record caught up */
		return vg_agent_go(a, VG_AGENT_VERIFY, booted, out);
	int rc = vg_agent_state_scripts(a, "Enter");
	if (rc == VG_OK)
		rc = env_point(a, a->rec.target, 1);
	if (rc == VG_OK)
		rc = vg_agent_state_scripts(a, "Leave");
	if (rc)
		return vg_agent_fail_to(a, VG_AGENT_ROLLBACK, booted, out);
	return vg_agent_go(a, VG_AGENT_REBOOT, booted, out);
}

static int do_reboot(vg_agent *a, int booted, vg_agent_outcome *out)
{
	if (booted == a->rec.target)
		return vg_agent_go(a, VG_AGENT_VERIFY, booted, out);
	if (!env_on_trial(a, a->rec.target)) {
		vg_error_set(VG_EVERIFY, "the new slot %c did not boot: the bootloader fell back", 'A' + a->rec.target);
		return vg_agent_fail_to(a, VG_AGENT_ROLLBACK, booted, out);
	}
	int rc = vg_agent_state_scripts(a, "Enter");
	if (rc)
		return vg_agent_fail_to(a, VG_AGENT_ROLLBACK, booted, out);
	return vg_agent_request_reboot(a, out);
}

static int do_verify(vg_agent *a, int booted, vg_agent_outcome *out)
{
	if (booted != a->rec.target) {
		vg_error_set(VG_EVERIFY, "running slot %c, not the new slot %c: the bootloader fell back",
			     'A' + booted, 'A' + a->rec.target);
		return vg_agent_fail_to(a, VG_AGENT_ROLLBACK, booted, out);
	}
	int rc = vg_agent_state_scripts(a, "Leave"); /* ArtifactReboot_Leave: back after the reboot */
	if (rc == VG_OK)
		rc = vg_agent_health_check(a->cfg);
	if (rc)
		return vg_agent_fail_to(a, VG_AGENT_ROLLBACK, booted, out);
	return vg_agent_go(a, VG_AGENT_COMMIT, booted, out);
}

static int do_commit(vg_agent *a, int booted, vg_agent_outcome *out)
{
	if (booted != a->rec.target) {
		vg_error_set(VG_EVERIFY, "running slot %c during commit: the bootloader fell back", 'A' + booted);
		return vg_agent_fail_to(a, VG_AGENT_ROLLBACK, booted, out);
	}
	int rc = vg_agent_state_scripts(a, "Enter");
	if (rc)
		return vg_agent_fail_to(a, VG_AGENT_ROLLBACK, booted, out);
	rc = env_point(a, a->rec.target, 0);
	if (rc)
		return rc; /* env unchanged or atomically written: resume redoes it */
	vg_agent_state_scripts(a, "Leave"); /* the commit is done; a failing Leave script cannot undo it */
	snprintf(a->rec.current, sizeof(a->rec.current), "%s", a->rec.artifact);
	a->rec.error[0] = '\0';
	/* The ratchet rises in the same atomic write that ends the commit. */
	if (a->rec.artifact_security_version > a->rec.security_version)
		a->rec.security_version = a->rec.artifact_security_version;
	*out = VG_AGENT_COMMITTED;
	return vg_agent_persist(a, VG_AGENT_IDLE);
}

static int do_rollback(vg_agent *a, int booted, vg_agent_outcome *out)
{
	vg_agent_state_scripts(a, "Enter");
	int rc = env_point(a, 1 - a->rec.target, 0);
	if (rc)
		return rc;
	vg_agent_state_scripts(a, "Leave");
	return vg_agent_go(a, VG_AGENT_ROLLBACK_REBOOT, booted, out);
}

static int do_rollback_reboot(vg_agent *a, int booted, vg_agent_outcome *out)
{
	if (booted == 1 - a->rec.target)
		return vg_agent_go(a, VG_AGENT_FAILURE, booted, out);
	vg_agent_state_scripts(a, "Enter");
	return vg_agent_request_reboot(a, out);
}

static int do_failure(vg_agent *a, int booted, vg_agent_outcome *out)
{
	vg_agent_state_scripts(a, "Enter");
	vg_agent_state_scripts(a, "Leave");
	*out = VG_AGENT_ROLLED_BACK;
	return vg_agent_persist(a, VG_AGENT_IDLE);
}

static int do_download_interrupted(vg_agent *a, int booted, vg_agent_outcome *out)
{
	vg_error_set(VG_EIO, "interrupted while writing slot %c; the slot is not bootable", 'A' + a->rec.target);
	return vg_agent_fail_to(a, VG_AGENT_FAILURE, booted, out);
}

static int step(vg_agent *a, int booted, vg_agent_outcome *out)
{
	if (a->rec.module[0])
		return vg_module_step(a, booted, out);
	switch (a->rec.state) {
	case VG_AGENT_IDLE: return VG_OK;
	case VG_AGENT_DOWNLOAD: return do_download_interrupted(a, booted, out);
	case VG_AGENT_INSTALL: return do_install(a, booted, out);
	case VG_AGENT_REBOOT: return do_reboot(a, booted, out);
	case VG_AGENT_VERIFY: return do_verify(a, booted, out);
	case VG_AGENT_COMMIT: return do_commit(a, booted, out);
	case VG_AGENT_ROLLBACK: return do_rollback(a, booted, out);
	case VG_AGENT_ROLLBACK_REBOOT: return do_rollback_reboot(a, booted, out);
	case VG_AGENT_FAILURE: return do_failure(a, booted, out);
	}
	return vg_error_set(VG_ESTATE, "unknown state");
}

/* ---- public entry points ---- */

int vg_agent_resume(vg_agent *a, vg_agent_outcome *out)
{
	int booted;
	*out = VG_AGENT_NOTHING;
	if (a->rec.state == VG_AGENT_IDLE)
		return VG_OK;
	int rc = vg_agent_booted_slot(a, &booted);
	return rc ? rc : step(a, booted, out);
}

int vg_agent_commit(vg_agent *a, vg_agent_outcome *out)
{
	int booted;
	*out = VG_AGENT_NOTHING;
	int rc = vg_agent_booted_slot(a, &booted);
	if (rc)
		return rc;
	vg_agent_state s = a->rec.state;
	int pending = s == VG_AGENT_VERIFY || s == VG_AGENT_COMMIT ||
		      (!a->rec.module[0] && (s == VG_AGENT_INSTALL || s == VG_AGENT_REBOOT) && booted == a->rec.target);
	if (!pending)
		return vg_error_set(VG_ESTATE, "nothing to commit (state %s, running slot %c)",
				    vg_agent_state_name(s), 'A' + booted);
	return step(a, booted, out);
}

int vg_agent_rollback(vg_agent *a, vg_agent_outcome *out)
{
	int booted;
	*out = VG_AGENT_NOTHING;
	int rc = vg_agent_booted_slot(a, &booted);
	if (rc)
		return rc;
	vg_agent_state s = a->rec.state;
	if (s == VG_AGENT_IDLE || s == VG_AGENT_DOWNLOAD)
		return vg_error_set(VG_ESTATE, "no update to roll back (state %s)", vg_agent_state_name(s));
	if (s >= VG_AGENT_INSTALL && s <= VG_AGENT_COMMIT) {
		vg_error_set(VG_ESTATE, "rolled back on request");
		record_error(a);
		return vg_agent_go(a, VG_AGENT_ROLLBACK, booted, out);
	}
	return step(a, booted, out); /* already rolling back: continue */
}

static int check_idle_env(vg_agent *a, int booted)
{
	const char *u = vg_bootenv_get(a->env, VG_BOOTVAR_UPGRADE);
	if (u && strcmp(u, "1") == 0)
		return vg_error_set(VG_ESTATE, "the boot environment has an upgrade on trial but the agent is idle");
	const char *s = vg_bootenv_get(a->env, VG_BOOTVAR_SLOT);
	if (s && (s[0] != 'A' + booted || s[1]))
		return vg_error_set(VG_ESTATE, "running slot %c but the boot environment names slot %s", 'A' + booted, s);
	return VG_OK;
}

int vg_agent_install(vg_agent *a, vg_agent_fetch_fn fetch, void *ctx, vg_agent_outcome *out)
{
	int booted;
	*out = VG_AGENT_NOTHING;
	if (a->rec.state != VG_AGENT_IDLE)
		return vg_error_set(VG_ESTATE, "an update is in progress (state %s): resume, commit or roll back first",
				    vg_agent_state_name(a->rec.state));
	int rc = vg_agent_booted_slot(a, &booted);
	if (rc == VG_OK)
		rc = check_idle_env(a, booted);
	if (rc)
		return rc;
	a->rec.target = 1 - booted; /* never the running slot */
	a->rec.artifact[0] = a->rec.sha256[0] = a->rec.error[0] = a->rec.module[0] = '\0';
	a->rec.size = a->rec.artifact_security_version = 0;
	a->rec.module_rollback = 0;
	a->rec.module_reboot = VG_MODULE_REBOOT_NO;
	rc = vg_agent_persist(a, VG_AGENT_DOWNLOAD);
	if (rc == VG_OK)
		rc = vg_agent_state_scripts(a, "Enter");
	vg_agent_payload *p = NULL;
	char sha256[65] = "";
	if (rc == VG_OK)
		rc = vg_agent_payload_new(&p, a);
	if (rc == VG_OK) {
		/* Nothing is opened or called before the payload's first file is verified to begin. */
		vg_artifact_sink sink = vg_agent_payload_sink(p);
		vg_agent_fetched got = { "", 0 };
		rc = fetch(ctx, a->rec.security_version, &sink, &got);
		if (rc == VG_OK && got.security_version < a->rec.security_version)
			rc = vg_error_set(VG_EVERIFY, "security version %llu is lower than the device's %llu (rollback)",
					  (unsigned long long)got.security_version,
					  (unsigned long long)a->rec.security_version);
		if (rc == VG_OK)
			rc = vg_agent_payload_finish(p, sha256, &a->rec.size);
		if (rc == VG_OK) {
			snprintf(a->rec.artifact, sizeof(a->rec.artifact), "%s", got.name);
			a->rec.artifact_security_version = got.security_version;
		}
	}
	vg_agent_payload_free(p);
	if (rc == VG_OK)
		rc = vg_agent_state_scripts(a, "Leave");
	if (rc)
		return a->rec.state == VG_AGENT_DOWNLOAD ? vg_agent_fail_to(a, VG_AGENT_FAILURE, booted, out) : rc;
	/* Named only now: a module failure record with a sha256 has reached ArtifactInstall. */
	memcpy(a->rec.sha256, sha256, sizeof(sha256));
	return vg_agent_go(a, VG_AGENT_INSTALL, booted, out);
}

/*
 * The ratchet from a damaged record: its "security_version=N" line if one is
 * intact, else 0.  Losing it would let an old, vulnerable image back in.
 */
static uint64_t salvage_security_version(const char *text, size_t len)
{
	static const char key[] = "security_version=";
	for (size_t i = 0; text && i + sizeof(key) - 1 < len; i++) {
		if ((i && text[i - 1] != '\n') || memcmp(text + i, key, sizeof(key) - 1))
			continue;
		const char *v = text + i + sizeof(key) - 1;
		size_t n = 0;
		while (v + n < text + len && n < 20 && v[n] >= '0' && v[n] <= '9')
			n++;
		if (n && n < 20 && v + n < text + len && v[n] == '\n')
			return strtoull(v, NULL, 10);
	}
	return 0;
}

/* The record after a damaged state file: trust only the boot environment. */
static void recover_record(vg_agent *a, const char *why, uint64_t security_version)
{
	vg_agent_record *r = &a->rec;
	memset(r, 0, sizeof(*r));
	r->security_version = security_version;
	snprintf(r->error, sizeof(r->error), "state file was corrupt (%s); recovered", why);
	const char *s = vg_bootenv_get(a->env, VG_BOOTVAR_SLOT);
	if (s && (s[0] == 'A' || s[0] == 'B') && !s[1] && env_on_trial(a, s[0] - 'A')) {
		/* An update was on trial: nothing proves it good, so undo it. */
		r->target = s[0] - 'A';
		r->state = VG_AGENT_ROLLBACK;
	}
}

static int load_record(vg_agent *a)
{
	char *text = NULL;
	size_t len = 0;
	struct stat st;
	if (stat(a->state_path, &st) != 0 && errno == ENOENT)
		return VG_OK; /* a fresh device */
	int rc = vg_file_read(a->state_path, 64 * 1024, &text, &len);
	if (rc == VG_OK)
		rc = vg_agent_record_parse(&a->rec, text, len);
	uint64_t sv = rc ? salvage_security_version(text, len) : 0;
	free(text);
	if (rc == VG_OK)
		return VG_OK;
	if (rc == VG_ENOMEM)
		return rc;
	char why[256], aside[4096];
	snprintf(why, sizeof(why), "%s", vg_error_message());
	snprintf(aside, sizeof(aside), "%s.corrupt", a->state_path);
	rename(a->state_path, aside);
	recover_record(a, why, sv);
	return vg_agent_persist(a, a->rec.state);
}

static int lock_dir(vg_agent *a)
{
	vg_buf p = VG_BUF_INIT;
	int rc = vg_buf_printf(&p, "%s/lock", a->cfg->state_dir);
	if (rc)
		return rc;
	mkdir(a->cfg->state_dir, 0700);
	a->lock_fd = open(p.ptr, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (a->lock_fd < 0)
		rc = vg_error_set(VG_EIO, "%s: %s", p.ptr, strerror(errno));
	else if (flock(a->lock_fd, LOCK_EX | LOCK_NB) != 0)
		rc = vg_error_set(VG_ESTATE, "%s: another vigil-agent is running", p.ptr);
	vg_buf_free(&p);
	return rc;
}

int vg_agent_open(vg_agent **out, const vg_agent_config *cfg)
{
	*out = NULL;
	vg_agent *a = calloc(1, sizeof(*a));
	if (!a)
		return vg_error_set(VG_ENOMEM, "out of memory");
	a->cfg = cfg;
	a->lock_fd = -1;
	a->entered = -1;
	vg_buf p = VG_BUF_INIT;
	int rc = lock_dir(a);
	if (rc == VG_OK)
		rc = vg_buf_printf(&p, "%s/state", cfg->state_dir);
	a->state_path = vg_buf_detach(&p);
	if (rc == VG_OK)
		rc = vg_bootenv_open(&a->env, cfg->bootloader, cfg->bootenv);
	if (rc == VG_OK)
		rc = load_record(a);
	if (rc) {
		vg_agent_free(a);
		return rc;
	}
	*out = a;
	return VG_OK;
}

void vg_agent_set_observer(vg_agent *a, vg_agent_event_fn fn, void *ctx)
{
	a->event = fn;
	a->event_ctx = ctx;
}

const vg_agent_record *vg_agent_record_get(const vg_agent *a)
{
	return &a->rec;
}

const vg_bootenv *vg_agent_bootenv(const vg_agent *a)
{
	return a->env;
}

void vg_agent_free(vg_agent *a)
{
	if (!a)
		return;
	vg_bootenv_free(a->env);
	if (a->lock_fd >= 0)
		close(a->lock_fd);
	free(a->state_path);
	free(a);
}
