/*
 * packagist.c - Packagist / Composer version order (PHP version_compare()).
 *
 * The version is read as parts: runs of digits and runs of letters, every
 * other byte separating, after dropping a leading "v"; "#" is a part that
 * ranks like a number.  Digit parts compare numerically.  Letter parts rank
 * by their start: "dev" < "alpha"/"a" < "beta"/"b" < "RC"/"rc" < (a number)
 * < "pl"/"p", anything else below "dev".  When one version runs out, the
 * other is greater if its next part is a number, else its next part ranks
 * against a number.
 */
#include "vigil/error.h"
#include "version/scheme.h"

#include <string.h>

enum { RANK_NUMBER = 4 };

/* The next part at *p: sets its start and length; false at the end. */
static bool next_part(const char **p, const char **start, size_t *len)
{
	const char *s = *p, *q;

	while (*s && !vg_isalnum(*s) && *s != '#')
		s++;
	if (!*s)
		return false;
	if (*s == '#')
		q = s + 1;
	else
		for (q = s; vg_isalnum(*q) && vg_isdigit(*q) == vg_isdigit(*s); q++)
			;
	*start = s;
	*len = (size_t)(q - s);
	*p = q;
	return true;
}

static int rank(const char *s, size_t n)
{
	static const struct {
		const char *w;
		int r;
	} forms[] = { { "dev", 0 }, { "alpha", 1 }, { "a", 1 }, { "beta", 2 }, { "b", 2 },
		      { "RC", 3 },  { "rc", 3 },    { "#", 4 }, { "pl", 5 }, { "p", 5 } };
	size_t i;

	if (vg_isdigit(*s))
		return RANK_NUMBER;
	for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		size_t k = strlen(forms[i].w);

		if (k <= n && !memcmp(s, forms[i].w, k))
			return forms[i].r;
	}
	return -1;
}

/* Composer drops a leading "v" ("v1.2" is 1.2). */
static const char *skip_v(const char *s)
{
	return (*s == 'v' || *s == 'V') && vg_isdigit(s[1]) ? s + 1 : s;
}

static int composer_cmp(const char *a, const char *b, int *out)
{
	const char *p = skip_v(a), *q = skip_v(b), *x, *y;
	size_t xn, yn;
	int c = 0;

	for (;;) {
		bool hx = next_part(&p, &x, &xn), hy = next_part(&q, &y, &yn);

		/* past the end of one version, "#" parts of the other count as nothing */
		while (hx && !hy && *x == '#')
			hx = next_part(&p, &x, &xn);
		while (hy && !hx && *y == '#')
			hy = next_part(&q, &y, &yn);
		if (!hx && !hy)
			break;
		if (hx && hy && vg_isdigit(*x) && vg_isdigit(*y))
			c = vg_digits_cmp(x, xn, y, yn);
		else if (hx && hy)
			c = vg_sign(rank(x, xn) - rank(y, yn));
		else if (hx)
			c = vg_isdigit(*x) ? 1 : vg_sign(rank(x, xn) - RANK_NUMBER);
		else
			c = vg_isdigit(*y) ? -1 : vg_sign(RANK_NUMBER - rank(y, yn));
		if (c || !hx || !hy)
			break;
	}
	*out = c;
	return VG_OK;
}

const vg_scheme_ops vg_scheme_packagist = { "Packagist", NULL, composer_cmp, false };
