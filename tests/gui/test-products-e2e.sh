#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# test-products-e2e.sh: a technical artist starts from the GUI, with real input (xdotool) on the real app.
# On a project of three generated photos and no products:
#   - Ctrl+K on the first photo shows the calibration window's empty state (no product is selected);
#   - Ctrl+Shift+P opens Products: SKU, brand, shade and catalogue colour are typed, Ctrl+S creates it;
#   - P opens Set Product…, "booth" finds it, Return links the photo; Ctrl+Z unlinks, Ctrl+Shift+Z links again;
#   - Ctrl+K opens the calibration window on that product;
#   - a box is dragged on the photo and Space marks it done; Ctrl+E, Return exports it as COCO.
# Then the app is killed with SIGKILL: the SQLite file holds the product, the link, the box and the status, and
# the export passes tests/lib/check-export.py. Screenshots are left in OUTPUT-DIR (products-*.png) for a look.
#
# What the app shows comes from the app itself: with SHADELAB_DEBUG_GEOMETRY=1 it prints the photo's product
# (SHADELAB_PRODUCT), the product Ctrl+K opened (SHADELAB_CALIBRATION) and where image pixels lie.
#
# Usage: test-products-e2e.sh SHADELAB SHADELAB-CLI OUTPUT-DIR. Exits 77 (skipped) without an X display.
. "$(dirname "${BASH_SOURCE[0]}")/../lib/session.sh"

app=$1
cli=$2
out_dir=$3

log_filter=(-e '^SHADELAB_GEOMETRY' -e '^SHADELAB_CALIBRATION_GEOMETRY')
checker=${SHADELAB_SOURCE_DIR:?}/tests/lib/check-export.py
session_start --kill --debug-geometry products-e2e sqlite3 awk python3 import

project=$work/e2e.shadelab
generated_project "$project" 3 1200x900

launch_app "$project"

# wait_log REGEX [SECONDS]: until a line of the app's output matches.
wait_log ()
{
  for _ in $(seq $((${2:-20} * 5))); do
    grep -qE "$1" "$log" && return 0
    kill -0 "$pid" 2>/dev/null || fail "shadelab exited while waiting for '$1'"
    sleep 0.2
  done
  fail "the app never printed '$1'"
}

# last_product IMAGE: the SKU the labeling view shows for that photo now ("" for none).
last_product ()
{
  grep "^SHADELAB_PRODUCT image=$1 " "$log" | tail -n 1 | sed -E 's/.* sku=(.*)$/\1/'
}

# wait_product IMAGE SKU: until the labeling view shows that product for the photo.
wait_product ()
{
  for _ in $(seq 50); do
    [ "$(last_product "$1")" = "$2" ] && return 0
    sleep 0.2
  done
  fail "photo $1 shows product '$(last_product "$1")', expected '$2'"
}

focus ()
{
  focus_window "$1" "window $1"
  sleep 0.4
}

# key KEYS...: to the focused window, as a person types them.
key ()
{
  xdotool key --clearmodifiers "$@"
  sleep 0.4
}

# shoot NAME WINDOW: a screenshot of the window once two in a row are the same.
shoot ()
{
  local shot=$out_dir/products-$1.png
  screenshot_window "$shot" "$2"
  echo "screenshot $shot (${WIDTH}x${HEIGHT})"
}

main=$(find_window '^e2e – Shadelab$')
focus "$main"
wait_log '^SHADELAB_GEOMETRY image=1 '

# ---- Ctrl+K without a product: the empty state ----
key ctrl+k
calibration=$(find_window '^Calibrate Materials – e2e$')
wait_log '^SHADELAB_CALIBRATION product=0 sku=$'
shoot calibration-empty "$calibration"
focus "$calibration"
key ctrl+w
focus "$main"

# ---- Products: a new product typed into the form ----
key ctrl+shift+p
products=$(find_window '^Products – e2e$')
focus "$products"
# The form starts on the SKU; Tab goes to brand, shade, category, marketplace, catalogue colour.
xdotool type --delay 40 "E2E-RED"
key Tab
xdotool type --delay 40 "Shadelab"
key Tab
xdotool type --delay 40 "Booth Red"
key Tab Tab Tab
xdotool type --delay 40 "#B0243A"
sleep 0.5
shoot dialog "$products"
key ctrl+s
wait_log 'product E2E-RED saved'
key ctrl+w
focus "$main"

# ---- Set Product… (P): search, Return; then undo and redo the link ----
key p
chooser=$(find_window '^Set Product$')
focus "$chooser"
xdotool type --delay 60 "booth"
sleep 0.6
shoot chooser "$chooser"
key Return
wait_product 1 E2E-RED
focus "$main"
key ctrl+z
wait_product 1 ""
key ctrl+shift+z
wait_product 1 E2E-RED
shoot labeling "$main"

# ---- Ctrl+K on the photo's product ----
key ctrl+k
calibration=$(find_window '^Calibrate Materials – e2e$')
wait_log '^SHADELAB_CALIBRATION product=1 sku=E2E-RED$'
focus "$calibration"
key ctrl+w
focus "$main"

# ---- a box, and the photo done ----
line=$(grep '^SHADELAB_GEOMETRY image=1 ' "$log" | tail -n 1)
zoom=$(sed -E 's/.* zoom=([0-9.]+) .*/\1/' <<<"$line")
ox=$(sed -E 's/.* origin=([-0-9.]+),([-0-9.]+) .*/\1/' <<<"$line")
oy=$(sed -E 's/.* origin=([-0-9.]+),([-0-9.]+) .*/\2/' <<<"$line")
read -r wx0 wy0 wx1 wy1 < <(awk -v z="$zoom" -v ox="$ox" -v oy="$oy" \
  'BEGIN { printf "%d %d %d %d\n", ox + 300 * z, oy + 200 * z, ox + 800 * z, oy + 700 * z }')
xdotool mousemove --window "$main" "$wx0" "$wy0"
sleep 0.1
xdotool mousedown 1
for i in $(seq 1 10); do
  xdotool mousemove --window "$main" $((wx0 + (wx1 - wx0) * i / 10)) $((wy0 + (wy1 - wy0) * i / 10))
  sleep 0.02
done
xdotool mouseup 1
sleep 0.8
key space

# ---- Export… (Ctrl+E): COCO into the folder proposed beside the project ----
key ctrl+e
export_dialog=$(find_window '^Export$')
focus "$export_dialog"
shoot export-dialog "$export_dialog"
key Return
wait_log 'export coco into .*: Exported 1 photo' 60
shoot export-done "$main"

sleep 0.3
kill -9 "$pid"
wait "$pid" 2>/dev/null || true
pid=

# ---- what the project holds after SIGKILL ----
row=$(sqlite3 -separator '|' "$project" \
  "SELECT p.sku, p.brand, p.shade, coalesce (p.catalog_color, '-'), coalesce (c.name, '-') FROM products p
   LEFT JOIN categories c ON c.id = p.category_id")
echo "products: $row"
[ "$row" = "E2E-RED|Shadelab|Booth Red|#b0243a|-" ] || fail "the product is not stored as typed: $row"
links=$(sqlite3 "$project" "SELECT i.id || ':' || coalesce (p.sku, '-') || ':' || i.status FROM images i
                            LEFT JOIN products p ON p.id = i.product_id ORDER BY i.id" | tr '\n' ' ')
echo "photos: $links"
[ "$links" = "1:E2E-RED:labeled 2:-:new 3:-:new " ] || fail "expected only photo 1 linked and done: $links"
[ "$(sqlite3 "$project" 'SELECT count(*) FROM boxes WHERE image_id = 1')" = 1 ] || fail "the box was not stored"
[ "$(sqlite3 "$project" 'PRAGMA integrity_check')" = ok ] || fail "integrity check failed after SIGKILL"

folder="$work/e2e export"
ls "$folder/annotations"/instances_*.json >/dev/null 2>&1 || fail "no COCO files in '$folder/annotations'"
python3 "$checker" coco "$project" "$folder" || fail "the COCO export does not match the project"
grep -q '"sku": *"E2E-RED"' "$folder"/annotations/instances_*.json ||
  fail "the export does not name the photo's product"

echo "ok: product created, photo linked (undo, redo), Ctrl+K on it, exported as COCO; all stored after SIGKILL"
