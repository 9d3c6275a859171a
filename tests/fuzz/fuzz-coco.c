/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-coco.c: the COCO prediction parser on arbitrary bytes. It must refuse or accept, never crash, and
 * what it accepts must hold the promises of annotations.h. */
#include "config.h"

#include <math.h>
#include <stdint.h>

#include "core/formats/annotations.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  GError *error = NULL;
  ShCocoSet *set = sh_coco_parse ((const char *) data, size, &error);

  if (set == NULL)
    {
      if (error == NULL || error->domain != SH_COCO_ERROR)
        __builtin_trap ();
      g_error_free (error);
      return 0;
    }
  for (guint i = 0; i < set->boxes->len; i++)
    {
      const ShCocoBox *box = &g_array_index (set->boxes, ShCocoBox, i);
      const ShCocoImage *image;
      double x = box->x, y = box->y, w = box->w, h = box->h;

      if (box->image >= set->images->len || box->category >= set->category_names->len)
        __builtin_trap ();
      if (!(box->w > 0) || !(box->h > 0) || !isfinite (box->x) || !isfinite (box->y) || box->score > 1)
        __builtin_trap ();
      image = g_ptr_array_index (set->images, box->image);
      if (image->width <= 0 || image->height <= 0 || image->file_name == NULL)
        __builtin_trap ();
      /* Mapping through any orientation keeps the size positive. */
      sh_coco_box_to_upright ((int) (i % 8) + 1, image->width, image->height, &x, &y, &w, &h);
      if (!(w > 0) || !(h > 0))
        __builtin_trap ();
    }
  sh_coco_set_free (set);
  return 0;
}
