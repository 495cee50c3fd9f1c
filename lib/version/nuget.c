/*
 * nuget.c - NuGet version order (NuGet.Versioning: SemVer 2.0.0 with up to
 * four numeric parts).
 *
 * N[.N[.N[.N]]][-PRE][+META]: missing parts are 0 and leading zeros are
 * allowed ("1.0.01" = "1.0.1.0"); a pre-release sorts before its release and
 * compares identifier by identifier ignoring case (numeric < alphanumeric);
 * metadata is ignored.
 */
#include "vigil/error.h"
#include "version/scheme.h"

#include <string.h>

static int nuget_check(const char *s)
{
	const char *p = s;
	int parts = 0;

	for (;;) {
		size_t n = vg_span_digits(p);

		if (!n)
			return vg_error_set(VG_EPARSE, "expected a number at byte %zu", (size_t)(p - s));
		p += n;
		if (++parts > 4)
			return vg_error_set(VG_EPARSE, "more than four numeric parts");
		if (*p != '.')
			break;
		p++;
	}
	if (*p == '-') {
		const char *start = ++p;
		bool empty = true;

		for (; *p && *p != '+'; p++) {
			if (*p == '.' ? empty : !vg_isalnum(*p) && *p != '-')
				return vg_error_set(VG_EPARSE, "bad pre-release at byte %zu",
						    (size_t)(p - s));
			empty = *p == '.';
		}
		if (p == start || empty)
			return vg_error_set(VG_EPARSE, "empty pre-release identifier");
	}
	if (*p == '+') {
		for (p++; *p; p++)
			if (!vg_isalnum(*p) && *p != '-' && *p != '.')
				return vg_error_set(VG_EPARSE, "bad metadata at byte %zu",
						    (size_t)(p - s));
	}
	if (*p)
		return vg_error_set(VG_EPARSE, "unexpected '%c' at byte %zu", *p, (size_t)(p - s));
	return VG_OK;
}

static int nuget_cmp(const char *a, const char *b, int *out)
{
	const char *p = a, *q = b;
	const char *pe, *qe;
	int i, c = 0;

	for (i = 0; i < 4 && !c; i++) {
		size_t n = vg_isdigit(*p) ? vg_span_digits(p) : 0;
		size_t m = vg_isdigit(*q) ? vg_span_digits(q) : 0;

		c = vg_digits_cmp(p, n, q, m);
		p += n + (p[n] == '.');
		q += m + (q[m] == '.');
	}
	if (!c) {
		bool ap = *p == '-', bp = *q == '-';

		if (ap != bp) {
			c = ap ? -1 : 1;
		} else if (ap) {
			pe = strchr(++p, '+');
			qe = strchr(++q, '+');
			c = vg_idents_cmp(p, pe ? (size_t)(pe - p) : strlen(p), q,
					  qe ? (size_t)(qe - q) : strlen(q), true);
		}
	}
	*out = c;
	return VG_OK;
}

const vg_scheme_ops vg_scheme_nuget = { "NuGet", nuget_check, nuget_cmp, false };
