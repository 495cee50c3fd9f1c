/*
 * fuzz_buildroot_csv.c - the Buildroot legal-info manifest.csv reader of SBOM generation.
 */
#define FUZZ_GENERATE_SOURCE gen_buildroot
#include "fuzz_generate.h"
