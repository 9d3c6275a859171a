#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# test-cli-render.sh CLI EXPORT_FIXTURE: `shadelab-cli render` end to end: the JSON, the PNG's size, the lip
# colour at the camera-facing point of a matte render against --color (CIEDE2000 computed here, independently
# of the C colour maths), a product's material as the glTF export resolves it, reproducible glitter, and the
# exit statuses.
set -eu
cli=$1
fixture=$2

first_failure_ends=1
. "$(dirname "$0")/../lib/cli-checks.sh"

# A matte render: 10 tiles on a 1248x384 sheet; the lip at its camera-facing point is --color.
for color in '#b0243a' '#e8a0a0' '#5a1a2a' '#c46a4a'; do
  "$cli" render --color "$color" --finish matte --out "$work/matte.png" --json >"$work/matte.json"
  python3 - "$work/matte.json" "$work/matte.png" "$color" <<'EOF'
import json, struct, sys

from ciede2000 import de2000, srgb_to_lab

sheet = json.load(open(sys.argv[1]))
png = open(sys.argv[2], "rb").read()
color = sys.argv[3]
assert png[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
width, height = struct.unpack(">II", png[16:24])
assert (width, height) == (1248, 384), (width, height)

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
