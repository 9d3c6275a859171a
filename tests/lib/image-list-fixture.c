/* SPDX-License-Identifier: GPL-3.0-or-later */
/* image-list-fixture.c: large synthetic projects for the image list. */
#define G_LOG_DOMAIN "shadelab-test"

#include "config.h"

#include "image-list-fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tests/lib/project-db.h"

ShImageStatus
image_list_fixture_status (gint64 id)
{
  static const ShImageStatus statuses[] = {
    SH_IMAGE_NEW, SH_IMAGE_LABELED, SH_IMAGE_LABELED, SH_IMAGE_LABELED, SH_IMAGE_SKIPPED, SH_IMAGE_REJECTED,
  };
  return statuses[id % G_N_ELEMENTS (statuses)];
}

const char *
image_list_fixture_reason (gint64 id)
{
  switch (image_list_fixture_status (id))
    {
    case SH_IMAGE_SKIPPED: return "blurry";
    case SH_IMAGE_REJECTED: return "not a lipstick";
    case SH_IMAGE_NEW:
    case SH_IMAGE_LABELED:
    default: return NULL;
    }
}

int
image_list_fixture_check (gint64 id)
{
  if (id % 23 == 0)
    return -1;
  return id % 17 == 0 ? 0 : 1;
}

guint
image_list_fixture_human_boxes (gint64 id)
{
  /* Every other new image has a box a person is still drawing: it does not need a person unless a model box
   * waits too. */
  if (image_list_fixture_status (id) == SH_IMAGE_NEW)
    return id % 12 == 0 ? 1 : 0;
  return image_list_fixture_status (id) == SH_IMAGE_LABELED ? 1 + (guint) (id % 3) : 0;
}

gboolean
image_list_fixture_needs_person (gint64 id)
{
  return image_list_fixture_status (id) == SH_IMAGE_NEW
         && (image_list_fixture_model_boxes (id) > 0 || image_list_fixture_human_boxes (id) == 0);
}

guint
image_list_fixture_model_boxes (gint64 id)
{
  return id % 11 == 0 ? 2 : 0;
}

char *
image_list_fixture_file_name (gint64 id)
{
  return g_strdup_printf ("img-%06" G_GINT64_FORMAT ".jpg", id);
}

static void
check (sqlite3 *db, int rc, const char *what)
{
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
    g_error ("image list fixture: %s: %s", what, sqlite3_errmsg (db));
}

static void
step (sqlite3 *db, sqlite3_stmt *stmt, const char *what)
{
  check (db, sqlite3_step (stmt), what);
  sqlite3_reset (stmt);
}

void
image_list_fixture_create (const char *path, guint n_images, const char *const *photos, guint n_photos,
                           ImageListFixtureTruth *truth)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ShProject) project = sh_project_create (path, &error);
  g_autofree char *now = sh_project_now ();
  guint n_products = MAX (1, n_images / 10);
  sqlite3_stmt *product, *image, *box;
  sqlite3 *db;

  g_assert_no_error (error);
  db = test_project_db (project);
  memset (truth, 0, sizeof *truth);

  check (db, sqlite3_exec (db, "BEGIN", NULL, NULL, NULL), "begin");
  check (db, sqlite3_prepare_v2 (db, "INSERT INTO products (id, sku, created_at, updated_at) "
                                     "VALUES (?1, ?2, ?3, ?3)", -1, &product, NULL), "prepare products");
  for (guint i = 1; i <= n_products; i++)
    {
      char sku[32];
      g_snprintf (sku, sizeof sku, "SKU-%05u", i);
      sqlite3_bind_int (product, 1, (int) i);
      sqlite3_bind_text (product, 2, sku, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (product, 3, now, -1, SQLITE_STATIC);
      step (db, product, "insert product");
    }

  check (db, sqlite3_prepare_v2 (db, "INSERT INTO images (id, path, file_name, content_hash, file_size, format, "
                                     "width, height, profile_name, product_id, status, status_reason, "
                                     "photo_check_passed, imported_at, updated_at) VALUES (?1, ?2, ?3, ?4, 400000, "
                                     "'jpeg', 1500, 2000, 'sRGB IEC61966-2.1', ?5, ?6, ?7, ?8, ?9, ?9)",
                                 -1, &image, NULL), "prepare images");
  check (db, sqlite3_prepare_v2 (db, "INSERT INTO boxes (image_id, class_id, x, y, w, h, source, score, "
                                     "created_at, updated_at) VALUES (?1, 1, 10, 20, 300, 400, ?2, ?3, ?4, ?4)",
                                 -1, &box, NULL), "prepare boxes");
  for (guint i = 1; i <= n_images; i++)
    {
      g_autofree char *name = image_list_fixture_file_name (i);
      g_autofree char *stored = photos ? g_strdup (photos[i % n_photos])
                                       : g_strdup_printf ("photos/batch-%03u/%s", i / 1000, name);
      g_autofree char *seed = g_strdup_printf ("image-list-fixture-%u", i);
      g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, seed, -1);
      ShImageStatus status = image_list_fixture_status (i);
      int passed = image_list_fixture_check (i);

      sqlite3_bind_int (image, 1, (int) i);
      sqlite3_bind_text (image, 2, stored, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (image, 3, name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (image, 4, hash, -1, SQLITE_TRANSIENT);
      if (i % 10 == 0)
        sqlite3_bind_null (image, 5);
      else
        sqlite3_bind_int (image, 5, 1 + (int) (i % n_products));
      sqlite3_bind_text (image, 6, sh_image_status_name (status), -1, SQLITE_STATIC);
      if (image_list_fixture_reason (i))
        sqlite3_bind_text (image, 7, image_list_fixture_reason (i), -1, SQLITE_STATIC);
      else
        sqlite3_bind_null (image, 7);
      if (passed < 0)
        sqlite3_bind_null (image, 8);
      else
        sqlite3_bind_int (image, 8, passed);
      sqlite3_bind_text (image, 9, now, -1, SQLITE_STATIC);
      step (db, image, "insert image");

      for (guint b = 0; b < image_list_fixture_human_boxes (i) + image_list_fixture_model_boxes (i); b++)
        {
          gboolean model = b >= image_list_fixture_human_boxes (i);
          sqlite3_bind_int (box, 1, (int) i);
          sqlite3_bind_text (box, 2, model ? "model" : "human", -1, SQLITE_STATIC);
          if (model)
            sqlite3_bind_double (box, 3, 0.9);
          else
            sqlite3_bind_null (box, 3);
          sqlite3_bind_text (box, 4, now, -1, SQLITE_STATIC);
          step (db, box, "insert box");
        }

      truth->counts[SH_IMAGE_FILTER_ALL]++;
      truth->counts[SH_IMAGE_FILTER_NEW + status]++;
      if (image_list_fixture_model_boxes (i) > 0)
        truth->counts[SH_IMAGE_FILTER_MODEL]++;
      if (passed == 0)
        truth->counts[SH_IMAGE_FILTER_CHECK_FAILED]++;
      if (image_list_fixture_needs_person (i))
        truth->counts[SH_IMAGE_FILTER_NEEDS_PERSON]++;
    }
  sqlite3_finalize (product);
  sqlite3_finalize (image);
  sqlite3_finalize (box);
  check (db, sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), "commit");
}
