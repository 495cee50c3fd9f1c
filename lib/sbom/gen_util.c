/*
 * gen_util.c - builders the SBOM generators share: package and file
 * components, parties, and reading files inside a root filesystem.
 *
 * A rootfs is someone else's tree: its symlinks are meant for the device, so
 * an absolute link (/usr/share/doc/libfoo -> /usr/share/doc/foo, or
 * /etc/os-release -> /usr/lib/os-release) must resolve under the rootfs, not
 * on the machine generating the SBOM.  gen_root_read() resolves every path
 * component itself to guarantee that.
 */
#include "gen_internal.h"
#include "vigil/buf.h"
#include "vigil/error.h"
#include "vigil/file.h"
#include "vigil/purl.h"
#include "vigil/str.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int gen_set(char **dst, const char *src)
{
	free(*dst);
	*dst = NULL;
	if (!src)
		return VG_OK;
	*dst = vg_strdup(src);
	return *dst ? VG_OK : VG_ENOMEM;
}

char *gen_first_line(const char *s)
{
	return s ? vg_strndup(s, strcspn(s, "\n")) : NULL;
}

/* "Name <addr>": addr is an email when it looks like one, a URL when it has
 * a scheme (some maintainers give a web page), otherwise dropped. */
int gen_set_party(vg_party *p, const char *text)
{
	const char *lt, *gt, *end;
	char *addr;
	int rc;

	if (!text || !*text)
		return VG_OK;
	lt = strchr(text, '<');
	gt = lt ? strchr(lt, '>') : NULL;
	if (!lt || !gt)
		return gen_set(&p->name, text);
	for (end = lt; end > text && end[-1] == ' '; end--)
		;
	addr = vg_strndup(lt + 1, (size_t)(gt - lt - 1));
	free(p->name);
	p->name = end > text ? vg_strndup(text, (size_t)(end - text)) : vg_strdup(text);
	rc = p->name && addr ? VG_OK : VG_ENOMEM;
	if (rc == VG_OK && strstr(addr, "://"))
		rc = gen_set(&p->url, addr);
	else if (rc == VG_OK && strchr(addr, '@') && !strpbrk(addr, " \t,;"))
		rc = gen_set(&p->email, addr);
	free(addr);
	return rc;
}

static char *make_purl(const char *type, const char *ns, const char *name, const char *version,
		       const char *const *quals)
{
	vg_purl *purl = NULL;
	char *s = NULL;

	if (vg_purl_new(&purl, type, ns, name, version) == VG_OK) {
		for (; quals && quals[0]; quals += 2)
			if (quals[1] && vg_purl_set_qualifier(purl, quals[0], quals[1]))
				goto out;
		if (vg_purl_validate(purl) == VG_OK)
			s = vg_purl_to_string(purl);
	}
out:
	vg_purl_free(purl);
	return s;
}

/* base, or base#2, base#3 ... whichever is not a ref yet. */
static char *unique_ref(const vg_sbom *sbom, const char *base)
{
	vg_buf b = VG_BUF_INIT;
	unsigned n;

	if (!vg_sbom_find(sbom, base))
		return vg_strdup(base);
	for (n = 2;; n++) {
		vg_buf_clear(&b);
		if (vg_buf_printf(&b, "%s#%u", base, n)) {
			vg_buf_free(&b);
			return NULL;
		}
		if (!vg_sbom_find(sbom, b.ptr))
			return vg_buf_detach(&b);
	}
}

vg_component *gen_add_package(gen_ctx *g, const char *type, const char *ns, const char *name,
			      const char *version, const char *const *quals)
{
	char *purl = make_purl(type, ns, name, version, quals), *ref;
	vg_buf fallback = VG_BUF_INIT;
	vg_component *c = NULL;

	if (!purl) {
		if (vg_error_last()->code == VG_ENOMEM)
			return NULL;
		if (vg_sbom_warn(g->sbom, "%s %s: no purl: %s", name, version ? version : "",
				 vg_error_message()) ||
		    vg_buf_printf(&fallback, "%s:%s@%s", type, name, version ? version : ""))
			goto out;
	}
	ref = unique_ref(g->sbom, purl ? purl : fallback.ptr);
	if (ref)
		c = vg_sbom_add_component(g->sbom, ref);
	free(ref);
	if (c && (gen_set(&c->name, name) || gen_set(&c->version, version))) {
		c = NULL;
		goto out;
	}
	if (c) {
		c->purl = purl;
		purl = NULL;
	}
out:
	free(purl);
	vg_buf_free(&fallback);
	return c;
}

/* Hashes and kind of the file as deployed in the rootfs (not the package's
 * record of it: a configuration file may have been changed since). */
static int deployed_facts(gen_ctx *g, vg_component *f, const char *path)
{
	gen_file_facts facts;
	int rc = gen_root_file_facts(g, path, &facts);

	if (rc || !facts.regular)
		return rc;
	rc = vg_component_add_hash(f, "SHA-256", facts.sha256);
	rc = rc ? rc : vg_component_add_hash(f, "SHA-512", facts.sha512);
	return rc ? rc : gen_set_file_kind(f, &facts);
}

int gen_add_file(gen_ctx *g, vg_component *pkg, const char *path, const char *alg,
		 const char *hex)
{
	vg_buf ref = VG_BUF_INIT;
	vg_component *f;
	const char *base = strrchr(path, '/');
	int rc = vg_buf_printf(&ref, "%s#%s%s", pkg->ref, path[0] == '/' ? "" : "/", path);

	if (rc == VG_OK && !(f = vg_sbom_add_component(g->sbom, ref.ptr)))
		rc = VG_ENOMEM;
	if (rc == VG_OK) {
		f->type = VG_COMPONENT_FILE;
		rc = gen_set(&f->name, ref.ptr + strlen(pkg->ref) + 1);
	}
	if (rc == VG_OK)
		rc = vg_component_add_property(f, "bsi:component:filename", base ? base + 1 : path);
	if (rc == VG_OK && alg && hex)
		rc = vg_component_add_hash(f, alg, hex);
	if (rc == VG_OK && g->root)
		rc = deployed_facts(g, f, path);
	if (rc == VG_OK)
		rc = vg_strlist_add(&pkg->contains, f->ref);
	vg_buf_free(&ref);
	return rc;
}

/* Drop the last component of a root-relative path held in b. */
static void pop_component(vg_buf *b)
{
	char *slash = b->len ? strrchr(b->ptr, '/') : NULL;

	b->len = slash ? (size_t)(slash - b->ptr) : 0;
	if (b->ptr)
		b->ptr[b->len] = '\0';
}

/* root + rel with every symlink resolved inside root, into out. */
static int root_resolve(const char *root, const char *rel, vg_buf *out)
{
	vg_buf done = VG_BUF_INIT, todo = VG_BUF_INIT, full = VG_BUF_INIT;
	char target[PATH_MAX];
	struct stat st;
	int hops = 0, rc = vg_buf_puts(&todo, rel);
	ssize_t n;

	while (rc == VG_OK && todo.len) {
		size_t len = strcspn(todo.ptr, "/");
		char *rest = todo.ptr + len + (todo.ptr[len] == '/');

		if ((len == 1 && todo.ptr[0] == '.') || len == 0) {
			memmove(todo.ptr, rest, strlen(rest) + 1), todo.len = strlen(todo.ptr);
			continue;
		}
		if (len == 2 && !strncmp(todo.ptr, "..", 2)) {
			pop_component(&done);
			memmove(todo.ptr, rest, strlen(rest) + 1), todo.len = strlen(todo.ptr);
			continue;
		}
		vg_buf_clear(&full);
		rc = vg_buf_printf(&full, "%s%s/%.*s", root, done.ptr ? done.ptr : "", (int)len,
				   todo.ptr);
		if (rc)
			break;
		if (lstat(full.ptr, &st) == 0 && S_ISLNK(st.st_mode)) {
			n = readlink(full.ptr, target, sizeof(target) - 1);
			if (n < 0 || ++hops > 40) {
				rc = vg_error_set(VG_EIO, "%s: cannot follow symlink", full.ptr);
				break;
			}
			target[n] = '\0';
			if (target[0] == '/')
				vg_buf_clear(&done);
			vg_buf_clear(&full);
			rc = vg_buf_printf(&full, "%s/%s", target, rest);
			vg_buf_clear(&todo);
			rc = rc ? rc : vg_buf_puts(&todo, full.ptr);
			continue;
		}
		rc = vg_buf_printf(&done, "/%.*s", (int)len, todo.ptr);
		memmove(todo.ptr, rest, strlen(rest) + 1), todo.len = strlen(todo.ptr);
	}
	if (rc == VG_OK)
		rc = vg_buf_printf(out, "%s%s", root, done.ptr ? done.ptr : "/");
	vg_buf_free(&done);
	vg_buf_free(&todo);
	vg_buf_free(&full);
	return rc;
}

int gen_root_path(gen_ctx *g, const char *rel, bool follow_last, vg_buf *out)
{
	const char *slash = strrchr(rel, '/');
	vg_buf dir = VG_BUF_INIT;
	int rc;

	if (follow_last || !slash)
		return follow_last ? root_resolve(g->root, rel, out)
				   : vg_buf_printf(out, "%s/%s", g->root, rel);
	if (g->dir_rel.ptr && g->dir_rel.len == (size_t)(slash - rel) &&
	    !memcmp(g->dir_rel.ptr, rel, g->dir_rel.len))
		return vg_buf_printf(out, "%s%s", g->dir_host.ptr, slash);
	rc = vg_buf_put(&dir, rel, (size_t)(slash - rel));
	rc = rc ? rc : root_resolve(g->root, dir.ptr ? dir.ptr : "", out);
	if (rc == VG_OK && out->len && out->ptr[out->len - 1] == '/')
		out->ptr[--out->len] = '\0';
	vg_buf_clear(&g->dir_rel);
	vg_buf_clear(&g->dir_host);
	if (rc == VG_OK && (vg_buf_put(&g->dir_rel, rel, (size_t)(slash - rel)) ||
			    vg_buf_put(&g->dir_host, out->ptr ? out->ptr : "", out->len)))
		rc = VG_ENOMEM;
	rc = rc ? rc : vg_buf_puts(out, slash);
	vg_buf_free(&dir);
	return rc;
}

int gen_root_read(const gen_ctx *g, const char *rel, char **data, size_t *len)
{
	vg_buf path = VG_BUF_INIT;
	int rc = root_resolve(g->root, rel, &path);

	if (rc == VG_OK)
		rc = vg_file_read(path.ptr, VG_GENERATE_MAX_FILE, data, len);
	vg_buf_free(&path);
	return rc;
}

bool gen_root_exists(const gen_ctx *g, const char *rel)
{
	vg_buf path = VG_BUF_INIT;
	struct stat st;
	bool found = root_resolve(g->root, rel, &path) == VG_OK && stat(path.ptr, &st) == 0 &&
		     S_ISREG(st.st_mode);

	vg_buf_free(&path);
	return found;
}

int gen_extref_add_hashn(vg_extref *r, const char *alg, const char *hex, size_t n)
{
	char *v = vg_strndup(hex, n);
	int rc = v ? vg_extref_add_hash(r, alg, v) : VG_ENOMEM;

	free(v);
	return rc;
}

void gen_progress(const gen_ctx *g, size_t done, size_t total, const char *label)
{
	if (g->opts.progress.fn)
		g->opts.progress.fn(g->opts.progress.ctx, done, total, label);
}
