/*
 * cmd_scan.c - `vigil scan`: match an SBOM (or a root filesystem) against the
 * vulnerability database and report the findings (vigil/scan.h).
 *
 * The table groups findings by severity, most severe first, one line each;
 * the machine formats (json, cyclonedx, sarif) come from the library's
 * writers.  --fail-on turns the scan into a CI gate: exit 1 when a finding
 * that no VEX statement suppresses reaches the threshold.
 */
#include "cli.h"
#include "commands.h"
#include "vigil/buf.h"
#include "vigil/error.h"
#include "vigil/file.h"
#include "vigil/sbom.h"
#include "vigil/sbom_generate.h"
#include "vigil/scan.h"
#include "vigil/str.h"
#include "vigil/thread.h"
#include "vigil/vex.h"
#include "vigil/vulndb.h"

#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PROG "vigil scan"

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: " PROG " [OPTIONS] SBOM\n"
		"       " PROG " [OPTIONS] --rootfs DIR\n\n"
		"Match the components of an SBOM (CycloneDX 1.2-1.7, SPDX 2.3 or SPDX 3 JSON;\n"
		"'-' for standard input), or of a root filesystem's package databases, against\n"
		"the local vulnerability database (see vigil-db(1)).  Distro packages are\n"
		"matched against their distribution's own data by source package and release,\n"
		"language packages against OSV ranges of their ecosystem, components with\n"
		"CPEs against NVD / CVE 5 configurations.\n\n"
		"Options:\n"
		"      --db PATH          database (default $XDG_DATA_HOME/vigil/vuln.db)\n"
		"      --rootfs DIR       scan the packages installed under DIR ('/' for this\n"
		"                         machine) instead of an SBOM file\n"
		"      --vex FILE         apply the statements of a VEX document (OpenVEX,\n"
		"                         CycloneDX, CSAF or SPDX 3); repeatable.  not_affected\n"
		"                         and fixed suppress a finding (kept in JSON, not\n"
		"                         counted).  The SBOM's own statements apply too:\n"
		"                         CycloneDX analysis and pedigree patches, SPDX 3 VEX\n"
		"      --no-sbom-vex      ignore the statements the SBOM makes about its own\n"
		"                         components\n"
		"  -f, --format F         table (default), json, cyclonedx (a CycloneDX 1.6\n"
		"                         VDR: the SBOM with its vulnerabilities) or sarif\n"
		"      --json             the same as --format json\n"
		"  -o, --output FILE      write the report to FILE (atomically) instead of\n"
		"                         standard output\n"
		"      --fail-on LEVEL    exit 1 when an unsuppressed finding is at least\n"
		"                         LEVEL (low, medium, high, critical) or, with\n"
		"                         'exploited', in CISA KEV\n"
		"      --only-fixed       leave out findings no fix exists for yet (counted in\n"
		"                         the summary); with --fail-on, gate on what can be\n"
		"                         fixed now\n"
		"      --show-suppressed  list VEX-suppressed findings in the table too\n"
		"      --max-db-age DAYS  warn when a source's data (osv, nvd, kev, ...) was\n"
		"                         last updated more than DAYS days ago (default 7;\n"
		"                         0: never)\n"
		"      --require-fresh    do not scan (exit 5) when a source's data is older\n"
		"                         than --max-db-age or the database does not record\n"
		"                         when it was updated\n"
		"      --color WHEN       auto (default: on a terminal), always or never\n"
		"  -q, --quiet            no progress bar, no warnings on standard error\n"
		"  -h, --help             show this help\n\n"
		"Exit status:\n"
		"  0  scanned (and nothing reached --fail-on)\n"
		"  1  a finding reached --fail-on\n"
		"  2  usage error\n"
		"  3  the SBOM or a VEX document is malformed or unsupported\n"
		"  4  a file, the root filesystem or the database cannot be read\n"
		"  5  --require-fresh: the database is older than --max-db-age\n"
		"  6  internal or database error\n");
}

typedef enum format { FORMAT_TABLE, FORMAT_JSON, FORMAT_CYCLONEDX, FORMAT_SARIF } format;

typedef struct opts {
	const char *db, *rootfs, *sbom, *output;
	const char **vex;
	size_t nvex;
	format fmt;
	bool gate, gate_exploited, show_suppressed, quiet, color, only_fixed, require_fresh;
	bool no_sbom_vex;
	vg_severity threshold;
	int max_age_days; /* as vg_scan_options.max_age_days */
} opts;

static int parse_format(const char *s, format *out)
{
	if (!strcmp(s, "table"))
		*out = FORMAT_TABLE;
	else if (!strcmp(s, "json"))
		*out = FORMAT_JSON;
	else if (!strcmp(s, "cyclonedx") || !strcmp(s, "vdr") || !strcmp(s, "cdx"))
		*out = FORMAT_CYCLONEDX;
	else if (!strcmp(s, "sarif"))
		*out = FORMAT_SARIF;
	else
		return cli_usage_error(PROG, "--format: '%s' is not table, json, cyclonedx or sarif",
				       s);
	return CLI_EXIT_OK;
}

static int parse_fail_on(const char *s, opts *o)
{
	o->gate = true;
	if (!strcmp(s, "exploited")) {
		o->gate_exploited = true;
		return CLI_EXIT_OK;
	}
	if (vg_severity_parse(s, &o->threshold) || o->threshold < VG_SEV_LOW)
		return cli_usage_error(PROG, "--fail-on: '%s' is not low, medium, high, critical "
				       "or exploited", s);
	return CLI_EXIT_OK;
}

static int parse_color(const char *s, bool *out)
{
	if (!strcmp(s, "always"))
		*out = true;
	else if (!strcmp(s, "never"))
		*out = false;
	else if (!strcmp(s, "auto"))
		*out = cli_stdout_is_tty() && !getenv("NO_COLOR");
	else
		return cli_usage_error(PROG, "--color: '%s' is not auto, always or never", s);
	return CLI_EXIT_OK;
}

static int parse_max_age(const char *s, int *out)
{
	char *end;
	long days = strtol(s, &end, 10);

	if (!*s || *end || days < 0 || days > 36500)
		return cli_usage_error(PROG, "--max-db-age: '%s' is not a number of days (0 to 36500)",
				       s);
	*out = days ? (int)days : -1;
	return CLI_EXIT_OK;
}

static int parse_args(int argc, char **argv, opts *o)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "rootfs", required_argument, NULL, 'r' },
		{ "vex", required_argument, NULL, 'x' },
		{ "no-sbom-vex", no_argument, NULL, 'V' },
		{ "format", required_argument, NULL, 'f' },
		{ "json", no_argument, NULL, 'j' },
		{ "output", required_argument, NULL, 'o' },
		{ "fail-on", required_argument, NULL, 'F' },
		{ "show-suppressed", no_argument, NULL, 's' },
		{ "only-fixed", no_argument, NULL, 'u' },
		{ "color", required_argument, NULL, 'c' },
		{ "max-db-age", required_argument, NULL, 'a' },
		{ "require-fresh", no_argument, NULL, 'R' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c, rc = CLI_EXIT_OK;

	o->color = cli_stdout_is_tty() && !getenv("NO_COLOR");
	o->vex = calloc((size_t)argc, sizeof(*o->vex));
	if (!o->vex)
		return cli_fail(VG_ENOMEM);
	while (rc == CLI_EXIT_OK && (c = getopt_long(argc, argv, "f:o:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': o->db = optarg; break;
		case 'r': o->rootfs = optarg; break;
		case 'x': o->vex[o->nvex++] = optarg; break;
		case 'V': o->no_sbom_vex = true; break;
		case 'f': rc = parse_format(optarg, &o->fmt); break;
		case 'j': o->fmt = FORMAT_JSON; break;
		case 'o': o->output = optarg; break;
		case 'F': rc = parse_fail_on(optarg, o); break;
		case 's': o->show_suppressed = true; break;
		case 'u': o->only_fixed = true; break;
		case 'c': rc = parse_color(optarg, &o->color); break;
		case 'a': rc = parse_max_age(optarg, &o->max_age_days); break;
		case 'R': o->require_fresh = true; break;
		case 'q': o->quiet = true; break;
		case 'h': usage(stdout); return -1;
		default: return cli_usage_error(PROG, "unknown option");
		}
	}
	if (rc)
		return rc;
	if (o->rootfs ? optind != argc : optind != argc - 1)
		return cli_usage_error(PROG, o->rootfs ? "--rootfs takes no SBOM argument"
						       : "expected one SBOM file (or --rootfs DIR)");
	o->sbom = o->rootfs ? NULL : argv[optind];
	if (o->require_fresh && o->max_age_days < 0)
		return cli_usage_error(PROG, "--require-fresh needs a --max-db-age other than 0");
	if (o->output && o->fmt == FORMAT_TABLE)
		return cli_usage_error(PROG, "--output writes json, cyclonedx or sarif: add --format");
	return CLI_EXIT_OK;
}

/* ---- the table ---- */

static const char *severity_color(vg_severity s)
{
	switch (s) {
	case VG_SEV_CRITICAL: return "\033[1;31m";
	case VG_SEV_HIGH: return "\033[31m";
	case VG_SEV_MEDIUM: return "\033[33m";
	case VG_SEV_LOW: return "\033[36m";
	default: return "\033[2m";
	}
}

/* The widest a column grows; longer values are cut. */
#define COLUMN_MAX 48

static int width(int current, const char *s)
{
	int n = s ? (int)strlen(s) : 1;

	return n > current ? (n > COLUMN_MAX ? COLUMN_MAX : n) : current;
}

typedef struct columns {
	int id, component, version, fixed;
} columns;

static columns measure(const vg_scan_result *r)
{
	columns w = { 2, 9, 9, 5 };
	size_t i;

	for (i = 0; i < r->count; i++) {
		w.id = width(w.id, r->findings[i].vuln);
		w.component = width(w.component, r->findings[i].component_name);
		w.version = width(w.version, r->findings[i].installed_version);
		w.fixed = width(w.fixed, r->findings[i].fixed.count ? r->findings[i].fixed.items[0]
								    : NULL);
	}
	return w;
}

/* `s` cut at `max` bytes, padded to `width` columns, then `gap` spaces. */
static int put_cell(vg_buf *t, const char *s, int width, size_t max, size_t gap)
{
	static const char spaces[] = "                                                        ";
	size_t n = strnlen(s, max), pad = width > (int)n ? (size_t)width - n : 0;

	_Static_assert(sizeof(spaces) > COLUMN_MAX + 2, "a cell's padding and gap fit");
	return vg_buf_put(t, s, n) || vg_buf_put(t, spaces, pad + gap) ? VG_ENOMEM : VG_OK;
}

static int put_finding(vg_buf *t, const vg_finding *f, const columns *w)
{
	char facts[64] = "", cvss[16] = "   -";
	int n = 0;

	if (f->exploited)
		n = snprintf(facts, sizeof(facts), "KEV %s ", f->kev_date_added ? f->kev_date_added : "");
	if (f->has_epss && n >= 0 && (size_t)n < sizeof(facts))
		snprintf(facts + n, sizeof(facts) - (size_t)n, "EPSS %.3f", f->epss_score);
	if (f->cvss_vector)
		snprintf(cvss, sizeof(cvss), "%4.1f", f->cvss_score);
	if (vg_buf_puts(t, "  ") || put_cell(t, f->vuln ? f->vuln : "?", w->id, SIZE_MAX, 2) ||
	    put_cell(t, f->component_name, w->component, COLUMN_MAX, 2) ||
	    put_cell(t, f->installed_version ? f->installed_version : "-", w->version, COLUMN_MAX, 2) ||
	    put_cell(t, f->fixed.count ? f->fixed.items[0] : "-", w->fixed, COLUMN_MAX, 2) ||
	    put_cell(t, cvss, 0, SIZE_MAX, 2) || put_cell(t, facts, 26, SIZE_MAX, 0) ||
	    put_cell(t, f->source, 0, SIZE_MAX, 1) || vg_buf_puts(t, f->record_id))
		return VG_ENOMEM;
	if (f->distro_status && vg_buf_printf(t, " (%s)", f->distro_status))
		return VG_ENOMEM;
	if (f->confidence == VG_CONFIDENCE_LOW && vg_buf_puts(t, "  [low confidence]"))
		return VG_ENOMEM;
	if (f->vex && vg_buf_printf(t, "  [VEX %s%s%s]", vg_vex_status_name(f->vex->status),
				    f->vex->justification ? ": " : "",
				    f->vex->justification ? f->vex->justification : ""))
		return VG_ENOMEM;
	return vg_buf_putc(t, '\n');
}

static const char *upper(const char *s, char *out, size_t size)
{
	size_t i;

	for (i = 0; s[i] && i + 1 < size; i++)
		out[i] = (char)(s[i] >= 'a' && s[i] <= 'z' ? s[i] - 'a' + 'A' : s[i]);
	out[i] = '\0';
	return out;
}

static int put_group(vg_buf *t, const vg_scan_result *r, vg_severity sev, bool suppressed,
		     const columns *w, const opts *o)
{
	char heading[16];
	size_t i, n = 0;
	int rc;

	for (i = 0; i < r->count; i++)
		n += r->findings[i].suppressed == suppressed &&
		     (suppressed || r->findings[i].severity == sev);
	if (!n)
		return VG_OK;
	if (suppressed)
		rc = vg_buf_printf(t, "\n%sSUPPRESSED BY VEX (%zu)%s\n", o->color ? "\033[2m" : "", n,
				   o->color ? "\033[0m" : "");
	else
		rc = vg_buf_printf(t, "\n%s%s (%zu)%s\n", o->color ? severity_color(sev) : "",
				   upper(vg_severity_name(sev), heading, sizeof(heading)), n,
				   o->color ? "\033[0m" : "");
	for (i = 0; i < r->count && rc == VG_OK; i++)
		if (r->findings[i].suppressed == suppressed &&
		    (suppressed || r->findings[i].severity == sev))
			rc = put_finding(t, &r->findings[i], w);
	return rc;
}

/* The table is built in memory and written at once: a stdio call per cell
 * took 4 ms of a 10,000-component scan. */
static int print_table(const vg_scan_result *r, const opts *o)
{
	vg_buf t = VG_BUF_INIT;
	columns w = measure(r);
	vg_scan_tally n;
	int sev, rc;

	vg_scan_result_tally(r, &n);
	rc = vg_buf_printf(&t, "%zu components, %zu looked up: %zu finding%s (%zu in CISA KEV)",
			   r->components, r->matched_components, n.findings,
			   n.findings == 1 ? "" : "s", n.exploited);
	if (rc == VG_OK && n.low_confidence)
		rc = vg_buf_printf(&t, ", %zu of low confidence (to review)", n.low_confidence);
	if (rc == VG_OK && n.suppressed)
		rc = vg_buf_printf(&t, ", %zu suppressed by VEX", n.suppressed);
	if (rc == VG_OK && o->only_fixed)
		rc = vg_buf_printf(&t, ", %zu without a fix left out (--only-fixed)",
				   r->omitted_unfixed);
	if (rc == VG_OK)
		rc = vg_buf_putc(&t, '\n');
	if (rc == VG_OK && n.findings)
		rc = vg_buf_printf(&t, "\n  %-*s  %-*s  %-*s  %-*s  CVSS  KEV / EPSS                  SOURCE\n", w.id, "ID", w.component,
				   "COMPONENT", w.version, "INSTALLED", w.fixed, "FIXED");
	for (sev = VG_SEV_CRITICAL; sev >= VG_SEV_UNKNOWN && rc == VG_OK; sev--)
		rc = put_group(&t, r, (vg_severity)sev, false, &w, o);
	if (rc == VG_OK && o->show_suppressed)
		rc = put_group(&t, r, VG_SEV_UNKNOWN, true, &w, o);
	if (rc == VG_OK)
		fwrite(t.ptr, 1, t.len, stdout);
	vg_buf_free(&t);
	return rc ? vg_error_set(VG_ENOMEM, "out of memory writing the table") : VG_OK;
}

/* ---- the run ---- */

static int load_vex(const opts *o, vg_vex *vex)
{
	size_t i;
	int rc;

	for (i = 0; i < o->nvex; i++)
		if ((rc = vg_vex_load_file(vex, o->vex[i])))
			return rc;
	return VG_OK;
}

/*
 * The statements the SBOM makes about its own components (a build system's
 * record of the CVEs its patches fix, its supplier's analysis).  A malformed
 * one is a warning, not a failure: the findings it would have suppressed
 * then stand, which errs on the side of showing them.
 */
static int load_sbom_statements(const char *data, size_t len, const char *name, vg_vex *vex,
				vg_strlist *warnings)
{
	int rc = vg_vex_parse_sbom(vex, data, len, name, NULL);

	if (rc == VG_EPARSE || rc == VG_EUNSUPPORTED) {
		char *why = vg_strdup_printf("the SBOM's own VEX statements were not applied: %s",
					     vg_error_message());

		vg_error_clear();
		rc = why ? vg_strlist_add(warnings, why) : VG_ENOMEM;
		free(why);
	}
	return rc;
}

static int load_sbom(const opts *o, vg_vex *vex, vg_strlist *warnings, vg_sbom **out)
{
	vg_generate_options g = VG_GENERATE_OPTIONS_INIT;
	const char *name;
	char *data;
	size_t len;
	int rc;

	if (o->rootfs) {
		g.identity_only = true;
		if (!o->quiet)
			g.progress.fn = cli_progress_bar;
		return vg_sbom_generate_rootfs(o->rootfs, &g, out);
	}
	if (o->no_sbom_vex)
		return vg_sbom_read_file(o->sbom, out);
	if ((rc = vg_sbom_read_file_text(o->sbom, out, &data, &len)))
		return rc;
	name = strcmp(o->sbom, "-") ? o->sbom : "<stdin>";
	rc = load_sbom_statements(data, len, name, vex, warnings);
	free(data);
	return rc;
}

static int write_report(const opts *o, const vg_scan_result *r, const vg_sbom *sbom)
{
	char *doc = NULL;
	int rc;

	switch (o->fmt) {
	case FORMAT_JSON: rc = vg_scan_write_json(r, sbom, &doc); break;
	case FORMAT_CYCLONEDX: rc = vg_scan_write_vdr(r, sbom, &doc); break;
	case FORMAT_SARIF:
		rc = vg_scan_write_sarif(r, sbom, o->sbom ? o->sbom : o->rootfs, &doc);
		break;
	default: return VG_OK;
	}
	if (rc == VG_OK)
		rc = vg_file_write_output(o->output ? o->output : "-", doc, strlen(doc));
	free(doc);
	return rc;
}

/* --require-fresh: CLI_EXIT_VERIFY, naming each old source, unless every
 * source the database records was updated within the accepted age. */
static int check_fresh(vg_vulndb *db, const opts *o)
{
	vg_scan_options so = { .max_age_days = o->max_age_days };
	vg_strlist stale = VG_STRLIST_INIT;
	vg_vulndb_update *updates = NULL;
	size_t i, count = 0;
	int rc = vg_vulndb_updates_get(db, &updates, &count);

	if (rc == VG_OK)
		rc = vg_scan_check_age(updates, count, &so, &stale);
	vg_vulndb_updates_free(updates, count);
	if (rc) {
		vg_strlist_free(&stale);
		return cli_fail(rc);
	}
	if (!count)
		fprintf(stderr, PROG ": the database does not record when it was updated "
				     "(run 'vigil db update' or import the feeds again)\n");
	for (i = 0; i < stale.count; i++)
		fprintf(stderr, PROG ": %s, over --max-db-age %d (run 'vigil db update')\n",
			stale.items[i], o->max_age_days ? o->max_age_days : VG_SCAN_MAX_AGE_DAYS);
	rc = !count || stale.count ? CLI_EXIT_VERIFY : CLI_EXIT_OK;
	vg_strlist_free(&stale);
	return rc;
}

static int run(const opts *o)
{
	vg_vulndb *db = NULL;
	vg_sbom *sbom = NULL;
	vg_vex *vex = NULL;
	vg_strlist warnings = VG_STRLIST_INIT;
	vg_scan_result result;
	vg_scan_options so = { 0 };
	size_t i;
	bool scanned = false;
	int rc, exit_code;

	/* A large SBOM's reading and scanning hand work to a second thread:
	 * wake it while the database opens and the file is read. */
	vg_thread_warm();
	exit_code = cli_open_vulndb(o->db, VG_VULNDB_READONLY, &db);

	if (exit_code == CLI_EXIT_OK && o->require_fresh)
		exit_code = check_fresh(db, o);
	if (exit_code) {
		vg_vulndb_close(db);
		return exit_code;
	}
	/* the SBOM's statements first: a --vex document's win a tie */
	vex = vg_vex_new();
	rc = vex ? load_sbom(o, vex, &warnings, &sbom) : vg_error_set(VG_ENOMEM, "out of memory");
	if (rc == VG_OK)
		rc = load_vex(o, vex);
	so.vex = vex && vex->count ? vex : NULL;
	so.only_fixed = o->only_fixed;
	so.max_age_days = o->max_age_days;
	if (rc == VG_OK && (rc = vg_scan(db, sbom, &so, &result)) == VG_OK) {
		scanned = true;
		for (i = 0; i < warnings.count && rc == VG_OK; i++)
			rc = vg_strlist_add(&result.warnings, warnings.items[i]);
		if (rc == VG_OK)
			rc = o->fmt == FORMAT_TABLE ? print_table(&result, o)
						    : write_report(o, &result, sbom);
		for (i = 0; !o->quiet && i < result.warnings.count; i++)
			fprintf(stderr, PROG ": warning: %s\n", result.warnings.items[i]);
		if (rc == VG_OK && o->gate &&
		    vg_scan_result_fails(&result, o->gate_exploited ? VG_SEV_UNKNOWN : o->threshold,
					 o->gate_exploited))
			exit_code = CLI_EXIT_FAIL;
	}
	if (rc)
		exit_code = cli_fail(rc);
	vg_vulndb_close(db);
	cli_exit_without_freeing(exit_code);
	if (scanned)
		vg_scan_result_free(&result);
	vg_sbom_free(sbom);
	vg_vex_free(vex);
	vg_strlist_free(&warnings);
	return exit_code;
}

int cmd_scan(int argc, char **argv)
{
	opts o = { 0 };
	int rc = parse_args(argc, argv, &o);

	if (rc == CLI_EXIT_OK)
		rc = run(&o);
	free(o.vex);
	return rc < 0 ? CLI_EXIT_OK : rc;
}
