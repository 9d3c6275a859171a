/* SPDX-License-Identifier: GPL-3.0-or-later */
/* style-preference.h: the light / dark / follow-the-desktop choice (the "style" setting) applied to every
 * window through AdwStyleManager, at start and the moment the setting changes. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* The colour scheme a value of the "style" setting asks for ("system", "light", "dark"). */
AdwColorScheme sh_style_preference_to_color_scheme (const char *style);

/* Applies settings' "style" now (or forced, a style name from the command line, when not NULL) and again each
 * time the setting changes, for as long as settings lives. */
void sh_style_preference_follow (GSettings *settings, const char *forced);

G_END_DECLS
