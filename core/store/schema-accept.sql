-- SPDX-License-Identifier: GPL-3.0-or-later
-- schema-accept.sql: schema version 6 -> 7, the audit trail of predictions accepted by score. core/store/project.c
-- runs it on a new project after the earlier steps, or on a version 6 file opened for writing, in the
-- transaction that sets PRAGMA user_version = 7.

-- One row per `shadelab-cli accept`: who accepted the model boxes scoring min_score or more (of one class, or
-- of every class when class_name is NULL), when, and how many boxes and photos it took.
CREATE TABLE score_acceptances (
  id INTEGER PRIMARY KEY,
  who TEXT NOT NULL,
  accepted_at TEXT NOT NULL,
  min_score REAL NOT NULL CHECK (min_score BETWEEN 0 AND 1),
  class_name TEXT,
  boxes INTEGER NOT NULL DEFAULT 0 CHECK (boxes >= 0),
  images_labeled INTEGER NOT NULL DEFAULT 0 CHECK (images_labeled >= 0)
) STRICT;

-- Which boxes each acceptance took, so that a threshold can be traced to its boxes later.
CREATE TABLE score_accepted_boxes (
  acceptance_id INTEGER NOT NULL REFERENCES score_acceptances (id) ON DELETE CASCADE,
  box_id INTEGER NOT NULL REFERENCES boxes (id) ON DELETE CASCADE,
  PRIMARY KEY (acceptance_id, box_id)
) STRICT;
CREATE INDEX score_accepted_boxes_box ON score_accepted_boxes (box_id);
