/*
 * sign.c - signatures and the trusted key ring (see vigil/sign.h).
 *
 * OpenSSL speaks DER for ECDSA; mender-artifact stores r||s.  The two
 * conversions below are the only encoding work done here; hashing, padding
 * and the curve arithmetic are OpenSSL's EVP_DigestSign/Verify.
 */
#include "crypto_internal.h"

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <stdlib.h>
#include <string.h>

#define P256_BYTES 32

static const EVP_MD *digest_for(const vg_key *key)
{
	/* Ed25519 hashes internally (pure EdDSA): no digest is named. */
	return key->type == VG_KEY_ED25519 ? NULL : EVP_sha256();
}

/* DER ECDSA-Sig-Value -> 64-byte r||s.  Refuses non-canonical (BER) input. */
static int ecdsa_der_to_raw(const unsigned char *der, size_t len, unsigned char raw[64])
{
	const unsigned char *p = der;
	unsigned char *re = NULL;
	ECDSA_SIG *sig = d2i_ECDSA_SIG(NULL, &p, (long)len);
	const BIGNUM *r, *s;
	int relen, ok;

	if (!sig)
		return VG_EVERIFY;
	relen = i2d_ECDSA_SIG(sig, &re);
	ok = p == der + len && relen == (int)len && !memcmp(re, der, len);
	OPENSSL_free(re);
	ECDSA_SIG_get0(sig, &r, &s);
	ok = ok && BN_bn2binpad(r, raw, P256_BYTES) == P256_BYTES &&
	     BN_bn2binpad(s, raw + P256_BYTES, P256_BYTES) == P256_BYTES;
	ECDSA_SIG_free(sig);
	return ok ? VG_OK : VG_EVERIFY;
}

/* 64-byte r||s -> DER (malloc'd by OpenSSL: OPENSSL_free()). */
static int ecdsa_raw_to_der(const unsigned char *raw, unsigned char **der, size_t *len)
{
	ECDSA_SIG *sig = ECDSA_SIG_new();
	BIGNUM *r = BN_bin2bn(raw, P256_BYTES, NULL);
	BIGNUM *s = BN_bin2bn(raw + P256_BYTES, P256_BYTES, NULL);
	int n;

	if (!sig || !r || !s || !ECDSA_SIG_set0(sig, r, s)) {
		ECDSA_SIG_free(sig);
		BN_free(r);
		BN_free(s);
		return vg_error_set(VG_ENOMEM, "out of memory");
	}
	*der = NULL;
	n = i2d_ECDSA_SIG(sig, der);
	ECDSA_SIG_free(sig);
	if (n <= 0)
		return vg_crypto_fail(VG_ERROR, "cannot encode ECDSA signature");
	*len = (size_t)n;
	return VG_OK;
}

int vg_sign(const vg_key *key, const void *data, size_t len, unsigned char **sig,
	    size_t *sig_len)
{
	EVP_MD_CTX *ctx;
	unsigned char *out = NULL;
	size_t out_len = 0;
	int rc = VG_OK;

	*sig = NULL;
	*sig_len = 0;
	if (!key->is_private)
		return vg_error_set(VG_EINVAL, "signing needs a private key");
	ctx = EVP_MD_CTX_new();
	if (!ctx)
		return vg_error_set(VG_ENOMEM, "out of memory");
	if (EVP_DigestSignInit(ctx, NULL, digest_for(key), NULL, key->pkey) != 1 ||
	    EVP_DigestSign(ctx, NULL, &out_len, data, len) != 1) {
		rc = vg_crypto_fail(VG_ERROR, "signing failed");
		goto done;
	}
	out = malloc(out_len);
	if (!out) {
		rc = vg_error_set(VG_ENOMEM, "out of memory");
		goto done;
	}
	if (EVP_DigestSign(ctx, out, &out_len, data, len) != 1) {
		rc = vg_crypto_fail(VG_ERROR, "signing failed");
		goto done;
	}
	if (key->type == VG_KEY_ECDSA_P256) {
		unsigned char raw[2 * P256_BYTES];

		if (ecdsa_der_to_raw(out, out_len, raw)) {
			rc = vg_error_set(VG_ERROR, "OpenSSL produced a malformed ECDSA signature");
			goto done;
		}
		memcpy(out, raw, sizeof(raw)); /* DER is always longer than 64 bytes here */
		out_len = sizeof(raw);
	}
	*sig = out;
	*sig_len = out_len;
	out = NULL;
done:
	free(out);
	EVP_MD_CTX_free(ctx);
	return rc;
}

static int verify_bytes(const vg_key *key, const void *data, size_t len, const unsigned char *sig,
			size_t sig_len)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	int ok;

	if (!ctx)
		return vg_error_set(VG_ENOMEM, "out of memory");
	ok = EVP_DigestVerifyInit(ctx, NULL, digest_for(key), NULL, key->pkey) == 1 &&
	     EVP_DigestVerify(ctx, sig, sig_len, data, len) == 1;
	EVP_MD_CTX_free(ctx);
	ERR_clear_error();
	return ok ? VG_OK : VG_EVERIFY;
}

static int verify_ecdsa_raw(const vg_key *key, const void *data, size_t len,
			    const unsigned char *sig, size_t sig_len)
{
	unsigned char *der = NULL;
	size_t der_len = 0;
	int rc;

	if (sig_len != 2 * P256_BYTES)
		return VG_EVERIFY;
	rc = ecdsa_raw_to_der(sig, &der, &der_len);
	if (rc)
		return rc;
	rc = verify_bytes(key, data, len, der, der_len);
	OPENSSL_free(der);
	return rc;
}

static int verify_ecdsa_der(const vg_key *key, const void *data, size_t len,
			    const unsigned char *sig, size_t sig_len)
{
	unsigned char raw[2 * P256_BYTES];

	/* Canonical DER only: the round trip refuses BER and trailing bytes. */
	if (ecdsa_der_to_raw(sig, sig_len, raw))
		return VG_EVERIFY;
	return verify_bytes(key, data, len, sig, sig_len);
}

int vg_verify(const vg_key *key, const void *data, size_t len, const unsigned char *sig,
	      size_t sig_len, vg_sig_encoding enc)
{
	int rc;

	if (key->type != VG_KEY_ECDSA_P256)
		rc = verify_bytes(key, data, len, sig, sig_len);
	else if (enc == VG_SIG_RAW)
		rc = verify_ecdsa_raw(key, data, len, sig, sig_len);
	else if (enc == VG_SIG_DER)
		rc = verify_ecdsa_der(key, data, len, sig, sig_len);
	else if (sig_len == 2 * P256_BYTES)
		rc = verify_ecdsa_raw(key, data, len, sig, sig_len);
	else
		rc = verify_ecdsa_der(key, data, len, sig, sig_len);
	if (rc == VG_EVERIFY)
		return vg_error_set(VG_EVERIFY, "bad %s signature", vg_key_type_name(key->type));
	return rc;
}

int vg_keyring_add(vg_keyring *ring, vg_key *key)
{
	if (ring->count == ring->cap) {
		size_t cap = ring->cap ? ring->cap * 2 : 4;
		vg_key **keys = realloc(ring->keys, cap * sizeof(*keys));

		if (!keys) {
			vg_key_free(key);
			return vg_error_set(VG_ENOMEM, "out of memory");
		}
		ring->keys = keys;
		ring->cap = cap;
	}
	ring->keys[ring->count++] = key;
	return VG_OK;
}

int vg_keyring_load(vg_keyring *ring, const char *path)
{
	vg_key *key;
	int rc = vg_key_load_public(path, &key);

	return rc ? rc : vg_keyring_add(ring, key);
}

int vg_keyring_verify(const vg_keyring *ring, const void *data, size_t len,
		      const unsigned char *sig, size_t sig_len, size_t *which)
{
	for (size_t i = 0; i < ring->count; i++) {
		int rc = vg_verify(ring->keys[i], data, len, sig, sig_len, VG_SIG_ANY);

		if (rc == VG_OK) {
			if (which)
				*which = i;
			return VG_OK;
		}
		if (rc != VG_EVERIFY)
			return rc;
	}
	if (!ring->count)
		return vg_error_set(VG_EVERIFY, "no trusted key configured");
	return vg_error_set(VG_EVERIFY, "signature does not verify with any of the %zu trusted key%s",
			    ring->count, ring->count == 1 ? "" : "s");
}

void vg_keyring_free(vg_keyring *ring)
{
	for (size_t i = 0; i < ring->count; i++)
		vg_key_free(ring->keys[i]);
	free(ring->keys);
	ring->keys = NULL;
	ring->count = ring->cap = 0;
}
