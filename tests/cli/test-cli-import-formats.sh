#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# test-cli-import-formats.sh: `import-annotations` reads ground truth from COCO, Pascal VOC, YOLO, labelme and
# CVAT files written by hand after each format's specification (tests/cli/import-data/), box by box; imports
# nothing twice; takes a sixth YOLO column and COCO scores as predictions; --as overrides; a file name two photos
# share is an error naming both; malformed files change nothing and name their line or element; and a project's
# COCO, VOC and YOLO export imported into an empty project gives back its boxes within 0.5 px.
#
# Usage: test-cli-import-formats.sh SHADELAB-CLI IMPORT-DATA-DIR
set -euo pipefail

cli=$1
data=$2
. "$(dirname "$0")/../lib/cli-checks.sh"

# Five 320x240 photos (synth-0002 is a TIFF), and a copy of the hand-written files beside them.
"$cli" generate "$work/photos" --count 5 --size 320x240 >/dev/null
cp -r "$data"/. "$work/"
mkdir -p "$work/yolo/images/train" "$work/yolo-predictions/images/val"
ln -s ../../../photos/synth-0003.jpg "$work/yolo/images/train/synth-0003.jpg"
cp "$work/photos/synth-0001.jpg" "$work/yolo-predictions/images/val/"

new_project () {
  "$cli" init "$work/$1" >/dev/null
  "$cli" import -q "$work/$1.shadelab" "$work/photos" >/dev/null
}

# Every box as "file class x y w h source score occluded truncated difficult status", in id order.
boxes () {
  python3 - "$1" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for row in db.execute("SELECT i.file_name, c.name, b.x, b.y, b.w, b.h, b.source, b.score, b.occluded, b.truncated,"
                      " b.difficult, i.status FROM boxes b JOIN images i ON i.id = b.image_id"
                      " JOIN box_classes c ON c.id = b.class_id ORDER BY b.id"):
    print("|".join("%g" % v if isinstance(v, float) else str(v) for v in row))
PY
}

# The project's rows (SQLite's planner statistics, which closing a project refreshes, left out).
dump () {
  python3 -c 'import sqlite3,sys; print("\n".join(l for l in sqlite3.connect(sys.argv[1]).iterdump() if "sqlite_stat" not in l and "ANALYZE" not in l))' "$1"
}

# --- ground truth, each format ---
new_project gt
p=$work/gt.shadelab
expect 0 "" -- import-annotations "$p" "$work/coco-ground-truth.json"
grep -q 'Added 2 human boxes from COCO to 1 image (0 already there, 1 new photo marked labeled)' "$work/out" \
  || fail "COCO ground truth: $(cat "$work/out")"
grep -q 'New box classes: "lid"' "$work/out" || fail "the new class lid is not reported"
expect 0 "" -- import-annotations "$p" "$work/voc"
expect 0 "" -- import-annotations "$p" "$work/yolo"
grep -q 'from YOLO' "$work/out" || fail "YOLO not detected: $(cat "$work/out")"
expect 0 "point has no area" -- import-annotations "$p" "$work/labelme"
grep -q 'synth-0004.json: shapes\[2\]' "$work/err" || fail "the labelme warning does not name the file and shape"
expect 0 "line 21: <polyline>" -- import-annotations "$p" "$work/cvat.xml"
boxes "$p" >"$work/boxes.txt"
cat >"$work/expected.txt" <<'TXT'
synth-0001.jpg|product|10.5|20.25|100|80|human|None|0|0|0|labeled
synth-0001.jpg|lid|200|10|50|40|human|None|0|0|0|labeled
synth-0002.tif|product|10|20|100|80|human|None|0|0|1|labeled
synth-0002.tif|packaging|200|0|120|240|human|None|0|1|0|labeled
synth-0003.jpg|product|120|60|80|120|human|None|0|0|0|labeled
synth-0003.jpg|cap, gold|32|24|32|48|human|None|0|0|0|labeled
synth-0004.jpg|product|10|20|40|40|human|None|0|0|0|labeled
synth-0004.jpg|lid|100|100|50|60|human|None|0|0|0|labeled
synth-0005.jpg|product|1.5|2.5|50|40|human|None|1|0|0|labeled
synth-0005.jpg|packaging|10|10|50|40|human|None|0|0|0|labeled
TXT
diff -u "$work/expected.txt" "$work/boxes.txt" || fail "the imported boxes differ from the hand-written files"

# Importing again adds nothing.
before=$(dump "$p")
for f in coco-ground-truth.json voc yolo labelme cvat.xml; do
  expect 0 "" -- import-annotations "$p" "$work/$f"
  grep -q 'Added 0 human boxes' "$work/out" || fail "$f imported twice added boxes: $(cat "$work/out")"
done
[ "$(boxes "$p")" = "$(cat "$work/expected.txt")" ] || fail "a second import changed the boxes"

# --- predictions: YOLO's confidence column, --as ---
new_project pred
expect 0 "" -- import-annotations "$work/pred.shadelab" "$work/yolo-predictions"
grep -q 'Added 2 model boxes to 1 image' "$work/out" || fail "YOLO predictions: $(cat "$work/out")"
[ "$(boxes "$work/pred.shadelab")" = "synth-0001.jpg|product|120|60|80|120|model|0.93|0|0|0|new
synth-0001.jpg|packaging|64|48|32|24|model|0.41|0|0|0|new" ] || fail "YOLO predictions: $(boxes "$work/pred.shadelab")"
expect 0 "" -- import-annotations "$work/pred.shadelab" "$work/coco-ground-truth.json" --as predictions
grep -q 'Added 2 model boxes' "$work/out" || fail "--as predictions: $(cat "$work/out")"
expect 0 "" -- import-annotations "$work/pred.shadelab" "$work/yolo-predictions" --as ground-truth
grep -q 'Added 2 human boxes' "$work/out" || fail "--as ground-truth: $(cat "$work/out")"
expect 2 "ground-truth or predictions" -- import-annotations "$work/pred.shadelab" "$work/voc" --as truth

# --- a name two photos share is an error naming both ---
new_project twice
mkdir -p "$work/more"
"$cli" generate "$work/more" --count 1 --size 320x240 --seed 2 >/dev/null
"$cli" import -q "$work/twice.shadelab" "$work/more" >/dev/null
before=$(dump "$work/twice.shadelab")
expect 1 "photos/synth-0001.jpg or .*more/synth-0001.jpg" -- import-annotations "$work/twice.shadelab" \
  "$work/coco-ground-truth.json"
[ "$before" = "$(dump "$work/twice.shadelab")" ] || fail "an ambiguous name changed the project"

# --- malformed files change nothing and name the line or element ---
mkdir -p "$work/bad"
malformed () {   # NAME TEXT EXPECTED-MESSAGE
  printf '%s' "$2" >"$work/bad/$1"
  expect 1 "$3" -- import-annotations "$p" "$work/bad/$1"
  [ "$before" = "$(dump "$p")" ] || fail "$1 changed the project"
}
before=$(dump "$p")
expect_grep=-qF
malformed voc-number.xml '<annotation><filename>synth-0002.tif</filename>
<object><name>product</name>
<bndbox><xmin>1</xmin><ymin>x</ymin><xmax>5</xmax><ymax>5</ymax></bndbox></object></annotation>' \
  'voc-number.xml: line 3: <ymin>: "x" is not a number'
malformed voc-syntax.xml '<annotation><filename>a.jpg</filename>
<object></annotation>' 'voc-syntax.xml: Error on line 2'
malformed voc-order.xml '<annotation><filename>a.jpg</filename><object><name>p</name><bndbox><xmin>9</xmin>
<ymin>1</ymin><xmax>5</xmax><ymax>5</ymax></bndbox></object></annotation>' 'voc-order.xml: line 1: <bndbox>: xmax must not be below xmin'
malformed cvat-box.xml '<annotations><version>1.1</version>
<image id="0" name="synth-0005.jpg" width="320" height="240">
<box label="product" xtl="1" ytl="2" xbr="0.5" ybr="9"/></image></annotations>' \
  'cvat-box.xml: line 3: <box>: xbr must be above xtl'
malformed cvat-video.xml '<annotations><track id="0" label="product"/></annotations>' \
  'cvat-video.xml: line 1: <track>: CVAT for video'
malformed labelme-points.json '{"imagePath": "synth-0004.jpg", "shapes": [{"label": "product", "points": [[1, 2]],
 "shape_type": "rectangle"}]}' 'labelme-points.json: shapes[0]: a rectangle has two points, not 1'
malformed labelme-syntax.json '{"imagePath": "synth-0004.jpg", "shapes": [' 'labelme-syntax.json: byte offset'
malformed coco-bbox.json '{"images": [{"id": 1, "file_name": "synth-0001.jpg", "width": 320, "height": 240}],
"categories": [{"id": 1, "name": "product"}], "annotations": [{"image_id": 1, "category_id": 1, "bbox": [1, 1, 0, 2]}]}' \
  'coco-bbox.json: annotations[0]: "bbox" width and height must be above zero'
malformed other.txt 'hello' 'other.txt: neither JSON (COCO, labelme) nor XML'
# A YOLO dataset whose second label file is wrong: its first changes nothing either.
mkdir -p "$work/bad-yolo/labels/train" "$work/bad-yolo/images/train"
cp "$work/yolo/data.yaml" "$work/bad-yolo/"
ln -s ../../../photos/synth-0003.jpg "$work/bad-yolo/images/train/synth-0003.jpg"
ln -s ../../../photos/synth-0004.jpg "$work/bad-yolo/images/train/synth-0004.jpg"
printf '0 0.5 0.5 0.1 0.1\n' >"$work/bad-yolo/labels/train/synth-0003.txt"
printf '0 0.5 0.5 0.1 0.1\n2 0.5 0.5 0.1 0.1\n' >"$work/bad-yolo/labels/train/synth-0004.txt"
expect 1 'labels/train/synth-0004.txt: line 2: class "2" is not one of 0 to 1' -- import-annotations "$p" "$work/bad-yolo"
printf '0 0.5 0.5 0.1\n' >"$work/bad-yolo/labels/train/synth-0004.txt"
expect 1 'labels/train/synth-0004.txt: line 1: 4 fields' -- import-annotations "$p" "$work/bad-yolo"
printf '# SPDX\nnames:\n  0: product\n  oops\n' >"$work/bad-yolo/data.yaml"
expect 1 'data.yaml: line 4: names: "oops" is neither' -- import-annotations "$p" "$work/bad-yolo"
printf 'nc: 3\nnames: [a, b]\n' >"$work/bad-yolo/data.yaml"
expect 1 'data.yaml: nc is 3 but names lists 2 classes' -- import-annotations "$p" "$work/bad-yolo"
[ "$before" = "$(dump "$p")" ] || fail "a malformed YOLO dataset changed the project"
expect_grep=-qiE

# --- round trip: export, then import into an empty project ---
for format in coco voc yolo; do
  expect 0 "" -- export "$p" --format "$format" --out "$work/export-$format" --split 1,0,0
  new_project "round-$format"
  expect 0 "" -- import-annotations "$work/round-$format.shadelab" "$work/export-$format"
  python3 - "$p" "$work/round-$format.shadelab" "$format" <<'PY' || fail "$format round trip"
import sqlite3, sys
def rows(path):
    db = sqlite3.connect(path)
    return sorted(db.execute("SELECT i.file_name, c.name, b.x, b.y, b.w, b.h FROM boxes b JOIN images i ON"
                             " i.id = b.image_id JOIN box_classes c ON c.id = b.class_id WHERE b.source = 'human'"))
a, b = rows(sys.argv[1]), rows(sys.argv[2])
assert len(a) == len(b) == 10, (sys.argv[3], len(a), len(b))
for p, q in zip(a, b):
    assert p[:2] == q[:2], (p, q)
    # VOC writes whole pixels: the half-pixel boxes of the hand-written files round.
    assert all(abs(u - v) <= 0.5 for u, v in zip(p[2:], q[2:])), (sys.argv[3], p, q)
PY
done

checks_done "import-annotations reads COCO, VOC, YOLO, labelme and CVAT ground truth"
