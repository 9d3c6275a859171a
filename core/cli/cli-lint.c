/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-lint.c: `shadelab-cli lint PROJECT [--threshold D] [--json]`: catalogue problems that the photos show.
 * Opens the project read-only, like stats and check. Exit status 0 when clean, 1 when it found problems (or
 * on an error, with a message on stderr), 2 on a usage error. */
#define G_LOG_DOMAIN "shadelab-cli"

#include "config.h"

#include <math.h>
#include <stdio.h>

#include <cjson/cJSON.h>
#include <glib.h>

#include "core/cli/cli.h"
#include "core/formats/color-names.h"
#include "core/models/catalog-lint.h"
#include "core/store/project.h"

/* "#rrggbb Deep Red (deep cool red)" */
static char *
describe (const char *hex, const double lab[3])
{
  ShColorNames names;

  sh_color_names (lab, &names);
  return g_strdup_printf ("%s %s (%s)", hex, names.iscc_nbs->name, names.cosmetic.name);
}

static void
print_problem (const ShLintProblem *problem, double threshold)
{
  g_autofree char *catalog = NULL;
  g_autofree char *measured = NULL;

  switch (problem->kind)
    {
    case SH_LINT_FAR_FROM_CATALOG:
      catalog = describe (problem->catalog_hex, problem->catalog_lab);
      measured = describe (problem->measured_hex, problem->measured_lab);
      printf ("far-from-catalog      %s: catalogue %s, measured %s on %u photo%s: CIEDE2000 %.2f > %g\n",
              problem->sku, catalog, measured, problem->photos, problem->photos == 1 ? "" : "s",
              problem->delta_e, threshold);
      break;
    case SH_LINT_SAME_SHADE:
      printf ("same-shade            %s and %s (brand %s): %s colour %s, CIEDE2000 %.2f < %g\n", problem->sku,
              problem->other_sku, problem->brand, problem->measured_basis ? "measured" : "catalogue",
              problem->measured_basis ? problem->measured_hex : problem->catalog_hex, problem->delta_e,
              SH_CATALOG_LINT_SAME_SHADE_DELTA_E);
      break;
    case SH_LINT_COLOR_WITHOUT_PHOTOS:
      printf ("color-without-photos  %s: catalogue colour %s but no photos\n", problem->sku, problem->catalog_hex);
      break;
    case SH_LINT_PHOTOS_WITHOUT_COLOR:
      printf ("photos-without-color  %s: %u photo%s but no catalogue colour\n", problem->sku, problem->photos,
              problem->photos == 1 ? "" : "s");
      break;
    case SH_LINT_NAME_CONTRADICTS:
      measured = describe (problem->measured_hex, problem->measured_lab);
      printf ("name-contradicts      %s: shade \"%s\" says %s (\"%s\"), measured %s\n", problem->sku, problem->shade,
              sh_shade_family_name (problem->named_family), problem->keyword, measured);
      break;
    }
}

int
sh_cli_lint (int argc, char **argv)
{
  gboolean json = FALSE;
  double threshold = SH_CATALOG_LINT_DEFAULT_THRESHOLD;
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
  g_autoptr (ShCatalogLint) lint = NULL;
  guint count;

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
  if (project == NULL || (lint = sh_catalog_lint_run (project, threshold, &error)) == NULL)
    return sh_cli_failed ("lint", error);
  count = lint->problems->len;

  if (json)
    {
      cJSON *root = cJSON_CreateObject ();
      cJSON *problems;
      char *text;

      cJSON_AddStringToObject (root, "project", sh_project_get_path (project));
      cJSON_AddNumberToObject (root, "products", lint->n_products);
      cJSON_AddNumberToObject (root, "threshold", threshold);
      cJSON_AddNumberToObject (root, "same_shade_threshold", SH_CATALOG_LINT_SAME_SHADE_DELTA_E);
      cJSON_AddNumberToObject (root, "count", count);
      problems = cJSON_AddArrayToObject (root, "problems");
      for (guint i = 0; i < count; i++)
        cJSON_AddItemToArray (problems, sh_lint_problem_json (&g_array_index (lint->problems, ShLintProblem, i)));
      text = cJSON_Print (root);
      puts (text);
      cJSON_free (text);
      cJSON_Delete (root);
    }
  else
    {
      for (guint i = 0; i < count; i++)
        print_problem (&g_array_index (lint->problems, ShLintProblem, i), threshold);
      if (count == 0)
        printf ("No problems in %u products.\n", lint->n_products);
      else
        printf ("%u problem%s in %u products.\n", count, count == 1 ? "" : "s", lint->n_products);
    }
  return count > 0 ? 1 : 0;
}
