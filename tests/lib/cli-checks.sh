# SPDX-License-Identifier: GPL-3.0-or-later
# cli-checks.sh: what the shell tests of shadelab-cli share (POSIX sh, for bash and sh scripts alike).
# Sourced after `set -eu` and `cli=...`:
#
#   $work                               a scratch folder, removed on exit
#   fail MESSAGE                        a failed check, said on stderr; the script goes on and checks_done
#                                       fails the test (with first_failure_ends=1 set before sourcing, the
#                                       first failure ends the test)
#   expect STATUS PATTERN -- ARGS...    runs "$cli" ARGS (output in $work/out and $work/err): a failed check
#                                       unless it exits STATUS and, when PATTERN is not empty, its stderr
#                                       matches the extended regular expression PATTERN (any case, unless
#                                       expect_grep=-qE)
#   expect_status STATUS COMMAND...     runs COMMAND (output in $work/out.txt and $work/err.txt); the test
#                                       fails at once, showing that output, unless it exits STATUS
#   expect_message TEXT                 after expect_status: a failed check unless its stderr says TEXT
#   checks_done MESSAGE                 fails the test if a check failed, else says MESSAGE
#   PYTHONPATH                          tests/lib first, so that Python checks import the formulas kept
#                                       there (ciede2000.py)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
expect_grep=-qiE
PYTHONPATH="$(dirname "$0")/../lib${PYTHONPATH:+:$PYTHONPATH}"
export PYTHONPATH

# With first_failure_ends=1 set before sourcing, the first failed check ends the test.
if [ "${first_failure_ends:-0}" = 1 ]; then
  fail () { echo "FAIL: $*"; exit 1; }
else
  fail () { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
fi

expect ()
{
  expect_want=$1
  expect_pattern=$2
  shift 3
  expect_rc=0
  "$cli" "$@" >"$work/out" 2>"$work/err" || expect_rc=$?
  if [ "$expect_rc" -ne "$expect_want" ]; then
    fail "shadelab-cli $* exited $expect_rc, expected $expect_want ($(head -c 300 "$work/err"))"
  elif [ -n "$expect_pattern" ] && ! grep "$expect_grep" "$expect_pattern" "$work/err"; then
    fail "shadelab-cli $*: stderr does not say /$expect_pattern/: $(head -c 300 "$work/err")"
  fi
}

expect_status ()
{
  expect_want=$1
  shift
  expect_rc=0
  "$@" >"$work/out.txt" 2>"$work/err.txt" || expect_rc=$?
  if [ "$expect_rc" -ne "$expect_want" ]; then
    cat "$work/out.txt" "$work/err.txt"
    echo "FAIL: expected exit $expect_want, got $expect_rc: $*"
    exit 1
  fi
}

expect_message ()
{
  grep -q -- "$1" "$work/err.txt" || { cat "$work/err.txt"; fail "the message does not say '$1'"; }
}

checks_done ()
{
  if [ "$failures" -ne 0 ]; then
    echo "$failures check(s) failed" >&2
    exit 1
  fi
  echo "$*"
}
