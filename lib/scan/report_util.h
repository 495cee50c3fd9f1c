/*
 * report_util.h - what the three scan writers share (module-internal).
 *
 * The writers build a jansson tree and serialise it once.  Values come from
 * the SBOM and the feeds; jansson refuses a string that is not UTF-8, so
 * building reports that (with what was being built) instead of a bare
 * out-of-memory.
 */
#ifndef VG_SCAN_REPORT_UTIL_H
#define VG_SCAN_REPORT_UTIL_H

#include "vigil/json.h"
#include "vigil/scan.h"

/* json_pack() whose failure records "what: <jansson's reason>" (VG_EINVAL for a
 * string that is not UTF-8, VG_ENOMEM when out of memory).  The writers build
 * every value through it, so a NULL value always has its error recorded. */
json_t *vg_scanrep_pack(const char *what, const char *fmt, ...);

/* json_object_set_new()/json_array_append_new() that fail (VG_ENOMEM, or the
 * error vg_scanrep_pack() recorded) when value is NULL; value is consumed. */
int vg_scanrep_set(json_t *obj, const char *key, json_t *value);
int vg_scanrep_append(json_t *arr, json_t *value);

/* A JSON array of the list's strings (NULL on failure, error recorded). */
json_t *vg_scanrep_strings(const vg_strlist *list, const char *what);

/* Serialise doc into *out and release it (also on failure). */
int vg_scanrep_finish(json_t *doc, char **out);

/* Where a vulnerability id is published: the database's name ("NVD",
 * "GitHub Advisories", "Debian Security Tracker", "OSV") and the id's page
 * there (malloc'd; NULL and VG_ENOMEM on failure). */
char *vg_scanrep_advisory_url(const char *id, const char **source_name);

/* s with every byte but ASCII letters, digits, "-._~" and those in `keep`
 * percent-encoded (malloc'd; NULL and VG_ENOMEM on failure). */
char *vg_scanrep_uri_encode(const char *s, const char *keep);

#endif
