#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# test-install.sh: `meson install --destdir` of the build into a scratch folder installs everything Shadelab
# needs on a desktop, where a package would put it, and the installed desktop file and metainfo still validate.
#
# Usage: test-install.sh BUILD-DIR SOURCE-DIR PREFIX BINDIR DATADIR MANDIR LOCALEDIR GUI(true|false)
set -euo pipefail

build_dir=$1
source_dir=$2
prefix=$3
bindir=$4
datadir=$5
mandir=$6
localedir=$7
gui=$8

fail () { echo "FAIL: $*" >&2; exit 1; }

destdir=$(mktemp -d "${TMPDIR:-/tmp}/shadelab-install.XXXXXX")
trap 'rm -rf "$destdir"' EXIT

# --no-rebuild: meson test has built everything already, and a nested ninja would race the other tests.
log=$destdir.log
if ! meson install -C "$build_dir" --no-rebuild --destdir "$destdir" >"$log" 2>&1; then
  cat "$log" >&2
  rm -f "$log"
  fail "meson install failed"
fi
rm -f "$log"

# An absolute option (bindir=/usr/bin) stays as it is; a relative one is under the prefix.
place () { case $1 in /*) printf '%s%s' "$destdir" "$1" ;; *) printf '%s%s/%s' "$destdir" "$prefix" "$1" ;; esac; }
bin=$(place "$bindir")
share=$(place "$datadir")
man=$(place "$mandir")
locale=$(place "$localedir")
app_id=org.shadelab.Shadelab

expected=(
  "$bin/shadelab-cli"
  "$man/man1/shadelab-cli.1"
)
if [ "$gui" = true ]; then
  expected+=(
    "$bin/shadelab"
    "$share/applications/$app_id.desktop"
    "$share/metainfo/$app_id.metainfo.xml"
    "$share/icons/hicolor/scalable/apps/$app_id.svg"
    "$share/icons/hicolor/symbolic/apps/$app_id-symbolic.svg"
    "$share/mime/packages/$app_id.xml"
  )
fi
[ -f "$source_dir/data/$app_id.gschema.xml" ] && expected+=("$share/glib-2.0/schemas/$app_id.gschema.xml")
# One catalogue per language that po/LINGUAS lists.
if [ -f "$source_dir/po/LINGUAS" ]; then
  for language in $(sed -e 's/#.*//' "$source_dir/po/LINGUAS"); do
    expected+=("$locale/$language/LC_MESSAGES/shadelab.mo")
  done
fi

missing=0
for file in "${expected[@]}"; do
  if [ ! -f "$file" ]; then
    echo "not installed: ${file#"$destdir"}" >&2
    missing=$((missing + 1))
  fi
done
programs=("$bin/shadelab-cli")
[ "$gui" = true ] && programs+=("$bin/shadelab")
for program in "${programs[@]}"; do
  if [ -f "$program" ] && [ ! -x "$program" ]; then
    echo "not executable: ${program#"$destdir"}" >&2
    missing=$((missing + 1))
  fi
done
# The bundled demo project: its project file and the photos it refers to.
demo=$share/shadelab/demo
if ! compgen -G "$demo/*.shadelab" >/dev/null; then
  echo "not installed: ${demo#"$destdir"}/*.shadelab" >&2
  missing=$((missing + 1))
elif [ "$(find "$demo" -type f \( -name '*.jpg' -o -name '*.png' -o -name '*.tif' -o -name '*.webp' \) | wc -l)" -eq 0 ]; then
  echo "not installed: the demo project's photos" >&2
  missing=$((missing + 1))
fi
[ "$missing" -eq 0 ] || fail "$missing expected files are not installed"

# The installed copies are the real ones, not stale or empty files.
cmp -s "$source_dir/data/shadelab-cli.1" "$man/man1/shadelab-cli.1" || fail "the installed man page differs from data/"
"$bin/shadelab-cli" --version | grep '^shadelab-cli ' >/dev/null || fail "the installed shadelab-cli does not run"
if [ "$gui" = true ]; then
  cmp -s "$source_dir/data/icons/hicolor/scalable/apps/$app_id.svg" "$share/icons/hicolor/scalable/apps/$app_id.svg" ||
    fail "the installed icon differs from data/"
  if command -v desktop-file-validate >/dev/null; then
    desktop-file-validate "$share/applications/$app_id.desktop" || fail "the installed desktop file does not validate"
  fi
  if command -v appstreamcli >/dev/null; then
    appstreamcli validate --no-net "$share/metainfo/$app_id.metainfo.xml" >/dev/null ||
      fail "the installed metainfo does not validate"
  fi
fi
echo "ok: $(find "$destdir" -type f | wc -l) files installed under $destdir$prefix, every expected one among them"
