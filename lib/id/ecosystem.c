/*
 * ecosystem.c - purl types, names and versions as the vulnerability feeds
 * key them (vigil/ecosystem.h).
 */
#include "vigil/ecosystem.h"
#include "vigil/str.h"

#include <stdlib.h>
#include <string.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const struct {
	const char *type, *ecosystem;
} osv_ecosystems[] = {
	{ "pypi", "PyPI" },         { "npm", "npm" },            { "golang", "Go" },
	{ "maven", "Maven" },       { "cargo", "crates.io" },    { "gem", "RubyGems" },
	{ "nuget", "NuGet" },       { "composer", "Packagist" }, { "hex", "Hex" },
	{ "pub", "Pub" },           { "hackage", "Hackage" },    { "cran", "CRAN" },
	{ "swift", "SwiftURL" },    { "conan", "ConanCenter" },  { "bitnami", "Bitnami" },
	{ "githubactions", "GitHub Actions" },
};

/* From woody (3.0), the first release the security tracker has data for. */
static const struct {
	const char *codename, *release;
} debian_releases[] = {
	{ "woody", "3.0" },    { "sarge", "3.1" },
	{ "etch", "4" },       { "lenny", "5" },       { "squeeze", "6" },    { "wheezy", "7" },
	{ "jessie", "8" },     { "stretch", "9" },     { "buster", "10" },    { "bullseye", "11" },
	{ "bookworm", "12" },  { "trixie", "13" },     { "forky", "14" },     { "sid", "unstable" },
};

const char *vg_purl_osv_ecosystem(const char *type)
{
	size_t i;

	for (i = 0; i < COUNT(osv_ecosystems); i++)
		if (!strcmp(type, osv_ecosystems[i].type))
			return osv_ecosystems[i].ecosystem;
	return NULL;
}

char *vg_purl_osv_name(const vg_purl *purl)
{
	static const char *const joined[] = { "npm", "golang", "composer", "swift",
					      "githubactions" };
	size_t i;

	if (purl->namespace && !strcmp(purl->type, "maven"))
		return vg_strdup_printf("%s:%s", purl->namespace, purl->name);
	for (i = 0; purl->namespace && i < COUNT(joined); i++)
		if (!strcmp(purl->type, joined[i]))
			return vg_strdup_printf("%s/%s", purl->namespace, purl->name);
	return vg_strdup(purl->name);
}

char *vg_purl_epoch_version(const vg_purl *purl)
{
	const char *epoch = vg_purl_qualifier(purl, "epoch");

	if (!purl->version)
		return NULL;
	return epoch && strcmp(epoch, "0") ? vg_strdup_printf("%s:%s", epoch, purl->version)
					  : vg_strdup(purl->version);
}

const char *vg_debian_release(const char *codename)
{
	size_t i;

	for (i = 0; i < COUNT(debian_releases); i++)
		if (!strcmp(codename, debian_releases[i].codename))
			return debian_releases[i].release;
	return NULL;
}
