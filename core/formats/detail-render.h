/* SPDX-License-Identifier: GPL-3.0-or-later */
/* detail-render.h: one rect of a photo at a reduction step in a monitor's colours, for a zoomed-in view: from
 * the full decode when it is there, else decoded from the JPEG alone (sh_load_image_region). The rect's
 * colours are converted in horizontal bands on as many threads as there are processors (a rect from the file is
 * decoded in one piece first), so that the view is sharp in a fraction of the time one thread takes. */
#pragma once

#include <glib.h>

#include "color/display.h"
#include "core/formats/shared-image.h"

/* Writes the rect (x, y, width, height) of the photo at step into sh_display_reduced_size (width, step) x
 * sh_display_reduced_size (height, step) opaque BGRA8 pixels (cairo's RGB24) at out. full: the photo's full
 * decode (without transparency), or NULL to decode the rect from path. */
gboolean sh_detail_render (ShDisplayTransform *transform, ShSharedImage *full, const char *path, int x, int y,
                           int width, int height, int step, guint8 *out, int stride, GError **error);

/* For work done ahead (decoding the photos next in line), between its pieces: waits while a zoomed-in view's
 * rect is being made, at most max_wait_ms, so that on a machine with few processors the rect someone is
 * looking at gets them all. Returns at once otherwise. */
void sh_detail_render_yield (int max_wait_ms);
