#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# test-cli-name-lint.sh: `shadelab-cli name` on known colours, and `shadelab-cli lint` on a clean catalogue
# (nothing found, exit 0) and on one with planted problems (each found, with its SKU and numbers, exit 1).
# The projects are built with the command line (generate, init, import, import-catalog, import-annotations);
# accept-boxes then accepts the predictions and stores their swatches, as a labeler would.
#
# Usage: test-cli-name-lint.sh SHADELAB-CLI ACCEPT-BOXES
set -euo pipefail

cli=$1
accept_boxes=$2
. "$(dirname "$0")/../lib/cli-checks.sh"

# --- name ---
# name_is ARGS -- NUMBER NAME CENTROID COSMETIC: name --json names the colour so.
name_is ()
{
  local args=()
  while [ "$1" != -- ]; do args+=("$1"); shift; done
  shift
  expect 0 '' -- name "${args[@]}" --json
  python3 - "$work/out" "$@" <<'PY' || fail "name ${args[*]}: $(tr -d '\n\t' <"$work/out")"
import json, sys
o = json.load(open(sys.argv[1]))
number, name, centroid, cosmetic = sys.argv[2:]
i, c = o["iscc_nbs"], o["cosmetic"]
assert (i["number"], i["name"], i["centroid"]) == (int(number), name, centroid), i
assert isinstance(i["delta_e"], (int, float)) and i["delta_e"] >= 0
assert c["name"] == cosmetic, c
assert c["name"] == " ".join((c["depth"], c["undertone"], c["family"])), c
PY
}

name_is --color '#841b2d' -- 13 "Deep Red" "#841b2d" "deep cool red"
name_is --color '#FFB5BA' -- 1 "Vivid Pink" "#ffb5ba" "fair cool pink"
name_is --color '#222222' -- 267 Black "#222222" "deep neutral other"
name_is --color 6f4e37 -- 58 "Moderate Brown" "#6f4e37" "tan neutral brown"
# Lab input: a colour near Deep Red, and one outside sRGB (clipped for display, named from its Lab).
name_is --lab 30,45,17 -- 13 "Deep Red" "#841b2d" "deep cool red"
name_is --lab=50,90,-100 -- 205 "Vivid Violet" "#9065ca" "medium cool plum"
expect 0 '' -- name --lab 29.6094,44.8649,17.9818 --json
python3 -c 'import json,sys; o=json.load(open(sys.argv[1])); assert o["iscc_nbs"]["delta_e"] < 1e-3, o' "$work/out" ||
  fail "the Lab of a centroid is not at distance 0"
expect 0 '' -- name --color '#841b2d'
grep -q "13 Deep Red" "$work/out" && grep -q "deep cool red" "$work/out" || fail "name's text: $(cat "$work/out")"
expect 2 '' -- name
expect 2 '' -- name --color '#841b2d' --lab 30,45,17
expect 2 '' -- name --color red
expect 2 '' -- name --lab 30,45
expect 2 '' -- name --lab 130,0,0
expect 2 '' -- name --color '#841b2d' extra

# --- lint: projects built with the command line ---
"$cli" generate "$work/photos" --count 8 --seed 5 --size 320x240 >/dev/null
# A copy of one photo with a byte more after its end: other bytes (a photo of its own), the same pixels, so
# two SKUs measure the same shade.
twin=$(python3 - "$work/photos" <<'PY'
import json, os, shutil, sys
truth = json.load(open(os.path.join(sys.argv[1], "truth.json")))
src = next(e["file"] for e in truth if e["file"].endswith(".jpg"))
shutil.copy(os.path.join(sys.argv[1], src), os.path.join(sys.argv[1], "twin.jpg"))
open(os.path.join(sys.argv[1], "twin.jpg"), "ab").write(b"\0")
print(src)
PY
)

# build NAME: a project over the photos, with every photo's product box as an accepted, measured box.
build ()
{
  local project=$work/$1.shadelab
  "$cli" init "$project" >/dev/null
  "$cli" import "$project" "$work/photos" >/dev/null 2>&1
  "$cli" import-catalog "$project" "$work/$1.csv" >/dev/null
  "$cli" import-annotations "$project" "$work/predictions.json" >/dev/null
  local accepted
  accepted=$("$accept_boxes" "$project")
  [ "$accepted" -eq 9 ] || fail "$1: $accepted boxes accepted, expected 9"
}

python3 - "$work" "$twin" <<'PY'
import json, os, sys
work, twin = sys.argv[1], sys.argv[2]
truth = json.load(open(os.path.join(work, "photos", "truth.json")))
entries = truth + [dict(e, file="twin.jpg") for e in truth if e["file"] == twin]
coco = {"images": [], "annotations": [], "categories": [{"id": 1, "name": "product"}]}
for i, e in enumerate(entries, 1):
    coco["images"].append({"id": i, "file_name": e["file"], "width": e["width"], "height": e["height"]})
    b = e["box"]
    coco["annotations"].append({"id": i, "image_id": i, "category_id": 1, "bbox": [b["x"], b["y"], b["w"], b["h"]],
                                "score": 0.9})
json.dump(coco, open(os.path.join(work, "predictions.json"), "w"))
# Clean: every photo its own product of one brand, the true colour as catalogue colour, plain shade names.
with open(os.path.join(work, "clean.csv"), "w") as f:
    f.write("file,sku,brand,shade,color\n")
    for i, e in enumerate(truth, 1):
        f.write(f"{e['file']},C{i},Acme,Shade {i:02d},{e['truth']['srgb']}\n")
    k = [e["file"] for e in truth].index(twin)
    f.write(f"twin.jpg,C{k + 1},Acme,Shade {k + 1:02d},{truth[k]['truth']['srgb']}\n")
PY
build clean
expect 0 '' -- lint "$work/clean.shadelab"
grep -q "No problems in 8 products" "$work/out" || fail "lint of the clean catalogue: $(cat "$work/out")"
expect 0 '' -- lint "$work/clean.shadelab" --json
python3 -c 'import json,sys; o=json.load(open(sys.argv[1])); assert o["count"] == 0 and o["problems"] == [] and o["products"] == 8, o' \
  "$work/out" || fail "lint --json of the clean catalogue: $(tr -d '\n\t' <"$work/out")"

# The exports carry the names: glTF extras.shadelab (also how the dirty catalogue learns each measured family)
# and the CSV's last columns.
expect 0 '' -- export "$work/clean.shadelab" --format gltf --out "$work/gltf"
expect 0 '' -- export "$work/clean.shadelab" --format csv --out "$work/csv" --include-new
python3 - "$work" <<'PY' || fail "the exports do not carry the names"
import csv, json, os, sys
work = sys.argv[1]
families = {}
for name in sorted(os.listdir(os.path.join(work, "gltf"))):
    s = json.load(open(os.path.join(work, "gltf", name)))["materials"][0]["extras"]["shadelab"]
    assert list(s)[-2:] == ["iscc_nbs", "cosmetic"], list(s)
    assert 1 <= s["iscc_nbs"]["number"] <= 267 and s["iscc_nbs"]["centroid"].startswith("#"), s
    families[s["sku"]] = s["cosmetic"]["family"]
assert len(families) == 8, families
json.dump(families, open(os.path.join(work, "families.json"), "w"))
rows = list(csv.reader(open(os.path.join(work, "csv", "boxes.csv"), newline="")))
assert rows[0][-4:] == ["split", "iscc_nbs_number", "iscc_nbs_name", "cosmetic_name"], rows[0]
assert len(rows) == 10 and all(len(r) == len(rows[0]) and r[-3].isdigit() and r[-1] for r in rows[1:]), rows
PY

# Dirty: the same photos with planted problems.
python3 - "$work" "$twin" <<'PY'
import json, os, sys
work, twin = sys.argv[1], sys.argv[2]
truth = json.load(open(os.path.join(work, "photos", "truth.json")))
families = json.load(open(os.path.join(work, "families.json")))
# Neighbours on the cosmetic wheel (color/shade-names.c): a name claiming a neighbour is no contradiction.
near = {"red": {"red", "coral", "berry", "orange", "pink"}, "brown": {"brown", "nude", "orange"},
        "plum": {"plum", "berry", "mauve"}, "coral": {"coral", "orange", "red", "pink", "nude"}}
words = {"red": "Ruby", "brown": "Mocha", "plum": "Plum", "coral": "Coral"}
rows, planted = [], {}
def invert(hex):
    return "#" + "".join(f"{255 - int(hex[i:i + 2], 16):02x}" for i in (1, 3, 5))
for i, e in enumerate(truth, 1):
    sku, shade, color = f"D{i}", f"Shade {i:02d}", e["truth"]["srgb"]
    if e["file"] == twin:
        sku = "TWIN-A"                                  # same shade as TWIN-B
    elif "far" not in planted:
        color, planted["far"] = invert(color), sku      # catalogue colour far from the photos
    elif "nocolor" not in planted:
        color, planted["nocolor"] = "", sku             # photos but no catalogue colour
    elif "name" not in planted:
        family = families[f"C{i}"]
        claim = next(f for f in words if family not in near[f])
        shade, planted["name"] = f"{words[claim]} Kiss", sku   # a shade name the colour contradicts
    rows.append((e["file"], sku, "Acme", shade, color))
rows.append(("twin.jpg", "TWIN-B", "acme ", "Twin", truth[[e["file"] for e in truth].index(twin)]["truth"]["srgb"]))
with open(os.path.join(work, "dirty.csv"), "w") as f:
    f.write("file,sku,brand,shade,color\n")
    for r in rows:
        f.write(",".join(r) + "\n")
    f.write(",LONELY,Other,Lonely,#aa0000\n")           # a catalogue colour but no photos
json.dump(planted, open(os.path.join(work, "planted.json"), "w"))
PY
build dirty
expect 1 '' -- lint "$work/dirty.shadelab"
cp "$work/out" "$work/dirty.txt"
expect 1 '' -- lint "$work/dirty.shadelab" --json
python3 - "$work/out" "$work/planted.json" "$work/dirty.txt" <<'PY' || fail "lint of the dirty catalogue: $(cat "$work/dirty.txt")"
import json, sys
o = json.load(open(sys.argv[1]))
planted = json.load(open(sys.argv[2]))
text = open(sys.argv[3]).read()
found = {(p["kind"], p["sku"]) for p in o["problems"]}
want = {("far_from_catalog", planted["far"]), ("photos_without_color", planted["nocolor"]),
        ("name_contradicts", planted["name"]), ("same_shade", "TWIN-A"), ("color_without_photos", "LONELY")}
assert found == want, (found, want)
assert o["count"] == 5 and o["products"] == 10 and o["threshold"] == 10, o
by_kind = {p["kind"]: p for p in o["problems"]}
far = by_kind["far_from_catalog"]
assert far["delta_e"] > 10 and far["photos"] == 1, far
for side in ("catalog", "measured"):
    assert far[side]["iscc_nbs"]["name"] and far[side]["cosmetic"]["name"] and far[side]["srgb"].startswith("#"), far
same = by_kind["same_shade"]
assert same["other_sku"] == "TWIN-B" and same["basis"] == "measured" and same["delta_e"] < 1.0, same
name = by_kind["name_contradicts"]
assert name["named_family"] != name["measured_family"] and name["keyword"] in name["shade"].lower(), name
assert by_kind["photos_without_color"]["photos"] == 1
# The text has a line per problem, with the SKU and the numbers.
lines = [l for l in text.splitlines() if l and not l.endswith("products.")]
assert len(lines) == 5, text
assert any(l.startswith("far-from-catalog") and planted["far"] in l and "CIEDE2000" in l for l in lines), text
assert any(l.startswith("same-shade") and "TWIN-A" in l and "TWIN-B" in l for l in lines), text
assert text.rstrip().endswith("5 problems in 10 products."), text
PY
# A threshold above every distance drops that problem; the others stay.
expect 1 '' -- lint "$work/dirty.shadelab" --threshold 1000 --json
python3 -c 'import json,sys; o=json.load(open(sys.argv[1])); assert o["count"] == 4 and "far_from_catalog" not in {p["kind"] for p in o["problems"]}, o' \
  "$work/out" || fail "lint --threshold 1000"
expect 2 '' -- lint
expect 2 '' -- lint "$work/dirty.shadelab" --threshold -1
expect 2 '' -- lint "$work/dirty.shadelab" "$work/clean.shadelab"
expect 1 '' -- lint "$work/missing.shadelab"

checks_done "ok: name and lint"
