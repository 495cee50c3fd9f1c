#!/bin/bash
# id_cli.sh - `vigil purl` and `vigil cpe`: output and exit codes.
set -u
fail=0
expect() { # expect CODE WANTED_STDOUT_SUBSTRING ARGS...
	local code=$1 want=$2 out rc
	shift 2
	out=$("$VIGIL" "$@" 2>/dev/null); rc=$?
	if [ "$rc" -ne "$code" ] || [[ "$out" != *"$want"* ]]; then
		echo "FAIL: vigil $* -> exit $rc, output '$out' (wanted $code, '$want')"
		fail=1
	fi
}
expect 0 "pkg:pypi/django-package@1.0" purl 'pkg:PYPI/Django_Package@1.0?x='
expect 0 '"namespace": "@babel"' purl --json 'pkg:npm/%40babel/core@7.0.0'
expect 3 "pkg:npm/ok" purl 'pkg:npm/ok' 'pkg:npm'
expect 2 "" purl
expect 0 "Usage: vigil purl" purl --help
expect 0 "cpe:/a:openssl:openssl:3.0.2" cpe --uri 'cpe:2.3:a:openssl:openssl:3.0.2:*:*:*:*:*:*:*'
expect 0 "cpe:2.3:a:hp:insight_diagnostics:7.4.0.1570:-:*:*:online:win2003:x64:*" \
	cpe 'cpe:/a:hp:insight_diagnostics:7.4.0.1570:-:~~online~win2003~x64~'
expect 0 '"version": "3\\.0\\.2"' cpe --json 'cpe:/a:openssl:openssl:3.0.2'
expect 0 "SUPERSET" cpe match 'cpe:2.3:a:openssl:openssl:*:*:*:*:*:*:*:*' 'cpe:/a:openssl:openssl:3.0.2'
expect 1 "DISJOINT" cpe match 'cpe:2.3:a:other:openssl:*:*:*:*:*:*:*:*' 'cpe:/a:openssl:openssl:3.0.2'
expect 1 "SUBSET" cpe match 'cpe:/a:openssl:openssl:3.0.2' 'cpe:2.3:a:openssl:openssl:*:*:*:*:*:*:*:*'
expect 0 '"match": true' cpe match --json 'cpe:/a:openssl' 'cpe:/a:openssl:openssl:3.0.2'
expect 3 "" cpe 'cpe:2.3:a:bad'
expect 2 "" cpe match 'cpe:/a:x'
[ $fail -eq 0 ] && echo "id_cli: all checks passed"
exit $fail
