/*
 * vigil/sbom_diff.h - what changed between two SBOMs (two releases).
 *
 * vg_sbom_diff(a, b) matches the components of `a` (old) and `b` (new), the
 * primary components included, and reports each one as added, removed or
 * changed; components equal in every compared field are only counted.
 *
 * Identity: a component is identified by its purl without version,
 * qualifiers and subpath ("pkg:type/namespace/name", type lower-cased), or,
 * without a purl, by "group/name" (or "name").  A component that has a purl
 * in one SBOM and none in the other therefore shows as removed + added.
 *
 * Several components with one identity (two versions of one library) are
 * paired in two rounds: first those with equal versions, then the rest in
 * descending version order (newest old with newest new), so that "1.0, 2.0"
 * -> "3.0" reads as 2.0 -> 3.0 changed and 1.0 removed; what is left over
 * is added or removed.
 *
 * Compared fields: version, licence (concluded, else declared; a flat
 * "A AND B" list compares with its operands sorted, and the change shows
 * that sorted form), supplier
 * name, hashes (as a set of algorithm:value) and purl qualifiers.  The
 * direction of a version change is known only when both versions are plain
 * dotted numbers ("1.2.10" > "1.2.9"); anything else is reported as changed
 * with an unknown direction (the ecosystem-aware orderings are the version
 * module's business).
 *
 * Entries are sorted by identity, then removed before added, then version.
 */
#ifndef VIGIL_SBOM_DIFF_H
#define VIGIL_SBOM_DIFF_H

#include "vigil/sbom.h"

#include <jansson.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum vg_diff_kind {
	VG_DIFF_REMOVED = 0, /* in a only */
	VG_DIFF_ADDED,       /* in b only */
	VG_DIFF_CHANGED      /* in both, some compared field differs */
} vg_diff_kind;

/* One changed field: "version", "licence", "supplier", "hashes", "qualifiers". */
typedef struct vg_diff_change {
	const char *field;
	char *old_value; /* NULL when absent */
	char *new_value;
} vg_diff_change;

typedef struct vg_diff_entry {
	vg_diff_kind kind;
	char *key;           /* the identity */
	char *name;          /* "group/name" or "name", for display */
	char *old_version;   /* NULL for ADDED or when absent */
	char *new_version;   /* NULL for REMOVED or when absent */
	int direction;       /* version change: +1 up, -1 down, 0 unknown or unchanged */
	vg_diff_change *changes; /* CHANGED only */
	size_t change_count;
} vg_diff_entry;

typedef struct vg_diff {
	vg_diff_entry *entries;
	size_t entry_count;
	size_t added, removed, changed, unchanged;
} vg_diff;

int vg_sbom_diff(const vg_sbom *a, const vg_sbom *b, vg_diff **out);
void vg_diff_free(vg_diff *diff);

/* The component identity described above, malloc'd (NULL on ENOMEM). */
char *vg_diff_key(const vg_component *c);

/* "added", "removed", "changed". */
const char *vg_diff_kind_name(vg_diff_kind kind);

/* The diff as a new JSON object (NULL and VG_ENOMEM on failure). */
json_t *vg_diff_json(const vg_diff *diff);

#ifdef __cplusplus
}
#endif
#endif
