/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-main.c: the subcommands of shadelab-cli by name, their one-line summaries and the top-level usage. */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "color/lip-mask.h"
#include "core/cli/cli.h"

typedef struct {
  const char *name;
  int (*run) (int argc, char **argv);
  const char *summary;
} Command;

static const Command commands[] = {
  { "extract", sh_cli_extract, "extract a product colour from a box in a photo (JSON)" },
  { "extract-batch", sh_cli_extract_batch, "extract the photos of a manifest, in shards, one JSON line each" },
  { "merge-results", sh_cli_merge_results, "store the swatches of extract-batch results in a project" },
  { "evaluate", sh_cli_evaluate, "measure the extraction against labelled photos (a TSV manifest)" },
  { "generate", sh_cli_generate, "write synthetic product photos with known ground truth" },
  { "import", sh_cli_import, "add photos (files, folders) to a project, with photo checks" },
  { "import-catalog", sh_cli_import_catalog, "link photos to products from a CSV or JSON catalogue" },
  { "import-annotations", sh_cli_import_annotations, "load labels or predictions (COCO, VOC, YOLO, labelme, CVAT)" },
  { "accept", sh_cli_accept, "accept model boxes scoring above a threshold; list the photos left for people" },
  { "shard", sh_cli_shard, "split a project into work packages for a team; merge their edits back" },
  { "init", sh_cli_init, "create an empty project file (.shadelab)" },
  { "stats", sh_cli_stats, "progress, boxes, labelers and shade coverage of a project" },
  { "export", sh_cli_export, "write a project as COCO, VOC, YOLO, CSV or glTF materials" },
  { "render", sh_cli_render, "draw a shade on lips across skin tones as a PNG contact sheet" },
  { "tryon", sh_cli_tryon, "render a shade onto the bare lips of a photo or of a project's participants" },
  { "participant", sh_cli_participant, "add, list or remove the people a shade is tried on; measure their skin tone" },
  { "face", sh_cli_face, "add, list or export participants' face photos; import their lips (COCO)" },
  { "polygon", sh_cli_polygon, "set or show the lips drawn on a face photo" },
  { "study", sh_cli_study, "blind realism study: trials, raters' packs, scores, unblinding and the report" },
  { "review", sh_cli_review, "products changed since a date, before/after; approve or send back" },
  { "tone", sh_cli_tone, "add, list or remove a project's reference skin tones" },
  { "reference-photo", sh_cli_reference_photo, "add, list or remove a product's reference photos" },
  { "check", sh_cli_check, "check a project's integrity, image files and photo standards" },
  { "name", sh_cli_name, "the ISCC-NBS and cosmetic names of a colour" },
  { "lint", sh_cli_lint, "catalogue problems: colours far from the photos, duplicates, misnamed shades" },
};

static void
print_usage (FILE *out)
{
  fprintf (out, "Usage: shadelab-cli COMMAND [ARGS...]\n\nCommands:\n");
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    fprintf (out, "  %-19s %s\n", commands[i].name, commands[i].summary);
  fprintf (out, "\nRun 'shadelab-cli COMMAND --help' for a command's options.\n");
}

int
sh_cli_main (int argc, char **argv)
{
  if (argc < 2)
    {
      print_usage (stderr);
      return 2;
    }
  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0 || strcmp (argv[1], "help") == 0)
    {
      print_usage (stdout);
      return 0;
    }
  if (strcmp (argv[1], "--version") == 0)
    {
      printf ("shadelab-cli %s\n", PACKAGE_VERSION);
      return 0;
    }
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    if (strcmp (argv[1], commands[i].name) == 0)
      return commands[i].run (argc - 1, argv + 1);

  fprintf (stderr, "shadelab-cli: unknown command '%s'\n\n", argv[1]);
  print_usage (stderr);
  return 2;
}

int
sh_cli_usage_error (GOptionContext *context, const char *command, const char *message)
{
  g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

  fprintf (stderr, "shadelab-cli %s: %s\n\n%s", command, message, help);
  return 2;
}

void
sh_cli_print_json (cJSON *root)
{
  char *text = cJSON_PrintUnformatted (root);

  printf ("%s\n", text);
  cJSON_free (text);
  cJSON_Delete (root);
}

char *
sh_cli_file_name_part (const char *text)
{
  char *part = g_strdup (text);

  for (char *c = part; *c; c++)
    if (!g_ascii_isalnum (*c) && *c != '-' && *c != '_' && *c != '.')
      *c = '_';
  return part;
}

int
sh_cli_failed (const char *command, const GError *error)
{
  fprintf (stderr, "shadelab-cli %s: %s\n", command, error->message);
  return 1;
}

/* "X1,Y1,X2,Y2,...": at least three points, finite numbers. */
gboolean
sh_cli_parse_box (const char *text, ShBox *box)
{
  char *end = NULL;
  long v[4];
  const char *p = text;

  for (int i = 0; i < 4; i++)
    {
      v[i] = strtol (p, &end, 10);
      if (end == p || (i < 3 && *end != ',') || (i == 3 && *end != '\0') || v[i] < INT32_MIN / 2
          || v[i] > INT32_MAX / 2)
        return FALSE;
      p = end + 1;
    }
  box->x = (int) v[0];
  box->y = (int) v[1];
  box->w = (int) v[2];
  box->h = (int) v[3];
  return box->w > 0 && box->h > 0;
}

GArray *
sh_cli_parse_points (const char *text)
{
  g_auto (GStrv) parts = g_strsplit (text, ",", -1);
  guint n = g_strv_length (parts);
  g_autoptr (GArray) points = g_array_new (FALSE, FALSE, sizeof (ShPoint));

  if (n < 6 || n % 2)
    return NULL;
  for (guint i = 0; i < n; i += 2)
    {
      ShPoint p;
      char *end;

      p.x = g_ascii_strtod (g_strstrip (parts[i]), &end);
      if (end == parts[i] || *end || !isfinite (p.x))
        return NULL;
      p.y = g_ascii_strtod (g_strstrip (parts[i + 1]), &end);
      if (end == parts[i + 1] || *end || !isfinite (p.y))
        return NULL;
      g_array_append_val (points, p);
    }
  return g_steal_pointer (&points);
}
