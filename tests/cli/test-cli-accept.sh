#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# test-cli-accept.sh: `shadelab-cli accept` takes exactly the model boxes at or above the threshold (of a class
# when asked), in one transaction with its audit row (who, when, threshold, class, counts); marks labeled the new
# photos left with nothing to review; lists the photos that still need a person; and refuses an unknown class
# or a score out of range changing nothing.
#
# Usage: test-cli-accept.sh SHADELAB-CLI
set -euo pipefail

cli=$1
. "$(dirname "$0")/../lib/cli-checks.sh"

"$cli" generate "$work/photos" --count 5 --size 320x240 >/dev/null
"$cli" init "$work/p" >/dev/null
p=$work/p.shadelab
"$cli" import -q "$p" "$work/photos" >/dev/null
names=($(cd "$work/photos" && ls synth-*))

# Predictions: photo 1 all confident, photo 2 one confident and one not, photo 3 none confident, photo 4 none
# at all; photo 5 has a person's box.
cat >"$work/predictions.json" <<JSON
{"images": [
  {"id": 1, "file_name": "${names[0]}", "width": 320, "height": 240},
  {"id": 2, "file_name": "${names[1]}", "width": 320, "height": 240},
  {"id": 3, "file_name": "${names[2]}", "width": 320, "height": 240}],
 "categories": [{"id": 1, "name": "product"}, {"id": 2, "name": "packaging"}],
 "annotations": [
  {"image_id": 1, "category_id": 1, "bbox": [10, 10, 50, 50], "score": 0.95},
  {"image_id": 1, "category_id": 2, "bbox": [100, 10, 50, 50], "score": 0.9},
  {"image_id": 2, "category_id": 1, "bbox": [10, 10, 50, 50], "score": 0.97},
  {"image_id": 2, "category_id": 1, "bbox": [100, 10, 50, 50], "score": 0.5},
  {"image_id": 3, "category_id": 1, "bbox": [10, 10, 50, 50], "score": 0.3}]}
JSON
cat >"$work/person.json" <<JSON
{"images": [{"id": 1, "file_name": "${names[4]}", "width": 320, "height": 240}],
 "categories": [{"id": 1, "name": "product"}],
 "annotations": [{"image_id": 1, "category_id": 1, "bbox": [5, 5, 20, 20]}]}
JSON
"$cli" import-annotations "$p" "$work/predictions.json" >/dev/null
"$cli" import-annotations "$p" "$work/person.json" >/dev/null

q () { python3 -c 'import sqlite3,sys; print("\n".join("|".join(map(str, r)) for r in sqlite3.connect(sys.argv[1]).execute(sys.argv[2])))' "$p" "$1"; }
dump () { python3 -c 'import sqlite3,sys; print("\n".join(l for l in sqlite3.connect(sys.argv[1]).iterdump() if "sqlite_stat" not in l and "ANALYZE" not in l))' "$p"; }

# --- refusals change nothing ---
before=$(dump)
expect 2 "from 0 to 1" -- accept "$p" --min-score 1.5
expect 2 "from 0 to 1" -- accept "$p"
expect 1 "no box class 'lid'" -- accept "$p" --min-score 0.5 --class lid
[ "$before" = "$(dump)" ] || fail "a refused accept changed the project"

# --- every class at 0.9: the 0.9 box is in (at or above), the 0.5 and 0.3 are not ---
USER=tester expect 0 "" -- accept "$p" --min-score 0.9
grep -q "Accepted 3 model boxes scoring 0.9 or more; 1 photo marked labeled. 3 photos need a person:" "$work/out" \
  || fail "accept's summary: $(cat "$work/out")"
grep -q "${names[1]}	1 prediction to review" "$work/out" || fail "photo 2 is not listed with its prediction"
grep -q "${names[2]}	1 prediction to review" "$work/out" || fail "photo 3 is not listed"
grep -q "${names[3]}	no box" "$work/out" || fail "photo 4 (no box) is not listed"
! grep -q "${names[0]}\|${names[4]}" "$work/out" || fail "a photo with nothing to review is listed"
# The statistics follow the acceptance (the store keeps their counts with every write).
"$cli" stats "$p" --json >"$work/stats.json"
python3 - "$work/stats.json" "$(q "SELECT count(*) FROM boxes WHERE source = 'model' AND accepted = 1")" \
  "$(q "SELECT count(*) FROM images WHERE status = 'labeled'")" <<'PY' || fail "stats after accept: $(cat "$work/stats.json")"
import json, sys
stats = json.load(open(sys.argv[1]))
assert stats["boxes"]["model_accepted"] == int(sys.argv[2]) == 3, stats["boxes"]
assert stats["images"]["labeled"] == int(sys.argv[3]), stats["images"]
PY
[ "$(q "SELECT score, accepted, labeler FROM boxes WHERE source = 'model' ORDER BY id")" = "0.95|1|tester
0.9|1|tester
0.97|1|tester
0.5|0|None
0.3|0|None" ] || fail "accepted boxes: $(q "SELECT score, accepted, labeler FROM boxes ORDER BY id")"
[ "$(q "SELECT file_name, status FROM images ORDER BY file_name")" = "${names[0]}|labeled
${names[1]}|new
${names[2]}|new
${names[3]}|new
${names[4]}|labeled" ] || fail "statuses after accept: $(q "SELECT file_name, status FROM images ORDER BY file_name")"
[ "$(q "SELECT who, min_score, class_name, boxes, images_labeled FROM score_acceptances")" = "tester|0.9|None|3|1" ] \
  || fail "audit row: $(q "SELECT * FROM score_acceptances")"
q "SELECT accepted_at FROM score_acceptances" | grep -E '^20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z$' >/dev/null \
  || fail "the audit row has no time"
[ "$(q "SELECT count(*) FROM score_accepted_boxes WHERE acceptance_id = 1")" = 3 ] || fail "audit boxes"

# --- one class, a lower threshold, another labeler; JSON ---
expect 0 "" -- accept "$p" --min-score 0.4 --class product --labeler qa-bot --json
python3 - "$work/out" "${names[2]}" "${names[3]}" <<'PY' || fail "accept --json"
import json, sys
o = json.load(open(sys.argv[1]))
assert o["min_score"] == 0.4 and o["class"] == "product" and o["who"] == "qa-bot", o
assert o["accepted_boxes"] == 1 and o["images_labeled"] == 1 and o["acceptance"] == 2, o
left = [(x["path"].rsplit("/", 1)[1], x["model_boxes"]) for x in o["needs_person"]]
# In the project's order (import order, which parallel decoding does not tie to the names).
assert sorted(left) == [(sys.argv[2], 1), (sys.argv[3], 0)], left
PY
[ "$(q "SELECT who, min_score, class_name, boxes, images_labeled FROM score_acceptances ORDER BY id")" = "tester|0.9|None|3|1
qa-bot|0.4|product|1|1" ] || fail "audit rows: $(q "SELECT * FROM score_acceptances")"

# Nothing left at that threshold: a second run accepts nothing and still writes its audit row.
expect 0 "" -- accept "$p" --min-score 0.4 --class product
grep -q "Accepted 0 model boxes" "$work/out" || fail "a second accept: $(cat "$work/out")"

checks_done "accept takes the boxes at or above the threshold, audited, and lists what is left"
