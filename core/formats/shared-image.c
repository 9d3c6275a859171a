/* shared-image.c: a reference-counted decoded photo. */
#define G_LOG_DOMAIN "shadelab-core"

#include "config.h"

#include "core/formats/shared-image.h"

struct _ShSharedImage {
  ShLoadedImage *loaded;
};

static void
shared_image_clear (gpointer data)
{
  ShSharedImage *image = data;
  g_clear_pointer (&image->loaded, sh_loaded_image_free);
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
