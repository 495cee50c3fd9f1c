/*
 * cmd_sbom_diff.c - `vigil sbom diff OLD NEW`: the components added,
 * removed and changed between two SBOMs (vigil/sbom_diff.h), as a table
 * ("+ added", "- removed", "~ changed old → new [field: old → new]") or as
 * JSON.
 */
#include "cli.h"
#include "vigil/file.h"
#include "commands.h"
#include "vigil/error.h"
#include "vigil/json.h"
#include "vigil/sbom.h"
#include "vigil/sbom_diff.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PROG "vigil sbom diff"

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: " PROG " [OPTIONS] OLD NEW\n\n"
		"Show the components added (+), removed (-) and changed (~) between two SBOMs\n"
		"(CycloneDX or SPDX JSON, in any combination; '-' for standard input).\n"
		"Components are matched by purl without version and qualifiers, else by\n"
		"group and name; compared: version, licence, supplier, hashes, qualifiers.\n\n"
		"Options:\n"
		"      --json        print the differences as JSON\n"
		"      --exit-code   exit 1 when the SBOMs differ\n"
		"  -h, --help        show this help\n\n"
		"Exit status:\n"
		"  0  done (with --exit-code: no differences)\n"
		"  1  the SBOMs differ (only with --exit-code)\n"
		"  2  usage error\n"
		"  3  a file is not an SBOM Vigil reads\n"
		"  4  a file cannot be read\n"
		"  6  internal error\n");
}

static const char *or_none(const char *s)
{
	return s ? s : "(none)";
}

static bool change(const vg_diff_entry *e, const char *field)
{
	size_t i;

	for (i = 0; i < e->change_count; i++)
		if (!strcmp(e->changes[i].field, field))
			return true;
	return false;
}

static void print_entry(const vg_diff_entry *e)
{
	static const char marks[] = { [VG_DIFF_REMOVED] = '-', [VG_DIFF_ADDED] = '+',
				      [VG_DIFF_CHANGED] = '~' };
	const char *sep = "";
	size_t i;

	printf("%c %-40s ", marks[e->kind], e->name);
	if (e->kind == VG_DIFF_REMOVED)
		printf("%s", or_none(e->old_version));
	else if (e->kind == VG_DIFF_ADDED)
		printf("%s", or_none(e->new_version));
	else if (!change(e, "version"))
		printf("%s", or_none(e->new_version));
	else
		printf("%s → %s%s", or_none(e->old_version), or_none(e->new_version),
		       e->direction > 0 ? " (up)" : e->direction < 0 ? " (down)" : "");
	for (i = 0; i < e->change_count; i++) {
		if (!strcmp(e->changes[i].field, "version"))
			continue;
		printf("%s%s", *sep ? sep : "  [", e->changes[i].field);
		/* Digests are unreadable in a table; --json has them. */
		if (strcmp(e->changes[i].field, "hashes"))
			printf(": %s → %s", or_none(e->changes[i].old_value),
			       or_none(e->changes[i].new_value));
		sep = "; ";
	}
	printf("%s\n", *sep ? "]" : "");
}

static int print_json(const vg_diff *d)
{
	json_t *j = vg_diff_json(d);
	char *text = j ? vg_json_dump(j) : NULL;
	int rc;

	json_decref(j);
	if (!text)
		return vg_error_set(VG_ENOMEM, "out of memory");
	rc = vg_file_write_output(NULL, text, strlen(text));
	free(text);
	return rc;
}

int cmd_sbom_diff(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "exit-code", no_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool json = false, exit_code = false;
	vg_sbom *a = NULL, *b = NULL;
	vg_diff *d = NULL;
	size_t i;
	int c, rc;

	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'j': json = true; break;
		case 'e': exit_code = true; break;
		case 'h': usage(stdout); return CLI_EXIT_OK;
		default: return cli_usage_error(PROG, "unknown option");
		}
	}
	if (optind != argc - 2)
		return cli_usage_error(PROG, "expected two SBOM files, OLD and NEW");
	if (!strcmp(argv[optind], "-") && !strcmp(argv[optind + 1], "-"))
		return cli_usage_error(PROG, "only one of OLD and NEW can be standard input");
	rc = vg_sbom_read_file(argv[optind], &a);
	if (!rc)
		rc = vg_sbom_read_file(argv[optind + 1], &b);
	if (!rc)
		rc = vg_sbom_diff(a, b, &d);
	if (!rc && json)
		rc = print_json(d);
	if (!rc && !json) {
		for (i = 0; i < d->entry_count; i++)
			print_entry(&d->entries[i]);
		printf("%zu added, %zu removed, %zu changed, %zu unchanged\n", d->added, d->removed,
		       d->changed, d->unchanged);
	}
	vg_sbom_free(a);
	vg_sbom_free(b);
	if (rc) {
		vg_diff_free(d);
		return cli_fail(rc);
	}
	c = exit_code && d->entry_count ? CLI_EXIT_FAIL : CLI_EXIT_OK;
	vg_diff_free(d);
	return c;
}
