/*
 * error.c - the thread-local last error (see include/vigil/error.h).
 *
 * The message lives in a fixed buffer per thread, so that recording an error
 * never allocates: an out-of-memory failure can still be reported.  Messages
 * longer than the buffer are cut and end in "...".
 */
#include "vigil/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>


static _Thread_local char last_message[VG_ERROR_MAX];
static _Thread_local vg_error last = { VG_OK, "" };

static void mark_truncated(int written)
{
	if (written >= VG_ERROR_MAX)
		memcpy(last_message + VG_ERROR_MAX - 4, "...", 4);
}

const vg_error *vg_error_last(void)
{
	last.message = last_message;
	return &last;
}

const char *vg_error_message(void)
{
	return last_message;
}

void vg_error_clear(void)
{
	last.code = VG_OK;
	last_message[0] = '\0';
}

int vg_error_set(int code, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(last_message, sizeof(last_message), fmt, ap);
	va_end(ap);
	if (n < 0)
		last_message[0] = '\0';
	mark_truncated(n);
	last.code = code;
	return code;
}

int vg_error_prefix(const char *fmt, ...)
{
	char prefix[VG_ERROR_MAX];
	char joined[VG_ERROR_MAX];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(prefix, sizeof(prefix), fmt, ap);
	va_end(ap);
	if (n < 0)
		prefix[0] = '\0';
	n = snprintf(joined, sizeof(joined), "%s%s", prefix, last_message);
	memcpy(last_message, joined, sizeof(last_message));
	mark_truncated(n);
	if (last.code == VG_OK)
		last.code = VG_ERROR;
	return last.code;
}

const char *vg_status_name(int code)
{
	switch (code) {
	case VG_OK: return "success";
	case VG_ERROR: return "error";
	case VG_ENOMEM: return "out of memory";
	case VG_EINVAL: return "invalid argument";
	case VG_EPARSE: return "parse error";
	case VG_EIO: return "I/O error";
	case VG_ENOTFOUND: return "not found";
	case VG_EUNSUPPORTED: return "unsupported";
	case VG_ELIMIT: return "limit exceeded";
	case VG_EVERIFY: return "verification failed";
	case VG_ENET: return "network error";
	case VG_EDB: return "database error";
	case VG_ESTATE: return "invalid state";
	default: return "unknown error";
	}
}
