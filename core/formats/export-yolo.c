/* SPDX-License-Identifier: GPL-3.0-or-later */
/* export-yolo.c: Ultralytics YOLO detection layout.
 *
 * DIR/images/<split>/<name><ext> are symbolic links to the original photos (never copies of pixels);
 * DIR/labels/<split>/<name>.txt hold "class cx cy w h" normalised to the upright size; DIR/data.yaml names the
 * folders and classes. Ultralytics applies the EXIF orientation itself when it reads a photo, so labels in
 * upright pixels match what it trains on.
 */
#define G_LOG_DOMAIN "shadelab-export"

#include "config.h"

#include <stdio.h>

#include "core/formats/export-private.h"

static double
unit (double value)
{
  return value < 0 ? 0 : value > 1 ? 1 : value;
}

/* A single-quoted YAML scalar: only the quote itself needs doubling. */
static void
write_yaml_string (FILE *fp, const char *text)
{
  putc ('\'', fp);
  for (const char *p = text; *p; p++)
    {
      if (*p == '\'')
        putc ('\'', fp);
      putc (*p == '\n' || *p == '\r' ? ' ' : *p, fp);
    }
  putc ('\'', fp);
}

static gboolean
write_data_yaml (ShExportData *data, ShExportFiles *files, GError **error)
{
  ShExportFile *file = sh_export_files_create (files, "data.yaml", error);

  if (!file)
    return FALSE;
  fputs ("# Ultralytics YOLO dataset written by Shadelab: labels/ mirrors images/ (links to the originals).\n"
         "path: ", file->fp);
  write_yaml_string (file->fp, sh_export_files_get_root (files));
  putc ('\n', file->fp);
  for (int split = 0; split < SH_EXPORT_N_SPLITS; split++)
    if (sh_export_split_wanted (data, split))
      fprintf (file->fp, "%s: images/%s\n", sh_export_split_name (split), sh_export_split_name (split));
  fprintf (file->fp, "nc: %u\nnames:\n", data->classes->len);
  for (guint c = 0; c < data->classes->len; c++)
    {
      fprintf (file->fp, "  %u: ", c);
      write_yaml_string (file->fp, g_ptr_array_index (data->classes, c));
      putc ('\n', file->fp);
    }
  return sh_export_files_close (files, file, error);
}

gboolean
sh_export_yolo (ShExportData *data, ShExportFiles *files, ShExportSummary *summary, GError **error)
{
  for (int split = 0; split < SH_EXPORT_N_SPLITS; split++)
    {
      const char *split_name = sh_export_split_name (split);
      g_autofree char *images = g_strdup_printf ("images/%s", split_name);
      g_autofree char *labels = g_strdup_printf ("labels/%s", split_name);

      if (!sh_export_split_wanted (data, split))
        continue;
      sh_export_files_own_folder (files, images, NULL);
      sh_export_files_own_folder (files, labels, ".txt");
      for (guint i = 0; i < data->images->len; i++)
        {
          const ShExportImage *image = &g_array_index (data->images, ShExportImage, i);
          g_autofree char *link = NULL;
          g_autofree char *label = NULL;
          ShExportFile *file;

          if (image->split != split)
            continue;
          link = g_strdup_printf ("%s/%s%s", images, image->name, image->extension);
          if (!sh_export_files_symlink (files, image->absolute_path, link, error))
            return FALSE;
          /* An image without boxes still gets an (empty) label file: a background example. */
          label = g_strdup_printf ("%s/%s.txt", labels, image->name);
          file = sh_export_files_create (files, label, error);
          if (!file)
            return FALSE;
          for (guint b = 0; b < image->n_boxes; b++)
            {
              const ShExportBox *box = &g_array_index (data->boxes, ShExportBox, image->first_box + b);
              double w = image->width, h = image->height;

              fprintf (file->fp, "%u %.6f %.6f %.6f %.6f\n", box->class_index,
                       unit ((box->x + box->w / 2) / w), unit ((box->y + box->h / 2) / h),
                       unit (box->w / w), unit (box->h / h));
            }
          if (!sh_export_files_close (files, file, error))
            return FALSE;
        }
    }
  return write_data_yaml (data, files, error);
}
