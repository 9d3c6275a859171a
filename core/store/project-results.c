/* SPDX-License-Identifier: GPL-3.0-or-later */
/* project-results.c: swatches measured elsewhere, stored only when they differ (see project-results.h). */
#define G_LOG_DOMAIN "shadelab-project"

#include "config.h"

#include "core/store/project-results.h"

#include <math.h>

#include <cjson/cJSON.h>

#include "core/formats/swatch-json.h"
#include "core/store/store-private.h"

gboolean
sh_project_merge_swatch (ShProject *project, gint64 box_id, const ShSwatch *swatch, gboolean *changed,
                         GError **error)
{
  static const char same_sql[] =
    "SELECT 1 FROM swatches WHERE box_id = ?1 AND method = ?2 AND algorithm_version = ?3 AND srgb = ?4 "
    "AND lab_l = ?5 AND lab_a = ?6 AND lab_b = ?7 AND linear_r = ?8 AND linear_g = ?9 AND linear_b = ?10 "
    "AND confidence = ?11 AND spread = ?12 AND pixels = ?13 AND finish IS ?14 AND finish_json IS ?15 "
    "AND glitter_json IS ?16";
  const char *method = sh_method_name (swatch->method);
  g_autofree char *pixels = NULL, *finish_json = NULL, *glitter_json = NULL;
  sqlite3_stmt *stmt;
  gboolean same = FALSE;
  cJSON *json;

  *changed = FALSE;
  if (method == NULL)
    return sh_project_save_swatch (project, box_id, swatch, error);
  /* The text forms sh_project_save_swatch stores. */
  json = cJSON_CreateObject ();
  sh_swatch_add_to_json (json, swatch);
  pixels = sh_store_json_member_text (json, "pixels");
  finish_json = sh_store_json_member_text (json, "finish");
  glitter_json = sh_store_json_member_text (json, "glitter");
  cJSON_Delete (json);

  stmt = sh_store_statement (project, same_sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, box_id);
  sqlite3_bind_text (stmt, 2, method, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 3, SH_EXTRACT_ALGORITHM_VERSION);
  sqlite3_bind_text (stmt, 4, swatch->hex, -1, SQLITE_TRANSIENT);
  for (int i = 0; i < 3; i++)
    {
      sqlite3_bind_double (stmt, 5 + i, swatch->lab[i]);
      sqlite3_bind_double (stmt, 8 + i, swatch->linear_rgb[i]);
    }
  sqlite3_bind_double (stmt, 11, isfinite (swatch->confidence) ? swatch->confidence : 0);
  sqlite3_bind_double (stmt, 12, isfinite (swatch->spread) ? swatch->spread : 0);
  sqlite3_bind_text (stmt, 13, pixels, -1, SQLITE_TRANSIENT);
  sh_store_bind_text_or_null (stmt, 14, sh_finish_class_name (swatch->finish.finish));
  sh_store_bind_text_or_null (stmt, 15, finish_json);
  sh_store_bind_text_or_null (stmt, 16, glitter_json);
  if (!sh_store_step_row (project, stmt, &same, error, "comparing a swatch"))
    return FALSE;
  sqlite3_reset (stmt);
  if (same)
    return TRUE;
  if (!sh_project_save_swatch (project, box_id, swatch, error))
    return FALSE;
  *changed = TRUE;
  return TRUE;
}
