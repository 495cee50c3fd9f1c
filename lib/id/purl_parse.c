/*
 * purl_parse.c - purl text to vg_purl (ECMA-427 §6 "how to parse").
 *
 * The string is cut from the right: '#' subpath, then '?' qualifiers; from
 * the left: the "pkg" scheme and ':', any number of '/', the type up to the
 * next '/'.  What remains is the path: its last segment is the name, with the
 * version after that segment's last '@' (so `pkg:npm/@babel/core` keeps its
 * scope and `pkg:brew/node@20@20.10.0` names "node@20"); the segments before
 * it are the namespace.  Each segment is decoded on its own, so an encoded
 * '/' inside a namespace or subpath segment is an error rather than a new
 * segment.  The decoded parts then go through the same purl_init() as
 * vg_purl_new(), so parsing and building agree by construction.
 */
#include "purl_internal.h"

#include "vigil/error.h"
#include "vigil/str.h"

#include <stdlib.h>
#include <string.h>

/* Longest part of the input quoted in an error message. */
#define QUOTE_MAX 120

static const char *last_of(const char *s, const char *end, char c)
{
	const char *hit = NULL;

	for (; s < end; s++)
		if (*s == c)
			hit = s;
	return hit;
}

/*
 * Decode the '/'-separated segments of [s, end) into one '/'-joined string,
 * dropping empty segments (and, for subpaths, "." and "..").
 */
static int decode_path(const char *s, const char *end, enum purl_dots dots, const char *what,
		       char **out)
{
	vg_buf b = VG_BUF_INIT;
	int rc = VG_OK;

	*out = NULL;
	while (s < end && rc == VG_OK) {
		const char *slash = memchr(s, '/', (size_t)(end - s));
		const char *seg_end = slash ? slash : end;
		char *seg;

		if ((rc = purl_decode(s, (size_t)(seg_end - s), what, &seg)) != VG_OK)
			break;
		if (strchr(seg, '/'))
			rc = vg_error_set(VG_EPARSE, "%s: segment '%s' contains an encoded '/'", what,
					  seg);
		else if (*seg && !(dots == PURL_DOTS_DROP && (!strcmp(seg, ".") || !strcmp(seg, ".."))))
			rc = (b.len && vg_buf_putc(&b, '/') != VG_OK) || vg_buf_puts(&b, seg) != VG_OK
				     ? VG_ENOMEM
				     : VG_OK;
		free(seg);
		s = seg_end + 1;
	}
	if (rc == VG_OK && b.len)
		*out = vg_buf_detach(&b);
	vg_buf_free(&b);
	return rc;
}

static int parse_qualifier(vg_purl *p, const char *s, const char *end, bool strict)
{
	const char *eq = memchr(s, '=', (size_t)(end - s));
	char *key, *value = NULL;
	int rc;

	if (!eq)
		return vg_error_set(VG_EPARSE, "qualifier '%.*s' has no '='", (int)(end - s), s);
	if (!(key = vg_strndup(s, (size_t)(eq - s))))
		return VG_ENOMEM;
	rc = purl_key_check(key, strict);
	if (rc == VG_OK)
		rc = purl_decode(eq + 1, (size_t)(end - eq - 1), key, &value);
	if (rc == VG_OK && vg_purl_qualifier(p, key))
		rc = vg_error_set(VG_EPARSE, "qualifier '%s' appears twice", key);
	if (rc == VG_OK && *value) /* an empty value means "absent" */
		rc = purl_qualifier_put(p, key, value);
	free(key);
	free(value);
	return rc;
}

static int parse_qualifiers(vg_purl *p, const char *s, const char *end, bool strict)
{
	int rc = VG_OK;

	while (s < end && rc == VG_OK) {
		const char *amp = memchr(s, '&', (size_t)(end - s));
		const char *item_end = amp ? amp : end;

		if (item_end > s)
			rc = parse_qualifier(p, s, item_end, strict);
		s = item_end + 1;
	}
	return rc;
}

/* Scheme and type; *path is set to what follows the type's '/'. */
static int parse_head(const char *s, const char *end, char **type, const char **path)
{
	const char *colon = memchr(s, ':', (size_t)(end - s));
	const char *t;

	if (!colon)
		return vg_error_set(VG_EPARSE, "missing scheme 'pkg:'");
	if (colon - s != 3 || ((s[0] | 32) != 'p' || (s[1] | 32) != 'k' || (s[2] | 32) != 'g'))
		return vg_error_set(VG_EPARSE, "scheme is '%.*s', not 'pkg'", (int)(colon - s), s);
	for (s = colon + 1; s < end && *s == '/'; s++)
		;
	for (t = s; t < end && *t != '/'; t++)
		;
	if (t == s)
		return vg_error_set(VG_EPARSE, "missing type");
	if (!(*type = vg_strndup(s, (size_t)(t - s))))
		return VG_ENOMEM;
	*path = t < end ? t + 1 : end;
	return VG_OK;
}

static int parse_body(vg_purl *p, const char *text, size_t len, unsigned flags)
{
	const char *end = text + len, *hash = last_of(text, end, '#');
	const char *main_end = hash ? hash : end, *q = last_of(text, main_end, '?');
	const char *path = NULL, *name_start, *at;
	char *type = NULL, *ns = NULL, *name = NULL, *version = NULL;
	int rc;

	if (q)
		main_end = q;
	if ((rc = parse_head(text, main_end, &type, &path)) != VG_OK)
		return rc;
	while (main_end > path && main_end[-1] == '/')
		main_end--;
	name_start = last_of(path, main_end, '/');
	name_start = name_start ? name_start + 1 : path;
	at = last_of(name_start, main_end, '@');
	rc = decode_path(path, name_start, PURL_DOTS_KEEP, "namespace", &ns);
	if (rc == VG_OK)
		rc = purl_decode(name_start, (size_t)((at ? at : main_end) - name_start), "name",
				 &name);
	if (rc == VG_OK && at)
		rc = purl_decode(at + 1, (size_t)(main_end - at - 1), "version", &version);
	if (rc == VG_OK)
		rc = purl_init(p, type, ns, name, version);
	free(type);
	free(ns);
	free(name);
	free(version);
	if (rc == VG_OK && q)
		rc = parse_qualifiers(p, q + 1, hash ? hash : end, flags & VG_PURL_STRICT);
	if (rc == VG_OK && hash)
		rc = decode_path(hash + 1, end, PURL_DOTS_DROP, "subpath", &p->subpath);
	if (rc == VG_OK)
		rc = purl_type_normalize(p);
	return rc == VG_OK ? vg_purl_validate(p) : rc;
}

int vg_purl_parse_flags(const char *text, unsigned flags, vg_purl **out)
{
	size_t len;
	vg_purl *p;
	int rc;

	if (!out || !text)
		return vg_error_set(VG_EINVAL, "vg_purl_parse: NULL argument");
	*out = NULL;
	len = strlen(text);
	if (len > VG_PURL_MAX_TEXT)
		return vg_error_set(VG_ELIMIT, "purl of %zu bytes is longer than %u", len,
				    VG_PURL_MAX_TEXT);
	if (!(p = calloc(1, sizeof(*p))))
		return vg_error_set(VG_ENOMEM, "out of memory");
	if ((rc = parse_body(p, text, len, flags)) != VG_OK) {
		vg_purl_free(p);
		return vg_error_prefix("'%.*s%s': ", (int)(len > QUOTE_MAX ? QUOTE_MAX : len), text,
				       len > QUOTE_MAX ? "..." : "");
	}
	*out = p;
	return VG_OK;
}

int vg_purl_parse(const char *text, vg_purl **out)
{
	return vg_purl_parse_flags(text, 0, out);
}
