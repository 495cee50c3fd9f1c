/*
 * vigil/sbom.h - the one in-memory SBOM model, and reading/writing it.
 *
 * Every SBOM format Vigil reads (CycloneDX 1.4-1.7 JSON, SPDX 2.3 JSON,
 * SPDX 3.0.1 JSON-LD) is read into a vg_sbom; every format it writes is
 * written from one.  The model holds what the formats share and what the
 * BSI TR-03183-2 and NTIA checks need; a field a format cannot express is
 * lost only when writing that format (and the writer says nothing about it).
 *
 * Ownership: a vg_sbom owns everything reachable from it.  Strings are
 * malloc'd; NULL means "absent".  Components are held by pointer, so a
 * vg_component * stays valid while more components are added.
 *
 * Reading is tolerant of what real tools emit and strict about what matters:
 * structural faults (not JSON, wrong type where a value is needed, a
 * component without a name) fail with VG_EPARSE and a message naming the
 * file and JSON path; recoverable oddities (an unknown hash algorithm, an
 * invalid purl) are kept out of the model and recorded in sbom->warnings
 * with their JSON path.
 */
#ifndef VIGIL_SBOM_H
#define VIGIL_SBOM_H

#include "vigil/str.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum vg_sbom_format {
	VG_SBOM_FORMAT_UNKNOWN = 0,
	VG_SBOM_CYCLONEDX_JSON, /* CycloneDX 1.4-1.7 JSON; written as 1.6 */
	VG_SBOM_SPDX2_JSON,     /* SPDX 2.3 JSON */
	VG_SBOM_SPDX3_JSONLD    /* SPDX 3.0.1 JSON-LD */
} vg_sbom_format;

/* CycloneDX component types; SPDX purposes map onto them. */
typedef enum vg_component_type {
	VG_COMPONENT_LIBRARY = 0, /* the default */
	VG_COMPONENT_APPLICATION,
	VG_COMPONENT_FRAMEWORK,
	VG_COMPONENT_CONTAINER,
	VG_COMPONENT_PLATFORM,
	VG_COMPONENT_OPERATING_SYSTEM,
	VG_COMPONENT_DEVICE,
	VG_COMPONENT_DEVICE_DRIVER,
	VG_COMPONENT_FIRMWARE,
	VG_COMPONENT_FILE,
	VG_COMPONENT_MACHINE_LEARNING_MODEL,
	VG_COMPONENT_DATA,
	VG_COMPONENT_CRYPTOGRAPHIC_ASSET
} vg_component_type;

/* A hash: alg in CycloneDX spelling ("SHA-256", "SHA-512", "SHA-1", "MD5",
 * "SHA3-256", "BLAKE2b-256", ...), value in lower-case hex. */
typedef struct vg_hash {
	char *alg;
	char *value;
} vg_hash;

/* An organisation or person: supplier, manufacturer, author. */
typedef struct vg_party {
	char *name;
	char *email;
	char *url;
} vg_party;

/* An external reference.  type uses CycloneDX's vocabulary ("vcs",
 * "website", "distribution", "source-distribution", "rfc-9116", ...). */
typedef struct vg_extref {
	char *type;
	char *url;
	vg_hash *hashes;
	size_t hash_count;
} vg_extref;

/* A name/value property, e.g. "bsi:component:filename". */
typedef struct vg_property {
	char *name;
	char *value;
} vg_property;

typedef struct vg_component {
	char *ref;                /* bom-ref / SPDXID: unique within the SBOM (required);
	                             set at creation and never changed (it is indexed) */
	vg_component_type type;
	char *group;              /* CycloneDX group (Maven groupId, ...) */
	char *name;               /* required */
	char *version;
	char *description;
	char *purl;               /* canonical purl string */
	vg_strlist cpes;          /* CPE 2.3 formatted strings */
	vg_party supplier;        /* who distributes it */
	vg_party manufacturer;    /* who made it (CycloneDX manufacturer/authors, SPDX originator) */
	char *license_declared;   /* SPDX licence expression, as the source declares it */
	char *license_concluded;  /* SPDX licence expression, as concluded */
	char *copyright;
	vg_hash *hashes;          /* of the component itself */
	size_t hash_count;
	vg_extref *extrefs;
	size_t extref_count;
	vg_property *properties;
	size_t property_count;
	vg_strlist depends_on;    /* refs of the components this one depends on */
	vg_strlist contains;      /* refs of the components this one contains (the files of a
	                             package): CycloneDX nests them, SPDX says CONTAINS */
} vg_component;

typedef struct vg_sbom {
	vg_sbom_format source_format; /* what it was read from; UNKNOWN if built */
	char *spec_version;           /* "1.6", "SPDX-2.3", "3.0.1" as read */
	char *serial;                 /* CycloneDX serialNumber (urn:uuid:...),
	                                 SPDX documentNamespace, SPDX 3 document spdxId */
	int version;                  /* CycloneDX BOM version (>= 1) */
	char *name;                   /* document name */
	char *timestamp;              /* RFC 3339 creation time */
	vg_party *authors;            /* who made the SBOM */
	size_t author_count;
	vg_party manufacturer;        /* organisation that made the SBOM (BSI "creator") */
	vg_strlist tools;             /* "name version" of the tools that made it */
	vg_component *primary;        /* what the SBOM describes (metadata.component /
	                                 SPDX DESCRIBES), or NULL; not in components[] */
	vg_component **components;
	size_t component_count;
	size_t component_cap;
	char *completeness;           /* "complete", "incomplete", "unknown" or NULL */
	vg_strlist warnings;          /* tolerated faults found while reading */
	struct vg_sbom_index *index;  /* private: ref -> component, for vg_sbom_find() */
} vg_sbom;

/* An empty SBOM (version 1). */
vg_sbom *vg_sbom_new(void);
void vg_sbom_free(vg_sbom *sbom);

/* A new component with the given ref appended to sbom->components
 * (NULL and VG_ENOMEM on failure).  The caller fills in the rest. */
vg_component *vg_sbom_add_component(vg_sbom *sbom, const char *ref);
/* Set sbom->primary to a new component with the given ref. */
vg_component *vg_sbom_set_primary(vg_sbom *sbom, const char *ref);
/* The component (or primary) with that ref, or NULL; the first one added
 * when several share a ref.  Constant time (hash index). */
vg_component *vg_sbom_find(const vg_sbom *sbom, const char *ref);

int vg_component_add_hash(vg_component *c, const char *alg, const char *value);
int vg_component_add_property(vg_component *c, const char *name, const char *value);
/* The value of the first property with that name, or NULL. */
const char *vg_component_property(const vg_component *c, const char *name);
/* Append an external reference; returns it (NULL on ENOMEM) so hashes can be added. */
vg_extref *vg_component_add_extref(vg_component *c, const char *type, const char *url);
int vg_extref_add_hash(vg_extref *r, const char *alg, const char *value);
int vg_sbom_add_author(vg_sbom *sbom, const char *name, const char *email, const char *url);
/* Record a reading warning (printf-style). */
int vg_sbom_warn(vg_sbom *sbom, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Deep copy (NULL and VG_ENOMEM on failure). */
vg_sbom *vg_sbom_clone(const vg_sbom *sbom);

/* "library", "firmware", ... and back (VG_EPARSE for an unknown name). */
const char *vg_component_type_name(vg_component_type type);
int vg_component_type_parse(const char *name, vg_component_type *out);

/* "cyclonedx", "spdx2", "spdx3" and back; parse also takes "cdx", "spdx", "spdx-2.3" ... */
const char *vg_sbom_format_name(vg_sbom_format format);
int vg_sbom_format_parse(const char *name, vg_sbom_format *out);

/*
 * Read an SBOM from text or a file ("-": standard input); the format is
 * detected from the content, not the name.  `name` prefixes error messages.
 */
int vg_sbom_parse(const char *data, size_t len, const char *name, vg_sbom **out);
int vg_sbom_read_file(const char *path, vg_sbom **out);
/* ...and hand back the file's text (*text to free; NULL on error) for a
 * second reader of the same document, such as vg_vex_parse_sbom(). */
int vg_sbom_read_file_text(const char *path, vg_sbom **out, char **text, size_t *len);
/* The format of a JSON text, VG_SBOM_FORMAT_UNKNOWN if it is none we read. */
vg_sbom_format vg_sbom_detect(const char *data, size_t len);

/* An SPDX 3 JSON-LD element's type ("type", else "@type") and id ("spdxId",
 * else "@id"), or NULL: the SPDX 3 VEX reader (vigil/vex.h) walks the same
 * graphs as the SBOM reader. */
struct json_t;
const char *vg_spdx3_element_type(const struct json_t *element);
const char *vg_spdx3_element_id(const struct json_t *element);

/* Serialise to a malloc'd string (CycloneDX 1.6, SPDX 2.3 or SPDX 3.0.1). */
int vg_sbom_write(const vg_sbom *sbom, vg_sbom_format format, char **out);
/* ...and write it atomically to `path` ("-": standard output). */
int vg_sbom_write_file(const vg_sbom *sbom, vg_sbom_format format, const char *path);

#ifdef __cplusplus
}
#endif
#endif
