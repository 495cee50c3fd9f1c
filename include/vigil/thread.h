/*
 * vigil/thread.h - work handed to a second thread for a few milliseconds.
 *
 * Reading a large SBOM, scanning it and writing its report each hand half
 * of their work to a second thread and take the other half themselves.  On
 * a virtual machine whose second CPU sleeps, a new thread waits 1 to 3 ms
 * for that CPU to wake, at each of those hand-offs, in a scan whose whole
 * budget is 100 ms.  So the process keeps one spare thread: after a job it
 * stays awake for a few milliseconds, ready for the next one, then sleeps.
 *
 *	vg_thread t;
 *	if (vg_thread_start(&t, second_half, &job) != VG_OK) {
 *		vg_error_clear();
 *		second_half(&job);          (no thread to be had: do it here)
 *	} else {
 *		first_half(...);
 *		vg_thread_join(&t);
 *	}
 *
 * A job runs on the spare thread when it is free, else on a thread of its
 * own; either way it starts with no error recorded on its thread (error.h)
 * and the caller must join it.  Jobs may start jobs.  After fork() the child
 * has no spare thread until it starts a job; a process must not fork while
 * one of its jobs runs.
 */
#ifndef VIGIL_THREAD_H
#define VIGIL_THREAD_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A job started by vg_thread_start(); the caller's until vg_thread_join(). */
typedef struct vg_thread {
	void (*fn)(void *arg);
	void *arg;
	atomic_bool done;  /* set by the spare thread when fn has returned */
	bool on_spare;     /* false: a thread of its own, joined with pthread_join */
	pthread_t own;
} vg_thread;

/* Run fn(arg) on another thread.  VG_OK, or VG_EIO when no thread can be
 * had; then nothing runs and the caller does the work itself. */
int vg_thread_start(vg_thread *t, void (*fn)(void *arg), void *arg);

/* Wait until the job has returned. */
void vg_thread_join(vg_thread *t);

/* A job is coming soon: start the spare thread now, so that it is awake by
 * then (a program that will hand off work calls this as it starts). */
void vg_thread_warm(void);

#ifdef __cplusplus
}
#endif

#endif
