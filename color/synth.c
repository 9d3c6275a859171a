/* SPDX-License-Identifier: GPL-3.0-or-later */
/* synth.c: deterministic synthetic lipstick product photos with known ground truth.
 *
 * Geometry, in upright pixels (y down). The bullet is a vertical cylinder of radius R centred on the column
 * cx, standing on base_y. Seen from the front in orthographic projection, a point on its front surface at
 * u = (x - cx) / R has surface normal angle theta with u = sin(theta), so a light at the camera gives the
 * diffuse shading s(u) = ambient + (1 - ambient) * sqrt(1 - u^2), exactly 1 on the camera-facing line u = 0.
 * cx sits on a pixel centre, so one column of pixels samples u = 0 exactly.
 *
 * The tip is cut by the plane Y = h0 + a X - c Z (cylinder coordinates in units of R, Y up from base_y, Z
 * toward the camera). With c > 0 the cut face leans toward the camera: for a column u it covers
 * Y in [h0 + a u - c sqrt(1 - u^2), h0 + a u + c sqrt(1 - u^2)], and the side surface lies below that.
 *
 * Highlights are compact lobes (zero outside their support) that never reach |u| < 0.06, so body pixels on
 * the camera-facing line stay exactly body_linear unless a glitter flake covers them.
 *
 * The hard mix's variants draw from streams of their own, so a classic scene (every variant field zero)
 * renders byte for byte as before. A product at an angle is laid out upright in its own frame, centred on
 * the origin, and every image point is rotated into that frame; the backdrop stays in image coordinates.
 * Its truth patch lies at u in [PATCH_U0, PATCH_U1], right of every highlight lobe (they end before
 * u = -0.06) and left of the second gloss stripe (kept past u = 0.62 in the hard mix), between 20 % of the
 * side's height and 50 % (or below the engraving). It reaches as far into the lit side as the patches people
 * eyedrop on real product photos do (their centres lie between u = 0 and 0.5 on the side body), so the truth
 * is the lit mid-tone's median, not only the brightest diffuse column.
 */
#include "config.h"

#include "synth.h"

#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "colorspace.h"

/* ---- PRNG: splitmix64, small, fast and identical on every platform ---- */

typedef struct {
  uint64_t state;
} Rng;

/* Distinct stream constants so that geometry, colour, flakes and labels never share draws. */
enum {
  STREAM_PARAMS = 0x5041524dU,
  STREAM_SHAPE = 0x53484150U,
  STREAM_LOOK = 0x4c4f4f4bU,
  STREAM_FLAKES = 0x464c414bU,
  STREAM_LABEL = 0x4c41424cU,
  STREAM_VARIANT = 0x56415249U,
  STREAM_HARD_LOOK = 0x48415244U,
  STREAM_SHIMMER = 0x5348494dU,
};

static uint64_t
splitmix64_next (uint64_t *state)
{
  uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

static void
rng_init (Rng *rng, uint32_t seed, uint32_t stream)
{
  rng->state = ((uint64_t) stream << 32) | seed;
  /* Warm up so that neighbouring seeds diverge at once. */
  splitmix64_next (&rng->state);
}

/* Uniform in [0, 1) with 53 random bits. */
static double
rng_uniform (Rng *rng)
{
  return (double) (splitmix64_next (&rng->state) >> 11) * (1.0 / 9007199254740992.0);
}

static double
rng_range (Rng *rng, double lo, double hi)
{
  return lo + (hi - lo) * rng_uniform (rng);
}

static int
rng_int (Rng *rng, int n)
{
  return (int) (rng_uniform (rng) * n);
}

static int
rng_pick_weighted (Rng *rng, const double *weights, int n)
{
  double total = 0.0, r;

  for (int i = 0; i < n; i++)
    total += weights[i];
  r = rng_uniform (rng) * total;
  for (int i = 0; i < n; i++)
    {
      if (r < weights[i])
        return i;
      r -= weights[i];
    }
  return n - 1;
}

static double
clampd (double v, double lo, double hi)
{
  return v < lo ? lo : (v > hi ? hi : v);
}

static double
smoothstep (double edge0, double edge1, double x)
{
  double t = clampd ((x - edge0) / (edge1 - edge0), 0.0, 1.0);

  return t * t * (3.0 - 2.0 * t);
}

/* ---- shared shape draws ---- */

/* The product's proportions, from their own stream of the seed: both the parameter chooser (to frame
 * the product) and the renderer need them. */
typedef struct {
  double aspect;         /* bullet height / bullet diameter */
  double collar;         /* collar height / bullet radius */
  double case_height;    /* case height / bullet diameter */
} Proportions;

static void
proportions_for_seed (uint32_t seed, Proportions *shape)
{
  Rng rng;

  rng_init (&rng, seed, STREAM_SHAPE);
  shape->aspect = rng_range (&rng, 1.6, 2.2);
  shape->collar = rng_range (&rng, 0.18, 0.3);
  shape->case_height = rng_range (&rng, 1.0, 1.5);
}

#define CASE_RADIUS_MAX 1.3      /* case radius in bullet radii, at most */

/* ---- parameters ---- */

typedef struct {
  double weight;
  double l_lo, l_hi, c_lo, c_hi, h_lo, h_hi;   /* Lab D50 LCh ranges; h may run past 360 */
} ShadeFamily;

static const ShadeFamily shade_families[] = {
  { 18, 30, 45, 45, 65, 18, 36 },    /* reds */
  { 16, 50, 70, 25, 50, 350, 372 },  /* pinks */
  { 10, 50, 66, 40, 60, 32, 52 },    /* corals */
  { 10, 25, 45, 15, 35, 35, 62 },    /* browns */
  { 14, 55, 72, 12, 28, 40, 66 },    /* nudes */
  { 10, 25, 40, 30, 50, 348, 368 },  /* berries */
  { 8, 20, 35, 15, 35, 325, 352 },   /* plums */
  { 6, 10, 20, 4, 18, 0, 45 },       /* very dark */
  { 8, 40, 58, 62, 85, 345, 400 },   /* vivid reds, fuchsias and oranges */
};

#define BODY_MIN 0.004
#define BODY_MAX 0.85

static bool
body_inside (const double rgb[3])
{
  for (int i = 0; i < 3; i++)
    if (!(rgb[i] >= BODY_MIN && rgb[i] <= BODY_MAX))
      return false;
  return true;
}

/* Draws a lipstick shade and pulls it inside sRGB with margin: chroma first (keeps lightness and hue),
 * then lightness toward the middle, and finally a plain clamp that always succeeds. */
static void
choose_body_colour (Rng *rng, double rgb[3])
{
  const int n = (int) (sizeof shade_families / sizeof shade_families[0]);
  double weights[sizeof shade_families / sizeof shade_families[0]];
  const ShadeFamily *family;
  double lch[3], lab[3];

  for (int i = 0; i < n; i++)
    weights[i] = shade_families[i].weight;
  family = &shade_families[rng_pick_weighted (rng, weights, n)];
  lch[0] = rng_range (rng, family->l_lo, family->l_hi);
  lch[1] = rng_range (rng, family->c_lo, family->c_hi);
  lch[2] = fmod (rng_range (rng, family->h_lo, family->h_hi), 360.0);

  for (int step = 0; step < 200; step++)
    {
      sh_lch_to_lab (lch, lab);
      sh_lab_to_linear_srgb (lab, rgb);
      if (body_inside (rgb))
        return;
      if (lch[1] > 2.0)
        lch[1] *= 0.96;
      else
        lch[0] += (lch[0] < 50.0 ? 0.5 : -0.5);
    }
  for (int i = 0; i < 3; i++)
    rgb[i] = clampd (rgb[i], BODY_MIN, BODY_MAX);
}

void
sh_synth_params_for_seed (uint32_t seed, int width, int height, ShSynthParams *params)
{
  static const double finish_weights[] = { 1, 1, 1 };
  static const double packaging_weights[] = { 10, 35, 30, 25 };   /* none, gold, black, silver */
  static const double glitter_colours[][3] = {
    { 0.95, 0.72, 0.32 },   /* gold */
    { 0.88, 0.89, 0.92 },   /* silver */
    { 0.95, 0.52, 0.68 },   /* pink */
  };
  double scale_max, radius_frac, bullet_h_frac, product_h_frac, lo, hi, tint;
  Proportions shape;
  Rng rng;

  memset (params, 0, sizeof *params);
  params->seed = seed;
  params->width = width;
  params->height = height;
  rng_init (&rng, seed, STREAM_PARAMS);

  choose_body_colour (&rng, params->body_linear);
  params->finish = (ShFinishClass) rng_pick_weighted (&rng, finish_weights, 3);

  if (rng_int (&rng, 5) == 0)
    {
      int colour = rng_int (&rng, 3);
      double level = rng_range (&rng, 0.9, 1.0);

      params->glitter_density = rng_range (&rng, 1.5, 6.0);
      params->glitter_size = rng_range (&rng, 1.0, 4.0);
      for (int i = 0; i < 3; i++)
        params->glitter_linear[i] = glitter_colours[colour][i] * level;
    }

  params->packaging = (ShPackaging) rng_pick_weighted (&rng, packaging_weights, 4);

  /* Mostly a white sweep; one in six a light-grey backdrop. */
  if (rng_int (&rng, 6) == 0)
    params->sweep_level = rng_range (&rng, 0.42, 0.6);
  else
    params->sweep_level = rng_range (&rng, 0.75, 0.93);
  tint = rng_range (&rng, -0.03, 0.03);       /* warm (+) or cool (-) */
  params->sweep_tint[0] = 1.0 + tint;
  params->sweep_tint[1] = 1.0 + rng_range (&rng, -0.01, 0.01);
  params->sweep_tint[2] = 1.0 - tint;

  params->ambient = rng_range (&rng, 0.3, 0.6);

  /* The bullet must fit with room for a label margin: its height is aspect * diameter. */
  proportions_for_seed (seed, &shape);
  scale_max = 0.3;
  if (width > 0 && height > 0)
    scale_max = fmin (scale_max, 0.78 * height / (shape.aspect * width));
  params->bullet_scale = scale_max > 0.12 ? rng_range (&rng, 0.12, scale_max) : scale_max;

  radius_frac = params->bullet_scale / 2.0 * CASE_RADIUS_MAX;
  lo = 0.04 + radius_frac;
  hi = 0.96 - radius_frac;
  params->center_x = lo < hi ? clampd (0.5 + rng_range (&rng, -0.12, 0.12), lo, hi) : 0.5;

  /* Frame the whole product, a little above centre, when it fits; otherwise keep the bullet whole and let
   * the case run out of the bottom edge, as in close-ups. */
  bullet_h_frac = shape.aspect * params->bullet_scale * (height > 0 ? (double) width / height : 1.0);
  product_h_frac = bullet_h_frac;
  if (params->packaging != SH_PACKAGING_NONE)
    product_h_frac *= 1.0 + (shape.collar / 2.0 + shape.case_height) / shape.aspect;
  if (product_h_frac < 0.86)
    {
      double top = (1.0 - product_h_frac) / 2.0 - 0.03 + rng_range (&rng, -0.03, 0.03);

      params->center_y = clampd (top, 0.05, 0.95 - product_h_frac) + bullet_h_frac / 2.0;
    }
  else
    params->center_y = rng_range (&rng, 0.06, 0.12) + bullet_h_frac / 2.0;

  params->noise_sigma = rng_range (&rng, 0.5, 2.5);
}

const char *
sh_synth_backdrop_name (ShBackdrop backdrop)
{
  static const char *const names[SH_BACKDROP_N] = {
    "sweep", "red", "blue", "mint", "fabric", "grey-sweep", "sky", "checkerboard",
  };

  return backdrop >= 0 && backdrop < SH_BACKDROP_N ? names[backdrop] : "unknown";
}

/* Frames a product rotated by params->angle: scale so that its rotated bounding box fits, centre anywhere
 * it still fits. */
static void
place_rotated (uint32_t seed, ShSynthParams *params, double scale_roll, double jitter_x, double jitter_y)
{
  double t = params->angle * M_PI / 180.0, c = fabs (cos (t)), s = fabs (sin (t));
  double length, across, box_w, box_h, fit, w_frac, h_frac;
  const double aspect_wh = (double) params->width / params->height;
  Proportions shape;

  proportions_for_seed (seed, &shape);
  /* In bullet diameters: the product's length along its axis and its width across it. */
  length = shape.aspect;
  across = 1.0;
  if (params->packaging != SH_PACKAGING_NONE)
    {
      length += shape.collar / 2.0 + shape.case_height;
      across = CASE_RADIUS_MAX;
    }
  box_w = c * across + s * length;
  box_h = s * across + c * length;
  fit = fmin (0.86 / box_w, 0.86 / (box_h * aspect_wh));
  params->bullet_scale = fmin (0.3, fit * (0.7 + 0.3 * scale_roll));
  w_frac = box_w * params->bullet_scale;
  h_frac = box_h * params->bullet_scale * aspect_wh;
  params->center_x = 0.5 + jitter_x * fmax (0.0, (1.0 - w_frac) / 2.0 - 0.03);
  params->center_y = 0.5 + jitter_y * fmax (0.0, (1.0 - h_frac) / 2.0 - 0.03);
}

void
sh_synth_params_for_seed_mix (uint32_t seed, int width, int height, ShSynthMix mix, ShSynthParams *params)
{
  /* sweep, red, blue, mint, fabric, grey sweep, sky, checkerboard */
  static const double backdrop_weights[SH_BACKDROP_N] = { 30, 8, 8, 8, 10, 10, 10, 8 };
  static const double fabric_colours[][3] = {
    { 0.78, 0.74, 0.66 },   /* linen */
    { 0.74, 0.50, 0.48 },   /* blush satin */
    { 0.40, 0.40, 0.42 },   /* grey felt */
  };
  static const double shimmer_colours[][3] = {
    { 0.92, 0.90, 0.86 },   /* pearl */
    { 0.95, 0.80, 0.52 },   /* gold */
    { 0.95, 0.72, 0.78 },   /* pink */
  };
  static const double glitter_colours[][3] = {
    { 0.95, 0.72, 0.32 },   /* gold */
    { 0.88, 0.89, 0.92 },   /* silver */
    { 0.80, 0.22, 0.26 },   /* red */
    { 0.35, 0.48, 0.92 },   /* blue */
  };
  double lab[3], lch[3], tone, angle_roll, angle_size, sparkle_roll, shimmer_density, shimmer_size;
  double glitter_density, glitter_size, sheen, scale_roll, jitter_x, jitter_y;
  int backdrop, hidden_grey, shimmer_colour, glitter_colour;
  bool classic, transparent, hidden_random, cut_face, engraving, angle_negative;
  Rng rng;

  sh_synth_params_for_seed (seed, width, height, params);
  if (mix != SH_SYNTH_MIX_HARD)
    return;

  /* Every draw is made whatever is chosen, so that one variant's choice never shifts another's. */
  rng_init (&rng, seed, STREAM_VARIANT);
  classic = rng_int (&rng, 6) == 0;
  backdrop = rng_pick_weighted (&rng, backdrop_weights, SH_BACKDROP_N);
  tone = rng_uniform (&rng);
  transparent = rng_int (&rng, 8) == 0;
  hidden_random = rng_int (&rng, 2) == 0;
  hidden_grey = rng_int (&rng, 256);
  cut_face = rng_int (&rng, 2) == 0;
  engraving = rng_int (&rng, 3) == 0;
  sheen = rng_range (&rng, 0.025, 0.06);
  angle_roll = rng_uniform (&rng);
  angle_size = rng_range (&rng, 12.0, 80.0);
  angle_negative = rng_int (&rng, 2) == 0;
  scale_roll = rng_uniform (&rng);
  jitter_x = rng_range (&rng, -1.0, 1.0);
  jitter_y = rng_range (&rng, -1.0, 1.0);
  sparkle_roll = rng_uniform (&rng);
  shimmer_density = rng_range (&rng, 15.0, 45.0);
  shimmer_size = rng_range (&rng, 0.6, 1.4);
  shimmer_colour = rng_int (&rng, 3);
  glitter_density = rng_range (&rng, 2.0, 7.0);
  glitter_size = rng_range (&rng, 1.5, 4.0);
  glitter_colour = rng_int (&rng, 4);

  /* The whole hard set shares one truth definition, the scenes left classic too. */
  params->hard = 1;
  params->hidden_rgb = hidden_random ? -1 : hidden_grey;
  if (classic)
    return;

  params->backdrop = (ShBackdrop) backdrop;
  switch (params->backdrop)
    {
    case SH_BACKDROP_RED:
      params->backdrop_linear[0] = 0.36 + 0.2 * tone;
      params->backdrop_linear[1] = 0.02 + 0.02 * tone;
      params->backdrop_linear[2] = 0.025 + 0.02 * tone;
      break;
    case SH_BACKDROP_BLUE:
      params->backdrop_linear[0] = 0.03 + 0.03 * tone;
      params->backdrop_linear[1] = 0.09 + 0.08 * tone;
      params->backdrop_linear[2] = 0.40 + 0.2 * tone;
      break;
    case SH_BACKDROP_MINT:
      params->backdrop_linear[0] = 0.26 + 0.1 * tone;
      params->backdrop_linear[1] = 0.66 + 0.14 * tone;
      params->backdrop_linear[2] = 0.46 + 0.12 * tone;
      break;
    case SH_BACKDROP_FABRIC:
      for (int i = 0; i < 3; i++)
        params->backdrop_linear[i] = fabric_colours[(int) (tone * 3) % 3][i];
      break;
    case SH_BACKDROP_GREY_SWEEP:
      for (int i = 0; i < 3; i++)
        params->backdrop_linear[i] = 0.14 + 0.16 * tone;
      break;
    case SH_BACKDROP_SKY:
      params->backdrop_linear[0] = 0.06 + 0.06 * tone;
      params->backdrop_linear[1] = 0.2 + 0.1 * tone;
      params->backdrop_linear[2] = 0.62 + 0.2 * tone;
      break;
    case SH_BACKDROP_SWEEP:
    case SH_BACKDROP_CHECKERBOARD:
    case SH_BACKDROP_N:
    default:
      break;
    }
  if (transparent)
    {
      params->transparent = 1;
      params->backdrop = SH_BACKDROP_SWEEP;
      memset (params->backdrop_linear, 0, sizeof params->backdrop_linear);
    }
  params->cut_face = cut_face;
  params->engraving = engraving;
  if (params->finish == SH_FINISH_MATTE)
    params->matte_sheen = sheen;

  /* Shimmer on pale and neutral shades, glitter on dark ones. */
  sh_linear_srgb_to_lab (params->body_linear, lab);
  sh_lab_to_lch (lab, lch);
  if (lch[0] < 35.0 && sparkle_roll < 0.3)
    {
      params->glitter_density = glitter_density;
      params->glitter_size = glitter_size;
      for (int i = 0; i < 3; i++)
        params->glitter_linear[i] = glitter_colours[glitter_colour][i];
    }
  else if (lch[0] >= 35.0 && (lch[0] >= 55.0 || lch[1] <= 30.0) && sparkle_roll < 0.45)
    {
      params->glitter_density = 0.0;
      params->shimmer_density = shimmer_density;
      params->shimmer_size = shimmer_size;
      for (int i = 0; i < 3; i++)
        params->shimmer_linear[i] = shimmer_colours[shimmer_colour][i];
    }

  /* About three in ten at an angle, a few lying flat. */
  if (angle_roll < 0.36)
    {
      params->angle = angle_roll < 0.3 ? angle_size : 90.0;
      if (angle_negative)
        params->angle = -params->angle;
      place_rotated (seed, params, scale_roll, jitter_x, jitter_y);
    }
}

/* ---- scene ---- */

typedef enum {
  SURFACE_BACKGROUND,
  SURFACE_SIDE,          /* the bullet's cylindrical side */
  SURFACE_FACE,          /* the bullet's slanted cut face */
  SURFACE_COLLAR,        /* the inner sleeve the bullet rises from */
  SURFACE_CASE,
  SURFACE_ENGRAVING,     /* an engraved logo on the side */
} Surface;

#define PATCH_U0 -0.05
#define PATCH_U1 0.6
#define MAX_BOKEH 32
#define MAX_LETTERS 7

/* Block letters on a 5 x 7 grid, as rectangles { x, y, w, h }: enough to read as an engraved logo. */
typedef struct {
  int n;
  signed char rect[5][4];
} Glyph;

static const Glyph glyphs[] = {
  { 3, { { 0, 0, 1, 7 }, { 4, 0, 1, 7 }, { 0, 3, 5, 1 } } },                           /* H */
  { 4, { { 0, 0, 1, 7 }, { 0, 0, 5, 1 }, { 0, 3, 4, 1 }, { 0, 6, 5, 1 } } },           /* E */
  { 2, { { 0, 0, 1, 7 }, { 0, 6, 5, 1 } } },                                           /* L */
  { 3, { { 0, 0, 1, 7 }, { 0, 0, 5, 1 }, { 0, 6, 5, 1 } } },                           /* C */
  { 4, { { 0, 0, 1, 7 }, { 4, 0, 1, 7 }, { 0, 0, 5, 1 }, { 0, 6, 5, 1 } } },           /* O */
  { 2, { { 0, 0, 5, 1 }, { 2, 0, 1, 7 } } },                                           /* T */
  { 5, { { 0, 0, 1, 7 }, { 4, 0, 1, 7 }, { 1, 1, 1, 2 }, { 2, 3, 1, 1 }, { 3, 4, 1, 2 } } }, /* N */
  { 4, { { 0, 0, 1, 7 }, { 4, 0, 1, 7 }, { 0, 0, 5, 1 }, { 0, 3, 5, 1 } } },           /* A */
};

typedef struct {
  double center, half_width, peak;   /* in u units; peak in linear light */
} Lobe;

#define MAX_LOBES 3
#define MAX_STREAKS 7

typedef struct {
  const ShSynthParams *params;
  int width, height;

  double cx, radius, base_y;
  double tip_h0, tip_a, tip_c;       /* cut plane, see the file comment */
  double face_level, face_falloff;

  Lobe lobes[MAX_LOBES];
  int n_lobes;
  double tint[3];                    /* illuminant colour: white times the sweep tint */

  bool has_case;
  double collar_radius, collar_bottom_y;
  double case_radius, seam_y, floor_y;
  double metal_base[3], metal_streak[3];
  double streak_center[MAX_STREAKS], streak_width[MAX_STREAKS], streak_peak[MAX_STREAKS];
  int n_streaks;

  double sweep[3];
  double gradient, vignette;
  double shadow_strength, shadow_sx, shadow_sy;

  /* The hard mix. */
  bool rotated;
  double rot_cos, rot_sin, origin_x, origin_y;   /* image point where the product frame's origin lands */
  double face_sheen;                 /* a light cut face's own sheen, in the illuminant's colour */
  bool engraving;
  double eng_y0, eng_y1, eng_theta0, eng_cell;   /* band in Y (radii from the base), letters in theta */
  int eng_letters, eng_glyph[MAX_LETTERS];
  double eng_interior, eng_bevel_light, eng_bevel_dark;
  double patch_y0, patch_y1;         /* the truth patch's rows, Y in radii from the base */
  double fabric_period, fabric_fold_period, fabric_fold_angle, fabric_fold_phase;
  double checker_size;
  double sky_top[3], sky_bottom[3];
  double bokeh_x[MAX_BOKEH], bokeh_y[MAX_BOKEH], bokeh_r[MAX_BOKEH], bokeh_level[MAX_BOKEH];
  int n_bokeh;
} Scene;

/* An image point in the product's own frame (the identity for an upright product). */
static void
to_local (const Scene *scene, double x, double y, double *lx, double *ly)
{
  double dx, dy;

  if (!scene->rotated)
    {
      *lx = x;
      *ly = y;
      return;
    }
  dx = x - scene->origin_x;
  dy = y - scene->origin_y;
  *lx = scene->rot_cos * dx - scene->rot_sin * dy;
  *ly = scene->rot_sin * dx + scene->rot_cos * dy;
}

static void
to_image (const Scene *scene, double lx, double ly, double *x, double *y)
{
  if (!scene->rotated)
    {
      *x = lx;
      *y = ly;
      return;
    }
  *x = scene->origin_x + scene->rot_cos * lx + scene->rot_sin * ly;
  *y = scene->origin_y - scene->rot_sin * lx + scene->rot_cos * ly;
}

static bool
is_bullet (Surface surface)
{
  return surface == SURFACE_SIDE || surface == SURFACE_FACE || surface == SURFACE_ENGRAVING;
}

/* Where (u, big_y) of the side falls in the engraved logo: 0 outside, else 1 interior, 2 the bevel that
 * faces the light (top and left edges of a stroke), 3 the bevel in shade. */
static int
engraving_part (const Scene *scene, double u, double big_y)
{
  double theta, t, gx, gy, bevel = 0.3;
  int cell;
  const Glyph *glyph;

  if (big_y < scene->eng_y0 || big_y > scene->eng_y1 || fabs (u) >= 1.0)
    return 0;
  theta = asin (u);
  t = (theta - scene->eng_theta0) / scene->eng_cell;
  cell = (int) floor (t);
  if (cell < 0 || cell >= scene->eng_letters)
    return 0;
  /* Six grid columns per cell: five for the letter, one for the gap. */
  gx = (t - cell) * 6.0 - 0.5;
  gy = (scene->eng_y1 - big_y) / (scene->eng_y1 - scene->eng_y0) * 7.0;
  glyph = &glyphs[scene->eng_glyph[cell]];
  for (int i = 0; i < glyph->n; i++)
    {
      const signed char *r = glyph->rect[i];

      if (gx >= r[0] && gx < r[0] + r[2] && gy >= r[1] && gy < r[1] + r[3])
        {
          if (gy - r[1] < bevel || gx - r[0] < bevel)
            return 2;
          if (r[1] + r[3] - gy < bevel || r[0] + r[2] - gx < bevel)
            return 3;
          return 1;
        }
    }
  return 0;
}

static Surface
surface_at (const Scene *scene, double x, double y)
{
  double u = (x - scene->cx) / scene->radius;
  double big_y = (scene->base_y - y) / scene->radius;

  if (big_y >= 0.0 && fabs (u) <= 1.0)
    {
      double half = scene->tip_c * sqrt (1.0 - u * u);
      double mid = scene->tip_h0 + scene->tip_a * u;

      if (big_y <= mid - half)
        return scene->engraving && engraving_part (scene, u, big_y) ? SURFACE_ENGRAVING : SURFACE_SIDE;
      if (big_y <= mid + half)
        return SURFACE_FACE;
      return SURFACE_BACKGROUND;
    }
  if (scene->has_case && y >= scene->base_y && y < scene->floor_y)
    {
      double dx = fabs (x - scene->cx);

      if (y < scene->collar_bottom_y)
        return dx <= scene->collar_radius ? SURFACE_COLLAR : SURFACE_BACKGROUND;
      return dx <= scene->case_radius ? SURFACE_CASE : SURFACE_BACKGROUND;
    }
  return SURFACE_BACKGROUND;
}

static Surface
surface_at_image (const Scene *scene, double x, double y)
{
  double lx, ly;

  to_local (scene, x, y, &lx, &ly);
  return surface_at (scene, lx, ly);
}

/* A smooth bump with compact support: (1 - t^2)^2 inside |t| < 1, zero outside. */
static double
bump (double t)
{
  double q;

  if (t <= -1.0 || t >= 1.0)
    return 0.0;
  q = 1.0 - t * t;
  return q * q;
}

/* A hash of integer coordinates to [0, 1): texture that is the same on every platform. */
static double
hash2 (int64_t a, int64_t b, uint32_t seed)
{
  uint64_t state = (uint64_t) a * 0x9e3779b97f4a7c15ULL ^ (uint64_t) b * 0xc2b2ae3d27d4eb4fULL ^ seed;

  return (double) (splitmix64_next (&state) >> 11) * (1.0 / 9007199254740992.0);
}

/* (x, y) in image coordinates; the shadow follows the product, so it takes the product frame's (lx, ly). */
static void
shade_background (const Scene *scene, double x, double y, double lx, double ly, double out[3])
{
  const ShBackdrop backdrop = scene->params->backdrop;
  double fx = (x / scene->width - 0.5) * 2.0;
  double level = (1.0 - scene->gradient * y / scene->height) * (1.0 - scene->vignette * fx * fx);

  if (backdrop == SH_BACKDROP_CHECKERBOARD)
    {
      /* #fefefe and #cccccc squares, flat: a stock site's fake transparency. */
      int64_t i = (int64_t) floor (x / scene->checker_size), j = (int64_t) floor (y / scene->checker_size);
      double v = ((i + j) & 1) ? 0.6038 : 0.9911;

      for (int k = 0; k < 3; k++)
        out[k] = v;
      return;
    }
  if (backdrop == SH_BACKDROP_SKY)
    {
      double t = clampd (y / scene->height, 0.0, 1.0), glow = 0.0;

      for (int i = 0; i < scene->n_bokeh; i++)
        {
          double dx = x - scene->bokeh_x[i], dy = y - scene->bokeh_y[i];
          double d = sqrt (dx * dx + dy * dy) / scene->bokeh_r[i];

          /* Out-of-focus lights: flat discs with a soft rim. */
          if (d < 1.0)
            glow += scene->bokeh_level[i] * (1.0 - smoothstep (0.8, 1.0, d));
        }
      for (int k = 0; k < 3; k++)
        out[k] = scene->sky_top[k] + (scene->sky_bottom[k] - scene->sky_top[k]) * t * t + glow;
      return;
    }

  if (scene->shadow_strength > 0.0)
    {
      double dx = (lx - scene->cx) / scene->shadow_sx;
      double dy = (ly - scene->floor_y) / scene->shadow_sy;
      double d2 = dx * dx + dy * dy;

      /* A tight contact shadow plus a wide soft one. */
      level *= 1.0 - scene->shadow_strength * (0.7 * exp (-d2) + 0.3 * exp (-d2 / 9.0));
    }
  if (backdrop == SH_BACKDROP_FABRIC)
    {
      /* Threads of their own brightness crossing in a plain weave, and broad folds. */
      double p = scene->fabric_period;
      int64_t column = (int64_t) floor (x / p), row = (int64_t) floor (y / p);
      double warp = 0.5 + 0.5 * cos (2.0 * M_PI * (x / p - column - 0.5));
      double weft = 0.5 + 0.5 * cos (2.0 * M_PI * (y / p - row - 0.5));
      bool warp_over = ((column + row) & 1) == 0;
      double thread = warp_over ? 0.9 + 0.1 * warp + 0.08 * (hash2 (column, 0, 0x57415250U) - 0.5)
                                : 0.9 + 0.1 * weft + 0.08 * (hash2 (row, 1, 0x57454654U) - 0.5);
      double along = x * cos (scene->fabric_fold_angle) + y * sin (scene->fabric_fold_angle);

      level *= thread * (1.0 + 0.12 * sin (2.0 * M_PI * along / scene->fabric_fold_period
                                          + scene->fabric_fold_phase));
    }
  for (int i = 0; i < 3; i++)
    out[i] = scene->sweep[i] * level;
}

static void
shade_side (const Scene *scene, double x, double y, double out[3])
{
  const ShSynthParams *p = scene->params;
  double u = (x - scene->cx) / scene->radius;
  double big_y = (scene->base_y - y) / scene->radius;
  double s = p->ambient + (1.0 - p->ambient) * sqrt (fmax (0.0, 1.0 - u * u));
  double spec = 0.0;

  for (int i = 0; i < scene->n_lobes; i++)
    {
      const Lobe *lobe = &scene->lobes[i];

      spec += lobe->peak * bump ((u - lobe->center) / lobe->half_width);
    }
  if (spec > 0.0)
    {
      /* Highlights fade out toward the base and just below the tip edge. */
      double edge = scene->tip_h0 + scene->tip_a * u - scene->tip_c * sqrt (fmax (0.0, 1.0 - u * u));
      double t = big_y / edge;

      spec *= smoothstep (0.0, 0.12, t) * smoothstep (0.0, 0.05, 1.0 - t);
    }
  for (int i = 0; i < 3; i++)
    out[i] = p->body_linear[i] * s + spec * scene->tint[i];
}

static void
shade_face (const Scene *scene, double x, double y, double out[3])
{
  double u = (x - scene->cx) / scene->radius;
  /* 0 at the high end of the slant, 1 at the low end. */
  double toward_low = scene->tip_a >= 0.0 ? (1.0 - u) / 2.0 : (1.0 + u) / 2.0;
  double s = scene->face_level * (1.0 - scene->face_falloff * clampd (toward_low, 0.0, 1.0));

  for (int i = 0; i < 3; i++)
    out[i] = scene->params->body_linear[i] * s;
  /* A cut face turned to the key light: lighter than the side and with a sheen of its own. */
  if (scene->face_sheen > 0.0)
    for (int i = 0; i < 3; i++)
      out[i] += scene->face_sheen * (1.0 - clampd (toward_low, 0.0, 1.0)) * scene->tint[i];
}

/* The side's own light, brightened or darkened where the engraving's walls catch or hide it. */
static void
shade_engraving (const Scene *scene, double x, double y, double out[3])
{
  double u = (x - scene->cx) / scene->radius;
  double big_y = (scene->base_y - y) / scene->radius;
  int part = engraving_part (scene, u, big_y);
  double factor = part == 2 ? scene->eng_bevel_light : part == 3 ? scene->eng_bevel_dark : scene->eng_interior;

  shade_side (scene, x, y, out);
  for (int i = 0; i < 3; i++)
    out[i] *= factor;
}

static void
shade_metal (const Scene *scene, double x, double y, double radius, double out[3])
{
  double u = clampd ((x - scene->cx) / radius, -1.0, 1.0);
  double diffuse = 0.3 + 0.7 * sqrt (1.0 - u * u);
  double streaks = 0.0, level = 1.0;

  for (int i = 0; i < scene->n_streaks; i++)
    {
      double d = (u - scene->streak_center[i]) / scene->streak_width[i];

      streaks += scene->streak_peak[i] * exp (-d * d);
    }
  /* A dark groove where the collar meets the case, a thin seam, and contact darkening at the foot. */
  if (fabs (y - scene->collar_bottom_y) < 0.025 * scene->radius)
    level = 0.45;
  else if (fabs (y - scene->seam_y) < 0.012 * scene->radius)
    level = 0.6;
  else if (y > scene->collar_bottom_y)
    {
      double t = (y - scene->collar_bottom_y) / fmax (1.0, scene->floor_y - scene->collar_bottom_y);

      level = 1.0 - 0.25 * t * t * t;
    }
  for (int i = 0; i < 3; i++)
    out[i] = level * (scene->metal_base[i] * diffuse + scene->metal_streak[i] * streaks);
}

/* (x, y) in image coordinates; the product is shaded in its own frame. */
static void
shade (const Scene *scene, Surface surface, double image_x, double image_y, double out[3])
{
  double x, y;

  to_local (scene, image_x, image_y, &x, &y);
  switch (surface)
    {
    case SURFACE_SIDE:
      shade_side (scene, x, y, out);
      break;
    case SURFACE_ENGRAVING:
      shade_engraving (scene, x, y, out);
      break;
    case SURFACE_FACE:
      shade_face (scene, x, y, out);
      break;
    case SURFACE_COLLAR:
      shade_metal (scene, x, y, scene->collar_radius, out);
      break;
    case SURFACE_CASE:
      shade_metal (scene, x, y, scene->case_radius, out);
      break;
    case SURFACE_BACKGROUND:
    default:
      shade_background (scene, image_x, image_y, x, y, out);
      break;
    }
}

/* The top of the side (Y in radii) over the columns u in [u0, u1]. */
static double
side_top_min (const Scene *scene, double u0, double u1)
{
  double lowest = INFINITY;

  for (int i = 0; i <= 16; i++)
    {
      double u = u0 + (u1 - u0) * i / 16.0;

      lowest = fmin (lowest, scene->tip_h0 + scene->tip_a * u - scene->tip_c * sqrt (1.0 - u * u));
    }
  return lowest;
}

/* The hard mix's additions to a classic scene, from a stream of their own (every draw made whatever is
 * chosen). */
static void
build_hard_scene (const ShSynthParams *p, Scene *scene, double bullet_h, double collar_h, double case_h)
{
  const int n_glyphs = (int) (sizeof glyphs / sizeof glyphs[0]);
  double tip_c, face_level, face_falloff, face_sheen, letter_h, eng_level, grey_gradient, grey_vignette;
  double checker_divisions, side_patch, eng_span = 1.1;
  bool eng_bright;
  Rng rng;

  rng_init (&rng, p->seed, STREAM_HARD_LOOK);
  tip_c = rng_range (&rng, 0.35, 0.6);
  face_level = rng_range (&rng, 1.12, 1.4);
  face_falloff = rng_range (&rng, 0.18, 0.35);
  face_sheen = rng_range (&rng, 0.02, 0.08);
  scene->eng_letters = 4 + rng_int (&rng, MAX_LETTERS - 3);
  for (int i = 0; i < MAX_LETTERS; i++)
    scene->eng_glyph[i] = rng_int (&rng, n_glyphs);
  letter_h = rng_range (&rng, 0.3, 0.45);
  eng_bright = rng_int (&rng, 2) == 0;
  eng_level = rng_range (&rng, 0.15, 0.3);
  scene->fabric_period = rng_range (&rng, 3.0, 7.0) * fmax (1.0, p->width / 1600.0);
  scene->fabric_fold_period = rng_range (&rng, 0.25, 0.6) * p->width;
  scene->fabric_fold_angle = rng_range (&rng, 0.0, M_PI);
  scene->fabric_fold_phase = rng_range (&rng, 0.0, 2.0 * M_PI);
  grey_gradient = rng_range (&rng, 0.3, 0.5);
  grey_vignette = rng_range (&rng, 0.15, 0.3);
  checker_divisions = rng_range (&rng, 50.0, 110.0);
  scene->n_bokeh = 12 + rng_int (&rng, MAX_BOKEH - 11);
  for (int i = 0; i < MAX_BOKEH; i++)
    {
      scene->bokeh_x[i] = rng_range (&rng, 0.0, p->width);
      scene->bokeh_y[i] = rng_range (&rng, 0.5, 1.05) * p->height;
      scene->bokeh_r[i] = rng_range (&rng, 0.02, 0.06) * p->width;
      scene->bokeh_level[i] = rng_range (&rng, 0.15, 0.9);
    }

  /* A product at an angle: laid out in its own frame around its centre, which lands on center_x/y. */
  if (p->angle != 0.0)
    {
      double total = bullet_h + (scene->has_case ? collar_h + case_h : 0.0);
      double shift = -total / 2.0 + bullet_h - scene->base_y;
      double t = p->angle * M_PI / 180.0;

      scene->base_y += shift;
      scene->collar_bottom_y += shift;
      scene->seam_y += shift;
      scene->floor_y += shift;
      scene->cx = 0.0;
      scene->rotated = true;
      scene->rot_cos = cos (t);
      scene->rot_sin = sin (t);
      scene->origin_x = p->center_x * p->width;
      scene->origin_y = p->center_y * p->height;
    }

  if (p->cut_face)
    {
      scene->tip_c = tip_c;
      scene->tip_h0 = bullet_h / scene->radius - sqrt (scene->tip_a * scene->tip_a + tip_c * tip_c);
      scene->face_level = face_level;
      scene->face_falloff = face_falloff;
      scene->face_sheen = face_sheen;
    }

  /* The truth patch, and the engraving above it (both clear of the cut face). */
  side_patch = side_top_min (scene, PATCH_U0, PATCH_U1);
  scene->patch_y0 = 0.2 * side_patch;
  scene->patch_y1 = 0.5 * side_patch;
  if (p->engraving)
    {
      double limit = side_top_min (scene, -sin (eng_span / 2.0), sin (eng_span / 2.0)) - 0.15;

      scene->engraving = true;
      scene->eng_y1 = fmin (0.8 * side_top_min (scene, 0.0, 0.0), limit);
      scene->eng_y0 = scene->eng_y1 - letter_h;
      scene->eng_theta0 = -eng_span / 2.0;
      scene->eng_cell = eng_span / scene->eng_letters;
      scene->eng_interior = eng_bright ? 1.0 + eng_level : 1.0 - eng_level;
      scene->eng_bevel_light = 1.3 + eng_level;
      scene->eng_bevel_dark = 0.5;
      scene->patch_y1 = fmin (scene->patch_y1, scene->eng_y0 - 0.15);
    }
  scene->patch_y1 = fmax (scene->patch_y1, scene->patch_y0 + 0.1);

  switch (p->backdrop)
    {
    case SH_BACKDROP_RED:
    case SH_BACKDROP_BLUE:
    case SH_BACKDROP_MINT:
    case SH_BACKDROP_FABRIC:
      for (int i = 0; i < 3; i++)
        scene->sweep[i] = p->backdrop_linear[i] * p->sweep_tint[i];
      break;
    case SH_BACKDROP_GREY_SWEEP:
      for (int i = 0; i < 3; i++)
        scene->sweep[i] = p->backdrop_linear[i] * p->sweep_tint[i];
      scene->gradient = grey_gradient;
      scene->vignette = grey_vignette;
      break;
    case SH_BACKDROP_SKY:
      for (int i = 0; i < 3; i++)
        {
          static const double haze[3] = { 0.5, 0.62, 0.85 };

          scene->sky_top[i] = 0.55 * p->backdrop_linear[i];
          scene->sky_bottom[i] = 0.5 * (p->backdrop_linear[i] + haze[i]);
        }
      scene->shadow_strength = 0.0;
      break;
    case SH_BACKDROP_CHECKERBOARD:
      scene->checker_size = fmax (4.0, round (p->width / checker_divisions));
      scene->shadow_strength = 0.0;
      break;
    case SH_BACKDROP_SWEEP:
    case SH_BACKDROP_N:
    default:
      break;
    }
  /* A cut-out has no backdrop: what shows through is plain white, with no shadow. */
  if (p->transparent)
    {
      for (int i = 0; i < 3; i++)
        scene->sweep[i] = 1.0;
      scene->gradient = scene->vignette = scene->shadow_strength = 0.0;
    }
}

static void
build_scene (const ShSynthParams *p, Scene *scene)
{
  double diameter, bullet_h, slant, tip_h, case_h, collar_h;
  Proportions shape;
  Rng rng;

  memset (scene, 0, sizeof *scene);
  scene->params = p;
  scene->width = p->width;
  scene->height = p->height;

  proportions_for_seed (p->seed, &shape);
  rng_init (&rng, p->seed, STREAM_LOOK);

  diameter = fmax (4.0, p->bullet_scale * p->width);
  scene->radius = diameter / 2.0;
  bullet_h = fmin (shape.aspect * diameter, 0.86 * p->height);
  bullet_h = fmax (bullet_h, 1.2 * diameter);
  /* On a pixel centre, so that one column samples the camera-facing line exactly. */
  scene->cx = floor (p->center_x * p->width) + 0.5;
  scene->base_y = p->center_y * p->height + bullet_h / 2.0;
  scene->base_y = clampd (scene->base_y, bullet_h + 0.02 * p->height, p->height - 1.0);

  slant = rng_range (&rng, 0.3, 0.55) * (rng_int (&rng, 2) ? 1.0 : -1.0);
  scene->tip_a = slant;
  scene->tip_c = rng_range (&rng, 0.12, 0.28);
  tip_h = sqrt (slant * slant + scene->tip_c * scene->tip_c);
  scene->tip_h0 = bullet_h / scene->radius - tip_h;
  scene->face_level = rng_range (&rng, 0.8, 0.95);
  scene->face_falloff = rng_range (&rng, 0.03, 0.1);

  collar_h = shape.collar * scene->radius;
  case_h = shape.case_height * diameter;
  scene->collar_radius = 1.06 * scene->radius;
  scene->case_radius = rng_range (&rng, 1.15, CASE_RADIUS_MAX) * scene->radius;
  scene->collar_bottom_y = scene->base_y + collar_h;
  scene->seam_y = scene->collar_bottom_y + rng_range (&rng, 0.25, 0.4) * case_h;
  scene->has_case = p->packaging != SH_PACKAGING_NONE;
  scene->floor_y = scene->has_case ? scene->collar_bottom_y + case_h : scene->base_y;

  for (int i = 0; i < 3; i++)
    {
      scene->tint[i] = p->sweep_tint[i];
      scene->sweep[i] = p->sweep_level * p->sweep_tint[i];
    }
  scene->gradient = rng_range (&rng, 0.04, 0.12);
  scene->vignette = rng_range (&rng, 0.0, 0.06);
  scene->shadow_strength = rng_range (&rng, 0.25, 0.45);
  scene->shadow_sx = (scene->has_case ? scene->case_radius : scene->radius) * rng_range (&rng, 1.2, 1.6);
  scene->shadow_sy = scene->radius * rng_range (&rng, 0.12, 0.25);

  /* Highlights: all draws are made whatever the finish so that one seed keeps its shape across finishes.
   * Every lobe's support ends before |u| = 0.06, off the camera-facing line. */
  {
    double gloss_c1 = rng_range (&rng, -0.35, -0.2);
    double gloss_w1 = rng_range (&rng, 0.04, 0.09);
    double gloss_p1 = rng_range (&rng, 0.6, 1.5);
    double gloss_glow = rng_range (&rng, 0.05, 0.12);
    bool gloss_second = rng_int (&rng, 2) == 0;
    double gloss_c2 = rng_range (&rng, 0.45, 0.7);
    double gloss_w2 = rng_range (&rng, 0.03, 0.07);
    double gloss_p2 = rng_range (&rng, 0.25, 0.6);
    double satin_c = rng_range (&rng, -0.5, -0.35);
    double satin_w = rng_range (&rng, 0.2, 0.3);
    double satin_p = rng_range (&rng, 0.08, 0.2);
    double matte_c = rng_range (&rng, -0.55, -0.4);
    double matte_w = rng_range (&rng, 0.25, 0.35);
    double matte_p = rng_range (&rng, 0.01, 0.03);

    switch (p->finish)
      {
      case SH_FINISH_GLOSS:
        scene->lobes[scene->n_lobes++] = (Lobe) { gloss_c1, gloss_w1, gloss_p1 };
        /* A soft glow around the key stripe. */
        scene->lobes[scene->n_lobes++] =
          (Lobe) { gloss_c1, fmin (3.0 * gloss_w1, fabs (gloss_c1) - 0.06), gloss_glow * gloss_p1 };
        /* In the hard mix the second stripe stays clear of the truth patch, which reaches as far into the
         * lit side as a person's patch does. */
        if (p->hard)
          gloss_c2 = fmax (gloss_c2, PATCH_U1 + 0.02 + gloss_w2);
        if (gloss_second)
          scene->lobes[scene->n_lobes++] = (Lobe) { gloss_c2, gloss_w2, gloss_p2 };
        break;
      case SH_FINISH_SATIN:
        scene->lobes[scene->n_lobes++] = (Lobe) { satin_c, fmin (satin_w, fabs (satin_c) - 0.06), satin_p };
        break;
      case SH_FINISH_MATTE:
      default:
        scene->lobes[scene->n_lobes++] = (Lobe) { matte_c, fmin (matte_w, fabs (matte_c) - 0.06), matte_p };
        break;
      }
    /* Matte still has a soft, wide highlight: broader and brighter than the classic trace, further out. */
    if (p->finish == SH_FINISH_MATTE && p->matte_sheen > 0.0)
      scene->lobes[0] = (Lobe) { matte_c - 0.1, fmin (0.55, fabs (matte_c - 0.1) - 0.06), p->matte_sheen };
  }

  /* Packaging material: a coloured metal reflects in its own colour; black plastic reflects white. */
  {
    static const double gold_base[3] = { 0.52, 0.34, 0.11 }, gold_streak[3] = { 1.0, 0.78, 0.42 };
    static const double silver_base[3] = { 0.42, 0.43, 0.45 }, silver_streak[3] = { 0.95, 0.96, 1.0 };
    static const double black_base[3] = { 0.016, 0.016, 0.018 }, black_streak[3] = { 0.35, 0.35, 0.36 };
    const double *base = gold_base, *streak = gold_streak;

    if (p->packaging == SH_PACKAGING_SILVER)
      base = silver_base, streak = silver_streak;
    else if (p->packaging == SH_PACKAGING_BLACK)
      base = black_base, streak = black_streak;
    for (int i = 0; i < 3; i++)
      {
        scene->metal_base[i] = base[i];
        scene->metal_streak[i] = streak[i] * p->sweep_tint[i];
      }
    scene->n_streaks = 4 + rng_int (&rng, MAX_STREAKS - 3);
    for (int i = 0; i < scene->n_streaks; i++)
      {
        scene->streak_center[i] = rng_range (&rng, -0.9, 0.9);
        scene->streak_width[i] = rng_range (&rng, 0.02, 0.14);
        scene->streak_peak[i] = rng_range (&rng, 0.15, i < 2 ? 1.2 : 0.5);
      }
  }

  if (p->hard)
    build_hard_scene (p, scene, bullet_h, collar_h, case_h);
}

/* ---- render ---- */

#define SUPERSAMPLE 4

static int
compare_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* The hard mix's truth: the per-channel median, in linear light, of the side's own shading (no noise,
 * sparkles or engraving) at the centres of the pixels of an upright box inside the patch. For a product at
 * an angle the box is the largest axis-aligned square centred in the rotated patch. */
static void
hard_truth (const Scene *scene, ShSynthTruth *truth)
{
  const double r = scene->radius;
  double u_mid = (PATCH_U0 + PATCH_U1) / 2.0, y_mid = (scene->patch_y0 + scene->patch_y1) / 2.0;
  double half_x = (PATCH_U1 - PATCH_U0) / 2.0 * r, half_y = (scene->patch_y1 - scene->patch_y0) / 2.0 * r;
  double centre_x, centre_y;
  int x0, y0, x1, y1;
  double *values[3];
  size_t n = 0, capacity;

  to_image (scene, scene->cx + u_mid * r, scene->base_y - y_mid * r, &centre_x, &centre_y);
  if (scene->rotated)
    {
      double side = 2.0 * fmin (half_x, half_y) / (fabs (scene->rot_cos) + fabs (scene->rot_sin));

      half_x = half_y = side / 2.0;
    }
  /* Pixels whose centres lie inside. */
  x0 = (int) ceil (centre_x - half_x - 0.5);
  x1 = (int) floor (centre_x + half_x - 0.5);
  y0 = (int) ceil (centre_y - half_y - 0.5);
  y1 = (int) floor (centre_y + half_y - 0.5);
  x0 = x0 < 0 ? 0 : x0;
  y0 = y0 < 0 ? 0 : y0;
  x1 = x1 >= scene->width ? scene->width - 1 : x1;
  y1 = y1 >= scene->height ? scene->height - 1 : y1;
  if (x1 < x0 || y1 < y0)
    {
      /* Too small to hold a pixel centre: the camera-facing line's colour. */
      memcpy (truth->body_linear, scene->params->body_linear, sizeof truth->body_linear);
      return;
    }
  truth->truth_patch = (ShBox) { x0, y0, x1 - x0 + 1, y1 - y0 + 1 };

  capacity = (size_t) (x1 - x0 + 1) * (y1 - y0 + 1);
  for (int c = 0; c < 3; c++)
    values[c] = malloc (capacity * sizeof (double));
  if (values[0] != NULL && values[1] != NULL && values[2] != NULL)
    {
      for (int y = y0; y <= y1; y++)
        for (int x = x0; x <= x1; x++)
          {
            double lx, ly, colour[3];

            to_local (scene, x + 0.5, y + 0.5, &lx, &ly);
            if (surface_at (scene, lx, ly) != SURFACE_SIDE)
              continue;
            shade_side (scene, lx, ly, colour);
            for (int c = 0; c < 3; c++)
              values[c][n] = colour[c];
            n++;
          }
    }
  if (n == 0)
    memcpy (truth->body_linear, scene->params->body_linear, sizeof truth->body_linear);
  else
    for (int c = 0; c < 3; c++)
      {
        qsort (values[c], n, sizeof (double), compare_double);
        truth->body_linear[c] = n % 2 ? values[c][n / 2] : 0.5 * (values[c][n / 2 - 1] + values[c][n / 2]);
      }
  for (int c = 0; c < 3; c++)
    free (values[c]);
}

/* Shimmer: fine sparkles of light on the bullet, added to what is there (a pearl pigment reflects on top
 * of the colour; glitter flakes replace it). Most are faint, a few bright. */
static void
draw_shimmer (const Scene *scene, const ShSynthParams *params, float *pixels, long bullet_pixels,
              ShSynthTruth *truth)
{
  long wanted = lround (params->shimmer_density * bullet_pixels / 1000.0);
  double r = params->shimmer_size / 2.0;
  const ShBox *b = &truth->bullet;
  long attempts = 0;
  Rng rng;

  rng_init (&rng, params->seed, STREAM_SHIMMER);
  while (truth->shimmer_sparkles < wanted && attempts < wanted * 50)
    {
      double fx = rng_range (&rng, b->x, b->x + b->w);
      double fy = rng_range (&rng, b->y, b->y + b->h);
      double roll = rng_uniform (&rng), level = rng_uniform (&rng);
      double sparkle = roll < 0.85 ? 0.08 + 0.3 * level : 0.5 + 1.0 * level;
      bool on_bullet = true;

      attempts++;
      for (int k = 0; k < 9 && on_bullet; k++)
        {
          double ox = (k % 3 - 1) * (r + 0.5), oy = (k / 3 - 1) * (r + 0.5);

          on_bullet = is_bullet (surface_at_image (scene, fx + ox, fy + oy));
        }
      if (!on_bullet)
        continue;
      for (int py = (int) floor (fy - r - 1); py <= (int) floor (fy + r + 1); py++)
        for (int px = (int) floor (fx - r - 1); px <= (int) floor (fx + r + 1); px++)
          {
            int hits = 0;
            float *out;

            if (px < 0 || py < 0 || px >= params->width || py >= params->height)
              continue;
            for (int j = 0; j < SUPERSAMPLE; j++)
              for (int i = 0; i < SUPERSAMPLE; i++)
                {
                  double dx = px + (i + 0.5) / SUPERSAMPLE - fx;
                  double dy = py + (j + 0.5) / SUPERSAMPLE - fy;

                  hits += dx * dx + dy * dy <= r * r;
                }
            if (hits == 0)
              continue;
            out = pixels + ((size_t) py * params->width + px) * 3;
            for (int k = 0; k < 3; k++)
              out[k] += (float) (params->shimmer_linear[k] * sparkle * hits / (SUPERSAMPLE * SUPERSAMPLE));
          }
      truth->shimmer_sparkles++;
    }
  truth->shimmer_density = truth->shimmer_sparkles * 1000.0 / bullet_pixels;
}

float *
sh_synth_render (const ShSynthParams *params, ShSynthTruth *truth)
{
  return sh_synth_render_rgba (params, truth, NULL);
}

float *
sh_synth_render_rgba (const ShSynthParams *params, ShSynthTruth *truth, float **alpha_out)
{
  const int width = params->width, height = params->height;
  int min_x = width, min_y = height, max_x = -1, max_y = -1;
  int case_min_x = width, case_min_y = height, case_max_x = -1, case_max_y = -1;
  int eng_min_x = width, eng_min_y = height, eng_max_x = -1, eng_max_y = -1;
  long bullet_pixels = 0;
  unsigned char *corners;
  float *pixels, *alpha = NULL;
  Scene scene;

  if (alpha_out != NULL)
    *alpha_out = NULL;
  if (width <= 0 || height <= 0 || (size_t) width > SIZE_MAX / 3 / sizeof (float) / (size_t) height)
    return NULL;
  pixels = malloc ((size_t) width * height * 3 * sizeof (float));
  corners = malloc ((size_t) 2 * (width + 1));
  if (params->transparent && alpha_out != NULL)
    alpha = malloc ((size_t) width * height * sizeof (float));
  if (pixels == NULL || corners == NULL || (params->transparent && alpha_out != NULL && alpha == NULL))
    {
      free (pixels);
      free (corners);
      free (alpha);
      return NULL;
    }

  build_scene (params, &scene);

  /* Two rows of pixel-corner surfaces: a pixel whose four corners agree is shaded once at its centre
   * (which keeps the camera-facing line exact); any other pixel is supersampled 4x4. */
  for (int x = 0; x <= width; x++)
    corners[x] = (unsigned char) surface_at_image (&scene, x, 0);
  for (int y = 0; y < height; y++)
    {
      unsigned char *top = corners + (size_t) (y % 2) * (width + 1);
      unsigned char *bottom = corners + (size_t) ((y + 1) % 2) * (width + 1);

      for (int x = 0; x <= width; x++)
        bottom[x] = (unsigned char) surface_at_image (&scene, x, y + 1);

      for (int x = 0; x < width; x++)
        {
          float *out = pixels + ((size_t) y * width + x) * 3;
          Surface s = (Surface) top[x];
          double colour[3], cover;
          int bullet_hits = 0, case_hits = 0, engraving_hits = 0;

          if (top[x + 1] == s && bottom[x] == s && bottom[x + 1] == s)
            {
              shade (&scene, s, x + 0.5, y + 0.5, colour);
              if (is_bullet (s))
                bullet_hits = SUPERSAMPLE * SUPERSAMPLE;
              else if (s == SURFACE_COLLAR || s == SURFACE_CASE)
                case_hits = 1;
              engraving_hits = s == SURFACE_ENGRAVING;
              cover = s != SURFACE_BACKGROUND;
            }
          else
            {
              double sum[3] = { 0, 0, 0 }, product[3] = { 0, 0, 0 };
              int product_hits = 0;

              for (int j = 0; j < SUPERSAMPLE; j++)
                for (int i = 0; i < SUPERSAMPLE; i++)
                  {
                    double sx = x + (i + 0.5) / SUPERSAMPLE, sy = y + (j + 0.5) / SUPERSAMPLE;
                    Surface sub = surface_at_image (&scene, sx, sy);
                    double c[3];

                    shade (&scene, sub, sx, sy, c);
                    for (int k = 0; k < 3; k++)
                      sum[k] += c[k];
                    if (is_bullet (sub))
                      bullet_hits++;
                    else if (sub == SURFACE_COLLAR || sub == SURFACE_CASE)
                      case_hits++;
                    engraving_hits += sub == SURFACE_ENGRAVING;
                    if (sub != SURFACE_BACKGROUND)
                      {
                        product_hits++;
                        for (int k = 0; k < 3; k++)
                          product[k] += c[k];
                      }
                  }
              for (int k = 0; k < 3; k++)
                colour[k] = sum[k] / (SUPERSAMPLE * SUPERSAMPLE);
              cover = (double) product_hits / (SUPERSAMPLE * SUPERSAMPLE);
              /* A cut-out's edge pixel keeps the product's own colour; its coverage goes to alpha. */
              if (alpha != NULL && product_hits > 0)
                for (int k = 0; k < 3; k++)
                  colour[k] = product[k] / product_hits;
            }
          for (int k = 0; k < 3; k++)
            out[k] = (float) colour[k];
          if (alpha != NULL)
            alpha[(size_t) y * width + x] = (float) cover;

          if (bullet_hits > 0)
            {
              min_x = x < min_x ? x : min_x;
              max_x = x > max_x ? x : max_x;
              min_y = y < min_y ? y : min_y;
              max_y = y > max_y ? y : max_y;
              if (bullet_hits * 2 >= SUPERSAMPLE * SUPERSAMPLE)
                bullet_pixels++;
            }
          if (case_hits > 0)
            {
              case_min_x = x < case_min_x ? x : case_min_x;
              case_max_x = x > case_max_x ? x : case_max_x;
              case_min_y = y < case_min_y ? y : case_min_y;
              case_max_y = y > case_max_y ? y : case_max_y;
            }
          if (engraving_hits > 0)
            {
              eng_min_x = x < eng_min_x ? x : eng_min_x;
              eng_max_x = x > eng_max_x ? x : eng_max_x;
              eng_min_y = y < eng_min_y ? y : eng_min_y;
              eng_max_y = y > eng_max_y ? y : eng_max_y;
            }
        }
    }
  free (corners);

  memset (truth, 0, sizeof *truth);
  for (int i = 0; i < 3; i++)
    truth->body_linear[i] = params->body_linear[i];
  if (params->hard)
    hard_truth (&scene, truth);
  sh_linear_srgb_to_lab (truth->body_linear, truth->body_lab);
  truth->finish = params->finish;
  if (max_x >= 0)
    truth->bullet = (ShBox) { min_x, min_y, max_x - min_x + 1, max_y - min_y + 1 };
  if (case_max_x >= 0)
    truth->case_box = (ShBox) { case_min_x, case_min_y, case_max_x - case_min_x + 1,
                                case_max_y - case_min_y + 1 };
  if (eng_max_x >= 0)
    truth->engraving_box = (ShBox) { eng_min_x, eng_min_y, eng_max_x - eng_min_x + 1, eng_max_y - eng_min_y + 1 };
  /* Glitter: discs on the visible bullet, each fully on it, with anti-aliased coverage. */
  if (params->glitter_density > 0.0 && params->glitter_size > 0.0 && bullet_pixels > 0)
    {
      long wanted = lround (params->glitter_density * bullet_pixels / 1000.0);
      double r = params->glitter_size / 2.0;
      ShBox *b = &truth->bullet;
      long attempts = 0;
      Rng rng;

      rng_init (&rng, params->seed, STREAM_FLAKES);
      while (truth->glitter_flakes < wanted && attempts < wanted * 50)
        {
          double fx = rng_range (&rng, b->x, b->x + b->w);
          double fy = rng_range (&rng, b->y, b->y + b->h);
          double roll = rng_uniform (&rng);
          double sparkle;
          bool on_bullet = true;

          attempts++;
          /* Most flakes catch a little light, some a lot; a few blaze past white. */
          if (roll < 0.7)
            sparkle = 0.4 + 0.6 * rng_uniform (&rng);
          else if (roll < 0.95)
            sparkle = 1.0 + rng_uniform (&rng);
          else
            sparkle = 2.5 + 1.5 * rng_uniform (&rng);

          for (int k = 0; k < 9 && on_bullet; k++)
            {
              double ox = (k % 3 - 1) * (r + 0.5), oy = (k / 3 - 1) * (r + 0.5);
              on_bullet = is_bullet (surface_at_image (&scene, fx + ox, fy + oy));
            }
          if (!on_bullet)
            continue;

          for (int py = (int) floor (fy - r - 1); py <= (int) floor (fy + r + 1); py++)
            for (int px = (int) floor (fx - r - 1); px <= (int) floor (fx + r + 1); px++)
              {
                int hits = 0;
                float *out;

                if (px < 0 || py < 0 || px >= width || py >= height)
                  continue;
                for (int j = 0; j < SUPERSAMPLE; j++)
                  for (int i = 0; i < SUPERSAMPLE; i++)
                    {
                      double dx = px + (i + 0.5) / SUPERSAMPLE - fx;
                      double dy = py + (j + 0.5) / SUPERSAMPLE - fy;

                      hits += dx * dx + dy * dy <= r * r;
                    }
                if (hits == 0)
                  continue;
                out = pixels + ((size_t) py * width + px) * 3;
                for (int k = 0; k < 3; k++)
                  {
                    double cover = (double) hits / (SUPERSAMPLE * SUPERSAMPLE);

                    out[k] = (float) (out[k] * (1.0 - cover) + params->glitter_linear[k] * sparkle * cover);
                  }
              }
          truth->glitter_flakes++;
        }
      truth->glitter_density = truth->glitter_flakes * 1000.0 / bullet_pixels;
    }

  if (params->shimmer_density > 0.0 && params->shimmer_size > 0.0 && bullet_pixels > 0)
    draw_shimmer (&scene, params, pixels, bullet_pixels, truth);

  /* The label box: the bullet with a margin of 2-6 % of its size on each side, clipped to the image. With
   * packaging, the bottom margin takes in a sliver of the collar, as hand-drawn boxes do. */
  if (max_x >= 0)
    {
      const ShBox *b = &truth->bullet;
      int left, right, top, bottom, x0, y0, x1, y1;
      Rng rng;

      rng_init (&rng, params->seed, STREAM_LABEL);
      left = (int) lround (rng_range (&rng, 0.02, 0.06) * b->w);
      right = (int) lround (rng_range (&rng, 0.02, 0.06) * b->w);
      top = (int) lround (rng_range (&rng, 0.02, 0.06) * b->h);
      bottom = (int) lround (rng_range (&rng, 0.02, 0.06) * b->h);
      x0 = b->x - left < 0 ? 0 : b->x - left;
      y0 = b->y - top < 0 ? 0 : b->y - top;
      x1 = b->x + b->w + right > width ? width : b->x + b->w + right;
      y1 = b->y + b->h + bottom > height ? height : b->y + b->h + bottom;
      truth->label_box = (ShBox) { x0, y0, x1 - x0, y1 - y0 };
    }

  if (alpha_out != NULL)
    *alpha_out = alpha;
  return pixels;
}
