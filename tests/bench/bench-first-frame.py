#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# bench-first-frame.py: how long the real application takes from its start to the first frame of its window
# showing a project (target 1 s on a million photos), as p50 / p95 / worst of --runs starts.
#
# The application prints SHADELAB_FIRST_FRAME when started with SHADELAB_DEBUG_FIRST_FRAME=1; this measures
# from just before it is started to that line (the application's own figure, from the kernel's start time of
# its process, is printed next to it). Needs a display and a session bus:
#   xvfb-run -a dbus-run-session -- tests/bench/bench-first-frame.py build PROJECT [--runs N]
# bench-project leaves its million-photo project in build/tests/bench/.
import argparse
import os
import re
import select
import subprocess
import sys
import time

TARGET_S = 1.0


def one_start(app, project):
    env = dict(os.environ, SHADELAB_DEBUG_FIRST_FRAME="1", GSETTINGS_BACKEND="memory", GDK_DEBUG="gl-disable",
               GSK_RENDERER="cairo", GTK_A11Y="none", NO_AT_BRIDGE="1")
    start = time.monotonic()
    process = subprocess.Popen([app, project], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    found = None
    buffer = b""
    try:
        while time.monotonic() - start < 60:
            ready, _, _ = select.select([process.stderr], [], [], 1.0)
            if not ready:
                if process.poll() is not None:
                    break
                continue
            chunk = os.read(process.stderr.fileno(), 4096)
            if not chunk:
                break
            buffer += chunk
            match = re.search(rb"SHADELAB_FIRST_FRAME ms=(-?\d+) images=(\d+)", buffer)
            if match:
                found = (time.monotonic() - start, int(match.group(1)), int(match.group(2)))
                break
    finally:
        process.terminate()
        process.wait()
    if found is None:
        sys.exit("bench-first-frame: the application printed no first frame:\n" + buffer.decode(errors="replace"))
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("build")
    parser.add_argument("project")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    app = os.path.join(args.build, "app", "shadelab")
    one_start(app, args.project)  # the file's pages into the page cache, as on any second start
    walls, own = [], []
    for _ in range(args.runs):
        wall, ms, images = one_start(app, args.project)
        walls.append(wall)
        own.append(ms / 1000.0)
    walls.sort()
    own.sort()

    def pick(values, q):
        return values[min(len(values) - 1, int(len(values) * q))]

    print("project: %s (%.1f MB, %d images in the list)" % (args.project, os.path.getsize(args.project) / 1e6,
                                                             images))
    for name, values in (("first frame (start to frame)", walls), ("first frame (app's own)", own)):
        print("%-30s p50 %7.3f s   p95 %7.3f s   worst %7.3f s   target < %.0f s   %s" % (
            name, values[(len(values) - 1) // 2], pick(values, 0.95), values[-1], TARGET_S,
            "ok" if values[-1] < TARGET_S else "OVER"))


if __name__ == "__main__":
    main()
