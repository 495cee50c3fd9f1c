/*
 * cmd_sbom.c - `vigil sbom`: the SBOM sub-commands.  Each sub-command lives
 * in its own cmd_sbom_<name>.c; add it to the table below.
 */
#include "cli.h"
#include "commands.h"

static const cli_command sbom_commands[] = {
	{ "convert", cmd_sbom_convert, "convert an SBOM between CycloneDX, SPDX 2.3 and SPDX 3" },
	{ "check", cmd_sbom_check, "grade an SBOM against BSI TR-03183-2 v2.1 and NTIA" },
	{ "diff", cmd_sbom_diff, "components added, removed and changed between two SBOMs" },
	{ "generate", cmd_sbom_generate, "generate an SBOM from a rootfs or a package database" },
	{ NULL, NULL, NULL }
};

int cmd_sbom(int argc, char **argv)
{
	return cli_dispatch("vigil sbom",
			    "Read, write and convert software bills of materials (CycloneDX "
			    "1.4-1.7 JSON,\nSPDX 2.3 JSON, SPDX 3.0.1 JSON-LD).",
			    sbom_commands, argc, argv);
}
