-- SPDX-License-Identifier: GPL-3.0-or-later
-- schema-study.sql: blind realism studies (schema version 5 -> 6). core/store/project.c runs it after the
-- earlier steps (a new project) or on an older file opened for writing, in the transaction that sets
-- PRAGMA user_version.
--
-- A study shows raters the photo of a participant wearing a real product beside try-on renders of the same
-- product from several sources, without saying which source made which render. What a rater may see
-- (trials, candidate images) and what would unblind them (study_key) are kept in separate tables, so that
-- a rater's pack (core/store/study-pack.c) is built from the former alone.

-- secret keys the study's opaque tokens and the integrity tag of its packs (HMAC-SHA256); uid names the
-- study in its packs. methods is the comma-separated list the study was created with. unblinded_at is set
-- once, by the logged unblind step.
CREATE TABLE studies (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE CHECK (length (name) > 0),
  uid TEXT NOT NULL UNIQUE,
  secret BLOB NOT NULL CHECK (length (secret) = 32),
  methods TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT,
  unblinded_at TEXT
) STRICT;

-- One participant wearing one product: the worn photo (the reference, PNG with the photo's ICC profile)
-- and the participant's Monk Skin Tone when the study was made. Copies, so that later edits to the
-- project do not alter a running study.
CREATE TABLE study_trials (
  id INTEGER PRIMARY KEY,
  study_id INTEGER NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
  participant_code TEXT NOT NULL,
  mst INTEGER NOT NULL CHECK (mst BETWEEN 1 AND 10),
  sku TEXT NOT NULL,
  reference_png BLOB NOT NULL,
  UNIQUE (study_id, participant_code, sku)
) STRICT;

-- A render to score, PNG with the bare photo's ICC profile. Nothing here says what made it.
CREATE TABLE study_candidates (
  id INTEGER PRIMARY KEY,
  trial_id INTEGER NOT NULL REFERENCES study_trials (id) ON DELETE CASCADE,
  png BLOB NOT NULL
) STRICT;
CREATE INDEX study_candidates_trial ON study_candidates (trial_id);

-- The key: which source made each candidate. Never copied into a pack.
CREATE TABLE study_key (
  candidate_id INTEGER PRIMARY KEY REFERENCES study_candidates (id) ON DELETE CASCADE,
  method TEXT NOT NULL CHECK (length (method) > 0)
) STRICT;

-- A rater of a study; seed orders their trials and letters (recorded so that a pack can be made again).
CREATE TABLE study_raters (
  id INTEGER PRIMARY KEY,
  study_id INTEGER NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
  code TEXT NOT NULL CHECK (length (code) > 0),
  seed INTEGER NOT NULL,
  added_at TEXT NOT NULL,
  UNIQUE (study_id, code)
) STRICT;

-- A rater's score of a candidate, 1-10, as merged from their pack; trial_ms is the time they spent on the
-- trial.
CREATE TABLE study_scores (
  rater_id INTEGER NOT NULL REFERENCES study_raters (id) ON DELETE CASCADE,
  candidate_id INTEGER NOT NULL REFERENCES study_candidates (id) ON DELETE CASCADE,
  score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 10),
  scored_at TEXT NOT NULL,
  trial_ms INTEGER,
  merged_at TEXT NOT NULL,
  PRIMARY KEY (rater_id, candidate_id)
) STRICT;

-- Every unblinding: when, by whom and why.
CREATE TABLE study_unblind_log (
  id INTEGER PRIMARY KEY,
  study_id INTEGER NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
  at TEXT NOT NULL,
  by TEXT,
  reason TEXT
) STRICT;
