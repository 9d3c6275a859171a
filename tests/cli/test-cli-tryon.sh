#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# test-cli-tryon.sh CLI FIXTURE-TOOL: `shadelab-cli tryon` end to end on generated bare-lip photos (PNG and
# JPEG, with embedded profiles and an EXIF orientation): the output PNG's size and profile, every pixel
# outside the lips unchanged, the median lip colour of a matte render against --color at the bare lip's
# lightness (CIEDE2000 computed here, independently of the C colour maths), reproducible glitter, and the
# exit statuses.
set -eu
cli=$1
fixture=$2

first_failure_ends=1
. "$(dirname "$0")/../lib/cli-checks.sh"

cat >"$work/check.py" <<'EOF'
import json, math, struct, sys, zlib

from ciede2000 import de2000, srgb_to_lab

def png_chunks(data):
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, chunks = 8, []
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunks.append((kind, data[pos + 8:pos + 8 + length]))
        pos += 12 + length
    return chunks

def png_icc(path):
    for kind, body in png_chunks(open(path, "rb").read()):
        if kind == b"iCCP":
            name_end = body.index(b"\0")
            assert body[name_end + 1] == 0, "iCCP not deflated"
            return zlib.decompress(body[name_end + 2:])
    return None

def jpeg_icc(path):
    data, pos, parts = open(path, "rb").read(), 2, {}
    while pos + 4 <= len(data) and data[pos] == 0xFF and data[pos + 1] not in (0xD9, 0xDA):
        marker, length = data[pos + 1], struct.unpack(">H", data[pos + 2:pos + 4])[0]
        body = data[pos + 4:pos + 2 + length]
        if marker == 0xE2 and body[:12] == b"ICC_PROFILE\0":
            parts[body[12]] = body[14:]
        pos += 2 + length
    return b"".join(parts[k] for k in sorted(parts)) if parts else None

def png_pixels(path):
    """8-bit RGB or RGBA, non-interlaced: (width, height, channels, rows of bytes)."""
    chunks = png_chunks(open(path, "rb").read())
    width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", chunks[0][1])
    assert depth == 8 and color in (2, 6) and interlace == 0, (depth, color, interlace)
    channels = 3 if color == 2 else 4
    raw = zlib.decompress(b"".join(body for kind, body in chunks if kind == b"IDAT"))
    stride, rows, prev = width * channels, [], bytearray(width * channels)
    for y in range(height):
        line = raw[y * (stride + 1):(y + 1) * (stride + 1)]
        kind, row = line[0], bytearray(line[1:])
        for i in range(stride):
            a = row[i - channels] if i >= channels else 0
            b, c = prev[i], prev[i - channels] if i >= channels else 0
            if kind == 1: row[i] = (row[i] + a) & 255
            elif kind == 2: row[i] = (row[i] + b) & 255
            elif kind == 3: row[i] = (row[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                row[i] = (row[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(row))
        prev = row
    return width, height, channels, rows

def points(text):
    v = [float(t) for t in text.split(",")]
    return list(zip(v[0::2], v[1::2]))

def touched(polygon, width, height):
    """Per row, the pixels whose square the polygon's area may reach: the even-odd interior at the row's
    centre plus every pixel an edge passes through."""
    result = []
    n = len(polygon)
    for y in range(height):
        cols = set()
        yc = y + 0.5
        crossings = []
        for i in range(n):
            (x0, y0), (x1, y1) = polygon[i], polygon[(i + 1) % n]
            if (y0 <= yc) != (y1 <= yc):
                crossings.append(x0 + (yc - y0) * (x1 - x0) / (y1 - y0))
            lo, hi = max(min(y0, y1), y), min(max(y0, y1), y + 1)
            if lo > hi:
                continue
            xs = [x0 if y0 == y1 else x0 + (t - y0) * (x1 - x0) / (y1 - y0) for t in (lo, hi)]
            if y0 == y1:
                xs = [x0, x1]
            for x in range(max(0, int(math.floor(min(xs))) - 1), min(width, int(math.floor(max(xs))) + 2)):
                cols.add(x)
        crossings.sort()
        for a, b in zip(crossings[0::2], crossings[1::2]):
            for x in range(max(0, int(math.floor(a))), min(width, int(math.ceil(b)))):
                cols.add(x)
        result.append(cols)
    return result

def lab_in_srgb(lab):
    # The inverse of srgb_to_lab, down to linear sRGB, with a little room for rounding.
    fy = (lab[0] + 16) / 116
    f = [fy + lab[1] / 500, fy, fy - lab[2] / 200]
    xyz = [w * (t ** 3 if t > 6 / 29 else 3 * (6 / 29) ** 2 * (t - 4 / 29)) for t, w in zip(f, [0.9642, 1.0, 0.8249])]
    m = [[3.1338561, -1.6168667, -0.4906146], [-0.9787684, 1.9161415, 0.0334540], [0.0719453, -0.2289914, 1.4052427]]
    return all(-1e-4 <= sum(m[r][k] * xyz[k] for k in range(3)) <= 1 + 1e-4 for r in range(3))

command = sys.argv[1]
if command == "selftest":
    # The formula reproduces a Sharma et al. pair (pair 1: 2.0425).
    assert abs(de2000([50, 2.6772, -79.7751], [50, 0, -82.7485]) - 2.0425) < 1e-4
elif command == "render":
    # render RESULT.json OUT.png PHOTO png|jpeg PROFILE COLOR: the JSON, size, profile, colour.
    result, out, photo, kind, profile, color = sys.argv[2:8]
    r = json.load(open(result))
    assert r["out"] == out and r["photo"] == photo, r
    assert struct.unpack(">II", open(out, "rb").read()[16:24]) == (640, 400), "not the upright 640x400 photo"
    assert (r["image"]["width"], r["image"]["height"]) == (640, 400), r["image"]
    source = png_icc(photo) if kind == "png" else jpeg_icc(photo)
    written = png_icc(out)
    assert written is not None, "no profile in the output"
    if source is not None and profile != "lut":
        assert written == source, "the photo's profile is not the output's"
    elif source is not None:
        assert written != source, "a LUT-profile photo's pixels are in the working space, not its profile"
    else:
        assert "sRGB".encode("utf-16-be") in written, "an untagged photo's output is not sRGB"
    assert r["timing"]["render_ms"] >= 0 and r["material"]["base_color"] == color, r
    before, after = r["before"]["lab"], r["after"]["lab"]
    # The hex is the same colour rounded to 8 bits, unless clipped to sRGB (a wide-gamut photo's lips).
    for side in (r["before"], r["after"]):
        if not any(side["hex"][i:i + 2] in ("00", "ff") for i in (1, 3, 5)):
            assert de2000(srgb_to_lab(side["hex"]), side["lab"]) < 1.0, side
    if r["material"]["finish"] == "matte":
        base = srgb_to_lab(color)
        want = [before[0], base[1], base[2]]
        if not lab_in_srgb(want) and profile == "untagged":
            # A photo cannot show more: the shade's chroma scaled down into sRGB, hue and lightness kept.
            low, high = 0.0, 1.0
            for _ in range(30):
                mid = (low + high) / 2
                low, high = (mid, high) if lab_in_srgb([before[0], mid * base[1], mid * base[2]]) else (low, mid)
            want = [before[0], low * base[1], low * base[2]]
        de = de2000(want, after)
        # A wide-gamut photo's limits are not modelled here: its out-of-sRGB targets are only the C test's.
        assert de < 3.0 or not lab_in_srgb(want), "%s on %s: lips %s -> %s, dE2000 %.2f from the shade at the lip's lightness" % (
            color, photo, r["before"]["hex"], r["after"]["hex"], de)
    assert abs(r["delta_e"] - de2000(before, after)) < 1e-3, r["delta_e"]
elif command == "outside":
    # outside BEFORE.png AFTER.png LIPS: every pixel the lips cannot reach is byte-identical, and the lips changed.
    w, h, ch, a = png_pixels(sys.argv[2])
    w2, h2, ch2, b = png_pixels(sys.argv[3])
    assert (w, h, ch) == (w2, h2, ch2), ((w, h, ch), (w2, h2, ch2))
    reach = touched(points(sys.argv[4]), w, h)
    changed = inside_changed = 0
    for y in range(h):
        if a[y] == b[y]:
            continue
        for x in range(w):
            if a[y][x * ch:(x + 1) * ch] != b[y][x * ch:(x + 1) * ch]:
                if x in reach[y]:
                    inside_changed += 1
                else:
                    changed += 1
    assert changed == 0, "%d pixels outside the lips changed" % changed
    assert inside_changed > 1000, "the lips hardly changed (%d pixels)" % inside_changed
EOF
python3 "$work/check.py" selftest

# A PNG in Adobe RGB and an untagged PNG (lossless: the output can be compared with the photo), a JPEG in
# Display P3 stored rotated (EXIF orientation 6), a PNG with a LUT profile; each lip tone's own colour.
set -- "png adobe-rgb 1 2" "png untagged 1 9" "jpeg display-p3 6 7 open" "png lut 1 4"
for spec in "$@"; do
  # shellcheck disable=SC2086
  set -- $spec
  kind=$1 profile=$2 orientation=$3 tone=$4 open=${5:-}
  photo="$work/bare-$profile.$kind"
  "$fixture" "$photo" "$kind" "$profile" "$orientation" "$tone" $open >"$work/poly.txt"
  lips=$(sed -n 1p "$work/poly.txt")
  opening=$(sed -n 2p "$work/poly.txt")
  [ -z "$open" ] || [ -n "$opening" ] || fail "the fixture gave no opening"
  for color in '#b0243a' '#c46a4a' '#8a4a3a'; do
    out="$work/out-$profile.png"
    if [ -n "$opening" ]; then
      "$cli" tryon "$photo" --lips "$lips" --opening "$opening" --color "$color" --out "$out" --json >"$work/r.json"
    else
      "$cli" tryon "$photo" --lips "$lips" --color "$color" --out "$out" --json >"$work/r.json"
    fi
    python3 "$work/check.py" render "$work/r.json" "$out" "$photo" "$kind" "$profile" "$color"
  done
  if [ "$kind" = png ] && [ "$profile" != lut ]; then
    python3 "$work/check.py" outside "$photo" "$out" "$lips"
  fi
done

# The JPEG: two renders differ only on the lips (the decoded photo is not at hand here); glitter follows
# its seed.
photo="$work/bare-display-p3.jpeg"
"$fixture" "$photo" jpeg display-p3 6 7 open >"$work/poly.txt"
lips=$(sed -n 1p "$work/poly.txt")
opening=$(sed -n 2p "$work/poly.txt")
"$cli" tryon "$photo" --lips "$lips" --opening "$opening" --color '#5a2a3a' --finish gloss --out "$work/a.png" >/dev/null
"$cli" tryon "$photo" --lips "$lips" --opening "$opening" --color '#e0a0a0' --finish matte --out "$work/b.png" >/dev/null
python3 "$work/check.py" outside "$work/a.png" "$work/b.png" "$lips"
"$cli" tryon "$photo" --lips "$lips" --color '#8a3b5c' --finish glitter --seed 9 --out "$work/g1.png" >/dev/null
"$cli" tryon "$photo" --lips "$lips" --color '#8a3b5c' --finish glitter --seed 9 --out "$work/g2.png" >/dev/null
"$cli" tryon "$photo" --lips "$lips" --color '#8a3b5c' --finish glitter --seed 10 --out "$work/g3.png" >/dev/null
cmp -s "$work/g1.png" "$work/g2.png" || fail "the same seed gave different renders"
if cmp -s "$work/g1.png" "$work/g3.png"; then fail "another seed gave the same glitter"; fi
# Coverage 0 through --params leaves the photo as decoded.
printf '{"coverage": 0}\n' >"$work/bare.json"
"$cli" tryon "$photo" --lips "$lips" --color '#2040c0' --params "$work/bare.json" --out "$work/c1.png" >/dev/null
"$cli" tryon "$photo" --lips "$lips" --color '#d81e5b' --params "$work/bare.json" --out "$work/c2.png" >/dev/null
cmp -s "$work/c1.png" "$work/c2.png" || fail "coverage 0 renders differ between shades"

# Errors exit 1, usage 2; a failed render leaves no file behind.
expect_status 2 "$cli" tryon
expect_status 2 "$cli" tryon "$photo" --color '#b0243a' --out "$work/x.png"
expect_status 2 "$cli" tryon "$photo" --lips "$lips" --out "$work/x.png"
expect_status 2 "$cli" tryon "$photo" --lips "$lips" --color '#b0243a'
expect_status 2 "$cli" tryon "$photo" --lips '1,2,3,4' --color '#b0243a' --out "$work/x.png"
expect_status 2 "$cli" tryon "$photo" --lips '1,2,3,4,5,x' --color '#b0243a' --out "$work/x.png"
expect_status 2 "$cli" tryon "$photo" --lips "$lips" --opening '1,2,3' --color '#b0243a' --out "$work/x.png"
expect_status 2 "$cli" tryon "$photo" --lips "$lips" --color 'red' --out "$work/x.png"
expect_status 2 "$cli" tryon "$photo" --lips "$lips" --color '#b0243a' --finish velvet --out "$work/x.png"
expect_status 2 "$cli" tryon "$photo" --lips "$lips" --color '#b0243a' --seed -1 --out "$work/x.png"
expect_status 2 "$cli" tryon "$photo" --lips "$lips" --color '#b0243a' --feather 0.9 --out "$work/x.png"
expect_status 2 "$cli" tryon "$photo" "$photo" --lips "$lips" --color '#b0243a' --out "$work/x.png"
expect_status 1 "$cli" tryon "$work/missing.jpg" --lips "$lips" --color '#b0243a' --out "$work/x.png"
printf 'not a photo' >"$work/corrupt.png"
expect_status 1 "$cli" tryon "$work/corrupt.png" --lips "$lips" --color '#b0243a' --out "$work/x.png"
expect_status 1 "$cli" tryon "$photo" --lips '0,0,10,0,20,0' --color '#b0243a' --out "$work/x.png"
grep -q 'no area' "$work/err.txt" || fail "a flat contour is not explained"
expect_status 1 "$cli" tryon "$photo" --lips '5000,5000,5100,5000,5100,5100' --color '#b0243a' --out "$work/x.png"
grep -q 'no pixel' "$work/err.txt" || fail "lips outside the photo are not explained"
printf '{"roughness": 2}\n' >"$work/bad.json"
expect_status 1 "$cli" tryon "$photo" --lips "$lips" --color '#b0243a' --params "$work/bad.json" --out "$work/x.png"
grep -q roughness "$work/err.txt" || fail "the refusal does not name the parameter"
expect_status 1 "$cli" tryon "$photo" --lips "$lips" --color '#b0243a' --out "$work/no-such-dir/x.png"
[ ! -e "$work/x.png" ] || fail "a failed render left a file"
echo "cli-tryon: ok"
