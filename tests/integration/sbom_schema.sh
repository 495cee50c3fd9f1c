#!/usr/bin/env bash
# sbom_schema.sh - what `vigil sbom convert` writes is valid against the
# official schemas: several inputs (CycloneDX 1.4-1.7, SPDX 2.2/2.3, SPDX 3)
# are converted to every writer format and each output is validated with
# tests/tools/validate-schema.mjs (ajv).  Skips (77) without node, the
# validator's node_modules or the shared test data.
set -euo pipefail

src=${VG_SOURCE_DIR:?} data=${VG_TESTDATA:?}/sbom vigil=${VIGIL:?}
validator=$src/tests/tools/validate-schema.mjs
skip() { echo "SKIP: $*"; exit 77; }
command -v node >/dev/null || skip "node is not installed"
[ -d "$src/tests/tools/node_modules/ajv" ] || skip "ajv missing: run scripts/install-deps.sh"
[ -d "$data/cyclonedx-specification/schema" ] || skip "no SBOM test data in $data"

declare -A schema=(
  [cyclonedx]=$data/cyclonedx-specification/schema/bom-1.6.schema.json
  [spdx2]=$data/spdx-spec/schemas/spdx-schema.json
  [spdx3]=$data/spdx-spec/v3.0.1/spdx-json-schema.json
)
inputs=(
  cyclonedx-specification/test-resources/1.4/valid-metadata-tool-1.4.json
  cyclonedx-specification/test-resources/1.5/valid-bom-1.5.json
  cyclonedx-specification/test-resources/1.6/valid-bom-1.6.json
  cyclonedx-specification/test-resources/1.6/valid-license-expression-1.6.json
  cyclonedx-specification/test-resources/1.6/valid-metadata-manufacturer-1.6.json
  cyclonedx-specification/test-resources/1.7/valid-license-declared-concluded-mix-1.7.json
  cyclonedx-bom-examples/SBOM/keycloak-10.0.2/bom.json
  cyclonedx-bom-examples/HBOM/PCIe-SATA-adapter-board/bom.json
  spdx-spec/examples/SPDXJSONExample-v2.3.spdx.json
  spdx-examples/software/example9/spdx2.2/appbomination.spdx.json
  spdx-spec/v3.0.1/package_sbom.example.json
  spdx-examples/software/example14/spdx3.0/examplemaven-0.0.1-enriched.spdx3.json
  spdx-examples/ai/example01/spdx3.0/simplehtr-example.json
)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0 skipped=0
for fmt in cyclonedx spdx2 spdx3; do
  outs=()
  for in in "${inputs[@]}"; do
    [ -f "$data/$in" ] || { skipped=$((skipped + 1)); continue; }
    out=$tmp/$fmt-$(echo "$in" | tr '/' '_')
    if ! "$vigil" sbom convert --quiet --to "$fmt" -o "$out" "$data/$in"; then
      echo "FAIL: convert $in to $fmt"
      failed=$((failed + 1))
      continue
    fi
    outs+=("$out")
  done
  [ "${#outs[@]}" -gt 0 ] || continue
  # one node run per format keeps the test fast; count each document
  log=$tmp/$fmt.log
  node "$validator" "${schema[$fmt]}" "${outs[@]}" >"$log" 2>&1 || true
  for out in "${outs[@]}"; do
    if grep -qxF "$out: valid" "$log"; then
      passed=$((passed + 1))
    else
      failed=$((failed + 1))
      echo "FAIL: $(basename "$out") is not valid $fmt:"
      grep -F "$out:" "$log" | head -5
    fi
  done
done
echo "CONFORMANCE sbom-schema: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
