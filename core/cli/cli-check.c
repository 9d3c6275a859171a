/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-check.c: `shadelab-cli check PROJECT [--json] [--deep]`: the database's integrity, the image files it
 * refers to and the photos that fail the photo standards. Opens the project read-only. */
#define G_LOG_DOMAIN "shadelab-cli"

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>
#include <glib.h>

#include "core/cli/cli.h"
#include "core/store/project-check.h"
#include "core/store/project.h"

/* SHA-256 of a file's bytes, lower-case hex as the project stores it; NULL with errno-like message on failure. */
static char *
file_sha256 (const char *path, GError **error)
{
  g_autoptr (GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guchar buffer[1 << 16];
  size_t n;
  FILE *file = fopen (path, "rb");

  if (file == NULL)
    {
      g_set_error_literal (error, G_FILE_ERROR, g_file_error_from_errno (errno), g_strerror (errno));
      return NULL;
    }
  while ((n = fread (buffer, 1, sizeof buffer, file)) > 0)
    g_checksum_update (checksum, buffer, n);
  if (ferror (file))
    {
      g_set_error_literal (error, G_FILE_ERROR, G_FILE_ERROR_IO, "read error");
      fclose (file);
      return NULL;
    }
  fclose (file);
  return g_strdup (g_checksum_get_string (checksum));
}

static cJSON *
image_entry (const ShImageFileRow *row, const char *reason)
{
  cJSON *entry = cJSON_CreateObject ();
  cJSON_AddNumberToObject (entry, "id", (double) row->id);
  cJSON_AddStringToObject (entry, "path", row->path);
  if (reason != NULL)
    cJSON_AddStringToObject (entry, "reason", reason);
  return entry;
}

static gboolean
check_database (ShProject *project, cJSON *integrity, cJSON *foreign_keys, GError **error)
{
  g_autoptr (GPtrArray) messages = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) links = g_ptr_array_new_with_free_func ((GDestroyNotify) sh_project_link_problem_free);

  if (!sh_project_check_database (project, messages, links, error))
    return FALSE;
  for (guint i = 0; i < messages->len; i++)
    cJSON_AddItemToArray (integrity, cJSON_CreateString (g_ptr_array_index (messages, i)));
  for (guint i = 0; i < links->len; i++)
    {
      const ShProjectLinkProblem *problem = g_ptr_array_index (links, i);
      cJSON *entry = cJSON_CreateObject ();
      cJSON_AddStringToObject (entry, "table", problem->table);
      cJSON_AddNumberToObject (entry, "rowid", (double) problem->rowid);
      cJSON_AddStringToObject (entry, "parent", problem->parent);
      cJSON_AddItemToArray (foreign_keys, entry);
    }
  return TRUE;
}

/* Names of the photo-check members that did not pass ({"white_background": {"passed": false, ...}, ...}). */
static cJSON *
failed_checks (const char *photo_check)
{
  cJSON *failed = cJSON_CreateArray ();
  cJSON *json = photo_check != NULL ? cJSON_Parse (photo_check) : NULL;
  cJSON *member;

  cJSON_ArrayForEach (member, json)
    {
      if (cJSON_IsObject (member) && cJSON_IsFalse (cJSON_GetObjectItemCaseSensitive (member, "passed")))
        cJSON_AddItemToArray (failed, cJSON_CreateString (member->string));
    }
  cJSON_Delete (json);
  return failed;
}

typedef struct {
  ShProject *project;
  gboolean deep;
  cJSON *missing, *changed, *photo;
  gint64 checked;
} ImageCheck;

static void
check_image (const ShImageFileRow *row, gpointer user_data)
{
  ImageCheck *check = user_data;
  g_autofree char *path = sh_project_resolve_path (check->project, row->path);
  struct stat st;

  check->checked++;
  if (stat (path, &st) != 0)
    cJSON_AddItemToArray (check->missing, image_entry (row, g_strerror (errno)));
  else if (!S_ISREG (st.st_mode))
    cJSON_AddItemToArray (check->missing, image_entry (row, "not a file"));
  else if ((gint64) st.st_size != row->file_size)
    {
      cJSON *entry = image_entry (row, "size");
      cJSON_AddNumberToObject (entry, "stored_size", (double) row->file_size);
      cJSON_AddNumberToObject (entry, "size", (double) st.st_size);
      cJSON_AddItemToArray (check->changed, entry);
    }
  else if (check->deep)
    {
      g_autoptr (GError) hash_error = NULL;
      g_autofree char *hash = file_sha256 (path, &hash_error);
      if (hash == NULL)
        cJSON_AddItemToArray (check->missing, image_entry (row, hash_error->message));
      else if (g_strcmp0 (hash, row->content_hash) != 0)
        cJSON_AddItemToArray (check->changed, image_entry (row, "content"));
    }

  if (row->photo_check_passed == 0)
    {
      cJSON *entry = image_entry (row, NULL);
      cJSON_AddItemToObject (entry, "failed", failed_checks (row->photo_check_json));
      cJSON_AddItemToArray (check->photo, entry);
    }
}

static gboolean
check_images (ShProject *project, gboolean deep, cJSON *result, GError **error)
{
  ImageCheck check = {
    .project = project,
    .deep = deep,
    .missing = cJSON_AddArrayToObject (result, "missing_files"),
    .changed = cJSON_AddArrayToObject (result, "changed_files"),
    .photo = cJSON_AddArrayToObject (result, "photo_standards"),
  };

  if (!sh_project_foreach_image_file (project, check_image, &check, error))
    return FALSE;
  cJSON_AddNumberToObject (result, "images", (double) check.checked);
  return TRUE;
}

static void
print_list (const char *title, cJSON *list, gboolean with_reason)
{
  cJSON *entry;
  if (cJSON_GetArraySize (list) == 0)
    return;
  printf ("%s (%d):\n", title, cJSON_GetArraySize (list));
  cJSON_ArrayForEach (entry, list)
    {
      if (cJSON_IsString (entry))
        {
          printf ("  %s\n", entry->valuestring);
          continue;
        }
      cJSON *path = cJSON_GetObjectItemCaseSensitive (entry, "path");
      cJSON *reason = cJSON_GetObjectItemCaseSensitive (entry, "reason");
      cJSON *failed = cJSON_GetObjectItemCaseSensitive (entry, "failed");
      cJSON *table = cJSON_GetObjectItemCaseSensitive (entry, "table");
      if (table != NULL)
        {
          printf ("  %s row %.0f refers to a missing %s row\n", table->valuestring,
                  cJSON_GetObjectItemCaseSensitive (entry, "rowid")->valuedouble,
                  cJSON_GetStringValue (cJSON_GetObjectItemCaseSensitive (entry, "parent")));
          continue;
        }
      printf ("  image %.0f  %s", cJSON_GetObjectItemCaseSensitive (entry, "id")->valuedouble,
              cJSON_GetStringValue (path));
      if (with_reason && reason != NULL)
        {
          if (g_strcmp0 (reason->valuestring, "size") == 0)
            printf ("  (size %.0f bytes, was %.0f)", cJSON_GetObjectItemCaseSensitive (entry, "size")->valuedouble,
                    cJSON_GetObjectItemCaseSensitive (entry, "stored_size")->valuedouble);
          else if (g_strcmp0 (reason->valuestring, "content") == 0)
            printf ("  (same size, different content)");
          else
            printf ("  (%s)", reason->valuestring);
        }
      if (failed != NULL)
        {
          cJSON *name;
          printf ("  failed:");
          cJSON_ArrayForEach (name, failed)
            printf (" %s", name->valuestring);
        }
      printf ("\n");
    }
}

int
sh_cli_check (int argc, char **argv)
{
  gboolean json_output = FALSE, deep = FALSE;
  g_auto (GStrv) rest = NULL;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json_output, "Print one JSON object", NULL },
    { "deep", 0, 0, G_OPTION_ARG_NONE, &deep, "Also compare each image file's SHA-256 with the stored one (reads "
      "every file)", NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, "PROJECT" },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (ShProject) project = NULL;
  cJSON *result, *integrity, *foreign_keys;
  int problems;

  g_set_prgname ("shadelab-cli check");
  g_option_context_set_summary (context,
                                "Checks the project database (SQLite integrity and links), that every image file is "
                                "still there\nunchanged (same size; same SHA-256 with --deep), and lists the photos "
                                "that fail the photo standards.\nExit status 0 when all is well, 1 when anything is "
                                "wrong (the list is printed), 2 on usage errors.\nOpens the project read-only.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || rest == NULL || rest[0] == NULL
      || rest[1] != NULL)
    return sh_cli_usage_error (context, "check", error != NULL ? error->message : "give exactly one PROJECT");

  project = sh_project_open (rest[0], SH_PROJECT_OPEN_READ_ONLY, &error);
  if (project == NULL)
    return sh_cli_failed ("check", error);

  result = cJSON_CreateObject ();
  cJSON_AddStringToObject (result, "project", sh_project_get_path (project));
  cJSON_AddBoolToObject (result, "deep", deep);
  integrity = cJSON_AddArrayToObject (result, "integrity");
  foreign_keys = cJSON_AddArrayToObject (result, "foreign_keys");
  if (!check_database (project, integrity, foreign_keys, &error)
      || (cJSON_GetArraySize (integrity) == 0 && !check_images (project, deep, result, &error)))
    {
      fprintf (stderr, "shadelab-cli check: %s\n", error->message);
      cJSON_Delete (result);
      return 1;
    }

  problems = cJSON_GetArraySize (integrity) + cJSON_GetArraySize (foreign_keys);
  for (const char *const *name = (const char *const[]) { "missing_files", "changed_files", "photo_standards", NULL };
       *name != NULL; name++)
    problems += cJSON_GetArraySize (cJSON_GetObjectItemCaseSensitive (result, *name));
  cJSON_AddBoolToObject (result, "ok", problems == 0);
  cJSON_AddNumberToObject (result, "problems", problems);

  if (json_output)
    {
      char *text = cJSON_Print (result);
      puts (text);
      cJSON_free (text);
    }
  else
    {
      printf ("Project  %s\n", sh_project_get_path (project));
      if (cJSON_GetObjectItemCaseSensitive (result, "images") != NULL)
        printf ("Images   %.0f checked%s\n", cJSON_GetObjectItemCaseSensitive (result, "images")->valuedouble,
                deep ? " (with content hashes)" : "");
      print_list ("Database integrity", integrity, FALSE);
      print_list ("Broken links", foreign_keys, FALSE);
      print_list ("Missing image files", cJSON_GetObjectItemCaseSensitive (result, "missing_files"), TRUE);
      print_list ("Changed image files", cJSON_GetObjectItemCaseSensitive (result, "changed_files"), TRUE);
      print_list ("Photos that fail the photo standards", cJSON_GetObjectItemCaseSensitive (result, "photo_standards"),
                  FALSE);
      if (problems == 0)
        printf ("All well.\n");
    }
  cJSON_Delete (result);
  if (problems > 0)
    {
      fprintf (stderr, "shadelab-cli check: %d problem%s found in %s\n", problems, problems == 1 ? "" : "s",
               rest[0]);
      return 1;
    }
  return 0;
}
