#!/usr/bin/env bash
# agent_modules.sh - module-image artifacts written by Debian's mender-artifact
# (3.9) INSTALL with vigil-agent through a Mender update module (protocol v3):
# a tiny shell module, type vigil-file, whose ArtifactInstall copies files/*
# into a target directory (keeping a backup for ArtifactRollback).
#   compression none and gzip, ECDSA-signed, two payload files: the target
#     files equal the payloads; the File API tree the module saw is checked;
#     the calls come in protocol order; the tree is removed afterwards.
#   ArtifactInstall fails: ArtifactRollback, ArtifactFailure, Cleanup; exit 1,
#     the module's stderr in the message, target restored, state idle.
#   untrusted key: exit 5, nothing written, the module never called.
#   a payload byte changed: exit 5, ArtifactInstall never called, Cleanup is.
#   no module for the payload type: exit 3, nothing written.
#   NeedsArtifactReboot "Yes": exit 10 after ArtifactReboot; `resume` runs
#     ArtifactVerifyReboot and ArtifactCommit.  "Automatic": exit 10 without
#     ArtifactReboot, then the same.
#   power cut during ArtifactInstall: `resume` rolls the update back.
# (`vigil artifact write` writes rootfs-image only, so it is not used here.)
# Skipped (exit 77) when mender-artifact is not installed.
set -euo pipefail
. "$VG_SOURCE_DIR/tests/common/simdevice.sh"
agent="$VG_BUILD_DIR/src/vigil-agent"
if ! command -v mender-artifact >/dev/null; then
	echo "SKIP: mender-artifact is not installed"; exit 77
fi
t="$VG_BUILD_DIR/tmp/agent-modules"
rm -rf "$t"; mkdir -p "$t/modules"
pass=0
ok() { pass=$((pass + 1)); }
. "$VG_SOURCE_DIR/tests/common/expect.sh"

"$VIGIL" key generate --type ecdsa -o "$t/ec.pem" -p "$t/ec.pub" >/dev/null
"$VIGIL" key generate --type ecdsa -o "$t/rogue.pem" -p "$t/rogue.pub" >/dev/null
printf 'listen 8080\n' >"$t/app.conf"
head -c 200003 /dev/urandom >"$t/app.bin"

# The module.  Its behaviour is steered by files in $t/ctl: "fail-install",
# "fail-verify", "reboot" (the NeedsArtifactReboot answer).  Every call is
# logged; ArtifactInstall also checks the File API tree it was given.
cat >"$t/modules/vigil-file" <<EOF
#!/bin/sh
state=\$1 tree=\$2
echo "\$state" >>"$t/calls"
case "\$state" in
SupportsRollback) echo Yes ;;
NeedsArtifactReboot) cat "$t/ctl/reboot" 2>/dev/null || echo No ;;
ArtifactInstall)
	{
		[ "\$(pwd)" = "\$tree" ] && [ "\$(cat version)" = 3 ] &&
		[ "\$(cat current_device_type)" = qemux86-64 ] && [ -f current_artifact_name ] &&
		[ "\$(cat header/payload_type)" = vigil-file ] &&
		[ "\$(cat header/artifact_name)" = "\$(cat "$t/ctl/name")" ] &&
		grep -q '"type": *"vigil-file"' header/header-info && [ -f header/type-info ] &&
		[ -f header/meta-data ] && [ -d tmp ] && [ -z "\$(ls tmp)" ] &&
		[ "\$(ls files | tr '\n' ' ')" = "app.bin app.conf " ]
	} && echo ok >"$t/tree-check" || echo bad >"$t/tree-check"
	rm -rf "$t/backup"; cp -a "$t/target" "$t/backup"
	cp files/* "$t/target/"
	if [ -e "$t/ctl/fail-install" ]; then echo "disk on fire" >&2; exit 3; fi ;;
ArtifactVerifyReboot) [ ! -e "$t/ctl/fail-verify" ] || { echo "new app does not start" >&2; exit 1; } ;;
ArtifactRollback) rm -rf "$t/target"; mv "$t/backup" "$t/target" ;;
esac
exit 0
EOF
chmod +x "$t/modules/vigil-file"

# reset: a device with slot A running, old app files in the target, no update pending.
reset() {
	rm -rf "$t/state" "$t/target" "$t/backup" "$t/ctl" "$t/calls" "$t/tree-check"
	mkdir -p "$t/state" "$t/target" "$t/ctl"
	echo old >"$t/target/app.conf"
	touch "$t/calls"
	head -c 4096 /dev/urandom >"$t/slot-b"; cp "$t/slot-b" "$t/slot-b.before"
	: >"$t/slot-a"
	simdevice_reset_env "$t"
	cp "$t/bootenv" "$t/bootenv.before"
	echo "vigil.slot=A" >"$t/cmdline"
	simdevice_conf "$t" qemux86-64 "public_keys = $t/ec.pub" "modules_dir = $t/modules"
}
A=(-c "$t/agent.conf")

mwrite() { # mwrite OUT NAME TYPE COMP KEY
	mender-artifact write module-image -T "$3" -f "$t/app.conf" -f "$t/app.bin" -n "$2" \
		-t qemux86-64 --compression "$4" -k "$5" -o "$1" >/dev/null 2>&1 || fail "mender-artifact write $1"
}
calls() { tr '\n' ' ' <"$t/calls" | sed 's/ $//'; }
state() { "$agent" "${A[@]}" status --json | python3 -c "import json,sys; print(json.load(sys.stdin)[sys.argv[1]])" "$1"; }
installed_files() {
	cmp -s "$t/target/app.conf" "$t/app.conf" && cmp -s "$t/target/app.bin" "$t/app.bin" \
		|| fail "$1: the target files are not the payload"
}
device_untouched() {
	cmp -s "$t/bootenv" "$t/bootenv.before" || fail "$1: boot environment changed"
	cmp -s "$t/slot-b" "$t/slot-b.before" || fail "$1: inactive slot written"
}
INSTALL="SupportsRollback Download ArtifactInstall NeedsArtifactReboot"

# 1. Install without reboot, none and gzip: committed at once.
for comp in none gzip; do
	reset; a="$t/m-$comp.mender"; echo "app-$comp" >"$t/ctl/name"
	mwrite "$a" "app-$comp" vigil-file "$comp" "$t/ec.pem"
	expect 0 "$agent" "${A[@]}" install "$a"
	installed_files "$comp"
	[ "$(cat "$t/tree-check")" = ok ] || fail "$comp: the File API tree was not as specified"
	[ "$(calls)" = "$INSTALL ArtifactCommit Cleanup" ] || fail "$comp: calls: $(calls)"
	[ "$(state state)" = idle ] && [ "$(state current)" = "app-$comp" ] && [ -z "$(state error)" ] \
		|| fail "$comp: status after install"
	[ ! -e "$t/state/module" ] || fail "$comp: the File API tree was left behind"
	device_untouched "$comp"
	ok
done

# 2. ArtifactInstall fails: rolled back by the module, exit 1, idle with the error.
reset; echo app-bad >"$t/ctl/name"; touch "$t/ctl/fail-install"
a="$t/m-bad.mender"; mwrite "$a" app-bad vigil-file gzip "$t/ec.pem"
expect 1 "$agent" "${A[@]}" install "$a"
[ "$(calls)" = "SupportsRollback Download ArtifactInstall ArtifactRollback ArtifactFailure Cleanup" ] \
	|| fail "failed install: calls: $(calls)"
grep -q "ArtifactInstall exited with 3: disk on fire" "$t/err" || fail "failed install: message: $(cat "$t/err")"
[ "$(cat "$t/target/app.conf")" = old ] && [ ! -e "$t/target/app.bin" ] || fail "failed install: target not restored"
[ "$(state state)" = idle ] && [ -z "$(state current)" ] || fail "failed install: status"
state error | grep -q "disk on fire" || fail "failed install: error not recorded"
[ ! -e "$t/state/module" ] || fail "failed install: tree left behind"
device_untouched "failed install"
ok

# 3. Signed with a key the device does not trust: nothing written, module never called.
reset; a="$t/m-rogue.mender"; mwrite "$a" app-rogue vigil-file gzip "$t/rogue.pem"
expect 5 "$agent" "${A[@]}" install "$a"
[ -z "$(calls)" ] || fail "untrusted: the module was called: $(calls)"
[ "$(ls "$t/target")" = app.conf ] && [ "$(cat "$t/target/app.conf")" = old ] || fail "untrusted: target written"
[ ! -e "$t/state/module" ] || fail "untrusted: files stored"
[ "$(state state)" = idle ] && [ -n "$(state error)" ] || fail "untrusted: status"
device_untouched untrusted
ok

# 4. A payload byte changed after signing: the stored file fails its hash;
#    ArtifactInstall is never called, Cleanup is, nothing stays behind.
reset; a="$t/m-tampered.mender"
python3 - "$t/m-none.mender" "$a" <<'PY'
import sys
d = bytearray(open(sys.argv[1], "rb").read())
d[-5000] ^= 0xff  # inside app.bin, the last payload file (compression none)
open(sys.argv[2], "wb").write(d)
PY
expect 5 "$agent" "${A[@]}" install "$a"
[ "$(calls)" = "SupportsRollback Download Cleanup" ] || fail "tampered: calls: $(calls)"
[ "$(ls "$t/target")" = app.conf ] && [ "$(cat "$t/target/app.conf")" = old ] || fail "tampered: target written"
[ ! -e "$t/state/module" ] && [ "$(state state)" = idle ] || fail "tampered: not at rest"
device_untouched tampered
ok

# 5. No update module for the payload type: refused before anything is stored.
reset; a="$t/m-nomodule.mender"; mwrite "$a" app-x no-such-module none "$t/ec.pem"
expect 3 "$agent" "${A[@]}" install "$a"
grep -q "no update module for payload type 'no-such-module'" "$t/err" || fail "no module: $(cat "$t/err")"
[ ! -e "$t/state/module" ] && [ "$(state state)" = idle ] || fail "no module: state"
device_untouched "no module"
ok

# 6. NeedsArtifactReboot "Yes": ArtifactReboot, exit 10; resume verifies and commits.
reset; echo app-reboot >"$t/ctl/name"; echo Yes >"$t/ctl/reboot"
a="$t/m-reboot.mender"; mwrite "$a" app-reboot vigil-file gzip "$t/ec.pem"
expect 10 "$agent" "${A[@]}" install "$a"
[ "$(calls)" = "$INSTALL ArtifactReboot" ] || fail "reboot: calls: $(calls)"
[ "$(state state)" = verify ] && [ "$(state module)" = vigil-file ] || fail "reboot: status after install"
installed_files reboot
: >"$t/calls"
expect 0 "$agent" "${A[@]}" resume
[ "$(calls)" = "ArtifactVerifyReboot ArtifactCommit Cleanup" ] || fail "reboot: calls after resume: $(calls)"
[ "$(state state)" = idle ] && [ "$(state current)" = app-reboot ] || fail "reboot: status after resume"
device_untouched reboot
ok

# 7. "Automatic": the agent asks for the reboot (no ArtifactReboot).  With
#    both answers a failing ArtifactVerifyReboot then rolls back and reboots
#    (ArtifactRollbackReboot for "Yes", the agent's reboot for "Automatic").
for answer in Automatic Yes; do
	reset; echo app-auto >"$t/ctl/name"; echo "$answer" >"$t/ctl/reboot"
	a="$t/m-auto.mender"; [ -e "$a" ] || mwrite "$a" app-auto vigil-file none "$t/ec.pem"
	want="$INSTALL"; [ "$answer" = Yes ] && want="$want ArtifactReboot"
	expect 10 "$agent" "${A[@]}" install "$a"
	[ "$(calls)" = "$want" ] || fail "$answer: calls: $(calls)"
	: >"$t/calls"; touch "$t/ctl/fail-verify"
	expect 10 "$agent" "${A[@]}" resume
	want="ArtifactVerifyReboot ArtifactRollback"; [ "$answer" = Yes ] && want="$want ArtifactRollbackReboot"
	[ "$(calls)" = "$want" ] || fail "$answer: calls after a failed verify: $(calls)"
	: >"$t/calls"
	expect 1 "$agent" "${A[@]}" resume
	[ "$(calls)" = "ArtifactFailure Cleanup" ] || fail "$answer: calls after the rollback reboot: $(calls)"
	[ "$(cat "$t/target/app.conf")" = old ] && [ "$(state state)" = idle ] && [ -z "$(state current)" ] \
		|| fail "$answer: not rolled back"
	state error | grep -q "new app does not start" || fail "$answer: error not recorded"
	ok
done

# 8. Power cut right after ArtifactInstall ran, before the record moved on
#    (test builds: VG_AGENT_CRASH_AT): ArtifactInstall is not run again;
#    resume rolls the update back.
reset; echo app-gzip >"$t/ctl/name"; a="$t/m-gzip.mender"
set +e; VG_AGENT_TRACE=1 "$agent" "${A[@]}" install "$a" >/dev/null 2>"$t/trace"; set -e
event=$(sed -n 's/^vigil-agent: event \([0-9]*\): NeedsArtifactReboot Module$/\1/p' "$t/trace")
if [ -n "$event" ]; then # fault injection is compiled in
	reset; echo app-gzip >"$t/ctl/name"
	set +e; VG_AGENT_CRASH_AT="event:$event" "$agent" "${A[@]}" install "$a" >/dev/null 2>&1; rc=$?; set -e
	[ "$rc" = 137 ] || fail "power cut: agent exited $rc, not killed"
	[ "$(state state)" = install ] && installed_files "power cut" || fail "power cut: state $(state state)"
	: >"$t/calls"
	expect 4 "$agent" "${A[@]}" resume # an interruption counts as an I/O failure, as for a slot write
	[ "$(calls)" = "ArtifactRollback ArtifactFailure Cleanup" ] || fail "power cut: calls: $(calls)"
	grep -q "interrupted during ArtifactInstall" "$t/err" || fail "power cut: message: $(cat "$t/err")"
	[ "$(cat "$t/target/app.conf")" = old ] && [ "$(state state)" = idle ] && [ ! -e "$t/state/module" ] \
		|| fail "power cut: not rolled back and at rest"
	ok
else
	echo "note: fault injection not compiled in; power-cut check skipped"
fi
echo "agent modules: $pass checks passed"
