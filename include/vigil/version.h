/*
 * vigil/version.h - per-ecosystem version ordering.
 *
 * A version string means nothing without its scheme: "1.0~rc1" is older than
 * "1.0" for Debian and RPM, "1.0.0-rc.1" is older than "1.0.0" for SemVer,
 * "1.1.1w" is newer than "1.1.1" for OpenSSL.  vg_version_compare() orders
 * two versions of one scheme; the rules of each scheme are in docs/version.md.
 *
 * Schemes are named by OSV ecosystem names and purl types, case-insensitively
 * ("Debian:12", "deb", "PyPI", "pypi", "crates.io", "cargo", ...);
 * vg_version_scheme_parse() maps a name to a scheme.
 *
 * Strict schemes (npm, Go, NuGet, Debian, CRAN, Hackage, Gentoo, OpenSSL,
 * datetime) reject versions their specification does not allow with
 * VG_EPARSE and a message naming the version and the fault.  Lenient schemes
 * (RPM, Alpine, Maven, RubyGems, Packagist, alpm, Conan, lexicographic,
 * generic) order any non-empty string the way their reference tool does.
 * SemVer, Pub and PyPI are both: vg_version_check() applies the grammar
 * (SemVer 2.0.0, PEP 440), while vg_version_compare() also orders what the
 * reference tools order (osv-scalibr's lenient SemVer reading: "1.0",
 * "1.1.3.4.5"; PyPI legacy versions as packaging's LegacyVersion: "trunk",
 * "0.3m1", all before valid versions).  The empty string is invalid in every
 * scheme.
 *
 * Comparison allocates nothing for ordinary versions (Maven and RubyGems
 * allocate only for versions of more than 64 segments), never overflows
 * (numbers are compared as digit strings of any length) and is antisymmetric:
 * compare(a,b) == -compare(b,a).  It is a transitive total preorder except
 * where the reference tool's own order is not (Conan's mixed items).
 *
 * Ranges over these orderings (OSV events, NVD bounds, vers: URIs) are in
 * vigil/range.h.
 */
#ifndef VIGIL_VERSION_H
#define VIGIL_VERSION_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum vg_version_scheme {
	VG_VERSION_GENERIC = 0, /* fuzzy fallback for C projects (docs/version.md) */
	VG_VERSION_DEBIAN,      /* dpkg: [epoch:]upstream[-revision] */
	VG_VERSION_RPM,         /* rpmvercmp: [epoch:]version[-release] */
	VG_VERSION_ALPINE,      /* apk-tools */
	VG_VERSION_SEMVER,      /* SemVer 2.0.0 (also crates.io), optional leading "v" */
	VG_VERSION_NPM,         /* SemVer 2.0.0, optional leading "v" or "=" */
	VG_VERSION_GO,          /* SemVer with optional "v", +incompatible, pseudo-versions */
	VG_VERSION_PYPI,        /* PEP 440 */
	VG_VERSION_MAVEN,       /* Maven ComparableVersion */
	VG_VERSION_NUGET,       /* NuGet SemVer 2.0 with up to 4 numeric parts */
	VG_VERSION_RUBYGEMS,    /* Gem::Version */
	VG_VERSION_PACKAGIST,   /* Composer / PHP version_compare() */
	VG_VERSION_CRAN,        /* R package_version */
	VG_VERSION_HACKAGE,     /* Haskell PVP: dotted numbers */
	VG_VERSION_PUB,         /* Dart pub: SemVer where build metadata orders */
	VG_VERSION_GENTOO,      /* Gentoo PMS: 1.2.3b_rc1_p2-r1 */
	VG_VERSION_ALPM,        /* Arch Linux libalpm vercmp: [epoch:]ver[-rel] */
	VG_VERSION_CONAN,       /* Conan 2: items, -pre, +build */
	VG_VERSION_OPENSSL,     /* OpenSSL releases: 1.1.1w, 3.0.0-alpha1 */
	VG_VERSION_DATETIME,    /* RFC 3339 date-times, compared as instants */
	VG_VERSION_LEXICOGRAPHIC, /* byte (UTF-8 code point) order */
	VG_VERSION_SCHEME_COUNT
} vg_version_scheme;

/*
 * Map an OSV ecosystem name or purl type to a scheme, case-insensitively.
 * A release suffix after ':' ("Debian:12", "Alpine:v3.18") is ignored.
 * VG_ENOTFOUND with a message listing the known names when unknown.
 */
int vg_version_scheme_parse(const char *name, vg_version_scheme *out);

/* The canonical lower-case name of a scheme ("debian", "pypi", ...). */
const char *vg_version_scheme_name(vg_version_scheme scheme);

/* The names vg_version_scheme_parse() accepts, comma-separated (static). */
const char *vg_version_scheme_list(void);

/*
 * Order a and b: *cmp becomes <0, 0 or >0.  VG_EPARSE when a version cannot
 * be ordered in the scheme ("'1.x' is not a valid Go version: ..."),
 * VG_EINVAL for an unknown scheme, VG_ENOMEM in the rare allocating case.
 */
int vg_version_compare(vg_version_scheme scheme, const char *a, const char *b, int *cmp);

/*
 * VG_OK when v is a valid version by the scheme's specification, else
 * VG_EPARSE with why.  Strict even where vg_version_compare() is lenient
 * (SemVer, Pub, PyPI), so every version it accepts also compares.
 */
int vg_version_check(vg_version_scheme scheme, const char *v);

#ifdef __cplusplus
}
#endif
#endif
