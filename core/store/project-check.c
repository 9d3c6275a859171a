/* SPDX-License-Identifier: GPL-3.0-or-later */
/* project-check.c: SQLite's checks of a project file and its images' stored file facts (see project-check.h). */
#define G_LOG_DOMAIN "shadelab-project"

#include "config.h"

#include "core/store/project-check.h"
#include "core/store/store-private.h"

void
sh_project_link_problem_free (ShProjectLinkProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->table);
  g_free (problem->parent);
  g_free (problem);
}

gboolean
sh_project_check_database (ShProject *project, GPtrArray *integrity, GPtrArray *links, GError **error)
{
  sqlite3 *db = sh_store_db (project);
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, "PRAGMA integrity_check (100)", -1, &stmt, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *message = (const char *) sqlite3_column_text (stmt, 0);
      if (g_strcmp0 (message, "ok") != 0)
        g_ptr_array_add (integrity, g_strdup (message != NULL ? message : "?"));
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      /* A badly damaged file fails the check itself: that is a finding, not a usage error. */
      if ((rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB)
        {
          g_ptr_array_add (integrity, g_strdup (sqlite3_errmsg (db)));
          return TRUE;
        }
      return sh_project_set_error (project, error, "checking the database");
    }

  rc = sqlite3_prepare_v2 (db, "PRAGMA foreign_key_check", -1, &stmt, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ShProjectLinkProblem *problem = g_new0 (ShProjectLinkProblem, 1);

      problem->table = sh_store_dup_column (stmt, 0);
      problem->rowid = sqlite3_column_int64 (stmt, 1);
      problem->parent = sh_store_dup_column (stmt, 2);
      g_ptr_array_add (links, problem);
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return sh_project_set_error (project, error, "checking the database's links");
  return TRUE;
}

gboolean
sh_project_foreach_image_file (ShProject *project, ShImageFileFunc func, gpointer user_data, GError **error)
{
  sqlite3_stmt *stmt = sh_store_prepare (project,
                                         "SELECT id, path, file_size, content_hash, photo_check, photo_check_passed "
                                         "FROM images ORDER BY id",
                                         error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *path = (const char *) sqlite3_column_text (stmt, 1);
      ShImageFileRow row = {
        .id = sqlite3_column_int64 (stmt, 0),
        .path = path != NULL ? path : "",
        .file_size = sqlite3_column_int64 (stmt, 2),
        .content_hash = (const char *) sqlite3_column_text (stmt, 3),
        .photo_check_json = (const char *) sqlite3_column_text (stmt, 4),
        .photo_check_passed = sqlite3_column_type (stmt, 5) == SQLITE_NULL ? -1 : sqlite3_column_int (stmt, 5),
      };

      func (&row, user_data);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return sh_project_set_error (project, error, "reading the images");
  return TRUE;
}
