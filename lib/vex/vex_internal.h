/*
 * vex_internal.h - what the VEX readers (openvex.c, cyclonedx_vex.c,
 * csaf_vex.c, spdx3_vex.c) share with the statement set (vex.c).
 *
 * A reader appends statements to a scratch vg_vex that vg_vex_parse() hands
 * over to the caller's set only when the whole document was read, so a
 * reader may fail half-way without cleaning up.  Readers record errors with
 * the JSON path only; vg_vex_parse() prefixes the document name.
 */
#ifndef VIGIL_VEX_INTERNAL_H
#define VIGIL_VEX_INTERNAL_H

#include "vigil/json.h"
#include "vigil/vex.h"

int vg_vexio_openvex(vg_vex *out, const json_t *root, const char *name);
int vg_vexio_cyclonedx(vg_vex *out, const json_t *root, const char *name);
int vg_vexio_csaf(vg_vex *out, const char *data, size_t len, const char *name);
int vg_vexio_spdx3(vg_vex *out, const json_t *root, const char *name);

/*
 * Append an empty statement read from `path` of document `name` (its origin
 * is set); NULL and VG_ENOMEM on failure.
 */
vg_vex_statement *vg_vexio_add(vg_vex *vex, vg_vex_format format, const char *name,
			       const char *path);

/* *dst = copy of s, or NULL when s is NULL or empty; VG_ENOMEM. */
int vg_vexio_set(char **dst, const char *s);

/*
 * Add a product identifier found at `path`: a purl or CPE must parse
 * (VG_EPARSE naming path otherwise); anything else is kept as an IRI or
 * bom-ref.  An empty string is an error.
 */
int vg_vexio_add_product(vg_vex_statement *st, const char *product, const char *path);

/* The optional string member `key` of obj: *out NULL when absent, VG_EPARSE
 * naming path when it is no string. */
static inline int opt_string(const json_t *obj, const char *key, const char *path,
			     const char **out)
{
	*out = NULL;
	return vg_json_get_string(obj, key, path, false, out);
}

/* Set the statement's timestamp after checking it is RFC 3339 (NULL: none). */
int vg_vexio_set_time(vg_vex_statement *st, const char *ts, const char *path);

#endif
