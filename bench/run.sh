#!/usr/bin/env bash
# Run every benchmark script in bench/ (bench/*.sh except this one) against a
# build directory.  Each prints its figures and the ratio against its peer,
# measured in the same run.
#   bench/run.sh BUILD_DIR [NAME...]
set -uo pipefail
build=$(cd "${1:?usage: bench/run.sh BUILD_DIR [NAME...]}" && pwd)
shift
here=$(cd "$(dirname "$0")" && pwd)
export VIGIL="$build/src/vigil"
status=0
for script in "$here"/*.sh; do
  name=$(basename "$script" .sh)
  [ "$name" = run ] && continue
  if [ $# -gt 0 ] && ! printf '%s\n' "$@" | grep -qx "$name"; then continue; fi
  echo "== bench/$name"
  bash "$script" "$build" || status=1
  echo
done
exit $status
