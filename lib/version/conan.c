/*
 * conan.c - Conan 2 package version order (conan.tools / conans.model.version
 * as documented in Conan's "Version ranges" reference).
 *
 * main[-pre][+build]: the build is what follows the last '+', the
 * pre-release what follows the first '-' before it.  Each of the three is a
 * list of '.'-separated items whose trailing zero items are dropped ("1" =
 * "1.0.0", "1-pre1" = "1.0-pre1.0").  Items compare numerically when both
 * are numbers (ASCII digits), else as strings, a number written without
 * leading zeros ("1.1" < "1.1a" < "1.a", "1.1*" < "1.20"); a longer list wins
 * on an equal prefix.  Then a pre-release sorts before no pre-release, and
 * builds decide last (none < any).  Any non-empty string is accepted.
 *
 * Conan's mixed number/string items are not transitive (2 < 10 < "1a" < 2),
 * and neither is this order: it follows Conan, not a total preorder.
 */
#include "vigil/error.h"
#include "version/scheme.h"

#include <string.h>

typedef struct span {
	const char *p;
	size_t n;
	bool present;
} span;

static bool all_digits(const char *p, size_t n)
{
	return n > 0 && vg_span_digits(p) >= n;
}

/* The number of items of a list once its trailing zero items are dropped. */
static size_t count_items(const char *p, size_t n)
{
	size_t items = 1, i;

	for (i = 0; i < n; i++)
		items += p[i] == '.';
	while (items > 0) {
		size_t start = n;

		while (start > 0 && p[start - 1] != '.')
			start--;
		if (!all_digits(p + start, n - start) || !vg_digits_zero(p + start, n - start))
			break;
		items--;
		n = start ? start - 1 : 0;
	}
	return items;
}

static int item_cmp(const char *a, size_t an, const char *b, size_t bn)
{
	bool ad = all_digits(a, an), bd = all_digits(b, bn);

	if (ad && bd)
		return vg_digits_cmp(a, an, b, bn);
	/* a number compares as its decimal text, without leading zeros */
	while (ad && an > 1 && *a == '0') {
		a++;
		an--;
	}
	while (bd && bn > 1 && *b == '0') {
		b++;
		bn--;
	}
	return vg_bytes_cmp(a, an, b, bn);
}

static int items_cmp(span a, span b)
{
	size_t ai = count_items(a.p, a.n), bi = count_items(b.p, b.n), k, i = 0, j = 0;

	for (k = 0; k < ai && k < bi; k++) {
		size_t ie = i, je = j;
		int c;

		while (ie < a.n && a.p[ie] != '.')
			ie++;
		while (je < b.n && b.p[je] != '.')
			je++;
		if ((c = item_cmp(a.p + i, ie - i, b.p + j, je - j)) != 0)
			return c;
		i = ie + 1;
		j = je + 1;
	}
	return ai == bi ? 0 : ai < bi ? -1 : 1;
}

static void conan_split(const char *s, span *main, span *pre, span *build)
{
	const char *plus = strrchr(s, '+'), *end = plus ? plus : s + strlen(s), *dash;

	*build = plus ? (span){ plus + 1, strlen(plus + 1), true } : (span){ "", 0, false };
	dash = memchr(s, '-', (size_t)(end - s));
	*main = (span){ s, (size_t)((dash ? dash : end) - s), true };
	*pre = dash ? (span){ dash + 1, (size_t)(end - dash - 1), true } : (span){ "", 0, false };
}

/* Absent sorts as `absent` (-1 before, 1 after) a present one. */
static int optional_cmp(span a, span b, int absent)
{
	if (a.present != b.present)
		return a.present ? -absent : absent;
	return a.present ? items_cmp(a, b) : 0;
}

static int conan_cmp(const char *a, const char *b, int *out)
{
	span ma, pa, ba, mb, pb, bb;
	int c;

	conan_split(a, &ma, &pa, &ba);
	conan_split(b, &mb, &pb, &bb);
	c = items_cmp(ma, mb);
	if (!c)
		c = optional_cmp(pa, pb, 1);
	if (!c)
		c = optional_cmp(ba, bb, -1);
	*out = c;
	return VG_OK;
}

const vg_scheme_ops vg_scheme_conan = { "Conan", NULL, conan_cmp, false };
