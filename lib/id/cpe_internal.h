/*
 * cpe_internal.h - what the CPE files of lib/id share (not public).
 *
 *   cpe.c        the WFN model: storing and checking values, accessors, WFN text
 *   cpe_bind.c   formatted-string and URI bindings (NISTIR 7695 §5-6)
 *   cpe_match.c  attribute and name comparison (NISTIR 7696 §6)
 */
#ifndef VG_ID_CPE_INTERNAL_H
#define VG_ID_CPE_INTERNAL_H

#include "vigil/cpe.h"

#include <stdbool.h>
#include <stddef.h>

/* Letters, digits and '_' are the only characters a WFN value leaves unquoted. */
static inline bool cpe_plain_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_';
}

/*
 * Store the n bytes of WFN value at s for attr (appended to the text pool,
 * folded to lower case).  Checks the value: printable ASCII,
 * quoting, wildcards only at the ends, part in {a, o, h}.
 */
int cpe_store(vg_cpe *cpe, enum vg_cpe_attr attr, const char *s, size_t n);

#endif
