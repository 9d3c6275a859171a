/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-monitor-profile.c: the monitor profile read from the X11 root window (app/monitor-profile.h). Puts real
 * ICC profiles (made with lcms2) on the root window with XChangeProperty, reads them back through the app's
 * code, then removes them and checks the sRGB fallback; also the user's ICC file overriding both. Needs an X
 * display (exits 77 without one); whatever the root window carried before is put back. */
#define G_LOG_DOMAIN "shadelab-test"
#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <lcms2.h>
#include <stdlib.h>
#include <string.h>
#include <X11/Xatom.h>
#include <X11/Xlib.h>
#include <gdk/x11/gdkx.h>

#include "app/monitor-profile.h"
#include "tests/lib/test-icc.h"

static GBytes *
make_profile (const char *description, double red_x)
{
  const cmsCIExyY d65 = { 0.3127, 0.3290, 1.0 };
  const cmsCIExyYTRIPLE primaries = { { red_x, 0.32, 1.0 }, { 0.265, 0.690, 1.0 }, { 0.150, 0.060, 1.0 } };
  cmsToneCurve *gamma = cmsBuildGamma (NULL, 2.2);
  cmsToneCurve *curves[3] = { gamma, gamma, gamma };
  cmsHPROFILE profile = cmsCreateRGBProfile (&d65, &primaries, curves);

  cmsFreeToneCurve (gamma);
  return icc_take_bytes (profile, description);
}

/* The root window property as it was before the test, to put back afterwards. */
typedef struct {
  char *name;
  GBytes *bytes;     /* NULL: absent */
} SavedProperty;

static SavedProperty saved[2];

static Display *
xdisplay (void)
{
  return gdk_x11_display_get_xdisplay (gdk_display_get_default ());
}

static Window
root (void)
{
  return DefaultRootWindow (xdisplay ());
}

static void
set_root_property (const char *name, GBytes *bytes)
{
  Atom atom = XInternAtom (xdisplay (), name, False);
  gsize len;
  const guchar *data = g_bytes_get_data (bytes, &len);

  XChangeProperty (xdisplay (), root (), atom, XA_CARDINAL, 8, PropModeReplace, data, (int) len);
  XSync (xdisplay (), False);
}

static void
delete_root_property (const char *name)
{
  XDeleteProperty (xdisplay (), root (), XInternAtom (xdisplay (), name, False));
  XSync (xdisplay (), False);
}

static void
save_root_properties (void)
{
  saved[0].name = g_strdup ("_ICC_PROFILE");
  saved[1].name = g_strdup ("_ICC_PROFILE_1");
  for (int i = 0; i < 2; i++)
    saved[i].bytes = sh_monitor_profile_read_x11 (gdk_display_get_default (), i);
}

static void
restore_root_properties (void)
{
  for (int i = 0; i < 2; i++)
    {
      if (saved[i].bytes != NULL)
        set_root_property (saved[i].name, saved[i].bytes);
      else
        delete_root_property (saved[i].name);
      g_clear_pointer (&saved[i].bytes, g_bytes_unref);
      g_free (saved[i].name);
    }
}

static void
test_x11_property (void)
{
  GdkDisplay *display = gdk_display_get_default ();
  g_autoptr (GBytes) first = make_profile ("Shadelab test monitor", 0.680);
  g_autoptr (GBytes) second = make_profile ("Shadelab second test monitor", 0.700);
  g_autoptr (GBytes) read = NULL;
  ShMonitorProfileSource source = SH_MONITOR_PROFILE_SOURCE_FILE;
  ShDisplayProfile *profile;
  GError *error = NULL;

  set_root_property ("_ICC_PROFILE", first);
  set_root_property ("_ICC_PROFILE_1", second);

  read = sh_monitor_profile_read_x11 (display, 0);
  g_assert_nonnull (read);
  g_assert_true (g_bytes_equal (read, first));
  g_clear_pointer (&read, g_bytes_unref);
  read = sh_monitor_profile_read_x11 (display, 1);
  g_assert_nonnull (read);
  g_assert_true (g_bytes_equal (read, second));
  g_clear_pointer (&read, g_bytes_unref);
  g_assert_null (sh_monitor_profile_read_x11 (display, 7));

  profile = sh_monitor_profile_load (display, 0, NULL, &source, &error);
  g_assert_no_error (error);
  g_assert_cmpint (source, ==, SH_MONITOR_PROFILE_SOURCE_X11);
  g_assert_cmpstr (sh_display_profile_get_description (profile), ==, "Shadelab test monitor");
  g_assert_false (sh_display_profile_is_srgb_default (profile));
  sh_display_profile_unref (profile);

  profile = sh_monitor_profile_load (display, 1, NULL, &source, &error);
  g_assert_no_error (error);
  g_assert_cmpint (source, ==, SH_MONITOR_PROFILE_SOURCE_X11);
  g_assert_cmpstr (sh_display_profile_get_description (profile), ==, "Shadelab second test monitor");
  sh_display_profile_unref (profile);

  /* A widget not yet on screen belongs to the first monitor. */
  {
    GtkWidget *label = g_object_ref_sink (gtk_label_new ("x"));
    profile = sh_monitor_profile_load_for_widget (label, NULL, &source, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (sh_display_profile_get_description (profile), ==, "Shadelab test monitor");
    sh_display_profile_unref (profile);
    g_object_unref (label);
  }

  /* Removed: the fallback is sRGB. */
  delete_root_property ("_ICC_PROFILE");
  delete_root_property ("_ICC_PROFILE_1");
  g_assert_null (sh_monitor_profile_read_x11 (display, 0));
  g_assert_null (sh_monitor_profile_read_x11 (display, 1));
  profile = sh_monitor_profile_load (display, 0, NULL, &source, &error);
  g_assert_no_error (error);
  g_assert_cmpint (source, ==, SH_MONITOR_PROFILE_SOURCE_DEFAULT);
  g_assert_true (sh_display_profile_is_srgb_default (profile));
  g_assert_cmpstr (sh_display_profile_get_description (profile), ==, "sRGB");
  sh_display_profile_unref (profile);
}

static void
test_broken_x11_profile (void)
{
  GdkDisplay *display = gdk_display_get_default ();
  /* Long enough to pass the 128-byte header check, but no ICC profile. */
  g_autoptr (GBytes) junk = g_bytes_new_take (g_strnfill (300, 'x'), 300);
  ShMonitorProfileSource source = SH_MONITOR_PROFILE_SOURCE_X11;
  ShDisplayProfile *profile;
  GError *error = NULL;

  set_root_property ("_ICC_PROFILE", junk);
  g_test_expect_message ("shadelab-monitor", G_LOG_LEVEL_WARNING, "*monitor 0 is unusable*sRGB*");
  profile = sh_monitor_profile_load (display, 0, NULL, &source, &error);
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  g_assert_cmpint (source, ==, SH_MONITOR_PROFILE_SOURCE_DEFAULT);
  g_assert_true (sh_display_profile_is_srgb_default (profile));
  sh_display_profile_unref (profile);
  delete_root_property ("_ICC_PROFILE");
}

static void
test_user_file_overrides (void)
{
  GdkDisplay *display = gdk_display_get_default ();
  g_autoptr (GBytes) on_root = make_profile ("Shadelab test monitor", 0.680);
  g_autoptr (GBytes) chosen = make_profile ("Profile the user chose", 0.690);
  g_autofree char *dir = g_dir_make_tmp ("shadelab-monitor-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "chosen.icc", NULL);
  g_autofree char *bad_path = g_build_filename (dir, "bad.icc", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.icc", NULL);
  ShMonitorProfileSource source = SH_MONITOR_PROFILE_SOURCE_DEFAULT;
  ShDisplayProfile *profile;
  GError *error = NULL;

  g_assert_true (g_file_set_contents (path, g_bytes_get_data (chosen, NULL), g_bytes_get_size (chosen), NULL));
  g_assert_true (g_file_set_contents (bad_path, "garbage", -1, NULL));
  set_root_property ("_ICC_PROFILE", on_root);

  profile = sh_monitor_profile_load (display, 0, path, &source, &error);
  g_assert_no_error (error);
  g_assert_cmpint (source, ==, SH_MONITOR_PROFILE_SOURCE_FILE);
  g_assert_cmpstr (sh_display_profile_get_description (profile), ==, "Profile the user chose");
  sh_display_profile_unref (profile);

  /* The user's choice never silently falls back. */
  g_assert_null (sh_monitor_profile_load (display, 0, missing, &source, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_clear_error (&error);
  g_assert_null (sh_monitor_profile_load (display, 0, bad_path, &source, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "bad.icc"));
  g_clear_error (&error);

  /* An empty path means no choice. */
  profile = sh_monitor_profile_load (display, 0, "", &source, &error);
  g_assert_no_error (error);
  g_assert_cmpint (source, ==, SH_MONITOR_PROFILE_SOURCE_X11);
  sh_display_profile_unref (profile);

  delete_root_property ("_ICC_PROFILE");
  g_unlink (path);
  g_unlink (bad_path);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  int status;

  if (g_getenv ("DISPLAY") == NULL || g_getenv ("DISPLAY")[0] == '\0')
    {
      g_print ("SKIP: no DISPLAY (build-aux/shadelab.sh test runs the tests on a virtual one)\n");
      return 77;
    }
  /* The root window property is an X11 thing: make sure GDK does not pick Wayland. */
  g_setenv ("GDK_BACKEND", "x11", TRUE);
  g_test_init (&argc, &argv, NULL);
  if (!gtk_init_check () || !GDK_IS_X11_DISPLAY (gdk_display_get_default ()))
    {
      g_print ("SKIP: cannot open an X11 display\n");
      return 77;
    }

  save_root_properties ();
  g_test_add_func ("/monitor-profile/x11-property", test_x11_property);
  g_test_add_func ("/monitor-profile/broken-x11-profile", test_broken_x11_profile);
  g_test_add_func ("/monitor-profile/user-file-overrides", test_user_file_overrides);
  status = g_test_run ();
  restore_root_properties ();
  return status;
}
