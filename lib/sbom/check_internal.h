/*
 * check_internal.h - what the SBOM checker's files share (not public).
 *
 * check.c runs the profiles; check_bsi.c and check_ntia.c each define one
 * profile as a table of public requirement descriptions (vg_check_requirement)
 * and a parallel table of predicates.  A predicate answers "is this
 * requirement satisfied?" for the document (c == NULL) or for one component;
 * a failing document predicate may explain itself in *detail (malloc'd).
 */
#ifndef VG_SBOM_CHECK_INTERNAL_H
#define VG_SBOM_CHECK_INTERNAL_H

#include "vigil/sbom.h"
#include "vigil/sbom_check.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct check_ctx {
	const vg_sbom *sbom;
	/* Sorted refs that some component depends on or contains. */
	vg_strlist targets;
} check_ctx;

typedef bool (*check_fn)(const check_ctx *ctx, const vg_component *c, char **detail);

typedef struct check_profile_def {
	vg_check_profile profile;
	const char *name;
	const char *title;
	const vg_check_requirement *reqs;
	const check_fn *fns; /* fns[i] checks reqs[i] */
	size_t count;
} check_profile_def;

extern const check_profile_def check_bsi_profile;
extern const check_profile_def check_ntia_profile;

/* Shared predicates' building blocks. */
bool check_has(const char *s);              /* non-NULL, non-empty, not NOASSERTION */
bool check_party_has_contact(const vg_party *p);   /* email or URL */
bool check_party_has_any(const vg_party *p);       /* name, email or URL */
bool check_has_identifier(const vg_component *c);  /* purl or CPE */
/* The component states a dependency or containment, or is the target of one. */
bool check_in_graph(const check_ctx *ctx, const vg_component *c);
/* NULL when `ts` is an RFC 3339 date-time, else what is wrong with it (static). */
const char *check_timestamp_fault(const char *ts);

/* Predicates both profiles use. */
bool check_doc_timestamp(const check_ctx *ctx, const vg_component *c, char **detail);
bool check_comp_name(const check_ctx *ctx, const vg_component *c, char **detail);
bool check_comp_version(const check_ctx *ctx, const vg_component *c, char **detail);
bool check_comp_identifier(const check_ctx *ctx, const vg_component *c, char **detail);

#endif
