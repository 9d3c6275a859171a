/* SPDX-License-Identifier: GPL-3.0-or-later */
/* extract-uniform.c: the stretches of a box whose class is known without the colour rule's arithmetic.
 *
 * Much of a product box is sweep: pixels whose codes stay within a few steps of the sweep's colour. Every
 * test of the rule (sh_extract_classify_pixel) compares a linear function of a pixel's linear R, G and B
 * with a threshold, and each channel's linear value depends on that channel's code alone; over a box of
 * codes (a range per channel) the function's lowest and highest values are sums of per-channel extremes.
 * When each test the rule reaches is clearly on one side over the whole code box, every pixel inside has
 * the same class. The row loops check eight pixels against such a box with three integer operations and
 * write the class; pixels outside go through the rule itself, so the classes are the same either way.
 */
#include "config.h"

#include "extract-private.h"

#include <math.h>
#include <string.h>

enum { NO, YES, MAYBE };

/* One test's range over the code box, with a margin for the float rounding of the row loops. */
static int
above (const float (*lut)[256], const uint8_t lo[3], const uint8_t hi[3], const double a[3], double threshold)
{
  double min = 0, max = 0, scale = 0;

  for (int c = 0; c < 3; c++)
    {
      double cmin = INFINITY, cmax = -INFINITY;
      for (int v = lo[c]; v <= hi[c]; v++)
        {
          double t = a[c] * lut[c][v];
          cmin = fmin (cmin, t), cmax = fmax (cmax, t);
        }
      min += cmin, max += cmax;
      scale += fabs (a[c]) * lut[c][255];
    }
  double margin = 1e-4 * (scale + fabs (threshold)) + 1e-6;
  return min > threshold + margin ? YES : max < threshold - margin ? NO : MAYBE;
}

static int
any_of (int a, int b)
{
  return a == YES || b == YES ? YES : a == NO && b == NO ? NO : MAYBE;
}

/* The class every opaque pixel with codes in [lo, hi] gets from the rule, or -1 when they may differ. The
 * tests in the rule's order: the first that is not false for the whole box decides, if it is true for the
 * whole box. */
static int
box_class (const ShExtractModel *model, const float (*lut)[256], const uint8_t lo[3], const uint8_t hi[3])
{
  const double k[3][3] = {
    { (float) model->basis_inverse[0][0], (float) model->basis_inverse[0][1], (float) model->basis_inverse[0][2] },
    { (float) model->basis_inverse[1][0], (float) model->basis_inverse[1][1], (float) model->basis_inverse[1][2] },
    { (float) model->basis_inverse[2][0], (float) model->basis_inverse[2][1], (float) model->basis_inverse[2][2] },
  };
  const double ones[3] = { 1, 1, 1 };
  const double st = (float) model->specular_tau, sf = (float) model->specular_floor;
  const double ot = (float) model->other_tau, of = (float) model->other_floor;
  const double bgw = (float) model->background_white;
  int sure_top = 0, maybe_top = 0, test;

  for (int c = 0; c < 3; c++)
    sure_top += lo[c] >= SH_CLIP_CODE, maybe_top += hi[c] >= SH_CLIP_CODE;
  if (sure_top >= 2)
    return SH_PIXEL_CLIPPED;
  if (maybe_top >= 2)
    return -1;
  test = above (lut, lo, hi, ones, model->dark_sum);
  if (test != YES)
    return test == NO ? SH_PIXEL_CLIPPED : -1;
  {
    const double whiter[3] = { k[1][0] - bgw, k[1][1] - bgw, k[1][2] - bgw };
    int white = above (lut, lo, hi, whiter, 0), bright = above (lut, lo, hi, ones, model->background_sum);
    if (white == YES && bright == YES)
      return SH_PIXEL_BACKGROUND_LIKE;
    if (white != NO && bright != NO)
      return -1;
  }
  {
    int seen = -1;
    for (int r = lo[0] >> 3; r <= hi[0] >> 3; r++)
      for (int g = lo[1] >> 3; g <= hi[1] >> 3; g++)
        for (int b = lo[2] >> 3; b <= hi[2] >> 3; b++)
          {
            int in = model->backdrop[r << 10 | g << 5 | b] != 0;
            if (seen >= 0 && in != seen)
              return -1;
            seen = in;
          }
    if (seen == 1)
      return SH_PIXEL_BACKDROP_LIKE;
  }
  if (model->neutral_body)
    {
      test = above (lut, lo, hi, ones, model->neutral_max_sum);
      if (test != NO)
        return test == YES ? SH_PIXEL_SPECULAR : -1;
      test = NO;
      for (int i = 0; i < 4; i++)
        {
          double sg = i & 1 ? -1 : 1, sa = i & 2 ? -1 : 1;
          const double off[3] = { sg * k[2][0] + sa * k[0][0] - ot, sg * k[2][1] + sa * k[0][1] - ot,
                                  sg * k[2][2] + sa * k[0][2] - ot };
          test = any_of (test, above (lut, lo, hi, off, of));
        }
      return test == YES ? SH_PIXEL_OTHER : test == NO ? SH_PIXEL_USED : -1;
    }
  const double off_plus[3] = { k[2][0] - ot, k[2][1] - ot, k[2][2] - ot };
  const double off_minus[3] = { -k[2][0] - ot, -k[2][1] - ot, -k[2][2] - ot };
  test = any_of (above (lut, lo, hi, off_plus, of), above (lut, lo, hi, off_minus, of));
  if (test != NO)
    return test == YES ? SH_PIXEL_OTHER : -1;
  const double shine[3] = { k[1][0] - st, k[1][1] - st, k[1][2] - st };
  test = above (lut, lo, hi, shine, sf);
  if (test != NO)
    return test == YES ? SH_PIXEL_SPECULAR : -1;
  const double darker[3] = { -k[1][0] - st, -k[1][1] - st, -k[1][2] - st };
  test = above (lut, lo, hi, darker, sf);
  return test == YES ? SH_PIXEL_OTHER : test == NO ? SH_PIXEL_USED : -1;
}

static void
add_box (ShExtractModel *model, const uint8_t lo[3], const uint8_t hi[3], int cls)
{
  int i = model->n_uniform++;
  memcpy (model->uniform_lo[i], lo, 3);
  memcpy (model->uniform_hi[i], hi, 3);
  model->uniform_lo[i][3] = model->uniform_hi[i][3] = 255;
  model->uniform_class[i] = (uint8_t) cls;
}

void
sh_extract_find_uniform_boxes (const ShImage *image, ShBox box, ShExtractModel *model)
{
  const float (*lut)[256] = (const float (*)[256]) image->model.to_linear;
  uint32_t hist[3][256];
  int n = 0;

  model->n_uniform = 0;
  /* Clipped white: two channels or more at the top code range are clipped whatever else. */
  {
    const uint8_t lo[3] = { SH_CLIP_CODE, SH_CLIP_CODE, SH_CLIP_CODE }, hi[3] = { 255, 255, 255 };
    add_box (model, lo, hi, SH_PIXEL_CLIPPED);
  }
  /* The sweep: the median code of the box border's opaque pixels, and the widest cube of codes around it
   * that is one class other than used (used pixels need their sums, which the fast path does not give). */
  memset (hist, 0, sizeof hist);
  for (int i = 0; i < 2 * (box.w + box.h); i++)
    {
      int x, y;
      sh_box_border_pixel (box, i, &x, &y);
      const uint8_t *p = image->pixels + (size_t) y * image->stride + (size_t) x * 4;
      if (p[3] != 255)
        continue;
      for (int c = 0; c < 3; c++)
        hist[c][p[c]]++;
      n++;
    }
  if (n < 8)
    return;
  uint8_t centre[3];
  for (int c = 0; c < 3; c++)
    {
      int v = 0;
      for (uint32_t below = 0; v < 255 && (below += hist[c][v]) * 2 < (uint32_t) n; v++)
        ;
      centre[c] = (uint8_t) v;
    }
  int cls = box_class (model, lut, centre, centre);
  if (cls < 0 || cls == SH_PIXEL_USED || cls == SH_PIXEL_CLIPPED)
    return;
  /* The largest half-width that keeps the class: a cube inside one of the same class is so too. */
  int good = 0, bad = 65;
  while (bad - good > 1)
    {
      int d = (good + bad) / 2;
      uint8_t lo[3], hi[3];
      for (int c = 0; c < 3; c++)
        lo[c] = (uint8_t) (centre[c] < d ? 0 : centre[c] - d), hi[c] = (uint8_t) (centre[c] + d > 255 ? 255 : centre[c] + d);
      if (box_class (model, lut, lo, hi) == cls)
        good = d;
      else
        bad = d;
    }
  uint8_t lo[3], hi[3];
  for (int c = 0; c < 3; c++)
    lo[c] = (uint8_t) (centre[c] < good ? 0 : centre[c] - good), hi[c] = (uint8_t) (centre[c] + good > 255 ? 255 : centre[c] + good);
  add_box (model, lo, hi, cls);
}
