#!/usr/bin/env bash
# scan_report_schema.sh - what the scan writers produce is valid against the
# official schemas: the unit test test_scan_report writes its documents
# (VG_REPORT_OUT) and the CycloneDX 1.6 VDR is validated with bom-1.6.schema.json,
# the SARIF with the SARIF 2.1.0 schema (from @microsoft/jest-sarif), both with
# tests/tools/validate-schema.mjs (ajv).  A deliberately broken copy of each
# must be refused, so a validator that accepts anything fails the test.
# Skips (77) without node, the validator's node_modules or the shared test data.
set -euo pipefail

src=${VG_SOURCE_DIR:?} build=${VG_BUILD_DIR:?} data=${VG_TESTDATA:?}/sbom
tools=$src/tests/tools
validator=$tools/validate-schema.mjs
cdx_schema=$data/cyclonedx-specification/schema/bom-1.6.schema.json
sarif_schema=$tools/node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json
skip() { echo "SKIP: $*"; exit 77; }
command -v node >/dev/null || skip "node is not installed"
[ -d "$tools/node_modules/ajv-draft-04" ] || skip "ajv-draft-04 missing: run scripts/install-deps.sh"
[ -f "$sarif_schema" ] || skip "SARIF schema missing: run scripts/install-deps.sh"
[ -f "$cdx_schema" ] || skip "no CycloneDX schema in $data"
[ -x "$build/tests/test_scan_report" ] || skip "test_scan_report is not built"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
VG_REPORT_OUT=$tmp "$build/tests/test_scan_report" >"$tmp/unit.log" 2>&1 ||
  { cat "$tmp/unit.log"; echo "FAIL: test_scan_report"; exit 1; }

# Broken copies: a rating method CycloneDX does not define, a SARIF level
# SARIF does not define.
python3 - "$tmp" <<'PY'
import json, sys
d = sys.argv[1]
vdr = json.load(open(f"{d}/scan.vdr.cdx.json"))
vdr["vulnerabilities"][0]["ratings"][0]["method"] = "CVSSv5"
json.dump(vdr, open(f"{d}/broken.vdr.cdx.json", "w"))
sarif = json.load(open(f"{d}/scan.sarif"))
sarif["runs"][0]["results"][0]["level"] = "fatal"
json.dump(sarif, open(f"{d}/broken.sarif", "w"))
PY

passed=0 failed=0
check() { # expect(valid|invalid) schema doc
  local want=$1 schema=$2 doc=$3 got=valid
  node "$validator" "$schema" "$doc" >"$tmp/v.log" 2>&1 || got=invalid
  if [ "$got" = "$want" ]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL: $(basename "$doc") is $got, expected $want:"
    head -10 "$tmp/v.log"
  fi
}
check valid "$cdx_schema" "$tmp/scan.vdr.cdx.json"
check valid "$sarif_schema" "$tmp/scan.sarif"
check invalid "$cdx_schema" "$tmp/broken.vdr.cdx.json"
check invalid "$sarif_schema" "$tmp/broken.sarif"

# What `vigil scan` itself writes for a real scan: the bullseye image against
# the Debian DSA list and CISA KEV, with a VEX statement suppressing a finding.
dsa=${VG_TESTDATA}/distro/debian-security-tracker/data/DSA/list
kev=${VG_TESTDATA}/kev/known_exploited_vulnerabilities.json
if [ -n "${VIGIL:-}" ] && [ -f "$dsa" ] && [ -f "$kev" ]; then
  "$VIGIL" db import --db "$tmp/vuln.db" "$dsa" "$kev" >/dev/null
  cat >"$tmp/vex.json" <<'EOF'
{"@context": "https://openvex.dev/ns/v0.2.0", "@id": "https://example.com/v", "author": "t",
 "timestamp": "2024-01-01T00:00:00Z", "version": 1,
 "statements": [{"vulnerability": {"name": "CVE-2022-46169"}, "products": [{"@id": "pkg:deb/debian/cacti"}],
   "status": "not_affected", "justification": "vulnerable_code_not_in_execute_path"}]}
EOF
  for f in cyclonedx sarif; do
    "$VIGIL" scan -q --db "$tmp/vuln.db" --vex "$tmp/vex.json" --rootfs "$src/tests/data/rootfs-bullseye" \
      --format "$f" -o "$tmp/real.$f"
  done
  check valid "$cdx_schema" "$tmp/real.cyclonedx"
  check valid "$sarif_schema" "$tmp/real.sarif"
  python3 - "$tmp/real.cyclonedx" "$tmp/real.sarif" <<'PY'
import json, sys
vdr, sarif = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
v = [v for v in vdr["vulnerabilities"] if v["id"] == "CVE-2022-46169"][0]
assert v["analysis"]["state"] == "not_affected", v["analysis"]
refs = {c["bom-ref"] for c in vdr["components"]}
assert all(a["ref"] in refs for v in vdr["vulnerabilities"] for a in v["affects"])
r = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "CVE-2022-46169"][0]
assert r["suppressions"][0]["kind"] == "external", r
# The same SBOM with no analysis, but cacti's pedigree has a backport for it.
del vdr["vulnerabilities"]
c = [c for c in vdr["components"] if c["name"] == "cacti"][0]
c["pedigree"] = {"patches": [{"type": "backport", "resolves": [
    {"type": "security", "id": "CVE-2022-46169"}]}]}
json.dump(vdr, open(sys.argv[1] + ".patched", "w"))
PY
  # An SBOM's own statements apply to its scan: the VDR's analysis (written
  # from the VEX above) and a component's pedigree patches; --no-sbom-vex
  # ignores them.
  rescan() { # SBOM [OPTION] -> "suppressed status" of CVE-2022-46169 on cacti
    "$VIGIL" scan -q --db "$tmp/vuln.db" --format json "$@" | python3 -c '
import json, sys
f = [f for f in json.load(sys.stdin)["findings"] if f["id"] == "CVE-2022-46169"][0]
print(f["suppressed"], (f.get("vex") or {}).get("status"))'
  }
  for want in "True not_affected|$tmp/real.cyclonedx" "False None|$tmp/real.cyclonedx --no-sbom-vex" \
              "True fixed|$tmp/real.cyclonedx.patched"; do
    # shellcheck disable=SC2086 # the option is split on purpose
    got=$(rescan ${want#*|})
    if [ "$got" = "${want%%|*}" ]; then passed=$((passed + 1)); else
      failed=$((failed + 1)); echo "FAIL: scan ${want#*|}: $got, expected ${want%%|*}"; fi
  done
else
  echo "real scan documents: skipped (no vigil or no tracker/KEV data)"
fi
echo "CONFORMANCE scan-report-schema: $passed passed, $failed failed, 0 skipped"
[ "$failed" -eq 0 ]
