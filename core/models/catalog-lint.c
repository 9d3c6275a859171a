/* SPDX-License-Identifier: GPL-3.0-or-later */
/* catalog-lint.c: the catalogue lint (see catalog-lint.h). */
#define G_LOG_DOMAIN "shadelab-lint"

#include "config.h"

#include <math.h>
#include <string.h>

#include "color/colorspace.h"
#include "color/delta-e.h"
#include "core/formats/color-names.h"
#include "core/models/catalog-lint.h"
#include "core/store/project-lint.h"

typedef struct {
  ShProductColor *product;
  gboolean has_catalog;
  double catalog_lab[3];
  char measured_hex[8];
} Item;

static void
problem_clear (gpointer data)
{
  ShLintProblem *problem = data;

  g_free (problem->sku);
  g_free (problem->brand);
  g_free (problem->shade);
  g_free (problem->other_sku);
}

static ShLintProblem *
add_problem (ShCatalogLint *lint, ShLintKind kind, const Item *item)
{
  ShLintProblem problem = { 0 };
  const ShProductColor *product = item->product;

  problem.kind = kind;
  problem.product_id = product->id;
  problem.sku = g_strdup (product->sku);
  problem.brand = g_strdup (product->brand);
  problem.shade = g_strdup (product->shade);
  if (product->catalog_color)
    g_strlcpy (problem.catalog_hex, product->catalog_color, sizeof problem.catalog_hex);
  if (item->has_catalog)
    memcpy (problem.catalog_lab, item->catalog_lab, sizeof problem.catalog_lab);
  if (product->n_measured > 0)
    {
      g_strlcpy (problem.measured_hex, item->measured_hex, sizeof problem.measured_hex);
      memcpy (problem.measured_lab, product->lab, sizeof problem.measured_lab);
    }
  g_array_append_val (lint->problems, problem);
  return &g_array_index (lint->problems, ShLintProblem, lint->problems->len - 1);
}

static void
check_far_from_catalog (ShCatalogLint *lint, const Item *item)
{
  ShLintProblem *problem;
  double de;

  if (!item->has_catalog || item->product->n_measured == 0)
    return;
  de = sh_delta_e2000 (item->catalog_lab, item->product->lab);
  if (de <= lint->threshold)
    return;
  problem = add_problem (lint, SH_LINT_FAR_FROM_CATALOG, item);
  problem->delta_e = de;
  problem->photos = item->product->n_measured;
}

static void
check_coverage (ShCatalogLint *lint, const Item *item)
{
  const ShProductColor *product = item->product;

  if (product->catalog_color && product->n_photos == 0)
    add_problem (lint, SH_LINT_COLOR_WITHOUT_PHOTOS, item);
  if (!product->catalog_color && product->n_photos > 0)
    add_problem (lint, SH_LINT_PHOTOS_WITHOUT_COLOR, item)->photos = product->n_photos;
}

static void
check_name (ShCatalogLint *lint, const Item *item)
{
  const ShProductColor *product = item->product;
  ShLintProblem *problem;
  ShShadeWords words;
  const char *keyword;
  ShShadeFamily claimed;

  if (product->n_measured == 0 || !product->shade || !sh_shade_words (product->lab, &words)
      || !sh_shade_name_contradicts (product->shade, words.family, &keyword, &claimed))
    return;
  problem = add_problem (lint, SH_LINT_NAME_CONTRADICTS, item);
  problem->keyword = keyword;
  problem->named_family = claimed;
  problem->measured_family = words.family;
}

/* Same brand, ignoring case and surrounding spaces; products without a brand are no brand's. */
static char *
brand_key (const char *brand)
{
  g_autofree char *stripped = NULL;

  if (!brand)
    return NULL;
  stripped = g_strstrip (g_strdup (brand));
  return stripped[0] ? g_utf8_casefold (stripped, -1) : NULL;
}

static void
check_pair (ShCatalogLint *lint, const Item *a, const Item *b)
{
  const double *lab_a, *lab_b;
  gboolean measured;
  ShLintProblem *problem;
  double de;

  /* Measured when both are, else the catalogue colours when both have one: never one against the other. */
  if (a->product->n_measured > 0 && b->product->n_measured > 0)
    {
      lab_a = a->product->lab;
      lab_b = b->product->lab;
      measured = TRUE;
    }
  else if (a->has_catalog && b->has_catalog)
    {
      lab_a = a->catalog_lab;
      lab_b = b->catalog_lab;
      measured = FALSE;
    }
  else
    return;
  /* CIEDE2000 >= |dL*| / SL and SL <= 1.75, so a large lightness gap settles it without the full formula. */
  if (fabs (lab_a[0] - lab_b[0]) > 1.75 * SH_CATALOG_LINT_SAME_SHADE_DELTA_E)
    return;
  de = sh_delta_e2000 (lab_a, lab_b);
  if (de >= SH_CATALOG_LINT_SAME_SHADE_DELTA_E)
    return;
  problem = add_problem (lint, SH_LINT_SAME_SHADE, a);
  problem->other_id = b->product->id;
  problem->other_sku = g_strdup (b->product->sku);
  problem->measured_basis = measured;
  problem->delta_e = de;
}

static void
check_same_shades (ShCatalogLint *lint, const Item *items, guint n)
{
  g_autoptr (GHashTable) brands = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         (GDestroyNotify) g_ptr_array_unref);
  g_autoptr (GPtrArray) order = g_ptr_array_new ();

  for (guint i = 0; i < n; i++)
    {
      char *key = brand_key (items[i].product->brand);
      GPtrArray *group;

      if (!key)
        continue;
      group = g_hash_table_lookup (brands, key);
      if (!group)
        {
          group = g_ptr_array_new ();
          g_hash_table_insert (brands, key, group);
          g_ptr_array_add (order, group);
        }
      else
        g_free (key);
      g_ptr_array_add (group, (gpointer) &items[i]);
    }
  /* Brands in the order of their first SKU, pairs in SKU order. */
  for (guint g = 0; g < order->len; g++)
    {
      GPtrArray *group = g_ptr_array_index (order, g);

      for (guint i = 0; i < group->len; i++)
        for (guint j = i + 1; j < group->len; j++)
          check_pair (lint, g_ptr_array_index (group, i), g_ptr_array_index (group, j));
    }
}

ShCatalogLint *
sh_catalog_lint_run (ShProject *project, double threshold, GError **error)
{
  g_autoptr (GArray) products = NULL;
  g_autofree Item *items = NULL;
  ShCatalogLint *lint;

  products = sh_project_product_colors (project, error);
  if (products == NULL)
    return NULL;

  items = g_new0 (Item, MAX (products->len, 1));
  for (guint i = 0; i < products->len; i++)
    {
      Item *item = &items[i];
      uint8_t rgb[3];

      item->product = &g_array_index (products, ShProductColor, i);
      if (item->product->catalog_color && sh_parse_hex (item->product->catalog_color, rgb))
        {
          sh_srgb8_to_lab (rgb, item->catalog_lab);
          item->has_catalog = TRUE;
        }
      if (item->product->n_measured > 0)
        {
          sh_lab_to_srgb8 (item->product->lab, rgb);
          sh_format_hex (rgb, item->measured_hex);
        }
    }

  lint = g_new0 (ShCatalogLint, 1);
  lint->n_products = products->len;
  lint->threshold = threshold;
  lint->problems = g_array_new (FALSE, TRUE, sizeof (ShLintProblem));
  g_array_set_clear_func (lint->problems, problem_clear);
  for (guint i = 0; i < products->len; i++)
    check_far_from_catalog (lint, &items[i]);
  check_same_shades (lint, items, products->len);
  for (guint i = 0; i < products->len; i++)
    check_coverage (lint, &items[i]);
  for (guint i = 0; i < products->len; i++)
    check_name (lint, &items[i]);
  return lint;
}

void
sh_catalog_lint_free (ShCatalogLint *lint)
{
  if (lint == NULL)
    return;
  g_array_unref (lint->problems);
  g_free (lint);
}

const char *
sh_lint_kind_id (ShLintKind kind)
{
  switch (kind)
    {
    case SH_LINT_FAR_FROM_CATALOG:
      return "far_from_catalog";
    case SH_LINT_SAME_SHADE:
      return "same_shade";
    case SH_LINT_COLOR_WITHOUT_PHOTOS:
      return "color_without_photos";
    case SH_LINT_PHOTOS_WITHOUT_COLOR:
      return "photos_without_color";
    case SH_LINT_NAME_CONTRADICTS:
    default:
      return "name_contradicts";
    }
}

static double
round4 (double v)
{
  return round (v * 10000.0) / 10000.0;
}

/* {"iscc_nbs", "cosmetic", "srgb", "lab_d50"} of a colour. */
static cJSON *
color_json (const char *hex, const double lab[3])
{
  ShColorNames names;
  cJSON *object, *array;

  sh_color_names (lab, &names);
  object = sh_color_names_json (&names);
  cJSON_AddStringToObject (object, "srgb", hex);
  array = cJSON_AddArrayToObject (object, "lab_d50");
  for (int i = 0; i < 3; i++)
    cJSON_AddItemToArray (array, cJSON_CreateNumber (round4 (lab[i])));
  return object;
}

cJSON *
sh_lint_problem_json (const ShLintProblem *problem)
{
  cJSON *object = cJSON_CreateObject ();

  cJSON_AddStringToObject (object, "kind", sh_lint_kind_id (problem->kind));
  cJSON_AddStringToObject (object, "sku", problem->sku);
  switch (problem->kind)
    {
    case SH_LINT_FAR_FROM_CATALOG:
      cJSON_AddItemToObject (object, "catalog", color_json (problem->catalog_hex, problem->catalog_lab));
      cJSON_AddItemToObject (object, "measured", color_json (problem->measured_hex, problem->measured_lab));
      cJSON_AddNumberToObject (object, "delta_e", round4 (problem->delta_e));
      cJSON_AddNumberToObject (object, "photos", problem->photos);
      break;
    case SH_LINT_SAME_SHADE:
      cJSON_AddStringToObject (object, "other_sku", problem->other_sku);
      cJSON_AddStringToObject (object, "brand", problem->brand);
      cJSON_AddStringToObject (object, "basis", problem->measured_basis ? "measured" : "catalog");
      cJSON_AddNumberToObject (object, "delta_e", round4 (problem->delta_e));
      break;
    case SH_LINT_COLOR_WITHOUT_PHOTOS:
      cJSON_AddStringToObject (object, "catalog", problem->catalog_hex);
      break;
    case SH_LINT_PHOTOS_WITHOUT_COLOR:
      cJSON_AddNumberToObject (object, "photos", problem->photos);
      break;
    case SH_LINT_NAME_CONTRADICTS:
      cJSON_AddStringToObject (object, "shade", problem->shade);
      cJSON_AddStringToObject (object, "keyword", problem->keyword);
      cJSON_AddStringToObject (object, "named_family", sh_shade_family_name (problem->named_family));
      cJSON_AddStringToObject (object, "measured_family", sh_shade_family_name (problem->measured_family));
      cJSON_AddItemToObject (object, "measured", color_json (problem->measured_hex, problem->measured_lab));
      break;
    }
  return object;
}
