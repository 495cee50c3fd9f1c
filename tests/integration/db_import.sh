#!/usr/bin/env bash
# vigil db: import real KEV data, re-import, show, JSON output, and imports
# killed with SIGKILL half-way that must leave the database as it was: one
# into a database that holds data (the transactional path) and one into a new
# database (the bulk path: built aside, renamed into place when complete).
set -euo pipefail
: "${VIGIL:?}" "${VG_TESTDATA:?}" "${VG_BUILD_DIR:?}"
kev="$VG_TESTDATA/kev/known_exploited_vulnerabilities.json"
if [ ! -f "$kev" ]; then echo "SKIP: $kev is absent"; exit 77; fi
command -v python3 >/dev/null || { echo "SKIP: python3 is absent"; exit 77; }
work="$VG_BUILD_DIR/tmp/db_import"
rm -rf "$work" && mkdir -p "$work"
db="$work/vuln.db"
fail() { echo "FAIL: $*"; exit 1; }

count=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["vulnerabilities"]))' "$kev")
out=$("$VIGIL" db import --db "$db" "$kev")
echo "$out"
[[ "$out" == *"$count added, 0 updated, 0 unchanged, 0 removed, 0 failed"* ]] || fail "first import"
out=$("$VIGIL" db import --db "$db" "$kev")
[[ "$out" == *"0 added, 0 updated, $count unchanged"* ]] || fail "re-import is not a no-op: $out"

"$VIGIL" db show --db "$db" --json CVE-2025-48384 | python3 -c '
import json, sys
v = json.load(sys.stdin)
assert v["id"] == "CVE-2025-48384" and v["exploited"] is True, v
assert v["kev"]["date_added"] == "2025-08-25", v
assert [s["source"] for s in v["sources"]] == ["kev"], v
'
# A CVE 5 record merges in as a second source, shown with its references.
cve5="$VG_TESTDATA/cve/vulnrichment/2022/46xxx/CVE-2022-46169.json"
if [ -f "$cve5" ]; then
  "$VIGIL" db import --db "$db" "$cve5" >/dev/null
  "$VIGIL" db show --db "$db" --json CVE-2022-46169 | python3 -c '
import json, sys
v = json.load(sys.stdin)
cve5 = [s for s in v["sources"] if s["source"] == "cve5"][0]
urls = [r["url"] for r in cve5["references"]]
assert "https://github.com/Cacti/cacti/security/advisories/GHSA-6p93-p743-35gf" in urls, urls
assert all(set(r) <= {"type", "url"} for r in cve5["references"]), cve5
assert "references" not in [s for s in v["sources"] if s["source"] == "kev"][0], v
'
  "$VIGIL" db show --db "$db" CVE-2022-46169 | grep -q "^      x_refsource_CONFIRM https://github.com/Cacti/" ||
    fail "db show does not list the references"
fi
# What each source says is affected: an OSV record's package ranges, an NVD
# record's CPE configuration, in JSON and in the text a person reads.
go="$VG_TESTDATA/osv/golang-vulndb/data/osv/GO-2024-2512.json"
nvd="$VG_TESTDATA/osv/osv.dev/vulnfeeds/test_data/nvdcve-2.0/CVE-2024-3094.json"
if [ -f "$go" ] && [ -f "$nvd" ]; then
  "$VIGIL" db import --db "$db" "$go" "$nvd" >/dev/null
  "$VIGIL" db show --db "$db" --json GHSA-xw73-rw38-6vjc | python3 -c '
import json, sys
v = json.load(sys.stdin)
assert v["id"] == "CVE-2024-24557", v["id"]
osv = [s for s in v["sources"] if s["source"] == "osv"][0]
assert [a["name"] for a in osv["affected"]] == ["github.com/docker/docker", "github.com/moby/moby"], osv
first = osv["affected"][0]
assert first["ecosystem"] == "Go" and first["ranges"][0]["type"] == "SEMVER", first
assert first["fixed"] == ["24.0.9+incompatible", "25.0.2+incompatible"], first
'
  # (into a file first: grep -q stops reading at its match, which under
  # pipefail would fail the pipeline on vigil's SIGPIPE)
  "$VIGIL" db show --db "$db" GO-2024-2512 >"$work/show.txt"
  grep -qxF "      affected      Go github.com/docker/docker: SEMVER: introduced 0, fixed 24.0.9+incompatible, introduced 25.0.0+incompatible, fixed 25.0.2+incompatible" "$work/show.txt" ||
    fail "db show does not describe the OSV ranges"
  "$VIGIL" db show --db "$db" --json CVE-2024-3094 | python3 -c '
import json, sys
v = json.load(sys.stdin)
nvd = v["sources"][0]
assert [m["criteria"] for m in nvd["cpe"]] == ["cpe:2.3:a:tukaani:xz:5.6.0:*:*:*:*:*:*:*",
    "cpe:2.3:a:tukaani:xz:5.6.1:*:*:*:*:*:*:*"], nvd["cpe"]
assert all(m["vulnerable"] for m in nvd["cpe"]), nvd["cpe"]
primary = [s for s in v["severities"] if s.get("origin") == "nvd@nist.gov Primary"][0]
assert primary["score"] == 10.0 and primary["vector"].startswith("CVSS:3.1/"), primary
'
  "$VIGIL" db show --db "$db" CVE-2024-3094 >"$work/show.txt"
  grep -qF "cpe config 0 (OR), node 0 (OR): vulnerable cpe:2.3:a:tukaani:xz:5.6.1:" "$work/show.txt" ||
    fail "db show does not list the CPE configuration"
else
  echo "note: $go or $nvd is absent: db show's affected and CPE listing not checked"
fi

# A summary that breaks lines is shown on its one line.
cat >"$work/multiline.json" <<'JSON'
{"id": "OSV-TEST-1", "modified": "2024-01-01T00:00:00Z",
 "summary": "  first line\n\tsecond   line\r\n",
 "affected": [{"package": {"ecosystem": "npm", "name": "left-pad"},
   "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "1.3.0"}]}]}]}
JSON
"$VIGIL" db import --db "$db" "$work/multiline.json" >/dev/null
"$VIGIL" db show --db "$db" OSV-TEST-1 >"$work/show.txt"
grep -qx "    osv      OSV-TEST-1               first line second line" "$work/show.txt" ||
  fail "db show does not put a multi-line summary on one line: $(cat "$work/show.txt")"
grep -q "npm left-pad: SEMVER: introduced 0, fixed 1.3.0$" "$work/show.txt" ||
  fail "db show does not describe ranges rebuilt from the events: $(cat "$work/show.txt")"
# Its ranges are stored in the compact events only (schema 7), and come back whole.
"$VIGIL" db show --db "$db" --json OSV-TEST-1 | python3 -c '
import json, sys
ranges = json.load(sys.stdin)["sources"][0]["affected"][0]["ranges"]
assert ranges == [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "1.3.0"}]}], ranges' ||
  fail "db show --json does not give the ranges back"

set +e
"$VIGIL" db show --db "$db" CVE-1900-0001 2>"$work/err"; rc=$?
set -e
[ "$rc" -eq 4 ] || fail "unknown id: exit $rc, expected 4"
grep -q "no such vulnerability" "$work/err" || fail "unknown id message"

# A large EPSS snapshot, imported once, then imported again (all scores
# changed) and killed half-way: the database must still hold the first one.
python3 - "$work" <<'PY'
import sys
d = sys.argv[1]
for name, shift in (("epss1.csv", 0.0), ("epss2.csv", 0.5)):
    with open(f"{d}/{name}", "w") as f:
        f.write("#model_version:v2025.03.14,score_date:2025-08-25T00:00:00Z\ncve,epss,percentile\n")
        for i in range(400000):
            f.write(f"CVE-{2000 + i % 25}-{i:07d},{(i % 1000) / 2000 + shift:.5f},0.5\n")
PY
"$VIGIL" db import --db "$db" "$work/epss1.csv" >/dev/null
before=$("$VIGIL" db stats --db "$db" --json)
sum_before=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select round(sum(score),3) from epss").fetchone()[0])' "$db")
"$VIGIL" db import --db "$db" "$work/epss2.csv" >/dev/null &
pid=$!
sleep 0.7
kill -9 "$pid" 2>/dev/null || fail "the import finished before it could be killed; make the file bigger"
wait "$pid" 2>/dev/null || true
after=$("$VIGIL" db stats --db "$db" --json)
sum_after=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select round(sum(score),3) from epss").fetchone()[0])' "$db")
[ "$before" = "$after" ] || fail "stats changed after a killed import"
[ "$sum_before" = "$sum_after" ] || fail "scores changed after a killed import: $sum_before -> $sum_after"
python3 -c 'import sqlite3,sys; r=sqlite3.connect(sys.argv[1]).execute("pragma integrity_check").fetchone()[0]; assert r=="ok", r' "$db"
echo "killed import left the database intact ($sum_before)"

# The bulk path: a new database, killed while its temporary file grows.  The
# database must be there, empty and sound; the next import completes, removes
# the leftover and leaves a WAL-mode database.
fresh="$work/fresh.db"
"$VIGIL" db import --db "$fresh" "$work/epss2.csv" >/dev/null &
pid=$!
for _ in $(seq 500); do
  size=$(stat -c %s "$fresh.import-tmp" 2>/dev/null || echo 0)
  [ "$size" -gt 1000000 ] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.01
done
kill -9 "$pid" 2>/dev/null || fail "the bulk import finished before it could be killed"
wait "$pid" 2>/dev/null || true
[ -f "$fresh.import-tmp" ] || fail "the bulk import was not killed while building"
python3 - "$fresh" <<'PY' || fail "a killed bulk import left rows or a damaged database"
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
assert c.execute("pragma integrity_check").fetchone()[0] == "ok"
tables = [r[0] for r in c.execute("select name from sqlite_master where type='table'")]
assert "epss" in tables, tables
for t in tables:
    assert c.execute(f'select count(*) from "{t}"').fetchone()[0] == 0, t
PY
out=$("$VIGIL" db import --db "$fresh" "$work/epss2.csv")
[[ "$out" == *"400000 added, 0 updated"* ]] || fail "import after a killed bulk import: $out"
[ ! -e "$fresh.import-tmp" ] || fail "the bulk import's temporary file was left behind"
python3 - "$fresh" <<'PY' || fail "the bulk-built database"
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
assert c.execute("pragma journal_mode").fetchone()[0] == "wal"
assert c.execute("pragma integrity_check").fetchone()[0] == "ok"
assert c.execute("select count(*) from epss").fetchone()[0] == 400000
PY
out=$("$VIGIL" db import --db "$fresh" "$work/epss2.csv")
[[ "$out" == *"0 added, 0 updated, 400000 unchanged"* ]] || fail "re-import after bulk: $out"
echo "killed bulk import left the new database empty and sound"

# The same OSV records, with replacements, a withdrawal and an alias merge
# inside the one import, give the same rows on the bulk path (a new
# database) as on the transactional path (a database holding EPSS scores).
mkdir -p "$work/osv"
python3 - "$work/osv" <<'PY'
import json, sys
d = sys.argv[1]
def rec(id, modified, aliases=(), n=2, withdrawn=None, refs=3):
    r = {"id": id, "modified": modified, "aliases": list(aliases), "summary": id,
         "affected": [{"package": {"ecosystem": "PyPI", "name": f"pkg{i}"},
                       "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": f"1.{i}"}]}],
                       "versions": ["0.1"]} for i in range(n)],
         "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
         "references": [{"type": "WEB", "url": f"https://example.com/{id}/{i}"} for i in range(refs)]}
    if withdrawn:
        r["withdrawn"] = withdrawn
    return r
docs = [rec("PYSEC-1", "2024-01-01T00:00:00Z", ["CVE-2024-0001"], n=3),
        rec("PYSEC-2", "2024-01-01T00:00:00Z", ["CVE-2024-0002"]),
        rec("PYSEC-3", "2024-01-01T00:00:00Z", ["CVE-2024-0003"], refs=20),
        rec("PYSEC-1", "2024-02-01T00:00:00Z", ["CVE-2024-0001"], n=1, refs=1),
        rec("PYSEC-2", "2024-03-01T00:00:00Z", withdrawn="2024-03-01T00:00:00Z"),
        rec("GHSA-mmmm-mmmm-mmmm", "2024-01-01T00:00:00Z", ["CVE-2024-0001", "CVE-2024-0003"], n=9)]
for i, r in enumerate(docs):
    json.dump(r, open(f"{d}/{i}.json", "w"))
PY
printf 'cve,epss,percentile\nCVE-1999-0001,0.5,0.5\n' >"$work/one.csv"
"$VIGIL" db import --db "$work/trans.db" "$work/one.csv" >/dev/null
out_bulk=$("$VIGIL" db import --db "$work/bulk.db" "$work/osv")
out_trans=$("$VIGIL" db import --db "$work/trans.db" "$work/osv")
[ "${out_bulk#* }" = "${out_trans#* }" ] || fail "reports differ: $out_bulk / $out_trans"
[[ "$out_bulk" == *"4 added, 1 updated, 0 unchanged, 1 removed, 0 failed"* ]] || fail "bulk report: $out_bulk"
python3 - "$work/bulk.db" "$work/trans.db" <<'PY' || fail "bulk and transactional imports differ"
import sqlite3, sys
b, t = sqlite3.connect(sys.argv[1]), sqlite3.connect(sys.argv[2])
tables = [r[0] for r in b.execute("select name from sqlite_master where type='table' order by name")]
for name in tables:
    if name == "epss":
        continue
    where = ""
    if name == "meta":  # the update times are each import's own
        where = " where key not like 'updated:%'"
        for c in (b, t):
            assert c.execute("select count(*) from meta where key = 'updated:osv'").fetchone()[0] == 1
    rows = lambda c: sorted(c.execute(f'select * from "{name}"{where}').fetchall(), key=repr)
    assert rows(b) == rows(t), name
schema = lambda c: sorted(c.execute("select type, name, sql from sqlite_master").fetchall(), key=repr)
assert schema(b) == schema(t)
for child in ("affected", "reference", "severity"):
    n = b.execute(f"select count(*) from {child} where record not in (select id from record)").fetchone()[0]
    assert n == 0, f"{n} orphan {child} rows"
assert b.execute("select count(*) from vulnerability").fetchone()[0] == 1  # the merged one; the withdrawn one has no record left
assert b.execute("pragma foreign_key_check").fetchall() == []
# A new file gets 8 KiB pages on either path (lib/vuln/db.c says why).
assert [c.execute("pragma page_size").fetchone()[0] for c in (b, t)] == [8192, 8192]
PY
echo "bulk and transactional imports store the same rows"

# No temporary file possible (its name is taken by a directory): the import
# into a new database takes the transactional path and succeeds.
mkdir -p "$work/blocked.db.import-tmp"
out=$("$VIGIL" db import --db "$work/blocked.db" "$kev")
[[ "$out" == *"$count added"* ]] || fail "import without room for the bulk file: $out"
[ -d "$work/blocked.db.import-tmp" ] || fail "the blocking directory was touched"
# Malformed records are skipped beside good ones (exit 0, or 3 with
# --strict); when every record failed nothing was imported, and that is an
# error (exit 3) that leaves the database as it was.
bad='{"id": "BAD-1", "modified": "yesterday"}'
printf '[%s, {"id": "OK-1", "modified": "2024-01-01T00:00:00Z"}]' "$bad" >"$work/mixed.json"
printf '[%s, %s]' "$bad" "${bad/BAD-1/BAD-2}" >"$work/allbad.json"
records() { python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from record").fetchone()[0])' "$1"; }
before=$(records "$work/trans.db")
set +e
"$VIGIL" db import --db "$work/trans.db" "$work/allbad.json" >"$work/out" 2>&1; rc_all=$?
"$VIGIL" db import --db "$work/trans.db" --strict "$work/mixed.json" >/dev/null 2>&1; rc_strict=$?
"$VIGIL" db import --db "$work/trans.db" "$work/mixed.json" >/dev/null 2>&1; rc_mixed=$?
set -e
[ "$rc_all" -eq 3 ] || fail "every record malformed: exit $rc_all, expected 3"
grep -q "0 added, 0 updated, 0 unchanged, 0 removed, 2 failed" "$work/out" || fail "report: $(cat "$work/out")"
grep -q "vigil: nothing imported (2 failed)" "$work/out" || fail "no summary: $(cat "$work/out")"
grep -q 'allbad.json: \$\[1\].modified: "yesterday" is not an RFC 3339' "$work/out" || fail "no per-record error"
[ "$rc_strict" -eq 3 ] || fail "--strict with a malformed record: exit $rc_strict, expected 3"
[ "$rc_mixed" -eq 0 ] || fail "a malformed record beside a good one: exit $rc_mixed, expected 0"
[ "$(records "$work/trans.db")" -eq $((before + 1)) ] ||
  fail "records: expected $((before + 1)) (OK-1 once)"

echo "db_import: passed"
