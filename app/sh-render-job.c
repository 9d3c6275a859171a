/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sh-render-job.c: a photo converted to the monitor's colours off the main thread (see sh-render-job.h). */
#define G_LOG_DOMAIN "shadelab-window"

#include "config.h"

#include "sh-render-job.h"

#include <glib/gi18n.h>

#include "core/formats/detail-render.h"

static void
render_job_free (gpointer data)
{
  ShRenderJob *job = data;

  g_clear_pointer (&job->image, sh_shared_image_unref);
  g_free (job->path);
  g_clear_pointer (&job->monitor, sh_display_profile_unref);
  g_clear_pointer (&job->transform, sh_display_transform_unref);
  g_clear_pointer (&job->surface, cairo_surface_destroy);
  g_free (job);
}

/* The photo's own size: a preview's decode is smaller. */
static void
photo_size (const ShLoadedImage *loaded, int *width, int *height)
{
  *width = loaded->full_width > 0 ? loaded->full_width : loaded->image->width;
  *height = loaded->full_height > 0 ? loaded->full_height : loaded->image->height;
}

/* The prefetcher's rendering of the photo for this monitor and view, as a surface that keeps the photo
 * alive; NULL when there is none. */
static cairo_surface_t *
prefetched_surface (ShRenderJob *job)
{
  static const cairo_user_data_key_t key;
  const ShDisplayRendering *display = sh_shared_image_get_display (job->image, job->monitor, job->view_width,
                                                                   job->view_height);
  cairo_surface_t *surface;

  if (display == NULL)
    return NULL;
  surface = cairo_image_surface_create_for_data (display->pixels, CAIRO_FORMAT_RGB24, display->width,
                                                 display->height, display->stride);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      return NULL;
    }
  cairo_surface_set_user_data (surface, &key, sh_shared_image_ref (job->image),
                               (cairo_destroy_func_t) sh_shared_image_unref);
  job->transform = sh_display_transform_ref (display->transform);
  return surface;
}

/* A detail: that rect, from the full photo or from the file alone (core/formats/detail-render.h). */
static void
render_detail (GTask *task, ShRenderJob *job)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24,
                                                         sh_display_reduced_size (job->width, job->step),
                                                         sh_display_reduced_size (job->height, job->step));
  GError *error = NULL;

  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NO_SPACE, _("Not enough memory to show the photo"));
      return;
    }
  cairo_surface_flush (surface);
  if (!sh_detail_render (job->transform, job->path == NULL ? job->image : NULL, job->path, job->x, job->y,
                         job->width, job->height, job->step, cairo_image_surface_get_data (surface),
                         cairo_image_surface_get_stride (surface), &error))
    {
      cairo_surface_destroy (surface);
      g_task_return_error (task, error);
      return;
    }
  cairo_surface_mark_dirty (surface);
  job->surface = surface;
  g_task_return_boolean (task, TRUE);
}

/* Worker thread: photo colours -> monitor colours, only as many pixels as the canvas shows at fit zoom (it
 * asks for sharper ones when zoomed in), or for a detail that rect of the full photo. A photo with
 * transparency is converted whole, premultiplied. */
static void
render_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ShRenderJob *job = task_data;
  const ShLoadedImage *loaded;
  const ShImage *image;
  char message[256] = "";
  cairo_surface_t *surface;
  int x = 0, y = 0, width, height, step = 1;

  /* A detail comes with its transform (the shown photo's). */
  if (job->width > 0 && job->transform != NULL
      && (job->path != NULL || !sh_shared_image_get_image (job->image)->has_alpha))
    {
      if (!g_task_return_error_if_cancelled (task))
        render_detail (task, job);
      return;
    }
  loaded = sh_shared_image_get_loaded (job->image);
  image = loaded->image;
  width = image->width;
  height = image->height;
  photo_size (loaded, &job->photo_width, &job->photo_height);
  if (job->width == 0 && job->transform == NULL && (job->surface = prefetched_surface (job)) != NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (job->transform == NULL)
    job->transform = sh_display_transform_new_for_image (job->monitor, &image->model, loaded->icc_data,
                                                         loaded->icc_len, message, sizeof message);
  if (job->transform == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", message);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;
  if (job->width > 0)
    {
      x = job->x;
      y = job->y;
      width = job->width;
      height = job->height;
      step = job->step;
    }
  else if (!image->has_alpha)
    step = sh_loaded_image_fit_step (loaded, job->view_width, job->view_height);
  /* A photo with transparency keeps it: the canvas draws a checkerboard under it. */
  surface = cairo_image_surface_create (image->has_alpha ? CAIRO_FORMAT_ARGB32 : CAIRO_FORMAT_RGB24,
                                        sh_display_reduced_size (width, step), sh_display_reduced_size (height, step));
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NO_SPACE, _("Not enough memory to show the photo"));
      return;
    }
  cairo_surface_flush (surface);
  if (!(image->has_alpha
          ? sh_display_transform_render_image_premultiplied (job->transform, image,
                                                             cairo_image_surface_get_data (surface),
                                                             cairo_image_surface_get_stride (surface))
          : sh_display_transform_render_image (job->transform, image, x, y, width, height, step,
                                               cairo_image_surface_get_data (surface),
                                               cairo_image_surface_get_stride (surface))))
    {
      cairo_surface_destroy (surface);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, _("The photo could not be converted"));
      return;
    }
  cairo_surface_mark_dirty (surface);
  job->surface = surface;
  g_task_return_boolean (task, TRUE);
}

ShRenderJob *
sh_render_job_new (gint64 image_id, ShSharedImage *image)
{
  ShRenderJob *job = g_new0 (ShRenderJob, 1);

  job->image_id = image_id;
  job->image = image != NULL ? sh_shared_image_ref (image) : NULL;
  return job;
}

void
sh_render_job_start (ShRenderJob *job, gpointer source_object, GCancellable *cancellable, gpointer source_tag,
                     GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (source_object, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, job, render_job_free);
  g_task_run_in_thread (task, render_thread);
}

gboolean
sh_render_job_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

ShRenderJob *
sh_render_job_get (GAsyncResult *result)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  return g_task_get_task_data (G_TASK (result));
}
