#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# test-app-launch.sh: first start of the real shadelab. Without an argument it opens the bundled demo project,
# copied to the user's data folder (the bundled one is never changed), remembers it as the last project, and
# quits cleanly with Ctrl+Q; started again it reopens that project. A project that does not exist is said so.
#
# Usage: test-app-launch.sh SHADELAB SHADELAB-CLI OUTPUT-DIR DEMO-DIR
# The first window's screenshot is left in OUTPUT-DIR/app-launch.png. Exits 77 (skipped) without an X display.
. "$(dirname "${BASH_SOURCE[0]}")/../lib/session.sh"

app=$1
cli=$2
out_dir=$3
demo=$4

session_start app-launch import convert identify md5sum
[ -d "$demo" ] || fail "no demo project at $demo"

# Settings in a file under $XDG_CONFIG_HOME (not in memory), so the second start sees the first one's.
export GSETTINGS_BACKEND=keyfile
settings_file=$XDG_CONFIG_HOME/glib-2.0/settings/keyfile
export SHADELAB_DEMO_DIR=$demo
demo_sums=$(cd "$demo" && find . -type f -print0 | sort -z | xargs -0 md5sum)

# start ARGS...: starts the app and waits for a window whose title matches $title.
start ()
{
  launch_app "$@"
  wid=
  for _ in $(seq 80); do
    wid=$(timeout 0.5 xdotool search --sync --onlyvisible --name "$title" 2>/dev/null | head -n 1) || true
    [ -n "$wid" ] && break
    if ! kill -0 "$pid" 2>/dev/null; then
      status=0
      wait "$pid" || status=$?
      pid=
      fail "shadelab exited with status $status before showing '$title'"
    fi
  done
  [ -n "$wid" ] || fail "no visible window titled '$title' within 40 s (title: $(xdotool search --onlyvisible --name . getwindowname 2>/dev/null | tr '\n' '|'))"
}

quit ()
{
  focus_window "$wid"
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
}

# 1. First start: the demo project, from the user's copy.
title='^Lipstick Demo – Shadelab$'
start
copy=$XDG_DATA_HOME/shadelab/demo/"Lipstick Demo.shadelab"
[ -f "$copy" ] || fail "the demo was not copied to $copy"
for _ in $(seq 50); do
  grep -qsF "last-project='$copy'" "$settings_file" && break
  sleep 0.1
done
grep -qsF "last-project='$copy'" "$settings_file" ||
  fail "the last-project setting does not name the demo copy: $(cat "$settings_file" 2>/dev/null)"

sleep 2
shot=$out_dir/app-launch.png
eval "$(xdotool getwindowgeometry --shell "$wid")"
import -window root -crop "${WIDTH}x${HEIGHT}+${X}+${Y}" "$shot"
colours=$(identify -format '%k' "$shot")
echo "screenshot: $shot ($colours colours)"
[ "$colours" -ge 256 ] || fail "the window shows only $colours colours: no photo drawn"
quit

# 2. Started again without an argument: the last project.
start
quit
[ "$demo_sums" = "$(cd "$demo" && find . -type f -print0 | sort -z | xargs -0 md5sum)" ] || fail "the bundled demo was modified"

# 3. A project that does not exist: the window says so (and offers New / Open).
title='^Shadelab$'
start "$work/missing.shadelab"
[ ! -e "$work/missing.shadelab" ] || fail "a missing project was created"
quit

echo "ok: demo copied and opened on first start, reopened as the last project, bundled copy untouched"
