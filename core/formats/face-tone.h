/* SPDX-License-Identifier: GPL-3.0-or-later */
/* face-tone.h: a participant's Monk Skin Tone measured from a cheek patch of a photo, as the Participants
 * window and `shadelab-cli participant measure-tone` both do it.
 *
 * The photo is decoded at full size through its ICC profile (image-loader.h); the patch's colour is
 * color/skin-tone-match.h's median in linear light, and the proposal is the swatch at the smallest
 * CIEDE2000. */
#pragma once

#include <cjson/cJSON.h>
#include <glib.h>

#include "color/skin-tone-match.h"
#include "core/formats/image-loader.h"

#define SH_FACE_TONE_ERROR (sh_face_tone_error_quark ())
GQuark sh_face_tone_error_quark (void);

typedef enum {
  SH_FACE_TONE_ERROR_OUTSIDE,   /* the patch lies outside the photo or holds no opaque pixel */
} ShFaceToneError;

typedef struct {
  ShSkinPatch patch;
  int nearest;                                    /* MST 1-10 */
  double distances[SH_MONK_SKIN_TONE_COUNT];      /* ΔE00 to MST 1..10 */
} ShFaceTone;

/* Measures box of an already decoded photo (full size: loaded->scale 1). */
gboolean sh_face_tone_measure_loaded (const ShLoadedImage *loaded, ShBox box, ShFaceTone *out, GError **error);
/* Decodes file and measures box; errors are the loader's or SH_FACE_TONE_ERROR. */
gboolean sh_face_tone_measure (const char *file, ShBox box, ShFaceTone *out, GError **error);

/* The JSON object `participant measure-tone --json` prints: the patch, the colour (hex, Lab D50, linear
 * sRGB), the nearest tone with its ΔE00 and the ΔE00 to every tone. */
cJSON *sh_face_tone_to_json (const ShFaceTone *tone);
