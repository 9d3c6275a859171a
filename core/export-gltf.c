/* export-gltf.c: one glTF 2.0 file per product that has a colour, DIR/<sku>.gltf.
 *
 * baseColorFactor is linear light, from the first of: the material's artist-calibrated base_color, the
 * robust swatch of the product's most confident "product" box, the catalogue colour. Roughness comes from
 * the material or, when unset, from the finish's starting point (README "Colour conventions"). Extensions
 * are written only when their values differ from the glTF defaults, and are never required. Glitter has no
 * Khronos extension: it travels in the material's extras. A small quad carries the material so viewers and
 * validators have something to show.
 */
#define G_LOG_DOMAIN "shadelab-export"

#include "config.h"

#include <math.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "color/colorspace.h"
#include "core/export-private.h"

typedef struct {
  const char *finish;
  double roughness, clearcoat, clearcoat_roughness;
} FinishDefault;

/* Starting points for an uncalibrated material (mid-range of each finish's span). */
static const FinishDefault finish_defaults[] = {
  { "matte", 0.75, 0, 0 },
  { "satin", 0.45, 0, 0 },
  { "shiny", 0.28, 0.5, 0.1 },
  { "gloss", 0.4, 1.0, 0.04 },
  { "glitter", 0.45, 0, 0 },
};

static const FinishDefault unknown_finish = { NULL, 0.5, 0, 0 };

static const FinishDefault *
finish_default (const char *finish)
{
  for (guint i = 0; finish && i < G_N_ELEMENTS (finish_defaults); i++)
    if (strcmp (finish, finish_defaults[i].finish) == 0)
      return &finish_defaults[i];
  return &unknown_finish;
}

static const char product_query[] =
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
  "ORDER BY p.sku";

enum {
  COL_ID, COL_SKU, COL_BRAND, COL_SHADE, COL_CATEGORY, COL_CATALOG,
  COL_MATERIAL, COL_BASE, COL_FINISH, COL_ROUGHNESS, COL_METALLIC, COL_CLEARCOAT, COL_CLEARCOAT_ROUGHNESS,
  COL_SPECULAR, COL_SPECULAR_COLOR, COL_SHEEN_COLOR, COL_SHEEN_ROUGHNESS, COL_IOR, COL_GLITTER_DENSITY,
  COL_GLITTER_SIZE, COL_GLITTER_COLOR,
  COL_SWATCH_R, COL_SWATCH_G, COL_SWATCH_B, COL_SWATCH_SRGB, COL_SWATCH_FINISH, COL_SWATCH_BOX,
};

static double
rounded (double value)
{
  return round (value * 1e6) / 1e6;
}

static cJSON *
number_array (const double *values, int n)
{
  cJSON *array = cJSON_CreateArray ();

  for (int i = 0; i < n; i++)
    cJSON_AddItemToArray (array, cJSON_CreateNumber (rounded (values[i])));
  return array;
}

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

/* "[r,g,b]" as stored; falls back to fallback when unreadable. */
static void
parse_vec3 (const char *text, const double fallback[3], double out[3])
{
  cJSON *json = text ? cJSON_Parse (text) : NULL;

  memcpy (out, fallback, 3 * sizeof (double));
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

/* A 1 x 1 quad facing +Z: positions, normals, two triangles. */
static void
add_quad (cJSON *root, const char *name)
{
  static const float positions[12] = { -0.5f, -0.5f, 0, 0.5f, -0.5f, 0, 0.5f, 0.5f, 0, -0.5f, 0.5f, 0 };
  static const float normals[12] = { 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1 };
  static const guint16 indices[6] = { 0, 1, 2, 0, 2, 3 };
  guint8 bytes[sizeof positions + sizeof normals + sizeof indices];
  g_autofree char *base64 = NULL;
  g_autofree char *uri = NULL;
  cJSON *array, *object, *primitive, *attributes;
  const double min[3] = { -0.5, -0.5, 0 }, max[3] = { 0.5, 0.5, 0 };

  /* glTF buffers are little-endian. */
  for (int i = 0; i < 12; i++)
    {
      guint32 p, n;
      memcpy (&p, &positions[i], 4);
      memcpy (&n, &normals[i], 4);
      p = GUINT32_TO_LE (p);
      n = GUINT32_TO_LE (n);
      memcpy (bytes + 4 * i, &p, 4);
      memcpy (bytes + sizeof positions + 4 * i, &n, 4);
    }
  for (int i = 0; i < 6; i++)
    {
      guint16 v = GUINT16_TO_LE (indices[i]);
      memcpy (bytes + sizeof positions + sizeof normals + 2 * i, &v, 2);
    }
  base64 = g_base64_encode (bytes, sizeof bytes);
  uri = g_strconcat ("data:application/octet-stream;base64,", base64, NULL);

  array = cJSON_AddArrayToObject (root, "buffers");
  object = cJSON_CreateObject ();
  cJSON_AddNumberToObject (object, "byteLength", sizeof bytes);
  cJSON_AddStringToObject (object, "uri", uri);
  cJSON_AddItemToArray (array, object);

  array = cJSON_AddArrayToObject (root, "bufferViews");
  const size_t offsets[3] = { 0, sizeof positions, sizeof positions + sizeof normals };
  const size_t lengths[3] = { sizeof positions, sizeof normals, sizeof indices };
  for (int i = 0; i < 3; i++)
    {
      object = cJSON_CreateObject ();
      cJSON_AddNumberToObject (object, "buffer", 0);
      cJSON_AddNumberToObject (object, "byteOffset", offsets[i]);
      cJSON_AddNumberToObject (object, "byteLength", lengths[i]);
      cJSON_AddNumberToObject (object, "target", i < 2 ? 34962 : 34963);   /* ARRAY / ELEMENT_ARRAY */
      cJSON_AddItemToArray (array, object);
    }

  array = cJSON_AddArrayToObject (root, "accessors");
  for (int i = 0; i < 3; i++)
    {
      object = cJSON_CreateObject ();
      cJSON_AddNumberToObject (object, "bufferView", i);
      cJSON_AddNumberToObject (object, "componentType", i < 2 ? 5126 : 5123);   /* FLOAT / UNSIGNED_SHORT */
      cJSON_AddNumberToObject (object, "count", i < 2 ? 4 : 6);
      cJSON_AddStringToObject (object, "type", i < 2 ? "VEC3" : "SCALAR");
      if (i == 0)
        {
          cJSON_AddItemToObject (object, "min", number_array (min, 3));
          cJSON_AddItemToObject (object, "max", number_array (max, 3));
        }
      cJSON_AddItemToArray (array, object);
    }

  array = cJSON_AddArrayToObject (root, "meshes");
  object = cJSON_CreateObject ();
  cJSON_AddStringToObject (object, "name", name);
  primitive = cJSON_CreateObject ();
  attributes = cJSON_AddObjectToObject (primitive, "attributes");
  cJSON_AddNumberToObject (attributes, "POSITION", 0);
  cJSON_AddNumberToObject (attributes, "NORMAL", 1);
  cJSON_AddNumberToObject (primitive, "indices", 2);
  cJSON_AddNumberToObject (primitive, "material", 0);
  cJSON_AddItemToArray (cJSON_AddArrayToObject (object, "primitives"), primitive);
  cJSON_AddItemToArray (array, object);
}

static char *
product_gltf (sqlite3_stmt *stmt, const double base[3], const char *color_source)
{
  static const double white[3] = { 1, 1, 1 }, black[3] = { 0, 0, 0 };
  const char *sku = (const char *) sqlite3_column_text (stmt, COL_SKU);
  const char *brand = (const char *) sqlite3_column_text (stmt, COL_BRAND);
  const char *shade = (const char *) sqlite3_column_text (stmt, COL_SHADE);
  const char *material_finish = (const char *) sqlite3_column_text (stmt, COL_FINISH);
  const char *swatch_finish = (const char *) sqlite3_column_text (stmt, COL_SWATCH_FINISH);
  const char *glitter_hex = (const char *) sqlite3_column_text (stmt, COL_GLITTER_COLOR);
  /* The photo's "gloss" is a lit, lacquered bullet: the material table's "shiny". */
  const char *finish = material_finish ? material_finish
                       : g_strcmp0 (swatch_finish, "gloss") == 0 ? "shiny" : swatch_finish;
  const FinishDefault *defaults = finish_default (finish);
  gboolean calibrated_roughness = sqlite3_column_type (stmt, COL_ROUGHNESS) != SQLITE_NULL;
  double roughness = column_double (stmt, COL_ROUGHNESS, defaults->roughness);
  double metallic = column_double (stmt, COL_METALLIC, 0);
  double clearcoat = column_double (stmt, COL_CLEARCOAT, 0);
  double clearcoat_roughness = column_double (stmt, COL_CLEARCOAT_ROUGHNESS, 0);
  double specular = column_double (stmt, COL_SPECULAR, 1);
  double sheen_roughness = column_double (stmt, COL_SHEEN_ROUGHNESS, 0);
  double ior = column_double (stmt, COL_IOR, 1.5);
  double glitter_density = column_double (stmt, COL_GLITTER_DENSITY, 0);
  double glitter_size = column_double (stmt, COL_GLITTER_SIZE, 0);
  double specular_color[3], sheen_color[3], color4[4] = { base[0], base[1], base[2], 1 };
  double lab[3], glitter_linear[3];
  uint8_t srgb8[3];
  char hex[8];
  g_autofree char *material_name = NULL;
  cJSON *root = cJSON_CreateObject ();
  cJSON *object, *material, *pbr, *extensions, *used, *extras, *shadelab;
  char *text;

  parse_vec3 ((const char *) sqlite3_column_text (stmt, COL_SPECULAR_COLOR), white, specular_color);
  parse_vec3 ((const char *) sqlite3_column_text (stmt, COL_SHEEN_COLOR), black, sheen_color);
  if (clearcoat <= 0 && !calibrated_roughness)
    {
      clearcoat = defaults->clearcoat;
      clearcoat_roughness = defaults->clearcoat_roughness;
    }
  for (int i = 0; i < 3; i++)
    {
      specular_color[i] = MAX (specular_color[i], 0);
      sheen_color[i] = CLAMP (sheen_color[i], 0, 1);
    }

  object = cJSON_AddObjectToObject (root, "asset");
  cJSON_AddStringToObject (object, "version", "2.0");
  cJSON_AddStringToObject (object, "generator", "Shadelab " PACKAGE_VERSION);
  used = cJSON_CreateArray ();

  cJSON_AddNumberToObject (root, "scene", 0);
  object = cJSON_CreateObject ();
  cJSON_AddStringToObject (object, "name", sku);
  cJSON_AddItemToArray (cJSON_AddArrayToObject (object, "nodes"), cJSON_CreateNumber (0));
  cJSON_AddItemToArray (cJSON_AddArrayToObject (root, "scenes"), object);
  object = cJSON_CreateObject ();
  cJSON_AddStringToObject (object, "name", sku);
  cJSON_AddNumberToObject (object, "mesh", 0);
  cJSON_AddItemToArray (cJSON_AddArrayToObject (root, "nodes"), object);

  material = cJSON_CreateObject ();
  material_name = brand || shade ? g_strjoin (" ", brand ? brand : "", shade ? shade : "", NULL) : g_strdup (sku);
  cJSON_AddStringToObject (material, "name", g_strstrip (material_name));
  pbr = cJSON_AddObjectToObject (material, "pbrMetallicRoughness");
  cJSON_AddItemToObject (pbr, "baseColorFactor", number_array (color4, 4));
  cJSON_AddNumberToObject (pbr, "metallicFactor", rounded (metallic));
  cJSON_AddNumberToObject (pbr, "roughnessFactor", rounded (roughness));

  extensions = cJSON_CreateObject ();
  if (clearcoat > 0)
    {
      object = cJSON_AddObjectToObject (extensions, "KHR_materials_clearcoat");
      cJSON_AddNumberToObject (object, "clearcoatFactor", rounded (clearcoat));
      if (clearcoat_roughness > 0)
        cJSON_AddNumberToObject (object, "clearcoatRoughnessFactor", rounded (clearcoat_roughness));
      cJSON_AddItemToArray (used, cJSON_CreateString ("KHR_materials_clearcoat"));
    }
  if (specular != 1 || memcmp (specular_color, white, sizeof white) != 0)
    {
      object = cJSON_AddObjectToObject (extensions, "KHR_materials_specular");
      cJSON_AddNumberToObject (object, "specularFactor", rounded (specular));
      cJSON_AddItemToObject (object, "specularColorFactor", number_array (specular_color, 3));
      cJSON_AddItemToArray (used, cJSON_CreateString ("KHR_materials_specular"));
    }
  if (memcmp (sheen_color, black, sizeof black) != 0 || sheen_roughness != 0)
    {
      object = cJSON_AddObjectToObject (extensions, "KHR_materials_sheen");
      cJSON_AddItemToObject (object, "sheenColorFactor", number_array (sheen_color, 3));
      cJSON_AddNumberToObject (object, "sheenRoughnessFactor", rounded (sheen_roughness));
      cJSON_AddItemToArray (used, cJSON_CreateString ("KHR_materials_sheen"));
    }
  if (ior != 1.5 && (ior == 0 || ior >= 1))
    {
      object = cJSON_AddObjectToObject (extensions, "KHR_materials_ior");
      cJSON_AddNumberToObject (object, "ior", rounded (ior));
      cJSON_AddItemToArray (used, cJSON_CreateString ("KHR_materials_ior"));
    }
  if (cJSON_GetArraySize (used) > 0)
    cJSON_AddItemToObject (material, "extensions", extensions);
  else
    cJSON_Delete (extensions);

  sh_linear_srgb_to_lab (base, lab);
  sh_linear_srgb_to_srgb8 (base, srgb8);
  sh_format_hex (srgb8, hex);
  extras = cJSON_AddObjectToObject (material, "extras");
  shadelab = cJSON_AddObjectToObject (extras, "shadelab");
  cJSON_AddStringToObject (shadelab, "sku", sku);
  brand ? (void) cJSON_AddStringToObject (shadelab, "brand", brand) : (void) cJSON_AddNullToObject (shadelab, "brand");
  shade ? (void) cJSON_AddStringToObject (shadelab, "shade", shade) : (void) cJSON_AddNullToObject (shadelab, "shade");
  cJSON_AddStringToObject (shadelab, "color_source", color_source);
  cJSON_AddStringToObject (shadelab, "srgb", hex);
  cJSON_AddItemToObject (shadelab, "lab_d50", number_array (lab, 3));
  finish ? (void) cJSON_AddStringToObject (shadelab, "finish", finish)
         : (void) cJSON_AddNullToObject (shadelab, "finish");
  if (glitter_density > 0)
    {
      object = cJSON_AddObjectToObject (shadelab, "glitter");
      cJSON_AddNumberToObject (object, "density", rounded (glitter_density));
      cJSON_AddNumberToObject (object, "size_mm", rounded (glitter_size));
      if (hex_to_linear (glitter_hex, glitter_linear))
        {
          cJSON_AddStringToObject (object, "color", glitter_hex);
          cJSON_AddItemToObject (object, "color_linear", number_array (glitter_linear, 3));
        }
      else
        cJSON_AddNullToObject (object, "color_linear");
    }
  cJSON_AddItemToArray (cJSON_AddArrayToObject (root, "materials"), material);

  add_quad (root, sku);
  if (cJSON_GetArraySize (used) > 0)
    cJSON_AddItemToObject (root, "extensionsUsed", used);
  else
    cJSON_Delete (used);

  text = cJSON_Print (root);
  cJSON_Delete (root);
  return text;
}

gboolean
sh_export_gltf (ShProject *project, ShExportFiles *files, ShExportSummary *summary, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  g_autoptr (GHashTable) used_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gboolean ok = TRUE;
  int rc;

  if (sqlite3_prepare_v2 (sh_project_get_db (project), product_query, -1, &stmt, NULL) != SQLITE_OK)
    return sh_project_set_error (project, error, "reading the products");
  while (ok && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *sku = (const char *) sqlite3_column_text (stmt, COL_SKU);
      const char *color_source = NULL;
      double base[3];
      g_autofree char *safe = NULL;
      g_autofree char *lower = NULL;
      g_autofree char *relative = NULL;
      char *text;
      ShExportFile *file;

      if (hex_to_linear ((const char *) sqlite3_column_text (stmt, COL_BASE), base))
        color_source = "material";
      else if (sqlite3_column_type (stmt, COL_SWATCH_BOX) != SQLITE_NULL)
        {
          color_source = "swatch";
          for (int i = 0; i < 3; i++)
            base[i] = CLAMP (sqlite3_column_double (stmt, COL_SWATCH_R + i), 0, 1);
        }
      else if (hex_to_linear ((const char *) sqlite3_column_text (stmt, COL_CATALOG), base))
        color_source = "catalog";
      if (!color_source)
        {
          summary->products_skipped++;
          continue;
        }

      /* Unique even on a case-insensitive file system. */
      safe = sh_export_safe_name (sku);
      lower = g_ascii_strdown (safe, -1);
      if (g_hash_table_contains (used_names, lower))
        {
          char *unique = g_strdup_printf ("%s-%" G_GINT64_FORMAT, safe,
                                          (gint64) sqlite3_column_int64 (stmt, COL_ID));
          g_free (safe);
          safe = unique;
          g_free (lower);
          lower = g_ascii_strdown (safe, -1);
        }
      g_hash_table_add (used_names, g_steal_pointer (&lower));
      relative = g_strconcat (safe, ".gltf", NULL);

      text = product_gltf (stmt, base, color_source);
      file = sh_export_files_create (files, relative, error);
      if (!file)
        ok = FALSE;
      else
        {
          fputs (text, file->fp);
          putc ('\n', file->fp);
          ok = sh_export_files_close (files, file, error);
        }
      cJSON_free (text);
      if (ok)
        summary->products++;
    }
  if (ok && rc != SQLITE_DONE)
    ok = sh_project_set_error (project, error, "reading the products");
  sqlite3_finalize (stmt);
  return ok;
}
