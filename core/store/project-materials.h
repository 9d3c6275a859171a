/* SPDX-License-Identifier: GPL-3.0-or-later */
/* project-materials.h: a product's material as the project stores it, resolved the way the glTF export hands it
 * over (the parameters and their text forms: core/formats/material-json.h).
 *
 * The rule, the same for the export, the calibration window and the review:
 * - base colour: the material's calibrated base_color, else the robust swatch of the product's most
 *   confident product box (human or accepted, on a photo that was not rejected), else the catalogue colour;
 * - finish: the material's, else the swatch's (a photo's "gloss" is a lit, lacquered bullet: "shiny");
 * - roughness: the material's, else the finish's starting point (sh_material_finish_starting_point); the
 *   starting point's clearcoat too when the material sets neither roughness nor clearcoat;
 * - every other parameter from the material row, or the table's defaults; glitter colour when set.
 */
#pragma once

#include <glib.h>

#include "core/formats/material-json.h"
#include "core/store/project.h"

G_BEGIN_DECLS

/* The material of one product by SKU. FALSE with SH_PROJECT_ERROR_INVALID when there is no such product or
 * it has no colour. */
gboolean sh_project_get_product_material (ShProject *project, const char *sku, ShProductMaterial *product,
                                          GError **error);

typedef struct {
  gint64 id;
  char *sku, *brand, *shade, *category;  /* category NULL when none */
  char *glitter_color;                   /* the material's glitter colour as stored ('#rrggbb'), or NULL */
  gboolean has_color;                    /* FALSE: no colour from any source, resolved is not usable */
  ShProductMaterial resolved;
} ShProductMaterialEntry;

void sh_product_material_entry_free (ShProductMaterialEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShProductMaterialEntry, sh_product_material_entry_free)

/* Every product with its resolved material, ordered by SKU: an array of ShProductMaterialEntry. */
GPtrArray *sh_project_list_product_materials (ShProject *project, GError **error);

/* The value of every parameter of product_id's material as the glTF export resolves it, in
 * sh_material_parameters' order, into before (SH_MATERIAL_N_PARAMETERS newly allocated strings, or NULL, see
 * sh_product_material_value_text). With after (may be NULL), the same as it would resolve once columns[i] is
 * stored as values[i] (the store's text form, NULL for empty) for each of the n: what a change would make of
 * it, before it is written (with or without a material row now). FALSE with SH_PROJECT_ERROR_INVALID for an
 * unknown product. */
gboolean sh_project_resolve_material_values (ShProject *project, gint64 product_id, const char *const *columns,
                                             const char *const *values, guint n, char **before, char **after,
                                             GError **error);

/* The photo a product's colour comes from: the box of its most confident product box a person drew or
 * accepted, on a photo that was not rejected. *found is FALSE when it has none; else *path (absolute, newly
 * allocated) and box (x, y, w, h in upright pixels) are set. */
gboolean sh_project_find_product_photo (ShProject *project, gint64 product_id, char **path, double box[4],
                                        gboolean *found, GError **error);

G_END_DECLS
