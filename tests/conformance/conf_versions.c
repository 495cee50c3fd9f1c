/*
 * conf_versions.c - version ordering against the OSV reference fixtures.
 *
 * Runs every comparison of ../shared/testdata/versions/osv-scalibr-semantic/
 * *-versions*.txt ("A OP B" per line, OP one of < = >; blank, "# " and "//"
 * lines are comments) in both directions, one CONFORMANCE line per
 * ecosystem.  A version our strict scheme rejects is counted as skipped and
 * printed with the reason; a wrong order is a failure.
 */
#include "testutil.h"
#include "vigil/error.h"
#include "vigil/version.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SUITE_DIR "versions/osv-scalibr-semantic"

static const struct {
	const char *prefix; /* file name prefix */
	vg_version_scheme scheme;
} ecosystems[] = {
	{ "alpine", VG_VERSION_ALPINE },     { "cran", VG_VERSION_CRAN },
	{ "debian", VG_VERSION_DEBIAN },     { "hackage", VG_VERSION_HACKAGE },
	{ "maven", VG_VERSION_MAVEN },       { "nuget", VG_VERSION_NUGET },
	{ "packagist", VG_VERSION_PACKAGIST }, { "pub", VG_VERSION_PUB },
	{ "pypi", VG_VERSION_PYPI },         { "redhat", VG_VERSION_RPM },
	{ "rubygems", VG_VERSION_RUBYGEMS }, { "semver", VG_VERSION_SEMVER },
};

#define NECO (sizeof(ecosystems) / sizeof(ecosystems[0]))

typedef struct counts {
	size_t passed, failed, skipped;
} counts;

static int expected_sign(const char *op)
{
	return !strcmp(op, "<") ? -1 : !strcmp(op, "=") ? 0 : !strcmp(op, ">") ? 1 : 2;
}

static void run_line(vg_version_scheme scheme, const char *file, int lineno, char *line,
		     counts *c)
{
	char *a = line, *op, *b;
	int want, got, back;

	op = strchr(a, ' ');
	b = op ? strchr(op + 1, ' ') : NULL;
	if (!op || !b || strchr(b + 1, ' ')) {
		fprintf(stderr, "%s:%d: malformed line\n", file, lineno);
		c->failed++;
		return;
	}
	*op++ = '\0';
	*b++ = '\0';
	want = expected_sign(op);
	if (want == 2) {
		fprintf(stderr, "%s:%d: unknown operator '%s'\n", file, lineno, op);
		c->failed++;
		return;
	}
	if (vg_version_compare(scheme, a, b, &got) != VG_OK ||
	    vg_version_compare(scheme, b, a, &back) != VG_OK) {
		fprintf(stderr, "%s:%d: SKIP %s %s %s: %s\n", file, lineno, a, op, b,
			vg_error_message());
		c->skipped++;
		return;
	}
	if (got == want && back == -want) {
		c->passed++;
		return;
	}
	if (c->failed < 15)
		fprintf(stderr, "%s:%d: FAIL %s %s %s: got %d (reverse %d)\n", file, lineno, a, op,
			b, got, back);
	c->failed++;
}

static void run_file(vg_version_scheme scheme, const char *name, counts *c)
{
	char rel[512], *data, *line, *save = NULL;
	size_t len;
	int lineno = 0;

	snprintf(rel, sizeof(rel), SUITE_DIR "/%s", name);
	data = vg_test_read_file(vg_test_data(rel), &len);
	for (line = strtok_r(data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		size_t n = strlen(line);

		lineno++; /* strtok_r skips blank lines; numbers are approximate there */
		if (n && line[n - 1] == '\r')
			line[--n] = '\0';
		if (!n || !strncmp(line, "# ", 2) || !strncmp(line, "//", 2) || line[0] == '#')
			continue;
		run_line(scheme, name, lineno, line, c);
	}
	free(data);
}

static void test_osv_scalibr_fixtures(void **state)
{
	counts per[NECO];
	struct dirent *e;
	DIR *d;
	size_t i, total_failed = 0, files = 0;

	(void)state;
	memset(per, 0, sizeof(per));
	d = opendir(vg_test_data(SUITE_DIR));
	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		if (!strstr(e->d_name, "-versions") || !strstr(e->d_name, ".txt"))
			continue;
		for (i = 0; i < NECO; i++)
			if (!strncmp(e->d_name, ecosystems[i].prefix, strlen(ecosystems[i].prefix)) &&
			    e->d_name[strlen(ecosystems[i].prefix)] == '-')
				break;
		if (i == NECO) {
			fprintf(stderr, "%s: no scheme for this fixture\n", e->d_name);
			total_failed++;
			continue;
		}
		run_file(ecosystems[i].scheme, e->d_name, &per[i]);
		files++;
	}
	closedir(d);
	for (i = 0; i < NECO; i++) {
		char suite[64];

		snprintf(suite, sizeof(suite), "versions/%s", ecosystems[i].prefix);
		vg_test_report(suite, per[i].passed, per[i].failed, per[i].skipped);
		total_failed += per[i].failed;
		assert_true(per[i].passed > 0);
	}
	assert_true(files >= NECO);
	assert_int_equal(total_failed, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_osv_scalibr_fixtures),
	};

	vg_test_require_data(SUITE_DIR);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
