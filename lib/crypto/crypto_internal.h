/*
 * crypto_internal.h - what key.c and sign.c share: the key object itself and
 * the mapping of OpenSSL's error queue to a vg_error.
 */
#ifndef VG_CRYPTO_INTERNAL_H
#define VG_CRYPTO_INTERNAL_H

#include "vigil/error.h"
#include "vigil/sign.h"

#include <openssl/evp.h>
#include <stdbool.h>
#include <stdio.h>

struct vg_key {
	EVP_PKEY *pkey;
	vg_key_type type;
	bool is_private;
};

/* Record `code` with `what` and OpenSSL's first queued error; clears the queue. */
int vg_crypto_fail(int code, const char *what);

#endif
