/*
 * archive_load.h - libarchive, loaded the first time a module reads or
 * writes an archive (archive_load.c).  Internal to libvigil: the sbom, vuln
 * and artifact modules call libarchive only through this table, so that
 * programs which never touch an archive do not load it.
 *
 * <archive.h> and <archive_entry.h> are included for their types and
 * constants only (struct archive, la_ssize_t, ARCHIVE_OK, AE_IFREG...);
 * calling one of their functions directly would link libarchive again.
 */
#ifndef VG_ARCHIVE_ARCHIVE_LOAD_H
#define VG_ARCHIVE_ARCHIVE_LOAD_H

#include "vigil/library.h"

#include <archive.h>
#include <archive_entry.h>
#include <stddef.h>
#include <sys/types.h>
#include <time.h>

/* The libarchive functions libvigil calls, named as in libarchive minus
 * the "archive_" prefix. */
typedef struct vg_libarchive {
	struct archive *(*read_new)(void);
	int (*read_support_filter_all)(struct archive *a);
	int (*read_support_filter_gzip)(struct archive *a);
	int (*read_support_filter_xz)(struct archive *a);
	int (*read_support_filter_zstd)(struct archive *a);
	int (*read_support_format_raw)(struct archive *a);
	int (*read_support_format_tar)(struct archive *a);
	int (*read_support_format_zip)(struct archive *a);
	int (*read_open)(struct archive *a, void *ctx, archive_open_callback *open,
			 archive_read_callback *read, archive_close_callback *close);
	int (*read_open_filename)(struct archive *a, const char *path, size_t block_size);
	int (*read_open_memory)(struct archive *a, const void *buf, size_t size);
	int (*read_next_header)(struct archive *a, struct archive_entry **entry);
	la_int64_t (*read_header_position)(struct archive *a);
	la_ssize_t (*read_data)(struct archive *a, void *buf, size_t size);
	int (*read_data_block)(struct archive *a, const void **buf, size_t *size,
			       la_int64_t *offset);
	int (*read_free)(struct archive *a);
	struct archive *(*write_new)(void);
	int (*write_set_format_pax_restricted)(struct archive *a);
	int (*write_add_filter_gzip)(struct archive *a);
	int (*write_add_filter_xz)(struct archive *a);
	int (*write_add_filter_zstd)(struct archive *a);
	int (*write_add_filter_none)(struct archive *a);
	int (*write_set_filter_option)(struct archive *a, const char *module, const char *option,
				       const char *value);
	int (*write_set_bytes_in_last_block)(struct archive *a, int bytes);
	int (*write_open)(struct archive *a, void *ctx, archive_open_callback *open,
			  archive_write_callback *write, archive_close_callback *close);
	int (*write_header)(struct archive *a, struct archive_entry *entry);
	la_ssize_t (*write_data)(struct archive *a, const void *buf, size_t size);
	int (*write_close)(struct archive *a);
	int (*write_free)(struct archive *a);
	int (*filter_code)(struct archive *a, int index);
	const char *(*error_string)(struct archive *a);
	void (*set_error)(struct archive *a, int err, const char *fmt, ...)
		__attribute__((format(printf, 3, 4)));
	struct archive_entry *(*entry_new)(void);
	void (*entry_free)(struct archive_entry *e);
	const char *(*entry_pathname)(struct archive_entry *e);
	const char *(*entry_hardlink)(struct archive_entry *e);
	const char *(*entry_symlink)(struct archive_entry *e);
	mode_t (*entry_filetype)(struct archive_entry *e);
	la_int64_t (*entry_size)(struct archive_entry *e);
	int (*entry_size_is_set)(struct archive_entry *e);
	int (*entry_sparse_count)(struct archive_entry *e);
	void (*entry_set_pathname)(struct archive_entry *e, const char *path);
	void (*entry_set_filetype)(struct archive_entry *e, unsigned int type);
	void (*entry_set_perm)(struct archive_entry *e, mode_t perm);
	void (*entry_set_size)(struct archive_entry *e, la_int64_t size);
	void (*entry_set_mtime)(struct archive_entry *e, time_t sec, long nsec);
} vg_libarchive;

/*
 * The loaded functions (*out), loading libarchive on the first call; the
 * result is kept for the life of the process.  VG_EUNSUPPORTED with
 * dlerror()'s reason when the library or one of its functions is missing.
 * Thread-safe.
 */
int vg_libarchive_load(const vg_libarchive **out);

/* The table vg_libarchive_load() fills: each member's libarchive symbol and
 * offset in vg_libarchive (exposed for the unit test that checks it). */
extern const vg_library_symbol vg_libarchive_symbols[];
extern const size_t vg_libarchive_symbol_count;

#endif
