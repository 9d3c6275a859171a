/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-display.c: display colour management (color/display.h) against lcms2 itself and CIEDE2000, with
 * real profiles built by lcms2: sRGB, Adobe RGB (1998), Display P3 and a LUT-based RGB profile. No display
 * is needed. */
#define G_LOG_DOMAIN "shadelab-test"
#include "config.h"

#include <glib.h>
#include <lcms2.h>
#include <math.h>
#include <string.h>

#include "color/color-model.h"
#include "color/colorspace.h"
#include "color/delta-e.h"
#include "color/display.h"
#include "color/image.h"
#include "tests/lib/test-icc.h"

/* ---- profiles ---- */

static const cmsCIExyY d65 = { 0.3127, 0.3290, 1.0 };

static cmsToneCurve *
srgb_curve (void)
{
  static const cmsFloat64Number parameters[5] = { 2.4, 1.0 / 1.055, 0.055 / 1.055, 1.0 / 12.92, 0.04045 };
  return cmsBuildParametricToneCurve (NULL, 4, parameters);
}

/* Adobe RGB (1998): D65, its primaries, gamma 563/256. */
static GBytes *
adobe_rgb_icc (void)
{
  static const cmsCIExyYTRIPLE primaries = { { 0.64, 0.33, 1.0 }, { 0.21, 0.71, 1.0 }, { 0.15, 0.06, 1.0 } };
  cmsToneCurve *gamma = cmsBuildGamma (NULL, 563.0 / 256.0);
  cmsToneCurve *curves[3] = { gamma, gamma, gamma };
  cmsHPROFILE profile = cmsCreateRGBProfile (&d65, &primaries, curves);

  cmsFreeToneCurve (gamma);
  return icc_take_bytes (profile, "Adobe RGB (1998) test");
}

/* Display P3: DCI-P3 primaries, D65, the sRGB curve. */
static GBytes *
display_p3_icc (void)
{
  static const cmsCIExyYTRIPLE primaries = { { 0.680, 0.320, 1.0 }, { 0.265, 0.690, 1.0 }, { 0.150, 0.060, 1.0 } };
  cmsToneCurve *curve = srgb_curve ();
  cmsToneCurve *curves[3] = { curve, curve, curve };
  cmsHPROFILE profile = cmsCreateRGBProfile (&d65, &primaries, curves);

  cmsFreeToneCurve (curve);
  return icc_take_bytes (profile, "Display P3 test");
}

static GBytes *
srgb_icc (void)
{
  return icc_take_bytes (cmsCreate_sRGBProfile (), "sRGB IEC61966-2.1 test");
}

static cmsHPROFILE
open_bytes (GBytes *bytes)
{
  gsize len;
  const void *data = g_bytes_get_data (bytes, &len);
  cmsHPROFILE profile = cmsOpenProfileFromMem (data, (cmsUInt32Number) len);
  g_assert_nonnull (profile);
  return profile;
}

/* A LUT-based RGB profile (AToB0 = Adobe RGB -> Lab sampled on a 33-point grid), the kind the loader
 * converts to the working space instead of modelling. */
static GBytes *
lut_rgb_icc (void)
{
  g_autoptr (GBytes) adobe = adobe_rgb_icc ();
  cmsHPROFILE adobe_profile = open_bytes (adobe);
  cmsHPROFILE profile = icc_lut_profile (adobe_profile);

  cmsCloseProfile (adobe_profile);
  return icc_take_bytes (profile, "LUT RGB test");
}

static ShDisplayProfile *
monitor_from (GBytes *bytes)
{
  char message[256] = "";
  gsize len;
  const void *data = g_bytes_get_data (bytes, &len);
  ShDisplayProfile *monitor = sh_display_profile_new_from_icc (data, len, message, sizeof message);

  if (monitor == NULL)
    g_error ("monitor profile refused: %s", message);
  return monitor;
}

static ShDisplayTransform *
transform_for_icc (ShDisplayProfile *monitor, GBytes *bytes)
{
  char message[256] = "";
  gsize len = 0;
  const void *data = bytes ? g_bytes_get_data (bytes, &len) : NULL;
  ShDisplayTransform *transform = sh_display_transform_new_for_icc (monitor, data, len, message, sizeof message);

  if (transform == NULL)
    g_error ("transform refused: %s", message);
  return transform;
}

/* Lab D50 of 8-bit RGB decoded through a profile, in double precision. */
static void
rgb8_to_lab (cmsHPROFILE profile, const guint8 rgb[3], double lab[3])
{
  cmsHPROFILE lab_profile = cmsCreateLab4Profile (NULL);
  cmsHTRANSFORM transform = cmsCreateTransform (profile, TYPE_RGB_DBL, lab_profile, TYPE_Lab_DBL,
                                                INTENT_RELATIVE_COLORIMETRIC, cmsFLAGS_NOOPTIMIZE);
  double in[3] = { rgb[0] / 255.0, rgb[1] / 255.0, rgb[2] / 255.0 };

  g_assert_nonnull (transform);
  cmsDoTransform (transform, in, lab, 1);
  cmsDeleteTransform (transform);
  cmsCloseProfile (lab_profile);
}

/* ---- images ---- */

/* Every 24-bit colour once: a 4096x4096 image, R and G across 256x256 tiles, B choosing the tile. */
static ShImage *
every_colour_image (void)
{
  ShImage *image = sh_image_new (4096, 4096);

  for (int y = 0; y < 4096; y++)
    for (int x = 0; x < 4096; x++)
      {
        guint8 *p = image->pixels + (gsize) y * image->stride + 4 * x;
        p[0] = x & 255;
        p[1] = y & 255;
        p[2] = (y >> 8) * 16 + (x >> 8);
        p[3] = 255;
      }
  return image;
}

/* Patches as RGB8 in some source space, including a lipstick red and near-neutrals. */
static const guint8 patches[][3] = {
  { 128, 128, 128 }, { 150, 40, 60 }, { 180, 60, 80 }, { 90, 140, 110 }, { 60, 80, 160 },
  { 200, 170, 150 }, { 230, 200, 190 }, { 40, 30, 35 }, { 120, 70, 50 }, { 250, 250, 250 },
  { 10, 10, 10 }, { 170, 110, 140 },
};
#define N_PATCHES G_N_ELEMENTS (patches)

static ShImage *
patch_image (void)
{
  ShImage *image = sh_image_new (N_PATCHES, 1);

  for (guint i = 0; i < N_PATCHES; i++)
    memcpy (image->pixels + 4 * i, patches[i], 3);
  return image;
}

static guint8 *
render_all (const ShDisplayTransform *transform, const ShImage *image)
{
  guint8 *out = g_malloc ((gsize) image->width * image->height * 4);

  g_assert_true (sh_display_transform_render_image (transform, image, 0, 0, image->width, image->height, 1, out,
                                                    image->width * 4));
  return out;
}

/* ---- tests ---- */

static void
check_identity (const ShImage *image, const guint8 *out, const char *what)
{
  gsize exact = 0, total = (gsize) image->width * image->height;
  int worst = 0;

  for (int y = 0; y < image->height; y++)
    for (int x = 0; x < image->width; x++)
      {
        const guint8 *p = image->pixels + (gsize) y * image->stride + 4 * x;
        const guint8 *o = out + ((gsize) y * image->width + x) * 4;
        int d = MAX (MAX (abs (o[2] - p[0]), abs (o[1] - p[1])), abs (o[0] - p[2]));

        g_assert_cmpint (o[3], ==, 255);
        worst = MAX (worst, d);
        exact += d == 0;
      }
  g_test_message ("%s: %.3f%% exact, worst %d code values", what, 100.0 * exact / total, worst);
  g_assert_cmpint (worst, <=, 1);
  g_assert_cmpfloat ((double) exact / total, >, 0.99);
}

static void
test_srgb_unchanged (void)
{
  ShDisplayProfile *monitor = sh_display_profile_new_srgb ();
  g_autoptr (GBytes) srgb = srgb_icc ();
  ShDisplayProfile *tagged_monitor = monitor_from (srgb);
  ShImage *image = every_colour_image ();
  ShDisplayTransform *untagged = transform_for_icc (monitor, NULL);
  ShDisplayTransform *tagged = transform_for_icc (monitor, srgb);
  ShDisplayTransform *both_tagged = transform_for_icc (tagged_monitor, srgb);
  g_autofree guint8 *out = NULL;

  g_assert_true (sh_display_profile_is_srgb_default (monitor));
  g_assert_cmpstr (sh_display_transform_get_source_description (untagged), ==, "sRGB (untagged)");
  g_assert_cmpstr (sh_display_transform_get_source_description (tagged), ==, "sRGB IEC61966-2.1 test");
  g_assert_cmpstr (sh_display_profile_get_description (tagged_monitor), ==, "sRGB IEC61966-2.1 test");

  out = render_all (untagged, image);
  check_identity (image, out, "untagged on the default monitor");
  g_free (out);
  out = render_all (tagged, image);
  check_identity (image, out, "sRGB-tagged on the default monitor");
  g_free (out);
  out = render_all (both_tagged, image);
  check_identity (image, out, "sRGB-tagged on an sRGB-profiled monitor");

  sh_display_transform_unref (untagged);
  sh_display_transform_unref (tagged);
  sh_display_transform_unref (both_tagged);
  sh_display_profile_unref (monitor);
  sh_display_profile_unref (tagged_monitor);
  sh_image_free (image);
}

static void
test_adobe_on_srgb (void)
{
  g_autoptr (GBytes) adobe = adobe_rgb_icc ();
  ShDisplayProfile *monitor = sh_display_profile_new_srgb ();
  ShDisplayTransform *transform = transform_for_icc (monitor, adobe);
  ShImage *image = patch_image ();
  g_autofree guint8 *out = render_all (transform, image);
  cmsHPROFILE adobe_profile = open_bytes (adobe);
  cmsHPROFILE srgb = cmsCreate_sRGBProfile ();
  cmsHTRANSFORM direct = cmsCreateTransform (adobe_profile, TYPE_RGB_DBL, srgb, TYPE_RGB_DBL,
                                             INTENT_RELATIVE_COLORIMETRIC, cmsFLAGS_NOOPTIMIZE);
  guint in_gamut = 0, changed = 0;

  g_assert_cmpstr (sh_display_transform_get_source_description (transform), ==, "Adobe RGB (1998) test");
  for (guint i = 0; i < N_PATCHES; i++)
    {
      const guint8 *o = out + 4 * i;
      guint8 shown[3] = { o[2], o[1], o[0] };
      double in[3] = { patches[i][0] / 255.0, patches[i][1] / 255.0, patches[i][2] / 255.0 };
      double expected[3], source_lab[3], shown_lab[3];
      gboolean inside = TRUE;

      cmsDoTransform (direct, in, expected, 1);
      for (int c = 0; c < 3; c++)
        {
          double clipped = CLAMP (expected[c], 0.0, 1.0);
          inside = inside && expected[c] >= 0.0 && expected[c] <= 1.0;
          if (fabs (shown[c] - clipped * 255.0) > 1.0)
            g_error ("patch %u channel %d: shown %d, lcms2 double precision %.2f", i, c, shown[c], clipped * 255.0);
        }
      changed += shown[0] != patches[i][0] || shown[1] != patches[i][1] || shown[2] != patches[i][2];

      rgb8_to_lab (adobe_profile, patches[i], source_lab);
      sh_srgb8_to_lab (shown, shown_lab);
      if (inside)
        {
          double de = sh_delta_e2000 (source_lab, shown_lab);
          in_gamut++;
          if (de > 1.0)
            g_error ("patch %u: shown colour is %.2f CIEDE2000 from the source colour", i, de);
        }
    }
  /* The test means something only if most patches are comparable and the numbers really moved. */
  g_assert_cmpuint (in_gamut, >=, N_PATCHES - 2);
  g_assert_cmpuint (changed, >=, N_PATCHES - 4);

  cmsDeleteTransform (direct);
  cmsCloseProfile (adobe_profile);
  cmsCloseProfile (srgb);
  sh_image_free (image);
  sh_display_transform_unref (transform);
  sh_display_profile_unref (monitor);
}

static void
test_wide_gamut_monitor (void)
{
  g_autoptr (GBytes) adobe = adobe_rgb_icc ();
  g_autoptr (GBytes) p3 = display_p3_icc ();
  ShDisplayProfile *srgb_monitor = sh_display_profile_new_srgb ();
  ShDisplayProfile *p3_monitor = monitor_from (p3);
  ShDisplayTransform *on_srgb = transform_for_icc (srgb_monitor, adobe);
  ShDisplayTransform *on_p3 = transform_for_icc (p3_monitor, adobe);
  ShImage *image = patch_image ();
  g_autofree guint8 *out_srgb = render_all (on_srgb, image);
  g_autofree guint8 *out_p3 = render_all (on_p3, image);
  cmsHPROFILE adobe_profile = open_bytes (adobe);
  cmsHPROFILE srgb_profile = cmsCreate_sRGBProfile ();
  cmsHPROFILE p3_profile = open_bytes (p3);
  guint differ = 0;

  g_assert_cmpstr (sh_display_transform_get_monitor_description (on_p3), ==, "Display P3 test");
  for (guint i = 0; i < N_PATCHES; i++)
    {
      guint8 a[3] = { out_srgb[4 * i + 2], out_srgb[4 * i + 1], out_srgb[4 * i] };
      guint8 b[3] = { out_p3[4 * i + 2], out_p3[4 * i + 1], out_p3[4 * i] };
      double source_lab[3], lab_a[3], lab_b[3];
      gboolean neutral = patches[i][0] == patches[i][1] && patches[i][1] == patches[i][2];

      rgb8_to_lab (adobe_profile, patches[i], source_lab);
      rgb8_to_lab (srgb_profile, a, lab_a);
      rgb8_to_lab (p3_profile, b, lab_b);
      if (!neutral && MAX (MAX (abs (a[0] - b[0]), abs (a[1] - b[1])), abs (a[2] - b[2])) > 3)
        differ++;
      /* P3 holds all of these; sRGB holds all but the clipped ones checked in test_adobe_on_srgb. */
      if (sh_delta_e2000 (source_lab, lab_b) > 1.0)
        g_error ("patch %u on P3: %.2f CIEDE2000 from the source", i, sh_delta_e2000 (source_lab, lab_b));
      if (sh_delta_e2000 (source_lab, lab_a) <= 1.0 && sh_delta_e2000 (lab_a, lab_b) > 1.0)
        g_error ("patch %u: sRGB and P3 monitors show colours %.2f CIEDE2000 apart", i,
                 sh_delta_e2000 (lab_a, lab_b));
    }
  g_assert_cmpuint (differ, >=, N_PATCHES / 2);

  cmsCloseProfile (adobe_profile);
  cmsCloseProfile (srgb_profile);
  cmsCloseProfile (p3_profile);
  sh_image_free (image);
  sh_display_transform_unref (on_srgb);
  sh_display_transform_unref (on_p3);
  sh_display_profile_unref (srgb_monitor);
  sh_display_profile_unref (p3_monitor);
}

static ShDisplayTransform *
transform_for_model (ShDisplayProfile *monitor, const ShColorModel *model)
{
  char message[256] = "";
  ShDisplayTransform *transform = sh_display_transform_new_for_model (monitor, model, message, sizeof message);

  if (transform == NULL)
    g_error ("model transform refused: %s", message);
  return transform;
}

/* The model of a matrix-shaper profile gives the same numbers as the profile itself, for every colour. */
static void
test_model_matches_icc (void)
{
  g_autoptr (GBytes) adobe = adobe_rgb_icc ();
  g_autoptr (GBytes) p3 = display_p3_icc ();
  ShDisplayProfile *monitor = monitor_from (p3);
  ShColorModel model;
  char message[256] = "";
  gsize len;
  const void *data = g_bytes_get_data (adobe, &len);
  ShImage *image = every_colour_image ();
  ShDisplayTransform *by_icc, *by_model, *srgb_by_model;
  g_autofree guint8 *out_icc = NULL;
  g_autofree guint8 *out_model = NULL;
  gsize total = (gsize) image->width * image->height * 4;
  int worst = 0;

  g_assert_cmpint (sh_color_model_init_icc (&model, data, len, message, sizeof message), ==, SH_PROFILE_OK);
  by_icc = transform_for_icc (monitor, adobe);
  by_model = transform_for_model (monitor, &model);
  g_assert_true (by_icc != by_model);
  g_assert_cmpstr (sh_display_transform_get_source_description (by_model), ==, "Adobe RGB (1998) test");
  out_icc = render_all (by_icc, image);
  out_model = render_all (by_model, image);
  for (gsize i = 0; i < total; i++)
    worst = MAX (worst, abs (out_icc[i] - out_model[i]));
  g_test_message ("Adobe RGB model vs ICC on P3, every colour: worst %d code values", worst);
  g_assert_cmpint (worst, <=, 1);

  /* The sRGB model against lcms2's own sRGB profile (the untagged path). */
  sh_color_model_init_srgb (&model);
  srgb_by_model = transform_for_model (monitor, &model);
  sh_display_transform_unref (by_icc);
  by_icc = transform_for_icc (monitor, NULL);
  g_free (out_icc);
  g_free (out_model);
  out_icc = render_all (by_icc, image);
  out_model = render_all (srgb_by_model, image);
  worst = 0;
  for (gsize i = 0; i < total; i++)
    worst = MAX (worst, abs (out_icc[i] - out_model[i]));
  g_test_message ("sRGB model vs lcms2 sRGB on P3, every colour: worst %d code values", worst);
  g_assert_cmpint (worst, <=, 1);

  sh_display_transform_unref (by_icc);
  sh_display_transform_unref (by_model);
  sh_display_transform_unref (srgb_by_model);
  sh_display_profile_unref (monitor);
  sh_image_free (image);
}

/* Pixels the loader converts to the working space (LUT profiles) show as the original would. */
static void
test_working_space_path (void)
{
  g_autoptr (GBytes) lut = lut_rgb_icc ();
  ShDisplayProfile *monitor = sh_display_profile_new_srgb ();
  gsize len;
  const void *data = g_bytes_get_data (lut, &len);
  ShImage *original = patch_image ();
  ShImage *converted = patch_image ();
  char message[256] = "";
  ShColorModel model;
  ShDisplayTransform *by_icc, *chosen;
  g_autofree guint8 *out_icc = NULL;
  g_autofree guint8 *out_chosen = NULL;

  g_assert_cmpint (sh_color_model_init_icc (&model, data, len, message, sizeof message), ==,
                   SH_PROFILE_NEEDS_TRANSFORM);
  g_assert_true (sh_color_model_convert_to_working (&converted->model, data, len, converted->pixels,
                                                    converted->width, converted->height, converted->stride,
                                                    message, sizeof message));
  /* The pixel numbers really changed, so showing them as the embedded profile would be wrong. */
  g_assert_true (memcmp (original->pixels, converted->pixels, 4 * N_PATCHES) != 0);

  by_icc = transform_for_icc (monitor, lut);
  chosen = sh_display_transform_new_for_image (monitor, &converted->model, data, len, message, sizeof message);
  g_assert_nonnull (chosen);
  g_assert_true (chosen != by_icc);
  g_assert_cmpstr (sh_display_transform_get_source_description (chosen), ==, converted->model.description);
  g_assert_nonnull (strstr (converted->model.description, "LUT RGB test"));

  out_icc = render_all (by_icc, original);
  out_chosen = render_all (chosen, converted);
  for (guint i = 0; i < N_PATCHES; i++)
    {
      guint8 a[3] = { out_icc[4 * i + 2], out_icc[4 * i + 1], out_icc[4 * i] };
      guint8 b[3] = { out_chosen[4 * i + 2], out_chosen[4 * i + 1], out_chosen[4 * i] };
      double lab_a[3], lab_b[3];

      sh_srgb8_to_lab (a, lab_a);
      sh_srgb8_to_lab (b, lab_b);
      g_test_message ("patch %u: ICC path %d,%d,%d, working-space path %d,%d,%d, %.2f CIEDE2000", i, a[0], a[1],
                      a[2], b[0], b[1], b[2], sh_delta_e2000 (lab_a, lab_b));
      if (sh_delta_e2000 (lab_a, lab_b) > 1.0)
        g_error ("patch %u: working-space path %.2f CIEDE2000 from the ICC path", i, sh_delta_e2000 (lab_a, lab_b));
    }

  /* A matrix-shaper profile keeps its pixels, so the image's own ICC bytes are the source. */
  {
    g_autoptr (GBytes) adobe = adobe_rgb_icc ();
    gsize adobe_len;
    const void *adobe_data = g_bytes_get_data (adobe, &adobe_len);
    ShDisplayTransform *adobe_icc = transform_for_icc (monitor, adobe);
    ShDisplayTransform *adobe_chosen = sh_display_transform_new_for_image (monitor, &original->model, adobe_data,
                                                                           adobe_len, NULL, 0);
    ShDisplayTransform *untagged = transform_for_icc (monitor, NULL);
    ShDisplayTransform *untagged_chosen = sh_display_transform_new_for_image (monitor, &original->model, NULL, 0,
                                                                              NULL, 0);
    g_assert_true (adobe_icc == adobe_chosen);
    g_assert_true (untagged == untagged_chosen);
    sh_display_transform_unref (adobe_icc);
    sh_display_transform_unref (adobe_chosen);
    sh_display_transform_unref (untagged);
    sh_display_transform_unref (untagged_chosen);
  }

  sh_display_transform_unref (by_icc);
  sh_display_transform_unref (chosen);
  sh_display_profile_unref (monitor);
  sh_image_free (original);
  sh_image_free (converted);
}

static void
test_cache (void)
{
  g_autoptr (GBytes) adobe = adobe_rgb_icc ();
  g_autoptr (GBytes) p3 = display_p3_icc ();
  ShDisplayProfile *monitor = sh_display_profile_new_srgb ();
  ShDisplayProfile *other = sh_display_profile_new_srgb ();
  ShDisplayTransform *a = transform_for_icc (monitor, adobe);
  ShDisplayTransform *b = transform_for_icc (monitor, adobe);
  ShDisplayTransform *c = transform_for_icc (monitor, p3);
  ShDisplayTransform *d = transform_for_icc (other, adobe);
  ShImage *image = patch_image ();
  g_autofree guint8 *before = render_all (a, image);
  g_autofree guint8 *after = NULL;

  g_assert_true (a == b);
  g_assert_true (a != c);
  g_assert_true (a != d);

  /* More sources than the cache holds: the oldest goes, and references held elsewhere stay valid. */
  for (int i = 0; i < 20; i++)
    {
      ShColorModel model;
      ShDisplayTransform *t;

      sh_color_model_init_srgb (&model);
      model.to_xyz_d50[0][0] += 1e-4 * (i + 1);
      t = transform_for_model (monitor, &model);
      sh_display_transform_unref (t);
    }
  sh_display_transform_unref (b);
  b = transform_for_icc (monitor, adobe);
  g_assert_true (a != b);
  sh_display_profile_unref (monitor);
  after = render_all (a, image);
  g_assert_cmpmem (before, 4 * N_PATCHES, after, 4 * N_PATCHES);

  sh_display_transform_unref (a);
  sh_display_transform_unref (b);
  sh_display_transform_unref (c);
  sh_display_transform_unref (d);
  sh_display_profile_unref (other);
  sh_image_free (image);
}

static void
test_render_rect_and_step (void)
{
  ShDisplayProfile *monitor = sh_display_profile_new_srgb ();
  ShDisplayTransform *transform = transform_for_icc (monitor, NULL);
  ShImage *image = every_colour_image ();
  g_autofree guint8 *full = render_all (transform, image);
  guint8 *tile = g_malloc0 (64 * 4 * 50 + 16);
  guint8 reduced[4 * 4 * 3];

  /* A rectangle is the same pixels as the full render, at any stride. */
  g_assert_true (sh_display_transform_render_image (transform, image, 1000, 2000, 64, 50, 1, tile, 64 * 4));
  for (int y = 0; y < 50; y++)
    g_assert_cmpmem (tile + y * 64 * 4, 64 * 4, full + ((gsize) (2000 + y) * 4096 + 1000) * 4, 64 * 4);

  /* Rectangles reaching outside the image, zero sizes, bad steps and short strides are refused. */
  g_assert_false (sh_display_transform_render_image (transform, image, 4090, 0, 7, 1, 1, tile, 64 * 4));
  g_assert_false (sh_display_transform_render_image (transform, image, -1, 0, 4, 1, 1, tile, 64 * 4));
  g_assert_false (sh_display_transform_render_image (transform, image, 0, 0, 0, 1, 1, tile, 64 * 4));
  g_assert_false (sh_display_transform_render_image (transform, image, 0, 0, 4, 4, 0, tile, 64 * 4));
  g_assert_false (sh_display_transform_render_image (transform, image, 0, 0, 64, 1, 1, tile, 60 * 4));
  g_assert_cmpint (sh_display_reduced_size (10, 4), ==, 3);
  sh_image_free (image);

  /* Zoomed out: blocks of 4x4 on a 10x10 image of 4x4 uniform blocks (the last row and column partial). */
  image = sh_image_new (10, 10);
  for (int y = 0; y < 10; y++)
    for (int x = 0; x < 10; x++)
      {
        guint8 *p = image->pixels + y * image->stride + 4 * x;
        p[0] = 40 * (x / 4) + 10;
        p[1] = 40 * (y / 4) + 20;
        p[2] = (x % 2) ? 100 : 200;   /* averages to 150 over even widths */
      }
  g_assert_true (sh_display_transform_render_image (transform, image, 0, 0, 10, 10, 4, reduced, 3 * 4));
  for (int oy = 0; oy < 3; oy++)
    for (int ox = 0; ox < 3; ox++)
      {
        const guint8 *o = reduced + (oy * 3 + ox) * 4;
        g_assert_cmpint (abs (o[2] - (40 * ox + 10)), <=, 1);
        g_assert_cmpint (abs (o[1] - (40 * oy + 20)), <=, 1);
        g_assert_cmpint (abs (o[0] - 150), <=, 1);
        g_assert_cmpint (o[3], ==, 255);
      }

  /* Translucent pixels blend over the neutral grey (L* 50, sRGB 119); a transparent pixel's colour does not
   * leak into its block. */
  image->has_alpha = 1;
  memset (image->pixels, 0, 4);                              /* (0,0) fully transparent black */
  image->pixels[4] = 255, image->pixels[5] = 255, image->pixels[6] = 255, image->pixels[7] = 128;  /* (1,0) half white */
  g_assert_true (sh_display_transform_render_image (transform, image, 0, 0, 2, 1, 1, reduced, 2 * 4));
  g_assert_cmpint (abs (reduced[0] - 119), <=, 1);
  g_assert_cmpint (abs (reduced[2] - 119), <=, 1);
  g_assert_cmpint (abs (reduced[4] - 187), <=, 1);           /* (255 * 128 + 119 * 127) / 255 */
  g_assert_cmpint (reduced[7], ==, 255);
  for (int y = 0; y < 2; y++)
    for (int x = 0; x < 2; x++)
      {
        guint8 *p = image->pixels + y * image->stride + 4 * x;
        p[0] = 255, p[1] = 0, p[2] = 0, p[3] = (x + y == 0) ? 255 : 0;
      }
  g_assert_true (sh_display_transform_render_image (transform, image, 0, 0, 2, 2, 2, reduced, 4));
  /* One opaque red pixel in four: a quarter red over three quarters grey, in encoded values. */
  g_assert_cmpint (abs (reduced[2] - (255 + 3 * 119 + 2) / 4), <=, 1);
  g_assert_cmpint (abs (reduced[1] - (3 * 119 + 2) / 4), <=, 1);

  g_free (tile);
  sh_image_free (image);
  sh_display_transform_unref (transform);
  sh_display_profile_unref (monitor);
}

static void
test_colours (void)
{
  g_autoptr (GBytes) p3 = display_p3_icc ();
  ShDisplayProfile *srgb_monitor = sh_display_profile_new_srgb ();
  ShDisplayProfile *p3_monitor = monitor_from (p3);
  ShDisplayTransform *transform = transform_for_icc (p3_monitor, NULL);
  const guint8 lipstick[3] = { 0xb0, 0x24, 0x3a };
  double lab[3], linear[3], p3_red_lab[3], back[3];
  guint8 rgb[3], again[3];
  cmsHPROFILE p3_profile = open_bytes (p3);

  /* An sRGB colour on an sRGB monitor is its own hex, in Lab and in linear light. */
  sh_srgb8_to_lab (lipstick, lab);
  g_assert_cmpint (sh_display_profile_lab_to_rgb8 (srgb_monitor, lab, rgb), ==, SH_DISPLAY_IN_GAMUT);
  for (int c = 0; c < 3; c++)
    g_assert_cmpint (abs (rgb[c] - lipstick[c]), <=, 1);
  sh_lab_to_linear_srgb (lab, linear);
  g_assert_cmpint (sh_display_profile_linear_srgb_to_rgb8 (srgb_monitor, linear, again), ==, SH_DISPLAY_IN_GAMUT);
  g_assert_cmpmem (rgb, 3, again, 3);

  /* Mid grey L* 50 is sRGB 119 on every channel. */
  {
    const double grey[3] = { 50.0, 0.0, 0.0 };
    g_assert_cmpint (sh_display_profile_lab_to_rgb8 (srgb_monitor, grey, rgb), ==, SH_DISPLAY_IN_GAMUT);
    g_assert_cmpint (rgb[0], ==, 119);
    g_assert_cmpint (rgb[1], ==, 119);
    g_assert_cmpint (rgb[2], ==, 119);
  }

  /* On P3 the same colour has other numbers that decode to the same Lab. */
  g_assert_cmpint (sh_display_profile_lab_to_rgb8 (p3_monitor, lab, rgb), ==, SH_DISPLAY_IN_GAMUT);
  g_assert_cmpint (abs (rgb[0] - lipstick[0]) + abs (rgb[1] - lipstick[1]) + abs (rgb[2] - lipstick[2]), >, 6);
  rgb8_to_lab (p3_profile, rgb, back);
  g_assert_cmpfloat (sh_delta_e2000 (lab, back), <=, 1.0);
  sh_display_transform_lab_to_rgb8 (transform, lab, again);
  g_assert_cmpmem (rgb, 3, again, 3);

  /* P3's red: outside sRGB, inside P3. */
  {
    const guint8 red[3] = { 255, 0, 0 };
    rgb8_to_lab (p3_profile, red, p3_red_lab);
  }
  g_assert_cmpint (sh_display_profile_lab_to_rgb8 (srgb_monitor, p3_red_lab, rgb), ==,
                   SH_DISPLAY_OUTSIDE_SRGB | SH_DISPLAY_OUTSIDE_MONITOR);
  g_assert_cmpint (rgb[0], ==, 255);
  g_assert_cmpint (rgb[1], ==, 0);
  g_assert_cmpint (sh_display_profile_lab_to_rgb8 (p3_monitor, p3_red_lab, rgb), ==, SH_DISPLAY_OUTSIDE_SRGB);
  g_assert_cmpint (rgb[0], ==, 255);
  g_assert_cmpint (rgb[1], <=, 1);
  g_assert_cmpint (rgb[2], <=, 1);

  /* No monitor shows this, nor does sRGB; nonsense input is outside everything. */
  {
    const double impossible[3] = { 50.0, 120.0, -120.0 };
    const double nan_lab[3] = { NAN, 0.0, 0.0 };
    g_assert_cmpint (sh_display_profile_lab_to_rgb8 (p3_monitor, impossible, rgb), ==,
                     SH_DISPLAY_OUTSIDE_SRGB | SH_DISPLAY_OUTSIDE_MONITOR);
    g_assert_cmpint (sh_display_profile_lab_to_rgb8 (p3_monitor, nan_lab, rgb), ==,
                     SH_DISPLAY_OUTSIDE_SRGB | SH_DISPLAY_OUTSIDE_MONITOR);
  }

  cmsCloseProfile (p3_profile);
  sh_display_transform_unref (transform);
  sh_display_profile_unref (srgb_monitor);
  sh_display_profile_unref (p3_monitor);
}

typedef struct {
  const ShDisplayTransform *transform;
  const ShImage *image;
  guint8 *out;
  int y0, rows;
} Band;

static gpointer
render_band (gpointer data)
{
  Band *band = data;

  for (int repeat = 0; repeat < 3; repeat++)
    g_assert_true (sh_display_transform_render_image (band->transform, band->image, 0, band->y0, band->image->width,
                                                      band->rows, 1,
                                                      band->out + (gsize) band->y0 * band->image->width * 4,
                                                      band->image->width * 4));
  return NULL;
}

/* One transform, four threads at once: the same pixels as one thread. */
static void
test_threads (void)
{
  g_autoptr (GBytes) adobe = adobe_rgb_icc ();
  g_autoptr (GBytes) p3 = display_p3_icc ();
  ShDisplayProfile *monitor = monitor_from (p3);
  ShDisplayTransform *transform = transform_for_icc (monitor, adobe);
  ShImage *image = every_colour_image ();
  g_autofree guint8 *single = render_all (transform, image);
  g_autofree guint8 *parallel = g_malloc0 ((gsize) image->width * image->height * 4);
  Band bands[4];
  GThread *threads[4];

  for (int i = 0; i < 4; i++)
    {
      bands[i] = (Band) { transform, image, parallel, i * 1024, 1024 };
      threads[i] = g_thread_new ("render", render_band, &bands[i]);
    }
  for (int i = 0; i < 4; i++)
    g_thread_join (threads[i]);
  g_assert_true (memcmp (single, parallel, (gsize) image->width * image->height * 4) == 0);

  sh_image_free (image);
  sh_display_transform_unref (transform);
  sh_display_profile_unref (monitor);
}

static void
test_refusals (void)
{
  ShDisplayProfile *monitor = sh_display_profile_new_srgb ();
  char message[256] = "";
  guint8 garbage[512];
  cmsHPROFILE cmyk_like;
  g_autoptr (GBytes) lab_bytes = NULL;
  gsize len;
  const void *data;

  memset (garbage, 0x5a, sizeof garbage);
  g_assert_null (sh_display_profile_new_from_icc (garbage, sizeof garbage, message, sizeof message));
  g_assert_nonnull (strstr (message, "monitor profile"));
  message[0] = '\0';
  g_assert_null (sh_display_transform_new_for_icc (monitor, garbage, 10, message, sizeof message));
  g_assert_nonnull (strstr (message, "too short"));

  /* A Lab profile is neither a monitor nor an image source. */
  cmyk_like = cmsCreateLab4Profile (NULL);
  lab_bytes = icc_take_bytes (cmyk_like, "Lab test");
  data = g_bytes_get_data (lab_bytes, &len);
  message[0] = '\0';
  g_assert_null (sh_display_profile_new_from_icc (data, len, message, sizeof message));
  g_assert_nonnull (strstr (message, "RGB"));
  message[0] = '\0';
  g_assert_null (sh_display_transform_new_for_icc (monitor, data, len, message, sizeof message));
  g_assert_nonnull (strstr (message, "RGB"));

  sh_display_profile_unref (monitor);
}

static void
log_lcms_error (cmsContext context, cmsUInt32Number code, const char *text)
{
  g_test_message ("lcms2: %s", text);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  cmsSetLogErrorHandler (log_lcms_error);
  g_test_add_func ("/display/srgb-unchanged", test_srgb_unchanged);
  g_test_add_func ("/display/adobe-rgb-on-srgb", test_adobe_on_srgb);
  g_test_add_func ("/display/wide-gamut-monitor", test_wide_gamut_monitor);
  g_test_add_func ("/display/model-matches-icc", test_model_matches_icc);
  g_test_add_func ("/display/working-space", test_working_space_path);
  g_test_add_func ("/display/cache", test_cache);
  g_test_add_func ("/display/render-rect-and-step", test_render_rect_and_step);
  g_test_add_func ("/display/colours", test_colours);
  g_test_add_func ("/display/threads", test_threads);
  g_test_add_func ("/display/refusals", test_refusals);
  return g_test_run ();
}
