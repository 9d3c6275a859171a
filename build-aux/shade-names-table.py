#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""shade-names-table.py: the README's tables of how the cosmetic families fall on the ten Monk Skin Tone lips.

Everything comes from shadelab-cli, so the tables say what the application says:
- the bare lip of each Monk Skin Tone reference: `render --color ... --params {"coverage": 0}` draws the lip
  without product, and `name --lab` names the colour at the lower lip's camera-facing point;
- a catalogue (CSV as `import-catalog` reads it, default build-aux/colourpop-shades.csv): each shade's own
  names, then the family of the lip colour rendered on each reference at a sheer coverage (default 0.5),
  where the bare lip shows through, and how many shades keep their own family on each reference.

Usage: build-aux/shade-names-table.py SHADELAB-CLI [CATALOGUE.csv] [--sheer C]
Prints Markdown on stdout.
"""
import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile


def run_json(cli, *args):
    out = subprocess.run([cli, *args, "--json"], check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def lips(cli, color, coverage, work):
    """Lab D50 of the lip at its camera-facing point on MST 1-10, matte, at coverage."""
    params = os.path.join(work, "params.json")
    with open(params, "w") as f:
        json.dump({"coverage": coverage}, f)
    sheet = run_json(cli, "render", "--color", color, "--out", os.path.join(work, "sheet.png"),
                     "--tones", "mst", "--params", params)
    return [(tile["tone"], tile["lip"], tile["lip_lab"]) for tile in sheet["tiles"]]


def name(cli, lab):
    return run_json(cli, "name", "--lab", ",".join(f"{v:.4f}" for v in lab))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("cli")
    parser.add_argument("catalogue", nargs="?",
                        default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "colourpop-shades.csv"))
    parser.add_argument("--sheer", type=float, default=0.5)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as work:
        print("Bare lips (no product) on the ten Monk Skin Tone references:\n")
        print("| tone | lip | ISCC-NBS | cosmetic |")
        print("| --- | --- | --- | --- |")
        for tone, hex_, lab in lips(args.cli, "#808080", 0.0, work):
            n = name(args.cli, lab)
            print(f"| {tone} | `{hex_}` | {n['iscc_nbs']['name']} ({n['iscc_nbs']['number']}) "
                  f"| {n['cosmetic']['name']} |")

        with open(args.catalogue, newline="") as f:
            rows = [r for r in csv.DictReader(f) if r.get("color")]
        # A matte shade at full coverage shows its own colour at that point on every tone (color/skin-render.h),
        # so only a sheer coverage can move it.
        print(f"\nThe catalogue's shades, sheer (coverage {args.sheer:g}: the bare lip shows through), on the ten "
              f"lips: the cosmetic family of the rendered lip colour, its depth in brackets when it is not the "
              f"shade's own.\n")
        print("| shade | catalogue | names | " + " | ".join(f"MST {i}" for i in range(1, 11)) + " |")
        print("| --- | --- | --- | " + " | ".join("---" for _ in range(10)) + " |")
        kept = [0] * 10
        for row in rows:
            own = run_json(args.cli, "name", "--color", row["color"])
            cells = []
            for i, (_, _, lab) in enumerate(lips(args.cli, row["color"], args.sheer, work)):
                c = name(args.cli, lab)["cosmetic"]
                kept[i] += c["family"] == own["cosmetic"]["family"]
                cells.append(c["family"] if c["depth"] == own["cosmetic"]["depth"]
                             else f"{c['family']} ({c['depth']})")
            print(f"| {row['shade']} | `{row['color']}` | {own['iscc_nbs']['name']} "
                  f"({own['iscc_nbs']['number']}) · {own['cosmetic']['name']} | " + " | ".join(cells) + " |")
        print(f"| keep their family | | | " + " | ".join(f"{k} of {len(rows)}" for k in kept) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
