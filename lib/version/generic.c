/*
 * generic.c - the fuzzy order for versions with no defined scheme (vendored C
 * libraries, firmware, kernels: "1.1.1w", "2.8.123e", "6.6.64", "20240101").
 *
 * A leading "v" before a digit is dropped; the rest is read as tokens: runs
 * of digits and runs of letters, anything else separating.  Tokens compare
 * position by position, a missing token counting as 0, by class first:
 *   pre-release word < 0 (or nothing) < other word < positive number
 * where the pre-release words are dev < snapshot < alpha < beta < pre <
 * preview < rc (so "1.0rc1" < "1.0" < "1.0a" < "1.0.1"), numbers compare
 * numerically and other words alphabetically ignoring case.  OpenSSL's
 * letter releases thus follow their base ("1.1.1" < "1.1.1a" < "1.1.1w" <
 * "1.1.2") and trailing zeros do not count ("1.0" = "1.0.0").
 */
#include "vigil/error.h"
#include "version/scheme.h"

#include <string.h>

enum { CLASS_PRE, CLASS_ZERO, CLASS_WORD, CLASS_NUMBER };

typedef struct gtok {
	const char *p;
	size_t n;
	int cls, pre;
} gtok;

static const char *const pre_words[] = { "dev", "snapshot", "alpha", "beta", "pre", "preview",
					 "rc" };

static void classify(gtok *t)
{
	size_t i;

	if (vg_isdigit(*t->p)) {
		t->cls = vg_digits_zero(t->p, t->n) ? CLASS_ZERO : CLASS_NUMBER;
		return;
	}
	t->cls = CLASS_WORD;
	for (i = 0; i < sizeof(pre_words) / sizeof(pre_words[0]); i++)
		if (strlen(pre_words[i]) == t->n &&
		    !vg_bytes_casecmp(t->p, t->n, pre_words[i], t->n)) {
			t->cls = CLASS_PRE;
			t->pre = (int)i;
		}
}

static bool next_tok(const char **p, gtok *t)
{
	const char *s = *p, *q;

	while (*s && !vg_isalnum(*s))
		s++;
	if (!*s) {
		*t = (gtok){ "0", 1, CLASS_ZERO, 0 };
		return false;
	}
	for (q = s; vg_isalnum(*q) && vg_isdigit(*q) == vg_isdigit(*s); q++)
		;
	*t = (gtok){ s, (size_t)(q - s), 0, 0 };
	classify(t);
	*p = q;
	return true;
}

static int tok_cmp(const gtok *a, const gtok *b)
{
	if (a->cls != b->cls)
		return a->cls < b->cls ? -1 : 1;
	switch (a->cls) {
	case CLASS_PRE: return a->pre == b->pre ? 0 : a->pre < b->pre ? -1 : 1;
	case CLASS_WORD: return vg_bytes_casecmp(a->p, a->n, b->p, b->n);
	case CLASS_NUMBER: return vg_digits_cmp(a->p, a->n, b->p, b->n);
	default: return 0;
	}
}

static const char *skip_v(const char *s)
{
	return (*s == 'v' || *s == 'V') && vg_isdigit(s[1]) ? s + 1 : s;
}

static int generic_cmp(const char *a, const char *b, int *out)
{
	const char *p = skip_v(a), *q = skip_v(b);
	int c = 0;

	for (;;) {
		gtok x, y;
		bool hx = next_tok(&p, &x), hy = next_tok(&q, &y);

		if (!hx && !hy)
			break;
		if ((c = tok_cmp(&x, &y)) != 0)
			break;
	}
	*out = c;
	return VG_OK;
}

const vg_scheme_ops vg_scheme_generic = { "generic", NULL, generic_cmp, false };
