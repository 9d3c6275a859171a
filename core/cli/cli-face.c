/* cli-face.c: `shadelab-cli face add PROJECT --participant CODE (--bare | --worn SKU) PHOTO...` and
 * `face list PROJECT [--participant CODE] [--json]`: participants' photos with bare lips (to render a shade on)
 * and wearing a product (to compare with). */
#define G_LOG_DOMAIN "shadelab-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <glib.h>

#include "core/cli/cli.h"
#include "core/store/project-participants.h"
#include "core/store/project-reference.h"
#include "core/store/project.h"

static const char description[] =
  "Actions:\n"
  "  add PROJECT --participant CODE (--bare | --worn SKU) PHOTO...\n"
  "                          add photos of a participant: bare lips, or wearing the product SKU\n"
  "  list PROJECT [--participant CODE]\n"
  "                          the face photos (id, participant, kind, product, upright size, lips drawn)\n"
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
  char *text;

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
  text = cJSON_PrintUnformatted (root);
  printf ("%s\n", text);
  cJSON_free (text);
  cJSON_Delete (root);
}

int
sh_cli_face (int argc, char **argv)
{
  g_autofree char *participant = NULL;
  g_autofree char *worn = NULL;
  g_autofree char *by = NULL;
  gboolean bare = FALSE, json = FALSE;
  g_auto (GStrv) rest = NULL;
  GOptionEntry entries[] = {
    { "participant", 'p', 0, G_OPTION_ARG_STRING, &participant, "The participant's code", "CODE" },
    { "bare", 0, 0, G_OPTION_ARG_NONE, &bare, "add: photos with bare lips", NULL },
    { "worn", 0, 0, G_OPTION_ARG_STRING, &worn, "add: photos wearing this product", "SKU" },
    { "by", 0, 0, G_OPTION_ARG_STRING, &by, "add: who adds them (default: your user name)", "NAME" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "list: print JSON", NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("add|list PROJECT [options] [PHOTO...]");
  g_autoptr (GError) error = NULL;
  g_autoptr (ShProject) project = NULL;
  const char *action;
  guint n;

  g_set_prgname ("shadelab-cli face");
  g_option_context_set_summary (context, "Adds and lists participants' face photos.");
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return sh_cli_usage_error (context, "face", error->message);
  n = rest != NULL ? g_strv_length (rest) : 0;
  if (n < 2)
    return sh_cli_usage_error (context, "face", "give an action (add, list) and PROJECT");
  action = rest[0];

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

  return sh_cli_usage_error (context, "face", "the action must be add or list");
}
