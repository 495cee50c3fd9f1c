/*
 * cmd_purl.c - `vigil purl`: check Package URLs and print their canonical form.
 *
 *   vigil purl [--json] PURL...
 *
 * Each PURL is parsed and normalised (vigil/purl.h); the canonical string is
 * printed one per line, or with --json a JSON array with the components.
 * Every argument is processed; the exit code is 3 if any was invalid.
 */
#include "cli.h"
#include "commands.h"

#include "vigil/error.h"
#include "vigil/json.h"
#include "vigil/purl.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"Usage: vigil purl [--json] PURL...\n"
	"Check Package URLs (ECMA-427) and print their canonical form.\n"
	"\n"
	"  --json      print a JSON array: input, canonical purl and components\n"
	"  -h, --help  show this help\n"
	"\n"
	"Exit codes: 0 all valid, 2 usage error, 3 an invalid purl, 6 internal error.\n";

static json_t *purl_json(const char *input, const vg_purl *p, const char *canonical)
{
	json_t *o = json_object(), *q = json_object();
	size_t i;

	json_object_set_new(o, "input", json_string(input));
	json_object_set_new(o, "purl", json_string(canonical));
	json_object_set_new(o, "type", json_string(p->type));
	vg_json_set_string_if(o, "namespace", p->namespace);
	json_object_set_new(o, "name", json_string(p->name));
	vg_json_set_string_if(o, "version", p->version);
	for (i = 0; i < p->qualifier_count; i++)
		json_object_set_new(q, p->qualifiers[i].key, json_string(p->qualifiers[i].value));
	json_object_set_new(o, "qualifiers", q);
	vg_json_set_string_if(o, "subpath", p->subpath);
	return o;
}

/* One argument: print it (or add it to `out`); returns an exit code. */
static int show(const char *arg, json_t *out)
{
	vg_purl *p;
	char *s;
	int rc = vg_purl_parse(arg, &p);

	if (rc != VG_OK)
		return cli_fail(rc);
	if (!(s = vg_purl_to_string(p))) {
		vg_purl_free(p);
		return cli_fail(VG_ENOMEM);
	}
	if (out)
		json_array_append_new(out, purl_json(arg, p, s));
	else
		printf("%s\n", s);
	free(s);
	vg_purl_free(p);
	return CLI_EXIT_OK;
}

int cmd_purl(int argc, char **argv)
{
	static const struct option options[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	json_t *out = NULL;
	int c, i, worst = CLI_EXIT_OK;

	while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		if (c == 'h') {
			fputs(usage, stdout);
			return CLI_EXIT_OK;
		}
		if (c != 'j')
			return cli_usage_error("vigil purl", "unknown option");
		out = out ? out : json_array();
	}
	if (optind >= argc) {
		json_decref(out);
		return cli_usage_error("vigil purl", "no purl given");
	}
	for (i = optind; i < argc; i++) {
		int rc = show(argv[i], out);

		worst = rc > worst ? rc : worst;
	}
	if (out) {
		char *text = vg_json_dump(out);

		if (text)
			fputs(text, stdout);
		free(text);
		json_decref(out);
	}
	return worst;
}
