#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# test-cli-measure-tone.sh CLI EXPORT-FIXTURE TRYON-FIXTURE: `shadelab-cli participant measure-tone` on generated
# face photos (no real face) whose skin is a known Monk Skin Tone, in Display P3 and sRGB: the cheek patch's
# colour, the nearest tone and the CIEDE2000 to each (checked against tests/lib/ciede2000.py), each of the ten
# tones proposing itself, --set storing it and nothing else, and bad input (a patch outside the photo, another
# participant's photo, an unknown code, a malformed patch) refused with a clear message and the project
# unchanged.
set -eu
cli=$1
export_fixture=$2
tryon_fixture=$3

first_failure_ends=1
. "$(dirname "$0")/../lib/cli-checks.sh"

project=$("$export_fixture" photos "$work")
# MST 7 in Display P3 (read through its ICC profile), MST 3 untagged; 640x400, the mouth in the middle.
"$tryon_fixture" "$work/face-7.jpg" jpeg display-p3 1 7 >/dev/null
"$tryon_fixture" "$work/face-3.png" png untagged 1 3 >/dev/null
"$cli" participant add "$project" --code P-007 --mst 2 --marketplace BR --notes 'cheek left' --consent >/dev/null
"$cli" participant add "$project" --code P-003 --mst 9 >/dev/null
"$cli" face add "$project" --participant P-007 --bare "$work/face-7.jpg" >/dev/null
"$cli" face add "$project" --participant P-003 --bare "$work/face-3.png" >/dev/null
"$cli" face list "$project" --json >"$work/faces.json"
face_id ()
{
  python3 -c 'import json, sys
print([f["id"] for f in json.load(open(sys.argv[1]))["face_photos"] if f["participant"] == sys.argv[2]][0])' \
    "$work/faces.json" "$1"
}
id7=$(face_id P-007)
id3=$(face_id P-003)

# A cheek: the upper left of the photo, away from the mouth.
"$cli" participant measure-tone "$project" P-007 --photo "$id7" --patch 40,40,80,60 --json >"$work/m7.json"
"$cli" participant measure-tone "$project" P-003 --photo "$work/face-3.png" --patch 40,40,80,60 --json >"$work/m3.json"
python3 - "$work/m7.json" "$work/m3.json" "$SHADELAB_SOURCE_DIR/tests/reference/monk-skin-tone.tsv" <<'PY'
import json, sys
from ciede2000 import de2000 as delta_e2000
swatches = [[float(v) for v in line.split("\t")[2:5]] for line in open(sys.argv[3])
            if line[0].isdigit()]
for path, tone in ((sys.argv[1], 7), (sys.argv[2], 3)):
    m = json.load(open(path))
    assert m["mst"] == tone, (path, m["mst"], m["hex"])
    assert m["patch"] == {"x": 40, "y": 40, "w": 80, "h": 60, "pixels": 4800}, m["patch"]
    assert m["stored"] is False
    d = [e["delta_e2000"] for e in m["distances"]]
    assert [e["mst"] for e in m["distances"]] == list(range(1, 11))
    assert m["delta_e2000"] == d[tone - 1] == min(d), d
    for i, swatch in enumerate(swatches):
        # The table is rounded to two decimals.
        assert abs(delta_e2000(m["lab_d50"], swatch) - d[i]) < 0.02, (i + 1, d[i])
    # The skin is lit at 90-95% of the swatch: close, and darker.
    assert d[tone - 1] < 5, d
    assert m["lab_d50"][0] < swatches[tone - 1][0], m["lab_d50"]
    print(f"MST {tone}: measured {m['hex']} dE00 {d[tone - 1]:.2f}, next nearest {sorted(d)[1]:.2f}")
PY

# Every tone's generated face proposes its own tone, from a photo file given by path.
for tone in 1 2 3 4 5 6 7 8 9 10; do
  "$tryon_fixture" "$work/tone-$tone.png" png srgb 1 "$tone" >/dev/null
  "$cli" participant measure-tone "$project" P-003 --photo "$work/tone-$tone.png" --patch 40,40,80,60 --json \
    >"$work/tone-$tone.json"
  got=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["mst"])' "$work/tone-$tone.json")
  [ "$got" = "$tone" ] || fail "a face of MST $tone measured as MST $got"
done

# The plain output says the same.
"$cli" participant measure-tone "$project" P-007 --photo "$id7" --patch 40,40,80,60 >"$work/plain.txt"
grep -q '^nearest: MST 7, dE00 ' "$work/plain.txt" ||
  fail "the plain output misses the nearest tone: $(cat "$work/plain.txt")"
[ "$(grep -c '^  MST ' "$work/plain.txt")" -eq 10 ] || fail "the plain output does not list the ten tones"

# Without --set nothing is stored; with it only the tone changes.
"$cli" participant list "$project" --json >"$work/before.json"
"$cli" participant measure-tone "$project" P-007 --photo "$id7" --patch 40,40,80,60 --set --json >"$work/set.json"
python3 - "$work/before.json" "$work/set.json" "$cli" "$project" <<'PY'
import json, subprocess, sys
before = {p["code"]: p for p in json.load(open(sys.argv[1]))["participants"]}
assert before["P-007"]["mst"] == 2, before
assert json.load(open(sys.argv[2]))["stored"] is True
listed = subprocess.check_output([sys.argv[3], "participant", "list", sys.argv[4], "--json"])
after = {p["code"]: p for p in json.loads(listed)["participants"]}
assert after["P-007"]["mst"] == 7, after["P-007"]
before["P-007"]["mst"] = 7
assert after == before, (before, after)
PY

# Refused, nothing changed.
"$cli" participant list "$project" --json >"$work/before.json"
expect_status 1 "$cli" participant measure-tone "$project" P-003 --photo "$id3" --patch 700,500,20,20 --set
expect_message "holds no skin"
expect_status 1 "$cli" participant measure-tone "$project" P-003 --photo "$id7" --patch 40,40,80,60 --set
expect_message "not 'P-003'"
expect_status 1 "$cli" participant measure-tone "$project" P-404 --photo "$id7" --patch 40,40,80,60
expect_message "no participant 'P-404'"
expect_status 1 "$cli" participant measure-tone "$project" P-003 --photo "$work/missing.jpg" --patch 40,40,80,60
expect_status 2 "$cli" participant measure-tone "$project" P-003 --photo "$id3" --patch 40,40,0,60
expect_message "--patch X,Y,W,H"
expect_status 2 "$cli" participant measure-tone "$project" P-003 --patch 40,40,80,60
expect_message "--photo"
expect_status 2 "$cli" participant measure-tone "$project" --photo "$id3" --patch 40,40,80,60
"$cli" participant list "$project" --json >"$work/after.json"
cmp -s "$work/before.json" "$work/after.json" || fail "a refused measurement changed the project"

checks_done "measure-tone: MST 7 and MST 3 measured from their cheeks, stored with --set, bad input refused"
