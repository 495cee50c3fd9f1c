/*
 * testutil.c - shared test helpers (see testutil.h).
 */
#include "testutil.h"
#include "vigil/error.h"
#include "vigil/file.h"
#include "vigil/vulndb.h"
#include "vuln/vulndb_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *env_or(const char *name, const char *fallback)
{
	const char *v = getenv(name);

	return v && *v ? v : fallback;
}

static const char *join(char *buf, size_t size, const char *dir, const char *rel)
{
	snprintf(buf, size, "%s/%s", dir, rel);
	return buf;
}

const char *vg_test_data(const char *rel)
{
	static char path[4096];

	return join(path, sizeof(path), env_or("VG_TESTDATA", "../shared/testdata"), rel);
}

const char *vg_test_source(const char *rel)
{
	static char path[4096];

	return join(path, sizeof(path), env_or("VG_SOURCE_DIR", "."), rel);
}

const char *vg_test_tmpdir(const char *name)
{
	static char path[4096];
	char cmd[2 * sizeof(path) + 64];

	snprintf(path, sizeof(path), "%s/tmp/%s", env_or("VG_BUILD_DIR", "."), name);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s' && mkdir -p '%s'", path, path);
	if (system(cmd) != 0) {
		fprintf(stderr, "cannot create %s\n", path);
		exit(1);
	}
	return path;
}

void vg_test_require_data(const char *rel)
{
	struct stat st;
	const char *path = vg_test_data(rel);

	if (stat(path, &st) != 0) {
		printf("SKIP: test data %s is absent (needs ../shared/testdata beside the checkout)\n",
		       path);
		exit(77);
	}
}

void vg_test_report(const char *suite, size_t passed, size_t failed, size_t skipped)
{
	printf("CONFORMANCE %s: %zu passed, %zu failed, %zu skipped\n", suite, passed, failed,
	       skipped);
	fflush(stdout);
}

char *vg_test_read_file(const char *path, size_t *len)
{
	char *data;
	size_t n;

	if (vg_file_read(path, 0, &data, &n) != VG_OK) {
		fail_msg("%s", vg_error_message());
		return NULL;
	}
	if (len)
		*len = n;
	return data;
}

const char *vg_test_write_file(const char *dir, const char *name, const char *text)
{
	static char path[8300];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (vg_file_write_atomic(path, text, strlen(text)) != VG_OK)
		fail_msg("%s", vg_error_message());
	return path;
}

void vg_test_python_counts(const char *program, const char *arg, size_t *out, int n)
{
	char cmd[16384];
	unsigned long v;
	FILE *p;
	int i;

	snprintf(cmd, sizeof(cmd), "python3 -c '%s' '%s'", program, arg);
	p = popen(cmd, "r");
	assert_non_null(p);
	for (i = 0; i < n; i++) {
		assert_int_equal(fscanf(p, "%lu", &v), 1);
		out[i] = v;
	}
	assert_int_equal(pclose(p), 0);
}

struct vg_vulndb *vg_test_vulndb(const char *name, const char **path)
{
	static char db_path[4200];
	vg_vulndb *db = NULL;

	snprintf(db_path, sizeof(db_path), "%s/vuln.db", vg_test_tmpdir(name));
	if (vg_vulndb_open(db_path, VG_VULNDB_WRITE, &db) != VG_OK)
		fail_msg("%s", vg_error_message());
	if (path)
		*path = db_path;
	return db;
}

/* package_bound as text, one package a line in key order (malloc'd). */
static char *package_bounds(struct vg_vulndb *db)
{
	sqlite3_stmt *st;
	char *text;

	assert_int_equal(vulndb_prepare(db, "SELECT group_concat(ecosystem || '|' || name || '|' "
					    "|| ifnull(scheme, '-') || '|' || ifnull(bound, '-') || '|' "
					    "|| inclusive, char(10)) FROM (SELECT * FROM package_bound "
					    "ORDER BY ecosystem, name)", &st),
			 VG_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	text = vg_strdup(sqlite3_column_text(st, 0) ? (const char *)sqlite3_column_text(st, 0) : "");
	sqlite3_finalize(st);
	assert_non_null(text);
	return text;
}

void vg_test_check_bounds_kept(struct vg_vulndb *db)
{
	char *kept = package_bounds(db), *rebuilt;

	assert_int_equal(vulndb_bounds_rebuild(db), VG_OK);
	rebuilt = package_bounds(db);
	assert_string_equal(kept, rebuilt);
	free(kept);
	free(rebuilt);
}
