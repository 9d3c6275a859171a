/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-import-annotations.c: `shadelab-cli import-annotations PROJECT COCO.json`, a detector's predictions as
 * model boxes. */
#define G_LOG_DOMAIN "shadelab-cli"

#include "config.h"

#include <stdio.h>

#include <glib.h>

#include "core/formats/annotations.h"
#include "core/cli/cli.h"
#include "core/store/project.h"

int
sh_cli_import_annotations (int argc, char **argv)
{
  g_auto (GStrv) rest = NULL;
  GOptionEntry entries[] = {
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("PROJECT COCO.json");
  g_autoptr (GError) error = NULL;
  g_autoptr (ShProject) project = NULL;
  g_autoptr (ShCocoSet) set = NULL;
  ShCocoReport report;
  gboolean ok;

  g_set_prgname ("shadelab-cli import-annotations");
  g_option_context_set_summary (context,
                                "Loads predictions in COCO detection JSON as boxes with source=model and their "
                                "score,\nmatched to the project's photos by file name. Category names become box "
                                "classes.\nA second import replaces the model boxes nobody has accepted yet.\n"
                                "A file with any error changes nothing.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || rest == NULL || g_strv_length (rest) != 2)
    return sh_cli_usage_error (context, "import-annotations", error != NULL ? error->message : "give a PROJECT and one COCO JSON file");

  set = sh_coco_parse_file (rest[1], &error);
  if (set == NULL)
    return sh_cli_failed ("import-annotations", error);
  project = sh_project_open (rest[0], SH_PROJECT_OPEN_READ_WRITE, &error);
  if (project == NULL)
    return sh_cli_failed ("import-annotations", error);
  sh_coco_report_init (&report);
  ok = sh_coco_apply (project, set, &report, &error);
  if (ok)
    {
      for (guint i = 0; i < report.warnings->len; i++)
        fprintf (stderr, "shadelab-cli import-annotations: warning: %s\n",
                 (char *) g_ptr_array_index (report.warnings, i));
      printf ("Added %u model box%s to %u image%s (%u earlier unaccepted model box%s replaced), %u warning%s\n",
              report.boxes_added, report.boxes_added == 1 ? "" : "es", report.images_matched,
              report.images_matched == 1 ? "" : "s", report.boxes_replaced, report.boxes_replaced == 1 ? "" : "es",
              report.warnings->len, report.warnings->len == 1 ? "" : "s");
    }
  else
    fprintf (stderr, "shadelab-cli import-annotations: %s\n", error->message);
  sh_coco_report_clear (&report);
  return ok ? 0 : 1;
}
