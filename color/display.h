/* SPDX-License-Identifier: GPL-3.0-or-later */
/* display.h: colour-managed display of images and colours on a monitor.
 *
 * GTK 4.8 has no colour management, so everything shown on screen passes through here: image pixels go from
 * their source space (embedded ICC profile, sRGB when untagged, or the colour model of pixels that were
 * converted to the working space) to the monitor's profile, and swatch colours (Lab D50 or linear sRGB) go
 * straight to monitor RGB.
 *
 * Rendering intent: relative colorimetric with black-point compensation, for images and colours alike.
 * Relative colorimetric leaves every colour the monitor can show exactly where it is, which is what judging a
 * lipstick's colour needs (perceptual would shift in-gamut colours of LUT-based monitor profiles); black-point
 * compensation maps the source black to the monitor's black so shadows keep their detail on monitors whose
 * profile has a raised black. For matrix-shaper profiles with a zero black (sRGB, Display P3) both choices
 * give the same numbers.
 *
 * Output pixels are B, G, R, A bytes with A = 255: cairo's ARGB32 (and GDK_MEMORY_DEFAULT) on little-endian.
 * They are always opaque, so premultiplication never matters and the lcms2 premultiplied-alpha bug (#605)
 * cannot occur.
 *
 * Threads: profiles and transforms are reference counted and immutable once built; any number of threads may
 * render with the same transform at once (cmsDoTransform is re-entrant) and create transforms from the same
 * profile (its cache is locked).
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "color-model.h"
#include "image.h"

typedef struct _ShDisplayProfile ShDisplayProfile;
typedef struct _ShDisplayTransform ShDisplayTransform;

/* ---- the monitor ---- */

/* The profile of a monitor nothing is known about: IEC 61966-2-1 sRGB (lcms2's built-in profile). */
ShDisplayProfile *sh_display_profile_new_srgb (void);
/* A monitor profile from ICC bytes: any RGB profile that can be used as an output. NULL with a message in
 * error (may be NULL) otherwise. The bytes are copied. */
ShDisplayProfile *sh_display_profile_new_from_icc (const void *icc, size_t icc_len, char *error, size_t error_len);
ShDisplayProfile *sh_display_profile_ref (ShDisplayProfile *profile);
void sh_display_profile_unref (ShDisplayProfile *profile);
/* "sRGB" for the default, else the profile's description. */
const char *sh_display_profile_get_description (const ShDisplayProfile *profile);
bool sh_display_profile_is_srgb_default (const ShDisplayProfile *profile);

/* ---- image transforms (source -> monitor), cached per monitor profile ---- */

/* From an embedded ICC profile; icc == NULL (or icc_len == 0) means an untagged image, shown as sRGB.
 * Returns a new reference (the same object for the same source bytes while it stays in the profile's cache),
 * or NULL with a message for a profile that cannot describe an image. */
ShDisplayTransform *sh_display_transform_new_for_icc (ShDisplayProfile *monitor, const void *icc, size_t icc_len,
                                                      char *error, size_t error_len);
/* From a colour model: a matrix-shaper source built from model->to_xyz_d50 and tone curves sampled from
 * model->to_linear. This is the source for pixels that sh_color_model_convert_to_working rewrote, and is exact
 * for any model because 8-bit pixels land on the sampled table entries. */
ShDisplayTransform *sh_display_transform_new_for_model (ShDisplayProfile *monitor, const ShColorModel *model,
                                                        char *error, size_t error_len);
/* The right source for an image as the loader delivers it (its model plus the embedded profile bytes it
 * kept): untagged -> sRGB; a matrix-shaper profile -> the ICC bytes; a profile whose pixels were converted
 * to the working space (SH_PROFILE_NEEDS_TRANSFORM) -> the model. */
ShDisplayTransform *sh_display_transform_new_for_image (ShDisplayProfile *monitor, const ShColorModel *model,
                                                        const void *icc, size_t icc_len,
                                                        char *error, size_t error_len);
ShDisplayTransform *sh_display_transform_ref (ShDisplayTransform *transform);
void sh_display_transform_unref (ShDisplayTransform *transform);
/* Describes the source, e.g. "Adobe RGB (1998)", "sRGB (untagged)". */
const char *sh_display_transform_get_source_description (const ShDisplayTransform *transform);
const char *sh_display_transform_get_monitor_description (const ShDisplayTransform *transform);

/* Width or height of a source span of `length` pixels reduced by `step` (each output pixel is the mean of a
 * step x step block; the last block of a row or column may be partial). */
static inline int
sh_display_reduced_size (int length, int step)
{
  return step > 0 ? (length + step - 1) / step : 0;
}

/* Converts the source rectangle (src_x, src_y, src_width, src_height) of image, which must lie inside the
 * image, into monitor BGRA8 at dst (rows of dst_stride bytes). step 1 gives one output pixel per image
 * pixel (zoomed in: scale the result up with nearest filtering); step N > 1 averages N x N blocks of encoded
 * values first, for zoomed-out views, so only the pixels shown are transformed. Pixels with alpha < 255
 * are blended over a neutral grey. Returns false (writing nothing) for a bad rectangle, step or stride. */
bool sh_display_transform_render_image (const ShDisplayTransform *transform, const ShImage *image,
                                        int src_x, int src_y, int src_width, int src_height, int step,
                                        uint8_t *dst, int dst_stride);
/* The whole of a photo with transparency for drawing over something else (a checkerboard): each pixel's colour
 * converted as if it were opaque, then premultiplied by its alpha, which is kept: monitor BGRA8 premultiplied,
 * cairo's CAIRO_FORMAT_ARGB32 on little-endian machines. Returns false (writing nothing) for a bad stride. */
bool sh_display_transform_render_image_premultiplied (const ShDisplayTransform *transform, const ShImage *image,
                                                      uint8_t *dst, int dst_stride);
/* The plain row conversion under render_image: RGBA8 (alpha ignored) -> opaque monitor BGRA8. src and dst
 * must not overlap. */
void sh_display_transform_apply (const ShDisplayTransform *transform, const uint8_t *src, int src_stride,
                                 uint8_t *dst, int dst_stride, int width, int height);

/* ---- colours (for swatches) ---- */

typedef enum {
  SH_DISPLAY_IN_GAMUT = 0,
  SH_DISPLAY_OUTSIDE_SRGB = 1 << 0,     /* its sRGB hex is a visibly different (clipped) colour */
  SH_DISPLAY_OUTSIDE_MONITOR = 1 << 1,  /* the monitor cannot show it: the swatch shows a clipped colour */
} ShDisplayGamut;

/* Lab D50 (or linear sRGB, D65, unclipped) -> the monitor's 8-bit RGB (R, G, B order) with the same intent as
 * images. Returns which gamuts the colour is outside of. A colour counts as outside a gamut when clipping it
 * into that gamut moves it by more than 1.0 CIEDE2000 (a difference too small to see is not worth a warning),
 * the same rule for sRGB and for the monitor. */
ShDisplayGamut sh_display_profile_lab_to_rgb8 (const ShDisplayProfile *monitor, const double lab[3], uint8_t rgb[3]);
ShDisplayGamut sh_display_profile_linear_srgb_to_rgb8 (const ShDisplayProfile *monitor, const double linear[3],
                                                       uint8_t rgb[3]);
/* The same through a transform's monitor, so a widget holding only a transform can draw swatches. */
ShDisplayGamut sh_display_transform_lab_to_rgb8 (const ShDisplayTransform *transform, const double lab[3],
                                                 uint8_t rgb[3]);
ShDisplayGamut sh_display_transform_linear_srgb_to_rgb8 (const ShDisplayTransform *transform,
                                                         const double linear[3], uint8_t rgb[3]);
