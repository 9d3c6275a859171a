/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-tone.c: `shadelab-cli tone add PROJECT NAME #RRGGBB`, `tone list PROJECT [--json]`,
 * `tone remove PROJECT NAME`: the project's custom reference skin tones. */
#define G_LOG_DOMAIN "shadelab-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <glib.h>

#include "core/cli/cli.h"
#include "core/store/project-reference.h"
#include "core/store/project.h"

static const char description[] =
  "Actions:\n"
  "  add PROJECT NAME #RRGGBB   add a reference skin tone (sRGB) beside the 10 Monk Skin Tone swatches\n"
  "  list PROJECT               the custom tones (name, hex, Lab D50)\n"
  "  remove PROJECT NAME        remove a custom tone\n"
  "\n"
  "Custom tones are drawn after the Monk tones on the tone grid, in the review's contact sheet and by\n"
  "'shadelab-cli render PROJECT --tones mst,project'.\n"
  "\n"
  "Exit status: 0 done, 1 error (message on stderr), 2 usage error.";

int
sh_cli_tone (int argc, char **argv)
{
  gboolean json = FALSE;
  g_autofree char *by = NULL;
  g_auto (GStrv) rest = NULL;
  GOptionEntry entries[] = {
    { "by", 0, 0, G_OPTION_ARG_STRING, &by, "Who adds the tone (default: your user name)", "NAME" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "list: print JSON", NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("add|list|remove PROJECT [NAME [#RRGGBB]]");
  g_autoptr (GError) error = NULL;
  g_autoptr (ShProject) project = NULL;
  const char *action;
  guint n;

  g_set_prgname ("shadelab-cli tone");
  g_option_context_set_summary (context, "Adds, lists and removes a project's reference skin tones.");
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return sh_cli_usage_error (context, "tone", error->message);
  n = rest != NULL ? g_strv_length (rest) : 0;
  if (n < 2)
    return sh_cli_usage_error (context, "tone", "give an action (add, list, remove) and PROJECT");
  action = rest[0];

  if (strcmp (action, "list") == 0)
    {
      g_autoptr (GPtrArray) tones = NULL;

      if (n != 2)
        return sh_cli_usage_error (context, "tone", "list takes PROJECT only");
      project = sh_project_open (rest[1], SH_PROJECT_OPEN_READ_ONLY, &error);
      if (project == NULL || (tones = sh_project_list_tones (project, &error)) == NULL)
        return sh_cli_failed ("tone", error);
      if (json)
        {
          cJSON *root = cJSON_CreateObject ();
          cJSON *array = cJSON_AddArrayToObject (root, "tones");

          for (guint i = 0; i < tones->len; i++)
            {
              const ShToneRow *row = g_ptr_array_index (tones, i);
              cJSON *item = cJSON_CreateObject ();
              cJSON *lab = cJSON_AddArrayToObject (item, "lab");

              cJSON_AddStringToObject (item, "name", row->name);
              cJSON_AddStringToObject (item, "hex", row->hex);
              for (int k = 0; k < 3; k++)
                cJSON_AddItemToArray (lab, cJSON_CreateNumber (((long) (row->lab[k] * 100 + (row->lab[k] < 0 ? -0.5 : 0.5))) / 100.0));
              cJSON_AddStringToObject (item, "added_at", row->added_at);
              if (row->added_by != NULL)
                cJSON_AddStringToObject (item, "added_by", row->added_by);
              else
                cJSON_AddNullToObject (item, "added_by");
              cJSON_AddItemToArray (array, item);
            }
          sh_cli_print_json (root);
        }
      else
        for (guint i = 0; i < tones->len; i++)
          {
            const ShToneRow *row = g_ptr_array_index (tones, i);
            printf ("%-24s %s  L %5.1f a %5.1f b %5.1f\n", row->name, row->hex, row->lab[0], row->lab[1],
                    row->lab[2]);
          }
      return 0;
    }

  if (strcmp (action, "add") == 0)
    {
      if (n != 4)
        return sh_cli_usage_error (context, "tone", "add takes PROJECT NAME #RRGGBB");
      project = sh_project_open (rest[1], SH_PROJECT_OPEN_READ_WRITE, &error);
      if (project == NULL
          || !sh_project_add_tone (project, rest[2], rest[3], by != NULL ? by : g_get_user_name (), NULL, &error))
        return sh_cli_failed ("tone", error);
      printf ("tone: added '%s' (%s)\n", rest[2], rest[3]);
      return 0;
    }

  if (strcmp (action, "remove") == 0)
    {
      if (n != 3)
        return sh_cli_usage_error (context, "tone", "remove takes PROJECT NAME");
      project = sh_project_open (rest[1], SH_PROJECT_OPEN_READ_WRITE, &error);
      if (project == NULL || !sh_project_remove_tone (project, rest[2], &error))
        return sh_cli_failed ("tone", error);
      printf ("tone: removed '%s'\n", rest[2]);
      return 0;
    }

  return sh_cli_usage_error (context, "tone", "the action must be add, list or remove");
}
