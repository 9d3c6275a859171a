/* SPDX-License-Identifier: GPL-3.0-or-later */
/* synth.h: a deterministic generator of synthetic lipstick product photos with known ground truth.
 *
 * The scene, in linear sRGB light (D65): a white studio sweep (slightly graded, slightly tinted), a lipstick
 * standing upright: a case (packaging: gold, black, silver or none) at the bottom and the bullet above it,
 * a shaded cylinder with a slanted tip, lit from the camera's side so that its camera-facing line receives
 * full diffuse light. Its finish adds a specular highlight in the illuminant's colour (gloss: narrow and
 * bright, satin: broad and dim, matte: almost none); glitter adds small bright flakes of their own colour.
 *
 * Ground truth: body_linear is the colour of the bullet where diffuse light is full (shading 1) and no
 * highlight or flake lies: what a try-on material's base colour must be. The same parameters and seed
 * always give the same pixels.
 *
 * The hard mix adds what real product photos show and the classic scenes lack: coloured and textured
 * backdrops, a cut face lit harder and lighter than the side, engraved logos, a broad low sheen on matte
 * bullets, shimmer on pale shades and glitter on dark ones, transparent cut-outs and products lying at an
 * angle. Its truth is what a careful person eyedrops: the per-channel median, in linear light, of the
 * renderer's side-body shading over truth_patch, the lit mid-tone next to the highlight but outside it,
 * away from the shadow side, the cut face, the engraving, sparkles and edges.
 */
#pragma once

#include <stdint.h>

#include "box.h"
#include "finish.h"

typedef enum {
  SH_PACKAGING_NONE,
  SH_PACKAGING_GOLD,
  SH_PACKAGING_BLACK,
  SH_PACKAGING_SILVER,
} ShPackaging;

typedef enum {
  SH_SYNTH_MIX_CLASSIC,           /* white or grey sweep, upright, opaque: the original generator */
  SH_SYNTH_MIX_HARD,              /* the classic scenes plus the harder variants of real product photos */
} ShSynthMix;

typedef enum {
  SH_BACKDROP_SWEEP,              /* the classic white or light-grey studio sweep */
  SH_BACKDROP_RED,                /* coloured paper sweeps */
  SH_BACKDROP_BLUE,
  SH_BACKDROP_MINT,
  SH_BACKDROP_FABRIC,             /* a woven cloth with folds */
  SH_BACKDROP_GREY_SWEEP,         /* a mid-grey sweep with a strong gradient */
  SH_BACKDROP_SKY,                /* a blue sky-like gradient with bokeh discs */
  SH_BACKDROP_CHECKERBOARD,       /* a grey/white checkerboard baked into the pixels (fake transparency) */
  SH_BACKDROP_N
} ShBackdrop;

typedef struct {
  uint32_t seed;
  int width, height;              /* upright size of the photo */
  double body_linear[3];          /* the bullet's true colour, linear sRGB */
  ShFinishClass finish;
  double glitter_density;         /* flakes per 1000 bullet pixels; 0 = no glitter */
  double glitter_size;            /* flake diameter in pixels */
  double glitter_linear[3];       /* flake colour, linear sRGB */
  ShPackaging packaging;
  double sweep_level;             /* white sweep's linear luminance, about 0.75-0.95 */
  double sweep_tint[3];           /* multiplier per channel, near 1 */
  double ambient;                 /* diffuse level at the bullet's silhouette edge, 0.25-0.6 */
  double bullet_scale;            /* bullet width as a fraction of the image width, 0.12-0.3 */
  double center_x, center_y;      /* bullet centre as fractions of the image size */
  double noise_sigma;             /* sensor noise, standard deviation in 8-bit code values */

  /* The hard mix's variants; all zero in a classic scene, which then renders exactly as before. */
  int hard;                       /* the truth is the median over truth_patch (see the file comment) */
  ShBackdrop backdrop;
  double backdrop_linear[3];      /* the backdrop's main colour (coloured, fabric, grey sweep, sky) */
  int cut_face;                   /* the cut face lit harder and lighter than the side body */
  int engraving;                  /* an engraved logo on the side body */
  double matte_sheen;             /* peak of a broad low sheen on a matte bullet, linear light */
  double shimmer_density;         /* fine sparkles per 1000 bullet pixels; 0 = none */
  double shimmer_size;            /* sparkle diameter in pixels */
  double shimmer_linear[3];       /* sparkle colour, linear sRGB */
  int transparent;                /* a cut-out: only the product is opaque (see sh_synth_render_rgba) */
  int hidden_rgb;                 /* what fully transparent pixels carry: a grey 0-255, or -1 for random RGB */
  double angle;                   /* the product's rotation in degrees, counter-clockwise; 0 = upright. When
                                   * not 0, center_x/center_y place the whole product's centre. */
} ShSynthParams;

typedef struct {
  double body_linear[3];          /* the truth: params.body_linear, or in the hard mix the median of the
                                   * side body's shading over truth_patch */
  double body_lab[3];             /* Lab D50 of body_linear */
  ShBox bullet;                   /* tight box around the bullet, upright pixels */
  ShBox label_box;                /* a box as a careful labeler would draw it: the bullet with a small
                                   * margin, some sweep at the corners, maybe an edge of the case */
  ShBox case_box;                 /* the packaging, or all zero when none */
  ShFinishClass finish;
  double glitter_density;         /* as rendered: flakes per 1000 bullet pixels */
  int glitter_flakes;             /* flakes drawn on the visible bullet */
  double shimmer_density;         /* as rendered: sparkles per 1000 bullet pixels */
  int shimmer_sparkles;           /* fine sparkles drawn on the visible bullet */
  ShBox engraving_box;            /* the engraved logo, or all zero */
  ShBox truth_patch;              /* hard mix: the upright pixels whose median the truth is; else all zero */
} ShSynthTruth;

/* Fills params with a varied but deterministic scene for seed: colour drawn from a lipstick gamut
 * (reds, pinks, corals, browns, nudes, berries, plums, a few vivid and a few very dark shades), finish,
 * glitter (about one in five), packaging, sweep, placement and noise. */
void sh_synth_params_for_seed (uint32_t seed, int width, int height, ShSynthParams *params);

/* As sh_synth_params_for_seed for SH_SYNTH_MIX_CLASSIC. For SH_SYNTH_MIX_HARD the same classic scene, then
 * (from draws of their own, so the classic ones never shift) about five in six scenes get one or more
 * harder variants. */
void sh_synth_params_for_seed_mix (uint32_t seed, int width, int height, ShSynthMix mix, ShSynthParams *params);

const char *sh_synth_backdrop_name (ShBackdrop backdrop);   /* "sweep", "red", ..., "checkerboard" */

/* Renders params into a newly allocated float buffer of width*height*3 linear sRGB values (row-major,
 * no padding), unclipped (highlights may exceed 1 before encoding), noise not yet added. Fills truth.
 * Returns NULL on allocation failure. Free with free(). */
float *sh_synth_render (const ShSynthParams *params, ShSynthTruth *truth);

/* As sh_synth_render; when params->transparent and alpha is not NULL, also returns a newly allocated
 * width*height buffer of coverage (0 transparent, 1 opaque, anti-aliased in between), and the colour of a
 * partly covered pixel is then the product's own (straight alpha). Otherwise the product stands on a plain
 * white sweep without a shadow, as the cut-out looks over white, and *alpha is NULL. */
float *sh_synth_render_rgba (const ShSynthParams *params, ShSynthTruth *truth, float **alpha);
