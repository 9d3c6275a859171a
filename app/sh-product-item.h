/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sh-product-item.h: one product as an item of the products lists (the Products window, the chooser of
 * Set Product…): a snapshot of its row, with the text a search matches ("search-text": SKU, brand, shade,
 * category, marketplace and the catalogue colour's names in lower case). */
#pragma once

#include <gio/gio.h>

#include "core/store/project-products.h"

G_BEGIN_DECLS

#define SH_TYPE_PRODUCT_ITEM (sh_product_item_get_type ())
G_DECLARE_FINAL_TYPE (ShProductItem, sh_product_item, SH, PRODUCT_ITEM, GObject)

/* Takes a copy of product. */
ShProductItem *sh_product_item_new (const ShProduct *product);
const ShProduct *sh_product_item_get_product (ShProductItem *self);
gint64 sh_product_item_get_id (ShProductItem *self);
/* "brand · shade" (the parts that are given), or "" */
const char *sh_product_item_get_details (ShProductItem *self);
/* The catalogue colour's names, "Deep Red (ISCC-NBS 13) · deep cool red", or NULL without a colour. */
const char *sh_product_item_get_color_names (ShProductItem *self);
/* What a screen reader says for the row: "SKU, brand · shade, names" (or "no catalogue
 * colour"). */
const char *sh_product_item_get_accessible_label (ShProductItem *self);

/* A GListStore of every product in the project, by SKU; NULL with error. */
GListStore *sh_product_item_list_project (ShProject *project, GError **error);
/* The position of the product in a list of items, or G_MAXUINT. */
guint sh_product_item_find (GListModel *model, gint64 product_id);

G_END_DECLS
