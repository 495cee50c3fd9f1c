/*
 * io.c - the public entry points for reading and writing SBOMs
 * (vg_sbom_parse, vg_sbom_read_file, vg_sbom_write, vg_sbom_write_file):
 * parse the JSON, detect the format, hand over to read_<format>.c or
 * write_<format>.c, and put the input's name in front of any error.
 */
#include "sbom_io.h"

#include "vigil/error.h"
#include "vigil/file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Larger SBOMs than this are refused rather than exhausting memory. */
#define SBOM_MAX_BYTES ((size_t)512 * 1024 * 1024)

static int read_json(const json_t *root, vg_sbom *sbom)
{
	switch (vg_sbomio_detect_json(root)) {
	case VG_SBOM_CYCLONEDX_JSON:
		sbom->source_format = VG_SBOM_CYCLONEDX_JSON;
		return vg_sbomio_read_cyclonedx(root, sbom);
	case VG_SBOM_SPDX2_JSON:
		sbom->source_format = VG_SBOM_SPDX2_JSON;
		return vg_sbomio_read_spdx2(root, sbom);
	case VG_SBOM_SPDX3_JSONLD:
		sbom->source_format = VG_SBOM_SPDX3_JSONLD;
		return vg_sbomio_read_spdx3(root, sbom);
	default:
		if (!json_is_object(root))
			return vg_error_set(VG_EPARSE, "$: expected an object, found %s",
					    vg_json_type_name(root));
		return vg_error_set(VG_EPARSE,
				    "$: not an SBOM we read (no \"bomFormat\": \"CycloneDX\", "
				    "\"spdxVersion\": \"SPDX-2.x\" or SPDX 3 \"@context\")");
	}
}

int vg_sbom_parse(const char *data, size_t len, const char *name, vg_sbom **out)
{
	vg_json_doc *tree;
	vg_sbom *sbom;
	int rc;

	*out = NULL;
	if (!name)
		name = "<input>";
	if (len > SBOM_MAX_BYTES)
		return vg_error_set(VG_ELIMIT, "%s: %zu bytes, more than the %zu we read", name, len,
				    SBOM_MAX_BYTES);
	rc = vg_json_doc_parse(data, len, name, &tree);
	if (rc)
		return rc;
	sbom = vg_sbom_new();
	if (!sbom) {
		vg_json_doc_free(tree);
		return VG_ENOMEM;
	}
	rc = read_json(vg_json_doc_root(tree), sbom);
	vg_json_doc_free(tree);
	if (rc) {
		vg_sbom_free(sbom);
		return vg_error_prefix("%s: ", name);
	}
	*out = sbom;
	return VG_OK;
}

int vg_sbom_read_file_text(const char *path, vg_sbom **out, char **text, size_t *len)
{
	char *data;
	size_t n;
	int rc;

	*out = NULL;
	if (text)
		*text = NULL;
	rc = vg_file_read(path, SBOM_MAX_BYTES, &data, &n);
	if (rc)
		return rc;
	rc = vg_sbom_parse(data, n, strcmp(path, "-") ? path : "<stdin>", out);
	if (rc == VG_OK && text) {
		*text = data;
		*len = n;
	} else {
		free(data);
	}
	return rc;
}

int vg_sbom_read_file(const char *path, vg_sbom **out)
{
	return vg_sbom_read_file_text(path, out, NULL, NULL);
}

static int write_json(const vg_sbom *sbom, vg_sbom_format format, json_t **doc)
{
	switch (format) {
	case VG_SBOM_CYCLONEDX_JSON: return vg_sbomio_write_cyclonedx(sbom, doc);
	case VG_SBOM_SPDX2_JSON: return vg_sbomio_write_spdx2(sbom, doc);
	case VG_SBOM_SPDX3_JSONLD: return vg_sbomio_write_spdx3(sbom, doc);
	default: return vg_error_set(VG_EINVAL, "cannot write SBOM format %d", (int)format);
	}
}

int vg_sbom_write(const vg_sbom *sbom, vg_sbom_format format, char **out)
{
	json_t *doc = NULL;
	int rc = write_json(sbom, format, &doc);

	*out = NULL;
	if (rc)
		return rc;
	*out = vg_json_dump(doc);
	json_decref(doc);
	return *out ? VG_OK : VG_ENOMEM;
}

int vg_sbom_write_file(const vg_sbom *sbom, vg_sbom_format format, const char *path)
{
	char *text;
	size_t n;
	int rc = vg_sbom_write(sbom, format, &text);

	if (rc)
		return rc;
	n = strlen(text);
	rc = vg_file_write_output(path, text, n);
	free(text);
	return rc;
}
