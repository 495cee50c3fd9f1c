/*
 * report_util.c - JSON building, VEX status names and advisory addresses
 * shared by the scan writers (see report_util.h).
 */
#include "report_util.h"

#include "vigil/buf.h"
#include "vigil/error.h"
#include "vigil/str.h"
#include "vigil/thread.h"

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

#define DUMP_FLAGS (VG_JSON_DUMP_FLAGS | JSON_ENCODE_ANY)

/*
 * value dumped into doc->value at depth 0, by one json_dumpb() into a
 * buffer kept from value to value.  jansson's callback dump hands over each
 * token on its own, a dozen calls per member; the bench scan's JSON report
 * (5,577 findings) took 49.5 ms that way, 47.5 this way.
 */
static int dump_value(vg_scanrep_doc *doc, const json_t *value)
{
	size_t need = json_dumpb(value, doc->value.ptr, doc->value.cap, DUMP_FLAGS);

	if (need == 0)
		return VG_ENOMEM;
	if (need >= doc->value.cap) {
		doc->value.len = 0;
		if (vg_buf_grow(&doc->value, need))
			return VG_ENOMEM;
		need = json_dumpb(value, doc->value.ptr, doc->value.cap, DUMP_FLAGS);
	}
	doc->value.len = need;
	return VG_OK;
}

/* doc->value appended to the document, each line after the first
 * `indent` (<= 8) spaces deeper. */
static int put_indented(vg_scanrep_doc *doc, size_t indent)
{
	static const char spaces[] = "        ";
	const char *text = doc->value.ptr, *nl;
	size_t len = doc->value.len;
	int rc = VG_OK;

	while (rc == VG_OK && (nl = memchr(text, '\n', len))) {
		rc = vg_buf_put(&doc->text, text, (size_t)(nl - text) + 1);
		if (rc == VG_OK)
			rc = vg_buf_put(&doc->text, spaces, indent);
		len -= (size_t)(nl - text) + 1;
		text = nl + 1;
	}
	return rc == VG_OK ? vg_buf_put(&doc->text, text, len) : rc;
}

/* Write value (consumed) at `indent`, after `lead` (separator and key). */
static int put_value(vg_scanrep_doc *doc, const char *lead, json_t *value, size_t indent)
{
	if (doc->rc == VG_OK && !value)
		doc->rc = failed_value();
	if (doc->rc == VG_OK && (vg_buf_puts(&doc->text, lead) || dump_value(doc, value) ||
				 put_indented(doc, indent)))
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

/* Below this many elements a second thread costs more than it saves. */
#define ELEMENTS_TWO_THREADS_MIN 512

/* A run of elements written into a document of its own (its text is the
 * run's part of the array); the error message is thread-local, so kept. */
typedef struct element_run {
	vg_scanrep_doc part;
	size_t from, to;
	json_t *(*make)(size_t i, void *ctx);
	void *ctx;
	char message[VG_ERROR_MAX];
} element_run;

static void write_elements(void *arg)
{
	element_run *r = arg;
	size_t i;

	for (i = r->from; i < r->to && r->part.rc == VG_OK; i++)
		vg_scanrep_element(&r->part, r->make(i, r->ctx));
	if (r->part.rc)
		snprintf(r->message, sizeof(r->message), "%s", vg_error_message());
}

int vg_scanrep_elements(vg_scanrep_doc *doc, size_t count,
			json_t *(*make)(size_t i, void *ctx), void *ctx)
{
	element_run runs[2];
	vg_thread thread;
	bool two = count >= ELEMENTS_TWO_THREADS_MIN;
	size_t i;

	if (doc->rc)
		return doc->rc;
	memset(runs, 0, sizeof(runs));
	for (i = 0; i < 2; i++) {
		runs[i].part.text = runs[i].part.value = (vg_buf)VG_BUF_INIT;
		runs[i].make = make;
		runs[i].ctx = ctx;
	}
	runs[0].part.in_array = doc->in_array;
	runs[0].to = runs[1].from = count / 2;
	runs[1].to = count;
	/* a non-zero count makes the second run's first element start with a comma */
	runs[1].part.in_array = doc->in_array + runs[1].from;
	if (two && vg_thread_start(&thread, write_elements, &runs[1]) != VG_OK) {
		vg_error_clear();
		two = false;
	}
	if (!two)
		runs[0].to = count;
	write_elements(&runs[0]);
	if (two)
		vg_thread_join(&thread);
	for (i = 0; i < 2 && doc->rc == VG_OK; i++) {
		if (runs[i].part.rc)
			doc->rc = vg_error_set(runs[i].part.rc, "%s", runs[i].message);
		else if (vg_buf_put(&doc->text, runs[i].part.text.ptr, runs[i].part.text.len))
			doc->rc = vg_error_set(VG_ENOMEM, "out of memory serialising JSON");
	}
	for (i = 0; i < 2; i++) {
		vg_buf_free(&runs[i].part.text);
		vg_buf_free(&runs[i].part.value);
	}
	doc->in_array += count;
	return doc->rc;
}

int vg_scanrep_array_end(vg_scanrep_doc *doc)
{
	if (doc->rc == VG_OK && vg_buf_puts(&doc->text, doc->in_array ? "\n  ]" : "]"))
		doc->rc = vg_error_set(VG_ENOMEM, "out of memory serialising JSON");
	return doc->rc;
}

int vg_scanrep_doc_finish(vg_scanrep_doc *doc, char **out)
{
	vg_buf_free(&doc->value);
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
