/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-merge-results.c: `shadelab-cli merge-results PROJECT RESULTS.jsonl...`: the swatches a batch extraction
 * measured, stored in the project, one transaction per file, so that merging twice changes nothing. */
#define G_LOG_DOMAIN "shadelab-cli"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <glib.h>

#include "core/cli/cli.h"
#include "core/formats/swatch-json.h"
#include "core/store/project-results.h"
#include "core/store/project.h"

/* Warnings listed one by one before only being counted. */
#define MAX_LISTED 20

typedef struct {
  guint64 lines, stored, unchanged, new_boxes, errors, unmatched, skipped;
} Totals;

/* The project's image a result is about: the photo at its path, else the image whose id is the result's id
 * and whose file name is the photo's (an id alone could name another photo of another manifest). 0: none. */
static gboolean
find_image (ShProject *project, const char *id, const char *path, gint64 *image_id, GError **error)
{
  g_autofree char *stored = sh_project_store_path (project, path);
  g_autoptr (GArray) found = sh_project_find_images_by_path (project, stored, error);
  char *end = NULL;
  gint64 number;

  *image_id = 0;
  if (found == NULL)
    return FALSE;
  if (found->len > 0)
    {
      *image_id = g_array_index (found, gint64, 0);
      return TRUE;
    }
  if (!g_ascii_isdigit (id[0]))
    return TRUE;
  number = g_ascii_strtoll (id, &end, 10);
  if (*end == '\0' && number > 0)
    {
      g_auto (ShImageInfo) info = { 0 };
      g_autoptr (GError) local = NULL;
      g_autofree char *name = g_path_get_basename (path);

      if (sh_project_get_image_info (project, number, &info, &local) && strcmp (info.file_name, name) == 0)
        *image_id = number;
      else if (local != NULL && !g_error_matches (local, SH_PROJECT_ERROR, SH_PROJECT_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
    }
  return TRUE;
}

/* The image's box at the swatch's box (any source, the first drawn), or a new model box there. */
static gboolean
find_or_add_box (ShProject *project, gint64 image_id, const ShBox *box, gint64 *box_id, gboolean *added,
                 GError **error)
{
  g_autoptr (GArray) boxes = sh_project_list_boxes (project, image_id, error);
  ShBoxRow row = { 0 };

  *added = FALSE;
  if (boxes == NULL)
    return FALSE;
  for (guint i = 0; i < boxes->len; i++)
    {
      const ShBoxRow *b = &g_array_index (boxes, ShBoxRow, i);

      if (lround (b->x) == box->x && lround (b->y) == box->y && lround (b->w) == box->w && lround (b->h) == box->h)
        {
          *box_id = b->id;
          return TRUE;
        }
    }
  /* Like a detector's prediction: a person accepts it in the window before it counts as labelled. */
  row.image_id = image_id;
  row.class_name = "product";
  row.x = box->x;
  row.y = box->y;
  row.w = box->w;
  row.h = box->h;
  row.source = SH_BOX_SOURCE_MODEL;
  row.score = -1;
  row.labeler = "extract-batch";
  if (!sh_project_save_box (project, &row, box_id, error))
    return FALSE;
  *added = TRUE;
  return TRUE;
}

static void
warn (guint64 count, const char *format, ...) G_GNUC_PRINTF (2, 3);

static void
warn (guint64 count, const char *format, ...)
{
  va_list args;

  if (count > MAX_LISTED)
    return;
  va_start (args, format);
  fputs ("shadelab-cli merge-results: ", stderr);
  vfprintf (stderr, format, args);
  fputc ('\n', stderr);
  va_end (args);
}

/* One results file in one transaction: TRUE when it was stored; FALSE (nothing of it stored) on a malformed
 * line or a project error. */
static gboolean
merge_file (ShProject *project, const char *path, Totals *totals, GError **error)
{
  FILE *file = fopen (path, "rb");
  char *text = NULL;
  size_t size = 0;
  ssize_t len;
  guint number = 0;
  gboolean ok = TRUE;

  if (file == NULL)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s: %s", path, g_strerror (saved));
      return FALSE;
    }
  if (!sh_project_begin (project, error))
    {
      fclose (file);
      return FALSE;
    }
  while (ok && (len = getline (&text, &size, file)) > 0)
    {
      g_autoptr (GError) local = NULL;
      cJSON *json;
      const cJSON *id, *image;
      ShSwatch swatch;
      gint64 image_id = 0, box_id = 0;
      gboolean added = FALSE, changed = FALSE;

      number++;
      json = cJSON_ParseWithLength (text, (size_t) len);
      if (json == NULL && text[len - 1] != '\n')
        {
          /* What a killed extract-batch leaves: run it again with --resume to measure that photo. */
          totals->skipped++;
          fprintf (stderr, "shadelab-cli merge-results: %s: line %u is cut short (a stopped extract-batch?): "
                   "skipped\n", path, number);
          break;
        }
      id = cJSON_GetObjectItemCaseSensitive (json, "id");
      image = cJSON_GetObjectItemCaseSensitive (json, "image");
      if (!cJSON_IsString (id) || !cJSON_IsString (image))
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s: line %u: %s", path, number,
                       json == NULL ? "not valid JSON" : "not a result of extract-batch (no id or image)");
          ok = FALSE;
        }
      else if (cJSON_GetObjectItemCaseSensitive (json, "error") != NULL)
        totals->errors++;
      else if (!sh_swatch_from_json (json, &swatch, &local))
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s: line %u: %s", path, number, local->message);
          ok = FALSE;
        }
      else if (!find_image (project, id->valuestring, image->valuestring, &image_id, error))
        ok = FALSE;
      else if (image_id == 0)
        {
          totals->unmatched++;
          warn (totals->unmatched, "%s: line %u: no photo of the project is %s (id %s)", path, number,
                image->valuestring, id->valuestring);
        }
      else if (!find_or_add_box (project, image_id, &swatch.box, &box_id, &added, error)
               || !sh_project_merge_swatch (project, box_id, &swatch, &changed, error))
        ok = FALSE;
      else
        {
          totals->new_boxes += added;
          if (changed)
            totals->stored++;
          else
            totals->unchanged++;
        }
      if (ok)
        totals->lines++;
      cJSON_Delete (json);
    }
  free (text);
  if (ok && ferror (file))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_IO, "%s: cannot be read", path);
      ok = FALSE;
    }
  fclose (file);
  if (!ok)
    {
      sh_project_rollback (project);
      return FALSE;
    }
  return sh_project_commit (project, error);
}

int
sh_cli_merge_results (int argc, char **argv)
{
  g_auto (GStrv) rest = NULL;
  GOptionEntry entries[] = {
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, "PROJECT RESULTS.jsonl..." },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("PROJECT RESULTS.jsonl...");
  g_autoptr (GError) error = NULL;
  g_autoptr (ShProject) project = NULL;
  Totals totals = { 0 };
  int status = 0;

  g_set_prgname ("shadelab-cli merge-results");
  g_option_context_set_summary (context,
                                "Stores the swatches of extract-batch results in a project: each result's photo is "
                                "found by its path, else by its id\n(an image id, when the file names agree), and "
                                "its box by its coordinates (a new model box when the photo has none there).\n"
                                "One transaction per file; merging the same results again changes nothing.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return sh_cli_usage_error (context, "merge-results", error->message);
  if (rest == NULL || rest[0] == NULL || rest[1] == NULL)
    return sh_cli_usage_error (context, "merge-results", "give a PROJECT and at least one RESULTS.jsonl");

  project = sh_project_open (rest[0], SH_PROJECT_OPEN_READ_WRITE, &error);
  if (project == NULL)
    return sh_cli_failed ("merge-results", error);
  for (int i = 1; rest[i] != NULL; i++)
    if (!merge_file (project, rest[i], &totals, &error))
      {
        sh_cli_failed ("merge-results", error);
        g_clear_error (&error);
        status = 1;
      }
  if (totals.unmatched > MAX_LISTED)
    fprintf (stderr, "shadelab-cli merge-results: ... and %" G_GUINT64_FORMAT " more results of photos not in the "
             "project\n", totals.unmatched - MAX_LISTED);
  printf ("%" G_GUINT64_FORMAT " results read: %" G_GUINT64_FORMAT " swatches stored (%" G_GUINT64_FORMAT
          " new boxes), %" G_GUINT64_FORMAT " already stored, %" G_GUINT64_FORMAT " photos that could not be "
          "measured, %" G_GUINT64_FORMAT " not in the project, %" G_GUINT64_FORMAT " cut short\n",
          totals.lines, totals.stored, totals.new_boxes, totals.unchanged, totals.errors, totals.unmatched,
          totals.skipped);
  if (totals.unmatched > 0)
    status = 1;
  return status;
}
