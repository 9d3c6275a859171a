/* SPDX-License-Identifier: GPL-3.0-or-later */
/* shared-image.c: a reference-counted decoded photo, with its rendering for the screen when one was made. */
#define G_LOG_DOMAIN "shadelab-core"

#include "config.h"

#include "core/formats/shared-image.h"

#include <math.h>

struct _ShSharedImage {
  ShLoadedImage *loaded;
  ShDisplayRendering *display;
};

static void
display_rendering_free (ShDisplayRendering *display)
{
  sh_display_profile_unref (display->monitor);
  sh_display_transform_unref (display->transform);
  g_free (display->pixels);
  g_free (display);
}

static void
shared_image_clear (gpointer data)
{
  ShSharedImage *image = data;
  g_clear_pointer (&image->loaded, sh_loaded_image_free);
  g_clear_pointer (&image->display, display_rendering_free);
}

ShSharedImage *
sh_shared_image_new (ShLoadedImage *loaded)
{
  ShSharedImage *image;

  g_return_val_if_fail (loaded != NULL, NULL);
  image = g_atomic_rc_box_new0 (ShSharedImage);
  image->loaded = loaded;
  return image;
}

ShSharedImage *
sh_shared_image_ref (ShSharedImage *image)
{
  return g_atomic_rc_box_acquire (image);
}

void
sh_shared_image_unref (ShSharedImage *image)
{
  g_atomic_rc_box_release_full (image, shared_image_clear);
}

const ShLoadedImage *
sh_shared_image_get_loaded (ShSharedImage *image)
{
  return image->loaded;
}

const ShImage *
sh_shared_image_get_image (ShSharedImage *image)
{
  return image->loaded->image;
}

gsize
sh_shared_image_get_bytes (ShSharedImage *image)
{
  const ShImage *pixels = image->loaded->image;
  gsize bytes = (gsize) pixels->stride * (gsize) pixels->height;

  if (image->display != NULL)
    bytes += (gsize) image->display->stride * (gsize) image->display->height;
  return bytes;
}

int
sh_loaded_image_fit_step (const ShLoadedImage *loaded, int view_width, int view_height)
{
  const ShImage *image = loaded->image;
  int photo_width = loaded->full_width > 0 ? loaded->full_width : image->width;
  int photo_height = loaded->full_height > 0 ? loaded->full_height : image->height;
  double zoom;

  if (view_width <= 0 || view_height <= 0)
    return 1;
  zoom = MIN ((double) view_width / photo_width, (double) view_height / photo_height) * photo_width / image->width;
  return zoom >= 1.0 ? 1 : MAX (1, (int) floor (1.0 / zoom));
}

gboolean
sh_shared_image_render_display (ShSharedImage *image, ShDisplayProfile *monitor, int view_width, int view_height)
{
  const ShLoadedImage *loaded = image->loaded;
  char message[256] = "";
  ShDisplayRendering *display;

  g_return_val_if_fail (image->display == NULL, FALSE);
  if (loaded->image->has_alpha || monitor == NULL)
    return FALSE;
  display = g_new0 (ShDisplayRendering, 1);
  display->transform = sh_display_transform_new_for_image (monitor, &loaded->image->model, loaded->icc_data,
                                                           loaded->icc_len, message, sizeof message);
  if (display->transform == NULL)
    {
      g_debug ("no rendering for the screen: %s", message);
      g_free (display);
      return FALSE;
    }
  display->monitor = sh_display_profile_ref (monitor);
  display->view_width = view_width;
  display->view_height = view_height;
  display->step = sh_loaded_image_fit_step (loaded, view_width, view_height);
  display->width = sh_display_reduced_size (loaded->image->width, display->step);
  display->height = sh_display_reduced_size (loaded->image->height, display->step);
  display->stride = display->width * 4;
  display->pixels = g_try_malloc ((gsize) display->stride * (gsize) display->height);
  if (display->pixels == NULL
      || !sh_display_transform_render_image (display->transform, loaded->image, 0, 0, loaded->image->width,
                                             loaded->image->height, display->step, display->pixels,
                                             display->stride))
    {
      display_rendering_free (display);
      return FALSE;
    }
  image->display = display;
  return TRUE;
}

const ShDisplayRendering *
sh_shared_image_get_display (ShSharedImage *image, ShDisplayProfile *monitor, int view_width, int view_height)
{
  const ShDisplayRendering *display = image->display;

  if (display == NULL || display->monitor != monitor || display->view_width != view_width
      || display->view_height != view_height)
    return NULL;
  return display;
}
