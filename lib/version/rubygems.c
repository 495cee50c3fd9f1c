/*
 * rubygems.c - RubyGems version order (Gem::Version).
 *
 * The version is read as segments: runs of digits (numbers) and runs of
 * letters (strings); every '-' stands for a ".pre." string segment; other
 * bytes only separate.  Trailing zeros are dropped from the numeric part
 * (before the first string) and from the rest.  Segments then compare
 * pairwise, missing ones counting as 0: a string is older than a number,
 * numbers compare numerically and strings byte-wise.
 */
#include "vigil/error.h"
#include "version/scheme.h"

#include <stdlib.h>
#include <string.h>

typedef struct gem_seg {
	const char *p;
	size_t n;
	bool number;
} gem_seg;

typedef struct gem_segs {
	gem_seg *s;
	size_t n;
	gem_seg local[64];
} gem_segs;

static size_t gem_count(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (*s == '-' || (vg_isalnum(*s) && (!vg_isalnum(s[1]) ||
						      vg_isdigit(*s) != vg_isdigit(s[1]))))
			n++;
	return n;
}

/* Drop zero segments from [start, end) backwards; returns the new end. */
static size_t drop_zeros(const gem_seg *s, size_t start, size_t end)
{
	while (end > start && s[end - 1].number && vg_digits_zero(s[end - 1].p, s[end - 1].n))
		end--;
	return end;
}

static int gem_parse(const char *str, gem_segs *v)
{
	size_t cap = gem_count(str), first_string, end, k;
	const char *p = str;

	v->s = v->local;
	if (cap > sizeof(v->local) / sizeof(v->local[0])) {
		v->s = malloc(cap * sizeof(*v->s));
		if (!v->s)
			return vg_error_set(VG_ENOMEM, "out of memory ordering a RubyGems version");
	}
	v->n = 0;
	while (*p) {
		gem_seg *g = &v->s[v->n];
		const char *q = p;

		if (*p == '-') {
			*g = (gem_seg){ "pre", 3, false };
			v->n++;
			p++;
			continue;
		}
		if (!vg_isalnum(*p)) {
			p++;
			continue;
		}
		while (vg_isalnum(*q) && vg_isdigit(*q) == vg_isdigit(*p))
			q++;
		*g = (gem_seg){ p, (size_t)(q - p), vg_isdigit(*p) };
		v->n++;
		p = q;
	}
	for (first_string = 0; first_string < v->n && v->s[first_string].number; first_string++)
		;
	end = drop_zeros(v->s, 0, first_string);
	/* close the gap left by the numeric part's dropped zeros */
	if (end < first_string) {
		for (k = first_string; k < v->n; k++)
			v->s[end + k - first_string] = v->s[k];
		v->n -= first_string - end;
		first_string = end;
	}
	v->n = drop_zeros(v->s, first_string, v->n);
	return VG_OK;
}

static void gem_free(gem_segs *v)
{
	if (v->s != v->local)
		free(v->s);
}

static int seg_cmp(const gem_seg *a, const gem_seg *b)
{
	if (a->number != b->number)
		return a->number ? 1 : -1;
	return a->number ? vg_digits_cmp(a->p, a->n, b->p, b->n) : vg_bytes_cmp(a->p, a->n, b->p, b->n);
}

static int gem_cmp(const char *a, const char *b, int *out)
{
	static const gem_seg zero = { "0", 1, true };
	gem_segs x, y;
	size_t i;
	int c = 0;

	if (gem_parse(a, &x) != VG_OK)
		return VG_ENOMEM;
	if (gem_parse(b, &y) != VG_OK) {
		gem_free(&x);
		return VG_ENOMEM;
	}
	for (i = 0; !c && (i < x.n || i < y.n); i++)
		c = seg_cmp(i < x.n ? &x.s[i] : &zero, i < y.n ? &y.s[i] : &zero);
	gem_free(&x);
	gem_free(&y);
	*out = c;
	return VG_OK;
}

const vg_scheme_ops vg_scheme_rubygems = { "RubyGems", NULL, gem_cmp, false };
