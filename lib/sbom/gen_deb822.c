/*
 * gen_deb822.c - control-file paragraphs (deb822), as in dpkg's and opkg's
 * status files and Debian machine-readable copyright files.
 *
 * A paragraph is a run of "Field: value" lines ended by a blank line; a line
 * starting with a space or tab continues the previous field (" ." stands for
 * an empty line and is kept as "." for the consumer to interpret).  Lines
 * starting with '#' are comments.  In strict mode a duplicate field in one
 * paragraph is an error, as it is for dpkg: it would make a package's
 * identity ambiguous.
 */
#include "gen_internal.h"
#include "vigil/error.h"
#include "vigil/str.h"

#include <stdlib.h>
#include <string.h>

static void para_clear(gen_para *p)
{
	size_t i;

	for (i = 0; i < p->count; i++) {
		free(p->fields[i].name);
		free(p->fields[i].value);
	}
	p->count = 0;
}

const char *gen_para_get(const gen_para *p, const char *field)
{
	size_t i;

	for (i = 0; i < p->count; i++)
		if (!vg_strcasecmp(p->fields[i].name, field))
			return p->fields[i].value;
	return NULL;
}

static int add_field(gen_para *p, const gen_lines *it, const char *line, size_t len,
		     bool strict)
{
	const char *colon = memchr(line, ':', len), *v, *end = line + len;
	gen_field *f;
	size_t i;

	if (!colon || colon == line)
		return gen_lines_error(it, VG_EPARSE, "expected 'Field: value'");
	for (i = 0; line + i < colon; i++)
		if (line[i] == ' ' || line[i] == '\t')
			return gen_lines_error(it, VG_EPARSE, "space in field name");
	if (p->count == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 16;
		gen_field *grown = realloc(p->fields, cap * sizeof(*grown));

		if (!grown)
			return vg_error_set(VG_ENOMEM, "out of memory");
		p->fields = grown;
		p->cap = cap;
	}
	f = &p->fields[p->count];
	f->line = it->lineno;
	f->name = vg_strndup(line, (size_t)(colon - line));
	for (v = colon + 1; v < end && (*v == ' ' || *v == '\t'); v++)
		;
	while (end > v && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	f->value = vg_strndup(v, (size_t)(end - v));
	if (!f->name || !f->value) {
		free(f->name);
		free(f->value);
		return VG_ENOMEM;
	}
	p->count++;
	if (!p->line)
		p->line = it->lineno;
	if (strict && gen_para_get(p, f->name) != f->value)
		return gen_lines_error(it, VG_EPARSE, "duplicate field '%s'", f->name);
	return VG_OK;
}

static int continue_field(gen_para *p, const gen_lines *it, const char *line, size_t len)
{
	gen_field *f;
	size_t old;
	char *grown;

	if (!p->count)
		return gen_lines_error(it, VG_EPARSE, "continuation line outside a field");
	f = &p->fields[p->count - 1];
	/* Drop the one leading space or tab that marks the continuation. */
	line++;
	len--;
	old = strlen(f->value);
	grown = realloc(f->value, old + len + 2);
	if (!grown)
		return vg_error_set(VG_ENOMEM, "out of memory");
	grown[old] = '\n';
	memcpy(grown + old + 1, line, len);
	grown[old + 1 + len] = '\0';
	f->value = grown;
	return VG_OK;
}

static bool blank(const char *line, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (line[i] != ' ' && line[i] != '\t')
			return false;
	return true;
}

static int flush(gen_para *p, gen_para_fn fn, void *ctx, const gen_lines *it)
{
	int rc = VG_OK;

	if (p->count)
		rc = fn(ctx, p, it);
	para_clear(p);
	p->line = 0;
	return rc;
}

int gen_deb822_parse(const char *data, size_t len, const char *name, bool strict,
		     gen_para_fn fn, void *ctx)
{
	gen_para p = { NULL, 0, 0, 0 };
	gen_lines it;
	const char *line;
	size_t n;
	int rc;

	gen_lines_init(&it, data, len, name);
	while ((rc = gen_lines_next(&it, &line, &n)) > 0) {
		if (blank(line, n))
			rc = flush(&p, fn, ctx, &it);
		else if (line[0] == '#')
			continue;
		else if (line[0] == ' ' || line[0] == '\t')
			rc = continue_field(&p, &it, line, n);
		else
			rc = add_field(&p, &it, line, n, strict);
		if (rc)
			break;
	}
	if (rc == 0)
		rc = flush(&p, fn, ctx, &it);
	para_clear(&p);
	free(p.fields);
	return rc;
}
