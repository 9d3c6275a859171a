/* SPDX-License-Identifier: GPL-3.0-or-later */
/* style-preference.c: the style setting applied to AdwStyleManager (see style-preference.h). */
#define G_LOG_DOMAIN "shadelab"

#include "config.h"

#include "style-preference.h"

AdwColorScheme
sh_style_preference_to_color_scheme (const char *style)
{
  if (g_strcmp0 (style, "light") == 0)
    return ADW_COLOR_SCHEME_FORCE_LIGHT;
  if (g_strcmp0 (style, "dark") == 0)
    return ADW_COLOR_SCHEME_FORCE_DARK;
  /* Light unless the desktop prefers dark. */
  return ADW_COLOR_SCHEME_DEFAULT;
}

static void
apply_style (GSettings  *settings,
             const char *key,
             gpointer    user_data)
{
  g_autofree char *style = g_settings_get_string (settings, "style");

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), sh_style_preference_to_color_scheme (style));
}

void
sh_style_preference_follow (GSettings *settings, const char *forced)
{
  g_return_if_fail (G_IS_SETTINGS (settings));

  if (forced != NULL)
    adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                        sh_style_preference_to_color_scheme (forced));
  else
    apply_style (settings, "style", NULL);
  g_signal_connect (settings, "changed::style", G_CALLBACK (apply_style), NULL);
}
