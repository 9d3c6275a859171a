/* SPDX-License-Identifier: GPL-3.0-or-later */
/* project-export.c: the rows the export writers start from (see project-export.h). */
#define G_LOG_DOMAIN "shadelab-project"

#include "config.h"

#include "core/store/project-export.h"
#include "core/store/store-private.h"

static const char class_query[] = "SELECT id, name FROM box_classes ORDER BY id";

static const char image_query[] =
  "SELECT i.id, i.path, i.file_name, i.content_hash, i.width, i.height, p.sku, p.brand, p.shade, c.name, "
  "  p.catalog_color "
  "FROM images i LEFT JOIN products p ON p.id = i.product_id LEFT JOIN categories c ON c.id = p.category_id "
  "WHERE i.status = 'labeled' OR (?1 AND i.status = 'new' AND EXISTS ("
  "  SELECT 1 FROM boxes b WHERE b.image_id = i.id AND (b.source = 'human' OR b.accepted = 1))) "
  "ORDER BY i.id";

static const char box_query[] =
  "SELECT b.id, b.image_id, b.class_id, b.x, b.y, b.w, b.h, b.source, b.score, b.occluded, b.truncated, "
  "  b.difficult, s.srgb, s.lab_l, s.lab_a, s.lab_b, s.finish "
  "FROM boxes b LEFT JOIN swatches s ON s.box_id = b.id AND s.method = 'robust' "
  "WHERE b.source = 'human' OR b.accepted = 1 ORDER BY b.image_id, b.id";

static gboolean
read_classes (ShProject *project, const ShExportRowFuncs *funcs, gpointer user_data, GError **error)
{
  sqlite3_stmt *stmt = sh_store_prepare (project, class_query, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    funcs->class_row (sqlite3_column_int64 (stmt, 0), (const char *) sqlite3_column_text (stmt, 1), user_data);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return sh_project_set_error (project, error, "reading the box classes");
  return TRUE;
}

static gboolean
read_images (ShProject *project, gboolean include_new, const ShExportRowFuncs *funcs, gpointer user_data,
             GError **error)
{
  sqlite3_stmt *stmt = sh_store_prepare (project, image_query, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, include_new ? 1 : 0);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ShExportImageRow row = {
        .id = sqlite3_column_int64 (stmt, 0),
        .path = (const char *) sqlite3_column_text (stmt, 1),
        .file_name = (const char *) sqlite3_column_text (stmt, 2),
        .content_hash = (const char *) sqlite3_column_text (stmt, 3),
        .width = sqlite3_column_int (stmt, 4),
        .height = sqlite3_column_int (stmt, 5),
        .sku = (const char *) sqlite3_column_text (stmt, 6),
        .brand = (const char *) sqlite3_column_text (stmt, 7),
        .shade = (const char *) sqlite3_column_text (stmt, 8),
        .category = (const char *) sqlite3_column_text (stmt, 9),
        .catalog_color = (const char *) sqlite3_column_text (stmt, 10),
      };

      funcs->image_row (&row, user_data);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return sh_project_set_error (project, error, "reading the images");
  return TRUE;
}

static gboolean
read_boxes (ShProject *project, const ShExportRowFuncs *funcs, gpointer user_data, GError **error)
{
  sqlite3_stmt *stmt = sh_store_prepare (project, box_query, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ShExportBoxRow row = {
        .id = sqlite3_column_int64 (stmt, 0),
        .image_id = sqlite3_column_int64 (stmt, 1),
        .class_id = sqlite3_column_int64 (stmt, 2),
        .x = sqlite3_column_double (stmt, 3),
        .y = sqlite3_column_double (stmt, 4),
        .w = sqlite3_column_double (stmt, 5),
        .h = sqlite3_column_double (stmt, 6),
        .model = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 7), "model") == 0,
        .score = sqlite3_column_type (stmt, 8) == SQLITE_NULL ? -1 : sqlite3_column_double (stmt, 8),
        .occluded = sqlite3_column_int (stmt, 9) != 0,
        .truncated = sqlite3_column_int (stmt, 10) != 0,
        .difficult = sqlite3_column_int (stmt, 11) != 0,
        .srgb = (const char *) sqlite3_column_text (stmt, 12),
        .lab = { sqlite3_column_double (stmt, 13), sqlite3_column_double (stmt, 14),
                 sqlite3_column_double (stmt, 15) },
        .finish = (const char *) sqlite3_column_text (stmt, 16),
      };

      if (!funcs->box_row (&row, user_data))
        break;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return sh_project_set_error (project, error, "reading the boxes");
  return TRUE;
}

gboolean
sh_project_read_export_rows (ShProject *project, gboolean include_new, const ShExportRowFuncs *funcs,
                             gpointer user_data, GError **error)
{
  gboolean own = FALSE, ok;

  /* One read transaction: the rows of every table come from the same moment. */
  if (!sh_store_read_begin (project, &own, error))
    return FALSE;
  ok = read_classes (project, funcs, user_data, error) && read_images (project, include_new, funcs, user_data, error)
       && read_boxes (project, funcs, user_data, error);
  return sh_store_read_end (project, own, ok ? error : NULL) && ok;
}
