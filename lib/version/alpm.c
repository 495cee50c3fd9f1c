/*
 * alpm.c - Arch Linux package version order (libalpm's vercmp, as in
 * pacman's `vercmp` tool and its man page).
 *
 * [epoch:]pkgver[-pkgrel]: the epoch is the leading digits before a ':'
 * (missing or empty = 0), the release what follows the last '-'.  Epochs
 * compare first, then versions; releases only when both versions have one,
 * so "1.5" = "1.5-1".  Each part compares like rpmvercmp with pacman's
 * differences: runs of digits and runs of letters are compared in turn
 * (numbers numerically, letters byte-wise, a number beats letters); the
 * separators before them are skipped, but a longer separator run makes the
 * version newer at that point; when one side runs out, a remaining letter
 * run is older ("1.5b" < "1.5") and anything else newer ("1.5.a" > "1.5").
 * Identical strings are equal.  Any non-empty string is accepted.
 */
#include "vigil/error.h"
#include "version/scheme.h"

#include <string.h>

typedef struct span {
	const char *p;
	size_t n;
} span;

/* One part of a version, ordered rpmvercmp-style (pacman variant). */
static int part_cmp(span a, span b)
{
	const char *p = a.p, *q = b.p, *pe = a.p + a.n, *qe = b.p + b.n;

	if (a.n == b.n && !memcmp(a.p, b.p, a.n))
		return 0;
	while (p < pe && q < qe) {
		const char *ps = p, *qs = q, *x, *y;
		bool num;
		int c;

		while (p < pe && !vg_isalnum(*p))
			p++;
		while (q < qe && !vg_isalnum(*q))
			q++;
		if (p == pe || q == qe)
			break;
		if (p - ps != q - qs)
			return p - ps < q - qs ? -1 : 1;
		num = vg_isdigit(*p);
		for (x = p; x < pe && (num ? vg_isdigit(*x) : vg_isalpha(*x)); x++)
			;
		for (y = q; y < qe && (num ? vg_isdigit(*y) : vg_isalpha(*y)); y++)
			;
		if (y == q) /* the other side has the other kind of run here */
			return num ? 1 : -1;
		c = num ? vg_digits_cmp(p, (size_t)(x - p), q, (size_t)(y - q))
			: vg_bytes_cmp(p, (size_t)(x - p), q, (size_t)(y - q));
		if (c)
			return c;
		p = x;
		q = y;
	}
	if (p == pe && q == qe)
		return 0;
	/* a remaining letter run never beats the end */
	if ((p == pe && !(q < qe && vg_isalpha(*q))) || (p < pe && vg_isalpha(*p)))
		return -1;
	return 1;
}

/* Split [epoch:]version[-release]. */
static void alpm_split(const char *s, span *epoch, span *ver, span *rel, bool *has_rel)
{
	size_t d = vg_span_digits(s), len = strlen(s);
	const char *dash = strrchr(s + d, '-');

	*epoch = (span){ "0", 1 };
	*ver = (span){ s, len };
	if (s[d] == ':') {
		if (d)
			*epoch = (span){ s, d };
		*ver = (span){ s + d + 1, len - d - 1 };
	}
	*has_rel = dash != NULL;
	if (dash) {
		ver->n = (size_t)(dash - ver->p);
		*rel = (span){ dash + 1, strlen(dash + 1) };
	}
}

static int alpm_cmp(const char *a, const char *b, int *out)
{
	span ea, va, ra = { "", 0 }, eb, vb, rb = { "", 0 };
	bool hra, hrb;
	int c;

	if (!strcmp(a, b)) {
		*out = 0;
		return VG_OK;
	}
	alpm_split(a, &ea, &va, &ra, &hra);
	alpm_split(b, &eb, &vb, &rb, &hrb);
	c = part_cmp(ea, eb);
	if (!c)
		c = part_cmp(va, vb);
	if (!c && hra && hrb)
		c = part_cmp(ra, rb);
	*out = c;
	return VG_OK;
}

const vg_scheme_ops vg_scheme_alpm = { "alpm", NULL, alpm_cmp, false };
