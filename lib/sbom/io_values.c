/*
 * io_values.c - value checks and conversions the SBOM readers and writers
 * share: hash algorithm spellings, purl/CPE/date syntax, generated serials,
 * SPDX identifiers and actors (see sbom_io.h).
 */
#include "sbom_io.h"

#include "vigil/buf.h"
#include "vigil/error.h"
#include "vigil/str.h"

#include <ctype.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *vg_sbomio_nonempty(const char *s)
{
	return s && *s ? s : NULL;
}

int vg_sbomio_set(char **dst, const char *s)
{
	char *copy = NULL;

	if (s) {
		copy = vg_strdup(s);
		if (!copy)
			return VG_ENOMEM;
	}
	free(*dst);
	*dst = copy;
	return VG_OK;
}

int vg_sbomio_string(const json_t *obj, const char *key, const char *path, char **dst)
{
	const char *s = NULL;
	int rc = vg_json_get_string(obj, key, path, false, &s);

	if (rc || !vg_sbomio_nonempty(s))
		return rc;
	return vg_sbomio_set(dst, s);
}

/* canonical (CycloneDX), SPDX 2, SPDX 3, hex digits */
static const struct hash_alg {
	const char *cdx, *spdx2, *spdx3;
	size_t hexlen;
} hash_algs[] = {
	{ "MD5", "MD5", "md5", 32 },
	{ "SHA-1", "SHA1", "sha1", 40 },
	{ "SHA-256", "SHA256", "sha256", 64 },
	{ "SHA-384", "SHA384", "sha384", 96 },
	{ "SHA-512", "SHA512", "sha512", 128 },
	{ "SHA3-256", "SHA3-256", "sha3_256", 64 },
	{ "SHA3-384", "SHA3-384", "sha3_384", 96 },
	{ "SHA3-512", "SHA3-512", "sha3_512", 128 },
	{ "BLAKE2b-256", "BLAKE2b-256", "blake2b256", 64 },
	{ "BLAKE2b-384", "BLAKE2b-384", "blake2b384", 96 },
	{ "BLAKE2b-512", "BLAKE2b-512", "blake2b512", 128 },
	{ "BLAKE3", "BLAKE3", "blake3", 0 },
};

/* Spellings differ only in case and punctuation: compare letters and digits. */
static bool same_alnum(const char *a, const char *b)
{
	for (;;) {
		while (*a && !isalnum((unsigned char)*a))
			a++;
		while (*b && !isalnum((unsigned char)*b))
			b++;
		if (!*a || !*b)
			return !*a && !*b;
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return false;
		a++;
		b++;
	}
}

static const struct hash_alg *find_alg(const char *name)
{
	size_t i;

	for (i = 0; name && i < sizeof(hash_algs) / sizeof(hash_algs[0]); i++)
		if (same_alnum(hash_algs[i].cdx, name))
			return &hash_algs[i];
	return NULL;
}

const char *vg_sbomio_hash_alg(const char *name)
{
	const struct hash_alg *a = find_alg(name);

	return a ? a->cdx : NULL;
}

const char *vg_sbomio_hash_alg_spdx2(const char *canonical)
{
	const struct hash_alg *a = find_alg(canonical);

	return a ? a->spdx2 : NULL;
}

const char *vg_sbomio_hash_alg_spdx3(const char *canonical)
{
	const struct hash_alg *a = find_alg(canonical);

	return a ? a->spdx3 : NULL;
}

static bool is_hex(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!isxdigit((unsigned char)s[i]))
			return false;
	return len > 0;
}

int vg_sbomio_add_hash(vg_sbom *sbom, const char *path, vg_hash **hashes, size_t *count,
		       const char *alg, const char *value)
{
	const struct hash_alg *a = find_alg(alg);
	size_t len = value ? strlen(value) : 0;
	vg_hash *grown;
	char *v;

	if (!a)
		return vg_sbom_warn(sbom, "%s: unknown hash algorithm '%.64s', hash left out", path,
				    alg ? alg : "");
	if (!is_hex(value, len) || (a->hexlen && len != a->hexlen) || (!a->hexlen && len % 2))
		return vg_sbom_warn(sbom, "%s: %s value '%.140s' is not %zu hex digits, hash left out",
				    path, a->cdx, value ? value : "", a->hexlen ? a->hexlen : 64);
	grown = realloc(*hashes, (*count + 1) * sizeof(**hashes));
	if (!grown)
		return vg_error_set(VG_ENOMEM, "out of memory");
	*hashes = grown;
	v = vg_strdup(value);
	grown[*count].alg = vg_strdup(a->cdx);
	grown[*count].value = v ? vg_str_lower(v) : NULL;
	(*count)++;
	if (!grown[*count - 1].alg || !v)
		return vg_error_set(VG_ENOMEM, "out of memory");
	return VG_OK;
}

/* pkg:type/name: a type of letters, digits, '.', '+', '-' starting with a
 * letter, then a non-empty name before any @version, ?qualifiers or #subpath.
 * The full grammar is the id module's business. */
static bool purl_syntax_ok(const char *s)
{
	const char *p, *name;

	if (!vg_str_starts_with(s, "pkg:"))
		return false;
	p = s + 4;
	while (*p == '/')
		p++;
	if (!isalpha((unsigned char)*p))
		return false;
	while (isalnum((unsigned char)*p) || *p == '.' || *p == '+' || *p == '-')
		p++;
	if (*p != '/')
		return false;
	name = p + 1;
	return *name && *name != '@' && *name != '?' && *name != '#' && *name != '/';
}

int vg_sbomio_set_purl(vg_sbom *sbom, const char *path, vg_component *c, const char *purl)
{
	if (!purl_syntax_ok(purl))
		return vg_sbom_warn(sbom, "%s: '%.200s' is not a package URL (pkg:type/name), left out",
				    path, purl);
	return vg_sbomio_set(&c->purl, purl);
}

int vg_sbomio_add_cpe(vg_sbom *sbom, const char *path, vg_component *c, const char *cpe)
{
	if (!vg_str_starts_with(cpe, "cpe:2.3:") && !vg_str_starts_with(cpe, "cpe:/"))
		return vg_sbom_warn(sbom, "%s: '%.200s' is not a CPE name, left out", path, cpe);
	if (vg_strlist_contains(&c->cpes, cpe))
		return VG_OK;
	return vg_strlist_add(&c->cpes, cpe);
}

const char *vg_sbomio_extref_type(const char *type)
{
	static const char *const types[] = {
		"vcs", "issue-tracker", "website", "advisories", "bom", "mailing-list", "social",
		"chat", "documentation", "support", "source-distribution", "distribution",
		"distribution-intake", "license", "build-meta", "build-system", "release-notes",
		"security-contact", "model-card", "log", "configuration", "evidence", "formulation",
		"attestation", "threat-model", "adversary-model", "risk-assessment",
		"vulnerability-assertion", "exploitability-statement", "pentest-report",
		"static-analysis-report", "dynamic-analysis-report", "runtime-analysis-report",
		"component-analysis-report", "maturity-report", "certification-report",
		"codified-infrastructure", "quality-metrics", "poam", "electronic-signature",
		"digital-signature", "rfc-9116", "other",
	};
	size_t i;

	for (i = 0; type && i < sizeof(types) / sizeof(types[0]); i++)
		if (!strcmp(types[i], type))
			return types[i];
	return "other";
}

char *vg_sbomio_iri_encode(const char *url)
{
	vg_buf b = VG_BUF_INIT;
	const unsigned char *p;
	int rc = vg_buf_puts(&b, "");

	for (p = (const unsigned char *)url; *p && !rc; p++) {
		if (*p <= 0x20 || *p == 0x7f || strchr("<>\"{}|\\^`", *p))
			rc = vg_buf_printf(&b, "%%%02X", *p);
		else
			rc = vg_buf_putc(&b, (char)*p);
	}
	if (rc) {
		vg_buf_free(&b);
		return NULL;
	}
	return vg_buf_detach(&b);
}

static bool digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

bool vg_sbomio_is_datetime(const char *s)
{
	const char *p;

	if (strlen(s) < 20 || !digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) || s[7] != '-' ||
	    !digits(s + 8, 2) || (s[10] != 'T' && s[10] != 't') || !digits(s + 11, 2) ||
	    s[13] != ':' || !digits(s + 14, 2) || s[16] != ':' || !digits(s + 17, 2))
		return false;
	p = s + 19;
	if (*p == '.') {
		p++;
		if (!isdigit((unsigned char)*p))
			return false;
		while (isdigit((unsigned char)*p))
			p++;
	}
	if ((*p == 'Z' || *p == 'z') && p[1] == '\0')
		return true;
	return (*p == '+' || *p == '-') && digits(p + 1, 2) && p[3] == ':' && digits(p + 4, 2) &&
	       p[6] == '\0';
}

bool vg_sbomio_is_urn_uuid(const char *s)
{
	static const char shape[] = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";
	size_t i;

	if (!vg_str_starts_with(s, "urn:uuid:") || strlen(s) != 9 + sizeof(shape) - 1)
		return false;
	for (i = 0; shape[i]; i++) {
		char c = s[9 + i];

		if (shape[i] == '-' ? c != '-' : !(isdigit((unsigned char)c) || (c >= 'a' && c <= 'f')))
			return false;
	}
	return true;
}

/* Format 16 bytes as a version-`version` RFC 4122 UUID URN. */
static void format_uuid(unsigned char b[16], int version, char out[46])
{
	b[6] = (unsigned char)((b[6] & 0x0f) | (version << 4));
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	snprintf(out, 46,
		 "urn:uuid:%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12],
		 b[13], b[14], b[15]);
}

int vg_sbomio_random_urn_uuid(char out[46])
{
	unsigned char b[16];

	if (RAND_bytes(b, sizeof(b)) != 1)
		return vg_error_set(VG_ERROR, "cannot generate a serial number: RAND_bytes failed");
	format_uuid(b, 4, out);
	return VG_OK;
}

int vg_sbomio_derived_urn_uuid(const char *text, char out[46])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;

	if (EVP_Digest(text, strlen(text), md, &n, EVP_sha256(), NULL) != 1)
		return vg_error_set(VG_ERROR, "cannot derive a serial number: SHA-256 failed");
	format_uuid(md, 8, out);
	return VG_OK;
}

void vg_sbomio_now(char out[21])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void vg_sbomio_promote(vg_sbom *sbom, const char *ref)
{
	size_t i;

	if (sbom->primary || !ref)
		return;
	for (i = 0; i < sbom->component_count; i++) {
		if (sbom->components[i]->ref && !strcmp(sbom->components[i]->ref, ref)) {
			sbom->primary = sbom->components[i];
			memmove(&sbom->components[i], &sbom->components[i + 1],
				(sbom->component_count - i - 1) * sizeof(sbom->components[0]));
			sbom->component_count--;
			return;
		}
	}
}

int vg_sbomio_json_set_new(json_t *obj, const char *key, json_t *value)
{
	if (!value || json_object_set_new(obj, key, value))
		return vg_error_set(VG_ENOMEM, "out of memory building JSON");
	return VG_OK;
}

int vg_sbomio_json_append_new(json_t *array, json_t *value)
{
	if (!value || json_array_append_new(array, value))
		return vg_error_set(VG_ENOMEM, "out of memory building JSON");
	return VG_OK;
}

int vg_sbomio_json_append_string(json_t *array, const char *s)
{
	return vg_sbomio_json_append_new(array, json_string(s));
}

int vg_sbomio_json_set_string(json_t *obj, const char *key, const char *s)
{
	return vg_sbomio_json_set_new(obj, key, json_string(s));
}

const vg_component **vg_sbomio_all_components(const vg_sbom *sbom, size_t *count)
{
	const vg_component **all = malloc((sbom->component_count + 1) * sizeof(*all));
	size_t i, n = 0;

	if (!all) {
		vg_error_set(VG_ENOMEM, "out of memory");
		return NULL;
	}
	if (sbom->primary)
		all[n++] = sbom->primary;
	for (i = 0; i < sbom->component_count; i++)
		all[n++] = sbom->components[i];
	*count = n;
	return all;
}

/* prefix + ref with unusable characters replaced, made unique with "-N". */
static char *make_id(const json_t *taken, const char *prefix, const char *keep_prefix,
		     const char *ref)
{
	vg_buf b = VG_BUF_INIT;
	size_t base, i;
	int n = 2;

	if (keep_prefix && vg_str_starts_with(ref, keep_prefix) && !json_object_get(taken, ref) &&
	    strspn(ref, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-") ==
		    strlen(ref))
		return vg_strdup(ref);
	if (vg_buf_puts(&b, prefix))
		return NULL;
	for (i = 0; ref[i]; i++)
		if (vg_buf_putc(&b, isalnum((unsigned char)ref[i]) || ref[i] == '.' ? ref[i] : '-'))
			goto fail;
	base = b.len;
	while (json_object_get(taken, b.ptr)) {
		b.len = base;
		if (vg_buf_printf(&b, "-%d", n++))
			goto fail;
	}
	return vg_buf_detach(&b);
fail:
	vg_buf_free(&b);
	return NULL;
}

json_t *vg_sbomio_idmap(const vg_sbom *sbom, const char *prefix, const char *keep_prefix)
{
	json_t *map = json_object(), *taken = json_object();
	size_t i, n = 0;
	const vg_component **all = vg_sbomio_all_components(sbom, &n);
	char *id;

	if (!map || !taken || !all)
		goto fail;
	/* the document's own identifier is never a component's */
	if (json_object_set_new(taken, "SPDXRef-DOCUMENT", json_true()))
		goto fail;
	for (i = 0; i < n; i++) {
		if (json_object_get(map, all[i]->ref))
			continue;
		id = make_id(taken, prefix, keep_prefix, all[i]->ref);
		if (!id || json_object_set_new(taken, id, json_true()) ||
		    json_object_set_new(map, all[i]->ref, json_string(id))) {
			free(id);
			goto fail;
		}
		free(id);
	}
	free(all);
	json_decref(taken);
	return map;
fail:
	free(all);
	json_decref(taken);
	json_decref(map);
	vg_error_set(VG_ENOMEM, "out of memory");
	return NULL;
}

const char *vg_sbomio_idmap_get(const json_t *map, const char *ref)
{
	return ref ? json_string_value(json_object_get(map, ref)) : NULL;
}

int vg_sbomio_parse_actor(const char *s, const char **kind, vg_party *out)
{
	static const char *const kinds[] = { "Person", "Organization", "Tool" };
	const char *colon = strchr(s, ':'), *name, *open, *close;
	size_t i, klen;

	memset(out, 0, sizeof(*out));
	*kind = NULL;
	if (!strcmp(s, "NOASSERTION") || !strcmp(s, "NONE"))
		return VG_OK;
	klen = colon ? (size_t)(colon - s) : 0;
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (klen == strlen(kinds[i]) && !strncmp(s, kinds[i], klen))
			*kind = kinds[i];
	if (!*kind)
		return vg_error_set(VG_EPARSE, "'%.100s' is not \"Person: ...\", "
				    "\"Organization: ...\" or \"Tool: ...\"", s);
	name = colon + 1;
	while (*name == ' ')
		name++;
	open = strrchr(name, '(');
	close = open ? strchr(open, ')') : NULL;
	if (!strcmp(*kind, "Tool") || !open || !close || close[1] != '\0')
		open = close = NULL;
	else if (close > open + 1)
		out->email = vg_strndup(open + 1, (size_t)(close - open - 1));
	i = open ? (size_t)(open - name) : strlen(name);
	while (i > 0 && name[i - 1] == ' ')
		i--;
	if (i > 0)
		out->name = vg_strndup(name, i);
	if ((i > 0 && !out->name) || (open && close > open + 1 && !out->email))
		return vg_error_set(VG_ENOMEM, "out of memory");
	return VG_OK;
}

char *vg_sbomio_format_actor(const char *kind, const vg_party *p)
{
	vg_buf b = VG_BUF_INIT;
	int rc = vg_buf_printf(&b, "%s: %s", kind, p->name ? p->name : "NOASSERTION");

	if (!rc && p->email)
		rc = vg_buf_printf(&b, " (%s)", p->email);
	if (rc) {
		vg_buf_free(&b);
		return NULL;
	}
	return vg_buf_detach(&b);
}
