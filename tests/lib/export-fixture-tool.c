/* SPDX-License-Identifier: GPL-3.0-or-later */
/* export-fixture-tool: builds the export test projects for the shell tests.
 *
 *   export-fixture photos DIR                          prints the path of DIR/fixture.shadelab
 *   export-fixture synthetic PATH IMAGES PRODUCTS BOXES
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "tests/lib/export-fixture.h"

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ShProject) project = NULL;

  if (argc == 3 && strcmp (argv[1], "photos") == 0)
    project = fixture_photo_project (argv[2], &error);
  else if (argc == 6 && strcmp (argv[1], "synthetic") == 0)
    project = fixture_synthetic_project (argv[2], (guint) atoi (argv[3]), (guint) atoi (argv[4]),
                                         (guint) atoi (argv[5]), &error);
  else
    {
      fprintf (stderr, "Usage: export-fixture photos DIR | synthetic PATH IMAGES PRODUCTS BOXES\n");
      return 2;
    }
  if (!project)
    {
      fprintf (stderr, "export-fixture: %s\n", error->message);
      return 1;
    }
  printf ("%s\n", sh_project_get_path (project));
  return 0;
}
