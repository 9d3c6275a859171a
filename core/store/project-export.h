/* SPDX-License-Identifier: GPL-3.0-or-later */
/* project-export.h: the rows every export writer starts from (core/formats/export.h), read in one read
 * transaction so that they all come from the same moment.
 *
 * - classes: every box class, in id order;
 * - images: the labeled ones, and with include_new the new ones that have a box a person drew or accepted,
 *   in id order, with the product each is linked to;
 * - boxes: those a person drew or accepted, grouped by image in image id order, each with its robust swatch.
 */
#pragma once

#include <glib.h>

#include "core/store/project.h"

G_BEGIN_DECLS

/* Strings are the store's, valid during the call only; NULL where the project has none. */
typedef struct {
  gint64 id;
  const char *path;              /* as stored (sh_project_resolve_path) */
  const char *file_name, *content_hash;
  int width, height;
  const char *sku, *brand, *shade, *category;
  const char *catalog_color;     /* the product's '#rrggbb' */
} ShExportImageRow;

typedef struct {
  gint64 id, image_id, class_id;
  double x, y, w, h;
  gboolean model;
  double score;                  /* < 0: none */
  gboolean occluded, truncated, difficult;
  const char *srgb;              /* the robust swatch's '#rrggbb'; NULL when none is stored */
  double lab[3];
  const char *finish;
} ShExportBoxRow;

typedef struct {
  void (*class_row) (gint64 id, const char *name, gpointer user_data);
  void (*image_row) (const ShExportImageRow *row, gpointer user_data);
  /* FALSE: no more boxes are wanted. */
  gboolean (*box_row) (const ShExportBoxRow *row, gpointer user_data);
} ShExportRowFuncs;

/* Calls funcs for every class, then every image, then every box. */
gboolean sh_project_read_export_rows (ShProject *project, gboolean include_new, const ShExportRowFuncs *funcs,
                                      gpointer user_data, GError **error);

G_END_DECLS
