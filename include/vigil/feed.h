/*
 * vigil/feed.h - downloading the public vulnerability feeds into a cache
 * directory, and the NVD CVE API 2.0 as a paged, rate-limited feed
 * (`vigil db update`).
 *
 * vg_feed_fetch() brings one URL into cache_dir/name.  The body goes to
 * name.part and is renamed over `name` only when complete.  A .part left by
 * an interrupted run is resumed with "Range: bytes=<its size>-" (and If-Range
 * with the validator the partial download was started with); a 200 answer
 * restarts it cleanly.  The ETag and Last-Modified of the cached file are
 * kept in a sidecar, name.meta.json ({"url", "etag", "last_modified"},
 * written atomically); with `conditional` they are sent as If-None-Match /
 * If-Modified-Since, and a 304 answer leaves the cached file as it is and
 * reports VG_FEED_UNCHANGED.  A sidecar whose URL differs is ignored (the
 * mirror changed).  Transfers and retries are vg_download's
 * (vigil/download.h).
 *
 * vg_feed_nvd_update() pages through the NVD CVE API 2.0 (startIndex,
 * resultsPerPage; the next page starts after the records the server
 * actually returned) and imports each page as it arrives.  Incremental runs
 * ask for lastModStartDate/lastModEndDate from the time of the last
 * complete run, kept in the database's meta table (VG_FEED_NVD_META_KEY),
 * in windows of at most 120 days.  The key, if any, is sent as the apiKey
 * header.  Requests are spaced by a rolling-window limiter: at most 5 per
 * 30 s without a key, 50 with one; each wait is announced through `notice`
 * before sleeping.  403, 429 and 5xx answers are retried with backoff.
 *
 * The rate limiter is exposed as a pure function so it can be tested
 * without sleeping.
 */
#ifndef VIGIL_FEED_H
#define VIGIL_FEED_H

#include "vigil/progress.h"
#include "vigil/vulndb.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct vg_feed_net {
	unsigned retries;    /* failed attempts without progress tolerated (vg_download_opts) */
	unsigned timeout;    /* seconds; 0: 60 */
	unsigned backoff_ms; /* 0: 1000 */
} vg_feed_net;

typedef struct vg_feed_fetch_opts {
	const char *url;
	const char *cache_dir;      /* created if missing */
	const char *name;           /* file name in cache_dir */
	bool conditional;           /* If-None-Match / If-Modified-Since from the sidecar */
	const char *const *headers; /* extra "Name: value" request headers, NULL-terminated */
	vg_feed_net net;
	const vg_progress *progress; /* label: `name` */
} vg_feed_fetch_opts;

enum { VG_FEED_DOWNLOADED = 1, VG_FEED_UNCHANGED = 2 };

typedef struct vg_feed_fetch_result {
	int status;            /* VG_FEED_DOWNLOADED or VG_FEED_UNCHANGED */
	char *path;            /* cache_dir/name (malloc'd) */
	uint64_t bytes;        /* body bytes transferred by this call */
	uint64_t resumed_from; /* byte a .part was resumed at, 0 if none */
	unsigned attempts;     /* HTTP requests sent */
	unsigned resumes;      /* of which Range requests (.part or a broken connection) */
	char *validator;       /* ETag (else Last-Modified) of the cached file, or NULL */
} vg_feed_fetch_result;

/* Errors are VG_ENET (transfer), VG_EIO (cache), prefixed with the URL. */
int vg_feed_fetch(const vg_feed_fetch_opts *o, vg_feed_fetch_result *res);
void vg_feed_fetch_result_free(vg_feed_fetch_result *res);

/*
 * Rolling-window rate limit: `limit` requests per `window_ms`.  `sent`
 * holds the times (ms, any epoch, ascending) of the latest requests, at
 * most `limit` of them are looked at.  Returns how long to wait at `now_ms`
 * before the next request may go (0: at once).
 */
uint64_t vg_feed_ratelimit_wait(const uint64_t *sent, size_t count, size_t limit,
				uint64_t window_ms, uint64_t now_ms);

#define VG_FEED_NVD_URL "https://services.nvd.nist.gov/rest/json/cves/2.0"
#define VG_FEED_NVD_META_KEY "nvd.last_modified"
#define VG_FEED_NVD_PAGE 2000      /* the API's largest resultsPerPage */
#define VG_FEED_NVD_WINDOW_DAYS 120 /* the API's longest lastMod range */

typedef struct vg_feed_nvd_opts {
	const char *url;        /* NULL: VG_FEED_NVD_URL */
	const char *api_key;    /* NULL or "": 5 requests / 30 s, else 50 */
	const char *cache_dir;  /* pages land in cache_dir/nvd-page.json */
	unsigned page_size;     /* 0: VG_FEED_NVD_PAGE */
	vg_feed_net net;
	const vg_progress *progress;
	void (*notice)(void *ctx, const char *message); /* rate-limit waits */
	void *notice_ctx;
} vg_feed_nvd_opts;

typedef struct vg_feed_nvd_report {
	unsigned requests;       /* pages fetched */
	uint64_t bytes;
	int64_t total_results;   /* summed over windows */
	char *since;             /* lastModStartDate of the run, NULL for a full download */
	vg_import_report import; /* summed over pages (format "nvd") */
} vg_feed_nvd_report;

/*
 * Update `db` from the NVD API.  On success the run's start time becomes
 * the next run's lastModStartDate.  A failure leaves the pages imported so
 * far (each page is one transaction) and the meta time unchanged, so the
 * next run asks again from the same time.
 */
int vg_feed_nvd_update(vg_vulndb *db, const vg_feed_nvd_opts *o, vg_feed_nvd_report *r);
void vg_feed_nvd_report_free(vg_feed_nvd_report *r);

#ifdef __cplusplus
}
#endif
#endif
