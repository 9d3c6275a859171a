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
} ShSynthParams;

typedef struct {
  double body_linear[3];          /* = params.body_linear */
  double body_lab[3];             /* Lab D50 of body_linear */
  ShBox bullet;                   /* tight box around the bullet, upright pixels */
  ShBox label_box;                /* a box as a careful labeler would draw it: the bullet with a small
                                   * margin, some sweep at the corners, maybe an edge of the case */
  ShBox case_box;                 /* the packaging, or all zero when none */
  ShFinishClass finish;
  double glitter_density;         /* as rendered: flakes per 1000 bullet pixels */
  int glitter_flakes;             /* flakes drawn on the visible bullet */
} ShSynthTruth;

/* Fills params with a varied but deterministic scene for seed: colour drawn from a lipstick gamut
 * (reds, pinks, corals, browns, nudes, berries, plums, a few vivid and a few very dark shades), finish,
 * glitter (about one in five), packaging, sweep, placement and noise. */
void sh_synth_params_for_seed (uint32_t seed, int width, int height, ShSynthParams *params);

/* Renders params into a newly allocated float buffer of width*height*3 linear sRGB values (row-major,
 * no padding), unclipped (highlights may exceed 1 before encoding), noise not yet added. Fills truth.
 * Returns NULL on allocation failure. Free with free(). */
float *sh_synth_render (const ShSynthParams *params, ShSynthTruth *truth);
