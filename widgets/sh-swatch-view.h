/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sh-swatch-view.h: one colour shown truthfully, large, on a neutral grey surround.
 *
 * The colour (Lab D50 or linear sRGB) goes through the monitor's profile (an ShDisplayTransform; sRGB when
 * none is set), and so does the surround, a mid grey of L* 50 as ISO 3664 / ISO 12646 viewing practice asks
 * for colour judgement. An optional second colour (the catalogue colour) fills the right half, side by side
 * with the first. A corner mark flags a colour outside sRGB (outlined triangle) or outside what this
 * display can show (filled triangle: the swatch shows the nearest colour it can), and the tooltip says which.
 * For assistive technologies the view is an image whose label says the colours in words,
 * e.g. "Swatch #b0243a, L 43.1 a 58.2 b 27.0".
 */
#pragma once

#include <gtk/gtk.h>

#include "color/display.h"

G_BEGIN_DECLS

/* ShDisplayTransform as a boxed type (reference counted), for properties and signals. */
#define SH_TYPE_DISPLAY_TRANSFORM (sh_display_transform_get_type ())
GType sh_display_transform_get_type (void) G_GNUC_CONST;

#define SH_TYPE_SWATCH_VIEW (sh_swatch_view_get_type ())
G_DECLARE_FINAL_TYPE (ShSwatchView, sh_swatch_view, SH, SWATCH_VIEW, GtkWidget)

GtkWidget *sh_swatch_view_new (void);
/* The size it asks for when there is room (240x160 unless set): a small one keeps rows and wrapping
 * layouts from giving the swatch the space their text needs. */
void sh_swatch_view_set_natural_size (ShSwatchView *self, int width, int height);

/* The colour to show; clear shows the surround alone. */
void sh_swatch_view_set_lab (ShSwatchView *self, const double lab[3]);
void sh_swatch_view_set_linear_srgb (ShSwatchView *self, const double linear[3]);
void sh_swatch_view_clear (ShSwatchView *self);
/* FALSE (lab untouched) when no colour is set. */
gboolean sh_swatch_view_get_lab (ShSwatchView *self, double lab[3]);

/* The catalogue colour beside it (right half); NULL removes it. */
void sh_swatch_view_set_catalogue_lab (ShSwatchView *self, const double lab[3]);
gboolean sh_swatch_view_get_catalogue_lab (ShSwatchView *self, double lab[3]);

/* The transform to the monitor the view is on (only its monitor side is used); NULL means an sRGB monitor. */
void sh_swatch_view_set_display_transform (ShSwatchView *self, ShDisplayTransform *transform);
ShDisplayTransform *sh_swatch_view_get_display_transform (ShSwatchView *self);

/* What is drawn, for tests and for panels that show the same numbers: the monitor RGB of the colour, the
 * catalogue colour and the surround, and the gamut flags of the colours. FALSE when that colour is unset. */
gboolean sh_swatch_view_get_display_rgb (ShSwatchView *self, guint8 rgb[3], ShDisplayGamut *gamut);
gboolean sh_swatch_view_get_catalogue_display_rgb (ShSwatchView *self, guint8 rgb[3], ShDisplayGamut *gamut);
void sh_swatch_view_get_surround_rgb (ShSwatchView *self, guint8 rgb[3]);
/* The accessible label. */
const char *sh_swatch_view_get_description (ShSwatchView *self);

G_END_DECLS
