/*
 * purl_types.c - the rules of the registered purl types.
 *
 * One row per type of purl-types-index.json, derived from that type's
 * definition (types/<type>-definition.json of the purl specification):
 * namespace "required"/"prohibited", case_sensitive:false on namespace, name,
 * version or subpath (fold to lower case), normalization_rules (pypi, pub),
 * permitted_characters (chrome-extension), qualifiers with requirement
 * "required" (julia uuid, swid tag_id) and rules stated in the notes (cpan's
 * upper-case namespace and "::"-free name, git's host-only namespace,
 * mlflow's case folding on Databricks).  Types not in the table are valid
 * and follow the generic rules only.
 */
#include "purl_internal.h"

#include "vigil/error.h"
#include "vigil/str.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

enum {
	NS_REQUIRED = 1u << 0,
	NS_PROHIBITED = 1u << 1,
	LOWER_NS = 1u << 2,
	LOWER_NAME = 1u << 3,
	LOWER_VERSION = 1u << 4,
	LOWER_SUBPATH = 1u << 5,
	UPPER_NS = 1u << 6,   /* cpan: the CPANID "shall be uppercase" */
	PYPI_NAME = 1u << 7,  /* '_' -> '-' */
	PUB_NAME = 1u << 8,   /* anything but [a-z0-9_] -> '_' */
	NAME_PATH = 1u << 9,  /* git: namespace is the host, the name the path on it */
	MLFLOW_NAME = 1u << 10, /* lower-case on Databricks, as-is elsewhere */
	NO_MODULE_NAME = 1u << 11, /* cpan: a distribution name, never "A::B" */
	CHROME_IDS = 1u << 12  /* name ^[a-p]{32}$, version ^\d+(\.\d+){0,3}$ */
};

typedef struct type_rule {
	const char *type;
	unsigned flags;
	const char *required_qualifier;
} type_rule;

/* Sorted by type (bsearch). */
static const type_rule rules[] = {
	{ "alpm", NS_REQUIRED | LOWER_NS | LOWER_NAME, NULL },
	{ "apk", NS_REQUIRED | LOWER_NS | LOWER_NAME, NULL },
	{ "bazel", NS_PROHIBITED, NULL },
	{ "bitbucket", NS_REQUIRED | LOWER_NS | LOWER_NAME, NULL },
	{ "bitnami", NS_PROHIBITED | LOWER_NAME, NULL },
	{ "brew", LOWER_NS | LOWER_NAME, NULL },
	{ "cargo", NS_PROHIBITED, NULL },
	{ "chrome-extension", NS_PROHIBITED | LOWER_NAME | CHROME_IDS, NULL },
	{ "cocoapods", NS_PROHIBITED, NULL },
	{ "composer", NS_REQUIRED | LOWER_NS | LOWER_NAME, NULL },
	{ "conan", 0, NULL },
	{ "conda", NS_PROHIBITED, NULL },
	{ "cpan", UPPER_NS | NO_MODULE_NAME, NULL },
	{ "cran", NS_PROHIBITED, NULL },
	{ "deb", NS_REQUIRED | LOWER_NS | LOWER_NAME, NULL },
	{ "docker", 0, NULL },
	{ "gem", NS_PROHIBITED, NULL },
	{ "generic", 0, NULL },
	{ "git", NS_REQUIRED | NAME_PATH, NULL },
	{ "github", NS_REQUIRED | LOWER_NS | LOWER_NAME, NULL },
	{ "golang", NS_REQUIRED, NULL },
	{ "hackage", NS_PROHIBITED, NULL },
	{ "hex", LOWER_NS | LOWER_NAME, NULL },
	{ "huggingface", NS_REQUIRED | LOWER_VERSION, NULL },
	{ "julia", NS_PROHIBITED, "uuid" },
	{ "luarocks", LOWER_NS | LOWER_NAME, NULL },
	{ "maven", NS_REQUIRED, NULL },
	{ "mlflow", NS_PROHIBITED | MLFLOW_NAME, NULL },
	{ "npm", 0, NULL },
	{ "nuget", NS_PROHIBITED, NULL },
	{ "oci", NS_PROHIBITED | LOWER_NAME | LOWER_VERSION, NULL },
	{ "opam", NS_PROHIBITED, NULL },
	{ "otp", NS_PROHIBITED | LOWER_NAME | LOWER_SUBPATH, NULL },
	{ "pub", NS_PROHIBITED | LOWER_NAME | PUB_NAME, NULL },
	{ "pypi", NS_PROHIBITED | LOWER_NAME | PYPI_NAME | LOWER_VERSION, NULL },
	{ "qpkg", NS_REQUIRED | LOWER_NS, NULL },
	{ "rpm", NS_REQUIRED | LOWER_NS, NULL },
	{ "swid", 0, "tag_id" },
	{ "swift", NS_REQUIRED, NULL },
	{ "vcpkg", NS_PROHIBITED, NULL },
	{ "vscode-extension", NS_REQUIRED | LOWER_NS | LOWER_NAME | LOWER_VERSION, NULL },
	{ "yocto", LOWER_NS, NULL },
};

static int rule_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const type_rule *)elem)->type);
}

static const type_rule *rule_for(const char *type)
{
	return bsearch(type, rules, sizeof(rules) / sizeof(rules[0]), sizeof(rules[0]), rule_cmp);
}

bool purl_type_name_is_path(const char *type)
{
	const type_rule *r = rule_for(type);

	return r && (r->flags & NAME_PATH);
}

static void upper_ascii(char *s)
{
	for (; *s; s++)
		if (*s >= 'a' && *s <= 'z')
			*s = (char)(*s - 'a' + 'A');
}

static void map_chars(char *s, unsigned flags)
{
	for (; *s; s++) {
		if ((flags & PYPI_NAME) && *s == '_')
			*s = '-';
		if ((flags & PUB_NAME) && !((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
			*s = '_';
	}
}

/* git: "host/owner" + "repo" becomes "host" + "owner/repo". */
static int move_path_to_name(vg_purl *p)
{
	char *slash = p->namespace ? strchr(p->namespace, '/') : NULL;
	char *name;
	size_t head, tail;

	if (!slash)
		return VG_OK;
	head = strlen(slash + 1);
	tail = strlen(p->name);
	name = malloc(head + 1 + tail + 1);
	if (!name)
		return vg_error_set(VG_ENOMEM, "out of memory");
	memcpy(name, slash + 1, head);
	name[head] = '/';
	memcpy(name + head + 1, p->name, tail + 1);
	*slash = '\0';
	free(p->name);
	p->name = name;
	return VG_OK;
}

static bool databricks(const vg_purl *p)
{
	const char *url = vg_purl_qualifier(p, "repository_url");

	return url && strstr(url, "azuredatabricks.net");
}

int purl_type_normalize(vg_purl *p)
{
	const type_rule *r = rule_for(p->type);

	if (!r)
		return VG_OK;
	if ((r->flags & NAME_PATH) && move_path_to_name(p) != VG_OK)
		return VG_ENOMEM;
	if (p->namespace && (r->flags & LOWER_NS))
		vg_str_lower(p->namespace);
	if (p->namespace && (r->flags & UPPER_NS))
		upper_ascii(p->namespace);
	if ((r->flags & LOWER_NAME) || ((r->flags & MLFLOW_NAME) && databricks(p)))
		vg_str_lower(p->name);
	map_chars(p->name, r->flags);
	if (p->version && (r->flags & LOWER_VERSION))
		vg_str_lower(p->version);
	if (p->subpath && (r->flags & LOWER_SUBPATH))
		vg_str_lower(p->subpath);
	return VG_OK;
}

static bool chrome_id(const char *s)
{
	size_t n = 0;

	for (; s[n]; n++)
		if (s[n] < 'a' || s[n] > 'p')
			return false;
	return n == 32;
}

/* ^\d+(\.\d+){0,3}$ */
static bool dotted_numbers(const char *s)
{
	int parts = 0;

	for (;;) {
		if (!isdigit((unsigned char)*s))
			return false;
		while (isdigit((unsigned char)*s))
			s++;
		if (++parts > 4)
			return false;
		if (*s == '\0')
			return true;
		if (*s++ != '.')
			return false;
	}
}

int purl_type_check(const vg_purl *p, bool complete)
{
	const type_rule *r = rule_for(p->type);

	if (!r)
		return VG_OK;
	if ((r->flags & NS_REQUIRED) && !p->namespace)
		return vg_error_set(VG_EPARSE, "type '%s' requires a namespace", p->type);
	if ((r->flags & NS_PROHIBITED) && p->namespace)
		return vg_error_set(VG_EPARSE, "type '%s' has no namespace, found '%s'", p->type,
				    p->namespace);
	if ((r->flags & NO_MODULE_NAME) && strstr(p->name, "::"))
		return vg_error_set(VG_EPARSE,
				    "type '%s': name '%s' is a module name, not a distribution name",
				    p->type, p->name);
	if ((r->flags & CHROME_IDS) && !chrome_id(p->name))
		return vg_error_set(VG_EPARSE, "type '%s': name '%s' is not 32 letters a-p",
				    p->type, p->name);
	if ((r->flags & CHROME_IDS) && p->version && !dotted_numbers(p->version))
		return vg_error_set(VG_EPARSE,
				    "type '%s': version '%s' is not 1 to 4 dot-separated numbers",
				    p->type, p->version);
	if (complete && r->required_qualifier && !vg_purl_qualifier(p, r->required_qualifier))
		return vg_error_set(VG_EPARSE, "type '%s' requires the qualifier '%s'", p->type,
				    r->required_qualifier);
	return VG_OK;
}
