/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-tryon.c: `shadelab-cli tryon PHOTO --lips X1,Y1,... [--opening X1,Y1,...] --color #RRGGBB [--finish F]
 * [--params FILE.json] [--seed N] [--feather F] --out OUT.png [--json]`: a shade rendered onto the bare lips
 * of a photo; `tryon PROJECT --product SKU --participant CODE --out DIR`: a product onto a participant's bare
 * photos with the lips stored for them. */
#define G_LOG_DOMAIN "shadelab-cli"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gio/gio.h>
#include <glib.h>

#include "color/colorspace.h"
#include "color/delta-e.h"
#include "color/tryon-render.h"
#include "core/cli/cli.h"
#include "core/formats/image-loader.h"
#include "core/formats/material-json.h"
#include "core/formats/tryon-photo.h"
#include "core/store/project-participants.h"
#include "core/store/project.h"

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
  "PROJECT --product SKU --participant CODE --out DIR renders the product's material (the calibrated one,\n"
  "else its measured or catalogue colour, as the glTF export does; --finish and --params apply over it) onto\n"
  "every bare photo of the participant whose lips are drawn ('shadelab-cli polygon set'), as\n"
  "DIR/CODE-FACEPHOTO-SKU.png; a participant who has not consented is refused. With --json:\n"
  "{\"project\", \"product\", \"participant\", \"color_source\", \"renders\":[{...as above, \"face_photo\"}]}.\n"
  "\n"
  "Exit status: 0 done, 1 error (message on stderr), 2 usage error.";

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

static gboolean
write_png (const ShLoadedImage *loaded, const char *path, GError **error)
{
  g_autoptr (GBytes) bytes = sh_tryon_photo_png (loaded, error);
  gsize size = 0;
  const char *data;

  if (!bytes)
    {
      g_prefix_error (error, "%s: ", path);
      return FALSE;
    }
  data = g_bytes_get_data (bytes, &size);
  /* g_file_set_contents writes a temporary file and renames it into place. */
  return g_file_set_contents (path, data, (gssize) size, error);
}

/* Renders material onto the lips of photo and writes out_path; the result as JSON (see the description). */
static cJSON *
render_photo (const char *photo, const ShPoint *lips, int n_lips, const ShPoint *opening, int n_opening,
              const ShMaterial *material, const char *finish_name, guint32 seed, double feather,
              const char *out_path, GError **error)
{
  g_autoptr (ShLoadedImage) loaded = NULL;
  double before[3], after[3], before_lab[3], after_lab[3], render_ms;
  cJSON *root, *image_json, *timing;

  loaded = sh_tryon_render_photo (photo, lips, n_lips, opening, n_opening, material, seed, feather, before, after,
                                  &render_ms, error);
  if (!loaded)
    return NULL;
  if (!write_png (loaded, out_path, error))
    return NULL;

  root = cJSON_CreateObject ();
  cJSON_AddStringToObject (root, "photo", photo);
  cJSON_AddStringToObject (root, "out", out_path);
  image_json = cJSON_AddObjectToObject (root, "image");
  cJSON_AddNumberToObject (image_json, "width", loaded->image->width);
  cJSON_AddNumberToObject (image_json, "height", loaded->image->height);
  cJSON_AddNumberToObject (image_json, "orientation", loaded->image->source_orientation);
  cJSON_AddStringToObject (image_json, "profile", loaded->profile_name);
  cJSON_AddItemToObject (root, "before", color_json (before, before_lab));
  cJSON_AddItemToObject (root, "after", color_json (after, after_lab));
  cJSON_AddNumberToObject (root, "delta_e", round (sh_delta_e2000 (before_lab, after_lab) * 1e4) / 1e4);
  cJSON_AddItemToObject (root, "material", sh_material_to_json (material, finish_name));
  cJSON_AddNumberToObject (root, "seed", (double) seed);
  timing = cJSON_AddObjectToObject (root, "timing");
  cJSON_AddNumberToObject (timing, "decode_ms", round (loaded->decode_ms * 1e3) / 1e3);
  cJSON_AddNumberToObject (timing, "render_ms", round (render_ms * 1e3) / 1e3);
  return root;
}

static void
print_summary (cJSON *result)
{
  cJSON *image = cJSON_GetObjectItem (result, "image");

  printf ("tryon: %s written (%dx%d), lips %s -> %s in %.1f ms\n", cJSON_GetObjectItem (result, "out")->valuestring,
          cJSON_GetObjectItem (image, "width")->valueint, cJSON_GetObjectItem (image, "height")->valueint,
          cJSON_GetObjectItem (cJSON_GetObjectItem (result, "before"), "hex")->valuestring,
          cJSON_GetObjectItem (cJSON_GetObjectItem (result, "after"), "hex")->valuestring,
          cJSON_GetObjectItem (cJSON_GetObjectItem (result, "timing"), "render_ms")->valuedouble);
}

/* PROJECT --product SKU --participant CODE --out DIR: every bare photo of the participant with lips drawn. */
static int
tryon_project (const char *project_path, const char *sku, const char *code, const char *finish_text,
               ShMaterialFinish finish, const char *params_path, guint32 seed, double feather, const char *out_dir,
               gboolean json)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ShProject) project = NULL;
  g_autoptr (GPtrArray) consented = NULL;
  g_autoptr (GPtrArray) photos = NULL;
  g_autofree char *sku_part = sh_cli_file_name_part (sku);
  ShProductMaterial product = { 0 };
  const char *finish_name;
  gint64 participant_id = 0;
  gboolean has_consent = FALSE;
  guint rendered = 0, undrawn = 0;
  cJSON *root, *renders;

  /* Read-only: rendering never changes the project and works while the application has it open. */
  project = sh_project_open (project_path, SH_PROJECT_OPEN_READ_ONLY, &error);
  if (!project || !sh_project_get_product_material (project, sku, &product, &error)
      || !sh_project_find_participant (project, code, &participant_id, &error)
      || !(consented = sh_project_list_participants (project, TRUE, &error)))
    return sh_cli_failed ("tryon", error);
  for (guint i = 0; i < consented->len; i++)
    has_consent |= ((ShParticipantRow *) g_ptr_array_index (consented, i))->id == participant_id;
  if (!has_consent)
    {
      fprintf (stderr, "shadelab-cli tryon: participant '%s' has not consented to their photos being used\n", code);
      return 1;
    }
  finish_name = product.finish;
  if (finish_text)
    {
      sh_material_set_finish (&product.material, finish);
      finish_name = sh_material_finish_name (finish);
    }
  if (params_path && !sh_material_update_from_file (&product.material, params_path, &error))
    return sh_cli_failed ("tryon", error);
  if (!(photos = sh_project_list_face_photos (project, participant_id, &error)))
    return sh_cli_failed ("tryon", error);
  if (g_mkdir_with_parents (out_dir, 0777) != 0)
    {
      int saved = errno;

      fprintf (stderr, "shadelab-cli tryon: %s: %s\n", out_dir, g_strerror (saved));
      return 1;
    }

  root = cJSON_CreateObject ();
  cJSON_AddStringToObject (root, "project", project_path);
  cJSON_AddStringToObject (root, "product", sku);
  cJSON_AddStringToObject (root, "participant", code);
  cJSON_AddStringToObject (root, "color_source", product.color_source);
  renders = cJSON_AddArrayToObject (root, "renders");
  for (guint i = 0; i < photos->len; i++)
    {
      const ShFacePhotoRow *row = g_ptr_array_index (photos, i);
      g_autoptr (GArray) outer = NULL;
      g_autoptr (GArray) opening = NULL;
      g_autofree char *file = NULL;
      g_autofree char *name = NULL;
      g_autofree char *out_path = NULL;
      cJSON *result;

      if (row->kind != SH_FACE_PHOTO_BARE)
        continue;
      if (!sh_project_get_lip_polygons (project, row->id, &outer, &opening, &error))
        goto failed;
      if (outer == NULL)
        {
          fprintf (stderr, "shadelab-cli tryon: face photo %" G_GINT64_FORMAT " (%s) has no lips drawn: skipped\n",
                   row->id, row->path);
          undrawn++;
          continue;
        }
      file = sh_project_resolve_path (project, row->path);
      name = g_strdup_printf ("%s-%" G_GINT64_FORMAT "-%s.png", row->participant_code, row->id, sku_part);
      g_strdelimit (name, "/\\", '_');
      out_path = g_build_filename (out_dir, name, NULL);
      result = render_photo (file, (const ShPoint *) outer->data, (int) outer->len,
                             opening ? (const ShPoint *) opening->data : NULL, opening ? (int) opening->len : 0,
                             &product.material, finish_name, seed, feather, out_path, &error);
      if (!result)
        goto failed;
      cJSON_AddNumberToObject (result, "face_photo", (double) row->id);
      if (!json)
        print_summary (result);
      cJSON_AddItemToArray (renders, result);
      rendered++;
    }
  if (json)
    sh_cli_print_json (root);
  else
    cJSON_Delete (root);
  if (rendered == 0)
    {
      fprintf (stderr, "shadelab-cli tryon: participant '%s' has no bare photo with lips drawn%s\n", code,
               undrawn ? " (draw them with 'shadelab-cli polygon set')" : "");
      return 1;
    }
  return 0;

failed:
  cJSON_Delete (root);
  return sh_cli_failed ("tryon", error);
}

int
sh_cli_tryon (int argc, char **argv)
{
  g_autofree char *lips_text = NULL;
  g_autofree char *opening_text = NULL;
  g_autofree char *color_text = NULL;
  g_autofree char *product_sku = NULL;
  g_autofree char *participant = NULL;
  g_autofree char *finish_text = NULL;
  g_autofree char *params_path = NULL;
  g_autofree char *seed_text = NULL;
  g_autofree char *out_path = NULL;
  double feather = SH_TRYON_FEATHER;
  gboolean json = FALSE;
  g_auto (GStrv) rest = NULL;
  GOptionEntry entries[] = {
    { "lips", 'l', 0, G_OPTION_ARG_STRING, &lips_text, "The lips' outer contour (PHOTO)", "X1,Y1,X2,Y2,..." },
    { "opening", 0, 0, G_OPTION_ARG_STRING, &opening_text, "The mouth's opening inside it (PHOTO)", "X1,Y1,..." },
    { "color", 'c', 0, G_OPTION_ARG_STRING, &color_text, "Base colour of the shade, sRGB (PHOTO)", "#RRGGBB" },
    { "product", 'p', 0, G_OPTION_ARG_STRING, &product_sku, "The product of PROJECT to render", "SKU" },
    { "participant", 0, 0, G_OPTION_ARG_STRING, &participant, "The participant of PROJECT to render on", "CODE" },
    { "finish", 'f', 0, G_OPTION_ARG_STRING, &finish_text, "matte, satin, shiny, gloss or glitter", "FINISH" },
    { "params", 0, 0, G_OPTION_ARG_FILENAME, &params_path, "Material parameters to override (JSON object)",
      "FILE.json" },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &seed_text, "Glitter pattern seed, 0 to 4294967295 (default 0)", "N" },
    { "feather", 0, 0, G_OPTION_ARG_DOUBLE, &feather, "Edge feather, a fraction of the lips' height, 0 to 0.5 "
      "(default 0.04)", "F" },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out_path, "PNG file (PHOTO) or folder (PROJECT) to write (required)",
      "OUT" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print the lip colour before and after as JSON", NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, "PHOTO" },
    { NULL },
  };
  g_autoptr (GOptionContext) context
    = g_option_context_new ("(PHOTO --lips X1,Y1,... --color #RRGGBB | PROJECT --product SKU --participant CODE) "
                            "--out OUT");
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) lips = NULL;
  g_autoptr (GArray) opening = NULL;
  ShMaterial material;
  ShMaterialFinish finish = SH_MATERIAL_FINISH_MATTE;
  guint64 seed = 0;
  uint8_t rgb[3];
  cJSON *result;

  g_set_prgname ("shadelab-cli tryon");
  g_option_context_set_summary (context, "Renders a shade onto the bare lips of a photo, or a product of a project "
                                "onto a participant's bare photos.");
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return sh_cli_usage_error (context, "tryon", error->message);
  if (!rest || !rest[0])
    return sh_cli_usage_error (context, "tryon", "no PHOTO or PROJECT given");
  if (rest[1])
    return sh_cli_usage_error (context, "tryon", "give exactly one PHOTO or PROJECT");
  if (finish_text && !sh_material_finish_from_name (finish_text, &finish))
    return sh_cli_usage_error (context, "tryon", "--finish must be matte, satin, shiny, gloss or glitter");
  if (seed_text && !g_ascii_string_to_unsigned (seed_text, 10, 0, G_MAXUINT32, &seed, NULL))
    return sh_cli_usage_error (context, "tryon", "--seed must be a whole number from 0 to 4294967295");
  if (!(feather >= 0 && feather <= 0.5))
    return sh_cli_usage_error (context, "tryon", "--feather must be between 0 and 0.5");
  if (!out_path || !out_path[0])
    return sh_cli_usage_error (context, "tryon", "--out OUT is required");

  if (product_sku || participant)
    {
      if (lips_text || opening_text || color_text)
        return sh_cli_usage_error (context, "tryon", "PROJECT takes the lips and colour from the project: "
                                   "--lips, --opening and --color are for a PHOTO");
      if (!product_sku || !participant)
        return sh_cli_usage_error (context, "tryon", "PROJECT needs both --product SKU and --participant CODE");
      return tryon_project (rest[0], product_sku, participant, finish_text, finish, params_path, (guint32) seed,
                            feather, out_path, json);
    }

  if (!lips_text)
    return sh_cli_usage_error (context, "tryon", "--lips X1,Y1,X2,Y2,... is required");
  if (!(lips = sh_cli_parse_points (lips_text)))
    return sh_cli_usage_error (context, "tryon", "--lips wants at least three X,Y points, numbers separated by commas");
  if (opening_text && !(opening = sh_cli_parse_points (opening_text)))
    return sh_cli_usage_error (context, "tryon",
                               "--opening wants at least three X,Y points, numbers separated by commas");
  if (!color_text)
    return sh_cli_usage_error (context, "tryon", "--color #RRGGBB is required");
  if (!sh_parse_hex (color_text, rgb))
    return sh_cli_usage_error (context, "tryon", "--color must be #RRGGBB");

  sh_material_init (&material);
  for (int i = 0; i < 3; i++)
    material.base_color[i] = sh_srgb_decode (rgb[i] / 255.0);
  sh_material_set_finish (&material, finish);
  if (params_path && !sh_material_update_from_file (&material, params_path, &error))
    return sh_cli_failed ("tryon", error);

  result = render_photo (rest[0], (const ShPoint *) lips->data, (int) lips->len,
                         opening ? (const ShPoint *) opening->data : NULL, opening ? (int) opening->len : 0,
                         &material, sh_material_finish_name (finish), (guint32) seed, feather, out_path, &error);
  if (!result)
    return sh_cli_failed ("tryon", error);
  if (json)
    {
      sh_cli_print_json (result);
      return 0;
    }
  print_summary (result);
  cJSON_Delete (result);
  return 0;
}
