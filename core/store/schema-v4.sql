-- SPDX-License-Identifier: GPL-3.0-or-later
-- schema-v4.sql: schema version 3 -> 4, participants and their face photos for try-on. core/store/project.c
-- runs it after core/store/schema-v3.sql (a new project) or on a version 3 file opened for writing, in the
-- transaction that sets PRAGMA user_version = 4.

-- People photographed with bare lips and wearing real products. code is how they are known in the project
-- (never a name); only those who consented are handed to an export.
CREATE TABLE participants (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE CHECK (length (code) > 0),
  mst INTEGER NOT NULL CHECK (mst BETWEEN 1 AND 10),  -- Monk Skin Tone
  marketplace TEXT,
  notes TEXT,
  consent INTEGER NOT NULL DEFAULT 0 CHECK (consent IN (0, 1)),
  added_at TEXT NOT NULL,
  added_by TEXT
) STRICT;

-- A participant's photo: bare lips (to render on), or wearing a product (to compare with).
CREATE TABLE face_photos (
  id INTEGER PRIMARY KEY,
  participant_id INTEGER NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
  path TEXT NOT NULL,                   -- stored like images.path
  content_hash TEXT NOT NULL,           -- SHA-256 of the file's bytes, hex
  width INTEGER NOT NULL CHECK (width > 0),   -- upright (EXIF orientation applied)
  height INTEGER NOT NULL CHECK (height > 0),
  kind TEXT NOT NULL CHECK (kind IN ('bare', 'worn')),
  product_id INTEGER REFERENCES products (id) ON DELETE CASCADE,
  added_at TEXT NOT NULL,
  added_by TEXT,
  CHECK ((kind = 'worn') = (product_id IS NOT NULL))
) STRICT;
CREATE INDEX face_photos_participant ON face_photos (participant_id);
CREATE INDEX face_photos_product ON face_photos (product_id);

-- The lips drawn on a face photo: the outer contour, and the mouth's opening inside it. points is a JSON
-- array [x1, y1, x2, y2, ...] in upright pixels of the photo, at least three points (checked by the store:
-- JSON functions may not run in the schema of a file that is not trusted).
CREATE TABLE lip_polygons (
  face_photo_id INTEGER NOT NULL REFERENCES face_photos (id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('outer', 'opening')),
  points TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (face_photo_id, role)
) STRICT;
