/*
 * gen_lines.c - the line reader every text package database goes through.
 *
 * Package databases are text, so anything that is not (a NUL byte, invalid
 * UTF-8) is rejected at the line where it appears rather than smuggled into
 * the SBOM, where a JSON writer would choke on it later, far from the cause.
 */
#include "gen_internal.h"
#include "vigil/buf.h"
#include "vigil/error.h"
#include "vigil/str.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void gen_lines_init(gen_lines *it, const char *data, size_t len, const char *name)
{
	it->p = data;
	it->end = data + len;
	it->name = name;
	it->lineno = 0;
}

int gen_lines_error(const gen_lines *it, int code, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return vg_error_set(code, "%s:%u: %s", it->name, it->lineno, msg);
}

int gen_lines_next(gen_lines *it, const char **line, size_t *len)
{
	const char *nl, *s = it->p;
	size_t n;

	if (s >= it->end)
		return 0;
	it->lineno++;
	nl = memchr(s, '\n', (size_t)(it->end - s));
	n = nl ? (size_t)(nl - s) : (size_t)(it->end - s);
	it->p = nl ? nl + 1 : it->end;
	if (n > VG_GENERATE_MAX_LINE)
		return gen_lines_error(it, VG_ELIMIT, "line longer than %u bytes",
				       VG_GENERATE_MAX_LINE);
	if (memchr(s, '\0', n))
		return gen_lines_error(it, VG_EPARSE, "NUL byte: not a text file");
	if (!vg_utf8_valid(s, n))
		return gen_lines_error(it, VG_EPARSE, "invalid UTF-8");
	if (n && s[n - 1] == '\r')
		n--;
	*line = s;
	*len = n;
	return 1;
}
