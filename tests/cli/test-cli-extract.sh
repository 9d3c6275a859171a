#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# test-cli-extract.sh: `shadelab-cli extract` end to end on real files: the JSON it prints, its exit codes
# (0 ok, 1 error with a message on stderr, 2 usage) and how it treats boxes partly or wholly outside.
#
# Usage: test-cli-extract.sh SHADELAB-CLI
set -euo pipefail

cli=$1
. "$(dirname "$0")/../lib/cli-checks.sh"

"$cli" generate "$work/photos" --count 3 --seed 5 --size 800x600 >/dev/null
photo=$work/photos/synth-0001.jpg
read -r box truth < <(python3 - "$work/photos/truth.json" <<'PY'
import json, sys
entry = json.load(open(sys.argv[1]))[0]
b = entry["box"]
print("%d,%d,%d,%d %s" % (b["x"], b["y"], b["w"], b["h"], entry["truth"]["srgb"]))
PY
)

# A good run: every documented key, values that make sense, the colour close to the truth.
for method in robust mean dominant; do
  expect 0 "" -- extract "$photo" --box "$box" --method "$method" --repeat 3
  python3 - "$work/out" "$method" "$box" "$truth" <<'PY' || fail "JSON of --method $2 is wrong"
import json, sys
out = json.load(open(sys.argv[1]))
method, box, truth = sys.argv[2], [int(v) for v in sys.argv[3].split(",")], sys.argv[4]
for key in ["image", "box", "method", "srgb", "lab", "linear_rgb", "pixels", "confidence", "finish", "glitter",
            "timing"]:
    assert key in out, key
assert out["method"] == method
assert out["box"] == box, out["box"]
assert out["srgb"].startswith("#") and len(out["srgb"]) == 7
assert len(out["lab"]) == 3 and 0 <= out["lab"][0] <= 100
px = out["pixels"]
assert px["total"] == box[2] * box[3]
classes = ["used", "background", "specular", "clipped", "other", "cut-face", "shadow", "engraving", "edge"]
assert sum(px[c] for c in classes) == px["total"], px
assert 0 <= out["confidence"] <= 1
assert out["reason"] in ("none", "few-pixels", "like-background", "uneven"), out["reason"]
assert abs(sum(out["finish"]["confidence"].values()) - 1) < 1e-3, out["finish"]
assert 0 <= out["glitter"]["confidence"] <= 1
assert out["finish"]["class"] in ("matte", "satin", "gloss")
assert isinstance(out["glitter"]["present"], bool)
assert out["timing"]["decode_ms"] > 0 and out["timing"]["extract_ms"] >= 0 and out["timing"]["repeat"] == 3
if method == "robust":
    t = [int(truth[i:i + 2], 16) for i in (1, 3, 5)]
    e = [int(out["srgb"][i:i + 2], 16) for i in (1, 3, 5)]
    assert max(abs(a - b) for a, b in zip(t, e)) <= 4, (truth, out["srgb"])
    assert px["used"] > px["total"] / 4
if method == "mean":
    assert px["used"] == px["total"]
PY
done

# A box partly outside is clipped and says so; one wholly outside is an error.
expect 0 "" -- extract "$photo" --box -50,-50,200,200
python3 -c 'import json,sys; o=json.load(open(sys.argv[1])); assert o["box"]==[0,0,150,150] and o["box_clipped"] is True' \
  "$work/out" || fail "partly outside box not clipped"
expect 1 "outside" -- extract "$photo" --box 5000,5000,10,10

# Usage errors exit 2.
expect 2 "box" -- extract "$photo"
expect 2 "box" -- extract "$photo" --box 1,2,3
expect 2 "box" -- extract "$photo" --box 1,2,0,5
expect 2 "box" -- extract "$photo" --box a,b,c,d
expect 2 "method" -- extract "$photo" --box 1,1,5,5 --method median
expect 2 "repeat" -- extract "$photo" --box 1,1,5,5 --repeat 0
expect 2 "IMAGE" -- extract --box 1,1,5,5
expect 2 "unknown" -- no-such-command

# Bad files exit 1 with a message naming the file.
: > "$work/empty.jpg"
expect 1 "empty.jpg" -- extract "$work/empty.jpg" --box 0,0,5,5
head -c 3000 "$photo" > "$work/cut.jpg"
expect 1 "cut.jpg" -- extract "$work/cut.jpg" --box 0,0,5,5
echo "not an image" > "$work/notes.png"
expect 1 "notes.png" -- extract "$work/notes.png" --box 0,0,5,5
expect 1 "missing.jpg" -- extract "$work/missing.jpg" --box 0,0,5,5
expect 1 "limit" -- extract "$photo" --box 0,0,5,5 --pixel-limit 1000

checks_done "all checks passed"
