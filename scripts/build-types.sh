#!/usr/bin/env bash
# Build the whole tree (library, programs, tests) with -Werror in the
# configurations CI's test builds do not use: gcc's Release (-O3) and
# MinSizeRel (-Os), whose optimisers warn about things -O2 does not see,
# and clang.  A packager's `cmake -DCMAKE_BUILD_TYPE=Release` must not fail.
#   scripts/build-types.sh [WORK_DIR]   (default: build-types)
set -euo pipefail
work=${1:-build-types}
jobs=$(nproc 2>/dev/null || echo 2)

build() { # NAME CC BUILD_TYPE
  echo "== $1: CC=$2 CMAKE_BUILD_TYPE=$3"
  CC=$2 cmake -S . -B "$work/$1" -DCMAKE_BUILD_TYPE="$3" -DVG_WERROR=ON >/dev/null
  cmake --build "$work/$1" -j "$jobs" >"$work/$1.log" 2>&1 || {
    grep -E 'error|warning' "$work/$1.log" | head -40
    echo "build-types: the $1 build failed (whole log: $work/$1.log)" >&2
    exit 1
  }
}

mkdir -p "$work"
build gcc-release gcc Release
build gcc-minsizerel gcc MinSizeRel
build clang-release clang Release
echo "build-types: all configurations build without warnings"
