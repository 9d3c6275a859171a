-- SPDX-License-Identifier: GPL-3.0-or-later
-- schema-list-indexes.sql: the indexes a project of a million photos needs for its image list and counts
-- (schema version 3 -> 4). core/store/project.c runs it after core/store/schema-v3.sql (a new project) or on an
-- older file opened for writing, in the transaction that sets PRAGMA user_version; on a million photos that
-- takes a few seconds, once. Indexes only: no row changes.
--
-- With them every question the image list asks (core/store/image-list-store.c) is answered from an index
-- alone, never by reading the rows (they carry the photo-check JSON) and never by sorting the whole table.

-- The photos that failed the photo check, in import order, and their count.
CREATE INDEX images_check_failed ON images (photo_check_passed) WHERE photo_check_passed = 0;
-- The name sort in its order, ties in import order; the file-name search and its counts scan these names (with
-- each one's status and check) without touching the rows.
CREATE INDEX images_name ON images (file_name COLLATE NOCASE, id, status, photo_check_passed);
-- Model boxes nobody accepted yet: the "model" filter and its count.
CREATE INDEX boxes_to_review ON boxes (image_id) WHERE source = 'model' AND accepted = 0;
