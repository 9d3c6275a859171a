#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# test-cli-extract-batch.sh: `shadelab-cli extract-batch` and `merge-results` end to end: CSV and JSONL
# manifests with columns in any order and relative, absolute and file:// paths; a bad photo gives an error line
# and the batch goes on; shards cover a manifest exactly once; --resume after a torn last line; malformed
# manifests name their line; merging the same results twice changes nothing.
#
# Usage: test-cli-extract-batch.sh SHADELAB-CLI
set -euo pipefail

cli=$(readlink -f "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

fail () { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# expect STATUS STDERR-PATTERN -- ARGS...: runs the CLI and checks its exit status and error message.
expect ()
{
  local status=$1 pattern=$2 rc=0
  shift 3
  "$cli" "$@" >"$work/out" 2>"$work/err" || rc=$?
  if [ "$rc" -ne "$status" ]; then
    fail "shadelab-cli $* exited $rc, expected $status ($(head -c 300 "$work/err"))"
  elif [ -n "$pattern" ] && ! grep -qiE -e "$pattern" "$work/err"; then
    fail "shadelab-cli $*: stderr does not say /$pattern/: $(head -c 300 "$work/err")"
  fi
}

cd "$work"
"$cli" generate photos --count 9 --seed 11 --size 480x360 >/dev/null
echo "not an image" > photos/notes.jpg

# The same nine photos in a CSV (columns shuffled, an extra one, paths relative, absolute and as file URIs, one
# quoted) and in JSONL (ids as integers and strings, one without an id), plus a file that is no photo, a missing
# one and a box outside its photo.
python3 - "$work" <<'PY'
import json, os, sys, urllib.parse
work = sys.argv[1]
truth = json.load(open(os.path.join(work, "photos/truth.json")))
rows = []
for i, e in enumerate(truth):
    b = e["box"]
    rel = "photos/" + e["file"]
    image = [rel, os.path.join(work, rel), "file://" + urllib.parse.quote(os.path.join(work, rel))][i % 3]
    rows.append({"id": "p%d" % i, "image": image, "x": b["x"], "y": b["y"], "w": b["w"], "h": b["h"]})
rows.append({"id": "notes", "image": "photos/notes.jpg", "x": 0, "y": 0, "w": 5, "h": 5})
rows.append({"id": "missing", "image": "photos/missing.jpg", "x": 0, "y": 0, "w": 5, "h": 5})
b = truth[0]["box"]
rows.append({"id": "outside", "image": "photos/" + truth[0]["file"], "x": 5000, "y": 5000, "w": 10, "h": 10})
with open(os.path.join(work, "m.csv"), "w") as f:
    f.write("h,Image,note,w,y,x,ID\n")
    for i, r in enumerate(rows):
        image = '"%s"' % r["image"] if i == 1 else r["image"]
        f.write("%s,%s,a note,%s,%s,%s.0,%s\n" % (r["h"], image, r["w"], r["y"], r["x"], r["id"]))
with open(os.path.join(work, "m.jsonl"), "w") as f:
    for i, r in enumerate(rows):
        r = dict(r)
        if i == 0:
            del r["id"]
        elif i == 1:
            r["id"] = 7
        f.write(json.dumps(r) + ("\r\n" if i == 2 else "\n"))
        if i == 3:
            f.write("\n")
PY

# check RESULTS IDS...: every id exactly once, every line whole JSON.
check_ids ()
{
  python3 - "$@" <<'PY'
import json, sys
lines = open(sys.argv[1]).read().split("\n")
assert lines[-1] == "", "the last line is not whole"
ids = [json.loads(l)["id"] for l in lines[:-1]]
want = sys.argv[2:]
assert sorted(ids) == sorted(want), (sorted(ids), sorted(want))
PY
}
all_ids="p0 p1 p2 p3 p4 p5 p6 p7 p8 notes missing outside"

# CSV: a bad photo is an error line with its reason; the others match `shadelab-cli extract` exactly.
expect 0 "9 photos measured, 3 errors" -- extract-batch m.csv --out csv.jsonl --threads 2
check_ids csv.jsonl $all_ids || fail "CSV results do not hold every id once"
p4=$(python3 -c 'import json; e = json.load(open("photos/truth.json"))[4]; b = e["box"]; print("photos/%s %d,%d,%d,%d" % (e["file"], b["x"], b["y"], b["w"], b["h"]))')
"$cli" extract ${p4% *} --box ${p4#* } > single.json
python3 - csv.jsonl single.json "$work" <<'PY' || fail "extract-batch lines are not the extract object"
import json, os, sys
results = {r["id"]: r for r in map(json.loads, open(sys.argv[1]))}
single = json.load(open(sys.argv[2]))
batch = results["p4"]
assert batch["image"] == os.path.join(sys.argv[3], single["image"]), batch["image"]
for key in single:
    if key not in ("image", "timing"):
        assert batch[key] == single[key], (key, batch[key], single[key])
assert set(batch) == set(single) | {"id"}, set(batch) ^ set(single)
assert list(batch)[0] == "id"
for i in range(9):
    assert "error" not in results["p%d" % i], results["p%d" % i]
reasons = {k: results[k]["error"]["reason"] for k in ("notes", "missing", "outside")}
assert reasons == {"notes": "not-an-image", "missing": "unreadable", "outside": "box-outside"}, reasons
assert "notes.jpg" in results["notes"]["error"]["message"]
PY

# JSONL gives the same colours; a row without an id is known by its line.
expect 0 "" -- extract-batch m.jsonl --out jsonl.jsonl --threads 1
check_ids jsonl.jsonl 1 7 p2 p3 p4 p5 p6 p7 p8 notes missing outside || fail "JSONL results do not hold every id once"
python3 - csv.jsonl jsonl.jsonl <<'PY' || fail "CSV and JSONL manifests measure differently"
import json, sys
a = [json.loads(l) for l in open(sys.argv[1])]
b = [json.loads(l) for l in open(sys.argv[2])]
colours = lambda rs: sorted((r["image"], r.get("srgb", ""), r.get("box")) for r in rs)
assert colours(a) == colours(b)
PY

# Shards: 3 shards of the manifest cover it exactly once, the same way every time.
for k in 0 1 2; do
  expect 0 "shard $k/3" -- extract-batch m.csv --shard "$k/3" --out "shard$k.jsonl" --threads 1
done
cat shard0.jsonl shard1.jsonl shard2.jsonl > shards.jsonl
check_ids shards.jsonl $all_ids || fail "3 shards do not cover the manifest exactly once"
[ -s shard0.jsonl ] && [ -s shard1.jsonl ] && [ -s shard2.jsonl ] || fail "a shard of 12 photos is empty"

# --resume after a torn last line: the torn line is replaced, nothing is measured twice.
head -n 4 csv.jsonl > resumed.jsonl
sed -n 5p csv.jsonl | head -c 100 >> resumed.jsonl
expect 1 "--resume" -- extract-batch m.csv --out resumed.jsonl
expect 0 "8 photos measured|errors, 4 already" -- extract-batch m.csv --out resumed.jsonl --resume --threads 2
check_ids resumed.jsonl $all_ids || fail "--resume after a torn line did not give every id once"
expect 0 "0 photos measured, 0 errors, 12 already" -- extract-batch m.csv --out resumed.jsonl --resume

# Malformed manifests: the message names the file and the line; nothing is measured.
printf 'image,x,y,w,h\nphotos/a.jpg,1,2,3,4\nphotos/b.jpg,1,2,3\n' > short.csv
expect 1 "short.csv: line 3: 4 fields" -- extract-batch short.csv --out bad.jsonl
printf 'id,image,x,y,w,h\na,photos/a.jpg,1,2,3,4\nb,photos/b.jpg,1,2,ten,4\n' > word.csv
expect 1 "word.csv: line 3: w \"ten\" is not a number" -- extract-batch word.csv --out bad.jsonl
printf 'id,image,x,y,w\n' > header.csv
expect 1 "header.csv: line 1: .*missing: h" -- extract-batch header.csv --out bad.jsonl
printf 'id,image,x,y,w,h\na,photos/a.jpg,1,2,3,4\na,photos/b.jpg,1,2,3,4\n' > twice.csv
expect 1 "twice.csv: line 3: id \"a\" is already on line 2" -- extract-batch twice.csv --out bad.jsonl
printf '{"image": "photos/a.jpg", "x": 1, "y": 2, "w": 3, "h": 4}\n\n{"image": "photos/a.jpg", "x": 1,\n' > cut.jsonl
expect 1 "cut.jsonl: line 3: not valid JSON" -- extract-batch cut.jsonl --out bad.jsonl
printf '{"image": "photos/a.jpg", "x": 1, "y": 2, "w": 0, "h": 4}\n' > empty-box.jsonl
expect 1 "empty-box.jsonl: line 1: .*no area" -- extract-batch empty-box.jsonl --out bad.jsonl
printf '{"image": "http://example.com/a.jpg", "x": 1, "y": 2, "w": 3, "h": 4}\n' > url.jsonl
expect 1 "url.jsonl: line 1: .*URL" -- extract-batch url.jsonl --out bad.jsonl
[ ! -e bad.jsonl ] || fail "a malformed manifest left a results file"

# Usage errors exit 2.
expect 2 "out" -- extract-batch m.csv
expect 2 "shard" -- extract-batch m.csv --out x.jsonl --shard 3/3
expect 2 "shard" -- extract-batch m.csv --out x.jsonl --shard 1
expect 2 "threads" -- extract-batch m.csv --out x.jsonl --threads 0
expect 2 "RESULTS" -- merge-results only.shadelab

# merge-results: the photos are matched by path, the boxes added once; merging twice changes nothing.
"$cli" init p.shadelab >/dev/null
"$cli" import p.shadelab photos >/dev/null 2>&1 || true
expect 0 "" -- merge-results p.shadelab csv.jsonl
grep -q "9 swatches stored (9 new boxes), 0 already stored, 3 photos that could not be measured" out \
  || fail "first merge: $(cat out)"
sqlite3 p.shadelab .dump > dump1.sql
expect 0 "" -- merge-results p.shadelab csv.jsonl jsonl.jsonl shards.jsonl
grep -q "0 swatches stored (0 new boxes), 27 already stored" out || fail "second merge: $(cat out)"
sqlite3 p.shadelab .dump > dump2.sql
cmp -s dump1.sql dump2.sql || fail "merging the same results again changed the project"
[ "$(sqlite3 p.shadelab 'SELECT count(*) FROM swatches')" = 9 ] || fail "not one swatch per photo"
# By id: results whose photos the project knows by another path (a cluster's mount) still find them.
python3 - csv.jsonl moved.jsonl p.shadelab <<'PY'
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[3])
ids = {name: i for i, name in db.execute("SELECT id, file_name FROM images")}
with open(sys.argv[2], "w") as out:
    for line in open(sys.argv[1]):
        r = json.loads(line)
        if "error" in r:
            continue
        name = r["image"].rsplit("/", 1)[1]
        r["id"] = str(ids[name])
        r["image"] = "/mnt/cluster/photos/" + name
        out.write(json.dumps(r) + "\n")
PY
expect 0 "" -- merge-results p.shadelab moved.jsonl
grep -q "0 swatches stored (0 new boxes), 9 already stored" out || fail "merge by id: $(cat out)"
# A result of a photo the project does not have is reported, and the exit status says so.
sed -n 1p moved.jsonl | sed -e 's|"id": "[0-9]*"|"id": "elsewhere"|' > foreign.jsonl
expect 1 "foreign.jsonl: line 1: no photo of the project" -- merge-results p.shadelab foreign.jsonl
# A malformed line stores nothing of its file; a torn last line is skipped.
{ sed -n 1p csv.jsonl; echo '{"id": "x", "image": "photos/a.jpg", "srgb": "#zz0000"}'; } > broken.jsonl
expect 1 "broken.jsonl: line 2" -- merge-results p.shadelab broken.jsonl
{ cat csv.jsonl; printf '{"id": "p9", "ima'; } > torn.jsonl
expect 0 "line 13 is cut short" -- merge-results p.shadelab torn.jsonl
sqlite3 p.shadelab .dump > dump3.sql
cmp -s dump1.sql dump3.sql || fail "a refused or repeated merge changed the project"

if [ "$failures" -ne 0 ]; then
  echo "$failures checks failed"
  exit 1
fi
echo "all checks passed"
