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
 * wrong ("pkg:/x: missing type"); VG_ELIMIT past VG_PURL_MAX_TEXT bytes of
 * text, VG_PURL_MAX_LENGTH bytes of components or VG_PURL_MAX_QUALIFIERS
 * qualifiers; VG_EINVAL for a NULL argument.
 *
 * Parsing is lenient where the specification's "recommended" tests are
 * (upper-case type and qualifier keys are folded, `pkg://` and extra slashes
 * are tolerated, `.`/`..`/empty subpath segments are dropped);
 * VG_PURL_STRICT additionally rejects qualifier keys that are not
 * lower-case, as the "required" tests demand.  Unknown types are accepted
 * with the generic rules; the registered types' rules (namespace required or
 * prohibited, case folding, required qualifiers, permitted characters) come
 * from a table derived from the purl type definitions (lib/id/purl_types.c).
 */
#ifndef VIGIL_PURL_H
#define VIGIL_PURL_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Most bytes of decoded components (type, namespace, name, version,
 * qualifier keys and values, subpath) one purl may hold, and the longest
 * text accepted: 4 x the former, so that every canonical string, in which
 * percent-encoding at most triples a byte, parses again.
 */
#define VG_PURL_MAX_LENGTH (256u * 1024u)
#define VG_PURL_MAX_TEXT (4u * VG_PURL_MAX_LENGTH)
#define VG_PURL_MAX_QUALIFIERS 1024u

/* vg_purl_parse_flags(): reject qualifier keys that are not lower-case. */
#define VG_PURL_STRICT 0x1u

/*
 * A qualifier.  Only the struct tag is declared: the name vg_purl_qualifier
 * is the lookup function below (C has one namespace for both).
 */
struct vg_purl_qualifier {
	char *key;   /* lower-case */
	char *value; /* decoded, non-empty */
};

typedef struct vg_purl {
	char *type;      /* required, lower-case */
	char *namespace; /* decoded segments joined by '/', or NULL */
	char *name;      /* required, decoded */
	char *version;   /* decoded, or NULL */
	struct vg_purl_qualifier *qualifiers; /* sorted by key */
	size_t qualifier_count;
	char *subpath;   /* decoded segments joined by '/', or NULL */
} vg_purl;

/* Parse and normalise a purl string. */
int vg_purl_parse(const char *text, vg_purl **out);
/* The same with VG_PURL_* flags. */
int vg_purl_parse_flags(const char *text, unsigned flags, vg_purl **out);

/*
 * Build a purl from decoded parts (namespace, version may be NULL), applying
 * the same normalisation and validation as parsing.
 */
int vg_purl_new(vg_purl **out, const char *type, const char *namespace, const char *name,
		const char *version);
/* Set (or, with value NULL or "", remove) a qualifier. */
int vg_purl_set_qualifier(vg_purl *purl, const char *key, const char *value);
int vg_purl_set_subpath(vg_purl *purl, const char *subpath);
/*
 * Check the rules that span components and so cannot be checked while a purl
 * is being built (a type's required qualifiers such as julia's `uuid`, the
 * VG_PURL_MAX_LENGTH size).
 * Parsing runs it; builders call it once all qualifiers are set.
 */
int vg_purl_validate(const vg_purl *purl);
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
