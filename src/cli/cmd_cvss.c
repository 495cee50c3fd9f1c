/*
 * cmd_cvss.c - `vigil cvss [--json] VECTOR...`: parse CVSS v2/v3.0/v3.1/v4.0
 * vectors and print their normal form, version, scores and severities.
 * Every vector is handled; if any is invalid the command says which and why
 * on stderr and exits 3 (the valid ones are still printed).
 */
#include "cli.h"
#include "commands.h"
#include "vigil/cvss.h"
#include "vigil/error.h"

#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"Usage: vigil cvss [--json] VECTOR...\n"
	"\n"
	"Parse CVSS vectors (v2, v3.0, v3.1, v4.0) and print each one's normal form,\n"
	"version, base score and severity, and where the vector carries them the\n"
	"temporal and environmental scores (v2, v3) or the CVSS-BT/BE/BTE score (v4).\n"
	"\n"
	"Options:\n"
	"  --json      print a JSON array, one object per vector: version, vectorString,\n"
	"              baseScore/baseSeverity (FIRST schema names), temporal... and\n"
	"              environmental... when given (v2, v3); for v4 nomenclature,\n"
	"              score and severity over every metric given\n"
	"  -h, --help  show this help\n"
	"\n"
	"Exit codes: 0 all vectors valid, 2 usage error, 3 a vector is invalid,\n"
	"6 internal error.\n";

static void print_line(const char *label, double score, vg_cvss_version v)
{
	printf("  %-14s %4.1f %s\n", label, score,
	       vg_cvss_severity_name(vg_cvss_severity_of(v, score)));
}

static void print_text(const char *normal, const vg_cvss *c, const vg_cvss_scores *sc)
{
	printf("%s\n  %-14s %s\n", normal, "version", vg_cvss_version_name(c->version));
	if (c->version == VG_CVSS_V4_0) {
		print_line("CVSS-B", sc->base, c->version);
		if (strcmp(sc->nomenclature, "CVSS-B"))
			print_line(sc->nomenclature, sc->score, c->version);
		return;
	}
	print_line("base", sc->base, c->version);
	if (sc->has_temporal)
		print_line("temporal", sc->temporal, c->version);
	if (sc->has_environmental)
		print_line("environmental", sc->environmental, c->version);
}

/* Add "<key>Score" and "<key>Severity" (upper case, as FIRST's schemas spell
 * it); key "" adds "score" and "severity". */
static int add_score(json_t *o, const char *key, double score, vg_cvss_version v)
{
	char name[40], sev[16];
	size_t i;

	snprintf(sev, sizeof(sev), "%s", vg_cvss_severity_name(vg_cvss_severity_of(v, score)));
	for (i = 0; sev[i]; i++)
		sev[i] = (char)toupper((unsigned char)sev[i]);
	snprintf(name, sizeof(name), "%s%s", key, *key ? "Score" : "score");
	if (json_object_set_new(o, name, json_real(score)))
		return -1;
	snprintf(name, sizeof(name), "%s%s", key, *key ? "Severity" : "severity");
	return json_object_set_new(o, name, json_string(sev));
}

static json_t *to_json(const char *normal, const vg_cvss *c, const vg_cvss_scores *sc)
{
	json_t *o = json_object();
	int bad = !o;

	bad = bad || json_object_set_new(o, "version", json_string(vg_cvss_version_name(c->version)));
	bad = bad || json_object_set_new(o, "vectorString", json_string(normal));
	bad = bad || add_score(o, "base", sc->base, c->version);
	if (c->version == VG_CVSS_V4_0) {
		bad = bad || json_object_set_new(o, "nomenclature", json_string(sc->nomenclature));
		bad = bad || add_score(o, "", sc->score, c->version);
	} else {
		if (sc->has_temporal)
			bad = bad || add_score(o, "temporal", sc->temporal, c->version);
		if (sc->has_environmental)
			bad = bad || add_score(o, "environmental", sc->environmental, c->version);
	}
	if (bad) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* Handle one vector; returns an exit code. */
static int one(const char *arg, json_t *out)
{
	vg_cvss c;
	vg_cvss_scores sc;
	char *normal;
	json_t *o;
	int rc = vg_cvss_parse(&c, arg, strlen(arg));

	if (rc == VG_OK)
		rc = vg_cvss_score(&c, &sc);
	if (rc != VG_OK) {
		fprintf(stderr, "vigil cvss: '%s': %s\n", arg, vg_error_message());
		return cli_exit_code(rc);
	}
	normal = vg_cvss_format(&c);
	if (!normal)
		return cli_fail(VG_ENOMEM);
	if (out) {
		o = to_json(normal, &c, &sc);
		rc = !o || json_array_append_new(out, o) ? CLI_EXIT_INTERNAL : CLI_EXIT_OK;
	} else {
		print_text(normal, &c, &sc);
		rc = CLI_EXIT_OK;
	}
	free(normal);
	return rc;
}

static int print_json(const json_t *arr)
{
	/* Scores are one-decimal numbers: print them as such, not as 9.8000000000000007. */
	char *text = json_dumps(arr, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(3));
	int rc;

	if (!text)
		return cli_fail(vg_error_set(VG_ENOMEM, "out of memory serialising JSON"));
	rc = puts(text) < 0 ? cli_fail(vg_error_set(VG_EIO, "<stdout>: write failed")) : CLI_EXIT_OK;
	free(text);
	return rc;
}

int cmd_cvss(int argc, char **argv)
{
	json_t *arr = NULL;
	int i, json = 0, rc = CLI_EXIT_OK, r;

	/* Options come first; no vector starts with '-'. */
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		}
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			fputs(usage, stdout);
			return CLI_EXIT_OK;
		}
		if (strcmp(argv[i], "--json"))
			return cli_usage_error("vigil cvss", "unknown option '%s'", argv[i]);
		json = 1;
	}
	if (i >= argc)
		return cli_usage_error("vigil cvss", "no vector given");
	if (json && !(arr = json_array()))
		return cli_fail(vg_error_set(VG_ENOMEM, "out of memory"));
	for (; i < argc; i++) {
		r = one(argv[i], arr);
		if (r > rc)
			rc = r;
	}
	if (arr) {
		r = print_json(arr);
		if (r > rc)
			rc = r;
		json_decref(arr);
	}
	return rc;
}
