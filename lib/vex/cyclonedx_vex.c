/*
 * cyclonedx_vex.c - CycloneDX VEX: a BOM's vulnerabilities[].analysis
 * (1.4 and later) into VEX statements.
 *
 * Each vulnerability with an analysis.state is one statement; one without
 * is vulnerability data, not a VEX claim, and is skipped.  States map onto
 * the four VEX statuses (resolved and resolved_with_pedigree are fixed,
 * exploitable is affected, in_triage is under investigation, not_affected
 * and false_positive are not affected: the false_positive nuance is lost,
 * as OpenVEX and CSAF have no such status either).
 *
 * The products are affects[].ref as written: bom-refs of the BOM itself or
 * BOM-Links into another one (vg_vex_find() matches both).  When an affects
 * entry lists versions[] (exact versions or vers: ranges), the statement is
 * about those versions of the product only, whatever each entry's status
 * says (the analysis states it).  The aliases are references[].id.  The impact is
 * analysis.detail, the action the responses joined with ", " (else the
 * vulnerability's recommendation), the time analysis.lastUpdated, else
 * firstIssued, else the vulnerability's updated/published, else the BOM's
 * metadata.timestamp.
 *
 * A component's pedigree also states: each patches[].resolves[] issue of
 * type "security" is a vulnerability the patch fixes in that component, as a
 * build system records the CVEs its patches close (a backport keeps the
 * upstream version, so no version range can tell).  Each is a "fixed"
 * statement about the component (its bom-ref, else its purl), whose impact
 * names the patch; components nest, and metadata.component counts too.  An
 * issue with neither id nor name, or a component with neither bom-ref nor
 * purl, names nothing a scan could match and is passed over.
 */
#include "vex_internal.h"

#include "vigil/buf.h"
#include "vigil/error.h"
#include "vigil/range.h"

#include <string.h>

static const struct {
	const char *name;
	vg_vex_status status;
} states[] = {
	{ "resolved", VG_VEX_FIXED },
	{ "resolved_with_pedigree", VG_VEX_FIXED },
	{ "exploitable", VG_VEX_AFFECTED },
	{ "in_triage", VG_VEX_UNDER_INVESTIGATION },
	{ "false_positive", VG_VEX_NOT_AFFECTED },
	{ "not_affected", VG_VEX_NOT_AFFECTED },
};

static const char *const justifications[] = {
	"code_not_present",	  "code_not_reachable",	    "requires_configuration",
	"requires_dependency",	  "requires_environment",   "protected_by_compiler",
	"protected_at_runtime",	  "protected_at_perimeter", "protected_by_mitigating_control",
};

static const char *const responses[] = {
	"can_not_fix", "will_not_fix", "update", "rollback", "workaround_available",
};

/* s is one of the n names; else a parse error naming path. */
static int check_enum(const char *s, const char *const *names, size_t n, const char *path,
		      const char *what)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(s, names[i]))
			return VG_OK;
	return vg_error_set(VG_EPARSE, "%s: unknown %s \"%.64s\"", path, what, s);
}

/* The member `key` of obj: an array whose items are objects. */
static int object_array(const json_t *obj, const char *key, const char *path, json_t **out)
{
	char sub[VG_JPATH_MAX], item[VG_JPATH_MAX];
	json_t *v;
	size_t i;
	int rc;

	*out = NULL;
	if ((rc = vg_json_get_array(obj, key, path, false, out)))
		return rc;
	vg_jpath_key(sub, path, key);
	json_array_foreach (*out, i, v)
		if ((rc = vg_json_expect_object(v, vg_jpath_index(item, sub, i))))
			return rc;
	return VG_OK;
}

static int read_status(vg_vex_statement *st, const char *state, const char *path)
{
	size_t i;

	for (i = 0; i < sizeof(states) / sizeof(states[0]); i++)
		if (!strcmp(state, states[i].name)) {
			st->status = states[i].status;
			return VG_OK;
		}
	return vg_error_set(VG_EPARSE, "%s: unknown analysis state \"%.64s\"", path, state);
}

/* response[] joined with ", ", checked against the enumeration. */
static int read_response(const json_t *analysis, const char *path, char **out)
{
	char sub[VG_JPATH_MAX], item[VG_JPATH_MAX];
	vg_buf b = VG_BUF_INIT;
	json_t *arr = NULL, *v;
	size_t i;
	int rc;

	if ((rc = vg_json_get_array(analysis, "response", path, false, &arr)))
		return rc;
	vg_jpath_key(sub, path, "response");
	json_array_foreach (arr, i, v) {
		vg_jpath_index(item, sub, i);
		if (!json_is_string(v))
			rc = vg_error_set(VG_EPARSE, "%s: expected a string, found %s", item,
					  vg_json_type_name(v));
		else
			rc = check_enum(json_string_value(v), responses,
					sizeof(responses) / sizeof(responses[0]), item, "response");
		if (rc || (rc = vg_buf_printf(&b, "%s%s", i ? ", " : "", json_string_value(v))))
			break;
	}
	if (!rc && b.len)
		*out = vg_buf_detach(&b);
	vg_buf_free(&b);
	return rc;
}

/* references[].id become aliases. */
static int read_aliases(vg_vex_statement *st, const json_t *vuln, const char *path)
{
	char sub[VG_JPATH_MAX], item[VG_JPATH_MAX];
	const char *id;
	json_t *refs, *r;
	size_t i;
	int rc;

	if ((rc = object_array(vuln, "references", path, &refs)))
		return rc;
	vg_jpath_key(sub, path, "references");
	json_array_foreach (refs, i, r) {
		if ((rc = opt_string(r, "id", vg_jpath_index(item, sub, i), &id)))
			return rc;
		if (id && *id && strcmp(id, st->vulnerability) && !vg_strlist_contains(&st->aliases, id) &&
		    (rc = vg_strlist_add(&st->aliases, id)))
			return rc;
	}
	return VG_OK;
}

/*
 * versions[] of one affects entry as the product's versions: each item's
 * version or range (a vers: URI, which must parse), one per line.
 */
static int read_versions(const json_t *versions, const char *path, char **out)
{
	char item[VG_JPATH_MAX], at[VG_JPATH_MAX];
	const char *version, *range;
	vg_buf b = VG_BUF_INIT;
	vg_vers *vers;
	json_t *v;
	size_t i;
	int rc = VG_OK;

	json_array_foreach (versions, i, v) {
		vg_jpath_index(item, path, i);
		if ((rc = opt_string(v, "version", item, &version)) ||
		    (rc = opt_string(v, "range", item, &range)))
			break;
		if (range && !version) {
			if ((rc = vg_vers_parse(range, 0, &vers))) {
				vg_error_prefix("%s: ", vg_jpath_key(at, item, "range"));
				break;
			}
			vg_vers_free(vers);
		}
		if (!(version ? version : range) || !*(version ? version : range) ||
		    strchr(version ? version : range, '\n')) {
			rc = vg_error_set(VG_EPARSE, "%s: a version or a range is needed", item);
			break;
		}
		if ((rc = vg_buf_printf(&b, "%s%s", b.len ? "\n" : "", version ? version : range)))
			break;
	}
	if (!rc && b.len)
		*out = vg_buf_detach(&b);
	vg_buf_free(&b);
	return rc;
}

/* affects[].ref become products, their versions[] the products' versions. */
static int read_affects(vg_vex_statement *st, const json_t *vuln, const char *path)
{
	char sub[VG_JPATH_MAX], item[VG_JPATH_MAX], at[VG_JPATH_MAX];
	const char *ref;
	json_t *affects, *a, *versions;
	char *list = NULL;
	size_t i;
	int rc;

	if ((rc = object_array(vuln, "affects", path, &affects)))
		return rc;
	vg_jpath_key(sub, path, "affects");
	json_array_foreach (affects, i, a) {
		vg_jpath_index(item, sub, i);
		if ((rc = vg_json_get_string(a, "ref", item, true, &ref)) ||
		    (rc = object_array(a, "versions", item, &versions)) ||
		    (rc = read_versions(versions, vg_jpath_key(at, item, "versions"), &list)) ||
		    (rc = vg_vexio_add_product(st, ref, vg_jpath_key(at, item, "ref")))) {
			free(list);
			return rc;
		}
		if (list) {
			free(st->versions.items[st->versions.count - 1]);
			st->versions.items[st->versions.count - 1] = list;
			list = NULL;
		}
	}
	return VG_OK;
}

/* The first non-empty time of analysis, vulnerability, BOM metadata. */
static int read_time(vg_vex_statement *st, const json_t *analysis, const json_t *vuln,
		     const char *path, const json_t *root)
{
	char apath[VG_JPATH_MAX], sub[VG_JPATH_MAX];
	const struct {
		const json_t *obj;
		const char *path, *key;
	} at[] = {
		{ analysis, vg_jpath_key(apath, path, "analysis"), "lastUpdated" },
		{ analysis, apath, "firstIssued" },
		{ vuln, path, "updated" },
		{ vuln, path, "published" },
		{ json_object_get(root, "metadata"), "$.metadata", "timestamp" },
	};
	const char *t;
	size_t i;
	int rc;

	for (i = 0; i < sizeof(at) / sizeof(at[0]); i++) {
		if (!json_is_object(at[i].obj))
			continue;
		if ((rc = opt_string(at[i].obj, at[i].key, at[i].path, &t)))
			return rc;
		if (t && *t)
			return vg_vexio_set_time(st, t, vg_jpath_key(sub, at[i].path, at[i].key));
	}
	return VG_OK;
}

static int read_vulnerability(vg_vex *out, const json_t *vuln, const char *path,
			      const json_t *root, const char *name)
{
	char apath[VG_JPATH_MAX], sub[VG_JPATH_MAX];
	const char *id, *state, *just, *detail, *recommendation;
	json_t *analysis = NULL;
	vg_vex_statement *st;
	int rc;

	if ((rc = vg_json_get_object(vuln, "analysis", path, false, &analysis)))
		return rc;
	vg_jpath_key(apath, path, "analysis");
	if (!analysis || (rc = opt_string(analysis, "state", apath, &state)) || !state)
		return rc;
	if ((rc = opt_string(vuln, "id", path, &id)) ||
	    (rc = opt_string(vuln, "recommendation", path, &recommendation)) ||
	    (rc = opt_string(analysis, "justification", apath, &just)) ||
	    (rc = opt_string(analysis, "detail", apath, &detail)))
		return rc;
	if (!id || !*id)
		return vg_error_set(VG_EPARSE, "%s: the vulnerability has no id",
				    vg_jpath_key(sub, path, "id"));
	if (just && (rc = check_enum(just, justifications,
				     sizeof(justifications) / sizeof(justifications[0]),
				     vg_jpath_key(sub, apath, "justification"), "justification")))
		return rc;
	if (!(st = vg_vexio_add(out, VG_VEX_CYCLONEDX, name, path)))
		return VG_ENOMEM;
	if ((rc = read_status(st, state, vg_jpath_key(sub, apath, "state"))) ||
	    (rc = vg_vexio_set(&st->vulnerability, id)) || (rc = read_aliases(st, vuln, path)) ||
	    (rc = read_affects(st, vuln, path)) || (rc = vg_vexio_set(&st->justification, just)) ||
	    (rc = vg_vexio_set(&st->impact, detail)) ||
	    (rc = read_response(analysis, apath, &st->action)) ||
	    (!st->action && (rc = vg_vexio_set(&st->action, recommendation))))
		return rc;
	return read_time(st, analysis, vuln, path, root);
}

/* The impact text of a patch's statements: its type and diff URL. */
static int patch_impact(const json_t *patch, const char *path, char **out)
{
	char dpath[VG_JPATH_MAX];
	const char *type, *url = NULL;
	json_t *diff = NULL;
	int rc;

	if ((rc = opt_string(patch, "type", path, &type)) ||
	    (rc = vg_json_get_object(patch, "diff", path, false, &diff)) ||
	    (diff && (rc = opt_string(diff, "url", vg_jpath_key(dpath, path, "diff"), &url))))
		return rc;
	*out = vg_strdup_printf("patched in the component's pedigree (%s patch%s%s)",
				type ? type : "a", url ? ", " : "", url ? url : "");
	return *out ? VG_OK : vg_error_set(VG_ENOMEM, "out of memory");
}

/* One resolved issue of a patch: a statement when it is a security issue. */
static int read_resolved(vg_vex *out, const json_t *issue, const char *path,
			 const char *product, const char *impact, const json_t *root,
			 const char *name)
{
	const char *type, *id, *title;
	vg_vex_statement *st;
	int rc;

	if ((rc = opt_string(issue, "type", path, &type)) ||
	    (rc = opt_string(issue, "id", path, &id)) ||
	    (rc = opt_string(issue, "name", path, &title)))
		return rc;
	if (!type || strcmp(type, "security") || !((id && *id) || (title && *title)))
		return VG_OK;
	if (!id || !*id)
		id = title;
	if (!(st = vg_vexio_add(out, VG_VEX_CYCLONEDX, name, path)))
		return VG_ENOMEM;
	st->status = VG_VEX_FIXED;
	if ((rc = vg_vexio_set(&st->vulnerability, id)) ||
	    (title && *title && strcmp(title, id) && (rc = vg_strlist_add(&st->aliases, title))) ||
	    (rc = vg_vexio_add_product(st, product, path)) || (rc = vg_vexio_set(&st->impact, impact)))
		return rc;
	return read_time(st, NULL, NULL, path, root);
}

/* The security issues the component's pedigree patches resolve. */
static int read_pedigree(vg_vex *out, const json_t *component, const char *path,
			 const json_t *root, const char *name)
{
	char ppath[VG_JPATH_MAX], sub[VG_JPATH_MAX], item[VG_JPATH_MAX], rsub[VG_JPATH_MAX],
		ritem[VG_JPATH_MAX];
	const char *ref, *purl;
	json_t *pedigree = NULL, *patches, *patch, *resolves, *issue;
	char *impact = NULL;
	size_t i, j;
	int rc;

	if ((rc = vg_json_get_object(component, "pedigree", path, false, &pedigree)) || !pedigree)
		return rc;
	vg_jpath_key(ppath, path, "pedigree");
	if ((rc = opt_string(component, "bom-ref", path, &ref)) ||
	    (rc = opt_string(component, "purl", path, &purl)) ||
	    (rc = object_array(pedigree, "patches", ppath, &patches)))
		return rc;
	if (!(ref && *ref) && !(purl && *purl))
		return VG_OK;
	vg_jpath_key(sub, ppath, "patches");
	json_array_foreach (patches, i, patch) {
		vg_jpath_index(item, sub, i);
		if ((rc = object_array(patch, "resolves", item, &resolves)) ||
		    (resolves && (rc = patch_impact(patch, item, &impact))))
			return rc;
		vg_jpath_key(rsub, item, "resolves");
		json_array_foreach (resolves, j, issue)
			if ((rc = read_resolved(out, issue, vg_jpath_index(ritem, rsub, j),
						ref && *ref ? ref : purl, impact, root, name)))
				break;
		free(impact);
		impact = NULL;
		if (rc)
			return rc;
	}
	return VG_OK;
}

/* read_pedigree() over the components at `path` and those they nest. */
static int read_components(vg_vex *out, const json_t *parent, const char *path,
			   const json_t *root, const char *name)
{
	char sub[VG_JPATH_MAX], item[VG_JPATH_MAX];
	json_t *components, *c;
	size_t i;
	int rc;

	if ((rc = object_array(parent, "components", path, &components)))
		return rc;
	vg_jpath_key(sub, path, "components");
	json_array_foreach (components, i, c) {
		vg_jpath_index(item, sub, i);
		if ((rc = read_pedigree(out, c, item, root, name)) ||
		    (rc = read_components(out, c, item, root, name)))
			return rc;
	}
	return VG_OK;
}

int vg_vexio_cyclonedx(vg_vex *out, const json_t *root, const char *name)
{
	char item[VG_JPATH_MAX];
	json_t *vulns = NULL, *v, *metadata = NULL, *primary = NULL;
	size_t i;
	int rc;

	if ((rc = vg_json_get_array(root, "vulnerabilities", "$", false, &vulns)))
		return rc;
	json_array_foreach (vulns, i, v) {
		vg_jpath_index(item, "$.vulnerabilities", i);
		if ((rc = vg_json_expect_object(v, item)) ||
		    (rc = read_vulnerability(out, v, item, root, name)))
			return rc;
	}
	if ((rc = vg_json_get_object(root, "metadata", "$", false, &metadata)) ||
	    (metadata && (rc = vg_json_get_object(metadata, "component", "$.metadata", false,
						  &primary))) ||
	    (primary && (rc = read_pedigree(out, primary, "$.metadata.component", root, name))))
		return rc;
	return read_components(out, root, "$", root, name);
}
