/*
 * vigil/vex.h - VEX statements: what a supplier says about whether a
 * vulnerability affects a product.
 *
 * A vg_vex holds the statements read from any number of documents in the
 * four formats scanners meet: OpenVEX (0.0.1 and 0.2.0), CycloneDX VEX (a
 * BOM's vulnerabilities[].analysis, 1.4 and later, and its components'
 * pedigree.patches[].resolves[]), CSAF 2.0 VEX (product_status lists joined
 * with the product tree) and SPDX 3.0 VEX (the security_Vex*
 * VulnAssessmentRelationship elements of a JSON-LD document, as Yocto
 * writes them for the CVEs a recipe patches or ignores).  Every statement is
 * normalised to one model: a vulnerability id (with the aliases the document
 * gives), the products it covers (purls, CPEs, or bom-refs), a status, and
 * the justification, impact and action texts.
 *
 * vg_vex_find() answers the scanner's question "is there a statement about
 * this vulnerability (known by any of these ids) for this component?".
 * Products match a component by
 *   - purl: type, namespace and name equal; a product purl without a version
 *     covers every version; qualifiers given in the product purl must be
 *     present and equal in the component's purl (OpenVEX's rule);
 *   - CPE: the component has a CPE the product CPE matches (vg_cpe_match);
 *   - bom-ref: the component's ref equals the product id, or the product is a
 *     BOM-Link ("urn:cdx:serial/version#ref") whose fragment is the ref;
 * and, when the product lists versions (CycloneDX affects[].versions), the
 * component's version is one of them or inside one of the vers: ranges.
 * When several statements apply, the latest (by timestamp; on equal or
 * missing timestamps, the one loaded last) wins, as OpenVEX specifies.
 *
 * Readers reject malformed documents with the file and JSON path of the
 * fault; nothing is appended to the set on error.
 */
#ifndef VIGIL_VEX_H
#define VIGIL_VEX_H

#include "vigil/sbom.h"
#include "vigil/str.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum vg_vex_status {
	VG_VEX_NOT_AFFECTED,
	VG_VEX_AFFECTED,
	VG_VEX_FIXED,
	VG_VEX_UNDER_INVESTIGATION
} vg_vex_status;

typedef enum vg_vex_format {
	VG_VEX_OPENVEX,
	VG_VEX_CYCLONEDX,
	VG_VEX_CSAF,
	VG_VEX_SPDX3
} vg_vex_format;

typedef struct vg_vex_statement {
	char *vulnerability;   /* the id as the document writes it */
	vg_strlist aliases;    /* other ids the document gives for it */
	vg_strlist products;   /* purls, CPEs or bom-refs */
	vg_strlist versions;   /* parallel to products: "" when the product is
				  meant at every version, else the versions and
				  vers: ranges it is meant at, one per line
				  (CycloneDX affects[].versions) */
	vg_vex_status status;
	char *justification;   /* OpenVEX/CSAF label ("vulnerable_code_not_present"),
				  CycloneDX's ("code_not_reachable"), or NULL */
	char *impact;          /* impact statement / analysis detail, or NULL */
	char *action;          /* action statement / response, or NULL */
	char *timestamp;       /* RFC 3339, or NULL */
	char *origin;          /* "file: $.statements[3]": where it was read */
	vg_vex_format format;
} vg_vex_statement;

typedef struct vg_vex {
	vg_vex_statement *statements;
	size_t count;
	size_t cap;
} vg_vex;

vg_vex *vg_vex_new(void);
void vg_vex_free(vg_vex *vex);

/* Read one document (format detected from the content) and append its
 * statements.  `name` prefixes error messages. */
int vg_vex_parse(vg_vex *vex, const char *data, size_t len, const char *name);
int vg_vex_load_file(vg_vex *vex, const char *path);

/*
 * The statements an SBOM makes about its own components, appended: a
 * CycloneDX BOM's vulnerabilities[].analysis and pedigree patches, an SPDX 3
 * document's VEX relationships.  An SBOM that makes none, or whose format
 * carries none (SPDX 2, ...), adds nothing and is no error; *added (may be
 * NULL) counts what was appended.  A malformed statement fails as in
 * vg_vex_parse(), and nothing is appended.
 */
int vg_vex_parse_sbom(vg_vex *vex, const char *data, size_t len, const char *name,
		      size_t *added);

/* The statement that applies to `component` for a vulnerability known by any
 * of `ids`, or NULL. */
const vg_vex_statement *vg_vex_find(const vg_vex *vex, const char *const *ids, size_t nids,
				    const vg_component *component);

const char *vg_vex_status_name(vg_vex_status status); /* "not_affected", ... */
const char *vg_vex_format_name(vg_vex_format format); /* "openvex", ..., "spdx3" */

#ifdef __cplusplus
}
#endif
#endif
