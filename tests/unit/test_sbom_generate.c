/*
 * test_sbom_generate.c - SBOM generation from package databases: each source
 * over a hand-written fake rootfs (tests/data/rootfs-*), the licence and CPE
 * mapping, and hostile inputs that must fail naming the file and line.
 */
#include "testutil.h"
#include "sbom/gen_internal.h"
#include "vigil/error.h"
#include "vigil/file.h"
#include "vigil/sbom_generate.h"
#include "vigil/str.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static vg_sbom *rootfs(const char *name, bool files)
{
	vg_generate_options o = VG_GENERATE_OPTIONS_INIT;
	char dir[4096];
	vg_sbom *s = NULL;

	o.include_files = files;
	snprintf(dir, sizeof(dir), "%s", vg_test_source(name));
	if (vg_sbom_generate_rootfs(dir, &o, &s) != VG_OK)
		fail_msg("%s: %s", name, vg_error_message());
	return s;
}

static vg_component *by_name(const vg_sbom *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->component_count; i++)
		if (s->components[i]->type != VG_COMPONENT_FILE &&
		    !strcmp(s->components[i]->name, name))
			return s->components[i];
	fail_msg("no component %s", name);
	return NULL;
}

static bool depends(const vg_sbom *s, const char *from, const char *to)
{
	return vg_strlist_contains(&by_name(s, from)->depends_on, by_name(s, to)->ref);
}

static size_t count_type(const vg_sbom *s, vg_component_type t)
{
	size_t i, n = 0;

	for (i = 0; i < s->component_count; i++)
		n += s->components[i]->type == t;
	return n;
}

static void test_dpkg_rootfs(void **state)
{
	vg_sbom *s = rootfs("tests/data/rootfs-dpkg", false);
	vg_component *c;

	(void)state;
	/* 10 installed (the deinstall-but-installed exim too), not the removed one. */
	assert_int_equal(s->component_count, 10);
	assert_int_equal(count_type(s, VG_COMPONENT_FILE), 0);
	c = by_name(s, "openssl");
	assert_string_equal(c->purl, "pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64&distro=debian-12");
	assert_string_equal(c->ref, c->purl);
	assert_string_equal(c->license_declared, "Apache-2.0");
	assert_string_equal(c->supplier.name, "Debian OpenSSL Team");
	assert_string_equal(c->supplier.email, "pkg-openssl-devel@alioth-lists.debian.net");
	assert_string_equal(c->cpes.items[0], "cpe:2.3:a:openssl:openssl:3.0.11:*:*:*:*:*:*:*");
	assert_string_equal(c->description, "Secure Sockets Layer toolkit - cryptographic utility");
	c = by_name(s, "zlib1g");
	assert_string_equal(c->purl, "pkg:deb/debian/zlib1g@1:1.2.13.dfsg-1?arch=amd64&distro=debian-12");
	assert_string_equal(vg_component_property(c, "vigil:source-package"), "zlib");
	assert_string_equal(vg_component_property(c, "vigil:source-version"), "1:1.2.13.dfsg-1");
	assert_string_equal(c->license_declared, "Zlib");
	assert_string_equal(c->cpes.items[0], "cpe:2.3:a:zlib:zlib:1.2.13:*:*:*:*:*:*:*");
	c = by_name(s, "libgcc-s1");
	assert_string_equal(vg_component_property(c, "vigil:source-package"), "gcc-12");
	assert_string_equal(vg_component_property(c, "vigil:source-version"), "12.2.0-14");
	/* libssl3's doc dir is a relative symlink to openssl's. */
	assert_string_equal(by_name(s, "libssl3")->license_declared, "Apache-2.0");
	/* libcurl4's is an absolute one: it must resolve inside the rootfs. */
	assert_string_equal(by_name(s, "libcurl4")->license_declared,
			    "curl AND BSD-3-Clause AND GPL-2.0-or-later WITH Autoconf-exception-2.0 "
			    "AND (BSD-3-Clause OR GPL-2.0-or-later)");
	assert_null(by_name(s, "busybox")->license_declared); /* not DEP-5 */
	assert_string_equal(by_name(s, "busybox")->cpes.items[0],
			    "cpe:2.3:a:busybox:busybox:1.35.0:*:*:*:*:*:*:*");
	/* Dependencies: alternatives, virtual packages, :any, Pre-Depends. */
	assert_true(depends(s, "curl", "libcurl4"));
	assert_true(depends(s, "curl", "zlib1g"));
	assert_true(depends(s, "libcurl4", "zlib1g")); /* via Provides: libz1 */
	assert_true(depends(s, "bsd-mailx", "exim4-daemon-light"));
	assert_true(depends(s, "exim4-daemon-light", "libc6"));
	assert_true(depends(s, "libc6", "libgcc-s1") && depends(s, "libgcc-s1", "libc6"));
	assert_int_equal(by_name(s, "openssl")->depends_on.count, 2);
	/* Document metadata. */
	assert_non_null(s->primary);
	assert_int_equal(s->primary->type, VG_COMPONENT_OPERATING_SYSTEM);
	assert_string_equal(s->primary->name, "Debian GNU/Linux");
	assert_string_equal(s->primary->version, "12");
	assert_string_equal(vg_component_property(s->primary, "vigil:distro-codename"), "bookworm");
	assert_int_equal(s->primary->depends_on.count, 10);
	assert_string_equal(s->completeness, "complete");
	assert_string_equal(s->tools.items[0], "vigil " "0.1.0");
	assert_true(vg_str_starts_with(s->serial, "urn:uuid:"));
	assert_int_equal(strlen(s->timestamp), 20);
	assert_int_equal(s->warnings.count, 0);
	vg_sbom_free(s);
}

static void test_dpkg_files(void **state)
{
	vg_sbom *s = rootfs("tests/data/rootfs-dpkg", true);
	vg_component *openssl, *f;

	(void)state;
	assert_int_equal(count_type(s, VG_COMPONENT_FILE), 5);
	openssl = by_name(s, "openssl");
	assert_int_equal(openssl->contains.count, 2);
	f = vg_sbom_find(s, openssl->contains.items[0]);
	assert_non_null(f);
	assert_string_equal(f->name, "/usr/bin/openssl");
	assert_string_equal(f->hashes[0].alg, "MD5");
	assert_string_equal(f->hashes[0].value, "00c60bf5bb6590b12bb42724d3534126");
	assert_string_equal(vg_component_property(f, "bsi:component:filename"), "openssl");
	/* libc6 is Multi-Arch: same, so its list is libc6:amd64.md5sums. */
	assert_int_equal(by_name(s, "libc6")->contains.count, 2);
	/* The primary depends on packages, not on files. */
	assert_int_equal(s->primary->depends_on.count, 10);
	vg_sbom_free(s);
}

static void test_opkg_rootfs(void **state)
{
	vg_sbom *s = rootfs("tests/data/rootfs-opkg", true);
	vg_component *bb;

	(void)state;
	assert_int_equal(count_type(s, VG_COMPONENT_FILE), 5);
	assert_int_equal(s->component_count - 5, 5);
	bb = by_name(s, "busybox");
	assert_string_equal(bb->purl, "pkg:generic/openwrt/busybox@1.36.1-1?arch=mipsel_24kc&distro=openwrt-23.05.3");
	assert_string_equal(bb->license_declared, "GPL-2.0-only");
	assert_string_equal(bb->cpes.items[0], "cpe:2.3:a:busybox:busybox:1.36.1:*:*:*:*:*:*:*");
	assert_int_equal(bb->contains.count, 3);
	assert_null(vg_sbom_find(s, bb->contains.items[0])->hashes);
	assert_string_equal(by_name(s, "dropbear")->cpes.items[0],
			    "cpe:2.3:a:dropbear_ssh_project:dropbear_ssh:2022.82:*:*:*:*:*:*:*");
	assert_true(depends(s, "dnsmasq", "libc"));
	assert_int_equal(by_name(s, "dnsmasq")->depends_on.count, 1); /* libubus not installed */
	assert_string_equal(s->primary->name, "OpenWrt");
	vg_sbom_free(s);
}

static void test_apk_rootfs(void **state)
{
	vg_sbom *s = rootfs("tests/data/rootfs-apk", true);
	vg_component *c, *f;

	(void)state;
	assert_int_equal(s->component_count - count_type(s, VG_COMPONENT_FILE), 5);
	c = by_name(s, "libssl3");
	assert_string_equal(c->purl, "pkg:apk/alpine/libssl3@3.1.4-r5?arch=x86_64&distro=alpine-3.19.1");
	assert_string_equal(c->license_declared, "Apache-2.0");
	assert_string_equal(vg_component_property(c, "vigil:source-package"), "openssl");
	assert_true(vg_str_starts_with(vg_component_property(c, "vigil:apk-checksum"), "Q1"));
	assert_string_equal(c->cpes.items[0], "cpe:2.3:a:openssl:openssl:3.1.4:*:*:*:*:*:*:*");
	assert_true(depends(s, "libssl3", "musl"));       /* so: provides */
	assert_true(depends(s, "libssl3", "libcrypto3"));
	assert_int_equal(c->depends_on.count, 2);          /* !libressl is a conflict */
	assert_string_equal(by_name(s, "musl")->supplier.name, "Timo Teräs");
	c = by_name(s, "busybox");
	assert_int_equal(c->contains.count, 1);
	f = vg_sbom_find(s, c->contains.items[0]);
	assert_string_equal(f->name, "/bin/busybox");
	assert_string_equal(f->hashes[0].alg, "SHA-1");
	/* sha1("busybox-bin"), as the fixture's Z: line encodes it */
	assert_string_equal(f->hashes[0].value, "fd34e1393199b06c3a337a408983bca0b28735cf");
	assert_int_equal(by_name(s, "musl")->contains.count, 2);
	vg_sbom_free(s);
}

static void test_yocto_rootfs(void **state)
{
	vg_sbom *s = rootfs("tests/data/rootfs-yocto", false);
	vg_component *c;

	(void)state;
	assert_int_equal(s->component_count, 8);
	c = by_name(s, "busybox-syslog");
	assert_string_equal(c->purl, "pkg:yocto/busybox@1.36.1");
	assert_string_equal(c->ref, "pkg:yocto/busybox@1.36.1#2");
	assert_string_equal(c->license_declared, "GPL-2.0-only AND bzip2-1.0.4");
	assert_string_equal(by_name(s, "libxml2")->license_declared,
			    "MIT AND (GPL-2.0-or-later OR LGPL-2.1-or-later)");
	assert_string_equal(by_name(s, "libc6")->cpes.items[0],
			    "cpe:2.3:a:gnu:glibc:2.39\\+git0\\+312e159626:*:*:*:*:*:*:*");
	assert_string_equal(by_name(s, "kernel-6.6.23-yocto-standard")->cpes.items[0] + 10,
			    "linux:linux_kernel:6.6.23\\+git0\\+e2ca7a3d0e_4bb7bcb7f1:*:*:*:*:*:*:*");
	assert_string_equal(s->primary->version, "5.0.1");
	vg_sbom_free(s);
}

static void test_from_detects_format(void **state)
{
	vg_generate_options o = VG_GENERATE_OPTIONS_INIT;
	vg_sbom *s = NULL;

	(void)state;
	o.distro_id = "Debian";
	o.distro_version = "12";
	o.name = "gateway";
	o.version = "2.1";
	assert_int_equal(vg_sbom_generate_from(vg_test_source("tests/data/rootfs-dpkg/var/lib/dpkg/status"),
					       &o, &s), VG_OK);
	assert_int_equal(s->component_count, 10);
	assert_string_equal(by_name(s, "openssl")->purl,
			    "pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64&distro=debian-12");
	assert_null(by_name(s, "openssl")->license_declared); /* no rootfs to read copyright from */
	assert_int_equal(s->primary->type, VG_COMPONENT_FIRMWARE);
	assert_string_equal(s->primary->name, "gateway");
	assert_string_equal(s->primary->version, "2.1");
	vg_sbom_free(s);
	assert_int_equal(vg_sbom_generate_from(vg_test_source("tests/data/rootfs-opkg/usr/lib/opkg/status"),
					       NULL, &s), VG_OK);
	assert_string_equal(by_name(s, "busybox")->purl, "pkg:generic/opkg/busybox@1.36.1-1?arch=mipsel_24kc");
	vg_sbom_free(s);
	assert_int_equal(vg_sbom_generate_from(vg_test_source("tests/data/rootfs-apk/lib/apk/db/installed"),
					       NULL, &s), VG_OK);
	assert_string_equal(by_name(s, "zlib")->purl, "pkg:apk/alpine/zlib@1.3.1-r0?arch=x86_64");
	vg_sbom_free(s);
	assert_int_equal(vg_sbom_generate_from(vg_test_source(
		"tests/data/rootfs-yocto/usr/share/common-licenses/license.manifest"), NULL, &s), VG_OK);
	assert_int_equal(s->component_count, 8);
	vg_sbom_free(s);
}

static void test_licence_mapping(void **state)
{
	static const struct {
		const char *in;
		bool comments;
		const char *out;
	} cases[] = {
		{ "GPL-2+", false, "GPL-2.0-or-later" },
		{ "GPL-2", false, "GPL-2.0-only" },
		{ "LGPL-2.1+", false, "LGPL-2.1-or-later" },
		{ "GPLv3+", false, "GPL-3.0-or-later" },
		{ "Expat", false, "MIT" },
		{ "BSD-3-clause or Artistic", false, "BSD-3-Clause OR Artistic-1.0-Perl" },
		{ "GPL-2.0+ (programs), LGPL-2.1+ (libraries)", true,
		  "GPL-2.0-or-later AND LGPL-2.1-or-later" },
		{ "GPL-2.0 or BSD-3-Clause", true, "GPL-2.0-only OR BSD-3-Clause" },
		{ "MIT with advertising clause", true, "LicenseRef-MIT-with-advertising-clause" },
		{ "Public Domain (few source files, see README)", true, "LicenseRef-Public-Domain" },
		{ "GPL-3.0-with-GCC-exception", true, "GPL-3.0-only WITH GCC-exception-3.1" },
		{ "GPL-2.0-only & (MIT | BSD-3-Clause)", false,
		  "GPL-2.0-only AND (MIT OR BSD-3-Clause)" },
		{ "GPL-2+ with OpenSSL exception", false, "LicenseRef-GPL-2-with-OpenSSL-exception" },
		{ "GPL-9+", false, "LicenseRef-GPL-9" },
		{ ", & | ()", false, NULL },
		{ "MIT & ()", false, "MIT" },
		{ "(((MIT", false, "(((MIT)))" },
		{ "unknown", true, NULL },
		{ "", true, NULL },
	};
	size_t i;
	char *out;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(gen_license_expr(cases[i].in, cases[i].comments, &out), VG_OK);
		if (cases[i].out == NULL && out)
			fail_msg("'%s' -> '%s', expected nothing", cases[i].in, out);
		if (cases[i].out && (!out || strcmp(out, cases[i].out)))
			fail_msg("'%s' -> '%s', expected '%s'", cases[i].in, out ? out : "(null)",
				 cases[i].out);
		free(out);
	}
}

/* Write data to a temp file and generate from it; returns the status. */
static int from_text(const char *name, const char *data, size_t len)
{
	char path[4200];
	vg_sbom *s = NULL;
	int rc;

	snprintf(path, sizeof(path), "%s/%s", vg_test_tmpdir("sbom_generate"), name);
	assert_int_equal(vg_file_write_atomic(path, data, len), VG_OK);
	rc = vg_sbom_generate_from(path, NULL, &s);
	assert_true(rc == VG_OK || s == NULL);
	vg_sbom_free(s);
	return rc;
}

static void expect_error(const char *name, const char *data, size_t len, int code,
			 const char *where)
{
	int rc = from_text(name, data, len);

	if (rc != code)
		fail_msg("%s: status %d, expected %d (%s)", name, rc, code, vg_error_message());
	if (!strstr(vg_error_message(), where))
		fail_msg("%s: message '%s' does not contain '%s'", name, vg_error_message(), where);
}

/* A literal's bytes, embedded NULs included. */
#define EXPECT(name, lit, code, where) expect_error(name, lit, sizeof(lit) - 1, code, where)

static void test_hostile_inputs(void **state)
{
	static const char garbage[] = "Package: a\nStatus: install ok installed\nVersion: 1\n"
				      "Description: x\xff\xfe\n";
	static const char nul[] = "Package: a\nVersion: 1\x00\x01\x02";
	size_t big = 1024 * 1024;
	char *line = malloc(big + 32);

	(void)state;
	EXPECT("truncated", "Package: a\nStatus: install ok installed\nVers", VG_EPARSE,
		     "truncated:3: expected 'Field: value'");
	EXPECT("nopkg", "Package: a\nStatus: install ok installed\nVersion: 1\n\n"
			      "Status: install ok installed\nVersion: 2\nPackage:\n",
		     VG_EPARSE, "nopkg:5: paragraph without a Package field");
	EXPECT("noversion", "Package: a\nStatus: install ok installed\n", VG_EPARSE,
		     "noversion:1: installed package without a Version field");
	EXPECT("dup", "Package: a\nPackage: b\n", VG_EPARSE,
		     "dup:2: duplicate field 'Package'");
	EXPECT("cont", "Package: a\nStatus: purge ok not-installed\n\n continued\n", VG_EPARSE,
		     "cont:4: continuation line outside a field");
	expect_error("garbage", garbage, sizeof(garbage) - 1, VG_EPARSE, "garbage:4: invalid UTF-8");
	expect_error("nul", nul, sizeof(nul) - 1, VG_EPARSE, "nul:2: NUL byte");
	memcpy(line, "Package: a\nDescription: ", 24);
	memset(line + 24, 'x', big);
	line[24 + big] = '\n';
	expect_error("longline", line, big + 25, VG_ELIMIT, "longline:2: line longer than");
	free(line);
	EXPECT("binary", "\x7f" "ELF\x02\x01\x01", VG_EUNSUPPORTED, "binary: not a package database");
	EXPECT("csvcols", "PACKAGE,VERSION,LICENSE\nbusybox,1.36.1,GPL-2.0\nzlib,1.3\n",
		     VG_EPARSE, "csvcols:3: expected 3 fields, found 2");
	EXPECT("csvquote", "\"PACKAGE\",\"VERSION\"\n\"busybox\",\"1.36\n", VG_EPARSE,
		     "csvquote:2: unterminated quoted field");
	EXPECT("csvhdr", "PACKAGE,LICENSE\nbusybox,GPL\n", VG_EPARSE,
		     "csvhdr:1: header has no PACKAGE and VERSION columns");
	EXPECT("apkline", "P:musl\nV:1\nthis is not apk\n", VG_EPARSE,
		     "apkline:3: expected 'X:value'");
	EXPECT("apknoname", "V:1\nA:x86_64\n\nP:b\nV:2\n", VG_EPARSE,
		     "apknoname:1: package without a P: (name) line");
	EXPECT("apkz", "P:a\nV:1\nF:bin\nR:a\nZ:Q1notbase64\n", VG_EPARSE,
		     "apkz:5: Z: expected Q1");
	EXPECT("yocto", "PACKAGE NAME: a\nPACKAGE VERSION: 1\nbroken line\n", VG_EPARSE,
		     "yocto:3: expected 'KEY: value'");
	EXPECT("yoctoname", "PACKAGE NAME: a\n\nPACKAGE VERSION: 1\nLICENSE: MIT\n",
		     VG_EPARSE, "yoctoname:3: record without PACKAGE NAME");
}

static void test_rootfs_errors(void **state)
{
	vg_sbom *s = NULL;

	(void)state;
	assert_int_equal(vg_sbom_generate_rootfs(vg_test_source("tests/data"), NULL, &s),
			 VG_ENOTFOUND);
	assert_non_null(strstr(vg_error_message(), "no package database found"));
	assert_int_equal(vg_sbom_generate_rootfs("/nonexistent-dir", NULL, &s), VG_ENOTFOUND);
	assert_null(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dpkg_rootfs),
		cmocka_unit_test(test_dpkg_files),
		cmocka_unit_test(test_opkg_rootfs),
		cmocka_unit_test(test_apk_rootfs),
		cmocka_unit_test(test_yocto_rootfs),
		cmocka_unit_test(test_from_detects_format),
		cmocka_unit_test(test_licence_mapping),
		cmocka_unit_test(test_hostile_inputs),
		cmocka_unit_test(test_rootfs_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
