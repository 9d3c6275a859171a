/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sh-swatch-panel.h: the live swatch of the box being drawn, for a labeler glancing sideways.
 *
 * Shows the robust colour large (with the product's catalogue colour beside it), its hex and Lab D50, the
 * confidence, the CIEDE2000 to the catalogue colour, the finish and glitter, the mean and dominant colours
 * with their distance from the robust one, and the pixel counts by class as the legend of the canvas
 * overlay. Extraction runs on an ShSwatchWorker thread; the panel keeps showing the previous result until
 * the newer one arrives and never waits for it.
 *
 * Signals:
 *   swatch-ready (const ShSwatch *robust, gboolean final): a newer robust result for the box shown
 *     (final FALSE, without finish), and once per final request its complete result, finish and glitter
 *     included (final TRUE), even when newer boxes were asked for since. robust->box is the box clipped to
 *     the photo. Results for a photo that set_image has replaced are never reported.
 *   overlay-ready (int x, int y, int width, int height, GBytes *mask): the pixel classes (ShPixelClass, one
 *     byte per pixel, row by row) of the image rect of the box shown, for sh_image_canvas_set_overlay with
 *     the default palette; width 0, height 0 and mask NULL when there is nothing to show.
 * Property show-overlay (gboolean): the state of the panel's overlay toggle (bind an action to it).
 */
#pragma once

#include <gtk/gtk.h>

#include "color/display.h"
#include "color/extract.h"
#include "core/formats/shared-image.h"

G_BEGIN_DECLS

#define SH_TYPE_SWATCH_PANEL (sh_swatch_panel_get_type ())
G_DECLARE_FINAL_TYPE (ShSwatchPanel, sh_swatch_panel, SH, SWATCH_PANEL, GtkWidget)

GtkWidget *sh_swatch_panel_new (void);

/* The photo boxes are measured in (a reference is taken; NULL for none) and the product's catalogue colour
 * ("#rrggbb", or NULL when it has none). Clears the box. */
void sh_swatch_panel_set_image (ShSwatchPanel *self, ShSharedImage *image, const char *catalog_hex);
/* The transform to the monitor the panel is on (only its monitor side is used); NULL means sRGB. */
void sh_swatch_panel_set_display_transform (ShSwatchPanel *self, ShDisplayTransform *transform);
/* Measures box (upright image pixels), or shows the empty state for NULL. final TRUE for the box as it will
 * be stored (the drag ended, or a box was selected), FALSE while it is being drawn or dragged. */
void sh_swatch_panel_show_box (ShSwatchPanel *self, const ShBox *box, gboolean final);

/* The method shown as the large swatch (robust by default), with its hex and Lab; the other two are shown
 * smaller beside it, with their distance from it. Only what is shown changes: swatch-ready always reports
 * the robust colour, which is what boxes store. */
void sh_swatch_panel_set_large_method (ShSwatchPanel *self, ShMethod method);
ShMethod sh_swatch_panel_get_large_method (ShSwatchPanel *self);

void sh_swatch_panel_set_show_overlay (ShSwatchPanel *self, gboolean show_overlay);
gboolean sh_swatch_panel_get_show_overlay (ShSwatchPanel *self);

/* The robust result shown (NULL in the empty state), and whether its finish is known. */
const ShSwatch *sh_swatch_panel_get_swatch (ShSwatchPanel *self, gboolean *has_finish);

G_END_DECLS
