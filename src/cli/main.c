/*
 * main.c - the `vigil` command-line tool: dispatch to one command per file.
 */
#include "cli.h"
#include "commands.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

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

/*
 * With TZ unset, glibc's mktime() stats /etc/localtime on every call to see
 * whether it changed, and libarchive's zip reader calls mktime() for each
 * entry's timestamp: a million system calls in an import of osv.dev's
 * 500,000-record dumps, 2% of its CPU.  Naming the same file in TZ makes
 * glibc read it once, and changes no time vigil or its children show.
 */
static void pin_time_zone(void)
{
	if (!getenv("TZ"))
		setenv("TZ", ":/etc/localtime", 0);
}

/*
 * glibc grows a second thread's heap by exactly what each allocation
 * lacks, one mprotect() at a time, hands memory back as soon as the top
 * of a heap is free, and gives every block over 128 KiB (the arena blocks
 * of a parsed SBOM, say) fresh pages of its own: all of it is faulted in
 * again moments later.  A scan of a 10,000-component SBOM made 990
 * mprotect() calls and 3,000 page faults more than it needed, 8% of its
 * time (docs/scan.md).  Heaps that grow and shrink 16 MiB at a time, and
 * blocks up to 4 MiB from the heap, end that; what is never touched costs
 * no memory.
 */
static void grow_heaps_in_steps(void)
{
#ifdef __GLIBC__
	mallopt(M_TOP_PAD, 16 << 20);
	mallopt(M_MMAP_THRESHOLD, 4 << 20);
#endif
}

int main(int argc, char **argv)
{
	pin_time_zone();
	grow_heaps_in_steps();
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
