/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sh-product-bar.c: the photo's product in the labeling view (see sh-product-bar.h). */
#define G_LOG_DOMAIN "shadelab-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "color/colorspace.h"
#include "core/formats/color-names.h"
#include "sh-product-bar.h"

/* ---- colour chips ---- */

typedef struct {
  gboolean has_color;
  guint8 rgb[3];           /* monitor RGB */
} Chip;

static void
draw_chip (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer user_data)
{
  Chip *chip = user_data;
  double size = MIN (width, height) - 1;
  double x = (width - size) / 2, y = (height - size) / 2, r = 4;

  cairo_new_sub_path (cr);
  cairo_arc (cr, x + size - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + size - r, y + size - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + size - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
  if (chip->has_color)
    {
      cairo_set_source_rgb (cr, chip->rgb[0] / 255.0, chip->rgb[1] / 255.0, chip->rgb[2] / 255.0);
      cairo_fill_preserve (cr);
    }
  /* A neutral outline, so a chip the colour of the background still shows, and an empty one is seen. */
  cairo_set_source_rgba (cr, 0.5, 0.5, 0.5, 0.6);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
}

GtkWidget *
sh_product_chip_new (int size)
{
  GtkWidget *area = gtk_drawing_area_new ();

  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (area), size);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area), size);
  gtk_widget_set_halign (area, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (area, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (area), GTK_ACCESSIBLE_PROPERTY_LABEL, _("No catalogue colour"), -1);
  g_object_set_data_full (G_OBJECT (area), "sh-chip", g_new0 (Chip, 1), g_free);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_chip, g_object_get_data (G_OBJECT (area), "sh-chip"),
                                  NULL);
  return area;
}

void
sh_product_chip_set_color (GtkWidget *area, const char *hex, ShDisplayTransform *transform)
{
  Chip *chip = g_object_get_data (G_OBJECT (area), "sh-chip");
  g_autofree char *label = NULL;
  g_autofree char *names = NULL;
  uint8_t rgb[3];

  g_return_if_fail (chip != NULL);
  chip->has_color = hex != NULL && sh_parse_hex (hex, rgb);
  if (chip->has_color)
    {
      double linear[3] = { sh_srgb_decode (rgb[0] / 255.0), sh_srgb_decode (rgb[1] / 255.0),
                           sh_srgb_decode (rgb[2] / 255.0) };

      if (transform != NULL)
        sh_display_transform_linear_srgb_to_rgb8 (transform, linear, chip->rgb);
      else
        memcpy (chip->rgb, rgb, sizeof rgb);
      names = sh_color_names_describe_hex (hex);
      /* Translators: the accessible name and tooltip of a product's colour chip: '#rrggbb' and its names,
       * "Deep Red (ISCC-NBS 13) · deep cool red" */
      label = g_strdup_printf (_("Catalogue colour %s, %s"), hex, names);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (area), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  label != NULL ? label : _("No catalogue colour"), -1);
  gtk_widget_set_tooltip_text (area, label);
  gtk_widget_queue_draw (area);
}

/* ---- the bar ---- */

struct _ShProductBar
{
  GtkWidget parent_instance;

  GtkWidget *chip;
  GtkLabel *sku_label;
  GtkLabel *details_label;
  GtkWidget *unlink_button;
  ShDisplayTransform *transform;
  char *text;
};

G_DEFINE_FINAL_TYPE (ShProductBar, sh_product_bar, GTK_TYPE_WIDGET)

GtkWidget *
sh_product_bar_new (void)
{
  return g_object_new (SH_TYPE_PRODUCT_BAR, NULL);
}

void
sh_product_bar_set_product (ShProductBar *self, const ShProduct *product)
{
  g_autoptr (GString) details = g_string_new (NULL);
  const char *parts[2];

  g_return_if_fail (SH_IS_PRODUCT_BAR (self));

  gtk_widget_set_visible (self->unlink_button, product != NULL);
  g_free (self->text);
  if (product == NULL)
    {
      self->text = g_strdup (_("No product"));
      gtk_label_set_text (self->sku_label, self->text);
      gtk_label_set_text (self->details_label, _("Press P to set one"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self), NULL);
      sh_product_chip_set_color (self->chip, NULL, self->transform);
      return;
    }

  /* SKU on the first line, brand · shade under it: the pane is narrow. */
  parts[0] = product->brand;
  parts[1] = product->shade;
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    if (parts[i] != NULL && *parts[i] != '\0')
      g_string_append_printf (details, "%s%s", details->len > 0 ? " · " : "", parts[i]);
  self->text = details->len > 0 ? g_strdup_printf ("%s · %s", product->sku, details->str) : g_strdup (product->sku);
  gtk_label_set_text (self->sku_label, product->sku);
  gtk_label_set_text (self->details_label, details->str);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), self->text);
  /* The brand's catalogue colour; an outlined empty chip when it has none. */
  sh_product_chip_set_color (self->chip, product->catalog_color, self->transform);
}

void
sh_product_bar_set_display_transform (ShProductBar *self, ShDisplayTransform *transform)
{
  g_return_if_fail (SH_IS_PRODUCT_BAR (self));
  if (transform != NULL)
    sh_display_transform_ref (transform);
  g_clear_pointer (&self->transform, sh_display_transform_unref);
  self->transform = transform;
}

const char *
sh_product_bar_get_text (ShProductBar *self)
{
  g_return_val_if_fail (SH_IS_PRODUCT_BAR (self), NULL);
  return self->text;
}

static void
sh_product_bar_dispose (GObject *object)
{
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (object), SH_TYPE_PRODUCT_BAR);
  /* The template's unnamed box too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (sh_product_bar_parent_class)->dispose (object);
}

static void
sh_product_bar_finalize (GObject *object)
{
  g_free (SH_PRODUCT_BAR (object)->text);
  g_clear_pointer (&SH_PRODUCT_BAR (object)->transform, sh_display_transform_unref);
  G_OBJECT_CLASS (sh_product_bar_parent_class)->finalize (object);
}

static void
sh_product_bar_class_init (ShProductBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sh_product_bar_dispose;
  object_class->finalize = sh_product_bar_finalize;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/shadelab/Shadelab/ui/sh-product-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, ShProductBar, sku_label);
  gtk_widget_class_bind_template_child (widget_class, ShProductBar, details_label);
  gtk_widget_class_bind_template_child (widget_class, ShProductBar, unlink_button);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "productbar");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
sh_product_bar_init (ShProductBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->chip = sh_product_chip_new (32);
  gtk_widget_insert_after (self->chip, GTK_WIDGET (self), NULL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self))), 8);
  sh_product_bar_set_product (self, NULL);
}
