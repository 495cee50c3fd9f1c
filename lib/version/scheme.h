/*
 * scheme.h - what the version module's files share (not a public header).
 *
 * Each scheme file (debian.c, rpm.c, ...) defines one vg_scheme_ops: a
 * validity check (NULL for lenient schemes, which accept any non-empty
 * string) and a comparison that may assume both versions passed the check.
 * version.c dispatches on vg_version_scheme through the table of them.
 */
#ifndef VG_VERSION_SCHEME_H
#define VG_VERSION_SCHEME_H

#include <stdbool.h>
#include <stddef.h>

typedef struct vg_scheme_ops {
	const char *label; /* for messages: "a valid <label> version" */
	/* VG_OK, or VG_EPARSE recorded with the fault (without the version). */
	int (*check)(const char *v);
	/* *out <0, 0, >0; returns VG_OK or VG_ENOMEM. */
	int (*cmp)(const char *a, const char *b, int *out);
	/* cmp orders any non-empty string; check is not applied before it. */
	bool cmp_any;
} vg_scheme_ops;

extern const vg_scheme_ops vg_scheme_generic, vg_scheme_debian, vg_scheme_rpm,
	vg_scheme_alpine, vg_scheme_semver, vg_scheme_npm, vg_scheme_go, vg_scheme_pypi,
	vg_scheme_maven, vg_scheme_nuget, vg_scheme_rubygems, vg_scheme_packagist,
	vg_scheme_cran, vg_scheme_hackage, vg_scheme_pub, vg_scheme_gentoo, vg_scheme_alpm,
	vg_scheme_conan, vg_scheme_openssl, vg_scheme_datetime, vg_scheme_lexicographic;

/*
 * Order two PyPI versions that are not valid PEP 440 ("legacy" versions) the
 * way Python's packaging.version.LegacyVersion did (pypi_legacy.c).
 */
int vg_pypi_legacy_cmp(const char *a, const char *b);

/* Locale-free ASCII classes: version strings are bytes, not text. */
static inline bool vg_isdigit(int c) { return c >= '0' && c <= '9'; }
static inline bool vg_isalpha(int c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
static inline bool vg_isalnum(int c) { return vg_isdigit(c) || vg_isalpha(c); }
static inline int vg_tolower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }
static inline int vg_sign(int x) { return (x > 0) - (x < 0); }

/*
 * Numeric order of two digit strings of any length (leading zeros ignored):
 * numbers are never converted to integers, so nothing overflows.
 */
int vg_digits_cmp(const char *a, size_t an, const char *b, size_t bn);

/* True when the digit string is all zeros (or empty). */
bool vg_digits_zero(const char *s, size_t n);

/* Length of the run of digits at s. */
size_t vg_span_digits(const char *s);

/* memcmp-like order of two byte strings, shorter prefix first. */
int vg_bytes_cmp(const char *a, size_t an, const char *b, size_t bn);

/* The same, folding ASCII case. */
int vg_bytes_casecmp(const char *a, size_t an, const char *b, size_t bn);

/*
 * One identifier of a SemVer-like pre-release or build ("rc", "11"): numeric
 * identifiers order numerically and before alphanumeric ones, which order
 * byte-wise (or ignoring case when fold is set).  Shared by SemVer, NuGet, Pub.
 */
int vg_ident_cmp(const char *a, size_t an, const char *b, size_t bn, bool fold);

/*
 * Dot-separated identifier lists in the same way: identifier by identifier,
 * then the longer list is greater.
 */
int vg_idents_cmp(const char *a, size_t an, const char *b, size_t bn, bool fold);

/*
 * Numbers separated by any of `seps`, compared numerically one by one; when
 * one list is a prefix of the other, the longer is greater ("1.0" < "1.0.0").
 */
int vg_numbers_cmp(const char *a, const char *b, const char *seps);

/* VG_OK when s is digit runs separated by single bytes of `seps`. */
int vg_numbers_check(const char *s, const char *seps);

#endif
