/*
 * csaf_vex.c - CSAF 2.0 VEX: product_status lists joined with the product
 * tree (read by the csaf module, vigil/csaf.h) into VEX statements.
 *
 * Each (vulnerability, product_status list) gives statements: the products
 * of the list that share the same justification, impact and action make one
 * statement, so a list whose products carry different flags splits.  Lists
 * map to statuses as known_not_affected -> not_affected; known_affected,
 * first_affected, last_affected -> affected; fixed, first_fixed -> fixed;
 * under_investigation -> under_investigation; `recommended` says nothing
 * about being affected and is skipped.
 *
 * A product is named by its purl and CPE; a relationship product without
 * them by its component's (product_reference); a product with none of these
 * by its product_id, which then matches nothing but a bom-ref of that name.
 * The justification is the label of the first flag covering the product,
 * the impact the details of the first threat of category "impact", the
 * action the details of the first remediation ("category: details").  The
 * vulnerability is its cve, else its first ids[] text; the other ids are
 * aliases.  The time is the document's current_release_date.
 */
#include "vex_internal.h"

#include "vigil/csaf.h"
#include "vigil/error.h"

#include <stdlib.h>
#include <string.h>

/* The VEX status of a product_status list; false for lists that carry none. */
static bool list_status(vg_csaf_status list, vg_vex_status *out)
{
	switch (list) {
	case VG_CSAF_KNOWN_NOT_AFFECTED: *out = VG_VEX_NOT_AFFECTED; return true;
	case VG_CSAF_KNOWN_AFFECTED:
	case VG_CSAF_FIRST_AFFECTED:
	case VG_CSAF_LAST_AFFECTED: *out = VG_VEX_AFFECTED; return true;
	case VG_CSAF_FIXED:
	case VG_CSAF_FIRST_FIXED: *out = VG_VEX_FIXED; return true;
	case VG_CSAF_UNDER_INVESTIGATION: *out = VG_VEX_UNDER_INVESTIGATION; return true;
	default: return false;
	}
}

/* What one product of a list is told: pointers into the CSAF document. */
typedef struct claim {
	const char *justification, *impact;
	const vg_csaf_remediation *remediation;
} claim;

static claim claim_for(const vg_csaf_vuln *v, const char *id)
{
	claim c = { NULL, NULL, NULL };
	size_t i;

	for (i = 0; i < v->nflags && !c.justification; i++)
		if (vg_strlist_contains(&v->flags[i].product_ids, id))
			c.justification = v->flags[i].label;
	for (i = 0; i < v->nthreats && !c.impact; i++)
		if (v->threats[i].category && !strcmp(v->threats[i].category, "impact") &&
		    vg_strlist_contains(&v->threats[i].product_ids, id))
			c.impact = v->threats[i].details;
	for (i = 0; i < v->nremediations && !c.remediation; i++)
		if (vg_strlist_contains(&v->remediations[i].product_ids, id))
			c.remediation = &v->remediations[i];
	return c;
}

static bool same_str(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static bool same_claim(const claim *a, const claim *b)
{
	return same_str(a->justification, b->justification) && same_str(a->impact, b->impact) &&
	       a->remediation == b->remediation;
}

/* Statement fields that do not depend on the products. */
static int fill(vg_vex_statement *st, const vg_csaf_doc *doc, const vg_csaf_vuln *v,
		const claim *c, vg_vex_status status)
{
	const vg_csaf_remediation *r = c->remediation;
	size_t i;
	int rc;

	st->status = status;
	if ((rc = vg_vexio_set(&st->vulnerability, v->cve ? v->cve : v->ids[0].text)))
		return rc;
	for (i = 0; i < v->nids; i++)
		if (v->ids[i].text && *v->ids[i].text && strcmp(v->ids[i].text, st->vulnerability) &&
		    (rc = vg_strlist_add(&st->aliases, v->ids[i].text)))
			return rc;
	if ((rc = vg_vexio_set(&st->justification, c->justification)) ||
	    (rc = vg_vexio_set(&st->impact, c->impact)) ||
	    (rc = vg_vexio_set_time(st, doc->current_release_date, "$.document.tracking.current_release_date")))
		return rc;
	if (r && r->details) {
		st->action = r->category ? vg_strdup_printf("%s: %s", r->category, r->details)
					 : vg_strdup(r->details);
		if (!st->action)
			return VG_ENOMEM;
	}
	return VG_OK;
}

/* The product's identifiers as statement products. */
static int add_product(vg_vex_statement *st, const vg_csaf_doc *doc, const char *id,
		       const char *path)
{
	const vg_csaf_product *p = vg_csaf_product_find(doc, id);
	int rc = VG_OK;

	if (p && !p->purl && !p->cpe && p->product_reference) {
		const vg_csaf_product *comp = vg_csaf_product_find(doc, p->product_reference);

		if (comp && (comp->purl || comp->cpe))
			p = comp;
	}
	if (p && p->purl)
		rc = vg_vexio_add_product(st, p->purl, path);
	if (!rc && p && p->cpe)
		rc = vg_vexio_add_product(st, p->cpe, path);
	if (!rc && (!p || (!p->purl && !p->cpe)))
		rc = vg_vexio_add_product(st, id, path);
	return rc;
}

/* One product_status list: one statement per distinct claim. */
static int read_list(vg_vex *out, const vg_csaf_doc *doc, const vg_csaf_vuln *v,
		     vg_csaf_status list, const char *path, const char *name)
{
	const vg_strlist *ids = &v->status[list];
	size_t first = out->count, i, g, groups = 0;
	claim *claims;
	vg_vex_status status;
	char item[VG_JPATH_MAX];
	int rc = VG_OK;

	if (!ids->count || !list_status(list, &status))
		return VG_OK;
	if (!(claims = calloc(ids->count, sizeof(*claims))))
		return vg_error_set(VG_ENOMEM, "out of memory");
	for (i = 0; i < ids->count && !rc; i++) {
		claim c = claim_for(v, ids->items[i]);

		for (g = 0; g < groups && !same_claim(&claims[g], &c); g++)
			;
		if (g == groups) {
			claims[groups++] = c;
			if (!vg_vexio_add(out, VG_VEX_CSAF, name, path))
				rc = VG_ENOMEM;
			else
				rc = fill(&out->statements[out->count - 1], doc, v, &c, status);
		}
		if (!rc)
			rc = add_product(&out->statements[first + g], doc, ids->items[i],
					 vg_jpath_index(item, path, i));
	}
	free(claims);
	return rc;
}

int vg_vexio_csaf(vg_vex *out, const char *data, size_t len, const char *name)
{
	vg_csaf_doc *doc = NULL;
	char path[VG_JPATH_MAX], sub[VG_JPATH_MAX];
	size_t i;
	int s, rc = vg_csaf_parse(data, len, name, &doc);

	for (i = 0; !rc && i < doc->nvulns; i++) {
		const vg_csaf_vuln *v = &doc->vulns[i];

		vg_jpath_index(path, "$.vulnerabilities", i);
		if (!v->cve && (!v->nids || !v->ids[0].text || !*v->ids[0].text)) {
			rc = vg_error_set(VG_EPARSE, "%s: %s: the vulnerability has no cve or ids",
					  name, path);
			break;
		}
		for (s = 0; !rc && s < VG_CSAF_STATUS_COUNT; s++) {
			vg_jpath_key(sub, vg_jpath_key(sub, path, "product_status"),
				     vg_csaf_status_name((vg_csaf_status)s));
			if ((rc = read_list(out, doc, v, (vg_csaf_status)s, sub, name)))
				vg_error_prefix("%s: ", name);
		}
	}
	vg_csaf_free(doc);
	return rc;
}
