/* SPDX-License-Identifier: GPL-3.0-or-later */
/* image-item.c: an immutable snapshot of one image row for the image list. */
#define G_LOG_DOMAIN "shadelab-image-list"

#include "config.h"

#include "core/models/image-item.h"

struct _ShImageItem
{
  GObject parent_instance;

  gint64 id;
  char *file_name;
  char *path;
  ShImageStatus status;
  char *status_reason;
  guint n_boxes;
  guint n_model_boxes;
  int photo_check_passed;
  char *photo_check_json;
  char *content_hash;
  int width, height;
  char *product_sku;
  gboolean placeholder;
};

/* Read-only properties, so rows can be bound with expressions; they never change after construction. */
enum {
  PROP_0,
  PROP_ID,
  PROP_FILE_NAME,
  PROP_PATH,
  PROP_STATUS,
  PROP_STATUS_REASON,
  PROP_N_BOXES,
  PROP_N_MODEL_BOXES,
  PROP_PHOTO_CHECK_PASSED,
  PROP_CONTENT_HASH,
  PROP_WIDTH,
  PROP_HEIGHT,
  PROP_PRODUCT_SKU,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (ShImageItem, sh_image_item, G_TYPE_OBJECT)

static void
sh_image_item_finalize (GObject *object)
{
  ShImageItem *self = SH_IMAGE_ITEM (object);

  g_free (self->file_name);
  g_free (self->path);
  g_free (self->status_reason);
  g_free (self->content_hash);
  g_free (self->photo_check_json);
  g_free (self->product_sku);
  G_OBJECT_CLASS (sh_image_item_parent_class)->finalize (object);
}

static void
sh_image_item_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  ShImageItem *self = SH_IMAGE_ITEM (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_int64 (value, self->id); break;
    case PROP_FILE_NAME: g_value_set_string (value, self->file_name); break;
    case PROP_PATH: g_value_set_string (value, self->path); break;
    case PROP_STATUS: g_value_set_int (value, self->status); break;
    case PROP_STATUS_REASON: g_value_set_string (value, self->status_reason); break;
    case PROP_N_BOXES: g_value_set_uint (value, self->n_boxes); break;
    case PROP_N_MODEL_BOXES: g_value_set_uint (value, self->n_model_boxes); break;
    case PROP_PHOTO_CHECK_PASSED: g_value_set_int (value, self->photo_check_passed); break;
    case PROP_CONTENT_HASH: g_value_set_string (value, self->content_hash); break;
    case PROP_WIDTH: g_value_set_int (value, self->width); break;
    case PROP_HEIGHT: g_value_set_int (value, self->height); break;
    case PROP_PRODUCT_SKU: g_value_set_string (value, self->product_sku); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sh_image_item_class_init (ShImageItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = sh_image_item_finalize;
  object_class->get_property = sh_image_item_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_FILE_NAME] = g_param_spec_string ("file-name", NULL, NULL, NULL, flags);
  properties[PROP_PATH] = g_param_spec_string ("path", NULL, NULL, NULL, flags);
  properties[PROP_STATUS] = g_param_spec_int ("status", NULL, NULL, SH_IMAGE_NEW, SH_IMAGE_REJECTED, SH_IMAGE_NEW,
                                              flags);
  properties[PROP_STATUS_REASON] = g_param_spec_string ("status-reason", NULL, NULL, NULL, flags);
  properties[PROP_N_BOXES] = g_param_spec_uint ("n-boxes", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_N_MODEL_BOXES] = g_param_spec_uint ("n-model-boxes", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_PHOTO_CHECK_PASSED] = g_param_spec_int ("photo-check-passed", NULL, NULL, -1, 1, -1, flags);
  properties[PROP_CONTENT_HASH] = g_param_spec_string ("content-hash", NULL, NULL, NULL, flags);
  properties[PROP_WIDTH] = g_param_spec_int ("width", NULL, NULL, 0, G_MAXINT, 0, flags);
  properties[PROP_HEIGHT] = g_param_spec_int ("height", NULL, NULL, 0, G_MAXINT, 0, flags);
  properties[PROP_PRODUCT_SKU] = g_param_spec_string ("product-sku", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sh_image_item_init (ShImageItem *self)
{
  self->photo_check_passed = -1;
}

ShImageItem *
sh_image_item_new (const ShImageItemFields *fields)
{
  ShImageItem *self;

  g_return_val_if_fail (fields != NULL, NULL);

  self = g_object_new (SH_TYPE_IMAGE_ITEM, NULL);
  self->id = fields->id;
  self->file_name = g_strdup (fields->file_name);
  self->path = g_strdup (fields->path);
  self->status = fields->status;
  self->status_reason = g_strdup (fields->status_reason);
  self->n_boxes = fields->n_boxes;
  self->n_model_boxes = fields->n_model_boxes;
  self->photo_check_passed = fields->photo_check_passed;
  self->photo_check_json = g_strdup (fields->photo_check_json);
  self->content_hash = g_strdup (fields->content_hash);
  self->width = fields->width;
  self->height = fields->height;
  self->product_sku = g_strdup (fields->product_sku);
  self->placeholder = fields->placeholder;
  return self;
}

gint64
sh_image_item_get_id (ShImageItem *self)
{
  g_return_val_if_fail (SH_IS_IMAGE_ITEM (self), 0);
  return self->id;
}

const char *
sh_image_item_get_file_name (ShImageItem *self)
{
  g_return_val_if_fail (SH_IS_IMAGE_ITEM (self), NULL);
  return self->file_name;
}

const char *
sh_image_item_get_path (ShImageItem *self)
{
  g_return_val_if_fail (SH_IS_IMAGE_ITEM (self), NULL);
  return self->path;
}

ShImageStatus
sh_image_item_get_status (ShImageItem *self)
{
  g_return_val_if_fail (SH_IS_IMAGE_ITEM (self), SH_IMAGE_NEW);
  return self->status;
}

const char *
sh_image_item_get_status_reason (ShImageItem *self)
{
  g_return_val_if_fail (SH_IS_IMAGE_ITEM (self), NULL);
  return self->status_reason;
}

guint
sh_image_item_get_n_boxes (ShImageItem *self)
{
  g_return_val_if_fail (SH_IS_IMAGE_ITEM (self), 0);
  return self->n_boxes;
}

guint
sh_image_item_get_n_model_boxes (ShImageItem *self)
{
  g_return_val_if_fail (SH_IS_IMAGE_ITEM (self), 0);
  return self->n_model_boxes;
}

int
sh_image_item_get_photo_check_passed (ShImageItem *self)
{
  g_return_val_if_fail (SH_IS_IMAGE_ITEM (self), -1);
  return self->photo_check_passed;
}

const char *
sh_image_item_get_photo_check_json (ShImageItem *self)
{
  g_return_val_if_fail (SH_IS_IMAGE_ITEM (self), NULL);
  return self->photo_check_json;
}

const char *
sh_image_item_get_content_hash (ShImageItem *self)
{
  g_return_val_if_fail (SH_IS_IMAGE_ITEM (self), NULL);
  return self->content_hash;
}

int
sh_image_item_get_width (ShImageItem *self)
{
  g_return_val_if_fail (SH_IS_IMAGE_ITEM (self), 0);
  return self->width;
}

int
sh_image_item_get_height (ShImageItem *self)
{
  g_return_val_if_fail (SH_IS_IMAGE_ITEM (self), 0);
  return self->height;
}

const char *
sh_image_item_get_product_sku (ShImageItem *self)
{
  g_return_val_if_fail (SH_IS_IMAGE_ITEM (self), NULL);
  return self->product_sku;
}

gboolean
sh_image_item_is_placeholder (ShImageItem *self)
{
  g_return_val_if_fail (SH_IS_IMAGE_ITEM (self), FALSE);
  return self->placeholder;
}
