/*
 * csaf_vex.c - placeholder until the CSAF reader lands (see vex_internal.h).
 */
#include "vex_internal.h"

#include "vigil/error.h"

int vg_vexio_csaf(vg_vex *out, const char *data, size_t len, const char *name)
{
	(void)out;
	(void)data;
	(void)len;
	return vg_error_set(VG_EUNSUPPORTED, "%s: CSAF VEX is not read yet", name);
}
