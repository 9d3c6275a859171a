/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-preferences.c: the preferences reach open windows. A Display P3 monitor profile (made here with
 * lcms2) chosen in the preferences changes what an open project window's canvas and swatch show, without
 * reopening anything; an unusable profile file is refused and leaves the setting alone; the labeler name is
 * stored with the boxes drawn; the pixel limit and large-swatch method reach the parts that use them. The
 * preferences window is rendered to preferences.png (in the build's tests/ directory) for a look. Needs a
 * display (skips without one). */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <lcms2.h>

#include "core/store/project.h"
#include "monitor-profile.h"
#include "sh-preferences-window.h"
#include "sh-project-window.h"
#include "sh-swatch-panel.h"
#include "shadelab-application.h"
#include "style-preference.h"
#include "widgets/sh-swatch-view.h"
#include "tests/lib/test-cli.h"
#include "tests/lib/test-fs.h"
#include "tests/lib/test-gtk.h"
#include "tests/lib/test-window.h"
#include "tests/lib/test-store.h"

/* The test photo: a grey backdrop with two patches of one red, untagged (sRGB). The canvas is sampled in
 * the left patch; a box is drawn around the right one (with some backdrop, which the extraction rejects). */
#define PHOTO_WIDTH 480
#define PHOTO_HEIGHT 360
static const guint8 backdrop_rgb[3] = { 128, 128, 128 };
static const guint8 patch_rgb[3] = { 200, 40, 60 };
#define LEFT_PATCH_X 40
#define LEFT_PATCH_Y 100
#define LEFT_PATCH_W 160
#define LEFT_PATCH_H 160
#define RIGHT_PATCH_X 300
#define RIGHT_PATCH_Y 120
#define RIGHT_PATCH_W 120
#define RIGHT_PATCH_H 120

typedef struct {
  char *dir;
  char *project_path;
  char *p3_path;
  GSettings *settings;
  ShProjectWindow *window;
} Fixture;

static void
fill_rect (GdkPixbuf *pixbuf, int x0, int y0, int w, int h, const guint8 rgb[3])
{
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);

  for (int y = y0; y < y0 + h; y++)
    for (int x = x0; x < x0 + w; x++)
      memcpy (pixels + (gsize) y * stride + 3 * (gsize) x, rgb, 3);
}

/* Display P3 (DCI-P3 primaries, D65 white, the sRGB tone curve), as macOS and most wide-gamut laptops use. */
static void
write_display_p3 (const char *path)
{
  const cmsCIExyY d65 = { 0.3127, 0.3290, 1.0 };
  const cmsCIExyYTRIPLE primaries = { { 0.680, 0.320, 1.0 }, { 0.265, 0.690, 1.0 }, { 0.150, 0.060, 1.0 } };
  const double srgb_curve[5] = { 2.4, 1 / 1.055, 0.055 / 1.055, 1 / 12.92, 0.04045 };
  cmsToneCurve *curve = cmsBuildParametricToneCurve (NULL, 4, srgb_curve);
  cmsToneCurve *curves[3] = { curve, curve, curve };
  cmsHPROFILE profile = cmsCreateRGBProfile (&d65, &primaries, curves);
  cmsMLU *mlu = cmsMLUalloc (NULL, 1);

  g_assert_nonnull (profile);
  cmsMLUsetASCII (mlu, "en", "US", "Display P3 (test)");
  cmsWriteTag (profile, cmsSigProfileDescriptionTag, mlu);
  cmsMLUfree (mlu);
  cmsFreeToneCurve (curve);
  g_assert_true (cmsSaveProfileToFile (profile, path));
  cmsCloseProfile (profile);
}

/* Where lcms2 puts a colour on a monitor with profile (NULL: sRGB), as the app's transforms are specified:
 * relative colorimetric with black-point compensation. An independent check of the app's numbers. */
static void
lab_to_monitor (const char *profile_path, const double lab[3], guint8 rgb[3])
{
  cmsHPROFILE lab_profile = cmsCreateLab4Profile (NULL);
  cmsHPROFILE monitor = profile_path != NULL ? cmsOpenProfileFromFile (profile_path, "r") : cmsCreate_sRGBProfile ();
  cmsHTRANSFORM transform = cmsCreateTransform (lab_profile, TYPE_Lab_DBL, monitor, TYPE_RGB_8,
                                                INTENT_RELATIVE_COLORIMETRIC, cmsFLAGS_BLACKPOINTCOMPENSATION);
  cmsCIELab in = { lab[0], lab[1], lab[2] };

  g_assert_nonnull (transform);
  cmsDoTransform (transform, &in, rgb, 1);
  cmsDeleteTransform (transform);
  cmsCloseProfile (monitor);
  cmsCloseProfile (lab_profile);
}

static void
srgb_to_monitor (const char *profile_path, const guint8 in[3], guint8 out[3])
{
  cmsHPROFILE srgb = cmsCreate_sRGBProfile ();
  cmsHPROFILE monitor = cmsOpenProfileFromFile (profile_path, "r");
  cmsHTRANSFORM transform = cmsCreateTransform (srgb, TYPE_RGB_8, monitor, TYPE_RGB_8, INTENT_RELATIVE_COLORIMETRIC,
                                                cmsFLAGS_BLACKPOINTCOMPENSATION);

  g_assert_nonnull (transform);
  cmsDoTransform (transform, in, out, 1);
  cmsDeleteTransform (transform);
  cmsCloseProfile (monitor);
  cmsCloseProfile (srgb);
}

static void
assert_rgb_near (const guint8 actual[3], const guint8 expected[3], int tolerance, const char *what)
{
  for (int c = 0; c < 3; c++)
    {
      if (ABS ((int) actual[c] - (int) expected[c]) > tolerance)
        g_error ("%s: got %u %u %u, expected %u %u %u (± %d)", what, actual[0], actual[1], actual[2], expected[0],
                 expected[1], expected[2], tolerance);
    }
}

static ShProjectWindow *
open_window (Fixture *fixture)
{
  return open_project_window (fixture->project_path, 1200, 800);
}

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GdkPixbuf) photo = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, PHOTO_WIDTH, PHOTO_HEIGHT);
  g_autoptr (GError) error = NULL;
  g_autofree char *photos = NULL;
  g_autofree char *photo_path = NULL;

  fixture->dir = make_tmp_dir ("shadelab-preferences");
  photos = g_build_filename (fixture->dir, "photos", NULL);
  g_assert_cmpint (g_mkdir (photos, 0700), ==, 0);
  photo_path = g_build_filename (photos, "patches.png", NULL);
  fill_rect (photo, 0, 0, PHOTO_WIDTH, PHOTO_HEIGHT, backdrop_rgb);
  fill_rect (photo, LEFT_PATCH_X, LEFT_PATCH_Y, LEFT_PATCH_W, LEFT_PATCH_H, patch_rgb);
  fill_rect (photo, RIGHT_PATCH_X, RIGHT_PATCH_Y, RIGHT_PATCH_W, RIGHT_PATCH_H, patch_rgb);
  g_assert_true (gdk_pixbuf_save (photo, photo_path, "png", &error, NULL));
  g_assert_no_error (error);

  fixture->project_path = g_build_filename (fixture->dir, "test.shadelab", NULL);
  run_cli ((const char *[]) { "init", fixture->project_path, NULL });
  run_cli ((const char *[]) { "import", "--quiet", "--min-resolution", "100", fixture->project_path, photos, NULL });

  fixture->p3_path = g_build_filename (fixture->dir, "display-p3.icc", NULL);
  write_display_p3 (fixture->p3_path);

  /* The memory backend lives as long as the process: every test starts from the defaults. */
  fixture->settings = sh_application_new_settings ();
  g_settings_reset (fixture->settings, "display-profile");
  g_settings_reset (fixture->settings, "labeler-name");
  g_settings_reset (fixture->settings, "default-method");
  g_settings_reset (fixture->settings, "pixel-limit");
  g_settings_reset (fixture->settings, "min-resolution");
  g_settings_reset (fixture->settings, "style");

  fixture->window = open_window (fixture);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->window);
  spin (300);
  g_settings_reset (fixture->settings, "display-profile");
  g_clear_object (&fixture->settings);
  remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->project_path);
  g_free (fixture->p3_path);
}

/* ---- finding the parts ---- */

/* The swatch panel's large swatch: its first swatch view. */
static ShSwatchView *
large_swatch_view (ShProjectWindow *window)
{
  GtkWidget *panel = find_descendant (GTK_WIDGET (window), SH_TYPE_SWATCH_PANEL);

  g_assert_nonnull (panel);
  return SH_SWATCH_VIEW (find_descendant (panel, SH_TYPE_SWATCH_VIEW));
}

/* Renders widget with the cairo renderer into pixels (B, G, R, A) and, when png_name is given, a PNG. */
static guint8 *
render (GtkWidget *widget, const char *png_name, int *width, int *height)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GskRenderer) renderer = gsk_cairo_renderer_new ();
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  GskRenderNode *node;
  GdkTexture *texture;
  guint8 *pixels;

  *width = gtk_widget_get_width (widget);
  *height = gtk_widget_get_height (widget);
  g_assert_cmpint (*width, >, 0);
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), *width, *height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  g_assert_true (gsk_renderer_realize (renderer, NULL, &error));
  g_assert_no_error (error);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, *width, *height));
  pixels = g_malloc ((gsize) *width * 4 * *height);
  gdk_texture_download (texture, pixels, (gsize) *width * 4);
  if (png_name != NULL)
    g_assert_true (gdk_texture_save_to_png (texture, png_name));
  gsk_renderer_unrealize (renderer);
  g_object_unref (texture);
  gsk_render_node_unref (node);
  return pixels;
}

/* The colour the canvas shows at the middle of the left patch. */
static void
canvas_patch_rgb (ShProjectWindow *window, guint8 rgb[3])
{
  ShImageCanvas *canvas = sh_project_window_get_canvas (window);
  g_autofree guint8 *pixels = NULL;
  double x = 0, y = 0;
  int width, height;
  const guint8 *p;

  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (canvas)));
  spin (100);
  pixels = render (GTK_WIDGET (canvas), NULL, &width, &height);
  sh_image_canvas_image_to_widget (canvas, LEFT_PATCH_X + LEFT_PATCH_W / 2.0, LEFT_PATCH_Y + LEFT_PATCH_H / 2.0, &x,
                                   &y);
  g_assert_cmpint ((int) x, >=, 0);
  g_assert_cmpint ((int) x, <, width);
  g_assert_cmpint ((int) y, >=, 0);
  g_assert_cmpint ((int) y, <, height);
  p = pixels + (gsize) ((int) y) * width * 4 + 4 * (gsize) ((int) x);
  rgb[0] = p[2];
  rgb[1] = p[1];
  rgb[2] = p[0];
}

static void
count_notify (GObject *object, GParamSpec *pspec, gpointer user_data)
{
  (*(int *) user_data)++;
}

/* Draws a box as a pointer drag on the canvas would; the window stores and selects it. */
static void
draw_box (ShProjectWindow *window, double x, double y, double w, double h)
{
  g_signal_emit_by_name (sh_project_window_get_canvas (window), "box-drawn", x, y, w, h);
}

/* ---- tests ---- */

/* Choosing a Display P3 profile converts the open window's photo and swatches to it, in place. */
static void
test_display_profile_reaches_window (Fixture *fixture, gconstpointer data)
{
  ShImageCanvas *canvas = sh_project_window_get_canvas (fixture->window);
  ShDisplayProfile *automatic;
  ShMonitorProfileSource source = SH_MONITOR_PROFILE_SOURCE_DEFAULT;
  ShSwatchView *view;
  guint8 canvas_before[3], canvas_after[3], canvas_expected[3];
  guint8 swatch_before[3], swatch_after[3], swatch_expected[3];
  double lab[3];
  gint64 shown = sh_project_window_get_shown_image (fixture->window);
  gint64 selected;
  int image_changes = 0;

  automatic = sh_monitor_profile_load (gdk_display_get_default (), 0, NULL, &source, NULL);
  sh_display_profile_unref (automatic);
  if (source != SH_MONITOR_PROFILE_SOURCE_DEFAULT)
    {
      g_test_skip ("the display publishes a monitor profile; the sRGB starting point cannot be checked");
      return;
    }

  /* Before: sRGB, the photo's own numbers. */
  canvas_patch_rgb (fixture->window, canvas_before);
  assert_rgb_near (canvas_before, patch_rgb, 1, "canvas on an sRGB monitor");

  draw_box (fixture->window, RIGHT_PATCH_X - 20, RIGHT_PATCH_Y - 20, RIGHT_PATCH_W + 40, RIGHT_PATCH_H + 40);
  selected = sh_image_canvas_get_selected_box (canvas);
  g_assert_cmpint (selected, >, 0);
  view = large_swatch_view (fixture->window);
  WAIT_FOR (sh_swatch_view_get_display_rgb (view, swatch_before, NULL));
  g_assert_true (sh_swatch_view_get_lab (view, lab));
  lab_to_monitor (NULL, lab, swatch_expected);
  assert_rgb_near (swatch_before, swatch_expected, 1, "swatch on an sRGB monitor");
  /* The measured colour is the patch's (the backdrop in the box is rejected). */
  assert_rgb_near (swatch_before, patch_rgb, 3, "robust colour of the patch");

  /* After: the P3 numbers, without reopening anything. */
  g_signal_connect (canvas, "notify::image", G_CALLBACK (count_notify), &image_changes);
  g_settings_set_string (fixture->settings, "display-profile", fixture->p3_path);
  WAIT_FOR (image_changes > 0);
  g_signal_handlers_disconnect_by_func (canvas, count_notify, &image_changes);

  canvas_patch_rgb (fixture->window, canvas_after);
  srgb_to_monitor (fixture->p3_path, patch_rgb, canvas_expected);
  /* Display P3 numbers of sRGB (200, 40, 60) are far from the sRGB ones: the change is real. */
  g_assert_cmpint (ABS ((int) canvas_expected[0] - (int) patch_rgb[0]) + ABS ((int) canvas_expected[1] - (int) patch_rgb[1])
                     + ABS ((int) canvas_expected[2] - (int) patch_rgb[2]), >, 20);
  assert_rgb_near (canvas_after, canvas_expected, 1, "canvas on a Display P3 monitor");

  g_assert_true (sh_swatch_view_get_display_rgb (view, swatch_after, NULL));
  lab_to_monitor (fixture->p3_path, lab, swatch_expected);
  assert_rgb_near (swatch_after, swatch_expected, 1, "swatch on a Display P3 monitor");

  /* Same photo, same box, still selected: only the colours changed. */
  g_assert_cmpint (sh_project_window_get_shown_image (fixture->window), ==, shown);
  g_assert_cmpint (sh_image_canvas_get_selected_box (canvas), ==, selected);

  /* And back to automatic. */
  image_changes = 0;
  g_signal_connect (canvas, "notify::image", G_CALLBACK (count_notify), &image_changes);
  g_settings_set_string (fixture->settings, "display-profile", "");
  WAIT_FOR (image_changes > 0);
  g_signal_handlers_disconnect_by_func (canvas, count_notify, &image_changes);
  canvas_patch_rgb (fixture->window, canvas_after);
  assert_rgb_near (canvas_after, patch_rgb, 1, "canvas back on sRGB");
}

/* A file that is not a usable ICC profile is refused with the loader's reason, and the setting stays. */
static void
test_invalid_profile_refused (Fixture *fixture, gconstpointer data)
{
  g_autoptr (ShPreferencesWindow) preferences = g_object_ref_sink (sh_preferences_window_new (GTK_WINDOW (fixture->window)));
  g_autofree char *garbage = g_build_filename (fixture->dir, "not-a-profile.icc", NULL);
  g_autofree char *missing = g_build_filename (fixture->dir, "missing.icc", NULL);
  g_autofree char *value = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_true (sh_preferences_window_use_display_profile (preferences, fixture->p3_path, &error));
  g_assert_no_error (error);
  value = g_settings_get_string (fixture->settings, "display-profile");
  g_assert_cmpstr (value, ==, fixture->p3_path);
  g_assert_true (g_str_has_prefix (sh_preferences_window_get_display_profile_summary (preferences),
                                   "Display P3 (test) ("));

  g_assert_true (g_file_set_contents (garbage, "these bytes are no ICC profile", -1, NULL));
  g_assert_false (sh_preferences_window_use_display_profile (preferences, garbage, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "not-a-profile.icc"));
  g_clear_error (&error);
  g_clear_pointer (&value, g_free);
  value = g_settings_get_string (fixture->settings, "display-profile");
  g_assert_cmpstr (value, ==, fixture->p3_path);

  g_assert_false (sh_preferences_window_use_display_profile (preferences, missing, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_clear_pointer (&value, g_free);
  value = g_settings_get_string (fixture->settings, "display-profile");
  g_assert_cmpstr (value, ==, fixture->p3_path);

  sh_preferences_window_use_automatic_profile (preferences);
  g_clear_pointer (&value, g_free);
  value = g_settings_get_string (fixture->settings, "display-profile");
  g_assert_cmpstr (value, ==, "");
  gtk_window_destroy (GTK_WINDOW (preferences));
}

static char *
stored_labeler (const char *project_path, gint64 box_id)
{
  g_autoptr (ShProject) project = sh_project_open (project_path, SH_PROJECT_OPEN_READ_ONLY, NULL);
  g_autofree char *sql = g_strdup_printf ("SELECT labeler FROM boxes WHERE id = %" G_GINT64_FORMAT, box_id);

  g_assert_nonnull (project);
  return query_text (project, sql);
}

/* The labeler name is stored with the boxes of projects opened after it is set; empty means the account. */
static void
test_labeler_name_stored (Fixture *fixture, gconstpointer data)
{
  ShImageCanvas *canvas;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  gint64 id;

  draw_box (fixture->window, 10, 10, 50, 40);
  id = sh_image_canvas_get_selected_box (sh_project_window_get_canvas (fixture->window));
  g_assert_cmpint (id, >, 0);
  first = stored_labeler (fixture->project_path, id);
  g_assert_nonnull (first);
  g_assert_cmpstr (first, !=, "");
  g_assert_cmpstr (first, !=, "Ada Lovelace");

  /* A new window, for the project opened after the change (the open one keeps its labeler). */
  g_settings_set_string (fixture->settings, "labeler-name", "Ada Lovelace");
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->window);
  spin (200);
  fixture->window = open_window (fixture);
  canvas = sh_project_window_get_canvas (fixture->window);
  draw_box (fixture->window, 60, 60, 50, 40);
  id = sh_image_canvas_get_selected_box (canvas);
  g_assert_cmpint (id, >, 0);
  second = stored_labeler (fixture->project_path, id);
  g_assert_cmpstr (second, ==, "Ada Lovelace");
}

/* The large-swatch method follows the setting in open windows. */
static void
test_default_method_follows (Fixture *fixture, gconstpointer data)
{
  ShSwatchPanel *panel = SH_SWATCH_PANEL (find_descendant (GTK_WIDGET (fixture->window), SH_TYPE_SWATCH_PANEL));

  g_assert_nonnull (panel);
  g_assert_cmpint (sh_swatch_panel_get_large_method (panel), ==, SH_METHOD_ROBUST);
  g_settings_set_enum (fixture->settings, "default-method", SH_METHOD_DOMINANT);
  g_assert_cmpint (sh_swatch_panel_get_large_method (panel), ==, SH_METHOD_DOMINANT);
  g_settings_set_string (fixture->settings, "default-method", "mean");
  g_assert_cmpint (sh_swatch_panel_get_large_method (panel), ==, SH_METHOD_MEAN);

  /* With a measured box: the large swatch says which method it shows; rendered for a look. */
  draw_box (fixture->window, RIGHT_PATCH_X - 20, RIGHT_PATCH_Y - 20, RIGHT_PATCH_W + 40, RIGHT_PATCH_H + 40);
  {
    ShSwatchView *view = large_swatch_view (fixture->window);
    g_autofree guint8 *pixels = NULL;
    guint8 rgb[3];
    int width, height;

    /* The mean is the plain average of the box, backdrop included: far from the patch's red, which the
     * robust colour is. */
    WAIT_FOR (sh_swatch_view_get_display_rgb (view, rgb, NULL) && ABS ((int) rgb[1] - (int) patch_rgb[1]) > 20);
    spin (300);
    pixels = render (GTK_WIDGET (panel), "preferences-swatch-mean.png", &width, &height);
    g_settings_reset (fixture->settings, "default-method");
    g_assert_true (sh_swatch_view_get_display_rgb (view, rgb, NULL));
    assert_rgb_near (rgb, patch_rgb, 3, "robust colour of the patch, large again");
  }
}

static gint64
count_images (const char *project_path)
{
  g_autoptr (ShProject) project = sh_project_open (project_path, SH_PROJECT_OPEN_READ_ONLY, NULL);

  g_assert_nonnull (project);
  return query_int (project, "SELECT count(*) FROM images");
}

/* The pixel limit reaches imports: a 1.2-megapixel photo is refused under a 1-megapixel limit, taken under
 * the default one. */
static void
test_pixel_limit_import (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GdkPixbuf) photo = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 1200, 1000);
  g_autofree char *path = g_build_filename (fixture->dir, "large.png", NULL);
  const char *paths[] = { path, NULL };
  gint64 before = count_images (fixture->project_path);

  fill_rect (photo, 0, 0, 1200, 1000, backdrop_rgb);
  fill_rect (photo, 400, 300, 400, 400, patch_rgb);
  g_assert_true (gdk_pixbuf_save (photo, path, "png", NULL, NULL));

  g_settings_set_uint64 (fixture->settings, "pixel-limit", 1000000);
  sh_project_window_import (fixture->window, paths);
  g_assert_true (sh_project_window_is_importing (fixture->window));
  WAIT_FOR (!sh_project_window_is_importing (fixture->window));
  g_assert_cmpint (count_images (fixture->project_path), ==, before);

  g_settings_reset (fixture->settings, "pixel-limit");
  sh_project_window_import (fixture->window, paths);
  WAIT_FOR (!sh_project_window_is_importing (fixture->window));
  g_assert_cmpint (count_images (fixture->project_path), ==, before + 1);
}

/* The stored photo check of the image whose file name is name: passed, and the resolution it was held to. */
static gboolean
photo_check_of (const char *project_path, const char *name, int *minimum)
{
  g_autoptr (ShProject) project = sh_project_open (project_path, SH_PROJECT_OPEN_READ_ONLY, NULL);

  g_assert_nonnull (project);
  *minimum = (int) query_int_for (project, "SELECT photo_check ->> '$.resolution.minimum' FROM images "
                                           "WHERE file_name = ?1", name);
  return query_int_for (project, "SELECT photo_check_passed FROM images WHERE file_name = ?1", name);
}

static gboolean
is_spin_button_up_to (GtkWidget *widget, gconstpointer upper)
{
  return GTK_IS_SPIN_BUTTON (widget)
         && gtk_adjustment_get_upper (gtk_spin_button_get_adjustment (GTK_SPIN_BUTTON (widget)))
              == *(const double *) upper;
}

/* The spin button under widget whose upper bound is upper. */
static GtkSpinButton *
find_spin_button (GtkWidget *widget, double upper)
{
  return GTK_SPIN_BUTTON (find_widget (widget, is_spin_button_up_to, &upper));
}

/* The minimum resolution reaches imports made in the window: the same 1200 x 1000 photo passes at the default
 * 1000 pixels and misses the standard at 1100, set in the preferences window. */
static void
test_min_resolution_import (Fixture *fixture, gconstpointer data)
{
  ShPreferencesWindow *preferences = g_object_ref_sink (sh_preferences_window_new (GTK_WINDOW (fixture->window)));
  GtkSpinButton *spin = NULL;
  g_autoptr (GdkPixbuf) photo = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 1200, 1000);
  g_autofree char *small_path = g_build_filename (fixture->dir, "at-default.png", NULL);
  g_autofree char *large_path = g_build_filename (fixture->dir, "at-1100.png", NULL);
  const char *small_paths[] = { small_path, NULL };
  const char *large_paths[] = { large_path, NULL };
  int minimum = 0;

  /* White, the product in the middle: only the resolution can fail. */
  fill_rect (photo, 0, 0, 1200, 1000, (const guint8[3]) { 255, 255, 255 });
  fill_rect (photo, 450, 350, 300, 300, patch_rgb);
  g_assert_true (gdk_pixbuf_save (photo, small_path, "png", NULL, NULL));
  fill_rect (photo, 440, 340, 10, 10, patch_rgb);   /* other bytes: not a duplicate */
  g_assert_true (gdk_pixbuf_save (photo, large_path, "png", NULL, NULL));

  g_assert_cmpuint (g_settings_get_uint (fixture->settings, "min-resolution"), ==, 1000);
  sh_project_window_import (fixture->window, small_paths);
  WAIT_FOR (!sh_project_window_is_importing (fixture->window));
  g_assert_true (photo_check_of (fixture->project_path, "at-default.png", &minimum));
  g_assert_cmpint (minimum, ==, 1000);

  /* The spin button in the preferences is the setting. */
  spin = find_spin_button (GTK_WIDGET (preferences), 100000);
  g_assert_nonnull (spin);
  g_assert_cmpfloat (gtk_spin_button_get_value (spin), ==, 1000);
  gtk_spin_button_set_value (spin, 1100);
  g_assert_cmpuint (g_settings_get_uint (fixture->settings, "min-resolution"), ==, 1100);

  sh_project_window_import (fixture->window, large_paths);
  WAIT_FOR (!sh_project_window_is_importing (fixture->window));
  g_assert_false (photo_check_of (fixture->project_path, "at-1100.png", &minimum));
  g_assert_cmpint (minimum, ==, 1100);
  gtk_window_destroy (GTK_WINDOW (preferences));
  g_object_unref (preferences);
}

/* The style row sets the style setting, which the style manager follows at once. */
static void
test_style_applied (Fixture *fixture, gconstpointer data)
{
  ShPreferencesWindow *preferences = g_object_ref_sink (sh_preferences_window_new (GTK_WINDOW (fixture->window)));
  AdwStyleManager *manager = adw_style_manager_get_default ();
  AdwComboRow *row = ADW_COMBO_ROW (find_descendant (GTK_WIDGET (preferences), ADW_TYPE_COMBO_ROW));

  /* As the application does at start. */
  sh_style_preference_follow (fixture->settings, NULL);
  g_assert_cmpint (adw_style_manager_get_color_scheme (manager), ==, ADW_COLOR_SCHEME_DEFAULT);

  /* The first combo row is the style's. */
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Style");
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, 0);
  adw_combo_row_set_selected (row, 2);
  {
    g_autofree char *style = g_settings_get_string (fixture->settings, "style");
    g_assert_cmpstr (style, ==, "dark");
  }
  g_assert_cmpint (adw_style_manager_get_color_scheme (manager), ==, ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_true (adw_style_manager_get_dark (manager));
  adw_combo_row_set_selected (row, 1);
  g_assert_cmpint (adw_style_manager_get_color_scheme (manager), ==, ADW_COLOR_SCHEME_FORCE_LIGHT);
  g_assert_false (adw_style_manager_get_dark (manager));

  /* A change made elsewhere (gsettings) shows in the row and the windows. */
  g_settings_set_string (fixture->settings, "style", "dark");
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, 2);
  g_assert_cmpint (adw_style_manager_get_color_scheme (manager), ==, ADW_COLOR_SCHEME_FORCE_DARK);
  g_settings_reset (fixture->settings, "style");
  g_assert_cmpint (adw_style_manager_get_color_scheme (manager), ==, ADW_COLOR_SCHEME_DEFAULT);

  /* --style wins at start, until the setting is changed. */
  g_assert_cmpint (sh_style_preference_to_color_scheme ("light"), ==, ADW_COLOR_SCHEME_FORCE_LIGHT);
  g_assert_cmpint (sh_style_preference_to_color_scheme ("system"), ==, ADW_COLOR_SCHEME_DEFAULT);
  gtk_window_destroy (GTK_WINDOW (preferences));
  g_object_unref (preferences);
}

/* The window as a user sees it, with a chosen profile: rendered for a look. */
static void
test_render_preferences (Fixture *fixture, gconstpointer data)
{
  ShPreferencesWindow *preferences = sh_preferences_window_new (GTK_WINDOW (fixture->window));
  g_autofree guint8 *pixels = NULL;
  int width, height;
  const char *summary;

  g_object_ref_sink (preferences);
  summary = sh_preferences_window_get_display_profile_summary (preferences);
  g_assert_true (g_str_equal (summary, "sRGB (no display profile found)") || g_str_has_prefix (summary, "From the display: "));

  g_assert_true (sh_preferences_window_use_display_profile (preferences, fixture->p3_path, NULL));
  g_settings_set_string (fixture->settings, "labeler-name", "Ada Lovelace");
  gtk_window_present (GTK_WINDOW (preferences));
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (preferences)) && gtk_widget_get_width (GTK_WIDGET (preferences)) > 0);
  spin (300);
  pixels = render (GTK_WIDGET (preferences), "preferences.png", &width, &height);
  g_assert_cmpint (width, >=, 360);
  g_assert_cmpint (height, >=, 300);
  gtk_window_destroy (GTK_WINDOW (preferences));
  g_object_unref (preferences);
}

int
main (int argc, char **argv)
{
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  if (!test_display_init (&argc, &argv, TRUE))
    return 77;
  g_test_add ("/preferences/display-profile", Fixture, NULL, fixture_set_up, test_display_profile_reaches_window,
              fixture_tear_down);
  g_test_add ("/preferences/invalid-profile", Fixture, NULL, fixture_set_up, test_invalid_profile_refused,
              fixture_tear_down);
  g_test_add ("/preferences/labeler-name", Fixture, NULL, fixture_set_up, test_labeler_name_stored,
              fixture_tear_down);
  g_test_add ("/preferences/default-method", Fixture, NULL, fixture_set_up, test_default_method_follows,
              fixture_tear_down);
  g_test_add ("/preferences/pixel-limit", Fixture, NULL, fixture_set_up, test_pixel_limit_import, fixture_tear_down);
  g_test_add ("/preferences/min-resolution", Fixture, NULL, fixture_set_up, test_min_resolution_import,
              fixture_tear_down);
  g_test_add ("/preferences/style", Fixture, NULL, fixture_set_up, test_style_applied, fixture_tear_down);
  g_test_add ("/preferences/render", Fixture, NULL, fixture_set_up, test_render_preferences, fixture_tear_down);
  return g_test_run ();
}
