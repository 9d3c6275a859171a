/* SPDX-License-Identifier: GPL-3.0-or-later */
/* extract-kernels.h: the per-row loops of the robust and the mean extraction, one family a file:
 * extract-kernels.c is portable C for every processor; extract-kernels-avx2.c and
 * extract-kernels-avx512.c hold the x86-64 ones, built for their instruction set by function attributes
 * and chosen at run time (see simd_level in extract.c). Every family gives the same classes, counts and
 * sums; the SIMD ones hand the end of a row to the portable loop.
 */
#pragma once

#include "extract-private.h"

/* The pair histogram of the lit band (see sh_extract_lit_band). Integer counts: a chain of double
 * additions through memory was the pair loop's bottleneck; they become doubles at the end, exactly. */
typedef struct {
  uint32_t count[SH_LEVEL_BINS];
  /* R, G, B and a fourth lane that stays 0: the three sums of a pair are one vector addition. */
  double sum[SH_LEVEL_BINS][4];
  /* A second copy for every other pair of the AVX2 loop: neighbouring pairs often share a bin, and one
   * copy would make each wait for the previous one's store. Added to sum at the end. */
  double sum_odd[SH_LEVEL_BINS][4];
  double band_count[SH_LEVEL_BINS]; /* count and sums as sh_extract_lit_band takes them */
  double band_sum[SH_LEVEL_BINS][3];
} ShPairHistogram;

/* Adds the pair (x, x+1) of a row, its left pixel in bin: ranked by the left pixel's brightness, measured
 * on the right one. The sums stay in row order so that they round as the reference's do. */
static inline void
sh_pair_histogram_add (ShPairHistogram *pairs, const float (*lut)[256], const uint8_t *row, int x, int bin)
{
  const uint8_t *right = row + 4 * x + 4;
  pairs->count[bin]++;
  pairs->sum[bin][0] += lut[0][right[0]];
  pairs->sum[bin][1] += lut[1][right[1]];
  pairs->sum[bin][2] += lut[2][right[2]];
}

/* Classifies a row of w pixels into out by the colour rule (sh_extract_classify_pixel, in float);
 * sums, when not NULL, receives each pixel's r+g+b in linear light. */
void sh_classify_row_portable (const ShExtractModel *model, const float (*lut)[256], const uint8_t *row, int w,
                               uint8_t *out, float *sums);

/* One pass over a classified row mrow from x on: the surface rule on the used pixels when surface is not
 * NULL, the classes counted (background-like last) and the pairs of used pixels added to pairs (none when
 * pairs is NULL: a row the histogram skips, see sh_extract_pair_row). */
void sh_settle_row_portable (const ShExtractModel *model, const float (*lut)[256], const uint8_t *row,
                             const float *sums, int x, int w, uint8_t *mrow, const ShSurfaceRow *surface,
                             int64_t counts[SH_N_PIXEL_CLASSES + 1], ShPairHistogram *pairs);

/* The plain mean of the box in linear light. */
void sh_extract_mean_portable (const ShImage *image, ShBox box, double linear[3]);

#if defined(__x86_64__) && defined(__GNUC__)
#define SH_HAVE_X86_KERNELS 1

/* Need AVX2 and FMA. */
void sh_classify_row_avx2 (const ShExtractModel *model, const float (*lut)[256], const uint8_t *row, int w,
                           uint8_t *out, float *sums);
/* The whole row (x = 0); needs AVX2. */
void sh_settle_row_avx2 (const ShExtractModel *model, const float (*lut)[256], const uint8_t *row,
                         const float *sums, int w, uint8_t *mrow, const ShSurfaceRow *surface,
                         int64_t counts[SH_N_PIXEL_CLASSES + 1], ShPairHistogram *pairs);

/* Need AVX-512 F and BW. */
void sh_classify_row_avx512 (const ShExtractModel *model, const float (*lut)[256], const uint8_t *row, int w,
                             uint8_t *out, float *sums);
void sh_extract_mean_avx512 (const ShImage *image, ShBox box, double linear[3]);
#endif
