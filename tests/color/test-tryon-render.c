/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-tryon-render.c: the try-on renderer on generated bare-lip photos (tryon-fixture.h): exact polygon
 * coverage, a matte shade's colour at the bare lip's lightness over the ten Monk Skin Tone lips and eight
 * shades, the lip's shading kept, every pixel outside the lips untouched, a gloss highlight where the lip
 * is brightest, reproducible glitter. Leaves tryon-*.png in the working directory for a look. */
#include "config.h"

#include <math.h>
#include <string.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib.h>

#include "color/colorspace.h"
#include "color/delta-e.h"
#include "color/tryon-render.h"
#include "tests/lib/test-material.h"
#include "tests/lib/tryon-fixture.h"

#define W 480
#define H 320

/* Lipstick shades from nude to deep: red, deep red, coral, pink nude, plum, brown, fuchsia, nude. */
static const char *const shades[] = {
  "#b0243a", "#841b2d", "#d0604e", "#e0a0a0", "#5a2a3a", "#8a4a3a", "#c83a78", "#b88070",
};

/* The shade at lightness L: its a*, b* kept, or, where that lies outside sRGB (a saturated shade on pale
 * lips), scaled down just enough to fit, hue and lightness kept, since a photo cannot show more. Returns
 * whether it had to be. */
static bool
shade_at_lightness (const double base_linear[3], double lightness, double lab[3])
{
  double base[3], rgb[3], low = 0, high = 1;

  sh_linear_srgb_to_lab (base_linear, base);
  lab[0] = lightness;
  lab[1] = base[1];
  lab[2] = base[2];
  sh_lab_to_linear_srgb (lab, rgb);
  if (rgb[0] >= 0 && rgb[0] <= 1 && rgb[1] >= 0 && rgb[1] <= 1 && rgb[2] >= 0 && rgb[2] <= 1)
    return false;
  for (int i = 0; i < 30; i++)
    {
      double f = 0.5 * (low + high);

      lab[1] = f * base[1];
      lab[2] = f * base[2];
      sh_lab_to_linear_srgb (lab, rgb);
      if (rgb[0] >= 0 && rgb[0] <= 1 && rgb[1] >= 0 && rgb[1] <= 1 && rgb[2] >= 0 && rgb[2] <= 1)
        low = f;
      else
        high = f;
    }
  lab[1] = low * base[1];
  lab[2] = low * base[2];
  return true;
}

static ShImage *
image_copy (const ShImage *image)
{
  ShImage *copy = sh_image_new (image->width, image->height);

  memcpy (copy->pixels, image->pixels, (gsize) image->stride * image->height);
  copy->model = image->model;
  return copy;
}

static double
luminance8 (const ShImage *image, int x, int y)
{
  const uint8_t *p = image->pixels + (gsize) y * image->stride + (gsize) x * 4;
  double l[3], xyz[3];

  for (int c = 0; c < 3; c++)
    l[c] = image->model.to_linear[c][p[c]];
  sh_color_model_linear_to_xyz (&image->model, l, xyz);
  return xyz[1];
}

static void
save_png (const ShImage *image, const char *name)
{
  g_autoptr (GdkPixbuf) pixbuf = gdk_pixbuf_new_from_data (image->pixels, GDK_COLORSPACE_RGB, TRUE, 8,
                                                            image->width, image->height, image->stride, NULL,
                                                            NULL);
  g_autoptr (GError) error = NULL;

  if (!gdk_pixbuf_save (pixbuf, name, "png", &error, NULL))
    g_test_message ("cannot save %s: %s", name, error->message);
}

/* Coverage is the exact area: a rectangle with half-pixel corners, a triangle, and the sum over a disc. */
static void
test_polygon_coverage (void)
{
  const ShPoint rect[] = { { 1.5, 1.5 }, { 4.5, 1.5 }, { 4.5, 3.25 }, { 1.5, 3.25 } };
  const ShPoint triangle[] = { { 0, 0 }, { 8, 0 }, { 0, 8 } };
  ShPoint disc[200];
  g_autofree float *cov = g_new0 (float, 8 * 8);
  ShLipMask *mask;
  double sum = 0;

  g_assert_true (sh_polygon_accumulate (rect, 4, 0, 0, 8, 8, cov));
  g_assert_cmpfloat_with_epsilon (fabsf (cov[1 * 8 + 1]), 0.25, 1e-5);
  g_assert_cmpfloat_with_epsilon (fabsf (cov[2 * 8 + 2]), 1, 1e-5);
  g_assert_cmpfloat_with_epsilon (fabsf (cov[3 * 8 + 2]), 0.25, 1e-5);
  g_assert_cmpfloat_with_epsilon (fabsf (cov[1 * 8 + 4]), 0.25, 1e-5);
  g_assert_cmpfloat_with_epsilon (fabsf (cov[2 * 8 + 5]), 0, 1e-5);
  g_assert_cmpfloat_with_epsilon (fabsf (cov[0]), 0, 1e-5);

  memset (cov, 0, 8 * 8 * sizeof *cov);
  g_assert_true (sh_polygon_accumulate (triangle, 3, 0, 0, 8, 8, cov));
  for (int i = 0; i < 64; i++)
    sum += fabsf (cov[i]);
  g_assert_cmpfloat_with_epsilon (sum, 32, 1e-4);
  g_assert_cmpfloat_with_epsilon (fabsf (cov[0 * 8 + 7]), 0.5, 1e-5);   /* cut by the hypotenuse */

  /* A disc of radius 20 around (30.3, 25.7), its opening a disc of radius 5: areas within a pixel's worth. */
  for (int i = 0; i < 200; i++)
    {
      disc[i].x = 30.3 + 20 * cos (2 * M_PI * i / 200);
      disc[i].y = 25.7 + 20 * sin (2 * M_PI * i / 200);
    }
  mask = sh_lip_mask_new (disc, 200, NULL, 0);
  g_assert_nonnull (mask);
  sum = 0;
  for (int i = 0; i < mask->width * mask->height; i++)
    {
      g_assert_cmpfloat (mask->coverage[i], >=, 0);
      g_assert_cmpfloat (mask->coverage[i], <=, 1);
      sum += mask->coverage[i];
    }
  g_assert_cmpfloat (fabs (sum - 200 * 20 * 20 * sin (2 * M_PI / 200) / 2), <, 1e-2);
  g_assert_cmpfloat (sh_lip_mask_get (mask, 30, 25), ==, 1);
  g_assert_cmpfloat (sh_lip_mask_get (mask, 5, 5), ==, 0);
  sh_lip_mask_free (mask);

  /* Refused: too few points, no area, absurd coordinates. */
  g_assert_null (sh_lip_mask_new (rect, 2, NULL, 0));
  {
    const ShPoint flat[] = { { 0, 1 }, { 5, 1 }, { 9, 1 } };
    const ShPoint far[] = { { 0, 0 }, { 5e6, 0 }, { 0, 5 } };

    g_assert_null (sh_lip_mask_new (flat, 3, NULL, 0));
    g_assert_null (sh_lip_mask_new (far, 3, NULL, 0));
  }
}

/* Matte, full coverage: the median rendered lip is the shade at the bare lip's median lightness (within
 * sRGB), within CIEDE2000 3, on every Monk tone's lips and every shade; the lip's shading survives (correlation of
 * luminance >= 0.8); every pixel outside the lips keeps its bytes. */
static void
test_matte_accuracy (void)
{
  double worst = 0, worst_corr = 1;
  int limited = 0;

  for (int t = 0; t < SH_MONK_SKIN_TONE_COUNT; t++)
    {
      TryonFixture *f = tryon_fixture_new (W, H, 0.6, sh_monk_skin_tone (t), t % 2 == 1, (uint32_t) t);
      g_autoptr (GString) row = g_string_new (NULL);
      ShImage *bare = tryon_fixture_image (f);
      ShLipMask *mask = tryon_fixture_mask (f);
      double bare_linear[3], bare_lab[3];

      g_assert_nonnull (mask);
      g_assert_true (sh_tryon_median (bare, mask, bare_linear));
      sh_linear_srgb_to_lab (bare_linear, bare_lab);
      g_string_append_printf (row, "MST %2d bare L* %5.1f:", t + 1, bare_lab[0]);
      for (guint s = 0; s < G_N_ELEMENTS (shades); s++)
        {
          ShImage *image = image_copy (bare);
          ShMaterial m;
          double linear[3], lab[3], want[3], de, sxx = 0, syy = 0, sxy = 0, sx = 0, sy = 0, k = 0, corr;
          int changed_outside = 0;

          material_with_hex (&m, shades[s], SH_MATERIAL_FINISH_MATTE);
          g_assert_true (sh_tryon_render (image, mask, &m, 1, -1));
          g_assert_true (sh_tryon_median (image, mask, linear));
          sh_linear_srgb_to_lab (linear, lab);
          limited += shade_at_lightness (m.base_color, bare_lab[0], want);
          de = sh_delta_e2000 (want, lab);
          worst = MAX (worst, de);
          g_string_append_printf (row, " %.2f", de);
          if (de > 3.0)
            g_test_message ("MST %d, %s: rendered Lab (%.1f, %.1f, %.1f), want (%.1f, %.1f, %.1f): dE00 %.2f",
                            t + 1, shades[s], lab[0], lab[1], lab[2], want[0], want[1], want[2], de);
          g_assert_cmpfloat (de, <=, 3.0);

          for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++)
              {
                float c = sh_lip_mask_get (mask, x, y);

                if (c == 0)
                  changed_outside += memcmp (image->pixels + (gsize) y * image->stride + x * 4,
                                             bare->pixels + (gsize) y * bare->stride + x * 4, 4) != 0;
                else if (c >= 0.5f)
                  {
                    double a = luminance8 (bare, x, y), b = luminance8 (image, x, y);

                    sx += a, sy += b, sxx += a * a, syy += b * b, sxy += a * b, k++;
                  }
              }
          g_assert_cmpint (changed_outside, ==, 0);
          corr = (k * sxy - sx * sy) / sqrt ((k * sxx - sx * sx) * (k * syy - sy * sy));
          worst_corr = MIN (worst_corr, corr);
          if (corr < 0.8)
            g_test_message ("MST %d, %s: luminance correlation %.3f", t + 1, shades[s], corr);
          g_assert_cmpfloat (corr, >=, 0.8);
          if (t == 5 && s == 0)
            {
              save_png (bare, "tryon-bare.png");
              save_png (image, "tryon-matte.png");
            }
          sh_image_free (image);
        }
      g_test_message ("%s", row->str);
      sh_lip_mask_free (mask);
      sh_image_free (bare);
      tryon_fixture_free (f);
    }
  g_test_message ("worst dE00 %.2f, worst luminance correlation %.3f; %d of %d shades gamut-limited", worst,
                  worst_corr, limited, (int) (SH_MONK_SKIN_TONE_COUNT * G_N_ELEMENTS (shades)));
}

/* Half coverage sits between the bare lip and the full shade; zero coverage changes nothing. */
static void
test_coverage (void)
{
  TryonFixture *f = tryon_fixture_new (W, H, 0.6, sh_monk_skin_tone (3), false, 3);
  ShImage *bare = tryon_fixture_image (f), *half = image_copy (bare), *none = image_copy (bare),
          *full = image_copy (bare);
  ShLipMask *mask = tryon_fixture_mask (f);
  ShMaterial m;
  double b[3], h[3], u[3], bl[3], hl[3], ul[3];

  material_with_hex (&m, "#5a2a3a", SH_MATERIAL_FINISH_MATTE);
  g_assert_true (sh_tryon_render (full, mask, &m, 1, -1));
  m.coverage = 0.5;
  g_assert_true (sh_tryon_render (half, mask, &m, 1, -1));
  m.coverage = 0;
  g_assert_true (sh_tryon_render (none, mask, &m, 1, -1));
  g_assert_cmpmem (none->pixels, (gsize) none->stride * H, bare->pixels, (gsize) bare->stride * H);
  g_assert_true (sh_tryon_median (bare, mask, b));
  g_assert_true (sh_tryon_median (half, mask, h));
  g_assert_true (sh_tryon_median (full, mask, u));
  sh_linear_srgb_to_lab (b, bl);
  sh_linear_srgb_to_lab (h, hl);
  sh_linear_srgb_to_lab (u, ul);
  g_assert_cmpfloat (sh_delta_e2000 (bl, hl), >, 3);
  g_assert_cmpfloat (sh_delta_e2000 (ul, hl), >, 3);
  g_assert_cmpfloat (sh_delta_e2000 (bl, hl) + sh_delta_e2000 (hl, ul), <, 1.3 * sh_delta_e2000 (bl, ul));
  sh_image_free (bare);
  sh_image_free (half);
  sh_image_free (none);
  sh_image_free (full);
  sh_lip_mask_free (mask);
  tryon_fixture_free (f);
}

/* Gloss puts a highlight where the bare lip is brightest, far brighter than matte there; glitter is the same
 * for a seed and differs between seeds; the feather ramps the edge. */
static void
test_gloss_glitter_feather (void)
{
  TryonFixture *f = tryon_fixture_new (W, H, 0.6, sh_monk_skin_tone (6), true, 5);
  ShImage *bare = tryon_fixture_image (f), *matte = image_copy (bare), *gloss = image_copy (bare);
  ShImage *glitter1 = image_copy (bare), *glitter2 = image_copy (bare), *glitter3 = image_copy (bare);
  ShLipMask *mask = tryon_fixture_mask (f);
  ShMaterial m;
  double best = -1, bare_at_best = 0, brighter = 0;
  int bx = 0, by = 0, sparkles = 0;
  g_autoptr (GArray) bare_y = g_array_new (FALSE, FALSE, sizeof (double));

  material_with_hex (&m, "#b0243a", SH_MATERIAL_FINISH_MATTE);
  g_assert_true (sh_tryon_render (matte, mask, &m, 1, -1));
  material_with_hex (&m, "#b0243a", SH_MATERIAL_FINISH_GLOSS);
  g_assert_true (sh_tryon_render (gloss, mask, &m, 1, -1));
  material_with_hex (&m, "#b0243a", SH_MATERIAL_FINISH_GLITTER);
  g_assert_true (sh_tryon_render (glitter1, mask, &m, 7, -1));
  g_assert_true (sh_tryon_render (glitter2, mask, &m, 7, -1));
  g_assert_true (sh_tryon_render (glitter3, mask, &m, 8, -1));
  save_png (gloss, "tryon-gloss.png");
  save_png (glitter1, "tryon-glitter.png");

  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++)
      if (sh_lip_mask_get (mask, x, y) >= 1)
        {
          double g = luminance8 (gloss, x, y), mt = luminance8 (matte, x, y), b = luminance8 (bare, x, y);

          g_array_append_val (bare_y, b);
          if (g > best)
            best = g, bx = x, by = y, bare_at_best = b;
          brighter = MAX (brighter, g / MAX (mt, 1e-4));
          sparkles += luminance8 (glitter1, x, y) > 2 * mt + 0.05;
        }
  {
    /* The bare lip's luminance at the gloss's brightest pixel lies in the lip's top tenth. */
    int above = 0;

    for (guint i = 0; i < bare_y->len; i++)
      above += g_array_index (bare_y, double, i) > bare_at_best;
    g_test_message ("gloss peak at (%d, %d), %.0f%% of the bare lip brighter there; %.1fx matte; %d sparkles",
                    bx, by, 100.0 * above / bare_y->len, brighter, sparkles);
    g_assert_cmpfloat ((double) above / bare_y->len, <, 0.10);
  }
  g_assert_cmpfloat (brighter, >, 2);
  g_assert_cmpint (sparkles, >, 20);
  g_assert_cmpmem (glitter1->pixels, (gsize) glitter1->stride * H, glitter2->pixels, (gsize) glitter2->stride * H);
  g_assert_true (memcmp (glitter1->pixels, glitter3->pixels, (gsize) glitter1->stride * H) != 0);

  /* The feather: on the outline nearly bare, a feather inside the full shade. */
  {
    int cx = W / 2, top = H, bottom = 0;

    for (int y = 0; y < H; y++)
      if (sh_lip_mask_get (mask, cx + 40, y) > 0)
        {
          top = MIN (top, y);
          bottom = MAX (bottom, y);
        }
    {
      const uint8_t *edge = matte->pixels + (gsize) bottom * matte->stride + (cx + 40) * 4;
      const uint8_t *bare_edge = bare->pixels + (gsize) bottom * bare->stride + (cx + 40) * 4;

      for (int c = 0; c < 3; c++)
        g_assert_cmpint (abs (edge[c] - bare_edge[c]), <=, 2);
    }
  }
  sh_image_free (bare);
  sh_image_free (matte);
  sh_image_free (gloss);
  sh_image_free (glitter1);
  sh_image_free (glitter2);
  sh_image_free (glitter3);
  sh_lip_mask_free (mask);
  tryon_fixture_free (f);
}

/* A saturated shade on mid lips, then lips partly outside the photo: clipped, not refused. */
static void
test_saturated_and_clipped (void)
{
  TryonFixture *f = tryon_fixture_new (W, H, 0.6, sh_monk_skin_tone (4), false, 9);
  ShImage *srgb = tryon_fixture_image (f);
  ShLipMask *mask = tryon_fixture_mask (f);
  ShMaterial m;
  double a[3], al[3], want[3], bare[3], bl[3];
  ShPoint shifted[2 * TRYON_FIXTURE_POINTS];
  ShLipMask *off;

  material_with_hex (&m, "#c83a78", SH_MATERIAL_FINISH_MATTE);
  g_assert_true (sh_tryon_median (srgb, mask, bare));
  sh_linear_srgb_to_lab (bare, bl);
  g_assert_true (sh_tryon_render (srgb, mask, &m, 1, -1));
  g_assert_true (sh_tryon_median (srgb, mask, a));
  sh_linear_srgb_to_lab (a, al);
  shade_at_lightness (m.base_color, bl[0], want);
  g_assert_cmpfloat (sh_delta_e2000 (al, want), <=, 3);

  /* Half the mouth beyond the left border. */
  for (int i = 0; i < f->n_lips; i++)
    {
      shifted[i].x = f->lips[i].x - W / 2.0;
      shifted[i].y = f->lips[i].y;
    }
  off = sh_lip_mask_new (shifted, f->n_lips, NULL, 0);
  g_assert_true (sh_tryon_render (srgb, off, &m, 1, -1));
  sh_lip_mask_free (off);
  sh_lip_mask_free (mask);
  sh_image_free (srgb);
  tryon_fixture_free (f);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/tryon/polygon-coverage", test_polygon_coverage);
  g_test_add_func ("/tryon/matte-accuracy", test_matte_accuracy);
  g_test_add_func ("/tryon/coverage", test_coverage);
  g_test_add_func ("/tryon/gloss-glitter-feather", test_gloss_glitter_feather);
  g_test_add_func ("/tryon/saturated-and-clipped", test_saturated_and_clipped);
  return g_test_run ();
}
