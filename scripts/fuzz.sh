#!/usr/bin/env bash
# Run every libFuzzer harness of a VG_FUZZ build for a bounded time.
#   scripts/fuzz.sh BUILD_DIR [SECONDS_PER_HARNESS] [NAME...]
# Each harness starts from its seed corpus fuzz/corpus/<name>/ (copied into the
# build directory, so the repository's seeds stay small and hand-picked) and
# writes crashers to fuzz/artifacts/.  Exits non-zero if any harness crashed.
set -uo pipefail
build=${1:?usage: fuzz.sh BUILD_DIR [SECONDS] [NAME...]}
seconds=${2:-30}
shift $(( $# >= 2 ? 2 : 1 ))
here=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$here/fuzz/artifacts"

names=("$@")
if [ "${#names[@]}" -eq 0 ]; then
  for bin in "$build"/fuzz/fuzz_*; do
    [ -x "$bin" ] && names+=("$(basename "$bin" | sed 's/^fuzz_//')")
  done
fi

failed=()
for name in "${names[@]}"; do
  bin="$build/fuzz/fuzz_$name"
  work="$build/fuzz-corpus/$name"
  mkdir -p "$work"
  [ -d "$here/fuzz/corpus/$name" ] && cp -n "$here/fuzz/corpus/$name"/* "$work"/ 2>/dev/null
  echo "== fuzz_$name for ${seconds}s"
  if ! "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
       -artifact_prefix="$here/fuzz/artifacts/$name-" "$work" 2>"$build/fuzz-$name.log"; then
    failed+=("$name")
    tail -n 30 "$build/fuzz-$name.log"
  else
    grep -E '^stat::number_of_executed_units|^stat::new_units_added' "$build/fuzz-$name.log" | tr '\n' ' '
    echo
  fi
done
if [ "${#failed[@]}" -gt 0 ]; then
  echo "fuzz: crashes in: ${failed[*]} (inputs in fuzz/artifacts/)"
  exit 1
fi
echo "fuzz: ${#names[@]} harnesses ran ${seconds}s each without a crash"
