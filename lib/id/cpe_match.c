/*
 * cpe_match.c - CPE name matching (NISTIR 7696 §6).
 *
 * Attribute comparison follows the specification's compare() and
 * compare_strings(): a target value with wildcards is UNDEFINED; equal
 * values are EQUAL; ANY is a SUPERSET of everything, NA of nothing but
 * itself; a source value with a leading/trailing '*' or '?'-run is a
 * SUPERSET of the target values it covers, counted in logical characters
 * (a quoting backslash is not a character).  Values are already lower-case
 * (cpe_store), so everything here is plain byte comparison on the names'
 * own storage: no allocation, no copies.
 */
#include "cpe_internal.h"

#include <string.h>

/* Backslashes in [start, end) of s that quote the next character. */
static size_t count_escapes(const char *s, size_t start, size_t end)
{
	size_t n = 0;
	bool active = false;

	for (; start < end; start++) {
		active = !active && s[start] == '\\';
		n += active;
	}
	return n;
}

/* Is s[i] (a '*' or '?') unquoted, i.e. preceded by an even run of '\'? */
static bool unquoted_at(const char *s, size_t i)
{
	size_t slashes = 0;

	while (i > slashes && s[i - slashes - 1] == '\\')
		slashes++;
	return slashes % 2 == 0;
}

static bool has_wildcards(const char *s)
{
	size_t i;

	for (i = 0; s[i]; i++) {
		if (s[i] == '\\' && s[i + 1])
			i++;
		else if (s[i] == '*' || s[i] == '?')
			return true;
	}
	return false;
}

/* First index >= from where needle[0..n) occurs in hay, or -1. */
static long find(const char *hay, size_t hay_len, const char *needle, size_t n, size_t from)
{
	size_t i;

	for (i = from; i + n <= hay_len; i++)
		if (!memcmp(hay + i, needle, n))
			return (long)i;
	return -1;
}

static enum vg_cpe_relation compare_strings(const char *src, const char *tgt)
{
	size_t start = 0, end = strlen(src), tlen = strlen(tgt);
	long begins = 0, ends = 0, index = -1;
	long leftover = (long)tlen;

	if (src[0] == '*') {
		start = 1;
		begins = -1;
	} else {
		while (src[start] == '?') {
			start++;
			begins++;
		}
	}
	if (end > start && src[end - 1] == '*' && unquoted_at(src, end - 1)) {
		end--;
		ends = -1;
	} else {
		while (end > start && src[end - 1] == '?' && unquoted_at(src, end - 1)) {
			end--;
			ends++;
		}
	}
	while (leftover > 0) {
		long escapes;

		index = find(tgt, tlen, src + start, end - start, (size_t)(index + 1));
		if (index < 0)
			break;
		escapes = (long)count_escapes(tgt, 0, (size_t)index);
		if (index > 0 && begins != -1 && begins < index - escapes)
			break;
		/* Logical characters after the match.  The specification's
		 * pseudo-code counts escapes from index + 1, which also counts
		 * those inside the match and lets "1\.?" cover "1\.10". */
		escapes = (long)count_escapes(tgt, (size_t)index + (end - start), tlen);
		leftover = (long)tlen - index - (long)(end - start) - escapes;
		if (leftover > 0 && ends != -1 && leftover > ends)
			continue;
		return VG_CPE_SUPERSET;
	}
	return VG_CPE_DISJOINT;
}

enum vg_cpe_relation vg_cpe_compare_attr(const vg_cpe *source, const vg_cpe *target,
					 enum vg_cpe_attr attr)
{
	enum vg_cpe_kind s = source->kind[attr], t = target->kind[attr];
	const char *sv = vg_cpe_value(source, attr), *tv = vg_cpe_value(target, attr);

	if (t == VG_CPE_VALUE && has_wildcards(tv))
		return VG_CPE_UNDEFINED;
	if (s == t && (s != VG_CPE_VALUE || !strcmp(sv, tv)))
		return VG_CPE_EQUAL;
	if (s == VG_CPE_ANY)
		return VG_CPE_SUPERSET;
	if (t == VG_CPE_ANY)
		return VG_CPE_SUBSET;
	if (s == VG_CPE_NA || t == VG_CPE_NA)
		return VG_CPE_DISJOINT;
	return compare_strings(sv, tv);
}

enum vg_cpe_relation vg_cpe_compare(const vg_cpe *source, const vg_cpe *target,
				    enum vg_cpe_relation attrs[VG_CPE_ATTR_COUNT])
{
	bool all_equal = true, superset = true, subset = true, disjoint = false;
	int a;

	for (a = 0; a < VG_CPE_ATTR_COUNT; a++) {
		enum vg_cpe_relation r = vg_cpe_compare_attr(source, target, a);

		if (attrs)
			attrs[a] = r;
		all_equal &= r == VG_CPE_EQUAL;
		superset &= r == VG_CPE_EQUAL || r == VG_CPE_SUPERSET;
		subset &= r == VG_CPE_EQUAL || r == VG_CPE_SUBSET;
		disjoint |= r == VG_CPE_DISJOINT;
	}
	if (disjoint)
		return VG_CPE_DISJOINT;
	if (all_equal)
		return VG_CPE_EQUAL;
	if (superset)
		return VG_CPE_SUPERSET;
	return subset ? VG_CPE_SUBSET : VG_CPE_UNDEFINED;
}

bool vg_cpe_match(const vg_cpe *source, const vg_cpe *target)
{
	int a;

	for (a = 0; a < VG_CPE_ATTR_COUNT; a++) {
		enum vg_cpe_relation r = vg_cpe_compare_attr(source, target, a);

		if (r != VG_CPE_SUPERSET && r != VG_CPE_EQUAL)
			return false;
	}
	return true;
}

const char *vg_cpe_relation_name(enum vg_cpe_relation rel)
{
	static const char *const names[] = { "DISJOINT", "SUBSET", "SUPERSET", "EQUAL",
					     "UNDEFINED" };

	return (unsigned)rel < sizeof(names) / sizeof(names[0]) ? names[rel] : "?";
}
