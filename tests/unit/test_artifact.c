/*
 * test_artifact.c - artifact writing, reading, and hostile artifacts.
 *
 * A good artifact is written with vg_artifact_write(), taken apart into its
 * outer members in memory, and reassembled with one thing wrong.  Every
 * hostile variant must be refused with the expected code and, unless the
 * fault is in the payload itself, without a single payload byte delivered.
 */
#include "testutil.h"
#include "artifact/artifact_internal.h"
#include "vigil/artifact.h"
#include "vigil/buf.h"
#include "vigil/error.h"
#include "vigil/file.h"
#include "vigil/sign.h"

#include <archive.h>
#include <archive_entry.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_MEMBERS 8
#define IMAGE_SIZE 20000

typedef struct member {
	char name[64];
	vg_buf data;
	int type; /* AE_IFREG, AE_IFLNK, or 1 for a hard link */
} member;

typedef struct parts {
	member m[MAX_MEMBERS];
	size_t n;
} parts;

typedef struct fixture {
	char dir[512];
	vg_key *key, *other;
	vg_keyring ring;
	parts good;        /* ECDSA-signed, uncompressed, security version 5 */
	vg_buf image;
} fixture;

typedef struct mem_src {
	const char *p;
	size_t len, pos;
} mem_src;

typedef struct counting_sink {
	size_t begins, bytes, ends;
} counting_sink;

static int mem_read(void *ctx, void *buf, size_t cap, size_t *got)
{
	mem_src *s = ctx;
	size_t n = s->len - s->pos < cap ? s->len - s->pos : cap;

	memcpy(buf, s->p + s->pos, n);
	s->pos += n;
	*got = n;
	return VG_OK;
}

static int sink_begin(void *ctx, const vg_artifact_info *i, const char *name, uint64_t size)
{
	(void)i, (void)name, (void)size;
	((counting_sink *)ctx)->begins++;
	return VG_OK;
}

static int sink_write(void *ctx, const void *d, size_t len)
{
	(void)d;
	((counting_sink *)ctx)->bytes += len;
	return VG_OK;
}

static int sink_end(void *ctx, const char *name)
{
	(void)name;
	((counting_sink *)ctx)->ends++;
	return VG_OK;
}

static la_ssize_t buf_cb(struct archive *a, void *ctx, const void *b, size_t len)
{
	(void)a;
	return vg_buf_put(ctx, b, len) ? -1 : (la_ssize_t)len;
}

/* Assemble members into an outer tar. */
static void assemble(const parts *p, vg_buf *out)
{
	struct archive *a = archive_write_new();

	assert_int_equal(archive_write_set_format_pax_restricted(a), ARCHIVE_OK);
	assert_int_equal(archive_write_set_bytes_in_last_block(a, 1), ARCHIVE_OK);
	assert_int_equal(archive_write_open(a, out, NULL, buf_cb, NULL), ARCHIVE_OK);
	for (size_t i = 0; i < p->n; i++) {
		struct archive_entry *e = archive_entry_new();

		archive_entry_set_pathname(e, p->m[i].name);
		archive_entry_set_perm(e, 0644);
		if (p->m[i].type == AE_IFLNK) {
			archive_entry_set_filetype(e, AE_IFLNK);
			archive_entry_set_symlink(e, "/etc/passwd");
		} else if (p->m[i].type == 1) {
			archive_entry_set_filetype(e, AE_IFREG);
			archive_entry_set_hardlink(e, "version");
		} else {
			archive_entry_set_filetype(e, AE_IFREG);
			archive_entry_set_size(e, (la_int64_t)p->m[i].data.len);
		}
		assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
		if (p->m[i].type == AE_IFREG && p->m[i].data.len)
			assert_int_equal(archive_write_data(a, p->m[i].data.ptr, p->m[i].data.len),
					 (la_ssize_t)p->m[i].data.len);
		archive_entry_free(e);
	}
	assert_int_equal(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);
}

static void take_apart(const char *path, parts *p)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	char buf[8192];
	la_ssize_t n;

	archive_read_support_format_tar(a);
	assert_int_equal(archive_read_open_filename(a, path, 8192), ARCHIVE_OK);
	while (archive_read_next_header(a, &e) == ARCHIVE_OK) {
		member *m = &p->m[p->n++];

		snprintf(m->name, sizeof(m->name), "%s", archive_entry_pathname(e));
		m->type = AE_IFREG;
		while ((n = archive_read_data(a, buf, sizeof(buf))) > 0)
			assert_int_equal(vg_buf_put(&m->data, buf, (size_t)n), VG_OK);
	}
	archive_read_free(a);
}

static void copy_parts(const parts *src, parts *dst)
{
	memset(dst, 0, sizeof(*dst));
	for (size_t i = 0; i < src->n; i++) {
		dst->m[i].type = src->m[i].type;
		memcpy(dst->m[i].name, src->m[i].name, sizeof(dst->m[i].name));
		vg_buf_put(&dst->m[i].data, src->m[i].data.ptr ? src->m[i].data.ptr : "",
			   src->m[i].data.len);
	}
	dst->n = src->n;
}

static void free_parts(parts *p)
{
	for (size_t i = 0; i < p->n; i++)
		vg_buf_free(&p->m[i].data);
	p->n = 0;
}

static member *find(parts *p, const char *prefix)
{
	for (size_t i = 0; i < p->n; i++)
		if (!strncmp(p->m[i].name, prefix, strlen(prefix)))
			return &p->m[i];
	fail_msg("no member %s", prefix);
	return NULL;
}

static void drop(parts *p, const char *name)
{
	member *m = find(p, name);
	size_t i = (size_t)(m - p->m);

	vg_buf_free(&m->data);
	memmove(m, m + 1, (p->n - i - 1) * sizeof(*m));
	p->n--;
}

/* Read assembled parts with a policy; returns the status, fills the sink counters. */
static int read_parts(const parts *p, const vg_artifact_policy *pol, counting_sink *cs)
{
	vg_buf tar = VG_BUF_INIT;
	mem_src ms;
	vg_artifact_source src = { mem_read, &ms, 0 };
	vg_artifact_sink sink = { sink_begin, sink_write, sink_end, cs };
	vg_artifact_info *info = NULL;
	int rc;

	memset(cs, 0, sizeof(*cs));
	assemble(p, &tar);
	ms = (mem_src){ tar.ptr, tar.len, 0 };
	rc = vg_artifact_read(&src, pol, &sink, &info);
	if (rc == VG_OK)
		assert_non_null(info);
	else
		assert_null(info);
	vg_artifact_info_free(info);
	vg_buf_free(&tar);
	return rc;
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	const char *dts[] = { "beaglebone" };
	vg_artifact_write_opts o = { 0 };
	char img[600], out[600];
	vg_key *pub;

	snprintf(f->dir, sizeof(f->dir), "%s", vg_test_tmpdir("artifact"));
	snprintf(img, sizeof(img), "%s/rootfs.ext4", f->dir);
	snprintf(out, sizeof(out), "%s/good.mender", f->dir);
	for (int i = 0; i < IMAGE_SIZE; i++)
		vg_buf_putc(&f->image, (char)(i * 7 + i / 251));
	assert_int_equal(vg_file_write_atomic(img, f->image.ptr, f->image.len), VG_OK);
	assert_int_equal(vg_key_generate(VG_KEY_ECDSA_P256, &f->key), VG_OK);
	assert_int_equal(vg_key_generate(VG_KEY_ECDSA_P256, &f->other), VG_OK);
	/* A public-only copy of the key goes into the ring. */
	{
		char pubpath[600];

		snprintf(pubpath, sizeof(pubpath), "%s/pub.pem", f->dir);
		assert_int_equal(vg_key_write_public(f->key, pubpath), VG_OK);
		assert_int_equal(vg_key_load_public(pubpath, &pub), VG_OK);
		assert_false(vg_key_is_private(pub));
		assert_int_equal(vg_keyring_add(&f->ring, pub), VG_OK);
	}
	o.image = img;
	o.name = "release-2";
	o.device_types = dts;
	o.device_type_count = 1;
	o.key = f->key;
	o.sbom = "{\"bomFormat\":\"CycloneDX\"}\n";
	o.sbom_len = strlen(o.sbom);
	o.has_security_version = true;
	o.security_version = 5;
	o.compression = VG_COMPRESSION_NONE;
	assert_int_equal(vg_artifact_write(&o, out), VG_OK);
	take_apart(out, &f->good);
	assert_int_equal(f->good.n, 5);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	free_parts(&f->good);
	vg_key_free(f->key);
	vg_key_free(f->other);
	vg_keyring_free(&f->ring);
	vg_buf_free(&f->image);
	free(f);
	return 0;
}

static vg_artifact_policy strict(fixture *f)
{
	vg_artifact_policy p = { 0 };

	p.keys = &f->ring;
	p.device_type = "beaglebone";
	p.min_security_version = 5;
	return p;
}

/* Expect `code` and no payload delivered. */
static void expect_refused(fixture *f, const parts *p, const vg_artifact_policy *pol, int code,
			   const char *in_message)
{
	counting_sink cs;
	int rc = read_parts(p, pol, &cs);

	(void)f;
	if (rc != code || !strstr(vg_error_message(), in_message))
		fail_msg("expected %s with '%s', got %s: %s", vg_status_name(code), in_message,
			 vg_status_name(rc), vg_error_message());
	assert_int_equal(cs.begins, 0);
	assert_int_equal(cs.bytes, 0);
}

static void test_good_artifact_streams_payload(void **state)
{
	fixture *f = *state;
	vg_artifact_policy pol = strict(f);
	counting_sink cs;

	assert_int_equal(read_parts(&f->good, &pol, &cs), VG_OK);
	assert_int_equal(cs.begins, 1);
	assert_int_equal(cs.ends, 1);
	assert_int_equal(cs.bytes, IMAGE_SIZE);
}

static void test_info_and_sbom(void **state)
{
	fixture *f = *state;
	vg_artifact_policy pol = strict(f);
	vg_artifact_info *info;
	char path[600];

	snprintf(path, sizeof(path), "%s/good.mender", f->dir);
	assert_int_equal(vg_artifact_read_file(path, &pol, NULL, &info), VG_OK);
	assert_string_equal(info->name, "release-2");
	assert_string_equal(info->payload_type, "rootfs-image");
	assert_true(info->verified);
	assert_true(info->has_security_version);
	assert_int_equal(info->security_version, 5);
	assert_int_equal(info->sbom_len, strlen("{\"bomFormat\":\"CycloneDX\"}\n"));
	assert_memory_equal(info->sbom, "{\"bomFormat\":\"CycloneDX\"}\n", info->sbom_len);
	assert_int_equal(info->file_count, 1);
	assert_string_equal(info->files[0].name, "rootfs.ext4");
	vg_artifact_info_free(info);
}

static void test_bad_signature(void **state)
{
	fixture *f = *state;
	vg_artifact_policy pol = strict(f);
	parts p;

	copy_parts(&f->good, &p);
	find(&p, "manifest.sig")->data.ptr[10] ^= 0x01;
	if (find(&p, "manifest.sig")->data.ptr[10] == '/' + 1)
		find(&p, "manifest.sig")->data.ptr[10] = 'A';
	expect_refused(f, &p, &pol, VG_EVERIFY, "manifest.sig");
	free_parts(&p);
}

static void test_unknown_key(void **state)
{
	fixture *f = *state;
	vg_artifact_policy pol = strict(f);
	member *m, *sig;
	char *b64;
	size_t len;
	parts p;

	copy_parts(&f->good, &p);
	m = find(&p, "manifest");
	sig = find(&p, "manifest.sig");
	assert_int_equal(vg_manifest_sign(f->other, m->data.ptr, m->data.len, &b64, &len), VG_OK);
	vg_buf_clear(&sig->data);
	vg_buf_put(&sig->data, b64, len);
	free(b64);
	expect_refused(f, &p, &pol, VG_EVERIFY, "does not verify with any of the 1 trusted key");
	free_parts(&p);
}

static void test_unsigned_with_keys(void **state)
{
	fixture *f = *state;
	vg_artifact_policy pol = strict(f);
	counting_sink cs;
	parts p;

	copy_parts(&f->good, &p);
	drop(&p, "manifest.sig");
	expect_refused(f, &p, &pol, VG_EVERIFY, "not signed but trusted keys are configured");
	pol.keys = NULL; /* without keys the same artifact is fine */
	assert_int_equal(read_parts(&p, &pol, &cs), VG_OK);
	free_parts(&p);
}

static void test_tampered_header(void **state)
{
	fixture *f = *state;
	vg_artifact_policy pol = strict(f);
	parts p;

	copy_parts(&f->good, &p);
	find(&p, "header.tar")->data.ptr[600] ^= 0x20;
	expect_refused(f, &p, &pol, VG_EVERIFY, "SHA-256 does not match the manifest (header.tar)");
	free_parts(&p);
}

static void test_tampered_payload_detected_at_end(void **state)
{
	fixture *f = *state;
	vg_artifact_policy pol = strict(f);
	counting_sink cs;
	parts p;

	copy_parts(&f->good, &p);
	find(&p, "data/0000.tar")->data.ptr[512 + 1000] ^= 0x01;
	assert_int_equal(read_parts(&p, &pol, &cs), VG_EVERIFY);
	assert_non_null(strstr(vg_error_message(), "data/0000/rootfs.ext4"));
	assert_int_equal(cs.begins, 1);
	assert_int_equal(cs.ends, 0); /* bytes arrived, but were never confirmed */
	free_parts(&p);
}

static void test_policy_device_type_and_rollback(void **state)
{
	fixture *f = *state;
	vg_artifact_policy pol = strict(f);

	pol.device_type = "raspberrypi4";
	expect_refused(f, &f->good, &pol, VG_EVERIFY, "not for device type 'raspberrypi4'");
	pol = strict(f);
	pol.min_security_version = 6;
	expect_refused(f, &f->good, &pol, VG_EVERIFY, "security version 5 is lower than the device's 6");
}

static void test_truncated_everywhere(void **state)
{
	fixture *f = *state;
	vg_artifact_policy pol = strict(f);
	vg_buf tar = VG_BUF_INIT;
	counting_sink cs;
	vg_artifact_sink sink = { sink_begin, sink_write, sink_end, &cs };
	size_t cut;

	/* Cut anywhere before the 1024-byte end-of-archive marker (whose absence
	 * libarchive tolerates, like mender-artifact: the content is complete). */
	assemble(&f->good, &tar);
	for (cut = 0; cut < tar.len - 1024; cut += 97) {
		mem_src ms = { tar.ptr, cut, 0 };
		vg_artifact_source src = { mem_read, &ms, 0 };
		int rc;

		memset(&cs, 0, sizeof(cs));
		rc = vg_artifact_read(&src, &pol, &sink, NULL);
		if (rc == VG_OK)
			fail_msg("truncated at %zu accepted", cut);
	}
	vg_buf_free(&tar);
}

static void test_extra_missing_reordered_members(void **state)
{
	fixture *f = *state;
	vg_artifact_policy pol = strict(f);
	counting_sink cs;
	member tmp;
	parts p;

	copy_parts(&f->good, &p);
	snprintf(p.m[p.n].name, sizeof(p.m[p.n].name), "extra");
	p.m[p.n].type = AE_IFREG;
	vg_buf_puts(&p.m[p.n++].data, "surprise");
	assert_int_equal(read_parts(&p, &pol, &cs), VG_EPARSE);
	assert_non_null(strstr(vg_error_message(), "unexpected member after the payload"));
	free_parts(&p);

	copy_parts(&f->good, &p);
	tmp = p.m[0];
	p.m[0] = p.m[1];
	p.m[1] = tmp;
	expect_refused(f, &p, &pol, VG_EPARSE, "expected 'version' as the first member");
	free_parts(&p);

	copy_parts(&f->good, &p);
	drop(&p, "header.tar");
	expect_refused(f, &p, &pol, VG_EPARSE, "expected header.tar");
	free_parts(&p);
}

static void test_paths_and_links(void **state)
{
	fixture *f = *state;
	vg_artifact_policy pol = strict(f);
	parts p;

	copy_parts(&f->good, &p);
	snprintf(p.m[0].name, sizeof(p.m[0].name), "/version");
	expect_refused(f, &p, &pol, VG_EPARSE, "expected 'version'");
	snprintf(p.m[0].name, sizeof(p.m[0].name), "../version");
	expect_refused(f, &p, &pol, VG_EPARSE, "expected 'version'");
	snprintf(p.m[0].name, sizeof(p.m[0].name), "version");
	p.m[0].type = AE_IFLNK;
	expect_refused(f, &p, &pol, VG_EPARSE, "symbolic link");
	free_parts(&p);

	copy_parts(&f->good, &p);
	p.m[1].type = 1;
	expect_refused(f, &p, &pol, VG_EPARSE, "hard link");
	free_parts(&p);
}

/* Replace the payload file's tar name inside data/0000.tar (ustar name field). */
static void test_payload_path_traversal(void **state)
{
	fixture *f = *state;
	vg_artifact_policy pol = strict(f);
	counting_sink cs;
	member *d;
	parts p;
	unsigned sum = 0;

	copy_parts(&f->good, &p);
	d = find(&p, "data/0000.tar");
	memset(d->data.ptr, 0, 100);
	memcpy(d->data.ptr, "../rootfs.ext4", 14);
	/* Recompute the ustar header checksum so only the name is wrong. */
	memset(d->data.ptr + 148, ' ', 8);
	for (int i = 0; i < 512; i++)
		sum += (unsigned char)d->data.ptr[i];
	snprintf(d->data.ptr + 148, 8, "%06o", sum);
	assert_int_equal(read_parts(&p, &pol, &cs), VG_EPARSE);
	assert_non_null(strstr(vg_error_message(), "invalid payload file name '../rootfs.ext4'"));
	assert_int_equal(cs.bytes, 0);
	free_parts(&p);
}

static void test_gigantic_header(void **state)
{
	fixture *f = *state;
	vg_artifact_policy pol = strict(f);

	pol.max_header = 1024;
	expect_refused(f, &f->good, &pol, VG_ELIMIT, "larger than the limit");
}

static void test_payload_longer_than_declared(void **state)
{
	fixture *f = *state;
	vg_artifact_policy pol = strict(f);
	counting_sink cs;
	member *d;
	parts p;

	/* The payload file grows (its tar header says so) but the manifest is the old one. */
	copy_parts(&f->good, &p);
	d = find(&p, "data/0000.tar");
	{
		parts inner = { 0 };

		snprintf(inner.m[0].name, sizeof(inner.m[0].name), "rootfs.ext4");
		inner.m[0].type = AE_IFREG;
		vg_buf_put(&inner.m[0].data, f->image.ptr, f->image.len);
		vg_buf_puts(&inner.m[0].data, "MORE PAYLOAD THAN THE MANIFEST SAYS");
		inner.n = 1;
		vg_buf_clear(&d->data);
		assemble(&inner, &d->data);
		free_parts(&inner);
	}
	assert_int_equal(read_parts(&p, &pol, &cs), VG_EVERIFY);
	assert_non_null(strstr(vg_error_message(), "SHA-256 does not match the manifest (data/0000/rootfs.ext4)"));
	assert_int_equal(cs.bytes, IMAGE_SIZE + 35);
	assert_int_equal(cs.ends, 0);
	free_parts(&p);
	/* A payload larger than the caller's slot. */
	pol.max_payload = IMAGE_SIZE - 1;
	expect_refused(f, &f->good, &pol, VG_EVERIFY, "payload exceeds the allowed size");
}

static void test_manifest_parser_is_strict(void **state)
{
	static const char *const bad[] = {
		"",
		"abc  version\n",
		"96BCD965947569404798BCBDB614F103DB5A004EB6E364CFC162C146890EA35B  version\n",
		"96bcd965947569404798bcbdb614f103db5a004eb6e364cfc162c146890ea35b version\n",
		"96bcd965947569404798bcbdb614f103db5a004eb6e364cfc162c146890ea35b  version",
		"96bcd965947569404798bcbdb614f103db5a004eb6e364cfc162c146890ea35b  ../version\n",
		"96bcd965947569404798bcbdb614f103db5a004eb6e364cfc162c146890ea35b  /version\n",
		"96bcd965947569404798bcbdb614f103db5a004eb6e364cfc162c146890ea35b  a//b\n",
		"96bcd965947569404798bcbdb614f103db5a004eb6e364cfc162c146890ea35b  version\r\n",
	};
	static const char dup[] =
		"96bcd965947569404798bcbdb614f103db5a004eb6e364cfc162c146890ea35b  version\n"
		"96bcd965947569404798bcbdb614f103db5a004eb6e364cfc162c146890ea35b  version\n";
	vg_manifest *m;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (vg_manifest_parse(bad[i], strlen(bad[i]), &m) != VG_EPARSE)
			fail_msg("manifest %zu accepted", i);
		assert_null(m);
	}
	assert_int_equal(vg_manifest_parse(dup, strlen(dup), &m), VG_EPARSE);
	assert_non_null(strstr(vg_error_message(), "line 2: duplicate path"));
	assert_int_equal(vg_manifest_parse(dup, strlen(dup) / 2, &m), VG_OK);
	assert_int_equal(m->count, 1);
	vg_manifest_free(m);
}

static void test_resign_and_key_rotation(void **state)
{
	fixture *f = *state;
	vg_artifact_policy pol = strict(f);
	char in[600], out[600];
	vg_artifact_info *info;

	snprintf(in, sizeof(in), "%s/good.mender", f->dir);
	snprintf(out, sizeof(out), "%s/resigned.mender", f->dir);
	assert_int_equal(vg_artifact_sign(in, f->other, out), VG_OK);
	assert_int_equal(vg_artifact_read_file(out, &pol, NULL, NULL), VG_EVERIFY);
	/* Rotation: trust old and new key; the new one verifies (index 1). */
	{
		vg_keyring ring = VG_KEYRING_INIT;
		char pubpath[600];
		vg_key *k;

		snprintf(pubpath, sizeof(pubpath), "%s/other.pem", f->dir);
		assert_int_equal(vg_key_write_public(f->other, pubpath), VG_OK);
		assert_int_equal(vg_keyring_load(&ring, pubpath), VG_OK);
		assert_int_equal(vg_key_load_public(pubpath, &k), VG_OK);
		vg_key_free(k);
		pol.keys = &ring;
		assert_int_equal(vg_artifact_read_file(out, &pol, NULL, &info), VG_OK);
		assert_true(info->verified);
		vg_artifact_info_free(info);
		vg_keyring_free(&ring);
	}
}

static void test_every_compression_round_trips(void **state)
{
	fixture *f = *state;
	const char *dts[] = { "beaglebone", "qemux86-64" };
	vg_artifact_write_opts o = { 0 };
	char img[600], out[600];
	vg_artifact_policy pol = strict(f);

	snprintf(img, sizeof(img), "%s/rootfs.ext4", f->dir);
	snprintf(out, sizeof(out), "%s/c.mender", f->dir);
	o.image = img;
	o.name = "r";
	o.device_types = dts;
	o.device_type_count = 2;
	o.key = f->key;
	o.has_security_version = true;
	o.security_version = 9;
	for (int c = VG_COMPRESSION_NONE; c <= VG_COMPRESSION_ZSTD; c++) {
		vg_artifact_info *info;

		o.compression = (vg_compression)c;
		assert_int_equal(vg_artifact_write(&o, out), VG_OK);
		assert_int_equal(vg_artifact_read_file(out, &pol, NULL, &info), VG_OK);
		assert_int_equal(info->compression, c);
		assert_null(info->sbom);
		assert_int_equal(info->files[0].size, IMAGE_SIZE);
		vg_artifact_info_free(info);
	}
}

/* A sink that hashes what it receives, to compare with the image. */
typedef struct hashing_sink {
	EVP_MD_CTX *md;
	size_t bytes, ends;
} hashing_sink;

static int hsink_write(void *ctx, const void *d, size_t len)
{
	hashing_sink *h = ctx;

	h->bytes += len;
	return EVP_DigestUpdate(h->md, d, len) == 1 ? VG_OK : VG_ERROR;
}

static int hsink_end(void *ctx, const char *name)
{
	(void)name;
	((hashing_sink *)ctx)->ends++;
	return VG_OK;
}

/*
 * Payloads larger than the hashing thread's ring (and exactly a multiple of
 * it, and empty) arrive whole and in order, and a flipped byte in the last
 * ring buffer is caught before end().
 */
static void test_payload_through_the_hashing_ring(void **state)
{
	fixture *f = *state;
	const char *dts[] = { "beaglebone" };
	const size_t ring = (size_t)VG_HASHER_SLOTS * VG_HASHER_SLOT_SIZE;
	const size_t sizes[] = { 0, ring, 3 * ring + 12345 };
	vg_artifact_policy pol = strict(f);
	vg_artifact_write_opts o = { 0 };
	char img[600], out[600];

	snprintf(img, sizeof(img), "%s/big.img", f->dir);
	snprintf(out, sizeof(out), "%s/big.mender", f->dir);
	o.image = img;
	o.name = "big";
	o.device_types = dts;
	o.device_type_count = 1;
	o.key = f->key;
	o.has_security_version = true;
	o.security_version = 5;
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		for (int c = VG_COMPRESSION_NONE; c <= VG_COMPRESSION_GZIP; c++) {
			vg_buf data = VG_BUF_INIT;
			unsigned char want[32], got[32];
			hashing_sink hs = { EVP_MD_CTX_new(), 0, 0 };
			vg_artifact_sink sink = { NULL, hsink_write, hsink_end, &hs };

			for (size_t k = 0; k < sizes[i]; k++)
				vg_buf_putc(&data, (char)((k * 2654435761u) >> 13));
			assert_int_equal(vg_file_write_atomic(img, data.ptr ? data.ptr : "", data.len),
					 VG_OK);
			EVP_Digest(data.ptr ? data.ptr : "", data.len, want, NULL, EVP_sha256(), NULL);
			o.compression = (vg_compression)c;
			assert_int_equal(vg_artifact_write(&o, out), VG_OK);
			assert_int_equal(EVP_DigestInit_ex(hs.md, EVP_sha256(), NULL), 1);
			assert_int_equal(vg_artifact_read_file(out, &pol, &sink, NULL), VG_OK);
			assert_int_equal(EVP_DigestFinal_ex(hs.md, got, NULL), 1);
			assert_int_equal(hs.bytes, sizes[i]);
			assert_int_equal(hs.ends, 1);
			assert_memory_equal(got, want, 32);
			if (c == VG_COMPRESSION_NONE && sizes[i]) {
				parts p = { 0 };

				/* The payload's last byte: in the last ring buffer. */
				take_apart(out, &p);
				find(&p, "data/0000.tar")->data.ptr[512 + sizes[i] - 1] ^= 0x01;
				hs.ends = 0;
				assert_int_equal(EVP_DigestInit_ex(hs.md, EVP_sha256(), NULL), 1);
				{
					vg_buf tar = VG_BUF_INIT;
					mem_src ms;
					vg_artifact_source src = { mem_read, &ms, 0 };

					assemble(&p, &tar);
					ms = (mem_src){ tar.ptr, tar.len, 0 };
					assert_int_equal(vg_artifact_read(&src, &pol, &sink, NULL), VG_EVERIFY);
					assert_non_null(strstr(vg_error_message(), "does not match"));
					vg_buf_free(&tar);
				}
				assert_int_equal(hs.ends, 0);
				free_parts(&p);
			}
			EVP_MD_CTX_free(hs.md);
			vg_buf_free(&data);
		}
	}
}

/* --compression-level: levels change the output, bad ones are refused before anything is written. */
static void test_compression_levels(void **state)
{
	fixture *f = *state;
	const char *dts[] = { "beaglebone" };
	vg_artifact_write_opts o = { 0 };
	vg_artifact_policy pol = strict(f);
	char img[600], out[600];
	size_t size[2];
	const int levels[2] = { 1, 9 };

	static const char *const words[] = { "update ", "slot ", "vigil ", "boot\n", "rootfs ",
					     "artifact ", "signed ", "kernel " };
	vg_buf text = VG_BUF_INIT;
	uint32_t x = 1;

	/* Text-like data, where level 9 finds matches that level 1 does not look for. */
	while (text.len < 400000) {
		x = x * 1103515245u + 12345u;
		vg_buf_puts(&text, words[(x >> 16) % 8]);
		if ((x >> 8) % 5 == 0)
			vg_buf_printf(&text, "%u", (unsigned)(x >> 20));
	}
	snprintf(img, sizeof(img), "%s/text.img", f->dir);
	snprintf(out, sizeof(out), "%s/level.mender", f->dir);
	assert_int_equal(vg_file_write_atomic(img, text.ptr, text.len), VG_OK);
	vg_buf_free(&text);
	o.image = img;
	o.name = "r";
	o.device_types = dts;
	o.device_type_count = 1;
	o.key = f->key;
	o.has_security_version = true;
	o.security_version = 5;
	o.compression = VG_COMPRESSION_GZIP;
	for (int i = 0; i < 2; i++) {
		char *data;

		o.compression_level = levels[i];
		assert_int_equal(vg_artifact_write(&o, out), VG_OK);
		assert_int_equal(vg_file_read(out, 1u << 20, &data, &size[i]), VG_OK);
		free(data);
		assert_int_equal(vg_artifact_read_file(out, &pol, NULL, NULL), VG_OK);
	}
	assert_true(size[1] < size[0]);
	remove(out);
	o.compression_level = 10;
	assert_int_equal(vg_artifact_write(&o, out), VG_EINVAL);
	assert_non_null(strstr(vg_error_message(), "gzip takes 1 to 9"));
	o.compression_level = -1;
	assert_int_equal(vg_artifact_write(&o, out), VG_EINVAL);
	o.compression = VG_COMPRESSION_NONE;
	o.compression_level = 1;
	assert_int_equal(vg_artifact_write(&o, out), VG_EINVAL);
	o.compression = VG_COMPRESSION_ZSTD;
	o.compression_level = 19;
	assert_int_equal(vg_artifact_write(&o, out), VG_OK);
	assert_int_equal(vg_artifact_read_file(out, &pol, NULL, NULL), VG_OK);
	o.compression_level = 20;
	remove(out);
	assert_int_equal(vg_artifact_write(&o, out), VG_EINVAL);
	assert_int_equal(access(out, F_OK), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_artifact_streams_payload),
		cmocka_unit_test(test_info_and_sbom),
		cmocka_unit_test(test_bad_signature),
		cmocka_unit_test(test_unknown_key),
		cmocka_unit_test(test_unsigned_with_keys),
		cmocka_unit_test(test_tampered_header),
		cmocka_unit_test(test_tampered_payload_detected_at_end),
		cmocka_unit_test(test_policy_device_type_and_rollback),
		cmocka_unit_test(test_truncated_everywhere),
		cmocka_unit_test(test_extra_missing_reordered_members),
		cmocka_unit_test(test_paths_and_links),
		cmocka_unit_test(test_payload_path_traversal),
		cmocka_unit_test(test_gigantic_header),
		cmocka_unit_test(test_payload_longer_than_declared),
		cmocka_unit_test(test_manifest_parser_is_strict),
		cmocka_unit_test(test_resign_and_key_rotation),
		cmocka_unit_test(test_every_compression_round_trips),
		cmocka_unit_test(test_payload_through_the_hashing_ring),
		cmocka_unit_test(test_compression_levels),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
