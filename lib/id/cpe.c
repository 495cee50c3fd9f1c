/*
 * cpe.c - the CPE 2.3 well-formed name (NISTIR 7695 §5): values, accessors,
 * the WFN text form, equality.
 *
 * Values live in one fixed pool inside the vg_cpe so that a name is a plain
 * value: copying it is memcpy, comparing it never allocates, and arrays of
 * names are one allocation.  cpe_store() is the single gate every value
 * passes (from either binding or vg_cpe_set()), so a vg_cpe always holds
 * valid WFN values.
 */
#include "cpe_internal.h"

#include "vigil/buf.h"
#include "vigil/error.h"

#include <string.h>

static const char *const attr_names[VG_CPE_ATTR_COUNT] = {
	"part",     "vendor",   "product",    "version",   "update", "edition",
	"language", "sw_edition", "target_sw", "target_hw", "other"
};

const char *vg_cpe_attr_name(enum vg_cpe_attr attr)
{
	return (unsigned)attr < VG_CPE_ATTR_COUNT ? attr_names[attr] : "?";
}

void vg_cpe_init(vg_cpe *cpe)
{
	memset(cpe, 0, sizeof(*cpe));
}

enum vg_cpe_kind vg_cpe_kind(const vg_cpe *cpe, enum vg_cpe_attr attr)
{
	return (enum vg_cpe_kind)cpe->kind[attr];
}

const char *vg_cpe_value(const vg_cpe *cpe, enum vg_cpe_attr attr)
{
	return cpe->kind[attr] == VG_CPE_VALUE ? cpe->text + cpe->off[attr] : NULL;
}

static bool only_questions(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != '?')
			return false;
	return true;
}

/* '*' alone or a run of '?' at either end, nowhere else (NISTIR 7695 §5.3.2). */
static int check_wildcards(const char *s, size_t n, enum vg_cpe_attr attr)
{
	size_t i = 0;

	if (s[0] == '*')
		i = 1;
	else
		while (i < n && s[i] == '?')
			i++;
	for (; i < n; i++) {
		if (s[i] == '\\') {
			i++;
			continue;
		}
		if (s[i] == '*' && i + 1 == n && !(i == 1 && s[0] == '*'))
			return VG_OK;
		if (s[i] == '?' && only_questions(s + i, n - i))
			return VG_OK;
		if (s[i] == '*' || s[i] == '?')
			return vg_error_set(VG_EPARSE, "%s: wildcard '%c' inside the value",
					    attr_names[attr], s[i]);
	}
	return VG_OK;
}

static int check_value(const char *s, size_t n, enum vg_cpe_attr attr)
{
	size_t i;

	if (n == 0)
		return vg_error_set(VG_EPARSE, "%s: empty value", attr_names[attr]);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c <= 0x20 || c >= 0x7f)
			return vg_error_set(VG_EPARSE, "%s: byte 0x%02x is not printable ASCII",
					    attr_names[attr], c);
		if (c == '\\' && i + 1 == n)
			return vg_error_set(VG_EPARSE, "%s: value ends in a lone '\\'", attr_names[attr]);
		if (c == '\\') {
			i++;
			if ((unsigned char)s[i] <= 0x20 || (unsigned char)s[i] >= 0x7f)
				return vg_error_set(VG_EPARSE, "%s: quoted byte is not printable ASCII",
						    attr_names[attr]);
		} else if (!cpe_plain_char(c) && c != '*' && c != '?') {
			return vg_error_set(VG_EPARSE, "%s: '%c' must be quoted", attr_names[attr], c);
		}
	}
	if (attr == VG_CPE_PART && !(n == 1 && strchr("aoh", s[0] | 32)))
		return vg_error_set(VG_EPARSE, "part: '%.*s' is not a, o or h", (int)n, s);
	if (n == 1 && s[0] == '*')
		return vg_error_set(VG_EPARSE, "%s: a lone '*' is ANY, not a value", attr_names[attr]);
	return check_wildcards(s, n, attr);
}

int cpe_store(vg_cpe *cpe, enum vg_cpe_attr attr, const char *s, size_t n)
{
	size_t i;
	int rc;

	if ((rc = check_value(s, n, attr)) != VG_OK)
		return rc;
	if (cpe->used + n + 1 > VG_CPE_TEXT_MAX)
		return vg_error_set(VG_ELIMIT, "%s: values longer than %d bytes in all",
				    attr_names[attr], VG_CPE_TEXT_MAX - 1);
	cpe->off[attr] = cpe->used;
	cpe->kind[attr] = VG_CPE_VALUE;
	for (i = 0; i < n; i++) /* both bindings are case-insensitive */
		cpe->text[cpe->used++] =
			(s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] - 'A' + 'a') : s[i];
	cpe->text[cpe->used++] = '\0';
	return VG_OK;
}

/* Rebuild cpe with attribute attr replaced by (kind, the WFN value w). */
static int replace(vg_cpe *cpe, enum vg_cpe_attr attr, enum vg_cpe_kind kind, const char *w,
		   size_t n)
{
	vg_cpe next;
	int a, rc = VG_OK;

	vg_cpe_init(&next);
	for (a = 0; a < VG_CPE_ATTR_COUNT && rc == VG_OK; a++) {
		if ((enum vg_cpe_attr)a == attr && kind == VG_CPE_VALUE)
			rc = cpe_store(&next, attr, w, n);
		else if ((enum vg_cpe_attr)a == attr)
			next.kind[a] = (unsigned char)kind;
		else if (cpe->kind[a] == VG_CPE_VALUE)
			rc = cpe_store(&next, (enum vg_cpe_attr)a, vg_cpe_value(cpe, a),
				       strlen(vg_cpe_value(cpe, a)));
		else
			next.kind[a] = cpe->kind[a];
	}
	if (rc == VG_OK)
		*cpe = next;
	return rc;
}

int vg_cpe_set(vg_cpe *cpe, enum vg_cpe_attr attr, const char *plain)
{
	vg_buf b = VG_BUF_INIT;
	const char *p;
	int rc = VG_OK;

	if (!cpe || (unsigned)attr >= VG_CPE_ATTR_COUNT)
		return vg_error_set(VG_EINVAL, "vg_cpe_set: bad argument");
	if (!plain)
		return replace(cpe, attr, VG_CPE_ANY, NULL, 0);
	for (p = plain; *p && rc == VG_OK; p++)
		rc = (!cpe_plain_char((unsigned char)*p) && vg_buf_putc(&b, '\\') != VG_OK) ||
				     vg_buf_putc(&b, *p) != VG_OK
			     ? VG_ENOMEM
			     : VG_OK;
	if (rc == VG_OK)
		rc = replace(cpe, attr, VG_CPE_VALUE, b.ptr ? b.ptr : "", b.len);
	vg_buf_free(&b);
	return rc;
}

void vg_cpe_set_kind(vg_cpe *cpe, enum vg_cpe_attr attr, enum vg_cpe_kind kind)
{
	if (kind != VG_CPE_VALUE && (unsigned)attr < VG_CPE_ATTR_COUNT)
		replace(cpe, attr, kind, NULL, 0); /* cannot fail: values only shrink */
}

bool vg_cpe_equal(const vg_cpe *a, const vg_cpe *b)
{
	int i;

	for (i = 0; i < VG_CPE_ATTR_COUNT; i++) {
		if (a->kind[i] != b->kind[i])
			return false;
		if (a->kind[i] == VG_CPE_VALUE && strcmp(vg_cpe_value(a, i), vg_cpe_value(b, i)))
			return false;
	}
	return true;
}

char *vg_cpe_to_wfn(const vg_cpe *cpe)
{
	vg_buf b = VG_BUF_INIT;
	int i, rc = vg_buf_puts(&b, "wfn:[");
	bool first = true;

	for (i = 0; i < VG_CPE_ATTR_COUNT && rc == VG_OK; i++) {
		if (cpe->kind[i] == VG_CPE_ANY)
			continue;
		if (cpe->kind[i] == VG_CPE_NA)
			rc = vg_buf_printf(&b, "%s%s=NA", first ? "" : ",", attr_names[i]);
		else
			rc = vg_buf_printf(&b, "%s%s=\"%s\"", first ? "" : ",", attr_names[i],
					   vg_cpe_value(cpe, i));
		first = false;
	}
	if (rc == VG_OK)
		rc = vg_buf_putc(&b, ']');
	if (rc != VG_OK) {
		vg_buf_free(&b);
		vg_error_set(VG_ENOMEM, "out of memory");
		return NULL;
	}
	return vg_buf_detach(&b);
}
