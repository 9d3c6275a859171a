/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-swatch-view.c: the swatch view rendered to pixels (GtkSnapshot + GskCairoRenderer), on the default sRGB
 * monitor and on a Display P3 one: the swatch, the catalogue half and the grey surround must be exactly the
 * monitor numbers of their colours; gamut marks; the accessible role and label. Writes the renderings as
 * swatch-view-*.png in the current directory for a look. Needs a display (exits 77 without one). */
#define G_LOG_DOMAIN "shadelab-test"
#include "config.h"

#include <gtk/gtk.h>
#include <lcms2.h>
#include <math.h>
#include <string.h>

#include "color/colorspace.h"
#include "color/delta-e.h"
#include "color/display.h"
#include "widgets/sh-swatch-view.h"
#include "tests/lib/test-icc.h"
#include "tests/lib/test-gtk.h"

#define WIDTH 360
#define HEIGHT 240

static Rendering *
render (GtkWidget *widget, const char *png_name)
{
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  int minimum, natural;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural, NULL, NULL);
  gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, WIDTH, &minimum, &natural, NULL, NULL);
  gtk_widget_size_allocate (widget, &(GtkAllocation) { 0, 0, WIDTH, HEIGHT }, -1);
  node = widget_own_node (widget);
  texture = render_node (node, WIDTH, HEIGHT);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, WIDTH);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, HEIGHT);
  g_assert_true (gdk_texture_save_to_png (texture, png_name));
  return rendering_new (texture);
}

#define assert_pixel(rendering, x, y, expected)                                                       \
  G_STMT_START                                                                                        \
  {                                                                                                   \
    guint8 assert_pixel_got[3];                                                                       \
    rendering_rgb ((rendering), (x), (y), assert_pixel_got);                                               \
    if (memcmp (assert_pixel_got, (expected), 3) != 0)                                                \
      g_error ("pixel (%d, %d) is %d,%d,%d, expected %d,%d,%d", (x), (y), assert_pixel_got[0],        \
               assert_pixel_got[1], assert_pixel_got[2], (expected)[0], (expected)[1], (expected)[2]); \
  }                                                                                                   \
  G_STMT_END

static GBytes *
display_p3_icc (void)
{
  static const cmsCIExyY d65 = { 0.3127, 0.3290, 1.0 };
  static const cmsCIExyYTRIPLE primaries = { { 0.680, 0.320, 1.0 }, { 0.265, 0.690, 1.0 }, { 0.150, 0.060, 1.0 } };
  static const cmsFloat64Number srgb[5] = { 2.4, 1.0 / 1.055, 0.055 / 1.055, 1.0 / 12.92, 0.04045 };
  cmsToneCurve *curve = cmsBuildParametricToneCurve (NULL, 4, srgb);
  cmsToneCurve *curves[3] = { curve, curve, curve };
  cmsHPROFILE profile = cmsCreateRGBProfile (&d65, &primaries, curves);

  cmsFreeToneCurve (curve);
  return icc_take_bytes (profile, NULL);
}

static void
p3_rgb8_to_lab (GBytes *p3, const guint8 rgb[3], double lab[3])
{
  gsize len;
  const void *data = g_bytes_get_data (p3, &len);
  cmsHPROFILE profile = cmsOpenProfileFromMem (data, (cmsUInt32Number) len);
  cmsHPROFILE lab_profile = cmsCreateLab4Profile (NULL);
  cmsHTRANSFORM transform = cmsCreateTransform (profile, TYPE_RGB_DBL, lab_profile, TYPE_Lab_DBL,
                                                INTENT_RELATIVE_COLORIMETRIC, cmsFLAGS_NOOPTIMIZE);
  double in[3] = { rgb[0] / 255.0, rgb[1] / 255.0, rgb[2] / 255.0 };

  cmsDoTransform (transform, in, lab, 1);
  cmsDeleteTransform (transform);
  cmsCloseProfile (lab_profile);
  cmsCloseProfile (profile);
}

static const guint8 lipstick[3] = { 0xb0, 0x24, 0x3a };
static const guint8 grey50[3] = { 119, 119, 119 };   /* sRGB of L* 50 */

static void
test_single_colour_srgb (void)
{
  GtkWidget *view = g_object_ref_sink (sh_swatch_view_new ());
  double lab[3];
  guint8 shown[3];
  ShDisplayGamut gamut = SH_DISPLAY_OUTSIDE_MONITOR;
  g_autoptr (Rendering) rendering = NULL;

  sh_srgb8_to_lab (lipstick, lab);
  sh_swatch_view_set_lab (SH_SWATCH_VIEW (view), lab);
  g_assert_true (sh_swatch_view_get_display_rgb (SH_SWATCH_VIEW (view), shown, &gamut));
  g_assert_cmpint (gamut, ==, SH_DISPLAY_IN_GAMUT);
  g_assert_cmpmem (shown, 3, lipstick, 3);
  g_assert_null (sh_swatch_view_get_display_transform (SH_SWATCH_VIEW (view)));

  rendering = render (view, "swatch-view-srgb.png");
  assert_pixel (rendering, WIDTH / 2, HEIGHT / 2, lipstick);
  /* The surround, all around, and the swatch up to its corners (no mark on an in-gamut colour). */
  assert_pixel (rendering, 0, 0, grey50);
  assert_pixel (rendering, WIDTH - 1, HEIGHT - 1, grey50);
  assert_pixel (rendering, 10, HEIGHT / 2, grey50);
  assert_pixel (rendering, WIDTH / 2, 5, grey50);
  assert_pixel (rendering, WIDTH - 60, 35, lipstick);
  assert_pixel (rendering, 60, HEIGHT - 35, lipstick);

  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_ROLE_IMG);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Swatch #b0243a, L 39.9 a 56.2 b 24.7");
  g_assert_cmpstr (sh_swatch_view_get_description (SH_SWATCH_VIEW (view)), ==,
                   "Swatch #b0243a, L 39.9 a 56.2 b 24.7");

  /* The same colour given in linear light. */
  {
    double linear[3] = { sh_srgb_decode (lipstick[0] / 255.0), sh_srgb_decode (lipstick[1] / 255.0),
                         sh_srgb_decode (lipstick[2] / 255.0) };
    sh_swatch_view_set_linear_srgb (SH_SWATCH_VIEW (view), linear);
    g_assert_true (sh_swatch_view_get_display_rgb (SH_SWATCH_VIEW (view), shown, NULL));
    g_assert_cmpmem (shown, 3, lipstick, 3);
    g_assert_cmpstr (sh_swatch_view_get_description (SH_SWATCH_VIEW (view)), ==,
                     "Swatch #b0243a, L 39.9 a 56.2 b 24.7");
  }

  /* Cleared: only the surround. */
  sh_swatch_view_clear (SH_SWATCH_VIEW (view));
  g_assert_false (sh_swatch_view_get_display_rgb (SH_SWATCH_VIEW (view), shown, NULL));
  g_clear_pointer (&rendering, rendering_free);
  rendering = render (view, "swatch-view-empty.png");
  assert_pixel (rendering, WIDTH / 2, HEIGHT / 2, grey50);
  g_assert_cmpstr (sh_swatch_view_get_description (SH_SWATCH_VIEW (view)), ==, "No swatch");

  g_object_unref (view);
}

static void
test_p3_monitor_and_catalogue (void)
{
  g_autoptr (GBytes) p3 = display_p3_icc ();
  ShDisplayProfile *monitor = sh_display_profile_new_from_icc (g_bytes_get_data (p3, NULL), g_bytes_get_size (p3),
                                                               NULL, 0);
  ShDisplayTransform *transform = sh_display_transform_new_for_icc (monitor, NULL, 0, NULL, 0);
  GtkWidget *view = g_object_ref_sink (sh_swatch_view_new ());
  const guint8 catalogue_srgb[3] = { 0xc0, 0x30, 0x48 };
  double lab[3], catalogue_lab[3], back[3];
  guint8 expected[3], expected_catalogue[3], surround[3], left[3], right[3];
  g_autoptr (Rendering) rendering = NULL;
  ShDisplayTransform *from_property = NULL;

  sh_srgb8_to_lab (lipstick, lab);
  sh_srgb8_to_lab (catalogue_srgb, catalogue_lab);
  g_object_set (view, "display-transform", transform, NULL);
  g_object_get (view, "display-transform", &from_property, NULL);
  g_assert_true (from_property == transform);
  sh_display_transform_unref (from_property);
  sh_swatch_view_set_lab (SH_SWATCH_VIEW (view), lab);
  sh_swatch_view_set_catalogue_lab (SH_SWATCH_VIEW (view), catalogue_lab);

  /* What the monitor should get, straight from color/display.h. */
  g_assert_cmpint (sh_display_profile_lab_to_rgb8 (monitor, lab, expected), ==, SH_DISPLAY_IN_GAMUT);
  sh_display_profile_lab_to_rgb8 (monitor, catalogue_lab, expected_catalogue);
  sh_display_profile_lab_to_rgb8 (monitor, (const double[3]) { 50.0, 0.0, 0.0 }, surround);
  /* P3 shares sRGB's white and curve, so its neutral grey has the same numbers; the red does not. */
  g_assert_cmpmem (surround, 3, grey50, 3);
  g_assert_cmpint (abs (expected[0] - lipstick[0]) + abs (expected[1] - lipstick[1]) + abs (expected[2] - lipstick[2]),
                   >, 6);
  p3_rgb8_to_lab (p3, expected, back);
  g_assert_cmpfloat (sh_delta_e2000 (lab, back), <=, 1.0);

  rendering = render (view, "swatch-view-p3-catalogue.png");
  rendering_rgb (rendering, WIDTH / 4 + 10, HEIGHT / 2, left);
  rendering_rgb (rendering, 3 * WIDTH / 4 - 10, HEIGHT / 2, right);
  g_assert_cmpmem (left, 3, expected, 3);
  g_assert_cmpmem (right, 3, expected_catalogue, 3);
  assert_pixel (rendering, 0, 0, surround);
  assert_pixel (rendering, WIDTH - 5, HEIGHT / 2, surround);

  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Swatch #b0243a, L 39.9 a 56.2 b 24.7; "
                                       "catalogue colour #c03048, L 44.6 a 57.9 b 22.6");

  /* Back to the default monitor: the numbers follow. */
  sh_swatch_view_set_display_transform (SH_SWATCH_VIEW (view), NULL);
  g_clear_pointer (&rendering, rendering_free);
  rendering = render (view, "swatch-view-srgb-catalogue.png");
  assert_pixel (rendering, WIDTH / 4 + 10, HEIGHT / 2, lipstick);
  assert_pixel (rendering, 3 * WIDTH / 4 - 10, HEIGHT / 2, catalogue_srgb);

  g_object_unref (view);
  sh_display_transform_unref (transform);
  sh_display_profile_unref (monitor);
}

/* P3's red: out of sRGB. On an sRGB monitor it is clipped (filled mark); on P3 it is shown as it is
 * (outlined mark: only its hex is approximate). */
static void
test_gamut_marks (void)
{
  g_autoptr (GBytes) p3 = display_p3_icc ();
  ShDisplayProfile *monitor = sh_display_profile_new_from_icc (g_bytes_get_data (p3, NULL), g_bytes_get_size (p3),
                                                               NULL, 0);
  ShDisplayTransform *transform = sh_display_transform_new_for_icc (monitor, NULL, 0, NULL, 0);
  GtkWidget *view = g_object_ref_sink (sh_swatch_view_new ());
  const guint8 p3_red[3] = { 255, 0, 0 };
  const guint8 white[3] = { 255, 255, 255 };
  double red_lab[3];
  guint8 shown[3];
  ShDisplayGamut gamut;
  g_autoptr (Rendering) rendering = NULL;
  int margin = (int) (HEIGHT * 0.12);
  int corner_x = WIDTH - margin - 3, corner_y = margin + 2;
  const char *label;

  p3_rgb8_to_lab (p3, p3_red, red_lab);
  sh_swatch_view_set_lab (SH_SWATCH_VIEW (view), red_lab);
  g_assert_true (sh_swatch_view_get_display_rgb (SH_SWATCH_VIEW (view), shown, &gamut));
  g_assert_cmpint (gamut, ==, SH_DISPLAY_OUTSIDE_SRGB | SH_DISPLAY_OUTSIDE_MONITOR);
  rendering = render (view, "swatch-view-out-of-gamut.png");
  assert_pixel (rendering, WIDTH / 2, HEIGHT / 2, shown);
  assert_pixel (rendering, corner_x, corner_y, white);          /* filled mark */
  label = sh_swatch_view_get_description (SH_SWATCH_VIEW (view));
  g_assert_nonnull (strstr (label, "outside this display's gamut"));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (view), "display's gamut"));

  sh_swatch_view_set_display_transform (SH_SWATCH_VIEW (view), transform);
  g_assert_true (sh_swatch_view_get_display_rgb (SH_SWATCH_VIEW (view), shown, &gamut));
  g_assert_cmpint (gamut, ==, SH_DISPLAY_OUTSIDE_SRGB);
  g_assert_cmpint (shown[0], ==, 255);
  g_assert_cmpint (shown[1], <=, 1);
  g_clear_pointer (&rendering, rendering_free);
  rendering = render (view, "swatch-view-out-of-srgb-on-p3.png");
  assert_pixel (rendering, WIDTH / 2, HEIGHT / 2, shown);
  assert_pixel (rendering, corner_x - 5, corner_y + 5, shown);  /* inside the outline: the colour itself */
  label = sh_swatch_view_get_description (SH_SWATCH_VIEW (view));
  g_assert_nonnull (strstr (label, "outside the sRGB gamut"));
  g_assert_null (strstr (label, "display's gamut"));

  /* Back in gamut: no mark, no tooltip. */
  sh_swatch_view_set_lab (SH_SWATCH_VIEW (view), (const double[3]) { 45.0, 40.0, 20.0 });
  g_assert_null (gtk_widget_get_tooltip_text (view));

  g_object_unref (view);
  sh_display_transform_unref (transform);
  sh_display_profile_unref (monitor);
}

int
main (int argc, char **argv)
{
  /* Accessible properties are kept by the test AT context; untranslated text for exact labels. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  if (!test_display_init (&argc, &argv, FALSE))
    return 77;
  g_test_add_func ("/swatch-view/single-colour-srgb", test_single_colour_srgb);
  g_test_add_func ("/swatch-view/p3-monitor-and-catalogue", test_p3_monitor_and_catalogue);
  g_test_add_func ("/swatch-view/gamut-marks", test_gamut_marks);
  return g_test_run ();
}
