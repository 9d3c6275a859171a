/* SPDX-License-Identifier: GPL-3.0-or-later */
/* export-csv.c: one RFC 4180 table, DIR/boxes.csv, one row per box (CRLF line ends, UTF-8, header row). */
#define G_LOG_DOMAIN "shadelab-export"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "core/formats/color-names.h"
#include "core/formats/export-private.h"

static const char header[] =
  "image,width,height,x,y,w,h,class,source,score,occluded,truncated,difficult,sku,brand,shade,category,"
  "color_hex,lab_l,lab_a,lab_b,finish,split,iscc_nbs_number,iscc_nbs_name,cosmetic_name\r\n";

void
sh_export_write_csv_field (FILE *fp, const char *text)
{
  if (!text)
    return;
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      fputs (text, fp);
      return;
    }
  putc ('"', fp);
  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        putc ('"', fp);
      putc (*p, fp);
    }
  putc ('"', fp);
}

gboolean
sh_export_csv (ShExportData *data, ShExportFiles *files, ShExportSummary *summary, GError **error)
{
  ShExportFile *file = sh_export_files_create (files, "boxes.csv", error);
  FILE *fp;

  if (!file)
    return FALSE;
  fp = file->fp;
  fputs (header, fp);
  for (guint i = 0; i < data->images->len; i++)
    {
      const ShExportImage *image = &g_array_index (data->images, ShExportImage, i);

      for (guint b = 0; b < image->n_boxes; b++)
        {
          const ShExportBox *box = &g_array_index (data->boxes, ShExportBox, image->first_box + b);
          ShColorNames names;

          sh_export_write_csv_field (fp, image->relative_path);
          fprintf (fp, ",%d,%d,", image->width, image->height);
          sh_export_write_number (fp, box->x);
          putc (',', fp);
          sh_export_write_number (fp, box->y);
          putc (',', fp);
          sh_export_write_number (fp, box->w);
          putc (',', fp);
          sh_export_write_number (fp, box->h);
          putc (',', fp);
          sh_export_write_csv_field (fp, g_ptr_array_index (data->classes, box->class_index));
          fprintf (fp, ",%s,", box->model ? "model" : "human");
          if (box->score >= 0)
            sh_export_write_number (fp, box->score);
          fprintf (fp, ",%d,%d,%d,", box->occluded, box->truncated, box->difficult);
          sh_export_write_csv_field (fp, image->sku);
          putc (',', fp);
          sh_export_write_csv_field (fp, image->brand);
          putc (',', fp);
          sh_export_write_csv_field (fp, image->shade);
          putc (',', fp);
          sh_export_write_csv_field (fp, image->category);
          putc (',', fp);
          if (box->has_color)
            fprintf (fp, "%s,%.4f,%.4f,%.4f,", box->srgb, box->lab[0], box->lab[1], box->lab[2]);
          else
            fputs (",,,,", fp);
          sh_export_write_csv_field (fp, box->finish);
          fprintf (fp, ",%s,", sh_export_split_name (image->split));
          /* Names of the measured colour; added after split so that existing columns keep their places. */
          if (box->has_color && sh_color_names (box->lab, &names))
            fprintf (fp, "%d,%s,%s\r\n", names.iscc_nbs->number, names.iscc_nbs->name, names.cosmetic.name);
          else
            fputs (",,\r\n", fp);
        }
    }
  return sh_export_files_close (files, file, error);
}
