/*
 * maven.c - Maven version order (the POM reference's "version order
 * specification", as Maven's ComparableVersion and OSV implement it).
 *
 * The version splits at '.', '-' and digit/non-digit transitions (a
 * transition counts as '-'); each token keeps its separator.  Empty tokens
 * are 0, "cr" is "rc", "ga"/"final"/"release" are "", and a/b/m directly
 * followed by a digit mean alpha/beta/milestone; case does not matter.
 * Trailing null tokens (0 or "") are trimmed at the end and before each '-'.
 * Tokens then compare pairwise, the shorter version padded with nulls:
 * with equal separators, numbers numerically and above words, known words
 * alpha < beta < milestone < rc < snapshot < "" < sp, then unknown words
 * alphabetically; with different separators .word < -word < -number < .number.
 */
#include "vigil/error.h"
#include "version/scheme.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { KW_EMPTY = 5, KW_UNKNOWN = 7 };

typedef struct mvn_tok {
	const char *p;   /* digits without leading zeros, or the word */
	uint32_t n;
	char prefix;     /* '.', '-', or 0 for the first token */
	bool number;
	bool null;       /* a padding token */
	uint8_t kw;      /* word rank, KW_UNKNOWN for other words */
} mvn_tok;

typedef struct mvn_toks {
	mvn_tok *t;
	size_t n;
	mvn_tok local[64];
} mvn_toks;

static const char *const keywords[] = { "alpha", "beta", "milestone", "rc", "snapshot", "", "sp" };

static bool word_is(const char *p, size_t n, const char *w)
{
	return strlen(w) == n && vg_bytes_casecmp(p, n, w, n) == 0;
}

static void classify(mvn_tok *t, const char *p, size_t n, bool before_digit)
{
	int i;

	t->null = false;
	if (n == 0 || vg_isdigit(*p)) {
		while (n > 1 && *p == '0')
			p++, n--;
		t->p = n ? p : "0";
		t->n = n ? (uint32_t)n : 1;
		t->number = true;
		return;
	}
	t->number = false;
	t->p = p;
	t->n = (uint32_t)n;
	if (before_digit && n == 1 && strchr("abmABM", *p)) {
		t->kw = (uint8_t)(vg_tolower((unsigned char)*p) == 'a' ? 0 :
				  vg_tolower((unsigned char)*p) == 'b' ? 1 : 2);
		return;
	}
	if (word_is(p, n, "cr")) {
		t->kw = 3;
		return;
	}
	if (word_is(p, n, "ga") || word_is(p, n, "final") || word_is(p, n, "release")) {
		t->kw = KW_EMPTY;
		return;
	}
	for (i = 0; i < 7; i++)
		if (i != KW_EMPTY && word_is(p, n, keywords[i])) {
			t->kw = (uint8_t)i;
			return;
		}
	t->kw = KW_UNKNOWN;
}

static size_t count_tokens(const char *s)
{
	size_t n = 1;

	for (; *s; s++)
		if (*s == '.' || *s == '-' || (s[1] && s[1] != '.' && s[1] != '-' &&
					       vg_isdigit(*s) != vg_isdigit(s[1])))
			n++;
	return n;
}

static bool trimmable(const mvn_tok *t)
{
	return t->number ? t->n == 1 && t->p[0] == '0' : t->kw == KW_EMPTY;
}

/* Remove trailing null tokens at the end and before each '-'. */
static void trim(mvn_toks *v)
{
	size_t out = 0, k;
	long i = (long)v->n - 1;

	while (i > 0) {
		if (trimmable(&v->t[i])) {
			v->t[i].null = true; /* marks the token for removal */
			i--;
			continue;
		}
		while (i >= 0 && v->t[i].prefix != '-')
			i--;
		i--;
	}
	for (k = 0; k < v->n; k++)
		if (!v->t[k].null)
			v->t[out++] = v->t[k];
	v->n = out;
}

static int mvn_parse(const char *s, mvn_toks *v)
{
	size_t cap = count_tokens(s);
	const char *p = s;
	char prefix = 0;

	v->t = v->local;
	if (cap > sizeof(v->local) / sizeof(v->local[0])) {
		v->t = malloc(cap * sizeof(*v->t));
		if (!v->t)
			return vg_error_set(VG_ENOMEM, "out of memory ordering a Maven version");
	}
	v->n = 0;
	for (;;) {
		const char *end = p;

		while (*end && *end != '.' && *end != '-')
			end++;
		/* split the raw token at digit/non-digit transitions */
		do {
			const char *q = p;
			mvn_tok *t = &v->t[v->n++];

			while (q < end && (q == p || vg_isdigit(*q) == vg_isdigit(*p)))
				q++;
			t->prefix = prefix;
			classify(t, p, (size_t)(q - p), q < end);
			prefix = '-';
			p = q;
		} while (p < end);
		if (!*end)
			break;
		prefix = *end;
		p = end + 1;
	}
	trim(v);
	return VG_OK;
}

static void mvn_free(mvn_toks *v)
{
	if (v->t != v->local)
		free(v->t);
}

static mvn_tok null_like(const mvn_tok *other)
{
	mvn_tok t = { "", 0, other->prefix, false, true, KW_EMPTY };

	if (other->prefix == '.' && !(!other->number && other->kw == 6)) {
		t.p = "0";
		t.n = 1;
		t.number = true;
	}
	return t;
}

static bool tok_equal(const mvn_tok *a, const mvn_tok *b)
{
	if (a->prefix != b->prefix || a->number != b->number)
		return false;
	if (a->number)
		return vg_digits_cmp(a->p, a->n, b->p, b->n) == 0;
	if (a->kw != b->kw)
		return false;
	return a->kw != KW_UNKNOWN || vg_bytes_casecmp(a->p, a->n, b->p, b->n) == 0;
}

static int separator_rank(const mvn_tok *t)
{
	if (t->number)
		return t->prefix == '-' ? 2 : 3;
	return t->prefix == '-' ? 1 : 0;
}

/* Rank in the word order; a padding 0 ranks as the unknown word "0". */
static int word_cmp(const mvn_tok *a, const mvn_tok *b)
{
	int ka = a->number ? KW_UNKNOWN : a->kw, kb = b->number ? KW_UNKNOWN : b->kw;

	if (ka == KW_UNKNOWN && kb == KW_UNKNOWN)
		return vg_bytes_casecmp(a->p, a->n, b->p, b->n);
	return ka < kb ? -1 : ka > kb ? 1 : 0;
}

static int tok_cmp(const mvn_tok *a, const mvn_tok *b)
{
	int c;

	if (tok_equal(a, b))
		return 0;
	if (a->prefix != b->prefix) {
		c = separator_rank(a) - separator_rank(b);
		return vg_sign(c);
	}
	if (a->number && b->number)
		return vg_digits_cmp(a->p, a->n, b->p, b->n);
	if (a->number && !a->null)
		return 1;
	if (b->number && !b->null)
		return -1;
	return word_cmp(a, b);
}

static int mvn_cmp(const char *a, const char *b, int *out)
{
	mvn_toks x, y;
	size_t i, n;
	int c = 0;

	if (mvn_parse(a, &x) != VG_OK)
		return VG_ENOMEM;
	if (mvn_parse(b, &y) != VG_OK) {
		mvn_free(&x);
		return VG_ENOMEM;
	}
	n = x.n > y.n ? x.n : y.n;
	for (i = 0; i < n && !c; i++) {
		mvn_tok pa, pb;
		const mvn_tok *ta = i < x.n ? &x.t[i] : (pa = null_like(&y.t[i]), &pa);
		const mvn_tok *tb = i < y.n ? &y.t[i] : (pb = null_like(&x.t[i]), &pb);

		c = tok_cmp(ta, tb);
	}
	mvn_free(&x);
	mvn_free(&y);
	*out = c;
	return VG_OK;
}

const vg_scheme_ops vg_scheme_maven = { "Maven", NULL, mvn_cmp, false };
