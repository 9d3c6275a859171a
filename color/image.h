/* SPDX-License-Identifier: GPL-3.0-or-later */
/* image.h: an upright RGBA8 image with its colour model, as the loader delivers it. */
#pragma once

#include <stdint.h>

#include "color-model.h"

typedef struct {
  int width, height;        /* upright (EXIF orientation applied) */
  int stride;               /* bytes per row, >= 4 * width */
  uint8_t *pixels;          /* R, G, B, A bytes; A is 255 for opaque formats */
  ShColorModel model;
  int source_orientation;   /* EXIF orientation 1-8 found in the file (1 when absent) */
  int has_alpha;
} ShImage;

/* Allocates an opaque-white image of the given size with an sRGB model; NULL on overflow or OOM. */
ShImage *sh_image_new (int width, int height);
void sh_image_free (ShImage *image);
