/*
 * vigil/library.h - a shared library loaded (dlopen) when first needed,
 * its functions into a table of pointers.
 *
 * libvigil loads libcurl and libarchive this way rather than linking them,
 * so that the programs that never download or touch an archive do not load
 * the dozens of libraries they bring (lib/net/curl_load.c,
 * lib/archive/archive_load.c say what it saves).  The caller describes its
 * table in a static vg_library, one vg_library_symbol per member, and calls
 * vg_library_open() wherever it needs the table: the first call loads it,
 * later calls give the same result (a failure's message included).
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

/* A library and the table its functions load into.  The first five
 * members are the caller's; the rest belong to vg_library_open(). */
typedef struct vg_library {
	const char *soname;		   /* "libcurl.so.4" */
	const vg_library_symbol *symbols; /* one per member of `table` */
	size_t count;
	void *table;
	const char *needed; /* "libcurl 7.83 or later", for the messages */
	int state;	    /* 0 not tried yet, 1 loaded, -1 failed */
	char failure[256];  /* why it failed */
} vg_library;

/*
 * Load `lib` on the first call from any thread; VG_OK once its table is
 * complete.  Otherwise VG_EUNSUPPORTED naming the library or the first
 * missing function and `needed`, on this and every later call; the table
 * may then be partly filled, so use none of it.
 */
int vg_library_open(vg_library *lib);

#ifdef __cplusplus
}
#endif

#endif
