/*
 * gentoo.c - Gentoo package version order, as the Package Manager
 * Specification (PMS, "Version comparison") defines it.
 *
 * N(.N)*[letter](_suffix[N])*[-rN] with suffix one of alpha, beta, pre, rc,
 * p; anything else is invalid.  Order:
 *   1. the first numbers numerically;
 *   2. the following numbers one by one: if either starts with '0', both
 *      compare as strings with trailing zeros removed ("1.01" < "1.1",
 *      "1.001" < "1.0010000000001"), else numerically; when all shared ones
 *      are equal, more numbers win ("1.0" < "1.0.0", "1.0b" < "1.0.0");
 *   3. the letter: none < a < ... < z;
 *   4. suffixes one by one, by kind alpha < beta < pre < rc < p, then number
 *      (missing = 0); when one version has more, its next suffix decides:
 *      _p makes it newer, any other older ("1.0_rc1" < "1.0" < "1.0_p1");
 *   5. the revision (missing = r0, so "1.0" = "1.0-r0").
 */
#include "vigil/error.h"
#include "version/scheme.h"

#include <string.h>

typedef struct gver {
	const char *nums, *sufs, *rev; /* sufs: from the first '_'; rev: digits after "-r" */
	size_t nums_len, sufs_len, rev_len;
	int letter; /* 0 when absent */
} gver;

static const char *const suffixes[] = { "alpha", "beta", "pre", "rc", "p" };
#define NSUF 5

/* The suffix kind at p (just after '_'), or -1; *len is its word length. */
static int suffix_kind(const char *p, size_t *len)
{
	int i, best = -1;

	/* longest match first matters only for "pre" vs "p" */
	for (i = 0; i < NSUF; i++) {
		size_t n = strlen(suffixes[i]);

		if (!strncmp(p, suffixes[i], n) && (best < 0 || n > *len)) {
			best = i;
			*len = n;
		}
	}
	return best;
}

/* Parse; on failure *bad is the offset of the fault. */
static bool gentoo_parse(const char *s, gver *v, size_t *bad)
{
	const char *p = s;

	memset(v, 0, sizeof(*v));
	v->nums = p;
	for (;;) {
		size_t n = vg_span_digits(p);

		if (!n) {
			*bad = (size_t)(p - s);
			return false;
		}
		p += n;
		if (*p != '.')
			break;
		p++;
	}
	v->nums_len = (size_t)(p - v->nums);
	if (*p >= 'a' && *p <= 'z')
		v->letter = *p++;
	v->sufs = p;
	while (*p == '_') {
		size_t len = 0;

		if (suffix_kind(p + 1, &len) < 0) {
			*bad = (size_t)(p + 1 - s);
			return false;
		}
		p += 1 + len;
		p += vg_span_digits(p);
	}
	v->sufs_len = (size_t)(p - v->sufs);
	if (p[0] == '-' && p[1] == 'r' && vg_isdigit(p[2])) {
		v->rev = p + 2;
		v->rev_len = vg_span_digits(p + 2);
		p += 2 + v->rev_len;
	}
	*bad = (size_t)(p - s);
	return *p == '\0';
}

static int gentoo_check(const char *s)
{
	gver v;
	size_t bad;

	if (gentoo_parse(s, &v, &bad))
		return VG_OK;
	return vg_error_set(VG_EPARSE, "unexpected '%c' at byte %zu (expected N(.N)*[a-z]"
			    "(_alpha|_beta|_pre|_rc|_p[N])*[-rN])", s[bad] ? s[bad] : ' ', bad);
}

/* Step 2 for one pair of later numbers. */
static int later_number_cmp(const char *a, size_t an, const char *b, size_t bn)
{
	if (*a != '0' && *b != '0')
		return vg_digits_cmp(a, an, b, bn);
	while (an > 0 && a[an - 1] == '0')
		an--;
	while (bn > 0 && b[bn - 1] == '0')
		bn--;
	return vg_bytes_cmp(a, an, b, bn);
}

static int numbers_cmp(const gver *a, const gver *b)
{
	const char *p = a->nums, *q = b->nums, *pe = p + a->nums_len, *qe = q + b->nums_len;
	bool first = true;

	while (p < pe && q < qe) {
		size_t n = vg_span_digits(p), m = vg_span_digits(q);
		int c = first ? vg_digits_cmp(p, n, q, m) : later_number_cmp(p, n, q, m);

		if (c)
			return c;
		first = false;
		p += n + 1;
		q += m + 1;
	}
	return p < pe ? 1 : q < qe ? -1 : 0;
}

/* The next suffix of a run ("_rc1_p2"): kind and number; false at the end. */
static bool next_suffix(const char **p, const char *end, int *kind, const char **num, size_t *n)
{
	size_t len = 0;

	if (*p >= end)
		return false;
	*kind = suffix_kind(*p + 1, &len);
	*num = *p + 1 + len;
	*n = vg_span_digits(*num);
	*p = *num + *n;
	return true;
}

static int suffixes_cmp(const gver *a, const gver *b)
{
	const char *p = a->sufs, *q = b->sufs, *pe = p + a->sufs_len, *qe = q + b->sufs_len;

	for (;;) {
		const char *x, *y;
		size_t xn, yn;
		int xk, yk, c;
		bool hx = next_suffix(&p, pe, &xk, &x, &xn), hy = next_suffix(&q, qe, &yk, &y, &yn);

		if (!hx || !hy) {
			if (hx)
				return xk == NSUF - 1 ? 1 : -1;
			return hy ? (yk == NSUF - 1 ? -1 : 1) : 0;
		}
		if (xk != yk)
			return xk < yk ? -1 : 1;
		if ((c = vg_digits_cmp(x, xn, y, yn)) != 0)
			return c;
	}
}

static int gentoo_cmp(const char *a, const char *b, int *out)
{
	gver x, y;
	size_t bad;
	int c;

	gentoo_parse(a, &x, &bad);
	gentoo_parse(b, &y, &bad);
	c = numbers_cmp(&x, &y);
	if (!c && x.letter != y.letter)
		c = x.letter < y.letter ? -1 : 1;
	if (!c)
		c = suffixes_cmp(&x, &y);
	if (!c)
		c = vg_digits_cmp(x.rev ? x.rev : "", x.rev_len, y.rev ? y.rev : "", y.rev_len);
	*out = c;
	return VG_OK;
}

const vg_scheme_ops vg_scheme_gentoo = { "Gentoo", gentoo_check, gentoo_cmp, false };
