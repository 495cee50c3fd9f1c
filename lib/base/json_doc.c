/*
 * json_doc.c - a JSON document parsed into an arena (see vigil/json.h).
 *
 * jansson allocates every value, key and hash table of a tree on its own
 * and frees them one by one.  For the large read-only documents vigil reads
 * (osv.dev's 500,000-record dumps, 10,000-component SBOMs) that malloc and
 * free traffic was a third of the parse, and freeing a tree cost another
 * tenth.  Here a document's allocations are cut from a few large blocks by
 * moving a pointer, and the blocks go at once when the document does.
 *
 * jansson has one allocator for the whole process (json_set_alloc_funcs), so
 * ours is installed once and routes by thread: while this thread parses a
 * vg_json_doc, its allocations come from that document's blocks and its
 * frees (jansson's temporary buffers, a grown hash table's old buckets) are
 * nothing; at any other time, on any thread, they are malloc and free.  If
 * the embedding program installed an allocator of its own first, we leave
 * it alone and documents are ordinary jansson trees.
 *
 * A large document is also parsed in two halves on two threads (the second
 * part of this file): jansson's parse itself, not only its allocations, was
 * most of the time a scan spent reading a 10,000-component SBOM.
 */
#include "vigil/json.h"
#include "vigil/error.h"
#include "vigil/thread.h"
#include "json_doc_internal.h"

#include <pthread.h>
#include <stdalign.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* A block of the arena; the allocations follow the header. */
typedef struct block {
	struct block *next;
	size_t size, used;
	alignas(max_align_t) unsigned char data[];
} block;

struct vg_json_doc {
	json_t *root;
	block *blocks; /* the newest first */
	size_t next_size;
	bool arena; /* false: root is an ordinary tree, freed with json_decref */
	struct vg_json_doc *half; /* parse_split(): the second half's document, owned */
};

#define BLOCK_MIN 4096
#define BLOCK_MAX (1024 * 1024)
#define ALIGN_UP(n) (((n) + alignof(max_align_t) - 1) & ~(alignof(max_align_t) - 1))

/* The document this thread is parsing into, if any. */
static _Thread_local vg_json_doc *parsing;
static pthread_once_t install_once = PTHREAD_ONCE_INIT;
static bool installed;

static block *add_block(vg_json_doc *doc, size_t need)
{
	size_t size = doc->next_size > need ? doc->next_size : need;
	block *b = malloc(sizeof(*b) + size);

	if (!b)
		return NULL;
	b->size = size;
	b->used = 0;
	b->next = doc->blocks;
	doc->blocks = b;
	if (doc->next_size < BLOCK_MAX)
		doc->next_size *= 2;
	return b;
}

static void *arena_malloc(size_t size)
{
	vg_json_doc *doc = parsing;
	block *b;
	size_t n = ALIGN_UP(size);
	void *p;

	if (!doc)
		return malloc(size);
	b = doc->blocks;
	if ((!b || b->size - b->used < n) && !(b = add_block(doc, n)))
		return NULL;
	p = b->data + b->used;
	b->used += n;
	return p;
}

static void arena_free(void *ptr)
{
	if (!parsing)
		free(ptr);
}

static void install(void)
{
	json_malloc_t m;
	json_free_t f;

	json_get_alloc_funcs(&m, &f);
	if (m == malloc && f == free) {
		json_set_alloc_funcs(arena_malloc, arena_free);
		installed = true;
	}
}

/* A program may install its own allocator after ours: then trees are its. */
static bool still_ours(void)
{
	json_malloc_t m;
	json_free_t f;

	json_get_alloc_funcs(&m, &f);
	return m == arena_malloc && f == arena_free;
}

static int parse_whole(const char *data, size_t len, const char *name, vg_json_doc **out)
{
	vg_json_doc *doc = calloc(1, sizeof(*doc));
	int rc;

	*out = NULL;
	if (!doc)
		return vg_error_set(VG_ENOMEM, "out of memory");
	pthread_once(&install_once, install);
	doc->arena = installed && still_ours();
	/* A parsed tree takes a few times its text; start near that. */
	doc->next_size = len * 4 < BLOCK_MIN ? BLOCK_MIN : len * 4 > BLOCK_MAX ? BLOCK_MAX : len * 4;
	if (doc->arena)
		parsing = doc;
	rc = vg_json_parse(data, len, name, &doc->root);
	parsing = NULL;
	if (rc) {
		vg_json_doc_free(doc);
		return rc;
	}
	*out = doc;
	return VG_OK;
}

/* ---- A large document's biggest array, parsed in two halves at once ---- */

/* Documents this large are split (below, a second thread costs more than it
 * saves); the fuzz harness lowers it to split everything. */
size_t vg_json_doc_split_min = 256 * 1024;

/*
 * The index just past the JSON string that opens at s[i]; len if unclosed.
 * Strings are most of an SBOM's bytes: memchr finds each candidate closing
 * quote, which closes the string unless an odd run of backslashes escapes it.
 */
static size_t skip_string(const char *s, size_t i, size_t len)
{
	const char *quote;
	size_t start = i + 1, at, backslashes;

	for (i = start; i < len; i = at + 1) {
		if (!(quote = memchr(s + i, '"', len - i)))
			break;
		at = (size_t)(quote - s);
		for (backslashes = 0; at - backslashes > start && s[at - backslashes - 1] == '\\';)
			backslashes++;
		if (backslashes % 2 == 0)
			return at + 1;
	}
	return len;
}

/* Where to cut: the largest array member of the root object, by bytes. */
typedef struct cut {
	size_t key, key_end; /* its key's string, quotes included */
	size_t open, close;  /* its brackets */
	size_t comma;        /* the element separator nearest its middle */
} cut;

/* The separator of the array s[c->open..c->close] nearest its middle. */
static bool find_comma(const char *s, cut *c)
{
	size_t i, depth = 0, middle = c->open + (c->close - c->open) / 2;

	c->comma = 0;
	for (i = c->open + 1; i < c->close; i++) {
		if (s[i] == '"')
			i = skip_string(s, i, c->close) - 1;
		else if (s[i] == '{' || s[i] == '[')
			depth++;
		else if (s[i] == '}' || s[i] == ']')
			depth--;
		else if (s[i] == ',' && !depth && (c->comma = i) >= middle)
			break;
	}
	return c->comma != 0;
}

static bool is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}

/*
 * The dropped comma must have an element on each side: "[,2]" cut there
 * would leave "[]" and "[[2]]", both valid, from a text that is not.
 */
static bool separates(const char *s, const cut *c)
{
	size_t before = c->comma, after = c->comma + 1;

	while (before > c->open + 1 && is_space(s[before - 1]))
		before--;
	while (after < c->close && is_space(s[after]))
		after++;
	return before > c->open + 1 && after < c->close;
}

/*
 * Only a structural scan (strings, brackets): the text is not known to be
 * JSON here, and whatever jansson then makes of the pieces, any failure
 * sends the whole text to the ordinary parse.
 */
static bool find_cut(const char *s, size_t len, cut *c)
{
	size_t i = 0, depth = 0, best = 0, key = 0, key_end = 0, open = 0;

	while (i < len && is_space(s[i]))
		i++;
	if (i == len || s[i] != '{')
		return false;
	for (; i < len; i++) {
		if (s[i] == '"') {
			size_t end = skip_string(s, i, len);

			if (depth == 1) {
				key = i;
				key_end = end;
			}
			i = end - 1;
		} else if (s[i] == '{' || s[i] == '[') {
			if (depth++ == 1 && s[i] == '[')
				open = i;
		} else if (s[i] == '}' || s[i] == ']') {
			if (!depth--)
				return false;
			if (depth == 1 && s[i] == ']' && i - open > best) {
				best = i - open;
				*c = (cut){ key, key_end, open, i, 0 };
			}
		}
	}
	return best && !depth && find_comma(s, c) && separates(s, c);
}

typedef struct half_job {
	char *text;
	size_t len;
	vg_json_doc *doc;
} half_job;

static void parse_half(void *arg)
{
	half_job *job = arg;

	if (parse_whole(job->text, job->len, "", &job->doc) != VG_OK)
		vg_error_clear();
}

/* The key of the cut array, unescaped by jansson itself. */
static json_t *cut_array(const char *s, const cut *c, json_t *root)
{
	json_t *key = json_loadb(s + c->key, c->key_end - c->key, JSON_DECODE_ANY, NULL);
	json_t *array = json_is_string(key) ? json_object_get(root, json_string_value(key)) : NULL;

	json_decref(key);
	return json_is_array(array) ? array : NULL;
}

/*
 * Text A is the document with the array cut after its first half; text B is
 * the second half wrapped in "[[" "]]", so that its elements sit as deep as
 * in the document (jansson's depth limit applies alike).  B is parsed on a
 * second thread, then its elements are appended to A's array, in A's arena.
 * Both texts are the document's bytes but one comma, with an element on
 * each side of it (separates()), so a document jansson
 * rejects fails here too, and then the whole text is parsed as ever, for the
 * same result and the same message.
 */
static bool parse_split(const char *data, size_t len, vg_json_doc **out)
{
	cut c = { 0 };
	size_t a_len, b_len;
	char *a = NULL;
	half_job job = { 0 };
	vg_thread thread;
	vg_json_doc *doc = NULL;
	json_t *first, *second;
	bool ok = false;

	if (!find_cut(data, len, &c))
		return false;
	a_len = c.comma + (len - c.close);
	b_len = (c.close - c.comma - 1) + 4;
	a = malloc(a_len);
	job.text = malloc(b_len);
	if (a && job.text) {
		memcpy(a, data, c.comma);
		memcpy(a + c.comma, data + c.close, len - c.close);
		memcpy(job.text, "[[", 2);
		memcpy(job.text + 2, data + c.comma + 1, c.close - c.comma - 1);
		memcpy(job.text + b_len - 2, "]]", 2);
		job.len = b_len;
		if (vg_thread_start(&thread, parse_half, &job) == VG_OK) {
			if (parse_whole(a, a_len, "", &doc) != VG_OK)
				vg_error_clear();
			vg_thread_join(&thread);
		} else {
			vg_error_clear();
		}
	}
	first = doc ? cut_array(data, &c, doc->root) : NULL;
	second = job.doc ? json_array_get(job.doc->root, 0) : NULL;
	if (first && json_is_array(second)) {
		/* The array grows in A's arena; its old table is arena memory too. */
		parsing = doc->arena ? doc : NULL;
		ok = json_array_extend(first, second) == 0;
		parsing = NULL;
	}
	if (ok) {
		doc->half = job.doc;
		*out = doc;
	} else {
		vg_json_doc_free(doc);
		vg_json_doc_free(job.doc);
	}
	free(a);
	free(job.text);
	return ok;
}

int vg_json_doc_parse(const char *data, size_t len, const char *name, vg_json_doc **out)
{
	*out = NULL;
	if (len >= vg_json_doc_split_min && parse_split(data, len, out))
		return VG_OK;
	return parse_whole(data, len, name, out);
}

json_t *vg_json_doc_root(const vg_json_doc *doc)
{
	return doc->root;
}

void vg_json_doc_free(vg_json_doc *doc)
{
	block *b, *next;

	if (!doc)
		return;
	if (!doc->arena)
		json_decref(doc->root);
	vg_json_doc_free(doc->half);
	for (b = doc->blocks; b; b = next) {
		next = b->next;
		free(b);
	}
	free(doc);
}
