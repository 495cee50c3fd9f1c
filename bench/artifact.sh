#!/usr/bin/env bash
# bench/artifact.sh [SIZE_MB...] - write and validate random images with vigil
# and mender-artifact in the same run, next to `openssl dgst -sha256` on the
# same image.  Prints seconds, MB/s, ratios and peak RSS (from /usr/bin/time -v).
#   bench/artifact.sh            256 MB, compression none and gzip
#   bench/artifact.sh 256 1024   also 1 GB (RSS must stay flat)
# Temporary files live under /tmp and are deleted.  Needs a built ./build/src/vigil
# (or $VIGIL), mender-artifact, openssl and GNU time.
set -euo pipefail
VIGIL=${VIGIL:-$(dirname "$0")/../build/src/vigil}
sizes=("${@:-256}")
command -v mender-artifact >/dev/null || { echo "mender-artifact not installed"; exit 77; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time (GNU time) not installed"; exit 77; }
dir=$(mktemp -d /tmp/vigil-bench.XXXXXX)
trap 'rm -rf "$dir"' EXIT
"$VIGIL" key generate -o "$dir/k.pem" --public "$dir/k.pub"

# run LABEL CMD... -> sets secs and rss_mb
run() {
  local out="$dir/time.txt"
  /usr/bin/time -v -o "$out" "$@" >/dev/null 2>&1 || { echo "failed: $*"; cat "$out"; exit 1; }
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$out")
  rss_mb=$(awk -F': ' '/Maximum resident set size/ {printf "%.1f", $2/1024}' "$out")
}
mbps() { awk -v m="$1" -v s="$2" 'BEGIN { printf "%.0f", (s > 0 ? m / s : 0) }'; }

printf '%-6s %-5s %-34s %8s %8s %9s\n' size comp operation seconds MB/s "RSS MB"
for mb in "${sizes[@]}"; do
  img="$dir/rootfs.img"
  head -c "$((mb * 1024 * 1024))" /dev/urandom > "$img"
  run openssl dgst -sha256 "$img"; ssl=$secs
  printf '%-6s %-5s %-34s %8.2f %8s %9s\n' "${mb}M" - "openssl dgst -sha256" "$secs" "$(mbps "$mb" "$secs")" "$rss_mb"
  for comp in none gzip; do
    mcomp=$comp
    run "$VIGIL" artifact write rootfs-image -f "$img" -n b -t d -k "$dir/k.pem" --compression "$comp" -o "$dir/v.mender"
    vw=$secs; printf '%-6s %-5s %-34s %8.2f %8s %9s\n' "${mb}M" "$comp" "vigil write" "$secs" "$(mbps "$mb" "$secs")" "$rss_mb"
    run mender-artifact --compression "$mcomp" write rootfs-image -f "$img" -n b -t d -k "$dir/k.pem" -o "$dir/m.mender" --no-progress
    mw=$secs; printf '%-6s %-5s %-34s %8.2f %8s %9s\n' "${mb}M" "$comp" "mender-artifact write" "$secs" "$(mbps "$mb" "$secs")" "$rss_mb"
    run "$VIGIL" artifact validate -k "$dir/k.pub" "$dir/m.mender"
    vv=$secs; printf '%-6s %-5s %-34s %8.2f %8s %9s\n' "${mb}M" "$comp" "vigil validate" "$secs" "$(mbps "$mb" "$secs")" "$rss_mb"
    run mender-artifact validate -k "$dir/k.pub" "$dir/m.mender"
    mv=$secs; printf '%-6s %-5s %-34s %8.2f %8s %9s\n' "${mb}M" "$comp" "mender-artifact validate" "$secs" "$(mbps "$mb" "$secs")" "$rss_mb"
    awk -v vv="$vv" -v mv="$mv" -v ssl="$ssl" -v vw="$vw" -v mw="$mw" -v c="$comp" 'BEGIN {
      printf "  %s: validate throughput vigil/openssl = %.2f, vigil/mender-artifact = %.2f; write vigil/mender-artifact = %.2f\n",
        c, (vv > 0 ? ssl / vv : 0), (vv > 0 ? mv / vv : 0), (vw > 0 ? mw / vw : 0) }'
    rm -f "$dir/v.mender" "$dir/m.mender"
  done
  rm -f "$img"
done
