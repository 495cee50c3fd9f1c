/*
 * pep440.c - Python (PyPI) version order, PEP 440.
 *
 * [N!]N(.N)*[{a|b|rc}N][.postN][.devN][+local], case-insensitive, with the
 * spellings PEP 440 normalises: a leading "v", "alpha"/"beta"/"c"/"pre"/
 * "preview", "rev"/"r" and "-N" for post-releases, optional separators
 * [-_.] and implicit numbers (0).  Order: epoch; release (trailing zeros do
 * not count); then dev-only releases < pre-releases < the release <
 * post-releases, each by number, a .devN before what it develops; then a
 * local version after none, segment by segment (numbers beat words).
 * "Legacy" versions that PEP 440 does not allow are rejected.
 */
#include "vigil/error.h"
#include "version/scheme.h"

#include <string.h>

typedef struct num {
	const char *p;
	size_t n;
} num;

typedef struct pep {
	num epoch, pre, post, dev;
	const char *rel, *local;
	size_t rel_len, local_len;
	int pre_kind; /* -1 none, 0 a, 1 b, 2 rc */
	bool has_post, has_dev;
} pep;

/* Length of the case-insensitive word w at p, or 0. */
static size_t word(const char *p, const char *w)
{
	size_t n = strlen(w), i;

	for (i = 0; i < n; i++)
		if (vg_tolower((unsigned char)p[i]) != w[i])
			return 0;
	return n;
}

static bool is_sep(int c)
{
	return c == '-' || c == '_' || c == '.';
}

/* [sep] N? after a keyword: the number (empty means 0). */
static const char *opt_number(const char *p, num *out)
{
	const char *q = is_sep(*p) ? p + 1 : p;
	size_t n = vg_span_digits(q);

	out->p = q;
	out->n = n;
	return n ? q + n : p;
}

/* [sep] keyword [sep] N?, trying keywords in order; returns the new position or NULL. */
static const char *keyword(const char *p, const char *const *words, int nwords, int *which,
			   num *out)
{
	const char *q = is_sep(*p) ? p + 1 : p;
	int i;

	for (i = 0; i < nwords; i++) {
		size_t n = word(q, words[i]);

		if (n && !vg_isalpha(q[n])) {
			*which = i;
			return opt_number(q + n, out);
		}
	}
	return NULL;
}

static const char *const pre_words[] = { "alpha", "a", "beta", "b", "preview", "pre", "rc", "c" };
static const int pre_kinds[] = { 0, 0, 1, 1, 2, 2, 2, 2 };
static const char *const post_words[] = { "post", "rev", "r" };
static const char *const dev_words[] = { "dev" };

static int pep_parse(const char *s, pep *v)
{
	const char *p = s, *q;
	size_t n;
	int which;

	memset(v, 0, sizeof(*v));
	v->pre_kind = -1;
	if (*p == 'v' || *p == 'V')
		p++;
	n = vg_span_digits(p);
	if (n && p[n] == '!') {
		v->epoch.p = p;
		v->epoch.n = n;
		p += n + 1;
		n = vg_span_digits(p);
	}
	if (!n)
		return vg_error_set(VG_EPARSE, "expected a release number at byte %zu",
				    (size_t)(p - s));
	v->rel = p;
	while (n) {
		p += n;
		if (*p != '.' || !vg_isdigit(p[1]))
			break;
		n = vg_span_digits(++p);
	}
	v->rel_len = (size_t)(p - v->rel);
	if ((q = keyword(p, pre_words, 8, &which, &v->pre)) != NULL) {
		v->pre_kind = pre_kinds[which];
		p = q;
	}
	if ((q = keyword(p, post_words, 3, &which, &v->post)) != NULL) {
		v->has_post = true;
		p = q;
	} else if (*p == '-' && (n = vg_span_digits(p + 1)) > 0) {
		v->has_post = true;
		v->post.p = p + 1;
		v->post.n = n;
		p += 1 + n;
	}
	if ((q = keyword(p, dev_words, 1, &which, &v->dev)) != NULL) {
		v->has_dev = true;
		p = q;
	}
	if (*p == '+') {
		v->local = ++p;
		for (;;) {
			const char *start = p;

			while (vg_isalnum(*p))
				p++;
			if (p == start)
				return vg_error_set(VG_EPARSE, "empty local version segment at byte %zu",
						    (size_t)(p - s));
			if (!is_sep(*p))
				break;
			p++;
		}
		v->local_len = (size_t)(p - v->local);
	}
	if (*p)
		return vg_error_set(VG_EPARSE, "unexpected '%c' at byte %zu", *p, (size_t)(p - s));
	return VG_OK;
}

/* Dotted release numbers, missing ones counting as 0. */
static int release_cmp(const pep *a, const pep *b)
{
	const char *p = a->rel, *q = b->rel, *pe = a->rel + a->rel_len, *qe = b->rel + b->rel_len;

	while (p < pe || q < qe) {
		size_t n = p < pe ? vg_span_digits(p) : 0, m = q < qe ? vg_span_digits(q) : 0;
		int c = vg_digits_cmp(p, n, q, m);

		if (c)
			return c;
		p = p < pe ? p + n + 1 : p;
		q = q < qe ? q + m + 1 : q;
	}
	return 0;
}

/* A sort key part: rank first (e.g. -1 for "-infinity", 1 for "+infinity"), then a number. */
static int key_cmp(int ra, num na, int rb, num nb)
{
	if (ra != rb)
		return ra < rb ? -1 : 1;
	return ra == 0 ? vg_digits_cmp(na.p, na.n, nb.p, nb.n) : 0;
}

static int pre_rank(const pep *v)
{
	if (v->pre_kind >= 0)
		return 0;
	return !v->has_post && v->has_dev ? -1 : 1;
}

static int local_cmp(const pep *a, const pep *b)
{
	size_t i = 0, j = 0;

	if (!a->local || !b->local)
		return a->local ? 1 : b->local ? -1 : 0;
	while (i < a->local_len && j < b->local_len) {
		const char *x = a->local + i, *y = b->local + j;
		size_t xn = 0, yn = 0;
		bool xd, yd;
		int c;

		while (i + xn < a->local_len && vg_isalnum(x[xn]))
			xn++;
		while (j + yn < b->local_len && vg_isalnum(y[yn]))
			yn++;
		xd = vg_span_digits(x) >= xn;
		yd = vg_span_digits(y) >= yn;
		if (xd != yd)
			return xd ? 1 : -1;
		c = xd ? vg_digits_cmp(x, xn, y, yn) : vg_bytes_casecmp(x, xn, y, yn);
		if (c)
			return c;
		i += xn + 1;
		j += yn + 1;
	}
	if (i < a->local_len)
		return 1;
	return j < b->local_len ? -1 : 0;
}

static int pep_cmp(const char *a, const char *b, int *out)
{
	pep x, y;
	int c;
	num zero = { "", 0 };

	pep_parse(a, &x);
	pep_parse(b, &y);
	c = vg_digits_cmp(x.epoch.p ? x.epoch.p : "", x.epoch.n, y.epoch.p ? y.epoch.p : "",
			  y.epoch.n);
	if (!c)
		c = release_cmp(&x, &y);
	if (!c) {
		c = key_cmp(pre_rank(&x), zero, pre_rank(&y), zero);
		if (!c && x.pre_kind >= 0 && x.pre_kind != y.pre_kind)
			c = x.pre_kind < y.pre_kind ? -1 : 1;
		if (!c && x.pre_kind >= 0)
			c = vg_digits_cmp(x.pre.p, x.pre.n, y.pre.p, y.pre.n);
	}
	if (!c)
		c = key_cmp(x.has_post ? 0 : -1, x.post, y.has_post ? 0 : -1, y.post);
	if (!c)
		c = key_cmp(x.has_dev ? 0 : 1, x.dev, y.has_dev ? 0 : 1, y.dev);
	if (!c)
		c = local_cmp(&x, &y);
	*out = c;
	return VG_OK;
}

static int pep_check(const char *s)
{
	pep v;

	return pep_parse(s, &v);
}

const vg_scheme_ops vg_scheme_pypi = { "PEP 440", pep_check, pep_cmp };
