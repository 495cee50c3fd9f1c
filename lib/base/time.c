/*
 * time.c - RFC 3339 parsing and formatting (see include/vigil/time.h).
 */
#include "vigil/time.h"
#include "vigil/error.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* Read exactly n digits at *p into *out; advance *p. */
static int digits(const char **p, int n, int *out)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*p)[i]))
			return -1;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	*out = v;
	return 0;
}

static int expect(const char **p, char c)
{
	if (**p != c)
		return -1;
	(*p)++;
	return 0;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (no timegm/TZ games). */
static int64_t days_from_civil(int y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int parse_offset(const char **p, int *offset_min)
{
	int sign, h, m;

	if (**p == 'Z' || **p == 'z') {
		(*p)++;
		*offset_min = 0;
		return 0;
	}
	if (**p != '+' && **p != '-')
		return -1;
	sign = **p == '-' ? -1 : 1;
	(*p)++;
	if (digits(p, 2, &h) || expect(p, ':') || digits(p, 2, &m) || h > 23 || m > 59)
		return -1;
	*offset_min = sign * (h * 60 + m);
	return 0;
}

int vg_time_parse(const char *text, int64_t *usec)
{
	const char *p = text;
	int y, mo, d, h = 0, mi = 0, s = 0, offset = 0;
	int64_t frac = 0, scale = 1000000;

	if (digits(&p, 4, &y) || expect(&p, '-') || digits(&p, 2, &mo) || expect(&p, '-') ||
	    digits(&p, 2, &d) || mo < 1 || mo > 12 || d < 1 || d > 31)
		goto bad;
	if (*p == 'T' || *p == 't' || *p == ' ') {
		p++;
		if (digits(&p, 2, &h) || expect(&p, ':') || digits(&p, 2, &mi) || expect(&p, ':') ||
		    digits(&p, 2, &s) || h > 23 || mi > 59 || s > 60)
			goto bad;
		if (*p == '.') {
			p++;
			if (!isdigit((unsigned char)*p))
				goto bad;
			for (; isdigit((unsigned char)*p); p++) {
				if (scale > 1) {
					scale /= 10;
					frac += (*p - '0') * scale;
				}
			}
		}
		if (parse_offset(&p, &offset))
			goto bad;
	}
	if (*p)
		goto bad;
	*usec = ((days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s) - offset * 60) *
			1000000 + frac;
	return VG_OK;
bad:
	return vg_error_set(VG_EPARSE, "\"%.40s\" is not an RFC 3339 date or time", text);
}

void vg_time_format(int64_t usec, char buf[21])
{
	time_t secs = (time_t)(usec >= 0 ? usec / 1000000 : (usec - 999999) / 1000000);
	struct tm tm;

	gmtime_r(&secs, &tm);
	strftime(buf, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int64_t vg_time_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

void vg_time_age(int64_t usec, char buf[24])
{
	int64_t minutes = usec / INT64_C(60000000), hours = minutes / 60;

	if (hours >= 48)
		snprintf(buf, 24, "%lld days", (long long)(hours / 24));
	else if (hours >= 1)
		snprintf(buf, 24, "%lld hour%s", (long long)hours, hours == 1 ? "" : "s");
	else
		snprintf(buf, 24, "%lld minute%s", (long long)minutes, minutes == 1 ? "" : "s");
}
