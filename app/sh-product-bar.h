/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sh-product-bar.h: the product of the photo on screen, above the swatch panel: its catalogue colour as a
 * chip (through the monitor's profile) and "SKU · brand · shade", with Set… (win.set-product) and an unlink
 * button (win.unlink-product). Without a product it says so and how to set one. */
#pragma once

#include <gtk/gtk.h>

#include "color/display.h"
#include "core/store/project-products.h"

G_BEGIN_DECLS

#define SH_TYPE_PRODUCT_BAR (sh_product_bar_get_type ())
G_DECLARE_FINAL_TYPE (ShProductBar, sh_product_bar, SH, PRODUCT_BAR, GtkWidget)

GtkWidget *sh_product_bar_new (void);

/* The photo's product (copied), or NULL when it has none. */
void sh_product_bar_set_product (ShProductBar *self, const ShProduct *product);
/* The transform to the monitor (only its monitor side is used); NULL means sRGB. */
void sh_product_bar_set_display_transform (ShProductBar *self, ShDisplayTransform *transform);
/* What the bar says, "SKU · brand · shade" or the empty text. */
const char *sh_product_bar_get_text (ShProductBar *self);

/* A small chip of a catalogue colour, drawn through the monitor's profile, for product lists. */
GtkWidget *sh_product_chip_new (int size);
/* hex: '#rrggbb', or NULL for no colour (the chip is empty); transform may be NULL (an sRGB monitor). */
void sh_product_chip_set_color (GtkWidget *chip, const char *hex, ShDisplayTransform *transform);

G_END_DECLS
