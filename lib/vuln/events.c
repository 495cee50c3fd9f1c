/*
 * events.c - the compact event form of an affected entry (affected.events),
 * made once at import so a scan never parses JSON for entries it does not
 * hit.
 *
 * The text is lines:
 *
 *     <scheme>          vg_version_scheme_name() of the order used
 *     v <version>       one per versions[] string, in list order
 *     r <TYPE>          one per ranges[] entry, in order: ECOSYSTEM, SEMVER, GIT
 *     <k> <version>     that range's events, sorted: i introduced, f fixed,
 *                       l last_affected, L limit
 *
 * It exists only when the whole entry is clean: ranges and versions parse,
 * every range builds (vg_osv_range_from_json: types known, versions valid in
 * the scheme), at most VULNDB_EVENTS_MAX_RANGES ranges and no version holds
 * a newline.  Otherwise the column is NULL and the scanner takes the JSON
 * path, which reports what is wrong.
 *
 * The lines keep every event and listed version as the feed wrote it, so
 * where the entry has nothing else (each range only its type and events, no
 * GIT range, each event one member, every listed version a string) they
 * stand for its JSON: the import stores affected.ranges and .versions as
 * NULL then (vulndb_events_encode()'s `holds`), and readers get the JSON
 * back from the lines (vulndb_events_ranges_json,
 * vulndb_events_versions_json), ranges with their events in sorted order.  Re-serialising each entry's JSON was
 * a tenth of a bulk import's work and the JSON most of the affected table.
 *
 * vg_vulndb_events_verdict() decides the entry from these lines alone when
 * it can: certainly outside, or certainly inside with the description of
 * the match.  It answers "unknown" for a scheme other than the scanner's, a
 * version the scheme rejects, an event list too long to hold, or a GIT range
 * (whose commits are not kept here), and the scanner evaluates those from
 * the JSON.  Both paths describe a match from the built, sorted ranges
 * (vg_osv_ranges_describe()), so results and descriptions are the same
 * whichever path a row takes; the unit tests compare the two.
 */
#include "vulndb_internal.h"
#include "vigil/buf.h"
#include "vigil/error.h"
#include "vigil/range.h"

#include <stdlib.h>
#include <string.h>

#define VULNDB_EVENTS_MAX_RANGES 64
#define VULNDB_EVENTS_MAX 256

static const char kind_letters[] = "iflL"; /* by vg_osv_event_kind */

static bool has_newline(const char *s)
{
	return strchr(s, '\n') != NULL;
}

/* One line "<tag> <value>\n" (no printf: it runs for every event imported). */
static bool put_line(vg_buf *b, char tag, const char *value)
{
	char head[2] = { tag, ' ' };

	return !has_newline(value) && vg_buf_put(b, head, 2) == VG_OK &&
	       vg_buf_puts(b, value) == VG_OK && vg_buf_putc(b, '\n') == VG_OK;
}

static bool write_versions(vg_buf *b, const json_t *versions)
{
	size_t i;
	const json_t *v;

	if (!versions)
		return true;
	if (!json_is_array(versions))
		return false;
	json_array_foreach(versions, i, v) {
		if (!json_is_string(v))
			continue; /* the JSON path ignores them too */
		if (!put_line(b, 'v', json_string_value(v)))
			return false;
	}
	return true;
}

static bool write_range(vg_buf *b, const json_t *range, vg_version_scheme scheme)
{
	vg_osv_range *r = NULL;
	bool ok;
	size_t i;

	if (vg_osv_range_from_json(range, "ranges", scheme, &r) != VG_OK)
		return false;
	ok = put_line(b, 'r', vg_osv_range_type_name(r->type));
	for (i = 0; ok && r->type != VG_OSV_RANGE_GIT && i < r->nevents; i++)
		ok = put_line(b, kind_letters[r->events[i].kind], r->events[i].version);
	vg_osv_range_free(r);
	return ok;
}

/* Whether the events keep all there is of `ranges` (known to build). */
static bool holds_ranges(const json_t *ranges)
{
	const json_t *range, *event;
	const char *type;
	size_t i, j;

	if (!json_array_size(ranges))
		return false; /* absent, or "[]", which is stored as it is */
	json_array_foreach(ranges, i, range) {
		type = json_string_value(json_object_get(range, "type"));
		if (json_object_size(range) != 2 || !type || !strcmp(type, "GIT"))
			return false;
		json_array_foreach(json_object_get(range, "events"), j, event)
			if (json_object_size(event) != 1)
				return false;
	}
	return true;
}

static bool holds_versions(const json_t *versions)
{
	const json_t *v;
	size_t i;

	if (!json_array_size(versions))
		return false;
	json_array_foreach(versions, i, v)
		if (!json_is_string(v))
			return false;
	return true;
}

int vulndb_events_encode(const char *ecosystem, const json_t *ranges, const json_t *versions,
			 char **out, unsigned *holds)
{
	vg_version_scheme scheme;
	vg_buf b = VG_BUF_INIT;
	const json_t *range;
	bool ok = !ranges || json_is_array(ranges);
	size_t i;

	*out = NULL;
	*holds = 0;
	if (vg_version_scheme_parse(ecosystem, &scheme) != VG_OK)
		scheme = VG_VERSION_GENERIC; /* as the scanner does for other ecosystems */
	ok = ok && json_array_size(ranges) <= VULNDB_EVENTS_MAX_RANGES &&
	     vg_buf_puts(&b, vg_version_scheme_name(scheme)) == VG_OK &&
	     vg_buf_putc(&b, '\n') == VG_OK &&
	     write_versions(&b, versions);
	json_array_foreach(ranges, i, range) {
		if (!ok)
			break;
		ok = write_range(&b, range, scheme);
	}
	vg_error_clear();
	if (ok)
		*out = vg_buf_detach(&b);
	vg_buf_free(&b);
	if (ok && !*out)
		return vg_error_set(VG_ENOMEM, "out of memory");
	if (ok)
		*holds = (holds_ranges(ranges) ? VULNDB_HOLDS_RANGES : 0) |
			 (holds_versions(versions) ? VULNDB_HOLDS_VERSIONS : 0);
	return VG_OK;
}

bool vulndb_events_next(const char **at, vulndb_events_line *out)
{
	const char *line = *at, *nl = strchr(line, '\n');

	if (!nl || nl - line < 2 || line[1] != ' ')
		return false;
	*out = (vulndb_events_line){ line[0], line + 2, (size_t)(nl - line - 2) };
	*at = nl + 1;
	return true;
}

bool vulndb_events_range_type(const vulndb_events_line *line, vg_osv_range_type *out)
{
	vg_osv_range_type t;
	const char *name;

	for (t = VG_OSV_RANGE_SEMVER; t <= VG_OSV_RANGE_GIT; t++) {
		name = vg_osv_range_type_name(t);
		if (strlen(name) == line->len && !memcmp(name, line->value, line->len)) {
			*out = t;
			return true;
		}
	}
	return false;
}

/* The JSON of the events' ranges (`tag` 'r') or listed versions ('v'). */
static int rebuild_json(const char *events, char tag, char **out)
{
	json_t *list = json_array(), *range_events = NULL;
	const char *at = strchr(events, '\n'), *kind;
	vulndb_events_line line;
	bool ok = list != NULL;

	*out = NULL;
	/* Up to the end, or to a line not of the encoder's text: nothing more
	 * to rebuild then. */
	for (at = at ? at + 1 : ""; ok && vulndb_events_next(&at, &line);) {
		if (tag == 'v') {
			if (line.tag == 'v')
				ok = json_array_append_new(list, json_stringn(line.value, line.len)) == 0;
		} else if (line.tag == 'r') {
			range_events = json_array();
			ok = json_array_append_new(list, json_pack("{s:s%, s:o}", "type", line.value,
								   line.len, "events",
								   range_events)) == 0;
		} else if (line.tag != 'v') {
			if (!range_events || !(kind = strchr(kind_letters, line.tag)))
				break; /* likewise */
			ok = json_array_append_new(
				     range_events,
				     json_pack("{s:s%}",
					       vg_osv_event_kind_name(
						       (vg_osv_event_kind)(kind - kind_letters)),
					       line.value, line.len)) == 0;
		}
	}
	if (ok && json_array_size(list) &&
	    !(*out = json_dumps(list, JSON_COMPACT | JSON_PRESERVE_ORDER)))
		ok = false;
	json_decref(list);
	return ok ? VG_OK : vg_error_set(VG_ENOMEM, "out of memory");
}

int vulndb_events_ranges_json(const char *events, char **out)
{
	return rebuild_json(events, 'r', out);
}

int vulndb_events_versions_json(const char *events, char **out)
{
	return rebuild_json(events, 'v', out);
}

/* The parsed lines: the events of every range in one array, borrowed from `text`. */
typedef struct parsed {
	vg_osv_event events[VULNDB_EVENTS_MAX];
	vg_osv_range ranges[VULNDB_EVENTS_MAX_RANGES];
	const vg_osv_range *refs[VULNDB_EVENTS_MAX_RANGES];
	size_t nevents, nranges;
	bool listed;
} parsed;

static bool add_event(parsed *p, char kind, char *version)
{
	const char *at = strchr(kind_letters, kind);
	vg_osv_range *r;

	if (!at || !p->nranges || p->nevents == VULNDB_EVENTS_MAX)
		return false;
	r = &p->ranges[p->nranges - 1];
	if (!r->nevents)
		r->events = &p->events[p->nevents];
	p->events[p->nevents].kind = (vg_osv_event_kind)(at - kind_letters);
	p->events[p->nevents++].version = version;
	r->nevents++;
	return true;
}

/* The version a scan asks about, and its length: a PyPI entry lists dozens
 * of versions, and comparing lengths first spares most of the comparisons. */
typedef struct asked {
	const char *version;
	size_t len;
} asked;

/* One line, its value NUL-terminated in place (`value`); false when it
 * does not fit p. */
static bool parse_line(parsed *p, const vulndb_events_line *line, char *value,
		       vg_version_scheme scheme, const asked *q)
{
	vg_osv_range *r;

	if (line->tag == 'v') {
		p->listed = p->listed ||
			    (line->len == q->len && !memcmp(value, q->version, q->len));
		return true;
	}
	if (line->tag != 'r')
		return add_event(p, line->tag, value);
	if (p->nranges == VULNDB_EVENTS_MAX_RANGES)
		return false;
	r = &p->ranges[p->nranges];
	memset(r, 0, sizeof(*r));
	if (!vulndb_events_range_type(line, &r->type))
		return false;
	r->scheme = r->type == VG_OSV_RANGE_SEMVER ? VG_VERSION_SEMVER : scheme;
	p->refs[p->nranges] = r;
	p->nranges++;
	return true;
}

/* Split `text` (modified in place) into p; false if it is not well formed or
 * not in `scheme`. */
static bool parse_events(parsed *p, char *text, vg_version_scheme scheme, const asked *q)
{
	char *nl = strchr(text, '\n'), *value;
	const char *at;
	vulndb_events_line line;

	if (!nl)
		return false;
	*nl = '\0';
	if (strcmp(text, vg_version_scheme_name(scheme)))
		return false;
	for (at = nl + 1; vulndb_events_next(&at, &line);) {
		value = text + (line.value - text);
		value[line.len] = '\0'; /* the line's newline */
		if (!parse_line(p, &line, value, scheme, q))
			return false;
	}
	return !*at;
}

static bool has_git(const parsed *p)
{
	size_t i;

	for (i = 0; i < p->nranges; i++)
		if (p->ranges[i].type == VG_OSV_RANGE_GIT)
			return true;
	return false;
}

int vg_vulndb_events_verdict(const char *events, vg_version_scheme scheme, const char *version,
			     vg_events_verdict *verdict, char **matched)
{
	char small[1024], *text;
	size_t n = strlen(events);
	asked q = { version, strlen(version) };
	parsed p;
	bool inside = false;
	int rc = VG_OK;

	*verdict = VG_EVENTS_UNKNOWN;
	if (matched)
		*matched = NULL;
	text = n < sizeof(small) ? small : malloc(n + 1);
	if (!text)
		return vg_error_set(VG_ENOMEM, "out of memory");
	memcpy(text, events, n + 1);
	p.nevents = p.nranges = 0;
	p.listed = false;
	if (parse_events(&p, text, scheme, &q) &&
	    (p.listed || vg_osv_affected_contains(NULL, 0, p.refs, p.nranges, version,
						  &inside) == VG_OK))
		/* A GIT range's commits are not in the compact form: the JSON
		 * describes that entry. */
		*verdict = !p.listed && !inside ? VG_EVENTS_OUTSIDE
			   : has_git(&p)	    ? VG_EVENTS_UNKNOWN
						    : VG_EVENTS_INSIDE;
	vg_error_clear();
	if (*verdict == VG_EVENTS_INSIDE && matched &&
	    !(*matched = vg_osv_ranges_describe(p.refs, p.nranges, p.listed)))
		rc = vg_error_set(VG_ENOMEM, "out of memory");
	if (text != small)
		free(text);
	return rc;
}
