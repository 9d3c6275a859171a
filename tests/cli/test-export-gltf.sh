#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# test-export-gltf.sh CLI EXPORT_FIXTURE: exports the fixture's materials as glTF and runs Khronos
# glTF-Validator (npm gltf-validator) on every file: zero errors required. The validator is installed into
# $SHADELAB_BUILD_DIR/node when missing (build-aux/shadelab.sh does it up front); without network this test
# fails, unless SHADELAB_OFFLINE=1 says to skip it.
set -eu
cli=$1
fixture=$2
version=2.0.0-dev.3.10
prefix=${SHADELAB_BUILD_DIR:?}/node
source_dir=${SHADELAB_SOURCE_DIR:?}

if [ ! -f "$prefix/node_modules/gltf-validator/package.json" ]; then
  if command -v npm >/dev/null 2>&1 &&
     npm install --prefix "$prefix" --no-audit --no-fund --loglevel=error "gltf-validator@$version" >&2; then
    :
  elif [ "${SHADELAB_OFFLINE:-}" = 1 ]; then
    echo "gltf-validator is not installed and SHADELAB_OFFLINE=1: skipped"
    exit 77
  else
    echo "FAIL: gltf-validator@$version is not in $prefix and npm could not install it" \
         "(set SHADELAB_OFFLINE=1 to skip this check on a machine without network)"
    exit 1
  fi
fi
command -v node >/dev/null 2>&1 || { echo "FAIL: node is not installed"; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

project=$("$fixture" photos "$work")
"$cli" export "$project" --format gltf --out "$work/gltf"
count=$(ls "$work/gltf"/*.gltf | wc -l)
[ "$count" -eq 4 ] || { echo "FAIL: expected 4 materials, got $count"; exit 1; }
node "$source_dir/tests/lib/validate-gltf.mjs" "$prefix" "$work/gltf"/*.gltf
