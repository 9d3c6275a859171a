#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""bench-opencv.py: Shadelab's robust and mean extraction against an OpenCV 8-bit pipeline, one thread each.

Usage: tests/bench/bench-opencv.py [BUILD-DIR] [--runs N] [--rounds N] [--box N] [--seed N]

Runs BUILD-DIR/tests/bench/bench-extract (default build-dir: build) with --simd avx2, which renders the
synthetic gloss photo, writes its 8-bit pixels (--dump) and times Shadelab's robust and mean methods on a
1000x1000 box; then times, in this process, OpenCV on exactly the same box of the same pixels:
cv2.cvtColor to 8-bit Lab, cv2.inRange on it (drop near-black and clipped pixels, the least a colour
measurement must do) and cv2.mean with that mask. OpenCV runs on one thread (cv2.setNumThreads(1)), as
bench-extract does. The two sides alternate for --rounds rounds and each keeps its best round's median, so
that a burst of load from other processes does not land on one side only. Prints the CPU model, both
sides' times (median, and best single run) and the ratios.

Needs Debian's python3-opencv and python3-numpy (for this benchmark only, see README "Benchmarks"); run
with the system Python, which is where Debian installs them.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
import time

try:
    import cv2
    import numpy as np
except ImportError as error:
    sys.exit("bench-opencv: %s (apt-get install python3-opencv python3-numpy, then run with /usr/bin/python3)"
             % error)


def cpu_model():
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


def shadelab(bench, args, dump):
    """Median milliseconds of robust and mean, and the box, from one bench-extract run."""
    command = [bench, "--runs", str(args.runs), "--box", str(args.box), "--seed", str(args.seed),
               "--simd", "avx2", "--dump", dump]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    times, box = {}, None
    for line in out.splitlines():
        fields = line.split()
        if fields and fields[0] == "box":
            box = tuple(int(v) for v in fields[1:5])
        elif fields and fields[0] in ("robust", "mean") and re.match(r"^[0-9.]+$", fields[1]):
            times[fields[0]] = (float(fields[1]), float(fields[2]))   # median, best
    if box is None or set(times) != {"robust", "mean"}:
        sys.exit("bench-opencv: unexpected bench-extract output:\n" + out)
    return times, box, out


def opencv(path, box, runs):
    """Median milliseconds of Lab + mask + masked mean on the box, and the mean it finds."""
    cv2.setNumThreads(1)
    image = cv2.imread(path, cv2.IMREAD_COLOR)
    if image is None:
        sys.exit("bench-opencv: OpenCV cannot read " + path)
    x, y, w, h = box
    roi = image[y:y + h, x:x + w]
    lo = np.array([13, 0, 0], np.uint8)        # L* about 5 and up: not near-black
    hi = np.array([250, 255, 255], np.uint8)   # L* below about 98: not clipped

    def pipeline():
        lab = cv2.cvtColor(roi, cv2.COLOR_BGR2Lab)
        mask = cv2.inRange(lab, lo, hi)
        return cv2.mean(lab, mask=mask)

    result = pipeline()                        # warm caches, as bench-extract does
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        result = pipeline()
        times.append((time.perf_counter() - t0) * 1e3)
    times.sort()
    return (times[len(times) // 2], times[0]), result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("build", nargs="?", default="build")
    parser.add_argument("--runs", type=int, default=101)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--box", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    bench = os.path.join(args.build, "tests", "bench", "bench-extract")
    if not os.access(bench, os.X_OK):
        sys.exit("bench-opencv: %s not found: build first (ninja -C %s)" % (bench, args.build))

    with open("/proc/loadavg", encoding="utf-8") as f:
        load = " ".join(f.read().split()[:3])
    best = {}
    with tempfile.TemporaryDirectory(prefix="bench-opencv-") as work:
        dump = os.path.join(work, "photo.ppm")
        for _ in range(max(1, args.rounds)):
            times, box, report = shadelab(bench, args, dump)
            times["opencv"], cv_mean = opencv(dump, box, args.runs)
            for name, (median, fastest) in times.items():
                old = best.get(name, (float("inf"), float("inf")))
                best[name] = (min(old[0], median), min(old[1], fastest))

    mpx = box[2] * box[3] / 1e6
    print("CPU: %s" % cpu_model())
    print("OpenCV %s, numpy %s, cv2 threads %d; Shadelab --simd avx2, one thread"
          % (cv2.__version__, np.__version__, cv2.getNumThreads()))
    print("box %dx%d at %d,%d of the synthetic gloss photo (seed %d); %d runs a round, best of %d rounds"
          % (box[2], box[3], box[0], box[1], args.seed, args.runs, max(1, args.rounds)))
    print("load average before the run: %s (on %d cores)" % (load, os.cpu_count() or 0))
    print()
    print(report.rstrip())
    print()
    print("%-38s %9s %9s %9s" % ("pipeline", "median ms", "best ms", "Mpx/s"))
    for name, key in (("Shadelab robust (avx2)", "robust"), ("Shadelab mean (avx2)", "mean"),
                      ("OpenCV cvtColor Lab + inRange + mean", "opencv")):
        print("%-38s %9.3f %9.3f %9.0f" % (name, best[key][0], best[key][1], mpx / (best[key][0] / 1e3)))
    print("(OpenCV's masked mean, 8-bit Lab: %.1f %.1f %.1f)" % cv_mean[:3])
    print()
    for method, target in (("robust", 3), ("mean", 5)):
        ratio = best["opencv"][0] / best[method][0]
        print("%s is %.1fx faster than OpenCV (best runs: %.1fx; target %dx: %s)"
              % (method, ratio, best["opencv"][1] / best[method][1], target, "met" if ratio >= target else "NOT met"))


if __name__ == "__main__":
    main()
