/*
 * vigil/cpe.h - CPE 2.3 names: the WFN model, its two bindings, and matching.
 *
 * A vg_cpe is a well-formed name (NISTIR 7695): eleven attributes, each the
 * logical value ANY, the logical value NA, or a value string.  Value strings
 * are kept in WFN form: lower-case, every character other than a letter, a
 * digit or '_' quoted with a backslash ("1\.0\.2"), and an unquoted '*' or
 * '?' is a wildcard (allowed only at the start or end: "1\.0*", "??b").
 *
 * Bindings (both parsed by vg_cpe_parse(), which tells them apart):
 *   formatted string  cpe:2.3:a:openssl:openssl:3.0.2:*:*:*:*:*:*:*
 *   URI               cpe:/a:openssl:openssl:3.0.2  (percent-encoded; packed
 *                     edition "~ed~sw_edition~target_sw~target_hw~other")
 * Both bindings are case-insensitive; values are folded to lower case.
 *
 * Matching (NISTIR 7696): vg_cpe_compare_attr() relates one source attribute
 * to the target's (SUPERSET, SUBSET, EQUAL, DISJOINT, UNDEFINED);
 * vg_cpe_match() is true when every attribute is SUPERSET or EQUAL, i.e. the
 * source (an applicability criterion such as NVD's `criteria`) covers the
 * target (a concrete product).  Matching never allocates.
 *
 * Memory: a vg_cpe is a fixed-size value (no pointers inside), so it lives
 * on the stack or in an array and needs no free.  Printing returns a
 * malloc'd string.
 *
 * Errors: VG_EPARSE with the quoted input and the attribute or byte at fault;
 * VG_ELIMIT when the values do not fit VG_CPE_TEXT_MAX.
 */
#ifndef VIGIL_CPE_H
#define VIGIL_CPE_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum vg_cpe_attr {
	VG_CPE_PART,
	VG_CPE_VENDOR,
	VG_CPE_PRODUCT,
	VG_CPE_VERSION,
	VG_CPE_UPDATE,
	VG_CPE_EDITION,
	VG_CPE_LANGUAGE,
	VG_CPE_SW_EDITION,
	VG_CPE_TARGET_SW,
	VG_CPE_TARGET_HW,
	VG_CPE_OTHER,
	VG_CPE_ATTR_COUNT
};

/* What an attribute holds. */
enum vg_cpe_kind { VG_CPE_ANY, VG_CPE_NA, VG_CPE_VALUE };

/* Attribute comparison results (NISTIR 7696 §6.1). */
enum vg_cpe_relation {
	VG_CPE_DISJOINT,
	VG_CPE_SUBSET,
	VG_CPE_SUPERSET,
	VG_CPE_EQUAL,
	VG_CPE_UNDEFINED
};

/* Room for all eleven WFN values with their NUL terminators. */
#define VG_CPE_TEXT_MAX 1024
/*
 * Longest bound text accepted: any name whose values fit VG_CPE_TEXT_MAX
 * prints shorter than this in both bindings (percent-encoding triples a
 * byte), so everything printed parses back.
 */
#define VG_CPE_BOUND_MAX (4 * VG_CPE_TEXT_MAX)

typedef struct vg_cpe {
	unsigned char kind[VG_CPE_ATTR_COUNT]; /* enum vg_cpe_kind */
	uint16_t off[VG_CPE_ATTR_COUNT];       /* VG_CPE_VALUE: offset of the value in text */
	uint16_t used;                         /* bytes of text in use */
	char text[VG_CPE_TEXT_MAX];
} vg_cpe;

/* Every attribute ANY. */
void vg_cpe_init(vg_cpe *cpe);

/* Parse either binding (a formatted string or a URI). */
int vg_cpe_parse(const char *text, vg_cpe *out);

/* The attribute's kind, and its WFN value (NULL unless VG_CPE_VALUE). */
enum vg_cpe_kind vg_cpe_kind(const vg_cpe *cpe, enum vg_cpe_attr attr);
const char *vg_cpe_value(const vg_cpe *cpe, enum vg_cpe_attr attr);

/*
 * Set an attribute from a plain, unquoted string ("3.0.2" becomes the WFN
 * value "3\.0\.2"; it is folded to lower case and '*' '?' are literal).
 * NULL sets ANY; use vg_cpe_set_kind() for NA.  VG_EPARSE for a part other
 * than a, o, h, or a string that is empty or not printable ASCII.
 */
int vg_cpe_set(vg_cpe *cpe, enum vg_cpe_attr attr, const char *plain);
void vg_cpe_set_kind(vg_cpe *cpe, enum vg_cpe_attr attr, enum vg_cpe_kind kind);

/* The formatted string and URI bindings (malloc'd; NULL and VG_ENOMEM). */
char *vg_cpe_to_fs(const vg_cpe *cpe);
char *vg_cpe_to_uri(const vg_cpe *cpe);
/* The WFN itself: wfn:[part="a",vendor="openssl",...] without ANY attributes. */
char *vg_cpe_to_wfn(const vg_cpe *cpe);

/* Attribute names as in the WFN ("part", "vendor", ..., "sw_edition"). */
const char *vg_cpe_attr_name(enum vg_cpe_attr attr);
/* "SUPERSET", "SUBSET", "EQUAL", "DISJOINT", "UNDEFINED". */
const char *vg_cpe_relation_name(enum vg_cpe_relation rel);

/* Relate the source's attribute to the target's (NISTIR 7696 compare). */
enum vg_cpe_relation vg_cpe_compare_attr(const vg_cpe *source, const vg_cpe *target,
					 enum vg_cpe_attr attr);

/*
 * The name-level relation: DISJOINT if any attribute is; EQUAL if all are;
 * SUPERSET if all are SUPERSET or EQUAL; SUBSET if all are SUBSET or EQUAL;
 * else UNDEFINED.  `attrs` (may be NULL) receives the eleven attribute results.
 */
enum vg_cpe_relation vg_cpe_compare(const vg_cpe *source, const vg_cpe *target,
				    enum vg_cpe_relation attrs[VG_CPE_ATTR_COUNT]);

/* True when the source matches the target: every attribute SUPERSET or EQUAL. */
bool vg_cpe_match(const vg_cpe *source, const vg_cpe *target);

/* Same name: every attribute the same kind and value. */
bool vg_cpe_equal(const vg_cpe *a, const vg_cpe *b);

#ifdef __cplusplus
}
#endif
#endif
