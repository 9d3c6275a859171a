/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-synth.c: the synthetic photo generator and writer: determinism, ground truth, profiles, EXIF
 * orientation and whole sets. */
#define G_LOG_DOMAIN "shadelab-test"

#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <lcms2.h>

#include "color/colorspace.h"
#include "color/synth.h"
#include "core/cli/cli.h"
#include "core/formats/synth-writer.h"
#include "tests/lib/test-fs.h"

/* ---- helpers ---- */

static char *
make_temp_dir (void)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp ("shadelab-synth-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static cmsHPROFILE
linear_srgb_profile (void)
{
  static const cmsCIExyY d65 = { 0.3127, 0.3290, 1.0 };
  static const cmsCIExyYTRIPLE primaries = {
    { 0.64, 0.33, 1.0 }, { 0.30, 0.60, 1.0 }, { 0.15, 0.06, 1.0 },
  };
  cmsToneCurve *linear = cmsBuildGamma (NULL, 1.0);
  cmsToneCurve *curves[3] = { linear, linear, linear };
  cmsHPROFILE profile = cmsCreateRGBProfile (&d65, &primaries, curves);

  cmsFreeToneCurve (linear);
  return profile;
}

typedef struct {
  int width, height;
  float *linear;          /* upright, linear sRGB */
  gboolean tagged;
  char *orientation;      /* the loader's "orientation" option, or NULL */
} Decoded;

static void
decoded_free (Decoded *decoded)
{
  free (decoded->linear);
  g_free (decoded->orientation);
}

/* Decodes path as a colour-managed viewer would: GdkPixbuf, EXIF orientation, then the embedded profile
 * (sRGB when none) converted back to linear sRGB with lcms2. */
static void
decode_linear (const char *path, Decoded *out)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GdkPixbuf) raw = gdk_pixbuf_new_from_file (path, &error);
  g_autoptr (GdkPixbuf) upright = NULL;
  const char *icc_base64;
  cmsHPROFILE source, target;
  cmsHTRANSFORM transform;
  int channels, rowstride;
  const guint8 *pixels;

  g_assert_no_error (error);
  g_assert_nonnull (raw);
  upright = gdk_pixbuf_apply_embedded_orientation (raw);
  out->width = gdk_pixbuf_get_width (upright);
  out->height = gdk_pixbuf_get_height (upright);
  out->orientation = g_strdup (gdk_pixbuf_get_option (raw, "orientation"));
  icc_base64 = gdk_pixbuf_get_option (raw, "icc-profile");
  out->tagged = icc_base64 != NULL;
  if (icc_base64 != NULL)
    {
      gsize len = 0;
      g_autofree guchar *icc = g_base64_decode (icc_base64, &len);

      source = cmsOpenProfileFromMem (icc, (cmsUInt32Number) len);
    }
  else
    source = cmsCreate_sRGBProfile ();
  g_assert_nonnull (source);
  target = linear_srgb_profile ();
  channels = gdk_pixbuf_get_n_channels (upright);
  transform = cmsCreateTransform (source, channels == 4 ? TYPE_RGBA_8 : TYPE_RGB_8, target, TYPE_RGB_FLT,
                                  INTENT_RELATIVE_COLORIMETRIC, 0);
  g_assert_nonnull (transform);
  cmsCloseProfile (source);
  cmsCloseProfile (target);

  out->linear = malloc ((size_t) out->width * out->height * 3 * sizeof (float));
  pixels = gdk_pixbuf_read_pixels (upright);
  rowstride = gdk_pixbuf_get_rowstride (upright);
  for (int y = 0; y < out->height; y++)
    cmsDoTransform (transform, pixels + (gsize) y * rowstride, out->linear + (gsize) y * out->width * 3,
                    (cmsUInt32Number) out->width);
  cmsDeleteTransform (transform);
}

static double
delta_e_linear (const double a[3], const double b[3])
{
  double lab_a[3], lab_b[3];
  cmsCIELab la, lb;

  sh_linear_srgb_to_lab (a, lab_a);
  sh_linear_srgb_to_lab (b, lab_b);
  la = (cmsCIELab) { lab_a[0], lab_a[1], lab_a[2] };
  lb = (cmsCIELab) { lab_b[0], lab_b[1], lab_b[2] };
  return cmsCIE2000DeltaE (&la, &lb, 1.0, 1.0, 1.0);
}

static guint8 *
read_file (const char *path, gsize *len)
{
  g_autoptr (GError) error = NULL;
  char *data = NULL;

  g_file_get_contents (path, &data, len, &error);
  g_assert_no_error (error);
  return (guint8 *) data;
}

static void
assert_same_file (const char *a, const char *b)
{
  gsize len_a, len_b;
  g_autofree guint8 *data_a = read_file (a, &len_a);
  g_autofree guint8 *data_b = read_file (b, &len_b);

  g_assert_cmpuint (len_a, ==, len_b);
  g_assert_true (memcmp (data_a, data_b, len_a) == 0);
}

/* Every file of folder a is the same as the file of that name in b; returns how many there are. */
static int
assert_same_folders (const char *a, const char *b)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GDir) listing = g_dir_open (a, 0, &error);
  const char *name;
  int files = 0;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *file_a = g_build_filename (a, name, NULL);
      g_autofree char *file_b = g_build_filename (b, name, NULL);

      assert_same_file (file_a, file_b);
      files++;
    }
  return files;
}

/* ---- determinism ---- */

static void
test_render_deterministic (void)
{
  ShSynthParams a, b, c;
  ShSynthTruth truth_a, truth_b, truth_c;
  float *pixels_a, *pixels_b, *pixels_c;
  size_t size = (size_t) 320 * 240 * 3 * sizeof (float);

  sh_synth_params_for_seed (42, 320, 240, &a);
  sh_synth_params_for_seed (42, 320, 240, &b);
  g_assert_true (memcmp (&a, &b, sizeof a) == 0);
  sh_synth_params_for_seed (43, 320, 240, &c);
  g_assert_false (memcmp (a.body_linear, c.body_linear, sizeof a.body_linear) == 0);

  pixels_a = sh_synth_render (&a, &truth_a);
  pixels_b = sh_synth_render (&b, &truth_b);
  pixels_c = sh_synth_render (&c, &truth_c);
  g_assert_nonnull (pixels_a);
  g_assert_nonnull (pixels_b);
  g_assert_nonnull (pixels_c);
  g_assert_true (memcmp (pixels_a, pixels_b, size) == 0);
  g_assert_true (memcmp (&truth_a, &truth_b, sizeof truth_a) == 0);
  g_assert_false (memcmp (pixels_a, pixels_c, size) == 0);
  free (pixels_a);
  free (pixels_b);
  free (pixels_c);
}

static void
test_files_deterministic (void)
{
  static const ShSynthFormat formats[] = { SH_SYNTH_JPEG, SH_SYNTH_PNG, SH_SYNTH_TIFF };
  g_autofree char *dir = make_temp_dir ();
  ShSynthParams params;
  ShSynthTruth truth;
  float *pixels;

  sh_synth_params_for_seed (7, 240, 180, &params);
  pixels = sh_synth_render (&params, &truth);
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      ShSynthEncoding encoding = { formats[i], 90, SH_SYNTH_PROFILE_ADOBE_RGB, 6, 2.0, 99 };
      g_autofree char *first = g_build_filename (dir, "first", NULL);
      g_autofree char *second = g_build_filename (dir, "second", NULL);
      g_autofree char *other = g_build_filename (dir, "other", NULL);
      g_autoptr (GError) error = NULL;
      gsize len_a, len_c;
      g_autofree guint8 *data_a = NULL;
      g_autofree guint8 *data_c = NULL;

      g_assert_true (sh_synth_write (pixels, 240, 180, &encoding, first, &error));
      g_assert_true (sh_synth_write (pixels, 240, 180, &encoding, second, &error));
      assert_same_file (first, second);
      /* Another noise seed gives another file. */
      encoding.noise_seed = 100;
      g_assert_true (sh_synth_write (pixels, 240, 180, &encoding, other, &error));
      g_assert_no_error (error);
      data_a = read_file (first, &len_a);
      data_c = read_file (other, &len_c);
      g_assert_false (len_a == len_c && memcmp (data_a, data_c, len_a) == 0);
    }
  free (pixels);

  /* Whole sets: same arguments, same bytes. */
  {
    g_autofree char *set_a = g_build_filename (dir, "a", NULL);
    g_autofree char *set_b = g_build_filename (dir, "b", NULL);
    g_autoptr (GError) error = NULL;

    g_assert_true (sh_synth_write_set (set_a, 4, 11, 200, 150, &error));
    g_assert_true (sh_synth_write_set (set_b, 4, 11, 200, 150, &error));
    g_assert_no_error (error);
    g_assert_cmpint (assert_same_folders (set_a, set_b), ==, 5);
  }
  remove_tree (dir);
}

/* ---- truth ---- */

static gboolean
box_inside (const ShBox *inner, const ShBox *outer)
{
  return inner->x >= outer->x && inner->y >= outer->y && inner->x + inner->w <= outer->x + outer->w
         && inner->y + inner->h <= outer->y + outer->h;
}

static void
test_truth_sanity (void)
{
  int finishes[3] = { 0 }, packaging[4] = { 0 }, glitter = 0, grey = 0, very_dark = 0, vivid = 0;
  const int n = 240;

  for (int seed = 1; seed <= n; seed++)
    {
      const int width = seed % 3 == 0 ? 300 : 400, height = seed % 3 == 0 ? 400 : 300;
      ShBox image = { 0, 0, width, height };
      ShSynthParams params;
      ShSynthTruth truth;
      double lab[3], lch[3];
      float *pixels;

      sh_synth_params_for_seed ((uint32_t) seed, width, height, &params);
      for (int i = 0; i < 3; i++)
        {
          g_assert_cmpfloat (params.body_linear[i], >=, 0.004);
          g_assert_cmpfloat (params.body_linear[i], <=, 0.85);
        }
      g_assert_cmpfloat (params.ambient, >=, 0.3);
      g_assert_cmpfloat (params.ambient, <=, 0.6);
      g_assert_cmpfloat (params.bullet_scale, >=, 0.12);
      g_assert_cmpfloat (params.bullet_scale, <=, 0.3);
      g_assert_cmpfloat (params.noise_sigma, >=, 0.5);
      g_assert_cmpfloat (params.noise_sigma, <=, 2.5);

      pixels = sh_synth_render (&params, &truth);
      g_assert_nonnull (pixels);
      g_assert_cmpmem (truth.body_linear, sizeof truth.body_linear, params.body_linear,
                       sizeof params.body_linear);
      sh_linear_srgb_to_lab (params.body_linear, lab);
      for (int i = 0; i < 3; i++)
        g_assert_cmpfloat_with_epsilon (truth.body_lab[i], lab[i], 1e-12);

      g_assert_cmpint (truth.bullet.w, >, 20);
      g_assert_cmpint (truth.bullet.h, >, truth.bullet.w);
      g_assert_true (box_inside (&truth.label_box, &image));
      g_assert_true (box_inside (&truth.bullet, &truth.label_box));
      /* The margin stays small: a careful labeler's box, not a loose one. */
      g_assert_cmpint (truth.label_box.w, <=, truth.bullet.w * 1.13 + 2);
      g_assert_cmpint (truth.label_box.h, <=, truth.bullet.h * 1.13 + 2);
      if (params.packaging == SH_PACKAGING_NONE)
        g_assert_cmpint (truth.case_box.w, ==, 0);
      else
        {
          g_assert_cmpint (truth.case_box.w, >, truth.bullet.w);
          g_assert_true (box_inside (&truth.case_box, &image));
          /* The case sits under the bullet. */
          g_assert_cmpint (truth.case_box.y, >=, truth.bullet.y + truth.bullet.h - 1);
        }
      if (params.glitter_density > 0)
        {
          g_assert_cmpint (truth.glitter_flakes, >, 0);
          g_assert_cmpfloat (fabs (truth.glitter_density - params.glitter_density), <, 0.05 * params.glitter_density + 0.2);
          glitter++;
        }
      else
        g_assert_cmpint (truth.glitter_flakes, ==, 0);

      finishes[params.finish]++;
      packaging[params.packaging]++;
      grey += params.sweep_level < 0.7;
      sh_lab_to_lch (lab, lch);
      very_dark += lch[0] < 20;
      vivid += lch[1] > 50;
      free (pixels);
    }

  /* The mix the header promises. */
  for (int i = 0; i < 3; i++)
    g_assert_cmpint (finishes[i], >, n / 5);
  for (int i = 0; i < 4; i++)
    g_assert_cmpint (packaging[i], >, 0);
  g_assert_cmpint (glitter, >, n / 10);
  g_assert_cmpint (glitter, <, n * 3 / 10);
  g_assert_cmpint (grey, >, n / 12);
  g_assert_cmpint (grey, <, n / 4);
  g_assert_cmpint (very_dark, >, 0);
  g_assert_cmpint (vivid, >, 0);
}

/* The bullet's camera-facing column carries exactly body_linear where no highlight or flake lies. */
static void
test_camera_facing_line (void)
{
  int checked_plain = 0, checked_glitter = 0;

  for (int seed = 1; seed <= 80; seed++)
    {
      ShSynthParams params;
      ShSynthTruth truth;
      float *pixels;
      int column, exact = 0, total = 0;
      float body[3];
      double brightest_highlight = 0.0;

      sh_synth_params_for_seed ((uint32_t) seed, 480, 360, &params);
      pixels = sh_synth_render (&params, &truth);
      for (int i = 0; i < 3; i++)
        body[i] = (float) params.body_linear[i];
      /* The bullet is symmetric about its centre pixel column. */
      g_assert_cmpint (truth.bullet.w % 2, ==, 1);
      column = truth.bullet.x + truth.bullet.w / 2;

      /* Below the slanted tip (which reaches at most 40 % down) and above the collar's edge. */
      for (int y = truth.bullet.y + truth.bullet.h * 45 / 100; y < truth.bullet.y + truth.bullet.h - 2; y++)
        {
          const float *px = pixels + ((size_t) y * params.width + column) * 3;
          const float *row = pixels + (size_t) y * params.width * 3;

          total++;
          if (px[0] == body[0] && px[1] == body[1] && px[2] == body[2])
            exact++;
          else
            /* Only a flake may change it, and flakes are bright. */
            g_assert_cmpfloat (params.glitter_density, >, 0.0);

          /* Off the line the diffuse shading is below 1, so any brighter pixel is highlight. */
          for (int x = truth.bullet.x + 2; x < truth.bullet.x + truth.bullet.w - 2; x++)
            brightest_highlight = fmax (brightest_highlight, row[x * 3 + 1] - body[1]);
        }
      g_assert_cmpint (total, >, 20);
      if (params.glitter_density > 0.0)
        {
          g_assert_cmpint (exact, >=, total * 7 / 10);
          checked_glitter++;
        }
      else
        {
          g_assert_cmpint (exact, ==, total);
          /* Highlights follow the finish: gloss bright, satin dim, matte faint. */
          if (params.finish == SH_FINISH_GLOSS)
            g_assert_cmpfloat (brightest_highlight, >, 0.3);
          else if (params.finish == SH_FINISH_SATIN)
            g_assert_cmpfloat (brightest_highlight, <, 0.21);
          else
            g_assert_cmpfloat (brightest_highlight, <, 0.031);
          checked_plain++;
        }
      free (pixels);
    }
  g_assert_cmpint (checked_plain, >, 40);
  g_assert_cmpint (checked_glitter, >, 5);
}

/* ---- profiles ---- */

static const double patch_colours[][3] = {
  { 0.4342, 0.0176, 0.0423 },   /* #b0243a, a classic red */
  { 0.04, 0.01, 0.02 },         /* a dark plum (darker ones step by more than 1 dE in 8-bit ProPhoto) */
  { 0.52, 0.30, 0.22 },         /* a nude */
  { 0.80, 0.80, 0.80 },         /* the sweep */
};

/* Vertical bands of the patch colours. */
static float *
patch_image (int width, int height)
{
  const int n = G_N_ELEMENTS (patch_colours);
  float *pixels = malloc ((size_t) width * height * 3 * sizeof (float));

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      for (int i = 0; i < 3; i++)
        pixels[((size_t) y * width + x) * 3 + i] = (float) patch_colours[x * n / width][i];
  return pixels;
}

static void
check_patches (const Decoded *decoded, double tolerance, const char *what)
{
  const int n = G_N_ELEMENTS (patch_colours);

  for (int p = 0; p < n; p++)
    {
      int x = (2 * p + 1) * decoded->width / (2 * n), y = decoded->height / 2;
      const float *px = decoded->linear + ((size_t) y * decoded->width + x) * 3;
      double got[3] = { px[0], px[1], px[2] };
      double de = delta_e_linear (got, patch_colours[p]);

      if (de >= tolerance)
        g_test_message ("%s patch %d: dE2000 %.3f", what, p, de);
      g_assert_cmpfloat (de, <, tolerance);
    }
}

static void
test_profiles_round_trip (void)
{
  static const ShSynthFormat formats[] = { SH_SYNTH_PNG, SH_SYNTH_TIFF, SH_SYNTH_JPEG };
  static const char *extensions[] = { "png", "tif", "jpg" };
  g_autofree char *dir = make_temp_dir ();
  const int width = 128, height = 32;
  float *pixels = patch_image (width, height);

  for (int profile = 0; profile < SH_SYNTH_N_PROFILES; profile++)
    for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
      {
        ShSynthEncoding encoding = { formats[f], 95, (ShSynthProfile) profile, 1, 0.0, 1 };
        g_autofree char *name = g_strdup_printf ("%s.%s", sh_synth_profile_name (profile), extensions[f]);
        g_autofree char *path = g_build_filename (dir, name, NULL);
        g_autoptr (GError) error = NULL;
        Decoded decoded = { 0 };

        g_assert_true (sh_synth_write (pixels, width, height, &encoding, path, &error));
        g_assert_no_error (error);
        decode_linear (path, &decoded);
        g_assert_cmpint (decoded.width, ==, width);
        g_assert_cmpint (decoded.height, ==, height);
        g_assert_cmpint (decoded.tagged, ==, profile != SH_SYNTH_PROFILE_UNTAGGED);
        /* Lossless files hold the colour to 8-bit rounding; JPEG adds its YCbCr quantisation. */
        check_patches (&decoded, formats[f] == SH_SYNTH_JPEG ? 1.5 : 1.0, name);
        decoded_free (&decoded);
      }
  free (pixels);
  remove_tree (dir);
}

static void
test_profile_kinds (void)
{
  static const char *descriptions[] = {
    NULL, "sRGB", "Adobe RGB", "Display P3", "ProPhoto", "blue-green-red", "LUT",
  };

  for (int profile = 0; profile < SH_SYNTH_N_PROFILES; profile++)
    {
      gsize len = 0;
      g_autofree guint8 *icc = sh_synth_profile_icc ((ShSynthProfile) profile, &len);
      cmsHPROFILE handle;
      char text[256] = "";

      if (profile == SH_SYNTH_PROFILE_UNTAGGED)
        {
          g_assert_null (icc);
          g_assert_cmpuint (len, ==, 0);
          continue;
        }
      g_assert_nonnull (icc);
      handle = cmsOpenProfileFromMem (icc, (cmsUInt32Number) len);
      g_assert_nonnull (handle);
      g_assert_cmpuint (cmsGetColorSpace (handle), ==, cmsSigRgbData);
      cmsGetProfileInfoASCII (handle, cmsInfoDescription, "en", "US", text, sizeof text);
      g_assert_nonnull (strstr (text, descriptions[profile]));

      switch (profile)
        {
        case SH_SYNTH_PROFILE_LUT:
          g_assert_false (cmsIsMatrixShaper (handle));
          g_assert_true (cmsIsTag (handle, cmsSigAToB0Tag));
          g_assert_true (cmsIsTag (handle, cmsSigBToA0Tag));
          break;
        case SH_SYNTH_PROFILE_BGR:
          {
            const cmsCIEXYZ *first = cmsReadTag (handle, cmsSigRedColorantTag);
            const cmsCIEXYZ *third = cmsReadTag (handle, cmsSigBlueColorantTag);

            g_assert_true (cmsIsMatrixShaper (handle));
            /* sRGB's blue colorant (D50) is about (0.143, 0.061, 0.714), its red (0.436, 0.222, 0.014). */
            g_assert_cmpfloat_with_epsilon (first->X, 0.1431, 0.002);
            g_assert_cmpfloat_with_epsilon (first->Z, 0.7139, 0.002);
            g_assert_cmpfloat_with_epsilon (third->X, 0.4360, 0.002);
            g_assert_cmpfloat_with_epsilon (third->Z, 0.0139, 0.002);
          }
          break;
        case SH_SYNTH_PROFILE_ADOBE_RGB:
          g_assert_cmpfloat_with_epsilon (cmsEstimateGamma (cmsReadTag (handle, cmsSigRedTRCTag), 0.01),
                                          563.0 / 256.0, 0.01);
          break;
        case SH_SYNTH_PROFILE_PROPHOTO:
          g_assert_cmpfloat_with_epsilon (cmsEstimateGamma (cmsReadTag (handle, cmsSigGreenTRCTag), 0.01), 1.8,
                                          0.01);
          break;
        case SH_SYNTH_PROFILE_DISPLAY_P3:
          {
            const cmsCIEXYZ *red = cmsReadTag (handle, cmsSigRedColorantTag);

            /* P3 red (D50) is about (0.515, 0.241, -0.001): redder than sRGB's 0.436. */
            g_assert_cmpfloat_with_epsilon (red->X, 0.5151, 0.003);
          }
          break;
        default:
          g_assert_true (cmsIsMatrixShaper (handle));
          break;
        }
      cmsCloseProfile (handle);
    }

  /* The BGR file really stores blue first: a red patch has a low first and a high third number. */
  {
    g_autofree char *dir = make_temp_dir ();
    g_autofree char *path = g_build_filename (dir, "bgr.png", NULL);
    ShSynthEncoding encoding = { SH_SYNTH_PNG, 90, SH_SYNTH_PROFILE_BGR, 1, 0.0, 1 };
    float *pixels = patch_image (64, 8);
    g_autoptr (GError) error = NULL;
    g_autoptr (GdkPixbuf) raw = NULL;
    const guint8 *first_patch;

    g_assert_true (sh_synth_write (pixels, 64, 8, &encoding, path, &error));
    raw = gdk_pixbuf_new_from_file (path, &error);
    g_assert_no_error (error);
    first_patch = gdk_pixbuf_read_pixels (raw) + 4 * gdk_pixbuf_get_rowstride (raw) + 8 * gdk_pixbuf_get_n_channels (raw);
    g_assert_cmpint (first_patch[0], <, 80);     /* sRGB #b0243a stored as 3a 24 b0 */
    g_assert_cmpint (first_patch[2], >, 160);
    g_assert_cmpint (abs (first_patch[0] - 0x3a), <=, 1);
    g_assert_cmpint (abs (first_patch[2] - 0xb0), <=, 1);
    free (pixels);
    remove_tree (dir);
  }
}

/* ---- orientation ---- */

static void
test_orientation_round_trip (void)
{
  g_autofree char *dir = make_temp_dir ();
  const int width = 96, height = 64;
  float *pixels = malloc ((size_t) width * height * 3 * sizeof (float));

  /* Smooth ramps, red across and green down, so that every flip or turn shows. */
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        float *px = pixels + ((size_t) y * width + x) * 3;

        px[0] = (float) (0.05 + 0.9 * x / (width - 1));
        px[1] = (float) (0.05 + 0.9 * y / (height - 1));
        px[2] = 0.2f;
      }

  for (int orientation = 1; orientation <= 8; orientation++)
    {
      ShSynthEncoding encoding = { SH_SYNTH_JPEG, 98, SH_SYNTH_PROFILE_SRGB, orientation, 0.0, 1 };
      g_autofree char *path = g_strdup_printf ("%s/o%d.jpg", dir, orientation);
      g_autoptr (GError) error = NULL;
      g_autoptr (GdkPixbuf) raw = NULL;
      g_autofree char *expected_tag = g_strdup_printf ("%d", orientation);
      Decoded decoded = { 0 };

      g_assert_true (sh_synth_write (pixels, width, height, &encoding, path, &error));
      g_assert_no_error (error);
      raw = gdk_pixbuf_new_from_file (path, &error);
      g_assert_no_error (error);
      /* Stored turned for 5-8, as a camera held sideways stores it. */
      g_assert_cmpint (gdk_pixbuf_get_width (raw), ==, orientation >= 5 ? height : width);

      decode_linear (path, &decoded);
      g_assert_cmpstr (decoded.orientation, ==, expected_tag);
      g_assert_cmpint (decoded.width, ==, width);
      g_assert_cmpint (decoded.height, ==, height);
      for (int y = 4; y < height - 4; y += 7)
        for (int x = 4; x < width - 4; x += 9)
          {
            const float *got = decoded.linear + ((size_t) y * width + x) * 3;
            const float *want = pixels + ((size_t) y * width + x) * 3;

            g_assert_cmpfloat (fabs (got[0] - want[0]), <, 0.03);
            g_assert_cmpfloat (fabs (got[1] - want[1]), <, 0.03);
          }
      decoded_free (&decoded);
    }

  /* PNG and TIFF carry no orientation: the pixels are stored upright whatever was asked. */
  {
    ShSynthEncoding encoding = { SH_SYNTH_PNG, 90, SH_SYNTH_PROFILE_SRGB, 6, 0.0, 1 };
    g_autofree char *path = g_build_filename (dir, "o6.png", NULL);
    g_autoptr (GError) error = NULL;
    Decoded decoded = { 0 };

    g_assert_true (sh_synth_write (pixels, width, height, &encoding, path, &error));
    decode_linear (path, &decoded);
    g_assert_cmpint (decoded.width, ==, width);
    g_assert_cmpfloat (fabs (decoded.linear[((size_t) 10 * width + 80) * 3] - pixels[((size_t) 10 * width + 80) * 3]), <, 0.01);
    decoded_free (&decoded);
  }
  free (pixels);
  remove_tree (dir);
}

/* ---- encodings and sets ---- */

static void
test_encoding_mix (void)
{
  int profiles[SH_SYNTH_N_PROFILES] = { 0 }, orientations[9] = { 0 }, formats[3] = { 0 };

  /* write_set walks 60 consecutive encoding seeds from an arbitrary start. */
  for (guint32 start = 0; start < 3000000000U; start += 987654321U)
    {
      memset (profiles, 0, sizeof profiles);
      memset (orientations, 0, sizeof orientations);
      memset (formats, 0, sizeof formats);
      for (guint32 seed = start; seed < start + 60; seed++)
        {
          ShSynthEncoding encoding;

          sh_synth_encoding_for_seed (seed, &encoding);
          profiles[encoding.profile]++;
          formats[encoding.format]++;
          if (encoding.format == SH_SYNTH_JPEG)
            {
              g_assert_cmpint (encoding.jpeg_quality, >=, 85);
              g_assert_cmpint (encoding.jpeg_quality, <=, 95);
              orientations[encoding.orientation]++;
            }
          else
            g_assert_cmpint (encoding.orientation, ==, 1);
        }
      for (int i = 0; i < SH_SYNTH_N_PROFILES; i++)
        g_assert_cmpint (profiles[i], >, 0);
      for (int i = 1; i <= 8; i++)
        g_assert_cmpint (orientations[i], >, 0);
      g_assert_cmpint (formats[SH_SYNTH_JPEG], >, 40);
      g_assert_cmpint (formats[SH_SYNTH_PNG], >, 0);
      g_assert_cmpint (formats[SH_SYNTH_TIFF], >, 0);
    }
}

static const cJSON *
get_item (const cJSON *object, const char *key)
{
  const cJSON *item = cJSON_GetObjectItemCaseSensitive (object, key);

  if (item == NULL)
    g_error ("truth.json entry lacks \"%s\"", key);
  return item;
}

static void
json_box (const cJSON *object, ShBox *box)
{
  box->x = (int) cJSON_GetNumberValue (get_item (object, "x"));
  box->y = (int) cJSON_GetNumberValue (get_item (object, "y"));
  box->w = (int) cJSON_GetNumberValue (get_item (object, "w"));
  box->h = (int) cJSON_GetNumberValue (get_item (object, "h"));
}

static gint
compare_floats (gconstpointer a, gconstpointer b)
{
  float fa = *(const float *) a, fb = *(const float *) b;

  return (fa > fb) - (fa < fb);
}

/* A whole set: truth.json describes each file, and the colour on the bullet's camera-facing line of the
 * decoded photo (through its profile and orientation) is the truth. */
static void
test_write_set (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *truth_path = g_build_filename (dir, "truth.json", NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  cJSON *set, *entry;
  const int count = 16, width = 400, height = 300;
  int seen = 0;

  g_assert_true (sh_synth_write_set (dir, count, 5, width, height, &error));
  g_assert_no_error (error);
  g_file_get_contents (truth_path, &text, NULL, &error);
  g_assert_no_error (error);
  set = cJSON_Parse (text);
  g_assert_nonnull (set);
  g_assert_true (cJSON_IsArray (set));
  g_assert_cmpint (cJSON_GetArraySize (set), ==, count);

  cJSON_ArrayForEach (entry, set)
    {
      const char *file = cJSON_GetStringValue (get_item (entry, "file"));
      const cJSON *truth = get_item (entry, "truth");
      const cJSON *linear_json = get_item (truth, "linear_rgb");
      const char *hex = cJSON_GetStringValue (get_item (truth, "srgb"));
      const char *format = cJSON_GetStringValue (get_item (entry, "format"));
      double truth_linear[3], truth_lab[3], lab[3], median[3];
      g_autofree char *path = NULL;
      g_autofree char *expected_file = NULL;
      ShBox box, bullet, image = { 0, 0, width, height };
      Decoded decoded = { 0 };
      uint8_t srgb8[3], parsed[3];
      GArray *samples[3];
      int column;

      seen++;
      expected_file = g_strdup_printf ("synth-%04d.%s", seen,
                                       g_str_equal (format, "jpeg") ? "jpg" : g_str_equal (format, "png") ? "png" : "tif");
      g_assert_cmpstr (file, ==, expected_file);
      json_box (get_item (entry, "box"), &box);
      json_box (get_item (entry, "bullet"), &bullet);
      g_assert_true (box_inside (&box, &image));
      g_assert_true (box_inside (&bullet, &box));
      for (int i = 0; i < 3; i++)
        {
          truth_linear[i] = cJSON_GetNumberValue (cJSON_GetArrayItem (linear_json, i));
          truth_lab[i] = cJSON_GetNumberValue (cJSON_GetArrayItem (get_item (truth, "lab"), i));
        }
      sh_linear_srgb_to_lab (truth_linear, lab);
      for (int i = 0; i < 3; i++)
        g_assert_cmpfloat_with_epsilon (lab[i], truth_lab[i], 1e-9);
      sh_linear_srgb_to_srgb8 (truth_linear, srgb8);
      g_assert_true (sh_parse_hex (hex, parsed));
      g_assert_cmpmem (srgb8, 3, parsed, 3);
      g_assert_true (cJSON_IsString (get_item (entry, "finish")));
      g_assert_true (cJSON_IsNumber (get_item (get_item (entry, "glitter"), "density")));
      g_assert_true (cJSON_IsNumber (get_item (get_item (entry, "glitter"), "flakes")));
      g_assert_true (cJSON_IsString (get_item (entry, "packaging")));
      g_assert_true (cJSON_IsString (get_item (entry, "profile")));
      g_assert_true (cJSON_IsNumber (get_item (entry, "orientation")));

      path = g_build_filename (dir, file, NULL);
      decode_linear (path, &decoded);
      g_assert_cmpint (decoded.width, ==, width);
      g_assert_cmpint (decoded.height, ==, height);
      g_assert_cmpint (decoded.tagged, ==, !g_str_equal (cJSON_GetStringValue (get_item (entry, "profile")), "untagged"));

      /* The median along the camera-facing column, below the tip: noise, JPEG and flakes average out. */
      column = bullet.x + bullet.w / 2;
      for (int i = 0; i < 3; i++)
        samples[i] = g_array_new (FALSE, FALSE, sizeof (float));
      for (int y = bullet.y + bullet.h / 2; y < bullet.y + bullet.h - 4; y++)
        for (int i = 0; i < 3; i++)
          g_array_append_val (samples[i], decoded.linear[((size_t) y * width + column) * 3 + i]);
      for (int i = 0; i < 3; i++)
        {
          g_array_sort (samples[i], compare_floats);
          median[i] = g_array_index (samples[i], float, samples[i]->len / 2);
          g_array_free (samples[i], TRUE);
        }
      {
        double de = delta_e_linear (median, truth_linear);

        g_test_message ("%s (%s, %s): dE2000 %.2f", file, cJSON_GetStringValue (get_item (entry, "profile")),
                        cJSON_GetStringValue (get_item (entry, "finish")), de);
        g_assert_cmpfloat (de, <, 2.0);
      }
      decoded_free (&decoded);
    }
  cJSON_Delete (set);
  remove_tree (dir);
}

/* ---- the hard mix ---- */

/* A hard scene stripped to one variant at a time: no packaging, sparkles, angle or engraving, a
 * transparent background so that alpha tells product pixels apart, and a light body so that a lighter
 * cut face stands out from the side's own shading. */
static void
bare_hard_params (guint32 seed, ShSynthParams *params)
{
  static const double body[3] = { 0.6, 0.3, 0.25 };

  sh_synth_params_for_seed_mix (seed, 320, 240, SH_SYNTH_MIX_HARD, params);
  params->hard = 1;
  params->packaging = SH_PACKAGING_NONE;
  params->finish = SH_FINISH_MATTE;
  params->matte_sheen = 0.0;
  params->glitter_density = params->shimmer_density = 0.0;
  params->angle = 0.0;
  params->center_x = params->center_y = 0.5;
  params->bullet_scale = 0.2;
  params->engraving = params->cut_face = 0;
  params->transparent = 1;
  params->backdrop = SH_BACKDROP_SWEEP;
  memcpy (params->body_linear, body, sizeof body);
}

/* The largest green over fully opaque pixels, relative to the truth's green. */
static double
brightest_product_ratio (const ShSynthParams *params)
{
  ShSynthTruth truth;
  float *alpha = NULL;
  float *pixels = sh_synth_render_rgba (params, &truth, &alpha);
  double best = 0.0;

  g_assert_nonnull (pixels);
  g_assert_nonnull (alpha);
  for (size_t i = 0; i < (size_t) params->width * params->height; i++)
    if (alpha[i] >= 1.0f)
      best = fmax (best, pixels[i * 3 + 1]);
  free (pixels);
  free (alpha);
  return best / truth.body_linear[1];
}

static gboolean
boxes_overlap (const ShBox *a, const ShBox *b)
{
  return a->x < b->x + b->w && b->x < a->x + a->w && a->y < b->y + b->h && b->y < a->y + a->h;
}

/* Per-channel median of pixels inside box. */
static void
box_median (const float *pixels, int width, const ShBox *box, double median[3])
{
  for (int c = 0; c < 3; c++)
    {
      g_autoptr (GArray) values = g_array_new (FALSE, FALSE, sizeof (float));

      for (int y = box->y; y < box->y + box->h; y++)
        for (int x = box->x; x < box->x + box->w; x++)
          g_array_append_val (values, pixels[((size_t) y * width + x) * 3 + c]);
      g_array_sort (values, compare_floats);
      median[c] = values->len % 2 ? g_array_index (values, float, values->len / 2)
                                  : 0.5 * (g_array_index (values, float, values->len / 2 - 1)
                                           + g_array_index (values, float, values->len / 2));
    }
}

/* Every variant appears in the mix, the classic draws stay as they were, and each scene's truth is the
 * side's diffuse shading over a patch on the bullet, clear of the engraving. */
static void
test_hard_variants (void)
{
  int backdrops[SH_BACKDROP_N] = { 0 }, cut_face = 0, engraving = 0, angled = 0, lying = 0, transparent = 0;
  int hidden_random = 0, shimmer = 0, dark_glitter = 0, sheen = 0, plain = 0;
  const int n = 160, width = 320, height = 240;
  ShBox image = { 0, 0, width, height };

  for (int seed = 1; seed <= n; seed++)
    {
      ShSynthParams classic, params;
      ShSynthTruth truth;
      double lab[3], lch[3], ratio[3], median[3];
      float *pixels, *alpha = NULL;
      gboolean any = FALSE;

      sh_synth_params_for_seed ((guint32) seed, width, height, &classic);
      sh_synth_params_for_seed_mix ((guint32) seed, width, height, SH_SYNTH_MIX_CLASSIC, &params);
      g_assert_true (memcmp (&classic, &params, sizeof params) == 0);
      sh_synth_params_for_seed_mix ((guint32) seed, width, height, SH_SYNTH_MIX_HARD, &params);
      /* The same product: the variants add to the scene, they do not redraw the shade. */
      g_assert_cmpmem (classic.body_linear, sizeof classic.body_linear, params.body_linear,
                       sizeof params.body_linear);
      g_assert_cmpint (classic.finish, ==, params.finish);
      g_assert_true (params.hard);

      pixels = sh_synth_render_rgba (&params, &truth, &alpha);
      g_assert_nonnull (pixels);
      g_assert_true ((alpha != NULL) == (params.transparent != 0));
      g_assert_true (box_inside (&truth.label_box, &image));
      g_assert_true (box_inside (&truth.bullet, &truth.label_box));

      /* The truth: one diffuse factor just under 1 on every channel (no highlight reaches the patch). */
      g_assert_cmpint (truth.truth_patch.w, >, 0);
      g_assert_cmpint (truth.truth_patch.h, >, 0);
      g_assert_true (box_inside (&truth.truth_patch, &truth.bullet));
      for (int i = 0; i < 3; i++)
        ratio[i] = truth.body_linear[i] / params.body_linear[i];
      g_assert_cmpfloat (ratio[0], >, 0.97);
      g_assert_cmpfloat (ratio[0], <=, 1.0 + 1e-12);
      g_assert_cmpfloat_with_epsilon (ratio[1], ratio[0], 1e-9);
      g_assert_cmpfloat_with_epsilon (ratio[2], ratio[0], 1e-9);
      sh_linear_srgb_to_lab (truth.body_linear, lab);
      for (int i = 0; i < 3; i++)
        g_assert_cmpfloat_with_epsilon (truth.body_lab[i], lab[i], 1e-12);
      /* The rendered patch gives the truth: exactly without sparkles, closely with them. */
      box_median (pixels, width, &truth.truth_patch, median);
      if (truth.glitter_flakes == 0 && truth.shimmer_sparkles == 0)
        for (int i = 0; i < 3; i++)
          g_assert_cmpfloat (fabs (median[i] - truth.body_linear[i]), <=, 1e-6 * truth.body_linear[i] + 1e-7);
      else
        g_assert_cmpfloat (delta_e_linear (median, truth.body_linear), <, 0.6);
      if (alpha != NULL)
        {
          int partial = 0;

          for (size_t i = 0; i < (size_t) width * height; i++)
            partial += alpha[i] > 0.0f && alpha[i] < 1.0f;
          g_assert_cmpint (partial, >, 20);
          g_assert_cmpfloat (alpha[0], ==, 0.0f);
          for (int y = truth.truth_patch.y; y < truth.truth_patch.y + truth.truth_patch.h; y++)
            for (int x = truth.truth_patch.x; x < truth.truth_patch.x + truth.truth_patch.w; x++)
              g_assert_cmpfloat (alpha[(size_t) y * width + x], ==, 1.0f);
          transparent++;
          hidden_random += params.hidden_rgb < 0;
          any = TRUE;
        }
      else
        {
          backdrops[params.backdrop]++;
          any |= params.backdrop != SH_BACKDROP_SWEEP;
        }

      if (params.engraving)
        {
          g_assert_cmpint (truth.engraving_box.w, >, 0);
          g_assert_true (box_inside (&truth.engraving_box, &truth.bullet));
          if (params.angle == 0.0)
            g_assert_false (boxes_overlap (&truth.engraving_box, &truth.truth_patch));
          engraving++;
        }
      else
        g_assert_cmpint (truth.engraving_box.w, ==, 0);
      if (params.angle != 0.0)
        {
          /* A bullet lying flat is wider than tall. */
          if (fabs (params.angle) == 90.0)
            g_assert_cmpint (truth.bullet.w, >, truth.bullet.h);
          lying += fabs (params.angle) == 90.0;
          angled++;
        }
      sh_linear_srgb_to_lab (params.body_linear, lab);
      sh_lab_to_lch (lab, lch);
      if (params.shimmer_density > 0.0)
        {
          g_assert_cmpint (truth.shimmer_sparkles, >, 0);
          g_assert_cmpfloat (lch[0], >=, 35.0);
          g_assert_cmpint (truth.glitter_flakes, ==, 0);
          shimmer++;
        }
      if (truth.glitter_flakes > 0 && lch[0] < 35.0)
        dark_glitter++;
      if (params.matte_sheen > 0.0)
        {
          g_assert_cmpint (params.finish, ==, SH_FINISH_MATTE);
          sheen++;
        }
      cut_face += params.cut_face != 0;
      any |= params.cut_face || params.engraving || params.angle != 0.0 || params.matte_sheen > 0.0
             || params.shimmer_density > 0.0;
      plain += !any;
      free (pixels);
      free (alpha);
    }

  g_test_message ("backdrops sweep %d red %d blue %d mint %d fabric %d grey %d sky %d checker %d; transparent %d "
                  "(random %d); cut face %d; engraving %d; angle %d (lying %d); shimmer %d; dark glitter %d; "
                  "matte sheen %d; classic-looking %d",
                  backdrops[0], backdrops[1], backdrops[2], backdrops[3], backdrops[4], backdrops[5], backdrops[6],
                  backdrops[7], transparent, hidden_random, cut_face, engraving, angled, lying, shimmer,
                  dark_glitter, sheen, plain);
  for (int i = 0; i < SH_BACKDROP_N; i++)
    g_assert_cmpint (backdrops[i], >, 2);
  g_assert_cmpint (transparent, >, n / 20);
  g_assert_cmpint (hidden_random, >, 0);
  g_assert_cmpint (hidden_random, <, transparent);
  g_assert_cmpint (cut_face, >, n / 4);
  g_assert_cmpint (engraving, >, n / 6);
  g_assert_cmpint (angled, >, n / 6);
  g_assert_cmpint (lying, >, 0);
  g_assert_cmpint (shimmer, >, n / 20);
  g_assert_cmpint (dark_glitter, >, 0);
  g_assert_cmpint (sheen, >, n / 10);
  /* The classic scenes are still in the mix. */
  g_assert_cmpint (plain, >, n / 20);
}

/* What each variant does to the pixels. */
static void
test_hard_looks (void)
{
  ShSynthParams params, other;
  ShSynthTruth truth, other_truth;
  float *pixels, *other_pixels;
  int brighter = 0, darker = 0, outside = 0, lifted = 0, row;
  double ratio_plain, ratio_cut;

  /* A cut face turned to the light is lighter than the side's lit mid-tone; the classic one is not. */
  bare_hard_params (31, &params);
  ratio_plain = brightest_product_ratio (&params);
  params.cut_face = 1;
  ratio_cut = brightest_product_ratio (&params);
  g_test_message ("brightest product pixel / truth: plain face %.3f, lit cut face %.3f", ratio_plain, ratio_cut);
  g_assert_cmpfloat (ratio_plain, <, 1.06);
  g_assert_cmpfloat (ratio_cut, >, 1.1);

  /* An engraving changes pixels only inside its box, some lighter and some darker. */
  bare_hard_params (32, &params);
  params.transparent = 0;
  other = params;
  params.engraving = 1;
  pixels = sh_synth_render (&params, &truth);
  other_pixels = sh_synth_render (&other, &other_truth);
  g_assert_cmpint (truth.engraving_box.w, >, 0);
  for (int y = 0; y < params.height; y++)
    for (int x = 0; x < params.width; x++)
      {
        size_t i = ((size_t) y * params.width + x) * 3 + 1;
        ShBox pixel = { x, y, 1, 1 };

        /* (Supersampled pixels beside a letter move by far less.) */
        if (fabsf (pixels[i] - other_pixels[i]) <= 0.002f * other_pixels[i])
          continue;
        outside += !box_inside (&pixel, &truth.engraving_box);
        brighter += pixels[i] > other_pixels[i] * 1.05f;
        darker += pixels[i] < other_pixels[i] * 0.95f;
      }
  g_assert_cmpint (outside, ==, 0);
  g_assert_cmpint (brighter, >, 10);
  g_assert_cmpint (darker, >, 10);
  g_assert_cmpmem (truth.body_linear, sizeof truth.body_linear, other_truth.body_linear,
                   sizeof other_truth.body_linear);
  free (pixels);
  free (other_pixels);

  /* A matte bullet's broad low sheen lifts a wide band of the side, not the truth. */
  bare_hard_params (33, &params);
  params.transparent = 0;
  other = params;
  params.matte_sheen = 0.05;
  pixels = sh_synth_render (&params, &truth);
  other_pixels = sh_synth_render (&other, &other_truth);
  row = truth.bullet.y + truth.bullet.h * 6 / 10;
  for (int x = truth.bullet.x; x < truth.bullet.x + truth.bullet.w; x++)
    lifted += pixels[((size_t) row * params.width + x) * 3 + 1] > other_pixels[((size_t) row * params.width + x) * 3 + 1] + 0.005f;
  g_test_message ("matte sheen lifts %d of %d columns", lifted, truth.bullet.w);
  g_assert_cmpint (lifted, >, truth.bullet.w / 5);
  g_assert_cmpmem (truth.body_linear, sizeof truth.body_linear, other_truth.body_linear,
                   sizeof other_truth.body_linear);
  free (pixels);
  free (other_pixels);

  /* Shimmer only adds light, in many fine sparkles. */
  bare_hard_params (34, &params);
  params.transparent = 0;
  other = params;
  params.shimmer_density = 30.0;
  params.shimmer_size = 1.0;
  params.shimmer_linear[0] = params.shimmer_linear[1] = params.shimmer_linear[2] = 0.9;
  pixels = sh_synth_render (&params, &truth);
  other_pixels = sh_synth_render (&other, &other_truth);
  brighter = 0;
  for (size_t i = 0; i < (size_t) params.width * params.height * 3; i++)
    {
      g_assert_cmpfloat (pixels[i], >=, other_pixels[i]);
      brighter += pixels[i] > other_pixels[i];
    }
  g_assert_cmpint (truth.shimmer_sparkles, >, 50);
  g_assert_cmpint (brighter, >=, truth.shimmer_sparkles);
  free (pixels);
  free (other_pixels);
}

/* A cut-out is an RGBA PNG whose fully transparent pixels hide a grey or random bytes, with partly
 * transparent edges. */
static void
test_transparent_png (void)
{
  g_autofree char *dir = make_temp_dir ();
  ShSynthParams params;
  ShSynthTruth truth;
  float *pixels, *alpha = NULL;

  bare_hard_params (35, &params);
  pixels = sh_synth_render_rgba (&params, &truth, &alpha);
  g_assert_nonnull (alpha);
  for (int hidden = -1; hidden <= 77; hidden += 78)
    {
      ShSynthEncoding encoding = { SH_SYNTH_PNG, 90, SH_SYNTH_PROFILE_DISPLAY_P3, 1, 1.5, 5 };
      g_autofree char *path = g_strdup_printf ("%s/cut-%d.png", dir, hidden);
      g_autoptr (GError) error = NULL;
      g_autoptr (GdkPixbuf) loaded = NULL;
      const guint8 *data;
      int rowstride, clear = 0, partial = 0, opaque = 0, hidden_match = 0, distinct = 0;
      guint8 first = 0;

      g_assert_true (sh_synth_write_rgba (pixels, alpha, hidden, params.width, params.height, &encoding, path,
                                          &error));
      g_assert_no_error (error);
      loaded = gdk_pixbuf_new_from_file (path, &error);
      g_assert_no_error (error);
      g_assert_true (gdk_pixbuf_get_has_alpha (loaded));
      g_assert_nonnull (gdk_pixbuf_get_option (loaded, "icc-profile"));
      data = gdk_pixbuf_read_pixels (loaded);
      rowstride = gdk_pixbuf_get_rowstride (loaded);
      for (int y = 0; y < params.height; y++)
        for (int x = 0; x < params.width; x++)
          {
            const guint8 *p = data + (gsize) y * rowstride + (gsize) x * 4;

            if (p[3] == 0)
              {
                if (clear++ == 0)
                  first = p[0];
                hidden_match += p[0] == 77 && p[1] == 77 && p[2] == 77;
                distinct += p[0] != first || p[1] != p[2];
              }
            else if (p[3] == 255)
              opaque++;
            else
              partial++;
          }
      g_assert_cmpint (clear, >, params.width * params.height / 2);
      g_assert_cmpint (opaque, >, 1000);
      g_assert_cmpint (partial, >, 20);
      if (hidden == 77)
        g_assert_cmpint (hidden_match, ==, clear);
      else
        g_assert_cmpint (distinct, >, clear / 2);
      g_unlink (path);
    }

  /* Only PNG carries it. */
  {
    ShSynthEncoding encoding = { SH_SYNTH_JPEG, 90, SH_SYNTH_PROFILE_SRGB, 1, 1.5, 5 };
    g_autofree char *path = g_build_filename (dir, "cut.jpg", NULL);
    g_autoptr (GError) error = NULL;

    g_assert_false (sh_synth_write_rgba (pixels, alpha, 0, params.width, params.height, &encoding, path, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  }
  free (pixels);
  free (alpha);
  remove_tree (dir);
}

/* A hard set: byte-identical twice, truth.json describes every variant, cut-outs are RGBA PNGs, and the
 * decoded truth patch gives the truth. */
static void
test_hard_set (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *set_a = g_build_filename (dir, "a", NULL);
  g_autofree char *set_b = g_build_filename (dir, "b", NULL);
  g_autofree char *truth_path = g_build_filename (set_a, "truth.json", NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  const int count = 16, width = 400, height = 300;
  int with_variants = 0, transparent = 0;
  cJSON *set, *entry;

  g_assert_true (sh_synth_write_set_mix (set_a, count, 77, width, height, SH_SYNTH_MIX_HARD, &error));
  g_assert_true (sh_synth_write_set_mix (set_b, count, 77, width, height, SH_SYNTH_MIX_HARD, &error));
  g_assert_no_error (error);
  g_assert_cmpint (assert_same_folders (set_a, set_b), ==, count + 1);

  g_file_get_contents (truth_path, &text, NULL, &error);
  g_assert_no_error (error);
  set = cJSON_Parse (text);
  g_assert_nonnull (set);
  cJSON_ArrayForEach (entry, set)
    {
      const char *file = cJSON_GetStringValue (get_item (entry, "file"));
      const cJSON *variants = get_item (entry, "variants");
      const cJSON *truth = get_item (entry, "truth");
      g_autofree char *path = g_build_filename (set_a, file, NULL);
      double truth_linear[3], median[3], de;
      Decoded decoded = { 0 };
      ShBox patch;

      g_assert_true (cJSON_IsString (get_item (entry, "backdrop")));
      g_assert_true (cJSON_IsBool (get_item (entry, "cut_face")));
      g_assert_true (cJSON_IsNull (get_item (entry, "engraving")) || cJSON_IsObject (get_item (entry, "engraving")));
      g_assert_true (cJSON_IsNumber (get_item (entry, "angle")));
      g_assert_true (cJSON_IsBool (get_item (entry, "transparent")));
      g_assert_true (cJSON_IsNumber (get_item (get_item (entry, "shimmer"), "sparkles")));
      g_assert_true (cJSON_IsArray (variants));
      with_variants += cJSON_GetArraySize (variants) > 0;
      if (cJSON_IsTrue (get_item (entry, "transparent")))
        {
          g_autoptr (GdkPixbuf) raw = gdk_pixbuf_new_from_file (path, &error);

          g_assert_no_error (error);
          g_assert_cmpstr (cJSON_GetStringValue (get_item (entry, "format")), ==, "png");
          g_assert_true (gdk_pixbuf_get_has_alpha (raw));
          g_assert_cmpstr (cJSON_GetStringValue (get_item (entry, "backdrop")), ==, "transparent");
          transparent++;
        }

      /* The patch's median in the decoded photo is the truth, give or take noise, JPEG and sparkles. */
      json_box (get_item (entry, "truth_patch"), &patch);
      for (int i = 0; i < 3; i++)
        truth_linear[i] = cJSON_GetNumberValue (cJSON_GetArrayItem (get_item (truth, "linear_rgb"), i));
      decode_linear (path, &decoded);
      box_median (decoded.linear, decoded.width, &patch, median);
      de = delta_e_linear (median, truth_linear);
      {
        char *names = cJSON_PrintUnformatted (variants);

        g_test_message ("%s %s: patch dE2000 %.2f", file, names, de);
        cJSON_free (names);
      }
      g_assert_cmpfloat (de, <, 2.0);
      decoded_free (&decoded);
    }
  g_assert_cmpint (with_variants, >, count / 2);
  g_assert_cmpint (transparent, >, 0);
  cJSON_Delete (set);
  remove_tree (dir);
}

/* ---- command line ---- */

static int
run_generate (const char *first, ...)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  va_list ap;
  const char *arg;

  g_ptr_array_add (args, (gpointer) "generate");
  va_start (ap, first);
  for (arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  return sh_cli_generate ((int) args->len - 1, (char **) args->pdata);
}

static void
test_cli_generate (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *out = g_build_filename (dir, "set", NULL);
  g_autofree char *truth = g_build_filename (out, "truth.json", NULL);
  g_autofree char *blocker = g_build_filename (dir, "file", NULL);
  g_autofree char *under_file = g_build_filename (blocker, "set", NULL);

  g_assert_cmpint (run_generate ("--help", NULL), ==, 0);
  g_assert_cmpint (run_generate (NULL), ==, 2);
  g_assert_cmpint (run_generate (out, "--count", NULL), ==, 2);
  g_assert_cmpint (run_generate (out, "--count", "0", NULL), ==, 2);
  g_assert_cmpint (run_generate (out, "--size", "12x", NULL), ==, 2);
  g_assert_cmpint (run_generate (out, "--seed", "-3", NULL), ==, 2);
  g_assert_cmpint (run_generate (out, "--bogus", NULL), ==, 2);
  g_assert_cmpint (run_generate (out, "--mix", "harder", NULL), ==, 2);
  g_assert_cmpint (run_generate (out, "--mix", NULL), ==, 2);
  g_assert_cmpint (run_generate (out, out, NULL), ==, 2);
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));

  g_assert_cmpint (run_generate (out, "--count", "2", "--seed=9", "--size", "160x120", NULL), ==, 0);
  g_assert_true (g_file_test (truth, G_FILE_TEST_IS_REGULAR));
  {
    g_autoptr (GDir) listing = g_dir_open (out, 0, NULL);
    int files = 0;

    while (g_dir_read_name (listing) != NULL)
      files++;
    g_assert_cmpint (files, ==, 3);
  }

  /* --mix hard: the same options, the same bytes; classic is the default. */
  {
    g_autofree char *hard = g_build_filename (dir, "hard", NULL);
    g_autofree char *again = g_build_filename (dir, "again", NULL);
    g_autofree char *classic = g_build_filename (dir, "classic", NULL);
    g_autofree char *hard_truth = g_build_filename (hard, "truth.json", NULL);
    g_autofree char *again_truth = g_build_filename (again, "truth.json", NULL);
    g_autofree char *classic_truth = g_build_filename (classic, "truth.json", NULL);

    g_assert_cmpint (run_generate (hard, "--count", "3", "--mix", "hard", "--size", "160x120", NULL), ==, 0);
    g_assert_cmpint (run_generate (again, "--count=3", "--mix=hard", "--size", "160x120", NULL), ==, 0);
    g_assert_cmpint (run_generate (classic, "--count", "2", "--seed=9", "--size", "160x120", "--mix", "classic",
                                   NULL), ==, 0);
    assert_same_file (hard_truth, again_truth);
    assert_same_file (truth, classic_truth);
  }

  /* An output directory that cannot be created is an error, not a usage error. */
  g_assert_true (g_file_set_contents (blocker, "x", 1, NULL));
  g_assert_cmpint (run_generate (under_file, "--count", "1", "--size", "64x64", NULL), ==, 1);
  remove_tree (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/synth/render-deterministic", test_render_deterministic);
  g_test_add_func ("/synth/files-deterministic", test_files_deterministic);
  g_test_add_func ("/synth/truth-sanity", test_truth_sanity);
  g_test_add_func ("/synth/camera-facing-line", test_camera_facing_line);
  g_test_add_func ("/synth/profiles-round-trip", test_profiles_round_trip);
  g_test_add_func ("/synth/profile-kinds", test_profile_kinds);
  g_test_add_func ("/synth/orientation-round-trip", test_orientation_round_trip);
  g_test_add_func ("/synth/encoding-mix", test_encoding_mix);
  g_test_add_func ("/synth/write-set", test_write_set);
  g_test_add_func ("/synth/hard-variants", test_hard_variants);
  g_test_add_func ("/synth/hard-looks", test_hard_looks);
  g_test_add_func ("/synth/transparent-png", test_transparent_png);
  g_test_add_func ("/synth/hard-set", test_hard_set);
  g_test_add_func ("/synth/cli-generate", test_cli_generate);

  return g_test_run ();
}
