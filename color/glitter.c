/* SPDX-License-Identifier: GPL-3.0-or-later */
/* glitter.c: seeded glitter flakes (see glitter.h). */
#include "config.h"

#include <math.h>
#include <string.h>

#include "glitter.h"
#include "reference-light.h"

/* Flakes are tilted from the surface by up to this angle (radians) and are small mirrors whose own
 * roughness is this. */
#define FLAKE_MAX_TILT 0.55
#define FLAKE_ROUGHNESS 0.1

/* lowbias32 (Chris Wellons): a well-mixed 32-bit hash, so the glitter pattern is the same on every machine. */
static inline uint32_t
hash32 (uint32_t x)
{
  x ^= x >> 16;
  x *= 0x7feb352dU;
  x ^= x >> 15;
  x *= 0x846ca68bU;
  x ^= x >> 16;
  return x;
}

static inline float
hash_unit (uint32_t h)
{
  return (h >> 8) * (1.0f / 16777216.0f);
}

void
sh_glitter_init (ShGlitter *g, const ShMaterial *m, double px_per_mm, uint32_t seed)
{
  memset (g, 0, sizeof *g);
  if (m->glitter_density <= 0 || m->glitter_size <= 0)
    return;
  g->on = true;
  g->radius = (float) fmax (0.5 * m->glitter_size * px_per_mm, 0.05);
  g->area = (float) fmin (1, M_PI * g->radius * g->radius);
  /* Flakes do not overlap: at most one per cell of twice their size, and one per pixel. */
  g->cell = (float) fmax (fmax (px_per_mm / sqrt (m->glitter_density), 2 * g->radius + 1), 1);
  for (int i = 0; i < 3; i++)
    g->color[i] = (float) (m->has_glitter_color ? m->glitter_color[i] : 0.9);
  g->alpha = sh_lit_alpha (FLAKE_ROUGHNESS);
  g->seed = hash32 (seed ^ 0x9e3779b9U);
}

float
sh_glitter_at (const ShGlitter *g, int x, int y, float surface_nx, float surface_ny, float surface_nz,
               float radiance[3])
{
  float px = x + 0.5f, py = y + 0.5f;
  int ci = (int) floorf (px / g->cell), cj = (int) floorf (py / g->cell);
  float total = 0, sum = 0;

  for (int j = cj - 1; j <= cj + 1; j++)
    for (int i = ci - 1; i <= ci + 1; i++)
      {
        uint32_t h = hash32 (g->seed ^ hash32 ((uint32_t) i * 0x8da6b343U ^ (uint32_t) j * 0xd8163841U));
        float fx = (i + hash_unit (h)) * g->cell;
        float fy = (j + hash_unit (hash32 (h + 1))) * g->cell;
        float dx = px - fx, dy = py - fy, reach = g->radius + 0.5f, d, cover;

        if (dx * dx + dy * dy > reach * reach)
          continue;
        d = sqrtf (dx * dx + dy * dy);
        cover = g->radius >= 0.5f ? fminf (1, g->radius + 0.5f - d) : g->area * fminf (1, 2 * (g->radius + 0.5f - d));
        if (cover <= 0)
          continue;
        {
          /* The flake's normal: the surface normal tilted by a random angle in a random direction. */
          float tilt = FLAKE_MAX_TILT * sqrtf (hash_unit (hash32 (h + 2)));
          float azimuth = 6.2831853f * hash_unit (hash32 (h + 3));
          float nx = surface_nx + sinf (tilt) * cosf (azimuth);
          float ny = surface_ny + sinf (tilt) * sinf (azimuth);
          float nz = surface_nz * cosf (tilt);
          float len = sqrtf (nx * nx + ny * ny + nz * nz);
          float fnz = len > 0 ? nz / len : 0;
          float spark = fnz > 0.05f ? (float) (sh_ggx_d (fnz, g->alpha) * M_PI * SH_KEY_SHARE / 4) : 0;

          /* A metallised flake mirrors the ambient (from a random direction: on average half of it) and,
           * when it faces the camera, the key light. */
          sum += cover * (0.5 * SH_AMBIENT_SHARE + spark);
          total += cover;
        }
      }
  if (total <= 0)
    return 0;
  if (total > 1)
    {
      sum /= total;
      total = 1;
    }
  for (int c = 0; c < 3; c++)
    radiance[c] = g->color[c] * sum / total;
  return total;
}
