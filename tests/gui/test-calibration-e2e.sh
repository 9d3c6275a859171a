#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# test-calibration-e2e.sh: the real shadelab under X with real input. On a project whose products have
# catalogue colours it presses Ctrl+K in the labeling window, clicks into the calibration window's
# roughness field, types 0.37 and Return, waits for the change to be committed and kills the app with
# SIGKILL. Then the SQLite file must hold the audited change (who, from, to) and `shadelab-cli export
# --format gltf` must hand roughnessFactor 0.37 to the 3D team (checked with the glTF-Validator when it is
# installed in the build tree). Last, screenshots of the Tune page in the light and dark styles are left
# in OUTPUT-DIR (calibration-light.png, calibration-dark.png) for a look.
#
# Where the roughness field lies comes from the app itself: with SHADELAB_DEBUG_GEOMETRY=1 the calibration
# window prints the window position of each parameter's spin button.
#
# Usage: test-calibration-e2e.sh SHADELAB SHADELAB-CLI OUTPUT-DIR. Exits 77 (skipped) without an X display.
. "$(dirname "${BASH_SOURCE[0]}")/../lib/session.sh"

app=$1
cli=$2
out_dir=$3

session_start --kill --debug-geometry calibration-e2e sqlite3 python3 import identify convert

project=$work/e2e.shadelab
generated_project "$project" 2 640x480
cat >"$work/catalog.csv" <<'EOF'
sku,brand,shade,category,color
E2E-RED,Shadelab,Booth Red,lipstick,#b0243a
E2E-NUDE,Shadelab,Nude,lipstick,#a8705a
EOF
"$cli" import-catalog "$project" "$work/catalog.csv" >/dev/null || fail "shadelab-cli import-catalog failed"
# Ctrl+K opens on the shown photo's product: every photo shows E2E-NUDE.
{ echo "file,sku"; for photo in "$work"/photos/*; do echo "$(basename "$photo"),E2E-NUDE"; done; } >"$work/links.csv"
"$cli" import-catalog "$project" "$work/links.csv" >/dev/null || fail "linking the photos to E2E-NUDE failed"

# start [OPTIONS]: the app on the project, then Ctrl+K in its labeling window; wid is the calibration window.
start ()
{
  launch_app "$@" "$project"
  wid=$(find_window '^e2e – Shadelab$')
  focus_window "$wid" "the labeling window"
  sleep 0.5
  xdotool key --window "$wid" --clearmodifiers ctrl+k
  wid=$(find_window '^Calibrate Materials – e2e$')
  focus_window "$wid" "the calibration window"
}

# spin_position PARAMETER: waits for a settled layout, then sets sx, sy to that spin button's centre.
spin_position ()
{
  local line
  line=$(settled_line '^SHADELAB_CALIBRATION_GEOMETRY')
  [[ "$line" =~ [[:space:]]$1=([0-9]+),([0-9]+) ]] || fail "the app never placed the $1 field: $line"
  sx=${BASH_REMATCH[1]}
  sy=${BASH_REMATCH[2]}
}

start --style=light
spin_position roughness
echo "roughness field at $sx,$sy in the calibration window"
# Select the field's text with a triple click, type the value, press Return.
xdotool mousemove --window "$wid" "$sx" "$sy" click --repeat 3 --delay 80 1
sleep 0.3
[ -n "${SHADELAB_E2E_DEBUG:-}" ] && { xdotool getwindowgeometry "$wid"; xdotool getmouselocation; import -window root /tmp/e2e-click.png; }
xdotool type --window "$wid" --delay 60 "0.37"
xdotool key --window "$wid" --clearmodifiers Return
# The change is committed once the value has been still for 400 ms.
sleep 1.5
stop_app

rows=$(sqlite3 -separator '|' "$project" \
  "SELECT p.sku, a.parameter, coalesce (a.old_value, '-'), a.new_value, c.who
   FROM material_audit a JOIN material_changes c ON c.id = a.change_id JOIN products p ON p.id = c.product_id
   WHERE a.parameter = 'roughness' ORDER BY a.id")
echo "roughness audit rows after SIGKILL:"
sed 's/^/  /' <<<"$rows"
[ "$(wc -l <<<"$rows")" -eq 1 ] || fail "expected exactly one audited roughness change, found: $rows"
IFS='|' read -r sku parameter from to who <<<"$rows"
[ "$sku" = "E2E-NUDE" ] || fail "the change went to $sku, not the photo's product (E2E-NUDE)"
# From what the window showed: the starting roughness of a product with no finish yet.
[ "$from" = "0.5" ] && [ "$to" = "0.37" ] || fail "audited from '$from' to '$to', expected from 0.5 to 0.37"
[ -n "$who" ] || fail "the audit row names nobody"
[ "$(sqlite3 "$project" "SELECT roughness FROM materials m JOIN products p ON p.id = m.product_id
                          WHERE p.sku = 'E2E-NUDE'")" = 0.37 ] || fail "materials.roughness is not 0.37"
[ "$(sqlite3 "$project" 'PRAGMA integrity_check')" = ok ] || fail "integrity check failed after SIGKILL"

"$cli" export "$project" --format gltf --out "$work/gltf" >/dev/null || fail "shadelab-cli export --format gltf failed"
gltf=$(grep -l '"E2E-NUDE"' "$work/gltf"/*.gltf | head -n 1) || true
[ -n "$gltf" ] || fail "no exported glTF names E2E-NUDE: $(ls "$work/gltf")"
roughness=$(python3 -c 'import json, sys
doc = json.load(open(sys.argv[1]))
print(doc["materials"][0]["pbrMetallicRoughness"]["roughnessFactor"])' "$gltf") || fail "unreadable glTF $gltf"
echo "exported $(basename "$gltf"): roughnessFactor $roughness"
python3 -c 'import sys; sys.exit(abs(float(sys.argv[1]) - 0.37) > 1e-6)' "$roughness" ||
  fail "roughnessFactor is $roughness, not 0.37"
validator=${SHADELAB_BUILD_DIR:-}/node
if [ -f "$validator/node_modules/gltf-validator/package.json" ] && command -v node >/dev/null; then
  node "${SHADELAB_SOURCE_DIR:?}/tests/lib/validate-gltf.mjs" "$validator" "$gltf" || fail "glTF-Validator found errors"
else
  echo "note: gltf-validator is not installed in $validator; validation left to the export-gltf-validator test"
fi

# shoot NAME: the calibration window once two screenshots in a row are the same.
shoot ()
{
  local shot=$out_dir/calibration-$1.png
  screenshot_window "$shot" "$wid"
  colours=$(identify -format '%k' "$shot")
  mean=$(convert "$shot" -colorspace Gray -format '%[fx:mean]' info:)
  echo "$shot: ${WIDTH}x${HEIGHT}, $colours colours, mean grey $mean"
  [ "$colours" -ge 500 ] || fail "$1: only $colours colours: the tone grid is not drawn"
}

start --style=light
shoot light
awk -v m="$mean" 'BEGIN { exit !(m > 0.5) }' || fail "light: a light window was expected (mean $mean)"
stop_app
start --style=dark
shoot dark
awk -v m="$mean" 'BEGIN { exit !(m < 0.45) }' || fail "dark: a dark window was expected (mean $mean)"
stop_app

echo "ok: typed roughness 0.37 is in the audit log and in the exported glTF; screenshots in $out_dir"
