/*
 * gen_internal.h - what the SBOM generators (lib/sbom/gen_*.c) share.
 *
 * Not a public header: the interface is vigil/sbom_generate.h.  Each source
 * (dpkg, opkg, apk, Buildroot, Yocto) is one gen_<source>.c exporting one
 * gen_<source>() that adds its packages to g->sbom; gen_rootfs.c finds the
 * sources and fills the document metadata.  The helpers here keep the
 * sources short: a line reader that enforces the input rules every text
 * database shares, the deb822 paragraph parser, a name index for resolving
 * dependencies, licence-expression and CPE mapping, and component builders.
 */
#ifndef VG_SBOM_GEN_INTERNAL_H
#define VG_SBOM_GEN_INTERNAL_H

#include "vigil/buf.h"
#include "vigil/sbom.h"
#include "vigil/sbom_generate.h"

#include <stdbool.h>
#include <stddef.h>

/* One generation run. */
typedef struct gen_ctx {
	vg_sbom *sbom;
	vg_generate_options opts;
	const char *root;   /* rootfs directory, or NULL when reading one file */
	const char *rel;    /* rootfs-relative path of the database being read */
	char *distro_id;    /* lower-case os-release ID, or NULL */
	char *distro_version; /* VERSION_ID, or NULL */
	char *distro_codename;
	char *distro_name;  /* NAME */
	char *distro_cpe;   /* CPE_NAME */
	char *home_url;     /* HOME_URL */
	char *vendor_name;  /* VENDOR_NAME */
	char *vendor_url;   /* VENDOR_URL */
	vg_buf dir_rel;     /* gen_root_path's last directory (rootfs-relative) ... */
	vg_buf dir_host;    /* ... and where it resolved: files come grouped by directory */
} gen_ctx;

/* ---- lines (gen_lines.c) ---------------------------------------------- */

/* Iterates over the lines of a text; rejects NUL bytes, invalid UTF-8 and
 * lines over VG_GENERATE_MAX_LINE with an error naming `name` and the line. */
typedef struct gen_lines {
	const char *p, *end;
	const char *name;
	unsigned lineno; /* of the line last returned (1-based) */
} gen_lines;

void gen_lines_init(gen_lines *it, const char *data, size_t len, const char *name);
/* 1 and the line (without its newline or CR) / 0 at the end / negative status. */
int gen_lines_next(gen_lines *it, const char **line, size_t *len);
/* Record "<name>:<line>: <message>" and return code. */
int gen_lines_error(const gen_lines *it, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* ---- deb822 paragraphs (gen_deb822.c) --------------------------------- */

typedef struct gen_field {
	char *name;
	char *value;   /* continuation lines joined with '\n' */
	unsigned line;
} gen_field;

typedef struct gen_para {
	gen_field *fields;
	size_t count, cap;
	unsigned line; /* of its first field */
} gen_para;

/* Called once per paragraph; a non-zero return stops parsing and is returned. */
typedef int (*gen_para_fn)(void *ctx, const gen_para *p, const gen_lines *where);

/* strict: a duplicate field is an error (dpkg's rule for status files);
 * otherwise the first one counts (copyright files in the wild repeat Comment). */
int gen_deb822_parse(const char *data, size_t len, const char *name, bool strict,
		     gen_para_fn fn, void *ctx);
/* A field's value (field names compare case-insensitively), or NULL. */
const char *gen_para_get(const gen_para *p, const char *field);

/* ---- sources ---------------------------------------------------------- */

typedef int (*gen_source_fn)(gen_ctx *g, const char *path, const char *data, size_t len);

/* Run one source over data (named `name` in messages) into a new SBOM with
 * document metadata, as vg_sbom_generate_from() does for a file. */
int gen_run(gen_source_fn fn, const char *name, const char *data, size_t len,
	    const vg_generate_options *opts, vg_sbom **out);

int gen_dpkg(gen_ctx *g, const char *path, const char *data, size_t len);
int gen_opkg(gen_ctx *g, const char *path, const char *data, size_t len);
int gen_apk(gen_ctx *g, const char *path, const char *data, size_t len);
int gen_buildroot(gen_ctx *g, const char *path, const char *data, size_t len);
int gen_yocto(gen_ctx *g, const char *path, const char *data, size_t len);

/* dpkg and opkg share the status format; identity and extras differ. */
typedef struct gen_debstyle {
	const char *source;     /* "dpkg" or "opkg": progress label */
	const char *purl_type;  /* "deb", "generic" */
	const char *default_ns; /* purl namespace when os-release has no ID */
	const char *info_dir;   /* rootfs-relative dir of PKG.md5sums / PKG.list */
	bool md5sums;           /* dpkg: info/PKG.md5sums, DEP-5 copyright, Source;
	                           opkg: info/PKG.list, License field */
} gen_debstyle;
int gen_debstyle_status(gen_ctx *g, const gen_debstyle *style, const char *path,
			const char *data, size_t len);

/* ---- name index and dependencies (gen_deps.c) ------------------------- */

typedef struct gen_index gen_index;
gen_index *gen_index_new(void);
void gen_index_free(gen_index *ix);
/* Map name to c unless the name is already mapped (the first one wins). */
int gen_index_add(gen_index *ix, const char *name, vg_component *c);
vg_component *gen_index_get(const gen_index *ix, const char *name);
vg_component *gen_index_getn(const gen_index *ix, const char *name, size_t len);
/* from depends on to (no self-edges, no duplicates). */
int gen_depend(vg_component *from, const vg_component *to);
/* Resolve a Debian-style relationship field ("a (>= 1) | b:any, c") of c. */
int gen_deb_depends(const gen_index *ix, vg_component *c, const char *field);

/* ---- licences and CPEs (gen_license.c, gen_cpe.c) --------------------- */

/*
 * An SPDX expression for a licence text as packagers write it: Debian DEP-5
 * short names ("GPL-2+", "BSD-3-clause or Artistic"), Buildroot ("GPL-2.0+
 * (programs), LGPL-2.1+ (libraries)": parenthesised text is a comment when
 * paren_comments), Yocto ("GPL-2.0-only & (MIT | BSD-3-Clause)").  Unknown
 * names become LicenseRef-<name>.  *out is NULL when nothing is declared
 * ("unknown", empty).
 */
int gen_license_expr(const char *text, bool paren_comments, char **out);
/* Join expressions with AND, parenthesising those with OR (*out NULL if none). */
int gen_license_join(const vg_strlist *exprs, char **out);

/* Add the CPE 2.3 of a well-known project `name` at `version`, if the table
 * knows it and c has no CPE yet.  Debian epochs/revisions are stripped. */
int gen_cpe_add(vg_component *c, const char *name, const char *version, bool distro);

/* ---- builders (gen_util.c) -------------------------------------------- */

/* A new package component with a purl built from the parts (quals: NULL-
 * terminated key, value pairs; NULL values skipped); its ref is the purl,
 * made unique.  An unbuildable purl is a warning, not an error. */
vg_component *gen_add_package(gen_ctx *g, const char *type, const char *ns, const char *name,
			      const char *version, const char *const *quals);
/* Add file `path` owned by pkg (hash alg/hex may be NULL). */
int gen_add_file(gen_ctx *g, vg_component *pkg, const char *path, const char *alg,
		 const char *hex);
/* Set c->supplier from "Name <email>". */
int gen_set_party(vg_party *p, const char *text);
/* Set *dst to a copy of src (NULL stays NULL). */
int gen_set(char **dst, const char *src);
/* A copy of the first line of s (NULL when s is NULL). */
char *gen_first_line(const char *s);

/* Read rootfs-relative `rel`, resolving symlinks inside the root (an absolute
 * link target means root + target, never the host's file). */
int gen_root_read(const gen_ctx *g, const char *rel, char **data, size_t *len);
/* True when rootfs-relative `rel` exists (symlinks resolved inside the root). */
bool gen_root_exists(const gen_ctx *g, const char *rel);

/* Rootfs-relative `rel` as a host path inside the root; follow_last false
 * leaves a symlink in the last component unresolved (to lstat it) and
 * reuses the resolution of the directory asked for last time. */
int gen_root_path(gen_ctx *g, const char *rel, bool follow_last, vg_buf *out);
/* vg_extref_add_hash() of the first n characters of hex. */
int gen_extref_add_hashn(vg_extref *r, const char *alg, const char *hex, size_t n);

void gen_progress(const gen_ctx *g, size_t done, size_t total, const char *label);

/* ---- BSI executable/archive/structured, deployed files (gen_kind.c) ---- */

/* A file as deployed in the rootfs. */
typedef struct gen_file_facts {
	bool regular;     /* a regular file (not a symlink) was found and read */
	bool executable;  /* ELF, "#!", an execute bit, or code by its name */
	bool archive;     /* ar, tar, zip, cpio, 7z, or a compressed tar by name */
	char sha256[65];
	char sha512[129];
} gen_file_facts;

/* Code by place or name: under bin/, sbin/, libexec/; a shared object,
 * kernel module, interpreter script or module, Java archive. */
bool gen_path_is_code(const char *path);
/* A regular file with an execute bit at rootfs-relative path. */
bool gen_root_is_executable(gen_ctx *g, const char *path);
/* The facts of rootfs-relative path (all false when it is missing, not a
 * regular file or unreadable: only ENOMEM fails). */
int gen_root_file_facts(gen_ctx *g, const char *path, gen_file_facts *f);
/* A package file: archive, structured; executable 1/0, or -1 for unknown. */
int gen_set_package_kind(vg_component *c, int executable);
int gen_set_file_kind(vg_component *f, const gen_file_facts *facts);

/* ---- deployable form of Debian packages (gen_deploy.c, gen_aptlists.c) ---- */

typedef struct gen_debpkg {
	vg_component *c;     /* with vigil:source-package/-version properties */
	const char *arch;    /* Architecture */
	const char *section; /* Section ("contrib/net") or NULL */
} gen_debpkg;

/* NAME_VERSION_ARCH.EXT, the epoch dropped, appended to out. */
int gen_deb_filename(vg_buf *out, const char *name, const char *version, const char *arch,
		     const char *ext);
/* A source-distribution reference to the .dsc of c's source in pool_dir. */
int gen_deb_add_source_ref(vg_component *c, const char *pool_dir);
/* Distribution / source-distribution references and the .deb's hashes from
 * apt's lists and cache in the rootfs, and Debian's pool layout. */
int gen_deb_deployables(gen_ctx *g, const gen_debpkg *pkgs, size_t count);

/* One apt Packages list being scanned. */
typedef struct gen_apt_list {
	const gen_index *installed; /* "name version arch" -> component */
	const char *base;           /* repository base URL, no trailing '/' */
	bool debian_pool;           /* Origin Debian/Ubuntu: sources beside binaries */
} gen_apt_list;
/* Give matching installed components their references (never fails on content). */
int gen_apt_list_scan(const gen_apt_list *l, const char *data, size_t len);
/* Read every Packages list under var/lib/apt/lists that a source URI names. */
int gen_apt_lists(gen_ctx *g, const gen_index *installed);

#endif
