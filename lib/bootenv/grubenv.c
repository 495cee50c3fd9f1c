/*
 * grubenv.c - the GRUB environment block (vigil/bootenv.h).
 *
 * Layout (GRUB's grub-core/lib/envblk.c and grub-editenv): a file of exactly
 * 1024 bytes that starts with "# GRUB Environment Block\n", then one
 * "name=value\n" line per variable, then '#' bytes up to the end.  In values
 * a backslash escapes the next byte ('\\' and newline are written escaped).
 * GRUB rewrites the block in place, so its size never changes.
 */
#include "vigil/bootenv.h"
#include "vigil/buf.h"
#include "vigil/error.h"

#include <stdlib.h>
#include <string.h>

static const char GRUBENV_HEADER[] = "# GRUB Environment Block\n";

/* Unescape one value of `len` bytes into b; fail on a dangling backslash. */
static int unescape(vg_buf *b, const char *s, size_t len, size_t off)
{
	vg_buf_clear(b);
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\\') {
			if (++i == len)
				return vg_error_set(VG_EPARSE, "byte %zu: backslash at end of value", off + i);
		}
		int rc = vg_buf_putc(b, s[i]);
		if (rc)
			return rc;
	}
	return VG_OK;
}

/* The end of a value starting at p: the first newline not escaped. */
static const char *value_end(const char *p, const char *end)
{
	while (p < end && *p != '\n')
		p += (*p == '\\' && p + 1 < end) ? 2 : 1;
	return p;
}

static int parse_entry(vg_kvlist *out, vg_buf *val, const char *base, const char **pp,
		       const char *end)
{
	const char *p = *pp;
	size_t off = (size_t)(p - base);
	const char *nl = value_end(p, end);
	if (nl == end)
		return vg_error_set(VG_EPARSE, "byte %zu: variable line runs into the end of the block", off);
	const char *eq = memchr(p, '=', (size_t)(nl - p));
	if (!eq)
		return vg_error_set(VG_EPARSE, "byte %zu: expected name=value", off);
	if (!vg_kv_name_ok(p, (size_t)(eq - p)))
		return vg_error_set(VG_EUNSUPPORTED, "byte %zu: variable name not handled", off);
	int rc = unescape(val, eq + 1, (size_t)(nl - eq - 1), (size_t)(eq + 1 - base));
	if (rc)
		return rc;
	char name[VG_KV_NAME_MAX + 1];
	memcpy(name, p, (size_t)(eq - p));
	name[eq - p] = '\0';
	if (vg_kv_get(out, name))
		return vg_error_set(VG_EPARSE, "byte %zu: duplicate variable '%s'", off, name);
	rc = vg_kv_set(out, name, val->ptr ? val->ptr : "");
	if (rc)
		return vg_error_prefix("byte %zu: ", off);
	*pp = nl + 1;
	return VG_OK;
}

int vg_grubenv_parse(vg_kvlist *out, const char *data, size_t len)
{
	size_t hlen = sizeof(GRUBENV_HEADER) - 1;
	if (len != VG_GRUBENV_SIZE)
		return vg_error_set(VG_EPARSE, "environment block is %zu bytes, want %d", len,
				    VG_GRUBENV_SIZE);
	if (memcmp(data, GRUBENV_HEADER, hlen) != 0)
		return vg_error_set(VG_EPARSE, "byte 0: missing '# GRUB Environment Block' header");
	vg_buf val = VG_BUF_INIT;
	const char *p = data + hlen, *end = data + len;
	int rc = VG_OK;
	while (p < end && rc == VG_OK) {
		if (*p == '#') {
			/* Comment or padding: skip to the next line. */
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			p = nl ? nl + 1 : end;
		} else {
			rc = parse_entry(out, &val, data, &p, end);
		}
	}
	vg_buf_free(&val);
	if (rc)
		vg_kv_free(out);
	return rc;
}

int vg_grubenv_format(const vg_kvlist *vars, char out[VG_GRUBENV_SIZE])
{
	vg_buf b = VG_BUF_INIT;
	int rc = vg_buf_puts(&b, GRUBENV_HEADER);
	for (size_t i = 0; rc == VG_OK && i < vars->count; i++) {
		rc = vg_buf_printf(&b, "%s=", vars->items[i].name);
		for (const char *v = vars->items[i].value; rc == VG_OK && *v; v++) {
			if (*v == '\\' || *v == '\n')
				rc = vg_buf_putc(&b, '\\');
			if (rc == VG_OK)
				rc = vg_buf_putc(&b, *v);
		}
		if (rc == VG_OK)
			rc = vg_buf_putc(&b, '\n');
	}
	if (rc == VG_OK && b.len > VG_GRUBENV_SIZE)
		rc = vg_error_set(VG_ELIMIT, "variables need %zu bytes, the block holds %d", b.len,
				  VG_GRUBENV_SIZE);
	if (rc == VG_OK) {
		memcpy(out, b.ptr, b.len);
		memset(out + b.len, '#', VG_GRUBENV_SIZE - b.len);
	}
	vg_buf_free(&b);
	return rc;
}
