/*
 * dotted.h - compare plain dotted numbers ("1.6", "3.0.1", "2.10.4").
 *
 * The sbom module needs this twice: to check a spec version against a
 * minimum and to tell an upgrade from a downgrade in `sbom diff`.  It is
 * deliberately narrow: digits separated by single dots, nothing else, ordered
 * by the version module's generic scheme; ecosystem-aware orderings are the
 * version module's business (vigil/version.h).
 * Missing trailing parts count as 0, so "1.6" equals "1.6.0".
 */
#ifndef VG_SBOM_DOTTED_H
#define VG_SBOM_DOTTED_H

#include <stdbool.h>

/* True when s is digits separated by single dots ("1", "1.2.3"). */
bool sbom_dotted_valid(const char *s);

/*
 * When both are plain dotted numbers: set *cmp to <0, 0 or >0 and return
 * true.  Otherwise return false and leave *cmp alone.
 */
bool sbom_dotted_compare(const char *a, const char *b, int *cmp);

#endif
