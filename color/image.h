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
/* Makes buffers of a megabyte and more (photos, previews, decoder scratch) go back to the system as soon as they
 * are freed. glibc otherwise raises its threshold for that to 32 MB after the first large free and keeps smaller
 * photo buffers in its per-thread pools, where a session flipping through photos on several threads piles them
 * up. Call once at start-up, before any thread is made; a no-op where the C library has no such setting. */
void sh_image_release_memory_promptly (void);

/* The image scaled down so that its long side is at most max_side (aspect kept, each side at least 1), as an
 * area average in linear light through the image's own model (a hard edge stays within one pixel, and the
 * mean colour of a region is kept); the same model, orientation and alpha flag. A copy when the image is no
 * larger already. NULL on overflow or OOM, or for max_side < 1. */
ShImage *sh_image_downscale (const ShImage *image, int max_side);
