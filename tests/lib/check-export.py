#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""check-export.py FORMAT PROJECT DIR: reads an export back with ordinary consumers (json, xml.etree, csv)
and compares it with the project file itself (sqlite3, read-only).

  coco | voc | yolo | csv   an export of labeled images (human and accepted model boxes)
  intact DIR                 every JSON / XML / label / CSV file below DIR parses whole (after a kill -9)
"""
import csv
import json
import math
import os
import sqlite3
import sys
import xml.etree.ElementTree as ET

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def load_project(path):
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    folder = os.path.dirname(os.path.realpath(path))
    classes = [name for (name,) in db.execute("SELECT name FROM box_classes ORDER BY id")]
    images = {}
    for row in db.execute(
            "SELECT i.id, i.path, i.width, i.height, p.sku, p.brand, p.shade FROM images i "
            "LEFT JOIN products p ON p.id = i.product_id WHERE i.status = 'labeled'"):
        image_id, stored, width, height, sku, brand, shade = row
        real = os.path.realpath(os.path.join(folder, stored))
        images[real] = dict(id=image_id, width=width, height=height, sku=sku, brand=brand, shade=shade, boxes=[])
    by_id = {image["id"]: image for image in images.values()}
    for row in db.execute(
            "SELECT b.id, b.image_id, k.name, b.x, b.y, b.w, b.h, b.source, b.score, b.occluded, b.truncated, "
            "b.difficult FROM boxes b JOIN box_classes k ON k.id = b.class_id "
            "WHERE b.source = 'human' OR b.accepted = 1 ORDER BY b.image_id, b.id"):
        if row[1] in by_id:
            by_id[row[1]]["boxes"].append(dict(id=row[0], cls=row[2], x=row[3], y=row[4], w=row[5], h=row[6],
                                               source=row[7], score=row[8], occluded=row[9], truncated=row[10],
                                               difficult=row[11]))
    return classes, images


def image_for(images, path):
    real = os.path.realpath(path)
    check(os.path.isfile(real), f"{path}: the photo does not resolve")
    check(real in images, f"{path}: not a labeled image of the project")
    return images.get(real)


def check_grouping(seen, images):
    """seen: real path -> split. Every labeled image once; no product in two splits."""
    check(set(seen) == set(images), f"exported {len(seen)} images, the project has {len(images)} labeled")
    product_split = {}
    for path, split in seen.items():
        sku = images[path]["sku"] if path in images else None
        if sku is not None:
            check(product_split.setdefault(sku, split) == split, f"product {sku} is in two splits")


def close(got, want):
    """Numbers are written with six decimals."""
    return all(math.isclose(a, b, rel_tol=1e-12, abs_tol=5e-7 + 1e-12) for a, b in zip(got, want))


def round_half_up(value):
    return int(math.floor(value + 0.5))


def check_coco(classes, images, out):
    seen = {}
    for name in sorted(os.listdir(os.path.join(out, "annotations"))):
        split = name[len("instances_"):-len(".json")]
        with open(os.path.join(out, "annotations", name), encoding="utf-8") as f:
            data = json.load(f)
        check([c["id"] for c in data["categories"]] == list(range(1, len(classes) + 1)), f"{name}: category ids")
        check([c["name"] for c in data["categories"]] == classes, f"{name}: category names")
        check([i["id"] for i in data["images"]] == list(range(1, len(data["images"]) + 1)), f"{name}: image ids")
        check([a["id"] for a in data["annotations"]] == list(range(1, len(data["annotations"]) + 1)),
              f"{name}: annotation ids")
        by_id = {}
        for entry in data["images"]:
            image = image_for(images, os.path.join(out, entry["file_name"]))
            if image is None:
                continue
            seen[os.path.realpath(os.path.join(out, entry["file_name"]))] = split
            check((entry["width"], entry["height"]) == (image["width"], image["height"]), f"{name}: size")
            by_id[entry["id"]] = (image, [])
        for a in data["annotations"]:
            check(a["image_id"] in by_id, f"{name}: annotation {a['id']} names no image")
            if a["image_id"] in by_id:
                by_id[a["image_id"]][1].append(a)
        for image, annotations in by_id.values():
            check(len(annotations) == len(image["boxes"]), f"{name}: image {image['id']} box count")
            for a, box in zip(annotations, image["boxes"]):
                x, y, w, h = a["bbox"]
                check(close((x, y, w, h), (box["x"], box["y"], box["w"], box["h"])), f"{name}: bbox of box {box['id']}")
                check(close([a["area"]], [box["w"] * box["h"]]) and a["iscrowd"] == 0,
                      f"{name}: area / iscrowd of box {box['id']}")
                check(classes[a["category_id"] - 1] == box["cls"], f"{name}: class of box {box['id']}")
                check(0 <= x and 0 <= y and x + w <= image["width"] and y + h <= image["height"],
                      f"{name}: box {box['id']} outside the image")
    check_grouping(seen, images)


def check_voc(classes, images, out):
    seen = {}
    for split in ("train", "val", "test"):
        listing = os.path.join(out, split, "ImageSets", "Main", f"{split}.txt")
        if not os.path.exists(listing):
            continue
        with open(listing, encoding="utf-8") as f:
            names = [line.strip() for line in f if line.strip()]
        check(len(names) == len(set(names)), f"{split}: duplicate names")
        for name in names:
            root = ET.parse(os.path.join(out, split, "Annotations", f"{name}.xml")).getroot()
            photo = os.path.join(out, root.findtext("folder"), root.findtext("filename"))
            image = image_for(images, photo)
            if image is None:
                continue
            check(os.path.realpath(root.findtext("path")) == os.path.realpath(photo), f"{name}: <path>")
            seen[os.path.realpath(photo)] = split
            size = root.find("size")
            check((int(size.findtext("width")), int(size.findtext("height")), int(size.findtext("depth")))
                  == (image["width"], image["height"], 3), f"{name}: size")
            objects = root.findall("object")
            check(len(objects) == len(image["boxes"]), f"{name}: object count")
            for obj, box in zip(objects, image["boxes"]):
                bb = obj.find("bndbox")
                got = tuple(int(bb.findtext(k)) for k in ("xmin", "ymin", "xmax", "ymax"))
                want = (round_half_up(box["x"]) + 1, round_half_up(box["y"]) + 1,
                        min(round_half_up(box["x"] + box["w"]), image["width"]),
                        min(round_half_up(box["y"] + box["h"]), image["height"]))
                check(got == want, f"{name}: box {box['id']} is {got}, expected 1-based inclusive {want}")
                check(1 <= got[0] <= got[2] <= image["width"] and 1 <= got[1] <= got[3] <= image["height"],
                      f"{name}: box {box['id']} outside the image")
                check(obj.findtext("name") == box["cls"], f"{name}: class")
                check(int(obj.findtext("difficult")) == box["difficult"]
                      and int(obj.findtext("truncated")) == box["truncated"]
                      and int(obj.findtext("occluded")) == box["occluded"], f"{name}: flags of box {box['id']}")
    check_grouping(seen, images)


def read_data_yaml(path):
    """The flat subset data.yaml uses: key: value lines and a names: block of 'N: name' lines."""
    data, names = {}, {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            key, _, value = line.strip().partition(": ")
            value = value.strip()
            if value.startswith("'"):
                value = value[1:-1].replace("''", "'")
            if line.startswith("  "):
                names[int(key)] = value
            elif key.rstrip(":") == "names":
                continue
            else:
                data[key] = value
    data["names"] = names
    return data


def check_yolo(classes, images, out):
    data = read_data_yaml(os.path.join(out, "data.yaml"))
    check(os.path.realpath(data["path"]) == os.path.realpath(out), "data.yaml path")
    check(data["names"] == dict(enumerate(classes)), f"data.yaml names {data['names']}")
    check(int(data["nc"]) == len(classes), "data.yaml nc")
    seen = {}
    for split in ("train", "val", "test"):
        if split not in data:
            continue
        check(data[split] == f"images/{split}", f"data.yaml {split}")
        folder = os.path.join(out, data[split])
        for entry in sorted(os.listdir(folder)):
            link = os.path.join(folder, entry)
            check(os.path.islink(link), f"{link} is not a link to the photo")
            image = image_for(images, link)
            if image is None:
                continue
            seen[os.path.realpath(link)] = split
            stem = os.path.splitext(entry)[0]
            with open(os.path.join(out, "labels", split, f"{stem}.txt"), encoding="utf-8") as f:
                lines = [line.split() for line in f]
            check(len(lines) == len(image["boxes"]), f"{entry}: label count")
            for fields, box in zip(lines, image["boxes"]):
                check(len(fields) == 5 and all(len(v.split(".")[1]) == 6 for v in fields[1:]), f"{entry}: format")
                cls, cx, cy, w, h = int(fields[0]), *map(float, fields[1:])
                check(classes[cls] == box["cls"], f"{entry}: class")
                check(all(0 <= v <= 1 for v in (cx, cy, w, h)), f"{entry}: values outside [0, 1]")
                W, H = image["width"], image["height"]
                want = ((box["x"] + box["w"] / 2) / W, (box["y"] + box["h"] / 2) / H, box["w"] / W, box["h"] / H)
                check(all(abs(a - b) <= 5e-7 + 1e-12 for a, b in zip((cx, cy, w, h), want)),
                      f"{entry}: {(cx, cy, w, h)} is not {want}")
        labels = sorted(os.listdir(os.path.join(out, "labels", split)))
        check(len(labels) == len(os.listdir(folder)), f"{split}: labels and images differ in number")
    check_grouping(seen, images)


def check_csv(classes, images, out):
    with open(os.path.join(out, "boxes.csv"), encoding="utf-8", newline="") as f:
        raw = f.read()
    check(raw.count("\r\n") == raw.count("\n"), "lines must end with CRLF")
    rows = list(csv.DictReader(raw.splitlines(keepends=True)))
    expected = sum(len(image["boxes"]) for image in images.values())
    check(len(rows) == expected, f"{len(rows)} rows, expected {expected}")
    seen, position = {}, {}
    for row in rows:
        image = image_for(images, os.path.join(out, row["image"]))
        if image is None:
            continue
        real = os.path.realpath(os.path.join(out, row["image"]))
        seen[real] = row["split"]
        i = position.get(real, 0)
        position[real] = i + 1
        box = image["boxes"][i]
        check(close((float(row["x"]), float(row["y"]), float(row["w"]), float(row["h"])),
                    (box["x"], box["y"], box["w"], box["h"])), f"row {row}: box")
        check((int(row["width"]), int(row["height"])) == (image["width"], image["height"]), "size")
        check(row["class"] == box["cls"] and row["source"] == box["source"], "class / source")
        check(row["sku"] == (image["sku"] or "") and row["brand"] == (image["brand"] or "")
              and row["shade"] == (image["shade"] or ""), f"product fields {row['brand']!r}")
        if row["color_hex"]:
            check(len(row["color_hex"]) == 7 and row["color_hex"].startswith("#"), "colour hex")
            float(row["lab_l"])
    check_grouping(seen, images)


def check_intact(out):
    for folder, _, names in os.walk(out):
        for name in names:
            path = os.path.join(folder, name)
            if name.startswith("."):
                continue
            if name.endswith(".json") or name.endswith(".gltf"):
                with open(path, encoding="utf-8") as f:
                    json.load(f)
            elif name.endswith(".xml"):
                ET.parse(path)
            elif name.endswith(".csv") or name.endswith(".txt") or name.endswith(".yaml"):
                with open(path, "rb") as f:
                    data = f.read()
                check(data == b"" or data.endswith(b"\n"), f"{path}: cut short")


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "intact":
        try:
            check_intact(sys.argv[2])
        except Exception as e:  # a parse error is the failure this looks for
            failures.append(f"{e}")
    elif len(sys.argv) == 4:
        fmt, project, out = sys.argv[1:]
        classes, images = load_project(project)
        {"coco": check_coco, "voc": check_voc, "yolo": check_yolo, "csv": check_csv}[fmt](classes, images, out)
    else:
        print(__doc__, file=sys.stderr)
        return 2
    for failure in failures[:30]:
        print("FAIL:", failure)
    if not failures:
        print("ok")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
