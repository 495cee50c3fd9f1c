#!/usr/bin/env bash
# Install what Vigil needs to build and test on Debian (12 "bookworm" or later).
#
#   scripts/install-deps.sh          install anything missing (idempotent)
#   scripts/install-deps.sh --check  exit 0 if everything is present, 1 if not
#
# Debian packages come from apt (with sudo when not root); the JSON-schema
# validator used by the SBOM tests comes from npm into tests/tools/node_modules.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)

# Build and library dependencies (the project's chosen set: see docs/architecture.md).
build_pkgs=(
  build-essential cmake pkg-config clang libclang-rt-dev
  libjansson-dev libsqlite3-dev libpq-dev libssl-dev libcurl4-openssl-dev
  libmicrohttpd-dev libarchive-dev libubootenv-dev libcmocka-dev zlib1g-dev
)
# Real peers and tools the tests start.
test_pkgs=(
  openssl mender-artifact nginx-light python3 xz-utils zstd grub2-common
)
# Node.js runs the JSON-schema validator; any install providing node and npm
# will do (some images ship NodeSource's nodejs, which conflicts with Debian's npm).
command -v node >/dev/null && command -v npm >/dev/null || test_pkgs+=(nodejs npm)

missing_debs() {
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' || echo "$p"
  done
}

node_tools_ok() {
  local m
  for m in ajv ajv-formats ajv-draft-04 @microsoft/jest-sarif; do
    [ -d "$here/tests/tools/node_modules/$m" ] || return 1
  done
}

mapfile -t need < <(missing_debs "${build_pkgs[@]}" "${test_pkgs[@]}")

if [ "${1:-}" = "--check" ]; then
  if [ "${#need[@]}" -eq 0 ] && node_tools_ok; then exit 0; fi
  exit 1
fi

sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)

if [ "${#need[@]}" -gt 0 ]; then
  echo "install-deps: installing ${need[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

if ! node_tools_ok; then
  echo "install-deps: installing JSON-schema validator (npm ci in tests/tools)" >&2
  (cd "$here/tests/tools" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
echo "install-deps: all dependencies present" >&2
