/*
 * thread.c - the spare thread behind vg_thread_start() (see vigil/thread.h).
 *
 * The process has at most one spare thread, started on first use and never
 * joined.  It takes one job at a time from the `job` slot.  Between jobs it
 * spins for SPIN_NS, polling the slot, before it sleeps on a condition
 * variable: a sleeping thread lets its CPU sleep too, and on the virtual
 * machines vigil is measured on, waking that CPU again took 1.3 to 2.8 ms,
 * at each of the three or four hand-offs of a 10,000-component scan.  A job
 * that finds the spare thread busy gets a thread of its own, so jobs may
 * start jobs.  With one CPU there is nothing to keep awake, and spinning
 * would only take that CPU from the thread with the work, so nobody spins.
 *
 * Every state change happens under `lock`; the spinning only reads.
 */
#include "vigil/thread.h"
#include "vigil/error.h"

#include <errno.h>
#include <sched.h>
#include <string.h>
#include <time.h>

/* How long a thread stays awake for the next job or the end of a job:
 * longer than the gaps between a scan's hand-offs (up to ~4 ms). */
#define SPIN_NS 5000000L

enum spare_state { SPARE_ABSENT, SPARE_IDLE, SPARE_BUSY };

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t job_posted = PTHREAD_COND_INITIALIZER;
static pthread_cond_t job_done = PTHREAD_COND_INITIALIZER;
static enum spare_state spare = SPARE_ABSENT;
static _Atomic(vg_thread *) job; /* posted, not yet taken by the spare thread */
static pthread_once_t once = PTHREAD_ONCE_INIT;
static bool may_spin;

static void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#elif defined(__aarch64__)
	__asm__ __volatile__("yield");
#endif
}

static long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000L + ts.tv_nsec;
}

/* Spin until ready(arg) or SPIN_NS have passed; whether it became ready. */
static bool spin_until(bool (*ready)(void *), void *arg)
{
	long until;
	unsigned i;

	if (!may_spin)
		return ready(arg);
	until = now_ns() + SPIN_NS;
	for (;;) {
		for (i = 0; i < 64; i++) {
			if (ready(arg))
				return true;
			cpu_relax();
		}
		if (now_ns() > until)
			return false;
	}
}

static bool job_waiting(void *unused)
{
	(void)unused;
	return atomic_load_explicit(&job, memory_order_acquire) != NULL;
}

static bool job_finished(void *t)
{
	return atomic_load_explicit(&((vg_thread *)t)->done, memory_order_acquire);
}

static vg_thread *take_job(void)
{
	vg_thread *t;

	spin_until(job_waiting, NULL);
	pthread_mutex_lock(&lock);
	while (!(t = atomic_load(&job)))
		pthread_cond_wait(&job_posted, &lock);
	atomic_store(&job, NULL);
	pthread_mutex_unlock(&lock);
	return t;
}

static void *spare_main(void *unused)
{
	vg_thread *t;

	(void)unused;
	for (;;) {
		t = take_job();
		vg_error_clear();
		t->fn(t->arg);
		pthread_mutex_lock(&lock);
		spare = SPARE_IDLE;
		atomic_store(&t->done, true); /* from here on t is the caller's again */
		pthread_cond_broadcast(&job_done);
		pthread_mutex_unlock(&lock);
	}
	return NULL;
}

static void *own_main(void *arg)
{
	vg_thread *t = arg;

	t->fn(t->arg);
	return NULL;
}

/* A child process has only the thread that forked: no spare thread, and the
 * lock the parent held across fork() to keep this state whole. */
static void before_fork(void)
{
	pthread_mutex_lock(&lock);
}

static void after_fork_parent(void)
{
	pthread_mutex_unlock(&lock);
}

static void after_fork_child(void)
{
	spare = SPARE_ABSENT;
	atomic_store(&job, NULL);
	pthread_mutex_unlock(&lock);
}

static void init(void)
{
	cpu_set_t cpus;

	may_spin = sched_getaffinity(0, sizeof(cpus), &cpus) == 0 && CPU_COUNT(&cpus) > 1;
	pthread_atfork(before_fork, after_fork_parent, after_fork_child);
}

/* Called with the lock held. */
static void start_spare(void)
{
	pthread_attr_t attr;
	pthread_t thread;

	if (spare != SPARE_ABSENT || pthread_attr_init(&attr) != 0)
		return;
	if (pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED) == 0 &&
	    pthread_create(&thread, &attr, spare_main, NULL) == 0)
		spare = SPARE_IDLE;
	pthread_attr_destroy(&attr);
}

void vg_thread_warm(void)
{
	pthread_once(&once, init);
	pthread_mutex_lock(&lock);
	start_spare();
	pthread_mutex_unlock(&lock);
}

int vg_thread_start(vg_thread *t, void (*fn)(void *arg), void *arg)
{
	int err;

	t->fn = fn;
	t->arg = arg;
	t->on_spare = false;
	atomic_init(&t->done, false);
	pthread_once(&once, init);
	pthread_mutex_lock(&lock);
	start_spare();
	if (spare == SPARE_IDLE) {
		spare = SPARE_BUSY;
		t->on_spare = true;
		atomic_store(&job, t);
		pthread_cond_signal(&job_posted);
	}
	pthread_mutex_unlock(&lock);
	if (t->on_spare)
		return VG_OK;
	err = pthread_create(&t->own, NULL, own_main, t);
	if (err)
		return vg_error_set(VG_EIO, "cannot start a thread: %s", strerror(err));
	return VG_OK;
}

void vg_thread_join(vg_thread *t)
{
	if (!t->on_spare) {
		pthread_join(t->own, NULL);
		return;
	}
	if (spin_until(job_finished, t))
		return;
	pthread_mutex_lock(&lock);
	while (!atomic_load(&t->done))
		pthread_cond_wait(&job_done, &lock);
	pthread_mutex_unlock(&lock);
}
