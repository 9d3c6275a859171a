#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# test-cli-study.sh CLI EXPORT-FIXTURE TRYON-FIXTURE: the blind realism study end to end from the command line,
# on generated bare and worn lip photos of three participants (MST 2, 6 and 9) and two products:
#   - create: a trial per consenting participant and product, four candidates (mean, robust, tuned and an
#     incumbent's renders from a folder); a missing incumbent render changes nothing;
#   - pack: the rater's file holds no trace of a method name or the key, anywhere in its bytes (free pages
#     included), not even the text an incumbent's PNG carried; trials and letters follow the recorded seed;
#   - simulated raters whose figures are known in closed form score through `study score`; merge brings them
#     in, merging again changes nothing, a changed score is replaced; a tampered pack, or a pack of a study
#     the project does not have, is refused and changes nothing;
#   - the report is refused while blind; unblind is logged each time; the report's figures (means, win rates
#     with ties half, per MST group and product, Krippendorff's alpha) match those computed here, and its CSV
#     and charts are written.
set -eu
cli=$1
export_fixture=$2
tryon_fixture=$3

first_failure_ends=1
. "$(dirname "$0")/../lib/cli-checks.sh"
. "$(dirname "$0")/../lib/study-fixture.sh"

project=$("$export_fixture" photos "$work")
# A project with the same photos and participants but none of the study, for a pack from elsewhere.
red='LIP/RED 01'
nude='sku-a'
mkdir "$work/external"
for mst in 2 6 9; do
  "$tryon_fixture" "$work/bare$mst.png" png srgb 1 "$mst" >"$work/poly$mst.txt"
  "$tryon_fixture" "$work/worn$mst.png" png display-p3 1 "$mst" >/dev/null
  "$cli" participant add "$project" --code "P$mst" --mst "$mst" --consent >/dev/null
  "$cli" face add "$project" --participant "P$mst" --bare "$work/bare$mst.png" >/dev/null
  "$cli" face add "$project" --participant "P$mst" --worn "$red" "$work/worn$mst.png" >/dev/null
  "$cli" face add "$project" --participant "P$mst" --worn "$nude" "$work/worn$mst.png" >/dev/null
done
# Someone who did not consent is in no trial.
"$tryon_fixture" "$work/bare4.png" png srgb 1 4 >"$work/poly4.txt"
"$cli" participant add "$project" --code P4 --mst 4 >/dev/null
"$cli" face add "$project" --participant P4 --bare "$work/bare4.png" >/dev/null
"$cli" face add "$project" --participant P4 --worn "$red" "$work/worn6.png" >/dev/null
study_draw_lips "$project"

# The incumbent's renders: the bare photos under <participant>_<sku>.png (the SKU's '/' and ' ' as '_'), each
# carrying a text chunk that names its source, which must not reach a pack.
python3 - "$work" <<'PY'
import struct, sys, zlib
work = sys.argv[1]
def with_text(data, text):
    chunk = b"tEXt" + b"Comment\0" + text
    body = struct.pack(">I", len(chunk) - 4) + chunk + struct.pack(">I", zlib.crc32(chunk) & 0xffffffff)
    return data[:33] + body + data[33:]
for mst in (2, 6, 9):
    data = open("%s/bare%d.png" % (work, mst), "rb").read()
    for sku in ("LIP_RED_01", "sku-a"):
        open("%s/external/P%d_%s.png" % (work, mst, sku), "wb").write(
            with_text(data, b"external render by the incumbent, method tuned? no: robust mean"))
PY
cp "$project" "$work/elsewhere.shadelab"

# ---- create ----
mv "$work/external/P9_sku-a.png" "$work/P9_sku-a.png"
expect_status 1 "$cli" study create "$project" spring --products "$red,$nude" \
  --methods "mean,robust,tuned,external:$work/external"
expect_message "P9_sku-a.png"
"$cli" study list "$project" --json >"$work/list0.json"
grep -q '"studies":\[\]' "$work/list0.json" || fail "a refused study was stored: $(cat "$work/list0.json")"
mv "$work/P9_sku-a.png" "$work/external/P9_sku-a.png"
expect_status 2 "$cli" study create "$project" spring --products "$red" --methods mean
expect_status 2 "$cli" study create "$project" spring --products "$red" --methods mean,sharpest
expect_status 2 "$cli" study create "$project" spring --methods mean,tuned
expect_status 1 "$cli" study create "$project" spring --products NO-SUCH --methods mean,tuned
expect_message "no product with SKU 'NO-SUCH'"
"$cli" study create "$project" spring --products "$red,$nude" --methods "mean,robust,tuned,external:$work/external" \
  >"$work/create.txt"
grep -q "6 trials of 4 candidates" "$work/create.txt" || fail "create: $(cat "$work/create.txt")"
expect_status 1 "$cli" study create "$project" spring --products "$red" --methods mean,tuned
expect_message "already has a study 'spring'"

# ---- packs ----
expect_status 2 "$cli" study pack "$project" spring --out "$work/r.shadelab-study"
expect_status 1 "$cli" study pack "$project" autumn --rater R1 --out "$work/r.shadelab-study"
expect_message "no study 'autumn'"
for rater in R1 R2 R3; do
  "$cli" study pack "$project" spring --rater "$rater" --seed "${#rater}$(printf %s "$rater" | tail -c 1)" \
    --out "$work/$rater.shadelab-study" >/dev/null
  "$cli" study show "$work/$rater.shadelab-study" --json >"$work/$rater-0.json"
done
# The same rater's pack made again: the same order and letters (the seed was recorded).
"$cli" study pack "$project" spring --rater R1 --seed 999 --out "$work/R1-again.shadelab-study" >"$work/again.txt"
grep -q "seed 21" "$work/again.txt" || fail "a rater's recorded seed was not kept: $(cat "$work/again.txt")"
"$cli" study show "$work/R1-again.shadelab-study" --json >"$work/R1-again.json"
cmp -s "$work/R1-0.json" "$work/R1-again.json" || fail "the same rater's pack made again differs"

# No trace of a method or of the key in any byte of a pack (pages in use, free pages, everything).
python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
words = [b"mean", b"robust", b"tuned", b"external", b"incumbent", b"method", b"study_key", b"key table"]
for rater in ("R1", "R2", "R3"):
    data = open("%s/%s.shadelab-study" % (work, rater), "rb").read()
    assert data[:16] == b"SQLite format 3\0", "not a SQLite file"
    low = data.lower()
    for word in words:
        assert word not in low, "%s pack holds %r at byte %d" % (rater, word, low.index(word))
    # Nor their UTF-16 forms, nor the candidates' order in the project (the key's row ids are not in it).
    for word in words:
        assert word.decode().encode("utf-16-le") not in low, (rater, word)
shows = [json.load(open("%s/%s-0.json" % (work, r))) for r in ("R1", "R2", "R3")]
for show in shows:
    assert show["trials"] == 6 and show["finished"] == 0 and show["next"] == 1, show
    for trial in show["positions"]:
        assert [c["letter"] for c in trial["candidates"]] == ["A", "B", "C", "D"], trial
# Randomised per rater: the trial order or the letters differ between raters.
def layout(show):
    return [(t["reference_sha256"], tuple(c["sha256"] for c in t["candidates"])) for t in show["positions"]]
assert layout(shows[0]) != layout(shows[1]) and layout(shows[1]) != layout(shows[2]), "raters see the same layout"
assert sorted(layout(shows[0])) != layout(shows[0]) or sorted(layout(shows[1])) != layout(shows[1])
PY

# ---- blind: no report ----
expect_status 1 "$cli" study report "$project" spring
expect_message "still blind"

# ---- simulated raters ----
# Unblinding is what lets this test know the key; a real study unblinds after the scores are in.
"$cli" study unblind "$project" spring --reason "simulated raters need the key" --by tester --json >"$work/key.json"
python3 - "$work" "$cli" >"$work/score.sh" <<'PY'
import json, sys
work, cli = sys.argv[1], sys.argv[2]
from study_sim import simulated_scores
for rater, position, letter, score, _ in simulated_scores(work):
    print('"%s" study score "%s/%s.shadelab-study" --trial %d --letter %s --score %d --ms 1500' %
          (cli, work, rater, position, letter, score))
PY
sh -e "$work/score.sh"
"$cli" study show "$work/R2.shadelab-study" >"$work/R2-shown.txt"
grep -q "6 of 6 trials scored" "$work/R2-shown.txt" || fail "R2's pack: $(head -1 "$work/R2-shown.txt")"

# ---- merge ----
"$cli" study merge "$project" "$work/R1.shadelab-study" "$work/R2.shadelab-study" "$work/R3.shadelab-study" \
  >"$work/merge1.txt"
grep -c "24 scores, 24 new, 0 changed" "$work/merge1.txt" | grep -q 3 || fail "merge: $(cat "$work/merge1.txt")"
python3 - "$project" >"$work/scores1.txt" <<'PY'
import sqlite3, sys
db = sqlite3.connect("file:%s?mode=ro" % sys.argv[1], uri=True)
for row in db.execute("SELECT rater_id, candidate_id, score, scored_at, trial_ms, merged_at FROM study_scores "
                      "ORDER BY 1, 2"):
    print(row)
PY
"$cli" study merge "$project" "$work/R1.shadelab-study" "$work/R1.shadelab-study" >"$work/merge2.txt"
grep -c "24 scores, 0 new, 0 changed" "$work/merge2.txt" | grep -q 2 || fail "merge again: $(cat "$work/merge2.txt")"
python3 - "$project" >"$work/scores2.txt" <<'PY'
import sqlite3, sys
db = sqlite3.connect("file:%s?mode=ro" % sys.argv[1], uri=True)
for row in db.execute("SELECT rater_id, candidate_id, score, scored_at, trial_ms, merged_at FROM study_scores "
                      "ORDER BY 1, 2"):
    print(row)
PY
[ "$(wc -l <"$work/scores1.txt")" -eq 72 ] || fail "72 scores expected, found $(wc -l <"$work/scores1.txt")"
cmp -s "$work/scores1.txt" "$work/scores2.txt" || fail "merging the same pack twice changed the project"

# Tampered packs: an image, a letter, a token; a pack of a study this project does not have.
python3 - "$work" <<'PY'
import shutil, sqlite3, sys
work = sys.argv[1]
for name, statements in (
        ("image", ["UPDATE candidates SET png = CAST(substr(png, 1, 100) || x'00' || substr(png, 102) AS BLOB) "
                   "WHERE position = 2 AND letter = 'B'"]),
        # The scores of A and B swapped behind the letters: their tokens traded.
        ("tokens", ["UPDATE candidates SET token = 'swap' WHERE position = 1 AND letter = 'A'",
                    "UPDATE candidates SET token = (SELECT token FROM candidates WHERE position = 1 AND letter = 'B' "
                    ") || '' WHERE token = 'swap'",
                    "UPDATE candidates SET token = 'x' || token WHERE position = 1 AND letter = 'B'"]),
        ("reference", ["UPDATE trials SET reference_png = x'89504e47' WHERE position = 3"])):
    path = "%s/tampered-%s.shadelab-study" % (work, name)
    shutil.copy("%s/R3.shadelab-study" % work, path)
    db = sqlite3.connect(path)
    if name == "tokens":
        a, b = [r[0] for r in db.execute("SELECT token FROM candidates WHERE position = 1 ORDER BY letter LIMIT 2")]
        statements = ["UPDATE candidates SET token = 'swap' WHERE token = '%s'" % a,
                      "UPDATE candidates SET token = '%s' WHERE token = '%s'" % (a, b),
                      "UPDATE candidates SET token = '%s' WHERE token = 'swap'" % b]
    for sql in statements:
        db.execute(sql)
    db.execute("UPDATE scores SET score = 1")
    db.commit()
    db.close()
PY
for what in image tokens reference; do
  expect_status 1 "$cli" study merge "$project" "$work/tampered-$what.shadelab-study"
  expect_message "altered after it was made"
done
expect_status 1 "$cli" study merge "$work/elsewhere.shadelab" "$work/R1.shadelab-study"
expect_message "not in this project"
printf 'SQLite format 3\000 but not really' >"$work/junk.shadelab-study"
expect_status 1 "$cli" study merge "$project" "$work/junk.shadelab-study"
expect_status 1 "$cli" study merge "$project" "$project"
expect_message "not a Shadelab study pack"
python3 - "$project" >"$work/scores3.txt" <<'PY'
import sqlite3, sys
db = sqlite3.connect("file:%s?mode=ro" % sys.argv[1], uri=True)
for row in db.execute("SELECT rater_id, candidate_id, score, scored_at, trial_ms, merged_at FROM study_scores "
                      "ORDER BY 1, 2"):
    print(row)
PY
cmp -s "$work/scores1.txt" "$work/scores3.txt" || fail "a refused pack changed the scores"

# A rater who changes their mind: the newer score replaces the old one.
first_letter=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["positions"][0]["candidates"][0]["letter"])' "$work/R3-0.json")
"$cli" study score "$work/R3.shadelab-study" --trial 1 --letter "$first_letter" --score 10
"$cli" study merge "$project" "$work/R3.shadelab-study" >"$work/merge3.txt"
grep -q "24 scores, 0 new, 1 changed" "$work/merge3.txt" || fail "rescore: $(cat "$work/merge3.txt")"
# ...and back, so that the figures below are the simulated raters'.
python3 - "$work" "$cli" <<'PY'
import json, subprocess, sys
work, cli = sys.argv[1], sys.argv[2]
script = open(work + "/score.sh").read().splitlines()
line = [l for l in script if "/R3.shadelab-study\" --trial 1 --letter " in l][0]
subprocess.check_call(line, shell=True)
PY
"$cli" study merge "$project" "$work/R3.shadelab-study" | grep -q "0 new, 1 changed" || fail "rescore back"

# ---- unblind log ----
"$cli" study unblind "$project" spring --reason "second look" --by auditor --json >"$work/key2.json"
python3 - "$work/key2.json" <<'PY'
import json, sys
log = json.load(open(sys.argv[1]))["log"]
assert [(e["by"], e["reason"]) for e in log] == [("tester", "simulated raters need the key"),
                                                  ("auditor", "second look")], log
assert all(e["at"].endswith("Z") for e in log), log
PY

# ---- report ----
"$cli" study report "$project" spring --json --out "$work/report" >"$work/report.json"
"$cli" study report "$project" spring --baseline mean --json >"$work/report-mean.json"
python3 - "$work" <<'PY'
import csv, json, struct, sys
work = sys.argv[1]
report = json.load(open(work + "/report.json"))
from study_sim import simulated_scores
assert report["baseline"] == "external", report["baseline"]
assert report["methods"] == ["mean", "robust", "tuned", "external"], report["methods"]
assert (report["raters"], report["trials"], report["scores"]) == (3, 6, 72), report
# The same figures from the packs' scores, computed here.
scores = [(rater, (t["participant"], t["sku"]), t["method"], t["mst"], t["sku"], score,
           (t["participant"], t["sku"], t["method"]))
          for rater, position, letter, score, t in simulated_scores(work)]
groups = {g["group"]: g for g in report["groups"]}
def group_of(mst):
    return "1-3" if mst <= 3 else "4-7" if mst <= 7 else "8-10"
for name, keep in (("all", lambda x: True), ("1-3", lambda x: group_of(x[3]) == "1-3"),
                   ("4-7", lambda x: group_of(x[3]) == "4-7"), ("8-10", lambda x: group_of(x[3]) == "8-10"),
                   ("LIP/RED 01", lambda x: x[4] == "LIP/RED 01"), ("sku-a", lambda x: x[4] == "sku-a")):
    g = groups[name]
    for method in ("mean", "robust", "tuned", "external"):
        mine = [x[5] for x in scores if keep(x) and x[2] == method]
        fig = g["methods"][method]
        assert fig["scores"] == len(mine), (name, method, fig)
        assert abs(fig["mean"] - sum(mine) / len(mine)) < 1e-6, (name, method, fig["mean"])
        assert fig["mean_low"] <= fig["mean"] <= fig["mean_high"], fig
    # Closed forms: a tie is 50%, one point above is 100%, tuned 100% except on MST 8-10 where it loses.
    assert g["methods"]["mean"]["win_rate"] == 0.5 and g["methods"]["mean"]["win_low"] == 0.5, (name, g)
    assert g["methods"]["mean"]["win_high"] == 0.5, (name, g)
    assert g["methods"]["robust"]["win_rate"] == 1.0 and g["methods"]["robust"]["win_low"] == 1.0, (name, g)
    assert "win_rate" not in g["methods"]["external"], g
tuned = {n: groups[n]["methods"]["tuned"]["win_rate"] for n in ("1-3", "4-7", "8-10")}
assert tuned == {"1-3": 1.0, "4-7": 1.0, "8-10": 0.0}, tuned
assert abs(groups["all"]["methods"]["tuned"]["win_rate"] - 2 / 3) < 1e-6, groups["all"]["methods"]["tuned"]
assert groups["all"]["methods"]["tuned"]["pairs"] == 18, groups["all"]["methods"]["tuned"]
assert (groups["1-3"]["trials"], groups["4-7"]["trials"], groups["8-10"]["trials"]) == (2, 2, 2), groups
# Krippendorff's alpha, interval metric, raters x candidates, computed here.
units = {}
for x in scores:
    units.setdefault(x[6], []).append(x[5])
values = [v for u in units.values() if len(u) > 1 for v in u]
n = len(values)
do = sum(sum((a - b) ** 2 for i, a in enumerate(u) for j, b in enumerate(u) if i != j) / (len(u) - 1)
         for u in units.values() if len(u) > 1) / n
de = sum((a - b) ** 2 for a in values for b in values) / (n * (n - 1))
assert report["alpha_values"] == n == 72, (report["alpha_values"], n)
assert abs(report["alpha"] - (1 - do / de)) < 1e-6, (report["alpha"], 1 - do / de)
# Against mean: robust always one above, external a tie.
mean_report = {g["group"]: g for g in json.load(open(work + "/report-mean.json"))["groups"]}
assert mean_report["all"]["methods"]["robust"]["win_rate"] == 1.0
assert mean_report["all"]["methods"]["external"]["win_rate"] == 0.5
# The CSV says the same, and the charts are PNGs of the documented size.
rows = list(csv.DictReader(open(work + "/report/study-report.csv")))
assert len(rows) == 6 * 4, len(rows)
row = [r for r in rows if r["group"] == "8-10" and r["method"] == "tuned"][0]
assert float(row["win_rate"]) == 0.0 and int(row["pairs"]) == 6, row
for chart in ("mean-scores.png", "win-rates.png"):
    data = open("%s/report/%s" % (work, chart), "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", chart
    assert struct.unpack(">II", data[16:24]) == (900, 480), chart
PY
# The weekly review lists the products whose tuned material loses to the incumbent on an MST group.
"$cli" review "$project" --since 2000-01-01 --json >"$work/review.json"
python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
from study_sim import simulated_scores
feedback = json.load(open(work + "/review.json"))["study_feedback"]
loses = sorted((f["sku"], f["mst"], f["win_rate"], f["pairs"]) for f in feedback if f["reason"] == "loses")
# Tuned scores one below external on MST 8-10 (participant P9: one trial per product, three raters).
assert loses == [("LIP/RED 01", "8-10", 0, 3), ("sku-a", "8-10", 0, 3)], loses
tuned = {}
for rater, position, letter, score, t in simulated_scores(work):
    if t["method"] == "tuned":
        tuned.setdefault(t["sku"], []).append(score)
low = sorted(sku for sku, v in tuned.items() if sum(v) / len(v) < 5)
assert sorted(f["sku"] for f in feedback if f["reason"] == "low score") == low, (feedback, tuned)
assert all(f["study"] == "spring" and f["baseline"] == "external" for f in feedback), feedback
PY
"$cli" review "$project" --since 2000-01-01 | grep -q "LIP/RED 01  study 'spring': loses to external on MST 8-10" \
  || fail "the review's text does not list the study's finding"
expect_status 1 "$cli" study report "$project" spring --baseline sharpest
expect_message "no method 'sharpest'"
"$cli" study list "$project" | grep -q "^spring	6 trials	3 raters	72 scores	unblinded" || fail "list: $("$cli" study list "$project")"

checks_done "study: create, packs without a trace of the key, merge, tampering refused, unblind logged, report figures"
