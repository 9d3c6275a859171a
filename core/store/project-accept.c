/* SPDX-License-Identifier: GPL-3.0-or-later */
/* project-accept.c: accepting predictions by score (see project-accept.h). */
#define G_LOG_DOMAIN "shadelab-project"

#include "config.h"

#include "core/store/project-accept.h"

#include <math.h>

#include "core/store/store-private.h"

const char sh_store_needs_person_sql[] =
  "images.status = 'new' AND (EXISTS (SELECT 1 FROM boxes b WHERE b.image_id = images.id AND b.source = 'model' "
  "AND b.accepted = 0) OR NOT EXISTS (SELECT 1 FROM boxes b WHERE b.image_id = images.id AND (b.source = 'human' "
  "OR b.accepted = 1)))";

static gboolean
run_counted (ShProject *project, sqlite3_stmt *stmt, guint *changes, GError **error, const char *doing)
{
  if (!sh_store_run (project, stmt, error, doing))
    return FALSE;
  if (changes != NULL)
    *changes = (guint) sqlite3_changes (sh_store_db (project));
  return TRUE;
}

gboolean
sh_project_accept_by_score (ShProject *project, double min_score, const char *class_name, const char *who,
                            ShAcceptResult *result, GError **error)
{
  g_autofree char *now = sh_project_now ();
  ShAcceptResult done = { 0 };
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;

  if (!isfinite (min_score) || min_score < 0 || min_score > 1)
    return sh_store_invalid (error, "the minimum score must be from 0 to 1 (got %g)", min_score);
  if (who == NULL || who[0] == '\0')
    return sh_store_invalid (error, "an acceptance needs the name of who made it");
  if (!sh_store_change_begin (project, "accepting predictions", error))
    return FALSE;

  if (class_name != NULL)
    {
      gboolean found = FALSE;

      stmt = sh_store_statement (project, "SELECT id FROM box_classes WHERE name = ?1", error);
      if (stmt == NULL)
        goto out;
      sqlite3_bind_text (stmt, 1, class_name, -1, SQLITE_TRANSIENT);
      if (!sh_store_step_row (project, stmt, &found, error, "reading the box classes"))
        goto out;
      sqlite3_reset (stmt);
      if (!found)
        {
          sh_store_invalid (error, "the project has no box class '%s'", class_name);
          goto out;
        }
    }

  stmt = sh_store_statement (project, "INSERT INTO score_acceptances (who, accepted_at, min_score, class_name) "
                                      "VALUES (?1, ?2, ?3, ?4)", error);
  if (stmt == NULL)
    goto out;
  sqlite3_bind_text (stmt, 1, who, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_double (stmt, 3, min_score);
  sh_store_bind_text_or_null (stmt, 4, class_name);
  if (!sh_store_run (project, stmt, error, "writing the acceptance"))
    goto out;
  done.acceptance_id = sqlite3_last_insert_rowid (sh_store_db (project));

  stmt = sh_store_statement (project,
                             "INSERT INTO score_accepted_boxes (acceptance_id, box_id) "
                             "SELECT ?1, b.id FROM boxes b JOIN box_classes c ON c.id = b.class_id "
                             "WHERE b.source = 'model' AND b.accepted = 0 AND b.score >= ?2 "
                             "AND (?3 IS NULL OR c.name = ?3) ORDER BY b.id",
                             error);
  if (stmt == NULL)
    goto out;
  sqlite3_bind_int64 (stmt, 1, done.acceptance_id);
  sqlite3_bind_double (stmt, 2, min_score);
  sh_store_bind_text_or_null (stmt, 3, class_name);
  if (!run_counted (project, stmt, &done.boxes, error, "choosing the boxes to accept"))
    goto out;

  stmt = sh_store_statement (project,
                             "UPDATE boxes SET accepted = 1, labeler = ?2, updated_at = ?3 WHERE id IN "
                             "(SELECT box_id FROM score_accepted_boxes WHERE acceptance_id = ?1)",
                             error);
  if (stmt == NULL)
    goto out;
  sqlite3_bind_int64 (stmt, 1, done.acceptance_id);
  sqlite3_bind_text (stmt, 2, who, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, now, -1, SQLITE_TRANSIENT);
  if (!sh_store_run (project, stmt, error, "accepting the boxes"))
    goto out;

  /* A new photo this acceptance touched is done when nothing of it is left to review. */
  stmt = sh_store_statement (project,
                             "UPDATE images SET status = 'labeled', status_reason = NULL, updated_at = ?2 "
                             "WHERE status = 'new' AND id IN (SELECT b.image_id FROM score_accepted_boxes a "
                             "JOIN boxes b ON b.id = a.box_id WHERE a.acceptance_id = ?1) "
                             "AND NOT EXISTS (SELECT 1 FROM boxes b WHERE b.image_id = images.id "
                             "AND b.source = 'model' AND b.accepted = 0)",
                             error);
  if (stmt == NULL)
    goto out;
  sqlite3_bind_int64 (stmt, 1, done.acceptance_id);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_TRANSIENT);
  if (!run_counted (project, stmt, &done.images_labeled, error, "marking the photos labeled"))
    goto out;

  stmt = sh_store_statement (project, "UPDATE score_acceptances SET boxes = ?2, images_labeled = ?3 WHERE id = ?1",
                             error);
  if (stmt == NULL)
    goto out;
  sqlite3_bind_int64 (stmt, 1, done.acceptance_id);
  sqlite3_bind_int64 (stmt, 2, done.boxes);
  sqlite3_bind_int64 (stmt, 3, done.images_labeled);
  /* Acceptance and statuses changed in bulk: the statistics' counts made again in the same transaction. */
  ok = sh_store_run (project, stmt, error, "writing the acceptance") && sh_store_recount (project, error);

out:
  if (!sh_store_change_end (project, ok, ok ? error : NULL))
    return FALSE;
  if (ok && result != NULL)
    *result = done;
  return ok;
}

static void
person_image_clear (gpointer data)
{
  g_free (((ShPersonImage *) data)->path);
}

GArray *
sh_project_list_needing_person (ShProject *project, GError **error)
{
  g_autoptr (GArray) images = g_array_new (FALSE, TRUE, sizeof (ShPersonImage));
  sqlite3_stmt *stmt;
  gboolean own = FALSE, ok = FALSE;
  int rc;

  g_array_set_clear_func (images, person_image_clear);
  if (!sh_store_read_begin (project, &own, error))
    return NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT images.id, images.path, (SELECT count(*) FROM boxes b "
                                          "WHERE b.image_id = images.id AND b.source = 'model' AND b.accepted = 0) "
                                          "FROM images WHERE %s ORDER BY images.id", sh_store_needs_person_sql);

  stmt = sh_store_prepare (project, sql, error);
  if (stmt != NULL)
    {
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          g_autofree char *stored = sh_store_dup_column (stmt, 1);
          ShPersonImage image = {
            .id = sqlite3_column_int64 (stmt, 0),
            .path = sh_project_resolve_path (project, stored),
            .model_boxes = (guint) sqlite3_column_int (stmt, 2),
          };

          g_array_append_val (images, image);
        }
      ok = rc == SQLITE_DONE;
      if (!ok)
        sh_project_set_error (project, error, "listing the photos that need a person");
      sqlite3_finalize (stmt);
    }
  if (!sh_store_read_end (project, own, ok ? error : NULL) || !ok)
    return NULL;
  return g_steal_pointer (&images);
}
