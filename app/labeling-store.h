/* SPDX-License-Identifier: GPL-3.0-or-later */
/* labeling-store.h: the reads the labeling window needs: the box classes and what the window shows about a
 * photo, through the store's typed API. Each is one short indexed query, cheap enough for the main thread. */
#pragma once

#include <glib.h>

#include "core/store/project.h"

G_BEGIN_DECLS

/* Box class names in id order (product, packaging, distractor first), or NULL with error. */
GPtrArray *sh_labeling_store_list_classes (ShProject *project, GError **error);

typedef struct {
  gint64 id;
  char *path;                    /* absolute */
  char *file_name;
  int width, height;
  ShImageStatus status;
  char *catalog_color;           /* '#rrggbb' of the photo's product, or NULL */
} ShStoredImage;

gboolean sh_labeling_store_get_image (ShProject *project, gint64 image_id, ShStoredImage *image, GError **error);
void sh_stored_image_clear (ShStoredImage *image);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ShStoredImage, sh_stored_image_clear)

/* How many photos the project holds. */
gint64 sh_labeling_store_count_images (ShProject *project, GError **error);

G_END_DECLS
