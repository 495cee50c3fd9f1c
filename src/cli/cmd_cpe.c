/*
 * cmd_cpe.c - `vigil cpe`: convert and match CPE 2.3 names.
 *
 *   vigil cpe [--json] [--fs|--uri] CPE...   print each name in one binding
 *   vigil cpe match [--json] SOURCE TARGET   NISTIR 7696 name matching
 *
 * Names may be given in either binding (formatted string or URI).  `match`
 * prints the name-level relation (SUPERSET, SUBSET, EQUAL, DISJOINT,
 * UNDEFINED) and exits 0 when SOURCE matches TARGET, 1 when it does not.
 */
#include "cli.h"
#include "commands.h"

#include "vigil/cpe.h"
#include "vigil/error.h"
#include "vigil/json.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"Usage: vigil cpe [--json] [--fs|--uri] CPE...\n"
	"       vigil cpe match [--json] SOURCE TARGET\n"
	"Convert CPE 2.3 names between bindings, and match them (NISTIR 7695/7696).\n"
	"A CPE is a formatted string (cpe:2.3:a:vendor:product:...) or a URI\n"
	"(cpe:/a:vendor:product:version).\n"
	"\n"
	"  --fs        print the formatted-string binding (the default)\n"
	"  --uri       print the URI binding\n"
	"  --json      print JSON: bindings, WFN and each attribute (ANY and NA in\n"
	"              capitals, values in WFN form); for match, each attribute's relation\n"
	"  -h, --help  show this help\n"
	"\n"
	"match prints the relation of SOURCE to TARGET; SOURCE matches when every\n"
	"attribute is SUPERSET or EQUAL.\n"
	"\n"
	"Exit codes: 0 success (match: matches), 1 match: does not match, 2 usage error,\n"
	"3 an invalid CPE, 6 internal error.\n";

enum binding { BIND_FS, BIND_URI };

static const char *attr_text(const vg_cpe *c, int a)
{
	switch (vg_cpe_kind(c, a)) {
	case VG_CPE_ANY: return "ANY";
	case VG_CPE_NA: return "NA";
	default: return vg_cpe_value(c, a);
	}
}

static json_t *cpe_json(const char *input, const vg_cpe *c)
{
	json_t *o = json_object(), *attrs = json_object();
	char *fs = vg_cpe_to_fs(c), *uri = vg_cpe_to_uri(c), *wfn = vg_cpe_to_wfn(c);
	int a;

	json_object_set_new(o, "input", json_string(input));
	json_object_set_new(o, "fs", fs ? json_string(fs) : json_null());
	json_object_set_new(o, "uri", uri ? json_string(uri) : json_null());
	json_object_set_new(o, "wfn", wfn ? json_string(wfn) : json_null());
	for (a = 0; a < VG_CPE_ATTR_COUNT; a++)
		json_object_set_new(attrs, vg_cpe_attr_name(a), json_string(attr_text(c, a)));
	json_object_set_new(o, "attributes", attrs);
	free(fs);
	free(uri);
	free(wfn);
	return o;
}

static int print_json(json_t *value)
{
	char *text = vg_json_dump(value);

	json_decref(value);
	if (!text)
		return cli_fail(VG_ENOMEM);
	fputs(text, stdout);
	free(text);
	return CLI_EXIT_OK;
}

static int show(const char *arg, enum binding bind, json_t *out)
{
	vg_cpe c;
	char *s;
	int rc = vg_cpe_parse(arg, &c);

	if (rc != VG_OK)
		return cli_fail(rc);
	if (out) {
		json_array_append_new(out, cpe_json(arg, &c));
		return CLI_EXIT_OK;
	}
	if (!(s = bind == BIND_URI ? vg_cpe_to_uri(&c) : vg_cpe_to_fs(&c)))
		return cli_fail(VG_ENOMEM);
	printf("%s\n", s);
	free(s);
	return CLI_EXIT_OK;
}

static int match(const char *source, const char *target, bool json)
{
	enum vg_cpe_relation attrs[VG_CPE_ATTR_COUNT], rel;
	vg_cpe s, t;
	json_t *o, *per;
	bool matches;
	int a, rc;

	if ((rc = vg_cpe_parse(source, &s)) != VG_OK || (rc = vg_cpe_parse(target, &t)) != VG_OK)
		return cli_fail(rc);
	rel = vg_cpe_compare(&s, &t, attrs);
	matches = vg_cpe_match(&s, &t);
	if (!json) {
		printf("%s\n", vg_cpe_relation_name(rel));
		return matches ? CLI_EXIT_OK : CLI_EXIT_FAIL;
	}
	o = json_object();
	per = json_object();
	json_object_set_new(o, "source", cpe_json(source, &s));
	json_object_set_new(o, "target", cpe_json(target, &t));
	json_object_set_new(o, "relation", json_string(vg_cpe_relation_name(rel)));
	json_object_set_new(o, "match", json_boolean(matches));
	for (a = 0; a < VG_CPE_ATTR_COUNT; a++)
		json_object_set_new(per, vg_cpe_attr_name(a),
				    json_string(vg_cpe_relation_name(attrs[a])));
	json_object_set_new(o, "attributes", per);
	rc = print_json(o);
	return rc != CLI_EXIT_OK ? rc : matches ? CLI_EXIT_OK : CLI_EXIT_FAIL;
}

int cmd_cpe(int argc, char **argv)
{
	static const struct option options[] = {
		{ "json", no_argument, NULL, 'j' }, { "fs", no_argument, NULL, 'f' },
		{ "uri", no_argument, NULL, 'u' },  { "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	enum binding bind = BIND_FS;
	bool json = false;
	json_t *out;
	int c, i, worst = CLI_EXIT_OK;

	while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (c) {
		case 'h': fputs(usage, stdout); return CLI_EXIT_OK;
		case 'j': json = true; break;
		case 'f': bind = BIND_FS; break;
		case 'u': bind = BIND_URI; break;
		default: return cli_usage_error("vigil cpe", "unknown option");
		}
	}
	if (optind < argc && !strcmp(argv[optind], "match")) {
		if (argc - optind != 3)
			return cli_usage_error("vigil cpe match", "expected SOURCE and TARGET");
		return match(argv[optind + 1], argv[optind + 2], json);
	}
	if (optind >= argc)
		return cli_usage_error("vigil cpe", "no CPE given");
	out = json ? json_array() : NULL;
	for (i = optind; i < argc; i++) {
		int rc = show(argv[i], bind, out);

		worst = rc > worst ? rc : worst;
	}
	return out ? (print_json(out) == CLI_EXIT_OK ? worst : CLI_EXIT_INTERNAL) : worst;
}
