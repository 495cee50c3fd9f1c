#!/usr/bin/env bash
# Run the whole CTest suite of a build directory, then show the conformance
# counts each suite printed (CONFORMANCE lines) and CTest's summary last.
#   scripts/run-tests.sh BUILD_DIR [ctest args...]
set -uo pipefail
build=${1:?usage: run-tests.sh BUILD_DIR [ctest args...]}
shift
jobs=$(nproc 2>/dev/null || echo 2)

# LeakSanitizer is on by default with ASan; make leaks fail the test.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:strict_string_checks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

log=$(mktemp)
trap 'rm -f "$log"' EXIT
(cd "$build" && ctest --output-on-failure -j "$jobs" "$@") | tee "$log"
status=${PIPESTATUS[0]}

results="$build/Testing/Temporary/LastTest.log"
if [ -f "$results" ] && grep -q '^CONFORMANCE ' "$results"; then
  echo
  echo "Conformance suites (real public data from ../shared/testdata):"
  grep -h '^CONFORMANCE ' "$results" | sed 's/^CONFORMANCE /  /' | sort
fi
if grep -q '^SKIP: ' "$results" 2>/dev/null; then
  echo
  echo "Skipped, with the reason:"
  grep -h '^SKIP: ' "$results" | sort -u | sed 's/^/  /'
fi
echo
grep -E '^[0-9]+% tests passed' "$log" | tail -n 1
exit "$status"
