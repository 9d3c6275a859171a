/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-face.c: `shadelab-cli face add PROJECT --participant CODE (--bare | --worn SKU) PHOTO...`,
 * `face list PROJECT [--participant CODE] [--json]`, `face export PROJECT --format coco|csv --out DIR` and
 * `face import-polygons PROJECT COCO.json`: participants' photos with bare lips (to render a shade on) and
 * wearing a product (to compare with), and their lips in and out for a landmark model. */
#define G_LOG_DOMAIN "shadelab-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <glib.h>

#include "core/cli/cli.h"
#include "core/formats/face-export.h"
#include "core/formats/face-import.h"
#include "core/store/project-participants.h"
#include "core/store/project-reference.h"
#include "core/store/project.h"

static const char description[] =
  "Actions:\n"
  "  add PROJECT --participant CODE (--bare | --worn SKU) PHOTO...\n"
  "                          add photos of a participant: bare lips, or wearing the product SKU\n"
  "  list PROJECT [--participant CODE]\n"
  "                          the face photos (id, participant, kind, product, upright size, lips drawn)\n"
  "  export PROJECT --format coco|csv --out DIR\n"
  "                          the face photos of participants who consented and their lips: COCO\n"
  "                          (DIR/annotations/faces.json, categories lips and mouth-opening) or CSV\n"
  "                          (DIR/faces.csv, one row per polygon); a participant without consent is never\n"
  "                          exported\n"
  "  import-polygons PROJECT COCO.json\n"
  "                          lips from a landmark model: COCO segmentation polygons onto the face photos\n"
  "                          matched by path, then by file name; categories lips / outer and mouth-opening /\n"
  "                          opening; a file with any error changes nothing\n"
  "\n"
  "Photos are read like imported ones: a file the loader refuses (missing, corrupt, not a photo) is refused,\n"
  "and then none of the photos given is added. The project refers to them by path and SHA-256. The lips are\n"
  "drawn with 'shadelab-cli polygon set PROJECT ID ...', ID from the list.\n"
  "\n"
  "Exit status: 0 done, 1 error (message on stderr), 2 usage error.";

static void
print_json (GPtrArray *rows)
{
  cJSON *root = cJSON_CreateObject ();
  cJSON *array = cJSON_AddArrayToObject (root, "face_photos");

  for (guint i = 0; i < rows->len; i++)
    {
      const ShFacePhotoRow *row = g_ptr_array_index (rows, i);
      cJSON *item = cJSON_CreateObject ();

      cJSON_AddNumberToObject (item, "id", (double) row->id);
      cJSON_AddStringToObject (item, "participant", row->participant_code);
      cJSON_AddStringToObject (item, "kind", row->kind == SH_FACE_PHOTO_WORN ? "worn" : "bare");
      if (row->sku != NULL)
        cJSON_AddStringToObject (item, "sku", row->sku);
      else
        cJSON_AddNullToObject (item, "sku");
      cJSON_AddStringToObject (item, "path", row->path);
      cJSON_AddStringToObject (item, "sha256", row->content_hash);
      cJSON_AddNumberToObject (item, "width", row->width);
      cJSON_AddNumberToObject (item, "height", row->height);
      cJSON_AddBoolToObject (item, "outer", row->has_outer);
      cJSON_AddBoolToObject (item, "opening", row->has_opening);
      cJSON_AddStringToObject (item, "added_at", row->added_at);
      cJSON_AddItemToArray (array, item);
    }
  sh_cli_print_json (root);
}

int
sh_cli_face (int argc, char **argv)
{
  g_autofree char *participant = NULL;
  g_autofree char *worn = NULL;
  g_autofree char *by = NULL;
  g_autofree char *format = NULL;
  g_autofree char *out = NULL;
  gboolean bare = FALSE, json = FALSE, consented_only = TRUE;
  g_auto (GStrv) rest = NULL;
  GOptionEntry entries[] = {
    { "participant", 'p', 0, G_OPTION_ARG_STRING, &participant, "The participant's code", "CODE" },
    { "bare", 0, 0, G_OPTION_ARG_NONE, &bare, "add: photos with bare lips", NULL },
    { "worn", 0, 0, G_OPTION_ARG_STRING, &worn, "add: photos wearing this product", "SKU" },
    { "by", 0, 0, G_OPTION_ARG_STRING, &by, "add: who adds them (default: your user name)", "NAME" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "list: print JSON", NULL },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format, "export: coco or csv", "FORMAT" },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out, "export: the folder to write (created when missing)", "DIR" },
    { "consented-only", 0, 0, G_OPTION_ARG_NONE, &consented_only,
      "export: only participants who consented (always so)", NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) context =
    g_option_context_new ("add|list|export|import-polygons PROJECT [options] [PHOTO...|COCO.json]");
  g_autoptr (GError) error = NULL;
  g_autoptr (ShProject) project = NULL;
  const char *action;
  guint n;

  g_set_prgname ("shadelab-cli face");
  g_option_context_set_summary (context, "Adds, lists and exports participants' face photos and their lips.");
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return sh_cli_usage_error (context, "face", error->message);
  n = rest != NULL ? g_strv_length (rest) : 0;
  if (n < 2)
    return sh_cli_usage_error (context, "face",
                               "give an action (add, list, export, import-polygons) and PROJECT");
  action = rest[0];

  if (strcmp (action, "export") == 0)
    {
      ShFaceExportFormat export_format;
      ShFaceExportSummary summary;

      if (n != 2)
        return sh_cli_usage_error (context, "face", "export takes PROJECT only");
      if (format == NULL || !sh_face_export_format_from_name (format, &export_format))
        return sh_cli_usage_error (context, "face", "export needs --format coco or --format csv");
      if (out == NULL)
        return sh_cli_usage_error (context, "face", "export needs --out DIR");
      project = sh_project_open (rest[1], SH_PROJECT_OPEN_READ_ONLY, &error);
      if (project == NULL || !sh_face_export (project, out, export_format, &summary, &error))
        return sh_cli_failed ("face", error);
      printf ("face: wrote %u face photo%s of %u participant%s and %u polygon%s to %s (%u participant%s without "
              "consent left out)\n", summary.photos, summary.photos == 1 ? "" : "s", summary.participants,
              summary.participants == 1 ? "" : "s", summary.polygons, summary.polygons == 1 ? "" : "s", out,
              summary.left_out, summary.left_out == 1 ? "" : "s");
      return 0;
    }

  if (strcmp (action, "import-polygons") == 0)
    {
      ShFaceImportReport report;
      gboolean ok;

      if (n != 3)
        return sh_cli_usage_error (context, "face", "import-polygons takes PROJECT and one COCO JSON file");
      project = sh_project_open (rest[1], SH_PROJECT_OPEN_READ_WRITE, &error);
      if (project == NULL)
        return sh_cli_failed ("face", error);
      sh_face_import_report_init (&report);
      ok = sh_face_import_polygons (project, rest[2], &report, &error);
      if (ok)
        {
          for (guint i = 0; i < report.warnings->len; i++)
            fprintf (stderr, "shadelab-cli face: warning: %s\n", (char *) g_ptr_array_index (report.warnings, i));
          printf ("face: set the lips of %u face photo%s from %u polygon%s (%u of other categories left out), "
                  "%u warning%s\n", report.photos, report.photos == 1 ? "" : "s", report.polygons,
                  report.polygons == 1 ? "" : "s", report.ignored, report.warnings->len,
                  report.warnings->len == 1 ? "" : "s");
        }
      sh_face_import_report_clear (&report);
      return ok ? 0 : sh_cli_failed ("face", error);
    }

  if (strcmp (action, "list") == 0)
    {
      g_autoptr (GPtrArray) rows = NULL;
      gint64 participant_id = 0;

      if (n != 2)
        return sh_cli_usage_error (context, "face", "list takes PROJECT only");
      project = sh_project_open (rest[1], SH_PROJECT_OPEN_READ_ONLY, &error);
      if (project == NULL
          || (participant != NULL && !sh_project_find_participant (project, participant, &participant_id, &error))
          || (rows = sh_project_list_face_photos (project, participant_id, &error)) == NULL)
        return sh_cli_failed ("face", error);
      if (json)
        print_json (rows);
      else
        for (guint i = 0; i < rows->len; i++)
          {
            const ShFacePhotoRow *row = g_ptr_array_index (rows, i);

            printf ("%-6" G_GINT64_FORMAT " %-16s %s %-16s %5dx%-5d lips %s  %s\n", row->id, row->participant_code,
                    row->kind == SH_FACE_PHOTO_WORN ? "worn" : "bare", row->sku != NULL ? row->sku : "-", row->width,
                    row->height, row->has_outer ? (row->has_opening ? "outer+opening" : "outer") : "-", row->path);
          }
      return 0;
    }

  if (strcmp (action, "add") == 0)
    {
      gint64 participant_id = 0, product_id = 0;

      if (participant == NULL)
        return sh_cli_usage_error (context, "face", "add needs --participant CODE");
      if (bare == (worn != NULL))
        return sh_cli_usage_error (context, "face", "add needs one of --bare and --worn SKU");
      if (n < 3)
        return sh_cli_usage_error (context, "face", "add needs at least one PHOTO");
      project = sh_project_open (rest[1], SH_PROJECT_OPEN_READ_WRITE, &error);
      if (project == NULL || !sh_project_find_participant (project, participant, &participant_id, &error)
          || (worn != NULL && !sh_project_find_product (project, worn, &product_id, &error)))
        return sh_cli_failed ("face", error);
      /* All the photos or none: one refused photo leaves the project as it was. */
      if (!sh_project_begin (project, &error))
        return sh_cli_failed ("face", error);
      for (guint i = 2; i < n; i++)
        if (!sh_project_add_face_photo (project, participant_id, worn != NULL ? SH_FACE_PHOTO_WORN : SH_FACE_PHOTO_BARE,
                                        product_id, rest[i], by != NULL ? by : g_get_user_name (), NULL, &error))
          {
            sh_project_rollback (project);
            g_prefix_error (&error, "nothing added: ");
            return sh_cli_failed ("face", error);
          }
      if (!sh_project_commit (project, &error))
        return sh_cli_failed ("face", error);
      printf ("face: added %u %s photo%s of '%s'%s%s\n", n - 2, worn != NULL ? "worn" : "bare", n - 2 == 1 ? "" : "s",
              participant, worn != NULL ? " wearing " : "", worn != NULL ? worn : "");
      return 0;
    }

  return sh_cli_usage_error (context, "face", "the action must be add, list, export or import-polygons");
}
