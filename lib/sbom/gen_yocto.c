/*
 * gen_yocto.c - Yocto's license.manifest (tmp/deploy/licenses/<image>/, or in
 * the image at /usr/share/common-licenses/license.manifest when the build sets
 * COPY_LIC_MANIFEST).
 *
 * Blank-line separated records of "KEY: value" lines:
 *   PACKAGE NAME: busybox-syslog
 *   PACKAGE VERSION: 1.36.1
 *   RECIPE NAME: busybox
 *   LICENSE: GPL-2.0-only & bzip2-1.0.4
 * Each package becomes a component named after the package, with purl
 * pkg:yocto/<recipe>@<version>: the yocto type names recipes (BPN), so the
 * packages one recipe splits into share a purl and differ in name and ref.
 * The manifest has no layer, so the purl has no namespace.  pkg:yocto is not
 * understood by OSV or the distro feeds, so the CPE from the table (keyed on
 * the recipe) is what vulnerability matching uses.
 */
#include "gen_internal.h"
#include "vigil/buf.h"
#include "vigil/error.h"
#include "vigil/str.h"

#include <stdlib.h>
#include <string.h>

enum { Y_NAME, Y_VERSION, Y_RECIPE, Y_LICENSE, Y_COUNT };

static const char *const keys[Y_COUNT] = { "PACKAGE NAME", "PACKAGE VERSION", "RECIPE NAME",
					   "LICENSE" };

typedef struct record {
	char *v[Y_COUNT];
	unsigned line;
} record;

static void record_clear(record *r)
{
	int k;

	for (k = 0; k < Y_COUNT; k++)
		free(r->v[k]);
	memset(r, 0, sizeof(*r));
}

static int finish(gen_ctx *g, record *r, const char *path)
{
	const char *recipe;
	vg_component *c;
	int rc;

	if (!r->line)
		return VG_OK;
	if (!r->v[Y_NAME] || !*r->v[Y_NAME])
		return vg_error_set(VG_EPARSE, "%s:%u: record without PACKAGE NAME", path, r->line);
	recipe = r->v[Y_RECIPE] && *r->v[Y_RECIPE] ? r->v[Y_RECIPE] : r->v[Y_NAME];
	c = gen_add_package(g, "yocto", NULL, recipe, r->v[Y_VERSION], NULL);
	if (!c)
		return VG_ENOMEM;
	rc = gen_set(&c->name, r->v[Y_NAME]);
	if (rc == VG_OK)
		rc = vg_component_add_property(c, "vigil:recipe", recipe);
	if (rc == VG_OK && r->v[Y_LICENSE])
		rc = gen_license_expr(r->v[Y_LICENSE], false, &c->license_declared);
	if (rc == VG_OK)
		rc = gen_cpe_add(c, recipe, r->v[Y_VERSION], false);
	record_clear(r);
	return rc;
}

static int on_line(record *r, const gen_lines *it, const char *line, size_t n)
{
	const char *colon = memchr(line, ':', n), *v;
	size_t klen;
	int k;

	if (!colon)
		return gen_lines_error(it, VG_EPARSE, "expected 'KEY: value'");
	klen = (size_t)(colon - line);
	for (v = colon + 1; v < line + n && *v == ' '; v++)
		;
	if (!r->line)
		r->line = it->lineno;
	for (k = 0; k < Y_COUNT; k++) {
		if (strlen(keys[k]) != klen || strncmp(keys[k], line, klen))
			continue;
		if (r->v[k])
			return gen_lines_error(it, VG_EPARSE, "duplicate %s", keys[k]);
		r->v[k] = vg_strndup(v, (size_t)(line + n - v));
		return r->v[k] ? VG_OK : VG_ENOMEM;
	}
	return VG_OK; /* a key we do not use (FILES in some manifests) */
}

int gen_yocto(gen_ctx *g, const char *path, const char *data, size_t len)
{
	record r = { { NULL }, 0 };
	gen_lines it;
	const char *line;
	size_t n;
	int rc;

	gen_lines_init(&it, data, len, path);
	while ((rc = gen_lines_next(&it, &line, &n)) > 0) {
		rc = n ? on_line(&r, &it, line, n) : finish(g, &r, path);
		if (rc)
			break;
	}
	if (rc == VG_OK)
		rc = finish(g, &r, path);
	record_clear(&r);
	return rc;
}
