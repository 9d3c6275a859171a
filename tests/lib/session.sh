# SPDX-License-Identifier: GPL-3.0-or-later
# session.sh: what every script that drives the real shadelab on a display shares. Sourced first (it sets
# `set -euo pipefail`); it gives the app under test a world of its own:
#
#   session_start [--kill] [--debug-geometry] NAME TOOL...
#                               skips (exit 77) without a tool; an X display (the one given, else a private
#                               Xvfb, else skips), kept up between the app's runs; a private D-Bus session,
#                               so a Shadelab already running never answers for the one under test; $work, a
#                               scratch folder (removed on exit) holding the app's private XDG folders.
#                               --kill: the app is stopped with SIGKILL (app_stop_signal), as a crash would;
#                               --debug-geometry: it prints where things are (SHADELAB_DEBUG_GEOMETRY=1)
#   fail MESSAGE                the test fails; shows the app's output ($log) without debug lines and the
#                               lines log_filter (grep -e patterns) names, the last log_tail lines if set
#   skip MESSAGE                the test is skipped
#   launch_app ARGS...          starts the app on X11 with ARGS (and the environment in app_env), its output
#                               in a new $log; sets pid
#   stop_app                    stops it (app_stop_signal) and waits for it
#   focus_window WINDOW-ID [WHAT]
#                               gives the window the keyboard focus (the test fails, naming WHAT, if it
#                               cannot)
#   find_window TITLE-REGEX     prints the id of the visible window with that title, waiting for it while the
#                               app ($pid) runs
#   settled_line REGEX [TRIES]  prints the app's last output line matching REGEX once it stays the same for
#                               half a second (a settled layout), trying TRIES (60) times; empty if none came
#   screenshot_window FILE WINDOW-ID
#                               a PNG of the window once two screenshots in a row are the same (animations,
#                               loading); sets WIDTH, HEIGHT, X and Y to the window's geometry
#   generated_project PROJECT COUNT SIZE
#                               a project of COUNT generated photos (WIDTHxHEIGHT) in $work/photos, imported
#
# On exit the app ($pid) gets app_stop_signal (TERM; KILL where the test kills it anyway), after the
# script's own session_cleanup_first function when it has one, then everything session_start began is
# stopped and $work removed.

# Under pipefail a reader that stops early (grep -q, head) can leave the writer to die of SIGPIPE and the
# pipeline to fail on a machine with more to write (many locales, windows): read to the end instead
# (grep PATTERN >/dev/null).
set -euo pipefail

log=
pid=
work=
log_filter=()
app_env=()
log_tail=
app_stop_signal=TERM
session_keeper=
session_xvfb=
session_bus=

skip () { echo "SKIP: $*"; exit 77; }

fail ()
{
  echo "FAIL: $*" >&2
  if [ -n "$log" ] && [ -s "$log" ]; then
    echo "shadelab's output:" >&2
    if [ -n "$log_tail" ]; then
      grep -v -e '-DEBUG:' "${log_filter[@]}" "$log" | tail -n "$log_tail" | sed 's/^/  /' >&2
    else
      grep -v -e '-DEBUG:' "${log_filter[@]}" "$log" | sed 's/^/  /' >&2
    fi
  fi
  exit 1
}

session_cleanup ()
{
  if declare -F session_cleanup_first >/dev/null; then
    session_cleanup_first
  fi
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -s "$app_stop_signal" "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  [ -z "$session_keeper" ] || kill "$session_keeper" 2>/dev/null || true
  [ -z "$session_bus" ] || kill "$session_bus" 2>/dev/null || true
  [ -z "$session_xvfb" ] || { kill "$session_xvfb" 2>/dev/null || true; wait "$session_xvfb" 2>/dev/null || true; }
  [ -z "$work" ] || rm -rf "$work"
}

# A private Xvfb when the test has no display (run by hand); sets DISPLAY.
session_display ()
{
  local number=
  [ -z "${DISPLAY:-}" ] || return 0
  command -v Xvfb >/dev/null ||
    skip "no DISPLAY (build-aux/shadelab.sh test runs the tests on a virtual one)"
  Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp -noreset 3>"$work/display" >/dev/null 2>&1 &
  session_xvfb=$!
  for _ in $(seq 100); do
    number=$(cat "$work/display" 2>/dev/null) || true
    [ -n "$number" ] && break
    kill -0 "$session_xvfb" 2>/dev/null || break
    sleep 0.1
  done
  [ -n "$number" ] || skip "no DISPLAY, and Xvfb did not start"
  export DISPLAY=:$number
}

session_start ()
{
  local name tool address
  while [ $# -gt 0 ]; do
    case $1 in
      --kill) app_stop_signal=KILL ;;
      --debug-geometry) app_env+=(SHADELAB_DEBUG_GEOMETRY=1) ;;
      *) break ;;
    esac
    shift
  done
  name=$1
  shift
  for tool in xprop xdotool timeout "$@"; do
    command -v "$tool" >/dev/null || skip "$tool is not installed"
  done

  work=$(mktemp -d "${TMPDIR:-/tmp}/shadelab-$name.XXXXXX")
  trap session_cleanup EXIT
  session_display

  # A private home for the app: its last-project note, settings, recent files and caches stay out of the user's.
  export XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/data XDG_CACHE_HOME=$work/cache
  mkdir -p "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_CACHE_HOME"

  if command -v dbus-daemon >/dev/null; then
    address=$(dbus-daemon --session --fork --print-address=1 --print-pid=1) || fail "no private D-Bus session"
    session_bus=$(sed -n 2p <<<"$address")
    DBUS_SESSION_BUS_ADDRESS=$(sed -n 1p <<<"$address")
    export DBUS_SESSION_BUS_ADDRESS
  fi

  # An X server resets when its last client leaves, refusing connections meanwhile; a client that stays
  # connected keeps it up between the app's runs.
  xprop -root -spy >/dev/null 2>&1 &
  session_keeper=$!
}

launch_app ()
{
  log=$work/shadelab-$RANDOM.log
  env "${app_env[@]}" GDK_BACKEND=x11 "$app" "$@" >"$log" 2>&1 &
  pid=$!
}

stop_app ()
{
  kill -s "$app_stop_signal" "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  pid=
}

find_window ()
{
  local found=
  for _ in $(seq 60); do
    found=$(timeout 0.5 xdotool search --onlyvisible --name "$1" 2>/dev/null | head -n 1) || true
    [ -n "$found" ] && break
    kill -0 "$pid" 2>/dev/null || fail "shadelab exited before showing '$1'"
    sleep 0.2
  done
  [ -n "$found" ] || fail "no visible window '$1'"
  echo "$found"
}

focus_window ()
{
  timeout 10 xdotool windowfocus --sync "$1" || fail "could not focus ${2:-the window}"
}

settled_line ()
{
  local line= previous=
  for _ in $(seq "${2:-60}"); do
    line=$(grep -- "$1" "$log" | tail -n 1 || true)
    if [ -n "$line" ] && [ "$line" = "$previous" ]; then
      break
    fi
    previous=$line
    sleep 0.5
  done
  echo "$line"
}

screenshot_window ()
{
  local shot=$1 previous=$work/previous.png
  rm -f "$previous"
  eval "$(xdotool getwindowgeometry --shell "$2")"
  for _ in $(seq 40); do
    sleep 0.3
    import -window root -crop "${WIDTH}x${HEIGHT}+${X}+${Y}" +repage "$shot"
    if [ -f "$previous" ] && [ "$(compare -metric AE "$previous" "$shot" null: 2>&1)" = 0 ]; then
      break
    fi
    cp "$shot" "$previous"
  done
}

generated_project ()
{
  local project=$1 count=$2 size=$3
  "$cli" generate "$work/photos" --count "$count" --size "$size" >/dev/null || fail "shadelab-cli generate failed"
  rm -f "$work/photos/truth.json"
  "$cli" init "$project" >/dev/null || fail "shadelab-cli init failed"
  "$cli" import --quiet --threads 1 "$project" "$work/photos" >/dev/null || fail "shadelab-cli import failed"
}
