-- SPDX-License-Identifier: GPL-3.0-or-later
-- schema-stats-counts.sql: the figures `shadelab-cli stats` shows, kept up to date by the store in the same
-- transaction as each write that changes them (schema version 7 -> 8), so that a project of a million photos
-- and three million boxes answers in milliseconds instead of counting every row each time. Kept by the store's
-- own code, not by triggers: a project runs with the file's triggers off (core/store/project-schema-check.h).
-- core/store/project.c runs this in the transaction that sets PRAGMA user_version, then counts the rows already
-- there (sh_store_recount, core/store/project-stats.c).

-- Photos per status.
CREATE TABLE image_status_counts (
  status TEXT PRIMARY KEY,
  n INTEGER NOT NULL
) STRICT;

-- Boxes per class, source, acceptance and labeler (anonymous = 1 and labeler '' for boxes without one).
CREATE TABLE box_counts (
  class_id INTEGER NOT NULL,
  source TEXT NOT NULL,
  accepted INTEGER NOT NULL,
  anonymous INTEGER NOT NULL,
  labeler TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (class_id, source, accepted, anonymous, labeler)
) STRICT;

-- Labeling time per labeler: seconds, visits and distinct photos visited.
CREATE TABLE labeler_time_counts (
  labeler TEXT PRIMARY KEY,
  seconds REAL NOT NULL,
  visits INTEGER NOT NULL,
  images INTEGER NOT NULL
) STRICT;
