#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""perturb-manifest.py: how the extraction holds up when labelled photos are shot or boxed a little otherwise.

Usage: tests/bench/perturb-manifest.py MANIFEST.tsv OUTDIR

Reads an `shadelab-cli evaluate` manifest (file, box_xywh, patch_x0y0x1y1, finish_by_product_line; see the
README) and writes into OUTDIR, for every photo with a box and a patch, variants that another labeler or
another studio would give: the box grown by 10% and 25% a side, shrunk by 10%, moved by a tenth of its size
left, right and down; the photo at half size, recompressed as JPEG quality 70, turned a quarter clockwise,
and with its white sweep flood-filled in mint, blue and red. OUTDIR/MANIFEST.tsv lists them all (the
originals too, by symbolic link), with the box and patch carried along; then

    shadelab-cli evaluate OUTDIR/MANIFEST.tsv

gives the same table and totals over all of them. The photos stay where they are: nothing is copied into
the project. Needs ImageMagick's `convert`.
"""
import csv
import os
import subprocess
import sys

GROW = {
    "grow10": (-0.10, -0.10, 0.10, 0.10),
    "grow25": (-0.25, -0.25, 0.25, 0.25),
    "shrink10": (0.10, 0.10, -0.10, -0.10),
    "left10": (-0.10, 0, -0.10, 0),
    "right10": (0.10, 0, 0.10, 0),
    "down10": (0, 0.10, 0, 0.10),
}
BACKDROPS = {"mint": "#8fd3b6", "blue": "#3d6fb6", "red": "#c23b3b"}


def image_size(path):
    out = subprocess.run(["identify", "-format", "%w %h", path + "[0]"], check=True, capture_output=True,
                         text=True).stdout
    w, h = out.split()
    return int(w), int(h)


def convert(source, args, target):
    subprocess.run(["convert", source] + args + [target], check=True)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    manifest, outdir = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    srcdir = os.path.dirname(manifest)
    os.makedirs(outdir, exist_ok=True)
    with open(manifest, encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    out = open(os.path.join(outdir, "MANIFEST.tsv"), "w", encoding="utf-8")
    out.write("file\tvariant\tbox_xywh\tpatch_x0y0x1y1\tfinish_by_product_line\n")

    def emit(name, variant, box, patch, finish):
        out.write("%s\t%s\t%s\t%s\t%s\n" % (name, variant, ",".join(str(int(round(v))) for v in box),
                                            ",".join(str(int(round(v))) for v in patch), finish))

    for row in rows:
        box_text, patch_text = row.get("box_xywh", ""), row.get("patch_x0y0x1y1", "")
        if not box_text or not patch_text:
            continue
        name, finish = row["file"], row.get("finish_by_product_line", "")
        source = os.path.join(srcdir, name)
        stem, ext = os.path.splitext(name)
        width, height = image_size(source)
        x, y, w, h = (int(v) for v in box_text.split(","))
        patch = [int(v) for v in patch_text.split(",")]
        link = os.path.join(outdir, name)
        if not os.path.lexists(link):
            os.symlink(source, link)
        emit(name, "as labelled", (x, y, w, h), patch, finish)
        for variant, (dx0, dy0, dx1, dy1) in GROW.items():
            x0, y0 = max(0, x + dx0 * w), max(0, y + dy0 * h)
            x1, y1 = min(width, x + w + dx1 * w), min(height, y + h + dy1 * h)
            emit(name, variant, (x0, y0, x1 - x0, y1 - y0), patch, finish)
        half = stem + "-half" + ext
        convert(source, ["-resize", "50%"], os.path.join(outdir, half))
        emit(half, "half size", (x / 2, y / 2, w / 2, h / 2), [v / 2 for v in patch], finish)
        recompressed = stem + "-q70.jpg"
        convert(source, ["-background", "white", "-flatten", "-quality", "70"], os.path.join(outdir, recompressed))
        emit(recompressed, "JPEG q70", (x, y, w, h), patch, finish)
        turned = stem + "-turned" + ext
        convert(source, ["-rotate", "90"], os.path.join(outdir, turned))
        # A quarter clockwise: (x, y) goes to (height - 1 - y, x).
        px0, py0, px1, py1 = patch
        emit(turned, "turned", (height - y - h, x, h, w), (height - py1, px0, height - py0, px1), finish)
        for colour_name, colour in BACKDROPS.items():
            recoloured = "%s-%s.png" % (stem, colour_name)
            convert(source, ["-background", "white", "-flatten", "-fuzz", "8%", "-fill", colour, "-draw",
                             "color 0,0 floodfill"], os.path.join(outdir, recoloured))
            emit(recoloured, colour_name + " backdrop", (x, y, w, h), patch, finish)
    out.close()


if __name__ == "__main__":
    main()
