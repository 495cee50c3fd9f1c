/*
 * gen_opkg.c - the opkg database of OpenWrt (before 24.10) and Yocto ipk images:
 * <dir>/status with <dir>/info/PKG.list, where dir is /usr/lib/opkg or
 * /var/lib/opkg.
 *
 * The status file is dpkg's format (gen_dpkg.c reads both).  purl has no
 * opkg type, and the apk type is defined for Alpine-style databases; so an
 * opkg package is pkg:generic/<ID>/<name>@<version>?arch=...&distro=...,
 * with the os-release ID ("openwrt", "poky") as namespace: generic is the
 * type purl reserves for packages that fit no ecosystem, and the namespace
 * keeps OpenWrt's busybox apart from another build's.  opkg records no file
 * hashes; the file list gives `file` components without hashes.  Licences
 * come from a License field when the build put one in the control data.
 */
#include "gen_internal.h"
#include "vigil/buf.h"
#include "vigil/error.h"

#include <string.h>

int gen_opkg(gen_ctx *g, const char *path, const char *data, size_t len)
{
	gen_debstyle opkg = { "opkg", "generic", "opkg", NULL, false };
	vg_buf info = VG_BUF_INIT;
	const char *slash = g->rel ? strrchr(g->rel, '/') : NULL;
	int rc = VG_OK;

	if (slash)
		rc = vg_buf_printf(&info, "%.*s/info", (int)(slash - g->rel), g->rel);
	opkg.info_dir = info.ptr ? info.ptr : "info";
	if (rc == VG_OK)
		rc = gen_debstyle_status(g, &opkg, path, data, len);
	vg_buf_free(&info);
	return rc;
}
