#!/usr/bin/env bash
# Power-loss harness, CTest size (~200 trials, well under a minute): kills
# vigil-agent at every state transition and at >= 50 byte offsets of the slot
# write, power-cycles the simulated device and checks it always boots a
# complete image.  The long run is `make powerloss` (scripts/powerloss.sh 1000).
set -euo pipefail
agent="$VG_BUILD_DIR/src/vigil-agent"
command -v python3 >/dev/null || { echo "SKIP: python3 not installed"; exit 77; }
[ -x "$agent" ] || { echo "SKIP: $agent not built"; exit 77; }
exec python3 "$VG_SOURCE_DIR/tests/integration/powerloss.py" --agent "$agent" --trials 100 --vigil "$VIGIL" \
	--workdir "$VG_BUILD_DIR/tmp/powerloss-ctest"
