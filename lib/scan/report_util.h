/*
 * report_util.h - what the three scan writers share (module-internal).
 *
 * The writers build a small jansson tree per part (the summary, a finding)
 * and write it into the document at once (vg_scanrep_doc), so the report of
 * a large scan never exists as one tree (which cost about 8 times the
 * text's size, and most of a large scan's time).  Values come from
 * the SBOM and the feeds; jansson refuses a string that is not UTF-8, so
 * building reports that (with what was being built) instead of a bare
 * out-of-memory.
 */
#ifndef VG_SCAN_REPORT_UTIL_H
#define VG_SCAN_REPORT_UTIL_H

#include "vigil/buf.h"
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

/*
 * A JSON document written part by part, with the same text as
 * vg_json_dump() of the whole tree (two-space indent, members in order):
 *
 *     vg_scanrep_doc d = VG_SCANREP_DOC_INIT;
 *     vg_scanrep_member(&d, "summary", summary);   // value consumed
 *     vg_scanrep_array_begin(&d, "findings");
 *     vg_scanrep_element(&d, finding);             // value consumed
 *     vg_scanrep_array_end(&d);
 *     rc = vg_scanrep_doc_finish(&d, &text);       // *text is malloc'd
 *
 * The document is one object; arrays are its members and hold values.  Keys
 * are the writers' own literals, written as they are (they need no
 * escaping).  A NULL value is a failure its builder recorded; the first
 * failure sticks, later calls do nothing, and finish returns it.
 */
typedef struct vg_scanrep_doc {
	vg_buf text;
	vg_buf value;      /* the value being written, dumped at depth 0 */
	int rc;
	size_t in_object;  /* members written */
	size_t in_array;   /* elements written in the open array */
} vg_scanrep_doc;

#define VG_SCANREP_DOC_INIT { VG_BUF_INIT, VG_BUF_INIT, 0, 0, 0 }

int vg_scanrep_member(vg_scanrep_doc *doc, const char *key, json_t *value);
int vg_scanrep_array_begin(vg_scanrep_doc *doc, const char *key);
int vg_scanrep_element(vg_scanrep_doc *doc, json_t *value);
/* Elements make(0, ctx) ... make(count - 1, ctx) of the open array, the same
 * text as vg_scanrep_element() of each in turn; from 512 elements on, the
 * second half is built and dumped on a second thread (make must be safe to
 * call from two threads at once, and record its own error context). */
int vg_scanrep_elements(vg_scanrep_doc *doc, size_t count,
			json_t *(*make)(size_t i, void *ctx), void *ctx);
int vg_scanrep_array_end(vg_scanrep_doc *doc);
/* The text (with a final newline) into *out; on failure the recorded error,
 * and the document is released either way. */
int vg_scanrep_doc_finish(vg_scanrep_doc *doc, char **out);

/* Serialise a whole tree into *out and release it (also on failure): for
 * documents whose large arrays are not top-level members (SARIF). */
int vg_scanrep_finish(json_t *doc, char **out);

/* Where a vulnerability id is published: the database's name ("NVD",
 * "GitHub Advisories", "Debian Security Tracker", "OSV") and the id's page
 * there (malloc'd; NULL and VG_ENOMEM on failure). */
char *vg_scanrep_advisory_url(const char *id, const char **source_name);

/* s with every byte but ASCII letters, digits, "-._~" and those in `keep`
 * percent-encoded (malloc'd; NULL and VG_ENOMEM on failure). */
char *vg_scanrep_uri_encode(const char *s, const char *keep);

#endif
