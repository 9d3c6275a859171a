/* SPDX-License-Identifier: GPL-3.0-or-later */
/* export-fixture.c: projects to export, built through the store API on generated photos. */
#include "config.h"

#include <string.h>

#include <cjson/cJSON.h>
#include <glib.h>

#include "color/extract.h"
#include "core/formats/image-loader.h"
#include "core/formats/synth-writer.h"
#include "tests/lib/export-fixture.h"

static gboolean
add_photo (ShProject *project, const char *path, ShLoadedImage **loaded_out, gint64 *id, GError **error)
{
  g_autofree char *bytes = NULL;
  g_autofree char *hash = NULL;
  gsize len;
  ShLoadedImage *loaded;
  gboolean added;
  ShImageRow row = { 0 };

  if (!g_file_get_contents (path, &bytes, &len, error))
    return FALSE;
  loaded = sh_load_image (path, NULL, error);
  if (!loaded)
    return FALSE;
  hash = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) bytes, len);
  row.path = path;
  row.content_hash = hash;
  row.file_size = (gint64) len;
  row.format = loaded->format_name;
  row.width = loaded->image->width;
  row.height = loaded->image->height;
  row.orientation = loaded->image->source_orientation;
  row.profile_name = loaded->profile_name;
  row.photo_check_passed = -1;
  if (!sh_project_add_image (project, &row, id, &added, error))
    {
      sh_loaded_image_free (loaded);
      return FALSE;
    }
  *loaded_out = loaded;
  return TRUE;
}

static gboolean
box_from_json (cJSON *object, ShBox *box)
{
  cJSON *x = cJSON_GetObjectItem (object, "x"), *y = cJSON_GetObjectItem (object, "y");
  cJSON *w = cJSON_GetObjectItem (object, "w"), *h = cJSON_GetObjectItem (object, "h");

  if (!cJSON_IsNumber (x) || !cJSON_IsNumber (y) || !cJSON_IsNumber (w) || !cJSON_IsNumber (h))
    return FALSE;
  *box = (ShBox) { x->valueint, y->valueint, w->valueint, h->valueint };
  return TRUE;
}

static gboolean
save_box (ShProject *project, gint64 image_id, const char *class_name, ShBox box, ShBoxSource source,
          double score, gboolean accepted, int flags, gint64 *id, GError **error)
{
  ShBoxRow row = { 0 };

  row.image_id = image_id;
  row.class_name = class_name;
  row.x = box.x;
  row.y = box.y;
  row.w = box.w;
  row.h = box.h;
  row.source = source;
  row.score = score;
  row.accepted = accepted;
  row.labeler = "fixture";
  row.occluded = (flags & 1) != 0;
  row.truncated = (flags & 2) != 0;
  row.difficult = (flags & 4) != 0;
  return sh_project_save_box (project, &row, id, error);
}

static gboolean
product (ShProject *project, const char *sku, const char *brand, const char *shade, const char *category,
         const char *color, gint64 *id, GError **error)
{
  ShProductRow row = { sku, brand, shade, category, "fixture-market", color };

  return sh_project_upsert_product (project, &row, id, error);
}

static gboolean
material (ShProject *project, gint64 product_id, const char *const *pairs, GError **error)
{
  for (guint i = 0; pairs[i]; i += 2)
    if (!sh_project_set_material (project, product_id, pairs[i], pairs[i + 1], "artist", "fixture", error))
      return FALSE;
  return TRUE;
}

/* What each of the 11 photos becomes: product index (-1 none), status. */
typedef struct {
  int product;
  ShImageStatus status;
} PhotoPlan;

static const PhotoPlan plans[] = {
  { 0, SH_IMAGE_LABELED }, { 0, SH_IMAGE_LABELED }, { 0, SH_IMAGE_LABELED },
  { 1, SH_IMAGE_LABELED }, { 1, SH_IMAGE_LABELED }, { 2, SH_IMAGE_LABELED },
  { -1, SH_IMAGE_LABELED }, { 1, SH_IMAGE_REJECTED },
  { -1, SH_IMAGE_LABELED }, { -1, SH_IMAGE_SKIPPED }, { -1, SH_IMAGE_NEW },
};

ShProject *
fixture_photo_project (const char *dir, GError **error)
{
  g_autofree char *photos = g_build_filename (dir, "photos", NULL);
  g_autofree char *more = g_build_filename (dir, "more", NULL);
  g_autofree char *path = g_build_filename (dir, "fixture" SH_PROJECT_EXTENSION, NULL);
  g_autoptr (ShProject) project = NULL;
  gint64 products[5];
  guint photo = 0;
  static const char *const red_material[] = {
    "base_color", FIXTURE_MATERIAL_HEX, "finish", "shiny", "roughness", "0.3", "clearcoat", "0.6",
    "clearcoat_roughness", "0.08", "sheen_color", "[0.2,0.1,0.1]", "sheen_roughness", "0.5", "specular", "0.8",
    "glitter_density", "2.5", "glitter_size", "0.1", "glitter_color", "#ffd700", NULL,
  };
  static const char *const nude_material[] = { "finish", "matte", NULL };

  if (!sh_synth_write_set (photos, 8, 7, 320, 240, error) || !sh_synth_write_set (more, 3, 8, 320, 240, error))
    return NULL;
  project = sh_project_create (path, error);
  if (!project)
    return NULL;
  if (!product (project, FIXTURE_SKU_MATERIAL, FIXTURE_BRAND, "Red, \"01\"", "lipstick", "#aa0000", &products[0],
                error)
      || !product (project, FIXTURE_SKU_SWATCH, "B", "Nude", "lip gloss", NULL, &products[1], error)
      || !product (project, FIXTURE_SKU_SWATCH_CASE, "B", "Nude 2", "lipstick", NULL, &products[2], error)
      || !product (project, FIXTURE_SKU_CATALOG, "C", "Magenta", "lipstick", FIXTURE_CATALOG_HEX, &products[3],
                   error)
      || !product (project, FIXTURE_SKU_NONE, "D", NULL, "lipstick", NULL, &products[4], error)
      || !material (project, products[0], red_material, error)
      || !material (project, products[1], nude_material, error))
    return NULL;

  for (int set = 0; set < 2; set++)
    {
      const char *folder = set == 0 ? photos : more;
      g_autofree char *truth_path = g_build_filename (folder, "truth.json", NULL);
      g_autofree char *truth_text = NULL;
      cJSON *truth;

      if (!g_file_get_contents (truth_path, &truth_text, NULL, error))
        return NULL;
      truth = cJSON_Parse (truth_text);
      for (int i = 0; i < cJSON_GetArraySize (truth); i++, photo++)
        {
          cJSON *entry = cJSON_GetArrayItem (truth, i);
          const PhotoPlan *plan = &plans[photo];
          g_autofree char *file = g_build_filename (folder, cJSON_GetObjectItem (entry, "file")->valuestring, NULL);
          g_autoptr (ShLoadedImage) loaded = NULL;
          gint64 image_id, box_id;
          ShBox box, case_box;
          ShSwatch swatch;
          gboolean ok;

          /* Photos without a case get a packaging box in a corner all the same. */
          if (!box_from_json (cJSON_GetObjectItem (entry, "case"), &case_box))
            case_box = (ShBox) { 0, 200, 60, 40 };
          ok = box_from_json (cJSON_GetObjectItem (entry, "box"), &box)
               && add_photo (project, file, &loaded, &image_id, error)
               && (plan->product < 0 || sh_project_set_image_product (project, image_id, products[plan->product], error))
               && save_box (project, image_id, "product", box, SH_BOX_SOURCE_HUMAN, -1, FALSE, photo == 0 ? 1 : 0,
                            &box_id, error)
               && sh_extract_with_finish (loaded->image, box, SH_METHOD_ROBUST, &swatch, NULL)
               && sh_project_save_swatch (project, box_id, &swatch, error)
               && save_box (project, image_id, "packaging", case_box, SH_BOX_SOURCE_HUMAN, -1, FALSE,
                            photo == 3 ? 6 : 2, &box_id, error);
          /* A prediction nobody reviewed (not ground truth) and one a person accepted. */
          if (ok && photo == 1)
            ok = save_box (project, image_id, "distractor", (ShBox) { 10, 10, 40, 30 }, SH_BOX_SOURCE_MODEL, 0.4,
                           FALSE, 0, &box_id, error);
          if (ok && photo == 2)
            ok = save_box (project, image_id, "distractor", (ShBox) { 250, 180, 60, 50 }, SH_BOX_SOURCE_MODEL, 0.87,
                           TRUE, 0, &box_id, error);
          if (ok && plan->status != SH_IMAGE_NEW)
            ok = sh_project_set_image_status (project, image_id, plan->status,
                                              plan->status == SH_IMAGE_REJECTED ? "blurred" : NULL, error);
          if (!ok)
            {
              cJSON_Delete (truth);
              if (error && !*error)
                g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "%s: cannot build the fixture", file);
              return NULL;
            }
        }
      cJSON_Delete (truth);
    }
  return g_steal_pointer (&project);
}

ShProject *
fixture_synthetic_project (const char *path, guint n_images, guint n_products, guint boxes_per_image,
                           GError **error)
{
  g_autoptr (ShProject) project = sh_project_create (path, error);
  static const char *const classes[] = { "product", "packaging", "distractor" };
  gint64 product_id = 0;
  guint product_index = 0, left_in_product = 0;

  if (!project)
    return NULL;
  for (guint i = 0; i < n_images; i++)
    {
      char image_path[64], hash[65], sku[32];
      ShImageRow row = { 0 };
      gint64 image_id, box_id;
      gboolean added;

      if (i % 10000 == 0)
        {
          if (i > 0 && !sh_project_commit (project, error))
            return NULL;
          if (!sh_project_begin (project, error))
            return NULL;
        }
      g_snprintf (image_path, sizeof image_path, "/data/photos/%03u/photo-%07u.jpg", i % 500, i);
      g_snprintf (hash, sizeof hash, "%064x", i + 1);
      row.path = image_path;
      row.content_hash = hash;
      row.file_size = 1000000;
      row.format = "jpeg";
      row.width = 1600;
      row.height = 1200;
      row.orientation = 1;
      row.profile_name = "sRGB";
      row.photo_check_passed = -1;
      if (!sh_project_add_image (project, &row, &image_id, &added, error))
        return NULL;

      /* Products of 1 to 4 images; one image in ten has none. */
      if (i % 10 != 9 && n_products > 0)
        {
          if (left_in_product == 0)
            {
              ShProductRow product = { sku, "Brand", "Shade", "lipstick", NULL, "#a01020" };

              g_snprintf (sku, sizeof sku, "SKU-%06u", product_index % n_products);
              if (!sh_project_upsert_product (project, &product, &product_id, error))
                return NULL;
              left_in_product = 1 + g_int_hash (&product_index) % 4;
              product_index++;
            }
          left_in_product--;
          if (!sh_project_set_image_product (project, image_id, product_id, error))
            return NULL;
        }
      for (guint b = 0; b < boxes_per_image; b++)
        {
          ShBoxRow box = { 0 };

          box.image_id = image_id;
          box.class_name = classes[b % G_N_ELEMENTS (classes)];
          box.x = 100 + (i * 37 + b * 101) % 900 + 0.25;
          box.y = 50 + (i * 53 + b * 71) % 600 + 0.5;
          box.w = 200 + b * 10;
          box.h = 300.75;
          box.source = SH_BOX_SOURCE_HUMAN;
          box.score = -1;
          box.labeler = "bench";
          if (!sh_project_save_box (project, &box, &box_id, error))
            return NULL;
        }
      if (!sh_project_set_image_status (project, image_id, SH_IMAGE_LABELED, NULL, error))
        return NULL;
    }
  if (n_images > 0 && !sh_project_commit (project, error))
    return NULL;
  return g_steal_pointer (&project);
}
