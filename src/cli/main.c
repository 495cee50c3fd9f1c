/*
 * main.c - the `vigil` command-line tool: dispatch to one command per file.
 */
#include "cli.h"
#include "commands.h"

#include <stdio.h>
#include <string.h>

#ifndef VIGIL_VERSION
#define VIGIL_VERSION "0.1.0"
#endif

static const cli_command commands[] = {
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
