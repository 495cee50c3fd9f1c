/*
 * vigil/kv.h - ordered name=value lists and their strict text form.
 *
 * The device side keeps all of its small persistent records as lines of
 * `name=value`: the agent's state file, the plain-file boot environment, the
 * agent configuration (which also allows spaces around '=' and '#' comments).
 * One strict parser serves them all: it rejects malformed lines, duplicate
 * names, control characters and over-long input with "line N: ..." errors, so
 * a damaged file is reported and never half-understood.
 *
 * A vg_kvlist owns its strings.  Order is preserved (insertion order), so a
 * file that is read and written back keeps its layout.
 */
#ifndef VIGIL_KV_H
#define VIGIL_KV_H
#include <stddef.h>
#include "vigil/buf.h"
#ifdef __cplusplus
extern "C" {
#endif

typedef struct vg_kv {
	char *name;
	char *value;
} vg_kv;

typedef struct vg_kvlist {
	vg_kv *items;
	size_t count;
	size_t cap;
} vg_kvlist;
#define VG_KVLIST_INIT { NULL, 0, 0 }

/* Parser options. */
enum {
	VG_KV_RELAXED = 1u /* allow blank lines, '#' comment lines, spaces around '=' */
};

/* Longest name and value accepted, and most entries (hostile-input limits). */
#define VG_KV_NAME_MAX 128
#define VG_KV_VALUE_MAX 4096
#define VG_KV_COUNT_MAX 1024

/*
 * Parse `len` bytes of `text` into `out` (which must be empty).  Names are
 * [A-Za-z0-9_.-]+; values are any bytes but control characters.  On failure
 * `out` is left empty and the error names the line.
 */
int vg_kv_parse(vg_kvlist *out, const char *text, size_t len, unsigned flags);
/* The value of `name`, or NULL. */
const char *vg_kv_get(const vg_kvlist *l, const char *name);
/* Set (or add) `name`; a NULL value removes it.  Checks name and value. */
int vg_kv_set(vg_kvlist *l, const char *name, const char *value);
/* Append "name=value\n" lines to `out`. */
int vg_kv_format(const vg_kvlist *l, vg_buf *out);
/* True when `name` is a valid name / `value` a valid value. */
int vg_kv_name_ok(const char *name, size_t len);
int vg_kv_value_ok(const char *value, size_t len);
void vg_kv_free(vg_kvlist *l);

#ifdef __cplusplus
}
#endif
#endif
