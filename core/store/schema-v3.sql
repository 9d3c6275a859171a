-- SPDX-License-Identifier: GPL-3.0-or-later
-- schema-v3.sql: schema version 2 -> 3, the audit log as change entries. core/store/project.c runs it after
-- core/store/schema-v2.sql (a new project) or on a version 2 file opened for writing, in the transaction that sets
-- PRAGMA user_version = 3.
--
-- One change an artist makes (a slider drag, a preset, an undo) is one entry in material_changes, with one
-- material_audit row per parameter whose value as exported changed: from the value the glTF export wrote
-- before (a derived one too: the swatch's colour, the finish's starting roughness) to the value it writes
-- after. Until version 3 every parameter was an entry of its own and "from" was empty when the product had
-- no material row.

CREATE TABLE material_changes (
  id INTEGER PRIMARY KEY,
  product_id INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  who TEXT NOT NULL,
  at TEXT NOT NULL,
  note TEXT
) STRICT;
CREATE INDEX material_changes_product ON material_changes (product_id, at);
-- The weekly review asks "what changed since a date" of every product at once.
CREATE INDEX material_changes_at ON material_changes (at);

-- Every version 2 audit row becomes an entry of its own, under its own id, so the order is kept.
INSERT INTO material_changes (id, product_id, who, at, note)
  SELECT id, product_id, who, at, note FROM material_audit;

-- The parameters of an entry. Rebuilt rather than altered so that change_id can be NOT NULL; nothing refers
-- to material_audit, so dropping the old table is safe with foreign keys on.
CREATE TABLE material_audit_v3 (
  id INTEGER PRIMARY KEY,
  change_id INTEGER NOT NULL REFERENCES material_changes (id) ON DELETE CASCADE,
  parameter TEXT NOT NULL,
  old_value TEXT,                       -- text form as exported; NULL: none (no colour, no finish)
  new_value TEXT
) STRICT;
INSERT INTO material_audit_v3 (id, change_id, parameter, old_value, new_value)
  SELECT id, id, parameter, old_value, new_value FROM material_audit;
DROP TABLE material_audit;
ALTER TABLE material_audit_v3 RENAME TO material_audit;
CREATE INDEX material_audit_change ON material_audit (change_id);
