/*
 * cran.c - R package version order (package_version): numbers separated by
 * '.' or '-', compared numerically one by one; a longer version is greater
 * when the shorter is its prefix ("0.1.0" < "0.1.0.0").
 */
#include "vigil/error.h"
#include "version/scheme.h"

static int cran_check(const char *s)
{
	return vg_numbers_check(s, ".-");
}

static int cran_cmp(const char *a, const char *b, int *out)
{
	*out = vg_numbers_cmp(a, b, ".-");
	return VG_OK;
}

const vg_scheme_ops vg_scheme_cran = { "CRAN", cran_check, cran_cmp, false };
