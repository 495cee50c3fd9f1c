/*
 * fuzz_apkdb.c - the apk installed database reader of SBOM generation.
 */
#define FUZZ_GENERATE_SOURCE gen_apk
#include "fuzz_generate.h"
