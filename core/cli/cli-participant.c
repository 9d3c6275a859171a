/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-participant.c: `shadelab-cli participant add PROJECT --code CODE --mst N [--marketplace M] [--notes T]
 * [--consent]`, `participant list PROJECT [--consented] [--json]`, `participant remove PROJECT --code CODE`,
 * `participant measure-tone PROJECT CODE --photo ID|PATH --patch X,Y,W,H [--set] [--json]`: the people a shade
 * is tried on. */
#define G_LOG_DOMAIN "shadelab-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <glib.h>

#include "core/cli/cli.h"
#include "core/formats/face-tone.h"
#include "core/store/project-participants.h"
#include "core/store/project.h"

static const char description[] =
  "Actions:\n"
  "  add PROJECT --code CODE --mst N [--marketplace M] [--notes TEXT] [--consent]\n"
  "                          add a participant: a code (never a name) and their Monk Skin Tone, 1 to 10\n"
  "  list PROJECT            the participants by code, with their face photos counted\n"
  "  remove PROJECT --code CODE\n"
  "                          remove a participant with their face photos and lips (the files stay)\n"
  "  measure-tone PROJECT CODE --photo ID|PATH --patch X,Y,W,H [--set]\n"
  "                          measure the Monk Skin Tone from a cheek patch: the median colour of its pixels in\n"
  "                          linear light (through the photo's ICC profile), the nearest of the ten MST swatches\n"
  "                          in CIEDE2000 and the distance to each; --set stores the nearest as their tone.\n"
  "                          --photo is one of their face photos by id (face list) or a photo file\n"
  "\n"
  "Only participants who consented (--consent) are rendered on and handed to an export; list --consented\n"
  "shows just those.\n"
  "\n"
  "Exit status: 0 done, 1 error (message on stderr), 2 usage error.";

static void
print_json (GPtrArray *rows)
{
  cJSON *root = cJSON_CreateObject ();
  cJSON *array = cJSON_AddArrayToObject (root, "participants");

  for (guint i = 0; i < rows->len; i++)
    {
      const ShParticipantRow *row = g_ptr_array_index (rows, i);
      cJSON *item = cJSON_CreateObject ();

      cJSON_AddStringToObject (item, "code", row->code);
      cJSON_AddNumberToObject (item, "mst", row->mst);
      if (row->marketplace != NULL)
        cJSON_AddStringToObject (item, "marketplace", row->marketplace);
      else
        cJSON_AddNullToObject (item, "marketplace");
      if (row->notes != NULL)
        cJSON_AddStringToObject (item, "notes", row->notes);
      else
        cJSON_AddNullToObject (item, "notes");
      cJSON_AddBoolToObject (item, "consent", row->consent);
      cJSON_AddNumberToObject (item, "bare_photos", row->n_bare);
      cJSON_AddNumberToObject (item, "worn_photos", row->n_worn);
      cJSON_AddStringToObject (item, "added_at", row->added_at);
      if (row->added_by != NULL)
        cJSON_AddStringToObject (item, "added_by", row->added_by);
      else
        cJSON_AddNullToObject (item, "added_by");
      cJSON_AddItemToArray (array, item);
    }
  sh_cli_print_json (root);
}

/* The file --photo names: one of the participant's face photos by id, else a photo file. */
static char *
photo_file (ShProject *project, gint64 participant_id, const char *code, const char *photo, GError **error)
{
  guint64 id = 0;
  g_autoptr (ShFacePhotoRow) row = NULL;

  if (!g_ascii_string_to_unsigned (photo, 10, 1, G_MAXINT64, &id, NULL))
    return g_strdup (photo);
  if ((row = sh_project_get_face_photo (project, (gint64) id, error)) == NULL)
    return NULL;
  if (row->participant_id != participant_id)
    {
      g_set_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID, "face photo %" G_GUINT64_FORMAT
                   " is %s's, not '%s'", id, row->participant_code, code);
      return NULL;
    }
  return sh_project_resolve_path (project, row->path);
}

static int
measure_tone (GOptionContext *context, const char *path, const char *code, const char *photo,
              const char *patch_text, gboolean set, gboolean json)
{
  g_autoptr (ShProject) project = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *file = NULL;
  gint64 participant_id = 0;
  ShFaceTone tone;
  ShBox box;

  if (photo == NULL)
    return sh_cli_usage_error (context, "participant", "measure-tone needs --photo ID|PATH");
  if (patch_text == NULL || !sh_cli_parse_box (patch_text, &box))
    return sh_cli_usage_error (context, "participant",
                               "measure-tone needs --patch X,Y,W,H (whole pixels, W and H above 0)");
  project = sh_project_open (path, set ? SH_PROJECT_OPEN_READ_WRITE : SH_PROJECT_OPEN_READ_ONLY, &error);
  if (project == NULL || !sh_project_find_participant (project, code, &participant_id, &error)
      || (file = photo_file (project, participant_id, code, photo, &error)) == NULL
      || !sh_face_tone_measure (file, box, &tone, &error))
    return sh_cli_failed ("participant", error);
  if (set && !sh_project_set_participant_mst (project, code, tone.nearest, &error))
    return sh_cli_failed ("participant", error);
  if (json)
    {
      cJSON *root = sh_face_tone_to_json (&tone);

      cJSON_AddStringToObject (root, "code", code);
      cJSON_AddBoolToObject (root, "stored", set);
      sh_cli_print_json (root);
      return 0;
    }
  printf ("participant: '%s' patch %d,%d %dx%d (%ld pixels): %s, Lab %.2f %.2f %.2f\n", code, tone.patch.box.x,
          tone.patch.box.y, tone.patch.box.w, tone.patch.box.h, tone.patch.n_pixels, tone.patch.hex,
          tone.patch.lab[0], tone.patch.lab[1], tone.patch.lab[2]);
  printf ("nearest: MST %d, dE00 %.2f%s\n", tone.nearest, tone.distances[tone.nearest - 1],
          set ? " (stored)" : "");
  for (int i = 0; i < SH_MONK_SKIN_TONE_COUNT; i++)
    printf ("  MST %-2d dE00 %6.2f\n", i + 1, tone.distances[i]);
  return 0;
}

int
sh_cli_participant (int argc, char **argv)
{
  g_autofree char *code = NULL;
  g_autofree char *mst_text = NULL;
  g_autofree char *marketplace = NULL;
  g_autofree char *notes = NULL;
  g_autofree char *by = NULL;
  g_autofree char *photo = NULL;
  g_autofree char *patch_text = NULL;
  gboolean consent = FALSE, consented = FALSE, json = FALSE, set = FALSE;
  g_auto (GStrv) rest = NULL;
  GOptionEntry entries[] = {
    { "code", 0, 0, G_OPTION_ARG_STRING, &code, "add, remove: the participant's code", "CODE" },
    { "mst", 0, 0, G_OPTION_ARG_STRING, &mst_text, "add: Monk Skin Tone, 1 to 10", "N" },
    { "marketplace", 0, 0, G_OPTION_ARG_STRING, &marketplace, "add: the marketplace they were recruited for",
      "M" },
    { "notes", 0, 0, G_OPTION_ARG_STRING, &notes, "add: free notes", "TEXT" },
    { "consent", 0, 0, G_OPTION_ARG_NONE, &consent, "add: they consented to their photos being used", NULL },
    { "consented", 0, 0, G_OPTION_ARG_NONE, &consented, "list: only those who consented", NULL },
    { "by", 0, 0, G_OPTION_ARG_STRING, &by, "add: who adds them (default: your user name)", "NAME" },
    { "photo", 0, 0, G_OPTION_ARG_FILENAME, &photo, "measure-tone: a face photo's id, or a photo file", "ID|PATH" },
    { "patch", 0, 0, G_OPTION_ARG_STRING, &patch_text, "measure-tone: the cheek patch in upright pixels",
      "X,Y,W,H" },
    { "set", 0, 0, G_OPTION_ARG_NONE, &set, "measure-tone: store the nearest tone as the participant's", NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "list, measure-tone: print JSON", NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("add|list|remove|measure-tone PROJECT [CODE] [options]");
  g_autoptr (GError) error = NULL;
  g_autoptr (ShProject) project = NULL;
  const char *action;
  guint n;

  g_set_prgname ("shadelab-cli participant");
  g_option_context_set_summary (context, "Adds, lists and removes the participants a shade is tried on.");
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return sh_cli_usage_error (context, "participant", error->message);
  n = rest != NULL ? g_strv_length (rest) : 0;
  if (n < 2)
    return sh_cli_usage_error (context, "participant",
                               "give an action (add, list, remove, measure-tone) and PROJECT");
  action = rest[0];
  if (strcmp (action, "measure-tone") == 0)
    {
      if (n != 3)
        return sh_cli_usage_error (context, "participant", "measure-tone needs PROJECT and the participant's CODE");
      return measure_tone (context, rest[1], rest[2], photo, patch_text, set, json);
    }
  if (n > 2)
    return sh_cli_usage_error (context, "participant", "give only an action and PROJECT; the rest are options");

  if (strcmp (action, "list") == 0)
    {
      g_autoptr (GPtrArray) rows = NULL;

      project = sh_project_open (rest[1], SH_PROJECT_OPEN_READ_ONLY, &error);
      if (project == NULL || (rows = sh_project_list_participants (project, consented, &error)) == NULL)
        return sh_cli_failed ("participant", error);
      if (json)
        print_json (rows);
      else
        for (guint i = 0; i < rows->len; i++)
          {
            const ShParticipantRow *row = g_ptr_array_index (rows, i);

            printf ("%-16s MST %-2d %-8s %-12s %d bare, %d worn%s%s\n", row->code, row->mst,
                    row->consent ? "consent" : "-", row->marketplace != NULL ? row->marketplace : "-",
                    row->n_bare, row->n_worn, row->notes != NULL ? "  " : "", row->notes != NULL ? row->notes : "");
          }
      return 0;
    }

  if (strcmp (action, "add") == 0)
    {
      guint64 mst = 0;

      if (code == NULL)
        return sh_cli_usage_error (context, "participant", "add needs --code CODE");
      if (mst_text == NULL)
        return sh_cli_usage_error (context, "participant", "add needs --mst N (the Monk Skin Tone, 1 to 10)");
      if (!g_ascii_string_to_unsigned (mst_text, 10, 1, 10, &mst, NULL))
        return sh_cli_usage_error (context, "participant", "--mst must be a Monk Skin Tone, 1 to 10");
      project = sh_project_open (rest[1], SH_PROJECT_OPEN_READ_WRITE, &error);
      if (project == NULL
          || !sh_project_add_participant (project, code, (int) mst, marketplace, notes, consent,
                                          by != NULL ? by : g_get_user_name (), NULL, &error))
        return sh_cli_failed ("participant", error);
      printf ("participant: added '%s' (MST %d%s)\n", code, (int) mst, consent ? ", consented" : ", no consent");
      return 0;
    }

  if (strcmp (action, "remove") == 0)
    {
      if (code == NULL)
        return sh_cli_usage_error (context, "participant", "remove needs --code CODE");
      project = sh_project_open (rest[1], SH_PROJECT_OPEN_READ_WRITE, &error);
      if (project == NULL || !sh_project_remove_participant (project, code, &error))
        return sh_cli_failed ("participant", error);
      printf ("participant: removed '%s'\n", code);
      return 0;
    }

  return sh_cli_usage_error (context, "participant", "the action must be add, list, remove or measure-tone");
}
