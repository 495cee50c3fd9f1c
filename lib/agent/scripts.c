/*
 * scripts.c - Mender-style state scripts and the health check.
 *
 * A state script is an executable file in scripts_dir named
 * <State>_<Enter|Leave|Error>_<NN>[_<anything>], e.g. Download_Enter_00 or
 * ArtifactCommit_Leave_10_notify.  Scripts of one state and phase run in
 * name order.  Exit 0 is success; exit 21 means "retry later": the script is
 * run again after script_retry_ms, at most script_retries more times; any
 * other exit (or running out of retries) is a failure.
 */
#include "agent_impl.h"
#include "vigil/error.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define RETRY_LATER 21

/* Run argv, wait, return its exit status (128+signal when killed) or < 0. */
int vg_agent_spawn(char *const argv[], int *status)
{
	pid_t pid;
	int rc = posix_spawn(&pid, argv[0], NULL, NULL, argv, environ);
	if (rc != 0)
		return vg_error_set(VG_EIO, "%s: cannot run: %s", argv[0], strerror(rc));
	int ws;
	while (waitpid(pid, &ws, 0) < 0)
		if (errno != EINTR)
			return vg_error_set(VG_EIO, "%s: waitpid: %s", argv[0], strerror(errno));
	*status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
	return VG_OK;
}

static int script_name_ok(const char *name, const char *prefix)
{
	size_t n = strlen(prefix);
	if (strncmp(name, prefix, n) != 0)
		return 0;
	name += n;
	if (!(name[0] >= '0' && name[0] <= '9' && name[1] >= '0' && name[1] <= '9'))
		return 0;
	name += 2;
	if (*name == '\0')
		return 1;
	if (*name != '_' || !name[1])
		return 0;
	for (name++; *name; name++)
		if (*name == ' ' || *name == '\t')
			return 0;
	return 1;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int collect(const char *dir, const char *prefix, vg_strlist *out)
{
	DIR *d = opendir(dir);
	if (!d)
		return errno == ENOENT ? VG_OK : vg_error_set(VG_EIO, "%s: %s", dir, strerror(errno));
	struct dirent *e;
	int rc = VG_OK;
	while (rc == VG_OK && (e = readdir(d)))
		if (script_name_ok(e->d_name, prefix))
			rc = vg_strlist_add(out, e->d_name);
	closedir(d);
	if (out->count)
		qsort(out->items, out->count, sizeof(char *), cmp_names);
	return rc;
}

static void sleep_ms(unsigned ms)
{
	struct timespec ts = { (time_t)(ms / 1000), (long)(ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static int run_one(const vg_agent_config *cfg, const char *path)
{
	char *argv[] = { (char *)path, NULL };
	for (unsigned attempt = 0;; attempt++) {
		int status;
		int rc = vg_agent_spawn(argv, &status);
		if (rc)
			return rc;
		if (status == 0)
			return VG_OK;
		if (status != RETRY_LATER)
			return vg_error_set(VG_ERROR, "state script %s exited with %d", path, status);
		if (attempt >= cfg->script_retries)
			return vg_error_set(VG_ERROR, "state script %s still asks to retry later after %u retries",
					    path, cfg->script_retries);
		sleep_ms(cfg->script_retry_ms);
	}
}

int vg_agent_scripts_run(const vg_agent_config *cfg, const char *state, const char *phase)
{
	if (!cfg->scripts_dir || !*cfg->scripts_dir)
		return VG_OK;
	char prefix[64];
	snprintf(prefix, sizeof(prefix), "%s_%s_", state, phase);
	vg_strlist names = VG_STRLIST_INIT;
	vg_buf path = VG_BUF_INIT;
	int rc = collect(cfg->scripts_dir, prefix, &names);
	for (size_t i = 0; rc == VG_OK && i < names.count; i++) {
		vg_buf_clear(&path);
		rc = vg_buf_printf(&path, "%s/%s", cfg->scripts_dir, names.items[i]);
		if (rc == VG_OK)
			rc = run_one(cfg, path.ptr);
	}
	vg_buf_free(&path);
	vg_strlist_free(&names);
	return rc;
}

int vg_agent_health_check(const vg_agent_config *cfg)
{
	if (!cfg->health_check || !*cfg->health_check)
		return VG_OK;
	char *argv[] = { "/bin/sh", "-c", cfg->health_check, NULL };
	int status;
	int rc = vg_agent_spawn(argv, &status);
	if (rc == VG_OK && status != 0)
		rc = vg_error_set(VG_EVERIFY, "health check '%s' failed (exit %d)", cfg->health_check, status);
	return rc;
}
