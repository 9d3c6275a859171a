/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-store.c: a project's store as tests set it up and look into it (see test-store.h). */
#include "tests/lib/test-store.h"

#include <sqlite3.h>
#include <string.h>

#include "color/colorspace.h"
#include "core/store/project-study.h"
#include "tests/lib/project-db.h"
#include "tests/lib/test-fs.h"

const char *const matte_names[MATTE_PRESET_N] = {
  "finish", "roughness", "metallic", "clearcoat", "clearcoat_roughness", "specular", "specular_color",
  "sheen_color", "sheen_roughness", "ior", "glitter_density", "glitter_size", "glitter_color",
};
const char *const matte_values[MATTE_PRESET_N] = {
  "matte", "0.7500", "0.0000", "0.0000", "0.0000", "0.0500", "[1.0000,1.0000,1.0000]", "[0.0000,0.0000,0.0000]",
  "0.0000", "1.5000", "0.0000", "0.0000", NULL,
};

ShProject *
create_project (const char *path)
{
  g_autoptr (GError) error = NULL;
  ShProject *project = sh_project_create (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (project);
  return project;
}

ShProject *
create_project_in_tmp_dir (const char *prefix, const char *name, char **dir, char **path)
{
  g_autofree char *file = NULL;

  *dir = make_tmp_dir (prefix);
  file = g_build_filename (*dir, name, NULL);
  if (path != NULL)
    *path = g_strdup (file);
  return create_project (file);
}

gint64
add_image_row (ShProject *project, const char *path, const char *hash, int width, int height, gboolean *added)
{
  ShImageRow row = {
    .path = path, .content_hash = hash, .file_size = 1234, .format = "jpeg", .width = width, .height = height,
    .orientation = 1, .profile_name = "sRGB", .photo_check_passed = -1,
  };
  g_autoptr (GError) error = NULL;
  gint64 id = 0;
  gboolean is_new = FALSE;

  g_assert_true (sh_project_add_image (project, &row, &id, &is_new, &error));
  g_assert_no_error (error);
  if (added != NULL)
    *added = is_new;
  return id;
}

gint64
add_photo_file (ShProject *project, const char *path, int width, int height, const char *profile_name)
{
  return add_photo_file_copy (project, path, width, height, profile_name, 0);
}

gint64
add_photo_file_copy (ShProject *project, const char *path, int width, int height, const char *profile_name,
                     int copy)
{
  g_autofree char *contents = NULL;
  g_autofree char *hash = NULL;
  g_autoptr (GError) error = NULL;
  gsize length = 0;
  gint64 id = 0;
  ShImageRow row = {
    .path = path, .format = "jpeg", .width = width, .height = height, .orientation = 1,
    .profile_name = profile_name, .photo_check_passed = -1,
  };

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  hash = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
  if (copy > 0)
    {
      g_autofree char *salted = g_strdup_printf ("%s-%d", hash, copy);

      g_free (hash);
      hash = g_steal_pointer (&salted);
    }
  row.content_hash = hash;
  row.file_size = (gint64) length;
  g_assert_true (sh_project_add_image (project, &row, &id, NULL, &error));
  g_assert_no_error (error);
  return id;
}

gint64
add_measured_photo (ShProject *project, gint64 product_id, const char *hash, const double linear[3],
                    ShFinishClass finish, char hex[8])
{
  g_autoptr (GError) error = NULL;
  gint64 image_id = 0, box_id = 0;
  gboolean added = FALSE;
  ShImageRow image = {
    .path = hash, .content_hash = hash, .file_size = 10, .format = "jpeg", .width = 400, .height = 300,
    .orientation = 1, .profile_name = "sRGB", .photo_check_passed = -1,
  };
  ShBoxRow box = { .class_name = "product", .x = 10, .y = 10, .w = 100, .h = 100, .labeler = "cy" };
  ShSwatch swatch = { 0 };
  uint8_t rgb[3];

  g_assert_true (sh_project_add_image (project, &image, &image_id, &added, &error));
  g_assert_true (sh_project_set_image_product (project, image_id, product_id, &error));
  box.image_id = image_id;
  g_assert_true (sh_project_save_box (project, &box, &box_id, &error));
  g_assert_no_error (error);
  swatch.method = SH_METHOD_ROBUST;
  swatch.box = (ShBox) { 10, 10, 100, 100 };
  memcpy (swatch.linear_rgb, linear, sizeof swatch.linear_rgb);
  sh_linear_srgb_to_lab (swatch.linear_rgb, swatch.lab);
  sh_linear_srgb_to_srgb8 (swatch.linear_rgb, rgb);
  sh_format_hex (rgb, swatch.hex);
  if (hex != NULL)
    g_strlcpy (hex, swatch.hex, 8);
  swatch.in_gamut = 1;
  swatch.total = 100;
  swatch.counts[SH_PIXEL_USED] = 100;
  swatch.confidence = 0.9;
  swatch.finish.finish = finish;
  g_assert_true (sh_project_save_swatch (project, box_id, &swatch, &error));
  g_assert_no_error (error);
  return box_id;
}

void
move_change (ShProject *project, gint64 change_id, const char *at)
{
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (test_project_db (project),
                                       "UPDATE material_changes SET at = ?1 WHERE id = ?2", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  sqlite3_bind_text (stmt, 1, at, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, change_id);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
}

/* text, when not NULL, is bound to ?1. */
static sqlite3_stmt *
first_row (sqlite3 *db, const char *sql, const char *text)
{
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (text != NULL)
    sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return stmt;
}

gint64
query_int (ShProject *project, const char *sql)
{
  return query_int_for (project, sql, NULL);
}

gint64
query_int_for (ShProject *project, const char *sql, const char *text)
{
  sqlite3_stmt *stmt = first_row (test_project_db (project), sql, text);
  gint64 value = sqlite3_column_int64 (stmt, 0);

  sqlite3_finalize (stmt);
  return value;
}

char *
query_text (ShProject *project, const char *sql)
{
  sqlite3_stmt *stmt = first_row (test_project_db (project), sql, NULL);
  char *value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));

  sqlite3_finalize (stmt);
  return value;
}

GPtrArray *
query_rows (ShProject *project, const char *sql)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (test_project_db (project), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      GString *row = g_string_new (NULL);

      for (int c = 0; c < sqlite3_column_count (stmt); c++)
        g_string_append_printf (row, "%s%s", c > 0 ? "|" : "", (const char *) sqlite3_column_text (stmt, c));
      g_ptr_array_add (rows, g_string_free (row, FALSE));
    }
  sqlite3_finalize (stmt);
  return rows;
}

gint64
read_int (const char *path, const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt;
  gint64 value;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  stmt = first_row (db, sql, NULL);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

/* ---- realism studies ---- */

static const int study_mst[] = { 2, 6, 9 };

gint64
add_study (ShProject *project, const char *name, const char *const *skus, const char *methods)
{
  g_autoptr (GPtrArray) trials = g_ptr_array_new_with_free_func ((GDestroyNotify) sh_study_new_trial_free);
  g_auto (GStrv) names = g_strsplit (methods, ",", -1);
  g_autoptr (GError) error = NULL;
  gint64 id = 0;

  for (guint s = 0; skus[s] != NULL; s++)
    for (guint p = 0; p < G_N_ELEMENTS (study_mst); p++)
      {
        g_autofree char *code = g_strdup_printf ("P%d", study_mst[p]);
        g_autofree char *worn = g_strdup_printf ("worn %s %s", code, skus[s]);
        g_autoptr (GBytes) reference = g_bytes_new (worn, strlen (worn));
        ShStudyNewTrial *trial = sh_study_new_trial_new (code, study_mst[p], skus[s], reference);

        for (guint m = 0; names[m] != NULL; m++)
          {
            g_autofree char *text = g_strdup_printf ("render %s %s %s", names[m], code, skus[s]);
            g_autoptr (GBytes) png = g_bytes_new (text, strlen (text));
            sh_study_new_trial_add (trial, names[m], png);
          }
        g_ptr_array_add (trials, trial);
      }
  g_assert_true (sh_project_create_study (project, name, methods, "tester", trials, &id, &error));
  g_assert_no_error (error);
  return id;
}

gint64
add_study_rater (ShProject *project, gint64 study_id, const char *code, guint32 seed)
{
  g_autoptr (GError) error = NULL;
  gint64 rater_id = 0;
  guint32 recorded = 0;
  gboolean added = FALSE;

  g_assert_true (sh_project_add_study_rater (project, study_id, code, seed, &rater_id, &recorded, &added, &error));
  g_assert_no_error (error);
  return rater_id;
}

void
score_study_simulated (ShProject *project, gint64 study_id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) trials = NULL;
  g_autoptr (GHashTable) key = NULL;

  g_assert_true (sh_project_unblind_study (project, study_id, "tester", "simulated raters need the key", &error));
  key = sh_project_get_study_key (project, study_id, &error);
  trials = sh_project_list_study_trials (project, study_id, FALSE, &error);
  g_assert_no_error (error);
  for (guint r = 0; r < 3; r++)
    {
      g_autofree char *code = g_strdup_printf ("R%u", r + 1);
      gint64 rater_id = add_study_rater (project, study_id, code, 20 + r);
      g_autoptr (GArray) scores = g_array_new (FALSE, TRUE, sizeof (ShStudyScoreIn));
      guint added = 0, changed = 0;

      for (guint t = 0; t < trials->len; t++)
        {
          const ShStudyTrialRow *trial = g_ptr_array_index (trials, t);
          int s = 3 + (int) (((t + 1) * (r + 2)) % 5);

          for (guint c = 0; c < trial->candidate_ids->len; c++)
            {
              gint64 id = g_array_index (trial->candidate_ids, gint64, c);
              const char *method = g_hash_table_lookup (key, &id);
              ShStudyScoreIn score = { .candidate_id = id, .scored_at = "2026-12-01T10:00:00.000Z", .trial_ms = 1500 };

              if (strcmp (method, "robust") == 0)
                score.score = s + 1;
              else if (strcmp (method, "tuned") == 0)
                score.score = trial->mst >= 8 ? s - 1 : s + 2;
              else
                score.score = s;
              g_array_append_val (scores, score);
            }
        }
      g_assert_true (sh_project_merge_study_scores (project, study_id, rater_id, (const ShStudyScoreIn *) scores->data,
                                                    scores->len, &added, &changed, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (added, ==, scores->len);
    }
}
