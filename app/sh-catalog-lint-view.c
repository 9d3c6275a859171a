/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sh-catalog-lint-view.c: the catalogue lint as a list (see sh-catalog-lint-view.h). */
#define G_LOG_DOMAIN "shadelab-window"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "core/formats/color-names.h"
#include "sh-catalog-lint-view.h"

struct _ShCatalogLintView
{
  GtkWidget parent_instance;

  GtkStack *stack;
  AdwStatusPage *empty_page;
  GtkLabel *summary_label;
  GtkListBox *list_box;
  GArray *product_ids;               /* gint64, one per row */
};

G_DEFINE_FINAL_TYPE (ShCatalogLintView, sh_catalog_lint_view, GTK_TYPE_WIDGET)

/* Rows shown at most: a catalogue with thousands of problems stays quick to reload after each save, and the
 * command line lists them all. */
#define MAX_ROWS 200

enum {
  SIGNAL_PRODUCT_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* "#841b2d Deep Red (ISCC-NBS 13) · deep cool red" */
static char *
describe (const char *hex, const double lab[3])
{
  g_autofree char *names = sh_color_names_describe (lab);

  return g_strdup_printf ("%s %s", hex, names != NULL ? names : "");
}

/* The row's title and subtitle: what is wrong with which SKU, then the numbers that show it. */
static void
problem_texts (const ShLintProblem *problem, double threshold, char **title, char **subtitle)
{
  g_autofree char *catalog = NULL;
  g_autofree char *measured = NULL;

  switch (problem->kind)
    {
    case SH_LINT_FAR_FROM_CATALOG:
      catalog = describe (problem->catalog_hex, problem->catalog_lab);
      measured = describe (problem->measured_hex, problem->measured_lab);
      /* Translators: %s is a SKU */
      *title = g_strdup_printf (_("%s: photos far from the catalogue colour"), problem->sku);
      *subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                /* Translators: catalogue colour, measured colour (each "#rrggbb
                                                 * and its names"), number of photos, CIEDE2000, threshold */
                                                "Catalogue %s, measured %s on %u photo: ΔE00 %.1f above %g",
                                                "Catalogue %s, measured %s on %u photos: ΔE00 %.1f above %g",
                                                problem->photos),
                                   catalog, measured, problem->photos, problem->delta_e, threshold);
      break;
    case SH_LINT_SAME_SHADE:
      /* Translators: two SKUs */
      *title = g_strdup_printf (_("%s and %s: the same shade"), problem->sku, problem->other_sku);
      if (problem->measured_basis)
        /* Translators: brand, measured colour "#rrggbb", CIEDE2000, threshold */
        *subtitle = g_strdup_printf (_("Brand %s, measured colour %s: ΔE00 %.2f below %g"), problem->brand,
                                     problem->measured_hex, problem->delta_e, SH_CATALOG_LINT_SAME_SHADE_DELTA_E);
      else
        /* Translators: brand, catalogue colour "#rrggbb", CIEDE2000, threshold */
        *subtitle = g_strdup_printf (_("Brand %s, catalogue colour %s: ΔE00 %.2f below %g"), problem->brand,
                                     problem->catalog_hex, problem->delta_e, SH_CATALOG_LINT_SAME_SHADE_DELTA_E);
      break;
    case SH_LINT_COLOR_WITHOUT_PHOTOS:
      {
        g_autofree char *names = sh_color_names_describe_hex (problem->catalog_hex);

        *title = g_strdup_printf (_("%s: a catalogue colour but no photos"), problem->sku);
        /* Translators: "#rrggbb" and its names */
        *subtitle = g_strdup_printf (_("Catalogue %s %s: link photos to it to check the colour"),
                                     problem->catalog_hex, names != NULL ? names : "");
      }
      break;
    case SH_LINT_PHOTOS_WITHOUT_COLOR:
      *title = g_strdup_printf (_("%s: photos but no catalogue colour"), problem->sku);
      *subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u photo; give the product its catalogue colour",
                                                "%u photos; give the product its catalogue colour", problem->photos),
                                   problem->photos);
      break;
    case SH_LINT_NAME_CONTRADICTS:
    default:
      measured = describe (problem->measured_hex, problem->measured_lab);
      *title = g_strdup_printf (_("%s: the shade name says another colour"), problem->sku);
      /* Translators: shade name, the family it names ("red"), its colour word ("ruby"), measured colour */
      *subtitle = g_strdup_printf (_("“%s” says %s (“%s”), measured %s"), problem->shade,
                                   sh_shade_family_name (problem->named_family), problem->keyword, measured);
      break;
    }
}

static void
row_activated_cb (GtkListBox *list_box, GtkListBoxRow *row, ShCatalogLintView *self)
{
  int index = gtk_list_box_row_get_index (row);

  if (index >= 0 && (guint) index < self->product_ids->len)
    g_signal_emit (self, signals[SIGNAL_PRODUCT_ACTIVATED], 0, g_array_index (self->product_ids, gint64, index));
}

void
sh_catalog_lint_view_set_lint (ShCatalogLintView *self, const ShCatalogLint *lint)
{
  GtkWidget *row;

  g_return_if_fail (SH_IS_CATALOG_LINT_VIEW (self));

  while ((row = GTK_WIDGET (gtk_list_box_get_row_at_index (self->list_box, 0))) != NULL)
    gtk_list_box_remove (self->list_box, row);
  g_array_set_size (self->product_ids, 0);

  if (lint == NULL || lint->problems->len == 0)
    {
      g_autofree char *description = NULL;

      /* Nothing checked yet says so, rather than a clean catalogue. */
      adw_status_page_set_title (self->empty_page,
                                 lint != NULL ? _("No Catalogue Problems") : _("Catalogue Not Checked Yet"));
      if (lint != NULL)
        description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                    "The photos of the %u product agree with the catalogue.",
                                                    "The photos of the %u products agree with the catalogue.",
                                                    lint->n_products),
                                       lint->n_products);
      adw_status_page_set_description (self->empty_page, description);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  {
    g_autofree char *summary =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u problem in %u products", "%u problems in %u products",
                                      lint->problems->len),
                         lint->problems->len, lint->n_products);
    gtk_label_set_text (self->summary_label, summary);
  }
  for (guint i = 0; i < MIN (lint->problems->len, MAX_ROWS); i++)
    {
      const ShLintProblem *problem = &g_array_index (lint->problems, ShLintProblem, i);
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;

      problem_texts (problem, lint->threshold, &title, &subtitle);
      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_widget_set_tooltip_text (row, _("Select this product"));
      gtk_list_box_append (self->list_box, row);
      g_array_append_val (self->product_ids, problem->product_id);
    }
  if (lint->problems->len > MAX_ROWS)
    {
      guint more = lint->problems->len - MAX_ROWS;
      g_autofree char *text =
          g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u more problem: shadelab-cli lint lists them all.",
                                        "%u more problems: shadelab-cli lint lists them all.", more),
                           more);
      GtkWidget *label = gtk_label_new (text);

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_set_margin_top (label, 12);
      gtk_widget_set_margin_bottom (label, 12);
      gtk_list_box_append (self->list_box, label);
      gtk_list_box_row_set_activatable (gtk_list_box_get_row_at_index (self->list_box, MAX_ROWS), FALSE);
    }
  gtk_stack_set_visible_child_name (self->stack, "list");
}

GStrv
sh_catalog_lint_view_dup_texts (ShCatalogLintView *self)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  GtkListBoxRow *row;

  g_return_val_if_fail (SH_IS_CATALOG_LINT_VIEW (self), NULL);
  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->list_box, i)) != NULL; i++)
    {
      g_autofree char *text = NULL;

      if (ADW_IS_ACTION_ROW (row))
        text = g_strdup_printf ("%s\n%s", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                                adw_action_row_get_subtitle (ADW_ACTION_ROW (row)));
      else
        text = g_strdup (gtk_label_get_text (GTK_LABEL (gtk_list_box_row_get_child (row))));
      g_strv_builder_add (builder, text);
    }
  return g_strv_builder_end (builder);
}

void
sh_catalog_lint_view_activate (ShCatalogLintView *self, guint index)
{
  GtkListBoxRow *row;

  g_return_if_fail (SH_IS_CATALOG_LINT_VIEW (self));
  row = gtk_list_box_get_row_at_index (self->list_box, (int) index);
  g_return_if_fail (row != NULL);
  g_signal_emit_by_name (self->list_box, "row-activated", row);
}

static void
sh_catalog_lint_view_dispose (GObject *object)
{
  ShCatalogLintView *self = SH_CATALOG_LINT_VIEW (object);

  if (self->stack != NULL)
    gtk_widget_unparent (GTK_WIDGET (self->stack));
  self->stack = NULL;
  G_OBJECT_CLASS (sh_catalog_lint_view_parent_class)->dispose (object);
}

static void
sh_catalog_lint_view_finalize (GObject *object)
{
  ShCatalogLintView *self = SH_CATALOG_LINT_VIEW (object);

  g_array_unref (self->product_ids);
  G_OBJECT_CLASS (sh_catalog_lint_view_parent_class)->finalize (object);
}

static void
sh_catalog_lint_view_class_init (ShCatalogLintViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sh_catalog_lint_view_dispose;
  object_class->finalize = sh_catalog_lint_view_finalize;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  signals[SIGNAL_PRODUCT_ACTIVATED] =
    g_signal_new ("product-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);
}

static void
sh_catalog_lint_view_init (ShCatalogLintView *self)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *intro;

  self->product_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_parent (GTK_WIDGET (self->stack), GTK_WIDGET (self));

  self->empty_page = ADW_STATUS_PAGE (adw_status_page_new ());
  adw_status_page_set_icon_name (self->empty_page, "emblem-ok-symbolic");
  adw_status_page_set_title (self->empty_page, _("No Catalogue Problems"));
  gtk_widget_add_css_class (GTK_WIDGET (self->empty_page), "compact");
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->empty_page), "empty");

  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 18);
  self->summary_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->summary_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->summary_label), "heading");
  intro = gtk_label_new (_("What the photos show about the catalogue, as shadelab-cli lint lists it. "
                           "Activate a problem to select its product."));
  gtk_label_set_xalign (GTK_LABEL (intro), 0);
  gtk_label_set_wrap (GTK_LABEL (intro), TRUE);
  gtk_widget_add_css_class (intro, "dim-label");
  self->list_box = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list_box, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list_box), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list_box), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Catalogue problems"), -1);
  g_signal_connect_object (self->list_box, "row-activated", G_CALLBACK (row_activated_cb), self, 0);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->summary_label));
  gtk_box_append (GTK_BOX (box), intro);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->list_box));
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 640);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_stack_add_named (self->stack, scrolled, "list");
  sh_catalog_lint_view_set_lint (self, NULL);
}

GtkWidget *
sh_catalog_lint_view_new (void)
{
  return g_object_new (SH_TYPE_CATALOG_LINT_VIEW, NULL);
}
