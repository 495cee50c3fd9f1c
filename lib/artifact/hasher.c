/*
 * hasher.c - SHA-256 on a second thread (artifact_internal.h).
 *
 * The reader's main thread reads, untars and inflates the payload; hashing
 * it costs about as much again.  Doing both on one core adds the two; here the
 * main thread copies each piece into a bounded ring of buffers and a helper
 * thread hashes them, so the two overlap.  The copy is the price (a memcpy is
 * ~10x faster than SHA-256).  Memory is fixed: VG_HASHER_SLOTS buffers of
 * VG_HASHER_SLOT_SIZE bytes.
 *
 * Ring discipline (one producer, one consumer, one mutex): `pending` slots,
 * starting at `next_hash`, are full and waiting for or under hashing; the
 * producer's slot is the one after them, so it is never one being hashed.
 * The digest context is touched by the helper only while pending > 0 and by
 * the producer only when pending == 0, both under the mutex's ordering.
 */
#include "artifact_internal.h"
#include "vigil/error.h"

#include <openssl/evp.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct vg_hasher {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond; /* pending changed, or stop */
	EVP_MD_CTX *md;
	unsigned next_hash, pending;
	bool stop, failed;
	size_t len[VG_HASHER_SLOTS];
	unsigned char *slot[VG_HASHER_SLOTS];
};

static void *hash_loop(void *arg)
{
	vg_hasher *h = arg;

	pthread_mutex_lock(&h->lock);
	for (;;) {
		while (!h->pending && !h->stop)
			pthread_cond_wait(&h->cond, &h->lock);
		if (h->stop)
			break;
		unsigned i = h->next_hash;
		pthread_mutex_unlock(&h->lock);
		int ok = EVP_DigestUpdate(h->md, h->slot[i], h->len[i]) == 1;
		pthread_mutex_lock(&h->lock);
		h->failed |= !ok;
		h->next_hash = (i + 1) % VG_HASHER_SLOTS;
		h->pending--;
		pthread_cond_broadcast(&h->cond);
	}
	pthread_mutex_unlock(&h->lock);
	return NULL;
}

int vg_hasher_new(vg_hasher **out)
{
	vg_hasher *h = calloc(1, sizeof(*h));
	bool ok = h && (h->md = EVP_MD_CTX_new());

	*out = NULL;
	for (unsigned i = 0; ok && i < VG_HASHER_SLOTS; i++)
		ok = (h->slot[i] = malloc(VG_HASHER_SLOT_SIZE)) != NULL;
	if (ok && pthread_mutex_init(&h->lock, NULL)) {
		ok = false;
	} else if (ok && pthread_cond_init(&h->cond, NULL)) {
		pthread_mutex_destroy(&h->lock);
		ok = false;
	} else if (ok && pthread_create(&h->thread, NULL, hash_loop, h)) {
		pthread_cond_destroy(&h->cond);
		pthread_mutex_destroy(&h->lock);
		ok = false;
	}
	if (!ok) {
		if (h) {
			for (unsigned i = 0; i < VG_HASHER_SLOTS; i++)
				free(h->slot[i]);
			EVP_MD_CTX_free(h->md);
		}
		free(h);
		return vg_error_set(VG_ENOMEM, "cannot start the hashing thread");
	}
	*out = h;
	return VG_OK;
}

/* Wait until the helper has hashed everything pushed; called with the lock held. */
static void drain(vg_hasher *h)
{
	while (h->pending)
		pthread_cond_wait(&h->cond, &h->lock);
}

int vg_hasher_init(vg_hasher *h)
{
	int ok;

	pthread_mutex_lock(&h->lock);
	drain(h);
	h->failed = false;
	ok = EVP_DigestInit_ex(h->md, EVP_sha256(), NULL) == 1;
	pthread_mutex_unlock(&h->lock);
	return ok ? VG_OK : vg_error_set(VG_ERROR, "SHA-256 unavailable");
}

unsigned char *vg_hasher_buffer(vg_hasher *h)
{
	unsigned char *b;

	pthread_mutex_lock(&h->lock);
	while (h->pending == VG_HASHER_SLOTS)
		pthread_cond_wait(&h->cond, &h->lock);
	b = h->slot[(h->next_hash + h->pending) % VG_HASHER_SLOTS];
	pthread_mutex_unlock(&h->lock);
	return b;
}

void vg_hasher_push(vg_hasher *h, size_t len)
{
	pthread_mutex_lock(&h->lock);
	h->len[(h->next_hash + h->pending) % VG_HASHER_SLOTS] = len;
	h->pending++;
	pthread_cond_broadcast(&h->cond);
	pthread_mutex_unlock(&h->lock);
}

int vg_hasher_final(vg_hasher *h, unsigned char md[32])
{
	bool ok;

	pthread_mutex_lock(&h->lock);
	drain(h);
	ok = !h->failed && EVP_DigestFinal_ex(h->md, md, NULL) == 1;
	pthread_mutex_unlock(&h->lock);
	return ok ? VG_OK : vg_error_set(VG_ERROR, "SHA-256 failed");
}

void vg_hasher_free(vg_hasher *h)
{
	if (!h)
		return;
	pthread_mutex_lock(&h->lock);
	h->stop = true;
	pthread_cond_broadcast(&h->cond);
	pthread_mutex_unlock(&h->lock);
	pthread_join(h->thread, NULL);
	pthread_cond_destroy(&h->cond);
	pthread_mutex_destroy(&h->lock);
	for (unsigned i = 0; i < VG_HASHER_SLOTS; i++)
		free(h->slot[i]);
	EVP_MD_CTX_free(h->md);
	free(h);
}
