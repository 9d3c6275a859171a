/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-image-downscale.c: a photo scaled down for a realism study's pack (sh_image_downscale): the size with
 * the aspect kept; an average in linear light (a 1-pixel black and white checkerboard halved is sRGB 188, not
 * 128); a hard edge stays within one pixel; the colour of a 12 MP generated face's lips is kept (their mean
 * linear colour through the scaled contour within 0.2%), and so is their texture; a smaller photo is copied
 * as it is. */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib.h>

#include "color/image.h"
#include "color/lip-mask.h"
#include "tests/lib/tryon-fixture.h"

static ShImage *
grey_image (int width, int height)
{
  ShImage *image = sh_image_new (width, height);

  g_assert_nonnull (image);
  return image;
}

static void
set_grey (ShImage *image, int x, int y, guint8 value)
{
  guint8 *p = image->pixels + (gsize) y * image->stride + (gsize) x * 4;

  p[0] = p[1] = p[2] = value;
}

static guint8
grey_at (const ShImage *image, int x, int y)
{
  return image->pixels[(gsize) y * image->stride + (gsize) x * 4 + 1];
}

static void
test_size_and_light (void)
{
  ShImage *board = grey_image (4096, 3072), *half;

  for (int y = 0; y < board->height; y++)
    for (int x = 0; x < board->width; x++)
      set_grey (board, x, y, (x + y) % 2 ? 255 : 0);
  half = sh_image_downscale (board, 2048);
  g_assert_nonnull (half);
  g_assert_cmpint (half->width, ==, 2048);
  g_assert_cmpint (half->height, ==, 1536);
  /* Half the light: sRGB 188 (0.2140 of 255 would be the gamma-space average's 128). */
  for (int y = 0; y < half->height; y += 97)
    for (int x = 0; x < half->width; x += 89)
      g_assert_cmpint (grey_at (half, x, y), ==, 188);
  g_assert_cmpstr (half->model.description, ==, board->model.description);
  sh_image_free (half);

  /* Portrait: the long side is the height; 3000x4000 to 1536x2048. */
  sh_image_free (board);
  board = grey_image (3000, 4000);
  half = sh_image_downscale (board, 2048);
  g_assert_cmpint (half->width, ==, 1536);
  g_assert_cmpint (half->height, ==, 2048);
  g_assert_cmpint (grey_at (half, 700, 1000), ==, 255);
  sh_image_free (half);

  /* No larger than asked: a copy. */
  sh_image_free (board);
  board = grey_image (640, 400);
  set_grey (board, 10, 20, 33);
  half = sh_image_downscale (board, 2048);
  g_assert_cmpint (half->width, ==, 640);
  g_assert_cmpint (half->height, ==, 400);
  g_assert_true (half->pixels != board->pixels);
  g_assert_cmpint (grey_at (half, 10, 20), ==, 33);
  g_assert_cmpint (grey_at (half, 11, 20), ==, 255);
  g_assert_null (sh_image_downscale (board, 0));
  sh_image_free (half);
  sh_image_free (board);
}

static void
test_edges_stay_sharp (void)
{
  /* Black left of column edge, white from it on; halved. */
  for (int edge = 2048; edge <= 2049; edge++)
    {
      ShImage *image = grey_image (4096, 64), *half;

      for (int y = 0; y < image->height; y++)
        for (int x = 0; x < edge; x++)
          set_grey (image, x, y, 0);
      half = sh_image_downscale (image, 2048);
      for (int y = 0; y < half->height; y++)
        {
          for (int x = 0; x < 1024; x++)
            g_assert_cmpint (grey_at (half, x, y), ==, 0);
          /* On a pixel boundary the edge stays one; off it, one pixel holds half the light of each. */
          g_assert_cmpint (grey_at (half, 1024, y), ==, edge == 2048 ? 255 : 188);
          for (int x = 1025; x < half->width; x++)
            g_assert_cmpint (grey_at (half, x, y), ==, 255);
        }
      sh_image_free (half);
      sh_image_free (image);
    }
}

/* The mean linear colour under a lip contour, and the spread of its green channel. */
static void
lips_colour (const ShImage *image, const ShPoint *lips, int n, double mean[3], double *spread)
{
  ShLipMask *mask = sh_lip_mask_new (lips, n, NULL, 0);
  double sum[3] = { 0 }, weight = 0, square = 0;

  g_assert_nonnull (mask);
  for (int y = 0; y < image->height; y++)
    for (int x = 0; x < image->width; x++)
      {
        float w = sh_lip_mask_get (mask, x, y);
        const guint8 *p = image->pixels + (gsize) y * image->stride + (gsize) x * 4;

        /* Inner pixels only: the contour's own edge pixels mix in skin either way. */
        if (w < 1)
          continue;
        for (int c = 0; c < 3; c++)
          sum[c] += image->model.to_linear[c][p[c]];
        square += (double) image->model.to_linear[1][p[1]] * image->model.to_linear[1][p[1]];
        weight += 1;
      }
  g_assert_cmpfloat (weight, >, 1000);
  for (int c = 0; c < 3; c++)
    mean[c] = sum[c] / weight;
  *spread = sqrt (square / weight - mean[1] * mean[1]);
  sh_lip_mask_free (mask);
}

static void
test_lips_keep_colour (void)
{
  TryonFixture *fixture = tryon_fixture_new (4000, 3000, 0.35, sh_monk_skin_tone (8), false, 9);
  ShImage *photo = tryon_fixture_image (fixture), *small;
  ShPoint scaled[2 * TRYON_FIXTURE_POINTS];
  double full[3], capped[3], full_spread, capped_spread, scale;

  small = sh_image_downscale (photo, 2048);
  g_assert_cmpint (small->width, ==, 2048);
  g_assert_cmpint (small->height, ==, 1536);
  scale = 2048.0 / 4000.0;
  for (int i = 0; i < fixture->n_lips; i++)
    scaled[i] = (ShPoint) { fixture->lips[i].x * scale, fixture->lips[i].y * scale };
  lips_colour (photo, fixture->lips, fixture->n_lips, full, &full_spread);
  lips_colour (small, scaled, fixture->n_lips, capped, &capped_spread);
  for (int c = 0; c < 3; c++)
    g_assert_cmpfloat (fabs (capped[c] - full[c]), <, 0.002 * MAX (full[c], 0.05));
  /* The lips' shading and furrows are still there: most of their spread survives (pixel noise averages out). */
  g_test_message ("lips' green spread: %.4f at 4000x3000, %.4f at 2048x1536", full_spread, capped_spread);
  g_assert_cmpfloat (capped_spread, >, 0.6 * full_spread);
  sh_image_free (small);
  sh_image_free (photo);
  tryon_fixture_free (fixture);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/image-downscale/size-and-light", test_size_and_light);
  g_test_add_func ("/image-downscale/edges", test_edges_stay_sharp);
  g_test_add_func ("/image-downscale/lips", test_lips_keep_colour);
  return g_test_run ();
}
