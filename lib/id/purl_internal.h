/*
 * purl_internal.h - what the purl files of lib/id share (not public).
 *
 *   purl_codec.c   percent-encoding and decoding of one component
 *   purl_types.c   the per-type rules table: normalise and check
 *   purl_parse.c   the string -> vg_purl parser
 *   purl.c         the object: build, print, compare, free
 */
#ifndef VG_ID_PURL_INTERNAL_H
#define VG_ID_PURL_INTERNAL_H

#include "vigil/buf.h"
#include "vigil/purl.h"

#include <stdbool.h>
#include <stddef.h>

/*
 * Decode the n bytes at s ("%41" -> "A"; '+' stays '+').  Fails with
 * VG_EPARSE on a malformed escape, an encoded NUL, or bytes that are not
 * UTF-8 once decoded; `what` names the component in the message.
 */
int purl_decode(const char *s, size_t n, const char *what, char **out);

/*
 * Append s percent-encoded the canonical way: ASCII letters, digits and
 * ". - _ ~ :" stay, every other byte becomes %XX (upper-case hex); with
 * keep_slash, '/' stays too (it separates segments).
 */
int purl_encode(vg_buf *b, const char *s, bool keep_slash);

/* True when c may appear in a type (after the first character, a letter). */
bool purl_type_char(int c);

/*
 * Apply the type's normalisation to a purl whose components are set (case
 * folding, pypi's '_' -> '-', git's host-only namespace ...).  Idempotent, so
 * it runs again whenever a component changes.
 */
int purl_type_normalize(vg_purl *p);

/*
 * Check the type's rules.  With `complete` false only what a purl under
 * construction must already satisfy (namespace requirement, permitted
 * characters); with true also required qualifiers.
 */
int purl_type_check(const vg_purl *p, bool complete);

/* Does this type print its name as '/'-separated segments (git)? */
bool purl_type_name_is_path(const char *type);

/* Insert or replace a qualifier; `key` is already validated and lower-case. */
int purl_qualifier_put(vg_purl *p, const char *key, const char *value);

/* Validate a qualifier key; fold it to lower case (or, strict, reject upper case). */
int purl_key_check(char *key, bool strict);

/* What purl_clean_path() does with "." and ".." segments. */
enum purl_dots { PURL_DOTS_KEEP, PURL_DOTS_DROP, PURL_DOTS_REJECT };

/*
 * Rejoin a decoded '/'-path without its empty segments (*out NULL when none
 * is left); `what` names the component in messages.
 */
int purl_clean_path(const char *path, enum purl_dots dots, const char *what, char **out);

/*
 * Fill a zeroed purl from decoded parts (validate, copy, normalise, check
 * the per-type rules that need no qualifiers).  On failure the caller frees p.
 */
int purl_init(vg_purl *p, const char *type, const char *ns, const char *name,
	      const char *version);

#endif
