/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-reference-photo.c: `shadelab-cli reference-photo add PROJECT --product SKU FILE --lip X,Y,W,H
 * [--note TEXT]`, `reference-photo list PROJECT [--product SKU] [--json]`, `reference-photo remove PROJECT ID`:
 * photos of a person wearing the real product, with the lip region, for realism reviews. */
#define G_LOG_DOMAIN "shadelab-cli"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <glib.h>

#include "core/cli/cli.h"
#include "core/store/project-reference.h"
#include "core/store/project.h"

static const char description[] =
  "Actions:\n"
  "  add PROJECT --product SKU FILE --lip X,Y,W,H [--note TEXT]   add a photo with its lip box\n"
  "  list PROJECT [--product SKU]                                 the reference photos (id first)\n"
  "  remove PROJECT ID                                            remove one by its id\n"
  "\n"
  "The lip box is in upright pixels (the photo's EXIF orientation applied), top-left origin, and must lie\n"
  "inside the photo; the photo is decoded to check it. The project stores the path (relative to the\n"
  "project's folder when the photo lies below it) and the file's SHA-256, never the photo itself.\n"
  "\n"
  "Exit status: 0 done, 1 error (message on stderr), 2 usage error.";

static gboolean
parse_box (const char *text, double box[4])
{
  g_auto (GStrv) parts = g_strsplit (text, ",", -1);

  if (g_strv_length (parts) != 4)
    return FALSE;
  for (int i = 0; i < 4; i++)
    {
      char *end = NULL;
      const char *part = g_strstrip (parts[i]);
      box[i] = g_ascii_strtod (part, &end);
      if (*part == '\0' || end == part || *end != '\0' || !isfinite (box[i]))
        return FALSE;
    }
  return TRUE;
}

static cJSON *
text_or_null (const char *text)
{
  return text != NULL ? cJSON_CreateString (text) : cJSON_CreateNull ();
}

static void
print_list (ShProject *project, GPtrArray *photos, gboolean json)
{
  if (!json)
    {
      for (guint i = 0; i < photos->len; i++)
        {
          const ShReferencePhotoRow *row = g_ptr_array_index (photos, i);
          printf ("%" G_GINT64_FORMAT "\t%s\t%s\tlip %g,%g,%g,%g%s%s\n", row->id, row->sku, row->path, row->lip_x,
                  row->lip_y, row->lip_w, row->lip_h, row->note != NULL ? "\t" : "", row->note != NULL ? row->note : "");
        }
      return;
    }

  cJSON *root = cJSON_CreateObject ();
  cJSON *array = cJSON_AddArrayToObject (root, "reference_photos");

  for (guint i = 0; i < photos->len; i++)
    {
      const ShReferencePhotoRow *row = g_ptr_array_index (photos, i);
      g_autofree char *resolved = sh_project_resolve_path (project, row->path);
      cJSON *item = cJSON_CreateObject ();
      cJSON *lip = cJSON_AddArrayToObject (item, "lip");

      cJSON_AddNumberToObject (item, "id", (double) row->id);
      cJSON_AddStringToObject (item, "sku", row->sku);
      cJSON_AddStringToObject (item, "path", row->path);
      cJSON_AddStringToObject (item, "file", resolved);
      cJSON_AddStringToObject (item, "content_hash", row->content_hash);
      cJSON_AddItemToArray (lip, cJSON_CreateNumber (row->lip_x));
      cJSON_AddItemToArray (lip, cJSON_CreateNumber (row->lip_y));
      cJSON_AddItemToArray (lip, cJSON_CreateNumber (row->lip_w));
      cJSON_AddItemToArray (lip, cJSON_CreateNumber (row->lip_h));
      cJSON_AddItemToObject (item, "note", text_or_null (row->note));
      cJSON_AddStringToObject (item, "added_at", row->added_at);
      cJSON_AddItemToObject (item, "added_by", text_or_null (row->added_by));
      cJSON_AddItemToArray (array, item);
    }
  sh_cli_print_json (root);
}

int
sh_cli_reference_photo (int argc, char **argv)
{
  gboolean json = FALSE;
  g_autofree char *sku = NULL;
  g_autofree char *lip_text = NULL;
  g_autofree char *note = NULL;
  g_autofree char *by = NULL;
  g_auto (GStrv) rest = NULL;
  GOptionEntry entries[] = {
    { "product", 'p', 0, G_OPTION_ARG_STRING, &sku, "The product (add: required; list: only its photos)", "SKU" },
    { "lip", 0, 0, G_OPTION_ARG_STRING, &lip_text, "add: the lip box in upright pixels", "X,Y,W,H" },
    { "note", 0, 0, G_OPTION_ARG_STRING, &note, "add: a note about the photo", "TEXT" },
    { "by", 0, 0, G_OPTION_ARG_STRING, &by, "add: who adds it (default: your user name)", "NAME" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "list: print JSON", NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("add|list|remove PROJECT [FILE|ID]");
  g_autoptr (GError) error = NULL;
  g_autoptr (ShProject) project = NULL;
  const char *action;
  gint64 product_id = 0;
  guint n;

  g_set_prgname ("shadelab-cli reference-photo");
  g_option_context_set_summary (context, "Adds, lists and removes a product's reference photos.");
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return sh_cli_usage_error (context, "reference-photo", error->message);
  n = rest != NULL ? g_strv_length (rest) : 0;
  if (n < 2)
    return sh_cli_usage_error (context, "reference-photo", "give an action (add, list, remove) and PROJECT");
  action = rest[0];

  if (strcmp (action, "add") == 0)
    {
      double box[4];
      gint64 id = 0;

      if (n != 3)
        return sh_cli_usage_error (context, "reference-photo", "add takes PROJECT and one FILE");
      if (sku == NULL)
        return sh_cli_usage_error (context, "reference-photo", "add needs --product SKU");
      if (lip_text == NULL || !parse_box (lip_text, box))
        return sh_cli_usage_error (context, "reference-photo", "add needs --lip X,Y,W,H (four numbers)");
      project = sh_project_open (rest[1], SH_PROJECT_OPEN_READ_WRITE, &error);
      if (project == NULL || !sh_project_find_product (project, sku, &product_id, &error)
          || !sh_project_add_reference_photo (project, product_id, rest[2], box[0], box[1], box[2], box[3], note,
                                              by != NULL ? by : g_get_user_name (), &id, &error))
        return sh_cli_failed ("reference-photo", error);
      printf ("reference-photo: added %" G_GINT64_FORMAT " for %s\n", id, sku);
      return 0;
    }

  if (strcmp (action, "list") == 0)
    {
      g_autoptr (GPtrArray) photos = NULL;

      if (n != 2)
        return sh_cli_usage_error (context, "reference-photo", "list takes PROJECT only");
      project = sh_project_open (rest[1], SH_PROJECT_OPEN_READ_ONLY, &error);
      if (project == NULL || (sku != NULL && !sh_project_find_product (project, sku, &product_id, &error))
          || (photos = sh_project_list_reference_photos (project, product_id, &error)) == NULL)
        return sh_cli_failed ("reference-photo", error);
      print_list (project, photos, json);
      return 0;
    }

  if (strcmp (action, "remove") == 0)
    {
      guint64 id;

      if (n != 3 || !g_ascii_string_to_unsigned (rest[2], 10, 1, G_MAXINT64, &id, NULL))
        return sh_cli_usage_error (context, "reference-photo", "remove takes PROJECT and a photo's ID (a whole number)");
      project = sh_project_open (rest[1], SH_PROJECT_OPEN_READ_WRITE, &error);
      if (project == NULL || !sh_project_remove_reference_photo (project, (gint64) id, &error))
        return sh_cli_failed ("reference-photo", error);
      printf ("reference-photo: removed %s\n", rest[2]);
      return 0;
    }

  return sh_cli_usage_error (context, "reference-photo", "the action must be add, list or remove");
}
