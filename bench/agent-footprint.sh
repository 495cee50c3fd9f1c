#!/usr/bin/env bash
# bench/agent-footprint.sh [BUILD_DIR] [SIZE_MB] - vigil-agent footprint, with
# swupdate (Debian's package, if installed: apt-get install swupdate) measured
# in the same run:
#   - stripped binary size (and shared libraries it needs)
#   - idle RSS: the process started and waiting (vigil-agent blocked in a
#     Download_Enter script; swupdate in its IPC server loop)
#   - peak private memory (RssAnon, sampled every 20 ms) while vigil-agent
#     installs a SIZE_MB (default 1024) signed artifact of random data into a
#     slot file, for two sizes, to show it is flat in the image size.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
size_mb=${2:-1024}
agent="$build/src/vigil-agent"
vigil="$build/src/vigil"
t=$(mktemp -d /var/tmp/vg-footprint.XXXXXX)
trap 'rm -rf "$t"' EXIT

kb() { awk -v f="$2" '$1 == f":" { print $2 }' "/proc/$1/status"; }

strip -o "$t/agent.stripped" "$agent"
echo "vigil-agent stripped: $(stat -c %s "$t/agent.stripped") bytes; shared libs: $(ldd "$agent" | awk '{print $1}' | grep -v vdso | tr '\n' ' ')"
if command -v swupdate >/dev/null; then
	sw=$(command -v swupdate)
	strip -o "$t/swupdate.stripped" "$sw" 2>/dev/null || cp "$sw" "$t/swupdate.stripped"
	echo "swupdate stripped:    $(stat -c %s "$t/swupdate.stripped") bytes ($(swupdate --version 2>/dev/null | head -1 || true)); shared libs: $(ldd "$sw" | wc -l)"
fi

# A device: slot A holds v1, slot B is the target.
mkdir -p "$t/state" "$t/scripts"
head -c 1048576 /dev/urandom >"$t/slot-a"; : >"$t/slot-b"
printf 'vigil_slot=A\nupgrade_available=0\nbootcount=0\nbootlimit=1\n' >"$t/bootenv"
echo "vigil.slot=A" >"$t/cmdline"
"$vigil" key generate -o "$t/key.pem" -p "$t/pub.pem" >/dev/null
conf() {
	cat >"$t/agent.conf" <<CONF
device_type = bench
slot_a = $t/slot-a
slot_b = $t/slot-b
bootloader = file
bootenv = $t/bootenv
cmdline = $t/cmdline
state_dir = $t/state
public_keys = $t/pub.pem
scripts_dir = $t/scripts
CONF
}
conf
reset_dev() { rm -f "$t/state/state"; printf 'vigil_slot=A\nupgrade_available=0\nbootcount=0\nbootlimit=1\n' >"$t/bootenv"; }

# Idle: the agent waits in a state script.
printf '#!/bin/sh\nsleep 1\n' >"$t/scripts/Download_Enter_00_wait"; chmod +x "$t/scripts/Download_Enter_00_wait"
head -c 65536 /dev/urandom >"$t/small.img"
"$vigil" artifact write rootfs-image -f "$t/small.img" -n small -t bench -o "$t/small.mender" -k "$t/key.pem"
"$agent" -c "$t/agent.conf" install "$t/small.mender" >/dev/null 2>&1 &
pid=$!; sleep 0.5
echo "vigil-agent idle: VmRSS $(kb $pid VmRSS) kB, RssAnon $(kb $pid RssAnon) kB"
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
		kill $spid 2>/dev/null || true; wait $spid 2>/dev/null || true
	else
		echo "swupdate idle: exited at once (no server mode in this build)"
	fi
fi

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
