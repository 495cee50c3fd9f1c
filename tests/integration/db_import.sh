#!/usr/bin/env bash
# vigil db: import real KEV data, re-import, show, JSON output, and an import
# killed with SIGKILL half-way that must leave the database as it was.
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
echo "db_import: passed"
