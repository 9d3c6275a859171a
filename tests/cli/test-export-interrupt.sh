#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# test-export-interrupt.sh CLI EXPORT_FIXTURE: kill -9 in the middle of large exports, at random moments,
# many times. Every file below the export folder must then be either the previous one or a complete new one
# (each parses whole), never cut short; the next full export removes the temporary files the killed ones left.
set -euo pipefail
cli=$1
fixture=$2
checker=${SHADELAB_SOURCE_DIR:?}/tests/lib/check-export.py
rounds=${SHADELAB_EXPORT_KILL_ROUNDS:-8}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
project=$work/big.shadelab
"$fixture" synthetic "$project" 20000 6000 3 >/dev/null

now_ns () { date +%s%N; }

for format in coco voc csv; do
  out=$work/$format
  start=$(now_ns)
  "$cli" export "$project" --format "$format" --out "$out" --seed 1 >/dev/null
  duration_ms=$(( ($(now_ns) - start) / 1000000 ))
  python3 "$checker" intact "$out" >/dev/null
  interrupted=0
  for round in $(seq 1 "$rounds"); do
    "$cli" export "$project" --format "$format" --out "$out" --seed $((round + 1)) >/dev/null &
    pid=$!
    # Anywhere from the start to the end of a whole export, commit phase included.
    delay=$(awk -v d="$duration_ms" -v s="$RANDOM" 'BEGIN { srand(s); printf "%.3f", rand() * d / 1000 }')
    sleep "$delay"
    if kill -9 "$pid" 2>/dev/null; then
      interrupted=$((interrupted + 1))
    fi
    wait "$pid" 2>/dev/null || true
    if ! python3 "$checker" intact "$out"; then
      echo "FAIL: $format: a file is cut short after kill -9 at ${delay}s (round $round)"
      exit 1
    fi
  done
  echo "$format: export takes ${duration_ms} ms; $interrupted of $rounds exports killed mid-way, every file whole"
  [ "$interrupted" -ge 1 ] || { echo "FAIL: $format: no export was interrupted"; exit 1; }

  "$cli" export "$project" --format "$format" --out "$out" --seed 1 >/dev/null
  left=$(find "$out" -name '.*.shadelab-part' | wc -l)
  [ "$left" -eq 0 ] || { echo "FAIL: $format: $left temporary files left after a full export"; exit 1; }
  python3 "$checker" intact "$out" >/dev/null
done
echo "ok"
