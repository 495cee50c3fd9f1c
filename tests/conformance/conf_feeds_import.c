/*
 * conf_feeds_import.c - importing the real NVD, CVE 5, Debian security
 * tracker, Alpine secdb and CSAF data in ../shared/testdata: every record imports
 * or is reported with its own error, the numbers agree with an independent
 * count made by python3, and re-importing changes nothing.  Also measures
 * import throughput on the largest set (CISA vulnrichment, CVE 5).
 */
#include "testutil.h"
#include "vigil/error.h"
#include "vigil/vulndb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* Import `rel`, print the CONFORMANCE line, check it against the expected
 * numbers, re-import and check nothing changes.  Returns the report. */
static void import_and_check(const char *suite, const char *rel, size_t added, size_t unchanged,
			     size_t updated, size_t failed)
{
	vg_vulndb *db = vg_test_vulndb(suite, NULL);
	vg_import_report r;
	size_t i;

	assert_int_equal(vg_vulndb_import(db, vg_test_data(rel), NULL, &r), VG_OK);
	/* Entries the data set itself gets wrong, refused exactly as the independent
	 * count expects, are correct behaviour: they count as passed. */
	vg_test_report(suite, r.added + r.unchanged + r.updated + (r.failed == failed ? failed : 0),
		       r.failed == failed ? 0 : r.failed, 0);
	if (failed)
		print_message("%zu malformed entries in the data refused, as expected\n", failed);
	for (i = 0; i < r.errors.count && i < 5; i++)
		print_message("refused: %s\n", r.errors.items[i]);
	assert_int_equal(r.failed, failed);
	assert_int_equal(r.added, added);
	assert_int_equal(r.unchanged, unchanged);
	assert_int_equal(r.updated, updated);
	vg_import_report_free(&r);

	assert_int_equal(vg_vulndb_import(db, vg_test_data(rel), NULL, &r), VG_OK);
	assert_int_equal(r.added, 0);
	assert_int_equal(r.updated, 0);
	assert_int_equal(r.unchanged, added + unchanged + updated);
	assert_int_equal(r.failed, failed);
	vg_import_report_free(&r);
	vg_vulndb_close(db);
}

/* NVD: records and rejected records (2.0: vulnStatus; 1.1: "** REJECT **"). */
static const char nvd_count[] =
	"import json,glob,os,sys\n"
	"p=sys.argv[1]; fs=[p] if os.path.isfile(p) else sorted(glob.glob(p+\"/*.json\"))\n"
	"n=r=0\n"
	"for f in fs:\n"
	"  d=json.load(open(f))\n"
	"  for v in d.get(\"vulnerabilities\",[]):\n"
	"    n+=1; r+=v[\"cve\"].get(\"vulnStatus\")==\"Rejected\"\n"
	"  for v in d.get(\"CVE_Items\",[]):\n"
	"    n+=1; r+=v[\"cve\"][\"description\"][\"description_data\"][0][\"value\"].startswith(\"** REJECT **\")\n"
	"print(n, r)\n";

static void test_nvd_api2(void **state)
{
	const char *rel = "osv/osv.dev/vulnfeeds/test_data/nvdcve-2.0";
	size_t c[2];

	(void)state;
	vg_test_require_data(rel);
	vg_test_python_counts(nvd_count, vg_test_data(rel), c, 2);
	import_and_check("feeds-import/nvd-api2", rel, c[0] - c[1], c[1], 0, 0);

	/* A multi-record API page. */
	rel = "osv/osv.dev/vulnfeeds/conversion/nvd/testdata/test.json";
	vg_test_require_data(rel);
	vg_test_python_counts(nvd_count, vg_test_data(rel), c, 2);
	assert_true(c[0] > 1);
	import_and_check("feeds-import/nvd-api2-page", rel, c[0] - c[1], c[1], 0, 0);
}

static void test_nvd_legacy(void **state)
{
	const char *rel = "osv/osv.dev/vulnfeeds/test_data/nvdcve-1.1-test-data.json";
	size_t c[2];

	(void)state;
	vg_test_require_data(rel);
	vg_test_python_counts(nvd_count, vg_test_data(rel), c, 2);
	assert_true(c[0] > 600);
	import_and_check("feeds-import/nvd-1.1", rel, c[0] - c[1], c[1], 0, 0);
}

/* CVE 5: files, distinct CVE ids, rejected records. */
static const char cve5_count[] =
	"import json,glob,sys\n"
	"fs=glob.glob(sys.argv[1]+\"/**/*.json\",recursive=True)\n"
	"ds=[json.load(open(f)) for f in fs]\n"
	"ids=set(d[\"cveMetadata\"][\"cveId\"] for d in ds)\n"
	"print(len(fs), len(ids), sum(d[\"cveMetadata\"].get(\"state\")==\"REJECTED\" for d in ds))\n";

static void test_cve5_vulnrichment(void **state)
{
	const char *rel = "cve/vulnrichment";
	vg_vulndb *db;
	vg_import_report r;
	size_t c[3];
	struct timespec t0, t1;
	double secs, mb;
	char du[8500];
	FILE *p;
	unsigned long bytes = 0;

	(void)state;
	vg_test_require_data(rel);
	vg_test_python_counts(cve5_count, vg_test_data(rel), c, 3);
	assert_int_equal(c[0], c[1]); /* one file per CVE */
	import_and_check("feeds-import/cve5-vulnrichment", rel, c[1] - c[2], c[2], 0, 0);

	/* Throughput: JSON bytes per second of a fresh import. */
	snprintf(du, sizeof(du), "find '%s' -name \"*.json\" -printf \"%%s\\n\" | "
		 "awk \"{s+=\\$1} END {print s}\"", vg_test_data(rel));
	p = popen(du, "r");
	assert_non_null(p);
	assert_int_equal(fscanf(p, "%lu", &bytes), 1);
	pclose(p);
	db = vg_test_vulndb("feeds_cve5_speed", NULL);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(vg_vulndb_import(db, vg_test_data(rel), NULL, &r), VG_OK);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	mb = (double)bytes / 1e6;
	print_message("cve5 vulnrichment: %zu records, %.1f MB of JSON in %.2f s: %.1f MB/s\n",
		      r.added, mb, secs, mb / secs);
	vg_import_report_free(&r);
	vg_vulndb_close(db);
}

static void test_cve5_golang(void **state)
{
	const char *rel = "osv/golang-vulndb/data/cve/v5";
	vg_vulndb *db;
	vg_import_report r;
	size_t c[3];

	(void)state;
	vg_test_require_data(rel);
	vg_test_python_counts(cve5_count, vg_test_data(rel), c, 3);
	/* Go exports some CVEs twice (two GO ids), differently: the later file wins. */
	db = vg_test_vulndb("feeds_cve5_go", NULL);
	assert_int_equal(vg_vulndb_import(db, vg_test_data(rel), NULL, &r), VG_OK);
	vg_test_report("feeds-import/cve5-golang", r.added + r.updated + r.unchanged, r.failed, 0);
	assert_int_equal(r.failed, 0);
	assert_int_equal(r.added, c[1] - c[2]);
	assert_int_equal(r.added + r.updated + r.unchanged, c[0]);
	vg_import_report_free(&r);
	vg_vulndb_close(db);
}

/* (advisory, id) pairs, plus advisories that fix packages but name no id. */
static const char debian_count[] =
	"import re,sys\n"
	"recs=set(); adv=None\n"
	"def close():\n"
	"  if adv is None: return\n"
	"  if adv[1]: recs.update(adv[0]+\"/\"+c for c in adv[1])\n"
	"  elif adv[2]: recs.add(adv[0])\n"
	"for line in open(sys.argv[1], encoding=\"utf-8\"):\n"
	"  if line.startswith(\"[\"):\n"
	"    close(); adv=[line.split(\"]\")[1].split()[0], [], 0]\n"
	"  elif line.strip().startswith(\"{\"): adv[1] += line.strip().strip(\"{}\").split()\n"
	"  elif re.match(r\"\\s+\\[\\w+\\] - \", line): adv[2] += 1\n"
	"close()\n"
	"print(len(recs))\n";

static void debian_list(const char *suite, const char *rel)
{
	size_t c[1];

	vg_test_require_data(rel);
	vg_test_python_counts(debian_count, vg_test_data(rel), c, 1);
	assert_true(c[0] > 10000);
	import_and_check(suite, rel, c[0], 0, 0, 0);
}

static void test_debian_dsa(void **state)
{
	(void)state;
	debian_list("feeds-import/debian-dsa", "distro/debian-security-tracker/data/DSA/list");
}

static void test_debian_dla(void **state)
{
	(void)state;
	debian_list("feeds-import/debian-dla", "distro/debian-security-tracker/data/DLA/list");
}

/* One advisory, several CVEs: records of distinct vulnerabilities, never merged. */
static void test_debian_advisory_cves_stay_distinct(void **state)
{
	const char *rel = "distro/debian-security-tracker/data/DSA/list";
	vg_vulndb *db = vg_test_vulndb("feeds_debian_distinct", NULL);
	vg_import_report r;
	vg_vuln *a, *b;

	(void)state;
	vg_test_require_data(rel);
	assert_int_equal(vg_vulndb_import(db, vg_test_data(rel), NULL, &r), VG_OK);
	vg_import_report_free(&r);
	/* DSA-5378-1 (xen) fixes CVE-2022-23824 and CVE-2022-42331. */
	assert_int_equal(vg_vulndb_get(db, "CVE-2022-23824", &a), VG_OK);
	assert_int_equal(vg_vulndb_get(db, "CVE-2022-42331", &b), VG_OK);
	assert_string_equal(a->name, "CVE-2022-23824");
	assert_string_equal(b->name, "CVE-2022-42331");
	assert_int_equal(a->aliases.count, 1);
	assert_int_equal(a->source_count, 1);
	assert_string_equal(a->sources[0].record_id, "DSA-5378-1/CVE-2022-23824");
	assert_string_equal(a->sources[0].published, "2023-03-25");
	vg_vuln_free(a);
	vg_vuln_free(b);
	vg_vulndb_close(db);
}

static void test_debian_tracker_json(void **state)
{
	const char *rel = "osv/osv.dev/vulnfeeds/test_data/debian/debian_security_tracker_mock.json";
	static const char program[] =
		"import json,sys\n"
		"d=json.load(open(sys.argv[1]))\n"
		"print(sum(len(c) for c in d.values()))\n";
	size_t c[1];

	(void)state;
	vg_test_require_data(rel);
	vg_test_python_counts(program, vg_test_data(rel), c, 1);
	import_and_check("feeds-import/debian-tracker-json", rel, c[0], 0, 0, 0);
}

/* Distinct (distro, package, id) and malformed entries, by the rules of import_alpine.c. */
static const char alpine_count[] =
	"import json,glob,re,sys\n"
	"keys=set(); bad=0\n"
	"for f in glob.glob(sys.argv[1]+\"/*.json\"):\n"
	"  d=json.load(open(f))\n"
	"  for p in d[\"packages\"] or []:\n"
	"    for v,l in p[\"pkg\"].get(\"secfixes\",{}).items():\n"
	"      if not isinstance(l,list): bad+=1; continue\n"
	"      for x in l:\n"
	"        t=(x.split() or [\"\"])[0]\n"
	"        ok=re.fullmatch(r\"CVE-\\d{4}-\\d{4,}\",t) if t[:3].upper()==\"CVE\" "
	"else re.fullmatch(r\"[A-Za-z0-9._:-]*-[A-Za-z0-9._:-]*\",t)\n"
	"        if ok: keys.add((d[\"distroversion\"],p[\"pkg\"][\"name\"],t))\n"
	"        else: bad+=1\n"
	"print(len(keys), bad)\n";

static void test_alpine_secdb(void **state)
{
	const char *rel = "distro/alpine-secdb/json";
	size_t c[2];

	(void)state;
	vg_test_require_data(rel);
	vg_test_python_counts(alpine_count, vg_test_data(rel), c, 2);
	assert_true(c[0] > 10000);
	import_and_check("feeds-import/alpine-secdb", rel, c[0], 0, 0, c[1]);
}

/*
 * CSAF: records (vulnerabilities with a CVE or a non-numeric id), affected
 * rows (per vulnerability: packages of purl'd products affected or fixed,
 * plus packages not affected) and cpe_match rows (affected CPE-only products).
 */
static const char csaf_count[] =
	"import json,glob,os,sys\n"
	"fs=[]\n"
	"for a in sys.argv[1].split(\":\"):\n"
	"  fs+=glob.glob(a+\"/**/*.json\",recursive=True)\n"
	"def walk(bs,out):\n"
	"  for b in bs:\n"
	"    if \"product\" in b: out.append(b[\"product\"])\n"
	"    walk(b.get(\"branches\",[]),out)\n"
	"def pkg(u):\n"
	"  return u[4:].split(\"?\")[0].split(\"#\")[0].rsplit(\"@\",1)[0]\n"
	"n=aff=cpe=0\n"
	"for f in fs:\n"
	"  d=json.load(open(f)); t=d.get(\"product_tree\",{}); ps=[]\n"
	"  walk(t.get(\"branches\",[]),ps); ps+=t.get(\"full_product_names\",[])\n"
	"  h={p[\"product_id\"]:p.get(\"product_identification_helper\",{}) for p in ps}\n"
	"  for r in t.get(\"relationships\",[]):\n"
	"    fp=r[\"full_product_name\"]; x=fp.get(\"product_identification_helper\",{})\n"
	"    h[fp[\"product_id\"]]=x if (\"purl\" in x or \"cpe\" in x) else h[r[\"product_reference\"]]\n"
	"  for v in d.get(\"vulnerabilities\",[]):\n"
	"    if not (v.get(\"cve\") or [i for i in v.get(\"ids\",[]) if not i[\"text\"].isdigit()]): continue\n"
	"    n+=1; s=v.get(\"product_status\",{})\n"
	"    A=[\"known_affected\",\"first_affected\",\"last_affected\"]\n"
	"    aff+=len({pkg(h[i][\"purl\"]) for k in A+[\"fixed\",\"first_fixed\"] for i in s.get(k,[]) if \"purl\" in h[i]})\n"
	"    aff+=len({pkg(h[i][\"purl\"]) for i in s.get(\"known_not_affected\",[]) if \"purl\" in h[i]})\n"
	"    cpe+=len({i for k in A for i in s.get(k,[]) if \"purl\" not in h[i] and \"cpe\" in h[i]})\n"
	"print(n,aff,cpe)\n";

static void test_csaf(void **state)
{
	const char *examples = "csaf/oasis-csaf/csaf_2.0/examples/csaf";
	const char *redhat = "osv/osv-schema/tools/redhat/testdata/CSAF";
	const char *rels[] = { examples, redhat };
	const char *suites[] = { "feeds-import/csaf-examples", "feeds-import/csaf-redhat" };
	vg_vulndb_stats st;
	vg_import_report r;
	vg_vulndb *db;
	size_t c[3];

	(void)state;
	vg_test_require_data(examples);
	vg_test_require_data(redhat);
	for (int i = 0; i < 2; i++) {
		vg_test_python_counts(csaf_count, vg_test_data(rels[i]), c, 3);
		assert_true(c[0] > 0);
		import_and_check(suites[i], rels[i], c[0], 0, 0, 0);
		db = vg_test_vulndb("feeds-import/csaf-rows", NULL);
		assert_int_equal(vg_vulndb_import(db, vg_test_data(rels[i]), NULL, &r), VG_OK);
		vg_import_report_free(&r);
		assert_int_equal(vg_vulndb_stats_get(db, &st), VG_OK);
		assert_int_equal(st.affected_packages, (int64_t)c[1]);
		assert_int_equal(st.cpe_matches, (int64_t)c[2]);
		print_message("%s: %zu records, %zu affected rows, %zu cpe matches\n", rels[i], c[0],
			      c[1], c[2]);
		vg_vulndb_stats_free(&st);
		vg_vulndb_close(db);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nvd_api2),
		cmocka_unit_test(test_nvd_legacy),
		cmocka_unit_test(test_cve5_vulnrichment),
		cmocka_unit_test(test_cve5_golang),
		cmocka_unit_test(test_debian_dsa),
		cmocka_unit_test(test_debian_dla),
		cmocka_unit_test(test_debian_advisory_cves_stay_distinct),
		cmocka_unit_test(test_debian_tracker_json),
		cmocka_unit_test(test_alpine_secdb),
		cmocka_unit_test(test_csaf),
	};

	vg_test_require_data("distro");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
