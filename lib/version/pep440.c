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
 * "Legacy" versions that PEP 440 does not allow are ordered as Python's
 * `packaging` LegacyVersion did (pypi_legacy.c): before every valid version.
 * vg_version_check() accepts only PEP 440.
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

/* [sep] N? after a keyword: the number (empty means 0); a lone separator is taken. */
static const char *opt_number(const char *p, num *out)
{
	const char *q = is_sep(*p) ? p + 1 : p;

	out->p = q;
	out->n = vg_span_digits(q);
	return q + out->n;
}

static bool is_space(int c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static const char *const pre_words[] = { "alpha", "a", "beta", "b", "preview", "pre", "rc", "c" };
static const int pre_kinds[] = { 0, 0, 1, 1, 2, 2, 2, 2 };
static const char *const post_words[] = { "post", "rev", "r" };

/* What pep_parse() found wrong, for pep_check()'s message. */
typedef enum pep_fault { PEP_OK, PEP_NO_RELEASE, PEP_EMPTY_LOCAL, PEP_UNEXPECTED } pep_fault;

/* The parse state: the version, and the fault found furthest into it. */
typedef struct pstate {
	const char *s;
	pep *v;
	pep_fault fault;
	size_t at;
} pstate;

static bool fail(pstate *st, pep_fault f, const char *p)
{
	size_t at = (size_t)(p - st->s);

	if (st->fault == PEP_OK || at >= st->at) {
		st->fault = f;
		st->at = at;
	}
	return false;
}

enum { ST_PRE, ST_POST, ST_DEV, ST_LOCAL, ST_END };

static bool parse_from(pstate *st, const char *p, int stage);

/* +local: alphanumeric segments separated by [-_.]. */
static bool parse_local(pstate *st, const char *p)
{
	pep *v = st->v;

	if (*p != '+')
		return parse_from(st, p, ST_END);
	v->local = ++p;
	for (;;) {
		const char *start = p;

		while (vg_isalnum(*p))
			p++;
		if (p == start)
			return fail(st, PEP_EMPTY_LOCAL, p);
		if (!is_sep(*p))
			break;
		p++;
	}
	v->local_len = (size_t)(p - v->local);
	if (parse_from(st, p, ST_END))
		return true;
	v->local = NULL;
	v->local_len = 0;
	return false;
}

/*
 * [sep] keyword [sep] N? for the pre, post or dev stage.  Like the regular
 * expression of PEP 440's appendix, every keyword that matches is tried (so
 * "1.0adev" is a0.dev0 and "1.0alpha" is a0), then the stage left out.
 */
static bool parse_keyword(pstate *st, const char *p, int stage)
{
	static const char *const dev_words[] = { "dev" };
	static const struct {
		const char *const *words;
		int n;
	} stages[] = { { pre_words, 8 }, { post_words, 3 }, { dev_words, 1 } };
	const char *q = is_sep(*p) ? p + 1 : p;
	pep *v = st->v, saved = *v;
	num *out = stage == ST_PRE ? &v->pre : stage == ST_POST ? &v->post : &v->dev;
	int i;

	for (i = 0; i < stages[stage].n; i++) {
		size_t n = word(q, stages[stage].words[i]);

		if (!n)
			continue;
		if (stage == ST_PRE)
			v->pre_kind = pre_kinds[i];
		v->has_post = v->has_post || stage == ST_POST;
		v->has_dev = stage == ST_DEV;
		if (parse_from(st, opt_number(q + n, out), stage + 1))
			return true;
		*v = saved;
	}
	/* the implicit post-release "-N" */
	if (stage == ST_POST && *p == '-' && vg_isdigit(p[1])) {
		v->has_post = true;
		v->post.p = p + 1;
		v->post.n = vg_span_digits(p + 1);
		if (parse_from(st, p + 1 + v->post.n, stage + 1))
			return true;
		*v = saved;
	}
	return parse_from(st, p, stage + 1);
}

static bool parse_from(pstate *st, const char *p, int stage)
{
	if (stage < ST_LOCAL)
		return parse_keyword(st, p, stage);
	if (stage == ST_LOCAL)
		return parse_local(st, p);
	while (is_space(*p))
		p++;
	return *p ? fail(st, PEP_UNEXPECTED, p) : true;
}

/*
 * Parse without recording an error: a failure is the normal case for legacy
 * versions, which compare without one.  *at is the byte offset of a fault.
 * Surrounding whitespace is allowed, as `packaging` allows it.
 */
static pep_fault pep_parse(const char *s, pep *v, size_t *at)
{
	const char *p = s;
	pstate st = { s, v, PEP_OK, 0 };
	size_t n;

	memset(v, 0, sizeof(*v));
	v->pre_kind = -1;
	while (is_space(*p))
		p++;
	if (*p == 'v' || *p == 'V')
		p++;
	n = vg_span_digits(p);
	if (n && p[n] == '!') {
		v->epoch.p = p;
		v->epoch.n = n;
		p += n + 1;
		n = vg_span_digits(p);
	}
	*at = (size_t)(p - s);
	if (!n)
		return PEP_NO_RELEASE;
	v->rel = p;
	while (n) {
		p += n;
		if (*p != '.' || !vg_isdigit(p[1]))
			break;
		n = vg_span_digits(++p);
	}
	v->rel_len = (size_t)(p - v->rel);
	if (parse_from(&st, p, ST_PRE))
		return PEP_OK;
	*at = st.at;
	return st.fault;
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
	size_t at;
	bool xv = pep_parse(a, &x, &at) == PEP_OK, yv = pep_parse(b, &y, &at) == PEP_OK;

	if (!xv || !yv) {
		/* legacy versions sort before all valid ones */
		*out = xv ? 1 : yv ? -1 : vg_pypi_legacy_cmp(a, b);
		return VG_OK;
	}
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
	size_t at = 0;

	switch (pep_parse(s, &v, &at)) {
	case PEP_OK: return VG_OK;
	case PEP_NO_RELEASE:
		return vg_error_set(VG_EPARSE, "expected a release number at byte %zu", at);
	case PEP_EMPTY_LOCAL:
		return vg_error_set(VG_EPARSE, "empty local version segment at byte %zu", at);
	default: return vg_error_set(VG_EPARSE, "unexpected '%c' at byte %zu", s[at], at);
	}
}

const vg_scheme_ops vg_scheme_pypi = { "PEP 440", pep_check, pep_cmp, true };
