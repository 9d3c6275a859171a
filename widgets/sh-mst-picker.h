/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sh-mst-picker.h: the ten Monk Skin Tone swatches in a row, one of them picked, as the person running a
 * session compares a participant's skin with them.
 *
 * Each swatch is the scale's sRGB colour (color/skin-render.h sh_monk_skin_tone) through the monitor's
 * profile (an ShDisplayTransform, as the tone grid and the swatch views use; sRGB when none is set), with
 * its number under it. The picked one is pressed and ringed.
 *
 * Pointer: a click picks. Keys (while a swatch has the focus): Left / Right (or Up / Down) pick the
 * previous / next tone, Home / End the first / last, 1-9 and 0 (for 10) pick that tone. The row is one stop
 * in the Tab order: only the picked swatch takes the focus. For assistive technologies each swatch is a
 * toggle button called "Monk Skin Tone N", pressed when picked.
 *
 * The picker stores nothing: "value" (1-10) changes and the caller saves it with the rest of its form.
 */
#pragma once

#include <gtk/gtk.h>

#include "color/display.h"

G_BEGIN_DECLS

#define SH_TYPE_MST_PICKER (sh_mst_picker_get_type ())
G_DECLARE_FINAL_TYPE (ShMstPicker, sh_mst_picker, SH, MST_PICKER, GtkWidget)

GtkWidget *sh_mst_picker_new (void);

/* The picked tone, 1-10 ("value" property); values outside are clamped. */
void sh_mst_picker_set_value (ShMstPicker *self, int value);
int sh_mst_picker_get_value (ShMstPicker *self);

/* The transform to the monitor (only its monitor side is used); NULL means an sRGB monitor. */
void sh_mst_picker_set_display_transform (ShMstPicker *self, ShDisplayTransform *transform);
/* What swatch tone (1-10) is drawn with, in the monitor's RGB. */
void sh_mst_picker_get_display_rgb (ShMstPicker *self, int tone, guint8 rgb[3]);
/* The button of swatch tone (1-10), for tests and focus. */
GtkWidget *sh_mst_picker_get_swatch (ShMstPicker *self, int tone);

G_END_DECLS
