/*
 * fetch.c - where `vigil-agent install` gets its payload.
 *
 * A local raw image is copied as is, and only when the configuration allows
 * unsigned raw images (allow_raw_images = yes: tests, development boards).
 */
#include "agent.h"
#include "vigil/error.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int copy_fd(int fd, const char *path, const vg_sink *sink)
{
	static char buf[64 * 1024];
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return vg_error_set(VG_EIO, "%s: read failed: %s", path, strerror(errno));
		if (n == 0)
			return VG_OK;
		int rc = sink->write(sink->ctx, buf, (size_t)n);
		if (rc)
			return rc;
	}
}

static int fetch_raw_file(const agent_source *src, const vg_sink *sink, char *name)
{
	if (!src->cfg->allow_raw_images)
		return vg_error_set(VG_EVERIFY, "%s: not a signed artifact and allow_raw_images is off",
				    src->location);
	int fd = open(src->location, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return vg_error_set(VG_EIO, "%s: %s", src->location, strerror(errno));
	int rc = copy_fd(fd, src->location, sink);
	close(fd);
	const char *base = strrchr(src->location, '/');
	snprintf(name, VG_AGENT_NAME_MAX + 1, "%s", base ? base + 1 : src->location);
	return rc;
}

int agent_fetch(void *ctx, const vg_sink *sink, char name[VG_AGENT_NAME_MAX + 1])
{
	const agent_source *src = ctx;
	vg_sink s = agent_faults_wrap(sink);
	return fetch_raw_file(src, &s, name);
}
