/*
 * record.c - the agent's persisted record (<state_dir>/state), vigil/agent.h.
 *
 * Strict "name=value\n" lines (vigil/kv.h): state, target, artifact, sha256,
 * size, current, error, security_version, artifact_security_version, and for
 * a module update module, module_rollback (yes|no), module_reboot
 * (no|yes|automatic).  Lines added later are optional, so an older record
 * still parses (missing numbers are 0); the module lines are written only
 * for a module update, so a rootfs record reads the same as before.  Anything unexpected is an error, so a damaged record
 * is detected and recovered from rather than misread.
 */
#include "vigil/agent.h"
#include "vigil/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const STATE_NAMES[] = {
	"idle", "download", "install", "reboot", "verify", "commit", "rollback", "rollback_reboot", "failure"
};
#define NSTATES (sizeof(STATE_NAMES) / sizeof(STATE_NAMES[0]))
static const char *const REBOOT_NAMES[] = { "no", "yes", "automatic" };

const char *vg_agent_state_name(vg_agent_state s)
{
	return (unsigned)s < NSTATES ? STATE_NAMES[s] : "?";
}

static int copy_str(char *dst, size_t cap, const char *src, const char *name)
{
	size_t n = strlen(src);
	if (n >= cap)
		return vg_error_set(VG_ELIMIT, "%s: longer than %zu bytes", name, cap - 1);
	memcpy(dst, src, n + 1);
	return VG_OK;
}

/* At most 19 digits, so the value always fits. */
static int parse_u64(const char *v, const char *name, const char *what, uint64_t *out)
{
	if (!*v || strspn(v, "0123456789") != strlen(v) || strlen(v) > 19)
		return vg_error_set(VG_EPARSE, "%s: want %s", name, what);
	*out = strtoull(v, NULL, 10);
	return VG_OK;
}

static int parse_field(vg_agent_record *r, const char *name, const char *v, int *have_state)
{
	if (strcmp(name, "state") == 0) {
		for (size_t i = 0; i < NSTATES; i++)
			if (strcmp(v, STATE_NAMES[i]) == 0) {
				r->state = (vg_agent_state)i;
				*have_state = 1;
				return VG_OK;
			}
		return vg_error_set(VG_EPARSE, "state: unknown state '%.32s'", v);
	}
	if (strcmp(name, "target") == 0) {
		if (strcmp(v, "A") && strcmp(v, "B"))
			return vg_error_set(VG_EPARSE, "target: want A or B");
		r->target = v[0] - 'A';
		return VG_OK;
	}
	if (strcmp(name, "sha256") == 0) {
		if (*v && (strlen(v) != 64 || strspn(v, "0123456789abcdef") != 64))
			return vg_error_set(VG_EPARSE, "sha256: want 64 lower-case hex digits");
		return copy_str(r->sha256, sizeof(r->sha256), v, name);
	}
	if (strcmp(name, "size") == 0)
		return parse_u64(v, name, "a byte count", &r->size);
	if (strcmp(name, "security_version") == 0)
		return parse_u64(v, name, "a decimal number", &r->security_version);
	if (strcmp(name, "artifact_security_version") == 0)
		return parse_u64(v, name, "a decimal number", &r->artifact_security_version);
	if (strcmp(name, "artifact") == 0)
		return copy_str(r->artifact, sizeof(r->artifact), v, name);
	if (strcmp(name, "current") == 0)
		return copy_str(r->current, sizeof(r->current), v, name);
	if (strcmp(name, "error") == 0)
		return copy_str(r->error, sizeof(r->error), v, name);
	if (strcmp(name, "module") == 0)
		return copy_str(r->module, sizeof(r->module), v, name);
	if (strcmp(name, "module_rollback") == 0) {
		if (strcmp(v, "yes") && strcmp(v, "no"))
			return vg_error_set(VG_EPARSE, "module_rollback: want yes or no");
		r->module_rollback = v[0] == 'y';
		return VG_OK;
	}
	if (strcmp(name, "module_reboot") == 0) {
		for (size_t i = 0; i < 3; i++)
			if (strcmp(v, REBOOT_NAMES[i]) == 0) {
				r->module_reboot = (vg_module_reboot)i;
				return VG_OK;
			}
		return vg_error_set(VG_EPARSE, "module_reboot: want no, yes or automatic");
	}
	return vg_error_set(VG_EPARSE, "unknown field '%s'", name);
}

int vg_agent_record_parse(vg_agent_record *r, const char *text, size_t len)
{
	vg_kvlist kv = VG_KVLIST_INIT;
	memset(r, 0, sizeof(*r));
	int rc = vg_kv_parse(&kv, text, len, 0);
	int have_state = 0;
	for (size_t i = 0; rc == VG_OK && i < kv.count; i++) {
		rc = parse_field(r, kv.items[i].name, kv.items[i].value, &have_state);
		if (rc)
			vg_error_prefix("line %zu: ", i + 1);
	}
	if (rc == VG_OK && !have_state)
		rc = vg_error_set(VG_EPARSE, "no 'state' line");
	if (rc == VG_OK && r->state != VG_AGENT_IDLE && !vg_kv_get(&kv, "target"))
		rc = vg_error_set(VG_EPARSE, "state %s without 'target'", STATE_NAMES[r->state]);
	if (rc == VG_OK && r->state >= VG_AGENT_INSTALL && r->state <= VG_AGENT_COMMIT && !r->sha256[0])
		rc = vg_error_set(VG_EPARSE, "state %s without the written image's sha256",
				  STATE_NAMES[r->state]);
	if (rc == VG_OK && !r->module[0] && (vg_kv_get(&kv, "module_rollback") || vg_kv_get(&kv, "module_reboot")))
		rc = vg_error_set(VG_EPARSE, "module_rollback or module_reboot without a 'module'");
	vg_kv_free(&kv);
	if (rc)
		memset(r, 0, sizeof(*r));
	return rc;
}

int vg_agent_record_format(const vg_agent_record *r, vg_buf *out)
{
	int rc = vg_buf_printf(out, "state=%s\ntarget=%c\nartifact=%s\nsha256=%s\nsize=%llu\ncurrent=%s\nerror=%s\n"
			     "security_version=%llu\nartifact_security_version=%llu\n",
			     vg_agent_state_name(r->state), 'A' + r->target, r->artifact, r->sha256,
			     (unsigned long long)r->size, r->current, r->error,
			     (unsigned long long)r->security_version,
			     (unsigned long long)r->artifact_security_version);
	if (rc == VG_OK && r->module[0])
		rc = vg_buf_printf(out, "module=%s\nmodule_rollback=%s\nmodule_reboot=%s\n", r->module,
				   r->module_rollback ? "yes" : "no", REBOOT_NAMES[r->module_reboot % 3]);
	return rc;
}
