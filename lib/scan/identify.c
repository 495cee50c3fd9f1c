/*
 * identify.c - how a component is looked up: which ecosystem, which package
 * name, which version.
 *
 * Language packages map from their purl type to the OSV ecosystem, with the
 * name spelt as OSV spells it (Maven "group:artifact", Go and Packagist
 * "namespace/name", npm "@scope/name").
 *
 * Distro packages need their release, because a distro's data is per
 * release ("Debian:12"): it comes from the purl's `distro` qualifier
 * ("debian-12", "bookworm", "alpine-3.18.4", "almalinux-9.3").  Debian and
 * Alpine data is keyed on the *source* package (vigil:source-package, else
 * syft's `upstream` qualifier, else the binary name is the source name) and
 * compares the source version; AlmaLinux's OSV data names binary RPMs and
 * writes the epoch into the version.
 */
#include "scan_internal.h"
#include "vigil/ecosystem.h"
#include "vigil/error.h"
#include "vigil/purl.h"
#include "vigil/str.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void scan_package_clear(scan_package *pkg)
{
	free(pkg->name);
	free(pkg->alt_name);
	free(pkg->version);
	memset(pkg, 0, sizeof(*pkg));
}

/* "debian-12.4" -> "12"; "bookworm" -> "12"; "alpine-3.18.4" -> "v3.18";
 * "almalinux-9.3" -> "9".  `dotted` keeps major.minor (Alpine). */
static bool release_of(const char *distro, const char *id, bool dotted, char *out, size_t size)
{
	size_t idlen = strlen(id), n;
	const char *v = distro, *release = vg_debian_release(distro);

	if (release) {
		snprintf(out, size, "%s", release);
		return true;
	}
	if (!strncmp(distro, id, idlen) && distro[idlen] == '-')
		v = distro + idlen + 1;
	if (!isdigit((unsigned char)*v))
		return false;
	n = strspn(v, "0123456789");
	if (dotted && v[n] == '.')
		n += 1 + strspn(v + n + 1, "0123456789");
	snprintf(out, size, "%.*s", (int)n, v);
	return true;
}

static int set_version_with_epoch(scan_package *pkg, const vg_purl *p)
{
	if (p->version && !(pkg->version = vg_purl_epoch_version(p)))
		return vg_error_set(VG_ENOMEM, "out of memory");
	return VG_OK;
}

/* Debian and Alpine: the source package and its version. */
static int set_source(scan_package *pkg, const vg_component *c, const vg_purl *p)
{
	const char *src = vg_component_property(c, "vigil:source-package");
	const char *srcver = vg_component_property(c, "vigil:source-version");
	const char *upstream = vg_purl_qualifier(p, "upstream");
	const char *at;

	if (!src && upstream) {
		/* syft writes upstream=NAME or upstream=NAME@VERSION */
		at = strchr(upstream, '@');
		pkg->name = at ? vg_strndup(upstream, (size_t)(at - upstream)) : vg_strdup(upstream);
		if (at && !srcver)
			srcver = at + 1;
	} else {
		pkg->name = vg_strdup(src ? src : p->name);
	}
	if (!pkg->name)
		return vg_error_set(VG_ENOMEM, "out of memory");
	if (srcver)
		return (pkg->version = vg_strdup(srcver)) ? VG_OK
							  : vg_error_set(VG_ENOMEM, "out of memory");
	return set_version_with_epoch(pkg, p);
}

static int identify_distro(const vg_component *c, const vg_purl *p, scan_package *pkg,
			   bool *found, const char **why)
{
	const char *distro = vg_purl_qualifier(p, "distro");
	const char *ns = p->namespace ? p->namespace : "";
	char release[32];

	*why = "its purl has no distro qualifier naming the release";
	if (!distro)
		return VG_OK;
	*why = "the release in its distro qualifier is not understood";
	pkg->kind = VG_MATCH_DISTRO;
	if (!strcmp(p->type, "deb") && (!strcmp(ns, "debian") || !strcmp(ns, "ubuntu"))) {
		if (!release_of(distro, ns, !strcmp(ns, "ubuntu"), release, sizeof(release)))
			return VG_OK;
		snprintf(pkg->ecosystem, sizeof(pkg->ecosystem), "%s:%s",
			 !strcmp(ns, "debian") ? "Debian" : "Ubuntu", release);
		pkg->scheme = VG_VERSION_DEBIAN;
		*found = true;
		return set_source(pkg, c, p);
	}
	if (!strcmp(p->type, "apk") && !strcmp(ns, "alpine")) {
		if (!release_of(distro, "alpine", true, release, sizeof(release)))
			return VG_OK;
		snprintf(pkg->ecosystem, sizeof(pkg->ecosystem), "Alpine:v%s", release);
		pkg->scheme = VG_VERSION_ALPINE;
		*found = true;
		return set_source(pkg, c, p);
	}
	if (!strcmp(p->type, "rpm") && (!strcmp(ns, "almalinux") || !strcmp(ns, "rocky"))) {
		if (!release_of(distro, ns, false, release, sizeof(release)))
			return VG_OK;
		snprintf(pkg->ecosystem, sizeof(pkg->ecosystem), "%s:%s",
			 !strcmp(ns, "almalinux") ? "AlmaLinux" : "Rocky Linux", release);
		pkg->scheme = VG_VERSION_RPM;
		*found = true;
		pkg->name = vg_strdup(p->name);
		return pkg->name ? set_version_with_epoch(pkg, p)
				 : vg_error_set(VG_ENOMEM, "out of memory");
	}
	*why = "no vulnerability data source covers this distribution";
	return VG_OK;
}

/* PEP 503: lower case, runs of "-", "_", "." become one "-". */
static char *pypi_normalise(const char *name)
{
	char *out = malloc(strlen(name) + 1), *o = out;

	if (!out)
		return NULL;
	for (; *name; name++) {
		if (strchr("-_.", *name)) {
			if (o == out || o[-1] != '-')
				*o++ = '-';
		} else {
			*o++ = (char)tolower((unsigned char)*name);
		}
	}
	*o = '\0';
	return out;
}

static int identify_language(const vg_purl *p, const char *ecosystem, scan_package *pkg)
{
	pkg->kind = VG_MATCH_OSV;
	snprintf(pkg->ecosystem, sizeof(pkg->ecosystem), "%s", ecosystem);
	if (vg_version_scheme_parse(ecosystem, &pkg->scheme))
		pkg->scheme = VG_VERSION_GENERIC;
	pkg->name = vg_purl_osv_name(p);
	if (!pkg->name)
		return vg_error_set(VG_ENOMEM, "out of memory");
	if (!strcmp(p->type, "pypi")) {
		pkg->alt_name = pypi_normalise(pkg->name);
		if (!pkg->alt_name)
			return vg_error_set(VG_ENOMEM, "out of memory");
		if (!strcmp(pkg->alt_name, pkg->name)) {
			free(pkg->alt_name);
			pkg->alt_name = NULL;
		}
	}
	return set_version_with_epoch(pkg, p);
}

int scan_identify(const vg_component *c, scan_package *pkg, bool *found, const char **why)
{
	vg_purl *p = NULL;
	const char *ecosystem;
	int rc;

	memset(pkg, 0, sizeof(*pkg));
	*found = false;
	*why = NULL;
	if (!c->purl || vg_purl_parse(c->purl, &p) != VG_OK)
		return VG_OK; /* no usable purl: the CPE matcher may still know it */
	if (!strcmp(p->type, "deb") || !strcmp(p->type, "apk") || !strcmp(p->type, "rpm")) {
		rc = identify_distro(c, p, pkg, found, why);
	} else {
		ecosystem = vg_purl_osv_ecosystem(p->type);
		rc = ecosystem ? identify_language(p, ecosystem, pkg) : VG_OK;
		*found = ecosystem != NULL;
	}
	vg_purl_free(p);
	if (rc || !*found || !pkg->version) {
		if (rc == VG_OK && *found)
			*why = "it has no version";
		scan_package_clear(pkg);
		*found = false;
	}
	return rc;
}
