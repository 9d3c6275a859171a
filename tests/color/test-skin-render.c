/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-skin-render.c: the lip renderer's colour accuracy, the ordering effects of its parameters, glitter
 * reproducibility, and the material JSON. Leaves contact sheets (skin-render-*.png) in the working directory
 * for a look. */
#include "config.h"

#include <math.h>
#include <string.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib.h>

#include "color/colorspace.h"
#include "color/delta-e.h"
#include "color/skin-render.h"
#include "core/formats/material-json.h"
#include "tests/lib/test-material.h"

#define TILE_W 240
#define TILE_H 180

typedef struct {
  ShLipScene *scene;
  float *rgb;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->scene = sh_lip_scene_new (TILE_W, TILE_H);
  g_assert_nonnull (f->scene);
  f->rgb = g_new0 (float, TILE_W * TILE_H * 3);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  sh_lip_scene_free (f->scene);
  g_free (f->rgb);
}

static void
render (Fixture *f, const ShSkinTone *tone, const ShMaterial *m, uint32_t seed)
{
  sh_skin_render (f->scene, tone, m, seed, f->rgb, TILE_W * 3);
}

static void
pixel_lab (const float *rgb, int x, int y, double lab[3])
{
  const float *p = rgb + ((gsize) y * TILE_W + x) * 3;
  double linear[3] = { p[0], p[1], p[2] };

  sh_linear_srgb_to_lab (linear, lab);
}

static double
luminance (const float *p)
{
  return 0.2126 * p[0] + 0.7152 * p[1] + 0.0722 * p[2];
}

/* The published swatches, copied into the renderer, match the reference table when it is present. */
static void
test_monk_tones (void)
{
  const char *shared = g_getenv ("SHADELAB_SHARED_DIR");
  g_autofree char *path = shared ? g_build_filename (shared, "reference", "monk-skin-tone.tsv", NULL) : NULL;
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  int matched = 0;

  g_assert_null (sh_monk_skin_tone (-1));
  g_assert_null (sh_monk_skin_tone (SH_MONK_SKIN_TONE_COUNT));
  g_assert_cmpstr (sh_monk_skin_tone (0)->name, ==, "MST 1");
  g_assert_cmpstr (sh_monk_skin_tone (9)->name, ==, "MST 10");
  if (!path || !g_file_get_contents (path, &text, NULL, NULL))
    {
      g_test_skip ("reference/monk-skin-tone.tsv not found (SHADELAB_SHARED_DIR)");
      return;
    }
  lines = g_strsplit (text, "\n", -1);
  for (int i = 0; lines[i]; i++)
    {
      g_auto (GStrv) cells = g_strsplit (lines[i], "\t", -1);
      char hex[8];
      int index;

      if (lines[i][0] == '#' || g_strv_length (cells) < 2 || !g_ascii_isdigit (cells[0][0]))
        continue;
      index = atoi (cells[0]) - 1;
      g_assert_nonnull (sh_monk_skin_tone (index));
      sh_format_hex (sh_monk_skin_tone (index)->srgb, hex);
      g_assert_cmpstr (hex, ==, cells[1]);
      matched++;
    }
  g_assert_cmpint (matched, ==, SH_MONK_SKIN_TONE_COUNT);
}

/* Lips are redder than the skin, less yellow, and darker except on the deepest tones. */
static void
test_natural_lip (void)
{
  for (int t = 0; t < SH_MONK_SKIN_TONE_COUNT; t++)
    {
      const ShSkinTone *tone = sh_monk_skin_tone (t);
      double skin[3], lip[3], linear[3];

      sh_srgb8_to_lab (tone->srgb, skin);
      sh_skin_tone_natural_lip (tone, lip, linear);
      g_assert_cmpfloat (lip[1], >, skin[1] + 10);
      if (skin[0] > 25)
        g_assert_cmpfloat (lip[0], <, skin[0] - 1);
      g_assert_cmpfloat (fabs (lip[0] - skin[0]), <, 0.3 * skin[0]);
      /* Hue turns from the skin's yellow toward red. */
      g_assert_cmpfloat (atan2 (lip[2], lip[1]), <, atan2 (skin[2], skin[1]));
      for (int i = 0; i < 3; i++)
        g_assert_cmpfloat (linear[i], >=, 0);
    }
}

static void
test_lip_point (Fixture *f, gconstpointer data)
{
  int x, y, sx, sy;

  sh_lip_scene_get_lip_point (f->scene, &x, &y);
  sh_lip_scene_get_skin_point (f->scene, &sx, &sy);
  g_assert_cmpint (x, ==, TILE_W / 2);
  g_assert_cmpfloat (sh_lip_scene_get_lip_mask (f->scene, x, y), ==, 1.0);
  /* In the lower lip: well below the upper lip's middle and the skin point above it. */
  g_assert_cmpint (y, >, TILE_H / 2);
  g_assert_cmpint (sy, <, y - 30);
  g_assert_cmpfloat (sh_lip_scene_get_lip_mask (f->scene, sx, sy), ==, 0.0);
  /* The lip is wide and anti-aliased: partial pixels exist on its border. */
  {
    int partial = 0, full = 0;
    for (int j = 0; j < TILE_H; j++)
      for (int i = 0; i < TILE_W; i++)
        {
          float m = sh_lip_scene_get_lip_mask (f->scene, i, j);
          partial += m > 0.05f && m < 0.95f;
          full += m >= 1;
        }
    g_assert_cmpint (full, >, TILE_W * TILE_H / 10);
    g_assert_cmpint (partial, >, 200);
  }
  g_assert_null (sh_lip_scene_new (8, 8));
}

/* A matte film with full coverage shows its base colour where the lip faces the camera, on every tone;
 * the skin shows its tone where the face does. */
static void
test_matte_base_color (Fixture *f, gconstpointer data)
{
  static const char *const bases[] = {
    "#b0243a", "#e8a0a0", "#5a1a2a", "#c46a4a", "#8a3b5c", "#f0c8b4", "#2e1a1e", "#d81e5b",
  };
  double worst = 0;
  int x, y, sx, sy;

  sh_lip_scene_get_lip_point (f->scene, &x, &y);
  sh_lip_scene_get_skin_point (f->scene, &sx, &sy);
  for (guint b = 0; b < G_N_ELEMENTS (bases); b++)
    for (int t = 0; t < SH_MONK_SKIN_TONE_COUNT; t++)
      {
        const ShSkinTone *tone = sh_monk_skin_tone (t);
        ShMaterial m;
        uint8_t rgb[3];
        double want[3], got[3], skin[3], skin_got[3], de;

        material_with_hex (&m, bases[b], SH_MATERIAL_FINISH_MATTE);
        render (f, tone, &m, 1);
        sh_parse_hex (bases[b], rgb);
        sh_srgb8_to_lab (rgb, want);
        pixel_lab (f->rgb, x, y, got);
        de = sh_delta_e2000 (want, got);
        worst = MAX (worst, de);
        if (de >= 1.0)
          g_error ("%s on %s: lip shows Lab %.2f %.2f %.2f, dE2000 %.3f", bases[b], tone->name, got[0], got[1],
                   got[2], de);
        sh_srgb8_to_lab (tone->srgb, skin);
        pixel_lab (f->rgb, sx, sy, skin_got);
        g_assert_cmpfloat (sh_delta_e2000 (skin, skin_got), <, 0.5);
      }
  g_test_message ("worst CIEDE2000 at the lip point: %.3f", worst);
}

/* Highlight = render minus the same render without specular reflection, in luminance. */
static void
highlight_stats (Fixture *f, const ShMaterial *m, double threshold, double *peak, int *count)
{
  ShMaterial flat = *m;
  g_autofree float *lit = g_new (float, TILE_W * TILE_H * 3);
  const ShSkinTone *tone = sh_monk_skin_tone (4);

  flat.specular = 0;
  flat.clearcoat = 0;
  render (f, tone, m, 1);
  memcpy (lit, f->rgb, sizeof (float) * TILE_W * TILE_H * 3);
  render (f, tone, &flat, 1);
  *peak = 0;
  *count = 0;
  for (int i = 0; i < TILE_W * TILE_H; i++)
    {
      double d = luminance (lit + 3 * i) - luminance (f->rgb + 3 * i);
      *peak = MAX (*peak, d);
      *count += d > threshold;
    }
}

static void
test_roughness_ordering (Fixture *f, gconstpointer data)
{
  static const double roughness[] = { 0.2, 0.3, 0.45, 0.6 };
  double last_peak = G_MAXDOUBLE;
  int last_count = -1;

  for (guint i = 0; i < G_N_ELEMENTS (roughness); i++)
    {
      ShMaterial m;
      double peak;
      int count;

      material_with_hex (&m, "#b0243a", SH_MATERIAL_FINISH_SATIN);
      m.roughness = roughness[i];
      highlight_stats (f, &m, 0.02, &peak, &count);
      g_test_message ("roughness %.2f: peak %.4f, %d pixels above 0.02", roughness[i], peak, count);
      g_assert_cmpfloat (peak, <, last_peak);      /* dimmer */
      g_assert_cmpint (count, >, last_count);      /* broader */
      last_peak = peak;
      last_count = count;
    }
}

static void
test_clearcoat_sharp_highlight (Fixture *f, gconstpointer data)
{
  ShMaterial m;
  double peak, matte_peak;
  int sharp, broad, lip_pixels = 0;

  for (int j = 0; j < TILE_H; j++)
    for (int i = 0; i < TILE_W; i++)
      lip_pixels += sh_lip_scene_get_lip_mask (f->scene, i, j) >= 1;
  material_with_hex (&m, "#b0243a", SH_MATERIAL_FINISH_MATTE);
  m.specular = 1;
  highlight_stats (f, &m, 0.02, &matte_peak, &broad);
  m.clearcoat = 1;
  m.clearcoat_roughness = 0.03;
  highlight_stats (f, &m, 0.5 * 1.0, &peak, &sharp);
  g_test_message ("matte peak %.4f; with clearcoat peak %.4f, %d of %d lip pixels above 0.5", matte_peak, peak,
                  sharp, lip_pixels);
  g_assert_cmpfloat (peak, >, 1.0);
  g_assert_cmpfloat (peak, >, 10 * matte_peak);
  g_assert_cmpint (sharp, >, 0);
  g_assert_cmpint (sharp, <, lip_pixels / 30);
}

static int
sparkle_pixels (Fixture *f, double density, uint32_t seed)
{
  ShMaterial m, plain;
  g_autofree float *flat = g_new (float, TILE_W * TILE_H * 3);
  int count = 0;

  material_with_hex (&m, "#8a3b5c", SH_MATERIAL_FINISH_GLITTER);
  plain = m;
  plain.glitter_density = 0;
  render (f, sh_monk_skin_tone (6), &plain, seed);
  memcpy (flat, f->rgb, sizeof (float) * TILE_W * TILE_H * 3);
  m.glitter_density = density;
  render (f, sh_monk_skin_tone (6), &m, seed);
  for (int i = 0; i < TILE_W * TILE_H; i++)
    count += luminance (f->rgb + 3 * i) - luminance (flat + 3 * i) > 0.25;
  return count;
}

static void
test_glitter_density (Fixture *f, gconstpointer data)
{
  static const double densities[] = { 0.3, 1, 3, 8 };
  int last = 0;

  g_assert_cmpint (sparkle_pixels (f, 0, 7), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (densities); i++)
    {
      int count = sparkle_pixels (f, densities[i], 7);
      g_test_message ("glitter density %.1f/mm^2: %d sparkle pixels", densities[i], count);
      g_assert_cmpint (count, >, last);
      last = count;
    }
}

static void
test_coverage_zero (Fixture *f, gconstpointer data)
{
  g_autofree float *first = g_new (float, TILE_W * TILE_H * 3);
  ShMaterial red, blue;
  int x, y;

  sh_lip_scene_get_lip_point (f->scene, &x, &y);
  material_with_hex (&red, "#d81e5b", SH_MATERIAL_FINISH_GLITTER);
  red.clearcoat = 1;
  material_with_hex (&blue, "#2040c0", SH_MATERIAL_FINISH_MATTE);
  red.coverage = blue.coverage = 0;
  for (int t = 0; t < SH_MONK_SKIN_TONE_COUNT; t++)
    {
      const ShSkinTone *tone = sh_monk_skin_tone (t);
      double natural[3], got[3], de;

      render (f, tone, &red, 3);
      memcpy (first, f->rgb, sizeof (float) * TILE_W * TILE_H * 3);
      render (f, tone, &blue, 3);
      g_assert_cmpmem (first, sizeof (float) * TILE_W * TILE_H * 3, f->rgb, sizeof (float) * TILE_W * TILE_H * 3);
      sh_skin_tone_natural_lip (tone, natural, NULL);
      pixel_lab (f->rgb, x, y, got);
      de = sh_delta_e2000 (natural, got);
      g_test_message ("%s bare lip: dE2000 %.3f from the natural lip colour", tone->name, de);
      g_assert_cmpfloat (de, <, 1.0);
    }
  /* Half coverage lies between the bare lip and the film, in linear light. */
  {
    ShMaterial half;
    float bare, full, mid;
    size_t at = ((size_t) y * TILE_W + x) * 3;

    material_with_hex (&half, "#2040c0", SH_MATERIAL_FINISH_MATTE);
    half.coverage = 0;
    render (f, sh_monk_skin_tone (2), &half, 0);
    bare = f->rgb[at + 2];
    half.coverage = 1;
    render (f, sh_monk_skin_tone (2), &half, 0);
    full = f->rgb[at + 2];
    half.coverage = 0.5;
    render (f, sh_monk_skin_tone (2), &half, 0);
    mid = f->rgb[at + 2];
    g_assert_cmpfloat (fabsf (mid - 0.5f * (bare + full)), <, 1e-5);
  }
}

static void
test_determinism (Fixture *f, gconstpointer data)
{
  g_autofree float *first = g_new (float, TILE_W * TILE_H * 3);
  size_t bytes = sizeof (float) * TILE_W * TILE_H * 3;
  ShMaterial m;

  material_with_hex (&m, "#8a3b5c", SH_MATERIAL_FINISH_GLITTER);
  m.clearcoat = 0.5;
  m.sheen_color[0] = m.sheen_color[1] = m.sheen_color[2] = 0.3;
  m.sheen_roughness = 0.4;
  render (f, sh_monk_skin_tone (3), &m, 42);
  memcpy (first, f->rgb, bytes);
  render (f, sh_monk_skin_tone (3), &m, 42);
  g_assert_cmpmem (first, bytes, f->rgb, bytes);
  render (f, sh_monk_skin_tone (3), &m, 43);
  g_assert_true (memcmp (first, f->rgb, bytes) != 0);
}

/* Sheen brightens grazing parts of the lip and leaves the camera-facing point alone. */
static void
test_sheen_grazing (Fixture *f, gconstpointer data)
{
  g_autofree float *plain = g_new (float, TILE_W * TILE_H * 3);
  ShMaterial m;
  int x, y, edge_y = -1;
  size_t at;

  sh_lip_scene_get_lip_point (f->scene, &x, &y);
  material_with_hex (&m, "#5a1a2a", SH_MATERIAL_FINISH_MATTE);
  render (f, sh_monk_skin_tone (4), &m, 0);
  memcpy (plain, f->rgb, sizeof (float) * TILE_W * TILE_H * 3);
  m.sheen_color[0] = m.sheen_color[1] = m.sheen_color[2] = 0.8;
  m.sheen_roughness = 0.5;
  render (f, sh_monk_skin_tone (4), &m, 0);
  at = ((size_t) y * TILE_W + x) * 3;
  g_assert_cmpfloat (fabsf (f->rgb[at + 1] - plain[at + 1]), <, 1e-4);
  /* The last full lip pixel below the lip point is near the lip's lower edge. */
  for (int j = y; j < TILE_H && sh_lip_scene_get_lip_mask (f->scene, x, j) >= 1; j++)
    edge_y = j;
  at = ((size_t) edge_y * TILE_W + x) * 3;
  g_assert_cmpfloat (f->rgb[at + 1], >, plain[at + 1] + 0.01);
}

static void
save_sheet (Fixture *f, const ShMaterial *m, const char *name)
{
  g_autoptr (GdkPixbuf) sheet = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 5 * TILE_W, 2 * TILE_H);
  g_autoptr (GdkPixbuf) zoom = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *file = g_strdup_printf ("skin-render-%s.png", name);
  g_autofree char *zoom_file = g_strdup_printf ("skin-render-%s-zoom.png", name);
  guint8 *pixels = gdk_pixbuf_get_pixels (sheet);
  int rowstride = gdk_pixbuf_get_rowstride (sheet);

  for (int t = 0; t < SH_MONK_SKIN_TONE_COUNT; t++)
    {
      render (f, sh_monk_skin_tone (t), m, 5);
      sh_skin_render_encode_srgb8 (f->rgb, TILE_W * 3, TILE_W, TILE_H,
                                   pixels + (gsize) (t / 5) * TILE_H * rowstride + (gsize) (t % 5) * TILE_W * 3,
                                   rowstride, 3);
    }
  g_assert_true (gdk_pixbuf_save (sheet, file, "png", &error, NULL));
  /* MST 8's mouth, 3x, for the edges, the bow and the glitter. */
  {
    g_autoptr (GdkPixbuf) crop = gdk_pixbuf_new_subpixbuf (sheet, 2 * TILE_W + 30, TILE_H + 50, 180, 90);
    zoom = gdk_pixbuf_scale_simple (crop, 540, 270, GDK_INTERP_NEAREST);
  }
  g_assert_true (gdk_pixbuf_save (zoom, zoom_file, "png", &error, NULL));
}

static void
test_contact_sheets (Fixture *f, gconstpointer data)
{
  static const struct {
    const char *name, *hex;
    ShMaterialFinish finish;
  } looks[] = {
    { "matte", "#b0243a", SH_MATERIAL_FINISH_MATTE },
    { "satin", "#c45a6a", SH_MATERIAL_FINISH_SATIN },
    { "shiny", "#8a2040", SH_MATERIAL_FINISH_SHINY },
    { "gloss", "#d81e5b", SH_MATERIAL_FINISH_GLOSS },
    { "glitter", "#8a3b5c", SH_MATERIAL_FINISH_GLITTER },
    { "nude", "#c08878", SH_MATERIAL_FINISH_SATIN },
  };

  for (guint i = 0; i < G_N_ELEMENTS (looks); i++)
    {
      ShMaterial m;

      material_with_hex (&m, looks[i].hex, looks[i].finish);
      save_sheet (f, &m, looks[i].name);
    }
  {
    ShMaterial bare;

    material_with_hex (&bare, "#000000", SH_MATERIAL_FINISH_MATTE);
    bare.coverage = 0;
    save_sheet (f, &bare, "bare");
  }
}

/* The fast 8-bit encoder rounds exactly as the colour engine does, clipping out-of-range light. */
static void
test_encode_srgb8 (void)
{
  enum { N = 20000 };
  g_autofree float *values = g_new (float, N * 3);
  g_autofree guint8 *bytes = g_new (guint8, N * 4);

  for (int i = 0; i < N * 3; i++)
    values[i] = (float) (i % N) / (N - 1) * 1.2f - 0.1f;
  sh_skin_render_encode_srgb8 (values, N * 3, N, 1, bytes, N * 4, 4);
  for (int i = 0; i < N; i++)
    {
      double v[3] = { values[3 * i], values[3 * i + 1], values[3 * i + 2] };
      uint8_t want[3];

      sh_linear_srgb_to_srgb8 (v, want);
      for (int c = 0; c < 3; c++)
        g_assert_cmpint (bytes[4 * i + c], ==, want[c]);
      g_assert_cmpint (bytes[4 * i + 3], ==, 255);
    }
}

/* ---- material JSON ---- */

static void
test_material_json (void)
{
  ShMaterial m, back;
  cJSON *json;
  g_autoptr (GError) error = NULL;
  static const char *const refused[] = {
    "{\"roughnes\": 0.5}", "{\"roughness\": 1.5}", "{\"ior\": 0.5}", "{\"base_color\": \"red\"}",
    "{\"finish\": \"velvet\"}", "{\"sheen_color\": [1, 2, 0]}", "[1]", "{\"glitter_density\": -1}",
  };

  material_with_hex (&m, "#b0243a", SH_MATERIAL_FINISH_SHINY);
  m.glitter_density = 2;
  m.glitter_size = 0.3;
  m.has_glitter_color = TRUE;
  m.glitter_color[0] = 1;
  m.glitter_color[1] = sh_srgb_decode (0xd7 / 255.0);
  m.glitter_color[2] = 0;
  m.coverage = 0.8;
  json = sh_material_to_json (&m, "shiny");
  g_assert_cmpstr (cJSON_GetObjectItem (json, "base_color")->valuestring, ==, "#b0243a");
  g_assert_cmpstr (cJSON_GetObjectItem (json, "glitter_color")->valuestring, ==, "#ffd700");
  sh_material_init (&back);
  g_assert_true (sh_material_update_from_json (&back, json, &error));
  g_assert_no_error (error);
  cJSON_Delete (json);
  for (int i = 0; i < 3; i++)
    g_assert_cmpfloat_with_epsilon (back.base_color[i], m.base_color[i], 1e-6);
  g_assert_cmpfloat (back.roughness, ==, 0.28);
  g_assert_cmpfloat (back.clearcoat, ==, 0.5);
  g_assert_cmpfloat (back.clearcoat_roughness, ==, 0.1);
  g_assert_cmpfloat (back.glitter_density, ==, 2);
  g_assert_cmpfloat (back.coverage, ==, 0.8);
  g_assert_true (back.has_glitter_color);

  /* Only the keys given change; a finish applies its preset first. */
  json = cJSON_Parse ("{\"finish\": \"gloss\", \"clearcoat_roughness\": 0.02, \"specular_color\": [1, 0.9, 0.8]}");
  g_assert_true (sh_material_update_from_json (&back, json, &error));
  cJSON_Delete (json);
  g_assert_cmpfloat (back.roughness, ==, 0.4);
  g_assert_cmpfloat (back.clearcoat, ==, 1);
  g_assert_cmpfloat (back.clearcoat_roughness, ==, 0.02);
  g_assert_cmpfloat (back.specular_color[2], ==, 0.8);
  g_assert_cmpfloat (back.coverage, ==, 0.8);
  g_assert_false (back.has_glitter_color);

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      ShMaterial before = back;

      json = cJSON_Parse (refused[i]);
      g_assert_nonnull (json);
      g_assert_false (sh_material_update_from_json (&back, json, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      g_clear_error (&error);
      g_assert_cmpmem (&before, sizeof before, &back, sizeof back);
      cJSON_Delete (json);
    }
}

static void
test_finish_presets (void)
{
  ShMaterial m;
  double r, c, cr;

  for (int i = 0; i < SH_MATERIAL_N_FINISHES; i++)
    {
      ShMaterialFinish back;
      g_assert_true (sh_material_finish_from_name (sh_material_finish_name (i), &back));
      g_assert_cmpint (back, ==, i);
    }
  g_assert_false (sh_material_finish_from_name ("velvet", &(ShMaterialFinish) { 0 }));
  /* The notes' spans: matte 0.65-0.9, satin 0.35-0.55, shiny 0.2-0.35 with clearcoat 0.3-0.7 at 0.05-0.15,
   * gloss 0.3-0.5 with clearcoat 1 at 0-0.08. */
  sh_material_finish_starting_point ("matte", &r, &c, &cr);
  g_assert_true (r >= 0.65 && r <= 0.9 && c == 0);
  sh_material_finish_starting_point ("satin", &r, &c, &cr);
  g_assert_true (r >= 0.35 && r <= 0.55 && c == 0);
  sh_material_finish_starting_point ("shiny", &r, &c, &cr);
  g_assert_true (r >= 0.2 && r <= 0.35 && c >= 0.3 && c <= 0.7 && cr >= 0.05 && cr <= 0.15);
  sh_material_finish_starting_point ("gloss", &r, &c, &cr);
  g_assert_true (r >= 0.3 && r <= 0.5 && c == 1 && cr <= 0.08);
  sh_material_finish_starting_point (NULL, &r, &c, &cr);
  g_assert_cmpfloat (r, ==, 0.5);

  material_with_hex (&m, "#b0243a", SH_MATERIAL_FINISH_GLITTER);
  g_assert_cmpfloat (m.glitter_density, >, 0);
  g_assert_cmpfloat (m.glitter_size, >, 0);
  sh_material_set_finish (&m, SH_MATERIAL_FINISH_SATIN);
  g_assert_cmpfloat (m.glitter_density, ==, 0);
  g_assert_cmpfloat_with_epsilon (m.base_color[0], sh_srgb_decode (0xb0 / 255.0), 1e-12);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/skin-render/monk-tones", test_monk_tones);
  g_test_add_func ("/skin-render/natural-lip", test_natural_lip);
  g_test_add_func ("/skin-render/encode-srgb8", test_encode_srgb8);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/skin-render/lip-point", test_lip_point);
  ADD ("/skin-render/matte-shows-base-color", test_matte_base_color);
  ADD ("/skin-render/rougher-is-broader-and-dimmer", test_roughness_ordering);
  ADD ("/skin-render/clearcoat-adds-sharp-highlight", test_clearcoat_sharp_highlight);
  ADD ("/skin-render/denser-glitter-sparkles-more", test_glitter_density);
  ADD ("/skin-render/coverage-zero-shows-natural-lip", test_coverage_zero);
  ADD ("/skin-render/same-seed-same-render", test_determinism);
  ADD ("/skin-render/sheen-at-grazing", test_sheen_grazing);
  ADD ("/skin-render/contact-sheets", test_contact_sheets);
#undef ADD
  g_test_add_func ("/material/json", test_material_json);
  g_test_add_func ("/material/finish-presets", test_finish_presets);
  return g_test_run ();
}
