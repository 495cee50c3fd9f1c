/*
 * fetch.c - where `vigil-agent install` gets its payload.
 *
 * A location ending in ".mender" is a signed Mender v3 artifact: it is read
 * in one pass by vg_artifact_read(), which checks the signature against the
 * configured public_keys and the device type before the first payload byte,
 * and the payload's hash when it ends (a mismatch fails the install, and the
 * partly written slot is never booted).  Anything else is a raw image, copied
 * as is, and only when the configuration allows unsigned raw images
 * (allow_raw_images = yes: tests, development boards).
 */
#include "agent.h"
#include "vigil/artifact.h"
#include "vigil/error.h"
#include "vigil/sign.h"
#include "vigil/str.h"

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

/* The artifact reader's sink: exactly one payload file, into the slot. */
typedef struct payload {
	const vg_sink *slot;
	size_t files;
	int ended;
} payload;

static int payload_begin(void *ctx, const vg_artifact_info *info, const char *name, uint64_t size)
{
	payload *p = ctx;
	if (p->files++)
		return vg_error_set(VG_EUNSUPPORTED, "payload file %s: only one image per artifact is handled", name);
	return VG_OK;
}

static int payload_write(void *ctx, const void *data, size_t len)
{
	const payload *p = ctx;
	return p->slot->write(p->slot->ctx, data, len);
}

static int payload_end(void *ctx, const char *name)
{
	((payload *)ctx)->ended = 1;
	return VG_OK;
}

static int fetch_artifact(const agent_source *src, const vg_sink *sink, char *name)
{
	const vg_agent_config *cfg = src->cfg;
	vg_keyring keys = VG_KEYRING_INIT;
	int rc = VG_OK;
	if (!cfg->public_keys.count && !cfg->allow_raw_images)
		rc = vg_error_set(VG_EVERIFY, "no public_keys configured: refusing an unverifiable artifact");
	for (size_t i = 0; rc == VG_OK && i < cfg->public_keys.count; i++)
		rc = vg_keyring_load(&keys, cfg->public_keys.items[i]);
	vg_artifact_policy policy = { 0 };
	policy.keys = &keys;
	policy.device_type = cfg->device_type;
	payload p = { sink, 0, 0 };
	vg_artifact_sink asink = { payload_begin, payload_write, payload_end, &p };
	vg_artifact_info *info = NULL;
	if (rc == VG_OK)
		rc = vg_artifact_read_file(src->location, &policy, &asink, &info);
	if (rc == VG_OK && (p.files != 1 || !p.ended))
		rc = vg_error_set(VG_EPARSE, "%s: the artifact has no payload image", src->location);
	if (rc == VG_OK)
		snprintf(name, VG_AGENT_NAME_MAX + 1, "%s", info->name);
	vg_artifact_info_free(info);
	vg_keyring_free(&keys);
	return rc;
}

int agent_fetch(void *ctx, const vg_sink *sink, char name[VG_AGENT_NAME_MAX + 1])
{
	const agent_source *src = ctx;
	vg_sink s = agent_faults_wrap(sink);
	if (vg_str_ends_with(src->location, ".mender"))
		return fetch_artifact(src, &s, name);
	return fetch_raw_file(src, &s, name);
}
