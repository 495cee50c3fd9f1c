/*
 * vigil/library.h - a shared library loaded (dlopen) when first needed,
 * its functions into a table of pointers.
 *
 * libvigil loads libcurl and libarchive this way rather than linking them,
 * so that the programs that never download or touch an archive do not load
 * the dozens of libraries they bring (lib/net/curl_load.c,
 * lib/archive/archive_load.c say what it saves).  The caller describes its
 * table with one vg_library_symbol per member and loads it once (e.g. in
 * pthread_once), keeping the message of a failure for later callers.
 */
#ifndef VIGIL_LIBRARY_H
#define VIGIL_LIBRARY_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A member of the caller's table of function pointers and its symbol. */
typedef struct vg_library_symbol {
	const char *symbol;
	size_t offset; /* offsetof(table type, member) */
} vg_library_symbol;

/*
 * Load `soname` and each of `symbols` into `table`.  VG_OK, or
 * VG_EUNSUPPORTED naming the library or the first missing function and
 * `needed` ("libcurl 7.83 or later"); the library then stays loaded and
 * the table is partly filled, so use none of it.
 */
int vg_library_load(const char *soname, const vg_library_symbol *symbols, size_t count,
		    void *table, const char *needed);

#ifdef __cplusplus
}
#endif

#endif
