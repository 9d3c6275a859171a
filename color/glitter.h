/* SPDX-License-Identifier: GPL-3.0-or-later */
/* glitter.h: glitter flakes placed by a seeded hash, the same on every machine, shaded under the reference
 * light (reference-light.h). Flakes sit on a grid of cells, at most one per cell, so any pixel asks only
 * its neighbouring cells. Private to color/. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "material.h"

typedef struct {
  bool on;
  float cell;            /* grid cell edge, pixels: one flake per cell */
  float radius;          /* flake radius, pixels */
  float area;            /* covered fraction of a pixel by a flake smaller than a pixel */
  float color[3];
  double alpha;
  uint32_t seed;
} ShGlitter;

/* Flakes of material's density, size and colour at px_per_mm pixels per millimetre of surface; off when the
 * material has no glitter. */
void sh_glitter_init (ShGlitter *glitter, const ShMaterial *material, double px_per_mm, uint32_t seed);
/* The flakes over pixel (x, y) on a surface whose normal is (nx, ny, nz): their coverage (returned, 0-1) and
 * the radiance of what they cover. */
float sh_glitter_at (const ShGlitter *glitter, int x, int y, float nx, float ny, float nz, float radiance[3]);
