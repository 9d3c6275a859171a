/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tryon-fixture.h: a generated bare-lip photo for the try-on renderer's tests and benchmark: a lip-shaped,
 * shaded and furrowed region in a Monk Skin Tone's natural lip colour on a patch of that skin, with its
 * outline (and optionally a mouth opening) as the polygons a person would draw. No real face. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "color/image.h"
#include "color/lip-mask.h"
#include "color/skin-render.h"

#define TRYON_FIXTURE_POINTS 64

typedef struct {
  int width, height;
  float *linear;                          /* width * height * 3, linear sRGB */
  ShPoint lips[2 * TRYON_FIXTURE_POINTS];
  int n_lips;
  ShPoint opening[2 * TRYON_FIXTURE_POINTS];
  int n_opening;                          /* 0 without an opening */
} TryonFixture;

/* A photo of width x height (at least 64 x 64) with the mouth in its middle, mouth times its width wide
 * (0.6 for a close-up; a face filling the frame has a mouth about 0.35 of its width). seed varies the
 * texture's noise. */
TryonFixture *tryon_fixture_new (int width, int height, double mouth, const ShSkinTone *tone, bool open_mouth,
                                 uint32_t seed);
void tryon_fixture_free (TryonFixture *fixture);
/* The photo as an untagged (sRGB) 8-bit image. */
ShImage *tryon_fixture_image (const TryonFixture *fixture);
/* The lips' mask from the fixture's polygons. */
ShLipMask *tryon_fixture_mask (const TryonFixture *fixture);
/* "x1,y1,x2,y2,..." with two decimals, into a malloc'ed string. */
char *tryon_fixture_points_text (const ShPoint *points, int n_points);
