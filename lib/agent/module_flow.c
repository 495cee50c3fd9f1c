/*
 * module_flow.c - the steps of an update-module update (agent_impl.h,
 * docs/agent.md "Update modules").
 *
 * The record goes through the same states as an A/B update and is written
 * before each state's work, as there; what a state does is the module's:
 *
 *   download  the agent stores the verified files in <tree>/files (after
 *             SupportsRollback and Download, called at the first file)
 *   install   ArtifactInstall, then NeedsArtifactReboot
 *   reboot    ArtifactReboot ("Yes") or the agent's reboot ("Automatic");
 *             the record says verify before either, so neither is repeated
 *   verify    ArtifactVerifyReboot, ArtifactReboot_Leave scripts, health check
 *   commit    ArtifactCommit, then Cleanup, record idle, tree removed
 *   rollback  ArtifactRollback when the module supports rollback
 *   rollback_reboot  ArtifactRollbackReboot / the agent's reboot, when the
 *             update had rebooted
 *   failure   ArtifactFailure (only once ArtifactInstall was reached), then
 *             Cleanup, record idle with the error, tree removed
 *
 * Module calls are not assumed idempotent where Mender does not need them to
 * be: an ArtifactInstall cut short by a power loss is never run again (the
 * update is rolled back instead).  ArtifactVerifyReboot, ArtifactCommit,
 * ArtifactRollback, ArtifactFailure and Cleanup may run twice after a cut.
 */
#include "agent_impl.h"
#include "vigil/error.h"

#include <stdio.h>
#include <string.h>

static int call(vg_agent *a, const char *state, char *answer, size_t cap)
{
	vg_agent_emit(a, state, "Module");
	return vg_module_run(a->cfg, a->rec.module, state, answer, cap);
}

/* A failure of a call that cannot stop what is under way is kept in record.error. */
static void call_noted(vg_agent *a, const char *state)
{
	if (call(a, state, NULL, 0))
		vg_agent_note_error(a, state);
}

static int ask_rollback(vg_agent *a)
{
	char ans[64];
	int rc = call(a, "SupportsRollback", ans, sizeof(ans));
	if (rc)
		return rc;
	if (strcmp(ans, "Yes") && strcmp(ans, "No") && *ans)
		return vg_error_set(VG_EUNSUPPORTED, "update module %s: SupportsRollback answered '%.32s' (want Yes or No)",
				    a->rec.module, ans);
	a->rec.module_rollback = strcmp(ans, "Yes") == 0;
	return VG_OK;
}

static int ask_reboot(vg_agent *a)
{
	char ans[64];
	int rc = call(a, "NeedsArtifactReboot", ans, sizeof(ans));
	if (rc)
		return rc;
	if (!*ans || !strcmp(ans, "No"))
		a->rec.module_reboot = VG_MODULE_REBOOT_NO;
	else if (!strcmp(ans, "Yes"))
		a->rec.module_reboot = VG_MODULE_REBOOT_YES;
	else if (!strcmp(ans, "Automatic"))
		a->rec.module_reboot = VG_MODULE_REBOOT_AUTOMATIC;
	else
		return vg_error_set(VG_EUNSUPPORTED,
				    "update module %s: NeedsArtifactReboot answered '%.32s' (want Yes, No or Automatic)",
				    a->rec.module, ans);
	return VG_OK;
}

int vg_module_download_begin(vg_agent *a, const vg_artifact_info *info)
{
	int rc = vg_module_check(a->cfg, info->payload_type);
	if (rc)
		return rc;
	/* Recorded before the tree exists, so a restart cleans up after this module. */
	snprintf(a->rec.module, sizeof(a->rec.module), "%s", info->payload_type);
	rc = vg_agent_persist(a, VG_AGENT_DOWNLOAD);
	if (rc == VG_OK)
		rc = vg_module_tree_create(a->cfg, &a->rec, info);
	if (rc == VG_OK)
		rc = ask_rollback(a);
	if (rc == VG_OK)
		rc = call(a, "Download", NULL, 0); /* no streams offered: the agent stores the files */
	return rc;
}

/* Cleanup, then the record says idle, then the tree goes (a leftover is removed by the next install). */
static int finish(vg_agent *a, vg_agent_outcome outcome, vg_agent_outcome *out)
{
	call(a, "Cleanup", NULL, 0); /* only tidies up: its failure changes nothing */
	a->rec.module[0] = '\0';
	a->rec.module_rollback = 0;
	a->rec.module_reboot = VG_MODULE_REBOOT_NO;
	*out = outcome;
	int rc = vg_agent_persist(a, VG_AGENT_IDLE);
	if (rc == VG_OK)
		vg_module_tree_remove(a->cfg);
	return rc;
}

static int do_download_interrupted(vg_agent *a, int booted, vg_agent_outcome *out)
{
	vg_error_set(VG_EIO, "interrupted while storing the payload of update module %s", a->rec.module);
	return vg_agent_fail_to(a, VG_AGENT_FAILURE, booted, out);
}

static int do_install(vg_agent *a, int booted, vg_agent_outcome *out)
{
	if (a->entered != VG_AGENT_INSTALL) {
		vg_error_set(VG_EIO, "interrupted during ArtifactInstall of update module %s", a->rec.module);
		return vg_agent_fail_to(a, VG_AGENT_ROLLBACK, booted, out);
	}
	int rc = vg_agent_state_scripts(a, "Enter");
	if (rc == VG_OK)
		rc = call(a, "ArtifactInstall", NULL, 0);
	if (rc == VG_OK)
		rc = ask_reboot(a);
	if (rc == VG_OK)
		rc = vg_agent_state_scripts(a, "Leave");
	if (rc)
		return vg_agent_fail_to(a, VG_AGENT_ROLLBACK, booted, out);
	return vg_agent_go(a, a->rec.module_reboot == VG_MODULE_REBOOT_NO ? VG_AGENT_COMMIT : VG_AGENT_REBOOT,
			   booted, out);
}

/*
 * The reboot is asked for once: the record says `verify` first.  With "Yes"
 * the module's ArtifactReboot reboots (or starts rebooting) the system, and
 * the agent stops with NEED_REBOOT; `resume` after it runs
 * ArtifactVerifyReboot.
 */
static int do_reboot(vg_agent *a, int booted, vg_agent_outcome *out)
{
	int rc = vg_agent_state_scripts(a, "Enter");
	if (rc)
		return vg_agent_fail_to(a, VG_AGENT_ROLLBACK, booted, out);
	rc = vg_agent_persist(a, VG_AGENT_VERIFY);
	if (rc)
		return rc;
	if (a->rec.module_reboot == VG_MODULE_REBOOT_AUTOMATIC)
		return vg_agent_request_reboot(a, out);
	if (call(a, "ArtifactReboot", NULL, 0))
		return vg_agent_fail_to(a, VG_AGENT_ROLLBACK, booted, out);
	*out = VG_AGENT_NEED_REBOOT;
	return VG_OK;
}

static int do_verify(vg_agent *a, int booted, vg_agent_outcome *out)
{
	int rc = call(a, "ArtifactVerifyReboot", NULL, 0);
	if (rc == VG_OK)
		rc = vg_agent_state_scripts(a, "Leave"); /* ArtifactReboot_Leave, as in Mender */
	if (rc == VG_OK)
		rc = vg_agent_health_check(a->cfg);
	if (rc)
		return vg_agent_fail_to(a, VG_AGENT_ROLLBACK, booted, out);
	return vg_agent_go(a, VG_AGENT_COMMIT, booted, out);
}

static int do_commit(vg_agent *a, int booted, vg_agent_outcome *out)
{
	int rc = vg_agent_state_scripts(a, "Enter");
	if (rc == VG_OK)
		rc = call(a, "ArtifactCommit", NULL, 0);
	if (rc)
		return vg_agent_fail_to(a, VG_AGENT_ROLLBACK, booted, out);
	vg_agent_state_scripts(a, "Leave"); /* the commit is done; a failing Leave script cannot undo it */
	snprintf(a->rec.current, sizeof(a->rec.current), "%s", a->rec.artifact);
	a->rec.error[0] = '\0';
	if (a->rec.artifact_security_version > a->rec.security_version)
		a->rec.security_version = a->rec.artifact_security_version;
	return finish(a, VG_AGENT_COMMITTED, out);
}

static int do_rollback(vg_agent *a, int booted, vg_agent_outcome *out)
{
	if (!a->rec.module_rollback)
		return vg_agent_go(a, VG_AGENT_FAILURE, booted, out);
	vg_agent_state_scripts(a, "Enter");
	call_noted(a, "ArtifactRollback");
	vg_agent_state_scripts(a, "Leave");
	/* Rolled back software that was booted into needs a reboot to leave it. */
	return vg_agent_go(a, a->rec.module_reboot == VG_MODULE_REBOOT_NO ? VG_AGENT_FAILURE : VG_AGENT_ROLLBACK_REBOOT,
			   booted, out);
}

static int do_rollback_reboot(vg_agent *a, int booted, vg_agent_outcome *out)
{
	vg_agent_state_scripts(a, "Enter");
	int rc = vg_agent_persist(a, VG_AGENT_FAILURE);
	if (rc)
		return rc;
	if (a->rec.module_reboot == VG_MODULE_REBOOT_AUTOMATIC)
		return vg_agent_request_reboot(a, out);
	call_noted(a, "ArtifactRollbackReboot");
	vg_agent_persist(a, VG_AGENT_FAILURE); /* keeps the note */
	*out = VG_AGENT_NEED_REBOOT;
	return VG_OK;
}

static int do_failure(vg_agent *a, int booted, vg_agent_outcome *out)
{
	(void)booted;
	vg_agent_state_scripts(a, "Enter");
	if (a->rec.sha256[0]) /* ArtifactInstall was reached */
		call_noted(a, "ArtifactFailure");
	vg_agent_state_scripts(a, "Leave");
	return finish(a, VG_AGENT_ROLLED_BACK, out);
}

int vg_module_step(vg_agent *a, int booted, vg_agent_outcome *out)
{
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
