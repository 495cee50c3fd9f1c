/*
 * datetime.c - versions that are points in time (the vers "datetime"
 * scheme): RFC 3339 date-times such as "2024-01-01T00:00:00Z",
 * "2023-12-31T19:00:00-05:00" or "2024-01-01T00:00:00.123Z".
 *
 * YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM), 'T' and 'Z' in either
 * case as RFC 3339 allows (a canonical vers: URI wants them upper-case,
 * which vers.c checks).  Versions compare as instants: the offset is
 * applied, so "2024-01-01T00:00:00+02:00" is before "2023-12-31T23:00:00Z",
 * and the fraction compares digit by digit (".5" = ".500").  The date must
 * exist (leap years included); a leap second (:60) is accepted.
 */
#include "vigil/error.h"
#include "version/scheme.h"

#include <stdint.h>
#include <string.h>

typedef struct instant {
	int64_t seconds; /* since 1970-01-01T00:00:00Z, UTC */
	const char *frac;
	size_t frac_len;
} instant;

/* Exactly n digits at p, as a number; -1 when they are not there. */
static int fixed_digits(const char *p, int n)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (!vg_isdigit(p[i]))
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	return v;
}

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static int64_t days_since_epoch(int y, int m, int d)
{
	static const int before[] = { 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334 };
	/* whole years before y + 400 counted from year 1: the shift by one
	 * 400-year cycle (146097 days) keeps the divisions on positive numbers
	 * for the year 0 */
	int64_t yy = (int64_t)y + 399;
	int64_t days = yy * 365 + yy / 4 - yy / 100 + yy / 400 - 146097;

	days += before[m - 1] + (m > 2 && leap(y)) + d - 1;
	return days - 719162; /* days from 0001-01-01 to 1970-01-01 */
}

/* One field: n digits at s+*pos within [lo, hi], then the byte `sep` (0 = none). */
static bool field(const char *s, size_t *pos, int n, int lo, int hi, char sep, int *out)
{
	*out = fixed_digits(s + *pos, n);
	if (*out < lo || *out > hi)
		return false;
	*pos += (size_t)n;
	if (sep) {
		if (s[*pos] != sep)
			return false;
		(*pos)++;
	}
	return true;
}

/* Parse; on failure *pos is the offset of the fault. */
static bool dt_parse(const char *s, instant *t, size_t *pos)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, mo, d, h, mi, sec, oh = 0, om = 0, sign = 0;

	*pos = 0;
	if (!field(s, pos, 4, 0, 9999, '-', &y) || !field(s, pos, 2, 1, 12, '-', &mo) ||
	    !field(s, pos, 2, 1, mdays[mo - 1], 0, &d) || (mo == 2 && d == 29 && !leap(y)))
		return false;
	if (s[*pos] != 'T' && s[*pos] != 't')
		return false;
	(*pos)++;
	if (!field(s, pos, 2, 0, 23, ':', &h) || !field(s, pos, 2, 0, 59, ':', &mi) ||
	    !field(s, pos, 2, 0, 60, 0, &sec))
		return false;
	t->frac = "";
	t->frac_len = 0;
	if (s[*pos] == '.') {
		t->frac = s + *pos + 1;
		t->frac_len = vg_span_digits(t->frac);
		if (!t->frac_len)
			return false;
		*pos += 1 + t->frac_len;
	}
	if (s[*pos] == 'Z' || s[*pos] == 'z') {
		(*pos)++;
	} else if (s[*pos] == '+' || s[*pos] == '-') {
		sign = s[(*pos)++] == '+' ? 1 : -1;
		if (!field(s, pos, 2, 0, 23, ':', &oh) || !field(s, pos, 2, 0, 59, 0, &om))
			return false;
	} else {
		return false;
	}
	t->seconds = days_since_epoch(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec -
		     sign * (oh * 3600 + om * 60);
	return s[*pos] == '\0';
}

static int dt_check(const char *s)
{
	instant t;
	size_t pos;

	if (dt_parse(s, &t, &pos))
		return VG_OK;
	return vg_error_set(VG_EPARSE, "bad or missing field at byte %zu (expected an RFC 3339 "
			    "date-time YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM))", pos);
}

/* Fractions of a second digit by digit, missing digits being 0. */
static int frac_cmp(const instant *a, const instant *b)
{
	size_t i, n = a->frac_len > b->frac_len ? a->frac_len : b->frac_len;

	for (i = 0; i < n; i++) {
		int x = i < a->frac_len ? a->frac[i] : '0', y = i < b->frac_len ? b->frac[i] : '0';

		if (x != y)
			return x < y ? -1 : 1;
	}
	return 0;
}

static int dt_cmp(const char *a, const char *b, int *out)
{
	instant x, y;
	size_t pos;

	dt_parse(a, &x, &pos);
	dt_parse(b, &y, &pos);
	*out = x.seconds != y.seconds ? (x.seconds < y.seconds ? -1 : 1) : frac_cmp(&x, &y);
	return VG_OK;
}

const vg_scheme_ops vg_scheme_datetime = { "datetime", dt_check, dt_cmp, false };
