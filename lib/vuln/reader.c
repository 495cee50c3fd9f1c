/*
 * reader.c - the documents of a zip archive, inflated and parsed on a second
 * thread while the importers store the previous ones (see vulndb_internal.h).
 *
 * In a large import (osv.dev's all.zip: hundreds of thousands of records)
 * reading and parsing cost about as much as storing; a second core does the
 * first half.  The reader runs ahead by at most READER_SLOTS documents and
 * READER_MAX_BYTES of document bytes, so memory stays bounded whatever the
 * archive holds.  Errors of the reader thread (its own thread-local detail)
 * travel with the document as code and message.  Parsed documents are
 * handed back (vulndb_reader_release) and freed on the reader thread too:
 * freeing a tree is a tenth of the work, and memory goes back to the
 * allocator arena it came from.
 *
 * Parsing is the larger half of the reader's work, and which thread has
 * less to do depends on the feed and the database.  So the reader parses
 * only while the consumer has documents waiting; when the queue runs low it
 * hands the next documents over as bytes (data, len), which the consumer
 * parses as it does any other document, and both cores stay busy.
 */
#include "vulndb_internal.h"
#include "archive/archive_load.h"
#include "vigil/buf.h"
#include "vigil/error.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define READER_SLOTS 64
/* With fewer documents than this waiting, the consumer is about to starve:
 * the next ones go to it unparsed, and it parses them itself. */
#define READER_HANDOFF 4
#define READER_MAX_BYTES (64UL * 1024 * 1024)

struct vulndb_reader {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t changed;
	vulndb_doc slot[READER_SLOTS];
	size_t head, count, bytes;
	vg_json_doc *spent[READER_SLOTS]; /* released documents, to free */
	size_t spent_count;
	bool done; /* the reader has no more documents */
	bool stop; /* the consumer wants no more */
	const vg_libarchive *ar;
	struct archive *a;
	const char *path;
	int rc;      /* archive-level failure, with ... */
	char *error; /* ... its message */
};

bool vulndb_is_debian_list(const char *data, size_t len)
{
	const char *close = len > 14 && data[0] == '[' ? memchr(data, ']', len < 16 ? len : 16) : NULL;
	size_t rest = close ? len - (size_t)(close - data) : 0;

	return rest > 6 && close[1] == ' ' &&
	       (!strncmp(close + 2, "DSA-", 4) || !strncmp(close + 2, "DLA-", 4) ||
		(rest > 7 && !strncmp(close + 2, "DTSA-", 5)));
}

bool vulndb_is_json(const char *data, size_t len)
{
	const char *p = data, *end = data + len;

	while (p < end && strchr(" \t\r\n", *p))
		p++;
	return p < end && (*p == '{' || *p == '[') && !vulndb_is_debian_list(data, len);
}

void vulndb_doc_free(vulndb_doc *doc)
{
	free(doc->name);
	free(doc->data);
	vg_json_doc_free(doc->tree);
	free(doc->error);
	memset(doc, 0, sizeof(*doc));
}

/* The error just recorded on this thread, carried in doc. */
static void keep_error(vulndb_doc *doc, int rc)
{
	doc->rc = rc;
	doc->error = vg_strdup(vg_error_message());
}

/* The consumer has few documents waiting. */
static bool running_low(vulndb_reader *r)
{
	bool low;

	pthread_mutex_lock(&r->lock);
	low = r->count < READER_HANDOFF;
	pthread_mutex_unlock(&r->lock);
	return low;
}

/* Read the body of the current entry into doc: parsed when it is JSON and
 * the consumer is busy.  The bytes go straight into one buffer that the
 * entries reuse. */
static void read_entry(vulndb_reader *r, vulndb_doc *doc, vg_buf *body)
{
	la_ssize_t n = 0;
	int rc = VG_OK;

	vg_buf_clear(body);
	while (rc == VG_OK && (rc = vg_buf_grow(body, 65536)) == VG_OK &&
	       (n = r->ar->read_data(r->a, body->ptr + body->len, body->cap - body->len - 1)) > 0) {
		if (body->len + (size_t)n > VULNDB_FEED_MAX_BYTES)
			rc = vg_error_set(VG_ELIMIT, "%s: larger than %lu bytes", doc->name,
					  VULNDB_FEED_MAX_BYTES);
		body->len += (size_t)n;
		body->ptr[body->len] = '\0';
	}
	if (rc == VG_OK && n < 0)
		rc = vg_error_set(VG_EPARSE, "%s: corrupt data: %s", doc->name,
				  r->ar->error_string(r->a));
	doc->size = body->len;
	if (rc == VG_OK && vulndb_is_json(body->ptr, body->len) && !running_low(r)) {
		rc = vg_json_doc_parse(body->ptr, body->len, doc->name, &doc->tree);
		doc->root = rc ? NULL : vg_json_doc_root(doc->tree);
	} else if (rc == VG_OK && (doc->data = vg_strndup(body->ptr, body->len)) != NULL) {
		doc->len = body->len; /* a copy the size of the document, not of the buffer */
	} else if (rc == VG_OK) {
		rc = VG_ENOMEM;
	}
	if (rc)
		keep_error(doc, rc);
}

/* Free what the consumer released (called without the lock). */
static void free_spent(vg_json_doc **spent, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		vg_json_doc_free(spent[i]);
}

/* Take the released documents out of r (called with the lock held). */
static size_t take_spent(vulndb_reader *r, vg_json_doc **out)
{
	size_t n = r->spent_count;

	memcpy(out, r->spent, n * sizeof(*out));
	r->spent_count = 0;
	return n;
}

/* Wait for room, then queue doc (or drop it when the consumer stopped). */
static void put(vulndb_reader *r, vulndb_doc *doc)
{
	vg_json_doc *spent[READER_SLOTS];
	size_t n;

	pthread_mutex_lock(&r->lock);
	n = take_spent(r, spent);
	pthread_mutex_unlock(&r->lock);
	free_spent(spent, n);
	pthread_mutex_lock(&r->lock);
	while (!r->stop && (r->count == READER_SLOTS || (r->count && r->bytes > READER_MAX_BYTES)))
		pthread_cond_wait(&r->changed, &r->lock);
	if (r->stop) {
		pthread_mutex_unlock(&r->lock);
		vulndb_doc_free(doc);
		return;
	}
	r->slot[(r->head + r->count) % READER_SLOTS] = *doc;
	r->count++;
	r->bytes += doc->size;
	pthread_cond_broadcast(&r->changed);
	pthread_mutex_unlock(&r->lock);
}

static bool stopped(vulndb_reader *r)
{
	bool stop;

	pthread_mutex_lock(&r->lock);
	stop = r->stop;
	pthread_mutex_unlock(&r->lock);
	return stop;
}

static void *read_all(void *arg)
{
	vulndb_reader *r = arg;
	struct archive_entry *entry;
	vg_buf last = VG_BUF_INIT, body = VG_BUF_INIT;
	int ar = ARCHIVE_OK;

	while (!stopped(r) && (ar = r->ar->read_next_header(r->a, &entry)) == ARCHIVE_OK) {
		vulndb_doc doc = { 0 };

		if (r->ar->entry_filetype(entry) != AE_IFREG)
			continue;
		vg_buf_clear(&last);
		if (vg_buf_printf(&last, "%s:%s", r->path, r->ar->entry_pathname(entry)) ||
		    !(doc.name = vg_strdup(last.ptr))) {
			keep_error(&doc, VG_ENOMEM);
			put(r, &doc);
			break;
		}
		read_entry(r, &doc, &body);
		put(r, &doc);
	}
	if (!stopped(r) && ar != ARCHIVE_EOF && ar != ARCHIVE_OK) {
		r->rc = vg_error_set(VG_EPARSE, "%s: corrupt archive after %s: %s", r->path,
				     last.len ? last.ptr : "the start", r->ar->error_string(r->a));
		r->error = vg_strdup(vg_error_message());
	}
	vg_buf_free(&last);
	vg_buf_free(&body);
	pthread_mutex_lock(&r->lock);
	r->done = true;
	pthread_cond_broadcast(&r->changed);
	pthread_mutex_unlock(&r->lock);
	return NULL;
}

int vulndb_reader_start(const vg_libarchive *ar, struct archive *a, const char *path,
			vulndb_reader **out)
{
	vulndb_reader *r = calloc(1, sizeof(*r));

	if (!r)
		return vg_error_set(VG_ENOMEM, "out of memory");
	r->ar = ar;
	r->a = a;
	r->path = path;
	pthread_mutex_init(&r->lock, NULL);
	pthread_cond_init(&r->changed, NULL);
	if (pthread_create(&r->thread, NULL, read_all, r) != 0) {
		pthread_cond_destroy(&r->changed);
		pthread_mutex_destroy(&r->lock);
		free(r);
		return vg_error_set(VG_ERROR, "%s: cannot start the reader thread", path);
	}
	*out = r;
	return VG_OK;
}

void vulndb_reader_release(vulndb_reader *r, vulndb_doc *doc)
{
	pthread_mutex_lock(&r->lock);
	if (doc->tree && r->spent_count < READER_SLOTS) {
		r->spent[r->spent_count++] = doc->tree;
		doc->tree = NULL;
		doc->root = NULL;
	}
	pthread_mutex_unlock(&r->lock);
	vulndb_doc_free(doc);
}

bool vulndb_reader_next(vulndb_reader *r, vulndb_doc *doc)
{
	bool got = false;

	pthread_mutex_lock(&r->lock);
	while (!r->count && !r->done)
		pthread_cond_wait(&r->changed, &r->lock);
	if (r->count) {
		*doc = r->slot[r->head];
		r->head = (r->head + 1) % READER_SLOTS;
		r->count--;
		r->bytes -= doc->size;
		got = true;
		pthread_cond_broadcast(&r->changed);
	}
	pthread_mutex_unlock(&r->lock);
	return got;
}

int vulndb_reader_finish(vulndb_reader *r, int rc)
{
	vulndb_doc doc;

	pthread_mutex_lock(&r->lock);
	r->stop = true;
	pthread_cond_broadcast(&r->changed);
	pthread_mutex_unlock(&r->lock);
	pthread_join(r->thread, NULL);
	while (vulndb_reader_next(r, &doc))
		vulndb_doc_free(&doc);
	free_spent(r->spent, r->spent_count);
	if (rc == VG_OK && r->rc)
		rc = vg_error_set(r->rc, "%s", r->error ? r->error : "out of memory");
	free(r->error);
	pthread_cond_destroy(&r->changed);
	pthread_mutex_destroy(&r->lock);
	free(r);
	return rc;
}
