/* SPDX-License-Identifier: GPL-3.0-or-later */
/* export-coco.c: COCO detection JSON, DIR/annotations/instances_<split>.json.
 *
 * file_name is the image's path relative to DIR (the image root to give a COCO loader is DIR itself).
 * Written as a stream: a 300,000-box project would take gigabytes as a cJSON tree.
 */
#define G_LOG_DOMAIN "shadelab-export"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "color/colorspace.h"
#include "core/formats/color-names.h"
#include "core/formats/export-private.h"

/* ,"iscc_nbs":{...},"cosmetic":{...} of a colour, as `shadelab-cli name --json` gives them; "" when it has no
 * name. Newly allocated. */
static char *
names_text (const double lab[3])
{
  ShColorNames names;
  cJSON *json;
  char *text, *members;

  if (!sh_color_names (lab, &names))
    return g_strdup ("");
  json = sh_color_names_json (&names);
  text = cJSON_PrintUnformatted (json);
  /* The object's members, without its braces, continue the object being written. */
  members = g_strdup_printf (",%.*s", (int) strlen (text) - 2, text + 1);
  cJSON_free (text);
  cJSON_Delete (json);
  return members;
}

static void
write_names (FILE *fp, const double lab[3])
{
  g_autofree char *text = names_text (lab);

  fputs (text, fp);
}

/* The names of a catalogue colour ('#rrggbb'), looked up once per colour: a million photos share the colours
 * of far fewer products, and naming one is a search of every ISCC-NBS centroid. */
static void
write_catalog_names (FILE *fp, GHashTable *cache, const char *hex)
{
  const char *text = g_hash_table_lookup (cache, hex);

  if (text == NULL)
    {
      uint8_t rgb[3];
      double lab[3];
      char *made = g_strdup ("");

      if (sh_parse_hex (hex, rgb))
        {
          sh_srgb8_to_lab (rgb, lab);
          g_free (made);
          made = names_text (lab);
        }
      g_hash_table_insert (cache, g_strdup (hex), made);
      text = made;
    }
  fputs (text, fp);
}

static void
write_box_extras (FILE *fp, const ShExportBox *box)
{
  fputs (",\"shadelab_color\":", fp);
  if (box->has_color)
    {
      fputs ("{\"srgb\":", fp);
      sh_export_write_json_string (fp, box->srgb);
      fprintf (fp, ",\"lab_d50\":[%.4f,%.4f,%.4f],\"method\":\"robust\"", box->lab[0], box->lab[1], box->lab[2]);
      write_names (fp, box->lab);
      putc ('}', fp);
    }
  else
    fputs ("null", fp);
  fputs (",\"shadelab_finish\":", fp);
  if (box->finish)
    sh_export_write_json_string (fp, box->finish);
  else
    fputs ("null", fp);
  fprintf (fp, ",\"shadelab_flags\":{\"occluded\":%s,\"truncated\":%s,\"difficult\":%s}",
           box->occluded ? "true" : "false", box->truncated ? "true" : "false",
           box->difficult ? "true" : "false");
  fprintf (fp, ",\"shadelab_source\":{\"source\":\"%s\",\"score\":", box->model ? "model" : "human");
  if (box->score >= 0)
    sh_export_write_number (fp, box->score);
  else
    fputs ("null", fp);
  fputs ("}", fp);
}

static void
write_optional_string (FILE *fp, const char *key, const char *value, gboolean first)
{
  fprintf (fp, "%s\"%s\":", first ? "" : ",", key);
  if (value)
    sh_export_write_json_string (fp, value);
  else
    fputs ("null", fp);
}

static void
write_split (ShExportData *data, int split, FILE *fp)
{
  g_autofree char *now = sh_project_now ();
  g_autoptr (GHashTable) catalog_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  guint image_id = 0, annotation_id = 0;
  gboolean first;

  fputs ("{\"info\":{\"description\":", fp);
  sh_export_write_json_string (fp, data->project_name);
  fprintf (fp, ",\"version\":\"1.0\",\"year\":%.4s,\"contributor\":\"Shadelab\",\"url\":\"\",\"date_created\":", now);
  sh_export_write_json_string (fp, now);
  fputs (",\"shadelab_split\":", fp);
  sh_export_write_json_string (fp, sh_export_split_name (split));
  fputs ("},\n\"licenses\":[],\n\"images\":[", fp);

  first = TRUE;
  for (guint i = 0; i < data->images->len; i++)
    {
      const ShExportImage *image = &g_array_index (data->images, ShExportImage, i);

      if (image->split != split)
        continue;
      fprintf (fp, "%s\n{\"id\":%u,\"file_name\":", first ? "" : ",", ++image_id);
      sh_export_write_json_string (fp, image->relative_path);
      fprintf (fp, ",\"width\":%d,\"height\":%d,\"shadelab_image_id\":%" G_GINT64_FORMAT ",\"shadelab_product\":",
               image->width, image->height, image->id);
      if (image->sku)
        {
          putc ('{', fp);
          write_optional_string (fp, "sku", image->sku, TRUE);
          write_optional_string (fp, "brand", image->brand, FALSE);
          write_optional_string (fp, "shade", image->shade, FALSE);
          write_optional_string (fp, "category", image->category, FALSE);
          write_optional_string (fp, "catalog_color", image->catalog_color, FALSE);
          /* The catalogue colour's names: what the brand's shade is called in plain words. */
          if (image->catalog_color)
            write_catalog_names (fp, catalog_names, image->catalog_color);
          fputs ("}", fp);
        }
      else
        fputs ("null", fp);
      fputs ("}", fp);
      first = FALSE;
    }

  fputs ("],\n\"annotations\":[", fp);
  first = TRUE;
  image_id = 0;
  for (guint i = 0; i < data->images->len; i++)
    {
      const ShExportImage *image = &g_array_index (data->images, ShExportImage, i);

      if (image->split != split)
        continue;
      image_id++;
      for (guint b = 0; b < image->n_boxes; b++)
        {
          const ShExportBox *box = &g_array_index (data->boxes, ShExportBox, image->first_box + b);
          char x[32], y[32], w[32], h[32], x2[32], y2[32], area[32];

          /* Each number is formatted once: the polygon repeats the box's corners. */
          sh_export_format_number (x, box->x);
          sh_export_format_number (y, box->y);
          sh_export_format_number (w, box->w);
          sh_export_format_number (h, box->h);
          sh_export_format_number (x2, box->x + box->w);
          sh_export_format_number (y2, box->y + box->h);
          sh_export_format_number (area, box->w * box->h);
          /* The box as a polygon, so tools that need a segmentation accept the file. */
          fprintf (fp,
                   "%s\n{\"id\":%u,\"image_id\":%u,\"category_id\":%u,\"bbox\":[%s,%s,%s,%s],\"area\":%s,"
                   "\"iscrowd\":0,\"segmentation\":[[%s,%s,%s,%s,%s,%s,%s,%s]],\"shadelab_box_id\":%" G_GINT64_FORMAT,
                   first ? "" : ",", ++annotation_id, image_id, box->class_index + 1, x, y, w, h, area,
                   x, y, x2, y, x2, y2, x, y2, box->id);
          write_box_extras (fp, box);
          fputs ("}", fp);
          first = FALSE;
        }
    }

  fputs ("],\n\"categories\":[", fp);
  for (guint c = 0; c < data->classes->len; c++)
    {
      fprintf (fp, "%s\n{\"id\":%u,\"name\":", c ? "," : "", c + 1);
      sh_export_write_json_string (fp, g_ptr_array_index (data->classes, c));
      fputs (",\"supercategory\":\"object\"}", fp);
    }
  fputs ("]}\n", fp);
}

gboolean
sh_export_coco (ShExportData *data, ShExportFiles *files, ShExportSummary *summary, GError **error)
{
  for (int split = 0; split < SH_EXPORT_N_SPLITS; split++)
    {
      g_autofree char *relative = NULL;
      ShExportFile *file;

      if (!sh_export_split_wanted (data, split))
        continue;
      relative = g_strdup_printf ("annotations/instances_%s.json", sh_export_split_name (split));
      file = sh_export_files_create (files, relative, error);
      if (!file)
        return FALSE;
      write_split (data, split, file->fp);
      if (!sh_export_files_close (files, file, error))
        return FALSE;
    }
  return TRUE;
}
