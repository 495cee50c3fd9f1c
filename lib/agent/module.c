/*
 * module.c - Mender Update Module protocol v3: the File API tree and the
 * module calls (agent_impl.h, docs/agent.md).
 *
 * The tree, <state_dir>/module, is what the module is given as its second
 * argument (an absolute path) and its working directory:
 *
 *   version                 "3"
 *   current_artifact_name   the committed artifact (record.current)
 *   current_artifact_group  "" (the agent keeps no groups)
 *   current_device_type     device_type from agent.conf
 *   header/                 artifact_name, artifact_group, payload_type,
 *                           header-info, type-info, meta-data (the JSON)
 *   files/                  the payload files, stored and verified by the agent
 *   tmp/                    empty, for the module
 *
 * A module is run with standard input from /dev/null; its standard output
 * is read for the answers to queries (first line), the tail of its standard
 * error is kept for the error message when it fails.  Neither is printed:
 * the library never prints.
 */
#include "agent_impl.h"
#include "vigil/buf.h"
#include "vigil/error.h"
#include "vigil/file.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <poll.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#define TAIL_MAX 300 /* bytes of a failing module's stderr in the message */

int vg_module_tree_path(const vg_agent_config *cfg, vg_buf *out)
{
	return vg_buf_printf(out, "%s/module", cfg->state_dir);
}

/* A payload type names a file in modules_dir: one printable ASCII component. */
static int type_ok(const char *type)
{
	if (!*type || !strcmp(type, ".") || !strcmp(type, ".."))
		return 0;
	for (const char *p = type; *p; p++)
		if (*p <= ' ' || *p > '~' || *p == '/')
			return 0;
	return 1;
}

static int module_path(const vg_agent_config *cfg, const char *type, vg_buf *out)
{
	if (!type_ok(type))
		return vg_error_set(VG_EUNSUPPORTED, "payload type '%.64s' cannot name an update module", type);
	return vg_buf_printf(out, "%s/%s", cfg->modules_dir, type);
}

int vg_module_check(const vg_agent_config *cfg, const char *type)
{
	vg_buf p = VG_BUF_INIT;
	struct stat st;
	const char *why = NULL;
	int rc = module_path(cfg, type, &p);
	if (rc == VG_OK && stat(p.ptr, &st) != 0)
		why = strerror(errno);
	else if (rc == VG_OK && (!S_ISREG(st.st_mode) || access(p.ptr, X_OK) != 0))
		why = "not an executable file";
	if (why)
		rc = vg_error_set(VG_EUNSUPPORTED, "no update module for payload type '%s' (%s: %s)", type, p.ptr, why);
	vg_buf_free(&p);
	return rc;
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path) != 0 && errno != ENOENT ? -1 : 0;
}

int vg_module_tree_remove(const vg_agent_config *cfg)
{
	vg_buf p = VG_BUF_INIT;
	int rc = vg_module_tree_path(cfg, &p);
	if (rc == VG_OK && nftw(p.ptr, remove_one, 16, FTW_DEPTH | FTW_PHYS) != 0 && errno != ENOENT)
		rc = vg_error_set(VG_EIO, "%s: cannot remove: %s", p.ptr, strerror(errno));
	vg_buf_free(&p);
	return rc;
}

/* Write `text` (plus "\n" when nl) to <dir>/<name>. */
static int put(const char *dir, const char *name, const char *text, int nl)
{
	vg_buf path = VG_BUF_INIT, data = VG_BUF_INIT;
	int rc = vg_buf_printf(&path, "%s/%s", dir, name);
	if (rc == VG_OK)
		rc = vg_buf_printf(&data, "%s%s", text, nl && *text ? "\n" : "");
	if (rc == VG_OK)
		rc = vg_file_write_atomic(path.ptr, data.ptr ? data.ptr : "", data.len);
	vg_buf_free(&path);
	vg_buf_free(&data);
	return rc;
}

static int put_json(const char *dir, const char *name, const json_t *j)
{
	char *s = j ? json_dumps(j, JSON_COMPACT) : NULL;
	int rc = s ? put(dir, name, s, 0) : vg_error_set(VG_ENOMEM, "out of memory");
	free(s);
	return rc;
}

static int make_dir(const char *path)
{
	if (mkdir(path, 0700) != 0 && errno != EEXIST)
		return vg_error_set(VG_EIO, "%s: cannot create: %s", path, strerror(errno));
	return VG_OK;
}

int vg_module_tree_create(const vg_agent_config *cfg, const vg_agent_record *rec, const vg_artifact_info *info)
{
	vg_buf d = VG_BUF_INIT, h = VG_BUF_INIT, sub = VG_BUF_INIT;
	int rc = vg_module_tree_remove(cfg);
	if (rc == VG_OK)
		rc = vg_module_tree_path(cfg, &d);
	if (rc == VG_OK)
		rc = make_dir(d.ptr);
	if (rc == VG_OK)
		rc = vg_buf_printf(&h, "%s/header", d.ptr);
	if (rc == VG_OK)
		rc = make_dir(h.ptr);
	if (rc == VG_OK)
		rc = vg_buf_printf(&sub, "%s/files", d.ptr);
	if (rc == VG_OK)
		rc = make_dir(sub.ptr);
	vg_buf_clear(&sub);
	if (rc == VG_OK)
		rc = vg_buf_printf(&sub, "%s/tmp", d.ptr);
	if (rc == VG_OK)
		rc = make_dir(sub.ptr);
	if (rc == VG_OK && !(rc = put(d.ptr, "version", "3", 1)) &&
	    !(rc = put(d.ptr, "current_artifact_name", rec->current, 1)) &&
	    !(rc = put(d.ptr, "current_artifact_group", "", 1)) &&
	    !(rc = put(d.ptr, "current_device_type", cfg->device_type, 1)) &&
	    !(rc = put(h.ptr, "artifact_name", info->name, 0)) &&
	    !(rc = put(h.ptr, "artifact_group", info->group ? info->group : "", 0)) &&
	    !(rc = put(h.ptr, "payload_type", info->payload_type, 0)) &&
	    !(rc = put_json(h.ptr, "header-info", info->header_info)) &&
	    !(rc = put_json(h.ptr, "type-info", info->type_info)))
		rc = put_json(h.ptr, "meta-data", info->meta_data);
	vg_buf_free(&d);
	vg_buf_free(&h);
	vg_buf_free(&sub);
	return rc;
}

static int sync_dir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc = fd < 0 || fsync(fd) != 0 ? vg_error_set(VG_EIO, "%s: fsync failed: %s", path, strerror(errno)) : VG_OK;
	if (fd >= 0)
		close(fd);
	return rc;
}

int vg_module_tree_sync(const vg_agent_config *cfg)
{
	vg_buf d = VG_BUF_INIT;
	int rc = vg_module_tree_path(cfg, &d);
	if (rc == VG_OK)
		rc = sync_dir(d.ptr);
	if (rc == VG_OK)
		rc = vg_buf_puts(&d, "/files");
	if (rc == VG_OK)
		rc = sync_dir(d.ptr);
	vg_buf_free(&d);
	return rc;
}

/* ---- running the module ---- */

typedef struct capture {
	char *out;               /* first `cap` - 1 bytes of stdout */
	size_t cap, out_len;
	char tail[TAIL_MAX];     /* last bytes of stderr (a ring) */
	size_t tail_len, tail_pos;
} capture;

static void keep(capture *c, int which, const char *buf, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (which == 1) {
			if (c->out && c->out_len + 1 < c->cap)
				c->out[c->out_len++] = buf[i];
			continue;
		}
		c->tail[c->tail_pos] = buf[i];
		c->tail_pos = (c->tail_pos + 1) % TAIL_MAX;
		if (c->tail_len < TAIL_MAX)
			c->tail_len++;
	}
}

/* Read both pipes until both are closed (poll, so neither can fill up and block the module). */
static void drain(int out_fd, int err_fd, capture *c)
{
	struct pollfd p[2] = { { out_fd, POLLIN, 0 }, { err_fd, POLLIN, 0 } };
	char buf[4096];
	int open_fds = 2;
	while (open_fds) {
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (int i = 0; i < 2; i++) {
			if (p[i].fd < 0 || !p[i].revents)
				continue;
			ssize_t n = read(p[i].fd, buf, sizeof(buf));
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0) {
				p[i].fd = -1;
				open_fds--;
			} else {
				keep(c, i + 1, buf, (size_t)n);
			}
		}
	}
}

/* The stderr tail as one printable ASCII line (it ends up in the state record). */
static void tail_text(const capture *c, char *out, size_t cap)
{
	size_t start = (c->tail_pos + TAIL_MAX - c->tail_len) % TAIL_MAX, n = 0;
	for (size_t i = 0; i < c->tail_len && n + 1 < cap; i++) {
		char ch = c->tail[(start + i) % TAIL_MAX];
		if (ch == '\n' || ch == '\t' || ch == '\r')
			ch = ' ';
		out[n++] = ch >= ' ' && ch <= '~' ? ch : '?';
	}
	while (n && out[n - 1] == ' ')
		n--;
	out[n] = '\0';
}

static int spawn_captured(char *const argv[], const char *dir, capture *c, int *status)
{
	int out[2] = { -1, -1 }, err[2] = { -1, -1 };
	posix_spawn_file_actions_t fa;
	pid_t pid;
	if (pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0) {
		int e = errno;
		for (int i = 0; i < 2; i++) {
			if (out[i] >= 0)
				close(out[i]);
			if (err[i] >= 0)
				close(err[i]);
		}
		return vg_error_set(VG_EIO, "pipe: %s", strerror(e));
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, out[1], 1);
	posix_spawn_file_actions_adddup2(&fa, err[1], 2);
	posix_spawn_file_actions_addchdir_np(&fa, dir);
	int rc = posix_spawn(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(out[1]);
	close(err[1]);
	if (rc == 0)
		drain(out[0], err[0], c);
	close(out[0]);
	close(err[0]);
	if (rc != 0)
		return vg_error_set(VG_EIO, "%s: cannot run: %s", argv[0], strerror(rc));
	int ws;
	while (waitpid(pid, &ws, 0) < 0)
		if (errno != EINTR)
			return vg_error_set(VG_EIO, "%s: waitpid: %s", argv[0], strerror(errno));
	*status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
	return VG_OK;
}

int vg_module_run(const vg_agent_config *cfg, const char *type, const char *state, char *answer, size_t cap)
{
	vg_buf path = VG_BUF_INIT, tree = VG_BUF_INIT;
	char abs[PATH_MAX];
	capture c = { answer, cap, 0, { 0 }, 0, 0 };
	int status = 0;
	int rc = module_path(cfg, type, &path);
	if (rc == VG_OK)
		rc = vg_module_tree_path(cfg, &tree);
	if (rc == VG_OK && !realpath(tree.ptr, abs))
		rc = vg_error_set(VG_EIO, "%s: %s", tree.ptr, strerror(errno));
	if (rc == VG_OK) {
		char *argv[] = { path.ptr, (char *)state, abs, NULL };
		rc = spawn_captured(argv, abs, &c, &status);
	}
	if (answer && cap) {
		answer[c.out_len] = '\0';
		answer[strcspn(answer, "\r\n")] = '\0';
	}
	if (rc == VG_OK && status != 0) {
		char tail[TAIL_MAX + 1];
		tail_text(&c, tail, sizeof(tail));
		rc = vg_error_set(VG_ERROR, "update module %s: %s exited with %d%s%s", type, state, status,
				  *tail ? ": " : "", tail);
	}
	vg_buf_free(&path);
	vg_buf_free(&tree);
	return rc;
}
