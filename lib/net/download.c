/*
 * download.c - the net module: an HTTP(S) download as a resumable pull
 * source (vigil/download.h).  Its users: the device agent (artifacts) and
 * `vigil db update` (lib/vuln/feed_fetch.c, feeds); it depends on neither,
 * only on base, the vg_artifact_source type of artifact.h, and libcurl,
 * which it loads when the first download opens (curl_load.c).
 *
 * libcurl pushes bytes (write callback); the artifact reader pulls them
 * (read).  The bridge is the multi interface driven from read(): curl runs
 * only while the reader asks for bytes, its output lands in one fixed
 * buffer, and when that buffer is full the transfer is paused until the
 * reader has drained it.  Memory is the buffer, whatever the artifact size.
 *
 * `received` is the stream offset: every byte accepted into the buffer.  A
 * new attempt asks for "Range: bytes=<received>-", so a break loses nothing
 * that was accepted and repeats nothing.
 */
#include "curl_load.h"
#include "vigil/download.h"
#include "vigil/error.h"
#include "vigil/str.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define BUF_SIZE (256 * 1024)

#define BACKOFF_MAX_MS 30000u

struct vg_download {
	const net_curl *curl;      /* libcurl's functions (curl_load.c) */
	CURL *easy;
	CURLM *multi;
	vg_download_opts opts;
	size_t head, len;          /* buffered bytes: buf[head .. head+len) */
	uint64_t received;         /* stream offset: bytes accepted from the network */
	uint64_t size;             /* total, 0 while unknown */
	uint64_t skip;             /* bytes of a 200 answer to drop (the server ignored Range) */
	uint64_t attempt_start;    /* `received` when this attempt started */
	uint64_t start;            /* stream offset of the reader's first byte */
	long status;               /* HTTP status of the last answer */
	int fail;                  /* this attempt hit a permanent failure (recorded) */
	bool active, checked, paused, done, global;
	unsigned fails;            /* consecutive failures without progress */
	unsigned attempts, resumes;
	char validator[256];       /* If-Range: a strong ETag or Last-Modified */
	char range[32];
	struct curl_slist *headers;
	char errbuf[CURL_ERROR_SIZE];
	unsigned char buf[BUF_SIZE];
};

bool vg_download_is_url(const char *s)
{
	return !strncasecmp(s, "http://", 7) || !strncasecmp(s, "https://", 8);
}

char *vg_download_escape(const char *s)
{
	const net_curl *curl;
	char *escaped, *copy;

	if (net_curl_load(&curl) != VG_OK)
		return NULL;
	escaped = curl->easy_escape(NULL, s, 0);
	copy = escaped ? vg_strdup(escaped) : NULL;
	curl->free(escaped);
	if (!copy)
		vg_error_set(VG_ENOMEM, "out of memory");
	return copy;
}

const char *vg_download_header(vg_download *d, const char *name)
{
	struct curl_header *h = NULL;
	if (d->curl->easy_header(d->easy, name, 0, CURLH_HEADER, -1, &h) != CURLHE_OK)
		return NULL;
	return h->value;
}

/* A 206: it must continue exactly at `received`, of the same total. */
static int check_range(vg_download *d)
{
	const char *cr = vg_download_header(d, "Content-Range");
	unsigned long long first, last, total = 0;
	char star;
	int full = cr && sscanf(cr, "bytes %llu-%llu/%llu", &first, &last, &total) == 3;
	if (!full && !(cr && sscanf(cr, "bytes %llu-%llu/%c", &first, &last, &star) == 3 && star == '*'))
		return vg_error_set(VG_ENET, "byte %" PRIu64 ": 206 answer without a valid Content-Range",
				    d->received);
	if (first != d->received)
		return vg_error_set(VG_ENET, "asked to resume at byte %" PRIu64 ", the server sent from byte %llu",
				    d->received, first);
	if (full && d->size && total != d->size)
		return vg_error_set(VG_ENET, "the artifact changed on the server (%llu bytes, was %" PRIu64 ")",
				    total, d->size);
	if (full)
		d->size = total;
	return VG_OK;
}

/* A validator for If-Range: a strong ETag, else Last-Modified. */
static void remember_validator(vg_download *d)
{
	const char *etag = vg_download_header(d, "ETag"), *lm = vg_download_header(d, "Last-Modified");
	const char *v = etag && strncmp(etag, "W/", 2) ? etag : lm;
	if (v && strlen(v) < sizeof(d->validator))
		snprintf(d->validator, sizeof(d->validator), "%s", v);
}

/* The first answer: remember its size and a validator for If-Range. */
static void remember(vg_download *d)
{
	curl_off_t len = -1;
	if (d->curl->easy_getinfo(d->easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &len) == CURLE_OK &&
	    len > 0)
		d->size = (uint64_t)len;
	remember_validator(d);
}

/* Called with the first body byte of an attempt (or at its end if empty). */
static int check_answer(vg_download *d)
{
	long code = 0;
	d->curl->easy_getinfo(d->easy, CURLINFO_RESPONSE_CODE, &code);
	d->checked = true;
	d->status = code;
	if (code == 304) /* the caller's conditional request: nothing new */
		return VG_OK;
	if (code == 206) {
		int rc = check_range(d);
		if (!rc && !d->validator[0])
			remember_validator(d);
		return rc;
	}
	if (code != 200)
		return vg_error_set(VG_ENET, "unexpected HTTP status %ld", code);
	if (d->received == d->start) {
		/* Nothing accepted yet: a 200 to opts.offset's Range (ignored, or
		 * If-Range found the file changed) simply restarts at byte 0. */
		d->received = d->start = 0;
		remember(d);
		return VG_OK;
	}
	if (d->validator[0])
		return vg_error_set(VG_ENET, "the artifact changed on the server during the download "
				    "(If-Range answered with the whole new file)");
	d->skip = d->received; /* no Range support: drop what we already have */
	return VG_OK;
}

static size_t on_data(char *ptr, size_t size, size_t nmemb, void *ctx)
{
	vg_download *d = ctx;
	size_t n = size * nmemb;
	if (!d->checked && (d->fail = check_answer(d)))
		return 0; /* CURLE_WRITE_ERROR; d->fail says why */
	size_t skip = d->skip < n ? (size_t)d->skip : n;
	size_t want = n - skip;
	if (d->head + d->len + want > BUF_SIZE) {
		memmove(d->buf, d->buf + d->head, d->len);
		d->head = 0;
	}
	if (d->len + want > BUF_SIZE) {
		d->paused = true; /* curl keeps these bytes and offers them again after unpause */
		return CURL_WRITEFUNC_PAUSE;
	}
	d->skip -= skip;
	memcpy(d->buf + d->head + d->len, ptr + skip, want);
	d->len += want;
	d->received += want;
	return n;
}

static int add_header(vg_download *d, const char *line)
{
	struct curl_slist *l = d->curl->slist_append(d->headers, line);
	if (!l)
		return vg_error_set(VG_ENOMEM, "out of memory");
	d->headers = l;
	return VG_OK;
}

static int start(vg_download *d)
{
	d->checked = d->paused = false;
	d->fail = VG_OK;
	d->skip = 0;
	d->attempt_start = d->received;
	d->errbuf[0] = '\0';
	d->curl->slist_free_all(d->headers);
	d->headers = NULL;
	for (const char *const *h = d->opts.headers; h && *h; h++)
		if (add_header(d, *h))
			return VG_ENOMEM;
	if (d->received) {
		char ifrange[sizeof(d->validator) + 16];
		snprintf(d->range, sizeof(d->range), "%" PRIu64 "-", d->received);
		snprintf(ifrange, sizeof(ifrange), "If-Range: %s", d->validator);
		if (d->validator[0] && add_header(d, ifrange))
			return VG_ENOMEM;
		d->resumes++;
	}
	d->curl->easy_setopt(d->easy, CURLOPT_RANGE, d->received ? d->range : NULL);
	d->curl->easy_setopt(d->easy, CURLOPT_HTTPHEADER, d->headers);
	if (d->curl->multi_add_handle(d->multi, d->easy) != CURLM_OK)
		return vg_error_set(VG_ENET, "cannot start the transfer");
	d->active = true;
	d->attempts++;
	return VG_OK;
}

static bool permanent(CURLcode res)
{
	switch (res) {
	case CURLE_UNSUPPORTED_PROTOCOL: case CURLE_URL_MALFORMAT: case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE: case CURLE_SSL_CERTPROBLEM: case CURLE_LOGIN_DENIED:
	case CURLE_TOO_MANY_REDIRECTS: case CURLE_OUT_OF_MEMORY: case CURLE_REMOTE_ACCESS_DENIED:
		return true;
	default:
		return false;
	}
}

static void wait_ms(unsigned ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* An attempt ended: done, retry (after a pause), or give up. */
static int finish(vg_download *d, CURLcode res)
{
	long code = 0;
	char why[CURL_ERROR_SIZE + 64];
	bool retry = true;
	d->active = false;
	d->curl->multi_remove_handle(d->multi, d->easy);
	if (d->fail)
		return d->fail;
	if (res == CURLE_OK && !d->checked && (d->fail = check_answer(d)))
		return d->fail;
	d->curl->easy_getinfo(d->easy, CURLINFO_RESPONSE_CODE, &code);
	if (res == CURLE_OK && (!d->size || d->received >= d->size)) {
		d->done = true;
		return VG_OK;
	}
	if (res == CURLE_OK) {
		snprintf(why, sizeof(why), "connection closed at byte %" PRIu64 " of %" PRIu64, d->received, d->size);
	} else if (res == CURLE_HTTP_RETURNED_ERROR) {
		snprintf(why, sizeof(why), "HTTP status %ld", code);
		d->status = code;
		retry = code >= 500 || code == 408 || code == 429 ||
			(code == 403 && d->opts.retry_forbidden);
	} else {
		snprintf(why, sizeof(why), "%s", d->errbuf[0] ? d->errbuf : d->curl->easy_strerror(res));
		retry = !permanent(res);
	}
	if (!retry)
		return vg_error_set(VG_ENET, "%s", why);
	if (d->received > d->attempt_start) {
		d->fails = 0; /* it was moving: reconnect at once */
		return VG_OK;
	}
	if (++d->fails > d->opts.retries)
		return vg_error_set(VG_ENET, "giving up after %u attempts: %s", d->attempts, why);
	unsigned ms = d->opts.backoff_ms;
	for (unsigned i = 1; i < d->fails && ms < BACKOFF_MAX_MS; i++)
		ms *= 2;
	wait_ms(ms < BACKOFF_MAX_MS ? ms : BACKOFF_MAX_MS);
	return VG_OK;
}

/* Run the transfer until bytes arrive or the attempt ends. */
static int drive(vg_download *d)
{
	int running = 0;
	CURLMcode mc = d->curl->multi_perform(d->multi, &running);
	if (mc != CURLM_OK)
		return vg_error_set(VG_ENET, "%s", d->curl->multi_strerror(mc));
	if (running) {
		if (!d->len && (mc = d->curl->multi_poll(d->multi, NULL, 0, 1000, NULL)) != CURLM_OK)
			return vg_error_set(VG_ENET, "%s", d->curl->multi_strerror(mc));
		return VG_OK;
	}
	CURLcode res = CURLE_OK;
	CURLMsg *m;
	int left;
	while ((m = d->curl->multi_info_read(d->multi, &left)))
		if (m->msg == CURLMSG_DONE)
			res = m->data.result;
	return finish(d, res);
}

static int source_read(void *ctx, void *buf, size_t cap, size_t *got)
{
	vg_download *d = ctx;
	*got = 0;
	for (;;) {
		if (d->len) {
			size_t n = d->len < cap ? d->len : cap;
			memcpy(buf, d->buf + d->head, n);
			d->head += n;
			d->len -= n;
			*got = n;
			if (!d->len && d->paused) {
				d->paused = false;
				d->curl->easy_pause(d->easy, CURLPAUSE_CONT);
			}
			return VG_OK;
		}
		if (d->done)
			return VG_OK;
		int rc = d->active ? drive(d) : start(d);
		if (rc)
			return rc;
	}
}

int vg_download_open(vg_download **out, const char *url, const vg_download_opts *opts)
{
	*out = NULL;
	if (!vg_download_is_url(url))
		return vg_error_set(VG_EINVAL, "%s: not an http:// or https:// URL", url);
	vg_download *d = calloc(1, sizeof(*d));
	if (!d)
		return vg_error_set(VG_ENOMEM, "out of memory");
	d->opts = *opts;
	d->received = d->start = opts->offset;
	if (opts->offset && opts->if_range && strlen(opts->if_range) < sizeof(d->validator))
		snprintf(d->validator, sizeof(d->validator), "%s", opts->if_range);
	if (!d->opts.timeout)
		d->opts.timeout = 60;
	if (!d->opts.backoff_ms)
		d->opts.backoff_ms = 1000;
	if (net_curl_load(&d->curl) != VG_OK) {
		free(d);
		return vg_error_prefix("%s: ", url);
	}
	d->global = d->curl->global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
	if (!d->global || !(d->easy = d->curl->easy_init()) ||
	    !(d->multi = d->curl->multi_init())) {
		vg_download_free(d);
		return vg_error_set(VG_ENOMEM, "out of memory");
	}
	CURL *e = d->easy;
	d->curl->easy_setopt(e, CURLOPT_URL, url); /* libcurl keeps a copy */
	d->curl->easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	d->curl->easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	d->curl->easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
	d->curl->easy_setopt(e, CURLOPT_MAXREDIRS, 5L);
	d->curl->easy_setopt(e, CURLOPT_FAILONERROR, 1L);
	d->curl->easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	d->curl->easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
	d->curl->easy_setopt(e, CURLOPT_CONNECTTIMEOUT, (long)d->opts.timeout);
	/* a stall of `timeout` seconds fails the attempt */
	d->curl->easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, 1L);
	d->curl->easy_setopt(e, CURLOPT_LOW_SPEED_TIME, (long)d->opts.timeout);
	d->curl->easy_setopt(e, CURLOPT_BUFFERSIZE, 64L * 1024);
	d->curl->easy_setopt(e, CURLOPT_USERAGENT,
			 opts->user_agent ? opts->user_agent : "vigil-agent/" VIGIL_VERSION);
	d->curl->easy_setopt(e, CURLOPT_ERRORBUFFER, d->errbuf);
	d->curl->easy_setopt(e, CURLOPT_WRITEFUNCTION, on_data);
	d->curl->easy_setopt(e, CURLOPT_WRITEDATA, d);
	*out = d;
	return VG_OK;
}

vg_artifact_source vg_download_source(vg_download *d)
{
	vg_artifact_source s = { source_read, d, d->size };
	return s;
}

void vg_download_get_stats(const vg_download *d, vg_download_stats *st)
{
	st->attempts = d->attempts;
	st->resumes = d->resumes;
	st->bytes = d->received - d->len;
	st->size = d->size;
	st->start = d->start;
	st->status = d->status;
}

void vg_download_free(vg_download *d)
{
	if (!d)
		return;
	if (d->active)
		d->curl->multi_remove_handle(d->multi, d->easy);
	d->curl->multi_cleanup(d->multi);
	d->curl->easy_cleanup(d->easy);
	d->curl->slist_free_all(d->headers);
	if (d->global)
		d->curl->global_cleanup();
	free(d);
}
