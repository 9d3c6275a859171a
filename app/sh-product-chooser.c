/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sh-product-chooser.c: Set Product… (see sh-product-chooser.h). */
#define G_LOG_DOMAIN "shadelab-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sh-product-chooser.h"
#include "sh-product-bar.h"
#include "sh-product-item.h"
#include "widgets/a11y-util.h"

struct _ShProductChooser
{
  AdwWindow parent_instance;

  /* Template widgets */
  GtkWidget *choose_button;
  GtkSearchEntry *search_entry;
  GtkStack *stack;
  GtkListView *list_view;
  GtkLabel *current_label;
  GtkWidget *unlink_button;

  GListModel *products;
  GtkCustomFilter *filter;
  GtkFilterListModel *filtered;
  GtkSingleSelection *selection;
  char **words;            /* the search, case-folded */
  ShDisplayTransform *transform;
  gboolean done;
};

G_DEFINE_FINAL_TYPE (ShProductChooser, sh_product_chooser, ADW_TYPE_WINDOW)

enum {
  SIGNAL_CHOSEN,
  SIGNAL_NEW_PRODUCT,
  SIGNAL_IMPORT_CATALOG,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- search ---- */

static char **
split_query (const char *query)
{
  g_autofree char *folded = g_utf8_casefold (query != NULL ? query : "", -1);
  g_auto (GStrv) parts = g_strsplit_set (g_strstrip (folded), " \t", -1);
  g_autoptr (GStrvBuilder) words = g_strv_builder_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    if (*parts[i] != '\0')
      g_strv_builder_add (words, parts[i]);
  return g_strv_builder_end (words);
}

static gboolean
matches_words (const char *text, char **words)
{
  for (guint i = 0; words != NULL && words[i] != NULL; i++)
    if (text == NULL || strstr (text, words[i]) == NULL)
      return FALSE;
  return TRUE;
}

gboolean
sh_product_chooser_matches (const char *casefolded_text, const char *query)
{
  g_auto (GStrv) words = split_query (query);

  return matches_words (casefolded_text, words);
}

static gboolean
filter_item (gpointer item, gpointer user_data)
{
  ShProductChooser *self = user_data;
  g_autofree char *text = NULL;

  g_object_get (item, "search-text", &text, NULL);
  return matches_words (text, self->words);
}

static void
sh_product_chooser_update_state (ShProductChooser *self)
{
  guint n_all = g_list_model_get_n_items (self->products);
  guint n_shown = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));

  gtk_stack_set_visible_child_name (self->stack, n_all == 0 ? "empty" : n_shown == 0 ? "no-match" : "list");
  gtk_widget_set_sensitive (self->choose_button,
                            gtk_single_selection_get_selected (self->selection) != GTK_INVALID_LIST_POSITION);
}

static void
search_changed (ShProductChooser *self)
{
  g_strfreev (self->words);
  self->words = split_query (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  /* The best match is the first: Return takes it. */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) > 0)
    gtk_single_selection_set_selected (self->selection, 0);
  sh_product_chooser_update_state (self);
}

static void
stop_search (ShProductChooser *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

/* Up and Down in the search move through the list, so that the hands stay on the keyboard. */
static gboolean
search_key_pressed (ShProductChooser      *self,
                    guint                  keyval,
                    guint                  keycode,
                    GdkModifierType        state,
                    GtkEventControllerKey *controller)
{
  guint selected = gtk_single_selection_get_selected (self->selection);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  int step;

  if (keyval == GDK_KEY_Down || keyval == GDK_KEY_KP_Down)
    step = 1;
  else if (keyval == GDK_KEY_Up || keyval == GDK_KEY_KP_Up)
    step = -1;
  else
    return FALSE;
  if (n == 0)
    return TRUE;
  if (selected == GTK_INVALID_LIST_POSITION)
    selected = 0;
  else if (step > 0 && selected + 1 < n)
    selected++;
  else if (step < 0 && selected > 0)
    selected--;
  gtk_single_selection_set_selected (self->selection, selected);
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", selected);
  return TRUE;
}

/* ---- rows ---- */

static void
setup_row (GtkSignalListItemFactory *factory, GtkListItem *list_item, ShProductChooser *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *chip = sh_product_chip_new (28);
  GtkWidget *sku = gtk_label_new (NULL);
  GtkWidget *details = gtk_label_new (NULL);
  GtkWidget *names = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (sku), 0);
  gtk_label_set_ellipsize (GTK_LABEL (sku), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (sku, "heading");
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
  gtk_widget_set_margin_top (box, 3);
  gtk_widget_set_margin_bottom (box, 3);
  g_object_set_data (G_OBJECT (box), "chip", chip);
  g_object_set_data (G_OBJECT (box), "sku", sku);
  g_object_set_data (G_OBJECT (box), "details", details);
  g_object_set_data (G_OBJECT (box), "names", names);
  gtk_list_item_set_child (list_item, box);
}

static void
bind_row (GtkSignalListItemFactory *factory, GtkListItem *list_item, ShProductChooser *self)
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

/* ---- choosing ---- */

static void
sh_product_chooser_finish (ShProductChooser *self, gint64 product_id)
{
  if (self->done)
    return;
  self->done = TRUE;
  g_signal_emit (self, signals[SIGNAL_CHOSEN], 0, product_id);
  gtk_window_destroy (GTK_WINDOW (self));
}

gboolean
sh_product_chooser_choose (ShProductChooser *self)
{
  gint64 id;

  g_return_val_if_fail (SH_IS_PRODUCT_CHOOSER (self), FALSE);
  id = sh_product_chooser_get_selected (self);
  if (id == 0)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return FALSE;
    }
  sh_product_chooser_finish (self, id);
  return TRUE;
}

static void
choose_clicked (ShProductChooser *self)
{
  sh_product_chooser_choose (self);
}

static void
item_activated (ShProductChooser *self, guint position, GtkListView *view)
{
  gtk_single_selection_set_selected (self->selection, position);
  sh_product_chooser_choose (self);
}

static void
unlink_clicked (ShProductChooser *self)
{
  sh_product_chooser_finish (self, 0);
}

static void
new_product_clicked (ShProductChooser *self)
{
  g_signal_emit (self, signals[SIGNAL_NEW_PRODUCT], 0);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
import_catalog_clicked (ShProductChooser *self)
{
  g_signal_emit (self, signals[SIGNAL_IMPORT_CATALOG], 0);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
selection_changed (ShProductChooser *self)
{
  sh_product_chooser_update_state (self);
}

/* ---- public ---- */

ShProductChooser *
sh_product_chooser_new (GtkWindow *parent, GListModel *products, gint64 current_product,
                        ShDisplayTransform *transform)
{
  ShProductChooser *self;
  GtkListItemFactory *factory;
  guint position;

  g_return_val_if_fail (G_IS_LIST_MODEL (products), NULL);

  self = g_object_new (SH_TYPE_PRODUCT_CHOOSER, "transient-for", parent, NULL);
  self->transform = transform != NULL ? sh_display_transform_ref (transform) : NULL;
  self->products = g_object_ref (products);
  self->filter = gtk_custom_filter_new (filter_item, self, NULL);
  self->filtered = gtk_filter_list_model_new (g_object_ref (products), g_object_ref (GTK_FILTER (self->filter)));
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->filtered)));
  gtk_single_selection_set_autoselect (self->selection, TRUE);
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect_object (factory, "setup", G_CALLBACK (setup_row), self, 0);
  g_signal_connect_object (factory, "bind", G_CALLBACK (bind_row), self, 0);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->selection, "notify::selected", G_CALLBACK (selection_changed), self,
                           G_CONNECT_SWAPPED);

  /* The photo's product first, so that Return keeps it and Unlink says what goes. */
  position = current_product != 0 ? sh_product_item_find (products, current_product) : G_MAXUINT;
  gtk_widget_set_visible (self->unlink_button, position != G_MAXUINT);
  if (position != G_MAXUINT)
    {
      g_autoptr (ShProductItem) item = g_list_model_get_item (products, position);
      /* Translators: the product the photo is linked to now, in the Set Product dialog. */
      g_autofree char *now = g_strdup_printf (_("Now: %s"), sh_product_item_get_product (item)->sku);

      gtk_label_set_text (self->current_label, now);
      gtk_single_selection_set_selected (self->selection, position);
    }
  else
    gtk_label_set_text (self->current_label, _("The photo has no product yet"));
  sh_product_chooser_update_state (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  return self;
}

void
sh_product_chooser_set_search (ShProductChooser *self, const char *text)
{
  g_return_if_fail (SH_IS_PRODUCT_CHOOSER (self));
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text != NULL ? text : "");
  /* The entry reports a change after a delay; the filter follows at once. */
  search_changed (self);
}

guint
sh_product_chooser_get_n_matches (ShProductChooser *self)
{
  g_return_val_if_fail (SH_IS_PRODUCT_CHOOSER (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
}

gint64
sh_product_chooser_get_selected (ShProductChooser *self)
{
  ShProductItem *item;

  g_return_val_if_fail (SH_IS_PRODUCT_CHOOSER (self), 0);
  item = gtk_single_selection_get_selected_item (self->selection);
  return item != NULL ? sh_product_item_get_id (item) : 0;
}

/* ---- GObject ---- */

static void
sh_product_chooser_dispose (GObject *object)
{
  ShProductChooser *self = SH_PRODUCT_CHOOSER (object);

  if (self->list_view != NULL)
    gtk_list_view_set_model (self->list_view, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->products);
  gtk_widget_dispose_template (GTK_WIDGET (self), SH_TYPE_PRODUCT_CHOOSER);
  G_OBJECT_CLASS (sh_product_chooser_parent_class)->dispose (object);
}

static void
sh_product_chooser_finalize (GObject *object)
{
  ShProductChooser *self = SH_PRODUCT_CHOOSER (object);

  g_strfreev (self->words);
  g_clear_pointer (&self->transform, sh_display_transform_unref);
  G_OBJECT_CLASS (sh_product_chooser_parent_class)->finalize (object);
}

static void
sh_product_chooser_class_init (ShProductChooserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sh_product_chooser_dispose;
  object_class->finalize = sh_product_chooser_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/shadelab/Shadelab/ui/sh-product-chooser.ui");
  gtk_widget_class_bind_template_child (widget_class, ShProductChooser, choose_button);
  gtk_widget_class_bind_template_child (widget_class, ShProductChooser, search_entry);
  gtk_widget_class_bind_template_child (widget_class, ShProductChooser, stack);
  gtk_widget_class_bind_template_child (widget_class, ShProductChooser, list_view);
  gtk_widget_class_bind_template_child (widget_class, ShProductChooser, current_label);
  gtk_widget_class_bind_template_child (widget_class, ShProductChooser, unlink_button);
  gtk_widget_class_bind_template_callback (widget_class, choose_clicked);
  gtk_widget_class_bind_template_callback (widget_class, search_changed);
  gtk_widget_class_bind_template_callback (widget_class, stop_search);
  gtk_widget_class_bind_template_callback (widget_class, item_activated);
  gtk_widget_class_bind_template_callback (widget_class, unlink_clicked);
  gtk_widget_class_bind_template_callback (widget_class, new_product_clicked);
  gtk_widget_class_bind_template_callback (widget_class, import_catalog_clicked);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  signals[SIGNAL_CHOSEN] =
    g_signal_new ("chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                  G_TYPE_INT64);
  signals[SIGNAL_NEW_PRODUCT] =
    g_signal_new ("new-product", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_IMPORT_CATALOG] =
    g_signal_new ("import-catalog", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
sh_product_chooser_init (ShProductChooser *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (search_key_pressed), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), keys);
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));
}
