#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# test-cli-study-large.sh CLI EXPORT-FIXTURE TRYON-FIXTURE: a realism study of 12 MP camera photos (4000x3000
# JPEGs, the worn ones in Display P3): the study stores its renders and worn photos with their long side cut to
# 2048 px, keeping each photo's profile, so that a rater's pack stays small. Prints the pack's size
# (STUDY_PACK_BYTES=N) for the record.
set -eu
cli=$1
export_fixture=$2
tryon_fixture=$3

first_failure_ends=1
. "$(dirname "$0")/../lib/cli-checks.sh"
. "$(dirname "$0")/../lib/study-fixture.sh"

project=$("$export_fixture" photos "$work")
red='LIP/RED 01'
study_faces "$project" "$tryon_fixture" jpg 4000x3000 "$red" 2 9
study_draw_lips "$project"

"$cli" study create "$project" large --products "$red" --methods mean,tuned >/dev/null
"$cli" study pack "$project" large --rater R1 --seed 3 --out "$work/R1.shadelab-study" >/dev/null

python3 - "$work" <<'PY'
import os, sqlite3, struct, sys, zlib
work = sys.argv[1]
pack = work + "/R1.shadelab-study"
size = os.path.getsize(pack)
print("STUDY_PACK_BYTES=%d" % size)

def chunks(png):
    assert png[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    at = 8
    while at < len(png):
        length, kind = struct.unpack(">I4s", png[at:at + 8])
        yield kind, png[at + 8:at + 8 + length]
        at += 12 + length

def profile(png):
    for kind, data in chunks(png):
        if kind == b"iCCP":
            name, rest = data.split(b"\0", 1)
            return zlib.decompress(rest[1:])
    return None

db = sqlite3.connect("file:%s?mode=ro" % pack, uri=True)
references = [r[0] for r in db.execute("SELECT reference_png FROM trials")]
candidates = [r[0] for r in db.execute("SELECT png FROM candidates")]
assert len(references) == 2 and len(candidates) == 4, (len(references), len(candidates))
for png in references + candidates:
    kind, header = next(chunks(png))
    width, height = struct.unpack(">II", header[:8])
    # 4000x3000 scaled by 2048/4000: 2048x1536, the aspect kept.
    assert (width, height) == (2048, 1536), (width, height)
# Each photo keeps its profile: Display P3 for the worn ones, sRGB for the renders on the bare ones.
for png in references:
    icc = profile(png)
    assert icc is not None and b"Display P3" in icc.replace(b"\0", b""), "the worn photo lost its Display P3 profile"
for png in candidates:
    icc = profile(png)
    assert icc is not None and b"sRGB" in icc.replace(b"\0", b""), "a render lost its sRGB profile"
# Six 2048x1536 PNGs of a synthetic face make about 6 MB; at 4000x3000 they made 21 MB.
assert size < 10 * 1024 * 1024, "pack of %d bytes" % size
PY
checks_done "study of 12 MP photos: images capped at 2048 px with their profiles, pack $(wc -c <"$work/R1.shadelab-study") bytes"
