/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sh-calibration-window.c: the calibration workspace of a project (see sh-calibration-window.h); its actions
 * are in sh-calibration-window-actions.c, the four-way comparison is an ShCalibrationComparison. */
#define G_LOG_DOMAIN "shadelab-calibration"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "color/colorspace.h"
#include "core/formats/color-names.h"
#include "core/formats/material-json.h"
#include "core/models/material-history.h"
#include "core/store/project-products.h"
#include "core/store/project-reference.h"
#include "core/store/review.h"
#include "monitor-profile.h"
#include "widgets/a11y-util.h"
#include "sh-calibration-window-private.h"
#include "sh-review-view.h"
#include "widgets/sh-swatch-view.h"

/* A value typed or nudged with the keyboard is one change once it has been still this long. */
#define COMMIT_DELAY_MS 400

/* The material parameters that have a slider: their labels, ranges and spin buttons (named after the
 * parameter) are in sh-calibration-window.ui, in this order. */
typedef struct {
  const char *name;        /* materials column, or "coverage" */
  size_t offset;           /* the double in ShMaterial */
  gboolean stored;         /* FALSE: the renderer's own, previewed only */
} Slider;

#define FIELD(field) G_STRUCT_OFFSET (ShMaterial, field)

static const Slider sliders[] = {
  { "roughness", FIELD (roughness), TRUE },
  { "metallic", FIELD (metallic), TRUE },
  { "specular", FIELD (specular), TRUE },
  { "ior", FIELD (ior), TRUE },
  { "clearcoat", FIELD (clearcoat), TRUE },
  { "clearcoat_roughness", FIELD (clearcoat_roughness), TRUE },
  { "sheen_roughness", FIELD (sheen_roughness), TRUE },
  { "glitter_density", FIELD (glitter_density), TRUE },
  { "glitter_size", FIELD (glitter_size), TRUE },
  { "coverage", FIELD (coverage), FALSE },
};
G_STATIC_ASSERT (G_N_ELEMENTS (sliders) == SH_CALIBRATION_N_SLIDERS);

/* The finish presets, in dropdown order, are color/material.h's (one vocabulary with the swatch panel). */

struct _ShCalibrationProduct
{
  gint64 id;
  char *sku;
  char *brand;
  char *shade;
  ShMaterial material;
  const char *finish;          /* static strings */
  const char *color_source;
  GtkWidget *row;              /* borrowed: the product list owns it */
  GtkWidget *swatch;           /* borrowed: inside row */
};
typedef ShCalibrationProduct Product;

G_DEFINE_FINAL_TYPE (ShCalibrationWindow, sh_calibration_window, ADW_TYPE_APPLICATION_WINDOW)

static void sh_calibration_window_show_material (ShCalibrationWindow *self);
static void sh_calibration_window_start_comparison (ShCalibrationWindow *self);
static void sh_calibration_window_select (ShCalibrationWindow *self, Product *product);
static void sh_calibration_window_update_tuned (ShCalibrationWindow *self);
static void set_controls_sensitive (ShCalibrationWindow *self, gboolean sensitive);

static void
product_free (gpointer data)
{
  Product *product = data;

  g_free (product->sku);
  g_free (product->brand);
  g_free (product->shade);
  g_free (product);
}

static gboolean project_alive (ShCalibrationWindow *self);

/* Every change the store refuses stays on screen as a banner, as in the labeling window: the change was not
 * saved, what to do, and the store's own (technical, untranslated) reason. It goes when a later change is
 * saved. The project belongs to the labeling window, so that is where it is reopened. */
void
_sh_calibration_window_save_failed (ShCalibrationWindow *self, const GError *error)
{
  g_autofree char *message = NULL;
  const char *what_to_do;
  gboolean lost = g_error_matches (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_LOST);
  gboolean reopen = TRUE;

  g_warning ("change not saved: %s", error->message);
  if (lost)
    what_to_do = _("Shadelab can no longer save to this project safely. Reopen the project from the labeling "
                   "window (Reopen Project) to go on; this window closes with it.");
  else if (g_error_matches (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_FULL))
    {
      what_to_do = _("The disk is full. Free some space, then make the change again.");
      reopen = FALSE;
    }
  else if (g_error_matches (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_READ_ONLY))
    what_to_do = _("The project cannot be written. Check the file’s permissions, then reopen the project from "
                   "the labeling window.");
  else
    what_to_do = _("Try the change again; if it fails again, reopen the project from the labeling window.");
  /* Translators: the banner shown when saving failed: what to do, then the technical reason (in English). */
  message = g_strdup_printf (_("Your last change was not saved. %s\n%s"), what_to_do, error->message);
  gtk_label_set_text (self->save_failed_label, message);
  gtk_widget_set_visible (self->labeling_window_button, reopen && self->project_window != NULL);
  gtk_revealer_set_reveal_child (self->save_failed_revealer, TRUE);
  /* The whole project refuses changes now: the labeling window says so too, with its Reopen button. */
  if (lost && project_alive (self))
    sh_project_window_show_save_failure (self->project_window, error);
}

/* A later change was saved: the failure is no longer the last word. */
void
_sh_calibration_window_hide_save_failure (ShCalibrationWindow *self)
{
  gtk_revealer_set_reveal_child (self->save_failed_revealer, FALSE);
}

/* ---- text forms of values, as the store takes them ---- */

static char *
number_value (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.4f", value));
}

static char *
hex_value (const double linear[3])
{
  uint8_t rgb[3];
  char hex[8];

  sh_linear_srgb_to_srgb8 (linear, rgb);
  sh_format_hex (rgb, hex);
  return g_strdup (hex);
}

static char *
triple_value (const double linear[3])
{
  char r[G_ASCII_DTOSTR_BUF_SIZE], g[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup_printf ("[%s,%s,%s]", g_ascii_formatd (r, sizeof r, "%.4f", MAX (linear[0], 0)),
                          g_ascii_formatd (g, sizeof g, "%.4f", MAX (linear[1], 0)),
                          g_ascii_formatd (b, sizeof b, "%.4f", MAX (linear[2], 0)));
}

static void
linear_to_rgba (const double linear[3], GdkRGBA *rgba)
{
  rgba->red = (float) sh_srgb_encode (CLAMP (linear[0], 0, 1));
  rgba->green = (float) sh_srgb_encode (CLAMP (linear[1], 0, 1));
  rgba->blue = (float) sh_srgb_encode (CLAMP (linear[2], 0, 1));
  rgba->alpha = 1;
}

static void
rgba_to_linear (const GdkRGBA *rgba, double linear[3])
{
  /* Through 8 bits, as the store keeps hex colours. */
  linear[0] = sh_srgb_decode (round (CLAMP (rgba->red, 0, 1) * 255) / 255.0);
  linear[1] = sh_srgb_decode (round (CLAMP (rgba->green, 0, 1) * 255) / 255.0);
  linear[2] = sh_srgb_decode (round (CLAMP (rgba->blue, 0, 1) * 255) / 255.0);
}

/* ---- products ---- */

static Product *
find_product (ShCalibrationWindow *self, gint64 id)
{
  for (guint i = 0; i < self->products->len; i++)
    {
      Product *product = g_ptr_array_index (self->products, i);
      if (product->id == id)
        return product;
    }
  return NULL;
}

static Product *
find_product_by_sku (ShCalibrationWindow *self, const char *sku)
{
  for (guint i = 0; sku != NULL && i < self->products->len; i++)
    {
      Product *product = g_ptr_array_index (self->products, i);
      if (strcmp (product->sku, sku) == 0)
        return product;
    }
  return NULL;
}

/* The row's tooltip and accessible label: SKU, brand and shade, and the product's colour in words. */
static void
product_row_describe (Product *product)
{
  g_autofree char *details = g_strjoin (" · ", product->brand != NULL ? product->brand : "",
                                        product->shade != NULL ? product->shade : "", NULL);
  double lab[3];
  g_autofree char *names = NULL;
  g_autofree char *tooltip = NULL;
  g_autofree char *accessible = NULL;

  sh_linear_srgb_to_lab (product->material.base_color, lab);
  names = sh_color_names_describe (lab);
  tooltip = names != NULL ? g_strdup_printf ("%s\n%s", details, names) : g_strdup (details);
  accessible = g_strdup_printf ("%s, %s%s%s", product->sku, details, names != NULL ? ", " : "",
                                names != NULL ? names : "");
  gtk_widget_set_tooltip_text (product->row, tooltip);
  sh_accessible_set_label (product->row, accessible);
}

static GtkWidget *
product_row_new (ShCalibrationWindow *self, Product *product)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *sku = gtk_label_new (product->sku);
  g_autofree char *details = g_strjoin (" · ", product->brand != NULL ? product->brand : "",
                                        product->shade != NULL ? product->shade : "", NULL);
  GtkWidget *detail = gtk_label_new (details);
  GtkWidget *row = gtk_list_box_row_new ();

  product->swatch = sh_swatch_view_new ();
  gtk_widget_set_size_request (product->swatch, 36, 36);
  /* The row's width goes to the names, not the chip. */
  sh_swatch_view_set_natural_size (SH_SWATCH_VIEW (product->swatch), 36, 36);
  gtk_widget_set_valign (product->swatch, GTK_ALIGN_CENTER);
  gtk_widget_set_hexpand (product->swatch, FALSE);
  gtk_widget_set_hexpand (labels, TRUE);
  sh_swatch_view_set_display_transform (SH_SWATCH_VIEW (product->swatch), self->transform);
  sh_swatch_view_set_linear_srgb (SH_SWATCH_VIEW (product->swatch), product->material.base_color);
  gtk_label_set_xalign (GTK_LABEL (sku), 0);
  gtk_label_set_ellipsize (GTK_LABEL (sku), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  /* Brand and shade on two lines rather than the shade cut off in the narrow list. */
  gtk_label_set_wrap (GTK_LABEL (detail), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (detail), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (detail), 2);
  gtk_label_set_ellipsize (GTK_LABEL (detail), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (detail, "dim-label");
  gtk_widget_add_css_class (detail, "caption");
  gtk_box_append (GTK_BOX (labels), sku);
  gtk_box_append (GTK_BOX (labels), detail);
  gtk_box_append (GTK_BOX (box), product->swatch);
  gtk_box_append (GTK_BOX (box), labels);
  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data (G_OBJECT (row), "product", product);
  product->row = row;
  product_row_describe (product);
  return row;
}

static void
sh_calibration_window_load_products (ShCalibrationWindow *self)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) entries = sh_project_list_product_materials (self->reader, &error);

  if (entries == NULL)
    {
      g_warning ("reading the products: %s", error->message);
      return;
    }
  for (guint i = 0; i < entries->len; i++)
    {
      ShProductMaterialEntry *entry = g_ptr_array_index (entries, i);
      Product *product;

      /* Products without any colour have nothing to calibrate yet. */
      if (!entry->has_color)
        continue;
      product = g_new0 (Product, 1);
      product->id = entry->id;
      product->sku = g_steal_pointer (&entry->sku);
      product->brand = g_steal_pointer (&entry->brand);
      product->shade = g_steal_pointer (&entry->shade);
      product->material = entry->resolved.material;
      product->finish = entry->resolved.finish;
      product->color_source = entry->resolved.color_source;
      g_ptr_array_add (self->products, product);
      gtk_list_box_append (self->product_list, product_row_new (self, product));
    }
}

/* Reads a product's material back from the store, as the export resolves it. */
static void
sh_calibration_window_reload_product (ShCalibrationWindow *self, Product *product)
{
  g_autoptr (GError) error = NULL;
  ShProductMaterial resolved;
  double coverage = self->material.coverage;

  /* When even reading fails, what was last read stays: the controls never keep a change the store refused. */
  if (sh_project_get_product_material (self->reader, product->sku, &resolved, &error))
    {
      product->material = resolved.material;
      product->finish = resolved.finish;
      product->color_source = resolved.color_source;
    }
  else
    g_warning ("reading %s: %s", product->sku, error->message);
  sh_swatch_view_set_linear_srgb (SH_SWATCH_VIEW (product->swatch), product->material.base_color);
  product_row_describe (product);
  if (product == self->selected)
    {
      self->material = product->material;
      self->material.coverage = coverage;
      sh_calibration_window_show_material (self);
    }
}

/* ---- the audit log ---- */

static char *
audit_value (const char *value)
{
  /* Translators: an empty material parameter in the audit log (the default applies). */
  return g_strdup (value != NULL ? value : _("unset"));
}

void
_sh_calibration_window_update_audit_log (ShCalibrationWindow *self)
{
  g_autoptr (GPtrArray) changes = NULL;
  g_autoptr (GError) error = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->audit_list))) != NULL)
    gtk_list_box_remove (self->audit_list, child);
  self->audit_rows = 0;
  if (self->selected == NULL)
    {
      gtk_label_set_text (self->audit_title, _("No product selected"));
      return;
    }
  {
    g_autofree char *title = g_strdup_printf (_("Changes to %s, newest first"), self->selected->sku);
    gtk_label_set_text (self->audit_title, title);
  }
  changes = sh_review_list_material_changes (self->reader, self->selected->id, 500, &error);
  if (changes == NULL)
    {
      g_warning ("reading the audit log of %s: %s", self->selected->sku, error->message);
      return;
    }
  /* One row per change: a preset lists every parameter it moved, one per line. */
  for (guint i = 0; i < changes->len; i++)
    {
      const ShReviewChange *entry = g_ptr_array_index (changes, i);
      g_autofree char *when = g_strndup (entry->at != NULL ? entry->at : "", 16);
      g_autoptr (GString) change = g_string_new (NULL);
      g_autofree char *meta = NULL;
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *first, *second;

      if (strlen (when) > 10)
        when[10] = ' ';
      for (guint v = 0; v < entry->values->len; v++)
        {
          const ShReviewValue *value = g_ptr_array_index (entry->values, v);
          g_autofree char *from = audit_value (value->before);
          g_autofree char *to = audit_value (value->after);

          if (v > 0)
            g_string_append_c (change, '\n');
          /* Translators: an audit row: parameter, old value, new value. */
          g_string_append_printf (change, _("%s: %s → %s"), value->parameter, from, to);
        }
      meta = entry->note != NULL && *entry->note != '\0'
               /* Translators: who changed it, when (UTC), and why. */
               ? g_strdup_printf (_("%s, %s UTC — “%s”"), entry->who, when, entry->note)
               : g_strdup_printf (_("%s, %s UTC"), entry->who, when);
      first = gtk_label_new (change->str);
      second = gtk_label_new (meta);
      gtk_label_set_xalign (GTK_LABEL (first), 0);
      gtk_label_set_selectable (GTK_LABEL (first), TRUE);
      gtk_label_set_xalign (GTK_LABEL (second), 0);
      gtk_label_set_wrap (GTK_LABEL (second), TRUE);
      gtk_widget_add_css_class (second, "dim-label");
      gtk_widget_add_css_class (second, "caption");
      gtk_box_append (GTK_BOX (box), first);
      gtk_box_append (GTK_BOX (box), second);
      gtk_widget_set_margin_start (box, 8);
      gtk_widget_set_margin_end (box, 8);
      gtk_widget_set_margin_top (box, 6);
      gtk_widget_set_margin_bottom (box, 6);
      gtk_list_box_append (self->audit_list, box);
      self->audit_rows++;
    }
  if (self->audit_rows == 0)
    {
      GtkWidget *empty = gtk_label_new (_("No changes yet: the values come from the photo or the catalogue."));
      gtk_widget_set_margin_top (empty, 12);
      gtk_widget_set_margin_bottom (empty, 12);
      gtk_widget_add_css_class (empty, "dim-label");
      gtk_list_box_append (self->audit_list, empty);
    }
}

/* ---- controls ---- */

void
_sh_calibration_window_update_actions (ShCalibrationWindow *self)
{
  gboolean can_edit = self->selected != NULL && !sh_project_is_read_only (self->project);
  const char *undo = sh_material_history_get_undo_label (self->history);
  const char *redo = sh_material_history_get_redo_label (self->history);
  g_autofree char *undo_tip = undo != NULL ? g_strdup_printf (_("Undo %s (Ctrl+Z)"), undo) : g_strdup (_("Undo (Ctrl+Z)"));
  g_autofree char *redo_tip = redo != NULL ? g_strdup_printf (_("Redo %s (Ctrl+Shift+Z)"), redo)
                                           : g_strdup (_("Redo (Ctrl+Shift+Z)"));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo", sh_material_history_can_undo (self->history));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.redo", sh_material_history_can_redo (self->history));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.apply-preset", can_edit);
  gtk_widget_set_tooltip_text (self->undo_button, undo_tip);
  gtk_widget_set_tooltip_text (self->redo_button, redo_tip);
}

static void
sh_calibration_window_show_material (ShCalibrationWindow *self)
{
  const ShMaterial *m = &self->material;
  GdkRGBA rgba;
  ShMaterialFinish finish;

  self->updating = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (sliders); i++)
    gtk_adjustment_set_value (self->adjustments[i], G_STRUCT_MEMBER (double, m, sliders[i].offset));
  linear_to_rgba (m->base_color, &rgba);
  gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (self->base_color_button), &rgba);
  linear_to_rgba (m->specular_color, &rgba);
  gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (self->specular_color_button), &rgba);
  linear_to_rgba (m->sheen_color, &rgba);
  gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (self->sheen_color_button), &rgba);
  gtk_check_button_set_active (self->glitter_color_check, m->has_glitter_color);
  gtk_widget_set_sensitive (GTK_WIDGET (self->glitter_color_button), m->has_glitter_color);
  if (m->has_glitter_color)
    {
      linear_to_rgba (m->glitter_color, &rgba);
      gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (self->glitter_color_button), &rgba);
    }
  if (self->selected != NULL && sh_material_finish_from_name (self->selected->finish, &finish))
    gtk_drop_down_set_selected (self->finish_dropdown, (guint) finish);
  else
    gtk_drop_down_set_selected (self->finish_dropdown, GTK_INVALID_LIST_POSITION);
  self->updating = FALSE;

  sh_tone_grid_set_material (self->tone_grid, self->selected != NULL ? &self->material : NULL);
  sh_tryon_row_set_material (self->tryon_row, self->selected != NULL ? &self->material : NULL);
  set_controls_sensitive (self, self->selected != NULL);
  sh_calibration_window_update_tuned (self);
  _sh_calibration_window_update_actions (self);
}

static const char *
note_text (ShCalibrationWindow *self)
{
  const char *note = gtk_editable_get_text (GTK_EDITABLE (self->note_entry));

  return note != NULL && *note != '\0' ? note : NULL;
}

/* Before a product's first calibrated value, its roughness and clearcoat come from its finish's starting
 * point, and the export keeps that clearcoat only while the material sets neither roughness nor clearcoat.
 * The first change therefore writes down the starting point too, so that what the artist sees on the grid
 * stays what is exported. */
static void
pin_starting_point (ShCalibrationWindow *self)
{
  static const char *const pinned[] = { "roughness", "clearcoat", "clearcoat_roughness" };
  const double values[] = { self->material.roughness, self->material.clearcoat, self->material.clearcoat_roughness };
  g_autofree char *roughness = NULL;
  gboolean has_row = FALSE;

  roughness = sh_material_history_get_stored (self->history, self->selected->id, "roughness", &has_row, NULL);
  if (roughness != NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (pinned); i++)
    if (!sh_material_history_get_staged (self->history, pinned[i], NULL))
      {
        g_autofree char *value = number_value (values[i]);
        sh_material_history_set (self->history, self->selected->id, pinned[i], value, note_text (self), NULL);
      }
}

static gboolean
commit_timeout_cb (gpointer data)
{
  ShCalibrationWindow *self = data;

  self->commit_source = 0;
  /* A drag paused in mid-air is still one drag: wait for the release. */
  if (self->pointer_down)
    return G_SOURCE_REMOVE;
  sh_calibration_window_commit (self);
  return G_SOURCE_REMOVE;
}

static gboolean
project_alive (ShCalibrationWindow *self)
{
  return self->project_window != NULL && sh_project_window_get_project (self->project_window) == self->project
         && g_strcmp0 (sh_project_window_get_path (self->project_window), self->path) == 0;
}

gboolean
sh_calibration_window_commit (ShCalibrationWindow *self)
{
  g_autoptr (GError) error = NULL;
  gint64 product_id;
  Product *product;

  g_return_val_if_fail (SH_IS_CALIBRATION_WINDOW (self), FALSE);

  g_clear_handle_id (&self->commit_source, g_source_remove);
  if (!sh_material_history_in_group (self->history))
    return TRUE;
  /* The labeling window closed the project (or opened another): nothing can be written any more. */
  if (!project_alive (self))
    {
      sh_material_history_cancel_group (self->history);
      return FALSE;
    }
  /* The import writes on the same connection from its thread: the change waits in memory until it ends. */
  if (self->project_window != NULL && sh_project_window_is_importing (self->project_window))
    {
      self->commit_source = g_timeout_add (500, commit_timeout_cb, self);
      return FALSE;
    }
  product_id = sh_material_history_get_group_product (self->history);
  product = find_product (self, product_id);
  if (product == self->selected && product != NULL)
    pin_starting_point (self);
  if (!sh_material_history_end_group (self->history, &error))
    {
      _sh_calibration_window_save_failed (self, error);
      /* Back to what is stored. */
      if (product != NULL)
        sh_calibration_window_reload_product (self, product);
      _sh_calibration_window_update_actions (self);
      return FALSE;
    }
  _sh_calibration_window_update_actions (self);
  return TRUE;
}

/* A change of one parameter from its control: previewed now, staged in the open group, committed when
 * still. */
static void
stage (ShCalibrationWindow *self, const char *parameter, const char *value, const char *label, gboolean at_once)
{
  g_autoptr (GError) error = NULL;

  if (self->selected == NULL)
    return;
  if (sh_material_history_in_group (self->history)
      && sh_material_history_get_group_product (self->history) != self->selected->id)
    sh_calibration_window_commit (self);
  if (!sh_material_history_in_group (self->history))
    sh_material_history_begin_group (self->history, self->selected->id, label);
  if (!sh_material_history_set (self->history, self->selected->id, parameter, value, note_text (self), &error))
    {
      /* The whole group goes, and the controls return to what is stored. */
      sh_material_history_cancel_group (self->history);
      _sh_calibration_window_save_failed (self, error);
      sh_calibration_window_reload_product (self, self->selected);
      _sh_calibration_window_update_actions (self);
      return;
    }
  g_clear_handle_id (&self->commit_source, g_source_remove);
  if (at_once)
    sh_calibration_window_commit (self);
  else
    self->commit_source = g_timeout_add (COMMIT_DELAY_MS, commit_timeout_cb, self);
  _sh_calibration_window_update_actions (self);
}

static void
slider_value_changed_cb (GtkAdjustment *adjustment, ShCalibrationWindow *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (adjustment), "slider"));
  const Slider *slider = &sliders[index];
  double value = gtk_adjustment_get_value (adjustment);
  g_autofree char *text = NULL;

  if (self->updating || self->selected == NULL)
    return;
  G_STRUCT_MEMBER (double, &self->material, slider->offset) = value;
  sh_tone_grid_set_material (self->tone_grid, &self->material);
  sh_tryon_row_set_material (self->tryon_row, &self->material);
  if (!slider->stored)
    return;
  text = number_value (value);
  stage (self, slider->name, text, gtk_label_get_text (self->slider_labels[index]), FALSE);
}

/* Pointer presses on a slider or spin button: a drag is committed when the button goes up. */
static gboolean
slider_pointer_event_cb (GtkEventControllerLegacy *controller, GdkEvent *event, ShCalibrationWindow *self)
{
  GdkEventType type = gdk_event_get_event_type (event);

  if (type == GDK_BUTTON_PRESS)
    self->pointer_down = TRUE;
  else if (type == GDK_BUTTON_RELEASE && self->pointer_down)
    {
      self->pointer_down = FALSE;
      if (sh_material_history_in_group (self->history))
        {
          g_clear_handle_id (&self->commit_source, g_source_remove);
          /* After the control has taken the release (its last value). */
          self->commit_source = g_timeout_add (1, commit_timeout_cb, self);
        }
    }
  return FALSE;
}

static void
watch_pointer (ShCalibrationWindow *self, GtkWidget *widget)
{
  GtkEventController *legacy = gtk_event_controller_legacy_new ();

  gtk_event_controller_set_propagation_phase (legacy, GTK_PHASE_CAPTURE);
  g_signal_connect_object (legacy, "event", G_CALLBACK (slider_pointer_event_cb), self, 0);
  gtk_widget_add_controller (widget, legacy);
}

static void
connect_sliders (ShCalibrationWindow *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (sliders); i++)
    {
      /* The template's order is the table's. */
      g_assert (g_str_equal (gtk_widget_get_name (self->spin_buttons[i]), sliders[i].name));
      g_object_set_data (G_OBJECT (self->adjustments[i]), "slider", GUINT_TO_POINTER (i));
      g_signal_connect_object (self->adjustments[i], "value-changed", G_CALLBACK (slider_value_changed_cb), self, 0);
      watch_pointer (self, self->scales[i]);
      watch_pointer (self, self->spin_buttons[i]);
    }
}

static void
color_set_cb (GtkColorButton *button, ShCalibrationWindow *self)
{
  GdkRGBA rgba;
  double linear[3];
  g_autofree char *value = NULL;
  const char *parameter, *label;

  if (self->updating || self->selected == NULL)
    return;
  gtk_color_chooser_get_rgba (GTK_COLOR_CHOOSER (button), &rgba);
  rgba_to_linear (&rgba, linear);
  if (button == self->base_color_button)
    {
      memcpy (self->material.base_color, linear, sizeof linear);
      parameter = "base_color";
      label = _("Base Colour");
      value = hex_value (linear);
    }
  else if (button == self->specular_color_button)
    {
      memcpy (self->material.specular_color, linear, sizeof linear);
      parameter = "specular_color";
      label = _("Specular Colour");
      value = triple_value (linear);
    }
  else if (button == self->sheen_color_button)
    {
      memcpy (self->material.sheen_color, linear, sizeof linear);
      parameter = "sheen_color";
      label = _("Sheen Colour");
      value = triple_value (linear);
    }
  else
    {
      if (!self->material.has_glitter_color)
        return;
      memcpy (self->material.glitter_color, linear, sizeof linear);
      parameter = "glitter_color";
      label = _("Glitter Colour");
      value = hex_value (linear);
    }
  sh_tone_grid_set_material (self->tone_grid, &self->material);
  sh_tryon_row_set_material (self->tryon_row, &self->material);
  sh_calibration_window_update_tuned (self);
  stage (self, parameter, value, label, TRUE);
}

static void
glitter_color_toggled_cb (GtkCheckButton *check, ShCalibrationWindow *self)
{
  gboolean active = gtk_check_button_get_active (check);
  g_autofree char *value = NULL;

  gtk_widget_set_sensitive (GTK_WIDGET (self->glitter_color_button), active);
  if (self->updating || self->selected == NULL)
    return;
  self->material.has_glitter_color = active;
  if (active)
    {
      GdkRGBA rgba;
      gtk_color_chooser_get_rgba (GTK_COLOR_CHOOSER (self->glitter_color_button), &rgba);
      rgba_to_linear (&rgba, self->material.glitter_color);
      value = hex_value (self->material.glitter_color);
    }
  sh_tone_grid_set_material (self->tone_grid, &self->material);
  sh_tryon_row_set_material (self->tryon_row, &self->material);
  stage (self, "glitter_color", value, _("Glitter Colour"), TRUE);
}

static void
finish_selected_cb (GtkDropDown *dropdown, GParamSpec *pspec, ShCalibrationWindow *self)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (self->updating || self->selected == NULL || selected >= SH_MATERIAL_N_FINISHES)
    return;
  sh_calibration_window_apply_preset (self, sh_material_finish_name ((ShMaterialFinish) selected));
}

gboolean
sh_calibration_window_apply_preset (ShCalibrationWindow *self, const char *finish_name)
{
  g_autoptr (GError) error = NULL;
  ShMaterialFinish finish;
  ShMaterial m;
  g_autofree char *label = NULL;
  struct {
    const char *name;
    char *value;
  } values[13];
  guint n = 0;
  gboolean ok = TRUE;

  g_return_val_if_fail (SH_IS_CALIBRATION_WINDOW (self), FALSE);

  if (self->selected == NULL || !sh_material_finish_from_name (finish_name, &finish))
    return FALSE;
  if (!sh_calibration_window_commit (self))
    return FALSE;
  m = self->material;
  sh_material_set_finish (&m, finish);
  values[n].name = "finish", values[n++].value = g_strdup (finish_name);
  values[n].name = "roughness", values[n++].value = number_value (m.roughness);
  values[n].name = "metallic", values[n++].value = number_value (m.metallic);
  values[n].name = "clearcoat", values[n++].value = number_value (m.clearcoat);
  values[n].name = "clearcoat_roughness", values[n++].value = number_value (m.clearcoat_roughness);
  values[n].name = "specular", values[n++].value = number_value (m.specular);
  values[n].name = "specular_color", values[n++].value = triple_value (m.specular_color);
  values[n].name = "sheen_color", values[n++].value = triple_value (m.sheen_color);
  values[n].name = "sheen_roughness", values[n++].value = number_value (m.sheen_roughness);
  values[n].name = "ior", values[n++].value = number_value (m.ior);
  values[n].name = "glitter_density", values[n++].value = number_value (m.glitter_density);
  values[n].name = "glitter_size", values[n++].value = number_value (m.glitter_size);
  values[n].name = "glitter_color", values[n++].value = m.has_glitter_color ? hex_value (m.glitter_color) : NULL;

  /* Translators: the undo label of applying a finish preset, e.g. "Satin Preset". */
  label = g_strdup_printf (_("%s Preset"), _(sh_material_finish_label (finish)));
  sh_material_history_begin_group (self->history, self->selected->id, label);
  for (guint i = 0; i < n; i++)
    {
      if (ok && !sh_material_history_set (self->history, self->selected->id, values[i].name, values[i].value,
                                          note_text (self), &error))
        ok = FALSE;
      g_free (values[i].value);
    }
  if (!ok)
    {
      sh_material_history_cancel_group (self->history);
      _sh_calibration_window_save_failed (self, error);
      /* The finish dropdown back to the stored finish. */
      sh_calibration_window_show_material (self);
      return FALSE;
    }
  self->material = m;
  return sh_calibration_window_commit (self);
}

gboolean
sh_calibration_window_set_parameter (ShCalibrationWindow *self, const char *parameter, double value)
{
  g_return_val_if_fail (SH_IS_CALIBRATION_WINDOW (self), FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (sliders); i++)
    if (g_strcmp0 (sliders[i].name, parameter) == 0)
      {
        if (self->selected == NULL || value < gtk_adjustment_get_lower (self->adjustments[i])
            || value > gtk_adjustment_get_upper (self->adjustments[i]))
          return FALSE;
        gtk_adjustment_set_value (self->adjustments[i], value);
        return TRUE;
      }
  return FALSE;
}

void
sh_calibration_window_set_note (ShCalibrationWindow *self, const char *note)
{
  g_return_if_fail (SH_IS_CALIBRATION_WINDOW (self));
  gtk_editable_set_text (GTK_EDITABLE (self->note_entry), note != NULL ? note : "");
}

/* ---- the four-way comparison ---- */

/* The tuned colour in the comparison, and named in words under the base colour button, as the swatch panel
 * and the product list name theirs. */
static void
sh_calibration_window_update_tuned (ShCalibrationWindow *self)
{
  g_autofree char *names = NULL;

  sh_calibration_comparison_set_tuned (self->comparison_row, self->selected != NULL ? self->material.base_color : NULL);
  if (self->selected != NULL)
    {
      double lab[3];

      sh_linear_srgb_to_lab (self->material.base_color, lab);
      names = sh_color_names_describe (lab);
    }
  gtk_label_set_text (self->base_color_names_label, names != NULL ? names : "");
  gtk_widget_set_visible (GTK_WIDGET (self->base_color_names_label), names != NULL);
}

/* The product's photo that its colour comes from: the most confident product box a person drew or
 * accepted, on a photo that was not rejected (the rule the export follows). */
static gboolean
find_product_photo (ShCalibrationWindow *self, gint64 product_id, char **path, ShBox *box)
{
  gboolean found = FALSE;
  double at[4];

  if (!sh_project_find_product_photo (self->reader, product_id, path, at, &found, NULL))
    return FALSE;
  if (found)
    *box = (ShBox) { (int) floor (at[0]), (int) floor (at[1]), (int) ceil (at[2]), (int) ceil (at[3]) };
  return found;
}

/* The comparison's plain average and robust colour, rendered on a face in the Try-on row. */
static void
comparison_measured_cb (ShCalibrationWindow *self)
{
  double mean[3], robust[3];
  gboolean has_mean = sh_calibration_comparison_get_lab (self->comparison_row, "mean", mean);
  gboolean has_robust = sh_calibration_comparison_get_lab (self->comparison_row, "robust", robust);

  sh_tryon_row_set_method_colors (self->tryon_row, has_mean ? mean : NULL, has_robust ? robust : NULL);
}

static void
sh_calibration_window_start_comparison (ShCalibrationWindow *self)
{
  g_autofree char *path = NULL;
  g_autoptr (GPtrArray) references = NULL;
  ShBox box;
  gboolean has_photo, has_reference = FALSE;

  sh_calibration_comparison_clear (self->comparison_row);
  if (self->selected == NULL)
    return;
  sh_calibration_window_update_tuned (self);

  /* A reference photo of someone wearing the product, when there is one (a v1 project has none). */
  references = sh_project_list_reference_photos (self->reader, self->selected->id, NULL);
  has_photo = find_product_photo (self, self->selected->id, &path, &box);
  if (references != NULL && references->len > 0)
    {
      ShReferencePhotoRow *reference = g_ptr_array_index (references, 0);
      g_autofree char *reference_path = sh_project_resolve_path (self->reader, reference->path);
      ShBox lip = { (int) floor (reference->lip_x), (int) floor (reference->lip_y), (int) ceil (reference->lip_w),
                    (int) ceil (reference->lip_h) };

      has_reference = TRUE;
      sh_calibration_comparison_measure (self->comparison_row, reference_path, lip, TRUE);
    }
  if (has_photo)
    sh_calibration_comparison_measure (self->comparison_row, path, box, FALSE);
  else if (!has_reference)
    sh_calibration_comparison_set_no_photo (self->comparison_row);
}

/* ---- selection ---- */

static void
sh_calibration_window_update_product_header (ShCalibrationWindow *self)
{
  g_autofree char *title = NULL;
  const char *source = NULL;

  if (self->selected == NULL)
    {
      gtk_label_set_text (self->product_title, _("No product"));
      gtk_label_set_text (self->product_source, _("Products appear here once they have a colour."));
      return;
    }
  title = g_strdup_printf ("%s — %s %s", self->selected->sku, self->selected->brand != NULL ? self->selected->brand : "",
                           self->selected->shade != NULL ? self->selected->shade : "");
  gtk_label_set_text (self->product_title, title);
  if (g_strcmp0 (self->selected->color_source, "material") == 0)
    source = _("Base colour calibrated by an artist.");
  else if (g_strcmp0 (self->selected->color_source, "swatch") == 0)
    source = _("Base colour from the robust extraction of its photo until it is calibrated.");
  else
    source = _("Base colour from the catalogue until it is calibrated.");
  gtk_label_set_text (self->product_source, source);
}

static void
sh_calibration_window_select (ShCalibrationWindow *self, Product *product)
{
  if (product == self->selected)
    return;
  sh_calibration_window_commit (self);
  self->selected = product;
  if (product != NULL)
    {
      double coverage = self->material.coverage;
      self->material = product->material;
      self->material.coverage = coverage;
      if (gtk_list_box_get_selected_row (self->product_list) != GTK_LIST_BOX_ROW (product->row))
        gtk_list_box_select_row (self->product_list, GTK_LIST_BOX_ROW (product->row));
    }
  sh_calibration_window_update_product_header (self);
  /* The faces first, so that the material shown next renders on them. */
  sh_tryon_row_set_product (self->tryon_row, product != NULL ? product->id : 0);
  sh_calibration_window_show_material (self);
  sh_calibration_window_start_comparison (self);
  _sh_calibration_window_update_audit_log (self);
}

void
_sh_calibration_window_select_id (ShCalibrationWindow *self, gint64 product_id)
{
  sh_calibration_window_select (self, find_product (self, product_id));
}

static void
product_row_selected_cb (GtkListBox *list, GtkListBoxRow *row, ShCalibrationWindow *self)
{
  if (row != NULL)
    sh_calibration_window_select (self, g_object_get_data (G_OBJECT (row), "product"));
}

gboolean
sh_calibration_window_select_product (ShCalibrationWindow *self, const char *sku)
{
  Product *product;

  g_return_val_if_fail (SH_IS_CALIBRATION_WINDOW (self), FALSE);

  product = find_product_by_sku (self, sku);
  if (product == NULL)
    return FALSE;
  sh_calibration_window_select (self, product);
  return TRUE;
}

/* ---- history ---- */

static void
history_changed_cb (ShMaterialHistory *history, gint64 product_id, ShCalibrationWindow *self)
{
  Product *product = find_product (self, product_id);

  _sh_calibration_window_hide_save_failure (self);
  if (product != NULL)
    {
      sh_calibration_window_reload_product (self, product);
      if (product == self->selected)
        {
          sh_calibration_window_update_product_header (self);
          _sh_calibration_window_update_audit_log (self);
        }
    }
  _sh_calibration_window_update_actions (self);
}

static void
audit_popover_show_cb (ShCalibrationWindow *self)
{
  _sh_calibration_window_update_audit_log (self);
}

/* ---- fitting the window ---- */

static gboolean
fit_tone_grid_cb (gpointer data)
{
  ShCalibrationWindow *self = data;

  self->fit_source = 0;
  sh_tone_grid_fit_width (self->tone_grid, gtk_widget_get_width (GTK_WIDGET (self->centre_scroller)));
  return G_SOURCE_REMOVE;
}

/* The tone grid takes as many columns as the centre has room for; after the layout, not during it. */
static void
centre_width_changed_cb (ShCalibrationWindow *self)
{
  if (self->fit_source == 0)
    self->fit_source = g_idle_add (fit_tone_grid_cb, self);
}

/* The window's default size, on a screen smaller than it: room left for the desktop's panels. */
static void
fit_default_size (ShCalibrationWindow *self, GtkWidget *beside)
{
  GdkSurface *surface = gtk_native_get_surface (gtk_widget_get_native (beside));
  GdkMonitor *monitor = NULL;
  GdkRectangle area;
  int width, height;

  if (surface != NULL)
    monitor = gdk_display_get_monitor_at_surface (gtk_widget_get_display (beside), surface);
  if (monitor == NULL)
    return;
  gdk_monitor_get_geometry (monitor, &area);
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  gtk_window_set_default_size (GTK_WINDOW (self), MIN (width, MAX (area.width - 48, 640)),
                               MIN (height, MAX (area.height - 96, 480)));
}

/* ---- the review page ---- */

/* The review reads the store again when it is shown: tuning may have changed what it lists. */
static void
view_changed_cb (ShCalibrationWindow *self)
{
  if (self->review_view != NULL && g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "review") == 0)
    {
      sh_calibration_window_commit (self);
      sh_review_view_reload (SH_REVIEW_VIEW (self->review_view));
    }
}

static void
review_save_failed_cb (ShCalibrationWindow *self, const GError *error)
{
  _sh_calibration_window_save_failed (self, error);
}

static void
sh_calibration_window_setup_review (ShCalibrationWindow *self)
{
  self->review_view = sh_review_view_new (self->project, self->transform);
  adw_bin_set_child (self->review_bin, self->review_view);
  /* A decision the store refuses gets the same banner as a material change. */
  g_signal_connect_object (self->review_view, "save-failed", G_CALLBACK (review_save_failed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->review_view, "decided", G_CALLBACK (_sh_calibration_window_hide_save_failure),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view_stack, "notify::visible-child", G_CALLBACK (view_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

/* ---- geometry for end-to-end tests (SHADELAB_DEBUG_GEOMETRY=1) ---- */

static gboolean
print_geometry_cb (GtkWidget *widget, GdkFrameClock *frame_clock, gpointer user_data)
{
  ShCalibrationWindow *self = SH_CALIBRATION_WINDOW (user_data);
  GtkNative *native = gtk_widget_get_native (widget);
  double surface_x = 0, surface_y = 0;
  graphene_point_t centre, point;
  g_autofree char *line = NULL;
  GString *text;

  if (native == NULL || !gtk_widget_get_mapped (widget))
    return G_SOURCE_CONTINUE;
  gtk_native_get_surface_transform (native, &surface_x, &surface_y);
  text = g_string_new ("SHADELAB_CALIBRATION_GEOMETRY");
  for (guint i = 0; i < G_N_ELEMENTS (sliders); i++)
    {
      /* A point in the spin button's text, which starts at its left edge; the - and + buttons sit at its
       * right end and their widths depend on the theme. */
      GtkWidget *spin = self->spin_buttons[i];
      graphene_point_init (&centre, MIN (12.0f, gtk_widget_get_width (spin) / 4.0f), gtk_widget_get_height (spin) / 2.0f);
      /* Not laid out yet. */
      if (!gtk_widget_get_mapped (spin) || gtk_widget_get_width (spin) <= 1
          || !gtk_widget_compute_point (spin, GTK_WIDGET (native), &centre, &point))
        {
          g_string_free (text, TRUE);
          return G_SOURCE_CONTINUE;
        }
      g_string_append_printf (text, " %s=%.0f,%.0f", sliders[i].name, point.x + surface_x, point.y + surface_y);
    }
  line = g_string_free (text, FALSE);
  if (g_strcmp0 (line, self->last_geometry) != 0)
    {
      g_printerr ("%s\n", line);
      g_free (self->last_geometry);
      self->last_geometry = g_steal_pointer (&line);
    }
  return G_SOURCE_CONTINUE;
}

/* ---- GObject ---- */

static void
sh_calibration_window_close_request_commit (ShCalibrationWindow *self)
{
  if (self->history != NULL)
    sh_calibration_window_commit (self);
}

/* The labeling window no longer finds this one once it is going (a test may keep it alive longer). */
static void
sh_calibration_window_forget_project_window (ShCalibrationWindow *self)
{
  if (self->project_window != NULL
      && g_object_get_data (G_OBJECT (self->project_window), "sh-calibration-window") == self)
    g_object_set_data (G_OBJECT (self->project_window), "sh-calibration-window", NULL);
}

static gboolean
sh_calibration_window_close_request (GtkWindow *window)
{
  gtk_popover_popdown (SH_CALIBRATION_WINDOW (window)->audit_popover);
  sh_calibration_window_close_request_commit (SH_CALIBRATION_WINDOW (window));
  sh_calibration_window_forget_project_window (SH_CALIBRATION_WINDOW (window));
  return GTK_WINDOW_CLASS (sh_calibration_window_parent_class)->close_request (window);
}

static void
sh_calibration_window_dispose (GObject *object)
{
  ShCalibrationWindow *self = SH_CALIBRATION_WINDOW (object);

  sh_calibration_window_close_request_commit (self);
  if (self->audit_popover != NULL)
    gtk_popover_popdown (self->audit_popover);
  g_clear_handle_id (&self->commit_source, g_source_remove);
  g_clear_handle_id (&self->fit_source, g_source_remove);
  if (self->project_window != NULL)
    {
      sh_calibration_window_forget_project_window (self);
      g_object_remove_weak_pointer (G_OBJECT (self->project_window), (gpointer *) &self->project_window);
      self->project_window = NULL;
    }
  g_clear_object (&self->history);
  g_clear_pointer (&self->reader, sh_project_close);
  gtk_widget_dispose_template (GTK_WIDGET (self), SH_TYPE_CALIBRATION_WINDOW);
  G_OBJECT_CLASS (sh_calibration_window_parent_class)->dispose (object);
}

static void
sh_calibration_window_finalize (GObject *object)
{
  ShCalibrationWindow *self = SH_CALIBRATION_WINDOW (object);

  g_clear_pointer (&self->products, g_ptr_array_unref);
  g_clear_pointer (&self->transform, sh_display_transform_unref);
  g_clear_pointer (&self->monitor, sh_display_profile_unref);
  g_free (self->last_geometry);
  g_free (self->path);
  G_OBJECT_CLASS (sh_calibration_window_parent_class)->finalize (object);
}

/* A slider's adjustment, label, scale and spin button in the template: ids NAME_adjustment, ... */
#define BIND_SLIDER(i, name)                                                                                    \
  G_STMT_START {                                                                                                \
    gtk_widget_class_bind_template_child_full (widget_class, name "_adjustment", FALSE,                        \
                                               G_STRUCT_OFFSET (ShCalibrationWindow, adjustments[i]));          \
    gtk_widget_class_bind_template_child_full (widget_class, name "_label", FALSE,                             \
                                               G_STRUCT_OFFSET (ShCalibrationWindow, slider_labels[i]));        \
    gtk_widget_class_bind_template_child_full (widget_class, name "_scale", FALSE,                             \
                                               G_STRUCT_OFFSET (ShCalibrationWindow, scales[i]));               \
    gtk_widget_class_bind_template_child_full (widget_class, name "_spin", FALSE,                              \
                                               G_STRUCT_OFFSET (ShCalibrationWindow, spin_buttons[i]));         \
  } G_STMT_END

static void
sh_calibration_window_class_init (ShCalibrationWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = sh_calibration_window_dispose;
  object_class->finalize = sh_calibration_window_finalize;
  window_class->close_request = sh_calibration_window_close_request;

  g_type_ensure (SH_TYPE_TONE_GRID);
  g_type_ensure (SH_TYPE_CALIBRATION_COMPARISON);
  g_type_ensure (SH_TYPE_TRYON_ROW);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/shadelab/Shadelab/ui/sh-calibration-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ShCalibrationWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, ShCalibrationWindow, undo_button);
  gtk_widget_class_bind_template_child (widget_class, ShCalibrationWindow, redo_button);
  gtk_widget_class_bind_template_child (widget_class, ShCalibrationWindow, audit_button);
  gtk_widget_class_bind_template_child (widget_class, ShCalibrationWindow, audit_popover);
  gtk_widget_class_bind_template_child (widget_class, ShCalibrationWindow, audit_title);
  gtk_widget_class_bind_template_child (widget_class, ShCalibrationWindow, audit_list);
  gtk_widget_class_bind_template_child (widget_class, ShCalibrationWindow, save_failed_revealer);
  gtk_widget_class_bind_template_child (widget_class, ShCalibrationWindow, save_failed_label);
  gtk_widget_class_bind_template_child (widget_class, ShCalibrationWindow, labeling_window_button);
  gtk_widget_class_bind_template_child (widget_class, ShCalibrationWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, ShCalibrationWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, ShCalibrationWindow, product_list);
  gtk_widget_class_bind_template_child (widget_class, ShCalibrationWindow, centre_scroller);
  gtk_widget_class_bind_template_child (widget_class, ShCalibrationWindow, tone_grid);
  gtk_widget_class_bind_template_child (widget_class, ShCalibrationWindow, comparison_row);
  gtk_widget_class_bind_template_child (widget_class, ShCalibrationWindow, tryon_row);
  gtk_widget_class_bind_template_child (widget_class, ShCalibrationWindow, product_title);
  gtk_widget_class_bind_template_child (widget_class, ShCalibrationWindow, product_source);
  gtk_widget_class_bind_template_child (widget_class, ShCalibrationWindow, finish_dropdown);
  gtk_widget_class_bind_template_child (widget_class, ShCalibrationWindow, base_color_button);
  gtk_widget_class_bind_template_child (widget_class, ShCalibrationWindow, base_color_names_label);
  gtk_widget_class_bind_template_child (widget_class, ShCalibrationWindow, parameter_box);
  BIND_SLIDER (0, "roughness");
  BIND_SLIDER (1, "metallic");
  BIND_SLIDER (2, "specular");
  BIND_SLIDER (3, "ior");
  BIND_SLIDER (4, "clearcoat");
  BIND_SLIDER (5, "clearcoat_roughness");
  BIND_SLIDER (6, "sheen_roughness");
  BIND_SLIDER (7, "glitter_density");
  BIND_SLIDER (8, "glitter_size");
  BIND_SLIDER (9, "coverage");
  gtk_widget_class_bind_template_child (widget_class, ShCalibrationWindow, specular_color_button);
  gtk_widget_class_bind_template_child (widget_class, ShCalibrationWindow, sheen_color_button);
  gtk_widget_class_bind_template_child (widget_class, ShCalibrationWindow, glitter_color_check);
  gtk_widget_class_bind_template_child (widget_class, ShCalibrationWindow, glitter_color_button);
  gtk_widget_class_bind_template_child (widget_class, ShCalibrationWindow, note_box);
  gtk_widget_class_bind_template_child (widget_class, ShCalibrationWindow, note_entry);
  gtk_widget_class_bind_template_child (widget_class, ShCalibrationWindow, review_bin);

  _sh_calibration_window_class_actions_init (widget_class);
}

static void
sh_calibration_window_init (ShCalibrationWindow *self)
{
  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->products = g_ptr_array_new_with_free_func (product_free);
  sh_material_init (&self->material);
  for (guint i = 0; i < SH_MATERIAL_N_FINISHES; i++)
    gtk_string_list_append (names, _(sh_material_finish_label ((ShMaterialFinish) i)));
  gtk_drop_down_set_model (self->finish_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->finish_dropdown, GTK_INVALID_LIST_POSITION);
  connect_sliders (self);

  g_signal_connect_object (self->product_list, "row-selected", G_CALLBACK (product_row_selected_cb), self, 0);
  g_signal_connect_object (self->finish_dropdown, "notify::selected", G_CALLBACK (finish_selected_cb), self, 0);
  g_signal_connect_object (self->base_color_button, "color-set", G_CALLBACK (color_set_cb), self, 0);
  g_signal_connect_object (self->specular_color_button, "color-set", G_CALLBACK (color_set_cb), self, 0);
  g_signal_connect_object (self->sheen_color_button, "color-set", G_CALLBACK (color_set_cb), self, 0);
  g_signal_connect_object (self->glitter_color_button, "color-set", G_CALLBACK (color_set_cb), self, 0);
  g_signal_connect_object (self->glitter_color_check, "toggled", G_CALLBACK (glitter_color_toggled_cb), self, 0);
  g_signal_connect_object (self->audit_popover, "show", G_CALLBACK (audit_popover_show_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_scrolled_window_get_hadjustment (self->centre_scroller), "notify::page-size",
                           G_CALLBACK (centre_width_changed_cb), self, G_CONNECT_SWAPPED);

  if (g_strcmp0 (g_getenv ("SHADELAB_DEBUG_GEOMETRY"), "1") == 0)
    gtk_widget_add_tick_callback (GTK_WIDGET (self), print_geometry_cb, self, NULL);
}

/* ---- construction ---- */

static gboolean
project_window_close_request_cb (ShCalibrationWindow *self)
{
  sh_calibration_window_commit (self);
  return FALSE;
}

static void
project_window_gone_cb (ShCalibrationWindow *self)
{
  sh_calibration_window_forget_project_window (self);
  gtk_window_destroy (GTK_WINDOW (self));
}

static ShCalibrationWindow *
sh_calibration_window_new (ShProjectWindow *project_window)
{
  g_autoptr (GError) error = NULL;
  ShCalibrationWindow *self;
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (project_window));
  g_autofree char *title = NULL;
  const char *name;

  self = g_object_new (SH_TYPE_CALIBRATION_WINDOW, "application", application, NULL);
  fit_default_size (self, GTK_WIDGET (project_window));
  self->project_window = project_window;
  g_object_add_weak_pointer (G_OBJECT (project_window), (gpointer *) &self->project_window);
  self->project = sh_project_window_get_project (project_window);
  self->path = g_strdup (sh_project_window_get_path (project_window));
  self->reader = sh_project_open (self->path, SH_PROJECT_OPEN_READ_ONLY, &error);
  if (self->reader == NULL)
    {
      g_warning ("calibration: %s", error->message);
      gtk_window_destroy (GTK_WINDOW (self));
      return NULL;
    }
  self->history = sh_material_history_new (self->project, sh_project_window_get_labeler (project_window));
  g_signal_connect_object (self->history, "changed", G_CALLBACK (history_changed_cb), self, 0);

  self->monitor = sh_monitor_profile_load_for_widget (GTK_WIDGET (project_window), NULL, NULL, NULL);
  if (self->monitor == NULL)
    self->monitor = sh_display_profile_new_srgb ();
  self->transform = sh_display_transform_new_for_icc (self->monitor, NULL, 0, NULL, 0);
  sh_tone_grid_set_display_transform (self->tone_grid, self->transform);
  /* Five to a row beside the product list and the controls on a 1600-pixel-wide screen. */
  sh_tone_grid_set_tile_size (self->tone_grid, 160, 120);
  /* The project's own reference tones (shadelab-cli tone add) join the ten Monk tones. */
  {
    g_autoptr (GError) tones_error = NULL;
    g_autoptr (GArray) tones = sh_project_get_skin_tones (self->project, TRUE, &tones_error);
    if (tones != NULL)
      sh_tone_grid_set_tones (self->tone_grid, (const ShSkinTone *) tones->data, tones->len);
    else
      g_warning ("calibration: reading the project's skin tones: %s", tones_error->message);
  }
  sh_calibration_comparison_set_display (self->comparison_row, self->monitor, self->transform);
  sh_tryon_row_set_project (self->tryon_row, self->path, self->monitor);
  g_signal_connect_object (self->comparison_row, "measured", G_CALLBACK (comparison_measured_cb), self,
                           G_CONNECT_SWAPPED);
  sh_calibration_window_setup_review (self);

  name = sh_project_window_get_name (project_window);
  /* Translators: the calibration window's title: project name. */
  title = g_strdup_printf (_("Calibrate Materials – %s"), name != NULL ? name : "");
  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_view_switcher_title_set_title (self->switcher_title, _("Calibrate Materials"));
  adw_view_switcher_title_set_subtitle (self->switcher_title, name);

  sh_calibration_window_load_products (self);
  if (self->products->len > 0)
    sh_calibration_window_select (self, g_ptr_array_index (self->products, 0));
  else
    {
      sh_calibration_window_update_product_header (self);
      sh_calibration_window_show_material (self);
      sh_calibration_window_start_comparison (self);
    }
  _sh_calibration_window_update_actions (self);

  /* The project belongs to the labeling window: this window goes when it closes or opens another. */
  /* Pending changes are written while the project is still open. */
  g_signal_connect_object (project_window, "close-request", G_CALLBACK (project_window_close_request_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (project_window, "destroy", G_CALLBACK (project_window_gone_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (project_window, "notify::path", G_CALLBACK (project_window_gone_cb), self, G_CONNECT_SWAPPED);
  g_object_set_data (G_OBJECT (project_window), "sh-calibration-window", self);
  return self;
}

ShCalibrationWindow *
sh_calibration_window_find (ShProjectWindow *project_window)
{
  g_return_val_if_fail (SH_IS_PROJECT_WINDOW (project_window), NULL);
  return g_object_get_data (G_OBJECT (project_window), "sh-calibration-window");
}

ShCalibrationWindow *
sh_calibration_window_present_for (ShProjectWindow *project_window)
{
  ShCalibrationWindow *self;

  g_return_val_if_fail (SH_IS_PROJECT_WINDOW (project_window), NULL);

  if (sh_project_window_get_project (project_window) == NULL)
    return NULL;
  self = sh_calibration_window_find (project_window);
  if (self == NULL)
    self = sh_calibration_window_new (project_window);
  if (self != NULL)
    gtk_window_present (GTK_WINDOW (self));
  return self;
}

/* ---- getters ---- */

const char *
sh_calibration_window_get_selected_sku (ShCalibrationWindow *self)
{
  g_return_val_if_fail (SH_IS_CALIBRATION_WINDOW (self), NULL);
  return self->selected != NULL ? self->selected->sku : NULL;
}

gint64
sh_calibration_window_get_selected_product (ShCalibrationWindow *self)
{
  g_return_val_if_fail (SH_IS_CALIBRATION_WINDOW (self), 0);
  return self->selected != NULL ? self->selected->id : 0;
}

guint
sh_calibration_window_get_n_products (ShCalibrationWindow *self)
{
  g_return_val_if_fail (SH_IS_CALIBRATION_WINDOW (self), 0);
  return self->products->len;
}

const ShMaterial *
sh_calibration_window_get_material (ShCalibrationWindow *self)
{
  g_return_val_if_fail (SH_IS_CALIBRATION_WINDOW (self), NULL);
  return &self->material;
}

ShTryonRow *
sh_calibration_window_get_tryon_row (ShCalibrationWindow *self)
{
  g_return_val_if_fail (SH_IS_CALIBRATION_WINDOW (self), NULL);
  return self->tryon_row;
}

ShToneGrid *
sh_calibration_window_get_tone_grid (ShCalibrationWindow *self)
{
  g_return_val_if_fail (SH_IS_CALIBRATION_WINDOW (self), NULL);
  return self->tone_grid;
}

guint
sh_calibration_window_get_audit_row_count (ShCalibrationWindow *self)
{
  g_return_val_if_fail (SH_IS_CALIBRATION_WINDOW (self), 0);
  return self->audit_rows;
}

const char *
sh_calibration_window_get_save_failure (ShCalibrationWindow *self)
{
  g_return_val_if_fail (SH_IS_CALIBRATION_WINDOW (self), NULL);
  if (!gtk_revealer_get_reveal_child (self->save_failed_revealer))
    return NULL;
  return gtk_label_get_text (self->save_failed_label);
}

gboolean
sh_calibration_window_is_comparison_ready (ShCalibrationWindow *self)
{
  g_return_val_if_fail (SH_IS_CALIBRATION_WINDOW (self), FALSE);
  return sh_calibration_comparison_is_ready (self->comparison_row);
}

double
sh_calibration_window_get_delta_e (ShCalibrationWindow *self, const char *a, const char *b)
{
  g_return_val_if_fail (SH_IS_CALIBRATION_WINDOW (self), -1);
  return sh_calibration_comparison_get_delta_e (self->comparison_row, a, b);
}

/* ---- the photo's product (Ctrl+K) ---- */

/* Everything under the product's name and where its colour comes from. */
static void
set_controls_sensitive (ShCalibrationWindow *self, gboolean sensitive)
{
  for (GtkWidget *child = gtk_widget_get_next_sibling (GTK_WIDGET (self->product_source)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_widget_set_sensitive (child, sensitive);
  gtk_widget_set_sensitive (self->note_box, sensitive);
}

static void
reload_products (ShCalibrationWindow *self)
{
  GtkWidget *row;

  sh_calibration_window_select (self, NULL);
  while ((row = gtk_widget_get_first_child (GTK_WIDGET (self->product_list))) != NULL)
    gtk_list_box_remove (self->product_list, row);
  g_ptr_array_set_size (self->products, 0);
  sh_calibration_window_load_products (self);
}

gboolean
sh_calibration_window_show_product (ShCalibrationWindow *self, gint64 product_id)
{
  g_autoptr (ShProduct) row = NULL;
  g_autofree char *title = NULL;
  Product *product;

  g_return_val_if_fail (SH_IS_CALIBRATION_WINDOW (self), FALSE);

  product = product_id > 0 ? find_product (self, product_id) : NULL;
  if (product == NULL && product_id > 0)
    {
      /* Created, or given a colour, since the list was read. */
      reload_products (self);
      product = find_product (self, product_id);
    }
  if (product != NULL)
    {
      sh_calibration_window_select (self, product);
      return TRUE;
    }

  sh_calibration_window_select (self, NULL);
  gtk_list_box_unselect_all (self->product_list);
  if (product_id > 0)
    row = sh_project_get_product (self->reader, product_id, NULL);
  if (row != NULL)
    {
      /* Translators: the calibration window's header for a product without any colour: its SKU. */
      title = g_strdup_printf (_("%s has no colour yet"), row->sku);
      gtk_label_set_text (self->product_title, title);
      gtk_label_set_text (self->product_source,
                          _("Give it a catalogue colour in Products…, or draw a box around it on one of its photos: "
                            "the colour measured there is what is calibrated here."));
    }
  else
    {
      gtk_label_set_text (self->product_title, _("This photo has no product"));
      gtk_label_set_text (self->product_source,
                          _("Link the photo to a product with Set Product… (P) in the labeling window, or import "
                            "the brand’s catalogue with Import Catalogue… in its main menu. Products that have a "
                            "colour are listed on the left."));
    }
  return FALSE;
}
