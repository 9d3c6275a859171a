/* SPDX-License-Identifier: GPL-3.0-or-later */
/* extract-kernels-avx512.c: the per-row loops sixteen pixels a step with AVX-512 (see
 * extract-kernels.h). Built on any x86-64 processor; run only where the processor has AVX-512 F and BW. */
#include "config.h"

#include "extract-kernels.h"

#ifdef SH_HAVE_X86_KERNELS
#include <immintrin.h>
#include <string.h>

/* Sixteen pixels at a time with mask registers; the same rule again. */
__attribute__ ((target ("avx512f,avx512bw"))) void
sh_classify_row_avx512 (const ShExtractModel *model, const float (*lut)[256], const uint8_t *row, int w,
                        uint8_t *out, float *sums)
{
  const __m512 k00 = _mm512_set1_ps ((float) model->basis_inverse[0][0]);
  const __m512 k01 = _mm512_set1_ps ((float) model->basis_inverse[0][1]);
  const __m512 k02 = _mm512_set1_ps ((float) model->basis_inverse[0][2]);
  const __m512 k10 = _mm512_set1_ps ((float) model->basis_inverse[1][0]);
  const __m512 k11 = _mm512_set1_ps ((float) model->basis_inverse[1][1]);
  const __m512 k12 = _mm512_set1_ps ((float) model->basis_inverse[1][2]);
  const __m512 k20 = _mm512_set1_ps ((float) model->basis_inverse[2][0]);
  const __m512 k21 = _mm512_set1_ps ((float) model->basis_inverse[2][1]);
  const __m512 k22 = _mm512_set1_ps ((float) model->basis_inverse[2][2]);
  const __m512 dark = _mm512_set1_ps ((float) model->dark_sum);
  const __m512 bg_sum = _mm512_set1_ps ((float) model->background_sum);
  const __m512 bg_white = _mm512_set1_ps ((float) model->background_white);
  const __m512 ot = _mm512_set1_ps ((float) model->other_tau), of = _mm512_set1_ps ((float) model->other_floor);
  const __m512 st = _mm512_set1_ps ((float) model->specular_tau);
  const __m512 sf = _mm512_set1_ps ((float) model->specular_floor);
  const __m512 nmax = _mm512_set1_ps ((float) model->neutral_max_sum);
  const __m512i byte = _mm512_set1_epi32 (0xff), clip = _mm512_set1_epi32 (SH_CLIP_CODE - 1);
  const __m512i opaque = _mm512_set1_epi32 (255), zero = _mm512_setzero_si512 ();
  const __m512i edge = _mm512_set1_epi32 (SH_PIXEL_EDGE), transparent = _mm512_set1_epi32 (SH_PIXEL_TRANSPARENT);
  const __m512i backdrop_like = _mm512_set1_epi32 (SH_PIXEL_BACKDROP_LIKE);
  const int *backdrop = (const int *) model->backdrop;
  const __m512i used = _mm512_set1_epi32 (SH_PIXEL_USED), other = _mm512_set1_epi32 (SH_PIXEL_OTHER);
  const __m512i specular = _mm512_set1_epi32 (SH_PIXEL_SPECULAR);
  const __m512i clipped_class = _mm512_set1_epi32 (SH_PIXEL_CLIPPED);
  const __m512i like = _mm512_set1_epi32 (SH_PIXEL_BACKGROUND_LIKE);
  int32_t lo_bytes, hi_bytes;
  memcpy (&lo_bytes, model->backdrop_code_lo, 4);
  memcpy (&hi_bytes, model->backdrop_code_hi, 4);
  const __m512i code_lo = _mm512_set1_epi32 (lo_bytes), code_hi = _mm512_set1_epi32 (hi_bytes);
  const int neutral = model->neutral_body;
  /* The uniform code boxes (see ShExtractModel): a box's lowest and highest codes, and its class. */
  __m512i box_lo[SH_UNIFORM_BOXES], box_hi[SH_UNIFORM_BOXES], box_class[SH_UNIFORM_BOXES];
  const int n_boxes = model->n_uniform;
  for (int k = 0; k < n_boxes; k++)
    {
      int32_t v;
      memcpy (&v, model->uniform_lo[k], 4);
      box_lo[k] = _mm512_set1_epi32 (v);
      memcpy (&v, model->uniform_hi[k], 4);
      box_hi[k] = _mm512_set1_epi32 (v);
      box_class[k] = _mm512_set1_epi32 (model->uniform_class[k]);
    }
  int x = 0;

  for (; x + 16 <= w; x += 16)
    {
      __m512i px = _mm512_loadu_si512 ((const void *) (row + 4 * x));
      if (n_boxes > 0)
        {
          /* Sixteen pixels each inside a uniform box: their classes without the rule's arithmetic. */
          __m512i known = zero;
          __mmask16 inside = 0;
          for (int k = n_boxes - 1; k >= 0; k--)
            {
              __mmask16 in = _mm512_cmpeq_epi32_mask (_mm512_min_epu8 (_mm512_max_epu8 (px, box_lo[k]), box_hi[k]), px);
              known = _mm512_mask_mov_epi32 (known, in, box_class[k]);
              inside |= in;
            }
          if (inside == 0xffff)
            {
              _mm_storeu_si128 ((__m128i *) (out + x), _mm512_cvtepi32_epi8 (known));
              if (sums != NULL)
                _mm512_storeu_ps (sums + x, _mm512_setzero_ps ());
              continue;
            }
        }
      __m512i ir = _mm512_and_si512 (px, byte);
      __m512i ig = _mm512_and_si512 (_mm512_srli_epi32 (px, 8), byte);
      __m512i ib = _mm512_and_si512 (_mm512_srli_epi32 (px, 16), byte);
      __m512i ia = _mm512_srli_epi32 (px, 24);
      __m512 r = _mm512_i32gather_ps (ir, lut[0], 4);
      __m512 g = _mm512_i32gather_ps (ig, lut[1], 4);
      __m512 b = _mm512_i32gather_ps (ib, lut[2], 4);
      __m512 s = _mm512_add_ps (_mm512_add_ps (r, g), b);
      if (sums != NULL)
        _mm512_storeu_ps (sums + x, s);
      __m512 alpha = _mm512_fmadd_ps (k02, b, _mm512_fmadd_ps (k01, g, _mm512_mul_ps (k00, r)));
      __m512 beta = _mm512_fmadd_ps (k12, b, _mm512_fmadd_ps (k11, g, _mm512_mul_ps (k10, r)));
      __m512 gamma = _mm512_abs_ps (_mm512_fmadd_ps (k22, b, _mm512_fmadd_ps (k21, g, _mm512_mul_ps (k20, r))));
      __m512 limit = _mm512_fmadd_ps (st, s, sf);
      __m512 other_limit = _mm512_fmadd_ps (ot, s, of);
      __m512i cls;

      if (!neutral)
        {
          __mmask16 darker = _mm512_cmp_ps_mask (beta, _mm512_sub_ps (_mm512_setzero_ps (), limit), _CMP_LT_OQ);
          __mmask16 shine = _mm512_cmp_ps_mask (beta, limit, _CMP_GT_OQ);
          __mmask16 off = _mm512_cmp_ps_mask (gamma, other_limit, _CMP_GT_OQ);
          cls = _mm512_mask_mov_epi32 (used, darker, other);
          cls = _mm512_mask_mov_epi32 (cls, shine, specular);
          cls = _mm512_mask_mov_epi32 (cls, off, other);
        }
      else
        {
          __mmask16 off = _mm512_cmp_ps_mask (_mm512_add_ps (gamma, _mm512_abs_ps (alpha)), other_limit, _CMP_GT_OQ);
          __mmask16 bright = _mm512_cmp_ps_mask (s, nmax, _CMP_GT_OQ);
          cls = _mm512_mask_mov_epi32 (used, off, other);
          cls = _mm512_mask_mov_epi32 (cls, bright, specular);
        }
      __mmask16 background = _mm512_cmp_ps_mask (beta, _mm512_mul_ps (bg_white, s), _CMP_GE_OQ)
                             & _mm512_cmp_ps_mask (s, bg_sum, _CMP_GE_OQ);
      __mmask16 top_r = _mm512_cmpgt_epi32_mask (ir, clip), top_g = _mm512_cmpgt_epi32_mask (ig, clip);
      __mmask16 top_b = _mm512_cmpgt_epi32_mask (ib, clip);
      __mmask16 clipped = (top_r & top_g) | (top_r & top_b) | (top_g & top_b)
                          | _mm512_cmp_ps_mask (s, dark, _CMP_LT_OQ);
      __mmask16 not_opaque = _mm512_cmplt_epi32_mask (ia, opaque);
      /* The backdrop's class yields to all the tests after it: the table is read only for the lanes within
       * the backdrop's code range that are left to decide. */
      __mmask16 near_backdrop = _mm512_cmpeq_epi32_mask (_mm512_min_epu8 (_mm512_max_epu8 (px, code_lo), code_hi), px)
                                & ~(background | clipped | not_opaque);
      if (near_backdrop != 0)
        {
          __m512i cell = _mm512_or_si512 (_mm512_or_si512 (_mm512_slli_epi32 (_mm512_srli_epi32 (ir, 3), 10),
                                                           _mm512_slli_epi32 (_mm512_srli_epi32 (ig, 3), 5)),
                                          _mm512_srli_epi32 (ib, 3));
          __m512i in_backdrop = _mm512_and_si512 (
              _mm512_mask_i32gather_epi32 (zero, near_backdrop, cell, backdrop, 1), byte);
          cls = _mm512_mask_mov_epi32 (cls, _mm512_cmpneq_epi32_mask (in_backdrop, zero), backdrop_like);
        }
      cls = _mm512_mask_mov_epi32 (cls, background, like);
      cls = _mm512_mask_mov_epi32 (cls, clipped, clipped_class);
      cls = _mm512_mask_mov_epi32 (cls, not_opaque, edge);
      cls = _mm512_mask_mov_epi32 (cls, _mm512_cmpeq_epi32_mask (ia, zero), transparent);
      _mm_storeu_si128 ((__m128i *) (out + x), _mm512_cvtepi32_epi8 (cls));
    }
  if (x < w)
    sh_classify_row_portable (model, lut, row + 4 * x, w - x, out + x, sums != NULL ? sums + x : NULL);
}

/* With AVX-512 the table look-ups are gathers of sixteen at once: cheaper than counting. Each row is
 * summed in float (at most a few hundred values a lane) and added to double sums. */
__attribute__ ((target ("avx512f"))) void
sh_extract_mean_avx512 (const ShImage *image, ShBox box, double linear[3])
{
  const __m512i byte = _mm512_set1_epi32 (0xff);
  const float (*lut)[256] = (const float (*)[256]) image->model.to_linear;
  double sums[3] = { 0 };

  for (int y = box.y; y < box.y + box.h; y++)
    {
      const uint8_t *p = image->pixels + (size_t) y * image->stride + (size_t) box.x * 4;
      __m512 r0 = _mm512_setzero_ps (), g0 = r0, b0 = r0, r1 = r0, g1 = r0, b1 = r0;
      int x = 0;
      for (; x + 32 <= box.w; x += 32, p += 128)
        {
          __m512i a = _mm512_loadu_si512 ((const void *) p);
          __m512i c = _mm512_loadu_si512 ((const void *) (p + 64));
          r0 = _mm512_add_ps (r0, _mm512_i32gather_ps (_mm512_and_si512 (a, byte), lut[0], 4));
          g0 = _mm512_add_ps (g0, _mm512_i32gather_ps (_mm512_and_si512 (_mm512_srli_epi32 (a, 8), byte), lut[1], 4));
          b0 = _mm512_add_ps (b0, _mm512_i32gather_ps (_mm512_and_si512 (_mm512_srli_epi32 (a, 16), byte), lut[2], 4));
          r1 = _mm512_add_ps (r1, _mm512_i32gather_ps (_mm512_and_si512 (c, byte), lut[0], 4));
          g1 = _mm512_add_ps (g1, _mm512_i32gather_ps (_mm512_and_si512 (_mm512_srli_epi32 (c, 8), byte), lut[1], 4));
          b1 = _mm512_add_ps (b1, _mm512_i32gather_ps (_mm512_and_si512 (_mm512_srli_epi32 (c, 16), byte), lut[2], 4));
        }
      sums[0] += _mm512_reduce_add_ps (_mm512_add_ps (r0, r1));
      sums[1] += _mm512_reduce_add_ps (_mm512_add_ps (g0, g1));
      sums[2] += _mm512_reduce_add_ps (_mm512_add_ps (b0, b1));
      for (; x < box.w; x++, p += 4)
        for (int k = 0; k < 3; k++)
          sums[k] += lut[k][p[k]];
    }
  for (int c = 0; c < 3; c++)
    linear[c] = sums[c] / ((double) box.w * box.h);
}
#endif
