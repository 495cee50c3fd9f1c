/*
 * bootenv.c - one interface over the bootloader environment backends
 * (vigil/bootenv.h).  Variables live in memory as a vg_kvlist; each backend
 * only loads and stores the whole set.  FILE and GRUB are done here; U-Boot
 * is in uboot.c.
 */
#include "bootenv_impl.h"
#include "vigil/error.h"
#include "vigil/file.h"
#include "vigil/str.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *const KIND_NAMES[] = { "file", "grub", "uboot" };

int vg_bootenv_kind_parse(const char *name, vg_bootenv_kind *out)
{
	for (size_t i = 0; i < sizeof(KIND_NAMES) / sizeof(KIND_NAMES[0]); i++) {
		if (strcmp(name, KIND_NAMES[i]) == 0) {
			*out = (vg_bootenv_kind)i;
			return VG_OK;
		}
	}
	return vg_error_set(VG_EINVAL, "unknown bootloader '%.64s' (want file, grub or uboot)", name);
}

const char *vg_bootenv_kind_name(vg_bootenv_kind kind)
{
	return (unsigned)kind < 3 ? KIND_NAMES[kind] : "?";
}

/* Read `path` into vars; a missing file is an empty environment. */
static int load_text(vg_bootenv *env)
{
	struct stat st;
	if (stat(env->path, &st) != 0 && errno == ENOENT)
		return VG_OK;
	char *data = NULL;
	size_t len = 0;
	int rc = vg_file_read(env->path, 64 * 1024, &data, &len);
	if (rc == VG_OK) {
		rc = env->kind == VG_BOOTENV_GRUB ? vg_grubenv_parse(&env->vars, data, len)
						  : vg_kv_parse(&env->vars, data, len, 0);
		free(data);
	}
	return rc;
}

static int store_text(vg_bootenv *env)
{
	if (env->kind == VG_BOOTENV_GRUB) {
		char block[VG_GRUBENV_SIZE];
		int rc = vg_grubenv_format(&env->vars, block);
		return rc ? rc : vg_file_write_atomic(env->path, block, sizeof(block));
	}
	vg_buf b = VG_BUF_INIT;
	int rc = vg_kv_format(&env->vars, &b);
	if (rc == VG_OK)
		rc = vg_file_write_atomic(env->path, b.ptr ? b.ptr : "", b.len);
	vg_buf_free(&b);
	return rc;
}

int vg_bootenv_open(vg_bootenv **out, vg_bootenv_kind kind, const char *path)
{
	*out = NULL;
	vg_bootenv *env = calloc(1, sizeof(*env));
	if (!env || !(env->path = vg_strdup(path))) {
		free(env);
		return vg_error_set(VG_ENOMEM, "out of memory");
	}
	env->kind = kind;
	int rc = kind == VG_BOOTENV_UBOOT ? vg_bootenv_uboot_load(env) : load_text(env);
	if (rc) {
		vg_error_prefix("%s: ", path);
		vg_bootenv_free(env);
		return rc;
	}
	*out = env;
	return VG_OK;
}

const char *vg_bootenv_get(const vg_bootenv *env, const char *name)
{
	return vg_kv_get(&env->vars, name);
}

int vg_bootenv_set(vg_bootenv *env, const char *name, const char *value)
{
	const char *old = vg_kv_get(&env->vars, name);
	if ((!old && !value) || (old && value && strcmp(old, value) == 0))
		return VG_OK;
	int rc = vg_kv_set(&env->vars, name, value);
	if (rc == VG_OK)
		env->dirty = 1;
	return rc;
}

int vg_bootenv_commit(vg_bootenv *env)
{
	if (!env->dirty)
		return VG_OK;
	int rc = env->kind == VG_BOOTENV_UBOOT ? vg_bootenv_uboot_store(env) : store_text(env);
	if (rc)
		return vg_error_prefix("%s: ", env->path);
	env->dirty = 0;
	return VG_OK;
}

const vg_kvlist *vg_bootenv_vars(const vg_bootenv *env)
{
	return &env->vars;
}

void vg_bootenv_free(vg_bootenv *env)
{
	if (!env)
		return;
	vg_bootenv_uboot_close(env);
	vg_kv_free(&env->vars);
	free(env->path);
	free(env);
}
