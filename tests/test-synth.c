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
#include "core/cli.h"
#include "core/synth-writer.h"

/* ---- helpers ---- */

static char *
make_temp_dir (void)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp ("shadelab-synth-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_tree (const char *dir)
{
  g_autoptr (GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  if (handle == NULL)
    return;
  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        remove_tree (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
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
    g_autoptr (GDir) listing = NULL;
    const char *name;
    int files = 0;

    g_assert_true (sh_synth_write_set (set_a, 4, 11, 200, 150, &error));
    g_assert_true (sh_synth_write_set (set_b, 4, 11, 200, 150, &error));
    g_assert_no_error (error);
    listing = g_dir_open (set_a, 0, &error);
    g_assert_no_error (error);
    while ((name = g_dir_read_name (listing)) != NULL)
      {
        g_autofree char *a = g_build_filename (set_a, name, NULL);
        g_autofree char *b = g_build_filename (set_b, name, NULL);

        assert_same_file (a, b);
        files++;
      }
    g_assert_cmpint (files, ==, 5);
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
  g_test_add_func ("/synth/cli-generate", test_cli_generate);

  return g_test_run ();
}
