/*
 * fuzz_deb822.c - the dpkg status (deb822) reader of SBOM generation.
 */
#define FUZZ_GENERATE_SOURCE gen_dpkg
#include "fuzz_generate.h"
