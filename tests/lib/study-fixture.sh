# SPDX-License-Identifier: GPL-3.0-or-later
# study-fixture.sh: the participants a realism study's tests start from, made with shadelab-cli (POSIX sh, for
# bash and sh scripts alike). Sourced after cli-checks.sh or session.sh, with $cli and $work set:
#
#   study_faces PROJECT TRYON-FIXTURE EXT SIZE PRODUCT MST...
#                               per MST: a consenting participant P<MST> with a generated bare photo
#                               ($work/bare<MST>.EXT, sRGB, its lips' contour in $work/poly<MST>.txt) and a
#                               worn one of PRODUCT ($work/worn<MST>.EXT, Display P3); EXT png or jpg, SIZE
#                               WIDTHxHEIGHT or empty for the fixture's own
#   study_draw_lips PROJECT     the lips of every bare photo drawn from $work/poly<MST>.txt

study_faces ()
{
  study_project=$1
  study_fixture=$2
  study_ext=$3
  study_size=$4
  study_product=$5
  shift 5
  study_format=png
  [ "$study_ext" != jpg ] || study_format=jpeg
  for mst in "$@"; do
    "$study_fixture" "$work/bare$mst.$study_ext" "$study_format" srgb 1 "$mst" $study_size >"$work/poly$mst.txt"
    "$study_fixture" "$work/worn$mst.$study_ext" "$study_format" display-p3 1 "$mst" $study_size >/dev/null
    "$cli" participant add "$study_project" --code "P$mst" --mst "$mst" --consent >/dev/null
    "$cli" face add "$study_project" --participant "P$mst" --bare "$work/bare$mst.$study_ext" >/dev/null
    "$cli" face add "$study_project" --participant "P$mst" --worn "$study_product" "$work/worn$mst.$study_ext" \
      >/dev/null
  done
}

study_draw_lips ()
{
  "$cli" face list "$1" --json | python3 -c '
import json, sys
for p in json.load(sys.stdin)["face_photos"]:
    if p["kind"] == "bare":
        print(p["id"], p["participant"][1:])' >"$work/bare.txt"
  while read -r id mst; do
    "$cli" polygon set "$1" "$id" --outer "$(sed -n 1p "$work/poly$mst.txt")" >/dev/null
  done <"$work/bare.txt"
}
