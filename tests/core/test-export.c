/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-export.c: splits, the five export formats on a project built from generated photos, and atomicity.
 * VOC, YOLO and CSV are read back by tests/lib/check-export.py (python3's xml.etree and csv, against the project
 * file through sqlite3); COCO and glTF are read back here. */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "color/colorspace.h"
#include "core/formats/color-names.h"
#include "core/formats/export.h"
#include "core/formats/export-private.h"
#include "tests/lib/export-fixture.h"
#include "tests/lib/test-error.h"
#include "tests/lib/test-fs.h"
#include "tests/lib/test-store.h"

static char *work_dir;
static ShProject *fixture;

/* ---- helpers ---- */

/* Regular files and links below path, recursively. */
static guint
count_files (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;
  guint n = 0;

  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      struct stat st;

      if (lstat (child, &st) == 0 && S_ISDIR (st.st_mode))
        n += count_files (child);
      else
        n++;
    }
  if (dir)
    g_dir_close (dir);
  return n;
}

static ShProject *
get_fixture (void)
{
  g_autoptr (GError) error = NULL;

  if (!fixture)
    {
      fixture = fixture_photo_project (work_dir, &error);
      g_assert_no_error (error);
    }
  return fixture;
}

static char *
export_to (ShProject *project, ShExportFormat format, const char *name, ShExportSummary *summary)
{
  g_autoptr (GError) error = NULL;
  char *out = g_build_filename (work_dir, name, NULL);
  ShExportOptions options;

  sh_export_options_init (&options);
  options.format = format;
  options.fractions[0] = 0.5;
  options.fractions[1] = 0.25;
  options.fractions[2] = 0.25;
  options.seed = 3;
  g_assert_true (sh_export (project, out, &options, summary, &error));
  g_assert_no_error (error);
  return out;
}

static cJSON *
read_json (const char *path)
{
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;
  cJSON *json;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  json = cJSON_Parse (text);
  g_assert_nonnull (json);
  return json;
}

static void
run_checker (const char *format, ShProject *project, const char *out)
{
  const char *source = g_getenv ("SHADELAB_SOURCE_DIR");
  g_autofree char *script = g_build_filename (source ? source : ".", "tests", "lib", "check-export.py", NULL);
  g_autofree char *out_text = NULL;
  g_autofree char *err_text = NULL;
  g_autoptr (GError) error = NULL;
  const char *argv[] = { "python3", script, format, sh_project_get_path (project), out, NULL };
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out_text, &err_text,
                               &status, &error));
  g_assert_no_error (error);
  g_test_message ("%s%s", out_text, err_text);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("check-export.py %s failed:\n%s%s", format, out_text, err_text);
}

/* ---- numbers ---- */

static void
test_numbers (void)
{
  static const struct { double value; const char *text; } cases[] = {
    { 620, "620" }, { 12.5, "12.5" }, { 0.1 + 0.2, "0.3" }, { -3.25, "-3.25" }, { 1.0 / 3, "0.333333" },
    { 2.0 / 3, "0.666667" }, { 1e-7, "0" }, { -1e-7, "0" }, { 999999.9999996, "1000000" }, { 0.000001, "0.000001" },
    { 1234567.000123, "1234567.000123" }, { 2e10, "2e+10" }, { NAN, "0" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      char buf[32];
      int len = sh_export_format_number (buf, cases[i].value);
      g_assert_cmpstr (buf, ==, cases[i].text);
      g_assert_cmpint (len, ==, strlen (cases[i].text));
    }
}

/* ---- splits ---- */

static void
test_split_parse (void)
{
  double f[3];
  g_autoptr (GError) error = NULL;

  g_assert_true (sh_export_parse_split ("0.8,0.1,0.1", f, NULL));
  g_assert_cmpfloat (f[0], ==, 0.8);
  g_assert_cmpfloat (f[2], ==, 0.1);
  g_assert_true (sh_export_parse_split ("80,20", f, NULL));
  g_assert_cmpfloat (f[1], ==, 20);
  g_assert_cmpfloat (f[2], ==, 0);
  g_assert_false (sh_export_parse_split ("0,0", f, &error));
  g_assert_error (error, SH_EXPORT_ERROR, SH_EXPORT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sh_export_parse_split ("0.5,-0.1,0.6", f, &error));
  g_clear_error (&error);
  g_assert_false (sh_export_parse_split ("0.5,x", f, &error));
  g_clear_error (&error);
  g_assert_false (sh_export_parse_split ("1,1,1,1", f, &error));
}

#define N_GROUPS 500

static void
make_groups (guint n, char **keys, guint *weights)
{
  for (guint i = 0; i < n; i++)
    {
      /* 400 products of 1-6 images, then single images without a product. */
      keys[i] = i < 400 ? g_strdup_printf ("sku:P-%05u", i) : g_strdup_printf ("image:%064x", i);
      weights[i] = i < 400 ? 1 + (i * 7919) % 6 : 1;
    }
}

static void
shares (guint n, const guint *weights, const guint8 *splits, double share[3])
{
  double total = 0;

  share[0] = share[1] = share[2] = 0;
  for (guint i = 0; i < n; i++)
    {
      share[splits[i]] += weights[i];
      total += weights[i];
    }
  for (int s = 0; s < 3; s++)
    share[s] /= total;
}

static void
test_split_grouped (void)
{
  char *keys[N_GROUPS + 20];
  guint weights[N_GROUPS + 20];
  guint8 a[N_GROUPS + 20], b[N_GROUPS + 20], c[N_GROUPS + 20], grown[N_GROUPS + 20];
  const double fractions[3] = { 0.8, 0.1, 0.1 }, scaled[3] = { 8, 1, 1 };
  double share[3];
  guint differ = 0, moved = 0;

  make_groups (N_GROUPS + 20, keys, weights);
  sh_export_assign_splits (N_GROUPS, (const char *const *) keys, weights, fractions, 42, a);
  sh_export_assign_splits (N_GROUPS, (const char *const *) keys, weights, scaled, 42, b);
  /* Deterministic, and fractions are normalised. */
  g_assert_cmpmem (a, N_GROUPS, b, N_GROUPS);

  /* Proportions by image count within one percent of the request (exact up to one group per cut). */
  shares (N_GROUPS, weights, a, share);
  g_test_message ("shares %.4f %.4f %.4f", share[0], share[1], share[2]);
  for (int s = 0; s < 3; s++)
    g_assert_cmpfloat_with_epsilon (share[s], fractions[s], 0.01);

  /* Another seed gives another split. */
  sh_export_assign_splits (N_GROUPS, (const char *const *) keys, weights, fractions, 43, c);
  for (guint i = 0; i < N_GROUPS; i++)
    differ += a[i] != c[i];
  g_assert_cmpuint (differ, >, N_GROUPS / 10);

  /* Twenty more products: the old groups keep their split, except a few at the cuts. */
  sh_export_assign_splits (N_GROUPS + 20, (const char *const *) keys, weights, fractions, 42, grown);
  for (guint i = 0; i < N_GROUPS; i++)
    moved += a[i] != grown[i];
  g_test_message ("%u of %u groups moved after adding 20", moved, N_GROUPS);
  g_assert_cmpuint (moved, <=, N_GROUPS / 20);

  /* A split asked for zero gets nothing. */
  {
    const double no_test[3] = { 0.7, 0.3, 0 };
    sh_export_assign_splits (N_GROUPS, (const char *const *) keys, weights, no_test, 42, c);
    for (guint i = 0; i < N_GROUPS; i++)
      g_assert_cmpuint (c[i], !=, 2);
    shares (N_GROUPS, weights, c, share);
    g_assert_cmpfloat_with_epsilon (share[1], 0.3, 0.01);
  }
  for (guint i = 0; i < N_GROUPS + 20; i++)
    g_free (keys[i]);
}

/* ---- COCO ---- */

static void
test_coco (void)
{
  ShProject *project = get_fixture ();
  ShExportSummary summary;
  g_autofree char *out = export_to (project, SH_EXPORT_COCO, "coco", &summary);
  g_autoptr (GHashTable) sku_split = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint images = 0, annotations = 0, accepted_model = 0, products_named = 0;

  /* 11 photos: 1 rejected, 1 skipped, 1 new are left out. */
  g_assert_cmpuint (summary.images[0] + summary.images[1] + summary.images[2], ==, 8);
  for (int split = 0; split < SH_EXPORT_N_SPLITS; split++)
    {
      g_autofree char *name = g_strdup_printf ("instances_%s.json", sh_export_split_name (split));
      g_autofree char *path = g_build_filename (out, "annotations", name, NULL);
      cJSON *json = read_json (path), *item;
      cJSON *image_list = cJSON_GetObjectItem (json, "images");
      cJSON *categories = cJSON_GetObjectItem (json, "categories");
      int n_images = cJSON_GetArraySize (image_list), n_categories = cJSON_GetArraySize (categories);
      int expected_id = 1;
      g_autofree int *widths = g_new0 (int, n_images + 1);
      g_autofree int *heights = g_new0 (int, n_images + 1);

      g_assert_true (cJSON_IsObject (cJSON_GetObjectItem (json, "info")));
      g_assert_true (cJSON_IsArray (cJSON_GetObjectItem (json, "licenses")));
      g_assert_cmpint (n_categories, ==, 3);
      cJSON_ArrayForEach (item, categories)
        {
          g_assert_cmpint (cJSON_GetObjectItem (item, "id")->valueint, ==, expected_id++);
          g_assert_true (cJSON_IsString (cJSON_GetObjectItem (item, "name")));
          g_assert_true (cJSON_IsString (cJSON_GetObjectItem (item, "supercategory")));
        }
      g_assert_cmpstr (cJSON_GetArrayItem (categories, 0)->child->next->valuestring, ==, "product");

      expected_id = 1;
      cJSON_ArrayForEach (item, image_list)
        {
          const char *file_name = cJSON_GetObjectItem (item, "file_name")->valuestring;
          g_autofree char *resolved = g_build_filename (out, file_name, NULL);
          cJSON *product = cJSON_GetObjectItem (item, "shadelab_product");
          int id = cJSON_GetObjectItem (item, "id")->valueint;
          const char *base = strrchr (file_name, '/');

          g_assert_cmpint (id, ==, expected_id++);
          /* Relative to the export folder, and it resolves to the photo. */
          g_assert_false (g_path_is_absolute (file_name));
          g_assert_true (g_file_test (resolved, G_FILE_TEST_IS_REGULAR));
          widths[id] = cJSON_GetObjectItem (item, "width")->valueint;
          heights[id] = cJSON_GetObjectItem (item, "height")->valueint;
          /* Upright size, as stored (several photos carry EXIF rotations). */
          g_assert_cmpint (widths[id], ==,
                           query_int_for (project, "SELECT width FROM images WHERE file_name = ?1 LIMIT 1", base + 1));
          g_assert_cmpint (widths[id], ==, 320);
          g_assert_cmpint (heights[id], ==, 240);
          /* No product straddles two splits. */
          if (cJSON_IsObject (product))
            {
              const char *sku = cJSON_GetObjectItem (product, "sku")->valuestring;
              cJSON *catalog = cJSON_GetObjectItem (product, "catalog_color");
              gpointer seen;

              /* The catalogue colour with its names, or null and no names. */
              g_assert_nonnull (catalog);
              if (cJSON_IsString (catalog))
                {
                  g_autofree char *names = sh_color_names_describe_hex (catalog->valuestring);
                  cJSON *iscc = cJSON_GetObjectItem (product, "iscc_nbs");
                  cJSON *cosmetic = cJSON_GetObjectItem (product, "cosmetic");

                  g_assert_true (cJSON_IsObject (iscc) && cJSON_IsObject (cosmetic));
                  g_assert_true (g_str_has_prefix (names, cJSON_GetObjectItem (iscc, "name")->valuestring));
                  g_assert_true (g_str_has_suffix (names, cJSON_GetObjectItem (cosmetic, "name")->valuestring));
                  products_named++;
                }
              else
                g_assert_null (cJSON_GetObjectItem (product, "iscc_nbs"));
              if (g_hash_table_lookup_extended (sku_split, sku, NULL, &seen))
                g_assert_cmpint (GPOINTER_TO_INT (seen), ==, split);
              else
                g_hash_table_insert (sku_split, g_strdup (sku), GINT_TO_POINTER (split));
            }
          images++;
        }

      expected_id = 1;
      cJSON_ArrayForEach (item, cJSON_GetObjectItem (json, "annotations"))
        {
          cJSON *bbox = cJSON_GetObjectItem (item, "bbox");
          int image_id = cJSON_GetObjectItem (item, "image_id")->valueint;
          int category = cJSON_GetObjectItem (item, "category_id")->valueint;
          double x = cJSON_GetArrayItem (bbox, 0)->valuedouble, y = cJSON_GetArrayItem (bbox, 1)->valuedouble;
          double w = cJSON_GetArrayItem (bbox, 2)->valuedouble, h = cJSON_GetArrayItem (bbox, 3)->valuedouble;
          cJSON *color = cJSON_GetObjectItem (item, "shadelab_color");
          cJSON *source = cJSON_GetObjectItem (item, "shadelab_source");

          g_assert_cmpint (cJSON_GetObjectItem (item, "id")->valueint, ==, expected_id++);
          g_assert_cmpint (image_id, >=, 1);
          g_assert_cmpint (image_id, <=, n_images);
          g_assert_cmpint (category, >=, 1);
          g_assert_cmpint (category, <=, n_categories);
          g_assert_cmpint (cJSON_GetObjectItem (item, "iscrowd")->valueint, ==, 0);
          g_assert_cmpfloat_with_epsilon (cJSON_GetObjectItem (item, "area")->valuedouble, w * h, 1e-6);
          g_assert_true (w > 0 && h > 0 && x >= 0 && y >= 0);
          g_assert_cmpfloat (x + w, <=, widths[image_id]);
          g_assert_cmpfloat (y + h, <=, heights[image_id]);
          g_assert_true (cJSON_IsObject (cJSON_GetObjectItem (item, "shadelab_flags")));
          g_assert_true (cJSON_IsString (cJSON_GetObjectItem (source, "source")));
          if (strcmp (cJSON_GetObjectItem (source, "source")->valuestring, "model") == 0)
            {
              /* Only the accepted prediction (0.87); the unreviewed one (0.4) is not ground truth. */
              g_assert_cmpfloat_with_epsilon (cJSON_GetObjectItem (source, "score")->valuedouble, 0.87, 1e-9);
              accepted_model++;
            }
          if (category == 1)
            {
              /* Product boxes carry their robust swatch. */
              gint64 box_id = (gint64) cJSON_GetObjectItem (item, "shadelab_box_id")->valuedouble;
              g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM swatches WHERE box_id = %" G_GINT64_FORMAT
                                                      " AND method = 'robust' AND srgb = ?1", box_id);
              g_assert_true (cJSON_IsObject (color));
              g_assert_cmpint (query_int_for (project, sql, cJSON_GetObjectItem (color, "srgb")->valuestring), ==, 1);
              g_assert_cmpint (cJSON_GetArraySize (cJSON_GetObjectItem (color, "lab_d50")), ==, 3);
              /* Named as `shadelab-cli name` names it. */
              {
                cJSON *lab_json = cJSON_GetObjectItem (color, "lab_d50");
                double lab[3] = { cJSON_GetArrayItem (lab_json, 0)->valuedouble,
                                  cJSON_GetArrayItem (lab_json, 1)->valuedouble,
                                  cJSON_GetArrayItem (lab_json, 2)->valuedouble };
                ShColorNames names;

                g_assert_true (sh_color_names (lab, &names));
                g_assert_cmpint (cJSON_GetObjectItem (cJSON_GetObjectItem (color, "iscc_nbs"), "number")->valueint,
                                 ==, names.iscc_nbs->number);
                g_assert_cmpstr (cJSON_GetObjectItem (cJSON_GetObjectItem (color, "cosmetic"), "name")->valuestring,
                                 ==, names.cosmetic.name);
              }
              g_assert_true (cJSON_IsString (cJSON_GetObjectItem (item, "shadelab_finish")));
            }
          annotations++;
        }
      cJSON_Delete (json);
    }
  g_assert_cmpuint (images, ==, 8);
  /* Two human boxes on each image, plus the accepted prediction. */
  g_assert_cmpuint (annotations, ==, 17);
  g_assert_cmpuint (accepted_model, ==, 1);
  g_assert_cmpuint (products_named, >, 0);
  run_checker ("coco", project, out);
}

static void
test_coco_include_new_and_seed (void)
{
  ShProject *project = get_fixture ();
  g_autoptr (GError) error = NULL;
  g_autofree char *out = g_build_filename (work_dir, "coco-new", NULL);
  g_autofree char *out2 = g_build_filename (work_dir, "coco-new-again", NULL);
  g_autofree char *first = NULL, *second = NULL;
  ShExportOptions options;
  ShExportSummary summary;

  sh_export_options_init (&options);
  options.include_new = TRUE;
  options.fractions[0] = 1;
  options.fractions[1] = options.fractions[2] = 0;
  g_assert_true (sh_export (project, out, &options, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.images[0], ==, 9);
  g_assert_cmpuint (summary.images[1] + summary.images[2], ==, 0);
  g_assert_cmpuint (summary.files, ==, 1);
  {
    g_autofree char *val = g_build_filename (out, "annotations", "instances_val.json", NULL);
    g_assert_false (g_file_test (val, G_FILE_TEST_EXISTS));
  }

  /* The same options twice give the same annotations (info.date_created aside). */
  options.include_new = FALSE;
  options.fractions[0] = options.fractions[1] = options.fractions[2] = 1;
  g_assert_true (sh_export (project, out, &options, NULL, &error));
  g_assert_true (sh_export (project, out2, &options, NULL, &error));
  for (int split = 0; split < 3; split++)
    {
      g_autofree char *name = g_strdup_printf ("instances_%s.json", sh_export_split_name (split));
      g_autofree char *a = g_build_filename (out, "annotations", name, NULL);
      g_autofree char *b = g_build_filename (out2, "annotations", name, NULL);
      cJSON *ja = read_json (a), *jb = read_json (b);
      char *ta, *tb;

      cJSON_DeleteItemFromObject (ja, "info");
      cJSON_DeleteItemFromObject (jb, "info");
      /* file_name is relative to each folder: compare the rest. */
      ta = cJSON_PrintUnformatted (cJSON_GetObjectItem (ja, "annotations"));
      tb = cJSON_PrintUnformatted (cJSON_GetObjectItem (jb, "annotations"));
      g_assert_cmpstr (ta, ==, tb);
      cJSON_free (ta);
      cJSON_free (tb);
      cJSON_Delete (ja);
      cJSON_Delete (jb);
    }
}

/* ---- VOC, YOLO, CSV: read back by python3 ---- */

/* Exports the fixture as name, which must write `files` files and pass check-export.py; returns the folder. */
static char *
export_checked (ShExportFormat format, const char *name, guint files)
{
  ShExportSummary summary;
  char *out = export_to (get_fixture (), format, name, &summary);

  g_assert_cmpuint (summary.files, ==, files);
  run_checker (name, get_fixture (), out);
  return out;
}

static void
test_voc (void)
{
  /* 8 annotations + 3 image lists. */
  g_free (export_checked (SH_EXPORT_VOC, "voc", 11));
}

static void
test_yolo (void)
{
  ShExportSummary summary;
  /* 8 links + 8 label files + data.yaml. */
  g_autofree char *out = export_checked (SH_EXPORT_YOLO, "yolo", 17);
  g_autofree char *stale = g_build_filename (out, "labels", "train", "gone.txt", NULL);

  /* Re-exporting removes the labels of images no longer exported, and nothing else. */
  g_assert_true (g_file_set_contents (stale, "0 0.5 0.5 0.1 0.1\n", -1, NULL));
  g_free (export_to (get_fixture (), SH_EXPORT_YOLO, "yolo", &summary));
  g_assert_false (g_file_test (stale, G_FILE_TEST_EXISTS));
  run_checker ("yolo", get_fixture (), out);
}

static void
test_csv (void)
{
  g_autofree char *out = export_checked (SH_EXPORT_CSV, "csv", 1);

  /* The last three columns name the measured colour as `shadelab-cli name` does, or stay empty without one. */
  {
    g_autofree char *path = g_build_filename (out, "boxes.csv", NULL);
    g_autofree char *text = NULL;
    g_auto (GStrv) lines = NULL;
    guint named = 0;

    g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
    lines = g_strsplit (text, "\r\n", -1);
    g_assert_true (g_str_has_suffix (lines[0], ",split,iscc_nbs_number,iscc_nbs_name,cosmetic_name"));
    for (guint i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++)
      {
        /* From the end: only the columns before color_hex may hold quoted commas. */
        g_autofree char *reversed = g_utf8_strreverse (lines[i], -1);
        g_auto (GStrv) tail = g_strsplit (reversed, ",", 10);
        char *fields[9];
        ShColorNames names;

        g_assert_cmpuint (g_strv_length (tail), ==, 10);
        for (int f = 0; f < 9; f++)
          fields[f] = g_utf8_strreverse (tail[8 - f], -1);  /* color_hex, lab_l, lab_a, lab_b, finish, split,
                                                             * number, name, cosmetic */
        if (fields[0][0] == '\0')
          {
            g_assert_cmpstr (fields[6], ==, "");
            g_assert_cmpstr (fields[8], ==, "");
          }
        else
          {
            double lab[3] = { g_ascii_strtod (fields[1], NULL), g_ascii_strtod (fields[2], NULL),
                              g_ascii_strtod (fields[3], NULL) };

            g_assert_true (sh_color_names (lab, &names));
            g_assert_cmpint (atoi (fields[6]), ==, names.iscc_nbs->number);
            g_assert_cmpstr (fields[7], ==, names.iscc_nbs->name);
            g_assert_cmpstr (fields[8], ==, names.cosmetic.name);
            named++;
          }
        for (int f = 0; f < 9; f++)
          g_free (fields[f]);
      }
    g_assert_cmpuint (named, >, 0);
  }
}

/* ---- glTF ---- */

static cJSON *
read_gltf (const char *out, const char *name)
{
  g_autofree char *path = g_build_filename (out, name, NULL);
  return read_json (path);
}

static cJSON *
first_material (cJSON *gltf)
{
  return cJSON_GetArrayItem (cJSON_GetObjectItem (gltf, "materials"), 0);
}

static void
assert_base_color (cJSON *gltf, const double expected[3])
{
  cJSON *factor = cJSON_GetObjectItem (cJSON_GetObjectItem (first_material (gltf), "pbrMetallicRoughness"),
                                       "baseColorFactor");

  g_assert_cmpint (cJSON_GetArraySize (factor), ==, 4);
  for (int i = 0; i < 3; i++)
    g_assert_cmpfloat_with_epsilon (cJSON_GetArrayItem (factor, i)->valuedouble, expected[i], 2e-6);
  g_assert_cmpfloat (cJSON_GetArrayItem (factor, 3)->valuedouble, ==, 1);
}

static double
pbr_number (cJSON *gltf, const char *key)
{
  return cJSON_GetObjectItem (cJSON_GetObjectItem (first_material (gltf), "pbrMetallicRoughness"), key)->valuedouble;
}

static void
test_gltf (void)
{
  ShProject *project = get_fixture ();
  ShExportSummary summary;
  g_autofree char *out = export_to (project, SH_EXPORT_GLTF, "gltf", &summary);
  /* Products go in SKU order ("SKU-A" before "sku-a"): the second of two names equal but for case gets its
   * product id. */
  g_autofree char *swatch_name = g_strdup_printf ("sku-a-%" G_GINT64_FORMAT ".gltf",
                                                  query_int_for (project, "SELECT id FROM products WHERE sku = ?1",
                                                                 FIXTURE_SKU_SWATCH));
  g_autofree char *none = g_build_filename (out, "NO-COLOR.gltf", NULL);
  cJSON *gltf, *material, *extensions, *object, *accessor;
  /* The notes' own example: #B0243A is [0.4342, 0.0176, 0.0423] in linear light. */
  const double red[3] = { 0.434154, 0.017642, 0.042311 };
  double catalog[3], swatch[3];
  uint8_t rgb[3];

  g_assert_cmpuint (summary.products, ==, 4);
  g_assert_cmpuint (summary.products_skipped, ==, 1);
  g_assert_false (g_file_test (none, G_FILE_TEST_EXISTS));

  /* Calibrated material: its colour, roughness, clearcoat, sheen, specular, glitter. */
  gltf = read_gltf (out, "LIP_RED_01.gltf");
  g_assert_cmpstr (cJSON_GetObjectItem (cJSON_GetObjectItem (gltf, "asset"), "version")->valuestring, ==, "2.0");
  g_assert_null (cJSON_GetObjectItem (gltf, "extensionsRequired"));
  g_assert_cmpint (cJSON_GetArraySize (cJSON_GetObjectItem (gltf, "extensionsUsed")), ==, 3);
  assert_base_color (gltf, red);
  g_assert_cmpfloat (pbr_number (gltf, "roughnessFactor"), ==, 0.3);
  g_assert_cmpfloat (pbr_number (gltf, "metallicFactor"), ==, 0);
  material = first_material (gltf);
  extensions = cJSON_GetObjectItem (material, "extensions");
  object = cJSON_GetObjectItem (extensions, "KHR_materials_clearcoat");
  g_assert_cmpfloat (cJSON_GetObjectItem (object, "clearcoatFactor")->valuedouble, ==, 0.6);
  g_assert_cmpfloat (cJSON_GetObjectItem (object, "clearcoatRoughnessFactor")->valuedouble, ==, 0.08);
  object = cJSON_GetObjectItem (extensions, "KHR_materials_sheen");
  g_assert_cmpfloat (cJSON_GetArrayItem (cJSON_GetObjectItem (object, "sheenColorFactor"), 0)->valuedouble, ==, 0.2);
  object = cJSON_GetObjectItem (extensions, "KHR_materials_specular");
  g_assert_cmpfloat (cJSON_GetObjectItem (object, "specularFactor")->valuedouble, ==, 0.8);
  object = cJSON_GetObjectItem (cJSON_GetObjectItem (cJSON_GetObjectItem (material, "extras"), "shadelab"), "glitter");
  g_assert_cmpfloat (cJSON_GetObjectItem (object, "density")->valuedouble, ==, 2.5);
  g_assert_cmpfloat (cJSON_GetObjectItem (object, "size_mm")->valuedouble, ==, 0.1);
  g_assert_cmpfloat_with_epsilon (cJSON_GetArrayItem (cJSON_GetObjectItem (object, "color_linear"), 0)->valuedouble,
                                  1.0, 1e-9);
  /* extras.shadelab ends with the colour's names. */
  object = cJSON_GetObjectItem (cJSON_GetObjectItem (material, "extras"), "shadelab");
  g_assert_cmpint (cJSON_GetObjectItem (cJSON_GetObjectItem (object, "iscc_nbs"), "number")->valueint, ==, 11);
  g_assert_cmpstr (cJSON_GetObjectItem (cJSON_GetObjectItem (object, "iscc_nbs"), "name")->valuestring, ==,
                   "Vivid Red");
  g_assert_cmpstr (cJSON_GetObjectItem (cJSON_GetObjectItem (object, "cosmetic"), "name")->valuestring, ==,
                   "tan cool red");
  /* A mesh to show it on, with the bounds validators check. */
  accessor = cJSON_GetArrayItem (cJSON_GetObjectItem (gltf, "accessors"), 0);
  g_assert_cmpfloat (cJSON_GetArrayItem (cJSON_GetObjectItem (accessor, "min"), 0)->valuedouble, ==, -0.5);
  g_assert_cmpfloat (cJSON_GetArrayItem (cJSON_GetObjectItem (accessor, "max"), 1)->valuedouble, ==, 0.5);
  cJSON_Delete (gltf);

  /* No calibrated colour: the most confident robust swatch of a product box (the rejected photo's box
   * does not count); roughness from the material's finish (matte), no extension. */
  gltf = read_gltf (out, swatch_name);
  swatch[0] = query_int_for (project, "SELECT round(s.linear_r * 1e6) FROM swatches s JOIN boxes b ON b.id = s.box_id "
                             "JOIN images i ON i.id = b.image_id JOIN products p ON p.id = i.product_id "
                             "WHERE p.sku = ?1 AND i.status = 'labeled' AND s.method = 'robust' "
                             "ORDER BY s.confidence DESC, b.id LIMIT 1", FIXTURE_SKU_SWATCH) / 1e6;
  g_assert_cmpfloat_with_epsilon (cJSON_GetArrayItem (cJSON_GetObjectItem (cJSON_GetObjectItem (
                                    first_material (gltf), "pbrMetallicRoughness"), "baseColorFactor"), 0)->valuedouble,
                                  CLAMP (swatch[0], 0, 1), 2e-6);
  g_assert_cmpstr (cJSON_GetObjectItem (cJSON_GetObjectItem (cJSON_GetObjectItem (first_material (gltf), "extras"),
                                                             "shadelab"), "color_source")->valuestring, ==, "swatch");
  g_assert_cmpfloat (pbr_number (gltf, "roughnessFactor"), ==, 0.75);
  g_assert_null (cJSON_GetObjectItem (gltf, "extensionsUsed"));
  cJSON_Delete (gltf);

  /* Same SKU but for case: a file of its own. */
  gltf = read_gltf (out, "SKU-A.gltf");
  g_assert_nonnull (gltf);
  cJSON_Delete (gltf);

  /* Catalogue colour only. */
  gltf = read_gltf (out, "CAT-7.gltf");
  g_assert_true (sh_parse_hex (FIXTURE_CATALOG_HEX, rgb));
  for (int i = 0; i < 3; i++)
    catalog[i] = sh_srgb_decode (rgb[i] / 255.0);
  assert_base_color (gltf, catalog);
  {
    g_autofree char *names = sh_color_names_describe_hex (FIXTURE_CATALOG_HEX);
    cJSON *shadelab = cJSON_GetObjectItem (cJSON_GetObjectItem (first_material (gltf), "extras"), "shadelab");

    g_assert_true (g_str_has_prefix (names, cJSON_GetObjectItem (cJSON_GetObjectItem (shadelab, "iscc_nbs"),
                                                                 "name")->valuestring));
    g_assert_true (g_str_has_suffix (names, cJSON_GetObjectItem (cJSON_GetObjectItem (shadelab, "cosmetic"),
                                                                 "name")->valuestring));
  }
  cJSON_Delete (gltf);
}

/* ---- atomicity and failures ---- */

static void
test_parent_is_file (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *file = g_build_filename (work_dir, "plain-file", NULL);
  g_autofree char *out = g_build_filename (file, "export", NULL);
  ShExportOptions options;

  g_assert_true (g_file_set_contents (file, "x", -1, NULL));
  sh_export_options_init (&options);
  g_assert_false (sh_export (get_fixture (), out, &options, NULL, &error));
  g_assert_error (error, SH_EXPORT_ERROR, SH_EXPORT_ERROR_WRITE);
  g_test_message ("%s", error->message);
  assert_error_mentions (error, "plain-file", g_strerror (ENOTDIR), NULL);
}

static gboolean
run (const char *command)
{
  int status;
  return g_spawn_command_line_sync (command, NULL, NULL, &status, NULL) && g_spawn_check_wait_status (status, NULL);
}

/* A tiny tmpfs is a real full disk; mounting needs root (or a user namespace). */
static char *
mount_tmpfs (const char *name, const char *options)
{
  char *mountpoint = g_build_filename (work_dir, name, NULL);
  g_autofree char *command = NULL;

  g_mkdir (mountpoint, 0755);
  command = g_strdup_printf ("mount -t tmpfs -o %s tmpfs %s", options, mountpoint);
  if (!run (command))
    {
      g_rmdir (mountpoint);
      g_free (mountpoint);
      return NULL;
    }
  return mountpoint;
}

static void
unmount (const char *mountpoint)
{
  g_autofree char *command = g_strdup_printf ("umount %s", mountpoint);
  g_assert_true (run (command));
  g_rmdir (mountpoint);
}

static void
test_disk_full (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *project_path = g_build_filename (work_dir, "big" SH_PROJECT_EXTENSION, NULL);
  g_autoptr (ShProject) big = NULL;
  g_autofree char *mountpoint = mount_tmpfs ("full", "size=256k");
  g_autofree char *old_path = NULL;
  g_autofree char *old_text = NULL, *after_text = NULL;
  ShExportOptions options;

  if (!mountpoint)
    {
      g_test_skip ("mount -t tmpfs is not allowed here (the parent-is-file case still runs)");
      return;
    }
  /* A first, small export: it must survive the failed one untouched. */
  sh_export_options_init (&options);
  options.fractions[0] = 1;
  options.fractions[1] = options.fractions[2] = 0;
  g_assert_true (sh_export (get_fixture (), mountpoint, &options, NULL, &error));
  g_assert_no_error (error);
  old_path = g_build_filename (mountpoint, "annotations", "instances_train.json", NULL);
  g_assert_true (g_file_get_contents (old_path, &old_text, NULL, NULL));

  /* About 2 MB of COCO into 256 kB. */
  big = fixture_synthetic_project (project_path, 2000, 600, 3, &error);
  g_assert_no_error (error);
  g_assert_false (sh_export (big, mountpoint, &options, NULL, &error));
  g_assert_error (error, SH_EXPORT_ERROR, SH_EXPORT_ERROR_FULL);
  g_test_message ("%s", error->message);
  assert_error_mentions (error, "instances_train.json", g_strerror (ENOSPC), NULL);
  g_clear_error (&error);

  /* The old file, whole, and nothing else (no temporary file left). */
  g_assert_true (g_file_get_contents (old_path, &after_text, NULL, NULL));
  g_assert_cmpstr (after_text, ==, old_text);
  g_assert_cmpuint (count_files (mountpoint), ==, 1);

  /* A failed VOC export into the full disk leaves no file and no folder behind either. */
  g_unlink (old_path);
  {
    g_autofree char *annotations = g_path_get_dirname (old_path);
    g_rmdir (annotations);
  }
  options.format = SH_EXPORT_VOC;
  g_assert_false (sh_export (big, mountpoint, &options, NULL, &error));
  g_assert_error (error, SH_EXPORT_ERROR, SH_EXPORT_ERROR_FULL);
  g_assert_cmpuint (count_files (mountpoint), ==, 0);
  unmount (mountpoint);
}

static void
test_read_only_target (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *mountpoint = mount_tmpfs ("read-only", "size=64k,ro");
  ShExportOptions options;

  if (!mountpoint)
    {
      g_test_skip ("mount -t tmpfs is not allowed here (the parent-is-file case still runs)");
      return;
    }
  sh_export_options_init (&options);
  options.format = SH_EXPORT_CSV;
  g_assert_false (sh_export (get_fixture (), mountpoint, &options, NULL, &error));
  g_assert_error (error, SH_EXPORT_ERROR, SH_EXPORT_ERROR_WRITE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, g_strerror (EROFS)));
  g_assert_cmpuint (count_files (mountpoint), ==, 0);
  unmount (mountpoint);
}

/* ---- command line ---- */

static int
cli (const char *args, char **err)
{
  const char *build = g_getenv ("SHADELAB_BUILD_DIR");
  g_autofree char *command = g_strdup_printf ("%s/app/shadelab-cli export %s", build ? build : ".", args);
  int status;

  g_assert_true (g_spawn_command_line_sync (command, NULL, err, &status, NULL));
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static void
test_cli (void)
{
  const char *project = sh_project_get_path (get_fixture ());
  g_autofree char *out = g_build_filename (work_dir, "cli", NULL);
  g_autofree char *args = NULL;
  g_autofree char *err = NULL;
  g_autofree char *json = g_build_filename (out, "annotations", "instances_train.json", NULL);

  if (!g_getenv ("SHADELAB_BUILD_DIR"))
    {
      g_test_skip ("SHADELAB_BUILD_DIR is not set (run through meson test)");
      return;
    }
  g_assert_cmpint (cli ("--help", NULL), ==, 0);
  args = g_strdup_printf ("'%s' --out '%s'", project, out);
  g_assert_cmpint (cli (args, NULL), ==, 2);                            /* no --format */
  g_free (args);
  args = g_strdup_printf ("'%s' --format png --out '%s'", project, out);
  g_assert_cmpint (cli (args, NULL), ==, 2);
  g_free (args);
  args = g_strdup_printf ("'%s' --format coco --out '%s' --split 0,0", project, out);
  g_assert_cmpint (cli (args, NULL), ==, 2);
  g_free (args);
  args = g_strdup_printf ("'%s/missing.shadelab' --format coco --out '%s'", work_dir, out);
  g_assert_cmpint (cli (args, &err), ==, 1);
  g_assert_nonnull (strstr (err, "missing.shadelab"));
  g_free (args);
  args = g_strdup_printf ("'%s' --format coco --out '%s' --split 0.6,0.2,0.2 --seed 9", project, out);
  g_assert_cmpint (cli (args, NULL), ==, 0);
  g_assert_true (g_file_test (json, G_FILE_TEST_IS_REGULAR));
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  work_dir = make_tmp_dir ("shadelab-export");

  g_test_add_func ("/export/numbers", test_numbers);
  g_test_add_func ("/export/split/parse", test_split_parse);
  g_test_add_func ("/export/split/grouped", test_split_grouped);
  g_test_add_func ("/export/coco", test_coco);
  g_test_add_func ("/export/coco/include-new-and-repeat", test_coco_include_new_and_seed);
  g_test_add_func ("/export/voc", test_voc);
  g_test_add_func ("/export/yolo", test_yolo);
  g_test_add_func ("/export/csv", test_csv);
  g_test_add_func ("/export/gltf", test_gltf);
  g_test_add_func ("/export/fail/parent-is-file", test_parent_is_file);
  g_test_add_func ("/export/fail/disk-full", test_disk_full);
  g_test_add_func ("/export/fail/read-only", test_read_only_target);
  g_test_add_func ("/export/cli", test_cli);
  status = g_test_run ();

  g_clear_pointer (&fixture, sh_project_close);
  remove_tree (work_dir);
  g_free (work_dir);
  return status;
}
