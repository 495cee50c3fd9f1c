/*
 * library.c - a shared library's functions loaded into a table (see
 * vigil/library.h).
 */
#include "vigil/library.h"
#include "vigil/error.h"

#include <dlfcn.h>
#include <string.h>

int vg_library_load(const char *soname, const vg_library_symbol *symbols, size_t count,
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
