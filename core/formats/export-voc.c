/* SPDX-License-Identifier: GPL-3.0-or-later */
/* export-voc.c: Pascal VOC XML, DIR/<split>/Annotations/<name>.xml and DIR/<split>/ImageSets/Main/<split>.txt.
 *
 * Coordinates are 1-based inclusive integers, as the VOC development kit reads them: a box covering pixel
 * columns 0..9 is xmin 1, xmax 10. <folder> is the image's folder relative to DIR, <path> its absolute path.
 */
#define G_LOG_DOMAIN "shadelab-export"

#include "config.h"

#include <math.h>
#include <stdio.h>

#include "core/formats/export-private.h"

static int
clamp_int (double value, int low, int high)
{
  return value < low ? low : value > high ? high : (int) value;
}

static void
write_annotation (const ShExportData *data, const ShExportImage *image, FILE *fp)
{
  g_autofree char *folder = g_path_get_dirname (image->relative_path);
  g_autofree char *base = g_path_get_basename (image->relative_path);

  fputs ("<annotation>\n  <folder>", fp);
  sh_export_write_xml_text (fp, folder);
  fputs ("</folder>\n  <filename>", fp);
  sh_export_write_xml_text (fp, base);
  fputs ("</filename>\n  <path>", fp);
  sh_export_write_xml_text (fp, image->absolute_path);
  fputs ("</path>\n  <source>\n    <database>", fp);
  sh_export_write_xml_text (fp, data->project_name);
  fprintf (fp, "</database>\n  </source>\n  <size>\n    <width>%d</width>\n    <height>%d</height>\n"
           "    <depth>3</depth>\n  </size>\n  <segmented>0</segmented>\n", image->width, image->height);
  for (guint b = 0; b < image->n_boxes; b++)
    {
      const ShExportBox *box = &g_array_index (data->boxes, ShExportBox, image->first_box + b);
      int xmin = clamp_int (round (box->x) + 1, 1, image->width);
      int ymin = clamp_int (round (box->y) + 1, 1, image->height);
      int xmax = clamp_int (round (box->x + box->w), xmin, image->width);
      int ymax = clamp_int (round (box->y + box->h), ymin, image->height);

      fputs ("  <object>\n    <name>", fp);
      sh_export_write_xml_text (fp, g_ptr_array_index (data->classes, box->class_index));
      fprintf (fp, "</name>\n    <pose>Unspecified</pose>\n    <truncated>%d</truncated>\n"
               "    <difficult>%d</difficult>\n    <occluded>%d</occluded>\n    <bndbox>\n"
               "      <xmin>%d</xmin>\n      <ymin>%d</ymin>\n      <xmax>%d</xmax>\n      <ymax>%d</ymax>\n"
               "    </bndbox>\n  </object>\n",
               box->truncated, box->difficult, box->occluded, xmin, ymin, xmax, ymax);
    }
  fputs ("</annotation>\n", fp);
}

gboolean
sh_export_voc (ShExportData *data, ShExportFiles *files, ShExportSummary *summary, GError **error)
{
  for (int split = 0; split < SH_EXPORT_N_SPLITS; split++)
    {
      const char *name = sh_export_split_name (split);
      g_autofree char *list_path = NULL;
      g_autofree char *annotations = NULL;
      ShExportFile *list;

      if (!sh_export_split_wanted (data, split))
        continue;
      list_path = g_strdup_printf ("%s/ImageSets/Main/%s.txt", name, name);
      annotations = g_strdup_printf ("%s/Annotations", name);
      list = sh_export_files_create (files, list_path, error);
      if (!list)
        return FALSE;
      sh_export_files_own_folder (files, annotations, ".xml");
      for (guint i = 0; i < data->images->len; i++)
        {
          const ShExportImage *image = &g_array_index (data->images, ShExportImage, i);
          g_autofree char *relative = NULL;
          ShExportFile *file;

          if (image->split != split)
            continue;
          fprintf (list->fp, "%s\n", image->name);
          relative = g_strdup_printf ("%s/%s.xml", annotations, image->name);
          file = sh_export_files_create (files, relative, error);
          if (!file)
            {
              sh_export_files_close (files, list, NULL);
              return FALSE;
            }
          write_annotation (data, image, file->fp);
          if (!sh_export_files_close (files, file, error))
            {
              sh_export_files_close (files, list, NULL);
              return FALSE;
            }
        }
      if (!sh_export_files_close (files, list, error))
        return FALSE;
    }
  return TRUE;
}
