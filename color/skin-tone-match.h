/* SPDX-License-Identifier: GPL-3.0-or-later */
/* skin-tone-match.h: a participant's Monk Skin Tone measured from a patch of their cheek.
 *
 * The patch's colour is the per-channel median, in the linear light of the photo's own RGB space (its ICC
 * profile's model), of the box's opaque pixels, then taken to XYZ D50 and Lab. Not sh_extract's robust
 * method: that one learns a backdrop from the box's border and splits a lipstick bullet into faces, which on
 * a box that is all skin would throw the skin away. The median keeps a freckle, a stray hair or a shine
 * from moving the colour.
 *
 * The nearest tone is the Monk swatch (skin-render.h sh_monk_skin_tone, sRGB) at the smallest CIEDE2000
 * from the colour; ties go to the lower tone. */
#pragma once

#include <stdbool.h>

#include "box.h"
#include "image.h"
#include "skin-render.h"

typedef struct {
  ShBox box;                  /* after clipping to the image */
  long n_pixels;              /* opaque pixels measured */
  double linear_rgb[3];       /* linear sRGB (D65), unclipped */
  double lab[3];              /* Lab D50 */
  char hex[8];                /* "#rrggbb", clipped to sRGB */
} ShSkinPatch;

/* Measures the patch box of image. false when the box lies outside the image or holds no opaque pixel. */
bool sh_skin_patch_measure (const ShImage *image, ShBox box, ShSkinPatch *out);

/* Lab D50 of MST tone (1-10). */
void sh_monk_skin_tone_lab (int tone, double lab[3]);

/* The MST (1-10) nearest to lab in CIEDE2000; distances, when not NULL, receives the ΔE00 to each of the
 * ten swatches (index 0 for MST 1). */
int sh_monk_skin_tone_nearest (const double lab[3], double distances[SH_MONK_SKIN_TONE_COUNT]);
