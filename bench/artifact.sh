#!/usr/bin/env bash
# bench/artifact.sh [BUILD_DIR] [SIZE_MB...] - write and validate random images with vigil
# and mender-artifact in the same run, next to `openssl dgst -sha256` on the
# same image.  Prints seconds, MB/s, ratios and peak RSS (from /usr/bin/time -v);
# each command runs REPEAT times (default 3) and the fastest run counts (the
# machine is shared: the minimum is the least disturbed figure).
#   bench/artifact.sh            256 MB, compression none and gzip
#   bench/artifact.sh 256 1024   also 1 GB (RSS must stay flat)
#   DATA=usr bench/artifact.sh   the image is the first SIZE MB of a tar of /usr
#                                (compressible like a root file system) instead
#                                of random bytes (which gzip cannot shrink)
# Temporary files live under /tmp and are deleted.  Needs a built ./build/src/vigil
# (or $VIGIL), mender-artifact, openssl and GNU time.
set -euo pipefail
# bench/run.sh passes the build directory first, as to every bench script.
if [ -d "${1:-}" ]; then build=$(cd "$1" && pwd); shift; else build=$(dirname "$0")/../build; fi
VIGIL=${VIGIL:-$build/src/vigil}
sizes=("${@:-256}")
repeat=${REPEAT:-3}
data=${DATA:-random}
command -v mender-artifact >/dev/null || { echo "mender-artifact not installed"; exit 77; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time (GNU time) not installed"; exit 77; }
dir=$(mktemp -d /tmp/vigil-bench.XXXXXX)
trap 'rm -rf "$dir"' EXIT
"$VIGIL" key generate -o "$dir/k.pem" --public "$dir/k.pub"

# run CMD... -> sets secs (the fastest of $repeat runs) and rss_mb (the largest peak)
run() {
  local out="$dir/time.txt" s r
  secs=; rss_mb=0
  for _ in $(seq "$repeat"); do
    /usr/bin/time -v -o "$out" "$@" >/dev/null 2>&1 || { echo "failed: $*"; cat "$out"; exit 1; }
    s=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$out")
    r=$(awk -F': ' '/Maximum resident set size/ {printf "%.1f", $2/1024}' "$out")
    secs=$(awk -v a="$secs" -v b="$s" 'BEGIN { print (a == "" || b < a) ? b : a }')
    rss_mb=$(awk -v a="$rss_mb" -v b="$r" 'BEGIN { print (b > a) ? b : a }')
  done
}
mbps() { awk -v m="$1" -v s="$2" 'BEGIN { printf "%.0f", (s > 0 ? m / s : 0) }'; }

printf '%-6s %-5s %-34s %8s %8s %9s\n' size comp operation seconds MB/s "RSS MB"
for mb in "${sizes[@]}"; do
  img="$dir/rootfs.img"
  if [ "$data" = usr ]; then
    { tar cf - /usr 2>/dev/null || true; } | head -c "$((mb * 1024 * 1024))" > "$img"
  else
    head -c "$((mb * 1024 * 1024))" /dev/urandom > "$img"
  fi
  echo "image: $mb MB of $data data, best of $repeat runs"
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
