#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# take-screenshots.sh: the AppStream screenshots (data/screenshots/*.png), taken from the real Shadelab on a
# virtual 1280x800 display with the bundled demo project:
#   labeling.png  a model box selected, its live swatch and the pixel-class overlay (light style)
#   dark.png      the same in the dark style
#   swatch-names.png  the swatch panel of labeling.png close up: the colour's ISCC-NBS and cosmetic names
#   products-lint.png the Products window's Catalogue Check on the demo with its boxes accepted and four
#                 photos linked to ColourPop shades they are not
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
  ninja -C "$build_dir" app/shadelab app/shadelab-cli app/demo tests/cli/accept-boxes >/dev/null
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
