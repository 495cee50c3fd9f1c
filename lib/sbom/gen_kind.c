/*
 * gen_kind.c - what a component is, for the three BSI TR-03183-2 properties
 * bsi:component:executable, :archive and :structured, and the hashes of the
 * files a package deployed into the rootfs.
 *
 * The TR's definitions: executable = "comprises code that is executed by a
 * computer, either directly or by a runtime system" (values executable /
 * non-executable); archive = a combination of several components, where
 * compression alone does not count (archive / no archive); structured =
 * "metadata of the contents is still present" (structured / unstructured).
 * A component with executable and non-executable parts is executable; one
 * with structured and unstructured parts is structured.
 *
 * The rules applied (documented in docs/sbom-generate.md):
 *   package (.deb, .ipk, .apk)  archive, structured: an ar/tar archive whose
 *       control data lists and checksums what it contains.  executable when
 *       one of its files is code: under a bin/, sbin/ or libexec/ directory,
 *       a shared or static library, object file or kernel module, a script or
 *       module of an interpreter or a Java archive, or a file with an execute bit
 *       in the rootfs; non-executable when none is (data, documentation,
 *       configuration, fonts, icons).  Files under usr/share/doc and
 *       usr/share/man never count: they are not run.
 *   file (--files)  executable by content (ELF, "#!"), execute bit or the
 *       name rule above; archive by content (ar, tar, zip, cpio, 7z) or a
 *       compressed tar's name; structured exactly when it is an archive (a
 *       plain file contains no components whose metadata could remain).
 */
#include "gen_internal.h"
#include "vigil/buf.h"
#include "vigil/error.h"
#include "vigil/str.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool in_dir(const char *path, const char *dir)
{
	const char *p = strstr(path, dir);

	/* "/usr/bin/x": the directory must have something after it. */
	return p && p[strlen(dir)] != '\0';
}

static bool has_suffix(const char *name, const char *const *suffixes)
{
	for (; *suffixes; suffixes++)
		if (vg_str_ends_with(name, *suffixes))
			return true;
	return false;
}

bool gen_path_is_code(const char *path)
{
	static const char *const code[] = { ".so", ".a", ".o", ".ko", ".ko.xz", ".ko.zst",
					    ".ko.gz", ".py", ".pyc", ".pl", ".pm", ".sh", ".rb",
					    ".lua", ".tcl", ".jar", ".js", ".mjs", ".php", NULL };
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;

	if (strstr(path, "/share/doc/") || strstr(path, "/share/man/") || !*base)
		return false;
	if (in_dir(path, "/bin/") || in_dir(path, "/sbin/") || in_dir(path, "/libexec/"))
		return true;
	/* libfoo.so.1.2.3: a versioned shared object. */
	return has_suffix(base, code) || strstr(base, ".so.") != NULL;
}

bool gen_root_is_executable(gen_ctx *g, const char *path)
{
	vg_buf full = VG_BUF_INIT;
	struct stat st;
	bool exe = g->root && gen_root_path(g, path, false, &full) == VG_OK &&
		   lstat(full.ptr, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 0111);

	vg_buf_free(&full);
	return exe;
}

int gen_set_package_kind(vg_component *c, int executable)
{
	int rc = vg_component_add_property(c, "bsi:component:archive", "archive");

	rc = rc ? rc : vg_component_add_property(c, "bsi:component:structured", "structured");
	if (rc == VG_OK && executable >= 0)
		rc = vg_component_add_property(c, "bsi:component:executable",
					       executable ? "executable" : "non-executable");
	return rc;
}

/* Archive formats that keep an index of their members, by their first bytes. */
static bool archive_magic(const unsigned char *b, size_t n)
{
	return (n >= 8 && !memcmp(b, "!<arch>\n", 8)) || (n >= 4 && !memcmp(b, "PK\3\4", 4)) ||
	       (n >= 6 && (!memcmp(b, "070701", 6) || !memcmp(b, "070702", 6) ||
			   !memcmp(b, "070707", 6))) ||
	       (n >= 6 && !memcmp(b, "7z\xbc\xaf\x27\x1c", 6)) ||
	       (n >= 262 && !memcmp(b + 257, "ustar", 5));
}

static void to_hex(const unsigned char *md, unsigned n, char *out)
{
	unsigned i;

	for (i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
}

/* SHA-256 and SHA-512 of fd, keeping its first 512 bytes in head. */
static int hash_fd(int fd, gen_file_facts *f, unsigned char *head, size_t *head_len)
{
	EVP_MD_CTX *c256 = EVP_MD_CTX_new(), *c512 = EVP_MD_CTX_new();
	unsigned char buf[65536], md[EVP_MAX_MD_SIZE];
	unsigned mdlen;
	ssize_t n = 0;
	int rc = c256 && c512 && EVP_DigestInit_ex(c256, EVP_sha256(), NULL) &&
			 EVP_DigestInit_ex(c512, EVP_sha512(), NULL)
		 ? VG_OK
		 : vg_error_set(VG_ENOMEM, "cannot set up SHA-2");

	*head_len = 0;
	while (rc == VG_OK && (n = read(fd, buf, sizeof(buf))) > 0) {
		if (*head_len < 512) {
			size_t take = (size_t)n < 512 - *head_len ? (size_t)n : 512 - *head_len;

			memcpy(head + *head_len, buf, take);
			*head_len += take;
		}
		if (!EVP_DigestUpdate(c256, buf, (size_t)n) || !EVP_DigestUpdate(c512, buf, (size_t)n))
			rc = vg_error_set(VG_ERROR, "SHA-2 update failed");
	}
	if (rc == VG_OK && n < 0)
		rc = VG_EIO;
	if (rc == VG_OK && EVP_DigestFinal_ex(c256, md, &mdlen))
		to_hex(md, mdlen, f->sha256);
	if (rc == VG_OK && EVP_DigestFinal_ex(c512, md, &mdlen))
		to_hex(md, mdlen, f->sha512);
	EVP_MD_CTX_free(c256);
	EVP_MD_CTX_free(c512);
	return rc;
}

int gen_root_file_facts(gen_ctx *g, const char *path, gen_file_facts *f)
{
	static const char *const compressed_tar[] = { ".tar.gz", ".tgz", ".tar.xz", ".txz",
						      ".tar.bz2", ".tar.zst", NULL };
	vg_buf full = VG_BUF_INIT;
	unsigned char head[512];
	size_t head_len = 0;
	struct stat st;
	int fd = -1, rc;

	memset(f, 0, sizeof(*f));
	rc = g->root ? gen_root_path(g, path, false, &full) : VG_OK;
	/* A symlink is not hashed: its bytes are the link, not a file. */
	if (rc == VG_OK && g->root)
		fd = open(full.ptr, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    (rc = hash_fd(fd, f, head, &head_len)) == VG_OK) {
		f->regular = true;
		f->executable = (st.st_mode & 0111) || gen_path_is_code(path) ||
				(head_len >= 4 && !memcmp(head, "\177ELF", 4)) ||
				(head_len >= 2 && !memcmp(head, "#!", 2));
		f->archive = archive_magic(head, head_len) || has_suffix(path, compressed_tar);
	}
	if (fd >= 0)
		close(fd);
	vg_buf_free(&full);
	/* An unreadable file only lacks computed hashes; running out of memory is fatal. */
	return rc == VG_ENOMEM ? rc : VG_OK;
}

int gen_set_file_kind(vg_component *f, const gen_file_facts *facts)
{
	int rc = vg_component_add_property(f, "bsi:component:executable",
					   facts->executable ? "executable" : "non-executable");

	rc = rc ? rc : vg_component_add_property(f, "bsi:component:archive",
						 facts->archive ? "archive" : "no archive");
	return rc ? rc : vg_component_add_property(f, "bsi:component:structured",
						  facts->archive ? "structured" : "unstructured");
}
