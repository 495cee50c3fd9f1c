/*
 * gen_cpe.c - CPE 2.3 names for well-known C projects found in firmware.
 *
 * Package databases carry no CPE, yet NVD's CVE data is keyed on CPE, and
 * firmware is mostly made of a few dozen C projects.  The table maps the
 * names those projects go by in Debian (source and binary), Buildroot and
 * Yocto to the vendor:product pair NVD uses for them.  The version is the
 * upstream one: a distribution's epoch ("1:") and revision ("-1+deb12u1")
 * are not part of it, nor are repack markers ("+dfsg", "~rc").
 */
#include "gen_internal.h"
#include "vigil/buf.h"
#include "vigil/error.h"
#include "vigil/str.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *name;
	const char *vendor_product;
} table[] = {
	{ "avahi", "avahi:avahi" },
	{ "bash", "gnu:bash" },
	{ "busybox", "busybox:busybox" },
	{ "bzip2", "bzip:bzip2" },
	{ "curl", "haxx:curl" },
	{ "dbus", "freedesktop:dbus" },
	{ "dnsmasq", "thekelleys:dnsmasq" },
	{ "dropbear", "dropbear_ssh_project:dropbear_ssh" },
	{ "e2fsprogs", "e2fsprogs_project:e2fsprogs" },
	{ "expat", "libexpat_project:libexpat" },
	{ "glibc", "gnu:glibc" },
	{ "gnutls", "gnu:gnutls" },
	{ "gnutls28", "gnu:gnutls" },
	{ "hostapd", "w1.fi:hostapd" },
	{ "iptables", "netfilter:iptables" },
	{ "json-c", "json-c_project:json-c" },
	{ "libc6", "gnu:glibc" },
	{ "libcurl", "haxx:curl" },
	{ "libcurl4", "haxx:curl" },
	{ "libexpat", "libexpat_project:libexpat" },
	{ "libexpat1", "libexpat_project:libexpat" },
	{ "libgcrypt", "gnupg:libgcrypt" },
	{ "libgcrypt20", "gnupg:libgcrypt" },
	{ "libjpeg-turbo", "libjpeg-turbo:libjpeg-turbo" },
	{ "libopenssl", "openssl:openssl" },
	{ "libpng", "libpng:libpng" },
	{ "libpng1.6", "libpng:libpng" },
	{ "libssh", "libssh:libssh" },
	{ "libssh2", "libssh2:libssh2" },
	{ "libssl3", "openssl:openssl" },
	{ "libxml2", "xmlsoft:libxml2" },
	{ "libzlib", "zlib:zlib" },
	{ "lighttpd", "lighttpd:lighttpd" },
	{ "linux", "linux:linux_kernel" },
	{ "linux-yocto", "linux:linux_kernel" },
	{ "mbedtls", "arm:mbed_tls" },
	{ "mosquitto", "eclipse:mosquitto" },
	{ "ncurses", "gnu:ncurses" },
	{ "nginx", "f5:nginx" },
	{ "ntp", "ntp:ntp" },
	{ "openssh", "openbsd:openssh" },
	{ "openssl", "openssl:openssl" },
	{ "openvpn", "openvpn:openvpn" },
	{ "pcre2", "pcre:pcre2" },
	{ "sqlite", "sqlite:sqlite" },
	{ "sqlite3", "sqlite:sqlite" },
	{ "sudo", "sudo_project:sudo" },
	{ "systemd", "systemd_project:systemd" },
	{ "tar", "gnu:tar" },
	{ "u-boot", "denx:u-boot" },
	{ "uboot", "denx:u-boot" },
	{ "util-linux", "kernel:util-linux" },
	{ "wget", "gnu:wget" },
	{ "wolfssl", "wolfssl:wolfssl" },
	{ "wpa-supplicant", "w1.fi:wpa_supplicant" },
	{ "wpa_supplicant", "w1.fi:wpa_supplicant" },
	{ "xz", "tukaani:xz" },
	{ "xz-utils", "tukaani:xz" },
	{ "zlib", "zlib:zlib" },
	{ "zlib1g", "zlib:zlib" },
};

static const char *lookup(const char *name)
{
	size_t lo = 0, hi = sizeof(table) / sizeof(table[0]);

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int cmp = strcmp(name, table[mid].name);

		if (!cmp)
			return table[mid].vendor_product;
		if (cmp < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* The upstream part of a version: no epoch, revision or repack suffix. */
static size_t upstream(const char *v, bool distro, const char **start)
{
	const char *colon = strchr(v, ':'), *end, *dfsg;

	if (distro && colon)
		v = colon + 1;
	*start = v;
	end = distro && strrchr(v, '-') ? strrchr(v, '-') : v + strlen(v);
	if (distro) {
		const char *cut = strpbrk(v, "+~");

		if (cut && cut < end)
			end = cut;
		dfsg = strstr(v, ".dfsg");
		if (dfsg && dfsg < end)
			end = dfsg;
	}
	return (size_t)(end - v);
}

int gen_cpe_add(vg_component *c, const char *name, const char *version, bool distro)
{
	const char *vp = name ? lookup(name) : NULL, *v;
	vg_buf b = VG_BUF_INIT;
	size_t i, n;
	int rc;

	if (!vp || c->cpes.count || !version || !*version || !strcmp(version, "custom"))
		return VG_OK;
	n = upstream(version, distro, &v);
	if (!n)
		return VG_OK;
	rc = vg_buf_printf(&b, "cpe:2.3:a:%s:", vp);
	/* CPE 2.3 formatted strings quote everything but [A-Za-z0-9._-]. */
	for (i = 0; i < n && rc == VG_OK; i++) {
		if (!isalnum((unsigned char)v[i]) && !strchr("._-", v[i]))
			rc = vg_buf_putc(&b, '\\');
		if (rc == VG_OK)
			rc = vg_buf_putc(&b, v[i]);
	}
	if (rc == VG_OK)
		rc = vg_buf_puts(&b, ":*:*:*:*:*:*:*");
	if (rc == VG_OK)
		rc = vg_strlist_take(&c->cpes, vg_buf_detach(&b));
	vg_buf_free(&b);
	return rc;
}
