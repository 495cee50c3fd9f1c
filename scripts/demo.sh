#!/usr/bin/env bash
# `make demo`: build a small firmware root filesystem, generate its SBOM,
# check the SBOM against BSI TR-03183-2 and NTIA, then import the public
# vulnerability feeds beside the checkout and scan a bullseye image with them.
#   scripts/demo.sh BUILD_DIR
set -euo pipefail
build=$(cd "${1:-build}" && pwd)
here=$(cd "$(dirname "$0")/.." && pwd)
vigil="$build/src/vigil"
demo="$build/demo"
rootfs="$demo/rootfs"
sbom="$demo/sbom.cdx.json"

rm -rf "$demo" && mkdir -p "$demo"
"$here/scripts/make-demo-rootfs.sh" "$rootfs" >/dev/null

echo "== 1. A root filesystem, as a firmware build leaves it: $rootfs"
echo "   $(grep -c '^Package:' "$rootfs/var/lib/dpkg/status") packages in its dpkg database, $(. "$rootfs/etc/os-release"; echo "$PRETTY_NAME")"
echo
# Who answers for the SBOM (BSI TR-03183-2 and NTIA want its creator named).
author="Vigil Demo <demo@vigil.example>"
manufacturer="Vigil Demo Devices <https://vigil.example>"
echo "== 2. vigil sbom generate --rootfs $rootfs --author \"$author\" --manufacturer \"$manufacturer\" -o $sbom"
"$vigil" sbom generate --rootfs "$rootfs" --author "$author" --manufacturer "$manufacturer" -o "$sbom"
python3 - "$sbom" <<'PY'
import json, sys
bom = json.load(open(sys.argv[1]))
comps = [c for c in bom.get("components", []) if c.get("type") != "file"]
print(f"   CycloneDX {bom['specVersion']}, {len(comps)} packages, serial {bom.get('serialNumber', '-')}")
print(f"   {'name':<14} {'version':<22} {'licence':<28} purl")
for c in comps:
    # one expression, or named licences (each term once, declared and concluded alike)
    terms = (l.get("expression") or l["license"].get("id") or l["license"].get("name", "")
             for l in c.get("licenses", []))
    lic = " AND ".join(dict.fromkeys(terms))
    print(f"   {c['name']:<14} {c.get('version', ''):<22} {lic[:28]:<28} {c.get('purl', '')}")
PY
echo
echo "== 3. vigil sbom check $sbom"
set +e
"$vigil" sbom check "$sbom"
status=$?
set -e
echo
echo "(sbom check exit status: $status; 0 means at or above the chosen grade, 1 below it)"
echo

# 4. Which known and exploited vulnerabilities affect a release: the Debian
# security tracker's advisories, CISA KEV and CVE 5 records from the public
# data beside the checkout, against a bullseye image with real package versions.
testdata=${VG_TESTDATA:-$here/../shared/testdata}
tracker="$testdata/distro/debian-security-tracker/data"
kev="$testdata/kev/known_exploited_vulnerabilities.json"
if [ ! -f "$tracker/DSA/list" ] || [ ! -f "$kev" ]; then
  echo "== 4. (skipped: the public feeds are not at $testdata; see ../shared/testdata/README.md)"
  exit 0
fi
db="$demo/vuln.db"
echo "== 4. vigil db import --db $db DSA/list KEV cve/  (the Debian tracker, CISA KEV, CVE 5 records)"
"$vigil" db import --db "$db" "$tracker/DSA/list" "$kev" | sed 's|^.*/||; s/^/   /'
"$vigil" db import --db "$db" "$testdata/cve" 2>/dev/null | sed 's|^.*/||; s/^/   /' || true
echo "   vigil db stats: when each source's data came in (scans warn after a week)"
"$vigil" db stats --db "$db" | sed -n '/^source/,$p' | sed 's/^/   /'
echo
echo "== 5. vigil scan --db $db --rootfs tests/data/rootfs-bullseye --fail-on exploited"
set +e
"$vigil" scan --db "$db" --rootfs "$here/tests/data/rootfs-bullseye" --fail-on exploited | sed -n '1,14p'
status=${PIPESTATUS[0]}
set -e
echo "   ... (--format json | cyclonedx | sarif for machines; vigil-scan(1))"
echo
echo "(scan exit status: $status; 1 means a finding reached --fail-on: here, vulnerabilities in CISA KEV)"
