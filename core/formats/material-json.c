/* SPDX-License-Identifier: GPL-3.0-or-later */
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
