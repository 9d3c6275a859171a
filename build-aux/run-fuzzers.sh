#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# run-fuzzers.sh: build the libFuzzer targets with clang and run each for SECONDS (default 60).
#
#   build-aux/run-fuzzers.sh [SECONDS]
#
# Builds in build-fuzz/ (CC=clang, -Dfuzzing=true, no GUI), runs every target on a copy of its seed corpus
# from tests/fuzz/corpus/ (new inputs go to build-fuzz/corpus/, the committed seeds stay as they are) and
# stops at the first crash, leaving the crashing input in build-fuzz/. Exit status 0 when every target ran
# its time without a finding.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
seconds=${1:-60}
build_dir=$root/build-fuzz

case $seconds in
  ''|*[!0-9]*) echo "usage: build-aux/run-fuzzers.sh [SECONDS]" >&2; exit 2 ;;
esac
command -v clang >/dev/null || { echo "run-fuzzers.sh: clang is needed (apt-get install clang)" >&2; exit 1; }

if [ ! -f "$build_dir/build.ninja" ]; then
  CC=clang meson setup "$build_dir" "$root" -Dfuzzing=true -Dgui=disabled -Dbuildtype=debugoptimized
fi
ninja -C "$build_dir" tests/fuzz/fuzz-catalog tests/fuzz/fuzz-coco tests/fuzz/fuzz-annotations

status=0
for target in catalog coco annotations; do
  corpus=$build_dir/corpus/$target
  mkdir -p "$corpus"
  echo "run-fuzzers.sh: fuzz-$target for $seconds s" >&2
  if ! (cd "$build_dir" && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
        "./tests/fuzz/fuzz-$target" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
        -dict="$root/tests/fuzz/json.dict" \
        "$corpus" "$root/tests/fuzz/corpus/$target"); then
    echo "run-fuzzers.sh: fuzz-$target found a problem (crash input in $build_dir)" >&2
    status=1
  fi
done
exit $status
