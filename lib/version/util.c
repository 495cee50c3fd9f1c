/*
 * util.c - helpers the version schemes share (see scheme.h).
 */
#include "vigil/error.h"
#include "version/scheme.h"

#include <string.h>

int vg_digits_cmp(const char *a, size_t an, const char *b, size_t bn)
{
	int c;

	while (an > 0 && *a == '0') {
		a++;
		an--;
	}
	while (bn > 0 && *b == '0') {
		b++;
		bn--;
	}
	if (an != bn)
		return an < bn ? -1 : 1;
	c = an ? memcmp(a, b, an) : 0;
	return vg_sign(c);
}

bool vg_digits_zero(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != '0')
			return false;
	return true;
}

size_t vg_span_digits(const char *s)
{
	size_t n = 0;

	while (vg_isdigit(s[n]))
		n++;
	return n;
}

int vg_bytes_cmp(const char *a, size_t an, const char *b, size_t bn)
{
	size_t n = an < bn ? an : bn;
	int c = n ? memcmp(a, b, n) : 0;

	if (c)
		return vg_sign(c);
	return an == bn ? 0 : an < bn ? -1 : 1;
}

int vg_bytes_casecmp(const char *a, size_t an, const char *b, size_t bn)
{
	size_t i, n = an < bn ? an : bn;

	for (i = 0; i < n; i++) {
		int x = vg_tolower((unsigned char)a[i]), y = vg_tolower((unsigned char)b[i]);

		if (x != y)
			return x < y ? -1 : 1;
	}
	return an == bn ? 0 : an < bn ? -1 : 1;
}

static bool all_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!vg_isdigit(s[i]))
			return false;
	return n > 0;
}

int vg_ident_cmp(const char *a, size_t an, const char *b, size_t bn, bool fold)
{
	bool ad = all_digits(a, an), bd = all_digits(b, bn);

	if (ad && bd)
		return vg_digits_cmp(a, an, b, bn);
	if (ad != bd)
		return ad ? -1 : 1;
	return fold ? vg_bytes_casecmp(a, an, b, bn) : vg_bytes_cmp(a, an, b, bn);
}

int vg_idents_cmp(const char *a, size_t an, const char *b, size_t bn, bool fold)
{
	size_t i = 0, j = 0;

	while (i < an && j < bn) {
		size_t ie = i, je = j;
		int c;

		while (ie < an && a[ie] != '.')
			ie++;
		while (je < bn && b[je] != '.')
			je++;
		c = vg_ident_cmp(a + i, ie - i, b + j, je - j, fold);
		if (c)
			return c;
		i = ie < an ? ie + 1 : ie;
		j = je < bn ? je + 1 : je;
	}
	if (i < an)
		return 1;
	return j < bn ? -1 : 0;
}

int vg_numbers_cmp(const char *a, const char *b, const char *seps)
{
	while (*a && *b) {
		size_t n = vg_span_digits(a), m = vg_span_digits(b);
		int c = vg_digits_cmp(a, n, b, m);

		if (c)
			return c;
		a += n;
		b += m;
		a += *a && strchr(seps, *a);
		b += *b && strchr(seps, *b);
	}
	return *a ? 1 : *b ? -1 : 0;
}

int vg_numbers_check(const char *s, const char *seps)
{
	const char *p = s;

	for (;;) {
		size_t n = vg_span_digits(p);

		if (!n)
			return vg_error_set(VG_EPARSE, "expected a number at byte %zu",
					    (size_t)(p - s));
		p += n;
		if (!*p)
			return VG_OK;
		if (!strchr(seps, *p))
			return vg_error_set(VG_EPARSE, "unexpected '%c' at byte %zu", *p,
					    (size_t)(p - s));
		p++;
	}
}
