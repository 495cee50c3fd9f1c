/*
 * vers.c - vers: version range URIs (package-url/vers-spec): parse, canonical
 * form, containment (see include/vigil/range.h).
 */
#include "vigil/buf.h"
#include "vigil/error.h"
#include "vigil/range.h"
#include "vigil/str.h"
#include "version/scheme.h"

#include <stdlib.h>
#include <string.h>

#define NONCANON "non-canonical VERS: "

static const char *const op_text[] = { "", "!=", "<", "<=", ">", ">=", "*" };

void vg_vers_free(vg_vers *v)
{
	size_t i;

	if (!v)
		return;
	for (i = 0; i < v->count; i++)
		free(v->constraints[i].version);
	free(v->constraints);
	free(v->scheme_name);
	free(v);
}

static int hexval(int c)
{
	if (vg_isdigit(c))
		return c - '0';
	c = vg_tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Decode n bytes of percent-encoded text into a new string. */
static int decode(const char *s, size_t n, bool canonical, char **out)
{
	char *d = malloc(n + 1), *q = d;
	size_t i;

	if (!d)
		return vg_error_set(VG_ENOMEM, "out of memory");
	for (i = 0; i < n; i++) {
		if (s[i] != '%') {
			*q++ = s[i];
			continue;
		}
		if (i + 2 >= n || hexval((unsigned char)s[i + 1]) < 0 ||
		    hexval((unsigned char)s[i + 2]) < 0) {
			free(d);
			return vg_error_set(VG_EPARSE, NONCANON "invalid percent-encoding in version");
		}
		if (canonical && ((s[i + 1] >= 'a' && s[i + 1] <= 'f') ||
				  (s[i + 2] >= 'a' && s[i + 2] <= 'f'))) {
			free(d);
			return vg_error_set(VG_EPARSE,
					    NONCANON "percent-encoding in version is not canonical");
		}
		*q++ = (char)(hexval((unsigned char)s[i + 1]) * 16 + hexval((unsigned char)s[i + 2]));
		i += 2;
	}
	*q = '\0';
	if (memchr(d, '\0', (size_t)(q - d))) {
		free(d);
		return vg_error_set(VG_EPARSE, "NUL byte in version");
	}
	*out = d;
	return VG_OK;
}

static vg_vers_op parse_op(const char **p, bool *explicit_eq)
{
	static const struct {
		const char *t;
		vg_vers_op op;
	} ops[] = { { ">=", VG_VERS_GE }, { "<=", VG_VERS_LE }, { "!=", VG_VERS_NE },
		    { "<", VG_VERS_LT },  { ">", VG_VERS_GT },  { "=", VG_VERS_EQ } };
	size_t i;

	*explicit_eq = false;
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		size_t n = strlen(ops[i].t);

		if (!strncmp(*p, ops[i].t, n)) {
			*p += n;
			*explicit_eq = ops[i].op == VG_VERS_EQ;
			return ops[i].op;
		}
	}
	return VG_VERS_EQ;
}

/* Stable insertion sort by version, which also checks the versions of a multi-constraint range. */
static int sort_constraints(vg_vers *v, bool require_sorted)
{
	size_t i, j;
	int c, rc;

	for (i = 1; i < v->count; i++) {
		vg_vers_constraint key = v->constraints[i];

		for (j = i; j > 0; j--) {
			rc = vg_version_compare(v->scheme, v->constraints[j - 1].version, key.version,
						&c);
			if (rc != VG_OK)
				return vg_error_prefix("sorting constraints: ");
			if (c <= 0)
				break;
			if (require_sorted)
				return vg_error_set(VG_EPARSE, NONCANON "constraints are not sorted "
						    "by version");
			v->constraints[j] = v->constraints[j - 1];
		}
		v->constraints[j] = key;
	}
	return VG_OK;
}

/* The spec's canonical rules for datetime versions: upper-case T and Z, plain colons. */
static int datetime_canonical(const char *raw, size_t n, const char *decoded)
{
	size_t i;

	for (i = 0; i + 2 < n; i++)
		if (raw[i] == '%' && raw[i + 1] == '3' && vg_tolower(raw[i + 2]) == 'a')
			return vg_error_set(VG_EPARSE, NONCANON "datetime time colons must be "
					    "unencoded");
	if (strpbrk(decoded, "tz"))
		return vg_error_set(VG_EPARSE, NONCANON "datetime must use uppercase T and Z");
	return VG_OK;
}

static int parse_constraint(vg_vers *v, const char *s, size_t n, bool canonical, size_t index)
{
	const char *p = s;
	vg_vers_constraint *c = &v->constraints[v->count];
	bool explicit_eq;
	int rc;

	if (n == 1 && *s == '*') {
		c->op = VG_VERS_ANY;
		c->version = NULL;
		v->count++;
		return VG_OK;
	}
	c->op = parse_op(&p, &explicit_eq);
	if (explicit_eq && canonical)
		return vg_error_set(VG_EPARSE, NONCANON "'=' must be omitted");
	if (p == s + n)
		return vg_error_set(VG_EPARSE, "constraint %zu: missing version", index + 1);
	if ((rc = decode(p, n - (size_t)(p - s), canonical, &c->version)) != VG_OK)
		return rc;
	v->count++;
	if (canonical && v->known && v->scheme == VG_VERSION_DATETIME)
		return datetime_canonical(p, n - (size_t)(p - s), c->version);
	return VG_OK;
}

static int parse_scheme(vg_vers *v, const char *s, size_t n)
{
	size_t i;

	if (n == 0)
		return vg_error_set(VG_EPARSE, "missing versioning scheme after 'vers:'");
	for (i = 0; i < n; i++)
		if (!vg_isalnum(s[i]) && s[i] != '.' && s[i] != '-' && s[i] != '+')
			return vg_error_set(VG_EPARSE, "byte %zu: invalid character in scheme",
					    5 + i);
	if (!(v->scheme_name = vg_strndup(s, n)))
		return VG_ENOMEM;
	vg_str_lower(v->scheme_name);
	v->known = vg_version_scheme_parse(v->scheme_name, &v->scheme) == VG_OK;
	if (!v->known)
		vg_error_clear();
	return VG_OK;
}

/* The text with ASCII whitespace removed (lenient mode), or a copy. */
static char *strip_spaces(const char *s, bool canonical)
{
	char *t = vg_strdup(s), *q = t;
	const char *p;

	if (!t)
		return NULL;
	for (p = s; *p; p++)
		if (canonical || !strchr(" \t\r\n\f\v", *p))
			*q++ = *p;
	*q = '\0';
	return t;
}

static int parse_body(vg_vers *v, const char *text, bool canonical)
{
	const char *slash, *p;
	size_t i, n;
	int rc;

	if (strncmp(text, "vers:", 5) && (canonical || vg_bytes_casecmp(text, 5, "vers:", 5)))
		return vg_error_set(VG_EPARSE, "byte 0: expected 'vers:'");
	if (canonical && strpbrk(text, " \t\r\n\f\v"))
		return vg_error_set(VG_EPARSE, NONCANON "whitespace is not permitted");
	if (!(slash = strchr(text + 5, '/')))
		return vg_error_set(VG_EPARSE, "missing '/' after the versioning scheme");
	if ((rc = parse_scheme(v, text + 5, (size_t)(slash - text - 5))) != VG_OK)
		return rc;
	p = slash + 1;
	if (!*p)
		return vg_error_set(VG_EPARSE, "no constraints after '/'");
	if (*p == '|')
		return vg_error_set(VG_EPARSE, NONCANON "leading pipe is not permitted");
	if (p[strlen(p) - 1] == '|')
		return vg_error_set(VG_EPARSE, NONCANON "trailing pipe is not permitted");
	if (strstr(p, "||"))
		return vg_error_set(VG_EPARSE, NONCANON "consecutive pipes are not permitted");
	for (n = 1, i = 0; p[i]; i++)
		n += p[i] == '|';
	if (!(v->constraints = calloc(n, sizeof(*v->constraints))))
		return vg_error_set(VG_ENOMEM, "out of memory");
	for (i = 0; i < n; i++) {
		const char *end = strchr(p, '|');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		if ((rc = parse_constraint(v, p, len, canonical, i)) != VG_OK)
			return rc;
		if (v->constraints[i].op == VG_VERS_ANY && n > 1)
			return vg_error_set(VG_EPARSE, "'*' must be the only constraint");
		p += len + 1;
	}
	return v->known ? sort_constraints(v, canonical) : VG_OK;
}

int vg_vers_parse(const char *s, unsigned flags, vg_vers **out)
{
	bool canonical = flags & VG_VERS_CANONICAL;
	vg_vers *v;
	char *text;
	int rc;

	if (!s || !out)
		return vg_error_set(VG_EINVAL, "vg_vers_parse: NULL argument");
	*out = NULL;
	if (!(v = calloc(1, sizeof(*v))))
		return vg_error_set(VG_ENOMEM, "out of memory");
	if (!(text = strip_spaces(s, canonical))) {
		free(v);
		return VG_ENOMEM;
	}
	rc = parse_body(v, text, canonical);
	free(text);
	if (rc != VG_OK) {
		vg_vers_free(v);
		return rc;
	}
	*out = v;
	return VG_OK;
}

/* Percent-encode what would be ambiguous in a vers constraint. */
static int put_version(vg_buf *b, const char *s)
{
	const char *start = s;
	int rc = VG_OK;

	for (; *s && rc == VG_OK; s++) {
		unsigned char c = (unsigned char)*s;

		/* a leading operator character or '*' would be read back as syntax */
		if (c <= 0x20 || c >= 0x7f || c == '%' || c == '|' ||
		    (s == start && strchr("<>=!*", c)))
			rc = vg_buf_printf(b, "%%%02X", c);
		else
			rc = vg_buf_putc(b, (char)c);
	}
	return rc;
}

char *vg_vers_format(const vg_vers *v)
{
	vg_buf b = VG_BUF_INIT;
	size_t i;
	int rc;

	rc = vg_buf_printf(&b, "vers:%s/", v->scheme_name);
	for (i = 0; i < v->count && rc == VG_OK; i++) {
		if (i)
			rc = vg_buf_putc(&b, '|');
		if (rc == VG_OK)
			rc = vg_buf_puts(&b, op_text[v->constraints[i].op]);
		if (rc == VG_OK && v->constraints[i].version)
			rc = put_version(&b, v->constraints[i].version);
	}
	if (rc != VG_OK) {
		vg_buf_free(&b);
		vg_error_set(VG_ENOMEM, "out of memory");
		return NULL;
	}
	return vg_buf_detach(&b);
}

static bool satisfies(vg_vers_op op, int c)
{
	switch (op) {
	case VG_VERS_EQ: return c == 0;
	case VG_VERS_NE: return c != 0;
	case VG_VERS_LT: return c < 0;
	case VG_VERS_LE: return c <= 0;
	case VG_VERS_GT: return c > 0;
	case VG_VERS_GE: return c >= 0;
	default: return true;
	}
}

static bool is_lower(vg_vers_op op)
{
	return op == VG_VERS_GT || op == VG_VERS_GE;
}

static bool is_upper(vg_vers_op op)
{
	return op == VG_VERS_LT || op == VG_VERS_LE;
}

int vg_vers_contains(const vg_vers *v, const char *version, bool *inside)
{
	size_t i, prev = (size_t)-1, first = (size_t)-1;
	int c, prev_c = 0, rc;

	if (!v || !version || !inside)
		return vg_error_set(VG_EINVAL, "vg_vers_contains: invalid argument");
	*inside = false;
	if (v->count == 1 && v->constraints[0].op == VG_VERS_ANY) {
		*inside = true;
		return VG_OK;
	}
	if (!v->known)
		return vg_error_set(VG_EUNSUPPORTED, "vers scheme '%s' has no version order here",
				    v->scheme_name);
	/* "=" and "!=" decide alone, before any range */
	for (i = 0; i < v->count; i++) {
		const vg_vers_constraint *k = &v->constraints[i];

		if (k->op != VG_VERS_EQ && k->op != VG_VERS_NE)
			continue;
		if ((rc = vg_version_compare(v->scheme, version, k->version, &c)) != VG_OK)
			return rc;
		if (c == 0) {
			*inside = k->op == VG_VERS_EQ;
			return VG_OK;
		}
	}
	/* the others are sorted range bounds: below a first upper bound, between a
	 * lower and the next upper bound, or above a last lower bound */
	for (i = 0; i < v->count; i++) {
		const vg_vers_constraint *k = &v->constraints[i];

		if (k->op == VG_VERS_EQ || k->op == VG_VERS_NE)
			continue;
		if ((rc = vg_version_compare(v->scheme, version, k->version, &c)) != VG_OK)
			return rc;
		if (first == (size_t)-1 && (first = i, is_upper(k->op)) && satisfies(k->op, c)) {
			*inside = true;
			return VG_OK;
		}
		if (prev != (size_t)-1 && is_lower(v->constraints[prev].op) && is_upper(k->op) &&
		    satisfies(v->constraints[prev].op, prev_c) && satisfies(k->op, c)) {
			*inside = true;
			return VG_OK;
		}
		prev = i;
		prev_c = c;
	}
	if (prev != (size_t)-1 && is_lower(v->constraints[prev].op) &&
	    satisfies(v->constraints[prev].op, prev_c))
		*inside = true;
	return VG_OK;
}
