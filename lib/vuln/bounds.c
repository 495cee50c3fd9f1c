/*
 * bounds.c - package_bound: for each package the affected table names, the
 * highest version any of its entries can hold, so that a scan skips the
 * entries of a package installed above it without reading them.
 *
 * Most components of a real SBOM are known to the feeds and newer than every
 * fix: on the 10,000-component bench 6,000 are, and their entries were most
 * of the package index pages a scan read.  One row per package, a few dozen
 * bytes, puts some 180 packages on a page instead of a dozen.
 *
 * An entry's bound comes from its compact events (events.c): the greatest
 * version of its ranges and listed versions.  Exclusive when only `fixed`
 * events hold it (the version itself is fixed), inclusive when a
 * `last_affected` or listed version does; none at all (bound NULL) when an
 * `introduced` does, when the entry has no events, a GIT range, a range in
 * another order than the ecosystem's (SEMVER in an RPM ecosystem), a status
 * (a distro's "not_affected" is a hit whatever the version), or a version
 * its order rejects.  `limit` events only narrow a range and are passed
 * over.  A package's bound is the greatest of its entries'; NULL if any is.
 *
 * The rows are kept as the affected rows change: rebuilt whole after a bulk
 * load (bulk.c), and for the packages an import touched otherwise
 * (store.c).  A package without entries has no row, so a scan that finds
 * no row knows the package has no entries at all.
 */
#include "vulndb_internal.h"
#include "vigil/buf.h"
#include "vigil/error.h"
#include "vigil/str.h"

#include <stdlib.h>
#include <string.h>

/* The greatest version a package's entries hold, as it is accumulated. */
typedef struct pkg_bound {
	bool unbounded;
	vg_version_scheme scheme;
	char *version; /* NULL while no entry is seen */
	bool inclusive;
	/* The previous entry's scheme line and listed versions: a PyPI
	 * package's advisories list the same hundreds of versions, and those
	 * already compared need not be again (7.4 million lines, 1.9 million
	 * distinct per package, on the bench corpus). */
	vg_buf listed;
} pkg_bound;

static void bound_clear(pkg_bound *b)
{
	free(b->version);
	vg_buf_free(&b->listed);
	memset(b, 0, sizeof(*b));
}

/* Raise b to `version` (inclusive or not), ordered by `scheme`, when it is
 * higher.  A package's entries must all be ordered alike to be compared. */
static void bound_raise(pkg_bound *b, vg_version_scheme scheme, const char *version, size_t len,
			bool inclusive)
{
	char small[256], *v = len < sizeof(small) ? small : malloc(len + 1);
	int cmp = 1;

	if (!v || (b->version && scheme != b->scheme)) {
		b->unbounded = true;
		if (v != small)
			free(v);
		return;
	}
	memcpy(v, version, len);
	v[len] = '\0';
	b->scheme = scheme;
	if (vg_version_compare(scheme, v, b->version ? b->version : v, &cmp) != VG_OK) {
		vg_error_clear();
		b->unbounded = true;
	} else if (!b->version || cmp > 0) {
		free(b->version);
		b->version = v == small ? vg_strdup(v) : v;
		v = NULL;
		b->unbounded = !b->version;
		b->inclusive = inclusive;
	} else if (cmp == 0) {
		b->inclusive = b->inclusive || inclusive;
	}
	if (v && v != small)
		free(v);
}

static bool same_version(vg_version_scheme scheme, const vulndb_events_line *a, const vulndb_events_line *b)
{
	char x[256], y[256];
	int cmp = 1;

	if (a->len == b->len && !memcmp(a->value, b->value, a->len))
		return true;
	if (a->tag == 'i' && a->len == 1 && a->value[0] == '0')
		return false; /* "introduced 0": before every version */
	if (a->len >= sizeof(x) || b->len >= sizeof(y))
		return true; /* cannot tell: as if equal, which only loosens */
	memcpy(x, a->value, a->len);
	x[a->len] = '\0';
	memcpy(y, b->value, b->len);
	y[b->len] = '\0';
	if (vg_version_compare(scheme, x, y, &cmp) != VG_OK) {
		vg_error_clear();
		return true;
	}
	return cmp == 0;
}

/*
 * The top of one range: its events (sorted by version, limits passed over)
 * end at `last`; `prev` is the one before it or NULL.  An `introduced` at
 * the greatest version leaves the range open.
 */
static void raise_range(pkg_bound *b, vg_version_scheme scheme, const vulndb_events_line *prev,
			const vulndb_events_line *last)
{
	if (!last || last->tag == 'i' ||
	    (prev && prev->tag == 'i' && same_version(scheme, prev, last))) {
		b->unbounded = true;
		return;
	}
	bound_raise(b, scheme, last->value, last->len,
		    last->tag == 'l' ||
			    (prev && prev->tag == 'l' && same_version(scheme, prev, last)));
}

/* The scheme whose vg_version_scheme_name() is name[0..len). */
static bool scheme_named(const char *name, size_t len, vg_version_scheme *out)
{
	vg_version_scheme s;
	const char *n;

	for (s = 0; s < VG_VERSION_SCHEME_COUNT; s++)
		if ((n = vg_version_scheme_name(s)) && strlen(n) == len && !memcmp(n, name, len)) {
			*out = s;
			return true;
		}
	return false;
}

/*
 * Where the lines of `events` not yet folded into b start: after the scheme
 * line and the listed versions the previous entry of the package had in
 * the same order.  b keeps this entry's for the next.
 */
static const char *past_listed_before(pkg_bound *b, const char *events, const char *first)
{
	const char *end = first, *from = first;
	size_t same = 0;

	while (end[0] == 'v' && end[1] == ' ' && (end = strchr(end, '\n')) != NULL)
		end++;
	if (!end)
		return first; /* malformed: bound_entry says so */
	while (same < b->listed.len && events + same < end && b->listed.ptr[same] == events[same])
		if (events[same++] == '\n' && events + same > first)
			from = events + same;
	vg_buf_clear(&b->listed);
	if (vg_buf_put(&b->listed, events, (size_t)(end - events)) != VG_OK)
		vg_buf_clear(&b->listed);
	return from;
}

/*
 * Fold one entry's events text into b: its listed versions, ordered by the
 * ecosystem's scheme (the text's first line), and the top of each range,
 * ordered as the range's type says.
 */
static void bound_entry(pkg_bound *b, const char *events)
{
	const char *at, *nl = strchr(events, '\n');
	vulndb_events_line cur, prev = { 0 }, last = { 0 };
	bool in_range = false;
	vg_osv_range_type type = VG_OSV_RANGE_GIT;
	vg_version_scheme ecosystem, scheme = VG_VERSION_GENERIC;

	if (!nl || !scheme_named(events, (size_t)(nl - events), &ecosystem)) {
		b->unbounded = true;
		return;
	}
	for (at = past_listed_before(b, events, nl + 1);
	     !b->unbounded && vulndb_events_next(&at, &cur);) {
		if (cur.tag == 'v') {
			bound_raise(b, ecosystem, cur.value, cur.len, true);
		} else if (cur.tag == 'r') {
			if (in_range)
				raise_range(b, scheme, prev.tag ? &prev : NULL, last.tag ? &last : NULL);
			b->unbounded = !vulndb_events_range_type(&cur, &type);
			scheme = type == VG_OSV_RANGE_SEMVER ? VG_VERSION_SEMVER : ecosystem;
			/* a GIT range holds no version (vg_osv_affected_contains) */
			in_range = type != VG_OSV_RANGE_GIT;
			prev = last = (vulndb_events_line){ 0 };
		} else if (cur.tag != 'L') {
			prev = last;
			last = cur;
		}
	}
	if (*at)
		b->unbounded = true; /* not the encoder's text */
	if (in_range && !b->unbounded)
		raise_range(b, scheme, prev.tag ? &prev : NULL, last.tag ? &last : NULL);
}

/* The rows of one package index in key order: (ecosystem, key, status,
 * events), the key as scans look it up (query.c). */
#define BOUND_ROWS_PLAIN                                                                    \
	"SELECT ecosystem, name, status, events FROM affected INDEXED BY affected_package "  \
	"WHERE ecosystem NOT IN " VULNDB_FOLDED_ECOSYSTEMS
#define BOUND_ROWS_FOLDED                                                                   \
	"SELECT ecosystem, lower(name), status, events FROM affected "                      \
	"INDEXED BY affected_package_folded WHERE ecosystem IN " VULNDB_FOLDED_ECOSYSTEMS

static int put_bound(vg_vulndb *db, const char *ecosystem, const char *name, const pkg_bound *b)
{
	sqlite3_stmt *st;
	int rc = vulndb_stmt(db, "INSERT OR REPLACE INTO package_bound "
				 "(ecosystem, name, scheme, bound, inclusive) VALUES (?, ?, ?, ?, ?)",
			     &st);

	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, ecosystem, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	if (!b->unbounded && b->version) {
		sqlite3_bind_text(st, 3, vg_version_scheme_name(b->scheme), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, b->version, -1, SQLITE_STATIC);
	}
	sqlite3_bind_int(st, 5, b->inclusive);
	return vulndb_stmt_run(db, st, "storing a package bound");
}

/* Fold the rows of `st` into one bound per package, stored as each ends. */
static int fold_rows(vg_vulndb *db, sqlite3_stmt *st)
{
	char *eco = NULL, *name = NULL;
	const char *e, *n, *status, *events;
	pkg_bound b = { 0 };
	int rc = VG_OK;

	while (rc == VG_OK && sqlite3_step(st) == SQLITE_ROW) {
		e = (const char *)sqlite3_column_text(st, 0);
		n = (const char *)sqlite3_column_text(st, 1);
		if (!eco || strcmp(e, eco) || strcmp(n, name)) {
			if (eco)
				rc = put_bound(db, eco, name, &b);
			bound_clear(&b);
			free(eco);
			free(name);
			eco = vg_strdup(e);
			name = vg_strdup(n);
			if (rc == VG_OK && (!eco || !name))
				rc = vg_error_set(VG_ENOMEM, "out of memory");
		}
		status = (const char *)sqlite3_column_text(st, 2);
		events = (const char *)sqlite3_column_text(st, 3);
		if (status || !events)
			b.unbounded = true;
		else if (!b.unbounded)
			bound_entry(&b, events);
	}
	if (rc == VG_OK && eco)
		rc = put_bound(db, eco, name, &b);
	bound_clear(&b);
	free(eco);
	free(name);
	return rc;
}

/* The rows `walks` give (narrowed to one package when ecosystem is not
 * NULL), folded into package_bound. */
static int fold_all(vg_vulndb *db, const char *const *walks, size_t n, const char *ecosystem,
		    const char *name)
{
	sqlite3_stmt *st;
	size_t i;
	int rc = VG_OK;

	for (i = 0; rc == VG_OK && i < n; i++) {
		if ((rc = vulndb_stmt(db, walks[i], &st)) != VG_OK)
			break;
		if (ecosystem) {
			sqlite3_bind_text(st, 1, ecosystem, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
		}
		rc = fold_rows(db, st);
		vulndb_stmt_done(st);
	}
	return rc;
}

/* In a savepoint, not a transaction: a bulk load builds its bounds after its
 * COMMIT (bulk.c), unlike an import into a database. */
int vulndb_bounds_rebuild(vg_vulndb *db)
{
	static const char *const walks[] = {
		BOUND_ROWS_PLAIN " ORDER BY ecosystem, name",
		BOUND_ROWS_FOLDED " ORDER BY ecosystem, lower(name)",
	};
	int rc = vulndb_exec(db, "SAVEPOINT bounds; DELETE FROM package_bound");

	if (rc == VG_OK)
		rc = fold_all(db, walks, 2, NULL, NULL);
	if (rc == VG_OK)
		return vulndb_exec(db, "RELEASE bounds");
	sqlite3_exec(db->sql, "ROLLBACK TO bounds; RELEASE bounds", NULL, NULL, NULL);
	return rc;
}

/*
 * Transactional imports keep the bounds of the packages whose entries they
 * inserted, changed or deleted (directly or by a record's cascade): these
 * temporary triggers, which live only in the write connection, note each
 * package, and vulndb_bounds_refresh() recomputes them before the COMMIT.
 */
#define TOUCHED_KEY(row)                                                               \
	"(" row ".ecosystem, CASE WHEN " row ".ecosystem IN " VULNDB_FOLDED_ECOSYSTEMS \
	" THEN lower(" row ".name) ELSE " row ".name END)"

int vulndb_bounds_track(vg_vulndb *db)
{
	return vulndb_exec(
		db,
		"CREATE TEMP TABLE IF NOT EXISTS bounds_touched (ecosystem TEXT NOT NULL, "
		"name TEXT NOT NULL, PRIMARY KEY (ecosystem, name)) WITHOUT ROWID;"
		"CREATE TEMP TRIGGER IF NOT EXISTS bounds_on_insert AFTER INSERT ON main.affected "
		"BEGIN INSERT OR IGNORE INTO bounds_touched VALUES " TOUCHED_KEY("new") "; END;"
		"CREATE TEMP TRIGGER IF NOT EXISTS bounds_on_delete AFTER DELETE ON main.affected "
		"BEGIN INSERT OR IGNORE INTO bounds_touched VALUES " TOUCHED_KEY("old") "; END;"
		"CREATE TEMP TRIGGER IF NOT EXISTS bounds_on_update AFTER UPDATE ON main.affected "
		"BEGIN INSERT OR IGNORE INTO bounds_touched VALUES " TOUCHED_KEY("old") ", "
		TOUCHED_KEY("new") "; END;");
}

int vulndb_bounds_refresh(vg_vulndb *db)
{
	static const char *const walks[] = {
		BOUND_ROWS_PLAIN " AND ecosystem = ?1 AND name = ?2",
		BOUND_ROWS_FOLDED " AND ecosystem = ?1 AND lower(name) = ?2",
	};
	sqlite3_stmt *st;
	int rc = vulndb_prepare(db, "DELETE FROM bounds_touched RETURNING ecosystem, name", &st);
	vg_strlist touched = VG_STRLIST_INIT;
	size_t i;

	while (rc == VG_OK && sqlite3_step(st) == SQLITE_ROW)
		if ((rc = vg_strlist_add(&touched, (const char *)sqlite3_column_text(st, 0))) == VG_OK)
			rc = vg_strlist_add(&touched, (const char *)sqlite3_column_text(st, 1));
	if (sqlite3_finalize(st) != SQLITE_OK && rc == VG_OK)
		rc = vulndb_sql_error(db, "listing the packages an import changed");
	for (i = 0; rc == VG_OK && i + 1 < touched.count; i += 2) {
		if ((rc = vulndb_stmt(db, "DELETE FROM package_bound WHERE ecosystem = ? AND name = ?",
				      &st)) != VG_OK)
			break;
		sqlite3_bind_text(st, 1, touched.items[i], -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, touched.items[i + 1], -1, SQLITE_STATIC);
		if ((rc = vulndb_stmt_run(db, st, "replacing a package bound")) == VG_OK)
			rc = fold_all(db, walks + vulndb_folds_case(touched.items[i]), 1,
				      touched.items[i], touched.items[i + 1]);
	}
	vg_strlist_free(&touched);
	return rc;
}

int vg_vulndb_package_excludes(vg_vulndb *db, const char *ecosystem, const char *name,
			       vg_version_scheme scheme, const char *version, bool *out)
{
	sqlite3_stmt *st;
	vulndb_key key;
	const char *bound, *order;
	vg_version_scheme by;
	int cmp = 0, rc = vulndb_key_make(&key, ecosystem, name);

	*out = false;
	if (rc == VG_OK)
		rc = vulndb_stmt(db, "SELECT scheme, bound, inclusive FROM package_bound "
				     "WHERE ecosystem = ? AND name = ?", &st);
	if (rc) {
		vulndb_key_free(&key);
		return rc;
	}
	sqlite3_bind_text(st, 1, ecosystem, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, key.text, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW) {
		*out = true; /* no entries at all */
	} else if ((bound = (const char *)sqlite3_column_text(st, 1)) != NULL &&
		   (order = (const char *)sqlite3_column_text(st, 0)) != NULL &&
		   scheme_named(order, strlen(order), &by) &&
		   (by == scheme || by == VG_VERSION_SEMVER)) {
		/* SEMVER ranges order by SemVer in every ecosystem.  A version
		 * the ranges' evaluation rejects is walked: that warns. */
		if (vg_version_check(by, version) == VG_OK &&
		    vg_version_compare(by, version, bound, &cmp) == VG_OK)
			*out = cmp > 0 || (cmp == 0 && !sqlite3_column_int(st, 2));
		vg_error_clear();
	}
	vulndb_stmt_done(st);
	vulndb_key_free(&key);
	return VG_OK;
}
