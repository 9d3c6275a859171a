/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-init.c: `shadelab-cli init PROJECT`, an empty project file. */
#define G_LOG_DOMAIN "shadelab-cli"

#include "config.h"

#include <stdio.h>

#include <glib.h>

#include "core/cli/cli.h"
#include "core/store/project.h"

int
sh_cli_init (int argc, char **argv)
{
  g_auto (GStrv) rest = NULL;
  GOptionEntry entries[] = {
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, "PROJECT" },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (ShProject) project = NULL;
  g_autofree char *path = NULL;

  g_set_prgname ("shadelab-cli init");
  g_option_context_set_summary (context,
                                "Creates an empty project file; '" SH_PROJECT_EXTENSION "' is added to the name when "
                                "missing.\nAn existing file is never overwritten (exit status 1).");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || rest == NULL || rest[0] == NULL
      || rest[1] != NULL)
    return sh_cli_usage_error (context, "init", error != NULL ? error->message : "give exactly one PROJECT");

  path = g_str_has_suffix (rest[0], SH_PROJECT_EXTENSION) ? g_strdup (rest[0])
                                                          : g_strconcat (rest[0], SH_PROJECT_EXTENSION, NULL);
  project = sh_project_create (path, &error);
  if (project == NULL)
    return sh_cli_failed ("init", error);
  printf ("Created %s\n", sh_project_get_path (project));
  return 0;
}
