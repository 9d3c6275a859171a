/* SPDX-License-Identifier: GPL-3.0-or-later */
/* extract-reference.c: the straightforward double-precision extraction (see extract-reference.h). */
#include "config.h"

#include "extract-reference.h"

#include <stdlib.h>
#include <string.h>

#include "color/extract-private.h"

static void
linear_of (const ShImage *image, const uint8_t *p, double linear[3])
{
  for (int c = 0; c < 3; c++)
    linear[c] = (double) image->model.to_linear[c][p[c]];
}

static const uint8_t *
pixel (const ShImage *image, ShBox box, int x, int y)
{
  return image->pixels + (size_t) (box.y + y) * image->stride + (size_t) (box.x + x) * 4;
}

/* The mean of the opaque pixels (transparent ones are background, partly transparent ones an edge); with
 * none, the alpha-weighted mean. */
static void
plain_mean (const ShImage *image, ShBox box, double out[3])
{
  double sum[3] = { 0 }, weighted[3] = { 0 }, weight = 0, lin[3];
  int64_t n = 0;
  for (int y = 0; y < box.h; y++)
    for (int x = 0; x < box.w; x++)
      {
        const uint8_t *p = pixel (image, box, x, y);
        linear_of (image, p, lin);
        for (int c = 0; c < 3; c++)
          {
            sum[c] += p[3] == 255 ? lin[c] : 0;
            weighted[c] += lin[c] * p[3] / 255.0;
          }
        weight += p[3] / 255.0;
        n += p[3] == 255;
      }
  for (int c = 0; c < 3; c++)
    out[c] = n > 0 ? sum[c] / n : weight > 0 ? weighted[c] / weight : 0;
}

static void
classify_all (const ShImage *image, ShBox box, const ShExtractModel *model, uint8_t *mask)
{
  double lin[3];
  for (int y = 0; y < box.h; y++)
    for (int x = 0; x < box.w; x++)
      {
        const uint8_t *p = pixel (image, box, x, y);
        linear_of (image, p, lin);
        int cls = sh_extract_classify_pixel (model, p, lin);
        mask[(size_t) y * box.w + x] = (uint8_t) cls;
      }
}

/* Counts the classes plainly, then lets the shared flood fill split the background-like pixels. */
static void
resolve (const ShImage *image, uint8_t *mask, ShBox box, ShSwatch *out)
{
  int64_t counts[SH_N_PIXEL_CLASSES + 1] = { 0 };
  for (size_t i = 0; i < (size_t) box.w * box.h; i++)
    counts[SH_PIXEL_IS_LIKE (mask[i]) ? SH_N_PIXEL_CLASSES : mask[i]]++;
  sh_extract_resolve_background (mask, box.w, box.h, counts);
  sh_extract_resolve_white_backdrop (image, box, mask, counts);
  memcpy (out->counts, counts, sizeof out->counts);
}

static void
robust (const ShImage *image, ShBox box, const ShExtractModel *model, uint8_t *mask, ShSwatch *out,
        double result[3])
{
  static double count[SH_LEVEL_BINS], sum[SH_LEVEL_BINS][3];
  double used_sum[3] = { 0 }, lin[3];
  int64_t used = 0;

  memset (sum, 0, sizeof sum);
  memset (count, 0, sizeof count);
  classify_all (image, box, model, mask);
  /* The surfaces split the pixels the colour rule used. */
  for (int y = 0; y < box.h; y++)
    for (int x = 0; x < box.w; x++)
      if (mask[(size_t) y * box.w + x] == SH_PIXEL_USED)
        mask[(size_t) y * box.w + x] = (uint8_t) sh_extract_surface_class (image, model, x, y, pixel (image, box, x, y));
  for (int y = 0; y < box.h; y++)
    for (int x = 0; x < box.w; x++)
      {
        if (mask[(size_t) y * box.w + x] != SH_PIXEL_USED)
          continue;
        linear_of (image, pixel (image, box, x, y), lin);
        for (int c = 0; c < 3; c++)
          used_sum[c] += lin[c];
        used++;
        /* Pairs (x, x+1) from even x (of every other row on a large box): ranked by the left pixel,
         * measured on the right one. */
        if (x % 2 == 0 && x + 1 < box.w && mask[(size_t) y * box.w + x + 1] == SH_PIXEL_USED
            && sh_extract_pair_row (box, y))
          {
            linear_of (image, pixel (image, box, x, y), lin);
            int bin = sh_level_bin ((float) (lin[0] + lin[1] + lin[2]));
            linear_of (image, pixel (image, box, x + 1, y), lin);
            count[bin] += 1;
            for (int c = 0; c < 3; c++)
              sum[bin][c] += lin[c];
          }
      }
  resolve (image, mask, box, out);
  if (!sh_extract_lit_band (count, (const double (*)[3]) sum, result))
    {
      if (used > 0)
        for (int c = 0; c < 3; c++)
          result[c] = used_sum[c] / used;
      else
        plain_mean (image, box, result);
    }
  sh_extract_remove_sheen (model, result);
}

static void
dominant (const ShImage *image, ShBox box, const ShExtractModel *model, uint8_t *mask, ShSwatch *out,
          double result[3])
{
  static uint32_t hist[32][32][32];
  uint32_t best = 0;
  int br = -1, bg = -1, bb = -1;
  double acc[3] = { 0 }, lin[3];
  int64_t n = 0;

  memset (hist, 0, sizeof hist);
  classify_all (image, box, model, mask);
  for (int y = 0; y < box.h; y++)
    for (int x = 0; x < box.w; x++)
      {
        uint8_t cls = mask[(size_t) y * box.w + x];
        const uint8_t *p = pixel (image, box, x, y);
        if (cls != SH_PIXEL_CLIPPED && cls != SH_PIXEL_EDGE && !SH_PIXEL_IS_LIKE (cls))
          hist[p[0] >> 3][p[1] >> 3][p[2] >> 3]++;
      }
  for (int r = 0; r < 32; r++)
    for (int g = 0; g < 32; g++)
      for (int b = 0; b < 32; b++)
        {
          uint32_t v = 0;
          if (hist[r][g][b] == 0)
            continue;
          for (int i = r - 1; i <= r + 1; i++)
            for (int j = g - 1; j <= g + 1; j++)
              for (int k = b - 1; k <= b + 1; k++)
                if (i >= 0 && i < 32 && j >= 0 && j < 32 && k >= 0 && k < 32)
                  v += hist[i][j][k];
          if (v > best)
            best = v, br = r, bg = g, bb = b;
        }
  for (int y = 0; y < box.h; y++)
    for (int x = 0; x < box.w; x++)
      {
        uint8_t *cls = &mask[(size_t) y * box.w + x];
        const uint8_t *p = pixel (image, box, x, y);
        if (*cls == SH_PIXEL_CLIPPED || *cls == SH_PIXEL_EDGE || SH_PIXEL_IS_LIKE (*cls))
          continue;
        if (br >= 0 && abs ((p[0] >> 3) - br) <= 1 && abs ((p[1] >> 3) - bg) <= 1 && abs ((p[2] >> 3) - bb) <= 1)
          {
            *cls = SH_PIXEL_USED;
            linear_of (image, p, lin);
            for (int c = 0; c < 3; c++)
              acc[c] += lin[c];
            n++;
          }
        else if (*cls != SH_PIXEL_SPECULAR)
          *cls = SH_PIXEL_OTHER;
      }
  resolve (image, mask, box, out);
  if (n > 0)
    for (int c = 0; c < 3; c++)
      result[c] = acc[c] / n;
  else
    plain_mean (image, box, result);
}

int
sh_extract_reference (const ShImage *image, ShBox box, ShMethod method, ShSwatch *out, uint8_t *mask)
{
  ShExtractModel model;
  double result[3];
  uint8_t *own = NULL;

  memset (out, 0, sizeof *out);
  if (image == NULL || !sh_box_clip (&box, image->width, image->height))
    return -1;
  out->method = method;
  out->box = box;
  out->total = (int64_t) box.w * box.h;
  if (mask == NULL)
    mask = own = malloc ((size_t) box.w * box.h);
  if (mask == NULL)
    return -1;

  if (method == SH_METHOD_MEAN)
    {
      plain_mean (image, box, result);
      for (int y = 0; y < box.h; y++)
        for (int x = 0; x < box.w; x++)
          {
            uint8_t a = pixel (image, box, x, y)[3];
            uint8_t cls = a == 255 ? SH_PIXEL_USED : a == 0 ? SH_PIXEL_BACKGROUND : SH_PIXEL_EDGE;
            mask[(size_t) y * box.w + x] = cls;
            out->counts[cls]++;
          }
      sh_extract_finish_swatch (image, result, NULL, out);
    }
  else
    {
      sh_extract_analyze (image, box, &model);
      if (method == SH_METHOD_ROBUST)
        robust (image, box, &model, mask, out, result);
      else
        dominant (image, box, &model, mask, out, result);
      sh_extract_finish_swatch (image, result, mask, out);
      sh_extract_check_backdrop (image, &model, out);
      sh_extract_model_clear (&model);
    }
  free (own);
  return 0;
}
