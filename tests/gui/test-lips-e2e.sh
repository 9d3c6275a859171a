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
. "$(dirname "${BASH_SOURCE[0]}")/../lib/participants-session.sh"

app=$1
cli=$2
fixture=$3

session_start --kill --debug-geometry lips sqlite3 python3

participant_project "$work/lips.shadelab" "$fixture" "$work/bare.png" 6 png srgb 1 6 open
open_participants lips
open_first_face 640x400
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
to=$(to_window 320 150)
drag_to "$(to_window 320 175)" "$to"
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
kill_app_checked
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
