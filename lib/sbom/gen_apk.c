/*
 * gen_apk.c - Alpine's apk database (/lib/apk/db/installed), also used by
 * OpenWrt from 24.10 on.
 *
 * One paragraph per installed package, blank-line separated, each line a
 * one-letter key, ':' and a value: P name, V version, A arch, L licence,
 * o origin (source package), m maintainer, T description, U url,
 * C checksum of the package ("Q1" + base64 SHA-1), D dependencies and
 * p provides (space-separated, "so:libc.musl-x86_64.so.1", "cmd:sh=1.36",
 * "!conflict"), then its files: F directory, R file in it, Z file SHA-1
 * ("Q1" + base64).  Keys Vigil does not use are skipped; a line that is not
 * "X:value" is an error.
 *
 * purl: pkg:apk/<ID>/<name>@<version>?arch=...&distro=<ID>-<VERSION_ID>.
 *
 * BSI fields: file name NAME-VERSION.apk; archive and structured (an .apk is
 * tar segments with a .PKGINFO); executable when a file is code by name
 * (gen_kind.c) or an a: line gives it an execute bit; creator the upstream
 * U: URL; on Alpine (os-release ID=alpine) the source is the aports
 * repository at the c: commit the package was built from (a `vcs`
 * reference: the tree holds main/, community/... <origin>/APKBUILD; the
 * database does not say which repository).  Nothing says where the .apk is
 * downloadable or gives its hash (C: hashes the control segment only).
 */
#include "gen_internal.h"
#include "vigil/buf.h"
#include "vigil/error.h"
#include "vigil/str.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct apk_pkg {
	unsigned line;
	char *fields[128]; /* by key letter; the last value seen */
	char *dir;         /* current F: */
	vg_strlist files;  /* "path" then "sha1 hex or empty", pairwise */
	bool exec_mode;    /* an a: line gave a file an execute bit */
} apk_pkg;

typedef struct apk_dep {
	vg_component *c;
	char *depends, *provides;
} apk_dep;

typedef struct apk_state {
	gen_ctx *g;
	apk_pkg pkg;
	apk_dep *deps;
	size_t count, cap;
} apk_state;

static void pkg_reset(apk_pkg *p)
{
	size_t i;

	for (i = 0; i < 128; i++)
		free(p->fields[i]);
	free(p->dir);
	vg_strlist_free(&p->files);
	memset(p, 0, sizeof(*p));
}

/* "Q1" + base64(SHA-1) -> 40 hex digits; false if it is not that. */
static bool q1_to_hex(const char *q1, char hex[41])
{
	unsigned char raw[32];
	int i;

	if (!vg_str_starts_with(q1, "Q1") || strlen(q1) != 30)
		return false;
	if (EVP_DecodeBlock(raw, (const unsigned char *)q1 + 2, 28) != 21)
		return false;
	for (i = 0; i < 20; i++)
		snprintf(hex + 2 * i, 3, "%02x", raw[i]);
	return true;
}

static int on_file_line(apk_pkg *p, const gen_lines *it, char key, const char *value)
{
	vg_buf path = VG_BUF_INIT;
	char hex[41];
	int rc;

	if (key == 'F')
		return gen_set(&p->dir, value);
	if (key == 'R') {
		rc = vg_buf_printf(&path, "/%s%s%s", p->dir ? p->dir : "", p->dir ? "/" : "", value);
		rc = rc ? rc : vg_strlist_take(&p->files, vg_buf_detach(&path));
		vg_buf_free(&path);
		return rc ? rc : vg_strlist_add(&p->files, "");
	}
	if (key == 'a') {
		/* a:uid:gid:mode of the file named by the R: before it (octal mode). */
		const char *mode = strrchr(value, ':');

		p->exec_mode |= p->files.count && mode && (strtoul(mode + 1, NULL, 8) & 0111);
		return VG_OK;
	}
	/* Z: the SHA-1 of the file named by the R: before it. */
	if (!p->files.count)
		return gen_lines_error(it, VG_EPARSE, "Z: checksum without an R: file");
	if (!q1_to_hex(value, hex))
		return gen_lines_error(it, VG_EPARSE, "Z: expected Q1 and base64 SHA-1");
	return gen_set(&p->files.items[p->files.count - 1], hex);
}

static int remember_deps(apk_state *s, vg_component *c)
{
	apk_dep *d;

	if (s->count == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		apk_dep *grown = realloc(s->deps, cap * sizeof(*grown));

		if (!grown)
			return vg_error_set(VG_ENOMEM, "out of memory");
		s->deps = grown;
		s->cap = cap;
	}
	d = &s->deps[s->count++];
	d->c = c;
	d->depends = s->pkg.fields['D'];
	d->provides = s->pkg.fields['p'];
	s->pkg.fields['D'] = s->pkg.fields['p'] = NULL;
	return VG_OK;
}

/* File name, kind, creator and (on Alpine) source repository. */
static int bsi_fields(gen_ctx *g, const apk_pkg *p, vg_component *c)
{
	vg_buf b = VG_BUF_INIT;
	bool code = p->exec_mode;
	const char *commit = p->fields['c'];
	size_t i;
	int rc = vg_buf_printf(&b, "%s-%s.apk", p->fields['P'], p->fields['V']);

	for (i = 0; i < p->files.count && !code; i += 2)
		code = gen_path_is_code(p->files.items[i]);
	if (commit && (strlen(commit) < 7 || strlen(commit) > 64 ||
		       strspn(commit, "0123456789abcdef") != strlen(commit)))
		commit = NULL; /* not a git commit id: no URL from it */
	rc = rc ? rc : vg_component_add_property(c, "bsi:component:filename", b.ptr);
	rc = rc ? rc : gen_set_package_kind(c, code);
	if (rc == VG_OK && p->fields['U'])
		rc = gen_set(&c->manufacturer.url, p->fields['U']);
	if (rc == VG_OK && commit && g->distro_id && !strcmp(g->distro_id, "alpine")) {
		vg_buf_clear(&b);
		rc = vg_buf_printf(&b, "https://gitlab.alpinelinux.org/alpine/aports/-/tree/%s",
				   p->fields['c']);
		if (rc == VG_OK && !vg_component_add_extref(c, "vcs", b.ptr))
			rc = VG_ENOMEM;
	}
	vg_buf_free(&b);
	return rc;
}

static int finish_package(apk_state *s, const gen_lines *it)
{
	gen_ctx *g = s->g;
	apk_pkg *p = &s->pkg;
	char distro[256];
	vg_component *c;
	size_t i;
	int rc = VG_OK;

	if (!p->line)
		return VG_OK;
	if (!p->fields['P'] || !*p->fields['P'])
		return vg_error_set(VG_EPARSE, "%s:%u: package without a P: (name) line", it->name,
				    p->line);
	if (!p->fields['V'] || !*p->fields['V'])
		return vg_error_set(VG_EPARSE, "%s:%u: package without a V: (version) line",
				    it->name, p->line);
	snprintf(distro, sizeof(distro), "%s-%s", g->distro_id ? g->distro_id : "",
		 g->distro_version ? g->distro_version : "");
	c = gen_add_package(g, "apk", g->distro_id ? g->distro_id : "alpine", p->fields['P'],
			    p->fields['V'],
			    (const char *const[]){ "arch", p->fields['A'], "distro",
						   g->distro_id && g->distro_version ? distro : NULL,
						   NULL });
	if (!c)
		return VG_ENOMEM;
	c->description = p->fields['T'] ? vg_strdup(p->fields['T']) : NULL;
	rc = gen_set_party(&c->supplier, p->fields['m']);
	if (rc == VG_OK && p->fields['L'])
		rc = gen_license_expr(p->fields['L'], false, &c->license_declared);
	if (rc == VG_OK && p->fields['U'] && !vg_component_add_extref(c, "website", p->fields['U']))
		rc = VG_ENOMEM;
	if (rc == VG_OK && p->fields['o'])
		rc = vg_component_add_property(c, "vigil:source-package", p->fields['o']);
	if (rc == VG_OK && p->fields['C'])
		rc = vg_component_add_property(c, "vigil:apk-checksum", p->fields['C']);
	if (rc == VG_OK)
		rc = gen_cpe_add(c, p->fields['o'] ? p->fields['o'] : p->fields['P'], p->fields['V'],
				 true);
	if (rc == VG_OK)
		rc = bsi_fields(g, p, c);
	for (i = 0; rc == VG_OK && g->opts.include_files && i + 1 < p->files.count; i += 2)
		rc = gen_add_file(g, c, p->files.items[i], *p->files.items[i + 1] ? "SHA-1" : NULL,
				  p->files.items[i + 1]);
	if (rc == VG_OK)
		rc = remember_deps(s, c);
	pkg_reset(p);
	return rc;
}

static int on_line(apk_state *s, const gen_lines *it, const char *line, size_t n)
{
	apk_pkg *p = &s->pkg;
	unsigned char key = (unsigned char)line[0];
	char *value;
	int rc;

	if (n < 2 || line[1] != ':' || key >= 128)
		return gen_lines_error(it, VG_EPARSE, "expected 'X:value'");
	if (!p->line)
		p->line = it->lineno;
	value = vg_strndup(line + 2, n - 2);
	if (!value)
		return VG_ENOMEM;
	if (key == 'F' || key == 'R' || key == 'Z' || key == 'a') {
		rc = on_file_line(p, it, (char)key, value);
		free(value);
		return rc;
	}
	free(p->fields[key]);
	p->fields[key] = value;
	return VG_OK;
}

/* One dependency token: "!name" (a conflict) is skipped, "name>=1" -> "name". */
static int resolve_token(const gen_index *ix, vg_component *c, const char *tok, size_t len)
{
	vg_component *dep;

	if (!len || tok[0] == '!')
		return VG_OK;
	dep = gen_index_getn(ix, tok, strcspn(tok, "<>=~") < len ? strcspn(tok, "<>=~") : len);
	return dep ? gen_depend(c, dep) : VG_OK;
}

/* Calls fn for each space-separated token of list. */
static int each_token(const char *list, int (*fn)(void *, const char *, size_t), void *ctx)
{
	int rc = VG_OK;

	while (list && *list && rc == VG_OK) {
		size_t len;

		list += strspn(list, " ");
		len = strcspn(list, " ");
		if (len)
			rc = fn(ctx, list, len);
		list += len;
	}
	return rc;
}

typedef struct token_ctx {
	gen_index *ix;
	vg_component *c;
} token_ctx;

static int index_provide(void *ctx, const char *tok, size_t len)
{
	token_ctx *t = ctx;
	char *name = vg_strndup(tok, strcspn(tok, "=") < len ? strcspn(tok, "=") : len);
	int rc = name ? gen_index_add(t->ix, name, t->c) : VG_ENOMEM;

	free(name);
	return rc;
}

static int depend_token(void *ctx, const char *tok, size_t len)
{
	token_ctx *t = ctx;

	return resolve_token(t->ix, t->c, tok, len);
}

static int resolve(apk_state *s)
{
	token_ctx t = { gen_index_new(), NULL };
	size_t i;
	int rc = t.ix ? VG_OK : VG_ENOMEM;

	for (i = 0; i < s->count && rc == VG_OK; i++)
		rc = gen_index_add(t.ix, s->deps[i].c->name, s->deps[i].c);
	for (i = 0; i < s->count && rc == VG_OK; i++) {
		t.c = s->deps[i].c;
		rc = each_token(s->deps[i].provides, index_provide, &t);
	}
	for (i = 0; i < s->count && rc == VG_OK; i++) {
		t.c = s->deps[i].c;
		rc = each_token(s->deps[i].depends, depend_token, &t);
	}
	gen_index_free(t.ix);
	return rc;
}

int gen_apk(gen_ctx *g, const char *path, const char *data, size_t len)
{
	apk_state s = { g, { 0 }, NULL, 0, 0 };
	gen_lines it;
	const char *line;
	size_t n, i;
	int rc;

	gen_lines_init(&it, data, len, path);
	while ((rc = gen_lines_next(&it, &line, &n)) > 0) {
		rc = n ? on_line(&s, &it, line, n) : finish_package(&s, &it);
		if (rc)
			break;
		if (!n)
			gen_progress(g, s.count, 0, "apk");
	}
	if (rc == VG_OK)
		rc = finish_package(&s, &it);
	if (rc == VG_OK)
		rc = resolve(&s);
	if (rc == VG_OK)
		gen_progress(g, s.count, s.count, "apk");
	pkg_reset(&s.pkg);
	for (i = 0; i < s.count; i++) {
		free(s.deps[i].depends);
		free(s.deps[i].provides);
	}
	free(s.deps);
	return rc;
}
