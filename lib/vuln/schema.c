/*
 * schema.c - the vulnerability database schema and its migrations.
 *
 * migrations[i] brings a database from user_version i to i + 1.  A released
 * migration is never edited: changes go into a new one appended at the end.
 */
#include "vulndb_internal.h"
#include "vigil/error.h"

#include <stdio.h>

static const char *const migrations[] = {
	/* 0 -> 1: the first schema. */
	"CREATE TABLE vulnerability ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE);"
	"CREATE TABLE alias ("
	"  name TEXT PRIMARY KEY,"
	"  vuln INTEGER NOT NULL REFERENCES vulnerability(id)) WITHOUT ROWID;"
	"CREATE INDEX alias_vuln ON alias(vuln);"
	"CREATE TABLE record ("
	"  id INTEGER PRIMARY KEY,"
	"  source TEXT NOT NULL,"
	"  record_id TEXT NOT NULL,"
	"  vuln INTEGER NOT NULL REFERENCES vulnerability(id),"
	"  published TEXT, modified TEXT, summary TEXT, details TEXT,"
	"  UNIQUE (source, record_id));"
	"CREATE INDEX record_vuln ON record(vuln);"
	"CREATE TABLE severity ("
	"  record INTEGER NOT NULL REFERENCES record(id) ON DELETE CASCADE,"
	"  type TEXT NOT NULL, vector TEXT, score REAL);"
	"CREATE INDEX severity_record ON severity(record);"
	"CREATE TABLE reference ("
	"  record INTEGER NOT NULL REFERENCES record(id) ON DELETE CASCADE,"
	"  type TEXT, url TEXT NOT NULL);"
	"CREATE INDEX reference_record ON reference(record);"
	"CREATE TABLE affected ("
	"  id INTEGER PRIMARY KEY,"
	"  record INTEGER NOT NULL REFERENCES record(id) ON DELETE CASCADE,"
	"  ecosystem TEXT NOT NULL, name TEXT NOT NULL, purl TEXT,"
	"  ranges TEXT, versions TEXT, fixed TEXT);"
	"CREATE INDEX affected_package ON affected(ecosystem, name);"
	"CREATE INDEX affected_record ON affected(record);"
	"CREATE TABLE cpe_match ("
	"  record INTEGER NOT NULL REFERENCES record(id) ON DELETE CASCADE,"
	"  config INTEGER NOT NULL, vulnerable INTEGER NOT NULL, criteria TEXT NOT NULL,"
	"  vendor TEXT, product TEXT,"
	"  version_start TEXT, start_including INTEGER,"
	"  version_end TEXT, end_including INTEGER);"
	"CREATE INDEX cpe_match_product ON cpe_match(product, vendor);"
	"CREATE INDEX cpe_match_record ON cpe_match(record);"
	"CREATE TABLE kev ("
	"  cve TEXT PRIMARY KEY, vendor TEXT, product TEXT, name TEXT,"
	"  date_added TEXT, due_date TEXT, required_action TEXT, ransomware TEXT,"
	"  notes TEXT) WITHOUT ROWID;"
	"CREATE TABLE epss ("
	"  cve TEXT PRIMARY KEY, score REAL NOT NULL, percentile REAL NOT NULL,"
	"  date TEXT) WITHOUT ROWID;"
	"CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;",

	/*
	 * 1 -> 2: what the NVD, CVE 5, Debian and Alpine importers keep.
	 * record.digest: SHA-256 of the record as imported, for sources without a
	 *   modification time (Debian, Alpine), so re-imports see "unchanged".
	 * severity.origin: who scored it ("nvd@nist.gov Primary", "CISA-ADP").
	 * affected.status: NULL = affected as the ranges say; "not_affected"
	 *   (the distro says so: scanners report it as not affected), "unfixed"
	 *   (affected, no fix yet).  affected.default_status, version_type and
	 *   source_versions keep a CVE 5 entry's defaultStatus, versionType(s) and
	 *   its versions[] verbatim, for entries whose ranges cannot be converted.
	 * cpe_match: an NVD configuration is nodes combined by config_operator
	 *   (AND: every node must match), each node its cpeMatch entries combined
	 *   by node_operator, either possibly negated.
	 */
	"ALTER TABLE record ADD COLUMN digest TEXT;"
	"ALTER TABLE severity ADD COLUMN origin TEXT;"
	"ALTER TABLE affected ADD COLUMN status TEXT;"
	"ALTER TABLE affected ADD COLUMN default_status TEXT;"
	"ALTER TABLE affected ADD COLUMN version_type TEXT;"
	"ALTER TABLE affected ADD COLUMN source_versions TEXT;"
	"ALTER TABLE cpe_match ADD COLUMN node INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE cpe_match ADD COLUMN node_operator TEXT;"
	"ALTER TABLE cpe_match ADD COLUMN node_negate INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE cpe_match ADD COLUMN config_operator TEXT;"
	"ALTER TABLE cpe_match ADD COLUMN config_negate INTEGER NOT NULL DEFAULT 0;",

	/*
	 * 2 -> 3: package names that compare case-insensitively (PyPI's
	 * "Django" is pkg:pypi/django; NuGet's likewise) are looked up through
	 * lower(name); query.c repeats this WHERE so the partial index serves it.
	 */
	"CREATE INDEX affected_package_folded ON affected(ecosystem, lower(name))"
	"  WHERE ecosystem IN ('PyPI', 'NuGet');",

	/*
	 * 3 -> 4: affected.events, the compact, validated and sorted form of an
	 * entry's ranges and versions (events.c), so a scan decides most entries
	 * without parsing JSON.  The package indexes carry status and events, so
	 * that decision is read from the index alone.  Entries stored before
	 * this migration keep events NULL and are evaluated from their JSON, as
	 * before, until an import replaces their record (a changed record) or
	 * the database is rebuilt.
	 */
	"ALTER TABLE affected ADD COLUMN events TEXT;"
	"DROP INDEX affected_package;"
	"CREATE INDEX affected_package ON affected(ecosystem, name, status, events);"
	"DROP INDEX affected_package_folded;"
	"CREATE INDEX affected_package_folded ON affected(ecosystem, lower(name), status, events)"
	"  WHERE ecosystem IN ('PyPI', 'NuGet');",

	/*
	 * 4 -> 5: record.snapshot, the list a record of a full-snapshot source
	 * came from (snapshot.c): "DSA", "DLA", "DTSA" (a Debian list: the
	 * advisory id's prefix), "tracker" (the Debian tracker JSON),
	 * "v3.18/main" (an Alpine secdb file).  A newer copy of a list removes
	 * the records of that list it no longer names.  Debian records say
	 * their list in their id (an advisory id starts with capitals, a
	 * tracker package name with a lowercase letter or digit), so they are
	 * filled in here; Alpine ids do not name the repository, so stored
	 * Alpine records get theirs when a secdb file lists them again.
	 */
	"ALTER TABLE record ADD COLUMN snapshot TEXT;"
	"UPDATE record SET snapshot = CASE"
	"  WHEN record_id GLOB '[A-Z]*-*' THEN substr(record_id, 1, instr(record_id, '-') - 1)"
	"  ELSE 'tracker' END"
	"  WHERE source = 'debian';",

	/*
	 * 5 -> 6: the package indexes also carry record and fixed, so a scan
	 * reads an entry its compact events decide from the index and its
	 * record's row alone, never the entry's own row (on the 10,000-component
	 * bench that is 5,000 pages fewer).  Each ecosystem is in one index
	 * only: PyPI and NuGet, which scans look up case-folded, in the folded
	 * one, every other in the plain one; queries repeat the partial
	 * index's WHERE so the planner may use it (query.c).  Both together
	 * take no longer to build than the two before.
	 */
	"DROP INDEX affected_package;"
	"CREATE INDEX affected_package ON affected(ecosystem, name, status, events, record, fixed)"
	"  WHERE ecosystem NOT IN ('PyPI', 'NuGet');"
	"DROP INDEX affected_package_folded;"
	"CREATE INDEX affected_package_folded"
	"  ON affected(ecosystem, lower(name), status, events, record, fixed)"
	"  WHERE ecosystem IN ('PyPI', 'NuGet');",

	/*
	 * 6 -> 7: affected.ranges and affected.versions are NULL where the
	 * entry's events hold all of them (events.c says when), and readers
	 * rebuild them from the events (query.c).  Nothing to convert: rows
	 * stored before keep their JSON, which is read as it is.  The version
	 * goes up so that an older vigil, which would read such an entry as
	 * having no ranges, refuses the file instead.
	 */
	"-- no change to the tables",

	/*
	 * 7 -> 8: package_bound, one row per package of the package indexes
	 * (name as they key it: lower-cased for PyPI and NuGet), with the
	 * highest version its entries can hold (bounds.c), so a scan passes
	 * over a package installed above it.  Computing a bound takes the
	 * ecosystems' version orders, which SQL has not: rows made here say
	 * "no bound" (scans walk those packages as before) until an import
	 * stores the package again or the database is rebuilt.
	 */
	"CREATE TABLE package_bound ("
	"  ecosystem TEXT NOT NULL, name TEXT NOT NULL,"
	"  scheme TEXT, bound TEXT, inclusive INTEGER NOT NULL DEFAULT 0,"
	"  PRIMARY KEY (ecosystem, name)) WITHOUT ROWID;"
	"INSERT INTO package_bound (ecosystem, name)"
	"  SELECT DISTINCT ecosystem, name FROM affected"
	"  WHERE ecosystem NOT IN ('PyPI', 'NuGet')"
	"  UNION SELECT DISTINCT ecosystem, lower(name) FROM affected"
	"  WHERE ecosystem IN ('PyPI', 'NuGet');",
};

/*
 * A bulk load (bulk.c) creates these after the rows are in, in one sorted
 * pass each: they are wide and their keys come in random order, so
 * maintaining them row by row costs more than building them, and no import
 * statement needs them.  The indexes that merging and replacing records use
 * (by vulnerability, by record) stay.
 */
const char *const vulndb_deferred_indexes[] = {
	"affected_package", "affected_package_folded", "cpe_match_product", NULL,
};

#define SCHEMA_VERSION ((int)(sizeof(migrations) / sizeof(migrations[0])))

int vg_vulndb_schema_version(void)
{
	return SCHEMA_VERSION;
}

int vg_vulndb_file_version(vg_vulndb *db)
{
	sqlite3_stmt *st;
	int version = -1;

	if (vulndb_prepare(db, "PRAGMA user_version", &st) != VG_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return version;
}

int vulndb_migrate(vg_vulndb *db)
{
	char pragma[64];
	int version = vg_vulndb_file_version(db), rc;

	if (version < 0)
		return VG_EDB;
	if (version > SCHEMA_VERSION)
		return vg_error_set(VG_EUNSUPPORTED,
				    "%s: database schema version %d is newer than this vigil "
				    "understands (%d); upgrade vigil",
				    db->path, version, SCHEMA_VERSION);
	if (version == SCHEMA_VERSION)
		return VG_OK;
	rc = vulndb_exec(db, "BEGIN IMMEDIATE");
	for (; rc == VG_OK && version < SCHEMA_VERSION; version++)
		rc = vulndb_exec(db, migrations[version]);
	if (rc == VG_OK) {
		snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d", SCHEMA_VERSION);
		rc = vulndb_exec(db, pragma);
	}
	if (rc == VG_OK)
		return vulndb_exec(db, "COMMIT");
	sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
	return vg_error_prefix("migrating the schema: ");
}
