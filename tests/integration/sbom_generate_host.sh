#!/usr/bin/env bash
# sbom_generate_host.sh - `vigil sbom generate --rootfs /` on this (Debian) machine.
#
# The component count must equal dpkg's own count of installed packages
# (db:Status-Abbrev second letter 'i': installed, whatever the wanted state),
# the openssl package must carry its purl, source package and CPE, and the
# CycloneDX output must validate against the 1.6 schema.  Prints how long
# generation takes.  --files is exercised on the demo rootfs only: on a host
# it adds ~110 000 file components, which the CycloneDX writer currently
# takes minutes to nest (generation itself takes ~1 s).  Skips (77) without dpkg.
set -euo pipefail
: "${VIGIL:?}" "${VG_SOURCE_DIR:?}" "${VG_TESTDATA:?}" "${VG_BUILD_DIR:?}"

if ! command -v dpkg-query >/dev/null || [ ! -f /var/lib/dpkg/status ]; then
  echo "SKIP: not a dpkg system"; exit 77
fi
out="$VG_BUILD_DIR/tmp/sbom_generate_host"
rm -rf "$out" && mkdir -p "$out"

expected=$(dpkg-query -W -f='${db:Status-Abbrev}\n' | grep -c '^.i')

t0=$(date +%s.%N)
"$VIGIL" sbom generate --rootfs / -q -o "$out/host.cdx.json"
t1=$(date +%s.%N)
printf 'TIMING generate --rootfs / (CycloneDX): %.2f s\n' "$(echo "$t1 - $t0" | bc)"
bash "$VG_SOURCE_DIR/scripts/make-demo-rootfs.sh" "$out/demo" >/dev/null
"$VIGIL" sbom generate --rootfs "$out/demo" -q --files -o "$out/demo-files.cdx.json"

count=$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
print(sum(1 for c in d.get("components", []) if c["type"] != "file"))' "$out/host.cdx.json")
echo "components: $count, dpkg installed: $expected"
[ "$count" -eq "$expected" ] || { echo "FAIL: component count $count != $expected"; exit 1; }

# openssl (or libssl3) is on every Debian host: identity fields a matcher needs.
python3 - "$out/host.cdx.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
props = lambda c: {p["name"]: p["value"] for p in c.get("properties", [])}
ssl = [c for c in d["components"] if props(c).get("vigil:source-package") == "openssl"]
assert ssl, "no package built from source openssl"
c = ssl[0]
assert c["purl"].startswith("pkg:deb/debian/" + c["name"] + "@"), c["purl"]
assert "distro=debian-" in c["purl"], c["purl"]
assert c.get("cpe", "").startswith("cpe:2.3:a:openssl:openssl:"), c.get("cpe")
refs = {c["bom-ref"] for c in d["components"]}
deps = [x for x in d.get("dependencies", []) if x["ref"] in refs and x.get("dependsOn")]
assert len(deps) > len(refs) // 2, "too few packages with dependencies: %d" % len(deps)
print("openssl:", c["purl"], c["cpe"])
PY

nfiles=$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
n = 0
stack = list(d.get("components", []))
while stack:
    c = stack.pop()
    n += c["type"] == "file"
    stack.extend(c.get("components", []))
print(n)' "$out/demo-files.cdx.json")
echo "file components with --files (demo rootfs): $nfiles"
[ "$nfiles" -ge 10 ] || { echo "FAIL: only $nfiles file components"; exit 1; }

validator="$VG_SOURCE_DIR/tests/tools/validate-schema.mjs"
schema="$VG_TESTDATA/sbom/cyclonedx-specification/schema/bom-1.6.schema.json"
if [ ! -d "$VG_SOURCE_DIR/tests/tools/node_modules/ajv" ] || [ ! -f "$schema" ] || ! command -v node >/dev/null; then
  echo "SKIP: schema validation needs node, tests/tools/node_modules (npm ci) and $schema"
  exit 77
fi
node "$validator" "$schema" "$out/host.cdx.json" "$out/demo-files.cdx.json"
echo "schema: valid CycloneDX 1.6"
