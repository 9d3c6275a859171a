#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# test-cli-project-untrusted.sh: crafted and damaged project files through `shadelab-cli` (stats, check, export,
# import): a file whose schema is not the one Shadelab writes (a trigger that deletes the photos when a box is
# added, a view in place of a table, an extra column, an extra index) is refused with exit status 1 and a
# message naming the file and the object, and is left byte for byte as it was; a corrupted page gives exit
# status 1 and a clear message, never a crash.
#
# Usage: test-cli-project-untrusted.sh SHADELAB-CLI
set -euo pipefail

cli=$1
. "$(dirname "$0")/../lib/cli-checks.sh"
expect_grep=-qE

# A real project: four imported photos, each with a box and labeled, so that exports have rows to read.
"$cli" generate "$work/photos" --count 4 --size 320x240 >/dev/null
"$cli" init "$work/base.shadelab" >/dev/null
"$cli" import --quiet --min-resolution 100 "$work/base.shadelab" "$work/photos" >/dev/null
python3 - "$work/base.shadelab" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
now = "2026-01-01T00:00:00.000Z"
for (image,) in db.execute("SELECT id FROM images").fetchall():
    db.execute("INSERT INTO boxes (image_id, class_id, x, y, w, h, labeler, created_at, updated_at)"
               " VALUES (?, 1, 10, 10, 100, 100, 'ann', ?, ?)", (image, now, now))
    db.execute("UPDATE images SET status = 'labeled' WHERE id = ?", (image,))
db.commit()
PY
expect 0 "" -- stats "$work/base.shadelab"
expect 0 "" -- export "$work/base.shadelab" --format csv --out "$work/export-base"

# craft NAME SQL: a copy of the base project changed by a plain SQLite connection.
craft ()
{
  cp "$work/base.shadelab" "$work/$1.shadelab"
  python3 - "$work/$1.shadelab" "$2" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.executescript(sys.argv[2])
db.close()
PY
}

craft trigger "CREATE TRIGGER wipe AFTER INSERT ON boxes BEGIN DELETE FROM images; END;"
craft view "DROP TABLE labeling_time;
            CREATE VIEW labeling_time (id, image_id, labeler, seconds, at) AS
              SELECT id, id, path, 0, imported_at FROM images;"
craft column "ALTER TABLE images ADD COLUMN note TEXT DEFAULT 'x';"
craft index "CREATE INDEX images_path ON images (path);"

declare -A message=(
  [trigger]="'trigger.shadelab' contains a trigger 'wipe' on 'boxes' that Shadelab does not create: the file was altered; it is not opened"
  [view]="'view.shadelab' contains a view 'labeling_time' in place of the table Shadelab creates: the file was altered; it is not opened"
  [column]="'column.shadelab' contains a table 'images' that differs from the one Shadelab creates: the file was altered; it is not opened"
  [index]="'index.shadelab' contains an index 'images_path' on 'images' that Shadelab does not create: the file was altered; it is not opened"
)
for name in trigger view column index; do
  file="$work/$name.shadelab"
  before=$(sha256sum <"$file")
  expect 1 "${message[$name]}" -- stats "$file"
  expect 1 "${message[$name]}" -- stats "$file" --json
  expect 1 "${message[$name]}" -- check "$file"
  expect 1 "${message[$name]}" -- export "$file" --format coco --out "$work/export-$name"
  [ ! -e "$work/export-$name" ] || [ -z "$(ls -A "$work/export-$name")" ] || fail "export of $name wrote files"
  expect 1 "${message[$name]}" -- import "$file" "$work/photos"
  expect 1 "${message[$name]}" -- tone add "$file" "Studio deep" '#4a3024'
  [ "$(sha256sum <"$file")" = "$before" ] || fail "$name.shadelab changed"
  [ ! -e "$file.lock" ] || fail "$name.shadelab.lock left behind"
done
python3 -c 'import sqlite3, sys; assert sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM images").fetchone()[0] == 4' \
  "$work/trigger.shadelab" || fail "the photos of trigger.shadelab are gone"

# Statistics that SQLite keeps (ANALYZE) are no alteration.
craft analyzed "ANALYZE;"
expect 0 "" -- stats "$work/analyzed.shadelab"
expect 0 "" -- tone add "$work/analyzed.shadelab" "Studio deep" '#4a3024'

# A corrupted page: enough boxes to fill many pages, then the first cell of every leaf page of the boxes made
# to run past its page. The open succeeds (the schema is intact); what reads the boxes fails cleanly.
cp "$work/base.shadelab" "$work/corrupt.shadelab"
python3 - "$work/corrupt.shadelab" <<'PY'
import sqlite3, sys
path = sys.argv[1]
db = sqlite3.connect(path)
now = "2026-01-01T00:00:00.000Z"
images = [r[0] for r in db.execute("SELECT id FROM images")]
for i in range(3000):
    db.execute("INSERT INTO boxes (image_id, class_id, x, y, w, h, labeler, created_at, updated_at)"
               " VALUES (?, 1, 10, 10, 100, 100, 'ann', ?, ?)", (images[i % len(images)], now, now))
db.commit()
pages = [r[0] for r in db.execute("SELECT pageno FROM dbstat WHERE name = 'boxes' AND pagetype = 'leaf'")]
page_size = db.execute("PRAGMA page_size").fetchone()[0]
db.execute("PRAGMA journal_mode = DELETE")
db.close()
assert len(pages) > 10, pages
with open(path, "r+b") as f:
    for page in pages:
        start = (page - 1) * page_size
        f.seek(start + 8)
        cell = int.from_bytes(f.read(2), "big")
        f.seek(start + cell)
        f.write(b"\xff" * 4)
PY
corrupt="'corrupt.shadelab' is damaged or not a Shadelab project \(database disk image is malformed\)"
expect 1 "$corrupt" -- export "$work/corrupt.shadelab" --format csv --out "$work/export-corrupt"
expect 1 "$corrupt" -- export "$work/corrupt.shadelab" --format coco --out "$work/export-corrupt-coco"
expect 1 "" -- check "$work/corrupt.shadelab"
grep -q "Database integrity" "$work/out" || fail "check does not list the damage: $(head -c 300 "$work/out")"
# stats may read only indexes, which are intact: any answer but a crash.
rc=0
"$cli" stats "$work/corrupt.shadelab" >"$work/out" 2>"$work/err" || rc=$?
[ "$rc" -le 1 ] || fail "stats of a corrupted project exited $rc: $(head -c 300 "$work/err")"

# The schema page itself: nothing opens it.
cp "$work/base.shadelab" "$work/schema-page.shadelab"
python3 - "$work/schema-page.shadelab" <<'PY'
import sys
with open(sys.argv[1], "r+b") as f:
    f.seek(100 + 8 + 2)
    f.write(b"\xff" * 4)
PY
schema="'schema-page.shadelab' is damaged or not a Shadelab project: its list of tables cannot be read"
expect 1 "$schema" -- stats "$work/schema-page.shadelab"
expect 1 "$schema" -- check "$work/schema-page.shadelab"
expect 1 "$schema" -- export "$work/schema-page.shadelab" --format csv --out "$work/export-schema"
expect 1 "$schema" -- import "$work/schema-page.shadelab" "$work/photos"

checks_done "all crafted and damaged projects refused cleanly"
