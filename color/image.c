/* SPDX-License-Identifier: GPL-3.0-or-later */
/* image.c: allocation of upright RGBA8 images. */
#include "config.h"

#include "image.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

ShImage *
sh_image_new (int width, int height)
{
  ShImage *image;
  size_t stride, size;

  if (width <= 0 || height <= 0)
    return NULL;
  /* The stride is an int, and rows are indexed as y * stride in int-sized arithmetic elsewhere. */
  if (width > INT_MAX / 4)
    return NULL;
  stride = (size_t) width * 4;
  if ((size_t) height > SIZE_MAX / stride)
    return NULL;
  size = stride * (size_t) height;

  image = calloc (1, sizeof *image);
  if (image == NULL)
    return NULL;
  image->pixels = malloc (size);
  if (image->pixels == NULL)
    {
      free (image);
      return NULL;
    }
  /* Opaque white: every byte of R, G, B and A is 0xff. */
  memset (image->pixels, 0xff, size);

  image->width = width;
  image->height = height;
  image->stride = (int) stride;
  image->source_orientation = 1;
  image->has_alpha = 0;
  sh_color_model_init_srgb (&image->model);
  return image;
}

void
sh_image_free (ShImage *image)
{
  if (image == NULL)
    return;
  free (image->pixels);
  free (image);
}
