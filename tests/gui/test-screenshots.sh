#!/usr/bin/env bash
# test-screenshots.sh: screenshots of the real shadelab in its main states, for people to look at:
#   screenshot-empty.png      a project without photos (the drop / import page)
#   screenshot-labeling.png   the demo project, a model box selected, its live swatch and the pixel-class overlay
#   screenshot-dark.png       the same in the dark style (--style=dark)
#   screenshot-shortcuts.png  the keyboard shortcuts window (Ctrl+?)
# The checks are coarse (drawn, light or dark as asked); the pictures are the point.
#
# Usage: test-screenshots.sh SHADELAB SHADELAB-CLI OUTPUT-DIR DEMO-DIR. Exits 77 (skipped) without an X display.
set -euo pipefail

app=$1
cli=$2
out_dir=$3
demo=$4

skip () { echo "SKIP: $*"; exit 77; }

log=
fail ()
{
  echo "FAIL: $*" >&2
  if [ -n "$log" ] && [ -s "$log" ]; then
    echo "shadelab's output:" >&2
    grep -v -e '-DEBUG:' "$log" | sed 's/^/  /' >&2
  fi
  exit 1
}

[ -n "${DISPLAY:-}" ] || skip "no DISPLAY (build-aux/shadelab.sh test runs the tests on a virtual one)"
for tool in xprop xdotool import convert compare identify timeout; do
  command -v "$tool" >/dev/null || skip "$tool is not installed"
done

work=$(mktemp -d "${TMPDIR:-/tmp}/shadelab-screenshots.XXXXXX")
pid=
keeper=
cleanup ()
{
  [ -z "$keeper" ] || kill "$keeper" 2>/dev/null || true
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
export XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/data XDG_CACHE_HOME=$work/cache
# An X server resets when its last client leaves, refusing connections meanwhile; a client that stays
# connected keeps it up between the app's runs.
xprop -root -spy >/dev/null 2>&1 &
keeper=$!

# The demo is copied: these runs edit nothing, but the bundled project is never opened for writing.
cp -r "$demo" "$work/demo"
demo_project=$(find "$work/demo" -maxdepth 1 -name '*.shadelab' | head -n 1)
"$cli" init "$work/Empty.shadelab" >/dev/null

start ()
{
  log=$work/shadelab-$RANDOM.log
  GDK_BACKEND=x11 "$app" "$@" >"$log" 2>&1 &
  pid=$!
  wid=
  for _ in $(seq 80); do
    wid=$(timeout 0.5 xdotool search --sync --onlyvisible --name "$title" 2>/dev/null | head -n 1) || true
    [ -n "$wid" ] && break
    kill -0 "$pid" 2>/dev/null || fail "shadelab exited before showing '$title'"
  done
  [ -n "$wid" ] || fail "no window titled '$title'"
  timeout 10 xdotool windowfocus --sync "$wid" || fail "could not focus the window"
}

stop ()
{
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  pid=
}

# shoot NAME [WINDOW-ID]: waits until two screenshots in a row are the same (animations, loading), crops to
# the window and reports its colour count and mean grey.
shoot ()
{
  local name=$1 target=${2:-$wid} shot=$out_dir/screenshot-$1.png previous=$work/previous.png
  rm -f "$previous"
  eval "$(xdotool getwindowgeometry --shell "$target")"
  for _ in $(seq 40); do
    sleep 0.3
    import -window root -crop "${WIDTH}x${HEIGHT}+${X}+${Y}" +repage "$shot"
    if [ -f "$previous" ] && [ "$(compare -metric AE "$previous" "$shot" null: 2>&1)" = 0 ]; then
      break
    fi
    cp "$shot" "$previous"
  done
  colours=$(identify -format '%k' "$shot")
  mean=$(convert "$shot" -colorspace Gray -format '%[fx:mean]' info:)
  echo "$shot: ${WIDTH}x${HEIGHT}, $colours colours, mean grey $mean"
  [ "$colours" -ge 32 ] || fail "$name: only $colours colours, not drawn"
}

title='^Empty – Shadelab$'
start "$work/Empty.shadelab"
shoot empty
awk -v m="$mean" 'BEGIN { exit !(m > 0.6) }' || fail "empty: a light window was expected (mean $mean)"
stop

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
stop

labeling --style=dark
shoot dark
awk -v m="$mean" 'BEGIN { exit !(m < 0.45) }' || fail "dark: a dark window was expected (mean $mean)"
stop

echo "ok: screenshots in $out_dir/screenshot-*.png"
