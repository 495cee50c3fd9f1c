/*
 * conf_wycheproof_sign.c - vg_verify() against Google's Wycheproof vectors:
 * ECDSA P-256/SHA-256 (DER and r||s), Ed25519, RSA PKCS#1 v1.5 2048/SHA-256.
 *
 * Each test names a public key (PEM), a message, a signature and the expected
 * result.  "valid" must verify and "invalid" must not; "acceptable" vectors
 * (legal either way, e.g. legacy encodings) are counted as skipped, never as
 * passed.  A vector whose key we refuse to load counts as passed only when no
 * test of that key is "valid".
 */
#include "testutil.h"
#include "vigil/error.h"
#include "vigil/json.h"
#include "vigil/sign.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WP_DIR "crypto/wycheproof/testvectors_v1/"

typedef struct counts {
	size_t passed, failed, skipped;
} counts;

static unsigned char *unhex(const char *hex, size_t *len)
{
	size_t n = strlen(hex) / 2;
	unsigned char *out = malloc(n + 1);

	assert_non_null(out);
	for (size_t i = 0; i < n; i++) {
		unsigned v;

		assert_int_equal(sscanf(hex + 2 * i, "%2x", &v), 1);
		out[i] = (unsigned char)v;
	}
	*len = n;
	return out;
}

static void check_vector(const vg_key *key, json_t *t, vg_sig_encoding enc, counts *c,
		     const char *file)
{
	const char *result = json_string_value(json_object_get(t, "result"));
	size_t mlen, slen;
	unsigned char *msg = unhex(json_string_value(json_object_get(t, "msg")), &mlen);
	unsigned char *sig = unhex(json_string_value(json_object_get(t, "sig")), &slen);
	int rc, want_ok = !strcmp(result, "valid");

	if (!strcmp(result, "acceptable")) {
		c->skipped++;
	} else if (!key) {
		/* The key was refused: correct only for tests that must fail. */
		if (want_ok)
			c->failed++;
		else
			c->passed++;
	} else {
		rc = vg_verify(key, msg, mlen, sig, slen, enc);
		if ((rc == VG_OK) == want_ok) {
			c->passed++;
		} else {
			c->failed++;
			fprintf(stderr, "%s tcId %lld: expected %s, got %s\n", file,
				json_integer_value(json_object_get(t, "tcId")), result,
				vg_status_name(rc));
		}
	}
	free(msg);
	free(sig);
}

static counts run_file(const char *file, vg_sig_encoding enc)
{
	counts c = { 0, 0, 0 };
	json_t *doc, *groups, *g;
	size_t gi;

	if (vg_json_load_file(vg_test_data(file), 0, &doc)) {
		fprintf(stderr, "%s: %s\n", file, vg_error_message());
		fail();
	}
	groups = json_object_get(doc, "testGroups");
	json_array_foreach(groups, gi, g) {
		const char *pem = json_string_value(json_object_get(g, "publicKeyPem"));
		vg_key *key = NULL;
		json_t *t;
		size_t ti;

		assert_non_null(pem);
		if (vg_key_parse_public(pem, strlen(pem), file, &key))
			key = NULL;
		json_array_foreach(json_object_get(g, "tests"), ti, t)
			check_vector(key, t, enc, &c, file);
		vg_key_free(key);
	}
	json_decref(doc);
	return c;
}

static void check(const char *suite, const char *file, vg_sig_encoding enc, size_t min_tests)
{
	counts c = run_file(file, enc);

	vg_test_report(suite, c.passed, c.failed, c.skipped);
	assert_true(c.passed + c.failed + c.skipped >= min_tests);
	assert_int_equal(c.failed, 0);
}

static void test_ecdsa_p256_der(void **state)
{
	(void)state;
	check("wycheproof-ecdsa-p256-sha256-der", WP_DIR "ecdsa_secp256r1_sha256_test.json",
	      VG_SIG_DER, 400);
}

static void test_ecdsa_p256_p1363(void **state)
{
	(void)state;
	check("wycheproof-ecdsa-p256-sha256-p1363",
	      WP_DIR "ecdsa_secp256r1_sha256_p1363_test.json", VG_SIG_RAW, 200);
}

static void test_ed25519(void **state)
{
	(void)state;
	check("wycheproof-ed25519", WP_DIR "ed25519_test.json", VG_SIG_ANY, 100);
}

static void test_rsa_pkcs1_2048_sha256(void **state)
{
	(void)state;
	check("wycheproof-rsa-pkcs1-2048-sha256", WP_DIR "rsa_signature_2048_sha256_test.json",
	      VG_SIG_ANY, 200);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ecdsa_p256_der),
		cmocka_unit_test(test_ecdsa_p256_p1363),
		cmocka_unit_test(test_ed25519),
		cmocka_unit_test(test_rsa_pkcs1_2048_sha256),
	};

	vg_test_require_data(WP_DIR "ecdsa_secp256r1_sha256_test.json");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
