/*
 * vigil/str.h - small string helpers and a list of strings.
 *
 * Allocating helpers return NULL and record VG_ENOMEM on failure.  Strings a
 * vg_strlist holds belong to it.  Case-insensitive helpers fold ASCII only:
 * identifiers in our formats are ASCII, and locale-dependent folding would
 * make results depend on the user's environment.
 */
#ifndef VIGIL_STR_H
#define VIGIL_STR_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

char *vg_strdup(const char *s);
char *vg_strndup(const char *s, size_t n);

/* ASCII case-insensitive comparison, like strcasecmp() but locale-free. */
int vg_strcasecmp(const char *a, const char *b);
bool vg_str_starts_with(const char *s, const char *prefix);
bool vg_str_ends_with(const char *s, const char *suffix);

/* A new string formatted like printf (NULL and VG_ENOMEM on failure). */
char *vg_strdup_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *vg_strdup_vprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/* Lower-case ASCII letters in place; returns s. */
char *vg_str_lower(char *s);

/* True when the n bytes at s are valid UTF-8 (no overlongs, no surrogates). */
bool vg_utf8_valid(const char *s, size_t n);

/* The value of a hexadecimal digit (either case), or -1. */
int vg_hex_digit(int c);

typedef struct vg_strlist {
	char **items;
	size_t count;
	size_t cap;
} vg_strlist;

#define VG_STRLIST_INIT { NULL, 0, 0 }

/* Append a copy of s. */
int vg_strlist_add(vg_strlist *l, const char *s);
/* Append s itself; the list takes ownership (also on failure: it frees s). */
int vg_strlist_take(vg_strlist *l, char *s);
bool vg_strlist_contains(const vg_strlist *l, const char *s);
/* Append each piece of s between `sep` characters ("a,b" gives "a" and "b";
 * NULL or "" gives nothing). */
int vg_strlist_split(vg_strlist *l, const char *s, char sep);
/* Deep copy of src into dst (dst must be empty). */
int vg_strlist_copy(vg_strlist *dst, const vg_strlist *src);
void vg_strlist_sort(vg_strlist *l);
void vg_strlist_free(vg_strlist *l);

#ifdef __cplusplus
}
#endif
#endif
