/* swatch-json.c: the JSON form of an extracted swatch. */
#define G_LOG_DOMAIN "shadelab-core"

#include "config.h"

#include "core/formats/swatch-json.h"

#include <math.h>

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
