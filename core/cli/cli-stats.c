/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-stats.c: `shadelab-cli stats PROJECT [--json]`. Opens the project read-only, so it also works while
 * Shadelab has it open. */
#define G_LOG_DOMAIN "shadelab-cli"

#include "config.h"

#include <stdio.h>

#include <cjson/cJSON.h>
#include <glib.h>

#include "core/cli/cli.h"
#include "core/store/project-stats.h"
#include "core/store/project.h"

static double
number (cJSON *object, const char *name)
{
  cJSON *item = cJSON_GetObjectItemCaseSensitive (object, name);
  return cJSON_IsNumber (item) ? item->valuedouble : 0;
}

static char *
duration_text (double seconds)
{
  long total = (long) (seconds + 0.5);
  if (total >= 3600)
    return g_strdup_printf ("%ldh %02ldm", total / 3600, total / 60 % 60);
  if (total >= 60)
    return g_strdup_printf ("%ldm %02lds", total / 60, total % 60);
  return g_strdup_printf ("%lds", total);
}

static void
print_text (cJSON *stats)
{
  cJSON *images = cJSON_GetObjectItemCaseSensitive (stats, "images");
  cJSON *boxes = cJSON_GetObjectItemCaseSensitive (stats, "boxes");
  cJSON *by_source = cJSON_GetObjectItemCaseSensitive (boxes, "by_source");
  cJSON *labelers = cJSON_GetObjectItemCaseSensitive (stats, "labelers");
  cJSON *coverage = cJSON_GetObjectItemCaseSensitive (stats, "coverage");
  cJSON *item;

  printf ("Project  %s\n\n", cJSON_GetStringValue (cJSON_GetObjectItemCaseSensitive (stats, "project")));

  printf ("Images   %.0f, %.0f done (%.1f%%)\n", number (images, "total"), number (images, "done"),
          100 * number (images, "done_fraction"));
  printf ("         new %.0f, labeled %.0f, skipped %.0f, rejected %.0f\n\n", number (images, "new"),
          number (images, "labeled"), number (images, "skipped"), number (images, "rejected"));

  printf ("Boxes    %.0f: human %.0f, model %.0f (%.0f accepted)\n", number (boxes, "total"),
          number (by_source, "human"), number (by_source, "model"), number (boxes, "model_accepted"));
  cJSON_ArrayForEach (item, cJSON_GetObjectItemCaseSensitive (boxes, "by_class"))
    printf ("         %-20s %8.0f\n", item->string, item->valuedouble);
  printf ("\n");

  printf ("Labelers %d\n", cJSON_GetArraySize (labelers));
  cJSON_ArrayForEach (item, labelers)
    {
      g_autofree char *time = duration_text (number (item, "seconds"));
      printf ("         %-20s %8.0f boxes  %10s over %.0f visits (%.0f images)\n",
              cJSON_GetStringValue (cJSON_GetObjectItemCaseSensitive (item, "name")), number (item, "boxes"), time,
              number (item, "visits"), number (item, "images"));
    }
  printf ("\n");

  printf ("Shades   %.0f of %.0f products have a labeled image (%.1f%%)\n", number (coverage, "covered"),
          number (coverage, "products"), 100 * number (coverage, "fraction"));
  cJSON_ArrayForEach (item, cJSON_GetObjectItemCaseSensitive (coverage, "by_category"))
    {
      const char *category = cJSON_GetStringValue (cJSON_GetObjectItemCaseSensitive (item, "category"));
      printf ("         %-20s %8.0f of %-8.0f (%.1f%%)\n", category != NULL ? category : "(no category)",
              number (item, "covered"), number (item, "products"), 100 * number (item, "fraction"));
    }
}

int
sh_cli_stats (int argc, char **argv)
{
  gboolean json_output = FALSE;
  g_auto (GStrv) rest = NULL;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json_output, "Print one JSON object", NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, "PROJECT" },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (ShProject) project = NULL;
  cJSON *stats;

  g_set_prgname ("shadelab-cli stats");
  g_option_context_set_summary (context,
                                "Labeling progress by status, boxes by class and source, boxes and time per "
                                "labeler, and shade coverage\n(products with at least one labeled image), overall "
                                "and by category. Opens the project read-only.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || rest == NULL || rest[0] == NULL
      || rest[1] != NULL)
    return sh_cli_usage_error (context, "stats", error != NULL ? error->message : "give exactly one PROJECT");

  project = sh_project_open (rest[0], SH_PROJECT_OPEN_READ_ONLY, &error);
  if (project == NULL || (stats = sh_project_stats_json (project, &error)) == NULL)
    return sh_cli_failed ("stats", error);
  if (json_output)
    {
      char *text = cJSON_Print (stats);
      puts (text);
      cJSON_free (text);
    }
  else
    print_text (stats);
  cJSON_Delete (stats);
  return 0;
}
