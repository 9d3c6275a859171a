#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# test-keyboard-labeling.sh: the labeling flow with the keyboard alone, in the real shadelab under X with
# xdotool. The pointer is parked in the screen's corner before the app starts and never used again: no
# pointer motion, no clicks. On a generated project (three 1200x900 photos, a detector's box on the second):
#
#   D, A                        next photo and back
#   W                           a default box in the middle of the photo: 225 x 225 at 488, 338
#   Alt+Right x5, Alt+Down x3   right and bottom edges out: 230 x 228
#   Right x2, Up                the box moves: at 490, 337
#   Ctrl+Alt+Left x4            the left edge out: 234 wide at 486
#   Alt+Shift+Down              the bottom edge 10 px out: 238 high
#   2                           class "packaging"
#   Space                       done, on to the next photo
#   Return                      accept the detector's box
#   W, Delete, Ctrl+Z           a box, deleted, and back
#   S                           skip, on to the next photo
#   R, Down, Tab x3, Return     reject with the second reason, through the dialog by keyboard
#
# then kills the app with SIGKILL and checks the boxes and statuses in the SQLite file, to the pixel.
#
# Usage: test-keyboard-labeling.sh SHADELAB SHADELAB-CLI OUTPUT-DIR. Exits 77 (skipped) without an X display.
. "$(dirname "${BASH_SOURCE[0]}")/../lib/session.sh"

app=$1
cli=$2
out_dir=$3

session_start --kill --debug-geometry keyboard sqlite3

project=$work/keys.shadelab
generated_project "$project" 3 1200x900
# A detector's box on the second photo.
second=$(sqlite3 "$project" "SELECT file_name FROM images WHERE id = 2")
cat >"$work/coco.json" <<EOF
{"images": [{"id": 1, "file_name": "$second", "width": 1200, "height": 900}],
 "annotations": [{"image_id": 1, "category_id": 1, "bbox": [300, 200, 400, 500], "score": 0.9}],
 "categories": [{"id": 1, "name": "product"}]}
EOF
"$cli" import-annotations "$project" "$work/coco.json" >/dev/null || fail "shadelab-cli import-annotations failed"

# Set-up, before the run: the pointer out of the way, in the corner of the screen, away from the photo.
xdotool mousemove 0 0

launch_app "$project"

wid=$(find_window '^keys – Shadelab$')
focus_window "$wid"

# shown IMAGE-ID: waits until the canvas shows that photo (the app prints a geometry line when it does).
shown ()
{
  local image=$1
  for _ in $(seq 100); do
    if [ "$(grep '^SHADELAB_GEOMETRY ' "$log" | tail -n 1 | sed -E 's/.* image=([0-9]+) .*/\1/')" = "$image" ]; then
      sleep 0.3
      return 0
    fi
    sleep 0.2
  done
  fail "the app never showed photo $image"
}

key ()
{
  xdotool key --window "$wid" --clearmodifiers "$@"
  sleep 0.3
}

repeat_key ()
{
  local n=$1; shift
  for _ in $(seq "$n"); do key "$@"; done
}

shown 1
key d
shown 2
key a
shown 1
key w
repeat_key 5 alt+Right
repeat_key 3 alt+Down
repeat_key 2 Right
key Up
repeat_key 4 ctrl+alt+Left
key alt+shift+Down
key 2
key space
shown 2
key Return
key w
key Delete
key ctrl+z
key s
shown 3
key r
# The dialog is a window of its own: the keys go to it.
dialog=
for _ in $(seq 20); do
  dialog=$(timeout 0.5 xdotool search --onlyvisible --pid "$pid" 2>/dev/null | grep -vx "$wid" | head -n 1) || true
  [ -n "$dialog" ] && break
  sleep 0.2
done
[ -n "$dialog" ] || fail "R showed no reject dialog"
focus_window "$dialog" "the reject dialog"
main_window=$wid
wid=$dialog
sleep 0.3
key Down
repeat_key 3 Tab
key Return
wid=$main_window
sleep 0.8
kill -9 "$pid"
wait "$pid" 2>/dev/null || true
pid=

rows=$(sqlite3 -separator ' ' "$project" \
  "SELECT b.image_id, c.name, b.source, b.accepted, b.x, b.y, b.w, b.h FROM boxes b
   JOIN box_classes c ON c.id = b.class_id ORDER BY b.image_id, b.id")
statuses=$(sqlite3 -separator ' ' "$project" "SELECT id, status, coalesce(status_reason, '-') FROM images ORDER BY id")
echo "boxes after SIGKILL:"
sed 's/^/  /' <<<"$rows"
echo "statuses:"
sed 's/^/  /' <<<"$statuses"

expected_rows="1 packaging human 0 486.0 337.0 234.0 238.0
2 product model 1 300.0 200.0 400.0 500.0
2 packaging human 0 488.0 338.0 225.0 225.0"
expected_statuses="1 labeled -
2 skipped -
3 rejected Blurred or out of focus"

# sqlite3 prints REAL columns with a decimal point; normalise integers stored as such.
normalised=$(awk '{ for (i = 5; i <= 8; i++) $i = sprintf("%.1f", $i); print }' <<<"$rows")
[ "$normalised" = "$expected_rows" ] || fail "boxes differ; expected:
$expected_rows"
[ "$statuses" = "$expected_statuses" ] || fail "statuses differ; expected:
$expected_statuses"
echo "PASS: the labeling flow by keyboard alone stored exactly the expected boxes and statuses"
