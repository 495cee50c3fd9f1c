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
	char *text = json_dumps(value, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
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

static char *jpath_finish(char out[VG_JPATH_MAX], int n)
{
	if (n >= VG_JPATH_MAX) /* cut, but visibly */
		memcpy(out + VG_JPATH_MAX - 4, "...", 4);
	return out;
}

/* A key that reads unambiguously after a dot: letters, digits, '_'. */
static bool plain_key(const char *key)
{
	size_t n = strlen(key);

	return n > 0 && strspn(key, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
				    "0123456789_") == n;
}

/*
 * out = the parts one after the other, cut to VG_JPATH_MAX as snprintf would
 * cut them.  Built in a copy, so out may be the first part itself.  Without
 * printf: importers build a path for every element they check.
 */
static char *jpath_join(char out[VG_JPATH_MAX], const char *const part[], const size_t len[],
			size_t n)
{
	char tmp[VG_JPATH_MAX];
	size_t i, at = 0, total = 0, take;

	for (i = 0; i < n; i++) {
		take = len[i] < VG_JPATH_MAX - 1 - at ? len[i] : VG_JPATH_MAX - 1 - at;
		memcpy(tmp + at, part[i], take);
		at += take;
		total += len[i];
	}
	tmp[at] = '\0';
	memcpy(out, tmp, at + 1);
	return jpath_finish(out, total < VG_JPATH_MAX ? (int)total : VG_JPATH_MAX);
}

char *vg_jpath_key(char out[VG_JPATH_MAX], const char *path, const char *key)
{
	size_t n = strlen(key);
	const char *plain[] = { path, ".", key }, *quoted[] = { path, "[\"", key, "\"]" };
	size_t plain_len[] = { strnlen(path, VG_JPATH_MAX - 1), 1, n };
	size_t quoted_len[] = { plain_len[0], 2, n < 100 ? n : 100, 2 };

	if (plain_key(key))
		return jpath_join(out, plain, plain_len, 3);
	return jpath_join(out, quoted, quoted_len, 4);
}

char *vg_jpath_index(char out[VG_JPATH_MAX], const char *path, size_t index)
{
	char digits[24], *d = digits + sizeof(digits);
	const char *part[2] = { path, NULL };
	size_t len[2] = { strnlen(path, VG_JPATH_MAX - 1), 0 };

	*--d = ']';
	do
		*--d = (char)('0' + index % 10);
	while ((index /= 10) != 0);
	*--d = '[';
	part[1] = d;
	len[1] = (size_t)(digits + sizeof(digits) - d);
	return jpath_join(out, part, len, 2);
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
