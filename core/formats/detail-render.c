/* SPDX-License-Identifier: GPL-3.0-or-later */
/* detail-render.c: a zoomed-in view's rect in monitor colours, on every processor (see detail-render.h). */
#define G_LOG_DOMAIN "shadelab-loader"

#include "config.h"

#include "core/formats/detail-render.h"

#include <gio/gio.h>

#include "core/formats/row-bands.h"

typedef struct {
  ShDisplayTransform *transform;
  const ShImage *image;
  int x, y, width, height, step;  /* the rect of image */
  guint8 *out;
  int stride;
  gboolean failed[SH_ROW_BANDS_MAX];  /* per thread */
} Render;

/* Rects being made right now, for sh_detail_render_yield. */
static int n_rendering;
static GMutex rendering_lock;
static GCond rendering_done;

static void
rendering_begin (void)
{
  g_mutex_lock (&rendering_lock);
  g_atomic_int_inc (&n_rendering);
  g_mutex_unlock (&rendering_lock);
}

static void
rendering_end (void)
{
  g_mutex_lock (&rendering_lock);
  if (g_atomic_int_dec_and_test (&n_rendering))
    g_cond_broadcast (&rendering_done);
  g_mutex_unlock (&rendering_lock);
}

void
sh_detail_render_yield (int max_wait_ms)
{
  gint64 end;

  if (g_atomic_int_get (&n_rendering) == 0)
    return;
  end = g_get_monotonic_time () + (gint64) max_wait_ms * G_TIME_SPAN_MILLISECOND;
  g_mutex_lock (&rendering_lock);
  while (g_atomic_int_get (&n_rendering) > 0 && g_cond_wait_until (&rendering_done, &rendering_lock, end))
    ;
  g_mutex_unlock (&rendering_lock);
}

/* The largest JPEG DCT scale (1, 2, 4, 8) that divides step: the decode does that much of the reduction. */
static int
dct_scale_for (int step)
{
  int scale = 1;

  while (scale < 8 && step % (scale * 2) == 0)
    scale *= 2;
  return scale;
}

/* Output rows [first, first + n_rows). */
static void
render_rows (int first, int n_rows, int thread, gpointer data)
{
  Render *render = data;
  int y = render->y + first * render->step;

  if (!sh_display_transform_render_image (render->transform, render->image, render->x, y, render->width,
                                          MIN (n_rows * render->step, render->y + render->height - y),
                                          render->step, render->out + (gsize) first * (gsize) render->stride,
                                          render->stride))
    render->failed[thread] = TRUE;
}

static gboolean
detail_render (Render *render, const char *path, int x, int y, int width, int height, int step, GError **error)
{
  g_autoptr (ShLoadedImage) region = NULL;

  if (render->image == NULL)
    {
      int scale = dct_scale_for (step);

      /* From the file, one piece: its entropy-coded data is read in order, so a thread starting further down
       * would read again every row above it. The rect's colours are then converted like a full decode's. */
      region = sh_load_image_region (path, NULL, x, y, width, height, scale, error);
      if (region == NULL)
        return FALSE;
      *render = (Render) { render->transform, region->image, 0, 0, region->image->width, region->image->height,
                           step / scale, render->out, render->stride, { FALSE } };
    }
  sh_row_bands_run (sh_display_reduced_size (render->height, render->step), SH_ROW_BANDS_MAX, render_rows, render);
  for (int i = 0; i < SH_ROW_BANDS_MAX; i++)
    if (render->failed[i])
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the photo could not be converted");
        return FALSE;
      }
  return TRUE;
}

gboolean
sh_detail_render (ShDisplayTransform *transform, ShSharedImage *full, const char *path, int x, int y, int width,
                  int height, int step, guint8 *out, int stride, GError **error)
{
  Render render = { transform, full != NULL ? sh_shared_image_get_image (full) : NULL, x, y, width, height, step,
                    out, stride, { FALSE } };
  gboolean ok;

  g_return_val_if_fail (transform != NULL && (full != NULL || path != NULL), FALSE);
  g_return_val_if_fail (step >= 1 && width > 0 && height > 0, FALSE);

  rendering_begin ();
  ok = detail_render (&render, path, x, y, width, height, step, error);
  rendering_end ();
  return ok;
}
