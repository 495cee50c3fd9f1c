/*
 * check_bsi.c - the BSI TR-03183-2 v2.1.0 profile of `sbom check`.
 *
 * One row per data field of TR-03183-2 section 5.2 (and the format rule of
 * section 4), each with its predicate on the model.  Where the model holds
 * a field is documented per row ("mapping") and in docs/sbom-check.md.
 *
 * Not checked, because the model cannot hold them: the rule that an SBOM
 * MUST NOT carry vulnerability information (the readers do not keep it, so a
 * vg_sbom never has any) and the recommended signature.
 */
#include "check_internal.h"
#include "dotted.h"

#include <string.h>

#define SEC_FORMAT "TR-03183-2 4"
#define SEC_DOC "TR-03183-2 5.2.1"
#define SEC_COMP "TR-03183-2 5.2.2"
#define SEC_OPT "TR-03183-2 5.2.3"

static const vg_check_requirement bsi_reqs[] = {
	{ "bsi.format", "format", "Format is CycloneDX >= 1.6 or SPDX >= 3.0.1", SEC_FORMAT,
	  "source format and specVersion / spdxVersion", VG_CHECK_REQUIRED, VG_CHECK_DOCUMENT },
	{ "bsi.creator", "sbom-creator", "Creator of the SBOM (email or URL)", SEC_DOC,
	  "CycloneDX metadata.manufacturer/authors email or url; SPDX 3 CreationInfo.createdBy",
	  VG_CHECK_REQUIRED, VG_CHECK_DOCUMENT },
	{ "bsi.timestamp", "timestamp", "Timestamp of the SBOM (RFC 3339)", SEC_DOC,
	  "CycloneDX metadata.timestamp; SPDX 3 CreationInfo.created", VG_CHECK_REQUIRED,
	  VG_CHECK_DOCUMENT },
	{ "bsi.sbom-uri", "sbom-uri", "SBOM-URI", SEC_DOC,
	  "CycloneDX serialNumber (+ version: BOM-Link); SPDX 3 Sbom spdxId", VG_CHECK_REQUIRED,
	  VG_CHECK_DOCUMENT },
	{ "bsi.completeness", "completeness", "Completeness of the dependencies is stated",
	  SEC_COMP, "CycloneDX compositions[].aggregate; SPDX relationship completeness",
	  VG_CHECK_REQUIRED, VG_CHECK_DOCUMENT },
	{ "bsi.component.creator", "creator", "Component creator (email or URL)", SEC_COMP,
	  "CycloneDX components[].manufacturer / authors email or url; SPDX originatedBy",
	  VG_CHECK_REQUIRED, VG_CHECK_COMPONENT },
	{ "bsi.component.name", "name", "Component name", SEC_COMP, "name", VG_CHECK_REQUIRED,
	  VG_CHECK_COMPONENT },
	{ "bsi.component.version", "version", "Component version", SEC_COMP,
	  "CycloneDX version; SPDX packageVersion", VG_CHECK_REQUIRED, VG_CHECK_COMPONENT },
	{ "bsi.component.filename", "filename", "Filename of the component (not a path)",
	  SEC_COMP, "property bsi:component:filename; SPDX File name", VG_CHECK_REQUIRED,
	  VG_CHECK_COMPONENT },
	{ "bsi.component.dependencies", "dependencies",
	  "Dependencies: the component is part of the dependency graph", SEC_COMP,
	  "CycloneDX dependencies[] / nested components; SPDX DEPENDS_ON / CONTAINS",
	  VG_CHECK_REQUIRED, VG_CHECK_COMPONENT },
	{ "bsi.component.licence-concluded", "licence-concluded",
	  "Distribution licence (concluded)", SEC_COMP,
	  "CycloneDX licenses[] acknowledgement=concluded; SPDX hasConcludedLicense",
	  VG_CHECK_REQUIRED, VG_CHECK_COMPONENT },
	{ "bsi.component.hash", "sha512-hash", "SHA-512 hash of the deployable component",
	  SEC_COMP, "externalReferences[type=distribution].hashes or hashes; SPDX verifiedUsing",
	  VG_CHECK_REQUIRED, VG_CHECK_COMPONENT },
	{ "bsi.component.executable", "executable", "Executable property", SEC_COMP,
	  "property bsi:component:executable", VG_CHECK_REQUIRED, VG_CHECK_COMPONENT },
	{ "bsi.component.archive", "archive", "Archive property", SEC_COMP,
	  "property bsi:component:archive", VG_CHECK_REQUIRED, VG_CHECK_COMPONENT },
	{ "bsi.component.structured", "structured", "Structured property", SEC_COMP,
	  "property bsi:component:structured", VG_CHECK_REQUIRED, VG_CHECK_COMPONENT },
	{ "bsi.component.source-uri", "source-uri", "Source code URI", SEC_COMP,
	  "externalReferences[type=source-distribution or vcs].url; SPDX SourceArtifact",
	  VG_CHECK_REQUIRED, VG_CHECK_COMPONENT },
	{ "bsi.component.deployable-uri", "deployable-uri", "URI of the deployable form",
	  SEC_COMP, "externalReferences[type=distribution].url; SPDX binaryArtifact",
	  VG_CHECK_REQUIRED, VG_CHECK_COMPONENT },
	{ "bsi.component.identifier", "identifier", "Other unique identifier (purl or CPE)",
	  SEC_COMP, "purl, cpe; SPDX externalIdentifiers", VG_CHECK_REQUIRED,
	  VG_CHECK_COMPONENT },
	{ "bsi.component.licence-declared", "licence-declared", "Original (declared) licences",
	  SEC_COMP, "CycloneDX licenses[] acknowledgement=declared; SPDX hasDeclaredLicense",
	  VG_CHECK_REQUIRED, VG_CHECK_COMPONENT },
	{ "bsi.component.effective-licence", "effective-licence", "Effective licence", SEC_OPT,
	  "property bsi:component:effectiveLicense", VG_CHECK_RECOMMENDED, VG_CHECK_COMPONENT },
	{ "bsi.component.source-hash", "source-hash", "Hash of the source code", SEC_OPT,
	  "externalReferences[type=source-distribution].hashes", VG_CHECK_RECOMMENDED,
	  VG_CHECK_COMPONENT },
	{ "bsi.component.security-txt", "security-txt", "URL of the security.txt", SEC_OPT,
	  "externalReferences[type=rfc-9116].url", VG_CHECK_RECOMMENDED, VG_CHECK_COMPONENT },
};

/* ---- document ---- */

/* The part of a spec version after any "SPDX-" style prefix. */
static const char *spec_number(const char *spec)
{
	if (!spec)
		return "";
	while (*spec && (*spec < '0' || *spec > '9'))
		spec++;
	return spec;
}

static bool spec_at_least(const char *spec, const char *min)
{
	int cmp;

	return sbom_dotted_compare(spec_number(spec), min, &cmp) && cmp >= 0;
}

static bool bsi_format(const check_ctx *ctx, const vg_component *c, char **detail)
{
	const vg_sbom *s = ctx->sbom;

	(void)c;
	switch (s->source_format) {
	case VG_SBOM_FORMAT_UNKNOWN:
		return true; /* written as CycloneDX 1.6 (see the report's notes) */
	case VG_SBOM_CYCLONEDX_JSON:
		if (spec_at_least(s->spec_version, "1.6"))
			return true;
		*detail = vg_strdup_printf("CycloneDX %s: TR-03183-2 v2.1 needs CycloneDX 1.6 or later",
				       s->spec_version ? s->spec_version : "(no specVersion)");
		return false;
	case VG_SBOM_SPDX2_JSON:
		*detail = vg_strdup_printf("%s: TR-03183-2 v2.1 no longer accepts SPDX 2; use SPDX "
				       "3.0.1 or later or CycloneDX 1.6 or later",
				       s->spec_version ? s->spec_version : "SPDX 2");
		return false;
	case VG_SBOM_SPDX3_JSONLD:
		if (spec_at_least(s->spec_version, "3.0.1"))
			return true;
		*detail = vg_strdup_printf("SPDX %s: TR-03183-2 v2.1 needs SPDX 3.0.1 or later",
				       s->spec_version ? s->spec_version : "(no specVersion)");
		return false;
	}
	return false;
}

static bool bsi_creator(const check_ctx *ctx, const vg_component *c, char **detail)
{
	const vg_sbom *s = ctx->sbom;
	size_t i;

	(void)c;
	if (check_party_has_contact(&s->manufacturer))
		return true;
	for (i = 0; i < s->author_count; i++)
		if (check_party_has_contact(&s->authors[i]))
			return true;
	*detail = vg_strdup_printf(check_party_has_any(&s->manufacturer) || s->author_count
				       ? "the SBOM's creator has neither an email address nor a URL"
				       : "the SBOM names no creator (manufacturer or author)");
	return false;
}

static bool bsi_sbom_uri(const check_ctx *ctx, const vg_component *c, char **detail)
{
	(void)c;
	if (check_has(ctx->sbom->serial))
		return true;
	*detail = vg_strdup_printf("the SBOM has no URI (CycloneDX serialNumber, SPDX document id)");
	return false;
}

static bool bsi_completeness(const check_ctx *ctx, const vg_component *c, char **detail)
{
	(void)c;
	if (check_has(ctx->sbom->completeness))
		return true;
	*detail = vg_strdup_printf("the SBOM does not say whether its dependencies are complete");
	return false;
}

/* ---- components ---- */

static bool bsi_comp_creator(const check_ctx *ctx, const vg_component *c, char **detail)
{
	(void)ctx, (void)detail;
	return check_party_has_contact(&c->manufacturer);
}

/* The filename property, or the name of a file component; never a path. */
static bool bsi_filename(const check_ctx *ctx, const vg_component *c, char **detail)
{
	const char *f = vg_component_property(c, "bsi:component:filename");

	(void)ctx, (void)detail;
	if (!f && c->type == VG_COMPONENT_FILE)
		f = c->name;
	return check_has(f) && !strchr(f, '/') && !strchr(f, '\\');
}

static bool comp_dependencies(const check_ctx *ctx, const vg_component *c, char **detail)
{
	(void)detail;
	return check_in_graph(ctx, c);
}

static bool bsi_licence_concluded(const check_ctx *ctx, const vg_component *c, char **detail)
{
	(void)ctx, (void)detail;
	return check_has(c->license_concluded);
}

static bool bsi_licence_declared(const check_ctx *ctx, const vg_component *c, char **detail)
{
	(void)ctx, (void)detail;
	return check_has(c->license_declared);
}

static bool has_sha512(const vg_hash *hashes, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++)
		if (hashes[i].alg && check_has(hashes[i].value) &&
		    (!vg_strcasecmp(hashes[i].alg, "SHA-512") ||
		     !vg_strcasecmp(hashes[i].alg, "SHA512")))
			return true;
	return false;
}

/* The first external reference of that type with a URL, or NULL. */
static const vg_extref *extref(const vg_component *c, const char *type)
{
	size_t i;

	for (i = 0; i < c->extref_count; i++)
		if (c->extrefs[i].type && !strcmp(c->extrefs[i].type, type) &&
		    check_has(c->extrefs[i].url))
			return &c->extrefs[i];
	return NULL;
}

static bool bsi_hash(const check_ctx *ctx, const vg_component *c, char **detail)
{
	size_t i;

	(void)ctx, (void)detail;
	if (has_sha512(c->hashes, c->hash_count))
		return true;
	for (i = 0; i < c->extref_count; i++)
		if (c->extrefs[i].type && !strcmp(c->extrefs[i].type, "distribution") &&
		    has_sha512(c->extrefs[i].hashes, c->extrefs[i].hash_count))
			return true;
	return false;
}

static bool has_property(const vg_component *c, const char *name)
{
	return check_has(vg_component_property(c, name));
}

static bool bsi_executable(const check_ctx *ctx, const vg_component *c, char **detail)
{
	(void)ctx, (void)detail;
	return has_property(c, "bsi:component:executable");
}

static bool bsi_archive(const check_ctx *ctx, const vg_component *c, char **detail)
{
	(void)ctx, (void)detail;
	return has_property(c, "bsi:component:archive");
}

static bool bsi_structured(const check_ctx *ctx, const vg_component *c, char **detail)
{
	(void)ctx, (void)detail;
	return has_property(c, "bsi:component:structured");
}

static bool bsi_source_uri(const check_ctx *ctx, const vg_component *c, char **detail)
{
	(void)ctx, (void)detail;
	return extref(c, "source-distribution") || extref(c, "vcs");
}

static bool bsi_deployable_uri(const check_ctx *ctx, const vg_component *c, char **detail)
{
	(void)ctx, (void)detail;
	return extref(c, "distribution") != NULL;
}

static bool bsi_effective_licence(const check_ctx *ctx, const vg_component *c, char **detail)
{
	(void)ctx, (void)detail;
	return has_property(c, "bsi:component:effectiveLicense");
}

static bool bsi_source_hash(const check_ctx *ctx, const vg_component *c, char **detail)
{
	size_t i;

	(void)ctx, (void)detail;
	for (i = 0; i < c->extref_count; i++)
		if (c->extrefs[i].type && !strcmp(c->extrefs[i].type, "source-distribution") &&
		    c->extrefs[i].hash_count)
			return true;
	return false;
}

static bool bsi_security_txt(const check_ctx *ctx, const vg_component *c, char **detail)
{
	(void)ctx, (void)detail;
	return extref(c, "rfc-9116") != NULL;
}

static const check_fn bsi_fns[] = {
	bsi_format,	     bsi_creator,	  check_doc_timestamp,	 bsi_sbom_uri,
	bsi_completeness,    bsi_comp_creator,	  check_comp_name,	 check_comp_version,
	bsi_filename,	     comp_dependencies,	  bsi_licence_concluded, bsi_hash,
	bsi_executable,	     bsi_archive,	  bsi_structured,	 bsi_source_uri,
	bsi_deployable_uri,  check_comp_identifier, bsi_licence_declared, bsi_effective_licence,
	bsi_source_hash,     bsi_security_txt,
};

_Static_assert(sizeof(bsi_fns) / sizeof(bsi_fns[0]) == sizeof(bsi_reqs) / sizeof(bsi_reqs[0]),
	       "one predicate per BSI requirement");

const check_profile_def check_bsi_profile = {
	VG_CHECK_BSI, "bsi", "BSI TR-03183-2 v2.1.0", bsi_reqs, bsi_fns,
	sizeof(bsi_reqs) / sizeof(bsi_reqs[0]),
};
