/* SPDX-License-Identifier: GPL-3.0-or-later */
/* accept-boxes-tool: does what a labeler's Return does to every imported prediction of class "product":
 * accepts the model box and stores the robust swatch measured in it, through the store API. The lint test
 * builds its projects with the command line and then runs this.
 *
 *   accept-boxes PROJECT      prints the number of boxes accepted
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "color/extract.h"
#include "core/store/image-list-store.h"
#include "core/formats/image-loader.h"
#include "core/store/project.h"

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ShProject) project = NULL;
  g_autoptr (GArray) ids = NULL;
  ShImageListQuery query = { SH_IMAGE_FILTER_ALL, SH_IMAGE_SORT_DATE, FALSE, NULL };
  guint accepted = 0;

  if (argc != 2)
    {
      fprintf (stderr, "Usage: accept-boxes PROJECT\n");
      return 2;
    }
  project = sh_project_open (argv[1], SH_PROJECT_OPEN_READ_WRITE, &error);
  if (!project || !(ids = sh_image_list_store_read_ids (project, &query, &error)))
    goto failed;
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 image_id = g_array_index (ids, gint64, i);
      g_autoptr (GArray) boxes = sh_project_list_boxes (project, image_id, &error);
      g_autoptr (ShLoadedImage) loaded = NULL;
      g_autofree char *file = NULL;

      if (!boxes)
        goto failed;
      for (guint b = 0; b < boxes->len; b++)
        {
          ShBoxRow row = g_array_index (boxes, ShBoxRow, b);
          ShSwatch swatch;
          ShBox box = { (int) lround (row.x), (int) lround (row.y), (int) lround (row.w), (int) lround (row.h) };
          gint64 id;

          if (row.source != SH_BOX_SOURCE_MODEL || row.accepted || strcmp (row.class_name, "product") != 0)
            continue;
          if (!loaded)
            {
              if (!(file = sh_project_get_image_file (project, image_id, &error))
                  || !(loaded = sh_load_image (file, NULL, &error)))
                goto failed;
            }
          row.accepted = TRUE;
          if (!sh_project_save_box (project, &row, &id, &error))
            goto failed;
          if (!sh_extract_with_finish (loaded->image, box, SH_METHOD_ROBUST, &swatch, NULL))
            {
              fprintf (stderr, "accept-boxes: %s: nothing to measure in box %" G_GINT64_FORMAT "\n", file, row.id);
              return 1;
            }
          if (!sh_project_save_swatch (project, row.id, &swatch, &error))
            goto failed;
          accepted++;
        }
    }
  printf ("%u\n", accepted);
  return 0;

failed:
  fprintf (stderr, "accept-boxes: %s\n", error ? error->message : "failed");
  return 1;
}
