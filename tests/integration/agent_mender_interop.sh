#!/usr/bin/env bash
# agent_mender_interop.sh - artifacts written by Debian's mender-artifact (3.9)
# INSTALL with vigil-agent on a simulated A/B device, and the slot then holds
# the image byte for byte:
#   rootfs-image; compression none, gzip, lzma; signed with ECDSA and RSA keys
#   made by `vigil key generate` (GRUB environment block), and unsigned on a
#   device whose policy allows it (allow_raw_images = yes, no public_keys).
# Refused with the device untouched (boot environment, both slots, ratchet):
#   an artifact signed with an untrusted key, and an unsigned one when keys are
#   configured.  One signed artifact goes the whole way: reboot, commit.
# Skipped (exit 77) when mender-artifact is not installed.
set -euo pipefail
agent="$VG_BUILD_DIR/src/vigil-agent"
if ! command -v mender-artifact >/dev/null; then
	echo "SKIP: mender-artifact is not installed"; exit 77
fi
t="$VG_BUILD_DIR/tmp/agent-mender-interop"
rm -rf "$t"; mkdir -p "$t/state"
pass=0
ok() { pass=$((pass + 1)); }
. "$VG_SOURCE_DIR/tests/common/expect.sh"

# Not a multiple of 512 or of 64 KiB: the slot must end exactly where the image does.
head -c 300001 /dev/urandom >"$t/v1.img"
head -c 1234567 /dev/urandom >"$t/v2.img"
"$VIGIL" key generate --type ecdsa -o "$t/ec.pem" -p "$t/ec.pub" >/dev/null
"$VIGIL" key generate --type rsa -o "$t/rsa.pem" -p "$t/rsa.pub" >/dev/null
"$VIGIL" key generate --type ecdsa -o "$t/rogue.pem" -p "$t/rogue.pub" >/dev/null

# A GRUB environment block made by GRUB's own tool when present (the agent's
# reader is checked against grub-editenv's format elsewhere), else a plain file.
bootloader=file
grub_env() {
	if command -v grub-editenv >/dev/null; then
		rm -f "$t/bootenv"
		grub-editenv "$t/bootenv" create
		grub-editenv "$t/bootenv" set vigil_slot=A upgrade_available=0 bootcount=0 bootlimit=1
		bootloader=grub
	else
		printf 'vigil_slot=A\nupgrade_available=0\nbootcount=0\nbootlimit=1\n' >"$t/bootenv"
	fi
}
envvar() { # envvar NAME: its value in the boot environment (either backend)
	tr '\0' '\n' <"$t/bootenv" | sed -n "s/^$1=//p"
}

# reset [signed|unsigned]: slot A holds v1 and is running, slot B holds junk
# (so a refused install can be told from an untouched one), no update pending.
reset() {
	cp "$t/v1.img" "$t/slot-a"
	head -c 4096 /dev/urandom >"$t/slot-b"; cp "$t/slot-b" "$t/slot-b.before"
	rm -rf "$t/state"; mkdir "$t/state"
	grub_env
	echo "vigil.slot=A" >"$t/cmdline"
	{
		echo "device_type = qemux86-64"
		echo "slot_a = $t/slot-a"
		echo "slot_b = $t/slot-b"
		echo "bootloader = $bootloader"
		echo "bootenv = $t/bootenv"
		echo "cmdline = $t/cmdline"
		echo "state_dir = $t/state"
		if [ "$1" = signed ]; then
			echo "public_keys = $t/ec.pub $t/rsa.pub"
		else
			echo "allow_raw_images = yes"
		fi
	} >"$t/agent.conf"
}
A=(-c "$t/agent.conf")

# installed NAME: the agent wrote slot B = v2, armed it on trial, recorded NAME.
installed() {
	cmp -s "$t/slot-b" "$t/v2.img" || fail "$1: slot B is not the image byte for byte"
	cmp -s "$t/slot-a" "$t/v1.img" || fail "$1: the running slot A was touched"
	[ "$(envvar vigil_slot)" = B ] && [ "$(envvar upgrade_available)" = 1 ] \
		|| fail "$1: boot environment not armed: $(envvar vigil_slot)/$(envvar upgrade_available)"
	"$agent" "${A[@]}" status --json | python3 -c '
import json, sys
s = json.load(sys.stdin)
assert s["state"] == "reboot" and s["target"] == "B", s' || fail "$1: status after install"
}

# untouched WHAT: a refused install changed nothing on the device.
untouched() {
	cmp -s "$t/slot-b" "$t/slot-b.before" || fail "$1: inactive slot written"
	cmp -s "$t/slot-a" "$t/v1.img" || fail "$1: active slot touched"
	cmp -s "$t/bootenv" "$t/bootenv.before" || fail "$1: boot environment changed"
	"$agent" "${A[@]}" status --json | python3 -c '
import json, sys
s = json.load(sys.stdin)
assert s["state"] == "idle" and s["error"] and s["security_version"] == 0, s' \
		|| fail "$1: status after refusal"
}

mwrite() { # mwrite OUT COMP [mender-artifact key options]
	local out=$1 comp=$2; shift 2
	mender-artifact write rootfs-image --compression "$comp" -f "$t/v2.img" -n mender-v2 \
		-t qemux86-64 "$@" -o "$out" >/dev/null 2>&1 || fail "mender-artifact write $out"
}

for comp in none gzip lzma; do
	# Signed with ECDSA and with RSA: installs on a device trusting both keys.
	for key in ec rsa; do
		a="$t/m-$comp-$key.mender"
		mwrite "$a" "$comp" -k "$t/$key.pem"
		reset signed
		expect 10 "$agent" "${A[@]}" install "$a"
		installed "$a"; ok
	done
	# Unsigned: installs only where the policy allows unverified updates ...
	a="$t/m-$comp-unsigned.mender"
	mwrite "$a" "$comp"
	reset unsigned
	expect 10 "$agent" "${A[@]}" install "$a"
	installed "$a"; ok
	# ... and is refused once keys are configured.
	reset signed; cp "$t/bootenv" "$t/bootenv.before"
	expect 5 "$agent" "${A[@]}" install "$a"
	grep -q "not signed" "$t/err" || fail "unsigned refusal: $(cat "$t/err")"
	untouched "$a"; ok
	# Signed with a key the device does not trust: refused, nothing written.
	a="$t/m-$comp-rogue.mender"
	mwrite "$a" "$comp" -k "$t/rogue.pem"
	reset signed; cp "$t/bootenv" "$t/bootenv.before"
	expect 5 "$agent" "${A[@]}" install "$a"
	untouched "$a"; ok
done

# The whole way with a mender-artifact artifact: boot B on trial, commit.
reset signed
expect 10 "$agent" "${A[@]}" install "$t/m-gzip-rsa.mender"
echo "vigil.slot=B" >"$t/cmdline"
expect 0 "$agent" "${A[@]}" commit
"$agent" "${A[@]}" status | grep -qx "current: mender-v2" || fail "status after commit: $(cat "$t/out")"
[ "$(envvar vigil_slot)" = B ] && [ "$(envvar upgrade_available)" = 0 ] || fail "not committed"
cmp -s "$t/slot-b" "$t/v2.img" || fail "committed slot differs from the image"
ok
echo "agent mender interop: $pass checks passed (boot env: $bootloader)"
