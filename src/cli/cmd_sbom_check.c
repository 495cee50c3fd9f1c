/*
 * cmd_sbom_check.c - `vigil sbom check`: grade an SBOM against BSI
 * TR-03183-2 v2.1 and the NTIA minimum elements (vigil/sbom_check.h).
 *
 * The human output stays short on large SBOMs: components are grouped by
 * the set of fields they lack, and each group shows a few examples unless
 * --verbose asks for all of them.  --json prints the whole report.
 */
#include "cli.h"
#include "vigil/file.h"
#include "commands.h"
#include "vigil/buf.h"
#include "vigil/error.h"
#include "vigil/json.h"
#include "vigil/sbom.h"
#include "vigil/sbom_check.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PROG "vigil sbom check"
#define EXAMPLES 3   /* components shown per group without --verbose */
#define MAX_GROUPS 12 /* groups shown without --verbose */

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: " PROG " [OPTIONS] FILE\n\n"
		"Grade an SBOM (CycloneDX or SPDX JSON; '-' for standard input) against\n"
		"BSI TR-03183-2 v2.1 and the NTIA minimum elements, and name every missing\n"
		"field per component.  Score: the mean over the required requirements of the\n"
		"share of subjects (the document, or each component) that satisfy them;\n"
		"grade A >= 90, B >= 75, C >= 50, D >= 25, else F.\n\n"
		"Options:\n"
		"  -p, --profile P     bsi, ntia or all (default: all)\n"
		"      --json          print the whole report as JSON\n"
		"      --min-score N   fail when a checked profile scores below N (0-100)\n"
		"      --fail-below G  fail when a checked profile's grade is below G (A-F)\n"
		"  -v, --verbose       one line per component instead of groups, with\n"
		"                      the recommended fields it lacks\n"
		"  -h, --help          show this help\n\n"
		"Exit status:\n"
		"  0  checked (and at or above the level asked for)\n"
		"  1  a profile is below --min-score / --fail-below\n"
		"  2  usage error\n"
		"  3  the file is not an SBOM Vigil reads\n"
		"  4  the file cannot be read\n"
		"  6  internal error\n");
}

typedef struct opts {
	vg_check_profile profiles;
	bool json, verbose, gate;
	double min_score;
	const char *file;
} opts;

static int parse_score(const char *s, double *out)
{
	char *end;
	double v = strtod(s, &end);

	if (!*s || *end || v < 0 || v > 100)
		return cli_usage_error(PROG, "--min-score: '%s' is not a number from 0 to 100", s);
	*out = v;
	return CLI_EXIT_OK;
}

static int parse_args(int argc, char **argv, opts *o)
{
	static const struct option longopts[] = {
		{ "profile", required_argument, NULL, 'p' },
		{ "json", no_argument, NULL, 'j' },
		{ "min-score", required_argument, NULL, 's' },
		{ "fail-below", required_argument, NULL, 'g' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c, rc;

	o->profiles = VG_CHECK_ALL;
	while ((c = getopt_long(argc, argv, "p:vh", longopts, NULL)) != -1) {
		switch (c) {
		case 'p':
			if (vg_check_profile_parse(optarg, &o->profiles))
				return cli_usage_error(PROG, "%s", vg_error_message());
			break;
		case 'j': o->json = true; break;
		case 'v': o->verbose = true; break;
		case 's':
		case 'g':
			if (o->gate)
				return cli_usage_error(PROG, "give --min-score or --fail-below once");
			o->gate = true;
			if (c == 's' && (rc = parse_score(optarg, &o->min_score)))
				return rc;
			if (c == 'g' && vg_check_grade_parse(optarg, &o->min_score))
				return cli_usage_error(PROG, "--fail-below: %s", vg_error_message());
			break;
		case 'h': usage(stdout); return -1;
		default: return cli_usage_error(PROG, "unknown option");
		}
	}
	if (optind != argc - 1)
		return cli_usage_error(PROG, "expected one FILE");
	o->file = argv[optind];
	return CLI_EXIT_OK;
}

/* ---- human output ---- */

typedef struct group {
	char *fields; /* "creator, sha512-hash" */
	size_t *members;
	size_t count;
} group;

static void print_component(const vg_check_component *c)
{
	printf("%s%s%s", c->name ? c->name : c->ref ? c->ref : "(unnamed)", c->version ? "@" : "",
	       c->version ? c->version : "");
}

static void out_of_memory(void)
{
	fprintf(stderr, "vigil: out of memory\n");
	exit(CLI_EXIT_INTERNAL);
}

/* "a, b, c" (never NULL). */
static char *join(const vg_strlist *l)
{
	vg_buf b = VG_BUF_INIT;
	char *s;
	size_t i;

	for (i = 0; i < l->count; i++)
		if ((i && vg_buf_puts(&b, ", ")) || vg_buf_puts(&b, l->items[i]))
			out_of_memory();
	s = vg_buf_detach(&b);
	if (!s)
		out_of_memory();
	return s;
}

static int group_cmp(const void *x, const void *y)
{
	const group *a = x, *b = y;

	return a->count != b->count ? (a->count > b->count ? -1 : 1) : strcmp(a->fields, b->fields);
}

/* Group the components that lack something by the set of fields they lack. */
static group *make_groups(const vg_check_profile_report *pr, size_t *n)
{
	group *g = calloc(pr->component_count + 1, sizeof(*g));
	size_t i, k;
	char *fields;

	*n = 0;
	for (i = 0; g && i < pr->component_count; i++) {
		if (!pr->components[i].missing.count)
			continue;
		fields = join(&pr->components[i].missing);
		for (k = 0; k < *n && strcmp(g[k].fields, fields); k++)
			;
		if (k == *n) {
			g[k].fields = fields;
			g[k].members = malloc(pr->component_count * sizeof(size_t));
			(*n)++;
		} else {
			free(fields);
		}
		if (!g[k].members)
			out_of_memory();
		g[k].members[g[k].count++] = i;
	}
	if (g)
		qsort(g, *n, sizeof(*g), group_cmp);
	return g;
}

static void print_groups(const vg_check_profile_report *pr)
{
	size_t n, i, j, shown;
	group *g = make_groups(pr, &n);

	if (!g)
		return;
	if (n)
		printf("  components by missing fields:\n");
	for (i = 0; i < n; i++) {
		if (i < MAX_GROUPS) {
			printf("    %zu component%s lack%s: %s\n      ", g[i].count,
			       g[i].count == 1 ? "" : "s", g[i].count == 1 ? "s" : "", g[i].fields);
			shown = g[i].count < EXAMPLES ? g[i].count : EXAMPLES;
			for (j = 0; j < shown; j++) {
				printf("%s", j ? ", " : "");
				print_component(&pr->components[g[i].members[j]]);
			}
			if (shown < g[i].count)
				printf(" (+%zu more; --verbose lists all)", g[i].count - shown);
			printf("\n");
		}
		free(g[i].fields);
		free(g[i].members);
	}
	if (n > MAX_GROUPS)
		printf("    ... %zu more groups (--verbose lists all)\n", n - MAX_GROUPS);
	free(g);
}

/* --verbose: one line per component that lacks anything, recommendations included. */
static void print_each_component(const vg_check_profile_report *pr)
{
	const vg_check_component *c;
	char *fields, *rec;
	size_t i;

	for (i = 0; i < pr->component_count; i++) {
		c = &pr->components[i];
		if (!c->missing.count && !c->missing_recommended.count)
			continue;
		fields = join(&c->missing);
		rec = join(&c->missing_recommended);
		printf("    ");
		print_component(c);
		printf(" [%s]: %s%s%s%s\n", c->ref ? c->ref : "", fields, *fields && *rec ? "; " : "",
		       *rec ? "recommended: " : "", rec);
		free(fields);
		free(rec);
	}
}

static void print_requirement(const vg_check_result *r)
{
	printf("    %-34s %-18s %s", r->req->id, r->req->section, r->req->title);
	if (r->req->scope == VG_CHECK_DOCUMENT)
		printf(": %s\n", r->detail ? r->detail : "missing");
	else
		printf(": %zu of %zu components lack it, score %.1f\n", r->checked - r->passed,
		       r->checked, r->score);
}

static void print_profile(const vg_check_profile_report *pr, bool verbose)
{
	size_t i, failing = 0, recommended = 0;

	printf("%s: %.1f/100, grade %c, %zu of %zu required requirements met%s\n", pr->title,
	       pr->score, pr->grade, pr->required_met, pr->required_count,
	       pr->compliant ? " (compliant)" : "");
	for (i = 0; i < pr->result_count; i++) {
		const vg_check_result *r = &pr->results[i];

		if (r->passed == r->checked)
			continue;
		if (r->req->level == VG_CHECK_RECOMMENDED) {
			recommended++;
			continue;
		}
		if (!failing++)
			printf("  failing requirements:\n");
		print_requirement(r);
	}
	if (verbose)
		print_each_component(pr);
	else
		print_groups(pr);
	if (recommended)
		printf("  recommendations (not scored):\n");
	for (i = 0; recommended && i < pr->result_count; i++)
		if (pr->results[i].req->level == VG_CHECK_RECOMMENDED &&
		    pr->results[i].passed != pr->results[i].checked)
			print_requirement(&pr->results[i]);
	printf("\n");
}

static void print_human(const char *file, const vg_sbom *sbom, const vg_check_report *r,
			bool verbose)
{
	size_t i;

	printf("%s: %s%s%s, %zu components\n\n", file, vg_sbom_format_name(sbom->source_format),
	       sbom->spec_version ? " " : "", sbom->spec_version ? sbom->spec_version : "",
	       sbom->component_count + (sbom->primary ? 1 : 0));
	for (i = 0; i < r->profile_count; i++)
		print_profile(&r->profiles[i], verbose);
	for (i = 0; i < r->notes.count; i++)
		printf("note: %s\n", r->notes.items[i]);
}

/* ---- JSON ---- */

static int print_json(const char *file, const vg_sbom *sbom, const vg_check_report *r,
		      const opts *o, bool passed)
{
	json_t *j = vg_check_report_json(r);
	char *text;
	int rc;

	if (!j || json_object_set_new(j, "file", json_string(file)) ||
	    json_object_set_new(j, "format", json_string(vg_sbom_format_name(sbom->source_format))) ||
	    (sbom->spec_version &&
	     json_object_set_new(j, "spec_version", json_string(sbom->spec_version))) ||
	    (o->gate && json_object_set_new(j, "gate", json_pack("{s:f, s:b}", "min_score",
								  o->min_score, "passed",
								  passed)))) {
		json_decref(j);
		return vg_error_set(VG_ENOMEM, "out of memory");
	}
	text = vg_json_dump(j);
	json_decref(j);
	if (!text)
		return vg_error_set(VG_ENOMEM, "out of memory");
	rc = vg_file_write_output(NULL, text, strlen(text));
	free(text);
	return rc;
}

int cmd_sbom_check(int argc, char **argv)
{
	opts o = { 0 };
	vg_sbom *sbom = NULL;
	vg_check_report *report = NULL;
	bool passed = true;
	size_t i;
	int rc = parse_args(argc, argv, &o);

	if (rc)
		return rc < 0 ? CLI_EXIT_OK : rc;
	rc = vg_sbom_read_file(o.file, &sbom);
	if (!rc)
		rc = vg_sbom_check(sbom, o.profiles, &report);
	if (rc) {
		vg_sbom_free(sbom);
		return cli_fail(rc);
	}
	for (i = 0; o.gate && i < report->profile_count; i++)
		if (report->profiles[i].score < o.min_score)
			passed = false;
	if (o.json) {
		rc = print_json(o.file, sbom, report, &o, passed);
	} else {
		print_human(o.file, sbom, report, o.verbose);
	}
	vg_check_report_free(report);
	vg_sbom_free(sbom);
	if (rc)
		return cli_fail(rc);
	if (!passed && !o.json)
		fprintf(stderr, PROG ": a profile scores below %.1f\n", o.min_score);
	return passed ? CLI_EXIT_OK : CLI_EXIT_FAIL;
}
