/* SPDX-License-Identifier: GPL-3.0-or-later */
/* swatch-json.c: the JSON form of an extracted swatch. */
#define G_LOG_DOMAIN "shadelab-core"

#include "config.h"

#include "core/formats/swatch-json.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include <gio/gio.h>

static double
round4 (double v)
{
  return round (v * 10000.0) / 10000.0;
}

static cJSON *
triple (const double v[3])
{
  cJSON *array = cJSON_CreateArray ();
  for (int i = 0; i < 3; i++)
    cJSON_AddItemToArray (array, cJSON_CreateNumber (round4 (v[i])));
  return array;
}

void
sh_swatch_add_to_json (cJSON *object, const ShSwatch *swatch)
{
  const int box[4] = { swatch->box.x, swatch->box.y, swatch->box.w, swatch->box.h };
  cJSON *pixels, *finish, *confidence, *glitter;

  cJSON_AddItemToObject (object, "box", cJSON_CreateIntArray (box, 4));
  cJSON_AddStringToObject (object, "method", sh_method_name (swatch->method));
  cJSON_AddStringToObject (object, "srgb", swatch->hex);
  cJSON_AddItemToObject (object, "lab", triple (swatch->lab));
  cJSON_AddItemToObject (object, "linear_rgb", triple (swatch->linear_rgb));
  cJSON_AddBoolToObject (object, "in_gamut", swatch->in_gamut);

  pixels = cJSON_AddObjectToObject (object, "pixels");
  cJSON_AddNumberToObject (pixels, "total", (double) swatch->total);
  for (int c = 0; c < SH_N_PIXEL_CLASSES; c++)
    cJSON_AddNumberToObject (pixels, sh_pixel_class_name ((ShPixelClass) c), (double) swatch->counts[c]);

  cJSON_AddNumberToObject (object, "confidence", round4 (swatch->confidence));
  cJSON_AddStringToObject (object, "reason", sh_extract_reason_name (swatch->reason));
  cJSON_AddNumberToObject (object, "spread", round4 (swatch->spread));

  finish = cJSON_AddObjectToObject (object, "finish");
  cJSON_AddStringToObject (finish, "class", sh_finish_class_name (swatch->finish.finish));
  cJSON_AddNumberToObject (finish, "specular_fraction", round4 (swatch->finish.specular_fraction));
  cJSON_AddNumberToObject (finish, "highlight_peak", round4 (swatch->finish.highlight_peak));
  cJSON_AddNumberToObject (finish, "highlight_contrast", round4 (swatch->finish.highlight_contrast));
  cJSON_AddNumberToObject (finish, "highlight_spread", round4 (swatch->finish.highlight_spread));
  cJSON_AddNumberToObject (finish, "highlight_width", round4 (swatch->finish.highlight_width));
  cJSON_AddNumberToObject (finish, "highlight_edge", round4 (swatch->finish.highlight_edge));
  cJSON_AddNumberToObject (finish, "gloss_score", round4 (swatch->finish.gloss_score));
  confidence = cJSON_AddObjectToObject (finish, "confidence");
  for (int c = SH_FINISH_MATTE; c <= SH_FINISH_GLOSS; c++)
    cJSON_AddNumberToObject (confidence, sh_finish_class_name ((ShFinishClass) c),
                             round4 (swatch->finish.class_confidence[c]));

  glitter = cJSON_AddObjectToObject (object, "glitter");
  cJSON_AddBoolToObject (glitter, "present", swatch->glitter.present);
  cJSON_AddNumberToObject (glitter, "confidence", round4 (swatch->glitter.confidence));
  cJSON_AddNumberToObject (glitter, "density", round4 (swatch->glitter.density));
  cJSON_AddNumberToObject (glitter, "mean_size", round4 (swatch->glitter.mean_size));
  cJSON_AddNumberToObject (glitter, "count", swatch->glitter.count);
  cJSON_AddStringToObject (glitter, "color", swatch->glitter.hex);
  cJSON_AddItemToObject (glitter, "linear_rgb", triple (swatch->glitter.linear_rgb));

  cJSON_AddNumberToObject (object, "algorithm_version", SH_EXTRACT_ALGORITHM_VERSION);
}

static gboolean
member_number (const cJSON *object, const char *name, const char *where, double *value, GError **error)
{
  const cJSON *item = cJSON_GetObjectItemCaseSensitive (object, name);

  if (!cJSON_IsNumber (item) || !isfinite (item->valuedouble))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s%s is %s", where, name,
                   item == NULL ? "missing" : "not a number");
      return FALSE;
    }
  *value = item->valuedouble;
  return TRUE;
}

static gboolean
member_triple (const cJSON *object, const char *name, const char *where, double v[3], GError **error)
{
  const cJSON *item = cJSON_GetObjectItemCaseSensitive (object, name);

  if (!cJSON_IsArray (item) || cJSON_GetArraySize (item) != 3)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s%s is not an array of three numbers", where, name);
      return FALSE;
    }
  for (int i = 0; i < 3; i++)
    {
      const cJSON *n = cJSON_GetArrayItem (item, i);

      if (!cJSON_IsNumber (n) || !isfinite (n->valuedouble))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s%s is not an array of three numbers", where,
                       name);
          return FALSE;
        }
      v[i] = n->valuedouble;
    }
  return TRUE;
}

static gboolean
member_hex (const cJSON *object, const char *name, const char *where, char hex[8], GError **error)
{
  const cJSON *item = cJSON_GetObjectItemCaseSensitive (object, name);
  gboolean ok = cJSON_IsString (item) && strlen (item->valuestring) == 7 && item->valuestring[0] == '#';

  for (int i = 1; ok && i < 7; i++)
    ok = g_ascii_isxdigit (item->valuestring[i]);
  if (!ok)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s%s is not a colour written #rrggbb", where, name);
      return FALSE;
    }
  memcpy (hex, item->valuestring, 8);
  return TRUE;
}

static const cJSON *
member_object (const cJSON *object, const char *name, GError **error)
{
  const cJSON *item = cJSON_GetObjectItemCaseSensitive (object, name);

  if (!cJSON_IsObject (item))
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s is %s", name,
                 item == NULL ? "missing" : "not an object");
  return cJSON_IsObject (item) ? item : NULL;
}

gboolean
sh_swatch_from_json (const cJSON *object, ShSwatch *swatch, GError **error)
{
  const cJSON *item, *pixels, *finish, *confidence, *glitter;
  double v, box[4];

  memset (swatch, 0, sizeof *swatch);
  if (!member_number (object, "algorithm_version", "", &v, error))
    return FALSE;
  if (v != SH_EXTRACT_ALGORITHM_VERSION)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "measured by extraction algorithm version %g, not the current %d: measure it again", v,
                   SH_EXTRACT_ALGORITHM_VERSION);
      return FALSE;
    }
  item = cJSON_GetObjectItemCaseSensitive (object, "box");
  if (!cJSON_IsArray (item) || cJSON_GetArraySize (item) != 4)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "box is not an array of four integers");
      return FALSE;
    }
  for (int i = 0; i < 4; i++)
    {
      const cJSON *n = cJSON_GetArrayItem (item, i);

      if (!cJSON_IsNumber (n) || n->valuedouble != floor (n->valuedouble) || fabs (n->valuedouble) > INT32_MAX / 4)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "box is not an array of four integers");
          return FALSE;
        }
      box[i] = n->valuedouble;
    }
  swatch->box.x = (int) box[0];
  swatch->box.y = (int) box[1];
  swatch->box.w = (int) box[2];
  swatch->box.h = (int) box[3];
  if (swatch->box.w <= 0 || swatch->box.h <= 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "box has no area");
      return FALSE;
    }
  item = cJSON_GetObjectItemCaseSensitive (object, "method");
  if (!cJSON_IsString (item) || !sh_method_from_name (item->valuestring, &swatch->method))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "method is not robust, mean or dominant");
      return FALSE;
    }
  if (!member_hex (object, "srgb", "", swatch->hex, error) || !member_triple (object, "lab", "", swatch->lab, error)
      || !member_triple (object, "linear_rgb", "", swatch->linear_rgb, error)
      || !member_number (object, "confidence", "", &swatch->confidence, error)
      || !member_number (object, "spread", "", &swatch->spread, error))
    return FALSE;
  swatch->in_gamut = cJSON_IsTrue (cJSON_GetObjectItemCaseSensitive (object, "in_gamut"));
  item = cJSON_GetObjectItemCaseSensitive (object, "reason");
  swatch->reason = SH_N_REASONS;
  for (int r = 0; r < SH_N_REASONS && cJSON_IsString (item); r++)
    if (strcmp (item->valuestring, sh_extract_reason_name ((ShExtractReason) r)) == 0)
      swatch->reason = (ShExtractReason) r;
  if (swatch->reason == SH_N_REASONS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "reason is not one Shadelab gives");
      return FALSE;
    }

  if ((pixels = member_object (object, "pixels", error)) == NULL || !member_number (pixels, "total", "pixels.", &v, error))
    return FALSE;
  swatch->total = (int64_t) v;
  for (int c = 0; c < SH_N_PIXEL_CLASSES; c++)
    {
      if (!member_number (pixels, sh_pixel_class_name ((ShPixelClass) c), "pixels.", &v, error))
        return FALSE;
      swatch->counts[c] = (int64_t) v;
    }

  if ((finish = member_object (object, "finish", error)) == NULL)
    return FALSE;
  item = cJSON_GetObjectItemCaseSensitive (finish, "class");
  swatch->finish.finish = (ShFinishClass) -1;
  for (int c = SH_FINISH_MATTE; c <= SH_FINISH_GLOSS && cJSON_IsString (item); c++)
    if (strcmp (item->valuestring, sh_finish_class_name ((ShFinishClass) c)) == 0)
      swatch->finish.finish = (ShFinishClass) c;
  if ((int) swatch->finish.finish < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "finish.class is not matte, satin or gloss");
      return FALSE;
    }
  if (!member_number (finish, "specular_fraction", "finish.", &swatch->finish.specular_fraction, error)
      || !member_number (finish, "highlight_peak", "finish.", &swatch->finish.highlight_peak, error)
      || !member_number (finish, "highlight_contrast", "finish.", &swatch->finish.highlight_contrast, error)
      || !member_number (finish, "highlight_spread", "finish.", &swatch->finish.highlight_spread, error)
      || !member_number (finish, "highlight_width", "finish.", &swatch->finish.highlight_width, error)
      || !member_number (finish, "highlight_edge", "finish.", &swatch->finish.highlight_edge, error)
      || !member_number (finish, "gloss_score", "finish.", &swatch->finish.gloss_score, error))
    return FALSE;
  confidence = cJSON_GetObjectItemCaseSensitive (finish, "confidence");
  for (int c = SH_FINISH_MATTE; c <= SH_FINISH_GLOSS; c++)
    if (!member_number (confidence, sh_finish_class_name ((ShFinishClass) c), "finish.confidence.",
                        &swatch->finish.class_confidence[c], error))
      return FALSE;

  if ((glitter = member_object (object, "glitter", error)) == NULL)
    return FALSE;
  swatch->glitter.present = cJSON_IsTrue (cJSON_GetObjectItemCaseSensitive (glitter, "present"));
  if (!member_number (glitter, "confidence", "glitter.", &swatch->glitter.confidence, error)
      || !member_number (glitter, "density", "glitter.", &swatch->glitter.density, error)
      || !member_number (glitter, "mean_size", "glitter.", &swatch->glitter.mean_size, error)
      || !member_number (glitter, "count", "glitter.", &v, error)
      || !member_hex (glitter, "color", "glitter.", swatch->glitter.hex, error)
      || !member_triple (glitter, "linear_rgb", "glitter.", swatch->glitter.linear_rgb, error))
    return FALSE;
  swatch->glitter.count = (int) v;
  return TRUE;
}
