/*
 * json.c - jansson with uniform error messages (see lib/base/json.h).
 */
#include "vigil/json.h"
#include "vigil/error.h"
#include "vigil/file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int vg_json_parse(const char *data, size_t len, const char *name, json_t **out)
{
	json_error_t err;
	json_t *root;

	root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &err);
	if (!root) {
		if (err.line > 0)
			return vg_error_set(VG_EPARSE, "%s:%d:%d: invalid JSON: %s", name, err.line,
					    err.column, err.text);
		return vg_error_set(VG_EPARSE, "%s: byte %d: invalid JSON: %s", name, err.position,
				    err.text);
	}
	*out = root;
	return VG_OK;
}

int vg_json_load_file(const char *path, size_t max, json_t **out)
{
	char *data;
	size_t len;
	int rc = vg_file_read(path, max, &data, &len);

	if (rc)
		return rc;
	rc = vg_json_parse(data, len, strcmp(path, "-") == 0 ? "<stdin>" : path, out);
	free(data);
	return rc;
}

char *vg_json_dump(const json_t *value)
{
	char *text = json_dumps(value, VG_JSON_DUMP_FLAGS);
	char *with_newline;
	size_t n;

	if (!text) {
		vg_error_set(VG_ENOMEM, "out of memory serialising JSON");
		return NULL;
	}
	n = strlen(text);
	with_newline = realloc(text, n + 2);
	if (!with_newline) {
		free(text);
		vg_error_set(VG_ENOMEM, "out of memory serialising JSON");
		return NULL;
	}
	with_newline[n] = '\n';
	with_newline[n + 1] = '\0';
	return with_newline;
}

int vg_json_write_file(const char *path, const json_t *value)
{
	char *text = vg_json_dump(value);
	int rc = VG_OK;
	size_t n;

	if (!text)
		return VG_ENOMEM;
	n = strlen(text);
	rc = vg_file_write_output(path, text, n);
	free(text);
	return rc;
}

const char *vg_json_type_name(const json_t *value)
{
	switch (value ? json_typeof(value) : JSON_NULL) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "an array";
	case JSON_STRING: return "a string";
	case JSON_INTEGER: return "an integer";
	case JSON_REAL: return "a number";
	case JSON_TRUE:
	case JSON_FALSE: return "a boolean";
	default: return "null";
	}
}

/* A key that reads unambiguously after a dot: letters, digits, '_'. */
static bool plain_key(const char *key)
{
	size_t n = strlen(key);

	return n > 0 && strspn(key, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
				    "0123456789_") == n;
}

/*
 * out = path followed by the parts (each cut to `limits`), cut visibly
 * ("...") at VG_JPATH_MAX; out may be path itself.  Readers build a path for
 * every member they visit, so this is plain copying, not snprintf.
 */
static char *jpath_join(char out[VG_JPATH_MAX], const char *path, const char *const parts[],
			const size_t limits[], size_t nparts)
{
	size_t n = strnlen(path, VG_JPATH_MAX), i, len;
	bool cut = n == VG_JPATH_MAX;

	if (cut)
		n = VG_JPATH_MAX - 1;
	memmove(out, path, n);
	for (i = 0; i < nparts && !cut; i++) {
		len = strnlen(parts[i], limits[i]);
		if (n + len >= VG_JPATH_MAX) {
			len = VG_JPATH_MAX - 1 - n;
			cut = true;
		}
		memcpy(out + n, parts[i], len);
		n += len;
	}
	out[n] = '\0';
	if (cut)
		memcpy(out + VG_JPATH_MAX - 4, "...", 4);
	return out;
}

char *vg_jpath_key(char out[VG_JPATH_MAX], const char *path, const char *key)
{
	static const size_t whole[] = { VG_JPATH_MAX, VG_JPATH_MAX, VG_JPATH_MAX };
	static const size_t quoted[] = { 2, 100, 2 }; /* the key cut to 100 bytes */

	if (plain_key(key))
		return jpath_join(out, path, (const char *const[]){ ".", key }, whole, 2);
	return jpath_join(out, path, (const char *const[]){ "[\"", key, "\"]" }, quoted, 3);
}

char *vg_jpath_index(char out[VG_JPATH_MAX], const char *path, size_t index)
{
	static const size_t whole[] = { VG_JPATH_MAX };
	char digits[32], *p = digits + sizeof(digits);

	*--p = '\0';
	*--p = ']';
	do
		*--p = (char)('0' + index % 10);
	while ((index /= 10));
	*--p = '[';
	return jpath_join(out, path, (const char *const[]){ p }, whole, 1);
}

static int type_error(const char *path, const char *key, const char *want, const json_t *got)
{
	char where[VG_JPATH_MAX];

	return vg_error_set(VG_EPARSE, "%s: expected %s, found %s", vg_jpath_key(where, path, key),
			    want, vg_json_type_name(got));
}

/* Look up obj[key]: VG_OK with *member NULL when absent and optional. */
static int member(const json_t *obj, const char *key, const char *path, bool required,
		  json_t **member_out)
{
	json_t *m = json_is_object(obj) ? json_object_get(obj, key) : NULL;

	*member_out = m;
	if (!m && required)
		return vg_error_set(VG_EPARSE, "%s: missing required member \"%s\"", path, key);
	return VG_OK;
}

int vg_json_get_string(const json_t *obj, const char *key, const char *path, bool required,
		       const char **out)
{
	json_t *m;
	int rc = member(obj, key, path, required, &m);

	if (rc || !m)
		return rc;
	if (!json_is_string(m))
		return type_error(path, key, "a string", m);
	*out = json_string_value(m);
	return VG_OK;
}

int vg_json_get_object(const json_t *obj, const char *key, const char *path, bool required,
		       json_t **out)
{
	json_t *m;
	int rc = member(obj, key, path, required, &m);

	if (rc || !m)
		return rc;
	if (!json_is_object(m))
		return type_error(path, key, "an object", m);
	*out = m;
	return VG_OK;
}

int vg_json_get_array(const json_t *obj, const char *key, const char *path, bool required,
		      json_t **out)
{
	json_t *m;
	int rc = member(obj, key, path, required, &m);

	if (rc || !m)
		return rc;
	if (!json_is_array(m))
		return type_error(path, key, "an array", m);
	*out = m;
	return VG_OK;
}

int vg_json_get_integer(const json_t *obj, const char *key, const char *path, bool required,
			long long *out)
{
	json_t *m;
	int rc = member(obj, key, path, required, &m);

	if (rc || !m)
		return rc;
	if (!json_is_integer(m))
		return type_error(path, key, "an integer", m);
	*out = json_integer_value(m);
	return VG_OK;
}

int vg_json_get_number(const json_t *obj, const char *key, const char *path, bool required,
		       double *out)
{
	json_t *m;
	int rc = member(obj, key, path, required, &m);

	if (rc || !m)
		return rc;
	if (!json_is_number(m))
		return type_error(path, key, "a number", m);
	*out = json_number_value(m);
	return VG_OK;
}

int vg_json_get_bool(const json_t *obj, const char *key, const char *path, bool required,
		     bool *out)
{
	json_t *m;
	int rc = member(obj, key, path, required, &m);

	if (rc || !m)
		return rc;
	if (!json_is_boolean(m))
		return type_error(path, key, "a boolean", m);
	*out = json_is_true(m);
	return VG_OK;
}

int vg_json_expect_object(const json_t *value, const char *path)
{
	if (json_is_object(value))
		return VG_OK;
	return vg_error_set(VG_EPARSE, "%s: expected an object, found %s", path,
			    vg_json_type_name(value));
}

int vg_json_set_string_if(json_t *obj, const char *key, const char *s)
{
	if (!s || !*s)
		return VG_OK;
	if (json_object_set_new(obj, key, json_string(s)) != 0)
		return vg_error_set(VG_EINVAL, "cannot set \"%s\": not valid UTF-8 or out of memory",
				    key);
	return VG_OK;
}
