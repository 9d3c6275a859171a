/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sh-product-item.c: a product as a list item (see sh-product-item.h). */
#define G_LOG_DOMAIN "shadelab-window"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>

#include "core/formats/color-names.h"
#include "sh-product-item.h"

struct _ShProductItem
{
  GObject parent_instance;

  ShProduct product;
  char *details;
  char *color_names;
  char *accessible;
  char *search_text;
};

G_DEFINE_FINAL_TYPE (ShProductItem, sh_product_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SEARCH_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

ShProductItem *
sh_product_item_new (const ShProduct *product)
{
  ShProductItem *self = g_object_new (SH_TYPE_PRODUCT_ITEM, NULL);
  g_autoptr (GString) details = g_string_new (NULL);
  g_autofree char *search = NULL;
  const char *parts[] = { product->brand, product->shade };

  self->product.id = product->id;
  self->product.sku = g_strdup (product->sku);
  self->product.brand = g_strdup (product->brand);
  self->product.shade = g_strdup (product->shade);
  self->product.category = g_strdup (product->category);
  self->product.marketplace = g_strdup (product->marketplace);
  self->product.catalog_color = g_strdup (product->catalog_color);
  self->product.n_images = product->n_images;
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      if (parts[i] == NULL || *parts[i] == '\0')
        continue;
      if (details->len > 0)
        g_string_append (details, " · ");
      g_string_append (details, parts[i]);
    }
  self->details = g_string_free (g_steal_pointer (&details), FALSE);
  self->color_names = sh_color_names_describe_hex (product->catalog_color);
  self->accessible = g_strdup_printf ("%s%s%s, %s", product->sku != NULL ? product->sku : "",
                                      *self->details != '\0' ? ", " : "", self->details,
                                      self->color_names != NULL ? self->color_names : _("no catalogue colour"));
  /* The colour's names too: "red" or "deep" finds the shades a person would call so. */
  search = g_strjoin (" ", product->sku != NULL ? product->sku : "", self->details,
                      product->category != NULL ? product->category : "",
                      product->marketplace != NULL ? product->marketplace : "",
                      self->color_names != NULL ? self->color_names : "", NULL);
  self->search_text = g_utf8_casefold (search, -1);
  return self;
}

const ShProduct *
sh_product_item_get_product (ShProductItem *self)
{
  g_return_val_if_fail (SH_IS_PRODUCT_ITEM (self), NULL);
  return &self->product;
}

gint64
sh_product_item_get_id (ShProductItem *self)
{
  g_return_val_if_fail (SH_IS_PRODUCT_ITEM (self), 0);
  return self->product.id;
}

const char *
sh_product_item_get_details (ShProductItem *self)
{
  g_return_val_if_fail (SH_IS_PRODUCT_ITEM (self), "");
  return self->details;
}

const char *
sh_product_item_get_color_names (ShProductItem *self)
{
  g_return_val_if_fail (SH_IS_PRODUCT_ITEM (self), NULL);
  return self->color_names;
}

const char *
sh_product_item_get_accessible_label (ShProductItem *self)
{
  g_return_val_if_fail (SH_IS_PRODUCT_ITEM (self), "");
  return self->accessible;
}

GListStore *
sh_product_item_list_project (ShProject *project, GError **error)
{
  g_autoptr (GPtrArray) products = sh_project_list_products (project, error);
  GListStore *store;

  if (products == NULL)
    return NULL;
  store = g_list_store_new (SH_TYPE_PRODUCT_ITEM);
  for (guint i = 0; i < products->len; i++)
    {
      g_autoptr (ShProductItem) item = sh_product_item_new (g_ptr_array_index (products, i));

      g_list_store_append (store, item);
    }
  return store;
}

guint
sh_product_item_find (GListModel *model, gint64 product_id)
{
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (ShProductItem) item = g_list_model_get_item (model, i);

      if (item->product.id == product_id)
        return i;
    }
  return G_MAXUINT;
}

static void
sh_product_item_finalize (GObject *object)
{
  ShProductItem *self = SH_PRODUCT_ITEM (object);

  g_free (self->color_names);
  g_free (self->accessible);
  g_free (self->product.sku);
  g_free (self->product.brand);
  g_free (self->product.shade);
  g_free (self->product.category);
  g_free (self->product.marketplace);
  g_free (self->product.catalog_color);
  g_free (self->details);
  g_free (self->search_text);
  G_OBJECT_CLASS (sh_product_item_parent_class)->finalize (object);
}

static void
sh_product_item_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  ShProductItem *self = SH_PRODUCT_ITEM (object);

  switch (prop_id)
    {
    case PROP_SEARCH_TEXT:
      g_value_set_string (value, self->search_text);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sh_product_item_class_init (ShProductItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sh_product_item_finalize;
  object_class->get_property = sh_product_item_get_property;
  properties[PROP_SEARCH_TEXT] =
    g_param_spec_string ("search-text", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sh_product_item_init (ShProductItem *self)
{
}
