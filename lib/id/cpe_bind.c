/*
 * cpe_bind.c - the two CPE 2.3 bindings (NISTIR 7695 §6).
 *
 * Formatted string: "cpe:2.3:" and eleven ':'-separated attributes, '*' ANY,
 * '-' NA, special characters quoted with '\' except '.', '-' and '_'.
 * URI: "cpe:/" and up to seven attributes (trailing ANY ones left out),
 * empty = ANY, '-' = NA, special characters percent-encoded, the wildcards
 * '?' and '*' as %01 and %02, and the five extended attributes packed into
 * the edition as "~edition~sw_edition~target_sw~target_hw~other".
 *
 * Unbinding writes each attribute's WFN value into a stack buffer and hands
 * it to cpe_store(), which checks it; nothing here allocates except the
 * printed strings.  One ambiguity of the bindings is resolved explicitly: a
 * value that is exactly a literal hyphen prints as "\-" (FS) or "%2d" (URI),
 * never as "-" which would read back as NA.
 */
#include "cpe_internal.h"

#include "vigil/buf.h"
#include "vigil/error.h"
#include "vigil/str.h"

#include <string.h>

/* A WFN value being built from one bound attribute. */
typedef struct wfn_buf {
	char s[VG_CPE_TEXT_MAX];
	size_t n;
} wfn_buf;

static int wfn_put(wfn_buf *w, char quote, char c, enum vg_cpe_attr attr)
{
	if (w->n + 2 >= sizeof(w->s))
		return vg_error_set(VG_ELIMIT, "%s: value longer than %d bytes",
				    vg_cpe_attr_name(attr), VG_CPE_TEXT_MAX - 2);
	if (quote)
		w->s[w->n++] = quote;
	w->s[w->n++] = c;
	return VG_OK;
}

/* One formatted-string attribute [s, end) into cpe. */
static int unbind_fs_attr(vg_cpe *cpe, enum vg_cpe_attr attr, const char *s, const char *end)
{
	wfn_buf w = { .n = 0 };
	int rc = VG_OK;

	if (end - s == 1 && (*s == '*' || *s == '-')) {
		cpe->kind[attr] = *s == '*' ? VG_CPE_ANY : VG_CPE_NA;
		return VG_OK;
	}
	for (; s < end && rc == VG_OK; s++) {
		char c = *s;

		if (c == '\\' && s + 1 == end)
			return vg_error_set(VG_EPARSE, "%s: value ends in a lone '\\'",
					    vg_cpe_attr_name(attr));
		if (c == '\\')
			c = *++s;
		else if (c == '*' || c == '?') {
			rc = wfn_put(&w, 0, c, attr);
			continue;
		}
		rc = wfn_put(&w, cpe_plain_char((unsigned char)c) ? 0 : '\\', c, attr);
	}
	return rc == VG_OK ? cpe_store(cpe, attr, w.s, w.n) : rc;
}

/* The end of the attribute starting at s: the next unquoted ':' or the NUL. */
static const char *fs_attr_end(const char *s)
{
	for (; *s && *s != ':'; s++)
		if (*s == '\\' && s[1])
			s++;
	return s;
}

static int parse_fs(const char *s, vg_cpe *out)
{
	int attr;

	for (attr = 0; attr < VG_CPE_ATTR_COUNT; attr++) {
		const char *end = fs_attr_end(s);
		int rc;

		if ((rc = unbind_fs_attr(out, attr, s, end)) != VG_OK)
			return rc;
		if (*end != ':' && attr + 1 < VG_CPE_ATTR_COUNT)
			return vg_error_set(VG_EPARSE, "%d attributes, a formatted string has 11",
					    attr + 1);
		s = end + (*end == ':');
		if (*end == ':' && attr + 1 == VG_CPE_ATTR_COUNT)
			return vg_error_set(VG_EPARSE, "more than 11 attributes");
	}
	return VG_OK;
}

/* One URI attribute [s, end) into cpe. */
static int unbind_uri_attr(vg_cpe *cpe, enum vg_cpe_attr attr, const char *s, const char *end)
{
	wfn_buf w = { .n = 0 };
	int rc = VG_OK;

	if (s == end || (end - s == 1 && *s == '-')) {
		cpe->kind[attr] = s == end ? VG_CPE_ANY : VG_CPE_NA;
		return VG_OK;
	}
	for (; s < end && rc == VG_OK; s++) {
		int c = (unsigned char)*s, hi, lo;

		if (c == '%') {
			if (end - s < 3)
				return vg_error_set(VG_EPARSE, "%s: truncated percent-escape",
						    vg_cpe_attr_name(attr));
			hi = vg_hex_digit((unsigned char)s[1]);
			lo = vg_hex_digit((unsigned char)s[2]);
			if (hi < 0 || lo < 0)
				return vg_error_set(VG_EPARSE, "%s: invalid percent-escape",
						    vg_cpe_attr_name(attr));
			c = hi * 16 + lo;
			s += 2;
			if (c == 1 || c == 2) {
				rc = wfn_put(&w, 0, c == 1 ? '?' : '*', attr);
				continue;
			}
		}
		rc = wfn_put(&w, cpe_plain_char(c) ? 0 : '\\', (char)c, attr);
	}
	return rc == VG_OK ? cpe_store(cpe, attr, w.s, w.n) : rc;
}

/* The edition, plain or packed "~ed~sw_ed~target_sw~target_hw~other". */
static int unbind_uri_edition(vg_cpe *cpe, const char *s, const char *end)
{
	static const enum vg_cpe_attr packed[] = { VG_CPE_EDITION, VG_CPE_SW_EDITION,
						   VG_CPE_TARGET_SW, VG_CPE_TARGET_HW,
						   VG_CPE_OTHER };
	size_t i;
	int rc;

	if (s == end || *s != '~')
		return unbind_uri_attr(cpe, VG_CPE_EDITION, s, end);
	s++;
	for (i = 0; i < 5; i++) {
		const char *tilde = memchr(s, '~', (size_t)(end - s));
		const char *field_end = tilde ? tilde : end;

		if ((!tilde) != (i == 4))
			return vg_error_set(VG_EPARSE, "edition: a packed edition has 5 '~' fields");
		if ((rc = unbind_uri_attr(cpe, packed[i], s, field_end)) != VG_OK)
			return rc;
		s = field_end + 1;
	}
	return VG_OK;
}

static int parse_uri(const char *s, vg_cpe *out)
{
	int attr;

	for (attr = 0; attr <= VG_CPE_LANGUAGE; attr++) {
		const char *end = s + strcspn(s, ":");
		int rc = attr == VG_CPE_EDITION ? unbind_uri_edition(out, s, end)
						: unbind_uri_attr(out, attr, s, end);

		if (rc != VG_OK)
			return rc;
		if (!*end)
			return VG_OK;
		s = end + 1;
	}
	return vg_error_set(VG_EPARSE, "more than 7 attributes in a URI");
}

/* ASCII case-insensitive prefix test (the bindings are case-insensitive). */
static bool has_prefix(const char *s, const char *prefix)
{
	for (; *prefix; s++, prefix++)
		if (((unsigned char)*s | 32) != ((unsigned char)*prefix | 32))
			return false;
	return true;
}

int vg_cpe_parse(const char *text, vg_cpe *out)
{
	size_t len;
	int rc;

	if (!text || !out)
		return vg_error_set(VG_EINVAL, "vg_cpe_parse: NULL argument");
	vg_cpe_init(out);
	len = strlen(text);
	if (len > VG_CPE_BOUND_MAX)
		rc = vg_error_set(VG_ELIMIT, "%zu bytes, longer than %d", len, VG_CPE_BOUND_MAX);
	else if (has_prefix(text, "cpe:2.3:"))
		rc = parse_fs(text + 8, out);
	else if (has_prefix(text, "cpe:/"))
		rc = parse_uri(text + 5, out);
	else
		rc = vg_error_set(VG_EPARSE, "neither 'cpe:2.3:' nor 'cpe:/'");
	if (rc != VG_OK) {
		vg_cpe_init(out);
		return vg_error_prefix("'%.*s%s': ", len > 120 ? 120 : (int)len, text,
				       len > 120 ? "..." : "");
	}
	return VG_OK;
}

/* A value that is a lone literal hyphen, which must not print as NA's "-". */
static bool lone_hyphen(const char *v)
{
	return v[0] == '\\' && v[1] == '-' && v[2] == '\0';
}

static int bind_fs_value(vg_buf *b, const char *v)
{
	int rc = VG_OK;

	if (lone_hyphen(v))
		return vg_buf_puts(b, v);
	for (; *v && rc == VG_OK; v++) {
		if (*v == '\\' && (v[1] == '.' || v[1] == '-' || v[1] == '_'))
			v++;
		else if (*v == '\\')
			rc = vg_buf_putc(b, *v++);
		if (rc == VG_OK)
			rc = vg_buf_putc(b, *v);
	}
	return rc;
}

static char *finish(vg_buf *b, int rc)
{
	if (rc != VG_OK) {
		vg_buf_free(b);
		vg_error_set(VG_ENOMEM, "out of memory");
		return NULL;
	}
	return vg_buf_detach(b);
}

char *vg_cpe_to_fs(const vg_cpe *cpe)
{
	vg_buf b = VG_BUF_INIT;
	int attr, rc = vg_buf_puts(&b, "cpe:2.3");

	for (attr = 0; attr < VG_CPE_ATTR_COUNT && rc == VG_OK; attr++) {
		rc = vg_buf_putc(&b, ':');
		if (rc == VG_OK && cpe->kind[attr] != VG_CPE_VALUE)
			rc = vg_buf_putc(&b, cpe->kind[attr] == VG_CPE_ANY ? '*' : '-');
		else if (rc == VG_OK)
			rc = bind_fs_value(&b, vg_cpe_value(cpe, attr));
	}
	return finish(&b, rc);
}

static int bind_uri_value(vg_buf *b, const vg_cpe *cpe, enum vg_cpe_attr attr)
{
	const char *v = vg_cpe_value(cpe, attr);
	int rc = VG_OK;

	if (!v)
		return cpe->kind[attr] == VG_CPE_NA ? vg_buf_putc(b, '-') : VG_OK;
	if (lone_hyphen(v))
		return vg_buf_puts(b, "%2d");
	for (; *v && rc == VG_OK; v++) {
		if (*v == '?' || *v == '*')
			rc = vg_buf_puts(b, *v == '?' ? "%01" : "%02");
		else if (*v != '\\')
			rc = vg_buf_putc(b, *v);
		else if (v[1] == '.' || v[1] == '-')
			rc = vg_buf_putc(b, *++v);
		else
			rc = vg_buf_printf(b, "%%%02x", (unsigned char)*++v);
	}
	return rc;
}

static bool extended_any(const vg_cpe *cpe)
{
	return cpe->kind[VG_CPE_SW_EDITION] == VG_CPE_ANY &&
	       cpe->kind[VG_CPE_TARGET_SW] == VG_CPE_ANY &&
	       cpe->kind[VG_CPE_TARGET_HW] == VG_CPE_ANY && cpe->kind[VG_CPE_OTHER] == VG_CPE_ANY;
}

static int bind_uri_edition(vg_buf *b, const vg_cpe *cpe)
{
	int attr, rc = VG_OK;

	if (extended_any(cpe))
		return bind_uri_value(b, cpe, VG_CPE_EDITION);
	for (attr = VG_CPE_EDITION; attr <= VG_CPE_OTHER && rc == VG_OK; attr++) {
		if (attr == VG_CPE_LANGUAGE)
			continue;
		rc = vg_buf_putc(b, '~');
		if (rc == VG_OK)
			rc = bind_uri_value(b, cpe, attr);
	}
	return rc;
}

char *vg_cpe_to_uri(const vg_cpe *cpe)
{
	vg_buf b = VG_BUF_INIT;
	int attr, rc = vg_buf_puts(&b, "cpe:/");

	for (attr = 0; attr <= VG_CPE_LANGUAGE && rc == VG_OK; attr++) {
		if (attr)
			rc = vg_buf_putc(&b, ':');
		if (rc == VG_OK)
			rc = attr == VG_CPE_EDITION ? bind_uri_edition(&b, cpe)
						    : bind_uri_value(&b, cpe, attr);
	}
	while (rc == VG_OK && b.ptr[b.len - 1] == ':') /* trailing ANY attributes */
		b.ptr[--b.len] = '\0';
	return finish(&b, rc);
}
