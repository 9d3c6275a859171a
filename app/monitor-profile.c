/* SPDX-License-Identifier: GPL-3.0-or-later */
/* monitor-profile.c: the monitor's ICC profile from the user's choice, the X11 root window, or sRGB. */
#define G_LOG_DOMAIN "shadelab-monitor"

#include "config.h"

#include "monitor-profile.h"

#include <gio/gio.h>

#ifdef GDK_WINDOWING_X11
#include <X11/Xatom.h>
#include <gdk/x11/gdkx.h>
#endif

GBytes *
sh_monitor_profile_read_x11 (GdkDisplay *display, guint monitor_index)
{
#ifdef GDK_WINDOWING_X11
  g_autofree char *name = NULL;
  Display *xdisplay;
  Atom property, type = None;
  int format = 0, status;
  unsigned long n_items = 0, bytes_after = 0;
  unsigned char *data = NULL;
  GBytes *bytes = NULL;

  g_return_val_if_fail (GDK_IS_DISPLAY (display), NULL);

  if (!GDK_IS_X11_DISPLAY (display))
    return NULL;

  name = monitor_index == 0 ? g_strdup ("_ICC_PROFILE") : g_strdup_printf ("_ICC_PROFILE_%u", monitor_index);
  xdisplay = gdk_x11_display_get_xdisplay (display);
  /* only_if_exists: an atom nobody created cannot name a property, and asking creates none. */
  property = XInternAtom (xdisplay, name, True);
  if (property == None)
    return NULL;

  gdk_x11_display_error_trap_push (display);
  status = XGetWindowProperty (xdisplay, gdk_x11_display_get_xrootwindow (display), property, 0, G_MAXLONG / 4,
                               False, AnyPropertyType, &type, &format, &n_items, &bytes_after, &data);
  if (gdk_x11_display_error_trap_pop (display) != 0 || status != Success)
    {
      g_clear_pointer (&data, XFree);
      return NULL;
    }

  /* The ICC Profiles in X specification stores the file as 8-bit items (type CARDINAL). */
  if (data != NULL && format == 8 && n_items > 0)
    bytes = g_bytes_new (data, n_items);
  else if (data != NULL && type != None)
    g_debug ("%s has format %d, not the 8-bit bytes of an ICC profile; ignored", name, format);
  g_clear_pointer (&data, XFree);
  return bytes;
#else
  return NULL;
#endif
}

guint
sh_monitor_profile_index_for_monitor (GdkDisplay *display, GdkMonitor *monitor)
{
  GListModel *monitors;
  guint n;

  g_return_val_if_fail (GDK_IS_DISPLAY (display), 0);

  if (monitor == NULL)
    return 0;
  monitors = gdk_display_get_monitors (display);
  n = g_list_model_get_n_items (monitors);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (GdkMonitor) item = g_list_model_get_item (monitors, i);
      if (item == monitor)
        return i;
    }
  return 0;
}

static ShDisplayProfile *
profile_from_file (const char *path, GError **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *display_name = g_filename_display_name (path);
  gsize length = 0;
  char message[256] = "";
  ShDisplayProfile *profile;

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  profile = sh_display_profile_new_from_icc (contents, length, message, sizeof message);
  if (profile == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: %s", display_name, message);
  return profile;
}

ShDisplayProfile *
sh_monitor_profile_load (GdkDisplay *display, guint monitor_index, const char *override_path,
                         ShMonitorProfileSource *source, GError **error)
{
  g_autoptr (GBytes) x11_bytes = NULL;

  g_return_val_if_fail (display == NULL || GDK_IS_DISPLAY (display), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (override_path != NULL && override_path[0] != '\0')
    {
      ShDisplayProfile *profile = profile_from_file (override_path, error);
      if (profile != NULL && source != NULL)
        *source = SH_MONITOR_PROFILE_SOURCE_FILE;
      return profile;
    }

  if (display != NULL)
    x11_bytes = sh_monitor_profile_read_x11 (display, monitor_index);
  if (x11_bytes != NULL)
    {
      char message[256] = "";
      gsize length;
      const void *data = g_bytes_get_data (x11_bytes, &length);
      ShDisplayProfile *profile = sh_display_profile_new_from_icc (data, length, message, sizeof message);

      if (profile != NULL)
        {
          if (source != NULL)
            *source = SH_MONITOR_PROFILE_SOURCE_X11;
          return profile;
        }
      g_warning ("The monitor profile the X server gives for monitor %u is unusable (%s); showing colours as sRGB",
                 monitor_index, message);
    }

  if (source != NULL)
    *source = SH_MONITOR_PROFILE_SOURCE_DEFAULT;
  return sh_display_profile_new_srgb ();
}

ShDisplayProfile *
sh_monitor_profile_load_for_widget (GtkWidget *widget, const char *override_path, ShMonitorProfileSource *source,
                                    GError **error)
{
  GdkDisplay *display;
  GtkNative *native;
  GdkSurface *surface = NULL;
  GdkMonitor *monitor = NULL;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  display = gtk_widget_get_display (widget);
  native = gtk_widget_get_native (widget);
  if (native != NULL)
    surface = gtk_native_get_surface (native);
  if (surface != NULL)
    monitor = gdk_display_get_monitor_at_surface (display, surface);
  return sh_monitor_profile_load (display, sh_monitor_profile_index_for_monitor (display, monitor), override_path,
                                  source, error);
}
