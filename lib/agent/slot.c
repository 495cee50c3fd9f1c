/*
 * slot.c - streaming an image into an inactive slot (vigil/slot.h).
 */
#include "vigil/slot.h"
#include "vigil/error.h"
#include "vigil/str.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct vg_slot_writer {
	int fd;
	char *path;
	uint64_t written;
	EVP_MD_CTX *md;
};

int vg_slot_writer_open(vg_slot_writer **out, const char *path)
{
	*out = NULL;
	vg_slot_writer *w = calloc(1, sizeof(*w));
	if (w)
		w->fd = -1;
	if (!w || !(w->path = vg_strdup(path)) || !(w->md = EVP_MD_CTX_new())) {
		vg_slot_writer_abort(w);
		return vg_error_set(VG_ENOMEM, "out of memory");
	}
	w->fd = open(path, O_WRONLY | O_CLOEXEC);
	if (w->fd < 0) {
		int rc = vg_error_set(errno == ENOENT ? VG_ENOTFOUND : VG_EIO, "%s: cannot open slot: %s",
				      path, strerror(errno));
		vg_slot_writer_abort(w);
		return rc;
	}
	if (EVP_DigestInit_ex(w->md, EVP_sha256(), NULL) != 1) {
		vg_slot_writer_abort(w);
		return vg_error_set(VG_ERROR, "SHA-256 unavailable");
	}
	*out = w;
	return VG_OK;
}

int vg_slot_writer_write(vg_slot_writer *w, const void *data, size_t len)
{
	const char *p = data;
	EVP_DigestUpdate(w->md, data, len);
	while (len) {
		ssize_t n = write(w->fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return vg_error_set(VG_EIO, "%s: byte %llu: write failed: %s", w->path,
					    (unsigned long long)w->written, n < 0 ? strerror(errno) : "device full");
		p += n;
		len -= (size_t)n;
		w->written += (uint64_t)n;
	}
	return VG_OK;
}

uint64_t vg_slot_writer_written(const vg_slot_writer *w)
{
	return w->written;
}

static void to_hex(const unsigned char *md, unsigned n, char *hex)
{
	static const char digits[] = "0123456789abcdef";
	for (unsigned i = 0; i < n; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 15];
	}
	hex[2 * n] = '\0';
}

int vg_slot_writer_finish(vg_slot_writer *w, char sha256_hex[65])
{
	struct stat st;
	int rc = VG_OK;
	/* A regular file holds exactly the image; a device keeps its size. */
	if (fstat(w->fd, &st) == 0 && S_ISREG(st.st_mode) && ftruncate(w->fd, (off_t)w->written) != 0)
		rc = vg_error_set(VG_EIO, "%s: cannot truncate: %s", w->path, strerror(errno));
	if (rc == VG_OK && fsync(w->fd) != 0)
		rc = vg_error_set(VG_EIO, "%s: fsync failed: %s", w->path, strerror(errno));
	if (rc == VG_OK && sha256_hex) {
		unsigned char md[EVP_MAX_MD_SIZE];
		unsigned n = 0;
		EVP_DigestFinal_ex(w->md, md, &n);
		to_hex(md, n, sha256_hex);
	}
	vg_slot_writer_abort(w);
	return rc;
}

void vg_slot_writer_abort(vg_slot_writer *w)
{
	if (!w)
		return;
	if (w->fd >= 0)
		close(w->fd);
	EVP_MD_CTX_free(w->md);
	free(w->path);
	free(w);
}

int vg_slot_hash(const char *path, uint64_t len, char sha256_hex[65])
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return vg_error_set(VG_EIO, "%s: cannot open: %s", path, strerror(errno));
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	if (!md || EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1) {
		close(fd);
		EVP_MD_CTX_free(md);
		return vg_error_set(VG_ENOMEM, "out of memory");
	}
	char buf[65536];
	uint64_t done = 0;
	int rc = VG_OK;
	while (len == 0 || done < len) {
		size_t want = sizeof(buf);
		if (len && len - done < want)
			want = (size_t)(len - done);
		ssize_t n = read(fd, buf, want);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			rc = vg_error_set(VG_EIO, "%s: read failed: %s", path, strerror(errno));
		if (n <= 0)
			break;
		EVP_DigestUpdate(md, buf, (size_t)n);
		done += (uint64_t)n;
	}
	if (rc == VG_OK && len && done < len)
		rc = vg_error_set(VG_EIO, "%s: shorter than %llu bytes", path, (unsigned long long)len);
	if (rc == VG_OK) {
		unsigned char d[EVP_MAX_MD_SIZE];
		unsigned n = 0;
		EVP_DigestFinal_ex(md, d, &n);
		to_hex(d, n, sha256_hex);
	}
	EVP_MD_CTX_free(md);
	close(fd);
	return rc;
}
