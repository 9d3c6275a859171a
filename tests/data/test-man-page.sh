#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# test-man-page.sh: shadelab-cli(1) formats without a groff warning, documents every command that
# `shadelab-cli --help` lists in a section of its own, and every long option each command's --help lists.
#
# Usage: test-man-page.sh SHADELAB-CLI PAGE
set -euo pipefail

cli=$1
page=$2

skip () { echo "SKIP: $*"; exit 77; }
fail () { echo "FAIL: $*" >&2; exit 1; }

command -v groff >/dev/null || skip "groff is not installed (groff-base)"

# -ww: all warnings; -z: no output. groff prints warnings but exits 0, so its stderr is the verdict.
warnings=$(groff -ww -z -man -K utf8 "$page" 2>&1) || fail "groff failed: $warnings"
[ -z "$warnings" ] || fail "groff warnings: $warnings"
if command -v man >/dev/null; then
  warnings=$(man --warnings -E UTF-8 -l -Tutf8 -Z "$page" 2>&1 >/dev/null) || fail "man failed: $warnings"
  [ -z "$warnings" ] || fail "man --warnings: $warnings"
fi

# The page with roff's escaped hyphens made plain.
text=$(sed -e 's/\\-/-/g' "$page")
commands=$("$cli" --help | sed -n '/^Commands:/,/^$/{s/^  \([a-z][a-z-]*\) .*/\1/p}')
[ -n "$commands" ] || fail "shadelab-cli --help lists no commands"

missing=0
for command in $commands; do
  # awk reads to the end (no exit at the section's end): printf must not meet a closed pipe, which
  # pipefail would count.
  section=$(printf '%s\n' "$text" | awk -v name="$command" '
    $0 == ".SS " name { on = 1; next }
    on && /^\.S[HS] / { on = 0 }
    on { print }')
  if [ -z "$section" ]; then
    echo "not documented: the command '$command' (no '.SS $command' section)" >&2
    missing=$((missing + 1))
    continue
  fi
  # Options from the option lines of its --help ("  -b, --box=X,Y,W,H" or "  --count N"), not from its prose.
  for option in $("$cli" "$command" --help 2>&1 | sed -n 's/^ \{1,\}\(-[a-zA-Z], \)\{0,1\}\(--[a-z][a-z0-9-]*\).*/\2/p' | sort -u); do
    [ "$option" = --help ] && continue
    # A here-string, not a pipe: grep -q stops at the first match, and pipefail would count printf's SIGPIPE.
    if ! grep -q -- "$option\\b" <<< "$section"; then
      echo "not documented: $command $option" >&2
      missing=$((missing + 1))
    fi
  done
done
[ "$missing" -eq 0 ] || fail "$missing commands or options of shadelab-cli are missing from $page"
echo "ok: $page documents $(echo $commands | wc -w) commands"
