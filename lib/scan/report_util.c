/*
 * report_util.c - JSON building, VEX status names and advisory addresses
 * shared by the scan writers (see report_util.h).
 */
#include "report_util.h"

#include "vigil/buf.h"
#include "vigil/error.h"
#include "vigil/str.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

json_t *vg_scanrep_pack(const char *what, const char *fmt, ...)
{
	json_error_t err;
	json_t *v;
	va_list ap;

	va_start(ap, fmt);
	v = json_vpack_ex(&err, 0, fmt, ap);
	va_end(ap);
	if (!v)
		vg_error_set(json_error_code(&err) == json_error_out_of_memory ? VG_ENOMEM : VG_EINVAL,
			     "%s: %s", what, err.text);
	return v;
}

/* A NULL value means its builder (vg_scanrep_pack) failed and recorded why. */
static int failed_value(void)
{
	return vg_error_last()->code ? vg_error_last()->code
				     : vg_error_set(VG_ENOMEM, "out of memory building JSON");
}

int vg_scanrep_set(json_t *obj, const char *key, json_t *value)
{
	if (!value)
		return failed_value();
	if (json_object_set_new(obj, key, value))
		return vg_error_set(VG_ENOMEM, "out of memory building JSON");
	return VG_OK;
}

int vg_scanrep_append(json_t *arr, json_t *value)
{
	if (!value)
		return failed_value();
	if (json_array_append_new(arr, value))
		return vg_error_set(VG_ENOMEM, "out of memory building JSON");
	return VG_OK;
}

json_t *vg_scanrep_strings(const vg_strlist *list, const char *what)
{
	json_t *arr = vg_scanrep_pack(what, "[]");
	size_t i;

	for (i = 0; arr && i < list->count; i++) {
		if (vg_scanrep_append(arr, vg_scanrep_pack(what, "s", list->items[i]))) {
			json_decref(arr);
			arr = NULL;
		}
	}
	return arr;
}

int vg_scanrep_finish(json_t *doc, char **out)
{
	char *text = vg_json_dump(doc);

	json_decref(doc);
	if (!text)
		return vg_error_set(VG_ENOMEM, "out of memory serialising JSON");
	*out = text;
	return VG_OK;
}

char *vg_scanrep_uri_encode(const char *s, const char *keep)
{
	static const char hex[] = "0123456789ABCDEF";
	vg_buf b = VG_BUF_INIT;
	unsigned char c;
	int rc = vg_buf_puts(&b, "");

	for (; !rc && *s; s++) {
		c = (unsigned char)*s;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    strchr("-._~", c) || strchr(keep, c))
			rc = vg_buf_putc(&b, (char)c);
		else
			rc = vg_buf_printf(&b, "%%%c%c", hex[c >> 4], hex[c & 15]);
	}
	if (rc) {
		vg_buf_free(&b);
		return NULL;
	}
	return vg_buf_detach(&b);
}

char *vg_scanrep_advisory_url(const char *id, const char **source_name)
{
	static const struct {
		const char *prefix, *name, *url;
	} dbs[] = {
		{ "CVE-", "NVD", "https://nvd.nist.gov/vuln/detail/" },
		{ "GHSA-", "GitHub Advisories", "https://github.com/advisories/" },
		{ "DSA-", "Debian Security Tracker", "https://security-tracker.debian.org/tracker/" },
		{ "DLA-", "Debian Security Tracker", "https://security-tracker.debian.org/tracker/" },
		{ "DTSA-", "Debian Security Tracker", "https://security-tracker.debian.org/tracker/" },
		/* everything else (PYSEC, GO, RUSTSEC, ALPINE ...) is served by OSV */
		{ "", "OSV", "https://osv.dev/vulnerability/" },
	};
	char *enc, *url;
	size_t i = 0;

	while (!vg_str_starts_with(id, dbs[i].prefix))
		i++;
	*source_name = dbs[i].name;
	if (!(enc = vg_scanrep_uri_encode(id, "")))
		return NULL;
	url = vg_strdup_printf("%s%s", dbs[i].url, enc);
	free(enc);
	return url;
}
