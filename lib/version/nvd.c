/*
 * nvd.c - NVD cpeMatch version bounds (see include/vigil/range.h).
 */
#include "vigil/error.h"
#include "vigil/range.h"

#include <string.h>

/* Whether version is below, equal to or above bound, as allowed by lo_ok/eq_ok/hi_ok. */
static int bound_holds(vg_version_scheme scheme, const char *version, const char *bound,
		       const char *name, bool lo_ok, bool eq_ok, bool hi_ok, bool *holds)
{
	int c, rc;

	if ((rc = vg_version_compare(scheme, version, bound, &c)) != VG_OK)
		return vg_error_prefix("%s: ", name);
	*holds = c < 0 ? lo_ok : c == 0 ? eq_ok : hi_ok;
	return VG_OK;
}

int vg_nvd_bounds_contains(vg_version_scheme scheme, const vg_nvd_bounds *b, const char *version,
			   bool *inside)
{
	const char *exact = b && b->version ? b->version : "*";
	bool holds = true;
	int rc, c;

	if (!b || !version || !inside)
		return vg_error_set(VG_EINVAL, "vg_nvd_bounds_contains: invalid argument");
	*inside = false;
	if (!b->start_including && !b->start_excluding && !b->end_including && !b->end_excluding) {
		if (!strcmp(exact, "-"))
			return VG_OK;
		if (!strcmp(exact, "*")) {
			*inside = true;
			return VG_OK;
		}
		if ((rc = vg_version_compare(scheme, version, exact, &c)) != VG_OK)
			return rc;
		*inside = c == 0;
		return VG_OK;
	}
	if (b->start_including && (rc = bound_holds(scheme, version, b->start_including,
						    "versionStartIncluding", false, true, true,
						    &holds)) != VG_OK)
		return rc;
	if (holds && b->start_excluding &&
	    (rc = bound_holds(scheme, version, b->start_excluding, "versionStartExcluding", false,
			      false, true, &holds)) != VG_OK)
		return rc;
	if (holds && b->end_including &&
	    (rc = bound_holds(scheme, version, b->end_including, "versionEndIncluding", true, true,
			      false, &holds)) != VG_OK)
		return rc;
	if (holds && b->end_excluding &&
	    (rc = bound_holds(scheme, version, b->end_excluding, "versionEndExcluding", true, false,
			      false, &holds)) != VG_OK)
		return rc;
	*inside = holds;
	return VG_OK;
}
