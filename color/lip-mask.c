/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lip-mask.c: exact-area polygon coverage (see lip-mask.h).
 *
 * The rasteriser is the signed-area accumulation of font renderers (Levien's font-rs): each edge adds, in
 * every row it crosses, the signed area it contributes to each pixel's right, as differences along the row;
 * a running sum along the row then gives each pixel's area inside. It costs one pass over the rectangle plus
 * work proportional to the edges' length, whatever the polygon's complexity.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lip-mask.h"

#define MAX_COORDINATE 1e6

/* acc has rows of width + 2 cells (the spill of an edge at the right border). Coordinates are relative to
 * the rectangle's corner. */
static void
accumulate_edge (float *acc, int width, int height, double ax, double ay, double bx, double by)
{
  const int stride = width + 2;
  double dir, dxdy, x;
  int y_start, y_end;

  if (ay == by)
    return;
  dir = 1;
  if (ay > by)
    {
      double t;

      t = ax, ax = bx, bx = t;
      t = ay, ay = by, by = t;
      dir = -1;
    }
  dxdy = (bx - ax) / (by - ay);
  x = ax;
  if (ay < 0)
    {
      x -= ay * dxdy;
      ay = 0;
    }
  y_start = (int) floor (ay);
  y_end = (int) fmin (height, ceil (by));
  for (int y = y_start; y < y_end; y++)
    {
      float *row = acc + (size_t) y * stride;
      double dy = fmin (y + 1, by) - fmax (y, ay);
      double x_next = x + dxdy * dy;
      double d = dy * dir;
      double x0 = fmin (x, x_next), x1 = fmax (x, x_next);
      double x0_floor = floor (x0), x1_ceil = ceil (x1);
      int x0i = (int) x0_floor, x1i = (int) x1_ceil;

      if (x1i <= x0i + 1)
        {
          /* Within one pixel: the area right of the edge's mean position stays in it, the rest moves on. */
          double xm = 0.5 * (x + x_next) - x0_floor;

          row[x0i] += (float) (d - d * xm);
          row[x0i + 1] += (float) (d * xm);
        }
      else
        {
          double s = 1 / (x1 - x0);
          double x0f = x0 - x0_floor;
          double a0 = 0.5 * s * (1 - x0f) * (1 - x0f);
          double x1f = x1 - x1_ceil + 1;
          double am = 0.5 * s * x1f * x1f;

          row[x0i] += (float) (d * a0);
          if (x1i == x0i + 2)
            row[x0i + 1] += (float) (d * (1 - a0 - am));
          else
            {
              double a1 = s * (1.5 - x0f);
              double a2 = a1 + (x1i - x0i - 3) * s;

              row[x0i + 1] += (float) (d * (a1 - a0));
              for (int xi = x0i + 2; xi < x1i - 1; xi++)
                row[xi] += (float) (d * s);
              row[x1i - 1] += (float) (d * (1 - a2 - am));
            }
          row[x1i] += (float) (d * am);
        }
      x = x_next;
    }
}

bool
sh_polygon_accumulate (const ShPoint *points, int n_points, int x0, int y0, int width, int height,
                       float *coverage)
{
  const int stride = width + 2;
  float *acc;

  if (n_points < 3 || width <= 0 || height <= 0)
    return false;
  for (int i = 0; i < n_points; i++)
    if (!(points[i].x >= x0 && points[i].x <= x0 + width) || !isfinite (points[i].y))
      return false;
  acc = calloc ((size_t) stride * height, sizeof *acc);
  if (!acc)
    return false;
  for (int i = 0; i < n_points; i++)
    {
      const ShPoint *a = &points[i], *b = &points[(i + 1) % n_points];

      accumulate_edge (acc, width, height, a->x - x0, a->y - y0, b->x - x0, b->y - y0);
    }
  for (int y = 0; y < height; y++)
    {
      const float *row = acc + (size_t) y * stride;
      float *out = coverage + (size_t) y * width;
      float sum = 0;

      for (int x = 0; x < width; x++)
        {
          sum += row[x];
          out[x] += sum;
        }
    }
  free (acc);
  return true;
}

static bool
points_valid (const ShPoint *points, int n_points)
{
  if (!points || n_points < 3)
    return false;
  for (int i = 0; i < n_points; i++)
    if (!(fabs (points[i].x) <= MAX_COORDINATE && fabs (points[i].y) <= MAX_COORDINATE))
      return false;
  return true;
}

ShLipMask *
sh_lip_mask_new (const ShPoint *lips, int n_lips, const ShPoint *opening, int n_opening)
{
  ShLipMask *mask;
  double min_x, max_x, min_y, max_y;
  float *hole = NULL;
  size_t n;

  if (!points_valid (lips, n_lips) || (opening && !points_valid (opening, n_opening)))
    return NULL;
  min_x = max_x = lips[0].x;
  min_y = max_y = lips[0].y;
  for (int i = 1; i < n_lips; i++)
    {
      min_x = fmin (min_x, lips[i].x);
      max_x = fmax (max_x, lips[i].x);
      min_y = fmin (min_y, lips[i].y);
      max_y = fmax (max_y, lips[i].y);
    }
  if (max_x - min_x <= 0 || max_y - min_y <= 0)
    return NULL;
  mask = calloc (1, sizeof *mask);
  if (!mask)
    return NULL;
  mask->x = (int) floor (min_x);
  mask->y = (int) floor (min_y);
  mask->width = (int) ceil (max_x) - mask->x + 1;
  mask->height = (int) ceil (max_y) - mask->y + 1;
  mask->lip_width = max_x - min_x;
  mask->lip_height = max_y - min_y;
  n = (size_t) mask->width * mask->height;
  mask->coverage = calloc (n, sizeof *mask->coverage);
  if (!mask->coverage
      || !sh_polygon_accumulate (lips, n_lips, mask->x, mask->y, mask->width, mask->height, mask->coverage))
    goto fail;
  for (size_t i = 0; i < n; i++)
    mask->coverage[i] = fminf (fabsf (mask->coverage[i]), 1);
  if (opening)
    {
      /* Only the part of the opening inside the lips' rectangle can remove anything: an opening drawn past
       * the mouth's corners is pulled in to it. */
      ShPoint *clipped = malloc ((size_t) n_opening * sizeof *clipped);

      hole = calloc (n, sizeof *hole);
      if (!clipped || !hole)
        {
          free (clipped);
          goto fail;
        }
      for (int i = 0; i < n_opening; i++)
        {
          clipped[i].x = fmin (fmax (opening[i].x, mask->x), mask->x + mask->width);
          clipped[i].y = opening[i].y;
        }
      sh_polygon_accumulate (clipped, n_opening, mask->x, mask->y, mask->width, mask->height, hole);
      free (clipped);
      for (size_t i = 0; i < n; i++)
        mask->coverage[i] = fmaxf (0, mask->coverage[i] - fminf (fabsf (hole[i]), 1));
      free (hole);
    }
  return mask;

fail:
  free (hole);
  sh_lip_mask_free (mask);
  return NULL;
}

void
sh_lip_mask_free (ShLipMask *mask)
{
  if (!mask)
    return;
  free (mask->coverage);
  free (mask);
}

float
sh_lip_mask_get (const ShLipMask *mask, int x, int y)
{
  x -= mask->x;
  y -= mask->y;
  if (x < 0 || y < 0 || x >= mask->width || y >= mask->height)
    return 0;
  return mask->coverage[(size_t) y * mask->width + x];
}

double
sh_polygon_area (const ShPoint *points, int n_points)
{
  double twice = 0;

  if (n_points < 3)
    return 0;
  for (int i = 0; i < n_points; i++)
    {
      ShPoint a = points[i], b = points[(i + 1) % n_points];

      twice += a.x * b.y - b.x * a.y;
    }
  return fabs (twice) / 2;
}
