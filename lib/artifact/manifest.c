/*
 * manifest.c - the artifact manifest: "<sha256 hex>  <path>\n" per member.
 *
 * The parser is strict on purpose: the manifest is what the signature
 * covers, so anything ambiguous (upper-case hex, one space, CRLF, a missing
 * final newline, "./x" and "x" both present) is refused rather than guessed.
 */
#include "artifact_internal.h"
#include "vigil/error.h"
#include "vigil/str.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void vg_hex32(const unsigned char md[32], char out[65])
{
	static const char digits[] = "0123456789abcdef";

	for (int i = 0; i < 32; i++) {
		out[2 * i] = digits[md[i] >> 4];
		out[2 * i + 1] = digits[md[i] & 15];
	}
	out[64] = '\0';
}

bool vg_artifact_plain_name(const char *name)
{
	if (!*name || !strcmp(name, ".") || !strcmp(name, ".."))
		return false;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		if (*p == '/' || *p < 0x20 || *p == 0x7f)
			return false;
	return true;
}

/* A relative path of plain names separated by single slashes. */
static bool valid_path(char *path)
{
	char *seg = path, *slash;
	bool ok = true;

	if (!*path)
		return false;
	while (ok) {
		slash = strchr(seg, '/');
		if (slash)
			*slash = '\0';
		ok = vg_artifact_plain_name(seg);
		if (!slash)
			break;
		*slash = '/';
		seg = slash + 1;
	}
	return ok;
}

static int parse_line(const char *line, size_t len, size_t lineno, vg_manifest_entry *e)
{
	size_t i;

	if (len < 67)
		return vg_error_set(VG_EPARSE, "manifest: line %zu: expected '<64 hex digits>  <path>'",
				    lineno);
	for (i = 0; i < 64; i++)
		if (!line[i] || !strchr("0123456789abcdef", line[i]))
			return vg_error_set(VG_EPARSE,
					    "manifest: line %zu: column %zu: not a lower-case hex digit",
					    lineno, i + 1);
	if (line[64] != ' ' || line[65] != ' ')
		return vg_error_set(VG_EPARSE, "manifest: line %zu: column 65: expected two spaces",
				    lineno);
	if (memchr(line + 66, '\0', len - 66))
		return vg_error_set(VG_EPARSE, "manifest: line %zu: NUL byte in path", lineno);
	e->path = vg_strndup(line + 66, len - 66);
	if (!e->path)
		return VG_ENOMEM;
	memcpy(e->sha256, line, 64);
	e->sha256[64] = '\0';
	if (!valid_path(e->path))
		return vg_error_set(VG_EPARSE, "manifest: line %zu: invalid path '%s'", lineno,
				    e->path);
	return VG_OK;
}

int vg_manifest_parse(const char *text, size_t len, vg_manifest **out)
{
	vg_manifest *m;
	size_t pos = 0, lineno = 0;
	int rc = VG_OK;

	*out = NULL;
	m = calloc(1, sizeof(*m));
	if (!m)
		return vg_error_set(VG_ENOMEM, "out of memory");
	while (pos < len && !rc) {
		const char *line = text + pos, *nl = memchr(line, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - line) : len - pos;

		lineno++;
		if (!nl)
			rc = vg_error_set(VG_EPARSE, "manifest: line %zu: missing final newline", lineno);
		else if (m->count == VG_MANIFEST_ENTRIES_MAX)
			rc = vg_error_set(VG_ELIMIT, "manifest: more than %d entries",
					  VG_MANIFEST_ENTRIES_MAX);
		else if (!m->count && !(m->entries = calloc(VG_MANIFEST_ENTRIES_MAX,
							     sizeof(*m->entries))))
			rc = vg_error_set(VG_ENOMEM, "out of memory");
		else if (!(rc = parse_line(line, n, lineno, &m->entries[m->count])) &&
			 vg_manifest_find(m, m->entries[m->count].path))
			rc = vg_error_set(VG_EPARSE, "manifest: line %zu: duplicate path '%s'", lineno,
					  m->entries[m->count].path);
		if (!rc || (m->entries && m->entries[m->count].path))
			m->count++;
		pos += n + 1;
	}
	if (!rc && !m->count)
		rc = vg_error_set(VG_EPARSE, "manifest: empty");
	if (rc) {
		vg_manifest_free(m);
		return rc;
	}
	*out = m;
	return VG_OK;
}

vg_manifest_entry *vg_manifest_find(const vg_manifest *m, const char *path)
{
	for (size_t i = 0; i < m->count; i++)
		if (!strcmp(m->entries[i].path, path))
			return &m->entries[i];
	return NULL;
}

void vg_manifest_free(vg_manifest *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->count; i++)
		free(m->entries[i].path);
	free(m->entries);
	free(m);
}
