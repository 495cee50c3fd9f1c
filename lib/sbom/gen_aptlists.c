/*
 * gen_aptlists.c - apt's package lists in a rootfs: where each installed
 * .deb is published and the SHA-256 (SHA-512 where the repository publishes
 * one) of that exact file.
 *
 * var/lib/apt/lists/ holds one Packages file per repository, suite,
 * component and architecture, named after its URL by apt (URItoFileName:
 * scheme and credentials dropped, unsafe characters %-escaped, '/' -> '_'):
 *   deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages[.lz4]
 * The scheme is only in the sources (etc/apt/sources.list, sources.list.d/
 * *.list and *.sources), so a list is used only when one of their URIs
 * escapes to its prefix.  A paragraph whose Package, Version and
 * Architecture are an installed package's gives that package a
 * `distribution` reference (URL + Filename) with the list's hashes.  When
 * the repository's Release file says Origin: Debian or Ubuntu, the source
 * package lies in the same pool directory (those archives publish every
 * source beside its binaries), which gives the `source-distribution`
 * reference to the .dsc.
 *
 * The lists are a cache, not the inventory: a list that cannot be read or
 * decompressed is skipped with a warning, and a field that does not look
 * right (a Filename with "..", a hash that is not hex of the right length)
 * is ignored.  Compression (lz4, gzip, xz, zstd, bzip2) is undone with
 * libarchive's raw format.
 */
#include "gen_internal.h"
#include "archive/archive_load.h"
#include "vigil/buf.h"
#include "vigil/error.h"
#include "vigil/str.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

static const char lists_dir[] = "var/lib/apt/lists";

/* apt's URItoFileName of "host/path" (the URI without scheme and credentials). */
static int escape_uri(const char *s, size_t n, vg_buf *out)
{
	static const char unsafe[] = "\\|{}[]<>\"^~_=!@#$%*";
	size_t i;
	int rc = VG_OK;

	for (i = 0; i < n && rc == VG_OK; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch == '/')
			rc = vg_buf_putc(out, '_');
		else if (ch <= 0x20 || ch >= 0x7f || strchr(unsafe, ch))
			rc = vg_buf_printf(out, "%%%02x", ch);
		else
			rc = vg_buf_putc(out, (char)ch);
	}
	return rc;
}

/* For a URI token "http://user@host/path/", the base URL without credentials
 * and trailing '/' into base, its escaped form into esc; false if it is not
 * an http(s)/ftp URI. */
static bool split_uri(const char *tok, size_t n, vg_buf *base, vg_buf *esc)
{
	const char *sep = memmem(tok, n, "://", 3), *host, *end = tok + n, *at, *slash;
	size_t scheme;

	if (!sep)
		return false;
	scheme = (size_t)(sep - tok);
	if (!((scheme == 4 && !strncmp(tok, "http", 4)) || (scheme == 5 && !strncmp(tok, "https", 5)) ||
	      (scheme == 3 && !strncmp(tok, "ftp", 3))))
		return false;
	host = sep + 3;
	slash = memchr(host, '/', (size_t)(end - host));
	at = memchr(host, '@', (size_t)((slash ? slash : end) - host));
	if (at)
		host = at + 1;
	while (end > host && end[-1] == '/')
		end--;
	vg_buf_clear(base);
	vg_buf_clear(esc);
	return vg_buf_printf(base, "%.*s%.*s", (int)(scheme + 3), tok, (int)(end - host), host) ==
		       VG_OK &&
	       escape_uri(host, (size_t)(end - host), esc) == VG_OK;
}

/* Every http(s)/ftp URI in one sources file ("deb [opts] URI suite ..." or
 * "URIs: a b"): whitespace-separated tokens containing "://". */
static int collect_uris(const char *data, size_t len, vg_strlist *uris)
{
	const char *p = data, *end = data + len;
	int rc = VG_OK;

	while (p < end && rc == VG_OK) {
		const char *eol = memchr(p, '\n', (size_t)(end - p)), *q;

		eol = eol ? eol : end;
		for (q = p; q < eol && (*q == ' ' || *q == '\t'); q++)
			;
		while (q < eol && *q != '#' && rc == VG_OK) {
			size_t tok = strcspn(q, " \t\n");

			tok = tok < (size_t)(eol - q) ? tok : (size_t)(eol - q);
			if (tok && memmem(q, tok, "://", 3)) {
				char *t = vg_strndup(q, tok);

				rc = t ? vg_strlist_take(uris, t) : VG_ENOMEM;
			}
			q += tok;
			q += strspn(q, " \t") < (size_t)(eol - q) ? strspn(q, " \t") : (size_t)(eol - q);
		}
		p = eol + 1;
	}
	return rc;
}

static int read_sources(gen_ctx *g, vg_strlist *uris)
{
	vg_buf dir = VG_BUF_INIT, rel = VG_BUF_INIT;
	char *data;
	size_t len;
	DIR *d;
	struct dirent *e;
	vg_strlist names = VG_STRLIST_INIT;
	size_t i;
	int rc = VG_OK;

	if (gen_root_read(g, "etc/apt/sources.list", &data, &len) == VG_OK) {
		rc = collect_uris(data, len, uris);
		free(data);
	}
	if (rc == VG_OK && gen_root_path(g, "etc/apt/sources.list.d", true, &dir) == VG_OK &&
	    (d = opendir(dir.ptr))) {
		while (rc == VG_OK && (e = readdir(d)))
			if (vg_str_ends_with(e->d_name, ".list") ||
			    vg_str_ends_with(e->d_name, ".sources"))
				rc = vg_strlist_add(&names, e->d_name);
		closedir(d);
	}
	for (i = 0; i < names.count && rc == VG_OK; i++) {
		vg_buf_clear(&rel);
		rc = vg_buf_printf(&rel, "etc/apt/sources.list.d/%s", names.items[i]);
		if (rc == VG_OK && gen_root_read(g, rel.ptr, &data, &len) == VG_OK) {
			rc = collect_uris(data, len, uris);
			free(data);
		}
	}
	vg_strlist_free(&names);
	vg_buf_free(&dir);
	vg_buf_free(&rel);
	return rc;
}

/* The base URL whose escaped form is the list name's prefix (before
 * "_dists_"), or false. */
static bool base_for(const vg_strlist *uris, const char *name, size_t prefix, vg_buf *base)
{
	vg_buf esc = VG_BUF_INIT;
	size_t i;
	bool found = false;

	for (i = 0; i < uris->count && !found; i++)
		found = split_uri(uris->items[i], strlen(uris->items[i]), base, &esc) &&
			esc.len == prefix && !memcmp(esc.ptr, name, prefix);
	vg_buf_free(&esc);
	return found;
}

/* Origin: Debian/Ubuntu in the suite's InRelease or Release file. */
static bool debian_origin(gen_ctx *g, const char *name, size_t suite_end)
{
	static const char *const files[] = { "InRelease", "Release" };
	vg_buf rel = VG_BUF_INIT;
	char *data = NULL;
	size_t len, i;
	bool yes = false;

	for (i = 0; i < 2 && !data; i++) {
		vg_buf_clear(&rel);
		if (vg_buf_printf(&rel, "%s/%.*s_%s", lists_dir, (int)suite_end, name, files[i]) ||
		    gen_root_read(g, rel.ptr, &data, &len) != VG_OK)
			data = NULL;
	}
	if (data)
		yes = memmem(data, len, "\nOrigin: Debian\n", 16) ||
		      memmem(data, len, "\nOrigin: Ubuntu\n", 16);
	free(data);
	vg_buf_free(&rel);
	return yes;
}

/* The whole (decompressed) content of a list, at most VG_GENERATE_MAX_FILE. */
static int decompress(const char *path, vg_buf *out)
{
	const vg_libarchive *ar;
	struct archive *a;
	struct archive_entry *e;
	char buf[65536];
	la_ssize_t n = 0;
	int rc;

	if (vg_libarchive_load(&ar) != VG_OK)
		return vg_error_prefix("%s: ", path);
	a = ar->read_new();
	rc = a ? VG_OK : vg_error_set(VG_ENOMEM, "out of memory");
	if (rc == VG_OK) {
		ar->read_support_filter_all(a);
		ar->read_support_format_raw(a);
		if (ar->read_open_filename(a, path, sizeof(buf)) != ARCHIVE_OK ||
		    ar->read_next_header(a, &e) != ARCHIVE_OK)
			rc = vg_error_set(VG_EIO, "%s: %s", path, ar->error_string(a));
	}
	while (rc == VG_OK && (n = ar->read_data(a, buf, sizeof(buf))) > 0) {
		if (out->len + (size_t)n > VG_GENERATE_MAX_FILE)
			rc = vg_error_set(VG_ELIMIT, "%s: larger than %u bytes decompressed", path,
					  VG_GENERATE_MAX_FILE);
		else
			rc = vg_buf_put(out, buf, (size_t)n);
	}
	if (rc == VG_OK && n < 0)
		rc = vg_error_set(VG_EIO, "%s: %s", path, ar->error_string(a));
	ar->read_free(a);
	return rc;
}

typedef struct para {
	const char *f[6];
	size_t n[6];
} para;

enum { P_PACKAGE, P_VERSION, P_ARCH, P_FILENAME, P_SHA256, P_SHA512 };

static const char *const para_fields[6] = { "Package: ", "Version: ", "Architecture: ",
					    "Filename: ", "SHA256: ", "SHA512: " };

static bool is_hex(const char *s, size_t n, size_t want)
{
	size_t i;

	for (i = 0; i < n && strchr("0123456789abcdef", s[i]) && s[i]; i++)
		;
	return n == want && i == n;
}

/* A pool path: relative, no "..", no spaces or control characters. */
static bool safe_filename(const char *s, size_t n)
{
	size_t i;

	if (!n || s[0] == '/' || memmem(s, n, "..", 2))
		return false;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] <= 0x20 || s[i] == 0x7f)
			return false;
	return true;
}

static bool has_extref(const vg_component *c, const char *type)
{
	size_t i;

	for (i = 0; i < c->extref_count; i++)
		if (c->extrefs[i].type && !strcmp(c->extrefs[i].type, type))
			return true;
	return false;
}

static int apply(const gen_apt_list *l, const para *p)
{
	vg_buf key = VG_BUF_INIT, url = VG_BUF_INIT;
	vg_component *c;
	vg_extref *r;
	int rc = VG_OK;
	int k;

	for (k = 0; k <= P_FILENAME; k++)
		if (!p->f[k])
			return VG_OK;
	if (vg_buf_printf(&key, "%.*s %.*s %.*s", (int)p->n[P_PACKAGE], p->f[P_PACKAGE],
			  (int)p->n[P_VERSION], p->f[P_VERSION], (int)p->n[P_ARCH], p->f[P_ARCH]))
		return VG_ENOMEM;
	c = gen_index_get(l->installed, key.ptr);
	if (c && !has_extref(c, "distribution") && safe_filename(p->f[P_FILENAME], p->n[P_FILENAME])) {
		rc = vg_buf_printf(&url, "%s/%.*s", l->base, (int)p->n[P_FILENAME], p->f[P_FILENAME]);
		r = rc ? NULL : vg_component_add_extref(c, "distribution", url.ptr);
		rc = r ? VG_OK : VG_ENOMEM;
		if (rc == VG_OK && p->f[P_SHA256] && is_hex(p->f[P_SHA256], p->n[P_SHA256], 64))
			rc = gen_extref_add_hashn(r, "SHA-256", p->f[P_SHA256], 64);
		if (rc == VG_OK && p->f[P_SHA512] && is_hex(p->f[P_SHA512], p->n[P_SHA512], 128))
			rc = gen_extref_add_hashn(r, "SHA-512", p->f[P_SHA512], 128);
		if (rc == VG_OK && l->debian_pool) {
			/* The pool directory of the binary is its source package's. */
			url.len = (size_t)(strrchr(url.ptr, '/') - url.ptr);
			url.ptr[url.len] = '\0';
			rc = gen_deb_add_source_ref(c, url.ptr);
		}
	}
	vg_buf_free(&key);
	vg_buf_free(&url);
	return rc;
}

int gen_apt_list_scan(const gen_apt_list *l, const char *data, size_t len)
{
	const char *p = data, *end = data + len;
	para cur;
	int rc = VG_OK, k;

	memset(&cur, 0, sizeof(cur));
	while (p <= end && rc == VG_OK) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((eol ? eol : end) - p);

		if (n && p[n - 1] == '\r')
			n--;
		if (!n) {
			rc = apply(l, &cur);
			memset(&cur, 0, sizeof(cur));
		}
		for (k = 0; k < 6 && n; k++) {
			size_t flen = strlen(para_fields[k]);

			if (n > flen && !memcmp(p, para_fields[k], flen)) {
				cur.f[k] = p + flen;
				cur.n[k] = n - flen;
			}
		}
		if (!eol)
			break;
		p = eol + 1;
	}
	return rc == VG_OK ? apply(l, &cur) : rc;
}

static bool is_packages_list(const char *name)
{
	static const char *const ext[] = { "", ".lz4", ".gz", ".xz", ".zst", ".bz2" };
	const char *p = strstr(name, "_Packages");
	size_t i;

	for (i = 0; p && i < sizeof(ext) / sizeof(ext[0]); i++)
		if (!strcmp(p + 9, ext[i]))
			return true;
	return false;
}

/* One list file: find its base URL, decompress, scan. */
static int read_list(gen_ctx *g, const gen_index *installed, const vg_strlist *uris,
		     const char *dir, const char *name)
{
	const char *dists = strstr(name, "_dists_");
	size_t prefix = dists ? (size_t)(dists - name) : 0, suite_end;
	vg_buf base = VG_BUF_INIT, path = VG_BUF_INIT, text = VG_BUF_INIT;
	gen_apt_list l = { installed, NULL, false };
	int rc = VG_OK;

	if (!dists || !base_for(uris, name, prefix, &base))
		goto out; /* a flat repository, or one no source names: no URL */
	suite_end = prefix + 7 + strcspn(dists + 7, "_");
	l.base = base.ptr;
	l.debian_pool = debian_origin(g, name, suite_end);
	rc = vg_buf_printf(&path, "%s/%s", dir, name);
	if (rc == VG_OK && decompress(path.ptr, &text) != VG_OK)
		rc = vg_error_last()->code == VG_ENOMEM ? VG_ENOMEM
							 : vg_sbom_warn(g->sbom, "%s", vg_error_message());
	else if (rc == VG_OK)
		rc = gen_apt_list_scan(&l, text.ptr ? text.ptr : "", text.len);
out:
	vg_buf_free(&base);
	vg_buf_free(&path);
	vg_buf_free(&text);
	return rc;
}

int gen_apt_lists(gen_ctx *g, const gen_index *installed)
{
	vg_strlist uris = VG_STRLIST_INIT, names = VG_STRLIST_INIT;
	vg_buf dir = VG_BUF_INIT;
	struct dirent *e;
	size_t i;
	DIR *d = NULL;
	int rc = read_sources(g, &uris);

	if (rc == VG_OK && uris.count && gen_root_path(g, lists_dir, true, &dir) == VG_OK)
		d = opendir(dir.ptr);
	while (d && rc == VG_OK && (e = readdir(d)))
		if (is_packages_list(e->d_name))
			rc = vg_strlist_add(&names, e->d_name);
	if (d)
		closedir(d);
	vg_strlist_sort(&names); /* the first list naming a package wins: keep it stable */
	for (i = 0; i < names.count && rc == VG_OK; i++)
		rc = read_list(g, installed, &uris, dir.ptr, names.items[i]);
	vg_strlist_free(&uris);
	vg_strlist_free(&names);
	vg_buf_free(&dir);
	return rc;
}
