/*
 * lexicographic.c - the vers "lexicographic" scheme: versions compare as
 * their bytes, which for UTF-8 text is the order of Unicode code points
 * ("A" < "a" < "aa", "e\u0301" < "\u00e9", "ss" < "\u00df").  No
 * normalisation and no case folding; any non-empty string is accepted.
 */
#include "vigil/error.h"
#include "version/scheme.h"

#include <string.h>

static int lex_cmp(const char *a, const char *b, int *out)
{
	*out = strcmp(a, b); /* compares as unsigned char: code point order for UTF-8 */
	return VG_OK;
}

const vg_scheme_ops vg_scheme_lexicographic = { "lexicographic", NULL, lex_cmp, false };
