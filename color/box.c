/* SPDX-License-Identifier: GPL-3.0-or-later */
/* box.c: clipping boxes to an image. */
#include "config.h"

#include "box.h"

#include <stddef.h>
#include <stdint.h>

bool
sh_box_clip (ShBox *box, int width, int height)
{
  int64_t x0, y0, x1, y1;

  if (box == NULL || box->w <= 0 || box->h <= 0 || width <= 0 || height <= 0)
    return false;

  /* 64-bit edges: x + w may overflow int for boxes far outside the image. */
  x0 = box->x;
  y0 = box->y;
  x1 = (int64_t) box->x + box->w;
  y1 = (int64_t) box->y + box->h;
  if (x0 < 0)
    x0 = 0;
  if (y0 < 0)
    y0 = 0;
  if (x1 > width)
    x1 = width;
  if (y1 > height)
    y1 = height;
  /* Nothing inside: the box is left as it was. */
  if (x1 <= x0 || y1 <= y0)
    return false;

  box->x = (int) x0;
  box->y = (int) y0;
  box->w = (int) (x1 - x0);
  box->h = (int) (y1 - y0);
  return true;
}
