/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tryon-render.h: a product drawn onto the bare lips of a photo, in linear light.
 *
 * The photo's own light stays: the rendered lip keeps the bare lip's luminance detail (its shading,
 * furrows and texture) and takes its colour from the product. At full coverage a matte product shows its
 * base colour's hue and chroma (CIELAB a*, b*) at the bare lip's median lightness (L*), scaled pixel by
 * pixel by the bare lip's luminance relative to that median; the product is mixed over the bare lip in
 * linear light by its coverage. The product's lightness is not the photo's: without a reference in the
 * photo, the bare lip is the only anchor of its exposure.
 *
 * Reflection follows the material under the reference light (reference-light.h), the photo's light taken
 * as one of the same strength (a well-exposed photo shows a white diffuse surface facing the light at
 * about 1): the surface's angle to the light is read from the bare lip's smoothed luminance, where it is
 * brightest facing the light, so specular, sheen and clearcoat highlights sit where the photo's light
 * already catches the lip, broken up by its furrows. A bare lip's own shine is damped under the product.
 * Glitter flakes are placed by the seed (the same inputs give the same bytes), their size in millimetres
 * against a 50 mm wide mouth.
 *
 * The edge is feathered inward by a fraction of the lip height, so the product never crosses the drawn
 * outline: every pixel outside the lips (coverage 0) keeps its bytes, alpha included.
 *
 * Works in the photo's own RGB space (its colour model); the product's linear sRGB colours are brought into
 * it through XYZ D50, and rendered pixels are encoded back through the model's tone curves.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "image.h"
#include "lip-mask.h"
#include "material.h"

/* The default feather: the width of the edge's ramp as a fraction of the lips' height. */
#define SH_TRYON_FEATHER 0.04

/* Renders material onto the lips of image (in place). feather is a fraction of the lip height (0-0.5;
 * negative for SH_TRYON_FEATHER). False only when memory runs out (the image is then unchanged). */
bool sh_tryon_render (ShImage *image, const ShLipMask *mask, const ShMaterial *material, uint32_t seed,
                      double feather);

/* The median colour of the lips in image: per channel, in linear sRGB (unclipped), over the pixels whose
 * centre the lips cover (coverage >= 0.5). False when there are none. */
bool sh_tryon_median (const ShImage *image, const ShLipMask *mask, double linear_srgb[3]);
