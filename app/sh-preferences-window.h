/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sh-preferences-window.h: the preferences (org.shadelab.Shadelab settings): the style (light, dark or the
 * desktop's), the display colour profile, the labeler's name, the colour method the swatch panel shows large,
 * the largest photo decoded and the minimum resolution of the photo standards.
 *
 * Every change is written to the settings at once; the application applies the style at once, open project
 * windows follow the display profile, the method and the pixel limit straight away, imports started from then
 * on use the minimum resolution, and the labeler name is recorded for projects opened from then on.
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SH_TYPE_PREFERENCES_WINDOW (sh_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (ShPreferencesWindow, sh_preferences_window, SH, PREFERENCES_WINDOW, AdwPreferencesWindow)

/* parent may be NULL. */
ShPreferencesWindow *sh_preferences_window_new (GtkWindow *parent);

/* Makes the ICC file at path the display profile, as choosing it in the file chooser does. A file that cannot
 * be used as a monitor profile is refused: the setting stays as it was, the window says why in a toast, and
 * FALSE is returned with that error. */
gboolean sh_preferences_window_use_display_profile (ShPreferencesWindow *self, const char *path, GError **error);
/* Back to the automatic profile (the display's own, else sRGB). */
void sh_preferences_window_use_automatic_profile (ShPreferencesWindow *self);

/* What the display profile row says, e.g. "From the display: Dell U2720Q" or "sRGB (no display profile
 * found)". */
const char *sh_preferences_window_get_display_profile_summary (ShPreferencesWindow *self);

G_END_DECLS
