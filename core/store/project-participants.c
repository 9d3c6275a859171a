/* SPDX-License-Identifier: GPL-3.0-or-later */
/* project-participants.c: participants, face photos and lip polygons (see project-participants.h). */
#define G_LOG_DOMAIN "shadelab-project"

#include "config.h"

#include "core/store/project-participants.h"

#include <math.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "core/formats/image-loader.h"
#include "core/store/store-private.h"

/* Text that says something, stripped; NULL for NULL or blank. */
static char *
stripped_or_null (const char *text)
{
  char *copy;

  if (text == NULL)
    return NULL;
  copy = g_strstrip (g_strdup (text));
  if (*copy == '\0')
    g_clear_pointer (&copy, g_free);
  return copy;
}

/* ---- participants ---- */

void
sh_participant_row_free (ShParticipantRow *row)
{
  if (row == NULL)
    return;
  g_free (row->code);
  g_free (row->marketplace);
  g_free (row->notes);
  g_free (row->added_at);
  g_free (row->added_by);
  g_free (row);
}

gboolean
sh_project_add_participant (ShProject *project, const char *code, int mst, const char *marketplace,
                            const char *notes, gboolean consent, const char *added_by, gint64 *id,
                            GError **error)
{
  g_autofree char *stripped = stripped_or_null (code);
  g_autofree char *market = stripped_or_null (marketplace);
  g_autofree char *note = stripped_or_null (notes);
  g_autofree char *now = NULL;
  sqlite3_stmt *stmt;

  if (stripped == NULL)
    return sh_store_invalid (error, "a participant needs a code");
  if (mst < 1 || mst > 10)
    return sh_store_invalid (error, "participant '%s': the Monk Skin Tone must be 1 to 10 (got %d)", stripped,
                             mst);
  now = sh_project_now ();
  if (!sh_store_change_begin (project, "adding a participant", error))
    return FALSE;
  stmt = sh_store_prepare (project,
                           "INSERT INTO participants (code, mst, marketplace, notes, consent, added_at, added_by) "
                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                           error);
  if (stmt == NULL)
    return sh_store_change_end (project, FALSE, NULL);
  sqlite3_bind_text (stmt, 1, stripped, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, mst);
  sh_store_bind_text_or_null (stmt, 3, market);
  sh_store_bind_text_or_null (stmt, 4, note);
  sqlite3_bind_int (stmt, 5, consent ? 1 : 0);
  sqlite3_bind_text (stmt, 6, now, -1, SQLITE_TRANSIENT);
  sh_store_bind_text_or_null (stmt, 7, added_by != NULL && *added_by != '\0' ? added_by : NULL);
  if (!sh_store_step_unique (project, stmt, "a participant", stripped, "adding a participant", error))
    return sh_store_change_end (project, FALSE, NULL);
  if (id != NULL)
    *id = sqlite3_last_insert_rowid (sh_store_db (project));
  return sh_store_change_end (project, TRUE, error);
}

gboolean
sh_project_update_participant (ShProject *project, gint64 id, const char *code, int mst, const char *marketplace,
                               const char *notes, gboolean consent, GError **error)
{
  g_autofree char *stripped = stripped_or_null (code);
  g_autofree char *market = stripped_or_null (marketplace);
  g_autofree char *note = stripped_or_null (notes);
  sqlite3_stmt *stmt;

  if (stripped == NULL)
    return sh_store_invalid (error, "a participant needs a code");
  if (mst < 1 || mst > 10)
    return sh_store_invalid (error, "participant '%s': the Monk Skin Tone must be 1 to 10 (got %d)", stripped,
                             mst);
  if (!sh_store_change_begin (project, "changing a participant", error))
    return FALSE;
  stmt = sh_store_prepare (project,
                           "UPDATE participants SET code = ?2, mst = ?3, marketplace = ?4, notes = ?5, consent = ?6 "
                           "WHERE id = ?1",
                           error);
  if (stmt == NULL)
    return sh_store_change_end (project, FALSE, NULL);
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, stripped, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 3, mst);
  sh_store_bind_text_or_null (stmt, 4, market);
  sh_store_bind_text_or_null (stmt, 5, note);
  sqlite3_bind_int (stmt, 6, consent ? 1 : 0);
  if (!sh_store_step_unique (project, stmt, "a participant", stripped, "changing a participant", error))
    return sh_store_change_end (project, FALSE, NULL);
  if (sqlite3_changes (sh_store_db (project)) == 0)
    {
      sh_store_invalid (error, "no participant %" G_GINT64_FORMAT, id);
      return sh_store_change_end (project, FALSE, NULL);
    }
  return sh_store_change_end (project, TRUE, error);
}

gboolean
sh_project_set_participant_mst (ShProject *project, const char *code, int mst, GError **error)
{
  sqlite3_stmt *stmt;

  if (mst < 1 || mst > 10)
    return sh_store_invalid (error, "participant '%s': the Monk Skin Tone must be 1 to 10 (got %d)", code, mst);
  if (!sh_store_change_begin (project, "changing a participant", error))
    return FALSE;
  stmt = sh_store_prepare (project, "UPDATE participants SET mst = ?2 WHERE code = ?1", error);
  if (stmt == NULL)
    return sh_store_change_end (project, FALSE, NULL);
  sqlite3_bind_text (stmt, 1, code, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, mst);
  if (!sh_store_step_unique (project, stmt, "a participant", code, "changing a participant", error))
    return sh_store_change_end (project, FALSE, NULL);
  if (sqlite3_changes (sh_store_db (project)) == 0)
    {
      sh_store_invalid (error, "no participant '%s'", code);
      return sh_store_change_end (project, FALSE, NULL);
    }
  return sh_store_change_end (project, TRUE, error);
}

GPtrArray *
sh_project_list_participants (ShProject *project, gboolean consented_only, GError **error)
{
  sqlite3_stmt *stmt = sh_store_prepare (project,
                                         "SELECT p.id, p.code, p.mst, p.marketplace, p.notes, p.consent, "
                                         "(SELECT count(*) FROM face_photos f WHERE f.participant_id = p.id "
                                         "AND f.kind = 'bare'), "
                                         "(SELECT count(*) FROM face_photos f WHERE f.participant_id = p.id "
                                         "AND f.kind = 'worn'), p.added_at, p.added_by "
                                         "FROM participants p WHERE ?1 = 0 OR p.consent = 1 ORDER BY p.code",
                                         error);
  GPtrArray *rows;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, consented_only ? 1 : 0);
  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) sh_participant_row_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ShParticipantRow *row = g_new0 (ShParticipantRow, 1);

      row->id = sqlite3_column_int64 (stmt, 0);
      row->code = sh_store_dup_column (stmt, 1);
      row->mst = sqlite3_column_int (stmt, 2);
      row->marketplace = sh_store_dup_column (stmt, 3);
      row->notes = sh_store_dup_column (stmt, 4);
      row->consent = sqlite3_column_int (stmt, 5) != 0;
      row->n_bare = sqlite3_column_int (stmt, 6);
      row->n_worn = sqlite3_column_int (stmt, 7);
      row->added_at = sh_store_dup_column (stmt, 8);
      row->added_by = sh_store_dup_column (stmt, 9);
      g_ptr_array_add (rows, row);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      g_ptr_array_unref (rows);
      sh_project_set_error (project, error, "reading the participants");
      return NULL;
    }
  return rows;
}

gboolean
sh_project_find_participant (ShProject *project, const char *code, gint64 *participant_id, GError **error)
{
  sqlite3_stmt *stmt = sh_store_statement (project, "SELECT id FROM participants WHERE code = ?1", error);
  gboolean found = FALSE;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, code != NULL ? code : "", -1, SQLITE_TRANSIENT);
  if (!sh_store_step_row (project, stmt, &found, error, "looking up a participant"))
    return FALSE;
  if (found)
    *participant_id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (!found)
    return sh_store_invalid (error, "no participant '%s'", code != NULL ? code : "");
  return TRUE;
}

gboolean
sh_project_remove_participant (ShProject *project, const char *code, GError **error)
{
  sqlite3_stmt *stmt;

  if (!sh_store_change_begin (project, "removing a participant", error))
    return FALSE;
  stmt = sh_store_prepare (project, "DELETE FROM participants WHERE code = ?1", error);
  if (stmt == NULL)
    return sh_store_change_end (project, FALSE, NULL);
  sqlite3_bind_text (stmt, 1, code != NULL ? code : "", -1, SQLITE_TRANSIENT);
  if (!sh_store_run_once (project, stmt, error, "removing a participant"))
    return sh_store_change_end (project, FALSE, NULL);
  if (sqlite3_changes (sh_store_db (project)) == 0)
    {
      sh_store_invalid (error, "no participant '%s'", code != NULL ? code : "");
      return sh_store_change_end (project, FALSE, NULL);
    }
  return sh_store_change_end (project, TRUE, error);
}

/* ---- face photos ---- */

void
sh_face_photo_row_free (ShFacePhotoRow *row)
{
  if (row == NULL)
    return;
  g_free (row->participant_code);
  g_free (row->path);
  g_free (row->content_hash);
  g_free (row->sku);
  g_free (row->added_at);
  g_free (row->added_by);
  g_free (row);
}

/* *exists: whether sql (static text, "SELECT 1 FROM ... WHERE id = ?1") finds id; FALSE on error. */
static gboolean
row_exists (ShProject *project, const char *sql, gint64 id, gboolean *exists, GError **error)
{
  sqlite3_stmt *stmt = sh_store_statement (project, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!sh_store_step_row (project, stmt, exists, error, "looking up a row"))
    return FALSE;
  sqlite3_reset (stmt);
  return TRUE;
}

gboolean
sh_project_add_face_photo (ShProject *project, gint64 participant_id, ShFacePhotoKind kind, gint64 product_id,
                           const char *file, const char *added_by, gint64 *id, GError **error)
{
  g_autoptr (ShLoadedImage) loaded = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *now = NULL;
  sqlite3_stmt *stmt;
  gboolean exists = FALSE;

  if (kind == SH_FACE_PHOTO_WORN && product_id <= 0)
    return sh_store_invalid (error, "a photo wearing a product needs the product");
  if (kind == SH_FACE_PHOTO_BARE)
    product_id = 0;
  if (!row_exists (project, "SELECT 1 FROM participants WHERE id = ?1", participant_id, &exists, error))
    return FALSE;
  if (!exists)
    return sh_store_invalid (error, "no participant with id %" G_GINT64_FORMAT, participant_id);
  if (product_id > 0)
    {
      if (!row_exists (project, "SELECT 1 FROM products WHERE id = ?1", product_id, &exists, error))
        return FALSE;
      if (!exists)
        return sh_store_invalid (error, "no product with id %" G_GINT64_FORMAT, product_id);
    }

  loaded = sh_load_image (file, NULL, error);
  if (loaded == NULL)
    return FALSE;
  hash = sh_store_file_sha256 (file, error);
  if (hash == NULL)
    return FALSE;

  stored = sh_project_store_path (project, file);
  now = sh_project_now ();
  if (!sh_store_change_begin (project, "adding a face photo", error))
    return FALSE;
  stmt = sh_store_prepare (project,
                           "INSERT INTO face_photos (participant_id, path, content_hash, width, height, kind, "
                           "product_id, added_at, added_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                           error);
  if (stmt == NULL)
    return sh_store_change_end (project, FALSE, NULL);
  sqlite3_bind_int64 (stmt, 1, participant_id);
  sqlite3_bind_text (stmt, 2, stored, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, hash, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 4, loaded->image->width);
  sqlite3_bind_int (stmt, 5, loaded->image->height);
  sqlite3_bind_text (stmt, 6, kind == SH_FACE_PHOTO_WORN ? "worn" : "bare", -1, SQLITE_STATIC);
  if (product_id > 0)
    sqlite3_bind_int64 (stmt, 7, product_id);
  else
    sqlite3_bind_null (stmt, 7);
  sqlite3_bind_text (stmt, 8, now, -1, SQLITE_TRANSIENT);
  sh_store_bind_text_or_null (stmt, 9, added_by != NULL && *added_by != '\0' ? added_by : NULL);
  if (!sh_store_run_once (project, stmt, error, "adding a face photo"))
    return sh_store_change_end (project, FALSE, NULL);
  if (id != NULL)
    *id = sqlite3_last_insert_rowid (sh_store_db (project));
  return sh_store_change_end (project, TRUE, error);
}

static const char face_photo_sql[] =
  "SELECT f.id, f.participant_id, p.code, f.path, f.content_hash, f.width, f.height, f.kind, f.product_id, "
  "pr.sku, EXISTS (SELECT 1 FROM lip_polygons l WHERE l.face_photo_id = f.id AND l.role = 'outer'), "
  "EXISTS (SELECT 1 FROM lip_polygons l WHERE l.face_photo_id = f.id AND l.role = 'opening'), f.added_at, "
  "f.added_by FROM face_photos f JOIN participants p ON p.id = f.participant_id "
  "LEFT JOIN products pr ON pr.id = f.product_id ";

static ShFacePhotoRow *
face_photo_from_row (sqlite3_stmt *stmt)
{
  ShFacePhotoRow *row = g_new0 (ShFacePhotoRow, 1);
  const char *kind = (const char *) sqlite3_column_text (stmt, 7);

  row->id = sqlite3_column_int64 (stmt, 0);
  row->participant_id = sqlite3_column_int64 (stmt, 1);
  row->participant_code = sh_store_dup_column (stmt, 2);
  row->path = sh_store_dup_column (stmt, 3);
  row->content_hash = sh_store_dup_column (stmt, 4);
  row->width = sqlite3_column_int (stmt, 5);
  row->height = sqlite3_column_int (stmt, 6);
  row->kind = kind != NULL && strcmp (kind, "worn") == 0 ? SH_FACE_PHOTO_WORN : SH_FACE_PHOTO_BARE;
  row->product_id = sqlite3_column_int64 (stmt, 8);
  row->sku = sh_store_dup_column (stmt, 9);
  row->has_outer = sqlite3_column_int (stmt, 10) != 0;
  row->has_opening = sqlite3_column_int (stmt, 11) != 0;
  row->added_at = sh_store_dup_column (stmt, 12);
  row->added_by = sh_store_dup_column (stmt, 13);
  return row;
}

GPtrArray *
sh_project_list_face_photos (ShProject *project, gint64 participant_id, GError **error)
{
  g_autofree char *sql = g_strconcat (face_photo_sql, "WHERE ?1 = 0 OR f.participant_id = ?1 ORDER BY p.code, f.id",
                                      NULL);
  sqlite3_stmt *stmt = sh_store_prepare (project, sql, error);
  GPtrArray *rows;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, participant_id);
  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) sh_face_photo_row_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, face_photo_from_row (stmt));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      g_ptr_array_unref (rows);
      sh_project_set_error (project, error, "reading the face photos");
      return NULL;
    }
  return rows;
}

ShFacePhotoRow *
sh_project_get_face_photo (ShProject *project, gint64 id, GError **error)
{
  g_autofree char *sql = g_strconcat (face_photo_sql, "WHERE f.id = ?1", NULL);
  sqlite3_stmt *stmt = sh_store_prepare (project, sql, error);
  ShFacePhotoRow *row = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    row = face_photo_from_row (stmt);
  sqlite3_finalize (stmt);
  if (rc == SQLITE_DONE)
    sh_store_invalid (error, "no face photo %" G_GINT64_FORMAT, id);
  else if (rc != SQLITE_ROW)
    sh_project_set_error (project, error, "reading a face photo");
  return row;
}

/* ---- lip polygons ---- */

/* points as the JSON array [x1, y1, ...] the schema stores, after checking them against the photo. */
static char *
polygon_json (const char *role, const ShPoint *points, int n, int width, int height, GError **error)
{
  GString *text;

  if (n < 3)
    {
      sh_store_invalid (error, "the %s polygon needs at least three points (got %d)", role, n);
      return NULL;
    }
  for (int i = 0; i < n; i++)
    if (!isfinite (points[i].x) || !isfinite (points[i].y) || points[i].x < 0 || points[i].y < 0
        || points[i].x > width || points[i].y > height)
      {
        sh_store_invalid (error, "point %d of the %s polygon (%g,%g) is not inside the photo (%dx%d upright)",
                          i + 1, role, points[i].x, points[i].y, width, height);
        return NULL;
      }
  /* g_ascii_dtostr round-trips every double exactly (cJSON's printer may round the last digit). */
  text = g_string_new ("[");
  for (int i = 0; i < n; i++)
    {
      char x[G_ASCII_DTOSTR_BUF_SIZE], y[G_ASCII_DTOSTR_BUF_SIZE];

      g_string_append_printf (text, "%s%s,%s", i > 0 ? "," : "", g_ascii_dtostr (x, sizeof x, points[i].x),
                              g_ascii_dtostr (y, sizeof y, points[i].y));
    }
  g_string_append_c (text, ']');
  return g_string_free (text, FALSE);
}

gboolean
sh_project_set_lip_polygons (ShProject *project, gint64 face_photo_id, const ShPoint *outer, int n_outer,
                             const ShPoint *opening, int n_opening, GError **error)
{
  g_autoptr (ShFacePhotoRow) photo = sh_project_get_face_photo (project, face_photo_id, error);
  g_autofree char *outer_json = NULL;
  g_autofree char *opening_json = NULL;
  g_autofree char *now = NULL;
  static const char insert_sql[] =
    "INSERT OR REPLACE INTO lip_polygons (face_photo_id, role, points, updated_at) VALUES (?1, ?2, ?3, ?4)";
  sqlite3_stmt *stmt;

  if (photo == NULL)
    return FALSE;
  outer_json = polygon_json ("outer", outer, n_outer, photo->width, photo->height, error);
  if (outer_json == NULL)
    return FALSE;
  if (opening != NULL && n_opening > 0
      && !(opening_json = polygon_json ("opening", opening, n_opening, photo->width, photo->height, error)))
    return FALSE;

  now = sh_project_now ();
  if (!sh_store_change_begin (project, "setting the lips of a face photo", error))
    return FALSE;
  for (int role = 0; role < 2; role++)
    {
      const char *json = role == 0 ? outer_json : opening_json;

      if (json != NULL)
        {
          stmt = sh_store_statement (project, insert_sql, error);
          if (stmt == NULL)
            return sh_store_change_end (project, FALSE, NULL);
          sqlite3_bind_text (stmt, 3, json, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (stmt, 4, now, -1, SQLITE_TRANSIENT);
        }
      else
        {
          stmt = sh_store_statement (project, "DELETE FROM lip_polygons WHERE face_photo_id = ?1 AND role = ?2",
                                     error);
          if (stmt == NULL)
            return sh_store_change_end (project, FALSE, NULL);
        }
      sqlite3_bind_int64 (stmt, 1, face_photo_id);
      sqlite3_bind_text (stmt, 2, role == 0 ? "outer" : "opening", -1, SQLITE_STATIC);
      if (!sh_store_run (project, stmt, error, "setting the lips of a face photo"))
        return sh_store_change_end (project, FALSE, NULL);
    }
  return sh_store_change_end (project, TRUE, error);
}

gboolean
sh_project_clear_lip_polygons (ShProject *project, gint64 face_photo_id, GError **error)
{
  g_autoptr (ShFacePhotoRow) photo = sh_project_get_face_photo (project, face_photo_id, error);
  sqlite3_stmt *stmt;

  if (photo == NULL)
    return FALSE;
  if (!sh_store_change_begin (project, "removing the lips of a face photo", error))
    return FALSE;
  stmt = sh_store_statement (project, "DELETE FROM lip_polygons WHERE face_photo_id = ?1", error);
  if (stmt == NULL)
    return sh_store_change_end (project, FALSE, NULL);
  sqlite3_bind_int64 (stmt, 1, face_photo_id);
  if (!sh_store_run (project, stmt, error, "removing the lips of a face photo"))
    return sh_store_change_end (project, FALSE, NULL);
  return sh_store_change_end (project, TRUE, error);
}

/* The stored JSON array back into points; NULL when it is not pairs of numbers. */
static GArray *
polygon_from_json (const char *text)
{
  cJSON *array = cJSON_Parse (text != NULL ? text : "");
  GArray *points = NULL;
  int n = cJSON_IsArray (array) ? cJSON_GetArraySize (array) : 0;

  if (n >= 6 && n % 2 == 0)
    {
      points = g_array_sized_new (FALSE, FALSE, sizeof (ShPoint), n / 2);
      for (int i = 0; i < n; i += 2)
        {
          cJSON *x = cJSON_GetArrayItem (array, i), *y = cJSON_GetArrayItem (array, i + 1);
          ShPoint p;

          if (!cJSON_IsNumber (x) || !cJSON_IsNumber (y))
            {
              g_clear_pointer (&points, g_array_unref);
              break;
            }
          p.x = x->valuedouble;
          p.y = y->valuedouble;
          g_array_append_val (points, p);
        }
    }
  cJSON_Delete (array);
  return points;
}

gboolean
sh_project_get_lip_polygons (ShProject *project, gint64 face_photo_id, GArray **outer, GArray **opening,
                             GError **error)
{
  sqlite3_stmt *stmt = sh_store_prepare (project,
                                         "SELECT role, points FROM lip_polygons WHERE face_photo_id = ?1",
                                         error);
  int rc;

  *outer = NULL;
  *opening = NULL;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, face_photo_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *role = (const char *) sqlite3_column_text (stmt, 0);
      GArray *points = polygon_from_json ((const char *) sqlite3_column_text (stmt, 1));
      GArray **slot = role != NULL && strcmp (role, "outer") == 0 ? outer : opening;

      if (points == NULL)
        {
          sqlite3_finalize (stmt);
          g_clear_pointer (outer, g_array_unref);
          g_clear_pointer (opening, g_array_unref);
          return sh_store_invalid (error, "the lips stored for face photo %" G_GINT64_FORMAT " are damaged",
                                   face_photo_id);
        }
      if (*slot != NULL)
        g_array_unref (*slot);
      *slot = points;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      g_clear_pointer (outer, g_array_unref);
      g_clear_pointer (opening, g_array_unref);
      return sh_project_set_error (project, error, "reading the lips of a face photo");
    }
  return TRUE;
}
