#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# test-licence-headers.sh [SOURCE-DIR]: every source file says its licence in its first lines, as the README's
# code conventions ask (SPDX-License-Identifier: GPL-3.0-or-later, the licence meson.build declares), and
# COPYING holds that licence's text.
set -euo pipefail

root=${1:-$(dirname "$0")/../..}
cd "$root"
tag='SPDX-License-Identifier: GPL-3.0-or-later'

grep -q 'GNU GENERAL PUBLIC LICENSE' COPYING || { echo "FAIL: COPYING is not the GPL text" >&2; exit 1; }
grep -q "license: 'GPL-3.0-or-later'" meson.build || { echo "FAIL: meson.build declares another licence" >&2; exit 1; }

missing=0
checked=0
while IFS= read -r -d '' file; do
  checked=$((checked + 1))
  if ! head -n 3 "$file" | grep "$tag" >/dev/null; then
    echo "no licence line: $file" >&2
    missing=$((missing + 1))
  fi
done < <(find app widgets color core ui data tests build-aux deploy po .ci meson.build meson_options.txt \
              \( -name build -o -name 'build-*' -o -name reference \) -prune -o -type f \
              \( -name '*.c' -o -name '*.h' -o -name '*.ui' -o -name '*.sql' -o -name '*.sh' -o -name '*.py' \
                 -o -name meson.build -o -name '*.css' -o -name '*.mjs' -o -name run -o -name '*.sbatch' \
                 -o -name '*.yaml' -o -name Containerfile \) -print0 2>/dev/null)

[ "$checked" -gt 100 ] || { echo "FAIL: only $checked source files found under $root" >&2; exit 1; }
if [ "$missing" -gt 0 ]; then
  echo "FAIL: $missing of $checked source files do not start with their licence line" >&2
  exit 1
fi
echo "ok: $checked source files start with their licence line"
