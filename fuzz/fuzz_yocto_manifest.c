/*
 * fuzz_yocto_manifest.c - the Yocto license.manifest reader of SBOM generation.
 */
#define FUZZ_GENERATE_SOURCE gen_yocto
#include "fuzz_generate.h"
