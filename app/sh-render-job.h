/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sh-render-job.h: a decoded photo converted to the monitor's colours on a worker thread, the whole photo at
 * full resolution, for the labeling window's canvas (which keeps its own reduced copies for zoomed-out
 * views). */
#pragma once

#include <gio/gio.h>
#include <cairo.h>

#include "color/display.h"
#include "core/formats/shared-image.h"

G_BEGIN_DECLS

typedef struct {
  gint64 image_id;
  ShSharedImage *image;           /* owned */
  ShDisplayProfile *monitor;      /* owned */
  gboolean refresh;   /* the shown photo again, for a new monitor profile: only its colours change */
  /* Results, set on the worker thread */
  ShDisplayTransform *transform;  /* owned: photo -> monitor */
  cairo_surface_t *surface;       /* owned */
} ShRenderJob;

/* Starts converting image for monitor. callback gets source_object; sh_render_job_finish tells how it went
 * and sh_render_job_get gives the job back either way. */
void sh_render_job_start (gint64 image_id, ShSharedImage *image, ShDisplayProfile *monitor, gboolean refresh,
                          gpointer source_object, GCancellable *cancellable, gpointer source_tag,
                          GAsyncReadyCallback callback, gpointer user_data);
gboolean sh_render_job_finish (GAsyncResult *result, GError **error);
/* The job of result (owned by it): its inputs, and on success its surface and transform. */
ShRenderJob *sh_render_job_get (GAsyncResult *result);

G_END_DECLS
