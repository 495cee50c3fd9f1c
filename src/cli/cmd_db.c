/*
 * cmd_db.c - `vigil db`: the local vulnerability database.
 *
 *   vigil db import [--db PATH] [--json] [--strict] FILE...
 *   vigil db stats  [--db PATH] [--json]
 *   vigil db show   [--db PATH] [--json] ID (cmd_db_show.c)
 *   vigil db update ... (cmd_db_update.c)
 */
#include "cli.h"
#include "commands.h"
#include "vigil/error.h"
#include "vigil/json.h"
#include "vigil/time.h"
#include "vigil/vulndb.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How many per-record errors a human sees before "... and N more". */
#define SHOWN_ERRORS 20

typedef struct db_options {
	const char *db_path;
	bool json;
	bool strict;
	bool help;
} db_options;

static const char db_help[] =
	"Usage: vigil db COMMAND [OPTIONS]\n"
	"\n"
	"The local, offline vulnerability database (one SQLite file).\n"
	"\n"
	"Commands:\n"
	"  import PATH...  import feeds: files, directory trees, zip dumps (osv.dev's\n"
	"                  all.zip), gzip files; formats detected from the content:\n"
	"                  OSV JSON, NVD CVE API 2.0 JSON and 1.1 feeds, CVE JSON 5\n"
	"                  records (cvelistV5, vulnrichment), Debian security tracker\n"
	"                  DSA/DLA lists (give data/DSA/list itself) and JSON, Alpine\n"
	"                  secdb JSON, CSAF 2.0 advisories, CISA KEV JSON,\n"
	"                  FIRST EPSS CSV\n"
	"  stats           counts of vulnerabilities, records, KEV, EPSS; per source\n"
	"                  its records, when its data was last updated and its newest\n"
	"                  record\n"
	"  show ID         one vulnerability (by CVE, GHSA, OSV, DSA... id): its severities,\n"
	"                  KEV and EPSS, and each source with the packages and CPE\n"
	"                  configurations it says are affected, and its references\n"
	"  update          download the public feeds (OSV, NVD, KEV, EPSS) and import what\n"
	"                  changed; see 'vigil db update --help'\n"
	"\n"
	"Options:\n"
	"  --db PATH   database file (default $XDG_DATA_HOME/vigil/vuln.db)\n"
	"  --json      machine-readable output on stdout\n"
	"  --strict    import: exit 3 when any record was malformed (they are skipped\n"
	"              either way; the rest of the file is imported)\n"
	"  -h, --help  this help\n"
	"\n"
	"An import is one transaction: if it fails or is killed, the database is as\n"
	"it was before.\n"
	"\n"
	"Exit status: 0 success, 2 usage, 3 unreadable or unrecognised input, or no\n"
	"record imported because every one failed (any malformed record with\n"
	"--strict), 4 file not found or I/O, 6 database error.\n";

static int parse_options(const char *prog, int argc, char **argv, db_options *o)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "json", no_argument, NULL, 'j' },
		{ "strict", no_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	memset(o, 0, sizeof(*o));
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': o->db_path = optarg; break;
		case 'j': o->json = true; break;
		case 's': o->strict = true; break;
		case 'h': o->help = true; break;
		default: return cli_usage_error(prog, "invalid option");
		}
	}
	return CLI_EXIT_OK;
}

static json_t *report_json(const char *file, const vg_import_report *r)
{
	json_t *errors = json_array();
	size_t i;

	for (i = 0; i < r->errors.count; i++)
		json_array_append_new(errors, json_string(r->errors.items[i]));
	return json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:o}", "file", file, "format",
			 r->format ? r->format : "", "added", (json_int_t)r->added, "updated",
			 (json_int_t)r->updated, "unchanged", (json_int_t)r->unchanged, "removed",
			 (json_int_t)r->removed, "failed", (json_int_t)r->failed, "errors", errors);
}

static void print_report(const char *file, const vg_import_report *r)
{
	size_t i;

	printf("%s (%s): %zu added, %zu updated, %zu unchanged, %zu removed, %zu failed\n", file,
	       r->format, r->added, r->updated, r->unchanged, r->removed, r->failed);
	for (i = 0; i < r->errors.count && i < SHOWN_ERRORS; i++)
		fprintf(stderr, "vigil: skipped: %s\n", r->errors.items[i]);
	if (r->failed > SHOWN_ERRORS)
		fprintf(stderr, "vigil: ... and %zu more malformed records (see --json)\n",
			r->failed - SHOWN_ERRORS);
}

static int db_import(int argc, char **argv, const db_options *o)
{
	vg_progress progress = { cli_progress_bar, NULL };
	json_t *reports = json_array();
	vg_import_report r;
	vg_vulndb *db;
	size_t failed = 0, taken = 0;
	int i, rc, exit_code = cli_open_vulndb(o->db_path, VG_VULNDB_WRITE, &db);

	if (exit_code)
		return exit_code;
	for (i = 0; i < argc && exit_code == CLI_EXIT_OK; i++) {
		rc = vg_vulndb_import(db, argv[i], o->json ? NULL : &progress, &r);
		if (rc) {
			exit_code = cli_fail(rc);
		} else if (o->json) {
			json_array_append_new(reports, report_json(argv[i], &r));
		} else {
			print_report(argv[i], &r);
		}
		failed += r.failed;
		taken += r.added + r.updated + r.unchanged + r.removed;
		vg_import_report_free(&r);
	}
	if (o->json && exit_code == CLI_EXIT_OK)
		vg_json_write_file("-", reports);
	json_decref(reports);
	vg_vulndb_close(db);
	/* Skipping a bad record is a success only beside records that were not. */
	if (exit_code == CLI_EXIT_OK && failed && !taken)
		fprintf(stderr, "vigil: nothing imported (%zu failed)\n", failed);
	if (exit_code == CLI_EXIT_OK && failed && (o->strict || !taken))
		exit_code = CLI_EXIT_INPUT;
	return exit_code;
}

/* "2026-11-23T07:30:00Z" or null. */
static json_t *time_json(int64_t usec)
{
	char buf[21];

	if (!usec)
		return json_null();
	vg_time_format(usec, buf);
	return json_string(buf);
}

static json_t *stats_json(const vg_vulndb_stats *s)
{
	json_t *by_source = json_object(), *sources = json_array();
	size_t i;

	for (i = 0; i < s->source_count; i++) {
		const vg_vulndb_source_stats *src = &s->sources[i];

		if (strcmp(src->name, "epss") && src->records)
			json_object_set_new(by_source, src->name, json_integer(src->records));
		json_array_append_new(sources,
				      json_pack("{s:s, s:I, s:o, s:s?}", "name", src->name, "records",
						(json_int_t)src->records, "updated",
						time_json(src->updated), "newest", src->newest));
	}
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:o, s:o}", "vulnerabilities",
			 (json_int_t)s->vulnerabilities, "aliases", (json_int_t)s->aliases,
			 "records", (json_int_t)s->records, "affected_packages",
			 (json_int_t)s->affected_packages, "cpe_matches", (json_int_t)s->cpe_matches,
			 "exploited", (json_int_t)s->exploited, "epss_scores",
			 (json_int_t)s->epss_scores, "records_by_source", by_source, "sources",
			 sources);
}

static void print_stats(const vg_vulndb_stats *s)
{
	char when[21], age[24], ago[32];
	size_t i;

	printf("vulnerabilities    %lld\naliases            %lld\nrecords            %lld\n"
	       "affected packages  %lld\nCPE matches        %lld\n"
	       "exploited (KEV)    %lld\nEPSS scores        %lld\n",
	       (long long)s->vulnerabilities, (long long)s->aliases, (long long)s->records,
	       (long long)s->affected_packages, (long long)s->cpe_matches,
	       (long long)s->exploited, (long long)s->epss_scores);
	if (!s->source_count)
		return;
	printf("\n%-8s %10s  %-20s  %-14s  %s\n", "source", "records", "updated", "",
	       "newest record");
	for (i = 0; i < s->source_count; i++) {
		const vg_vulndb_source_stats *src = &s->sources[i];

		strcpy(when, "never");
		ago[0] = '\0';
		if (src->updated) {
			vg_time_format(src->updated, when);
			vg_time_age(vg_time_now() - src->updated, age);
			snprintf(ago, sizeof(ago), "%s ago", age);
		}
		printf("%-8s %10lld  %-20s  %-14s  %s\n", src->name, (long long)src->records, when,
		       ago, src->newest ? src->newest : "-");
	}
}

static int db_stats(const db_options *o)
{
	vg_vulndb_stats s;
	vg_vulndb *db;
	json_t *out;
	int rc, exit_code = cli_open_vulndb(o->db_path, VG_VULNDB_READONLY, &db);

	if (exit_code)
		return exit_code;
	rc = vg_vulndb_stats_get(db, &s);
	vg_vulndb_close(db);
	if (rc)
		return cli_fail(rc);
	if (o->json) {
		out = stats_json(&s);
		vg_json_write_file("-", out);
		json_decref(out);
	} else {
		print_stats(&s);
	}
	vg_vulndb_stats_free(&s);
	return CLI_EXIT_OK;
}

int cmd_db(int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : NULL;
	db_options o;
	int rc;

	if (!sub || !strcmp(sub, "--help") || !strcmp(sub, "-h") || !strcmp(sub, "help")) {
		fputs(db_help, sub ? stdout : stderr);
		return sub ? CLI_EXIT_OK : CLI_EXIT_USAGE;
	}
	if (!strcmp(sub, "update"))
		return cmd_db_update(argc - 1, argv + 1);
	rc = parse_options("vigil db", argc - 1, argv + 1, &o);
	if (rc)
		return rc;
	if (o.help) {
		fputs(db_help, stdout);
		return CLI_EXIT_OK;
	}
	argc -= 1 + optind;
	argv += 1 + optind;
	if (!strcmp(sub, "import")) {
		if (argc < 1)
			return cli_usage_error("vigil db import", "expected one or more files");
		return db_import(argc, argv, &o);
	}
	if (!strcmp(sub, "stats"))
		return db_stats(&o);
	if (!strcmp(sub, "show")) {
		if (argc != 1)
			return cli_usage_error("vigil db show", "expected one vulnerability id");
		return cmd_db_show(o.db_path, o.json, argv[0]);
	}
	return cli_usage_error("vigil db", "unknown command '%s'", sub);
}
