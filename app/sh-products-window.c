/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sh-products-window.c: creating and editing products (see sh-products-window.h). */
#define G_LOG_DOMAIN "shadelab-window"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "color/colorspace.h"
#include "core/formats/color-names.h"
#include "core/models/catalog-lint.h"
#include "core/store/project-products.h"
#include "sh-catalog-lint-view.h"
#include "sh-product-bar.h"
#include "sh-product-item.h"
#include "sh-products-window.h"
#include "sh-project-window.h"
#include "widgets/a11y-util.h"

struct _ShProductsWindow
{
  AdwWindow parent_instance;

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  GtkSearchEntry *search_entry;
  GtkStack *list_stack;
  GtkListView *list_view;
  AdwPreferencesGroup *form_group;
  AdwEntryRow *sku_row;
  AdwEntryRow *brand_row;
  AdwEntryRow *shade_row;
  AdwComboRow *category_row;
  AdwEntryRow *new_category_row;
  AdwEntryRow *marketplace_row;
  AdwEntryRow *color_row;
  GtkColorButton *color_button;
  GtkLabel *color_names_label;
  GtkLabel *error_label;
  GtkButton *save_button;
  GtkStack *side_stack;
  GtkStackPage *lint_page;
  ShCatalogLintView *lint_view;

  ShProjectWindow *project_window;   /* weak */
  ShDisplayTransform *transform;
  GListStore *products;              /* ShProductItem */
  GtkCustomFilter *filter;
  GtkSingleSelection *selection;
  char *search;                      /* case-folded */
  GPtrArray *categories;             /* names, in the combo row's order after "None" */
  GtkStringList *category_names;
  gint64 editing;                    /* the product the form edits, 0 for a new one */
  gboolean filling;                  /* the form is being set from code: the colour fields stay in step */
  char *error;
};

G_DEFINE_FINAL_TYPE (ShProductsWindow, sh_products_window, ADW_TYPE_WINDOW)

enum {
  SIGNAL_PRODUCT_SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static ShProject *
reader (ShProductsWindow *self)
{
  return self->project_window != NULL ? sh_project_window_get_reader (self->project_window) : NULL;
}

/* ---- the list ---- */

static gboolean
filter_item (gpointer item, gpointer user_data)
{
  ShProductsWindow *self = user_data;
  g_autofree char *text = NULL;
  g_auto (GStrv) words = NULL;

  if (self->search == NULL || *self->search == '\0')
    return TRUE;
  g_object_get (item, "search-text", &text, NULL);
  words = g_strsplit_set (self->search, " \t", -1);
  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0' && strstr (text, words[i]) == NULL)
      return FALSE;
  return TRUE;
}

static void
search_changed (ShProductsWindow *self)
{
  g_free (self->search);
  self->search = g_utf8_casefold (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), -1);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
setup_row (GtkSignalListItemFactory *factory, GtkListItem *list_item, ShProductsWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *chip = sh_product_chip_new (24);
  GtkWidget *sku = gtk_label_new (NULL);
  GtkWidget *details = gtk_label_new (NULL);
  GtkWidget *names = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (sku), 0);
  gtk_label_set_ellipsize (GTK_LABEL (sku), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (details), 0);
  gtk_label_set_ellipsize (GTK_LABEL (details), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (details, "dim-label");
  gtk_widget_add_css_class (details, "caption");
  gtk_label_set_xalign (GTK_LABEL (names), 0);
  gtk_label_set_ellipsize (GTK_LABEL (names), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (names, "dim-label");
  gtk_widget_add_css_class (names, "caption");
  gtk_widget_set_hexpand (labels, TRUE);
  gtk_box_append (GTK_BOX (labels), sku);
  gtk_box_append (GTK_BOX (labels), details);
  gtk_box_append (GTK_BOX (labels), names);
  gtk_box_append (GTK_BOX (box), chip);
  gtk_box_append (GTK_BOX (box), labels);
  g_object_set_data (G_OBJECT (box), "chip", chip);
  g_object_set_data (G_OBJECT (box), "sku", sku);
  g_object_set_data (G_OBJECT (box), "details", details);
  g_object_set_data (G_OBJECT (box), "names", names);
  gtk_list_item_set_child (list_item, box);
}

static void
bind_row (GtkSignalListItemFactory *factory, GtkListItem *list_item, ShProductsWindow *self)
{
  ShProductItem *item = gtk_list_item_get_item (list_item);
  const ShProduct *product = sh_product_item_get_product (item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *chip = g_object_get_data (G_OBJECT (box), "chip");
  const char *details = sh_product_item_get_details (item);
  const char *names = sh_product_item_get_color_names (item);
  GtkWidget *names_label = g_object_get_data (G_OBJECT (box), "names");

  gtk_label_set_text (g_object_get_data (G_OBJECT (box), "sku"), product->sku);
  gtk_label_set_text (g_object_get_data (G_OBJECT (box), "details"), details);
  sh_product_chip_set_color (chip, product->catalog_color, self->transform);
  /* No line at all without a colour: the empty chip says so, and the accessible label does in words. */
  gtk_label_set_text (GTK_LABEL (names_label), names != NULL ? names : "");
  gtk_widget_set_tooltip_text (names_label, names);   /* in full when the list is narrow */
  gtk_widget_set_visible (names_label, names != NULL);
  sh_accessible_set_label (box, sh_product_item_get_accessible_label (item));
}

/* ---- the form ---- */

static void
set_error (ShProductsWindow *self, const char *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* The category list: "None", the project's categories, "New Category…". */
static void
load_categories (ShProductsWindow *self)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *categories = reader (self) != NULL ? sh_project_list_categories (reader (self), &error) : NULL;
  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);

  if (categories == NULL)
    {
      if (error != NULL)
        g_warning ("reading the categories: %s", error->message);
      categories = g_ptr_array_new_with_free_func (g_free);
    }
  g_clear_pointer (&self->categories, g_ptr_array_unref);
  self->categories = categories;
  gtk_string_list_append (names, C_("category", "None"));
  for (guint i = 0; i < categories->len; i++)
    gtk_string_list_append (names, g_ptr_array_index (categories, i));
  gtk_string_list_append (names, _("New Category…"));
  g_set_object (&self->category_names, names);
  adw_combo_row_set_model (self->category_row, G_LIST_MODEL (names));
}

static void
select_category (ShProductsWindow *self, const char *category)
{
  guint position = 0;

  for (guint i = 0; category != NULL && i < self->categories->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->categories, i), category) == 0)
      position = i + 1;
  if (category != NULL && position == 0)
    {
      /* Not in the list (yet): as a new one, typed. */
      position = self->categories->len + 1;
      gtk_editable_set_text (GTK_EDITABLE (self->new_category_row), category);
    }
  adw_combo_row_set_selected (self->category_row, position);
}

static void
category_selected (ShProductsWindow *self)
{
  guint selected = adw_combo_row_get_selected (self->category_row);
  gboolean new_one = self->categories != NULL && selected == self->categories->len + 1;

  gtk_widget_set_visible (GTK_WIDGET (self->new_category_row), new_one);
  if (new_one && !self->filling)
    gtk_widget_grab_focus (GTK_WIDGET (self->new_category_row));
}

/* The names of the colour typed or picked, as it is typed: what the catalogue colour will be called. */
static void
show_color_names (ShProductsWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->color_row));
  char hex[8];
  g_autofree char *names = NULL;

  if (sh_product_parse_color (text, hex))
    names = sh_color_names_describe_hex (hex);
  if (names != NULL)
    gtk_label_set_text (self->color_names_label, names);
  else if (*text == '\0')
    gtk_label_set_text (self->color_names_label, _("No catalogue colour yet: type or pick one to see its names."));
  else
    gtk_label_set_text (self->color_names_label, _("Its names show once the colour is written #rrggbb."));
}

static void
color_text_changed (ShProductsWindow *self)
{
  char hex[8];
  uint8_t rgb[3];
  GdkRGBA rgba;

  show_color_names (self);
  if (self->filling)
    return;
  if (!sh_product_parse_color (gtk_editable_get_text (GTK_EDITABLE (self->color_row)), hex)
      || !sh_parse_hex (hex, rgb))
    return;
  rgba = (GdkRGBA) { rgb[0] / 255.0f, rgb[1] / 255.0f, rgb[2] / 255.0f, 1 };
  self->filling = TRUE;
  gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (self->color_button), &rgba);
  self->filling = FALSE;
}

static void
color_picked (ShProductsWindow *self)
{
  GdkRGBA rgba;
  uint8_t rgb[3];
  char hex[8];

  if (self->filling)
    return;
  gtk_color_chooser_get_rgba (GTK_COLOR_CHOOSER (self->color_button), &rgba);
  rgb[0] = (uint8_t) lround (CLAMP (rgba.red, 0, 1) * 255);
  rgb[1] = (uint8_t) lround (CLAMP (rgba.green, 0, 1) * 255);
  rgb[2] = (uint8_t) lround (CLAMP (rgba.blue, 0, 1) * 255);
  sh_format_hex (rgb, hex);
  self->filling = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->color_row), hex);
  self->filling = FALSE;
}

static void
set_text (AdwEntryRow *row, const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
}

void
sh_products_window_fill (ShProductsWindow *self, const char *sku, const char *brand, const char *shade,
                         const char *category, const char *marketplace, const char *color)
{
  GdkRGBA grey = { 0.5f, 0.5f, 0.5f, 1 };

  g_return_if_fail (SH_IS_PRODUCTS_WINDOW (self));

  self->filling = TRUE;
  set_text (self->sku_row, sku);
  set_text (self->brand_row, brand);
  set_text (self->shade_row, shade);
  set_text (self->new_category_row, NULL);
  select_category (self, category);
  set_text (self->marketplace_row, marketplace);
  set_text (self->color_row, color);
  gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (self->color_button), &grey);
  self->filling = FALSE;
  color_text_changed (self);
  category_selected (self);
}

/* Shows the product (0: an empty form for a new one). */
static void
show_product (ShProductsWindow *self, gint64 product_id)
{
  guint position = product_id != 0 ? sh_product_item_find (G_LIST_MODEL (self->products), product_id) : G_MAXUINT;
  g_autoptr (ShProductItem) item = position != G_MAXUINT ? g_list_model_get_item (G_LIST_MODEL (self->products),
                                                                                  position) : NULL;

  set_error (self, NULL);
  if (item == NULL)
    {
      self->editing = 0;
      adw_preferences_group_set_title (self->form_group, _("New Product"));
      adw_preferences_group_set_description (self->form_group,
                                             _("One product per SKU. Link photos to it with Set Product… (P) "
                                               "in the labeling window."));
      gtk_button_set_label (self->save_button, _("_Create Product"));
      sh_products_window_fill (self, NULL, NULL, NULL, NULL, NULL, NULL);
    }
  else
    {
      const ShProduct *product = sh_product_item_get_product (item);
      g_autofree char *title = NULL;
      g_autofree char *linked = NULL;

      self->editing = product->id;
      /* Translators: the title of the form that edits a product: its SKU. */
      title = g_strdup_printf (_("Edit %s"), product->sku);
      linked = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Linked to %u photo.", "Linked to %u photos.",
                                             product->n_images),
                                product->n_images);
      adw_preferences_group_set_title (self->form_group, title);
      adw_preferences_group_set_description (self->form_group, linked);
      gtk_button_set_label (self->save_button, _("_Save Changes"));
      sh_products_window_fill (self, product->sku, product->brand, product->shade, product->category,
                               product->marketplace, product->catalog_color);
    }
}

static void
selection_changed (ShProductsWindow *self)
{
  ShProductItem *item = gtk_single_selection_get_selected_item (self->selection);

  if (item != NULL && sh_product_item_get_id (item) != self->editing)
    show_product (self, sh_product_item_get_id (item));
}

static void
update_list_page (ShProductsWindow *self)
{
  gtk_stack_set_visible_child_name (self->list_stack,
                                    g_list_model_get_n_items (G_LIST_MODEL (self->products)) > 0 ? "list" : "empty");
}

/* ---- the catalogue check ---- */

/* The same lint as `shadelab-cli lint`, with its default threshold, on what the project holds now. */
static void
run_lint (ShProductsWindow *self)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ShCatalogLint) lint = NULL;

  if (reader (self) == NULL)
    return;
  lint = sh_catalog_lint_run (reader (self), SH_CATALOG_LINT_DEFAULT_THRESHOLD, &error);
  if (lint == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The catalogue could not be checked: %s"), error->message);

      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
    }
  sh_catalog_lint_view_set_lint (self->lint_view, lint);
  gtk_stack_page_set_needs_attention (self->lint_page, lint != NULL && lint->problems->len > 0);
}

/* A problem was activated: its product, in the list and the form. */
static void
lint_product_activated_cb (ShProductsWindow *self, gint64 product_id)
{
  if (sh_products_window_select (self, product_id))
    gtk_stack_set_visible_child_name (self->side_stack, "product");
}

void
sh_products_window_show_lint (ShProductsWindow *self)
{
  g_return_if_fail (SH_IS_PRODUCTS_WINDOW (self));
  gtk_stack_set_visible_child_name (self->side_stack, "lint");
}

void
sh_products_window_reload (ShProductsWindow *self)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GListStore) products = NULL;
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 editing = self->editing;
  guint n;

  g_return_if_fail (SH_IS_PRODUCTS_WINDOW (self));
  if (reader (self) == NULL)
    return;
  products = sh_product_item_list_project (reader (self), &error);
  if (products == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The products could not be read: %s"), error->message);

      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
      return;
    }
  n = g_list_model_get_n_items (G_LIST_MODEL (products));
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (items, g_list_model_get_item (G_LIST_MODEL (products), i));
  /* In place, so the list keeps its model (and the selection its place). */
  self->editing = -1;
  g_list_store_splice (self->products, 0, g_list_model_get_n_items (G_LIST_MODEL (self->products)), items->pdata,
                       items->len);
  load_categories (self);
  update_list_page (self);
  run_lint (self);
  sh_products_window_select (self, editing);
}

gboolean
sh_products_window_select (ShProductsWindow *self, gint64 product_id)
{
  guint position;

  g_return_val_if_fail (SH_IS_PRODUCTS_WINDOW (self), FALSE);

  if (product_id == 0)
    {
      gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
      show_product (self, 0);
      return TRUE;
    }
  position = sh_product_item_find (G_LIST_MODEL (self->products), product_id);
  if (position == G_MAXUINT)
    {
      show_product (self, 0);
      return FALSE;
    }
  /* A search that hides the product would hide the selection too. */
  if (self->search != NULL && *self->search != '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  search_changed (self);
  self->editing = -1;
  {
    GListModel *shown = gtk_single_selection_get_model (self->selection);
    guint n = g_list_model_get_n_items (shown);

    for (guint i = 0; i < n; i++)
      {
        g_autoptr (ShProductItem) item = g_list_model_get_item (shown, i);

        if (sh_product_item_get_id (item) == product_id)
          {
            gtk_single_selection_set_selected (self->selection, i);
            break;
          }
      }
  }
  show_product (self, product_id);
  return TRUE;
}

gint64
sh_products_window_get_selected (ShProductsWindow *self)
{
  g_return_val_if_fail (SH_IS_PRODUCTS_WINDOW (self), 0);
  return MAX (self->editing, 0);
}

static void
new_clicked (ShProductsWindow *self)
{
  sh_products_window_select (self, 0);
  gtk_widget_grab_focus (GTK_WIDGET (self->sku_row));
}

static char *
row_text (AdwEntryRow *row)
{
  char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  if (*text == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

gboolean
sh_products_window_save (ShProductsWindow *self, gint64 *id)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *sku = row_text (self->sku_row);
  g_autofree char *brand = row_text (self->brand_row);
  g_autofree char *shade = row_text (self->shade_row);
  g_autofree char *marketplace = row_text (self->marketplace_row);
  g_autofree char *color = row_text (self->color_row);
  g_autofree char *category = NULL;
  guint selected = adw_combo_row_get_selected (self->category_row);
  ShProject *project;
  gint64 product_id = self->editing > 0 ? self->editing : 0;
  char hex[8];
  gboolean ok;

  g_return_val_if_fail (SH_IS_PRODUCTS_WINDOW (self), FALSE);

  project = self->project_window != NULL ? sh_project_window_get_project (self->project_window) : NULL;
  if (project == NULL || sh_project_window_is_read_only (self->project_window))
    {
      set_error (self, _("This project is open read-only: products cannot be changed."));
      return FALSE;
    }
  if (sh_project_window_is_importing (self->project_window))
    {
      set_error (self, _("An import is running. Save again when it is done."));
      return FALSE;
    }
  if (sku == NULL)
    {
      set_error (self, _("Give the product a SKU."));
      gtk_widget_grab_focus (GTK_WIDGET (self->sku_row));
      return FALSE;
    }
  if (color != NULL && !sh_product_parse_color (color, hex))
    {
      set_error (self, _("The catalogue colour must be written #rrggbb, for example #b0243a."));
      gtk_widget_grab_focus (GTK_WIDGET (self->color_row));
      return FALSE;
    }
  if (selected >= 1 && selected <= self->categories->len)
    category = g_strdup (g_ptr_array_index (self->categories, selected - 1));
  else if (selected == self->categories->len + 1)
    {
      g_autofree char *typed = row_text (self->new_category_row);

      if (typed == NULL)
        {
          set_error (self, _("Name the new category, or choose one from the list."));
          gtk_widget_grab_focus (GTK_WIDGET (self->new_category_row));
          return FALSE;
        }
      /* Lower case, as a catalogue import stores them: "Lipstick" and "lipstick" are one category. */
      category = g_utf8_strdown (typed, -1);
    }

  {
    ShProductRow row = {
      .sku = sku, .brand = brand, .shade = shade, .category = category, .marketplace = marketplace,
      .catalog_color = color != NULL ? hex : NULL,
    };

    ok = product_id != 0 ? sh_project_update_product (project, product_id, &row, &error)
                         : sh_project_create_product (project, &row, &product_id, &error);
  }
  if (!ok)
    {
      /* Translators: the reason after the colon is technical and stays in English. */
      g_autofree char *message = g_strdup_printf (_("The product was not saved: %s"), error->message);

      g_message ("product not saved: %s", error->message);
      set_error (self, message);
      return FALSE;
    }
  set_error (self, NULL);
  g_message ("product %s saved (id %" G_GINT64_FORMAT ")", sku, product_id);
  self->editing = product_id;
  sh_products_window_reload (self);
  {
    /* Translators: a toast after saving a product: its SKU. */
    g_autofree char *saved = g_strdup_printf (_("%s saved"), sku);

    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (saved));
  }
  g_signal_emit (self, signals[SIGNAL_PRODUCT_SAVED], 0, product_id);
  if (id != NULL)
    *id = product_id;
  return TRUE;
}

static void
save_clicked (ShProductsWindow *self)
{
  sh_products_window_save (self, NULL);
}

const char *
sh_products_window_get_error (ShProductsWindow *self)
{
  g_return_val_if_fail (SH_IS_PRODUCTS_WINDOW (self), NULL);
  return self->error;
}

guint
sh_products_window_get_n_products (ShProductsWindow *self)
{
  g_return_val_if_fail (SH_IS_PRODUCTS_WINDOW (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->products));
}

static void
action_new_product (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  new_clicked (SH_PRODUCTS_WINDOW (widget));
}

static void
action_save (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  sh_products_window_save (SH_PRODUCTS_WINDOW (widget), NULL);
}

static void
action_show_lint (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  sh_products_window_show_lint (SH_PRODUCTS_WINDOW (widget));
}

/* ---- GObject ---- */

static void
sh_products_window_dispose (GObject *object)
{
  ShProductsWindow *self = SH_PRODUCTS_WINDOW (object);

  if (self->project_window != NULL)
    {
      if (g_object_get_data (G_OBJECT (self->project_window), "sh-products-window") == self)
        g_object_set_data (G_OBJECT (self->project_window), "sh-products-window", NULL);
      g_clear_weak_pointer (&self->project_window);
    }
  if (self->list_view != NULL)
    gtk_list_view_set_model (self->list_view, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->filter);
  g_clear_object (&self->products);
  g_clear_object (&self->category_names);
  gtk_widget_dispose_template (GTK_WIDGET (self), SH_TYPE_PRODUCTS_WINDOW);
  G_OBJECT_CLASS (sh_products_window_parent_class)->dispose (object);
}

static void
sh_products_window_finalize (GObject *object)
{
  ShProductsWindow *self = SH_PRODUCTS_WINDOW (object);

  g_clear_pointer (&self->categories, g_ptr_array_unref);
  g_clear_pointer (&self->transform, sh_display_transform_unref);
  g_free (self->search);
  g_free (self->error);
  G_OBJECT_CLASS (sh_products_window_parent_class)->finalize (object);
}

static void
sh_products_window_class_init (ShProductsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sh_products_window_dispose;
  object_class->finalize = sh_products_window_finalize;

  g_type_ensure (SH_TYPE_CATALOG_LINT_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/shadelab/Shadelab/ui/sh-products-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ShProductsWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, ShProductsWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, ShProductsWindow, list_stack);
  gtk_widget_class_bind_template_child (widget_class, ShProductsWindow, list_view);
  gtk_widget_class_bind_template_child (widget_class, ShProductsWindow, form_group);
  gtk_widget_class_bind_template_child (widget_class, ShProductsWindow, sku_row);
  gtk_widget_class_bind_template_child (widget_class, ShProductsWindow, brand_row);
  gtk_widget_class_bind_template_child (widget_class, ShProductsWindow, shade_row);
  gtk_widget_class_bind_template_child (widget_class, ShProductsWindow, category_row);
  gtk_widget_class_bind_template_child (widget_class, ShProductsWindow, new_category_row);
  gtk_widget_class_bind_template_child (widget_class, ShProductsWindow, marketplace_row);
  gtk_widget_class_bind_template_child (widget_class, ShProductsWindow, color_row);
  gtk_widget_class_bind_template_child (widget_class, ShProductsWindow, color_button);
  gtk_widget_class_bind_template_child (widget_class, ShProductsWindow, color_names_label);
  gtk_widget_class_bind_template_child (widget_class, ShProductsWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, ShProductsWindow, save_button);
  gtk_widget_class_bind_template_child (widget_class, ShProductsWindow, side_stack);
  gtk_widget_class_bind_template_child (widget_class, ShProductsWindow, lint_page);
  gtk_widget_class_bind_template_child (widget_class, ShProductsWindow, lint_view);
  gtk_widget_class_bind_template_callback (widget_class, lint_product_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, new_clicked);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked);
  gtk_widget_class_bind_template_callback (widget_class, search_changed);

  gtk_widget_class_install_action (widget_class, "products.new", NULL, action_new_product);
  gtk_widget_class_install_action (widget_class, "products.save", NULL, action_save);
  gtk_widget_class_install_action (widget_class, "products.show-lint", NULL, action_show_lint);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "products.new", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "products.show-lint", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "products.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  signals[SIGNAL_PRODUCT_SAVED] =
    g_signal_new ("product-saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE,
                  1, G_TYPE_INT64);
}

static void
sh_products_window_init (ShProductsWindow *self)
{
  GtkListItemFactory *factory;
  GtkFilterListModel *filtered;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->products = g_list_store_new (SH_TYPE_PRODUCT_ITEM);
  self->filter = gtk_custom_filter_new (filter_item, self, NULL);
  filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->products)),
                                        g_object_ref (GTK_FILTER (self->filter)));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (filtered));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect_object (factory, "setup", G_CALLBACK (setup_row), self, 0);
  g_signal_connect_object (factory, "bind", G_CALLBACK (bind_row), self, 0);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->selection, "notify::selected", G_CALLBACK (selection_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->category_row, "notify::selected", G_CALLBACK (category_selected), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->color_row, "changed", G_CALLBACK (color_text_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->color_button, "color-set", G_CALLBACK (color_picked), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sku_row, "entry-activated", G_CALLBACK (save_clicked), self, G_CONNECT_SWAPPED);
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self->list_view));
}

/* ---- construction ---- */

static void
project_window_gone (ShProductsWindow *self)
{
  gtk_window_destroy (GTK_WINDOW (self));
}

ShProductsWindow *
sh_products_window_find (ShProjectWindow *project_window)
{
  g_return_val_if_fail (SH_IS_PROJECT_WINDOW (project_window), NULL);
  return g_object_get_data (G_OBJECT (project_window), "sh-products-window");
}

ShProductsWindow *
sh_products_window_present_for (ShProjectWindow *project_window, ShDisplayTransform *transform)
{
  ShProductsWindow *self;
  g_autofree char *title = NULL;

  g_return_val_if_fail (SH_IS_PROJECT_WINDOW (project_window), NULL);

  if (sh_project_window_get_project (project_window) == NULL)
    return NULL;
  self = sh_products_window_find (project_window);
  if (self != NULL)
    {
      /* Photos labeled since it was open may have changed what the catalogue check finds. */
      run_lint (self);
      gtk_window_present (GTK_WINDOW (self));
      return self;
    }
  self = g_object_new (SH_TYPE_PRODUCTS_WINDOW, "transient-for", project_window,
                       "application", gtk_window_get_application (GTK_WINDOW (project_window)), NULL);
  g_set_weak_pointer (&self->project_window, project_window);
  self->transform = transform != NULL ? sh_display_transform_ref (transform) : NULL;
  /* Translators: the Products window's title: project name. */
  title = g_strdup_printf (_("Products – %s"), sh_project_window_get_name (project_window) != NULL ? sh_project_window_get_name (project_window) : "");
  gtk_window_set_title (GTK_WINDOW (self), title);
  load_categories (self);
  sh_products_window_reload (self);
  sh_products_window_select (self, 0);
  /* The project belongs to the labeling window: this window goes when it closes or opens another. */
  g_signal_connect_object (project_window, "destroy", G_CALLBACK (project_window_gone), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (project_window, "notify::path", G_CALLBACK (project_window_gone), self,
                           G_CONNECT_SWAPPED);
  g_object_set_data (G_OBJECT (project_window), "sh-products-window", self);
  gtk_window_present (GTK_WINDOW (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->sku_row));
  return self;
}
