/*
 * rpm.c - RPM version order (rpmvercmp), as OSV evaluates Red Hat, AlmaLinux,
 * Rocky Linux and SUSE advisories.
 *
 * [epoch:]version[-release]: the epoch is the text before the first ':' when
 * it is all digits (0 when absent); otherwise the whole string is the version.
 * The release starts at the first '-' and keeps it, so "1" < "1-".  Each part
 * compares with rpmvercmp: separators (anything but letters, digits, '~' and
 * '^') are skipped; '~' sorts before everything, '^' after the end but before
 * anything else; digit runs compare numerically and beat letter runs; letter
 * runs compare byte-wise; the longer remainder wins.
 */
#include "vigil/error.h"
#include "version/scheme.h"

#include <string.h>

typedef struct rpm_evr {
	const char *e, *v, *r;
	size_t el, vl, rl;
} rpm_evr;

static void rpm_split(const char *s, rpm_evr *p)
{
	const char *colon = strchr(s, ':'), *dash;
	size_t i;
	bool epoch = colon != NULL;

	for (i = 0; colon && s + i < colon; i++)
		if (!vg_isdigit(s[i]))
			epoch = false;
	p->e = "0";
	p->el = 1;
	if (epoch) {
		if (colon > s) {
			p->e = s;
			p->el = (size_t)(colon - s);
		}
		s = colon + 1;
	}
	dash = strchr(s, '-');
	p->v = s;
	p->vl = dash ? (size_t)(dash - s) : strlen(s);
	p->r = dash ? dash : "";
	p->rl = dash ? strlen(dash) : 0;
}

static bool skipped(int c)
{
	return !vg_isalnum(c) && c != '~' && c != '^';
}

static int rpmvercmp(const char *a, size_t an, const char *b, size_t bn)
{
	size_t i = 0, j = 0;

	if (!an || !bn)
		return an ? 1 : bn ? -1 : 0;
	for (;;) {
		size_t ie, je;
		bool digits;
		int c;

		while (i < an && skipped((unsigned char)a[i]))
			i++;
		while (j < bn && skipped((unsigned char)b[j]))
			j++;
		if (i < an && j < bn && a[i] == '~' && b[j] == '~') {
			i++, j++;
			continue;
		}
		if (i < an && a[i] == '~')
			return -1;
		if (j < bn && b[j] == '~')
			return 1;
		if (i < an && j < bn && a[i] == '^' && b[j] == '^') {
			i++, j++;
			continue;
		}
		if (i < an && a[i] == '^')
			return j == bn ? 1 : -1;
		if (j < bn && b[j] == '^')
			return i == an ? -1 : 1;
		if (i == an || j == bn)
			break;
		digits = vg_isdigit(a[i]);
		for (ie = i; ie < an && (digits ? vg_isdigit(a[ie]) : vg_isalpha(a[ie])); ie++)
			;
		for (je = j; je < bn && (digits ? vg_isdigit(b[je]) : vg_isalpha(b[je])); je++)
			;
		if (je == j)
			return digits ? 1 : -1;
		c = digits ? vg_digits_cmp(a + i, ie - i, b + j, je - j)
			   : vg_bytes_cmp(a + i, ie - i, b + j, je - j);
		if (c)
			return c;
		i = ie;
		j = je;
	}
	return an - i == bn - j ? 0 : an - i > bn - j ? 1 : -1;
}

static int rpm_cmp(const char *a, const char *b, int *out)
{
	rpm_evr x, y;
	int c;

	rpm_split(a, &x);
	rpm_split(b, &y);
	c = rpmvercmp(x.e, x.el, y.e, y.el);
	if (!c)
		c = rpmvercmp(x.v, x.vl, y.v, y.vl);
	if (!c)
		c = rpmvercmp(x.r, x.rl, y.r, y.rl);
	*out = c;
	return VG_OK;
}

const vg_scheme_ops vg_scheme_rpm = { "RPM", NULL, rpm_cmp, false };
