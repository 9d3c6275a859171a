/* SPDX-License-Identifier: GPL-3.0-or-later */
/* export-gltf.c: one glTF 2.0 file per product that has a colour, DIR/<sku>.gltf.
 *
 * baseColorFactor is linear light, from the first of: the material's artist-calibrated base_color, the
 * robust swatch of the product's most confident "product" box, the catalogue colour. Roughness comes from
 * the material or, when unset, from the finish's starting point (README "Colour conventions"). That rule is
 * core/store/project-materials.h's, which the skin renderer shares. Extensions
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
#include "core/formats/color-names.h"
#include "core/formats/export-private.h"
#include "core/formats/material-json.h"

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
product_gltf (const ShProductMaterialEntry *entry)
{
  static const double white[3] = { 1, 1, 1 }, black[3] = { 0, 0, 0 };
  const ShProductMaterial *product = &entry->resolved;
  const ShMaterial *m = &product->material;
  const double *base = m->base_color, *specular_color = m->specular_color, *sheen_color = m->sheen_color;
  const char *color_source = product->color_source;
  const char *sku = entry->sku, *brand = entry->brand, *shade = entry->shade;
  const char *glitter_hex = entry->glitter_color;
  const char *finish = product->finish;
  double roughness = m->roughness, metallic = m->metallic;
  double clearcoat = m->clearcoat, clearcoat_roughness = m->clearcoat_roughness;
  double specular = m->specular, sheen_roughness = m->sheen_roughness, ior = m->ior;
  double glitter_density = m->glitter_density, glitter_size = m->glitter_size;
  double color4[4] = { base[0], base[1], base[2], 1 };
  double lab[3], glitter_linear[3];
  ShColorNames names;
  uint8_t srgb8[3];
  char hex[8];
  g_autofree char *material_name = NULL;
  cJSON *root = cJSON_CreateObject ();
  cJSON *object, *material, *pbr, *extensions, *used, *extras, *shadelab;
  char *text;


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
  /* The names of the exported colour, last so that the keys before keep their order. */
  if (sh_color_names (lab, &names))
    {
      cJSON *named = sh_color_names_json (&names);
      cJSON_AddItemToObject (shadelab, "iscc_nbs", cJSON_DetachItemFromObject (named, "iscc_nbs"));
      cJSON_AddItemToObject (shadelab, "cosmetic", cJSON_DetachItemFromObject (named, "cosmetic"));
      cJSON_Delete (named);
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
  g_autoptr (GHashTable) used_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GPtrArray) products = sh_project_list_product_materials (project, error);
  gboolean ok = TRUE;

  if (products == NULL)
    return FALSE;
  for (guint i = 0; ok && i < products->len; i++)
    {
      const ShProductMaterialEntry *product = g_ptr_array_index (products, i);
      g_autofree char *safe = NULL;
      g_autofree char *lower = NULL;
      g_autofree char *relative = NULL;
      char *text;
      ShExportFile *file;

      if (!product->has_color)
        {
          summary->products_skipped++;
          continue;
        }

      /* Unique even on a case-insensitive file system. */
      safe = sh_export_safe_name (product->sku);
      lower = g_ascii_strdown (safe, -1);
      if (g_hash_table_contains (used_names, lower))
        {
          char *unique = g_strdup_printf ("%s-%" G_GINT64_FORMAT, safe, product->id);
          g_free (safe);
          safe = unique;
          g_free (lower);
          lower = g_ascii_strdown (safe, -1);
        }
      g_hash_table_add (used_names, g_steal_pointer (&lower));
      relative = g_strconcat (safe, ".gltf", NULL);

      text = product_gltf (product);
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
  return ok;
}
