/* SPDX-License-Identifier: GPL-3.0-or-later */
/* skin-render.h: a product drawn on lips on a skin-tone reference, in linear light.
 *
 * A tile is a patch of face (the skin tone, gently shaded) with a closed mouth in the middle: two lips, each a
 * shallow ellipsoidal bulge, anti-aliased. The bare lip's colour comes from the skin tone
 * (sh_skin_tone_natural_lip); the product is a film over it, mixed in linear light by its coverage, shaded
 * with the material's finish: diffuse base colour, a GGX specular lobe (alpha = roughness^2), a clearcoat
 * lobe, sheen (Charlie distribution) and glitter flakes placed by a seeded hash.
 *
 * The neutral reference light is an area light from the camera direction (angular radius 0.1 rad) giving 70%
 * of the light plus a uniform ambient giving 30%. It is normalised so that a diffuse surface facing the camera
 * shows exactly its albedo: a matte product's base colour appears unchanged at the lip's camera-facing point.
 * The scene is orthographic and the light sits at the camera, so every lobe peaks where a lip faces the camera
 * and the half vector is the view vector everywhere.
 *
 * Output: RGB floats, linear sRGB (D65), unclipped (highlights may exceed 1); the caller encodes them
 * (sh_skin_render_encode_srgb8, or a display transform).
 *
 * Threads: a scene is immutable once built; any number of threads may render with it at once.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "material.h"

#define SH_MONK_SKIN_TONE_COUNT 10

typedef struct {
  char name[32];                 /* "MST 1" ... "MST 10", or a custom name */
  uint8_t srgb[3];
} ShSkinTone;

/* The Monk Skin Tone scale's swatches, index 0-9 for MST 1-10; NULL outside. */
const ShSkinTone *sh_monk_skin_tone (int index);
/* A custom reference tone from "#rrggbb" (name is truncated to fit). False for a bad hex. */
bool sh_skin_tone_from_hex (const char *name, const char *hex, ShSkinTone *tone);
void sh_skin_tone_linear (const ShSkinTone *tone, double linear[3]);
/* The bare lip's colour for a skin tone (lab: Lab D50, linear: linear sRGB, either may be NULL).
 * Lips are redder and darker than the perioral skin, and their hue is red where skin is yellow; on the
 * deepest skin they are about as light as the skin. In Lab D50:
 *   L_lip = L - 0.25 (L - 20),  a_lip = a + 13,  b_lip = 0.5 b + 2
 * Sources for the direction of each change (not the numbers, which are tuned on the Monk swatches): Baras
 * et al., L'Oreal, 914 women of four groups (reported in Skin & Allergy News, 2008): lips strongly redder in
 * hue than perioral skin, skin more yellow, vermilion darker except in African-American women; Vergnaud et
 * al., Skin Res Technol 2023 (PMC10410235): lower lip lighter, redder, less yellow than the upper lip. */
void sh_skin_tone_natural_lip (const ShSkinTone *tone, double lab[3], double linear[3]);

typedef struct _ShLipScene ShLipScene;

/* The geometry of a tile (normals, lip masks, shading), shared by every tone and material of that size.
 * width and height from 32 to 8192; NULL otherwise. */
ShLipScene *sh_lip_scene_new (int width, int height);
void sh_lip_scene_free (ShLipScene *scene);
int sh_lip_scene_get_width (const ShLipScene *scene);
int sh_lip_scene_get_height (const ShLipScene *scene);
/* The lower lip's camera-facing point: the pixel, fully inside the lip, whose surface normal points most
 * nearly at the camera (the layout puts the exact point on this pixel's centre). */
void sh_lip_scene_get_lip_point (const ShLipScene *scene, int *x, int *y);
/* The skin's camera-facing point (above the upper lip), where the tile shows the tone itself. */
void sh_lip_scene_get_skin_point (const ShLipScene *scene, int *x, int *y);
/* How much of pixel (x, y) is lip, 0-1 (0 outside the tile). */
float sh_lip_scene_get_lip_mask (const ShLipScene *scene, int x, int y);

/* Draws tone with material applied on its lips into rgb (3 floats a pixel, rows of stride floats).
 * seed picks the glitter pattern: the same inputs give the same floats. */
void sh_skin_render (const ShLipScene *scene, const ShSkinTone *tone, const ShMaterial *material, uint32_t seed,
                     float *rgb, size_t stride);

/* Linear floats -> sRGB 8-bit, rounded as sh_linear_srgb_to_srgb8 does, clipped to [0,1]. channels is 3 (RGB)
 * or 4 (RGBA, alpha 255). */
void sh_skin_render_encode_srgb8 (const float *rgb, size_t src_stride, int width, int height, uint8_t *dst,
                                  size_t dst_stride, int channels);
