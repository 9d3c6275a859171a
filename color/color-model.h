/* SPDX-License-Identifier: GPL-3.0-or-later */
/* color-model.h: how the numbers in an image's pixels map to light.
 *
 * Every RGB image carries a model: three 256-entry tables that turn each 8-bit channel into linear light of
 * the image's own RGB space, and one 3x3 matrix from that linear RGB to XYZ D50. For matrix-shaper ICC
 * profiles (sRGB, Adobe RGB, Display P3, ProPhoto, camera spaces) this is exact. Nothing is clipped: a
 * saturated Adobe RGB red stays outside sRGB in XYZ and Lab.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
  float to_linear[3][256];   /* channel (0=R,1=G,2=B of the pixel buffer), code value -> linear light */
  double to_xyz_d50[3][3];   /* row-major: xyz[i] = sum_j to_xyz_d50[i][j] * linear[j] */
  double from_xyz_d50[3][3]; /* its inverse */
  char description[128];     /* profile description, "sRGB" when untagged */
} ShColorModel;

/* The model of untagged images: IEC 61966-2-1 sRGB, Bradford-adapted to D50 like lcms2's sRGB profile. */
void sh_color_model_init_srgb (ShColorModel *model);

typedef enum {
  SH_PROFILE_OK,               /* matrix-shaper RGB profile: the model is exact */
  SH_PROFILE_NEEDS_TRANSFORM,  /* an RGB profile of another kind (LUT-based): convert the pixels first */
  SH_PROFILE_INVALID,          /* not a usable RGB ICC profile */
} ShProfileResult;

/* Builds the model of an ICC profile given as bytes. A message goes into error (may be NULL) for
 * SH_PROFILE_INVALID. */
ShProfileResult sh_color_model_init_icc (ShColorModel *model, const void *icc, size_t icc_len,
                                         char *error, size_t error_len);

/* For SH_PROFILE_NEEDS_TRANSFORM: converts RGBA8 pixels in place from the profile into the wide-gamut
 * working space (ProPhoto RGB primaries, D50, sRGB transfer curve) with an lcms2 transform
 * (relative colorimetric) and sets model to that space. Returns false with a message on failure. The
 * conversion of a profile is built once and kept for the next photos, so threads may convert bands of one
 * image's rows side by side. */
bool sh_color_model_convert_to_working (ShColorModel *model, const void *icc, size_t icc_len,
                                        uint8_t *rgba, int width, int height, int stride,
                                        char *error, size_t error_len);

/* The working space's ICC profile (what SH_PROFILE_NEEDS_TRANSFORM images are converted into), as bytes
 * to embed in a file holding such pixels; malloc'ed, NULL on failure. */
void *sh_color_model_working_profile_icc (size_t *len);

/* Linear light of the image's RGB space for one pixel, then XYZ D50 and linear sRGB. */
void sh_color_model_pixel_linear (const ShColorModel *model, const uint8_t rgb[3], double linear[3]);
void sh_color_model_linear_to_xyz (const ShColorModel *model, const double linear[3], double xyz[3]);
void sh_color_model_xyz_to_linear (const ShColorModel *model, const double xyz[3], double linear[3]);
