# expect.sh - exit-code assertions for shell tests (sourced).  Needs $t, the
# test's scratch directory, where the last command's output is kept.
#   fail MESSAGE            print "FAIL: MESSAGE" and exit 1
#   expect CODE CMD...      run CMD (stdout in $t/out, stderr in $t/err); fail
#                           unless it exits with CODE
fail() { echo "FAIL: $*"; exit 1; }
expect() {
	local want=$1; shift
	set +e; "$@" >"$t/out" 2>"$t/err"; local got=$?; set -e
	[ "$got" = "$want" ] || fail "$* exited $got, want $want: $(cat "$t/err")"
}
