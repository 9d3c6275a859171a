#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# bench-app-memory.sh: the real shadelab's peak memory while a labeler flips through photos of 24 megapixels.
#
# Makes DISTINCT generated JPEGs of SIZE, copies them into COUNT distinct files (a few bytes after the image's
# end, so each has a content of its own), imports them, opens the project in the app on X11 (xdotool), then
# presses D (next photo) COUNT - 1 times, waiting DWELL ms on each, with Ctrl+1 (zoom to 1:1) and Ctrl+0 (fit)
# on every ZOOM_EVERY-th photo (0: never). Prints the app's peak resident memory (VmHWM) and its resident memory
# at the end, in MiB. A benchmark, not a test: it judges nothing.
#
# Usage: bench-app-memory.sh BUILD-DIR [COUNT [SIZE [DWELL [ZOOM_EVERY [DISTINCT]]]]]
#   defaults: 200 photos of 6000x4000, 300 ms, zoom every 20th, 20 distinct images.
# Run it on a display of at least 1600x1000 for the issue's view (e.g. `xvfb-run -a -s "-screen 0 1920x1200x24"`);
# the generated photos are kept in $TMPDIR/shadelab-bench-app-memory-SIZE for the next run.
build=$(cd "${1:?usage: bench-app-memory.sh BUILD-DIR [COUNT [SIZE [DWELL [ZOOM_EVERY [DISTINCT]]]]]}" && pwd)
count=${2:-200}
size=${3:-6000x4000}
dwell_ms=${4:-300}
zoom_every=${5:-20}
distinct=${6:-20}
app=$build/app/shadelab
cli=$build/app/shadelab-cli

. "$(dirname "${BASH_SOURCE[0]}")/../lib/session.sh"
session_start bench-app-memory xdotool

cache=${TMPDIR:-/tmp}/shadelab-bench-app-memory-$size
if [ ! -f "$cache/done-$distinct" ]; then
  rm -rf "$cache"
  "$cli" generate "$cache" --count "$distinct" --size "$size" >/dev/null || fail "shadelab-cli generate failed"
  rm -f "$cache/truth.json"
  touch "$cache/done-$distinct"
fi
mkdir -p "$work/photos"
i=0
while [ "$i" -lt "$count" ]; do
  for photo in "$cache"/synth-*.jpg; do
    [ "$i" -lt "$count" ] || break
    copy=$work/photos/photo-$(printf '%05d' "$i").jpg
    cp "$photo" "$copy"
    printf 'copy %d' "$i" >>"$copy"   # after the JPEG's end: decoders ignore it, the content hash does not
    i=$((i + 1))
  done
done
project=$work/memory.shadelab
"$cli" init "$project" >/dev/null || fail "shadelab-cli init failed"
echo "importing $count photos of $size..." >&2
"$cli" import --quiet "$project" "$work/photos" >/dev/null || fail "shadelab-cli import failed"

launch_app "$project"
window=$(find_window 'memory')
timeout 10 xdotool windowsize --sync "$window" 1600 1000 2>/dev/null || true
focus_window "$window" "the labeling window"
sleep 2
dwell=$(awk -v ms="$dwell_ms" 'BEGIN { printf "%.3f", ms / 1000 }')
for n in $(seq 1 $((count - 1))); do
  if [ "$zoom_every" -gt 0 ] && [ $((n % zoom_every)) = 0 ]; then
    xdotool key --window "$window" ctrl+1
    sleep "$dwell"
    xdotool key --window "$window" ctrl+0
  fi
  xdotool key --window "$window" d
  sleep "$dwell"
  kill -0 "$pid" 2>/dev/null || fail "shadelab exited at photo $n"
done
sleep 1
# SHADELAB_BENCH_SCREENSHOT=FILE: the window at the end, to see that it reached the last photo.
[ -z "${SHADELAB_BENCH_SCREENSHOT:-}" ] || screenshot_window "$SHADELAB_BENCH_SCREENSHOT" "$window"
peak=$(awk '/^VmHWM:/ { printf "%.0f", $2 / 1024 }' "/proc/$pid/status")
now=$(awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$pid/status")
echo "shadelab flipped through $count photos of $size ($distinct distinct images, $dwell_ms ms each, 1:1 zoom every ${zoom_every}th): peak resident memory (VmHWM) $peak MiB, at the end $now MiB"
