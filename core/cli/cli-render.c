/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-render.c: `shadelab-cli render (--color #RRGGBB | PROJECT --product SKU) [--finish F] [--params FILE]
 * [--tones LIST] [--seed N] --out sheet.png [--json]`: a contact sheet of a shade on lips, one tile per skin
 * tone. */
#define G_LOG_DOMAIN "shadelab-cli"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib.h>

#include "color/colorspace.h"
#include "color/pixel-digits.h"
#include "color/skin-render.h"
#include "core/cli/cli.h"
#include "core/formats/material-json.h"
#include "core/store/project-reference.h"
#include "core/store/project.h"

/* The workspace's tile size. */
#define TILE_WIDTH 240
#define TILE_HEIGHT 180
#define COLUMNS 5
#define GAP 8
/* ISO 3664 / ISO 12646 viewing practice: colour judged on a neutral grey of about L* 50 (sRGB #777777). */
#define SURROUND 0x77

static const char description[] =
  "Material: --color gives a base colour (finish matte unless --finish says otherwise); PROJECT --product\n"
  "takes the product's material as the glTF export does (the calibrated material, else the robust swatch or\n"
  "catalogue colour with its finish's starting point). --finish then applies a finish preset (keeping the\n"
  "base colour) and --params FILE.json overrides single parameters, named as in the project's materials\n"
  "table: base_color, finish, roughness, metallic, clearcoat, clearcoat_roughness, specular, specular_color,\n"
  "sheen_color, sheen_roughness, ior, glitter_density (flakes/mm^2), glitter_size (mm), glitter_color, and\n"
  "coverage (0 bare lip to 1 full coverage).\n"
  "\n"
  "Tones: a comma-separated list of 'mst' (the 10 Monk Skin Tone swatches), 'project' (PROJECT's custom\n"
  "tones, see 'shadelab-cli tone') and custom tones as #rrggbb.\n"
  "\n"
  "The sheet: tiles of 240x180 pixels, 5 to a row, on a neutral grey (L* 50) surround, sRGB PNG written\n"
  "atomically. Each tile carries its number (1-based position; the MST number for the Monk tones) as pixel\n"
  "digits in its top-left corner; there is no other text. With --json: {\"tiles\":[{\"tone\", \"rect\":[x,y,w,h],\n"
  "\"skin\", \"lip\", \"lip_lab\", \"lip_point\":[x,y]}], \"material\":{...}} where lip is the rendered colour at\n"
  "the lower lip's camera-facing point (lip_lab its Lab D50 before 8-bit rounding) and skin the colour at the\n"
  "skin's camera-facing point.\n"
  "\n"
  "Exit status: 0 done, 1 error (message on stderr), 2 usage error.";

/* *project_at: where 'project' asks for the project's tones, or -1. */
static gboolean
parse_tones (const char *text, GArray *tones, int *project_at)
{
  g_auto (GStrv) parts = g_strsplit (text, ",", -1);

  for (int i = 0; parts[i]; i++)
    {
      const char *part = g_strstrip (parts[i]);
      ShSkinTone tone;

      if (strcmp (part, "project") == 0 && *project_at < 0)
        *project_at = (int) tones->len;
      else if (strcmp (part, "mst") == 0)
        for (int k = 0; k < SH_MONK_SKIN_TONE_COUNT; k++)
          g_array_append_val (tones, *sh_monk_skin_tone (k));
      else if (sh_skin_tone_from_hex (part, part, &tone))
        g_array_append_val (tones, tone);
      else
        return FALSE;
    }
  return tones->len > 0 || *project_at >= 0;
}



static void
add_hex (cJSON *object, const char *key, const float linear[3])
{
  double v[3] = { linear[0], linear[1], linear[2] };
  uint8_t rgb[3];
  char hex[8];

  sh_linear_srgb_to_srgb8 (v, rgb);
  sh_format_hex (rgb, hex);
  cJSON_AddStringToObject (object, key, hex);
}

static cJSON *
int_pair (int a, int b)
{
  cJSON *array = cJSON_CreateArray ();

  cJSON_AddItemToArray (array, cJSON_CreateNumber (a));
  cJSON_AddItemToArray (array, cJSON_CreateNumber (b));
  return array;
}

int
sh_cli_render (int argc, char **argv)
{
  g_autofree char *color_text = NULL;
  g_autofree char *product_sku = NULL;
  g_autofree char *finish_text = NULL;
  g_autofree char *params_path = NULL;
  g_autofree char *tones_text = NULL;
  g_autofree char *seed_text = NULL;
  g_autofree char *out_path = NULL;
  gboolean json = FALSE;
  g_auto (GStrv) rest = NULL;
  GOptionEntry entries[] = {
    { "color", 'c', 0, G_OPTION_ARG_STRING, &color_text, "Base colour of the shade (sRGB)", "#RRGGBB" },
    { "product", 'p', 0, G_OPTION_ARG_STRING, &product_sku, "The product of PROJECT to render", "SKU" },
    { "finish", 'f', 0, G_OPTION_ARG_STRING, &finish_text, "matte, satin, shiny, gloss or glitter", "FINISH" },
    { "params", 0, 0, G_OPTION_ARG_FILENAME, &params_path, "Material parameters to override (JSON object)",
      "FILE.json" },
    { "tones", 't', 0, G_OPTION_ARG_STRING, &tones_text, "Skin tones (default mst)", "LIST" },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &seed_text, "Glitter pattern seed, 0 to 4294967295 (default 0)", "N" },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out_path, "PNG file to write (required)", "FILE.png" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print the tiles and the material as JSON", NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, "[PROJECT]" },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("(--color #RRGGBB | PROJECT --product SKU) --out FILE.png");
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) tones = g_array_new (FALSE, FALSE, sizeof (ShSkinTone));
  g_autoptr (GdkPixbuf) sheet = NULL;
  g_autofree float *tile = NULL;
  g_autofree char *png = NULL;
  gsize png_len = 0;
  ShProductMaterial product = { 0 };
  ShMaterial *material = &product.material;
  ShMaterialFinish finish;
  const char *finish_name = NULL;
  ShLipScene *scene;
  guint64 seed = 0;
  int project_tones_at = -1;
  uint8_t rgb[3];
  int rows, width, height, rowstride, lip_x, lip_y, skin_x, skin_y;
  guint8 *pixels;
  cJSON *root, *tiles;

  g_set_prgname ("shadelab-cli render");
  g_option_context_set_summary (context, "Renders a shade on lips across skin tones as a PNG contact sheet.");
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return sh_cli_usage_error (context, "render", error->message);

  if (color_text && (rest || product_sku))
    return sh_cli_usage_error (context, "render", "give either --color or PROJECT --product, not both");
  if (!color_text && !(rest && rest[0] && product_sku))
    return sh_cli_usage_error (context, "render", "give --color #RRGGBB, or PROJECT and --product SKU");
  if (rest && rest[0] && rest[1])
    return sh_cli_usage_error (context, "render", "give exactly one PROJECT");
  if (color_text && !sh_parse_hex (color_text, rgb))
    return sh_cli_usage_error (context, "render", "--color must be #RRGGBB");
  if (finish_text && !sh_material_finish_from_name (finish_text, &finish))
    return sh_cli_usage_error (context, "render", "--finish must be matte, satin, shiny, gloss or glitter");
  if (!parse_tones (tones_text ? tones_text : "mst", tones, &project_tones_at))
    return sh_cli_usage_error (context, "render", "--tones must list 'mst', 'project' and/or #rrggbb colours");
  if (project_tones_at >= 0 && color_text)
    return sh_cli_usage_error (context, "render", "--tones project needs PROJECT");
  if (seed_text && !g_ascii_string_to_unsigned (seed_text, 10, 0, G_MAXUINT32, &seed, NULL))
    return sh_cli_usage_error (context, "render", "--seed must be a whole number from 0 to 4294967295");
  if (!out_path || !out_path[0])
    return sh_cli_usage_error (context, "render", "--out FILE.png is required");

  if (color_text)
    {
      sh_material_init (material);
      for (int i = 0; i < 3; i++)
        material->base_color[i] = sh_srgb_decode (rgb[i] / 255.0);
      if (!finish_text)
        finish = SH_MATERIAL_FINISH_MATTE;
      sh_material_set_finish (material, finish);
      finish_name = sh_material_finish_name (finish);
    }
  else
    {
      /* Read-only: rendering never changes the project and works while the application has it open. */
      g_autoptr (ShProject) project = sh_project_open (rest[0], SH_PROJECT_OPEN_READ_ONLY, &error);
      g_autoptr (GArray) project_tones = NULL;

      if (!project || !sh_project_get_product_material (project, product_sku, &product, &error)
          || (project_tones_at >= 0 && !(project_tones = sh_project_get_skin_tones (project, FALSE, &error))))
        return sh_cli_failed ("render", error);
      if (project_tones != NULL)
        g_array_insert_vals (tones, project_tones_at, project_tones->data, project_tones->len);
      if (tones->len == 0)
        {
          fprintf (stderr, "shadelab-cli render: the project has no custom tones (add one with 'shadelab-cli tone "
                   "add')\n");
          return 1;
        }
      finish_name = product.finish;
      if (finish_text)
        {
          sh_material_set_finish (material, finish);
          finish_name = sh_material_finish_name (finish);
        }
    }
  if (params_path)
    {
      if (!sh_material_update_from_file (material, params_path, &error))
        return sh_cli_failed ("render", error);
    }

  rows = ((int) tones->len + COLUMNS - 1) / COLUMNS;
  width = GAP + MIN ((int) tones->len, COLUMNS) * (TILE_WIDTH + GAP);
  height = GAP + rows * (TILE_HEIGHT + GAP);
  sheet = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  scene = sh_lip_scene_new (TILE_WIDTH, TILE_HEIGHT);
  tile = g_new (float, (gsize) TILE_WIDTH * TILE_HEIGHT * 3);
  if (!sheet || !scene)
    {
      sh_lip_scene_free (scene);
      fprintf (stderr, "shadelab-cli render: out of memory\n");
      return 1;
    }
  gdk_pixbuf_fill (sheet, (SURROUND << 24) | (SURROUND << 16) | (SURROUND << 8) | 0xff);
  pixels = gdk_pixbuf_get_pixels (sheet);
  rowstride = gdk_pixbuf_get_rowstride (sheet);
  sh_lip_scene_get_lip_point (scene, &lip_x, &lip_y);
  sh_lip_scene_get_skin_point (scene, &skin_x, &skin_y);

  root = cJSON_CreateObject ();
  tiles = cJSON_AddArrayToObject (root, "tiles");
  for (guint t = 0; t < tones->len; t++)
    {
      const ShSkinTone *tone = &g_array_index (tones, ShSkinTone, t);
      int x = GAP + (int) (t % COLUMNS) * (TILE_WIDTH + GAP);
      int y = GAP + (int) (t / COLUMNS) * (TILE_HEIGHT + GAP);
      const float *lip = tile + ((gsize) lip_y * TILE_WIDTH + lip_x) * 3;
      const float *skin = tile + ((gsize) skin_y * TILE_WIDTH + skin_x) * 3;
      double lip_linear[3], lab[3];
      cJSON *item = cJSON_CreateObject (), *rect, *lab_json;

      sh_skin_render (scene, tone, material, (uint32_t) seed, tile, (gsize) TILE_WIDTH * 3);
      sh_skin_render_encode_srgb8 (tile, (gsize) TILE_WIDTH * 3, TILE_WIDTH, TILE_HEIGHT,
                                   pixels + (gsize) y * rowstride + (gsize) x * 3, rowstride, 3);
      sh_draw_number_badge (pixels, rowstride, x + 4, y + 4, t + 1, 15);

      lip_linear[0] = lip[0];
      lip_linear[1] = lip[1];
      lip_linear[2] = lip[2];
      sh_linear_srgb_to_lab (lip_linear, lab);
      cJSON_AddStringToObject (item, "tone", tone->name);
      rect = cJSON_AddArrayToObject (item, "rect");
      cJSON_AddItemToArray (rect, cJSON_CreateNumber (x));
      cJSON_AddItemToArray (rect, cJSON_CreateNumber (y));
      cJSON_AddItemToArray (rect, cJSON_CreateNumber (TILE_WIDTH));
      cJSON_AddItemToArray (rect, cJSON_CreateNumber (TILE_HEIGHT));
      add_hex (item, "skin", skin);
      add_hex (item, "lip", lip);
      lab_json = cJSON_AddArrayToObject (item, "lip_lab");
      for (int i = 0; i < 3; i++)
        cJSON_AddItemToArray (lab_json, cJSON_CreateNumber (round (lab[i] * 1e4) / 1e4));
      cJSON_AddItemToObject (item, "lip_point", int_pair (x + lip_x, y + lip_y));
      cJSON_AddItemToArray (tiles, item);
    }
  sh_lip_scene_free (scene);
  cJSON_AddItemToObject (root, "material", sh_material_to_json (material, finish_name));
  if (product.color_source)
    cJSON_AddStringToObject (root, "color_source", product.color_source);
  cJSON_AddNumberToObject (root, "seed", (double) seed);

  /* g_file_set_contents writes a temporary file and renames it into place. */
  if (!gdk_pixbuf_save_to_buffer (sheet, &png, &png_len, "png", &error, NULL)
      || !g_file_set_contents (out_path, png, (gssize) png_len, &error))
    {
      fprintf (stderr, "shadelab-cli render: %s: %s\n", out_path, error->message);
      cJSON_Delete (root);
      return 1;
    }
  if (json)
    {
      char *text = cJSON_PrintUnformatted (root);
      printf ("%s\n", text);
      cJSON_free (text);
    }
  else
    printf ("render: %u tiles written to %s (%dx%d)\n", tones->len, out_path, width, height);
  cJSON_Delete (root);
  return 0;
}
