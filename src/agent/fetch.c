/*
 * fetch.c - where `vigil-agent install` gets its payload.
 *
 * An http:// or https:// URL, or a file name ending in ".mender", is a signed
 * Mender v3 artifact: it is read in one pass by vg_artifact_read(), which
 * checks the signature against the configured public_keys, the device type
 * and the security version (anti-rollback: not below the device's) before
 * the first payload byte, and the payload's hash when it ends (a mismatch
 * fails the install, and the partly written slot is never booted).  The
 * payload files go to the agent's sink as they are: the agent puts a
 * rootfs-image into the slot and hands any other type to its update module.  A URL is
 * streamed through vg_download (Range resume, retries; vigil/download.h):
 * download, verification and slot write are one pass.  Any other file is a
 * raw image, copied as is, and only when the configuration allows unsigned
 * raw images (allow_raw_images = yes: tests, development boards); it has no
 * security version, so it counts as 0.
 */
#include "agent.h"
#include "vigil/artifact.h"
#include "vigil/download.h"
#include "vigil/error.h"
#include "vigil/sign.h"
#include "vigil/str.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int copy_fd(int fd, const char *path, const vg_artifact_sink *sink)
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

static int fetch_raw_file(const agent_source *src, uint64_t min_sv, const vg_artifact_sink *sink,
			  vg_agent_fetched *out)
{
	if (!src->cfg->allow_raw_images)
		return vg_error_set(VG_EVERIFY, "%s: not a signed artifact and allow_raw_images is off",
				    src->location);
	if (min_sv)
		return vg_error_set(VG_EVERIFY, "%s: a raw image has no security version and the device's is %llu "
				    "(rollback)", src->location, (unsigned long long)min_sv);
	const char *base = strrchr(src->location, '/');
	base = base ? base + 1 : src->location;
	int fd = open(src->location, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return vg_error_set(VG_EIO, "%s: %s", src->location, strerror(errno));
	/* A raw image is a rootfs image (info NULL), never verified. */
	int rc = sink->begin(sink->ctx, NULL, base, 0);
	if (rc == VG_OK)
		rc = copy_fd(fd, src->location, sink);
	if (rc == VG_OK)
		rc = sink->end(sink->ctx, base);
	close(fd);
	snprintf(out->name, sizeof(out->name), "%s", base);
	out->security_version = 0;
	return rc;
}

/* The artifact's bytes: the file, or the URL through vg_download. */
static int read_artifact(const agent_source *src, const vg_artifact_policy *policy,
			 const vg_artifact_sink *asink, vg_artifact_info **info)
{
	if (!vg_download_is_url(src->location))
		return vg_artifact_read_file(src->location, policy, asink, info);
	vg_download_opts opts = { .retries = src->cfg->download_retries,
				  .timeout = src->cfg->download_timeout };
	vg_download *d = NULL;
	int rc = vg_download_open(&d, src->location, &opts);
	if (rc == VG_OK) {
		vg_artifact_source s = vg_download_source(d);
		rc = vg_artifact_read(&s, policy, asink, info);
		vg_download_get_stats(d, src->stats);
	}
	vg_download_free(d);
	return rc ? vg_error_prefix("%s: ", src->location) : VG_OK;
}

static int fetch_artifact(const agent_source *src, uint64_t min_sv, const vg_artifact_sink *sink,
			  vg_agent_fetched *out)
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
	policy.min_security_version = min_sv;
	vg_artifact_info *info = NULL;
	if (rc == VG_OK)
		rc = read_artifact(src, &policy, sink, &info);
	if (rc == VG_OK) {
		snprintf(out->name, sizeof(out->name), "%s", info->name);
		out->security_version = info->has_security_version ? info->security_version : 0;
	}
	vg_artifact_info_free(info);
	vg_keyring_free(&keys);
	return rc;
}

int agent_fetch(void *ctx, uint64_t min_security_version, const vg_artifact_sink *sink, vg_agent_fetched *out)
{
	const agent_source *src = ctx;
	vg_artifact_sink s = agent_faults_wrap(sink);
	if (vg_download_is_url(src->location) || vg_str_ends_with(src->location, ".mender"))
		return fetch_artifact(src, min_security_version, &s, out);
	return fetch_raw_file(src, min_security_version, &s, out);
}
