/*
 * semver.c - Semantic Versioning 2.0.0 (semver.org) and the schemes built on
 * it: SemVer itself (crates.io, Hex), npm, Go and Dart's pub.
 *
 * MAJOR.MINOR.PATCH[-PRE][+BUILD], numbers without leading zeros.  Core
 * numbers compare numerically; a pre-release sorts before its release and
 * compares identifier by identifier (numeric < alphanumeric, numeric ones by
 * value, the others byte-wise, a longer list wins); build metadata is ignored,
 * except by pub, where a build sorts after its release and compares like a
 * pre-release.  A leading "v" is accepted (Go module tags, GitHub releases);
 * npm also accepts leading "=" like node-semver.  Go's "+incompatible" is
 * build metadata and its pseudo-versions are ordinary pre-releases, so both
 * order correctly with no special case.
 *
 * SemVer and pub compare leniently, the way the OSV reference (osv-scalibr's
 * "semver-like" reading) does, because their registries and advisories hold
 * versions such as "1.0", "1.1.3.4.5" or "20240101": the core is any number
 * of dot-separated numbers (missing ones count as 0, so "1.0" = "1.0.0"),
 * then an optional pre-release (after "-", or whatever else follows the
 * core, "1.0rc1"; an empty one counts as none) and "+build".  For versions
 * that follow the grammar this is exactly the SemVer order.  npm and Go
 * compare only valid versions; vg_version_check() is the strict grammar for
 * all four.  Deliberate difference from the reference: numbers after the
 * third are compared as numbers ("1.1.3.4.5" > "1.1.3"), where osv-scalibr
 * moves them into the pre-release.
 */
#include "vigil/error.h"
#include "version/scheme.h"

#include <string.h>

typedef struct semver {
	const char *core, *pre, *build; /* pre/build: NULL when absent */
	size_t core_len, pre_len, build_len;
} semver;

static const char *skip_prefix(const char *s, bool npm)
{
	if (npm)
		while (*s == '=' || *s == 'v')
			s++;
	else if (*s == 'v')
		s++;
	return s;
}

static int check_number(const char *s, size_t n, const char *what)
{
	if (n == 0)
		return vg_error_set(VG_EPARSE, "missing %s number", what);
	if (n > 1 && s[0] == '0')
		return vg_error_set(VG_EPARSE, "%s number '%.*s' has a leading zero", what,
				    n > 40 ? 40 : (int)n, s);
	return VG_OK;
}

/* Dot-separated identifiers of [0-9A-Za-z-]; numeric ones without leading zero when strict. */
static int check_idents(const char *s, size_t n, const char *what, bool numeric_strict)
{
	size_t i = 0;

	for (;;) {
		size_t start = i;
		bool digits = true;

		while (i < n && s[i] != '.') {
			if (!vg_isalnum(s[i]) && s[i] != '-')
				return vg_error_set(VG_EPARSE, "byte 0x%02x not allowed in %s",
						    (unsigned char)s[i], what);
			digits = digits && vg_isdigit(s[i]);
			i++;
		}
		if (i == start)
			return vg_error_set(VG_EPARSE, "empty identifier in %s", what);
		if (numeric_strict && digits && i - start > 1 && s[start] == '0')
			return vg_error_set(VG_EPARSE, "numeric %s identifier has a leading zero",
					    what);
		if (i == n)
			return VG_OK;
		i++;
	}
}

static int semver_parse(const char *s, bool npm, semver *v)
{
	const char *p = skip_prefix(s, npm);
	static const char *const names[] = { "major", "minor", "patch" };
	int i, rc;

	memset(v, 0, sizeof(*v));
	v->core = p;
	for (i = 0; i < 3; i++) {
		size_t n = vg_span_digits(p);

		if ((rc = check_number(p, n, names[i])) != VG_OK)
			return rc;
		p += n;
		if (i < 2) {
			if (*p != '.')
				return vg_error_set(VG_EPARSE, "expected '.' after the %s number",
						    names[i]);
			p++;
		}
	}
	v->core_len = (size_t)(p - v->core);
	if (*p == '-') {
		v->pre = ++p;
		while (*p && *p != '+')
			p++;
		v->pre_len = (size_t)(p - v->pre);
		if ((rc = check_idents(v->pre, v->pre_len, "pre-release", true)) != VG_OK)
			return rc;
	}
	if (*p == '+') {
		v->build = ++p;
		v->build_len = strlen(p);
		p += v->build_len;
		if ((rc = check_idents(v->build, v->build_len, "build metadata", false)) != VG_OK)
			return rc;
	}
	if (*p)
		return vg_error_set(VG_EPARSE, "unexpected '%c' after the version core", *p);
	return VG_OK;
}

/*
 * The lenient reading, which never fails: prefix, numbers separated by single
 * dots, then [-|.]pre-release (anything up to '+'), then +build.
 */
static void semver_read(const char *s, bool npm, semver *v)
{
	const char *p = skip_prefix(s, npm), *end;

	memset(v, 0, sizeof(*v));
	v->core = end = p;
	while (vg_isdigit(*p)) {
		end = p += vg_span_digits(p);
		if (*p != '.' || !vg_isdigit(p[1]))
			break;
		p++;
	}
	v->core_len = (size_t)(end - v->core);
	p = end;
	if (*p == '-' || (*p == '.' && v->core_len))
		p++;
	v->pre = p;
	while (*p && *p != '+')
		p++;
	v->pre_len = (size_t)(p - v->pre);
	if (!v->pre_len)
		v->pre = NULL;
	if (*p == '+') {
		v->build = ++p;
		v->build_len = strlen(p);
	}
}

/* Dotted numbers, a missing number counting as 0. */
static int core_cmp(const semver *a, const semver *b)
{
	const char *p = a->core, *q = b->core, *pe = p + a->core_len, *qe = q + b->core_len;
	int c;

	while (p < pe || q < qe) {
		size_t n = p < pe ? vg_span_digits(p) : 0, m = q < qe ? vg_span_digits(q) : 0;

		if ((c = vg_digits_cmp(p, n, q, m)) != 0)
			return c;
		p = p < pe ? p + n + 1 : p;
		q = q < qe ? q + m + 1 : q;
	}
	return 0;
}

/* Present-vs-absent order: a pre-release sorts before none, a build after none. */
static int optional_cmp(const char *a, size_t an, const char *b, size_t bn, int absent)
{
	if (!a && !b)
		return 0;
	if (!a || !b)
		return !a ? absent : -absent;
	return vg_idents_cmp(a, an, b, bn, false);
}

static int cmp_common(const char *a, const char *b, bool npm, bool with_build, int *out)
{
	semver x, y;
	int c;

	semver_read(a, npm, &x);
	semver_read(b, npm, &y);
	c = core_cmp(&x, &y);
	if (!c)
		c = optional_cmp(x.pre, x.pre_len, y.pre, y.pre_len, 1);
	if (!c && with_build)
		c = optional_cmp(x.build, x.build_len, y.build, y.build_len, -1);
	*out = c;
	return VG_OK;
}

static int semver_check(const char *s)
{
	semver v;

	return semver_parse(s, false, &v);
}

static int npm_check(const char *s)
{
	semver v;

	return semver_parse(s, true, &v);
}

static int semver_cmp(const char *a, const char *b, int *out)
{
	return cmp_common(a, b, false, false, out);
}

static int npm_cmp(const char *a, const char *b, int *out)
{
	return cmp_common(a, b, true, false, out);
}

static int pub_cmp(const char *a, const char *b, int *out)
{
	return cmp_common(a, b, false, true, out);
}

const vg_scheme_ops vg_scheme_semver = { "SemVer", semver_check, semver_cmp, true };
const vg_scheme_ops vg_scheme_npm = { "npm", npm_check, npm_cmp, false };
const vg_scheme_ops vg_scheme_go = { "Go", semver_check, semver_cmp, false };
const vg_scheme_ops vg_scheme_pub = { "pub", semver_check, pub_cmp, true };
