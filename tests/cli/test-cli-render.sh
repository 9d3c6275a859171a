#!/bin/sh
# test-cli-render.sh CLI EXPORT_FIXTURE: `shadelab-cli render` end to end: the JSON, the PNG's size, the lip
# colour at the camera-facing point of a matte render against --color (CIEDE2000 computed here, independently
# of the C colour maths), a product's material as the glTF export resolves it, reproducible glitter, and the
# exit statuses.
set -eu
cli=$1
fixture=$2

. "$(dirname "$0")/../lib/cli-checks.sh"

# A failed check stops the test.
fail () { echo "FAIL: $*"; exit 1; }

# A matte render: 10 tiles on a 1248x384 sheet; the lip at its camera-facing point is --color.
for color in '#b0243a' '#e8a0a0' '#5a1a2a' '#c46a4a'; do
  "$cli" render --color "$color" --finish matte --out "$work/matte.png" --json >"$work/matte.json"
  python3 - "$work/matte.json" "$work/matte.png" "$color" <<'EOF'
import json, math, struct, sys

sheet = json.load(open(sys.argv[1]))
png = open(sys.argv[2], "rb").read()
color = sys.argv[3]
assert png[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
width, height = struct.unpack(">II", png[16:24])
assert (width, height) == (1248, 384), (width, height)

def srgb_to_lab(hex_color):
    # sRGB (IEC 61966-2-1) -> XYZ D50 through lcms2's Bradford-adapted sRGB colorants -> CIELAB D50.
    rgb = [int(hex_color[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    m = [[0.4360747, 0.3850649, 0.1430804], [0.2225045, 0.7168786, 0.0606169], [0.0139322, 0.0971045, 0.7141733]]
    xyz = [sum(m[r][k] * lin[k] for k in range(3)) for r in range(3)]
    white = [0.9642, 1.0, 0.8249]
    f = [v / w for v, w in zip(xyz, white)]
    f = [t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29 for t in f]
    return [116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])]

def de2000(lab1, lab2):
    # Sharma, Wu, Dalal 2005.
    L1, a1, b1 = lab1
    L2, a2, b2 = lab2
    c_mean = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_mean ** 7 / (c_mean ** 7 + 25 ** 7)))
    a1p, a2p = a1 * (1 + g), a2 * (1 + g)
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360 if c1p else 0
    h2p = math.degrees(math.atan2(b2, a2p)) % 360 if c2p else 0
    dl, dc = L2 - L1, c2p - c1p
    dh = 0
    if c1p * c2p:
        dh = h2p - h1p
        if dh > 180: dh -= 360
        elif dh < -180: dh += 360
    dH = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh / 2))
    l_mean, cp_mean = (L1 + L2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0: h_mean = h1p + h2p
    elif abs(h1p - h2p) <= 180: h_mean = (h1p + h2p) / 2
    elif h1p + h2p < 360: h_mean = (h1p + h2p + 360) / 2
    else: h_mean = (h1p + h2p - 360) / 2
    t = (1 - 0.17 * math.cos(math.radians(h_mean - 30)) + 0.24 * math.cos(math.radians(2 * h_mean))
         + 0.32 * math.cos(math.radians(3 * h_mean + 6)) - 0.20 * math.cos(math.radians(4 * h_mean - 63)))
    sl = 1 + 0.015 * (l_mean - 50) ** 2 / math.sqrt(20 + (l_mean - 50) ** 2)
    sc, sh = 1 + 0.045 * cp_mean, 1 + 0.015 * cp_mean * t
    rt = (-2 * math.sqrt(cp_mean ** 7 / (cp_mean ** 7 + 25 ** 7))
          * math.sin(math.radians(60 * math.exp(-((h_mean - 275) / 25) ** 2))))
    return math.sqrt((dl / sl) ** 2 + (dc / sc) ** 2 + (dH / sh) ** 2 + rt * (dc / sc) * (dH / sh))

# The helper reproduces a Sharma et al. pair (pair 1: 2.0425).
assert abs(de2000([50, 2.6772, -79.7751], [50, 0, -82.7485]) - 2.0425) < 1e-4

tiles = sheet["tiles"]
assert [t["tone"] for t in tiles] == ["MST %d" % i for i in range(1, 11)], [t["tone"] for t in tiles]
want = srgb_to_lab(color)
mst = ["#f6ede4", "#f3e7db", "#f7ead0", "#eadaba", "#d7bd96", "#a07e56", "#825c43", "#604134", "#3a312a", "#292420"]
for i, tile in enumerate(tiles):
    x, y, w, h = tile["rect"]
    assert (w, h) == (240, 180) and x == 8 + (i % 5) * 248 and y == 8 + (i // 5) * 188, tile["rect"]
    assert x + w <= width and y + h <= height
    px, py = tile["lip_point"]
    assert x <= px < x + w and y <= py < y + h, tile
    assert tile["skin"] == mst[i], (tile["skin"], mst[i])
    assert len(tile["lip"]) == 7 and tile["lip"][0] == "#"
    de = de2000(want, tile["lip_lab"])
    assert de < 1.0, "%s on %s: lip %s, dE2000 %.3f" % (color, tile["tone"], tile["lip"], de)
    # The hex is the same colour rounded to 8 bits.
    assert de2000(srgb_to_lab(tile["lip"]), tile["lip_lab"]) < 1.0
assert sheet["material"]["base_color"] == color and sheet["material"]["finish"] == "matte"
EOF
done

# Custom tones after the Monk set; the sheet grows a row.
"$cli" render --color '#b0243a' --tones 'mst,#8d5524' --out "$work/custom.png" --json >"$work/custom.json"
python3 - "$work/custom.json" "$work/custom.png" <<'EOF'
import json, struct, sys
sheet = json.load(open(sys.argv[1]))
assert len(sheet["tiles"]) == 11 and sheet["tiles"][10]["tone"] == "#8d5524", sheet["tiles"][10]
assert sheet["tiles"][10]["skin"] == "#8d5524"
assert sheet["tiles"][10]["rect"] == [8, 384, 240, 180], sheet["tiles"][10]["rect"]
assert struct.unpack(">II", open(sys.argv[2], "rb").read()[16:24]) == (1248, 572)
EOF

# --params overrides single parameters after the finish preset; coverage 0 shows the bare lip whatever
# the colour.
printf '{"coverage": 0}\n' >"$work/bare.json"
"$cli" render --color '#2040c0' --params "$work/bare.json" --out "$work/bare1.png" --json >"$work/bare1.json"
"$cli" render --color '#d81e5b' --finish glitter --params "$work/bare.json" --out "$work/bare2.png" >/dev/null
cmp -s "$work/bare1.png" "$work/bare2.png" || fail "coverage 0 renders differ between products"
printf '{"roughness": 0.3, "clearcoat": 1, "glitter_density": 2, "glitter_size": 0.2}\n' >"$work/params.json"
"$cli" render --color '#d81e5b' --finish satin --params "$work/params.json" --out "$work/p.png" --json >"$work/p.json"
python3 - "$work/p.json" <<'EOF'
import json, sys
m = json.load(open(sys.argv[1]))["material"]
assert m["finish"] == "satin" and m["roughness"] == 0.3 and m["clearcoat"] == 1 and m["glitter_density"] == 2, m
EOF

# Glitter is reproducible for a seed and changes with it.
"$cli" render --color '#8a3b5c' --finish glitter --seed 9 --out "$work/g1.png" >/dev/null
"$cli" render --color '#8a3b5c' --finish glitter --seed 9 --out "$work/g2.png" >/dev/null
"$cli" render --color '#8a3b5c' --finish glitter --seed 10 --out "$work/g3.png" >/dev/null
cmp -s "$work/g1.png" "$work/g2.png" || fail "the same seed gave different sheets"
if cmp -s "$work/g1.png" "$work/g3.png"; then fail "another seed gave the same glitter"; fi

# A product of a project: its material as the glTF export resolves it.
project=$("$fixture" photos "$work")
"$cli" export "$project" --format gltf --out "$work/gltf" >/dev/null
"$cli" render "$project" --product 'LIP/RED 01' --out "$work/product.png" --json >"$work/product.json"
"$cli" render "$project" --product 'SKU-A' --out "$work/swatch.png" --json >"$work/swatch.json"
python3 - "$work/product.json" "$work/gltf/LIP_RED_01.gltf" "$work/swatch.json" "$work/gltf/SKU-A.gltf" <<'EOF'
import json, sys
for render_path, gltf_path in ((sys.argv[1], sys.argv[2]), (sys.argv[3], sys.argv[4])):
    sheet = json.load(open(render_path))
    gltf = json.load(open(gltf_path))["materials"][0]
    m = sheet["material"]
    pbr = gltf["pbrMetallicRoughness"]
    shadelab = gltf["extras"]["shadelab"]
    assert sheet["color_source"] == shadelab["color_source"], (sheet["color_source"], shadelab["color_source"])
    assert m["base_color"] == shadelab["srgb"], (m["base_color"], shadelab["srgb"])
    assert m["finish"] == shadelab["finish"], (m["finish"], shadelab["finish"])
    assert abs(m["roughness"] - pbr["roughnessFactor"]) < 1e-6 and abs(m["metallic"] - pbr["metallicFactor"]) < 1e-6
    coat = gltf.get("extensions", {}).get("KHR_materials_clearcoat", {})
    assert abs(m["clearcoat"] - coat.get("clearcoatFactor", 0)) < 1e-6, (m, coat)
    assert abs(m["clearcoat_roughness"] - coat.get("clearcoatRoughnessFactor", 0)) < 1e-6, (m, coat)
    glitter = shadelab.get("glitter")
    assert abs(m["glitter_density"] - (glitter["density"] if glitter else 0)) < 1e-6
first = json.load(open(sys.argv[1]))
assert first["color_source"] == "material" and first["material"]["glitter_color"] == "#ffd700", first["material"]
EOF
# --finish on a product applies the preset over its material, keeping its colour.
"$cli" render "$project" --product 'LIP/RED 01' --finish matte --out "$work/product-matte.png" --json \
  >"$work/product-matte.json"
python3 - "$work/product-matte.json" <<'EOF'
import json, sys
m = json.load(open(sys.argv[1]))["material"]
assert m["finish"] == "matte" and m["base_color"] == "#b0243a" and m["clearcoat"] == 0, m
EOF

# Errors exit 1, usage 2; a failed render leaves no file behind.
expect_status 2 "$cli" render
expect_status 2 "$cli" render --color '#b0243a'
expect_status 2 "$cli" render --color 'red' --out "$work/x.png"
expect_status 2 "$cli" render --color '#b0243a' --finish velvet --out "$work/x.png"
expect_status 2 "$cli" render --color '#b0243a' --tones 'fitzpatrick' --out "$work/x.png"
expect_status 2 "$cli" render --color '#b0243a' --seed -1 --out "$work/x.png"
expect_status 2 "$cli" render "$project" --out "$work/x.png"
expect_status 2 "$cli" render "$project" --product 'LIP/RED 01' --color '#b0243a' --out "$work/x.png"
expect_status 1 "$cli" render "$project" --product 'NO-SUCH-SKU' --out "$work/x.png"
expect_status 1 "$cli" render "$project" --product 'NO-COLOR' --out "$work/x.png"
expect_status 1 "$cli" render "$work/missing.shadelab" --product 'SKU-A' --out "$work/x.png"
expect_status 1 "$cli" render --color '#b0243a' --params "$work/missing.json" --out "$work/x.png"
printf '{"roughness": 2}\n' >"$work/bad.json"
expect_status 1 "$cli" render --color '#b0243a' --params "$work/bad.json" --out "$work/x.png"
grep -q roughness "$work/err.txt" || fail "the refusal does not name the parameter"
expect_status 1 "$cli" render --color '#b0243a' --out "$work/no-such-dir/x.png"
[ ! -e "$work/x.png" ] || fail "a failed render left a file"
echo "cli-render: ok"
