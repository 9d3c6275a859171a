/* SPDX-License-Identifier: GPL-3.0-or-later */
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

typedef struct {
  ShMaterial material;
  const char *finish;          /* "matte", ... (static), or NULL when nothing says */
  const char *color_source;    /* "material", "swatch" or "catalog" (static) */
} ShProductMaterial;

/* A parameter (a materials column) of a resolved material in the store's text form: "#rrggbb", a finish
 * name, a number as sh_material_number_text writes it, "[r,g,b]". NULL when there is none: no colour
 * (has_color FALSE), no finish, no glitter colour. Newly allocated. */
char *sh_product_material_value_text (const ShProductMaterial *product, gboolean has_color, const char *parameter);

/* Reading a product's material from the project: core/store/project-materials.h. */
#include "core/store/project-materials.h"
