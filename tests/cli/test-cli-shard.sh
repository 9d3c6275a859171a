#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# test-cli-shard.sh: `shadelab-cli shard split` writes packages that together hold every photo once, open like a
# project and point at the same photo files; `shard merge` brings back boxes, statuses, swatches and labeling
# time, and the product each photo is linked to (matched by SKU; a product the package made comes with it);
# merging twice changes nothing; a package split before product links counted still merges; a photo edited in two packages (the same box moved, the status changed,
# a box deleted in one and moved in the other) is a conflict reported with both versions and left as it is,
# until --prefer newest takes the newest edit.
#
# Usage: test-cli-shard.sh SHADELAB-CLI
set -euo pipefail

cli=$1
. "$(dirname "$0")/../lib/cli-checks.sh"

"$cli" generate "$work/photos" --count 8 --size 320x240 >/dev/null
"$cli" init "$work/p" >/dev/null
p=$work/p.shadelab
"$cli" import -q "$p" "$work/photos" >/dev/null
# One person's box on every photo.
python3 - "$work/photos" >"$work/gt.json" <<'PY'
import json, os, sys
names = sorted(n for n in os.listdir(sys.argv[1]) if n.startswith("synth-"))
print(json.dumps({"images": [{"id": i + 1, "file_name": n, "width": 320, "height": 240} for i, n in enumerate(names)],
                  "categories": [{"id": 1, "name": "product"}],
                  "annotations": [{"image_id": i + 1, "category_id": 1, "bbox": [10, 10, 50, 50]}
                                  for i in range(len(names))]}))
PY
"$cli" import-annotations "$p" "$work/gt.json" >/dev/null
python3 -c 'import sqlite3,sys; db=sqlite3.connect(sys.argv[1]); db.execute("UPDATE images SET status = '"'"'new'"'"'"); db.commit()' "$p"

sql () { python3 -c 'import sqlite3,sys; db=sqlite3.connect(sys.argv[1]); r=db.execute(sys.argv[2]).fetchall(); db.commit(); print("\n".join("|".join(map(str, x)) for x in r))' "$@"; }
dump () { python3 -c 'import sqlite3,sys; print("\n".join(l for l in sqlite3.connect(sys.argv[1]).iterdump() if "sqlite_stat" not in l and "ANALYZE" not in l))' "$1"; }

# A product of the catalogue, linked to photos in a package below.
sql "$p" "INSERT INTO products (sku, brand, shade, created_at, updated_at) VALUES ('LIP-1', 'Maison', 'Rouge', '2029-01-01T00:00:00.000Z', '2029-01-01T00:00:00.000Z')" >/dev/null

# --- split ---
expect 2 "into must be" -- shard split "$p" --into 0 --out "$work/a"
expect 2 "product or image" -- shard split "$p" --into 2 --by colour --out "$work/a"
before=$(dump "$p")
expect 0 "" -- shard split "$p" --into 2 --out "$work/a"
[ "$before" = "$(dump "$p")" ] || fail "split changed the project"
a1=$work/a/p-1-of-2.shadelab
a2=$work/a/p-2-of-2.shadelab
[ -f "$a1" ] && [ -f "$a2" ] || fail "split did not write p-1-of-2 and p-2-of-2"
n1=$(sql "$a1" "SELECT count(*) FROM images")
n2=$(sql "$a2" "SELECT count(*) FROM images")
[ $((n1 + n2)) = 8 ] && [ "$n1" -gt 0 ] && [ "$n2" -gt 0 ] || fail "the packages hold $n1 + $n2 photos, not 8"
[ -z "$(sql "$a1" "SELECT content_hash FROM images INTERSECT SELECT content_hash FROM images" | sort | comm -12 - <(sql "$a2" "SELECT content_hash FROM images" | sort))" ] \
  || fail "a photo is in both packages"
# A package is a project: it opens, and its photos are the same files.
expect 0 "" -- stats "$a1" --json
python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); assert s["images"]["total"] == int(sys.argv[2]), s["images"]' \
  "$work/out" "$n1" || fail "stats of a package"
for path in $(sql "$a1" "SELECT path FROM images"); do
  case $path in /*) ;; *) path=$work/a/$path ;; esac
  [ "$(realpath "$path")" = "$(realpath "$work/photos/$(basename "$path")")" ] || fail "$path is not the project's photo"
done
expect 1 "already exists" -- shard split "$p" --into 2 --out "$work/a"
# By product: the photos of one product go together.
expect 0 "" -- shard split "$p" --into 3 --by product --out "$work/by-product"
# A second split of everything, for the conflicts.
expect 0 "" -- shard split "$p" --into 1 --out "$work/b"
b=$work/b/p-1-of-1.shadelab

# A product added to the project after the split takes the id a package's new product gets there.
sql "$p" "INSERT INTO products (sku, created_at, updated_at) VALUES ('MAIN-2', '2029-01-01T00:00:00.000Z', '2029-01-01T00:00:00.000Z')" >/dev/null

# Photos x, y, z of package a1 (x, y) and a2 (z).
x=$(sql "$a1" "SELECT id FROM images ORDER BY id LIMIT 1")
y=$(sql "$a1" "SELECT id FROM images ORDER BY id LIMIT 1 OFFSET 1")
[ -n "$y" ] || y=$x
z=$(sql "$a2" "SELECT id FROM images ORDER BY id LIMIT 1")
w=$(sql "$a2" "SELECT id FROM images ORDER BY id DESC LIMIT 1")

# --- edits in the packages, as the labeling window writes them ---
T1=2030-01-01T00:00:01.000Z
T2=2030-01-01T00:00:02.000Z
sql "$a1" "UPDATE boxes SET x = 100, y = 90, updated_at = '$T1' WHERE image_id = $x" >/dev/null
sql "$a1" "UPDATE images SET status = 'labeled', updated_at = '$T1' WHERE id = $x" >/dev/null
sql "$a1" "INSERT INTO labeling_time (image_id, labeler, seconds, at) VALUES ($x, 'ana', 42.5, '$T1')" >/dev/null
sql "$a1" "INSERT INTO swatches (box_id, method, algorithm_version, srgb, lab_l, lab_a, lab_b, linear_r, linear_g, linear_b, confidence, spread, pixels, computed_at) SELECT id, 'robust', 1, '#aa1122', 40, 50, 20, 0.4, 0.01, 0.02, 0.9, 1.5, '{}', '$T1' FROM boxes WHERE image_id = $x" >/dev/null
sql "$a1" "UPDATE images SET status = 'skipped', status_reason = 'blurry', updated_at = '$T1' WHERE id = $y" >/dev/null
# A labeler adds a product of a new category and links x to it.
sql "$a1" "INSERT INTO categories (name) VALUES ('brow pencil')" >/dev/null
sql "$a1" "INSERT INTO products (sku, brand, shade, category_id, created_at, updated_at) SELECT 'NEW-1', 'Ink', 'Night', id, '$T1', '$T1' FROM categories WHERE name = 'brow pencil'" >/dev/null
sql "$a1" "UPDATE images SET product_id = (SELECT id FROM products WHERE sku = 'NEW-1') WHERE id = $x" >/dev/null
sql "$a2" "DELETE FROM boxes WHERE image_id = $z" >/dev/null
sql "$a2" "UPDATE images SET product_id = (SELECT id FROM products WHERE sku = 'LIP-1'), updated_at = '$T1' WHERE id = $z" >/dev/null
sql "$a2" "UPDATE images SET status = 'rejected', status_reason = 'not a lipstick', updated_at = '$T1' WHERE id = $w" >/dev/null
# The other split's package edits the same photos later.
sql "$b" "UPDATE boxes SET x = 200, updated_at = '$T2' WHERE image_id = $x" >/dev/null
sql "$b" "UPDATE images SET status = 'rejected', status_reason = 'wrong product', updated_at = '$T2' WHERE id = $y" >/dev/null
sql "$b" "UPDATE boxes SET w = 70, updated_at = '$T2' WHERE image_id = $z" >/dev/null

# --- merge a1 and a2: no conflict ---
expect 0 "" -- shard merge "$p" "$a1" "$a2"
grep -q "p-1-of-2.shadelab: 2 photos merged, 0 already merged, $((n1 - 2)) unchanged, 0 conflicts (0 settled), 1 labeling time row" "$work/out" \
  || [ "$x" = "$y" ] || fail "merging a1: $(cat "$work/out")"
[ "$(sql "$p" "SELECT x, y, w, h FROM boxes WHERE image_id = $x")" = "100.0|90.0|50.0|50.0" ] || fail "the moved box did not come back"
[ "$(sql "$p" "SELECT status FROM images WHERE id = $x")" = labeled ] || fail "the status did not come back"
[ "$(sql "$p" "SELECT srgb FROM swatches JOIN boxes ON boxes.id = swatches.box_id WHERE image_id = $x")" = "#aa1122" ] \
  || fail "the swatch did not come back"
[ "$(sql "$p" "SELECT labeler, seconds FROM labeling_time")" = "ana|42.5" ] || fail "the labeling time did not come back"
[ "$(sql "$p" "SELECT status, status_reason FROM images WHERE id = $w")" = "rejected|not a lipstick" ] || fail "a2's status"
[ "$(sql "$p" "SELECT count(*) FROM boxes WHERE image_id = $z")" = 0 ] || fail "a2's deleted box is still there"
[ "$(sql "$p" "SELECT p.sku FROM images i JOIN products p ON p.id = i.product_id WHERE i.id = $z")" = LIP-1 ] \
  || fail "a2's product link did not come back"
[ "$(sql "$p" "SELECT p.sku, p.brand, p.shade, c.name FROM images i JOIN products p ON p.id = i.product_id JOIN categories c ON c.id = p.category_id WHERE i.id = $x")" = "NEW-1|Ink|Night|brow pencil" ] \
  || fail "the product a1 made did not come with its link: $(sql "$p" "SELECT product_id FROM images WHERE id = $x")"
[ "$(sql "$p" "SELECT count(*) FROM images WHERE product_id = (SELECT id FROM products WHERE sku = 'MAIN-2')")" = 0 ] \
  || fail "a package's product was matched by id, not SKU"

# Merging again changes nothing.
before=$(dump "$p")
expect 0 "" -- shard merge "$p" "$a1" "$a2"
grep -q "p-1-of-2.shadelab: 0 photos merged" "$work/out" || fail "a second merge: $(cat "$work/out")"
[ "$before" = "$(dump "$p")" ] || fail "merging twice changed the project"

# --- b edited the same photos: three conflicts, left as they are ---
expect 1 "conflict" -- shard merge "$p" "$b"
grep -q "3 conflicts (0 settled)" "$work/out" || fail "b's conflicts: $(cat "$work/out")"
grep -q "project (.*): labeled||product 100.00,90.00,50.00,50.00 human" "$work/err" || fail "the project's version of the moved box is not shown: $(cat "$work/err")"
grep -q "package (.*): new||product 200.00,10.00,50.00,50.00 human" "$work/err" || fail "the package's version of the moved box is not shown"
grep -q "skipped|blurry" "$work/err" && grep -q "rejected|wrong product" "$work/err" || fail "the status conflict is not shown"
grep -q "product 10.00,10.00,70.00,50.00" "$work/err" || fail "the deleted-and-edited box is not shown"
[ "$before" = "$(dump "$p")" ] || fail "a conflicting merge changed the photos"

# --prefer newest: b's edits are later, so they win.
expect 0 "" -- shard merge "$p" "$b" --prefer newest
grep -q "3 conflicts (3 settled)" "$work/out" || fail "--prefer newest: $(cat "$work/out")"
[ "$(sql "$p" "SELECT x FROM boxes WHERE image_id = $x")" = "200.0" ] || fail "--prefer newest did not take the newer box"
[ "$(sql "$p" "SELECT status_reason FROM images WHERE id = $y")" = "wrong product" ] || fail "--prefer newest: status"
[ "$(sql "$p" "SELECT w FROM boxes WHERE image_id = $z")" = "70.0" ] || fail "--prefer newest: deleted and edited box"

# A package split before product links counted (its details say no fingerprint version) merges as it did:
# its untouched photos are unchanged, a status edit comes back.
expect 0 "" -- shard split "$p" --into 1 --out "$work/old"
old=$work/old/p-1-of-1.shadelab
python3 - "$old" <<'PY'
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
shard = json.loads(db.execute("SELECT value FROM meta WHERE key = 'shard'").fetchone()[0])
del shard["fingerprint"]
db.execute("UPDATE meta SET value = ? WHERE key = 'shard'", (json.dumps(shard),))
db.commit()
PY
# Hashes as that version made them: without the product.
python3 - "$old" <<'PY'
import hashlib, json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
shard = json.loads(db.execute("SELECT value FROM meta WHERE key = 'shard'").fetchone()[0])
for key in shard["photos"]:
    row = db.execute("SELECT status || '|' || ifnull(status_reason, '') || '|' || ifnull((SELECT group_concat(r, ';') FROM (SELECT c.name || ' ' || printf('%.2f,%.2f,%.2f,%.2f', b.x, b.y, b.w, b.h) || ' ' || b.source || ifnull(printf(' %.4f', b.score), '') || CASE b.accepted WHEN 1 THEN ' accepted' ELSE '' END || CASE b.occluded WHEN 1 THEN ' occluded' ELSE '' END || CASE b.truncated WHEN 1 THEN ' truncated' ELSE '' END || CASE b.difficult WHEN 1 THEN ' difficult' ELSE '' END AS r FROM boxes b JOIN box_classes c ON c.id = b.class_id WHERE b.image_id = ?1 ORDER BY r)), '') FROM images WHERE id = ?1", (int(key),)).fetchone()[0]
    shard["photos"][key] = hashlib.sha256(row.encode()).hexdigest()
db.execute("UPDATE meta SET value = ? WHERE key = 'shard'", (json.dumps(shard),))
db.commit()
PY
sql "$old" "UPDATE images SET status = 'skipped', status_reason = 'dark', updated_at = '2030-01-01T00:00:03.000Z' WHERE id = $w" >/dev/null
expect 0 "" -- shard merge "$p" "$old"
grep -q "p-1-of-1.shadelab: 1 photo merged, 0 already merged, 7 unchanged, 0 conflicts" "$work/out" \
  || fail "an older package: $(cat "$work/out")"
[ "$(sql "$p" "SELECT status_reason FROM images WHERE id = $w")" = dark ] || fail "an older package's edit"

# A package of another project is refused.
"$cli" init "$work/other" >/dev/null
expect 1 "split from another project" -- shard merge "$work/other.shadelab" "$a1"
expect 1 "not a work package" -- shard merge "$p" "$work/other.shadelab"

checks_done "shard split and merge, with conflicts"
