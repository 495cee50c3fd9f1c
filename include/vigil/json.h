/*
 * vigil/json.h - JSON helpers shared by every libvigil module and program that
 * reads or writes JSON (SBOMs, advisories, VEX, the vulnerability feeds).
 *
 * jansson is the project's JSON library, so its json_t appears here (and in
 * any module API that hands JSON over).  What this adds is uniform messages:
 * a syntax error names the input, line and column; a type error names the
 * JSON path ("$.components[3].hashes[0].alg: expected a string, found an
 * integer").  Parsing rejects duplicate object keys and invalid UTF-8
 * (jansson's own checks) and nesting deeper than jansson's depth limit.
 */
#ifndef VIGIL_JSON_H
#define VIGIL_JSON_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* Longest JSON path we render in a message; deeper paths are cut with "...". */
#define VG_JPATH_MAX 256

/* Parse `len` bytes of JSON text; `name` (a file name) prefixes errors. */
int vg_json_parse(const char *data, size_t len, const char *name, json_t **out);

/*
 * A large document parsed for reading only (json_doc.c): its values live in
 * a few large blocks, allocated without malloc per value and freed together,
 * which makes parsing and freeing a large feed or SBOM markedly cheaper.
 * From 256 KiB on, the root object's largest array is parsed in two halves
 * on two threads; the result and any error are those of vg_json_parse().
 * The tree under vg_json_doc_root() must not be changed or json_decref'ed,
 * and no value of it may outlive the document (json_incref does not keep
 * one alive).  Errors as vg_json_parse().
 */
typedef struct vg_json_doc vg_json_doc;
int vg_json_doc_parse(const char *data, size_t len, const char *name, vg_json_doc **out);
json_t *vg_json_doc_root(const vg_json_doc *doc);
void vg_json_doc_free(vg_json_doc *doc); /* NULL is fine */

/* Read and parse a file (at most `max` bytes; 0: no limit). */
int vg_json_load_file(const char *path, size_t max, json_t **out);

/* The jansson flags of vg_json_dump(); writers that build a document piece
 * by piece dump with them too, so their text is the same. */
#define VG_JSON_DUMP_FLAGS (JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15))

/* Serialise with 2-space indentation and a final newline, into a new string. */
char *vg_json_dump(const json_t *value);

/* Write a JSON value to `path` atomically ("-": standard output). */
int vg_json_write_file(const char *path, const json_t *value);

/* "an object", "a string", ... for messages. */
const char *vg_json_type_name(const json_t *value);

/*
 * path + ".key" (or path + "[\"key\"]" when the key is not made of letters,
 * digits and '_') and path + "[index]", cut to VG_JPATH_MAX.  out may be the
 * same buffer as path.  Both return out, so they can stand in a message.
 */
char *vg_jpath_key(char out[VG_JPATH_MAX], const char *path, const char *key);
char *vg_jpath_index(char out[VG_JPATH_MAX], const char *path, size_t index);

/*
 * Typed member access.  Each returns VG_OK and sets *out (NULL/untouched when
 * the member is absent and `required` is false), or VG_EPARSE with a message
 * naming path.key when the member is missing but required or has the wrong type.
 */
int vg_json_get_string(const json_t *obj, const char *key, const char *path, bool required,
		       const char **out);
int vg_json_get_object(const json_t *obj, const char *key, const char *path, bool required,
		       json_t **out);
int vg_json_get_array(const json_t *obj, const char *key, const char *path, bool required,
		      json_t **out);
int vg_json_get_integer(const json_t *obj, const char *key, const char *path, bool required,
			long long *out);
int vg_json_get_number(const json_t *obj, const char *key, const char *path, bool required,
		       double *out);
int vg_json_get_bool(const json_t *obj, const char *key, const char *path, bool required,
		     bool *out);

/* Fail with a type error for `value` at `path` unless it is an object. */
int vg_json_expect_object(const json_t *value, const char *path);

/* Add a string member only when s is non-NULL and non-empty. */
int vg_json_set_string_if(json_t *obj, const char *key, const char *s);

#endif
