/*
 * str.c - string helpers and vg_strlist (see include/vigil/str.h).
 */
#include "vigil/str.h"
#include "vigil/buf.h"
#include "vigil/error.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

char *vg_strndup(const char *s, size_t n)
{
	char *p = malloc(n + 1);

	if (!p) {
		vg_error_set(VG_ENOMEM, "out of memory");
		return NULL;
	}
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *vg_strdup(const char *s)
{
	return vg_strndup(s, strlen(s));
}

static int lower_ascii(int c)
{
	return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

int vg_strcasecmp(const char *a, const char *b)
{
	const unsigned char *x = (const unsigned char *)a;
	const unsigned char *y = (const unsigned char *)b;

	while (*x && lower_ascii(*x) == lower_ascii(*y)) {
		x++;
		y++;
	}
	return lower_ascii(*x) - lower_ascii(*y);
}

bool vg_str_starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool vg_str_ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

char *vg_str_lower(char *s)
{
	char *p;

	for (p = s; *p; p++)
		*p = (char)lower_ascii((unsigned char)*p);
	return s;
}

/* Length of the UTF-8 sequence starting at s[0..n), or 0 if it is invalid. */
static size_t utf8_sequence(const unsigned char *s, size_t n)
{
	uint32_t cp;
	size_t len, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		len = 2;
		cp = s[0] & 0x1F;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		len = 3;
		cp = s[0] & 0x0F;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		len = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return len;
}

bool vg_utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, len;

	while (i < n) {
		len = utf8_sequence(p + i, n - i);
		if (!len)
			return false;
		i += len;
	}
	return true;
}

int vg_strlist_take(vg_strlist *l, char *s)
{
	if (!s)
		return vg_error_set(VG_ENOMEM, "out of memory");
	if (l->count == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 4;
		char **items = realloc(l->items, cap * sizeof(*items));

		if (!items) {
			free(s);
			return vg_error_set(VG_ENOMEM, "out of memory");
		}
		l->items = items;
		l->cap = cap;
	}
	l->items[l->count++] = s;
	return VG_OK;
}

int vg_strlist_split(vg_strlist *l, const char *s, char sep)
{
	const char *p = s, *end;
	int rc = VG_OK;

	while (p && *p && rc == VG_OK) {
		end = strchr(p, sep);
		rc = vg_strlist_take(l, end ? vg_strndup(p, (size_t)(end - p)) : vg_strdup(p));
		p = end ? end + 1 : NULL;
	}
	return rc;
}

int vg_strlist_add(vg_strlist *l, const char *s)
{
	return vg_strlist_take(l, vg_strdup(s));
}

bool vg_strlist_contains(const vg_strlist *l, const char *s)
{
	size_t i;

	for (i = 0; i < l->count; i++)
		if (strcmp(l->items[i], s) == 0)
			return true;
	return false;
}

int vg_strlist_copy(vg_strlist *dst, const vg_strlist *src)
{
	size_t i;
	int rc;

	for (i = 0; i < src->count; i++) {
		rc = vg_strlist_add(dst, src->items[i]);
		if (rc)
			return rc;
	}
	return VG_OK;
}

static int compare_strings(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void vg_strlist_sort(vg_strlist *l)
{
	if (l->count > 1)
		qsort(l->items, l->count, sizeof(*l->items), compare_strings);
}

void vg_strlist_free(vg_strlist *l)
{
	size_t i;

	for (i = 0; i < l->count; i++)
		free(l->items[i]);
	free(l->items);
	l->items = NULL;
	l->count = l->cap = 0;
}

char *vg_strdup_vprintf(const char *fmt, va_list ap)
{
	vg_buf b = VG_BUF_INIT;

	if (vg_buf_vprintf(&b, fmt, ap) != VG_OK) {
		vg_buf_free(&b);
		return NULL;
	}
	return vg_buf_detach(&b);
}

char *vg_strdup_printf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = vg_strdup_vprintf(fmt, ap);
	va_end(ap);
	return s;
}

int vg_hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}
