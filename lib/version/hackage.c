/*
 * hackage.c - Haskell package version order (PVP, Data.Version): numbers
 * separated by '.', compared numerically one by one; a longer version is
 * greater when the shorter is its prefix ("1.0" < "1.0.0").
 */
#include "vigil/error.h"
#include "version/scheme.h"

static int hackage_check(const char *s)
{
	return vg_numbers_check(s, ".");
}

static int hackage_cmp(const char *a, const char *b, int *out)
{
	*out = vg_numbers_cmp(a, b, ".");
	return VG_OK;
}

const vg_scheme_ops vg_scheme_hackage = { "Hackage", hackage_check, hackage_cmp, false };
