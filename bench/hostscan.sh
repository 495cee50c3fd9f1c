#!/usr/bin/env bash
# bench/hostscan.sh [BUILD_DIR] - `vigil scan --rootfs /` of this machine.
#
# The database: the Debian security tracker's DSA and DLA lists, its JSON
# sample and CISA KEV from $VG_TESTDATA (as tests/integration/scan_debian.sh).
# Times, warm, median of 7: `vigil scan --rootfs /` (reads the dpkg database,
# matches every package by source package and release) and, as the floor,
# `dpkg-query -W` listing the same packages, measured in the same run.
# Target (issue 3): the scan of this machine <= 50 ms.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-$here/../build}" && pwd)
VIGIL=${VIGIL:-$build/src/vigil}
testdata=${VG_TESTDATA:-$here/../../shared/testdata}
tracker="$testdata/distro/debian-security-tracker/data"
sample="$testdata/osv/osv.dev/vulnfeeds/test_data/debian/debian_security_tracker_mock.json"
kev="$testdata/kev/known_exploited_vulnerabilities.json"
[ -f /var/lib/dpkg/status ] || { echo "not a dpkg system: skipped"; exit 77; }
[ -d "$tracker" ] || { echo "no Debian tracker data at $tracker: skipped"; exit 77; }
command -v dpkg-query >/dev/null || { echo "dpkg-query not installed: skipped"; exit 77; }

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$VIGIL" db import --db "$dir/vuln.db" "$tracker/DSA/list" "$tracker/DLA/list" "$sample" "$kev" >/dev/null

# median_ms CMD... : median wall time of 7 runs after one warm-up
median_ms() {
  "$@" >/dev/null 2>&1 || true
  for _ in 1 2 3 4 5 6 7; do
    local t0 t1
    t0=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    t1=$(date +%s%N)
    echo $(( (t1 - t0) / 1000 ))
  done | sort -n | awk '{ a[NR] = $1 } END { printf "%.1f", a[4] / 1000 }'
}

packages=$(dpkg-query -W -f '${db:Status-Abbrev}\n' | grep -c '^ii' || true)
vigil_ms=$(median_ms "$VIGIL" scan --db "$dir/vuln.db" --rootfs / --format json -q)
floor_ms=$(median_ms dpkg-query -W)
findings=$("$VIGIL" scan --db "$dir/vuln.db" --rootfs / --format json -q |
           python3 -c 'import json,sys; print(len(json.load(sys.stdin)["findings"]))' || echo "?")
printf '%-40s %9s\n' operation "ms"
printf '%-40s %9s\n' "vigil scan --rootfs / ($packages packages)" "$vigil_ms"
printf '%-40s %9s\n' "dpkg-query -W (listing them, the floor)" "$floor_ms"
awk -v v="$vigil_ms" -v f="$floor_ms" -v n="$findings" 'BEGIN {
  printf "  host scan: %s findings, vigil %.1f ms (target <= 50), vigil/dpkg-query = %.2f\n", n, v, (f > 0 ? v / f : 0) }'
