/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-shard.c: `shadelab-cli shard split PROJECT --into N --by product|image --out DIR` and `shadelab-cli shard
 * merge PROJECT PACKAGE... [--prefer newest]`: work packages for a team, and their edits brought back. */
#define G_LOG_DOMAIN "shadelab-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "core/cli/cli.h"
#include "core/store/project-shards.h"
#include "core/store/project.h"

static int
shard_split (int argc, char **argv)
{
  int into = 0;
  g_autofree char *by_text = NULL;
  g_autofree char *out = NULL;
  g_auto (GStrv) rest = NULL;
  GOptionEntry entries[] = {
    { "into", 'n', 0, G_OPTION_ARG_INT, &into, "Number of packages, 1 to 10000 (required)", "N" },
    { "by", 0, 0, G_OPTION_ARG_STRING, &by_text, "product (a product's photos together) or image (default)", "BY" },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out, "Folder to write the packages into (required)", "DIR" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, "PROJECT" },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (ShProject) project = NULL;
  g_autoptr (GPtrArray) packages = NULL;
  g_autoptr (GArray) sizes = NULL;
  ShShardBy by = SH_SHARD_BY_IMAGE;

  g_set_prgname ("shadelab-cli shard split");
  g_option_context_set_summary (context,
                                "Writes N work packages, project files holding some of the project's photos (the same "
                                "photo files),\nDIR/<project>-K-of-N.shadelab, for labelers to open like a project. "
                                "Photos go to a package\nby a hash of their content, or of their product's SKU with "
                                "--by product. Bring the edits back\nwith `shadelab-cli shard merge`.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || rest == NULL || rest[0] == NULL || rest[1] != NULL)
    return sh_cli_usage_error (context, "shard split", error != NULL ? error->message : "give exactly one PROJECT");
  if (into < 1 || into > 10000 || out == NULL)
    return sh_cli_usage_error (context, "shard split", out == NULL ? "--out is required"
                                                                   : "--into must be a number from 1 to 10000");
  if (by_text != NULL && strcmp (by_text, "product") == 0)
    by = SH_SHARD_BY_PRODUCT;
  else if (by_text != NULL && strcmp (by_text, "image") != 0)
    return sh_cli_usage_error (context, "shard split", "--by takes product or image");

  /* VACUUM INTO, which writes the packages, needs a writable connection (the project itself is not changed). */
  project = sh_project_open (rest[0], SH_PROJECT_OPEN_READ_WRITE, &error);
  if (project == NULL || !sh_project_shard_split (project, (guint) into, by, out, &packages, &sizes, &error))
    return sh_cli_failed ("shard split", error);
  for (guint k = 0; k < packages->len; k++)
    {
      guint n = g_array_index (sizes, guint, k);

      printf ("%s\t%u photo%s\n", (char *) g_ptr_array_index (packages, k), n, n == 1 ? "" : "s");
    }
  return 0;
}

static int
shard_merge (int argc, char **argv)
{
  g_autofree char *prefer = NULL;
  g_auto (GStrv) rest = NULL;
  GOptionEntry entries[] = {
    { "prefer", 0, 0, G_OPTION_ARG_STRING, &prefer,
      "newest: settle a conflict with the most recent edit (default: leave it for a person)", "newest" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, "PROJECT PACKAGE..." },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (ShProject) project = NULL;
  guint unresolved = 0;
  gboolean failed = FALSE;

  g_set_prgname ("shadelab-cli shard merge");
  g_option_context_set_summary (context,
                                "Brings each package's edits back into the project, one transaction per package: "
                                "boxes,\nstatuses, their swatches and labeling time. A photo changed both in the "
                                "package and in the\nproject since the split (another package merged first, say) is "
                                "a conflict: listed with both\nversions and left as the project has it, unless "
                                "--prefer newest. Merging twice changes nothing.\nExit status 1 when a package could "
                                "not be merged or a conflict is left.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || rest == NULL || g_strv_length (rest) < 2)
    return sh_cli_usage_error (context, "shard merge", error != NULL ? error->message
                                                                     : "give a PROJECT and one PACKAGE or more");
  if (prefer != NULL && strcmp (prefer, "newest") != 0)
    return sh_cli_usage_error (context, "shard merge", "--prefer takes newest");

  project = sh_project_open (rest[0], SH_PROJECT_OPEN_READ_WRITE, &error);
  if (project == NULL)
    return sh_cli_failed ("shard merge", error);
  for (guint i = 1; rest[i] != NULL; i++)
    {
      g_autoptr (GError) local = NULL;
      ShShardMergeReport report;

      sh_shard_merge_report_init (&report);
      if (!sh_project_shard_merge (project, rest[i], prefer != NULL, &report, &local))
        {
          fprintf (stderr, "shadelab-cli shard merge: %s\n", local->message);
          failed = TRUE;
        }
      else
        {
          for (guint m = 0; m < report.messages->len; m++)
            fprintf (stderr, "shadelab-cli shard merge: conflict: %s\n", (char *) g_ptr_array_index (report.messages, m));
          printf ("%s: %u photo%s merged, %u already merged, %u unchanged, %u conflict%s (%u settled), %u labeling "
                  "time row%s\n", rest[i], report.applied, report.applied == 1 ? "" : "s", report.already,
                  report.unchanged, report.conflicts, report.conflicts == 1 ? "" : "s", report.resolved,
                  report.labeling_rows, report.labeling_rows == 1 ? "" : "s");
          unresolved += report.conflicts - report.resolved;
        }
      sh_shard_merge_report_clear (&report);
    }
  return failed || unresolved > 0 ? 1 : 0;
}

int
sh_cli_shard (int argc, char **argv)
{
  if (argc >= 2 && strcmp (argv[1], "split") == 0)
    return shard_split (argc - 1, argv + 1);
  if (argc >= 2 && strcmp (argv[1], "merge") == 0)
    return shard_merge (argc - 1, argv + 1);
  fprintf (stderr, "Usage: shadelab-cli shard split PROJECT --into N [--by product|image] --out DIR\n"
                   "       shadelab-cli shard merge PROJECT PACKAGE... [--prefer newest]\n");
  return 2;
}
