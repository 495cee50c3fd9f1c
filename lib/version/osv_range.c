/*
 * osv_range.c - OSV affected ranges: building from events or JSON, sorting,
 * and the schema's evaluation algorithm (see include/vigil/range.h).
 */
#include "vigil/buf.h"
#include "vigil/error.h"
#include "vigil/json.h"
#include "vigil/range.h"
#include "vigil/str.h"

#include <stdlib.h>
#include <string.h>

static const char *const kind_names[] = { "introduced", "fixed", "last_affected", "limit" };
static const char *const type_names[] = { "SEMVER", "ECOSYSTEM", "GIT" };

const char *vg_osv_range_type_name(vg_osv_range_type type)
{
	return type_names[type];
}

const char *vg_osv_event_kind_name(vg_osv_event_kind kind)
{
	return kind_names[kind];
}

vg_osv_range *vg_osv_range_new(vg_osv_range_type type, vg_version_scheme scheme)
{
	vg_osv_range *r = calloc(1, sizeof(*r));

	if (!r) {
		vg_error_set(VG_ENOMEM, "out of memory");
		return NULL;
	}
	r->type = type;
	r->scheme = type == VG_OSV_RANGE_SEMVER ? VG_VERSION_SEMVER : scheme;
	return r;
}

char *vg_osv_ranges_describe(const vg_osv_range *const *ranges, size_t n, bool listed)
{
	vg_buf b = VG_BUF_INIT;
	size_t i, j;
	int rc = listed ? vg_buf_puts(&b, "listed as an affected version") : VG_OK;

	for (i = 0; rc == VG_OK && i < n; i++) {
		if (b.len)
			rc = vg_buf_puts(&b, "; ");
		if (rc == VG_OK)
			rc = vg_buf_puts(&b, type_names[ranges[i]->type]);
		if (rc == VG_OK)
			rc = vg_buf_putc(&b, ':');
		for (j = 0; rc == VG_OK && j < ranges[i]->nevents; j++) {
			if (j)
				rc = vg_buf_putc(&b, ',');
			if (rc == VG_OK)
				rc = vg_buf_putc(&b, ' ');
			if (rc == VG_OK)
				rc = vg_buf_puts(&b, kind_names[ranges[i]->events[j].kind]);
			if (rc == VG_OK)
				rc = vg_buf_putc(&b, ' ');
			if (rc == VG_OK)
				rc = vg_buf_puts(&b, ranges[i]->events[j].version);
		}
	}
	if (rc == VG_OK)
		return vg_buf_detach(&b);
	vg_buf_free(&b);
	return NULL;
}

void vg_osv_range_free(vg_osv_range *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->nevents; i++)
		free(r->events[i].version);
	free(r->events);
	free(r->repo);
	free(r);
}

int vg_osv_range_add(vg_osv_range *r, vg_osv_event_kind kind, const char *version)
{
	vg_osv_event *ev;
	char *copy;

	if (!r || !version || (unsigned)kind > VG_OSV_LIMIT)
		return vg_error_set(VG_EINVAL, "vg_osv_range_add: invalid argument");
	ev = realloc(r->events, (r->nevents + 1) * sizeof(*ev));
	if (!ev)
		return vg_error_set(VG_ENOMEM, "out of memory");
	r->events = ev;
	if (!(copy = vg_strdup(version)))
		return VG_ENOMEM;
	r->events[r->nevents].kind = kind;
	r->events[r->nevents++].version = copy;
	return VG_OK;
}

static bool is_zero(const vg_osv_event *e)
{
	return e->kind == VG_OSV_INTRODUCED && !strcmp(e->version, "0");
}

static bool is_infinity(const vg_osv_event *e)
{
	return e->kind == VG_OSV_LIMIT && !strcmp(e->version, "*");
}

/* Event order: by version ("0" first, "*" last), then introduced before the others. */
static int event_cmp(const vg_osv_range *r, const vg_osv_event *a, const vg_osv_event *b,
		     int *out)
{
	int rank_a = is_zero(a) ? -1 : is_infinity(a) ? 1 : 0;
	int rank_b = is_zero(b) ? -1 : is_infinity(b) ? 1 : 0;
	int rc;

	if (rank_a != rank_b || rank_a != 0) {
		*out = rank_a - rank_b;
	} else if ((rc = vg_version_compare(r->scheme, a->version, b->version, out)) != VG_OK) {
		return rc;
	}
	if (!*out)
		*out = (int)a->kind - (int)b->kind;
	return VG_OK;
}

int vg_osv_range_sort(vg_osv_range *r)
{
	size_t i, j;
	bool introduced = false;
	int rc, c;

	if (r->type == VG_OSV_RANGE_GIT)
		return VG_OK;
	for (i = 0; i < r->nevents; i++) {
		const vg_osv_event *e = &r->events[i];

		introduced = introduced || e->kind == VG_OSV_INTRODUCED;
		if (is_zero(e) || is_infinity(e))
			continue;
		if ((rc = vg_version_check(r->scheme, e->version)) != VG_OK)
			return vg_error_prefix("events[%zu].%s: ", i, kind_names[e->kind]);
	}
	if (!introduced)
		return vg_error_set(VG_EPARSE, "events: no 'introduced' event");
	/* insertion sort: event lists are short, and it is stable */
	for (i = 1; i < r->nevents; i++) {
		vg_osv_event key = r->events[i];

		for (j = i; j > 0; j--) {
			if ((rc = event_cmp(r, &r->events[j - 1], &key, &c)) != VG_OK)
				return rc;
			if (c <= 0)
				break;
			r->events[j] = r->events[j - 1];
		}
		r->events[j] = key;
	}
	return VG_OK;
}

static int below_limits(const vg_osv_range *r, const char *v, bool *below)
{
	size_t i;
	bool any = false;
	int c, rc;

	*below = false;
	for (i = 0; i < r->nevents && !*below; i++) {
		if (r->events[i].kind != VG_OSV_LIMIT)
			continue;
		any = true;
		if (is_infinity(&r->events[i])) {
			*below = true;
			break;
		}
		if ((rc = vg_version_compare(r->scheme, v, r->events[i].version, &c)) != VG_OK)
			return rc;
		*below = c < 0;
	}
	if (!any)
		*below = true;
	return VG_OK;
}

int vg_osv_range_contains(const vg_osv_range *r, const char *version, bool *inside)
{
	size_t i;
	bool affected = false, below;
	int rc, c;

	if (!r || !version || !inside)
		return vg_error_set(VG_EINVAL, "vg_osv_range_contains: invalid argument");
	if (r->type == VG_OSV_RANGE_GIT)
		return vg_error_set(VG_EUNSUPPORTED, "GIT ranges are evaluated on commits, not versions");
	if ((rc = vg_version_check(r->scheme, version)) != VG_OK)
		return rc;
	if ((rc = below_limits(r, version, &below)) != VG_OK)
		return rc;
	for (i = 0; i < r->nevents && below; i++) {
		const vg_osv_event *e = &r->events[i];

		if (e->kind == VG_OSV_LIMIT)
			continue;
		if (is_zero(e)) {
			affected = true;
			continue;
		}
		if ((rc = vg_version_compare(r->scheme, version, e->version, &c)) != VG_OK)
			return rc;
		if (e->kind == VG_OSV_INTRODUCED && c >= 0)
			affected = true;
		else if (e->kind == VG_OSV_FIXED && c >= 0)
			affected = false;
		else if (e->kind == VG_OSV_LAST_AFFECTED && c > 0)
			affected = false;
	}
	*inside = below && affected;
	return VG_OK;
}

int vg_osv_affected_contains(const char *const *versions, size_t nversions,
			     const vg_osv_range *const *ranges, size_t nranges,
			     const char *version, bool *inside)
{
	size_t i;
	int rc;

	*inside = false;
	for (i = 0; i < nversions; i++)
		if (versions[i] && !strcmp(versions[i], version)) {
			*inside = true;
			return VG_OK;
		}
	for (i = 0; i < nranges; i++) {
		if (ranges[i]->type == VG_OSV_RANGE_GIT)
			continue;
		if ((rc = vg_osv_range_contains(ranges[i], version, inside)) != VG_OK)
			return vg_error_prefix("ranges[%zu]: ", i);
		if (*inside)
			return VG_OK;
	}
	return VG_OK;
}

static int parse_type(const char *t, vg_osv_range_type *out)
{
	size_t i;

	for (i = 0; i < sizeof(type_names) / sizeof(type_names[0]); i++)
		if (!strcmp(t, type_names[i])) {
			*out = (vg_osv_range_type)i;
			return VG_OK;
		}
	return vg_error_set(VG_EPARSE, "unknown range type '%.40s' (expected SEMVER, "
			    "ECOSYSTEM or GIT)", t);
}

/* One events[] entry: an object with exactly one of the four event keys. */
static int add_json_event(vg_osv_range *r, const json_t *ev, const char *path)
{
	const char *key, *found = NULL;
	json_t *value;
	int kind = -1, k;

	if (vg_json_expect_object(ev, path) != VG_OK)
		return VG_EPARSE;
	json_object_foreach((json_t *)ev, key, value) {
		for (k = 0; k < 4; k++)
			if (!strcmp(key, kind_names[k]))
				break;
		if (k == 4)
			continue; /* unknown keys are tolerated, as the schema allows */
		if (found)
			return vg_error_set(VG_EPARSE, "%s: both '%s' and '%s' in one event", path,
					    found, key);
		if (!json_is_string(value))
			return vg_error_set(VG_EPARSE, "%s.%s: expected a string, found %s", path,
					    key, vg_json_type_name(value));
		found = kind_names[k];
		kind = k;
	}
	if (kind < 0)
		return vg_error_set(VG_EPARSE, "%s: expected one of introduced, fixed, "
				    "last_affected, limit", path);
	return vg_osv_range_add(r, (vg_osv_event_kind)kind,
				json_string_value(json_object_get(ev, found)));
}

int vg_osv_range_from_json(const json_t *range, const char *path, vg_version_scheme ecosystem,
			   vg_osv_range **out)
{
	const char *type, *repo = NULL;
	char sub[VG_JPATH_MAX];
	json_t *events;
	vg_osv_range_type t = VG_OSV_RANGE_SEMVER;
	vg_osv_range *r;
	size_t i;
	int rc;

	*out = NULL;
	if (vg_json_expect_object(range, path) != VG_OK ||
	    vg_json_get_string(range, "type", path, true, &type) != VG_OK ||
	    vg_json_get_string(range, "repo", path, false, &repo) != VG_OK ||
	    vg_json_get_array(range, "events", path, true, &events) != VG_OK)
		return VG_EPARSE;
	if (parse_type(type, &t) != VG_OK)
		return vg_error_prefix("%s.type: ", path);
	if (t == VG_OSV_RANGE_GIT && !repo)
		return vg_error_set(VG_EPARSE, "%s.repo: required for GIT ranges", path);
	if (!(r = vg_osv_range_new(t, ecosystem)))
		return VG_ENOMEM;
	if (repo && !(r->repo = vg_strdup(repo))) {
		vg_osv_range_free(r);
		return VG_ENOMEM;
	}
	vg_jpath_key(sub, path, "events");
	for (i = 0; i < json_array_size(events); i++) {
		char item[VG_JPATH_MAX];

		vg_jpath_index(item, sub, i);
		if ((rc = add_json_event(r, json_array_get(events, i), item)) != VG_OK) {
			vg_osv_range_free(r);
			return rc;
		}
	}
	if ((rc = vg_osv_range_sort(r)) != VG_OK) {
		vg_osv_range_free(r);
		return vg_error_prefix("%s.", path);
	}
	*out = r;
	return VG_OK;
}
