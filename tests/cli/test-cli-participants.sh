#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# test-cli-participants.sh CLI EXPORT-FIXTURE TRYON-FIXTURE: participants, their face photos and lips from the
# command line, and `shadelab-cli tryon PROJECT` on them: consent (a participant without it is neither listed
# for an export nor rendered on), bad input (bad MST, taken code, unknown SKU or participant, a corrupt photo
# among good ones, lips outside the photo) changing nothing with a clear message, and the exit statuses.
set -eu
cli=$1
export_fixture=$2
tryon_fixture=$3

first_failure_ends=1
. "$(dirname "$0")/../lib/cli-checks.sh"

project=$("$export_fixture" photos "$work")
"$tryon_fixture" "$work/bare.jpg" jpeg display-p3 6 6 open >"$work/poly.txt"
"$tryon_fixture" "$work/worn.png" png srgb 1 6 >/dev/null
lips=$(sed -n 1p "$work/poly.txt")
opening=$(sed -n 2p "$work/poly.txt")
printf 'not a photo at all' >"$work/corrupt.jpg"

# ---- participants ----
"$cli" participant add "$project" --code P-001 --mst 6 --marketplace BR --notes 'left-handed' --consent >/dev/null
"$cli" participant add "$project" --code P-002 --mst 3 >/dev/null
"$cli" participant list "$project" --json >"$work/all.json"
"$cli" participant list "$project" --consented --json >"$work/consented.json"
python3 - "$work/all.json" "$work/consented.json" <<'EOF'
import json, sys
everyone = json.load(open(sys.argv[1]))["participants"]
consented = json.load(open(sys.argv[2]))["participants"]
assert [p["code"] for p in everyone] == ["P-001", "P-002"], everyone
first = everyone[0]
assert first["mst"] == 6 and first["marketplace"] == "BR" and first["notes"] == "left-handed", first
assert first["consent"] is True and everyone[1]["consent"] is False, everyone
assert everyone[1]["marketplace"] is None and first["bare_photos"] == 0, everyone
# Without consent, not listed for an export.
assert [p["code"] for p in consented] == ["P-001"], consented
EOF
"$cli" participant list "$project" | grep -q '^P-002 ' || fail "the plain list misses P-002"

# Bad input changes nothing.
cp "$work/all.json" "$work/before.json"
expect_status 2 "$cli" participant add "$project" --code P-003 --mst 11
expect_message "1 to 10"
expect_status 2 "$cli" participant add "$project" --code P-003 --mst dark
expect_status 2 "$cli" participant add "$project" --mst 3
expect_status 2 "$cli" participant add "$project" --code P-003
expect_status 1 "$cli" participant add "$project" --code P-001 --mst 2
expect_message "already has a participant 'P-001'"
expect_status 1 "$cli" participant remove "$project" --code P-404
expect_message "no participant 'P-404'"
expect_status 2 "$cli" participant rename "$project"
expect_status 2 "$cli" participant list
expect_status 1 "$cli" participant list "$work/missing.shadelab"
"$cli" participant list "$project" --json >"$work/after.json"
cmp -s "$work/before.json" "$work/after.json" || fail "a refused participant change changed the project"

# ---- face photos ----
"$cli" face add "$project" --participant P-001 --bare "$work/bare.jpg" >/dev/null
"$cli" face add "$project" --participant P-001 --worn 'LIP/RED 01' "$work/worn.png" >/dev/null
"$cli" face list "$project" --json >"$work/faces.json"
expect_status 1 "$cli" face add "$project" --participant P-001 --worn NO-SUCH-SKU "$work/worn.png"
expect_message "no product with SKU 'NO-SUCH-SKU'"
expect_status 1 "$cli" face add "$project" --participant P-404 --bare "$work/bare.jpg"
expect_message "no participant 'P-404'"
# A corrupt photo after a good one: neither is added.
expect_status 1 "$cli" face add "$project" --participant P-001 --bare "$work/bare.jpg" "$work/corrupt.jpg"
expect_message "corrupt.jpg"
expect_message "nothing added"
expect_status 1 "$cli" face add "$project" --participant P-001 --bare "$work/missing.jpg"
expect_status 2 "$cli" face add "$project" --participant P-001 "$work/bare.jpg"
expect_status 2 "$cli" face add "$project" --participant P-001 --bare --worn 'LIP/RED 01' "$work/bare.jpg"
expect_status 2 "$cli" face add "$project" --participant P-001 --bare
expect_status 2 "$cli" face add "$project" --bare "$work/bare.jpg"
"$cli" face list "$project" --json >"$work/faces-after.json"
cmp -s "$work/faces.json" "$work/faces-after.json" || fail "a refused face photo changed the project"
bare_id=$(python3 - "$work/faces.json" <<'EOF'
import json, sys
photos = json.load(open(sys.argv[1]))["face_photos"]
assert [(p["participant"], p["kind"], p["sku"]) for p in photos] == [("P-001", "bare", None),
                                                                       ("P-001", "worn", "LIP/RED 01")], photos
# The upright size: the JPEG is stored rotated (EXIF orientation 6).
assert all((p["width"], p["height"]) == (640, 400) for p in photos), photos
assert all(len(p["sha256"]) == 64 and not p["outer"] for p in photos), photos
print(photos[0]["id"])
EOF
)

# ---- lips ----
expect_status 1 "$cli" tryon "$project" --product 'LIP/RED 01' --participant P-001 --out "$work/none"
expect_message "no bare photo with lips drawn"
"$cli" polygon set "$project" "$bare_id" --outer "$lips" --opening "$opening" >/dev/null
"$cli" polygon show "$project" "$bare_id" >"$work/shown.txt"
python3 - "$work/shown.txt" "$lips" "$opening" <<'EOF'
import sys
shown = open(sys.argv[1]).read().split("\n")
for line, given in zip(shown[:2], sys.argv[2:4]):
    a = [float(v) for v in line.split(",")]
    b = [float(v) for v in given.split(",")]
    assert a == b, (line[:80], given[:80])
EOF
expect_status 1 "$cli" polygon set "$project" "$bare_id" --outer '10,10,700,10,10,300'
expect_message "not inside the photo"
expect_status 1 "$cli" polygon set "$project" 999 --outer '10,10,100,10,10,100'
expect_message "no face photo 999"
expect_status 2 "$cli" polygon set "$project" "$bare_id" --outer '10,10,100,10'
expect_status 2 "$cli" polygon set "$project" "$bare_id"
expect_status 2 "$cli" polygon set "$project" photo --outer '10,10,100,10,10,100'
"$cli" polygon show "$project" "$bare_id" >"$work/shown-after.txt"
cmp -s "$work/shown.txt" "$work/shown-after.txt" || fail "refused lips changed the stored ones"

# ---- tryon PROJECT ----
"$cli" tryon "$project" --product 'LIP/RED 01' --participant P-001 --out "$work/renders" --json >"$work/tryon.json"
python3 - "$work/tryon.json" "$work/renders" "$bare_id" <<'EOF'
import json, os, struct, sys
r = json.load(open(sys.argv[1]))
assert r["product"] == "LIP/RED 01" and r["participant"] == "P-001", r
assert r["color_source"] in ("material", "swatch", "catalog"), r["color_source"]
renders = r["renders"]
assert len(renders) == 1, "only the bare photo is rendered on: %d renders" % len(renders)
out = renders[0]["out"]
assert os.path.basename(out) == "P-001-%s-LIP_RED_01.png" % sys.argv[3], out
assert os.path.dirname(out) == sys.argv[2], out
assert renders[0]["face_photo"] == int(sys.argv[3])
png = open(out, "rb").read()
assert png[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", png[16:24]) == (640, 400)
assert renders[0]["delta_e"] > 5, "the lips hardly changed: %s" % renders[0]
EOF
# Without consent: refused, nothing written.
"$cli" face add "$project" --participant P-002 --bare "$work/bare.jpg" >/dev/null
expect_status 1 "$cli" tryon "$project" --product 'LIP/RED 01' --participant P-002 --out "$work/refused"
expect_message "not consented"
[ ! -e "$work/refused" ] || fail "a refused rendering wrote its folder"
expect_status 1 "$cli" tryon "$project" --product NO-SUCH-SKU --participant P-001 --out "$work/x"
expect_status 1 "$cli" tryon "$project" --product 'LIP/RED 01' --participant P-404 --out "$work/x"
expect_status 2 "$cli" tryon "$project" --product 'LIP/RED 01' --out "$work/x"
expect_status 2 "$cli" tryon "$project" --product 'LIP/RED 01' --participant P-001 --color '#b0243a' --out "$work/x"

# ---- removal takes the photos and lips along ----
"$cli" participant remove "$project" --code P-001 >/dev/null
"$cli" face list "$project" --json >"$work/faces-left.json"
python3 - "$work/faces-left.json" <<'EOF'
import json, sys
photos = json.load(open(sys.argv[1]))["face_photos"]
assert [p["participant"] for p in photos] == ["P-002"], photos
EOF
expect_status 1 "$cli" polygon show "$project" "$bare_id"
echo "cli-participants: ok"
