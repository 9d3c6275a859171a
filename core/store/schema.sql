-- SPDX-License-Identifier: GPL-3.0-or-later
-- schema.sql: the project file (*.shadelab), schema version 1. Later versions are ordered migrations in
-- core/store/project.c; PRAGMA user_version holds the version a file is at.
--
-- Images are never modified: the project stores references (path relative to the project file when the
-- photo lies below it) and derived data. Derived rows (photo checks, swatches) carry the version of the
-- algorithm that produced them so that a better algorithm can recompute them.
-- Times are UTC ISO 8601 text ('2026-11-26T05:12:28.123Z').

CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

-- Extensible: lipstick, foundation, eyeliner, eyeshadow, nail polish are seeded.
CREATE TABLE categories (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
) STRICT;

CREATE TABLE products (
  id INTEGER PRIMARY KEY,
  sku TEXT NOT NULL UNIQUE,
  brand TEXT,
  shade TEXT,
  category_id INTEGER REFERENCES categories (id),
  marketplace TEXT,
  catalog_color TEXT CHECK (catalog_color IS NULL OR catalog_color GLOB '#[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]'),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX products_category ON products (category_id);

CREATE TABLE images (
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL,                   -- relative to the project's folder when below it, else absolute
  file_name TEXT NOT NULL,              -- base name, for matching catalogues and predictions
  content_hash TEXT NOT NULL UNIQUE,    -- SHA-256 of the file's bytes, hex
  file_size INTEGER NOT NULL,
  format TEXT NOT NULL,                 -- jpeg, png, tiff, webp
  width INTEGER NOT NULL,               -- upright (EXIF orientation applied)
  height INTEGER NOT NULL,
  orientation INTEGER NOT NULL DEFAULT 1 CHECK (orientation BETWEEN 1 AND 8),
  profile_name TEXT NOT NULL,
  product_id INTEGER REFERENCES products (id) ON DELETE SET NULL,
  status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'labeled', 'skipped', 'rejected')),
  status_reason TEXT,
  photo_check TEXT,                     -- JSON: {"white_background": {...}, "resolution": {...}, ...}
  photo_check_passed INTEGER CHECK (photo_check_passed IN (0, 1)),
  photo_check_version INTEGER,
  imported_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX images_status ON images (status);
CREATE INDEX images_product ON images (product_id, status);  -- also shade coverage (stats)
CREATE INDEX images_file_name ON images (file_name);

-- product, packaging, distractor are seeded; ids are stable and ordered for exports.
CREATE TABLE box_classes (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
) STRICT;

-- AUTOINCREMENT: a deleted box's id is never given to a new box, so undoing the delete can bring the box
-- back under its own id (and nothing that remembered the id meets a different box).
CREATE TABLE boxes (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  image_id INTEGER NOT NULL REFERENCES images (id) ON DELETE CASCADE,
  class_id INTEGER NOT NULL REFERENCES box_classes (id),
  x REAL NOT NULL,                      -- upright pixels, top-left origin
  y REAL NOT NULL,
  w REAL NOT NULL CHECK (w > 0),
  h REAL NOT NULL CHECK (h > 0),
  source TEXT NOT NULL DEFAULT 'human' CHECK (source IN ('human', 'model')),
  score REAL,                           -- model confidence, NULL for human boxes
  accepted INTEGER NOT NULL DEFAULT 0,  -- a model box a person accepted or corrected
  labeler TEXT,
  occluded INTEGER NOT NULL DEFAULT 0 CHECK (occluded IN (0, 1)),
  truncated INTEGER NOT NULL DEFAULT 0 CHECK (truncated IN (0, 1)),
  difficult INTEGER NOT NULL DEFAULT 0 CHECK (difficult IN (0, 1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX boxes_image ON boxes (image_id);
-- Boxes by class, source and labeler (stats) in one pass over a covering index.
CREATE INDEX boxes_stats ON boxes (class_id, source, accepted, labeler);

CREATE TABLE swatches (
  box_id INTEGER NOT NULL REFERENCES boxes (id) ON DELETE CASCADE,
  method TEXT NOT NULL CHECK (method IN ('robust', 'mean', 'dominant')),
  algorithm_version INTEGER NOT NULL,
  srgb TEXT NOT NULL,
  lab_l REAL NOT NULL, lab_a REAL NOT NULL, lab_b REAL NOT NULL,
  linear_r REAL NOT NULL, linear_g REAL NOT NULL, linear_b REAL NOT NULL,
  confidence REAL NOT NULL,
  spread REAL NOT NULL,
  pixels TEXT NOT NULL,                 -- JSON counts by class
  finish TEXT CHECK (finish IN ('matte', 'satin', 'gloss')),
  finish_json TEXT,                     -- the numbers behind the finish
  glitter_json TEXT,
  computed_at TEXT NOT NULL,
  PRIMARY KEY (box_id, method)
) STRICT;

-- The physical material handed to the 3D team (glTF 2.0 parameters plus glitter), one row per product.
-- base_color is set when an artist calibrated it; otherwise exports fall back to the robust swatch of the
-- product's box, then the catalogue colour.
CREATE TABLE materials (
  product_id INTEGER PRIMARY KEY REFERENCES products (id) ON DELETE CASCADE,
  base_color TEXT,                      -- '#rrggbb' sRGB, or NULL
  finish TEXT CHECK (finish IN ('matte', 'satin', 'shiny', 'gloss', 'glitter')),
  roughness REAL CHECK (roughness BETWEEN 0 AND 1),
  metallic REAL NOT NULL DEFAULT 0 CHECK (metallic BETWEEN 0 AND 1),
  clearcoat REAL NOT NULL DEFAULT 0 CHECK (clearcoat BETWEEN 0 AND 1),
  clearcoat_roughness REAL NOT NULL DEFAULT 0 CHECK (clearcoat_roughness BETWEEN 0 AND 1),
  specular REAL NOT NULL DEFAULT 1 CHECK (specular BETWEEN 0 AND 1),
  specular_color TEXT NOT NULL DEFAULT '[1,1,1]',       -- JSON, linear
  sheen_color TEXT NOT NULL DEFAULT '[0,0,0]',          -- JSON, linear
  sheen_roughness REAL NOT NULL DEFAULT 0 CHECK (sheen_roughness BETWEEN 0 AND 1),
  ior REAL NOT NULL DEFAULT 1.5,
  glitter_density REAL NOT NULL DEFAULT 0 CHECK (glitter_density >= 0),
  glitter_size REAL NOT NULL DEFAULT 0 CHECK (glitter_size >= 0),  -- mm
  glitter_color TEXT,                   -- '#rrggbb' or NULL
  updated_at TEXT NOT NULL,
  updated_by TEXT
) STRICT;

-- Every change to a material parameter: who, when, from, to, why.
CREATE TABLE material_audit (
  id INTEGER PRIMARY KEY,
  product_id INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  parameter TEXT NOT NULL,
  old_value TEXT,
  new_value TEXT,
  who TEXT NOT NULL,
  at TEXT NOT NULL,
  note TEXT
) STRICT;
CREATE INDEX material_audit_product ON material_audit (product_id, at);

CREATE TABLE reviews (
  id INTEGER PRIMARY KEY,
  product_id INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  decision TEXT NOT NULL CHECK (decision IN ('accept', 'reject')),
  comment TEXT,
  reviewer TEXT NOT NULL,
  at TEXT NOT NULL
) STRICT;

-- Time a labeler spent on an image, one row per visit.
CREATE TABLE labeling_time (
  id INTEGER PRIMARY KEY,
  image_id INTEGER NOT NULL REFERENCES images (id) ON DELETE CASCADE,
  labeler TEXT NOT NULL,
  seconds REAL NOT NULL CHECK (seconds >= 0),
  at TEXT NOT NULL
) STRICT;
CREATE INDEX labeling_time_labeler ON labeling_time (labeler, image_id, seconds);  -- covering (stats)
