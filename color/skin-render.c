/* SPDX-License-Identifier: GPL-3.0-or-later */
/* skin-render.c: lips on a skin tone, shaded with a product's material (see skin-render.h).
 *
 * Geometry, in pixels (y down), for a mouth of half-width a centred on column cx (a pixel centre). For
 * u = (x - cx) / a in (-1, 1) the mouth line is m(u); the upper lip spans [top(u), m(u)] (top carries the
 * Cupid's bow) and the lower lip [m(u), bottom(u)]. Across each lip, t runs from -1 at one edge to 1 at the
 * other, and the lip's height toward the camera is z = k h(u) sqrt(1 - t^2) with h the lip's half-thickness:
 * an ellipse in every vertical section, flattening toward the corners where the lip thins out. The height is
 * symmetric in u and peaks at t = 0, so at u = 0, t = 0 the normal points at the camera. The layout puts the
 * lower lip's such point on a pixel centre.
 *
 * Light: the key light and the camera share a direction, so the half vector is the view vector and every
 * lobe is a function of n.z alone. The product and bare-lip shading are tabulated per render over
 * s = sqrt(1 - n.z) (fine near the highlight, where glossy lobes change fastest) and looked up per pixel;
 * only glitter flakes, which tilt away from the surface, are shaded per pixel.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "colorspace.h"
#include "glitter.h"
#include "reference-light.h"
#include "skin-render.h"

/* Monk Skin Tone scale: the 10 swatches as Google publishes them (skintone.google, "MST orientation
 * swatches", Ellis Monk 2019/2022), sRGB hex. Design swatches for a representative range, not skin spectra. */
static const ShSkinTone monk_tones[SH_MONK_SKIN_TONE_COUNT] = {
  { "MST 1", { 0xf6, 0xed, 0xe4 } },
  { "MST 2", { 0xf3, 0xe7, 0xdb } },
  { "MST 3", { 0xf7, 0xea, 0xd0 } },
  { "MST 4", { 0xea, 0xda, 0xba } },
  { "MST 5", { 0xd7, 0xbd, 0x96 } },
  { "MST 6", { 0xa0, 0x7e, 0x56 } },
  { "MST 7", { 0x82, 0x5c, 0x43 } },
  { "MST 8", { 0x60, 0x41, 0x34 } },
  { "MST 9", { 0x3a, 0x31, 0x2a } },
  { "MST 10", { 0x29, 0x24, 0x20 } },
};

/* Average adult mouth width: sets the scale of glitter flakes, whose size is in millimetres. */
#define MOUTH_WIDTH_MM 50.0
/* Lip height toward the camera per unit of half-thickness. */
#define LIP_BULGE 0.9
/* Largest slope of the lip surface: normals at the very edge stay 16 degrees off grazing. */
#define MAX_SLOPE 3.5
/* Depth of the dental arch the lips wrap around, per unit of the mouth's half-width. */
#define ARCH_DEPTH 0.5
/* Relative depth of the lips' vertical furrows. */
#define WRINKLE_DEPTH 0.02

#define LUT_SIZE 1024

/* Bare lips: a soft surface with a faint, broad sheen, faint enough that the lip shows the natural colour
 * (sh_skin_tone_natural_lip) where it faces the camera. */
#define BARE_ROUGHNESS 0.6
#define BARE_SPECULAR 0.03

typedef struct {
  float lip;          /* lip coverage of the pixel, 0-1 */
  float s;            /* sqrt(1 - n.z) of the lip surface */
  float nx, ny;       /* the lip normal's other components (glitter flakes tilt from it) */
  float skin_light;   /* the reference light on the skin, shadows included */
  float occlusion;    /* the dark line where the lips meet */
} ScenePixel;

struct _ShLipScene {
  int width, height;
  int lip_x, lip_y;
  int skin_x, skin_y;
  double px_per_mm;
  ScenePixel *pixels;
};

typedef struct {
  double cx, cy, a, upper, lower;
} Mouth;

/* ---- tones ---- */

const ShSkinTone *
sh_monk_skin_tone (int index)
{
  return index >= 0 && index < SH_MONK_SKIN_TONE_COUNT ? &monk_tones[index] : NULL;
}

bool
sh_skin_tone_from_hex (const char *name, const char *hex, ShSkinTone *tone)
{
  uint8_t rgb[3];

  if (!hex || !sh_parse_hex (hex, rgb))
    return false;
  memset (tone, 0, sizeof *tone);
  if (name)
    {
      strncpy (tone->name, name, sizeof tone->name - 1);
      tone->name[sizeof tone->name - 1] = '\0';
    }
  memcpy (tone->srgb, rgb, 3);
  return true;
}

void
sh_skin_tone_linear (const ShSkinTone *tone, double linear[3])
{
  for (int i = 0; i < 3; i++)
    linear[i] = sh_srgb_decode (tone->srgb[i] / 255.0);
}

void
sh_skin_tone_natural_lip (const ShSkinTone *tone, double lab[3], double linear[3])
{
  double skin[3], lip[3], rgb[3];

  sh_srgb8_to_lab (tone->srgb, skin);
  lip[0] = skin[0] - 0.25 * (skin[0] - 20);
  lip[1] = skin[1] + 13;
  lip[2] = 0.5 * skin[2] + 2;
  if (lab)
    memcpy (lab, lip, sizeof lip);
  if (linear)
    {
      sh_lab_to_linear_srgb (lip, rgb);
      for (int i = 0; i < 3; i++)
        linear[i] = rgb[i] < 0 ? 0 : rgb[i] > 1 ? 1 : rgb[i];
    }
}

/* ---- geometry ---- */

static double
mouth_line (const Mouth *mouth, double u)
{
  /* Corners slightly up; the upper lip's tubercle pushes the middle down a little. */
  return mouth->cy - 0.04 * mouth->a * u * u + 0.03 * mouth->a * exp (-(u * u) / (0.18 * 0.18));
}

static double
upper_top (const Mouth *mouth, double u)
{
  double m = mouth_line (mouth, u);
  double au, bow;

  if (fabs (u) >= 1)
    return m;
  /* Cupid's bow: a dip in the middle between two peaks; |u| softened so the dip is rounded. */
  au = sqrt (u * u + 0.0004);
  bow = 1 - 0.22 * exp (-(u * u) / (0.09 * 0.09)) + 0.10 * exp (-((au - 0.2) * (au - 0.2)) / 0.01);
  return m - mouth->upper * pow (1 - u * u, 0.75) * bow;
}

static double
lower_bottom (const Mouth *mouth, double u)
{
  double m = mouth_line (mouth, u);

  if (fabs (u) >= 1)
    return m;
  return m + mouth->lower * pow (1 - u * u, 0.6);
}

/* Edges of one lip at u: lip 0 upper, 1 lower. */
static void
lip_edges (const Mouth *mouth, int lip, double u, double *top, double *bottom)
{
  if (lip == 0)
    {
      *top = upper_top (mouth, u);
      *bottom = mouth_line (mouth, u);
    }
  else
    {
      *top = mouth_line (mouth, u);
      *bottom = lower_bottom (mouth, u);
    }
}

static double
lip_height (const Mouth *mouth, int lip, double x, double y)
{
  double u = (x - mouth->cx) / mouth->a;
  /* The lips wrap around the dental arch: the corners turn away from the camera. */
  double arch = ARCH_DEPTH * mouth->a * sqrt (1 - 0.7 * fmin (u * u, 1));
  double top, bottom, half, t, bulge;

  if (fabs (u) >= 1)
    return arch;
  lip_edges (mouth, lip, u, &top, &bottom);
  half = 0.5 * (bottom - top);
  if (half <= 0)
    return arch;
  t = (y - 0.5 * (top + bottom)) / half;
  if (t < -1)
    t = -1;
  if (t > 1)
    t = 1;
  bulge = sqrt (1 - t * t);
  /* Fine vertical furrows, even in u so the middle of each lip still faces the camera; they break a glossy
   * highlight into streaks as on real lips. */
  {
    double phase = 7 * u + 0.35 * sin (5 * u);
    bulge *= 1 + WRINKLE_DEPTH * cos (2 * M_PI * phase);
  }
  return arch + LIP_BULGE * half * bulge;
}

static double
clamp01 (double v)
{
  return v < 0 ? 0 : v > 1 ? 1 : v;
}

/* Anti-aliased coverage of pixel centre (x, y) by one lip: signed distance to the nearer edge, measured
 * across the edge, as a 1-pixel ramp; thin parts (toward the corners) fade with their thickness. */
static double
lip_coverage (const Mouth *mouth, int lip, double x, double y)
{
  const double du = 0.25 / mouth->a;
  double u = (x - mouth->cx) / mouth->a;
  double top, bottom, t0, b0, t1, b1, slope_top, slope_bottom, d_top, d_bottom;

  if (fabs (u) >= 1)
    return 0;
  lip_edges (mouth, lip, u, &top, &bottom);
  lip_edges (mouth, lip, u - du, &t0, &b0);
  lip_edges (mouth, lip, u + du, &t1, &b1);
  slope_top = (t1 - t0) / 0.5;
  slope_bottom = (b1 - b0) / 0.5;
  d_top = (y - top) / sqrt (1 + slope_top * slope_top);
  d_bottom = (bottom - y) / sqrt (1 + slope_bottom * slope_bottom);
  return clamp01 (0.5 + fmin (d_top, d_bottom)) * clamp01 (bottom - top);
}

ShLipScene *
sh_lip_scene_new (int width, int height)
{
  ShLipScene *scene;
  Mouth mouth;
  double skin_cy, rx, ry, best_nz = -1;
  const double h = 0.25;

  if (width < 32 || height < 32 || width > 8192 || height > 8192)
    return NULL;
  scene = calloc (1, sizeof *scene);
  if (!scene)
    return NULL;
  scene->pixels = calloc ((size_t) width * height, sizeof *scene->pixels);
  if (!scene->pixels)
    {
      free (scene);
      return NULL;
    }
  scene->width = width;
  scene->height = height;

  /* A mouth about 2.7 times as wide as it is tall, centred a little below the middle. */
  mouth.a = fmin (0.34 * width, 0.62 * height);
  mouth.upper = 0.30 * mouth.a;
  mouth.lower = 0.40 * mouth.a;
  mouth.cx = floor (width / 2.0) + 0.5;
  /* Put the lower lip's middle (t = 0 at u = 0) on a pixel centre. */
  {
    double offset = 0.03 * mouth.a + 0.5 * mouth.lower;
    mouth.cy = floor (0.52 * height + offset) + 0.5 - offset;
  }
  scene->px_per_mm = 2 * mouth.a / MOUTH_WIDTH_MM;
  scene->lip_x = (int) floor (mouth.cx);
  scene->lip_y = (int) floor (mouth_line (&mouth, 0) + 0.5 * mouth.lower);

  /* The face: a broad ellipsoid facing the camera above the upper lip. */
  skin_cy = floor (fmax (upper_top (&mouth, 0) - 0.35 * mouth.a, 2.0)) + 0.5;
  rx = 1.0 * width;
  ry = 1.3 * height;
  scene->skin_x = (int) floor (mouth.cx);
  scene->skin_y = (int) floor (skin_cy);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        ScenePixel *p = &scene->pixels[(size_t) y * width + x];
        double px = x + 0.5, py = y + 0.5;
        double u = (px - mouth.cx) / mouth.a;
        double dx = (px - mouth.cx) / rx, dy = (py - skin_cy) / ry;
        double skin_nz = sqrt (fmax (0.05, 1 - dx * dx - dy * dy));
        double cover[2], shadow = 1, occlusion = 1;
        int lip;

        /* Soft shadow under the lower lip and in the corners of the mouth. */
        if (fabs (u) < 1.2)
          {
            double below = py - (lower_bottom (&mouth, u) + 0.10 * mouth.a);
            double corner = hypot (fabs (px - mouth.cx) - mouth.a, py - mouth_line (&mouth, 1));
            double across = fabs (u) < 1 ? 1 - u * u : 0;

            shadow -= 0.22 * across * exp (-(below * below) / (0.0049 * mouth.a * mouth.a));
            shadow -= 0.30 * exp (-(corner * corner) / (0.0025 * mouth.a * mouth.a));
          }
        p->skin_light = (float) ((SH_KEY_SHARE * skin_nz + SH_AMBIENT_SHARE) * shadow);

        /* The dark line where the lips meet, a touch past the corners. */
        if (fabs (u) < 1.04)
          {
            double d = py - mouth_line (&mouth, u);
            double w = (0.6 + 0.8 * fmax (0, 1 - u * u)) * mouth.a / 80.0;
            double fade = clamp01 ((1.04 - fabs (u)) / 0.1);

            occlusion = 1 - 0.85 * fade * exp (-(d * d) / (w * w));
          }
        p->occlusion = (float) occlusion;

        cover[0] = lip_coverage (&mouth, 0, px, py);
        cover[1] = lip_coverage (&mouth, 1, px, py);
        p->lip = (float) fmin (1, cover[0] + cover[1]);
        if (p->lip <= 0)
          {
            p->s = 1;
            continue;
          }
        lip = cover[1] > cover[0];
        {
          double top, bottom, inset;

          /* A border pixel whose centre lies just outside the lip takes the normal of the lip's edge, not of
           * the flat beyond it (which would face the camera and catch the highlight). */
          lip_edges (&mouth, lip, u, &top, &bottom);
          inset = fmin (h + 0.05, 0.25 * (bottom - top));
          py = fmin (fmax (py, top + inset), bottom - inset);
        }
        {
          double gx = (lip_height (&mouth, lip, px + h, py) - lip_height (&mouth, lip, px - h, py)) / (2 * h);
          double gy = (lip_height (&mouth, lip, px, py + h) - lip_height (&mouth, lip, px, py - h)) / (2 * h);
          double g = hypot (gx, gy), len, nz;

          if (g > MAX_SLOPE)
            {
              gx *= MAX_SLOPE / g;
              gy *= MAX_SLOPE / g;
            }
          len = sqrt (gx * gx + gy * gy + 1);
          nz = 1 / len;
          p->nx = (float) (-gx / len);
          p->ny = (float) (-gy / len);
          p->s = (float) sqrt (fmax (0, 1 - nz));
          if (lip == 1 && cover[1] >= 1 && nz > best_nz)
            {
              best_nz = nz;
              scene->lip_x = x;
              scene->lip_y = y;
            }
        }
      }
  return scene;
}

void
sh_lip_scene_free (ShLipScene *scene)
{
  if (!scene)
    return;
  free (scene->pixels);
  free (scene);
}

int
sh_lip_scene_get_width (const ShLipScene *scene)
{
  return scene->width;
}

int
sh_lip_scene_get_height (const ShLipScene *scene)
{
  return scene->height;
}

void
sh_lip_scene_get_lip_point (const ShLipScene *scene, int *x, int *y)
{
  *x = scene->lip_x;
  *y = scene->lip_y;
}

void
sh_lip_scene_get_skin_point (const ShLipScene *scene, int *x, int *y)
{
  *x = scene->skin_x;
  *y = scene->skin_y;
}

float
sh_lip_scene_get_lip_mask (const ShLipScene *scene, int x, int y)
{
  if (x < 0 || y < 0 || x >= scene->width || y >= scene->height)
    return 0;
  return scene->pixels[(size_t) y * scene->width + x].lip;
}

/* ---- shading ---- */

typedef struct {
  float layer[3];     /* the film under the clearcoat */
  float coat_keep;    /* how much of the layer the clearcoat lets through */
  float coat_add;     /* the clearcoat's own reflection (neutral) */
  float bare[3];      /* the bare lip */
} LutEntry;

static void
build_lut (const ShMaterial *m, const ShMaterial *bare, LutEntry *lut)
{
  for (int i = 0; i < LUT_SIZE; i++)
    {
      double s = (double) i / (LUT_SIZE - 1);
      double nz = fmax (1 - s * s, 1e-4);
      double diffuse[3], reflection[3], bare_diffuse[3], bare_reflection[3], keep, add;

      sh_reference_light_shade (m, nz, diffuse, reflection);
      sh_reference_light_shade (bare, nz, bare_diffuse, bare_reflection);
      sh_reference_light_clearcoat (m, nz, &keep, &add);
      for (int c = 0; c < 3; c++)
        {
          lut[i].layer[c] = (float) (diffuse[c] + reflection[c]);
          lut[i].bare[c] = (float) (bare_diffuse[c] + bare_reflection[c]);
        }
      lut[i].coat_keep = (float) keep;
      lut[i].coat_add = (float) add;
    }
}

void
sh_skin_render (const ShLipScene *scene, const ShSkinTone *tone, const ShMaterial *material, uint32_t seed,
                float *rgb, size_t stride)
{
  ShMaterial m = *material, bare;
  double skin_linear[3], lip_linear[3];
  float skin[3];
  LutEntry *lut = malloc (LUT_SIZE * sizeof *lut);
  ShGlitter glitter;
  float coverage;

  if (!lut)
    return;
  sh_material_clamp (&m);
  coverage = (float) m.coverage;
  sh_skin_tone_linear (tone, skin_linear);
  sh_skin_tone_natural_lip (tone, NULL, lip_linear);
  sh_material_init (&bare);
  memcpy (bare.base_color, lip_linear, sizeof lip_linear);
  bare.roughness = BARE_ROUGHNESS;
  bare.specular = BARE_SPECULAR;
  build_lut (&m, &bare, lut);
  sh_glitter_init (&glitter, &m, scene->px_per_mm, seed);
  for (int c = 0; c < 3; c++)
    skin[c] = (float) skin_linear[c];

  for (int y = 0; y < scene->height; y++)
    {
      const ScenePixel *row = scene->pixels + (size_t) y * scene->width;
      float *out = rgb + (size_t) y * stride;

      for (int x = 0; x < scene->width; x++)
        {
          const ScenePixel *p = &row[x];
          float color[3];

          for (int c = 0; c < 3; c++)
            color[c] = skin[c] * p->skin_light;
          if (p->lip > 0)
            {
              float f = p->s * (LUT_SIZE - 1);
              int i = (int) f;
              float w, layer[3], keep, add, flake[3], flake_cover = 0;
              const LutEntry *e0, *e1;

              if (i >= LUT_SIZE - 1)
                i = LUT_SIZE - 2;
              w = f - i;
              e0 = &lut[i];
              e1 = &lut[i + 1];
              if (glitter.on)
                flake_cover = sh_glitter_at (&glitter, x, y, p->nx, p->ny, 1 - p->s * p->s, flake);
              keep = e0->coat_keep + w * (e1->coat_keep - e0->coat_keep);
              add = e0->coat_add + w * (e1->coat_add - e0->coat_add);
              for (int c = 0; c < 3; c++)
                {
                  float bare_c = e0->bare[c] + w * (e1->bare[c] - e0->bare[c]);
                  float product;

                  layer[c] = e0->layer[c] + w * (e1->layer[c] - e0->layer[c]);
                  if (flake_cover > 0)
                    layer[c] += flake_cover * (flake[c] - layer[c]);
                  product = layer[c] * keep + add;
                  product = bare_c + coverage * (product - bare_c);
                  color[c] += p->lip * (product - color[c]);
                }
            }
          for (int c = 0; c < 3; c++)
            out[3 * x + c] = color[c] * p->occlusion;
        }
    }
  free (lut);
}

void
sh_skin_render_encode_srgb8 (const float *rgb, size_t src_stride, int width, int height, uint8_t *dst,
                             size_t dst_stride, int channels)
{
  enum { BUCKETS = 4096 };
  float thresholds[256];
  uint8_t start[BUCKETS];

  /* Code k covers linear values between the decoded midpoints of k - 1/2 and k + 1/2: rounding in the
   * encoded domain, exactly as sh_linear_srgb_to_srgb8. A table over linear buckets gives the code at each
   * bucket's low end; at most a step or two up the thresholds finishes the job. */
  for (int k = 0; k < 255; k++)
    thresholds[k] = (float) sh_srgb_decode ((k + 0.5) / 255.0);
  thresholds[255] = 2;   /* above any clipped value */
  for (int i = 0, code = 0; i < BUCKETS; i++)
    {
      float low = (float) i / BUCKETS;

      while (thresholds[code] <= low)
        code++;
      start[i] = (uint8_t) code;
    }
  for (int y = 0; y < height; y++)
    {
      const float *in = rgb + (size_t) y * src_stride;
      uint8_t *out = dst + (size_t) y * dst_stride;

      for (int x = 0; x < width; x++)
        {
          for (int c = 0; c < 3; c++)
            {
              float v = in[3 * x + c];
              int code;

              if (!(v > 0))
                code = 0;
              else if (v >= 1)
                code = 255;
              else
                {
                  code = start[(int) (v * BUCKETS)];
                  while (thresholds[code] <= v)
                    code++;
                }
              out[channels * x + c] = (uint8_t) code;
            }
          if (channels == 4)
            out[4 * x + 3] = 255;
        }
    }
}
