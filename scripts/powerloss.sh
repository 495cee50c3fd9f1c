#!/usr/bin/env bash
# scripts/powerloss.sh [N] [SEED] - the long power-loss run (default 1000 trials).
# Needs a test build (fault injection compiled in): build/src/vigil-agent.
# Also available as `cmake --build build --target powerloss`.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${VG_BUILD_DIR:-$here/build}
exec python3 "$here/tests/integration/powerloss.py" --agent "$build/src/vigil-agent" \
	--vigil "$build/src/vigil" --trials "${1:-1000}" --seed "${2:-1}" --workdir "$build/tmp/powerloss"
