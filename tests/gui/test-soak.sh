#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# test-soak.sh: the real shadelab under X with real input (xdotool) for a while, with other processes reading
# the project all along, then SIGKILL. Nothing the window saved may be lost.
#
# The project lies in its own folder with its photos in a subfolder, and more photos beside the project file.
# The app opens its windows (labeling, Calibrate Materials with its Review page, Preferences), then for
# SHADELAB_SOAK_SECONDS (75 by default) draws boxes with drags, changes classes (1-3), marks boxes occluded
# (O), undoes boxes (Ctrl+Z), moves between photos (D, A), marks photos done (Space) and, every 15 s, imports
# one of the photos beside the project through the file chooser (Ctrl+I, Ctrl+L, path, Return): the chooser
# then lists the project's folder and sniffs the project's files. Meanwhile other processes run
# `shadelab-cli stats`, `shadelab-cli check`, `shadelab-cli export --format csv` and a plain
# `sqlite3 PROJECT 'select count(*) from boxes'` over and over, and inotifywait watches the folder.
#
# An edit counts as saved once another process reads it from the project file: after each one the script
# waits until `sqlite3` reads exactly the state it expects (images, boxes per photo, class and occluded flag,
# photos done). After SIGKILL the file must hold the state after the last edit, pass PRAGMA integrity_check,
# and SQLite's -wal and -shm files must never have been deleted or renamed while the app held the project
# (a reader that deletes them believes it is the last connection: the app's locks are gone and what it
# writes next goes to an unlinked file). Every reader run must have succeeded. The output lists each edit
# with the seconds since the app started, and ends with a summary line.
#
# Usage: test-soak.sh SHADELAB SHADELAB-CLI OUTPUT-DIR. Exits 77 (skipped) without an X display or a tool.
# A long run by hand: SHADELAB_SOAK_SECONDS=600 meson test -C build --timeout-multiplier 0 soak -v
. "$(dirname "${BASH_SOURCE[0]}")/../lib/session.sh"

app=$1
cli=$2
out_dir=$3
soak_seconds=${SHADELAB_SOAK_SECONDS:-75}
import_every=15   # seconds between imports through the file chooser
ack_timeout=20    # seconds an edit may take to be readable by another process

log_filter=(-e '^SHADELAB_')
log_tail=40

[[ "$soak_seconds" =~ ^[0-9]+$ ]] && [ "$soak_seconds" -ge 10 ] ||
  fail "SHADELAB_SOAK_SECONDS must be a whole number of seconds, at least 10: '$soak_seconds'"
watcher=
readers=()
hung_readers=

# stop_readers: asks the reader loops to stop after their current run and waits (20 s at most) for them;
# a loop still running then is recorded in hung_readers and killed with its child.
stop_readers ()
{
  local reader alive
  [ "${#readers[@]}" -gt 0 ] || return 0
  touch "$work/stop"
  for _ in $(seq 100); do
    alive=0
    for reader in "${readers[@]}"; do
      if kill -0 "$reader" 2>/dev/null; then alive=1; fi
    done
    [ "$alive" = 0 ] && break
    sleep 0.2
  done
  for reader in "${readers[@]}"; do
    if kill -0 "$reader" 2>/dev/null; then
      hung_readers="$hung_readers $reader"
      pkill -KILL -P "$reader" 2>/dev/null || true
      kill -KILL "$reader" 2>/dev/null || true
    fi
    wait "$reader" 2>/dev/null || true
  done
  readers=()
}

# Before the session's own cleanup: the readers and the folder watch.
session_cleanup_first ()
{
  stop_readers
  [ -z "$watcher" ] || { kill "$watcher" 2>/dev/null || true; wait "$watcher" 2>/dev/null || true; }
}

session_start --kill --debug-geometry soak sqlite3 inotifywait import identify awk pkill

# until_true SECONDS COMMAND...: runs COMMAND every 0.2 s until it succeeds; returns 1 after SECONDS.
until_true ()
{
  local deadline=$((SECONDS + $1))
  shift
  until "$@"; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.2
  done
}

# ---- the project: photos in a subfolder, more photos beside the project file for the file chooser ----

folder=$work/studio
project=$folder/soak.shadelab
n_listed=$((4 + soak_seconds / 30))
n_incoming=$((soak_seconds / import_every + 2))
"$cli" generate "$folder/photos" --count "$n_listed" --size 1200x900 >/dev/null || fail "shadelab-cli generate failed"
rm -f "$folder/photos/truth.json"
"$cli" generate "$work/incoming" --count "$n_incoming" --size 1200x900 --seed 77 >/dev/null ||
  fail "shadelab-cli generate failed"
incoming=()
for photo in "$work/incoming"/synth-*; do
  name=$(printf 'new-%02d.%s' $((${#incoming[@]} + 1)) "${photo##*.}")
  mv "$photo" "$folder/$name"
  incoming+=("$folder/$name")
done
"$cli" init "$project" >/dev/null || fail "shadelab-cli init failed"
"$cli" import --quiet --threads 1 "$project" "$folder/photos" >/dev/null || fail "shadelab-cli import failed"
[ "$(sqlite3 "$project" 'SELECT count(*) FROM images')" = "$n_listed" ] || fail "the set-up import is incomplete"

# ---- what the project should hold: the state another process must read after each edit ----

# One line: the number of photos, the boxes counted by photo, class and occluded flag, the photos done.
state_sql="SELECT (SELECT count(*) FROM images) || ' photos; boxes ' ||
  coalesce((SELECT group_concat(k, ' ') FROM (SELECT image_id || ':' || class_id || ':' || occluded || '=' || count(*) AS k
    FROM boxes GROUP BY image_id, class_id, occluded ORDER BY image_id, class_id, occluded)), '-') || '; done ' ||
  coalesce((SELECT group_concat(id, ',') FROM (SELECT id FROM images WHERE status = 'labeled' ORDER BY id)), '-')"

n_images=$n_listed
declare -A boxes=()    # "photo:class:occluded" -> how many
declare -A done=()     # photo -> 1 once marked done
declare -A cells=()    # photo -> grid cells used (each box gets a cell of its own, so drags never start on one)
states=()              # the expected state after each edit; states[0] before the first
descriptions=()
edits=0
drawn=0
undone=0
imports=0

count_box ()
{
  local key=$1 delta=$2
  boxes[$key]=$((${boxes[$key]:-0} + delta))
  [ "${boxes[$key]}" -ne 0 ] || unset "boxes[$key]"
}

expected_state ()
{
  local list labeled
  list=$(for key in "${!boxes[@]}"; do echo "$key=${boxes[$key]}"; done | sort -t: -k1,1n -k2,2n -k3,3n | paste -sd' ')
  labeled=$(for image in "${!done[@]}"; do echo "$image"; done | sort -n | paste -sd,)
  echo "$n_images photos; boxes ${list:--}; done ${labeled:--}"
}

read_state () { sqlite3 -cmd '.timeout 10000' "$project" "$state_sql" 2>&1; }

# confirm DESCRIPTION: the edit just made is counted; waits until another process reads the expected state.
seen=
problem=
confirm ()
{
  local deadline=$((SECONDS + ack_timeout))
  edits=$((edits + 1))
  states[$edits]=$(expected_state)
  descriptions[$edits]=$1
  while :; do
    seen=$(read_state) || true
    if [ "$seen" = "${states[$edits]}" ]; then
      echo "$((EPOCHSECONDS - started)) s: edit $edits, $1: saved"
      return 0
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      problem="edit $edits ($1) never reached the project file: after $ack_timeout s another process reads
  $seen
instead of
  ${states[$edits]}"
      return 1
    fi
    sleep 0.1
  done
}

states[0]=$(expected_state)
[ "$(read_state)" = "${states[0]}" ] || fail "the fresh project reads '$(read_state)', expected '${states[0]}'"

# ---- the watch on the project's folder, then the app ----

events=$work/events
inotifywait -m --timefmt %s --format '%T %e %f' -e create,delete,moved_from,moved_to "$folder" \
  >"$events" 2>"$work/inotifywait.log" &
watcher=$!
until_true 20 grep -q 'Watches established' "$work/inotifywait.log" || fail "inotifywait did not start"

launch_app "$project"
started=$EPOCHSECONDS

app_alive () { kill -0 "$pid" 2>/dev/null; }

# await_window TITLE-REGEX: prints the id of the visible window with that title, waiting up to 60 s.
await_window ()
{
  local found= deadline=$((SECONDS + 60))
  while [ -z "$found" ]; do
    found=$(timeout 1 xdotool search --onlyvisible --name "$1" 2>/dev/null | head -n 1) || true
    [ -n "$found" ] && break
    app_alive || { echo "shadelab exited" >&2; return 1; }
    [ "$SECONDS" -lt "$deadline" ] || { echo "no visible window '$1' within 60 s" >&2; return 1; }
    sleep 0.2
  done
  echo "$found"
}

wid=$(await_window '^soak – Shadelab$') || fail "the labeling window did not show"

# focus_main: the labeling window on top of the app's other windows (there is no window manager) and focused.
focus_main ()
{
  xdotool windowraise "$wid" && timeout 10 xdotool windowfocus --sync "$wid"
}

key () { xdotool key --window "$wid" --clearmodifiers "$@"; }

# ---- where the photo lies: SHADELAB_DEBUG_GEOMETRY=1 makes the app print it whenever it changes ----

geometry_line () { grep '^SHADELAB_GEOMETRY ' "$log" | tail -n 1; }
shown_image () { geometry_line | sed -E 's/.* image=([0-9]+) .*/\1/'; }

# showing is|not IMAGE: waits (30 s at most) until the canvas shows that photo (or another one) with a settled
# layout, the same geometry line twice 0.3 s apart; sets current and its geometry (zoom, ox, oy, iw, ih).
current=
showing ()
{
  local mode=$1 image=$2 line= previous= shown deadline=$((SECONDS + 30))
  while :; do
    line=$(geometry_line)
    shown=$(sed -E 's/.* image=([0-9]+) .*/\1/' <<<"$line")
    if [ -n "$line" ] && [ "$line" = "$previous" ]; then
      if [ "$mode" = is ] && [ "$shown" = "$image" ]; then break; fi
      if [ "$mode" = not ] && [ "$shown" != "$image" ]; then break; fi
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      problem="the app never showed $([ "$mode" = is ] && echo "photo $image" || echo "a photo other than $image") (its last geometry: $line)"
      return 1
    fi
    previous=$line
    sleep 0.3
  done
  current=$shown
  read -r iw ih zoom ox oy < <(sed -E 's/.* size=([0-9]+)x([0-9]+) zoom=([0-9.]+) origin=([-0-9.]+),([-0-9.]+) .*/\1 \2 \3 \4 \5/' <<<"$line")
}

# to_window IMAGE-X IMAGE-Y: the window pixel over that image point.
to_window ()
{
  awk -v x="$1" -v y="$2" -v z="$zoom" -v ox="$ox" -v oy="$oy" \
    'BEGIN { printf "%d %d\n", int(ox + x * z + 0.5), int(oy + y * z + 0.5) }'
}

# drag_in_cell: a left-button drag, in steps like a hand, over the next free cell of a 4 x 3 grid on the
# shown photo (the box covers the middle half of the cell).
cells_per_photo=12
drag_in_cell ()
{
  local cell=${cells[$current]:-0} column row wx0 wy0 wx1 wy1 i steps=10
  cells[$current]=$((cell + 1))
  column=$((cell % 4))
  row=$((cell / 4))
  read -r wx0 wy0 < <(to_window $((iw * (4 * column + 1) / 16)) $((ih * (4 * row + 1) / 12)))
  read -r wx1 wy1 < <(to_window $((iw * (4 * column + 3) / 16)) $((ih * (4 * row + 3) / 12)))
  xdotool windowraise "$wid" || return 1
  xdotool mousemove --window "$wid" "$wx0" "$wy0" || return 1
  sleep 0.05
  xdotool mousedown 1 || return 1
  for i in $(seq 1 $steps); do
    xdotool mousemove --window "$wid" $((wx0 + (wx1 - wx0) * i / steps)) $((wy0 + (wy1 - wy0) * i / steps))
    sleep 0.02
  done
  xdotool mouseup 1
}

# ---- the edits: each one by real input, then confirmed ----

class=1      # the class of new boxes (key 1: product, the first class)
selected=    # "photo:class:occluded" of the box just drawn, while it is selected

draw_box ()
{
  drag_in_cell || return 1
  drawn=$((drawn + 1))
  selected="$current:$class:0"
  count_box "$selected" 1
  confirm "box $drawn, drawn on photo $current"
}

change_class ()
{
  local photo occluded
  IFS=: read -r photo _ occluded <<<"$selected"
  class=$((class % 3 + 1))
  key "$class" || return 1
  count_box "$selected" -1
  selected="$photo:$class:$occluded"
  count_box "$selected" 1
  confirm "key $class: the box's class"
}

toggle_occluded ()
{
  local photo box_class occluded
  IFS=: read -r photo box_class occluded <<<"$selected"
  key o || return 1
  count_box "$selected" -1
  selected="$photo:$box_class:$((1 - occluded))"
  count_box "$selected" 1
  confirm "O: occluded"
}

draw_and_undo ()
{
  draw_box || return 1
  key ctrl+z || return 1
  undone=$((undone + 1))
  count_box "$selected" -1
  selected=
  confirm "Ctrl+Z: box $drawn undone"
}

# step: D or A to the neighbouring photo, back and forth through the list.
direction=d
step ()
{
  local target
  if [ "$direction" = d ] && [ "$current" -ge "$n_images" ]; then direction=a; fi
  if [ "$direction" = a ] && [ "$current" -le 1 ]; then direction=d; fi
  if [ "$direction" = d ]; then target=$((current + 1)); else target=$((current - 1)); fi
  key "$direction" || return 1
  selected=
  showing is "$target"
}

# to_free_photo: moves on until the shown photo has a free cell.
to_free_photo ()
{
  for _ in $(seq $((2 * n_images + 2))); do
    [ "${cells[$current]:-0}" -lt "$cells_per_photo" ] && return 0
    step || return 1
  done
  problem="no photo has room for another box: make SHADELAB_SOAK_SECONDS shorter or the photos more"
  return 1
}

# mark_done: Space, while another photo is still to do; the app moves on to one.
mark_done ()
{
  local image others=0
  for image in $(seq "$n_images"); do
    if [ "$image" != "$current" ] && [ -z "${done[$image]:-}" ]; then others=1; fi
  done
  [ "$others" = 1 ] || return 0
  key space || return 1
  done[$current]=1
  confirm "Space: photo $current done" || return 1
  selected=
  showing not "$current"
}

dialog_gone () { ! xdotool search --onlyvisible --name '^Import Photos$' >/dev/null 2>&1; }

# close_other_windows DIALOG: Escape in every window of the app but the labeling and calibration windows and
# DIALOG (a message about a mistyped path).
close_other_windows ()
{
  local window
  for window in $(xdotool search --onlyvisible --pid "$pid" 2>/dev/null); do
    case " $wid $calibration $1 " in
      *" $window "*) ;;
      *) if timeout 5 xdotool windowfocus --sync "$window" 2>/dev/null; then
           xdotool key --clearmodifiers Escape 2>/dev/null || true
         fi ;;
    esac
  done
}

# import_photo: Ctrl+I, the path of the next photo beside the project typed into the chooser's location
# entry (Ctrl+L), Return; then D until the app shows the new photo, which proves the import is over.
next_incoming=0
import_photo ()
{
  local dialog file=${incoming[$next_incoming]} target=$((n_images + 1)) before deadline
  next_incoming=$((next_incoming + 1))
  echo "$((EPOCHSECONDS - started)) s: Ctrl+I, $file through the file chooser"
  focus_main || return 1
  key ctrl+i || return 1
  dialog=$(await_window '^Import Photos$') || { problem="Ctrl+I showed no file chooser"; return 1; }
  timeout 10 xdotool windowfocus --sync "$dialog" || return 1
  # The chooser checks the typed path in the background and takes no Return (Import is greyed out) until it is
  # done: Return until the chooser closes. Now and then (one path in ten) a key is lost as the completion list
  # pops up; the chooser then says the folder does not exist: that message is closed and the path typed anew.
  for _ in 1 2 3 4 5; do
    xdotool key --window "$dialog" --clearmodifiers ctrl+l ctrl+a 2>/dev/null || true
    xdotool type --window "$dialog" --delay 40 "$file" 2>/dev/null || true
    for _ in 1 2 3 4 5; do
      xdotool key --window "$dialog" --clearmodifiers Return 2>/dev/null || true
      until_true 2 dialog_gone && break 2
    done
    close_other_windows "$dialog"
    timeout 10 xdotool windowfocus --sync "$dialog" 2>/dev/null || true
  done
  if ! dialog_gone; then
    import -window root "$out_dir/soak-chooser.png" 2>/dev/null || true
    problem="the file chooser did not take $file (the screen is in $out_dir/soak-chooser.png)"
    return 1
  fi
  imports=$((imports + 1))
  n_images=$target
  confirm "photo $target, $(basename "$file"), imported through the file chooser" || return 1
  focus_main || return 1
  selected=
  deadline=$((SECONDS + 30))
  while [ "$SECONDS" -lt "$deadline" ]; do
    before=$(shown_image)
    [ "$before" = "$target" ] && break
    key d || return 1
    # Until the window has read the import, D on the last photo shows nothing new: then it is pressed again.
    until_true 3 eval '[ "$(shown_image)" != "$before" ]' || true
  done
  showing is "$target"
}

# ---- the windows: Calibrate Materials and its Review page, Preferences, then back to labeling ----

focus_window "$wid" "the labeling window"
showing is 1 || fail "$problem"
echo "photo 1: zoom $zoom, image origin at $ox,$oy in the window"

key ctrl+k || fail "xdotool failed"
calibration=$(await_window '^Calibrate Materials – soak$') || fail "Ctrl+K showed no calibration window"
until_true 60 grep -q '^SHADELAB_CALIBRATION_GEOMETRY ' "$log" || fail "the calibration window was never laid out"
# The Tune page shows the tone grid (thousands of colours); the Review page, with nothing to review, a few.
colours () { import -window "$calibration" png:- 2>/dev/null | identify -format '%k' - 2>/dev/null; }
tune_shown () { [ "$(colours)" -ge 1000 ] 2>/dev/null; }
review_shown () { [ "$(colours)" -lt 1000 ] 2>/dev/null; }
until_true 60 tune_shown || fail "the calibration window never drew its tone grid"
# The page switcher is centred in the header bar: Tune left of the middle, Review right of it.
eval "$(xdotool getwindowgeometry --shell "$calibration")"
focus_window "$calibration" "the calibration window"
xdotool windowraise "$calibration" mousemove --window "$calibration" $((WIDTH / 2 + 60)) 25 click 1
until_true 30 review_shown || fail "a click on Review did not show the Review page"
echo "calibration window open on its Review page"

focus_main || fail "could not focus the labeling window"
key ctrl+comma || fail "xdotool failed"
preferences=$(await_window '^Preferences$') || fail "Ctrl+comma showed no preferences"
# The preferences are modal: closed again (Escape), or the other windows take no input.
preferences_gone () { ! xdotool search --onlyvisible --name '^Preferences$' >/dev/null 2>&1; }
for _ in 1 2 3; do
  focus_window "$preferences" "the preferences"
  # Through XTEST to the focused window; the key's release may find the window gone.
  xdotool key --clearmodifiers Escape 2>/dev/null || true
  until_true 5 preferences_gone && break
done
preferences_gone || fail "Escape did not close the preferences"
echo "preferences opened and closed"
focus_main || fail "could not focus the labeling window"

# ---- the readers, in other processes, over and over ----

# reader NAME COMMAND...: runs COMMAND until $work/stop exists; one line per run in $work/runs-NAME, "ok" or
# what went wrong.
reader ()
{
  local name=$1 out=$work/reader-$1.out
  shift
  while [ ! -e "$work/stop" ]; do
    if "$@" >"$out" 2>&1; then
      echo ok
    else
      echo "exit $?: $(head -c 400 "$out" | tr '\n' ' ')"
    fi
    sleep 0.2
  done >>"$work/runs-$name"
}

# check_database: shadelab-cli check, whose exit status also counts photos that miss a photo standard (the
# generated ones are small): only the database's own findings matter here.
check_database ()
{
  local status=0 field
  "$cli" check --json "$project" >"$work/check.json" || status=$?
  [ "$status" -le 1 ] || return "$status"
  for field in integrity foreign_keys missing_files changed_files; do
    if ! grep -Eq "\"$field\":[[:space:]]*\[\]" "$work/check.json"; then
      echo "check found $field problems:"
      cat "$work/check.json"
      return 1
    fi
  done
}

reader stats "$cli" stats "$project" &
readers+=($!)
reader check check_database &
readers+=($!)
reader export "$cli" export "$project" --format csv --out "$work/export" &
readers+=($!)
reader sqlite3 sqlite3 -cmd '.timeout 10000' "$project" 'select count(*) from boxes' &
readers+=($!)

# ---- the soak ----

soak_start=$SECONDS
soak_end=$((SECONDS + soak_seconds))
next_import=$((SECONDS + 5))
cycle=0
while [ "$SECONDS" -lt "$soak_end" ]; do
  if [ "$SECONDS" -ge "$next_import" ] && [ "$next_incoming" -lt "${#incoming[@]}" ]; then
    import_photo || break
    next_import=$((SECONDS + import_every))
  fi
  focus_main || { problem="could not focus the labeling window"; break; }
  to_free_photo || break
  draw_box || break
  if [ $((cycle % 3)) = 1 ]; then change_class || break; fi
  if [ $((cycle % 4)) = 2 ]; then toggle_occluded || break; fi
  if [ $((cycle % 5)) = 3 ] && [ "${cells[$current]}" -lt "$cells_per_photo" ]; then draw_and_undo || break; fi
  if [ $((cycle % 6)) = 5 ]; then
    mark_done || break
  elif [ $((cycle % 2)) = 1 ]; then
    step || break
  fi
  cycle=$((cycle + 1))
done
soaked=$((SECONDS - soak_start))
if [ "$SECONDS" -lt "$soak_end" ] && [ -z "$problem" ]; then
  problem="the soak stopped after $soaked s, in cycle $cycle"
fi
app_alive || problem="shadelab exited during the soak${problem:+; }$problem"

# ---- the end: readers stopped, every event of the watch in, then SIGKILL ----

stop_readers
touch "$folder/.soak-end"
until_true 20 grep -q ' CREATE .soak-end$' "$events" || fail "inotifywait lost track of the folder"
kill "$watcher"
wait "$watcher" 2>/dev/null || true
watcher=
if app_alive; then
  kill -9 "$pid"
  wait "$pid" 2>/dev/null || true
fi
pid=

problems=()
[ -z "$problem" ] || problems+=("$problem")

# Deleted or renamed -wal / -shm while the app ran (the watch ended before the kill).
unlinked=$(grep -E ' (DELETE|MOVED_FROM) soak\.shadelab-(wal|shm)$' "$events" || true)
if [ -n "$unlinked" ]; then
  problems+=("SQLite's files were deleted $(wc -l <<<"$unlinked") times while the app held the project, first:
$(head -n 4 <<<"$unlinked" | awk -v t0="$started" '{ printf "  %d s: %s %s\n", $1 - t0, $2, $3 }')")
fi

# The readers.
runs=0
run_counts=
for name in stats check export sqlite3; do
  n=$(wc -l <"$work/runs-$name")
  runs=$((runs + n))
  run_counts="$run_counts${run_counts:+, }$name $n"
  failed=$(grep -v '^ok$' "$work/runs-$name" || true)
  if [ -n "$failed" ]; then
    problems+=("$(wc -l <<<"$failed") of $n '$name' runs failed, the first: $(head -n 1 <<<"$failed")")
  fi
done
[ -z "$hung_readers" ] || problems+=("reader runs did not end within 20 s of the soak's end")

# The file after SIGKILL: the state after the last edit, and sound.
final=$(read_state) || true
found=none
for ((k = edits; k >= 0; k--)); do
  if [ "${states[$k]}" = "$final" ]; then found=$k; break; fi
done
if [ "$found" != "$edits" ]; then
  problems+=("after SIGKILL the project holds
  $final
expected, after edit $edits (${descriptions[$edits]:-none}):
  ${states[$edits]}
$([ "$found" = none ] && echo "which is no state the edits went through" ||
  echo "which is the state after edit $found (${descriptions[$found]:-the start}): the later edits are lost")")
fi
expected_boxes=$((drawn - undone))
boxes_found=$(sqlite3 "$project" 'SELECT count(*) FROM boxes' 2>&1) || true
[ "$boxes_found" = "$expected_boxes" ] ||
  problems+=("$drawn boxes drawn and $undone undone, but $boxes_found boxes in the file, not $expected_boxes")
integrity=$(sqlite3 "$project" 'PRAGMA integrity_check' 2>&1) || true
[ "$integrity" = ok ] || problems+=("PRAGMA integrity_check after SIGKILL: $integrity")

summary="soak: $soaked s, $edits edits made, $found found ($drawn boxes drawn, $undone undone, $boxes_found of \
$expected_boxes in the file; $imports imports through the file chooser), $runs reader runs ($run_counts), \
$([ -z "$unlinked" ] && echo "wal never unlinked" || echo "wal or shm unlinked $(wc -l <<<"$unlinked") times")"
if [ "${#problems[@]}" -gt 0 ]; then
  for p in "${problems[@]}"; do echo "FAIL: $p" >&2; done
  echo "$summary"
  fail "${#problems[@]} problems"
fi
echo "$summary"
