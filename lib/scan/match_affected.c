/*
 * match_affected.c - a package against the affected[] entries of its
 * ecosystem: OSV ranges and version lists, evaluated with the ecosystem's
 * version order (vigil/range.h), and the distro trackers' statuses.
 *
 * An entry the distro marks "not_affected" is a hit too: it tells scan.c to
 * drop the vulnerability for this package whatever another record says.
 * An entry whose ranges cannot be evaluated (a version the scheme rejects)
 * is skipped with a warning naming the record: a scanner must say what it
 * could not check rather than guess.
 */
#include "scan_internal.h"
#include "vigil/buf.h"
#include "vigil/error.h"
#include "vigil/range.h"
#include "vigil/str.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

typedef struct affected_ctx {
	const scan_package *pkg;
	scan_hits *hits;
	int rc; /* the filter's failure (memory), reported after the walk */
} affected_ctx;

static const char *or_unknown(const char *s)
{
	return s ? s : "?";
}

/* "introduced 0, fixed 1.2-3" for every range; "versions 1.0, 1.1" for a list. */
static char *describe(const json_t *ranges, const json_t *versions, bool listed)
{
	vg_buf b = VG_BUF_INIT;
	size_t i, j;
	const json_t *range, *event;
	const char *key;
	json_t *value;

	if (listed)
		vg_buf_printf(&b, "listed as an affected version");
	json_array_foreach(ranges, i, range) {
		if (b.len)
			vg_buf_printf(&b, "; ");
		vg_buf_printf(&b, "%s:", or_unknown(json_string_value(json_object_get(range, "type"))));
		json_array_foreach(json_object_get(range, "events"), j, event) {
			json_object_foreach((json_t *)event, key, value)
				vg_buf_printf(&b, "%s %s %s", j ? "," : "", key,
					      or_unknown(json_string_value(value)));
		}
	}
	if (!b.len && !listed && json_array_size(versions))
		vg_buf_printf(&b, "%zu listed versions", json_array_size(versions));
	return vg_buf_detach(&b);
}

static int split_fixed(const char *fixed, vg_strlist *out)
{
	const char *p = fixed, *comma;
	char *one;
	int rc = VG_OK;

	while (p && *p && rc == VG_OK) {
		comma = strchr(p, ',');
		one = comma ? vg_strndup(p, (size_t)(comma - p)) : vg_strdup(p);
		rc = one ? vg_strlist_take(out, one) : vg_error_set(VG_ENOMEM, "out of memory");
		p = comma ? comma + 1 : NULL;
	}
	return rc;
}

/* Whether the version is inside the entry: listed, or in one of its ranges. */
static int entry_contains(const scan_package *pkg, json_t *ranges, json_t *versions,
			  bool *inside, bool *listed)
{
	vg_osv_range *built[64];
	size_t nbuilt = 0, i;
	json_t *item;
	int rc = VG_OK;

	*listed = false;
	json_array_foreach(versions, i, item)
		if (json_is_string(item) && !strcmp(json_string_value(item), pkg->version))
			*listed = true;
	if (*listed) {
		*inside = true;
		return VG_OK;
	}
	if (json_array_size(ranges) > sizeof(built) / sizeof(built[0]))
		return vg_error_set(VG_ELIMIT, "%zu ranges (at most %zu are evaluated)",
				    json_array_size(ranges), sizeof(built) / sizeof(built[0]));
	json_array_foreach(ranges, i, item) {
		rc = vg_osv_range_from_json(item, "ranges", pkg->scheme, &built[nbuilt]);
		if (rc)
			break;
		nbuilt++;
	}
	if (rc == VG_OK)
		rc = vg_osv_affected_contains(NULL, 0, (const vg_osv_range *const *)built, nbuilt,
					      pkg->version, inside);
	for (i = 0; i < nbuilt; i++)
		vg_osv_range_free(built[i]);
	return rc;
}

static int add_hit(const vg_affected_row *row, affected_ctx *ctx, json_t *ranges,
		   json_t *versions, bool listed)
{
	scan_hit *h;
	int rc = scan_hits_add(ctx->hits, &h);

	if (rc)
		return rc;
	h->vuln = row->vuln;
	h->kind = ctx->pkg->kind;
	h->not_affected = row->status && !strcmp(row->status, "not_affected");
	h->source = vg_strdup(row->source);
	h->record_id = vg_strdup(row->record_id);
	h->ecosystem = vg_strdup(row->ecosystem);
	h->matched = h->not_affected ? vg_strdup("the distribution marks it not affected")
				     : describe(ranges, versions, listed);
	h->distro_status = row->status && !h->not_affected ? vg_strdup(row->status) : NULL;
	h->summary = row->summary ? vg_strdup(row->summary) : NULL;
	if (!h->source || !h->record_id || !h->ecosystem || !h->matched ||
	    (row->status && !h->not_affected && !h->distro_status) ||
	    (row->summary && !h->summary))
		return vg_error_set(VG_ENOMEM, "out of memory");
	return split_fixed(row->fixed, &h->fixed);
}

static int on_affected(const vg_affected_row *row, void *arg)
{
	affected_ctx *ctx = arg;
	json_t *ranges = row->ranges ? json_loads(row->ranges, 0, NULL) : NULL;
	json_t *versions = row->versions ? json_loads(row->versions, 0, NULL) : NULL;
	bool inside = false, listed = false;
	int rc = VG_OK;

	if (row->status && !strcmp(row->status, "not_affected")) {
		rc = add_hit(row, ctx, NULL, NULL, false);
	} else if (ranges || versions) {
		if (entry_contains(ctx->pkg, ranges, versions, &inside, &listed) != VG_OK) {
			vg_error_prefix("%s %s, %s %s: ", row->source, row->record_id,
					ctx->pkg->ecosystem, ctx->pkg->name);
			rc = scan_warn(ctx->hits->warnings, "%s (entry skipped)", vg_error_message());
		} else if (inside) {
			rc = add_hit(row, ctx, ranges, versions, listed);
		}
	}
	json_decref(ranges);
	json_decref(versions);
	return rc;
}

/*
 * Entries with compact events that certainly do not hold the version are
 * skipped unread; every other entry (a possible hit, a distro status, one
 * without events) is evaluated from its JSON above, so the result does not
 * depend on which entries have events.
 */
static bool may_hit(const char *status, const char *events, void *arg)
{
	affected_ctx *ctx = arg;
	bool maybe = true;

	if (ctx->rc || !events || (status && !strcmp(status, "not_affected")))
		return true;
	ctx->rc = vg_vulndb_events_may_match(events, ctx->pkg->scheme, ctx->pkg->version, &maybe);
	return maybe;
}

int scan_match_affected(vg_vulndb *db, const scan_package *pkg, scan_hits *hits)
{
	affected_ctx ctx = { pkg, hits, VG_OK };
	int rc = vg_vulndb_each_affected(db, pkg->ecosystem, pkg->name, may_hit, on_affected,
					 &ctx);

	if (rc == VG_OK && pkg->alt_name)
		rc = vg_vulndb_each_affected(db, pkg->ecosystem, pkg->alt_name, may_hit,
					     on_affected, &ctx);
	return rc ? rc : ctx.rc;
}
