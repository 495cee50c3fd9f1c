/*
 * sbom_io.h - what the SBOM readers and writers share (module-internal).
 *
 * Readers take a parsed JSON document and fill a fresh vg_sbom; a structural
 * fault returns VG_EPARSE with a message that starts with the JSON path
 * ("$.components[3]: missing required member \"name\""), and vg_sbom_parse()
 * prefixes the input's name.  Recoverable faults go to vg_sbom_warn() with
 * their path and the value is left out of the model.
 *
 * Writers build a jansson tree from a vg_sbom in the model's order, so the
 * same model always gives the same bytes (except the serial number and
 * timestamp, generated when the model has none).
 */
#ifndef VG_SBOM_IO_H
#define VG_SBOM_IO_H

#include "vigil/json.h"
#include "vigil/sbom.h"

#include <stdbool.h>
#include <stddef.h>

/* The readers, one per format (read_*.c). */
int vg_sbomio_read_cyclonedx(const json_t *root, vg_sbom *sbom);
int vg_sbomio_read_spdx2(const json_t *root, vg_sbom *sbom);
int vg_sbomio_read_spdx3(const json_t *root, vg_sbom *sbom);
/* The format of a parsed document (detect.c). */
vg_sbom_format vg_sbomio_detect_json(const json_t *root);

/* The writers (write_*.c): *out receives a new JSON document. */
int vg_sbomio_write_cyclonedx(const vg_sbom *sbom, json_t **out);
int vg_sbomio_write_spdx2(const vg_sbom *sbom, json_t **out);
int vg_sbomio_write_spdx3(const vg_sbom *sbom, json_t **out);

/* Move every component of `from` to the end of dst->components, in order,
 * and its warnings to the end of dst->warnings; `from` keeps neither
 * (model.c).  The refs must be new to dst. */
int vg_sbomio_move_components(vg_sbom *dst, vg_sbom *from);

/* --- values (io_values.c) --- */

/* s when it is non-NULL and non-empty, else NULL. */
const char *vg_sbomio_nonempty(const char *s);

/* *dst = copy of the string member obj[key] (absent or "" leaves *dst alone);
 * VG_EPARSE naming path.key when it is not a string. */
int vg_sbomio_string(const json_t *obj, const char *key, const char *path, char **dst);

/* Replace *dst by a copy of s (NULL clears it). */
int vg_sbomio_set(char **dst, const char *s);

/* Canonical (CycloneDX) spelling of a hash algorithm in any of the three
 * formats' spellings ("sha256", "SHA256", "sha3_256" ...), or NULL. */
const char *vg_sbomio_hash_alg(const char *name);
/* The SPDX 2 and SPDX 3 spellings of a canonical algorithm. */
const char *vg_sbomio_hash_alg_spdx2(const char *canonical);
const char *vg_sbomio_hash_alg_spdx3(const char *canonical);

/* Add a hash to *hashes after normalising it; an unknown algorithm or a value
 * that is not hex of that algorithm's length is left out with a warning. */
int vg_sbomio_add_hash(vg_sbom *sbom, const char *path, vg_hash **hashes, size_t *count,
		       const char *alg, const char *value);

/* Store purl in c->purl after a syntax check (pkg:type/name); warn otherwise. */
int vg_sbomio_set_purl(vg_sbom *sbom, const char *path, vg_component *c, const char *purl);
/* Add a CPE (2.3 formatted "cpe:2.3:..." or 2.2 URI "cpe:/...") or warn. */
int vg_sbomio_add_cpe(vg_sbom *sbom, const char *path, vg_component *c, const char *cpe);

/* type when it is a CycloneDX 1.6 external reference type, else "other". */
const char *vg_sbomio_extref_type(const char *type);

/* A copy of url with the characters an IRI cannot hold (controls, space,
 * <>"{}|\^`) percent-encoded; NULL on ENOMEM. */
char *vg_sbomio_iri_encode(const char *url);

/* True for an RFC 3339 date-time ("2024-03-06T00:00:00Z", fractions, offsets). */
bool vg_sbomio_is_datetime(const char *s);
/* True for "urn:uuid:" followed by a lower-case RFC 4122 UUID. */
bool vg_sbomio_is_urn_uuid(const char *s);

/* A random "urn:uuid:..." (RAND_bytes) into out[46]. */
int vg_sbomio_random_urn_uuid(char out[46]);
/* A name-based "urn:uuid:..." derived from text (SHA-256), into out[46]. */
int vg_sbomio_derived_urn_uuid(const char *text, char out[46]);
/* The current UTC time as "YYYY-MM-DDTHH:MM:SSZ" into out[21]. */
void vg_sbomio_now(char out[21]);

/* Move the component with that ref from components[] to sbom->primary
 * (nothing when primary is already set or no such component). */
void vg_sbomio_promote(vg_sbom *sbom, const char *ref);

/* Append a string to a JSON array / set obj[key] to a string; ENOMEM-checked. */
int vg_sbomio_json_append_string(json_t *array, const char *s);
int vg_sbomio_json_set_string(json_t *obj, const char *key, const char *s);
/* obj[key] = value (stolen); VG_ENOMEM when value is NULL or setting fails. */
int vg_sbomio_json_set_new(json_t *obj, const char *key, json_t *value);
/* Append value (stolen) to array; VG_ENOMEM on failure. */
int vg_sbomio_json_append_new(json_t *array, json_t *value);

/*
 * Identifiers for the SPDX writers: a JSON object mapping every component
 * ref (primary first) to a unique identifier made of `prefix` and the ref with
 * characters outside [A-Za-z0-9.-] replaced by '-'.  A ref `keep` accepts is
 * kept as it is when unique.
 */
json_t *vg_sbomio_idmap(const vg_sbom *sbom, const char *prefix, bool (*keep)(const char *ref));
/* keep predicates: a valid SPDX 2 SPDXID / an IRI usable as SPDX 3 spdxId */
bool vg_sbomio_is_spdxref(const char *ref);
bool vg_sbomio_is_iri(const char *ref);

/* CycloneDX external reference type <-> SPDX 3 ExternalRefType ("other" when none). */
const char *vg_sbomio_extref_from_spdx3(const char *spdx3);
const char *vg_sbomio_extref_to_spdx3(const char *cdx);

/* An RFC 3339 date-time as SPDX 3 wants it (UTC, "Z", no fraction) into out[21];
 * false when it is not a date-time. */
bool vg_sbomio_utc_seconds(const char *datetime, char out[21]);
/* The identifier of ref in the map, or NULL. */
const char *vg_sbomio_idmap_get(const json_t *map, const char *ref);

/* The components in writing order: primary (if any) then components[];
 * *count receives the number.  A malloc'd array (free() it). */
const vg_component **vg_sbomio_all_components(const vg_sbom *sbom, size_t *count);

/* "Name (email)" parsing of SPDX actors: "Organization: ACME (a@b.c)".
 * Fills a party (strings malloc'd); kind receives "Person", "Organization" or
 * "Tool".  NOASSERTION/NONE give an empty party.  VG_EPARSE for no "Kind: ". */
int vg_sbomio_parse_actor(const char *s, const char **kind, vg_party *out);
/* "Kind: name (email)" for a party, malloc'd. */
char *vg_sbomio_format_actor(const char *kind, const vg_party *p);

#endif
