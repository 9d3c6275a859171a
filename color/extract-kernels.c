/* SPDX-License-Identifier: GPL-3.0-or-later */
/* extract-kernels.c: the portable per-row loops (see extract-kernels.h). */
#include "config.h"

#include "extract-kernels.h"

#include <stdlib.h>
#include <string.h>

/* The same rule in float over a row, written without branches. */
void
sh_classify_row_portable (const ShExtractModel *model, const float (*lut)[256], const uint8_t *row, int w,
                          uint8_t *out, float *sums)
{
  const float k00 = model->basis_inverse[0][0], k01 = model->basis_inverse[0][1],
              k02 = model->basis_inverse[0][2];
  const float k10 = model->basis_inverse[1][0], k11 = model->basis_inverse[1][1],
              k12 = model->basis_inverse[1][2];
  const float k20 = model->basis_inverse[2][0], k21 = model->basis_inverse[2][1],
              k22 = model->basis_inverse[2][2];
  const float dark = model->dark_sum, bg_sum = model->background_sum, bg_white = model->background_white;
  const float ot = model->other_tau, of = model->other_floor;
  const float st = model->specular_tau, sf = model->specular_floor;
  const float nmax = model->neutral_max_sum;
  const int neutral = model->neutral_body;

  for (int x = 0; x < w; x++)
    {
      const uint8_t *p = row + 4 * x;
      float r = lut[0][p[0]], g = lut[1][p[1]], b = lut[2][p[2]];
      float s = r + g + b;
      float alpha = k00 * r + k01 * g + k02 * b;
      if (sums != NULL)
        sums[x] = s;
      float beta = k10 * r + k11 * g + k12 * b;
      float gamma = fabsf (k20 * r + k21 * g + k22 * b);
      float limit = st * s + sf;
      /* Every test is evaluated and the class selected, lowest priority first. */
      int is_other = gamma > ot * s + of;
      int is_specular = beta > limit;
      int is_darker_other = beta < -limit;
      int axis_specular = s > nmax;
      int axis_other = gamma + fabsf (alpha) > ot * s + of;
      int background_like = (beta >= bg_white * s) & (s >= bg_sum);
      int backdrop = model->backdrop[sh_backdrop_cell (p)];
      int clipped = ((p[0] >= SH_CLIP_CODE) + (p[1] >= SH_CLIP_CODE) + (p[2] >= SH_CLIP_CODE) >= 2) | (s < dark);
      int plane = is_other ? SH_PIXEL_OTHER
                : is_specular ? SH_PIXEL_SPECULAR
                : is_darker_other ? SH_PIXEL_OTHER : SH_PIXEL_USED;
      int axis = axis_specular ? SH_PIXEL_SPECULAR : axis_other ? SH_PIXEL_OTHER : SH_PIXEL_USED;
      int cls = neutral ? axis : plane;
      cls = backdrop ? SH_PIXEL_BACKDROP_LIKE : cls;
      cls = background_like ? SH_PIXEL_BACKGROUND_LIKE : cls;
      cls = clipped ? SH_PIXEL_CLIPPED : cls;
      cls = p[3] < 255 ? SH_PIXEL_EDGE : cls;
      cls = p[3] == 0 ? SH_PIXEL_TRANSPARENT : cls;
      out[x] = (uint8_t) cls;
    }
}

static inline void
add_pair (ShPairHistogram *pairs, const float (*lut)[256], const uint8_t *row, const float *sums, int x)
{
  sh_pair_histogram_add (pairs, lut, row, x, sh_level_bin (sums[x]));
}

/* After the colour rule, one pass over a classified row from x on: the surface rule (see
 * sh_extract_surface_class) on the used pixels when surface is not NULL, the classes counted
 * (background-like last) and the used pairs added to the histogram, unless pairs is NULL. */
void
sh_settle_row_portable (const ShExtractModel *model, const float (*lut)[256], const uint8_t *row,
                        const float *sums, int x, int w, uint8_t *mrow, const ShSurfaceRow *surface,
                        int64_t counts[SH_N_PIXEL_CLASSES + 1], ShPairHistogram *pairs)
{
  for (; x < w; x++)
    {
      int cls = mrow[x];
      if (cls == SH_PIXEL_USED && surface != NULL)
        {
          float sum = sums[x];
          cls = surface->cut[x] ? SH_PIXEL_CUT_FACE
              : surface->shadow[x] ? SH_PIXEL_SHADOW
              : sum < surface->lo[x] || sum > surface->hi[x] ? SH_PIXEL_ENGRAVING : SH_PIXEL_USED;
          mrow[x] = (uint8_t) cls;
        }
      counts[SH_PIXEL_IS_LIKE (cls) ? SH_N_PIXEL_CLASSES : cls]++;
      /* A pair's right pixel is settled on the next step: test the left one's pair then. */
      if (pairs != NULL && (x & 1) == 1 && cls == SH_PIXEL_USED && mrow[x - 1] == SH_PIXEL_USED)
        add_pair (pairs, lut, row, sums, x - 1);
    }
}

/* Plain mean in linear light. Summing table values per pixel is a chain of dependent float adds; counting
 * codes instead takes two increments a pixel: a joint red-green histogram (64K counters, mostly cache
 * resident because neighbouring pixels share colours) and a blue one, in two copies for even and odd
 * pixels so that runs of one colour do not wait on one counter. The sums come from the tables once per
 * code at the end. */
void
sh_extract_mean_portable (const ShImage *image, ShBox box, double linear[3])
{
  uint32_t *rg = calloc (2 * 65536, sizeof *rg);
  uint32_t blue[2][256];
  double sums[3] = { 0 };
  const int64_t flush_rows = INT32_MAX / (box.w > 0 ? box.w : 1);

  if (rg == NULL)
    {
      linear[0] = linear[1] = linear[2] = 0;
      return;
    }
  memset (blue, 0, sizeof blue);
  for (int y = box.y; y < box.y + box.h; y++)
    {
      const uint8_t *p = image->pixels + (size_t) y * image->stride + (size_t) box.x * 4;
      int x = 0;
      for (; x + 2 <= box.w; x += 2, p += 8)
        {
          uint32_t a, b;
          memcpy (&a, p, 4);
          memcpy (&b, p + 4, 4);
          rg[a & 0xffff]++;
          rg[65536 + (b & 0xffff)]++;
          blue[0][(a >> 16) & 0xff]++;
          blue[1][(b >> 16) & 0xff]++;
        }
      for (; x < box.w; x++, p += 4)
        {
          rg[p[0] | p[1] << 8]++;
          blue[0][p[2]]++;
        }
      /* Flush before a counter could overflow. */
      if ((y - box.y + 1) % flush_rows == 0 || y == box.y + box.h - 1)
        {
          for (int i = 0; i < 65536; i++)
            {
              uint32_t n = rg[i] + rg[65536 + i];
              if (n != 0)
                {
                  sums[0] += (double) n * image->model.to_linear[0][i & 0xff];
                  sums[1] += (double) n * image->model.to_linear[1][i >> 8];
                }
            }
          for (int v = 0; v < 256; v++)
            sums[2] += (double) (blue[0][v] + blue[1][v]) * image->model.to_linear[2][v];
          memset (rg, 0, 2 * 65536 * sizeof *rg);
          memset (blue, 0, sizeof blue);
        }
    }
  free (rg);
  for (int c = 0; c < 3; c++)
    linear[c] = sums[c] / ((double) box.w * box.h);
}
