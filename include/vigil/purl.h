/*
 * vigil/purl.h - Package URLs (purl, ECMA-427): parse, build, normalise, compare.
 *
 *   pkg:type/namespace/name@version?qualifiers#subpath
 *
 * A vg_purl holds the components decoded (no percent-escapes) and normalised
 * the way the purl specification and its per-type rules say (type lower-case,
 * qualifier keys lower-case and sorted, empty qualifier values dropped, type
 * specific case folding such as pypi names).  vg_purl_to_string() prints the
 * canonical form, so two purls denote the same package exactly when their
 * canonical strings are equal.
 *
 * Errors: VG_EPARSE with a message that quotes the input and says what is
 * wrong ("pkg:/x: missing type").
 */
#ifndef VIGIL_PURL_H
#define VIGIL_PURL_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct vg_purl_qualifier {
	char *key;   /* lower-case */
	char *value; /* decoded, non-empty */
} vg_purl_qualifier;

typedef struct vg_purl {
	char *type;      /* required, lower-case */
	char *namespace; /* decoded segments joined by '/', or NULL */
	char *name;      /* required, decoded */
	char *version;   /* decoded, or NULL */
	vg_purl_qualifier *qualifiers; /* sorted by key */
	size_t qualifier_count;
	char *subpath;   /* decoded segments joined by '/', or NULL */
} vg_purl;

/* Parse and normalise a purl string. */
int vg_purl_parse(const char *text, vg_purl **out);

/*
 * Build a purl from decoded parts (namespace, version may be NULL), applying
 * the same normalisation and validation as parsing.
 */
int vg_purl_new(vg_purl **out, const char *type, const char *namespace, const char *name,
		const char *version);
/* Set (or, with value NULL or "", remove) a qualifier. */
int vg_purl_set_qualifier(vg_purl *purl, const char *key, const char *value);
int vg_purl_set_subpath(vg_purl *purl, const char *subpath);
/* The value of a qualifier, or NULL. */
const char *vg_purl_qualifier(const vg_purl *purl, const char *key);

/* The canonical string (malloc'd; NULL and VG_ENOMEM on failure). */
char *vg_purl_to_string(const vg_purl *purl);

/* Parse and print canonically in one step. */
int vg_purl_normalize(const char *text, char **out);

/* Same package, version and all: canonical forms equal. */
bool vg_purl_equal(const vg_purl *a, const vg_purl *b);

void vg_purl_free(vg_purl *purl);

#ifdef __cplusplus
}
#endif
#endif
