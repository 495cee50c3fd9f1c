/*
 * curl_load.c - libcurl, loaded (dlopen) the first time a transfer needs it
 * rather than linked into every vigil program.
 *
 * Why: libcurl brings some thirty libraries with it (GnuTLS, Kerberos,
 * LDAP, SASL, nghttp2, ...), many built with immediate binding, so merely
 * starting a program linked with it costs 4-5 ms of loading and symbol
 * resolution on the reference machine.  Only `vigil db update` and the
 * agent's downloads use HTTP; `vigil scan`, `vigil sbom` and the rest
 * should not pay for it on every run (a scan's whole target is 100 ms).
 *
 * The build still finds libcurl with pkg-config for its headers and checks
 * its version there; at run time the library is the ABI-stable
 * libcurl.so.4 every distribution ships.  Each function is looked up once;
 * a missing one is an error naming it, never a crash later.
 */
#include "curl_load.h"
#include "vigil/error.h"
#include "vigil/library.h"

#include <stddef.h>

static net_curl loaded;

/* Each member of net_curl and the libcurl symbol it is loaded from. */
static const vg_library_symbol functions[] = {
#define FN(member) { "curl_" #member, offsetof(net_curl, member) }
	FN(global_init),    FN(global_cleanup),      FN(easy_init),     FN(easy_setopt),
	FN(easy_getinfo),   FN(easy_header),         FN(easy_pause),    FN(easy_strerror),
	FN(easy_escape),    FN(easy_cleanup),        FN(multi_init),    FN(multi_add_handle),
	FN(multi_remove_handle), FN(multi_perform),  FN(multi_poll),    FN(multi_info_read),
	FN(multi_strerror), FN(multi_cleanup),       FN(slist_append),  FN(slist_free_all),
	FN(free),
#undef FN
};

static vg_library library = {
	"libcurl.so.4", functions, sizeof(functions) / sizeof(functions[0]), &loaded,
	"libcurl 7.83 or later", 0, "",
};

int net_curl_load(const net_curl **out)
{
	int rc = vg_library_open(&library);

	*out = rc == VG_OK ? &loaded : NULL;
	return rc;
}
