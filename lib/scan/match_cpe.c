/*
 * match_cpe.c - components with CPEs against NVD / CVE 5 configurations.
 *
 * A configuration is nodes combined by its operator (AND: all must hold),
 * each node its cpeMatch entries combined by the node's operator, either
 * possibly negated (schema.c).  An entry holds when some CPE of the SBOM
 * matches its criteria (every attribute but the version, NISTIR 7696) and
 * the CPE's version lies within the entry's bounds.  The whole SBOM counts,
 * because NVD's AND configurations pair the vulnerable software with the
 * platform it runs on ("firmware X on hardware Y"): the platform entry is
 * `vulnerable: false` and must be present, but is never itself a finding.
 *
 * Versions compare in the generic dotted order, except OpenSSL's letter
 * releases (1.1.1w), which have their own scheme.  A component without a
 * version matches only entries that cover every version.  A hit on such an
 * entry is LOW confidence, the others MEDIUM (vigil/scan.h): NVD lists a
 * product as affected in all its versions when nobody has worked out which,
 * and then only the names say the component is that product.
 */
#include "scan_internal.h"
#include "vigil/buf.h"
#include "vigil/error.h"
#include "vigil/range.h"
#include "vigil/str.h"

#include <stdlib.h>
#include <string.h>

/* A WFN value without its escaping backslashes ("3\.0\.2" -> "3.0.2"). */
static char *wfn_plain(const char *wfn)
{
	char *out = malloc(strlen(wfn) + 1), *o = out;

	if (!out)
		return NULL;
	for (; *wfn; wfn++) {
		if (*wfn == '\\' && wfn[1])
			wfn++;
		*o++ = *wfn;
	}
	*o = '\0';
	return out;
}

/* Read one CPE of component c: its version (the CPE's, else the component's)
 * is set aside so the name can be matched with the version ANY. */
static int scan_cpe_read(scan_cpe *sc, const char *text, const vg_component *c)
{
	if (vg_cpe_parse(text, &sc->cpe) != VG_OK)
		return VG_EPARSE;
	sc->version_na = vg_cpe_kind(&sc->cpe, VG_CPE_VERSION) == VG_CPE_NA;
	sc->version = vg_cpe_kind(&sc->cpe, VG_CPE_VERSION) == VG_CPE_VALUE
			      ? wfn_plain(vg_cpe_value(&sc->cpe, VG_CPE_VERSION))
			      : (c->version ? vg_strdup(c->version) : NULL);
	vg_cpe_set_kind(&sc->cpe, VG_CPE_VERSION, VG_CPE_ANY);
	return VG_OK;
}

static void collect_from(const vg_component *c, scan_cpes *out)
{
	size_t j;

	for (j = 0; c && j < c->cpes.count; j++)
		if (scan_cpe_read(&out->items[out->count], c->cpes.items[j], c) == VG_OK)
			out->count++; /* else: the SBOM reader already warned */
}

int scan_cpes_collect(const vg_sbom *sbom, scan_cpes *out)
{
	size_t i, total = sbom->primary ? sbom->primary->cpes.count : 0;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < sbom->component_count; i++)
		total += sbom->components[i]->cpes.count;
	if (!total)
		return VG_OK;
	out->items = calloc(total, sizeof(*out->items));
	if (!out->items)
		return vg_error_set(VG_ENOMEM, "out of memory");
	collect_from(sbom->primary, out);
	for (i = 0; i < sbom->component_count; i++)
		collect_from(sbom->components[i], out);
	return VG_OK;
}

void scan_cpes_clear(scan_cpes *cpes)
{
	size_t i;

	for (i = 0; i < cpes->count; i++)
		free(cpes->items[i].version);
	free(cpes->items);
	memset(cpes, 0, sizeof(*cpes));
}

/* An entry's criteria with its version set aside, ready to match. */
typedef struct entry {
	vg_cpe criteria;     /* version ANY */
	vg_nvd_bounds bounds;
	char *version;       /* the criteria's own version, plain; NULL = "*" */
	vg_version_scheme scheme;
} entry;

static int entry_init(entry *e, const vg_cpe_row *row)
{
	enum vg_cpe_kind kind;
	int rc;

	memset(e, 0, sizeof(*e));
	rc = vg_cpe_parse(row->criteria, &e->criteria);
	if (rc)
		return rc;
	kind = vg_cpe_kind(&e->criteria, VG_CPE_VERSION);
	if (kind == VG_CPE_VALUE &&
	    !(e->version = wfn_plain(vg_cpe_value(&e->criteria, VG_CPE_VERSION))))
		return vg_error_set(VG_ENOMEM, "out of memory");
	e->bounds.version = kind == VG_CPE_NA ? "-" : e->version;
	if (row->version_start)
		*(row->start_including ? &e->bounds.start_including : &e->bounds.start_excluding) =
			row->version_start;
	if (row->version_end)
		*(row->end_including ? &e->bounds.end_including : &e->bounds.end_excluding) =
			row->version_end;
	vg_cpe_set_kind(&e->criteria, VG_CPE_VERSION, VG_CPE_ANY);
	e->scheme = vg_cpe_value(&e->criteria, VG_CPE_PRODUCT) &&
				    !strcmp(vg_cpe_value(&e->criteria, VG_CPE_PRODUCT), "openssl")
			    ? VG_VERSION_OPENSSL
			    : VG_VERSION_GENERIC;
	return VG_OK;
}

/* Whether the entry covers every version of its product: no version of
 * its own, no bounds. */
static bool entry_all_versions(const entry *e)
{
	return !e->bounds.version && !e->bounds.start_including && !e->bounds.start_excluding &&
	       !e->bounds.end_including && !e->bounds.end_excluding;
}

static bool entry_matches(const entry *e, const scan_cpe *target)
{
	bool inside = false;

	if (!vg_cpe_match(&e->criteria, &target->cpe))
		return false;
	if (e->bounds.version && !strcmp(e->bounds.version, "-"))
		return target->version_na; /* hardware and the like: no versions at all */
	if (!target->version)
		return entry_all_versions(e);
	if (vg_nvd_bounds_contains(e->scheme, &e->bounds, target->version, &inside) != VG_OK)
		return false; /* a version the scheme cannot order is no match */
	return inside;
}

static bool entry_matches_any(const entry *e, const scan_cpes *all)
{
	size_t i;

	for (i = 0; i < all->count; i++)
		if (entry_matches(e, &all->items[i]))
			return true;
	return false;
}

/* Evaluating one configuration, node after node. */
typedef struct config_eval {
	const scan_cpes *all;
	int node;             /* the node being combined, -1 before the first */
	bool node_and, node_negate, node_value;
	bool config_and, config_negate, config_value;
	size_t nodes;
	int rc;
} config_eval;

static void close_node(config_eval *ev)
{
	bool v = ev->node_value != ev->node_negate;

	if (ev->node < 0)
		return;
	ev->config_value = ev->nodes == 1 ? v : ev->config_and ? ev->config_value && v
							       : ev->config_value || v;
}

static int on_config_entry(const vg_cpe_row *row, void *arg)
{
	config_eval *ev = arg;
	entry e;
	bool m;
	int rc;

	if (row->node != ev->node) {
		close_node(ev);
		ev->node = row->node;
		ev->nodes++;
		ev->node_and = row->node_operator && !strcmp(row->node_operator, "AND");
		ev->node_negate = row->node_negate;
		ev->node_value = ev->node_and; /* AND starts true, OR false */
		ev->config_and = row->config_operator && !strcmp(row->config_operator, "AND");
		ev->config_negate = row->config_negate;
	}
	rc = entry_init(&e, row);
	if (rc) {
		free(e.version);
		return rc;
	}
	m = entry_matches_any(&e, ev->all);
	free(e.version);
	ev->node_value = ev->node_and ? ev->node_value && m : ev->node_value || m;
	return VG_OK;
}

static int config_holds(vg_vulndb *db, const vg_cpe_row *row, const scan_cpes *all, bool *holds,
			size_t *nodes)
{
	config_eval ev = { .all = all, .node = -1 };
	int rc = vg_vulndb_each_cpe_config(db, row->record, row->config, on_config_entry, &ev);

	if (rc)
		return rc;
	close_node(&ev);
	*holds = ev.nodes > 0 && ev.config_value != ev.config_negate;
	*nodes = ev.nodes;
	return VG_OK;
}

typedef struct cpe_ctx {
	vg_vulndb *db;
	const scan_cpes *all;
	scan_cpe self;        /* the component's CPE being looked up */
	scan_hits *hits;
} cpe_ctx;

static char *describe(const vg_cpe_row *row, size_t nodes)
{
	vg_buf b = VG_BUF_INIT;

	vg_buf_puts(&b, row->criteria);
	if (row->version_start)
		vg_buf_printf(&b, " %s %s", row->start_including ? ">=" : ">", row->version_start);
	if (row->version_end)
		vg_buf_printf(&b, "%s %s %s", row->version_start ? "," : "",
			      row->end_including ? "<=" : "<", row->version_end);
	if (nodes > 1)
		vg_buf_printf(&b, " (configuration %d: %zu nodes, all present)", row->config, nodes);
	return vg_buf_detach(&b);
}

static int add_hit(cpe_ctx *ctx, const vg_cpe_row *row, size_t nodes, bool all_versions)
{
	scan_hit *h;
	int rc = scan_hits_add(ctx->hits, &h);

	if (rc)
		return rc;
	h->vuln = row->vuln;
	h->kind = VG_MATCH_CPE;
	h->confidence = all_versions ? VG_CONFIDENCE_LOW : VG_CONFIDENCE_MEDIUM;
	h->source = vg_strdup(row->source);
	h->record_id = vg_strdup(row->record_id);
	h->matched = describe(row, nodes);
	if (!h->source || !h->record_id || !h->matched)
		return vg_error_set(VG_ENOMEM, "out of memory");
	if (row->version_end && !row->end_including)
		return vg_strlist_add(&h->fixed, row->version_end);
	return VG_OK;
}

static int on_candidate(const vg_cpe_row *row, void *arg)
{
	cpe_ctx *ctx = arg;
	entry e;
	bool matches, all_versions, holds = false;
	size_t nodes = 0;
	int rc;

	if (!row->vulnerable)
		return VG_OK; /* a platform: needed by its configuration, never a finding */
	rc = entry_init(&e, row);
	matches = rc == VG_OK && entry_matches(&e, &ctx->self);
	all_versions = entry_all_versions(&e);
	free(e.version);
	if (rc || !matches)
		return rc;
	rc = config_holds(ctx->db, row, ctx->all, &holds, &nodes);
	if (rc || !holds)
		return rc;
	return add_hit(ctx, row, nodes, all_versions);
}

int scan_match_cpe(vg_vulndb *db, const vg_component *c, const scan_cpes *all, scan_hits *hits)
{
	cpe_ctx ctx = { .db = db, .all = all, .hits = hits };
	const char *vendor, *product;
	size_t i;
	int rc = VG_OK;

	for (i = 0; i < c->cpes.count && rc == VG_OK; i++) {
		if (scan_cpe_read(&ctx.self, c->cpes.items[i], c) != VG_OK)
			continue;
		vendor = vg_cpe_value(&ctx.self.cpe, VG_CPE_VENDOR);
		product = vg_cpe_value(&ctx.self.cpe, VG_CPE_PRODUCT);
		/* "any vendor" or "any product" would match the whole database */
		if (vendor && product)
			rc = vg_vulndb_each_cpe_product(db, vendor, product, on_candidate, &ctx);
		free(ctx.self.version);
	}
	return rc;
}
