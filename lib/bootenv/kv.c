/*
 * kv.c - ordered name=value lists and their strict text form (vigil/kv.h).
 */
#include "vigil/kv.h"
#include "vigil/error.h"
#include "vigil/str.h"

#include <stdlib.h>
#include <string.h>

int vg_kv_name_ok(const char *name, size_t len)
{
	if (len == 0 || len > VG_KV_NAME_MAX)
		return 0;
	for (size_t i = 0; i < len; i++) {
		char c = name[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '.' || c == '-'))
			return 0;
	}
	return 1;
}

int vg_kv_value_ok(const char *value, size_t len)
{
	if (len > VG_KV_VALUE_MAX)
		return 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)value[i];
		if (c < 0x20 || c == 0x7f)
			return 0;
	}
	return 1;
}

static vg_kv *find(const vg_kvlist *l, const char *name)
{
	for (size_t i = 0; i < l->count; i++)
		if (strcmp(l->items[i].name, name) == 0)
			return &l->items[i];
	return NULL;
}

const char *vg_kv_get(const vg_kvlist *l, const char *name)
{
	vg_kv *kv = find(l, name);
	return kv ? kv->value : NULL;
}

static int kv_append(vg_kvlist *l, char *name, char *value)
{
	if (l->count == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 8;
		vg_kv *items = realloc(l->items, cap * sizeof(*items));
		if (!items) {
			free(name);
			free(value);
			return vg_error_set(VG_ENOMEM, "out of memory");
		}
		l->items = items;
		l->cap = cap;
	}
	l->items[l->count].name = name;
	l->items[l->count].value = value;
	l->count++;
	return VG_OK;
}

int vg_kv_set(vg_kvlist *l, const char *name, const char *value)
{
	if (!vg_kv_name_ok(name, strlen(name)))
		return vg_error_set(VG_EINVAL, "invalid variable name '%.64s'", name);
	vg_kv *kv = find(l, name);
	if (!value) {
		if (kv) {
			size_t i = (size_t)(kv - l->items);
			free(kv->name);
			free(kv->value);
			memmove(kv, kv + 1, (l->count - i - 1) * sizeof(*kv));
			l->count--;
		}
		return VG_OK;
	}
	if (!vg_kv_value_ok(value, strlen(value)))
		return vg_error_set(VG_EINVAL, "%s: value has control characters or is too long", name);
	char *v = vg_strdup(value);
	if (!v)
		return VG_ENOMEM;
	if (kv) {
		free(kv->value);
		kv->value = v;
		return VG_OK;
	}
	if (l->count >= VG_KV_COUNT_MAX) {
		free(v);
		return vg_error_set(VG_ELIMIT, "more than %d variables", VG_KV_COUNT_MAX);
	}
	char *n = vg_strdup(name);
	if (!n) {
		free(v);
		return VG_ENOMEM;
	}
	return kv_append(l, n, v);
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Parse one line (without its '\n') into l. */
static int parse_line(vg_kvlist *l, const char *s, size_t len, unsigned flags, size_t lineno)
{
	if (flags & VG_KV_RELAXED) {
		while (len && is_blank(*s))
			s++, len--;
		while (len && (is_blank(s[len - 1]) || s[len - 1] == '\r'))
			len--;
		if (len == 0 || s[0] == '#')
			return VG_OK;
	}
	const char *eq = memchr(s, '=', len);
	if (!eq)
		return vg_error_set(VG_EPARSE, "line %zu: expected name=value", lineno);
	size_t nlen = (size_t)(eq - s);
	const char *v = eq + 1;
	size_t vlen = len - nlen - 1;
	if (flags & VG_KV_RELAXED) {
		while (nlen && is_blank(s[nlen - 1]))
			nlen--;
		while (vlen && is_blank(*v))
			v++, vlen--;
	}
	if (!vg_kv_name_ok(s, nlen))
		return vg_error_set(VG_EPARSE, "line %zu: invalid name (want [A-Za-z0-9_.-], at most %d bytes)",
				    lineno, VG_KV_NAME_MAX);
	if (!vg_kv_value_ok(v, vlen))
		return vg_error_set(VG_EPARSE, "line %zu: value has control characters or is over %d bytes",
				    lineno, VG_KV_VALUE_MAX);
	if (!vg_utf8_valid(v, vlen))
		return vg_error_set(VG_EPARSE, "line %zu: value is not valid UTF-8", lineno);
	char *name = vg_strndup(s, nlen);
	if (!name)
		return VG_ENOMEM;
	if (find(l, name)) {
		int rc = vg_error_set(VG_EPARSE, "line %zu: duplicate name '%s'", lineno, name);
		free(name);
		return rc;
	}
	if (l->count >= VG_KV_COUNT_MAX) {
		free(name);
		return vg_error_set(VG_ELIMIT, "line %zu: more than %d entries", lineno, VG_KV_COUNT_MAX);
	}
	char *value = vg_strndup(v, vlen);
	if (!value) {
		free(name);
		return VG_ENOMEM;
	}
	return kv_append(l, name, value);
}

int vg_kv_parse(vg_kvlist *out, const char *text, size_t len, unsigned flags)
{
	size_t lineno = 1;
	const char *p = text, *end = text + len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t llen = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (!nl && !(flags & VG_KV_RELAXED)) {
			vg_kv_free(out);
			return vg_error_set(VG_EPARSE, "line %zu: truncated (no final newline)", lineno);
		}
		int rc = parse_line(out, p, llen, flags, lineno);
		if (rc) {
			vg_kv_free(out);
			return rc;
		}
		p += llen + (nl ? 1 : 0);
		lineno++;
	}
	return VG_OK;
}

int vg_kv_format(const vg_kvlist *l, vg_buf *out)
{
	for (size_t i = 0; i < l->count; i++) {
		int rc = vg_buf_printf(out, "%s=%s\n", l->items[i].name, l->items[i].value);
		if (rc)
			return rc;
	}
	return VG_OK;
}

void vg_kv_free(vg_kvlist *l)
{
	for (size_t i = 0; i < l->count; i++) {
		free(l->items[i].name);
		free(l->items[i].value);
	}
	free(l->items);
	l->items = NULL;
	l->count = l->cap = 0;
}
