/* SPDX-License-Identifier: GPL-3.0-or-later */
/* project-materials.c: a product's material as the glTF export resolves it, read from the store. */
#define G_LOG_DOMAIN "shadelab-project"

#include "config.h"

#include "core/store/project-materials.h"

#include <math.h>
#include <string.h>

#include "color/colorspace.h"
#include "core/store/store-private.h"

/* The robust swatch of the product's most confident product box that a person drew or accepted, on a photo
 * that was not rejected. */
const char sh_store_product_material_sql[] =
  "WITH best AS ("
  "  SELECT p.id AS product_id, ("
  "    SELECT b.id FROM boxes b JOIN images i ON i.id = b.image_id JOIN box_classes k ON k.id = b.class_id"
  "    JOIN swatches s ON s.box_id = b.id AND s.method = 'robust'"
  "    WHERE i.product_id = p.id AND k.name = 'product' AND i.status <> 'rejected'"
  "      AND (b.source = 'human' OR b.accepted = 1)"
  "    ORDER BY s.confidence DESC, b.id LIMIT 1) AS box_id"
  "  FROM products p) "
  "SELECT p.id, p.sku, p.brand, p.shade, c.name, p.catalog_color, "
  "  m.product_id, m.base_color, m.finish, m.roughness, m.metallic, m.clearcoat, m.clearcoat_roughness, "
  "  m.specular, m.specular_color, m.sheen_color, m.sheen_roughness, m.ior, m.glitter_density, "
  "  m.glitter_size, m.glitter_color, "
  "  s.linear_r, s.linear_g, s.linear_b, s.srgb, s.finish, s.box_id "
  "FROM products p LEFT JOIN categories c ON c.id = p.category_id "
  "LEFT JOIN materials m ON m.product_id = p.id "
  "LEFT JOIN best ON best.product_id = p.id "
  "LEFT JOIN swatches s ON s.box_id = best.box_id AND s.method = 'robust' "
  "WHERE (?1 IS NULL OR p.sku = ?1) AND (?2 IS NULL OR p.id = ?2) "
  "ORDER BY p.sku";

enum {
  COL_CATALOG = 5, COL_MATERIAL, COL_BASE, COL_FINISH, COL_ROUGHNESS, COL_METALLIC, COL_CLEARCOAT,
  COL_CLEARCOAT_ROUGHNESS, COL_SPECULAR, COL_SPECULAR_COLOR, COL_SHEEN_COLOR, COL_SHEEN_ROUGHNESS, COL_IOR,
  COL_GLITTER_DENSITY, COL_GLITTER_SIZE, COL_GLITTER_COLOR,
  COL_SWATCH_R, COL_SWATCH_G, COL_SWATCH_B, COL_SWATCH_SRGB, COL_SWATCH_FINISH, COL_SWATCH_BOX,
};
G_STATIC_ASSERT ((int) COL_GLITTER_COLOR == (int) SH_STORE_PRODUCT_MATERIAL_COL_GLITTER_COLOR);
G_STATIC_ASSERT (COL_BASE + SH_MATERIAL_N_PARAMETERS - 1 == COL_GLITTER_COLOR);

static gboolean
hex_to_linear (const char *hex, double linear[3])
{
  uint8_t rgb[3];

  if (!hex || !sh_parse_hex (hex, rgb))
    return FALSE;
  for (int i = 0; i < 3; i++)
    linear[i] = sh_srgb_decode (rgb[i] / 255.0);
  return TRUE;
}

/* "[r,g,b]" as stored; left as it is when unreadable. */
static void
parse_vec3 (const char *text, double out[3])
{
  cJSON *json = text ? cJSON_Parse (text) : NULL;

  if (cJSON_IsArray (json) && cJSON_GetArraySize (json) == 3)
    for (int i = 0; i < 3; i++)
      {
        cJSON *item = cJSON_GetArrayItem (json, i);
        if (cJSON_IsNumber (item))
          out[i] = item->valuedouble;
      }
  cJSON_Delete (json);
}

static double
column_double (sqlite3_stmt *stmt, int column, double fallback)
{
  return sqlite3_column_type (stmt, column) == SQLITE_NULL ? fallback : sqlite3_column_double (stmt, column);
}

gboolean
sh_store_product_material_from_row (sqlite3_stmt *stmt, ShProductMaterial *product)
{
  ShMaterial *m = &product->material;
  const char *material_finish = (const char *) sqlite3_column_text (stmt, COL_FINISH);
  const char *swatch_finish = (const char *) sqlite3_column_text (stmt, COL_SWATCH_FINISH);
  ShMaterialFinish measured;
  const char *finish = material_finish ? material_finish
                       : sh_material_finish_for_class_name (swatch_finish, &measured)
                           ? sh_material_finish_name (measured) : NULL;
  gboolean calibrated_roughness = sqlite3_column_type (stmt, COL_ROUGHNESS) != SQLITE_NULL;
  double start_roughness, start_clearcoat, start_clearcoat_roughness;
  ShMaterialFinish which;

  sh_material_init (m);
  product->finish = sh_material_finish_from_name (finish, &which) ? sh_material_finish_name (which) : NULL;
  product->color_source = NULL;

  if (hex_to_linear ((const char *) sqlite3_column_text (stmt, COL_BASE), m->base_color))
    product->color_source = "material";
  else if (sqlite3_column_type (stmt, COL_SWATCH_BOX) != SQLITE_NULL)
    {
      product->color_source = "swatch";
      for (int i = 0; i < 3; i++)
        m->base_color[i] = CLAMP (sqlite3_column_double (stmt, COL_SWATCH_R + i), 0, 1);
    }
  else if (hex_to_linear ((const char *) sqlite3_column_text (stmt, COL_CATALOG), m->base_color))
    product->color_source = "catalog";

  sh_material_finish_starting_point (product->finish, &start_roughness, &start_clearcoat,
                                     &start_clearcoat_roughness);
  m->roughness = column_double (stmt, COL_ROUGHNESS, start_roughness);
  m->metallic = column_double (stmt, COL_METALLIC, 0);
  m->clearcoat = column_double (stmt, COL_CLEARCOAT, 0);
  m->clearcoat_roughness = column_double (stmt, COL_CLEARCOAT_ROUGHNESS, 0);
  m->specular = column_double (stmt, COL_SPECULAR, 1);
  m->sheen_roughness = column_double (stmt, COL_SHEEN_ROUGHNESS, 0);
  m->ior = column_double (stmt, COL_IOR, 1.5);
  m->glitter_density = column_double (stmt, COL_GLITTER_DENSITY, 0);
  m->glitter_size = column_double (stmt, COL_GLITTER_SIZE, 0);
  parse_vec3 ((const char *) sqlite3_column_text (stmt, COL_SPECULAR_COLOR), m->specular_color);
  parse_vec3 ((const char *) sqlite3_column_text (stmt, COL_SHEEN_COLOR), m->sheen_color);
  if (m->clearcoat <= 0 && !calibrated_roughness)
    {
      m->clearcoat = start_clearcoat;
      m->clearcoat_roughness = start_clearcoat_roughness;
    }
  for (int i = 0; i < 3; i++)
    {
      m->specular_color[i] = MAX (m->specular_color[i], 0);
      m->sheen_color[i] = CLAMP (m->sheen_color[i], 0, 1);
    }
  m->has_glitter_color = hex_to_linear ((const char *) sqlite3_column_text (stmt, COL_GLITTER_COLOR),
                                        m->glitter_color);
  return product->color_source != NULL;
}

gboolean
sh_project_get_product_material (ShProject *project, const char *sku, ShProductMaterial *product,
                                 GError **error)
{
  sqlite3_stmt *stmt = sh_store_prepare (project, sh_store_product_material_sql, error);
  gboolean ok = FALSE;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, sku, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      ok = sh_store_product_material_from_row (stmt, product);
      if (!ok)
        g_set_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID,
                     "product '%s' has no colour: no calibrated base colour, no robust swatch, no catalogue "
                     "colour", sku);
    }
  else if (rc == SQLITE_DONE)
    g_set_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID, "no product with SKU '%s'", sku);
  else
    sh_project_set_error (project, error, "reading the product");
  sqlite3_finalize (stmt);
  return ok;
}

/* Binds a stored text form the way the materials table stores it: numbers as REAL, the rest as TEXT. */
static void
bind_stored (sqlite3_stmt *stmt, int index, const char *value)
{
  char *end = NULL;
  double number;

  if (value == NULL)
    {
      sqlite3_bind_null (stmt, index);
      return;
    }
  number = g_ascii_strtod (value, &end);
  if (end != value && *end == '\0')
    sqlite3_bind_double (stmt, index, number);
  else
    sqlite3_bind_text (stmt, index, value, -1, SQLITE_TRANSIENT);
}

gboolean
sh_project_resolve_material_values (ShProject *project, gint64 product_id, const char *const *columns,
                                    const char *const *values, guint n, char **before, char **after, GError **error)
{
  sqlite3_stmt *stmt = NULL, *bound = NULL;
  ShProductMaterial product;
  gboolean has_color, ok = FALSE;
  int rc;

  stmt = sh_store_prepare (project, sh_store_product_material_sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 2, product_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID, "no product with id %" G_GINT64_FORMAT,
                   product_id);
      goto out;
    }
  if (rc != SQLITE_ROW)
    {
      sh_project_set_error (project, error, "reading a material");
      goto out;
    }
  has_color = sh_store_product_material_from_row (stmt, &product);
  for (guint k = 0; k < SH_MATERIAL_N_PARAMETERS; k++)
    before[k] = sh_product_material_value_text (&product, has_color, sh_material_parameters[k]);
  if (after != NULL)
    {
      /* The same row with the new values in place, through the same rule. */
      int n_columns = sqlite3_column_count (stmt);
      g_autoptr (GString) sql = g_string_new ("SELECT ?1");

      for (int i = 2; i <= n_columns; i++)
        g_string_append_printf (sql, ", ?%d", i);
      bound = sh_store_prepare (project, sql->str, error);
      if (bound == NULL)
        goto out;
      for (int i = 0; i < n_columns; i++)
        sqlite3_bind_value (bound, i + 1, sqlite3_column_value (stmt, i));
      for (guint i = 0; i < n; i++)
        for (guint k = 0; k < SH_MATERIAL_N_PARAMETERS; k++)
          if (g_strcmp0 (columns[i], sh_material_parameters[k]) == 0)
            bind_stored (bound, COL_BASE + (int) k + 1, values[i]);
      if (sqlite3_step (bound) != SQLITE_ROW)
        {
          sh_project_set_error (project, error, "reading a material");
          goto out;
        }
      has_color = sh_store_product_material_from_row (bound, &product);
      for (guint k = 0; k < SH_MATERIAL_N_PARAMETERS; k++)
        after[k] = sh_product_material_value_text (&product, has_color, sh_material_parameters[k]);
    }
  ok = TRUE;

out:
  sqlite3_finalize (bound);
  sqlite3_finalize (stmt);
  return ok;
}

/* ---- listing ---- */

void
sh_product_material_entry_free (ShProductMaterialEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->sku);
  g_free (entry->brand);
  g_free (entry->shade);
  g_free (entry->category);
  g_free (entry->glitter_color);
  g_free (entry);
}

GPtrArray *
sh_project_list_product_materials (ShProject *project, GError **error)
{
  sqlite3_stmt *stmt = sh_store_prepare (project, sh_store_product_material_sql, error);
  g_autoptr (GPtrArray) entries = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) sh_product_material_entry_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ShProductMaterialEntry *entry = g_new0 (ShProductMaterialEntry, 1);

      entry->id = sqlite3_column_int64 (stmt, SH_STORE_PRODUCT_MATERIAL_COL_ID);
      entry->sku = sh_store_dup_column (stmt, SH_STORE_PRODUCT_MATERIAL_COL_SKU);
      entry->brand = sh_store_dup_column (stmt, SH_STORE_PRODUCT_MATERIAL_COL_BRAND);
      entry->shade = sh_store_dup_column (stmt, SH_STORE_PRODUCT_MATERIAL_COL_SHADE);
      entry->category = sh_store_dup_column (stmt, SH_STORE_PRODUCT_MATERIAL_COL_CATEGORY);
      entry->glitter_color = sh_store_dup_column (stmt, SH_STORE_PRODUCT_MATERIAL_COL_GLITTER_COLOR);
      entry->has_color = sh_store_product_material_from_row (stmt, &entry->resolved);
      g_ptr_array_add (entries, entry);
    }
  if (rc != SQLITE_DONE)
    sh_project_set_error (project, error, "reading the products");
  sqlite3_finalize (stmt);
  return rc == SQLITE_DONE ? g_steal_pointer (&entries) : NULL;
}

gboolean
sh_project_find_product_photo (ShProject *project, gint64 product_id, char **path, double box[4], gboolean *found,
                               GError **error)
{
  static const char sql[] =
    "SELECT i.path, b.x, b.y, b.w, b.h FROM boxes b JOIN images i ON i.id = b.image_id "
    "JOIN box_classes k ON k.id = b.class_id "
    "LEFT JOIN swatches s ON s.box_id = b.id AND s.method = 'robust' "
    "WHERE i.product_id = ?1 AND k.name = 'product' AND i.status <> 'rejected' "
    "AND (b.source = 'human' OR b.accepted = 1) "
    "ORDER BY s.confidence IS NULL, s.confidence DESC, b.id LIMIT 1";
  sqlite3_stmt *stmt = sh_store_statement (project, sql, error);

  *found = FALSE;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, product_id);
  if (!sh_store_step_row (project, stmt, found, error, "looking up a product's photo"))
    return FALSE;
  if (!*found)
    return TRUE;
  *path = sh_project_resolve_path (project, (const char *) sqlite3_column_text (stmt, 0));
  for (int i = 0; i < 4; i++)
    box[i] = sqlite3_column_double (stmt, 1 + i);
  sqlite3_reset (stmt);
  return TRUE;
}
