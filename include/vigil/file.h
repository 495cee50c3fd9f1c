/*
 * vigil/file.h - reading whole files and writing files atomically.
 *
 * Output files are never half-written: vg_afile writes to a temporary file
 * beside the target, fsyncs it, renames it over the target and fsyncs the
 * directory.  Until vg_afile_commit() succeeds the target is untouched; a
 * crash leaves at worst a stray ".NAME.tmp-XXXXXX" file beside it.
 *
 * Error messages name the file: "out.json: cannot rename: No space left".
 */
#ifndef VIGIL_FILE_H
#define VIGIL_FILE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Read the whole file at `path` into a malloc'd, NUL-terminated buffer.
 * Fails with VG_ELIMIT when the file is larger than `max` bytes (0: no limit).
 * `path` "-" reads standard input.
 */
int vg_file_read(const char *path, size_t max, char **data, size_t *len);

typedef struct vg_afile vg_afile;

/* Start writing `path` atomically; mode is the final file's permissions. */
int vg_afile_open(vg_afile **out, const char *path, unsigned mode);
int vg_afile_write(vg_afile *f, const void *data, size_t len);
/* Make the new content visible under the target name; frees f. */
int vg_afile_commit(vg_afile *f);
/* Throw the new content away, leave the target as it was; frees f. */
void vg_afile_abort(vg_afile *f);

/* Write `len` bytes to `path` atomically (mode 0644). */
int vg_file_write_atomic(const char *path, const void *data, size_t len);

/* Write to standard output when path is NULL or "-", else atomically to path. */
int vg_file_write_output(const char *path, const void *data, size_t len);

#ifdef __cplusplus
}
#endif
#endif
