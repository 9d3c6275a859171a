#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# test-cli-face-export.sh CLI EXPORT-FIXTURE TRYON-FIXTURE: `shadelab-cli face export` writes the face photos of
# participants who consented, and only theirs, as COCO and CSV whose polygons, boxes and areas match the
# stored lips; `face import-polygons` reads that COCO back into a copy whose lips were cleared (within 0.5 px),
# maps a landmark model's category names, and refuses an ambiguous name, an RLE mask, a malformed polygon or
# lips outside the photo with a message naming the element, changing nothing.
set -eu
cli=$1
export_fixture=$2
tryon_fixture=$3

first_failure_ends=1
. "$(dirname "$0")/../lib/cli-checks.sh"

project=$("$export_fixture" photos "$work")
"$tryon_fixture" "$work/bare.jpg" jpeg display-p3 6 6 open >"$work/poly.txt"
"$tryon_fixture" "$work/worn.png" png srgb 1 6 >/dev/null
mkdir "$work/other"
cp "$work/bare.jpg" "$work/other/bare.jpg"
lips=$(sed -n 1p "$work/poly.txt")
opening=$(sed -n 2p "$work/poly.txt")

"$cli" participant add "$project" --code P-001 --mst 6 --consent >/dev/null
"$cli" participant add "$project" --code P-002 --mst 3 >/dev/null
"$cli" face add "$project" --participant P-001 --bare "$work/bare.jpg" >/dev/null
"$cli" face add "$project" --participant P-001 --worn 'LIP/RED 01' "$work/worn.png" >/dev/null
"$cli" face add "$project" --participant P-002 --bare "$work/other/bare.jpg" >/dev/null
"$cli" polygon set "$project" 1 --outer "$lips" --opening "$opening" >/dev/null
"$cli" polygon set "$project" 2 --outer '100,150,320.25,120.5,540,160,330,260.75' >/dev/null
"$cli" polygon set "$project" 3 --outer "$lips" >/dev/null
for id in 1 2 3; do "$cli" polygon show "$project" $id >"$work/lips-$id.txt"; done

# ---- export: only who consented ----
"$cli" face export "$project" --format coco --out "$work/coco" >"$work/coco.txt"
grep -q "2 face photos of 1 participant and 3 polygons" "$work/coco.txt" || fail "coco summary: $(cat "$work/coco.txt")"
grep -q "1 participant without consent left out" "$work/coco.txt" || fail "coco summary: $(cat "$work/coco.txt")"
"$cli" face export "$project" --format csv --out "$work/csv" --consented-only >/dev/null
if grep -q 'P-002' "$work/coco/annotations/faces.json" "$work/csv/faces.csv"; then
  fail "a participant without consent was exported"
fi
python3 - "$work/coco" "$work/csv/faces.csv" "$work/lips-1.txt" "$work/lips-2.txt" <<'PY'
import csv, json, os, sys
out, csv_path = sys.argv[1], sys.argv[2]

def points(line):
    v = [float(x) for x in line.split(",")]
    return [(v[i], v[i + 1]) for i in range(0, len(v), 2)]

stored = {}
for face_id, path in ((1, sys.argv[3]), (2, sys.argv[4])):
    lines = open(path).read().split("\n")
    stored[(face_id, "outer")] = points(lines[0])
    if lines[1]:
        stored[(face_id, "opening")] = points(lines[1])

def shoelace(p):
    return abs(sum(p[i][0] * p[(i + 1) % len(p)][1] - p[(i + 1) % len(p)][0] * p[i][1] for i in range(len(p)))) / 2

def same(got, want, tolerance):
    return len(got) == len(want) and all(abs(g[0] - w[0]) <= tolerance and abs(g[1] - w[1]) <= tolerance
                                         for g, w in zip(got, want))

coco = json.load(open(os.path.join(out, "annotations", "faces.json")))
images = coco["images"]
assert [i["id"] for i in images] == [1, 2], images
assert [c["name"] for c in coco["categories"]] == ["lips", "mouth-opening"], coco["categories"]
assert [c["id"] for c in coco["categories"]] == [1, 2], coco["categories"]
for image in images:
    path = os.path.normpath(os.path.join(out, image["file_name"]))
    assert not os.path.isabs(image["file_name"]) and os.path.isfile(path), image
    assert (image["width"], image["height"]) == (640, 400), image
face = {i["id"]: i["shadelab_face"] for i in images}
assert face[1] == {"participant": "P-001", "mst": 6, "kind": "bare", "sku": None}, face
assert face[2] == {"participant": "P-001", "mst": 6, "kind": "worn", "sku": "LIP/RED 01"}, face
anns = coco["annotations"]
assert [a["id"] for a in anns] == [1, 2, 3], anns
role = {1: "outer", 2: "opening"}
seen = set()
for a in anns:
    face_id = next(i["shadelab_face_photo_id"] for i in images if i["id"] == a["image_id"])
    key = (face_id, role[a["category_id"]])
    seen.add(key)
    seg = a["segmentation"]
    assert len(seg) == 1, a
    got = [(seg[0][i], seg[0][i + 1]) for i in range(0, len(seg[0]), 2)]
    want = stored[key]
    assert same(got, want, 1e-6), key
    xs, ys = [p[0] for p in want], [p[1] for p in want]
    x, y, w, h = a["bbox"]
    assert abs(x - min(xs)) < 1e-6 and abs(y - min(ys)) < 1e-6, a["bbox"]
    assert abs(x + w - max(xs)) < 1e-5 and abs(y + h - max(ys)) < 1e-5, a["bbox"]
    assert 0 <= x and 0 <= y and x + w <= 640 and y + h <= 400, a["bbox"]
    assert abs(a["area"] - shoelace(want)) <= 1e-5 * max(1, shoelace(want)), (a["area"], shoelace(want))
    assert a["iscrowd"] == 0
assert seen == set(stored), (seen, set(stored))
# The opening's area is its own, smaller than the lips'.
areas = {role[a["category_id"]]: a["area"] for a in anns if a["image_id"] == 1}
assert 0 < areas["opening"] < areas["outer"], areas

raw = open(csv_path, newline="").read()
assert raw.startswith("image,width,height,participant,mst,kind,sku,role,points\r\n"), raw[:80]
rows = list(csv.DictReader(open(csv_path, newline="")))
assert [(r["participant"], r["kind"], r["sku"], r["role"]) for r in rows] == [
    ("P-001", "bare", "", "outer"), ("P-001", "bare", "", "opening"), ("P-001", "worn", "LIP/RED 01", "outer")], rows
for r, key in zip(rows, [(1, "outer"), (1, "opening"), (2, "outer")]):
    got = [tuple(float(v) for v in pair.split(" ")) for pair in r["points"].split(";")]
    assert same(got, stored[key], 1e-6), key
    assert os.path.isfile(os.path.join(os.path.dirname(csv_path), r["image"])), r["image"]
PY

# ---- round trip: into a copy with its lips cleared ----
copy="$work/copy.shadelab"
python3 - "$project" "$copy" <<'PY'
import sqlite3, sys
src = sqlite3.connect(sys.argv[1])
dst = sqlite3.connect(sys.argv[2])
src.backup(dst)
dst.execute("DELETE FROM lip_polygons")
dst.commit()
PY
"$cli" face import-polygons "$copy" "$work/coco/annotations/faces.json" >"$work/import.txt"
grep -q "lips of 2 face photos from 3 polygons" "$work/import.txt" || fail "import summary: $(cat "$work/import.txt")"
for id in 1 2; do
  "$cli" polygon show "$copy" $id >"$work/copy-$id.txt"
  python3 - "$work/lips-$id.txt" "$work/copy-$id.txt" <<'PY'
import sys
a, b = (open(p).read().split("\n") for p in sys.argv[1:3])
for la, lb in zip(a[:2], b[:2]):
    va = [float(v) for v in la.split(",")] if la else []
    vb = [float(v) for v in lb.split(",")] if lb else []
    assert len(va) == len(vb) and all(abs(x - y) <= 0.5 for x, y in zip(va, vb)), (la[:60], lb[:60])
PY
done
[ -z "$("$cli" polygon show "$copy" 3 | tr -d '\n')" ] || fail "the photo of a participant without consent got lips"

# ---- a landmark model's names, matched by file name ----
cat >"$work/model.json" <<'JSON'
{"images": [{"id": 7, "file_name": "predictions/worn.png", "width": 640, "height": 400},
            {"id": 8, "file_name": "predictions/nobody.jpg"}],
 "categories": [{"id": 3, "name": "Outer"}, {"id": 4, "name": "opening"}, {"id": 5, "name": "nose"}],
 "annotations": [{"image_id": 7, "category_id": 3, "segmentation": [[110, 150, 300, 130, 520, 170, 320, 250]]},
                 {"image_id": 8, "category_id": 3, "segmentation": [[10, 10, 60, 10, 30, 40]]},
                 {"image_id": 7, "category_id": 4, "segmentation": [[250, 180, 390, 180, 320, 200]]},
                 {"image_id": 7, "category_id": 5, "segmentation": [[1, 1, 5, 1, 3, 4]]}]}
JSON
"$cli" face import-polygons "$copy" "$work/model.json" >"$work/model.txt" 2>"$work/model-err.txt"
grep -q "lips of 1 face photo from 2 polygons (1 of other categories left out), 1 warning" "$work/model.txt" \
  || fail "model summary: $(cat "$work/model.txt")"
grep -q 'images\[1\]: "predictions/nobody.jpg" is no face photo of the project' "$work/model-err.txt" \
  || fail "the unmatched image's warning: $(cat "$work/model-err.txt")"
[ "$("$cli" polygon show "$copy" 2)" = "$(printf '110,150,300,130,520,170,320,250\n250,180,390,180,320,200')" ] \
  || fail "the model's polygons: $("$cli" polygon show "$copy" 2)"

# ---- refused whole, naming the element ----
for id in 1 2 3; do "$cli" polygon show "$copy" $id; done >"$work/lips-before.txt"
refuse () {
  # $1: what the message says; stdin: the file
  cat >"$work/bad.json"
  expect_status 1 "$cli" face import-polygons "$copy" "$work/bad.json"
  expect_message "$1"
}
refuse 'face photo 1 (bare.jpg) or 3 (other/bare.jpg)' <<'JSON'
{"images": [{"id": 1, "file_name": "elsewhere/bare.jpg"}], "categories": [{"id": 1, "name": "lips"}],
 "annotations": [{"image_id": 1, "category_id": 1, "segmentation": [[10, 10, 60, 10, 30, 40]]}]}
JSON
refuse 'annotations\[0\].segmentation: RLE' <<'JSON'
{"images": [{"id": 1, "file_name": "worn.png"}], "categories": [{"id": 1, "name": "lips"}],
 "annotations": [{"image_id": 1, "category_id": 1, "segmentation": {"counts": "abc", "size": [400, 640]}}]}
JSON
refuse 'annotations\[1\].segmentation: a polygon needs at least three' <<'JSON'
{"images": [{"id": 1, "file_name": "worn.png"}, {"id": 2, "file_name": "bare.jpg"}],
 "categories": [{"id": 1, "name": "lips"}],
 "annotations": [{"image_id": 2, "category_id": 1, "segmentation": [[10, 10, 60, 10, 30, 40]]},
                 {"image_id": 1, "category_id": 1, "segmentation": [[10, 10, 60, 10, 30]]}]}
JSON
refuse 'images\[0\] "worn.png": .*not inside the photo' <<'JSON'
{"images": [{"id": 1, "file_name": "worn.png"}], "categories": [{"id": 1, "name": "lips"}],
 "annotations": [{"image_id": 1, "category_id": 1, "segmentation": [[10, 10, 900, 10, 30, 40]]}]}
JSON
refuse 'images\[0\]: .*400x640 here but face photo 2 is 640x400' <<'JSON'
{"images": [{"id": 1, "file_name": "worn.png", "width": 400, "height": 640}], "categories": [],
 "annotations": []}
JSON
refuse 'annotations\[1\]: image 1 already has its lips in annotations\[0\]' <<'JSON'
{"images": [{"id": 1, "file_name": "worn.png"}], "categories": [{"id": 1, "name": "lips"}],
 "annotations": [{"image_id": 1, "category_id": 1, "segmentation": [[10, 10, 60, 10, 30, 40]]},
                 {"image_id": 1, "category_id": 1, "segmentation": [[10, 10, 60, 10, 30, 40]]}]}
JSON
refuse 'byte offset' <<'JSON'
{"images": [
JSON
for id in 1 2 3; do "$cli" polygon show "$copy" $id; done >"$work/lips-after.txt"
cmp -s "$work/lips-before.txt" "$work/lips-after.txt" || fail "a refused file changed the lips"

expect_status 2 "$cli" face export "$project" --out "$work/x"
expect_status 2 "$cli" face export "$project" --format voc --out "$work/x"
expect_status 2 "$cli" face export "$project" --format coco
expect_status 2 "$cli" face import-polygons "$copy"
expect_status 1 "$cli" face import-polygons "$copy" "$work/missing.json"
echo "cli-face-export: ok"
