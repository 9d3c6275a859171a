/* SPDX-License-Identifier: GPL-3.0-or-later */
/* monitor-profile.h: which ICC profile describes the monitor a window is on.
 *
 * In order: an ICC file the user chose (preferences), the profile the session put on the X11 root window
 * (`_ICC_PROFILE` for the first monitor, `_ICC_PROFILE_<n>` for monitor n > 0, as colord and display
 * calibration tools set it), else sRGB. Other windowing systems (Wayland) give no profile through GTK 4.8,
 * so they get sRGB unless the user picks a file.
 */
#pragma once

#include <gtk/gtk.h>

#include "color/display.h"

G_BEGIN_DECLS

typedef enum {
  SH_MONITOR_PROFILE_SOURCE_DEFAULT,   /* nothing known: sRGB */
  SH_MONITOR_PROFILE_SOURCE_X11,       /* the X11 root window property */
  SH_MONITOR_PROFILE_SOURCE_FILE,      /* an ICC file the user chose */
} ShMonitorProfileSource;

/* The raw bytes of `_ICC_PROFILE` (monitor_index 0) or `_ICC_PROFILE_<monitor_index>` on the root window, or
 * NULL when the display is not X11 or the property is absent or empty. */
GBytes *sh_monitor_profile_read_x11 (GdkDisplay *display, guint monitor_index);

/* The position of monitor in gdk_display_get_monitors (display): the n of `_ICC_PROFILE_<n>`, which follows
 * the X server's monitor order. 0 when monitor is NULL or not found. */
guint sh_monitor_profile_index_for_monitor (GdkDisplay *display, GdkMonitor *monitor);

/* The monitor's profile. override_path (may be NULL) is the user's ICC file: when given it wins, and an
 * unreadable or unusable file is an error (NULL returned), so the preferences can say so instead of silently
 * showing other colours. A broken X11 profile is logged and replaced by sRGB. source (may be NULL) says where
 * the profile came from. */
ShDisplayProfile *sh_monitor_profile_load (GdkDisplay *display, guint monitor_index, const char *override_path,
                                           ShMonitorProfileSource *source, GError **error);

/* The same for the monitor showing widget (the first monitor while it is not yet on screen). */
ShDisplayProfile *sh_monitor_profile_load_for_widget (GtkWidget *widget, const char *override_path,
                                                      ShMonitorProfileSource *source, GError **error);

G_END_DECLS
