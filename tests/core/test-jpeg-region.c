/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-jpeg-region.c: a rect of a JPEG decoded alone (sh_load_image_region) has exactly the pixels of the same
 * rect of the full decode (or of the preview at that scale), in every EXIF orientation and colour profile, at
 * the photo's edges and across its MCU boundaries; anything but a JPEG is refused so the caller decodes it
 * whole. A zoomed-in view's detail (sh_detail_render) is the same on screen whether it comes from the file
 * alone or from the full decode in bands. */
#include "config.h"

#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "core/formats/detail-render.h"
#include "core/formats/image-loader.h"
#include "core/formats/synth-writer.h"
#include "tests/lib/test-fs.h"

#define PHOTO_WIDTH 803   /* no multiple of any MCU, so the crop and the photo's edge meet odd columns */
#define PHOTO_HEIGHT 611

static char *tmp_dir;

/* Noise over a gradient: every pixel differs from its neighbours, so an off-by-one shows. */
static char *
write_photo (int orientation, ShSynthProfile profile)
{
  g_autofree float *linear = g_new (float, (gsize) PHOTO_WIDTH * PHOTO_HEIGHT * 3);
  g_autofree char *name = g_strdup_printf ("photo-%d-%d.jpg", orientation, (int) profile);
  char *path = g_build_filename (tmp_dir, name, NULL);
  ShSynthEncoding encoding = { SH_SYNTH_JPEG, 90, profile, orientation, 0.0, 1 };
  g_autoptr (GRand) rand = g_rand_new_with_seed (orientation);
  g_autoptr (GError) error = NULL;

  for (int y = 0; y < PHOTO_HEIGHT; y++)
    for (int x = 0; x < PHOTO_WIDTH; x++)
      for (int c = 0; c < 3; c++)
        {
          double ramp = c == 0 ? (double) x / PHOTO_WIDTH : (double) y / PHOTO_HEIGHT;

          linear[((gsize) y * PHOTO_WIDTH + x) * 3 + c] = (float) (0.6 * g_rand_double (rand) + 0.4 * ramp);
        }
  g_assert_true (sh_synth_write (linear, PHOTO_WIDTH, PHOTO_HEIGHT, &encoding, path, &error));
  g_assert_no_error (error);
  return path;
}

/* The region equals the rect of whole, a decode at the same scale. */
static void
assert_region_matches (const char *path, const ShLoadedImage *whole, int x, int y, int width, int height,
                       int scale)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ShLoadedImage) region = sh_load_image_region (path, NULL, x, y, width, height, scale, &error);
  int left = x / scale, top = y / scale;

  g_assert_no_error (error);
  g_assert_nonnull (region);
  g_assert_cmpint (region->scale, ==, scale);
  g_assert_cmpint (region->full_width, ==, PHOTO_WIDTH);
  g_assert_cmpint (region->full_height, ==, PHOTO_HEIGHT);
  g_assert_cmpint (region->image->width, ==, MIN ((x + width + scale - 1) / scale, whole->image->width) - left);
  g_assert_cmpint (region->image->height, ==, MIN ((y + height + scale - 1) / scale, whole->image->height) - top);
  g_assert_cmpint (region->image->source_orientation, ==, whole->image->source_orientation);
  g_assert_cmpint (region->profile_embedded, ==, whole->profile_embedded);
  g_assert_cmpmem (&region->image->model, sizeof region->image->model, &whole->image->model,
                   sizeof whole->image->model);
  for (int row = 0; row < region->image->height; row++)
    g_assert_cmpmem (region->image->pixels + (gsize) row * region->image->stride, (gsize) region->image->width * 4,
                     whole->image->pixels + (gsize) (top + row) * whole->image->stride + (gsize) left * 4,
                     (gsize) region->image->width * 4);
}

static void
test_orientation (gconstpointer data)
{
  int orientation = GPOINTER_TO_INT (data);
  /* A profile that needs its pixels converted (LUT) for one turned photo, matrix-shapers for the others. */
  ShSynthProfile profile = orientation == 6 ? SH_SYNTH_PROFILE_LUT
                           : orientation % 2 ? SH_SYNTH_PROFILE_ADOBE_RGB : SH_SYNTH_PROFILE_UNTAGGED;
  g_autofree char *path = write_photo (orientation, profile);
  g_autoptr (GError) error = NULL;
  g_autoptr (ShLoadedImage) full = sh_load_image (path, NULL, &error);
  static const int rects[][4] = {
    { 0, 0, 64, 48 },                 /* the top-left corner */
    { 17, 29, 250, 131 },             /* starting inside an MCU */
    { 400, 300, 203, 311 },           /* down to the bottom edge */
    { 0, 0, PHOTO_WIDTH, PHOTO_HEIGHT },
  };

  g_assert_no_error (error);
  g_assert_cmpint (full->image->source_orientation, ==, orientation);
  for (gsize i = 0; i < G_N_ELEMENTS (rects); i++)
    {
      /* Upright: a turned photo is 611 wide. */
      int width = MIN (rects[i][2], full->image->width - rects[i][0]);
      int height = MIN (rects[i][3], full->image->height - rects[i][1]);

      assert_region_matches (path, full, rects[i][0], rects[i][1], width, height, 1);
    }

  /* At half size, against the preview the loader makes at that scale. */
  {
    ShLoadOptions options = { .view_width = 400, .view_height = 400 };
    g_autoptr (ShLoadedImage) preview = sh_load_image (path, &options, &error);

    g_assert_no_error (error);
    g_assert_cmpint (preview->scale, ==, 2);
    assert_region_matches (path, preview, 100, 60, 300, 200, 2);
  }
}

static void
test_refusals (void)
{
  g_autofree char *png = g_build_filename (tmp_dir, "photo.png", NULL);
  g_autofree char *jpeg = write_photo (1, SH_SYNTH_PROFILE_SRGB);
  g_autofree float *linear = g_new0 (float, 16 * 16 * 3);
  ShSynthEncoding encoding = { SH_SYNTH_PNG, 90, SH_SYNTH_PROFILE_SRGB, 1, 0.0, 1 };
  ShLoadOptions small = { .pixel_limit = 1000 };
  g_autoptr (GError) error = NULL;

  g_assert_true (sh_synth_write (linear, 16, 16, &encoding, png, &error));
  g_assert_null (sh_load_image_region (png, NULL, 0, 0, 8, 8, 1, &error));
  g_assert_error (error, SH_LOADER_ERROR, SH_LOADER_ERROR_UNKNOWN);
  g_clear_error (&error);
  g_assert_null (sh_load_image_region (jpeg, NULL, 700, 0, 200, 8, 1, &error));
  g_assert_error (error, SH_LOADER_ERROR, SH_LOADER_ERROR_UNKNOWN);
  g_clear_error (&error);
  g_assert_null (sh_load_image_region (jpeg, &small, 0, 0, 8, 8, 1, &error));
  g_assert_error (error, SH_LOADER_ERROR, SH_LOADER_ERROR_TOO_LARGE);
}

/* The detail from the file alone, from the full decode (in bands), and the full decode converted in one piece
 * agree byte for byte, at 1:1 and reduced. */
static void
test_detail_render (void)
{
  g_autofree char *path = write_photo (6, SH_SYNTH_PROFILE_ADOBE_RGB);
  g_autoptr (GError) error = NULL;
  ShLoadedImage *loaded = sh_load_image (path, NULL, &error);
  g_autoptr (ShSharedImage) full = NULL;
  ShDisplayProfile *monitor = sh_display_profile_new_srgb ();
  char message[256] = "";
  ShDisplayTransform *transform;
  static const int rects[][5] = { { 40, 24, 500, 301, 1 }, { 0, 0, PHOTO_WIDTH, PHOTO_HEIGHT, 4 },
                                  { 200, 96, 603, 515, 2 } };

  g_assert_no_error (error);
  transform = sh_display_transform_new_for_image (monitor, &loaded->image->model, loaded->icc_data,
                                                  loaded->icc_len, message, sizeof message);
  g_assert_nonnull (transform);
  full = sh_shared_image_new (loaded);
  for (gsize i = 0; i < G_N_ELEMENTS (rects); i++)
    {
      int x = rects[i][0], y = rects[i][1], width = rects[i][2], height = rects[i][3], step = rects[i][4];
      int out_width = sh_display_reduced_size (width, step), out_height = sh_display_reduced_size (height, step);
      gsize size = (gsize) out_width * out_height * 4;
      g_autofree guint8 *whole = g_malloc (size);
      g_autofree guint8 *banded = g_malloc (size);
      g_autofree guint8 *alone = g_malloc (size);

      g_assert_true (sh_display_transform_render_image (transform, sh_shared_image_get_image (full), x, y, width,
                                                        height, step, whole, out_width * 4));
      g_assert_true (sh_detail_render (transform, full, NULL, x, y, width, height, step, banded, out_width * 4,
                                       &error));
      g_assert_no_error (error);
      g_assert_true (sh_detail_render (transform, NULL, path, x, y, width, height, step, alone, out_width * 4,
                                       &error));
      g_assert_no_error (error);
      g_assert_cmpmem (banded, size, whole, size);
      /* At 1:1 the same bytes; reduced, the file's DCT scaling filters this noise differently from the box
       * filter pixel by pixel, but not on average. */
      if (step == 1)
        g_assert_cmpmem (alone, size, whole, size);
      else
        {
          double difference = 0;

          for (gsize b = 0; b < size; b++)
            difference += (int) alone[b] - (int) whole[b];
          g_assert_cmpfloat (ABS (difference) / (double) size, <, 0.5);
        }
    }
  sh_display_transform_unref (transform);
  sh_display_profile_unref (monitor);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (int orientation = 1; orientation <= 8; orientation++)
    {
      g_autofree char *name = g_strdup_printf ("/jpeg-region/orientation-%d", orientation);
      g_test_add_data_func (name, GINT_TO_POINTER (orientation), test_orientation);
    }
  g_test_add_func ("/jpeg-region/refusals", test_refusals);
  g_test_add_func ("/jpeg-region/detail-render", test_detail_render);
  return run_tests_in_tmp_dir ("shadelab-jpeg-region", &tmp_dir);
}
