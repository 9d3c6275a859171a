#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# test-study-rater-e2e.sh: a rater scores a realism study's pack in the real shadelab under X with real key
# presses (xdotool): digits score the outlined candidate (0 is 10), Tab moves, Return goes on only once every
# candidate is scored. The app is killed with SIGKILL in the middle of a trial; every score given before is in
# the pack, and the app opened again resumes at that trial on its first unscored candidate. The rater finishes,
# and the pack is merged and reported on from the command line with exactly the scores typed.
#
# Then the labeling window's Realism Studies… (Ctrl+Shift+Y) shows the study's figures.
#
# Usage: test-study-rater-e2e.sh SHADELAB SHADELAB-CLI TESTS-BUILD-DIR [RATER.png [STUDIES.png]]: the two
# screenshots when given. Exits 77 (skipped) without an X display.
. "$(dirname "${BASH_SOURCE[0]}")/../lib/session.sh"
. "$(dirname "${BASH_SOURCE[0]}")/../lib/study-fixture.sh"

app=$1
cli=$2
tests_dir=$3
screenshot=${4:-}
studies_screenshot=${5:-}

session_start --kill study-rater xdotool python3

# A study of three participants (MST 2, 6, 9) wearing one product, three methods: three trials of three.
project=$("$tests_dir/lib/export-fixture" photos "$work")
study_faces "$project" "$tests_dir/lib/tryon-fixture" png "" 'LIP/RED 01' 2 6 9
study_draw_lips "$project"
"$cli" study create "$project" e2e --products 'LIP/RED 01' --methods mean,robust,tuned >/dev/null
pack=$work/R1.shadelab-study
"$cli" study pack "$project" e2e --rater R1 --seed 5 --out "$pack" >/dev/null

# wait_log REGEX: waits for the app to print a line matching REGEX.
wait_log ()
{
  for _ in $(seq 100); do
    grep -qE -- "$1" "$log" && return 0
    kill -0 "$pid" 2>/dev/null || fail "shadelab exited while waiting for /$1/"
    sleep 0.1
  done
  fail "the app never said /$1/"
}

# press KEY [REGEX]: a real key press to the window; waits for the app to say REGEX when given.
press ()
{
  xdotool key --clearmodifiers "$1"
  if [ -n "${2:-}" ]; then
    wait_log "$2"
  else
    sleep 0.3
  fi
}

# The scores in the pack, as "position:letter=score ..." from the command line (not from the app).
scores ()
{
  "$cli" study show "$pack" --json | python3 -c '
import json, sys
show = json.load(sys.stdin)
print(" ".join("%d:%s=%s" % (t["position"], c["letter"], c["score"] if c["score"] is not None else "-")
               for t in show["positions"] for c in t["candidates"]))'
}

launch_app "$pack"
wid=$(find_window '^Realism Study – R1$')
focus_window "$wid" "the rater view"
wait_log 'study: trial 1 of 3 shown'

press 7 'trial 1 candidate A scored 7'
press Tab
press 5 'trial 1 candidate B scored 5'
# Return before every candidate is scored stays on the trial.
press Return
grep -q 'trial 2 of 3 shown' "$log" && fail "Return left a trial with a candidate unscored"
press Tab
press 0 'trial 1 candidate C scored 10'
press Return 'study: trial 2 of 3 shown'
press 3 'trial 2 candidate A scored 3'
press Tab
press 8 'trial 2 candidate B scored 8'

# SIGKILL in the middle of trial 2: what was scored is in the pack.
stop_app
got=$(scores)
[ "$got" = "1:A=7 1:B=5 1:C=10 2:A=3 2:B=8 2:C=- 3:A=- 3:B=- 3:C=-" ] || fail "after SIGKILL the pack holds: $got"

# Opened again: trial 2, the focus on its unscored candidate C.
launch_app "$pack"
wid=$(find_window '^Realism Study – R1$')
focus_window "$wid" "the rater view, opened again"
wait_log 'study: trial 2 of 3 shown'
press 6 'trial 2 candidate C scored 6'
press Return 'study: trial 3 of 3 shown'
press 4 'trial 3 candidate A scored 4'
press Tab
press 9 'trial 3 candidate B scored 9'
# Tab wraps around: four from B is C.
press Tab
press Tab
press Tab
press Tab
press 1 'trial 3 candidate C scored 1'
# Shift+Tab back to B, and a change of mind.
press shift+Tab
press 2 'trial 3 candidate B scored 2'
press z
if [ -n "$screenshot" ]; then
  screenshot_window "$screenshot" "$wid"
fi
press Return 'study: all 3 trials scored'
stop_app

got=$(scores)
[ "$got" = "1:A=7 1:B=5 1:C=10 2:A=3 2:B=8 2:C=6 3:A=4 3:B=2 3:C=1" ] || fail "the finished pack holds: $got"
"$cli" study show "$pack" --json | python3 -c '
import json, sys
show = json.load(sys.stdin)
assert show["finished"] == 3 and show["next"] == 4, show
# Time per trial was recorded for every trial left with Return.
assert all(t["elapsed_ms"] > 0 for t in show["positions"]), [t["elapsed_ms"] for t in show["positions"]]' \
  || fail "the pack's progress or times are wrong"

# Merged and reported: the nine scores typed, their mean.
"$cli" study merge "$project" "$pack" | grep '9 scores, 9 new, 0 changed' >/dev/null || fail "merge"
"$cli" study unblind "$project" e2e --reason "e2e test" >/dev/null
"$cli" study report "$project" e2e --json | python3 -c '
import json, sys
report = json.load(sys.stdin)
assert (report["raters"], report["trials"], report["scores"]) == (1, 3, 9), report
everything = report["groups"][0]["methods"]
total = sum(m["mean"] * m["scores"] for m in everything.values())
assert abs(total - (7 + 5 + 10 + 3 + 8 + 6 + 4 + 2 + 1)) < 1e-4, total' || fail "the report does not hold the scores typed"

# The project's studies page shows the same figures (and the charts).
launch_app "$project"
wid=$(find_window '^fixture – Shadelab$')
focus_window "$wid" "the labeling window"
xdotool key --clearmodifiers ctrl+shift+y
wait_log "studies: 'e2e' shown: 1 raters, 3 trials, 9 scores"
if [ -n "${studies_screenshot:-}" ]; then
  swid=$(find_window '^Realism Studies – fixture$')
  screenshot_window "$studies_screenshot" "$swid"
fi
stop_app
echo "ok: a rater scored a pack with the keyboard across a SIGKILL; merged, reported and shown in the app"
