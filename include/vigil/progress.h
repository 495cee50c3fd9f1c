/*
 * vigil/progress.h - how long-running library work reports progress.
 *
 * The library never prints.  Functions that take a while (imports, downloads,
 * artifact writes, rootfs scans) accept a vg_progress callback; the programs
 * draw a bar on a terminal and stay quiet in scripts.
 */
#ifndef VIGIL_PROGRESS_H
#define VIGIL_PROGRESS_H

#include <stdint.h>

/*
 * `done` of `total` units of `label` are finished; total 0 means unknown.
 * Called at most a few times a second per operation, and once at the end
 * with done == total.
 */
typedef void (*vg_progress_fn)(void *ctx, uint64_t done, uint64_t total, const char *label);

typedef struct vg_progress {
	vg_progress_fn fn; /* NULL: no reporting */
	void *ctx;
} vg_progress;

#endif
