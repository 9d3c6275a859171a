#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# test-skin-tone-e2e.sh: a participant's Monk Skin Tone in the real shadelab under X with real input. On a
# project with one participant (MST 2) and a generated face photo (no real face) whose skin is MST 7, in
# Display P3, it opens Participants… (Ctrl+Shift+M), picks the participant and the photo with the pointer,
# clicks the first swatch and picks MST 4 with the keys (Right, End, 4), saves with Ctrl+S; then clicks
# Measure Skin Tone, drags a box on the cheek and takes the proposed tone with Return; M and a box on the lips,
# whose proposal Escape declines (the window stays). It kills the app with
# SIGKILL and checks the SQLite file after each step: MST 4 after the save, MST 7 after Return, and the patch
# measured where it was dragged.
#
# Usage: test-skin-tone-e2e.sh SHADELAB SHADELAB-CLI TRYON-FIXTURE. Exits 77 (skipped) without an X display.
. "$(dirname "${BASH_SOURCE[0]}")/../lib/session.sh"
. "$(dirname "${BASH_SOURCE[0]}")/../lib/participants-session.sh"

app=$1
cli=$2
fixture=$3

session_start --kill --debug-geometry tone sqlite3

participant_project "$work/tone.shadelab" "$fixture" "$work/face.png" 2 png display-p3 1 7
stored_mst () { sqlite3 "$project" "SELECT mst FROM participants WHERE code = 'P-001'"; }

open_participants tone
open_first_face 640x400

# A click on the first swatch picks MST 1 and gives the row the keys; they move the pick from there.
face_geometry 'mst1=[0-9]'
click_at "$mst1_xy"
for key in Right End 4; do
  xdotool key --window "$pwid" --clearmodifiers "$key"
  sleep 0.2
done
[ "$(stored_mst)" = 2 ] || fail "picking a tone stored it before Save"
xdotool key --window "$pwid" --clearmodifiers ctrl+s
sleep 0.5
[ "$(stored_mst)" = 4 ] || fail "MST 4 picked with the keys and saved is stored as $(stored_mst)"
echo "ok: MST 4 picked with Right, End, 4 and saved with Ctrl+S"

# Measure Skin Tone, then a box dragged on the cheek (image 40,40 to 120,100, away from the mouth).
click_at "$measure_xy"
drag_to "$(to_window 40 40)" "$(to_window 120 100)"
grep -q 'skin patch .* of face photo 1: #[0-9a-f]*, nearest MST 7' "$log" ||
  fail "the patch dragged on the cheek did not propose MST 7"
patch=$(grep -o 'skin patch [0-9]*,[0-9]* [0-9]*x[0-9]*' "$log" | tail -n 1)
read -r px py pw ph < <(sed -E 's/skin patch ([0-9]+),([0-9]+) ([0-9]+)x([0-9]+)/\1 \2 \3 \4/' <<<"$patch")
# Where it was dragged, within a window pixel at the zoom shown.
tolerance=$(awk -v z="$zoom" 'BEGIN { print int(1 / z + 1.5) }')
for pair in "$px 40" "$py 40" "$((px + pw)) 120" "$((py + ph)) 100"; do
  set -- $pair
  [ $(( $1 > $2 ? $1 - $2 : $2 - $1 )) -le "$tolerance" ] || fail "the patch measured ($patch) is not the one dragged"
done
[ "$(stored_mst)" = 4 ] || fail "a proposed tone was stored before it was taken"
xdotool key --window "$pwid" --clearmodifiers Return
sleep 0.5
grep -q 'participant P-001: MST 7 stored from a measured patch' "$log" || fail "Return did not take the proposed tone"

# M (the canvas has the keys again) and another box, on the lips this time: Escape declines what it proposes,
# the window stays and the stored tone with it.
xdotool key --window "$pwid" --clearmodifiers m
sleep 0.3
drag_to "$(to_window 280 230)" "$(to_window 360 260)"
[ "$(grep -c 'skin patch .* of face photo 1:' "$log")" -eq 2 ] || fail "M and a second box measured no second patch"
xdotool key --window "$pwid" --clearmodifiers Escape
sleep 0.5
xdotool search --onlyvisible --name '^Participants – tone$' >/dev/null ||
  fail "Escape on the proposal closed the window"
[ "$(grep -c 'stored from a measured patch' "$log")" -eq 1 ] || fail "Escape took the proposed tone"

sleep 0.3
kill_app_checked
[ "$(stored_mst)" = 7 ] || fail "after Return and SIGKILL the project holds MST $(stored_mst), not 7"
echo "ok: $(grep -o 'skin patch .*' "$log" | head -n 1); MST 7 taken with Return survives SIGKILL"
