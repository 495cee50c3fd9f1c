/*
 * conf_sbom_check.c - `sbom check` over the real SBOMs in
 * ../shared/testdata/sbom (CycloneDX bom-examples and the specification's
 * valid test resources, SPDX examples), printing each file's scores.
 *
 * There is no reference grader to compare with, so each report is checked
 * for what must hold whatever the file: the timestamp requirements follow
 * the file's timestamp, the format requirement follows its spec version,
 * every component without a version lists "version" as missing, the
 * per-component missing lists add up to each requirement's failure count,
 * and scores and grades agree with the documented formula.  Files the
 * readers refuse (XML, VEX-only documents, files of unsupported formats)
 * are counted as skipped, never as passed.
 */
#include "testutil.h"
#include "vigil/error.h"
#include "vigil/sbom.h"
#include "vigil/sbom_check.h"
#include "vigil/str.h"

#include <ftw.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static size_t passed, failed, skipped;
static bool verbose_scores;
static size_t data_prefix; /* strlen of $VG_TESTDATA/sbom/, cut from printed paths */

static const vg_check_result *result(const vg_check_profile_report *pr, const char *id)
{
	size_t i;

	for (i = 0; i < pr->result_count; i++)
		if (!strcmp(pr->results[i].req->id, id))
			return &pr->results[i];
	return NULL;
}

static bool has_field(const vg_strlist *l, const char *field)
{
	return vg_strlist_contains(l, field);
}

/* The failures named per component add up to each requirement's count. */
static const char *check_tallies(const vg_check_profile_report *pr)
{
	size_t i, k, n;
	double sum = 0;

	for (i = 0; i < pr->result_count; i++) {
		const vg_check_result *r = &pr->results[i];

		if (r->score < 0 || r->score > 100)
			return "requirement score out of range";
		if (r->req->level == VG_CHECK_REQUIRED)
			sum += r->score;
		if (r->req->scope != VG_CHECK_COMPONENT)
			continue;
		for (k = 0, n = 0; k < pr->component_count; k++)
			n += has_field(r->req->level == VG_CHECK_REQUIRED
					       ? &pr->components[k].missing
					       : &pr->components[k].missing_recommended,
				       r->req->field);
		if (n != r->checked - r->passed)
			return "per-component missing lists disagree with the requirement count";
	}
	if (fabs(pr->score - round(sum / (double)pr->required_count * 10) / 10) > 1e-9)
		return "profile score is not the mean of the required requirements";
	if (pr->grade != vg_check_grade(pr->score))
		return "grade disagrees with score";
	return NULL;
}

static bool timestamp_valid(const char *ts)
{
	/* Independent of check.c: strptime for the date-time, a simple zone test. */
	struct tm tm;
	const char *end;

	if (!ts)
		return false;
	memset(&tm, 0, sizeof(tm));
	end = strptime(ts, "%Y-%m-%dT%H:%M:%S", &tm);
	if (!end || end - ts != 19)
		return false;
	if (*end == '.')
		for (end++; *end >= '0' && *end <= '9'; end++)
			;
	return !strcmp(end, "Z") ||
	       (strlen(end) == 6 && (end[0] == '+' || end[0] == '-') && end[3] == ':');
}

static const char *check_report(const vg_sbom *s, const vg_check_report *r)
{
	const vg_check_profile_report *bsi = &r->profiles[0], *ntia = &r->profiles[1];
	bool ts = timestamp_valid(s->timestamp), fmt_ok;
	const char *fault;
	size_t k;

	if (r->profile_count != 2)
		return "expected two profiles";
	if ((result(bsi, "bsi.timestamp")->passed == 1) != ts ||
	    (result(ntia, "ntia.timestamp")->passed == 1) != ts)
		return "timestamp requirement disagrees with the file's timestamp";
	fmt_ok = (s->source_format == VG_SBOM_CYCLONEDX_JSON && s->spec_version &&
		  (!strcmp(s->spec_version, "1.6") || !strcmp(s->spec_version, "1.7"))) ||
		 (s->source_format == VG_SBOM_SPDX3_JSONLD);
	if ((result(bsi, "bsi.format")->passed == 1) != fmt_ok)
		return "format requirement disagrees with the spec version";
	if (s->source_format != VG_SBOM_SPDX3_JSONLD && !fmt_ok &&
	    !result(bsi, "bsi.format")->detail)
		return "a failed format requirement does not say why";
	for (k = 0; k < bsi->component_count; k++)
		if (!bsi->components[k].version != has_field(&bsi->components[k].missing, "version"))
			return "a component's version is misreported";
	if ((fault = check_tallies(bsi)) || (fault = check_tallies(ntia)))
		return fault;
	if (!bsi->component_count && (bsi->compliant || ntia->compliant || ntia->score > 50))
		return "an SBOM without components scores well";
	if (bsi->compliant && s->source_format == VG_SBOM_SPDX2_JSON)
		return "an SPDX 2 file cannot be BSI compliant";
	return NULL;
}

static int visit(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	vg_sbom *s = NULL;
	vg_check_report *r = NULL;
	const char *fault;

	(void)st, (void)ftw;
	if (type != FTW_F || !vg_str_ends_with(path, ".json") || strstr(path, "/schema") ||
	    strstr(path, "/invalid-") || strstr(path, "-schema.json") ||
	    strstr(path, "context.jsonld"))
		return 0;
	if (vg_sbom_read_file(path, &s) != VG_OK) {
		skipped++;
		return 0;
	}
	if (vg_sbom_check(s, VG_CHECK_ALL, &r) != VG_OK) {
		printf("FAIL %s: %s\n", path, vg_error_message());
		failed++;
	} else if ((fault = check_report(s, r))) {
		printf("FAIL %s: %s\n", path, fault);
		failed++;
	} else {
		passed++;
		if (verbose_scores || !strstr(path, "test-resources"))
			printf("  bsi %5.1f %c  ntia %5.1f %c  %4zu comp  %s\n", r->profiles[0].score,
			       r->profiles[0].grade, r->profiles[1].score, r->profiles[1].grade,
			       r->profiles[0].component_count,
			       path + data_prefix);
	}
	vg_check_report_free(r);
	vg_sbom_free(s);
	return 0;
}

static void test_check_real_sboms(void **state)
{
	static const char *const dirs[] = {
		"sbom/cyclonedx-bom-examples",
		"sbom/cyclonedx-specification/test-resources",
		"sbom/spdx-examples",
		"sbom/spdx-spec/examples",
		"sbom/spdx-spec/v3.0.1",
	};
	size_t i;

	(void)state;
	verbose_scores = getenv("VG_VERBOSE") != NULL;
	data_prefix = strlen(vg_test_data("sbom/"));
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		nftw(vg_test_data(dirs[i]), visit, 16, FTW_PHYS);
	vg_test_report("sbom-check", passed, failed, skipped);
	assert_int_equal(failed, 0);
	assert_true(passed > 50);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check_real_sboms),
	};

	vg_test_require_data("sbom/cyclonedx-bom-examples");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
