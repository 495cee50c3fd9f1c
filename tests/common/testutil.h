/*
 * testutil.h - what every Vigil test shares.
 *
 * Tests find their data through the environment CTest sets (tests/CMakeLists.txt):
 * VG_TESTDATA (../shared/testdata), VG_SOURCE_DIR, VG_BUILD_DIR.  A test whose
 * data is absent skips itself with a one-line reason (exit 77).
 *
 * Conformance suites print one line per suite in a fixed form that
 * scripts/run-tests.sh collects into the summary `make test` shows:
 *   CONFORMANCE <suite>: <passed> passed, <failed> failed, <skipped> skipped
 */
#ifndef VG_TESTUTIL_H
#define VG_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

/* $VG_TESTDATA/rel (a static buffer, valid until the next call). */
const char *vg_test_data(const char *rel);
/* $VG_SOURCE_DIR/rel, likewise. */
const char *vg_test_source(const char *rel);
/* A fresh empty directory under $VG_BUILD_DIR/tmp for this test (static buffer). */
const char *vg_test_tmpdir(const char *name);

/* Exit 77 with "SKIP: <reason>" unless $VG_TESTDATA/rel exists. */
void vg_test_require_data(const char *rel);

/* Print the CONFORMANCE line for one suite. */
void vg_test_report(const char *suite, size_t passed, size_t failed, size_t skipped);

/* Read a whole file (aborts the test on failure); free() the result. */
char *vg_test_read_file(const char *path, size_t *len);

/* Write `text` to dir/name (aborts on failure); returns the path (static buffer). */
const char *vg_test_write_file(const char *dir, const char *name, const char *text);

/*
 * Run `python3 -c PROGRAM ARG` and read the `n` integers it prints into out:
 * an independent count for conformance tests to compare with.
 */
void vg_test_python_counts(const char *program, const char *arg, size_t *out, int n);

/*
 * A fresh vulnerability database in the test directory `name`; its path in
 * *path (static buffer) when path is not NULL.
 */
struct vg_vulndb *vg_test_vulndb(const char *name, const char **path);
/* Assert that the package_bound table the imports kept is the one a whole
 * rebuild makes (lib/vuln/bounds.c). */
void vg_test_check_bounds_kept(struct vg_vulndb *db);

#endif
