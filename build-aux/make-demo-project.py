#!/usr/bin/env python3
"""make-demo-project.py: builds the bundled demo project with shadelab-cli.

Usage: make-demo-project.py SHADELAB-CLI OUTPUT-DIR [COUNT]

OUTPUT-DIR/photos holds COUNT generated lipstick photos (default 24), OUTPUT-DIR/Lipstick Demo.shadelab the
project with them imported and a detector's boxes to accept: pre-annotations made from the generator's
truth.json (a lipstick box and, for most photos, a packaging box), moved by a few pixels and given scores, as
a real detector's would be. The folder is built under a temporary name and renamed when complete.
"""
import json
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
    shutil.rmtree(work)
    for leftover in ("-wal", "-shm", ".lock"):
        path = project + leftover
        if os.path.exists(path):
            os.remove(path)

    shutil.rmtree(output, ignore_errors=True)
    os.rename(partial, output)


if __name__ == "__main__":
    main()
