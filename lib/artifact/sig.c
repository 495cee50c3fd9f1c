/*
 * sig.c - manifest.sig: base64 (standard alphabet, padded) of the signature
 * of the manifest bytes, encoded as vigil/sign.h describes (ECDSA r||s).
 */
#include "artifact_internal.h"
#include "vigil/error.h"

#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

#define SIG_MAX 1024 /* RSA 8192 is 1024 bytes; anything longer is not a signature */

int vg_manifest_sign(const vg_key *key, const char *manifest, size_t len, char **b64,
		     size_t *b64_len)
{
	unsigned char *sig;
	size_t sig_len;
	int rc = vg_sign(key, manifest, len, &sig, &sig_len);

	if (rc)
		return vg_error_prefix("manifest.sig: ");
	*b64 = malloc(4 * ((sig_len + 2) / 3) + 1);
	if (!*b64) {
		free(sig);
		return vg_error_set(VG_ENOMEM, "out of memory");
	}
	*b64_len = (size_t)EVP_EncodeBlock((unsigned char *)*b64, sig, (int)sig_len);
	free(sig);
	return VG_OK;
}

/* Strict base64 decode: length a multiple of 4, padding only at the end. */
static int b64_decode(const char *s, size_t len, unsigned char *out, size_t *out_len)
{
	size_t pad = 0;
	int n;

	if (!len || len % 4 || len / 4 * 3 > SIG_MAX)
		return VG_EPARSE;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '=' && i + 2 >= len)
			pad++;
		else if (!(c == '+' || c == '/' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
			   (c >= 'A' && c <= 'Z')) || pad)
			return VG_EPARSE;
	}
	n = EVP_DecodeBlock(out, (const unsigned char *)s, (int)len);
	if (n < 0 || (size_t)n < pad)
		return VG_EPARSE;
	*out_len = (size_t)n - pad;
	return VG_OK;
}

int vg_manifest_verify(const vg_keyring *ring, const char *manifest, size_t len,
		       const char *sig, size_t sig_len, size_t *which)
{
	unsigned char raw[SIG_MAX + 3];
	size_t raw_len;
	int rc;

	while (sig_len && (sig[sig_len - 1] == '\n' || sig[sig_len - 1] == '\r'))
		sig_len--;
	if (b64_decode(sig, sig_len, raw, &raw_len))
		return vg_error_set(VG_EVERIFY, "manifest.sig: not a base64 signature");
	rc = vg_keyring_verify(ring, manifest, len, raw, raw_len, which);
	return rc ? vg_error_prefix("manifest.sig: ") : VG_OK;
}
