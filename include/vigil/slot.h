/*
 * vigil/slot.h - streaming an image into an inactive A/B slot.
 *
 * A slot is a block device, a partition or (in tests) a regular file.  The
 * writer takes payload bytes in pieces as they are verified, writes them at
 * the start of the slot, and on finish makes them durable (fsync) and, for a
 * regular file, cuts it to the written length.  It never reads or holds more
 * than the caller's piece, so memory stays flat whatever the image size.
 * The agent also stores an update module's payload files with it.
 */
#ifndef VIGIL_SLOT_H
#define VIGIL_SLOT_H
#include <stddef.h>
#include <stdint.h>
#ifdef __cplusplus
extern "C" {
#endif

typedef struct vg_slot_writer vg_slot_writer;

/* Open `path` (which must exist) for writing from offset 0. */
int vg_slot_writer_open(vg_slot_writer **out, const char *path);
int vg_slot_writer_write(vg_slot_writer *w, const void *data, size_t len);
uint64_t vg_slot_writer_written(const vg_slot_writer *w);
/*
 * Make the image durable; `sha256_hex` (65 bytes, may be NULL) receives the
 * SHA-256 of the bytes written.  Frees w, also on failure.
 */
int vg_slot_writer_finish(vg_slot_writer *w, char sha256_hex[65]);
/* Stop writing; the slot holds a partial image (never booted).  Frees w. */
void vg_slot_writer_abort(vg_slot_writer *w);

/* SHA-256 (hex) of the first `len` bytes of `path` (len 0: whole file). */
int vg_slot_hash(const char *path, uint64_t len, char sha256_hex[65]);

#ifdef __cplusplus
}
#endif
#endif
