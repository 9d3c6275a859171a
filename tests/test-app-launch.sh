#!/usr/bin/env bash
# test-app-launch.sh: starts the real shadelab on a folder of photos, waits for its window, checks that the
# window was drawn (screenshot) and that it read the folder (title and photo count), then quits with Ctrl+Q
# and checks that the application exited cleanly.
#
# Usage: test-app-launch.sh SHADELAB SHADELAB-CLI OUTPUT-DIR
# The screenshot is left in OUTPUT-DIR/app-launch.png. Exits 77 (skipped) without an X display.
set -euo pipefail

app=$1
cli=$2
out_dir=$3

skip () { echo "SKIP: $*"; exit 77; }

log=
fail ()
{
  echo "FAIL: $*" >&2
  if [ -n "$log" ] && [ -s "$log" ]; then
    echo "shadelab's output:" >&2
    sed 's/^/  /' "$log" >&2
  fi
  exit 1
}

[ -n "${DISPLAY:-}" ] || skip "no DISPLAY (build-aux/shadelab.sh test runs the tests on a virtual one)"
for tool in xdotool import convert compare identify timeout; do
  command -v "$tool" >/dev/null || skip "$tool is not installed"
done

work=$(mktemp -d "${TMPDIR:-/tmp}/shadelab-app-launch.XXXXXX")
pid=
cleanup ()
{
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# A few product photos: the synthetic ones when the generator works, otherwise plain drawn stand-ins.
photos=$work/Lipsticks
if ! "$cli" generate "$photos" --count 3 >"$work/generate.log" 2>&1; then
  echo "shadelab-cli generate failed, drawing stand-in photos instead:"
  sed 's/^/  /' "$work/generate.log"
  rm -rf "$photos"
  mkdir -p "$photos"
  for colour in '#9e1b32' '#c94f6d' '#6b2d3a'; do
    name=lipstick-${colour#\#}
    convert -size 300x400 xc:'#f4f2ef' -fill '#222222' -draw 'rectangle 110,260 190,380' \
      -fill "$colour" -draw 'rectangle 115,120 185,260' "$photos/$name.png"
  done
fi
expected=$(find "$photos" -maxdepth 1 -type f \( -iname '*.jpg' -o -iname '*.jpeg' -o -iname '*.png' \
  -o -iname '*.tif' -o -iname '*.tiff' -o -iname '*.webp' \) | wc -l)
[ "$expected" -gt 0 ] || fail "no photos in $photos"
# Neither notes nor hidden files are photos, whatever their names end with.
echo "shot on a white sweep" > "$photos/notes.txt"
first=$(find "$photos" -maxdepth 1 -type f \( -iname '*.jpg' -o -iname '*.png' \) | head -n 1)
cp "$first" "$photos/.hidden.png"

log=$work/shadelab.log
# xdotool sees X11 windows only, so the app must not pick a Wayland session the test runs inside.
GDK_BACKEND=x11 G_MESSAGES_DEBUG=shadelab-window "$app" "$photos" >"$log" 2>&1 &
pid=$!

# Waits for the window in short slices so that a crash at start-up is reported at once.
wid=
for _ in $(seq 60); do
  wid=$(timeout 0.5 xdotool search --sync --onlyvisible --name 'Shadelab' 2>/dev/null | head -n 1) || true
  [ -n "$wid" ] && break
  if ! kill -0 "$pid" 2>/dev/null; then
    status=0
    wait "$pid" || status=$?
    pid=
    fail "shadelab exited with status $status before showing a window"
  fi
done
[ -n "$wid" ] || fail "no visible Shadelab window within 30 s"

# The folder is read in the background: the title names it once that is done.
title=
for _ in $(seq 100); do
  title=$(xdotool getwindowname "$wid")
  [ "$title" = "Lipsticks – Shadelab" ] && break
  sleep 0.1
done
[ "$title" = "Lipsticks – Shadelab" ] || fail "window title is '$title', expected 'Lipsticks – Shadelab'"
grep -q "Opened .*/Lipsticks: $expected photos\$" "$log" ||
  fail "shadelab did not report $expected photos in the folder"

# The window is drawn when its area shows many colours (text, icons, buttons) on a light background. Page
# transitions animate, so the screenshot is taken once two in a row are identical.
shot=$out_dir/app-launch.png
previous=$work/previous.png
eval "$(xdotool getwindowgeometry --shell "$wid")"
window_colours=0
mean=0
for _ in $(seq 50); do
  import -window root "$shot"
  if [ -f "$previous" ] && [ "$(compare -metric AE "$previous" "$shot" null: 2>&1)" = 0 ]; then
    break
  fi
  cp "$shot" "$previous"
  sleep 0.2
done
crop=${WIDTH}x${HEIGHT}+${X}+${Y}
window_colours=$(convert "$shot" -crop "$crop" +repage -format '%k' info:)
mean=$(convert "$shot" -crop "$crop" +repage -colorspace Gray -format '%[fx:mean]' info:)
echo "screenshot: $shot (window $crop, $window_colours colours, mean grey $mean)"
[ "$(identify -format '%k' "$shot")" -ge 32 ] || fail "the screenshot is blank"
[ "$window_colours" -ge 32 ] || fail "the window area shows only $window_colours colours: not drawn"
awk -v mean="$mean" 'BEGIN { exit !(mean > 0.5) }' || fail "the window is dark (mean grey $mean): not drawn"

# Quit from the keyboard, as a user would.
timeout 10 xdotool windowfocus --sync "$wid" || fail "could not focus the window"
xdotool key --clearmodifiers ctrl+q
for _ in $(seq 150); do
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
kill -0 "$pid" 2>/dev/null && fail "shadelab still runs 15 s after Ctrl+Q"

status=0
wait "$pid" || status=$?
pid=
[ "$status" -eq 0 ] || fail "shadelab exited with status $status after Ctrl+Q"
echo "ok: window drawn, $expected photos counted, Ctrl+Q quit with status 0"
