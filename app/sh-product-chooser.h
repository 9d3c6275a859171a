/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sh-product-chooser.h: Set Product…, the dialog that links the photo on screen to a product: a search
 * (every word must match the SKU, brand, shade, category or marketplace), the products with their catalogue
 * colours, Set (Return, or a double click), Unlink, and New Product… / Import Catalogue… when there are none.
 *
 * It changes nothing itself: "chosen" (gint64 product_id, 0 to unlink) tells its owner, which makes the
 * change (one undo step) and the dialog closes. "new-product" and "import-catalog" ask the owner to open the
 * Products window or the catalogue import; the dialog closes too. */
#pragma once

#include <adwaita.h>

#include "color/display.h"

G_BEGIN_DECLS

#define SH_TYPE_PRODUCT_CHOOSER (sh_product_chooser_get_type ())
G_DECLARE_FINAL_TYPE (ShProductChooser, sh_product_chooser, SH, PRODUCT_CHOOSER, AdwWindow)

/* products: ShProductItem. current_product: the photo's product, 0 for none (selected first, and Unlink shown).
 * transform (may be NULL) draws the colour chips for the monitor. */
ShProductChooser *sh_product_chooser_new (GtkWindow *parent, GListModel *products, gint64 current_product,
                                          ShDisplayTransform *transform);

/* What is typed into the search, and what it leaves. */
void sh_product_chooser_set_search (ShProductChooser *self, const char *text);
guint sh_product_chooser_get_n_matches (ShProductChooser *self);
/* The product Set would link (0: none). */
gint64 sh_product_chooser_get_selected (ShProductChooser *self);
/* Set, as the button does: emits "chosen" with the selected product and closes. FALSE without a selection. */
gboolean sh_product_chooser_choose (ShProductChooser *self);

/* Whether a product matches a search: every word of query (case-folded, split at white space) is in text. */
gboolean sh_product_chooser_matches (const char *casefolded_text, const char *query);

G_END_DECLS
