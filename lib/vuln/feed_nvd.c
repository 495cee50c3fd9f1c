/*
 * feed_nvd.c - the NVD CVE API 2.0 as a feed: paging, incremental windows,
 * the rolling-window rate limit, one import per page (vigil/feed.h).
 *
 * The next run's lastModStartDate is the time this run *started*, so
 * records modified while it ran are asked for again rather than missed.
 */
#include "vulndb_internal.h"
#include "vigil/feed.h"

#include "vigil/error.h"
#include "vigil/json.h"
#include "vigil/str.h"
#include "vigil/time.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define RATE_WINDOW_MS 30000u
#define RATE_NO_KEY 5
#define RATE_KEY 50
#define DAY_US (86400LL * 1000000LL)
#define PAGE_NAME "nvd-page.json"

typedef struct nvd_run {
	vg_vulndb *db;
	const vg_feed_nvd_opts *o;
	vg_feed_nvd_report *r;
	const char *headers[2];
	char *key_header;
	size_t limit;
	uint64_t sent[RATE_KEY]; /* monotonic ms of the latest requests, oldest first */
	size_t count;
} nvd_run;

uint64_t vg_feed_ratelimit_wait(const uint64_t *sent, size_t count, size_t limit,
				uint64_t window_ms, uint64_t now_ms)
{
	uint64_t free_at;

	if (!limit || count < limit)
		return 0;
	/* The limit-th latest request leaves the window at free_at. */
	free_at = sent[count - limit] + window_ms;
	return free_at > now_ms ? free_at - now_ms : 0;
}

static uint64_t monotonic_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static void sleep_ms(uint64_t ms)
{
	struct timespec ts = { (time_t)(ms / 1000), (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* Wait until the next request is within the rate limit, then count it. */
static void pace(nvd_run *run)
{
	uint64_t wait = vg_feed_ratelimit_wait(run->sent, run->count, run->limit, RATE_WINDOW_MS,
					       monotonic_ms());

	if (wait) {
		char msg[160];

		snprintf(msg, sizeof(msg),
			 "NVD rate limit (%zu requests per 30 s%s): waiting %.1f s", run->limit,
			 run->limit == RATE_NO_KEY ? " without an API key" : "", (double)wait / 1000);
		if (run->o->notice)
			run->o->notice(run->o->notice_ctx, msg);
		sleep_ms(wait);
	}
	if (run->count == run->limit) {
		memmove(run->sent, run->sent + 1, (run->count - 1) * sizeof(run->sent[0]));
		run->count--;
	}
	run->sent[run->count++] = monotonic_ms();
}

/* NVD's ISO-8601 form, the offset URL-encoded: 2024-01-02T03:04:05.000%2B00:00 */
static void nvd_time(int64_t usec, char out[40])
{
	time_t secs = (time_t)(usec / 1000000);
	struct tm tm;

	gmtime_r(&secs, &tm);
	strftime(out, 40, "%Y-%m-%dT%H:%M:%S.000%%2B00:00", &tm);
}

static char *page_url(const nvd_run *run, int64_t start_index, const char *from, const char *to)
{
	const char *base = run->o->url ? run->o->url : VG_FEED_NVD_URL;
	unsigned size = run->o->page_size ? run->o->page_size : VG_FEED_NVD_PAGE;
	const char *sep = strchr(base, '?') ? "&" : "?";

	if (from)
		return vg_strdup_printf("%s%sresultsPerPage=%u&startIndex=%lld&lastModStartDate=%s"
					"&lastModEndDate=%s", base, sep, size, (long long)start_index,
					from, to);
	return vg_strdup_printf("%s%sresultsPerPage=%u&startIndex=%lld", base, sep, size,
				(long long)start_index);
}

static void add_report(vg_import_report *sum, vg_import_report *page)
{
	size_t i;

	sum->added += page->added;
	sum->updated += page->updated;
	sum->unchanged += page->unchanged;
	sum->removed += page->removed;
	sum->failed += page->failed;
	for (i = 0; i < page->errors.count && sum->errors.count < VG_IMPORT_MAX_ERRORS; i++)
		if (vg_strlist_add(&sum->errors, page->errors.items[i]))
			break;
}

/* totalResults and the number of records of a downloaded page. */
static int page_counts(const char *path, long long *total, size_t *records)
{
	json_t *root, *list;
	int rc = vg_json_load_file(path, 0, &root);

	if (rc)
		return rc;
	rc = vg_json_get_integer(root, "totalResults", "$", true, total);
	if (!rc)
		rc = vg_json_get_array(root, "vulnerabilities", "$", true, &list);
	if (!rc)
		*records = json_array_size(list);
	json_decref(root);
	return rc ? vg_error_prefix("%s: ", path) : VG_OK;
}

/* Fetch one page and import it; *records is how many it held. */
static int one_page(nvd_run *run, const char *url, long long *total, size_t *records)
{
	vg_feed_fetch_opts fo = { .url = url, .cache_dir = run->o->cache_dir, .name = PAGE_NAME,
				  .headers = run->headers, .net = run->o->net,
				  .progress = run->o->progress };
	vg_feed_fetch_result fr;
	vg_import_report page;
	int rc;

	pace(run);
	rc = vg_feed_fetch(&fo, &fr);
	if (rc)
		return rc;
	run->r->requests++;
	run->r->bytes += fr.bytes;
	rc = page_counts(fr.path, total, records);
	if (!rc) {
		rc = vg_vulndb_import(run->db, fr.path, run->o->progress, &page);
		if (!rc)
			add_report(&run->r->import, &page);
		vg_import_report_free(&page);
	}
	if (rc)
		vg_error_prefix("%s: ", url);
	vg_feed_fetch_result_free(&fr);
	return rc;
}

/* Every page of one query (one lastMod window, or everything). */
static int window(nvd_run *run, const char *from, const char *to)
{
	long long start = 0, total = 0;
	size_t records = 0;
	int rc;

	do {
		char *url = page_url(run, start, from, to);

		if (!url)
			return vg_error_set(VG_ENOMEM, "out of memory");
		rc = one_page(run, url, &total, &records);
		if (!rc && !records && start < total)
			rc = vg_error_set(VG_ENET, "%s: empty page, but totalResults is %lld", url,
					  total);
		free(url);
		if (rc)
			return rc;
		start += (long long)records;
	} while (start < total);
	run->r->total_results += total;
	return VG_OK;
}

/* From `since` (RFC 3339) to `now`, in windows of at most 120 days. */
static int incremental(nvd_run *run, const char *since, int64_t now)
{
	int64_t from, to;
	char a[40], b[40];
	int rc = vg_time_parse(since, &from);

	if (rc)
		return vg_error_prefix("meta %s: ", VG_FEED_NVD_META_KEY);
	do {
		to = from + VG_FEED_NVD_WINDOW_DAYS * DAY_US;
		if (to > now)
			to = now;
		nvd_time(from, a);
		nvd_time(to, b);
		if ((rc = window(run, a, b)))
			return rc;
		from = to;
	} while (from < now);
	return VG_OK;
}

int vg_feed_nvd_update(vg_vulndb *db, const vg_feed_nvd_opts *o, vg_feed_nvd_report *r)
{
	nvd_run run = { .db = db, .o = o, .r = r };
	int64_t started = vg_time_now();
	char stamp[21], *updated = NULL;
	int rc;

	memset(r, 0, sizeof(*r));
	r->import.format = "nvd";
	run.limit = o->api_key && *o->api_key ? RATE_KEY : RATE_NO_KEY;
	if (o->api_key && *o->api_key) {
		if (!(run.key_header = vg_strdup_printf("apiKey: %s", o->api_key)))
			return vg_error_set(VG_ENOMEM, "out of memory");
		run.headers[0] = run.key_header;
	}
	rc = vg_vulndb_meta_get(db, VG_FEED_NVD_META_KEY, &r->since);
	if (!rc)
		rc = vulndb_updated_get(db, "nvd", &updated);
	if (!rc) {
		rc = r->since ? incremental(&run, r->since, started) : window(&run, NULL, NULL);
		vg_time_format(started, stamp);
		if (!rc)
			rc = vg_vulndb_meta_set(db, VG_FEED_NVD_META_KEY, stamp);
		/* Each page's import marked NVD current; only a complete run is. */
		if (rc)
			vulndb_updated_restore(db, "nvd", updated);
	}
	free(updated);
	free(run.key_header);
	return rc;
}

void vg_feed_nvd_report_free(vg_feed_nvd_report *r)
{
	if (!r)
		return;
	free(r->since);
	r->since = NULL;
	vg_import_report_free(&r->import);
}
