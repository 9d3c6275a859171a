#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# test-store-sealed.sh [SOURCE-DIR]: the project store is the only code that speaks SQL.
#   - outside core/store/, no C file of app/, widgets/, color/ or core/ uses SQLite (sqlite3) or holds an SQL
#     statement, includes the store's private headers or calls its private functions (sh_store_*);
#   - the store's public headers carry no SQLite type: only store-private.h and project-schema-check.h (both
#     internal to core/store/) include sqlite3.h.
# tests/ may open a project file with SQLite to check what is on disk.
set -euo pipefail

root=${1:-${SHADELAB_SOURCE_DIR:-$(dirname "$0")/../..}}
cd "$root"
internal='core/store/store-private\.h|core/store/project-schema-check\.h'
failed=0

report () {
  # $1: what is wrong; stdin: the grep hits
  local hits
  hits=$(cat)
  if [ -n "$hits" ]; then
    echo "FAIL: $1:" >&2
    echo "$hits" | sed 's/^/  /' >&2
    failed=1
  fi
}

sources=$(find app widgets color core -name '*.[ch]' -not -path 'core/store/*' | sort)
[ -n "$sources" ] || { echo "FAIL: no sources under $root" >&2; exit 1; }

# shellcheck disable=SC2086
report "SQLite used outside core/store/" < <(grep -nE 'sqlite3' $sources || true)
# Statements as the code writes them: upper-case keywords inside a string.
keywords='SELECT|INSERT INTO|INSERT OR|DELETE FROM|PRAGMA|SAVEPOINT|ROLLBACK|COMMIT|BEGIN'
keywords+='|CREATE TABLE|CREATE INDEX|ALTER TABLE|DROP TABLE'
# shellcheck disable=SC2086
report "SQL outside core/store/" < <(grep -nE "\"[^\"]*\\b($keywords)\\b|\"[^\"]*\\bUPDATE [a-z_]+ SET\\b" $sources || true)
# shellcheck disable=SC2086
report "the store's private plumbing used outside core/store/" \
  < <(grep -nE "#include \"($internal)\"|\bsh_store_[a-z_]+ *\(" $sources || true)

public_headers=$(find core/store -name '*.h' | grep -vE "^($internal)$" | sort)
# A comment may name the sqlite3 shell; an include, a type or a call may not.
# shellcheck disable=SC2086
report "SQLite in a public store header" < <(grep -nE 'sqlite3(\.h|_[a-z]| *\*)' $public_headers || true)

if [ "$failed" -ne 0 ]; then
  exit 1
fi
echo "sealed: $(echo "$sources" | wc -l) files outside core/store/," \
  "$(echo "$public_headers" | wc -l) public store headers"
