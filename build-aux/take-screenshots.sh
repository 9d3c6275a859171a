#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# take-screenshots.sh: the AppStream screenshots (data/screenshots/*.png), taken from the real Shadelab on a
# virtual 1280x800 display with the bundled demo project:
#   labeling.png  a model box selected, its live swatch and the pixel-class overlay (light style)
#   dark.png      the same in the dark style
#   swatch-names.png  the swatch panel of labeling.png close up: the colour's ISCC-NBS and cosmetic names
#   products-lint.png the Products window's Catalogue Check on the demo with its boxes accepted and four
#                 photos linked to ColourPop shades they are not
#   participants.png  the Participants window (Ctrl+Shift+M): three generated participants, one selected, its
#                 bare face photo with the lips drawn and the mouth opening being drawn with the polygon tool
#   lips-polygon.png  the polygon tool of participants.png close up
#   tryon-row.png the calibration window's Try-on row: the demo's first product rendered on the participants'
#                 bare lips beside their (generated) worn photos, with CIEDE2000 per pair and per MST group
# labeling.png and dark.png are 1280x800 and compressed to a few hundred KB. The metainfo
# (data/org.shadelab.Shadelab.metainfo.xml.in) lists them; the 'metainfo' test checks that they exist at that
# size. The other two are the README's.
#
# Usage: build-aux/take-screenshots.sh [BUILD-DIR] (default build/, built first with ninja)
# Needs: xvfb, dbus, xdotool, x11-utils, imagemagick (all in build-aux/debian-packages.txt).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=$(cd "${1:-$root/build}" && pwd)
out_dir=$root/data/screenshots
width=1280
height=800
max_bytes=300000

say () { printf 'take-screenshots.sh: %s\n' "$*" >&2; }
die () { say "$*"; exit 1; }

for tool in xvfb-run dbus-run-session xprop xdotool import convert compare identify; do
  command -v "$tool" >/dev/null || die "$tool is not installed (build-aux/debian-packages.txt lists its package)"
done

# Runs itself again on a display of exactly the screenshot size, in a D-Bus session of its own.
if [ "${SHADELAB_SCREENSHOT_DISPLAY:-}" != 1 ]; then
  ninja -C "$build_dir" app/shadelab app/shadelab-cli app/demo tests/cli/accept-boxes tests/lib/tryon-fixture \
    >/dev/null
  export SHADELAB_SCREENSHOT_DISPLAY=1
  exec xvfb-run -a -s "-screen 0 ${width}x${height}x24 -nolisten tcp" \
    dbus-run-session -- "$0" "$build_dir"
fi

app=$build_dir/app/shadelab
demo=$build_dir/app/demo
# Deterministic drawing, English text, no settings or state from this machine.
export GSK_RENDERER=cairo GTK_A11Y=none NO_AT_BRIDGE=1 GSETTINGS_BACKEND=memory GDK_BACKEND=x11
export LANG=C.UTF-8 LC_ALL=C.UTF-8 LANGUAGE=

work=$(mktemp -d "${TMPDIR:-/tmp}/shadelab-take-screenshots.XXXXXX")
pid=
keeper=
cleanup ()
{
  [ -z "$keeper" ] || kill "$keeper" 2>/dev/null || true
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
export XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/data XDG_CACHE_HOME=$work/cache
# The X server resets when its last client leaves; a client that stays keeps it up between the app's runs.
xprop -root -spy >/dev/null 2>&1 &
keeper=$!

cp -r "$demo" "$work/demo"
demo_project=$(find "$work/demo" -maxdepth 1 -name '*.shadelab' | head -n 1)
[ -n "$demo_project" ] || die "no project in $demo"
export SHADELAB_DEMO_DIR=$work/demo

# start TITLE ARGS...: starts shadelab, waits for its window and fills the screen with it (there is no window
# manager to maximise it).
start ()
{
  local title=$1
  shift
  "$app" "$@" >"$work/shadelab.log" 2>&1 &
  pid=$!
  wid=
  for _ in $(seq 80); do
    wid=$(timeout 0.5 xdotool search --onlyvisible --name "$title" 2>/dev/null | head -n 1) || true
    [ -n "$wid" ] && break
    kill -0 "$pid" 2>/dev/null || { cat "$work/shadelab.log" >&2; die "shadelab exited before showing '$title'"; }
  done
  [ -n "$wid" ] || die "no window titled '$title'"
  xdotool windowmove --sync "$wid" 0 0 || true
  xdotool windowsize --sync "$wid" "$width" "$height" || true
  timeout 10 xdotool windowfocus --sync "$wid" || die "could not focus the window"
  sleep 1
}

stop ()
{
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  pid=
}

# shoot NAME [GEOMETRY]: waits until two screenshots in a row are the same (loading, animations), then writes
# a compressed PNG of the whole screen, or of GEOMETRY (WxH+X+Y) of it.
shoot ()
{
  local name=$1 geometry=${2:-${width}x${height}+0+0} shot=$work/shot.png previous=$work/previous.png
  rm -f "$previous"
  for _ in $(seq 40); do
    sleep 0.3
    import -window root -crop "$geometry" +repage "$shot"
    if [ -f "$previous" ] && [ "$(compare -metric AE "$previous" "$shot" null: 2>&1)" = 0 ]; then
      break
    fi
    cp "$shot" "$previous"
  done
  mkdir -p "$out_dir"
  # Full colour when it stays small (the colours are the point); else 256 colours without dithering, which
  # keeps flat UI areas flat and the photo close to its look.
  convert "$shot" -strip -define png:compression-level=9 "PNG24:$out_dir/$name.png"
  if [ "$(stat -c %s "$out_dir/$name.png")" -gt "$max_bytes" ]; then
    convert "$shot" -strip +dither -colors 256 -define png:compression-level=9 -define png:compression-filter=5 \
      "PNG8:$out_dir/$name.png"
  fi
  say "$out_dir/$name.png: $(identify -format '%wx%h' "$out_dir/$name.png"), $(stat -c %s "$out_dir/$name.png") bytes"
}

# Tab selects the first (model) box; V shows which pixels its colour comes from.
labeling ()
{
  start '^Lipstick Demo – Shadelab$' "$@" "$demo_project"
  sleep 1.5
  xdotool key --window "$wid" --clearmodifiers Tab
  sleep 0.5
  xdotool key --window "$wid" --clearmodifiers v
  sleep 1
}

labeling --style=light
shoot labeling
# The swatch panel is the window's right-hand column, under the header bar.
shoot swatch-names 305x460+975+52
stop

labeling --style=dark
shoot dark
stop

# The catalogue check: every model box accepted as a labeler's Return would (so the photos measure their
# products), and four demo photos linked to real ColourPop shades (build-aux/colourpop-shades.csv) that
# they are not, as mislabelled photos would be; Ctrl+Shift+P opens Products, Ctrl+L its check.
"$build_dir/tests/cli/accept-boxes" "$demo_project" >/dev/null
cat >"$work/relink.csv" <<'CSV'
file,sku,brand,shade,category,color
synth-0003.jpg,CP-BL-ICE-CUBE,ColourPop,Ice Cube,lipstick,#904550
synth-0006.jpg,CP-BL-CANDYFLOSS,ColourPop,Candyfloss,lipstick,#7c3f35
synth-0010.jpg,CP-COOKIE,ColourPop,Cookie,lipstick,#af7564
synth-0002.tif,CP-LEATHER,ColourPop,Leather,lipstick,#5c4761
CSV
"$build_dir/app/shadelab-cli" import-catalog "$demo_project" "$work/relink.csv" >/dev/null
start '^Lipstick Demo – Shadelab$' --style=light "$demo_project"
xdotool key --window "$wid" --clearmodifiers ctrl+shift+p
products=
for _ in $(seq 40); do
  products=$(xdotool search --onlyvisible --name '^Products – ' 2>/dev/null | head -n 1) || true
  [ -n "$products" ] && break
  sleep 0.2
done
[ -n "$products" ] || die "Ctrl+Shift+P opened no Products window"
xdotool windowmove --sync "$products" 0 0 || true
xdotool windowsize --sync "$products" 1100 720 || true
timeout 10 xdotool windowfocus --sync "$products" || die "could not focus the Products window"
xdotool key --window "$products" --clearmodifiers ctrl+l
sleep 1
shoot products-lint 1100x720+0+0
stop

# Participants and their lips: generated bare-lip photos (no real face) of three Monk Skin Tones with their
# outlines, and for two of them a "worn" photo of the demo's first product (SLD-001), rendered satin in a
# slightly different shade as a real lipstick would differ from its material.
cli=$build_dir/app/shadelab-cli
mkdir -p "$work/faces"
for entry in P-014:3:'#3a1d24' P-021:6:'#35191f' P-033:9:''; do
  IFS=: read -r code mst worn <<<"$entry"
  "$cli" participant add "$demo_project" --code "$code" --mst "$mst" --consent >/dev/null
  { read -r lips; read -r opening; } < <("$build_dir/tests/lib/tryon-fixture" "$work/faces/$code-bare.png" png srgb 1 \
    "$mst" open)
  "$cli" face add "$demo_project" --participant "$code" --bare "$work/faces/$code-bare.png" >/dev/null
  id=$("$cli" face list "$demo_project" --participant "$code" --json |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["face_photos"][-1]["id"])')
  if [ "$code" = P-021 ]; then
    # The mouth opening is left to draw in the window.
    "$cli" polygon set "$demo_project" "$id" --outer "$lips" >/dev/null
  else
    "$cli" polygon set "$demo_project" "$id" --outer "$lips" --opening "$opening" >/dev/null
  fi
  if [ -n "$worn" ]; then
    "$cli" tryon "$work/faces/$code-bare.png" --lips "$lips" --opening "$opening" --color "$worn" --finish satin \
      --out "$work/faces/$code-worn.png" >/dev/null
    "$cli" face add "$demo_project" --participant "$code" --worn SLD-001 "$work/faces/$code-worn.png" >/dev/null
    id=$("$cli" face list "$demo_project" --participant "$code" --json |
      python3 -c 'import json, sys; print(json.load(sys.stdin)["face_photos"][-1]["id"])')
    "$cli" polygon set "$demo_project" "$id" --outer "$lips" --opening "$opening" >/dev/null
  fi
done

# geometry REGEX: the Participants window's last settled SHADELAB_FACE_GEOMETRY line matching REGEX.
geometry ()
{
  local line= previous=
  for _ in $(seq 60); do
    line=$(grep -- "^SHADELAB_FACE_GEOMETRY .*$1" "$work/shadelab.log" | tail -n 1 || true)
    [ -n "$line" ] && [ "$line" = "$previous" ] && break
    previous=$line
    sleep 0.3
  done
  [ -n "$line" ] || die "the Participants window never showed '$1'"
  echo "$line"
}
field () { sed -E "s/.* $1=([-0-9.]+),([-0-9.]+).*/\\1 \\2/" <<<"$2"; }
click () { xdotool mousemove --window "$participants" "${1%.*}" "${2%.*}"; sleep 0.2; xdotool click 1; sleep 0.3; }

export SHADELAB_DEBUG_GEOMETRY=1
start '^Lipstick Demo – Shadelab$' --style=light "$demo_project"
xdotool key --window "$wid" --clearmodifiers ctrl+shift+m
participants=
for _ in $(seq 40); do
  participants=$(xdotool search --onlyvisible --name '^Participants – ' 2>/dev/null | head -n 1) || true
  [ -n "$participants" ] && break
  sleep 0.2
done
[ -n "$participants" ] || die "Ctrl+Shift+M opened no Participants window"
xdotool windowmove --sync "$participants" 0 0 || true
xdotool windowsize --sync "$participants" "$width" "$height" || true
timeout 10 xdotool windowfocus --sync "$participants" || die "could not focus the Participants window"
sleep 0.5
# The second participant (P-021, MST 6): its row is one row below the first.
read -r x y < <(field participant "$(geometry 'participant=[0-9]')")
click "$x" "$((${y%.*} + 50))"
read -r x y < <(field photo "$(geometry 'photo=[0-9]')")
click "$x" "$y"
line=$(geometry 'face=[0-9].* origin=[0-9]')
zoom=$(sed -E 's/.* zoom=([0-9.]+) .*/\1/' <<<"$line")
read -r ox oy < <(field origin "$line")
# The opening, four points clicked inside the mouth of the 640x400 photo, the pointer resting on a fifth: a
# click beside the lips gives the canvas the keys, O draws the opening.
click "$(awk -v z="$zoom" -v o="$ox" 'BEGIN { print int(o + 40 * z) }')" \
  "$(awk -v z="$zoom" -v o="$oy" 'BEGIN { print int(o + 40 * z) }')"
xdotool key --window "$participants" --clearmodifiers o
sleep 0.3
for p in 232,212 320,200 408,212 320,226; do
  click "$(awk -v v="${p%,*}" -v z="$zoom" -v o="$ox" 'BEGIN { print int(o + v * z) }')" \
    "$(awk -v v="${p#*,}" -v z="$zoom" -v o="$oy" 'BEGIN { print int(o + v * z) }')"
done
xdotool mousemove --window "$participants" "$(awk -v z="$zoom" -v o="$ox" 'BEGIN { print int(o + 250 * z) }')" \
  "$(awk -v z="$zoom" -v o="$oy" 'BEGIN { print int(o + 222 * z) }')"
sleep 0.5
shoot participants
read -r cx cy < <(field origin "$line")
shoot lips-polygon "$(awk -v z="$zoom" 'BEGIN { printf "%dx%d", 640 * z, 400 * z }')+${cx%.*}+${cy%.*}"
stop
unset SHADELAB_DEBUG_GEOMETRY

# The Try-on row: Ctrl+K on the demo's first photo (SLD-001), the centre scrolled down to the row.
start '^Lipstick Demo – Shadelab$' --style=light "$demo_project"
xdotool key --window "$wid" --clearmodifiers ctrl+k
calibration=
for _ in $(seq 40); do
  calibration=$(xdotool search --onlyvisible --name '^Calibrate Materials – ' 2>/dev/null | head -n 1) || true
  [ -n "$calibration" ] && break
  sleep 0.2
done
[ -n "$calibration" ] || die "Ctrl+K opened no calibration window"
xdotool windowmove --sync "$calibration" 0 0 || true
xdotool windowsize --sync "$calibration" "$width" "$height" || true
timeout 10 xdotool windowfocus --sync "$calibration" || die "could not focus the calibration window"
sleep 2
xdotool mousemove --window "$calibration" 560 400
for _ in $(seq 30); do xdotool click 5; sleep 0.03; done
sleep 2
shoot tryon-row
stop
