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
	/* 12 installed (the deinstall-but-installed exim too), not the removed one. */
	assert_int_equal(s->component_count, 12);
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
	assert_int_equal(s->primary->depends_on.count, 12);
	assert_string_equal(s->completeness, "complete");
	assert_string_equal(s->tools.items[0], "vigil " "0.1.0");
	assert_true(vg_str_starts_with(s->serial, "urn:uuid:"));
	assert_int_equal(strlen(s->timestamp), 20);
	/* curl's cached .deb does not match the list's SHA-256 (test_dpkg_deployables). */
	assert_int_equal(s->warnings.count, 1);
	assert_non_null(strstr(s->warnings.items[0], "curl_7.88.1-10+deb12u5_amd64.deb: SHA-256 "
							  "differs from apt's list"));
	/* No author or manufacturer unless the caller names one. */
	assert_int_equal(s->author_count, 0);
	assert_null(s->manufacturer.name);
	vg_sbom_free(s);
}

/* What a scan needs, and none of the slow rest (licences, package files,
 * apt lists): every identity field equal to the full generation's. */
static void test_dpkg_identity_only(void **state)
{
	vg_generate_options o = VG_GENERATE_OPTIONS_INIT;
	vg_sbom *full = rootfs("tests/data/rootfs-dpkg", false), *id = NULL;
	const vg_component *a, *b;
	size_t i;

	(void)state;
	o.identity_only = true;
	assert_int_equal(vg_sbom_generate_rootfs(vg_test_source("tests/data/rootfs-dpkg"), &o, &id),
			 VG_OK);
	assert_int_equal(id->component_count, full->component_count);
	for (i = 0; i < full->component_count; i++) {
		a = full->components[i];
		b = id->components[i];
		assert_string_equal(a->purl, b->purl);
		assert_string_equal(a->version, b->version);
		assert_int_equal(a->cpes.count, b->cpes.count);
		assert_true(!a->cpes.count || !strcmp(a->cpes.items[0], b->cpes.items[0]));
		assert_non_null(vg_component_property(b, "vigil:source-package"));
		assert_string_equal(vg_component_property(a, "vigil:source-package"),
				    vg_component_property(b, "vigil:source-package"));
		assert_int_equal(a->depends_on.count, b->depends_on.count);
		assert_null(b->license_declared);
		assert_null(vg_component_property(b, "bsi:component:filename"));
	}
	assert_string_equal(by_name(full, "openssl")->license_declared, "Apache-2.0");
	/* apt's lists are not read, so the cached .deb is not checked either */
	assert_int_equal(id->warnings.count, 0);
	assert_string_equal(id->primary->name, "Debian GNU/Linux");
	vg_sbom_free(full);
	vg_sbom_free(id);
}

static void test_dpkg_files(void **state)
{
	vg_sbom *s = rootfs("tests/data/rootfs-dpkg", true);
	vg_component *openssl, *f;

	(void)state;
	assert_int_equal(count_type(s, VG_COMPONENT_FILE), 6);
	openssl = by_name(s, "openssl");
	assert_int_equal(openssl->contains.count, 2);
	f = vg_sbom_find(s, openssl->contains.items[0]);
	assert_non_null(f);
	assert_string_equal(f->name, "/usr/bin/openssl");
	assert_string_equal(f->hashes[0].alg, "MD5");
	assert_string_equal(f->hashes[0].value, "00c60bf5bb6590b12bb42724d3534126");
	assert_string_equal(vg_component_property(f, "bsi:component:filename"), "openssl");
	/* The deployed bytes are hashed too (SHA-256 and SHA-512 of the rootfs file). */
	assert_int_equal(f->hash_count, 3);
	assert_string_equal(f->hashes[1].alg, "SHA-256");
	assert_string_equal(f->hashes[1].value,
			    "8e8dca87cbddd5bb7eb8ef8b2f507ef8cd2d5a96da8fc159094e1d5eafed4073");
	assert_string_equal(f->hashes[2].alg, "SHA-512");
	assert_string_equal(f->hashes[2].value,
			    "a4b92e504deba5851d574fe7e5dd1e22477145fe58ff2c38dc6aa951ed0505ed"
			    "98b863c48f35c15cc43de8e18472d65c1161c8243e5e6b03a53440600bd306b6");
	assert_string_equal(vg_component_property(f, "bsi:component:executable"), "executable");
	assert_string_equal(vg_component_property(f, "bsi:component:archive"), "no archive");
	assert_string_equal(vg_component_property(f, "bsi:component:structured"), "unstructured");
	/* The copyright file: text, not run. */
	f = vg_sbom_find(s, openssl->contains.items[1]);
	assert_string_equal(vg_component_property(f, "bsi:component:executable"), "non-executable");
	/* libz.a is an ar archive (by content) of object code (by name). */
	f = vg_sbom_find(s, by_name(s, "zlib1g")->contains.items[1]);
	assert_string_equal(f->name, "/usr/lib/x86_64-linux-gnu/libz.a");
	assert_string_equal(vg_component_property(f, "bsi:component:archive"), "archive");
	assert_string_equal(vg_component_property(f, "bsi:component:structured"), "structured");
	assert_string_equal(vg_component_property(f, "bsi:component:executable"), "executable");
	/* libc6 is Multi-Arch: same, so its list is libc6:amd64.md5sums. */
	assert_int_equal(by_name(s, "libc6")->contains.count, 2);
	/* The primary depends on packages, not on files. */
	assert_int_equal(s->primary->depends_on.count, 12);
	vg_sbom_free(s);
}

static void test_dpkg_creators_and_licences(void **state)
{
	vg_sbom *s = rootfs("tests/data/rootfs-dpkg", false);
	vg_component *c;

	(void)state;
	/* Homepage: the upstream's URL. */
	assert_string_equal(by_name(s, "libc6")->manufacturer.url,
			    "https://www.gnu.org/software/libc/libc.html");
	/* No Homepage: DEP-5 Upstream-Contact, else a DEP-5 Source URL. */
	c = by_name(s, "curl");
	assert_string_equal(c->manufacturer.name, "Daniel Stenberg");
	assert_string_equal(c->manufacturer.email, "daniel@haxx.se");
	assert_string_equal(by_name(s, "zlib1g")->manufacturer.url, "http://zlib.net/");
	/* Debian-native (no revision), no copyright file: the Maintainer made it. */
	c = by_name(s, "adduser");
	assert_string_equal(c->manufacturer.email, "adduser@packages.debian.org");
	/* Non-native, nothing upstream known: no creator (the Maintainer is the packager). */
	c = by_name(s, "busybox");
	assert_null(c->manufacturer.url);
	assert_null(c->manufacturer.email);
	assert_string_equal(c->supplier.email, "debian-boot@lists.debian.org");
	/* DEP-5 licences are declared and, by the distributor, concluded. */
	c = by_name(s, "openssl");
	assert_string_equal(c->license_concluded, "Apache-2.0");
	assert_string_equal(vg_component_property(c, "vigil:license-concluded-by"),
			    "distributor (Debian copyright file)");
	assert_null(by_name(s, "busybox")->license_concluded);
	assert_null(vg_component_property(by_name(s, "busybox"), "vigil:license-concluded-by"));
	/* The image: os-release HOME_URL and NVD's CPE for Debian 12. */
	assert_string_equal(s->primary->manufacturer.url, "https://www.debian.org/");
	assert_string_equal(s->primary->cpes.items[0],
			    "cpe:2.3:o:debian:debian_linux:12:*:*:*:*:*:*:*");
	vg_sbom_free(s);
}

static void expect_kind(const vg_component *c, const char *executable)
{
	assert_string_equal(vg_component_property(c, "bsi:component:archive"), "archive");
	assert_string_equal(vg_component_property(c, "bsi:component:structured"), "structured");
	if (!executable)
		assert_null(vg_component_property(c, "bsi:component:executable"));
	else
		assert_string_equal(vg_component_property(c, "bsi:component:executable"),
				    executable);
}

static void test_dpkg_package_files(void **state)
{
	vg_sbom *s = rootfs("tests/data/rootfs-dpkg", false);

	(void)state;
	assert_string_equal(vg_component_property(by_name(s, "zlib1g"), "bsi:component:filename"),
			    "zlib1g_1.2.13.dfsg-1_amd64.deb"); /* epoch dropped */
	assert_string_equal(vg_component_property(by_name(s, "adduser"), "bsi:component:filename"),
			    "adduser_3.134_all.deb");
	expect_kind(by_name(s, "openssl"), "executable");   /* /usr/bin/openssl */
	expect_kind(by_name(s, "libc6"), "executable");     /* libc.so.6 */
	expect_kind(by_name(s, "bsd-mailx"), "executable"); /* cron job with an execute bit */
	expect_kind(by_name(s, "tzdata"), "non-executable"); /* data; a .sh under doc/ is not run */
	expect_kind(by_name(s, "curl"), NULL);              /* no info/curl.list */
	vg_sbom_free(s);
}

static const char *extref_url(const vg_component *c, const char *type, const vg_extref **out)
{
	size_t i;

	for (i = 0; i < c->extref_count; i++)
		if (!strcmp(c->extrefs[i].type, type)) {
			if (out)
				*out = &c->extrefs[i];
			return c->extrefs[i].url;
		}
	return NULL;
}

static void test_dpkg_deployables(void **state)
{
	vg_sbom *s = rootfs("tests/data/rootfs-dpkg", false);
	const vg_extref *r = NULL;
	vg_component *c;

	(void)state;
	/* In apt's list: its URL (scheme from sources.list), the list's SHA-256 and
	 * the SHA-512 of the cached .deb whose SHA-256 matches; Origin Debian: .dsc beside. */
	c = by_name(s, "openssl");
	assert_string_equal(extref_url(c, "distribution", &r),
			    "http://deb.debian.org/debian/pool/main/o/openssl/"
			    "openssl_3.0.11-1~deb12u2_amd64.deb");
	assert_int_equal(r->hash_count, 2);
	assert_string_equal(r->hashes[0].alg, "SHA-256");
	assert_string_equal(r->hashes[0].value,
			    "965574b128030ac236ad32fc1424b9bd627a3c0109bc262146344cd0de5d53bf");
	assert_string_equal(r->hashes[1].alg, "SHA-512");
	assert_string_equal(r->hashes[1].value,
			    "fa89b8e12fa26a6f2231b4ceb46642a2fa64da512c371d037842d15baf919e8c"
			    "78fc855e4ded3bb5b560b65ac07ed7b58f98d86f9ec06254f61f96477b9db7f8");
	assert_string_equal(extref_url(c, "source-distribution", NULL),
			    "http://deb.debian.org/debian/pool/main/o/openssl/"
			    "openssl_3.0.11-1~deb12u2.dsc");
	/* The list's Filename is "../../../etc/passwd": ignored, so the pool layout;
	 * the cache names the file with the epoch as %3a. */
	c = by_name(s, "zlib1g");
	assert_string_equal(extref_url(c, "distribution", &r),
			    "https://deb.debian.org/debian/pool/main/z/zlib/"
			    "zlib1g_1.2.13.dfsg-1_amd64.deb");
	assert_int_equal(r->hash_count, 2);
	assert_string_equal(r->hashes[1].value,
			    "10646fd0ff456ff52bab1a0a9836c7e1c3eae45f604e3b56d7aeacf2ffc5fa89"
			    "f1c3daf00a6ebbdb4c5eadac5095bfad0c5268e08bfd39cff27329c7cac724ad");
	assert_string_equal(extref_url(c, "source-distribution", NULL),
			    "https://deb.debian.org/debian/pool/main/z/zlib/zlib_1.2.13.dfsg-1.dsc");
	/* Cached .deb with another SHA-256 than the list's: not that file, no SHA-512. */
	extref_url(by_name(s, "curl"), "distribution", &r);
	assert_int_equal(r->hash_count, 1);
	assert_string_equal(r->hashes[0].value,
			    "2222222222222222222222222222222222222222222222222222222222222222");
	/* Another repository (gzip list, credentials in the URI stay out, SHA512 field),
	 * no Release file: no source reference is guessed. */
	c = by_name(s, "busybox");
	assert_string_equal(extref_url(c, "distribution", &r),
			    "https://example.org/repo/pool/b/busybox_1.35.0-4+b3_amd64.deb");
	assert_string_equal(r->hashes[0].alg, "SHA-512");
	assert_null(extref_url(c, "source-distribution", NULL));
	/* Not in the lists: pool layout; Section contrib/mail -> pool/contrib. */
	assert_string_equal(extref_url(by_name(s, "exim4-daemon-light"), "distribution", NULL),
			    "https://deb.debian.org/debian/pool/contrib/e/exim4/"
			    "exim4-daemon-light_4.96-15+deb12u2_amd64.deb");
	assert_string_equal(extref_url(by_name(s, "libgcc-s1"), "source-distribution", NULL),
			    "https://deb.debian.org/debian/pool/main/g/gcc-12/gcc-12_12.2.0-14.dsc");
	vg_sbom_free(s);
}

/* Generate from status text (no rootfs) as distribution distro. */
static vg_sbom *from_status(gen_source_fn fn, const char *text, const char *distro)
{
	vg_generate_options o = VG_GENERATE_OPTIONS_INIT;
	vg_sbom *s = NULL;

	o.distro_id = distro;
	o.distro_version = "12";
	if (gen_run(fn, "status", text, strlen(text), &o, &s) != VG_OK)
		fail_msg("%s", vg_error_message());
	return s;
}

static void test_deb_pool_layout(void **state)
{
	static const char status[] =
		"Package: libfoo1\nStatus: install ok installed\nArchitecture: arm64\n"
		"Source: libfoo (2:1.0-3)\nVersion: 2:1.0-3+b1\nSection: non-free/libs\n\n"
		"Package: lib\nStatus: install ok installed\nArchitecture: all\nVersion: 1\n\n"
		"Package: noarch\nStatus: install ok installed\nVersion: 1\n";
	vg_sbom *s = from_status(gen_dpkg, status, "debian");
	vg_component *c = by_name(s, "libfoo1");

	(void)state;
	/* lib* sources go under "libX"; the binNMU's source version is the Source's. */
	assert_string_equal(extref_url(c, "distribution", NULL),
			    "https://deb.debian.org/debian/pool/non-free/libf/libfoo/"
			    "libfoo1_1.0-3+b1_arm64.deb");
	assert_string_equal(extref_url(c, "source-distribution", NULL),
			    "https://deb.debian.org/debian/pool/non-free/libf/libfoo/libfoo_1.0-3.dsc");
	/* Without a rootfs: no file list, so no executable property; no hashes. */
	expect_kind(c, NULL);
	assert_null(c->manufacturer.url);
	assert_null(c->license_concluded);
	assert_string_equal(extref_url(by_name(s, "lib"), "distribution", NULL),
			    "https://deb.debian.org/debian/pool/main/l/lib/lib_1_all.deb");
	/* No Architecture: no file name, no URL. */
	assert_null(vg_component_property(by_name(s, "noarch"), "bsi:component:filename"));
	assert_int_equal(by_name(s, "noarch")->extref_count, 0);
	/* The primary describes the distribution only with a rootfs to read. */
	assert_int_equal(s->primary->cpes.count, 0);
	vg_sbom_free(s);
	/* Not Debian: Debian's pool is not where its packages are. */
	s = from_status(gen_dpkg, status, "ubuntu");
	assert_int_equal(by_name(s, "libfoo1")->extref_count, 0);
	vg_sbom_free(s);
}

static void test_apt_list_hostile(void **state)
{
	static const char *const lists[] = {
		"Package: a\nVersion: 1\nArchitecture: all\nFilename: /etc/passwd\n",
		"Package: a\nVersion: 1\nArchitecture: all\nFilename: p/a b.deb\n",
		"Package: a\nVersion: 1\nArchitecture: all\nFilename: p/../x.deb\n",
		"Package: a\nVersion: 1\nArchitecture: all\nFilename: p/a\x01.deb\n",
		"Package: a\nVersion: 1\nArchitecture: all\n",
		"Package: a\nVersion: 1\nFilename: p/a.deb\n",
		"Package: a\r\nVersion: 2\r\nArchitecture: all\r\nFilename: p/a.deb\r\n",
		"Package:",
		"",
		"\n\n\n",
	};
	static const char crlf[] = "Package: a\r\nVersion: 1\r\nArchitecture: all\r\n"
				   "SHA256: xyz\r\nFilename: p/a.deb";
	vg_sbom *s = vg_sbom_new();
	vg_component *c = vg_sbom_add_component(s, "a");
	gen_index *ix = gen_index_new();
	gen_apt_list l = { ix, "https://example.org", true };
	size_t i;

	(void)state;
	assert_int_equal(gen_index_add(ix, "a 1 all", c), VG_OK);
	for (i = 0; i < sizeof(lists) / sizeof(lists[0]); i++)
		assert_int_equal(gen_apt_list_scan(&l, lists[i], strlen(lists[i])), VG_OK);
	assert_int_equal(c->extref_count, 0);
	/* CRLF lines and a last line without a newline still match; a bad hash is left out. */
	assert_int_equal(gen_apt_list_scan(&l, crlf, sizeof(crlf) - 1), VG_OK);
	assert_int_equal(c->extref_count, 1); /* no source: the component has no source-package */
	assert_string_equal(c->extrefs[0].url, "https://example.org/p/a.deb");
	assert_int_equal(c->extrefs[0].hash_count, 0);
	gen_index_free(ix);
	vg_sbom_free(s);
}

static void test_sbom_creators(void **state)
{
	static const char *const authors[] = { "Jane Doe <jane@example.org>", "John Roe" };
	static const char *const bad[] = { "", "<jane@example.org>", "Jane <jane@example.org",
					   "Jane <jane@example.org> x", "Jane <not an address>",
					   "Jane <https://example.org>" };
	vg_generate_options o = VG_GENERATE_OPTIONS_INIT;
	char dir[4096];
	vg_sbom *s = NULL;
	size_t i;

	(void)state;
	snprintf(dir, sizeof(dir), "%s", vg_test_source("tests/data/rootfs-apk"));
	o.authors = authors;
	o.author_count = 2;
	o.manufacturer = "ACME Devices <https://acme.example>";
	assert_int_equal(vg_sbom_generate_rootfs(dir, &o, &s), VG_OK);
	assert_int_equal(s->author_count, 2);
	assert_string_equal(s->authors[0].name, "Jane Doe");
	assert_string_equal(s->authors[0].email, "jane@example.org");
	assert_string_equal(s->authors[1].name, "John Roe");
	assert_null(s->authors[1].email);
	assert_string_equal(s->manufacturer.name, "ACME Devices");
	assert_string_equal(s->manufacturer.url, "https://acme.example");
	vg_sbom_free(s);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		o.authors = &bad[i];
		o.author_count = 1;
		s = NULL;
		assert_int_equal(vg_sbom_generate_rootfs(dir, &o, &s), VG_EINVAL);
		assert_null(s);
		assert_non_null(strstr(vg_error_message(), "author '"));
	}
	o.author_count = 0;
	o.manufacturer = "ACME <ftp at acme>";
	assert_int_equal(vg_sbom_generate_rootfs(dir, &o, &s), VG_EINVAL);
	assert_non_null(strstr(vg_error_message(), "manufacturer 'ACME <ftp at acme>'"));
}

static void test_opkg_rootfs(void **state)
{
	vg_sbom *s = rootfs("tests/data/rootfs-opkg", true);
	vg_component *bb;

	(void)state;
	assert_int_equal(count_type(s, VG_COMPONENT_FILE), 9);
	assert_int_equal(s->component_count - 9, 5);
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
	assert_string_equal(vg_component_property(bb, "bsi:component:filename"),
			    "busybox_1.36.1-1_mipsel_24kc.ipk");
	expect_kind(bb, "executable");
	expect_kind(by_name(s, "dnsmasq"), "executable"); /* hotplug script: 0755 in the list */
	expect_kind(by_name(s, "libgcc1"), NULL);         /* no list */
	assert_null(bb->license_concluded); /* opkg's License is the recipe's declaration */
	assert_null(extref_url(bb, "distribution", NULL));
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
	c = by_name(s, "musl");
	assert_string_equal(vg_component_property(c, "bsi:component:filename"),
			    "musl-1.2.4_git20230717-r4.apk");
	expect_kind(c, "executable");
	assert_string_equal(c->manufacturer.url, "https://musl.libc.org/");
	assert_string_equal(extref_url(c, "vcs", NULL),
			    "https://gitlab.alpinelinux.org/alpine/aports/-/tree/"
			    "2ad7e5b1d5d2b8e2b7c3bce2f4a12bbbf1b1f0b2");
	assert_null(extref_url(c, "distribution", NULL));
	assert_null(extref_url(by_name(s, "busybox"), "vcs", NULL)); /* no c: */
	assert_string_equal(s->primary->cpes.items[0],
			    "cpe:2.3:o:alpinelinux:alpine_linux:3.19.1:*:*:*:*:*:*:*");
	vg_sbom_free(s);
	/* Execute bits from a: lines; a c: that is not a commit id gives no URL. */
	s = from_status(gen_apk, "P:job\nV:1\nc:not-a-commit\nF:etc/periodic\nR:job\na:0:0:755\n\n"
				 "P:data\nV:1\nF:usr/share/data\nR:table\na:0:0:644\n", "alpine");
	expect_kind(by_name(s, "job"), "executable");
	expect_kind(by_name(s, "data"), "non-executable");
	assert_int_equal(by_name(s, "job")->extref_count, 0);
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
	assert_int_equal(s->component_count, 12);
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
		cmocka_unit_test(test_dpkg_identity_only),
		cmocka_unit_test(test_dpkg_files),
		cmocka_unit_test(test_dpkg_creators_and_licences),
		cmocka_unit_test(test_dpkg_package_files),
		cmocka_unit_test(test_dpkg_deployables),
		cmocka_unit_test(test_deb_pool_layout),
		cmocka_unit_test(test_apt_list_hostile),
		cmocka_unit_test(test_sbom_creators),
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
