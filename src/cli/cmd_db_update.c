/*
 * cmd_db_update.c - `vigil db update`: download the public feeds (OSV per
 * ecosystem, CISA KEV, FIRST EPSS, the NVD CVE API 2.0) into the cache and
 * import what changed (vigil/feed.h does the downloading).
 *
 *   vigil db update [--db PATH] [--cache DIR] [--feeds LIST] [--osv LIST]
 *                   [--mirror URL] [--retries N] [--timeout S] [--json]
 *
 * A feed that fails is reported and the others still run; the exit code is
 * that of the first failure.  A file whose download succeeded but whose
 * import did not (or was killed) is imported on the next run even when the
 * server answers 304: the database keeps the validator of the last file it
 * imported per feed (meta key "feed:<cache name>").  An unchanged feed still
 * marks its source's data current (vg_vulndb_mark_updated), which is what a
 * scan's age check reads.
 */
#include "cli.h"
#include "commands.h"
#include "vigil/download.h"
#include "vigil/error.h"
#include "vigil/feed.h"
#include "vigil/json.h"
#include "vigil/str.h"
#include "vigil/vulndb.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_OSV "Go,PyPI,npm,crates.io,Maven,RubyGems,NuGet,Packagist"
#define OSV_URL "https://osv-vulnerabilities.storage.googleapis.com"
#define KEV_URL "https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json"
#define EPSS_URL "https://epss.empiricalsecurity.com/epss_scores-current.csv.gz"

static const char update_help[] =
	"Usage: vigil db update [OPTIONS]\n"
	"\n"
	"Download the public vulnerability feeds and import what changed.\n"
	"\n"
	"Feeds (default URLs):\n"
	"  osv   " OSV_URL "/<Ecosystem>/all.zip\n"
	"  kev   " KEV_URL "\n"
	"  epss  " EPSS_URL "\n"
	"  nvd   " VG_FEED_NVD_URL "\n"
	"        (pages of 2000; incremental by lastModStartDate/lastModEndDate after the\n"
	"        first run; API key from $NVD_API_KEY, sent as the apiKey header; at most\n"
	"        5 requests per 30 s without a key, 50 with one)\n"
	"\n"
	"Options:\n"
	"  --db PATH      database file (default $XDG_DATA_HOME/vigil/vuln.db)\n"
	"  --cache DIR    download cache (default $XDG_CACHE_HOME/vigil/feeds)\n"
	"  --feeds LIST   comma-separated feeds to update (default osv,kev,epss,nvd)\n"
	"  --osv LIST     OSV ecosystems as osv.dev spells them\n"
	"                 (default " DEFAULT_OSV ")\n"
	"  --mirror URL   fetch every feed from URL: URL/osv/<Ecosystem>/all.zip,\n"
	"                 URL/kev/known_exploited_vulnerabilities.json,\n"
	"                 URL/epss/epss_scores-current.csv.gz, URL/nvd/cves/2.0\n"
	"  --retries N    failed attempts without progress tolerated per request (default 3)\n"
	"  --timeout S    seconds to connect and of stall before an attempt fails (default 60)\n"
	"  --json         a JSON summary on stdout (per feed: url, status, bytes, import counts)\n"
	"  -h, --help     this help\n"
	"\n"
	"Environment: VIGIL_OSV_URL (base of <Ecosystem>/all.zip), VIGIL_KEV_URL,\n"
	"VIGIL_EPSS_URL, VIGIL_NVD_URL override one feed's URL (before --mirror);\n"
	"NVD_API_KEY.\n"
	"\n"
	"Downloads go to FILE.part and are renamed when complete; an interrupted one is\n"
	"resumed with a Range request.  ETag and Last-Modified are kept beside each\n"
	"file (FILE.meta.json) and sent back: a 304 answer means the feed is unchanged\n"
	"and it is not imported again.  403, 429 and 5xx answers are retried with\n"
	"backoff.  A feed that fails does not stop the others.\n"
	"\n"
	"Exit status: 0 every feed updated or unchanged, 2 usage, 3 a feed could not be\n"
	"read, 4 a download failed (network or cache), 6 database error.\n";

typedef struct update_options {
	const char *db_path, *cache, *feeds, *osv, *mirror;
	unsigned retries, timeout;
	bool json;
} update_options;

typedef struct feed {
	char *label; /* "osv:PyPI", "kev", ... */
	char *url;
	char *name;  /* cache file name */
} feed;

static int parse_unsigned(const char *prog, const char *arg, unsigned *out)
{
	char *end;
	unsigned long v = strtoul(arg, &end, 10);

	if (!*arg || *end || v > 1000000)
		return cli_usage_error(prog, "expected a number, got '%s'", arg);
	*out = (unsigned)v;
	return CLI_EXIT_OK;
}

static int parse_options(int argc, char **argv, update_options *o)
{
	static const char prog[] = "vigil db update";
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },     { "cache", required_argument, NULL, 'c' },
		{ "feeds", required_argument, NULL, 'f' },  { "osv", required_argument, NULL, 'o' },
		{ "mirror", required_argument, NULL, 'm' }, { "retries", required_argument, NULL, 'r' },
		{ "timeout", required_argument, NULL, 't' }, { "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },         { NULL, 0, NULL, 0 },
	};
	int c, rc = CLI_EXIT_OK;

	memset(o, 0, sizeof(*o));
	o->retries = 3;
	o->feeds = "osv,kev,epss,nvd";
	o->osv = DEFAULT_OSV;
	optind = 1;
	while (rc == CLI_EXIT_OK && (c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': o->db_path = optarg; break;
		case 'c': o->cache = optarg; break;
		case 'f': o->feeds = optarg; break;
		case 'o': o->osv = optarg; break;
		case 'm': o->mirror = optarg; break;
		case 'r': rc = parse_unsigned(prog, optarg, &o->retries); break;
		case 't': rc = parse_unsigned(prog, optarg, &o->timeout); break;
		case 'j': o->json = true; break;
		case 'h': fputs(update_help, stdout); return -1;
		default: return cli_usage_error(prog, "invalid option");
		}
	}
	if (rc == CLI_EXIT_OK && optind < argc)
		rc = cli_usage_error(prog, "unexpected argument '%s'", argv[optind]);
	return rc;
}

/* True when `name` is an item of the comma-separated `list`. */
static bool listed(const char *list, const char *name)
{
	size_t n = strlen(name);
	const char *p = list;

	while ((p = strstr(p, name))) {
		if ((p == list || p[-1] == ',') && (p[n] == ',' || !p[n]))
			return true;
		p += n;
	}
	return false;
}

static int check_feeds(const char *list)
{
	static const char *const known[] = { "osv", "kev", "epss", "nvd" };
	char *copy = vg_strdup(list), *tok, *save = NULL;
	int rc = CLI_EXIT_OK;
	size_t i;

	if (!copy)
		return cli_fail(VG_ENOMEM);
	for (tok = strtok_r(copy, ",", &save); tok && !rc; tok = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < sizeof(known) / sizeof(known[0]) && strcmp(tok, known[i]); i++)
			;
		if (i == sizeof(known) / sizeof(known[0]))
			rc = cli_usage_error("vigil db update", "unknown feed '%s' (osv, kev, epss, nvd)",
					     tok);
	}
	free(copy);
	return rc;
}

/* The URL of a feed: its environment variable, else the mirror, else the default. */
static char *feed_url(const update_options *o, const char *env, const char *mirror_path,
		      const char *fallback)
{
	const char *v = getenv(env);

	if (v && *v)
		return vg_strdup(v);
	if (o->mirror)
		return vg_strdup_printf("%s%s%s", o->mirror,
					vg_str_ends_with(o->mirror, "/") ? "" : "/", mirror_path);
	return vg_strdup(fallback);
}

static int add_feed(feed **feeds, size_t *n, char *label, char *url, char *name)
{
	feed *grown = label && url && name ? realloc(*feeds, (*n + 1) * sizeof(**feeds)) : NULL;

	if (!grown) {
		free(label);
		free(url);
		free(name);
		return VG_ENOMEM;
	}
	*feeds = grown;
	grown[*n].label = label;
	grown[*n].url = url;
	grown[*n].name = name;
	(*n)++;
	return VG_OK;
}

static int osv_feeds(const update_options *o, feed **feeds, size_t *n)
{
	char *copy = vg_strdup(o->osv), *tok, *save = NULL, *base;
	int rc = copy ? VG_OK : VG_ENOMEM;

	base = copy ? feed_url(o, "VIGIL_OSV_URL", "osv", OSV_URL) : NULL;
	if (copy && !base)
		rc = VG_ENOMEM;
	for (tok = rc ? NULL : strtok_r(copy, ",", &save); tok && !rc;
	     tok = strtok_r(NULL, ",", &save)) {
		char *esc = vg_download_escape(tok);

		if (!esc) {
			rc = vg_error_prefix("OSV ecosystem '%s': ", tok);
			break;
		}
		rc = add_feed(feeds, n, vg_strdup_printf("osv:%s", tok),
			      vg_strdup_printf("%s%s%s/all.zip", base,
					       vg_str_ends_with(base, "/") ? "" : "/", esc),
			      vg_strdup_printf("osv-%s.zip", esc));
		free(esc);
	}
	free(base);
	free(copy);
	return rc;
}

static int make_feeds(const update_options *o, feed **feeds, size_t *n)
{
	int rc = VG_OK;

	if (listed(o->feeds, "osv") && strcmp(o->osv, "none"))
		rc = osv_feeds(o, feeds, n);
	if (!rc && listed(o->feeds, "kev"))
		rc = add_feed(feeds, n, vg_strdup("kev"),
			      feed_url(o, "VIGIL_KEV_URL",
				       "kev/known_exploited_vulnerabilities.json", KEV_URL),
			      vg_strdup("kev.json"));
	if (!rc && listed(o->feeds, "epss"))
		rc = add_feed(feeds, n, vg_strdup("epss"),
			      feed_url(o, "VIGIL_EPSS_URL", "epss/epss_scores-current.csv.gz",
				       EPSS_URL),
			      vg_strdup("epss.csv.gz"));
	if (!rc && listed(o->feeds, "nvd"))
		rc = add_feed(feeds, n, vg_strdup("nvd"),
			      feed_url(o, "VIGIL_NVD_URL", "nvd/cves/2.0", VG_FEED_NVD_URL),
			      vg_strdup("nvd"));
	return rc ? vg_error_set(VG_ENOMEM, "out of memory") : VG_OK;
}

static void free_feeds(feed *feeds, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(feeds[i].label);
		free(feeds[i].url);
		free(feeds[i].name);
	}
	free(feeds);
}

static char *default_cache(void)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");

	if (xdg && *xdg)
		return vg_strdup_printf("%s/vigil/feeds", xdg);
	return vg_strdup_printf("%s/.cache/vigil/feeds", home ? home : ".");
}

static void notice(void *ctx, const char *message)
{
	(void)ctx;
	fprintf(stderr, "vigil: %s\n", message);
}

static json_t *import_json(const vg_import_report *r)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:I}", "added", (json_int_t)r->added, "updated",
			 (json_int_t)r->updated, "unchanged", (json_int_t)r->unchanged, "removed",
			 (json_int_t)r->removed, "failed", (json_int_t)r->failed);
}

/* The outcome of one feed, for the summary. */
typedef struct outcome {
	const char *status; /* downloaded, unchanged, failed */
	uint64_t bytes, resumed_from;
	unsigned requests, resumes;
	bool imported;
	vg_import_report import;
	int rc;
} outcome;

/* The feed's source ("osv" for "osv:PyPI") is as current as the server's copy. */
static int mark_current(vg_vulndb *db, const feed *f)
{
	char *source = vg_strndup(f->label, strcspn(f->label, ":"));
	int rc = source ? vg_vulndb_mark_updated(db, source) : vg_error_set(VG_ENOMEM, "out of memory");

	free(source);
	return rc;
}

/* Import a cached file unless the database already has this version of it. */
static int import_cached(vg_vulndb *db, const feed *f, const vg_feed_fetch_result *fr,
			 const vg_progress *progress, outcome *out)
{
	char *key = vg_strdup_printf("feed:%s", f->name), *have = NULL;
	int rc = key ? vg_vulndb_meta_get(db, key, &have) : VG_ENOMEM;

	/* Unchanged since the file the database took in: its data is current. */
	if (!rc && fr->status == VG_FEED_UNCHANGED && have && fr->validator &&
	    !strcmp(have, fr->validator)) {
		rc = mark_current(db, f);
		goto done;
	}
	if (!rc && (rc = vg_vulndb_import(db, fr->path, progress, &out->import)) == VG_OK)
		out->imported = true;
	/* Without a validator every run downloads anew, so nothing to remember. */
	if (!rc)
		rc = vg_vulndb_meta_set(db, key, fr->validator ? fr->validator : "");
done:
	free(have);
	free(key);
	return rc;
}

static void update_file(vg_vulndb *db, const update_options *o, const char *cache,
			const feed *f, const vg_progress *progress, outcome *out)
{
	vg_feed_fetch_opts fo = { .url = f->url, .cache_dir = cache, .name = f->name,
				  .conditional = true, .net = { o->retries, o->timeout, 0 },
				  .progress = progress };
	vg_feed_fetch_result fr;

	out->rc = vg_feed_fetch(&fo, &fr);
	if (out->rc)
		return;
	out->status = fr.status == VG_FEED_UNCHANGED ? "unchanged" : "downloaded";
	out->bytes = fr.bytes;
	out->resumed_from = fr.resumed_from;
	out->requests = fr.attempts;
	out->resumes = fr.resumes;
	out->rc = import_cached(db, f, &fr, progress, out);
	if (out->rc)
		vg_error_prefix("%s: ", fr.path);
	vg_feed_fetch_result_free(&fr);
}

static void update_nvd(vg_vulndb *db, const update_options *o, const char *cache,
		       const feed *f, const vg_progress *progress, outcome *out)
{
	vg_feed_nvd_opts no = { .url = f->url, .api_key = getenv("NVD_API_KEY"),
				.cache_dir = cache, .net = { o->retries, o->timeout, 0 },
				.progress = progress, .notice = notice };
	vg_feed_nvd_report r;

	out->rc = vg_feed_nvd_update(db, &no, &r);
	out->status = r.import.added || r.import.updated || r.import.removed ? "downloaded"
									     : "unchanged";
	out->bytes = r.bytes;
	out->requests = r.requests;
	out->imported = r.requests > 0;
	out->import = r.import; /* hand the counts and errors over */
	memset(&r.import, 0, sizeof(r.import));
	vg_feed_nvd_report_free(&r);
}

static void print_outcome(const feed *f, const outcome *out)
{
	if (out->rc) {
		fprintf(stderr, "vigil: %s: failed: %s\n", f->label, vg_error_message());
		return;
	}
	printf("%s: %s", f->label, out->status);
	if (out->bytes)
		printf(", %llu bytes", (unsigned long long)out->bytes);
	if (out->resumed_from)
		printf(" (resumed at byte %llu)", (unsigned long long)out->resumed_from);
	else if (out->resumes)
		printf(" (%u resumed with Range)", out->resumes);
	if (out->imported)
		printf(", %zu added, %zu updated, %zu unchanged, %zu removed, %zu failed",
		       out->import.added, out->import.updated, out->import.unchanged,
		       out->import.removed, out->import.failed);
	printf("\n");
}

static json_t *outcome_json(const feed *f, const outcome *out)
{
	json_t *j = json_pack("{s:s, s:s, s:s, s:I, s:I, s:I, s:I}", "feed", f->label, "url",
			      f->url, "status", out->rc ? "failed" : out->status, "bytes",
			      (json_int_t)out->bytes, "resumed_from", (json_int_t)out->resumed_from,
			      "requests", (json_int_t)out->requests, "resumes",
			      (json_int_t)out->resumes);

	json_object_set_new(j, "import", out->imported ? import_json(&out->import) : json_null());
	if (out->rc)
		json_object_set_new(j, "error", json_string(vg_error_message()));
	return j;
}

static int run_update(const update_options *o, feed *feeds, size_t n, const char *cache)
{
	vg_progress bar = { cli_progress_bar, NULL };
	const vg_progress *progress = o->json ? NULL : &bar;
	json_t *list = json_array();
	vg_vulndb *db = NULL;
	int exit_code = cli_open_vulndb(o->db_path, VG_VULNDB_WRITE, &db);
	size_t i;

	if (exit_code) {
		json_decref(list);
		return exit_code;
	}
	for (i = 0; i < n; i++) {
		outcome out = { 0 };

		if (!strcmp(feeds[i].label, "nvd"))
			update_nvd(db, o, cache, &feeds[i], progress, &out);
		else
			update_file(db, o, cache, &feeds[i], progress, &out);
		if (o->json)
			json_array_append_new(list, outcome_json(&feeds[i], &out));
		else
			print_outcome(&feeds[i], &out);
		if (out.rc && o->json)
			fprintf(stderr, "vigil: %s: failed: %s\n", feeds[i].label, vg_error_message());
		if (out.rc && exit_code == CLI_EXIT_OK)
			exit_code = cli_exit_code(out.rc);
		vg_import_report_free(&out.import);
	}
	vg_vulndb_close(db);
	if (o->json) {
		json_t *summary = json_pack("{s:o}", "feeds", list);

		vg_json_write_file("-", summary);
		json_decref(summary);
	} else {
		json_decref(list);
	}
	return exit_code;
}

int cmd_db_update(int argc, char **argv)
{
	update_options o;
	feed *feeds = NULL;
	size_t n = 0;
	char *cache;
	int rc = parse_options(argc, argv, &o);

	if (rc)
		return rc < 0 ? CLI_EXIT_OK : rc;
	if ((rc = check_feeds(o.feeds)))
		return rc;
	cache = o.cache ? vg_strdup(o.cache) : default_cache();
	if (!cache)
		return cli_fail(vg_error_set(VG_ENOMEM, "out of memory"));
	rc = make_feeds(&o, &feeds, &n);
	rc = rc ? cli_fail(rc) : run_update(&o, feeds, n, cache);
	free_feeds(feeds, n);
	free(cache);
	return rc;
}
