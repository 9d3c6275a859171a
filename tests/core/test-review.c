/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-review.c: schema v2 and v3 (the migrations keep a v1 and a v2 file's data, the v2 audit rows as one
 * change each), custom skin tones, reference photos (validated with the loader), the weekly review (changed
 * since a date, the material at the date reconstructed from the audit log, a preset as one change,
 * decisions) and its exports (CSV parsed back, PNG sheet checked). No display needed. */
#define G_LOG_DOMAIN "shadelab-test"

#include "config.h"

#include <math.h>
#include <string.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>

#include "color/colorspace.h"
#include "core/formats/image-loader.h"
#include "core/store/project-reference.h"
#include "core/store/project.h"
#include "core/store/review.h"
#include "tests/lib/project-db.h"
#include "tests/lib/test-fs.h"
#include "tests/lib/test-store.h"

/* core/store/schema.sql as compiled into the core library: the version 1 schema alone; and the step to version 2. */
extern const char sh_project_schema_sql[];
extern const char sh_project_schema_v2_sql[];

static char *work_dir;

static char *
work_path (const char *name)
{
  return g_build_filename (work_dir, name, NULL);
}

static ShProject *
new_project (const char *name)
{
  g_autofree char *path = work_path (name);

  return create_project (path);
}

static void
exec_sql (sqlite3 *db, const char *sql)
{
  char *message = NULL;
  int rc = sqlite3_exec (db, sql, NULL, NULL, &message);

  if (rc != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static gint64
add_product (ShProject *project, const char *sku, const char *catalog_color)
{
  ShProductRow row = { .sku = sku, .brand = "Rouge & Co", .shade = sku, .catalog_color = catalog_color };
  g_autoptr (GError) error = NULL;
  gint64 id = 0;

  g_assert_true (sh_project_upsert_product (project, &row, &id, &error));
  g_assert_no_error (error);
  return id;
}

/* A real audited change, then its audit entry moved to `at` so the test chooses the timeline. A value the
 * export already used writes no entry. */
static void
set_material_at (ShProject *project, gint64 product_id, const char *parameter, const char *value, const char *who,
                 const char *note, const char *at)
{
  g_autoptr (GError) error = NULL;
  gint64 change_id = 0;

  g_assert_true (sh_project_set_material_values (project, product_id, &parameter, &value, 1, who, note, &change_id,
                                                 &error));
  g_assert_no_error (error);
  if (change_id != 0)
    move_change (project, change_id, at);
}

static void
assert_base_hex (const ShProductMaterial *product, const char *hex)
{
  uint8_t rgb[3];
  char text[8];

  sh_linear_srgb_to_srgb8 (product->material.base_color, rgb);
  sh_format_hex (rgb, text);  /* already lower case */
  g_assert_cmpstr (text, ==, hex);
}

/* ---- migration ---- */

static void
test_migration (void)
{
  g_autofree char *path = work_path ("v1.shadelab");
  g_autoptr (GError) error = NULL;
  sqlite3 *db = NULL;
  ShProject *project;

  /* A file as Shadelab with schema version 1 left it. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  exec_sql (db, "BEGIN");
  exec_sql (db, sh_project_schema_sql);
  exec_sql (db, "INSERT INTO categories (name) VALUES ('lipstick');"
                "INSERT INTO products (sku, brand, shade, category_id, catalog_color, created_at, updated_at) "
                "VALUES ('LIP-1', 'Rouge', 'Cherry', 1, '#b0243a', '2025-01-01T00:00:00.000Z', "
                "'2025-01-01T00:00:00.000Z');"
                "INSERT INTO materials (product_id, roughness, updated_at, updated_by) "
                "VALUES (1, 0.4, '2025-01-02T00:00:00.000Z', 'ann');"
                "INSERT INTO material_audit (product_id, parameter, old_value, new_value, who, at) "
                "VALUES (1, 'roughness', NULL, '0.4', 'ann', '2025-01-02T00:00:00.000Z');"
                "INSERT INTO reviews (product_id, decision, reviewer, at) "
                "VALUES (1, 'accept', 'bo', '2025-01-03T00:00:00.000Z');");
  exec_sql (db, "PRAGMA application_id = 1397245004; PRAGMA user_version = 1");
  exec_sql (db, "COMMIT");
  sqlite3_close (db);

  /* Read-only opens never change a file, so they cannot upgrade it. */
  project = sh_project_open (path, SH_PROJECT_OPEN_READ_ONLY, &error);
  g_assert_null (project);
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_READ_ONLY);
  g_clear_error (&error);

  project = sh_project_open (path, SH_PROJECT_OPEN_READ_WRITE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (project);
  g_assert_cmpint (SH_PROJECT_SCHEMA_VERSION, >=, 3);
  g_assert_cmpint (query_int (project, "PRAGMA user_version"), ==, SH_PROJECT_SCHEMA_VERSION);
  g_assert_cmpint (query_int (project, "SELECT count(*) FROM sqlite_schema WHERE name IN ('skin_tones', "
                                       "'reference_photos', 'material_changes', 'material_changes_at')"), ==, 4);
  /* The version 1 data is all there. */
  g_autofree char *product = query_text (project, "SELECT sku || ' ' || brand || ' ' || shade || ' ' || "
                                                  "catalog_color FROM products");
  g_assert_cmpstr (product, ==, "LIP-1 Rouge Cherry #b0243a");
  g_assert_cmpint (query_int (project, "SELECT round (roughness * 10) FROM materials"), ==, 4);
  g_assert_cmpint (query_int (project, "SELECT count(*) FROM material_audit"), ==, 1);
  g_assert_cmpint (query_int (project, "SELECT count(*) FROM reviews WHERE decision = 'accept'"), ==, 1);
  g_assert_cmpint (query_int (project, "SELECT count(*) FROM pragma_foreign_key_check"), ==, 0);
  g_autofree char *integrity = query_text (project, "PRAGMA integrity_check");
  g_assert_cmpstr (integrity, ==, "ok");

  /* And the new tables work on it. */
  g_assert_true (sh_project_add_tone (project, "Olive deep", "#6b4a2f", "ann", NULL, &error));
  g_assert_no_error (error);
  sh_project_close (project);

  /* A second open has nothing to upgrade. */
  project = sh_project_open (path, SH_PROJECT_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (project, "SELECT count(*) FROM skin_tones"), ==, 1);
  sh_project_close (project);
}

/* The upgrade is one transaction: when it fails, the file stays a version 1 file with its data. */
static void
test_migration_atomic (void)
{
  g_autofree char *path = work_path ("v1-conflict.shadelab");
  g_autoptr (GError) error = NULL;
  sqlite3 *db = NULL;
  ShProject *project;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  exec_sql (db, sh_project_schema_sql);
  exec_sql (db, "INSERT INTO products (sku, created_at, updated_at) VALUES ('LIP-2', 'x', 'x');"
                /* reference_photos is created after skin_tones: the step fails half way. */
                "CREATE TABLE reference_photos (id INTEGER PRIMARY KEY);"
                "PRAGMA application_id = 1397245004; PRAGMA user_version = 1");
  sqlite3_close (db);

  project = sh_project_open (path, SH_PROJECT_OPEN_READ_WRITE, &error);
  g_assert_null (project);
  g_assert_nonnull (error);
  g_clear_error (&error);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  {
    sqlite3_stmt *stmt = NULL;
    g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT (SELECT user_version FROM pragma_user_version), "
                                             "(SELECT count(*) FROM sqlite_schema WHERE name = 'skin_tones'), "
                                             "(SELECT count(*) FROM products)", -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
    g_assert_cmpint (sqlite3_column_int (stmt, 1), ==, 0);
    g_assert_cmpint (sqlite3_column_int (stmt, 2), ==, 1);
    sqlite3_finalize (stmt);
  }
  sqlite3_close (db);
}

/* Version 2 -> 3: each audit row becomes a change of its own, keeping its who, when and note; the review reads
 * them as before; the upgraded file has exactly the schema of a new project. */
static void
test_migration_v2 (void)
{
  g_autofree char *path = work_path ("v2.shadelab");
  g_autoptr (GError) error = NULL;
  g_autoptr (ShReview) review = NULL;
  sqlite3 *db = NULL;
  ShProject *project, *fresh;
  const char *schema_sql = "SELECT group_concat (type || ' ' || name || ' ' || coalesce (sql, ''), char (10)) "
                           "FROM (SELECT * FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY name)";
  const char *values[] = { "0.3" }, *parameters[] = { "roughness" };
  gint64 change_id = 0;

  /* A file as Shadelab with schema version 2 left it, with the old log's unset "from" and a no-op row. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  exec_sql (db, "BEGIN");
  exec_sql (db, sh_project_schema_sql);
  exec_sql (db, sh_project_schema_v2_sql);
  exec_sql (db, "INSERT INTO categories (name) VALUES ('lipstick');"
                "INSERT INTO products (sku, catalog_color, created_at, updated_at) "
                "VALUES ('LIP-1', '#b0243a', '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z'),"
                "       ('LIP-2', NULL, '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z');"
                "INSERT INTO materials (product_id, finish, roughness, updated_at, updated_by) "
                "VALUES (1, 'matte', 0.4, '2025-01-02T00:00:00.000Z', 'ann');"
                "INSERT INTO materials (product_id, base_color, updated_at, updated_by) "
                "VALUES (2, '#402030', '2025-01-05T00:00:00.000Z', 'bo');"
                "INSERT INTO material_audit (product_id, parameter, old_value, new_value, who, at, note) VALUES "
                "(1, 'roughness', NULL, '0.4', 'ann', '2025-01-02T00:00:00.000Z', 'first look'),"
                "(1, 'finish', NULL, 'matte', 'ann', '2025-01-02T00:00:00.001Z', NULL),"
                "(1, 'ior', NULL, '1.5', 'ann', '2025-01-02T00:00:00.002Z', NULL),"
                "(2, 'base_color', NULL, '#402030', 'bo', '2025-01-05T00:00:00.000Z', NULL);"
                "INSERT INTO skin_tones (name, hex, lab_l, lab_a, lab_b, added_at) "
                "VALUES ('Olive deep', '#6b4a2f', 35, 8, 20, '2025-01-01T00:00:00.000Z');");
  exec_sql (db, "PRAGMA application_id = 1397245004; PRAGMA user_version = 2");
  exec_sql (db, "COMMIT");
  sqlite3_close (db);

  project = sh_project_open (path, SH_PROJECT_OPEN_READ_WRITE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (project);
  g_assert_cmpint (query_int (project, "PRAGMA user_version"), ==, SH_PROJECT_SCHEMA_VERSION);
  /* Every old row is there, as a change of its own under its own id. */
  {
    g_autofree char *log = query_text (project,
                                       "SELECT group_concat (line, ';') FROM (SELECT c.id || ':' || a.change_id || ':' "
                                       "|| c.product_id || ':' || a.parameter || ':' || coalesce (a.old_value, '-') "
                                       "|| ':' || a.new_value || ':' || c.who || ':' || c.at || ':' "
                                       "|| coalesce (c.note, '-') AS line FROM material_audit a "
                                       "JOIN material_changes c ON c.id = a.change_id ORDER BY a.id)");
    g_assert_cmpstr (log, ==,
                     "1:1:1:roughness:-:0.4:ann:2025-01-02T00:00:00.000Z:first look;"
                     "2:2:1:finish:-:matte:ann:2025-01-02T00:00:00.001Z:-;"
                     "3:3:1:ior:-:1.5:ann:2025-01-02T00:00:00.002Z:-;"
                     "4:4:2:base_color:-:#402030:bo:2025-01-05T00:00:00.000Z:-");
  }
  g_assert_cmpint (query_int (project, "SELECT count(*) FROM material_changes"), ==, 4);
  g_assert_cmpint (query_int (project, "SELECT count(*) FROM skin_tones"), ==, 1);
  g_assert_cmpint (query_int (project, "SELECT count(*) FROM pragma_foreign_key_check"), ==, 0);
  {
    g_autofree char *integrity = query_text (project, "PRAGMA integrity_check");
    g_assert_cmpstr (integrity, ==, "ok");
  }

  /* The review reads them, one change each. */
  review = sh_review_new (project, "2025-01-01T00:00:00.000Z", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (review->items->len, ==, 2);
  {
    const ShReviewItem *item = g_ptr_array_index (review->items, 0);
    const ShReviewChange *change = g_ptr_array_index (item->changes, 0);

    g_assert_cmpstr (item->sku, ==, "LIP-1");
    g_assert_cmpuint (item->changes->len, ==, 3);
    g_assert_cmpuint (change->values->len, ==, 1);
    g_assert_cmpstr (change->parameter, ==, "roughness");
    g_assert_null (change->before);
    g_assert_cmpstr (change->after, ==, "0.4");
    g_assert_cmpstr (change->note, ==, "first look");
    g_assert_cmpfloat_with_epsilon (item->before.material.roughness, 0.5, 1e-12);
    g_assert_cmpfloat_with_epsilon (item->after.material.roughness, 0.4, 1e-12);
  }

  /* The upgraded file has the schema a new project has, and takes new changes after the old ones. */
  {
    g_autofree char *fresh_path = work_path ("v3-fresh.shadelab");
    g_autofree char *upgraded = query_text (project, schema_sql);
    g_autofree char *created = NULL;

    fresh = sh_project_create (fresh_path, &error);
    g_assert_no_error (error);
    created = query_text (fresh, schema_sql);
    g_assert_cmpstr (upgraded, ==, created);
    sh_project_close (fresh);
  }
  g_assert_true (sh_project_set_material_values (project, 1, parameters, values, 1, "cy", NULL, &change_id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (change_id, ==, 5);
  {
    g_autofree char *row = query_text (project, "SELECT parameter || ':' || old_value || ':' || new_value "
                                                "FROM material_audit WHERE change_id = 5");
    g_assert_cmpstr (row, ==, "roughness:0.4:0.3");
  }
  sh_project_close (project);
}

/* ---- tones ---- */

static void
test_tones (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) tones = NULL;
  g_autoptr (GArray) skin = NULL;
  ShProject *project = new_project ("tones.shadelab");
  const ShToneRow *row;
  gint64 id = 0;
  double lab[3];

  g_assert_true (sh_project_add_tone (project, "  Olive deep ", "#6B4A2F", "ann", &id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_true (sh_project_add_tone (project, "Porcelain pink", "#f3d9d0", NULL, NULL, &error));
  g_assert_no_error (error);

  /* Refusals change nothing. */
  g_assert_false (sh_project_add_tone (project, "Olive deep", "#000000", "ann", NULL, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sh_project_add_tone (project, "mst 4", "#000000", "ann", NULL, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sh_project_add_tone (project, "Bad", "#12345", "ann", NULL, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sh_project_add_tone (project, "Bad", "#12345g", "ann", NULL, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sh_project_add_tone (project, " ", "#123456", "ann", NULL, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
  g_clear_error (&error);

  tones = sh_project_list_tones (project, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tones->len, ==, 2);
  row = g_ptr_array_index (tones, 0);
  g_assert_cmpstr (row->name, ==, "Olive deep");
  g_assert_cmpstr (row->hex, ==, "#6b4a2f");
  g_assert_cmpstr (row->added_by, ==, "ann");
  sh_srgb8_to_lab ((const uint8_t[]) { 0x6b, 0x4a, 0x2f }, lab);
  for (int i = 0; i < 3; i++)
    g_assert_cmpfloat_with_epsilon (row->lab[i], lab[i], 1e-9);
  g_assert_null (((ShToneRow *) g_ptr_array_index (tones, 1))->added_by);

  skin = sh_project_get_skin_tones (project, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (skin->len, ==, SH_MONK_SKIN_TONE_COUNT + 2);
  g_assert_cmpstr (g_array_index (skin, ShSkinTone, 0).name, ==, "MST 1");
  g_assert_cmpstr (g_array_index (skin, ShSkinTone, 10).name, ==, "Olive deep");
  g_assert_cmpint (g_array_index (skin, ShSkinTone, 10).srgb[0], ==, 0x6b);
  g_assert_cmpint (g_array_index (skin, ShSkinTone, 11).srgb[2], ==, 0xd0);

  g_assert_true (sh_project_remove_tone (project, "Olive deep", &error));
  g_assert_no_error (error);
  g_assert_false (sh_project_remove_tone (project, "Olive deep", &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (query_int (project, "SELECT count(*) FROM skin_tones"), ==, 1);
  sh_project_close (project);

  /* A read-only project refuses changes. */
  {
    g_autofree char *path = work_path ("tones.shadelab");
    project = sh_project_open (path, SH_PROJECT_OPEN_READ_ONLY, &error);
    g_assert_no_error (error);
    g_assert_false (sh_project_add_tone (project, "Another", "#102030", NULL, NULL, &error));
    g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_READ_ONLY);
    g_clear_error (&error);
    sh_project_close (project);
  }
}

/* ---- reference photos ---- */

static char *
write_png (const char *name, int width, int height)
{
  g_autoptr (GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  g_autoptr (GError) error = NULL;
  char *path = work_path (name);

  gdk_pixbuf_fill (pixbuf, 0xb0243aff);
  g_assert_true (gdk_pixbuf_save (pixbuf, path, "png", &error, NULL));
  g_assert_no_error (error);
  return path;
}

static void
test_reference_photos (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) photos = NULL;
  ShProject *project = new_project ("photos.shadelab");
  gint64 lip = add_product (project, "LIP-1", NULL);
  gint64 other = add_product (project, "LIP-2", NULL);
  g_autofree char *photo = write_png ("wearer.png", 320, 240);
  g_autofree char *missing = work_path ("no-such-photo.png");
  g_autofree char *hash = NULL;
  const ShReferencePhotoRow *row;
  gint64 id = 0, second = 0;

  g_assert_true (sh_project_add_reference_photo (project, lip, photo, 100, 120, 80, 40, "daylight, no filter",
                                                 "ann", &id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  /* The box may touch the edges. */
  g_assert_true (sh_project_add_reference_photo (project, other, photo, 0, 0, 320, 240, NULL, NULL, &second,
                                                 &error));
  g_assert_no_error (error);

  /* Missing file: the loader's error. */
  g_assert_false (sh_project_add_reference_photo (project, lip, missing, 0, 0, 10, 10, NULL, NULL, NULL, &error));
  g_assert_error (error, SH_LOADER_ERROR, SH_LOADER_ERROR_IO);
  g_clear_error (&error);
  /* Lip boxes outside the photo, empty, or on a product that does not exist. */
  g_assert_false (sh_project_add_reference_photo (project, lip, photo, 300, 100, 40, 20, NULL, NULL, NULL, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sh_project_add_reference_photo (project, lip, photo, -1, 100, 40, 20, NULL, NULL, NULL, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sh_project_add_reference_photo (project, lip, photo, 10, 10, 0, 20, NULL, NULL, NULL, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sh_project_add_reference_photo (project, 999, photo, 10, 10, 5, 5, NULL, NULL, NULL, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (query_int (project, "SELECT count(*) FROM reference_photos"), ==, 2);

  photos = sh_project_list_reference_photos (project, lip, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (photos->len, ==, 1);
  row = g_ptr_array_index (photos, 0);
  g_assert_cmpint (row->id, ==, id);
  g_assert_cmpstr (row->sku, ==, "LIP-1");
  /* Stored like images: relative to the project's folder. */
  g_assert_cmpstr (row->path, ==, "wearer.png");
  g_assert_cmpfloat (row->lip_x, ==, 100);
  g_assert_cmpfloat (row->lip_h, ==, 40);
  g_assert_cmpstr (row->note, ==, "daylight, no filter");
  g_assert_cmpstr (row->added_by, ==, "ann");
  {
    g_autofree char *contents = NULL;
    gsize length = 0;
    g_assert_true (g_file_get_contents (photo, &contents, &length, NULL));
    hash = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
    g_assert_cmpstr (row->content_hash, ==, hash);
  }
  g_clear_pointer (&photos, g_ptr_array_unref);
  photos = sh_project_list_reference_photos (project, 0, &error);
  g_assert_cmpuint (photos->len, ==, 2);

  g_assert_true (sh_project_remove_reference_photo (project, second, &error));
  g_assert_no_error (error);
  g_assert_false (sh_project_remove_reference_photo (project, second, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
  g_clear_error (&error);

  /* Deleting the product takes its photos along. */
  exec_sql (test_project_db (project), "DELETE FROM products WHERE sku = 'LIP-1'");
  g_assert_cmpint (query_int (project, "SELECT count(*) FROM reference_photos"), ==, 0);
  sh_project_close (project);
}

/* The lip box is checked against the upright photo: an EXIF orientation 6 photo stored 1200x1800 is 1800x1200
 * upright. */
static void
test_reference_photo_upright (void)
{
  const char *shared = g_getenv ("SHADELAB_SHARED_DIR");
  g_autofree char *photo = NULL;
  g_autoptr (GError) error = NULL;
  ShProject *project;
  gint64 product;

  if (shared == NULL
      || !g_file_test ((photo = g_build_filename (shared, "reference", "exif-orientation", "Landscape_6.jpg", NULL)),
                       G_FILE_TEST_IS_REGULAR))
    {
      g_test_skip ("the shared reference photos are not here (SHADELAB_SHARED_DIR)");
      return;
    }
  project = new_project ("upright.shadelab");
  product = add_product (project, "LIP-6", NULL);
  /* Inside upright (x + w = 1700 <= 1800), outside the stored width of 1200. */
  g_assert_true (sh_project_add_reference_photo (project, product, photo, 1300, 100, 400, 200, NULL, NULL, NULL,
                                                 &error));
  g_assert_no_error (error);
  /* Inside the stored height of 1800, outside upright (y + h = 1700 > 1200). */
  g_assert_false (sh_project_add_reference_photo (project, product, photo, 100, 1300, 200, 400, NULL, NULL, NULL,
                                                  &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "1800x1200"));
  sh_project_close (project);
}

/* ---- the review ---- */

#define T_OLD "2026-11-01T09:00:00.000Z"
#define T_BEFORE "2026-11-10T09:00:00.000Z"
#define T_SINCE "2026-11-15T00:00:00.000Z"
#define T_AFTER "2026-11-20T14:30:00.000Z"
#define T_LATER "2026-11-21T10:00:00.000Z"

/* Products:
 * A  calibrated before the date (base #b0243a, roughness 0.5), retuned after it (base #a02030, roughness 0.3);
 * B  changed only before the date: not in the review;
 * C  first calibrated after it (finish gloss): before, the catalogue colour with no finish;
 * D  a swatch computed after it on a box drawn after it: before, the catalogue colour; after, the swatch;
 * E  no colour before (no catalogue colour), a base colour after. */
static ShProject *
review_project (const char *name)
{
  ShProject *project = new_project (name);
  g_autoptr (GError) error = NULL;
  gint64 a = add_product (project, "A-1", "#c04050");
  gint64 b = add_product (project, "B-1", "#c04050");
  gint64 c = add_product (project, "C-1", "#e08080");
  gint64 d = add_product (project, "D-1", "#e08080");
  gint64 e = add_product (project, "E-1", NULL);
  gint64 image_id = 0, box_id = 0;
  gboolean added = FALSE;
  ShImageRow image = {
    .path = "d.jpg", .content_hash = "d1", .file_size = 10, .format = "jpeg", .width = 400, .height = 300,
    .orientation = 1, .profile_name = "sRGB", .photo_check_passed = -1,
  };
  ShBoxRow box = { .class_name = "product", .x = 10, .y = 10, .w = 100, .h = 100, .labeler = "cy" };
  ShSwatch swatch = { 0 };

  set_material_at (project, a, "base_color", "#b0243a", "ann", NULL, T_BEFORE);
  set_material_at (project, a, "roughness", "0.5", "ann", NULL, T_BEFORE);
  set_material_at (project, a, "roughness", "0.3", "bo", "glossier, \"wet\" look", T_AFTER);
  set_material_at (project, a, "base_color", "#a02030", "bo", NULL, T_LATER);
  set_material_at (project, b, "roughness", "0.6", "ann", NULL, T_BEFORE);
  set_material_at (project, c, "finish", "gloss", "cy", NULL, T_AFTER);
  set_material_at (project, e, "base_color", "#402030", "cy", NULL, T_AFTER);

  g_assert_true (sh_project_add_image (project, &image, &image_id, &added, &error));
  g_assert_true (sh_project_set_image_product (project, image_id, d, &error));
  box.image_id = image_id;
  g_assert_true (sh_project_save_box (project, &box, &box_id, &error));
  swatch.method = SH_METHOD_ROBUST;
  swatch.box = (ShBox) { 10, 10, 100, 100 };
  swatch.linear_rgb[0] = 0.2;
  swatch.linear_rgb[1] = 0.05;
  swatch.linear_rgb[2] = 0.1;
  sh_linear_srgb_to_lab (swatch.linear_rgb, swatch.lab);
  {
    uint8_t rgb[3];
    sh_linear_srgb_to_srgb8 (swatch.linear_rgb, rgb);
    sh_format_hex (rgb, swatch.hex);
  }
  swatch.in_gamut = 1;
  swatch.total = 100;
  swatch.counts[SH_PIXEL_USED] = 100;
  swatch.confidence = 0.9;
  g_assert_true (sh_project_save_swatch (project, box_id, &swatch, &error));
  g_assert_no_error (error);
  exec_sql (test_project_db (project), "UPDATE boxes SET created_at = '" T_AFTER "';"
                                         "UPDATE swatches SET computed_at = '" T_AFTER "'");
  (void) e;
  return project;
}

static const ShReviewItem *
find_item (const ShReview *review, const char *sku)
{
  for (guint i = 0; i < review->items->len; i++)
    {
      const ShReviewItem *item = g_ptr_array_index (review->items, i);
      if (strcmp (item->sku, sku) == 0)
        return item;
    }
  return NULL;
}

static void
test_changed_since (void)
{
  g_autoptr (GError) error = NULL;
  ShProject *project = review_project ("review.shadelab");
  g_autoptr (ShReview) review = sh_review_new (project, T_SINCE, &error);
  const ShReviewItem *item;
  const ShReviewChange *change;
  double roughness, clearcoat, clearcoat_roughness;

  g_assert_no_error (error);
  g_assert_cmpuint (review->items->len, ==, 4);
  g_assert_cmpstr (((ShReviewItem *) g_ptr_array_index (review->items, 0))->sku, ==, "A-1");
  g_assert_null (find_item (review, "B-1"));

  /* A: both states from the audit log. */
  item = find_item (review, "A-1");
  g_assert_true (item->before_has_color);
  g_assert_cmpstr (item->before.color_source, ==, "material");
  assert_base_hex (&item->before, "#b0243a");
  g_assert_cmpfloat_with_epsilon (item->before.material.roughness, 0.5, 1e-12);
  assert_base_hex (&item->after, "#a02030");
  g_assert_cmpfloat_with_epsilon (item->after.material.roughness, 0.3, 1e-12);
  g_assert_cmpuint (item->changes->len, ==, 2);
  change = g_ptr_array_index (item->changes, 0);
  g_assert_cmpstr (change->parameter, ==, "roughness");
  g_assert_cmpstr (change->before, ==, "0.5");
  g_assert_cmpstr (change->after, ==, "0.3");
  g_assert_cmpstr (change->who, ==, "bo");
  g_assert_cmpstr (change->at, ==, T_AFTER);
  g_assert_cmpstr (change->note, ==, "glossier, \"wet\" look");
  change = g_ptr_array_index (item->changes, 1);
  g_assert_cmpstr (change->parameter, ==, "base_color");
  g_assert_cmpstr (change->at, ==, T_LATER);
  g_assert_null (item->decision);

  /* C: no material then; now the gloss starting point. */
  item = find_item (review, "C-1");
  g_assert_cmpstr (item->before.color_source, ==, "catalog");
  assert_base_hex (&item->before, "#e08080");
  g_assert_null (item->before.finish);
  g_assert_cmpfloat_with_epsilon (item->before.material.roughness, 0.5, 1e-12);
  g_assert_cmpstr (item->after.finish, ==, "gloss");
  sh_material_finish_starting_point ("gloss", &roughness, &clearcoat, &clearcoat_roughness);
  g_assert_cmpfloat_with_epsilon (item->after.material.roughness, roughness, 1e-12);
  g_assert_cmpfloat_with_epsilon (item->after.material.clearcoat, clearcoat, 1e-12);
  /* Setting the finish alone moved what the export writes for roughness and clearcoat too: one change, with
   * each of them from the value it had (no finish: roughness 0.5, no clearcoat). */
  g_assert_cmpuint (item->changes->len, ==, 1);
  change = g_ptr_array_index (item->changes, 0);
  g_assert_cmpstr (change->parameter, ==, "finish; roughness; clearcoat; clearcoat_roughness");
  g_assert_cmpstr (change->before, ==, "; 0.5; 0; 0");
  g_assert_cmpstr (change->after, ==, "gloss; 0.4; 1; 0.04");
  g_assert_null (((ShReviewValue *) g_ptr_array_index (change->values, 0))->before);

  /* D: the swatch arrived after the date. */
  item = find_item (review, "D-1");
  g_assert_cmpstr (item->before.color_source, ==, "catalog");
  g_assert_cmpstr (item->after.color_source, ==, "swatch");
  g_assert_cmpfloat_with_epsilon (item->after.material.base_color[0], 0.2, 1e-9);
  g_assert_cmpuint (item->changes->len, ==, 1);
  change = g_ptr_array_index (item->changes, 0);
  g_assert_cmpstr (change->parameter, ==, "swatch (robust)");
  g_assert_cmpstr (change->who, ==, "cy");
  g_assert_cmpstr (change->note, ==, "d.jpg");

  /* E: no colour then. */
  item = find_item (review, "E-1");
  g_assert_false (item->before_has_color);
  g_assert_true (item->after_has_color);
  assert_base_hex (&item->after, "#402030");

  /* The material at other times. */
  {
    ShProductMaterial at;
    gboolean has_color = FALSE;
    gint64 a = query_int (project, "SELECT id FROM products WHERE sku = 'A-1'");

    g_assert_true (sh_review_material_at (project, a, T_OLD, &at, &has_color, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (at.color_source, ==, "catalog");
    assert_base_hex (&at, "#c04050");
    g_assert_true (sh_review_material_at (project, a, "2026-11-20T23:00:00.000Z", &at, &has_color, &error));
    assert_base_hex (&at, "#b0243a");
    g_assert_cmpfloat_with_epsilon (at.material.roughness, 0.3, 1e-12);
    g_assert_false (sh_review_material_at (project, 999, T_OLD, &at, &has_color, &error));
    g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
    g_clear_error (&error);
  }

  /* Nothing after the last change. */
  {
    g_autoptr (ShReview) none = sh_review_new (project, "2026-11-22T00:00:00.000Z", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (none->items->len, ==, 0);
  }
  sh_project_close (project);
}

static void
test_parse_date (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *utc = sh_review_parse_date ("2026-11-19T09:30:00+02:00", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (utc, ==, "2026-11-19T07:30:00.000Z");
  g_assert_null (sh_review_parse_date ("2026-02-30", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (sh_review_parse_date ("last week", &error));
  g_clear_error (&error);
  {
    g_autoptr (GTimeZone) local = g_time_zone_new_local ();
    g_autoptr (GDateTime) midnight = g_date_time_new (local, 2026, 11, 19, 0, 0, 0);
    g_autoptr (GDateTime) back = NULL;
    g_autofree char *day = sh_review_parse_date ("2026-11-19", &error);
    g_assert_no_error (error);
    back = g_date_time_new_from_iso8601 (day, NULL);
    g_assert_cmpint (g_date_time_compare (back, midnight), ==, 0);
  }
}

static void
test_decisions (void)
{
  g_autoptr (GError) error = NULL;
  ShProject *project = review_project ("decisions.shadelab");
  gint64 a = query_int (project, "SELECT id FROM products WHERE sku = 'A-1'");
  gint64 c = query_int (project, "SELECT id FROM products WHERE sku = 'C-1'");
  g_autoptr (ShReviewDecision) decision = NULL;

  g_assert_null (sh_review_get_decision (project, a, &error));
  g_assert_no_error (error);

  /* Send back needs a comment. */
  g_assert_false (sh_review_decide (project, a, FALSE, "  ", "dee", &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sh_review_decide (project, a, TRUE, NULL, "", &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (query_int (project, "SELECT count(*) FROM reviews"), ==, 0);

  g_assert_true (sh_review_decide (project, a, FALSE, "too cool on MST 9-10", "dee", &error));
  g_assert_no_error (error);
  decision = sh_review_get_decision (project, a, &error);
  g_assert_false (decision->accepted);
  g_assert_cmpstr (decision->comment, ==, "too cool on MST 9-10");
  g_assert_cmpstr (decision->reviewer, ==, "dee");
  g_clear_pointer (&decision, sh_review_decision_free);
  g_autofree char *stored = query_text (project, "SELECT decision FROM reviews");
  g_assert_cmpstr (stored, ==, "reject");

  /* The latest decision wins, even within the same millisecond. */
  g_assert_true (sh_review_decide (project, a, TRUE, NULL, "dee", &error));
  decision = sh_review_get_decision (project, a, &error);
  g_assert_true (decision->accepted);
  g_assert_null (decision->comment);
  g_assert_true (sh_review_decide (project, c, TRUE, "fine", "eve", &error));

  {
    g_autoptr (ShReview) review = sh_review_new (project, T_SINCE, &error);
    const ShReviewItem *item = find_item (review, "A-1");
    cJSON *json = sh_review_to_json (review);
    cJSON *first = cJSON_GetArrayItem (cJSON_GetObjectItem (json, "products"), 0);

    g_assert_nonnull (item->decision);
    g_assert_true (item->decision->accepted);
    g_assert_null (find_item (review, "D-1")->decision);
    g_assert_cmpstr (cJSON_GetStringValue (cJSON_GetObjectItem (first, "sku")), ==, "A-1");
    g_assert_cmpstr (cJSON_GetStringValue (cJSON_GetObjectItem (cJSON_GetObjectItem (first, "review"), "decision")),
                     ==, "accept");
    g_assert_cmpstr (cJSON_GetStringValue (cJSON_GetObjectItem (cJSON_GetObjectItem (first, "before"),
                                                                "base_color")), ==, "#b0243a");
    cJSON_Delete (json);
  }
  sh_project_close (project);
}

/* ---- exports ---- */

/* RFC 4180 back into rows of fields. */
static GPtrArray *
parse_csv (const char *text)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  GPtrArray *row = g_ptr_array_new_with_free_func (g_free);
  GString *field = g_string_new (NULL);
  const char *p = text;

  while (*p)
    {
      if (*p == '"')
        {
          for (p++; *p && !(*p == '"' && p[1] != '"'); p++)
            {
              if (*p == '"')
                p++;
              g_string_append_c (field, *p);
            }
          g_assert_cmpint (*p, ==, '"');
          p++;
        }
      else if (*p == ',')
        {
          g_ptr_array_add (row, g_string_free (field, FALSE));
          field = g_string_new (NULL);
          p++;
        }
      else if (*p == '\r' && p[1] == '\n')
        {
          g_ptr_array_add (row, g_string_free (field, FALSE));
          field = g_string_new (NULL);
          g_ptr_array_add (rows, row);
          row = g_ptr_array_new_with_free_func (g_free);
          p += 2;
        }
      else
        g_string_append_c (field, *p++);
    }
  g_assert_cmpuint (field->len, ==, 0);
  g_assert_cmpuint (row->len, ==, 0);
  g_string_free (field, TRUE);
  g_ptr_array_unref (row);
  return rows;
}

static const char *
cell (GPtrArray *rows, guint r, guint c)
{
  return g_ptr_array_index ((GPtrArray *) g_ptr_array_index (rows, r), c);
}

static void
test_export (void)
{
  g_autoptr (GError) error = NULL;
  ShProject *project = review_project ("export.shadelab");
  gint64 a = query_int (project, "SELECT id FROM products WHERE sku = 'A-1'");
  g_autoptr (ShReview) review = NULL;
  g_autoptr (GArray) tones = NULL;
  g_autoptr (GPtrArray) rows = NULL;
  g_autoptr (GdkPixbuf) sheet = NULL;
  g_autofree char *csv_path = work_path ("review.csv");
  g_autofree char *png_path = work_path ("review.png");
  g_autofree char *text = NULL;
  int width, height, x, y;

  g_assert_true (sh_review_decide (project, a, FALSE, "warmer, please", "dee", &error));
  g_assert_true (sh_project_add_tone (project, "Olive deep", "#6b4a2f", NULL, NULL, &error));
  review = sh_review_new (project, T_SINCE, &error);
  g_assert_no_error (error);
  tones = sh_project_get_skin_tones (project, TRUE, &error);
  g_assert_cmpuint (tones->len, ==, 11);

  /* CSV: header, one row per change, fields as stored. */
  g_assert_true (sh_review_write_csv (review, csv_path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (csv_path, &text, NULL, &error));
  rows = parse_csv (text);
  g_assert_cmpuint (rows->len, ==, 1 + 2 + 1 + 1 + 1);
  for (guint r = 0; r < rows->len; r++)
    g_assert_cmpuint (((GPtrArray *) g_ptr_array_index (rows, r))->len, ==, 13);
  g_assert_cmpstr (cell (rows, 0, 0), ==, "sku");
  g_assert_cmpstr (cell (rows, 0, 7), ==, "when");
  g_assert_cmpstr (cell (rows, 0, 12), ==, "sheet_row");
  g_assert_cmpstr (cell (rows, 1, 0), ==, "A-1");
  g_assert_cmpstr (cell (rows, 1, 1), ==, "Rouge & Co");
  g_assert_cmpstr (cell (rows, 1, 3), ==, "roughness");
  g_assert_cmpstr (cell (rows, 1, 4), ==, "0.5");
  g_assert_cmpstr (cell (rows, 1, 5), ==, "0.3");
  g_assert_cmpstr (cell (rows, 1, 6), ==, "bo");
  g_assert_cmpstr (cell (rows, 1, 7), ==, T_AFTER);
  g_assert_cmpstr (cell (rows, 1, 8), ==, "glossier, \"wet\" look");
  g_assert_cmpstr (cell (rows, 1, 9), ==, "reject");
  g_assert_cmpstr (cell (rows, 1, 10), ==, "dee");
  g_assert_cmpstr (cell (rows, 1, 11), ==, "warmer, please");
  g_assert_cmpstr (cell (rows, 1, 12), ==, "1");
  g_assert_cmpstr (cell (rows, 2, 3), ==, "base_color");
  g_assert_cmpstr (cell (rows, 2, 4), ==, "#b0243a");
  g_assert_cmpstr (cell (rows, 2, 5), ==, "#a02030");
  g_assert_cmpstr (cell (rows, 3, 0), ==, "C-1");
  g_assert_cmpstr (cell (rows, 3, 3), ==, "finish; roughness; clearcoat; clearcoat_roughness");
  g_assert_cmpstr (cell (rows, 3, 4), ==, "; 0.5; 0; 0");
  g_assert_cmpstr (cell (rows, 3, 5), ==, "gloss; 0.4; 1; 0.04");
  g_assert_cmpstr (cell (rows, 3, 9), ==, "");
  g_assert_cmpstr (cell (rows, 3, 12), ==, "2");
  g_assert_cmpstr (cell (rows, 4, 3), ==, "swatch (robust)");
  g_assert_cmpstr (cell (rows, 5, 0), ==, "E-1");
  g_assert_cmpstr (cell (rows, 5, 12), ==, "4");

  /* PNG: the documented size; before and after differ where the material changed; the surround is grey. */
  g_assert_true (sh_review_write_png (review, tones, png_path, &error));
  g_assert_no_error (error);
  sheet = gdk_pixbuf_new_from_file (png_path, &error);
  g_assert_no_error (error);
  sh_review_sheet_size (4, 11, &width, &height);
  g_assert_cmpint (width, ==, SH_REVIEW_MARGIN + 11 * (SH_REVIEW_TILE_WIDTH + SH_REVIEW_GAP));
  g_assert_cmpint (height, ==, 2 * SH_REVIEW_GAP + 4 * (2 * SH_REVIEW_TILE_HEIGHT + SH_REVIEW_GAP)
                               + 3 * SH_REVIEW_BAND_GAP);
  g_assert_cmpint (gdk_pixbuf_get_width (sheet), ==, width);
  g_assert_cmpint (gdk_pixbuf_get_height (sheet), ==, height);
  g_assert_cmpint (gdk_pixbuf_get_n_channels (sheet), ==, 3);
  {
    const guint8 *pixels = gdk_pixbuf_get_pixels (sheet);
    int stride = gdk_pixbuf_get_rowstride (sheet);
    ShLipScene *scene = sh_lip_scene_new (SH_REVIEW_TILE_WIDTH, SH_REVIEW_TILE_HEIGHT);
    int lip_x, lip_y;
    const guint8 *before, *after, *surround, *unknown;

    sh_lip_scene_get_lip_point (scene, &lip_x, &lip_y);
    sh_lip_scene_free (scene);
    /* A on MST 5: before and after at the lip's camera-facing point. */
    sh_review_tile_origin (0, 0, 4, &x, &y);
    before = pixels + (gsize) (y + lip_y) * stride + (gsize) (x + lip_x) * 3;
    sh_review_tile_origin (0, 1, 4, &x, &y);
    after = pixels + (gsize) (y + lip_y) * stride + (gsize) (x + lip_x) * 3;
    g_assert_true (memcmp (before, after, 3) != 0);
    /* Red lipstick: red leads. */
    g_assert_cmpint (before[0], >, before[1] + 40);
    g_assert_cmpint (after[0], >, after[1] + 40);
    /* Between the two rows of a band: the L* 50 surround. */
    surround = pixels + (gsize) (y - SH_REVIEW_GAP / 2) * stride + (gsize) (x + 10) * 3;
    g_assert_cmpint (surround[0], ==, 0x77);
    g_assert_cmpint (surround[1], ==, 0x77);
    g_assert_cmpint (surround[2], ==, 0x77);
    /* E had no colour before: its tiles show the flat "unknown" fill, not a render. */
    sh_review_tile_origin (3, 0, 0, &x, &y);
    unknown = pixels + (gsize) (y + lip_y) * stride + (gsize) (x + 5) * 3;
    g_assert_cmpint (unknown[0], ==, 0x68);
    g_assert_cmpint (unknown[1], ==, 0x68);
  }

  /* An empty review is still a valid (margin-only) sheet and a header-only CSV. */
  {
    g_autoptr (ShReview) none = sh_review_new (project, "2030-01-01T00:00:00.000Z", &error);
    g_autofree char *header = sh_review_csv_text (none);
    g_autoptr (GdkPixbuf) empty = sh_review_render_sheet (none, tones);
    g_assert_cmpstr (header, ==, "sku,brand,shade,parameter,before,after,who,when,note,decision,reviewer,comment,"
                                 "sheet_row\r\n");
    g_assert_cmpint (gdk_pixbuf_get_height (empty), ==, 2 * SH_REVIEW_GAP);
  }

  /* A folder that does not exist: an error, nothing half-written. */
  {
    g_autofree char *bad = work_path ("missing-folder/review.csv");
    g_assert_false (sh_review_write_csv (review, bad, &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
  }
  sh_project_close (project);
}

/* A product box with a robust swatch of linear colour `linear` and finish, on a photo of the product, drawn
 * and measured at `at`. */
static void
add_swatch (ShProject *project, gint64 product_id, const char *hash, const double linear[3], ShFinishClass finish,
            const char *at)
{
  gint64 box_id = add_measured_photo (project, product_id, hash, linear, finish, NULL);
  g_autofree char *sql = g_strdup_printf ("UPDATE boxes SET created_at = '%s' WHERE id = %" G_GINT64_FORMAT ";"
                                          "UPDATE swatches SET computed_at = '%s' WHERE box_id = %" G_GINT64_FORMAT,
                                          at, box_id, at, box_id);
  exec_sql (test_project_db (project), sql);
}


/* A preset on a product without a material row is one change in the review, listing only what it moved,
 * from what the product showed: its photo's gloss (a shiny film, roughness 0.28, clearcoat 0.5). */
static void
test_preset_one_change (void)
{
  g_autoptr (GError) error = NULL;
  ShProject *project = new_project ("preset.shadelab");
  gint64 product = add_product (project, "P-1", "#c04050");
  const double linear[3] = { 0.36, 0.066, 0.066 };
  g_autoptr (ShReview) review = NULL;
  g_autoptr (GPtrArray) rows = NULL;
  g_autofree char *csv = NULL;
  const ShReviewItem *item;
  const ShReviewChange *change;
  gint64 change_id = 0;
  uint8_t rgb[3];
  char swatch_hex[8];
  cJSON *json, *changes;

  sh_linear_srgb_to_srgb8 (linear, rgb);
  sh_format_hex (rgb, swatch_hex);
  add_swatch (project, product, "p1", linear, SH_FINISH_GLOSS, T_BEFORE);
  g_assert_true (sh_project_set_material_values (project, product, matte_names, matte_values,
                                                 G_N_ELEMENTS (matte_names), "ann", "booth", &change_id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (change_id, >, 0);
  move_change (project, change_id, T_AFTER);
  /* The same preset again changes nothing the export writes: no entry. */
  g_assert_true (sh_project_set_material_values (project, product, matte_names, matte_values,
                                                 G_N_ELEMENTS (matte_names), "ann", NULL, &change_id, &error));
  g_assert_cmpint (change_id, ==, 0);
  g_assert_cmpint (query_int (project, "SELECT count(*) FROM material_changes"), ==, 1);

  review = sh_review_new (project, T_SINCE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (review->items->len, ==, 1);
  item = g_ptr_array_index (review->items, 0);
  g_assert_cmpuint (item->changes->len, ==, 1);
  change = g_ptr_array_index (item->changes, 0);
  g_assert_cmpstr (change->parameter, ==, "finish; roughness; clearcoat; clearcoat_roughness; specular");
  g_assert_cmpstr (change->before, ==, "shiny; 0.28; 0.5; 0.1; 1");
  g_assert_cmpstr (change->after, ==, "matte; 0.75; 0; 0; 0.05");
  g_assert_cmpstr (change->who, ==, "ann");
  g_assert_cmpstr (change->note, ==, "booth");
  g_assert_cmpstr (change->at, ==, T_AFTER);
  g_assert_cmpuint (change->values->len, ==, 5);

  /* Before: what the window showed, from the swatch; after: the preset. */
  g_assert_true (item->before_has_color);
  g_assert_cmpstr (item->before.color_source, ==, "swatch");
  assert_base_hex (&item->before, swatch_hex);
  g_assert_cmpstr (item->before.finish, ==, "shiny");
  g_assert_cmpfloat_with_epsilon (item->before.material.roughness, 0.28, 1e-12);
  g_assert_cmpfloat_with_epsilon (item->before.material.clearcoat, 0.5, 1e-12);
  g_assert_cmpstr (item->after.color_source, ==, "swatch");
  g_assert_cmpstr (item->after.finish, ==, "matte");
  g_assert_cmpfloat_with_epsilon (item->after.material.roughness, 0.75, 1e-12);
  g_assert_cmpfloat_with_epsilon (item->after.material.clearcoat, 0, 1e-12);

  /* The CSV and the JSON have it as one change too. */
  csv = sh_review_csv_text (review);
  rows = parse_csv (csv);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpstr (cell (rows, 1, 3), ==, "finish; roughness; clearcoat; clearcoat_roughness; specular");
  g_assert_cmpstr (cell (rows, 1, 4), ==, "shiny; 0.28; 0.5; 0.1; 1");
  json = sh_review_to_json (review);
  changes = cJSON_GetObjectItem (cJSON_GetArrayItem (cJSON_GetObjectItem (json, "products"), 0), "changes");
  g_assert_cmpint (cJSON_GetArraySize (changes), ==, 1);
  g_assert_cmpint (cJSON_GetArraySize (cJSON_GetObjectItem (cJSON_GetArrayItem (changes, 0), "parameters")), ==, 5);
  g_assert_cmpstr (cJSON_GetStringValue (cJSON_GetObjectItem (cJSON_GetArrayItem (cJSON_GetObjectItem (
                     cJSON_GetArrayItem (changes, 0), "parameters"), 1), "before")), ==, "0.28");
  cJSON_Delete (json);

  /* Then the base colour, from the measured swatch's; before the preset, the review says the colour came from
   * the swatch, not from an artist. */
  g_assert_true (sh_project_set_material_values (project, product, (const char *[]) { "base_color" },
                                                 (const char *[]) { "#b0243a" }, 1, "bo", NULL, &change_id, &error));
  g_assert_no_error (error);
  move_change (project, change_id, T_LATER);
  {
    g_autofree char *row = query_text (project, "SELECT group_concat (parameter || ':' || old_value || ':' || "
                                                "new_value) FROM material_audit WHERE change_id = "
                                                "(SELECT max (id) FROM material_changes)");
    g_autofree char *expected = g_strdup_printf ("base_color:%s:#b0243a", swatch_hex);
    ShProductMaterial at;
    gboolean has_color = FALSE;

    g_assert_cmpstr (row, ==, expected);
    g_assert_true (sh_review_material_at (project, product, T_SINCE, &at, &has_color, &error));
    g_assert_cmpstr (at.color_source, ==, "swatch");
    assert_base_hex (&at, swatch_hex);
    g_assert_true (sh_review_material_at (project, product, "2026-11-20T23:00:00.000Z", &at, &has_color, &error));
    g_assert_cmpstr (at.finish, ==, "matte");
    assert_base_hex (&at, swatch_hex);
  }
  sh_project_close (project);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/review/migration", test_migration);
  g_test_add_func ("/review/migration-atomic", test_migration_atomic);
  g_test_add_func ("/review/migration-v2", test_migration_v2);
  g_test_add_func ("/review/tones", test_tones);
  g_test_add_func ("/review/reference-photos", test_reference_photos);
  g_test_add_func ("/review/reference-photo-upright", test_reference_photo_upright);
  g_test_add_func ("/review/parse-date", test_parse_date);
  g_test_add_func ("/review/changed-since", test_changed_since);
  g_test_add_func ("/review/preset-one-change", test_preset_one_change);
  g_test_add_func ("/review/decisions", test_decisions);
  g_test_add_func ("/review/export", test_export);
  return run_tests_in_tmp_dir ("shadelab-review", &work_dir);
}
