#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# test-cli-project.sh: `shadelab-cli init`, `stats` and `check` end to end: exit codes (0 ok, 1 error or
# problems found, 2 usage), the JSON keys and the numbers on a small project whose rows are written with
# Python's sqlite3 module (the same file format any tool can read), and read-only use while another process
# holds a write transaction.
#
# Usage: test-cli-project.sh SHADELAB-CLI
set -euo pipefail

cli=$1
. "$(dirname "$0")/../lib/cli-checks.sh"

# --- init ---
expect 2 "PROJECT" -- init
expect 2 "" -- init a b
expect 0 "" -- init "$work/demo"
[ -f "$work/demo.shadelab" ] || fail "init did not add .shadelab"
grep -q "demo.shadelab" "$work/out" || fail "init does not name the file it created"
[ ! -e "$work/demo.shadelab.lock" ] || fail "init left its lock file behind"
expect 1 "already exists" -- init "$work/demo.shadelab"
expect 1 "already exists" -- init "$work/demo"
echo "not a project" >"$work/notes.txt"
expect 0 "" -- init "$work/explicit.shadelab"
[ -f "$work/explicit.shadelab" ] && [ ! -e "$work/explicit.shadelab.shadelab" ] || fail "init doubled the extension"
expect 1 "does not exist" -- init "$work/no/such/folder/p"

# --- stats and check on an empty project ---
expect 0 "" -- stats "$work/demo.shadelab" --json
python3 - "$work/out" <<'PY' || fail "stats --json of an empty project"
import json, sys
s = json.load(open(sys.argv[1]))
assert set(s) >= {"project", "images", "boxes", "labelers", "coverage"}, s.keys()
assert s["images"]["total"] == 0 and s["boxes"]["total"] == 0 and s["labelers"] == []
assert s["boxes"]["by_class"] == {"product": 0, "packaging": 0, "distractor": 0}
assert [c["category"] for c in s["coverage"]["by_category"]] == \
    ["lipstick", "foundation", "eyeliner", "eyeshadow", "nail polish"]
PY
expect 0 "" -- check "$work/demo.shadelab" --json
python3 -c 'import json,sys; c=json.load(open(sys.argv[1])); assert c["ok"] is True and c["problems"] == 0, c' \
  "$work/out" || fail "check of an empty project is not ok"
expect 0 "" -- check "$work/demo.shadelab"
grep -q "All well" "$work/out" || fail "check's text output does not say all is well"

# --- a small project ---
mkdir -p "$work/photos"
python3 - "$work/demo.shadelab" "$work/photos" <<'PY'
import os, sqlite3, sys, hashlib
db = sqlite3.connect(sys.argv[1])
photos = sys.argv[2]
now = "2026-01-01T00:00:00.000Z"
def add_image(name, status, product, passed):
    path = os.path.join(photos, name)
    data = (name * 100).encode()
    open(path, "wb").write(data)
    check = '{"passed": %s, "white_background": {"passed": %s}, "resolution": {"passed": true}}' % (
        "true" if passed else "false", "true" if passed else "false")
    db.execute("INSERT INTO images (path, file_name, content_hash, file_size, format, width, height, profile_name,"
               " product_id, status, photo_check, photo_check_passed, photo_check_version, imported_at, updated_at)"
               " VALUES (?, ?, ?, ?, 'jpeg', 800, 600, 'sRGB', ?, ?, ?, ?, 1, ?, ?)",
               ("photos/" + name, name, hashlib.sha256(data).hexdigest(), len(data), product, status, check,
                1 if passed else 0, now, now))
for sku, cat in [("L1", 1), ("L2", 1), ("N1", 5), ("X1", None)]:
    db.execute("INSERT INTO products (sku, category_id, created_at, updated_at) VALUES (?, ?, ?, ?)",
               (sku, cat, now, now))
add_image("a.jpg", "labeled", 1, True)
add_image("b.jpg", "labeled", 1, True)
add_image("c.jpg", "new", 2, True)
add_image("d.jpg", "labeled", 3, False)
add_image("e.jpg", "skipped", 4, True)
add_image("f.jpg", "rejected", None, True)
boxes = [(1, 1, "human", None, 0, "ann"), (1, 1, "human", None, 0, "ann"), (2, 2, "model", 0.9, 1, None),
         (4, 3, "model", 0.4, 0, None), (4, 1, "human", None, 0, "bob")]
for image, cls, source, score, accepted, labeler in boxes:
    db.execute("INSERT INTO boxes (image_id, class_id, x, y, w, h, source, score, accepted, labeler, created_at,"
               " updated_at) VALUES (?, ?, 1, 1, 10, 10, ?, ?, ?, ?, ?, ?)",
               (image, cls, source, score, accepted, labeler, now, now))
for image, labeler, seconds in [(1, "ann", 30), (2, "ann", 90.5), (4, "bob", 12)]:
    db.execute("INSERT INTO labeling_time (image_id, labeler, seconds, at) VALUES (?, ?, ?, ?)",
               (image, labeler, seconds, now))
db.commit()
db.close()
PY

expect 0 "" -- stats "$work/demo.shadelab" --json
python3 - "$work/out" <<'PY' || fail "stats --json numbers"
import json, sys
s = json.load(open(sys.argv[1]))
i = s["images"]
assert (i["total"], i["new"], i["labeled"], i["skipped"], i["rejected"], i["done"]) == (6, 1, 3, 1, 1, 5), i
assert i["done_fraction"] == 0.8333, i
b = s["boxes"]
assert b["total"] == 5 and b["by_class"] == {"product": 3, "packaging": 1, "distractor": 1}, b
assert b["by_source"] == {"human": 3, "model": 2} and b["model_accepted"] == 1, b
l = {x["name"]: x for x in s["labelers"]}
assert l["ann"]["boxes"] == 2 and l["ann"]["seconds"] == 120.5 and l["ann"]["visits"] == 2, l
assert l["bob"]["boxes"] == 1 and l["bob"]["seconds"] == 12 and l["bob"]["images"] == 1, l
c = s["coverage"]
# L1 (a, b labeled) and N1 (d labeled) are covered; L2 only has a new image, X1 a skipped one.
assert (c["products"], c["covered"], c["fraction"]) == (4, 2, 0.5), c
cats = {x["category"]: x for x in c["by_category"]}
assert (cats["lipstick"]["products"], cats["lipstick"]["covered"]) == (2, 1), cats
assert (cats["nail polish"]["products"], cats["nail polish"]["covered"]) == (1, 1), cats
assert (cats[None]["products"], cats[None]["covered"]) == (1, 0), cats
PY
expect 0 "" -- stats "$work/demo.shadelab"
for word in "Images" "Boxes" "Labelers" "ann" "2m 01s" "Shades" "2 of 4 products" "nail polish"; do
  grep -q -- "$word" "$work/out" || fail "stats text output lacks '$word'"
done

# check: one photo fails the standards (d.jpg).
expect 1 "1 problem" -- check "$work/demo.shadelab" --json
python3 - "$work/out" <<'PY' || fail "check --json with a photo-standard failure"
import json, sys
c = json.load(open(sys.argv[1]))
for key in ["project", "ok", "problems", "integrity", "foreign_keys", "missing_files", "changed_files",
            "photo_standards", "images", "deep"]:
    assert key in c, key
assert c["ok"] is False and c["problems"] == 1 and c["images"] == 6, c
assert c["photo_standards"] == [{"id": 4, "path": "photos/d.jpg", "failed": ["white_background"]}], c
assert c["missing_files"] == [] and c["changed_files"] == [] and c["integrity"] == [], c
PY

# A missing file, a file of another size, and (found with --deep only) one with the same size, other bytes.
rm "$work/photos/a.jpg"
echo "longer now" >>"$work/photos/b.jpg"
python3 -c 'import sys; p=sys.argv[1]; d=bytearray(open(p,"rb").read()); d[0]^=1; open(p,"wb").write(d)' \
  "$work/photos/c.jpg"
expect 1 "3 problems" -- check "$work/demo.shadelab" --json
python3 - "$work/out" <<'PY' || fail "check --json with missing and changed files"
import json, sys
c = json.load(open(sys.argv[1]))
assert [m["path"] for m in c["missing_files"]] == ["photos/a.jpg"], c["missing_files"]
assert [(m["path"], m["reason"]) for m in c["changed_files"]] == [("photos/b.jpg", "size")], c["changed_files"]
assert c["changed_files"][0]["size"] == c["changed_files"][0]["stored_size"] + 11
PY
expect 1 "4 problems" -- check "$work/demo.shadelab" --deep --json
python3 - "$work/out" <<'PY' || fail "check --deep does not find the changed content"
import json, sys
c = json.load(open(sys.argv[1]))
assert [(m["path"], m["reason"]) for m in c["changed_files"]] == [("photos/b.jpg", "size"),
                                                                   ("photos/c.jpg", "content")], c
PY
expect 1 "problems" -- check "$work/demo.shadelab"
for word in "Missing image files" "photos/a.jpg" "Changed image files" "photos/b.jpg" "white_background"; do
  grep -q -- "$word" "$work/out" || fail "check text output lacks '$word'"
done

# A broken link: a box whose image is gone (written with foreign keys off, as another tool might).
python3 - "$work/demo.shadelab" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("INSERT INTO boxes (image_id, class_id, x, y, w, h, created_at, updated_at)"
           " VALUES (99, 1, 1, 1, 5, 5, 'now', 'now')")
db.commit()
PY
expect 1 "" -- check "$work/demo.shadelab" --json
python3 -c 'import json,sys; c=json.load(open(sys.argv[1])); assert c["foreign_keys"] == [{"table": "boxes", "rowid": 6, "parent": "images"}], c["foreign_keys"]' \
  "$work/out" || fail "check does not report the broken link"

# --- read-only while another process writes ---
python3 - "$cli" "$work/demo.shadelab" <<'PY' || fail "stats or check while another process holds a write transaction"
import json, sqlite3, subprocess, sys
cli, path = sys.argv[1:]
db = sqlite3.connect(path, isolation_level=None)
db.execute("BEGIN IMMEDIATE")
db.execute("INSERT INTO labeling_time (image_id, labeler, seconds, at) VALUES (1, 'zoe', 5, 'now')")
out = subprocess.run([cli, "stats", path, "--json"], capture_output=True, text=True, timeout=30)
assert out.returncode == 0, out.stderr
assert "zoe" not in [l["name"] for l in json.loads(out.stdout)["labelers"]]
out = subprocess.run([cli, "check", path, "--json"], capture_output=True, text=True, timeout=30)
assert out.returncode == 1 and json.loads(out.stdout)["integrity"] == [], out.stderr
db.execute("COMMIT")
out = subprocess.run([cli, "stats", path, "--json"], capture_output=True, text=True, timeout=30)
assert "zoe" in [l["name"] for l in json.loads(out.stdout)["labelers"]]
PY

# --- errors ---
expect 2 "PROJECT" -- stats
expect 2 "" -- stats "$work/demo.shadelab" --no-such-option
expect 2 "PROJECT" -- check
expect 1 "No such file" -- stats "$work/missing.shadelab"
expect 1 "not a Shadelab project" -- stats "$work/notes.txt"
expect 1 "not a Shadelab project" -- check "$work/notes.txt" --json
python3 -c 'import sqlite3,sys; db=sqlite3.connect(sys.argv[1]); db.execute("PRAGMA user_version = 99"); db.commit()' \
  "$work/explicit.shadelab"
expect 1 "newer Shadelab" -- stats "$work/explicit.shadelab"
expect 1 "newer Shadelab" -- check "$work/explicit.shadelab"

checks_done "cli-project: all checks passed"
