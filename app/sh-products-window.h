/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sh-products-window.h: Products…, where a technical artist creates and edits a project's products: SKU,
 * brand, shade, category (the project's list, or a new one that joins it), marketplace and the brand's
 * catalogue colour ('#rrggbb', typed or picked). The list on the left is searchable; selecting a product
 * edits it, New Product (Ctrl+N) starts an empty form.
 *
 * Each save is one store transaction (sh_project_create_product / sh_project_update_product): refused whole
 * with the reason under the form, or committed before the list shows it. "product-saved" (gint64 id) is
 * emitted after each, so that the labeling window can show the change.
 *
 * The Catalogue Check page beside the form lists what `shadelab-cli lint` finds in the project (checked again
 * on every reload and each time the window is presented); activating a problem selects its product.
 *
 * One window per labeling window; it goes when that window closes its project. */
#pragma once

#include <adwaita.h>

#include "color/display.h"
#include "sh-project-window.h"

G_BEGIN_DECLS

#define SH_TYPE_PRODUCTS_WINDOW (sh_products_window_get_type ())
G_DECLARE_FINAL_TYPE (ShProductsWindow, sh_products_window, SH, PRODUCTS_WINDOW, AdwWindow)

/* The Products window of project_window: presents the open one, else opens one. NULL without a project. */
ShProductsWindow *sh_products_window_present_for (ShProjectWindow *project_window, ShDisplayTransform *transform);
ShProductsWindow *sh_products_window_find (ShProjectWindow *project_window);

/* Reads the products again (after a catalogue import), and checks the catalogue again. */
void sh_products_window_reload (ShProductsWindow *self);
/* Shows the Catalogue Check page (Ctrl+L). */
void sh_products_window_show_lint (ShProductsWindow *self);
/* Edits a product (FALSE for an unknown id), or starts a new one (0). */
gboolean sh_products_window_select (ShProductsWindow *self, gint64 product_id);
gint64 sh_products_window_get_selected (ShProductsWindow *self);

/* Fills the form as a person would (category NULL: none). */
void sh_products_window_fill (ShProductsWindow *self, const char *sku, const char *brand, const char *shade,
                              const char *category, const char *marketplace, const char *color);
/* Saves the form, as the button does: TRUE when stored (*id, may be NULL, receives the product's id). */
gboolean sh_products_window_save (ShProductsWindow *self, gint64 *id);
/* The reason the last save was refused, NULL after a save went through. */
const char *sh_products_window_get_error (ShProductsWindow *self);
guint sh_products_window_get_n_products (ShProductsWindow *self);

G_END_DECLS
