/*
 * check_ntia.c - the NTIA minimum elements profile of `sbom check`.
 *
 * The seven data fields of "The Minimum Elements For a Software Bill of
 * Materials" (NTIA, July 2021): supplier name, component name, version,
 * other unique identifiers, dependency relationship, author of SBOM data,
 * timestamp.  NTIA asks for dependencies "at least to the top level", so the
 * relationship is checked on the primary component, not on every component.
 */
#include "check_internal.h"

#define SEC "NTIA 2021"

static const vg_check_requirement ntia_reqs[] = {
	{ "ntia.supplier", "supplier", "Supplier name", SEC,
	  "CycloneDX components[].supplier (else manufacturer); SPDX supplier / suppliedBy",
	  VG_CHECK_REQUIRED, VG_CHECK_COMPONENT },
	{ "ntia.name", "name", "Component name", SEC, "name", VG_CHECK_REQUIRED,
	  VG_CHECK_COMPONENT },
	{ "ntia.version", "version", "Version of the component", SEC,
	  "CycloneDX version; SPDX versionInfo / packageVersion", VG_CHECK_REQUIRED,
	  VG_CHECK_COMPONENT },
	{ "ntia.identifier", "identifier", "Other unique identifiers (purl or CPE)", SEC,
	  "purl, cpe; SPDX externalRefs / externalIdentifiers", VG_CHECK_REQUIRED,
	  VG_CHECK_COMPONENT },
	{ "ntia.dependencies", "dependencies",
	  "Dependency relationship (at least the primary component's)", SEC,
	  "CycloneDX dependencies[] of metadata.component; SPDX DEPENDS_ON / CONTAINS",
	  VG_CHECK_REQUIRED, VG_CHECK_DOCUMENT },
	{ "ntia.author", "author", "Author of SBOM data", SEC,
	  "CycloneDX metadata.authors / manufacturer; SPDX creators (Person, Organization)",
	  VG_CHECK_REQUIRED, VG_CHECK_DOCUMENT },
	{ "ntia.timestamp", "timestamp", "Timestamp", SEC,
	  "CycloneDX metadata.timestamp; SPDX creationInfo.created", VG_CHECK_REQUIRED,
	  VG_CHECK_DOCUMENT },
};

static bool ntia_supplier(const check_ctx *ctx, const vg_component *c, char **detail)
{
	(void)ctx, (void)detail;
	return check_party_has_any(&c->supplier) || check_party_has_any(&c->manufacturer);
}

static bool ntia_dependencies(const check_ctx *ctx, const vg_component *c, char **detail)
{
	const vg_sbom *s = ctx->sbom;
	size_t i;

	(void)c;
	if (s->primary) {
		if (!s->component_count || s->primary->depends_on.count ||
		    s->primary->contains.count)
			return true;
		*detail = vg_strdup_printf("the primary component '%s' lists no dependencies",
				       s->primary->name ? s->primary->name : s->primary->ref);
		return false;
	}
	/* Without a primary component, any stated relationship will do. */
	for (i = 0; i < s->component_count; i++)
		if (s->components[i]->depends_on.count || s->components[i]->contains.count)
			return true;
	if (s->component_count <= 1)
		return true;
	*detail = vg_strdup_printf("the SBOM states no dependency relationship");
	return false;
}

static bool ntia_author(const check_ctx *ctx, const vg_component *c, char **detail)
{
	const vg_sbom *s = ctx->sbom;
	size_t i;

	(void)c;
	if (check_party_has_any(&s->manufacturer))
		return true;
	for (i = 0; i < s->author_count; i++)
		if (check_party_has_any(&s->authors[i]))
			return true;
	*detail = vg_strdup_printf(s->tools.count ? "the SBOM names only the tools that made it, "
						"not its author"
					      : "the SBOM names no author");
	return false;
}

static const check_fn ntia_fns[] = {
	ntia_supplier,	   check_comp_name, check_comp_version, check_comp_identifier,
	ntia_dependencies, ntia_author,	    check_doc_timestamp,
};

_Static_assert(sizeof(ntia_fns) / sizeof(ntia_fns[0]) == sizeof(ntia_reqs) / sizeof(ntia_reqs[0]),
	       "one predicate per NTIA requirement");

const check_profile_def check_ntia_profile = {
	VG_CHECK_NTIA, "ntia", "NTIA minimum elements (2021)", ntia_reqs, ntia_fns,
	sizeof(ntia_reqs) / sizeof(ntia_reqs[0]),
};
