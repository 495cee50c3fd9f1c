/*
 * main.c - the `vigil` command-line tool: dispatch to one command per file.
 */
#include "cli.h"
#include "commands.h"

#include <stdio.h>
#include <string.h>


static const cli_command commands[] = {
	{ "scan", cmd_scan, "match an SBOM or a root filesystem against the vulnerability database" },
	{ "db", cmd_db, "the local vulnerability database: import, stats, show" },
	{ "cvss", cmd_cvss, "parse and score CVSS v2/v3/v4 vectors" },
	{ "artifact", cmd_artifact, "write, read, validate and sign update artifacts" },
	{ "key", cmd_key, "generate artifact signing keys" },
	{ "version", cmd_version, "compare, sort and range-test versions of an ecosystem" },
	{ "cpe", cmd_cpe, "convert and match CPE 2.3 names" },
	{ "purl", cmd_purl, "check Package URLs and print their canonical form" },
	{ "sbom", cmd_sbom, "read, write and convert SBOMs (CycloneDX, SPDX 2.3, SPDX 3)" },
	{ NULL, NULL, NULL }
};

int main(int argc, char **argv)
{
	if (argc == 2 && (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V"))) {
		printf("vigil %s\n", VIGIL_VERSION);
		return CLI_EXIT_OK;
	}
	return cli_dispatch("vigil",
			    "Vigil keeps connected products secure for their whole life: it "
			    "identifies\nwhat each release contains and which vulnerabilities affect "
			    "it, ships signed\nupdates, and runs the CRA's disclosure workflow.",
			    commands, argc, argv);
}
