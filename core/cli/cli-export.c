/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-export.c: `shadelab-cli export PROJECT --format coco|voc|yolo|csv|gltf --out DIR [--split ...] [--seed N]`. */
#define G_LOG_DOMAIN "shadelab-cli"

#include "config.h"

#include <stdio.h>

#include <glib.h>

#include "core/cli/cli.h"
#include "core/formats/export.h"
#include "core/store/project.h"

static const char description[] =
  "Formats (files below DIR):\n"
  "  coco   annotations/instances_<split>.json: COCO detection; file_name is the photo's path relative\n"
  "         to DIR (use DIR as the image root); ids from 1; extra keys shadelab_color (robust swatch:\n"
  "         srgb, lab_d50), shadelab_finish, shadelab_flags, shadelab_source on each annotation\n"
  "  voc    <split>/Annotations/<name>.xml and <split>/ImageSets/Main/<split>.txt: Pascal VOC,\n"
  "         1-based inclusive pixel coordinates; <folder> is relative to DIR\n"
  "  yolo   images/<split>/ (symbolic links to the photos), labels/<split>/<name>.txt, data.yaml:\n"
  "         Ultralytics layout, \"class cx cy w h\" normalised to the upright size; Ultralytics applies\n"
  "         the EXIF orientation itself, so the labels match what it trains on\n"
  "  csv    boxes.csv: one row per box (RFC 4180) with product, robust colour, finish and split\n"
  "  gltf   <sku>.gltf: one glTF 2.0 material per product that has a colour (the calibrated base\n"
  "         colour, else the robust swatch of its best product box, else the catalogue colour)\n"
  "\n"
  "Exported: images with status 'labeled' (with --include-new also 'new' images that have boxes);\n"
  "'skipped' and 'rejected' images never. Boxes: human ones and model boxes a person accepted.\n"
  "Photos are never copied or re-encoded. Splits are grouped by product (an image without a product\n"
  "is its own group) and are the same for the same seed; adding products moves only a few others.\n"
  "Files are written under temporary names and renamed into place at the end: a failed or\n"
  "interrupted export leaves no half-written file. Re-exporting into DIR replaces the files of the\n"
  "same format (label and annotation files of images no longer exported are removed).\n"
  "\n"
  "Exit status: 0 done, 1 error (message on stderr), 2 usage error.";

int
sh_cli_export (int argc, char **argv)
{
  g_autofree char *format_text = NULL;
  g_autofree char *out_dir = NULL;
  g_autofree char *split_text = NULL;
  g_autofree char *seed_text = NULL;
  gboolean include_new = FALSE;
  g_auto (GStrv) rest = NULL;
  GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_text, "coco, voc, yolo, csv or gltf (required)", "FORMAT" },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out_dir, "Folder to write into, created when missing (required)",
      "DIR" },
    { "split", 0, 0, G_OPTION_ARG_STRING, &split_text,
      "Train, val, test fractions, normalised (default 0.8,0.1,0.1)", "T,V,T" },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &seed_text, "Split seed, 0 to 18446744073709551615 (default 0)", "N" },
    { "include-new", 0, 0, G_OPTION_ARG_NONE, &include_new, "Also export 'new' images that have boxes", NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, "PROJECT" },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("--format FORMAT --out DIR");
  g_autoptr (GError) error = NULL;
  g_autoptr (ShProject) project = NULL;
  ShExportOptions options;
  ShExportSummary summary;

  g_set_prgname ("shadelab-cli export");
  g_option_context_set_summary (context, "Writes a project as training data or as glTF materials.");
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return sh_cli_usage_error (context, "export", error->message);

  sh_export_options_init (&options);
  if (rest == NULL || rest[0] == NULL)
    return sh_cli_usage_error (context, "export", "no PROJECT given");
  if (rest[1] != NULL)
    return sh_cli_usage_error (context, "export", "give exactly one PROJECT");
  if (format_text == NULL)
    return sh_cli_usage_error (context, "export", "--format is required");
  if (!sh_export_format_from_name (format_text, &options.format))
    return sh_cli_usage_error (context, "export", "--format must be coco, voc, yolo, csv or gltf");
  if (out_dir == NULL || out_dir[0] == '\0')
    return sh_cli_usage_error (context, "export", "--out DIR is required");
  if (split_text != NULL && !sh_export_parse_split (split_text, options.fractions, &error))
    return sh_cli_usage_error (context, "export", error->message);
  if (seed_text != NULL && !g_ascii_string_to_unsigned (seed_text, 10, 0, G_MAXUINT64, &options.seed, NULL))
    return sh_cli_usage_error (context, "export", "--seed must be a whole number from 0 to 18446744073709551615");
  options.include_new = include_new;

  /* Read-only: an export never changes the project and works while the application has it open. */
  project = sh_project_open (rest[0], SH_PROJECT_OPEN_READ_ONLY, &error);
  if (project == NULL)
    return sh_cli_failed ("export", error);
  if (!sh_export (project, out_dir, &options, &summary, &error))
    {
      fprintf (stderr, "shadelab-cli export: %s: %s\n", out_dir, error->message);
      return 1;
    }

  if (options.format == SH_EXPORT_GLTF)
    printf ("gltf: %u materials written to %s (%u products without a colour left out)\n", summary.products,
            out_dir, summary.products_skipped);
  else
    printf ("%s: %u images (train %u, val %u, test %u), %u boxes, %u files written to %s\n",
            sh_export_format_name (options.format), summary.images[0] + summary.images[1] + summary.images[2],
            summary.images[0], summary.images[1], summary.images[2],
            summary.boxes[0] + summary.boxes[1] + summary.boxes[2], summary.files, out_dir);
  return 0;
}
