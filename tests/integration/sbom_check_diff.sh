#!/bin/bash
# sbom_check_diff.sh - drive `vigil sbom check` and `vigil sbom diff`:
# exit codes, gates, --json that parses, the grouped human output.
set -u
: "${VIGIL:?}" "${VG_TESTDATA:?}" "${VG_BUILD_DIR:?}"
EX="$VG_TESTDATA/sbom/cyclonedx-bom-examples/SBOM"
[ -d "$EX" ] || { echo "SKIP: $EX is absent"; exit 77; }
command -v python3 >/dev/null || { echo "SKIP: python3 is absent"; exit 77; }
TMP="$VG_BUILD_DIR/tmp/sbom_check_diff"
rm -rf "$TMP" && mkdir -p "$TMP"
fails=0

expect() { # expect CODE DESCRIPTION -- COMMAND...
	local want=$1 what=$2; shift 3
	"$@" >"$TMP/out" 2>"$TMP/err"
	local got=$?
	if [ "$got" != "$want" ]; then
		echo "FAIL: $what: exit $got, expected $want"; sed 's/^/  | /' "$TMP/err" | head -5
		fails=$((fails + 1))
	else
		echo "ok: $what"
	fi
}
grep_out() { # grep_out PATTERN DESCRIPTION
	if grep -q -- "$1" "$TMP/out"; then echo "ok: $2"; else echo "FAIL: $2"; fails=$((fails + 1)); fi
}

LARAVEL="$EX/laravel-7.12.0/bom.1.4.json"
OLD="$EX/proton-bridge/proton-bridge-v1.6.3.bom.json"
NEW="$EX/proton-bridge/proton-bridge-v1.8.0.bom.json"

# check: help, usage errors, bad input
expect 0 "check --help" -- "$VIGIL" sbom check --help
grep_out "--fail-below" "help lists --fail-below"
grep_out "Exit status" "help lists exit codes"
expect 2 "check without FILE" -- "$VIGIL" sbom check
expect 2 "check with an unknown profile" -- "$VIGIL" sbom check --profile cisa "$LARAVEL"
expect 2 "check --min-score out of range" -- "$VIGIL" sbom check --min-score 200 "$LARAVEL"
expect 2 "check --fail-below E" -- "$VIGIL" sbom check --fail-below E "$LARAVEL"
expect 4 "check a missing file" -- "$VIGIL" sbom check "$TMP/none.json"
echo '{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [{"type": 7}]}' >"$TMP/bad.json"
expect 3 "check a malformed SBOM" -- "$VIGIL" sbom check "$TMP/bad.json"

# check: human output, grouped; gates
expect 0 "check laravel (no gate)" -- "$VIGIL" sbom check "$LARAVEL"
grep_out "BSI TR-03183-2 v2.1.0: .*grade" "BSI summary line"
grep_out "NTIA minimum elements" "NTIA summary line"
grep_out "bsi.timestamp .*no creation timestamp" "missing timestamp named"
grep_out "62 components lack: creator" "components grouped by missing fields"
lines=$(wc -l <"$TMP/out")
[ "$lines" -lt 60 ] && echo "ok: compact output ($lines lines)" || { echo "FAIL: $lines lines"; fails=$((fails + 1)); }
expect 0 "check --verbose" -- "$VIGIL" sbom check --verbose --profile bsi "$LARAVEL"
grep_out "stack-cors@1.3.0 \[.*\]: creator, filename" "verbose names each component"
expect 1 "check --fail-below A fails" -- "$VIGIL" sbom check --fail-below A "$LARAVEL"
expect 0 "check --fail-below F passes" -- "$VIGIL" sbom check --fail-below F "$LARAVEL"
expect 1 "check --min-score 50 fails on BSI" -- "$VIGIL" sbom check --min-score 50 "$LARAVEL"
expect 0 "check --profile ntia --min-score 50 passes" -- "$VIGIL" sbom check --profile ntia --min-score 50 "$LARAVEL"

# check: --json parses and carries the gate and per-component lists
expect 1 "check --json with a failing gate" -- "$VIGIL" sbom check --json --fail-below B "$LARAVEL"
if python3 -m json.tool "$TMP/out" >/dev/null; then echo "ok: check --json parses"; else echo "FAIL: check --json"; fails=$((fails + 1)); fi
python3 - "$TMP/out" <<'PY' || fails=$((fails + 1))
import json, sys
r = json.load(open(sys.argv[1]))
assert r["gate"]["passed"] is False, r["gate"]
bsi = r["profiles"][0]
assert bsi["profile"] == "bsi" and len(bsi["requirements"]) == 22
ts = [q for q in bsi["requirements"] if q["id"] == "bsi.timestamp"][0]
assert ts["passed"] == 0 and "timestamp" in ts["detail"]
assert all("filename" in c["missing"] for c in bsi["components"])
print("ok: check --json content")
PY

# diff
expect 0 "diff --help" -- "$VIGIL" sbom diff --help
expect 2 "diff with one file" -- "$VIGIL" sbom diff "$OLD"
expect 2 "diff - -" -- "$VIGIL" sbom diff - -
expect 4 "diff with a missing file" -- "$VIGIL" sbom diff "$OLD" "$TMP/none.json"
expect 0 "diff two releases" -- "$VIGIL" sbom diff "$OLD" "$NEW"
grep_out "^~ github.com/ProtonMail/proton-bridge .*v1.6.3 → v1.8.0" "changed version shown old → new"
grep_out "0 added, 0 removed, 8 changed" "diff summary"
expect 1 "diff --exit-code when they differ" -- "$VIGIL" sbom diff --exit-code "$OLD" "$NEW"
expect 0 "diff --exit-code on the same file" -- "$VIGIL" sbom diff --exit-code "$NEW" "$NEW"
expect 0 "diff of a file with itself from stdin" -- sh -c "\"$VIGIL\" sbom diff --exit-code - \"$NEW\" <\"$NEW\""
expect 0 "diff laravel against proton (all added/removed)" -- "$VIGIL" sbom diff "$LARAVEL" "$NEW"
grep_out "^+ " "added lines"
grep_out "^- " "removed lines"
expect 1 "diff --json --exit-code" -- "$VIGIL" sbom diff --json --exit-code "$OLD" "$NEW"
if python3 -m json.tool "$TMP/out" >/dev/null; then echo "ok: diff --json parses"; else echo "FAIL: diff --json"; fails=$((fails + 1)); fi
python3 - "$TMP/out" <<'PY' || fails=$((fails + 1))
import json, sys
d = json.load(open(sys.argv[1]))
assert d["summary"] == {"added": 0, "removed": 0, "changed": 8, "unchanged": 194}, d["summary"]
e = [x for x in d["entries"] if x["name"] == "github.com/miekg/dns"][0]
assert e["kind"] == "changed" and e["old_version"] == "v1.1.30" and e["new_version"] == "v1.1.41"
assert {c["field"] for c in e["changes"]} == {"version", "hashes"}
print("ok: diff --json content")
PY

[ "$fails" = 0 ] && echo "all passed" || echo "$fails failed"
exit $((fails > 0))
