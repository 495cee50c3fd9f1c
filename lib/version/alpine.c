/*
 * alpine.c - Alpine (apk-tools) version order, as OSV evaluates Alpine,
 * Wolfi and Chainguard advisories.
 *
 * number{.number}...{letter}{_suffix{number}}...{~hash}{-r#}.  Numbers compare
 * numerically, except that after the first one a number with a leading zero
 * compares as a string against its peer ("1.02" < "1.1"); a letter beats none;
 * suffixes order alpha < beta < pre < rc < (none) < cvs < svn < git < hg < p,
 * then by their number; the hash is ignored; then the -r build number.  A
 * version with unparsable text left over is "invalid": two invalid versions
 * compare as strings, and a valid version beats an invalid one that is equal
 * up to the leftover.  This is what osv-scalibr (the OSV reference) does.
 */
#include "vigil/error.h"
#include "version/scheme.h"

#include <string.h>

typedef struct apk_ver {
	const char *s;
	const char *num, *suf, *build, *rest;
	size_t num_len, suf_len, build_len;
	char letter;
	bool invalid;
} apk_ver;

static const char *const suffixes[] = { "alpha", "beta", "pre", "rc", "", "cvs", "svn", "git",
					"hg", "p" };
#define SUFFIX_NONE 4

/* The weight of the suffix word at s (after '_'), its length in *len, or -1. */
static int suffix_word(const char *s, size_t *len)
{
	int i;

	for (i = 0; i < (int)(sizeof(suffixes) / sizeof(suffixes[0])); i++) {
		size_t n = strlen(suffixes[i]);

		if (n && !strncmp(s, suffixes[i], n)) {
			*len = n;
			return i;
		}
	}
	return -1;
}

static void apk_parse(const char *s, apk_ver *v)
{
	const char *p = s;
	size_t n;

	memset(v, 0, sizeof(*v));
	v->s = s;
	v->num = p;
	while (vg_isdigit(*p)) {
		p += vg_span_digits(p);
		if (*p == '.')
			p++;
	}
	v->num_len = (size_t)(p - s);
	if (*p >= 'a' && *p <= 'z')
		v->letter = *p++;
	v->suf = p;
	while (*p == '_' && suffix_word(p + 1, &n) >= 0) {
		p += 1 + n;
		p += vg_span_digits(p);
	}
	v->suf_len = (size_t)(p - v->suf);
	if (*p == '~') {
		const char *h = p + 1;

		while ((*h >= '0' && *h <= '9') || (*h >= 'a' && *h <= 'f'))
			h++;
		if (h > p + 1)
			p = h;
	}
	if (*p == '-' && p[1] == 'r') {
		v->build = p + 2;
		v->build_len = vg_span_digits(p + 2);
		p += 2 + v->build_len;
	} else if (*p) {
		v->invalid = true;
	}
	v->rest = p;
}

/* Next number of the dotted run at *p (up to end); false when exhausted. */
static bool next_number(const char **p, const char *end, const char **d, size_t *dn)
{
	if (*p >= end)
		return false;
	*d = *p;
	*dn = vg_span_digits(*p);
	*p += *dn;
	if (*p < end && **p == '.')
		(*p)++;
	/* a trailing '.' leaves an empty last number, as the reference does */
	return true;
}

static int apk_numbers_cmp(const apk_ver *a, const apk_ver *b)
{
	const char *pa = a->num, *pb = b->num, *ea = a->num + a->num_len, *eb = b->num + b->num_len;
	int index = 0;

	for (;; index++) {
		const char *da = "0", *db = "0";
		size_t an = 1, bn = 1;
		bool ha = next_number(&pa, ea, &da, &an), hb = next_number(&pb, eb, &db, &bn);
		int c;

		if (!ha && !hb)
			return 0;
		if (index && ha && hb && ((an && da[0] == '0') || (bn && db[0] == '0')))
			c = vg_bytes_cmp(da, an, db, bn);
		else
			c = vg_digits_cmp(da, an, db, bn);
		if (c)
			return c;
	}
}

static bool next_suffix(const char **p, const char *end, int *w, const char **d, size_t *dn)
{
	size_t n = 0;

	if (*p >= end)
		return false;
	*w = suffix_word(*p + 1, &n);
	*d = *p + 1 + n;
	*dn = vg_span_digits(*d);
	*p = *d + *dn;
	return true;
}

static int apk_suffixes_cmp(const apk_ver *a, const apk_ver *b)
{
	const char *pa = a->suf, *pb = b->suf, *ea = a->suf + a->suf_len, *eb = b->suf + b->suf_len;

	for (;;) {
		int wa = SUFFIX_NONE, wb = SUFFIX_NONE, c;
		const char *da = "", *db = "";
		size_t an = 0, bn = 0;
		bool ha = next_suffix(&pa, ea, &wa, &da, &an), hb = next_suffix(&pb, eb, &wb, &db, &bn);

		if (!ha && !hb)
			return 0;
		if (wa != wb)
			return wa < wb ? -1 : 1;
		if ((c = vg_digits_cmp(da, an, db, bn)) != 0)
			return c;
	}
}

static int apk_cmp(const char *a, const char *b, int *out)
{
	apk_ver x, y;
	int c;

	apk_parse(a, &x);
	apk_parse(b, &y);
	if (x.invalid && y.invalid) {
		*out = vg_sign(strcmp(a, b));
		return VG_OK;
	}
	c = apk_numbers_cmp(&x, &y);
	if (!c && x.letter != y.letter)
		c = (unsigned char)x.letter < (unsigned char)y.letter ? -1 : 1;
	if (!c)
		c = apk_suffixes_cmp(&x, &y);
	if (!c)
		c = vg_digits_cmp(x.build ? x.build : "", x.build_len, y.build ? y.build : "",
				  y.build_len);
	if (!c && (*x.rest == '\0') != (*y.rest == '\0'))
		c = *x.rest ? -1 : 1;
	*out = c;
	return VG_OK;
}

const vg_scheme_ops vg_scheme_alpine = { "Alpine", NULL, apk_cmp, false };
