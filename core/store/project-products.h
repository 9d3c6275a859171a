/* SPDX-License-Identifier: GPL-3.0-or-later */
/* project-products.h: the products of a project as the application lists and edits them (the catalogue's
 * rows, core/formats/catalog.h, go through sh_project_upsert_product).
 *
 * Each change is one transaction (sh_project_begin ... commit), refused whole with SH_PROJECT_ERROR_INVALID
 * when a value is not accepted. Reads work on a read-only connection.
 */
#pragma once

#include <glib.h>

#include "core/store/project.h"

G_BEGIN_DECLS

typedef struct {
  gint64 id;
  char *sku;
  char *brand, *shade, *category, *marketplace;   /* NULL when not given */
  char *catalog_color;                            /* '#rrggbb' or NULL */
  guint n_images;                                 /* photos linked to it */
} ShProduct;

void sh_product_free (ShProduct *product);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShProduct, sh_product_free)

/* Every product, by SKU: an array of ShProduct that frees them. */
GPtrArray *sh_project_list_products (ShProject *project, GError **error);
/* One product; a missing id is SH_PROJECT_ERROR_INVALID. */
ShProduct *sh_project_get_product (ShProject *project, gint64 product_id, GError **error);
/* Category names in the order they were added (the seeded ones first). */
GPtrArray *sh_project_list_categories (ShProject *project, GError **error);

/* The product an image is linked to (0: none); a missing image is SH_PROJECT_ERROR_INVALID. */
gboolean sh_project_get_image_product (ShProject *project, gint64 image_id, gint64 *product_id, GError **error);
/* The SKU of the product an image is linked to (newly allocated), or NULL: none, no such image, or unreadable. */
char *sh_project_get_image_product_sku (ShProject *project, gint64 image_id);

/* A new product: refuses a SKU already taken (sh_project_upsert_product would update that product). */
gboolean sh_project_create_product (ShProject *project, const ShProductRow *row, gint64 *id, GError **error);
/* Replaces every field of a product: the SKU may change (not to one another product has), NULL or blank text
 * empties a field, catalog_color is '#rrggbb' in either case, an unknown category joins the list. */
gboolean sh_project_update_product (ShProject *project, gint64 product_id, const ShProductRow *row,
                                    GError **error);

/* '#rrggbb' in lower case from "#RRGGBB" / "rrggbb" (white space around is ignored); FALSE for anything else. */
gboolean sh_product_parse_color (const char *text, char hex[8]);

G_END_DECLS
