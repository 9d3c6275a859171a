/* cli-lint.c: `shadelab-cli lint PROJECT [--threshold D] [--json]`: catalogue problems that the photos show.
 * Opens the project read-only, like stats and check. Exit status 0 when clean, 1 when it found problems (or
 * on an error, with a message on stderr), 2 on a usage error. */
#define G_LOG_DOMAIN "shadelab-cli"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <glib.h>

#include "core/cli/cli.h"
#include "color/colorspace.h"
#include "color/delta-e.h"
#include "core/formats/color-names.h"
#include "core/store/project-lint.h"
#include "core/store/project.h"

/* Two SKUs of one brand closer than this (CIEDE2000) are one shade sold twice: well under what a person
 * tells apart side by side. */
#define SAME_SHADE_DELTA_E 1.0

typedef struct {
  ShProductColor *product;
  gboolean has_catalog;
  double catalog_lab[3];
  char measured_hex[8];
} Item;

typedef struct {
  cJSON *problems;               /* the JSON array, also the source of the text */
  gboolean json;
} Report;

static double
round4 (double v)
{
  return round (v * 10000.0) / 10000.0;
}

static cJSON *
lab_json (const double lab[3])
{
  cJSON *array = cJSON_CreateArray ();

  for (int i = 0; i < 3; i++)
    cJSON_AddItemToArray (array, cJSON_CreateNumber (round4 (lab[i])));
  return array;
}

/* {"srgb", "lab_d50", "iscc_nbs", "cosmetic"} of a colour. */
static cJSON *
color_json (const char *hex, const double lab[3], ShColorNames *names)
{
  cJSON *object;

  sh_color_names (lab, names);
  object = sh_color_names_json (names);
  cJSON_AddStringToObject (object, "srgb", hex);
  cJSON_AddItemToObject (object, "lab_d50", lab_json (lab));
  return object;
}

static cJSON *
add_problem (Report *report, const char *kind, const ShProductColor *product)
{
  cJSON *problem = cJSON_CreateObject ();

  cJSON_AddStringToObject (problem, "kind", kind);
  cJSON_AddStringToObject (problem, "sku", product->sku);
  cJSON_AddItemToArray (report->problems, problem);
  return problem;
}

static void
check_far_from_catalog (Report *report, Item *item, double threshold)
{
  ShProductColor *product = item->product;
  ShColorNames catalog_names, measured_names;
  cJSON *problem;
  double de;

  if (!item->has_catalog || product->n_measured == 0)
    return;
  de = sh_delta_e2000 (item->catalog_lab, product->lab);
  if (de <= threshold)
    return;
  problem = add_problem (report, "far_from_catalog", product);
  cJSON_AddItemToObject (problem, "catalog", color_json (product->catalog_color, item->catalog_lab, &catalog_names));
  cJSON_AddItemToObject (problem, "measured", color_json (item->measured_hex, product->lab, &measured_names));
  cJSON_AddNumberToObject (problem, "delta_e", round4 (de));
  cJSON_AddNumberToObject (problem, "photos", product->n_measured);
  if (!report->json)
    printf ("far-from-catalog      %s: catalogue %s %s (%s), measured %s %s (%s) on %u photo%s: CIEDE2000 %.2f > %g\n",
            product->sku, product->catalog_color, catalog_names.iscc_nbs->name, catalog_names.cosmetic.name,
            item->measured_hex, measured_names.iscc_nbs->name, measured_names.cosmetic.name, product->n_measured,
            product->n_measured == 1 ? "" : "s", de, threshold);
}

static void
check_coverage (Report *report, Item *item)
{
  ShProductColor *product = item->product;
  cJSON *problem;

  if (product->catalog_color && product->n_photos == 0)
    {
      problem = add_problem (report, "color_without_photos", product);
      cJSON_AddStringToObject (problem, "catalog", product->catalog_color);
      if (!report->json)
        printf ("color-without-photos  %s: catalogue colour %s but no photos\n", product->sku, product->catalog_color);
    }
  if (!product->catalog_color && product->n_photos > 0)
    {
      problem = add_problem (report, "photos_without_color", product);
      cJSON_AddNumberToObject (problem, "photos", product->n_photos);
      if (!report->json)
        printf ("photos-without-color  %s: %u photo%s but no catalogue colour\n", product->sku, product->n_photos,
                product->n_photos == 1 ? "" : "s");
    }
}

static void
check_name (Report *report, Item *item)
{
  ShProductColor *product = item->product;
  ShColorNames names;
  const char *keyword;
  ShShadeFamily claimed;
  cJSON *problem;

  if (product->n_measured == 0 || !product->shade || !sh_color_names (product->lab, &names)
      || !sh_shade_name_contradicts (product->shade, names.cosmetic.family, &keyword, &claimed))
    return;
  problem = add_problem (report, "name_contradicts", product);
  cJSON_AddStringToObject (problem, "shade", product->shade);
  cJSON_AddStringToObject (problem, "keyword", keyword);
  cJSON_AddStringToObject (problem, "named_family", sh_shade_family_name (claimed));
  cJSON_AddStringToObject (problem, "measured_family", sh_shade_family_name (names.cosmetic.family));
  cJSON_AddItemToObject (problem, "measured", color_json (item->measured_hex, product->lab, &names));
  if (!report->json)
    printf ("name-contradicts      %s: shade \"%s\" says %s (\"%s\"), measured %s %s (%s)\n", product->sku,
            product->shade, sh_shade_family_name (claimed), keyword, item->measured_hex, names.iscc_nbs->name,
            names.cosmetic.name);
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
check_pair (Report *report, Item *a, Item *b)
{
  const double *lab_a, *lab_b;
  const char *basis;
  cJSON *problem;
  double de;

  /* Measured when both are, else the catalogue colours when both have one: never one against the other. */
  if (a->product->n_measured > 0 && b->product->n_measured > 0)
    {
      lab_a = a->product->lab;
      lab_b = b->product->lab;
      basis = "measured";
    }
  else if (a->has_catalog && b->has_catalog)
    {
      lab_a = a->catalog_lab;
      lab_b = b->catalog_lab;
      basis = "catalog";
    }
  else
    return;
  /* CIEDE2000 >= |dL*| / SL and SL <= 1.75, so a large lightness gap settles it without the full formula. */
  if (fabs (lab_a[0] - lab_b[0]) > 1.75 * SAME_SHADE_DELTA_E)
    return;
  de = sh_delta_e2000 (lab_a, lab_b);
  if (de >= SAME_SHADE_DELTA_E)
    return;
  problem = add_problem (report, "same_shade", a->product);
  cJSON_AddStringToObject (problem, "other_sku", b->product->sku);
  cJSON_AddStringToObject (problem, "brand", a->product->brand);
  cJSON_AddStringToObject (problem, "basis", basis);
  cJSON_AddNumberToObject (problem, "delta_e", round4 (de));
  if (!report->json)
    printf ("same-shade            %s and %s (brand %s): %s colour %s, CIEDE2000 %.2f < %g\n", a->product->sku,
            b->product->sku, a->product->brand, lab_a == a->product->lab ? "measured" : "catalogue",
            lab_a == a->product->lab ? a->measured_hex : a->product->catalog_color, de, SAME_SHADE_DELTA_E);
}

static void
check_same_shades (Report *report, Item *items, guint n)
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
      g_ptr_array_add (group, &items[i]);
    }
  /* Brands in the order of their first SKU, pairs in SKU order. */
  for (guint g = 0; g < order->len; g++)
    {
      GPtrArray *group = g_ptr_array_index (order, g);

      for (guint i = 0; i < group->len; i++)
        for (guint j = i + 1; j < group->len; j++)
          check_pair (report, g_ptr_array_index (group, i), g_ptr_array_index (group, j));
    }
}

int
sh_cli_lint (int argc, char **argv)
{
  gboolean json = FALSE;
  double threshold = 10;
  g_auto (GStrv) rest = NULL;
  GOptionEntry entries[] = {
    { "threshold", 't', 0, G_OPTION_ARG_DOUBLE, &threshold,
      "CIEDE2000 between catalogue and measured colour above which a product is listed (default 10)", "D" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print one JSON object", NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, "PROJECT" },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (ShProject) project = NULL;
  g_autoptr (GArray) products = NULL;
  g_autofree Item *items = NULL;
  Report report = { 0 };
  int count;

  g_set_prgname ("shadelab-cli lint");
  g_option_context_set_summary (context,
                                "Lists catalogue problems the photos show: a catalogue colour far from the measured "
                                "one, two SKUs of\none brand that are the same shade, a colour without photos or "
                                "photos without a colour, and shade\nnames that contradict the measured family. "
                                "Opens the project read-only. Exit status 0 when clean,\n1 when problems were "
                                "found.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || rest == NULL || rest[0] == NULL
      || rest[1] != NULL || !(threshold >= 0) || !isfinite (threshold))
    return sh_cli_usage_error (context, "lint", error != NULL ? error->message
               : rest == NULL || rest[0] == NULL || rest[1] != NULL ? "give exactly one PROJECT"
                                                                    : "--threshold must be a number >= 0");

  project = sh_project_open (rest[0], SH_PROJECT_OPEN_READ_ONLY, &error);
  if (project == NULL || (products = sh_project_product_colors (project, &error)) == NULL)
    return sh_cli_failed ("lint", error);

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

  report.json = json;
  report.problems = cJSON_CreateArray ();
  for (guint i = 0; i < products->len; i++)
    check_far_from_catalog (&report, &items[i], threshold);
  check_same_shades (&report, items, products->len);
  for (guint i = 0; i < products->len; i++)
    check_coverage (&report, &items[i]);
  for (guint i = 0; i < products->len; i++)
    check_name (&report, &items[i]);
  count = cJSON_GetArraySize (report.problems);

  if (json)
    {
      cJSON *root = cJSON_CreateObject ();
      char *text;

      cJSON_AddStringToObject (root, "project", sh_project_get_path (project));
      cJSON_AddNumberToObject (root, "products", products->len);
      cJSON_AddNumberToObject (root, "threshold", threshold);
      cJSON_AddNumberToObject (root, "same_shade_threshold", SAME_SHADE_DELTA_E);
      cJSON_AddNumberToObject (root, "count", count);
      cJSON_AddItemToObject (root, "problems", report.problems);
      text = cJSON_Print (root);
      puts (text);
      cJSON_free (text);
      cJSON_Delete (root);
    }
  else
    {
      if (count == 0)
        printf ("No problems in %u products.\n", products->len);
      else
        printf ("%d problem%s in %u products.\n", count, count == 1 ? "" : "s", products->len);
      cJSON_Delete (report.problems);
    }
  return count > 0 ? 1 : 0;
}
