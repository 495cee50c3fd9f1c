/*
 * vigil/error.h - the one error convention of libvigil.
 *
 * Every fallible function returns an int: VG_OK (0) on success, or one of the
 * negative vg_status codes below on failure.  The code says what kind of
 * failure it was; the detail (which file, which line or JSON path, what was
 * wrong) is recorded in a thread-local error that the caller reads with
 * vg_error_last() or vg_error_message().
 *
 * Detail is built from the inside out: the innermost function that detects
 * the fault calls vg_error_set() with the place and the fault
 * ("$.components[3].purl: missing type"); each caller that knows more context
 * prepends it with vg_error_prefix() ("sbom.json: ").  The final message reads
 * like a compiler diagnostic: "sbom.json: $.components[3].purl: missing type".
 *
 * Functions that succeed leave the last error alone; check the return code,
 * never the presence of a message.  Codes are stable: they are part of the
 * ABI and documented in docs/architecture.md.
 */
#ifndef VIGIL_ERROR_H
#define VIGIL_ERROR_H

#ifdef __cplusplus
extern "C" {
#endif

typedef enum vg_status {
	VG_OK = 0,
	VG_ERROR = -1,        /* unclassified failure */
	VG_ENOMEM = -2,       /* out of memory */
	VG_EINVAL = -3,       /* the caller passed an invalid argument */
	VG_EPARSE = -4,       /* input is malformed (syntax, type, value) */
	VG_EIO = -5,          /* reading or writing a file or stream failed */
	VG_ENOTFOUND = -6,    /* the named thing does not exist */
	VG_EUNSUPPORTED = -7, /* well-formed, but a format/feature we do not handle */
	VG_ELIMIT = -8,       /* input exceeds a limit (size, depth, count) */
	VG_EVERIFY = -9,      /* a signature, hash or policy check failed */
	VG_ENET = -10,        /* a network transfer failed */
	VG_EDB = -11,         /* the database failed or is inconsistent */
	VG_ESTATE = -12       /* operation not valid in the current state */
} vg_status;

/* The last error recorded on this thread. */
typedef struct vg_error {
	int code;            /* a vg_status, VG_OK when none was recorded */
	const char *message; /* never NULL; "" when none was recorded */
} vg_error;

/* The last error recorded on this thread (never NULL). */
const vg_error *vg_error_last(void);

/* The longest message kept (NUL included); longer ones are cut. */
#define VG_ERROR_MAX 2048

/* Shorthand for vg_error_last()->message. */
const char *vg_error_message(void);

/* Forget the last error. */
void vg_error_clear(void);

/*
 * Record an error and return its code, so that a failing function can end in
 * `return vg_error_set(VG_EPARSE, "line %d: unexpected '%c'", line, c);`.
 */
int vg_error_set(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Prepend context to the last error's message and return its code, so that a
 * caller can pass a failure up as `return vg_error_prefix("%s: ", path);`.
 * Keeps the code; if no error was recorded, records VG_ERROR.
 */
int vg_error_prefix(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A short, stable English name for a status code ("parse error"). */
const char *vg_status_name(int code);

#ifdef __cplusplus
}
#endif
#endif
