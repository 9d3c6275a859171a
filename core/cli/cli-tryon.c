/* cli-tryon.c: `shadelab-cli tryon PHOTO --lips X1,Y1,... [--opening X1,Y1,...] --color #RRGGBB [--finish F]
 * [--params FILE.json] [--seed N] [--feather F] --out OUT.png [--json]`: a shade rendered onto the bare lips
 * of a photo. */
#define G_LOG_DOMAIN "shadelab-cli"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib.h>

#include "color/colorspace.h"
#include "color/delta-e.h"
#include "color/tryon-render.h"
#include "core/cli/cli.h"
#include "core/formats/image-loader.h"
#include "core/formats/material-json.h"
#include "core/formats/synth-writer.h"

static const char description[] =
  "The lips: --lips is the outer contour a person draws around them, --opening the mouth's opening (teeth,\n"
  "tongue) inside it, each as at least three X,Y points in upright pixels of PHOTO (after its EXIF\n"
  "orientation), pixel (x, y) covering x to x+1.\n"
  "\n"
  "The material: --color gives the base colour (finish matte unless --finish says otherwise: matte, satin,\n"
  "shiny, gloss or glitter); --params FILE.json overrides single parameters by the names of the project's\n"
  "materials table (roughness, clearcoat, coverage, glitter_density, ...), as 'shadelab-cli render' does.\n"
  "\n"
  "The rendering keeps the bare lip's own shading and texture and gives it the shade's colour at the lip's\n"
  "median lightness, mixed by the material's coverage; highlights sit where the photo's light already\n"
  "catches the lip; glitter follows --seed. The edge is feathered inward over --feather times the lips'\n"
  "height (default 0.04), so every pixel outside the lips keeps its value.\n"
  "\n"
  "OUT.png: the upright photo, 8 bits a channel, with the photo's ICC profile embedded (sRGB when it had\n"
  "none), written atomically. With --json: {\"photo\", \"out\", \"image\":{width, height, orientation, profile},\n"
  "\"before\":{\"lab\", \"hex\"}, \"after\":{...}, \"delta_e\", \"material\", \"seed\", \"timing\":{decode_ms,\n"
  "render_ms}}: the median lip colour (per channel in linear light over the pixels the lips cover, Lab D50\n"
  "and sRGB hex) before and after, and their CIEDE2000.\n"
  "\n"
  "Exit status: 0 done, 1 error (message on stderr), 2 usage error.";

/* "X1,Y1,X2,Y2,...": at least three points, finite numbers. */
static GArray *
parse_points (const char *text)
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

static cJSON *
color_json (const double linear[3], double lab[3])
{
  cJSON *object = cJSON_CreateObject ();
  cJSON *lab_json = cJSON_AddArrayToObject (object, "lab");
  uint8_t rgb[3];
  char hex[8];

  sh_linear_srgb_to_lab (linear, lab);
  for (int i = 0; i < 3; i++)
    cJSON_AddItemToArray (lab_json, cJSON_CreateNumber (round (lab[i] * 1e4) / 1e4));
  sh_linear_srgb_to_srgb8 (linear, rgb);
  sh_format_hex (rgb, hex);
  cJSON_AddStringToObject (object, "hex", hex);
  return object;
}

/* The profile that says what the rendered numbers mean: the photo's own, the working space when the loader
 * converted the photo into it, sRGB for an untagged photo. */
static guint8 *
output_profile (const ShLoadedImage *loaded, gsize *len)
{
  if (loaded->icc_data)
    {
      ShColorModel model;

      if (sh_color_model_init_icc (&model, loaded->icc_data, loaded->icc_len, NULL, 0) == SH_PROFILE_OK)
        {
          *len = loaded->icc_len;
          return g_memdup2 (loaded->icc_data, loaded->icc_len);
        }
      else
        {
          size_t size = 0;
          void *icc = sh_color_model_working_profile_icc (&size);
          guint8 *copy = icc ? g_memdup2 (icc, size) : NULL;

          free (icc);
          *len = size;
          return copy;
        }
    }
  return sh_synth_profile_icc (SH_SYNTH_PROFILE_SRGB, len);
}

static gboolean
write_png (const ShLoadedImage *loaded, const char *path, GError **error)
{
  const ShImage *image = loaded->image;
  int channels = image->has_alpha ? 4 : 3;
  g_autoptr (GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, image->has_alpha, 8, image->width,
                                                 image->height);
  g_autofree char *png = NULL;
  g_autofree guint8 *icc = NULL;
  g_autoptr (GBytes) bytes = NULL;
  gsize png_len = 0, icc_len = 0, size = 0;
  const char *data;
  guint8 *pixels;
  int rowstride;

  if (!pixbuf)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: out of memory", path);
      return FALSE;
    }
  pixels = gdk_pixbuf_get_pixels (pixbuf);
  rowstride = gdk_pixbuf_get_rowstride (pixbuf);
  for (int y = 0; y < image->height; y++)
    for (int x = 0; x < image->width; x++)
      memcpy (pixels + (gsize) y * rowstride + (gsize) x * channels,
              image->pixels + (gsize) y * image->stride + (gsize) x * 4, channels);
  icc = output_profile (loaded, &icc_len);
  if (!icc)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: cannot serialise the colour profile", path);
      return FALSE;
    }
  if (!gdk_pixbuf_save_to_buffer (pixbuf, &png, &png_len, "png", error, NULL)
      || !(bytes = sh_png_insert_icc_profile ((const guint8 *) png, png_len, icc, icc_len, error)))
    {
      g_prefix_error (error, "%s: ", path);
      return FALSE;
    }
  data = g_bytes_get_data (bytes, &size);
  /* g_file_set_contents writes a temporary file and renames it into place. */
  return g_file_set_contents (path, data, (gssize) size, error);
}

int
sh_cli_tryon (int argc, char **argv)
{
  g_autofree char *lips_text = NULL;
  g_autofree char *opening_text = NULL;
  g_autofree char *color_text = NULL;
  g_autofree char *finish_text = NULL;
  g_autofree char *params_path = NULL;
  g_autofree char *seed_text = NULL;
  g_autofree char *out_path = NULL;
  double feather = SH_TRYON_FEATHER;
  gboolean json = FALSE;
  g_auto (GStrv) rest = NULL;
  GOptionEntry entries[] = {
    { "lips", 'l', 0, G_OPTION_ARG_STRING, &lips_text, "The lips' outer contour (required)", "X1,Y1,X2,Y2,..." },
    { "opening", 0, 0, G_OPTION_ARG_STRING, &opening_text, "The mouth's opening inside it", "X1,Y1,..." },
    { "color", 'c', 0, G_OPTION_ARG_STRING, &color_text, "Base colour of the shade, sRGB (required)", "#RRGGBB" },
    { "finish", 'f', 0, G_OPTION_ARG_STRING, &finish_text, "matte, satin, shiny, gloss or glitter", "FINISH" },
    { "params", 0, 0, G_OPTION_ARG_FILENAME, &params_path, "Material parameters to override (JSON object)",
      "FILE.json" },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &seed_text, "Glitter pattern seed, 0 to 4294967295 (default 0)", "N" },
    { "feather", 0, 0, G_OPTION_ARG_DOUBLE, &feather, "Edge feather, a fraction of the lips' height, 0 to 0.5 "
      "(default 0.04)", "F" },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out_path, "PNG file to write (required)", "OUT.png" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print the lip colour before and after as JSON", NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, "PHOTO" },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("PHOTO --lips X1,Y1,... --color #RRGGBB --out OUT.png");
  g_autoptr (GError) error = NULL;
  g_autoptr (ShLoadedImage) loaded = NULL;
  g_autoptr (GArray) lips = NULL;
  g_autoptr (GArray) opening = NULL;
  ShLoadOptions load_options = { 0 };
  ShMaterial material;
  ShMaterialFinish finish = SH_MATERIAL_FINISH_MATTE;
  ShLipMask *mask;
  guint64 seed = 0;
  uint8_t rgb[3];
  double before[3], after[3], before_lab[3], after_lab[3], render_ms;
  gint64 start;
  cJSON *root, *image_json;

  g_set_prgname ("shadelab-cli tryon");
  g_option_context_set_summary (context, "Renders a shade onto the bare lips of a photo.");
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return sh_cli_usage_error (context, "tryon", error->message);
  if (!rest || !rest[0])
    return sh_cli_usage_error (context, "tryon", "no PHOTO given");
  if (rest[1])
    return sh_cli_usage_error (context, "tryon", "give exactly one PHOTO");
  if (!lips_text)
    return sh_cli_usage_error (context, "tryon", "--lips X1,Y1,X2,Y2,... is required");
  if (!(lips = parse_points (lips_text)))
    return sh_cli_usage_error (context, "tryon", "--lips wants at least three X,Y points, numbers separated by commas");
  if (opening_text && !(opening = parse_points (opening_text)))
    return sh_cli_usage_error (context, "tryon",
                               "--opening wants at least three X,Y points, numbers separated by commas");
  if (!color_text)
    return sh_cli_usage_error (context, "tryon", "--color #RRGGBB is required");
  if (!sh_parse_hex (color_text, rgb))
    return sh_cli_usage_error (context, "tryon", "--color must be #RRGGBB");
  if (finish_text && !sh_material_finish_from_name (finish_text, &finish))
    return sh_cli_usage_error (context, "tryon", "--finish must be matte, satin, shiny, gloss or glitter");
  if (seed_text && !g_ascii_string_to_unsigned (seed_text, 10, 0, G_MAXUINT32, &seed, NULL))
    return sh_cli_usage_error (context, "tryon", "--seed must be a whole number from 0 to 4294967295");
  if (!(feather >= 0 && feather <= 0.5))
    return sh_cli_usage_error (context, "tryon", "--feather must be between 0 and 0.5");
  if (!out_path || !out_path[0])
    return sh_cli_usage_error (context, "tryon", "--out OUT.png is required");

  sh_material_init (&material);
  for (int i = 0; i < 3; i++)
    material.base_color[i] = sh_srgb_decode (rgb[i] / 255.0);
  sh_material_set_finish (&material, finish);
  if (params_path && !sh_material_update_from_file (&material, params_path, &error))
    return sh_cli_failed ("tryon", error);

  loaded = sh_load_image (rest[0], &load_options, &error);
  if (!loaded)
    return sh_cli_failed ("tryon", error);
  mask = sh_lip_mask_new ((const ShPoint *) lips->data, (int) lips->len,
                          opening ? (const ShPoint *) opening->data : NULL, opening ? (int) opening->len : 0);
  if (!mask)
    {
      fprintf (stderr, "shadelab-cli tryon: the --lips contour encloses no area (or its coordinates are beyond "
               "1000000)\n");
      return 1;
    }
  if (!sh_tryon_median (loaded->image, mask, before))
    {
      fprintf (stderr, "shadelab-cli tryon: %s: the lips cover no pixel of the %dx%d photo\n", rest[0],
               loaded->image->width, loaded->image->height);
      sh_lip_mask_free (mask);
      return 1;
    }
  start = g_get_monotonic_time ();
  if (!sh_tryon_render (loaded->image, mask, &material, (uint32_t) seed, feather))
    {
      fprintf (stderr, "shadelab-cli tryon: %s: out of memory\n", rest[0]);
      sh_lip_mask_free (mask);
      return 1;
    }
  render_ms = (g_get_monotonic_time () - start) / 1000.0;
  sh_tryon_median (loaded->image, mask, after);
  sh_lip_mask_free (mask);
  if (!write_png (loaded, out_path, &error))
    return sh_cli_failed ("tryon", error);

  root = cJSON_CreateObject ();
  cJSON_AddStringToObject (root, "photo", rest[0]);
  cJSON_AddStringToObject (root, "out", out_path);
  image_json = cJSON_AddObjectToObject (root, "image");
  cJSON_AddNumberToObject (image_json, "width", loaded->image->width);
  cJSON_AddNumberToObject (image_json, "height", loaded->image->height);
  cJSON_AddNumberToObject (image_json, "orientation", loaded->image->source_orientation);
  cJSON_AddStringToObject (image_json, "profile", loaded->profile_name);
  cJSON_AddItemToObject (root, "before", color_json (before, before_lab));
  cJSON_AddItemToObject (root, "after", color_json (after, after_lab));
  cJSON_AddNumberToObject (root, "delta_e", round (sh_delta_e2000 (before_lab, after_lab) * 1e4) / 1e4);
  cJSON_AddItemToObject (root, "material", sh_material_to_json (&material, sh_material_finish_name (finish)));
  cJSON_AddNumberToObject (root, "seed", (double) seed);
  {
    cJSON *timing = cJSON_AddObjectToObject (root, "timing");

    cJSON_AddNumberToObject (timing, "decode_ms", round (loaded->decode_ms * 1e3) / 1e3);
    cJSON_AddNumberToObject (timing, "render_ms", round (render_ms * 1e3) / 1e3);
  }
  if (json)
    {
      char *text = cJSON_PrintUnformatted (root);

      printf ("%s\n", text);
      cJSON_free (text);
    }
  else
    printf ("tryon: %s written (%dx%d), lips %s -> %s in %.1f ms\n", out_path, loaded->image->width,
            loaded->image->height, cJSON_GetObjectItem (cJSON_GetObjectItem (root, "before"), "hex")->valuestring,
            cJSON_GetObjectItem (cJSON_GetObjectItem (root, "after"), "hex")->valuestring, render_ms);
  cJSON_Delete (root);
  return 0;
}
