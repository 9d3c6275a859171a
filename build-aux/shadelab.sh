#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# shadelab.sh: set up, build and start Shadelab, or run its whole test suite, on Debian 12.
#
#   build-aux/shadelab.sh run [PROJECT]  install what is missing, build, open PROJECT (default: the demo project)
#   build-aux/shadelab.sh test           install what is missing, build plain and sanitized, run all tests
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
packages_file=$root/build-aux/debian-packages.txt
build_dir=build
asan_dir=build-asan

say () { printf 'shadelab.sh: %s\n' "$*" >&2; }
die () { say "$*"; exit 1; }

usage ()
{
  cat <<EOF
Usage: build-aux/shadelab.sh COMMAND

Commands:
  run [PROJECT] install missing Debian packages, build in $build_dir/ and open the project file PROJECT in
                Shadelab (without PROJECT: the demo project, a copy of $build_dir/app/demo)
  test          install missing Debian packages, then build and run every test in $build_dir/ and in a
                sanitizer build ($asan_dir/, AddressSanitizer + UndefinedBehaviorSanitizer)
EOF
}

# The packages from debian-packages.txt that dpkg does not list as installed.
missing_packages ()
{
  local package status
  sed -e 's/#.*//' -e 's/[[:space:]]//g' -e '/^$/d' "$packages_file" | while read -r package; do
    status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
    [ "$status" = "install ok installed" ] || printf '%s\n' "$package"
  done
}

install_packages ()
{
  if ! command -v dpkg-query >/dev/null || ! command -v apt-get >/dev/null; then
    say "not a Debian system: install the packages in build-aux/debian-packages.txt (or equivalents) yourself"
    return 0
  fi

  local missing
  mapfile -t missing < <(missing_packages)
  [ ${#missing[@]} -eq 0 ] && return 0

  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null ||
      die "these packages are missing and installing them needs root (no sudo): ${missing[*]}"
    sudo=(sudo)
  fi
  say "installing ${missing[*]}"
  "${sudo[@]}" apt-get update
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
}

# install_gltf_validator DIR: Khronos glTF-Validator for the glTF export test, in DIR/node (once per build
# directory). Failing here is not fatal: the test itself then fails, or skips when SHADELAB_OFFLINE=1.
gltf_validator_version=2.0.0-dev.3.10
install_gltf_validator ()
{
  local prefix=$1/node
  [ -f "$prefix/node_modules/gltf-validator/package.json" ] && return 0
  if ! command -v npm >/dev/null; then
    local sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends npm ||
      { say "npm is missing and could not be installed"; return 0; }
  fi
  say "installing gltf-validator@$gltf_validator_version into $prefix"
  npm install --prefix "$prefix" --no-audit --no-fund --loglevel=error "gltf-validator@$gltf_validator_version" ||
    say "could not install gltf-validator (the glTF export test will fail; SHADELAB_OFFLINE=1 skips it)"
}

# configure_and_build DIR [MESON_OPTIONS...]: a build directory is configured once, with its options; later
# runs only rebuild (ninja re-runs meson by itself when a meson.build changed).
configure_and_build ()
{
  local dir=$1
  shift
  if [ ! -f "$dir/build.ninja" ]; then
    if [ -d "$dir/meson-private" ]; then
      meson setup --wipe "$dir" "$@" || return 1
    else
      meson setup "$dir" "$@" || return 1
    fi
  fi
  ninja -C "$dir" || return 1
}

command_run ()
{
  [ $# -le 1 ] || { usage >&2; exit 2; }
  local project=${1:-}
  local args=()
  if [ -n "$project" ]; then
    # Resolve before changing directory, so a relative PROJECT means what the user typed. A project that
    # does not exist is the window's to explain (it offers New and Open).
    case $project in
      /*) ;;
      *) project=$PWD/$project ;;
    esac
    args=("$project")
  fi

  install_packages
  cd "$root"
  configure_and_build "$build_dir"

  if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    die "no display: neither DISPLAY nor WAYLAND_DISPLAY is set, so the Shadelab window cannot open.
Run this from a desktop session (or ssh -X). The build is ready: $build_dir/app/shadelab-cli needs none."
  fi
  [ -x "$build_dir/app/shadelab" ] ||
    die "$build_dir/app/shadelab was not built: no GTK 4 or libadwaita found (see $build_dir/meson-logs)"
  if [ ${#args[@]} -eq 0 ]; then
    # Without a project: the demo (the app works on its own copy of the built one).
    [ -d "$build_dir/app/demo" ] || die "the demo project was not built (see $build_dir/meson-logs)"
    args=(--demo)
  fi
  # The settings schema compiled in the build tree (an installed one may be older or missing).
  GSETTINGS_SCHEMA_DIR=$root/$build_dir/data${GSETTINGS_SCHEMA_DIR:+:$GSETTINGS_SCHEMA_DIR} \
    exec "$build_dir/app/shadelab" "${args[@]}"
}

# count_results TESTLOG...: prints "passed failed skipped" from meson's JSON test logs.
count_results ()
{
  python3 - "$@" <<'EOF'
import json, sys

passed = failed = skipped = 0
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as log:
        for line in log:
            if not line.strip():
                continue
            result = json.loads(line).get("result")
            if result in ("OK", "EXPECTEDFAIL"):
                passed += 1
            elif result == "SKIP":
                skipped += 1
            else:
                failed += 1
print(passed, failed, skipped)
EOF
}

command_test ()
{
  [ $# -eq 0 ] || { usage >&2; exit 2; }
  install_packages
  cd "$root"

  # GUI tests get a private D-Bus session (so a running Shadelab never answers for the one under test), a
  # virtual screen when there is no real one, and deterministic rendering.
  local session=(dbus-run-session --)
  if [ -z "${DISPLAY:-}" ]; then
    session=(xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp -noreset" "${session[@]}")
  fi
  export GSK_RENDERER=cairo GTK_A11Y=none NO_AT_BRIDGE=1 GSETTINGS_BACKEND=memory
  # The tests draw with cairo, so GTK need not probe OpenGL at all: Mesa's drivers (on every desktop) leak a
  # block at that probe from a library that is unloaded again, which the leak checker cannot attribute.
  export GDK_DEBUG=gl-disable
  export ASAN_OPTIONS=halt_on_error=1:abort_on_error=1:print_stacktrace=1:detect_leaks=1
  export UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1:print_stacktrace=1
  export LSAN_OPTIONS=suppressions=$root/build-aux/lsan.supp:print_suppressions=0
  # GLib 2.74's slice allocator hides frees from the leak checker.
  export G_SLICE=always-malloc

  local passed=0 failed=0 skipped=0 status=0
  local dir timeout_multiplier counts
  for dir in "$build_dir" "$asan_dir"; do
    local options=()
    timeout_multiplier=1
    if [ "$dir" = "$asan_dir" ]; then
      options=("-Db_sanitize=address,undefined" -Db_lundef=false)
      timeout_multiplier=3
    fi

    say "building $dir/"
    if ! configure_and_build "$dir" "${options[@]}"; then
      say "$dir/: build failed, its tests did not run"
      failed=$((failed + 1))
      status=1
      continue
    fi
    install_gltf_validator "$dir"

    say "testing $dir/"
    rm -f "$dir/meson-logs/testlog.json"
    "${session[@]}" meson test -C "$dir" --no-rebuild --print-errorlogs \
      --timeout-multiplier "$timeout_multiplier" || status=1

    if [ -f "$dir/meson-logs/testlog.json" ]; then
      read -r -a counts < <(count_results "$dir/meson-logs/testlog.json")
      passed=$((passed + counts[0]))
      failed=$((failed + counts[1]))
      skipped=$((skipped + counts[2]))
    else
      say "$dir/: meson test wrote no log"
      failed=$((failed + 1))
      status=1
    fi
  done

  [ "$failed" -eq 0 ] || status=1
  if [ "$skipped" -gt 0 ]; then
    printf '%d passed, %d failed, %d skipped\n' "$passed" "$failed" "$skipped"
  else
    printf '%d passed, %d failed\n' "$passed" "$failed"
  fi
  return "$status"
}

case "${1:-}" in
  run) shift; command_run "$@" ;;
  test) shift; command_test "$@" ;;
  -h|--help|help) usage ;;
  *) usage >&2; exit 2 ;;
esac
