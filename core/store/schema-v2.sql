-- SPDX-License-Identifier: GPL-3.0-or-later
-- schema-v2.sql: schema version 1 -> 2, the calibration workspace's reference data. core/store/project.c runs it
-- after core/store/schema.sql (a new project) or on a version 1 file opened for writing, in the transaction that
-- sets PRAGMA user_version = 2.

-- Reference skin tones an artist adds to the 10 built-in Monk Skin Tone swatches.
CREATE TABLE skin_tones (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  hex TEXT NOT NULL CHECK (hex GLOB '#[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]'),  -- sRGB
  lab_l REAL NOT NULL,                  -- Lab D50 of hex, for sorting and comparing tones
  lab_a REAL NOT NULL,
  lab_b REAL NOT NULL,
  added_at TEXT NOT NULL,
  added_by TEXT
) STRICT;

-- Photos of a person wearing the real product, with the lip region, for realism reviews.
CREATE TABLE reference_photos (
  id INTEGER PRIMARY KEY,
  product_id INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  path TEXT NOT NULL,                   -- stored like images.path
  content_hash TEXT NOT NULL,           -- SHA-256 of the file's bytes, hex
  lip_x REAL NOT NULL CHECK (lip_x >= 0),  -- upright pixels, top-left origin, inside the photo
  lip_y REAL NOT NULL CHECK (lip_y >= 0),
  lip_w REAL NOT NULL CHECK (lip_w > 0),
  lip_h REAL NOT NULL CHECK (lip_h > 0),
  note TEXT,
  added_at TEXT NOT NULL,
  added_by TEXT
) STRICT;
CREATE INDEX reference_photos_product ON reference_photos (product_id);

-- The weekly review asks "what changed since a date" of every product at once.
CREATE INDEX material_audit_at ON material_audit (at);
