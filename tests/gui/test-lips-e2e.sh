#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# test-lips-e2e.sh: the lip polygon tool in the real shadelab under X with real input. On a project with one
# participant and a generated bare-lip photo it opens Participants… (Ctrl+Shift+M), picks the participant and
# the photo with the pointer, clicks the outer lip contour point by point and closes it with a click on its
# first point, presses O and clicks the mouth opening, closing it with Return, drags one point of the contour
# elsewhere, Alt+clicks an edge (a new point) and deletes it again with Delete. Then it kills the app with
# SIGKILL and checks that the SQLite file holds both polygons where they were clicked (each point within a
# window pixel at the zoom shown) and that `face export --format coco` writes them as `segmentation` with
# their bbox and area.
#
# Where image pixels lie on screen comes from the app itself: with SHADELAB_DEBUG_GEOMETRY=1 the Participants
# window prints the zoom, the window position of image pixel (0, 0) and of its first rows.
#
# Usage: test-lips-e2e.sh SHADELAB SHADELAB-CLI TRYON-FIXTURE. Exits 77 (skipped) without an X display.
. "$(dirname "${BASH_SOURCE[0]}")/../lib/session.sh"

app=$1
cli=$2
fixture=$3

session_start --kill --debug-geometry lips sqlite3 python3

project=$work/lips.shadelab
"$fixture" "$work/bare.png" png srgb 1 6 open >/dev/null || fail "the bare-lip photo was not generated"
"$cli" init "$project" >/dev/null || fail "shadelab-cli init failed"
"$cli" participant add "$project" --code P-001 --mst 6 --consent >/dev/null || fail "participant add failed"
"$cli" face add "$project" --participant P-001 --bare "$work/bare.png" >/dev/null || fail "face add failed"

launch_app "$project"
wid=$(find_window '^lips – Shadelab$')
focus_window "$wid"
xdotool key --window "$wid" --clearmodifiers ctrl+shift+m
pwid=$(find_window '^Participants – lips$')
focus_window "$pwid" "the Participants window"

# face_geometry FIELD-REGEX: waits for a settled geometry line matching it, then sets participant_xy,
# photo_xy, face, zoom, ox, oy from it.
face_geometry ()
{
  local line
  line=$(settled_line "^SHADELAB_FACE_GEOMETRY .*$1" 100)
  [ -n "$line" ] || fail "the Participants window never showed '$1'"
  participant_xy=$(sed -E 's/.* participant=([-0-9.]+,[-0-9.]+) .*/\1/' <<<"$line")
  photo_xy=$(sed -E 's/.* photo=([-0-9.]+,[-0-9.]+) .*/\1/' <<<"$line")
  zoom=$(sed -E 's/.* zoom=([0-9.]+) .*/\1/' <<<"$line")
  ox=$(sed -E 's/.* origin=([-0-9.]+),([-0-9.]+).*/\1/' <<<"$line")
  oy=$(sed -E 's/.* origin=([-0-9.]+),([-0-9.]+).*/\2/' <<<"$line")
}

# click_at X,Y [MODIFIER]: a left click at that window point.
click_at ()
{
  local x=${1%,*} y=${1#*,}
  xdotool mousemove --window "$pwid" "${x%.*}" "${y%.*}"
  sleep 0.15
  if [ -n "${2:-}" ]; then
    xdotool keydown "$2"
    sleep 0.1
  fi
  xdotool click 1
  if [ -n "${2:-}" ]; then
    sleep 0.1
    xdotool keyup "$2"
  fi
  sleep 0.25
}

# to_window IMAGE-X IMAGE-Y: the window pixel over that image point (rounded), as X,Y.
to_window ()
{
  awk -v x="$1" -v y="$2" -v z="$zoom" -v ox="$ox" -v oy="$oy" \
    'BEGIN { printf "%d,%d\n", int(ox + x * z + 0.5), int(oy + y * z + 0.5) }'
}

# to_image X,Y: the image point under that window pixel.
to_image ()
{
  awk -v p="$1" -v z="$zoom" -v ox="$ox" -v oy="$oy" \
    'BEGIN { split(p, w, ","); printf "%.3f,%.3f\n", (w[1] - ox) / z, (w[2] - oy) / z }'
}

face_geometry 'participant=[0-9]'
click_at "$participant_xy"
face_geometry 'photo=[0-9]'
click_at "$photo_xy"
face_geometry 'face=1 size=640x400 .* origin=[0-9]'
echo "face photo 1: zoom $zoom, image origin at $ox,$oy in the window"

# The outer contour around the generated lips (640x400, mouth in the middle) and the opening inside it.
outer_image=(150,205 230,160 320,175 410,160 490,205 410,262 320,280 230,262)
opening_image=(215,208 320,195 425,208 320,225)
outer=()
opening=()
for p in "${outer_image[@]}"; do
  w=$(to_window "${p%,*}" "${p#*,}")
  click_at "$w"
  outer+=("$(to_image "$w")")
done
click_at "$(to_window 150 205)"   # the first point again: closes the contour
grep -q 'lips of face photo 1 stored: 8 outer points, 0 opening points' "$log" ||
  fail "closing the contour with a click on its first point did not store it"

xdotool key --window "$pwid" --clearmodifiers o
sleep 0.3
for p in "${opening_image[@]}"; do
  w=$(to_window "${p%,*}" "${p#*,}")
  click_at "$w"
  opening+=("$(to_image "$w")")
done
xdotool key --window "$pwid" --clearmodifiers Return
sleep 0.5
grep -q 'lips of face photo 1 stored: 8 outer points, 4 opening points' "$log" ||
  fail "Return did not close and store the opening"

# Drag the contour's third point (320,175) up to (320,150).
from=$(to_window 320 175)
to=$(to_window 320 150)
xdotool mousemove --window "$pwid" "${from%,*}" "${from#*,}"
sleep 0.15
xdotool mousedown 1
for i in $(seq 1 8); do
  xdotool mousemove --window "$pwid" "${from%,*}" $(( ${from#*,} + (${to#*,} - ${from#*,}) * i / 8 ))
  sleep 0.03
done
sleep 0.1
xdotool mouseup 1
sleep 0.5
outer[2]=$(to_image "$to")

# Alt+click halfway along the edge from (410,262) to (320,280): a ninth point, then Delete takes it out.
click_at "$(to_window 365 271)" alt
grep -q 'lips of face photo 1 stored: 9 outer points, 4 opening points' "$log" ||
  fail "Alt+click on an edge did not insert a point"
xdotool key --window "$pwid" --clearmodifiers Delete
sleep 0.5
# Stored thrice with 8 and 4 points: the opening closed, the drag, and now the Delete.
[ "$(grep -c 'lips of face photo 1 stored: 8 outer points, 4 opening points' "$log")" -eq 3 ] ||
  fail "Delete did not remove the inserted point"

sleep 0.5
kill -9 "$pid"
wait "$pid" 2>/dev/null || true
pid=

[ "$(sqlite3 "$project" 'PRAGMA integrity_check')" = ok ] || fail "integrity check failed after SIGKILL"
stored=$(sqlite3 -separator ' ' "$project" "SELECT role, points FROM lip_polygons WHERE face_photo_id = 1
                                             ORDER BY role DESC")
echo "lips in the project after SIGKILL:"
sed 's/^/  /' <<<"$stored"

"$cli" face export "$project" --format coco --out "$work/faces" >/dev/null || fail "face export failed"

printf '%s\n' "$stored" >"$work/stored.txt"
python3 - "$zoom" "$work/faces/annotations/faces.json" "${outer[*]}" "${opening[*]}" "$work/stored.txt" <<'PY' ||
import json, sys
zoom, coco_path, outer_text, opening_text, stored_path = sys.argv[1:6]
tolerance = 1 / float(zoom) + 0.01   # one window pixel, in image pixels
want = {"outer": [tuple(map(float, p.split(","))) for p in outer_text.split()],
        "opening": [tuple(map(float, p.split(","))) for p in opening_text.split()]}

def check(name, flat, expected):
    points = list(zip(flat[0::2], flat[1::2]))
    if len(points) != len(expected):
        sys.exit(f"{name}: {len(points)} points stored, {len(expected)} clicked")
    for i, (p, q) in enumerate(zip(points, expected)):
        if abs(p[0] - q[0]) > tolerance or abs(p[1] - q[1]) > tolerance:
            sys.exit(f"{name} point {i}: {p} stored, {q} clicked (tolerance {tolerance:.2f})")

rows = dict(line.split(" ", 1) for line in open(stored_path).read().splitlines())
if set(rows) != {"outer", "opening"}:
    sys.exit(f"expected an outer and an opening polygon, found {sorted(rows)}")
for role in rows:
    check(f"SQLite {role}", json.loads(rows[role]), want[role])

coco = json.load(open(coco_path))
names = {c["id"]: c["name"] for c in coco["categories"]}
annotations = {names[a["category_id"]]: a for a in coco["annotations"]}
for name, role in (("lips", "outer"), ("mouth-opening", "opening")):
    a = annotations[name]
    flat = a["segmentation"][0]
    check(f"COCO {name}", flat, want[role])
    xs, ys = flat[0::2], flat[1::2]
    bbox = [min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)]
    if any(abs(u - v) > 0.01 for u, v in zip(a["bbox"], bbox)):
        sys.exit(f"COCO {name}: bbox {a['bbox']}, the points span {bbox}")
    area = abs(sum(xs[i] * ys[(i + 1) % len(xs)] - xs[(i + 1) % len(xs)] * ys[i] for i in range(len(xs)))) / 2
    if abs(a["area"] - area) > 0.5:
        sys.exit(f"COCO {name}: area {a['area']}, the points enclose {area}")
print(f"ok: {len(want['outer'])} contour and {len(want['opening'])} opening points as clicked, in SQLite and COCO")
PY
  fail "the stored lips do not match what was drawn"
echo "ok: lips drawn with the pointer survive SIGKILL and export to COCO segmentation"
