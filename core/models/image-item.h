/* SPDX-License-Identifier: GPL-3.0-or-later */
/* image-item.h: one image of a project as the image list shows it.
 *
 * An immutable snapshot of the image's row (plus its box counts and product) taken when the list loaded it.
 * After an edit the list model makes a new item for that image and announces the change with
 * items-changed, so a row never shows half of an old state and half of a new one.
 */
#pragma once

#include <glib-object.h>

#include "core/store/project.h"

G_BEGIN_DECLS

#define SH_TYPE_IMAGE_ITEM (sh_image_item_get_type ())
G_DECLARE_FINAL_TYPE (ShImageItem, sh_image_item, SH, IMAGE_ITEM, GObject)

typedef struct {
  gint64 id;
  const char *file_name;
  const char *path;                /* absolute */
  ShImageStatus status;
  const char *status_reason;       /* may be NULL */
  guint n_boxes;                   /* all boxes of the image */
  guint n_model_boxes;             /* of which from a model and not accepted yet (predictions to review) */
  int photo_check_passed;          /* -1 unknown, 0 failed, 1 passed */
  const char *photo_check_json;    /* the stored check of a failed photo (core/formats/import.h), else NULL */
  const char *content_hash;        /* sha256 hex */
  int width, height;               /* upright pixels */
  const char *product_sku;         /* may be NULL */
  gboolean placeholder;            /* only the id is known: the row is still being read */
} ShImageItemFields;

/* Copies every string. */
ShImageItem *sh_image_item_new (const ShImageItemFields *fields);

gint64 sh_image_item_get_id (ShImageItem *self);
const char *sh_image_item_get_file_name (ShImageItem *self);
const char *sh_image_item_get_path (ShImageItem *self);
ShImageStatus sh_image_item_get_status (ShImageItem *self);
const char *sh_image_item_get_status_reason (ShImageItem *self);
guint sh_image_item_get_n_boxes (ShImageItem *self);
guint sh_image_item_get_n_model_boxes (ShImageItem *self);
int sh_image_item_get_photo_check_passed (ShImageItem *self);
/* The photo check as stored ({"white_background": {...}, ...}) when it failed, else NULL. */
const char *sh_image_item_get_photo_check_json (ShImageItem *self);
const char *sh_image_item_get_content_hash (ShImageItem *self);
int sh_image_item_get_width (ShImageItem *self);
int sh_image_item_get_height (ShImageItem *self);
const char *sh_image_item_get_product_sku (ShImageItem *self);
/* TRUE for the stand-in the list shows while the row is read in the background (every string ""). */
gboolean sh_image_item_is_placeholder (ShImageItem *self);

G_END_DECLS
