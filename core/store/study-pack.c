/* SPDX-License-Identifier: GPL-3.0-or-later */
/* study-pack.c: a rater's pack of a blind realism study (see study-pack.h). */
#define G_LOG_DOMAIN "shadelab-study"

#include "config.h"

#include "core/store/study-pack.h"

#include <errno.h>
#include <string.h>
#include <glib/gstdio.h>

#include "core/models/study-stats.h"
#include "core/store/project-schema-check.h"
#include "core/store/project-study.h"
#include "core/store/store-private.h"

/* "SHSP" */
#define PACK_APPLICATION_ID 0x53485350
#define PACK_FORMAT 1

/* Nothing here may name a method or the key: the test scans whole packs for those words. */
static const char pack_schema_sql[] =
  "CREATE TABLE pack ("
  "  id INTEGER PRIMARY KEY CHECK (id = 1),"
  "  format INTEGER NOT NULL,"
  "  study_uid TEXT NOT NULL,"
  "  study_name TEXT NOT NULL,"
  "  rater TEXT NOT NULL,"
  "  made_at TEXT NOT NULL,"
  "  tag TEXT NOT NULL"
  ") STRICT;"
  "CREATE TABLE trials ("
  "  position INTEGER PRIMARY KEY,"
  "  token TEXT NOT NULL UNIQUE,"
  "  reference_png BLOB NOT NULL,"
  "  elapsed_ms INTEGER NOT NULL DEFAULT 0"
  ") STRICT;"
  "CREATE TABLE candidates ("
  "  token TEXT PRIMARY KEY,"
  "  position INTEGER NOT NULL REFERENCES trials (position),"
  "  letter TEXT NOT NULL CHECK (letter IN ('A', 'B', 'C', 'D')),"
  "  png BLOB NOT NULL,"
  "  UNIQUE (position, letter)"
  ") STRICT;"
  "CREATE TABLE scores ("
  "  token TEXT PRIMARY KEY REFERENCES candidates (token),"
  "  score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 10),"
  "  scored_at TEXT NOT NULL"
  ") STRICT;";

static gboolean
pack_fail (GError **error, int code, const char *format, ...) G_GNUC_PRINTF (3, 4);

static gboolean
pack_fail (GError **error, int code, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  g_set_error_literal (error, SH_PROJECT_ERROR, code, "");
  if (error != NULL && *error != NULL)
    {
      g_free ((*error)->message);
      (*error)->message = g_strdup_vprintf (format, args);
    }
  va_end (args);
  return FALSE;
}

static gboolean
db_fail (sqlite3 *db, const char *path, const char *doing, GError **error)
{
  int rc = sqlite3_errcode (db) & 0xff;
  int code = rc == SQLITE_FULL ? SH_PROJECT_ERROR_FULL
             : rc == SQLITE_READONLY || rc == SQLITE_CANTOPEN ? SH_PROJECT_ERROR_READ_ONLY
             : rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB ? SH_PROJECT_ERROR_NOT_PROJECT
             : rc == SQLITE_BUSY || rc == SQLITE_LOCKED ? SH_PROJECT_ERROR_IN_USE
                                                         : SH_PROJECT_ERROR_FAILED;
  return pack_fail (error, code, "%s '%s': %s", doing, path, sqlite3_errmsg (db));
}

static gboolean
db_exec (sqlite3 *db, const char *path, const char *sql, const char *doing, GError **error)
{
  if (sqlite3_exec (db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return db_fail (db, path, doing, error);
  return TRUE;
}

/* ---- tokens and the tag ---- */

static char *
hmac_hex (GBytes *secret, const char *text)
{
  gsize len = 0;
  const guchar *key = g_bytes_get_data (secret, &len);

  return g_compute_hmac_for_string (G_CHECKSUM_SHA256, key, len, text, -1);
}

/* A row's opaque name in a rater's pack: 32 hex digits of HMAC-SHA256 (study secret, kind, rater, row id). */
static char *
row_token (GBytes *secret, const char *kind, const char *rater, gint64 id)
{
  g_autofree char *text = g_strdup_printf ("%s\n%s\n%" G_GINT64_FORMAT, kind, rater, id);
  char *hex = hmac_hex (secret, text);

  hex[32] = '\0';
  return hex;
}

static char *
bytes_sha256 (GBytes *bytes)
{
  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
}

/* What the tag covers, in a fixed order: everything but the scores and the time spent. */
typedef struct {
  GString *text;         /* the header, then the trials */
  GString *candidates;   /* the candidates, after all the trials */
} TagBuilder;

static void
tag_begin (TagBuilder *tag, const char *uid, const char *name, const char *rater)
{
  tag->text = g_string_new ("shadelab-study-pack 1\n");
  tag->candidates = g_string_new (NULL);
  g_string_append_printf (tag->text, "%s\n%s\n%s\n", uid, name, rater);
}

static void
tag_add_trial (TagBuilder *tag, guint position, const char *token, const char *reference_sha256)
{
  g_string_append_printf (tag->text, "T %u %s %s\n", position, token, reference_sha256);
}

static void
tag_add_candidate (TagBuilder *tag, guint position, const char *token, char letter, const char *png_sha256)
{
  g_string_append_printf (tag->candidates, "C %u %s %c %s\n", position, token, letter, png_sha256);
}

static void
tag_free (TagBuilder *tag)
{
  g_string_free (tag->text, TRUE);
  g_string_free (tag->candidates, TRUE);
}

static char *
tag_end (TagBuilder *tag, GBytes *secret)
{
  char *hex;

  g_string_append (tag->text, tag->candidates->str);
  hex = hmac_hex (secret, tag->text->str);
  tag_free (tag);
  return hex;
}

/* ---- writing ---- */

static sqlite3 *
open_db (const char *path, int flags, GError **error)
{
  sqlite3 *db = NULL;

  if (sqlite3_open_v2 (path, &db, flags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    {
      if (db != NULL)
        db_fail (db, path, "opening", error);
      else
        pack_fail (error, SH_PROJECT_ERROR_FAILED, "opening '%s': out of memory", path);
      sqlite3_close (db);
      return NULL;
    }
  if (!sh_project_harden_connection (db))
    {
      pack_fail (error, SH_PROJECT_ERROR_FAILED, "opening '%s': cannot make the connection safe", path);
      sqlite3_close (db);
      return NULL;
    }
  return db;
}

static gboolean
insert_blob_row (sqlite3_stmt *stmt)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return rc == SQLITE_DONE;
}

void
sh_study_rater_layout (guint n_trials, const guint *n_candidates, guint32 seed, guint *order, guint *letters)
{
  ShStudyRng rng;

  /* The trials shuffled, then each trial's candidates shuffled into letters, in the rater's order. */
  for (guint i = 0; i < n_trials; i++)
    order[i] = i;
  sh_study_rng_init (&rng, seed);
  sh_study_rng_shuffle (&rng, order, n_trials);
  for (guint p = 0; p < n_trials; p++)
    {
      guint n = MIN (n_candidates[order[p]], SH_STUDY_PACK_MAX_CANDIDATES);
      guint *row = letters + (gsize) p * SH_STUDY_PACK_MAX_CANDIDATES;

      for (guint c = 0; c < n; c++)
        row[c] = c;
      sh_study_rng_shuffle (&rng, row, n);
    }
}

gboolean
sh_study_write_pack (ShProject *project, const char *study_name, const char *rater, guint32 seed,
                     const char *out_path, guint *n_trials, guint32 *used_seed, GError **error)
{
  g_autoptr (ShStudyInfo) study = NULL;
  g_autoptr (GPtrArray) trials = NULL;
  g_autofree char *part = NULL;
  g_autofree char *now = sh_project_now ();
  g_autofree guint *order = NULL;
  g_autofree guint *layout = NULL;
  g_autofree guint *counts = NULL;
  g_autofree char *tag_hex = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *trial_stmt = NULL, *candidate_stmt = NULL, *meta_stmt = NULL;
  TagBuilder tag;
  gint64 rater_id;
  guint32 recorded;
  gboolean added, ok = FALSE;

  if (!(study = sh_project_get_study (project, study_name, NULL, error))
      || !sh_project_add_study_rater (project, study->id, rater, seed, &rater_id, &recorded, &added, error)
      || !(trials = sh_project_list_study_trials (project, study->id, TRUE, error)))
    return FALSE;

  /* A fresh file beside the destination, renamed into place once complete. */
  part = g_strconcat (out_path, ".part", NULL);
  if (g_unlink (part) != 0 && errno != ENOENT)
    return pack_fail (error, SH_PROJECT_ERROR_FAILED, "'%s': %s", part, g_strerror (errno));
  if (!(db = open_db (part, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, error)))
    return FALSE;
  if (!db_exec (db, part,
                "PRAGMA secure_delete = ON; PRAGMA journal_mode = DELETE; PRAGMA synchronous = FULL; "
                "PRAGMA foreign_keys = ON; PRAGMA application_id = 1397248848; PRAGMA user_version = 1",
                "writing", error)
      || !db_exec (db, part, "BEGIN", "writing", error) || !db_exec (db, part, pack_schema_sql, "writing", error))
    goto done;
  G_STATIC_ASSERT (PACK_APPLICATION_ID == 1397248848);

  if (sqlite3_prepare_v2 (db, "INSERT INTO trials (position, token, reference_png) VALUES (?1, ?2, ?3)", -1,
                          &trial_stmt, NULL) != SQLITE_OK
      || sqlite3_prepare_v2 (db, "INSERT INTO candidates (token, position, letter, png) VALUES (?1, ?2, ?3, ?4)", -1,
                             &candidate_stmt, NULL) != SQLITE_OK
      || sqlite3_prepare_v2 (db, "INSERT INTO pack (id, format, study_uid, study_name, rater, made_at, tag) "
                             "VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6)", -1, &meta_stmt, NULL) != SQLITE_OK)
    {
      db_fail (db, part, "writing", error);
      goto done;
    }

  /* The rater's order: the trials shuffled, then each trial's candidates shuffled into letters. */
  order = g_new (guint, MAX (trials->len, 1));
  counts = g_new (guint, MAX (trials->len, 1));
  layout = g_new0 (guint, (gsize) MAX (trials->len, 1) * SH_STUDY_PACK_MAX_CANDIDATES);
  for (guint i = 0; i < trials->len; i++)
    counts[i] = ((ShStudyTrialRow *) g_ptr_array_index (trials, i))->candidate_ids->len;
  sh_study_rater_layout (trials->len, counts, recorded, order, layout);
  tag_begin (&tag, study->uid, study->name, rater);
  for (guint p = 0; p < trials->len; p++)
    {
      ShStudyTrialRow *row = g_ptr_array_index (trials, order[p]);
      g_autofree char *token = row_token (study->secret, "trial", rater, row->id);
      g_autofree char *sha = bytes_sha256 (row->reference_png);
      const guint *letters = layout + (gsize) p * SH_STUDY_PACK_MAX_CANDIDATES;
      guint n = row->candidate_ids->len;
      gsize size;
      const void *data;

      if (n > SH_STUDY_PACK_MAX_CANDIDATES)
        {
          pack_fail (error, SH_PROJECT_ERROR_INVALID, "a trial has %u candidates: a pack holds at most %d", n,
                     SH_STUDY_PACK_MAX_CANDIDATES);
          tag_free (&tag);
          goto done;
        }
      data = g_bytes_get_data (row->reference_png, &size);
      sqlite3_bind_int (trial_stmt, 1, (int) p + 1);
      sqlite3_bind_text (trial_stmt, 2, token, -1, SQLITE_STATIC);
      sqlite3_bind_blob64 (trial_stmt, 3, data, size, SQLITE_STATIC);
      if (!insert_blob_row (trial_stmt))
        {
          db_fail (db, part, "writing", error);
          tag_free (&tag);
          goto done;
        }
      tag_add_trial (&tag, p + 1, token, sha);
      /* letters[k] is the candidate shown as letter k. */
      for (guint k = 0; k < n; k++)
        {
          gint64 candidate_id = g_array_index (row->candidate_ids, gint64, letters[k]);
          GBytes *png = g_ptr_array_index (row->candidate_pngs, letters[k]);
          g_autofree char *candidate_token = row_token (study->secret, "candidate", rater, candidate_id);
          g_autofree char *png_sha = bytes_sha256 (png);
          char letter[2] = { (char) ('A' + k), '\0' };

          data = g_bytes_get_data (png, &size);
          sqlite3_bind_text (candidate_stmt, 1, candidate_token, -1, SQLITE_STATIC);
          sqlite3_bind_int (candidate_stmt, 2, (int) p + 1);
          sqlite3_bind_text (candidate_stmt, 3, letter, -1, SQLITE_STATIC);
          sqlite3_bind_blob64 (candidate_stmt, 4, data, size, SQLITE_STATIC);
          if (!insert_blob_row (candidate_stmt))
            {
              db_fail (db, part, "writing", error);
              tag_free (&tag);
              goto done;
            }
          tag_add_candidate (&tag, p + 1, candidate_token, letter[0], png_sha);
        }
    }
  tag_hex = tag_end (&tag, study->secret);
  sqlite3_bind_int (meta_stmt, 1, PACK_FORMAT);
  sqlite3_bind_text (meta_stmt, 2, study->uid, -1, SQLITE_STATIC);
  sqlite3_bind_text (meta_stmt, 3, study->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (meta_stmt, 4, rater, -1, SQLITE_STATIC);
  sqlite3_bind_text (meta_stmt, 5, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (meta_stmt, 6, tag_hex, -1, SQLITE_STATIC);
  if (!insert_blob_row (meta_stmt))
    {
      db_fail (db, part, "writing", error);
      goto done;
    }
  if (!db_exec (db, part, "COMMIT", "writing", error))
    goto done;
  ok = TRUE;

done:
  sqlite3_finalize (trial_stmt);
  sqlite3_finalize (candidate_stmt);
  sqlite3_finalize (meta_stmt);
  if (db != NULL && sqlite3_close (db) != SQLITE_OK && ok)
    ok = pack_fail (error, SH_PROJECT_ERROR_FAILED, "closing '%s'", part);
  if (ok && g_rename (part, out_path) != 0)
    ok = pack_fail (error, SH_PROJECT_ERROR_FAILED, "'%s': %s", out_path, g_strerror (errno));
  if (!ok)
    g_unlink (part);
  if (ok && n_trials)
    *n_trials = trials->len;
  if (ok && used_seed)
    *used_seed = recorded;
  return ok;
}

/* ---- opening ---- */

struct _ShStudyPack {
  sqlite3 *db;
  char *path;
  char *study_uid;
  char *study_name;
  char *rater;
  char *tag;
  guint n_trials;
};

void
sh_study_pack_close (ShStudyPack *pack)
{
  if (pack == NULL)
    return;
  sqlite3_close (pack->db);
  g_free (pack->path);
  g_free (pack->study_uid);
  g_free (pack->study_name);
  g_free (pack->rater);
  g_free (pack->tag);
  g_free (pack);
}

static gboolean
check_pack_schema (ShStudyPack *pack, GError **error)
{
  sqlite3 *reference = NULL;
  gboolean ok;

  if (sqlite3_open_v2 (":memory:", &reference, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK
      || sqlite3_exec (reference, pack_schema_sql, NULL, NULL, NULL) != SQLITE_OK)
    {
      sqlite3_close (reference);
      return pack_fail (error, SH_PROJECT_ERROR_FAILED, "building the expected pack schema");
    }
  ok = sh_store_check_schema_like (pack->db, reference, pack->path, error);
  sqlite3_close (reference);
  return ok;
}

static int
pack_int (sqlite3 *db, const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  int value = -1;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

ShStudyPack *
sh_study_pack_open (const char *path, gboolean writable, GError **error)
{
  g_autoptr (ShStudyPack) pack = g_new0 (ShStudyPack, 1);
  sqlite3_stmt *stmt = NULL;
  int rc;

  pack->path = g_strdup (path);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      pack_fail (error, SH_PROJECT_ERROR_NOT_FOUND, "'%s': no such study pack", path);
      return NULL;
    }
  if (!(pack->db = open_db (path, writable ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY, error)))
    return NULL;
  if (pack_int (pack->db, "PRAGMA application_id") != PACK_APPLICATION_ID)
    {
      pack_fail (error, SH_PROJECT_ERROR_NOT_PROJECT, "'%s' is not a Shadelab study pack", path);
      return NULL;
    }
  if (pack_int (pack->db, "PRAGMA user_version") != PACK_FORMAT)
    {
      pack_fail (error, SH_PROJECT_ERROR_VERSION, "'%s' is a study pack of another Shadelab version", path);
      return NULL;
    }
  if (!check_pack_schema (pack, error))
    return NULL;
  if (writable
      && !db_exec (pack->db, path, "PRAGMA journal_mode = DELETE; PRAGMA synchronous = FULL; "
                   "PRAGMA secure_delete = ON; PRAGMA foreign_keys = ON", "opening", error))
    return NULL;
  rc = sqlite3_prepare_v2 (pack->db, "SELECT study_uid, study_name, rater, tag, "
                           "(SELECT count(*) FROM trials) FROM pack WHERE id = 1 AND format = 1", -1, &stmt, NULL);
  if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      pack->study_uid = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      pack->study_name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      pack->rater = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      pack->tag = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      pack->n_trials = (guint) sqlite3_column_int (stmt, 4);
    }
  sqlite3_finalize (stmt);
  if (pack->study_uid == NULL)
    {
      if (rc == SQLITE_ROW || rc == SQLITE_DONE)
        pack_fail (error, SH_PROJECT_ERROR_NOT_PROJECT, "'%s' is a damaged study pack: it does not say its study", path);
      else
        db_fail (pack->db, path, "reading", error);
      return NULL;
    }
  return g_steal_pointer (&pack);
}

const char *
sh_study_pack_get_study_name (ShStudyPack *pack)
{
  return pack->study_name;
}

const char *
sh_study_pack_get_rater (ShStudyPack *pack)
{
  return pack->rater;
}

guint
sh_study_pack_get_n_trials (ShStudyPack *pack)
{
  return pack->n_trials;
}

void
sh_study_pack_trial_free (ShStudyPackTrial *trial)
{
  if (trial == NULL)
    return;
  g_clear_pointer (&trial->reference, g_bytes_unref);
  for (guint i = 0; i < SH_STUDY_PACK_MAX_CANDIDATES; i++)
    g_clear_pointer (&trial->candidates[i], g_bytes_unref);
  g_free (trial);
}

ShStudyPackTrial *
sh_study_pack_get_trial (ShStudyPack *pack, guint position, GError **error)
{
  g_autoptr (ShStudyPackTrial) trial = g_new0 (ShStudyPackTrial, 1);
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (pack->db, "SELECT reference_png, elapsed_ms FROM trials WHERE position = ?1", -1, &stmt,
                           NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int (stmt, 1, (int) position);
      rc = sqlite3_step (stmt);
    }
  if (rc == SQLITE_ROW)
    {
      trial->position = position;
      trial->reference = g_bytes_new (sqlite3_column_blob (stmt, 0), (gsize) sqlite3_column_bytes (stmt, 0));
      trial->elapsed_ms = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_finalize (stmt);
  if (rc == SQLITE_DONE)
    {
      pack_fail (error, SH_PROJECT_ERROR_INVALID, "the pack has no trial %u (it has %u)", position, pack->n_trials);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      db_fail (pack->db, pack->path, "reading", error);
      return NULL;
    }
  rc = sqlite3_prepare_v2 (pack->db,
                           "SELECT c.letter, c.png, coalesce (s.score, 0) FROM candidates c "
                           "LEFT JOIN scores s ON s.token = c.token WHERE c.position = ?1 ORDER BY c.letter",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int (stmt, 1, (int) position);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW && trial->n_candidates < SH_STUDY_PACK_MAX_CANDIDATES)
        {
          guint i = trial->n_candidates++;

          trial->letters[i] = ((const char *) sqlite3_column_text (stmt, 0))[0];
          trial->candidates[i] = g_bytes_new (sqlite3_column_blob (stmt, 1), (gsize) sqlite3_column_bytes (stmt, 1));
          trial->scores[i] = sqlite3_column_int (stmt, 2);
        }
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      db_fail (pack->db, pack->path, "reading", error);
      return NULL;
    }
  return g_steal_pointer (&trial);
}

gboolean
sh_study_pack_set_score (ShStudyPack *pack, guint position, char letter, int score, GError **error)
{
  g_autofree char *now = sh_project_now ();
  char text[2] = { letter, '\0' };
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (score < 1 || score > 10)
    return pack_fail (error, SH_PROJECT_ERROR_INVALID, "a score must be 1 to 10 (got %d)", score);
  /* One statement is one transaction: the score is on disk when it returns. */
  rc = sqlite3_prepare_v2 (pack->db,
                           "INSERT INTO scores (token, score, scored_at) SELECT token, ?3, ?4 FROM candidates "
                           "WHERE position = ?1 AND letter = ?2 ON CONFLICT (token) DO UPDATE SET "
                           "score = excluded.score, scored_at = excluded.scored_at",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int (stmt, 1, (int) position);
      sqlite3_bind_text (stmt, 2, text, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 3, score);
      sqlite3_bind_text (stmt, 4, now, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return db_fail (pack->db, pack->path, "scoring in", error);
  if (sqlite3_changes (pack->db) == 0)
    return pack_fail (error, SH_PROJECT_ERROR_INVALID, "trial %u has no candidate %c", position, letter);
  return TRUE;
}

gboolean
sh_study_pack_add_time (ShStudyPack *pack, guint position, gint64 ms, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (pack->db, "UPDATE trials SET elapsed_ms = elapsed_ms + ?2 WHERE position = ?1", -1,
                           &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int (stmt, 1, (int) position);
      sqlite3_bind_int64 (stmt, 2, MAX (ms, 0));
      rc = sqlite3_step (stmt);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return db_fail (pack->db, pack->path, "recording time in", error);
  return TRUE;
}

gboolean
sh_study_pack_progress (ShStudyPack *pack, guint *n_finished, guint *first_unfinished, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  guint finished = 0, first = pack->n_trials + 1;
  int rc;

  rc = sqlite3_prepare_v2 (pack->db,
                           "SELECT t.position, (SELECT count(*) FROM candidates c WHERE c.position = t.position), "
                           "(SELECT count(*) FROM candidates c JOIN scores s ON s.token = c.token "
                           "WHERE c.position = t.position) FROM trials t ORDER BY t.position",
                           -1, &stmt, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      rc = SQLITE_OK;
      if (sqlite3_column_int (stmt, 1) == sqlite3_column_int (stmt, 2))
        finished++;
      else if (first > pack->n_trials)
        first = (guint) sqlite3_column_int (stmt, 0);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return db_fail (pack->db, pack->path, "reading", error);
  if (n_finished)
    *n_finished = finished;
  if (first_unfinished)
    *first_unfinished = first;
  return TRUE;
}

/* ---- merging ---- */

void
sh_study_merge_result_clear (ShStudyMergeResult *result)
{
  g_clear_pointer (&result->study_name, g_free);
  g_clear_pointer (&result->rater, g_free);
}

gboolean
sh_study_merge_pack (ShProject *project, const char *pack_path, ShStudyMergeResult *result, GError **error)
{
  g_autoptr (ShStudyPack) pack = NULL;
  g_autoptr (ShStudyInfo) study = NULL;
  g_autoptr (GPtrArray) trials = NULL;
  g_autoptr (GHashTable) trial_tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GHashTable) candidate_tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (GArray) scores = g_array_new (FALSE, TRUE, sizeof (ShStudyScoreIn));
  g_autoptr (GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *tag_hex = NULL;
  g_autoptr (GError) local = NULL;
  sqlite3_stmt *stmt = NULL;
  TagBuilder tag;
  gint64 rater_id;
  guint n_candidates = 0;
  int rc;

  memset (result, 0, sizeof *result);
  if (!(pack = sh_study_pack_open (pack_path, FALSE, error)))
    return FALSE;
  study = sh_project_get_study (project, NULL, pack->study_uid, &local);
  if (study == NULL)
    {
      if (!g_error_matches (local, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      return pack_fail (error, SH_PROJECT_ERROR_UNTRUSTED,
                        "'%s' is a pack of study '%s' (%s), which is not in this project: refused", pack_path,
                        pack->study_name, pack->study_uid);
    }
  if (!sh_project_find_study_rater (project, study->id, pack->rater, &rater_id, NULL, &local))
    {
      if (!g_error_matches (local, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      return pack_fail (error, SH_PROJECT_ERROR_UNTRUSTED,
                        "'%s' names rater '%s', who was never given a pack of study '%s': refused", pack_path,
                        pack->rater, study->name);
    }
  if (!(trials = sh_project_list_study_trials (project, study->id, FALSE, error)))
    return FALSE;
  for (guint t = 0; t < trials->len; t++)
    {
      ShStudyTrialRow *row = g_ptr_array_index (trials, t);

      g_hash_table_insert (trial_tokens, row_token (study->secret, "trial", pack->rater, row->id), row);
      for (guint c = 0; c < row->candidate_ids->len; c++)
        {
          gint64 id = g_array_index (row->candidate_ids, gint64, c);
          g_hash_table_insert (candidate_tokens, row_token (study->secret, "candidate", pack->rater, id),
                               g_memdup2 (&id, sizeof id));
        }
    }

  /* The tag over what the pack holds, recomputed under the study's secret. */
  tag_begin (&tag, study->uid, pack->study_name, pack->rater);
  rc = sqlite3_prepare_v2 (pack->db, "SELECT position, token, reference_png FROM trials ORDER BY position", -1,
                           &stmt, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr (GBytes) png = g_bytes_new (sqlite3_column_blob (stmt, 2), (gsize) sqlite3_column_bytes (stmt, 2));
      g_autofree char *sha = bytes_sha256 (png);
      const char *token = (const char *) sqlite3_column_text (stmt, 1);

      tag_add_trial (&tag, (guint) sqlite3_column_int (stmt, 0), token, sha);
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  if (rc == SQLITE_DONE)
    rc = sqlite3_prepare_v2 (pack->db, "SELECT position, token, letter, png FROM candidates ORDER BY position, letter",
                             -1, &stmt, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr (GBytes) png = g_bytes_new (sqlite3_column_blob (stmt, 3), (gsize) sqlite3_column_bytes (stmt, 3));
      g_autofree char *sha = bytes_sha256 (png);

      tag_add_candidate (&tag, (guint) sqlite3_column_int (stmt, 0), (const char *) sqlite3_column_text (stmt, 1),
                         ((const char *) sqlite3_column_text (stmt, 2))[0], sha);
      n_candidates++;
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  tag_hex = tag_end (&tag, study->secret);
  if (rc != SQLITE_DONE)
    return db_fail (pack->db, pack_path, "reading", error);
  if (g_strcmp0 (tag_hex, pack->tag) != 0)
    return pack_fail (error, SH_PROJECT_ERROR_UNTRUSTED,
                      "'%s' was altered after it was made (its integrity tag does not match study '%s'): refused",
                      pack_path, study->name);

  /* The scores, by the candidates' tokens (trial time from their trial). */
  rc = sqlite3_prepare_v2 (pack->db,
                           "SELECT s.token, s.score, s.scored_at, t.elapsed_ms FROM scores s "
                           "JOIN candidates c ON c.token = s.token JOIN trials t ON t.position = c.position "
                           "ORDER BY s.token",
                           -1, &stmt, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 *id = g_hash_table_lookup (candidate_tokens, sqlite3_column_text (stmt, 0));
      ShStudyScoreIn score = { 0 };
      char *scored_at;

      if (id == NULL)
        {
          sqlite3_finalize (stmt);
          return pack_fail (error, SH_PROJECT_ERROR_UNTRUSTED,
                            "'%s' scores a candidate that is not in study '%s': refused", pack_path, study->name);
        }
      scored_at = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      g_ptr_array_add (texts, scored_at);
      score.candidate_id = *id;
      score.score = sqlite3_column_int (stmt, 1);
      score.scored_at = scored_at;
      score.trial_ms = sqlite3_column_int64 (stmt, 3) > 0 ? sqlite3_column_int64 (stmt, 3) : -1;
      g_array_append_val (scores, score);
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return db_fail (pack->db, pack_path, "reading", error);
  (void) n_candidates;

  if (!sh_project_merge_study_scores (project, study->id, rater_id, (const ShStudyScoreIn *) (void *) scores->data,
                                      scores->len, &result->added, &result->changed, error))
    return FALSE;
  result->study_name = g_strdup (study->name);
  result->rater = g_strdup (pack->rater);
  result->n_scores = scores->len;
  return TRUE;
}
