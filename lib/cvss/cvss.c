/*
 * cvss.c - the version-independent part of the CVSS module: recognising the
 * version, parsing NAME:VALUE components against the version's metric table,
 * printing the normal form, severity bands.  See vigil/cvss.h.
 */
#include "cvss_internal.h"
#include "vigil/buf.h"
#include "vigil/error.h"

#include <math.h>
#include <string.h>

static const cvss_version *version_def(vg_cvss_version v)
{
	switch (v) {
	case VG_CVSS_V2: return &cvss_v2;
	case VG_CVSS_V3_0: return &cvss_v30;
	case VG_CVSS_V3_1: return &cvss_v31;
	case VG_CVSS_V4_0: return &cvss_v40;
	}
	return NULL;
}

const char *cvss_value_name(const vg_cvss *c, int m)
{
	return version_def(c->version)->metrics[m].values[cvss_value(c, m)];
}

double cvss_round1(double x)
{
	/* Scores are sums and products of short decimals; a true .x5 can come out
	 * as .x4999...  in binary, so nudge by far less than any real difference. */
	return floor(x * 10.0 + 0.5 + 1e-9) / 10.0;
}

/* Quote at most 16 bytes of user input for a message, '?' for non-printables. */
static const char *quote(char out[20], const char *s, size_t n)
{
	size_t i, k = n > 16 ? 16 : n;

	for (i = 0; i < k; i++)
		out[i] = (s[i] > 0x20 && s[i] < 0x7f) ? s[i] : '?';
	if (n > k)
		memcpy(out + k, "...", 3), k += 3;
	out[k] = '\0';
	return out;
}

static const char *const *find_value(const cvss_metric *m, const char *s, size_t n)
{
	const char *const *v;

	for (v = m->values; *v; v++)
		if (strlen(*v) == n && !memcmp(*v, s, n))
			return v;
	return NULL;
}

static int unknown_value(const cvss_metric *m, size_t at, const char *s, size_t n)
{
	char q[20], expected[64] = "";
	const char *const *v;

	for (v = m->values; *v; v++) {
		if (v != m->values)
			strcat(expected, ", ");
		strcat(expected, *v);
	}
	return vg_error_set(VG_EPARSE, "byte offset %zu: metric %s: unknown value '%s' (expected %s)",
			    at, m->name, quote(q, s, n), expected);
}

/* Parse one NAME:VALUE component s[0..n) found at byte offset `at`. */
static int parse_component(const cvss_version *def, vg_cvss *c, const char *s, size_t n,
			   size_t at)
{
	const char *colon = memchr(s, ':', n), *const *v;
	size_t i, name_len;
	char q[20];

	if (n == 0)
		return vg_error_set(VG_EPARSE, "byte offset %zu: empty component (stray '/')", at);
	if (!colon)
		return vg_error_set(VG_EPARSE, "byte offset %zu: '%s' is not METRIC:VALUE", at,
				    quote(q, s, n));
	name_len = (size_t)(colon - s);
	for (i = 0; i < def->count; i++)
		if (strlen(def->metrics[i].name) == name_len &&
		    !memcmp(def->metrics[i].name, s, name_len))
			break;
	if (i == def->count)
		return vg_error_set(VG_EPARSE, "byte offset %zu: unknown metric '%s' for CVSS %s",
				    at, quote(q, s, name_len), vg_cvss_version_name(def->version));
	if (c->value[i])
		return vg_error_set(VG_EPARSE, "byte offset %zu: metric %s given twice", at,
				    def->metrics[i].name);
	v = find_value(&def->metrics[i], colon + 1, n - name_len - 1);
	if (!v)
		return unknown_value(&def->metrics[i], at + name_len + 1, colon + 1,
				     n - name_len - 1);
	c->value[i] = (unsigned char)(v - def->metrics[i].values + 1);
	return VG_OK;
}

/* Recognise the version; set *body to the offset of the first metric and
 * *end to one past the last (v2 may be wrapped in parentheses). */
static int parse_prefix(const char *s, size_t len, const cvss_version **def, size_t *body,
			size_t *end)
{
	static const cvss_version *const prefixed[] = { &cvss_v30, &cvss_v31, &cvss_v40 };
	const char *slash;
	size_t i;
	char q[20];

	*end = len;
	if (len >= 5 && !memcmp(s, "CVSS:", 5)) {
		for (i = 0; i < sizeof(prefixed) / sizeof(prefixed[0]); i++) {
			size_t n = strlen(prefixed[i]->prefix);

			if (len >= n && !memcmp(s, prefixed[i]->prefix, n)) {
				*def = prefixed[i];
				*body = n;
				return VG_OK;
			}
			if (len == n - 1 && !memcmp(s, prefixed[i]->prefix, n - 1))
				return vg_error_set(VG_EPARSE, "byte offset %zu: no metrics", len);
		}
		slash = memchr(s, '/', len);
		return vg_error_set(VG_EUNSUPPORTED, "byte offset 5: unsupported CVSS version '%s'",
				    quote(q, s + 5, (slash ? (size_t)(slash - s) : len) - 5));
	}
	*def = &cvss_v2;
	*body = 0;
	if (len && s[0] == '(') {
		if (s[len - 1] != ')')
			return vg_error_set(VG_EPARSE, "byte offset %zu: missing ')'", len);
		*body = 1;
		*end = len - 1;
	}
	return VG_OK;
}

int vg_cvss_parse(vg_cvss *out, const char *text, size_t len)
{
	const cvss_version *def;
	const char *nul;
	size_t at, end, i;
	vg_cvss c;
	int rc;

	if (!out || (!text && len))
		return vg_error_set(VG_EINVAL, "vg_cvss_parse: NULL argument");
	if (len > VG_CVSS_MAX_LEN)
		return vg_error_set(VG_ELIMIT, "vector is %zu bytes, more than the %d allowed", len,
				    VG_CVSS_MAX_LEN);
	if (len == 0)
		return vg_error_set(VG_EPARSE, "byte offset 0: empty vector");
	nul = memchr(text, '\0', len);
	if (nul)
		return vg_error_set(VG_EPARSE, "byte offset %zu: NUL byte", (size_t)(nul - text));
	rc = parse_prefix(text, len, &def, &at, &end);
	if (rc)
		return rc;
	memset(&c, 0, sizeof(c));
	c.version = def->version;
	for (;;) {
		const char *slash = memchr(text + at, '/', end - at);
		size_t n = slash ? (size_t)(slash - (text + at)) : end - at;

		rc = parse_component(def, &c, text + at, n, at);
		if (rc)
			return rc;
		if (!slash)
			break;
		at += n + 1;
	}
	for (i = 0; i < def->count; i++)
		if (def->metrics[i].group == CVSS_BASE && !c.value[i])
			return vg_error_set(VG_EPARSE,
					    "byte offset %zu: missing mandatory metric %s", len,
					    def->metrics[i].name);
	*out = c;
	return VG_OK;
}

int vg_cvss_score(const vg_cvss *cvss, vg_cvss_scores *out)
{
	const cvss_version *def = cvss ? version_def(cvss->version) : NULL;
	size_t i;

	if (!def || !out)
		return vg_error_set(VG_EINVAL, "vg_cvss_score: NULL or unparsed vector");
	memset(out, 0, sizeof(*out));
	for (i = 0; i < def->count; i++) {
		if (!cvss->value[i])
			continue;
		if (def->metrics[i].group == CVSS_TEMPORAL)
			out->has_temporal = true;
		else if (def->metrics[i].group == CVSS_ENVIRONMENTAL)
			out->has_environmental = true;
	}
	def->score(cvss, out);
	if (def->version == VG_CVSS_V4_0) {
		static const char *const names[] = { "CVSS-B", "CVSS-BT", "CVSS-BE", "CVSS-BTE" };

		out->nomenclature = names[out->has_temporal + 2 * out->has_environmental];
	} else {
		out->nomenclature = "CVSS";
		out->score = out->has_environmental ? out->environmental
			     : out->has_temporal    ? out->temporal
						    : out->base;
	}
	out->severity = vg_cvss_severity_of(def->version, out->score);
	return VG_OK;
}

char *vg_cvss_format(const vg_cvss *cvss)
{
	const cvss_version *def = cvss ? version_def(cvss->version) : NULL;
	vg_buf b = VG_BUF_INIT;
	const char *sep = "";
	size_t i;
	int rc;

	if (!def) {
		vg_error_set(VG_EINVAL, "vg_cvss_format: NULL or unparsed vector");
		return NULL;
	}
	rc = vg_buf_puts(&b, def->prefix);
	for (i = 0; i < def->count && rc == VG_OK; i++) {
		if (!cvss->value[i])
			continue;
		rc = vg_buf_printf(&b, "%s%s:%s", sep, def->metrics[i].name,
				   cvss_value_name(cvss, (int)i));
		sep = "/";
	}
	if (rc != VG_OK) {
		vg_buf_free(&b);
		return NULL;
	}
	return vg_buf_detach(&b);
}

const char *vg_cvss_get(const vg_cvss *cvss, const char *metric)
{
	const cvss_version *def = cvss ? version_def(cvss->version) : NULL;
	size_t i;

	if (!def || !metric)
		return NULL;
	for (i = 0; i < def->count; i++)
		if (!strcmp(def->metrics[i].name, metric))
			return cvss->value[i] ? cvss_value_name(cvss, (int)i) : NULL;
	return NULL;
}

const char *vg_cvss_version_name(vg_cvss_version version)
{
	switch (version) {
	case VG_CVSS_V2: return "2.0";
	case VG_CVSS_V3_0: return "3.0";
	case VG_CVSS_V3_1: return "3.1";
	case VG_CVSS_V4_0: return "4.0";
	}
	return "?";
}

vg_cvss_severity vg_cvss_severity_of(vg_cvss_version version, double score)
{
	/* Compare in tenths: scores are multiples of 0.1 held in binary. */
	long t = lround(score * 10.0);

	if (version == VG_CVSS_V2)
		return t < 40 ? VG_CVSS_SEV_LOW : t < 70 ? VG_CVSS_SEV_MEDIUM : VG_CVSS_SEV_HIGH;
	if (t <= 0)
		return VG_CVSS_SEV_NONE;
	return t < 40 ? VG_CVSS_SEV_LOW
	       : t < 70 ? VG_CVSS_SEV_MEDIUM
	       : t < 90 ? VG_CVSS_SEV_HIGH
			: VG_CVSS_SEV_CRITICAL;
}

const char *vg_cvss_severity_name(vg_cvss_severity severity)
{
	static const char *const names[] = { "None", "Low", "Medium", "High", "Critical" };

	return (unsigned)severity < 5 ? names[severity] : "?";
}
