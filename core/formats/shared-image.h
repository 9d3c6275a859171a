/* SPDX-License-Identifier: GPL-3.0-or-later */
/* shared-image.h: a decoded photo shared between the window, the prefetcher and extraction workers.
 * Reference counted and immutable once shared, so any thread may read its pixels. */
#pragma once

#include <glib.h>

#include "color/display.h"
#include "core/formats/image-loader.h"

typedef struct _ShSharedImage ShSharedImage;

/* The photo converted to a monitor's colours for a view at fit zoom: opaque BGRA8 rows (cairo's
 * CAIRO_FORMAT_RGB24), each pixel the mean of a step x step block of the decoded image. */
typedef struct {
  ShDisplayProfile *monitor;
  ShDisplayTransform *transform;
  int view_width, view_height;  /* the view it fits */
  int step;
  int width, height, stride;
  guint8 *pixels;
} ShDisplayRendering;

/* Takes ownership of loaded. */
ShSharedImage *sh_shared_image_new (ShLoadedImage *loaded);
ShSharedImage *sh_shared_image_ref (ShSharedImage *image);
void sh_shared_image_unref (ShSharedImage *image);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShSharedImage, sh_shared_image_unref)

const ShLoadedImage *sh_shared_image_get_loaded (ShSharedImage *image);
const ShImage *sh_shared_image_get_image (ShSharedImage *image);
/* Bytes of pixels held: the decoded image and its rendering for the screen. */
gsize sh_shared_image_get_bytes (ShSharedImage *image);

/* Converts the photo for monitor and a view_width x view_height view at fit zoom and keeps the result with
 * it. Only before the image is shared (the prefetcher's worker does it right after decoding); FALSE for a
 * photo with transparency (drawn premultiplied over a checkerboard instead) or a failed transform. */
gboolean sh_shared_image_render_display (ShSharedImage *image, ShDisplayProfile *monitor, int view_width,
                                         int view_height);
/* The kept rendering when it was made for this monitor and view, else NULL. Owned by the image. */
const ShDisplayRendering *sh_shared_image_get_display (ShSharedImage *image, ShDisplayProfile *monitor,
                                                       int view_width, int view_height);
/* The reduction step (>= 1) that shows a decoded image at fit zoom in a view_width x view_height view (the
 * zoom is in the photo's own pixels: a preview already carries part of the reduction); 1 without a view. */
int sh_loaded_image_fit_step (const ShLoadedImage *loaded, int view_width, int view_height);
