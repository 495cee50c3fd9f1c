/*
 * gen_deploy.c - the deployable form of a Debian package: its file name,
 * where it and its source are published, and the hash of the .deb.
 *
 *   file name   NAME_VERSION_ARCH.deb with the epoch dropped, the name dpkg
 *               and the archive give the file (opkg: .ipk).
 *   URIs        from apt's lists when they know the installed version
 *               (gen_aptlists.c); otherwise, on a Debian system (os-release
 *               ID=debian), from the pool layout of deb.debian.org:
 *               pool/<component>/<prefix>/<source>/<file>, component from a
 *               "contrib/" or "non-free/" Section prefix (else main), prefix
 *               the source's first letter or "libX" for lib* sources.  The
 *               source reference is the .dsc in the same directory.  Only
 *               the archive's current versions are in the pool; superseded
 *               ones move to snapshot.debian.org.
 *   hash        SHA-512 (and SHA-256) of the .deb computed from apt's cache
 *               (var/cache/apt/archives, where apt names it with the epoch
 *               as "%3a") when a copy is there.  When the list gives a
 *               SHA-256 and the cached file's differs, the cached file is
 *               not that package file and is not used.  No copy: no hash -
 *               nothing else is the deployable.
 */
#include "gen_internal.h"
#include "vigil/buf.h"
#include "vigil/error.h"
#include "vigil/str.h"

#include <stdlib.h>
#include <string.h>

static const char debian_archive[] = "https://deb.debian.org/debian";

/* The version without its epoch ("1:1.2-3" -> "1.2-3"). */
static const char *no_epoch(const char *version)
{
	const char *colon = strchr(version, ':');

	return colon ? colon + 1 : version;
}

int gen_deb_filename(vg_buf *out, const char *name, const char *version, const char *arch,
		     const char *ext)
{
	return vg_buf_printf(out, "%s_%s_%s.%s", name, no_epoch(version), arch, ext);
}

int gen_deb_add_source_ref(vg_component *c, const char *pool_dir)
{
	const char *src = vg_component_property(c, "vigil:source-package");
	const char *ver = vg_component_property(c, "vigil:source-version");
	vg_buf url = VG_BUF_INIT;
	int rc;

	if (!src || !ver)
		return VG_OK;
	rc = vg_buf_printf(&url, "%s/%s_%s.dsc", pool_dir, src, no_epoch(ver));
	if (rc == VG_OK && !vg_component_add_extref(c, "source-distribution", url.ptr))
		rc = VG_ENOMEM;
	vg_buf_free(&url);
	return rc;
}

static const vg_extref *find_extref(const vg_component *c, const char *type)
{
	size_t i;

	for (i = 0; i < c->extref_count; i++)
		if (c->extrefs[i].type && !strcmp(c->extrefs[i].type, type))
			return &c->extrefs[i];
	return NULL;
}

/* deb.debian.org's pool URLs for a package apt's lists did not know. */
static int debian_pool(const gen_debpkg *p)
{
	const char *src = vg_component_property(p->c, "vigil:source-package");
	const char *slash = p->section ? strchr(p->section, '/') : NULL;
	vg_buf dir = VG_BUF_INIT, url = VG_BUF_INIT;
	int rc;

	if (!src || !*src)
		return VG_OK;
	rc = vg_buf_printf(&dir, "%s/pool/%.*s/%.*s/%s", debian_archive,
			   slash ? (int)(slash - p->section) : 4, slash ? p->section : "main",
			   vg_str_starts_with(src, "lib") && src[3] ? 4 : 1, src, src);
	rc = rc ? rc : vg_buf_printf(&url, "%s/", dir.ptr);
	rc = rc ? rc : gen_deb_filename(&url, p->c->name, p->c->version, p->arch, "deb");
	if (rc == VG_OK && !vg_component_add_extref(p->c, "distribution", url.ptr))
		rc = VG_ENOMEM;
	rc = rc ? rc : gen_deb_add_source_ref(p->c, dir.ptr);
	vg_buf_free(&dir);
	vg_buf_free(&url);
	return rc;
}

static const char *hash_of(const vg_extref *r, const char *alg)
{
	size_t i;

	for (i = 0; r && i < r->hash_count; i++)
		if (!vg_strcasecmp(r->hashes[i].alg, alg))
			return r->hashes[i].value;
	return NULL;
}

/* Hash the cached .deb: var/cache/apt/archives/NAME_[EPOCH%3a]VER_ARCH.deb. */
static int cached_deb(gen_ctx *g, const gen_debpkg *p)
{
	const char *colon = strchr(p->c->version, ':');
	vg_buf rel = VG_BUF_INIT;
	gen_file_facts f;
	vg_extref *r = (vg_extref *)find_extref(p->c, "distribution");
	const char *listed = hash_of(r, "SHA-256");
	int rc = vg_buf_printf(&rel, "var/cache/apt/archives/%s_%.*s%s%s_%s.deb", p->c->name,
			       colon ? (int)(colon - p->c->version) : 0, p->c->version,
			       colon ? "%3a" : "", no_epoch(p->c->version), p->arch);

	rc = rc ? rc : gen_root_file_facts(g, rel.ptr, &f);
	if (rc == VG_OK && f.regular && listed && strcmp(listed, f.sha256))
		rc = vg_sbom_warn(g->sbom, "%s: SHA-256 differs from apt's list: not that package "
				  "file, not used", rel.ptr);
	else if (rc == VG_OK && f.regular && r) {
		rc = listed ? VG_OK : vg_extref_add_hash(r, "SHA-256", f.sha256);
		rc = rc || hash_of(r, "SHA-512") ? rc : vg_extref_add_hash(r, "SHA-512", f.sha512);
	} else if (rc == VG_OK && f.regular) {
		/* No URL to hang it on: the hash of the package file itself. */
		rc = vg_component_add_hash(p->c, "SHA-512", f.sha512);
	}
	vg_buf_free(&rel);
	return rc;
}

int gen_deb_deployables(gen_ctx *g, const gen_debpkg *pkgs, size_t count)
{
	gen_index *ix = gen_index_new();
	vg_buf key = VG_BUF_INIT;
	bool debian = g->distro_id && !strcmp(g->distro_id, "debian");
	size_t i;
	int rc = ix ? VG_OK : VG_ENOMEM;

	for (i = 0; i < count && rc == VG_OK; i++) {
		vg_buf_clear(&key);
		rc = vg_buf_printf(&key, "%s %s %s", pkgs[i].c->name, pkgs[i].c->version,
				   pkgs[i].arch);
		rc = rc ? rc : gen_index_add(ix, key.ptr, pkgs[i].c);
	}
	if (rc == VG_OK && g->root)
		rc = gen_apt_lists(g, ix);
	for (i = 0; i < count && rc == VG_OK; i++) {
		if (debian && !find_extref(pkgs[i].c, "distribution"))
			rc = debian_pool(&pkgs[i]);
		if (rc == VG_OK && g->root)
			rc = cached_deb(g, &pkgs[i]);
	}
	gen_index_free(ix);
	vg_buf_free(&key);
	return rc;
}
