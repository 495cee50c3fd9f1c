/*
 * vigil/bootenv.h - the bootloader environment, behind one interface.
 *
 * The update agent talks to the bootloader only through a few variables
 * (see docs/agent.md): which slot to boot, whether an upgrade is on trial, and
 * the boot counter.  Three backends store them:
 *
 *   VG_BOOTENV_FILE   a plain "name=value\n" file (tests, custom boot flows)
 *   VG_BOOTENV_GRUB   a GRUB environment block: exactly 1024 bytes, the header
 *                     "# GRUB Environment Block\n", name=value lines, '#' padding
 *                     (what grub-editenv and GRUB's load_env/save_env use)
 *   VG_BOOTENV_UBOOT  the U-Boot environment through libubootenv; `path` is a
 *                     fw_env.config naming one or two (redundant) copies
 *
 * Usage: open (reads the whole environment), get/set in memory, commit.
 * Commit is atomic: FILE and GRUB write a temporary file, fsync and rename;
 * U-Boot writes the inactive redundant copy and flips its flag (libubootenv).
 * A corrupt environment (bad grubenv block, bad CRC in every U-Boot copy)
 * fails open() with VG_EPARSE: the agent then changes nothing.
 */
#ifndef VIGIL_BOOTENV_H
#define VIGIL_BOOTENV_H
#include <stddef.h>
#include "vigil/kv.h"
#ifdef __cplusplus
extern "C" {
#endif

typedef enum vg_bootenv_kind {
	VG_BOOTENV_FILE,
	VG_BOOTENV_GRUB,
	VG_BOOTENV_UBOOT
} vg_bootenv_kind;

typedef struct vg_bootenv vg_bootenv;

/* "file", "grub" or "uboot". */
int vg_bootenv_kind_parse(const char *name, vg_bootenv_kind *out);
const char *vg_bootenv_kind_name(vg_bootenv_kind kind);

/*
 * Open and read the environment.  A missing FILE or GRUB file is an empty
 * environment (created on commit).
 */
int vg_bootenv_open(vg_bootenv **out, vg_bootenv_kind kind, const char *path);
/* The value of `name`, or NULL when unset; valid until the next set/free. */
const char *vg_bootenv_get(const vg_bootenv *env, const char *name);
/* Change a variable in memory (NULL value: remove it). */
int vg_bootenv_set(vg_bootenv *env, const char *name, const char *value);
/* Write all changes atomically.  A no-op when nothing changed. */
int vg_bootenv_commit(vg_bootenv *env);
/* All variables, in storage order. */
const vg_kvlist *vg_bootenv_vars(const vg_bootenv *env);
void vg_bootenv_free(vg_bootenv *env);

/* The GRUB environment block format, exposed for tests and fuzzing. */
#define VG_GRUBENV_SIZE 1024
int vg_grubenv_parse(vg_kvlist *out, const char *data, size_t len);
/* Format into exactly VG_GRUBENV_SIZE bytes; VG_ELIMIT when it does not fit. */
int vg_grubenv_format(const vg_kvlist *vars, char out[VG_GRUBENV_SIZE]);

#ifdef __cplusplus
}
#endif
#endif
