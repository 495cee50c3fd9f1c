/*
 * scan.c - vg_scan(): every component through its matcher, hits into
 * findings, findings completed with the vulnerability's facts and VEX.
 *
 * Per component, the hits of all its records are folded into one finding
 * per vulnerability: the first affected hit gives the match, later ones add
 * their fixed versions; a distro's "not affected" hit drops the
 * vulnerability for that package whatever another record says, because the
 * distro knows its own patches.
 *
 * What could not be checked is said, not hidden: components nothing could
 * look up and distro releases the database has no data for end up in the
 * result's warnings with their counts.
 */
#include "scan_internal.h"
#include "vigil/error.h"
#include "vigil/str.h"
#include "vigil/thread.h"
#include "vigil/time.h"

#include <stdatomic.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int scan_hits_add(scan_hits *hits, scan_hit **out)
{
	scan_hit *grown;

	if (hits->count == hits->cap) {
		grown = realloc(hits->items, (hits->cap ? hits->cap * 2 : 8) * sizeof(*grown));
		if (!grown)
			return vg_error_set(VG_ENOMEM, "out of memory");
		hits->items = grown;
		hits->cap = hits->cap ? hits->cap * 2 : 8;
	}
	*out = memset(&hits->items[hits->count++], 0, sizeof(**out));
	return VG_OK;
}

void scan_hits_clear(scan_hits *hits)
{
	size_t i;
	scan_hit *h;

	for (i = 0; i < hits->count; i++) {
		h = &hits->items[i];
		free(h->source);
		free(h->record_id);
		free(h->ecosystem);
		free(h->matched);
		free(h->distro_status);
		free(h->summary);
		vg_strlist_free(&h->fixed);
	}
	hits->count = 0;
}

int scan_warn(vg_strlist *warnings, const char *fmt, ...)
{
	va_list ap;
	char *text;

	va_start(ap, fmt);
	text = vg_strdup_vprintf(fmt, ap);
	va_end(ap);
	if (!text)
		return vg_error_set(VG_ENOMEM, "out of memory");
	if (vg_strlist_contains(warnings, text)) {
		free(text);
		return VG_OK;
	}
	return vg_strlist_take(warnings, text);
}

/* A distro release seen in the SBOM, and whether the database covers it. */
typedef struct release {
	char ecosystem[64];
	bool covered;
	size_t packages;
	size_t first;        /* index of the first component of it */
} release;

/* Components skipped for one reason. */
typedef struct skipped {
	const char *why;
	size_t count;
	size_t first;        /* index of the first component skipped so: the example */
} skipped;

typedef struct scan_run {
	vg_vulndb *db;
	const vg_sbom *sbom;
	vg_scan_result *out;
	const scan_cpes *cpes;   /* the SBOM's CPEs, shared by the workers */
	size_t *order;           /* the components in the order they are scanned */
	atomic_size_t *next;     /* the position in order[] the next chunk starts at,
				    shared by the workers */
	scan_hits hits;
	int64_t *keys;       /* vulnerability key of each finding, by index */
	release *releases;
	size_t nreleases;
	skipped *skips;
	size_t nskips;
	size_t unidentifiable;
} scan_run;

/*
 * The entry of `ecosystem`, appended (zeroed, named) when new; `at` is the
 * index of a component of it.  Entries remember their first component, so
 * warnings come in component order however the components were shared.
 */
static release *release_entry(scan_run *run, const char *ecosystem, size_t at, bool *added)
{
	release *grown;
	size_t i;

	*added = false;
	for (i = 0; i < run->nreleases; i++)
		if (!strcmp(run->releases[i].ecosystem, ecosystem)) {
			if (at < run->releases[i].first)
				run->releases[i].first = at;
			return &run->releases[i];
		}
	grown = realloc(run->releases, (run->nreleases + 1) * sizeof(*grown));
	if (!grown) {
		vg_error_set(VG_ENOMEM, "out of memory");
		return NULL;
	}
	run->releases = grown;
	grown = &grown[run->nreleases++];
	memset(grown, 0, sizeof(*grown));
	snprintf(grown->ecosystem, sizeof(grown->ecosystem), "%s", ecosystem);
	grown->first = at;
	*added = true;
	return grown;
}

static int note_release(scan_run *run, const char *ecosystem, size_t at, bool *covered)
{
	bool added;
	release *r = release_entry(run, ecosystem, at, &added);
	int rc = VG_OK;

	if (!r)
		return VG_ENOMEM;
	if (added)
		rc = vg_vulndb_has_ecosystem(run->db, ecosystem, &r->covered);
	r->packages++;
	*covered = r->covered;
	return rc;
}

/* The entry of `why`, appended (zeroed) when new; `at` as for releases. */
static skipped *skip_entry(scan_run *run, const char *why, size_t at, bool *added)
{
	skipped *grown;
	size_t i;

	*added = false;
	for (i = 0; i < run->nskips; i++)
		if (run->skips[i].why == why) {
			if (at < run->skips[i].first)
				run->skips[i].first = at;
			return &run->skips[i];
		}
	grown = realloc(run->skips, (run->nskips + 1) * sizeof(*grown));
	if (!grown) {
		vg_error_set(VG_ENOMEM, "out of memory");
		return NULL;
	}
	run->skips = grown;
	run->skips[run->nskips] = (skipped){ why, 0, at };
	*added = true;
	return &run->skips[run->nskips++];
}

static int note_skip(scan_run *run, const char *why, size_t at)
{
	bool added;
	skipped *k = skip_entry(run, why, at, &added);

	if (!k)
		return VG_ENOMEM;
	k->count++;
	return VG_OK;
}

static bool distro_clears(const scan_hits *hits, int64_t vuln)
{
	size_t i;

	for (i = 0; i < hits->count; i++)
		if (hits->items[i].vuln == vuln && hits->items[i].not_affected)
			return true;
	return false;
}

/* The finding of this component for `vuln` made so far, or NULL. */
static vg_finding *finding_of(scan_run *run, size_t first, int64_t vuln)
{
	size_t i;

	for (i = first; i < run->out->count; i++)
		if (run->keys[i] == vuln)
			return &run->out->findings[i];
	return NULL;
}

static void swap_text(char **a, char **b)
{
	char *t = *a;

	*a = *b;
	*b = t;
}

/* A further record's hit on a finding: its fixed versions join the
 * finding's, and the finding is as sure as the surest of its records,
 * whose evidence (record, what matched) it then shows. */
static int merge_hit(vg_finding *f, scan_hit *h)
{
	size_t i;
	int rc = VG_OK;

	if (h->confidence > f->confidence) {
		f->confidence = h->confidence;
		swap_text(&f->source, &h->source);
		swap_text(&f->record_id, &h->record_id);
		swap_text(&f->matched, &h->matched);
	}
	for (i = 0; i < h->fixed.count && rc == VG_OK; i++)
		if (!vg_strlist_contains(&f->fixed, h->fixed.items[i]))
			rc = vg_strlist_add(&f->fixed, h->fixed.items[i]);
	return rc;
}

static int new_finding(scan_run *run, const vg_component *c, const scan_package *pkg,
		       scan_hit *h)
{
	vg_finding *f;
	int64_t *grown;
	const char *version = pkg->version ? pkg->version : c->version;
	int rc = vg_scan_result_add(run->out, &f);

	if (rc)
		return rc;
	grown = realloc(run->keys, run->out->cap * sizeof(*grown));
	if (!grown)
		return vg_error_set(VG_ENOMEM, "out of memory");
	run->keys = grown;
	run->keys[run->out->count - 1] = h->vuln;
	f->kind = h->kind;
	f->confidence = h->confidence;
	f->component_ref = vg_strdup(c->ref);
	f->component_name = vg_strdup(c->name);
	f->component_purl = c->purl ? vg_strdup(c->purl) : NULL;
	f->installed_version = version ? vg_strdup(version) : NULL;
	if (!f->component_ref || !f->component_name || (c->purl && !f->component_purl) ||
	    (version && !f->installed_version))
		return vg_error_set(VG_ENOMEM, "out of memory");
	/* the hit's strings move into the finding */
	f->source = h->source;
	f->record_id = h->record_id;
	f->ecosystem = h->ecosystem;
	f->matched = h->matched;
	f->distro_status = h->distro_status;
	f->summary = h->summary;
	f->fixed = h->fixed;
	h->source = h->record_id = h->ecosystem = h->matched = h->distro_status = NULL;
	h->summary = NULL;
	memset(&h->fixed, 0, sizeof(h->fixed));
	return VG_OK;
}

static int emit_findings(scan_run *run, const vg_component *c, const scan_package *pkg)
{
	size_t first = run->out->count, i;
	scan_hit *h;
	vg_finding *f;
	int rc = VG_OK;

	for (i = 0; i < run->hits.count && rc == VG_OK; i++) {
		h = &run->hits.items[i];
		if (h->not_affected || distro_clears(&run->hits, h->vuln))
			continue;
		f = finding_of(run, first, h->vuln);
		rc = f ? merge_hit(f, h) : new_finding(run, c, pkg, h);
	}
	return rc;
}

/* Component `at` of the SBOM (the primary component after the others). */
static int scan_component(scan_run *run, const vg_component *c, size_t at)
{
	scan_package pkg;
	const char *why;
	bool found, covered = true;
	int rc = scan_identify(c, &pkg, &found, &why);

	run->hits.component = c;
	if (rc == VG_OK && found) {
		run->out->matched_components++;
		if (pkg.kind == VG_MATCH_DISTRO)
			rc = note_release(run, pkg.ecosystem, at, &covered);
		if (rc == VG_OK && covered)
			rc = scan_match_affected(run->db, &pkg, &run->hits);
	} else if (rc == VG_OK && why) {
		rc = note_skip(run, why, at);
	} else if (rc == VG_OK && c->type == VG_COMPONENT_OPERATING_SYSTEM && run->nreleases) {
		/* Not matched: NVD lists the distribution's own CPE as "vulnerable"
		 * whenever it shipped an affected package, and the packages were
		 * just checked against the distribution's data, which says it better. */
	} else if (rc == VG_OK && c->cpes.count) {
		run->out->matched_components++;
		rc = scan_match_cpe(run->db, c, run->cpes, &run->hits);
	} else if (rc == VG_OK && c != run->sbom->primary) {
		run->unidentifiable++;
	}
	if (rc == VG_OK)
		rc = emit_findings(run, c, &pkg);
	scan_hits_clear(&run->hits);
	scan_package_clear(&pkg);
	if (rc)
		vg_error_prefix("component %s: ", c->ref);
	return rc;
}

static int by_key(const void *a, const void *b, void *keys)
{
	int64_t ka = ((const int64_t *)keys)[*(const size_t *)a];
	int64_t kb = ((const int64_t *)keys)[*(const size_t *)b];

	return (ka > kb) - (ka < kb);
}

/* Whether a finding of the vulnerability at order[i...] lacks its record's
 * summary, so the vulnerability's sources must be read for one. */
static bool needs_sources(const scan_run *run, const size_t *order, size_t i, size_t n)
{
	int64_t key = run->keys[order[i]];

	for (; i < n && run->keys[order[i]] == key; i++)
		if (!run->out->findings[order[i]].summary)
			return true;
	return false;
}

/* Facts are per vulnerability: read each once, however many findings share
 * it.  Findings from index `from` on (those made since the last call). */
static int fill_all_facts(scan_run *run, size_t from)
{
	size_t n = run->out->count - from, i, *order;
	vg_vuln *vuln = NULL;
	vg_finding *f;
	int rc = VG_OK;

	if (!n)
		return VG_OK;
	order = malloc(n * sizeof(*order));
	if (!order)
		return vg_error_set(VG_ENOMEM, "out of memory");
	for (i = 0; i < n; i++)
		order[i] = from + i;
	qsort_r(order, n, sizeof(*order), by_key, run->keys);
	for (i = 0; i < n && rc == VG_OK; i++) {
		f = &run->out->findings[order[i]];
		if (!i || run->keys[order[i]] != run->keys[order[i - 1]]) {
			vg_vuln_free(vuln);
			vuln = NULL;
			rc = vg_vulndb_get_key(run->db, run->keys[order[i]],
					       needs_sources(run, order, i, n), &vuln);
		}
		if (rc == VG_OK)
			rc = scan_fill_facts(vuln, f->record_id, f);
	}
	vg_vuln_free(vuln);
	free(order);
	return rc;
}

/* Components a thread takes at a time: enough to share index pages with
 * their neighbours, few enough that the threads finish together. */
#define SCAN_CHUNK 32

/* Chunks of components until none are left, then the facts of their findings. */
static int scan_share(scan_run *run)
{
	size_t n = run->sbom->component_count, i, end;
	int rc = VG_OK;

	while (rc == VG_OK && (i = atomic_fetch_add(run->next, SCAN_CHUNK)) < n)
		for (end = i + SCAN_CHUNK < n ? i + SCAN_CHUNK : n; i < end && rc == VG_OK; i++)
			rc = scan_component(run, run->sbom->components[run->order[i]],
					    run->order[i]);
	return rc ? rc : fill_all_facts(run, 0);
}

static int by_purl(const void *a, const void *b, void *components)
{
	const char *x = ((vg_component *const *)components)[*(const size_t *)a]->purl;
	const char *y = ((vg_component *const *)components)[*(const size_t *)b]->purl;

	return strcmp(x ? x : "", y ? y : "");
}

/* Component indexes to sort by purl. */
typedef struct order_part {
	size_t *at;
	size_t n;
	vg_component **components;
} order_part;

static void sort_part(void *arg)
{
	order_part *p = arg;

	qsort_r(p->at, p->n, sizeof(*p->at), by_purl, p->components);
}

/* The two sorted parts merged into `out`. */
static void merge_parts(const order_part *a, const order_part *b, size_t *out)
{
	size_t i = 0, j = 0;

	while (i < a->n && j < b->n)
		*out++ = by_purl(&b->at[j], &a->at[i], a->components) < 0 ? b->at[j++]
									   : a->at[i++];
	while (i < a->n)
		*out++ = a->at[i++];
	while (j < b->n)
		*out++ = b->at[j++];
}

/*
 * The components sorted by purl, which sorts them nearly by the (ecosystem,
 * name) they are looked up by: neighbouring look-ups then share the package
 * index's pages, and a scan of 10,000 components reads a third fewer pages
 * than in SBOM order.  The threads take chunks of this order as they go, so
 * that neither waits for the other at the end however the work is spread
 * over the ecosystems.  The order changes nothing else: findings and
 * warnings are sorted afterwards, and the summaries keep each component's
 * SBOM index.
 */
static size_t *scan_order(const vg_sbom *sbom, bool two)
{
	size_t n = sbom->component_count, i;
	size_t *order = malloc((n ? n : 1) * 2 * sizeof(*order));
	order_part a = { order, n, sbom->components }, b = a;
	vg_thread thread;

	if (!order) {
		vg_error_set(VG_ENOMEM, "out of memory");
		return NULL;
	}
	for (i = 0; i < n; i++)
		order[i] = i;
	/* each half sorted on a thread, then merged into the array's second half */
	a.n = n / 2;
	b.at += a.n;
	b.n -= a.n;
	if (two && vg_thread_start(&thread, sort_part, &b) != VG_OK) {
		vg_error_clear();
		two = false;
	}
	if (!two) {
		a.n = n;
		sort_part(&a);
		return order;
	}
	sort_part(&a);
	vg_thread_join(&thread);
	merge_parts(&a, &b, order + n);
	memmove(order, order + n, n * sizeof(*order));
	return order;
}

/*
 * The second worker: chunks of the components on a connection of its own (a
 * SQLite connection serves one thread), in a read transaction of its own.
 * Its error message is thread-local, so it is kept for the caller.
 */
typedef struct worker {
	scan_run run;
	vg_scan_result out;
	vg_thread thread;
	int rc;
	char message[VG_ERROR_MAX];
} worker;

static void worker_main(void *arg)
{
	worker *w = arg;

	w->rc = vg_vulndb_read_begin(w->run.db);
	if (w->rc == VG_OK) {
		w->rc = scan_share(&w->run);
		vg_vulndb_read_end(w->run.db);
	}
	if (w->rc)
		snprintf(w->message, sizeof(w->message), "%s", vg_error_message());
}

static int merge_release(scan_run *into, const release *r)
{
	bool added;
	release *e = release_entry(into, r->ecosystem, r->first, &added);

	if (!e)
		return VG_ENOMEM;
	if (added)
		e->covered = r->covered;
	e->packages += r->packages;
	return VG_OK;
}

static int merge_skip(scan_run *into, const skipped *k)
{
	bool added;
	skipped *e = skip_entry(into, k->why, k->first, &added);

	if (!e)
		return VG_ENOMEM;
	e->count += k->count;
	return VG_OK;
}

/* Move the worker's findings, warnings and counts into `into`. */
static int merge_run(scan_run *into, scan_run *from)
{
	vg_finding *f;
	size_t i;
	int rc = VG_OK;

	for (i = 0; i < from->out->count && rc == VG_OK; i++)
		if ((rc = vg_scan_result_add(into->out, &f)) == VG_OK) {
			*f = from->out->findings[i];
			memset(&from->out->findings[i], 0, sizeof(*f));
		}
	for (i = 0; i < from->out->warnings.count && rc == VG_OK; i++)
		if (!vg_strlist_contains(&into->out->warnings, from->out->warnings.items[i]))
			rc = vg_strlist_add(&into->out->warnings, from->out->warnings.items[i]);
	for (i = 0; i < from->nreleases && rc == VG_OK; i++)
		rc = merge_release(into, &from->releases[i]);
	for (i = 0; i < from->nskips && rc == VG_OK; i++)
		rc = merge_skip(into, &from->skips[i]);
	into->unidentifiable += from->unidentifiable;
	into->out->matched_components += from->out->matched_components;
	return rc;
}

static void run_free(scan_run *run)
{
	free(run->hits.items);
	free(run->keys);
	free(run->releases);
	free(run->skips);
}

/* The components at once on two threads, each taking chunks as it goes; *done = false
 * (and nothing scanned) when a second connection cannot be had. */
static int scan_in_two(scan_run *run, bool *done)
{
	worker w;
	int rc;

	memset(&w, 0, sizeof(w));
	*done = false;
	if (vg_vulndb_open_another(run->db, &w.run.db) != VG_OK) {
		vg_error_clear();
		return VG_OK;
	}
	w.run.sbom = run->sbom;
	w.run.out = &w.out;
	w.run.cpes = run->cpes;
	w.run.order = run->order;
	w.run.next = run->next;
	w.run.hits.warnings = &w.out.warnings;
	if (vg_thread_start(&w.thread, worker_main, &w) != VG_OK) {
		vg_error_clear();
		vg_vulndb_close(w.run.db);
		return VG_OK;
	}
	*done = true;
	rc = scan_share(run);
	vg_thread_join(&w.thread);
	if (rc == VG_OK && w.rc)
		rc = vg_error_set(w.rc, "%s", w.message);
	if (rc == VG_OK)
		rc = merge_run(run, &w.run);
	vg_vulndb_close(w.run.db);
	run_free(&w.run);
	vg_scan_result_free(&w.out);
	return rc;
}

/* only_fixed: the findings without a fixed version leave the result. */
static void omit_unfixed(vg_scan_result *out)
{
	size_t i, kept = 0;

	for (i = 0; i < out->count; i++) {
		if (out->findings[i].fixed.count) {
			out->findings[kept++] = out->findings[i];
		} else {
			scan_finding_free(&out->findings[i]);
			out->omitted_unfixed++;
		}
	}
	out->count = kept;
}

static void apply_vex(scan_run *run, const vg_vex *vex)
{
	size_t i;
	vg_finding *f;
	const vg_component *c;

	for (i = 0; vex && i < run->out->count; i++) {
		f = &run->out->findings[i];
		c = vg_sbom_find(run->sbom, f->component_ref);
		f->vex = c ? vg_vex_find(vex, (const char *const *)f->aliases.items,
					 f->aliases.count, c)
			   : NULL;
		f->suppressed = f->vex && (f->vex->status == VG_VEX_NOT_AFFECTED ||
					   f->vex->status == VG_VEX_FIXED);
	}
}

static int by_first_release(const void *a, const void *b)
{
	size_t x = ((const release *)a)->first, y = ((const release *)b)->first;

	return (x > y) - (x < y);
}

static int by_first_skip(const void *a, const void *b)
{
	size_t x = ((const skipped *)a)->first, y = ((const skipped *)b)->first;

	return (x > y) - (x < y);
}

static const char *ref_at(const scan_run *run, size_t at)
{
	return at < run->sbom->component_count ? run->sbom->components[at]->ref
					       : run->sbom->primary->ref;
}

static int summarise(scan_run *run)
{
	size_t i;
	int rc = VG_OK;

	if (run->nreleases > 1)
		qsort(run->releases, run->nreleases, sizeof(*run->releases), by_first_release);
	if (run->nskips > 1)
		qsort(run->skips, run->nskips, sizeof(*run->skips), by_first_skip);

	for (i = 0; i < run->nreleases && rc == VG_OK; i++)
		if (!run->releases[i].covered)
			rc = scan_warn(&run->out->warnings,
				       "%s: the database has no data for this release; %zu "
				       "package%s not checked (import the distribution's tracker)",
				       run->releases[i].ecosystem, run->releases[i].packages,
				       run->releases[i].packages == 1 ? " was" : "s were");
	for (i = 0; i < run->nskips && rc == VG_OK; i++)
		rc = scan_warn(&run->out->warnings, "%zu component%s not checked: %s (e.g. %s)",
			       run->skips[i].count, run->skips[i].count == 1 ? " was" : "s were",
			       run->skips[i].why, ref_at(run, run->skips[i].first));
	if (rc == VG_OK && run->unidentifiable)
		rc = scan_warn(&run->out->warnings,
			       "%zu component%s neither a purl nor a CPE and %s not checked",
			       run->unidentifiable, run->unidentifiable == 1 ? " has" : "s have",
			       run->unidentifiable == 1 ? "was" : "were");
	return rc;
}

#define USEC_PER_DAY (INT64_C(86400) * 1000000)

int vg_scan_check_age(const vg_vulndb_update *updates, size_t count,
		      const vg_scan_options *options, vg_strlist *stale)
{
	int days = options && options->max_age_days ? options->max_age_days : VG_SCAN_MAX_AGE_DAYS;

	if (days < 0)
		return VG_OK;
	return vg_vulndb_check_age(updates, count, vg_time_now(), days * USEC_PER_DAY, stale);
}

/* What the findings are as of; data older than the scan accepts is a
 * warning, since what was published since is missing. */
static int note_updates(vg_vulndb *db, const vg_scan_options *options, vg_scan_result *out)
{
	vg_strlist stale = VG_STRLIST_INIT;
	size_t i;
	int rc = vg_vulndb_updates_get(db, &out->updates, &out->update_count);

	if (rc == VG_OK)
		rc = vg_scan_check_age(out->updates, out->update_count, options, &stale);
	for (i = 0; i < stale.count && rc == VG_OK; i++)
		rc = scan_warn(&out->warnings, "%s: vulnerabilities published since are not in "
				 "this scan (run 'vigil db update')",
			       stale.items[i]);
	vg_strlist_free(&stale);
	return rc;
}

/* Below this many components a second thread costs more than it saves. */
#define SCAN_TWO_THREADS_MIN 256

int vg_scan(vg_vulndb *db, const vg_sbom *sbom, const vg_scan_options *options,
	    vg_scan_result *out)
{
	scan_cpes cpes = { 0 };
	atomic_size_t next = 0;
	scan_run run = { .db = db, .sbom = sbom, .out = out, .cpes = &cpes, .next = &next };
	unsigned threads = options ? options->threads : 0;
	bool in_two = threads == 2 || (threads == 0 && sbom->component_count >= SCAN_TWO_THREADS_MIN);
	bool done_in_two = false;
	size_t first;
	int rc;

	memset(out, 0, sizeof(*out));
	out->components = sbom->component_count + (sbom->primary != NULL);
	run.hits.warnings = &out->warnings;
	rc = vg_vulndb_read_begin(db);
	if (rc)
		return rc;
	rc = note_updates(db, options, out);
	if (rc == VG_OK)
		rc = scan_cpes_collect(sbom, &cpes);
	if (rc == VG_OK && !(run.order = scan_order(sbom, in_two)))
		rc = VG_ENOMEM;
	if (rc == VG_OK && in_two)
		rc = scan_in_two(&run, &done_in_two);
	if (rc == VG_OK && !done_in_two)
		rc = scan_share(&run);
	/* last: whether it is a distribution's OS depends on the packages seen */
	first = out->count;
	if (rc == VG_OK && sbom->primary)
		rc = scan_component(&run, sbom->primary, sbom->component_count);
	if (rc == VG_OK)
		rc = fill_all_facts(&run, first);
	/* the entries skipped, in one order however the components were shared */
	vg_strlist_sort(&out->warnings);
	if (rc == VG_OK)
		rc = summarise(&run);
	if (rc == VG_OK) {
		apply_vex(&run, options ? options->vex : NULL);
		if (options && options->only_fixed)
			omit_unfixed(out);
		vg_scan_result_sort(out);
	}
	vg_vulndb_read_end(db);
	scan_cpes_clear(&cpes);
	free(run.order);
	run_free(&run);
	if (rc)
		vg_scan_result_free(out);
	return rc;
}
