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
#include "tests/extract-reference.h"

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

  g_assert_cmpint (sh_extract (image, (ShBox) { 40, 20, 120, 120 }, SH_METHOD_ROBUST, &swatch, mask), ==, 0);
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

  g_assert_cmpint (sh_extract (image, (ShBox) { 40, 20, 120, 120 }, SH_METHOD_DOMINANT, &swatch, NULL), ==, 0);
  g_assert_cmpfloat (de_to_srgb8 (swatch.lab, 176, 36, 58), <, 0.01);

  /* The plain mean mixes in the sweep: the known bad answer. */
  g_assert_cmpint (sh_extract (image, (ShBox) { 40, 20, 120, 120 }, SH_METHOD_MEAN, &swatch, NULL), ==, 0);
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
  g_assert_cmpint (sh_extract (image, (ShBox) { 0, 0, 10, 10 }, SH_METHOD_MEAN, &swatch, NULL), ==, 0);
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
  g_assert_cmpint (sh_extract_with_finish (image, box, SH_METHOD_ROBUST, &robust, NULL), ==, 0);
  g_assert_cmpint (sh_extract (image, box, SH_METHOD_MEAN, &mean, NULL), ==, 0);
  g_test_message ("robust dE %.3f, mean dE %.3f", sh_delta_e2000 (robust.lab, truth_lab),
                  sh_delta_e2000 (mean.lab, truth_lab));
  g_assert_cmpfloat (sh_delta_e2000 (robust.lab, truth_lab), <, 1.0);
  g_assert_cmpfloat (sh_delta_e2000 (mean.lab, truth_lab), >, 5.0);
  g_assert_cmpint (robust.counts[SH_PIXEL_SPECULAR], >=, 160 * 10);
  g_assert_cmpint (robust.finish.finish, ==, SH_FINISH_GLOSS);
  g_assert_false (robust.glitter.present);
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
  g_assert_cmpint (sh_extract (image, (ShBox) { 0, 0, 100, 100 }, SH_METHOD_ROBUST, &swatch, mask), ==, 0);
  g_assert_cmpint (swatch.counts[SH_PIXEL_BACKGROUND], ==, 100 * 100 - 60 * 60);
  g_assert_cmpint (swatch.counts[SH_PIXEL_CLIPPED], ==, 50);
  g_assert_cmpint (swatch.counts[SH_PIXEL_USED], ==, 60 * 60 - 50);
  g_assert_cmpint (mask[32 * 100 + 32], ==, SH_PIXEL_CLIPPED);
  g_assert_cmpfloat (de_to_srgb8 (swatch.lab, 60, 110, 160), <, 0.01);
  sh_image_free (image);
}

/* Another material in the box (a gold case) is "other", and dominant picks the larger cluster. */
static void
test_packaging_is_other (void)
{
  ShImage *image = sh_image_new (120, 120);
  ShSwatch swatch;

  fill (image, 0, 0, 120, 120, 150, 40, 90, 255);   /* berry bullet, fills the box */
  fill (image, 0, 90, 120, 30, 190, 160, 60, 255);  /* gold case across the bottom */
  g_assert_cmpint (sh_extract (image, (ShBox) { 0, 0, 120, 120 }, SH_METHOD_ROBUST, &swatch, NULL), ==, 0);
  g_assert_cmpfloat (de_to_srgb8 (swatch.lab, 150, 40, 90), <, 0.01);
  g_assert_cmpint (swatch.counts[SH_PIXEL_OTHER], ==, 120 * 30);
  g_assert_cmpint (sh_extract (image, (ShBox) { 0, 0, 120, 120 }, SH_METHOD_DOMINANT, &swatch, NULL), ==, 0);
  g_assert_cmpfloat (de_to_srgb8 (swatch.lab, 150, 40, 90), <, 0.01);
  g_assert_cmpint (swatch.counts[SH_PIXEL_USED], ==, 120 * 90);
  sh_image_free (image);
}

static void
test_boxes_outside_and_clipped (void)
{
  ShImage *image = sh_image_new (50, 40);
  ShSwatch swatch;

  fill (image, 0, 0, 50, 40, 100, 50, 50, 255);
  g_assert_cmpint (sh_extract (image, (ShBox) { 60, 0, 10, 10 }, SH_METHOD_ROBUST, &swatch, NULL), ==, -1);
  g_assert_cmpint (sh_extract (image, (ShBox) { -20, -20, 10, 10 }, SH_METHOD_MEAN, &swatch, NULL), ==, -1);
  g_assert_cmpint (sh_extract (image, (ShBox) { 5, 5, 0, 10 }, SH_METHOD_ROBUST, &swatch, NULL), ==, -1);
  g_assert_cmpint (sh_extract (image, (ShBox) { 40, 30, 100, 100 }, SH_METHOD_ROBUST, &swatch, NULL), ==, 0);
  g_assert_cmpint (swatch.box.x, ==, 40);
  g_assert_cmpint (swatch.box.w, ==, 10);
  g_assert_cmpint (swatch.box.h, ==, 10);
  g_assert_cmpint (swatch.total, ==, 100);
  g_assert_cmpint (sh_extract (NULL, (ShBox) { 0, 0, 1, 1 }, SH_METHOD_ROBUST, &swatch, NULL), ==, -1);
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
  g_assert_cmpint (sh_extract_with_finish (image, (ShBox) { 0, 0, 200, 200 }, SH_METHOD_ROBUST, &swatch, NULL), ==, 0);
  g_assert_true (swatch.glitter.present);
  g_assert_cmpint (swatch.glitter.count, ==, flakes);
  g_assert_cmpfloat_with_epsilon (swatch.glitter.mean_size, 4.0, 1e-9);
  g_assert_cmpfloat (de_to_srgb8 (swatch.lab, 120, 30, 60), <, 0.01);

  fill (image, 0, 0, 200, 200, 120, 30, 60, 255);
  g_assert_cmpint (sh_extract_with_finish (image, (ShBox) { 0, 0, 200, 200 }, SH_METHOD_ROBUST, &swatch, NULL), ==, 0);
  g_assert_false (swatch.glitter.present);
  g_assert_cmpint (swatch.glitter.count, ==, 0);
  g_assert_cmpint (swatch.finish.finish, ==, SH_FINISH_MATTE);
  sh_image_free (image);
}

/* Every implementation of the per-pixel rule (portable, AVX2, AVX-512 where the processor has them) gives
 * the same classes as the double-precision rule, up to float rounding on a handful of boundary pixels. */
static void
test_simd_levels_agree (void)
{
  ShSynthParams params;
  ShSynthTruth truth;
  const int w = 640, h = 480;
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

  ShBox box = truth.label_box;
  g_assert_cmpint (sh_extract_reference (image, box, SH_METHOD_ROBUST, &ref_swatch, reference), ==, 0);
  for (ShSimdLevel level = SH_SIMD_PORTABLE; level <= SH_SIMD_AVX512; level++)
    {
#if defined(__x86_64__) && defined(__GNUC__)
      if ((level == SH_SIMD_AVX2 && !__builtin_cpu_supports ("avx2"))
          || (level == SH_SIMD_AVX512 && !__builtin_cpu_supports ("avx512bw")))
        continue;
#else
      if (level != SH_SIMD_PORTABLE)
        continue;
#endif
      sh_extract_set_simd_level (level);
      for (int m = 0; m < 3; m++)
        {
          g_assert_cmpint (sh_extract (image, box, (ShMethod) m, &fast_swatch, fast), ==, 0);
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
test_names (void)
{
  ShMethod method;
  g_assert_cmpint (sh_method_from_name ("dominant", &method), ==, 0);
  g_assert_cmpint (method, ==, SH_METHOD_DOMINANT);
  g_assert_cmpint (sh_method_from_name ("median", &method), ==, -1);
  g_assert_cmpint (sh_method_from_name (NULL, &method), ==, -1);
  g_assert_cmpstr (sh_method_name (SH_METHOD_MEAN), ==, "mean");
  g_assert_cmpstr (sh_pixel_class_name (SH_PIXEL_SPECULAR), ==, "specular");
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
  g_test_add_func ("/extract/packaging-is-other", test_packaging_is_other);
  g_test_add_func ("/extract/boxes-outside-and-clipped", test_boxes_outside_and_clipped);
  g_test_add_func ("/extract/glitter-flakes", test_glitter_flakes);
  g_test_add_func ("/extract/simd-levels-agree", test_simd_levels_agree);
  g_test_add_func ("/extract/names", test_names);
  return g_test_run ();
}
