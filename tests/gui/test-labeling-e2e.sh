#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# test-labeling-e2e.sh: the real shadelab under X with real input. On a generated project it drags a box
# with the mouse, presses 2 (packaging: the selected box changes class), D (next photo), drags two more
# boxes and undoes the last with Ctrl+Z, then kills the app with SIGKILL and checks in the SQLite file that
# exactly the expected boxes are there, each within a pixel (at the zoom shown) of where it was dragged.
#
# Where image pixels lie on screen comes from the app itself: with SHADELAB_DEBUG_GEOMETRY=1 it prints the
# zoom and the window position of image pixel (0, 0) whenever they change.
#
# Usage: test-labeling-e2e.sh SHADELAB SHADELAB-CLI OUTPUT-DIR. Exits 77 (skipped) without an X display.
. "$(dirname "${BASH_SOURCE[0]}")/../lib/session.sh"

app=$1
cli=$2
out_dir=$3

session_start --kill --debug-geometry e2e sqlite3 awk

project=$work/e2e.shadelab
generated_project "$project" 3 1200x900

launch_app "$project"

wid=$(find_window '^e2e – Shadelab$')
focus_window "$wid"

# geometry IMAGE-ID: waits until the app shows that photo with a settled layout, then sets zoom, ox, oy
# (window coordinates of image pixel 0, 0) from its last geometry line.
geometry ()
{
  local image=$1 line
  line=$(settled_line "^SHADELAB_GEOMETRY image=$image " 100)
  [ -n "$line" ] || fail "the app never showed photo $image"
  zoom=$(sed -E 's/.* zoom=([0-9.]+) .*/\1/' <<<"$line")
  ox=$(sed -E 's/.* origin=([-0-9.]+),([-0-9.]+) .*/\1/' <<<"$line")
  oy=$(sed -E 's/.* origin=([-0-9.]+),([-0-9.]+) .*/\2/' <<<"$line")
  echo "photo $image: zoom $zoom, image origin at $ox,$oy in the window"
}

# to_window IMAGE-X IMAGE-Y: the window pixel over that image point (rounded).
to_window ()
{
  awk -v x="$1" -v y="$2" -v z="$zoom" -v ox="$ox" -v oy="$oy" \
    'BEGIN { printf "%d %d\n", int(ox + x * z + 0.5), int(oy + y * z + 0.5) }'
}

# drag IX0 IY0 IX1 IY1: a left-button drag between two image points, in steps like a hand would; sets
# expected "x y w h" in image pixels from the window pixels actually used.
drag ()
{
  local from to wx0 wy0 wx1 wy1 steps=12
  read -r wx0 wy0 < <(to_window "$1" "$2")
  read -r wx1 wy1 < <(to_window "$3" "$4")
  xdotool mousemove --window "$wid" "$wx0" "$wy0"
  sleep 0.1
  xdotool mousedown 1
  for i in $(seq 1 $steps); do
    xdotool mousemove --window "$wid" $((wx0 + (wx1 - wx0) * i / steps)) $((wy0 + (wy1 - wy0) * i / steps))
    sleep 0.02
  done
  sleep 0.1
  xdotool mouseup 1
  sleep 0.5
  expected=$(awk -v x0="$wx0" -v y0="$wy0" -v x1="$wx1" -v y1="$wy1" -v z="$zoom" -v ox="$ox" -v oy="$oy" \
    'BEGIN { printf "%.3f %.3f %.3f %.3f\n", (x0 - ox) / z, (y0 - oy) / z, (x1 - x0) / z, (y1 - y0) / z }')
}

key ()
{
  xdotool key --window "$wid" --clearmodifiers "$@"
  sleep 0.4
}

geometry 1
drag 200 150 700 600
box_a=$expected
key 2
key d
geometry 2
drag 300 200 800 700
box_b=$expected
drag 100 100 250 300
key ctrl+z
# Give the last write a moment to reach the disk, then pull the plug.
sleep 0.5
kill -9 "$pid"
wait "$pid" 2>/dev/null || true
pid=

rows=$(sqlite3 -separator ' ' "$project" \
  "SELECT b.image_id, c.name, b.source, b.x, b.y, b.w, b.h FROM boxes b JOIN box_classes c ON c.id = b.class_id
   ORDER BY b.image_id, b.id")
echo "boxes in the project after SIGKILL:"
sed 's/^/  /' <<<"$rows"
[ "$(wc -l <<<"$rows")" -eq 2 ] || fail "expected exactly 2 boxes, found: $rows"

# check ROW IMAGE CLASS EXPECTED: same photo and class, each edge within a window pixel of the drag.
check ()
{
  local row=$1 image=$2 class=$3 want=$4
  awk -v row="$row" -v image="$image" -v class="$class" -v want="$want" -v z="$zoom" '
    BEGIN {
      split(row, r, " "); split(want, w, " ")
      if (r[1] != image || r[2] != class || r[3] != "human") { print "wrong box: " row; exit 1 }
      tolerance = 1 / z + 0.5   # one window pixel in image pixels, plus the snap to whole pixels
      for (i = 1; i <= 4; i++) {
        d = r[i + 3] - w[i]; if (d < 0) d = -d
        if (d > tolerance) { printf "%s: %s off by %.2f (tolerance %.2f), expected %s\n", row, i, d, tolerance, want; exit 1 }
      }
    }' || fail "box on photo $image does not match the drag"
}
check "$(sed -n 1p <<<"$rows")" 1 packaging "$box_a"
check "$(sed -n 2p <<<"$rows")" 2 packaging "$box_b"

# Reopened, the project is intact.
[ "$(sqlite3 "$project" 'PRAGMA integrity_check')" = ok ] || fail "integrity check failed after SIGKILL"
echo "ok: 2 boxes stored where they were dragged (zoom $zoom), undo and class keys applied, nothing lost to SIGKILL"
