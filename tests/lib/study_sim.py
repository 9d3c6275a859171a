# SPDX-License-Identifier: GPL-3.0-or-later
"""study_sim.py: the simulated raters of tests/cli/test-cli-study.sh, whose figures are known in closed form.

Per rater and trial a base score s from 3 to 7; the incumbent's render (external) scores s, the plain average
(mean) s too (a tie with external), the robust colour s + 1 (always wins against external), the tuned material
s + 2 (wins), except on Monk Skin Tones 8-10 where it scores s - 1 (loses)."""
import json

RATERS = ("R1", "R2", "R3")


def simulated_scores(work):
    """(rater, position, letter, score, {participant, mst, sku, method}) for every candidate of every pack, from
    the key that `study unblind --json` wrote to WORK/key.json."""
    raters = {r["rater"]: r for r in json.load(open(work + "/key.json"))["raters"]}
    for index, rater in enumerate(RATERS):
        for trial in raters[rater]["positions"]:
            s = 3 + (trial["position"] * (index + 2)) % 5
            for letter, method in sorted(trial["letters"].items()):
                score = {"external": s, "mean": s, "robust": s + 1,
                         "tuned": s - 1 if trial["mst"] >= 8 else s + 2}[method]
                yield rater, trial["position"], letter, score, dict(trial, method=method)
