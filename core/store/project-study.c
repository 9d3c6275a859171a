/* SPDX-License-Identifier: GPL-3.0-or-later */
/* project-study.c: blind realism studies in the project (see project-study.h). */
#define G_LOG_DOMAIN "shadelab-project"

#include "config.h"

#include "core/store/project-study.h"

#include <string.h>
#include <sys/random.h>

#include "core/models/study-stats.h"
#include "core/store/store-private.h"

/* ---- making a study ---- */

ShStudyNewTrial *
sh_study_new_trial_new (const char *participant_code, int mst, const char *sku, GBytes *reference_png)
{
  ShStudyNewTrial *trial = g_new0 (ShStudyNewTrial, 1);

  trial->participant_code = g_strdup (participant_code);
  trial->mst = mst;
  trial->sku = g_strdup (sku);
  trial->reference_png = g_bytes_ref (reference_png);
  trial->candidates = g_ptr_array_new ();
  return trial;
}

void
sh_study_new_trial_add (ShStudyNewTrial *trial, const char *method, GBytes *png)
{
  ShStudyNewCandidate *candidate = g_new0 (ShStudyNewCandidate, 1);

  candidate->method = g_strdup (method);
  candidate->png = g_bytes_ref (png);
  g_ptr_array_add (trial->candidates, candidate);
}

void
sh_study_new_trial_free (ShStudyNewTrial *trial)
{
  if (trial == NULL)
    return;
  for (guint i = 0; i < trial->candidates->len; i++)
    {
      ShStudyNewCandidate *candidate = g_ptr_array_index (trial->candidates, i);
      g_free (candidate->method);
      g_bytes_unref (candidate->png);
      g_free (candidate);
    }
  g_ptr_array_unref (trial->candidates);
  g_free (trial->participant_code);
  g_free (trial->sku);
  g_bytes_unref (trial->reference_png);
  g_free (trial);
}

static gboolean
random_bytes (void *buffer, gsize len, GError **error)
{
  guint8 *p = buffer;

  while (len > 0)
    {
      ssize_t got = getrandom (p, len, 0);
      if (got < 0)
        return sh_store_invalid (error, "cannot read random numbers from the system: %s", g_strerror (errno));
      p += got;
      len -= (gsize) got;
    }
  return TRUE;
}

static void
bind_bytes (sqlite3_stmt *stmt, int index, GBytes *bytes)
{
  gsize size = 0;
  const void *data = g_bytes_get_data (bytes, &size);

  sqlite3_bind_blob64 (stmt, index, data, size, SQLITE_STATIC);
}

static GBytes *
column_bytes (sqlite3_stmt *stmt, int column)
{
  return g_bytes_new (sqlite3_column_blob (stmt, column), (gsize) sqlite3_column_bytes (stmt, column));
}

gboolean
sh_project_create_study (ShProject *project, const char *name, const char *methods, const char *created_by,
                         GPtrArray *trials, gint64 *id, GError **error)
{
  g_autofree char *stripped = g_strstrip (g_strdup (name ? name : ""));
  g_autofree char *uid = g_uuid_string_random ();
  g_autofree char *now = sh_project_now ();
  guint8 secret[SH_STUDY_SECRET_LEN];
  guint64 order_seed;
  ShStudyRng rng;
  sqlite3_stmt *stmt;
  gint64 study_id;

  if (*stripped == '\0')
    return sh_store_invalid (error, "a study needs a name");
  if (trials == NULL || trials->len == 0)
    return sh_store_invalid (error, "study '%s' has no trials: no consenting participant has both a bare photo "
                             "with lips drawn and a worn photo of the products", stripped);
  for (guint t = 0; t < trials->len; t++)
    {
      ShStudyNewTrial *trial = g_ptr_array_index (trials, t);
      if (trial->candidates->len < 2 || trial->candidates->len > SH_STUDY_MAX_CANDIDATES)
        return sh_store_invalid (error, "study '%s': a trial needs 2 to %d candidates (got %u)", stripped,
                                 SH_STUDY_MAX_CANDIDATES, trial->candidates->len);
    }
  if (!random_bytes (secret, sizeof secret, error) || !random_bytes (&order_seed, sizeof order_seed, error))
    return FALSE;
  sh_study_rng_init (&rng, order_seed);

  if (!sh_store_change_begin (project, "making a study", error))
    return FALSE;
  stmt = sh_store_prepare (project,
                           "INSERT INTO studies (name, uid, secret, methods, created_at, created_by) "
                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                           error);
  if (stmt == NULL)
    return sh_store_change_end (project, FALSE, NULL);
  sqlite3_bind_text (stmt, 1, stripped, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, uid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_blob (stmt, 3, secret, sizeof secret, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, methods, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, now, -1, SQLITE_TRANSIENT);
  sh_store_bind_text_or_null (stmt, 6, created_by != NULL && *created_by != '\0' ? created_by : NULL);
  if (!sh_store_step_unique (project, stmt, "a study", stripped, "making a study", error))
    return sh_store_change_end (project, FALSE, NULL);
  study_id = sqlite3_last_insert_rowid (sh_store_db (project));

  for (guint t = 0; t < trials->len; t++)
    {
      ShStudyNewTrial *trial = g_ptr_array_index (trials, t);
      guint order[SH_STUDY_MAX_CANDIDATES];
      gint64 trial_id;

      stmt = sh_store_statement (project,
                                 "INSERT INTO study_trials (study_id, participant_code, mst, sku, reference_png) "
                                 "VALUES (?1, ?2, ?3, ?4, ?5)",
                                 error);
      if (stmt == NULL)
        return sh_store_change_end (project, FALSE, NULL);
      sqlite3_bind_int64 (stmt, 1, study_id);
      sqlite3_bind_text (stmt, 2, trial->participant_code, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 3, trial->mst);
      sqlite3_bind_text (stmt, 4, trial->sku, -1, SQLITE_STATIC);
      bind_bytes (stmt, 5, trial->reference_png);
      if (!sh_store_run (project, stmt, error, "adding a study's trial"))
        return sh_store_change_end (project, FALSE, NULL);
      trial_id = sqlite3_last_insert_rowid (sh_store_db (project));

      /* In a random order: a candidate's row id must not tell its method. */
      for (guint c = 0; c < trial->candidates->len; c++)
        order[c] = c;
      sh_study_rng_shuffle (&rng, order, trial->candidates->len);
      for (guint c = 0; c < trial->candidates->len; c++)
        {
          ShStudyNewCandidate *candidate = g_ptr_array_index (trial->candidates, order[c]);
          gint64 candidate_id;

          stmt = sh_store_statement (project, "INSERT INTO study_candidates (trial_id, png) VALUES (?1, ?2)", error);
          if (stmt == NULL)
            return sh_store_change_end (project, FALSE, NULL);
          sqlite3_bind_int64 (stmt, 1, trial_id);
          bind_bytes (stmt, 2, candidate->png);
          if (!sh_store_run (project, stmt, error, "adding a study's candidate"))
            return sh_store_change_end (project, FALSE, NULL);
          candidate_id = sqlite3_last_insert_rowid (sh_store_db (project));
          stmt = sh_store_statement (project, "INSERT INTO study_key (candidate_id, method) VALUES (?1, ?2)", error);
          if (stmt == NULL)
            return sh_store_change_end (project, FALSE, NULL);
          sqlite3_bind_int64 (stmt, 1, candidate_id);
          sqlite3_bind_text (stmt, 2, candidate->method, -1, SQLITE_STATIC);
          if (!sh_store_run (project, stmt, error, "adding a study's key"))
            return sh_store_change_end (project, FALSE, NULL);
        }
    }
  if (id != NULL)
    *id = study_id;
  return sh_store_change_end (project, TRUE, error);
}

/* ---- reading ---- */

void
sh_study_info_free (ShStudyInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->name);
  g_free (info->uid);
  g_clear_pointer (&info->secret, g_bytes_unref);
  g_free (info->methods);
  g_free (info->created_at);
  g_free (info->unblinded_at);
  g_free (info);
}

/* Every study list is one statement read row by row into an array; study_id, when not 0, is bound to ?1. */
typedef gpointer (*StudyRowReader) (sqlite3_stmt *stmt);

static GPtrArray *
list_rows (ShProject *project, const char *sql, gint64 study_id, GDestroyNotify free_row, StudyRowReader read_row,
           const char *doing, GError **error)
{
  sqlite3_stmt *stmt = sh_store_statement (project, sql, error);
  GPtrArray *rows;
  int rc;

  if (stmt == NULL)
    return NULL;
  if (study_id != 0)
    sqlite3_bind_int64 (stmt, 1, study_id);
  rows = g_ptr_array_new_with_free_func (free_row);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, read_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      g_ptr_array_unref (rows);
      sh_project_set_error (project, error, doing);
      return NULL;
    }
  return rows;
}

static const char study_sql[] =
  "SELECT s.id, s.name, s.uid, s.secret, s.methods, s.created_at, s.unblinded_at, "
  "(SELECT count(*) FROM study_trials t WHERE t.study_id = s.id), "
  "(SELECT count(*) FROM study_raters r WHERE r.study_id = s.id), "
  "(SELECT count(*) FROM study_scores x JOIN study_raters r ON r.id = x.rater_id WHERE r.study_id = s.id) "
  "FROM studies s WHERE (?1 IS NULL OR s.name = ?1) AND (?2 IS NULL OR s.uid = ?2) ORDER BY s.name";

static ShStudyInfo *
study_from_row (sqlite3_stmt *stmt)
{
  ShStudyInfo *info = g_new0 (ShStudyInfo, 1);

  info->id = sqlite3_column_int64 (stmt, 0);
  info->name = sh_store_dup_column (stmt, 1);
  info->uid = sh_store_dup_column (stmt, 2);
  info->secret = column_bytes (stmt, 3);
  info->methods = sh_store_dup_column (stmt, 4);
  info->created_at = sh_store_dup_column (stmt, 5);
  info->unblinded_at = sh_store_dup_column (stmt, 6);
  info->n_trials = (guint) sqlite3_column_int (stmt, 7);
  info->n_raters = (guint) sqlite3_column_int (stmt, 8);
  info->n_scores = (guint) sqlite3_column_int (stmt, 9);
  return info;
}

ShStudyInfo *
sh_project_get_study (ShProject *project, const char *name, const char *uid, GError **error)
{
  sqlite3_stmt *stmt = sh_store_statement (project, study_sql, error);
  ShStudyInfo *info;
  gboolean found;

  if (stmt == NULL)
    return NULL;
  sh_store_bind_text_or_null (stmt, 1, name);
  sh_store_bind_text_or_null (stmt, 2, name == NULL ? uid : NULL);
  if (!sh_store_step_row (project, stmt, &found, error, "reading a study"))
    return NULL;
  if (!found)
    {
      if (name != NULL)
        sh_store_invalid (error, "the project has no study '%s'", name);
      else
        sh_store_invalid (error, "the project has no study %s", uid);
      return NULL;
    }
  info = study_from_row (stmt);
  sqlite3_reset (stmt);
  return info;
}

GPtrArray *
sh_project_list_studies (ShProject *project, GError **error)
{
  return list_rows (project, study_sql, 0, (GDestroyNotify) sh_study_info_free, (StudyRowReader) study_from_row,
                    "listing the studies", error);
}

void
sh_study_trial_row_free (ShStudyTrialRow *row)
{
  if (row == NULL)
    return;
  g_free (row->participant_code);
  g_free (row->sku);
  g_clear_pointer (&row->reference_png, g_bytes_unref);
  g_array_unref (row->candidate_ids);
  g_ptr_array_unref (row->candidate_pngs);
  g_free (row);
}

GPtrArray *
sh_project_list_study_trials (ShProject *project, gint64 study_id, gboolean with_images, GError **error)
{
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) sh_study_trial_row_free);
  g_autoptr (GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  sqlite3_stmt *stmt;
  gboolean own;
  int rc;

  if (!sh_store_read_begin (project, &own, error))
    return NULL;
  stmt = sh_store_statement (project,
                             "SELECT id, participant_code, mst, sku, CASE WHEN ?2 THEN reference_png END "
                             "FROM study_trials WHERE study_id = ?1 ORDER BY id",
                             error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, study_id);
  sqlite3_bind_int (stmt, 2, with_images ? 1 : 0);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ShStudyTrialRow *row = g_new0 (ShStudyTrialRow, 1);

      row->id = sqlite3_column_int64 (stmt, 0);
      row->participant_code = sh_store_dup_column (stmt, 1);
      row->mst = sqlite3_column_int (stmt, 2);
      row->sku = sh_store_dup_column (stmt, 3);
      if (with_images)
        row->reference_png = column_bytes (stmt, 4);
      row->candidate_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      row->candidate_pngs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
      g_ptr_array_add (rows, row);
      g_hash_table_insert (by_id, &row->id, row);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      sh_project_set_error (project, error, "reading a study's trials");
      goto failed;
    }
  stmt = sh_store_statement (project,
                             "SELECT c.trial_id, c.id, CASE WHEN ?2 THEN c.png END FROM study_candidates c "
                             "JOIN study_trials t ON t.id = c.trial_id WHERE t.study_id = ?1 ORDER BY c.id",
                             error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, study_id);
  sqlite3_bind_int (stmt, 2, with_images ? 1 : 0);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 trial_id = sqlite3_column_int64 (stmt, 0);
      gint64 candidate_id = sqlite3_column_int64 (stmt, 1);
      ShStudyTrialRow *row = g_hash_table_lookup (by_id, &trial_id);

      if (row == NULL)
        continue;
      g_array_append_val (row->candidate_ids, candidate_id);
      if (with_images)
        g_ptr_array_add (row->candidate_pngs, column_bytes (stmt, 2));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      sh_project_set_error (project, error, "reading a study's candidates");
      goto failed;
    }
  if (!sh_store_read_end (project, own, error))
    return NULL;
  return g_steal_pointer (&rows);

failed:
  sh_store_read_end (project, own, NULL);
  return NULL;
}

/* ---- raters and scores ---- */

gboolean
sh_project_find_study_rater (ShProject *project, gint64 study_id, const char *code, gint64 *rater_id,
                             guint32 *seed, GError **error)
{
  sqlite3_stmt *stmt = sh_store_statement (project,
                                           "SELECT id, seed FROM study_raters WHERE study_id = ?1 AND code = ?2",
                                           error);
  gboolean found;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, study_id);
  sqlite3_bind_text (stmt, 2, code, -1, SQLITE_TRANSIENT);
  if (!sh_store_step_row (project, stmt, &found, error, "reading a study's rater"))
    return FALSE;
  if (!found)
    return sh_store_invalid (error, "the study has no rater '%s'", code);
  if (rater_id)
    *rater_id = sqlite3_column_int64 (stmt, 0);
  if (seed)
    *seed = (guint32) sqlite3_column_int64 (stmt, 1);
  sqlite3_reset (stmt);
  return TRUE;
}

gboolean
sh_project_add_study_rater (ShProject *project, gint64 study_id, const char *code, guint32 seed, gint64 *rater_id,
                            guint32 *recorded_seed, gboolean *added, GError **error)
{
  g_autofree char *stripped = g_strstrip (g_strdup (code ? code : ""));
  g_autofree char *now = sh_project_now ();
  g_autoptr (GError) missing = NULL;
  sqlite3_stmt *stmt;

  if (*stripped == '\0')
    return sh_store_invalid (error, "a rater needs a code");
  *added = FALSE;
  if (sh_project_find_study_rater (project, study_id, stripped, rater_id, recorded_seed, &missing))
    return TRUE;
  if (!g_error_matches (missing, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID))
    {
      g_propagate_error (error, g_steal_pointer (&missing));
      return FALSE;
    }
  if (!sh_store_change_begin (project, "adding a rater", error))
    return FALSE;
  stmt = sh_store_prepare (project,
                           "INSERT INTO study_raters (study_id, code, seed, added_at) VALUES (?1, ?2, ?3, ?4)", error);
  if (stmt == NULL)
    return sh_store_change_end (project, FALSE, NULL);
  sqlite3_bind_int64 (stmt, 1, study_id);
  sqlite3_bind_text (stmt, 2, stripped, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, seed);
  sqlite3_bind_text (stmt, 4, now, -1, SQLITE_TRANSIENT);
  if (!sh_store_step_unique (project, stmt, "a rater", stripped, "adding a rater", error))
    return sh_store_change_end (project, FALSE, NULL);
  if (rater_id)
    *rater_id = sqlite3_last_insert_rowid (sh_store_db (project));
  if (recorded_seed)
    *recorded_seed = seed;
  *added = TRUE;
  return sh_store_change_end (project, TRUE, error);
}

void
sh_study_rater_row_free (ShStudyRaterRow *row)
{
  if (row == NULL)
    return;
  g_free (row->code);
  g_free (row);
}

static ShStudyRaterRow *
rater_from_row (sqlite3_stmt *stmt)
{
  ShStudyRaterRow *row = g_new0 (ShStudyRaterRow, 1);

  row->id = sqlite3_column_int64 (stmt, 0);
  row->code = sh_store_dup_column (stmt, 1);
  row->seed = (guint32) sqlite3_column_int64 (stmt, 2);
  return row;
}

GPtrArray *
sh_project_list_study_raters (ShProject *project, gint64 study_id, GError **error)
{
  return list_rows (project, "SELECT id, code, seed FROM study_raters WHERE study_id = ?1 ORDER BY code", study_id,
                    (GDestroyNotify) sh_study_rater_row_free, (StudyRowReader) rater_from_row,
                    "listing a study's raters", error);
}

gboolean
sh_project_merge_study_scores (ShProject *project, gint64 study_id, gint64 rater_id, const ShStudyScoreIn *scores,
                               guint n, guint *added, guint *changed, GError **error)
{
  g_autofree char *now = sh_project_now ();
  guint n_added = 0, n_changed = 0;
  sqlite3_stmt *stmt;

  for (guint i = 0; i < n; i++)
    if (scores[i].score < 1 || scores[i].score > 10)
      return sh_store_invalid (error, "a score must be 1 to 10 (got %d)", scores[i].score);
  if (!sh_store_change_begin (project, "merging a rater's scores", error))
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      gboolean found;
      int stored = 0;

      stmt = sh_store_statement (project,
                                 "SELECT (SELECT x.score FROM study_scores x WHERE x.rater_id = ?3 "
                                 "AND x.candidate_id = c.id) FROM study_candidates c "
                                 "JOIN study_trials t ON t.id = c.trial_id WHERE c.id = ?1 AND t.study_id = ?2",
                                 error);
      if (stmt == NULL)
        return sh_store_change_end (project, FALSE, NULL);
      sqlite3_bind_int64 (stmt, 1, scores[i].candidate_id);
      sqlite3_bind_int64 (stmt, 2, study_id);
      sqlite3_bind_int64 (stmt, 3, rater_id);
      if (!sh_store_step_row (project, stmt, &found, error, "merging a rater's scores"))
        return sh_store_change_end (project, FALSE, NULL);
      if (!found)
        {
          sh_store_invalid (error, "candidate %" G_GINT64_FORMAT " is not one of the study's", scores[i].candidate_id);
          return sh_store_change_end (project, FALSE, NULL);
        }
      found = sqlite3_column_type (stmt, 0) != SQLITE_NULL;
      stored = sqlite3_column_int (stmt, 0);
      sqlite3_reset (stmt);
      if (found && stored == scores[i].score)
        continue;
      stmt = sh_store_statement (project,
                                 "INSERT INTO study_scores (rater_id, candidate_id, score, scored_at, trial_ms, "
                                 "merged_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (rater_id, candidate_id) "
                                 "DO UPDATE SET score = excluded.score, scored_at = excluded.scored_at, "
                                 "trial_ms = excluded.trial_ms, merged_at = excluded.merged_at",
                                 error);
      if (stmt == NULL)
        return sh_store_change_end (project, FALSE, NULL);
      sqlite3_bind_int64 (stmt, 1, rater_id);
      sqlite3_bind_int64 (stmt, 2, scores[i].candidate_id);
      sqlite3_bind_int (stmt, 3, scores[i].score);
      sqlite3_bind_text (stmt, 4, scores[i].scored_at, -1, SQLITE_TRANSIENT);
      if (scores[i].trial_ms >= 0)
        sqlite3_bind_int64 (stmt, 5, scores[i].trial_ms);
      else
        sqlite3_bind_null (stmt, 5);
      sqlite3_bind_text (stmt, 6, now, -1, SQLITE_TRANSIENT);
      if (!sh_store_run (project, stmt, error, "merging a rater's scores"))
        return sh_store_change_end (project, FALSE, NULL);
      if (found)
        n_changed++;
      else
        n_added++;
    }
  if (!sh_store_change_end (project, TRUE, error))
    return FALSE;
  if (added)
    *added = n_added;
  if (changed)
    *changed = n_changed;
  return TRUE;
}

void
sh_study_score_row_free (ShStudyScoreRow *row)
{
  if (row == NULL)
    return;
  g_free (row->rater);
  g_free (row);
}

static ShStudyScoreRow *
score_from_row (sqlite3_stmt *stmt)
{
  ShStudyScoreRow *row = g_new0 (ShStudyScoreRow, 1);

  row->rater_id = sqlite3_column_int64 (stmt, 0);
  row->rater = sh_store_dup_column (stmt, 1);
  row->trial_id = sqlite3_column_int64 (stmt, 2);
  row->candidate_id = sqlite3_column_int64 (stmt, 3);
  row->score = sqlite3_column_int (stmt, 4);
  row->trial_ms = sqlite3_column_type (stmt, 5) == SQLITE_NULL ? -1 : sqlite3_column_int64 (stmt, 5);
  return row;
}

GPtrArray *
sh_project_list_study_scores (ShProject *project, gint64 study_id, GError **error)
{
  return list_rows (project,
                    "SELECT r.id, r.code, c.trial_id, x.candidate_id, x.score, x.trial_ms "
                    "FROM study_scores x JOIN study_raters r ON r.id = x.rater_id "
                    "JOIN study_candidates c ON c.id = x.candidate_id "
                    "WHERE r.study_id = ?1 ORDER BY r.code, c.trial_id, c.id",
                    study_id, (GDestroyNotify) sh_study_score_row_free, (StudyRowReader) score_from_row,
                    "reading a study's scores", error);
}

/* ---- unblinding ---- */

gboolean
sh_project_unblind_study (ShProject *project, gint64 study_id, const char *by, const char *reason, GError **error)
{
  g_autofree char *now = sh_project_now ();
  sqlite3_stmt *stmt;

  if (!sh_store_change_begin (project, "unblinding a study", error))
    return FALSE;
  stmt = sh_store_prepare (project, "INSERT INTO study_unblind_log (study_id, at, by, reason) VALUES (?1, ?2, ?3, ?4)",
                           error);
  if (stmt == NULL)
    return sh_store_change_end (project, FALSE, NULL);
  sqlite3_bind_int64 (stmt, 1, study_id);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_TRANSIENT);
  sh_store_bind_text_or_null (stmt, 3, by != NULL && *by != '\0' ? by : NULL);
  sh_store_bind_text_or_null (stmt, 4, reason != NULL && *reason != '\0' ? reason : NULL);
  if (!sh_store_run_once (project, stmt, error, "unblinding a study"))
    return sh_store_change_end (project, FALSE, NULL);
  stmt = sh_store_prepare (project, "UPDATE studies SET unblinded_at = coalesce (unblinded_at, ?2) WHERE id = ?1",
                           error);
  if (stmt == NULL)
    return sh_store_change_end (project, FALSE, NULL);
  sqlite3_bind_int64 (stmt, 1, study_id);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_TRANSIENT);
  if (!sh_store_run_once (project, stmt, error, "unblinding a study"))
    return sh_store_change_end (project, FALSE, NULL);
  return sh_store_change_end (project, TRUE, error);
}

static char *
unblinding_from_row (sqlite3_stmt *stmt)
{
  return g_strdup_printf ("%s\t%s\t%s", sqlite3_column_text (stmt, 0), sqlite3_column_text (stmt, 1),
                          sqlite3_column_text (stmt, 2));
}

GPtrArray *
sh_project_list_study_unblindings (ShProject *project, gint64 study_id, GError **error)
{
  return list_rows (project,
                    "SELECT at, coalesce (by, ''), coalesce (reason, '') "
                    "FROM study_unblind_log WHERE study_id = ?1 ORDER BY id",
                    study_id, g_free, (StudyRowReader) unblinding_from_row, "reading a study's unblind log", error);
}

GHashTable *
sh_project_get_study_key (ShProject *project, gint64 study_id, GError **error)
{
  sqlite3_stmt *stmt = sh_store_statement (project, "SELECT unblinded_at FROM studies WHERE id = ?1", error);
  GHashTable *key;
  gboolean found;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, study_id);
  if (!sh_store_step_row (project, stmt, &found, error, "reading a study"))
    return NULL;
  found = found && sqlite3_column_type (stmt, 0) != SQLITE_NULL;
  sqlite3_reset (stmt);
  if (!found)
    {
      sh_store_invalid (error, "the study is still blind: unblind it first ('shadelab-cli study unblind')");
      return NULL;
    }
  stmt = sh_store_statement (project,
                             "SELECT k.candidate_id, k.method FROM study_key k "
                             "JOIN study_candidates c ON c.id = k.candidate_id "
                             "JOIN study_trials t ON t.id = c.trial_id WHERE t.study_id = ?1",
                             error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, study_id);
  key = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_insert (key, g_memdup2 (&(gint64) { sqlite3_column_int64 (stmt, 0) }, sizeof (gint64)),
                         sh_store_dup_column (stmt, 1));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      g_hash_table_unref (key);
      sh_project_set_error (project, error, "reading a study's key");
      return NULL;
    }
  return key;
}
