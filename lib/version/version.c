/*
 * version.c - scheme names and the dispatch of vg_version_compare() (see
 * include/vigil/version.h).  The rules of each scheme live in its own file.
 */
#include "vigil/version.h"
#include "vigil/error.h"
#include "vigil/str.h"
#include "version/scheme.h"

#include <string.h>

static const vg_scheme_ops *const ops[VG_VERSION_SCHEME_COUNT] = {
	[VG_VERSION_GENERIC] = &vg_scheme_generic,
	[VG_VERSION_DEBIAN] = &vg_scheme_debian,
	[VG_VERSION_RPM] = &vg_scheme_rpm,
	[VG_VERSION_ALPINE] = &vg_scheme_alpine,
	[VG_VERSION_SEMVER] = &vg_scheme_semver,
	[VG_VERSION_NPM] = &vg_scheme_npm,
	[VG_VERSION_GO] = &vg_scheme_go,
	[VG_VERSION_PYPI] = &vg_scheme_pypi,
	[VG_VERSION_MAVEN] = &vg_scheme_maven,
	[VG_VERSION_NUGET] = &vg_scheme_nuget,
	[VG_VERSION_RUBYGEMS] = &vg_scheme_rubygems,
	[VG_VERSION_PACKAGIST] = &vg_scheme_packagist,
	[VG_VERSION_CRAN] = &vg_scheme_cran,
	[VG_VERSION_HACKAGE] = &vg_scheme_hackage,
	[VG_VERSION_PUB] = &vg_scheme_pub,
	[VG_VERSION_GENTOO] = &vg_scheme_gentoo,
	[VG_VERSION_ALPM] = &vg_scheme_alpm,
	[VG_VERSION_CONAN] = &vg_scheme_conan,
	[VG_VERSION_OPENSSL] = &vg_scheme_openssl,
	[VG_VERSION_DATETIME] = &vg_scheme_datetime,
	[VG_VERSION_LEXICOGRAPHIC] = &vg_scheme_lexicographic,
};

/* Every accepted name; the first of each scheme is its canonical name. */
static const struct {
	const char *name;
	vg_version_scheme scheme;
} names[] = {
	{ "generic", VG_VERSION_GENERIC },	{ "debian", VG_VERSION_DEBIAN },
	{ "deb", VG_VERSION_DEBIAN },		{ "ubuntu", VG_VERSION_DEBIAN },
	{ "rpm", VG_VERSION_RPM },		{ "redhat", VG_VERSION_RPM },
	{ "red hat", VG_VERSION_RPM },		{ "almalinux", VG_VERSION_RPM },
	{ "rocky linux", VG_VERSION_RPM },	{ "rocky", VG_VERSION_RPM },
	{ "opensuse", VG_VERSION_RPM },		{ "suse", VG_VERSION_RPM },
	{ "mageia", VG_VERSION_RPM },		{ "azure linux", VG_VERSION_RPM },
	{ "alpine", VG_VERSION_ALPINE },	{ "apk", VG_VERSION_ALPINE },
	{ "wolfi", VG_VERSION_ALPINE },		{ "chainguard", VG_VERSION_ALPINE },
	{ "semver", VG_VERSION_SEMVER },	{ "crates.io", VG_VERSION_SEMVER },
	{ "cargo", VG_VERSION_SEMVER },		{ "hex", VG_VERSION_SEMVER },
	{ "npm", VG_VERSION_NPM },		{ "go", VG_VERSION_GO },
	{ "golang", VG_VERSION_GO },		{ "pypi", VG_VERSION_PYPI },
	{ "maven", VG_VERSION_MAVEN },		{ "nuget", VG_VERSION_NUGET },
	{ "rubygems", VG_VERSION_RUBYGEMS },	{ "gem", VG_VERSION_RUBYGEMS },
	{ "packagist", VG_VERSION_PACKAGIST },	{ "composer", VG_VERSION_PACKAGIST },
	{ "cran", VG_VERSION_CRAN },		{ "hackage", VG_VERSION_HACKAGE },
	{ "pub", VG_VERSION_PUB },		{ "gentoo", VG_VERSION_GENTOO },
	{ "alpm", VG_VERSION_ALPM },		{ "arch", VG_VERSION_ALPM },
	{ "conan", VG_VERSION_CONAN },		{ "openssl", VG_VERSION_OPENSSL },
	{ "datetime", VG_VERSION_DATETIME },	{ "lexicographic", VG_VERSION_LEXICOGRAPHIC },
};

#define NNAMES (sizeof(names) / sizeof(names[0]))

const char *vg_version_scheme_list(void)
{
	return "generic, debian, deb, ubuntu, rpm, redhat, almalinux, rocky linux, opensuse, "
	       "suse, mageia, azure linux, alpine, apk, wolfi, chainguard, semver, crates.io, "
	       "cargo, hex, npm, go, golang, pypi, maven, nuget, rubygems, gem, packagist, "
	       "composer, cran, hackage, pub, gentoo, alpm, arch, conan, openssl, datetime, "
	       "lexicographic (case-insensitive; OSV release suffixes such as \"Debian:12\" "
	       "are accepted)";
}

int vg_version_scheme_parse(const char *name, vg_version_scheme *out)
{
	const char *colon;
	size_t i, n;

	if (!name || !out)
		return vg_error_set(VG_EINVAL, "vg_version_scheme_parse: NULL argument");
	colon = strchr(name, ':');
	n = colon ? (size_t)(colon - name) : strlen(name);
	for (i = 0; i < NNAMES; i++) {
		if (strlen(names[i].name) == n && vg_bytes_casecmp(name, n, names[i].name, n) == 0) {
			*out = names[i].scheme;
			return VG_OK;
		}
	}
	return vg_error_set(VG_ENOTFOUND, "unknown version scheme '%.*s'; known: %s",
			    n > 64 ? 64 : (int)n, name, vg_version_scheme_list());
}

const char *vg_version_scheme_name(vg_version_scheme scheme)
{
	size_t i;

	for (i = 0; i < NNAMES; i++)
		if (names[i].scheme == scheme)
			return names[i].name;
	return "unknown";
}

/* With strict false, what the comparison accepts; with true, the scheme's grammar. */
static int check_one(const vg_scheme_ops *o, const char *v, bool strict)
{
	if (!*v)
		return vg_error_set(VG_EPARSE, "empty version is not a valid %s version", o->label);
	if (o->check && (strict || !o->cmp_any) && o->check(v) != VG_OK)
		return vg_error_prefix("'%.80s%s' is not a valid %s version: ", v,
				       strlen(v) > 80 ? "..." : "", o->label);
	return VG_OK;
}

int vg_version_check(vg_version_scheme scheme, const char *v)
{
	if ((unsigned)scheme >= VG_VERSION_SCHEME_COUNT || !v)
		return vg_error_set(VG_EINVAL, "vg_version_check: invalid argument");
	return check_one(ops[scheme], v, true);
}

int vg_version_compare(vg_version_scheme scheme, const char *a, const char *b, int *cmp)
{
	const vg_scheme_ops *o;
	int rc;

	if ((unsigned)scheme >= VG_VERSION_SCHEME_COUNT || !a || !b || !cmp)
		return vg_error_set(VG_EINVAL, "vg_version_compare: invalid argument");
	o = ops[scheme];
	if ((rc = check_one(o, a, false)) != VG_OK || (rc = check_one(o, b, false)) != VG_OK)
		return rc;
	if ((rc = o->cmp(a, b, cmp)) != VG_OK)
		return rc;
	*cmp = vg_sign(*cmp);
	return VG_OK;
}
