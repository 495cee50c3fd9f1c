/*
 * cmd_sbom_generate.c - `vigil sbom generate`: an SBOM from a root filesystem's
 * package databases or from one database/manifest file.
 *
 *   vigil sbom generate (--rootfs DIR | --from FILE) [-o OUT]
 *                       [--format cyclonedx|spdx2|spdx3] [--files] ...
 *
 * The library does the work (vigil/sbom_generate.h); this file maps options
 * and prints.  Output goes to stdout or, atomically, to -o OUT.
 */
#include "cli.h"
#include "commands.h"
#include "vigil/error.h"
#include "vigil/sbom.h"
#include "vigil/sbom_generate.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"Usage: vigil sbom generate (--rootfs DIR | --from FILE) [OPTIONS]\n"
	"\n"
	"Generate an SBOM from the package databases of a root filesystem (dpkg, opkg,\n"
	"apk, a Yocto license.manifest in the image) or from one database or manifest\n"
	"file (dpkg/opkg status, apk installed, Buildroot manifest.csv, Yocto\n"
	"license.manifest; the format is detected from the content).\n"
	"\n"
	"Options:\n"
	"  --rootfs DIR          read every package database found under DIR\n"
	"  --from FILE           read one database or manifest file\n"
	"  -o, --output OUT      write to OUT (atomically) instead of standard output\n"
	"  --format FMT          cyclonedx (default, 1.6), spdx2 (2.3) or spdx3 (3.0.1)\n"
	"  --files               add each package's files (with their hashes) as\n"
	"                        components the package contains\n"
	"  --name NAME           name of the image (default: os-release NAME)\n"
	"  --version VERSION     version of the image (default: os-release VERSION_ID)\n"
	"  --distro ID           distribution ID for purls (default: os-release ID)\n"
	"  --distro-version V    distribution version for purls (default: VERSION_ID)\n"
	"  --cpe-json FILE       Buildroot `make show-info` JSON with CPE ids (--from)\n"
	"  --author \"NAME <EMAIL>\"\n"
	"                        a person who made the SBOM (repeatable); BSI\n"
	"                        TR-03183-2 and NTIA want the SBOM's creator named\n"
	"  --manufacturer \"NAME <EMAIL or URL>\"\n"
	"                        the organisation that made the SBOM\n"
	"  -q, --quiet           no progress bar\n"
	"  -h, --help            show this help\n"
	"\n"
	"Exit codes: 0 success, 2 usage error, 3 malformed or unsupported input (also\n"
	"a malformed --author or --manufacturer), 4 file or directory not found or not\n"
	"readable, 6 internal error.\n";

enum { OPT_ROOTFS = 256, OPT_FROM, OPT_FORMAT, OPT_FILES, OPT_NAME, OPT_VERSION, OPT_DISTRO,
       OPT_DISTRO_VERSION, OPT_CPE_JSON, OPT_AUTHOR, OPT_MANUFACTURER };

/* Most --author options taken. */
#define MAX_AUTHORS 32

static const struct option options[] = {
	{ "rootfs", required_argument, NULL, OPT_ROOTFS },
	{ "from", required_argument, NULL, OPT_FROM },
	{ "output", required_argument, NULL, 'o' },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "files", no_argument, NULL, OPT_FILES },
	{ "name", required_argument, NULL, OPT_NAME },
	{ "version", required_argument, NULL, OPT_VERSION },
	{ "distro", required_argument, NULL, OPT_DISTRO },
	{ "distro-version", required_argument, NULL, OPT_DISTRO_VERSION },
	{ "cpe-json", required_argument, NULL, OPT_CPE_JSON },
	{ "author", required_argument, NULL, OPT_AUTHOR },
	{ "manufacturer", required_argument, NULL, OPT_MANUFACTURER },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static const char prog[] = "vigil sbom generate";

static int parse_option(int opt, vg_generate_options *o, const char **authors,
			const char **rootfs, const char **from, const char **output,
			vg_sbom_format *format, bool *quiet)
{
	switch (opt) {
	case OPT_AUTHOR:
		if (o->author_count == MAX_AUTHORS)
			return cli_usage_error(prog, "at most %d --author options", MAX_AUTHORS);
		authors[o->author_count++] = optarg;
		break;
	case OPT_MANUFACTURER: o->manufacturer = optarg; break;
	case OPT_ROOTFS: *rootfs = optarg; break;
	case OPT_FROM: *from = optarg; break;
	case 'o': *output = optarg; break;
	case OPT_FORMAT:
		if (vg_sbom_format_parse(optarg, format))
			return cli_usage_error(prog, "%s", vg_error_message());
		break;
	case OPT_FILES: o->include_files = true; break;
	case OPT_NAME: o->name = optarg; break;
	case OPT_VERSION: o->version = optarg; break;
	case OPT_DISTRO: o->distro_id = optarg; break;
	case OPT_DISTRO_VERSION: o->distro_version = optarg; break;
	case OPT_CPE_JSON: o->buildroot_cpe_json = optarg; break;
	case 'q': *quiet = true; break;
	case 'h': fputs(usage, stdout); return -1;
	default: return cli_usage_error(prog, "unknown option");
	}
	return CLI_EXIT_OK;
}

int cmd_sbom_generate(int argc, char **argv)
{
	vg_generate_options o = VG_GENERATE_OPTIONS_INIT;
	const char *rootfs = NULL, *from = NULL, *output = NULL;
	vg_sbom_format format = VG_SBOM_CYCLONEDX_JSON;
	bool quiet = false;
	vg_sbom *sbom = NULL;
	const char *authors[MAX_AUTHORS];
	int opt, rc;

	optind = 1;
	o.authors = authors;
	while ((opt = getopt_long(argc, argv, "o:qh", options, NULL)) != -1) {
		rc = parse_option(opt, &o, authors, &rootfs, &from, &output, &format, &quiet);
		if (rc)
			return rc < 0 ? CLI_EXIT_OK : rc;
	}
	if (optind < argc)
		return cli_usage_error(prog, "unexpected argument '%s'", argv[optind]);
	if (!rootfs == !from)
		return cli_usage_error(prog, "give exactly one of --rootfs DIR and --from FILE");
	if (o.buildroot_cpe_json && !from)
		return cli_usage_error(prog, "--cpe-json goes with --from manifest.csv");
	if (!quiet)
		o.progress.fn = cli_progress_bar;
	rc = rootfs ? vg_sbom_generate_rootfs(rootfs, &o, &sbom)
		    : vg_sbom_generate_from(from, &o, &sbom);
	if (rc == VG_OK)
		rc = vg_sbom_write_file(sbom, format, output ? output : "-");
	vg_sbom_free(sbom);
	return rc ? cli_fail(rc) : CLI_EXIT_OK;
}
