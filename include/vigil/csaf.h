/*
 * vigil/csaf.h - a CSAF 2.0 document (OASIS Common Security Advisory
 * Framework) read into a flat model.
 *
 * vg_csaf_parse() reads one document of any profile (csaf_base,
 * csaf_security_advisory, csaf_vex, ...) and keeps what consumers of
 * advisories and VEX need:
 *   - the document header (category, title, tracking, publisher, references);
 *   - the product tree flattened into one array of products.  Every product
 *     defined in branches, full_product_names or relationships becomes one
 *     vg_csaf_product with its id, a full name, and the purl and CPE of its
 *     product_identification_helper.  A branch product's name is the names of
 *     its branches from the root joined with " " ("Example Company ABC Super
 *     Device 1.2"); a product_version_range branch also keeps its name
 *     ("vers:generic/>=1.0|<2.0" or a VLS text) in version_range.  A
 *     relationship product keeps the two products it combines
 *     (product_reference, relates_to), so a consumer can take the
 *     component's purl when the combination has none (Red Hat writes
 *     "component as a component of product" this way);
 *   - the vulnerabilities, with product ids in every list: product_status
 *     by category, and flags, threats, remediations and scores with their
 *     group_ids already resolved through product_groups into product ids.
 *
 * Every product id the document uses (status lists, flags, threats,
 * remediations, scores, groups, relationships) must be defined in the product
 * tree, and product ids must be unique; otherwise parsing fails with the file
 * and JSON path ("x.json: $.vulnerabilities[2].product_status.fixed[0]:
 * unknown product id \"CSAFPID-9\"").  The required members of the schema's
 * document header are checked, and csaf_version must be "2.0".  This is not
 * a full validator: the other tests of CSAF 2.0 section 6 are not run.
 *
 * The document owns everything reachable from it; strings are NULL when the
 * document does not give them.
 */
#ifndef VIGIL_CSAF_H
#define VIGIL_CSAF_H

#include "vigil/str.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Branches nested deeper than this are rejected (VG_ELIMIT). */
#define VG_CSAF_MAX_BRANCH_DEPTH 32

typedef struct vg_csaf_product {
	char *id;                /* product_id (never NULL) */
	char *name;              /* full name (never NULL) */
	char *purl;              /* product_identification_helper.purl */
	char *cpe;               /* product_identification_helper.cpe */
	char *version_range;     /* name of a product_version_range branch */
	/* Products defined by a relationship; NULL for the others. */
	char *relationship;      /* category: "default_component_of", ... */
	char *product_reference; /* the component's product id */
	char *relates_to;        /* the product id it is part of */
} vg_csaf_product;

typedef struct vg_csaf_reference {
	char *url;               /* never NULL */
	char *summary;           /* never NULL */
	char *category;          /* "external" (the default) or "self" */
} vg_csaf_reference;

/* vulnerabilities[].product_status, one list per category. */
typedef enum vg_csaf_status {
	VG_CSAF_FIRST_AFFECTED,
	VG_CSAF_FIRST_FIXED,
	VG_CSAF_FIXED,
	VG_CSAF_KNOWN_AFFECTED,
	VG_CSAF_KNOWN_NOT_AFFECTED,
	VG_CSAF_LAST_AFFECTED,
	VG_CSAF_RECOMMENDED,
	VG_CSAF_UNDER_INVESTIGATION,
	VG_CSAF_STATUS_COUNT
} vg_csaf_status;

typedef struct vg_csaf_id {
	char *system_name;
	char *text;
} vg_csaf_id;

/* In flags, threats, remediations and scores, product_ids holds the
 * product ids given directly followed by the members of the groups given
 * (each id once). */
typedef struct vg_csaf_flag {
	char *label;             /* "component_not_present", ... */
	char *date;
	vg_strlist product_ids;
} vg_csaf_flag;

typedef struct vg_csaf_threat {
	char *category;          /* "impact", "exploit_status", "target_set" */
	char *details;
	char *date;
	vg_strlist product_ids;
} vg_csaf_threat;

typedef struct vg_csaf_remediation {
	char *category;          /* "vendor_fix", "workaround", "mitigation",
				    "no_fix_planned", "none_available" */
	char *details;
	char *url;
	char *date;
	vg_strlist product_ids;
} vg_csaf_remediation;

typedef struct vg_csaf_score {
	vg_strlist product_ids;
	char *cvss_v3;           /* cvss_v3.vectorString */
	double cvss_v3_base;     /* cvss_v3.baseScore (0 without cvss_v3) */
	char *cvss_v2;           /* cvss_v2.vectorString */
	double cvss_v2_base;
} vg_csaf_score;

typedef struct vg_csaf_vuln {
	char *cve;
	vg_csaf_id *ids;
	size_t nids;
	char *title;
	char *cwe;               /* cwe.id ("CWE-79") */
	char *description;       /* text of the first note of category
				    "description", else "summary" */
	char *discovery_date;
	char *release_date;
	vg_strlist status[VG_CSAF_STATUS_COUNT];
	vg_csaf_flag *flags;
	size_t nflags;
	vg_csaf_threat *threats;
	size_t nthreats;
	vg_csaf_remediation *remediations;
	size_t nremediations;
	vg_csaf_score *scores;
	size_t nscores;
	vg_csaf_reference *references;
	size_t nreferences;
} vg_csaf_vuln;

typedef struct vg_csaf_doc {
	char *category;          /* "csaf_security_advisory", "csaf_vex", ... */
	char *csaf_version;      /* "2.0" */
	char *title;
	char *lang;
	char *tracking_id;
	char *tracking_version;
	char *tracking_status;   /* "draft", "interim", "final" */
	char *initial_release_date;
	char *current_release_date;
	char *publisher_name;
	char *publisher_namespace;
	char *publisher_category; /* "vendor", "coordinator", ... */
	vg_csaf_reference *references;
	size_t nreferences;
	vg_csaf_product *products;
	size_t nproducts;
	vg_csaf_vuln *vulns;
	size_t nvulns;
	size_t *by_id;           /* private: product indexes sorted by id */
} vg_csaf_doc;

/* Parse `len` bytes of a CSAF 2.0 JSON document; `name` prefixes errors. */
int vg_csaf_parse(const char *data, size_t len, const char *name, vg_csaf_doc **out);
/* The same from JSON already parsed (importers that detect the format from
 * the content); root is only read. */
int vg_csaf_read(const json_t *root, const char *name, vg_csaf_doc **out);
/* Read and parse a file. */
int vg_csaf_load_file(const char *path, vg_csaf_doc **out);
void vg_csaf_free(vg_csaf_doc *doc);

/* The product with this product_id, or NULL. */
const vg_csaf_product *vg_csaf_product_find(const vg_csaf_doc *doc, const char *id);

/* "first_affected", "known_not_affected", ... (the JSON member names). */
const char *vg_csaf_status_name(vg_csaf_status status);

#ifdef __cplusplus
}
#endif
#endif
