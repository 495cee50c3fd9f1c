/*
 * vigil/download.h - an HTTP(S) download as a resumable artifact source.
 *
 * vg_download turns a URL into a vg_artifact_source: the artifact reader
 * pulls bytes, the download pushes them from libcurl through one fixed
 * buffer (256 KiB), so nothing but that buffer holds the artifact and
 * download, verification and the slot write happen in one pass.
 *
 * RESUME.  When the connection breaks (reset, timeout, truncated body, a 5xx
 * answer), the download reconnects and asks for the rest with
 * "Range: bytes=N-", N being the number of bytes already handed to the
 * reader.  The reader never sees the break: its parser, decompressor and
 * hashes, and the slot writer behind it, are simply blocked in read() and
 * keep their state, so no byte is downloaded, verified or written twice.
 * The resumed answer must be 206 with a Content-Range starting at N.  A 200
 * answer means the server ignored the Range: its first N bytes are skipped,
 * unless an If-Range validator (ETag or Last-Modified of the first answer)
 * was sent, in which case the artifact changed on the server and the
 * download fails (mixing two artifacts would fail verification anyway).
 *
 * RETRIES.  A failure that delivered new bytes reconnects at once; the n-th
 * consecutive failure without progress waits 1 s, 2 s, 4 s ... (at most
 * 30 s), and more than `retries` of those end the download with VG_ENET.
 * 4xx answers (but 408 and 429), bad URLs and TLS verification failures are
 * not retried.  `timeout` bounds connecting and any stall (no byte for that
 * many seconds).
 *
 * Errors are VG_ENET with the cause ("giving up after 3 attempts: HTTP
 * status 503"); the artifact reader adds the byte offset, the caller the URL.
 *
 * What is not resumed: a restart of the process (power cut).  The reader's
 * state lives in memory and libarchive cannot checkpoint its decompressor,
 * so the agent then starts over (docs/agent.md).
 *
 * FILE DOWNLOADS (vigil db update) use four more options.  `offset` starts
 * the stream at that byte (the size of a partial file), with `if_range` (its
 * ETag or Last-Modified) as If-Range; a 200 answer to that first request
 * restarts the stream at byte 0, which the reader learns from
 * vg_download_stats.start after its first read.  `headers` adds request
 * headers (If-None-Match, API keys); a 304 answer ends the stream at once
 * with no bytes and stats.status 304.  `retry_forbidden` retries 403 like
 * 429 (the NVD API's rate-limit answer).  vg_download_header() reads a
 * header of the last answer (ETag, Last-Modified).
 */
#ifndef VIGIL_DOWNLOAD_H
#define VIGIL_DOWNLOAD_H
#include <stdbool.h>
#include <stdint.h>

#include "vigil/artifact.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct vg_download_opts {
	unsigned retries;   /* failures without progress tolerated (config download_retries) */
	unsigned timeout;   /* seconds to connect, and of stall (config download_timeout); 0: 60 */
	unsigned backoff_ms; /* first wait between attempts, doubled up to 30 s; 0: 1000 */
	uint64_t offset;     /* first byte wanted (resume a partial file); 0: all */
	const char *if_range; /* validator of the partial file, sent with `offset` */
	const char *const *headers; /* extra "Name: value" lines, NULL-terminated (borrowed) */
	bool retry_forbidden; /* retry 403 answers too */
	const char *user_agent; /* NULL: "vigil-agent/VERSION" */
} vg_download_opts;

typedef struct vg_download_stats {
	unsigned attempts;  /* requests sent */
	unsigned resumes;   /* of which Range requests */
	uint64_t bytes;     /* stream offset reached by the reader (includes `start`) */
	uint64_t size;      /* total size, 0 while unknown */
	uint64_t start;     /* stream offset of the reader's first byte: opts.offset or 0 */
	long status;        /* HTTP status of the last answer, 0 before it */
} vg_download_stats;

typedef struct vg_download vg_download;

/* True for "http://..." and "https://..." (case-insensitive scheme). */
bool vg_download_is_url(const char *s);
/* `s` percent-encoded for one segment of a URL path (libcurl's encoding:
 * all but ALPHA, DIGIT, "-", ".", "_" and "~"); free() it.  NULL, with the
 * error set, when memory or libcurl is lacking. */
char *vg_download_escape(const char *s);

/* Prepare a download of `url` (nothing is sent until the first read). */
int vg_download_open(vg_download **out, const char *url, const vg_download_opts *opts);
/* The source to pass to vg_artifact_read(); valid while d lives. */
vg_artifact_source vg_download_source(vg_download *d);
void vg_download_get_stats(const vg_download *d, vg_download_stats *st);
/* A header of the last answer (NULL if absent); valid until the next read. */
const char *vg_download_header(vg_download *d, const char *name);
void vg_download_free(vg_download *d);

#ifdef __cplusplus
}
#endif
#endif
