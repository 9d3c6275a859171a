/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-evaluate.c: `shadelab-cli evaluate MANIFEST.tsv [--json]`: how far each method is from a person's truth
 * on labelled photos, and whether the finish agrees with the product line.
 *
 * The manifest is tab-separated with a header row; columns are found by name, in any order:
 *   file                       the photo, relative to the manifest (required)
 *   box_xywh | box             the labeler's box, "x,y,w,h" in upright pixels
 *   patch_x0y0x1y1 | patch     the truth patch, "x0,y0,x1,y1" (x1, y1 exclusive)
 *   truth | truth_hex          the truth as '#rrggbb' (sRGB), instead of or besides a patch
 *   finish_by_product_line | finish   matte, satin, gloss, shimmer or glitter (empty: unknown)
 * The truth of a patch is the per-channel median, in linear light after the photo's profile, of its pixels
 * (transparent ones over white, as a viewer shows them): what a careful eyedropper reads. Rows without a box
 * are listed as skipped; rows with a box but neither patch nor truth only count for the finish.
 */
#define G_LOG_DOMAIN "shadelab-cli"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <gio/gio.h>

#include "core/cli/cli.h"
#include "color/colorspace.h"
#include "color/delta-e.h"
#include "color/extract.h"
#include "core/formats/image-loader.h"

#define N_METHODS 3

typedef struct {
  char *file;
  gboolean has_box, has_truth;
  ShBox box;
  double truth_lab[3];
  char truth_hex[8];
  char *finish_expected;       /* NULL when unknown */
  char *error;                 /* the photo could not be measured */
  double delta_e[N_METHODS];   /* robust, mean, dominant */
  char hex[N_METHODS][8];
  double confidence;
  const char *finish_got;
  gboolean glitter;
  int finish_agrees;           /* -1 not judged */
  double extract_ms;
} EvaluatedPhoto;

static void
evaluated_photo_clear (EvaluatedPhoto *photo)
{
  g_free (photo->file);
  g_free (photo->finish_expected);
  g_free (photo->error);
}

/* n comma-separated integers; FALSE unless exactly n. */
static gboolean
parse_ints (const char *text, int n, int *out)
{
  const char *p = text;
  for (int i = 0; i < n; i++)
    {
      char *end = NULL;
      long v = strtol (p, &end, 10);
      if (end == p || v < -1000000000L || v > 1000000000L)
        return FALSE;
      if (i < n - 1 ? *end != ',' : *end != '\0')
        return FALSE;
      out[i] = (int) v;
      p = end + 1;
    }
  return TRUE;
}

static gboolean
parse_hex (const char *text, double lab[3], char hex[8])
{
  unsigned int r, g, b;
  uint8_t rgb[3];

  if (text == NULL || strlen (text) != 7 || text[0] != '#' || sscanf (text + 1, "%2x%2x%2x", &r, &g, &b) != 3)
    return FALSE;
  rgb[0] = r, rgb[1] = g, rgb[2] = b;
  sh_srgb8_to_lab (rgb, lab);
  g_snprintf (hex, 8, "#%02x%02x%02x", r, g, b);
  return TRUE;
}

static int
compare_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static double
median_of (double *values, size_t n)
{
  qsort (values, n, sizeof *values, compare_double);
  return n % 2 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
}

/* The truth of a patch: per-channel median of its pixels in the image's linear working space, to Lab D50. */
static gboolean
patch_truth (const ShImage *image, const int patch[4], double lab[3], char hex[8])
{
  int x0 = MAX (patch[0], 0), y0 = MAX (patch[1], 0);
  int x1 = MIN (patch[2], image->width), y1 = MIN (patch[3], image->height);
  size_t n = 0;

  if (x1 <= x0 || y1 <= y0)
    return FALSE;
  size_t count = (size_t) (x1 - x0) * (size_t) (y1 - y0);
  g_autofree double *channels = g_new (double, 3 * count);
  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      {
        const uint8_t *p = image->pixels + (size_t) y * image->stride + (size_t) x * 4;
        uint8_t rgb[3];
        double linear[3];

        for (int c = 0; c < 3; c++)
          rgb[c] = (uint8_t) ((p[c] * p[3] + 255 * (255 - p[3]) + 127) / 255);
        sh_color_model_pixel_linear (&image->model, rgb, linear);
        for (int c = 0; c < 3; c++)
          channels[c * count + n] = linear[c];
        n++;
      }
  double median[3], xyz[3];
  for (int c = 0; c < 3; c++)
    median[c] = median_of (channels + c * count, n);
  sh_color_model_linear_to_xyz (&image->model, median, xyz);
  sh_xyz_d50_to_lab (xyz, lab);
  uint8_t rgb8[3];
  sh_lab_to_srgb8 (lab, rgb8);
  g_snprintf (hex, 8, "#%02x%02x%02x", rgb8[0], rgb8[1], rgb8[2]);
  return TRUE;
}

/* The product line's finish against ours: shimmer and glitter mean sparkles were found; matte, satin and
 * gloss mean that class and no sparkles. */
static int
finish_agreement (const char *expected, const ShSwatch *swatch)
{
  if (expected == NULL)
    return -1;
  if (g_ascii_strcasecmp (expected, "shimmer") == 0 || g_ascii_strcasecmp (expected, "glitter") == 0)
    return swatch->glitter.present != 0;
  return !swatch->glitter.present
         && g_ascii_strcasecmp (expected, sh_finish_class_name (swatch->finish.finish)) == 0;
}

static void
evaluate_photo (EvaluatedPhoto *photo, const char *path, const int *patch)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ShLoadedImage) loaded = sh_load_image (path, NULL, &error);

  if (loaded == NULL)
    {
      photo->error = g_strdup (error->message);
      return;
    }
  if (patch != NULL && !patch_truth (loaded->image, patch, photo->truth_lab, photo->truth_hex))
    {
      photo->error = g_strdup_printf ("%s: the patch lies outside the %dx%d image", photo->file,
                                      loaded->image->width, loaded->image->height);
      return;
    }

  for (int m = 0; m < N_METHODS; m++)
    {
      ShSwatch swatch;
      gint64 start = g_get_monotonic_time ();
      bool ok = m == SH_METHOD_ROBUST ? sh_extract_with_finish (loaded->image, photo->box, m, &swatch, NULL)
                                      : sh_extract (loaded->image, photo->box, m, &swatch, NULL);
      if (!ok)
        {
          photo->error = g_strdup_printf ("%s: the box lies outside the %dx%d image", photo->file,
                                          loaded->image->width, loaded->image->height);
          return;
        }
      if (m == SH_METHOD_ROBUST)
        {
          photo->extract_ms = (g_get_monotonic_time () - start) / 1000.0;
          photo->confidence = swatch.confidence;
          photo->finish_got = sh_finish_class_name (swatch.finish.finish);
          photo->glitter = swatch.glitter.present != 0;
          photo->finish_agrees = finish_agreement (photo->finish_expected, &swatch);
        }
      memcpy (photo->hex[m], swatch.hex, 8);
      photo->delta_e[m] = photo->has_truth ? sh_delta_e2000 (photo->truth_lab, swatch.lab) : NAN;
    }
}

typedef struct {
  int file, box, patch, truth, finish;
} Columns;

static int
column_index (char **header, const char *const *names)
{
  for (int i = 0; header[i] != NULL; i++)
    for (int k = 0; names[k] != NULL; k++)
      if (g_ascii_strcasecmp (g_strstrip (header[i]), names[k]) == 0)
        return i;
  return -1;
}

static const char *
field (char **fields, int index)
{
  if (index < 0 || (guint) index >= g_strv_length (fields))
    return NULL;
  const char *value = g_strstrip (fields[index]);
  return *value != '\0' ? value : NULL;
}

/* Reads the manifest into photos; FALSE with a message (file and line) for a malformed one. */
static gboolean
read_manifest (const char *manifest_path, GArray *photos, GError **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *folder = g_path_get_dirname (manifest_path);

  if (!g_file_get_contents (manifest_path, &contents, NULL, error))
    return FALSE;
  g_auto (GStrv) lines = g_strsplit (contents, "\n", -1);
  if (lines[0] == NULL || *g_strstrip (lines[0]) == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: empty manifest (a header row is needed)",
                   manifest_path);
      return FALSE;
    }
  g_auto (GStrv) header = g_strsplit (lines[0], "\t", -1);
  Columns columns = {
    .file = column_index (header, (const char *[]) { "file", NULL }),
    .box = column_index (header, (const char *[]) { "box_xywh", "box", NULL }),
    .patch = column_index (header, (const char *[]) { "patch_x0y0x1y1", "patch", NULL }),
    .truth = column_index (header, (const char *[]) { "truth", "truth_hex", NULL }),
    .finish = column_index (header, (const char *[]) { "finish_by_product_line", "finish", NULL }),
  };
  if (columns.file < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s: line 1: no 'file' column (columns are tab-separated and named in the first row)",
                   manifest_path);
      return FALSE;
    }

  for (int line = 1; lines[line] != NULL; line++)
    {
      g_strchomp (lines[line]);
      if (*lines[line] == '\0')
        continue;
      g_auto (GStrv) fields = g_strsplit (lines[line], "\t", -1);
      const char *file = field (fields, columns.file);
      const char *box = field (fields, columns.box);
      const char *patch = field (fields, columns.patch);
      const char *truth = field (fields, columns.truth);
      const char *finish = field (fields, columns.finish);
      EvaluatedPhoto photo = { .finish_agrees = -1 };
      int values[4];

      if (file == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: line %d: no file", manifest_path,
                       line + 1);
          return FALSE;
        }
      photo.file = g_strdup (file);
      photo.finish_expected = g_strdup (finish);
      for (int m = 0; m < N_METHODS; m++)
        photo.delta_e[m] = NAN;
      if (box != NULL)
        {
          if (!parse_ints (box, 4, values) || values[2] <= 0 || values[3] <= 0)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "%s: line %d: box '%s' is not x,y,w,h with w and h above zero", manifest_path,
                           line + 1, box);
              evaluated_photo_clear (&photo);
              return FALSE;
            }
          photo.has_box = TRUE;
          photo.box = (ShBox) { values[0], values[1], values[2], values[3] };
        }
      if (truth != NULL)
        {
          if (!parse_hex (truth, photo.truth_lab, photo.truth_hex))
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: line %d: truth '%s' is not #rrggbb",
                           manifest_path, line + 1, truth);
              evaluated_photo_clear (&photo);
              return FALSE;
            }
          photo.has_truth = TRUE;
        }
      int patch_values[4];
      gboolean has_patch = FALSE;
      if (patch != NULL)
        {
          if (!parse_ints (patch, 4, patch_values) || patch_values[2] <= patch_values[0]
              || patch_values[3] <= patch_values[1])
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "%s: line %d: patch '%s' is not x0,y0,x1,y1 with x1 > x0 and y1 > y0", manifest_path,
                           line + 1, patch);
              evaluated_photo_clear (&photo);
              return FALSE;
            }
          /* A patch is the truth unless a hex is given. */
          has_patch = !photo.has_truth;
          photo.has_truth = TRUE;
        }
      if (photo.has_box)
        {
          g_autofree char *path = g_path_is_absolute (file) ? g_strdup (file) : g_build_filename (folder, file, NULL);
          evaluate_photo (&photo, path, has_patch ? patch_values : NULL);
        }
      g_array_append_val (photos, photo);
    }
  return TRUE;
}

typedef struct {
  int n;
  double median, p90, worst;
} Summary;

static Summary
summarize (GArray *photos, int method)
{
  Summary summary = { 0 };
  g_autofree double *values = g_new (double, photos->len + 1);

  for (guint i = 0; i < photos->len; i++)
    {
      const EvaluatedPhoto *photo = &g_array_index (photos, EvaluatedPhoto, i);
      if (photo->error == NULL && photo->has_box && photo->has_truth)
        values[summary.n++] = photo->delta_e[method];
    }
  if (summary.n == 0)
    return summary;
  qsort (values, summary.n, sizeof *values, compare_double);
  summary.median = summary.n % 2 ? values[summary.n / 2]
                                 : 0.5 * (values[summary.n / 2 - 1] + values[summary.n / 2]);
  /* Nearest rank: the value 90% of the photos do not exceed. */
  summary.p90 = values[MIN (summary.n - 1, (int) ceil (0.9 * summary.n) - 1)];
  summary.worst = values[summary.n - 1];
  return summary;
}

static double
rounded (double value, double unit)
{
  return round (value / unit) * unit;
}

static void
print_json (GArray *photos, const Summary *summaries, int agree, int judged, int worse_than_mean, double ms)
{
  cJSON *json = cJSON_CreateObject ();
  cJSON *list = cJSON_AddArrayToObject (json, "photos");

  for (guint i = 0; i < photos->len; i++)
    {
      const EvaluatedPhoto *photo = &g_array_index (photos, EvaluatedPhoto, i);
      cJSON *item = cJSON_CreateObject ();

      cJSON_AddItemToArray (list, item);
      cJSON_AddStringToObject (item, "file", photo->file);
      if (!photo->has_box)
        {
          cJSON_AddStringToObject (item, "skipped", "no box");
          continue;
        }
      if (photo->error != NULL)
        {
          cJSON_AddStringToObject (item, "error", photo->error);
          continue;
        }
      if (photo->has_truth)
        cJSON_AddStringToObject (item, "truth", photo->truth_hex);
      for (int m = 0; m < N_METHODS; m++)
        {
          cJSON *method = cJSON_AddObjectToObject (item, sh_method_name (m));
          cJSON_AddStringToObject (method, "srgb", photo->hex[m]);
          if (photo->has_truth)
            cJSON_AddNumberToObject (method, "delta_e", rounded (photo->delta_e[m], 0.01));
        }
      cJSON_AddNumberToObject (item, "confidence", rounded (photo->confidence, 0.0001));
      cJSON *finish = cJSON_AddObjectToObject (item, "finish");
      if (photo->finish_expected != NULL)
        cJSON_AddStringToObject (finish, "expected", photo->finish_expected);
      cJSON_AddStringToObject (finish, "class", photo->finish_got);
      cJSON_AddBoolToObject (finish, "glitter", photo->glitter);
      if (photo->finish_agrees >= 0)
        cJSON_AddBoolToObject (finish, "agrees", photo->finish_agrees);
      cJSON_AddNumberToObject (item, "extract_ms", rounded (photo->extract_ms, 0.001));
    }

  cJSON *summary = cJSON_AddObjectToObject (json, "summary");
  for (int m = 0; m < N_METHODS; m++)
    {
      cJSON *method = cJSON_AddObjectToObject (summary, sh_method_name (m));
      cJSON_AddNumberToObject (method, "photos", summaries[m].n);
      cJSON_AddNumberToObject (method, "median", rounded (summaries[m].median, 0.01));
      cJSON_AddNumberToObject (method, "p90", rounded (summaries[m].p90, 0.01));
      cJSON_AddNumberToObject (method, "worst", rounded (summaries[m].worst, 0.01));
    }
  cJSON *finish = cJSON_AddObjectToObject (summary, "finish");
  cJSON_AddNumberToObject (finish, "agree", agree);
  cJSON_AddNumberToObject (finish, "judged", judged);
  cJSON_AddNumberToObject (summary, "robust_worse_than_mean", worse_than_mean);
  cJSON_AddNumberToObject (summary, "median_extract_ms", rounded (ms, 0.001));

  char *text = cJSON_Print (json);
  puts (text);
  cJSON_free (text);
  cJSON_Delete (json);
}

static void
print_table (GArray *photos, const Summary *summaries, int agree, int judged, int worse_than_mean, double ms)
{
  printf ("%-24s %-8s %15s %15s %15s  %-26s %6s %8s\n", "file", "truth", "robust dE00", "mean dE00",
          "dominant dE00", "finish (line -> found)", "conf", "ms");
  for (guint i = 0; i < photos->len; i++)
    {
      const EvaluatedPhoto *photo = &g_array_index (photos, EvaluatedPhoto, i);

      if (!photo->has_box)
        {
          printf ("%-24s skipped: no box\n", photo->file);
          continue;
        }
      if (photo->error != NULL)
        {
          printf ("%-24s error: %s\n", photo->file, photo->error);
          continue;
        }
      printf ("%-24s %-8s", photo->file, photo->has_truth ? photo->truth_hex : "-");
      for (int m = 0; m < N_METHODS; m++)
        {
          if (photo->has_truth)
            printf (" %6.2f %s", photo->delta_e[m], photo->hex[m]);
          else
            printf (" %15s", photo->hex[m]);
        }
      g_autofree char *found = g_strdup_printf ("%s%s", photo->finish_got, photo->glitter ? "+sparkle" : "");
      g_autofree char *finish = g_strdup_printf ("%s -> %s%s", photo->finish_expected ? photo->finish_expected : "?",
                                                 found, photo->finish_agrees == 1 ? "" :
                                                 photo->finish_agrees == 0 ? " (wrong)" : "");
      printf ("  %-26s %6.3f %8.2f\n", finish, photo->confidence, photo->extract_ms);
    }
  printf ("\n");
  for (int m = 0; m < N_METHODS; m++)
    if (summaries[m].n > 0)
      printf ("%-8s CIEDE2000 to the truth over %d photos: median %.2f, p90 %.2f, worst %.2f\n",
              sh_method_name (m), summaries[m].n, summaries[m].median, summaries[m].p90, summaries[m].worst);
  printf ("finish and sparkle as the product line says: %d of %d\n", agree, judged);
  printf ("robust worse than the plain mean on %d photos; median robust time %.2f ms\n", worse_than_mean, ms);
}

int
sh_cli_evaluate (int argc, char **argv)
{
  gboolean as_json = FALSE;
  g_auto (GStrv) rest = NULL;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, "Print JSON instead of a table", NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, "MANIFEST.tsv" },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("MANIFEST.tsv");
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) photos = g_array_new (FALSE, TRUE, sizeof (EvaluatedPhoto));
  int failed = 0, agree = 0, judged = 0, worse_than_mean = 0;
  g_autofree double *times = NULL;
  int n_times = 0;

  g_array_set_clear_func (photos, (GDestroyNotify) evaluated_photo_clear);
  g_set_prgname ("shadelab-cli evaluate");
  g_option_context_set_summary (context,
                                "Measures the extraction on labelled photos: for each photo in a tab-separated "
                                "manifest\n(columns file, box_xywh, patch_x0y0x1y1 and/or truth, "
                                "finish_by_product_line), the CIEDE2000\nof robust, mean and dominant to the "
                                "truth, the finish against the product line and the time.\nPaths are relative "
                                "to the manifest. Exit status 1 when a photo cannot be measured.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return sh_cli_usage_error (context, "evaluate", error->message);
  if (rest == NULL || rest[0] == NULL || rest[1] != NULL)
    return sh_cli_usage_error (context, "evaluate", "give exactly one MANIFEST.tsv");

  if (!read_manifest (rest[0], photos, &error))
    return sh_cli_failed ("evaluate", error);

  times = g_new (double, photos->len + 1);
  for (guint i = 0; i < photos->len; i++)
    {
      const EvaluatedPhoto *photo = &g_array_index (photos, EvaluatedPhoto, i);
      if (!photo->has_box)
        continue;
      if (photo->error != NULL)
        {
          failed++;
          fprintf (stderr, "shadelab-cli evaluate: %s\n", photo->error);
          continue;
        }
      times[n_times++] = photo->extract_ms;
      if (photo->finish_agrees >= 0)
        {
          judged++;
          agree += photo->finish_agrees;
        }
      if (photo->has_truth && photo->delta_e[SH_METHOD_ROBUST] > photo->delta_e[SH_METHOD_MEAN])
        worse_than_mean++;
    }
  Summary summaries[N_METHODS];
  for (int m = 0; m < N_METHODS; m++)
    summaries[m] = summarize (photos, m);
  double median_ms = n_times > 0 ? median_of (times, n_times) : 0;

  if (as_json)
    print_json (photos, summaries, agree, judged, worse_than_mean, median_ms);
  else
    print_table (photos, summaries, agree, judged, worse_than_mean, median_ms);
  return failed > 0 ? 1 : 0;
}
