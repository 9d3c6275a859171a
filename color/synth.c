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

/* ---- scene ---- */

typedef enum {
  SURFACE_BACKGROUND,
  SURFACE_SIDE,          /* the bullet's cylindrical side */
  SURFACE_FACE,          /* the bullet's slanted cut face */
  SURFACE_COLLAR,        /* the inner sleeve the bullet rises from */
  SURFACE_CASE,
} Surface;

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
} Scene;

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
        return SURFACE_SIDE;
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

static void
shade_background (const Scene *scene, double x, double y, double out[3])
{
  double fx = (x / scene->width - 0.5) * 2.0;
  double level = (1.0 - scene->gradient * y / scene->height) * (1.0 - scene->vignette * fx * fx);

  if (scene->shadow_strength > 0.0)
    {
      double dx = (x - scene->cx) / scene->shadow_sx;
      double dy = (y - scene->floor_y) / scene->shadow_sy;
      double d2 = dx * dx + dy * dy;

      /* A tight contact shadow plus a wide soft one. */
      level *= 1.0 - scene->shadow_strength * (0.7 * exp (-d2) + 0.3 * exp (-d2 / 9.0));
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

static void
shade (const Scene *scene, Surface surface, double x, double y, double out[3])
{
  switch (surface)
    {
    case SURFACE_SIDE:
      shade_side (scene, x, y, out);
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
      shade_background (scene, x, y, out);
      break;
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
}

/* ---- render ---- */

#define SUPERSAMPLE 4

float *
sh_synth_render (const ShSynthParams *params, ShSynthTruth *truth)
{
  const int width = params->width, height = params->height;
  int min_x = width, min_y = height, max_x = -1, max_y = -1;
  int case_min_x = width, case_min_y = height, case_max_x = -1, case_max_y = -1;
  long bullet_pixels = 0;
  unsigned char *corners;
  float *pixels;
  Scene scene;

  if (width <= 0 || height <= 0 || (size_t) width > SIZE_MAX / 3 / sizeof (float) / (size_t) height)
    return NULL;
  pixels = malloc ((size_t) width * height * 3 * sizeof (float));
  corners = malloc ((size_t) 2 * (width + 1));
  if (pixels == NULL || corners == NULL)
    {
      free (pixels);
      free (corners);
      return NULL;
    }

  build_scene (params, &scene);

  /* Two rows of pixel-corner surfaces: a pixel whose four corners agree is shaded once at its centre
   * (which keeps the camera-facing line exact); any other pixel is supersampled 4x4. */
  for (int x = 0; x <= width; x++)
    corners[x] = (unsigned char) surface_at (&scene, x, 0);
  for (int y = 0; y < height; y++)
    {
      unsigned char *top = corners + (size_t) (y % 2) * (width + 1);
      unsigned char *bottom = corners + (size_t) ((y + 1) % 2) * (width + 1);

      for (int x = 0; x <= width; x++)
        bottom[x] = (unsigned char) surface_at (&scene, x, y + 1);

      for (int x = 0; x < width; x++)
        {
          float *out = pixels + ((size_t) y * width + x) * 3;
          Surface s = (Surface) top[x];
          double colour[3];
          int bullet_hits = 0, case_hits = 0;

          if (top[x + 1] == s && bottom[x] == s && bottom[x + 1] == s)
            {
              shade (&scene, s, x + 0.5, y + 0.5, colour);
              if (s == SURFACE_SIDE || s == SURFACE_FACE)
                bullet_hits = SUPERSAMPLE * SUPERSAMPLE;
              else if (s == SURFACE_COLLAR || s == SURFACE_CASE)
                case_hits = 1;
            }
          else
            {
              double sum[3] = { 0, 0, 0 };

              for (int j = 0; j < SUPERSAMPLE; j++)
                for (int i = 0; i < SUPERSAMPLE; i++)
                  {
                    double sx = x + (i + 0.5) / SUPERSAMPLE, sy = y + (j + 0.5) / SUPERSAMPLE;
                    Surface sub = surface_at (&scene, sx, sy);
                    double c[3];

                    shade (&scene, sub, sx, sy, c);
                    for (int k = 0; k < 3; k++)
                      sum[k] += c[k];
                    if (sub == SURFACE_SIDE || sub == SURFACE_FACE)
                      bullet_hits++;
                    else if (sub == SURFACE_COLLAR || sub == SURFACE_CASE)
                      case_hits++;
                  }
              for (int k = 0; k < 3; k++)
                colour[k] = sum[k] / (SUPERSAMPLE * SUPERSAMPLE);
            }
          for (int k = 0; k < 3; k++)
            out[k] = (float) colour[k];

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
        }
    }
  free (corners);

  memset (truth, 0, sizeof *truth);
  for (int i = 0; i < 3; i++)
    truth->body_linear[i] = params->body_linear[i];
  sh_linear_srgb_to_lab (params->body_linear, truth->body_lab);
  truth->finish = params->finish;
  if (max_x >= 0)
    truth->bullet = (ShBox) { min_x, min_y, max_x - min_x + 1, max_y - min_y + 1 };
  if (case_max_x >= 0)
    truth->case_box = (ShBox) { case_min_x, case_min_y, case_max_x - case_min_x + 1,
                                case_max_y - case_min_y + 1 };

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
              Surface s = surface_at (&scene, fx + ox, fy + oy);

              on_bullet = s == SURFACE_SIDE || s == SURFACE_FACE;
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

  return pixels;
}
