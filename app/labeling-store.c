/* SPDX-License-Identifier: GPL-3.0-or-later */
/* labeling-store.c: the window's reads from the project (see labeling-store.h). */
#define G_LOG_DOMAIN "shadelab-window"

#include "config.h"

#include <string.h>

#include "labeling-store.h"

GPtrArray *
sh_labeling_store_list_classes (ShProject *project, GError **error)
{
  return sh_project_list_box_classes (project, error);
}

gboolean
sh_labeling_store_get_image (ShProject *project, gint64 image_id, ShStoredImage *image, GError **error)
{
  g_auto (ShImageInfo) info = { 0 };

  memset (image, 0, sizeof *image);
  if (!sh_project_get_image_info (project, image_id, &info, error))
    return FALSE;
  image->id = image_id;
  image->path = g_steal_pointer (&info.path);
  image->file_name = g_steal_pointer (&info.file_name);
  image->width = info.width;
  image->height = info.height;
  image->status = info.status;
  image->catalog_color = g_steal_pointer (&info.catalog_color);
  return TRUE;
}

void
sh_stored_image_clear (ShStoredImage *image)
{
  g_clear_pointer (&image->path, g_free);
  g_clear_pointer (&image->file_name, g_free);
  g_clear_pointer (&image->catalog_color, g_free);
}

gint64
sh_labeling_store_count_images (ShProject *project, GError **error)
{
  return sh_project_count_images (project, error);
}
