#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# bench-import.sh: import throughput (images/s) of `shadelab-cli import` on generated demo photos.
#
#   tests/bench/bench-import.sh BUILD_DIR [COUNT] [WxH]
#
# Generates COUNT demo photos (default 60, 1600x1200: JPEG/PNG/TIFF, several ICC profiles and EXIF
# orientations) with `shadelab-cli generate`, then imports them into a fresh project three times (a new
# project each time, so every run decodes, checks and writes every photo) and prints each run's figure.
# Generation is not timed. Decoding uses one thread per processor.
set -euo pipefail

build=${1:?usage: tests/bench/bench-import.sh BUILD_DIR [COUNT] [WxH]}
count=${2:-60}
size=${3:-1600x1200}
cli=$build/app/shadelab-cli
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$cli" generate "$work/photos" --count "$count" --size "$size" >/dev/null
echo "bench-import: $count photos of $size, $(nproc) processors"
for run in 1 2 3; do
  rm -f "$work"/bench.shadelab*
  "$cli" init "$work/bench.shadelab" >/dev/null
  "$cli" import --quiet "$work/bench.shadelab" "$work/photos" | head -1
done
