/*
 * curl_load.h - libcurl, loaded the first time a transfer needs it
 * (curl_load.c).  Internal to lib/net.
 */
#ifndef VG_NET_CURL_LOAD_H
#define VG_NET_CURL_LOAD_H

#include <curl/curl.h>

/* The libcurl functions the net module calls, named as in libcurl minus
 * the "curl_" prefix. */
typedef struct net_curl {
	CURLcode (*global_init)(long flags);
	void (*global_cleanup)(void);
	CURL *(*easy_init)(void);
	CURLcode (*easy_setopt)(CURL *easy, CURLoption option, ...);
	CURLcode (*easy_getinfo)(CURL *easy, CURLINFO info, ...);
	CURLHcode (*easy_header)(CURL *easy, const char *name, size_t index, unsigned int origin,
				 int request, struct curl_header **hout);
	CURLcode (*easy_pause)(CURL *easy, int bitmask);
	const char *(*easy_strerror)(CURLcode code);
	char *(*easy_escape)(CURL *easy, const char *string, int length);
	void (*easy_cleanup)(CURL *easy);
	CURLM *(*multi_init)(void);
	CURLMcode (*multi_add_handle)(CURLM *multi, CURL *easy);
	CURLMcode (*multi_remove_handle)(CURLM *multi, CURL *easy);
	CURLMcode (*multi_perform)(CURLM *multi, int *running);
	CURLMcode (*multi_poll)(CURLM *multi, struct curl_waitfd extra[], unsigned int n,
				int timeout_ms, int *ret);
	CURLMsg *(*multi_info_read)(CURLM *multi, int *left);
	const char *(*multi_strerror)(CURLMcode code);
	CURLMcode (*multi_cleanup)(CURLM *multi);
	struct curl_slist *(*slist_append)(struct curl_slist *list, const char *string);
	void (*slist_free_all)(struct curl_slist *list);
	void (*free)(void *p);
} net_curl;

/*
 * The loaded functions (*out), loading libcurl on the first call; the
 * result is kept for the life of the process.  VG_EUNSUPPORTED with
 * dlerror()'s reason when the library or one of its functions is missing.
 * Thread-safe.
 */
int net_curl_load(const net_curl **out);

#endif
