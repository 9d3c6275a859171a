/* material-json.h: materials as JSON (`shadelab-cli render --params FILE.json`) and a product's material as
 * the project stores it, resolved the way the glTF export hands it over.
 *
 * JSON keys are the columns of the materials table (core/store/schema.sql), so a parameter has one name
 * everywhere: base_color ("#rrggbb", or [r,g,b] linear), finish, roughness, metallic, clearcoat,
 * clearcoat_roughness, specular, specular_color ([r,g,b] linear), sheen_color ([r,g,b] linear),
 * sheen_roughness, ior, glitter_density (flakes per mm^2), glitter_size (mm), glitter_color ("#rrggbb" or
 * null), plus the renderer's coverage (0-1, never stored or exported).
 */
#pragma once

#include <cjson/cJSON.h>
#include <glib.h>
#include <sqlite3.h>

#include "color/material.h"
#include "core/store/project.h"

/* Every parameter; "finish" only when finish is not NULL. Numbers rounded to 6 decimals. */
cJSON *sh_material_to_json (const ShMaterial *material, const char *finish);

/* Changes the parameters json (an object) names, leaving the others. A "finish" key applies that preset
 * first (sh_material_set_finish), then the other keys override it. Unknown keys, wrong types and values out
 * of range are refused (G_IO_ERROR_INVALID_DATA) and leave material unchanged. */
gboolean sh_material_update_from_json (ShMaterial *material, const cJSON *json, GError **error);
/* The same from a JSON file. */
gboolean sh_material_update_from_file (ShMaterial *material, const char *path, GError **error);

/* The shortest decimal text that reads back as the same double ("0.35"), as the store writes numbers. */
char *sh_material_number_text (double value);

/* ---- a product's material, as exported ---- */

/* The materials table's parameters (its columns, core/store/schema.sql), in the table's order. */
#define SH_MATERIAL_N_PARAMETERS 14
extern const char *const sh_material_parameters[SH_MATERIAL_N_PARAMETERS];

/* One row per product (ordered by sku), or only the product whose sku is bound to ?1, or whose id is bound to
 * ?2 (unbound: all).
 * Columns 0-4 are products.id, sku, brand, shade and category name; the rest are read by
 * sh_product_material_from_row. */
extern const char sh_product_material_sql[];

enum {
  SH_PRODUCT_MATERIAL_COL_ID,
  SH_PRODUCT_MATERIAL_COL_SKU,
  SH_PRODUCT_MATERIAL_COL_BRAND,
  SH_PRODUCT_MATERIAL_COL_SHADE,
  SH_PRODUCT_MATERIAL_COL_CATEGORY,
  SH_PRODUCT_MATERIAL_COL_GLITTER_COLOR = 20,   /* materials.glitter_color as stored ('#rrggbb' or NULL) */
};

typedef struct {
  ShMaterial material;
  const char *finish;          /* "matte", ... (static), or NULL when nothing says */
  const char *color_source;    /* "material", "swatch" or "catalog" (static) */
} ShProductMaterial;

/* The material of the product on stmt's current row (a step of sh_product_material_sql):
 * - base colour: the material's calibrated base_color, else the robust swatch of the product's most
 *   confident product box (human or accepted), else the catalogue colour; FALSE when it has none;
 * - finish: the material's, else the swatch's (a photo's "gloss" is a lit, lacquered bullet: "shiny");
 * - roughness: the material's, else the finish's starting point (sh_material_finish_starting_point); the
 *   starting point's clearcoat too when the material sets neither roughness nor clearcoat;
 * - every other parameter from the material row, or the table's defaults; glitter colour when set. */
gboolean sh_product_material_from_row (sqlite3_stmt *stmt, ShProductMaterial *product);

/* The material of one product by SKU. FALSE with SH_PROJECT_ERROR_INVALID when there is no such product or
 * it has no colour. */
gboolean sh_project_get_product_material (ShProject *project, const char *sku, ShProductMaterial *product,
                                          GError **error);

/* A parameter (a materials column) of a resolved material in the store's text form: "#rrggbb", a finish
 * name, a number as sh_material_number_text writes it, "[r,g,b]". NULL when there is none: no colour
 * (has_color FALSE), no finish, no glitter colour. Newly allocated. */
char *sh_product_material_value_text (const ShProductMaterial *product, gboolean has_color, const char *parameter);

/* The value of every parameter of product_id's material as the glTF export resolves it, in
 * sh_material_parameters' order, into before (SH_MATERIAL_N_PARAMETERS newly allocated strings, or NULL, see
 * sh_product_material_value_text). With after (may be NULL), the same as it would resolve once columns[i] is
 * stored as values[i] (the store's text form, NULL for empty) for each of the n: what a change would make of
 * it, before it is written (with or without a material row now). FALSE with SH_PROJECT_ERROR_INVALID for an
 * unknown product. */
gboolean sh_project_resolve_material_values (ShProject *project, gint64 product_id, const char *const *columns,
                                             const char *const *values, guint n, char **before, char **after,
                                             GError **error);
