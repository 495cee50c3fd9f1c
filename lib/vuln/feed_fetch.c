/*
 * feed_fetch.c - one feed URL into the cache directory: .part file, resume
 * across runs, conditional requests, ETag / Last-Modified sidecars
 * (vigil/feed.h).  The transfer itself is vg_download's.
 *
 * Two sidecars: name.meta.json describes the complete cached file (sent as
 * If-None-Match / If-Modified-Since), name.part.meta.json the answer a
 * partial download started from (sent as If-Range when resuming), so a
 * resumed .part is never glued to a different version of the file.
 */
#include "vigil/feed.h"
#include "vulndb_internal.h"

#include "vigil/download.h"
#include "vigil/error.h"
#include "vigil/file.h"
#include "vigil/json.h"
#include "vigil/str.h"
#include "vigil/time.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHUNK (64 * 1024)
#define PROGRESS_EVERY_US 200000
#define SIDECAR_MAX (64 * 1024)

typedef struct validators {
	char *etag;
	char *last_modified;
} validators;

typedef struct fetch {
	const vg_feed_fetch_opts *o;
	char *path, *part, *meta, *part_meta;
	FILE *out;
	vg_download *dl;
	int64_t last_progress;
} fetch;

static void validators_free(validators *v)
{
	free(v->etag);
	free(v->last_modified);
	v->etag = v->last_modified = NULL;
}

/* The sidecar's validators, if it exists and describes `url`. */
static void sidecar_read(const char *path, const char *url, validators *v)
{
	json_t *root = NULL;
	const char *u, *etag, *lm;

	memset(v, 0, sizeof(*v));
	if (access(path, F_OK) != 0 || vg_json_load_file(path, SIDECAR_MAX, &root) != VG_OK)
		return; /* absent or damaged: download without conditions */
	u = json_string_value(json_object_get(root, "url"));
	etag = json_string_value(json_object_get(root, "etag"));
	lm = json_string_value(json_object_get(root, "last_modified"));
	if (u && !strcmp(u, url)) {
		v->etag = etag ? vg_strdup(etag) : NULL;
		v->last_modified = lm ? vg_strdup(lm) : NULL;
	}
	json_decref(root);
}

/* Write a sidecar from the last answer's headers. */
static int sidecar_write(fetch *f, const char *path)
{
	json_t *root = json_object();
	int rc;

	if (!root)
		return vg_error_set(VG_ENOMEM, "out of memory");
	json_object_set_new(root, "url", json_string(f->o->url));
	vg_json_set_string_if(root, "etag", vg_download_header(f->dl, "ETag"));
	vg_json_set_string_if(root, "last_modified", vg_download_header(f->dl, "Last-Modified"));
	rc = vg_json_write_file(path, root);
	json_decref(root);
	return rc;
}

static int make_names(fetch *f)
{
	const char *dir = f->o->cache_dir, *name = f->o->name;

	f->path = vg_strdup_printf("%s/%s", dir, name);
	f->part = vg_strdup_printf("%s/%s.part", dir, name);
	f->meta = vg_strdup_printf("%s/%s.meta.json", dir, name);
	f->part_meta = vg_strdup_printf("%s/%s.part.meta.json", dir, name);
	if (!f->path || !f->part || !f->meta || !f->part_meta)
		return vg_error_set(VG_ENOMEM, "out of memory");
	return vulndb_make_parent_dirs(f->path);
}

static uint64_t part_size(const fetch *f)
{
	struct stat st;

	return stat(f->part, &st) == 0 && S_ISREG(st.st_mode) ? (uint64_t)st.st_size : 0;
}

static void report(fetch *f, bool force)
{
	const vg_progress *p = f->o->progress;
	vg_download_stats st;
	int64_t now;

	if (!p || !p->fn)
		return;
	now = vg_time_now();
	if (!force && now - f->last_progress < PROGRESS_EVERY_US)
		return;
	f->last_progress = now;
	vg_download_get_stats(f->dl, &st);
	p->fn(p->ctx, st.bytes, st.size, f->o->name);
}

/* The first bytes (or the end) of the answer arrived: set the .part up. */
static int begin_body(fetch *f, uint64_t offset)
{
	vg_download_stats st;
	int rc;

	vg_download_get_stats(f->dl, &st);
	if (st.status == 304)
		return VG_OK;
	if (offset && st.start == 0)
		offset = 0; /* the server sent the whole file: start the .part over */
	if (!offset && (rc = sidecar_write(f, f->part_meta)))
		return rc;
	f->out = fopen(f->part, offset ? "ab" : "wb");
	if (!f->out)
		return vg_error_set(VG_EIO, "%s: cannot open: %s", f->part, strerror(errno));
	return VG_OK;
}

static int finish_file(fetch *f)
{
	int rc = VG_OK;

	if (fflush(f->out) != 0 || fsync(fileno(f->out)) != 0)
		rc = vg_error_set(VG_EIO, "%s: cannot write: %s", f->part, strerror(errno));
	if (fclose(f->out) != 0 && !rc)
		rc = vg_error_set(VG_EIO, "%s: cannot write: %s", f->part, strerror(errno));
	f->out = NULL;
	if (!rc && rename(f->part, f->path) != 0)
		rc = vg_error_set(VG_EIO, "%s: cannot rename to %s: %s", f->part, f->path,
				  strerror(errno));
	if (!rc)
		rc = sidecar_write(f, f->meta);
	if (!rc)
		unlink(f->part_meta);
	return rc;
}

/* Build the request headers: the caller's, then the conditions. */
static int conditions(fetch *f, validators *v, vg_strlist *lines, const char ***headers)
{
	const char *const *h;
	size_t i;

	if (f->o->conditional && access(f->path, F_OK) == 0)
		sidecar_read(f->meta, f->o->url, v);
	for (h = f->o->headers; h && *h; h++)
		if (vg_strlist_add(lines, *h))
			return VG_ENOMEM;
	if (v->etag && vg_strlist_take(lines, vg_strdup_printf("If-None-Match: %s", v->etag)))
		return VG_ENOMEM;
	if (v->last_modified &&
	    vg_strlist_take(lines, vg_strdup_printf("If-Modified-Since: %s", v->last_modified)))
		return VG_ENOMEM;
	*headers = calloc(lines->count + 1, sizeof(**headers));
	if (!*headers)
		return vg_error_set(VG_ENOMEM, "out of memory");
	for (i = 0; i < lines->count; i++)
		(*headers)[i] = lines->items[i];
	return VG_OK;
}

static int keep_validator(vg_feed_fetch_result *res, const char *etag, const char *lm)
{
	const char *v = etag ? etag : lm;

	if (v && !(res->validator = vg_strdup(v)))
		return vg_error_set(VG_ENOMEM, "out of memory");
	return VG_OK;
}

/* One download attempt from the .part's current size. */
static int transfer(fetch *f, const char *const *headers, vg_feed_fetch_result *res)
{
	validators partial;
	vg_download_opts dopts = { .retries = f->o->net.retries, .timeout = f->o->net.timeout,
				   .backoff_ms = f->o->net.backoff_ms, .headers = headers,
				   .retry_forbidden = true, .user_agent = "vigil/" VIGIL_VERSION };
	vg_artifact_source src;
	vg_download_stats st;
	char *buf = malloc(CHUNK);
	size_t got;
	bool begun = false;
	int rc;

	if (!buf)
		return vg_error_set(VG_ENOMEM, "out of memory");
	sidecar_read(f->part_meta, f->o->url, &partial);
	dopts.offset = part_size(f);
	dopts.if_range = partial.etag && strncmp(partial.etag, "W/", 2) ? partial.etag
									 : partial.last_modified;
	rc = vg_download_open(&f->dl, f->o->url, &dopts);
	if (!rc)
		src = vg_download_source(f->dl);
	while (!rc) {
		if ((rc = src.read(src.ctx, buf, CHUNK, &got)))
			break;
		if (!begun && !(rc = begin_body(f, dopts.offset)))
			begun = true;
		if (!rc && got && fwrite(buf, 1, got, f->out) != got)
			rc = vg_error_set(VG_EIO, "%s: cannot write: %s", f->part, strerror(errno));
		if (!got || rc)
			break;
		report(f, false);
	}
	if (f->dl) {
		vg_download_get_stats(f->dl, &st);
		res->attempts += st.attempts;
		res->resumes += st.resumes;
		res->bytes += st.bytes - st.start;
		if (st.start)
			res->resumed_from = st.start;
		if (!rc && st.status == 304) {
			res->status = VG_FEED_UNCHANGED;
		} else if (!rc) {
			report(f, true);
			res->status = VG_FEED_DOWNLOADED;
			rc = finish_file(f);
			if (!rc)
				rc = keep_validator(res, vg_download_header(f->dl, "ETag"),
						    vg_download_header(f->dl, "Last-Modified"));
		} else if (st.status == 416 && dopts.offset) {
			/* The .part is as long as the file (or longer): start over. */
			unlink(f->part);
			rc = VG_ESTATE;
		}
	}
	if (f->out)
		fclose(f->out);
	f->out = NULL;
	vg_download_free(f->dl);
	f->dl = NULL;
	validators_free(&partial);
	free(buf);
	return rc;
}

int vg_feed_fetch(const vg_feed_fetch_opts *o, vg_feed_fetch_result *res)
{
	fetch f = { .o = o };
	validators v = { 0 };
	vg_strlist lines = { 0 };
	const char **headers = NULL;
	int rc;

	memset(res, 0, sizeof(*res));
	rc = make_names(&f);
	if (!rc)
		rc = conditions(&f, &v, &lines, &headers);
	if (!rc)
		rc = transfer(&f, headers, res);
	if (rc == VG_ESTATE)
		rc = transfer(&f, headers, res);
	if (!rc && res->status == VG_FEED_UNCHANGED)
		rc = keep_validator(res, v.etag, v.last_modified);
	if (!rc) {
		res->path = f.path;
		f.path = NULL;
	} else {
		vg_error_prefix("%s: ", o->url);
	}
	free(headers);
	vg_strlist_free(&lines);
	validators_free(&v);
	free(f.path);
	free(f.part);
	free(f.meta);
	free(f.part_meta);
	return rc;
}

void vg_feed_fetch_result_free(vg_feed_fetch_result *res)
{
	if (!res)
		return;
	free(res->path);
	free(res->validator);
	res->path = res->validator = NULL;
}
