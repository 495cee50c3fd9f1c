/*
 * gen_rootfs.c - vg_sbom_generate_rootfs() and vg_sbom_generate_from()
 * (vigil/sbom_generate.h): find the package databases, identify the
 * distribution from os-release, and fill the SBOM's document metadata.
 *
 * A Yocto license.manifest copied into the image lists the same packages as
 * the image's opkg/dpkg database, so it is read only when no database is
 * found.  The primary component is the image; it depends on every package,
 * which makes the dependency graph rooted and lets the package-level scope be
 * stated as complete.  The timestamp honours SOURCE_DATE_EPOCH so that
 * reproducible builds get reproducible SBOMs.
 *
 * When the primary is the distribution itself (no --name), os-release also
 * gives its creator (VENDOR_URL, else HOME_URL), supplier (VENDOR_NAME /
 * VENDOR_URL) and CPE (CPE_NAME, else NVD's name for a few distributions at
 * VERSION_ID).  The SBOM's own author and manufacturer are only what the
 * caller names: a tool cannot know who is responsible for the document.
 */
#include "gen_internal.h"
#include "vigil/buf.h"
#include "vigil/cpe.h"
#include "vigil/error.h"
#include "vigil/file.h"
#include "vigil/str.h"

#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>


static const struct {
	const char *rel;
	gen_source_fn fn;
} databases[] = {
	{ "var/lib/dpkg/status", gen_dpkg },
	{ "usr/lib/opkg/status", gen_opkg },
	{ "var/lib/opkg/status", gen_opkg },
	{ "lib/apk/db/installed", gen_apk },
};

static const char yocto_manifest[] = "usr/share/common-licenses/license.manifest";

static void ctx_free(gen_ctx *g)
{
	free(g->distro_id);
	free(g->distro_version);
	free(g->distro_codename);
	free(g->distro_name);
	free(g->distro_cpe);
	free(g->home_url);
	free(g->vendor_name);
	free(g->vendor_url);
	vg_buf_free(&g->dir_rel);
	vg_buf_free(&g->dir_host);
	vg_sbom_free(g->sbom);
}

/* KEY=value or KEY="value" (os-release(5)); unquoted and unescaped into *out. */
static int os_release_value(const char *line, size_t n, const char *key, char **out)
{
	size_t klen = strlen(key), i;
	const char *v = line + klen + 1, *end = line + n;
	vg_buf b = VG_BUF_INIT;

	if (n <= klen || strncmp(line, key, klen) || line[klen] != '=' || *out)
		return VG_OK;
	if (v < end && (*v == '"' || *v == '\'')) {
		v++;
		if (end > v && (end[-1] == '"' || end[-1] == '\''))
			end--;
	}
	for (i = 0; v + i < end; i++) {
		if (v[i] == '\\' && v + i + 1 < end)
			i++;
		if (vg_buf_putc(&b, v[i]))
			return VG_ENOMEM;
	}
	*out = b.ptr ? vg_buf_detach(&b) : vg_strdup("");
	return *out ? VG_OK : VG_ENOMEM;
}

static int read_os_release(gen_ctx *g)
{
	static const char *const paths[] = { "etc/os-release", "usr/lib/os-release" };
	char *data = NULL;
	const char *line;
	size_t len, n, i;
	gen_lines it;
	int rc = VG_OK;

	for (i = 0; i < 2 && !data; i++)
		if (gen_root_read(g, paths[i], &data, &len) != VG_OK)
			data = NULL;
	if (!data)
		return VG_OK; /* not every firmware has one */
	gen_lines_init(&it, data, len, paths[i - 1]);
	while (rc == VG_OK && gen_lines_next(&it, &line, &n) > 0) {
		rc = os_release_value(line, n, "ID", &g->distro_id);
		rc = rc ? rc : os_release_value(line, n, "VERSION_ID", &g->distro_version);
		rc = rc ? rc : os_release_value(line, n, "VERSION_CODENAME", &g->distro_codename);
		rc = rc ? rc : os_release_value(line, n, "NAME", &g->distro_name);
		rc = rc ? rc : os_release_value(line, n, "CPE_NAME", &g->distro_cpe);
		rc = rc ? rc : os_release_value(line, n, "HOME_URL", &g->home_url);
		rc = rc ? rc : os_release_value(line, n, "VENDOR_NAME", &g->vendor_name);
		rc = rc ? rc : os_release_value(line, n, "VENDOR_URL", &g->vendor_url);
	}
	free(data);
	if (g->distro_id)
		vg_str_lower(g->distro_id);
	return rc;
}

static int apply_overrides(gen_ctx *g)
{
	if (g->opts.distro_id && (gen_set(&g->distro_id, g->opts.distro_id) ||
				  !vg_str_lower(g->distro_id)))
		return VG_ENOMEM;
	if (g->opts.distro_version && gen_set(&g->distro_version, g->opts.distro_version))
		return VG_ENOMEM;
	return VG_OK;
}

static int timestamp(char **out)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	time_t t = sde && *sde ? (time_t)strtoll(sde, NULL, 10) : time(NULL);
	struct tm tm;
	char buf[32];

	gmtime_r(&t, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
	return gen_set(out, buf);
}

static int serial(char **out)
{
	unsigned char u[16];
	char buf[64];

	if (RAND_bytes(u, sizeof(u)) != 1)
		return vg_error_set(VG_ERROR, "cannot get random bytes for the serial number");
	u[6] = (unsigned char)((u[6] & 0x0f) | 0x40); /* version 4 */
	u[8] = (unsigned char)((u[8] & 0x3f) | 0x80); /* RFC 4122 variant */
	snprintf(buf, sizeof(buf),
		 "urn:uuid:%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11], u[12],
		 u[13], u[14], u[15]);
	return gen_set(out, buf);
}

/* NVD's vendor:product of a few distributions' os-release IDs. */
static const char *os_vendor_product(const char *id)
{
	static const char *const table[][2] = {
		{ "debian", "debian:debian_linux" },	 { "ubuntu", "canonical:ubuntu_linux" },
		{ "alpine", "alpinelinux:alpine_linux" }, { "openwrt", "openwrt:openwrt" },
	};
	size_t i;

	for (i = 0; id && i < sizeof(table) / sizeof(table[0]); i++)
		if (!strcmp(id, table[i][0]))
			return table[i][1];
	return NULL;
}

/* The distribution's CPE: CPE_NAME (2.2 URI or 2.3), else from the table. */
static int os_cpe(gen_ctx *g, vg_component *p)
{
	const char *vp = os_vendor_product(g->distro_id);
	vg_buf b = VG_BUF_INIT;
	vg_cpe cpe;
	char *fs = NULL;
	int rc = VG_OK;

	if (g->distro_cpe && vg_cpe_parse(g->distro_cpe, &cpe) == VG_OK)
		fs = vg_cpe_to_fs(&cpe);
	else if (!g->distro_cpe && vp && g->distro_version &&
		 vg_buf_printf(&b, "cpe:/o:%s:%s", vp, g->distro_version) == VG_OK &&
		 vg_cpe_parse(b.ptr, &cpe) == VG_OK)
		fs = vg_cpe_to_fs(&cpe);
	if (fs)
		rc = vg_strlist_take(&p->cpes, fs);
	else if (vg_error_last()->code == VG_ENOMEM)
		rc = VG_ENOMEM;
	vg_buf_free(&b);
	return rc;
}

/* Creator, supplier and CPE of the distribution the primary is. */
static int describe_os(gen_ctx *g, vg_component *p)
{
	int rc = gen_set(&p->manufacturer.url, g->vendor_url ? g->vendor_url : g->home_url);

	rc = rc ? rc : gen_set(&p->supplier.name, g->vendor_name);
	rc = rc ? rc : gen_set(&p->supplier.url, g->vendor_url);
	return rc ? rc : os_cpe(g, p);
}

static int primary(gen_ctx *g, vg_component_type type, const char *fallback_name)
{
	const char *name = g->opts.name ? g->opts.name
			   : g->distro_name ? g->distro_name : fallback_name;
	const char *version = g->opts.version ? g->opts.version : g->distro_version;
	vg_buf ref = VG_BUF_INIT;
	vg_component *p;
	size_t i;
	int rc = vg_buf_printf(&ref, "vigil:image:%s@%s", name, version ? version : "");

	p = rc ? NULL : vg_sbom_set_primary(g->sbom, ref.ptr);
	vg_buf_free(&ref);
	if (!p)
		return VG_ENOMEM;
	p->type = type;
	rc = gen_set(&p->name, name);
	rc = rc ? rc : gen_set(&p->version, version);
	rc = rc ? rc : gen_set(&g->sbom->name, name);
	if (rc == VG_OK && g->distro_id)
		rc = vg_component_add_property(p, "vigil:distro-id", g->distro_id);
	if (rc == VG_OK && g->distro_version)
		rc = vg_component_add_property(p, "vigil:distro-version", g->distro_version);
	if (rc == VG_OK && g->distro_codename)
		rc = vg_component_add_property(p, "vigil:distro-codename", g->distro_codename);
	if (rc == VG_OK && !g->opts.name && g->root)
		rc = describe_os(g, p);
	for (i = 0; i < g->sbom->component_count && rc == VG_OK; i++)
		if (g->sbom->components[i]->type != VG_COMPONENT_FILE)
			rc = vg_strlist_add(&p->depends_on, g->sbom->components[i]->ref);
	return rc;
}

/* "Name", "Name <email>" or "Name <URL>" (what = "author" / "manufacturer"). */
static int parse_party(const char *what, const char *text, vg_party *p)
{
	const char *lt = text ? strchr(text, '<') : NULL;
	int rc;

	if (!text || !*text || text[strspn(text, " \t")] == '<')
		return vg_error_set(VG_EINVAL, "%s '%s': expected \"Name <email or URL>\"", what,
				    text ? text : "");
	if (lt && (!strchr(lt, '>') || strchr(lt, '>')[1]))
		return vg_error_set(VG_EINVAL, "%s '%s': '<' needs a closing '>' at the end",
				    what, text);
	rc = gen_set_party(p, text);
	if (rc == VG_OK && lt && !p->email && !p->url)
		rc = vg_error_set(VG_EINVAL, "%s '%s': what is in <> is neither an email address "
				  "nor a URL", what, text);
	return rc;
}

static int creators(gen_ctx *g)
{
	vg_party a = { NULL, NULL, NULL };
	size_t i;
	int rc = VG_OK;

	if (g->opts.manufacturer)
		rc = parse_party("manufacturer", g->opts.manufacturer, &g->sbom->manufacturer);
	for (i = 0; i < g->opts.author_count && rc == VG_OK; i++) {
		rc = parse_party("author", g->opts.authors[i], &a);
		/* CycloneDX authors are contacts: a name and an email, no URL. */
		if (rc == VG_OK && a.url)
			rc = vg_error_set(VG_EINVAL, "author '%s': give an email address (a URL "
					  "goes with --manufacturer)", g->opts.authors[i]);
		rc = rc ? rc : vg_sbom_add_author(g->sbom, a.name, a.email, NULL);
		free(a.name), free(a.email), free(a.url);
		memset(&a, 0, sizeof(a));
	}
	return rc;
}

static int metadata(gen_ctx *g, vg_component_type type, const char *fallback_name)
{
	int rc = timestamp(&g->sbom->timestamp);

	rc = rc ? rc : serial(&g->sbom->serial);
	rc = rc ? rc : vg_strlist_add(&g->sbom->tools, "vigil " VIGIL_VERSION);
	rc = rc ? rc : gen_set(&g->sbom->completeness, "complete");
	return rc ? rc : primary(g, type, fallback_name);
}

static int ctx_init(gen_ctx *g, const vg_generate_options *opts)
{
	static const vg_generate_options none = VG_GENERATE_OPTIONS_INIT;

	memset(g, 0, sizeof(*g));
	g->opts = opts ? *opts : none;
	g->sbom = vg_sbom_new();
	return g->sbom ? creators(g) : VG_ENOMEM;
}

static int read_database(gen_ctx *g, const char *rel, gen_source_fn fn)
{
	vg_buf path = VG_BUF_INIT;
	char *data = NULL;
	size_t len;
	int rc = gen_root_read(g, rel, &data, &len);

	if (rc == VG_OK)
		rc = vg_buf_printf(&path, "%s/%s", g->root, rel);
	g->rel = rel;
	if (rc == VG_OK)
		rc = fn(g, path.ptr, data, len);
	g->rel = NULL;
	free(data);
	vg_buf_free(&path);
	return rc;
}

static int scan_rootfs(gen_ctx *g)
{
	size_t i, found = 0;
	int rc = VG_OK;

	for (i = 0; i < sizeof(databases) / sizeof(databases[0]) && rc == VG_OK; i++)
		if (gen_root_exists(g, databases[i].rel) && ++found)
			rc = read_database(g, databases[i].rel, databases[i].fn);
	if (rc == VG_OK && !found && gen_root_exists(g, yocto_manifest) && ++found)
		rc = read_database(g, yocto_manifest, gen_yocto);
	if (rc == VG_OK && !found)
		rc = vg_error_set(VG_ENOTFOUND,
				  "%s: no package database found (looked for var/lib/dpkg/status, "
				  "{usr,var}/lib/opkg/status, lib/apk/db/installed, %s)",
				  g->root, yocto_manifest);
	return rc;
}

int vg_sbom_generate_rootfs(const char *rootdir, const vg_generate_options *opts, vg_sbom **out)
{
	struct stat st;
	gen_ctx g;
	const char *base;
	int rc;

	if (!rootdir || !out)
		return vg_error_set(VG_EINVAL, "vg_sbom_generate_rootfs: NULL argument");
	if (stat(rootdir, &st) != 0 || !S_ISDIR(st.st_mode))
		return vg_error_set(VG_ENOTFOUND, "%s: not a directory", rootdir);
	rc = ctx_init(&g, opts);
	g.root = rootdir;
	rc = rc ? rc : read_os_release(&g);
	rc = rc ? rc : apply_overrides(&g);
	rc = rc ? rc : scan_rootfs(&g);
	base = strrchr(rootdir, '/') && strrchr(rootdir, '/')[1] ? strrchr(rootdir, '/') + 1
								    : rootdir;
	rc = rc ? rc : metadata(&g, VG_COMPONENT_OPERATING_SYSTEM, base);
	if (rc == VG_OK) {
		*out = g.sbom;
		g.sbom = NULL;
	}
	ctx_free(&g);
	return rc;
}

/* The source a file is, from its first bytes and lines. */
static gen_source_fn detect(const char *data, size_t len)
{
	const char *p = data;

	while (p < data + len && (*p == '\n' || *p == '\r' || *p == ' '))
		p++;
	if (vg_str_starts_with(p, "PACKAGE,") || vg_str_starts_with(p, "\"PACKAGE\""))
		return gen_buildroot;
	if (vg_str_starts_with(p, "PACKAGE NAME:"))
		return gen_yocto;
	if (p + 1 < data + len && p[1] == ':' && ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')))
		return gen_apk;
	if (vg_str_starts_with(p, "Package:") || memmem(data, len, "\nPackage:", 9))
		return memmem(data, len, "\nInstalled-Time:", 16) ? gen_opkg : gen_dpkg;
	return NULL;
}

int gen_run(gen_source_fn fn, const char *name, const char *data, size_t len,
	    const vg_generate_options *opts, vg_sbom **out)
{
	const char *base = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
	gen_ctx g;
	int rc = ctx_init(&g, opts);

	rc = rc ? rc : apply_overrides(&g);
	rc = rc ? rc : fn(&g, name, data, len);
	rc = rc ? rc : metadata(&g, VG_COMPONENT_FIRMWARE, base);
	if (rc == VG_OK) {
		*out = g.sbom;
		g.sbom = NULL;
	}
	ctx_free(&g);
	return rc;
}

int vg_sbom_generate_from(const char *file, const vg_generate_options *opts, vg_sbom **out)
{
	gen_source_fn fn;
	char *data = NULL;
	size_t len;
	int rc;

	if (!file || !out)
		return vg_error_set(VG_EINVAL, "vg_sbom_generate_from: NULL argument");
	rc = vg_file_read(file, VG_GENERATE_MAX_FILE, &data, &len);
	if (rc)
		return rc;
	fn = detect(data, len);
	if (fn)
		rc = gen_run(fn, file, data, len, opts, out);
	else
		rc = vg_error_set(VG_EUNSUPPORTED,
				  "%s: not a package database Vigil reads (dpkg or opkg status, "
				  "apk installed, Buildroot manifest.csv, Yocto license.manifest)",
				  file);
	free(data);
	return rc;
}
