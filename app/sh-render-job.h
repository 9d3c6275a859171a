/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sh-render-job.h: a decoded photo (or a preview of it) converted to the monitor's colours on a worker
 * thread, for the labeling window's canvas: at fit zoom only as many pixels as the view shows, or for a
 * zoomed-in view one rect of the full photo at a step, taken from its full decode or, before that is there,
 * decoded alone from the JPEG. A detail is made in bands, one per processor, side by side. */
#pragma once

#include <gio/gio.h>
#include <cairo.h>

#include "color/display.h"
#include "core/formats/shared-image.h"

G_BEGIN_DECLS

typedef struct {
  gint64 image_id;
  ShSharedImage *image;           /* owned: the photo, or a preview decoded smaller; NULL for a detail from path */
  char *path;                     /* owned: a detail decoded from this file alone (the full decode is not there) */
  ShDisplayProfile *monitor;      /* owned; NULL for a detail (transform is given) */
  gboolean refresh;   /* the shown photo again, for a new monitor profile: only its colours change */
  int view_width, view_height;    /* the canvas in device pixels: 0 converts every pixel */
  int x, y, width, height, step;  /* a detail: this rect of the full photo at this step (width 0: none) */
  /* Results, set on the worker thread */
  int photo_width, photo_height;  /* the photo's own size, whatever the decode's scale */
  ShDisplayTransform *transform;  /* owned: photo -> monitor (an input for a detail) */
  cairo_surface_t *surface;       /* owned */
} ShRenderJob;

/* A job for image_id's image (NULL with a path), to fill in before sh_render_job_start. */
ShRenderJob *sh_render_job_new (gint64 image_id, ShSharedImage *image);

/* Starts converting, taking job. callback gets source_object; sh_render_job_finish tells how it went and
 * sh_render_job_get gives the job back either way. */
void sh_render_job_start (ShRenderJob *job, gpointer source_object, GCancellable *cancellable, gpointer source_tag,
                          GAsyncReadyCallback callback, gpointer user_data);
gboolean sh_render_job_finish (GAsyncResult *result, GError **error);
/* The job of result (owned by it): its inputs, and on success its surface and transform. */
ShRenderJob *sh_render_job_get (GAsyncResult *result);

G_END_DECLS
