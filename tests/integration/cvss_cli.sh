#!/bin/bash
# cvss_cli.sh - `vigil cvss`: output, JSON, exit codes.
set -u
fail() { echo "FAIL: $*"; exit 1; }
V31=CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H

out=$("$VIGIL" cvss "$V31") || fail "valid vector exit $?"
grep -q "base *9.8 Critical" <<<"$out" || fail "text output: $out"

out=$("$VIGIL" cvss --json 'CVSS:3.0/S:U/AV:N/AC:L/PR:H/UI:N/C:L/I:L/A:N/E:F') || fail "json exit $?"
grep -q '"vectorString": "CVSS:3.0/AV:N/AC:L/PR:H/UI:N/S:U/C:L/I:L/A:N/E:F"' <<<"$out" || fail "json: $out"
grep -q '"temporalScore": 3.7' <<<"$out" || fail "json temporal: $out"

out=$("$VIGIL" cvss --json CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:U) || fail "v4 exit"
grep -q '"nomenclature": "CVSS-BT"' <<<"$out" || fail "v4 json: $out"

err=$("$VIGIL" cvss "$V31/" 2>&1 >/dev/null); rc=$?
[ $rc -eq 3 ] || fail "invalid vector exit $rc"
grep -q "byte offset 45: empty component" <<<"$err" || fail "message: $err"

"$VIGIL" cvss >/dev/null 2>&1; [ $? -eq 2 ] || fail "no argument should be usage error"
"$VIGIL" cvss --nope "$V31" >/dev/null 2>&1; [ $? -eq 2 ] || fail "unknown option should be usage error"
"$VIGIL" cvss --help | grep -q "Exit codes" || fail "--help"
echo "cvss CLI: ok"
