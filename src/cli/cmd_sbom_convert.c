/*
 * cmd_sbom_convert.c - `vigil sbom convert IN [-o OUT] --to FORMAT`: read an
 * SBOM in any format Vigil reads and write it in another.  Reading warnings
 * (values left out of the model) go to stderr, one per line.
 */
#include "cli.h"
#include "commands.h"

#include "vigil/error.h"
#include "vigil/sbom.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *out)
{
	fputs("Usage: vigil sbom convert IN --to FORMAT [-o OUT] [--quiet]\n"
	      "\n"
	      "Read the SBOM IN (\"-\": standard input; CycloneDX 1.4-1.7 JSON, SPDX 2.3\n"
	      "JSON or SPDX 3.0.1 JSON-LD, detected from the content) and write it as FORMAT.\n"
	      "\n"
	      "Options:\n"
	      "  -t, --to FORMAT   cyclonedx (CycloneDX 1.6), spdx2 (SPDX 2.3) or spdx3 (SPDX 3.0.1)\n"
	      "  -o, --output OUT  write to OUT atomically (default: standard output)\n"
	      "  -q, --quiet       do not print reading warnings\n"
	      "  -h, --help        show this help\n"
	      "\n"
	      "Exit codes: 0 converted, 2 usage error, 3 IN is not a valid SBOM,\n"
	      "4 a file could not be read or written, 6 internal error.\n",
	      out);
}

int cmd_sbom_convert(int argc, char **argv)
{
	static const struct option options[] = {
		{ "to", required_argument, NULL, 't' },   { "output", required_argument, NULL, 'o' },
		{ "quiet", no_argument, NULL, 'q' },      { "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *out = "-", *to = NULL;
	vg_sbom_format format;
	vg_sbom *sbom;
	bool quiet = false;
	size_t i;
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "t:o:qh", options, NULL)) != -1) {
		switch (c) {
		case 't': to = optarg; break;
		case 'o': out = optarg; break;
		case 'q': quiet = true; break;
		case 'h': usage(stdout); return CLI_EXIT_OK;
		default: return cli_usage_error("vigil sbom convert", "invalid option");
		}
	}
	if (optind + 1 != argc)
		return cli_usage_error("vigil sbom convert", "expected one input file");
	if (!to)
		return cli_usage_error("vigil sbom convert", "--to FORMAT is required");
	if (vg_sbom_format_parse(to, &format))
		return cli_usage_error("vigil sbom convert", "%s", vg_error_message());
	rc = vg_sbom_read_file(argv[optind], &sbom);
	if (rc)
		return cli_fail(rc);
	for (i = 0; !quiet && i < sbom->warnings.count; i++)
		fprintf(stderr, "vigil: warning: %s: %s\n", argv[optind], sbom->warnings.items[i]);
	rc = vg_sbom_write_file(sbom, format, out);
	vg_sbom_free(sbom);
	return rc ? cli_fail(rc) : CLI_EXIT_OK;
}
