/*
 * dotted.c - compare plain dotted numbers (see dotted.h).
 */
#include "dotted.h"

#include <ctype.h>
#include <string.h>

bool sbom_dotted_valid(const char *s)
{
	bool digit = false;

	if (!s || !*s)
		return false;
	for (; *s; s++) {
		if (isdigit((unsigned char)*s)) {
			digit = true;
		} else if (*s == '.' && digit) {
			digit = false;
		} else {
			return false;
		}
	}
	return digit;
}

/*
 * Compare the numbers at *a and *b part by part without converting them, so
 * that parts longer than any integer type still compare right: skip leading
 * zeros (a lone "0" and a missing part both become the empty run), then the
 * longer digit run is larger, then the first differing digit.
 */
static int part_compare(const char **a, const char **b)
{
	size_t la, lb;
	int c;

	while (**a == '0')
		(*a)++;
	while (**b == '0')
		(*b)++;
	la = strspn(*a, "0123456789");
	lb = strspn(*b, "0123456789");
	c = la != lb ? (la < lb ? -1 : 1) : memcmp(*a, *b, la);
	*a += la;
	*b += lb;
	return c;
}

bool sbom_dotted_compare(const char *a, const char *b, int *cmp)
{
	int c;

	if (!sbom_dotted_valid(a) || !sbom_dotted_valid(b))
		return false;
	while (*a || *b) {
		c = part_compare(&a, &b);
		if (c) {
			*cmp = c < 0 ? -1 : 1;
			return true;
		}
		if (*a == '.')
			a++;
		if (*b == '.')
			b++;
	}
	*cmp = 0;
	return true;
}
