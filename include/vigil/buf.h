/*
 * vigil/buf.h - a growable byte buffer, used wherever libvigil builds text.
 *
 * A vg_buf is always NUL-terminated once it holds anything, so b.ptr can be
 * used as a C string.  Functions return VG_OK or VG_ENOMEM (error.h).
 * Start from VG_BUF_INIT; release with vg_buf_free() or take ownership of the
 * bytes with vg_buf_detach() (then free() them).
 */
#ifndef VIGIL_BUF_H
#define VIGIL_BUF_H

#include <stdarg.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct vg_buf {
	char *ptr;  /* the bytes, NUL-terminated; NULL while empty and unallocated */
	size_t len; /* bytes used, not counting the terminating NUL */
	size_t cap; /* bytes allocated */
} vg_buf;

#define VG_BUF_INIT { NULL, 0, 0 }

/* Make room for `extra` more bytes (plus the NUL). */
int vg_buf_grow(vg_buf *b, size_t extra);
int vg_buf_put(vg_buf *b, const void *data, size_t len);
int vg_buf_puts(vg_buf *b, const char *s);
int vg_buf_putc(vg_buf *b, char c);
int vg_buf_printf(vg_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int vg_buf_vprintf(vg_buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

/* Forget the contents, keep the allocation. */
void vg_buf_clear(vg_buf *b);

/* Hand the bytes to the caller (free() them; "" when empty) and reset b. */
char *vg_buf_detach(vg_buf *b);

void vg_buf_free(vg_buf *b);

#ifdef __cplusplus
}
#endif
#endif
