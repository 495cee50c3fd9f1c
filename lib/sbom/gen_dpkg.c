/*
 * gen_dpkg.c - Debian's dpkg database (/var/lib/dpkg/status), and the status
 * reading dpkg and opkg share (gen_debstyle_status; opkg is in gen_opkg.c).
 *
 * Only packages whose Status says "installed" are components: the status
 * file also remembers removed packages ("deinstall ok config-files") and
 * unpacked-but-unconfigured ones.  The want flag does not matter: a package
 * marked for removal ("deinstall ok installed") is still on the disk.
 *
 * What a dpkg component gets:
 *   purl     pkg:deb/<ID>/<name>@<version>?arch=<arch>&distro=<ID>-<VERSION_ID>
 *            (the distro form syft and grype use, so their matchers and ours
 *            can key a Debian release on it; the codename is on the primary)
 *   props    vigil:source-package, vigil:source-version - the Debian security
 *            tracker and OSV's Debian data are keyed on the source package
 *   supplier Maintainer (the packager);
 *   creator  (manufacturer) the upstream: Homepage as URL, else the DEP-5
 *            Upstream-Contact, else a DEP-5 Source that is a URL; for a
 *            Debian-native package (version without a Debian revision) the
 *            Maintainer, who is then the upstream too;
 *   licence  declared from a DEP-5 /usr/share/doc/PKG/copyright, and also
 *            concluded: the copyright file is the distributor's licence
 *            determination, reviewed by Debian's ftp-masters before a package
 *            enters the archive (property vigil:license-concluded-by says so);
 *   BSI      file name NAME_VER_ARCH.deb, archive/structured, executable from
 *            info/PKG.list (gen_kind.c), URIs and .deb hashes (gen_deploy.c);
 *   files    from info/PKG.md5sums or info/PKG:ARCH.md5sums (MD5) on request;
 *   deps     Depends and Pre-Depends, resolved against the installed set.
 * opkg gets the same file name (.ipk), properties and Homepage creator.
 */
#include "gen_internal.h"
#include "vigil/buf.h"
#include "vigil/error.h"
#include "vigil/str.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct pending {
	vg_component *c;
	char *depends;  /* Depends and Pre-Depends, comma-joined */
	char *provides;
	char *arch, *section;
} pending;

/* What a DEP-5 copyright file gives. */
typedef struct dep5 {
	vg_strlist exprs;   /* licence expressions of the Files paragraphs */
	char *contact;      /* Upstream-Contact (first line) */
	char *source;       /* Source (first line) */
} dep5;

typedef struct status_state {
	gen_ctx *g;
	const gen_debstyle *style;
	const char *path;
	pending *items;
	size_t count, cap, total, seen;
} status_state;

static int fail_at(const gen_lines *where, const gen_para *p, const char *what)
{
	return vg_error_set(VG_EPARSE, "%s:%u: %s", where->name, p->line, what);
}

/* "install ok installed" -> true; the third word is the package's state. */
static bool installed(const char *status)
{
	const char *last = strrchr(status, ' ');

	return last && !strcmp(last + 1, "installed");
}

/* Add expr's top-level AND terms to exprs, each once ("A AND B", then "B AND C"
 * give A, B, C); an expression with OR is kept whole. */
static int add_terms(vg_strlist *exprs, char *expr)
{
	char *term = expr, *and;
	int rc = VG_OK;

	while (!strstr(expr, " OR ") && (and = strstr(term, " AND ")) && rc == VG_OK) {
		*and = '\0';
		if (!vg_strlist_contains(exprs, term))
			rc = vg_strlist_add(exprs, term);
		term = and + 5;
	}
	if (rc == VG_OK && !vg_strlist_contains(exprs, term))
		rc = vg_strlist_add(exprs, term);
	free(expr);
	return rc;
}

/* DEP-5 copyright: the header's upstream fields, the licences of its Files paragraphs. */
static int collect_dep5(void *ctx, const gen_para *p, const gen_lines *where)
{
	dep5 *d = ctx;
	const char *lic = gen_para_get(p, "License");
	char *first, *expr = NULL;
	int rc;

	(void)where;
	if (gen_para_get(p, "Format") && !d->contact && !d->source) {
		d->contact = gen_first_line(gen_para_get(p, "Upstream-Contact"));
		d->source = gen_first_line(gen_para_get(p, "Source"));
		return VG_OK;
	}
	if (!lic || !gen_para_get(p, "Files"))
		return VG_OK;
	first = gen_first_line(lic);
	if (!first)
		return VG_ENOMEM;
	rc = gen_license_expr(first, false, &expr);
	free(first);
	if (rc == VG_OK && expr)
		return add_terms(&d->exprs, expr);
	free(expr);
	return rc;
}

/* The upstream as the copyright file names it, when the package has no Homepage. */
static int dep5_creator(vg_component *c, const dep5 *d)
{
	int rc = VG_OK;

	if (c->manufacturer.url || c->manufacturer.email)
		return VG_OK;
	if (d->contact)
		rc = strstr(d->contact, "://") && !strchr(d->contact, ' ')
			     ? gen_set(&c->manufacturer.url, d->contact)
			     : gen_set_party(&c->manufacturer, d->contact);
	if (rc == VG_OK && !c->manufacturer.url && !c->manufacturer.email && d->source &&
	    strstr(d->source, "://") && !strchr(d->source, ' '))
		rc = gen_set(&c->manufacturer.url, d->source);
	return rc;
}

/* Licences (declared and, see the file comment, concluded) and upstream creator. */
static int read_dep5(gen_ctx *g, vg_component *c, const char *pkg)
{
	dep5 d = { VG_STRLIST_INIT, NULL, NULL };
	vg_buf rel = VG_BUF_INIT;
	char *data = NULL;
	size_t len;
	int rc = vg_buf_printf(&rel, "usr/share/doc/%s/copyright", pkg);

	if (rc == VG_OK && gen_root_read(g, rel.ptr, &data, &len) != VG_OK) {
		rc = VG_OK; /* no copyright file: nothing declared */
	} else if (rc == VG_OK && vg_str_starts_with(data, "Format:")) {
		rc = gen_deb822_parse(data, len, rel.ptr, false, collect_dep5, &d);
		if (rc == VG_OK && !c->license_declared)
			rc = gen_license_join(&d.exprs, &c->license_declared);
		if (rc == VG_OK && c->license_declared) {
			rc = gen_set(&c->license_concluded, c->license_declared);
			rc = rc ? rc : vg_component_add_property(c, "vigil:license-concluded-by",
								  "distributor (Debian copyright file)");
		}
		if (rc == VG_OK)
			rc = dep5_creator(c, &d);
		else if (rc != VG_ENOMEM)
			rc = vg_sbom_warn(g->sbom, "%s", vg_error_message());
	}
	free(data);
	free(d.contact);
	free(d.source);
	vg_buf_free(&rel);
	vg_strlist_free(&d.exprs);
	return rc;
}

/* info/PKG.md5sums lines: "<32 hex>  path". */
static int add_md5sums(gen_ctx *g, vg_component *c, const char *rel, const char *data,
		       size_t len)
{
	gen_lines it;
	const char *line;
	size_t n, i;
	int rc;

	gen_lines_init(&it, data, len, rel);
	while ((rc = gen_lines_next(&it, &line, &n)) > 0) {
		char hex[33], *path;

		if (!n)
			continue;
		for (i = 0; i < 32 && i < n && strchr("0123456789abcdef", line[i]) && line[i]; i++)
			hex[i] = line[i];
		if (i != 32 || n < 35 || line[32] != ' ')
			return gen_lines_error(&it, VG_EPARSE, "expected '<md5>  <path>'");
		hex[32] = '\0';
		for (i = 33; i < n && line[i] == ' '; i++)
			;
		path = vg_strndup(line + i, n - i);
		rc = path ? gen_add_file(g, c, path, "MD5", hex) : VG_ENOMEM;
		free(path);
		if (rc)
			return rc;
	}
	return rc;
}

/* info/PKG.list lines: "path" or "path<TAB>mode". */
static int add_list(gen_ctx *g, vg_component *c, const char *rel, const char *data, size_t len)
{
	gen_lines it;
	const char *line;
	size_t n;
	int rc;

	gen_lines_init(&it, data, len, rel);
	while ((rc = gen_lines_next(&it, &line, &n)) > 0) {
		char *path = vg_strndup(line, strcspn(line, "\t\n"));

		if (!path)
			return VG_ENOMEM;
		rc = *path ? gen_add_file(g, c, path, NULL, NULL) : VG_OK;
		free(path);
		if (rc)
			return rc;
	}
	return rc;
}

/* Read info/PKG.EXT; Multi-Arch: same packages name it PKG:ARCH.EXT.
 * *data is NULL when there is none. */
static int read_info(gen_ctx *g, const gen_debstyle *st, const char *pkg, const char *arch,
		     const char *ext, vg_buf *rel, char **data, size_t *len)
{
	int rc = vg_buf_printf(rel, "%s/%s:%s.%s", st->info_dir, pkg, arch ? arch : "", ext);

	*data = NULL;
	if (rc == VG_OK && (!arch || !gen_root_exists(g, rel->ptr))) {
		vg_buf_clear(rel);
		rc = vg_buf_printf(rel, "%s/%s.%s", st->info_dir, pkg, ext);
	}
	if (rc == VG_OK && gen_root_read(g, rel->ptr, data, len) != VG_OK)
		*data = NULL;
	return rc;
}

static int add_files(gen_ctx *g, const gen_debstyle *st, vg_component *c, const char *pkg,
		     const char *arch)
{
	vg_buf rel = VG_BUF_INIT;
	char *data;
	size_t len;
	int rc = read_info(g, st, pkg, arch, st->md5sums ? "md5sums" : "list", &rel, &data, &len);

	if (rc == VG_OK && data)
		rc = st->md5sums ? add_md5sums(g, c, rel.ptr, data, len)
				 : add_list(g, c, rel.ptr, data, len);
	free(data);
	vg_buf_free(&rel);
	return rc;
}

/* An execute bit on path: the list's mode column when it has one (opkg:
 * "path<TAB>0755"), else the file's mode in the rootfs. */
static bool list_executable(gen_ctx *g, const char *path, const char *mode)
{
	char *end;
	unsigned long m = mode ? strtoul(mode, &end, 8) : 0;

	if (mode && end != mode && (*end == '\0' || *end == '\t'))
		return (m & 0111) != 0;
	return gen_root_is_executable(g, path);
}

/* 1 when one of the files in info/PKG.list is code (gen_kind.c): by name
 * first, then by execute bit; 0 when none; -1 without a list. */
static int installs_code(gen_ctx *g, const gen_debstyle *st, const char *pkg, const char *arch)
{
	vg_buf rel = VG_BUF_INIT;
	char *data, *line, *next, *tab, *mode;
	size_t len;
	int pass, found = -1;

	if (read_info(g, st, pkg, arch, "list", &rel, &data, &len) == VG_OK && data) {
		found = 0;
		for (pass = 0; pass < 2 && !found; pass++) {
			for (line = data; line && *line && !found; line = next) {
				next = strchr(line, '\n');
				if (next)
					*next++ = '\0';
				/* Split "path<TAB>mode" in place, and join it again. */
				tab = line + strcspn(line, "\t");
				mode = *tab ? tab + 1 : NULL;
				*tab = '\0';
				found = pass ? list_executable(g, line, mode) : gen_path_is_code(line);
				if (mode)
					*tab = '\t';
				if (next)
					next[-1] = '\n';
			}
		}
	}
	free(data);
	vg_buf_free(&rel);
	return found;
}

/* File name and BSI kind of the package file (.deb / .ipk). */
static int add_package_file(gen_ctx *g, const gen_debstyle *st, vg_component *c,
			    const char *arch)
{
	vg_buf name = VG_BUF_INIT;
	int rc = VG_OK;

	if (arch)
		rc = gen_deb_filename(&name, c->name, c->version, arch, st->md5sums ? "deb" : "ipk");
	if (rc == VG_OK && arch)
		rc = vg_component_add_property(c, "bsi:component:filename", name.ptr);
	vg_buf_free(&name);
	return rc ? rc : gen_set_package_kind(c, g->root ? installs_code(g, st, c->name, arch) : -1);
}

/* Source: "src" or "src (version)". */
static int add_source(vg_component *c, const char *source, const char *name, const char *version)
{
	const char *paren = source ? strchr(source, '(') : NULL;
	char *src = NULL, *ver = NULL;
	int rc;

	if (!source)
		source = name;
	src = vg_strndup(source, paren ? strcspn(source, " (") : strlen(source));
	ver = paren ? vg_strndup(paren + 1, strcspn(paren + 1, ")")) : vg_strdup(version);
	rc = src && ver ? vg_component_add_property(c, "vigil:source-package", src) : VG_ENOMEM;
	if (rc == VG_OK)
		rc = vg_component_add_property(c, "vigil:source-version", ver);
	if (rc == VG_OK)
		rc = gen_cpe_add(c, src, version, true);
	free(src);
	free(ver);
	return rc;
}

static int remember(status_state *s, vg_component *c, const gen_para *p)
{
	const char *arch = gen_para_get(p, "Architecture"), *section = gen_para_get(p, "Section");
	const char *dep = gen_para_get(p, "Depends"), *pre = gen_para_get(p, "Pre-Depends");
	const char *prov = gen_para_get(p, "Provides");
	vg_buf deps = VG_BUF_INIT;
	pending *it;

	if (s->count == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		pending *grown = realloc(s->items, cap * sizeof(*grown));

		if (!grown)
			return vg_error_set(VG_ENOMEM, "out of memory");
		s->items = grown;
		s->cap = cap;
	}
	if (vg_buf_printf(&deps, "%s%s%s", dep ? dep : "", dep && pre ? "," : "", pre ? pre : ""))
		return VG_ENOMEM;
	it = &s->items[s->count++];
	it->c = c;
	it->depends = vg_buf_detach(&deps);
	it->provides = prov ? vg_strdup(prov) : NULL;
	it->arch = arch ? vg_strdup(arch) : NULL;
	it->section = section ? vg_strdup(section) : NULL;
	return it->depends && (!prov || it->provides) && (!arch || it->arch) &&
			       (!section || it->section)
		       ? VG_OK
		       : VG_ENOMEM;
}

static int describe(gen_ctx *g, const gen_debstyle *st, vg_component *c, const gen_para *p)
{
	const char *home = gen_para_get(p, "Homepage"), *lic = gen_para_get(p, "License");
	int rc;

	c->description = gen_first_line(gen_para_get(p, "Description"));
	rc = gen_set_party(&c->supplier, gen_para_get(p, "Maintainer"));
	if (g->opts.identity_only)
		return rc;
	if (rc == VG_OK && home && !vg_component_add_extref(c, "website", home))
		rc = VG_ENOMEM;
	/* Homepage is the upstream's: the creator of what the package carries. */
	if (rc == VG_OK && home)
		rc = gen_set(&c->manufacturer.url, home);
	if (rc == VG_OK && lic)
		rc = gen_license_expr(lic, false, &c->license_declared);
	if (rc == VG_OK && st->md5sums && g->root)
		rc = read_dep5(g, c, c->name);
	/* Debian-native (no "-revision"): Debian is the upstream, the Maintainer its author. */
	if (rc == VG_OK && st->md5sums && !strchr(c->version, '-') && !c->manufacturer.url &&
	    !c->manufacturer.email && (c->supplier.email || c->supplier.url)) {
		rc = gen_set(&c->manufacturer.name, c->supplier.name);
		rc = rc ? rc : gen_set(&c->manufacturer.email, c->supplier.email);
		rc = rc ? rc : gen_set(&c->manufacturer.url, c->supplier.url);
	}
	return rc;
}

static int on_package(void *ctx, const gen_para *p, const gen_lines *where)
{
	status_state *s = ctx;
	gen_ctx *g = s->g;
	const char *name = gen_para_get(p, "Package"), *status = gen_para_get(p, "Status");
	const char *version = gen_para_get(p, "Version"), *arch = gen_para_get(p, "Architecture");
	char distro[256];
	vg_component *c;
	int rc;

	if (!name || !*name)
		return fail_at(where, p, "paragraph without a Package field");
	if (!status)
		return fail_at(where, p, "package without a Status field");
	gen_progress(g, ++s->seen, s->total, s->style->source);
	if (!installed(status))
		return VG_OK;
	if (!version || !*version)
		return fail_at(where, p, "installed package without a Version field");
	snprintf(distro, sizeof(distro), "%s-%s", g->distro_id ? g->distro_id : "",
		 g->distro_version ? g->distro_version : "");
	c = gen_add_package(g, s->style->purl_type,
			    g->distro_id ? g->distro_id : s->style->default_ns, name, version,
			    (const char *const[]){ "arch", arch, "distro",
						   g->distro_id && g->distro_version ? distro : NULL,
						   NULL });
	if (!c)
		return VG_ENOMEM;
	rc = describe(g, s->style, c, p);
	if (rc == VG_OK && s->style->md5sums)
		rc = add_source(c, gen_para_get(p, "Source"), name, version);
	if (rc == VG_OK)
		rc = gen_cpe_add(c, name, version, true);
	if (rc == VG_OK && !g->opts.identity_only)
		rc = add_package_file(g, s->style, c, arch);
	if (rc == VG_OK && g->opts.include_files && g->root)
		rc = add_files(g, s->style, c, name, arch);
	return rc ? rc : remember(s, c, p);
}

/* Index installed names, then what they provide, then resolve. */
static int resolve(status_state *s)
{
	gen_index *ix = gen_index_new();
	size_t i;
	int rc = ix ? VG_OK : VG_ENOMEM;

	for (i = 0; i < s->count && rc == VG_OK; i++)
		rc = gen_index_add(ix, s->items[i].c->name, s->items[i].c);
	for (i = 0; i < s->count && rc == VG_OK; i++) {
		const char *prov = s->items[i].provides;

		while (prov && *prov && rc == VG_OK) {
			size_t skip = strspn(prov, " \t\n,"), len;
			char *name;

			prov += skip;
			len = strcspn(prov, " \t\n,(:");
			if (!len)
				break;
			name = vg_strndup(prov, len);
			rc = name ? gen_index_add(ix, name, s->items[i].c) : VG_ENOMEM;
			free(name);
			prov = strchr(prov, ',');
		}
	}
	for (i = 0; i < s->count && rc == VG_OK; i++)
		rc = gen_deb_depends(ix, s->items[i].c, s->items[i].depends);
	gen_index_free(ix);
	return rc;
}

static int deployables(gen_ctx *g, const status_state *s)
{
	gen_debpkg *pkgs = calloc(s->count ? s->count : 1, sizeof(*pkgs));
	size_t i, n = 0;
	int rc;

	if (!pkgs)
		return vg_error_set(VG_ENOMEM, "out of memory");
	for (i = 0; i < s->count; i++)
		if (s->items[i].arch)
			pkgs[n++] = (gen_debpkg){ s->items[i].c, s->items[i].arch, s->items[i].section };
	rc = gen_deb_deployables(g, pkgs, n);
	free(pkgs);
	return rc;
}

static size_t count_paragraphs(const char *data, size_t len)
{
	size_t n = 0;
	const char *p = data, *end = data + len;

	while (p < end && (p = memmem(p, (size_t)(end - p), "Package:", 8))) {
		n += p == data || p[-1] == '\n';
		p += 8;
	}
	return n;
}

int gen_debstyle_status(gen_ctx *g, const gen_debstyle *style, const char *path,
			const char *data, size_t len)
{
	status_state s = { g, style, path, NULL, 0, 0, count_paragraphs(data, len), 0 };
	size_t i;
	int rc = gen_deb822_parse(data, len, path, true, on_package, &s);

	if (rc == VG_OK)
		rc = resolve(&s);
	if (rc == VG_OK && style->md5sums && !g->opts.identity_only)
		rc = deployables(g, &s);
	if (rc == VG_OK)
		gen_progress(g, s.total, s.total, style->source);
	for (i = 0; i < s.count; i++) {
		free(s.items[i].depends);
		free(s.items[i].provides);
		free(s.items[i].arch);
		free(s.items[i].section);
	}
	free(s.items);
	return rc;
}

int gen_dpkg(gen_ctx *g, const char *path, const char *data, size_t len)
{
	static const gen_debstyle dpkg = { "dpkg", "deb", "debian", "var/lib/dpkg/info", true };

	return gen_debstyle_status(g, &dpkg, path, data, len);
}
