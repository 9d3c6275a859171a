#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# test-desktop-files.sh: the files that put Shadelab on a desktop, as built.
#   desktop FILE                     desktop-file-validate; Exec runs shadelab, Icon and MimeType are ours
#   metainfo FILE VERSION SOURCE-DIR appstreamcli validate --no-net; the release is VERSION; each screenshot
#                                    is a PNG in data/screenshots/ at the size it claims, a few hundred KB at most
#   mime FILE                        xmllint, then update-mime-database on a scratch tree: *.shadelab maps to
#                                    application/x-shadelab-project and *.shadelab-study (a realism study's
#                                    pack) to application/x-shadelab-study, both kinds of SQLite database
#   window-icon SHADELAB DEMO-DIR    the real window carries the app icon (_NET_WM_ICON, with the lipstick's
#                                    red in it), from the GResource when run from the build tree; needs DISPLAY
# A missing validator skips (exit 77): build-aux/debian-packages.txt lists them all.
set -euo pipefail

skip () { echo "SKIP: $*"; exit 77; }
fail () { echo "FAIL: $*" >&2; exit 1; }
need () { command -v "$1" >/dev/null || skip "$1 is not installed"; }

app_id=org.shadelab.Shadelab
mime_type=application/x-shadelab-project
study_mime_type=application/x-shadelab-study

mode=$1
shift
case $mode in
  desktop)
    file=$1
    need desktop-file-validate
    out=$(desktop-file-validate "$file" 2>&1) || fail "desktop-file-validate: $out"
    # Hints are not errors, but a clean file has none.
    [ -z "$out" ] || fail "desktop-file-validate says: $out"
    grep -qx 'Exec=shadelab %F' "$file" || fail "Exec is not 'shadelab %F'"
    grep -qx "Icon=$app_id" "$file" || fail "Icon is not $app_id"
    grep -qx "MimeType=$mime_type;$study_mime_type;" "$file" || fail "MimeType is not $mime_type;$study_mime_type"
    grep -qx 'Categories=Graphics;Photography;GTK;' "$file" || fail "Categories changed"
    echo "ok: $file"
    ;;
  metainfo)
    file=$1 version=$2 source_dir=$3
    need appstreamcli
    need xmllint
    need identify
    appstreamcli validate --no-net --explain "$file" || fail "appstreamcli validate --no-net failed"
    [ "$(xmllint --xpath 'string(/component/id)' "$file")" = "$app_id" ] || fail "id is not $app_id"
    [ "$(xmllint --xpath 'string(/component/launchable)' "$file")" = "$app_id.desktop" ] || fail "launchable"
    [ "$(xmllint --xpath 'string(/component/releases/release[1]/@version)' "$file")" = "$version" ] ||
      fail "the newest release is not $version"
    for binary in shadelab shadelab-cli; do
      [ "$(xmllint --xpath "count(/component/provides/binary[text()='$binary'])" "$file")" = 1 ] ||
        fail "provides no binary $binary"
    done
    count=$(xmllint --xpath 'count(/component/screenshots/screenshot/image)' "$file")
    [ "$count" -ge 1 ] || fail "no screenshots"
    for i in $(seq "$count"); do
      url=$(xmllint --xpath "string((/component/screenshots/screenshot/image)[$i])" "$file")
      width=$(xmllint --xpath "string((/component/screenshots/screenshot/image)[$i]/@width)" "$file")
      height=$(xmllint --xpath "string((/component/screenshots/screenshot/image)[$i]/@height)" "$file")
      png=$source_dir/data/screenshots/${url##*/}
      [ -f "$png" ] || fail "screenshot $url: no $png"
      size=$(identify -format '%m %wx%h' "$png")
      [ "$size" = "PNG ${width}x${height}" ] || fail "$png is '$size', the metainfo says ${width}x${height}"
      bytes=$(stat -c %s "$png")
      [ "$bytes" -le 400000 ] || fail "$png is $bytes bytes: compress it"
      echo "screenshot $((i)): $png, $size, $bytes bytes"
    done
    echo "ok: $file"
    ;;
  mime)
    file=$1
    need xmllint
    need update-mime-database
    xmllint --noout "$file" || fail "xmllint: $file is not well-formed"
    scratch=$(mktemp -d "${TMPDIR:-/tmp}/shadelab-mime.XXXXXX")
    trap 'rm -rf "$scratch"' EXIT
    mkdir -p "$scratch/mime/packages"
    cp /usr/share/mime/packages/freedesktop.org.xml "$scratch/mime/packages/" 2>/dev/null || true
    cp "$file" "$scratch/mime/packages/$app_id.xml"
    out=$(XDG_DATA_HOME=$scratch XDG_DATA_DIRS=$scratch update-mime-database "$scratch/mime" 2>&1) || fail "update-mime-database: $out"
    # It reports unknown elements and bad attributes as warnings only.
    [ -z "$out" ] || fail "update-mime-database says: $out"
    grep -qx "50:$mime_type:\*\.shadelab" "$scratch/mime/globs2" || fail "*.shadelab is not in globs2"
    grep -q "^$mime_type application/vnd.sqlite3$" "$scratch/mime/subclasses" ||
      fail "$mime_type is not a subclass of application/vnd.sqlite3"
    grep -qx "50:$study_mime_type:\*\.shadelab-study" "$scratch/mime/globs2" || fail "*.shadelab-study is not in globs2"
    grep -q "^$study_mime_type application/vnd.sqlite3$" "$scratch/mime/subclasses" ||
      fail "$study_mime_type is not a subclass of application/vnd.sqlite3"
    echo "ok: $file"
    ;;
  window-icon)
    app=$1 demo=$2
    [ -n "${DISPLAY:-}" ] || skip "no DISPLAY (build-aux/shadelab.sh test runs the tests on a virtual one)"
    need xdotool
    need xprop
    scratch=$(mktemp -d "${TMPDIR:-/tmp}/shadelab-window-icon.XXXXXX")
    pid=
    # Wait for it to be gone: a Shadelab still exiting (slowly, under the sanitizers) would answer the next
    # test's launch on the session bus as the already running instance.
    trap '[ -z "$pid" ] || { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; } || true; rm -rf "$scratch"' EXIT
    export XDG_CONFIG_HOME=$scratch/config XDG_DATA_HOME=$scratch/data XDG_CACHE_HOME=$scratch/cache
    cp -r "$demo" "$scratch/demo"
    GDK_BACKEND=x11 "$app" "$(find "$scratch/demo" -maxdepth 1 -name '*.shadelab' | head -n 1)" \
      >"$scratch/log" 2>&1 &
    pid=$!
    wid=
    # Up to 40 s: a sanitizer build starts slowly, and xdotool answers at once while there is no window yet.
    for _ in $(seq 160); do
      wid=$(timeout 0.5 xdotool search --onlyvisible --name ' – Shadelab$' 2>/dev/null | head -n 1) || true
      [ -n "$wid" ] && break
      kill -0 "$pid" 2>/dev/null || { cat "$scratch/log" >&2; fail "shadelab exited before showing a window"; }
      sleep 0.25
    done
    [ -n "$wid" ] || fail "no Shadelab window"
    # 32c: width, height, then one ARGB word per pixel. Counts opaque, strongly red pixels (the bullet).
    icon=$(xprop -id "$wid" -f _NET_WM_ICON 32c _NET_WM_ICON)
    case $icon in *"= "*) ;; *) fail "the window has no _NET_WM_ICON: $icon" ;; esac
    red=$(printf '%s\n' "${icon#*= }" | tr ',' '\n' | awk '
      NR > 2 { v = $1 + 0; a = int(v / 16777216) % 256; r = int(v / 65536) % 256; g = int(v / 256) % 256; b = v % 256
               if (a == 255 && r > 180 && g < 90 && b < 90) n++ }
      END { print n + 0 }')
    # Read whole (no head): under pipefail a writer cut off early fails the pipeline with SIGPIPE.
    size=$(printf '%s\n' "${icon#*= }" | awk -F', *' '{ print $1 "x" $2 }')
    [ "$red" -ge 10 ] || fail "the window icon ($size) has no lipstick red in it ($red red pixels): not the app icon"
    echo "ok: window icon $size, $red lipstick-red pixels"
    ;;
  *)
    fail "unknown mode $mode"
    ;;
esac
