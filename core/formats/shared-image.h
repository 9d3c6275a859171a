/* shared-image.h: a decoded photo shared between the window, the prefetcher and extraction workers.
 * Reference counted and immutable once made, so any thread may read its pixels. */
#pragma once

#include <glib.h>

#include "core/formats/image-loader.h"

typedef struct _ShSharedImage ShSharedImage;

/* Takes ownership of loaded. */
ShSharedImage *sh_shared_image_new (ShLoadedImage *loaded);
ShSharedImage *sh_shared_image_ref (ShSharedImage *image);
void sh_shared_image_unref (ShSharedImage *image);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShSharedImage, sh_shared_image_unref)

const ShLoadedImage *sh_shared_image_get_loaded (ShSharedImage *image);
const ShImage *sh_shared_image_get_image (ShSharedImage *image);
