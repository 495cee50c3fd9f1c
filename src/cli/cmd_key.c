/*
 * cmd_key.c - `vigil key generate`: make a signing key pair for artifacts.
 */
#include "cli.h"
#include "commands.h"
#include "vigil/error.h"
#include "vigil/sign.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static void usage(FILE *out)
{
	fputs("Usage: vigil key generate [--type ecdsa|rsa|ed25519] -o PRIVATE.pem [--public PUB.pem]\n"
	      "\n"
	      "Generate a private signing key (PKCS#8 PEM, mode 0600) and optionally write\n"
	      "its public key (SubjectPublicKeyInfo PEM) for devices and `vigil artifact validate`.\n"
	      "\n"
	      "Options:\n"
	      "  -T, --type TYPE    ecdsa (P-256, default), rsa (3072 bits) or ed25519\n"
	      "                     (ed25519 is a Vigil extension mender-artifact cannot verify)\n"
	      "  -o, --output FILE  the private key file (required)\n"
	      "  -p, --public FILE  also write the public key here\n"
	      "  -h, --help         this help\n"
	      "\n"
	      "Exit codes: 0 success, 2 usage, 4 I/O error, 6 internal error.\n",
	      out);
}

static int generate(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "type", required_argument, NULL, 'T' }, { "output", required_argument, NULL, 'o' },
		{ "public", required_argument, NULL, 'p' }, { "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 } };
	const char *out = NULL, *pub = NULL;
	vg_key_type type = VG_KEY_ECDSA_P256;
	vg_key *key = NULL;
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "T:o:p:h", opts, NULL)) != -1) {
		switch (c) {
		case 'T':
			if (vg_key_type_parse(optarg, &type))
				return cli_usage_error("vigil key generate", "%s", vg_error_message());
			break;
		case 'o': out = optarg; break;
		case 'p': pub = optarg; break;
		case 'h': usage(stdout); return CLI_EXIT_OK;
		default: return cli_usage_error("vigil key generate", "invalid option");
		}
	}
	if (!out || optind != argc)
		return cli_usage_error("vigil key generate", "-o PRIVATE.pem is required");
	rc = vg_key_generate(type, &key);
	if (!rc)
		rc = vg_key_write_private(key, out);
	if (!rc && pub)
		rc = vg_key_write_public(key, pub);
	vg_key_free(key);
	return rc ? cli_fail(rc) : CLI_EXIT_OK;
}

int cmd_key(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "generate"))
		return generate(argc - 1, argv + 1);
	if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		usage(stdout);
		return CLI_EXIT_OK;
	}
	return cli_usage_error("vigil key", "expected 'generate'");
}
