/*
 * openssl.c - OpenSSL release version order.
 *
 * MAJOR.MINOR.PATCH[letters][-(alpha|beta|pre)N], lower-case: "0.9.8zh",
 * "1.1.1w", "3.0.13", "1.0.0-beta5", "3.0.0-alpha17".  Numbers compare
 * numerically; then the letter suffix of the 0.9-1.1 series, shorter first
 * and then alphabetically, which is the order OpenSSL assigns them
 * (a < ... < z < za < ... < zz); then a pre-release sorts before the release,
 * alpha < beta < pre, then by number.  Anything else is invalid.
 */
#include "vigil/error.h"
#include "version/scheme.h"

#include <string.h>

typedef struct ossl {
	const char *nums, *letters, *pre_num;
	size_t letters_len, pre_num_len;
	int pre; /* -1 none, 0 alpha, 1 beta, 2 pre */
} ossl;

static const char *const pre_words[] = { "alpha", "beta", "pre" };

static bool ossl_parse(const char *s, ossl *v, size_t *bad)
{
	const char *p = s;
	int i;

	memset(v, 0, sizeof(*v));
	v->pre = -1;
	v->nums = p;
	for (i = 0; i < 3; i++) {
		size_t n = vg_span_digits(p);

		if (!n || (i < 2 && p[n] != '.')) {
			*bad = (size_t)(p + n - s);
			return false;
		}
		p += n + (i < 2);
	}
	v->letters = p;
	while (*p >= 'a' && *p <= 'z')
		p++;
	v->letters_len = (size_t)(p - v->letters);
	if (*p == '-') {
		for (i = 0; i < 3; i++)
			if (!strncmp(p + 1, pre_words[i], strlen(pre_words[i])))
				break;
		*bad = (size_t)(p + 1 - s);
		if (i == 3)
			return false;
		v->pre = i;
		v->pre_num = p + 1 + strlen(pre_words[i]);
		v->pre_num_len = vg_span_digits(v->pre_num);
		p = v->pre_num + v->pre_num_len;
	}
	*bad = (size_t)(p - s);
	return *p == '\0';
}

static int ossl_check(const char *s)
{
	ossl v;
	size_t bad;

	if (ossl_parse(s, &v, &bad))
		return VG_OK;
	return vg_error_set(VG_EPARSE, "unexpected %s at byte %zu (expected MAJOR.MINOR.PATCH"
			    "[letters][-alphaN|-betaN|-preN])", s[bad] ? "character" : "end", bad);
}

/* MAJOR.MINOR.PATCH, number by number. */
static int numbers_cmp(const char *p, const char *q)
{
	int i, c = 0;

	for (i = 0; i < 3 && !c; i++) {
		size_t n = vg_span_digits(p), m = vg_span_digits(q);

		c = vg_digits_cmp(p, n, q, m);
		p += n + 1;
		q += m + 1;
	}
	return c;
}

static int ossl_cmp(const char *a, const char *b, int *out)
{
	ossl x, y;
	size_t bad;
	int c;

	ossl_parse(a, &x, &bad);
	ossl_parse(b, &y, &bad);
	c = numbers_cmp(x.nums, y.nums);
	if (!c && x.letters_len != y.letters_len)
		c = x.letters_len < y.letters_len ? -1 : 1;
	if (!c)
		c = vg_bytes_cmp(x.letters, x.letters_len, y.letters, y.letters_len);
	if (!c && x.pre != y.pre)
		c = (x.pre < 0 ? 3 : x.pre) < (y.pre < 0 ? 3 : y.pre) ? -1 : 1;
	if (!c && x.pre >= 0)
		c = vg_digits_cmp(x.pre_num, x.pre_num_len, y.pre_num, y.pre_num_len);
	*out = c;
	return VG_OK;
}

const vg_scheme_ops vg_scheme_openssl = { "OpenSSL", ossl_check, ossl_cmp, false };
