/*
 * debian.c - Debian (dpkg) version order, Debian Policy 5.6.12.
 *
 * [epoch:]upstream[-revision].  The epoch is a number (0 when absent); the
 * revision follows the last hyphen ("" when absent, which orders like "0").
 * Upstream and revision compare alternately a non-digit run, character by
 * character with '~' before everything (even the end), the end next, then
 * letters, then other characters; and a digit run, numerically.
 */
#include "vigil/error.h"
#include "version/scheme.h"

#include <string.h>

typedef struct deb_parts {
	const char *epoch, *up, *rev;
	size_t epoch_len, up_len, rev_len;
} deb_parts;

static void deb_split(const char *v, deb_parts *p)
{
	const char *colon = strchr(v, ':'), *dash;
	size_t n;

	memset(p, 0, sizeof(*p));
	if (colon) {
		p->epoch = v;
		p->epoch_len = (size_t)(colon - v);
		v = colon + 1;
	}
	n = strlen(v);
	dash = strrchr(v, '-');
	p->up = v;
	p->up_len = dash ? (size_t)(dash - v) : n;
	if (dash) {
		p->rev = dash + 1;
		p->rev_len = n - p->up_len - 1;
	}
}

static bool upstream_char(int c)
{
	return vg_isalnum(c) || c == '.' || c == '+' || c == '~' || c == '-' || c == ':';
}

static int deb_check(const char *v)
{
	deb_parts p;
	size_t i;

	deb_split(v, &p);
	if (p.epoch && p.epoch_len == 0)
		return vg_error_set(VG_EPARSE, "empty epoch before ':'");
	for (i = 0; i < p.epoch_len; i++)
		if (!vg_isdigit(p.epoch[i]))
			return vg_error_set(VG_EPARSE, "epoch must be a number, found '%c' at byte %zu",
					    p.epoch[i], i);
	if (p.up_len == 0)
		return vg_error_set(VG_EPARSE, "empty upstream version");
	for (i = 0; i < p.up_len; i++)
		if (!upstream_char((unsigned char)p.up[i]))
			return vg_error_set(VG_EPARSE, "byte 0x%02x not allowed in upstream version",
					    (unsigned char)p.up[i]);
	if (p.rev && p.rev_len == 0)
		return vg_error_set(VG_EPARSE, "empty revision after '-'");
	for (i = 0; i < p.rev_len; i++)
		if (!vg_isalnum(p.rev[i]) && p.rev[i] != '.' && p.rev[i] != '+' && p.rev[i] != '~')
			return vg_error_set(VG_EPARSE, "byte 0x%02x not allowed in revision",
					    (unsigned char)p.rev[i]);
	return VG_OK;
}

/* Weight of one character in a non-digit run; 0 is the end of the run. */
static int deb_weight(int c)
{
	if (c == '~')
		return -1;
	if (vg_isalpha(c))
		return c;
	return c + 256;
}

static int deb_part_cmp(const char *a, size_t an, const char *b, size_t bn)
{
	size_t i = 0, j = 0;

	while (i < an || j < bn) {
		while ((i < an && !vg_isdigit(a[i])) || (j < bn && !vg_isdigit(b[j]))) {
			int x = i < an && !vg_isdigit(a[i]) ? deb_weight((unsigned char)a[i]) : 0;
			int y = j < bn && !vg_isdigit(b[j]) ? deb_weight((unsigned char)b[j]) : 0;

			if (x != y)
				return x < y ? -1 : 1;
			i++;
			j++;
		}
		{
			size_t ie = i, je = j;
			int c;

			while (ie < an && vg_isdigit(a[ie]))
				ie++;
			while (je < bn && vg_isdigit(b[je]))
				je++;
			c = vg_digits_cmp(a + i, ie - i, b + j, je - j);
			if (c)
				return c;
			i = ie;
			j = je;
		}
	}
	return 0;
}

static int deb_cmp(const char *a, const char *b, int *out)
{
	deb_parts x, y;
	int c;

	deb_split(a, &x);
	deb_split(b, &y);
	c = vg_digits_cmp(x.epoch ? x.epoch : "", x.epoch_len, y.epoch ? y.epoch : "", y.epoch_len);
	if (!c)
		c = deb_part_cmp(x.up, x.up_len, y.up, y.up_len);
	if (!c)
		c = deb_part_cmp(x.rev ? x.rev : "", x.rev_len, y.rev ? y.rev : "", y.rev_len);
	*out = c;
	return VG_OK;
}

const vg_scheme_ops vg_scheme_debian = { "Debian", deb_check, deb_cmp, false };
