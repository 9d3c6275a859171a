/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-extract: the extraction methods on images built pixel by pixel, where the right answer is known
 * exactly, and the agreement of every implementation of the per-pixel rule. */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib.h>

#include "color/colorspace.h"
#include "color/delta-e.h"
#include "color/extract-private.h"
#include "color/extract.h"
#include "color/synth.h"
#include "tests/lib/extract-reference.h"

static void
fill (ShImage *image, int x0, int y0, int w, int h, uint8_t r, uint8_t g, uint8_t b, uint8_t a)
{
  for (int y = y0; y < y0 + h; y++)
    for (int x = x0; x < x0 + w; x++)
      {
        uint8_t *p = image->pixels + (size_t) y * image->stride + 4 * x;
        p[0] = r, p[1] = g, p[2] = b, p[3] = a;
      }
}

/* Whether this processor can run the row loops of level. */
static bool
simd_level_runs (ShSimdLevel level)
{
#if defined(__x86_64__) && defined(__GNUC__)
  return level == SH_SIMD_PORTABLE || (level == SH_SIMD_AVX2 && __builtin_cpu_supports ("avx2"))
         || (level == SH_SIMD_AVX512 && __builtin_cpu_supports ("avx512bw"));
#else
  return level == SH_SIMD_PORTABLE;
#endif
}

static double
de_to_srgb8 (const double lab[3], uint8_t r, uint8_t g, uint8_t b)
{
  const uint8_t rgb[3] = { r, g, b };
  double expected[3];
  sh_srgb8_to_lab (rgb, expected);
  return sh_delta_e2000 (lab, expected);
}

/* A flat red patch on a white sweep: every method finds the patch colour, robust rejects the sweep. */
static void
test_flat_patch_on_white (void)
{
  ShImage *image = sh_image_new (200, 160);
  ShSwatch swatch;
  g_autofree uint8_t *mask = g_malloc (200 * 160);

  fill (image, 0, 0, 200, 160, 240, 240, 238, 255);
  fill (image, 60, 40, 80, 80, 176, 36, 58, 255);

  g_assert_true (sh_extract (image, (ShBox) { 40, 20, 120, 120 }, SH_METHOD_ROBUST, &swatch, mask));
  g_assert_cmpfloat (de_to_srgb8 (swatch.lab, 176, 36, 58), <, 0.01);
  g_assert_cmpstr (swatch.hex, ==, "#b0243a");
  g_assert_cmpint (swatch.counts[SH_PIXEL_USED], ==, 80 * 80);
  g_assert_cmpint (swatch.counts[SH_PIXEL_BACKGROUND], ==, 120 * 120 - 80 * 80);
  g_assert_cmpint (swatch.total, ==, 120 * 120);
  g_assert_cmpint (mask[0], ==, SH_PIXEL_BACKGROUND);
  g_assert_cmpint (mask[60 * 120 + 60], ==, SH_PIXEL_USED);
  g_assert_cmpfloat (swatch.spread, <, 0.1);
  g_assert_cmpfloat (swatch.confidence, >, 0.9);
  g_assert_true (swatch.in_gamut);
  /* glTF's baseColorFactor for #B0243A, from the colour notes: linear light, not the hex / 255. */
  g_assert_cmpfloat_with_epsilon (swatch.linear_rgb[0], 0.4342, 1e-3);
  g_assert_cmpfloat_with_epsilon (swatch.linear_rgb[1], 0.0176, 1e-3);
  g_assert_cmpfloat_with_epsilon (swatch.linear_rgb[2], 0.0423, 1e-3);

  g_assert_true (sh_extract (image, (ShBox) { 40, 20, 120, 120 }, SH_METHOD_DOMINANT, &swatch, NULL));
  g_assert_cmpfloat (de_to_srgb8 (swatch.lab, 176, 36, 58), <, 0.01);

  /* The plain mean mixes in the sweep: the known bad answer. */
  g_assert_true (sh_extract (image, (ShBox) { 40, 20, 120, 120 }, SH_METHOD_MEAN, &swatch, NULL));
  g_assert_cmpfloat (de_to_srgb8 (swatch.lab, 176, 36, 58), >, 10);
  g_assert_cmpint (swatch.counts[SH_PIXEL_USED], ==, 120 * 120);
  sh_image_free (image);
}

/* The mean is the average of light, not of code values: half black, half white is 50% linear. */
static void
test_mean_is_linear_light (void)
{
  ShImage *image = sh_image_new (10, 10);
  ShSwatch swatch;

  fill (image, 0, 0, 5, 10, 0, 0, 0, 255);
  fill (image, 5, 0, 5, 10, 255, 255, 255, 255);
  g_assert_true (sh_extract (image, (ShBox) { 0, 0, 10, 10 }, SH_METHOD_MEAN, &swatch, NULL));
  for (int c = 0; c < 3; c++)
    g_assert_cmpfloat_with_epsilon (swatch.linear_rgb[c], 0.5, 1e-4);
  g_assert_cmpstr (swatch.hex, ==, "#bcbcbc");
  sh_image_free (image);
}

/* A shaded cylinder with a highlight stripe: robust finds the lit body, not the shaded average, and calls
 * the shine specular. */
static void
test_shaded_cylinder_with_highlight (void)
{
  const int w = 300, h = 200, cx = 150, radius = 100;
  const double body[3] = { 0.45, 0.04, 0.08 };
  ShImage *image = sh_image_new (w, h);
  ShSwatch robust, mean;
  double truth_lab[3];

  fill (image, 0, 0, w, h, 242, 242, 240, 255);
  for (int y = 20; y < 180; y++)
    for (int x = cx - radius; x < cx + radius; x++)
      {
        double u = (x + 0.5 - cx) / radius;
        double shade = 0.35 + 0.65 * sqrt (fmax (0, 1 - u * u));
        double shine = fabs (u + 0.4) < 0.06 ? 0.5 : 0; /* bright, not clipped */
        double lin[3];
        uint8_t rgb[3];
        for (int c = 0; c < 3; c++)
          lin[c] = body[c] * shade + shine;
        sh_linear_srgb_to_srgb8 (lin, rgb);
        fill (image, x, y, 1, 1, rgb[0], rgb[1], rgb[2], 255);
      }
  sh_linear_srgb_to_lab (body, truth_lab);
  ShBox box = { 40, 10, 220, 180 };
  g_assert_true (sh_extract_with_finish (image, box, SH_METHOD_ROBUST, &robust, NULL));
  g_assert_true (sh_extract (image, box, SH_METHOD_MEAN, &mean, NULL));
  g_test_message ("robust dE %.3f, mean dE %.3f", sh_delta_e2000 (robust.lab, truth_lab),
                  sh_delta_e2000 (mean.lab, truth_lab));
  g_assert_cmpfloat (sh_delta_e2000 (robust.lab, truth_lab), <, 1.0);
  g_assert_cmpfloat (sh_delta_e2000 (mean.lab, truth_lab), >, 5.0);
  g_assert_cmpint (robust.counts[SH_PIXEL_SPECULAR], >=, 160 * 10);
  g_assert_cmpint (robust.finish.finish, ==, SH_FINISH_GLOSS);
  g_assert_false (robust.glitter.present);
  sh_image_free (image);
}

/* A bullet on a backdrop drawn pixel by pixel: a vertical cylinder with a diffuse profile peaking at
 * u = -0.3 (lit from the left), an optional lighter cut face over its top fifth and an optional dark
 * engraved band across its middle. body is the lit colour at the profile's peak. The backdrop is
 * backdrop_top at the top row fading to backdrop_bottom. */
typedef struct {
  double body[3];
  uint8_t backdrop_top[3], backdrop_bottom[3];
  bool cut_face, engraving;
} Bullet;

static ShImage *
draw_bullet (const Bullet *b, int w, int h, ShBox *bullet_box)
{
  ShImage *image = sh_image_new (w, h);
  const int cx = w / 2, radius = w / 5, top = h / 6, bottom = h - h / 8;

  for (int y = 0; y < h; y++)
    {
      double t = (double) y / (h - 1);
      uint8_t bg[3];
      for (int c = 0; c < 3; c++)
        bg[c] = (uint8_t) lround (b->backdrop_top[c] * (1 - t) + b->backdrop_bottom[c] * t);
      fill (image, 0, y, w, 1, bg[0], bg[1], bg[2], 255);
    }
  for (int y = top; y < bottom; y++)
    for (int x = cx - radius; x < cx + radius; x++)
      {
        double u = (x + 0.5 - cx) / radius, lin[3];
        double shade = 0.25 + 0.75 * fmax (0.0, cos (1.2 * (u + 0.3)));
        uint8_t rgb[3];
        if (b->cut_face && y < top + (bottom - top) / 5)
          shade = 1.35;                            /* lit harder than the side */
        if (b->engraving && y >= (top + bottom) / 2 && y < (top + bottom) / 2 + 6 && (x / 4) % 2 == 0)
          shade *= 0.45;                           /* engraved letters, in shade */
        for (int c = 0; c < 3; c++)
          lin[c] = b->body[c] * shade;
        sh_linear_srgb_to_srgb8 (lin, rgb);
        fill (image, x, y, 1, 1, rgb[0], rgb[1], rgb[2], 255);
      }
  *bullet_box = (ShBox) { cx - radius, top, 2 * radius, bottom - top };
  return image;
}

/* Whatever the backdrop's colour (red, a blue sky gradient, mint), robust reports the bullet's lit side,
 * calls the backdrop background, and never reports the backdrop. */
static void
test_any_backdrop (void)
{
  static const Bullet bullets[] = {
    { { 0.55, 0.32, 0.25 }, { 200, 30, 40 }, { 170, 20, 30 }, false, false },     /* nude on red */
    { { 0.70, 0.08, 0.06 }, { 60, 120, 210 }, { 150, 190, 235 }, false, false },  /* coral on a sky */
    { { 0.30, 0.03, 0.10 }, { 170, 225, 200 }, { 170, 225, 200 }, false, false }, /* berry on mint */
  };

  for (size_t i = 0; i < G_N_ELEMENTS (bullets); i++)
    {
      ShBox bullet;
      ShImage *image = draw_bullet (&bullets[i], 240, 300, &bullet);
      ShSwatch swatch;
      double truth[3], backdrop[3];
      uint8_t rgb[3];

      sh_linear_srgb_to_lab (bullets[i].body, truth);
      sh_srgb8_to_lab (bullets[i].backdrop_top, backdrop);
      g_assert_true (sh_extract (image, (ShBox) { 10, 10, 220, 280 }, SH_METHOD_ROBUST, &swatch, NULL));
      sh_linear_srgb_to_srgb8 (bullets[i].body, rgb);
      g_test_message ("bullet %zu: robust %s truth #%02x%02x%02x dE %.2f, background %" G_GINT64_FORMAT, i,
                      swatch.hex, rgb[0], rgb[1], rgb[2], sh_delta_e2000 (swatch.lab, truth),
                      swatch.counts[SH_PIXEL_BACKGROUND]);
      g_assert_cmpfloat (sh_delta_e2000 (swatch.lab, truth), <, 1.5);
      g_assert_cmpfloat (sh_delta_e2000 (swatch.lab, backdrop), >, 10);
      g_assert_cmpint (swatch.counts[SH_PIXEL_BACKGROUND], >=, 220 * 280 - bullet.w * bullet.h);
      g_assert_cmpint (swatch.reason, ==, SH_REASON_NONE);
      sh_image_free (image);
    }
}

/* A box drawn through the bullet's lit side (its left edge on the body): the lit red along that edge is
 * the product in another light, not a backdrop, although it fills more of the border than of the middle.
 * On a red backdrop of the same hue, which shows on every side, the backdrop is still the backdrop. */
static void
test_box_through_lit_side (void)
{
  static const Bullet bullets[] = {
    { { 0.45, 0.05, 0.07 }, { 240, 240, 238 }, { 240, 240, 238 }, false, false }, /* red on white */
    { { 0.20, 0.02, 0.03 }, { 194, 59, 59 }, { 194, 59, 59 }, false, false },     /* wine on red */
  };

  for (size_t i = 0; i < G_N_ELEMENTS (bullets); i++)
    {
      ShBox bullet;
      ShImage *image = draw_bullet (&bullets[i], 240, 300, &bullet);
      const ShBox box = { bullet.x + bullet.w / 5, 10, 230 - bullet.x - bullet.w / 5, 280 };
      g_autofree uint8_t *mask = g_malloc ((size_t) box.w * box.h);
      ShSwatch swatch;
      double truth[3], backdrop[3];

      sh_linear_srgb_to_lab (bullets[i].body, truth);
      sh_srgb8_to_lab (bullets[i].backdrop_top, backdrop);
      g_assert_true (sh_extract (image, box, SH_METHOD_ROBUST, &swatch, mask));
      int y = bullet.y + bullet.h / 2 - box.y;
      g_test_message ("bullet %zu: robust %s dE %.2f, left edge at mid height class %d", i, swatch.hex,
                      sh_delta_e2000 (swatch.lab, truth), mask[(size_t) y * box.w]);
      g_assert_cmpfloat (sh_delta_e2000 (swatch.lab, truth), <, 2.0);
      g_assert_cmpfloat (sh_delta_e2000 (swatch.lab, backdrop), >, 10);
      g_assert_cmpint (mask[(size_t) y * box.w], !=, SH_PIXEL_BACKGROUND);
      sh_image_free (image);
    }
}

/* A cut face lit harder than the side and a dark engraved band: neither is the body colour, and both show
 * as their own classes. */
static void
test_cut_face_and_engraving (void)
{
  const Bullet bullet = { { 0.45, 0.05, 0.07 }, { 240, 240, 238 }, { 240, 240, 238 }, true, true };
  ShBox box;
  ShImage *image = draw_bullet (&bullet, 240, 300, &box);
  g_autofree uint8_t *mask = g_malloc (220 * 280);
  ShSwatch swatch;
  double truth[3];

  sh_linear_srgb_to_lab (bullet.body, truth);
  g_assert_true (sh_extract (image, (ShBox) { 10, 10, 220, 280 }, SH_METHOD_ROBUST, &swatch, mask));
  g_test_message ("robust %s dE %.2f, cut face %" G_GINT64_FORMAT ", engraving %" G_GINT64_FORMAT ", shadow %"
                  G_GINT64_FORMAT, swatch.hex, sh_delta_e2000 (swatch.lab, truth), swatch.counts[SH_PIXEL_CUT_FACE],
                  swatch.counts[SH_PIXEL_ENGRAVING], swatch.counts[SH_PIXEL_SHADOW]);
  g_assert_cmpfloat (sh_delta_e2000 (swatch.lab, truth), <, 1.5);
  /* The cut face covers the top fifth of the bullet: most of it is called so. */
  g_assert_cmpint (swatch.counts[SH_PIXEL_CUT_FACE], >=, box.w * box.h / 5 / 2);
  g_assert_cmpint (mask[(size_t) (box.y + 5 - 10) * 220 + box.x + box.w / 3 - 10], ==, SH_PIXEL_CUT_FACE);
  g_assert_cmpint (swatch.counts[SH_PIXEL_ENGRAVING], >=, 50);
  /* The far side of the lit-from-the-left cylinder is in shadow. */
  g_assert_cmpint (swatch.counts[SH_PIXEL_SHADOW], >, 0);
  g_assert_cmpint (mask[(size_t) (box.y + box.h * 3 / 4 - 10) * 220 + box.x + box.w - 3 - 10], ==, SH_PIXEL_SHADOW);
  sh_image_free (image);
}

/* image turned a quarter clockwise (the top goes to the right) or anticlockwise. */
static ShImage *
quarter_turn (const ShImage *image, bool clockwise)
{
  ShImage *turned = sh_image_new (image->height, image->width);

  turned->model = image->model;
  for (int y = 0; y < image->height; y++)
    for (int x = 0; x < image->width; x++)
      {
        int tx = clockwise ? image->height - 1 - y : y, ty = clockwise ? x : image->width - 1 - x;
        memcpy (turned->pixels + (size_t) ty * turned->stride + 4 * tx, image->pixels + (size_t) y * image->stride + 4 * x, 4);
      }
  return turned;
}

/* The same bullet lying on its side, tip right and tip left: the side's shading now runs along the rows,
 * and the cut face is found at the tip's end, so the colour is the side body's as when it stands. */
static void
test_lying_bullet (void)
{
  const Bullet bullet = { { 0.45, 0.05, 0.07 }, { 240, 240, 238 }, { 240, 240, 238 }, true, true };
  ShBox upright;
  ShImage *image = draw_bullet (&bullet, 240, 300, &upright);
  double truth[3];

  sh_linear_srgb_to_lab (bullet.body, truth);
  for (int turn = 0; turn < 2; turn++)
    {
      bool clockwise = turn == 0;
      ShImage *lying = quarter_turn (image, clockwise);
      /* The box 10,10,220,280 of the upright photo, and a point of its cut face, turned with it. */
      const ShBox box = { 10, 10, 280, 220 };
      int cx = upright.x + upright.w / 3, cy = upright.y + 5;
      int x = clockwise ? 300 - 1 - cy : cy, y = clockwise ? cx : 240 - 1 - cx;
      g_autofree uint8_t *mask = g_malloc ((size_t) box.w * box.h);
      ShSwatch swatch;

      g_assert_true (sh_extract (lying, box, SH_METHOD_ROBUST, &swatch, mask));
      g_test_message ("tip %s: robust %s dE %.2f, cut face %" G_GINT64_FORMAT ", shadow %" G_GINT64_FORMAT,
                      clockwise ? "right" : "left", swatch.hex, sh_delta_e2000 (swatch.lab, truth),
                      swatch.counts[SH_PIXEL_CUT_FACE], swatch.counts[SH_PIXEL_SHADOW]);
      g_assert_cmpfloat (sh_delta_e2000 (swatch.lab, truth), <, 1.5);
      g_assert_cmpint (swatch.counts[SH_PIXEL_CUT_FACE], >=, upright.w * upright.h / 5 / 2);
      g_assert_cmpint (mask[(size_t) (y - box.y) * box.w + x - box.x], ==, SH_PIXEL_CUT_FACE);
      g_assert_cmpint (swatch.counts[SH_PIXEL_SHADOW], >, 0);
      sh_image_free (lying);
    }
  sh_image_free (image);
}

/* A transparent cut-out whose fully transparent pixels hide a grey RGB, with a ring of partly transparent
 * edge pixels: no method and no statistic counts the hidden grey. */
static void
test_transparent_cutout (void)
{
  ShImage *image = sh_image_new (160, 160);
  g_autofree uint8_t *mask = g_malloc (160 * 160);
  ShSwatch swatch;

  fill (image, 0, 0, 160, 160, 128, 128, 128, 0);   /* hidden grey */
  fill (image, 49, 29, 62, 102, 200, 60, 80, 128);  /* a half-transparent edge ring */
  fill (image, 50, 30, 60, 100, 200, 60, 80, 255);  /* the product */
  for (ShMethod method = SH_METHOD_ROBUST; method <= SH_METHOD_DOMINANT; method++)
    {
      g_assert_true (sh_extract_with_finish (image, (ShBox) { 0, 0, 160, 160 }, method, &swatch, mask));
      g_test_message ("%s: %s", sh_method_name (method), swatch.hex);
      g_assert_cmpfloat (de_to_srgb8 (swatch.lab, 200, 60, 80), <, 0.01);
      g_assert_cmpint (swatch.counts[SH_PIXEL_BACKGROUND], >=, 160 * 160 - 62 * 102);
      g_assert_false (swatch.glitter.present);
      g_assert_cmpint (swatch.finish.finish, ==, SH_FINISH_MATTE);
    }
  /* The mean's own classes: transparent is background, the ring an edge. */
  g_assert_true (sh_extract (image, (ShBox) { 0, 0, 160, 160 }, SH_METHOD_MEAN, &swatch, mask));
  g_assert_cmpint (swatch.counts[SH_PIXEL_USED], ==, 60 * 100);
  g_assert_cmpint (swatch.counts[SH_PIXEL_EDGE], ==, 62 * 102 - 60 * 100);
  g_assert_cmpint (mask[0], ==, SH_PIXEL_BACKGROUND);
  g_assert_cmpint (mask[29 * 160 + 49], ==, SH_PIXEL_EDGE);
  sh_image_free (image);
}

/* A product the colour of its backdrop cannot be told apart: a low confidence and the reason. */
static void
test_product_like_backdrop (void)
{
  ShImage *image = sh_image_new (120, 120);
  ShSwatch swatch;

  fill (image, 0, 0, 120, 120, 120, 60, 40, 255);
  fill (image, 40, 20, 40, 80, 121, 60, 41, 255);
  g_assert_true (sh_extract (image, (ShBox) { 0, 0, 120, 120 }, SH_METHOD_ROBUST, &swatch, NULL));
  g_assert_cmpint (swatch.reason, ==, SH_REASON_LIKE_BACKGROUND);
  g_assert_cmpfloat (swatch.confidence, <=, 0.2);
  g_assert_cmpstr (sh_extract_reason_name (swatch.reason), ==, "like-background");
  sh_image_free (image);
}

/* Transparent pixels are background; clipped and near-black pixels are never used. */
static void
test_alpha_clipped_and_black (void)
{
  ShImage *image = sh_image_new (100, 100);
  ShSwatch swatch;
  g_autofree uint8_t *mask = g_malloc (100 * 100);

  fill (image, 0, 0, 100, 100, 10, 200, 30, 0);   /* transparent, any colour */
  fill (image, 20, 20, 60, 60, 60, 110, 160, 255);
  fill (image, 30, 30, 5, 5, 255, 255, 255, 255);  /* blown-out speck */
  fill (image, 60, 60, 5, 5, 0, 0, 0, 255);        /* black speck */
  g_assert_true (sh_extract (image, (ShBox) { 0, 0, 100, 100 }, SH_METHOD_ROBUST, &swatch, mask));
  g_assert_cmpint (swatch.counts[SH_PIXEL_BACKGROUND], ==, 100 * 100 - 60 * 60);
  g_assert_cmpint (swatch.counts[SH_PIXEL_CLIPPED], ==, 50);
  g_assert_cmpint (swatch.counts[SH_PIXEL_USED], ==, 60 * 60 - 50);
  g_assert_cmpint (mask[32 * 100 + 32], ==, SH_PIXEL_CLIPPED);
  g_assert_cmpfloat (de_to_srgb8 (swatch.lab, 60, 110, 160), <, 0.01);
  sh_image_free (image);
}

/* A white studio backdrop shot at full exposure (255) is background, not clipped, in the mask and the counts;
 * a blown-out speck on the product and a black corner stay clipped. */
static void
test_white_backdrop_is_background (void)
{
  ShImage *image = sh_image_new (100, 100);
  ShSwatch swatch;
  g_autofree uint8_t *mask = g_malloc (100 * 100);

  fill (image, 0, 0, 100, 100, 255, 255, 255, 255);  /* the sweep, clipped */
  fill (image, 20, 20, 60, 60, 170, 30, 60, 255);     /* the product */
  fill (image, 40, 40, 5, 5, 255, 255, 255, 255);     /* a blown-out speck on it */
  fill (image, 0, 95, 5, 5, 0, 0, 0, 255);            /* a black corner */
  for (ShMethod method = SH_METHOD_ROBUST; method <= SH_METHOD_DOMINANT; method++)
    {
      if (method == SH_METHOD_MEAN)
        continue;
      g_assert_true (sh_extract (image, (ShBox) { 0, 0, 100, 100 }, method, &swatch, mask));
      g_assert_cmpint (swatch.counts[SH_PIXEL_BACKGROUND], ==, 100 * 100 - 60 * 60 - 25);
      g_assert_cmpint (swatch.counts[SH_PIXEL_CLIPPED], ==, 25 + 25);
      g_assert_cmpint (mask[0], ==, SH_PIXEL_BACKGROUND);
      g_assert_cmpint (mask[10 * 100 + 50], ==, SH_PIXEL_BACKGROUND);
      g_assert_cmpint (mask[42 * 100 + 42], ==, SH_PIXEL_CLIPPED);
      g_assert_cmpint (mask[97 * 100 + 2], ==, SH_PIXEL_CLIPPED);
      g_assert_cmpfloat (de_to_srgb8 (swatch.lab, 170, 30, 60), <, 0.01);
    }
  sh_image_free (image);
}

/* Another material inside the box (a gold band) is "other", and dominant picks the larger cluster. A
 * material reaching the box border in a larger share than it fills the middle is taken for backdrop
 * instead: either way it is never the colour. */
static void
test_packaging_is_other (void)
{
  ShImage *image = sh_image_new (120, 120);
  ShSwatch swatch;

  fill (image, 0, 0, 120, 120, 150, 40, 90, 255);   /* berry bullet, fills the box */
  fill (image, 10, 90, 100, 20, 190, 160, 60, 255); /* gold band inside it */
  g_assert_true (sh_extract (image, (ShBox) { 0, 0, 120, 120 }, SH_METHOD_ROBUST, &swatch, NULL));
  g_assert_cmpfloat (de_to_srgb8 (swatch.lab, 150, 40, 90), <, 0.01);
  g_assert_cmpint (swatch.counts[SH_PIXEL_OTHER], ==, 100 * 20);
  g_assert_true (sh_extract (image, (ShBox) { 0, 0, 120, 120 }, SH_METHOD_DOMINANT, &swatch, NULL));
  g_assert_cmpfloat (de_to_srgb8 (swatch.lab, 150, 40, 90), <, 0.01);
  g_assert_cmpint (swatch.counts[SH_PIXEL_USED], ==, 120 * 120 - 100 * 20);

  fill (image, 0, 90, 120, 30, 190, 160, 60, 255);  /* a gold case across the bottom, to the border */
  g_assert_true (sh_extract (image, (ShBox) { 0, 0, 120, 120 }, SH_METHOD_ROBUST, &swatch, NULL));
  g_assert_cmpfloat (de_to_srgb8 (swatch.lab, 150, 40, 90), <, 0.01);
  g_assert_cmpint (swatch.counts[SH_PIXEL_OTHER] + swatch.counts[SH_PIXEL_BACKGROUND], ==, 120 * 30);
  sh_image_free (image);
}

static void
test_boxes_outside_and_clipped (void)
{
  ShImage *image = sh_image_new (50, 40);
  ShSwatch swatch;

  fill (image, 0, 0, 50, 40, 100, 50, 50, 255);
  g_assert_false (sh_extract (image, (ShBox) { 60, 0, 10, 10 }, SH_METHOD_ROBUST, &swatch, NULL));
  g_assert_false (sh_extract (image, (ShBox) { -20, -20, 10, 10 }, SH_METHOD_MEAN, &swatch, NULL));
  g_assert_false (sh_extract (image, (ShBox) { 5, 5, 0, 10 }, SH_METHOD_ROBUST, &swatch, NULL));
  g_assert_true (sh_extract (image, (ShBox) { 40, 30, 100, 100 }, SH_METHOD_ROBUST, &swatch, NULL));
  g_assert_cmpint (swatch.box.x, ==, 40);
  g_assert_cmpint (swatch.box.w, ==, 10);
  g_assert_cmpint (swatch.box.h, ==, 10);
  g_assert_cmpint (swatch.total, ==, 100);
  g_assert_false (sh_extract (NULL, (ShBox) { 0, 0, 1, 1 }, SH_METHOD_ROBUST, &swatch, NULL));
  sh_image_free (image);
}

/* Small bright flakes inside the body are glitter; none on a plain body. */
static void
test_glitter_flakes (void)
{
  ShImage *image = sh_image_new (200, 200);
  ShSwatch swatch;
  int flakes = 0;

  fill (image, 0, 0, 200, 200, 120, 30, 60, 255);
  for (int y = 10; y < 190; y += 12)
    for (int x = 10 + (y / 12) % 3 * 3; x < 190; x += 13)
      {
        fill (image, x, y, 2, 2, 250, 215, 120, 255);
        flakes++;
      }
  g_assert_true (sh_extract_with_finish (image, (ShBox) { 0, 0, 200, 200 }, SH_METHOD_ROBUST, &swatch, NULL));
  g_assert_true (swatch.glitter.present);
  g_assert_cmpint (swatch.glitter.count, ==, flakes);
  g_assert_cmpfloat_with_epsilon (swatch.glitter.mean_size, 4.0, 1e-9);
  g_assert_cmpfloat (de_to_srgb8 (swatch.lab, 120, 30, 60), <, 0.01);

  fill (image, 0, 0, 200, 200, 120, 30, 60, 255);
  g_assert_true (sh_extract_with_finish (image, (ShBox) { 0, 0, 200, 200 }, SH_METHOD_ROBUST, &swatch, NULL));
  g_assert_false (swatch.glitter.present);
  g_assert_cmpint (swatch.glitter.count, ==, 0);
  g_assert_cmpint (swatch.finish.finish, ==, SH_FINISH_MATTE);
  sh_image_free (image);
}

/* Every implementation of the per-pixel rule (portable, AVX2, AVX-512 where the processor has them) gives
 * the same classes as the double-precision rule, up to float rounding on a handful of boundary pixels, on
 * the photo's label box or on a box of the whole photo but a margin (large enough for the lit band to take
 * every other row, see sh_extract_pair_row). */
static void
check_simd_levels_agree (int w, int h, bool whole_photo)
{
  ShSynthParams params;
  ShSynthTruth truth;
  ShImage *image = sh_image_new (w, h);
  g_autofree uint8_t *reference = g_malloc ((size_t) w * h);
  g_autofree uint8_t *fast = g_malloc ((size_t) w * h);
  ShSwatch ref_swatch, fast_swatch;

  sh_synth_params_for_seed (11, w, h, &params);
  params.finish = SH_FINISH_GLOSS;
  float *linear = sh_synth_render (&params, &truth);
  for (size_t i = 0; i < (size_t) w * h; i++)
    {
      double lin[3] = { linear[3 * i], linear[3 * i + 1], linear[3 * i + 2] };
      sh_linear_srgb_to_srgb8 (lin, image->pixels + 4 * i);
    }
  free (linear);

  ShBox box = whole_photo ? (ShBox) { 16, 16, w - 32, h - 32 } : truth.label_box;
  g_assert_cmpint ((int64_t) box.w * box.h >= SH_PAIR_ROW_HALVING_PIXELS, ==, whole_photo);
  g_assert_cmpint (sh_extract_reference (image, box, SH_METHOD_ROBUST, &ref_swatch, reference), ==, 0);
  for (ShSimdLevel level = SH_SIMD_PORTABLE; level <= SH_SIMD_AVX512; level++)
    {
      if (!simd_level_runs (level))
        continue;
      sh_extract_set_simd_level (level);
      for (int m = 0; m < 3; m++)
        {
          g_assert_true (sh_extract (image, box, (ShMethod) m, &fast_swatch, fast));
          g_assert_cmpint (sh_extract_reference (image, box, (ShMethod) m, &ref_swatch, reference), ==, 0);
          size_t differ = 0;
          for (size_t i = 0; i < (size_t) box.w * box.h; i++)
            differ += fast[i] != reference[i];
          g_test_message ("level %d method %s: %zu of %d pixels classed differently, dE %.5f", level,
                          sh_method_name ((ShMethod) m), differ, box.w * box.h,
                          sh_delta_e2000 (fast_swatch.lab, ref_swatch.lab));
          g_assert_cmpuint (differ, <=, (size_t) box.w * box.h / 10000 + 2);
          g_assert_cmpfloat (sh_delta_e2000 (fast_swatch.lab, ref_swatch.lab), <=, 0.05);
        }
    }
  sh_extract_set_simd_level (SH_SIMD_AUTO);
  sh_image_free (image);
}

static void
test_simd_levels_agree (void)
{
  check_simd_levels_agree (640, 480, false);
}

static void
test_simd_levels_agree_large_box (void)
{
  check_simd_levels_agree (1024, 768, true);
}

/* A box of a quarter megapixel and more reads the lit band from its even rows only; a smaller one from
 * every row. A flat product whose odd rows are a shade lighter tells which rows were read. */
static void
test_large_box_pairs_from_even_rows (void)
{
  const int size = 800, margin = 80;
  ShImage *image = sh_image_new (size, size); /* white */
  ShSwatch swatch;

  for (int y = margin; y < size - margin; y++)
    fill (image, margin, y, size - 2 * margin, 1, y % 2 == 0 ? 150 : 156, 40, 60, 255);
  g_assert_true (sh_extract (image, (ShBox) { 40, 40, 720, 720 }, SH_METHOD_ROBUST, &swatch, NULL));
  g_assert_cmpfloat (de_to_srgb8 (swatch.lab, 150, 40, 60), <, 0.05);
  /* 480 x 480 is below the limit: both kinds of row, half and half. */
  g_assert_true (sh_extract (image, (ShBox) { 40, 40, 480, 480 }, SH_METHOD_ROBUST, &swatch, NULL));
  g_assert_cmpfloat (de_to_srgb8 (swatch.lab, 150, 40, 60), >, 0.3);
  g_assert_cmpfloat (de_to_srgb8 (swatch.lab, 156, 40, 60), >, 0.3);
  sh_image_free (image);
}

/* The row loops give pixels inside the sweep's code box its class without the rule's arithmetic: every
 * code around the sweep, inside the box, on its edge and beyond, must get the class the rule gives. */
static void
test_uniform_boxes_exact (void)
{
  const int size = 300;
  ShImage *image = sh_image_new (size, size);
  g_autofree uint8_t *portable = g_malloc ((size_t) size * size);
  g_autofree uint8_t *fast = g_malloc ((size_t) size * size);
  const ShBox box = { 0, 0, size, size };
  ShExtractModel model;
  ShSwatch swatch;
  int i = 0;

  fill (image, 0, 0, size, size, 222, 222, 224, 255);
  /* Codes 190-254 in steps of 2 a channel, inside a 10-pixel sweep border. */
  for (int r = 190; r <= 254; r += 2)
    for (int g = 190; g <= 254; g += 2)
      for (int b = 190; b <= 254; b += 2, i++)
        fill (image, 10 + i % (size - 20), 10 + i / (size - 20), 1, 1, (uint8_t) r, (uint8_t) g, (uint8_t) b, 255);
  sh_extract_analyze (image, box, &model);
  g_assert_cmpint (model.n_uniform, ==, 2);
  g_test_message ("sweep box %d-%d %d-%d %d-%d, class %d", model.uniform_lo[1][0], model.uniform_hi[1][0],
                  model.uniform_lo[1][1], model.uniform_hi[1][1], model.uniform_lo[1][2], model.uniform_hi[1][2],
                  model.uniform_class[1]);
  g_assert_cmpint (model.uniform_hi[1][1] - model.uniform_lo[1][1], >=, 4);
  sh_extract_model_clear (&model);

  sh_extract_set_simd_level (SH_SIMD_PORTABLE);
  g_assert_true (sh_extract (image, box, SH_METHOD_ROBUST, &swatch, portable));
  for (ShSimdLevel level = SH_SIMD_AVX2; level <= SH_SIMD_AVX512; level++)
    {
      if (!simd_level_runs (level))
        continue;
      sh_extract_set_simd_level (level);
      g_assert_true (sh_extract (image, box, SH_METHOD_ROBUST, &swatch, fast));
      size_t differ = 0;
      for (size_t k = 0; k < (size_t) size * size; k++)
        differ += fast[k] != portable[k];
      g_test_message ("level %d: %zu pixels classed otherwise than the portable loop", level, differ);
      g_assert_cmpuint (differ, ==, 0);
    }
  sh_extract_set_simd_level (SH_SIMD_AUTO);
  sh_image_free (image);
}

/* One generated bullet per seed, rendered as matte with a broad low sheen, as satin and as gloss: the
 * highlight's width and strength must tell the three apart (a sheen is broad, a gloss a narrow strong band). */
static void
test_finish_sheen_satin_gloss (void)
{
  static const ShFinishClass classes[] = { SH_FINISH_MATTE, SH_FINISH_SATIN, SH_FINISH_GLOSS };
  const int w = 640, h = 480;
  int right = 0, total = 0;

  for (uint32_t seed = 101; seed < 107; seed++)
    for (int k = 0; k < 3; k++)
      {
        ShSynthParams params;
        ShSynthTruth truth;
        ShSwatch swatch;
        ShImage *image = sh_image_new (w, h);

        sh_synth_params_for_seed (seed, w, h, &params);
        params.finish = classes[k];
        params.glitter_density = 0;
        params.matte_sheen = classes[k] == SH_FINISH_MATTE ? 0.04 : 0.0;
        float *linear = sh_synth_render (&params, &truth);
        for (size_t i = 0; i < (size_t) w * h; i++)
          {
            double lin[3] = { linear[3 * i], linear[3 * i + 1], linear[3 * i + 2] };
            sh_linear_srgb_to_srgb8 (lin, image->pixels + 4 * i);
          }
        free (linear);
        g_assert_true (sh_extract_with_finish (image, truth.label_box, SH_METHOD_ROBUST, &swatch, NULL));
        g_test_message ("seed %u %s -> %s (width %.3f, edge %.3f, support %.2f/%.2f/%.2f)", seed,
                        sh_finish_class_name (classes[k]), sh_finish_class_name (swatch.finish.finish),
                        swatch.finish.highlight_width, swatch.finish.highlight_edge,
                        swatch.finish.class_confidence[0], swatch.finish.class_confidence[1],
                        swatch.finish.class_confidence[2]);
        right += swatch.finish.finish == classes[k];
        total++;
        /* The supports are a distribution. */
        g_assert_cmpfloat (fabs (swatch.finish.class_confidence[0] + swatch.finish.class_confidence[1]
                                 + swatch.finish.class_confidence[2] - 1.0), <, 1e-9);
        /* A sheen is never taken for gloss, nor a gloss for matte. */
        if (classes[k] != SH_FINISH_SATIN)
          g_assert_cmpint (swatch.finish.finish, !=, SH_FINISH_MATTE + SH_FINISH_GLOSS - classes[k]);
        sh_image_free (image);
      }
  g_assert_cmpint (right, >=, total - 2);
}

static void
test_names (void)
{
  ShMethod method;
  g_assert_true (sh_method_from_name ("dominant", &method));
  g_assert_cmpint (method, ==, SH_METHOD_DOMINANT);
  g_assert_false (sh_method_from_name ("median", &method));
  g_assert_false (sh_method_from_name (NULL, &method));
  g_assert_cmpstr (sh_method_name (SH_METHOD_MEAN), ==, "mean");
  g_assert_cmpstr (sh_pixel_class_name (SH_PIXEL_SPECULAR), ==, "specular");
  g_assert_cmpstr (sh_pixel_class_name (SH_PIXEL_CUT_FACE), ==, "cut-face");
  g_assert_cmpstr (sh_pixel_class_name (SH_PIXEL_EDGE), ==, "edge");
  g_assert_cmpstr (sh_pixel_class_name (SH_N_PIXEL_CLASSES), ==, "unknown");
  g_assert_cmpstr (sh_finish_class_name (SH_FINISH_SATIN), ==, "satin");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/extract/flat-patch-on-white", test_flat_patch_on_white);
  g_test_add_func ("/extract/mean-is-linear-light", test_mean_is_linear_light);
  g_test_add_func ("/extract/shaded-cylinder-with-highlight", test_shaded_cylinder_with_highlight);
  g_test_add_func ("/extract/alpha-clipped-and-black", test_alpha_clipped_and_black);
  g_test_add_func ("/extract/white-backdrop-is-background", test_white_backdrop_is_background);
  g_test_add_func ("/extract/packaging-is-other", test_packaging_is_other);
  g_test_add_func ("/extract/any-backdrop", test_any_backdrop);
  g_test_add_func ("/extract/box-through-lit-side", test_box_through_lit_side);
  g_test_add_func ("/extract/cut-face-and-engraving", test_cut_face_and_engraving);
  g_test_add_func ("/extract/lying-bullet", test_lying_bullet);
  g_test_add_func ("/extract/transparent-cutout", test_transparent_cutout);
  g_test_add_func ("/extract/product-like-backdrop", test_product_like_backdrop);
  g_test_add_func ("/extract/boxes-outside-and-clipped", test_boxes_outside_and_clipped);
  g_test_add_func ("/extract/glitter-flakes", test_glitter_flakes);
  g_test_add_func ("/extract/simd-levels-agree", test_simd_levels_agree);
  g_test_add_func ("/extract/simd-levels-agree-large-box", test_simd_levels_agree_large_box);
  g_test_add_func ("/extract/large-box-pairs-from-even-rows", test_large_box_pairs_from_even_rows);
  g_test_add_func ("/extract/uniform-boxes-exact", test_uniform_boxes_exact);
  g_test_add_func ("/extract/finish-sheen-satin-gloss", test_finish_sheen_satin_gloss);
  g_test_add_func ("/extract/names", test_names);
  return g_test_run ();
}
