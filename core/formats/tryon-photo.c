/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tryon-photo.c: try-on renders as PNG bytes with the photo's profile (see tryon-photo.h). */
#define G_LOG_DOMAIN "shadelab-tryon"

#include "config.h"

#include "core/formats/tryon-photo.h"

#include <stdlib.h>
#include <string.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gio/gio.h>

#include "color/color-model.h"
#include "color/tryon-render.h"
#include "core/formats/synth-writer.h"

/* The profile that says what the rendered numbers mean: the photo's own, the working space when the loader
 * converted the photo into it, sRGB for an untagged photo. */
static guint8 *
output_profile (const ShLoadedImage *loaded, gsize *len)
{
  if (loaded->icc_data)
    {
      ShColorModel model;

      if (sh_color_model_init_icc (&model, loaded->icc_data, loaded->icc_len, NULL, 0) == SH_PROFILE_OK)
        {
          *len = loaded->icc_len;
          return g_memdup2 (loaded->icc_data, loaded->icc_len);
        }
      else
        {
          size_t size = 0;
          void *icc = sh_color_model_working_profile_icc (&size);
          guint8 *copy = icc ? g_memdup2 (icc, size) : NULL;

          free (icc);
          *len = size;
          return copy;
        }
    }
  return sh_synth_profile_icc (SH_SYNTH_PROFILE_SRGB, len);
}

/* image (the loaded photo's pixels, or a copy scaled down) as PNG bytes with the loaded photo's profile. */
static GBytes *
image_png (const ShImage *image, const ShLoadedImage *loaded, GError **error)
{
  int channels = image->has_alpha ? 4 : 3;
  g_autoptr (GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, image->has_alpha, 8, image->width,
                                                 image->height);
  g_autofree char *png = NULL;
  g_autofree guint8 *icc = NULL;
  gsize png_len = 0, icc_len = 0;
  guint8 *pixels;
  int rowstride;

  if (!pixbuf)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "out of memory");
      return NULL;
    }
  pixels = gdk_pixbuf_get_pixels (pixbuf);
  rowstride = gdk_pixbuf_get_rowstride (pixbuf);
  for (int y = 0; y < image->height; y++)
    for (int x = 0; x < image->width; x++)
      memcpy (pixels + (gsize) y * rowstride + (gsize) x * channels,
              image->pixels + (gsize) y * image->stride + (gsize) x * 4, channels);
  icc = output_profile (loaded, &icc_len);
  if (!icc)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot serialise the colour profile");
      return NULL;
    }
  if (!gdk_pixbuf_save_to_buffer (pixbuf, &png, &png_len, "png", error, NULL))
    return NULL;
  return sh_png_insert_icc_profile ((const guint8 *) png, png_len, icc, icc_len, error);
}

GBytes *
sh_tryon_photo_png (const ShLoadedImage *loaded, GError **error)
{
  return image_png (loaded->image, loaded, error);
}

/* The loaded photo as PNG, its long side brought down to max_side first (0: as it is). */
static GBytes *
capped_png (const ShLoadedImage *loaded, int max_side, GError **error)
{
  ShImage *scaled;
  GBytes *png;

  if (max_side <= 0 || MAX (loaded->image->width, loaded->image->height) <= max_side)
    return image_png (loaded->image, loaded, error);
  scaled = sh_image_downscale (loaded->image, max_side);
  if (scaled == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "out of memory scaling the photo down");
      return NULL;
    }
  png = image_png (scaled, loaded, error);
  sh_image_free (scaled);
  return png;
}

ShLoadedImage *
sh_tryon_render_photo (const char *photo, const ShPoint *lips, int n_lips, const ShPoint *opening, int n_opening,
                       const ShMaterial *material, guint32 seed, double feather, double before[3], double after[3],
                       double *render_ms, GError **error)
{
  g_autoptr (ShLoadedImage) loaded = NULL;
  ShLoadOptions load_options = { 0 };
  ShLipMask *mask;
  double median[3];
  gint64 start;

  loaded = sh_load_image (photo, &load_options, error);
  if (!loaded)
    return NULL;
  mask = sh_lip_mask_new (lips, n_lips, opening, n_opening);
  if (!mask)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "%s: the lips' contour encloses no area (or its coordinates are beyond 1000000)", photo);
      return NULL;
    }
  if (!sh_tryon_median (loaded->image, mask, before ? before : median))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "%s: the lips cover no pixel of the %dx%d photo",
                   photo, loaded->image->width, loaded->image->height);
      sh_lip_mask_free (mask);
      return NULL;
    }
  start = g_get_monotonic_time ();
  if (!sh_tryon_render (loaded->image, mask, material, seed, feather))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "%s: out of memory", photo);
      sh_lip_mask_free (mask);
      return NULL;
    }
  if (render_ms)
    *render_ms = (g_get_monotonic_time () - start) / 1000.0;
  if (after)
    sh_tryon_median (loaded->image, mask, after);
  sh_lip_mask_free (mask);
  return g_steal_pointer (&loaded);
}

/* loaded (taken; NULL after a failed load) as capped PNG bytes, errors naming photo. */
static GBytes *
loaded_png (ShLoadedImage *loaded, const char *photo, int max_side, GError **error)
{
  g_autoptr (ShLoadedImage) owned = loaded;
  GBytes *png;

  if (!owned)
    return NULL;
  png = capped_png (owned, max_side, error);
  if (!png)
    g_prefix_error (error, "%s: ", photo);
  return png;
}

GBytes *
sh_tryon_render_photo_png (const char *photo, const ShPoint *lips, int n_lips, const ShPoint *opening,
                           int n_opening, const ShMaterial *material, guint32 seed, double feather, int max_side,
                           GError **error)
{
  return loaded_png (sh_tryon_render_photo (photo, lips, n_lips, opening, n_opening, material, seed, feather, NULL,
                                            NULL, NULL, error),
                     photo, max_side, error);
}

GBytes *
sh_tryon_load_photo_png (const char *photo, int max_side, GError **error)
{
  ShLoadOptions load_options = { 0 };

  return loaded_png (sh_load_image (photo, &load_options, error), photo, max_side, error);
}
