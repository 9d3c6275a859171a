/* extract-private.h: the pieces of the robust extraction that the fast path and the double-precision
 * reference implementation (tests/extract-reference.c) share: the scene analysis made on a sparse grid of
 * the box, the per-pixel decision rule, and the statistics computed from counts.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "extract.h"

/* Pixels with any channel at or above this code are clipped. */
#define SH_CLIP_CODE 252
/* The analysis looks at about this many pixels of the box, on a regular grid. */
#define SH_ANALYSIS_SAMPLES 4096
/* Bright-pixel band used for the lit body: pairs ranked between these fractions from the top. */
#define SH_LIT_BAND_TOP 0.03
#define SH_LIT_BAND_BOTTOM 0.25

/* Pixels not yet split into background and highlight: background-like until the flood fill from the box
 * border says which are connected to it. */
#define SH_PIXEL_BACKGROUND_LIKE 250

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
  double specular_floor;
  double other_tau;        /* |gamma| above other_tau * sum + other_floor is another material */
  double other_floor;
  double neutral_max_sum;  /* neutral bodies: brighter than this is a highlight */
} ShExtractModel;

/* Grid spacing of the analysis for a box. */
int sh_extract_analysis_step (ShBox box);

/* The k-th smallest of n values (reorders them). */
double sh_select_kth (double *values, size_t n, size_t k);

/* Which implementation of the per-pixel rule runs; AUTO picks the best the processor has. Tests force
 * each in turn (the choice is process-wide, not thread-safe: set it before extracting). */
typedef enum {
  SH_SIMD_AUTO,
  SH_SIMD_PORTABLE,
  SH_SIMD_AVX2,
  SH_SIMD_AVX512,
} ShSimdLevel;

void sh_extract_set_simd_level (ShSimdLevel level);

void sh_extract_analyze (const ShImage *image, ShBox box, ShExtractModel *model);

/* alpha (body), beta (white) and gamma (off-plane) coefficients of a linear pixel. */
void sh_extract_decompose (const ShExtractModel *model, const double linear[3], double *alpha, double *beta,
                           double *gamma);

/* The decision rule for one pixel, in double precision; the fast path is the same rule in float. */
int sh_extract_classify_pixel (const ShExtractModel *model, const uint8_t rgba[4], const double linear[3]);

/* Replaces SH_PIXEL_BACKGROUND_LIKE in mask (w x h) by SH_PIXEL_BACKGROUND where 4-connected to the border,
 * SH_PIXEL_SPECULAR elsewhere (white inside the object is shine). counts holds the classification's
 * counts with the background-like ones in counts[SH_N_PIXEL_CLASSES]; it is updated to the final ones. */
void sh_extract_resolve_background (uint8_t *mask, int w, int h, int64_t counts[SH_N_PIXEL_CLASSES + 1]);

/* Lit-body colour from the pair histogram: pair_count[code] pairs whose left pixel's dominant channel has
 * that code, pair_sum[code] the summed linear RGB of their right pixels. Returns 0 when too few pairs. */
int sh_extract_lit_band (const double pair_count[256], const double pair_sum[256][3], double linear[3]);

/* Fills the parts of a swatch that follow from its linear colour in the image's RGB space and the class
 * mask (NULL: every pixel used): colour spaces, hex, spread and confidence. */
void sh_extract_finish_swatch (const ShImage *image, const double linear[3], const uint8_t *mask,
                               ShSwatch *out);

/* Finish and glitter from the robust classification in mask and the lit body colour linear. */
void sh_extract_estimate_finish (const ShImage *image, const ShExtractModel *model, const double linear[3],
                                 const uint8_t *mask, ShSwatch *out);
