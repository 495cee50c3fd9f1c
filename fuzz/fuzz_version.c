/*
 * fuzz_version.c - libFuzzer harness for vg_version_compare().
 *
 * Input: first byte picks the scheme (modulo the number of schemes, so every
 * scheme is reached, the ones added later too); the rest is "A\nB".  Checks
 * that the comparison never crashes, that validity does not depend on
 * argument order, that it is antisymmetric (compare(a,b) == -compare(b,a))
 * and reflexive, and that versions the strict check accepts always compare
 * (lenient schemes such as PyPI legacy or SemVer order more than that).
 */
#include "vigil/error.h"
#include "vigil/version.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	vg_version_scheme s;
	char *a, *b, *nl;
	int ab, ba, aa, r1, r2;

	if (size < 1)
		return 0;
	s = (vg_version_scheme)(data[0] % VG_VERSION_SCHEME_COUNT);
	a = malloc(size);
	if (!a)
		return 0;
	memcpy(a, data + 1, size - 1);
	a[size - 1] = '\0';
	nl = strchr(a, '\n');
	b = nl ? (*nl = '\0', nl + 1) : a + strlen(a);
	r1 = vg_version_compare(s, a, b, &ab);
	r2 = vg_version_compare(s, b, a, &ba);
	if ((r1 == VG_OK) != (r2 == VG_OK))
		abort();
	if (r1 == VG_OK && ab != -ba)
		abort();
	if (vg_version_compare(s, a, a, &aa) == VG_OK && aa != 0)
		abort();
	if (r1 != VG_OK && vg_version_check(s, a) == VG_OK && vg_version_check(s, b) == VG_OK)
		abort();
	free(a);
	return 0;
}
