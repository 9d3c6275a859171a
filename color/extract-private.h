/* SPDX-License-Identifier: GPL-3.0-or-later */
/* extract-private.h: the pieces of the robust extraction that the fast path and the double-precision
 * reference implementation (tests/extract-reference.c) share: the scene analysis made on a sparse grid of
 * the box, the per-pixel decision rule, and the statistics computed from counts.
 */
#pragma once

#include <stddef.h>
#include <math.h>
#include <stdint.h>

#include "extract.h"
#include "select.h"

/* Pixels with any channel at or above this code are clipped. */
#define SH_CLIP_CODE 252
/* The analysis looks at about this many pixels of the box, on a regular grid. */
#define SH_ANALYSIS_SAMPLES 4096
/* Bright-pixel band used for the lit body: pairs ranked between these fractions from the top. */
#define SH_LIT_BAND_TOP 0.03
#define SH_LIT_BAND_BOTTOM 0.25

/* Pixels not yet split into background and the rest: background-like until the flood fill from the box
 * border says which are connected to it. Unreached, white-like pixels are shine, backdrop-coloured ones
 * another material, transparent ones background all the same. */
#define SH_PIXEL_BACKGROUND_LIKE 250
#define SH_PIXEL_BACKDROP_LIKE 251
#define SH_PIXEL_TRANSPARENT 252
#define SH_PIXEL_IS_LIKE(c) ((c) >= SH_PIXEL_BACKGROUND_LIKE)

/* The backdrop's colours: one entry per cell of 8 codes a channel, see sh_backdrop_cell. */
#define SH_BACKDROP_CELLS (32 * 32 * 32)
/* At most this many uniform code boxes (see ShExtractModel). */
#define SH_UNIFORM_BOXES 2
/* Half-width, in log light, of the band of the side body's brightness the colour is measured in. */
#define SH_BAND_HALF_WIDTH 0.08

/* Everything the per-pixel rule needs, derived from a sparse look at the box. All colours are in the linear
 * RGB of the image's own colour model (equal channels are neutral in any ICC RGB space). */
typedef struct {
  double body[3];          /* body chromaticity, channels summing to 1 */
  double white[3];         /* illuminant chromaticity (from the background when there is one) */
  double normal[3];        /* unit vector off the body/white plane */
  double basis_inverse[3][3]; /* rows give alpha (body), beta (white), gamma (off-plane) of a pixel */
  int neutral_body;        /* body too close to white for the dichromatic split */
  int dominant_channel;    /* channel with the largest body component */
  double white_sum;        /* r+g+b of the background sweep, 0 when the border shows none */
  double dark_sum;         /* r+g+b below this is near-black */
  double background_sum;   /* background-like pixels are at least this bright ... */
  double background_white; /* ... and at least this fraction white */
  double specular_tau;     /* beta above specular_tau * sum + specular_floor is a highlight */
  double body_white;       /* the body's own white content (beta / sum), sheen aside */
  int has_body_white;      /* body_white was measured */
  double specular_floor;
  double other_tau;        /* |gamma| above other_tau * sum + other_floor is another material */
  double other_floor;
  double neutral_max_sum;  /* neutral bodies: brighter than this is a highlight */

  /* The backdrop, learnt from the box border: 1 where a colour cell is the backdrop's (padded by 3 bytes so
   * that 32-bit gathers may read any entry). */
  uint8_t backdrop[SH_BACKDROP_CELLS + 4];
  /* The lowest and highest code of each channel (R, G, B, then 0 and 255 for alpha) over the backdrop's
   * cells; a pixel outside them cannot be the backdrop, so the per-pixel loops skip the table for it.
   * lo above hi when the backdrop is empty. */
  uint8_t backdrop_code_lo[4], backdrop_code_hi[4];
  int backdrop_known;      /* the border showed a backdrop */
  double backdrop_linear[3]; /* its median colour */
  int product_like_backdrop; /* the backdrop's colours are also the box centre's: cannot tell apart */

  /* Surfaces, from the coarse grid (cells of grid_step pixels): cut[gy * grid_w + gx] marks the cut or top
   * face; per line across the bullet (a box column, or a box row when the bullet lies on its side), the
   * shadow side and the range of r+g+b that follows the side's shading (outside it: engraving). */
  int box_w, grid_step, grid_w, grid_h;
  int lying;               /* the column_ arrays are indexed by box row, not column */
  uint8_t *cut;
  uint8_t *column_shadow;
  float *column_lo, *column_hi;

  /* Boxes of codes (R, G, B, then alpha 255..255) in which every pixel has one class under the colour
   * rule, which the row loops give without its arithmetic: clipped white, and the sweep's colours. */
  uint8_t uniform_lo[SH_UNIFORM_BOXES][4], uniform_hi[SH_UNIFORM_BOXES][4];
  uint8_t uniform_class[SH_UNIFORM_BOXES];
  int n_uniform;
} ShExtractModel;

/* Finds model's uniform boxes (see extract-uniform.c) once the rest of the model is known. */
void sh_extract_find_uniform_boxes (const ShImage *image, ShBox box, ShExtractModel *model);

/* The surface rule's inputs along one row of the box, a value per pixel: the cut face flag, the shadow
 * flag, and the range of r+g+b (linear) that follows the side's shading. */
typedef struct {
  const uint8_t *cut, *shadow;
  const float *lo, *hi;
} ShSurfaceRow;

/* Grid spacing of the analysis for a box. */
int sh_extract_analysis_step (ShBox box);


/* Which implementation of the per-pixel rule runs; AUTO picks the best the processor has. Tests force
 * each in turn (the choice is process-wide, not thread-safe: set it before extracting). */
typedef enum {
  SH_SIMD_AUTO,
  SH_SIMD_PORTABLE,
  SH_SIMD_AVX2,
  SH_SIMD_AVX512,
} ShSimdLevel;

void sh_extract_set_simd_level (ShSimdLevel level);

/* Fills model from a sparse look at the box; sh_extract_model_clear frees what it holds. */
void sh_extract_analyze (const ShImage *image, ShBox box, ShExtractModel *model);
void sh_extract_model_clear (ShExtractModel *model);

/* The i-th of the 2 (w + h) pixels along a box's border: its top row, bottom row, left column, then right
 * column (corners twice); returns which of those four sides. */
static inline int
sh_box_border_pixel (ShBox box, int i, int *x, int *y)
{
  if (i < box.w)
    return *x = box.x + i, *y = box.y, 0;
  if (i < 2 * box.w)
    return *x = box.x + i - box.w, *y = box.y + box.h - 1, 1;
  if (i < 2 * box.w + box.h)
    return *x = box.x, *y = box.y + i - 2 * box.w, 2;
  return *x = box.x + box.w - 1, *y = box.y + i - 2 * box.w - box.h, 3;
}

static inline int
sh_backdrop_cell (const uint8_t *p)
{
  return (p[0] >> 3) << 10 | (p[1] >> 3) << 5 | p[2] >> 3;
}

/* alpha (body), beta (white) and gamma (off-plane) coefficients of a linear pixel. */
void sh_extract_decompose (const ShExtractModel *model, const double linear[3], double *alpha, double *beta,
                           double *gamma);

/* The decision rule for one pixel, in double precision; the fast path is the same rule in float. */
int sh_extract_classify_pixel (const ShExtractModel *model, const uint8_t rgba[4], const double linear[3]);

/* The surface rule: a pixel at (x, y) of the box the colour rule called SH_PIXEL_USED becomes cut face,
 * shadow or engraving, or stays used. */
int sh_extract_surface_class (const ShImage *image, const ShExtractModel *model, int x, int y,
                              const uint8_t rgba[4]);

/* Replaces the background-like markers in mask (w x h) by SH_PIXEL_BACKGROUND where 4-connected to the
 * border; elsewhere white becomes SH_PIXEL_SPECULAR (white inside the object is shine), the backdrop's
 * colour SH_PIXEL_OTHER and transparency SH_PIXEL_BACKGROUND. counts holds the classification's counts
 * with every background-like one in counts[SH_N_PIXEL_CLASSES]; it is updated to the final ones. */
void sh_extract_resolve_background (uint8_t *mask, int w, int h, int64_t counts[SH_N_PIXEL_CLASSES + 1]);
/* After it: a white studio backdrop shot at full exposure is clipped as well as background. White clipped
 * pixels (every channel >= 240) 4-connected to the background or the box border become SH_PIXEL_BACKGROUND
 * (and are counted so), so the overlay and the counts call the sweep background; clipped highlights inside
 * the product, and dark clipped pixels, stay clipped. Neither is ever used for the colour. */
void sh_extract_resolve_white_backdrop (const ShImage *image, ShBox box, uint8_t *mask,
                                        int64_t counts[SH_N_PIXEL_CLASSES + 1]);

/* Brightness bins of the pair histogram: r+g+b (linear) on a square-root scale, about 2% apart at 1% of
 * white. Any channel alone saturates on vivid shades; the sum keeps rising under a highlight. */
#define SH_LEVEL_BINS 1024

static inline int
sh_level_bin (float sum)
{
  float v = sqrtf (sum * (1.0f / 3.0f)) * (SH_LEVEL_BINS - 1);
  return v >= SH_LEVEL_BINS - 1 ? SH_LEVEL_BINS - 1 : v > 0 ? (int) v : 0;
}

/* On a box of at least this many pixels the pair histogram takes every other row: a quarter-megapixel box
 * still gives it tens of thousands of pairs, so the lit band's mean moves by a rounding's worth, while
 * the pairs are the costliest part of the pass the live swatch waits on. Every pixel is still classified. */
#define SH_PAIR_ROW_HALVING_PIXELS (512 * 512)

/* Whether row y of box adds its pairs to the histogram. */
static inline bool
sh_extract_pair_row (ShBox box, int y)
{
  return y % 2 == 0 || (int64_t) box.w * box.h < SH_PAIR_ROW_HALVING_PIXELS;
}

/* Lit mid-tone from the pair histogram of the used pixels: pair_count[bin] pairs whose left pixel's
 * brightness falls in that bin, pair_sum[bin] the summed linear RGB of their right pixels. The band is the
 * most populated stretch of +-SH_BAND_HALF_WIDTH in log light (a lit cylinder's flattest shading); the
 * colour is the mean of its pairs. 0 when too few pairs. */
int sh_extract_lit_band (const double pair_count[SH_LEVEL_BINS], const double pair_sum[SH_LEVEL_BINS][3],
                         double linear[3]);

/* Takes the sheen off a colour measured on the side: white added beyond the body's own. The robust method
 * and the reference both apply it to the lit band's colour. */
void sh_extract_remove_sheen (const ShExtractModel *model, double linear[3]);

/* After the colour: the reason and a lowered confidence when the colour is the backdrop's. */
void sh_extract_check_backdrop (const ShImage *image, const ShExtractModel *model, ShSwatch *out);

/* Fills the parts of a swatch that follow from its linear colour in the image's RGB space and the class
 * mask (NULL: every pixel used): colour spaces, hex, spread and confidence. */
void sh_extract_finish_swatch (const ShImage *image, const double linear[3], const uint8_t *mask,
                               ShSwatch *out);

/* Finish and glitter from the robust classification in mask and the lit body colour linear. */
void sh_extract_estimate_finish (const ShImage *image, const ShExtractModel *model, const double linear[3],
                                 const uint8_t *mask, ShSwatch *out);
