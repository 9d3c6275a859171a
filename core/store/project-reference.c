/* SPDX-License-Identifier: GPL-3.0-or-later */
/* project-reference.c: custom skin tones and reference photos (see project-reference.h). */
#define G_LOG_DOMAIN "shadelab-project"

#include "config.h"

#include "core/store/project-reference.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "color/colorspace.h"
#include "core/formats/image-loader.h"
#include "core/store/store-private.h"

static gboolean
writable (ShProject *project, GError **error)
{
  if (!sh_project_is_read_only (project))
    return TRUE;
  g_set_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_READ_ONLY,
               "'%s' is open read-only: open it for writing to change it", sh_project_get_path (project));
  return FALSE;
}

gboolean
sh_project_find_product (ShProject *project, const char *sku, gint64 *product_id, GError **error)
{
  sqlite3_stmt *stmt = sh_store_prepare (project, "SELECT id FROM products WHERE sku = ?1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, sku, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *product_id = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc == SQLITE_DONE)
    return sh_store_invalid (error, "no product with SKU '%s'", sku);
  return sh_project_set_error (project, error, "looking up a product");
}

/* ---- skin tones ---- */

void
sh_tone_row_free (ShToneRow *row)
{
  if (row == NULL)
    return;
  g_free (row->name);
  g_free (row->added_at);
  g_free (row->added_by);
  g_free (row);
}

gboolean
sh_project_add_tone (ShProject *project, const char *name, const char *hex, const char *added_by, gint64 *id,
                     GError **error)
{
  g_autofree char *now = NULL;
  g_autofree char *stripped = NULL;
  sqlite3_stmt *stmt;
  uint8_t rgb[3];
  char normalized[8];
  double lab[3];
  ShSkinTone tone;

  stripped = g_strstrip (g_strdup (name != NULL ? name : ""));
  if (*stripped == '\0')
    return sh_store_invalid (error, "a skin tone needs a name");
  if (strlen (stripped) >= sizeof tone.name)
    return sh_store_invalid (error, "skin tone name '%s' is longer than %d bytes", stripped,
                             (int) sizeof tone.name - 1);
  for (int i = 0; i < SH_MONK_SKIN_TONE_COUNT; i++)
    if (g_ascii_strcasecmp (stripped, sh_monk_skin_tone (i)->name) == 0)
      return sh_store_invalid (error, "'%s' is a built-in Monk Skin Tone; give the custom tone another name",
                               stripped);
  if (hex == NULL || strlen (hex) != 7 || !sh_parse_hex (hex, rgb))
    return sh_store_invalid (error, "skin tone '%s': '%s' is not a colour #rrggbb", stripped,
                             hex != NULL ? hex : "");
  if (!writable (project, error))
    return FALSE;

  sh_format_hex (rgb, normalized);
  for (int i = 0; i < 7; i++)
    normalized[i] = g_ascii_tolower (normalized[i]);
  sh_srgb8_to_lab (rgb, lab);
  now = sh_project_now ();
  if (!sh_store_change_begin (project, "adding a skin tone", error))
    return FALSE;
  stmt = sh_store_prepare (project,
                           "INSERT INTO skin_tones (name, hex, lab_l, lab_a, lab_b, added_at, added_by) "
                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                           error);
  if (stmt == NULL)
    return sh_store_change_end (project, FALSE, NULL);
  sqlite3_bind_text (stmt, 1, stripped, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, normalized, -1, SQLITE_TRANSIENT);
  for (int i = 0; i < 3; i++)
    sqlite3_bind_double (stmt, 3 + i, lab[i]);
  sqlite3_bind_text (stmt, 6, now, -1, SQLITE_TRANSIENT);
  sh_store_bind_text_or_null (stmt, 7, added_by != NULL && *added_by != '\0' ? added_by : NULL);
  if (!sh_store_step_unique (project, stmt, "a skin tone called", stripped, "adding a skin tone", error))
    return sh_store_change_end (project, FALSE, NULL);
  if (id != NULL)
    *id = sqlite3_last_insert_rowid (sh_store_db (project));
  return sh_store_change_end (project, TRUE, error);
}

GPtrArray *
sh_project_list_tones (ShProject *project, GError **error)
{
  sqlite3_stmt *stmt = sh_store_prepare (project,
                                         "SELECT id, name, hex, lab_l, lab_a, lab_b, added_at, added_by "
                                         "FROM skin_tones ORDER BY id",
                                         error);
  GPtrArray *tones;
  int rc;

  if (stmt == NULL)
    return NULL;
  tones = g_ptr_array_new_with_free_func ((GDestroyNotify) sh_tone_row_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ShToneRow *row = g_new0 (ShToneRow, 1);
      row->id = sqlite3_column_int64 (stmt, 0);
      row->name = sh_store_dup_column (stmt, 1);
      g_strlcpy (row->hex, (const char *) sqlite3_column_text (stmt, 2), sizeof row->hex);
      for (int i = 0; i < 3; i++)
        row->lab[i] = sqlite3_column_double (stmt, 3 + i);
      row->added_at = sh_store_dup_column (stmt, 6);
      row->added_by = sh_store_dup_column (stmt, 7);
      g_ptr_array_add (tones, row);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      g_ptr_array_unref (tones);
      sh_project_set_error (project, error, "reading the skin tones");
      return NULL;
    }
  return tones;
}

gboolean
sh_project_remove_tone (ShProject *project, const char *name, GError **error)
{
  sqlite3_stmt *stmt;

  if (!writable (project, error))
    return FALSE;
  if (!sh_store_change_begin (project, "removing a skin tone", error))
    return FALSE;
  stmt = sh_store_prepare (project, "DELETE FROM skin_tones WHERE name = ?1", error);
  if (stmt == NULL)
    return sh_store_change_end (project, FALSE, NULL);
  sqlite3_bind_text (stmt, 1, name != NULL ? name : "", -1, SQLITE_TRANSIENT);
  if (!sh_store_run_once (project, stmt, error, "removing a skin tone"))
    return sh_store_change_end (project, FALSE, NULL);
  if (sqlite3_changes (sh_store_db (project)) == 0)
    {
      sh_store_invalid (error, "the project has no skin tone called '%s'", name != NULL ? name : "");
      return sh_store_change_end (project, FALSE, NULL);
    }
  return sh_store_change_end (project, TRUE, error);
}

GArray *
sh_project_get_skin_tones (ShProject *project, gboolean with_monk, GError **error)
{
  g_autoptr (GPtrArray) rows = sh_project_list_tones (project, error);
  GArray *tones;

  if (rows == NULL)
    return NULL;
  tones = g_array_new (FALSE, FALSE, sizeof (ShSkinTone));
  for (int i = 0; with_monk && i < SH_MONK_SKIN_TONE_COUNT; i++)
    g_array_append_val (tones, *sh_monk_skin_tone (i));
  for (guint i = 0; i < rows->len; i++)
    {
      const ShToneRow *row = g_ptr_array_index (rows, i);
      ShSkinTone tone;
      if (sh_skin_tone_from_hex (row->name, row->hex, &tone))
        g_array_append_val (tones, tone);
    }
  return tones;
}

/* ---- reference photos ---- */

void
sh_reference_photo_row_free (ShReferencePhotoRow *row)
{
  if (row == NULL)
    return;
  g_free (row->sku);
  g_free (row->path);
  g_free (row->content_hash);
  g_free (row->note);
  g_free (row->added_at);
  g_free (row->added_by);
  g_free (row);
}

char *
sh_store_file_sha256 (const char *path, GError **error)
{
  g_autoptr (GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr (GMappedFile) mapped = g_mapped_file_new (path, FALSE, error);

  if (mapped == NULL)
    return NULL;
  g_checksum_update (checksum, (const guchar *) g_mapped_file_get_contents (mapped),
                     g_mapped_file_get_length (mapped));
  return g_strdup (g_checksum_get_string (checksum));
}

gboolean
sh_project_add_reference_photo (ShProject *project, gint64 product_id, const char *file, double lip_x,
                                double lip_y, double lip_w, double lip_h, const char *note, const char *added_by,
                                gint64 *id, GError **error)
{
  g_autoptr (ShLoadedImage) loaded = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *now = NULL;
  sqlite3_stmt *stmt;
  int width, height;
  gboolean exists;
  int rc;

  if (!writable (project, error))
    return FALSE;
  if (!isfinite (lip_x) || !isfinite (lip_y) || !isfinite (lip_w) || !isfinite (lip_h) || lip_w <= 0
      || lip_h <= 0)
    return sh_store_invalid (error, "the lip box needs a width and a height above 0 (got %gx%g)", lip_w,
                             lip_h);

  stmt = sh_store_prepare (project, "SELECT 1 FROM products WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, product_id);
  rc = sqlite3_step (stmt);
  exists = rc == SQLITE_ROW;
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return sh_project_set_error (project, error, "looking up a product");
  if (!exists)
    return sh_store_invalid (error, "no product with id %" G_GINT64_FORMAT, product_id);

  loaded = sh_load_image (file, NULL, error);
  if (loaded == NULL)
    return FALSE;
  width = loaded->image->width;
  height = loaded->image->height;
  if (lip_x < 0 || lip_y < 0 || lip_x + lip_w > width || lip_y + lip_h > height)
    return sh_store_invalid (error, "the lip box %g,%g %gx%g does not lie inside the photo (%dx%d upright)",
                             lip_x, lip_y, lip_w, lip_h, width, height);
  hash = sh_store_file_sha256 (file, error);
  if (hash == NULL)
    return FALSE;

  stored = sh_project_store_path (project, file);
  now = sh_project_now ();
  if (!sh_store_change_begin (project, "adding a reference photo", error))
    return FALSE;
  stmt = sh_store_prepare (project,
                           "INSERT INTO reference_photos (product_id, path, content_hash, lip_x, lip_y, lip_w, "
                           "lip_h, note, added_at, added_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                           error);
  if (stmt == NULL)
    return sh_store_change_end (project, FALSE, NULL);
  sqlite3_bind_int64 (stmt, 1, product_id);
  sqlite3_bind_text (stmt, 2, stored, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, hash, -1, SQLITE_TRANSIENT);
  sqlite3_bind_double (stmt, 4, lip_x);
  sqlite3_bind_double (stmt, 5, lip_y);
  sqlite3_bind_double (stmt, 6, lip_w);
  sqlite3_bind_double (stmt, 7, lip_h);
  sh_store_bind_text_or_null (stmt, 8, note != NULL && *note != '\0' ? note : NULL);
  sqlite3_bind_text (stmt, 9, now, -1, SQLITE_TRANSIENT);
  sh_store_bind_text_or_null (stmt, 10, added_by != NULL && *added_by != '\0' ? added_by : NULL);
  if (!sh_store_run_once (project, stmt, error, "adding a reference photo"))
    return sh_store_change_end (project, FALSE, NULL);
  if (id != NULL)
    *id = sqlite3_last_insert_rowid (sh_store_db (project));
  return sh_store_change_end (project, TRUE, error);
}

GPtrArray *
sh_project_list_reference_photos (ShProject *project, gint64 product_id, GError **error)
{
  sqlite3_stmt *stmt = sh_store_prepare (project,
                                         "SELECT r.id, r.product_id, p.sku, r.path, r.content_hash, r.lip_x, r.lip_y, "
                                         "r.lip_w, r.lip_h, r.note, r.added_at, r.added_by "
                                         "FROM reference_photos r JOIN products p ON p.id = r.product_id "
                                         "WHERE ?1 = 0 OR r.product_id = ?1 ORDER BY p.sku, r.id",
                                         error);
  GPtrArray *photos;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, product_id);
  photos = g_ptr_array_new_with_free_func ((GDestroyNotify) sh_reference_photo_row_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ShReferencePhotoRow *row = g_new0 (ShReferencePhotoRow, 1);
      row->id = sqlite3_column_int64 (stmt, 0);
      row->product_id = sqlite3_column_int64 (stmt, 1);
      row->sku = sh_store_dup_column (stmt, 2);
      row->path = sh_store_dup_column (stmt, 3);
      row->content_hash = sh_store_dup_column (stmt, 4);
      row->lip_x = sqlite3_column_double (stmt, 5);
      row->lip_y = sqlite3_column_double (stmt, 6);
      row->lip_w = sqlite3_column_double (stmt, 7);
      row->lip_h = sqlite3_column_double (stmt, 8);
      row->note = sh_store_dup_column (stmt, 9);
      row->added_at = sh_store_dup_column (stmt, 10);
      row->added_by = sh_store_dup_column (stmt, 11);
      g_ptr_array_add (photos, row);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      g_ptr_array_unref (photos);
      sh_project_set_error (project, error, "reading the reference photos");
      return NULL;
    }
  return photos;
}

gboolean
sh_project_remove_reference_photo (ShProject *project, gint64 id, GError **error)
{
  sqlite3_stmt *stmt;

  if (!writable (project, error))
    return FALSE;
  if (!sh_store_change_begin (project, "removing a reference photo", error))
    return FALSE;
  stmt = sh_store_prepare (project, "DELETE FROM reference_photos WHERE id = ?1", error);
  if (stmt == NULL)
    return sh_store_change_end (project, FALSE, NULL);
  sqlite3_bind_int64 (stmt, 1, id);
  if (!sh_store_run_once (project, stmt, error, "removing a reference photo"))
    return sh_store_change_end (project, FALSE, NULL);
  if (sqlite3_changes (sh_store_db (project)) == 0)
    {
      sh_store_invalid (error, "the project has no reference photo %" G_GINT64_FORMAT, id);
      return sh_store_change_end (project, FALSE, NULL);
    }
  return sh_store_change_end (project, TRUE, error);
}
