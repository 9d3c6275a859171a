/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cli.c: the built shadelab-cli, run from a C test (see test-cli.h). */
#include "test-cli.h"

#include <glib/gstdio.h>

const char *
test_cli_path (void)
{
  static char *path;

  if (path == NULL)
    path = g_build_filename (g_getenv ("SHADELAB_BUILD_DIR"), "app", "shadelab-cli", NULL);
  return path;
}

void
run_cli (const char *const *argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  int status = 0;

  g_ptr_array_add (args, (gpointer) test_cli_path ());
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (args, (gpointer) argv[i]);
  g_ptr_array_add (args, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) args->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status,
                               &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("shadelab-cli %s failed: %s%s", argv[0], out, err);
}

char *
cli_generated_project (const char *dir, const char *name, const char *count, const char *size)
{
  g_autofree char *photos = g_build_filename (dir, "photos", NULL);
  g_autofree char *truth = g_build_filename (photos, "truth.json", NULL);
  char *path = g_build_filename (dir, name, NULL);

  run_cli ((const char *[]) { "generate", photos, "--count", count, "--size", size, NULL });
  g_unlink (truth);
  run_cli ((const char *[]) { "init", path, NULL });
  run_cli ((const char *[]) { "import", "--quiet", "--min-resolution", "100", path, photos, NULL });
  return path;
}
