/*
 * detect.c - which SBOM format a JSON document is, from its content:
 * CycloneDX has "bomFormat": "CycloneDX", SPDX 2 has "spdxVersion": "SPDX-2.x",
 * SPDX 3 JSON-LD has an "@context" naming spdx.org/rdf/3.x and an "@graph".
 * File names are never consulted.
 */
#include "sbom_io.h"

#include "vigil/str.h"

#include <string.h>

/* "@context" is a string or an array of strings/objects. */
static bool spdx3_context(const json_t *ctx)
{
	size_t i;
	json_t *item;

	if (json_is_string(ctx))
		return strstr(json_string_value(ctx), "spdx.org/rdf/3.") != NULL;
	if (json_is_array(ctx))
		json_array_foreach (ctx, i, item)
			if (spdx3_context(item))
				return true;
	return false;
}

vg_sbom_format vg_sbomio_detect_json(const json_t *root)
{
	const char *s;

	if (!json_is_object(root))
		return VG_SBOM_FORMAT_UNKNOWN;
	s = json_string_value(json_object_get(root, "bomFormat"));
	if (s && !strcmp(s, "CycloneDX"))
		return VG_SBOM_CYCLONEDX_JSON;
	s = json_string_value(json_object_get(root, "spdxVersion"));
	if (s && vg_str_starts_with(s, "SPDX-2."))
		return VG_SBOM_SPDX2_JSON;
	if (spdx3_context(json_object_get(root, "@context")))
		return VG_SBOM_SPDX3_JSONLD;
	return VG_SBOM_FORMAT_UNKNOWN;
}

vg_sbom_format vg_sbom_detect(const char *data, size_t len)
{
	json_t *root = json_loadb(data, len, JSON_REJECT_DUPLICATES, NULL);
	vg_sbom_format f = vg_sbomio_detect_json(root);

	json_decref(root);
	return f;
}
