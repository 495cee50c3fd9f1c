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
 */
#include "vigil/json.h"
#include "vigil/error.h"

#include <pthread.h>
#include <stdalign.h>
#include <stddef.h>
#include <stdlib.h>

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

int vg_json_doc_parse(const char *data, size_t len, const char *name, vg_json_doc **out)
{
	vg_json_doc *doc = calloc(1, sizeof(*doc));
	int rc;

	*out = NULL;
	if (!doc)
		return vg_error_set(VG_ENOMEM, "out of memory");
	pthread_once(&install_once, install);
	doc->arena = installed;
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
	for (b = doc->blocks; b; b = next) {
		next = b->next;
		free(b);
	}
	free(doc);
}
