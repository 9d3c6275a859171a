/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-annotations.c: the Pascal VOC, CVAT and labelme readers on arbitrary bytes (the first byte picks the
 * reader). Each must refuse or accept, never crash, and what it accepts must hold the promises of
 * annotations.h: boxes with a size above zero, finite, on an image and a class of the set. */
#include "config.h"

#include <math.h>
#include <stdint.h>

#include "core/formats/annotations-readers.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  GError *error = NULL;
  ShCocoSet *set;

  if (size < 1)
    return 0;
  switch (data[0] % 3)
    {
    case 0: set = sh_voc_parse ((const char *) data + 1, size - 1, "/fuzz", &error); break;
    case 1: set = sh_cvat_parse ((const char *) data + 1, size - 1, "/fuzz", &error); break;
    default: set = sh_labelme_parse ((const char *) data + 1, size - 1, "/fuzz", &error); break;
    }
  if (set == NULL)
    {
      if (error == NULL)
        __builtin_trap ();
      g_error_free (error);
      return 0;
    }
  for (guint i = 0; i < set->boxes->len; i++)
    {
      const ShCocoBox *box = &g_array_index (set->boxes, ShCocoBox, i);

      if (box->image >= set->images->len || box->category >= set->category_names->len)
        __builtin_trap ();
      if (!(box->w > 0) || !(box->h > 0) || !isfinite (box->x) || !isfinite (box->y) || !isfinite (box->w)
          || !isfinite (box->h))
        __builtin_trap ();
    }
  sh_coco_set_free (set);
  return 0;
}
