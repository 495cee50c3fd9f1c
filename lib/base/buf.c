/*
 * buf.c - growable byte buffer (see include/vigil/buf.h).
 */
#include "vigil/buf.h"
#include "vigil/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int vg_buf_grow(vg_buf *b, size_t extra)
{
	size_t need, cap;
	char *p;

	if (extra > ((size_t)-1) / 2 - b->len)
		return vg_error_set(VG_ENOMEM, "buffer size overflow");
	need = b->len + extra + 1;
	if (need <= b->cap)
		return VG_OK;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	p = realloc(b->ptr, cap);
	if (!p)
		return vg_error_set(VG_ENOMEM, "out of memory (%zu bytes)", cap);
	if (!b->ptr)
		p[0] = '\0';
	b->ptr = p;
	b->cap = cap;
	return VG_OK;
}

int vg_buf_put(vg_buf *b, const void *data, size_t len)
{
	int rc = vg_buf_grow(b, len);

	if (rc)
		return rc;
	if (len)
		memcpy(b->ptr + b->len, data, len);
	b->len += len;
	b->ptr[b->len] = '\0';
	return VG_OK;
}

int vg_buf_puts(vg_buf *b, const char *s)
{
	return vg_buf_put(b, s, strlen(s));
}

int vg_buf_putc(vg_buf *b, char c)
{
	return vg_buf_put(b, &c, 1);
}

int vg_buf_vprintf(vg_buf *b, const char *fmt, va_list ap)
{
	va_list copy;
	int n, rc;

	va_copy(copy, ap);
	n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0)
		return vg_error_set(VG_EINVAL, "invalid format string");
	rc = vg_buf_grow(b, (size_t)n);
	if (rc)
		return rc;
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return VG_OK;
}

int vg_buf_printf(vg_buf *b, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vg_buf_vprintf(b, fmt, ap);
	va_end(ap);
	return rc;
}

void vg_buf_clear(vg_buf *b)
{
	b->len = 0;
	if (b->ptr)
		b->ptr[0] = '\0';
}

char *vg_buf_detach(vg_buf *b)
{
	char *p = b->ptr;

	if (!p)
		p = calloc(1, 1);
	b->ptr = NULL;
	b->len = b->cap = 0;
	return p;
}

void vg_buf_free(vg_buf *b)
{
	free(b->ptr);
	b->ptr = NULL;
	b->len = b->cap = 0;
}
