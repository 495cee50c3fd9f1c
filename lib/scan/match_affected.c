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
	/* The filter's verdict on the entry about to be read, and when it is
	 * inside, its description (owned here until a hit takes it). */
	vg_events_verdict verdict;
	char *matched;
} affected_ctx;

/*
 * Whether the version is inside the entry (listed, or in one of its ranges)
 * and, if so, *matched: what that rests on.  A listed version needs no range,
 * so ranges that do not build only cost it their description.
 */
static int entry_contains(const scan_package *pkg, json_t *ranges, json_t *versions,
			  bool *inside, char **matched)
{
	vg_osv_range *built[64];
	size_t nbuilt = 0, i;
	bool listed = false;
	json_t *item;
	int rc = VG_OK;

	*inside = false;
	*matched = NULL;
	json_array_foreach(versions, i, item)
		if (json_is_string(item) && !strcmp(json_string_value(item), pkg->version))
			listed = true;
	if (json_array_size(ranges) > sizeof(built) / sizeof(built[0]))
		rc = vg_error_set(VG_ELIMIT, "%zu ranges (at most %zu are evaluated)",
				  json_array_size(ranges), sizeof(built) / sizeof(built[0]));
	for (i = 0; rc == VG_OK && i < json_array_size(ranges); i++)
		if ((rc = vg_osv_range_from_json(json_array_get(ranges, i), "ranges", pkg->scheme,
						 &built[nbuilt])) == VG_OK)
			nbuilt++;
	if (rc && listed) {
		vg_error_clear();
		rc = VG_OK;
		for (i = 0; i < nbuilt; i++)
			vg_osv_range_free(built[i]);
		nbuilt = 0;
	}
	if (rc == VG_OK)
		rc = listed ? VG_OK
			    : vg_osv_affected_contains(NULL, 0, (const vg_osv_range *const *)built,
						       nbuilt, pkg->version, inside);
	if (rc == VG_OK && (listed || *inside)) {
		*inside = true;
		*matched = vg_osv_ranges_describe((const vg_osv_range *const *)built, nbuilt, listed);
		if (!*matched)
			rc = vg_error_set(VG_ENOMEM, "out of memory");
	}
	for (i = 0; i < nbuilt; i++)
		vg_osv_range_free(built[i]);
	return rc;
}

/* A hit on row; `matched` (or NULL for a distro's "not affected") is taken. */
static int add_hit(const vg_affected_row *row, affected_ctx *ctx, char *matched)
{
	scan_hit *h;
	int rc = scan_hits_add(ctx->hits, &h);

	if (rc) {
		free(matched);
		return rc;
	}
	h->vuln = row->vuln;
	h->kind = ctx->pkg->kind;
	h->confidence = VG_CONFIDENCE_HIGH;
	h->not_affected = row->status && !strcmp(row->status, "not_affected");
	h->source = vg_strdup(row->source);
	h->record_id = vg_strdup(row->record_id);
	h->ecosystem = vg_strdup(row->ecosystem);
	h->matched = h->not_affected ? vg_strdup("the distribution marks it not affected")
				     : matched;
	if (h->not_affected)
		free(matched);
	h->distro_status = row->status && !h->not_affected ? vg_strdup(row->status) : NULL;
	h->summary = row->summary ? vg_strdup(row->summary) : NULL;
	if (!h->source || !h->record_id || !h->ecosystem || !h->matched ||
	    (row->status && !h->not_affected && !h->distro_status) ||
	    (row->summary && !h->summary))
		return vg_error_set(VG_ENOMEM, "out of memory");
	return vg_strlist_split(&h->fixed, row->fixed, ',');
}

/* An entry the compact events could not decide, from its JSON. */
static int evaluate_json(const vg_affected_row *row, affected_ctx *ctx)
{
	json_t *ranges = row->ranges ? json_loads(row->ranges, 0, NULL) : NULL;
	json_t *versions = row->versions ? json_loads(row->versions, 0, NULL) : NULL;
	char *matched = NULL;
	bool inside = false;
	int rc = VG_OK;

	if (ranges || versions) {
		if (entry_contains(ctx->pkg, ranges, versions, &inside, &matched) != VG_OK) {
			vg_error_prefix("%s %s, %s %s: ", row->source, row->record_id,
					ctx->pkg->ecosystem, ctx->pkg->name);
			rc = scan_warn(ctx->hits->warnings, "%s (entry skipped)", vg_error_message());
		} else if (inside) {
			rc = add_hit(row, ctx, matched);
		}
	}
	json_decref(ranges);
	json_decref(versions);
	return rc;
}

static int on_affected(const vg_affected_row *row, void *arg)
{
	affected_ctx *ctx = arg;
	char *matched = ctx->matched;

	ctx->matched = NULL;
	if (ctx->verdict == VG_EVENTS_INSIDE || (row->status && !strcmp(row->status, "not_affected")))
		return add_hit(row, ctx, matched);
	free(matched);
	return evaluate_json(row, ctx);
}

/*
 * The filter decides from the compact events where it can: outside, the
 * entry is skipped unread; inside, it is a hit, described from the events,
 * and only its record is read.  So is a distro's "not affected".  Every
 * other entry (one without events, one the events cannot decide) is read
 * whole and evaluated from its JSON.  vg_vulndb_each_affected() calls `fn`
 * for a kept entry right after `keep`, so the verdict waits in ctx for
 * on_affected.
 */
static vg_affected_read may_hit(const char *status, const char *events, void *arg)
{
	affected_ctx *ctx = arg;

	free(ctx->matched);
	ctx->matched = NULL;
	ctx->verdict = VG_EVENTS_UNKNOWN;
	if (ctx->rc)
		return VG_AFFECTED_SKIP;
	if (status && !strcmp(status, "not_affected"))
		return VG_AFFECTED_BRIEF;
	if (!events)
		return VG_AFFECTED_WHOLE;
	ctx->rc = vg_vulndb_events_verdict(events, ctx->pkg->scheme, ctx->pkg->version,
					   &ctx->verdict, &ctx->matched);
	return ctx->verdict == VG_EVENTS_OUTSIDE  ? VG_AFFECTED_SKIP
	       : ctx->verdict == VG_EVENTS_INSIDE ? VG_AFFECTED_BRIEF
						  : VG_AFFECTED_WHOLE;
}

/* The entries of the package spelt `name`, unless none of them can hold
 * its version. */
static int match_name(vg_vulndb *db, const char *name, affected_ctx *ctx)
{
	bool excluded;
	int rc = vg_vulndb_package_excludes(db, ctx->pkg->ecosystem, name, ctx->pkg->scheme,
					    ctx->pkg->version, &excluded);

	if (rc == VG_OK && !excluded)
		rc = vg_vulndb_each_affected(db, ctx->pkg->ecosystem, name, may_hit, on_affected,
					     ctx);
	return rc;
}

int scan_match_affected(vg_vulndb *db, const scan_package *pkg, scan_hits *hits)
{
	affected_ctx ctx = { pkg, hits, VG_OK, VG_EVENTS_UNKNOWN, NULL };
	int rc = match_name(db, pkg->name, &ctx);

	if (rc == VG_OK && pkg->alt_name)
		rc = match_name(db, pkg->alt_name, &ctx);
	free(ctx.matched);
	return rc ? rc : ctx.rc;
}
