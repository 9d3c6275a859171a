#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# test-cli-evaluate.sh: `shadelab-cli evaluate` on a manifest of generated photos with known truth: the truth
# read from a patch equals the generator's, robust lands near it and the plain mean far from it, the finish
# is judged against the manifest, columns are found by name in any order, and malformed manifests or
# unreadable photos exit 1 naming the line or the file.
#
# Usage: test-cli-evaluate.sh SHADELAB-CLI
set -euo pipefail

cli=$1
. "$(dirname "$0")/../lib/cli-checks.sh"

"$cli" generate "$work/photos" --count 6 --seed 11 --size 800x600 >/dev/null

# Two manifests from truth.json: one with the truth as hex, one with a truth patch in the bullet's lit body
# (columns in another order, and a row without a box that must be skipped).
python3 - "$work/photos/truth.json" "$work" <<'PY'
import json, os, sys
entries = json.load(open(sys.argv[1]))
work = sys.argv[2]
with open(os.path.join(work, "hex.tsv"), "w") as out:
    out.write("file\tbox_xywh\ttruth\tfinish_by_product_line\n")
    for e in entries:
        b = e["box"]
        finish = "shimmer" if e["glitter"]["flakes"] > 0 else e["finish"]
        out.write("photos/%s\t%d,%d,%d,%d\t%s\t%s\n" % (e["file"], b["x"], b["y"], b["w"], b["h"],
                                                      e["truth"]["srgb"], finish))
with open(os.path.join(work, "patch.tsv"), "w") as out:
    out.write("finish\tpatch\tbox\tfile\n")
    out.write("\t\t\tphotos/%s\n" % entries[0]["file"])
PY

# A good run: JSON with every photo, robust near the truth, the mean far from it.
"$cli" evaluate "$work/hex.tsv" --json >"$work/out.json" 2>"$work/err" || fail "evaluate exited $? ($(cat "$work/err"))"
python3 - "$work/out.json" <<'PY' || fail "evaluate --json: unexpected figures"
import json, sys
result = json.load(open(sys.argv[1]))
photos = result["photos"]
assert len(photos) == 6, photos
for p in photos:
    for key in ("file", "truth", "robust", "mean", "dominant", "confidence", "finish", "extract_ms"):
        assert key in p, (key, p)
    assert p["robust"]["delta_e"] < 3.0, p
summary = result["summary"]
assert summary["robust"]["photos"] == 6
assert summary["robust"]["median"] < 1.0, summary
assert summary["mean"]["median"] > 5.0, summary
assert summary["robust"]["median"] <= summary["robust"]["p90"] <= summary["robust"]["worst"]
assert summary["finish"]["judged"] == 6, summary
assert 0 <= summary["finish"]["agree"] <= 6
PY

# The table names each photo and prints the summary lines.
"$cli" evaluate "$work/hex.tsv" >"$work/table.txt" || fail "evaluate (table) exited $?"
grep -q "synth-0001" "$work/table.txt" || fail "the table does not list synth-0001"
grep -qE "^robust +CIEDE2000 to the truth over 6 photos: median [0-9.]+, p90 [0-9.]+, worst [0-9.]+" \
  "$work/table.txt" || fail "the table has no robust summary: $(cat "$work/table.txt")"

# A patch: the truth is the median of its pixels. A 9x9 patch at the centre of a flat grey image is that
# grey whatever the method does.
python3 - "$work" <<'PY'
import os, struct, sys, zlib
work = sys.argv[1]
w, h = 64, 48
raw = b"".join(b"\x00" + bytes([120, 60, 90]) * w for _ in range(h))
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) \
    + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
open(os.path.join(work, "flat.png"), "wb").write(png)
with open(os.path.join(work, "flat.tsv"), "w") as out:
    out.write("finish\tpatch\tbox\tfile\n")
    out.write("matte\t28,20,37,29\t8,8,48,32\tflat.png\n")
    out.write("\t\t\tphotos/synth-0001.jpg\n")
PY
"$cli" evaluate "$work/flat.tsv" --json >"$work/flat.json" || fail "evaluate flat.tsv exited $?"
python3 - "$work/flat.json" <<'PY' || fail "evaluate on a flat patch: unexpected result"
import json, sys
result = json.load(open(sys.argv[1]))
flat, skipped = result["photos"]
assert flat["truth"] == "#783c5a", flat
assert flat["mean"]["delta_e"] < 0.01, flat
assert skipped.get("skipped") == "no box", skipped
PY

# refuse STATUS STDERR-PATTERN MANIFEST-TEXT: a manifest that must be refused (or a photo that cannot be read).
refuse ()
{
  printf '%b' "$3" >"$work/bad.tsv"
  expect "$1" "$2" -- evaluate "$work/bad.tsv"
}
refuse 1 "empty manifest" ""
refuse 1 "line 1: no 'file' column" "photo\tbox\n"
refuse 1 "line 2: box '1,2,3' is not x,y,w,h" "file\tbox\nflat.png\t1,2,3\n"
refuse 1 "line 3: truth '#12345' is not #rrggbb" "file\tbox\ttruth\nflat.png\t1,2,3,4\t#123456\nflat.png\t1,2,3,4\t#12345\n"
refuse 1 "line 2: patch '5,5,5,9' is not x0,y0,x1,y1" "file\tbox\tpatch\nflat.png\t1,2,3,4\t5,5,5,9\n"
refuse 1 "missing.png" "file\tbox\nmissing.png\t1,2,3,4\n"
refuse 1 "box lies outside" "file\tbox\nflat.png\t500,500,10,10\n"
expect 2 '' -- evaluate

checks_done "ok: shadelab-cli evaluate"
