/*
 * cmd_version.c - `vigil version`: compare and sort versions of an ecosystem,
 * and test a version against a vers: range.
 *
 *   vigil version cmp SCHEME A B      prints <, = or >
 *   vigil version sort SCHEME V...    prints the versions oldest first
 *   vigil version in RANGE VERSION    exit 0 when inside, 1 when not
 */
#include "cli.h"
#include "commands.h"
#include "vigil/error.h"
#include "vigil/range.h"
#include "vigil/version.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"Usage: vigil version cmp SCHEME A B\n"
	"       vigil version sort SCHEME VERSION...\n"
	"       vigil version in RANGE VERSION\n"
	"\n"
	"Order versions the way their ecosystem does.\n"
	"\n"
	"  cmp   print '<', '=' or '>' for A against B\n"
	"  sort  print the versions oldest first, one per line (stable)\n"
	"  in    test VERSION against RANGE, a vers: URI such as\n"
	"        'vers:deb/>=1.0|<1.2-3'; prints 'yes' or 'no'\n"
	"\n"
	"SCHEME is an OSV ecosystem, purl type or vers scheme, case-insensitive:\n"
	"debian, deb, ubuntu, rpm, redhat, almalinux, alpine, apk, semver, cargo,\n"
	"npm, go, pypi, maven, nuget, rubygems, gem, packagist, composer, cran,\n"
	"hackage, pub, gentoo, alpm, arch, conan, openssl, datetime, lexicographic,\n"
	"generic (see vigil-version(1)).\n"
	"\n"
	"Options:\n"
	"  -h, --help  show this help\n"
	"\n"
	"Exit status: 0 success (in: inside), 1 in: not inside, 2 usage or unknown\n"
	"scheme, 3 invalid version or range, 6 internal error.\n";

static int scheme_arg(const char *name, vg_version_scheme *s)
{
	if (vg_version_scheme_parse(name, s) != VG_OK) {
		fprintf(stderr, "vigil version: %s\n", vg_error_message());
		return CLI_EXIT_USAGE;
	}
	return CLI_EXIT_OK;
}

static int do_cmp(int argc, char **argv)
{
	vg_version_scheme s;
	int c, rc;

	if (argc != 4)
		return cli_usage_error("vigil version", "cmp takes SCHEME A B");
	if ((rc = scheme_arg(argv[1], &s)) != CLI_EXIT_OK)
		return rc;
	if ((rc = vg_version_compare(s, argv[2], argv[3], &c)) != VG_OK)
		return cli_fail(rc);
	printf("%s\n", c < 0 ? "<" : c > 0 ? ">" : "=");
	return CLI_EXIT_OK;
}

static int do_sort(int argc, char **argv)
{
	vg_version_scheme s;
	int i, j, c, rc;

	if (argc < 2)
		return cli_usage_error("vigil version", "sort takes SCHEME VERSION...");
	if ((rc = scheme_arg(argv[1], &s)) != CLI_EXIT_OK)
		return rc;
	/* every version must be one the comparison orders, even a lone one */
	for (i = 2; i < argc; i++)
		if ((rc = vg_version_compare(s, argv[i], argv[i], &c)) != VG_OK)
			return cli_fail(rc);
	/* insertion sort in place: stable, and argument lists are short */
	for (i = 3; i < argc; i++) {
		char *key = argv[i];

		for (j = i; j > 2; j--) {
			if ((rc = vg_version_compare(s, argv[j - 1], key, &c)) != VG_OK)
				return cli_fail(rc);
			if (c <= 0)
				break;
			argv[j] = argv[j - 1];
		}
		argv[j] = key;
	}
	for (i = 2; i < argc; i++)
		printf("%s\n", argv[i]);
	return CLI_EXIT_OK;
}

static int do_in(int argc, char **argv)
{
	vg_vers *v;
	bool inside;
	int rc;

	if (argc != 3)
		return cli_usage_error("vigil version", "in takes RANGE VERSION");
	if ((rc = vg_vers_parse(argv[1], 0, &v)) != VG_OK)
		return cli_fail(rc);
	rc = vg_vers_contains(v, argv[2], &inside);
	vg_vers_free(v);
	if (rc != VG_OK)
		return cli_fail(rc);
	printf("%s\n", inside ? "yes" : "no");
	return inside ? CLI_EXIT_OK : CLI_EXIT_FAIL;
}

int cmd_version(int argc, char **argv)
{
	if (argc < 2) {
		fputs(usage, stderr);
		return CLI_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		fputs(usage, stdout);
		return CLI_EXIT_OK;
	}
	if (!strcmp(argv[1], "cmp"))
		return do_cmp(argc - 1, argv + 1);
	if (!strcmp(argv[1], "sort"))
		return do_sort(argc - 1, argv + 1);
	if (!strcmp(argv[1], "in"))
		return do_in(argc - 1, argv + 1);
	return cli_usage_error("vigil version", "unknown subcommand '%s'", argv[1]);
}
