/*
 * cmd_artifact.c - `vigil artifact write|read|validate|sign`: Mender v3
 * update artifacts (vigil/artifact.h).
 */
#include "cli.h"
#include "commands.h"
#include "vigil/artifact.h"
#include "vigil/error.h"
#include "vigil/file.h"
#include "vigil/json.h"
#include "vigil/sign.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEVICE_TYPES 32

static void usage(FILE *out)
{
	fputs("Usage: vigil artifact COMMAND [OPTIONS]\n"
	      "\n"
	      "  write rootfs-image -f IMAGE -n NAME -t DEVICE_TYPE... -o OUT [-k KEY]\n"
	      "        [--sbom FILE] [--security-version N] [--compression none|gzip|xz|zstd]\n"
	      "        [--compression-level N]\n"
	      "  read ARTIFACT [--json] [--sbom] [-k PUBKEY]...\n"
	      "  validate ARTIFACT [-k PUBKEY]... [--device-type T] [--min-security-version N]\n"
	      "  sign ARTIFACT -k KEY [-o OUT]\n"
	      "\n"
	      "Options:\n"
	      "  -f, --file IMAGE          payload image (write)\n"
	      "  -n, --artifact-name NAME  artifact name (write)\n"
	      "  -t, --device-type T       compatible device type; repeat for several (write);\n"
	      "                            the device's type to check (validate)\n"
	      "  -o, --output FILE         output artifact (write; sign: default in place)\n"
	      "  -k, --key FILE            private key (write, sign) or trusted public key,\n"
	      "                            repeatable (read, validate)\n"
	      "      --sbom FILE           embed this release SBOM (write); print it (read)\n"
	      "      --security-version N  anti-rollback counter (write)\n"
	      "      --min-security-version N  refuse lower security versions (validate)\n"
	      "      --compression C       none, gzip (default), xz or zstd (write)\n"
	      "      --compression-level N gzip, xz 1 (fastest) to 9 (smallest), zstd 1 to 19;\n"
	      "                            default gzip 1, xz 6, zstd 3 (write)\n"
	      "      --json                machine-readable output (read, validate)\n"
	      "  -h, --help                this help\n"
	      "\n"
	      "With -k, read and validate require a signature by one of the keys.\n"
	      "Exit codes: 0 success, 2 usage, 3 malformed or unsupported artifact,\n"
	      "4 I/O error, 5 signature, hash or policy verification failed, 6 internal.\n",
	      out);
}

enum { OPT_SBOM = 256, OPT_SECVER, OPT_MINSEC, OPT_COMP, OPT_LEVEL, OPT_JSON };

static const struct option long_opts[] = {
	{ "file", required_argument, NULL, 'f' },
	{ "artifact-name", required_argument, NULL, 'n' },
	{ "device-type", required_argument, NULL, 't' },
	{ "output", required_argument, NULL, 'o' },
	{ "output-path", required_argument, NULL, 'o' },
	{ "key", required_argument, NULL, 'k' },
	{ "sbom", optional_argument, NULL, OPT_SBOM },
	{ "security-version", required_argument, NULL, OPT_SECVER },
	{ "min-security-version", required_argument, NULL, OPT_MINSEC },
	{ "compression", required_argument, NULL, OPT_COMP },
	{ "compression-level", required_argument, NULL, OPT_LEVEL },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

typedef struct args {
	const char *file, *name, *output, *sbom, *key;
	const char *device_types[MAX_DEVICE_TYPES];
	size_t device_type_count;
	vg_keyring ring;
	bool want_sbom, json, has_secver, help;
	uint64_t secver, min_secver;
	vg_compression comp;
	int level;
	const char *positional;
} args;

static int parse_u64(const char *s, uint64_t *out)
{
	char *end;

	errno = 0;
	*out = strtoull(s, &end, 10);
	return (*s >= '0' && *s <= '9' && !*end && errno != ERANGE) ? 0 : -1;
}

/* Parse options for sub-command `prog`; keys are loaded as public unless `private_key`. */
static int parse_args(const char *prog, int argc, char **argv, bool private_key, args *a)
{
	uint64_t n;
	int c;

	optind = 1;
	a->comp = VG_COMPRESSION_GZIP;
	while ((c = getopt_long(argc, argv, "f:n:t:o:k:h", long_opts, NULL)) != -1) {
		switch (c) {
		case 'f': a->file = optarg; break;
		case 'n': a->name = optarg; break;
		case 'o': a->output = optarg; break;
		case 't':
			if (a->device_type_count == MAX_DEVICE_TYPES)
				return cli_usage_error(prog, "too many device types");
			a->device_types[a->device_type_count++] = optarg;
			break;
		case 'k':
			if (private_key)
				a->key = optarg;
			else if (vg_keyring_load(&a->ring, optarg))
				return cli_fail(vg_error_last()->code);
			break;
		case OPT_SBOM:
			a->want_sbom = true;
			a->sbom = optarg ? optarg : (optind < argc && argv[optind][0] != '-' &&
						     private_key && !a->sbom ? argv[optind++] : NULL);
			break;
		case OPT_SECVER:
		case OPT_MINSEC:
			if (parse_u64(optarg, c == OPT_SECVER ? &a->secver : &a->min_secver))
				return cli_usage_error(prog, "not a number: '%s'", optarg);
			a->has_secver |= c == OPT_SECVER;
			break;
		case OPT_COMP:
			if (vg_compression_parse(optarg, &a->comp))
				return cli_usage_error(prog, "%s", vg_error_message());
			break;
		case OPT_LEVEL:
			if (parse_u64(optarg, &n) || n < 1 || n > 19)
				return cli_usage_error(prog, "--compression-level: not a level: '%s'", optarg);
			a->level = (int)n;
			break;
		case OPT_JSON: a->json = true; break;
		case 'h': a->help = true; usage(stdout); return CLI_EXIT_OK;
		default: return cli_usage_error(prog, "invalid option");
		}
	}
	if (optind < argc)
		a->positional = argv[optind++];
	if (optind < argc)
		return cli_usage_error(prog, "unexpected argument '%s'", argv[optind]);
	return CLI_EXIT_OK;
}

static int do_write(args *a)
{
	vg_artifact_write_opts o = { 0 };
	vg_key *key = NULL;
	char *sbom = NULL;
	size_t sbom_len = 0;
	int rc = VG_OK;

	if (!a->positional || strcmp(a->positional, "rootfs-image"))
		return cli_usage_error("vigil artifact write", "expected 'rootfs-image'");
	if (!a->file || !a->name || !a->output || !a->device_type_count)
		return cli_usage_error("vigil artifact write", "-f, -n, -t and -o are required");
	if (vg_compression_level_check(a->comp, a->level))
		return cli_usage_error("vigil artifact write", "%s", vg_error_message());
	if (a->key)
		rc = vg_key_load_private(a->key, &key);
	if (!rc && a->sbom)
		rc = vg_file_read(a->sbom, 16u * 1024 * 1024, &sbom, &sbom_len);
	o.image = a->file;
	o.name = a->name;
	o.device_types = a->device_types;
	o.device_type_count = a->device_type_count;
	o.key = key;
	o.sbom = sbom;
	o.sbom_len = sbom_len;
	o.has_security_version = a->has_secver;
	o.security_version = a->secver;
	o.compression = a->comp;
	o.compression_level = a->level;
	o.progress.fn = cli_progress_bar;
	if (!rc)
		rc = vg_artifact_write(&o, a->output);
	vg_key_free(key);
	free(sbom);
	return rc ? cli_fail(rc) : CLI_EXIT_OK;
}

static json_t *info_json(const vg_artifact_info *i)
{
	json_t *files = json_array(), *dt = json_array();
	json_t *j;

	for (size_t k = 0; k < i->file_count; k++)
		json_array_append_new(files, json_pack("{s:s, s:I, s:s}", "name", i->files[k].name,
						       "size", (json_int_t)i->files[k].size, "sha256",
						       i->files[k].sha256));
	for (size_t k = 0; k < i->device_types.count; k++)
		json_array_append_new(dt, json_string(i->device_types.items[k]));
	j = json_pack("{s:s, s:s, s:o, s:s, s:b, s:b, s:o, s:O, s:O}", "name", i->name,
		      "payload_type", i->payload_type, "device_types", dt, "compression",
		      vg_compression_name(i->compression), "signed", i->is_signed, "verified",
		      i->verified, "files", files, "header_info", i->header_info, "type_info",
		      i->type_info);
	if (j && i->has_security_version)
		json_object_set_new(j, "security_version", json_integer((json_int_t)i->security_version));
	if (j)
		json_object_set_new(j, "sbom", json_boolean(i->sbom != NULL));
	return j;
}

static void print_info(const vg_artifact_info *i)
{
	printf("Name: %s\nFormat: mender 3\nPayload type: %s\nDevice types:", i->name,
	       i->payload_type);
	for (size_t k = 0; k < i->device_types.count; k++)
		printf(" %s", i->device_types.items[k]);
	printf("\nCompression: %s\n", vg_compression_name(i->compression));
	if (i->has_security_version)
		printf("Security version: %llu\n", (unsigned long long)i->security_version);
	printf("Signature: %s\n", !i->is_signed ? "none" : i->verified ? "verified" : "present, not checked");
	printf("SBOM: %s\n", i->sbom ? "embedded" : "none");
	for (size_t k = 0; k < i->file_count; k++)
		printf("File: %s  %llu bytes  sha256 %s\n", i->files[k].name,
		       (unsigned long long)i->files[k].size, i->files[k].sha256);
}

static int do_read(args *a, bool validate)
{
	vg_artifact_policy pol = { 0 };
	vg_artifact_info *info = NULL;
	int rc, ex = CLI_EXIT_OK;

	if (!a->positional)
		return cli_usage_error(validate ? "vigil artifact validate" : "vigil artifact read",
				       "ARTIFACT is required");
	pol.keys = &a->ring;
	pol.device_type = validate && a->device_type_count ? a->device_types[0] : NULL;
	pol.min_security_version = a->min_secver;
	pol.progress.fn = cli_progress_bar;
	rc = vg_artifact_read_file(a->positional, &pol, NULL, &info);
	if (rc)
		return cli_fail(rc);
	if (a->want_sbom && !validate) {
		if (!info->sbom) {
			fprintf(stderr, "vigil: %s: no SBOM embedded\n", a->positional);
			ex = CLI_EXIT_FAIL;
		} else if (vg_file_write_output(NULL, info->sbom, info->sbom_len)) {
			ex = cli_fail(VG_EIO);
		}
	} else if (a->json) {
		json_t *j = info_json(info);
		char *s = j ? vg_json_dump(j) : NULL;

		if (s)
			fputs(s, stdout);
		else
			ex = CLI_EXIT_INTERNAL;
		free(s);
		json_decref(j);
	} else if (validate) {
		printf("%s: valid%s\n", a->positional,
		       info->verified ? ", signature verified"
				      : info->is_signed ? " (signature not checked: no -k)" : ", unsigned");
	} else {
		print_info(info);
	}
	vg_artifact_info_free(info);
	return ex;
}

static int do_sign(args *a)
{
	vg_key *key = NULL;
	int rc;

	if (!a->positional || !a->key)
		return cli_usage_error("vigil artifact sign", "ARTIFACT and -k KEY are required");
	rc = vg_key_load_private(a->key, &key);
	if (!rc)
		rc = vg_artifact_sign(a->positional, key, a->output ? a->output : a->positional);
	vg_key_free(key);
	return rc ? cli_fail(rc) : CLI_EXIT_OK;
}

int cmd_artifact(int argc, char **argv)
{
	args a = { 0 };
	const char *sub = argc >= 2 ? argv[1] : NULL;
	bool is_write = sub && !strcmp(sub, "write"), is_sign = sub && !strcmp(sub, "sign");
	int ex;

	if (!sub || !strcmp(sub, "--help") || !strcmp(sub, "-h")) {
		usage(sub ? stdout : stderr);
		return sub ? CLI_EXIT_OK : CLI_EXIT_USAGE;
	}
	if (!is_write && !is_sign && strcmp(sub, "read") && strcmp(sub, "validate"))
		return cli_usage_error("vigil artifact", "unknown command '%s'", sub);
	ex = parse_args("vigil artifact", argc - 1, argv + 1, is_write || is_sign, &a);
	if (ex == CLI_EXIT_OK && !a.help)
		ex = is_write ? do_write(&a) : is_sign ? do_sign(&a) : do_read(&a, !strcmp(sub, "validate"));
	vg_keyring_free(&a.ring);
	return ex;
}
