/* SPDX-License-Identifier: GPL-3.0-or-later */
/* image.c: allocation of upright RGBA8 images. */
#include "config.h"

#include "image.h"

#include <limits.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <math.h>
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

/* The code value (0-255) whose linear light is nearest v, on a channel's increasing table. */
static uint8_t
encode_linear (const float table[256], float v)
{
  int lo = 0, hi = 255;

  while (lo < hi)
    {
      int mid = (lo + hi) / 2;
      if (table[mid] < v)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo > 0 && v - table[lo - 1] < table[lo] - v)
    lo--;
  return (uint8_t) lo;
}

/* Adds the linear light of row y of image, each source pixel weighted by how much of output pixel x's span
 * it covers (spans of scale source pixels), times weight, into acc (4 floats per output pixel: R, G, B
 * premultiplied by alpha, and alpha). */
static void
accumulate_row (const ShImage *image, int y, double scale, int out_width, float weight, float *acc)
{
  const uint8_t *row = image->pixels + (size_t) y * (size_t) image->stride;

  for (int ox = 0; ox < out_width; ox++)
    {
      double start = ox * scale, end = (ox + 1) * scale;
      int x0 = (int) floor (start), x1 = (int) ceil (end);
      float sum[4] = { 0, 0, 0, 0 };

      if (x1 > image->width)
        x1 = image->width;
      for (int x = x0; x < x1; x++)
        {
          const uint8_t *p = row + (size_t) x * 4;
          double lo = x < start ? start : x, hi = x + 1 > end ? end : x + 1;
          float w = (float) (hi - lo);
          float a = image->has_alpha ? p[3] / 255.0f : 1.0f;

          for (int c = 0; c < 3; c++)
            sum[c] += w * a * image->model.to_linear[c][p[c]];
          sum[3] += w * a;
        }
      for (int c = 0; c < 4; c++)
        acc[(size_t) ox * 4 + c] += weight * sum[c];
    }
}

ShImage *
sh_image_downscale (const ShImage *image, int max_side)
{
  int long_side, out_width, out_height;
  double scale;
  ShImage *out;
  float *acc;

  if (image == NULL || max_side < 1)
    return NULL;
  long_side = image->width > image->height ? image->width : image->height;
  if (long_side <= max_side)
    {
      out = sh_image_new (image->width, image->height);
      if (out == NULL)
        return NULL;
      for (int y = 0; y < image->height; y++)
        memcpy (out->pixels + (size_t) y * (size_t) out->stride, image->pixels + (size_t) y * (size_t) image->stride,
                (size_t) image->width * 4);
    }
  else
    {
      /* One scale for both axes, so that a pixel stays square. */
      scale = (double) long_side / max_side;
      out_width = (int) lround (image->width / scale);
      out_height = (int) lround (image->height / scale);
      if (out_width < 1)
        out_width = 1;
      if (out_height < 1)
        out_height = 1;
      out = sh_image_new (out_width, out_height);
      acc = out != NULL ? malloc ((size_t) out_width * 4 * sizeof (float)) : NULL;
      if (acc == NULL)
        {
          sh_image_free (out);
          return NULL;
        }
      for (int oy = 0; oy < out_height; oy++)
        {
          double start = oy * scale, end = (oy + 1) * scale;
          int y0 = (int) floor (start), y1 = (int) ceil (end);
          uint8_t *dst = out->pixels + (size_t) oy * (size_t) out->stride;

          if (y1 > image->height)
            y1 = image->height;
          memset (acc, 0, (size_t) out_width * 4 * sizeof (float));
          for (int y = y0; y < y1; y++)
            {
              double lo = y < start ? start : y, hi = y + 1 > end ? end : y + 1;
              accumulate_row (image, y, scale, out_width, (float) (hi - lo), acc);
            }
          for (int ox = 0; ox < out_width; ox++)
            {
              const float *a = acc + (size_t) ox * 4;
              uint8_t *p = dst + (size_t) ox * 4;
              /* The covered area: scale x scale but at the right and bottom edges. */
              double area_x = fmin ((ox + 1) * scale, image->width) - ox * scale;
              double area = area_x * (fmin (end, image->height) - start);

              for (int c = 0; c < 3; c++)
                p[c] = a[3] > 0 ? encode_linear (image->model.to_linear[c], a[c] / a[3]) : 0;
              p[3] = image->has_alpha ? (uint8_t) lround (fmin (255.0, 255.0 * a[3] / area)) : 255;
            }
        }
      free (acc);
    }
  out->model = image->model;
  out->source_orientation = image->source_orientation;
  out->has_alpha = image->has_alpha;
  return out;
}

void
sh_image_release_memory_promptly (void)
{
#ifdef __GLIBC__
  /* Setting it also turns off glibc's raising of the threshold. */
  mallopt (M_MMAP_THRESHOLD, 1024 * 1024);
#endif
}
