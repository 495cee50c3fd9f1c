/*
 * cmd_db_show.c - `vigil db show ID`: one vulnerability as the database
 * holds it, the way `grype db search` or an osv.dev page shows one: its
 * ids, exploitation, scores, and for each source that describes it, what
 * that source says is affected (package ranges, CPE configurations) and
 * its references.
 *
 * Every query runs in one read snapshot, so an import committing beside it
 * cannot show half of one state and half of another.
 */
#include "cli.h"
#include "commands.h"
#include "vigil/buf.h"
#include "vigil/error.h"
#include "vigil/json.h"
#include "vigil/range.h"
#include "vigil/vulndb.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How many listed versions a terminal line names before "(+N more)". */
#define SHOWN_VERSIONS 8

/* Text the database stored as JSON, parsed; NULL when absent. */
static json_t *stored_json(const char *text)
{
	return text ? json_loads(text, 0, NULL) : NULL;
}

/* The stored comma-separated fixed versions as a JSON list. */
static json_t *fixed_list(const char *fixed)
{
	vg_strlist l = VG_STRLIST_INIT;
	json_t *list = json_array();
	size_t i;

	vg_strlist_split(&l, fixed, ',');
	for (i = 0; i < l.count; i++)
		json_array_append_new(list, json_string(l.items[i]));
	vg_strlist_free(&l);
	return list;
}

/* ---- JSON ---- */

static void set_json_if(json_t *obj, const char *key, const char *text)
{
	json_t *v = stored_json(text);

	if (v)
		json_object_set_new(obj, key, v);
}

static int affected_to_json(const vg_affected_row *row, void *arg)
{
	json_t *e = json_object();

	vg_json_set_string_if(e, "ecosystem", row->ecosystem);
	vg_json_set_string_if(e, "name", row->name);
	vg_json_set_string_if(e, "purl", row->purl);
	vg_json_set_string_if(e, "status", row->status);
	set_json_if(e, "ranges", row->ranges);
	set_json_if(e, "versions", row->versions);
	json_object_set_new(e, "fixed", fixed_list(row->fixed));
	vg_json_set_string_if(e, "default_status", row->default_status);
	vg_json_set_string_if(e, "version_type", row->version_type);
	set_json_if(e, "source_versions", row->source_versions);
	return json_array_append_new(arg, e) ? vg_error_set(VG_ENOMEM, "out of memory") : VG_OK;
}

static int cpe_to_json(const vg_cpe_row *row, void *arg)
{
	json_t *m = json_pack("{s:i, s:s, s:b, s:i, s:s, s:b, s:b, s:s}", "config", row->config,
			      "config_operator", row->config_operator ? row->config_operator : "OR",
			      "config_negate", row->config_negate, "node", row->node,
			      "node_operator", row->node_operator ? row->node_operator : "OR",
			      "node_negate", row->node_negate, "vulnerable", row->vulnerable,
			      "criteria", row->criteria);

	if (m && row->version_start)
		json_object_set_new(m, row->start_including ? "version_start_including"
							    : "version_start_excluding",
				    json_string(row->version_start));
	if (m && row->version_end)
		json_object_set_new(m, row->end_including ? "version_end_including"
							  : "version_end_excluding",
				    json_string(row->version_end));
	return json_array_append_new(arg, m) ? vg_error_set(VG_ENOMEM, "out of memory") : VG_OK;
}

/* `list` under `key` of `obj` when it has items; taken either way. */
static void set_list_if(json_t *obj, const char *key, json_t *list)
{
	if (json_array_size(list))
		json_object_set_new(obj, key, list);
	else
		json_decref(list);
}

static int source_json(vg_vulndb *db, const vg_vuln_source *src, json_t **out)
{
	json_t *s = json_object(), *affected = json_array(), *cpe = json_array();
	int rc;

	vg_json_set_string_if(s, "source", src->source);
	vg_json_set_string_if(s, "id", src->record_id);
	vg_json_set_string_if(s, "published", src->published);
	vg_json_set_string_if(s, "modified", src->modified);
	vg_json_set_string_if(s, "summary", src->summary);
	rc = vg_vulndb_each_record_affected(db, src->key, affected_to_json, affected);
	if (rc == VG_OK)
		rc = vg_vulndb_each_record_cpe(db, src->key, cpe_to_json, cpe);
	set_list_if(s, "affected", affected);
	set_list_if(s, "cpe", cpe);
	set_json_if(s, "references", src->references);
	*out = s;
	return rc;
}

static json_t *severities_json(const vg_vuln *v)
{
	json_t *list = json_array(), *s;
	size_t i;

	for (i = 0; i < v->severity_count; i++) {
		s = json_object();
		vg_json_set_string_if(s, "source", v->severities[i].source);
		vg_json_set_string_if(s, "type", v->severities[i].type);
		vg_json_set_string_if(s, "vector", v->severities[i].vector);
		if (!isnan(v->severities[i].score))
			json_object_set_new(s, "score", json_real(v->severities[i].score));
		vg_json_set_string_if(s, "origin", v->severities[i].origin);
		json_array_append_new(list, s);
	}
	return list;
}

static int vuln_json(vg_vulndb *db, const vg_vuln *v, json_t **out)
{
	json_t *doc = json_object(), *aliases = json_array(), *sources = json_array(), *s;
	size_t i;
	int rc = VG_OK;

	json_object_set_new(doc, "id", json_string(v->name));
	for (i = 0; i < v->aliases.count; i++)
		json_array_append_new(aliases, json_string(v->aliases.items[i]));
	json_object_set_new(doc, "aliases", aliases);
	for (i = 0; rc == VG_OK && i < v->source_count; i++) {
		rc = source_json(db, &v->sources[i], &s);
		json_array_append_new(sources, s);
	}
	json_object_set_new(doc, "sources", sources);
	set_list_if(doc, "severities", severities_json(v));
	json_object_set_new(doc, "exploited", json_boolean(v->exploited));
	if (v->exploited) {
		json_t *kev = json_object();

		vg_json_set_string_if(kev, "date_added", v->kev.date_added);
		vg_json_set_string_if(kev, "due_date", v->kev.due_date);
		vg_json_set_string_if(kev, "required_action", v->kev.required_action);
		vg_json_set_string_if(kev, "ransomware", v->kev.ransomware);
		json_object_set_new(doc, "kev", kev);
	}
	if (v->has_epss)
		json_object_set_new(doc, "epss", json_pack("{s:f, s:f, s:s?}", "score", v->epss_score,
							   "percentile", v->epss_percentile,
							   "date", v->epss_date));
	*out = doc;
	return rc;
}

/* ---- text ---- */

/*
 * The ranges as a scan describes a match on them ("ECOSYSTEM: introduced 0,
 * fixed 1.2"), ordered by the ecosystem's versions; the stored JSON when
 * they do not build in that order.
 */
static int describe_ranges(const char *ecosystem, const char *ranges_text, vg_buf *line)
{
	json_t *ranges = stored_json(ranges_text);
	vg_osv_range *built[64];
	vg_version_scheme scheme;
	size_t n = 0, i;
	char *text = NULL;
	int rc = VG_OK;

	if (vg_version_scheme_parse(ecosystem, &scheme) != VG_OK)
		scheme = VG_VERSION_GENERIC;
	for (i = 0; i < json_array_size(ranges) && n < sizeof(built) / sizeof(built[0]); i++)
		if (vg_osv_range_from_json(json_array_get(ranges, i), "ranges", scheme,
					   &built[n]) == VG_OK)
			n++;
	vg_error_clear();
	if (n && n == json_array_size(ranges))
		text = vg_osv_ranges_describe((const vg_osv_range *const *)built, n, false);
	rc = vg_buf_puts(line, text ? text : ranges_text);
	free(text);
	for (i = 0; i < n; i++)
		vg_osv_range_free(built[i]);
	json_decref(ranges);
	return rc;
}

/* "versions 1.0, 1.1 (+12 more)". */
static int describe_versions(const char *versions_text, vg_buf *line)
{
	json_t *versions = stored_json(versions_text);
	size_t n = json_array_size(versions), i;
	int rc = vg_buf_puts(line, "versions ");

	const char *one;

	for (i = 0; rc == VG_OK && i < n && i < SHOWN_VERSIONS; i++) {
		one = json_string_value(json_array_get(versions, i));
		rc = vg_buf_printf(line, "%s%s", i ? ", " : "", one ? one : "?");
	}
	if (rc == VG_OK && n > SHOWN_VERSIONS)
		rc = vg_buf_printf(line, " (+%zu more)", n - SHOWN_VERSIONS);
	json_decref(versions);
	return rc;
}

/*
 *       affected      Debian:11 xorg-server: ECOSYSTEM: introduced 0, fixed 2:1.20.11-1+deb11u6
 *       not affected  Debian:5 openoffice.org
 */
static int print_affected(const vg_affected_row *row, void *arg)
{
	vg_buf line = VG_BUF_INIT;
	bool not_affected = row->status && !strcmp(row->status, "not_affected");
	const char *sep = ": ";
	int rc = vg_buf_printf(&line, "      %-13s %s %s", not_affected ? "not affected" : "affected",
			       row->ecosystem, row->name);

	(void)arg;
	if (rc == VG_OK && row->purl)
		rc = vg_buf_printf(&line, " (%s)", row->purl);
	if (rc == VG_OK && row->ranges && strcmp(row->ranges, "[]")) {
		rc = vg_buf_puts(&line, sep);
		if (rc == VG_OK)
			rc = describe_ranges(row->ecosystem, row->ranges, &line);
		sep = "; ";
	}
	if (rc == VG_OK && row->versions && strcmp(row->versions, "[]")) {
		rc = vg_buf_puts(&line, sep);
		if (rc == VG_OK)
			rc = describe_versions(row->versions, &line);
		sep = "; ";
	}
	if (rc == VG_OK && row->source_versions)
		rc = vg_buf_printf(&line, "%sas given: %s", sep, row->source_versions);
	if (rc == VG_OK && row->default_status)
		rc = vg_buf_printf(&line, " (by default %s)", row->default_status);
	if (rc == VG_OK && row->status && !not_affected)
		rc = vg_buf_printf(&line, " (%s)", row->status);
	if (rc == VG_OK)
		printf("%s\n", line.ptr);
	vg_buf_free(&line);
	return rc ? vg_error_set(VG_ENOMEM, "out of memory") : VG_OK;
}

/*
 *       cpe config 1 (AND), node 0 (OR): vulnerable cpe:2.3:a:ssh:ssh:*:...  [1.2.0, 1.3)
 * with NOT before a negated config or node, and "platform" for an entry
 * that only says where the vulnerable one runs (vulnerable: false).
 */
static int print_cpe(const vg_cpe_row *row, void *arg)
{
	(void)arg;
	printf("      cpe config %d (%s%s), node %d (%s%s): %s %s", row->config,
	       row->config_negate ? "NOT " : "", row->config_operator ? row->config_operator : "OR",
	       row->node, row->node_negate ? "NOT " : "",
	       row->node_operator ? row->node_operator : "OR",
	       row->vulnerable ? "vulnerable" : "platform", row->criteria);
	if (row->version_start || row->version_end)
		printf("  %c%s, %s%c", row->version_start && row->start_including ? '[' : '(',
		       row->version_start ? row->version_start : "*",
		       row->version_end ? row->version_end : "*",
		       row->version_end && row->end_including ? ']' : ')');
	printf("\n");
	return VG_OK;
}

/* One line per reference, under its source: "      ADVISORY  https://...". */
static void print_references(const char *references)
{
	json_t *list = stored_json(references), *ref;
	size_t i;

	json_array_foreach(list, i, ref) {
		const char *type = json_string_value(json_object_get(ref, "type"));
		const char *url = json_string_value(json_object_get(ref, "url"));

		printf("      %-10s %s\n", type ? type : "-", url ? url : "");
	}
	json_decref(list);
}

/* A summary on the one line the layout gives it: NVD's and CVE 5's
 * descriptions break lines and indent, and would break the listing. */
static void print_one_line(const char *text)
{
	bool started = false, space = false;

	for (; text && *text; text++) {
		if (strchr(" \t\r\n\v\f", *text)) {
			space = started;
			continue;
		}
		if (space)
			putchar(' ');
		space = false;
		started = true;
		putchar(*text);
	}
	putchar('\n');
}

static void print_severities(const vg_vuln *v)
{
	const vg_vuln_severity *s;
	size_t i;

	for (i = 0; i < v->severity_count; i++) {
		s = &v->severities[i];
		printf("  %-10s %-8s", i ? "" : "severity:", s->type);
		if (!isnan(s->score))
			printf(" %4.1f", s->score);
		printf(" %s (%s%s%s)\n", s->vector ? s->vector : "", s->source,
		       s->origin ? " " : "", s->origin ? s->origin : "");
	}
}

static int print_vuln(vg_vulndb *db, const vg_vuln *v)
{
	const vg_vuln_source *src;
	size_t i;
	int rc = VG_OK;

	printf("%s\n", v->name);
	printf("  aliases:   ");
	for (i = 0; i < v->aliases.count; i++)
		printf("%s%s", i ? ", " : "", v->aliases.items[i]);
	printf("\n");
	if (v->exploited)
		printf("  exploited: yes (CISA KEV, added %s, due %s)\n             %s\n",
		       v->kev.date_added ? v->kev.date_added : "?",
		       v->kev.due_date ? v->kev.due_date : "?",
		       v->kev.required_action ? v->kev.required_action : "");
	else
		printf("  exploited: not known\n");
	if (v->has_epss)
		printf("  EPSS:      %.5f (percentile %.5f)\n", v->epss_score, v->epss_percentile);
	print_severities(v);
	printf("  sources:\n");
	for (i = 0; rc == VG_OK && i < v->source_count; i++) {
		src = &v->sources[i];
		printf("    %-8s %-24s ", src->source, src->record_id);
		print_one_line(src->summary);
		rc = vg_vulndb_each_record_affected(db, src->key, print_affected, NULL);
		if (rc == VG_OK)
			rc = vg_vulndb_each_record_cpe(db, src->key, print_cpe, NULL);
		print_references(src->references);
	}
	return rc;
}

int cmd_db_show(const char *db_path, bool json, const char *id)
{
	vg_vulndb *db;
	vg_vuln *v = NULL;
	json_t *out = NULL;
	int rc, exit_code = cli_open_vulndb(db_path, VG_VULNDB_READONLY, &db);

	if (exit_code)
		return exit_code;
	rc = vg_vulndb_read_begin(db);
	if (rc == VG_OK) {
		rc = vg_vulndb_get(db, id, &v);
		if (rc == VG_OK && json)
			rc = vuln_json(db, v, &out);
		else if (rc == VG_OK)
			rc = print_vuln(db, v);
		vg_vulndb_read_end(db);
	}
	vg_vulndb_close(db);
	if (rc == VG_OK && out)
		rc = vg_json_write_file("-", out);
	json_decref(out);
	vg_vuln_free(v);
	return rc ? cli_fail(rc) : CLI_EXIT_OK;
}
