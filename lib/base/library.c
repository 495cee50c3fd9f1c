/*
 * library.c - a shared library's functions loaded into a table (see
 * vigil/library.h).
 */
#include "vigil/library.h"
#include "vigil/error.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

/* Only the first vg_library_open() of a library loads it; this lock makes
 * the others wait for its result.  (A few calls per import or transfer.) */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static int load(const char *soname, const vg_library_symbol *symbols, size_t count,
		void *table, const char *needed)
{
	void *lib = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
	const char *why;
	void *fn;
	size_t i;

	if (!lib) {
		why = dlerror();
		return vg_error_set(VG_EUNSUPPORTED, "cannot load %s: %s", soname,
				    why ? why : "unknown error");
	}
	for (i = 0; i < count; i++) {
		if (!(fn = dlsym(lib, symbols[i].symbol)))
			/* the library stays loaded: dlclose would gain nothing */
			return vg_error_set(VG_EUNSUPPORTED, "%s has no %s (%s needed)", soname,
					    symbols[i].symbol, needed);
		/* POSIX: a function pointer and void * convert through memcpy. */
		memcpy((char *)table + symbols[i].offset, &fn, sizeof(fn));
	}
	return VG_OK;
}

int vg_library_open(vg_library *lib)
{
	pthread_mutex_lock(&lock);
	if (!lib->state) {
		lib->state = 1;
		if (load(lib->soname, lib->symbols, lib->count, lib->table, lib->needed) != VG_OK) {
			lib->state = -1;
			snprintf(lib->failure, sizeof(lib->failure), "%s", vg_error_message());
		}
	}
	pthread_mutex_unlock(&lock);
	if (lib->state < 0)
		return vg_error_set(VG_EUNSUPPORTED, "%s", lib->failure);
	return VG_OK;
}
