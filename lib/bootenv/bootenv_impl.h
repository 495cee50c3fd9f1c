/*
 * bootenv_impl.h - the bootenv module's private shared state (not public).
 */
#ifndef VG_BOOTENV_IMPL_H
#define VG_BOOTENV_IMPL_H
#include "vigil/bootenv.h"

struct uboot_ctx;

struct vg_bootenv {
	vg_bootenv_kind kind;
	char *path;
	vg_kvlist vars;  /* the whole environment, in storage order */
	int dirty;       /* vars changed since load/commit */
	struct uboot_ctx *uboot;
};

/* U-Boot backend (uboot.c): load all variables, store them, release. */
int vg_bootenv_uboot_load(vg_bootenv *env);
int vg_bootenv_uboot_store(vg_bootenv *env);
void vg_bootenv_uboot_close(vg_bootenv *env);

#endif
