#!/usr/bin/env bash
# vigil db update against a local feed mirror (feedserver.py): first run
# downloads and imports, second run gets 304s and imports nothing, NVD pages
# are all requested (incrementally the second time), a cut download resumes
# with Range (in one run, and from a .part left by an earlier one) and gives
# the same database, a 503-ing feed fails clearly while the others succeed.
# Each source records when its data came in (an unchanged feed counts, an NVD
# run that fails half-way does not), which `scan --require-fresh` checks.
set -euo pipefail
: "${VIGIL:?}" "${VG_TESTDATA:?}" "${VG_BUILD_DIR:?}"
here=$(cd "$(dirname "$0")" && pwd)
kev="$VG_TESTDATA/kev/known_exploited_vulnerabilities.json"
nvd="$VG_TESTDATA/osv/osv.dev/vulnfeeds/test_data/nvdcve-2.0"
pypa="$VG_TESTDATA/osv/pypa-advisory-database/vulns"
for need in "$kev" "$nvd" "$pypa"; do
	[ -e "$need" ] || { echo "SKIP: $need is absent"; exit 77; }
done
command -v python3 >/dev/null || { echo "SKIP: python3 is absent"; exit 77; }
t="$VG_BUILD_DIR/tmp/db_update"
rm -rf "$t" && mkdir -p "$t/www/kev" "$t/www/osv/PyPI" "$t/www/epss"
fail() { echo "FAIL: $*"; exit 1; }
pid=""
cleanup() { [ -z "$pid" ] || kill "$pid" 2>/dev/null || true; }
trap cleanup EXIT

# The mirror: the real KEV catalog, an OSV zip of 40 real PyPI records, and
# an EPSS snapshot (shared/testdata has none) naming CVEs of both.
ln -s "$kev" "$t/www/kev/known_exploited_vulnerabilities.json"
python3 - "$t/www" "$pypa" "$kev" <<'PY'
import glob, gzip, json, os, sys, zipfile
www, pypa, kev = sys.argv[1:4]
files = {}
for f in sorted(glob.glob(os.path.join(pypa, "*", "*.json"))):
    files.setdefault(os.path.basename(f), f)  # one copy of each id
files = list(files.values())[:40]
with zipfile.ZipFile(os.path.join(www, "osv/PyPI/all.zip"), "w", zipfile.ZIP_DEFLATED) as z:
    for f in files:
        z.write(f, os.path.basename(f))
# Withdrawn records are not stored: the count the database must show.
live = sum(1 for f in files if not json.load(open(f)).get("withdrawn"))
open(os.path.join(www, "..", "osv_count"), "w").write(str(live))
cves = [v["cveID"] for v in json.load(open(kev))["vulnerabilities"]][:3000]
with gzip.open(os.path.join(www, "epss/epss_scores-current.csv.gz"), "wt") as f:
    f.write("#model_version:v2025.03.14,score_date:2025-08-25T00:00:00Z\ncve,epss,percentile\n")
    for i, c in enumerate(cves):
        f.write("%s,%.5f,%.5f\n" % (c, (i % 997) / 1000, (i % 991) / 1000))
PY

python3 "$here/feedserver.py" "$t/www" "$nvd" "$t/port" "$t/log" "$t/faults" &
pid=$!
for _ in $(seq 100); do [ -s "$t/port" ] && break; sleep 0.05; done
[ -s "$t/port" ] || fail "feedserver did not start"
mirror="http://127.0.0.1:$(cat "$t/port")"
export NVD_API_KEY=test-key
upd() { "$VIGIL" db update --mirror "$mirror" --osv PyPI --retries 1 --json "$@"; }
# The stats without the sources' update times, which every run moves on.
stats() {
	"$VIGIL" db stats --db "$1" --json | python3 -c '
import json, sys
d = json.load(sys.stdin)
for s in d["sources"]:
    s.pop("updated")
print(json.dumps(d, sort_keys=True))'
}
# updated DB: "source=time" per source, sorted ("osv=2026-..." or "osv=None").
updated() {
	"$VIGIL" db stats --db "$1" --json |
		python3 -c 'import json, sys; print(" ".join("%s=%s" % (s["name"], s["updated"]) for s in json.load(sys.stdin)["sources"]))'
}
# age DB TIME: set every source'"'"'s update time to TIME, as if that long ago.
age() {
	python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("UPDATE meta SET value = ? WHERE key LIKE '"'"'updated:%'"'"'", (sys.argv[2],))
c.commit()' "$1" "$2"
}
# field FILE FEED KEY: a feed's summary field (import counts as "import.added").
field() {
	python3 -c '
import json, sys
doc = json.load(open(sys.argv[1]))
f = [x for x in doc["feeds"] if x["feed"] == sys.argv[2]][0]
v = f
for k in sys.argv[3].split("."):
    v = v[k] if v is not None else None
print(v)' "$@"
}

# --- first run: everything downloaded and imported ---
upd --db "$t/a.db" --cache "$t/cache-a" >"$t/run1.json" || fail "first run: exit $?"
for f in osv:PyPI kev epss nvd; do
	[ "$(field "$t/run1.json" $f status)" = downloaded ] || fail "run 1: $f not downloaded"
done
kevn=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["vulnerabilities"]))' "$kev")
stats "$t/a.db" >"$t/stats1.json"
python3 - "$t/stats1.json" "$kevn" "$(cat "$t/osv_count")" <<'PY' || fail "stats after the first run: $(cat "$t/stats1.json")"
import json, sys
s = json.load(open(sys.argv[1])); kevn, osvn = int(sys.argv[2]), int(sys.argv[3])
src = s["records_by_source"]
assert osvn >= 30 and src["osv"] == osvn and src["nvd"] == 23 and src["kev"] == kevn, src
assert s["exploited"] == kevn and s["epss_scores"] == min(3000, kevn), s
PY
[ "$(field "$t/run1.json" kev import.added)" = "$kevn" ] || fail "run 1: kev import counts"
# NVD: a full download (no lastMod), every 5-record page of the 23, with the key.
grep '^/nvd/' "$t/log" >"$t/nvd1.log"
[ "$(wc -l <"$t/nvd1.log")" -eq 5 ] || fail "NVD pages: $(cat "$t/nvd1.log")"
for s in 0 5 10 15 20; do
	grep -q "startIndex=$s[ &].*apikey=test-key status=200" "$t/nvd1.log" || fail "NVD page $s not requested"
done
grep -q lastMod "$t/nvd1.log" && fail "a first NVD run must not be incremental"

# Every feed's source records when its data came in; a scan with
# --require-fresh accepts data that young and refuses data that old.
echo '{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [{"type": "library",
 "bom-ref": "d", "name": "django", "version": "3.2", "purl": "pkg:pypi/django@3.2"}]}' >"$t/s.cdx.json"
u=$(updated "$t/a.db")
for s in epss kev nvd osv; do
	echo "$u" | grep -q "$s=20[0-9-]*T" || fail "run 1: no update time for $s: $u"
done
"$VIGIL" scan --db "$t/a.db" --require-fresh --quiet "$t/s.cdx.json" >/dev/null ||
	fail "run 1: a fresh database refused by --require-fresh"

# --- second run: 304s, nothing imported, NVD asked for a lastMod window ---
: >"$t/log"
age "$t/a.db" 2001-01-01T00:00:00Z
set +e
"$VIGIL" scan --db "$t/a.db" --require-fresh "$t/s.cdx.json" >/dev/null 2>"$t/err-old"; rc=$?
set -e
[ "$rc" -eq 5 ] || fail "--require-fresh on old data: exit $rc, expected 5"
grep -q "the kev data is .* days old (last updated 2001-01-01T00:00:00Z), over --max-db-age 7" "$t/err-old" ||
	fail "--require-fresh message: $(cat "$t/err-old")"
upd --db "$t/a.db" --cache "$t/cache-a" >"$t/run2.json" || fail "second run: exit $?"
# An unchanged feed is current data: every source is fresh again.
updated "$t/a.db" | grep -q 2001- && fail "run 2 left an old update time: $(updated "$t/a.db")"
for f in osv:PyPI kev epss; do
	[ "$(field "$t/run2.json" $f status)" = unchanged ] || fail "run 2: $f not unchanged"
	[ "$(field "$t/run2.json" $f import)" = None ] || fail "run 2: $f was imported again"
done
[ "$(grep -c 'status=304' "$t/log")" -eq 3 ] || fail "run 2: expected three 304s: $(cat "$t/log")"
grep -q 'inm="' "$t/log" || fail "run 2: no If-None-Match sent"
grep '^/nvd/' "$t/log" | grep -q 'lastModStartDate=.*lastModEndDate=.*status=200' ||
	fail "run 2: NVD not incremental: $(grep nvd "$t/log")"
[ "$(field "$t/run2.json" nvd import.added)" = 0 ] || fail "run 2: NVD added records"
stats "$t/a.db" | cmp -s - "$t/stats1.json" || fail "run 2 changed the database"

# --- a download cut mid-way resumes with Range in the same run ---
: >"$t/log"
echo "cut /kev/known_exploited_vulnerabilities.json 300000" >"$t/faults"
upd --db "$t/b.db" --cache "$t/cache-b" >"$t/run3.json" || fail "cut run: exit $?"
grep -q '^/kev/.*range=bytes=300000- if-range="' "$t/log" || fail "no Range resume: $(grep kev "$t/log")"
[ "$(field "$t/run3.json" kev resumes)" = 1 ] || fail "resumes: $(cat "$t/run3.json")"
stats "$t/b.db" | cmp -s - "$t/stats1.json" || fail "the resumed download gave another database"
rm -f "$t/faults"

# --- a .part left by an interrupted run is resumed; a stale one restarts ---
mkdir -p "$t/cache-c"
head -c 200000 "$kev" >"$t/cache-c/kev.json.part"
: >"$t/log"
upd --db "$t/c.db" --cache "$t/cache-c" --feeds kev >"$t/run4.json" || fail "resume run: exit $?"
grep -q '^/kev/.*range=bytes=200000-.*status=206' "$t/log" || fail "no resume from the .part: $(cat "$t/log")"
cmp -s "$t/cache-c/kev.json" "$kev" || fail "resumed file differs"
[ "$(field "$t/run4.json" kev resumed_from)" = 200000 ] || fail "resumed_from: $(cat "$t/run4.json")"
[ ! -e "$t/cache-c/kev.json.part" ] || fail ".part left behind"
head -c 100000 "$kev" | tr 'a-z' 'A-Z' >"$t/cache-c/kev.json.part"
echo '{"url": "'"$mirror"'/kev/known_exploited_vulnerabilities.json", "etag": "\"stale\""}' \
	>"$t/cache-c/kev.json.part.meta.json"
rm -f "$t/cache-c/kev.json.meta.json"
: >"$t/log"
upd --db "$t/c.db" --cache "$t/cache-c" --feeds kev >"$t/run5.json" || fail "stale .part run: exit $?"
grep -q '^/kev/.*range=bytes=100000- if-range="stale".*status=200' "$t/log" || fail "If-Range: $(cat "$t/log")"
cmp -s "$t/cache-c/kev.json" "$kev" || fail "a stale .part was glued to the new file"

# --- a 503-ing feed fails clearly; the others succeed; exit code 4 ---
echo "fail /epss/epss_scores-current.csv.gz" >"$t/faults"
set +e
upd --db "$t/d.db" --cache "$t/cache-d" >"$t/run6.json" 2>"$t/err6"; rc=$?
set -e
rm -f "$t/faults"
[ "$rc" -eq 4 ] || fail "503 run: exit $rc, expected 4"
grep -q "epss: failed: .*epss_scores-current.csv.gz: giving up after 2 attempts: HTTP status 503" "$t/err6" ||
	fail "503 message: $(cat "$t/err6")"
[ "$(field "$t/run6.json" epss status)" = failed ] || fail "epss status"
for f in osv:PyPI kev nvd; do
	[ "$(field "$t/run6.json" $f status)" = downloaded ] || fail "503 run: $f did not succeed"
done
[ ! -e "$t/cache-d/epss.csv.gz" ] || fail "a failed download left a cached file"
updated "$t/d.db" | grep -q "epss=" && fail "a failed feed has an update time: $(updated "$t/d.db")"

# --- NVD failing after two pages: those stay, but NVD is not marked current ---
echo "fail /nvd/cves/2.0 startIndex=10" >"$t/faults"
set +e
upd --db "$t/e.db" --cache "$t/cache-e" --feeds nvd >"$t/run7.json" 2>/dev/null; rc=$?
set -e
rm -f "$t/faults"
[ "$rc" -eq 4 ] || fail "NVD cut run: exit $rc, expected 4"
[ "$(field "$t/run7.json" nvd import.added)" = 10 ] || fail "NVD cut run: $(cat "$t/run7.json")"
[ "$(updated "$t/e.db")" = "nvd=None" ] || fail "a half NVD update marked NVD current: $(updated "$t/e.db")"
echo "db_update: passed"
