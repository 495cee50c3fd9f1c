/*
 * cvss4_data.h - FIRST's CVSS v4.0 scoring tables (cvss4_data.c, generated).
 *
 * cvss4_lookup: the score of each macro vector in tenths, at the index its
 *   six EQ levels give read as a mixed-radix number (levels 3,2,3,3,3,2, EQ1
 *   most significant: cvss4_macro_index()); -1 where the standard defines no
 *   such macro vector (eq3 = 2 with eq6 = 0).
 * cvss4_max_*: per EQ level, the vectors of highest severity in that level
 *   ("AV:N/PR:N/UI:N/"), a NULL-terminated list; eq3 and eq6 are joint.
 * cvss4_severity_*: per EQ level, the depth of the level in metric steps
 *   (of 0.1); -1 where the level does not exist.
 */
#ifndef VG_CVSS4_DATA_H
#define VG_CVSS4_DATA_H

#define CVSS4_MACRO_VECTORS (3 * 2 * 3 * 3 * 3 * 2)

extern const signed char cvss4_lookup[CVSS4_MACRO_VECTORS];

/* Index in cvss4_lookup of the macro vector eq[0..5] (levels in range). */
static inline int cvss4_macro_index(const int eq[6])
{
	return ((((eq[0] * 2 + eq[1]) * 3 + eq[2]) * 3 + eq[3]) * 3 + eq[4]) * 2 + eq[5];
}

extern const char *const cvss4_max_eq1[3][4];
extern const char *const cvss4_max_eq2[2][3];
extern const char *const cvss4_max_eq3eq6[3][2][6];
extern const char *const cvss4_max_eq4[3][2];
extern const char *const cvss4_max_eq5[3][2];

extern const signed char cvss4_severity_eq1[3];
extern const signed char cvss4_severity_eq2[2];
extern const signed char cvss4_severity_eq3eq6[3][2];
extern const signed char cvss4_severity_eq4[3];
extern const signed char cvss4_severity_eq5[3];

#endif
