/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tryon-photo.h: a try-on render of a photo file as PNG bytes, for `shadelab-cli tryon` and the realism study's
 * candidates alike.
 *
 * The PNG is the upright photo, 8 bits a channel, with the ICC profile that says what its numbers mean: the
 * photo's own, the working space when the loader converted the photo into it, sRGB for an untagged photo.
 */
#pragma once

#include <glib.h>

#include "color/lip-mask.h"
#include "color/material.h"
#include "core/formats/image-loader.h"

G_BEGIN_DECLS

/* The loaded photo's pixels as PNG bytes with its profile. */
GBytes *sh_tryon_photo_png (const ShLoadedImage *loaded, GError **error);

/* Decodes photo and renders material onto the lips (sh_tryon_render) at the photo's full size, in place of its
 * pixels. before and after (when not NULL) get the lips' median colour in linear sRGB, render_ms how long the
 * rendering took. A contour that encloses nothing or covers no pixel is G_IO_ERROR_INVALID_ARGUMENT. */
ShLoadedImage *sh_tryon_render_photo (const char *photo, const ShPoint *lips, int n_lips, const ShPoint *opening,
                                      int n_opening, const ShMaterial *material, guint32 seed, double feather,
                                      double before[3], double after[3], double *render_ms, GError **error);

/* Decodes photo and renders material onto the lips (sh_tryon_render) at the photo's full size; the result as
 * PNG bytes, scaled down (sh_image_downscale, in linear light) so that its long side is at most max_side when
 * max_side > 0. A contour that encloses nothing or covers no pixel is G_IO_ERROR_INVALID_ARGUMENT. */
GBytes *sh_tryon_render_photo_png (const char *photo, const ShPoint *lips, int n_lips, const ShPoint *opening,
                                   int n_opening, const ShMaterial *material, guint32 seed, double feather,
                                   int max_side, GError **error);

/* A photo file as it is shown: decoded upright, as PNG bytes with its profile, its long side at most
 * max_side when max_side > 0. */
GBytes *sh_tryon_load_photo_png (const char *photo, int max_side, GError **error);

G_END_DECLS
