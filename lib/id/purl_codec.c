/*
 * purl_codec.c - percent-encoding of purl components (ECMA-427 §5.4).
 *
 * Decoding accepts any %XX escape and leaves everything else as it is; the
 * result must be a C string (no encoded NUL) of valid UTF-8, so that every
 * decoded component can be printed and compared as text.  Encoding is the
 * canonical one: only letters, digits and ". - _ ~ :" are left bare, so
 * that printing is a function of the decoded value alone.
 */
#include "purl_internal.h"

#include "vigil/error.h"
#include "vigil/str.h"

#include <stdlib.h>

int purl_decode(const char *s, size_t n, const char *what, char **out)
{
	char *d = malloc(n + 1);
	size_t i, j = 0;

	if (!d)
		return vg_error_set(VG_ENOMEM, "out of memory");
	for (i = 0; i < n; i++) {
		int hi, lo;

		if (s[i] != '%') {
			d[j++] = s[i];
			continue;
		}
		if (i + 2 >= n) {
			free(d);
			return vg_error_set(VG_EPARSE, "%s: truncated percent-escape at byte %zu", what, i);
		}
		hi = vg_hex_digit((unsigned char)s[i + 1]);
		lo = vg_hex_digit((unsigned char)s[i + 2]);
		if (hi < 0 || lo < 0) {
			free(d);
			return vg_error_set(VG_EPARSE, "%s: invalid percent-escape at byte %zu", what, i);
		}
		if (hi == 0 && lo == 0) {
			free(d);
			return vg_error_set(VG_EPARSE, "%s: encoded NUL byte at byte %zu", what, i);
		}
		d[j++] = (char)(hi * 16 + lo);
		i += 2;
	}
	d[j] = '\0';
	if (!vg_utf8_valid(d, j)) {
		free(d);
		return vg_error_set(VG_EPARSE, "%s: not valid UTF-8 once decoded", what);
	}
	*out = d;
	return VG_OK;
}

static bool bare_char(int c, bool keep_slash)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '.' || c == '-' || c == '_' || c == '~' || c == ':' || (keep_slash && c == '/');
}

int purl_encode(vg_buf *b, const char *s, bool keep_slash)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p; p++) {
		char esc[3] = { '%', hex[*p >> 4], hex[*p & 15] };
		int rc = bare_char(*p, keep_slash) ? vg_buf_putc(b, (char)*p) : vg_buf_put(b, esc, 3);

		if (rc != VG_OK)
			return rc;
	}
	return VG_OK;
}

bool purl_type_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '.' || c == '-';
}
