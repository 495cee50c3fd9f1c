/*
 * pypi_legacy.c - the order of PyPI versions that are not valid PEP 440
 * ("trunk", "0.3m1", "2013-01-21T20:33:09+0100", "1.0-final"), as Python's
 * `packaging` LegacyVersion (packaging < 22, setuptools' old parse_version)
 * defined it.  Every legacy version sorts before every valid one (its epoch
 * is -1); pep440.c decides that, this file orders two legacy versions.
 *
 * The documented key: the version is lower-cased and cut into digit runs,
 * letter runs, "." and "-", and the text between them; "." and empty pieces
 * are dropped; "pre", "preview" and "rc" become "c", "dev" becomes "@" and
 * "-" becomes "final-".  A number becomes an 8-wide zero-padded string
 * (longer ones stay as they are), anything else "*" + text, and "*final"
 * ends the list.  Before a "*" part is added, trailing "*final-" parts are
 * dropped if the part sorts before "*final" (a pre-release tag), and then
 * trailing "00000000" parts.  Keys compare part by part as strings, the
 * shorter list first when one is a prefix of the other.  So "*" parts sort
 * before numbers, "1.0b1" < "1.0" < "1.0-1" < "1.0.1", "0.3m1" < "0.3m2".
 *
 * The key is produced part by part while comparing, never stored: the parts
 * that may still be dropped are always some "*final-" parts followed by some
 * "00000000" parts, so two counters hold them and nothing is allocated.
 * Only ASCII letters are lower-cased and only ASCII digits are digits
 * (Python's str.lower() and \d also know non-ASCII ones).
 */
#include "version/scheme.h"

#include <string.h>

#define PAD 8 /* zfill width of numeric parts */

typedef struct lpart {
	bool num;      /* a digit run, else a "*" part (text without the '*') */
	bool dash;     /* the "*final-" that stands for "-" */
	const char *p; /* the text, lower-case when compared */
	size_t n;
} lpart;

static const lpart FINAL_DASH = { false, true, "final-", 6 };
static const lpart ZERO = { true, false, "0", 1 };
static const lpart FINAL = { false, false, "final", 5 };

typedef struct lstream {
	const char *s;          /* the unread rest of the version */
	size_t pend_f, pend_z;  /* pending "*final-" then "00000000" parts */
	size_t flush_f, flush_z; /* parts released, to emit before `held` */
	lpart held;
	bool has_held, ended;
} lstream;

static bool is_other(int c)
{
	return !vg_isalnum(c) && c != '.' && c != '-';
}

/* The next piece of the split, with its replacement; false at the end. */
static bool next_piece(lstream *st, lpart *out)
{
	static const struct {
		const char *from, *to;
	} repl[] = { { "pre", "c" }, { "preview", "c" }, { "rc", "c" }, { "dev", "@" } };
	const char *p = st->s, *q;
	size_t i;

	while (*p == '.')
		p++;
	q = p;
	if (!*p) {
		st->s = p;
		return false;
	}
	if (*p == '-') {
		st->s = p + 1;
		*out = FINAL_DASH;
		return true;
	}
	if (vg_isdigit(*p))
		q = p + vg_span_digits(p);
	else if (vg_isalpha(*p))
		while (vg_isalpha(*q))
			q++;
	else
		while (*q && is_other(*q))
			q++;
	st->s = q;
	*out = (lpart){ vg_isdigit(*p), false, p, (size_t)(q - p) };
	for (i = 0; !out->num && i < sizeof(repl) / sizeof(repl[0]); i++)
		if (strlen(repl[i].from) == out->n && !vg_bytes_casecmp(p, out->n, repl[i].from, out->n))
			*out = (lpart){ false, false, repl[i].to, strlen(repl[i].to) };
	return true;
}

/* A digit run that zero-pads to exactly "00000000". */
static bool is_pad_zero(const lpart *x)
{
	return x->num && x->n <= PAD && vg_digits_zero(x->p, x->n);
}

/* Feed one piece into the pending tail, releasing what it settles. */
static void feed(lstream *st, const lpart *x)
{
	if (is_pad_zero(x)) {
		st->pend_z++;
		return;
	}
	if (x->dash) {
		st->pend_z = 0;
		st->pend_f++;
		return;
	}
	if (!x->num) {
		/* a pre-release tag drops "-" before it, unless zeros came after it */
		if (vg_bytes_casecmp(x->p, x->n, "final", 5) < 0 && st->pend_z == 0)
			st->pend_f = 0;
		st->pend_z = 0;
	}
	st->flush_f = st->pend_f;
	st->flush_z = st->pend_z;
	st->pend_f = st->pend_z = 0;
	st->held = *x;
	st->has_held = true;
}

/* The next part of the key; false when the key has ended. */
static bool next_part(lstream *st, lpart *out)
{
	for (;;) {
		lpart x;

		if (st->flush_f) {
			st->flush_f--;
			*out = FINAL_DASH;
			return true;
		}
		if (st->flush_z) {
			st->flush_z--;
			*out = ZERO;
			return true;
		}
		if (st->has_held) {
			st->has_held = false;
			*out = st->held;
			return true;
		}
		if (st->ended)
			return false;
		if (!next_piece(st, &x)) {
			x = FINAL;
			st->ended = true;
		}
		feed(st, &x);
	}
}

/* Byte i of a digit run zero-padded to PAD. */
static int padded_at(const lpart *x, size_t len, size_t i)
{
	size_t lead = len - x->n;

	return i < lead ? '0' : (unsigned char)x->p[i - lead];
}

static int part_cmp(const lpart *a, const lpart *b)
{
	size_t la, lb, i;

	if (a->num != b->num)
		return a->num ? 1 : -1; /* '*' sorts before every digit */
	if (!a->num)
		return vg_bytes_casecmp(a->p, a->n, b->p, b->n);
	la = a->n < PAD ? PAD : a->n;
	lb = b->n < PAD ? PAD : b->n;
	for (i = 0; i < la && i < lb; i++) {
		int x = padded_at(a, la, i), y = padded_at(b, lb, i);

		if (x != y)
			return x < y ? -1 : 1;
	}
	return la == lb ? 0 : la < lb ? -1 : 1;
}

int vg_pypi_legacy_cmp(const char *a, const char *b)
{
	lstream x, y;

	memset(&x, 0, sizeof(x));
	memset(&y, 0, sizeof(y));
	x.s = a;
	y.s = b;
	for (;;) {
		lpart pa, pb;
		bool ha = next_part(&x, &pa), hb = next_part(&y, &pb);
		int c;

		if (!ha || !hb)
			return ha ? 1 : hb ? -1 : 0;
		if ((c = part_cmp(&pa, &pb)) != 0)
			return c;
	}
}
