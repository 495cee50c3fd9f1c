/*
 * purl.c - the vg_purl object: build, print, compare, free (vigil/purl.h).
 *
 * Every constructor path (parsing included) ends in the same normalisation
 * (purl_type_normalize) so a vg_purl is always canonical; printing then only
 * has to percent-encode, and equality is a field-by-field comparison.
 */
#include "purl_internal.h"

#include "vigil/error.h"
#include "vigil/str.h"

#include <stdlib.h>
#include <string.h>

static bool key_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '.' || c == '-' || c == '_';
}

int purl_key_check(char *key, bool strict)
{
	const char *k;

	if (!((key[0] >= 'a' && key[0] <= 'z') || (key[0] >= 'A' && key[0] <= 'Z')))
		return vg_error_set(VG_EPARSE, "qualifier key '%s' must start with a letter", key);
	for (k = key; *k; k++) {
		if (!key_char((unsigned char)*k))
			return vg_error_set(VG_EPARSE,
					    "qualifier key '%s': '%c' is not a letter, digit, '.', '-' or '_'",
					    key, *k);
		if (strict && *k >= 'A' && *k <= 'Z')
			return vg_error_set(VG_EPARSE, "qualifier key '%s' is not lower-case", key);
	}
	vg_str_lower(key);
	return VG_OK;
}

static size_t qualifier_index(const vg_purl *p, const char *key, bool *found)
{
	size_t lo = 0, hi = p->qualifier_count;

	*found = false;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(p->qualifiers[mid].key, key);

		if (c == 0) {
			*found = true;
			return mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int purl_qualifier_put(vg_purl *p, const char *key, const char *value)
{
	bool found;
	size_t i = qualifier_index(p, key, &found);
	char *v = vg_strdup(value), *k;
	struct vg_purl_qualifier *q;

	if (!v)
		return VG_ENOMEM;
	if (found) {
		free(p->qualifiers[i].value);
		p->qualifiers[i].value = v;
		return VG_OK;
	}
	if (p->qualifier_count >= VG_PURL_MAX_QUALIFIERS) {
		free(v);
		return vg_error_set(VG_ELIMIT, "more than %u qualifiers", VG_PURL_MAX_QUALIFIERS);
	}
	k = vg_strdup(key);
	q = k ? realloc(p->qualifiers, (p->qualifier_count + 1) * sizeof(*q)) : NULL;
	if (!q) {
		free(k);
		free(v);
		return vg_error_set(VG_ENOMEM, "out of memory");
	}
	memmove(q + i + 1, q + i, (p->qualifier_count - i) * sizeof(*q));
	q[i].key = k;
	q[i].value = v;
	p->qualifiers = q;
	p->qualifier_count++;
	return VG_OK;
}

static void qualifier_remove(vg_purl *p, const char *key)
{
	bool found;
	size_t i = qualifier_index(p, key, &found);

	if (!found)
		return;
	free(p->qualifiers[i].key);
	free(p->qualifiers[i].value);
	memmove(p->qualifiers + i, p->qualifiers + i + 1,
		(p->qualifier_count - i - 1) * sizeof(*p->qualifiers));
	p->qualifier_count--;
}

static bool is_dot_segment(const char *s, size_t n)
{
	return (n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.');
}

int purl_clean_path(const char *path, enum purl_dots dots, const char *what, char **out)
{
	vg_buf b = VG_BUF_INIT;
	const char *s = path;

	*out = NULL;
	while (*s) {
		size_t n = strcspn(s, "/");

		bool dot = is_dot_segment(s, n);

		if (dot && dots == PURL_DOTS_REJECT) {
			vg_buf_free(&b);
			return vg_error_set(VG_EPARSE, "%s: segment '%.*s' is not allowed", what,
					    (int)n, s);
		}
		if (n && !(dot && dots == PURL_DOTS_DROP) &&
		    ((b.len && vg_buf_putc(&b, '/') != VG_OK) || vg_buf_put(&b, s, n) != VG_OK)) {
			vg_buf_free(&b);
			return VG_ENOMEM;
		}
		s += n + (s[n] == '/');
	}
	if (b.len)
		*out = vg_buf_detach(&b);
	return VG_OK;
}

static int check_text(const char *s, const char *what)
{
	if (!vg_utf8_valid(s, strlen(s)))
		return vg_error_set(VG_EPARSE, "%s is not valid UTF-8", what);
	return VG_OK;
}

static int check_type(const char *type)
{
	const char *t;

	if (!type || !*type)
		return vg_error_set(VG_EPARSE, "missing type");
	if (!((type[0] >= 'a' && type[0] <= 'z') || (type[0] >= 'A' && type[0] <= 'Z')))
		return vg_error_set(VG_EPARSE, "type '%s' must start with a letter", type);
	for (t = type; *t; t++)
		if (!purl_type_char((unsigned char)*t))
			return vg_error_set(VG_EPARSE,
					    "type '%s': '%c' is not a letter, digit, '.' or '-'",
					    type, *t);
	return VG_OK;
}

int purl_init(vg_purl *p, const char *type, const char *ns, const char *name,
		     const char *version)
{
	int rc;

	if ((rc = check_type(type)) != VG_OK)
		return rc;
	if (!name || !*name)
		return vg_error_set(VG_EPARSE, "missing name");
	if ((rc = check_text(name, "name")) != VG_OK ||
	    (ns && (rc = check_text(ns, "namespace")) != VG_OK) ||
	    (version && (rc = check_text(version, "version")) != VG_OK))
		return rc;
	if (!(p->type = vg_strdup(type)) || !(p->name = vg_strdup(name)))
		return VG_ENOMEM;
	vg_str_lower(p->type);
	if (ns && (rc = purl_clean_path(ns, PURL_DOTS_KEEP, "namespace", &p->namespace)) != VG_OK)
		return rc;
	if (version && *version && !(p->version = vg_strdup(version)))
		return VG_ENOMEM;
	if ((rc = purl_type_normalize(p)) != VG_OK)
		return rc;
	return purl_type_check(p, false);
}

int vg_purl_new(vg_purl **out, const char *type, const char *namespace, const char *name,
		const char *version)
{
	vg_purl *p;
	int rc;

	if (!out)
		return vg_error_set(VG_EINVAL, "vg_purl_new: out is NULL");
	*out = NULL;
	if (!(p = calloc(1, sizeof(*p))))
		return vg_error_set(VG_ENOMEM, "out of memory");
	if ((rc = purl_init(p, type, namespace, name, version)) != VG_OK) {
		vg_purl_free(p);
		return rc;
	}
	*out = p;
	return VG_OK;
}

int vg_purl_set_qualifier(vg_purl *purl, const char *key, const char *value)
{
	char *k;
	int rc;

	if (!purl || !key)
		return vg_error_set(VG_EINVAL, "vg_purl_set_qualifier: NULL argument");
	if (!(k = vg_strdup(key)))
		return VG_ENOMEM;
	rc = purl_key_check(k, false);
	if (rc == VG_OK && value && *value)
		rc = check_text(value, "qualifier value");
	if (rc == VG_OK && value && *value)
		rc = purl_qualifier_put(purl, k, value);
	else if (rc == VG_OK)
		qualifier_remove(purl, k);
	free(k);
	return rc == VG_OK ? purl_type_normalize(purl) : rc;
}

int vg_purl_set_subpath(vg_purl *purl, const char *subpath)
{
	char *clean = NULL;
	int rc;

	if (!purl)
		return vg_error_set(VG_EINVAL, "vg_purl_set_subpath: purl is NULL");
	if (subpath && (rc = check_text(subpath, "subpath")) != VG_OK)
		return rc;
	if (subpath && (rc = purl_clean_path(subpath, PURL_DOTS_REJECT, "subpath", &clean)) != VG_OK)
		return rc;
	free(purl->subpath);
	purl->subpath = clean;
	return purl_type_normalize(purl);
}

const char *vg_purl_qualifier(const vg_purl *purl, const char *key)
{
	bool found;
	size_t i;

	if (!purl || !key)
		return NULL;
	i = qualifier_index(purl, key, &found);
	return found ? purl->qualifiers[i].value : NULL;
}

static size_t len_or_0(const char *s)
{
	return s ? strlen(s) : 0;
}

int vg_purl_validate(const vg_purl *purl)
{
	size_t i, n;

	if (!purl)
		return vg_error_set(VG_EINVAL, "vg_purl_validate: purl is NULL");
	n = len_or_0(purl->type) + len_or_0(purl->namespace) + len_or_0(purl->name) +
	    len_or_0(purl->version) + len_or_0(purl->subpath);
	for (i = 0; i < purl->qualifier_count; i++)
		n += strlen(purl->qualifiers[i].key) + strlen(purl->qualifiers[i].value);
	if (n > VG_PURL_MAX_LENGTH)
		return vg_error_set(VG_ELIMIT, "components of %zu bytes, more than %u", n,
				    VG_PURL_MAX_LENGTH);
	return purl_type_check(purl, true);
}

static int print(vg_buf *b, const vg_purl *p)
{
	size_t i;
	int rc = VG_OK;

	if ((rc = vg_buf_puts(b, "pkg:")) != VG_OK || (rc = vg_buf_puts(b, p->type)) != VG_OK ||
	    (rc = vg_buf_putc(b, '/')) != VG_OK)
		return rc;
	if (p->namespace && ((rc = purl_encode(b, p->namespace, true)) != VG_OK ||
			     (rc = vg_buf_putc(b, '/')) != VG_OK))
		return rc;
	if ((rc = purl_encode(b, p->name, purl_type_name_is_path(p->type))) != VG_OK)
		return rc;
	if (p->version && ((rc = vg_buf_putc(b, '@')) != VG_OK ||
			   (rc = purl_encode(b, p->version, false)) != VG_OK))
		return rc;
	for (i = 0; i < p->qualifier_count && rc == VG_OK; i++) {
		if ((rc = vg_buf_putc(b, i ? '&' : '?')) != VG_OK ||
		    (rc = vg_buf_puts(b, p->qualifiers[i].key)) != VG_OK ||
		    (rc = vg_buf_putc(b, '=')) != VG_OK)
			return rc;
		rc = purl_encode(b, p->qualifiers[i].value, false);
	}
	if (rc == VG_OK && p->subpath &&
	    ((rc = vg_buf_putc(b, '#')) != VG_OK || (rc = purl_encode(b, p->subpath, true)) != VG_OK))
		return rc;
	return rc;
}

char *vg_purl_to_string(const vg_purl *purl)
{
	vg_buf b = VG_BUF_INIT;

	if (!purl) {
		vg_error_set(VG_EINVAL, "vg_purl_to_string: purl is NULL");
		return NULL;
	}
	if (print(&b, purl) != VG_OK) {
		vg_buf_free(&b);
		vg_error_set(VG_ENOMEM, "out of memory");
		return NULL;
	}
	return vg_buf_detach(&b);
}

int vg_purl_normalize(const char *text, char **out)
{
	vg_purl *p;
	int rc;

	if (!out)
		return vg_error_set(VG_EINVAL, "vg_purl_normalize: out is NULL");
	*out = NULL;
	if ((rc = vg_purl_parse(text, &p)) != VG_OK)
		return rc;
	*out = vg_purl_to_string(p);
	vg_purl_free(p);
	return *out ? VG_OK : VG_ENOMEM;
}

static bool same(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

bool vg_purl_equal(const vg_purl *a, const vg_purl *b)
{
	size_t i;

	if (!a || !b)
		return a == b;
	if (!same(a->type, b->type) || !same(a->namespace, b->namespace) ||
	    !same(a->name, b->name) || !same(a->version, b->version) ||
	    !same(a->subpath, b->subpath) || a->qualifier_count != b->qualifier_count)
		return false;
	for (i = 0; i < a->qualifier_count; i++)
		if (!same(a->qualifiers[i].key, b->qualifiers[i].key) ||
		    !same(a->qualifiers[i].value, b->qualifiers[i].value))
			return false;
	return true;
}

void vg_purl_free(vg_purl *purl)
{
	size_t i;

	if (!purl)
		return;
	for (i = 0; i < purl->qualifier_count; i++) {
		free(purl->qualifiers[i].key);
		free(purl->qualifiers[i].value);
	}
	free(purl->qualifiers);
	free(purl->type);
	free(purl->namespace);
	free(purl->name);
	free(purl->version);
	free(purl->subpath);
	free(purl);
}
