#!/usr/bin/env bash
# bench/agent-footprint.sh [BUILD_DIR] [SIZE_MB] - vigil-agent footprint, with
# swupdate and the Mender client (Debian's packages, when installed:
# apt-get install swupdate mender-client; neither is a Vigil dependency)
# measured in the same run, then a table with ratios to vigil-agent:
#   - stripped binary size (and shared libraries it needs)
#   - idle RSS: the process started and waiting (vigil-agent blocked in a
#     Download_Enter script; swupdate in its IPC server loop; `mender daemon`
#     in its idle/check-wait loop with a private config whose server is
#     127.0.0.1:9, where nothing answers: it never gets further than idle.
#     Its data directory and logs are in the temporary directory; it is
#     stopped with SIGTERM after the measurement)
#   - peak private memory (RssAnon, sampled every 20 ms) while vigil-agent
#     installs a SIZE_MB (default 1024) signed artifact of random data into a
#     slot file, for two sizes, to show it is flat in the image size.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/tests/common/simdevice.sh"
build=${1:-$here/build}
size_mb=${2:-1024}
agent="$build/src/vigil-agent"
vigil="$build/src/vigil"
t=$(mktemp -d /var/tmp/vg-footprint.XXXXXX)
trap 'rm -rf "$t"' EXIT

kb() { awk -v f="$2" '$1 == f":" { print $2 }' "/proc/$1/status"; }
# Rows of the summary table: name, stripped bytes, idle VmRSS kB, idle RssAnon kB.
rows=()
row() { rows+=("$1 $2 $3 $4"); }

strip -o "$t/agent.stripped" "$agent"
echo "vigil-agent stripped: $(stat -c %s "$t/agent.stripped") bytes; shared libs: $(ldd "$agent" | awk '{print $1}' | grep -v vdso | tr '\n' ' ')"
if command -v swupdate >/dev/null; then
	sw=$(command -v swupdate)
	strip -o "$t/swupdate.stripped" "$sw" 2>/dev/null || cp "$sw" "$t/swupdate.stripped"
	echo "swupdate stripped:    $(stat -c %s "$t/swupdate.stripped") bytes ($(swupdate --version 2>/dev/null | head -1 || true)); shared libs: $(ldd "$sw" | wc -l)"
fi

# A device: slot A holds v1, slot B is the target.
mkdir -p "$t/scripts"
head -c 1048576 /dev/urandom >"$t/v1.img"
simdevice_init "$t" "$t/v1.img"
"$vigil" key generate -o "$t/key.pem" -p "$t/pub.pem" >/dev/null
conf() { simdevice_conf "$t" bench "public_keys = $t/pub.pem" "scripts_dir = $t/scripts"; }
conf
reset_dev() { rm -f "$t/state/state"; simdevice_reset_env "$t"; }

# Idle: the agent waits in a state script.
printf '#!/bin/sh\nsleep 1\n' >"$t/scripts/Download_Enter_00_wait"; chmod +x "$t/scripts/Download_Enter_00_wait"
head -c 65536 /dev/urandom >"$t/small.img"
"$vigil" artifact write rootfs-image -f "$t/small.img" -n small -t bench -o "$t/small.mender" -k "$t/key.pem"
"$agent" -c "$t/agent.conf" install "$t/small.mender" >/dev/null 2>&1 &
pid=$!; sleep 0.5
echo "vigil-agent idle: VmRSS $(kb $pid VmRSS) kB, RssAnon $(kb $pid RssAnon) kB"
row vigil-agent "$(stat -c %s "$t/agent.stripped")" "$(kb $pid VmRSS)" "$(kb $pid RssAnon)"
wait $pid || true
rm "$t/scripts/Download_Enter_00_wait"; reset_dev
if command -v swupdate >/dev/null; then
	# Debian's swupdate insists on a CMS verification certificate.
	openssl req -x509 -newkey rsa:2048 -nodes -keyout "$t/sw.key" -subj /CN=bench -days 2 \
		-out "$t/sw.crt" >/dev/null 2>&1
	swupdate -v -k "$t/sw.crt" >/dev/null 2>&1 </dev/null &
	spid=$!; sleep 1
	if [ -e "/proc/$spid/status" ]; then
		echo "swupdate idle:    VmRSS $(kb $spid VmRSS) kB, RssAnon $(kb $spid RssAnon) kB (+ $(ps -o rss= --ppid $spid | awk '{s+=$1} END {print s+0}') kB VmRSS in its helper processes)"
		row swupdate "$(stat -c %s "$t/swupdate.stripped")" "$(kb $spid VmRSS)" "$(kb $spid RssAnon)"
		kill $spid 2>/dev/null || true; wait $spid 2>/dev/null || true
	else
		echo "swupdate idle: exited at once (no server mode in this build)"
	fi
fi
if command -v mender >/dev/null; then
	mb=$(command -v mender)
	strip -o "$t/mender.stripped" "$mb" 2>/dev/null || cp "$mb" "$t/mender.stripped"
	echo "mender stripped:      $(stat -c %s "$t/mender.stripped") bytes ($(mender --version 2>/dev/null | head -1 || true)); shared libs: $(ldd "$mb" | awk '{print $1}' | grep -v vdso | tr '\n' ' ')"
	# A private config, data dir and log: nothing of /etc/mender or /var/lib/mender is used.
	mkdir -p "$t/mender-data"
	echo "device_type=bench" >"$t/mender-data/device_type"
	cat >"$t/mender.conf" <<CONF
{
  "ServerURL": "https://127.0.0.1:9",
  "RootfsPartA": "$t/slot-a",
  "RootfsPartB": "$t/slot-b",
  "UpdatePollIntervalSeconds": 1800,
  "InventoryPollIntervalSeconds": 28800,
  "RetryPollIntervalSeconds": 300
}
CONF
	mender -c "$t/mender.conf" -b "$t/mender-fallback.conf" -d "$t/mender-data" --no-syslog \
		-L "$t/mender.log" daemon </dev/null >/dev/null 2>&1 &
	mpid=$!; sleep 3
	if [ -e "/proc/$mpid/status" ]; then
		echo "mender idle:      VmRSS $(kb $mpid VmRSS) kB, RssAnon $(kb $mpid RssAnon) kB ($(kb $mpid Threads) threads; last state: $(grep -o 'State transition: [^"]*' "$t/mender.log" | tail -1))"
		row mender "$(stat -c %s "$t/mender.stripped")" "$(kb $mpid VmRSS)" "$(kb $mpid RssAnon)"
		kill $mpid 2>/dev/null || true; wait $mpid 2>/dev/null || true
	else
		echo "mender idle: the daemon exited at once: $(tail -1 "$t/mender.log" 2>/dev/null)"
	fi
fi

# The idle table, with each agent's figures divided by vigil-agent's.
printf '\n%-12s %12s %7s %14s %7s %16s %7s\n' agent "stripped B" ratio "idle VmRSS kB" ratio "idle RssAnon kB" ratio
for r in "${rows[@]}"; do
	set -- $r; read -r _ b0 v0 a0 <<<"${rows[0]}"
	awk -v n="$1" -v b="$2" -v v="$3" -v a="$4" -v b0="$b0" -v v0="$v0" -v a0="$a0" 'BEGIN {
		printf "%-12s %12d %6.1fx %14d %6.1fx %16d %6.1fx\n", n, b, b / b0, v, v / v0, a, a / a0 }'
done
echo

# Peak private memory while installing, for two image sizes.
for mb in $((size_mb / 8)) "$size_mb"; do
	head -c $((mb * 1048576)) /dev/urandom >"$t/big.img"
	"$vigil" artifact write rootfs-image -f "$t/big.img" -n big -t bench --compression none -o "$t/big.mender" -k "$t/key.pem"
	rm -f "$t/big.img"
	start=$(date +%s.%N)
	"$agent" -c "$t/agent.conf" install "$t/big.mender" >/dev/null 2>&1 &
	pid=$!; peak=0; rss=0
	while [ -e "/proc/$pid/status" ]; do
		a=$(kb $pid RssAnon 2>/dev/null || echo 0); r=$(kb $pid VmRSS 2>/dev/null || echo 0)
		[ "${a:-0}" -gt "$peak" ] && peak=$a
		[ "${r:-0}" -gt "$rss" ] && rss=$r
		sleep 0.02
	done
	wait $pid || rc=$?
	secs=$(echo "$(date +%s.%N) - $start" | bc)
	echo "vigil-agent install ${mb} MiB artifact: peak RssAnon ${peak} kB, peak VmRSS ${rss} kB, ${secs} s (exit ${rc:-0})"
	unset rc
	rm -f "$t/big.mender"; : >"$t/slot-b"; reset_dev
done
