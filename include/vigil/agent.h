/*
 * vigil/agent.h - the device update agent: configuration, persisted state,
 * and the power-loss-safe A/B update state machine.
 *
 * The state machine (docs/agent.md has the diagram and the argument):
 *
 *   idle -> download -> install -> reboot -> verify -> commit -> idle
 *              |           |         |         |         |
 *              v           +---------+---------+---------+--> rollback
 *           failure <--------------- rollback_reboot <--------'
 *              |
 *              v
 *            idle (error recorded)
 *
 * Every state is written to <state_dir>/state atomically (vg_afile) BEFORE
 * the work it names starts, and every step is idempotent, so a process killed
 * at any instant continues correctly with vg_agent_resume().  The inactive
 * slot is written fully and fsynced before the boot environment names it;
 * the bootloader then boots it on trial (upgrade_available=1, bootcount,
 * bootlimit) and falls back by itself unless the agent commits.
 *
 * The state machine does not know where bytes come from: install() takes a
 * vg_agent_fetch_fn that pushes verified payload files into a
 * vg_artifact_sink (a local file, an artifact reader, an HTTP download); it
 * never prints and never reboots by itself unless reboot_command is
 * configured, so a CLI or a polling daemon can drive it alike.
 *
 * UPDATE MODULES.  A payload whose type is not rootfs-image goes to the
 * Mender update module of that name (<modules_dir>/<type>, protocol v3):
 * the agent stores the verified files in <state_dir>/module/files and calls
 * the module through the same persisted states (install = ArtifactInstall,
 * reboot/verify = ArtifactReboot/ArtifactVerifyReboot when the module needs a
 * reboot, commit = ArtifactCommit, rollback = ArtifactRollback when it
 * supports it, failure = ArtifactFailure, then Cleanup).  The slots and the
 * boot environment are not touched.  docs/agent.md has the details.
 */
#ifndef VIGIL_AGENT_H
#define VIGIL_AGENT_H
#include <stddef.h>
#include <stdint.h>
#include "vigil/artifact.h"
#include "vigil/bootenv.h"
#include "vigil/str.h"
#ifdef __cplusplus
extern "C" {
#endif

/* ---- configuration (agent.conf: "name = value" lines, '#' comments) ---- */

typedef struct vg_agent_config {
	char *device_type;         /* required */
	char *slot[2];             /* slot_a, slot_b: devices or files (required) */
	vg_bootenv_kind bootloader; /* bootloader = file | grub | uboot (required) */
	char *bootenv;             /* bootenv: env file, grubenv, or fw_env.config (required) */
	unsigned bootlimit;        /* bootlimit: trial boots before fallback (default 1) */
	char *cmdline;             /* cmdline: where "vigil.slot=A|B" is read (/proc/cmdline) */
	vg_strlist public_keys;    /* public_keys: space-separated PEM files */
	char *health_check;        /* health_check: shell command, exit 0 = healthy ("" none) */
	char *scripts_dir;         /* scripts_dir: state scripts ("" none) */
	char *state_dir;           /* state_dir (default /var/lib/vigil) */
	char *reboot_command;      /* reboot_command ("" = the caller reboots) */
	unsigned script_retries;   /* script_retries: retry-later (exit 21) attempts (10) */
	unsigned script_retry_ms;  /* script_retry_ms: wait between them (1000) */
	int allow_raw_images;      /* allow_raw_images = yes|no: unsigned raw images (no) */
	unsigned download_retries; /* download_retries (10) */
	unsigned download_timeout; /* download_timeout: seconds without progress (60) */
	char *modules_dir;         /* modules_dir: update modules (/usr/share/mender/modules/v3) */
} vg_agent_config;

/* Parse config text; errors read "line N: ...".  Free with _free(). */
int vg_agent_config_parse(vg_agent_config *cfg, const char *text, size_t len);
int vg_agent_config_load(vg_agent_config *cfg, const char *path);
void vg_agent_config_free(vg_agent_config *cfg);

/* ---- the persisted record (<state_dir>/state) ---- */

typedef enum vg_agent_state {
	VG_AGENT_IDLE,
	VG_AGENT_DOWNLOAD,        /* writing the inactive slot */
	VG_AGENT_INSTALL,         /* slot complete and synced; switching the boot env */
	VG_AGENT_REBOOT,          /* env names the new slot on trial; reboot pending */
	VG_AGENT_VERIFY,          /* running the new slot; health check */
	VG_AGENT_COMMIT,          /* making the new slot permanent */
	VG_AGENT_ROLLBACK,        /* switching the env back to the old slot */
	VG_AGENT_ROLLBACK_REBOOT, /* env names the old slot; reboot pending */
	VG_AGENT_FAILURE          /* update failed, old slot running; failure scripts */
} vg_agent_state;

#define VG_AGENT_NAME_MAX 255
#define VG_AGENT_ERROR_MAX 511

/* An update module's answer to NeedsArtifactReboot. */
typedef enum vg_module_reboot {
	VG_MODULE_REBOOT_NO,       /* "No" or nothing: commit without a reboot */
	VG_MODULE_REBOOT_YES,      /* "Yes": the module's ArtifactReboot reboots */
	VG_MODULE_REBOOT_AUTOMATIC /* "Automatic": the agent reboots (reboot_command or exit 10) */
} vg_module_reboot;

typedef struct vg_agent_record {
	vg_agent_state state;
	int target;                              /* slot being installed: 0 = A, 1 = B */
	char artifact[VG_AGENT_NAME_MAX + 1];    /* name of the update in progress */
	char sha256[65];                         /* of the bytes written to the slot */
	uint64_t size;
	char current[VG_AGENT_NAME_MAX + 1];     /* last committed artifact */
	char error[VG_AGENT_ERROR_MAX + 1];      /* why the last update failed */
	/*
	 * Anti-rollback ratchet: the highest security version ever committed.
	 * Raised only by the atomic record write that completes a commit, so
	 * after a power cut it is the old or the new value, never ahead of the
	 * committed slot.  Artifacts below it are refused before any byte is
	 * written.
	 */
	uint64_t security_version;
	uint64_t artifact_security_version;      /* of the update in progress */
	/*
	 * A module-image update: the payload type, which names the update module
	 * ("" for rootfs-image), and the module's answers to SupportsRollback
	 * and NeedsArtifactReboot.  For a module update `sha256` is set once the
	 * files are stored (the SHA-256 of their "<sha256>  <name>\n" lines), so
	 * a failure record with it has reached ArtifactInstall.
	 */
	char module[VG_AGENT_NAME_MAX + 1];
	int module_rollback;
	vg_module_reboot module_reboot;
} vg_agent_record;

const char *vg_agent_state_name(vg_agent_state s);
int vg_agent_record_parse(vg_agent_record *r, const char *text, size_t len);
int vg_agent_record_format(const vg_agent_record *r, vg_buf *out);

/* ---- the state machine ---- */

/* Boot environment variables (all backends; docs/agent.md). */
#define VG_BOOTVAR_SLOT "vigil_slot"          /* "A" or "B": the slot to boot */
#define VG_BOOTVAR_UPGRADE "upgrade_available" /* "1": vigil_slot is on trial */
#define VG_BOOTVAR_COUNT "bootcount"          /* trial boots so far */
#define VG_BOOTVAR_LIMIT "bootlimit"          /* trial boots allowed */

typedef enum vg_agent_outcome {
	VG_AGENT_NOTHING,      /* nothing was pending */
	VG_AGENT_NEED_REBOOT,  /* reboot to continue (reboot_command unset) */
	VG_AGENT_COMMITTED,    /* the new slot is permanent */
	VG_AGENT_ROLLED_BACK   /* the update failed; the old slot is kept (record.error) */
} vg_agent_outcome;

typedef struct vg_agent vg_agent;

/* Called at each transition: state is Mender's name ("Download"), phase
 * "Enter", "Leave", "Error", or "Persisted"/"EnvCommitted" after a write. */
typedef void (*vg_agent_event_fn)(void *ctx, const char *state, const char *phase);
/* What a fetch reports about the payload it delivered. */
typedef struct vg_agent_fetched {
	char name[VG_AGENT_NAME_MAX + 1]; /* the artifact's name */
	uint64_t security_version;        /* vigil.security_version (0 when absent) */
} vg_agent_fetched;

/*
 * Push the payload files into sink, as vg_artifact_read() does: begin() with
 * the verified header (info NULL for a raw image, which is a rootfs image),
 * write() the bytes, end() once the file's hash matched; and describe the
 * artifact in *out.  The agent decides at the first begin() where the bytes
 * go: a rootfs-image (one file) into the inactive slot, any other payload
 * type to the update module of that name.  An artifact whose security
 * version is below min_security_version (the device's ratchet) must be
 * refused with VG_EVERIFY before the first begin()
 * (vg_artifact_policy.min_security_version does exactly that); the agent
 * checks out->security_version again and never arms a lower one.
 */
typedef int (*vg_agent_fetch_fn)(void *ctx, uint64_t min_security_version, const vg_artifact_sink *sink,
				 vg_agent_fetched *out);

/*
 * Lock the state directory, read the record (a corrupt record is moved to
 * "state.corrupt" and rebuilt from the boot environment: an update on trial
 * is rolled back) and open the boot environment.  Nothing else happens.
 * `cfg` must outlive the agent.
 */
int vg_agent_open(vg_agent **out, const vg_agent_config *cfg);
void vg_agent_set_observer(vg_agent *a, vg_agent_event_fn fn, void *ctx);
const vg_agent_record *vg_agent_record_get(const vg_agent *a);
/* The slot running now (0 = A, 1 = B), from cfg->cmdline. */
int vg_agent_booted_slot(const vg_agent *a, int *slot);
const vg_bootenv *vg_agent_bootenv(const vg_agent *a);

/* Install into the inactive slot, or through an update module (state must be idle). */
int vg_agent_install(vg_agent *a, vg_agent_fetch_fn fetch, void *ctx, vg_agent_outcome *out);
/* Continue whatever is pending (run at every boot): verify, commit, roll back. */
int vg_agent_resume(vg_agent *a, vg_agent_outcome *out);
/* Health-check and commit the running trial slot (VG_ESTATE if none). */
int vg_agent_commit(vg_agent *a, vg_agent_outcome *out);
/* Abandon the pending update and go back to the old slot (VG_ESTATE if none). */
int vg_agent_rollback(vg_agent *a, vg_agent_outcome *out);
void vg_agent_free(vg_agent *a);

#ifdef __cplusplus
}
#endif
#endif
