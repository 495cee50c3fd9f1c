#!/usr/bin/env bash
# vigil-agent end to end on a file-backed device: a signed artifact is
# installed, "rebooted" into, health-checked and committed; then hostile cases:
# wrong key, tampered payload, wrong device type, bad config, corrupt state
# file, corrupt grubenv, unwritable slot.  Each must change nothing it must not.
set -euo pipefail
. "$VG_SOURCE_DIR/tests/common/simdevice.sh"
agent="$VG_BUILD_DIR/src/vigil-agent"
t="$VG_BUILD_DIR/tmp/agent-cli"
rm -rf "$t"; mkdir -p "$t/state"
. "$VG_SOURCE_DIR/tests/common/expect.sh"

head -c 200000 /dev/urandom >"$t/v1.img"
head -c 300000 /dev/urandom >"$t/v2.img"
simdevice_init "$t" "$t/v1.img"
"$VIGIL" key generate -o "$t/key.pem" -p "$t/pub.pem" >/dev/null
"$VIGIL" key generate -o "$t/other.pem" -p "$t/other.pub" >/dev/null
"$VIGIL" artifact write rootfs-image -f "$t/v2.img" -n release-2 -t sim -o "$t/v2.mender" -k "$t/key.pem"
"$VIGIL" artifact write rootfs-image -f "$t/v2.img" -n release-2x -t sim -o "$t/v2-other.mender" -k "$t/other.pem"
"$VIGIL" artifact write rootfs-image -f "$t/v2.img" -n release-2t -t othertype -o "$t/v2-type.mender" -k "$t/key.pem"
simdevice_conf "$t" sim "public_keys = $t/pub.pem" "health_check = test -e $t/healthy"
A=(-c "$t/agent.conf")
env_before=$(cat "$t/bootenv")

# Help and usage.
expect 0 "$agent" --help
expect 0 "$agent" install --help
grep -q "Exit codes" "$t/out" || fail "install --help lacks exit codes"
expect 2 "$agent" "${A[@]}" install
expect 2 "$agent" "${A[@]}" frobnicate
expect 7 "$agent" "${A[@]}" commit

# Wrong key, wrong device type, tampered payload: refused, nothing switched.
expect 5 "$agent" "${A[@]}" install "$t/v2-other.mender"
expect 5 "$agent" "${A[@]}" install "$t/v2-type.mender"
python3 - "$t/v2.mender" "$t/v2-tampered.mender" <<'PY'
import sys
d = bytearray(open(sys.argv[1], "rb").read())
d[-3000] ^= 0xff  # inside the compressed payload, near its end
open(sys.argv[2], "wb").write(d)
PY
set +e; "$agent" "${A[@]}" install "$t/v2-tampered.mender" 2>"$t/err"; rc=$?; set -e
[ "$rc" = 3 ] || [ "$rc" = 5 ] || fail "tampered artifact exited $rc: $(cat "$t/err")"
[ "$(cat "$t/bootenv")" = "$env_before" ] || fail "boot env changed by a refused artifact"
cmp -s "$t/slot-a" "$t/v1.img" || fail "active slot touched"
"$agent" "${A[@]}" status --json | python3 -c 'import json,sys; s=json.load(sys.stdin); assert s["state"]=="idle" and s["error"], s'

# The real thing: install -> reboot -> commit.
expect 10 "$agent" "${A[@]}" install "$t/v2.mender"
cmp -s "$t/slot-b" "$t/v2.img" || fail "slot B does not hold the image"
grep -qx vigil_slot=B "$t/bootenv" && grep -qx upgrade_available=1 "$t/bootenv" || fail "env not armed"
expect 7 "$agent" "${A[@]}" install "$t/v2.mender"     # update already pending
echo "vigil.slot=B" >"$t/cmdline"                     # the bootloader booted B on trial
expect 10 "$agent" "${A[@]}" commit                    # health check fails -> roll back, reboot
grep -qx vigil_slot=A "$t/bootenv" && grep -qx upgrade_available=0 "$t/bootenv" || fail "not rolled back"
echo "vigil.slot=A" >"$t/cmdline"
expect 1 "$agent" "${A[@]}" resume                     # back on A: failure recorded
touch "$t/healthy"
expect 10 "$agent" "${A[@]}" install "$t/v2.mender"
echo "vigil.slot=B" >"$t/cmdline"
expect 0 "$agent" "${A[@]}" commit
"$agent" "${A[@]}" status | grep -qx "current: release-2" || fail "status after commit"
grep -qx upgrade_available=0 "$t/bootenv" && grep -qx vigil_slot=B "$t/bootenv" || fail "not committed"
expect 7 "$agent" "${A[@]}" rollback

# Unwritable slot (slot A is inactive now; make it a directory).
mv "$t/slot-a" "$t/slot-a.keep"; mkdir "$t/slot-a"
env_before=$(cat "$t/bootenv")
expect 4 "$agent" "${A[@]}" install "$t/v2.mender"
[ "$(cat "$t/bootenv")" = "$env_before" ] || fail "env changed after a failed slot write"
rmdir "$t/slot-a"; mv "$t/slot-a.keep" "$t/slot-a"

# Corrupt state file while an update is on trial: recovered by rolling back.
expect 10 "$agent" "${A[@]}" install "$t/v2.mender"    # writes slot A, arms it
printf 'state=bogus\n\x01' >"$t/state/state"
expect 0 "$agent" "${A[@]}" status
grep -qx "state: rollback" "$t/out" || fail "corrupt state not recovered as a rollback: $(cat "$t/out")"
expect 1 "$agent" "${A[@]}" resume
grep -q "state file was corrupt" "$t/err" || fail "recovery not reported: $(cat "$t/err")"
[ -e "$t/state/state.corrupt" ] || fail "corrupt state not kept aside"
grep -qx vigil_slot=B "$t/bootenv" && grep -qx upgrade_available=0 "$t/bootenv" || fail "trial not undone"
CONF_BAD="$t/bad.conf"
printf 'device_type = sim\nslot_a = x\nslot_b = y\nbootloader = lilo\nbootenv = z\n' >"$CONF_BAD"
expect 3 "$agent" -c "$CONF_BAD" status
grep -q "line 4: bootloader: unknown bootloader 'lilo'" "$t/err" || fail "config error: $(cat "$t/err")"
printf 'device_type = sim\nslot_a = x\nslot_b = x\nbootloader = file\nbootenv = z\nfrob = 1\n' >"$CONF_BAD"
expect 3 "$agent" -c "$CONF_BAD" status
grep -q "line 6: unknown setting 'frob'" "$t/err" || fail "config error: $(cat "$t/err")"

# Corrupt grubenv: refused, untouched.
sed -e "s|bootloader = file|bootloader = grub|" -e "s|bootenv = .*|bootenv = $t/grubenv|" "$t/agent.conf" >"$t/grub.conf"
printf '# GRUB Environment Block\nvigil_slot=B\n' >"$t/grubenv"
expect 3 "$agent" -c "$t/grub.conf" install "$t/v2.mender"
[ "$(wc -c <"$t/grubenv")" = 38 ] || fail "corrupt grubenv was rewritten"
echo "agent_cli: all checks passed"
