#!/usr/bin/env bash
# vigil scan against the Debian security tracker data of shared/testdata
# (DSA/DLA lists, snapshot 2023-04, and the tracker-JSON sample with bookworm
# entries) and CISA KEV.  The expectations below were checked by hand against
# the tracker files; each names the line that decides it.
#
#  - this machine (--rootfs /): every installed package is looked up by its
#    source package in Debian:<release>; apparmor's three bookworm entries of
#    the tracker JSON decide libapparmor1 (when installed);
#  - tests/data/rootfs-bullseye: real bullseye package versions (each one a
#    version the DSA list itself names) scanned against the DSA list: true
#    matches, backported fixes not flagged, a binNMU judged by its source
#    version, KEV facts, --fail-on, VEX suppression.
set -euo pipefail
: "${VIGIL:?}" "${VG_TESTDATA:?}" "${VG_BUILD_DIR:?}" "${VG_SOURCE_DIR:?}"
tracker="$VG_TESTDATA/distro/debian-security-tracker/data"
mock="$VG_TESTDATA/osv/osv.dev/vulnfeeds/test_data/debian/debian_security_tracker_mock.json"
kev="$VG_TESTDATA/kev/known_exploited_vulnerabilities.json"
for f in "$tracker/DSA/list" "$mock" "$kev"; do
	[ -f "$f" ] || { echo "SKIP: $f is absent"; exit 77; }
done
command -v python3 >/dev/null || { echo "SKIP: python3 is absent"; exit 77; }
t="$VG_BUILD_DIR/tmp/scan_debian"
rm -rf "$t" && mkdir -p "$t"
. "$VG_SOURCE_DIR/tests/common/expect.sh"
db="$t/vuln.db"
"$VIGIL" db import --db "$db" "$tracker/DSA/list" "$tracker/DLA/list" "$mock" "$kev" >/dev/null
# CVSS for the bullseye findings comes from the CVE 5 records that have it
"$VIGIL" db import --db "$db" "$VG_TESTDATA/cve" >/dev/null 2>&1 || true

# ---- the bullseye image ----
rootfs="$VG_SOURCE_DIR/tests/data/rootfs-bullseye"
expect 0 "$VIGIL" scan --db "$db" --rootfs "$rootfs" --json -q
cp "$t/out" "$t/bullseye.json"
python3 - "$t/bullseye.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
found = {(f["component"]["name"], f["id"]): f for f in r["findings"]}
def hit(name, cve, record, fixed):
    f = found.get((name, cve))
    assert f, f"{name} {cve}: expected a finding"
    assert f["match"]["kind"] == "distro" and f["match"]["ecosystem"] == "Debian:11", f
    assert f["match"]["record"] == record, (f["match"], record)
    assert f["fixed"] == [fixed], (f["fixed"], fixed)
    return f
def miss(name, cve):
    assert (name, cve) not in found, f"{name} {cve}: must not be flagged"
# DSA-5343-1 openssl: [bullseye] - openssl 1.1.1n-0+deb11u4 (CVE-2023-0286 among 5)
hit("libssl1.1", "CVE-2023-0286", "DSA-5343-1/CVE-2023-0286", "1.1.1n-0+deb11u4")
# DSA-5139-1 openssl {CVE-2022-1292}: fixed in 1.1.1n-0+deb11u2, the installed
# version; upstream fixed it only in 1.1.1o: a backport, not flagged
miss("libssl1.1", "CVE-2022-1292")
# DSA-5218-1 zlib {CVE-2022-37434}: [bullseye] - zlib 1:1.2.11.dfsg-2+deb11u2
hit("zlib1g", "CVE-2022-37434", "DSA-5218-1/CVE-2022-37434", "1:1.2.11.dfsg-2+deb11u2")
# DSA-5111-1 zlib {CVE-2018-25032}: fixed in the installed +deb11u1 (upstream 1.2.12)
miss("zlib1g", "CVE-2018-25032")
# DSA-5330-1 curl {CVE-2022-32221 ...}: fixed in the installed 7.74.0-1.3+deb11u5
# (upstream 7.86.0); DSA-5365-1 {CVE-2023-23916}: fixed in +deb11u7
miss("libcurl4", "CVE-2022-32221")
hit("libcurl4", "CVE-2023-23916", "DSA-5365-1/CVE-2023-23916", "7.74.0-1.3+deb11u7")
# DSA-5298-1 cacti {CVE-2022-0730 CVE-2022-46169}: 1.2.16+ds1-2+deb11u1; CVE-2022-46169
# is in CISA KEV (dateAdded 2023-02-16) and scored 9.8 by its CVE 5 record
f = hit("cacti", "CVE-2022-46169", "DSA-5298-1/CVE-2022-46169", "1.2.16+ds1-2+deb11u1")
assert f["kev"]["exploited"] and f["kev"]["date_added"] == "2023-02-16", f["kev"]
assert f["severity"] == "critical" and f["cvss"]["score"] == 9.8, f["cvss"]
# DSA-5059-1 policykit-1 {CVE-2021-4034} (PwnKit): binary libpolkit-gobject-1-0 of
# source policykit-1, fixed 0.105-31+deb11u1; KEV dateAdded 2022-06-27
f = hit("libpolkit-gobject-1-0", "CVE-2021-4034", "DSA-5059-1/CVE-2021-4034", "0.105-31+deb11u1")
assert f["kev"]["date_added"] == "2022-06-27", f["kev"]
# DSA-5123-1 xz-utils {CVE-2022-1271}: 5.2.5-2.1~deb11u1; liblzma5 is a binNMU
# (5.2.5-2.1~deb11u1+b1) of exactly that source version: not flagged
miss("liblzma5", "CVE-2022-1271")
# DSA-5332-1 git {CVE-2022-23521 ...}: 1:2.30.2-1+deb11u1 (epoch compared)
hit("git", "CVE-2022-23521", "DSA-5332-1/CVE-2022-23521", "1:2.30.2-1+deb11u1")
# expat at +deb11u5 has every fix of the list: nothing
assert not [k for k in found if k[0] == "libexpat1"], "libexpat1 is fully patched"
# sorted: critical first, exploited first within a severity
sev = [f["severity"] for f in r["findings"]]
assert sev[:2] == ["critical", "critical"] and r["findings"][0]["id"] == "CVE-2022-46169", sev
assert r["summary"]["exploited"] == 2, r["summary"]
# the distro's OS component is not CPE-matched (NVD lists debian_linux as vulnerable)
assert not [f for f in r["findings"] if f["match"]["kind"] == "cpe"], "no CPE findings"
print(f"bullseye: {len(r['findings'])} findings, hand-checked expectations hold")
PY

# the gates
expect 1 "$VIGIL" scan --db "$db" --rootfs "$rootfs" --fail-on exploited -q
expect 1 "$VIGIL" scan --db "$db" --rootfs "$rootfs" --fail-on critical -q
expect 2 "$VIGIL" scan --db "$db" --rootfs "$rootfs" --fail-on severe
expect 2 "$VIGIL" scan --db "$db" --rootfs "$rootfs" extra.json
expect 4 "$VIGIL" scan --db "$t/absent.db" --rootfs "$rootfs"
# bad input: a truncated SBOM and a broken VEX document are named, nothing is scanned
"$VIGIL" sbom generate --rootfs "$rootfs" -o "$t/image.cdx.json" -q 2>/dev/null ||
	"$VIGIL" sbom generate --rootfs "$rootfs" -o "$t/image.cdx.json" >/dev/null
head -c 700 "$t/image.cdx.json" >"$t/truncated.cdx.json"
expect 3 "$VIGIL" scan --db "$db" "$t/truncated.cdx.json"
grep -q "truncated.cdx.json" "$t/err" || fail "the truncated SBOM is not named: $(cat "$t/err")"
printf '{"@context": "https://openvex.dev/ns/v0.2.0", "statements": [{"status": 7}]}' >"$t/bad.vex.json"
expect 3 "$VIGIL" scan --db "$db" --vex "$t/bad.vex.json" "$t/image.cdx.json"
grep -q 'bad.vex.json: \$' "$t/err" || fail "the VEX fault has no JSON path: $(cat "$t/err")"
expect 0 "$VIGIL" scan --db "$db" "$t/image.cdx.json" -q   # the SBOM file gives the rootfs's result

# VEX: cacti says CVE-2022-46169 does not affect it; the finding stays in JSON
# with the statement, is not counted, and the exploited gate passes once the
# other exploited finding (PwnKit) is also stated fixed.
cat >"$t/cacti.openvex.json" <<'EOF'
{
  "@context": "https://openvex.dev/ns/v0.2.0",
  "@id": "https://example.com/vex/cacti-1",
  "author": "Example Security Team",
  "timestamp": "2023-03-01T00:00:00Z",
  "version": 1,
  "statements": [
    {
      "vulnerability": { "name": "CVE-2022-46169" },
      "products": [ { "@id": "pkg:deb/debian/cacti" } ],
      "status": "not_affected",
      "justification": "vulnerable_code_not_in_execute_path",
      "impact_statement": "remote_agent.php is not reachable in this image"
    },
    {
      "vulnerability": { "name": "CVE-2021-4034" },
      "products": [ { "@id": "pkg:deb/debian/libpolkit-gobject-1-0" } ],
      "status": "fixed"
    }
  ]
}
EOF
expect 0 "$VIGIL" scan --db "$db" --rootfs "$rootfs" --vex "$t/cacti.openvex.json" \
	--fail-on exploited --json -q
python3 - "$t/out" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
f = [f for f in r["findings"] if f["id"] == "CVE-2022-46169"][0]
assert f["suppressed"] and f["vex"]["status"] == "not_affected", f
assert f["vex"]["justification"] == "vulnerable_code_not_in_execute_path", f["vex"]
assert r["summary"]["suppressed"] == 2 and r["summary"]["exploited"] == 0, r["summary"]
PY

# ---- this machine ----
if [ -f /var/lib/dpkg/status ] && grep -q '^ID=debian' /etc/os-release 2>/dev/null; then
	release=$(. /etc/os-release && echo "$VERSION_ID")
	installed=$(dpkg-query -W -f '${db:Status-Status}\n' | grep -c '^installed$')
	expect 0 "$VIGIL" scan --db "$db" --rootfs / --json -q
	cp "$t/out" "$t/host.json"
	apparmor=$(dpkg-query -W -f '${db:Status-Status} ${Version}\n' libapparmor1 2>/dev/null |
		   sed -n 's/^installed //p')
	fixed_6507=absent
	if [ -n "$apparmor" ]; then
		dpkg --compare-versions "$apparmor" lt 2.11.0-3 && fixed_6507=no || fixed_6507=yes
	fi
	python3 - "$t/host.json" "$installed" "$release" "$fixed_6507" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
installed, release, fixed_6507 = int(sys.argv[2]), sys.argv[3], sys.argv[4]
# every installed package, plus the OS component, is in the SBOM; all packages looked up
assert r["sbom"]["components"] == installed + 1, (r["sbom"], installed)
found = {(f["component"]["name"], f["id"]): f for f in r["findings"]}
if release == "12":
    # the tracker JSON: bookworm apparmor CVE-2016-1585 "open" (no fix),
    # CVE-2014-1424 resolved with fixed_version "0" (not affected),
    # CVE-2017-6507 resolved in 2.11.0-3
    if fixed_6507 != "absent":
        f = found[("libapparmor1", "CVE-2016-1585")]
        assert f["match"]["distro_status"] == "unfixed" and f["fixed"] == [], f
        assert ("libapparmor1", "CVE-2014-1424") not in found
        assert (("libapparmor1", "CVE-2017-6507") in found) == (fixed_6507 == "no")
    # the DSA/DLA lists predate bookworm: nothing else can match
    assert {k[1] for k in found} <= {"CVE-2016-1585", "CVE-2017-6507"}, sorted(found)
print(f"host: {r['sbom']['components']} components, {len(r['findings'])} findings")
PY
	# --only-fixed leaves out what has no fix (apparmor's open CVE) and says so
	expect 0 "$VIGIL" scan --db "$db" --rootfs / --json -q --only-fixed
	python3 - "$t/host.json" "$t/out" <<'PY'
import json, sys
full, fixed = (json.load(open(p)) for p in sys.argv[1:3])
unfixed = [f for f in full["findings"] if not f["fixed"]]
assert fixed["summary"]["omitted_unfixed"] == len(unfixed), (fixed["summary"], len(unfixed))
assert fixed["findings"] == [f for f in full["findings"] if f["fixed"]]
PY
	expect 0 "$VIGIL" scan --db "$db" --rootfs / --only-fixed --color never
	grep -q "without a fix left out (--only-fixed)" "$t/out" || fail "table: $(head -1 "$t/out")"
else
	echo "host scan skipped: not a Debian machine"
fi
echo "PASS"
