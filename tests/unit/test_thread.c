/* Unit tests: jobs on the spare thread (vigil/thread.h). */
#include "testutil.h"
#include "vigil/error.h"
#include "vigil/thread.h"

#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

typedef struct job {
	pthread_t ran_on;
	int runs;
	long sleep_ns;         /* before returning */
	bool error_at_start;   /* whether an error was recorded when the job began */
	struct job *inner;     /* started and joined from within this job */
	int inner_start;
} job;

static void pause_ns(long ns)
{
	struct timespec ts = { ns / 1000000000L, ns % 1000000000L };

	while (nanosleep(&ts, &ts) != 0)
		;
}

static void run_job(void *arg)
{
	job *j = arg;
	vg_thread t;

	j->ran_on = pthread_self();
	j->runs++;
	j->error_at_start = vg_error_last()->code != VG_OK;
	vg_error_set(VG_EPARSE, "left behind by a job");
	if (j->inner && (j->inner_start = vg_thread_start(&t, run_job, j->inner)) == VG_OK)
		vg_thread_join(&t);
	if (j->sleep_ns)
		pause_ns(j->sleep_ns);
}

static void start_and_join(job *j)
{
	vg_thread t;

	assert_int_equal(vg_thread_start(&t, run_job, j), VG_OK);
	vg_thread_join(&t);
}

/* One job after another runs on the same spare thread, never the caller's,
 * and each starts with no error recorded although the last one left one. */
static void test_jobs_reuse_the_spare_thread(void **state)
{
	job a = { 0 }, b = { 0 };
	int i;

	(void)state;
	vg_thread_warm();
	start_and_join(&a);
	for (i = 0; i < 1000; i++)
		start_and_join(&b);
	assert_int_equal(a.runs, 1);
	assert_int_equal(b.runs, 1000);
	assert_false(pthread_equal(a.ran_on, pthread_self()));
	assert_true(pthread_equal(a.ran_on, b.ran_on));
	assert_false(a.error_at_start);
	assert_false(b.error_at_start);
}

/* A job posted after the spare thread has gone to sleep wakes it; a job that
 * outlasts the caller's spinning is still waited for. */
static void test_sleeping_spare_and_long_jobs(void **state)
{
	job quick = { 0 }, slow = { .sleep_ns = 30000000L };
	int i;

	(void)state;
	for (i = 0; i < 3; i++) {
		start_and_join(&quick);
		pause_ns(20000000L); /* past the spinning: the spare thread sleeps */
	}
	start_and_join(&slow);
	assert_int_equal(quick.runs, 3);
	assert_int_equal(slow.runs, 1);
}

/* While the spare thread is busy, a job gets a thread of its own: both from
 * within a job and from the caller running two jobs at once. */
static void test_busy_spare_gives_own_threads(void **state)
{
	job inner = { 0 }, outer = { .inner = &inner }, first = { .sleep_ns = 5000000L }, second = { 0 };
	vg_thread t1, t2;

	(void)state;
	start_and_join(&outer);
	assert_int_equal(outer.inner_start, VG_OK);
	assert_int_equal(inner.runs, 1);
	assert_false(pthread_equal(inner.ran_on, outer.ran_on));

	assert_int_equal(vg_thread_start(&t1, run_job, &first), VG_OK);
	assert_int_equal(vg_thread_start(&t2, run_job, &second), VG_OK);
	vg_thread_join(&t2);
	vg_thread_join(&t1);
	assert_int_equal(first.runs + second.runs, 2);
	assert_false(pthread_equal(first.ran_on, second.ran_on));
}

/* A child process starts its own spare thread; the parent keeps its own. */
static void test_jobs_after_fork(void **state)
{
	job before = { 0 }, after = { 0 };
	pid_t pid;
	int status;

	(void)state;
	start_and_join(&before);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		job child = { 0 };
		vg_thread t;

		if (vg_thread_start(&t, run_job, &child) != VG_OK)
			_exit(2);
		vg_thread_join(&t);
		_exit(child.runs == 1 && !pthread_equal(child.ran_on, pthread_self()) ? 0 : 1);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	start_and_join(&after);
	assert_true(pthread_equal(before.ran_on, after.ran_on));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_jobs_reuse_the_spare_thread),
		cmocka_unit_test(test_sleeping_spare_and_long_jobs),
		cmocka_unit_test(test_busy_spare_gives_own_threads),
		cmocka_unit_test(test_jobs_after_fork),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
