#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""make-demo-project.py: builds the bundled demo project with shadelab-cli.

Usage: make-demo-project.py SHADELAB-CLI OUTPUT-DIR [COUNT]

OUTPUT-DIR/photos holds COUNT generated lipstick photos (default 24), OUTPUT-DIR/Lipstick Demo.shadelab the
project with them imported and a detector's boxes to accept: pre-annotations made from the generator's
truth.json (a lipstick box and, for most photos, a packaging box), moved by a few pixels and given scores, as
a real detector's would be. Each photo is linked to a product of a small catalogue (brand "Shadelab Demo",
category lipstick, a shade name from its colour, imported with `shadelab-cli import-catalog`) whose
catalogue colour is the photo's true colour, except every fifth product's: a brand colour a little lighter
and warmer than the lipstick, as catalogues often are, so that the swatch panel shows a ΔE to it. So Ctrl+K
opens the calibration window on the photo's product. The folder is built under a temporary name and renamed
when complete.
"""
import csv
import json
import math
import os
import random
import shutil
import subprocess
import sys

PROJECT_NAME = "Lipstick Demo.shadelab"


def truth_to_coco(truth, seed=7):
    """COCO detection JSON from truth.json: the lipstick ("product") and its case ("packaging")."""
    rng = random.Random(seed)
    categories = [{"id": 1, "name": "product"}, {"id": 2, "name": "packaging"}]
    images, annotations = [], []
    for index, photo in enumerate(truth, start=1):
        width, height = photo["width"], photo["height"]
        images.append({"id": index, "file_name": photo["file"], "width": width, "height": height})
        boxes = [(1, photo["box"], 0.80 + 0.19 * rng.random())]
        # Detectors miss things: about one case in four has no packaging box.
        if photo.get("case") and rng.random() < 0.75:
            boxes.append((2, photo["case"], 0.55 + 0.35 * rng.random()))
        for category, box, score in boxes:
            # A detector's box is a little off: a few pixels on each edge.
            x0 = box["x"] + rng.randint(-12, 12)
            y0 = box["y"] + rng.randint(-12, 12)
            x1 = box["x"] + box["w"] + rng.randint(-12, 12)
            y1 = box["y"] + box["h"] + rng.randint(-12, 12)
            x0, y0 = max(0, x0), max(0, y0)
            x1, y1 = min(width, x1), min(height, y1)
            if x1 - x0 < 2 or y1 - y0 < 2:
                continue
            annotations.append({
                "id": len(annotations) + 1,
                "image_id": index,
                "category_id": category,
                "bbox": [x0, y0, x1 - x0, y1 - y0],
                "area": (x1 - x0) * (y1 - y0),
                "iscrowd": 0,
                "score": round(score, 3),
            })
    return {"images": images, "annotations": annotations, "categories": categories}


BRAND = "Shadelab Demo"

# Shade names by colour family, taken in turn; a family used up goes on with numbers.
SHADE_NAMES = {
    "dark": ["Espresso", "Black Cherry", "Truffle", "Cocoa Bean", "Ebony", "Midnight"],
    "plum": ["Plum", "Mulberry", "Aubergine", "Blackberry", "Fig", "Bordeaux"],
    "berry": ["Raspberry", "Cranberry", "Sangria", "Boysenberry", "Wild Orchid", "Loganberry"],
    "pink": ["Rose", "Peony", "Orchid", "Blush", "Flamingo", "Fuchsia"],
    "red": ["Cherry", "Scarlet", "Ruby", "Poppy", "Crimson", "Cardinal"],
    "coral": ["Coral", "Terracotta", "Papaya", "Tangerine", "Sunset", "Apricot"],
    "nude": ["Toffee", "Cinnamon", "Caramel", "Almond", "Mocha", "Sand"],
}


def colour_family(lab):
    """The family of a CIELAB colour, by lightness, chroma and hue angle."""
    lightness, a, b = lab
    chroma = math.hypot(a, b)
    hue = math.degrees(math.atan2(b, a)) % 360
    if chroma < 18:
        return "dark" if lightness < 35 else "nude"
    if hue >= 330 or hue < 10:
        return "plum" if lightness < 30 else "berry" if lightness < 45 else "pink"
    if hue < 35:
        return "red"
    return "coral" if chroma >= 40 else "nude"


def brand_colour(hex_colour):
    """A catalogue colour a little lighter and warmer than the true one (about 3-4 CIEDE2000)."""
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#%02x%02x%02x" % (min(r + 12, 255), min(g + 7, 255), min(b + 2, 255))


def truth_to_catalog(truth):
    """Catalogue rows (CSV for shadelab-cli import-catalog): one product per photo, linked to it."""
    used = {family: 0 for family in SHADE_NAMES}
    rows = []
    for index, photo in enumerate(truth, start=1):
        family = colour_family(photo["truth"]["lab"])
        names = SHADE_NAMES[family]
        shade = names[used[family] % len(names)]
        if used[family] >= len(names):
            shade += " %d" % (used[family] // len(names) + 1)
        used[family] += 1
        colour = photo["truth"]["srgb"]
        if index % 5 == 0:
            colour = brand_colour(colour)
        rows.append({"file": photo["file"], "sku": "SLD-%03d" % index, "brand": BRAND, "shade": shade,
                     "category": "lipstick", "color": colour})
    return rows


def run(*command):
    result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if result.returncode != 0:
        sys.stderr.write(result.stdout)
        sys.exit("make-demo-project: %s failed with status %d" % (" ".join(command), result.returncode))


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    cli, output = sys.argv[1], os.path.abspath(sys.argv[2])
    count = int(sys.argv[3]) if len(sys.argv) == 4 else 24
    partial = output + ".partial"
    shutil.rmtree(partial, ignore_errors=True)
    os.makedirs(partial)

    photos = os.path.join(partial, "photos")
    work = os.path.join(partial + "-work")
    shutil.rmtree(work, ignore_errors=True)
    run(cli, "generate", photos, "--count", str(count))
    # truth.json is the generator's answer sheet, not part of the project.
    os.makedirs(work)
    truth_path = os.path.join(work, "truth.json")
    shutil.move(os.path.join(photos, "truth.json"), truth_path)
    with open(truth_path, encoding="utf-8") as f:
        truth = json.load(f)

    project = os.path.join(partial, PROJECT_NAME)
    run(cli, "init", project)
    # One decoding thread, so the photos are numbered in name order.
    run(cli, "import", "--quiet", "--threads", "1", project, photos)
    coco_path = os.path.join(work, "predictions.json")
    with open(coco_path, "w", encoding="utf-8") as f:
        json.dump(truth_to_coco(truth), f, indent=1)
    run(cli, "import-annotations", project, coco_path)
    catalog_path = os.path.join(work, "catalog.csv")
    with open(catalog_path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["file", "sku", "brand", "shade", "category", "color"])
        writer.writeheader()
        writer.writerows(truth_to_catalog(truth))
    run(cli, "import-catalog", project, catalog_path)
    shutil.rmtree(work)
    for leftover in ("-wal", "-shm", ".lock"):
        path = project + leftover
        if os.path.exists(path):
            os.remove(path)

    shutil.rmtree(output, ignore_errors=True)
    os.rename(partial, output)


if __name__ == "__main__":
    main()
