/*
 * report_util.c - JSON building, VEX status names and advisory addresses
 * shared by the scan writers (see report_util.h).
 */
#include "report_util.h"

#include "vigil/buf.h"
#include "vigil/error.h"
#include "vigil/str.h"

#include <stdarg.h>
#include <stdio.h>
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

/* json_dump_callback() output, re-indented to sit `indent` (<= 8) spaces deep. */
typedef struct indented {
	vg_buf *out;
	size_t indent;
} indented;

static int put_indented(const char *text, size_t len, void *arg)
{
	static const char spaces[] = "        ";
	indented *to = arg;
	const char *nl;
	int rc = VG_OK;

	while (rc == VG_OK && (nl = memchr(text, '\n', len))) {
		rc = vg_buf_put(to->out, text, (size_t)(nl - text) + 1);
		if (rc == VG_OK)
			rc = vg_buf_put(to->out, spaces, to->indent);
		len -= (size_t)(nl - text) + 1;
		text = nl + 1;
	}
	if (rc == VG_OK)
		rc = vg_buf_put(to->out, text, len);
	return rc ? -1 : 0;
}

/* Write value (consumed) at `indent`, after `lead` (separator and key). */
static int put_value(vg_scanrep_doc *doc, const char *lead, json_t *value, size_t indent)
{
	indented to = { &doc->text, indent };

	if (doc->rc == VG_OK && !value)
		doc->rc = failed_value();
	if (doc->rc == VG_OK && (vg_buf_puts(&doc->text, lead) ||
				 json_dump_callback(value, put_indented, &to,
						    JSON_INDENT(2) | JSON_PRESERVE_ORDER |
							    JSON_ENCODE_ANY | JSON_REAL_PRECISION(15))))
		doc->rc = vg_error_set(VG_ENOMEM, "out of memory serialising JSON");
	json_decref(value);
	return doc->rc;
}

static const char *member_lead(vg_scanrep_doc *doc)
{
	return doc->in_object++ ? ",\n  " : "{\n  ";
}

int vg_scanrep_member(vg_scanrep_doc *doc, const char *key, json_t *value)
{
	char lead[128];

	snprintf(lead, sizeof(lead), "%s\"%s\": ", member_lead(doc), key);
	return put_value(doc, lead, value, 2);
}

int vg_scanrep_array_begin(vg_scanrep_doc *doc, const char *key)
{
	const char *lead = member_lead(doc);

	doc->in_array = 0;
	if (doc->rc == VG_OK && vg_buf_printf(&doc->text, "%s\"%s\": [", lead, key))
		doc->rc = vg_error_set(VG_ENOMEM, "out of memory serialising JSON");
	return doc->rc;
}

int vg_scanrep_element(vg_scanrep_doc *doc, json_t *value)
{
	return put_value(doc, doc->in_array++ ? ",\n    " : "\n    ", value, 4);
}

int vg_scanrep_array_end(vg_scanrep_doc *doc)
{
	if (doc->rc == VG_OK && vg_buf_puts(&doc->text, doc->in_array ? "\n  ]" : "]"))
		doc->rc = vg_error_set(VG_ENOMEM, "out of memory serialising JSON");
	return doc->rc;
}

int vg_scanrep_doc_finish(vg_scanrep_doc *doc, char **out)
{
	if (doc->rc == VG_OK && vg_buf_puts(&doc->text, doc->in_object ? "\n}\n" : "{}\n"))
		doc->rc = vg_error_set(VG_ENOMEM, "out of memory serialising JSON");
	if (doc->rc) {
		vg_buf_free(&doc->text);
		return doc->rc;
	}
	*out = vg_buf_detach(&doc->text);
	return VG_OK;
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
