#!/usr/bin/env bash
# vigil-agent install URL and anti-rollback, against real HTTP servers on
# loopback: Debian's nginx (private config, port > 20000 on 127.0.0.1)
# serving signed artifacts, and tests/integration/httpcut.py, which cuts the
# first connection mid-transfer (the install must finish through a Range
# request), ignores Range, or keeps failing (exit 4, device untouched).
# Anti-rollback: sv 3 committed; sv 2 refused before any byte is written
# (exit 5); sv 3 and sv 4 accepted; the ratchet rises only at commit.
set -euo pipefail
. "$VG_SOURCE_DIR/tests/common/simdevice.sh"
agent="$VG_BUILD_DIR/src/vigil-agent"
here="$VG_SOURCE_DIR/tests/integration"
t="$VG_BUILD_DIR/tmp/agent-http"
nginx=$(command -v nginx || echo /usr/sbin/nginx)
command -v python3 >/dev/null || { echo "SKIP: python3 not installed"; exit 77; }
[ -x "$nginx" ] || { echo "SKIP: nginx not installed (apt-get install nginx-light)"; exit 77; }
rm -rf "$t"; mkdir -p "$t/state" "$t/www" "$t/nginx"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
. "$VG_SOURCE_DIR/tests/common/expect.sh"
wait_port() { # wait_port PORT PID: 0 once it listens, 1 if the process died
	for _ in $(seq 100); do
		kill -0 "$2" 2>/dev/null || return 1
		(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
		sleep 0.05
	done
	return 1
}

# --- nginx with a private config; retry another port if this one is taken ---
port=""
for _ in 1 2 3 4 5 6 7 8; do
	p=$((20001 + RANDOM % 40000))
	cat >"$t/nginx/nginx.conf" <<CONF
worker_processes 1;
pid $t/nginx/nginx.pid;
error_log $t/nginx/error.log;
events { worker_connections 64; }
http {
	access_log $t/nginx/access.log;
	client_body_temp_path $t/nginx/body;
	proxy_temp_path $t/nginx/proxy;
	fastcgi_temp_path $t/nginx/fastcgi;
	uwsgi_temp_path $t/nginx/uwsgi;
	scgi_temp_path $t/nginx/scgi;
	types { application/octet-stream mender; }
	server { listen 127.0.0.1:$p; root $t/www; }
}
CONF
	"$nginx" -p "$t/nginx" -e "$t/nginx/error.log" -c "$t/nginx/nginx.conf" -g "daemon off;" &
	npid=$!
	if wait_port "$p" "$npid"; then port=$p; pids+=("$npid"); break; fi
	kill "$npid" 2>/dev/null || true; wait "$npid" 2>/dev/null || true
done
[ -n "$port" ] || fail "nginx did not start: $(cat "$t/nginx/error.log" 2>/dev/null)"
base="http://127.0.0.1:$port"

# --- device and artifacts ---
head -c 200000 /dev/urandom >"$t/v1.img"
simdevice_init "$t" "$t/v1.img"
"$VIGIL" key generate -o "$t/key.pem" -p "$t/pub.pem" >/dev/null
mkart() { # mkart NAME SV SIZE: $t/NAME.img and $t/www/NAME.mender
	head -c "$3" /dev/urandom >"$t/$1.img"
	"$VIGIL" artifact write rootfs-image -f "$t/$1.img" -n "$1" -t sim -o "$t/www/$1.mender" \
		-k "$t/key.pem" --security-version "$2"
}
mkart r3 3 1500000; mkart r2 2 300000; mkart r3b 3 300000; mkart r4 4 300000
mkart r5 5 2000000; mkart r6 6 2000000; mkart r7 7 300000
simdevice_conf "$t" sim "public_keys = $t/pub.pem" "download_retries = 2" "download_timeout = 10"
A=(-c "$t/agent.conf")
sv() { "$agent" "${A[@]}" status --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["security_version"])'; }
booted() { sed -n 's/.*vigil.slot=\(.\).*/\1/p' "$t/cmdline"; }
slot_file() { [ "$1" = A ] && echo "$t/slot-a" || echo "$t/slot-b"; }
other() { [ "$1" = A ] && echo B || echo A; }
# install_commit NAME URL: install, boot the new slot, commit; checks the slot bytes.
install_commit() {
	local new; new=$(other "$(booted)")
	expect 10 "$agent" "${A[@]}" install "$2"
	cp "$t/err" "$t/install.err"
	cmp -s "$(slot_file "$new")" "$t/$1.img" || fail "$1: slot $new does not hold the image"
	local want; want=$(sha256sum <"$t/$1.img" | cut -d' ' -f1)
	"$agent" "${A[@]}" status --json | python3 -c 'import json,sys; s=json.load(sys.stdin); assert s["sha256"]==sys.argv[1], s' "$want" \
		|| fail "$1: recorded sha256 differs from the image's"
	echo "vigil.slot=$new" >"$t/cmdline"
	expect 0 "$agent" "${A[@]}" commit
}
# refused CODE URL: the install fails with CODE and leaves env and inactive slot alone.
refused() {
	local env_before inactive; env_before=$(cat "$t/bootenv")
	inactive=$(slot_file "$(other "$(booted)")"); cp "$inactive" "$t/inactive.before"
	expect "$1" "$agent" "${A[@]}" install "$2"
	[ "$(cat "$t/bootenv")" = "$env_before" ] || fail "$2: boot env changed"
	cmp -s "$inactive" "$t/inactive.before" || fail "$2: inactive slot written"
	grep -qx "vigil_slot=$(booted)" "$t/bootenv" && grep -qx upgrade_available=0 "$t/bootenv" \
		|| fail "$2: the device would not boot the old slot"
	"$agent" "${A[@]}" status --json | python3 -c 'import json,sys; s=json.load(sys.stdin); assert s["state"]=="idle" and s["error"], s' \
		|| fail "$2: not idle with an error"
}

# 1. nginx: sv 3 installed from a URL and committed; the ratchet rises at commit only.
[ "$(sv)" = 0 ] || fail "fresh device has a security version"
expect 10 "$agent" "${A[@]}" install "$base/r3.mender"
grep -q "downloaded 1[0-9]* bytes in 1 request(s), 0 resumed" "$t/err" || fail "download report: $(cat "$t/err")"
[ "$(sv)" = 0 ] || fail "security version raised before commit"
echo "vigil.slot=B" >"$t/cmdline"
expect 0 "$agent" "${A[@]}" commit
cmp -s "$t/slot-b" "$t/r3.img" || fail "slot B does not hold r3"
[ "$(sv)" = 3 ] || fail "security version after commit: $(sv)"
grep -q '"GET /r3.mender HTTP/1.1" 200' "$t/nginx/access.log" || fail "nginx did not serve r3"

# 2. Anti-rollback: sv 2 refused before anything is written (URL and file), exit 5.
refused 5 "$base/r2.mender"
grep -q "security version 2 is lower than the device's 3" "$t/err" || fail "rollback message: $(cat "$t/err")"
refused 5 "$t/www/r2.mender"
# 3. Equal and higher are accepted.
install_commit r3b "$base/r3b.mender"; [ "$(sv)" = 3 ] || fail "sv after r3b: $(sv)"
install_commit r4 "$base/r4.mender"; [ "$(sv)" = 4 ] || fail "sv after r4: $(sv)"
# A rolled-back update does not raise the ratchet.
expect 10 "$agent" "${A[@]}" install "$base/r7.mender"
expect 1 "$agent" "${A[@]}" rollback  # still on the old slot: rolled back at once
[ "$(sv)" = 4 ] || fail "sv after a rolled-back sv 7: $(sv)"

# 4. Connection cut after 300000 bytes: resumed with Range, payload intact.
start_cut() { # start_cut MODE [N]
	rm -f "$t/port" "$t/http.log"
	python3 "$here/httpcut.py" "$t/www" "$t/port" "$t/http.log" "$@" &
	cpid=$!; pids+=("$cpid")
	for _ in $(seq 100); do [ -s "$t/port" ] && break; sleep 0.05; done
	cut_base="http://127.0.0.1:$(cat "$t/port")"
}
stop_cut() { kill "$cpid"; wait "$cpid" 2>/dev/null || true; }
start_cut cut 300000
install_commit r5 "$cut_base/r5.mender"
resume_line=$(grep "downloaded" "$t/install.err" || true)
stop_cut
echo "resume test: $resume_line; requests: $(tr '\n' ';' <"$t/http.log")"
grep -qx "/r5.mender bytes=300000-" "$t/http.log" || fail "no Range request from byte 300000: $(cat "$t/http.log")"
grep -q "in 2 request(s), 1 resumed with HTTP Range" <<<"$resume_line" || fail "resume report: $resume_line"
[ "$(sv)" = 5 ] || fail "sv after r5: $(sv)"

# 5. A server that ignores Range: the second answer's first bytes are skipped.
start_cut norange 250000
install_commit r6 "$cut_base/r6.mender"
stop_cut
[ "$(grep -c . "$t/http.log")" = 2 ] || fail "norange: $(cat "$t/http.log")"

# 6. A server that keeps failing (503): 1 + download_retries requests, exit 4, untouched.
start_cut fail
refused 4 "$cut_base/r7.mender"
grep -q "giving up after 3 attempts: HTTP status 503" "$t/err" || fail "503 message: $(cat "$t/err")"
[ "$(grep -c . "$t/http.log")" = 3 ] || fail "503: want 3 requests: $(cat "$t/http.log")"
# 404 is not retried.
refused 4 "$cut_base/missing.mender"
grep -q "HTTP status 404" "$t/err" || fail "404 message: $(cat "$t/err")"
[ "$(grep -c missing "$t/http.log")" = 1 ] || fail "404 was retried"
stop_cut
# Nobody listening: connection refused, retried, exit 4.
refused 4 "$cut_base/r7.mender"
grep -q "giving up after 3 attempts" "$t/err" || fail "refused message: $(cat "$t/err")"
[ "$(sv)" = 6 ] || fail "sv after failures: $(sv)"
echo "agent_http: all checks passed (nginx on port $port)"
