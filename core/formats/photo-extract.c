/* SPDX-License-Identifier: GPL-3.0-or-later */
/* photo-extract.c: a box of a decoded photo measured and written as the JSON object of `shadelab-cli extract`. */
#define G_LOG_DOMAIN "shadelab-core"

#include "config.h"

#include "core/formats/photo-extract.h"

#include <math.h>
#include <stdlib.h>

#include "core/formats/swatch-json.h"

G_DEFINE_QUARK (sh-photo-extract-error-quark, sh_photo_extract_error)

static int
compare_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

cJSON *
sh_photo_extract_json (const ShLoadedImage *loaded, const char *shown_path, ShBox box, ShMethod method, int repeat,
                       GError **error)
{
  ShSwatch swatch, described;
  ShBox clipped = box;

  g_return_val_if_fail (repeat >= 0, NULL);
  if (!sh_box_clip (&clipped, loaded->image->width, loaded->image->height))
    {
      g_set_error (error, SH_PHOTO_EXTRACT_ERROR, SH_PHOTO_EXTRACT_ERROR_OUTSIDE,
                   "%s: box %d,%d,%d,%d lies wholly outside the %dx%d image", shown_path, box.x, box.y, box.w,
                   box.h, loaded->image->width, loaded->image->height);
      return NULL;
    }

  double extract_ms = 0, finish_ms;

  if (repeat > 0)
    {
      double *times = g_new (double, repeat);
      for (int i = 0; i < repeat; i++)
        {
          gint64 start = g_get_monotonic_time ();
          if (!sh_extract (loaded->image, box, method, &swatch, NULL))
            {
              g_free (times);
              g_set_error (error, SH_PHOTO_EXTRACT_ERROR, SH_PHOTO_EXTRACT_ERROR_FAILED,
                           "%s: extraction failed (out of memory?)", shown_path);
              return NULL;
            }
          times[i] = (g_get_monotonic_time () - start) / 1000.0;
        }
      qsort (times, repeat, sizeof *times, compare_double);
      extract_ms = repeat % 2 ? times[repeat / 2] : 0.5 * (times[repeat / 2 - 1] + times[repeat / 2]);
      g_free (times);
    }

  /* Finish and glitter describe the product, whatever method measured its colour (they come from the
   * robust classification); timed on their own. */
  gint64 finish_start = g_get_monotonic_time ();
  if (sh_extract_with_finish (loaded->image, box, method, &described, NULL))
    {
      if (repeat == 0)
        swatch = described;
      swatch.finish = described.finish;
      swatch.glitter = described.glitter;
    }
  else if (repeat == 0)
    {
      g_set_error (error, SH_PHOTO_EXTRACT_ERROR, SH_PHOTO_EXTRACT_ERROR_FAILED,
                   "%s: extraction failed (out of memory?)", shown_path);
      return NULL;
    }
  finish_ms = (g_get_monotonic_time () - finish_start) / 1000.0;
  if (repeat == 0)
    extract_ms = finish_ms;

  cJSON *json = cJSON_CreateObject ();
  cJSON_AddStringToObject (json, "image", shown_path);
  sh_swatch_add_to_json (json, &swatch);
  cJSON *image = cJSON_AddObjectToObject (json, "image_info");
  cJSON_AddNumberToObject (image, "width", loaded->image->width);
  cJSON_AddNumberToObject (image, "height", loaded->image->height);
  cJSON_AddNumberToObject (image, "orientation", loaded->image->source_orientation);
  cJSON_AddStringToObject (image, "format", loaded->format_name);
  cJSON_AddStringToObject (image, "profile", loaded->profile_name);
  cJSON_AddBoolToObject (json, "box_clipped",
                         clipped.x != box.x || clipped.y != box.y || clipped.w != box.w || clipped.h != box.h);
  cJSON *timing = cJSON_AddObjectToObject (json, "timing");
  cJSON_AddNumberToObject (timing, "decode_ms", round (loaded->decode_ms * 1000) / 1000);
  cJSON_AddNumberToObject (timing, "extract_ms", round (extract_ms * 1000) / 1000);
  cJSON_AddNumberToObject (timing, "finish_ms", round (finish_ms * 1000) / 1000);
  cJSON_AddNumberToObject (timing, "repeat", repeat);
  return json;
}
