/* SPDX-License-Identifier: GPL-3.0-or-later */
/* extract-kernels-avx2.c: the per-row loops eight and thirty-two pixels a step with AVX2 (see
 * extract-kernels.h). Built on any x86-64 processor; run only where the processor has AVX2 and FMA. */
#include "config.h"

#include "extract-kernels.h"

#ifdef SH_HAVE_X86_KERNELS
#include <immintrin.h>
#include <string.h>

/* Eight table entries for one channel of eight pixels. Scalar loads: AVX2 gathers are slow on several
 * processors (on AMD EPYC robust ran about 8% faster this way), and loads issue three a cycle. */
__attribute__ ((target ("avx2"))) static inline __m256
lut8_avx2 (const float *table, const uint8_t *p)
{
  return _mm256_setr_ps (table[p[0]], table[p[4]], table[p[8]], table[p[12]], table[p[16]], table[p[20]],
                         table[p[24]], table[p[28]]);
}

/* Eight pixels at a time: the linearisation tables read with scalar loads, the three coefficients by FMA, and the
 * class chosen with blends in the same priority as sh_classify_row_portable. */
__attribute__ ((target ("avx2,fma"))) void
sh_classify_row_avx2 (const ShExtractModel *model, const float (*lut)[256], const uint8_t *row, int w,
                      uint8_t *out, float *sums)
{
  const __m256 k00 = _mm256_set1_ps ((float) model->basis_inverse[0][0]);
  const __m256 k01 = _mm256_set1_ps ((float) model->basis_inverse[0][1]);
  const __m256 k02 = _mm256_set1_ps ((float) model->basis_inverse[0][2]);
  const __m256 k10 = _mm256_set1_ps ((float) model->basis_inverse[1][0]);
  const __m256 k11 = _mm256_set1_ps ((float) model->basis_inverse[1][1]);
  const __m256 k12 = _mm256_set1_ps ((float) model->basis_inverse[1][2]);
  const __m256 k20 = _mm256_set1_ps ((float) model->basis_inverse[2][0]);
  const __m256 k21 = _mm256_set1_ps ((float) model->basis_inverse[2][1]);
  const __m256 k22 = _mm256_set1_ps ((float) model->basis_inverse[2][2]);
  const __m256 dark = _mm256_set1_ps ((float) model->dark_sum);
  const __m256 bg_sum = _mm256_set1_ps ((float) model->background_sum);
  const __m256 bg_white = _mm256_set1_ps ((float) model->background_white);
  const __m256 ot = _mm256_set1_ps ((float) model->other_tau), of = _mm256_set1_ps ((float) model->other_floor);
  const __m256 st = _mm256_set1_ps ((float) model->specular_tau);
  const __m256 sf = _mm256_set1_ps ((float) model->specular_floor);
  const __m256 nmax = _mm256_set1_ps ((float) model->neutral_max_sum);
  const __m256 sign = _mm256_set1_ps (-0.0f);
  const __m256i byte = _mm256_set1_epi32 (0xff), clip = _mm256_set1_epi32 (SH_CLIP_CODE - 1);
  const __m256i opaque = _mm256_set1_epi32 (255), minus_one = _mm256_set1_epi32 (-1);
  const __m256i edge = _mm256_set1_epi32 (SH_PIXEL_EDGE), zero = _mm256_setzero_si256 ();
  const __m256i transparent = _mm256_set1_epi32 (SH_PIXEL_TRANSPARENT);
  const __m256i backdrop_like = _mm256_set1_epi32 (SH_PIXEL_BACKDROP_LIKE);
  const int *backdrop = (const int *) model->backdrop;
  const __m256i used = _mm256_set1_epi32 (SH_PIXEL_USED), other = _mm256_set1_epi32 (SH_PIXEL_OTHER);
  const __m256i specular = _mm256_set1_epi32 (SH_PIXEL_SPECULAR);
  const __m256i clipped_class = _mm256_set1_epi32 (SH_PIXEL_CLIPPED);
  const __m256i like = _mm256_set1_epi32 (SH_PIXEL_BACKGROUND_LIKE);
  int32_t lo_bytes, hi_bytes;
  memcpy (&lo_bytes, model->backdrop_code_lo, 4);
  memcpy (&hi_bytes, model->backdrop_code_hi, 4);
  const __m256i code_lo = _mm256_set1_epi32 (lo_bytes), code_hi = _mm256_set1_epi32 (hi_bytes);
  const int neutral = model->neutral_body;
  int x = 0;

  /* The uniform code boxes: a box's lowest and highest codes, and its class. */
  __m256i box_lo[SH_UNIFORM_BOXES], box_hi[SH_UNIFORM_BOXES], box_class[SH_UNIFORM_BOXES];
  const int n_boxes = model->n_uniform;
  for (int k = 0; k < n_boxes; k++)
    {
      int32_t v;
      memcpy (&v, model->uniform_lo[k], 4);
      box_lo[k] = _mm256_set1_epi32 (v);
      memcpy (&v, model->uniform_hi[k], 4);
      box_hi[k] = _mm256_set1_epi32 (v);
      box_class[k] = _mm256_set1_epi32 (model->uniform_class[k]);
    }

  for (; x + 8 <= w; x += 8)
    {
      __m256i px = _mm256_loadu_si256 ((const __m256i *) (row + 4 * x));
      if (n_boxes > 0)
        {
          /* Eight pixels each inside a uniform box (every byte within its range): their classes at once. */
          __m256i known = zero, inside = zero;
          for (int k = n_boxes - 1; k >= 0; k--)
            {
              __m256i in = _mm256_cmpeq_epi32 (_mm256_min_epu8 (_mm256_max_epu8 (px, box_lo[k]), box_hi[k]), px);
              known = _mm256_blendv_epi8 (known, box_class[k], in);
              inside = _mm256_or_si256 (inside, in);
            }
          if (_mm256_testc_si256 (inside, minus_one))
            {
              __m256i packed = _mm256_packus_epi16 (_mm256_packus_epi32 (known, known), _mm256_setzero_si256 ());
              uint32_t lo = (uint32_t) _mm_cvtsi128_si32 (_mm256_castsi256_si128 (packed));
              uint32_t hi = (uint32_t) _mm_cvtsi128_si32 (_mm256_extracti128_si256 (packed, 1));
              memcpy (out + x, &lo, 4);
              memcpy (out + x + 4, &hi, 4);
              if (sums != NULL)
                _mm256_storeu_ps (sums + x, _mm256_setzero_ps ());
              continue;
            }
        }
      __m256i ir = _mm256_and_si256 (px, byte);
      __m256i ig = _mm256_and_si256 (_mm256_srli_epi32 (px, 8), byte);
      __m256i ib = _mm256_and_si256 (_mm256_srli_epi32 (px, 16), byte);
      __m256i ia = _mm256_srli_epi32 (px, 24);
      __m256 r = lut8_avx2 (lut[0], row + 4 * x);
      __m256 g = lut8_avx2 (lut[1], row + 4 * x + 1);
      __m256 b = lut8_avx2 (lut[2], row + 4 * x + 2);
      __m256 s = _mm256_add_ps (_mm256_add_ps (r, g), b);
      if (sums != NULL)
        _mm256_storeu_ps (sums + x, s);
      __m256 alpha = _mm256_fmadd_ps (k02, b, _mm256_fmadd_ps (k01, g, _mm256_mul_ps (k00, r)));
      __m256 beta = _mm256_fmadd_ps (k12, b, _mm256_fmadd_ps (k11, g, _mm256_mul_ps (k10, r)));
      __m256 gamma = _mm256_andnot_ps (sign, _mm256_fmadd_ps (k22, b, _mm256_fmadd_ps (k21, g,
                                                                                       _mm256_mul_ps (k20, r))));
      __m256 limit = _mm256_fmadd_ps (st, s, sf);
      __m256 other_limit = _mm256_fmadd_ps (ot, s, of);
      __m256i cls;

      if (!neutral)
        {
          __m256 darker = _mm256_cmp_ps (beta, _mm256_sub_ps (_mm256_setzero_ps (), limit), _CMP_LT_OQ);
          __m256 shine = _mm256_cmp_ps (beta, limit, _CMP_GT_OQ);
          __m256 off = _mm256_cmp_ps (gamma, other_limit, _CMP_GT_OQ);
          cls = _mm256_blendv_epi8 (used, other, _mm256_castps_si256 (darker));
          cls = _mm256_blendv_epi8 (cls, specular, _mm256_castps_si256 (shine));
          cls = _mm256_blendv_epi8 (cls, other, _mm256_castps_si256 (off));
        }
      else
        {
          __m256 off = _mm256_cmp_ps (_mm256_add_ps (gamma, _mm256_andnot_ps (sign, alpha)), other_limit,
                                      _CMP_GT_OQ);
          __m256 bright = _mm256_cmp_ps (s, nmax, _CMP_GT_OQ);
          cls = _mm256_blendv_epi8 (used, other, _mm256_castps_si256 (off));
          cls = _mm256_blendv_epi8 (cls, specular, _mm256_castps_si256 (bright));
        }
      __m256 background = _mm256_and_ps (_mm256_cmp_ps (beta, _mm256_mul_ps (bg_white, s), _CMP_GE_OQ),
                                         _mm256_cmp_ps (s, bg_sum, _CMP_GE_OQ));
      /* Each comparison is -1 when true: two or three channels at the top sum to -2 or less. */
      __m256i n_top = _mm256_add_epi32 (_mm256_add_epi32 (_mm256_cmpgt_epi32 (ir, clip), _mm256_cmpgt_epi32 (ig, clip)),
                                        _mm256_cmpgt_epi32 (ib, clip));
      __m256i clipped = _mm256_cmpgt_epi32 (minus_one, n_top);
      clipped = _mm256_or_si256 (clipped, _mm256_castps_si256 (_mm256_cmp_ps (s, dark, _CMP_LT_OQ)));
      __m256i not_opaque = _mm256_cmpgt_epi32 (opaque, ia);
      /* The backdrop's class yields to all the tests after it: the table is read only when a lane within
       * the backdrop's code range is left to decide. */
      __m256i decided = _mm256_or_si256 (_mm256_or_si256 (_mm256_castps_si256 (background), clipped), not_opaque);
      __m256i near_backdrop = _mm256_cmpeq_epi32 (_mm256_min_epu8 (_mm256_max_epu8 (px, code_lo), code_hi), px);
      if (!_mm256_testc_si256 (decided, near_backdrop))
        {
          /* The backdrop table read four bytes at a time at byte offsets; the low byte is the entry. */
          __m256i cell = _mm256_or_si256 (_mm256_or_si256 (_mm256_slli_epi32 (_mm256_srli_epi32 (ir, 3), 10),
                                                           _mm256_slli_epi32 (_mm256_srli_epi32 (ig, 3), 5)),
                                          _mm256_srli_epi32 (ib, 3));
          __m256i in_backdrop = _mm256_and_si256 (_mm256_i32gather_epi32 (backdrop, cell, 1), byte);
          cls = _mm256_blendv_epi8 (backdrop_like, cls, _mm256_cmpeq_epi32 (in_backdrop, zero));
        }
      cls = _mm256_blendv_epi8 (cls, like, _mm256_castps_si256 (background));
      cls = _mm256_blendv_epi8 (cls, clipped_class, clipped);
      cls = _mm256_blendv_epi8 (cls, edge, not_opaque);
      cls = _mm256_blendv_epi8 (cls, transparent, _mm256_cmpeq_epi32 (ia, zero));

      /* Eight 32-bit classes (each < 256) down to eight bytes. */
      __m256i packed = _mm256_packus_epi16 (_mm256_packus_epi32 (cls, cls), _mm256_setzero_si256 ());
      uint32_t lo = (uint32_t) _mm_cvtsi128_si32 (_mm256_castsi256_si128 (packed));
      uint32_t hi = (uint32_t) _mm_cvtsi128_si32 (_mm256_extracti128_si256 (packed, 1));
      memcpy (out + x, &lo, 4);
      memcpy (out + x + 4, &hi, 4);
    }
  if (x < w)
    sh_classify_row_portable (model, lut, row + 4 * x, w - x, out + x, sums != NULL ? sums + x : NULL);
}

/* Thirty-two pixels a step: the surface tests as byte masks, the classes counted in byte counters (a row
 * at a time, at most 255 steps before they are summed), the pairs taken from a bit mask of used pixels. */
__attribute__ ((target ("avx2"))) void
sh_settle_row_avx2 (const ShExtractModel *model, const float (*lut)[256], const uint8_t *row, const float *sums,
                    int w, uint8_t *mrow, const ShSurfaceRow *surface, int64_t counts[SH_N_PIXEL_CLASSES + 1],
                    ShPairHistogram *pairs)
{
  const __m256i zero = _mm256_setzero_si256 ();
  const __m256i order = _mm256_setr_epi32 (0, 4, 1, 5, 2, 6, 3, 7);
  const __m256i like_floor = _mm256_set1_epi8 ((char) SH_PIXEL_BACKGROUND_LIKE);
  const __m256 third = _mm256_set1_ps (1.0f / 3.0f), top = _mm256_set1_ps (SH_LEVEL_BINS - 1);
  __m256i tally[SH_N_PIXEL_CLASSES + 1];
  int x = 0;

  while (x + 32 <= w)
    {
      int end = x + 255 * 32 < w ? x + 255 * 32 : w;
      for (int c = 0; c <= SH_N_PIXEL_CLASSES; c++)
        tally[c] = zero;
      for (; x + 32 <= end; x += 32)
        {
          __m256i m = _mm256_loadu_si256 ((const __m256i *) (mrow + x));
          __m256i used = _mm256_cmpeq_epi8 (m, zero);
          if (surface != NULL && !_mm256_testz_si256 (used, used))
            {
              __m256i e[4];
              for (int k = 0; k < 4; k++)
                {
                  __m256 sum = _mm256_loadu_ps (sums + x + 8 * k);
                  __m256 below = _mm256_cmp_ps (sum, _mm256_loadu_ps (surface->lo + x + 8 * k), _CMP_LT_OQ);
                  __m256 above = _mm256_cmp_ps (sum, _mm256_loadu_ps (surface->hi + x + 8 * k), _CMP_GT_OQ);
                  e[k] = _mm256_castps_si256 (_mm256_or_ps (below, above));
                }
              /* Four masks of eight 32-bit lanes down to 32 bytes, back in pixel order. */
              __m256i engraved = _mm256_permutevar8x32_epi32 (
                  _mm256_packs_epi16 (_mm256_packs_epi32 (e[0], e[1]), _mm256_packs_epi32 (e[2], e[3])), order);
              __m256i cut = _mm256_loadu_si256 ((const __m256i *) (surface->cut + x));
              __m256i shadow = _mm256_loadu_si256 ((const __m256i *) (surface->shadow + x));
              __m256i cls = _mm256_and_si256 (engraved, _mm256_set1_epi8 (SH_PIXEL_ENGRAVING));
              cls = _mm256_blendv_epi8 (_mm256_set1_epi8 (SH_PIXEL_SHADOW), cls, _mm256_cmpeq_epi8 (shadow, zero));
              cls = _mm256_blendv_epi8 (_mm256_set1_epi8 (SH_PIXEL_CUT_FACE), cls, _mm256_cmpeq_epi8 (cut, zero));
              m = _mm256_blendv_epi8 (m, cls, used);
              _mm256_storeu_si256 ((__m256i *) (mrow + x), m);
              used = _mm256_cmpeq_epi8 (m, zero);
            }
          /* A true comparison is -1: subtracting counts it. */
          for (int c = 0; c < SH_N_PIXEL_CLASSES; c++)
            tally[c] = _mm256_sub_epi8 (tally[c], _mm256_cmpeq_epi8 (m, _mm256_set1_epi8 ((char) c)));
          tally[SH_N_PIXEL_CLASSES] = _mm256_sub_epi8 (tally[SH_N_PIXEL_CLASSES],
                                                       _mm256_cmpeq_epi8 (_mm256_max_epu8 (m, like_floor), m));
          if (pairs == NULL)
            continue;
          uint32_t bits = (uint32_t) _mm256_movemask_epi8 (used);
          uint32_t pair = bits & (bits >> 1) & 0x55555555u;
          if (pair == 0)
            continue;
          /* The bins of the 32 pixels as sh_level_bin computes them, eight at a time. */
          int32_t bins[32];
          for (int k = 0; k < 4; k++)
            {
              __m256 v = _mm256_mul_ps (_mm256_sqrt_ps (_mm256_mul_ps (_mm256_loadu_ps (sums + x + 8 * k), third)),
                                        top);
              __m256i bin = _mm256_cvttps_epi32 (_mm256_min_ps (v, top));
              bin = _mm256_and_si256 (bin, _mm256_castps_si256 (_mm256_cmp_ps (v, _mm256_setzero_ps (), _CMP_GT_OQ)));
              _mm256_storeu_si256 ((__m256i *) (bins + 8 * k), bin);
            }
          for (int parity = 0; pair != 0; pair &= pair - 1, parity ^= 1)
            {
              int i = __builtin_ctz (pair), bin = bins[i];
              const uint8_t *right = row + 4 * (x + i) + 4;
              __m256d rgb = _mm256_cvtps_pd (_mm_setr_ps (lut[0][right[0]], lut[1][right[1]], lut[2][right[2]], 0));
              double *sum = parity ? pairs->sum_odd[bin] : pairs->sum[bin];
              pairs->count[bin]++;
              _mm256_storeu_pd (sum, _mm256_add_pd (_mm256_loadu_pd (sum), rgb));
            }
        }
      for (int c = 0; c <= SH_N_PIXEL_CLASSES; c++)
        {
          __m256i total = _mm256_sad_epu8 (tally[c], zero);
          counts[c] += _mm256_extract_epi64 (total, 0) + _mm256_extract_epi64 (total, 1)
                       + _mm256_extract_epi64 (total, 2) + _mm256_extract_epi64 (total, 3);
        }
    }
  sh_settle_row_portable (model, lut, row, sums, x, w, mrow, surface, counts, pairs);
}
#endif
