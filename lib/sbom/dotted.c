/*
 * dotted.c - compare plain dotted numbers (see dotted.h).
 */
#include "dotted.h"
#include "vigil/error.h"
#include "vigil/version.h"

#include <ctype.h>

bool sbom_dotted_valid(const char *s)
{
	bool digit = false;

	if (!s || !*s)
		return false;
	for (; *s; s++) {
		if (isdigit((unsigned char)*s)) {
			digit = true;
		} else if (*s == '.' && digit) {
			digit = false;
		} else {
			return false;
		}
	}
	return digit;
}

bool sbom_dotted_compare(const char *a, const char *b, int *cmp)
{
	int c;

	/* On plain dotted numbers the generic ordering is exactly "part by part,
	 * numerically, missing parts are 0" (and compares digit strings, so no
	 * part is too long). */
	if (!sbom_dotted_valid(a) || !sbom_dotted_valid(b) ||
	    vg_version_compare(VG_VERSION_GENERIC, a, b, &c) != VG_OK)
		return false;
	*cmp = c < 0 ? -1 : c > 0;
	return true;
}
