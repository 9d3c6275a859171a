/* labeling-store.c: the window's reads from the project (see labeling-store.h). */
#define G_LOG_DOMAIN "shadelab-window"

#include "config.h"

#include <string.h>

#include "labeling-store.h"

static char *
column_text (sqlite3_stmt *statement, int column)
{
  const unsigned char *text = sqlite3_column_text (statement, column);

  return text != NULL ? g_strdup ((const char *) text) : NULL;
}

GPtrArray *
sh_labeling_store_list_classes (ShProject *project, GError **error)
{
  sqlite3 *db = sh_project_get_db (project);
  sqlite3_stmt *statement = NULL;
  GPtrArray *names;
  int rc;

  if (sqlite3_prepare_v2 (db, "SELECT name FROM box_classes ORDER BY id", -1, &statement, NULL) != SQLITE_OK)
    {
      sh_project_set_error (project, error, "reading the box classes");
      return NULL;
    }
  names = g_ptr_array_new_with_free_func (g_free);
  while ((rc = sqlite3_step (statement)) == SQLITE_ROW)
    g_ptr_array_add (names, column_text (statement, 0));
  if (rc != SQLITE_DONE)
    {
      sh_project_set_error (project, error, "reading the box classes");
      sqlite3_finalize (statement);
      g_ptr_array_unref (names);
      return NULL;
    }
  sqlite3_finalize (statement);
  return names;
}

gboolean
sh_labeling_store_get_image (ShProject *project, gint64 image_id, ShStoredImage *image, GError **error)
{
  static const char sql[] =
    "SELECT i.path, i.file_name, i.width, i.height, i.status, p.catalog_color FROM images i "
    "LEFT JOIN products p ON p.id = i.product_id WHERE i.id = ?1";
  sqlite3 *db = sh_project_get_db (project);
  sqlite3_stmt *statement = NULL;
  int rc;

  memset (image, 0, sizeof *image);
  if (sqlite3_prepare_v2 (db, sql, -1, &statement, NULL) != SQLITE_OK)
    return sh_project_set_error (project, error, "reading a photo");
  sqlite3_bind_int64 (statement, 1, image_id);
  rc = sqlite3_step (statement);
  if (rc == SQLITE_ROW)
    {
      g_autofree char *stored = column_text (statement, 0);

      image->id = image_id;
      image->path = sh_project_resolve_path (project, stored);
      image->file_name = column_text (statement, 1);
      image->width = sqlite3_column_int (statement, 2);
      image->height = sqlite3_column_int (statement, 3);
      if (!sh_image_status_from_name ((const char *) sqlite3_column_text (statement, 4), &image->status))
        image->status = SH_IMAGE_NEW;
      image->catalog_color = column_text (statement, 5);
      sqlite3_finalize (statement);
      return TRUE;
    }
  if (rc == SQLITE_DONE)
    {
      sqlite3_finalize (statement);
      g_set_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_NOT_FOUND, "no photo %" G_GINT64_FORMAT, image_id);
      return FALSE;
    }
  sh_project_set_error (project, error, "reading a photo");
  sqlite3_finalize (statement);
  return FALSE;
}

void
sh_stored_image_clear (ShStoredImage *image)
{
  g_clear_pointer (&image->path, g_free);
  g_clear_pointer (&image->file_name, g_free);
  g_clear_pointer (&image->catalog_color, g_free);
}

gint64
sh_labeling_store_count_images (ShProject *project, GError **error)
{
  sqlite3_stmt *statement = NULL;
  gint64 count = -1;

  if (sqlite3_prepare_v2 (sh_project_get_db (project), "SELECT count(*) FROM images", -1, &statement, NULL)
      != SQLITE_OK)
    {
      sh_project_set_error (project, error, "counting the photos");
      return -1;
    }
  if (sqlite3_step (statement) == SQLITE_ROW)
    count = sqlite3_column_int64 (statement, 0);
  else
    sh_project_set_error (project, error, "counting the photos");
  sqlite3_finalize (statement);
  return count;
}
