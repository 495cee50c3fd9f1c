/*
 * uboot.c - the U-Boot environment backend, through libubootenv.
 *
 * env->path is a fw_env.config (the format fw_printenv uses: device, offset,
 * size[, sector size, sectors] per line; two lines for a redundant
 * environment).  libubootenv checks each copy's CRC, picks the valid newest
 * one, and on store writes the other copy and then flips the "active" flag,
 * so a power loss leaves one valid copy.  If no copy is valid we refuse to
 * go on: writing a fresh environment over a damaged one could lose the
 * board's boot command.
 */
#include "bootenv_impl.h"
#include "vigil/error.h"

#include <errno.h>
#include <libuboot.h>
#include <string.h>

int vg_bootenv_uboot_load(vg_bootenv *env)
{
	if (libuboot_initialize(&env->uboot, NULL) < 0)
		return vg_error_set(VG_ENOMEM, "cannot initialise libubootenv");
	if (libuboot_read_config(env->uboot, env->path) < 0)
		return vg_error_set(VG_EPARSE, "not a valid fw_env.config");
	int rc = libuboot_open(env->uboot);
	if (rc < 0)
		return vg_error_set(rc == -ENODATA || rc == -EINVAL ? VG_EPARSE : VG_EIO,
				    "no valid U-Boot environment copy (bad CRC or unreadable): %s",
				    strerror(-rc));
	for (void *e = libuboot_iterator(env->uboot, NULL); e; e = libuboot_iterator(env->uboot, e)) {
		const char *name = libuboot_getname(e), *value = libuboot_getvalue(e);
		if (!name || !value)
			continue;
		if (vg_kv_set(&env->vars, name, value) != VG_OK)
			return vg_error_prefix("variable '%.64s': ", name);
	}
	return VG_OK;
}

int vg_bootenv_uboot_store(vg_bootenv *env)
{
	/* Mirror the in-memory set into libubootenv: drop, then set. */
	for (void *e = libuboot_iterator(env->uboot, NULL); e;) {
		const char *name = libuboot_getname(e);
		void *next = libuboot_iterator(env->uboot, e);
		if (name && !vg_kv_get(&env->vars, name) && libuboot_set_env(env->uboot, name, NULL) < 0)
			return vg_error_set(VG_EIO, "cannot remove '%s'", name);
		e = next;
	}
	for (size_t i = 0; i < env->vars.count; i++) {
		const vg_kv *kv = &env->vars.items[i];
		if (libuboot_set_env(env->uboot, kv->name, kv->value) < 0)
			return vg_error_set(VG_EIO, "cannot set '%s'", kv->name);
	}
	int rc = libuboot_env_store(env->uboot);
	if (rc < 0)
		return vg_error_set(VG_EIO, "cannot write the environment: %s", strerror(-rc));
	return VG_OK;
}

void vg_bootenv_uboot_close(vg_bootenv *env)
{
	if (env->uboot) {
		libuboot_close(env->uboot);
		libuboot_exit(env->uboot);
		env->uboot = NULL;
	}
}
