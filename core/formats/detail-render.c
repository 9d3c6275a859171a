/* SPDX-License-Identifier: GPL-3.0-or-later */
/* detail-render.c: a zoomed-in view's rect in monitor colours, in bands side by side (see detail-render.h). */
#define G_LOG_DOMAIN "shadelab-loader"

#include "config.h"

#include "core/formats/detail-render.h"

#include <gio/gio.h>

#define MAX_BANDS 4

typedef struct {
  ShDisplayTransform *transform;
  ShSharedImage *full;
  const char *path;
  int x, y, width, height, step;  /* the band's rect of the photo */
  guint8 *out;                    /* its first row */
  int stride;
  GError *error;
} Band;

/* The largest JPEG DCT scale (1, 2, 4, 8) that divides step: the decode does that much of the reduction. */
static int
dct_scale_for (int step)
{
  int scale = 1;

  while (scale < 8 && step % (scale * 2) == 0)
    scale *= 2;
  return scale;
}

static gpointer
render_band (gpointer data)
{
  Band *band = data;
  gboolean ok;

  if (band->full != NULL)
    ok = sh_display_transform_render_image (band->transform, sh_shared_image_get_image (band->full), band->x,
                                            band->y, band->width, band->height, band->step, band->out,
                                            band->stride);
  else
    {
      int scale = dct_scale_for (band->step);
      g_autoptr (ShLoadedImage) region = sh_load_image_region (band->path, NULL, band->x, band->y, band->width,
                                                               band->height, scale, &band->error);

      if (region == NULL)
        return NULL;
      ok = sh_display_transform_render_image (band->transform, region->image, 0, 0, region->image->width,
                                              region->image->height, band->step / scale, band->out, band->stride);
    }
  if (!ok && band->error == NULL)
    g_set_error (&band->error, G_IO_ERROR, G_IO_ERROR_FAILED, "the photo could not be converted");
  return NULL;
}

gboolean
sh_detail_render (ShDisplayTransform *transform, ShSharedImage *full, const char *path, int x, int y, int width,
                  int height, int step, guint8 *out, int stride, GError **error)
{
  int out_height = sh_display_reduced_size (height, step);
  /* From the file, one piece: its entropy-coded data is read in order, so a band further down would read
   * again, without converting them, every row above it, and that costs more than the conversion saves. */
  int n_bands = full == NULL ? 1 : MIN (CLAMP ((int) g_get_num_processors (), 1, MAX_BANDS), out_height);
  Band bands[MAX_BANDS] = { { 0 } };
  GThread *threads[MAX_BANDS] = { NULL };
  gboolean ok = TRUE;

  g_return_val_if_fail (transform != NULL && (full != NULL || path != NULL), FALSE);
  g_return_val_if_fail (step >= 1 && width > 0 && height > 0, FALSE);

  /* Bands of whole output rows. */
  for (int i = 0, out_y = 0; i < n_bands; i++)
    {
      int rows = (out_height - out_y) / (n_bands - i);

      bands[i] = (Band) { transform, full, path, x, y + out_y * step, width,
                          MIN (rows * step, y + height - (y + out_y * step)), step,
                          out + (gsize) out_y * (gsize) stride, stride, NULL };
      out_y += rows;
    }
  for (int i = 1; i < n_bands; i++)
    threads[i] = g_thread_try_new ("shadelab-detail", render_band, &bands[i], NULL);
  render_band (&bands[0]);
  for (int i = 1; i < n_bands; i++)
    if (threads[i] != NULL)
      g_thread_join (threads[i]);
    else
      render_band (&bands[i]);
  for (int i = 0; i < n_bands; i++)
    if (bands[i].error != NULL)
      {
        if (ok)
          g_propagate_error (error, g_steal_pointer (&bands[i].error));
        g_clear_error (&bands[i].error);
        ok = FALSE;
      }
  return ok;
}
