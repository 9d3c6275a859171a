/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-import.c: `shadelab-cli import PROJECT PATH...`, photos into a project with their photo checks. */
#define G_LOG_DOMAIN "shadelab-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "core/cli/cli.h"
#include "core/formats/import.h"
#include "core/store/project.h"

#define PROGRESS_LINE_INTERVAL_US (2 * G_USEC_PER_SEC)
#define PROGRESS_TTY_INTERVAL_US (G_USEC_PER_SEC / 10)

typedef struct {
  gboolean tty;
  gint64 last;
  gboolean drawn;
} Progress;

static void
show_progress (guint done, guint total, const char *current, gpointer user_data)
{
  Progress *progress = user_data;
  gint64 now = g_get_monotonic_time ();

  /* A terminal gets one line redrawn in place; a log gets a line every few seconds. */
  if (done < total && now - progress->last < (progress->tty ? PROGRESS_TTY_INTERVAL_US : PROGRESS_LINE_INTERVAL_US))
    return;
  progress->last = now;
  if (progress->tty)
    {
      g_autofree char *name = g_path_get_basename (current);

      fprintf (stderr, "\r\033[K%u/%u (%3.0f%%) %.50s", done, total, total > 0 ? 100.0 * done / total : 100.0,
               name);
      progress->drawn = TRUE;
    }
  else
    fprintf (stderr, "import: %u/%u files\n", done, total);
  fflush (stderr);
}

int
sh_cli_import (int argc, char **argv)
{
  g_auto (GStrv) rest = NULL;
  int min_resolution = 0, threads = 0;
  gboolean quiet = FALSE;
  GOptionEntry entries[] = {
    { "min-resolution", 0, 0, G_OPTION_ARG_INT, &min_resolution,
      "Shortest side a photo needs to pass the resolution check (default 1000)", "PIXELS" },
    { "threads", 0, 0, G_OPTION_ARG_INT, &threads, "Decoding threads (default: one per processor)", "N" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "No progress on stderr", NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("PROJECT PATH...");
  g_autoptr (GError) error = NULL;
  g_autoptr (ShProject) project = NULL;
  ShImportOptions options = { { 0 } };
  ShImportReport report;
  Progress progress = { isatty (fileno (stderr)), 0, FALSE };
  gboolean ok;
  int status;

  g_set_prgname ("shadelab-cli import");
  g_option_context_set_summary (context,
                                "Adds photos to a project: files, and folders searched recursively (hidden files "
                                "left out).\nOnly JPEG, PNG, TIFF and WebP files (by their content) are read; "
                                "files already in the project\n(same bytes) are not added twice. Each photo gets "
                                "a photo-standards check.\n\nExit status: 0 when anything could be read, 1 on "
                                "an error or when nothing could, 2 for usage.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || rest == NULL || g_strv_length (rest) < 2
      || min_resolution < 0 || threads < 0 || threads > 256)
    return sh_cli_usage_error (context, "import", error != NULL ? error->message
                             : (rest == NULL || g_strv_length (rest) < 2 ? "give a PROJECT and at least one PATH"
                                                                          : "--min-resolution and --threads take "
                                                                            "a positive number"));

  project = sh_project_open (rest[0], SH_PROJECT_OPEN_READ_WRITE, &error);
  if (project == NULL)
    return sh_cli_failed ("import", error);

  options.check.min_short_side = min_resolution;
  options.threads = (guint) threads;
  sh_import_report_init (&report);
  ok = sh_import_paths_full (project, (const char *const *) rest + 1, &options, quiet ? NULL : show_progress,
                             &progress, &report, &error);
  if (progress.drawn)
    fprintf (stderr, "\r\033[K");

  printf ("Imported %u image%s in %.1f s (%.1f images/s)\n", report.imported, report.imported == 1 ? "" : "s",
          report.seconds, report.seconds > 0 ? report.imported / report.seconds : 0.0);
  if (report.checks_failed > 0)
    printf ("  %u of them miss a photo standard ('shadelab-cli check' lists them)\n", report.checks_failed);
  printf ("Duplicates %u\n", report.duplicates->len);
  for (guint i = 0; i < report.duplicates->len; i++)
    {
      ShImportDuplicate *duplicate = g_ptr_array_index (report.duplicates, i);

      if (duplicate->in_project)
        printf ("  %s: already in the project as %s\n", duplicate->path, duplicate->duplicate_of);
      else
        printf ("  %s: same bytes as %s\n", duplicate->path, duplicate->duplicate_of);
    }
  printf ("Skipped %u\n", report.skipped->len);
  for (guint i = 0; i < report.skipped->len; i++)
    {
      ShImportSkip *skip = g_ptr_array_index (report.skipped, i);

      printf ("  %s: %s\n", skip->path, skip->reason);
    }

  if (!ok)
    {
      fprintf (stderr, "shadelab-cli import: %s\n", error->message);
      status = 1;
    }
  else if (report.imported == 0 && report.duplicates->len == 0)
    {
      fprintf (stderr, "shadelab-cli import: no readable image in the given paths\n");
      status = 1;
    }
  else
    status = 0;
  sh_import_report_clear (&report);
  return status;
}
