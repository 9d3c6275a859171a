#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# bench-extract-batch.sh: throughput (photos/s, decoding included) of `shadelab-cli extract-batch` on
# 1600x1200 JPEGs at 1 and 2 threads, and its peak memory on a 100,000-line manifest.
#
#   tests/bench/bench-extract-batch.sh BUILD_DIR [ENTRIES] [ROUNDS] [PHOTOS_DIR]
#
# Generates 48 photos of 1600x1200 with `shadelab-cli generate` (not timed; kept in PHOTOS_DIR when given, and
# reused from there) and keeps the JPEGs; the manifest lists them over and over under distinct ids up to
# ENTRIES lines (default 400), so every line is decoded and measured afresh. Each thread count runs ROUNDS
# times (default 3) into a fresh results file; the best and the median are printed (target: 60 photos/s on 2
# processors). Then 100,000 lines of small photos, shard 0/25 (4,000 photos measured, the whole manifest
# read and checked): the peak resident memory, from /usr/bin/time or getrusage.
set -euo pipefail

build=${1:?usage: tests/bench/bench-extract-batch.sh BUILD_DIR [ENTRIES] [ROUNDS] [PHOTOS_DIR]}
entries=${2:-400}
rounds=${3:-3}
cli=$(readlink -f "$build/app/shadelab-cli")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
photos=${4:-$work/photos}

[ -f "$photos/truth.json" ] || "$cli" generate "$photos" --count 48 --seed 5 --size 1600x1200 >/dev/null
"$cli" generate "$work/small" --count 40 --seed 6 --size 160x120 >/dev/null

python3 - "$photos" "$entries" "$work/big.jsonl" "$work/small" "$work/100k.csv" <<'PY'
import json, os, sys
photos, entries, out, small, out100k = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
jpegs = [e for e in json.load(open(os.path.join(photos, "truth.json"))) if e["file"].endswith(".jpg")]
with open(out, "w") as f:
    for i in range(entries):
        e = jpegs[i % len(jpegs)]
        b = e["box"]
        f.write(json.dumps({"id": "b%d" % i, "image": os.path.join(photos, e["file"]),
                            "x": b["x"], "y": b["y"], "w": b["w"], "h": b["h"]}) + "\n")
truth = json.load(open(os.path.join(small, "truth.json")))
with open(out100k, "w") as f:
    f.write("id,image,x,y,w,h\n")
    for i in range(100000):
        e = truth[i % len(truth)]
        b = e["box"]
        f.write("s%d,%s,%d,%d,%d,%d\n" % (i, os.path.join(small, e["file"]), b["x"], b["y"], b["w"], b["h"]))
print("bench-extract-batch: %d lines over %d JPEGs of 1600x1200" % (entries, len(jpegs)))
PY
echo "CPU: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), $(nproc) processors"
echo "before: $(uptime)"

# Reads the rate from extract-batch's summary ("...; 6.49 s, 61.6 photos/s on 2 threads").
# With the processor time it took (user + system, from /usr/bin/time), which other loads on the machine do
# not inflate: 1000 / (ms per photo) is what one idle processor would measure.
for threads in 1 2; do
  rates=()
  cpu=()
  for _ in $(seq "$rounds"); do
    rm -f "$work/results.jsonl"
    if [ -x /usr/bin/time ]; then
      /usr/bin/time -o "$work/time" -f "%U %S" "$cli" extract-batch "$work/big.jsonl" --threads "$threads" \
        --out "$work/results.jsonl" 2> "$work/summary"
      cpu+=("$(awk -v n="$entries" '{ printf "%.1f", ($1 + $2) * 1000 / n }' "$work/time")")
    else
      "$cli" extract-batch "$work/big.jsonl" --threads "$threads" --out "$work/results.jsonl" 2> "$work/summary"
    fi
    rates+=("$(tail -1 "$work/summary" | sed -n 's/.* \([0-9.]*\) photos\/s on .*/\1/p')")
  done
  printf '%s\n' "${rates[@]}" | sort -g | awk -v t="$threads" -v n="$entries" '
    { r[NR] = $1 } END { printf "threads %d: best %.1f photos/s, median %.1f photos/s (%d rounds of %d photos)", t, r[NR], r[int((NR + 1) / 2)], NR, n }'
  if [ "${#cpu[@]}" -gt 0 ]; then
    printf '%s\n' "${cpu[@]}" | sort -g | awk '
      { c[NR] = $1 } END { printf "; processor time %.1f ms a photo at best (%.0f photos/s per idle processor)", c[1], 1000 / c[1] }'
  fi
  echo
done
echo "after: $(uptime)"

rm -f "$work/results.jsonl"
if [ -x /usr/bin/time ]; then
  /usr/bin/time -f "100,000-line manifest, shard 0/25, 2 threads: peak resident memory %M KB, %e s" \
    "$cli" extract-batch "$work/100k.csv" --shard 0/25 --threads 2 --out "$work/results.jsonl" 2>&1 | tail -2
else
  python3 - "$cli" "$work/100k.csv" "$work/results.jsonl" <<'PY'
import resource, subprocess, sys
subprocess.run([sys.argv[1], "extract-batch", sys.argv[2], "--shard", "0/25", "--threads", "2", "--out", sys.argv[3]])
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print("100,000-line manifest, shard 0/25, 2 threads: peak resident memory %d KB" % peak)
PY
fi
