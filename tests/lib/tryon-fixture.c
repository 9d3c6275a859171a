/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tryon-fixture.c: a generated bare-lip photo (see tryon-fixture.h). */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "color/colorspace.h"
#include "tryon-fixture.h"

typedef struct {
  double cx, cy, a, upper, lower;
} Mouth;

static double
upper_edge (const Mouth *m, double u)
{
  /* The Cupid's bow: a dip in the middle between two peaks. */
  double bow = 1 - 0.25 * exp (-(u * u) / 0.01) + 0.08 * exp (-pow (fabs (u) - 0.22, 2) / 0.01);

  return m->cy - m->upper * pow (fmax (0, 1 - u * u), 0.75) * bow;
}

static double
lower_edge (const Mouth *m, double u)
{
  return m->cy + m->lower * pow (fmax (0, 1 - u * u), 0.6);
}

static uint32_t
hash32 (uint32_t x)
{
  x ^= x >> 16;
  x *= 0x7feb352dU;
  x ^= x >> 15;
  x *= 0x846ca68bU;
  x ^= x >> 16;
  return x;
}

TryonFixture *
tryon_fixture_new (int width, int height, double mouth, const ShSkinTone *tone, bool open_mouth, uint32_t seed)
{
  TryonFixture *f;
  Mouth m;
  double skin[3], lip[3], inside[3] = { 0.03, 0.012, 0.012 };
  ShLipMask *outer, *full;
  int n = TRYON_FIXTURE_POINTS;

  if (width < 64 || height < 64)
    return NULL;
  f = calloc (1, sizeof *f);
  f->width = width;
  f->height = height;
  f->linear = malloc ((size_t) width * height * 3 * sizeof *f->linear);
  m.a = fmin (0.5 * mouth * width, 0.9 * height);
  m.cx = 0.5 * width;
  m.cy = 0.55 * height;
  m.upper = 0.32 * m.a;
  m.lower = 0.40 * m.a;

  /* The outline: the upper edge left to right, the lower edge back. */
  for (int i = 0; i < n; i++)
    {
      double u = -1 + 2.0 * i / (n - 1);

      f->lips[i].x = m.cx + m.a * u;
      f->lips[i].y = upper_edge (&m, u);
      f->lips[2 * n - 1 - i].x = m.cx + m.a * u;
      f->lips[2 * n - 1 - i].y = lower_edge (&m, u);
    }
  f->n_lips = 2 * n;
  if (open_mouth)
    {
      /* A narrow opening along the mouth line, short of the corners. */
      for (int i = 0; i < n; i++)
        {
          double u = -0.7 + 1.4 * i / (n - 1), gap = 0.07 * m.a * sqrt (fmax (0, 1 - pow (u / 0.7, 2)));

          f->opening[i].x = m.cx + m.a * u;
          f->opening[i].y = m.cy - gap;
          f->opening[2 * n - 1 - i].x = m.cx + m.a * u;
          f->opening[2 * n - 1 - i].y = m.cy + gap;
        }
      f->n_opening = 2 * n;
    }

  sh_skin_tone_linear (tone, skin);
  sh_skin_tone_natural_lip (tone, NULL, lip);
  outer = sh_lip_mask_new (f->lips, f->n_lips, NULL, 0);
  full = tryon_fixture_mask (f);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        float *p = f->linear + ((size_t) y * width + x) * 3;
        double px = x + 0.5, py = y + 0.5, u = (px - m.cx) / m.a;
        double all = sh_lip_mask_get (outer, x, y), lips = sh_lip_mask_get (full, x, y);
        /* Skin: gently lit from above, with a fine grain. */
        double grain = 1 + 0.03 * ((hash32 (seed ^ (uint32_t) (y * 65537 + x)) >> 8) / 16777216.0 - 0.5);
        double skin_light = (0.95 - 0.1 * py / height) * grain;
        double shade = 1;

        if (lips > 0 && fabs (u) < 1)
          {
            /* Each lip bulges toward the light: brightest along its middle, darker toward its edges and the
             * corners; vertical furrows and a fine noise. */
            bool upper = py < m.cy;
            double top = upper ? upper_edge (&m, u) : m.cy, bottom = upper ? m.cy : lower_edge (&m, u);
            double t = bottom > top ? (2 * py - top - bottom) / (bottom - top) : 0;
            double bulge = sqrt (fmax (0, 1 - t * t)) * sqrt (fmax (0, 1 - u * u));
            double furrow = 1 + 0.10 * cos (2 * M_PI * (9 * u + 0.3 * sin (5 * u)));
            double noise = 1 + 0.06 * ((hash32 (seed * 7919 + (uint32_t) (y * 131071 + x)) >> 8) / 16777216.0 - 0.5);

            shade = (0.55 + 0.6 * bulge * (upper ? 0.85 : 1)) * furrow * noise;
          }
        for (int c = 0; c < 3; c++)
          p[c] = (float) (skin[c] * skin_light * (1 - all) + lip[c] * shade * lips + inside[c] * (all - lips));
      }
  sh_lip_mask_free (outer);
  sh_lip_mask_free (full);
  return f;
}

void
tryon_fixture_free (TryonFixture *f)
{
  if (!f)
    return;
  free (f->linear);
  free (f);
}

ShImage *
tryon_fixture_image (const TryonFixture *f)
{
  ShImage *image = sh_image_new (f->width, f->height);

  sh_skin_render_encode_srgb8 (f->linear, (size_t) f->width * 3, f->width, f->height, image->pixels,
                               (size_t) image->stride, 4);
  return image;
}

ShLipMask *
tryon_fixture_mask (const TryonFixture *f)
{
  return sh_lip_mask_new (f->lips, f->n_lips, f->n_opening ? f->opening : NULL, f->n_opening);
}

char *
tryon_fixture_points_text (const ShPoint *points, int n_points)
{
  size_t size = (size_t) n_points * 32 + 1, len = 0;
  char *text = malloc (size);

  text[0] = '\0';
  for (int i = 0; i < n_points; i++)
    len += (size_t) snprintf (text + len, size - len, "%s%.2f,%.2f", i ? "," : "", points[i].x, points[i].y);
  return text;
}
