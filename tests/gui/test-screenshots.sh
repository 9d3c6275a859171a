#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# test-screenshots.sh: screenshots of the real shadelab in its main states, for people to look at:
#   screenshot-empty.png      a project without photos (the drop / import page)
#   screenshot-labeling.png   the demo project, a model box selected, its live swatch and the pixel-class overlay
#   screenshot-dark.png       the same in the dark style (--style=dark)
#   screenshot-shortcuts.png  the keyboard shortcuts window (Ctrl+?)
# The checks are coarse (drawn, light or dark as asked); the pictures are the point.
#
# Usage: test-screenshots.sh SHADELAB SHADELAB-CLI OUTPUT-DIR DEMO-DIR. Exits 77 (skipped) without an X display.
. "$(dirname "${BASH_SOURCE[0]}")/../lib/session.sh"

app=$1
cli=$2
out_dir=$3
demo=$4

session_start screenshots import convert compare identify

# The demo is copied: these runs edit nothing, but the bundled project is never opened for writing.
cp -r "$demo" "$work/demo"
demo_project=$(find "$work/demo" -maxdepth 1 -name '*.shadelab' | head -n 1)
"$cli" init "$work/Empty.shadelab" >/dev/null

start ()
{
  launch_app "$@"
  wid=$(find_window "$title")
  focus_window "$wid"
}

# shoot NAME [WINDOW-ID]: waits until two screenshots in a row are the same (animations, loading), crops to
# the window and reports its colour count and mean grey.
shoot ()
{
  local name=$1 shot=$out_dir/screenshot-$1.png
  screenshot_window "$shot" "${2:-$wid}"
  colours=$(identify -format '%k' "$shot")
  mean=$(convert "$shot" -colorspace Gray -format '%[fx:mean]' info:)
  echo "$shot: ${WIDTH}x${HEIGHT}, $colours colours, mean grey $mean"
  [ "$colours" -ge 32 ] || fail "$name: only $colours colours, not drawn"
}

title='^Empty – Shadelab$'
start "$work/Empty.shadelab"
shoot empty
awk -v m="$mean" 'BEGIN { exit !(m > 0.6) }' || fail "empty: a light window was expected (mean $mean)"
stop_app

# Labeling: Tab selects the first (model) box, V shows which pixels its colour comes from.
labeling ()
{
  title='^Lipstick Demo – Shadelab$'
  start "$@" "$demo_project"
  sleep 1.5
  xdotool key --window "$wid" --clearmodifiers Tab
  sleep 0.5
  xdotool key --window "$wid" --clearmodifiers v
  sleep 1
}

labeling --style=light
shoot labeling
[ "$colours" -ge 2000 ] || fail "labeling: the photo does not seem drawn ($colours colours)"
# Ctrl+? on the same window.
xdotool key --window "$wid" --clearmodifiers ctrl+question
shortcuts=
for _ in $(seq 20); do
  shortcuts=$(xdotool search --onlyvisible --name '^Keyboard Shortcuts$' 2>/dev/null | head -n 1) || true
  [ -n "$shortcuts" ] && break
  sleep 0.2
done
[ -n "$shortcuts" ] || fail "Ctrl+? opened no shortcuts window"
shoot shortcuts "$shortcuts"
stop_app

labeling --style=dark
shoot dark
awk -v m="$mean" 'BEGIN { exit !(m < 0.45) }' || fail "dark: a dark window was expected (mean $mean)"
stop_app

echo "ok: screenshots in $out_dir/screenshot-*.png"
