/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-accept.c: `shadelab-cli accept PROJECT --min-score S [--class C] [--labeler NAME] [--json]`: a detector's
 * confident boxes accepted without a person pressing Return on each photo, and the photos left for people. */
#define G_LOG_DOMAIN "shadelab-cli"

#include "config.h"

#include <math.h>
#include <stdio.h>

#include <cjson/cJSON.h>
#include <glib.h>

#include "core/cli/cli.h"
#include "core/store/project-accept.h"
#include "core/store/project.h"

int
sh_cli_accept (int argc, char **argv)
{
  double min_score = NAN;
  g_autofree char *class_name = NULL;
  g_autofree char *labeler = NULL;
  gboolean json = FALSE;
  g_auto (GStrv) rest = NULL;
  GOptionEntry entries[] = {
    { "min-score", 's', 0, G_OPTION_ARG_DOUBLE, &min_score, "Accept model boxes scoring S or more, 0 to 1 (required)",
      "S" },
    { "class", 'c', 0, G_OPTION_ARG_STRING, &class_name, "Only boxes of this class (default: every class)", "C" },
    { "labeler", 0, 0, G_OPTION_ARG_STRING, &labeler, "Who accepts, for the audit trail (default: $USER)", "NAME" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print one JSON object", NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, "PROJECT" },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (ShProject) project = NULL;
  g_autoptr (GArray) left = NULL;
  ShAcceptResult result = { 0 };
  const char *who;

  g_set_prgname ("shadelab-cli accept");
  g_option_context_set_summary (context,
                                "Accepts the model boxes nobody has accepted yet whose score is S or more, in one "
                                "transaction,\nand records who, when, the threshold, the class and the counts in the "
                                "project's audit trail.\nNew photos left with nothing to review become labeled. Then "
                                "lists the new photos that still\nneed a person: no accepted or human box, or a "
                                "prediction below the threshold.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || rest == NULL || rest[0] == NULL || rest[1] != NULL)
    return sh_cli_usage_error (context, "accept", error != NULL ? error->message : "give exactly one PROJECT");
  if (!(min_score >= 0 && min_score <= 1))
    return sh_cli_usage_error (context, "accept", "--min-score must be a number from 0 to 1");
  who = labeler != NULL && labeler[0] != '\0' ? labeler : g_getenv ("USER");
  if (who == NULL || who[0] == '\0')
    who = g_get_user_name ();

  project = sh_project_open (rest[0], SH_PROJECT_OPEN_READ_WRITE, &error);
  if (project == NULL || !sh_project_accept_by_score (project, min_score, class_name, who, &result, &error)
      || (left = sh_project_list_needing_person (project, &error)) == NULL)
    return sh_cli_failed ("accept", error);

  if (json)
    {
      cJSON *root = cJSON_CreateObject ();
      cJSON *photos;

      cJSON_AddStringToObject (root, "project", sh_project_get_path (project));
      cJSON_AddNumberToObject (root, "min_score", min_score);
      if (class_name != NULL)
        cJSON_AddStringToObject (root, "class", class_name);
      else
        cJSON_AddNullToObject (root, "class");
      cJSON_AddStringToObject (root, "who", who);
      cJSON_AddNumberToObject (root, "acceptance", (double) result.acceptance_id);
      cJSON_AddNumberToObject (root, "accepted_boxes", result.boxes);
      cJSON_AddNumberToObject (root, "images_labeled", result.images_labeled);
      photos = cJSON_AddArrayToObject (root, "needs_person");
      for (guint i = 0; i < left->len; i++)
        {
          const ShPersonImage *image = &g_array_index (left, ShPersonImage, i);
          cJSON *item = cJSON_CreateObject ();

          cJSON_AddStringToObject (item, "path", image->path);
          cJSON_AddNumberToObject (item, "model_boxes", image->model_boxes);
          cJSON_AddItemToArray (photos, item);
        }
      sh_cli_print_json (root);
    }
  else
    {
      printf ("Accepted %u model box%s scoring %g or more%s%s%s; %u photo%s marked labeled. %u photo%s need%s a "
              "person%s\n", result.boxes, result.boxes == 1 ? "" : "es", min_score,
              class_name != NULL ? " (class " : "", class_name != NULL ? class_name : "",
              class_name != NULL ? ")" : "", result.images_labeled, result.images_labeled == 1 ? "" : "s", left->len,
              left->len == 1 ? "" : "s", left->len == 1 ? "s" : "", left->len > 0 ? ":" : ".");
      for (guint i = 0; i < left->len; i++)
        {
          const ShPersonImage *image = &g_array_index (left, ShPersonImage, i);

          if (image->model_boxes > 0)
            printf ("%s\t%u prediction%s to review\n", image->path, image->model_boxes,
                    image->model_boxes == 1 ? "" : "s");
          else
            printf ("%s\tno box\n", image->path);
        }
    }
  return 0;
}
