/*
 * vex.c - the set of VEX statements: reading documents into it (format
 * detection and all-or-nothing appending) and finding the statement that
 * applies to a component (see include/vigil/vex.h).
 *
 * Matching is a linear walk: the vulnerability ids are compared first (cheap
 * and almost always different), and only statements about the asked
 * vulnerability have their products parsed and compared.  The component's
 * purl and CPEs are parsed once per call, on first need.
 */
#include "vex_internal.h"

#include "vigil/cpe.h"
#include "vigil/error.h"
#include "vigil/file.h"
#include "vigil/purl.h"
#include "vigil/range.h"
#include "vigil/str.h"
#include "vigil/time.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Largest VEX file read (Red Hat's CSAF VEX files reach tens of MB). */
#define VEX_MAX_FILE (512u * 1024u * 1024u)

vg_vex *vg_vex_new(void)
{
	vg_vex *vex = calloc(1, sizeof(*vex));

	if (!vex)
		vg_error_set(VG_ENOMEM, "out of memory");
	return vex;
}

static void statement_free(vg_vex_statement *st)
{
	free(st->vulnerability);
	vg_strlist_free(&st->aliases);
	vg_strlist_free(&st->products);
	vg_strlist_free(&st->versions);
	free(st->justification);
	free(st->impact);
	free(st->action);
	free(st->timestamp);
	free(st->origin);
}

static void statements_free(vg_vex *vex)
{
	size_t i;

	for (i = 0; i < vex->count; i++)
		statement_free(&vex->statements[i]);
	free(vex->statements);
}

void vg_vex_free(vg_vex *vex)
{
	if (!vex)
		return;
	statements_free(vex);
	free(vex);
}

static int reserve(vg_vex *vex, size_t extra)
{
	size_t cap = vex->cap ? vex->cap : 16;
	vg_vex_statement *p;

	if (extra <= vex->cap - vex->count)
		return VG_OK;
	while (cap - vex->count < extra) {
		if (cap > SIZE_MAX / 2 / sizeof(*p))
			return vg_error_set(VG_ENOMEM, "out of memory");
		cap *= 2;
	}
	p = realloc(vex->statements, cap * sizeof(*p));
	if (!p)
		return vg_error_set(VG_ENOMEM, "out of memory");
	vex->statements = p;
	vex->cap = cap;
	return VG_OK;
}

vg_vex_statement *vg_vexio_add(vg_vex *vex, vg_vex_format format, const char *name,
			       const char *path)
{
	vg_vex_statement *st;

	if (reserve(vex, 1))
		return NULL;
	st = &vex->statements[vex->count];
	memset(st, 0, sizeof(*st));
	st->format = format;
	st->origin = vg_strdup_printf("%s: %s", name, path);
	if (!st->origin)
		return NULL;
	vex->count++;
	return st;
}

int vg_vexio_set(char **dst, const char *s)
{
	free(*dst);
	*dst = NULL;
	if (!s || !*s)
		return VG_OK;
	*dst = vg_strdup(s);
	return *dst ? VG_OK : VG_ENOMEM;
}

int vg_vexio_add_product(vg_vex_statement *st, const char *product, const char *path)
{
	vg_purl *purl = NULL;
	vg_cpe cpe;
	int rc;

	if (!*product)
		return vg_error_set(VG_EPARSE, "%s: empty product identifier", path);
	if (vg_str_starts_with(product, "pkg:")) {
		rc = vg_purl_parse(product, &purl);
		vg_purl_free(purl);
		if (rc)
			return vg_error_prefix("%s: ", path);
	} else if (vg_str_starts_with(product, "cpe:") && vg_cpe_parse(product, &cpe)) {
		return vg_error_prefix("%s: ", path);
	}
	if ((rc = vg_strlist_add(&st->products, product)))
		return rc;
	if ((rc = vg_strlist_add(&st->versions, ""))) {
		free(st->products.items[--st->products.count]);
		return rc;
	}
	return VG_OK;
}

int vg_vexio_set_time(vg_vex_statement *st, const char *ts, const char *path)
{
	int64_t usec;

	if (ts && *ts && vg_time_parse(ts, &usec))
		return vg_error_set(VG_EPARSE, "%s: not an RFC 3339 time: \"%.64s\"", path, ts);
	return vg_vexio_set(&st->timestamp, ts);
}

/* "@context" is a string or an array of them (JSON-LD); one names `what`. */
static bool context_names(const json_t *ctx, const char *what)
{
	size_t i;
	json_t *item;

	if (json_is_string(ctx))
		return strstr(json_string_value(ctx), what) != NULL;
	if (json_is_array(ctx))
		json_array_foreach (ctx, i, item)
			if (json_is_string(item) && context_names(item, what))
				return true;
	return false;
}

/* Read the parsed document `root` (of text `data`) into `scratch`. */
static int read_document(vg_vex *scratch, const json_t *root, const char *data, size_t len,
			 const char *name)
{
	const json_t *doc = json_is_object(root) ? json_object_get(root, "document") : NULL;
	const char *s;
	int rc;

	if (!json_is_object(root)) {
		rc = vg_error_set(VG_EPARSE, "%s: $: expected an object, found %s", name,
				  vg_json_type_name(root));
	} else if (context_names(json_object_get(root, "@context"), "openvex")) {
		if ((rc = vg_vexio_openvex(scratch, root, name)))
			vg_error_prefix("%s: ", name);
	} else if (context_names(json_object_get(root, "@context"), "spdx.org/rdf/3.")) {
		if ((rc = vg_vexio_spdx3(scratch, root, name)))
			vg_error_prefix("%s: ", name);
	} else if ((s = json_string_value(json_object_get(root, "bomFormat"))) &&
		   !strcmp(s, "CycloneDX")) {
		if ((rc = vg_vexio_cyclonedx(scratch, root, name)))
			vg_error_prefix("%s: ", name);
	} else if (json_is_object(doc) && json_object_get(doc, "csaf_version")) {
		rc = vg_vexio_csaf(scratch, data, len, name);
	} else {
		rc = vg_error_set(VG_EUNSUPPORTED,
				  "%s: not a VEX document (no OpenVEX or SPDX 3 @context, CycloneDX "
				  "bomFormat or CSAF document.csaf_version)",
				  name);
	}
	return rc;
}

/*
 * Read the parsed document into a scratch set, and move its statements to
 * the end of `vex` only when the whole document was read.
 */
static int read_into(vg_vex *vex, const json_t *root, const char *data, size_t len,
		     const char *name)
{
	vg_vex scratch = { NULL, 0, 0 };
	int rc = read_document(&scratch, root, data, len, name);

	if (rc == VG_OK && (rc = reserve(vex, scratch.count)) == VG_OK && scratch.count) {
		memcpy(vex->statements + vex->count, scratch.statements,
		       scratch.count * sizeof(*scratch.statements));
		vex->count += scratch.count;
		scratch.count = 0;
	}
	statements_free(&scratch);
	return rc;
}

int vg_vex_parse(vg_vex *vex, const char *data, size_t len, const char *name)
{
	json_t *root = NULL;
	int rc;

	if (!vex || (!data && len))
		return vg_error_set(VG_EINVAL, "vg_vex_parse: NULL argument");
	if (!name)
		name = "<vex>";
	rc = vg_json_parse(data ? data : "", len, name, &root);
	if (!rc)
		rc = read_into(vex, root, data ? data : "", len, name);
	json_decref(root);
	return rc;
}

/* Whether the text could hold a statement (vg_vex_parse_sbom): a scan
 * reads its SBOM once already, and most SBOMs carry no statement, so the
 * JSON is parsed a second time only when one of these words is in it. */
static bool may_state(const char *data, size_t len)
{
	static const char *const words[] = { "\"analysis\"", "\"resolves\"",
					     "VulnAssessmentRelationship" };
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (memmem(data, len, words[i], strlen(words[i])))
			return true;
	return false;
}

int vg_vex_parse_sbom(vg_vex *vex, const char *data, size_t len, const char *name,
		      size_t *added)
{
	size_t before = vex ? vex->count : 0;
	json_t *root = NULL;
	int rc;

	if (added)
		*added = 0;
	if (!vex || (!data && len))
		return vg_error_set(VG_EINVAL, "vg_vex_parse_sbom: NULL argument");
	/* not JSON (tag-value, XML): the SBOM's reader speaks for it */
	if (!data || !may_state(data, len) || vg_json_parse(data, len, "", &root) != VG_OK) {
		vg_error_clear();
		return VG_OK;
	}
	rc = read_into(vex, root, data, len, name ? name : "<sbom>");
	json_decref(root);
	if (rc == VG_EUNSUPPORTED) { /* a format that makes no statements */
		vg_error_clear();
		rc = VG_OK;
	}
	if (!rc && added)
		*added = vex->count - before;
	return rc;
}

int vg_vex_load_file(vg_vex *vex, const char *path)
{
	char *data;
	size_t len;
	int rc = vg_file_read(path, VEX_MAX_FILE, &data, &len);

	if (rc)
		return rc;
	rc = vg_vex_parse(vex, data, len, strcmp(path, "-") == 0 ? "<stdin>" : path);
	free(data);
	return rc;
}

/* ---- matching ---------------------------------------------------------- */

/* The component's identifiers, parsed on first need. */
typedef struct target {
	const vg_component *c;
	bool purl_done, cpes_done;
	vg_purl *purl;
	vg_cpe *cpes;
	size_t ncpes;
} target;

static const vg_purl *target_purl(target *t)
{
	if (!t->purl_done) {
		t->purl_done = true;
		if (t->c->purl && vg_purl_parse(t->c->purl, &t->purl))
			t->purl = NULL;
	}
	return t->purl;
}

static void target_cpes(target *t)
{
	size_t i;

	if (t->cpes_done)
		return;
	t->cpes_done = true;
	if (!t->c->cpes.count || !(t->cpes = calloc(t->c->cpes.count, sizeof(*t->cpes))))
		return;
	for (i = 0; i < t->c->cpes.count; i++)
		if (vg_cpe_parse(t->c->cpes.items[i], &t->cpes[t->ncpes]) == VG_OK)
			t->ncpes++;
}

static bool str_eq(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/*
 * The product purl covers the component's: same package; version, subpath
 * and every qualifier only when the product gives them.
 */
static bool purl_covers(const vg_purl *p, const vg_purl *c)
{
	size_t i;
	const char *v;

	if (strcmp(p->type, c->type) || strcmp(p->name, c->name) || !str_eq(p->namespace, c->namespace))
		return false;
	if ((p->version && !str_eq(p->version, c->version)) ||
	    (p->subpath && !str_eq(p->subpath, c->subpath)))
		return false;
	for (i = 0; i < p->qualifier_count; i++) {
		v = vg_purl_qualifier(c, p->qualifiers[i].key);
		if (!v || strcmp(v, p->qualifiers[i].value))
			return false;
	}
	return true;
}

/* The BOM-Link fragment (percent-decoded) equals ref. */
static bool bomlink_names(const char *link, const char *ref)
{
	const char *f = strchr(link, '#');
	int hi, lo;

	if (!f || !ref)
		return false;
	for (f++; *f; f++, ref++) {
		if (*f == '%' && (hi = vg_hex_digit(f[1])) >= 0 && (lo = vg_hex_digit(f[2])) >= 0) {
			if ((unsigned char)*ref != (unsigned)(hi * 16 + lo))
				return false;
			f += 2;
		} else if (*f != *ref) {
			return false;
		}
	}
	return *ref == '\0';
}

static bool product_matches(const char *product, target *t)
{
	vg_purl *p;
	vg_cpe cpe;
	const vg_purl *c;
	bool hit = false;
	size_t i;

	if (t->c->ref && !strcmp(product, t->c->ref))
		return true;
	if (vg_str_starts_with(product, "pkg:")) {
		if (!(c = target_purl(t)) || vg_purl_parse(product, &p))
			return false;
		hit = purl_covers(p, c);
		vg_purl_free(p);
	} else if (vg_str_starts_with(product, "cpe:")) {
		target_cpes(t);
		if (t->ncpes && vg_cpe_parse(product, &cpe) == VG_OK)
			for (i = 0; i < t->ncpes && !hit; i++)
				hit = vg_cpe_match(&cpe, &t->cpes[i]);
	} else if (vg_str_starts_with(product, "urn:cdx:")) {
		hit = bomlink_names(product, t->c->ref);
	}
	return hit;
}

/* One line of a product's versions: an exact version or a vers: range. */
static bool version_line_covers(const char *line, size_t n, const char *version)
{
	char *spec;
	vg_vers *range = NULL;
	bool inside = false;

	if (!vg_str_starts_with(line, "vers:"))
		return strlen(version) == n && !strncmp(line, version, n);
	if (!(spec = vg_strndup(line, n)))
		return false;
	if (vg_vers_parse(spec, 0, &range) || vg_vers_contains(range, version, &inside))
		inside = false;
	vg_vers_free(range);
	free(spec);
	return inside;
}

/* The component's version is one of `versions` ("" covers every version). */
static bool versions_cover(const char *versions, const char *version)
{
	const char *end;

	if (!*versions)
		return true;
	if (!version)
		return false;
	for (; *versions; versions = *end ? end + 1 : end) {
		end = strchr(versions, '\n');
		if (!end)
			end = versions + strlen(versions);
		if (version_line_covers(versions, (size_t)(end - versions), version))
			return true;
	}
	return false;
}

static bool names_vulnerability(const vg_vex_statement *st, const char *const *ids, size_t nids)
{
	size_t i, j;

	for (i = 0; i < nids; i++) {
		if (!ids[i])
			continue;
		if (!vg_strcasecmp(ids[i], st->vulnerability))
			return true;
		for (j = 0; j < st->aliases.count; j++)
			if (!vg_strcasecmp(ids[i], st->aliases.items[j]))
				return true;
	}
	return false;
}

/* s, loaded after best, supersedes it unless best is strictly newer. */
static bool supersedes(const vg_vex_statement *s, const vg_vex_statement *best)
{
	int64_t ts, tb;

	if (!best || !s->timestamp || !best->timestamp || vg_time_parse(s->timestamp, &ts) ||
	    vg_time_parse(best->timestamp, &tb))
		return true;
	return ts >= tb;
}

const vg_vex_statement *vg_vex_find(const vg_vex *vex, const char *const *ids, size_t nids,
				    const vg_component *component)
{
	target t = { component, false, false, NULL, NULL, 0 };
	const vg_vex_statement *best = NULL, *s;
	size_t i, j;

	if (!vex || !ids || !component)
		return NULL;
	for (i = 0; i < vex->count; i++) {
		s = &vex->statements[i];
		if (!names_vulnerability(s, ids, nids))
			continue;
		for (j = 0; j < s->products.count; j++)
			if (product_matches(s->products.items[j], &t) &&
			    versions_cover(s->versions.items[j], component->version))
				break;
		if (j < s->products.count && supersedes(s, best))
			best = s;
	}
	vg_purl_free(t.purl);
	free(t.cpes);
	return best;
}

const char *vg_vex_status_name(vg_vex_status status)
{
	switch (status) {
	case VG_VEX_NOT_AFFECTED: return "not_affected";
	case VG_VEX_AFFECTED: return "affected";
	case VG_VEX_FIXED: return "fixed";
	case VG_VEX_UNDER_INVESTIGATION: return "under_investigation";
	}
	return "unknown";
}

const char *vg_vex_format_name(vg_vex_format format)
{
	switch (format) {
	case VG_VEX_OPENVEX: return "openvex";
	case VG_VEX_CYCLONEDX: return "cyclonedx";
	case VG_VEX_CSAF: return "csaf";
	case VG_VEX_SPDX3: return "spdx3";
	}
	return "unknown";
}
