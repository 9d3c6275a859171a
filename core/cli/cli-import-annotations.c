/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-import-annotations.c: `shadelab-cli import-annotations PROJECT FILE|FOLDER [--as ground-truth|predictions]`:
 * another tool's labels as human boxes, or a detector's predictions as model boxes. */
#define G_LOG_DOMAIN "shadelab-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "core/formats/annotations.h"
#include "core/formats/annotations-readers.h"
#include "core/cli/cli.h"
#include "core/store/project.h"

int
sh_cli_import_annotations (int argc, char **argv)
{
  g_auto (GStrv) rest = NULL;
  g_autofree char *as_text = NULL;
  ShAnnotationsAs as = SH_ANNOTATIONS_AS_DETECTED;
  GOptionEntry entries[] = {
    { "as", 0, 0, G_OPTION_ARG_STRING, &as_text,
      "ground-truth (human boxes) or predictions (model boxes to review); by default what the file says", "KIND" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("PROJECT FILE|FOLDER");
  g_autoptr (GError) error = NULL;
  g_autoptr (ShProject) project = NULL;
  g_autoptr (ShCocoSet) set = NULL;
  ShCocoReport report;
  gboolean ok;

  g_set_prgname ("shadelab-cli import-annotations");
  g_option_context_set_summary (context,
                                "Loads annotations from COCO JSON, a Pascal VOC folder or file, a YOLO dataset\n"
                                "(its folder with data.yaml), labelme JSON or CVAT for images 1.1 XML, told apart by "
                                "content.\nGround truth (COCO without scores, VOC, YOLO without confidences, labelme, "
                                "CVAT) becomes\nhuman boxes and marks new photos labeled; importing it twice adds "
                                "nothing. Predictions\n(scores) become model boxes to review, replacing those nobody "
                                "accepted yet. Photos are\nmatched by path, then by file name (two photos of that name: "
                                "an error). Class names\nbecome box classes, new ones created. Any error changes "
                                "nothing.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || rest == NULL || g_strv_length (rest) != 2)
    return sh_cli_usage_error (context, "import-annotations", error != NULL ? error->message : "give a PROJECT and one annotation file or folder");
  if (as_text != NULL)
    {
      if (strcmp (as_text, "ground-truth") == 0)
        as = SH_ANNOTATIONS_AS_GROUND_TRUTH;
      else if (strcmp (as_text, "predictions") == 0)
        as = SH_ANNOTATIONS_AS_PREDICTIONS;
      else
        return sh_cli_usage_error (context, "import-annotations", "--as takes ground-truth or predictions");
    }

  set = sh_annotations_read (rest[1], as, &error);
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
      if (set->ground_truth)
        printf ("Added %u human box%s from %s to %u image%s (%u already there, %u new photo%s marked labeled), "
                "%u warning%s\n", report.boxes_added, report.boxes_added == 1 ? "" : "es", set->format,
                report.images_matched, report.images_matched == 1 ? "" : "s", report.boxes_present,
                report.images_labeled, report.images_labeled == 1 ? "" : "s", report.warnings->len,
                report.warnings->len == 1 ? "" : "s");
      else
        printf ("Added %u model box%s to %u image%s (%u earlier unaccepted model box%s replaced), %u warning%s\n",
                report.boxes_added, report.boxes_added == 1 ? "" : "es", report.images_matched,
                report.images_matched == 1 ? "" : "s", report.boxes_replaced, report.boxes_replaced == 1 ? "" : "es",
                report.warnings->len, report.warnings->len == 1 ? "" : "s");
      if (report.new_classes->len > 0)
        {
          g_autoptr (GString) names = g_string_new (NULL);

          for (guint i = 0; i < report.new_classes->len; i++)
            g_string_append_printf (names, "%s\"%s\"", i > 0 ? ", " : "",
                                    (char *) g_ptr_array_index (report.new_classes, i));
          printf ("New box classes: %s\n", names->str);
        }
    }
  else
    fprintf (stderr, "shadelab-cli import-annotations: %s\n", error->message);
  sh_coco_report_clear (&report);
  return ok ? 0 : 1;
}
