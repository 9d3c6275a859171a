/* SPDX-License-Identifier: GPL-3.0-or-later */
/* colorspace.h: conversions between sRGB, linear light, XYZ, CIELAB D50 (ICC PCS), LCh and OKLab.
 *
 * Conventions (see README "Colour conventions"):
 * - "linear sRGB" is sRGB primaries with a D65 white, linear light, nominal range [0,1] but never clipped.
 * - XYZ and Lab are D50 (ICC PCS), reached from D65 by the Bradford adaptation, exactly as lcms2's
 *   built-in sRGB profile does; white is (0.9642, 1.0, 0.8249).
 * - OKLab is defined on linear sRGB (D65) as Ottosson published it.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#define SH_D50_X 0.9642
#define SH_D50_Y 1.0
#define SH_D50_Z 0.8249

/* Linear sRGB -> XYZ D50 (the colorants of lcms2's sRGB profile) and its inverse, row-major. */
extern const double sh_srgb_to_xyz_d50_matrix[3][3];
extern const double sh_xyz_d50_to_srgb_matrix[3][3];

/* out = m * in (in and out may be the same array). */
void sh_mat3_apply (const double m[3][3], const double in[3], double out[3]);
/* Returns false for a singular (or non-finite) matrix. */
bool sh_mat3_invert (const double m[3][3], double inverse[3][3]);

double sh_srgb_decode (double encoded);          /* sRGB transfer curve -> linear */
double sh_srgb_encode (double linear);           /* linear -> sRGB transfer curve */

void sh_linear_srgb_to_xyz_d50 (const double rgb[3], double xyz[3]);
void sh_xyz_d50_to_linear_srgb (const double xyz[3], double rgb[3]);
void sh_xyz_d50_to_lab (const double xyz[3], double lab[3]);
void sh_lab_to_xyz_d50 (const double lab[3], double xyz[3]);
void sh_lab_to_lch (const double lab[3], double lch[3]);   /* h in degrees [0,360) */
void sh_lch_to_lab (const double lch[3], double lab[3]);
void sh_linear_srgb_to_oklab (const double rgb[3], double oklab[3]);
void sh_oklab_to_linear_srgb (const double oklab[3], double rgb[3]);

/* Shortcuts through the chain above. */
void sh_linear_srgb_to_lab (const double rgb[3], double lab[3]);
void sh_lab_to_linear_srgb (const double lab[3], double rgb[3]);
void sh_srgb8_to_lab (const uint8_t rgb[3], double lab[3]);
/* Returns true when the colour is inside the sRGB gamut (before rounding to 8 bits); out-of-gamut
 * channels are clipped in rgb. */
bool sh_lab_to_srgb8 (const double lab[3], uint8_t rgb[3]);
bool sh_linear_srgb_to_srgb8 (const double linear[3], uint8_t rgb[3]);

/* "#rrggbb" (lower case) into buf of at least 8 bytes. */
void sh_format_hex (const uint8_t rgb[3], char buf[8]);
/* Accepts "#rrggbb" or "rrggbb", either case. Returns false on anything else. */
bool sh_parse_hex (const char *text, uint8_t rgb[3]);
