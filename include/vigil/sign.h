/*
 * vigil/sign.h - signing keys and signatures (OpenSSL 3 EVP underneath).
 *
 * A vg_key holds one asymmetric key, private (can sign and verify) or public
 * (verify only).  Three kinds exist:
 *
 *   VG_KEY_ECDSA_P256  the default; ECDSA over NIST P-256 with SHA-256
 *   VG_KEY_RSA         RSA (3072 bits when generated), PKCS#1 v1.5 with SHA-256
 *   VG_KEY_ED25519     Ed25519 (pure, the message itself is signed); a Vigil
 *                      extension that mender-artifact does not know
 *
 * Signature encoding is the one mender-artifact uses for manifest.sig (before
 * base64): RSA and Ed25519 signatures are the raw signature bytes; an ECDSA
 * signature is r||s, each a 32-byte big-endian integer (64 bytes).  vg_verify()
 * with VG_SIG_ANY also accepts an ECDSA signature in ASN.1 DER, as
 * mender-artifact's verifier does; VG_SIG_RAW / VG_SIG_DER pin one encoding
 * (the Wycheproof conformance suite uses both).
 *
 * A vg_keyring is a list of trusted public keys (key rotation: a device
 * trusts the old and the new key for a while); a signature is good when any
 * key verifies it.
 *
 * Keys are read as PEM in any form OpenSSL knows.  They are written in the
 * forms mender-artifact 3.9 reads: private RSA keys as PKCS#1, EC keys as
 * SEC1, Ed25519 keys as PKCS#8; public keys as SubjectPublicKeyInfo ("BEGIN
 * PUBLIC KEY").  Private key files are written with mode 0600.
 */
#ifndef VIGIL_SIGN_H
#define VIGIL_SIGN_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum vg_key_type {
	VG_KEY_ECDSA_P256 = 0,
	VG_KEY_RSA = 1,
	VG_KEY_ED25519 = 2
} vg_key_type;

typedef enum vg_sig_encoding {
	VG_SIG_ANY = 0, /* ECDSA: r||s or DER; others: raw */
	VG_SIG_RAW = 1, /* ECDSA: r||s only (IEEE P1363) */
	VG_SIG_DER = 2  /* ECDSA: ASN.1 DER only */
} vg_sig_encoding;

typedef struct vg_key vg_key;

/* Generate a new private key of `type` (RSA: 3072 bits). */
int vg_key_generate(vg_key_type type, vg_key **out);

/*
 * Parse a PEM key.  vg_key_parse_private() wants a private key;
 * vg_key_parse_public() takes a public key, or a private key whose public
 * half it keeps.  Keys other than P-256 EC, RSA >= 2048 bits and Ed25519 are
 * refused (VG_EUNSUPPORTED).  `name` prefixes error messages.
 */
int vg_key_parse_private(const char *pem, size_t len, const char *name, vg_key **out);
int vg_key_parse_public(const char *pem, size_t len, const char *name, vg_key **out);
/* The same from a file (at most 64 KiB). */
int vg_key_load_private(const char *path, vg_key **out);
int vg_key_load_public(const char *path, vg_key **out);

/* Write the private key (mode 0600) or the public key (0644) as PEM, atomically. */
int vg_key_write_private(const vg_key *key, const char *path);
int vg_key_write_public(const vg_key *key, const char *path);

vg_key_type vg_key_type_of(const vg_key *key);
bool vg_key_is_private(const vg_key *key);
/* "ecdsa", "rsa", "ed25519". */
const char *vg_key_type_name(vg_key_type type);
/* Parse a name as above; VG_EINVAL for anything else. */
int vg_key_type_parse(const char *name, vg_key_type *out);

/* Hex SHA-256 of the DER public key: a stable identifier for messages. */
int vg_key_fingerprint(const vg_key *key, char out[65]);

void vg_key_free(vg_key *key);

/* Sign `len` bytes with a private key: a malloc'd signature in *sig (free()). */
int vg_sign(const vg_key *key, const void *data, size_t len, unsigned char **sig,
	    size_t *sig_len);

/* VG_OK when `sig` is a valid signature of the data under `key`, else VG_EVERIFY. */
int vg_verify(const vg_key *key, const void *data, size_t len, const unsigned char *sig,
	      size_t sig_len, vg_sig_encoding enc);

/* Trusted public keys.  Start from VG_KEYRING_INIT, release with vg_keyring_free(). */
typedef struct vg_keyring {
	vg_key **keys;
	size_t count;
	size_t cap;
} vg_keyring;

#define VG_KEYRING_INIT { NULL, 0, 0 }

/* Add a key; the ring takes ownership (also on failure: it frees the key). */
int vg_keyring_add(vg_keyring *ring, vg_key *key);
/* Load a public key file and add it. */
int vg_keyring_load(vg_keyring *ring, const char *path);
/*
 * VG_OK when any key verifies the signature (*which, if not NULL, is its
 * index); VG_EVERIFY when none does or the ring is empty.
 */
int vg_keyring_verify(const vg_keyring *ring, const void *data, size_t len,
		      const unsigned char *sig, size_t sig_len, size_t *which);
void vg_keyring_free(vg_keyring *ring);

#ifdef __cplusplus
}
#endif
#endif
