#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# test-cli-review.sh CLI: `shadelab-cli review`, `tone` and `reference-photo` end to end, and
# `render --tones project`: JSON, files written (PNG size, CSV parsed back), decisions in the store, exit
# statuses. The audit log's times are set through SQL so that the timeline is the test's choice.
set -eu
cli=$1

first_failure_ends=1
. "$(dirname "$0")/../lib/cli-checks.sh"
# Dates given as YYYY-MM-DD are local midnight: pin the zone so the timeline below is exact.
TZ=UTC
export TZ

project="$work/p.shadelab"
"$cli" init "$project" >/dev/null

# Three products: LIP-A calibrated before 2026-11-15 and retuned after; LIP-B changed before only; LIP-C first
# calibrated after.
python3 - "$project" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
t = "2026-11-01T00:00:00.000Z"
for sku, color in (("LIP-A", "#c04050"), ("LIP-B", "#c04050"), ("LIP-C", "#e08080")):
    db.execute("INSERT INTO products (sku, brand, shade, catalog_color, created_at, updated_at) "
               "VALUES (?, 'Rouge, Inc', ?, ?, ?, ?)", (sku, sku.lower(), color, t, t))
ids = dict(db.execute("SELECT sku, id FROM products"))
db.execute("INSERT INTO materials (product_id, base_color, roughness, updated_at, updated_by) "
           "VALUES (?, '#a02030', 0.3, ?, 'bo')", (ids["LIP-A"], t))
db.execute("INSERT INTO materials (product_id, roughness, updated_at, updated_by) VALUES (?, 0.6, ?, 'ann')",
           (ids["LIP-B"], t))
db.execute("INSERT INTO materials (product_id, finish, updated_at, updated_by) VALUES (?, 'gloss', ?, 'cy')",
           (ids["LIP-C"], t))
# One entry per change, with a row per parameter it moved; LIP-C's finish moved the exported roughness and
# clearcoat too (the gloss starting point), all one change.
audit = [
    ("LIP-A", "ann", "2026-11-10T09:00:00.000Z", None, [("base_color", None, "#b0243a")]),
    ("LIP-A", "ann", "2026-11-10T09:00:00.000Z", None, [("roughness", None, "0.5")]),
    ("LIP-A", "bo", "2026-11-20T14:30:00.000Z", "glossier, \"wet\" look", [("roughness", "0.5", "0.3")]),
    ("LIP-A", "bo", "2026-11-21T10:00:00.000Z", None, [("base_color", "#b0243a", "#a02030")]),
    ("LIP-B", "ann", "2026-11-10T09:00:00.000Z", None, [("roughness", None, "0.6")]),
    ("LIP-C", "cy", "2026-11-20T15:00:00.000Z", None,
     [("finish", None, "gloss"), ("roughness", "0.5", "0.4"), ("clearcoat", "0", "1"),
      ("clearcoat_roughness", "0", "0.04")]),
]
for sku, who, at, note, values in audit:
    change = db.execute("INSERT INTO material_changes (product_id, who, at, note) VALUES (?, ?, ?, ?)",
                        (ids[sku], who, at, note)).lastrowid
    for parameter, old, new in values:
        db.execute("INSERT INTO material_audit (change_id, parameter, old_value, new_value) VALUES (?, ?, ?, ?)",
                   (change, parameter, old, new))
db.commit()
EOF

# --- tones ---
"$cli" tone add "$project" "Olive deep" '#6B4A2F' >/dev/null
expect_status 1 "$cli" tone add "$project" "Olive deep" '#000000'
expect_status 1 "$cli" tone add "$project" "MST 2" '#000000'
expect_status 1 "$cli" tone add "$project" "Bad" '#12345z'
expect_status 2 "$cli" tone add "$project" "Missing colour"
expect_status 2 "$cli" tone frobnicate "$project"
expect_status 1 "$cli" tone list "$work/none.shadelab"
"$cli" tone add "$project" "Spare" '#aabbcc' >/dev/null
"$cli" tone remove "$project" "Spare" >/dev/null
expect_status 1 "$cli" tone remove "$project" "Spare"
"$cli" tone list "$project" --json >"$work/tones.json"
python3 - "$work/tones.json" <<'EOF'
import json, sys
tones = json.load(open(sys.argv[1]))["tones"]
assert [t["name"] for t in tones] == ["Olive deep"], tones
assert tones[0]["hex"] == "#6b4a2f", tones
assert abs(tones[0]["lab"][0] - 34.71) < 0.05, tones
EOF

# --- render --tones project ---
"$cli" render "$project" --product LIP-A --tones mst,project --out "$work/render.png" --json >"$work/render.json"
python3 - "$work/render.json" <<'EOF'
import json, sys
tiles = json.load(open(sys.argv[1]))["tiles"]
assert len(tiles) == 11, len(tiles)
assert tiles[0]["tone"] == "MST 1" and tiles[10]["tone"] == "Olive deep", tiles
assert tiles[10]["skin"] != tiles[0]["skin"]
EOF
"$cli" render "$project" --product LIP-A --tones project --out "$work/render.png" --json >"$work/render.json"
python3 -c 'import json,sys; t=json.load(open(sys.argv[1]))["tiles"]; assert [x["tone"] for x in t]==["Olive deep"], t' \
  "$work/render.json"
expect_status 2 "$cli" render --color '#b0243a' --tones project --out "$work/render.png"

# --- reference photos ---
python3 - "$work/wearer.png" <<'EOF'
import struct, sys, zlib
width, height = 320, 240
raw = b"".join(b"\x00" + bytes((176, 36, 58)) * width for _ in range(height))
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
       + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
open(sys.argv[1], "wb").write(png)
EOF
"$cli" reference-photo add "$project" --product LIP-A "$work/wearer.png" --lip 100,120,80,40 --note "daylight" \
  >/dev/null
expect_status 1 "$cli" reference-photo add "$project" --product LIP-A "$work/wearer.png" --lip 300,120,80,40
grep -q "inside the photo" "$work/err.txt" || fail "lip box outside: $(cat "$work/err.txt")"
expect_status 1 "$cli" reference-photo add "$project" --product LIP-A "$work/missing.png" --lip 1,1,5,5
expect_status 1 "$cli" reference-photo add "$project" --product NOPE "$work/wearer.png" --lip 1,1,5,5
expect_status 2 "$cli" reference-photo add "$project" --product LIP-A "$work/wearer.png" --lip 1,1,5
expect_status 2 "$cli" reference-photo add "$project" "$work/wearer.png" --lip 1,1,5,5
"$cli" reference-photo list "$project" --json >"$work/photos.json"
python3 - "$work/photos.json" <<'EOF'
import json, sys
photos = json.load(open(sys.argv[1]))["reference_photos"]
assert len(photos) == 1, photos
p = photos[0]
assert p["sku"] == "LIP-A" and p["path"] == "wearer.png" and p["lip"] == [100, 120, 80, 40], p
assert p["note"] == "daylight" and len(p["content_hash"]) == 64, p
EOF
photo_id=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["reference_photos"][0]["id"])' \
  "$work/photos.json")
"$cli" reference-photo remove "$project" "$photo_id" >/dev/null
expect_status 1 "$cli" reference-photo remove "$project" "$photo_id"
expect_status 2 "$cli" reference-photo remove "$project" abc

# --- review: decisions ---
"$cli" review "$project" --send-back LIP-A --comment "too cool on MST 9-10" --reviewer dee >/dev/null
expect_status 2 "$cli" review "$project" --send-back LIP-A --reviewer dee
expect_status 2 "$cli" review "$project" --approve LIP-C
expect_status 2 "$cli" review "$project" --approve LIP-C --send-back LIP-A --reviewer dee
expect_status 1 "$cli" review "$project" --approve NOPE --reviewer dee
"$cli" review "$project" --approve LIP-C --reviewer eve >/dev/null

# --- review: listing ---
expect_status 2 "$cli" review "$project"
expect_status 2 "$cli" review "$project" --since "last week"
expect_status 1 "$cli" review "$work/none.shadelab" --since 2026-11-15
"$cli" review "$project" --since 2026-11-15 --json >"$work/review.json"
"$cli" review "$project" --since 2026-11-15 --out "$work/out" >"$work/review.txt"
grep -q "LIP-A" "$work/review.txt" || fail "text listing lacks LIP-A"
# LIP-C's change is one line, whatever the number of parameters it moved.
line="2026-11-20T15:00:00.000Z  finish: - -> gloss, roughness: 0.5 -> 0.4, clearcoat: 0 -> 1"
line="$line, clearcoat_roughness: 0 -> 0.04  (cy)"
grep -qxF "   $line" "$work/review.txt" || fail "text listing lacks LIP-C's change as one line: $(cat "$work/review.txt")"
python3 - "$work/review.json" "$work/out/review.csv" "$work/out/review.png" <<'EOF'
import csv, json, struct, sys
review = json.load(open(sys.argv[1]))
assert review["since"] == "2026-11-15T00:00:00.000Z", review["since"]
products = review["products"]
assert [p["sku"] for p in products] == ["LIP-A", "LIP-C"], [p["sku"] for p in products]
a, c = products
assert a["before"]["base_color"] == "#b0243a" and a["after"]["base_color"] == "#a02030", a
assert abs(a["before"]["roughness"] - 0.5) < 1e-9 and abs(a["after"]["roughness"] - 0.3) < 1e-9, a
assert a["review"]["decision"] == "reject" and a["review"]["comment"] == "too cool on MST 9-10", a["review"]
assert [ch["parameter"] for ch in a["changes"]] == ["roughness", "base_color"], a["changes"]
assert c["before_color_source"] == "catalog" and c["before"]["base_color"] == "#e08080", c
assert "finish" not in c["before"] and c["after"]["finish"] == "gloss", c
assert c["review"]["decision"] == "accept" and c["review"]["reviewer"] == "eve", c["review"]
assert len(c["changes"]) == 1, c["changes"]
assert [(v["parameter"], v["before"], v["after"]) for v in c["changes"][0]["parameters"]] == [
    ("finish", None, "gloss"), ("roughness", "0.5", "0.4"), ("clearcoat", "0", "1"),
    ("clearcoat_roughness", "0", "0.04")], c["changes"]

rows = list(csv.reader(open(sys.argv[2], newline="", encoding="utf-8")))
assert rows[0] == ["sku", "brand", "shade", "parameter", "before", "after", "who", "when", "note", "decision",
                   "reviewer", "comment", "sheet_row"], rows[0]
assert len(rows) == 4, rows
assert rows[1] == ["LIP-A", "Rouge, Inc", "lip-a", "roughness", "0.5", "0.3", "bo", "2026-11-20T14:30:00.000Z",
                   "glossier, \"wet\" look", "reject", "dee", "too cool on MST 9-10", "1"], rows[1]
assert rows[3][0] == "LIP-C" and rows[3][9] == "accept" and rows[3][12] == "2", rows[3]
assert rows[3][3:6] == ["finish; roughness; clearcoat; clearcoat_roughness", "; 0.5; 0; 0",
                       "gloss; 0.4; 1; 0.04"], rows[3]

png = open(sys.argv[3], "rb").read()
assert png[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
width, height = struct.unpack(">II", png[16:24])
# 40 px margin + 11 tones (10 Monk + 1 custom) of 120 + 6; two bands of two 90 px rows + gaps.
assert (width, height) == (40 + 11 * 126, 12 + 2 * 186 + 18), (width, height)
EOF
# Nothing changed after the last edit.
"$cli" review "$project" --since 2026-11-22 --json | python3 -c 'import json,sys; assert json.load(sys.stdin)["products"] == []'

# --- help ---
for command in review tone reference-photo; do
  expect_status 0 "$cli" "$command" --help
  grep -q "Exit status" "$work/out.txt" || fail "$command --help lacks the exit statuses"
done
echo "ok"
