/*
 * gen_buildroot.c - Buildroot's legal-info/manifest.csv, optionally with the
 * CPEs of `make show-info` (cpe_data JSON).
 *
 * manifest.csv is RFC 4180 CSV with a header row naming the columns:
 * PACKAGE, VERSION, LICENSE, LICENSE FILES, SOURCE ARCHIVE, SOURCE SITE and
 * (newer Buildroot) DEPENDENCIES WITH LICENSES ("dep [licence] dep2 [...]").
 * Columns are found by name, so their order does not matter; PACKAGE and
 * VERSION are required, every row must have as many fields as the header.
 *
 * A row becomes pkg:generic/<name>@<version>?download_url=<site>/<archive>:
 * Buildroot packages are upstream sources with no ecosystem, the case purl's
 * generic type is for.  The same URL is the source-distribution reference.
 * Buildroot licence names are pre-3.0 SPDX ids with "+" and parenthesised
 * comments ("GPL-2.0+ (programs)"), mapped by gen_license_expr().
 */
#include "gen_internal.h"
#include "vigil/buf.h"
#include "vigil/error.h"
#include "vigil/json.h"
#include "vigil/str.h"

#include <stdlib.h>
#include <string.h>

enum { COL_PACKAGE, COL_VERSION, COL_LICENSE, COL_ARCHIVE, COL_SITE, COL_DEPS, COL_COUNT };

static const char *const column_names[COL_COUNT] = {
	"PACKAGE", "VERSION", "LICENSE", "SOURCE ARCHIVE", "SOURCE SITE",
	"DEPENDENCIES WITH LICENSES",
};

typedef struct csv {
	const char *p, *end, *name;
	unsigned line; /* where the current record started */
	unsigned at;   /* current line */
	vg_strlist fields;
} csv;

static int csv_field(csv *c, vg_buf *f)
{
	bool quoted = c->p < c->end && *c->p == '"', closed = false;

	if (quoted)
		c->p++;
	for (; c->p < c->end; c->p++) {
		if (quoted && *c->p == '"') {
			if (c->p + 1 >= c->end || c->p[1] != '"') {
				c->p++;
				closed = true;
				break;
			}
			c->p++; /* "" is one quote */
		} else if (!quoted && (*c->p == ',' || *c->p == '\n' || *c->p == '\r')) {
			break;
		}
		c->at += *c->p == '\n';
		if (vg_buf_putc(f, *c->p))
			return VG_ENOMEM;
	}
	if (quoted && !closed)
		return vg_error_set(VG_EPARSE, "%s:%u: unterminated quoted field", c->name,
				    c->line);
	if (c->p < c->end && *c->p != ',' && *c->p != '\n' && *c->p != '\r')
		return vg_error_set(VG_EPARSE, "%s:%u: text after a closing quote", c->name, c->at);
	return VG_OK;
}

/* Read one record into c->fields; 0 at the end, 1 for a record. */
static int csv_record(csv *c)
{
	vg_buf f = VG_BUF_INIT;
	int rc;

	vg_strlist_free(&c->fields);
	while (c->p < c->end && (*c->p == '\n' || *c->p == '\r'))
		c->at += *c->p++ == '\n';
	if (c->p >= c->end)
		return 0;
	c->line = c->at;
	for (;;) {
		vg_buf_clear(&f);
		rc = csv_field(c, &f);
		if (rc == VG_OK)
			rc = vg_strlist_add(&c->fields, f.ptr ? f.ptr : "");
		if (rc || c->p >= c->end || *c->p != ',')
			break;
		c->p++;
	}
	vg_buf_free(&f);
	return rc ? rc : 1;
}

static int find_columns(csv *c, int cols[COL_COUNT])
{
	size_t i, k;

	for (k = 0; k < COL_COUNT; k++) {
		cols[k] = -1;
		for (i = 0; i < c->fields.count; i++)
			if (!vg_strcasecmp(c->fields.items[i], column_names[k]))
				cols[k] = (int)i;
	}
	if (cols[COL_PACKAGE] < 0 || cols[COL_VERSION] < 0)
		return vg_error_set(VG_EPARSE,
				    "%s:%u: header has no PACKAGE and VERSION columns: not a "
				    "Buildroot manifest",
				    c->name, c->line);
	return VG_OK;
}

static const char *col(const csv *c, const int cols[COL_COUNT], int k)
{
	const char *v = cols[k] >= 0 ? c->fields.items[cols[k]] : NULL;

	return v && *v ? v : NULL;
}

/* Buildroot's `make show-info` JSON: {"pkg": {"version", "cpe-id"}}, or the
 * same under "packages".  Used only when its version is the row's: a JSON
 * from another build would attach a wrong version's CPE. */
static const char *cpe_for(const json_t *info, const char *name, const char *version)
{
	const json_t *pkgs = json_object_get(info, "packages"), *pkg;
	const char *v;

	pkg = json_object_get(json_is_object(pkgs) ? pkgs : info, name);
	v = json_string_value(json_object_get(pkg, "version"));
	if (!v || !version || strcmp(v, version))
		return NULL;
	return json_string_value(json_object_get(pkg, "cpe-id"));
}

static int add_row(gen_ctx *g, const csv *c, const int cols[COL_COUNT], const json_t *info,
		   vg_strlist *deps)
{
	const char *name = col(c, cols, COL_PACKAGE), *version = col(c, cols, COL_VERSION);
	const char *site = col(c, cols, COL_SITE), *archive = col(c, cols, COL_ARCHIVE);
	const char *cpe = name && info ? cpe_for(info, name, version) : NULL;
	vg_buf url = VG_BUF_INIT;
	vg_component *comp;
	int rc = VG_OK;

	if (!name)
		return vg_error_set(VG_EPARSE, "%s:%u: empty PACKAGE", c->name, c->line);
	if (site && archive)
		rc = vg_buf_printf(&url, "%s/%s", site, archive);
	comp = rc ? NULL
		  : gen_add_package(g, "generic", NULL, name, version,
				    (const char *const[]){ "download_url", url.ptr, NULL });
	if (!comp)
		rc = VG_ENOMEM;
	if (rc == VG_OK && url.ptr && !vg_component_add_extref(comp, "source-distribution", url.ptr))
		rc = VG_ENOMEM;
	if (rc == VG_OK)
		rc = gen_license_expr(col(c, cols, COL_LICENSE), true, &comp->license_declared);
	if (rc == VG_OK && cpe)
		rc = vg_strlist_add(&comp->cpes, cpe);
	if (rc == VG_OK)
		rc = gen_cpe_add(comp, name, version, false);
	if (rc == VG_OK)
		rc = vg_strlist_add(deps, col(c, cols, COL_DEPS) ? col(c, cols, COL_DEPS) : "");
	vg_buf_free(&url);
	return rc;
}

/* "dep [licence, (x)] dep2 [y]": the names outside brackets. */
static int resolve(const gen_index *ix, vg_component *comp, const char *deps)
{
	const char *s = deps;
	int depth = 0, rc = VG_OK;

	while (*s && rc == VG_OK) {
		size_t len;
		vg_component *dep;

		if (*s == '[' || *s == ']' || depth) {
			depth += (*s == '[') - (*s == ']');
			depth = depth < 0 ? 0 : depth;
			s++;
			continue;
		}
		len = strcspn(s, " [");
		dep = len ? gen_index_getn(ix, s, len) : NULL;
		if (dep)
			rc = gen_depend(comp, dep);
		s += len ? len : 1;
	}
	return rc;
}

static int resolve_all(gen_ctx *g, size_t first, const vg_strlist *deps)
{
	gen_index *ix = gen_index_new();
	size_t i;
	int rc = ix ? VG_OK : VG_ENOMEM;

	for (i = first; i < g->sbom->component_count && rc == VG_OK; i++)
		rc = gen_index_add(ix, g->sbom->components[i]->name, g->sbom->components[i]);
	for (i = 0; i < deps->count && rc == VG_OK; i++)
		rc = resolve(ix, g->sbom->components[first + i], deps->items[i]);
	gen_index_free(ix);
	return rc;
}

static int load_cpe_json(gen_ctx *g, json_t **info)
{
	*info = NULL;
	if (!g->opts.buildroot_cpe_json)
		return VG_OK;
	if (vg_json_load_file(g->opts.buildroot_cpe_json, VG_GENERATE_MAX_FILE, info))
		return vg_error_last()->code;
	if (!json_is_object(*info)) {
		json_decref(*info);
		*info = NULL;
		return vg_error_set(VG_EPARSE, "%s: expected a JSON object",
				    g->opts.buildroot_cpe_json);
	}
	return VG_OK;
}

/* Every data row, checked against the header's width. */
static int read_rows(gen_ctx *g, csv *c, const int cols[COL_COUNT], size_t width,
		     const json_t *info, vg_strlist *deps)
{
	int rc;

	while ((rc = csv_record(c)) == 1) {
		if (c->fields.count != width)
			return vg_error_set(VG_EPARSE, "%s:%u: expected %zu fields, found %zu",
					    c->name, c->line, width, c->fields.count);
		rc = add_row(g, c, cols, info, deps);
		if (rc)
			return rc;
		gen_progress(g, deps->count, 0, "buildroot");
	}
	return rc;
}

int gen_buildroot(gen_ctx *g, const char *path, const char *data, size_t len)
{
	csv c = { data, data + len, path, 1, 1, VG_STRLIST_INIT };
	vg_strlist deps = VG_STRLIST_INIT;
	size_t first = g->sbom->component_count;
	int cols[COL_COUNT], rc;
	json_t *info = NULL;
	gen_lines it;
	const char *line;
	size_t n;

	/* The line reader's checks (text, UTF-8, line length) apply to CSV too. */
	gen_lines_init(&it, data, len, path);
	while ((rc = gen_lines_next(&it, &line, &n)) > 0)
		;
	if (rc == VG_OK)
		rc = load_cpe_json(g, &info);
	if (rc == VG_OK) {
		rc = csv_record(&c);
		if (rc == 0)
			rc = vg_error_set(VG_EPARSE, "%s: empty file: not a Buildroot manifest",
					  path);
		else if (rc == 1)
			rc = find_columns(&c, cols);
	}
	if (rc == VG_OK)
		rc = read_rows(g, &c, cols, c.fields.count, info, &deps);
	if (rc == VG_OK)
		rc = resolve_all(g, first, &deps);
	if (rc == VG_OK)
		gen_progress(g, deps.count, deps.count, "buildroot");
	vg_strlist_free(&c.fields);
	vg_strlist_free(&deps);
	json_decref(info);
	return rc;
}
