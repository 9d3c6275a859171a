/* material-json.c: materials as JSON, and a product's material resolved as the glTF export hands it over. */
#define G_LOG_DOMAIN "shadelab-material"

#include "config.h"

#include <math.h>
#include <string.h>

#include <gio/gio.h>

#include "color/colorspace.h"
#include "core/formats/material-json.h"

/* ---- JSON ---- */

static double
rounded (double value)
{
  return round (value * 1e6) / 1e6;
}

static cJSON *
vec3_json (const double v[3])
{
  cJSON *array = cJSON_CreateArray ();

  for (int i = 0; i < 3; i++)
    cJSON_AddItemToArray (array, cJSON_CreateNumber (rounded (v[i])));
  return array;
}

static void
add_hex (cJSON *object, const char *key, const double linear[3])
{
  uint8_t rgb[3];
  char hex[8];

  sh_linear_srgb_to_srgb8 (linear, rgb);
  sh_format_hex (rgb, hex);
  cJSON_AddStringToObject (object, key, hex);
}

cJSON *
sh_material_to_json (const ShMaterial *m, const char *finish)
{
  cJSON *object = cJSON_CreateObject ();

  add_hex (object, "base_color", m->base_color);
  if (finish)
    cJSON_AddStringToObject (object, "finish", finish);
  cJSON_AddNumberToObject (object, "roughness", rounded (m->roughness));
  cJSON_AddNumberToObject (object, "metallic", rounded (m->metallic));
  cJSON_AddNumberToObject (object, "clearcoat", rounded (m->clearcoat));
  cJSON_AddNumberToObject (object, "clearcoat_roughness", rounded (m->clearcoat_roughness));
  cJSON_AddNumberToObject (object, "specular", rounded (m->specular));
  cJSON_AddItemToObject (object, "specular_color", vec3_json (m->specular_color));
  cJSON_AddItemToObject (object, "sheen_color", vec3_json (m->sheen_color));
  cJSON_AddNumberToObject (object, "sheen_roughness", rounded (m->sheen_roughness));
  cJSON_AddNumberToObject (object, "ior", rounded (m->ior));
  cJSON_AddNumberToObject (object, "glitter_density", rounded (m->glitter_density));
  cJSON_AddNumberToObject (object, "glitter_size", rounded (m->glitter_size));
  if (m->has_glitter_color)
    add_hex (object, "glitter_color", m->glitter_color);
  else
    cJSON_AddNullToObject (object, "glitter_color");
  cJSON_AddNumberToObject (object, "coverage", rounded (m->coverage));
  return object;
}

typedef enum {
  KEY_UNIT,           /* number in [0, 1] */
  KEY_NON_NEGATIVE,
  KEY_IOR,            /* 0 or >= 1 */
  KEY_TRIPLE,         /* [r, g, b] linear, each >= 0 */
  KEY_UNIT_TRIPLE,    /* the same, each in [0, 1] */
  KEY_COLOR,          /* "#rrggbb" or [r, g, b] linear in [0, 1] */
  KEY_COLOR_OR_NULL,
} KeyKind;

typedef struct {
  const char *name;
  KeyKind kind;
  size_t offset;
} MaterialKey;

#define KEY(field, kind) { #field, kind, G_STRUCT_OFFSET (ShMaterial, field) }

static const MaterialKey material_keys[] = {
  KEY (base_color, KEY_COLOR),
  KEY (roughness, KEY_UNIT),
  KEY (metallic, KEY_UNIT),
  KEY (clearcoat, KEY_UNIT),
  KEY (clearcoat_roughness, KEY_UNIT),
  KEY (specular, KEY_UNIT),
  KEY (specular_color, KEY_TRIPLE),
  KEY (sheen_color, KEY_UNIT_TRIPLE),
  KEY (sheen_roughness, KEY_UNIT),
  KEY (ior, KEY_IOR),
  KEY (glitter_density, KEY_NON_NEGATIVE),
  KEY (glitter_size, KEY_NON_NEGATIVE),
  KEY (glitter_color, KEY_COLOR_OR_NULL),
  KEY (coverage, KEY_UNIT),
};

static gboolean
invalid (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError **error, const char *format, ...)
{
  va_list args;
  char *message;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, message);
  g_free (message);
  return FALSE;
}

static gboolean
read_triple (const cJSON *item, const char *name, double low, double high, double out[3], GError **error)
{
  if (!cJSON_IsArray (item) || cJSON_GetArraySize (item) != 3)
    return invalid (error, "'%s' must be an array of 3 numbers", name);
  for (int i = 0; i < 3; i++)
    {
      const cJSON *v = cJSON_GetArrayItem (item, i);
      if (!cJSON_IsNumber (v) || !isfinite (v->valuedouble) || v->valuedouble < low || v->valuedouble > high)
        return invalid (error, "'%s' must hold numbers from %g to %g", name, low, high);
      out[i] = v->valuedouble;
    }
  return TRUE;
}

static gboolean
read_key (ShMaterial *m, const MaterialKey *key, const cJSON *item, GError **error)
{
  double *field = G_STRUCT_MEMBER_P (m, key->offset);
  uint8_t rgb[3];

  switch (key->kind)
    {
    case KEY_UNIT:
    case KEY_NON_NEGATIVE:
    case KEY_IOR:
      if (!cJSON_IsNumber (item) || !isfinite (item->valuedouble))
        return invalid (error, "'%s' must be a number", key->name);
      if (key->kind == KEY_UNIT && (item->valuedouble < 0 || item->valuedouble > 1))
        return invalid (error, "'%s' must be from 0 to 1", key->name);
      if (key->kind == KEY_NON_NEGATIVE && item->valuedouble < 0)
        return invalid (error, "'%s' must not be negative", key->name);
      if (key->kind == KEY_IOR && item->valuedouble != 0 && item->valuedouble < 1)
        return invalid (error, "'%s' must be 0 or at least 1", key->name);
      *field = item->valuedouble;
      return TRUE;
    case KEY_TRIPLE:
      return read_triple (item, key->name, 0, G_MAXDOUBLE, field, error);
    case KEY_UNIT_TRIPLE:
      return read_triple (item, key->name, 0, 1, field, error);
    case KEY_COLOR:
    case KEY_COLOR_OR_NULL:
      if (key->kind == KEY_COLOR_OR_NULL)
        {
          m->has_glitter_color = !cJSON_IsNull (item);
          if (cJSON_IsNull (item))
            return TRUE;
        }
      if (cJSON_IsString (item))
        {
          if (!sh_parse_hex (item->valuestring, rgb))
            return invalid (error, "'%s' must be \"#rrggbb\"", key->name);
          for (int i = 0; i < 3; i++)
            field[i] = sh_srgb_decode (rgb[i] / 255.0);
          return TRUE;
        }
      return read_triple (item, key->name, 0, 1, field, error);
    }
  return FALSE;
}

gboolean
sh_material_update_from_json (ShMaterial *material, const cJSON *json, GError **error)
{
  ShMaterial updated = *material;
  const cJSON *finish = NULL, *item;
  ShMaterialFinish which;

  if (!cJSON_IsObject (json))
    return invalid (error, "a material must be a JSON object");
  cJSON_ArrayForEach (item, json)
    {
      gboolean known = strcmp (item->string, "finish") == 0;

      for (guint i = 0; !known && i < G_N_ELEMENTS (material_keys); i++)
        known = strcmp (item->string, material_keys[i].name) == 0;
      if (!known)
        return invalid (error, "'%s' is not a material parameter", item->string);
      if (strcmp (item->string, "finish") == 0)
        finish = item;
    }
  if (finish)
    {
      if (!cJSON_IsString (finish) || !sh_material_finish_from_name (finish->valuestring, &which))
        return invalid (error, "'finish' must be matte, satin, shiny, gloss or glitter");
      sh_material_set_finish (&updated, which);
    }
  for (guint i = 0; i < G_N_ELEMENTS (material_keys); i++)
    {
      item = cJSON_GetObjectItemCaseSensitive (json, material_keys[i].name);
      if (item && !read_key (&updated, &material_keys[i], item, error))
        return FALSE;
    }
  *material = updated;
  return TRUE;
}

gboolean
sh_material_update_from_file (ShMaterial *material, const char *path, GError **error)
{
  g_autofree char *text = NULL;
  gsize length;
  cJSON *json;
  gboolean ok;

  if (!g_file_get_contents (path, &text, &length, error))
    return FALSE;
  json = cJSON_ParseWithLength (text, length);
  if (!json)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: not valid JSON", path);
      return FALSE;
    }
  ok = sh_material_update_from_json (material, json, error);
  cJSON_Delete (json);
  if (!ok)
    g_prefix_error (error, "%s: ", path);
  return ok;
}

/* ---- a product's material ---- */

const char *const sh_material_parameters[SH_MATERIAL_N_PARAMETERS] = {
  "base_color", "finish", "roughness", "metallic", "clearcoat", "clearcoat_roughness", "specular",
  "specular_color", "sheen_color", "sheen_roughness", "ior", "glitter_density", "glitter_size", "glitter_color",
};

char *
sh_material_number_text (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  for (int precision = 1; precision <= 17; precision++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", precision);
      g_ascii_formatd (buffer, sizeof buffer, format, value);
      if (g_ascii_strtod (buffer, NULL) == value)
        break;
    }
  return g_strdup (buffer);
}

/* The robust swatch of the product's most confident product box that a person drew or accepted, on a photo
 * that was not rejected. */
const char sh_product_material_sql[] =
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
G_STATIC_ASSERT ((int) COL_GLITTER_COLOR == (int) SH_PRODUCT_MATERIAL_COL_GLITTER_COLOR);
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
sh_product_material_from_row (sqlite3_stmt *stmt, ShProductMaterial *product)
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
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;
  int rc;

  if (sqlite3_prepare_v2 (sh_project_get_db (project), sh_product_material_sql, -1, &stmt, NULL) != SQLITE_OK)
    return sh_project_set_error (project, error, "reading the product");
  sqlite3_bind_text (stmt, 1, sku, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      ok = sh_product_material_from_row (stmt, product);
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

/* ---- parameters as text ---- */

static char *
linear_hex (const double linear[3])
{
  uint8_t rgb[3];
  char hex[8];

  sh_linear_srgb_to_srgb8 (linear, rgb);
  sh_format_hex (rgb, hex);
  return g_strdup (hex);
}

static char *
triple_text (const double v[3])
{
  g_autofree char *r = sh_material_number_text (v[0]);
  g_autofree char *g = sh_material_number_text (v[1]);
  g_autofree char *b = sh_material_number_text (v[2]);

  return g_strdup_printf ("[%s,%s,%s]", r, g, b);
}

char *
sh_product_material_value_text (const ShProductMaterial *product, gboolean has_color, const char *parameter)
{
  const ShMaterial *m = &product->material;
  static const struct {
    const char *name;
    size_t offset;
  } numbers[] = {
    { "roughness", G_STRUCT_OFFSET (ShMaterial, roughness) },
    { "metallic", G_STRUCT_OFFSET (ShMaterial, metallic) },
    { "clearcoat", G_STRUCT_OFFSET (ShMaterial, clearcoat) },
    { "clearcoat_roughness", G_STRUCT_OFFSET (ShMaterial, clearcoat_roughness) },
    { "specular", G_STRUCT_OFFSET (ShMaterial, specular) },
    { "sheen_roughness", G_STRUCT_OFFSET (ShMaterial, sheen_roughness) },
    { "ior", G_STRUCT_OFFSET (ShMaterial, ior) },
    { "glitter_density", G_STRUCT_OFFSET (ShMaterial, glitter_density) },
    { "glitter_size", G_STRUCT_OFFSET (ShMaterial, glitter_size) },
  };

  g_return_val_if_fail (parameter != NULL, NULL);

  if (strcmp (parameter, "base_color") == 0)
    return has_color ? linear_hex (m->base_color) : NULL;
  if (strcmp (parameter, "finish") == 0)
    return g_strdup (product->finish);
  if (strcmp (parameter, "specular_color") == 0)
    return triple_text (m->specular_color);
  if (strcmp (parameter, "sheen_color") == 0)
    return triple_text (m->sheen_color);
  if (strcmp (parameter, "glitter_color") == 0)
    return m->has_glitter_color ? linear_hex (m->glitter_color) : NULL;
  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    if (strcmp (parameter, numbers[i].name) == 0)
      return sh_material_number_text (G_STRUCT_MEMBER (double, m, numbers[i].offset));
  g_return_val_if_reached (NULL);
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
  sqlite3 *db = sh_project_get_db (project);
  sqlite3_stmt *stmt = NULL, *bound = NULL;
  ShProductMaterial product;
  gboolean has_color, ok = FALSE;
  int rc;

  if (sqlite3_prepare_v2 (db, sh_product_material_sql, -1, &stmt, NULL) != SQLITE_OK)
    return sh_project_set_error (project, error, "reading a material");
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
  has_color = sh_product_material_from_row (stmt, &product);
  for (guint k = 0; k < SH_MATERIAL_N_PARAMETERS; k++)
    before[k] = sh_product_material_value_text (&product, has_color, sh_material_parameters[k]);
  if (after != NULL)
    {
      /* The same row with the new values in place, through the same rule. */
      int n_columns = sqlite3_column_count (stmt);
      g_autoptr (GString) sql = g_string_new ("SELECT ?1");

      for (int i = 2; i <= n_columns; i++)
        g_string_append_printf (sql, ", ?%d", i);
      if (sqlite3_prepare_v2 (db, sql->str, -1, &bound, NULL) != SQLITE_OK)
        {
          sh_project_set_error (project, error, "reading a material");
          goto out;
        }
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
      has_color = sh_product_material_from_row (bound, &product);
      for (guint k = 0; k < SH_MATERIAL_N_PARAMETERS; k++)
        after[k] = sh_product_material_value_text (&product, has_color, sh_material_parameters[k]);
    }
  ok = TRUE;

out:
  sqlite3_finalize (bound);
  sqlite3_finalize (stmt);
  return ok;
}
