/*
 * key.c - generating, parsing and writing signing keys (see vigil/sign.h).
 *
 * Everything goes through OpenSSL 3's EVP_PKEY; this file only checks that a
 * key is one of the three kinds Vigil signs with, and maps OpenSSL's error
 * queue into our error convention.
 */
#include "crypto_internal.h"
#include "vigil/file.h"

#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define VG_KEY_FILE_MAX (64 * 1024)
#define VG_RSA_GENERATE_BITS 3072
#define VG_RSA_MIN_BITS 2048

int vg_crypto_fail(int code, const char *what)
{
	unsigned long e = ERR_get_error();
	char detail[256] = "";

	if (e)
		ERR_error_string_n(e, detail, sizeof(detail));
	ERR_clear_error();
	if (*detail)
		return vg_error_set(code, "%s (%s)", what, detail);
	return vg_error_set(code, "%s", what);
}

/* Decide which of our kinds `pkey` is, or refuse it. */
static int classify(EVP_PKEY *pkey, vg_key_type *type)
{
	char group[64];

	if (EVP_PKEY_is_a(pkey, "ED25519")) {
		*type = VG_KEY_ED25519;
		return VG_OK;
	}
	if (EVP_PKEY_is_a(pkey, "RSA")) {
		if (EVP_PKEY_get_bits(pkey) < VG_RSA_MIN_BITS)
			return vg_error_set(VG_EUNSUPPORTED, "RSA key of %d bits is too weak (minimum %d)",
					    EVP_PKEY_get_bits(pkey), VG_RSA_MIN_BITS);
		*type = VG_KEY_RSA;
		return VG_OK;
	}
	if (EVP_PKEY_is_a(pkey, "EC")) {
		if (!EVP_PKEY_get_group_name(pkey, group, sizeof(group), NULL) ||
		    (strcmp(group, "prime256v1") && strcmp(group, "P-256")))
			return vg_error_set(VG_EUNSUPPORTED, "EC key on curve %s: only P-256 is supported",
					    group);
		*type = VG_KEY_ECDSA_P256;
		return VG_OK;
	}
	return vg_error_set(VG_EUNSUPPORTED, "unsupported key type %s",
			    EVP_PKEY_get0_type_name(pkey) ? EVP_PKEY_get0_type_name(pkey) : "?");
}

static int key_wrap(EVP_PKEY *pkey, bool is_private, vg_key **out)
{
	vg_key *k;
	vg_key_type type = VG_KEY_ECDSA_P256;
	int rc = classify(pkey, &type);

	if (rc) {
		EVP_PKEY_free(pkey);
		return rc;
	}
	k = calloc(1, sizeof(*k));
	if (!k) {
		EVP_PKEY_free(pkey);
		return vg_error_set(VG_ENOMEM, "out of memory");
	}
	k->pkey = pkey;
	k->type = type;
	k->is_private = is_private;
	*out = k;
	return VG_OK;
}

int vg_key_generate(vg_key_type type, vg_key **out)
{
	EVP_PKEY *pkey = NULL;

	*out = NULL;
	switch (type) {
	case VG_KEY_ECDSA_P256: pkey = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256"); break;
	case VG_KEY_RSA: pkey = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)VG_RSA_GENERATE_BITS); break;
	case VG_KEY_ED25519: pkey = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519"); break;
	default: return vg_error_set(VG_EINVAL, "unknown key type %d", (int)type);
	}
	if (!pkey)
		return vg_crypto_fail(VG_ERROR, "key generation failed");
	return key_wrap(pkey, true, out);
}

static int parse_pem(const char *pem, size_t len, const char *name, bool want_private,
		     vg_key **out)
{
	BIO *bio;
	EVP_PKEY *pkey;
	bool is_private = true;

	*out = NULL;
	if (len > INT32_MAX)
		return vg_error_set(VG_ELIMIT, "%s: key file too large", name);
	bio = BIO_new_mem_buf(pem, (int)len);
	if (!bio)
		return vg_error_set(VG_ENOMEM, "out of memory");
	/* A private key file is also accepted where a public key is wanted. */
	pkey = PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL);
	if (!pkey && !want_private) {
		ERR_clear_error();
		is_private = false;
		(void)BIO_reset(bio);
		pkey = PEM_read_bio_PUBKEY(bio, NULL, NULL, NULL);
	}
	BIO_free(bio);
	if (!pkey) {
		vg_crypto_fail(VG_EPARSE, want_private ? "not a PEM private key"
						       : "not a PEM public or private key");
		return vg_error_prefix("%s: ", name);
	}
	if (key_wrap(pkey, is_private, out))
		return vg_error_prefix("%s: ", name);
	if (!want_private)
		(*out)->is_private = false;
	return VG_OK;
}

int vg_key_parse_private(const char *pem, size_t len, const char *name, vg_key **out)
{
	return parse_pem(pem, len, name, true, out);
}

int vg_key_parse_public(const char *pem, size_t len, const char *name, vg_key **out)
{
	return parse_pem(pem, len, name, false, out);
}

static int load(const char *path, bool want_private, vg_key **out)
{
	char *data;
	size_t len;
	int rc;

	*out = NULL;
	rc = vg_file_read(path, VG_KEY_FILE_MAX, &data, &len);
	if (rc)
		return rc;
	rc = parse_pem(data, len, path, want_private, out);
	OPENSSL_cleanse(data, len);
	free(data);
	return rc;
}

int vg_key_load_private(const char *path, vg_key **out)
{
	return load(path, true, out);
}

int vg_key_load_public(const char *path, vg_key **out)
{
	return load(path, false, out);
}

static int write_pem(const vg_key *key, const char *path, bool private_part)
{
	BIO *bio = BIO_new(BIO_s_mem());
	char *data;
	long len;
	int ok, rc;
	vg_afile *f;

	if (!bio)
		return vg_error_set(VG_ENOMEM, "out of memory");
	/*
	 * mender-artifact 3.9 reads RSA keys only as PKCS#1 and EC keys only as
	 * SEC1 ("traditional" PEM); Ed25519 has no such form, PKCS#8 it is.
	 */
	if (!private_part)
		ok = PEM_write_bio_PUBKEY(bio, key->pkey);
	else if (key->type == VG_KEY_ED25519)
		ok = PEM_write_bio_PKCS8PrivateKey(bio, key->pkey, NULL, NULL, 0, NULL, NULL);
	else
		ok = PEM_write_bio_PrivateKey_traditional(bio, key->pkey, NULL, NULL, 0, NULL, NULL);
	if (!ok) {
		BIO_free(bio);
		return vg_crypto_fail(VG_ERROR, "cannot encode key");
	}
	len = BIO_get_mem_data(bio, &data);
	rc = vg_afile_open(&f, path, private_part ? 0600 : 0644);
	if (!rc) {
		rc = vg_afile_write(f, data, (size_t)len);
		if (rc)
			vg_afile_abort(f);
		else
			rc = vg_afile_commit(f);
	}
	OPENSSL_cleanse(data, (size_t)len);
	BIO_free(bio);
	return rc;
}

int vg_key_write_private(const vg_key *key, const char *path)
{
	if (!key->is_private)
		return vg_error_set(VG_EINVAL, "%s: not a private key", path);
	return write_pem(key, path, true);
}

int vg_key_write_public(const vg_key *key, const char *path)
{
	return write_pem(key, path, false);
}

vg_key_type vg_key_type_of(const vg_key *key)
{
	return key->type;
}

bool vg_key_is_private(const vg_key *key)
{
	return key->is_private;
}

static const char *const type_names[] = { "ecdsa", "rsa", "ed25519" };

const char *vg_key_type_name(vg_key_type type)
{
	return (unsigned)type < 3 ? type_names[type] : "?";
}

int vg_key_type_parse(const char *name, vg_key_type *out)
{
	for (unsigned i = 0; i < 3; i++)
		if (!strcmp(name, type_names[i])) {
			*out = (vg_key_type)i;
			return VG_OK;
		}
	return vg_error_set(VG_EINVAL, "unknown key type '%s' (ecdsa, rsa or ed25519)", name);
}

int vg_key_fingerprint(const vg_key *key, char out[65])
{
	unsigned char *der = NULL, md[32];
	int len = i2d_PUBKEY(key->pkey, &der);
	unsigned int mdlen = 0;

	if (len <= 0)
		return vg_crypto_fail(VG_ERROR, "cannot encode public key");
	if (!EVP_Digest(der, (size_t)len, md, &mdlen, EVP_sha256(), NULL)) {
		OPENSSL_free(der);
		return vg_crypto_fail(VG_ERROR, "SHA-256 failed");
	}
	OPENSSL_free(der);
	for (unsigned i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
	return VG_OK;
}

void vg_key_free(vg_key *key)
{
	if (!key)
		return;
	EVP_PKEY_free(key->pkey);
	free(key);
}
