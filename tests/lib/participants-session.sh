# SPDX-License-Identifier: GPL-3.0-or-later
# participants-session.sh: what the scripts that drive the real Participants window share. Sourced after
# session.sh (session_start first); with SHADELAB_DEBUG_GEOMETRY=1 (--debug-geometry) the window prints where
# its rows, swatches and image pixels are:
#
#   participant_project PROJECT FIXTURE PHOTO MST ARGS...
#                               a project with participant P-001 (MST, consented) and PHOTO as their bare
#                               face photo, generated first by the try-on FIXTURE with ARGS
#   open_participants NAME      launches the app on $project (the project's file is NAME.shadelab) and opens
#                               Participants… (Ctrl+Shift+M); sets wid and pwid (the Participants window)
#   face_geometry FIELD-REGEX   waits for a settled geometry line matching it; sets participant_xy, photo_xy,
#                               mst1_xy, measure_xy, zoom, ox, oy from it
#   open_first_face WIDTHxHEIGHT
#                               clicks the first participant and their first photo; waits for it on the canvas
#   click_at X,Y [MODIFIER]     a left click at that window point (holding MODIFIER)
#   drag_to FROM-X,Y TO-X,Y     a left-button drag between two window points, in eight steps
#   to_window IMAGE-X IMAGE-Y   the window pixel over that image point (rounded), as X,Y
#   to_image X,Y                the image point under that window pixel
#   kill_app_checked            SIGKILLs the app, then fails unless $project passes SQLite's integrity check

participant_project ()
{
  local photo=$3 mst=$4 fixture=$2
  project=$1
  shift 4
  "$fixture" "$photo" "$@" >/dev/null || fail "the face photo was not generated"
  "$cli" init "$project" >/dev/null || fail "shadelab-cli init failed"
  "$cli" participant add "$project" --code P-001 --mst "$mst" --consent >/dev/null || fail "participant add failed"
  "$cli" face add "$project" --participant P-001 --bare "$photo" >/dev/null || fail "face add failed"
}

open_participants ()
{
  launch_app "$project"
  wid=$(find_window "^$1 – Shadelab\$")
  focus_window "$wid"
  xdotool key --window "$wid" --clearmodifiers ctrl+shift+m
  pwid=$(find_window "^Participants – $1\$")
  focus_window "$pwid" "the Participants window"
}

# geometry_field LINE NAME: the value of NAME=VALUE in the geometry line.
geometry_field ()
{
  grep -oE " $2=[^ ]+" <<<"$1" | cut -d= -f2
}

face_geometry ()
{
  local line origin
  line=$(settled_line "^SHADELAB_FACE_GEOMETRY .*$1" 100)
  [ -n "$line" ] || fail "the Participants window never showed '$1'"
  participant_xy=$(geometry_field "$line" participant)
  photo_xy=$(geometry_field "$line" photo)
  mst1_xy=$(geometry_field "$line" mst1)
  measure_xy=$(geometry_field "$line" measure)
  zoom=$(geometry_field "$line" zoom)
  origin=$(geometry_field "$line" origin)
  ox=${origin%,*}
  oy=${origin#*,}
}

open_first_face ()
{
  face_geometry 'participant=[0-9]'
  click_at "$participant_xy"
  face_geometry 'photo=[0-9]'
  click_at "$photo_xy"
  face_geometry "face=1 size=$1 .* origin=[0-9]"
}

click_at ()
{
  local x=${1%,*} y=${1#*,}
  xdotool mousemove --window "$pwid" "${x%.*}" "${y%.*}"
  sleep 0.15
  if [ -n "${2:-}" ]; then
    xdotool keydown "$2"
    sleep 0.1
  fi
  xdotool click 1
  if [ -n "${2:-}" ]; then
    sleep 0.1
    xdotool keyup "$2"
  fi
  sleep 0.3
}

drag_to ()
{
  local from=$1 to=$2 i
  xdotool mousemove --window "$pwid" "${from%,*}" "${from#*,}"
  sleep 0.15
  xdotool mousedown 1
  for i in $(seq 1 8); do
    xdotool mousemove --window "$pwid" $(( ${from%,*} + (${to%,*} - ${from%,*}) * i / 8 )) \
      $(( ${from#*,} + (${to#*,} - ${from#*,}) * i / 8 ))
    sleep 0.03
  done
  sleep 0.1
  xdotool mouseup 1
  sleep 0.5
}

to_window ()
{
  awk -v x="$1" -v y="$2" -v z="$zoom" -v ox="$ox" -v oy="$oy" \
    'BEGIN { printf "%d,%d\n", int(ox + x * z + 0.5), int(oy + y * z + 0.5) }'
}

to_image ()
{
  awk -v p="$1" -v z="$zoom" -v ox="$ox" -v oy="$oy" \
    'BEGIN { split(p, w, ","); printf "%.3f,%.3f\n", (w[1] - ox) / z, (w[2] - oy) / z }'
}

kill_app_checked ()
{
  kill -9 "$pid"
  wait "$pid" 2>/dev/null || true
  pid=
  [ "$(sqlite3 "$project" 'PRAGMA integrity_check')" = ok ] || fail "integrity check failed after SIGKILL"
}
