/*
 * fuzz_cvss.c - libFuzzer harness for the CVSS vector parser.
 *
 * Any input may be rejected.  An accepted one must score within [0, 10] in
 * steps of 0.1, and its normal form must parse again to the same vector with
 * the same scores; anything else abort()s.
 */
#include "vigil/cvss.h"
#include "vigil/error.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_score(double s)
{
	if (!(s >= 0.0 && s <= 10.0) || fabs(s * 10.0 - round(s * 10.0)) > 1e-9)
		abort();
}

static void check_scores(const vg_cvss_scores *sc)
{
	check_score(sc->base);
	check_score(sc->temporal);
	check_score(sc->environmental);
	check_score(sc->score);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	vg_cvss c, again;
	vg_cvss_scores sc, sc2;
	char *text;

	if (vg_cvss_parse(&c, (const char *)data, size) != VG_OK)
		return 0;
	if (vg_cvss_score(&c, &sc) != VG_OK)
		abort();
	check_scores(&sc);
	text = vg_cvss_format(&c);
	if (!text)
		abort();
	if (vg_cvss_parse(&again, text, strlen(text)) != VG_OK || vg_cvss_score(&again, &sc2) != VG_OK)
		abort();
	if (memcmp(&c, &again, sizeof(c)) != 0 || sc.base != sc2.base || sc.score != sc2.score ||
	    sc.temporal != sc2.temporal || sc.environmental != sc2.environmental)
		abort();
	free(text);
	return 0;
}
